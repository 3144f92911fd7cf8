/* flow_contract.c - a Call Data Action step binds only what its action's contract has, and every required input */
#include "rules/rule.h"

#include <string.h>

/* The contract type of an input, as a message names it. */
static const char *type_name(enum flow_base t)
{
    switch (t) {
    case FLOW_T_STRING: return "string";
    case FLOW_T_INTEGER: return "integer";
    case FLOW_T_DECIMAL: return "number";
    case FLOW_T_BOOLEAN: return "boolean";
    case FLOW_T_NONE: break;
    }
    return "untyped";
}

/* A lit: value whose YAML type disagrees with input IN's type: a warning
 * (a scalar only: durations and the like are mappings; a placeholder left
 * unresolved is text whatever it will be). */
static void check_literal(struct rule_ctx *rc, const struct node *b, const struct flow_action_input *in,
                          const char *action)
{
    const struct node *v;
    if (flow_value(b, &v) != FLOW_VALUE_LIT || !v || v->kind == NODE_OBJECT || v->kind == NODE_ARRAY ||
        v->kind == NODE_NULL || in->type == FLOW_T_NONE || flow_lit_fits(v, in->type))
        return;
    if (v->kind == NODE_STRING && flow_has_unresolved(v->str, v->len))
        return;
    char key[120];
    rule_report_key(rc, SEV_WARNING, b, "input '%s' of '%s' is of type %s; this literal is %s", node_key_text(b, key, sizeof key),
                    action, type_name(in->type), node_kind_name(v->kind));
}

/* True when mapping MAP has a member named NAME[0..LEN). */
static bool has_member(const struct node *map, const char *name, size_t len)
{
    for (size_t i = 0; i < map->n; i++)
        if (map->kids[i]->key_len == len && memcmp(map->kids[i]->key, name, len) == 0)
            return true;
    return false;
}

static void check_inputs(struct rule_ctx *rc, const struct flow_call *call, const struct flow_action *a,
                         const char *action)
{
    char key[120];
    for (size_t i = 0; call->inputs && i < call->inputs->n; i++) {
        const struct node *b = call->inputs->kids[i];
        const struct flow_action_input *in = flow_action_input(a, b->key, b->key_len);
        if (!in)
            rule_report_key(rc, SEV_ERROR, b, "'%s' is not an input of '%s'", node_key_text(b, key, sizeof key),
                            action);
        else if (in->required && flow_value(b, NULL) == FLOW_VALUE_NO_VALUE)
            rule_report_key(rc, SEV_ERROR, b, "input '%s' of '%s' is required; it cannot be noValue",
                            node_key_text(b, key, sizeof key), action);
        else
            check_literal(rc, b, in, action);
    }
    const struct node *at = call->inputs ? node_get(call->action, "inputs") : call->action;
    for (size_t i = 0; i < a->ninputs; i++) {
        const struct flow_action_input *in = &a->inputs[i];
        if (!in->required || (call->inputs && has_member(call->inputs, in->name, in->name_len)))
            continue;
        node_text_fit(in->name, in->name_len, key, sizeof key);
        rule_report_key(rc, SEV_ERROR, at, "required input '%s' of '%s' is not set", key, action);
    }
}

static void check_outputs(struct rule_ctx *rc, const struct flow_call *call, const struct flow_action *a,
                          const char *action)
{
    char key[120];
    for (size_t i = 0; call->success_outputs && i < call->success_outputs->n; i++) {
        const struct node *b = call->success_outputs->kids[i];
        const struct flow_action_output *out = flow_action_output(a, b->key, b->key_len);
        if (!out || !out->exposed)
            rule_report_key(rc, SEV_ERROR, b, "'%s' is not a success output of '%s'%s",
                            node_key_text(b, key, sizeof key), action,
                            out ? " a flow can bind (an array of untyped items)" : "");
    }
    if (!call->failure_outputs)
        return;
    if (flow_type_is_voice(rc->flow_type))
        rule_report_key(rc, SEV_WARNING, node_get(call->action, "failureOutputs"),
                        "a flow of type %s takes no failureOutputs; remove them", flow_type_name(rc->flow_type));
    for (size_t i = 0; i < call->failure_outputs->n; i++) {
        const struct node *b = call->failure_outputs->kids[i];
        if (!flow_failure_output(b->key, b->key_len))
            rule_report_key(rc, SEV_ERROR, b, "'%s' is not one of the thirteen failure outputs (errorCode, status, "
                            "correlationId, ...)", node_key_text(b, key, sizeof key));
    }
}

static void check_call(struct rule_ctx *rc, const struct flow_call *call, const struct flow_action *matched)
{
    if (!matched || !call->action)
        return;
    check_inputs(rc, call, matched, rc->action_name);
    check_outputs(rc, call, matched, rc->action_name);
}

const struct rule rule_flow_contract = {
    .slug = "flow-contract",
    .severity = SEV_ERROR,
    .precision = "very-high",
    .tags = (const char *const[]){ "correctness", NULL },
    .summary = "every Call Data Action step binds only inputs and outputs its action's contract has",
    .explain =
        "What it checks\n"
        "  For each Call Data Action step of an Archy flow whose action the run\n"
        "  knows (see flow-call), against that action's contract, each at the line\n"
        "  of the key at fault:\n"
        "  - every key of 'inputs' is a property of contract.input.inputSchema;\n"
        "  - every required input is set, and not to noValue: true (a missing one\n"
        "    is reported at 'inputs', or at the action's name when there is none);\n"
        "  - every key of 'successOutputs' is a success output as Architect flattens\n"
        "    the success schema (an object's members as 'a.b', the members of an\n"
        "    array of objects as 'a.k'); outputs may be left out;\n"
        "  - every key of 'failureOutputs' is one of the thirteen every action has\n"
        "    (errorCode, status, correlationId, entityId, entityName, userMessage,\n"
        "    userParamsMessage, userParams.key, userParams.value, details.errorCode,\n"
        "    details.fieldName, details.entityId, details.entityName).\n"
        "  Warnings: failureOutputs in a voice flow (inboundCall, inqueueCall,\n"
        "  outboundCall, secureCall, voice, voiceSurvey, voicemail, bot), which has\n"
        "  none; a 'lit:' input whose YAML type is not the contract's (a string for\n"
        "  an integer, a number for a boolean, ...).\n"
        "\n"
        "Why\n"
        "  A renamed input or output, or a required input left unset, breaks the\n"
        "  flow at publish time or, worse, silently when it runs.\n"
        "\n"
        "Bad\n"
        "  dataAction:\n"
        "    Get Order:\n"
        "      inputs:\n"
        "        orderNo:           # the contract's input is orderId\n"
        "          exp: Flow.orderId\n"
        "\n"
        "Good\n"
        "  dataAction:\n"
        "    Get Order:\n"
        "      inputs:\n"
        "        orderId:\n"
        "          exp: Flow.orderId\n",
    .check_call = check_call,
};
