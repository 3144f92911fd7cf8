/* lint.c - the lint pipeline: paths -> sources -> trees -> rules -> findings,
 * over -j threads; lint_run() judges the outcome for dacc lint and dacc build */
#include "cmd/lint.h"
#include "cmd/lint_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/action.h"
#include "core/conceal.h"
#include "core/ignore_inline.h"
#include "core/load.h"
#include "core/termsafe.h"
#include "core/walk.h"

/* A name plaintext-secret found a credential in is not repeated in the
 * "action" of every finding: the findings of the action from FIRST on call it
 * "#INDEX" (into NAME) instead.  Returns 0, or -1 when memory runs out. */
static int hide_secret_name(struct diag *diag, size_t first, size_t index, char *name, size_t namelen)
{
    bool secret = false;
    for (size_t i = first; i < diag->n && !secret; i++)
        secret = !strcmp(diag->items[i].rule, rule_plaintext_secret.slug) && !strcmp(diag->items[i].pointer, "/name");
    if (!secret)
        return 0;
    snprintf(name, namelen, "#%zu", index);
    for (size_t i = first; i < diag->n; i++) {
        char *shown = strdup(name);
        if (!shown)
            return -1;
        free(diag->items[i].action);
        diag->items[i].action = shown;
    }
    return 0;
}

int lint_env_init(struct lint_env *env, const struct options *opt)
{
    char err[512];
    memset(env, 0, sizeof *env);
    env->opt = opt;
    env->data = ruledata_load(opt->rules_dir, err, sizeof err);
    if (!env->data) {
        cli_error("%s", err);
        return -1;
    }
    env->scratch = pattern_scratch_new();
    if (!env->scratch) {
        cli_error("out of memory");
        lint_env_free(env);
        return -1;
    }
    env->cfg = config_load(opt->config_path, err, sizeof err);
    if (!env->cfg) {
        cli_error("%s", err);
        lint_env_free(env);
        return -1;
    }
    if (env->cfg->note[0])
        cli_say(NULL, env->cfg->note);
    if (lint_flow_substs(env) != 0) {
        lint_env_free(env);
        return -1;
    }
    env->marks = calloc(env->cfg->nmarks ? env->cfg->nmarks : 1, 1);
    if (!env->marks) {
        cli_error("out of memory");
        lint_env_free(env);
        return -1;
    }
    /* a flag wins over .dacc.yaml, which wins over rules/limits.yaml */
    env->policy = opt->policy;
    if (!env->policy.max_timeout_ms)
        env->policy.max_timeout_ms = env->cfg->max_timeout_ms ? env->cfg->max_timeout_ms : env->data->max_timeout_ms;
    if (!env->policy.max_payload_bytes)
        env->policy.max_payload_bytes = env->cfg->max_payload_bytes ? env->cfg->max_payload_bytes
                                                                     : env->data->max_payload_bytes;
    return 0;
}

void lint_env_free(struct lint_env *env)
{
    if (!env)
        return;
    ruledata_free(env->data);
    pattern_scratch_free(env->scratch);
    config_free(env->cfg);
    free(env->marks);
    flow_substs_free(&env->substs);
    env->marks = NULL;
    env->data = NULL;
    env->scratch = NULL;
    env->cfg = NULL;
}

