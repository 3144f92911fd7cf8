/* load_yaml.c - the YAML loader, and the position stream the JSON loader uses.
 * The only file that includes <yaml.h>.  libyaml marks are 0-based and count
 * characters; they become 1-based here, once. */
#include "core/load_int.h"

#include "core/grow.h"
#include "core/source.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Whether libyaml stopped at a tab that indents its line (only blanks before
 * it): YAML indents with spaces, and libyaml's words for it ("found character
 * that cannot start any token", "found a tab character that violates
 * indentation") do not say so.  Judged by line and column (libyaml's index
 * counts characters, not bytes). */
static bool tab_indent(const yaml_parser_t *p, const char *bytes, size_t len)
{
    if (!p->problem || !(strstr(p->problem, "cannot start any token") || strstr(p->problem, "tab character")))
        return false;
    struct source s = { .bytes = (char *)bytes, .len = len };
    size_t n = 0, col = p->problem_mark.column;
    const char *line = source_line(&s, (unsigned)p->problem_mark.line + 1, &n);
    if (!line || col >= n || line[col] != '\t')
        return false;
    for (size_t i = 0; i < col; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return false;
    return true;
}

static void parser_error(const yaml_parser_t *p, const char *bytes, size_t len,
                         struct load_error *err)
{
    const char *problem = p->problem ? p->problem : "cannot parse";
    if (p->error == YAML_READER_ERROR) {
        /* reader errors carry a byte offset, not a mark */
        struct source s = { .bytes = (char *)bytes, .len = len };
        unsigned line, col;
        size_t at = p->problem_offset;
        if (strstr(problem, "trailing") || strstr(problem, "incomplete")) {
            /* point at the start of the broken sequence, not inside it */
            size_t lead = at;
            while (lead > 0 && at - lead < 4 && ((unsigned char)bytes[lead - 1] & 0xC0) == 0x80)
                lead--;
            if (lead > 0 && (unsigned char)bytes[lead - 1] >= 0xC0)
                at = lead - 1;
        }
        source_position(&s, at, &line, &col);
        if (p->problem_value != -1 && strstr(problem, "UTF-8"))
            load_set_error(err, line, col, "invalid UTF-8: %s", problem);
        else
            load_set_error(err, line, col, "%s", problem);
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        load_set_error(err, 1, 1, "out of memory while parsing");
        return;
    }
    if (tab_indent(p, bytes, len)) {
        load_set_error(err, (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
                       "tab used for indentation: YAML indents with spaces");
        return;
    }
    /* libyaml takes a key only when its ':' is at most 1,024 characters after
     * its start; past that it stops at the ':' with one of these */
    bool long_key = p->problem_mark.column > 1024 &&
                    (strstr(problem, "mapping values are not allowed") ||
                     strstr(problem, "could not find expected ':'") ||
                     strstr(problem, "did not find expected ',' or '}'"));
    load_set_error(err, (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
                   "%s%s%s%s", p->context ? p->context : "", p->context ? ": " : "", problem,
                   long_key ? " (a key may have at most 1,024 characters up to its ':' in YAML; "
                              "write a longer one as an explicit '? ' key)" : "");
}

/* ---- the position stream for JSON ---- */

struct ymarks {
    yaml_parser_t parser;
    const char *bytes;
    size_t len;
};

struct ymarks *ymarks_open(const char *bytes, size_t len)
{
    struct ymarks *ym = malloc(sizeof *ym);
    if (!ym)
        return NULL;
    if (!yaml_parser_initialize(&ym->parser)) {
        free(ym);
        return NULL;
    }
    ym->bytes = bytes;
    ym->len = len;
    yaml_parser_set_input_string(&ym->parser, (const unsigned char *)bytes, len);
    return ym;
}

enum ymark_kind ymarks_next(struct ymarks *ym, unsigned *line, unsigned *col, unsigned *end_line,
                            unsigned *end_col, struct load_error *err)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&ym->parser, &ev)) {
            parser_error(&ym->parser, ym->bytes, ym->len, err);
            *line = *end_line = err->line;
            *col = *end_col = err->col;
            return YMARK_ERROR;
        }
        enum ymark_kind kind;
        switch (ev.type) {
        case YAML_SCALAR_EVENT: kind = YMARK_SCALAR; break;
        case YAML_SEQUENCE_START_EVENT: kind = YMARK_SEQ_START; break;
        case YAML_SEQUENCE_END_EVENT: kind = YMARK_SEQ_END; break;
        case YAML_MAPPING_START_EVENT: kind = YMARK_MAP_START; break;
        case YAML_MAPPING_END_EVENT: kind = YMARK_MAP_END; break;
        case YAML_STREAM_END_EVENT: kind = YMARK_END; break;
        case YAML_ALIAS_EVENT: kind = YMARK_ERROR; break;
        default:
            yaml_event_delete(&ev);
            continue;
        }
        *line = (unsigned)ev.start_mark.line + 1;
        *col = (unsigned)ev.start_mark.column + 1;
        *end_line = (unsigned)ev.end_mark.line + 1;
        *end_col = (unsigned)ev.end_mark.column + 1;
        yaml_event_delete(&ev);
        if (kind == YMARK_ERROR)
            load_set_error(err, *line, *col, "unexpected alias");
        return kind;
    }
}

