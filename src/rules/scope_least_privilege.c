/* scope_least_privilege.c - token requests ask only for the scopes they need */
#include "rules/rule.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/template.h"

/* Judge one scope.  VERB says who has it ("the token request asks for",
 * "client 'X' is granted"), FIX what to do.  True when it was reported. */
static bool check_scope(struct rule_ctx *rc, const struct node *at, const char *scope, size_t len,
                        const char *verb, const char *fix)
{
    if (config_scope_allowed(rc->config, scope, len))
        return false; /* an exception the team decided on */
    if (ruledata_scope_forbidden(rc->data, scope, len, rc->scratch)) {
        rule_report(rc, at, "%s the wildcard or administrative scope '%.*s'; %s", verb, (int)len, scope, fix);
        return true;
    }
    const char *pattern = config_scope_forbidden(rc->config, scope, len);
    if (pattern) {
        rule_report(rc, at, "%s the scope '%.*s', which .dacc.yaml forbids (scopes.forbid pattern '%.80s'); %s", verb,
                    (int)len, scope, pattern, fix);
        return true;
    }
    for (size_t i = 0; i < rc->data->nrenames; i++) {
        const struct scope_rename *r = &rc->data->renames[i];
        if (strlen(r->from) == len && memcmp(r->from, scope, len) == 0) {
            rule_report_sev(rc, SEV_WARNING, at, "%s the deprecated scope '%s'; the platform now names it '%s'",
                            verb, r->from, r->to);
            return true;
        }
    }
    return false;
}

/* A token request's client, and what its scopes tell the run. */
struct asked {
    const struct config_grant *grant;   /* .dacc.yaml's grant of the client, or NULL */
    char client[256];
    bool by_name;                       /* some scope is named literally */
    bool unknown;                       /* some scope comes from a reference */
};

static const char request_fix[] = "ask only for the scopes the action needs";

/* Each scope of the scope=... parameter in the form text S. */
static void check_param(struct rule_ctx *rc, const struct node *at, const char *s, size_t len,
                        const char *verb, struct asked *asked)
{
    struct tpl_param p;
    if (!action_form_find(s, len, "scope", &p))
        return;
    char value[2048], literal[2048];
    size_t vl = tpl_url_decode(s + p.value_start, p.value_end - p.value_start, value, sizeof value);
    /* references stand for scopes nobody can judge here: take them out */
    size_t ll = tpl_strip(value, vl, literal, sizeof literal, " ");
    if (ll != vl)
        asked->unknown = true;
    for (size_t i = 0; i < ll;) {
        while (i < ll && (literal[i] == ' ' || literal[i] == '+' || literal[i] == ','))
            i++;
        size_t start = i;
        while (i < ll && literal[i] != ' ' && literal[i] != '+' && literal[i] != ',')
            i++;
        if (i == start)
            continue;
        const char *scope = literal + start;
        size_t n = i - start, k;
        asked->by_name = true;
        if (check_scope(rc, at, scope, n, verb, request_fix) || !asked->grant)
            continue;
        if (config_grant_has(asked->grant, scope, n, &k)) {
            if (rc->marks)
                rc->marks[asked->grant->mark + k] = 1;
        } else {
            rule_report(rc, at, "%s '%.*s', which .dacc.yaml does not grant client '%s' (scopes.granted); the "
                        "token server will refuse it: ask only for granted scopes, or add it to the grant",
                        verb, (int)n, scope, asked->client);
        }
    }
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request || !action_is_token_request(action))
        return;
    struct asked asked = { 0 };
    size_t clen = action_client(action, asked.client, sizeof asked.client);
    asked.grant = clen ? config_grant_find(rc->config, asked.client, clen) : NULL;
    const char *verb = "the token request asks for";
    const struct node *body = node_get(request, "requestTemplate");
    if (node_string(body) && action_body_kind(action) == BODY_FORM) {
        const char *s = body->str + strspn(body->str, " \t\r\n");
        check_param(rc, body, s, strlen(s), verb, &asked);
    }
    if (node_string(body) && action_body_kind(action) == BODY_JSON) {
        /* the wrong body for a token request (token-request-form says so), but its scopes still count */
        char form[2100] = "scope=";
        bool from_ref = false;
        if (action_json_string(body->str, body->len, "scope", form + 6, 2049, &from_ref)) {
            if (from_ref)
                asked.unknown = true; /* from a reference */
            else
                check_param(rc, body, form, strlen(form), verb, &asked);
        }
    }
    const struct node *url = node_get(request, "requestUrlTemplate");
    size_t qlen;
    const char *q = node_string(url) ? action_url_query(url->str, &qlen) : NULL;
    if (q)
        check_param(rc, url, q, qlen, "the token request's URL asks for", &asked);
    if (asked.grant && rc->marks) {
        rc->marks[CONFIG_MARK_SEEN(asked.grant)] = 1;
        /* no scope named: the token carries everything granted, any of it may be needed */
        if (!asked.by_name || asked.unknown)
            rc->marks[CONFIG_MARK_ASKS_ALL(asked.grant)] = 1;
    }
}

