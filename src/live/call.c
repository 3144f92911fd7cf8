/* call.c - the downstream call of a --call action with the token, and the
 * check of what it answers: its translation map, then its success template
 * rendered with the values found
 */
#include "live/live_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "live/jsonpath.h"

struct alias_ctx {
    struct run *run;
    const char **names;
    char **values;                  /* JSON text of each alias */
    size_t n;
    const char *raw;                /* ${rawResult} */
};


/* The values of a success template: the aliases found, ${rawResult}, and
 * inputs and secrets as in a request. */
static const char *alias_lookup(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    struct alias_ctx *ac = ctx;
    if (kind != RENDER_ALIAS)
        return secrets_lookup(ac->run, kind, name, len);
    if (len == 9 && memcmp(name, "rawResult", 9) == 0)
        return ac->raw;
    for (size_t i = 0; i < ac->n; i++)
        if (ac->values[i] && strlen(ac->names[i]) == len && memcmp(ac->names[i], name, len) == 0)
            return ac->values[i];
    return NULL;
}

/* $esc.url() in a success template: as in a request. */
static char *alias_url_escape(void *ctx, const char *s, size_t len)
{
    struct alias_ctx *ac = ctx;
    return request_url_escape(ac->run, s, len);
}

/* Each alias's JSONPath is evaluated (jsonpath.h) on DOC; the JSON text of
 * what it finds is the alias's value. */
void call_check_map(struct run *r, struct step *st, json_t *doc, const struct resp *rs)
{
    const struct node *response = node_path(st->act->node, "config/response");
    const struct node *map = node_get(response, "translationMap");
    const struct node *defaults = node_get(response, "translationMapDefaults");
    size_t n = map && map->kind == NODE_OBJECT ? map->n : 0;
    struct alias_ctx ac = { .run = r, .raw = rs->body };
    ac.names = calloc(n ? n : 1, sizeof *ac.names);
    ac.values = calloc(n ? n : 1, sizeof *ac.values);
    if (!ac.names || !ac.values) {
        r->nomem = true;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const struct node *e = map->kids[i];
        char alias[64];
        node_key_text(e, alias, sizeof alias);
        if (act_name_flagged(st->act, e)) /* plaintext-secret flags the name: not shown */
            snprintf(alias, sizeof alias, "#%zu", i);
        const char *path_shown = act_flag_of(st->act, e) ? NOT_SHOWN : e->str;
        ac.names[ac.n] = e->key;
        ac.values[ac.n] = NULL;
        ac.n++;
        if (e->kind != NODE_STRING)
            continue;
        json_t *found = NULL;
        bool definite = true;
        enum jsonpath_status js = jsonpath_eval(doc, e->str, &found, &definite);
        if (js == JSONPATH_NOMEM) {
            r->nomem = true;
            goto out;
        }
        if (js == JSONPATH_UNSUPPORTED) {
            step_check(r, st, SEV_NOTE, "translation-map",
                       "translation map '%s': dacc does not evaluate this JSONPath (filters, slices and "
                       "functions are not checked)", alias);
            continue;
        }
        size_t hits = json_array_size(found);
        json_t *value = definite ? json_array_get(found, 0) : found;
        if (definite && hits == 0) {
            const struct node *def = node_get(defaults, e->key);
            if (def)
                step_check(r, st, SEV_WARNING, "translation-map",
                           "translation map '%s': %s matches nothing in the response; the default from "
                           "translationMapDefaults is used", alias, path_shown);
            else
                step_check(r, st, SEV_ERROR, "translation-map",
                           "translation map '%s': %s matches nothing in the response and has no default; "
                           "the action would fail: fix the path or add a translationMapDefaults entry",
                           alias, path_shown);
        } else if (!definite && hits == 0) {
            step_check(r, st, SEV_WARNING, "translation-map",
                       "translation map '%s': %s matches nothing in the response (an empty list)", alias,
                       path_shown);
        }
        if (value)
            ac.values[ac.n - 1] = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(found);
    }
    const char *tmpl = node_string(node_get(response, "successTemplate"));
    if (tmpl) {
        struct render_vars vars = {
            .lookup = alias_lookup, .url_escape = alias_url_escape, .ctx = &ac, .lenient = true,
        };
        struct render_result out;
        if (render_template(tmpl, strlen(tmpl), &vars, &out, NULL) != RENDER_OK) {
            r->nomem = true;
            goto out;
        }
        st->success_bytes = (long)out.len;
        if (out.len > (size_t)r->payload_limit)
            step_check(r, st, SEV_ERROR, "payload",
                       "the rendered success template is %zu bytes, more than the payload limit of %ld bytes",
                       out.len, r->payload_limit);
        if (!out.partial) {
            json_error_t jerr;
            json_t *parsed = json_loadb(out.text, out.len, JSON_DECODE_ANY, &jerr);
            if (!parsed)
                step_check(r, st, SEV_WARNING, "success-template",
                           "the rendered success template is not valid JSON (line %d, column %d)", jerr.line,
                           jerr.column);
            json_decref(parsed);
        }
        render_result_free(&out);
    }
out:
    for (size_t i = 0; i < ac.n; i++)
        free(ac.values[i]);
    free(ac.values);
    free(ac.names);
}

