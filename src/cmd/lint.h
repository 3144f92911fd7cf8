/* lint.h - the lint pipeline: paths -> sources -> trees -> rules -> findings */
#ifndef DACC_LINT_H
#define DACC_LINT_H

#include <pthread.h>
#include <stdbool.h>

#include "cmd/baseline.h"
#include "cmd/cli.h"
#include "core/diag.h"

#include "core/config.h"
#include "core/pattern.h"
#include "core/ruledata.h"
#include "flow/flow.h"
#include "core/walk.h"

/* The files of a run that are neither data actions nor flows (lint_skip.c):
 * listed, not linted.  Workers add to it at once, under LOCK. */
struct lint_skipped {
    pthread_mutex_t lock;
    char **names;               /* owned; as findings would name them; sorted by lint_run() */
    size_t n, cap;
};

/* What every file of a run is checked with: the options, the rule data
 * (loaded and compiled once), matching memory, and the limits in force. */
struct lint_env {
    const struct options *opt;
    struct ruledata *data;
    struct pattern_scratch *scratch;
    struct policy policy;       /* flags over .dacc.yaml over rules/limits.yaml */
    struct config *cfg;         /* .dacc.yaml (empty when there is none) */
    unsigned char *marks;       /* cfg->nmarks bytes the rules set while checking (see config.h) */
    struct lint_names *names;   /* where each named action was seen (duplicate-name); NULL: not kept */
    struct lint_skipped *skipped; /* the files that are no action nor flow; NULL: not listed */
    struct baseline *baseline;  /* the findings not to report (baseline.h); NULL: none */
    struct flow_substs substs;  /* {{KEY}} values: .dacc.yaml, then --subst-file, then --subst; owned */
    struct lint_flows *flows;   /* the run's actions, summarised, and its flows, kept until every file is
                                   read; NULL: a flow is checked at once, against no action */
};

/* An action of a run as a flow's call is matched against (lint_flow.c):
 * its summary, and where it is (for a stable choice between namesakes). */
struct lint_flow_action {
    struct flow_action a;
    char *file;                 /* owned */
    unsigned line, col;
};

/* A flow of the run, kept as lint read it: checked once every file is read. */
struct lint_flow_file {
    char *name;                 /* owned; as findings name the file */
    char *bytes;                /* owned; the file's bytes, as read */
    size_t len;
};

struct lint_flows {
    struct lint_flow_action *actions;
    size_t nactions, acap;
    struct lint_flow_file *files;
    size_t nfiles, fcap;
};

/* The import file name each named action of a run builds to, and where its
 * name is: what the duplicate-name rule compares once every file is read. */
struct lint_name {
    char *key;                  /* the import file: "get-order.custom.json" */
    char *file;
    char *action;               /* as findings name it: the name, or "#N" (see hidden) */
    char *context;              /* its source line (not yet judged fit to show), or NULL */
    unsigned line, col;
    bool silenced;              /* an inline '# dacc:ignore duplicate-name' is on its line */
    bool hidden;                /* the name may hold a secret: findings call the action "#N" */
};

struct lint_names {
    struct lint_name *items;
    size_t n, cap;
};

/* Set ENV up for OPT.  Returns 0, or -1 after printing why with cli_error()
 * (bad --rules data, a bad .dacc.yaml, out of memory).  lint_env_free()
 * releases it. */
int lint_env_init(struct lint_env *env, const struct options *opt);
void lint_env_free(struct lint_env *env);

struct lint_outcome;

/* Lint every path of OPT into OUT's diag (sorted when this returns), its
 * skipped files and its baseline.  I/O problems are printed with cli_error()
 * and counted; the return value is their number, -1 when memory ran out, or
 * -2 when the run cannot start or end (bad rule data or baseline, nothing to
 * lint; already printed). */
int lint_paths(const struct options *opt, struct lint_outcome *out);

