/* libFuzzer target: dacc fix's engine.  The first byte chooses the syntax
 * (bit 0: YAML, as the seeds have it), the timeout limit (bits 1-3) and
 * --unsafe (bit 4: secure: true, a token body as a form, a timeout lowered,
 * with the built-in rule data); the rest is the file.  fix_source() either
 * leaves the input alone (no text) or gives text that reads again (the engine
 * checks it is the intended tree) and that a second fix can read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ruledata.h"
#include "fix/fix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* the rule data is loaded once, as in a real run */
    static struct ruledata *rd;
    if (!rd) {
        char err[256];
        rd = ruledata_load(NULL, err, sizeof err);
    }
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct fix_opts fo = { .syntax = (data[0] & 1) ? SYNTAX_YAML : SYNTAX_JSON, .limits = &lim,
                           .max_timeout_ms = 1000L * (1 + ((data[0] >> 1) & 7)), .unsafe = (data[0] >> 4) & 1,
                           .data = rd };
    struct source src;
    if (source_from_bytes(&src, "fuzz", (const char *)data + 1, size - 1) != 0)
        return 0;
    char *out = NULL;
    size_t len = 0, n = 0;
    enum fix_status st = fix_source(&src, &fo, &out, &len, &n);
    if ((st == FIX_CHANGED) != (out != NULL) || (st == FIX_CHANGED && n == 0))
        __builtin_trap();
    if (out) {
        struct source again;
        if (source_from_bytes(&again, "fuzz", out, len) == 0) {
            struct doc doc = { 0 };
            struct load_error err;
            if (load_document(&again, fo.syntax, &lim, &doc, &err) != LOAD_OK)
                __builtin_trap();   /* a fix never yields text that does not read */
            doc_free(&doc);
            char *out2 = NULL;
            size_t len2 = 0, n2 = 0;
            enum fix_status st2 = fix_source(&again, &fo, &out2, &len2, &n2);
            if (st2 == FIX_UNREADABLE || (st2 == FIX_CHANGED && !out2))
                __builtin_trap();
            free(out2);
            source_free(&again);
        }
        free(out);
    }
    source_free(&src);
    return 0;
}
