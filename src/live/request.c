/* request.c - an action's request rendered (render.h) for sending, and the
 * text that may be shown of it: secrets masked by the renderer, and the
 * literal credentials plaintext-secret flags in the action masked here
 *
 * A struct request owns its rendered strings (request_free()); header names
 * are borrowed from the document.
 */
#include "live/live_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/ruledata.h"
#include "core/template.h"

/* $esc.url() through http.c; render.c frees the result with free(). */
char *request_url_escape(void *ctx, const char *s, size_t len)
{
    struct run *r = ctx;
    return http_url_escape(r->http, s, len);
}

void request_free(struct request *q)
{
    render_result_free(&q->url);
    render_result_free(&q->body);
    for (size_t i = 0; i < q->nheaders; i++)
        render_result_free(&q->values[i]);
    free(q->values);
    free(q->names);
    free(q->name_hidden);
    memset(q, 0, sizeof *q);
}

/* Render FIELD of action A (TEXT[0..LEN)) into OUT.  FLAGGED: plaintext-secret
 * flags the field, so neither the shown text nor a message names a secret
 * (its name may be a credential).  Returns 0, or -1 after saying why. */
static int render_field(struct run *r, const struct act *a, const char *field, const char *text, size_t len,
                        bool flagged, struct render_result *out)
{
    struct render_vars vars = {
        .lookup = secrets_lookup, .missing = secrets_missing, .url_escape = request_url_escape,
        .derived = secrets_derived, .ctx = r, .hide_names = flagged,
    };
    struct render_error err;
    r->rendering = a;
    r->rendering_field = field;
    r->rendering_flagged = flagged;
    enum render_status st = render_template(text, len, &vars, out, &err);
    r->rendering_flagged = false;
    if (st == RENDER_NOMEM) {
        live_error("out of memory");
        return -1;
    }
    if (st != RENDER_OK) {
        live_error("%s: action '%s': %s: %s", a->file, a->name, field,
                   flagged ? "cannot be rendered; it holds what plaintext-secret flags ('dacc lint' says what)"
                           : err.what);
        return -1;
    }
    return r->nomem ? -1 : 0;
}

/* ---- what a shown request may show ------------------------------------- */

static bool masked_already(const char *v, size_t len)
{
    return len > 0 && v[0] == '[';
}

/* The shown text of form parameters S[0..LEN) with the literal value of every
 * parameter named like a credential (client_secret, api_key ...) replaced:
 * values that came from secrets are masked already, but a secret written into
 * the action itself must not be shown either.  Returns a malloc'd string. */
static char *mask_params(const struct run *r, const char *s, size_t len)
{
    size_t cap = len + 1, o = 0, last = 0, pos = 0;
    struct tpl_param p;
    while (tpl_form_next(s, len, &pos, &p))
        cap += sizeof NOT_SHOWN;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    pos = 0;
    while (tpl_form_next(s, len, &pos, &p)) {
        char name[64];
        size_t n = tpl_url_decode(s + p.key_start, p.key_end - p.key_start, name, sizeof name);
        size_t vlen = p.value_end - p.value_start;
        if (vlen && !masked_already(s + p.value_start, vlen) && ruledata_is_secret_name(r->env.data, name, n)) {
            memcpy(out + o, s + last, p.value_start - last);
            o += p.value_start - last;
            memcpy(out + o, NOT_SHOWN, sizeof NOT_SHOWN - 1);
            o += sizeof NOT_SHOWN - 1;
            last = p.value_end;
        }
    }
    memcpy(out + o, s + last, len - last);
    o += len - last;
    out[o] = '\0';
    return out;
}

static int replace_shown(struct render_result *res, char *shown)
{
    if (!shown)
        return -1;
    free(res->shown);
    res->shown = shown;
    res->shown_len = strlen(shown);
    return 0;
}

/* Whether the literal parameter value V[0..LEN) (references in it marked)
 * is one plaintext-secret could flag: named like a credential, random-looking
 * or of a known format.  NAMED: its name is a credential's. */
static bool param_may_be_secret(const struct run *r, const char *v, size_t len, bool named)
{
    if (tpl_literal_len(v, len) == 0)
        return false;
    if (named)
        return true;
    char *decoded = malloc(len + 1), *text = malloc(len + 1);
    bool yes = true; /* out of memory: say yes, and hide it */
    if (decoded && text) {
        size_t dl = tpl_url_decode(v, len, decoded, len + 1);
        size_t tl = tpl_strip(decoded, dl, text, len + 1, "\x01");
        yes = ruledata_random_token(r->env.data, r->env.scratch, text, tl) ||
              ruledata_find_secret(r->env.data, text, tl, r->env.scratch);
    }
    free(decoded);
    free(text);
    return yes;
}

