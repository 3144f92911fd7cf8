/* walk.h - expanding the command line's paths into the files to read */
#ifndef DACC_WALK_H
#define DACC_WALK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/digest.h"

struct file_list {
    char **paths;     /* owned; each malloc'd */
    size_t n, cap;
};

/* A set of file identities (dev:ino): open addressing, CAP a power of two or 0. */
struct walk_ids {
    struct walk_id *slots;
    size_t n, cap;
};

/* One file a run read, and the SHA-256 of the bytes it read. */
struct walk_read {
    char *path;                        /* owned */
    char sha256[DIGEST_HEX_LEN + 1];
};

/* What a lint run read, for dacc build to hold its own reading to: the
 * files the walk listed (in its order), the directories it entered (and the
 * files it listed), and the digest of every file's bytes as lint read them.
 * walk_record_init() sets it up, walk_paths() fills the first two,
 * walk_record_read() the digests (from any thread at once); once the run's
 * threads are done, walk_record_check() compares.  walk_record_free()
 * releases it. */
struct walk_record {
    struct file_list files;
    struct walk_ids ids;
    struct walk_read *reads;
    size_t nreads, readcap;
    bool sorted;                       /* reads sorted by path (walk_record_check) */
    pthread_mutex_t lock;
};

/* Whether PATH (a command-line path, "-" included, or a directory or file the
 * walk came to) is left out, with CTX from the caller: .dacc.yaml's excludes. */
typedef bool walk_excluded_fn(const void *ctx, const char *path);

/* Where the walk's messages go, one line each (an unreadable directory or
 * file, the links left alone): the caller shows them, the walk never prints. */
typedef void walk_say_fn(void *ctx, const char *line);

struct walk_opts {
    walk_excluded_fn *excluded;   /* NULL: nothing is left out */
    const void *ctx;
    bool follow_symlinks;         /* --follow-symlinks: also links that lead outside the paths */
    bool quiet;                   /* do not say that links were left alone */
    struct walk_record *record;   /* NULL, or: gets a copy of the list and the identities seen */
    walk_say_fn *say;             /* NULL: the lines are not shown (problems are still counted) */
    void *say_ctx;
};

/* Add the N command-line PATHS to LIST, each file once however many ways it
 * was named (a directory and a file in it, "a.json ./a.json", a symlink and
 * its target: the first name stays; "-" once).  A directory is walked recursively in
 * byte order of names, keeping .json, .yaml and .yml files, skipping hidden
 * entries and node_modules, and entering each directory once (symlink loops
 * end there).  Any other path is added as it is ("-" included).  A path
 * WO->EXCLUDED (when not NULL) says is left out before it is looked at: an
 * excluded directory is not entered, so nothing in it can fail the run.  A
 * symbolic link met inside a directory is followed only when what it leads
 * to lies inside one of the PATHS (once symlinks in them are resolved),
 * unless WO->follow_symlinks: a link in a checkout must not make dacc read,
 * and echo a line of, a file elsewhere (/run/secrets/...).  Those left alone are counted, and said once
 * through WO->say (one line, with the first one's name) unless WO->quiet.
 * A link named on the command line is followed: the user asked for it.
 * Returns the number of problems (an unreadable directory or file), each
 * said through WO->say, or -1 when memory ran out. */
int walk_paths(struct file_list *list, char *const *paths, size_t n, const struct walk_opts *wo);

/* Whether DEV:INO is in IDS. */
bool walk_ids_has(const struct walk_ids *ids, dev_t dev, ino_t ino);

/* Set REC up empty.  Returns 0, or -1 (nothing to free). */
int walk_record_init(struct walk_record *rec);
void walk_record_free(struct walk_record *rec);

/* Keep the SHA-256 of the LEN bytes at BYTES that were read for PATH (a path
 * of REC's list).  Safe to call from several threads at once.  Returns 0, or
 * -1 when memory runs out. */
int walk_record_read(struct walk_record *rec, const char *path, const void *bytes, size_t len);

enum walk_check {
    WALK_SAME,        /* BYTES are the bytes read before */
    WALK_CHANGED,     /* other bytes than before */
    WALK_UNREAD,      /* PATH was not read before */
};

/* Compare the LEN bytes at BYTES, read now for PATH, with what REC kept.
 * Not to be called while walk_record_read() may run. */
enum walk_check walk_record_check(struct walk_record *rec, const char *path, const void *bytes, size_t len);

void walk_free(struct file_list *list);

#endif
