/* diag.h - findings: collect, sort, count */
#ifndef DACC_DIAG_H
#define DACC_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum severity {
    SEV_NOTE,
    SEV_WARNING,
    SEV_ERROR,
};

const char *severity_name(enum severity sev);

struct finding {
    const char *rule;        /* slug; static storage; NULL once discarded */
    enum severity severity;
    unsigned line, col;
    unsigned end_line, end_col; /* just past the end of the value (SARIF's region); 0: not known */
    /* A finding beyond a cap is "stripped": counted, never shown.  Its
     * strings are freed and their room holds what suppressions, the ignore
     * list and the merging of identical findings still need (64 bytes a
     * finding, whatever its text). */
    bool stripped;
    union {
        struct {
            char *file;
            char *pointer;
            char *action;
            char *message;
            char *context;   /* the source line, or NULL when it must not be shown */
        };
        struct {             /* when stripped */
            uint64_t key;    /* a hash of pointer, message and action */
            int ignore;      /* the ignore entry that drops it, or -1 */
            bool withheld;   /* it had no context (its line may not be shown) */
        };
    };
};

/* How many findings a report lists: the first DIAG_FILE_CAP of each file and
 * the first DIAG_RUN_CAP of the run, in report order (GitHub code scanning
 * takes 25,000 results a run).  The rest are counted, not kept: summaries and
 * the exit status count every finding, and each report says how many it left
 * out.  The choice does not depend on -j. */
#define DIAG_FILE_CAP 1000
#define DIAG_RUN_CAP 25000

/* The ignore entry of .dacc.yaml that drops F (an index), or -1: how a diag
 * applies the ignore list to findings it does not keep. */
typedef int diag_ignored_fn(const void *ctx, const struct finding *f);

/* A run's findings and counts.  diag_free() releases everything it holds.
 * A zeroed struct diag is ready.
 *
 * Memory stays bounded as findings are added: lint_source() counts a file
 * (files++) before it adds the file's findings, and an action (actions++)
 * once its findings are final, so when a new action's first finding comes
 * and the file holds 2 * DIAG_FILE_CAP findings, the ones of finished actions
 * beyond the file's first DIAG_FILE_CAP are stripped in place (the indices of the
 * current action's findings do not move).  diag_file_end() then applies the
 * ignore list, counts what is not kept and frees it; diag_bound() keeps a
 * run's first DIAG_RUN_CAP.  So a caller may hold the index of the current
 * action's first finding across adds (hide_secret_name() does) and the index
 * of the file's first finding, which does not move; not the index of any
 * other finding.  A file with more than 2 * DIAG_FILE_CAP findings is cut before
 * its inline suppressions apply: when they drop some of the ones it kept, it
 * lists fewer than DIAG_FILE_CAP (the counts stay exact). */
struct diag {
    struct finding *items;
    size_t n, cap;
    size_t files, actions;
    size_t unread;           /* inputs that could not be read: the run fails (exit 2) */
    int *rule_severity;      /* by registry index, what .dacc.yaml made of each rule: an enum
                                severity, -1 its default, -2 off; NULL when lint did not say */
    size_t hidden[SEV_ERROR + 1]; /* findings counted but not kept, by severity */
    /* the ignore list, applied to findings before they are dropped */
    diag_ignored_fn *ignored;
    const void *ignored_ctx;
    unsigned char *hits;     /* hits[k]: ignore entry k dropped a finding not kept */
    size_t nhits;
    /* the file being added to (see above) */
    bool file_open;
    size_t file_files, file_actions; /* files and actions when last seen */
    size_t file_from;        /* its first finding */
    size_t file_split;       /* [file_from, file_split): stripped; then the live ones */
};

/* Add a finding; every string is copied (CONTEXT may be NULL).  Returns -1 when
 * memory runs out. */
int diag_add(struct diag *d, const char *rule, enum severity sev, const char *file,
             unsigned line, unsigned col, const char *pointer, const char *action,
             const char *message, const char *context, size_t context_len);

/* As diag_add(), for a value that ends just before END_LINE:END_COL (0 when
 * not known), which SARIF's region spans. */
int diag_add_span(struct diag *d, const char *rule, enum severity sev, const char *file, unsigned line,
                  unsigned col, unsigned end_line, unsigned end_col, const char *pointer, const char *action,
                  const char *message, const char *context, size_t context_len);

/* Let D apply an ignore list of NENTRIES entries to the findings it strips:
 * FN(CTX, f) names the entry that drops f.  Returns 0, or -1 when memory runs
 * out. */
int diag_set_ignored(struct diag *d, diag_ignored_fn *fn, const void *ctx, size_t nentries);

/* The file being added to is complete (its suppressions applied): apply the
 * ignore list to its findings (marking hits), keep its first DIAG_FILE_CAP, count
 * and free the rest.  Nothing when no file is open. */
void diag_file_end(struct diag *d);

/* Keep the run's first DIAG_RUN_CAP findings (once 2 * DIAG_RUN_CAP are held), counting
 * the rest.  Every finding held must have had the ignore list applied. */
void diag_bound(struct diag *d);

/* Sort by file, line, column, rule (then pointer and message, for stable
 * output), keep one of each set of identical findings, then the first
 * DIAG_FILE_CAP of each file and the first DIAG_RUN_CAP of the run.  Ends an open file
 * first. */
void diag_sort(struct diag *d);

/* Move every finding of FROM to the end of TO, with its counts and ignore
 * hits (FROM keeps nothing, or all of them when memory runs out), then
 * diag_bound(TO).  Returns 0, or -1 when memory runs out. */
int diag_move(struct diag *to, struct diag *from);

/* Findings of severity SEV, kept or not. */
size_t diag_count(const struct diag *d, enum severity sev);

/* Findings counted but not kept (0 when the caps were not reached). */
size_t diag_omitted(const struct diag *d);

/* Drop finding F (a suppression matched it): its strings are freed and it is
 * skipped by everything until diag_compact() removes it. */
void diag_discard(struct finding *f);
void diag_compact(struct diag *d);

#define DIAG_CONTEXT_MAX 400

/* True when a source line may be echoed under a finding: lines that look like
 * they carry a credential, and lines longer than DIAG_CONTEXT_MAX bytes, are
 * never shown. */
bool diag_context_is_safe(const char *line, size_t len);

void diag_free(struct diag *d);

#endif
