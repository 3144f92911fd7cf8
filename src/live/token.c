/* token.c - the token step: a token action's request performed, and its
 * answer checked as Genesys Cloud would use it (RFC 6749's client
 * credentials grant): access_token, token_type, expires_in and scope
 *
 * The tokens got (R->tokens) are owned here: one per distinct token request,
 * reused until it nears expiry (token_free()).  A token is kept only as
 * long as the run and shown only as its length and a hash.
 */
#include "live/live_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/config.h"
#include "core/grow.h"
#include "core/template.h"

#define SHORT_EXPIRY_S 310         /* refresh 300 s before expiry + a 10 s lease */

/* The scopes the request asks for (form body, else the URL query), decoded;
 * a malloc'd space-separated list, or NULL when none is asked for. */
static char *requested_scope(const struct request *q)
{
    struct tpl_param p;
    const char *src = NULL;
    size_t qlen = 0;
    if (q->has_body && action_form_find(q->body.text, q->body.len, "scope", &p)) {
        src = q->body.text;
    } else {
        const char *query = action_url_query(q->url.text, &qlen);
        if (query && action_form_find(query, qlen, "scope", &p))
            src = query;
    }
    if (!src)
        return NULL;
    size_t len = p.value_end - p.value_start;
    char *out = malloc(len + 1);
    if (out)
        tpl_url_decode(src + p.value_start, len, out, len + 1);
    return out;
}

/* Whether the space-separated LIST holds scope S[0..LEN). */
static bool scope_has(const char *list, const char *s, size_t len)
{
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == len && memcmp(p, s, len) == 0)
            return true;
        p += n;
    }
    return false;
}

/* Every scope of A missing from B, space-separated, into OUT. */
static void scope_minus(const char *a, const char *b, char *out, size_t outlen)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = a; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n && !scope_has(b, p, n) && o + n + 2 < outlen) {
            if (o)
                out[o++] = ' ';
            memcpy(out + o, p, n);
            o += n;
            out[o] = '\0';
        }
        p += n;
    }
}

/* The scopes of GRANT, space-separated; malloc'd, or NULL when memory runs out. */
static char *grant_list(const struct config_grant *grant)
{
    size_t len = 1;
    for (size_t i = 0; i < grant->nscopes; i++)
        len += grant->scopes[i]->len + 1;
    char *out = malloc(len), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < grant->nscopes; i++) {
        if (i)
            *o++ = ' ';
        memcpy(o, grant->scopes[i]->str, grant->scopes[i]->len);
        o += grant->scopes[i]->len;
    }
    *o = '\0';
    return out;
}

/* The access_token of the token response DOC: a copy into TOK, its length
 * and hash into ST.  Returns false when there is none (the check says so) or
 * memory ran out (R->nomem). */
static bool take_token(struct run *r, struct step *st, json_t *doc, struct token *tok)
{
    json_t *at = json_object_get(doc, "access_token");
    const char *token = json_string_value(at);
    if (!token || !json_string_length(at)) {
        step_check(r, st, SEV_ERROR, "access_token", "the token response has no access_token string");
        return false;
    }
    size_t token_len = json_string_length(at);
    char hex[DIGEST_HEX_LEN + 1];
    tok->value = malloc(token_len + 1);
    if (!tok->value || digest_sha256_hex(token, token_len, hex) != 0) {
        free(tok->value);
        tok->value = NULL;
        r->nomem = true;
        return false;
    }
    memcpy(tok->value, token, token_len + 1);
    tok->len = token_len;
    snprintf(tok->hash, sizeof tok->hash, "%.*s", TOKEN_HASH_LEN, hex);
    st->has_token = true;
    st->token_len = tok->len;
    memcpy(st->token_hash, tok->hash, sizeof st->token_hash);
    return true;
}

/* token_type must be Bearer. */
static void check_token_type(struct run *r, struct step *st, json_t *doc)
{
    const char *type = json_string_value(json_object_get(doc, "token_type"));
    if (type)
        scrub(r, type, strlen(type), st->token_type, sizeof st->token_type);
    if (!type)
        step_check(r, st, SEV_ERROR, "token_type", "the token response has no token_type; it must be Bearer");
    else if (strcasecmp(type, "bearer") != 0)
        step_check(r, st, SEV_ERROR, "token_type",
                   "token_type is '%s', not Bearer: Genesys Cloud sends the token as 'Authorization: Bearer'",
                   st->token_type);
}

/* expires_in must be a positive number of seconds, long enough for a token
 * to be cached; TOK expires then. */
