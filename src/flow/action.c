/* action.c - a data action summarised for matching flow calls: its name,
 * category and flattened contract, copied so the document can go */
#include "flow/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated heap copy of S[0..LEN), or NULL. */
static char *copy(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Copy the inputs and outputs of C into A. */
static enum flow_status copy_contract(struct flow_action *a, const struct flow_contract *c)
{
    a->inputs = calloc(c->ninputs ? c->ninputs : 1, sizeof *a->inputs);
    a->outputs = calloc(c->noutputs ? c->noutputs : 1, sizeof *a->outputs);
    if (!a->inputs || !a->outputs)
        return FLOW_NOMEM;
    for (size_t i = 0; i < c->ninputs; i++, a->ninputs++) {
        const struct flow_input *in = &c->inputs[i];
        a->inputs[i] = (struct flow_action_input){ copy(in->name, in->name_len), in->name_len, in->type,
                                                   in->required };
        if (!a->inputs[i].name)
            return FLOW_NOMEM;
    }
    for (size_t i = 0; i < c->noutputs; i++, a->noutputs++) {
        const struct flow_leaf *l = &c->outputs[i];
        a->outputs[i] = (struct flow_action_output){ copy(l->name, l->name_len), l->name_len, l->type,
                                                     l->collection, l->exposed };
        if (!a->outputs[i].name)
            return FLOW_NOMEM;
    }
    return FLOW_OK;
}

enum flow_status flow_action_of(const struct node *action, struct flow_action *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const struct node *name = node_get(action, "name");
    if (!name || name->kind != NODE_STRING) {
        snprintf(err, errlen, "the action has no name");
        return FLOW_ERROR;
    }
    struct flow_contract c;
    enum flow_status st = flow_contract_of(action, &c, err, errlen);
    if (st != FLOW_OK)
        return st;
    const struct node *cat = node_get(action, "category");
    out->name = copy(name->str, name->len);
    out->name_len = name->len;
    if (cat && cat->kind == NODE_STRING) {
        out->category = copy(cat->str, cat->len);
        out->category_len = cat->len;
    }
    if (!out->name || (cat && cat->kind == NODE_STRING && !out->category))
        st = FLOW_NOMEM;
    if (st == FLOW_OK)
        st = copy_contract(out, &c);
    flow_contract_free(&c);
    if (st != FLOW_OK)
        flow_action_free(out);
    return st;
}

const struct flow_action_input *flow_action_input(const struct flow_action *a, const char *name, size_t len)
{
    for (size_t i = 0; i < a->ninputs; i++)
        if (a->inputs[i].name_len == len && memcmp(a->inputs[i].name, name, len) == 0)
            return &a->inputs[i];
    return NULL;
}

const struct flow_action_output *flow_action_output(const struct flow_action *a, const char *name, size_t len)
{
    for (size_t i = 0; i < a->noutputs; i++)
        if (a->outputs[i].name_len == len && memcmp(a->outputs[i].name, name, len) == 0)
            return &a->outputs[i];
    return NULL;
}

void flow_action_free(struct flow_action *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->ninputs; i++)
        free(a->inputs[i].name);
    for (size_t i = 0; i < a->noutputs; i++)
        free(a->outputs[i].name);
    free(a->inputs);
    free(a->outputs);
    free(a->name);
    free(a->category);
    memset(a, 0, sizeof *a);
}
