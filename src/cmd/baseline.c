/* baseline.c - reading, matching and writing a baseline (see baseline.h) */
#include "cmd/baseline.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/grow.h"

#define BASELINE_VERSION 1

/* Append the normal form of PATH's segments to the absolute normal path OUT
 * (of OUTLEN bytes): "." dropped, ".." taking the last segment off.
 * Returns 0, or -1 when it does not fit. */
static int push_segments(char *out, size_t outlen, const char *path)
{
    size_t o = strlen(out);
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 1 && out[o - 1] != '/')
                o--;
            if (o > 1)
                o--;
            out[o] = '\0';
        } else if (n > 0 && !(n == 1 && p[0] == '.')) {
            if (o + (o > 1) + n + 1 > outlen)
                return -1;
            if (o > 1)
                out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
            out[o] = '\0';
        }
        p += n;
        p += *p == '/';
    }
    return 0;
}

/* PATH made absolute (from CWD) and normal into OUT. */
static int absolute(const char *cwd, const char *path, char *out, size_t outlen)
{
    snprintf(out, outlen, "/");
    if (path[0] != '/' && push_segments(out, outlen, cwd) != 0)
        return -1;
    return push_segments(out, outlen, path);
}

int baseline_file_key(const char *dir, const char *cwd, const char *file, char *out, size_t outlen)
{
    char abs[PATH_MAX];
    if (absolute(cwd, file, abs, sizeof abs) != 0)
        return -1;
    /* the end of the longest run of whole segments ABS shares with DIR */
    size_t common = 0;
    if (strcmp(dir, "/") != 0) {
        for (size_t i = 0;; i++) {
            bool dend = dir[i] == '\0', aend = abs[i] == '\0' || abs[i] == '/';
            if (dend || dir[i] != abs[i]) {
                if (dend && aend)
                    common = i;
                break;
            }
            if (dir[i] == '/')
                common = i;
        }
    }
    size_t o = 0;
    for (const char *p = strcmp(dir, "/") ? dir + common : ""; *p; p++) { /* a "../" for each segment of DIR left */
        if (*p != '/')
            continue;
        if (o + 4 > outlen)
            return -1;
        memcpy(out + o, "../", 3);
        o += 3;
    }
    const char *rest = abs + common + (abs[common] == '/');
    size_t n = strlen(rest);
    if (o + n + 1 > outlen)
        return -1;
    memcpy(out + o, rest, n + 1);
    return 0;
}

void baseline_message_key(const char *message, char *out, size_t outlen)
{
    size_t o = 0;
    bool after_word = false; /* the word before was "line" or "column" */
    for (const char *p = message; *p && o + 1 < outlen;) {
        if (*p == ' ') {
            out[o++] = *p++;
            continue;
        }
        size_t n = strcspn(p, " "), core = n;
        while (core > 0 && strchr(";,.)'\"", p[core - 1]))
            core--;
        /* FILE:LINE:COL: two runs of digits, each after a ':', at its end */
        size_t d = core, runs = 0;
        while (runs < 2 && d > 0 && isdigit((unsigned char)p[d - 1])) {
            while (d > 0 && isdigit((unsigned char)p[d - 1]))
                d--;
            if (d == 0 || p[d - 1] != ':')
                break;
            d--;
            runs++;
        }
        bool number = core > 0 && strspn(p, "0123456789") == core;
        const char *put = p;
        size_t putlen = n;
        char repl[64];
        if (runs == 2) {
            snprintf(repl, sizeof repl, "@%.*s", (int)(n - core), p + core);
            put = repl;
            putlen = strlen(repl);
        } else if (after_word && number) {
            snprintf(repl, sizeof repl, "#%.*s", (int)(n - core), p + core);
            put = repl;
            putlen = strlen(repl);
        }
        size_t lead = strspn(p, "(\"'"); /* "(line 2, column 17 ...)" */
        after_word = (n - lead == 4 && !strncmp(p + lead, "line", 4)) ||
                     (n - lead == 6 && !strncmp(p + lead, "column", 6));
        for (size_t i = 0; i < putlen && o + 1 < outlen; i++)
            out[o++] = put[i];
        p += n;
    }
    out[o] = '\0';
}

