/* insecure_url.c - what an action calls is https, without credentials in the URL */
#include "rules/rule.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Length of the URL scheme at S when S is an absolute URL ("scheme://"), else 0. */
static size_t scheme_len(const char *s)
{
    const char *p = s;
    if (!isalpha((unsigned char)*p))
        return 0;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return strncmp(p, "://", 3) == 0 ? (size_t)(p - s) : 0;
}

/* True when the authority after "scheme://" holds userinfo ("user:pass@").
 * An '@' inside a ${...} reference does not count. */
static int has_userinfo(const char *auth)
{
    int braces = 0;
    for (const char *p = auth; *p; p++) {
        if (p[0] == '$' && p[1] == '{') {
            braces++;
            p++;
        } else if (*p == '}' && braces) {
            braces--;
        } else if (!braces && (*p == '/' || *p == '?' || *p == '#')) {
            return 0;
        } else if (!braces && *p == '@') {
            return 1;
        }
    }
    return 0;
}

static void check_url(struct rule_ctx *rc, const struct node *n, const char *what)
{
    const char *s = node_string(n);
    if (!s)
        return;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t len = scheme_len(s);
    if (!len)
        return; /* relative, a reference, or not a URL at all */
    if (!(len == 5 && strncasecmp(s, "https", 5) == 0)) {
        if (len <= 12)
            rule_report(rc, n, "%s uses %.*s://; call https:// endpoints only", what, (int)len, s);
        else
            rule_report(rc, n, "%s is not an https:// URL; call https:// endpoints only", what);
    }
    if (has_userinfo(s + len + 3))
        rule_report_sensitive(rc, n,
                              "%s carries credentials in its userinfo part; send them in a "
                              "header built from a secret reference instead", what);
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = node_path(action, "config/request");
    check_url(rc, node_get(request, "requestUrlTemplate"), "the request URL");
    const struct node *headers = node_get(request, "headers");
    if (!headers || headers->kind != NODE_OBJECT)
        return;
    for (size_t i = 0; i < headers->n; i++) {
        const struct node *h = headers->kids[i];
        char name[80], what[100];
        const char *v = node_string(h);
        if (!v)
            continue;
        while (*v == ' ' || *v == '\t')
            v++;
        if (!scheme_len(v))
            continue;
        snprintf(what, sizeof what, "header '%s'", node_key_text(h, name, sizeof name));
        check_url(rc, h, what);
    }
}

const struct rule rule_insecure_url = {
    .slug = "insecure-url",
    .severity = SEV_ERROR,
    .summary = "every absolute URL the action calls is https:// and carries no credentials",
    .explain =
        "What it checks\n"
        "  config.request.requestUrlTemplate and any header whose value is an absolute\n"
        "  URL use https://, and none has userinfo (https://user:password@host).\n"
        "  Relative platform paths (/api/v2/...), references such as\n"
        "  ${input.webhookUrl} and the $schema identifiers of contracts are not calls\n"
        "  and are not checked.\n"
        "\n"
        "Why\n"
        "  Plain http sends the request, its headers and the caller's data in clear\n"
        "  text, and Genesys Cloud only talks to endpoints over TLS 1.2 or newer.\n"
        "  Userinfo ends up in logs and proxies; credentials belong in a header that\n"
        "  comes from a secret reference.\n"
        "\n"
        "Bad\n"
        "  \"requestUrlTemplate\": \"http://api.example.com/orders/${input.id}\"\n"
        "  \"requestUrlTemplate\": \"https://svc:pa55@api.example.com/orders\"\n"
        "\n"
        "Good\n"
        "  \"requestUrlTemplate\": \"https://api.example.com/orders/${input.id}\"\n",
    .precision = "very-high",
    .tags = (const char *const[]){ "security", "external/cwe/cwe-319", "external/cwe/cwe-522", NULL },
    .security_severity = "7.4",
    .check = check,
};
