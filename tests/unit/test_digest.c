/* SHA-256: known answers (FIPS 180-4 examples), and agreement with
 * libcrypto's for every length across the padding boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "core/digest.h"

static void test_known_answers(void **state)
{
    (void)state;
    char out[DIGEST_HEX_LEN + 1];
    assert_int_equal(digest_sha256_hex("", 0, out), 0);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(digest_sha256_hex("abc", 3, out), 0);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes */
    assert_int_equal(digest_sha256_hex(two, strlen(two), out), 0);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t mlen = 1000000;
    char *million = malloc(mlen);
    assert_non_null(million);
    memset(million, 'a', mlen);
    assert_int_equal(digest_sha256_hex(million, mlen, out), 0);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

static void test_agrees_with_libcrypto(void **state)
{
    (void)state;
    static const char hex[] = "0123456789abcdef";
    unsigned char buf[1100];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof buf; i++) { /* xorshift: every byte value turns up */
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (unsigned char)x;
    }
    for (size_t len = 0; len <= sizeof buf; len++) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;
        assert_true(EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL));
        assert_int_equal(mdlen, 32);
        char want[DIGEST_HEX_LEN + 1], got[DIGEST_HEX_LEN + 1];
        for (unsigned int i = 0; i < mdlen; i++) {
            want[2 * i] = hex[md[i] >> 4];
            want[2 * i + 1] = hex[md[i] & 15];
        }
        want[DIGEST_HEX_LEN] = '\0';
        assert_int_equal(digest_sha256_hex(buf, len, got), 0);
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_agrees_with_libcrypto),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
