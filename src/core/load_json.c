/* load_json.c - the JSON loader.
 *
 * jansson decides what is valid JSON (duplicate keys, trailing commas, invalid
 * UTF-8 are all refused with its line:column) and supplies every value.  jansson
 * keeps no positions, so the text it accepted is read once more by a small
 * cursor that knows only what valid JSON can hold (blanks, strings with their
 * escapes, numbers, literals and the six structural characters), and jansson's
 * values are walked in step with it: each value and member name takes the
 * line:column the cursor is at.  Lines break at LF, CRLF and a lone CR, columns
 * count code points, and a leading byte order mark is not counted, as libyaml
 * counts them for YAML files (the positions are those libyaml's event parser
 * gave when it did this job; tests/fuzz/json_pos_ref.h keeps that way for the
 * tests that compare the two).
 */
#include "core/load_int.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Where the cursor is in text jansson has accepted: P, and its 1-based line and column. */
struct cursor {
    const unsigned char *p, *end;
    unsigned line, col;
};

struct walker {
    struct doc *doc;
    const struct load_limits *lim;
    struct load_error *err;
    struct cursor c;
};

/* Step over blanks: space, tab, and the line breaks LF, CRLF and lone CR. */
static void skip_blanks(struct cursor *c)
{
    for (; c->p < c->end; c->p++) {
        unsigned char ch = *c->p;
        if (ch == ' ' || ch == '\t') {
            c->col++;
        } else if (ch == '\n' || (ch == '\r' && (c->p + 1 == c->end || c->p[1] != '\n'))) {
            c->line++;
            c->col = 1;
        } else if (ch != '\r') {
            return;
        }
    }
}

/* Step over the string that opens at the cursor, to just past its closing
 * quote: each code point one column (an escape is plain ASCII).  False when
 * it does not close, which text jansson accepted never does. */
static bool skip_string(struct cursor *c)
{
    const unsigned char *p = c->p + 1, *end = c->end;
    unsigned col = c->col + 1;
    while (p < end && *p != '"') {
        if (*p == '\\') {
            if (end - p < 2)
                return false;
            p += 2;
            col += 2;
        } else {
            col += (*p & 0xC0) != 0x80;
            p++;
        }
    }
    if (p == end)
        return false;
    c->p = p + 1;
    c->col = col + 1;
    return true;
}

/* Step over the number or literal (true, false, null) at the cursor: all ASCII. */
static void skip_word(struct cursor *c)
{
    const unsigned char *p = c->p;
    while (p < c->end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '+' ||
                          *p == '.' || *p == 'E'))
        p++;
    c->col += (unsigned)(p - c->p);
    c->p = p;
}

/* Step over blanks and then the character WANT; false when another comes. */
static bool expect(struct cursor *c, unsigned char want)
{
    skip_blanks(c);
    if (c->p == c->end || *c->p != want)
        return false;
    c->p++;
    c->col++;
    return true;
}

static enum load_status lost(struct walker *w)
{
    /* the cursor and jansson disagree: a fault of this file, never of the input */
    load_set_error(w->err, w->c.line, w->c.col, "internal error: JSON positions lost");
    return LOAD_SYNTAX;
}

/* Whether the value at the cursor opens as jansson's value V does. */
static bool opens_as(const struct cursor *c, const json_t *v)
{
    if (c->p == c->end)
        return false;
    switch (json_typeof(v)) {
    case JSON_OBJECT: return *c->p == '{';
    case JSON_ARRAY: return *c->p == '[';
    case JSON_STRING: return *c->p == '"';
    case JSON_INTEGER:
    case JSON_REAL: return *c->p == '-' || (*c->p >= '0' && *c->p <= '9');
    case JSON_TRUE: return *c->p == 't';
    case JSON_FALSE: return *c->p == 'f';
    case JSON_NULL: return *c->p == 'n';
    }
    return false;
}

