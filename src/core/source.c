/* source.c - reading inputs with bounds, and line/column arithmetic */
#include "core/source.h"

#include "core/grow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Append the whole of FD to SRC, failing past MAX_BYTES. */
static enum source_status read_fd(struct source *src, int fd, size_t max_bytes, size_t hint,
                                  char *err, size_t errlen)
{
    size_t cap = hint ? hint + 1 : 65536, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return SOURCE_IO_ERROR;
    }
    for (;;) {
        if (len == cap) {
            size_t ncap = cap * 2;
            char *nbuf = realloc(buf, ncap + 1);
            if (!nbuf) {
                free(buf);
                snprintf(err, errlen, "out of memory");
                return SOURCE_IO_ERROR;
            }
            buf = nbuf;
            cap = ncap;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "cannot read: %s", strerror(errno));
            free(buf);
            return SOURCE_IO_ERROR;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max_bytes) {
            snprintf(err, errlen, "file is larger than the limit of %zu bytes", max_bytes);
            free(buf);
            return SOURCE_TOO_LARGE;
        }
    }
    buf[len] = '\0';
    src->bytes = buf;
    src->len = len;
    return SOURCE_OK;
}

/* Index where every line of SRC starts, so that source_line() does not count
 * from the top for each finding of a file of thousands of actions.  Returns
 * 0, or -1 when memory runs out. */
static int index_lines(struct source *src)
{
    const char *p = src->bytes, *end = src->bytes + src->len;
    size_t n = 0, cap = 0;
    size_t *lines = NULL;
    while (p) {
        size_t *more = grow(lines, &cap, n, sizeof *lines, 64);
        if (!more) {
            free(lines);
            return -1;
        }
        lines = more;
        lines[n++] = (size_t)(p - src->bytes);
        source_eol(p, end, &p);
    }
    src->lines = lines;
    src->nlines = n;
    return 0;
}

enum source_status source_read(struct source *src, const char *path, const char *display_name,
                               size_t max_bytes, char *err, size_t errlen)
{
    memset(src, 0, sizeof *src);
    int fd = 0, is_stdin = 1;
    size_t hint = 0;
    if (strcmp(path, "-") != 0) {
        struct stat st;
        /* O_NONBLOCK so that a FIFO given by mistake cannot hang us; it is refused below. */
        is_stdin = 0;
        fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, errlen, "cannot open: %s", strerror(errno));
            return SOURCE_IO_ERROR;
        }
        if (fstat(fd, &st) != 0) {
            snprintf(err, errlen, "cannot stat: %s", strerror(errno));
            close(fd);
            return SOURCE_IO_ERROR;
        }
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "not a regular file");
            close(fd);
            return SOURCE_IO_ERROR;
        }
        if ((unsigned long long)st.st_size > max_bytes) {
            snprintf(err, errlen, "file is larger than the limit of %zu bytes", max_bytes);
            close(fd);
            return SOURCE_TOO_LARGE;
        }
        hint = (size_t)st.st_size;
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    enum source_status st = read_fd(src, fd, max_bytes, hint, err, errlen);
    if (!is_stdin)
        close(fd);
    if (st != SOURCE_OK)
        return st;
    src->name = strdup(display_name ? display_name : path);
    if (!src->name || index_lines(src) != 0) {
        source_free(src);
        snprintf(err, errlen, "out of memory");
        return SOURCE_IO_ERROR;
    }
    return SOURCE_OK;
}

int source_from_bytes(struct source *src, const char *name, const char *bytes, size_t len)
{
    memset(src, 0, sizeof *src);
    src->bytes = malloc(len + 1);
    src->name = strdup(name);
    if (!src->bytes || !src->name) {
        source_free(src);
        return -1;
    }
    if (len)
        memcpy(src->bytes, bytes, len);
    src->bytes[len] = '\0';
    src->len = len;
    if (index_lines(src) != 0) {
        source_free(src);
        return -1;
    }
    return 0;
}

void source_free(struct source *src)
{
    if (!src)
        return;
    free(src->bytes);
    free(src->name);
    free(src->lines);
    memset(src, 0, sizeof *src);
}

const char *source_eol(const char *p, const char *end, const char **next)
{
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    if (next)
        *next = q == end ? NULL : q + 1 + (*q == '\r' && q + 1 < end && q[1] == '\n');
    return q;
}

const char *source_line(const struct source *src, unsigned line, size_t *len)
{
    const char *p = src->bytes, *end = src->bytes + src->len;
    if (line == 0)
        return NULL;
    if (src->lines) {
        /* the index says where the line and the next one start: the line
         * ends at the break just before the next one, found without reading
         * the line (a finding on a line of megabytes costs O(1), not O(line)) */
        if (line > src->nlines)
            return NULL;
        p = src->bytes + src->lines[line - 1];
        if (line < src->nlines) {
            const char *q = src->bytes + src->lines[line];
            q -= q - p >= 2 && q[-2] == '\r' && q[-1] == '\n' ? 2 : 1;
            end = q;
        }
        *len = (size_t)(end - p);
        return p;
    }
    for (unsigned l = 1; l < line && p; l++)
        source_eol(p, end, &p);
    if (!p)
        return NULL;
    *len = (size_t)(source_eol(p, end, NULL) - p);
    return p;
}

void source_position(const struct source *src, size_t offset, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    size_t i = 0;
    if (offset > src->len)
        offset = src->len;
    if (src->len >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* a byte order mark takes no column */
    for (; i < offset; i++) {
        unsigned char ch = (unsigned char)src->bytes[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= src->len || src->bytes[i + 1] != '\n'))) {
            l++; /* LF, CRLF (counted at its LF) and a lone CR */
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++; /* count code points: skip UTF-8 continuation bytes */
        }
    }
    *line = l;
    *col = c;
}
