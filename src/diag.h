/* diag.h - findings: collect, sort, count */
#ifndef DACC_DIAG_H
#define DACC_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum severity {
    SEV_NOTE,
    SEV_WARNING,
    SEV_ERROR,
};

const char *severity_name(enum severity sev);

struct finding {
    const char *rule;        /* slug; static storage */
    enum severity severity;
    char *file;
    unsigned line, col;
    char *pointer;
    char *action;
    char *message;
    char *context;           /* the source line, or NULL when it must not be shown */
};

/* A run's findings and counts.  diag_free() releases everything it holds. */
struct diag {
    struct finding *items;
    size_t n, cap;
    size_t files, actions;
    size_t unread;           /* inputs that could not be read: the run fails (exit 2) */
    int *rule_severity;      /* by registry index, what .dacc.yaml made of each rule: an enum
                                severity, -1 its default, -2 off; NULL when lint did not say */
};

/* Add a finding; every string is copied (CONTEXT may be NULL).  Returns -1 when
 * memory runs out. */
int diag_add(struct diag *d, const char *rule, enum severity sev, const char *file,
             unsigned line, unsigned col, const char *pointer, const char *action,
             const char *message, const char *context, size_t context_len);

/* Sort by file, line, column, rule (then pointer and message, for stable
 * output), and keep one of each set of identical findings. */
void diag_sort(struct diag *d);

size_t diag_count(const struct diag *d, enum severity sev);

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
