/* tlsinfo.c - the negotiated TLS version, through libssl */
#include "live/tlsinfo.h"

#include <stddef.h>

#include <openssl/ssl.h>

const char *tlsinfo_version(const void *ssl)
{
    return ssl ? SSL_get_version((const SSL *)ssl) : NULL;
}
