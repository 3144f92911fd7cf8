/* fix_diff.c - a unified diff of a file and its fixed text, for dacc fix --diff.
 * The lines are matched greedily (the nearest line that is the same again):
 * every line shown as kept is the same in both, so the patch always applies;
 * fixes change a few lines, where this is also the shortest diff. */
#include "fix/fix.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

#define CONTEXT 3
#define SEARCH 4000

struct line {
    const char *s;
    size_t len;     /* its line break included */
};

struct lines {
    struct line *items;
    size_t n, cap;
};

static int split(const char *s, size_t len, struct lines *out)
{
    const char *end = s + len, *p = s, *next;
    while (p && p < end) {
        source_eol(p, end, &next);
        struct line *more = grow(out->items, &out->cap, out->n, sizeof *out->items, 64);
        if (!more)
            return -1;
        out->items = more;
        out->items[out->n++] = (struct line){ p, next ? (size_t)(next - p) : (size_t)(end - p) };
        p = next;
    }
    return 0;
}

static bool same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
    return i < a->n && j < b->n && a->items[i].len == b->items[j].len &&
           memcmp(a->items[i].s, b->items[j].s, a->items[i].len) == 0;
}

/* One line of the diff: ' ', '-' or '+', and the line. */
struct op {
    char tag;
    const struct line *line;
};

/* The ops from A to B into OPS (A->n + B->n of them at most); returns their number. */
static size_t match(const struct lines *a, const struct lines *b, struct op *ops)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        if (same(a, i, b, j)) {
            ops[n++] = (struct op){ ' ', &a->items[i++] };
            j++;
            continue;
        }
        size_t di = a->n - i, dj = b->n - j;   /* no line again: the rest differs */
        bool found = false;
        for (size_t s = 1; s <= SEARCH && !found; s++)
            for (size_t x = 0; x <= s && !found; x++)
                if (same(a, i + x, b, j + s - x)) {
                    di = x;
                    dj = s - x;
                    found = true;
                }
        while (di--)
            ops[n++] = (struct op){ '-', &a->items[i++] };
        while (dj--)
            ops[n++] = (struct op){ '+', &b->items[j++] };
    }
    return n;
}

static void put_line(FILE *out, char tag, const struct line *l)
{
    fputc(tag, out);
    fwrite(l->s, 1, l->len, out);
    if (l->len == 0 || (l->s[l->len - 1] != '\n' && l->s[l->len - 1] != '\r'))
        fputs("\n\\ No newline at end of file\n", out);
}

/* Print the hunks of OPS[0..N). */
static void hunks(FILE *out, const struct op *ops, size_t n)
{
    size_t k = 0, aline = 1, bline = 1;
    while (k < n) {
        if (ops[k].tag == ' ') {
            k++, aline++, bline++;
            continue;
        }
        size_t start = k >= CONTEXT ? k - CONTEXT : 0, end = k;
        /* extend while another change is within 2 * CONTEXT kept lines */
        for (size_t kept = 0; end < n && kept <= 2 * CONTEXT; end++)
            kept = ops[end].tag == ' ' ? kept + 1 : 0;
        while (end > k && ops[end - 1].tag == ' ')
            end--;
        end = end + CONTEXT < n ? end + CONTEXT : n;
        size_t a0 = aline - (k - start), b0 = bline - (k - start), na = 0, nb = 0;
        for (size_t x = start; x < end; x++) {
            na += ops[x].tag != '+';
            nb += ops[x].tag != '-';
        }
        fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? a0 : a0 - 1, na, nb ? b0 : b0 - 1, nb);
        for (size_t x = start; x < end; x++)
            put_line(out, ops[x].tag, ops[x].line);
        for (; k < end; k++) {
            aline += ops[k].tag != '+';
            bline += ops[k].tag != '-';
        }
    }
}

int fix_diff(FILE *out, const char *name, const char *old, size_t oldlen, const char *new_text, size_t newlen)
{
    struct lines a = { 0 }, b = { 0 };
    struct op *ops = NULL;
    int rc = -1;
    if (split(old, oldlen, &a) == 0 && split(new_text, newlen, &b) == 0 &&
        (ops = malloc((a.n + b.n + 1) * sizeof *ops)) != NULL) {
        size_t n = match(&a, &b, ops);
        while (*name == '/')
            name++;   /* a/ABSOLUTE-PATH, as git shows a path */
        fprintf(out, "--- a/%s\n+++ b/%s\n", name, name);
        hunks(out, ops, n);
        rc = ferror(out) ? -1 : 0;
    }
    free(ops);
    free(a.items);
    free(b.items);
    return rc;
}
