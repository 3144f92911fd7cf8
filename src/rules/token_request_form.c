/* token_request_form.c - an OAuth2 token request is a form POST with the
 * client-credentials grant, asks for JSON, and takes its secret from a reference */
#include "rules/rule.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/template.h"

#define FORM_TYPE "application/x-www-form-urlencoded"

/* VALUE without spaces and parameters (";charset=..."), compared to WANT. */
static bool media_type_is(const char *value, const char *want)
{
    while (*value == ' ' || *value == '\t')
        value++;
    size_t n = strcspn(value, "; \t");
    return n == strlen(want) && strncasecmp(value, want, n) == 0;
}

static bool is_reference_only(const char *s, size_t len)
{
    return tpl_literal_len(s, len) == 0;
}

static void check_method(struct rule_ctx *rc, const struct node *request)
{
    const struct node *m = node_get(request, "requestType");
    const char *v = node_string(m);
    if (v && strcmp(v, "POST") != 0 &&
        (!strcmp(v, "GET") || !strcmp(v, "PUT") || !strcmp(v, "PATCH") || !strcmp(v, "DELETE")))
        rule_report(rc, m, "a token request is a POST, not a %s", v);
}

static void check_content_type(struct rule_ctx *rc, const struct node *request)
{
    const struct node *headers = node_get(request, "headers");
    const struct node *ct = node_get_nocase(headers, "Content-Type");
    if (!ct) {
        if (headers && headers->kind == NODE_OBJECT)
            rule_report_missing(rc, headers, "Content-Type",
                                "a token request sends 'Content-Type: " FORM_TYPE "'");
        else
            rule_report_missing(rc, request, "headers",
                                "a token request sends 'Content-Type: " FORM_TYPE "' (it has no headers)");
        return;
    }
    const char *v = node_string(ct);
    if (v && !is_reference_only(v, ct->len) && !media_type_is(v, FORM_TYPE))
        rule_report(rc, ct, "a token request sends a form ('Content-Type: " FORM_TYPE "'), not %s",
                    media_type_is(v, "application/json") ? "JSON" : "this content type");
}

static void check_accept(struct rule_ctx *rc, const struct node *request)
{
    const struct node *headers = node_get(request, "headers");
    const struct node *accept = node_get_nocase(headers, "Accept");
    if (!accept) {
        if (headers && headers->kind == NODE_OBJECT)
            rule_report_missing(rc, headers, "Accept", "a token request asks for 'Accept: application/json'");
        else
            rule_report_missing(rc, request, "headers",
                                "a token request asks for 'Accept: application/json' (it has no headers)");
        return;
    }
    const char *v = node_string(accept);
    if (v && !is_reference_only(v, accept->len) && !strstr(v, "application/json"))
        rule_report(rc, accept, "a token request asks for 'Accept: application/json'");
}

/* A literal client secret in the form or JSON body, or in Basic credentials. */
static void check_secret_source(struct rule_ctx *rc, const struct node *request, enum body_kind kind)
{
    const struct node *body = node_get(request, "requestTemplate");
    const char *s = node_string(body);
    if (s && kind == BODY_FORM) {
        struct tpl_param p;
        const char *t = s + strspn(s, " \t\r\n");
        if (action_form_find(t, strlen(t), "client_secret", &p) &&
            !is_reference_only(t + p.value_start, p.value_end - p.value_start))
            rule_report(rc, body, "the token request's client_secret is not a reference; take it from "
                        "${credentials.clientSecret} or << secrets.clientSecret >>");
    } else if (s && kind == BODY_JSON) {
        char secret[8];
        bool from_ref = false;
        if (action_json_string(s, body->len, "client_secret", secret, sizeof secret, &from_ref) && !from_ref)
            rule_report(rc, body, "the token request's client_secret is not a reference; take it from "
                        "${credentials.clientSecret} or << secrets.clientSecret >>");
    }
    const struct node *url = node_get(request, "requestUrlTemplate");
    size_t qlen;
    const char *q = node_string(url) ? action_url_query(url->str, &qlen) : NULL;
    struct tpl_param qp;
    if (q && action_form_find(q, qlen, "client_secret", &qp) &&
        !is_reference_only(q + qp.value_start, qp.value_end - qp.value_start))
        rule_report(rc, url, "the token request's client_secret is a literal in the URL; send it in the form "
                    "body from a reference");
    const struct node *auth = node_get_nocase(node_get(request, "headers"), "Authorization");
    const char *a = node_string(auth);
    if (a) {
        a += strspn(a, " \t");
        if (strncasecmp(a, "Basic ", 6) == 0 && !is_reference_only(a + 6, strlen(a + 6)))
            rule_report(rc, auth, "the client credentials in 'Authorization' are literal; build them from "
                        "references: Basic $encoding.base64(\"${credentials.clientId}:${credentials.clientSecret}\")");
    }
}

