/* node.h - the one node model shared by the JSON and YAML loaders
 *
 * A document owns every node and every string in it (one arena, one free).
 * Each node knows its 1-based line and column (in code points) in the source
 * text, where it ends, its parent and its member name or index, so a JSON Pointer can be
 * derived for any node without storing one.
 */
#ifndef DACC_NODE_H
#define DACC_NODE_H

#include <stdbool.h>
#include <stddef.h>

enum node_kind {
    NODE_NULL,
    NODE_BOOL,
    NODE_INT,
    NODE_REAL,
    NODE_STRING,
    NODE_ARRAY,
    NODE_OBJECT,
};

struct node {
    enum node_kind kind;
    unsigned line, col;          /* where the value starts */
    unsigned end_line, end_col;  /* just past where it ends (a string's closing quote, a '}'); 0 when not
                                    known: an empty YAML value, a node made by the code */
    struct node *parent;         /* NULL for the document root */
    const char *key;             /* member name when the parent is an object */
    size_t key_len;
    unsigned key_line, key_col;  /* where the member name starts */
    bool key_hidden;             /* the member name looks like a credential (conceal.h): messages
                                    call it "#INDEX" and pointers stop at the parent */
    bool ref_hidden;             /* NODE_STRING: a reference in it is named like a credential (conceal.h) */
    size_t index;                /* index in the parent's children */
    bool b;                      /* NODE_BOOL */
    long long i;                 /* NODE_INT */
    double d;                    /* NODE_REAL */
    const char *str;             /* NODE_STRING: bytes, NUL-terminated; may hold NULs */
    size_t len;
    struct node **kids;          /* NODE_ARRAY items or NODE_OBJECT members, in source order */
    size_t n;
};

struct arena_block;

/* A stretch of source text from line:col up to (not including) end_line:end_col;
 * lines 1-based, columns 1-based in code points, as every position here. */
struct doc_span {
    unsigned line, col, end_line, end_col;
};

struct doc {
    struct arena_block *blocks;
    struct node *root;
    /* YAML only: the quoted and block scalars (keys and values) that hold a
     * '#', in source order, so that a "# dacc:ignore" inside a value is not
     * taken for a comment.  Owned by the doc (heap), freed by doc_free(). */
    struct doc_span *hashed;
    size_t nhashed, hashed_cap;
};

/* Allocation inside a document; these return NULL only when memory runs out. */
void *doc_alloc(struct doc *doc, size_t size);
char *doc_strndup(struct doc *doc, const char *s, size_t len);
struct node *doc_node(struct doc *doc, enum node_kind kind, unsigned line, unsigned col);

/* Free every node and string of DOC (accepts NULL); DOC itself is the caller's. */
void doc_free(struct doc *doc);

/* Member KEY of object OBJ, or NULL (also when OBJ is NULL or not an object). */
const struct node *node_get(const struct node *obj, const char *key);

/* Member KEY compared without regard to ASCII case (header names). */
const struct node *node_get_nocase(const struct node *obj, const char *key);

/* Follow "a/b/c" from OBJ through nested objects; NULL if any step is missing. */
const struct node *node_path(const struct node *obj, const char *path);

/* The string value of N, or NULL when N is not a string. */
const char *node_string(const struct node *n);

const char *node_kind_name(enum node_kind kind);

/* S[0..LEN) made fit for a one-line message: control characters become '?',
 * and long text is cut short with "...".  Returns OUT. */
char *node_text_fit(const char *s, size_t len, char *out, size_t outlen);

/* node_text_fit() of N's member name, or "#INDEX" when it is hidden. */
char *node_key_text(const struct node *n, char *out, size_t outlen);

/* The JSON Pointer (RFC 6901) of N relative to its ancestor BASE, followed by
 * "/MEMBER" when MEMBER is not NULL; below a hidden member name, the pointer
 * of the object that holds it (the name is never shown).  The caller frees
 * the result. */
char *node_pointer(const struct node *base, const struct node *n, const char *member);

/* The node at JSON Pointer PTR (RFC 6901, as findings give them) relative to
 * BASE, or NULL when there is none: object members by name, array items by
 * decimal index. */
const struct node *node_at_pointer(const struct node *base, const char *ptr);

#endif
