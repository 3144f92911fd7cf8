/* main.c - argv -> options -> run; maps the outcome to the exit status */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/build.h"
#include "cmd/cli.h"
#include "cmd/fix.h"
#include "core/diag.h"
#include "cmd/lint.h"
#include "live/live.h"
#include "report/report.h"

static int run_rules(void)
{
    for (size_t i = 0; i < rule_registry_len; i++) {
        const struct rule *r = rule_registry[i];
        printf("%-22s %-8s %s%s\n", r->slug, severity_name(r->severity), r->summary,
               r->fixable & FIX_SAFE ? " [dacc fix]" : r->fixable ? " [dacc fix --unsafe]" : "");
    }
    return EXIT_CLEAN;
}

static int run_explain(const char *slug)
{
    const struct rule *r = rule_find(slug);
    if (!r) {
        cli_error("unknown rule '%s'; 'dacc rules' lists them", slug);
        return EXIT_TROUBLE;
    }
    printf("%s (default severity: %s)\n%s\n\n%s", r->slug, severity_name(r->severity), r->summary,
           r->explain);
    return EXIT_CLEAN;
}

/* Lint with ENV (set up; freed here) and report; with --format sarif the
 * results carry the fixes dacc fix has for them. */
static int lint_report(struct lint_env *env)
{
    const struct options *opt = env->opt;
    struct lint_outcome lint;
    int rc = lint_run_env(env, &lint);
    struct fix_sarif fixes = { 0 };
    if (rc == 0 && opt->format == FORMAT_SARIF && fix_sarif_collect(env, &lint.diag, &fixes) != 0) {
        cli_error("out of memory");
        lint_outcome_free(&lint);
        rc = -1;
    }
    lint_env_free(env);
    if (rc != 0) {
        fix_sarif_free(&fixes);
        return EXIT_TROUBLE;
    }
    struct report_opts ro = lint_report_opts(opt, &lint, STDOUT_FILENO);
    ro.fixes = fixes.items;
    ro.nfixes = fixes.n;
    int wrote = report_write(opt->format, stdout, &lint.diag, &ro);
    int status = lint.fails ? EXIT_FINDINGS : EXIT_CLEAN;
    if (wrote != 0)
        cli_error("cannot write the report to standard output");
    if (lint.problems || wrote != 0)
        status = EXIT_TROUBLE;
    fix_sarif_free(&fixes);
    lint_outcome_free(&lint);
    return status;
}

static int run_lint(const struct options *opt)
{
    struct lint_env env;
    if (lint_check_paths(opt) != 0 || lint_env_init(&env, opt) != 0)
        return EXIT_TROUBLE;
    return lint_report(&env);
}

/* dacc fix: the safe fixes, then lint of what is left (as run_lint, with the
 * same env: rule data and .dacc.yaml read once); with --diff the diff alone
 * (1: something to fix); "-" the fixed text alone. */
static int run_fix(const struct options *opt)
{
    struct lint_env env;
    struct fix_outcome fx;
    if (lint_env_init(&env, opt) != 0)
        return EXIT_TROUBLE;
    if (fix_paths(&env, &fx) != 0) {
        lint_env_free(&env);
        return EXIT_TROUBLE;
    }
    bool to_stdout = opt->npaths == 1 && strcmp(opt->paths[0], "-") == 0;
    if (opt->fix_diff || to_stdout) {
        lint_env_free(&env);
        return fx.problems ? EXIT_TROUBLE : opt->fix_diff && fx.changed ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    if (fx.changed && !opt->quiet)
        cli_error("%zu fix%s applied in %zu file%s", fx.fixes, fx.fixes == 1 ? "" : "es", fx.changed,
                  fx.changed == 1 ? "" : "s");
    int status = lint_report(&env);
    return fx.problems ? EXIT_TROUBLE : status;
}

int main(int argc, char **argv)
{
    struct options opt;
    json_object_seed(0); /* before any thread makes an object */
    if (cli_parse(argc, argv, &opt) != 0)
        return EXIT_TROUBLE;
    int status;
    switch (opt.command) {
    case CMD_HELP:
        cli_usage(stdout);
        status = EXIT_CLEAN;
        break;
    case CMD_VERSION:
        printf("dacc %s\n", DACC_VERSION);
        status = EXIT_CLEAN;
        break;
    case CMD_RULES:
        status = run_rules();
        break;
    case CMD_EXPLAIN:
        status = run_explain(opt.explain_slug);
        break;
    case CMD_LINT:
        status = run_lint(&opt);
        break;
    case CMD_FIX:
        status = run_fix(&opt);
        break;
    case CMD_BUILD:
        status = build_run(&opt);
        break;
    case CMD_LIVE:
        /* in dacc-live.so: only live loads libcurl and the TLS libraries */
        status = live_command(&opt);
        break;
    case CMD_PULL:
        /* in dacc-live.so too: the Platform API is reached with libcurl */
        status = pull_command(&opt);
        break;
    default:
        status = EXIT_TROUBLE;
        break;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write to standard output");
        status = EXIT_TROUBLE;
    }
    return status;
}
