/* contract.c - a data action's contract as a flow sees it: input properties
 * and flattened success outputs (ARCHY-RESEARCH §2.2, §2.3) */
#include "flow/flow.h"

#include "core/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The JSON schema type of SCHEMA: its "type" (the first that is not "null"
 * of a list), else "object" when it has properties and "array" when it has
 * items; NULL when none of these says. */
static const char *schema_type(const struct node *schema)
{
    const struct node *t = node_get(schema, "type");
    if (t && t->kind == NODE_STRING)
        return t->str;
    if (t && t->kind == NODE_ARRAY) {
        for (size_t i = 0; i < t->n; i++)
            if (t->kids[i]->kind == NODE_STRING && strcmp(t->kids[i]->str, "null") != 0)
                return t->kids[i]->str;
        return NULL;
    }
    if (node_get(schema, "properties"))
        return "object";
    if (node_get(schema, "items"))
        return "array";
    return NULL;
}

/* The scalar type named T, or FLOW_T_NONE. */
static enum flow_base base_of(const char *t)
{
    if (!t)
        return FLOW_T_NONE;
    if (strcmp(t, "string") == 0)
        return FLOW_T_STRING;
    if (strcmp(t, "integer") == 0)
        return FLOW_T_INTEGER;
    if (strcmp(t, "number") == 0)
        return FLOW_T_DECIMAL;
    if (strcmp(t, "boolean") == 0)
        return FLOW_T_BOOLEAN;
    return FLOW_T_NONE;
}

/* The flattening under way: the contract it fills and the dotted name being built. */
struct flat {
    struct flow_contract *c;
    char name[FLOW_MAX_LEAF_NAME + 1];
    char *err;
    size_t errlen;
};

static enum flow_status add_leaf(struct flat *f, size_t len, enum flow_base type, bool coll, bool exposed,
                                 const struct node *prop)
{
    struct flow_contract *c = f->c;
    if (c->noutputs == FLOW_MAX_LEAVES) {
        snprintf(f->err, f->errlen, "the success contract flattens to more than %d outputs", FLOW_MAX_LEAVES);
        return FLOW_ERROR;
    }
    char *name = malloc(len + 1);
    struct flow_leaf *more = name ? grow(c->outputs, &c->outputs_cap, c->noutputs, sizeof *more, 8) : NULL;
    if (!more) {
        free(name);
        return FLOW_NOMEM;
    }
    memcpy(name, f->name, len);
    name[len] = '\0';
    c->outputs = more;
    struct flow_leaf *l = &c->outputs[c->noutputs++];
    *l = (struct flow_leaf){ .name_len = len, .type = type, .collection = coll, .exposed = exposed, .prop = prop };
    l->name = name;   /* the contract owns it */
    return FLOW_OK;
}

static enum flow_status flatten_props(struct flat *f, const struct node *props, size_t at, bool coll);

/* Flatten property PROP, whose dotted name is f->name[0..LEN). */
static enum flow_status flatten_prop(struct flat *f, const struct node *prop, size_t len, bool coll)
{
    const char *t = schema_type(prop);
    if (base_of(t) != FLOW_T_NONE)
        return add_leaf(f, len, base_of(t), coll, true, prop);
    if (!t)
        return FLOW_OK;
    if (strcmp(t, "object") == 0)
        return flatten_props(f, node_get(prop, "properties"), len, coll);
    if (strcmp(t, "array") != 0 || coll)
        return FLOW_OK;   /* null, or an array in an array: nothing a flow can bind */
    const struct node *items = node_get(prop, "items");
    const char *it = schema_type(items);
    if (base_of(it) != FLOW_T_NONE)
        return add_leaf(f, len, base_of(it), true, true, items);
    if (it && strcmp(it, "object") == 0)
        return flatten_props(f, node_get(items, "properties"), len, true);
    /* an array of unknown items: Architect lists it, a flow cannot bind it */
    return add_leaf(f, len, FLOW_T_NONE, true, false, prop);
}