static int check_action(const struct lint_env *env, const struct source *src,
                        struct node *action, size_t index, struct diag *diag)
{
    char name[512];
    size_t first = diag->n;
    struct conceal hidden = { 0 };
    if (conceal_action(action, env->data, env->scratch, &hidden) != 0) {
        conceal_free(&hidden);
        return -1;
    }
    action_display_name(action, index, name, sizeof name);
    struct rule_ctx rc = {
        .policy = &env->policy,
        .data = env->data,
        .scratch = env->scratch,
        .diag = diag,
        .src = src,
        .action = action,
        .action_name = name,
        .config = env->cfg,
        .marks = env->marks,
    };
    for (size_t i = 0; i < rule_registry_len; i++) {
        if (!rule_registry[i]->check || env->cfg->severity[i] == CONFIG_SEVERITY_OFF)
            continue;
        rc.rule = rule_registry[i];
        rc.severity = env->cfg->severity[i];
        rule_registry[i]->check(&rc, action);
    }
    diag->actions++;
    if (!rc.failed && conceal_findings(&hidden, diag, first) != 0)
        rc.failed = 1;
    conceal_free(&hidden);
    if (!rc.failed && hide_secret_name(diag, first, index, name, sizeof name) != 0)
        rc.failed = 1;
    if (!rc.failed && lint_note_name(env, src, action, name) != 0)
        rc.failed = 1;
    if (!rc.failed && lint_flow_note_action(env, src, action) != 0)
        rc.failed = 1;
    return rc.failed ? -1 : 0;
}

/* Add a finding of a rule that lint reports itself (syntax, suppression),
 * honouring .dacc.yaml: its severity, or nothing when it is off. */
static int add_own_at(const struct lint_env *env, struct diag *diag, const struct rule *rule, const char *file,
                      unsigned line, unsigned col, const char *pointer, const char *message,
                      const char *text, size_t len)
{
    int sev = env->cfg->severity[rule_index(rule)];
    if (sev == CONFIG_SEVERITY_OFF)
        return 0;
    if (text && !ruledata_line_may_show(env->data, env->scratch, text, len))
        text = NULL; /* it may hold a secret */
    return diag_add(diag, rule->slug, sev >= 0 ? (enum severity)sev : rule->severity, file, line, col,
                    pointer, "", message, text, len);
}

/* As add_own_at(), with line LINE of SRC (when given) as the context. */
int lint_add_own(const struct lint_env *env, struct diag *diag, const struct rule *rule, const char *file,
                 unsigned line, unsigned col, const char *pointer, const char *message, const struct source *src)
{
    size_t len = 0;
    const char *text = src ? source_line(src, line, &len) : NULL;
    return add_own_at(env, diag, rule, file, line, col, pointer, message, text, len);
}

/* Indentation of TEXT[0..LEN): its leading blanks (a tab counts one). */
static size_t indent_of(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
    return i;
}

/* The line that LINE of SRC most likely belongs to when the file cannot be
 * parsed: the nearest line above it that is indented less (a key whose value
 * sits on the next lines, a wrapped string's first line), or LINE itself. */
static unsigned owner_line(const struct source *src, unsigned line)
{
    size_t len = 0;
    const char *text = source_line(src, line, &len);
    if (!text)
        return line;
    size_t own = indent_of(text, len);
    for (unsigned l = line; l > 1 && own > 0 && line - l < RULE_ECHO_LOOKBACK; l--) {
        const char *up = source_line(src, l - 1, &len);
        size_t in = up ? indent_of(up, len) : 0;
        if (up && in < len && in < own)
            return l - 1;
    }
    return line;
}

/* A syntax finding at LINE:COL of SRC.  Its line is echoed only when neither
 * it nor the lines up to the one it belongs to look like they carry a
 * credential: a value under "X-Api-Key:" on the next line, the second half
 * of a wrapped secret. */
int lint_add_syntax(const struct lint_env *env, struct diag *diag, const struct source *src, unsigned line,
                    unsigned col, const char *message)
{
    size_t len = 0;
    const char *text = source_line(src, line, &len);
    if (text && !rule_line_may_show(env->data, env->scratch, src, owner_line(src, line), line))
        text = NULL;
    return add_own_at(env, diag, &rule_syntax, src->name, line, col, "", message, text, len);
}

/* Apply the inline suppressions of SRC (parsed into DOC) to its findings
 * DIAG[FROM..], then report the suppressions that are wrong. */
