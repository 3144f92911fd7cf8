/* ignore_inline.h - "# dacc:ignore SLUG reason" comments in YAML sources */
#ifndef DACC_IGNORE_INLINE_H
#define DACC_IGNORE_INLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/node.h"
#include "core/source.h"

/* One suppression comment.  A comment alone on its line silences the next line
 * that holds YAML (blank and comment-only lines in between are passed over); a
 * comment after a value silences its own line only; on the line of a key whose
 * value is a block mapping or sequence, it also silences what is reported at
 * that collection (its first entry, a member it lacks).  One comment may hold
 * several suppressions ("# dacc:ignore a why # dacc:ignore b why"). */
struct inline_ignore {
    unsigned line, col;     /* where its '#' is (column in code points) */
    size_t text, text_len;  /* its line: byte offset in the source and length, without the break */
    unsigned target;        /* the line whose findings it silences; 0 for none */
    unsigned also, also_col; /* when a block mapping or sequence is the value of the key on
                                TARGET: where it is (its first entry, SPEC §3), the position of
                                findings about the collection itself; 0 for none */
    char slug[48];          /* the rule as written */
    bool slug_cut;          /* the rule as written was longer than SLUG holds */
    bool reason;            /* text follows the rule */
    bool used;              /* for the caller: it silenced a finding */
};

/* Every suppression in SRC, a YAML source parsed into DOC (whose 'hashed'
 * spans tell a '#' inside a value from a comment).  *OUT is a heap array the
 * caller frees (NULL when there is none).  Returns how many, or -1 when memory
 * runs out (*OUT is then NULL). */
long inline_ignores(const struct source *src, const struct doc *doc, struct inline_ignore **out);

#endif
