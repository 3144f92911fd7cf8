/* http.c - one HTTPS request through libcurl: the only file of dacc that
 * includes <curl/curl.h> (http.h)
 *
 * A struct http owns one libcurl easy handle, reused (and reset) for every
 * request of a run.  What a transfer gives is copied into the caller's
 * struct resp, libcurl's codes turned into enum http_outcome.
 */
#include "live/http.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "cmd/cli.h"
#include "live/live_int.h"
#include "live/tlsinfo.h"

_Static_assert(HTTP_ERROR_SIZE >= CURL_ERROR_SIZE, "libcurl's error buffer must fit in struct resp");

struct http {
    CURL *curl;
    const char *cacert;             /* --cacert, borrowed; NULL: the system's CAs */
    long payload_limit;
};

/* What the header callback needs: the handle (for the TLS session) and the
 * response being filled. */
struct transfer {
    CURL *curl;
    struct resp *rs;
};

int http_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_global_cleanup(void)
{
    curl_global_cleanup();
}

struct http *http_new(const char *cacert, long payload_limit)
{
    struct http *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->curl = curl_easy_init();
    if (!h->curl) {
        free(h);
        return NULL;
    }
    h->cacert = cacert;
    h->payload_limit = payload_limit;
    return h;
}

void http_free(struct http *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    free(h);
}

/* libcurl's escaping, copied to memory that is freed with free(). */
char *http_url_escape(struct http *h, const char *s, size_t len)
{
    char *e = curl_easy_escape(h->curl, s, (int)len);
    if (!e)
        return NULL;
    char *copy = strdup(e);
    curl_free(e);
    return copy;
}

/* Decimal digits D[0..LEN) as a number, saturating at LLONG_MAX; -1 when
 * they are not all digits (or there are none). */
static long long saturating_digits(const char *d, size_t len)
{
    long long v = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (d[i] < '0' || d[i] > '9')
            return -1;
        int digit = d[i] - '0';
        v = v > (LLONG_MAX - digit) / 10 ? LLONG_MAX : v * 10 + digit;
    }
    return v;
}

/* A piece of the body, kept up to the payload limit. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    struct resp *rs = user;
    size_t n = size * nmemb;
    if (rs->len + n > rs->limit) {
        /* the payload limit, chunked responses included: a short count stops the transfer */
        rs->capped = true;
        return 0;
    }
    if (rs->len + n + 1 > rs->cap) {
        size_t cap = rs->cap ? rs->cap : 4096;
        while (cap < rs->len + n + 1)
            cap *= 2;
        char *more = realloc(rs->body, cap);
        if (!more) {
            rs->nomem = true;
            return 0;
        }
        rs->body = more;
        rs->cap = cap;
    }
    memcpy(rs->body + rs->len, data, n);
    rs->len += n;
    rs->body[rs->len] = '\0';
    return n;
}

/* Keep header VALUE[0..LEN), trimmed, in OUT; true when it had to be cut. */
static bool keep_header(const char *value, size_t len, char *out, size_t outlen)
{
    bool cut = false;
    while (len && (value[len - 1] == '\r' || value[len - 1] == '\n' || value[len - 1] == ' '))
        len--;
    while (len && (*value == ' ' || *value == '\t'))
        value++, len--;
    if (len >= outlen) {
        len = outlen - 1;
        cut = true;
    }
    memcpy(out, value, len);
    out[len] = '\0';
    return cut;
}