void ymarks_close(struct ymarks *ym)
{
    if (!ym)
        return;
    yaml_parser_delete(&ym->parser);
    free(ym);
}

/* ---- the YAML loader ---- */

struct frame {
    struct node *node;          /* the open container */
    struct node **kids;         /* its children so far (heap, moved to the arena at the end) */
    size_t n, cap;
    int have_key;               /* objects: a key waits for its value */
    const char *key;
    size_t key_len;
    unsigned key_line, key_col;
    unsigned key_end_line, key_end_col; /* just past the key's text */
    bool flow;                  /* written [...] or {...}: it ends at its bracket */
    char *anchor;               /* registered when the container closes */
};

struct anchor {
    char *name;
    const struct node *node;
};

/* YAML 1.2 reads NEL, U+2028 and U+2029 as text; libyaml, which follows YAML
 * 1.1, breaks lines at them (every later line number one off from what an
 * editor shows) and folds them out of scalars.  libyaml reads a private copy
 * in which each is a stand-in of the same width that it takes for text, and
 * every scalar gets them back. */
static const struct {
    const char *real, *stand;
    size_t len;
} kept_breaks[] = {
    { "\xC2\x85", "\xCD\xB8", 2 },         /* NEL as U+0378, unassigned */
    { "\xE2\x80\xA8", "\xEF\x80\xA8", 3 }, /* U+2028 as U+F028, private use */
    { "\xE2\x80\xA9", "\xEF\x80\xA9", 3 }, /* U+2029 as U+F029 */
};

#define NKEPT (sizeof kept_breaks / sizeof kept_breaks[0])

/* The first WHAT[0..N) in S[0..LEN), or NULL. */
static char *find(const char *s, size_t len, const char *what, size_t n)
{
    for (const char *end = s + len, *p = s; (p = memchr(p, what[0], (size_t)(end - p))); p++)
        if ((size_t)(end - p) >= n && memcmp(p, what, n) == 0)
            return (char *)p;
    return NULL;
}

static bool has(const char *s, size_t len, const char *what, size_t n)
{
    return find(s, len, what, n) != NULL;
}

/* A copy of BYTES with the stand-ins in, or NULL with *NOMEM false when none
 * is needed (or when a stand-in is already in the text, which could then not
 * be told from one: libyaml reads the text as it is). */
