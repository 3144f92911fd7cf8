/* lint_flow.c - Architect flows in a lint run.  Phase one, while files are
 * linted: each action's contract is summarised (names, category, inputs,
 * flattened outputs; its tree goes with its file) and each flow's bytes are
 * kept.  Phase two, once every file is read: each flow is substituted,
 * loaded, and its Call Data Action steps handed to the rules' check_call with
 * the action their name names. */
#include "cmd/lint.h"
#include "cmd/lint_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/action.h"
#include "core/grow.h"
#include "core/load.h"
#include "core/termsafe.h"

/* ---- substitutions --------------------------------------------------------- */

/* .dacc.yaml's flows.substitutions into S; ERR gets "FILE:LINE:COL: why". */
static int config_substs(const struct config *cfg, struct flow_substs *s, char *err, size_t errlen)
{
    const struct node *map = cfg->flow_substitutions;
    for (size_t i = 0; map && i < map->n; i++) {
        const struct node *v = map->kids[i];
        char num[32], why[200];
        const char *text = v->kind == NODE_STRING ? v->str : v->kind == NODE_BOOL ? (v->b ? "true" : "false") : num;
        size_t len = v->kind == NODE_STRING ? v->len : 0;
        if (v->kind == NODE_INT)
            snprintf(num, sizeof num, "%lld", v->i);
        if (v->kind != NODE_STRING)
            len = strlen(text);
        enum flow_status st = flow_substs_set(s, v->key, v->key_len, text, len, why, sizeof why);
        if (st == FLOW_NOMEM)
            snprintf(why, sizeof why, "out of memory");
        if (st != FLOW_OK) {
            snprintf(err, errlen, "%s:%u:%u: flows.substitutions: %s", cfg->file.name, v->key_line, v->key_col, why);
            return -1;
        }
    }
    return 0;
}

/* The position a message of flow_substs_read() starts with ("line L, column
 * C: " or "line L: "), and where the rest of it starts; 0 when it names none. */
static size_t message_position(const char *why, unsigned *line, unsigned *col)
{
    int n = 0;
    *col = 1;
    if (sscanf(why, "line %u, column %u: %n", line, col, &n) == 2 && n > 0)
        return (size_t)n;
    n = 0;
    if (sscanf(why, "line %u: %n", line, &n) == 1 && n > 0)
        return (size_t)n;
    return 0;
}

int lint_flow_substs(struct lint_env *env)
{
    const struct options *opt = env->opt;
    char err[PATH_MAX + 300], why[300], shown[PATH_MAX];
    if (config_substs(env->cfg, &env->substs, err, sizeof err) != 0) {
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        return -1;
    }
    if (opt->subst_file) {
        enum flow_status st = flow_substs_read(&env->substs, opt->subst_file, CONFIG_MAX_BYTES, why, sizeof why);
        if (st != FLOW_OK) {
            unsigned line = 0, col = 1;
            size_t rest = message_position(why, &line, &col);
            termsafe_escape(opt->subst_file, shown, sizeof shown);
            if (st == FLOW_NOMEM)
                cli_error("out of memory");
            else if (rest)
                cli_error("--subst-file %s:%u:%u: %s", shown, line, col, why + rest);
            else
                cli_error("--subst-file %s: %s", shown, why);
            return -1;
        }
    }
    for (size_t i = 0; i < opt->nsubsts; i++) {
        enum flow_status st = flow_substs_parse_arg(&env->substs, opt->substs[i], why, sizeof why);
        if (st != FLOW_OK) {
            cli_error("--subst: %s", st == FLOW_NOMEM ? "out of memory" : why);
            return -1;
        }
    }
    return 0;
}

/* ---- phase one ----------------------------------------------------------- */

/* The first NEEDLE[0..M) in HAY[0..N), or NULL. */
static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; m && i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

int lint_flow_kind(const struct lint_env *env, const struct source *src, const struct doc *doc, int st)
{
    return flow_source_is_flow(src, doc, st, &env->substs, &env->opt->limits, env->opt->max_file_bytes);
}

static int check_flow(const struct lint_env *env, const struct source *src, const struct lint_flows *index,
                      struct diag *diag);

int lint_flow_source(const struct lint_env *env, const struct source *src, struct diag *diag)
{
    struct lint_flows *l = env->flows;
    if (!l)
        return check_flow(env, src, NULL, diag);
    void *more = grow(l->files, &l->fcap, l->nfiles, sizeof *l->files, 4);
    if (!more)
        return -1;
    l->files = more;
    struct lint_flow_file *f = &l->files[l->nfiles];
    f->name = strdup(src->name);
    f->bytes = malloc(src->len ? src->len : 1);
    f->len = src->len;
    if (!f->name || !f->bytes) {
        free(f->name);
        free(f->bytes);
        return -1;
    }
    memcpy(f->bytes, src->bytes, src->len);
    l->nfiles++;
    return 0;
}

