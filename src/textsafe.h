/* textsafe.h - text from files and names made safe to print on a terminal */
#ifndef DACC_TEXTSAFE_H
#define DACC_TEXTSAFE_H

#include <stdbool.h>
#include <stddef.h>

/* Copy the NUL-terminated S into OUT (OUTLEN bytes, at least 1) with every
 * byte that could drive a terminal or break a line written as an escape:
 * C0 controls (newline, carriage return, tab and ESC among them) and DEL as
 * "\xHH", the C1 controls U+0080..U+009F as "\u00HH", and every byte that is
 * not part of valid UTF-8 as "\xHH" (a lone 0x9b is CSI to an 8-bit
 * terminal).  Other text, valid UTF-8 included, is copied as it is.  What
 * does not fit is cut at a character boundary and "..." ends it.  Returns
 * OUT, always NUL-terminated.  A file or action name in a message that
 * reaches standard error or a text report goes through this first. */
char *text_safe(const char *s, char *out, size_t outlen);

/* The character at S (N >= 1 bytes left, or fewer when S ends in a NUL
 * first): returns the bytes it takes, 1 for a byte that is not part of valid
 * UTF-8 (overlong forms, surrogates and values past U+10FFFF are not), and
 * sets *IS_CONTROL when it could drive a terminal or break a line: a C0
 * control, DEL, a C1 control (U+0080..U+009F) or a byte that is not UTF-8.
 * One test for every writer of text bound for a terminal or a log. */
size_t text_unit(const char *s, size_t n, bool *is_control);

/* The room text_safe() needs for all of a string of LEN bytes. */
#define TEXT_SAFE_ROOM(len) (6 * (len) + 1)

#endif
