/* exchange.c - a step's request performed (http.c), and what a failed one
 * means: a transport failure or an HTTP status, each said with what to do
 *
 * Every piece of server text in a message is scrubbed (scrub.c) first.
 */
#include "live/live_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

void exchange_show(const struct run *r, const struct request *q, const char *bearer_shown)
{
    if (!r->opt->verbose)
        return;
    live_verbose(r, "> %s %s", q->method, q->url.shown);
    for (size_t i = 0; i < q->nheaders; i++) {
        if (bearer_shown && strcasecmp(q->names[i], "Authorization") == 0)
            continue;
        live_verbose(r, "> %s: %s", q->name_hidden[i] ? "[header name not shown]" : q->names[i], q->values[i].shown);
    }
    if (bearer_shown)
        live_verbose(r, "> Authorization: Bearer %s", bearer_shown);
    if (q->has_body)
        live_verbose(r, "> body (%zu bytes): %s", q->body.len, q->body.shown);
}

/* What ST reports of the response RS (the last attempt's). */
static void copy_timing(struct step *st, const struct resp *rs)
{
    st->status = rs->status;
    snprintf(st->tls, sizeof st->tls, "%s", rs->tls);
    st->t_dns = rs->t_dns;
    st->t_connect = rs->t_connect;
    st->t_tls = rs->t_tls;
    st->t_first = rs->t_first;
    st->t_total = rs->t_total;
    st->response_bytes = rs->outcome == HTTP_COMPLETE ? (long)rs->len : -1;
}

/* The transport's own words are shown scrubbed, and not at all when the URL
 * came from a secret. */
bool exchange_transport_failed(struct run *r, struct step *st, const struct resp *rs, const struct request *q)
{
    char err[SHOWN_MAX];
    /* libcurl's own words may name the host; when the URL came from a secret
     * (${credentials.loginUrl}, say) only the error's general text is shown */
    if (q->url.secret)
        err[0] = '\0';
    else
        scrub_text(r, rs->err, strlen(rs->err), rs->err_cut, err, sizeof err);
    if (!err[0])
        snprintf(err, sizeof err, "%s", rs->outcome_text);
    switch (rs->outcome) {
    case HTTP_COMPLETE:
        return false;
    case HTTP_TIMEOUT:
        step_check(r, st, SEV_ERROR, "timeout",
                   "no complete answer within %ld ms (%s); Genesys Cloud would give up at the same point: "
                   "make the endpoint answer faster%s",
                   q->timeout_ms,
                   q->timeout_from_action ? "the action's config.timeoutSeconds"
                                          : "--max-timeout-ms; the action sets no config.timeoutSeconds",
                   q->timeout_from_action ? " or raise config.timeoutSeconds (at most 60)" : "");
        break;
    case HTTP_TLS_HANDSHAKE:
        if (strstr(rs->err, "alert protocol version") || strstr(rs->err, "unsupported protocol") ||
            strstr(rs->err, "wrong version number") || strstr(rs->err, "no protocols available"))
            step_check(r, st, SEV_ERROR, "tls",
                       "TLS handshake failed (%s): the server may only speak TLS 1.0 or 1.1; Genesys Cloud "
                       "requires TLS 1.2 or newer: upgrade the server's TLS, or put a TLS-terminating proxy "
                       "in front of it", err);
        else
            step_check(r, st, SEV_ERROR, "tls", "TLS handshake failed: %s", err);
        break;
    case HTTP_CERTIFICATE:
        step_check(r, st, SEV_ERROR, "certificate",
                   "the server's certificate failed verification (%s); Genesys Cloud trusts certificates "
                   "from public CAs only; if this endpoint uses a private CA for testing, pass --cacert FILE",
                   err);
        break;
    case HTTP_CACERT_FILE:
        live_error("--cacert %s: cannot use it as CA certificates: %s", r->opt->cacert ? r->opt->cacert : "", err);
        r->trouble = true;
        break;
    case HTTP_TOO_LARGE:
        step_check(r, st, SEV_ERROR, "payload",
                   "the response announces %lld bytes (Content-Length), more than the payload limit of %ld "
                   "bytes; Genesys Cloud refuses it: paginate or narrow the response",
                   (long long)rs->content_length, r->payload_limit);
        break;
    case HTTP_WRITE:
        if (rs->capped) {
            step_check(r, st, SEV_ERROR, "payload",
                       "the response ran past the payload limit of %ld bytes (dacc stopped reading there%s); "
                       "Genesys Cloud refuses it: paginate or narrow the response",
                       r->payload_limit,
                       rs->content_length < 0 ? "; it was sent without a Content-Length, chunked" : "");
            break;
        }
        step_check(r, st, SEV_ERROR, "transport", "the request failed: %s", err);
        break;
    case HTTP_DNS:
        step_check(r, st, SEV_ERROR, "dns", "cannot resolve the host (%s): check the URL", err);
        break;
    case HTTP_CONNECT:
        step_check(r, st, SEV_ERROR, "connect",
                   "cannot connect (%s): check the host and port, and that the endpoint is reachable", err);
        break;
    case HTTP_NOT_HTTPS:
        step_check(r, st, SEV_ERROR, "https", "only https:// URLs are called (%s)", err);
        break;
    case HTTP_OTHER:
    default:
        step_check(r, st, SEV_ERROR, "transport", "the request failed: %s", err);
        break;
    }
    return true;
}

