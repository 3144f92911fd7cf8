/* walk.c - directory walking */
#include "walk.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fsutil.h"
#include "grow.h"

struct seen {
    dev_t dev;
    ino_t ino;
};

struct walker {
    struct file_list *list;
    struct seen *seen;
    size_t nseen, seen_cap;
    int problems;
};

static int push(struct file_list *list, char *path)
{
    void *more = grow(list->paths, &list->cap, list->n, sizeof *list->paths, 64);
    if (!more)
        return -1;
    list->paths = more;
    list->paths[list->n++] = path;
    return 0;
}

static int wanted(const char *name)
{
    /* a file named just ".json" is hidden, and skipped with the others */
    return fs_name_ends(name, ".json") || fs_name_ends(name, ".yaml") || fs_name_ends(name, ".yml");
}

/* Walk DIR (already known to be a directory with identity ST). */
static int walk_dir(struct walker *w, const char *dir, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 0; /* entered before: a symlink loop or a second way in */
    void *more = grow(w->seen, &w->seen_cap, w->nseen, sizeof *w->seen, 16);
    if (!more)
        return -1;
    w->seen = more;
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;

    char **names;
    size_t n;
    if (fs_list_dir(dir, &names, &n) != 0) {
        if (errno == ENOMEM)
            return -1;
        cli_error("%s: cannot open directory: %s", dir, strerror(errno));
        w->problems++;
        return 0;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        bool skip = names[i][0] == '.' || strcmp(names[i], "node_modules") == 0;
        char *path = rc == 0 && !skip ? fs_join(dir, names[i]) : NULL;
        free(names[i]);
        if (rc != 0 || skip)
            continue;
        if (!path) {
            rc = -1;
            continue;
        }
        struct stat cst;
        if (stat(path, &cst) != 0) {
            if (wanted(path)) {
                cli_error("%s: cannot read: %s", path, strerror(errno));
                w->problems++;
            }
            free(path);
            continue;
        }
        if (S_ISDIR(cst.st_mode)) {
            rc = walk_dir(w, path, &cst);
            free(path);
        } else if (wanted(path)) {
            if (push(w->list, path) != 0) {
                free(path);
                rc = -1;
            }
        } else {
            free(path);
        }
    }
    free(names);
    return rc;
}

int walk_add(struct file_list *list, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        struct walker w = { .list = list };
        int rc = walk_dir(&w, path, &st);
        free(w.seen);
        return rc < 0 ? -1 : w.problems;
    }
    char *copy = strdup(path);
    if (!copy || push(list, copy) != 0) {
        free(copy);
        return -1;
    }
    return 0;
}

void walk_free(struct file_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        free(list->paths[i]);
    free(list->paths);
    memset(list, 0, sizeof *list);
}
