/* sarif_int.h - what sarif.c takes from sarif_text.c: rule descriptions
 * derived from the explain text, and file names as paths under %SRCROOT% */
#ifndef DACC_SARIF_INT_H
#define DACC_SARIF_INT_H

#include <stdbool.h>
#include <stddef.h>

/* GitHub code scanning takes a rule's shortDescription and fullDescription
 * up to 1,024 characters. */
#define REPORT_SARIF_TEXT_MAX 1024

/* The "What it checks" part of EXPLAIN as plain text (its lines joined, its
 * paragraphs kept), cut after the last whole sentence within
 * REPORT_SARIF_TEXT_MAX bytes.  The caller frees it; NULL when memory runs out. */
char *report_sarif_full_description(const char *explain);

/* EXPLAIN as Markdown: bold headings, escaped prose, the Bad and Good
 * examples as code blocks.  The caller frees it; NULL when memory runs out. */
char *report_sarif_help_markdown(const char *explain);

/* SLUG as a rule name: "plaintext-secret" is "PlaintextSecret".  The caller
 * frees it; NULL when memory runs out. */
char *report_sarif_rule_name(const char *slug);

/* Where files are: %SRCROOT% and the working directory (absolute, symbolic
 * links resolved), and the last file asked about (findings come by file). */
struct report_sarif_paths {
    char *cwd;
    char *root;
    char *file;     /* the last name asked about, and its answer */
    char *path;
    bool based;
};

/* SRCROOT is --srcroot DIR, or NULL: the git work tree holding the working
 * directory (a .git upward), else the working directory.  Returns 0, or -1
 * when memory runs out; report_sarif_paths_free() releases SP either way. */
int report_sarif_paths_init(struct report_sarif_paths *sp, const char *srcroot);
void report_sarif_paths_free(struct report_sarif_paths *sp);

/* FILE (a name as findings give it) as *PATH: relative to %SRCROOT% (*BASED)
 * when the file lies under it, else absolute; symbolic links and ".." are
 * resolved (lexically for a name that is not a file, "<stdin>" kept as it
 * is).  *PATH is SP's until the next call.  Returns 0, or -1 when memory
 * runs out. */
int report_sarif_path(struct report_sarif_paths *sp, const char *file, const char **path, bool *based);

#endif
