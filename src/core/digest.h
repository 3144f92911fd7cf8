/* digest.h - SHA-256 as lowercase hex (digest.c; no library) */
#ifndef DACC_DIGEST_H
#define DACC_DIGEST_H

#include <stddef.h>

#define DIGEST_HEX_LEN 64

/* Write the SHA-256 of DATA as 64 hex digits and a NUL into OUT.  Returns 0,
 * or -1 when LEN is too large to hash (2^61 bytes or more; OUT is then the
 * empty string). */
int digest_sha256_hex(const void *data, size_t len, char out[DIGEST_HEX_LEN + 1]);

#endif
