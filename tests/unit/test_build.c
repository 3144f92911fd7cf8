/* dacc build's pieces: the secret rewrite, HCL quoting, atomic writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd/build.h"
#include "cmd/emit_tf.h"
#include "core/fsutil.h"
#include "core/termsafe.h"
#include "core/walk.h"

static void check_rewrite(const char *in, const char *want)
{
    size_t len = 0;
    int bad = -1;
    char *out = build_rewrite_secrets(in, strlen(in), &len, &bad);
    if (!want) {
        assert_null(out);
        assert_int_equal(bad, 1);
        return;
    }
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    free(out);
}

static void test_rewrite(void **state)
{
    (void)state;
    check_rewrite("", "");
    check_rewrite("no references", "no references");
    check_rewrite("client_secret={{ secrets.clientSecret }}", "client_secret=<< secrets.clientSecret >>");
    check_rewrite("{{secrets.x}}{{  secrets.y\t}}", "<< secrets.x >><< secrets.y >>");
    check_rewrite("a=<< secrets.keep >>&b=${credentials.keep}", "a=<< secrets.keep >>&b=${credentials.keep}");
    check_rewrite("id=$esc.url({{ secrets.clientId }})", "id=$esc.url(<< secrets.clientId >>)");
    check_rewrite("{{ flow.x }} and ${input.y} and $!{z} and #if($a)b#end",
                  "{{ flow.x }} and ${input.y} and $!{z} and #if($a)b#end");
    check_rewrite("{\"k\": \"{{ secrets.k }}\"}", "{\"k\": \"<< secrets.k >>\"}");
    check_rewrite("\\${ not } {{ broken", "\\${ not } {{ broken");
    /* nothing to rewrite it to */
    check_rewrite("{{ secrets.a.b }}", NULL);
    check_rewrite("{{ secrets.a | upper }}", NULL);
    check_rewrite("{{ secrets. }}", NULL);
    check_rewrite("<< secrets.b {{ secrets.a }} >>", NULL);
    check_rewrite("{{ flow.x {{secrets.a }}", NULL);
}

