/* walk.c - directory walking */
#include "walk.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fsutil.h"
#include "grow.h"

struct file_id {
    dev_t dev;
    ino_t ino;
    bool known;             /* a slot of the set in use */
};

struct walker {
    struct file_list *list;
    struct file_id *seen;   /* the directories entered and files listed: a hash set,
                               open addressing (a file and a directory never share one) */
    size_t nseen, seen_cap; /* seen_cap a power of two, or 0 */
    walk_excluded_fn *excluded;
    const void *ctx;
    bool stdin_listed;      /* "-" is read once however often it is given */
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

static size_t id_hash(dev_t dev, ino_t ino)
{
    uint64_t h = ((uint64_t)dev * 0x9E3779B97F4A7C15u) ^ (uint64_t)ino;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 32));
}

/* Put DEV:INO in the set; 1 when it was there already, -1 out of memory. */
static int seen_add(struct walker *w, dev_t dev, ino_t ino)
{
    if (2 * (w->nseen + 1) > w->seen_cap) {
        size_t cap = w->seen_cap ? 2 * w->seen_cap : 64;
        struct file_id *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < w->seen_cap; i++) {
            if (!w->seen[i].known)
                continue;
            size_t k = id_hash(w->seen[i].dev, w->seen[i].ino) & (cap - 1);
            while (t[k].known)
                k = (k + 1) & (cap - 1);
            t[k] = w->seen[i];
        }
        free(w->seen);
        w->seen = t;
        w->seen_cap = cap;
    }
    size_t k = id_hash(dev, ino) & (w->seen_cap - 1);
    for (; w->seen[k].known; k = (k + 1) & (w->seen_cap - 1))
        if (w->seen[k].dev == dev && w->seen[k].ino == ino)
            return 1;
    w->seen[k] = (struct file_id){ dev, ino, true };
    w->nseen++;
    return 0;
}

/* Append PATH (the list owns it from here, or frees it) unless the file ST
 * names is listed already: a second name of it is dropped, the first stays. */
static int add_file(struct walker *w, char *path, const struct stat *st)
{
    int had = st ? seen_add(w, st->st_dev, st->st_ino) : 0;
    if (had == 0 && push(w->list, path) == 0)
        return 0;
    free(path);
    return had > 0 ? 0 : -1;
}

/* Walk DIR (already known to be a directory with identity ST). */
static int walk_dir(struct walker *w, const char *dir, const struct stat *st)
{
    int had = seen_add(w, st->st_dev, st->st_ino);
    if (had != 0)
        return had < 0 ? -1 : 0; /* entered before: a symlink loop or a second way in */

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
            rc = add_file(w, path, &cst);
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
    if (strcmp(path, "-") == 0) {
        if (w->stdin_listed)
            return 0;
        w->stdin_listed = true;
    }
    struct stat st;
    bool known = strcmp(path, "-") != 0 && stat(path, &st) == 0;
    if (known && S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    char *copy = strdup(path);
    return copy ? add_file(w, copy, known ? &st : NULL) : -1;
}

int walk_paths(struct file_list *list, char *const *paths, size_t n, walk_excluded_fn *excluded, const void *ctx)
{
    struct walker w = { .list = list, .excluded = excluded, .ctx = ctx };
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = walk_one(&w, paths[i]);
    free(w.seen);
    return rc < 0 ? -1 : w.problems;
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