/* Template S[0..LEN), which plaintext-secret flags, as it may be shown: the
 * userinfo of a URL (when URL) and each form or query parameter value that
 * could be what it flags read NOT_SHOWN.  A malloc'd string, or NULL when
 * memory ran out; when what is left would still be flagged (a known format
 * in a URL's path, say), just NOT_SHOWN. */
static char *shown_template(const struct run *r, const char *s, size_t len, bool url)
{
    size_t ps = 0, pe = len, ui = len, at = len;
    if (url) {
        const char *q = memchr(s, '?', len), *sch = strstr(s, "://");
        ps = q ? (size_t)(q - s) + 1 : len;
        const char *hash = memchr(s + ps, '#', len - ps);
        pe = hash ? (size_t)(hash - s) : len;
        if (sch && (size_t)(sch - s) < ps) {
            size_t as = (size_t)(sch - s) + 3, ae = as + strcspn(s + as, "/?#");
            for (size_t i = as; i < ae && i < len; i++)
                if (s[i] == '@')
                    at = i; /* the last '@' of the authority */
            if (at < len)
                ui = as;
        }
    }
    size_t nparams = 0, pos = 0;
    struct tpl_param p;
    while (tpl_form_next(s + ps, pe - ps, &pos, &p))
        nparams++;
    size_t cap = len + (nparams + 2) * sizeof NOT_SHOWN, o = 0, last = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    if (ui < len) {
        memcpy(out, s, ui);
        memcpy(out + ui, NOT_SHOWN, sizeof NOT_SHOWN - 1);
        o = ui + sizeof NOT_SHOWN - 1;
        last = at;
    }
    pos = 0;
    while (tpl_form_next(s + ps, pe - ps, &pos, &p)) {
        char name[64];
        size_t n = tpl_url_decode(s + ps + p.key_start, p.key_end - p.key_start, name, sizeof name);
        bool named = ruledata_is_secret_name(r->env.data, name, n);
        size_t vs = ps + p.value_start, ve = ps + p.value_end;
        if (ve > vs && param_may_be_secret(r, s + vs, ve - vs, named)) {
            memcpy(out + o, s + last, vs - last);
            o += vs - last;
            memcpy(out + o, NOT_SHOWN, sizeof NOT_SHOWN - 1);
            o += sizeof NOT_SHOWN - 1;
            last = ve;
        }
    }
    memcpy(out + o, s + last, len - last);
    o += len - last;
    out[o] = '\0';
    /* what is left, as check_formats judges it */
    char *text = malloc(o + 1);
    bool still = !text || ruledata_find_secret(r->env.data, text, tpl_strip(out, o, text, o + 1, "\x01"),
                                               r->env.scratch);
    free(text);
    if (still) {
        free(out);
        return strdup(NOT_SHOWN);
    }
    return out;
}

/* A field of A that plaintext-secret flags (FLAG, act_flag_of()) is shown as
 * shown_template() makes it (FLAG 2, a URL or a form) or not at all: RES's
 * shown text is replaced.  Returns 0, or -1 after saying why. */
static int mask_flagged(struct run *r, const struct act *a, const char *field, const char *tmpl, size_t len,
                        int flag, bool url, bool form, struct render_result *res)
{
    if (!flag)
        return 0;
    if (flag == 1 || !(url || form))
        return replace_shown(res, strdup(NOT_SHOWN)) == 0 ? 0 : (live_error("out of memory"), -1);
    char *masked = shown_template(r, tmpl, len, url);
    if (!masked) {
        live_error("out of memory");
        return -1;
    }
    struct render_result again;
    int rc = render_field(r, a, field, masked, strlen(masked), true, &again);
    free(masked);
    if (rc != 0)
        return -1;
    free(res->shown);
    res->shown = again.shown;
    res->shown_len = again.shown_len;
    again.shown = NULL;
    render_result_free(&again);
    return 0;
}

/* Mask literal credentials in what Q shows: query parameters of the URL,
 * form parameters of the body, and credential-named headers whose template
 * holds literal text (such as a pasted API key). */