/* The OAuth2 error code and description of an error response, scrubbed. */
static void oauth_error(struct run *r, const struct resp *rs, char *code, size_t codelen, char *desc, size_t desclen)
{
    code[0] = desc[0] = '\0';
    json_t *j = json_loadb(rs->body, rs->len, 0, NULL);
    const char *c = json_string_value(json_object_get(j, "error"));
    const char *d = json_string_value(json_object_get(j, "error_description"));
    if (c)
        scrub(r, c, strlen(c), code, codelen);
    if (d)
        scrub(r, d, strlen(d), desc, desclen);
    json_decref(j);
    if (!code[0] && rs->www_auth[0]) {
        const char *e = strstr(rs->www_auth, "error=\"");
        if (e) {
            e += 7;
            const char *end = strchr(e, '"');
            if (end)
                scrub(r, e, (size_t)(end - e), code, codelen);
        }
    }
}

/* What a status means depends on the step: TOKEN_STEP, a token endpoint's
 * answer, else an API's. */
void exchange_status_failed(struct run *r, struct step *st, const struct resp *rs, const struct request *q,
                            bool token_step)
{
    char code[80], desc[SHOWN_MAX], detail[SHOWN_MAX + 100];
    oauth_error(r, rs, code, sizeof code, desc, sizeof desc);
    if (code[0])
        snprintf(detail, sizeof detail, "%s%s%s", code, desc[0] ? ": " : "", desc);
    else
        snprintf(detail, sizeof detail, "no OAuth2 error code");
    long s = rs->status;
    if (s >= 300 && s < 400) {
        char loc[SHOWN_MAX] = "";
        if (!q->url.secret) /* it may repeat a host that came from a secret */
            scrub_text(r, rs->location, strlen(rs->location), rs->location_cut, loc, sizeof loc);
        step_check(r, st, SEV_ERROR, "redirect",
                   "HTTP %ld redirect%s%s, which dacc does not follow (nor does Genesys Cloud for a data "
                   "action): put the final URL in the action",
                   s, loc[0] ? " to " : "", loc);
    } else if (token_step && s == 401 && strcmp(code, "invalid_client") == 0) {
        step_check(r, st, SEV_ERROR, "credentials",
                   "HTTP 401 invalid_client: the token endpoint did not accept the client's credentials; "
                   "check the client id and secret, and the auth style the server expects: "
                   "client_id and client_secret in the form body, or an Authorization: Basic header");
    } else if (token_step && s == 400 && strcmp(code, "invalid_scope") == 0) {
        char bad[SHOWN_MAX] = "";
        json_t *j = json_loadb(rs->body, rs->len, 0, NULL);
        const char *sc = json_string_value(json_object_get(j, "scope"));
        if (sc)
            scrub(r, sc, strlen(sc), bad, sizeof bad);
        json_decref(j);
        step_check(r, st, SEV_ERROR, "scope",
                   "HTTP 400 invalid_scope (%s)%s%s%s: the client may not ask for that scope; ask only for "
                   "scopes granted to the client, or have them granted",
                   desc[0] ? desc : "the server refused the requested scope", bad[0] ? "; refused: '" : "", bad,
                   bad[0] ? "'" : "");
    } else if (token_step && s == 400 && (strcmp(code, "invalid_request") == 0 ||
                                          strcmp(code, "unsupported_grant_type") == 0)) {
        step_check(r, st, SEV_ERROR, "request",
                   "HTTP 400 (%s): send grant_type=client_credentials as an "
                   "application/x-www-form-urlencoded body with a POST", detail);
    } else if (token_step && (s == 400 || s == 401) && strcmp(code, "unauthorized_client") == 0) {
        step_check(r, st, SEV_ERROR, "credentials",
                   "HTTP %ld unauthorized_client: this client may not use the client-credentials grant; "
                   "enable it for the client on the authorization server", s);
    } else if (!token_step && s == 401) {
        step_check(r, st, SEV_ERROR, "token",
                   "HTTP 401 (%s): the API refused the token; check that the token action's server issues "
                   "tokens for this API (audience, issuer) and that it has not expired", detail);
    } else if (!token_step && s == 403) {
        char need[SHOWN_MAX] = "";
        const char *sc = strstr(rs->www_auth, "scope=\"");
        if (sc) {
            sc += 7;
            const char *end = strchr(sc, '"');
            if (end)
                scrub(r, sc, (size_t)(end - sc), need, sizeof need);
        }
        step_check(r, st, SEV_ERROR, "scope",
                   "HTTP 403 (%s): the token lacks a permission the API needs%s%s%s; add the scope to the "
                   "token action's scope parameter and grant it to the client",
                   detail, need[0] ? " (it asks for '" : "", need, need[0] ? "')" : "");
    } else if (s == 404) {
        step_check(r, st, SEV_ERROR, "status", "HTTP 404 (%s): nothing at this URL; check the URL template",
                   detail);
    } else if (s >= 500) {
        step_check(r, st, SEV_ERROR, "status", "HTTP %ld (%s): the server failed; try again, or ask its owners",
                   s, detail);
    } else {
        step_check(r, st, SEV_ERROR, "status", "HTTP %ld (%s)", s, detail);
    }
}

