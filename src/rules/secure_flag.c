/* secure_flag.c - actions that carry credentials or personal data are secure */
#include "rules/rule.h"

#include <stdio.h>
#include <string.h>

#define LIST_MAX 200

/* Append the sensitive property names under SCHEMA (nested too) to LIST. */
static void collect(struct rule_ctx *rc, const struct node *schema, char *list, size_t *count, int depth)
{
    if (!schema || schema->kind != NODE_OBJECT || depth > 16)
        return;
    const struct node *props = node_get(schema, "properties");
    for (size_t i = 0; props && props->kind == NODE_OBJECT && i < props->n; i++) {
        const struct node *p = props->kids[i];
        if (ruledata_is_sensitive_name(rc->data, p->key, p->key_len)) {
            char key[80];
            size_t used = strlen(list);
            if (used + 90 < LIST_MAX)
                snprintf(list + used, LIST_MAX - used, "%s'%s'", *count ? ", " : "",
                         node_key_text(p, key, sizeof key));
            else if (!strstr(list, "..."))
                snprintf(list + used, LIST_MAX - used, ", ...");
            (*count)++;
        }
        collect(rc, p, list, count, depth + 1);
    }
    collect(rc, node_get(schema, "items"), list, count, depth + 1);
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    if (action->kind != NODE_OBJECT)
        return;
    const struct node *secure = node_get(action, "secure");
    if (secure && secure->kind == NODE_BOOL && secure->b)
        return;
    char list[LIST_MAX] = "";
    size_t count = 0;
    collect(rc, node_path(action, "contract/input/inputSchema"), list, &count, 0);
    collect(rc, node_path(action, "contract/output/successSchema"), list, &count, 0);
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
        "  \"secure\": true, with \"properties\": {\"dateOfBirth\": {\"type\": \"string\"}}\n",
    .precision = "medium",
    .tags = (const char *const[]){ "security", "external/cwe/cwe-532", NULL },
    .security_severity = "6.5",
    .check = check,
};
