/* report.h - rendering one list of findings in each output format */
#ifndef DACC_REPORT_H
#define DACC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "diag.h"

/* Write DIAG (already sorted) to OUT.  Return 0, or -1 on a write or memory failure. */
int report_text(FILE *out, const struct diag *diag, const struct options *opt, bool color);
int report_json(FILE *out, const struct diag *diag, const struct options *opt);

#endif