static enum load_status walk(struct walker *w, json_t *v, struct node **out, unsigned depth);

/* The members of object V, each placed at its name, into N (the cursor is just
 * past the '{'); the cursor ends just past the '}', where N ends. */
static enum load_status walk_members(struct walker *w, json_t *v, struct node *n, unsigned depth)
{
    size_t i = 0;
    for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it), i++) {
        if (i && !expect(&w->c, ','))
            return lost(w);
        skip_blanks(&w->c);
        unsigned line = w->c.line, col = w->c.col;
        if (w->c.p == w->c.end || *w->c.p != '"' || !skip_string(&w->c) || !expect(&w->c, ':'))
            return lost(w);
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
    return expect(&w->c, '}') ? LOAD_OK : lost(w);
}

/* The items of array V into N, as walk_members() does members. */
static enum load_status walk_items(struct walker *w, json_t *v, struct node *n, unsigned depth)
{
    for (size_t i = 0; i < n->n; i++) {
        if (i && !expect(&w->c, ','))
            return lost(w);
        struct node *kid;
        enum load_status st = walk(w, json_array_get(v, i), &kid, depth + 1);
        if (st != LOAD_OK)
            return st;
        kid->parent = n;
        kid->index = i;
        n->kids[i] = kid;
    }
    return expect(&w->c, ']') ? LOAD_OK : lost(w);
}

static enum load_status walk_children(struct walker *w, json_t *v, struct node *n, unsigned depth)
{
    size_t count = json_is_object(v) ? json_object_size(v) : json_array_size(v);
    if (count) {
        n->kids = doc_alloc(w->doc, count * sizeof *n->kids);
        if (!n->kids)
            return LOAD_NOMEM;
    }
    n->n = count;
    w->c.p++; /* the '{' or '[' */
    w->c.col++;
    enum load_status st = json_is_object(v) ? walk_members(w, v, n, depth) : walk_items(w, v, n, depth);
    n->end_line = w->c.line;
    n->end_col = w->c.col;
    return st;
}

/* A node for jansson's value V, at the value the cursor reaches after blanks,
 * with everything in it; the cursor ends just past it. */
