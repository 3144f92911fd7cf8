/* cli.h - the command line, parsed into one struct of options (never a global) */
#ifndef DACC_CLI_H
#define DACC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/load.h"
#include "core/version.h"
#include "report/report.h"
#include "rules/rule.h"

#define DACC_DEFAULT_MAX_FILE_BYTES ((size_t)16 << 20)
#define CLI_MAX_CALLS 16
#define CLI_MAX_INPUTS 64
#define CLI_MAX_SUBSTS 256
#define CLI_MAX_FILTERS 64

enum command {
    CMD_NONE,
    CMD_LINT,
    CMD_RULES,
    CMD_EXPLAIN,
    CMD_BUILD,
    CMD_LIVE,
    CMD_FIX,
    CMD_PULL,
    CMD_HELP,
    CMD_VERSION,
};

struct walk_record;

struct options {
    enum command command;
    enum format format;           /* --format: an index into report_formats[] (report.h) */
    bool strict;
    bool quiet;
    bool no_color;
    const char *stdin_filename;
    const char *srcroot;          /* --srcroot DIR: SARIF's %SRCROOT%, or NULL for the enclosing git work tree */
    const char *rules_dir;        /* --rules DIR, or NULL for the built-in data */
    const char *config_path;      /* --config FILE, or NULL for the nearest .dacc.yaml */
    unsigned jobs;                /* -j N; 0: one per online CPU */
    const char *explain_slug;
    const char *output_dir;       /* build: -o DIR */
    bool emit_terraform;          /* build: --emit terraform */
    bool emit_archy;              /* build: --emit archy */
    const char *category;         /* build: --category NAME (archy: for actions without one) */
    const char *flow_type;        /* build: --flow-type TYPE (archy), or NULL for workflow */
    const char *secrets_file;     /* live, pull: --secrets-file FILE */
    const char *cacert;           /* live, pull: --cacert FILE */
    const char *calls[CLI_MAX_CALLS];    /* live: --call ACTION, borrowed from argv */
    size_t ncalls;
    const char *inputs[CLI_MAX_INPUTS];  /* live: --input NAME=VALUE, borrowed from argv */
    size_t ninputs;
    bool verbose;                 /* --verbose: live shows each request; lint lists the skipped files */
    bool allow_empty;             /* --allow-empty: a directory with nothing to lint is no failure */
    const char *baseline_path;    /* --baseline FILE: report only findings not in it */
    const char *write_baseline;   /* lint: --write-baseline FILE: record today's findings in it */
    const char *substs[CLI_MAX_SUBSTS];  /* lint, build: --subst KEY=VALUE, borrowed from argv */
    size_t nsubsts;
    const char *subst_file;       /* lint, build: --subst-file FILE */
    bool fix_diff;                /* fix: --diff: show the fixes as a unified diff, write nothing */
    bool fix_unsafe;              /* fix: --unsafe: the fixes that change behaviour too */
    const char *region;           /* pull: --region DOMAIN (mypurecloud.com, usw2.pure.cloud, ...) */
    const char *api_base;         /* pull: --api-base URL, the Platform API instead of https://api.REGION */
    const char *login_base;       /* pull: --login-base URL, the token host instead of https://login.REGION */
    const char *pull_integrations[CLI_MAX_FILTERS]; /* pull: --integration NAME, borrowed from argv */
    size_t npull_integrations;
    const char *pull_categories[CLI_MAX_FILTERS];   /* pull: --category NAME, borrowed from argv */
    size_t npull_categories;
    bool pull_yaml;               /* pull: --yaml: write .yaml files */
    bool pull_drafts;             /* pull: --drafts: an action's draft stands for it */
    bool pull_check;              /* pull: --check: compare the org with -o DIR, write nothing */
    long pull_max_time_s;         /* pull: --max-time S, the whole pull's bound (0: the default) */
    bool follow_symlinks;         /* --follow-symlinks: links out of the PATHS are followed too */
    struct walk_record *lint_record;  /* build: lint keeps what it read here (walk.h); NULL: not kept */
    char **paths;                 /* borrowed from argv */
    size_t npaths;
    size_t max_file_bytes;
    struct load_limits limits;
    struct policy policy;
};

/* Exit statuses (SPEC §4). */
enum exit_status {
    EXIT_CLEAN = 0,
    EXIT_FINDINGS = 1,
    EXIT_TROUBLE = 2,   /* usage or I/O failure */
};

/* Fill OPT from ARGV.  Returns 0, or -1 after printing a usage error. */
int cli_parse(int argc, char **argv, struct options *opt);

void cli_usage(FILE *out);

/* Whether a report written to file descriptor FD uses colour: only on a
 * terminal, and neither with --no-color nor when NO_COLOR is set. */
bool cli_color(const struct options *opt, int fd);

/* What a report written to FD reads of OPT: its colour (cli_color) and --quiet. */
struct report_opts cli_report_opts(const struct options *opt, int fd);

/* The one way user-facing errors reach stderr: "dacc: MESSAGE". */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_error("%s", LINE): where the core's messages go (walk_opts.say, a config's note). */
void cli_say(void *ctx, const char *line);

#endif
