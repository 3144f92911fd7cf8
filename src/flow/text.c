/* text.c - a source with {{KEY}} replaced, and its map back to the original's lines and columns */
#include "flow/flow.h"

#include "core/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The output text as it grows, never past MAX bytes. */
struct buf {
    char *p;
    size_t len, cap, max;
};

/* Append S[0..N) to B: 0, -1 when memory runs out, -2 past B->max. */
static int buf_add(struct buf *b, const char *s, size_t n)
{
    if (n > b->max - b->len)
        return -2;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* Byte where LINE (1-based) of SRC starts, and where it ends (its break or the text's end). */
static size_t line_start(const struct source *src, unsigned line, size_t *end)
{
    size_t at = 0;
    if (src->lines && line >= 1 && line <= src->nlines)
        at = src->lines[line - 1];
    else if (src->lines && line > src->nlines)
        at = src->len;
    const char *next;
    *end = (size_t)(source_eol(src->bytes + at, src->bytes + src->len, &next) - src->bytes);
    return at;
}

/* The byte offset of LINE:COL (code points) in SRC, clamped to the line. */
static size_t offset_of(const struct source *src, unsigned line, unsigned col)
{
    size_t end, at = line_start(src, line, &end);
    if (at == 0 && src->len >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0)
        at = 3;  /* a byte order mark takes no column */
    for (unsigned c = 1; c < col && at < end; c++) {
        at++;
        while (at < end && ((unsigned char)src->bytes[at] & 0xC0) == 0x80)
            at++;
    }
    return at;
}

/* LINE:COL of byte OFFSET of SRC, as source_position() counts them but
 * through the line index. */
static void position_of(const struct source *src, size_t offset, unsigned *line, unsigned *col)
{
    if (!src->lines || src->nlines == 0) {
        source_position(src, offset, line, col);
        return;
    }
    if (offset > src->len)
        offset = src->len;
    size_t lo = 0, hi = src->nlines;   /* the last line starting at or before OFFSET */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t at = src->lines[lo];
    if (lo == 0 && src->len >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0 && offset >= 3)
        at = 3;
    unsigned c = 1;
    for (; at < offset; at++)
        if (((unsigned char)src->bytes[at] & 0xC0) != 0x80)
            c++;
    *line = (unsigned)lo + 1;
    *col = c;
}

/* The original offset of byte OFF of the substituted text. */
static size_t orig_offset(const struct flow_text *t, size_t off)
{
    size_t lo = 0, hi = t->nedits;   /* edits [0, lo) start at or before OFF */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->edits[mid].at <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return off;
    const struct flow_edit *e = &t->edits[lo - 1];
    if (off < e->at + e->len)
        return e->orig_at;
    return e->orig_at + e->orig_len + (off - e->at - e->len);
}

void flow_text_position(const struct flow_text *t, unsigned line, unsigned col, unsigned *oline, unsigned *ocol)
{
    if (t->nedits == 0 || !t->orig) {
        *oline = line;
        *ocol = col;
        return;
    }
    position_of(t->orig, orig_offset(t, offset_of(&t->src, line, col)), oline, ocol);
}

/* Map N and everything below it; the loader bounds the depth. */
static void remap_node(const struct flow_text *t, struct node *n)
{
    flow_text_position(t, n->line, n->col, &n->line, &n->col);
    if (n->key)
        flow_text_position(t, n->key_line, n->key_col, &n->key_line, &n->key_col);
    for (size_t i = 0; i < n->n; i++)
        remap_node(t, n->kids[i]);
}

void flow_text_remap(const struct flow_text *t, struct doc *doc)
{
    if (t->nedits == 0 || !doc)
        return;
    if (doc->root)
        remap_node(t, doc->root);
    for (size_t i = 0; i < doc->nhashed; i++) {
        struct doc_span *s = &doc->hashed[i];
        flow_text_position(t, s->line, s->col, &s->line, &s->col);
        flow_text_position(t, s->end_line, s->end_col, &s->end_line, &s->end_col);
    }
}

void flow_text_free(struct flow_text *t)
{
    if (!t)
        return;
    source_free(&t->src);
    free(t->edits);
    free(t->unresolved);
    memset(t, 0, sizeof *t);
}

/* Note the unresolved placeholder PH of T->orig, once per name. */
static int note_unresolved(struct flow_text *t, size_t *cap, const struct flow_placeholder *ph)
{
    const char *name = t->orig->bytes + ph->name;
    size_t len = ph->name_len < FLOW_UNRESOLVED_NAME ? ph->name_len : FLOW_UNRESOLVED_NAME - 1;
    for (size_t i = 0; i < t->nunresolved; i++)
        if (strlen(t->unresolved[i].name) == len && memcmp(t->unresolved[i].name, name, len) == 0)
            return 0;
    if (t->nunresolved == FLOW_MAX_UNRESOLVED) {
        t->unresolved_more = true;
        return 0;
    }
    struct flow_unresolved *more = grow(t->unresolved, cap, t->nunresolved, sizeof *more, 4);
    if (!more)
        return -1;
    t->unresolved = more;
    struct flow_unresolved *u = &t->unresolved[t->nunresolved++];
    memcpy(u->name, name, len);
    u->name[len] = '\0';
    position_of(t->orig, ph->start, &u->line, &u->col);
    return 0;
}

/* Append the replacement of PH (VALUE, or the marked name when VALUE is NULL)
 * and its edit.  0, -1 out of memory, -2 too large. */
static int replace(struct flow_text *t, struct buf *b, size_t *ecap, const struct flow_placeholder *ph,
                   const struct flow_subst *value)
{
    size_t at = b->len;
    int rc;
    if (value) {
        rc = buf_add(b, value->value, value->value_len);
    } else {
        rc = buf_add(b, FLOW_MARK_OPEN, sizeof FLOW_MARK_OPEN - 1);
        if (rc == 0)
            rc = buf_add(b, t->orig->bytes + ph->name, ph->name_len);
        if (rc == 0)
            rc = buf_add(b, FLOW_MARK_CLOSE, sizeof FLOW_MARK_CLOSE - 1);
    }
    if (rc != 0)
        return rc;
    struct flow_edit *more = grow(t->edits, ecap, t->nedits, sizeof *more, 16);
    if (!more)
        return -1;
    t->edits = more;
    t->edits[t->nedits++] = (struct flow_edit){ at, b->len - at, ph->start, ph->end - ph->start };
    return 0;
}

/* The rewriting pass of flow_substitute(): into B, edits and names into T. */
static int rewrite(struct flow_text *t, const struct flow_substs *s, int flags, struct buf *b)
{
    const char *text = t->orig->bytes;
    size_t len = t->orig->len, pos = 0, copied = 0, ecap = 0, ucap = 0;
    struct flow_placeholder ph;
    while (flow_placeholder_next(text, len, &pos, &ph)) {
        const struct flow_subst *v = flow_substs_get(s, text + ph.name, ph.name_len);
        if (!v && note_unresolved(t, &ucap, &ph) != 0)
            return -1;
        if (!v && !(flags & FLOW_SUBST_MARK))
            continue;
        int rc = buf_add(b, text + copied, ph.start - copied);
        if (rc == 0)
            rc = replace(t, b, &ecap, &ph, v);
        if (rc != 0)
            return rc;
        copied = ph.end;
    }
    return buf_add(b, text + copied, len - copied);
}

enum flow_status flow_substitute(const struct source *orig, const struct flow_substs *s, int flags,
                                 size_t max_bytes, struct flow_text *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->orig = orig;
    struct buf b = { .max = max_bytes };
    int rc = rewrite(out, s, flags, &b);
    if (rc == 0 && source_from_bytes(&out->src, orig->name ? orig->name : "", b.p ? b.p : "", b.len) != 0)
        rc = -1;
    free(b.p);
    if (rc == 0)
        return FLOW_OK;
    flow_text_free(out);
    if (rc == -1)
        return FLOW_NOMEM;
    snprintf(err, errlen, "the text grows past the limit of %zu bytes once substituted", max_bytes);
    return FLOW_ERROR;
}
