/* libFuzzer target: the whole pipeline.  The first input byte chooses the
 * syntax (bit 0: YAML), the report format (bits 1-2), colour (bit 3) and -q
 * (bit 4); the rest is the file.  Load -> every rule -> a report. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "core/diag.h"
#include "cmd/lint.h"
#include "report/report.h"

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
    static const enum format formats[] = { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_GITHUB };
    opt.format = formats[(mode >> 1) & 3];
    opt.quiet = (mode & 16) != 0;
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
            struct report_opts ro = { .color = (mode & 8) != 0, .quiet = opt.quiet };
            report_write(opt.format, out, &diag, &ro);
            fclose(out);
        }
    }
    diag_free(&diag);
    source_free(&src);
    return 0;
}