/* The grants of .dacc.yaml: no forbidden scope, and (for each client whose
 * token requests this run saw, all naming their scopes) none that no request
 * asks for. */
static void finish(struct rule_ctx *rc)
{
    for (size_t g = 0; g < rc->config->ngrants; g++) {
        const struct config_grant *grant = &rc->config->grants[g];
        char client[256], verb[300];
        node_key_text(grant->at, client, sizeof client);
        snprintf(verb, sizeof verb, "client '%s' is granted", client);
        bool judged = rc->marks && rc->marks[CONFIG_MARK_SEEN(grant)] && !rc->marks[CONFIG_MARK_ASKS_ALL(grant)];
        for (size_t i = 0; i < grant->nscopes; i++) {
            const struct node *at = grant->scopes[i];
            if (check_scope(rc, at, at->str, at->len, verb, "withdraw it and grant only what the actions need"))
                continue;
            if (judged && !rc->marks[grant->mark + i])
                rule_report_sev(rc, SEV_WARNING, at,
                                "client '%s' is granted '%s', but none of its token requests in the files linted "
                                "asks for it; withdraw the grant", client, at->str);
        }
    }
}

const struct rule rule_scope_least_privilege = {
    .slug = "scope-least-privilege",
    .severity = SEV_ERROR,
    .summary = "token requests and client grants hold no wildcard or administrative scope; unneeded grants warn",
    .explain =
        "What it checks\n"
        "  The scope parameter of a token request (form body, JSON body or URL query;\n"
        "  space-, '+'- or comma-separated, URL-decoded) holds no forbidden scope: '*',\n"
        "  '*:*', 'admin', 'admin:*', any scope with a wildcard ('routing:*') or naming\n"
        "  admin. A scope the platform has renamed is a warning that names its\n"
        "  replacement. Both lists live in rules/scopes.yaml; scopes.allow in\n"
        "  .dacc.yaml makes exceptions and scopes.forbid adds to them. Scopes given by\n"
        "  reference (${credentials.scope}) cannot be judged here and pass.\n"
        "\n"
        "  scopes.granted in .dacc.yaml lists what each OAuth client has been granted,\n"
        "  keyed by the client as its token request names it: the literal client_id,\n"
        "  or the secret or credential it comes from (GENESYS_CLIENT_ID for\n"
        "  {{ secrets.GENESYS_CLIENT_ID }}, clientId for ${credentials.clientId}).\n"
        "  Then a token request that asks for a scope its client is not granted is an\n"
        "  error (the token server refuses it); a granted scope that is forbidden is an\n"
        "  error; and a granted scope that none of the client's token requests in the\n"
        "  linted files asks for is a warning, reported at the grant in .dacc.yaml.\n"
        "  That last check is made only for clients with a token request among the\n"
        "  files linted, all of them naming their scopes: a request without a scope\n"
        "  parameter gets everything granted, so any grant may be in use.\n"
        "\n"
        "Why\n"
        "  A data action runs for every caller of a flow: a token with every scope\n"
        "  turns one leaked or misused action into access to the whole organisation,\n"
        "  and a grant nobody uses is privilege an attacker gets for free.\n"
        "\n"
        "Bad\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&scope=*:*\"\n"
        "\n"
        "Good\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&scope=routing:readonly\"\n"
        "  with, in .dacc.yaml:\n"
        "    scopes:\n"
        "      granted:\n"
        "        GENESYS_CLIENT_ID: [routing:readonly]\n",
    .precision = "high",
    .tags = (const char *const[]){ "security", "external/cwe/cwe-250", NULL },
    .security_severity = "4.8",
    .check = check,
    .finish = finish,
};
