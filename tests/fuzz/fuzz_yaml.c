/* libFuzzer target: the YAML loader (libyaml, core schema, aliases under a cap). */
#include <stdint.h>

#include "core/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct source src;
    if (source_from_bytes(&src, "fuzz.yaml", (const char *)data, size) != 0)
        return 0;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    if (load_document(&src, SYNTAX_YAML, &lim, &doc, &err) == LOAD_OK) {
        /* every position lies inside the text */
        if (doc.root->line == 0 || doc.root->col == 0)
            __builtin_trap();
        doc_free(&doc);
    } else if (err.line == 0 || err.col == 0 || !err.msg[0]) {
        __builtin_trap(); /* a refusal always says where and why */
    }
    source_free(&src);
    return 0;
}