/* One attempt, and a second after a 429's Retry-After when the wait fits in
 * what is left of the timeout; a 429 that stays is an error of the step. */
int exchange(struct run *r, struct step *st, const struct request *q, const char *bearer, struct resp *rs)
{
    long long start = now_ms();
    for (st->attempts = 1;; st->attempts++) {
        long left = q->timeout_ms - (long)(now_ms() - start);
        if (http_perform(r->http, q, bearer, left > 0 ? left : 1, rs) != 0)
            return -1;
        st->performed = true;
        copy_timing(st, rs);
        if (r->opt->verbose) {
            char ct[100];
            scrub_text(r, rs->content_type, strlen(rs->content_type), rs->content_type_cut, ct, sizeof ct);
            live_verbose(r, "< HTTP %ld, %zu bytes%s%s%s%s", rs->status, rs->len, ct[0] ? ", " : "", ct,
                         rs->tls[0] ? ", " : "", rs->tls);
        }
        if (rs->outcome != HTTP_COMPLETE || rs->status != 429)
            return 0;
        long long elapsed = now_ms() - start;
        long long wait_ms = server_seconds(rs->retry_after) * 1000; /* clamped: no overflow */
        if (st->attempts == 1 && rs->retry_after >= 0 && elapsed + wait_ms < q->timeout_ms) {
            step_check(r, st, SEV_NOTE, "rate-limit",
                       "HTTP 429: waited the %lld s the server asked for (Retry-After) and tried once more",
                       rs->retry_after);
            live_verbose(r, "waiting %lld s (Retry-After)", rs->retry_after);
            http_resp_free(rs);
            sleep_ms((long)wait_ms);
            continue;
        }
        char why[160];
        if (st->attempts > 1)
            snprintf(why, sizeof why, "still HTTP 429 after waiting the Retry-After once");
        else if (rs->retry_after < 0)
            snprintf(why, sizeof why, "HTTP 429 without a Retry-After");
        else
            snprintf(why, sizeof why, "HTTP 429 with a Retry-After of %lld s, which does not fit in the %ld ms timeout",
                     rs->retry_after, q->timeout_ms);
        if (strcmp(st->kind, "token") == 0)
            step_check(r, st, SEV_ERROR, "rate-limit",
                       "%s: the token endpoint is rate limiting this client (about 100 requests a minute per "
                       "client); cache each token and reuse it until it nears expiry instead of asking for one "
                       "per call", why);
        else
            step_check(r, st, SEV_ERROR, "rate-limit",
                       "%s: the API is rate limiting these calls; call it less often or cache what it returns",
                       why);
        return 0;
    }
}

/* Only absolute https:// URLs are called. */
bool exchange_https_url(struct run *r, struct step *st, const struct request *q)
{
    if (strncasecmp(q->url.text, "https://", 8) == 0)
        return true;
    if (q->url.text[0] == '/') {
        step_check(r, st, SEV_ERROR, "https",
                   "a relative URL is a Genesys Cloud platform path, which only Genesys Cloud can call; "
                   "dacc live calls absolute https:// URLs");
        return false;
    }
    step_check(r, st, SEV_ERROR, "https",
               "the URL is not https://; dacc live sends credentials and tokens over TLS only, as Genesys Cloud "
               "requires");
    return false;
}
