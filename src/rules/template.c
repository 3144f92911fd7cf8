/* template_refs.c - every Velocity reference of a template can resolve */
#include "rules/rule.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/load.h"
#include "core/template.h"

/* What one template has been told already: each problem once per value. */
struct seen {
    bool broken;
    const char *roots[8];
    size_t nroots;
};

static bool seen_root(struct seen *seen, const char *right)
{
    for (size_t i = 0; i < seen->nroots; i++)
        if (seen->roots[i] == right)
            return true;
    if (seen->nroots == sizeof seen->roots / sizeof seen->roots[0])
        return true; /* enough said about this value */
    seen->roots[seen->nroots++] = right;
    return false;
}

struct refs_walk {
    struct rule_ctx *rc;
    const struct node *n;        /* the value the template is */
    const struct node *aliases;  /* the translation map's keys */
    struct seen seen;
};

/* A reference (nested ones too) that cannot resolve: broken, or miscased. */
static enum tpl_walk_step check_ref(const char *s, const struct tpl_ref *ref, void *ctx)
{
    struct refs_walk *w = ctx;
    if (ref->kind == TPL_BROKEN) {
        const char *o = s + ref->start;
        bool brace = o[0] == '$' && (o[1] == '{' || (o[1] == '!' && o[2] == '{'));
        const char *what = o[0] == '{' ? "'{{' is never closed with '}}'"
                         : brace ? "'${' is never closed with '}'"
                         : "a '(' or '[' is never closed";
        if (!w->seen.broken)
            rule_report(w->rc, w->n, "%s", what);
        w->seen.broken = true;
        return TPL_WALK_OVER;
    }
    if (ref->kind == TPL_VELOCITY && ref->root) {
        const char *right = tpl_miscased_root(ref, w->aliases);
        if (right && !seen_root(&w->seen, right))
            rule_report(w->rc, w->n, "'%.*s' never resolves: Velocity names are case-sensitive; write '%s'",
                        (int)ref->root_len, ref->root, right);
    }
    return TPL_WALK_ON;
}

static void check_template(const struct node *n, const struct node *aliases, void *rc)
{
    struct refs_walk w = { .rc = rc, .n = n, .aliases = aliases };
    if (node_string(n))
        tpl_walk(n->str, n->len, check_ref, &w);
}

/* "{rawResult}" written without its '$'; true when reported. */
static bool check_raw_result(struct rule_ctx *rc, const struct node *n)
{
    const char *s = node_string(n);
    for (const char *p = s ? strstr(s, "{rawResult}") : NULL; p; p = strstr(p + 1, "{rawResult}")) {
        if (p == s || (p[-1] != '$' && p[-1] != '!')) {
            rule_report(rc, n, "'{rawResult}' is missing its '$': write '${rawResult}'");
            return true;
        }
    }
    return false;
}

/* A JSON body (WHAT: "the request body") or success template must stay JSON
 * once references are replaced by sample values.  In a request body a bare
 * reference may stand for any JSON fragment (FRAGMENTS): a fault right at one
 * is not judged; in a success template a bare reference is a translation-map
 * alias or ${rawResult}, each a whole JSON value, so every fault counts. */
