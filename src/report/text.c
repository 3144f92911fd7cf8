/* report_text.c - FILE:LINE:COL: SEVERITY: MESSAGE [slug], the source line, a caret */
#include "report/report.h"

#include <string.h>

#include "core/termsafe.h"

#define BOLD "\033[1m"
#define RED "\033[1;31m"
#define YELLOW "\033[1;33m"
#define CYAN "\033[1;36m"
#define GREEN "\033[1;32m"
#define DIM "\033[2m"
#define RESET "\033[0m"

size_t report_clean_unit(const char *s, bool *is_control)
{
    bool safe = true;
    /* a character takes at most 4 bytes; strnlen stops at the end too */
    size_t n = *s ? termsafe_char(s, strnlen(s, 4), &safe) : 0;
    *is_control = !safe;
    return n;
}

static const char *severity_color(enum severity sev)
{
    return sev == SEV_ERROR ? RED : sev == SEV_WARNING ? YELLOW : CYAN;
}

/* The source line, then a caret under column COL (counted in code points;
 * tabs are copied so the caret lines up in a terminal).  Control characters
 * are shown as '?', one for one, so the caret stays under its column. */
static void context(FILE *out, const struct finding *f, bool color)
{
    char gutter[16];
    int w = snprintf(gutter, sizeof gutter, "%u", f->line);
    fprintf(out, " %s%s |%s ", color ? DIM : "", gutter, color ? RESET : "");
    termsafe_write(out, f->context, strlen(f->context), true);
    fputc('\n', out);
    fprintf(out, " %*s %s|%s ", w, "", color ? DIM : "", color ? RESET : "");
    unsigned col = 1;
    bool control;
    for (const char *p = f->context, *next; col < f->col; p = next, col++) {
        size_t n = report_clean_unit(p, &control);
        if (!n)
            break;
        next = p + n;
        fputc(*p == '\t' ? '\t' : ' ', out);
    }
    fprintf(out, "%s^%s\n", color ? GREEN : "", color ? RESET : "");
}

static void plural(FILE *out, size_t n, const char *word)
{
    fprintf(out, "%zu %s%s", n, word, n == 1 ? "" : "s");
}

/* True when no finding on F's line withheld the line (it may hold a secret).
 * Findings are sorted, so the line's findings sit next to each other. */
static bool line_shareable(const struct diag *diag, size_t i)
{
    const struct finding *f = &diag->items[i];
    for (size_t k = i; k > 0 && diag->items[k - 1].line == f->line && !strcmp(diag->items[k - 1].file, f->file); k--)
        if (!diag->items[k - 1].context)
            return false;
    for (size_t k = i; k < diag->n && diag->items[k].line == f->line && !strcmp(diag->items[k].file, f->file); k++)
        if (!diag->items[k].context)
            return false;
    return true;
}

/* After the summary: the files skipped as neither data actions nor flows
 * (their number, or with --verbose each), and what the baseline did. */
static void adoption_lines(FILE *out, const struct report_opts *ro)
{
    if (ro->nskipped) {
        bool one = ro->nskipped == 1;
        fprintf(out, "skipped %zu file%s that %s neither %s nor %s%s\n", ro->nskipped, one ? "" : "s",
                one ? "is" : "are", one ? "a data action" : "data actions", one ? "a flow" : "flows",
                ro->verbose ? ":" : one ? "; --verbose names it" : "; --verbose lists them");
        for (size_t i = 0; ro->verbose && i < ro->nskipped; i++) {
            fputs("  ", out);
            termsafe_write(out, ro->skipped[i], strlen(ro->skipped[i]), false);
            fputc('\n', out);
        }
    }
    const struct report_baseline *b = ro->baseline;
    if (b && b->written) {
        fprintf(out, "baseline: %zu entr%s written to ", b->entries, b->entries == 1 ? "y" : "ies");
        termsafe_write(out, b->file, strlen(b->file), false);
        fputs("; the findings in it are not reported\n", out);
    } else if (b) {
        fprintf(out, "baseline: %zu known finding%s not reported", b->matched, b->matched == 1 ? "" : "s");
        if (b->stale)
            fprintf(out, "; %zu entr%s no longer match%s (--write-baseline drops %s)", b->stale,
                    b->stale == 1 ? "y" : "ies", b->stale == 1 ? "es" : "", b->stale == 1 ? "it" : "them");
        fputc('\n', out);
    }
}

int report_text(FILE *out, const struct diag *diag, const struct report_opts *ro)
{
    bool color = ro->color;
    for (size_t i = 0; i < diag->n; i++) {
        const struct finding *f = &diag->items[i];
        /* a file name or a quoted name may hold ESC or a newline (which could
         * forge a line, a GitHub workflow command say): never raw */
        fputs(color ? BOLD : "", out);
        termsafe_write(out, f->file, strlen(f->file), false);
        fprintf(out, ":%u:%u:%s %s%s:%s ", f->line, f->col, color ? RESET : "",
                color ? severity_color(f->severity) : "", severity_name(f->severity), color ? RESET : "");
        termsafe_write(out, f->message, strlen(f->message), false);
        fprintf(out, " %s[%s]%s\n", color ? DIM : "", f->rule, color ? RESET : "");
        if (!ro->quiet && f->context && line_shareable(diag, i))
            context(out, f, color);
    }
    if (!ro->quiet) {
        size_t errors = diag_count(diag, SEV_ERROR), warnings = diag_count(diag, SEV_WARNING),
               notes = diag_count(diag, SEV_NOTE);
        if (diag->n)
            fputc('\n', out);
        plural(out, diag->files, "file");
        fputs(", ", out);
        plural(out, diag->actions, "action");
        fputs(": ", out);
        if (errors + warnings + notes == 0 && diag->unread) {
            /* not "no problems": what could not be read was not checked */
            plural(out, diag->unread, "input");
            fputs(" could not be read (said above)\n", out);
        } else if (errors + warnings + notes == 0) {
            fputs("no problems\n", out);
        } else {
            plural(out, errors, "error");
            fputs(", ", out);
            plural(out, warnings, "warning");
            if (notes) {
                fputs(", ", out);
                plural(out, notes, "note");
            }
            char omitted[300];
            report_omitted_text(diag, omitted, sizeof omitted);
            if (omitted[0])
                fprintf(out, "; %s", omitted);
            fputc('\n', out);
        }
        adoption_lines(out, ro);
    }
    return ferror(out) ? -1 : 0;
}
