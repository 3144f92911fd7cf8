/* pull_write.c - the org's actions written into -o DIR (atomically, a file
 * whose bytes are already right left alone) and then linted as dacc lint
 * lints; or, with --check, compared with the actions DIR holds
 *
 * --check matches an org's action and a file's action by build's import
 * file name (action_import_name), normalises both as pull_export() does
 * (what the export holds, in its order, with neither server-owned members
 * nor the category) and reports each difference: only in the org, only in
 * the repository, or changed at a JSON Pointer.  Values are never shown:
 * an action may hold a credential.
 */
#include "live/pull_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/conceal.h"
#include "core/fsutil.h"
#include "core/grow.h"
#include "core/load.h"
#include "core/walk.h"
#include "live/pull_export.h"
#include "report/report.h"

/* Whether DIR/NAME holds exactly TEXT[0..LEN). */
static bool same_bytes(const char *dir, const char *name, const char *text, size_t len)
{
    char *path = fs_join(dir, name);
    FILE *f = path ? fopen(path, "rb") : NULL;
    free(path);
    if (!f)
        return false;
    bool same = true;
    char buf[8192];
    size_t at = 0, n;
    while (same && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        same = at + n <= len && memcmp(buf, text + at, n) == 0;
        at += n;
    }
    same = same && !ferror(f) && at == len;
    fclose(f);
    return same;
}

/* Lint the N files of PATHS as dacc lint does, and report in --format: the
 * exit status. */
static int lint_written(const struct pull *p, char **paths, size_t n)
{
    struct options lo = *p->opt;
    lo.paths = paths;
    lo.npaths = n;
    lo.command = CMD_LINT;
    struct lint_outcome lint;
    if (lint_run(&lo, &lint) != 0)
        return EXIT_TROUBLE;
    struct report_opts ro = lint_report_opts(&lo, &lint, STDOUT_FILENO);
    int wrote = report_write(lo.format, stdout, &lint.diag, &ro);
    int status = lint.fails ? EXIT_FINDINGS : EXIT_CLEAN;
    if (wrote != 0)
        live_error("cannot write the report to standard output");
    if (lint.problems || wrote != 0)
        status = EXIT_TROUBLE;
    lint_outcome_free(&lint);
    return status;
}

/* Whether NAME is the name of a file pull (or build) writes for an action. */
static bool action_file_name(const char *name)
{
    static const char *const ends[] = { ".custom.json", ".customAuth.json", ".custom.yaml", ".customAuth.yaml" };
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t e = strlen(ends[i]);
        if (n > e && strcmp(name + n - e, ends[i]) == 0)
            return true;
    }
    return false;
}

/* Name the action files in DIR that this pull did not write (an action
 * deleted or renamed in the org): pull deletes nothing, and importing the
 * directory would bring them back.  Not with a filter (other files are
 * expected then), nor with -q. */
static void name_stale(const struct pull *p)
{
    const char *dir = p->opt->output_dir;
    char **names = NULL;
    size_t n = 0;
    if (p->opt->quiet || p->opt->npull_integrations || p->opt->npull_categories || fs_list_dir(dir, &names, &n) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        bool ours = false;
        for (size_t k = 0; k < p->n && !ours; k++)
            ours = strcmp(p->items[k].file, names[i]) == 0;
        if (!ours && action_file_name(names[i]))
            live_error("note: %s/%s is no action of the org (deleted or renamed there?); pull deletes nothing: "
                       "delete it before importing the directory", dir, names[i]);
        free(names[i]);
    }
    free(names);
}

