/* walk.h - expanding the command line's paths into the files to read */
#ifndef DACC_WALK_H
#define DACC_WALK_H

#include <stddef.h>

struct file_list {
    char **paths;     /* owned; each malloc'd */
    size_t n, cap;
};

/* Add PATH to LIST: a directory is walked recursively in byte order of names,
 * keeping .json, .yaml and .yml files, skipping hidden entries and
 * node_modules, and entering each directory once (symlink loops end there).
 * Any other path is added as it is ("-" included).  Returns the number of
 * problems printed with cli_error() (an unreadable directory), or -1 when
 * memory ran out. */
int walk_add(struct file_list *list, const char *path);

void walk_free(struct file_list *list);

#endif
