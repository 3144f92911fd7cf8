/* grow.c - doubling heap arrays */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : first;
    if (ncap > SIZE_MAX / size)
        return NULL;
    void *p = realloc(items, ncap * size);
    if (p)
        *cap = ncap;
    return p;
}

int grow_append(void **items, size_t *cap, size_t *n, const void *from, size_t count, size_t size)
{
    if (!count)
        return 0;
    if (count > SIZE_MAX / size - *n)
        return -1;
    size_t need = *n + count, ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (ncap > *cap) {
        if (ncap > SIZE_MAX / size)
            return -1;
        void *p = realloc(*items, ncap * size);
        if (!p)
            return -1;
        *items = p;
        *cap = ncap;
    }
    memcpy((char *)*items + *n * size, from, count * size);
    *n = need;
    return 0;
}

void grow_text_add(struct grow_text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *more = realloc(t->s, cap);
        if (!more) {
            t->failed = true;
            return;
        }
        t->s = more;
        t->cap = cap;
    }
    if (n)
        memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}
