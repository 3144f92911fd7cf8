/* fix.c - the safe fixes: what each action needs, and the check that the
 * fixed text reads as the original tree plus exactly those changes */
#include "fix/fix.h"
#include "fix/fix_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"

#define MAX_CHANGES 64

/* One intended change of the tree: member KEY added to (or removed from) the
 * object OBJ of the original tree; an added member's value is the integer
 * SECS, or the string "application/json", or an object of that header alone. */
enum change_kind { ADD_TIMEOUT, REMOVE_MEMBER, ADD_ACCEPT, ADD_HEADERS };

struct change {
    enum change_kind kind;
    const struct node *obj;
    const char *key;
    long long secs;
    const struct node *member;   /* REMOVE_MEMBER: the member removed */
};

struct plan {
    struct fix_layout layout;
    struct fix_edits edits;
    struct change changes[MAX_CHANGES];
    size_t n;
    long max_timeout_ms;
};

static bool key_is(const struct node *m, const char *key)
{
    return m->key && m->key_len == strlen(key) && memcmp(m->key, key, m->key_len) == 0;
}

/* Plan change C: lay out its edit and keep it.  Returns 0 (planned, or left
 * out when its layout is not one fix_layout.c follows), or -1. */
static int plan_change(struct plan *p, struct change c)
{
    if (p->n == MAX_CHANGES)
        return 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->changes[i].obj == c.obj)
            return 0;   /* one change per object: the check below matches one */
    bool json = p->layout.syntax == SYNTAX_JSON;
    char value[64];
    int rc;
    if (c.kind == REMOVE_MEMBER)
        rc = c.member ? fix_remove_member(&p->layout, c.member, &p->edits) : 1;
    else {
        if (c.kind == ADD_TIMEOUT)
            snprintf(value, sizeof value, "%lld", c.secs);
        else if (c.kind == ADD_ACCEPT)
            snprintf(value, sizeof value, json ? "\"application/json\"" : "application/json");
        else
            snprintf(value, sizeof value, json ? "{\"Accept\": \"application/json\"}" : "{Accept: application/json}");
        rc = fix_insert_member(&p->layout, c.obj, c.key, value, &p->edits);
    }
    if (rc == 0)
        p->changes[p->n++] = c;
    return rc < 0 ? -1 : 0;
}

/* timeout: a missing config.timeoutSeconds is set to the largest whole number
 * of seconds within the limit; a custom-authentication action's is removed. */
static int plan_timeout(struct plan *p, const struct node *action)
{
    const struct node *config = node_get(action, "config");
    if (!config || config->kind != NODE_OBJECT)
        return 0;
    const struct node *t = node_get(config, "timeoutSeconds");
    if (action_is_custom_auth(action)) {
        if (t && t->kind == NODE_INT && t->i >= 1 && t->i <= 60)
            return plan_change(p, (struct change){ REMOVE_MEMBER, config, "timeoutSeconds", 0, t });
        return 0;
    }
    long long secs = p->max_timeout_ms / 1000;
    if (t || secs < 1)
        return 0;
    return plan_change(p, (struct change){ ADD_TIMEOUT, config, "timeoutSeconds", secs > 60 ? 60 : secs, NULL });
}

/* token-request-form: a token request without an Accept header asks for JSON. */
static int plan_accept(struct plan *p, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request || request->kind != NODE_OBJECT || !action_is_token_request(action))
        return 0;
    const struct node *headers = node_get(request, "headers");
    if (!headers)
        return plan_change(p, (struct change){ ADD_HEADERS, request, "headers", 0, NULL });
    if (headers->kind != NODE_OBJECT || node_get_nocase(headers, "Accept"))
        return 0;
    return plan_change(p, (struct change){ ADD_ACCEPT, headers, "Accept", 0, NULL });
}

static bool same_tree(const struct plan *p, const struct node *a, const struct node *b);

