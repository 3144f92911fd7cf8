/* walk.c - directory walking */
#include "core/walk.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/fsutil.h"
#include "core/grow.h"
#include "core/termsafe.h"

struct walk_id {
    dev_t dev;
    ino_t ino;
    bool known;             /* a slot of the set in use */
};

struct walker {
    struct file_list *list;
    struct walk_ids seen;   /* the directories entered and files listed (a file and a
                               directory never share one) */
    const struct walk_opts *wo;
    char **roots;           /* each command-line path resolved (NULL: "-" or unresolved) */
    size_t nroots;
    size_t links_left;      /* symbolic links not followed out of the paths */
    char *first_left;       /* the first of them */
    bool stdin_listed;      /* "-" is read once however often it is given */
    int problems;
};

/* One line through the caller's sink (printf-like). */
static void say(const struct walker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(const struct walker *w, const char *fmt, ...)
{
    if (!w->wo->say)
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    w->wo->say(w->wo->say_ctx, line);
}

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

bool walk_ids_has(const struct walk_ids *ids, dev_t dev, ino_t ino)
{
    if (!ids->cap)
        return false;
    for (size_t k = id_hash(dev, ino) & (ids->cap - 1); ids->slots[k].known; k = (k + 1) & (ids->cap - 1))
        if (ids->slots[k].dev == dev && ids->slots[k].ino == ino)
            return true;
    return false;
}

/* Put DEV:INO in IDS; 1 when it was there already, -1 out of memory. */
static int ids_add(struct walk_ids *ids, dev_t dev, ino_t ino)
{
    if (2 * (ids->n + 1) > ids->cap) {
        size_t cap = ids->cap ? 2 * ids->cap : 64;
        struct walk_id *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < ids->cap; i++) {
            if (!ids->slots[i].known)
                continue;
            size_t k = id_hash(ids->slots[i].dev, ids->slots[i].ino) & (cap - 1);
            while (t[k].known)
                k = (k + 1) & (cap - 1);
            t[k] = ids->slots[i];
        }
        free(ids->slots);
        ids->slots = t;
        ids->cap = cap;
    }
    size_t k = id_hash(dev, ino) & (ids->cap - 1);
    for (; ids->slots[k].known; k = (k + 1) & (ids->cap - 1))
        if (ids->slots[k].dev == dev && ids->slots[k].ino == ino)
            return 1;
    ids->slots[k] = (struct walk_id){ dev, ino, true };
    ids->n++;
    return 0;
}

