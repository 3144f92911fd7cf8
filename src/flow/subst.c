/* subst.c - {{KEY}} substitutions before parsing, and the way back to the original's positions */
#include "flow/flow.h"

#include "core/grow.h"
#include "core/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the KEY -> VALUE list ---------------------------------------------- */

/* Why KEY[0..LEN) cannot be a key, or NULL when it can. */
static const char *key_problem(const char *key, size_t len)
{
    if (len == 0)
        return "an empty key";
    if (len > FLOW_SUBST_MAX_KEY)
        return "a key longer than 256 bytes";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c == '{' || c == '}')
            return "a key holding '{' or '}'";
        if (c < 0x20 || c == 0x7f)
            return "a key holding a control character";
    }
    return NULL;
}

/* A NUL-terminated heap copy of S[0..LEN), or NULL. */
static char *copy_bytes(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

const struct flow_subst *flow_substs_get(const struct flow_substs *s, const char *key, size_t key_len)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].key_len == key_len && memcmp(s->items[i].key, key, key_len) == 0)
            return &s->items[i];
    return NULL;
}

enum flow_status flow_substs_set(struct flow_substs *s, const char *key, size_t key_len, const char *value,
                                 size_t value_len, char *err, size_t errlen)
{
    const char *why = key_problem(key, key_len);
    if (!why && value_len > FLOW_SUBST_MAX_VALUE)
        why = "a value longer than 1 MiB";
    if (!why && !flow_substs_get(s, key, key_len) && s->n >= FLOW_SUBST_MAX_ITEMS)
        why = "more than 4096 substitutions";
    if (why) {
        snprintf(err, errlen, "substitution refused: %s", why);
        return FLOW_ERROR;
    }
    char *v = copy_bytes(value, value_len);
    if (!v)
        return FLOW_NOMEM;
    struct flow_subst *old = (struct flow_subst *)flow_substs_get(s, key, key_len);
    if (old) {
        free(old->value);
        old->value = v;
        old->value_len = value_len;
        return FLOW_OK;
    }
    char *k = copy_bytes(key, key_len);
    struct flow_subst *more = k ? grow(s->items, &s->cap, s->n, sizeof *s->items, 8) : NULL;
    if (!more) {
        free(k);
        free(v);
        return FLOW_NOMEM;
    }
    s->items = more;
    s->items[s->n++] = (struct flow_subst){ k, key_len, v, value_len };
    return FLOW_OK;
}

enum flow_status flow_substs_parse_arg(struct flow_substs *s, const char *arg, char *err, size_t errlen)
{
    const char *eq = strchr(arg, '=');
    if (!eq) {
        snprintf(err, errlen, "a substitution is KEY=VALUE");
        return FLOW_ERROR;
    }
    return flow_substs_set(s, arg, (size_t)(eq - arg), eq + 1, strlen(eq + 1), err, errlen);
}

void flow_substs_free(struct flow_substs *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->items[i].key);
        free(s->items[i].value);
    }
    free(s->items);
    memset(s, 0, sizeof *s);
}

/* ---- placeholders ------------------------------------------------------- */

/* The longest placeholder name looked for: a "{{" with no "}}" this near is text. */
#define PLACEHOLDER_SCAN 512

bool flow_placeholder_next(const char *s, size_t len, size_t *pos, struct flow_placeholder *ph)
{
    for (size_t i = *pos; i + 4 <= len; i++) {
        if (s[i] != '{' || s[i + 1] != '{')
            continue;
        size_t j = i + 2, stop = len - i > PLACEHOLDER_SCAN ? i + PLACEHOLDER_SCAN : len;
        while (j < stop && s[j] != '{' && s[j] != '}' && s[j] != '\n' && s[j] != '\r')
            j++;
        /* "{{{a}}" is "{" then "{{a}}": the scan from the next '{' finds it */
        if (j == i + 2 || j + 1 >= len || s[j] != '}' || s[j + 1] != '}')
            continue;
        *ph = (struct flow_placeholder){ .start = i, .end = j + 2, .name = i + 2, .name_len = j - i - 2 };
        *pos = j + 2;
        return true;
    }
    *pos = len;
    return false;
}

