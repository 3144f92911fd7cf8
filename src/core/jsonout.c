/* jsonout.c - JSON as dacc writes it to a file (jsonout.h) */
#include "core/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int jsonout_digits(double d)
{
    char buf[40];
    for (int p = 1; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        if (strtod(buf, NULL) == d)
            return p;
    }
    return 17;
}

char *jsonout_file(const json_t *v, int precision, size_t *len)
{
    size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
    if (precision > 0)
        flags |= JSON_REAL_PRECISION(precision);
    char *s = json_dumps(v, flags);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (!t) {
        free(s);
        return NULL;
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    *len = n + 1;
    return t;
}