static int cmp_entry(const void *a, const void *b)
{
    const struct baseline_entry *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (!c)
        c = strcmp(x->action, y->action);
    if (!c)
        c = strcmp(x->rule, y->rule);
    if (!c)
        c = strcmp(x->pointer, y->pointer);
    return c ? c : strcmp(x->digest, y->digest);
}

static void entry_free(struct baseline_entry *e)
{
    free(e->file);
    free(e->action);
    free(e->rule);
    free(e->pointer);
}

/* Sort B's entries and keep one of each. */
static void sort_unique(struct baseline *b)
{
    if (b->n > 1)
        qsort(b->items, b->n, sizeof *b->items, cmp_entry);
    size_t o = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (o > 0 && cmp_entry(&b->items[o - 1], &b->items[i]) == 0)
            entry_free(&b->items[i]);
        else
            b->items[o++] = b->items[i];
    }
    b->n = o;
}

/* Add an entry of the five strings (copied) to B.  Returns 0 or -1. */
static int add_entry(struct baseline *b, const char *file, const char *action, const char *rule,
                     const char *pointer, const char *digest)
{
    void *more = grow(b->items, &b->cap, b->n, sizeof *b->items, 16);
    if (!more)
        return -1;
    b->items = more;
    struct baseline_entry *e = &b->items[b->n];
    memset(e, 0, sizeof *e);
    e->file = strdup(file);
    e->action = strdup(action);
    e->rule = strdup(rule);
    e->pointer = strdup(pointer);
    snprintf(e->digest, sizeof e->digest, "%s", digest);
    if (!e->file || !e->action || !e->rule || !e->pointer) {
        entry_free(e);
        return -1;
    }
    b->n++;
    return 0;
}

/* Read B->path's entries.  Returns 0, or -1 with ERR filled. */
static int read_entries(struct baseline *b, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_load_file(b->path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "cannot read the baseline %s: %s (make one with --write-baseline)", b->path,
                 je.line > 0 ? je.text : strerror(errno));
        return -1;
    }
    json_t *entries = json_object_get(root, "entries");
    int rc = json_integer_value(json_object_get(root, "version")) == BASELINE_VERSION && json_is_array(entries)
           ? 0 : -1;
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        const char *s[5];
        static const char *const keys[5] = { "file", "action", "rule", "pointer", "digest" };
        for (size_t k = 0; k < 5 && rc == 0; k++)
            if (!(s[k] = json_string_value(json_object_get(e, keys[k]))))
                rc = -1;
        if (rc == 0 && (strlen(s[4]) != DIGEST_HEX_LEN || json_object_size(e) != 5))
            rc = -1;
        if (rc == 0 && add_entry(b, s[0], s[1], s[2], s[3], s[4]) != 0) {
            snprintf(err, errlen, "out of memory");
            json_decref(root);
            return -1;
        }
        if (rc != 0)
            break;
    }
    json_decref(root);
    if (rc != 0)
        snprintf(err, errlen, "%s is not a dacc baseline (version %d): make it again with --write-baseline",
                 b->path, BASELINE_VERSION);
    else
        sort_unique(b);
    return rc;
}

