/* lint.h - the lint pipeline: paths -> sources -> trees -> rules -> findings */
#ifndef DACC_LINT_H
#define DACC_LINT_H

#include "cli.h"
#include "diag.h"

/* Lint every path of OPT into DIAG (sorted when this returns).  I/O problems
 * are printed with cli_error() and counted; the return value is their number,
 * or -1 when memory ran out. */
int lint_paths(const struct options *opt, struct diag *diag);

/* Lint one loaded source into DIAG.  Returns 0, or -1 when memory ran out. */
int lint_source(const struct options *opt, const struct source *src, struct diag *diag);

#endif
