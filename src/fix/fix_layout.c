/* fix_layout.c - where an added or removed member's bytes go, worked out from
 * its neighbours: their indentation (tabs kept), line breaks (CRLF kept) and
 * commas (JSON and YAML flow mappings) */
#include "fix/fix_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_OFFSET ((size_t)-1)

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* Whether OBJ is written with braces: JSON, or a YAML flow mapping.  *OFF
 * gets where it starts.  False with *OFF NO_OFFSET when it cannot be found. */
static bool braced(const struct fix_layout *l, const struct node *obj, size_t *off)
{
    *off = fix_offset(l->src, obj->line, obj->col);
    return *off != NO_OFFSET && l->src->bytes[*off] == '{';
}

/* Where member M's name starts, checked against the syntax (a JSON name starts
 * with a quote), or NO_OFFSET. */
static size_t key_offset(const struct fix_layout *l, const struct node *m)
{
    size_t off = fix_offset(l->src, m->key_line, m->key_col);
    if (off == NO_OFFSET || (l->syntax == SYNTAX_JSON && l->src->bytes[off] != '"'))
        return NO_OFFSET;
    return off;
}

/* The line break that ends the line holding OFF, else the one before it,
 * else "\n": its bytes into BRK (3 bytes at least). */
static void line_break(const struct source *src, size_t off, char *brk)
{
    const char *next, *end = src->bytes + src->len;
    const char *eol = source_eol(src->bytes + off, end, &next);
    if (next) {
        memcpy(brk, eol, (size_t)(next - eol));
        brk[next - eol] = '\0';
        return;
    }
    snprintf(brk, 4, "\n");
    for (size_t i = off; i > 0; i--) {
        if (src->bytes[i - 1] == '\n') {
            if (i >= 2 && src->bytes[i - 2] == '\r')
                snprintf(brk, 4, "\r\n");
            return;
        }
        if (src->bytes[i - 1] == '\r') {
            snprintf(brk, 4, "\r");
            return;
        }
    }
}

/* What separates a JSON member's name from its value in the member at KOFF
 * (": " in most files), into SEP (16 bytes). */
static void json_separator(const struct source *src, size_t koff, const struct node *value, char *sep)
{
    snprintf(sep, 16, ": ");
    size_t voff = fix_offset(src, value->line, value->col);
    size_t i = koff + 1;
    while (i < src->len && src->bytes[i] != '"')
        i += src->bytes[i] == '\\' ? 2 : 1;
    if (voff == NO_OFFSET || i >= voff || voff - i - 1 >= 16)
        return;
    size_t n = voff - i - 1;
    if (memchr(src->bytes + i + 1, '\n', n) || memchr(src->bytes + i + 1, '\r', n) ||
        !memchr(src->bytes + i + 1, ':', n))
        return;
    memcpy(sep, src->bytes + i + 1, n);
    sep[n] = '\0';
}

/* The start of the first of the comment lines just above the line starting at
 * LS (YAML), so that a comment stays with the member it is written above. */
static size_t above_comments(const struct source *src, size_t ls)
{
    while (ls > 0) {
        size_t p = ls - 1;
        if (p > 0 && src->bytes[p] == '\n' && src->bytes[p - 1] == '\r')
            p--;
        while (p > 0 && src->bytes[p - 1] != '\n' && src->bytes[p - 1] != '\r')
            p--;
        size_t q = p;
        while (q < ls && (src->bytes[q] == ' ' || src->bytes[q] == '\t'))
            q++;
        if (q >= ls || src->bytes[q] != '#')
            return ls;
        ls = p;
    }
    return ls;
}

/* Add the text T (freed here) at OFF to E. */
static int add_text(struct fix_edits *e, size_t off, char *t)
{
    if (!t)
        return -1;
    int rc = fix_edits_add(e, off, 0, t, strlen(t));
    free(t);
    return rc;
}

static char *joined(const char *a, const char *b, const char *c, const char *d)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s%s", a, b, c, d);
    return s;
}