/* What `dacc lint` and `dacc build` decide from one run of lint_paths(). */
struct lint_outcome {
    struct diag diag;   /* the findings, sorted; the caller frees it (diag_free) */
    int problems;       /* inputs that could not be read (already printed) */
    bool fails;         /* an error, or with --strict a warning: the run fails */
    struct lint_skipped skipped; /* files that are neither actions nor flows */
    struct baseline baseline;    /* --baseline, .dacc.yaml baseline or --write-baseline (active), or none */
    char *build_category;        /* .dacc.yaml's build.category, as the run read it; NULL: not set */
};

/* Lint every path of OPT into OUT and judge the findings.  Returns 0; or -1,
 * with nothing to free, when memory ran out or the rule data could not be
 * loaded (said on standard error either way). */
int lint_run(const struct options *opt, struct lint_outcome *out);

/* As lint_run(), with ENV (lint_env_init(), its rule data and .dacc.yaml read
 * once) set up by the caller, who frees it: dacc fix fixes and then lints
 * with one env. */
int lint_run_env(struct lint_env *env, struct lint_outcome *out);

/* What a report of OUT reads besides its findings, for a report written to
 * FD: cli_report_opts(), the skipped files, what the baseline did (OUT keeps
 * them: it outlives the result). */
struct report_opts lint_report_opts(const struct options *opt, const struct lint_outcome *out, int fd);

/* Release what OUT holds (its findings, its skipped files). */
void lint_outcome_free(struct lint_outcome *out);

/* lint_skip.c: set S up empty.  Returns 0, or -1 (nothing to free). */
int lint_skipped_init(struct lint_skipped *s);
void lint_skipped_free(struct lint_skipped *s);

/* lint_skip.c: whether the document ROOT is neither a data action (or a list
 * of them: action_doc_kind()) nor an Architect flow: it is listed, not linted. */
bool lint_skips(const struct node *root);

/* lint_skip.c: list SRC among ENV's skipped files (nothing when ENV keeps
 * none).  Returns 0, or -1 when memory runs out. */
int lint_skip_note(const struct lint_env *env, const struct source *src);

/* lint_skip.c: before the walk, a PATH of OPT that is a file named with
 * another extension than .json, .yaml or .yml is refused (one line each).
 * Returns 0, or -1 after saying so. */
int lint_check_paths(const struct options *opt);

/* lint_skip.c: after the walk found NFILES files (PROBLEMS unreadable): when
 * none, and a PATH is a directory, say "no data action or flow files under
 * PATH" and return -1 (unless --allow-empty); else 0. */
int lint_check_found(const struct options *opt, size_t nfiles, int problems);

/* lint_ignore.c: what drops finding F (a diag_ignored_fn; CTX a struct
 * lint_env): the index of .dacc.yaml's ignore entry, or of the baseline's
 * entry after them (nignores + j), or -1. */
int lint_dropped_by(const void *ctx, const struct finding *f);

/* lint_ignore.c: how many indices lint_dropped_by() may return. */
size_t lint_ignore_slots(const struct lint_env *env);

/* lint_ignore.c: mark the ignore and baseline entries DIAG's hits say
 * dropped findings the caps did not keep. */
void lint_ignore_hits(const struct lint_env *env, const struct diag *diag);

/* lint_ignore.c: read the baseline OPT or .dacc.yaml names (--write-baseline:
 * get ready to record) into B, and let ENV use it.  Returns 0, or -1 after
 * saying why. */
int lint_baseline_open(struct lint_env *env, struct baseline *b);

/* lint_ignore.c: once every finding is in: judge the baseline's entries
 * about FILES, count the matched and stale ones, or write the recorded ones.
 * Returns 0, or -1 after saying why. */
int lint_baseline_finish(const struct lint_env *env, const struct file_list *files);

/* Whether PATH is left out by the excludes of ENV's .dacc.yaml (a struct
 * lint_env; a walk_excluded_fn): every path, and standard input by the name
 * --stdin-filename gives it (an editor's buffer of an excluded file). */
bool lint_excluded(const void *env, const char *path);

/* Lint one loaded source into DIAG.  Returns 0, or -1 when memory ran out. */
int lint_source(const struct lint_env *env, const struct source *src, struct diag *diag);

#endif
