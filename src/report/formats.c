/* formats.c - the one table of output formats: --format, --help, dacc lint
 * and dacc build all go by it */
#include "report/report.h"

#include <string.h>

const struct report_format report_formats[FORMAT_COUNT] = {
    [FORMAT_TEXT] = { "text", NULL, report_text },
    [FORMAT_JSON] = { "json", NULL, report_json },
    [FORMAT_SARIF] = { "sarif", "(SARIF 2.1.0)", report_sarif },
    [FORMAT_GITHUB] = { "github", "(Actions annotations)", report_github },
};

bool report_format_find(const char *name, enum format *out)
{
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        if (strcmp(report_formats[i].name, name) == 0) {
            *out = (enum format)i;
            return true;
        }
    }
    return false;
}

int report_write(enum format format, FILE *out, const struct diag *diag, const struct report_opts *ro)
{
    return report_formats[format].write(out, diag, ro);
}
