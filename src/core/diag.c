/* diag.c - findings: collect, sort, count */
#include "core/diag.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/grow.h"

const char *severity_name(enum severity sev)
{
    switch (sev) {
    case SEV_NOTE: return "note";
    case SEV_WARNING: return "warning";
    case SEV_ERROR: return "error";
    }
    return "error";
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static int cmp_finding(const void *a, const void *b)
{
    const struct finding *x = a, *y = b;
    if (!x->rule || !y->rule) /* a discarded one goes last */
        return !x->rule - !y->rule;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    if ((c = strcmp(x->rule, y->rule)))
        return c;
    if ((c = strcmp(x->pointer, y->pointer)))
        return c;
    return strcmp(x->message, y->message);
}

static bool same_finding(const struct finding *x, const struct finding *y)
{
    return cmp_finding(x, y) == 0 && x->severity == y->severity && strcmp(x->action, y->action) == 0;
}

/* Stripped findings of one file: by line, column, rule, then what they hash
 * to and severity (identical findings sit together); discarded ones last. */
static int cmp_stripped(const void *a, const void *b)
{
    const struct finding *x = a, *y = b;
    if (!x->rule || !y->rule)
        return !x->rule - !y->rule;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    int c = strcmp(x->rule, y->rule);
    if (c)
        return c;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (int)x->severity - (int)y->severity;
}

static void free_strings(struct finding *f)
{
    if (f->stripped)
        return; /* its strings are gone, their room reused */
    free(f->file);
    free(f->pointer);
    free(f->action);
    free(f->message);
    free(f->context);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL; /* FNV-1a */
    return (h ^ 0xFF) * 0x100000001b3ULL; /* a separator no string holds */
}

static void hit(struct diag *d, int k)
{
    if (k >= 0 && (size_t)k < d->nhits)
        d->hits[k] = 1;
}

/* F is beyond a cap: keep what counting it still needs, free the rest. */
static void strip(struct diag *d, struct finding *f)
{
    int ignore = d->ignored ? d->ignored(d->ignored_ctx, f) : -1;
    uint64_t key = hash_str(hash_str(hash_str(0xcbf29ce484222325ULL, f->pointer), f->message), f->action);
    bool withheld = f->context == NULL;
    free_strings(f);
    f->file = f->pointer = f->action = f->message = f->context = NULL;
    f->key = key; /* in the room of the strings */
    f->ignore = ignore;
    f->withheld = withheld;
    f->stripped = true;
}

static void swap(struct finding *a, struct finding *b)
{
    struct finding t = *a;
    *a = *b;
    *b = t;
}

static void reverse(struct finding *a, size_t n)
{
    for (size_t i = 0; i < n / 2; i++)
        swap(&a[i], &a[n - 1 - i]);
}

/* The live findings [file_split, END) of the open file: sort them, discard
 * repeats, keep the first KEEP and strip the others, which move before the
 * kept ones (file_split moves past them).  Findings at END and after do not
 * move. */
static void squeeze(struct diag *d, size_t end, size_t keep)
{
    size_t from = d->file_split, m = end - from;
    struct finding *it = d->items + from;
    qsort(it, m, sizeof *it, cmp_finding);
    size_t kept = 0, p = m, prev = m; /* it[p..m): to strip (and discarded ones) */
    for (size_t i = 0; i < m; i++) {
        if (!it[i].rule)
            continue;
        if (prev < m && same_finding(&it[i], &it[prev])) {
            diag_discard(&it[i]);
            continue;
        }
        prev = i;
        if (kept < keep)
            kept++;
        else if (p == m)
            p = i;
    }
    if (p == m)
        return; /* nothing beyond KEEP */
    for (size_t i = p; i < m; i++)
        if (it[i].rule)
            strip(d, &it[i]);
    /* kept ones are the live ones of it[0..p): move the discarded ones before them */
    size_t w = p;
    for (size_t i = p; i-- > 0;)
        if (it[i].rule)
            swap(&it[i], &it[--w]);
    /* [0, w) discarded, [w, p) kept, [p, m) stripped: rotate the kept ones last */
    reverse(it, p);
    reverse(it + p, m - p);
    reverse(it, m);
    d->file_split = end - (p - w);
}

/* Of [FROM, n): drop the discarded, put the stripped first; returns where
 * the live ones start. */
static size_t tidy(struct diag *d, size_t from)
{
    size_t o = from;
    for (size_t i = from; i < d->n; i++)
        if (d->items[i].rule)
            d->items[o++] = d->items[i];
    d->n = o;
    size_t split = from;
    for (size_t i = from; i < d->n; i++)
        if (d->items[i].stripped)
            swap(&d->items[i], &d->items[split++]);
    return split;
}

int diag_add(struct diag *d, const char *rule, enum severity sev, const char *file,
             unsigned line, unsigned col, const char *pointer, const char *action,
             const char *message, const char *context, size_t context_len)
{
    return diag_add_span(d, rule, sev, file, line, col, 0, 0, pointer, action, message, context, context_len);
}

int diag_add_span(struct diag *d, const char *rule, enum severity sev, const char *file, unsigned line,
                  unsigned col, unsigned end_line, unsigned end_col, const char *pointer, const char *action,
                  const char *message, const char *context, size_t context_len)
{
    if (d->files != d->file_files) { /* lint_source() began a file */
        diag_file_end(d);
        d->file_open = true;
        d->file_files = d->files;
        d->file_actions = d->actions;
        d->file_from = d->file_split = d->n;
    } else if (d->file_open && d->actions != d->file_actions) {
        /* the findings so far are of finished actions: they may move */
        d->file_actions = d->actions;
        if (d->n - d->file_split >= 2 * DIAG_FILE_CAP)
            squeeze(d, d->n, DIAG_FILE_CAP);
    }
    void *more = grow(d->items, &d->cap, d->n, sizeof *d->items, 16);
    if (!more)
        return -1;
    d->items = more;
    struct finding *f = &d->items[d->n];
    memset(f, 0, sizeof *f);
    f->rule = rule;
    f->severity = sev;
    f->line = line;
    f->col = col;
    f->end_line = end_line;
    f->end_col = end_col;
    f->file = dup_or_empty(file);
    f->pointer = dup_or_empty(pointer);
    f->action = dup_or_empty(action);
    f->message = dup_or_empty(message);
    if (context && diag_context_is_safe(context, context_len))
        f->context = strndup(context, context_len);
    if (!f->file || !f->pointer || !f->action || !f->message ||
        (context && diag_context_is_safe(context, context_len) && !f->context)) {
        free(f->file);
        free(f->pointer);
        free(f->action);
        free(f->message);
        free(f->context);
        return -1;
    }
    d->n++;
    return 0;
}

int diag_set_ignored(struct diag *d, diag_ignored_fn *fn, const void *ctx, size_t nentries)
{
    free(d->hits);
    d->hits = nentries ? calloc(nentries, 1) : NULL;
    if (nentries && !d->hits)
        return -1;
    d->nhits = nentries;
    d->ignored = nentries ? fn : NULL;
    d->ignored_ctx = ctx;
    return 0;
}

/* The kept findings of [FROM, TO) that share the line of a finding not kept
 * which withheld it (it may hold a secret) withhold it too. */
static void withhold(struct diag *d, size_t from, size_t to, const struct finding *stripped, size_t nstripped)
{
    for (size_t i = from; i < to; i++) {
        struct finding *f = &d->items[i];
        if (!f->context)
            continue;
        size_t lo = 0, hi = nstripped; /* the first stripped one on f's line */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (stripped[mid].line < f->line)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < nstripped && stripped[k].line == f->line; k++) {
            if (stripped[k].withheld) {
                free(f->context);
                f->context = NULL;
                break;
            }
        }
    }
}

