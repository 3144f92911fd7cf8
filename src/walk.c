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

struct file_id {
    dev_t dev;
    ino_t ino;
    bool known;             /* stat() told it */
};

struct walker {
    struct file_list *list;
    struct file_id *seen;   /* the directories entered */
    size_t nseen, seen_cap;
    walk_excluded_fn *excluded;
    const void *ctx;
    int problems;
};

/* Append PATH (the list owns it from here) with identity ST, or none. */
static int push(struct file_list *list, char *path, const struct stat *st)
{
    size_t cap = list->cap;
    void *more = grow(list->paths, &cap, list->n, sizeof *list->paths, 64);
    if (!more)
        return -1;
    list->paths = more;
    if (cap != list->cap) {
        void *ids = realloc(list->ids, cap * sizeof *list->ids);
        if (!ids)
            return -1; /* the paths array grew; its capacity is set again next time */
        list->ids = ids;
        list->cap = cap;
    }
    list->ids[list->n] = st ? (struct file_id){ st->st_dev, st->st_ino, true } : (struct file_id){ 0 };
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
    w->seen[w->nseen++] = (struct file_id){ st->st_dev, st->st_ino, true };

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
        if (w->excluded && w->excluded(w->ctx, path)) {
            free(path); /* not looked at: nothing in it is read or can fail */
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
            if (push(w->list, path, &cst) != 0) {
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

static int walk_one(struct walker *w, const char *path)
{
    if (w->excluded && w->excluded(w->ctx, path))
        return 0;
    struct stat st;
    bool known = strcmp(path, "-") != 0 && stat(path, &st) == 0;
    if (known && S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    char *copy = strdup(path);
    if (!copy || push(w->list, copy, known ? &st : NULL) != 0) {
        free(copy);
        return -1;
    }
    return 0;
}

struct named {
    dev_t dev;
    ino_t ino;
    size_t index;
};

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Drop every later name of a file listed before, keeping the order. */
static int drop_repeats(struct file_list *list)
{
    struct named *order = malloc(list->n * sizeof *order);
    bool *drop = calloc(list->n, sizeof *drop);
    if (!order || !drop) {
        free(order);
        free(drop);
        return -1;
    }
    size_t m = 0;
    for (size_t i = 0; i < list->n; i++)
        if (list->ids[i].known)
            order[m++] = (struct named){ list->ids[i].dev, list->ids[i].ino, i };
    qsort(order, m, sizeof *order, cmp_named);
    for (size_t k = 1; k < m; k++) /* one file's names sit together, first name first */
        drop[order[k].index] = order[k - 1].dev == order[k].dev && order[k - 1].ino == order[k].ino;
    size_t kept = 0;
    for (size_t i = 0; i < list->n; i++) {
        if (drop[i]) {
            free(list->paths[i]);
            continue;
        }
        list->paths[kept] = list->paths[i];
        list->ids[kept++] = list->ids[i];
    }
    list->n = kept;
    free(order);
    free(drop);
    return 0;
}

int walk_paths(struct file_list *list, char *const *paths, size_t n, walk_excluded_fn *excluded, const void *ctx)
{
    struct walker w = { .list = list, .excluded = excluded, .ctx = ctx };
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = walk_one(&w, paths[i]);
    free(w.seen);
    if (rc == 0 && list->n > 1)
        rc = drop_repeats(list);
    return rc < 0 ? -1 : w.problems;
}

void walk_free(struct file_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        free(list->paths[i]);
    free(list->paths);
    free(list->ids);
    memset(list, 0, sizeof *list);
}
