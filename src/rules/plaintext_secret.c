/* plaintext_secret.c - no literal credential anywhere in an action */
#include "rules/rule.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/conceal.h"
#include "core/template.h"

#define REF_MARK "\x01"

/* Where a value sits, in words, for messages ("header 'X-API-Key'"). */
static void describe(const struct node *action, const struct node *n, char *out, size_t outlen)
{
    char key[80];
    const struct node *request = action_request(action);
    const struct node *response = node_path(action, "config/response");
    const struct node *parent = n->parent;
    if (parent && parent == node_get(request, "headers"))
        snprintf(out, outlen, "header '%s'", node_key_text(n, key, sizeof key));
    else if (n == node_get(request, "requestUrlTemplate"))
        snprintf(out, outlen, "the request URL");
    else if (n == node_get(request, "requestTemplate"))
        snprintf(out, outlen, "the request body");
    else if (parent && parent == node_get(response, "translationMapDefaults"))
        snprintf(out, outlen, "translation default '%s'", node_key_text(n, key, sizeof key));
    else if (n == node_get(response, "successTemplate"))
        snprintf(out, outlen, "the success template");
    else if (n->key)
        snprintf(out, outlen, "'%s'", node_key_text(n, key, sizeof key));
    else if (parent && parent->key)
        snprintf(out, outlen, "an entry of '%s'", node_key_text(parent, key, sizeof key));
    else
        snprintf(out, outlen, "a value");
}

/* The literal part of S (references replaced by REF_MARK), malloc'd. */
static char *literal_text(const char *s, size_t len, size_t *outlen)
{
    char *buf = malloc(len + 1);
    if (!buf)
        return NULL;
    /* a reference is at least 2 bytes and its mark 1: the text only shrinks */
    *outlen = tpl_strip(s, len, buf, len + 1, REF_MARK);
    return buf;
}

/* One half of a user:password pair (references marked): true when its
 * literal text is one character or an obvious placeholder. */
static bool trivial_half(struct rule_ctx *rc, const char *h, size_t n)
{
    return !memchr(h, REF_MARK[0], n) && (n <= 1 || ruledata_is_placeholder(rc->data, h, n, rc->scratch));
}

/* One half is a reference and nothing else. */
static bool referenced_half(const char *h, size_t n)
{
    return n == 1 && h[0] == REF_MARK[0];
}

/* True when the quoted text Q[0..N) is a user:password pair with one half a
 * reference and the other a reference, one character or a placeholder
 * (Freshdesk's "${credentials.apiKey}:X"): no credential is written there. */
static bool harmless_pair(struct rule_ctx *rc, const char *q, size_t n)
{
    size_t tl;
    char *text = literal_text(q, n, &tl);
    const char *colon = text ? memchr(text, ':', tl) : NULL;
    bool yes = false;
    if (colon) {
        size_t al = (size_t)(colon - text), bl = tl - al - 1;
        const char *b = colon + 1;
        yes = (referenced_half(text, al) && (referenced_half(b, bl) || trivial_half(rc, b, bl))) ||
              (referenced_half(b, bl) && trivial_half(rc, text, al));
    }
    free(text);
    return yes;
}

/* True when the literal text inside the quoted call arguments of VALUE
 * ($encoding.base64("user:password")) is a credential: any quoted argument
 * with literal text that is not a harmless pair. */
static bool literal_call_args(struct rule_ctx *rc, const char *value, size_t len)
{
    size_t pos = 0;
    struct tpl_ref ref;
    while (tpl_next(value, len, &pos, &ref)) {
        if (ref.inner_end <= ref.inner_start || ref.kind == TPL_BROKEN)
            continue;
        for (size_t i = ref.inner_start; i < ref.inner_end; i++) {
            char q = value[i];
            if (q != '"' && q != '\'')
                continue;
            size_t k = i + 1;
            while (k < ref.inner_end && value[k] != q)
                k += value[k] == '\\' ? 2 : 1;
            if (k >= ref.inner_end)
                break;
            if (tpl_literal_len(value + i + 1, k - i - 1) > 0 && !harmless_pair(rc, value + i + 1, k - i - 1))
                return true;
            i = k;
        }
    }
    return false;
}

