/* fix_int.h - what the files of the fix engine share */
#ifndef DACC_FIX_INT_H
#define DACC_FIX_INT_H

#include <stdbool.h>

#include "core/node.h"
#include "fix/fix.h"

/* Byte offset in SRC of 1-based LINE and COL (in code points), or (size_t)-1. */
size_t fix_offset(const struct source *src, unsigned line, unsigned col);

/* What a fix edits in the text: the member KEY (with its value VALUE, text
 * as the syntax writes it) added to object OBJ, or OBJ's member OLD removed. */
struct fix_layout {
    const struct source *src;
    enum load_syntax syntax;
};

/* Add to E the edit that makes KEY: VALUE the first member of OBJ, laid out
 * like the member after it.  Returns 0, 1 when the layout is not one this
 * can follow (nothing added), or -1 when memory runs out. */
int fix_insert_member(const struct fix_layout *l, const struct node *obj, const char *key, const char *value,
                      struct fix_edits *e);

/* Add to E the edit that removes member M of its object with what separates
 * it from its neighbours.  Returns 0, 1 (nothing added) or -1, as above. */
int fix_remove_member(const struct fix_layout *l, const struct node *m, struct fix_edits *e);

#endif