static int mask_request(const struct run *r, const struct node *headers, struct request *q)
{
    const char *u = q->url.shown, *query = strchr(u, '?');
    if (query) {
        size_t qlen = strcspn(query + 1, "#");
        char *masked = mask_params(r, query + 1, qlen);
        char *url = masked ? malloc(strlen(u) + strlen(masked) + 2) : NULL;
        if (url)
            snprintf(url, strlen(u) + strlen(masked) + 2, "%.*s?%s%s", (int)(query - u), u, masked,
                     query + 1 + qlen);
        free(masked);
        if (replace_shown(&q->url, url) != 0)
            return -1;
    }
    if (q->has_body && tpl_is_form(q->body.shown, q->body.shown_len) &&
        replace_shown(&q->body, mask_params(r, q->body.shown, q->body.shown_len)) != 0)
        return -1;
    for (size_t i = 0; i < q->nheaders; i++) {
        const struct node *h = node_get_nocase(headers, q->names[i]);
        bool credential = ruledata_is_secret_name(r->env.data, q->names[i], strlen(q->names[i])) ||
                          strcasecmp(q->names[i], "cookie") == 0;
        if (credential && h && tpl_literal_len(h->str, h->len) > 0 &&
            replace_shown(&q->values[i], strdup(NOT_SHOWN)) != 0)
            return -1;
    }
    return 0;
}

/* The URL, the body (POST, PUT and PATCH) and each header, rendered and
 * masked; the timeout the action sets, else --max-timeout-ms. */
int request_prepare(struct run *r, const struct act *a, struct request *q)
{
    memset(q, 0, sizeof *q);
    const struct node *request = action_request(a->node);
    const char *url = node_string(node_get(request, "requestUrlTemplate"));
    const char *method = node_string(node_get(request, "requestType"));
    if (!url || !*url) {
        live_error("%s: action '%s' has no config.request.requestUrlTemplate", a->file, a->name);
        return -1;
    }
    static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", NULL };
    bool known = false;
    for (const char *const *m = methods; method && *m && !known; m++)
        known = strcmp(method, *m) == 0;
    if (!known) {
        live_error("%s: action '%s': config.request.requestType must be GET, POST, PUT, PATCH or DELETE",
                   a->file, a->name);
        return -1;
    }
    snprintf(q->method, sizeof q->method, "%s", method);
    int uflag = act_flag_of(a, node_get(request, "requestUrlTemplate"));
    if (render_field(r, a, "config.request.requestUrlTemplate", url, strlen(url), uflag != 0, &q->url) != 0 ||
        mask_flagged(r, a, "config.request.requestUrlTemplate", url, strlen(url), uflag, true, false, &q->url) != 0)
        return -1;
    /* Genesys sends a request template with POST, PUT and PATCH only */
    const struct node *body = node_get(request, "requestTemplate");
    q->has_body = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;
    if (q->has_body) {
        const char *b = body && body->kind == NODE_STRING ? body->str : "";
        size_t blen = body && body->kind == NODE_STRING ? body->len : 0;
        int bflag = body ? act_flag_of(a, body) : 0;
        if (render_field(r, a, "config.request.requestTemplate", b, blen, bflag != 0, &q->body) != 0 ||
            mask_flagged(r, a, "config.request.requestTemplate", b, blen, bflag, false,
                         action_body_kind(a->node) == BODY_FORM, &q->body) != 0)
            return -1;
    }
    const struct node *headers = node_get(request, "headers");
    if (headers && headers->kind == NODE_OBJECT && headers->n) {
        q->values = calloc(headers->n, sizeof *q->values);
        q->names = calloc(headers->n, sizeof *q->names);
        q->name_hidden = calloc(headers->n, sizeof *q->name_hidden);
        if (!q->values || !q->names || !q->name_hidden) {
            live_error("out of memory");
            return -1;
        }
        for (size_t i = 0; i < headers->n; i++) {
            const struct node *h = headers->kids[i];
            char field[120];
            if (h->kind != NODE_STRING || memchr(h->key, '\0', h->key_len) || strpbrk(h->key, ":\r\n")) {
                live_error("%s: action '%s': config.request.headers: every header needs a name and a string value",
                           a->file, a->name);
                return -1;
            }
            bool hide_name = act_name_flagged(a, h);
            snprintf(field, sizeof field, "header %.60s", hide_name ? "[name not shown]" : h->key);
            int hflag = act_flag_of(a, h);
            if (render_field(r, a, hflag ? "a header" : field, h->str, h->len, hflag != 0,
                             &q->values[q->nheaders]) != 0 ||
                mask_flagged(r, a, field, h->str, h->len, hflag ? 1 : 0, false, false,
                             &q->values[q->nheaders]) != 0)
                return -1;
            q->name_hidden[q->nheaders] = hide_name;
            q->names[q->nheaders++] = h->key;
        }
    }
    if (mask_request(r, headers, q) != 0) {
        live_error("out of memory");
        return -1;
    }
    const struct node *t = node_path(a->node, "config/timeoutSeconds");
    if (t && t->kind == NODE_INT && t->i >= 1 && t->i <= 60) {
        q->timeout_ms = (long)t->i * 1000;
        q->timeout_from_action = true;
    } else {
        q->timeout_ms = r->env.policy.max_timeout_ms;
    }
    return 0;
}