/* Flatten the members of PROPS under the prefix f->name[0..AT) ("" or "a"). */
static enum flow_status flatten_props(struct flat *f, const struct node *props, size_t at, bool coll)
{
    if (!props || props->kind != NODE_OBJECT)
        return FLOW_OK;
    size_t dot = at ? at + 1 : 0;
    for (size_t i = 0; i < props->n; i++) {
        const struct node *p = props->kids[i];
        if (dot + p->key_len > FLOW_MAX_LEAF_NAME) {
            snprintf(f->err, f->errlen, "a success output name is longer than %d bytes", FLOW_MAX_LEAF_NAME);
            return FLOW_ERROR;
        }
        if (at)
            f->name[at] = '.';
        memcpy(f->name + dot, p->key, p->key_len);
        enum flow_status st = flatten_prop(f, p, dot + p->key_len, coll);
        if (st != FLOW_OK)
            return st;
    }
    return FLOW_OK;
}

/* The success outputs of SCHEMA: an object's properties, flattened; a
 * top-level array of objects gives its items' properties as plain values
 * (as Architect exposes them). */
static enum flow_status flatten(struct flat *f, const struct node *schema)
{
    const char *t = schema_type(schema);
    if (t && strcmp(t, "object") == 0)
        return flatten_props(f, node_get(schema, "properties"), 0, false);
    const struct node *items = node_get(schema, "items");
    const char *it = schema_type(items);
    if (t && strcmp(t, "array") == 0 && it && strcmp(it, "object") == 0)
        return flatten_props(f, node_get(items, "properties"), 0, false);
    return FLOW_OK;
}

/* True when NAME is listed in SCHEMA's "required" array, or PROP says "required: true". */
static bool is_required(const struct node *schema, const struct node *prop)
{
    const struct node *r = node_get(prop, "required");
    if (r && r->kind == NODE_BOOL)
        return r->b;
    r = node_get(schema, "required");
    for (size_t i = 0; r && r->kind == NODE_ARRAY && i < r->n; i++)
        if (r->kids[i]->kind == NODE_STRING && r->kids[i]->len == prop->key_len &&
            memcmp(r->kids[i]->str, prop->key, prop->key_len) == 0)
            return true;
    return false;
}

static enum flow_status read_inputs(struct flow_contract *c, const struct node *schema)
{
    const struct node *props = node_get(schema, "properties");
    if (!props || props->kind != NODE_OBJECT)
        return FLOW_OK;
    for (size_t i = 0; i < props->n; i++) {
        const struct node *p = props->kids[i];
        struct flow_input *more = grow(c->inputs, &c->inputs_cap, c->ninputs, sizeof *more, 8);
        if (!more)
            return FLOW_NOMEM;
        c->inputs = more;
        c->inputs[c->ninputs++] = (struct flow_input){ p, p->key, p->key_len, base_of(schema_type(p)),
                                                       is_required(schema, p) };
    }
    return FLOW_OK;
}

enum flow_status flow_contract_from(const struct node *input_schema, const struct node *success_schema,
                                    struct flow_contract *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->input_schema = input_schema;
    out->success_schema = success_schema;
    struct flat *f = malloc(sizeof *f);
    if (!f)
        return FLOW_NOMEM;
    *f = (struct flat){ .c = out, .err = err, .errlen = errlen };
    enum flow_status st = read_inputs(out, input_schema);
    if (st == FLOW_OK)
        st = flatten(f, success_schema);
    free(f);
    if (st != FLOW_OK)
        flow_contract_free(out);
    return st;
}

enum flow_status flow_contract_of(const struct node *action, struct flow_contract *out, char *err, size_t errlen)
{
    return flow_contract_from(node_path(action, "contract/input/inputSchema"),
                              node_path(action, "contract/output/successSchema"), out, err, errlen);
}

const struct flow_input *flow_contract_input(const struct flow_contract *c, const char *name, size_t len)
{
    for (size_t i = 0; i < c->ninputs; i++)
        if (c->inputs[i].name_len == len && memcmp(c->inputs[i].name, name, len) == 0)
            return &c->inputs[i];
    return NULL;
}

const struct flow_leaf *flow_contract_output(const struct flow_contract *c, const char *name, size_t len)
{
    for (size_t i = 0; i < c->noutputs; i++)
        if (c->outputs[i].name_len == len && memcmp(c->outputs[i].name, name, len) == 0)
            return &c->outputs[i];
    return NULL;
}

void flow_contract_free(struct flow_contract *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->noutputs; i++)
        free(c->outputs[i].name);
    free(c->outputs);
    free(c->inputs);
    memset(c, 0, sizeof *c);
}
