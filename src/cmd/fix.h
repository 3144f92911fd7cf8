/* fix.h - dacc fix: the safe fixes of every file of the PATHs (fix/fix.h),
 * written atomically; with --diff shown as a unified diff and not written;
 * "-" reads standard input and writes the fixed text to standard output */
#ifndef DACC_CMD_FIX_H
#define DACC_CMD_FIX_H

#include "cmd/cli.h"
#include "cmd/lint.h"
#include "report/report.h"

/* What fixing every path of OPT came to. */
struct fix_outcome {
    size_t changed;     /* files fixed (or, with --diff, that a fix would change) */
    size_t fixes;       /* fixes in them */
    int problems;       /* files that could not be read, written, or fixed as intended (already said) */
};

/* Fix every path of ENV's options, with its rule data and limits (the env
 * lint_run_env() then lints with).  Returns 0, or -1 when memory runs out
 * (said on standard error). */
int fix_paths(const struct lint_env *env, struct fix_outcome *out);

/* fix_sarif.c: the fixes SARIF's results offer (report_opts.fixes, sorted). */
struct fix_sarif {
    struct report_fix *items;   /* each owns its file, pointer, replacements and their text */
    size_t n, cap;
};

/* The fixes of the findings of DIAG (linted with ENV), --unsafe ones too:
 * each file with a finding of a rule dacc fix fixes, but standard input, is
 * read again and fixed in memory.  Returns 0, or -1 when memory runs out. */
int fix_sarif_collect(const struct lint_env *env, const struct diag *diag, struct fix_sarif *out);
void fix_sarif_free(struct fix_sarif *fs);

#endif
