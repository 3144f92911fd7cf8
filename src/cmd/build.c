/* build.c - dacc build: lint, then every action of the files lint read built
 * in memory, then (only when all have built) the output directory written;
 * the order of those steps is build_run() */
#include "cmd/build.h"
#include "cmd/build_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/lint.h"
#include "core/action.h"
#include "core/load.h"
#include "core/termsafe.h"
#include "flow/flow.h"
#include "report/report.h"

static void build_free(struct build *b)
{
    for (size_t i = 0; i < b->n; i++)
        build_item_free(&b->items[i]);
    free(b->items);
    for (size_t i = 0; i < b->nuses; i++) {
        free(b->uses[i].name);
        free(b->uses[i].pointer);
    }
    free(b->uses);
}

/* Load every file that lint read, again, and build its actions, from the
 * bytes lint checked only: a file whose bytes changed since (swapped in
 * between) stops the build (*CHANGED set, said in one line).  Returns the
 * number of files that could not be read (printed), or -1 out of memory. */
static int collect(struct build *b, bool *changed)
{
    const struct options *opt = b->opt;
    struct walk_record *rec = b->rec;
    int problems = 0;
    *changed = false;
    for (size_t f = 0; f < rec->files.n && problems >= 0 && !*changed; f++) {
        const char *path = rec->files.paths[f];
        char shown[1024], out[1024];
        struct source src;
        char why[256];
        if (source_read(&src, path, path, opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
            cli_error("%s: %s", termsafe_escape(path, shown, sizeof shown), why);
            problems++;
            continue;
        }
        enum walk_check same = walk_record_check(rec, path, src.bytes, src.len);
        if (same != WALK_SAME) {
            cli_error("%s changed after lint read it; nothing written to '%s': run the build again once the "
                      "inputs stay put", termsafe_escape(path, shown, sizeof shown),
                      termsafe_escape(opt->output_dir, out, sizeof out));
            *changed = true;
            source_free(&src);
            break;
        }
        struct doc doc = { 0 };
        struct load_error lerr = { 0 };
        enum load_status st = load_document(&src, load_guess_syntax(src.name, &src), &opt->limits, &doc, &lerr);
        /* an Architect flow was checked by lint against the actions; it builds to nothing */
        int flow = st == LOAD_NOMEM ? 0 : flow_source_is_flow(&src, &doc, st, NULL, &opt->limits, opt->max_file_bytes);
        if (st == LOAD_NOMEM || flow < 0) {
            problems = -1;
        } else if (st == LOAD_SYNTAX && !flow) {
            /* lint let it pass: the syntax rule is off */
            char msg[1024];
            cli_error("%s:%u:%u: %s; it cannot be built", termsafe_escape(path, shown, sizeof shown), lerr.line,
                      lerr.col, termsafe_escape(lerr.msg, msg, sizeof msg));
            b->refused++;
        } else if (!flow && !lint_skips(doc.root)) { /* a file lint skipped is no action either */
            const struct node *root = doc.root, *list = action_list(root);
            if (list) {
                for (size_t i = 0; i < list->n && problems >= 0; i++)
                    if (build_add_action(b, src.name, list->kids[i], i) != 0)
                        problems = -1;
            } else if (build_add_action(b, src.name, root, 0) != 0) {
                problems = -1;
            }
        }
        doc_free(&doc);
        source_free(&src);
    }
    return problems;
}

static int cmp_items(const void *a, const void *b)
{
    return strcmp(((const struct item *)a)->file, ((const struct item *)b)->file);
}

/* Two actions that would write one file: an error naming both. */
static size_t conflicts(const struct build *b)
{
    size_t n = 0;
    for (size_t i = 1; i < b->n; i++) {
        const struct item *x = &b->items[i - 1], *y = &b->items[i];
        if (strcmp(x->file, y->file) == 0) {
            /* names are not quoted, nor the file made from them: with duplicate-name
             * off, nothing said whether they may hold a secret */
            cli_error("the actions at %s and %s build to one import file; rename one of them (the "
                      "duplicate-name rule names them)", x->origin, y->origin);
            n++;
        }
    }
    return n;
}

/* What lint found, when it does not fail the build: shown on standard error
 * beside the text summary; as the whole report in the formats made for CI (a
 * SARIF log even when it is empty); json counts them.  Returns 0, or -1 after
 * saying that standard output could not be written. */
static int show_findings(const struct options *opt, const struct diag *diag)
{
    if (opt->format == FORMAT_SARIF || (opt->format == FORMAT_GITHUB && diag->n)) {
        struct report_opts ro = cli_report_opts(opt, STDOUT_FILENO);
        if (report_write(opt->format, stdout, diag, &ro) != 0) {
            cli_error("cannot write the report to standard output");
            return -1;
        }
    } else if (opt->format == FORMAT_TEXT && diag->n) {
        struct report_opts ro = cli_report_opts(opt, STDERR_FILENO);
        report_text(stderr, diag, &ro);
    }
    return 0;
}

/* Build every action lint read, and write them when all have built.
 * Returns an exit status. */
static int build_all(struct build *b, const struct diag *lint, const char *shown_out)
{
    const struct options *opt = b->opt;
    bool changed = false;
    if (build_output_outside_inputs(opt, b->rec) != 0) /* now by what the walk entered too */
        return EXIT_TROUBLE; /* said already */
    int unread = collect(b, &changed);
    if (changed)
        return EXIT_TROUBLE; /* said already */
    if (unread < 0) {
        cli_error("out of memory");
        return EXIT_TROUBLE;
    }
    if (unread > 0) {
        cli_error("nothing written to '%s': some input could not be read", shown_out);
        return EXIT_TROUBLE;
    }
    if (b->n > 1)
        qsort(b->items, b->n, sizeof *b->items, cmp_items);
    size_t clashes = conflicts(b);
    if (b->refused || clashes) {
        /* the rules that would have said so are off: the reasons are on
         * standard error, and a JSON report still fills standard output */
        struct report_opts ro = cli_report_opts(opt, STDOUT_FILENO);
        if (opt->format == FORMAT_JSON && report_write(opt->format, stdout, lint, &ro) != 0)
            cli_error("cannot write the report to standard output");
        cli_error("nothing written to '%s': %zu problem%s above", shown_out, b->refused + clashes,
                  build_plural(b->refused + clashes));
        return EXIT_FINDINGS;
    }
    return build_write_all(b, lint);
}

int build_run(const struct options *opt)
{
    if (build_output_outside_inputs(opt, NULL) != 0)
        return EXIT_TROUBLE;
    /* lint keeps a digest of each file it read, and what its walk saw, to
     * build from those bytes only */
    struct walk_record rec;
    if (walk_record_init(&rec) != 0) {
        cli_error("out of memory");
        return EXIT_TROUBLE;
    }
    struct options lopt = *opt;
    lopt.lint_record = &rec;
    struct lint_outcome lint;
    if (lint_run(&lopt, &lint) != 0) {
        walk_record_free(&rec);
        return EXIT_TROUBLE;
    }
    int status;
    char shown_out[1024];
    termsafe_escape(opt->output_dir, shown_out, sizeof shown_out);
    if (lint.fails || lint.problems) {
        /* the lint report, exactly as `dacc lint` prints it */
        struct report_opts ro = lint_report_opts(opt, &lint, STDOUT_FILENO);
        if (report_write(opt->format, stdout, &lint.diag, &ro) != 0)
            cli_error("cannot write the report to standard output");
        cli_error("nothing written to '%s': %s", shown_out,
                  lint.problems ? "some input could not be read" : "fix the findings above first");
        status = lint.problems ? EXIT_TROUBLE : EXIT_FINDINGS;
    } else if (show_findings(opt, &lint.diag) != 0) {
        status = EXIT_TROUBLE;
    } else {
        struct build b = { .opt = opt, .rec = &rec, .config_category = lint.build_category };
        status = build_all(&b, &lint.diag, shown_out);
        build_free(&b);
    }
    lint_outcome_free(&lint);
    walk_record_free(&rec);
    return status;
}
