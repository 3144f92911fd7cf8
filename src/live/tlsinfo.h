/* tlsinfo.h - what a TLS connection negotiated, from libcurl's OpenSSL handle */
#ifndef DACC_TLSINFO_H
#define DACC_TLSINFO_H

/* The protocol version of the OpenSSL connection SSL (an SSL * that libcurl's
 * CURLINFO_TLS_SSL_PTR gave), such as "TLSv1.3"; static storage.  NULL when
 * SSL is NULL. */
const char *tlsinfo_version(const void *ssl);

#endif