/* Add the summary of ACTION to L; FILE names where it is. */
static int add_action(struct lint_flows *l, const char *file, const struct node *action)
{
    struct flow_action a;
    char err[200];
    enum flow_status st = flow_action_of(action, &a, err, sizeof err);
    if (st != FLOW_OK)
        return st == FLOW_NOMEM ? -1 : 0;  /* no name, or too large a contract: no call's action */
    void *more = grow(l->actions, &l->acap, l->nactions, sizeof *l->actions, 16);
    char *name = more ? strdup(file) : NULL;
    if (!name) {
        if (more)
            l->actions = more;
        flow_action_free(&a);
        return -1;
    }
    l->actions = more;
    const struct node *n = node_get(action, "name");
    l->actions[l->nactions++] = (struct lint_flow_action){ a, name, n->line, n->col };
    return 0;
}

int lint_flow_note_action(const struct lint_env *env, const struct source *src, const struct node *action)
{
    return env->flows ? add_action(env->flows, src->name, action) : 0;
}

static void flow_file_free(struct lint_flow_file *f)
{
    free(f->name);
    free(f->bytes);
}

void lint_flows_free(struct lint_flows *l)
{
    for (size_t i = 0; i < l->nactions; i++) {
        flow_action_free(&l->actions[i].a);
        free(l->actions[i].file);
    }
    for (size_t i = 0; i < l->nfiles; i++)
        flow_file_free(&l->files[i]);
    free(l->actions);
    free(l->files);
    memset(l, 0, sizeof *l);
}

int lint_flows_take(struct lint_flows *to, struct lint_flows *from)
{
    void *a = to->actions, *f = to->files;
    int rc = grow_append(&a, &to->acap, &to->nactions, from->actions, from->nactions, sizeof *from->actions);
    to->actions = a;
    if (rc != 0)
        return -1;
    free(from->actions);
    from->actions = NULL;
    from->nactions = from->acap = 0;
    rc = grow_append(&f, &to->fcap, &to->nfiles, from->files, from->nfiles, sizeof *from->files);
    to->files = f;
    if (rc != 0)
        return -1;
    free(from->files);
    from->files = NULL;
    from->nfiles = from->fcap = 0;
    return 0;
}

/* ---- phase two ------------------------------------------------------------- */

/* NAME[0..LEN) (its export suffix already cut) against A's name without its
 * suffix: <0, 0 or >0.  The index is sorted by it, and searched with it. */
static int cmp_name(const char *name, size_t len, const struct flow_action *a)
{
    size_t al = flow_name_len(a->name, a->name_len);
    int c = memcmp(name, a->name, len < al ? len : al);
    return c ? c : len < al ? -1 : len > al;
}

/* Actions by name without the export suffix, then file and place: the first
 * of namesakes is the one every -j finds. */
static int cmp_actions(const void *x, const void *y)
{
    const struct lint_flow_action *a = x, *b = y;
    int c = cmp_name(a->a.name, flow_name_len(a->a.name, a->a.name_len), &b->a);
    if (!c)
        c = strcmp(a->file, b->file);
    if (!c)
        c = a->line < b->line ? -1 : a->line > b->line;
    if (!c)
        c = a->col < b->col ? -1 : a->col > b->col;
    return c;
}

static int cmp_files(const void *x, const void *y)
{
    return strcmp(((const struct lint_flow_file *)x)->name, ((const struct lint_flow_file *)y)->name);
}

/* The action of INDEX (sorted) named NAME[0..LEN), export suffixes aside, or
 * NULL: the first of its namesakes, found by halving. */
static const struct flow_action *find_action(const struct lint_flows *index, const char *name, size_t len)
{
    if (!index)
        return NULL;
    len = flow_name_len(name, len);
    size_t lo = 0, hi = index->nactions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_name(name, len, &index->actions[mid].a) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < index->nactions && cmp_name(name, len, &index->actions[lo].a) == 0)
        return &index->actions[lo].a;
    return NULL;
}

/* Add the actions of the reference file PATH to L (nothing when it cannot
 * be read or loaded, or is a flow: its findings are not this run's). */