int pull_write(struct pull *p)
{
    const char *dir = p->opt->output_dir;
    char err[1024];
    if (fs_mkdir_p(dir, err, sizeof err) != 0) {
        live_error("%s", err);
        return EXIT_TROUBLE;
    }
    char **paths = calloc(p->n ? p->n : 1, sizeof *paths);
    size_t written = 0, npaths = 0;
    int status = paths ? EXIT_CLEAN : EXIT_TROUBLE;
    for (size_t i = 0; i < p->n && status == EXIT_CLEAN; i++) {
        const struct pulled *it = &p->items[i];
        size_t len = 0;
        char *text = pull_export_text(it->json, p->opt->pull_yaml, &len, err, sizeof err);
        paths[npaths] = fs_join(dir, it->file);
        if (!text || !paths[npaths]) {
            live_error("action '%s': %s", it->name, text ? "out of memory" : err);
            status = EXIT_TROUBLE;
        } else if (!same_bytes(dir, it->file, text, len)) {
            if (fs_write_atomic(dir, it->file, text, len, err, sizeof err) != 0) {
                live_error("%s", err);
                status = EXIT_TROUBLE;
            } else {
                written++;
            }
        }
        npaths += paths[npaths] != NULL;
        free(text);
    }
    if (status == EXIT_CLEAN && !p->opt->quiet)
        live_error("%zu action%s from the org: %zu written, %zu unchanged in %s", p->n, p->n == 1 ? "" : "s", written,
                   p->n - written, dir);
    if (status == EXIT_CLEAN)
        name_stale(p);
    if (status == EXIT_CLEAN && p->n == 0) {
        live_error("the org has no action that the filters take: nothing to lint");
    } else if (status == EXIT_CLEAN) {
        status = lint_written(p, paths, npaths);
    }
    for (size_t i = 0; i < npaths; i++)
        free(paths[i]);
    free(paths);
    return status;
}

/* --- --check ---------------------------------------------------------------- */

/* One action of DIR. */
struct repo_action {
    char key[ACTION_IMPORT_NAME_MAX];
    char *file;             /* owned */
    char *name;             /* owned */
    json_t *json;           /* normalised (owned) */
    bool matched;
};

struct compare {
    struct pull *p;
    struct repo_action *acts;
    size_t n, cap;
    json_t *diffs;          /* --format json: the differences */
    size_t changed, only_org, only_repo, same, count;
    /* the action being compared, for the callback */
    const char *file, *name;
};

/* N as a jansson value (the caller owns it); NULL when memory ran out. */
static json_t *node_json(const struct node *n)
{
    json_t *v = NULL;
    switch (n->kind) {
    case NODE_NULL: return json_null();
    case NODE_BOOL: return json_boolean(n->b);
    case NODE_INT: return json_integer(n->i);
    case NODE_REAL: return json_real(n->d);
    case NODE_STRING: return json_stringn_nocheck(n->str, n->len);
    case NODE_ARRAY:
        v = json_array();
        for (size_t i = 0; v && i < n->n; i++) {
            json_t *k = node_json(n->kids[i]);
            if (!k || json_array_append_new(v, k) != 0) { /* steals k */
                json_decref(v);
                return NULL;
            }
        }
        return v;
    case NODE_OBJECT:
        v = json_object();
        for (size_t i = 0; v && i < n->n; i++) {
            json_t *k = node_json(n->kids[i]);
            if (!k || json_object_setn_new_nocheck(v, n->kids[i]->key, n->kids[i]->key_len, k) != 0) {
                json_decref(v);
                return NULL;
            }
        }
        return v;
    }
    return NULL;
}

/* One action ACTION of FILE into C.  Returns 0, or -1 when memory ran out. */
static int add_repo_action(struct compare *c, const char *file, const struct node *action)
{
    char key[ACTION_IMPORT_NAME_MAX];
    if (action->kind != NODE_OBJECT || action_import_name(action, key) == 0)
        return 0; /* no name: no file of the org's could be it (lint says what is wrong) */
    json_t *raw = node_json(action);
    char why[160];
    json_t *x = raw ? pull_export(raw, NULL, false, why, sizeof why) : NULL;
    json_decref(raw);
    void *more = x ? grow(c->acts, &c->cap, c->n, sizeof *c->acts, 32) : NULL;
    if (!more) {
        json_decref(x);
        return -1;
    }
    c->acts = more;
    struct repo_action *a = &c->acts[c->n];
    memset(a, 0, sizeof *a);
    memcpy(a->key, key, sizeof key);
    a->file = strdup(file);
    a->name = strdup(json_string_value(json_object_get(x, "name")));
    a->json = x;
    c->n++;
    return a->file && a->name ? 0 : -1;
}

/* Every action in DIR (walked as lint walks), into C.  Returns 0, or -1
 * after saying why. */
