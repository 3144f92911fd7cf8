/* sensitive.c - the sensitive properties of an action's contracts */
#include "core/sensitive.h"

#define MAX_DEPTH 16

/* The sensitive property names under SCHEMA (nested too), counted into *COUNT. */
static void walk(const struct ruledata *data, const struct node *schema, sensitive_fn *fn, void *ctx,
                 size_t *count, int depth)
{
    if (!schema || schema->kind != NODE_OBJECT || depth > MAX_DEPTH)
        return;
    const struct node *props = node_get(schema, "properties");
    for (size_t i = 0; props && props->kind == NODE_OBJECT && i < props->n; i++) {
        const struct node *p = props->kids[i];
        if (ruledata_is_sensitive_name(data, p->key, p->key_len)) {
            if (fn)
                fn(p, ctx);
            (*count)++;
        }
        walk(data, p, fn, ctx, count, depth + 1);
    }
    walk(data, node_get(schema, "items"), fn, ctx, count, depth + 1);
}

size_t sensitive_props(const struct ruledata *data, const struct node *action, sensitive_fn *fn, void *ctx)
{
    size_t count = 0;
    walk(data, node_path(action, "contract/input/inputSchema"), fn, ctx, &count, 0);
    walk(data, node_path(action, "contract/output/successSchema"), fn, ctx, &count, 0);
    return count;
}
