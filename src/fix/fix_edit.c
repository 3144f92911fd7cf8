/* fix_edit.c - byte edits of a source: positions to offsets, one-pass apply */
#include "fix/fix.h"
#include "fix/fix_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

size_t fix_offset(const struct source *src, unsigned line, unsigned col)
{
    size_t len;
    const char *p = source_line(src, line, &len);
    if (!p || col == 0)
        return (size_t)-1;
    size_t i = 0;
    for (unsigned c = 1; c < col; c++) {
        if (i >= len)
            return (size_t)-1;
        i++;
        while (i < len && ((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
    }
    return (size_t)(p - src->bytes) + i;
}

void fix_position(const struct source *src, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < off && i < src->len; i++) {
        unsigned char b = (unsigned char)src->bytes[i];
        if (b == '\n' || (b == '\r' && (i + 1 >= src->len || src->bytes[i + 1] != '\n'))) {
            l++;
            c = 1;
        } else if (b != '\r' && (b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

int fix_edits_add(struct fix_edits *e, size_t off, size_t len, const char *ins, size_t nins)
{
    struct fix_edit *more = grow(e->items, &e->cap, e->n, sizeof *e->items, 8);
    if (!more)
        return -1;
    e->items = more;
    char *copy = malloc(nins + 1);
    if (!copy)
        return -1;
    memcpy(copy, ins, nins);
    copy[nins] = '\0';
    e->items[e->n] = (struct fix_edit){ .off = off, .len = len, .ins = copy, .nins = nins, .seq = e->n };
    e->n++;
    return 0;
}

void fix_edits_truncate(struct fix_edits *e, size_t n)
{
    while (e->n > n)
        free(e->items[--e->n].ins);
}

void fix_edits_free(struct fix_edits *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->items[i].ins);
    free(e->items);
    memset(e, 0, sizeof *e);
}

static int by_offset(const void *a, const void *b)
{
    const struct fix_edit *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

char *fix_apply(const struct source *src, struct fix_edits *edits, size_t *outlen)
{
    qsort(edits->items, edits->n, sizeof *edits->items, by_offset);
    size_t total = src->len;
    for (size_t i = 0; i < edits->n; i++) {
        const struct fix_edit *ed = &edits->items[i];
        if (ed->off > src->len || ed->len > src->len - ed->off)
            return NULL;
        if (i > 0 && edits->items[i - 1].off + edits->items[i - 1].len > ed->off)
            return NULL;
        /* two edits at one place: two insertions go in the order they were
         * planned; the same text twice is one node seen twice (an alias) */
        const struct fix_edit *prev = i > 0 ? &edits->items[i - 1] : NULL;
        if (prev && prev->off == ed->off && (prev->len || ed->len || (prev->nins == ed->nins &&
                                                                     memcmp(prev->ins, ed->ins, ed->nins) == 0)))
            return NULL;
        total = total - ed->len + ed->nins;
    }
    char *out = malloc(total + 1);
    if (!out)
        return NULL;
    size_t at = 0, o = 0;
    for (size_t i = 0; i < edits->n; i++) {
        const struct fix_edit *ed = &edits->items[i];
        memcpy(out + o, src->bytes + at, ed->off - at);
        o += ed->off - at;
        memcpy(out + o, ed->ins, ed->nins);
        o += ed->nins;
        at = ed->off + ed->len;
    }
    memcpy(out + o, src->bytes + at, src->len - at);
    o += src->len - at;
    out[o] = '\0';
    *outlen = o;
    return out;
}
