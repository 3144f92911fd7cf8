/* libFuzzer target: the Velocity / placeholder / form-body scanner.  Checks
 * that every span it reports lies inside the text and that scanning always
 * moves forward. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_refs(const char *s, size_t from, size_t to, int depth)
{
    size_t pos = from;
    struct tpl_ref ref;
    while (depth < 8 && tpl_next(s, to, &pos, &ref)) {
        if (ref.start < from || ref.end > to || ref.start >= ref.end || pos != ref.end)
            __builtin_trap();
        if (ref.inner_end > ref.inner_start) {
            if (ref.inner_start < ref.start || ref.inner_end > ref.end)
                __builtin_trap();
            check_refs(s, ref.inner_start, ref.inner_end, depth + 1);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    check_refs(s, 0, size, 0);
    if (tpl_literal_len(s, size) > size)
        __builtin_trap();
    char out[256];
    if (tpl_strip(s, size, out, sizeof out, "X") >= sizeof out || tpl_url_decode(s, size, out, sizeof out) >= sizeof out)
        __builtin_trap();
    size_t pos = 0, last = 0;
    struct tpl_param p;
    while (tpl_form_next(s, size, &pos, &p)) {
        if (p.key_start > p.key_end || p.key_end > p.value_start || p.value_start > p.value_end ||
            p.value_end > size || pos <= last || p.key_start < last)
            __builtin_trap();
        last = pos;
    }
    (void)tpl_is_form(s, size);
    size_t len, bare[8], nbare;
    char *sample = tpl_json_sample(s, size, &len, bare, &nbare, 8);
    if (sample && (strlen(sample) > len || nbare > 8))
        __builtin_trap();
    free(sample);
    free(s);
    return 0;
}