/* True when VALUE holds literal content that is not a placeholder. */
static bool literal_credential(struct rule_ctx *rc, const char *value, size_t len)
{
    if (tpl_literal_len(value, len) == 0)
        return false;
    if (tpl_args_literal_len(value, len) > 0 && literal_call_args(rc, value, len))
        return true; /* Basic $encoding.base64("user:password"): literal inside the call */
    size_t tl;
    char *text = literal_text(value, len, &tl);
    if (!text)
        return false;
    /* judge the credential without an auth scheme in front of it */
    const char *v = text;
    while (*v == ' ' || *v == '"' || *v == '\'')
        v++;
    for (const char *const *scheme = (const char *const[]){ "Bearer ", "Basic ", "Token ", NULL }; *scheme; scheme++)
        if (strncasecmp(v, *scheme, strlen(*scheme)) == 0)
            v += strlen(*scheme);
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '"' || v[vl - 1] == '\''))
        vl--;
    bool yes = vl > 0 && !memchr(v, REF_MARK[0], vl) && !ruledata_is_placeholder(rc->data, v, vl, rc->scratch);
    free(text);
    return yes;
}

/* Known credential formats in string N; true when one was reported.  A
 * value that is an obvious placeholder, alone or after an auth scheme
 * ("Bearer YOUR_TOKEN_HERE"), is not a credential: template warns that it is
 * sent as is. */
static bool check_formats(struct rule_ctx *rc, const struct node *n)
{
    size_t tl;
    char *text = literal_text(n->str, n->len, &tl);
    if (!text)
        return false;
    const struct secret_format *sf = ruledata_find_secret(rc->data, text, tl, rc->scratch);
    free(text);
    /* the placeholder question only for what looks like a credential: most
     * strings are neither, and asking first compiled its patterns every run */
    if (!sf || action_placeholder_value(rc->data, rc->scratch, n->str, n->len))
        return false;
    char where[128];
    describe(rc->action, n, where, sizeof where);
    rule_report_sensitive(rc, n, "literal %s in %s; take it from a secret reference such as << secrets.NAME >>",
                          sf->name, where);
    return true;
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* The longest value judged after NAME= in free text: a credential is far
 * shorter, and judging each of many NAME= over the rest of a long text would
 * take time quadratic in its length. */
#define EMBEDDED_VALUE_MAX 4096

/* In the literal TEXT (TL bytes; references marked), a secret-named NAME
 * with a literal VALUE in NAME=VALUE: true, with where NAME starts and its
 * length.  Linear in TL: the end of a value is found once for every '=' up
 * to it, and a name is never longer than the run of name characters before
 * its '='. */
static bool find_embedded_param(struct rule_ctx *rc, const char *text, size_t tl, size_t *name, size_t *name_len)
{
    size_t end = 0; /* the first delimiter at or after the current '=' + 1 */
    for (size_t i = 1; i < tl; i++) {
        if (text[i] != '=')
            continue;
        size_t ks = i;
        while (ks > 0 && name_char(text[ks - 1]))
            ks--;
        if (end <= i) {
            end = i + 1;
            while (end < tl && !strchr("&\"' \t\r\n,;<>{}[]()", text[end]))
                end++;
        }
        size_t ve = end - i - 1 > EMBEDDED_VALUE_MAX ? i + 1 + EMBEDDED_VALUE_MAX : end;
        if (ks < i && ve > i + 1 && ruledata_is_secret_name(rc->data, text + ks, i - ks) &&
            literal_credential(rc, text + i + 1, ve - i - 1)) {
            *name = ks;
            *name_len = i - ks;
            return true;
        }
    }
    return false;
}

/* NAME=VALUE inside free text (a default, an example, a success template, a
 * name): a secret-named NAME with a literal VALUE; true when one was reported. */
static bool check_embedded_params(struct rule_ctx *rc, const struct node *n)
{
    if (!memchr(n->str, '=', n->len))
        return false;
    size_t tl, at, len;
    char *text = literal_text(n->str, n->len, &tl);
    bool found = text && find_embedded_param(rc, text, tl, &at, &len);
    if (found) {
        char where[128];
        describe(rc->action, n, where, sizeof where);
        rule_report_sensitive(rc, n, "%s holds '%.*s=' with a literal credential; take it from a "
                              "reference such as << secrets.NAME >>", where, (int)(len < 60 ? len : 60), text + at);
    }
    free(text);
    return found;
}

/* A random literal that looks like a key in string N (for which no closer
 * check spoke); true when reported. */
static bool check_random(struct rule_ctx *rc, const struct node *n, const char *fix)
{
    size_t tl;
    char *text = literal_text(n->str, n->len, &tl);
    bool yes = text && !strstr(text, "://") && ruledata_random_token(rc->data, rc->scratch, text, tl);
    if (yes) {
        char where[128];
        describe(rc->action, n, where, sizeof where);
        rule_report_sensitive(rc, n, "%s holds a high-entropy literal that looks like a credential; %s", where, fix);
    }
    free(text);
    return yes;
}

/* Form parameters (a body or a URL query) named like secrets, or random. */
static void check_params(struct rule_ctx *rc, const struct node *n, const char *s, size_t len,
                         const char *what)
{
    size_t pos = 0;
    struct tpl_param p;
    while (tpl_form_next(s, len, &pos, &p)) {
        char name[64], value[1024];
        tpl_url_decode(s + p.key_start, p.key_end - p.key_start, name, sizeof name);
        const char *raw = s + p.value_start;
        size_t rawlen = p.value_end - p.value_start;
        bool named = ruledata_is_secret_name(rc->data, name, strlen(name));
        if (named && literal_credential(rc, raw, rawlen)) {
            rule_report_sensitive(rc, n, "%s parameter '%s' is a literal credential; take it from a "
                                  "reference such as ${credentials.NAME} or << secrets.NAME >>", what, name);
        } else if (!named && tpl_literal_len(raw, rawlen) > 0) {
            size_t vl = tpl_url_decode(raw, rawlen, value, sizeof value);
            size_t tl;
            char *text = literal_text(value, vl, &tl);
            if (text && ruledata_random_token(rc->data, rc->scratch, text, tl))
                rule_report_sensitive(rc, n, "%s parameter '%s' holds a high-entropy literal that looks "
                                      "like a credential; take it from a secret reference", what, name);
            free(text);
        }
    }
}

/* Fields of a JSON body named like secrets with literal string values. */
static void check_json_fields(struct rule_ctx *rc, const struct node *n, json_t *v, int depth)
{
    if (depth > 64)
        return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            check_json_fields(rc, n, json_array_get(v, i), depth + 1);
        return;
    }
    for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
        const char *key = json_object_iter_key(it);
        json_t *member = json_object_iter_value(it);
        if (json_is_string(member) && ruledata_is_secret_name(rc->data, key, strlen(key))) {
            const char *s = json_string_value(member);
            size_t len = json_string_length(member);
            if (!strstr(s, TPL_SAMPLE_TEXT) && len && !ruledata_is_placeholder(rc->data, s, len, rc->scratch)) {
                char name[80];
                snprintf(name, sizeof name, "%.60s", key);
                rule_report_sensitive(rc, n, "field '%s' of the request body is a literal credential; take it "
                                      "from a reference such as ${credentials.NAME} or << secrets.NAME >>", name);
            }
        } else {
            check_json_fields(rc, n, member, depth + 1);
        }
    }
}

