/* fix.c - the plan of a document's fixes, and the check that the fixed text
 * reads as the original tree plus exactly the planned changes */
#include "fix/fix.h"
#include "fix/fix_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/grow.h"

static bool key_is(const struct node *m, const char *key)
{
    return m->key && m->key_len == strlen(key) && memcmp(m->key, key, m->key_len) == 0;
}

bool fix_plan_has(const struct fix_plan *p, const struct fix_change *c)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct fix_change *o = &p->changes[i];
        if (o->at == c->at && (c->kind == SET_VALUE || o->kind == SET_VALUE || strcmp(o->key, c->key) == 0))
            return true;
    }
    return false;
}

int fix_plan_keep(struct fix_plan *p, const struct fix_change *c, size_t first, int rc)
{
    if (rc == 0 && p->n < FIX_MAX_CHANGES && p->edits.n > first) {
        for (size_t i = first; i < p->edits.n; i++)
            p->edits.items[i].owner = p->n;
        p->changes[p->n++] = *c;
        return 0;
    }
    fix_edits_truncate(&p->edits, first);
    return rc < 0 ? -1 : 0;
}

char *fix_plan_own(struct fix_plan *p, char *s)
{
    char **more = s ? grow(p->owned, &p->owned_cap, p->nowned, sizeof *p->owned, 8) : NULL;
    if (!more) {
        free(s);
        return NULL;
    }
    p->owned = more;
    p->owned[p->nowned++] = s;
    return s;
}

static bool same_tree(const struct fix_plan *p, const struct node *a, const struct node *b);

/* Whether B is the value W. */
static bool is_wanted(const struct fix_want *w, const struct node *b)
{
    switch (w->kind) {
    case NODE_INT:
        return b->kind == NODE_INT && b->i == w->i;
    case NODE_BOOL:
        return b->kind == NODE_BOOL && b->b == w->b;
    case NODE_STRING:
        return b->kind == NODE_STRING && b->len == w->len && memcmp(b->str, w->str, w->len) == 0;
    case NODE_OBJECT:
        return b->kind == NODE_OBJECT && b->n == 1 && key_is(b->kids[0], w->mkey) &&
               b->kids[0]->kind == NODE_STRING && b->kids[0]->len == strlen(w->str) &&
               memcmp(b->kids[0]->str, w->str, b->kids[0]->len) == 0;
    default:
        return false;
    }
}

/* The change of P that adds member M of the fixed tree to A, or NULL. */
static const struct fix_change *added(const struct fix_plan *p, const struct node *a, const struct node *m)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->changes[i].at == a && p->changes[i].kind == ADD_MEMBER && key_is(m, p->changes[i].key))
            return &p->changes[i];
    return NULL;
}

/* Whether member M of A is one P removes. */
static bool removed(const struct fix_plan *p, const struct node *a, const struct node *m)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->changes[i].at == a && p->changes[i].kind == REMOVE_MEMBER && p->changes[i].member == m)
            return true;
    return false;
}

/* Objects A (original) and B (fixed): the same members in the same order,
 * but for the members P's changes add to A or remove from it. */
static bool same_object(const struct fix_plan *p, const struct node *a, const struct node *b)
{
    size_t adds = 0, removes = 0, seen = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->changes[i].at == a && p->changes[i].kind != SET_VALUE)
            p->changes[i].kind == ADD_MEMBER ? adds++ : removes++;
    if (b->n + removes != a->n + adds)
        return false;
    size_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        const struct fix_change *c = j < b->n ? added(p, a, b->kids[j]) : NULL;
        if (c) {
            if (!is_wanted(&c->want, b->kids[j++]))
                return false;
            seen++;
            continue;
        }
        if (i < a->n && removed(p, a, a->kids[i])) {
            i++;
            seen++;
            continue;
        }
        if (i >= a->n || j >= b->n || a->kids[i]->key_len != b->kids[j]->key_len ||
            memcmp(a->kids[i]->key, b->kids[j]->key, a->kids[i]->key_len) != 0 ||
            !same_tree(p, a->kids[i], b->kids[j]))
            return false;
        i++;
        j++;
    }
    return seen == adds + removes;
}

/* Whether B (of the fixed text) is A (of the original) with the planned changes. */
static bool same_tree(const struct fix_plan *p, const struct node *a, const struct node *b)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->changes[i].at == a && p->changes[i].kind == SET_VALUE)
            return is_wanted(&p->changes[i].want, b);
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case NODE_NULL:
        return true;
    case NODE_BOOL:
        return a->b == b->b;
    case NODE_INT:
        return a->i == b->i;
    case NODE_REAL:
        return memcmp(&a->d, &b->d, sizeof a->d) == 0;
    case NODE_STRING:
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    case NODE_ARRAY:
        if (a->n != b->n)
            return false;
        for (size_t i = 0; i < a->n; i++)
            if (!same_tree(p, a->kids[i], b->kids[i]))
                return false;
        return true;
    case NODE_OBJECT:
        return same_object(p, a, b);
    }
    return false;
}