static void check_quote(const char *in, const char *want)
{
    char out[256];
    size_t n = emit_tf_quote(in, strlen(in), out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    assert_int_equal(emit_tf_quote(in, strlen(in), NULL, 0), n);
}

static void test_hcl_quote(void **state)
{
    (void)state;
    check_quote("plain", "\"plain\"");
    check_quote("${input.x}", "\"$${input.x}\"");
    check_quote("$${x}", "\"$$${x}\"");
    check_quote("50%{off} %%{ %", "\"50%%{off} %%%{ %\"");
    check_quote("$ alone {x}", "\"$ alone {x}\"");
    check_quote("q\"b\\n\nt\tr\r\x01", "\"q\\\"b\\\\n\\nt\\tr\\r\\u0001\"");
    check_quote("é", "\"é\"");
    /* a short buffer holds a NUL-terminated prefix */
    char small[4];
    assert_int_equal(emit_tf_quote("abcdef", 6, small, sizeof small), 8);
    assert_string_equal(small, "\"ab");
}

static void test_atomic_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/dacc-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char err[512];
    char *sub = fs_join(dir, "a/b");
    assert_int_equal(fs_mkdir_p(sub, err, sizeof err), 0);
    assert_int_equal(fs_mkdir_p(sub, err, sizeof err), 0); /* already there */
    assert_int_equal(fs_write_atomic(sub, "f.json", "{}\n", 3, err, sizeof err), 0);
    assert_int_equal(fs_write_atomic(sub, "f.json", "[1]\n", 4, err, sizeof err), 0);
    char *path = fs_join(sub, "f.json");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[16] = { 0 };
    assert_int_equal(fread(buf, 1, sizeof buf, f), 4);
    fclose(f);
    assert_string_equal(buf, "[1]\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);

    /* the target is a directory: the rename fails, the temporary file goes */
    char *blocked = fs_join(sub, "d.json");
    assert_int_equal(mkdir(blocked, 0755), 0);
    assert_int_equal(fs_write_atomic(sub, "d.json", "x", 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "d.json"));
    /* a file where a directory should be */
    char *under = fs_join(path, "out");
    assert_int_equal(fs_mkdir_p(under, err, sizeof err), -1);
    assert_int_equal(fs_write_atomic(under, "x.json", "x", 1, err, sizeof err), -1);

    char cmd[256];
    snprintf(cmd, sizeof cmd, "test -z \"$(find %s -name '.*.tmp-*')\"", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(under);
    free(blocked);
    free(path);
    free(sub);
}

/* --- paths-harden (issue 13) ------------------------------------------------ */

static void test_termsafe_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "flows/get-order.json", "flows/get-order.json" },
        { "a\nb", "a\\x0ab" },
        { "\033[31mred\033[0m", "\\x1b[31mred\\x1b[0m" },
        { "tab\there\r", "tab\\x09here\\x0d" },
        { "del\177", "del\\x7f" },
        { "c1 \xc2\x9b csi", "c1 \\u009b csi" },        /* U+009B, CSI */
        { "nbsp \xc2\xa0 ok", "nbsp \xc2\xa0 ok" },     /* U+00A0 is text */
        { "lone \x9b byte", "lone \\x9b byte" },        /* not UTF-8: 8-bit CSI */
        { "Numéro 日本語 🙂", "Numéro 日本語 🙂" },
        { "overlong \xc0\xaf", "overlong \\xc0\\xaf" },
        { "surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80" },
        { "cut \xe6\x97", "cut \\xe6\\x97" },
        { "::error file=a::x\n::error file=b::y", "::error file=a::x\\x0a::error file=b::y" },
        { "", "" },
    };
    char out[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(termsafe_escape(cases[i].in, out, sizeof out), cases[i].want);
    /* what does not fit is cut at a character and marked; it always ends */
    char small[12];
    assert_string_equal(termsafe_escape("abcdefghijklmnop", small, sizeof small), "abcdefgh...");
    assert_string_equal(termsafe_escape("abcdefghijk", small, sizeof small), "abcdefghijk");
    assert_string_equal(termsafe_escape("abcdefg\033", small, sizeof small), "abcdefg\\x1b");
    assert_string_equal(termsafe_escape("abcdef\033\033", small, sizeof small), "abcdef...");
    assert_string_equal(termsafe_escape("ab日本語日本語", small, sizeof small), "ab日本...");
    char tiny[3];
    assert_string_equal(termsafe_escape("abcdef", tiny, sizeof tiny), "ab");
    char one[1];
    assert_string_equal(termsafe_escape("abc", one, sizeof one), "");
}

static void test_walk_record(void **state)
{
    (void)state;
    struct walk_record rec;
    assert_int_equal(walk_record_init(&rec), 0);
    assert_int_equal(walk_record_read(&rec, "b.json", "{\"name\": \"b\"}", 13), 0);
    assert_int_equal(walk_record_read(&rec, "a.json", "{\"name\": \"a\"}", 13), 0);
    assert_int_equal(walk_record_read(&rec, "empty.yaml", "", 0), 0);
    assert_int_equal(walk_record_check(&rec, "a.json", "{\"name\": \"a\"}", 13), WALK_SAME);
    assert_int_equal(walk_record_check(&rec, "b.json", "{\"name\": \"b\"}", 13), WALK_SAME);
    assert_int_equal(walk_record_check(&rec, "empty.yaml", "", 0), WALK_SAME);
    /* one byte changed, one byte more, one fewer, the other file's bytes */
    assert_int_equal(walk_record_check(&rec, "a.json", "{\"name\": \"A\"}", 13), WALK_CHANGED);
    assert_int_equal(walk_record_check(&rec, "a.json", "{\"name\": \"a\"} ", 14), WALK_CHANGED);
    assert_int_equal(walk_record_check(&rec, "a.json", "{\"name\": \"a\"", 12), WALK_CHANGED);
    assert_int_equal(walk_record_check(&rec, "a.json", "{\"name\": \"b\"}", 13), WALK_CHANGED);
    assert_int_equal(walk_record_check(&rec, "empty.yaml", "x", 1), WALK_CHANGED);
    /* a file lint did not read is not built either */
    assert_int_equal(walk_record_check(&rec, "c.json", "{}", 2), WALK_UNREAD);
    walk_record_free(&rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrite),
        cmocka_unit_test(test_hcl_quote),
        cmocka_unit_test(test_atomic_write),
        cmocka_unit_test(test_termsafe_escape),
        cmocka_unit_test(test_walk_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
