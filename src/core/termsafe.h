/* termsafe.h - text from files and servers made safe to write to a terminal
 *
 * Action names, file names and server text can hold bytes a terminal acts
 * on: ESC sequences, newlines that forge a line of output (a GitHub Actions
 * workflow command, say), C1 controls (U+0080-U+009F, 0x9B alone is CSI to
 * some terminals), bidirectional overrides that reorder what is shown.  Each
 * such character, and each byte that is not UTF-8, is written '?'.
 */
#ifndef DACC_TERMSAFE_H
#define DACC_TERMSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The length of the character at S[0..LEN) (LEN >= 1; a byte that is not
 * UTF-8 is one), and in *SAFE whether it may be written as it is: if not,
 * it is written as one '?'. */
size_t termsafe_char(const char *s, size_t len, bool *safe);

/* Write S[0..LEN) to F made safe, a tab kept as it is when KEEP_TAB (an
 * echoed source line, whose caret lines up under it).  Returns 0, or -1 on
 * a write error. */
int termsafe_write(FILE *f, const char *s, size_t len, bool keep_tab);

/* Make S (NUL-terminated) safe in place (it can only shrink).  Returns S. */
char *termsafe_fix(char *s);

/* Copy the NUL-terminated S into OUT (OUTLEN bytes, at least 1) with every
 * character termsafe_char() calls unsafe written as an escape rather than
 * '?', for error lines that name a file or an action: a byte that is not
 * UTF-8 and a C0 control or DEL as "\xHH", any other as "\uHHHH" (C1,
 * bidirectional controls, line and paragraph separators).  What does not fit
 * is cut at a character boundary and "..." ends it.  Returns OUT, always
 * NUL-terminated. */
char *termsafe_escape(const char *s, char *out, size_t outlen);

/* The room termsafe_escape() needs for all of a string of LEN bytes. */
#define TERMSAFE_ESCAPE_ROOM(len) (6 * (len) + 1)

#endif
