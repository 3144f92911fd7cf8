/* secure_flag.c - actions that carry credentials or personal data are secure */
#include "rules/rule.h"

#include <stdio.h>
#include <string.h>

#include "core/sensitive.h"

#define LIST_MAX 200

/* The list of sensitive names being written, with their number so far. */
struct names {
    char list[LIST_MAX];
    size_t count;
};

/* Append property P's name to the list (a sensitive_fn). */
static void add_name(const struct node *p, void *ctx)
{
    struct names *n = ctx;
    char key[80];
    size_t used = strlen(n->list);
    if (used + 90 < LIST_MAX)
        snprintf(n->list + used, LIST_MAX - used, "%s'%s'", n->count ? ", " : "", node_key_text(p, key, sizeof key));
    else if (!strstr(n->list, "..."))
        snprintf(n->list + used, LIST_MAX - used, ", ...");
    n->count++;
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    if (action->kind != NODE_OBJECT)
        return;
    const struct node *secure = node_get(action, "secure");
    if (secure && secure->kind == NODE_BOOL && secure->b)
        return;
    struct names names = { .list = "" };
    size_t count = sensitive_props(rc->data, action, add_name, &names);
    const char *list = names.list;
    if (!count)
        return;
    const char *what = count == 1 ? "carries" : "carry";
    if (secure)
        rule_report(rc, secure, "%s %s credentials or personal data; set \"secure\": true so that flows "
                    "do not log them", list, what);
    else
        rule_report(rc, action, "%s %s credentials or personal data; add \"secure\": true so that flows "
                    "do not log them", list, what);
}

const struct rule rule_secure_flag = {
    .slug = "secure-flag",
    .severity = SEV_WARNING,
    .summary = "an action whose inputs or outputs carry credentials or personal data sets secure: true",
    .explain =
        "What it checks\n"
        "  When a property of the input or output contract has a sensitive name\n"
        "  (password, secret, token, ssn, card number, email, date of birth ... the\n"
        "  list is rules/sensitive.yaml), the action sets \"secure\": true. One finding\n"
        "  per action, at /secure (or at the action when it has none), naming the\n"
        "  sensitive properties.\n"
        "\n"
        "Why\n"
        "  Genesys Cloud keeps the inputs and outputs of a secure data action out of\n"
        "  flow execution logs and traces; without it, an SSN or a token looked up by\n"
        "  a flow is written to places many people can read.\n"
        "\n"
        "Bad\n"
        "  \"secure\": false, with \"properties\": {\"dateOfBirth\": {\"type\": \"string\"}}\n"
        "\n"
        "Good\n"
        "  \"secure\": true, with \"properties\": {\"dateOfBirth\": {\"type\": \"string\"}}\n"
        "\n"
        "Fix\n"
        "  dacc fix --unsafe sets \"secure\": true (adds it, or turns false into\n"
        "  true): unsafe, as flows then keep the action's inputs and outputs out of\n"
        "  their logs and traces.\n",
    .precision = "medium",
    .tags = (const char *const[]){ "security", "external/cwe/cwe-532", NULL },
    .security_severity = "6.5",
    .fixable = FIX_UNSAFE,
    .check = check,
};
