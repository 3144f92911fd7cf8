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

/* Where a token request carries its grant. */
enum grant_place {
    GRANT_NONE,        /* nowhere this rule can see */
    GRANT_BODY,        /* grant_type in the form body */
    GRANT_QUERY,       /* grant_type=account_credentials in the URL's query (Zoom documents it there) */
    GRANT_CREDENTIAL,  /* the URL comes from a credential, whose query may carry it (Zoom's login URL) */
};

static const char *grant_place_text(enum grant_place g)
{
    return g == GRANT_BODY ? "the form body"
         : g == GRANT_QUERY ? "the URL's query"
         : "the URL's query, set in the credential the URL comes from (as Zoom's login URL is)";
}

/* A grant_type value that is the client-credentials grant: client_credentials,
 * Zoom's account_credentials, or a reference the administrator sets. */
static bool client_grant(const char *v, size_t vl)
{
    return is_reference_only(v, vl) || (vl == 18 && memcmp(v, "client_credentials", 18) == 0) ||
           (vl == 19 && memcmp(v, "account_credentials", 19) == 0);
}

/* The URL starts with a ${credentials.X} reference: its text, query
 * included, is set where the integration's credentials are. */
static bool url_from_credential(const char *url)
{
    size_t pos = 0;
    struct tpl_ref ref;
    url += strspn(url, " \t");
    return tpl_next(url, strlen(url), &pos, &ref) && ref.start == 0 && tpl_root_is(&ref, "credentials");
}

/* Where REQUEST carries its grant: a form body's grant_type first, then the
 * URL's query (account_credentials, or any grant when the URL is built from a
 * credential), then a URL from a credential. */
static enum grant_place find_grant(const struct node *request, enum body_kind kind)
{
    const struct node *body = node_get(request, "requestTemplate");
    struct tpl_param p;
    if (kind == BODY_FORM) {
        const char *b = body->str + strspn(body->str, " \t\r\n");
        if (action_form_find(b, strlen(b), "grant_type", &p))
            return GRANT_BODY;
    }
    const char *url = node_string(node_get(request, "requestUrlTemplate"));
    if (!url)
        return GRANT_NONE;
    bool from_credential = url_from_credential(url);
    size_t qlen;
    const char *q = action_url_query(url, &qlen);
    if (q && action_form_find(q, qlen, "grant_type", &p)) {
        const char *v = q + p.value_start;
        size_t vl = p.value_end - p.value_start;
        if (from_credential || (vl == 19 && memcmp(v, "account_credentials", 19) == 0))
            return GRANT_QUERY;
    }
    return from_credential ? GRANT_CREDENTIAL : GRANT_NONE;
}

static void check_method(struct rule_ctx *rc, const struct node *request)
{
    const struct node *m = node_get(request, "requestType");
    const char *v = node_string(m);
    if (v && strcmp(v, "POST") != 0 &&
        (!strcmp(v, "GET") || !strcmp(v, "PUT") || !strcmp(v, "PATCH") || !strcmp(v, "DELETE")))
        rule_report(rc, m, "a token request is a POST, not a %s", v);
}

static void check_content_type(struct rule_ctx *rc, const struct node *request, enum grant_place grant)
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
    if (!v || is_reference_only(v, ct->len) || media_type_is(v, FORM_TYPE))
        return;
    if (!media_type_is(v, "application/json"))
        rule_report(rc, ct, "a token request sends a form ('Content-Type: " FORM_TYPE "'), not this content type");
    else if (grant == GRANT_BODY || grant == GRANT_NONE)
        rule_report(rc, ct, "a token request sends a form ('Content-Type: " FORM_TYPE "'), not JSON: token "
                    "endpoints read grant_type and the client from a form (RFC 6749 section 4.4.2) and many "
                    "answer a JSON body with a 400");
    else
        rule_report(rc, ct, "'Content-Type: application/json' announces a JSON body that a token endpoint does "
                    "not read: it reads a form (RFC 6749 section 4.4.2), and this request's grant travels in %s; "
                    "send 'Content-Type: " FORM_TYPE "'", grant_place_text(grant));
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

static void check_body(struct rule_ctx *rc, const struct node *request, enum body_kind kind, enum grant_place grant)
{
    const struct node *body = node_get(request, "requestTemplate");
    if ((grant == GRANT_QUERY || grant == GRANT_CREDENTIAL) && kind != BODY_JSON)
        return; /* the grant travels in the URL: the body carries nothing the endpoint needs */
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
    if (!client_grant(v, vl))
        rule_report(rc, body, "the token request's grant_type is not client_credentials");
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request || !action_is_token_request(action))
        return;
    enum body_kind kind = action_body_kind(action);
    enum grant_place grant = find_grant(request, kind);
    check_method(rc, request);
    check_content_type(rc, request, grant);
    check_body(rc, request, kind, grant);
    check_accept(rc, request);
    check_secret_source(rc, request, kind);
    const struct node *gt = node_get_nocase(node_get(request, "headers"), "grant_type");
    const char *gv = node_string(gt);
    if (gt && grant == GRANT_NONE && gv && !strcmp(gv, "account_credentials"))
        rule_report(rc, gt, "the 'grant_type' header is dead: token endpoints never read the grant from a header; "
                    "Zoom reads grant_type=account_credentials from the URL's query");
    else if (gt && grant == GRANT_NONE)
        rule_report(rc, gt, "the 'grant_type' header is dead: token endpoints read the grant from the form body "
                    "(RFC 6749 section 4.4.2), never from a header; send grant_type=client_credentials in the "
                    "form body");
    else if (gt)
        rule_report(rc, gt, "the 'grant_type' header is dead: token endpoints never read the grant from a header, "
                    "and this request's grant travels in %s; remove the header", grant_place_text(grant));
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
        "  own finding at its own place. Zoom's account_credentials is a\n"
        "  client-credentials grant, in the body or, as Zoom documents it, in the\n"
        "  URL's query; a URL built from a credential (${credentials.loginUrl})\n"
        "  may carry the grant in its query: then the body is not judged (Zoom's\n"
        "  token request has none), but a JSON Content-Type and a grant_type\n"
        "  header, which no token endpoint reads, are still findings.\n"
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
        "  \"requestTemplate\": \"grant_type=client_credentials&client_id=${credentials.clientId}&client_secret=<< secrets.clientSecret >>\"\n"
        "\n"
        "Fix\n"
        "  dacc fix adds 'Accept: application/json' (or a headers member holding\n"
        "  it). dacc fix --unsafe rewrites a JSON body that is a flat object of\n"
        "  strings as the form (grant_type=client_credentials&client_id=...) and\n"
        "  sets Content-Type: application/x-www-form-urlencoded: unsafe, as the\n"
        "  endpoint then reads another body. A literal secret is never moved: such\n"
        "  a body stays as it is, with its findings.\n",
    .precision = "high",
    .tags = (const char *const[]){ "correctness", NULL },
    .fixable = FIX_BOTH,
    .check = check,
};
