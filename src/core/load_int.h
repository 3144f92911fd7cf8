/* load_int.h - what only the loaders share (load.c, load_json.c, load_yaml.c):
 * each syntax's entry, the error setter, and the stream of positions read by
 * libyaml that the JSON loader placed jansson's values with before it placed
 * them in one pass (tests/fuzz/json_pos_ref.h still does, to compare) */
#ifndef DACC_LOAD_INT_H
#define DACC_LOAD_INT_H

#include "core/load.h"

enum load_status load_json(const struct source *src, const struct load_limits *lim,
                           struct doc *doc, struct load_error *err);
enum load_status load_yaml(const struct source *src, const struct load_limits *lim,
                           struct doc *doc, struct load_error *err);
void load_set_error(struct load_error *err, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A stream of positions read by libyaml: where each value of a JSON text
 * starts and ends as libyaml's event parser sees it.  The product no longer
 * uses it; the tests' reference JSON loader (tests/fuzz/json_pos_ref.h) does.
 * Only load_yaml.c knows libyaml. */
enum ymark_kind {
    YMARK_SCALAR,
    YMARK_SEQ_START,
    YMARK_SEQ_END,
    YMARK_MAP_START,
    YMARK_MAP_END,
    YMARK_END,
    YMARK_ERROR,
};

struct ymarks;

/* BYTES must outlive the stream.  Returns NULL when memory runs out. */
struct ymarks *ymarks_open(const char *bytes, size_t len);
/* The next structural mark: where it starts (LINE:COL) and just past where it
 * ends (*END_LINE:*END_COL; a scalar's last character or quote, a ']' or '}');
 * on YMARK_ERROR, ERR says what libyaml refused. */
enum ymark_kind ymarks_next(struct ymarks *ym, unsigned *line, unsigned *col, unsigned *end_line,
                            unsigned *end_col, struct load_error *err);
void ymarks_close(struct ymarks *ym);

#endif