static void check_expires_in(struct run *r, struct step *st, json_t *doc, struct token *tok)
{
    json_t *exp = json_object_get(doc, "expires_in");
    long long expires = json_is_integer(exp) ? json_integer_value(exp) : 0;
    if (json_is_string(exp)) {
        char *end;
        errno = 0;
        expires = strtoll(json_string_value(exp), &end, 10);
        if ((errno && !(errno == ERANGE && expires == LLONG_MAX)) || *end || end == json_string_value(exp))
            expires = 0; /* past LLONG_MAX saturates, as a number that large would */
        else
            step_check(r, st, SEV_WARNING, "expires_in", "expires_in is a string; RFC 6749 makes it a number");
    }
    if (expires <= 0) {
        step_check(r, st, SEV_ERROR, "expires_in",
                   "expires_in is missing or not a positive number of seconds; without it a token cannot be "
                   "cached and refreshed before it expires");
    } else {
        st->expires_in = expires;
        tok->expires_at = now_ms() + server_seconds(expires) * 1000; /* clamped: no overflow */
        if (expires <= SHORT_EXPIRY_S)
            step_check(r, st, SEV_WARNING, "expires_in",
                       "expires_in is %lld s: a token is refreshed 300 s before it expires, behind a 10 s "
                       "lease, so at %d s or less every flow run would ask for a new token; ask for longer-lived "
                       "tokens", expires, SHORT_EXPIRY_S);
    }
}

/* The scopes granted against those asked for, or else .dacc.yaml's grant
 * for the client: drift is an error, more than wanted a warning. */
static void check_scope(struct run *r, struct step *st, const struct request *q, json_t *doc)
{
    /* the scopes the token should carry: what the request asks for, else
     * what .dacc.yaml grants the client (a request without a scope gets them) */
    char *asked = requested_scope(q);
    const struct config_grant *grant = NULL;
    char client[256], client_shown[SHOWN_MAX] = "";
    if (!asked && action_client(st->act->node, client, sizeof client) &&
        (grant = config_grant_find(r->env.cfg, client, strlen(client)))) {
        asked = grant_list(grant);
        if (!asked)
            r->nomem = true;
        scrub(r, client, strlen(client), client_shown, sizeof client_shown);
    }
    char asked_shown[SHOWN_MAX] = "", wanted[SHOWN_MAX + 80];
    if (asked)
        scrub(r, asked, strlen(asked), asked_shown, sizeof asked_shown);
    if (grant)
        snprintf(wanted, sizeof wanted, ".dacc.yaml grants client '%s'", client_shown);
    else
        snprintf(wanted, sizeof wanted, "the request asks for");
    json_t *granted_j = json_object_get(doc, "scope");
    const char *granted = json_string_value(granted_j);
    if (granted) {
        char shown[SHOWN_MAX];
        scrub(r, granted, strlen(granted), shown, sizeof shown);
        st->scope = strdup(shown);
        if (!st->scope)
            r->nomem = true;
    }
    if (asked && granted) {
        char lost[SHOWN_MAX], extra[SHOWN_MAX], shown[SHOWN_MAX];
        scope_minus(asked, granted, lost, sizeof lost);
        scope_minus(granted, asked, extra, sizeof extra);
        if (lost[0]) {
            scrub(r, lost, strlen(lost), shown, sizeof shown);
            step_check(r, st, SEV_ERROR, "scope",
                       "scope drift: %s '%s' but the token carries only '%s'; missing: '%s'; "
                       "calls that need it will fail with 403: have the scope granted to the client",
                       wanted, asked_shown, st->scope ? st->scope : "", shown);
        }
        if (extra[0]) {
            scrub(r, extra, strlen(extra), shown, sizeof shown);
            step_check(r, st, SEV_WARNING, "scope",
                       "over-privilege: the token also carries '%s', which %s does not %s; "
                       "grant the client only the scopes its actions need", shown,
                       grant ? ".dacc.yaml" : "the request", grant ? "grant the client" : "ask for");
        }
    } else if (asked && !granted && grant) {
        step_check(r, st, SEV_NOTE, "scope",
                   "the request asks for no scope and the response names none: whether the token carries what %s "
                   "('%s') cannot be checked; ask for those scopes by name", wanted, asked_shown);
    } else if (asked && !granted) {
        step_check(r, st, SEV_NOTE, "scope",
                   "the response names no scope; by RFC 6749 that means the token carries what was asked: '%s'",
                   asked_shown);
    } else if (!asked && granted) {
        step_check(r, st, SEV_NOTE, "scope",
                   "the request asks for no scope; the server granted '%s': ask for the scopes the actions need, "
                   "or list the client's grant in .dacc.yaml (scopes.granted), so that a change on the server "
                   "shows up as drift", st->scope ? st->scope : "");
    }
    free(asked);
}

/* A 200 from a token endpoint: a JSON object with the token (taken into TOK),
 * its type, lifetime and scope, and what the action's translation map finds. */