int lint_suppress_inline(const struct lint_env *env, const struct source *src, const struct doc *doc,
                         struct diag *diag, size_t from, size_t names_from)
{
    struct inline_ignore *ig;
    long n = inline_ignores(src, doc, &ig);
    if (n < 0)
        return -1;
    /* duplicate-name is judged once every file is read: its suppressions mark
     * the names on their line, and cannot be told unused by a run that may
     * not hold the other file of a clash */
    for (long k = 0; k < n && env->names; k++) {
        if (strcmp(ig[k].slug, rule_duplicate_name.slug) != 0)
            continue;
        for (size_t i = names_from; i < env->names->n; i++) {
            if (env->names->items[i].line == ig[k].target) {
                env->names->items[i].silenced = true;
                ig[k].used = true;
            }
        }
    }
    for (size_t i = from; i < diag->n; i++) {
        struct finding *f = &diag->items[i];
        for (long k = 0; k < n && f->rule; k++) {
            /* on its line, or at the collection the key on its line holds (not at a value in
             * the collection's first entry, which shares that line) */
            bool at = ig[k].target == f->line || (ig[k].also && ig[k].also == f->line && ig[k].also_col == f->col);
            if (at && !strcmp(ig[k].slug, f->rule)) {
                ig[k].used = true;
                diag_discard(f);
            }
        }
    }
    diag_compact(diag);
    int rc = 0;
    for (long k = 0; k < n && rc == 0; k++) {
        char msg[200];
        const struct rule *rule = ig[k].slug_cut ? NULL : rule_find(ig[k].slug);
        msg[0] = '\0';
        if (!ig[k].slug[0])
            snprintf(msg, sizeof msg, "suppression names no rule; write '# dacc:ignore SLUG reason'");
        else if (!rule)
            snprintf(msg, sizeof msg, "suppression of unknown rule '%s%s'; 'dacc rules' lists them", ig[k].slug,
                     ig[k].slug_cut ? "..." : "");
        else if (!ig[k].reason)
            snprintf(msg, sizeof msg, "suppression of '%s' gives no reason; say why after the rule", ig[k].slug);
        if (msg[0])
            rc = add_own_at(env, diag, &rule_suppression, src->name, ig[k].line, ig[k].col, "", msg,
                            src->bytes + ig[k].text, ig[k].text_len);
        /* a rule that is off draws nothing to match */
        if (rc == 0 && rule && !ig[k].used && env->cfg->severity[rule_index(rule)] != CONFIG_SEVERITY_OFF) {
            snprintf(msg, sizeof msg, "suppression of '%s' matches no finding on %s", ig[k].slug,
                     ig[k].target == ig[k].line ? "its line" : "the line below");
            rc = add_own_at(env, diag, &rule_suppression, src->name, ig[k].line, ig[k].col, "", msg,
                            src->bytes + ig[k].text, ig[k].text_len);
        }
    }
    free(ig);
    return rc;
}

int lint_source(const struct lint_env *env, const struct source *src, struct diag *diag)
{
    const struct options *opt = env->opt;
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    enum load_syntax syntax = load_guess_syntax(src->name, src);
    enum load_status st = load_document(src, syntax, &opt->limits, &doc, &err);
    if (st == LOAD_NOMEM)
        return -1;
    /* an Architect flow is no action: its calls are checked once every action is read */
    int flow = lint_flow_kind(env, src, &doc, st);
    if (flow != 0) {
        doc_free(&doc);
        return flow < 0 ? -1 : lint_flow_source(env, src, diag);
    }
    if (st == LOAD_OK && lint_skips(doc.root)) { /* neither a data action nor a flow: listed, not linted */
        doc_free(&doc);
        return lint_skip_note(env, src);
    }
    diag->files++;
    size_t first = diag->n;
    size_t names_from = env->names ? env->names->n : 0;
    if (st == LOAD_SYNTAX)
        return lint_add_syntax(env, diag, src, err.line, err.col, err.msg);
    /* one action, an array of them, or an API listing {"entities": [...]} */
    struct node *root = doc.root;
    const struct node *list = action_list(root);
    int rc = 0;
    if (list) {
        for (size_t i = 0; i < list->n && rc == 0; i++)
            rc = check_action(env, src, list->kids[i], i, diag);
    } else {
        rc = check_action(env, src, root, 0, diag);
    }
    if (rc == 0 && syntax == SYNTAX_YAML)
        rc = lint_suppress_inline(env, src, &doc, diag, first, names_from);
    doc_free(&doc);
    return rc;
}

