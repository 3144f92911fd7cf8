/* flow_call.c - every Call Data Action step of an Architect flow names an action the run knows */
#include "rules/rule.h"

#include <string.h>

static void check_call(struct rule_ctx *rc, const struct flow_call *call, const struct flow_action *matched)
{
    char name[120], want[120], have[120];
    if (!call->action) {
        rule_report_key(rc, SEV_ERROR, call->category_key,
                        "this call names no action: 'category' holds one CATEGORY: {dataAction: {ACTION: ...}}");
        return;
    }
    node_key_text(call->action, name, sizeof name);
    if (!matched) {
        rule_report_key(rc, SEV_ERROR, call->action,
                        "no action named '%s' among the linted files or .dacc.yaml's flows.actions; "
                        "lint the action with the flow, or fix the name", name);
        return;
    }
    const struct node *cat = call->category;
    if (matched->category && (cat->key_len != matched->category_len ||
                              memcmp(cat->key, matched->category, cat->key_len) != 0)) {
        node_key_text(cat, have, sizeof have);
        node_text_fit(matched->category, matched->category_len, want, sizeof want);
        rule_report_key(rc, SEV_WARNING, cat, "'%s' is an action of category '%s', not '%s'", name, want, have);
    }
}

const struct rule rule_flow_call = {
    .slug = "flow-call",
    .severity = SEV_ERROR,
    .precision = "high",
    .tags = (const char *const[]){ "correctness", NULL },
    .summary = "every Call Data Action step of an Architect flow names an action of the run, in its category",
    .explain =
        "What it checks\n"
        "  A YAML document whose one top-level key is an Architect flow type\n"
        "  (workflow, inboundCall, commonModule, ...) is an Archy flow. Each of its\n"
        "  Call Data Action steps (a callData or callDataSecure mapping with a\n"
        "  'category', anywhere but under settingsActionDefaults) names its action\n"
        "  as CATEGORY: {dataAction: {NAME: ...}}. NAME must be the name of an action\n"
        "  among the files of the run or the directories .dacc.yaml lists under\n"
        "  flows.actions (the ' - Exported <date> @ <time>' that UI exports add is\n"
        "  not part of a name): an error at the name otherwise. When the action has\n"
        "  a category, CATEGORY must be it (a warning). {{KEY}} placeholders are\n"
        "  replaced first (--subst KEY=VALUE, --subst-file FILE, .dacc.yaml\n"
        "  flows.substitutions); a call whose names still hold one is not checked,\n"
        "  and the file gets one note naming the keys that are missing.\n"
        "\n"
        "Why\n"
        "  Architect finds the action by name when the flow is published: a renamed\n"
        "  or missing action fails the publish, or the deployment that runs it.\n"
        "\n"
        "Bad\n"
        "  category:\n"
        "    Orders:\n"
        "      dataAction:\n"
        "        Get Ordr:          # no action of that name\n"
        "\n"
        "Good\n"
        "  category:\n"
        "    Orders:\n"
        "      dataAction:\n"
        "        Get Order:\n",
    .check_call = check_call,
};
