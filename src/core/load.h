/* load.h - turning a source into a document tree, for either syntax */
#ifndef DACC_LOAD_H
#define DACC_LOAD_H

#include "core/node.h"
#include "core/source.h"

enum load_syntax {
    SYNTAX_JSON,
    SYNTAX_YAML,
};

struct load_limits {
    unsigned max_depth;          /* deepest nesting accepted (default 256) */
    size_t max_alias_nodes;      /* nodes that YAML aliases may add, in all */
};

#define LOAD_DEFAULT_MAX_DEPTH 256
#define LOAD_DEFAULT_MAX_ALIAS_NODES 10000

/* The most a YAML document may amount to once its aliases are expanded: its
 * own bytes and the bytes of every string and member name an alias repeats.
 * The same 16 MiB as a file: a file of 1 MB that repeats one string of 1 MB
 * a thousand times is not a file of 1 MB to the rules, nor to build. */
#define LOAD_MAX_EXPANDED_BYTES ((size_t)16 << 20)

/* Where and why a source is not a readable document.  The message never
 * quotes the source text (it might hold a secret). */
struct load_error {
    unsigned line, col;
    char msg[200];
};

enum load_status {
    LOAD_OK,
    LOAD_SYNTAX,   /* ERR is filled; DOC holds nothing */
    LOAD_NOMEM,
};

/* The syntax a file name asks for: .json is JSON, .yaml/.yml is YAML; any other
 * name (or none) is decided by the first significant byte of the text. */
enum load_syntax load_guess_syntax(const char *name, const struct source *src);

/* True when SRC holds nothing but white space (after a byte order mark) and,
 * in YAML, comments: no document at all. */
bool load_is_blank(const struct source *src, enum load_syntax syntax);

/* Parse SRC into DOC (which must be zeroed).  On LOAD_OK the caller owns the
 * tree and frees it with doc_free(). */
enum load_status load_document(const struct source *src, enum load_syntax syntax,
                               const struct load_limits *lim, struct doc *doc,
                               struct load_error *err);

/* A jansson error text without its "near '...'" tail, which quotes the input
 * (and so might quote a secret). */
void load_json_reason(char *out, size_t outlen, const char *jansson_text);


#endif
