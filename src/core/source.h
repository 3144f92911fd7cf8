/* source.h - the bytes of one input file and line/column arithmetic over them */
#ifndef DACC_SOURCE_H
#define DACC_SOURCE_H

#include <stddef.h>

struct source {
    char *name;       /* as given by the user, or the --stdin-filename */
    char *bytes;      /* file contents, NUL-terminated (the NUL is not in len) */
    size_t len;
    size_t *lines;    /* byte offset where each line starts (source_read and
                         source_from_bytes fill it); NULL: lines are counted */
    size_t nlines;
};

enum source_status {
    SOURCE_OK,
    SOURCE_IO_ERROR,   /* cannot open or read; message filled */
    SOURCE_TOO_LARGE,  /* larger than the byte limit; message filled */
};

/* Read PATH ("-" is standard input) into SRC, refusing anything that is not a
 * regular file (or stdin) and anything over MAX_BYTES.  On failure, ERR gets a
 * one-line message (without the file name) and SRC holds nothing to free.
 * The caller frees a loaded source with source_free(). */
enum source_status source_read(struct source *src, const char *path, const char *display_name,
                               size_t max_bytes, char *err, size_t errlen);

/* Make a source from a copy of BYTES (used by tests and fuzzers). */
int source_from_bytes(struct source *src, const char *name, const char *bytes, size_t len);

void source_free(struct source *src);

/* The end of the line that starts at P (before END): where its break starts,
 * or END.  Lines break at LF, CRLF and a lone CR, as libyaml breaks them;
 * *NEXT (when not NULL) receives the start of the next line, or NULL at the
 * end of the text. */
const char *source_eol(const char *p, const char *end, const char **next);

/* Line LINE (1-based) without its line break; *LEN receives its length in bytes.
 * Returns NULL when the line does not exist. */
const char *source_line(const struct source *src, unsigned line, size_t *len);

/* 1-based line and column (in code points) of byte OFFSET. */
void source_position(const struct source *src, size_t offset, unsigned *line, unsigned *col);

#endif