static void check_token_response(struct run *r, struct step *st, const struct request *q, const struct resp *rs,
                                 struct token *tok)
{
    json_error_t jerr;
    json_t *doc = json_loadb(rs->body, rs->len, 0, &jerr);
    if (!json_is_object(doc)) {
        char ct[100];
        scrub_text(r, rs->content_type, strlen(rs->content_type), rs->content_type_cut, ct, sizeof ct);
        step_check(r, st, SEV_ERROR, "json",
                   "the token response is not a JSON object (Content-Type: %s); a token endpoint answers "
                   "application/json: check the URL and send Accept: application/json",
                   ct[0] ? ct : "none");
        json_decref(doc);
        return;
    }
    if (!take_token(r, st, doc, tok)) {
        json_decref(doc);
        return;
    }
    check_token_type(r, st, doc);
    check_expires_in(r, st, doc, tok);
    check_scope(r, st, q, doc);
    call_check_map(r, st, doc, rs);
    json_decref(doc);
}

/* The cache key of a token request: its rendered URL, headers and body. */
static int request_key(const struct request *q, char out[DIGEST_HEX_LEN + 1])
{
    size_t len = strlen(q->method) + q->url.len + q->body.len + 4;
    for (size_t i = 0; i < q->nheaders; i++)
        len += strlen(q->names[i]) + q->values[i].len + 2;
    char *buf = malloc(len), *p = buf;
    if (!buf)
        return -1;
    memcpy(p, q->method, strlen(q->method) + 1);
    p += strlen(q->method) + 1;
    memcpy(p, q->url.text, q->url.len + 1);
    p += q->url.len + 1;
    for (size_t i = 0; i < q->nheaders; i++) {
        memcpy(p, q->names[i], strlen(q->names[i]) + 1);
        p += strlen(q->names[i]) + 1;
        memcpy(p, q->values[i].text, q->values[i].len + 1);
        p += q->values[i].len + 1;
    }
    if (q->body.text)
        memcpy(p, q->body.text, q->body.len);
    p += q->body.len;
    int rc = digest_sha256_hex(buf, (size_t)(p - buf), out);
    free(buf);
    return rc;
}

/* The token got with the request whose cache key is KEY, or NULL. */
static struct token *find_token(struct run *r, const char *key)
{
    for (size_t i = 0; i < r->ntokens; i++)
        if (strcmp(r->tokens[i].key, key) == 0)
            return &r->tokens[i];
    return NULL;
}

/* The token being checked is R->pending meanwhile, so that server text is
 * scrubbed of it too; a renewed token replaces the old one in R->tokens. */
long token_step(struct run *r, const struct act *a, const struct request *q, bool renew)
{
    char key[DIGEST_HEX_LEN + 1];
    if (request_key(q, key) != 0) {
        r->nomem = true;
        return -1;
    }
    struct token *have = find_token(r, key);
    long have_index = have ? (long)(have - r->tokens) : -1;
    struct step *st = step_new(r, "token", a);
    if (!st)
        return -1;
    snprintf(st->method, sizeof st->method, "%s", q->method);
    st->url_shown = strdup(q->url.shown);
    if (!st->url_shown) {
        r->nomem = true;
        return -1;
    }
    if (have && !renew && have->expires_at - now_ms() > NEAR_EXPIRY_MS) {
        /* one token per client per run */
        st->has_token = st->reused = true;
        st->token_len = have->len;
        memcpy(st->token_hash, have->hash, sizeof st->token_hash);
        step_check(r, st, SEV_NOTE, "token",
                   "the same token request as '%s': its token is reused, no request was made", have->act->name);
        return have_index;
    }
    if (!exchange_https_url(r, st, q))
        return -1;
    exchange_show(r, q, NULL);
    struct resp rs;
    if (exchange(r, st, q, NULL, &rs) != 0) {
        http_resp_free(&rs);
        r->nomem = true;
        return -1;
    }
    long result = -1;
    if (!exchange_transport_failed(r, st, &rs, q)) {
        if (rs.status == 200) {
            /* a token without a usable expires_in is taken to last the run */
            struct token tok = { .act = a, .expires_at = now_ms() + 24LL * 3600 * 1000 };
            memcpy(tok.key, key, sizeof tok.key);
            r->pending = &tok;
            check_token_response(r, st, q, &rs, &tok);
            r->pending = NULL;
            if (tok.value) {
                if (have) { /* renewed: the old token goes */
                    free(have->value);
                    *have = tok;
                    result = have_index;
                } else {
                    void *more = grow(r->tokens, &r->tokens_cap, r->ntokens, sizeof *r->tokens, 4);
                    if (!more) {
                        free(tok.value);
                        r->nomem = true;
                    } else {
                        r->tokens = more;
                        r->tokens[r->ntokens] = tok;
                        result = (long)r->ntokens++;
                    }
                }
            }
        } else if (rs.status != 429) {
            exchange_status_failed(r, st, &rs, q, true);
        }
    }
    http_resp_free(&rs);
    return result;
}

void token_free(struct run *r)
{
    for (size_t i = 0; i < r->ntokens; i++)
        free(r->tokens[i].value);
    free(r->tokens);
}
