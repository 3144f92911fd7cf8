/* libFuzzer target: dacc live's template renderer and JSONPath subset.  The
 * first byte chooses strict or lenient rendering.  Checks that the masked
 * text never holds the secret, that lengths agree, and that a JSONPath is
 * evaluated or refused without fault. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "live/jsonpath.h"
#include "live/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "Zq7-secret-Zq7"

static const char *lookup(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    (void)ctx;
    (void)name;
    if (kind == RENDER_SECRET)
        return SECRET;
    if (kind == RENDER_INPUT)
        return len == 1 ? "a b&c" : NULL;
    return len == 5 ? "[1,2]" : NULL;
}

static char *escape(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    char *out = malloc(len * 3 + 1);
    size_t o = 0;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; out && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    if (out)
        out[o] = '\0';
    return out;
}

/* render.h's derived: the forms the secret is sent in, kept to be looked for
 * in the masked text (the first few, each whole or not at all) */
struct seen {
    char text[16][256];
    size_t n;
};

static void derived(void *ctx, const char *text, size_t len)
{
    struct seen *seen = ctx;
    if (seen->n < 16 && len < sizeof seen->text[0]) {
        memcpy(seen->text[seen->n], text, len);
        seen->text[seen->n++][len] = '\0';
    }
}

static bool contains(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, word, n) == 0)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static struct seen seen;
    seen.n = 0;
    struct render_vars vars = {
        .lookup = lookup, .url_escape = escape, .derived = derived, .ctx = &seen, .lenient = data[0] & 1,
    };
    const char *s = (const char *)data + 1;
    size_t len = size - 1;
    struct render_result out;
    struct render_error err;
    if (render_template(s, len, &vars, &out, &err) == RENDER_OK) {
        if (strlen(out.text) > out.len || strlen(out.shown) > out.shown_len)
            __builtin_trap();
        /* the secret may only show in the masked text where the template itself spelled it */
        if (strstr(out.shown, SECRET) && !contains(s, len, SECRET))
            __builtin_trap();
        /* nor a form it was sent in (each holds the whole secret, encoded), unless the
         * template's own text may encode to it: every form of the secret holds its 'Z'
         * (as 'Z', "%5A" or in base64 of it), which a template without a 'Z' cannot
         * write ($esc.url("Zq7-secret-Zq7") is the template spelling it) */
        for (size_t i = 0; !memchr(s, 'Z', len) && i < seen.n; i++)
            if (strlen(seen.text[i]) >= 8 && strstr(out.shown, seen.text[i]) && !contains(s, len, seen.text[i]))
                __builtin_trap();
        render_result_free(&out);
    }
    char *path = malloc(len + 1);
    json_t *doc = json_loads("{\"a\":[{\"b\":1},{\"b\":[2,3]}],\"c\":{\"d\":null}}", 0, NULL);
    if (path && doc) {
        memcpy(path, s, len);
        path[len] = '\0';
        json_t *found = NULL;
        bool definite;
        if (jsonpath_eval(doc, path, &found, &definite) == JSONPATH_OK && !json_is_array(found))
            __builtin_trap();
        json_decref(found);
    }
    json_decref(doc);
    free(path);
    return 0;
}
