/* json_pos_ref.h - the JSON loader as it was before one-pass positions, kept
 * for tests only: jansson validates and values the text, then libyaml's event
 * parser reads a stand-in copy of it again and each value takes the position of
 * its event.  tests/unit/test_json_pos.c and tests/fuzz/fuzz_json_pos.c compare
 * load_json() (src/core/load_json.c) with ref_load_json() here, node by node.
 * Everything is static: include this file in one test translation unit. */
#ifndef DACC_JSON_POS_REF_H
#define DACC_JSON_POS_REF_H

#include "core/load_int.h"

#include "core/grow.h"

#include <stdio.h>

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct long_key;

struct walker {
    struct doc *doc;
    const struct load_limits *lim;
    struct load_error *err;
    struct ymarks *marks;
    const struct long_key *keys; /* the position text's stand-ins for long keys */
    size_t nkeys, next;
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

/* libyaml takes a key for a key only when its ':' comes at most 1,024
 * characters after its start (YAML's limit on implicit keys): a longer JSON
 * key, valid JSON, would leave the position pass lost.  The position text
 * holds a key whose ':' is more than LONG_KEY bytes (so at least as many
 * characters) after its opening quote as blanks and an empty key of the same
 * width, ending where the key ended; the walker moves that key's column back
 * to where the real key starts. */
#define LONG_KEY 1000

struct long_key {
    unsigned line, col;  /* where the stand-in key starts in the position text */
    unsigned shift;      /* how many columns right of the real key's start that is */
};

struct position_text {
    char *copy;          /* NULL when the text can be read as it is */
    size_t len;
    struct long_key *keys; /* in text order (heap) */
    size_t nkeys, cap;
};

/* The closing quote of the JSON string that opens at P (the text is valid JSON). */
static const unsigned char *string_end(const unsigned char *p, const unsigned char *end)
{
    for (p++; p < end && *p != '"'; p++)
        if (*p == '\\')
            p++;
    return p < end ? p : end;
}

/* The ':' after a string that closes at Q, when only blanks of the same line
 * lie between, or NULL: the string is a key then. */
static const unsigned char *colon_after(const unsigned char *q, const unsigned char *end)
{
    if (q < end)
        q++;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    return q < end && *q == ':' ? q : NULL;
}

/* A key that libyaml would not take: the ':' after the string at P, or NULL. */
static const unsigned char *long_key_colon(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *colon = colon_after(string_end(p, end), end);
    return colon && colon - p > LONG_KEY ? colon : NULL;
}

static bool has_long_key(const unsigned char *p, const unsigned char *end)
{
    for (; p < end; p++) {
        if (*p != '"')
            continue;
        if (long_key_colon(p, end))
            return true;
        p = string_end(p, end);
    }
    return false;
}

/* Lines and columns of the position text as libyaml counts them: breaks at
 * LF, CRLF and a lone CR, columns in characters, a leading byte order mark
 * not counted.  Advanced as the text is written, so linear in all. */
struct text_pos {
    size_t at;
    unsigned line, col; /* 1-based line, 0-based column of AT */
};

static void advance(struct text_pos *tp, const char *out, size_t upto)
{
    if (tp->at == 0 && upto >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0)
        tp->at = 3;
    for (; tp->at < upto; tp->at++) {
        unsigned char c = (unsigned char)out[tp->at];
        if (c == '\n' || (c == '\r' && (tp->at + 1 >= upto || out[tp->at + 1] != '\n'))) {
            tp->line++;
            tp->col = 0;
        } else if (c != '\r' && (c & 0xC0) != 0x80) {
            tp->col++;
        }
    }
}

/* Fill PT with a copy of BYTES that libyaml reads with the same lines and
 * columns as the original, or none when BYTES can be read as they are.  With
 * LONG_KEYS, keys too long for libyaml get stand-ins (listed in PT->keys).
 * The caller frees PT with position_text_free().  Returns -1 when memory runs out. */
static int make_position_text(const char *bytes, size_t len, bool long_keys, struct position_text *pt)
{
    memset(pt, 0, sizeof *pt);
    const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
    int needed = 0;
    for (const unsigned char *q = p; q < end && !needed; q++)
        needed = *q == '\t' || *q == 0x7f || *q == 0xC2 || *q == 0xE2 || *q == 0xEF ||
                 (*q == '\\' && q + 1 < end && q[1] == 'u');
    if (!needed && !(long_keys && has_long_key(p, end)))
        return 0;
    char *out = malloc(len + 1);
    if (!out)
        return -1;
    size_t o = 0;
    struct text_pos tp = { 0, 1, 0 };
    bool in_string = false; /* escapes are copied in pairs: a lone '"' opens or closes one */
    while (p < end) {
        const unsigned char *colon;
        if (*p == '"' && !in_string && long_keys && (colon = long_key_colon(p, end))) {
            size_t width = 0; /* characters up to the ':' */
            for (const unsigned char *q = p; q < colon; q++)
                width += (*q & 0xC0) != 0x80;
            advance(&tp, out, o);
            void *more = grow(pt->keys, &pt->cap, pt->nkeys, sizeof *pt->keys, 4);
            if (!more || width - 2 > UINT_MAX - tp.col) {
                free(out);
                free(more ? more : pt->keys);
                memset(pt, 0, sizeof *pt);
                return -1;
            }
            pt->keys = more;
            pt->keys[pt->nkeys++] = (struct long_key){ tp.line, tp.col + (unsigned)(width - 2) + 1,
                                                       (unsigned)(width - 2) };
            memset(out + o, ' ', width - 2);
            o += width - 2;
            out[o++] = '"';
            out[o++] = '"';
            p = colon;
        } else if (*p == '"') {
            in_string = !in_string;
            out[o++] = (char)*p++;
        } else if (*p == '\t') {
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
    pt->copy = out;
    pt->len = o;
    return 0;
}

static void position_text_free(struct position_text *pt)
{
    free(pt->copy);
    free(pt->keys);
    memset(pt, 0, sizeof *pt);
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

/* The column of the key whose mark is at LINE:COL: a long key's stand-in
 * ends where the key does; the key starts further left.  Keys come in text
 * order, as the stand-ins are listed. */
static unsigned key_col(struct walker *w, unsigned line, unsigned col)
{
    while (w->next < w->nkeys && (w->keys[w->next].line < line ||
                                  (w->keys[w->next].line == line && w->keys[w->next].col < col)))
        w->next++;
    if (w->next < w->nkeys && w->keys[w->next].line == line && w->keys[w->next].col == col)
        return col - w->keys[w->next++].shift;
    return col;
}

static enum load_status walk_children(struct walker *w, json_t *v, struct node *n, unsigned depth)
{
    size_t count = json_is_object(v) ? json_object_size(v) : json_array_size(v);
    enum ymark_kind close = json_is_object(v) ? YMARK_MAP_END : YMARK_SEQ_END;
    unsigned line, col, end_line, end_col;
    if (count) {
        n->kids = doc_alloc(w->doc, count * sizeof *n->kids);
        if (!n->kids)
            return LOAD_NOMEM;
    }
    n->n = count;
    if (json_is_object(v)) {
        size_t i = 0;
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it), i++) {
            if (ymarks_next(w->marks, &line, &col, &end_line, &end_col, w->err) != YMARK_SCALAR)
                return lost(w, line, col);
            col = key_col(w, line, col);
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
    if (ymarks_next(w->marks, &line, &col, &end_line, &end_col, w->err) != close)
        return lost(w, line, col);
    n->end_line = end_line;
    n->end_col = end_col;
    return LOAD_OK;
}

static enum load_status walk(struct walker *w, json_t *v, struct node **out, unsigned depth)
{
    unsigned line, col, end_line, end_col;
    enum ymark_kind mk = ymarks_next(w->marks, &line, &col, &end_line, &end_col, w->err);
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
    n->end_line = end_line; /* a container's is set at its close */
    n->end_col = end_col;
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

static enum load_status ref_load_json(const struct source *src, const struct load_limits *lim,
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
        struct position_text pt;
        /* without stand-ins for long keys, which would all be one empty key to libyaml */
        if (strstr(reason, "duplicate object key") && make_position_text(src->bytes, src->len, false, &pt) == 0) {
            name_first_key(pt.copy ? pt.copy : src->bytes, pt.copy ? pt.len : src->len,
                           !strstr(jerr.text, " near '"), lim, err);
            position_text_free(&pt);
        }
        return LOAD_SYNTAX;
    }
    struct position_text pt;
    if (make_position_text(src->bytes, src->len, true, &pt) != 0) {
        json_decref(root);
        load_set_error(err, 1, 1, "out of memory");
        return LOAD_NOMEM;
    }
    struct walker w = { .doc = doc, .lim = lim, .err = err, .keys = pt.keys, .nkeys = pt.nkeys };
    err->msg[0] = '\0';
    w.marks = ymarks_open(pt.copy ? pt.copy : src->bytes, pt.copy ? pt.len : src->len);
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
    position_text_free(&pt);
    json_decref(root);
    return st;
}

/* ---- the comparison ---- */

/* Whether TEXT has a member name whose ':' is on a later line: valid JSON that
 * libyaml cannot follow (a key must end on its line), which ref_load_json()
 * refuses as "laid out in a way dacc cannot locate values in" and load_json()
 * places. */
static bool ref_key_colon_split(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        if (*p++ != '"')
            continue;
        while (p < end && *p != '"')
            p += *p == '\\' ? 2 : 1;
        if (p >= end)
            return false;
        bool broken = false;
        for (p++; p < end && strchr(" \t\r\n", *p) && *p; p++)
            broken |= *p == '\r' || *p == '\n';
        if (broken && p < end && *p == ':')
            return true;
    }
    return false;
}

/* The first way trees A and B differ, written to WHY; false when they do not. */
static bool ref_tree_differs(const struct node *a, const struct node *b, char *why, size_t whylen)
{
    const char *what = NULL;
    if (a->kind != b->kind)
        what = "kind";
    else if (a->line != b->line || a->col != b->col)
        what = "start";
    else if (a->end_line != b->end_line || a->end_col != b->end_col)
        what = "end";
    else if ((a->key == NULL) != (b->key == NULL) || a->key_len != b->key_len ||
             (a->key && memcmp(a->key, b->key, a->key_len) != 0))
        what = "member name";
    else if (a->key && (a->key_line != b->key_line || a->key_col != b->key_col))
        what = "member name's position";
    else if (a->index != b->index || a->n != b->n)
        what = "index or count";
    else if (a->b != b->b || a->i != b->i || memcmp(&a->d, &b->d, sizeof a->d) != 0)
        what = "value";
    else if (a->kind == NODE_STRING && (a->len != b->len || memcmp(a->str, b->str, a->len) != 0))
        what = "string";
    if (what) {
        snprintf(why, whylen, "%s differs: %u:%u-%u:%u key %u:%u vs %u:%u-%u:%u key %u:%u", what, a->line,
                 a->col, a->end_line, a->end_col, a->key_line, a->key_col, b->line, b->col, b->end_line,
                 b->end_col, b->key_line, b->key_col);
        return true;
    }
    for (size_t i = 0; i < a->n; i++)
        if (ref_tree_differs(a->kids[i], b->kids[i], why, whylen))
            return true;
    return false;
}

enum ref_outcome {
    REF_SAME_TREE,     /* both loaded the text, with the same values and positions */
    REF_SAME_REFUSAL,  /* both refused it at the same place with the same message */
    REF_KEY_COLON,     /* only libyaml lost its way: a key's ':' on a later line */
    REF_NUL_BYTE,      /* a NUL byte right after a number or literal, which jansson lets
                          through: both refuse it there, libyaml as a text it lost its way in */
    REF_NOMEM,         /* memory ran out in one of them */
    REF_DIFFERENT,     /* WHY says how */
};

/* Load SRC as JSON with load_json() and with ref_load_json() and compare the
 * outcomes. */
static enum ref_outcome ref_compare(const struct source *src, const struct load_limits *lim, char *why,
                                    size_t whylen)
{
    struct doc a = { 0 }, b = { 0 };
    struct load_error ea = { 0 }, eb = { 0 };
    enum load_status sa = load_json(src, lim, &a, &ea);
    enum load_status sb = ref_load_json(src, lim, &b, &eb);
    enum ref_outcome out = REF_DIFFERENT;
    why[0] = '\0';
    if (sa == LOAD_NOMEM || sb == LOAD_NOMEM) {
        out = REF_NOMEM;
    } else if (sa == LOAD_OK && sb == LOAD_OK) {
        out = ref_tree_differs(a.root, b.root, why, whylen) ? REF_DIFFERENT : REF_SAME_TREE;
    } else if (sa == LOAD_SYNTAX && sb == LOAD_SYNTAX) {
        if (ea.line == eb.line && ea.col == eb.col && strcmp(ea.msg, eb.msg) == 0)
            out = REF_SAME_REFUSAL;
        else if (ea.line == eb.line && ea.col == eb.col && strcmp(ea.msg, "invalid JSON: control character 0x0") == 0 &&
                 strstr(eb.msg, "cannot locate values"))
            out = REF_NUL_BYTE;
        else
            snprintf(why, whylen, "refusals differ: %u:%u %s / %u:%u %s", ea.line, ea.col, ea.msg, eb.line,
                     eb.col, eb.msg);
    } else if (sa == LOAD_OK && strstr(eb.msg, "cannot locate values") && ref_key_colon_split(src->bytes, src->len)) {
        out = REF_KEY_COLON;
    } else {
        snprintf(why, whylen, "outcomes differ: %d %u:%u %s / %d %u:%u %s", (int)sa, ea.line, ea.col, ea.msg,
                 (int)sb, eb.line, eb.col, eb.msg);
    }
    doc_free(&a);
    doc_free(&b);
    return out;
}

#endif