/* Plan the fixes of every action of ROOT into P.  Returns 0 or -1. */
static int plan_doc(struct fix_plan *p, const struct node *root)
{
    enum action_doc kind = action_doc_kind(root);
    if (kind == ACTION_DOC_NONE)
        return 0;
    const struct node *list = kind == ACTION_DOC_LIST ? action_list(root) : NULL;
    size_t n = list ? list->n : 1;
    for (size_t i = 0; i < n; i++) {
        const struct node *action = list ? list->kids[i] : root;
        if (action->kind == NODE_OBJECT && fix_plan_action(p, action) != 0)
            return -1;
    }
    return 0;
}

/* Read TEXT as FO says and compare it with ROOT plus P's changes. */
static enum fix_status verify(const struct fix_plan *p, const struct fix_opts *fo, const struct node *root,
                              const char *text, size_t len)
{
    struct source again;
    if (source_from_bytes(&again, "fixed", text, len) != 0)
        return FIX_NOMEM;
    struct doc doc = { 0 };
    struct load_error err;
    enum load_status ls = load_document(&again, fo->syntax, fo->limits, &doc, &err);
    enum fix_status st = FIX_REFUSED;
    if (ls == LOAD_NOMEM)
        st = FIX_NOMEM;
    else if (ls == LOAD_OK && doc.root && same_tree(p, root, doc.root))
        st = FIX_CHANGED;
    doc_free(&doc);
    source_free(&again);
    return st;
}

void fix_items_free(struct fix_items *items)
{
    for (size_t i = 0; i < items->n; i++) {
        free(items->items[i].pointer);
        fix_edits_free(&items->items[i].edits);
    }
    free(items->items);
    memset(items, 0, sizeof *items);
}

/* The action (an item of a list document, or the root) that holds N. */
static const struct node *action_of(const struct node *root, const struct node *n)
{
    const struct node *list = action_doc_kind(root) == ACTION_DOC_LIST ? action_list(root) : NULL;
    while (n->parent && n->parent != list)
        n = n->parent;
    return n;
}

/* Each change of P with its own edits (P's edits are sorted by now). */
static int list_items(const struct fix_plan *p, const struct node *root, struct fix_items *items)
{
    items->items = calloc(p->n ? p->n : 1, sizeof *items->items);
    if (!items->items)
        return -1;
    for (size_t k = 0; k < p->n; k++) {
        const struct fix_change *c = &p->changes[k];
        struct fix_item *it = &items->items[items->n++];
        *it = (struct fix_item){ .rule = c->rule, .line = c->fat->line, .col = c->fat->col, .what = c->what,
                                 .hint = c->hint, .unsafe = c->unsafe };
        it->pointer = node_pointer(action_of(root, c->fat), c->fat, c->fmember);
        if (!it->pointer)
            return -1;
        for (size_t i = 0; i < p->edits.n; i++) {
            const struct fix_edit *e = &p->edits.items[i];
            if (e->owner == k && fix_edits_add(&it->edits, e->off, e->len, e->ins, e->nins) != 0)
                return -1;
        }
    }
    return 0;
}

static void plan_free(struct fix_plan *p)
{
    fix_edits_free(&p->edits);
    for (size_t i = 0; i < p->nowned; i++)
        free(p->owned[i]);
    free(p->owned);
    free(p);
}

enum fix_status fix_source_items(const struct source *src, const struct fix_opts *fo, char **out, size_t *outlen,
                                 struct fix_items *items)
{
    *out = NULL;
    *outlen = 0;
    if (items)
        memset(items, 0, sizeof *items);
    struct doc doc = { 0 };
    struct load_error err;
    enum load_status ls = load_document(src, fo->syntax, fo->limits, &doc, &err);
    if (ls != LOAD_OK)
        return ls == LOAD_NOMEM ? FIX_NOMEM : FIX_UNREADABLE;
    struct fix_plan *p = calloc(1, sizeof *p);
    enum fix_status st = FIX_NOMEM;
    if (p) {
        p->layout = (struct fix_layout){ .src = src, .syntax = fo->syntax };
        p->fo = fo;
        st = FIX_NOTHING;
        if (doc.root && plan_doc(p, doc.root) != 0)
            st = FIX_NOMEM;
        else if (doc.root && p->edits.n) {
            char *text = fix_apply(src, &p->edits, outlen);
            st = text ? verify(p, fo, doc.root, text, *outlen) : FIX_REFUSED;
            if (st == FIX_CHANGED && items && list_items(p, doc.root, items) != 0)
                st = FIX_NOMEM;
            if (st == FIX_CHANGED)
                *out = text;
            else {
                free(text);
                if (items)
                    fix_items_free(items);
            }
        }
        plan_free(p);
    }
    doc_free(&doc);
    return st;
}

enum fix_status fix_source(const struct source *src, const struct fix_opts *fo, char **out, size_t *outlen,
                           size_t *nfixes)
{
    struct fix_items items;
    enum fix_status st = fix_source_items(src, fo, out, outlen, &items);
    *nfixes = items.n;
    fix_items_free(&items);
    return st;
}