int baseline_open(struct baseline *b, const char *path, bool writing, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    char cwd[PATH_MAX], dir[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        snprintf(err, errlen, "cannot tell the working directory: %s", strerror(errno));
        return -1;
    }
    if (absolute(cwd, path, dir, sizeof dir) != 0) {
        snprintf(err, errlen, "baseline path too long");
        return -1;
    }
    char *slash = strrchr(dir, '/');
    slash[slash == dir] = '\0'; /* its directory ("/" stays) */
    if (pthread_mutex_init(&b->lock, NULL) != 0 || !(b->path = strdup(path)) || !(b->dir = strdup(dir)) ||
        !(b->cwd = strdup(cwd))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    b->active = true;
    b->writing = writing;
    b->report.file = b->path;
    b->report.written = writing;
    return writing ? 0 : read_entries(b, err, errlen);
}

void baseline_free(struct baseline *b)
{
    if (!b->path)
        return;
    for (size_t i = 0; i < b->n; i++)
        entry_free(&b->items[i]);
    free(b->items);
    free(b->path);
    free(b->dir);
    free(b->cwd);
    pthread_mutex_destroy(&b->lock);
    memset(b, 0, sizeof *b);
}

size_t baseline_slots(const struct baseline *b)
{
    return !b->active ? 0 : b->writing ? 1 : b->n;
}

long baseline_match(struct baseline *b, const struct finding *f)
{
    if (!b->active || !f->rule || !strcmp(f->rule, "syntax"))
        return -1;
    char file[PATH_MAX], msg[2048];
    struct baseline_entry key = { .action = f->action, .rule = (char *)f->rule, .pointer = f->pointer };
    if (baseline_file_key(b->dir, b->cwd, f->file, file, sizeof file) != 0)
        return -1;
    baseline_message_key(f->message, msg, sizeof msg);
    if (digest_sha256_hex(msg, strlen(msg), key.digest) != 0)
        return -1;
    key.file = file;
    if (b->writing) {
        pthread_mutex_lock(&b->lock);
        if (add_entry(b, key.file, key.action, key.rule, key.pointer, key.digest) != 0)
            b->failed = true;
        pthread_mutex_unlock(&b->lock);
        return 0;
    }
    const struct baseline_entry *e = b->n ? bsearch(&key, b->items, b->n, sizeof *b->items, cmp_entry) : NULL;
    return e ? (long)(e - b->items) : -1;
}

void baseline_judge_file(struct baseline *b, const char *file)
{
    char key[PATH_MAX];
    if (!b->active || b->writing || baseline_file_key(b->dir, b->cwd, file, key, sizeof key) != 0)
        return;
    for (size_t i = 0; i < b->n; i++) /* once a file: a pass over the entries is cheap beside linting it */
        if (!strcmp(b->items[i].file, key))
            b->items[i].judged = true;
}

/* The recorded entries of B, one a line, into B->path atomically. */
static int write_entries(struct baseline *b, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    fprintf(mem, "{\n  \"tool\": \"dacc\",\n  \"version\": %d,\n  \"entries\": [", BASELINE_VERSION);
    int rc = 0;
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        const struct baseline_entry *e = &b->items[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "file", e->file, "action", e->action, "rule", e->rule,
                              "pointer", e->pointer, "digest", e->digest);
        char *line = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
        if (line)
            fprintf(mem, "%s\n    %s", i ? "," : "", line);
        else
            rc = -1;
        free(line);
        json_decref(o);
    }
    fprintf(mem, "%s]\n}\n", b->n ? "\n  " : "");
    if (fclose(mem) != 0 || rc != 0) {
        free(text);
        snprintf(err, errlen, "cannot write the baseline %s: an entry is not UTF-8, or out of memory", b->path);
        return -1;
    }
    const char *slash = strrchr(b->path, '/');
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - b->path) + (slash == b->path) : 1,
             slash ? b->path : ".");
    rc = fs_write_atomic(dir, slash ? slash + 1 : b->path, text, len, err, errlen);
    free(text);
    return rc;
}

int baseline_finish(struct baseline *b, char *err, size_t errlen)
{
    if (!b->active)
        return 0;
    if (b->writing) {
        if (b->failed) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        sort_unique(b);
        b->report.entries = b->n;
        return write_entries(b, err, errlen);
    }
    b->report.entries = b->n;
    for (size_t i = 0; i < b->n; i++) {
        const struct baseline_entry *e = &b->items[i];
        char path[PATH_MAX * 2];
        snprintf(path, sizeof path, "%s/%s", b->dir, e->file);
        if (e->matched)
            b->report.matched++;
        /* a clash needs the other file, which a run over a few files may not hold */
        else if (strcmp(e->rule, "duplicate-name") != 0 && (e->judged || access(path, F_OK) != 0))
            b->report.stale++;
    }
    return 0;
}