/* Whether B is the value change C adds. */
static bool added_value(const struct change *c, const struct node *b)
{
    if (c->kind == ADD_TIMEOUT)
        return b->kind == NODE_INT && b->i == c->secs;
    if (c->kind == ADD_ACCEPT)
        return b->kind == NODE_STRING && b->len == 16 && memcmp(b->str, "application/json", 16) == 0;
    return b->kind == NODE_OBJECT && b->n == 1 && key_is(b->kids[0], "Accept") &&
           b->kids[0]->kind == NODE_STRING && b->kids[0]->len == 16 &&
           memcmp(b->kids[0]->str, "application/json", 16) == 0;
}

/* Objects A (original) and B (fixed): the same members in the same order,
 * but for the member change C (or none) adds or removes. */
static bool same_object(const struct plan *p, const struct node *a, const struct node *b, const struct change *c)
{
    size_t want = a->n + (c ? (c->kind == REMOVE_MEMBER ? (size_t)-1 : 1) : 0);
    if (b->n != want)
        return false;
    size_t i = 0, j = 0, seen = 0;
    while (i < a->n || j < b->n) {
        if (c && c->kind != REMOVE_MEMBER && j < b->n && key_is(b->kids[j], c->key)) {
            if (!added_value(c, b->kids[j++]))
                return false;
            seen++;
            continue;
        }
        if (c && c->kind == REMOVE_MEMBER && i < a->n && key_is(a->kids[i], c->key)) {
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
    return seen == (c ? 1u : 0u);
}

/* Whether B (of the fixed text) is A (of the original) with the planned changes. */
static bool same_tree(const struct plan *p, const struct node *a, const struct node *b)
{
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
        for (size_t i = 0; i < p->n; i++)
            if (p->changes[i].obj == a)
                return same_object(p, a, b, &p->changes[i]);
        return same_object(p, a, b, NULL);
    }
    return false;
}

/* Plan the fixes of every action of ROOT into P.  Returns 0 or -1. */
static int plan_doc(struct plan *p, const struct node *root)
{
    enum action_doc kind = action_doc_kind(root);
    if (kind == ACTION_DOC_NONE)
        return 0;
    const struct node *list = kind == ACTION_DOC_LIST ? action_list(root) : NULL;
    size_t n = list ? list->n : 1;
    for (size_t i = 0; i < n; i++) {
        const struct node *action = list ? list->kids[i] : root;
        if (action->kind != NODE_OBJECT)
            continue;
        if (plan_timeout(p, action) != 0 || plan_accept(p, action) != 0)
            return -1;
    }
    return 0;
}

/* Read TEXT as FO says and compare it with ROOT plus P's changes. */
static enum fix_status verify(const struct plan *p, const struct fix_opts *fo, const struct node *root,
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
    else if (ls == LOAD_OK && same_tree(p, root, doc.root))
        st = FIX_CHANGED;
    doc_free(&doc);
    source_free(&again);
    return st;
}

enum fix_status fix_source(const struct source *src, const struct fix_opts *fo, char **out, size_t *outlen,
                           size_t *nfixes)
{
    *out = NULL;
    *outlen = 0;
    *nfixes = 0;
    struct doc doc = { 0 };
    struct load_error err;
    enum load_status ls = load_document(src, fo->syntax, fo->limits, &doc, &err);
    if (ls != LOAD_OK)
        return ls == LOAD_NOMEM ? FIX_NOMEM : FIX_UNREADABLE;
    struct plan *p = calloc(1, sizeof *p);
    enum fix_status st = FIX_NOMEM;
    if (p) {
        p->layout = (struct fix_layout){ .src = src, .syntax = fo->syntax };
        p->max_timeout_ms = fo->max_timeout_ms;
        st = FIX_NOTHING;
        if (!doc.root || plan_doc(p, doc.root) != 0)
            st = doc.root ? FIX_NOMEM : FIX_NOTHING;
        else if (p->edits.n) {
            char *text = fix_apply(src, &p->edits, outlen);
            st = text ? verify(p, fo, doc.root, text, *outlen) : FIX_REFUSED;
            if (st == FIX_CHANGED) {
                *out = text;
                *nfixes = p->n;
            } else
                free(text);
        }
        fix_edits_free(&p->edits);
        free(p);
    }
    doc_free(&doc);
    return st;
}