static void check_body(struct rule_ctx *rc, const struct node *request, enum body_kind kind)
{
    const struct node *body = node_get(request, "requestTemplate");
    switch (kind) {
    case BODY_NONE:
        if (body)
            rule_report(rc, body, "a token request sends a form body with grant_type=client_credentials");
        else
            rule_report_missing(rc, request, "requestTemplate",
                                "a token request sends a form body with grant_type=client_credentials");
        return;
    case BODY_JSON:
        rule_report(rc, body, "a token request sends a form body (grant_type=client_credentials&...), not JSON");
        return;
    case BODY_OTHER:
        rule_report(rc, body, "a token request sends a form body with grant_type=client_credentials, "
                    "not the flow's input or other text");
        return;
    case BODY_FORM:
        break;
    }
    const char *s = body->str + strspn(body->str, " \t\r\n");
    struct tpl_param p;
    if (!action_form_find(s, strlen(s), "grant_type", &p)) {
        rule_report(rc, body, "the token request's form body has no grant_type=client_credentials");
        return;
    }
    const char *v = s + p.value_start;
    size_t vl = p.value_end - p.value_start;
    if (!is_reference_only(v, vl) && !(vl == 18 && memcmp(v, "client_credentials", 18) == 0))
        rule_report(rc, body, "the token request's grant_type is not client_credentials");
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request || !action_is_token_request(action))
        return;
    enum body_kind kind = action_body_kind(action);
    check_method(rc, request);
    check_content_type(rc, request);
    check_body(rc, request, kind);
    check_accept(rc, request);
    check_secret_source(rc, request, kind);
    const struct node *gt = node_get_nocase(node_get(request, "headers"), "grant_type");
    if (gt)
        rule_report(rc, gt, "grant_type is sent as a header; it belongs in the form body");
}

const struct rule rule_token_request_form = {
    .slug = "token-request-form",
    .severity = SEV_ERROR,
    .summary = "a token request is a form POST with grant_type=client_credentials, Accept: application/json and a referenced secret",
    .explain =
        "What it checks\n"
        "  An action that requests an OAuth2 token (actionType customAuth, a URL path\n"
        "  ending in /token such as /oauth/token or /oauth2/v2.0/token, or grant_type\n"
        "  sent anywhere) is a POST with 'Content-Type:\n"
        "  application/x-www-form-urlencoded', a form body (not JSON, not\n"
        "  ${input.rawRequest}) holding grant_type=client_credentials, an\n"
        "  'Accept: application/json' header, and a client secret that comes from a\n"
        "  reference, in the body or in Basic credentials. Each unmet point is its\n"
        "  own finding at its own place.\n"
        "\n"
        "Why\n"
        "  RFC 6749 token endpoints read a form; many refuse JSON with a 400 that only\n"
        "  shows up when the flow runs. Without Accept: application/json some\n"
        "  servers answer in another format the translation map cannot read.\n"
        "\n"
        "Bad\n"
        "  \"requestType\": \"POST\",\n"
        "  \"headers\": {\"Content-Type\": \"application/json\"},\n"
        "  \"requestTemplate\": \"{\\\"grant_type\\\": \\\"client_credentials\\\"}\"\n"
        "\n"
        "Good\n"
        "  \"requestType\": \"POST\",\n"
        "  \"headers\": {\"Content-Type\": \"application/x-www-form-urlencoded\",\n"
        "              \"Accept\": \"application/json\"},\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&client_id=${credentials.clientId}&client_secret=<< secrets.clientSecret >>\"\n",
    .precision = "high",
    .tags = (const char *const[]){ "correctness", NULL },
    .check = check,
};
