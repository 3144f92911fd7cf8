/* walk.h - expanding the command line's paths into the files to read */
#ifndef DACC_WALK_H
#define DACC_WALK_H

#include <stdbool.h>
#include <stddef.h>

struct file_list {
    char **paths;     /* owned; each malloc'd */
    size_t n, cap;
};

/* Whether PATH (a command-line path, "-" included, or a directory or file the
 * walk came to) is left out, with CTX from the caller: .dacc.yaml's excludes. */
typedef bool walk_excluded_fn(const void *ctx, const char *path);

/* Add the N command-line PATHS to LIST, each file once however many ways it
 * was named (a directory and a file in it, "a.json ./a.json", a symlink and
 * its target: the first name stays; "-" once).  A directory is walked recursively in
 * byte order of names, keeping .json, .yaml and .yml files, skipping hidden
 * entries and node_modules, and entering each directory once (symlink loops
 * end there).  Any other path is added as it is ("-" included).  A path
 * EXCLUDED (when not NULL) says is left out before it is looked at: an
 * excluded directory is not entered, so nothing in it can fail the run.
 * Returns the number of problems printed with cli_error() (an unreadable
 * directory or file), or -1 when memory ran out. */
int walk_paths(struct file_list *list, char *const *paths, size_t n, walk_excluded_fn *excluded, const void *ctx);

void walk_free(struct file_list *list);

#endif
