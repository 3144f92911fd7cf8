/* lint_ignore.c - the ignore list of .dacc.yaml: which entry drops a
 * finding, and the suppression findings about entries without a reason or
 * without a match */
#include "cmd/lint.h"
#include "cmd/lint_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/termsafe.h"

/* The entry of .dacc.yaml's ignore list (CTX, a struct config) that drops F,
 * or -1: the first that matches, for lint_apply_ignores() and for the findings
 * the caps of diag.h drop before it runs. */
int lint_ignored_by(const void *ctx, const struct finding *f)
{
    const struct config *cfg = ctx;
    for (size_t k = 0; k < cfg->nignores; k++) {
        const struct config_ignore *ig = &cfg->ignores[k];
        if (strcmp(ig->rule, f->rule) == 0 && (!ig->pointer || strcmp(ig->pointer, f->pointer) == 0) &&
            config_ignore_file(cfg, ig, f->file))
            return (int)k;
    }
    return -1;
}

int lint_dropped_by(const void *ctx, const struct finding *f)
{
    const struct lint_env *env = ctx;
    int k = lint_ignored_by(env->cfg, f);
    if (k >= 0 || !env->baseline)
        return k;
    long j = baseline_match(env->baseline, f);
    return j >= 0 ? (int)(env->cfg->nignores + (size_t)j) : -1;
}

size_t lint_ignore_slots(const struct lint_env *env)
{
    return env->cfg->nignores + (env->baseline ? baseline_slots(env->baseline) : 0);
}

/* Mark what entry K of lint_dropped_by() names as used. */
static void mark_used(const struct lint_env *env, size_t k)
{
    struct baseline *b = env->baseline;
    if (k < env->cfg->nignores)
        env->cfg->ignores[k].used = true;
    else if (b && !b->writing && k - env->cfg->nignores < b->n)
        b->items[k - env->cfg->nignores].matched = true;
}

void lint_ignore_hits(const struct lint_env *env, const struct diag *diag)
{
    for (size_t k = 0; k < diag->nhits; k++)
        if (diag->hits[k])
            mark_used(env, k);
}

int lint_baseline_open(struct lint_env *env, struct baseline *b)
{
    const struct options *opt = env->opt;
    const char *path = opt->write_baseline ? opt->write_baseline : opt->baseline_path ? opt->baseline_path
                                                                                        : env->cfg->baseline;
    char err[PATH_MAX + 200];
    if (opt->write_baseline && opt->baseline_path) {
        cli_error("--baseline and --write-baseline: give one (--write-baseline records the findings anew)");
        return -1;
    }
    if (!path)
        return 0;
    if (baseline_open(b, path, opt->write_baseline != NULL, err, sizeof err) != 0) {
        char shown[sizeof err * 4];
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        return -1;
    }
    env->baseline = b;
    return 0;
}

int lint_baseline_finish(const struct lint_env *env, const struct file_list *files)
{
    struct baseline *b = env->baseline;
    if (!b)
        return 0;
    for (size_t i = 0; i < files->n; i++) {
        const char *path = files->paths[i];
        if (strcmp(path, "-") == 0)
            path = env->opt->stdin_filename ? env->opt->stdin_filename : "<stdin>";
        baseline_judge_file(b, path);
    }
    char err[PATH_MAX + 200];
    if (baseline_finish(b, err, sizeof err) != 0) {
        char shown[sizeof err * 4];
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        return -1;
    }
    return 0;
}

/* COVERS[k]: unused ignore entry k is about one of FILES.  Each file is
 * named once, and resolved through symlinks at most once. */
static void ignores_covering(const struct lint_env *env, const struct file_list *files, bool *covers)
{
    const struct config *cfg = env->cfg;
    for (size_t i = 0; i < files->n; i++) {
        const char *path = files->paths[i];
        if (strcmp(path, "-") == 0)
            path = env->opt->stdin_filename ? env->opt->stdin_filename : "<stdin>";
        char name[PATH_MAX], real[PATH_MAX];
        int resolved = -1; /* not tried yet */
        config_name(cfg, path, false, name);
        for (size_t k = 0; k < cfg->nignores; k++) {
            const struct config_ignore *ig = &cfg->ignores[k];
            if (ig->used || covers[k])
                continue;
            if (config_name_matches(ig->file, name)) {
                covers[k] = true;
                continue;
            }
            if (resolved < 0)
                resolved = config_name(cfg, path, true, real);
            covers[k] = resolved && config_name_matches(ig->file, real);
        }
    }
}

/* True when the plain path of ignore entry IG (relative to the config's
 * directory) names nothing on disk; a glob is never judged so. */
static bool ignore_names_nothing(const struct config *cfg, const struct config_ignore *ig)
{
    if (strpbrk(ig->file, "*?["))
        return false;
    const char *name = cfg->file.name, *slash = strrchr(name, '/');
    int dl = slash && ig->file[0] != '/' ? (int)(slash - name) : 0;
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%.*s%s%s", dl, name, dl ? "/" : "", ig->file) >= (int)sizeof path)
        return false;
    return access(path, F_OK) != 0;
}

/* The ignore list of .dacc.yaml: drop what it matches, then warn about
 * entries without a reason, and entries without a match that are about a
 * linted file or name a file that does not exist (an entry about other files
 * is not judged by a run that did not look at them, as a pre-commit hook's). */
int lint_apply_ignores(const struct lint_env *env, const struct file_list *files, struct diag *diag)
{
    struct config *cfg = env->cfg;
    for (size_t i = 0; i < diag->n && lint_ignore_slots(env); i++) {
        int k = diag->items[i].rule ? lint_dropped_by(env, &diag->items[i]) : -1;
        if (k >= 0) {
            mark_used(env, (size_t)k);
            diag_discard(&diag->items[i]);
        }
    }
    diag_compact(diag);
    if (!cfg->nignores)
        return 0;
    bool *covers = calloc(cfg->nignores, sizeof *covers);
    if (!covers)
        return -1;
    ignores_covering(env, files, covers);
    int rc = 0;
    for (size_t k = 0; k < cfg->nignores && rc == 0; k++) {
        const struct config_ignore *ig = &cfg->ignores[k];
        char pointer[32], msg[200];
        snprintf(pointer, sizeof pointer, "/ignore/%zu", k);
        if (!ig->reason) {
            snprintf(msg, sizeof msg, "ignore entry for '%s' gives no reason; add one", ig->rule);
            rc = lint_add_own(env, diag, &rule_suppression, cfg->file.name, ig->at->line, ig->at->col, pointer, msg,
                         &cfg->file);
        }
        /* a clash needs the other file, which a run over a few files may not hold */
        if (rc != 0 || ig->used || rule_find(ig->rule) == &rule_duplicate_name)
            continue;
        if (covers[k])
            snprintf(msg, sizeof msg, "ignore entry for '%s' matches no finding", ig->rule);
        else if (ignore_names_nothing(cfg, ig))
            snprintf(msg, sizeof msg, "ignore entry for '%s' names '%.80s', which does not exist", ig->rule,
                     ig->file);
        else
            continue;
        rc = lint_add_own(env, diag, &rule_suppression, cfg->file.name, ig->at->line, ig->at->col, pointer, msg,
                     &cfg->file);
    }
    free(covers);
    return rc;
}