/* What one worker needs: the shared file list and environment, its own
 * matching memory and findings, and a slot per file for an I/O error. */
struct work {
    const struct lint_env *env;
    const struct file_list *files;
    char **errors;              /* errors[i]: why file i could not be read, or NULL */
    atomic_size_t *next;        /* the next file to take */
    unsigned char *marks;       /* what its files' checks marked */
    struct lint_names names;    /* the names its files' actions build to */
    struct lint_flows flows;    /* its files' actions, summarised, and flows */
    struct diag diag;
    int failed;                 /* out of memory */
};

static int lint_file(const struct lint_env *env, const char *path, struct diag *diag, char **error)
{
    const struct options *opt = env->opt;
    int is_stdin = strcmp(path, "-") == 0;
    const char *shown = is_stdin ? (opt->stdin_filename ? opt->stdin_filename : "<stdin>") : path;
    struct source src;
    char why[256];
    if (source_read(&src, path, shown, opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
        char safe[1024]; /* printed on standard error: no terminal escape from a file name */
        termsafe_escape(shown, safe, sizeof safe);
        size_t n = strlen(safe) + strlen(why) + 3;
        *error = malloc(n);
        if (!*error)
            return -1;
        snprintf(*error, n, "%s: %s", safe, why);
        return 0;
    }
    /* build holds its own reading of the file to these bytes */
    if (opt->lint_record && !is_stdin && walk_record_read(opt->lint_record, path, src.bytes, src.len) != 0) {
        source_free(&src);
        return -1;
    }
    int rc = lint_source(env, &src, diag);
    source_free(&src);
    return rc;
}

/* Lint one file into DIAG, then keep DIAG within its caps (see diag.h). */
static int lint_file_bounded(const struct lint_env *env, const char *path, struct diag *diag, char **error)
{
    int rc = lint_file(env, path, diag, error);
    diag_file_end(diag);
    diag_bound(diag);
    return rc;
}

static void *worker(void *arg)
{
    struct work *w = arg;
    struct lint_env env = *w->env;
    env.scratch = pattern_scratch_new();
    env.marks = w->marks;
    env.names = w->env->names ? &w->names : NULL;
    env.flows = w->env->flows ? &w->flows : NULL;
    if (!env.scratch || diag_set_ignored(&w->diag, lint_dropped_by, &env, lint_ignore_slots(&env)) != 0) {
        pattern_scratch_free(env.scratch);
        w->failed = 1;
        return NULL;
    }
    for (;;) {
        size_t i = atomic_fetch_add(w->next, 1);
        if (i >= w->files->n || w->failed)
            break;
        if (lint_file_bounded(&env, w->files->paths[i], &w->diag, &w->errors[i]) != 0)
            w->failed = 1;
    }
    pattern_scratch_free(env.scratch);
    return NULL;
}

/* Lint FILES with JOBS threads into DIAG; I/O errors are printed in file order. */
static int lint_files(const struct lint_env *env, const struct file_list *files, unsigned jobs,
                      struct diag *diag)
{
    int problems = 0, failed = 0;
    char **errors = calloc(files->n ? files->n : 1, sizeof *errors);
    if (!errors || diag_set_ignored(diag, lint_dropped_by, env, lint_ignore_slots(env)) != 0) {
        free(errors);
        return -1;
    }
    if (jobs > files->n)
        jobs = (unsigned)files->n;
    if (jobs <= 1) {
        for (size_t i = 0; i < files->n && !failed; i++)
            failed = lint_file_bounded(env, files->paths[i], diag, &errors[i]) != 0;
    } else {
        atomic_size_t next = 0;
        struct work *works = calloc(jobs, sizeof *works);
        pthread_t *threads = calloc(jobs, sizeof *threads);
        unsigned started = 0;
        if (!works || !threads)
            failed = 1;
        for (unsigned t = 0; !failed && t < jobs; t++) {
            works[t] = (struct work){ .env = env, .files = files, .errors = errors, .next = &next,
                                      .marks = calloc(env->cfg->nmarks ? env->cfg->nmarks : 1, 1) };
            if (!works[t].marks) {
                failed = 1;
                break;
            }
            if (pthread_create(&threads[t], NULL, worker, &works[t]) != 0)
                break; /* the threads already running share the rest */
            started++;
        }
        if (!failed && started == 0)
            for (size_t i = 0; i < files->n && !failed; i++)
                failed = lint_file_bounded(env, files->paths[i], diag, &errors[i]) != 0;
        for (unsigned t = 0; t < started; t++) {
            pthread_join(threads[t], NULL);
            failed |= works[t].failed;
            if (diag_move(diag, &works[t].diag) != 0 || (env->names && lint_names_take(env->names, &works[t].names) != 0) ||
                (env->flows && lint_flows_take(env->flows, &works[t].flows) != 0))
                failed = 1;
            diag_free(&works[t].diag);
            lint_names_free(&works[t].names);
            lint_flows_free(&works[t].flows);
            for (size_t m = 0; m < env->cfg->nmarks; m++)
                env->marks[m] |= works[t].marks[m];
        }
        for (unsigned t = 0; works && t < jobs; t++)
            free(works[t].marks);
        free(works);
        free(threads);
    }
    for (size_t i = 0; i < files->n; i++) {
        if (errors[i]) {
            cli_error("%s", errors[i]);
            problems++;
        }
        free(errors[i]);
    }
    free(errors);
    return failed ? -1 : problems;
}

static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)(n > 64 ? 64 : n) : 1;
}

