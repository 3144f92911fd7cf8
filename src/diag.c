/* diag.c - findings: collect, sort, count */
#include "diag.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"

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

int diag_add(struct diag *d, const char *rule, enum severity sev, const char *file,
             unsigned line, unsigned col, const char *pointer, const char *action,
             const char *message, const char *context, size_t context_len)
{
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

static int cmp_finding(const void *a, const void *b)
{
    const struct finding *x = a, *y = b;
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

void diag_sort(struct diag *d)
{
    if (d->n < 2)
        return;
    qsort(d->items, d->n, sizeof *d->items, cmp_finding);
    /* a value that repeats a fault (the same undeclared input twice in one
     * body) is one violation: one finding */
    for (size_t i = 1; i < d->n; i++)
        if (same_finding(&d->items[i], &d->items[i - 1]))
            diag_discard(&d->items[i - 1]);
    diag_compact(d);
}

size_t diag_count(const struct diag *d, enum severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->items[i].severity == sev;
    return n;
}

void diag_discard(struct finding *f)
{
    free(f->file);
    free(f->pointer);
    free(f->action);
    free(f->message);
    free(f->context);
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
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].pointer);
        free(d->items[i].action);
        free(d->items[i].message);
        free(d->items[i].context);
    }
    free(d->items);
    free(d->rule_severity);
    memset(d, 0, sizeof *d);
}
