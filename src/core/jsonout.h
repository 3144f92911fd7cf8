/* jsonout.h - JSON as dacc writes it to a file: the bytes of build's import
 * files and of the exports dacc pull writes are one format */
#ifndef DACC_JSONOUT_H
#define DACC_JSONOUT_H

#include <stddef.h>

#include <jansson.h>

/* The fewest significant digits (1 to 17) that print D so it reads back the same. */
int jsonout_digits(double d);

/* V as the text of a file: two-space indents, members in their order, reals
 * with PRECISION significant digits (0: jansson's default), a final newline.
 * A new NUL-terminated string of *LEN bytes, or NULL when memory runs out. */
char *jsonout_file(const json_t *v, int precision, size_t *len);

#endif
