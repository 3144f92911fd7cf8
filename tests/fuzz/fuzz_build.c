/* libFuzzer target: dacc build's text transformations.  The input is both a
 * template (the secret rewrite must stay in bounds, leave no "{{ secrets."
 * and be idempotent) and, when it parses as JSON, an action for the
 * Terraform emitter (the first byte chooses a custom-authentication action). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/build.h"
#include "cmd/emit_tf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t len = 0, len2 = 0;
    int bad = 0;
    char *out = build_rewrite_secrets(s, size, &len, &bad);
    if (out) {
        if (len > size + size / 4 + 16)
            __builtin_trap();
        char *again = build_rewrite_secrets(out, len, &len2, &bad);
        if (!again || len2 != len || memcmp(again, out, len) != 0)
            __builtin_trap();
        free(again);
        free(out);
    }
    size_t need = emit_tf_quote(s, size, NULL, 0);
    char *q = malloc(need + 1);
    if (q) {
        if (emit_tf_quote(s, size, q, need + 1) != need || q[need] != '\0')
            __builtin_trap();
        free(q);
    }
    json_t *action = json_loadb(s, size, JSON_ALLOW_NUL, NULL);
    if (action) {
        struct tf_action a = { "fuzz-1", action, size > 0 && (data[0] & 1) };
        size_t tlen = 0;
        char err[256];
        char *tf = emit_tf(&a, 1, &tlen, err, sizeof err);
        if (tf && strlen(tf) != tlen)
            __builtin_trap(); /* NUL bytes are escaped, never written */
        free(tf);
        json_decref(action);
    }
    return 0;
}