static int add_reference(const struct lint_env *env, struct lint_flows *l, const char *path)
{
    struct source src;
    char why[256];
    if (source_read(&src, path, path, env->opt->max_file_bytes, why, sizeof why) != SOURCE_OK)
        return 0;
    struct doc doc = { 0 };
    struct load_error le = { 0 };
    enum load_status st = load_document(&src, load_guess_syntax(path, &src), &env->opt->limits, &doc, &le);
    int rc = st == LOAD_NOMEM ? -1 : 0;
    if (st == LOAD_OK && flow_doc_type(doc.root) == FLOW_NONE) {
        const struct node *list = action_list(doc.root);
        if (list)
            for (size_t i = 0; i < list->n && rc == 0; i++)
                rc = add_action(l, path, list->kids[i]);
        else
            rc = add_action(l, path, doc.root);
    }
    doc_free(&doc);
    source_free(&src);
    return rc;
}

/* The actions of .dacc.yaml's flows.actions directories into L.  0, -1 out
 * of memory, -2 when one cannot be read (said). */
static int add_references(const struct lint_env *env, struct lint_flows *l)
{
    const struct config *cfg = env->cfg;
    for (size_t i = 0; i < cfg->nflow_actions; i++) {
        struct stat st;
        if (stat(cfg->flow_actions[i], &st) != 0) {
            char shown[PATH_MAX], file[PATH_MAX];
            const struct node *at = cfg->flow_actions_at->kids[i];
            cli_error("%s:%u:%u: flows.actions: cannot read '%s'", termsafe_escape(cfg->file.name, file, sizeof file),
                      at->line, at->col, termsafe_escape(cfg->flow_actions[i], shown, sizeof shown));
            return -2;
        }
    }
    struct file_list files = { 0 };
    const struct walk_opts wo = { .quiet = true };
    int rc = walk_paths(&files, (char *const *)cfg->flow_actions, cfg->nflow_actions, &wo) < 0 ? -1 : 0;
    for (size_t i = 0; i < files.n && rc == 0; i++)
        rc = add_reference(env, l, files.paths[i]);
    walk_free(&files);
    return rc;
}

int lint_flows_check(const struct lint_env *env, struct lint_flows *flows, struct diag *diag)
{
    if (flows->nfiles == 0)
        return 0;   /* reference actions are read for flows only */
    int rc = add_references(env, flows);
    if (rc != 0)
        return rc;
    if (flows->nactions > 1)
        qsort(flows->actions, flows->nactions, sizeof *flows->actions, cmp_actions);
    if (flows->nfiles > 1)
        qsort(flows->files, flows->nfiles, sizeof *flows->files, cmp_files);
    for (size_t i = 0; i < flows->nfiles && rc == 0; i++) {
        const struct lint_flow_file *f = &flows->files[i];
        struct source src;
        if (source_from_bytes(&src, f->name, f->bytes, f->len) != 0)
            return -1;
        rc = check_flow(env, &src, flows, diag);
        source_free(&src);
        diag_file_end(diag);
        diag_bound(diag);
    }
    return rc;
}

/* Append to LIST (", "-separated, LEN bytes) the marked names of KEY[0..N)
 * that it does not hold yet. */
static void add_marked(char *list, size_t len, const char *key, size_t n)
{
    const size_t open = sizeof FLOW_MARK_OPEN - 1, close = sizeof FLOW_MARK_CLOSE - 1;
    for (const char *p = key, *end = key + n; p && p + open <= end;) {
        p = find(p, (size_t)(end - p), FLOW_MARK_OPEN, open);
        const char *q = p ? find(p + open, (size_t)(end - p - open), FLOW_MARK_CLOSE, close) : NULL;
        if (!q)
            break;
        char name[FLOW_UNRESOLVED_NAME];
        node_text_fit(p + open, (size_t)(q - p - open), name, sizeof name);
        size_t used = strlen(list), nl = strlen(name);
        bool have = false;
        for (const char *h = strstr(list, name); h && !have; h = strstr(h + 1, name))
            have = (h == list || h[-1] == ' ') && (h[nl] == ',' || h[nl] == '\0');
        if (!have)
            snprintf(list + used, len - used, "%s%s", used ? ", " : "", name);
        p = q + close;
    }
}

/* The one flow-call note of a flow whose calls UNRESOLVED (of CALLS) name a
 * {{KEY}} no substitution gives: at the first of them, naming the keys. */