/* Run the finish() of every rule that has one, once every file is checked:
 * their findings are about .dacc.yaml itself. */
static int finish_rules(const struct lint_env *env, struct diag *diag)
{
    if (!env->cfg->src)
        return 0;
    struct rule_ctx rc = {
        .policy = &env->policy,
        .data = env->data,
        .scratch = env->scratch,
        .diag = diag,
        .src = &env->cfg->file,
        .action = env->cfg->doc.root,
        .action_name = "",
        .config = env->cfg,
        .marks = env->marks,
    };
    for (size_t i = 0; i < rule_registry_len && !rc.failed; i++) {
        if (!rule_registry[i]->finish || env->cfg->severity[i] == CONFIG_SEVERITY_OFF)
            continue;
        rc.rule = rule_registry[i];
        rc.severity = env->cfg->severity[i];
        rule_registry[i]->finish(&rc);
    }
    return rc.failed ? -1 : 0;
}

bool lint_excluded(const void *ctx, const char *path)
{
    const struct lint_env *env = ctx;
    if (strcmp(path, "-") == 0)
        path = env->opt->stdin_filename;
    return path && config_excluded(env->cfg, path);
}

static int paths_env(struct lint_env *env, struct lint_outcome *out);

int lint_paths(const struct options *opt, struct lint_outcome *out)
{
    struct lint_env env;
    if (lint_check_paths(opt) != 0 || lint_env_init(&env, opt) != 0)
        return -2;
    int rc = paths_env(&env, out);
    lint_env_free(&env);
    return rc;
}

/* lint_paths() with ENV set up: it lends the run its skipped list, baseline,
 * names and flows, and has none of them when this returns. */
