/* fix_sarif.c - the fixes SARIF's results offer: each file with a finding of
 * a rule dacc fix fixes is read again and fixed in memory (with the --unsafe
 * fixes, whose description says so: a reviewer applies a SARIF fix, not
 * dacc); each fix whose text reads back as intended becomes the report_fix
 * of its finding */
#include "cmd/fix.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "fix/fix.h"

/* Whether F is a finding of a rule dacc fix fixes. */
static bool fixable(const struct finding *f)
{
    const struct rule *r = !f->stripped && f->rule ? rule_find(f->rule) : NULL;
    return r && r->fixable != FIX_NO;
}

/* ITEM's edits of SRC as replacements into FIX.  Returns 0 or -1. */
static int replacements(const struct source *src, const struct fix_item *item, struct report_fix *fix)
{
    struct report_replacement *reps = calloc(item->edits.n ? item->edits.n : 1, sizeof *reps);
    if (!reps)
        return -1;
    fix->items = reps;
    for (size_t i = 0; i < item->edits.n; i++) {
        const struct fix_edit *e = &item->edits.items[i];
        struct report_replacement *r = &reps[fix->n];
        fix_position(src, e->off, &r->line, &r->col);
        fix_position(src, e->off + e->len, &r->end_line, &r->end_col);
        if (!(r->text = strdup(e->ins)))
            return -1;
        fix->n++;
    }
    return 0;
}

/* The fixes of FILE (as findings name it) into OUT.  Returns 0 (a file that
 * cannot be read or fixed has none), or -1 when memory runs out. */
static int file_fixes(const struct lint_env *env, const char *file, struct fix_sarif *out)
{
    const struct options *opt = env->opt;
    struct source src;
    char why[256];
    if (source_read(&src, file, file, opt->max_file_bytes, why, sizeof why) != SOURCE_OK)
        return 0;
    struct fix_opts fo = { .syntax = load_guess_syntax(file, &src), .limits = &opt->limits,
                           .max_timeout_ms = env->policy.max_timeout_ms, .data = env->data, .unsafe = true };
    char *text = NULL;
    size_t len = 0;
    struct fix_items items;
    enum fix_status st = fix_source_items(&src, &fo, &text, &len, &items);
    free(text);
    int rc = st == FIX_NOMEM ? -1 : 0;
    for (size_t i = 0; rc == 0 && st == FIX_CHANGED && i < items.n; i++) {
        struct report_fix *more = grow(out->items, &out->cap, out->n, sizeof *out->items, 16);
        if (!more) {
            rc = -1;
            break;
        }
        out->items = more;
        const struct fix_item *it = &items.items[i];
        struct report_fix *fix = &out->items[out->n++];
        *fix = (struct report_fix){ .rule = it->rule, .line = it->line, .col = it->col, .description = it->what,
                                    .hint = it->hint };
        fix->file = strdup(file);
        fix->pointer = strdup(it->pointer);
        if (!fix->file || !fix->pointer || replacements(&src, it, fix) != 0)
            rc = -1;
    }
    fix_items_free(&items);
    source_free(&src);
    return rc;
}

int fix_sarif_collect(const struct lint_env *env, const struct diag *diag, struct fix_sarif *out)
{
    memset(out, 0, sizeof *out);
    const struct options *opt = env->opt;
    const char *stdin_name = NULL;
    for (size_t i = 0; i < opt->npaths; i++)
        if (strcmp(opt->paths[i], "-") == 0)
            stdin_name = opt->stdin_filename ? opt->stdin_filename : "<stdin>";
    const char *last = NULL;
    for (size_t i = 0; i < diag->n; i++) {
        const struct finding *f = &diag->items[i];
        if (!fixable(f) || (last && strcmp(last, f->file) == 0))
            continue;
        last = f->file;   /* findings are sorted by file: each file once */
        if (stdin_name && strcmp(f->file, stdin_name) == 0)
            continue;     /* read from standard input: not there to read again */
        if (file_fixes(env, f->file, out) != 0)
            return -1;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, report_fix_cmp);
    return 0;
}

void fix_sarif_free(struct fix_sarif *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        struct report_fix *f = &fs->items[i];
        for (size_t j = 0; j < f->n; j++)
            free((char *)f->items[j].text);
        free((void *)f->items);
        free((char *)f->file);
        free((char *)f->pointer);
    }
    free(fs->items);
    memset(fs, 0, sizeof *fs);
}
