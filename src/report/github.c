/* report_github.c - GitHub Actions workflow commands:
 *   ::error file=FILE,line=L,col=C,title=SLUG::MESSAGE
 * one line a finding (::warning, ::notice by severity), then, when the caps
 * of diag.h left findings out, one ::warning saying how many. */
#include "report/report.h"

static const char *command(enum severity sev)
{
    return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning" : "notice";
}

/* S escaped as GitHub's toolkit escapes a command's data (the message): '%',
 * CR and LF become %25, %0D and %0A; in a property value (PROPERTY: file,
 * title) ':' and ',' also become %3A and %2C.  Other control characters
 * (ESC, C1, bytes that are not UTF-8) are written '?': the runner splits
 * lines at CR and LF only, and a log viewer should not take escapes from a
 * file name. */
static void escaped(FILE *out, const char *s, bool property)
{
    bool control;
    for (size_t n; (n = report_clean_unit(s, &control)) > 0; s += n) {
        if (*s == '%' || *s == '\r' || *s == '\n' || (property && (*s == ':' || *s == ',')))
            fprintf(out, "%%%02X", (unsigned)(unsigned char)*s);
        else if (control)
            fputc('?', out);
        else
            fwrite(s, 1, n, out);
    }
}

int report_github(FILE *out, const struct diag *diag, const struct report_opts *ro)
{
    (void)ro;
    for (size_t i = 0; i < diag->n; i++) {
        const struct finding *f = &diag->items[i];
        fprintf(out, "::%s file=", command(f->severity));
        escaped(out, f->file, true);
        fprintf(out, ",line=%u,col=%u,title=", f->line, f->col);
        escaped(out, f->rule, true);
        fputs("::", out);
        escaped(out, f->message, false);
        fputc('\n', out);
    }
    char omitted[300];
    report_omitted_text(diag, omitted, sizeof omitted);
    if (omitted[0]) { /* one more annotation, about the run */
        fputs("::warning title=dacc::", out);
        escaped(out, omitted, false);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
