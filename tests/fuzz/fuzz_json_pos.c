/* libFuzzer target: JSON positions from one pass (load_json(), a cursor over
 * the text jansson accepted) against the libyaml position pass they replaced
 * (json_pos_ref.h): on every input, both load the same tree with the same
 * values, positions and ends, or both refuse it at the same place with the
 * same message.  The one difference allowed is valid JSON with a member name's
 * ':' on a later line, which libyaml could not follow and the cursor places.
 * A first byte 0x01 or 0x02 (the seeds' mode byte) is skipped; 0x03 is skipped
 * and limits nesting to 3 levels, so that the depth refusal is compared too. */
#include <stdint.h>
#include <stdio.h>

#include "json_pos_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    if (size && data[0] >= 1 && data[0] <= 3) {
        if (data[0] == 3)
            lim.max_depth = 3;
        data++;
        size--;
    }
    struct source src;
    if (source_from_bytes(&src, "fuzz.json", (const char *)data, size) != 0)
        return 0;
    char why[512];
    if (ref_compare(&src, &lim, why, sizeof why) == REF_DIFFERENT) {
        fprintf(stderr, "json positions: %s\n", why);
        __builtin_trap();
    }
    source_free(&src);
    return 0;
}
