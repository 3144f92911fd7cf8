/* node.c - document arena and node queries */
#include "core/node.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARENA_BLOCK 65536

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

void *doc_alloc(struct doc *doc, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct arena_block *b = doc->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        if (doc->blocks && size > ARENA_BLOCK / 4) {
            /* keep filling the current block; a large one goes behind it */
            b->next = doc->blocks->next;
            doc->blocks->next = b;
        } else {
            b->next = doc->blocks;
            doc->blocks = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *doc_strndup(struct doc *doc, const char *s, size_t len)
{
    char *p = doc_alloc(doc, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

struct node *doc_node(struct doc *doc, enum node_kind kind, unsigned line, unsigned col)
{
    struct node *n = doc_alloc(doc, sizeof *n);
    if (!n)
        return NULL;
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = line;
    n->col = col;
    return n;
}

void doc_free(struct doc *doc)
{
    if (!doc)
        return;
    struct arena_block *b = doc->blocks;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(doc->hashed);
    doc->blocks = NULL;
    doc->root = NULL;
    doc->hashed = NULL;
    doc->nhashed = doc->hashed_cap = 0;
}

static const struct node *get(const struct node *obj, const char *key, int nocase)
{
    if (!obj || obj->kind != NODE_OBJECT)
        return NULL;
    size_t klen = strlen(key);
    for (size_t i = 0; i < obj->n; i++) {
        const struct node *m = obj->kids[i];
        if (m->key_len != klen)
            continue;
        if (nocase ? strncasecmp(m->key, key, klen) == 0 : memcmp(m->key, key, klen) == 0)
            return m;
    }
    return NULL;
}

const struct node *node_get(const struct node *obj, const char *key)
{
    return get(obj, key, 0);
}

const struct node *node_get_nocase(const struct node *obj, const char *key)
{
    return get(obj, key, 1);
}

const struct node *node_path(const struct node *obj, const char *path)
{
    char step[64];
    while (obj && *path) {
        size_t n = strcspn(path, "/");
        if (n >= sizeof step)
            return NULL;
        memcpy(step, path, n);
        step[n] = '\0';
        obj = node_get(obj, step);
        path += n;
        if (*path == '/')
            path++;
    }
    return obj;
}

const char *node_string(const struct node *n)
{
    return n && n->kind == NODE_STRING ? n->str : NULL;
}

const char *node_kind_name(enum node_kind kind)
{
    switch (kind) {
    case NODE_NULL: return "null";
    case NODE_BOOL: return "a boolean";
    case NODE_INT: return "an integer";
    case NODE_REAL: return "a number";
    case NODE_STRING: return "a string";
    case NODE_ARRAY: return "an array";
    case NODE_OBJECT: return "an object";
    }
    return "a value";
}

char *node_text_fit(const char *s, size_t len, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; s && i < len && o + 4 < outlen; i++) {
        unsigned char c = (unsigned char)s[i];
        /* cut long text at 60 bytes, on a character boundary */
        if ((i >= 60 && (c & 0xC0) != 0x80) || o + 8 >= outlen) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    out[o] = '\0';
    return out;
}

char *node_key_text(const struct node *n, char *out, size_t outlen)
{
    if (n->key_hidden) {
        snprintf(out, outlen, "#%zu", n->index);
        return out;
    }
    return node_text_fit(n->key, n->key_len, out, outlen);
}

/* Bytes needed for one escaped reference token, and the writer for it. */
static size_t token_len(const char *s, size_t len)
{
    size_t n = len;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '~' || s[i] == '/')
            n++;
    return n;
}

static char *token_put(char *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '~') {
            *out++ = '~';
            *out++ = '0';
        } else if (s[i] == '/') {
            *out++ = '~';
            *out++ = '1';
        } else {
            *out++ = s[i];
        }
    }
    return out;
}

static size_t index_len(size_t index, char *buf)
{
    size_t n = 0;
    char tmp[24];
    do {
        tmp[n++] = (char)('0' + index % 10);
        index /= 10;
    } while (index);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

char *node_pointer(const struct node *base, const struct node *n, const char *member)
{
    for (const struct node *p = n; p && p != base && p->parent; p = p->parent) {
        if (p->key_hidden) {
            n = p->parent;
            member = NULL;
        }
    }
    size_t total = 0;
    char num[24];
    for (const struct node *p = n; p && p != base && p->parent; p = p->parent)
        total += 1 + (p->parent->kind == NODE_OBJECT ? token_len(p->key, p->key_len)
                                                     : index_len(p->index, num));
    if (member)
        total += 1 + token_len(member, strlen(member));
    char *out = malloc(total + 1);
    if (!out)
        return NULL;
    char *end = out + total;
    *end = '\0';
    if (member) {
        size_t ml = strlen(member);
        end -= token_len(member, ml);
        token_put(end, member, ml);
        *--end = '/';
    }
    for (const struct node *p = n; p && p != base && p->parent; p = p->parent) {
        if (p->parent->kind == NODE_OBJECT) {
            end -= token_len(p->key, p->key_len);
            token_put(end, p->key, p->key_len);
        } else {
            size_t l = index_len(p->index, num);
            end -= l;
            memcpy(end, num, l);
        }
        *--end = '/';
    }
    return out;
}

/* Each segment is unescaped (~0, ~1) into a key of at most 255 bytes (a
 * longer one is cut there) and looked up in the node reached so far. */
const struct node *node_at_pointer(const struct node *base, const char *ptr)
{
    const struct node *n = base;
    while (n && *ptr == '/') {
        ptr++;
        size_t seg = strcspn(ptr, "/"), k = 0;
        char key[256];
        for (size_t i = 0; i < seg && k + 1 < sizeof key; i++) {
            bool esc = ptr[i] == '~' && i + 1 < seg && (ptr[i + 1] == '0' || ptr[i + 1] == '1');
            key[k++] = esc ? (ptr[++i] == '0' ? '~' : '/') : ptr[i];
        }
        key[k] = '\0';
        const struct node *next = NULL;
        if (n->kind == NODE_OBJECT) {
            for (size_t i = 0; i < n->n && !next; i++)
                if (n->kids[i]->key_len == k && memcmp(n->kids[i]->key, key, k) == 0)
                    next = n->kids[i];
        } else if (n->kind == NODE_ARRAY && k > 0 && strspn(key, "0123456789") == k) {
            size_t idx = strtoul(key, NULL, 10);
            next = idx < n->n ? n->kids[idx] : NULL;
        }
        n = next;
        ptr += seg;
    }
    return *ptr ? NULL : n;
}
