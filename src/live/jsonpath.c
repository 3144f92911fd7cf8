/* jsonpath.c - a small JSONPath evaluator for translation-map checks */
#include "live/jsonpath.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum sel_kind {
    SEL_NAME,     /* a member */
    SEL_INDEX,    /* an item */
    SEL_ALL,      /* every member or item */
};

struct sel {
    enum sel_kind kind;
    const char *name;
    size_t name_len;
    long index;
};

/* Append to OUT what SEL picks from V.  Returns -1 when memory ran out. */
static int pick(json_t *v, const struct sel *sel, json_t *out)
{
    if (sel->kind == SEL_NAME) {
        if (!json_is_object(v))
            return 0;
        json_t *m = json_object_getn(v, sel->name, sel->name_len);
        return m ? json_array_append(out, m) : 0;
    }
    if (sel->kind == SEL_INDEX) {
        if (!json_is_array(v))
            return 0;
        long n = (long)json_array_size(v), i = sel->index < 0 ? n + sel->index : sel->index;
        return i >= 0 && i < n ? json_array_append(out, json_array_get(v, (size_t)i)) : 0;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
            if (json_array_append(out, item))
                return -1;
    } else if (json_is_object(v)) {
        const char *key;
        json_t *item;
        json_object_foreach(v, key, item)
            if (json_array_append(out, item))
                return -1;
    }
    return 0;
}

/* Append V and every value below it to OUT, in document order. */
static int descendants(json_t *v, json_t *out, int depth)
{
    if (depth > 256)
        return 0;
    if (json_array_append(out, v))
        return -1;
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
            if (descendants(item, out, depth + 1))
                return -1;
    } else if (json_is_object(v)) {
        const char *key;
        json_t *item;
        json_object_foreach(v, key, item)
            if (descendants(item, out, depth + 1))
                return -1;
    }
    return 0;
}

/* Parse the bracket selector at P (just past '['); *END gets the index past ']'. */
static enum jsonpath_status bracket(const char *p, struct sel *sel, const char **end)
{
    while (*p == ' ')
        p++;
    if (*p == '*') {
        sel->kind = SEL_ALL;
        p++;
    } else if (*p == '\'' || *p == '"') {
        char q = *p++;
        const char *close = strchr(p, q);
        if (!close)
            return JSONPATH_UNSUPPORTED;
        sel->kind = SEL_NAME;
        sel->name = p;
        sel->name_len = (size_t)(close - p);
        if (memchr(p, '\\', sel->name_len))
            return JSONPATH_UNSUPPORTED;
        p = close + 1;
    } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
        char *stop;
        errno = 0;
        sel->index = strtol(p, &stop, 10);
        if (errno || stop == p)
            return JSONPATH_UNSUPPORTED;
        sel->kind = SEL_INDEX;
        p = stop;
    } else {
        return JSONPATH_UNSUPPORTED; /* filters ?(...), expressions (...) */
    }
    while (*p == ' ')
        p++;
    if (*p != ']')
        return JSONPATH_UNSUPPORTED; /* unions, slices */
    *end = p + 1;
    return JSONPATH_OK;
}

enum jsonpath_status jsonpath_eval(json_t *root, const char *path, json_t **matches, bool *definite)
{
    *matches = NULL;
    *definite = true;
    const char *p = path;
    while (*p == ' ')
        p++;
    if (*p != '$')
        return JSONPATH_UNSUPPORTED;
    p++;
    json_t *cur = json_array();
    if (!cur || json_array_append(cur, root)) {
        json_decref(cur);
        return JSONPATH_NOMEM;
    }
    enum jsonpath_status st = JSONPATH_OK;
    while (*p && st == JSONPATH_OK) {
        bool deep = false;
        struct sel sel = { 0 };
        if (p[0] == '.' && p[1] == '.') {
            deep = true;
            p += 2;
        } else if (*p == '.') {
            p++;
        } else if (*p != '[') {
            st = JSONPATH_UNSUPPORTED;
            break;
        }
        if (*p == '[') {
            st = bracket(p + 1, &sel, &p);
        } else if (*p == '*') {
            sel.kind = SEL_ALL;
            p++;
        } else {
            const char *b = p;
            while (*p && *p != '.' && *p != '[' && *p != '(' && *p != ' ')
                p++;
            if (p == b || *p == '(') {
                st = JSONPATH_UNSUPPORTED; /* functions: length(), min() ... */
                break;
            }
            sel.kind = SEL_NAME;
            sel.name = b;
            sel.name_len = (size_t)(p - b);
        }
        if (st != JSONPATH_OK)
            break;
        if (deep || sel.kind == SEL_ALL)
            *definite = false;
        json_t *from = cur;
        if (deep) {
            from = json_array();
            size_t i;
            json_t *v;
            if (!from)
                st = JSONPATH_NOMEM;
            json_array_foreach(cur, i, v)
                if (st == JSONPATH_OK && descendants(v, from, 0))
                    st = JSONPATH_NOMEM;
        }
        json_t *next = st == JSONPATH_OK ? json_array() : NULL;
        if (st == JSONPATH_OK && !next)
            st = JSONPATH_NOMEM;
        if (st == JSONPATH_OK) {
            size_t i;
            json_t *v;
            json_array_foreach(from, i, v)
                if (st == JSONPATH_OK && pick(v, &sel, next))
                    st = JSONPATH_NOMEM;
        }
        if (from != cur)
            json_decref(from);
        json_decref(cur);
        cur = next;
    }
    while (st == JSONPATH_OK && *p == ' ')
        p++;
    if (st == JSONPATH_OK && *p)
        st = JSONPATH_UNSUPPORTED;
    if (st != JSONPATH_OK) {
        json_decref(cur);
        return st;
    }
    *matches = cur;
    return JSONPATH_OK;
}
