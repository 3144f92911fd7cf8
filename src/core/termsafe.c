/* termsafe.c - text made safe to write to a terminal */
#include "core/termsafe.h"

#include <stdio.h>
#include <string.h>

size_t termsafe_char(const char *s, size_t len, bool *safe)
{
    const unsigned char *u = (const unsigned char *)s;
    *safe = false;
    if (u[0] < 0x20 || u[0] == 0x7f)
        return 1; /* C0 controls (newline, ESC ...) and DEL */
    if (u[0] < 0x80) {
        *safe = true;
        return 1;
    }
    size_t n;
    unsigned long cp;
    if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        n = 2;
        cp = u[0] & 0x1f;
    } else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        n = 3;
        cp = u[0] & 0x0f;
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        n = 4;
        cp = u[0] & 0x07;
    } else {
        return 1; /* a continuation byte alone, an overlong lead, past U+10FFFF */
    }
    if (len < n)
        return 1;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 1;
        cp = cp << 6 | (u[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
        return 1; /* overlong, out of range, a surrogate: not UTF-8, one byte at a time */
    /* C1 controls; bidirectional controls; line and paragraph separators */
    *safe = !(cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
              cp == 0x200f || cp == 0x061c || cp == 0x2028 || cp == 0x2029);
    return n;
}

char *termsafe_fix(char *s)
{
    size_t len = strlen(s), o = 0;
    bool safe;
    for (size_t i = 0; i < len;) {
        size_t n = termsafe_char(s + i, len - i, &safe);
        if (safe)
            memmove(s + o, s + i, n);
        else
            s[o] = '?';
        o += safe ? n : 1;
        i += n;
    }
    s[o] = '\0';
    return s;
}

int termsafe_write(FILE *f, const char *s, size_t len, bool keep_tab)
{
    size_t from = 0;
    bool safe;
    for (size_t i = 0; i < len;) {
        size_t n = termsafe_char(s + i, len - i, &safe);
        i += n;
        if (safe || (keep_tab && s[i - n] == '\t'))
            continue;
        size_t upto = i - n;
        if (fwrite(s + from, 1, upto - from, f) != upto - from || fputc('?', f) == EOF)
            return -1;
        from = i;
    }
    if (fwrite(s + from, 1, len - from, f) != len - from)
        return -1;
    return 0;
}

/* The escaped form of the character at P (N bytes left) into PIECE (8
 * bytes); *STEP gets the bytes it takes.  Returns the piece's length. */
static size_t piece_at(const unsigned char *p, size_t n, char piece[8], size_t *step)
{
    bool safe;
    size_t len = termsafe_char((const char *)p, n, &safe);
    *step = len;
    if (safe) {
        memcpy(piece, p, len);
        return len;
    }
    if (len == 1)
        return (size_t)snprintf(piece, 8, "\\x%02x", p[0]);
    unsigned long cp = len == 2 ? p[0] & 0x1fu : len == 3 ? p[0] & 0x0fu : p[0] & 0x07u;
    for (size_t i = 1; i < len; i++)
        cp = cp << 6 | (p[i] & 0x3fu);
    return (size_t)snprintf(piece, 8, "\\u%04lx", cp);
}

char *termsafe_escape(const char *s, char *out, size_t outlen)
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
