/* fix_plan.c - what each fixable finding of an action needs: timeoutSeconds
 * added, removed or (--unsafe) lowered; a token request's Accept header */
#include "fix/fix_int.h"

#include <stdio.h>
#include <string.h>

#include "core/action.h"
#include "core/sensitive.h"

int fix_plan_edit(struct fix_plan *p, const struct fix_change *c, const char *text)
{
    if (fix_plan_has(p, c))
        return 0;
    size_t first = p->edits.n;
    int rc;
    if (c->kind == REMOVE_MEMBER)
        rc = fix_remove_member(&p->layout, c->member, &p->edits);
    else if (c->kind == ADD_MEMBER)
        rc = fix_insert_member(&p->layout, c->at, c->key, text, &p->edits);
    else
        rc = fix_replace_scalar(&p->layout, c->at, text, &p->edits);
    return fix_plan_keep(p, c, first, rc);
}

/* The seconds of timeoutSeconds T when it is an integer from 1 to 60 (what
 * the timeout rule judges; a whole real such as 30.0 is left to the hand), else -1. */
static long long int_seconds(const struct node *t)
{
    return t->kind == NODE_INT && t->i >= 1 && t->i <= 60 ? t->i : -1;
}

/* timeout: a missing config.timeoutSeconds is set to the largest whole number
 * of seconds within the limit; a custom-authentication action's is removed;
 * with --unsafe one over the limit is lowered to it (a slower answer than
 * that then times out: behaviour changes). */
static int plan_timeout(struct fix_plan *p, const struct node *action)
{
    const struct node *config = node_get(action, "config");
    if (!config || config->kind != NODE_OBJECT)
        return 0;
    const struct node *t = node_get(config, "timeoutSeconds");
    if (action_is_custom_auth(action)) {
        if (!t || int_seconds(t) < 1)
            return 0;
        struct fix_change c = { .kind = REMOVE_MEMBER, .at = config, .key = "timeoutSeconds", .member = t,
                                .rule = "timeout", .fat = t,
                                .what = "remove timeoutSeconds, which a custom-authentication action must not set" };
        return fix_plan_edit(p, &c, NULL);
    }
    long long secs = p->fo->max_timeout_ms / 1000;
    if (secs < 1)
        return 0;
    if (secs > 60)
        secs = 60;
    char text[32];
    snprintf(text, sizeof text, "%lld", secs);
    if (!t) {
        struct fix_change c = { .kind = ADD_MEMBER, .at = config, .key = "timeoutSeconds",
                                .want = { .kind = NODE_INT, .i = secs }, .rule = "timeout", .fat = config,
                                .fmember = "timeoutSeconds",
                                .what = "add timeoutSeconds: the largest whole number of seconds within the limit" };
        return fix_plan_edit(p, &c, text);
    }
    long long now = int_seconds(t);
    if (!p->fo->unsafe || now < 1 || now * 1000 <= p->fo->max_timeout_ms)
        return 0;
    struct fix_change c = { .kind = SET_VALUE, .at = t, .want = { .kind = NODE_INT, .i = secs }, .rule = "timeout",
                            .fat = t, .unsafe = true,
                            .what = "lower timeoutSeconds to the limit (unsafe: a slower answer then times out)" };
    return fix_plan_edit(p, &c, text);
}

/* token-request-form: a token request without an Accept header asks for JSON. */
static int plan_accept(struct fix_plan *p, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request || request->kind != NODE_OBJECT || !action_is_token_request(action))
        return 0;
    bool json = p->layout.syntax == SYNTAX_JSON;
    const struct node *headers = node_get(request, "headers");
    if (!headers) {
        struct fix_change c = { .kind = ADD_MEMBER, .at = request, .key = "headers",
                                .want = { .kind = NODE_OBJECT, .mkey = "Accept", .str = "application/json" },
                                .rule = "token-request-form", .fat = request, .fmember = "headers",
                                .what = "add the header 'Accept: application/json'", .hint = "Accept" };
        return fix_plan_edit(p, &c, json ? "{\"Accept\": \"application/json\"}" : "{Accept: application/json}");
    }
    if (headers->kind != NODE_OBJECT || node_get_nocase(headers, "Accept"))
        return 0;
    struct fix_change c = { .kind = ADD_MEMBER, .at = headers, .key = "Accept",
                            .want = { .kind = NODE_STRING, .str = "application/json", .len = 16 },
                            .rule = "token-request-form", .fat = headers, .fmember = "Accept",
                            .what = "add the header 'Accept: application/json'", .hint = "Accept" };
    return fix_plan_edit(p, &c, json ? "\"application/json\"" : "application/json");
}

/* secure-flag (--unsafe): an action whose contracts carry credentials or
 * personal data is made secure (flows then keep its inputs and outputs out
 * of their logs: what a flow author sees changes). */
static int plan_secure(struct fix_plan *p, const struct node *action)
{
    if (!p->fo->unsafe || !p->fo->data || !sensitive_props(p->fo->data, action, NULL, NULL))
        return 0;
    const struct node *secure = node_get(action, "secure");
    const char *what = "set \"secure\": true (unsafe: flows stop logging the action's inputs and outputs)";
    if (!secure) {
        struct fix_change c = { .kind = ADD_MEMBER, .at = action, .key = "secure",
                                .want = { .kind = NODE_BOOL, .b = true }, .rule = "secure-flag", .fat = action,
                                .what = what, .unsafe = true };
        return fix_plan_edit(p, &c, "true");
    }
    if (secure->kind != NODE_BOOL || secure->b)
        return 0;   /* not a boolean: a schema finding, for the hand */
    struct fix_change c = { .kind = SET_VALUE, .at = secure, .want = { .kind = NODE_BOOL, .b = true },
                            .rule = "secure-flag", .fat = secure, .what = what, .unsafe = true };
    return fix_plan_edit(p, &c, "true");
}

int fix_plan_action(struct fix_plan *p, const struct node *action)
{
    if (plan_timeout(p, action) != 0 || plan_accept(p, action) != 0 || plan_secure(p, action) != 0 ||
        fix_plan_token_body(p, action) != 0)
        return -1;
    return fix_plan_roots(p, action);
}
