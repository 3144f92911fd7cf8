/* report.h - rendering one list of findings in each output format */
#ifndef DACC_REPORT_H
#define DACC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "cli.h"
#include "diag.h"

/* Write DIAG (already sorted) to OUT.  Return 0, or -1 on a write or memory failure. */
int report_text(FILE *out, const struct diag *diag, const struct options *opt, bool color);
int report_json(FILE *out, const struct diag *diag, const struct options *opt);

/* Write ROOT to OUT the one way dacc writes JSON: two-space indent, members
 * in insertion order, a final newline.  Returns 0, or -1 on a write failure. */
int report_json_dump(FILE *out, const json_t *root);

/* A new object holding only "tool": {"name": "dacc", "version": ...}, the
 * first member of every JSON report (lint, build, live); the caller adds the
 * rest and owns the reference.  NULL when memory runs out. */
json_t *report_json_root(void);
int report_sarif(FILE *out, const struct diag *diag, const struct options *opt);
/* One GitHub Actions workflow command a finding, nothing else. */
int report_github(FILE *out, const struct diag *diag, const struct options *opt);

/* A new jansson string of S, for the JSON-based formats: bytes that are not
 * UTF-8 (a file name, say) become U+FFFD.  The caller owns the reference; NULL
 * when memory runs out. */
struct json_t;
struct json_t *report_json_text(const char *s);

#endif
