/* grow.h - room for one more element in a heap array that doubles as it fills */
#ifndef DACC_GROW_H
#define DACC_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* ITEMS holds N of *CAP elements of SIZE bytes.  Returns an array (ITEMS, or
 * its moved copy) with room for one more, doubling *CAP from FIRST; or NULL
 * when memory runs out, leaving ITEMS and *CAP as they were. */
void *grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

/* Append the COUNT elements of SIZE bytes at FROM to the array *ITEMS of *N
 * (of *CAP) elements, growing it as grow() does.  Returns 0, or -1 when
 * memory runs out (*ITEMS, *N and *CAP then as they were). */
int grow_append(void **items, size_t *cap, size_t *n, const void *from, size_t count, size_t size);

/* A NUL-terminated text that doubles as it is appended to; zeroed is empty.
 * Once memory runs out FAILED is set and later appends do nothing; the owner
 * frees S. */
struct grow_text {
    char *s;
    size_t len, cap;
    bool failed;
};

/* Append the N bytes at S (which may hold NULs) to T. */
void grow_text_add(struct grow_text *t, const char *s, size_t n);

#endif