static void check_body(struct rule_ctx *rc, const struct node *body)
{
    const char *s = node_string(body);
    if (!s)
        return;
    switch (action_body_kind(rc->action)) {
    case BODY_FORM:
        check_params(rc, body, s, body->len, "form");
        break;
    case BODY_JSON: {
        size_t len, bare[1], nbare;
        char *sample = tpl_json_sample(s, body->len, &len, bare, &nbare, 1);
        if (!sample)
            break;
        json_t *j = json_loadb(sample, len, JSON_DECODE_ANY, NULL);
        if (j)
            check_json_fields(rc, body, j, 0);
        json_decref(j);
        free(sample);
        break;
    }
    default:
        break;
    }
}

static void check_headers(struct rule_ctx *rc, const struct node *headers)
{
    for (size_t i = 0; headers && headers->kind == NODE_OBJECT && i < headers->n; i++) {
        const struct node *h = headers->kids[i];
        if (h->kind != NODE_STRING || check_formats(rc, h))
            continue;
        char where[128];
        describe(rc->action, h, where, sizeof where);
        if (ruledata_is_secret_name(rc->data, h->key, h->key_len)) {
            if (literal_credential(rc, h->str, h->len))
                rule_report_sensitive(rc, h, "%s is a literal credential; take it from a reference such as "
                                      "${credentials.NAME} or << secrets.NAME >>", where);
            continue;
        }
        check_random(rc, h, "take it from a secret reference");
    }
}