/* The call replaces any Authorization header of the action with the token,
 * as Genesys Cloud does; a 2xx answer must be JSON, and is checked against
 * the translation map. */
void call_step(struct run *r, const struct act *a, const struct request *q, const struct token *tok,
               const struct act *token_act)
{
    struct step *st = step_new(r, "call", a);
    if (!st)
        return;
    snprintf(st->method, sizeof st->method, "%s", q->method);
    st->url_shown = strdup(q->url.shown);
    st->token_from = token_act->name;
    if (!st->url_shown) {
        r->nomem = true;
        return;
    }
    if (!tok) {
        step_check(r, st, SEV_NOTE, "token", "not performed: the token step of '%s' did not give a token",
                   token_act->name);
        return;
    }
    st->has_token = true;
    st->reused = true;
    st->token_len = tok->len;
    memcpy(st->token_hash, tok->hash, sizeof st->token_hash);
    if (!exchange_https_url(r, st, q))
        return;
    for (size_t i = 0; i < q->nheaders; i++)
        if (strcasecmp(q->names[i], "Authorization") == 0)
            step_check(r, st, SEV_NOTE, "authorization",
                       "the action's own Authorization header was replaced by the token, as Genesys Cloud does "
                       "for actions of an integration with custom authentication");
    char bearer_shown[80];
    snprintf(bearer_shown, sizeof bearer_shown, "[token: %zu characters, sha256 %s...]", tok->len, tok->hash);
    exchange_show(r, q, bearer_shown);
    struct resp rs;
    if (exchange(r, st, q, tok->value, &rs) != 0) {
        http_resp_free(&rs);
        r->nomem = true;
        return;
    }
    if (!exchange_transport_failed(r, st, &rs, q)) {
        if (rs.status < 200 || rs.status > 299) {
            if (rs.status != 429)
                exchange_status_failed(r, st, &rs, q, false);
        } else {
            json_error_t jerr;
            json_t *doc = json_loadb(rs.body, rs.len, JSON_DECODE_ANY, &jerr);
            if (!doc) {
                char ct[100];
                scrub_text(r, rs.content_type, strlen(rs.content_type), rs.content_type_cut, ct, sizeof ct);
                step_check(r, st, SEV_ERROR, "json",
                           "the response is not JSON (Content-Type: %s, line %d, column %d); a data action needs "
                           "a JSON response to translate", ct[0] ? ct : "none", jerr.line, jerr.column);
            } else {
                call_check_map(r, st, doc, &rs);
                json_decref(doc);
            }
        }
    }
    http_resp_free(&rs);
}
