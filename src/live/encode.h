/* encode.h - base64 (OpenSSL's libcrypto), for $encoding.base64() in templates */
#ifndef DACC_ENCODE_H
#define DACC_ENCODE_H

#include <stddef.h>

/* DATA[0..LEN) as standard base64 with padding: a malloc'd NUL-terminated
 * string (*OUTLEN its length, when OUTLEN is not NULL) that the caller frees,
 * or NULL when memory runs out or LEN is too large for libcrypto. */
char *encode_base64(const void *data, size_t len, size_t *outlen);

#endif
