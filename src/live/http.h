/* http.h - one HTTPS request and what came back, for dacc live
 *
 * http.c is the only file of dacc that includes libcurl's header: its types
 * stay behind the opaque struct http, and a transfer's outcome comes
 * back as a plain struct resp.  Requests go to https:// URLs only, with TLS
 * 1.2 or newer, verified peers, no redirects followed, and bodies capped at
 * the payload limit.
 */
#ifndef DACC_HTTP_H
#define DACC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HEADER_KEPT 4096           /* bytes of a response header kept to be scrubbed, then quoted */
#define HTTP_ERROR_SIZE 256        /* the transport's own words (libcurl's CURL_ERROR_SIZE) */

struct request;                    /* live_int.h */

/* How a transfer ended.  HTTP_COMPLETE: a response came (of any status);
 * the rest are failures of the transport, each one dacc live explains. */
enum http_outcome {
    HTTP_COMPLETE,
    HTTP_TIMEOUT,                  /* no complete answer within the timeout */
    HTTP_TLS_HANDSHAKE,            /* the TLS handshake failed */
    HTTP_CERTIFICATE,              /* the server's certificate failed verification */
    HTTP_CACERT_FILE,              /* --cacert cannot be used */
    HTTP_TOO_LARGE,                /* Content-Length above the payload limit */
    HTTP_WRITE,                    /* the body was refused: past the limit (CAPPED) or out of memory */
    HTTP_DNS,                      /* the host cannot be resolved */
    HTTP_CONNECT,                  /* no connection */
    HTTP_NOT_HTTPS,                /* not an https:// URL */
    HTTP_OTHER,
};

/* What a transfer gave.  BODY is malloc'd (http_resp_free()); the rest is
 * held in place. */
struct resp {
    enum http_outcome outcome;
    const char *outcome_text;       /* the transport's general words for it; static */
    long status;                    /* 0: no HTTP response */
    char *body;                     /* NUL-terminated */
    size_t len, cap, limit;
    bool capped;                    /* the body ran past the limit */
    bool nomem;                     /* the body could not be kept: out of memory */
    long long content_length;       /* -1: not announced */
    long long retry_after;          /* seconds as sent (saturated); -1: none or unreadable */
    char www_auth[HEADER_KEPT];     /* each header's first HEADER_KEPT - 1 bytes; */
    char content_type[HEADER_KEPT]; /* _cut: it was longer */
    char location[HEADER_KEPT];
    bool www_auth_cut, content_type_cut, location_cut;
    char tls[16];                   /* the TLS version, such as "TLSv1.3"; "" when none */
    char err[HTTP_ERROR_SIZE];      /* the transport's own words, which may name the host; */
    bool err_cut;                   /* they filled the buffer */
    long t_dns, t_connect, t_tls, t_first, t_total;  /* ms from the start */
};

/* Set up and release the library: once per process, before any thread
 * starts and after every handle is freed.  http_global_init returns 0 or -1. */
int http_global_init(void);
void http_global_cleanup(void);

/* A handle for a run's requests: CACERT (or NULL) is the CA certificates
 * file, PAYLOAD_LIMIT the most response bytes taken.  CACERT is borrowed and
 * must outlive the handle.  NULL when the library cannot start. */
struct http *http_new(const char *cacert, long payload_limit);

/* Release H (accepts NULL). */
void http_free(struct http *h);

/* S[0..LEN) URL-encoded (RFC 3986 unreserved characters kept): a malloc'd
 * string, or NULL when memory ran out. */
char *http_url_escape(struct http *h, const char *s, size_t len);

/* Perform Q once within TIMEOUT_MS into RS (which the call fills).  BEARER
 * (or NULL) replaces any Authorization header of the request.  Returns -1
 * only when memory ran out; transport failures are in RS->outcome.  RS->body
 * is to be freed with http_resp_free() either way. */
int http_perform(struct http *h, const struct request *q, const char *bearer, long timeout_ms, struct resp *rs);

/* Free RS's body (RS itself is the caller's). */
void http_resp_free(struct resp *rs);

#endif
