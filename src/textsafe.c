/* textsafe.c - terminal-safe copies of file and action names */
#include "textsafe.h"

#include <stdio.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at S (N bytes left, N >= 1), or 0
 * when S does not start one (overlong forms, surrogates and values past
 * U+10FFFF are not valid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

size_t text_unit(const char *s, size_t n, bool *is_control)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = utf8_len(p, n);
    *is_control = len == 0 || (len == 1 && (p[0] < 0x20 || p[0] == 0x7f)) || (len == 2 && p[0] == 0xc2 && p[1] <= 0x9f);
    return len ? len : 1;
}

/* The safe form of the character at P (N bytes left) into PIECE (8 bytes);
 * *STEP gets the bytes it takes.  Returns the piece's length. */
static size_t piece_at(const unsigned char *p, size_t n, char piece[8], size_t *step)
{
    bool control;
    *step = text_unit((const char *)p, n, &control);
    if (control && *step == 2)
        return (size_t)snprintf(piece, 8, "\\u%04x", p[1] & 0xffu);
    if (control)
        return (size_t)snprintf(piece, 8, "\\x%02x", p[0]);
    memcpy(piece, p, *step);
    return *step;
}

char *text_safe(const char *s, char *out, size_t outlen)
{
    static const char ellipsis[] = "...";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), whole = 0, o = 0, step;
    char piece[8];
    if (outlen == 0)
        return out;
    for (size_t i = 0; i < n; i += step)
        whole += piece_at(p + i, n - i, piece, &step);
    /* all of it, or as much as leaves room for "..." */
    size_t room = whole < outlen || outlen <= sizeof ellipsis ? outlen - 1 : outlen - sizeof ellipsis;
    for (size_t i = 0; i < n; i += step) {
        size_t plen = piece_at(p + i, n - i, piece, &step);
        if (o + plen > room)
            break;
        memcpy(out + o, piece, plen);
        o += plen;
    }
    if (whole >= outlen && o + sizeof ellipsis <= outlen) {
        memcpy(out + o, ellipsis, sizeof ellipsis - 1);
        o += sizeof ellipsis - 1;
    }
    out[o] = '\0';
    return out;
}