/* https://user:password@host: a literal password in the userinfo. */
static void check_userinfo(struct rule_ctx *rc, const struct node *url)
{
    const char *s = node_string(url);
    const char *p = s ? strstr(s, "://") : NULL;
    if (!p)
        return;
    p += 3;
    size_t auth = strcspn(p, "/?#");
    const char *at = memchr(p, '@', auth);
    const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
    if (colon && literal_credential(rc, colon + 1, (size_t)(at - colon - 1)))
        rule_report_sensitive(rc, url, "the request URL carries a literal password in its userinfo; "
                              "take it from a secret reference");
}

static bool is_contract_value(const struct node *n)
{
    /* default, examples and enum entries of a contract property */
    for (const struct node *p = n; p; p = p->parent)
        if (p->key && (!strcmp(p->key, "default") || !strcmp(p->key, "examples") ||
                       !strcmp(p->key, "example") || !strcmp(p->key, "enum")))
            return true;
    return false;
}

/* The contract property a default/example belongs to: the member of "properties". */
static const struct node *contract_property(const struct node *n)
{
    for (const struct node *p = n; p && p->parent; p = p->parent)
        if (p->parent->key && !strcmp(p->parent->key, "properties"))
            return p;
    return NULL;
}

static void check_contract(struct rule_ctx *rc, const struct node *n)
{
    if (n->kind == NODE_STRING) {
        const struct node *prop = contract_property(n);
        if (prop && is_contract_value(n) && ruledata_is_secret_name(rc->data, prop->key, prop->key_len) &&
            literal_credential(rc, n->str, n->len)) {
            char name[80];
            rule_report_sensitive(rc, n, "the contract gives '%s' a literal credential as a default or "
                                  "example; leave it out", node_key_text(prop, name, sizeof name));
        }
        return;
    }
    for (size_t i = 0; i < n->n; i++)
        check_contract(rc, n->kids[i]);
}

/* The members whose strings closer checks judge. */
struct places {
    const struct node *headers, *url, *form, *defaults, *contract;
};

/* Each string of the action but the headers is judged once, by the first of:
 * a known format; nothing more for the URL and a form body (their parameters
 * are checked as such) and for a translation default or contract value named
 * like a secret (checked as such); a secret-named NAME=VALUE inside it; and
 * for a translation default or contract value, a high-entropy literal. */
static void check_all_strings(struct rule_ctx *rc, const struct node *n, const struct places *pl, bool in_contract)
{
    if (n == pl->headers)
        return;
    if (n->kind != NODE_STRING) {
        for (size_t i = 0; i < n->n; i++)
            check_all_strings(rc, n->kids[i], pl, in_contract || n == pl->contract);
        return;
    }
    if (check_formats(rc, n) || n == pl->url || n == pl->form)
        return;
    const struct node *named = n->parent == pl->defaults ? n
                             : in_contract && is_contract_value(n) ? contract_property(n) : NULL;
    if (named && ruledata_is_secret_name(rc->data, named->key, named->key_len))
        return;
    if (check_embedded_params(rc, n) || !named)
        return;
    check_random(rc, n, n->parent == pl->defaults ? "defaults are visible to every flow author"
                                                  : "a contract's defaults and examples are visible to every flow author");
}

/* Names that are credentials: a member name (a token pasted as a header's
 * name), or the name in a reference (a key pasted where {{ secrets.NAME }} or
 * ${credentials.NAME} wants a name, which build would copy into the import
 * file and the manifest).  Neither is ever shown: conceal_action() judged
 * every name before the rules ran and marked the nodes (conceal.h). */
