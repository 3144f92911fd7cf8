/* fix.h - dacc fix: the safe fixes of every file of the PATHs (fix/fix.h),
 * written atomically; with --diff shown as a unified diff and not written;
 * "-" reads standard input and writes the fixed text to standard output */
#ifndef DACC_CMD_FIX_H
#define DACC_CMD_FIX_H

#include "cmd/cli.h"

/* What fixing every path of OPT came to. */
struct fix_outcome {
    size_t changed;     /* files fixed (or, with --diff, that a fix would change) */
    size_t fixes;       /* fixes in them */
    int problems;       /* files that could not be read, written, or fixed as intended (already said) */
};

/* Fix every path of OPT.  Returns 0, or -1 when the run cannot start or
 * memory runs out (said on standard error). */
int fix_paths(const struct options *opt, struct fix_outcome *out);

#endif
