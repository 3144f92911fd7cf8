/* libFuzzer target: the whole pipeline.  The first input byte chooses the
 * syntax (JSON or YAML), the report format and whether -q is on; the rest is
 * the file.  Load -> every rule -> every report, with nothing leaked. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "lint.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* the rule data is loaded and compiled once, as in a real run */
    static struct options opt;
    static struct lint_env env;
    static int ready;
    uint8_t mode = data[0];
    if (!ready) {
        if (lint_env_init(&env, &opt) != 0)
            return 0;
        ready = 1;
    }
    opt.command = CMD_LINT;
    opt.format = mode & 2 ? FORMAT_JSON : FORMAT_TEXT;
    opt.quiet = (mode & 4) != 0;
    opt.max_file_bytes = DACC_DEFAULT_MAX_FILE_BYTES;
    opt.limits.max_depth = LOAD_DEFAULT_MAX_DEPTH;
    opt.limits.max_alias_nodes = LOAD_DEFAULT_MAX_ALIAS_NODES;

    struct source src;
    if (source_from_bytes(&src, mode & 1 ? "fuzz.yaml" : "fuzz.json", (const char *)data + 1, size - 1) != 0)
        return 0;
    struct diag diag = { 0 };
    if (lint_source(&env, &src, &diag) == 0) {
        diag_sort(&diag);
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            if (opt.format == FORMAT_JSON)
                report_json(out, &diag, &opt);
            else
                report_text(out, &diag, &opt, (mode & 8) != 0);
            fclose(out);
        }
    }
    diag_free(&diag);
    source_free(&src);
    return 0;
}