void diag_file_end(struct diag *d)
{
    d->file_files = d->files; /* what is added next is not this file's */
    d->file_actions = d->actions;
    if (!d->file_open)
        return;
    d->file_open = false;
    size_t from = d->file_from;
    for (size_t i = from; i < d->n && d->ignored; i++) {
        struct finding *f = &d->items[i];
        int k = f->rule && !f->stripped ? d->ignored(d->ignored_ctx, f) : -1;
        if (k >= 0) {
            hit(d, k);
            diag_discard(f);
        }
    }
    size_t split = tidy(d, from);
    if (d->n - split > DIAG_FILE_CAP) {
        d->file_split = split;
        squeeze(d, d->n, DIAG_FILE_CAP);
        split = tidy(d, from);
    }
    if (split == from)
        return;
    /* the stripped ones: those the ignore list drops mark their entry; the
     * rest are counted, identical ones once */
    struct finding *st = d->items + from;
    size_t ns = split - from;
    for (size_t i = 0; i < ns; i++) {
        if (st[i].ignore >= 0) {
            hit(d, st[i].ignore);
            diag_discard(&st[i]);
        }
    }
    qsort(st, ns, sizeof *st, cmp_stripped);
    while (ns > 0 && !st[ns - 1].rule)
        ns--;
    for (size_t i = 0; i < ns; i++)
        if (i == 0 || cmp_stripped(&st[i], &st[i - 1]) != 0)
            d->hidden[st[i].severity]++;
    withhold(d, split, d->n, st, ns);
    size_t live = d->n - split;
    memmove(d->items + from, d->items + split, live * sizeof *d->items);
    d->n = from + live;
}