int fix_insert_member(const struct fix_layout *l, const struct node *obj, const char *key, const char *value,
                      struct fix_edits *e)
{
    const struct source *src = l->src;
    bool json = l->syntax == SYNTAX_JSON;
    size_t ooff;
    bool flow = braced(l, obj, &ooff);
    if (ooff == NO_OFFSET || (json && !flow) || obj->kind != NODE_OBJECT)
        return 1;
    char sep[16], qkey[80], member[256];
    size_t koff = obj->n ? key_offset(l, obj->kids[0]) : NO_OFFSET;
    if (obj->n && koff == NO_OFFSET)
        return 1;
    snprintf(sep, 16, ": ");
    if (json && obj->n)
        json_separator(src, koff, obj->kids[0], sep);
    snprintf(qkey, sizeof qkey, json ? "\"%s\"" : "%s", key);
    snprintf(member, sizeof member, "%s%s%s", qkey, sep, value);
    if (obj->n == 0)
        return flow ? add_text(e, ooff + 1, joined(member, "", "", "")) : 1;
    size_t ls = fix_offset(src, obj->kids[0]->key_line, 1);
    char brk[4], indent[256];
    line_break(src, koff, brk);
    if (ls == NO_OFFSET || koff - ls >= sizeof indent)
        return 1;
    memcpy(indent, src->bytes + ls, koff - ls);
    indent[koff - ls] = '\0';
    if (blank(indent, koff - ls)) {
        size_t at = json ? ls : above_comments(src, ls);
        return add_text(e, at, joined(indent, member, flow ? "," : "", brk));
    }
    size_t p = koff;
    while (p > ls && (src->bytes[p - 1] == ' ' || src->bytes[p - 1] == '\t'))
        p--;
    if (p > ls && src->bytes[p - 1] == '{')
        return add_text(e, koff, joined(member, ", ", "", ""));
    if (!json && !flow && p > ls && src->bytes[p - 1] == '-') {
        for (size_t i = 0; indent[i]; i++)
            if (indent[i] != '\t')
                indent[i] = ' ';
        return add_text(e, koff, joined(member, brk, indent, ""));
    }
    return 1;
}

/* Where value V ends, or NO_OFFSET when the loader did not say. */
static size_t end_offset(const struct source *src, const struct node *v)
{
    return v->end_line ? fix_offset(src, v->end_line, v->end_col) : NO_OFFSET;
}

int fix_remove_member(const struct fix_layout *l, const struct node *m, struct fix_edits *e)
{
    const struct source *src = l->src;
    const struct node *obj = m->parent;
    size_t ooff, koff = key_offset(l, m), vend = end_offset(src, m);
    bool flow = braced(l, obj, &ooff);
    if (ooff == NO_OFFSET || koff == NO_OFFSET || vend == NO_OFFSET || vend < koff)
        return 1;
    if (flow) {
        if (obj->n == 1)
            return fix_edits_add(e, koff, vend - koff, "", 0);
        if (m->index + 1 < obj->n) {
            size_t next = key_offset(l, obj->kids[m->index + 1]);
            return next == NO_OFFSET || next < koff ? 1 : fix_edits_add(e, koff, next - koff, "", 0);
        }
        size_t pend = end_offset(src, obj->kids[m->index - 1]);
        return pend == NO_OFFSET || pend > koff ? 1 : fix_edits_add(e, pend, vend - pend, "", 0);
    }
    size_t ls = fix_offset(src, m->key_line, 1);
    if (ls == NO_OFFSET || obj->n < 2 || m->end_line != m->key_line || !blank(src->bytes + ls, koff - ls))
        return 1;
    const char *next;
    source_eol(src->bytes + koff, src->bytes + src->len, &next);
    if (next)
        return fix_edits_add(e, ls, (size_t)(next - src->bytes) - ls, "", 0);
    if (ls == 0)
        return 1;
    size_t from = ls - 1;
    if (from > 0 && src->bytes[from] == '\n' && src->bytes[from - 1] == '\r')
        from--;
    return fix_edits_add(e, from, src->len - from, "", 0);
}

int fix_replace_scalar(const struct fix_layout *l, const struct node *v, const char *text, struct fix_edits *e)
{
    size_t from = fix_offset(l->src, v->line, v->col), to = end_offset(l->src, v);
    if (from == NO_OFFSET || to == NO_OFFSET || to <= from || v->kind == NODE_OBJECT || v->kind == NODE_ARRAY)
        return 1;
    const char *b = l->src->bytes;
    if (b[from] == '&' || b[from] == '*' || b[from] == '!')
        return 1;   /* an anchor, an alias or a tag: not the bare scalar */
    for (size_t i = from; i < to; i++)
        if (b[i] == '\n' || b[i] == '\r' || b[i] == '#')
            return 1;
    return fix_edits_add(e, from, to - from, text, strlen(text));
}