static int paths_env(struct lint_env *env, struct lint_outcome *out)
{
    const struct options *opt = env->opt;
    struct diag *diag = &out->diag;
    env->skipped = &out->skipped;
    if (lint_baseline_open(env, &out->baseline) != 0) {
        env->skipped = NULL;
        return -2;
    }
    struct file_list files = { 0 };
    const struct walk_opts wo = { .excluded = lint_excluded, .ctx = env, .follow_symlinks = opt->follow_symlinks,
                                  .quiet = opt->quiet, .record = opt->lint_record, .say = cli_say };
    int problems = walk_paths(&files, opt->paths, opt->npaths, &wo);
    if (problems < 0 || lint_check_found(opt, files.n, problems) != 0) {
        walk_free(&files);
        env->skipped = NULL;
        return problems < 0 ? -1 : -2;
    }
    /* on the heap: the env holds them while the files are read */
    struct lint_names *names = calloc(1, sizeof *names);
    struct lint_flows *flows = calloc(1, sizeof *flows);
    if (!names || !flows) {
        free(names);
        free(flows);
        walk_free(&files);
        env->skipped = NULL;
        return -1;
    }
    if (env->cfg->severity[rule_index(&rule_duplicate_name)] != CONFIG_SEVERITY_OFF)
        env->names = names;
    env->flows = flows;
    int rc = lint_files(env, &files, opt->jobs ? opt->jobs : default_jobs(), diag);
    int frc = rc >= 0 ? lint_flows_check(env, flows, diag) : 0;
    lint_flows_free(flows);
    free(flows);
    env->flows = NULL;
    if (frc == -2) {
        walk_free(&files);
        lint_names_free(names);
        free(names);
        env->names = NULL;
        env->skipped = NULL;
        return -2;
    }
    if (frc != 0)
        rc = -1;
    if (rc >= 0 && lint_report_duplicates(env, names, diag) != 0)
        rc = -1;
    lint_names_free(names);
    free(names);
    env->names = NULL;
    if (rc >= 0 && finish_rules(env, diag) != 0)
        rc = -1;
    if (rc >= 0 && !(diag->rule_severity = malloc(rule_registry_len * sizeof *diag->rule_severity)))
        rc = -1;
    if (rc >= 0)
        memcpy(diag->rule_severity, env->cfg->severity, rule_registry_len * sizeof *diag->rule_severity);
    /* what build takes from the same .dacc.yaml, rather than reading it again */
    if (rc >= 0 && env->cfg->build_category && !(out->build_category = strdup(env->cfg->build_category)))
        rc = -1;
    lint_ignore_hits(env, diag); /* the entries that dropped findings the caps did not keep */
    (void)diag_set_ignored(diag, NULL, NULL, 0); /* the config goes before diag_sort() */
    if (rc >= 0 && lint_apply_ignores(env, &files, diag) != 0)
        rc = -1;
    if (rc >= 0 && lint_baseline_finish(env, &files) != 0)
        rc = -2;
    walk_free(&files);
    env->skipped = NULL;
    env->baseline = NULL;
    if (rc < 0)
        return rc;
    diag_sort(diag);
    diag->unread = (size_t)(problems + rc);
    return problems + rc;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void lint_outcome_free(struct lint_outcome *out)
{
    diag_free(&out->diag);
    lint_skipped_free(&out->skipped);
    baseline_free(&out->baseline);
    free(out->build_category);
    out->build_category = NULL;
}

/* lint_run() with ENV, or (NULL) an env of its own. */
static int run(const struct options *opt, struct lint_env *env, struct lint_outcome *out)
{
    memset(out, 0, sizeof *out);
    if (lint_skipped_init(&out->skipped) != 0) {
        cli_error("out of memory");
        return -1;
    }
    if (!env)
        out->problems = lint_paths(opt, out);
    else
        out->problems = lint_check_paths(opt) != 0 ? -2 : paths_env(env, out);
    if (out->problems < 0) {
        if (out->problems == -1)
            cli_error("out of memory");
        lint_outcome_free(out);
        return -1;
    }
    /* in the order of the files, whatever -j */
    if (out->skipped.n > 1)
        qsort(out->skipped.names, out->skipped.n, sizeof *out->skipped.names, cmp_name);
    out->fails = diag_count(&out->diag, SEV_ERROR) || (opt->strict && diag_count(&out->diag, SEV_WARNING));
    return 0;
}

int lint_run(const struct options *opt, struct lint_outcome *out)
{
    return run(opt, NULL, out);
}

int lint_run_env(struct lint_env *env, struct lint_outcome *out)
{
    return run(env->opt, env, out);
}
