/* lint.h - the lint pipeline: paths -> sources -> trees -> rules -> findings */
#ifndef DACC_LINT_H
#define DACC_LINT_H

#include <stdbool.h>

#include "cmd/cli.h"
#include "core/diag.h"

#include "core/config.h"
#include "core/pattern.h"
#include "core/ruledata.h"
#include "flow/flow.h"

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

/* Lint every path of OPT into DIAG (sorted when this returns).  I/O problems
 * are printed with cli_error() and counted; the return value is their number,
 * -1 when memory ran out, or -2 when the rule data could not be loaded
 * (already printed). */
int lint_paths(const struct options *opt, struct diag *diag);

/* What `dacc lint` and `dacc build` decide from one run of lint_paths(). */
struct lint_outcome {
    struct diag diag;   /* the findings, sorted; the caller frees it (diag_free) */
    int problems;       /* inputs that could not be read (already printed) */
    bool fails;         /* an error, or with --strict a warning: the run fails */
};

/* Lint every path of OPT into OUT and judge the findings.  Returns 0; or -1,
 * with nothing to free, when memory ran out or the rule data could not be
 * loaded (said on standard error either way). */
int lint_run(const struct options *opt, struct lint_outcome *out);

/* Whether PATH is left out by the excludes of ENV's .dacc.yaml (a struct
 * lint_env; a walk_excluded_fn): every path, and standard input by the name
 * --stdin-filename gives it (an editor's buffer of an excluded file). */
bool lint_excluded(const void *env, const char *path);

/* Lint one loaded source into DIAG.  Returns 0, or -1 when memory ran out. */
int lint_source(const struct lint_env *env, const struct source *src, struct diag *diag);

#endif