static int seen_add(struct walker *w, dev_t dev, ino_t ino)
{
    return ids_add(&w->seen, dev, ino);
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

/* True when the resolved path REAL is ROOT or lies below it. */
static bool below(const char *root, const char *real)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* 1 when PATH, met inside a directory, is a symbolic link to a directory or
 * to a file the walk would list that lies outside every command-line path,
 * and links are not to be followed out: it is counted and left alone.  0 to
 * go on with it (a dangling link fails as it did), -1 out of memory. */
static int link_left_alone(struct walker *w, const char *path)
{
    struct stat lst, st;
    if (w->wo->follow_symlinks || lstat(path, &lst) != 0 || !S_ISLNK(lst.st_mode) || stat(path, &st) != 0 ||
        !(S_ISDIR(st.st_mode) || wanted(path)))
        return 0;
    char *real = realpath(path, NULL);
    if (!real)
        return errno == ENOMEM ? -1 : 0;
    bool inside = false;
    for (size_t i = 0; i < w->nroots && !inside; i++)
        inside = w->roots[i] && below(w->roots[i], real);
    free(real);
    if (inside)
        return 0;
    if (!w->first_left && !(w->first_left = strdup(path)))
        return -1;
    w->links_left++;
    return 1;
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
        char shown[512];
        const char *why = strerror(errno);
        say(w, "%s: cannot open directory: %s", termsafe_escape(dir, shown, sizeof shown), why);
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
        if (w->wo->excluded && w->wo->excluded(w->wo->ctx, path)) {
            free(path); /* not looked at: nothing in it is read or can fail */
            continue;
        }
        struct stat cst;
        int left = link_left_alone(w, path);
        if (left != 0) {
            free(path);
            if (left < 0)
                rc = -1;
            continue;
        }
        if (stat(path, &cst) != 0) {
            if (wanted(path)) {
                char shown[512];
                const char *why = strerror(errno);
                say(w, "%s: cannot read: %s", termsafe_escape(path, shown, sizeof shown), why);
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
    if (w->wo->excluded && w->wo->excluded(w->wo->ctx, path))
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

/* The command-line paths resolved, for link_left_alone(): a file stands for
 * itself, a directory for what is below it. */
static int resolve_roots(struct walker *w, char *const *paths, size_t n)
{
    if (w->wo->follow_symlinks || n == 0)
        return 0;
    w->roots = calloc(n, sizeof *w->roots);
    if (!w->roots)
        return -1;
    w->nroots = n;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(paths[i], "-") == 0)
            continue;
        w->roots[i] = realpath(paths[i], NULL);
        if (!w->roots[i] && errno == ENOMEM)
            return -1;
    }
    return 0;
}

/* Copy LIST's paths into REC's list. */
static int record_list(struct walk_record *rec, const struct file_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        char *copy = strdup(list->paths[i]);
        if (!copy || push(&rec->files, copy) != 0) {
            free(copy);
            return -1;
        }
    }
    return 0;
}

int walk_paths(struct file_list *list, char *const *paths, size_t n, const struct walk_opts *wo)
{
    struct walker w = { .list = list, .wo = wo };
    int rc = resolve_roots(&w, paths, n);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = walk_one(&w, paths[i]);
    if (rc == 0 && w.links_left && !wo->quiet) {
        char shown[512];
        say(&w, "note: %zu symbolic link%s inside the paths lead%s outside them and %s not followed (the "
                  "first: %s); --follow-symlinks follows them", w.links_left, w.links_left == 1 ? "" : "s",
                  w.links_left == 1 ? "s" : "", w.links_left == 1 ? "was" : "were",
                  termsafe_escape(w.first_left, shown, sizeof shown));
    }
    if (rc == 0 && wo->record) {
        rc = record_list(wo->record, list);
        free(wo->record->ids.slots);
        wo->record->ids = w.seen; /* the record owns the set from here */
        w.seen = (struct walk_ids){ 0 };
    }
    free(w.seen.slots);
    for (size_t i = 0; i < w.nroots; i++)
        free(w.roots[i]);
    free(w.roots);
    free(w.first_left);
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

/* --- what a run read --------------------------------------------------- */

int walk_record_init(struct walk_record *rec)
{
    memset(rec, 0, sizeof *rec);
    return pthread_mutex_init(&rec->lock, NULL) == 0 ? 0 : -1;
}

void walk_record_free(struct walk_record *rec)
{
    if (!rec)
        return;
    walk_free(&rec->files);
    free(rec->ids.slots);
    for (size_t i = 0; i < rec->nreads; i++)
        free(rec->reads[i].path);
    free(rec->reads);
    pthread_mutex_destroy(&rec->lock);
    memset(rec, 0, sizeof *rec);
}

int walk_record_read(struct walk_record *rec, const char *path, const void *bytes, size_t len)
{
    struct walk_read r;
    if (digest_sha256_hex(bytes, len, r.sha256) != 0 || !(r.path = strdup(path)))
        return -1;
    pthread_mutex_lock(&rec->lock);
    void *more = grow(rec->reads, &rec->readcap, rec->nreads, sizeof *rec->reads, 64);
    if (more) {
        rec->reads = more;
        rec->reads[rec->nreads++] = r;
        rec->sorted = false;
    }
    pthread_mutex_unlock(&rec->lock);
    if (!more)
        free(r.path);
    return more ? 0 : -1;
}

static int cmp_reads(const void *a, const void *b)
{
    return strcmp(((const struct walk_read *)a)->path, ((const struct walk_read *)b)->path);
}

enum walk_check walk_record_check(struct walk_record *rec, const char *path, const void *bytes, size_t len)
{
    if (!rec->sorted) {
        if (rec->nreads > 1)
            qsort(rec->reads, rec->nreads, sizeof *rec->reads, cmp_reads);
        rec->sorted = true;
    }
    /* a path is read once a run (the walk lists each file once) */
    struct walk_read key = { .path = (char *)path };
    const struct walk_read *r = bsearch(&key, rec->reads, rec->nreads, sizeof *rec->reads, cmp_reads);
    if (!r)
        return WALK_UNREAD;
    char now[DIGEST_HEX_LEN + 1];
    if (digest_sha256_hex(bytes, len, now) != 0)
        return WALK_CHANGED;
    return strcmp(now, r->sha256) == 0 ? WALK_SAME : WALK_CHANGED;
}