/* The sorted findings [FROM, TO) of one file, or of the run, keep their
 * first KEEP: the others are counted and freed (and discarded). */
static void cut(struct diag *d, size_t from, size_t to, size_t keep)
{
    if (to - from <= keep)
        return;
    size_t last = from + keep - 1;
    bool withheld = false;
    for (size_t i = last + 1; i < to; i++) {
        struct finding *f = &d->items[i];
        if (!withheld && f->line == d->items[last].line && !strcmp(f->file, d->items[last].file))
            withheld = !f->context;
        d->hidden[f->severity]++;
        diag_discard(f);
    }
    for (size_t i = last + 1; withheld && i-- > from;) {
        struct finding *f = &d->items[i];
        if (f->line != d->items[last].line || strcmp(f->file, d->items[last].file))
            break;
        free(f->context);
        f->context = NULL;
    }
}

/* Sort, and keep one of each set of identical findings. */
static void sort_unique(struct diag *d)
{
    if (d->n < 2)
        return;
    qsort(d->items, d->n, sizeof *d->items, cmp_finding);
    /* a value that repeats a fault (the same undeclared input twice in one
     * body) is one violation: one finding */
    for (size_t i = 1; i < d->n; i++)
        if (d->items[i].rule && d->items[i - 1].rule && same_finding(&d->items[i], &d->items[i - 1]))
            diag_discard(&d->items[i - 1]);
    diag_compact(d);
}

void diag_bound(struct diag *d)
{
    if (d->file_open || d->n < 2 * DIAG_RUN_CAP)
        return;
    sort_unique(d);
    cut(d, 0, d->n, DIAG_RUN_CAP);
    diag_compact(d);
}

void diag_sort(struct diag *d)
{
    diag_file_end(d);
    sort_unique(d);
    for (size_t i = 0, first = 0; i <= d->n; i++) {
        if (i < d->n && !strcmp(d->items[i].file, d->items[first].file))
            continue;
        cut(d, first, i, DIAG_FILE_CAP);
        first = i;
    }
    diag_compact(d);
    cut(d, 0, d->n, DIAG_RUN_CAP);
    diag_compact(d);
}

int diag_move(struct diag *to, struct diag *from)
{
    diag_file_end(from);
    void *items = to->items;
    int rc = grow_append(&items, &to->cap, &to->n, from->items, from->n, sizeof *from->items);
    to->items = items;
    if (rc != 0)
        return -1;
    to->files += from->files;
    to->actions += from->actions;
    for (size_t s = 0; s <= SEV_ERROR; s++)
        to->hidden[s] += from->hidden[s];
    for (size_t k = 0; k < from->nhits && k < to->nhits; k++)
        to->hits[k] |= from->hits[k];
    to->file_files = to->files; /* what follows is not a file's */
    to->file_actions = to->actions;
    free(from->items);
    from->items = NULL;
    from->n = from->cap = 0;
    diag_bound(to);
    return 0;
}

size_t diag_count(const struct diag *d, enum severity sev)
{
    size_t n = d->hidden[sev];
    for (size_t i = 0; i < d->n; i++)
        n += d->items[i].severity == sev;
    return n;
}

size_t diag_omitted(const struct diag *d)
{
    size_t n = 0;
    for (size_t s = 0; s <= SEV_ERROR; s++)
        n += d->hidden[s];
    return n;
}

void diag_discard(struct finding *f)
{
    free_strings(f);
    memset(f, 0, sizeof *f);
}

void diag_compact(struct diag *d)
{
    size_t o = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].rule)
            d->items[o++] = d->items[i];
    d->n = o;
}

bool diag_context_is_safe(const char *line, size_t len)
{
    static const char *const words[] = {
        "secret", "passw", "pwd", "token", "key", "auth", "bearer", "basic ", "credential",
        "private", "session", "cookie", "signature", "@", NULL,
    };
    if (len > DIAG_CONTEXT_MAX)
        return false; /* a minified file is one long line: no use under a caret */
    for (size_t i = 0; i < len; i++) {
        char c = (char)tolower((unsigned char)line[i]);
        if (!strchr("spt kabcg@", c))
            continue; /* no word starts with it */
        for (const char *const *w = words; *w; w++)
            if ((*w)[0] == c && strncasecmp(line + i, *w, strlen(*w)) == 0)
                return false;
    }
    return true;
}

void diag_free(struct diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free_strings(&d->items[i]);
    free(d->items);
    free(d->rule_severity);
    free(d->hits);
    memset(d, 0, sizeof *d);
}
