/* libFuzzer target: the JSON loader (jansson validation + one cursor pass for
 * positions): every value and member name it loads lies in the text. */
#include <stdint.h>

#include "core/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether LINE:COL lies in the text: a line of it, and at most one column past its end. */
static int inside(const struct source *src, unsigned line, unsigned col)
{
    size_t len;
    return line && col && source_line(src, line, &len) && col <= len + 1;
}

/* Every value and member name of N's tree starts inside the text. */
static void check_positions(const struct source *src, const struct node *n)
{
    if (!inside(src, n->line, n->col))
        __builtin_trap();
    if (n->parent && n->parent->kind == NODE_OBJECT && !inside(src, n->key_line, n->key_col))
        __builtin_trap();
    for (size_t i = 0; i < n->n; i++)
        check_positions(src, n->kids[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct source src;
    if (source_from_bytes(&src, "fuzz.json", (const char *)data, size) != 0)
        return 0;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    if (load_document(&src, SYNTAX_JSON, &lim, &doc, &err) == LOAD_OK) {
        check_positions(&src, doc.root);
        doc_free(&doc);
    } else if (err.line == 0 || err.col == 0 || !err.msg[0]) {
        __builtin_trap(); /* a refusal always says where and why */
    }
    source_free(&src);
    return 0;
}