static char *text_with_standins(const char *bytes, size_t len, bool *nomem)
{
    bool needed = false;
    *nomem = false;
    for (size_t k = 0; k < NKEPT; k++) {
        if (has(bytes, len, kept_breaks[k].stand, kept_breaks[k].len))
            return NULL;
        needed |= has(bytes, len, kept_breaks[k].real, kept_breaks[k].len);
    }
    if (!needed)
        return NULL;
    char *copy = malloc(len + 1);
    if (!copy) {
        *nomem = true;
        return NULL;
    }
    memcpy(copy, bytes, len + 1);
    for (size_t k = 0; k < NKEPT; k++)
        for (char *p = copy; (p = find(p, len - (size_t)(p - copy), kept_breaks[k].real, kept_breaks[k].len));)
            p = (char *)memcpy(p, kept_breaks[k].stand, kept_breaks[k].len) + kept_breaks[k].len;
    return copy;
}

/* Put the real characters back into S[0..LEN), in place (same widths). */
static void restore_breaks(char *s, size_t len)
{
    for (size_t k = 0; k < NKEPT; k++)
        for (char *p = s; (p = find(p, len - (size_t)(p - s), kept_breaks[k].stand, kept_breaks[k].len));)
            p = (char *)memcpy(p, kept_breaks[k].real, kept_breaks[k].len) + kept_breaks[k].len;
}

struct builder {
    bool standins;              /* libyaml reads a copy with kept_breaks' stand-ins */
    const struct source *src;   /* the text, for where block scalars end */
    struct doc *doc;
    const struct load_limits *lim;
    struct load_error *err;
    struct frame *stack;
    size_t depth, stack_cap;
    struct anchor *anchors;
    size_t nanchors, anchors_cap;
    size_t alias_nodes;         /* nodes added by alias expansion so far */
    size_t expanded;            /* the text's bytes, and those that aliases repeat so far */
    int documents;
};

static enum load_status nomem(struct builder *b)
{
    load_set_error(b->err, 1, 1, "out of memory");
    return LOAD_NOMEM;
}

static int push_kid(struct frame *f, struct node *n)
{
    void *more = grow(f->kids, &f->cap, f->n, sizeof *f->kids, 8);
    if (!more)
        return -1;
    f->kids = more;
    f->kids[f->n++] = n;
    return 0;
}

/* Hang N under the innermost open container (or make it the root). */
static enum load_status attach(struct builder *b, struct node *n)
{
    if (b->depth == 0) {
        b->doc->root = n;
        return LOAD_OK;
    }
    struct frame *f = &b->stack[b->depth - 1];
    n->parent = f->node;
    n->index = f->n;
    if (f->node->kind == NODE_OBJECT) {
        n->key = f->key;
        n->key_len = f->key_len;
        n->key_line = f->key_line;
        n->key_col = f->key_col;
        f->have_key = 0;
    }
    return push_kid(f, n) ? nomem(b) : LOAD_OK;
}

static int is_digits(const char *s, size_t len, const char *set)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!strchr(set, s[i]) || s[i] == '\0')
            return 0;
    return 1;
}

static int is_float(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        if (i >= len || s[i] < '0' || s[i] > '9')
            return 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    return i == len;
}

static int one_of(const char *s, size_t len, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == len && memcmp(*words, s, len) == 0)
            return 1;
    return 0;
}

