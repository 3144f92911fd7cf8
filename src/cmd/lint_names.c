/* lint_names.c - the duplicate-name rule, which no one file can judge: the
 * import file each named action builds to is noted while files are linted,
 * and the clashes reported once every file is read */
#include "cmd/lint.h"
#include "cmd/lint_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/grow.h"

static void name_free(struct lint_name *e)
{
    free(e->key);
    free(e->file);
    free(e->action);
    free(e->context);
}

/* Note where ACTION's name is and which import file it builds to. */
int lint_note_name(const struct lint_env *env, const struct source *src, const struct node *action,
                     const char *shown)
{
    char file[ACTION_IMPORT_NAME_MAX];
    if (!env->names || action_import_name(action, file) == 0)
        return 0;
    const struct node *name = node_get(action, "name");
    struct lint_names *l = env->names;
    void *more = grow(l->items, &l->cap, l->n, sizeof *l->items, 16);
    if (!more)
        return -1;
    l->items = more;
    struct lint_name *e = &l->items[l->n];
    memset(e, 0, sizeof *e);
    /* whether the name and its line may be shown is judged for the few that clash */
    size_t ctx_len = 0;
    const char *ctx = source_line(src, name->line, &ctx_len);
    if (ctx && ctx_len > DIAG_CONTEXT_MAX)
        ctx = NULL; /* a line that long is never echoed */
    e->key = strdup(file);
    e->file = strdup(src->name);
    e->action = strdup(shown);
    e->hidden = strcmp(shown, name->str) != 0; /* reported as "#N": it may hold a secret */
    e->context = ctx ? strndup(ctx, ctx_len) : NULL;
    if (!e->key || !e->file || !e->action || (ctx && !e->context)) {
        name_free(e);
        return -1;
    }
    e->line = name->line;
    e->col = name->col;
    l->n++;
    return 0;
}

void lint_names_free(struct lint_names *l)
{
    for (size_t i = 0; i < l->n; i++)
        name_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Move every name of FROM to the end of TO (FROM keeps nothing, or all of
 * them when memory runs out). */
int lint_names_take(struct lint_names *to, struct lint_names *from)
{
    void *items = to->items;
    int rc = grow_append(&items, &to->cap, &to->n, from->items, from->n, sizeof *from->items);
    to->items = items;
    if (rc != 0)
        return -1;
    free(from->items);
    memset(from, 0, sizeof *from);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    const struct lint_name *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (!c)
        c = strcmp(x->file, y->file);
    if (!c)
        c = x->line < y->line ? -1 : x->line > y->line;
    if (!c)
        c = x->col < y->col ? -1 : x->col > y->col;
    return c;
}

/* duplicate-name: every action whose import file an earlier one (by file,
 * then line) of the run already builds to, at its name and naming the first. */
int lint_report_duplicates(const struct lint_env *env, struct lint_names *names, struct diag *diag)
{
    if (names->n > 1)
        qsort(names->items, names->n, sizeof *names->items, cmp_names);
    int sev = env->cfg->severity[rule_index(&rule_duplicate_name)];
    int rc = 0;
    for (size_t i = 1, first = 0; i < names->n && rc == 0; i++) {
        const struct lint_name *a = &names->items[first], *b = &names->items[i];
        if (strcmp(a->key, b->key) != 0) {
            first = i;
            continue;
        }
        if (b->silenced)
            continue;
        /* names that look like they hold a secret are neither quoted nor echoed:
         * those plaintext-secret found one in ("#N"), and random-looking ones */
        const struct ruledata *rd = env->data;
        bool quote = !a->hidden && !b->hidden &&
                     !ruledata_may_hold_secret(rd, env->scratch, a->action, strlen(a->action)) &&
                     !ruledata_may_hold_secret(rd, env->scratch, b->action, strlen(b->action));
        const char *ctx = quote && b->context &&
                          ruledata_line_may_show(rd, env->scratch, b->context, strlen(b->context)) ? b->context : NULL;
        char msg[PATH_MAX + 512], an[120], bn[120];
        node_text_fit(a->action, strlen(a->action), an, sizeof an);
        node_text_fit(b->action, strlen(b->action), bn, sizeof bn);
        if (quote && strcmp(a->action, b->action) == 0)
            snprintf(msg, sizeof msg, "'%s' is also the name of the action at %s:%u:%u; rename one of them", bn,
                     a->file, a->line, a->col);
        else if (quote)
            snprintf(msg, sizeof msg, "'%s' builds to %s, as '%s' at %s:%u:%u does; rename one of them", bn, b->key,
                     an, a->file, a->line, a->col);
        else
            snprintf(msg, sizeof msg, "this name builds to the import file the name at %s:%u:%u builds to "
                     "(neither is quoted, nor the file: they may hold a secret); rename one of them", a->file,
                     a->line, a->col); /* the file name is the name, slugged */
        rc = diag_add(diag, rule_duplicate_name.slug, sev >= 0 ? (enum severity)sev : rule_duplicate_name.severity,
                      b->file, b->line, b->col, "/name", b->action, msg, ctx, ctx ? strlen(ctx) : 0);
    }
    return rc;
}
