/* ignore_inline.c - "# dacc:ignore SLUG reason" comments in YAML sources
 *
 * libyaml drops comments, so they are found in the text: a '#' at the start of
 * a line or after a blank begins a comment unless it lies inside a quoted or
 * block scalar, which the YAML loader listed in doc->hashed. */
#include "core/ignore_inline.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

#define MARK "dacc:ignore"
#define MARK_LEN (sizeof MARK - 1)

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *p, const char *stop)
{
    while (p < stop && blank(*p))
        p++;
    return p;
}

/* Is line:col inside one of the spans, which are in source order?  *NEXT is
 * the first span that may still matter; positions only move forward. */
static bool in_span(const struct doc *doc, size_t *next, unsigned line, unsigned col)
{
    while (*next < doc->nhashed) {
        const struct doc_span *s = &doc->hashed[*next];
        if (s->end_line < line || (s->end_line == line && s->end_col <= col)) {
            (*next)++; /* wholly before: never again */
            continue;
        }
        return s->line < line || (s->line == line && s->col <= col);
    }
    return false;
}

/* A marker starts at P: "#", blanks, "dacc:ignore", then a blank or the end. */
static bool is_mark(const char *p, const char *stop)
{
    const char *q = skip_blanks(p + 1, stop);
    return (size_t)(stop - q) >= MARK_LEN && memcmp(q, MARK, MARK_LEN) == 0 &&
           (q + MARK_LEN == stop || blank(q[MARK_LEN]));
}

/* The next marker of the comment [P, STOP), or STOP. */
static const char *next_mark(const char *p, const char *stop)
{
    for (; p < stop; p++)
        if (*p == '#' && is_mark(p, stop))
            return p;
    return stop;
}

/* Parse the marker at M (ending at the next one, or STOP) into IG. */
static void parse_mark(const char *m, const char *stop, struct inline_ignore *ig)
{
    const char *q = skip_blanks(m + 1, stop) + MARK_LEN;
    const char *end = next_mark(q, stop);
    q = skip_blanks(q, end);
    size_t n = 0;
    for (; q < end && !blank(*q); q++) {
        if (n + 1 < sizeof ig->slug)
            ig->slug[n++] = *q; /* printable: libyaml refuses a file with control characters */
        else
            ig->slug_cut = true;
    }
    ig->slug[n] = '\0';
    ig->reason = skip_blanks(q, end) < end;
}

/* A column count that moves forward along one line: *AT is where *COL is;
 * returns the column of P (at or after *AT) in code points. */
static unsigned column_at(const char **at, unsigned *col, const char *p)
{
    for (; *at < p; (*at)++)
        *col += ((unsigned char)**at & 0xC0) != 0x80;
    return *col;
}

/* Give each suppression of LIST[0..N) that targets the line of the key of a
 * collection below N the line where that collection starts.  The targets that
 * are set are in source order (the unresolved ones, 0, trail). */
static void note_collections(const struct node *n, struct inline_ignore *list, size_t nset)
{
    if (n->kind != NODE_ARRAY && n->kind != NODE_OBJECT)
        return;
    if (n->key && n->n && n->key_line != n->line) {
        size_t lo = 0, hi = nset; /* the first target at or after the key's line */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (list[mid].target < n->key_line)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < nset && list[lo].target == n->key_line; lo++) {
            list[lo].also = n->line;
            list[lo].also_col = n->col;
        }
    }
    for (size_t i = 0; i < n->n; i++)
        note_collections(n->kids[i], list, nset);
}

long inline_ignores(const struct source *src, const struct doc *doc, struct inline_ignore **out)
{
    struct inline_ignore *list = NULL;
    size_t n = 0, cap = 0, waiting = 0, span = 0; /* list[waiting..n) wait for a line of YAML */
    const char *p = src->bytes, *end = src->bytes + src->len;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; /* a byte order mark takes no column */
    *out = NULL;
    /* most files hold no suppression (a YAML text libyaml read has no NUL) */
    if (!strstr(src->bytes, MARK))
        return 0;
    for (unsigned line = 1; p && p < end; line++) {
        const char *nl;
        const char *stop = source_eol(p, end, &nl);
        const char *first = skip_blanks(p, stop), *comment = stop, *at = p;
        unsigned col = 1;
        for (const char *h = first; h < stop; h++) {
            h = memchr(h, '#', (size_t)(stop - h));
            if (!h)
                break;
            if ((h == p || blank(h[-1])) && !in_span(doc, &span, line, column_at(&at, &col, h))) {
                comment = h;
                break;
            }
        }
        if (first < comment) {
            for (; waiting < n; waiting++)
                list[waiting].target = line; /* the line of YAML the comments above were waiting for */
        }
        for (const char *m = next_mark(comment, stop); m < stop; m = next_mark(m + 1, stop)) {
            void *more = grow(list, &cap, n, sizeof *list, 4);
            if (!more) {
                free(list);
                return -1;
            }
            list = more;
            struct inline_ignore *ig = &list[n++];
            memset(ig, 0, sizeof *ig);
            ig->line = line;
            ig->col = column_at(&at, &col, m);
            ig->text = (size_t)(p - src->bytes);
            ig->text_len = (size_t)(stop - p);
            parse_mark(m, stop, ig);
            if (first < comment) {
                ig->target = line; /* after a value: that value's line */
                waiting = n;
            }
        }
        p = nl;
    }
    if (doc->root)
        note_collections(doc->root, list, waiting);
    *out = list;
    return (long)n;
}