/* Resolve a plain scalar with the YAML 1.2 core schema. */
static void resolve_plain(struct node *n, const char *s, size_t len)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
    static const char *const trues[] = { "true", "True", "TRUE", NULL };
    static const char *const falses[] = { "false", "False", "FALSE", NULL };
    static const char *const infs[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL };
    static const char *const ninfs[] = { "-.inf", "-.Inf", "-.INF", NULL };
    static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };

    if (one_of(s, len, nulls)) {
        n->kind = NODE_NULL;
    } else if (one_of(s, len, trues) || one_of(s, len, falses)) {
        n->kind = NODE_BOOL;
        n->b = s[0] == 't' || s[0] == 'T';
    } else if (one_of(s, len, infs)) {
        n->kind = NODE_REAL;
        n->d = INFINITY;
    } else if (one_of(s, len, ninfs)) {
        n->kind = NODE_REAL;
        n->d = -INFINITY;
    } else if (one_of(s, len, nans)) {
        n->kind = NODE_REAL;
        n->d = NAN;
    } else {
        size_t sign = len && (s[0] == '-' || s[0] == '+');
        int base = 0;
        const char *digits = s;
        if (is_digits(s + sign, len - sign, "0123456789")) {
            base = 10;
        } else if (len > 2 && s[0] == '0' && s[1] == 'o' && is_digits(s + 2, len - 2, "01234567")) {
            base = 8;
            digits = s + 2;
        } else if (len > 2 && s[0] == '0' && s[1] == 'x' &&
                   is_digits(s + 2, len - 2, "0123456789abcdefABCDEF")) {
            base = 16;
            digits = s + 2;
        }
        if (base) {
            errno = 0;
            long long v = strtoll(digits, NULL, base);
            if (errno == 0) {
                n->kind = NODE_INT;
                n->i = v;
            } else {
                n->kind = NODE_REAL; /* too large for an integer: keep its magnitude */
                n->d = strtod(s, NULL);
            }
        } else if (is_float(s, len)) {
            n->kind = NODE_REAL;
            n->d = strtod(s, NULL);
        }
    }
}

