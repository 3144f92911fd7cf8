/* fsutil.c - mkdir -p and crash-safe file replacement */
#include "core/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/grow.h"

char *fs_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl > 0 && dir[dl - 1] == '/';
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    if (!slash)
        p[dl++] = '/';
    memcpy(p + dl, name, nl + 1);
    return p;
}

/* mkdir PATH unless it is a directory already. */
static int make_one(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (mkdir(path, 0777) == 0)
        return 0;
    int e = errno;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        snprintf(err, errlen, "cannot create directory '%s': a file of that name is in the way", path);
        return -1;
    }
    snprintf(err, errlen, "cannot create directory '%s': %s", path, strerror(e));
    return -1;
}

int fs_mkdir_p(const char *dir, char *err, size_t errlen)
{
    size_t len = strlen(dir);
    if (len == 0) {
        snprintf(err, errlen, "the output directory name is empty");
        return -1;
    }
    char *path = malloc(len + 1);
    if (!path) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(path, dir, len + 1);
    int rc = 0;
    /* every parent first: "a/b/c" makes "a", "a/b", then "a/b/c" */
    for (size_t i = 1; i < len && rc == 0; i++) {
        if (path[i] != '/' || path[i - 1] == '/')
            continue;
        path[i] = '\0';
        rc = make_one(path, err, errlen);
        path[i] = '/';
    }
    if (rc == 0)
        rc = make_one(path, err, errlen);
    free(path);
    return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc;
    do {
        rc = fsync(fd);
    } while (rc != 0 && errno == EINTR);
    /* some file systems cannot sync a directory; the rename stands all the same */
    if (rc != 0 && (errno == EINVAL || errno == ENOTSUP))
        rc = 0;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int fs_write_atomic(const char *dir, const char *name, const void *data, size_t len, char *err,
                    size_t errlen)
{
    return fs_write_atomic_mode(dir, name, data, len, 0644, err, errlen);
}

int fs_write_atomic_mode(const char *dir, const char *name, const void *data, size_t len, mode_t mode, char *err,
                         size_t errlen)
{
    int rc = -1, fd = -1;
    const char *step = "create a temporary file in";
    char *target = fs_join(dir, name);
    /* DIR/.NAME.tmp-XXXXXX */
    size_t tlen = strlen(dir) + strlen(name) + sizeof FS_TMP_INFIX + 9;
    char *tmp = malloc(tlen);
    if (!target || !tmp) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    snprintf(tmp, tlen, "%s%s.%s" FS_TMP_INFIX "XXXXXX", dir,
             dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot %s '%s': %s", step, dir, strerror(errno));
        tmp[0] = '\0';
        goto out;
    }
    step = "write";
    if (write_all(fd, data, len) != 0)
        goto fail;
    step = "flush";
    int s;
    do {
        s = fsync(fd);
    } while (s != 0 && errno == EINTR);
    if (s != 0)
        goto fail;
    step = "set the permissions of";
    if (fchmod(fd, mode) != 0)
        goto fail;
    step = "close";
    s = close(fd);
    fd = -1;
    if (s != 0 && errno != EINTR)
        goto fail;
    step = "rename the temporary file to";
    if (rename(tmp, target) != 0)
        goto fail;
    tmp[0] = '\0'; /* it is the target now */
    if (fsync_dir(dir) != 0) {
        snprintf(err, errlen, "cannot flush directory '%s': %s", dir, strerror(errno));
        goto out;
    }
    rc = 0;
    goto out;
fail:
    snprintf(err, errlen, "cannot %s '%s': %s", step, target, strerror(errno));
out:
    if (fd >= 0)
        close(fd);
    if (tmp && tmp[0])
        unlink(tmp);
    free(tmp);
    free(target);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fs_list_dir(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **list = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        void *more = grow(list, &cap, count, sizeof *list, 32);
        char *copy = more ? strdup(e->d_name) : NULL;
        if (more)
            list = more;
        if (copy)
            list[count++] = copy;
        else
            rc = -1;
    }
    closedir(d);
    if (rc != 0) {
        for (size_t i = 0; i < count; i++)
            free(list[i]);
        free(list);
        errno = ENOMEM;
        return -1;
    }
    if (count > 1)
        qsort(list, count, sizeof *list, cmp_names);
    *names = list;
    *n = count;
    return 0;
}

bool fs_name_ends(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n >= m && strcmp(name + n - m, suffix) == 0;
}

char *fs_resolve(const char *path)
{
    char *full = realpath(path, NULL);
    if (full)
        return full;
    const char *slash = strrchr(path, '/');
    while (slash && slash > path && slash[-1] == '/')
        slash--;
    char *parent;
    if (!slash) {
        parent = realpath(".", NULL);
    } else if (slash == path) {
        parent = realpath("/", NULL);
    } else {
        char *head = strndup(path, (size_t)(slash - path));
        parent = head ? fs_resolve(head) : NULL;
        free(head);
    }
    if (!parent)
        return NULL;
    const char *rest = slash ? slash + 1 : path;
    while (*rest == '/')
        rest++;
    /* PARENT is resolved, and a part that does not exist is no link: "." is
     * PARENT and ".." its parent ("new/../inputs" is "inputs", not a path
     * that only looks like it lies in "new") */
    if (*rest == '\0' || strcmp(rest, ".") == 0)
        return parent;
    if (strcmp(rest, "..") == 0) {
        char *up = strrchr(parent, '/');
        if (up)
            up[up == parent ? 1 : 0] = '\0';
        return parent;
    }
    full = fs_join(parent, rest);
    free(parent);
    return full;
}