/* A header line of the response: the few kept, and the TLS version while
 * the session is in use. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
    const struct transfer *tr = user;
    struct resp *rs = tr->rs;
    size_t n = size * nmemb;
    if (!rs->tls[0]) {
        /* the TLS session is in use now; its version, while it is */
        struct curl_tlssessioninfo *info = NULL;
        if (curl_easy_getinfo(tr->curl, CURLINFO_TLS_SSL_PTR, &info) == CURLE_OK && info &&
            info->backend == CURLSSLBACKEND_OPENSSL && info->internals) {
            const char *v = tlsinfo_version(info->internals);
            if (v)
                snprintf(rs->tls, sizeof rs->tls, "%s", v);
        }
    }
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* a new response (after a 100 Continue, say): forget the last one's headers */
        rs->www_auth[0] = rs->content_type[0] = rs->location[0] = '\0';
        rs->www_auth_cut = rs->content_type_cut = rs->location_cut = false;
        rs->content_length = -1;
        rs->retry_after = -1;
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n;
    size_t name_len = (size_t)(colon - data), vlen = n - name_len - 1;
    if (name_len == 16 && strncasecmp(data, "www-authenticate", 16) == 0)
        rs->www_auth_cut = keep_header(colon + 1, vlen, rs->www_auth, sizeof rs->www_auth);
    else if (name_len == 12 && strncasecmp(data, "content-type", 12) == 0)
        rs->content_type_cut = keep_header(colon + 1, vlen, rs->content_type, sizeof rs->content_type);
    else if (name_len == 8 && strncasecmp(data, "location", 8) == 0)
        rs->location_cut = keep_header(colon + 1, vlen, rs->location, sizeof rs->location);
    else if (name_len == 11 && strncasecmp(data, "retry-after", 11) == 0) {
        /* read here, not with CURLINFO_RETRY_AFTER: seconds saturate rather than wrap,
         * and a value that is neither seconds nor a date is no Retry-After */
        char text[64];
        keep_header(colon + 1, vlen, text, sizeof text);
        long long secs = saturating_digits(text, strlen(text));
        if (secs < 0 && text[0]) {
            time_t when = curl_getdate(text, NULL), now = time(NULL);
            if (when != (time_t)-1)
                secs = when > now ? (long long)(when - now) : 0;
        }
        rs->retry_after = secs;
    } else if (name_len == 14 && strncasecmp(data, "content-length", 14) == 0) {
        /* kept here too: libcurl reports none when CURLOPT_MAXFILESIZE stops the transfer */
        char num[32];
        keep_header(colon + 1, vlen, num, sizeof num);
        char *end;
        errno = 0;
        long long v = strtoll(num, &end, 10);
        if (!errno && end != num && !*end && v >= 0)
            rs->content_length = v;
    }
    return n;
}

static long usec_to_ms(curl_off_t us)
{
    return (long)((us + 500) / 1000);
}

/* The outcome a libcurl code stands for. */
static enum http_outcome outcome_of(CURLcode rc)
{
    switch (rc) {
    case CURLE_OK: return HTTP_COMPLETE;
    case CURLE_OPERATION_TIMEDOUT: return HTTP_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR: return HTTP_TLS_HANDSHAKE;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR: return HTTP_CERTIFICATE;
    case CURLE_SSL_CACERT_BADFILE: return HTTP_CACERT_FILE;
    case CURLE_FILESIZE_EXCEEDED: return HTTP_TOO_LARGE;
    case CURLE_WRITE_ERROR: return HTTP_WRITE;
    case CURLE_COULDNT_RESOLVE_HOST: return HTTP_DNS;
    case CURLE_COULDNT_CONNECT: return HTTP_CONNECT;
    case CURLE_UNSUPPORTED_PROTOCOL: return HTTP_NOT_HTTPS;
    default: return HTTP_OTHER;
    }
}

/* Append a copy of LINE to *HDRS.  Returns 0, or -1 when memory ran out. */
static int add_line(struct curl_slist **hdrs, const char *line)
{
    struct curl_slist *more = curl_slist_append(*hdrs, line);
    if (!more)
        return -1;
    *hdrs = more;
    return 0;
}

/* Q's headers as libcurl sends them, into *OUT (the caller frees it with
 * curl_slist_free_all): BEARER (or NULL) replaces any Authorization header,
 * and "Expect:" keeps libcurl from waiting for a 100 Continue.  Returns 0, or
 * -1 when memory ran out (*OUT is then NULL). */