bool flow_has_unresolved(const char *s, size_t len)
{
    size_t pos = 0;
    struct flow_placeholder ph;
    if (flow_placeholder_next(s, len, &pos, &ph))
        return true;
    const size_t m = sizeof FLOW_MARK_OPEN - 1;
    for (size_t i = 0; i + m <= len; i++)
        if (memcmp(s + i, FLOW_MARK_OPEN, m) == 0)
            return true;
    return false;
}

/* ---- a substitutions file ------------------------------------------------ */

/* The text of scalar V, for a substitution: a string as it is, an integer
 * and a boolean as YAML writes them.  Returns the length, or -1 for any other
 * kind (a real would lose its spelling: 1.10 is 1.1). */
static long scalar_text(const struct node *v, const char **text, char *buf, size_t buflen)
{
    switch (v->kind) {
    case NODE_STRING: *text = v->str; return (long)v->len;
    case NODE_BOOL: *text = v->b ? "true" : "false"; return (long)strlen(*text);
    case NODE_INT: *text = buf; return (long)snprintf(buf, buflen, "%lld", v->i);
    default: return -1;
    }
}

/* Add the members of mapping MAP; ERR names a key and its line. */
static enum flow_status add_members(struct flow_substs *s, const struct node *map, char *err, size_t errlen)
{
    for (size_t i = 0; i < map->n; i++) {
        const struct node *v = map->kids[i];
        char name[64], num[32];
        const char *text = NULL;
        long len = scalar_text(v, &text, num, sizeof num);
        if (len < 0) {
            snprintf(err, errlen, "line %u: the value of substitution '%s' is not a string, an integer or a boolean "
                     "(quote it)", v->key_line, node_key_text(v, name, sizeof name));
            return FLOW_ERROR;
        }
        char why[160];
        enum flow_status st = flow_substs_set(s, v->key, v->key_len, text, (size_t)len, why, sizeof why);
        if (st == FLOW_ERROR)
            snprintf(err, errlen, "line %u: %s", v->key_line, why);
        if (st != FLOW_OK)
            return st;
    }
    return FLOW_OK;
}

enum flow_status flow_substs_read(struct flow_substs *s, const char *path, size_t max_bytes, char *err,
                                  size_t errlen)
{
    struct source src;
    char why[200];
    if (source_read(&src, path, path, max_bytes, why, sizeof why) != SOURCE_OK) {
        snprintf(err, errlen, "%s", why);
        return FLOW_ERROR;
    }
    struct doc doc = { 0 };
    struct load_error le = { 0 };
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    enum flow_status st = FLOW_OK;
    enum load_syntax syntax = load_guess_syntax(path, &src);
    enum load_status ls = load_is_blank(&src, syntax) ? LOAD_OK : load_document(&src, syntax, &lim, &doc, &le);
    if (ls == LOAD_OK && !doc.root) {
        st = FLOW_OK;   /* empty, or only comments: no substitutions */
    } else if (ls == LOAD_NOMEM) {
        st = FLOW_NOMEM;
    } else if (ls != LOAD_OK) {
        snprintf(err, errlen, "line %u, column %u: %s", le.line, le.col, le.msg);
        st = FLOW_ERROR;
    } else {
        const struct node *map = doc.root;
        const struct node *inner = node_get(map, "substitutions");
        if (inner)
            map = inner;
        if (!map || map->kind != NODE_OBJECT) {
            snprintf(err, errlen, "substitutions are a mapping of KEY: VALUE (or an Archy options file's "
                     "'substitutions' mapping)");
            st = FLOW_ERROR;
        } else {
            st = add_members(s, map, err, errlen);
        }
    }
    doc_free(&doc);
    source_free(&src);
    return st;
}