static enum load_status walk(struct walker *w, json_t *v, struct node **out, unsigned depth)
{
    skip_blanks(&w->c);
    if (!opens_as(&w->c, v))
        return lost(w);
    unsigned line = w->c.line, col = w->c.col;
    bool container = json_is_object(v) || json_is_array(v);
    if (container && depth > w->lim->max_depth) {
        load_set_error(w->err, line, col, "nesting deeper than %u levels", w->lim->max_depth);
        return LOAD_SYNTAX;
    }
    struct node *n = doc_node(w->doc, NODE_NULL, line, col);
    if (!n)
        return LOAD_NOMEM;
    *out = n;
    if (container) {
        n->kind = json_is_object(v) ? NODE_OBJECT : NODE_ARRAY;
        return walk_children(w, v, n, depth);
    }
    if (json_is_string(v)) {
        if (!skip_string(&w->c))
            return lost(w);
    } else {
        skip_word(&w->c);
        if (w->c.p < w->c.end && *w->c.p == '\0') {
            /* jansson lets one NUL byte right after a number or literal through */
            load_set_error(w->err, w->c.line, w->c.col, "invalid JSON: control character 0x0");
            return LOAD_SYNTAX;
        }
    }
    n->end_line = w->c.line;
    n->end_col = w->c.col;
    switch (json_typeof(v)) {
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
    default:
        return LOAD_OK;
    }
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

/* ---- refusals ---- */

/* jansson does not say where a refused duplicate key's first occurrence is;
 * libyaml's loader does (name_first_key() below).  It reads a copy of the
 * text in which the few things that are valid JSON but not YAML (tab
 * indentation, escaped surrogate pairs, raw DEL and C1 controls,
 * U+2028/U+2029, the noncharacters U+FFFE/U+FFFF) are stand-ins of the same
 * width, so that libyaml sees the same lines and columns. */

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_surrogate_escape(const char *p, const char *end)
{
    return end - p >= 6 && p[0] == '\\' && p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') &&
           strchr("89abcdefABCDEF", p[3]) && p[3] && is_hex(p[4]) && is_hex(p[5]);
}

/* One stand-in's width in bytes of the original at P (0: copied as it is). */
static size_t stand_in(const unsigned char *p, const unsigned char *end, char *out)
{
    if (*p == '\t') {
        *out = ' ';
        return 1;
    }
    *out = 'x';
    if (*p == 0x7f)
        return 1;
    if (*p == 0xC2 && end - p >= 2 && p[1] >= 0x80 && p[1] <= 0x9F)
        return 2; /* C1 control, NEL among them: one character */
    if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3; /* line and paragraph separators are line breaks to YAML */
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
        return 3; /* noncharacters libyaml refuses */
    return 0;
}

/* A copy of BYTES[0..LEN) that libyaml reads with the same lines and columns
 * (the caller frees it), setting *OUT_LEN; NULL with *OUT_LEN 0 when BYTES can
 * be read as they are, NULL with *OUT_LEN 1 when memory runs out. */
static char *position_text(const char *bytes, size_t len, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
    int needed = 0;
    for (const unsigned char *q = p; q < end && !needed; q++)
        needed = *q == '\t' || *q == 0x7f || *q == 0xC2 || *q == 0xE2 || *q == 0xEF ||
                 (*q == '\\' && q + 1 < end && q[1] == 'u');
    *out_len = 0;
    if (!needed)
        return NULL;
    char *out = malloc(len + 1);
    if (!out) {
        *out_len = 1;
        return NULL;
    }
    size_t o = 0, width;
    while (p < end) {
        if ((width = stand_in(p, end, out + o)) != 0) {
            o++;
            p += width;
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
    *out_len = o;
    return out;
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

/* jansson refused the text: say where and why in ERR, and for a duplicate
 * key where the first one is.  SKIPPED is the length of a byte order mark
 * jansson did not see. */
static void refused(const struct source *src, size_t skipped, const json_error_t *jerr,
                    const struct load_limits *lim, struct load_error *err)
{
    char reason[160];
    unsigned line, col;
    load_json_reason(reason, sizeof reason, jerr->text);
    locate_error(src, skipped, jerr, &line, &col);
    load_set_error(err, line, col, "invalid JSON: %s", reason);
    if (!strstr(reason, "duplicate object key"))
        return;
    size_t len;
    char *copy = position_text(src->bytes, src->len, &len);
    if (copy || len == 0)
        name_first_key(copy ? copy : src->bytes, copy ? len : src->len, !strstr(jerr->text, " near '"), lim, err);
    free(copy);
}

enum load_status load_json(const struct source *src, const struct load_limits *lim,
                           struct doc *doc, struct load_error *err)
{
    const char *text = src->bytes;
    size_t len = src->len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* jansson refuses a byte order mark; it is not counted in columns */
        len -= 3;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        refused(src, (size_t)(text - src->bytes), &jerr, lim, err);
        return LOAD_SYNTAX;
    }
    struct walker w = { .doc = doc, .lim = lim, .err = err };
    w.c = (struct cursor){ (const unsigned char *)text, (const unsigned char *)text + len, 1, 1 };
    err->msg[0] = '\0';
    struct node *n = NULL;
    enum load_status st = walk(&w, root, &n, 1);
    if (st == LOAD_OK) {
        skip_blanks(&w.c);
        st = w.c.p == w.c.end ? LOAD_OK : lost(&w);
    }
    if (st == LOAD_OK)
        doc->root = n;
    else if (st == LOAD_NOMEM)
        load_set_error(err, 1, 1, "out of memory");
    json_decref(root);
    return st;
}
