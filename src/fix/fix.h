/* fix.h - dacc fix's engine: the safe fixes of a file's actions as byte edits
 *
 * The fixes are planned from the positions the loader gives (node.h), laid
 * out after their neighbours (the first member's indentation and line break,
 * a comma where the container is JSON or a YAML flow mapping), applied in one
 * pass, and the result is read again with the same loader: unless it is the
 * original tree plus exactly the intended changes, nothing is returned.  Every
 * other byte of the file stays as it was (CRLF, tabs, comments, a missing
 * final newline). */
#ifndef DACC_FIX_H
#define DACC_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/load.h"
#include "core/ruledata.h"
#include "core/source.h"

/* One edit of a source: LEN bytes at OFF replaced by INS[0..NINS). */
struct fix_edit {
    size_t off, len;
    char *ins;      /* owned */
    size_t nins;
    size_t owner;   /* the fix it belongs to */
    size_t seq;     /* the order it was added in: insertions at one offset go in that order */
};

struct fix_edits {
    struct fix_edit *items;
    size_t n, cap;
};

enum fix_status {
    FIX_NOTHING,      /* no safe fix applies */
    FIX_CHANGED,      /* *OUT holds the fixed text */
    FIX_REFUSED,      /* the fixed text would not read as intended: left alone */
    FIX_UNREADABLE,   /* the source does not parse (lint says why) */
    FIX_NOMEM,
};

/* What fixing takes besides the text. */
struct fix_opts {
    enum load_syntax syntax;
    const struct load_limits *limits;
    long max_timeout_ms;        /* the timeout rule's limit, as lint has it */
    bool unsafe;                /* --unsafe: the fixes that change what an action does, too */
    const struct ruledata *data; /* the rule data lint has (names of secrets, sensitive names); NULL:
                                    no fix that needs it */
};

/* One fix of a fixed text, as the finding it fixes is reported: RULE's
 * finding at LINE:COL with POINTER (relative to its action), and its edits
 * of the original text (offsets into it). */
struct fix_item {
    const char *rule;           /* static */
    char *pointer;              /* owned */
    unsigned line, col;
    const char *what;           /* static: what the fix does */
    const char *hint;           /* static: text the finding's message holds, or NULL: any finding there */
    bool unsafe;
    struct fix_edits edits;
};

struct fix_items {
    struct fix_item *items;
    size_t n;
};

void fix_items_free(struct fix_items *items);

/* Fix every action of SRC.  On FIX_CHANGED, *OUT (malloc'd, NUL-terminated,
 * the caller frees it) holds *OUTLEN bytes of fixed text, *NFIXES the number
 * of fixes; otherwise *OUT is NULL. */
enum fix_status fix_source(const struct source *src, const struct fix_opts *fo, char **out, size_t *outlen,
                           size_t *nfixes);

/* As fix_source(), and on FIX_CHANGED each fix with its own edits into
 * *ITEMS (fix_items_free() releases them; empty otherwise): what SARIF's
 * fixes offer finding by finding. */
enum fix_status fix_source_items(const struct source *src, const struct fix_opts *fo, char **out, size_t *outlen,
                                 struct fix_items *items);

/* fix_edit.c: apply EDITS (sorted here by offset; they must not overlap) to
 * SRC into a new NUL-terminated text.  Returns NULL when they overlap or
 * memory runs out. */
char *fix_apply(const struct source *src, struct fix_edits *edits, size_t *outlen);

/* fix_edit.c: add an edit (INS copied; its owner 0).  Returns 0, or -1 when memory runs out. */
int fix_edits_add(struct fix_edits *e, size_t off, size_t len, const char *ins, size_t nins);
void fix_edits_free(struct fix_edits *e);

/* fix_edit.c: the 1-based line and column (in code points) of byte OFF of
 * SRC; a line ends at LF, CR LF or CR. */
void fix_position(const struct source *src, size_t off, unsigned *line, unsigned *col);

/* fix_diff.c: a unified diff (3 lines of context) of OLD and NEW, labelled
 * a/NAME and b/NAME, to OUT.  Returns 0, or -1 when writing fails. */
int fix_diff(FILE *out, const char *name, const char *old, size_t oldlen, const char *new_text, size_t newlen);

#endif