static void check_json_text(struct rule_ctx *rc, const struct node *body, const char *what, bool fragments)
{
    size_t len, bare[64], nbare;
    char *sample = tpl_json_sample(body->str, body->len, &len, bare, &nbare, 64);
    if (!sample)
        return; /* directives: what the body becomes depends on the flow */
    json_error_t err;
    json_t *j = json_loadb(sample, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (j) {
        json_decref(j);
        free(sample);
        return;
    }
    /* a bare reference may stand for any JSON (a fragment, an object): a
     * fault right at one is not a fault we can judge */
    size_t at = err.position > 0 ? (size_t)err.position : 0;
    bool near_bare = fragments && nbare == 64;
    for (size_t i = 0; fragments && i < nbare && !near_bare; i++)
        near_bare = at >= bare[i] && at - bare[i] <= 3;
    if (!near_bare) {
        char reason[160];
        load_json_reason(reason, sizeof reason, err.text);
        /* jansson stops after the offending token, which its message quotes:
         * step back to the token's start, then back into the template */
        const char *near = strstr(err.text, " near '");
        size_t token = 0;
        if (near && err.text[strlen(err.text) - 1] == '\'')
            token = strlen(near + 7) - 1;
        size_t out = at >= token ? at - token : 0;
        size_t in = tpl_json_sample_origin(body->str, body->len, out);
        unsigned line = 1, col = 1;
        for (size_t i = 0; i < in && i < body->len; i++) {
            if (body->str[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)body->str[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        rule_report_sev(rc, SEV_WARNING, body, "%s is not valid JSON once references are "
                        "replaced by sample values: %s (line %u, column %u of the template)",
                        what, reason, line, col);
    }
    free(sample);
}

/* N's text starts with '{' or '[' (blanks aside): written as JSON, as a
 * request body is judged JSON (action_body_kind). */
static bool json_shaped(const struct node *n)
{
    size_t i = strspn(n->str, " \t\r\n");
    return n->str[i] == '{' || n->str[i] == '[';
}

/* A {{ secrets.X }} placeholder (nested ones too) that is not the plain
 * form: reported once for the value, and the walk stops. */
static enum tpl_walk_step check_placeholder(const char *s, const struct tpl_ref *ref, void *ctx)
{
    if (ref->kind != TPL_SECRET || ref->angle || tpl_secret_is_plain(s, ref))
        return TPL_WALK_ON;
    struct refs_walk *w = ctx;
    /* its text is not quoted: it might hold a pasted secret */
    rule_report(w->rc, w->n, "a '{{ secrets...' placeholder whose body is not secrets.NAME (NAME: letters, "
                "digits and '_'); build cannot turn it into a secret reference");
    return TPL_WALK_STOP;
}

/* Secret placeholders in every string of the action: build rewrites them all. */
static void check_all_placeholders(struct rule_ctx *rc, const struct node *n)
{
    if (n->kind == NODE_STRING) {
        struct refs_walk w = { .rc = rc, .n = n };
        if (memchr(n->str, '{', n->len))
            tpl_walk(n->str, n->len, check_placeholder, &w);
        return;
    }
    for (size_t i = 0; i < n->n; i++)
        check_all_placeholders(rc, n->kids[i]);
}

/* Form or query parameters named like credentials whose value is an obvious
 * placeholder: sent as they are. */
static void check_placeholder_params(struct rule_ctx *rc, const struct node *n, const char *s, size_t len,
                                     const char *what)
{
    size_t pos = 0;
    struct tpl_param p;
    while (tpl_form_next(s, len, &pos, &p)) {
        char name[64], value[256];
        tpl_url_decode(s + p.key_start, p.key_end - p.key_start, name, sizeof name);
        size_t vl = tpl_url_decode(s + p.value_start, p.value_end - p.value_start, value, sizeof value);
        if (ruledata_is_secret_name(rc->data, name, strlen(name)) &&
            action_placeholder_value(rc->data, rc->scratch, value, vl))
            rule_report_sev(rc, SEV_WARNING, n, "%s parameter '%s' is a placeholder value sent as is: the API "
                            "receives that text, not a credential; take it from a reference such as "
                            "${credentials.NAME} or << secrets.NAME >>", what, name);
    }
}

/* A credential position (a header named like a credential or holding an auth
 * scheme, a parameter named like one) that holds an obvious placeholder
 * ("Bearer YOUR_TOKEN_HERE", "<api-key>", "changeme"): not a secret, which
 * plaintext-secret leaves alone, but the action sends it as it is. */
static void check_placeholder_values(struct rule_ctx *rc, const struct node *action, const struct node *request)
{
    const struct node *headers = node_get(request, "headers");
    for (size_t i = 0; headers && headers->kind == NODE_OBJECT && i < headers->n; i++) {
        const struct node *h = headers->kids[i];
        const char *v = node_string(h);
        if (!v || !action_placeholder_value(rc->data, rc->scratch, v, h->len))
            continue;
        char key[80];
        v += strspn(v, " \t\"'");
        bool scheme = strncasecmp(v, "Bearer ", 7) == 0 || strncasecmp(v, "Basic ", 6) == 0 ||
                      strncasecmp(v, "Token ", 6) == 0 || strncasecmp(v, "Digest ", 7) == 0;
        if (scheme || ruledata_is_secret_name(rc->data, h->key, h->key_len))
            rule_report_sev(rc, SEV_WARNING, h, "header '%s' is a placeholder value sent as is: the API receives "
                            "that text, not a credential; take it from a reference such as ${credentials.NAME} "
                            "or << secrets.NAME >>", node_key_text(h, key, sizeof key));
    }
    const struct node *url = node_get(request, "requestUrlTemplate");
    size_t qlen;
    const char *q = node_string(url) ? action_url_query(url->str, &qlen) : NULL;
    if (q)
        check_placeholder_params(rc, url, q, qlen, "query");
    const struct node *body = node_get(request, "requestTemplate");
    if (node_string(body) && action_body_kind(action) == BODY_FORM)
        check_placeholder_params(rc, body, body->str, body->len, "form");
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    check_all_placeholders(rc, action);
    const struct node *request = action_request(action);
    const struct node *response = node_path(action, "config/response");
    tpl_each_value(action, check_template, rc);
    const struct node *body = node_get(request, "requestTemplate");
    const struct node *success = node_get(response, "successTemplate");
    bool raw_result_said = check_raw_result(rc, success);
    if (node_string(body) && action_body_kind(action) == BODY_JSON)
        check_json_text(rc, body, "the request body", true);
    if (node_string(success) && !raw_result_said && json_shaped(success))
        check_json_text(rc, success, "the success template", false);
    check_placeholder_values(rc, action, request);
}

const struct rule rule_template = {
    .slug = "template",
    .severity = SEV_ERROR,
    .summary = "every Velocity reference can resolve: case-sensitive roots, balanced ${ and (; JSON bodies stay JSON (warning)",
    .explain =
        "What it checks\n"
        "  In the URL, the headers, the request body and the success template: a\n"
        "  reference whose root differs from input, credentials, esc, rawResult,\n"
        "  encoding, math, successTemplateUtils (or a translation-map alias in the\n"
        "  success template) only in case ($Input.x, ${INPUT.x}, ${Credentials.x});\n"
        "  a '${', '{{', '(' or '[' that is never closed; '{rawResult}' without its\n"
        "  '$'; anywhere in the action, a '{{ secrets.X }}' whose body is more than\n"
        "  secrets.NAME (NAME: letters, digits, '_'), which build cannot rewrite.\n"
        "  A request body sent as JSON must still be JSON once every reference\n"
        "  is replaced by a sample value (a warning; a bare reference that may stand\n"
        "  for any JSON fragment is given the benefit of the doubt), and so must\n"
        "  a success template written as JSON (starting with '{' or '['), whose\n"
        "  output the platform parses as JSON (a warning; there a bare reference\n"
        "  is a translation-map alias or ${rawResult}, a whole JSON value, so an\n"
        "  extra '}' after one counts).\n"
        "  The message gives the line and column inside the template. A header or\n"
        "  a form or query parameter in a credential position (named like a\n"
        "  credential, or after Bearer / Basic) that holds an obvious placeholder\n"
        "  (YOUR_TOKEN_HERE, <token>, xxxx, changeme, TOKEN: rules/secrets.yaml's\n"
        "  placeholders) is a warning: it is no secret, but it is sent as it is.\n"
        "\n"
        "Why\n"
        "  Velocity is case-sensitive and leaves a reference it cannot resolve as\n"
        "  literal text: the request goes out with '$Input.id' in its URL and fails\n"
        "  only when a caller reaches that flow step.\n"
        "\n"
        "Bad\n"
        "  \"requestUrlTemplate\": \"/api/v2/outbound/contactlists/$Input.contactListId/contacts\"\n"
        "\n"
        "Good\n"
        "  \"requestUrlTemplate\": \"/api/v2/outbound/contactlists/${input.contactListId}/contacts\"\n"
        "\n"
        "Fix\n"
        "  dacc fix writes a wrong-case root the way that resolves ($Input.x ->\n"
        "  $input.x, ${INPUT.x} -> ${input.x}, an alias as the translation map\n"
        "  spells it) in the file's text of the value; a root written with an escape\n"
        "  (\\u0024Input) is left to the hand. The other findings have no fix.\n",
    .precision = "high",
    .tags = (const char *const[]){ "correctness", NULL },
    .fixable = FIX_SAFE,
    .check = check,
};
