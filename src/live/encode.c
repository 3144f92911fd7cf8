/* encode.c - base64 through libcrypto's EVP_EncodeBlock */
#include "live/encode.h"

#include <limits.h>
#include <stdlib.h>

#include <openssl/evp.h>

char *encode_base64(const void *data, size_t len, size_t *outlen)
{
    if (len > (size_t)INT_MAX / 4 * 3 - 3)
        return NULL;
    size_t cap = (len + 2) / 3 * 4 + 1;
    unsigned char *out = malloc(cap);
    if (!out)
        return NULL;
    int n = EVP_EncodeBlock(out, (const unsigned char *)data, (int)len);
    if (n < 0) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    if (outlen)
        *outlen = (size_t)n;
    return (char *)out;
}