static int read_repo(struct compare *c)
{
    const struct options *opt = c->p->opt;
    struct file_list list = { 0 };
    const char *dir = opt->output_dir;
    const struct walk_opts wo = { .excluded = lint_excluded, .ctx = &c->p->run.env,
                                  .follow_symlinks = opt->follow_symlinks, .quiet = opt->quiet, .say = cli_say };
    char *paths[1] = { (char *)dir };
    int rc = walk_paths(&list, paths, 1, &wo) == 0 ? 0 : -1;
    for (size_t i = 0; i < list.n && rc == 0; i++) {
        struct source src;
        struct doc doc = { 0 };
        struct load_error err = { 0 };
        char why[256];
        if (source_read(&src, list.paths[i], list.paths[i], opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
            live_error("%s: %s", list.paths[i], why);
            rc = -1;
            break;
        }
        enum load_status ls = load_document(&src, load_guess_syntax(src.name, &src), &opt->limits, &doc, &err);
        if (ls != LOAD_OK) {
            live_error("%s:%u:%u: %s ('dacc lint' checks the file)", src.name, err.line, err.col,
                       ls == LOAD_NOMEM ? "out of memory" : err.msg);
            rc = -1;
        } else if (!load_is_blank(&src, load_guess_syntax(src.name, &src)) && !lint_skips(doc.root)) {
            const struct node *items = action_list(doc.root);
            for (size_t k = 0; items && k < items->n && rc == 0; k++)
                rc = add_repo_action(c, src.name, items->kids[k]);
            if (!items && rc == 0)
                rc = add_repo_action(c, src.name, doc.root);
            if (rc != 0)
                live_error("out of memory");
        }
        doc_free(&doc);
        source_free(&src);
    }
    walk_free(&list);
    return rc;
}

/* NAME as a report may show it: CONCEAL_TEXT when it looks like a credential,
 * as lint hides such a name (conceal.h). */
static const char *shown_name(const struct compare *c, const char *name)
{
    const struct lint_env *env = &c->p->run.env;
    return name && conceal_is_secret_name(env->data, env->scratch, name, strlen(name)) ? CONCEAL_TEXT : name;
}

/* POINTER into OUT (OUTLEN bytes) as a report may show it: cut before its
 * first segment that looks like a credential, as lint's pointers stop at the
 * parent of a hidden member name. */
static const char *shown_pointer(const struct compare *c, const char *pointer, char *out, size_t outlen)
{
    const struct lint_env *env = &c->p->run.env;
    size_t n = 0;
    for (const char *seg = pointer; *seg == '/';) {
        const char *end = strchr(seg + 1, '/');
        size_t len = end ? (size_t)(end - seg - 1) : strlen(seg + 1);
        if (conceal_is_secret_name(env->data, env->scratch, seg + 1, len) || n + len + 2 > outlen)
            break;
        memcpy(out + n, seg, len + 1);
        n += len + 1;
        seg += len + 1;
    }
    out[n] = '\0';
    return out;
}

/* A difference: a line of text, or an entry of the JSON report.  A name or
 * member name that looks like a credential is never shown. */
static void say_diff(struct compare *c, const char *kind, const char *file, const char *name, const char *pointer)
{
    char cut[1024];
    name = shown_name(c, name);
    pointer = shown_pointer(c, pointer, cut, sizeof cut);
    c->count++;
    const char *msg = strcmp(kind, "changed") == 0       ? "differs from the org"
                      : strcmp(kind, "only-in-org") == 0 ? "only in the org"
                                                         : "only in the repository";
    if (c->p->opt->format == FORMAT_JSON) {
        json_t *d = json_pack("{s:s, s:s?, s:o, s:s, s:s}", "kind", kind, "file", file, "action",
                              report_json_text(name), "pointer", pointer, "message", msg);
        if (!d || json_array_append_new(c->diffs, d) != 0)
            c->p->run.nomem = true;
        return;
    }
    if (strcmp(kind, "changed") == 0)
        live_tput(stdout, "%s: '%s' differs from the org at %s", file, name, pointer[0] ? pointer : "the root");
    else if (strcmp(kind, "only-in-org") == 0)
        live_tput(stdout, "%s: '%s' is only in the org (dacc pull writes it here)", file, name);
    else
        live_tput(stdout, "%s: '%s' is only in the repository (not in the org, or not taken by the filters)", file,
                  name);
    fputc('\n', stdout);
}

static void say_pointer(void *ctx, const char *pointer)
{
    struct compare *c = ctx;
    say_diff(c, "changed", c->file, c->name, pointer);
}

/* The org's item IT against the repository's action A (NULL: none). */
static void compare_one(struct compare *c, const struct pulled *it, struct repo_action *a)
{
    if (!a) {
        char *path = fs_join(c->p->opt->output_dir, it->file);
        say_diff(c, "only-in-org", path ? path : it->file, it->name, "");
        free(path);
        c->only_org++;
        return;
    }
    a->matched = true;
    c->file = a->file;
    c->name = it->name;
    size_t before = c->count;
    if (pull_diff(it->json, a->json, say_pointer, c, SIZE_MAX) < 0)
        c->p->run.nomem = true;
    if (c->count > before)
        c->changed++;
    else
        c->same++;
}

/* The summary and, in json, the whole report.  Returns 0, or -1 when
 * standard output failed. */
static int check_report(struct compare *c)
{
    const struct pull *p = c->p;
    size_t drift = c->changed + c->only_org + c->only_repo;
    if (p->opt->format == FORMAT_JSON) {
        json_t *root = json_pack("{s:{s:s, s:s}, s:O, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}", "tool", "name", "dacc",
                                 "version", DACC_VERSION, "differences", c->diffs, "summary", "org",
                                 (json_int_t)p->n, "repository", (json_int_t)c->n, "same", (json_int_t)c->same,
                                 "changed", (json_int_t)c->changed, "onlyInOrg", (json_int_t)c->only_org,
                                 "onlyInRepository", (json_int_t)c->only_repo, "differences", (json_int_t)c->count);
        int rc = root ? report_json_dump(stdout, root) : -1;
        json_decref(root);
        return rc;
    }
    if (!p->opt->quiet) {
        if (drift)
            live_tput(stdout, "%zu action%s differ between the org (%zu) and %s (%zu): %zu changed, %zu only in the "
                      "org, %zu only in the repository", drift, drift == 1 ? "" : "s", p->n, p->opt->output_dir, c->n,
                      c->changed, c->only_org, c->only_repo);
        else
            live_tput(stdout, "the org's %zu action%s and %s agree", p->n, p->n == 1 ? "" : "s", p->opt->output_dir);
        fputc('\n', stdout);
    }
    return ferror(stdout) ? -1 : 0;
}

int pull_check(struct pull *p)
{
    struct compare c = { .p = p, .diffs = json_array() };
    int status = EXIT_TROUBLE;
    if (access(p->opt->output_dir, F_OK) != 0) {
        live_error("%s: no such directory to compare the org with (dacc pull -o %s writes it)", p->opt->output_dir,
                   p->opt->output_dir);
        goto out;
    }
    if (!c.diffs || read_repo(&c) != 0)
        goto out;
    /* both sides in key order: the org's items are sorted by file, and so by key */
    for (size_t i = 0; i < p->n; i++) {
        struct repo_action *a = NULL;
        for (size_t k = 0; k < c.n && !a; k++)
            if (!c.acts[k].matched && strcmp(c.acts[k].key, p->items[i].key) == 0)
                a = &c.acts[k];
        compare_one(&c, &p->items[i], a);
    }
    for (size_t k = 0; k < c.n; k++) {
        if (!c.acts[k].matched) {
            say_diff(&c, "only-in-repo", c.acts[k].file, c.acts[k].name, "");
            c.only_repo++;
        }
    }
    if (p->run.nomem) {
        live_error("out of memory");
        goto out;
    }
    if (check_report(&c) != 0) {
        live_error("cannot write the report to standard output");
        goto out;
    }
    status = c.changed + c.only_org + c.only_repo ? EXIT_FINDINGS : EXIT_CLEAN;
out:
    for (size_t k = 0; k < c.n; k++) {
        free(c.acts[k].file);
        free(c.acts[k].name);
        json_decref(c.acts[k].json);
    }
    free(c.acts);
    json_decref(c.diffs);
    return status;
}