static int header_list(const struct request *q, const char *bearer, struct curl_slist **out)
{
    struct curl_slist *hdrs = NULL;
    int rc = 0;
    for (size_t i = 0; i < q->nheaders && rc == 0; i++) {
        if (bearer && strcasecmp(q->names[i], "Authorization") == 0)
            continue;
        size_t n = strlen(q->names[i]) + q->values[i].len + 3;
        char *line = malloc(n);
        if (!line) {
            rc = -1;
            break;
        }
        /* "Name;" sends a header with an empty value; "Name:" would drop it */
        if (q->values[i].len)
            snprintf(line, n, "%s: %s", q->names[i], q->values[i].text);
        else
            snprintf(line, n, "%s;", q->names[i]);
        rc = add_line(&hdrs, line);
        free(line);
    }
    if (rc == 0 && bearer) {
        size_t n = strlen(bearer) + 24;
        char *line = malloc(n);
        if (!line) {
            rc = -1;
        } else {
            snprintf(line, n, "Authorization: Bearer %s", bearer);
            rc = add_line(&hdrs, line);
            free(line);
        }
    }
    if (rc == 0)
        rc = add_line(&hdrs, "Expect:");
    if (rc != 0) {
        curl_slist_free_all(hdrs);
        hdrs = NULL;
    }
    *out = hdrs;
    return rc;
}

/* Set up H's handle for Q with headers HDRS, its body and headers going to
 * TR: https only, TLS 1.2 or newer, verified, no redirects followed. */
static void set_options(struct http *h, const struct request *q, long timeout_ms, struct curl_slist *hdrs,
                        struct transfer *tr)
{
    CURL *c = h->curl;
    curl_easy_setopt(c, CURLOPT_URL, q->url.text);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->cacert)
        curl_easy_setopt(c, CURLOPT_CAINFO, h->cacert);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->payload_limit);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, tr->rs->err);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, tr->rs);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, tr);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "dacc/" DACC_VERSION " (live)");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (strcmp(q->method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
        if (strcmp(q->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);
        if (q->has_body) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body.text);
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->body.len);
        }
    }
}

/* What the finished transfer RC of C says, into RS: the outcome, the
 * status, the announced length and the timings. */
static void collect(CURL *c, CURLcode rc, struct resp *rs)
{
    rs->outcome = outcome_of(rc);
    rs->outcome_text = curl_easy_strerror(rc);
    rs->err_cut = strlen(rs->err) + 1 >= CURL_ERROR_SIZE;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
    curl_off_t announced = -1;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK && announced >= 0)
        rs->content_length = announced;
    curl_off_t t = 0;
    if (curl_easy_getinfo(c, CURLINFO_NAMELOOKUP_TIME_T, &t) == CURLE_OK)
        rs->t_dns = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK)
        rs->t_connect = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK)
        rs->t_tls = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_STARTTRANSFER_TIME_T, &t) == CURLE_OK)
        rs->t_first = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &t) == CURLE_OK)
        rs->t_total = usec_to_ms(t);
}

int http_perform(struct http *h, const struct request *q, const char *bearer, long timeout_ms, struct resp *rs)
{
    struct curl_slist *hdrs = NULL;
    memset(rs, 0, sizeof *rs);
    rs->limit = (size_t)h->payload_limit;
    rs->content_length = -1;
    rs->retry_after = -1;
    curl_easy_reset(h->curl);
    if (header_list(q, bearer, &hdrs) != 0)
        return -1;
    struct transfer tr = { .curl = h->curl, .rs = rs };
    set_options(h, q, timeout_ms, hdrs, &tr);
    CURLcode rc = curl_easy_perform(h->curl);
    collect(h->curl, rc, rs);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hdrs);
    if (rs->nomem)
        return -1;
    if (!rs->body) {
        rs->body = strdup("");
        if (!rs->body)
            return -1;
    }
    return 0;
}

void http_resp_free(struct resp *rs)
{
    free(rs->body);
    rs->body = NULL;
}
