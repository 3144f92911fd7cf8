/* jsonpath.h - the JSONPath subset translation maps use, over a jansson value
 *
 * $ the root; .name and ['name'] or ["name"] a member; [N] an item (negative
 * counts from the end); .* and [*] every member or item; ..name (or ..* or
 * ..[N]) the same at any depth.  Filters, slices, unions and functions are
 * not evaluated (JSONPATH_UNSUPPORTED).
 */
#ifndef DACC_JSONPATH_H
#define DACC_JSONPATH_H

#include <stdbool.h>

#include <jansson.h>

enum jsonpath_status {
    JSONPATH_OK,
    JSONPATH_UNSUPPORTED,    /* syntax this subset does not evaluate */
    JSONPATH_NOMEM,
};

/* Evaluate PATH on ROOT.  On JSONPATH_OK, *MATCHES is a new array of every
 * value found (the caller owns the array and decrefs it) and *DEFINITE says
 * whether the path names at most one value (no wildcard, no "..").  A
 * definite path that finds nothing does not resolve; an indefinite one gives
 * an empty list. */
enum jsonpath_status jsonpath_eval(json_t *root, const char *path, json_t **matches, bool *definite);

#endif
