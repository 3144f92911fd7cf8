/* calls.c - finding the Call Data Action steps of a flow */
#include "flow/flow.h"

#include "core/grow.h"

#include <stdlib.h>
#include <string.h>

/* The one member of mapping N, or NULL when N is not a one-member mapping. */
static const struct node *only_member(const struct node *n)
{
    return n && n->kind == NODE_OBJECT && n->n == 1 ? n->kids[0] : NULL;
}

/* A mapping member KEY of N, or NULL. */
static const struct node *map_member(const struct node *n, const char *key)
{
    const struct node *m = node_get(n, key);
    return m && m->kind == NODE_OBJECT ? m : NULL;
}

/* The call that STEP (a callData or callDataSecure member holding
 * "category") makes. */
static struct flow_call call_of(const struct node *step)
{
    struct flow_call c = { .step = step, .secure = strcmp(step->key, "callDataSecure") == 0 };
    c.category_key = node_get(step, "category");
    c.category = only_member(c.category_key);
    c.action = only_member(node_get(c.category, "dataAction"));
    c.inputs = map_member(c.action, "inputs");
    c.success_outputs = map_member(c.action, "successOutputs");
    c.failure_outputs = map_member(c.action, "failureOutputs");
    c.unresolved = (c.category && flow_has_unresolved(c.category->key, c.category->key_len)) ||
                   (c.action && flow_has_unresolved(c.action->key, c.action->key_len));
    return c;
}

/* Add the calls of N and below to OUT; the loader bounds the depth. */
static enum flow_status walk(const struct node *n, struct flow_calls *out)
{
    if (n->key && strcmp(n->key, "settingsActionDefaults") == 0)
        return FLOW_OK;
    if (n->key && n->kind == NODE_OBJECT && node_get(n, "category") &&
        (strcmp(n->key, "callData") == 0 || strcmp(n->key, "callDataSecure") == 0)) {
        struct flow_call *more = grow(out->items, &out->cap, out->n, sizeof *more, 8);
        if (!more)
            return FLOW_NOMEM;
        out->items = more;
        out->items[out->n++] = call_of(n);
    }
    for (size_t i = 0; i < n->n; i++)
        if (walk(n->kids[i], out) != FLOW_OK)
            return FLOW_NOMEM;
    return FLOW_OK;
}

enum flow_status flow_find_calls(const struct node *root, struct flow_calls *out)
{
    memset(out, 0, sizeof *out);
    if (!root)
        return FLOW_OK;
    enum flow_status st = walk(root, out);
    if (st != FLOW_OK)
        flow_calls_free(out);
    return st;
}

void flow_calls_free(struct flow_calls *c)
{
    if (!c)
        return;
    free(c->items);
    memset(c, 0, sizeof *c);
}