static int cmp_key(const void *a, const void *b)
{
    const struct node *x = *(const struct node *const *)a, *y = *(const struct node *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->key_len != y->key_len)
        return x->key_len < y->key_len ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Refuse a mapping that repeats a key, at the repeated (later) occurrence.
 * The message names where the first one is, never the key: a key may be a
 * credential pasted in the wrong place. */
static enum load_status check_duplicates(struct builder *b, struct node *obj)
{
    if (obj->n < 2)
        return LOAD_OK;
    struct node **sorted = malloc(obj->n * sizeof *sorted);
    if (!sorted)
        return nomem(b);
    memcpy(sorted, obj->kids, obj->n * sizeof *sorted);
    qsort(sorted, obj->n, sizeof *sorted, cmp_key);
    /* equal keys sort together in source order: a run's first is the original */
    const struct node *dup = NULL, *first = NULL, *run = sorted[0];
    for (size_t i = 1; i < obj->n; i++) {
        const struct node *x = sorted[i - 1], *y = sorted[i];
        if (x->key_len != y->key_len || memcmp(x->key, y->key, x->key_len) != 0) {
            run = y;
            continue;
        }
        if (!dup || y->index < dup->index) {
            dup = y;
            first = run;
        }
    }
    free(sorted);
    if (!dup)
        return LOAD_OK;
    load_set_error(b->err, dup->key_line, dup->key_col, "duplicate key; the first is at line %u, column %u",
                   first->key_line, first->key_col);
    return LOAD_SYNTAX;
}

static enum load_status add_anchor(struct builder *b, const char *name, const struct node *n)
{
    void *more = grow(b->anchors, &b->anchors_cap, b->nanchors, sizeof *b->anchors, 8);
    if (!more)
        return nomem(b);
    b->anchors = more;
    char *copy = strdup(name);
    if (!copy)
        return nomem(b);
    b->anchors[b->nanchors].name = copy;
    b->anchors[b->nanchors].node = n;
    b->nanchors++;
    return LOAD_OK;
}

enum alias_over {
    ALIAS_WITHIN,
    ALIAS_TOO_MANY_NODES,
    ALIAS_TOO_MANY_BYTES,
};

/* Add LEN repeated bytes to the expansion; false past the cap. */
static bool expand_by(struct builder *b, size_t len, enum alias_over *over)
{
    if (b->expanded > LOAD_MAX_EXPANDED_BYTES || len > LOAD_MAX_EXPANDED_BYTES - b->expanded) {
        *over = ALIAS_TOO_MANY_BYTES;
        return false;
    }
    b->expanded += len;
    return true;
}

/* Copy SRC (an anchored value) for an alias, within the expansion budget:
 * the nodes are copied (each has its own parent and place), their strings
 * and member names are shared with the anchored ones, not copied, but count
 * towards LOAD_MAX_EXPANDED_BYTES all the same, since every rule reads them
 * again and build writes them out again. */
static struct node *copy_tree(struct builder *b, const struct node *src, enum alias_over *over)
{
    if (++b->alias_nodes > b->lim->max_alias_nodes) {
        *over = ALIAS_TOO_MANY_NODES;
        return NULL;
    }
    if (src->kind == NODE_STRING && !expand_by(b, src->len, over))
        return NULL;
    struct node *n = doc_alloc(b->doc, sizeof *n);
    if (!n)
        return NULL;
    *n = *src;
    n->parent = NULL;
    if (src->n) {
        n->kids = doc_alloc(b->doc, src->n * sizeof *n->kids);
        if (!n->kids)
            return NULL;
        for (size_t i = 0; i < src->n; i++) {
            if (src->kind == NODE_OBJECT && !expand_by(b, src->kids[i]->key_len, over))
                return NULL;
            struct node *k = copy_tree(b, src->kids[i], over);
            if (!k)
                return NULL;
            k->parent = n;
            n->kids[i] = k;
        }
    }
    return n;
}

static enum load_status on_alias(struct builder *b, const yaml_event_t *ev, unsigned line, unsigned col)
{
    const char *name = (const char *)ev->data.alias.anchor;
    const struct node *target = NULL;
    const struct frame *top = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (top && top->node->kind == NODE_OBJECT && !top->have_key) {
        load_set_error(b->err, line, col, "mapping keys must be plain strings, not aliases");
        return LOAD_SYNTAX;
    }
    for (size_t i = b->nanchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0) {
            target = b->anchors[i].node;
            break;
        }
    if (!target) {
        load_set_error(b->err, line, col, "alias to an unknown anchor");
        return LOAD_SYNTAX;
    }
    enum alias_over over = ALIAS_WITHIN;
    struct node *n = copy_tree(b, target, &over);
    if (over == ALIAS_TOO_MANY_NODES) {
        load_set_error(b->err, line, col,
                       "YAML aliases expand to more than %zu values; refusing the file",
                       b->lim->max_alias_nodes);
        return LOAD_SYNTAX;
    }
    if (over == ALIAS_TOO_MANY_BYTES) {
        load_set_error(b->err, line, col,
                       "YAML aliases expand the file to more than %zu MiB, the limit of a file's "
                       "size (each alias counts the bytes it repeats); refusing the file",
                       LOAD_MAX_EXPANDED_BYTES >> 20);
        return LOAD_SYNTAX;
    }
    if (!n)
        return nomem(b);
    n->line = line;
    n->col = col;
    n->end_line = (unsigned)ev->end_mark.line + 1;
    n->end_col = (unsigned)ev->end_mark.column + 1;
    return attach(b, n);
}

/* Remember where a quoted or block scalar holding a '#' lies (see struct doc).
 * A plain scalar cannot hold one after a blank: YAML ends it there, at the
 * comment.  libyaml's marks count characters, so the span is lines and columns. */
static enum load_status note_hashed(struct builder *b, const yaml_event_t *ev)
{
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
        !memchr(ev->data.scalar.value, '#', ev->data.scalar.length))
        return LOAD_OK;
    struct doc *d = b->doc;
    void *more = grow(d->hashed, &d->hashed_cap, d->nhashed, sizeof *d->hashed, 8);
    if (!more)
        return nomem(b);
    d->hashed = more;
    struct doc_span sp = {
        (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
        (unsigned)ev->end_mark.line + 1, (unsigned)ev->end_mark.column + 1,
    };
    if (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE || ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE) {
        sp.line++; /* the header line ("|-  # a comment") is not the scalar's text */
        sp.col = 1;
    }
    d->hashed[d->nhashed++] = sp;
    return LOAD_OK;
}

/* Just past the end of the scalar of EV.  A block scalar's (| or >) mark is
 * at the start of the line after its text, or further past blank lines: it
 * ends instead at the end of its last line that holds text. */
static void scalar_end(const struct builder *b, const yaml_event_t *ev, unsigned *line, unsigned *col)
{
    *line = (unsigned)ev->end_mark.line + 1;
    *col = (unsigned)ev->end_mark.column + 1;
    if ((ev->data.scalar.style != YAML_LITERAL_SCALAR_STYLE && ev->data.scalar.style != YAML_FOLDED_SCALAR_STYLE) ||
        *col != 1)
        return;
    for (unsigned l = *line - 1; l > (unsigned)ev->start_mark.line + 1; l--) {
        size_t len = 0;
        const char *text = source_line(b->src, l, &len);
        while (text && len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
            len--;
        if (!text || !len)
            continue;
        unsigned chars = 0;
        for (size_t i = 0; i < len; i++)
            chars += ((unsigned char)text[i] & 0xC0) != 0x80; /* code points, as libyaml counts */
        *line = l;
        *col = chars + 1;
        return;
    }
}

static enum load_status on_scalar(struct builder *b, const yaml_event_t *ev, unsigned line, unsigned col)
{
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    unsigned end_line, end_col;
    scalar_end(b, ev, &end_line, &end_col);
    if (note_hashed(b, ev) != LOAD_OK)
        return LOAD_NOMEM;
    if (ev->data.scalar.tag && !ev->data.scalar.plain_implicit && !ev->data.scalar.quoted_implicit) {
        load_set_error(b->err, line, col, "YAML tags are not supported");
        return LOAD_SYNTAX;
    }
    struct frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    int is_key = f && f->node->kind == NODE_OBJECT && !f->have_key;
    if (f && f->node->kind == NODE_OBJECT && f->have_key && len == 0 &&
        ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        /* "key:" with nothing after it: libyaml places the empty value past the
         * end of the line; show the key instead */
        line = f->key_line;
        col = f->key_col;
        end_line = f->key_end_line;
        end_col = f->key_end_col;
    }
    struct node *n = doc_node(b->doc, NODE_STRING, line, col);
    char *str = n ? doc_strndup(b->doc, value, len) : NULL;
    if (!str)
        return nomem(b);
    if (b->standins)
        restore_breaks(str, len);
    n->str = str;
    n->len = len;
    n->end_line = end_line;
    n->end_col = end_col;
    if (is_key) {
        f->key = n->str;
        f->key_len = len;
        f->key_line = line;
        f->key_col = col;
        f->key_end_line = end_line;
        f->key_end_col = end_col;
        f->have_key = 1;
        /* an anchor on a key can be used as a value elsewhere */
        return ev->data.scalar.anchor ? add_anchor(b, (const char *)ev->data.scalar.anchor, n)
                                      : LOAD_OK;
    }
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        resolve_plain(n, value, len);
    if (ev->data.scalar.anchor) {
        enum load_status st = add_anchor(b, (const char *)ev->data.scalar.anchor, n);
        if (st != LOAD_OK)
            return st;
    }
    return attach(b, n);
}

static enum load_status on_start(struct builder *b, const yaml_event_t *ev, unsigned line, unsigned col)
{
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    const yaml_char_t *tag = is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    int implicit = is_map ? ev->data.mapping_start.implicit : ev->data.sequence_start.implicit;
    const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    if (tag && !implicit) {
        load_set_error(b->err, line, col, "YAML tags are not supported");
        return LOAD_SYNTAX;
    }
    struct frame *top = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (top && top->node->kind == NODE_OBJECT && !top->have_key) {
        load_set_error(b->err, line, col, "mapping keys must be plain strings");
        return LOAD_SYNTAX;
    }
    if (b->depth >= b->lim->max_depth) {
        load_set_error(b->err, line, col, "nesting deeper than %u levels", b->lim->max_depth);
        return LOAD_SYNTAX;
    }
    struct node *n = doc_node(b->doc, is_map ? NODE_OBJECT : NODE_ARRAY, line, col);
    if (!n)
        return nomem(b);
    enum load_status st = attach(b, n);
    if (st != LOAD_OK)
        return st;
    void *more = grow(b->stack, &b->stack_cap, b->depth, sizeof *b->stack, 16);
    if (!more)
        return nomem(b);
    b->stack = more;
    struct frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->flow = is_map ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                     : ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    if (anchor && !(f->anchor = strdup((const char *)anchor)))
        return nomem(b);
    return LOAD_OK;
}

/* Close the innermost container at EV: a flow one ends at its bracket, a block
 * one where its last value whose end is known ends (libyaml places a block's
 * end at the next token, past blank lines and comments). */
static enum load_status on_end(struct builder *b, const yaml_event_t *ev)
{
    struct frame *f = &b->stack[b->depth - 1];
    struct node *n = f->node;
    enum load_status st = LOAD_OK;
    if (f->flow) {
        n->end_line = (unsigned)ev->end_mark.line + 1;
        n->end_col = (unsigned)ev->end_mark.column + 1;
    }
    for (size_t i = f->n; !f->flow && i-- > 0;)
        if (f->kids[i]->end_line) {
            n->end_line = f->kids[i]->end_line;
            n->end_col = f->kids[i]->end_col;
            break;
        }
    if (f->n) {
        n->kids = doc_alloc(b->doc, f->n * sizeof *n->kids);
        if (!n->kids)
            return nomem(b);
        memcpy(n->kids, f->kids, f->n * sizeof *n->kids);
        n->n = f->n;
    }
    if (n->kind == NODE_OBJECT)
        st = check_duplicates(b, n);
    if (st == LOAD_OK && f->anchor)
        st = add_anchor(b, f->anchor, n);
    free(f->kids);
    free(f->anchor);
    b->depth--;
    return st;
}

enum load_status load_yaml(const struct source *src, const struct load_limits *lim,
                           struct doc *doc, struct load_error *err)
{
    struct builder b = { .src = src, .doc = doc, .lim = lim, .err = err, .expanded = src->len };
    yaml_parser_t parser;
    enum load_status st = LOAD_OK;
    bool nomem_copy;
    char *copy = text_with_standins(src->bytes, src->len, &nomem_copy);
    if (nomem_copy || !yaml_parser_initialize(&parser)) {
        free(copy);
        return nomem(&b);
    }
    b.standins = copy != NULL;
    yaml_parser_set_input_string(&parser, (const unsigned char *)(copy ? copy : src->bytes), src->len);
    for (int done = 0; !done && st == LOAD_OK;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            parser_error(&parser, src->bytes, src->len, err);
            st = parser.error == YAML_MEMORY_ERROR ? LOAD_NOMEM : LOAD_SYNTAX;
            break;
        }
        unsigned line = (unsigned)ev.start_mark.line + 1, col = (unsigned)ev.start_mark.column + 1;
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++b.documents > 1) {
                load_set_error(err, line, col, "more than one YAML document in a file");
                st = LOAD_SYNTAX;
            }
            break;
        case YAML_SCALAR_EVENT: st = on_scalar(&b, &ev, line, col); break;
        case YAML_ALIAS_EVENT: st = on_alias(&b, &ev, line, col); break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: st = on_start(&b, &ev, line, col); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: st = on_end(&b, &ev); break;
        case YAML_STREAM_END_EVENT: done = 1; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    free(copy);
    while (b.depth) {
        free(b.stack[b.depth - 1].kids);
        free(b.stack[b.depth - 1].anchor);
        b.depth--;
    }
    free(b.stack);
    for (size_t i = 0; i < b.nanchors; i++)
        free(b.anchors[i].name);
    free(b.anchors);
    if (st == LOAD_OK && !doc->root) {
        load_set_error(err, 1, 1, "empty file: expected a data action");
        st = LOAD_SYNTAX;
    }
    return st;
}
