/* load_json.c - the JSON loader.
 *
 * jansson decides what is valid JSON (duplicate keys, trailing commas, invalid
 * UTF-8 are all refused with its line:column) and supplies every value.  jansson
 * does not keep positions, so the same text is read a second time by libyaml
 * (JSON is YAML flow syntax), and the two are walked in step: each value takes
 * its line:column from the matching libyaml mark.  A few things that are valid
 * JSON but not YAML (tab indentation, escaped surrogate pairs, raw DEL and C1
 * controls, U+2028/U+2029) are first replaced by stand-ins of the same width
 * in a private copy, so that libyaml sees the same lines and columns.
 */
#include "load.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct walker {
    struct doc *doc;
    const struct load_limits *lim;
    struct load_error *err;
    struct ymarks *marks;
};

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_surrogate_escape(const char *p, const char *end)
{
    return end - p >= 6 && p[0] == '\\' && p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') &&
           strchr("89abcdefABCDEF", p[3]) && p[3] && is_hex(p[4]) && is_hex(p[5]);
}

/* A copy of BYTES that libyaml reads with the same lines and columns as the
 * original, or NULL when BYTES can be read as they are (*COPY is set when a
 * copy was made; the caller frees it). */
static int make_position_text(const char *bytes, size_t len, char **copy, size_t *copy_len)
{
    *copy = NULL;
    const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
    int needed = 0;
    for (const unsigned char *q = p; q < end && !needed; q++)
        needed = *q == '\t' || *q == 0x7f || *q == 0xC2 || *q == 0xE2 || *q == 0xEF ||
                 (*q == '\\' && q + 1 < end && q[1] == 'u');
    if (!needed)
        return 0;
    char *out = malloc(len + 1);
    if (!out)
        return -1;
    size_t o = 0;
    while (p < end) {
        if (*p == '\t') {
            out[o++] = ' ';
            p++;
        } else if (*p == 0x7f) {
            out[o++] = 'x';
            p++;
        } else if (*p == 0xC2 && end - p >= 2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            out[o++] = 'x'; /* C1 control, NEL among them: one character */
            p += 2;
        } else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            out[o++] = 'x'; /* line and paragraph separators are line breaks to YAML */
            p += 3;
        } else if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
            out[o++] = 'x'; /* noncharacters libyaml refuses */
            p += 3;
        } else if (*p == '\\' && end - p >= 2) {
            if (is_surrogate_escape((const char *)p, (const char *)end)) {
                memcpy(out + o, "\\u0041", 6); /* any valid escape of the same width */
                o += 6;
                p += 6;
            } else {
                out[o++] = (char)*p++;
                out[o++] = (char)*p++;
            }
        } else {
            out[o++] = (char)*p++;
        }
    }
    out[o] = '\0';
    *copy = out;
    *copy_len = o;
    return 0;
}

static enum load_status lost(struct walker *w, unsigned line, unsigned col)
{
    /* valid JSON that libyaml cannot follow: say so rather than guess */
    load_set_error(w->err, line, col,
                   "valid JSON laid out in a way dacc cannot locate values in (such as a key "
                   "and its ':' on different lines); reformat the file");
    return LOAD_SYNTAX;
}

static enum load_status walk(struct walker *w, json_t *v, struct node **out, unsigned depth);

static enum load_status walk_children(struct walker *w, json_t *v, struct node *n, unsigned depth)
{
    size_t count = json_is_object(v) ? json_object_size(v) : json_array_size(v);
    enum ymark_kind close = json_is_object(v) ? YMARK_MAP_END : YMARK_SEQ_END;
    unsigned line, col;
    if (count) {
        n->kids = doc_alloc(w->doc, count * sizeof *n->kids);
        if (!n->kids)
            return LOAD_NOMEM;
    }
    n->n = count;
    if (json_is_object(v)) {
        size_t i = 0;
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it), i++) {
            if (ymarks_next(w->marks, &line, &col, w->err) != YMARK_SCALAR)
                return lost(w, line, col);
            struct node *kid;
            enum load_status st = walk(w, json_object_iter_value(it), &kid, depth + 1);
            if (st != LOAD_OK)
                return st;
            size_t klen = json_object_iter_key_len(it);
            kid->key = doc_strndup(w->doc, json_object_iter_key(it), klen);
            if (!kid->key)
                return LOAD_NOMEM;
            kid->key_len = klen;
            kid->key_line = line;
            kid->key_col = col;
            kid->parent = n;
            kid->index = i;
            n->kids[i] = kid;
        }
    } else {
        for (size_t i = 0; i < count; i++) {
            struct node *kid;
            enum load_status st = walk(w, json_array_get(v, i), &kid, depth + 1);
            if (st != LOAD_OK)
                return st;
            kid->parent = n;
            kid->index = i;
            n->kids[i] = kid;
        }
    }
    if (ymarks_next(w->marks, &line, &col, w->err) != close)
        return lost(w, line, col);
    return LOAD_OK;
}