static void check_names(struct rule_ctx *rc, const struct node *n, int depth)
{
    char where[128];
    if (n->key && n->key_hidden) {
        const struct node *parent = n->parent;
        if (parent && parent->key)
            snprintf(where, sizeof where, "a member of '%s'", node_key_text(parent, (char[80]){ 0 }, 80));
        else
            snprintf(where, sizeof where, "a member");
        rule_report_sensitive_key(rc, n, "%s has a name that looks like a credential; a value pasted as a "
                                  "name is sent and exported as it is: name it, and take the value from a "
                                  "reference", where);
    }
    if (n->kind == NODE_STRING && n->ref_hidden) {
        describe(rc->action, n, where, sizeof where);
        rule_report_sensitive(rc, n, "%s holds a reference whose name looks like a credential (a value "
                              "pasted where the name goes); name the secret, as in << secrets.API_KEY >>",
                              where);
    }
    for (size_t i = 0; depth < 512 && i < n->n; i++)
        check_names(rc, n->kids[i], depth + 1);
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    if (action->kind != NODE_OBJECT)
        return;
    const struct node *request = action_request(action);
    const struct node *headers = node_get(request, "headers");
    const struct node *url = node_get(request, "requestUrlTemplate");
    const struct node *body = node_get(request, "requestTemplate");
    const struct node *defaults = node_path(action, "config/response/translationMapDefaults");
    const struct node *contract = node_get(action, "contract");
    const struct places pl = { headers, url, action_body_kind(action) == BODY_FORM ? body : NULL,
                               defaults && defaults->kind == NODE_OBJECT ? defaults : NULL, contract };
    check_all_strings(rc, action, &pl, false);
    check_headers(rc, headers);
    if (node_string(url)) {
        size_t qlen;
        const char *q = action_url_query(url->str, &qlen);
        if (q)
            check_params(rc, url, q, qlen, "query");
        check_userinfo(rc, url);
    }
    check_body(rc, body);
    for (size_t i = 0; pl.defaults && i < pl.defaults->n; i++) {
        const struct node *d = pl.defaults->kids[i];
        if (d->kind == NODE_STRING && ruledata_is_secret_name(rc->data, d->key, d->key_len) &&
            literal_credential(rc, d->str, d->len)) {
            char where[128];
            describe(action, d, where, sizeof where);
            rule_report_sensitive(rc, d, "%s is a literal credential; defaults are visible to every "
                                  "flow author, leave it empty", where);
        }
    }
    if (contract)
        check_contract(rc, contract);
    check_names(rc, action, 0);
}

const struct rule rule_plaintext_secret = {
    .slug = "plaintext-secret",
    .severity = SEV_ERROR,
    .summary = "no literal credential anywhere in an action: headers, URL, body, defaults, contract",
    .explain =
        "What it checks\n"
        "  Every string of an action, with template references taken out, against\n"
        "  known credential formats (JWTs, Bearer and Basic literals, AWS, GitHub,\n"
        "  GitLab, Slack, Stripe, Google, Azure storage, HubSpot, Twilio and SendGrid\n"
        "  keys, PEM private keys, Slack/Teams/Discord webhook URLs); headers, form\n"
        "  and query parameters, JSON body fields, translation defaults and contract\n"
        "  defaults or examples whose name says they hold a credential (client_secret,\n"
        "  password, api_key, token, x-api-key ...) and have a literal value, as\n"
        "  does such a NAME=value inside any other string (a default, an example,\n"
        "  the success template, the name); and high-entropy literals in headers,\n"
        "  parameters, translation defaults and contract values. Member names and\n"
        "  the names in references are judged too: a token pasted as a header's\n"
        "  name, or where {{ secrets.NAME }} wants a name. References\n"
        "  (${credentials.x}, {{ secrets.X }}, << secrets.X >>, ${input.x}) and obvious\n"
        "  placeholders (YOUR_API_KEY, <client-secret>, changeme, xxxx, also after\n"
        "  an auth scheme: Bearer YOUR_TOKEN_HERE) pass: template warns that they\n"
        "  are sent as they are. A Basic pair built from a reference and a\n"
        "  one-character or placeholder half passes too:\n"
        "  $encoding.base64(\"${credentials.apiKey}:X\") is Freshdesk's API-key\n"
        "  login, X its documented dummy password. The patterns live in\n"
        "  rules/secrets.yaml. A finding names the kind of secret and where it is,\n"
        "  never the secret.\n"
        "\n"
        "Why\n"
        "  An action definition is exported, reviewed, committed and copied between\n"
        "  organisations. A credential in it leaks to everyone who can read the\n"
        "  repository, and cannot be rotated without editing every copy.\n"
        "\n"
        "Bad\n"
        "  \"headers\": {\"X-API-Key\": \"4f9c2b7e8a1d4c3f9b6e2a7d8c1f3e5a\"}\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&client_secret=hunter2\"\n"
        "\n"
        "Good\n"
        "  \"headers\": {\"X-API-Key\": \"${credentials.apiKey}\"}\n"
        "  \"requestTemplate\": \"grant_type=client_credentials&client_secret=<< secrets.clientSecret >>\"\n",
    .precision = "high",
    .tags = (const char *const[]){ "security", "external/cwe/cwe-798", "external/cwe/cwe-312", NULL },
    .security_severity = "9.1",
    .check = check,
};
