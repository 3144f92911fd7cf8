/* libFuzzer target: dacc pull's entity -> export normaliser, its JSON and
 * YAML bytes, and the pointer diff (src/live/pull_export.c).  The first byte
 * chooses whether an integration type is given and whether the entity is an
 * org's; the rest is the entity as JSON.  Checks: an export starts with its
 * name and holds no server-owned member nor category; exporting an export
 * changes nothing; its JSON bytes read back equal to it (no pointer
 * differs) and are the same every time; its YAML bytes are YAML that dacc's
 * loader reads, with as many members; a value never differs from itself. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/load.h"
#include "core/source.h"
#include "live/pull_export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(void *ctx, const char *pointer)
{
    (void)pointer;
    ++*(size_t *)ctx;
}

/* TEXT[0..LEN) read by dacc's own loader in SYNTAX: its root's member count,
 * or -1 when it cannot be read. */
static long loaded_members(const char *text, size_t len, enum load_syntax syntax)
{
    struct source src;
    struct doc doc = { 0 };
    struct load_error err;
    struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    if (source_from_bytes(&src, "export", text, len) != 0)
        return -1;
    long n = -1;
    if (load_document(&src, syntax, &lim, &doc, &err) == LOAD_OK && doc.root && doc.root->kind == NODE_OBJECT)
        n = (long)doc.root->n;
    doc_free(&doc);
    source_free(&src);
    return n;
}

static void check_export(const json_t *x)
{
    static const char *const dropped[] = { "id", "selfUri", "version", "integrationId", "category" };
    const char *first;
    json_t *v;
    json_object_foreach((json_t *)x, first, v) {
        break;
    }
    if (!first || strcmp(first, "name") != 0)
        abort();
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        if (json_object_get(x, dropped[i]))
            abort();
    char why[160];
    json_t *again = pull_export(x, NULL, false, why, sizeof why);
    if (!again || !json_equal(again, (json_t *)x))
        abort();
    json_decref(again);
    size_t n = 0;
    if (pull_diff(x, x, count, &n, 10) != 0 || n != 0)
        abort();
}

static void check_bytes(const json_t *x)
{
    char why[160];
    size_t len = 0, len2 = 0;
    char *text = pull_export_text(x, false, &len, why, sizeof why);
    char *text2 = pull_export_text(x, false, &len2, why, sizeof why);
    if (!text || !text2 || len != len2 || memcmp(text, text2, len) != 0 || text[len - 1] != '\n')
        abort();
    json_t *back = json_loadb(text, len, 0, NULL);
    size_t n = 0;
    if (!back || pull_diff(x, back, count, &n, 10) != 0 || n != 0)
        abort();
    json_decref(back);
    if (loaded_members(text, len, SYNTAX_JSON) != (long)json_object_size(x))
        abort();
    free(text);
    free(text2);
    char *yaml = pull_export_text(x, true, &len, why, sizeof why);
    /* the emitter refuses nothing jansson took; dacc's loader reads what it wrote */
    if (!yaml || loaded_members(yaml, len, SYNTAX_YAML) != (long)json_object_size(x))
        abort();
    free(yaml);
}

/* How deep V nests (dacc's loader takes 256 levels). */
static size_t depth(const json_t *v)
{
    size_t most = 0, i;
    const char *k;
    json_t *m;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, k, m) {
            size_t d = depth(m);
            most = d > most ? d : most;
        }
    } else if (json_is_array(v)) {
        json_array_foreach((json_t *)v, i, m) {
            size_t d = depth(m);
            most = d > most ? d : most;
        }
    }
    return most + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    json_t *entity = json_loadb((const char *)data + 1, size - 1, 0, NULL);
    if (!entity || depth(entity) > 200) {
        json_decref(entity);
        return 0;
    }
    char why[160];
    json_t *x = pull_export(entity, (data[0] & 1) ? "custom-rest-actions" : NULL, (data[0] & 2) != 0, why, sizeof why);
    if (x) {
        check_export(x);
        check_bytes(x);
        size_t n = 0;
        if (pull_diff(x, entity, count, &n, 3) < 0 || n > 3)
            abort();
    } else if (json_is_object(entity) && json_string_length(json_object_get(entity, "name")) > 0 &&
               strcmp(why, "out of memory") != 0) {
        abort(); /* an object with a name is always an action */
    }
    json_decref(x);
    json_decref(entity);
    return 0;
}