static enum load_status walk(struct walker *w, json_t *v, struct node **out, unsigned depth)
{
    unsigned line, col;
    enum ymark_kind mk = ymarks_next(w->marks, &line, &col, w->err);
    enum ymark_kind want = json_is_object(v) ? YMARK_MAP_START
                         : json_is_array(v) ? YMARK_SEQ_START : YMARK_SCALAR;
    if (mk != want)
        return lost(w, line, col);
    if (want != YMARK_SCALAR && depth > w->lim->max_depth) {
        load_set_error(w->err, line, col, "nesting deeper than %u levels", w->lim->max_depth);
        return LOAD_SYNTAX;
    }
    struct node *n = doc_node(w->doc, NODE_NULL, line, col);
    if (!n)
        return LOAD_NOMEM;
    *out = n;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        n->kind = NODE_OBJECT;
        return walk_children(w, v, n, depth);
    case JSON_ARRAY:
        n->kind = NODE_ARRAY;
        return walk_children(w, v, n, depth);
    case JSON_STRING:
        n->kind = NODE_STRING;
        n->len = json_string_length(v);
        n->str = doc_strndup(w->doc, json_string_value(v), n->len);
        return n->str ? LOAD_OK : LOAD_NOMEM;
    case JSON_INTEGER:
        n->kind = NODE_INT;
        n->i = json_integer_value(v);
        return LOAD_OK;
    case JSON_REAL:
        n->kind = NODE_REAL;
        n->d = json_real_value(v);
        return LOAD_OK;
    case JSON_TRUE:
    case JSON_FALSE:
        n->kind = NODE_BOOL;
        n->b = json_is_true(v);
        return LOAD_OK;
    case JSON_NULL:
        return LOAD_OK;
    }
    return lost(w, line, col);
}

void load_json_reason(char *out, size_t outlen, const char *text)
{
    const char *near = strstr(text, " near ");
    size_t n = near ? (size_t)(near - text) : strlen(text);
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, text, n);
    out[n] = '\0';
}

/* Where a jansson error is.  jansson reports the last character it read; a
 * fault inside a token is better shown at the token's start, which the quoted
 * token in the message tells (its length is all that is used of it).  A bad
 * byte or control character is shown where it is.  SKIPPED is the length of a
 * byte order mark jansson did not see. */
static void locate_error(const struct source *src, size_t skipped, const json_error_t *e,
                         unsigned *line, unsigned *col)
{
    if (strstr(e->text, "unable to decode byte") || strstr(e->text, "control character")) {
        source_position(src, skipped + (size_t)(e->position > 0 ? e->position : 0), line, col);
        return;
    }
    *line = e->line > 0 ? (unsigned)e->line : 1;
    *col = e->column > 0 ? (unsigned)e->column : 1;
    const char *near = strstr(e->text, " near '");
    if (!near)
        return;
    near += 7;
    size_t len = strlen(near);
    if (len < 2 || near[len - 1] != '\'')
        return; /* cut short: keep jansson's place */
    unsigned chars = 0;
    for (size_t i = 0; i + 1 < len; i++)
        chars += ((unsigned char)near[i] & 0xC0) != 0x80;
    if (chars && chars <= *col)
        *col = *col - chars + 1;
}

/* jansson refused a duplicate key at LINE:COL without saying where the first
 * one is: read the position text as YAML (JSON is YAML flow syntax), whose
 * loader says it, and take its message when it finds the same repetition:
 * at LINE:COL, or, when jansson quoted no token to step back over (it quotes
 * none over 20 bytes) and so points at the key's end, at a key that starts
 * earlier on that line.  Otherwise ERR stays as it is. */
static void name_first_key(const char *text, size_t len, bool at_end, const struct load_limits *lim,
                           struct load_error *err)
{
    const struct source s = { .bytes = (char *)text, .len = len };
    struct doc d = { 0 };
    struct load_error e = { 0 };
    if (load_yaml(&s, lim, &d, &e) == LOAD_SYNTAX && strncmp(e.msg, "duplicate key;", 14) == 0 &&
        e.line == err->line && (e.col == err->col || (at_end && e.col < err->col)))
        load_set_error(err, e.line, e.col, "invalid JSON: %.150s", e.msg);
    doc_free(&d);
}

enum load_status load_json(const struct source *src, const struct load_limits *lim,
                           struct doc *doc, struct load_error *err)
{
    const char *text = src->bytes;
    size_t len = src->len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* jansson refuses a byte order mark; libyaml skips it */
        len -= 3;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        char reason[160];
        unsigned line, col;
        load_json_reason(reason, sizeof reason, jerr.text);
        locate_error(src, (size_t)(text - src->bytes), &jerr, &line, &col);
        load_set_error(err, line, col, "invalid JSON: %s", reason);
        if (strstr(reason, "duplicate object key")) {
            char *copy;
            size_t copy_len = 0;
            if (make_position_text(src->bytes, src->len, &copy, &copy_len) == 0)
                name_first_key(copy ? copy : src->bytes, copy ? copy_len : src->len,
                               !strstr(jerr.text, " near '"), lim, err);
            free(copy);
        }
        return LOAD_SYNTAX;
    }
    char *copy;
    size_t copy_len = 0;
    if (make_position_text(src->bytes, src->len, &copy, &copy_len) != 0) {
        json_decref(root);
        load_set_error(err, 1, 1, "out of memory");
        return LOAD_NOMEM;
    }
    struct walker w = { .doc = doc, .lim = lim, .err = err };
    err->msg[0] = '\0';
    w.marks = ymarks_open(copy ? copy : src->bytes, copy ? copy_len : src->len);
    enum load_status st = LOAD_NOMEM;
    if (w.marks) {
        struct node *n = NULL;
        st = walk(&w, root, &n, 1);
        if (st == LOAD_OK)
            doc->root = n;
    }
    if (st == LOAD_NOMEM)
        load_set_error(err, 1, 1, "out of memory");
    ymarks_close(w.marks);
    free(copy);
    json_decref(root);
    return st;
}
