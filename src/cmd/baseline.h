/* baseline.h - a baseline: the findings a repository already had when it
 * adopted dacc, recorded (--write-baseline) so that a run reports only new
 * ones (--baseline, .dacc.yaml baseline:).  An entry is the file (relative
 * to the baseline's directory), the action's name as findings give it, the
 * rule, the JSON Pointer, and the SHA-256 of the message with every position
 * in it left out: never a line number (an edit above a finding moves it) and
 * never message text (the digest keeps it out of the file). */
#ifndef DACC_BASELINE_H
#define DACC_BASELINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/digest.h"
#include "report/report.h"

struct baseline_entry {
    char *file, *action, *rule, *pointer;   /* owned */
    char digest[DIGEST_HEX_LEN + 1];
    bool matched;                           /* a finding of this run matched it */
    bool judged;                            /* its file was linted by this run, or is gone */
};

struct baseline {
    bool active;                /* a baseline is read or written */
    bool writing;               /* --write-baseline: findings are recorded, not matched */
    char *path;                 /* as given (owned) */
    char *dir;                  /* its directory, absolute and normal: entry files are relative to it */
    char *cwd;                  /* the working directory, absolute */
    struct baseline_entry *items;  /* sorted and unique once read (or written) */
    size_t n, cap;
    bool failed;                /* writing: memory ran out while recording */
    pthread_mutex_t lock;       /* writing: workers record at once */
    struct report_baseline report;
};

/* Set B up for PATH: read it (WRITING false) or get ready to record into it.
 * Returns 0, or -1 with ERR filled (cannot read, not a baseline, out of
 * memory); baseline_free() releases B either way. */
int baseline_open(struct baseline *b, const char *path, bool writing, char *err, size_t errlen);
void baseline_free(struct baseline *b);

/* The index of the entry of B that F matches, or -1; when writing, F is
 * recorded (unless it is a syntax finding: a file that cannot be read is
 * never baselined) and 0 is returned.  Safe from several threads at once. */
long baseline_match(struct baseline *b, const struct finding *f);

/* How many indices baseline_match() may return: entries (1 when writing). */
size_t baseline_slots(const struct baseline *b);

/* FILE (a path the run read) was linted: the entries about it are judged
 * (one without a match is stale). */
void baseline_judge_file(struct baseline *b, const char *file);

/* Once the run is done: count the matched and stale entries into
 * B->report, or (writing) sort the recorded entries and replace the file
 * atomically.  Returns 0, or -1 with ERR filled. */
int baseline_finish(struct baseline *b, char *err, size_t errlen);

/* MESSAGE with every position left out (a FILE:LINE:COL becomes "@", the
 * number after "line" or "column" '#'), into OUT (cut at OUTLEN - 1 bytes). */
void baseline_message_key(const char *message, char *out, size_t outlen);

/* FILE as entries name it: relative to directory DIR (absolute, normal),
 * FILE taken from directory CWD when relative; "." and ".." applied, "../"
 * when it lies outside DIR.  Into OUT; returns 0, or -1 when too long. */
int baseline_file_key(const char *dir, const char *cwd, const char *file, char *out, size_t outlen);

#endif
