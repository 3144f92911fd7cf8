/* scope_least_privilege.c - token requests ask only for the scopes they need */
#include "rule.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../action.h"
#include "../template.h"

static void check_scope(struct rule_ctx *rc, const struct node *at, const char *scope, size_t len,
                        const char *where)
{
    if (config_scope_allowed(rc->config, scope, len))
        return; /* an exception the team decided on */
    if (config_scope_forbidden(rc->config, scope, len) || ruledata_scope_forbidden(rc->data, scope, len, rc->scratch)) {
        rule_report(rc, at, "%s asks for the wildcard or administrative scope '%.*s'; ask only for the "
                    "scopes the action needs", where, (int)len, scope);
        return;
    }
    for (size_t i = 0; i < rc->data->nrenames; i++) {
        const struct scope_rename *r = &rc->data->renames[i];
        if (strlen(r->from) == len && memcmp(r->from, scope, len) == 0) {
            rule_report_sev(rc, SEV_WARNING, at, "%s asks for the deprecated scope '%s'; the platform now "
                            "names it '%s'", where, r->from, r->to);
            return;
        }
    }
}

/* Each scope of the scope=... parameter in the form text S. */
static void check_param(struct rule_ctx *rc, const struct node *at, const char *s, size_t len,
                        const char *where)
{
    struct tpl_param p;
    if (!action_form_find(s, len, "scope", &p))
        return;
    char value[2048], literal[2048];
    size_t vl = tpl_url_decode(s + p.value_start, p.value_end - p.value_start, value, sizeof value);
    /* references stand for scopes nobody can judge here: take them out */
    size_t ll = tpl_strip(value, vl, literal, sizeof literal, " ");
    for (size_t i = 0; i < ll;) {
        while (i < ll && (literal[i] == ' ' || literal[i] == '+' || literal[i] == ','))
            i++;
        size_t start = i;
        while (i < ll && literal[i] != ' ' && literal[i] != '+' && literal[i] != ',')
            i++;
        if (i > start)
            check_scope(rc, at, literal + start, i - start, where);
    }
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request || !action_is_token_request(action))
        return;
    const struct node *body = node_get(request, "requestTemplate");
    if (node_string(body) && action_body_kind(action) == BODY_FORM) {
        const char *s = body->str + strspn(body->str, " \t\r\n");
        check_param(rc, body, s, strlen(s), "the token request");
    }
    if (node_string(body) && action_body_kind(action) == BODY_JSON) {
        /* the wrong body for a token request (token-request-form says so), but its scopes still count */
        size_t len, bare[1], nbare;
        char *sample = tpl_json_sample(body->str, body->len, &len, bare, &nbare, 1);
        json_t *j = sample ? json_loadb(sample, len, JSON_DECODE_ANY, NULL) : NULL;
        const char *scope = json_string_value(json_object_get(j, "scope"));
        if (scope) {
            char form[2100];
            snprintf(form, sizeof form, "scope=%.2048s", scope);
            check_param(rc, body, form, strlen(form), "the token request");
        }
        json_decref(j);
        free(sample);
    }
    const struct node *url = node_get(request, "requestUrlTemplate");
    size_t qlen;
    const char *q = node_string(url) ? action_url_query(url->str, &qlen) : NULL;
    if (q)
        check_param(rc, url, q, qlen, "the token request's URL");
}

const struct rule rule_scope_least_privilege = {
    .slug = "scope-least-privilege",
    .severity = SEV_ERROR,
    .summary = "token requests ask for no wildcard or administrative scope; deprecated scope names warn",
    .explain =
        "What it checks\n"
        "  The scope parameter of a token request (form body or URL query; space-,\n"
        "  '+'- or comma-separated, URL-decoded) holds no forbidden scope: '*', '*:*',\n"
        "  'admin', 'admin:*', any scope with a wildcard ('routing:*') or naming admin.\n"
        "  A scope the platform has renamed is a warning that names its replacement.\n"
        "  Both lists live in rules/scopes.yaml. Scopes given by reference\n"
        "  (${credentials.scope}) cannot be judged here and pass.\n"
        "\n"
        "Why\n"
        "  A data action runs for every caller of a flow: a token with every scope\n"
        "  turns one leaked or misused action into access to the whole organisation.\n"
        "\n"
        "Bad\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&scope=*:*\"\n"
        "\n"
        "Good\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&scope=routing:readonly\"\n",
    .check = check,
};