static void note_unresolved(struct rule_ctx *rc, const struct flow_calls *calls, size_t unresolved)
{
    char keys[400] = "";
    const struct node *at = NULL;
    for (size_t i = 0; i < calls->n; i++) {
        const struct flow_call *c = &calls->items[i];
        if (!c->unresolved)
            continue;
        if (!at)
            at = c->category_key;   /* its names hold the marks: the pointer stops before them */
        add_marked(keys, sizeof keys, c->category->key, c->category->key_len);
        if (c->action)
            add_marked(keys, sizeof keys, c->action->key, c->action->key_len);
    }
    rule_report_key(rc, SEV_NOTE, at, "%zu call%s not checked: no substitution for %s (give %s with --subst KEY=VALUE, "
                    "--subst-file FILE or .dacc.yaml's flows.substitutions)", unresolved, unresolved == 1 ? "" : "s",
                    keys, strchr(keys, ',') ? "them" : "it");
}

/* Hand every call of CALLS whose names are resolved to the rules' check_call,
 * with its action from INDEX; then the note about the others. */
static void check_calls(const struct lint_env *env, struct rule_ctx *rc, const struct flow_calls *calls,
                        const struct lint_flows *index)
{
    size_t unresolved = 0;
    for (size_t i = 0; i < calls->n && !rc->failed; i++) {
        const struct flow_call *c = &calls->items[i];
        if (c->unresolved) {
            unresolved++;
            continue;
        }
        char name[200] = "";
        if (c->action)
            node_text_fit(c->action->key, c->action->key_len, name, sizeof name);
        const struct flow_action *matched = c->action ? find_action(index, c->action->key, c->action->key_len) : NULL;
        rc->action_name = name;
        for (size_t r = 0; r < rule_registry_len && !rc->failed; r++) {
            if (!rule_registry[r]->check_call || env->cfg->severity[r] == CONFIG_SEVERITY_OFF)
                continue;
            rc->rule = rule_registry[r];
            rc->severity = env->cfg->severity[r];
            rule_registry[r]->check_call(rc, c, matched);
        }
    }
    size_t k = rule_index(&rule_flow_call);
    if (unresolved && !rc->failed && env->cfg->severity[k] != CONFIG_SEVERITY_OFF) {
        rc->rule = &rule_flow_call;
        rc->severity = env->cfg->severity[k];
        rc->action_name = "";
        note_unresolved(rc, calls, unresolved);
    }
}

/* Check the flow SRC (its original bytes) against the actions of INDEX (or
 * none): substituted, loaded, its positions mapped back to SRC's, its calls
 * checked and its inline suppressions applied.  Counts one file. */
static int check_flow(const struct lint_env *env, const struct source *src, const struct lint_flows *index,
                      struct diag *diag)
{
    diag->files++;
    size_t first = diag->n, names_from = env->names ? env->names->n : 0;
    struct flow_text t;
    char err[200];
    enum flow_status fs = flow_substitute(src, &env->substs, FLOW_SUBST_MARK, env->opt->max_file_bytes, &t, err,
                                          sizeof err);
    if (fs != FLOW_OK)
        return fs == FLOW_NOMEM ? -1 : lint_add_syntax(env, diag, src, 1, 1, err);
    struct doc doc = { 0 };
    struct load_error le = { 0 };
    enum load_syntax syntax = load_guess_syntax(src->name, src);
    enum load_status st = load_document(&t.src, syntax, &env->opt->limits, &doc, &le);
    int rc = st == LOAD_NOMEM ? -1 : 0;
    if (st == LOAD_SYNTAX) {
        /* a substituted value broke the YAML: at the original's place, in the original's words */
        unsigned line, col;
        flow_text_position(&t, le.line, le.col, &line, &col);
        rc = lint_add_syntax(env, diag, src, line, col, le.msg);
    } else if (st == LOAD_OK) {
        flow_text_remap(&t, &doc);
        struct flow_calls calls;
        rc = flow_find_calls(doc.root, &calls) == FLOW_OK ? 0 : -1;
        struct rule_ctx ctx = { .policy = &env->policy, .data = env->data, .scratch = env->scratch, .diag = diag,
                                .src = src, .action = doc.root, .action_name = "", .config = env->cfg,
                                .marks = env->marks, .flow_type = flow_doc_type(doc.root) };
        if (rc == 0) {
            check_calls(env, &ctx, &calls, index);
            rc = ctx.failed ? -1 : 0;
        }
        flow_calls_free(&calls);
        if (rc == 0 && syntax == SYNTAX_YAML)
            rc = lint_suppress_inline(env, src, &doc, diag, first, names_from);
    }
    doc_free(&doc);
    flow_text_free(&t);
    return rc;
}
