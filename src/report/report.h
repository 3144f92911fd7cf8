/* report.h - rendering one list of findings in each output format */
#ifndef DACC_REPORT_H
#define DACC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/diag.h"
#include "core/version.h"

/* What a baseline did to a run (cmd/baseline.c): a line in text, members of
 * the JSON summary, a SARIF notification. */
struct report_baseline {
    const char *file;      /* as given (--baseline, --write-baseline, .dacc.yaml) */
    bool written;          /* --write-baseline: ENTRIES were recorded, and none reported */
    size_t entries;        /* entries in the file */
    size_t matched;        /* entries that matched a finding of the run: those findings are not reported */
    size_t stale;          /* entries about a file of the run that matched none: they can be dropped */
};

/* One replacement of a fix: the text from LINE:COL up to END_LINE:END_COL
 * (the same place: an insertion) replaced by TEXT; columns in code points. */
struct report_replacement {
    unsigned line, col, end_line, end_col;
    const char *text;
};

/* The fix dacc fix has for the finding of RULE at FILE, LINE:COL, POINTER:
 * SARIF's result carries it as a fix object (cmd/lint_fixes.c fills these
 * in, sorted by report_fix_cmp()). */
struct report_fix {
    const char *file, *rule, *pointer;
    unsigned line, col;
    const char *description;
    const char *hint;   /* text the finding's message holds (two findings at one place), or NULL */
    const struct report_replacement *items;
    size_t n;
};

/* The order of report_opts.fixes, and how a finding's is looked up (A the key). */
int report_fix_cmp(const void *a, const void *b);

/* What a writer reads besides the findings; the command fills it in. */
struct report_opts {
    bool color;   /* text: ANSI colours */
    bool quiet;   /* text: findings only, no source lines, no summary */
    const char *srcroot; /* sarif: the directory artifact URIs are relative to (--srcroot), or NULL:
                            the git work tree holding the working directory, else that directory */
    bool verbose; /* text: every skipped file, not only their number */
    char *const *skipped;      /* the files that are neither data actions nor flows (sorted) */
    size_t nskipped;
    const struct report_baseline *baseline; /* NULL: no baseline in use */
    const struct report_fix *fixes;   /* sarif: the findings' fixes, sorted (report_fix_cmp) */
    size_t nfixes;
};

/* Write DIAG (already sorted) to OUT.  Return 0, or -1 on a write or memory failure. */
typedef int report_write_fn(FILE *out, const struct diag *diag, const struct report_opts *ro);

/* The output formats, an index into report_formats[] (formats.c): --format,
 * --help and the commands all go by that table.  A new format is a writer
 * file, a line of the table and a name here. */
enum format {
    FORMAT_TEXT,
    FORMAT_JSON,
    FORMAT_SARIF,
    FORMAT_GITHUB,
    FORMAT_COUNT
};

struct report_format {
    const char *name;         /* what --format takes */
    const char *about;        /* what --help adds after the name ("(SARIF 2.1.0)"), or NULL */
    report_write_fn *write;
};

extern const struct report_format report_formats[FORMAT_COUNT];

/* The format named NAME into *OUT; false when no format has that name. */
bool report_format_find(const char *name, enum format *out);

/* Write DIAG to OUT in FORMAT (report_formats[FORMAT].write). */
int report_write(enum format format, FILE *out, const struct diag *diag, const struct report_opts *ro);

/* The writers of report_formats[]: one file each. */
int report_text(FILE *out, const struct diag *diag, const struct report_opts *ro);
int report_json(FILE *out, const struct diag *diag, const struct report_opts *ro);

/* Write ROOT to OUT the one way dacc writes JSON: two-space indent, members
 * in insertion order, a final newline.  Returns 0, or -1 on a write failure. */
int report_json_dump(FILE *out, const json_t *root);

/* A new object holding only "tool": {"name": "dacc", "version": ...}, the
 * first member of every JSON report (lint, build, live); the caller adds the
 * rest and owns the reference.  NULL when memory runs out. */
json_t *report_json_root(void);
/* SARIF 2.1.0: one run, a rules entry per registered rule. */
int report_sarif(FILE *out, const struct diag *diag, const struct report_opts *ro);
/* One GitHub Actions workflow command a finding, nothing else. */
int report_github(FILE *out, const struct diag *diag, const struct report_opts *ro);

/* Streaming JSON: the containers are opened and closed here, the values in
 * them dumped by jansson one at a time (and released by the caller), in the
 * very bytes report_json_dump() writes for the whole tree: two-space indent,
 * a final newline.  A report of any length needs the memory of one value. */
#define REPORT_STREAM_DEPTH 8
struct report_stream {
    FILE *out;
    int depth;
    bool filled[REPORT_STREAM_DEPTH]; /* the open container has a member already */
    char close[REPORT_STREAM_DEPTH];
    bool failed;                      /* a write or memory failure: the rest is not written */
};

void report_stream_init(struct report_stream *s, FILE *out);
/* Open an object (KIND '{') or an array ('['), as member KEY of the open
 * object, or (KEY NULL) as an element of the open array or the root. */
void report_stream_open(struct report_stream *s, const char *key, char kind);
/* Write VALUE (borrowed; NULL is a memory failure) as member KEY or element. */
void report_stream_put(struct report_stream *s, const char *key, const json_t *value);
/* As report_stream_put(), releasing VALUE. */
void report_stream_put_new(struct report_stream *s, const char *key, json_t *value);
void report_stream_close(struct report_stream *s);
/* After the root is closed: the final newline.  Returns 0, or -1 when
 * anything failed. */
int report_stream_end(struct report_stream *s);

/* The sentence every format gives when the caps of diag.h left findings out:
 * "N findings not shown: ...".  Into BUF (of LEN bytes); "" when none were. */
void report_omitted_text(const struct diag *diag, char *buf, size_t len);

/* Length of the character at the NUL-terminated S as termsafe_char() takes
 * it (a code point, or a byte that is not UTF-8; termsafe_write() writes an
 * unsafe one as one '?'), 0 at the end; *IS_CONTROL when it is unsafe. */
size_t report_clean_unit(const char *s, bool *is_control);

/* A new jansson string of S, for the JSON-based formats: bytes that are not
 * UTF-8 (a file name, say) become U+FFFD.  The caller owns the reference; NULL
 * when memory runs out. */
struct json_t;
struct json_t *report_json_text(const char *s);

#endif
