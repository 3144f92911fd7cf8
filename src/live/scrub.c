/* scrub.c - server text made fit to show: every secret handed out and every
 * token received is taken out of it, however a server echoes them
 *
 * Reads the run's secrets and derived forms (secrets.c) and its tokens
 * (token.c), the one being checked included; owns nothing.
 */
#include "live/live_int.h"

#include <stdbool.h>
#include <string.h>

/* Servers echo what they received, in the form they received it or decoded
 * and encoded again: a secret is looked for in server text as it is, and
 * through URL decoding ('%xx' in either case, '+' as a space), JSON unescaping
 * (\" \/ \uXXXX ...) and both; besides the raw secrets, every form dacc
 * sent one in (the base64 of an id:secret pair, say) is looked for the same
 * ways.  A reader yields the bytes of the text so decoded. */
struct reader {
    const char *s;
    size_t len, i;                  /* I: where the next undecoded byte is */
    bool url, json;
    unsigned char pend[4];          /* the rest of a \uXXXX escape's UTF-8 */
    int npend, ipend;
};

enum { READ_END = -1, READ_BAD = -2 };

static int hex_value(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* The next byte with URL encoding undone (when asked): 0..255, or READ_END. */
static int read_url(struct reader *rd)
{
    if (rd->i >= rd->len)
        return READ_END;
    unsigned char ch = (unsigned char)rd->s[rd->i];
    if (rd->url && ch == '%' && rd->i + 2 >= rd->len)
        return READ_END; /* an escape cut short: the text ends here */
    if (rd->url && ch == '%') {
        int hi = hex_value((unsigned char)rd->s[rd->i + 1]), lo = hex_value((unsigned char)rd->s[rd->i + 2]);
        if (hi >= 0 && lo >= 0) {
            rd->i += 3;
            return hi * 16 + lo;
        }
    }
    rd->i++;
    return rd->url && ch == '+' ? ' ' : ch;
}

/* Four hex digits from the URL layer: the value, READ_END or READ_BAD. */
static long read_hex4(struct reader *rd)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int d = read_url(rd);
        if (d == READ_END)
            return READ_END;
        if (hex_value(d) < 0)
            return READ_BAD;
        v = v * 16 + hex_value(d);
    }
    return v;
}

/* The next byte with JSON escapes undone too (when asked): 0..255, READ_END,
 * or READ_BAD at an escape that does not decode. */
static int read_byte(struct reader *rd)
{
    if (rd->ipend < rd->npend)
        return rd->pend[rd->ipend++];
    int ch = read_url(rd);
    if (!rd->json || ch != '\\')
        return ch;
    int e = read_url(rd);
    switch (e) {
    case READ_END: return READ_END;
    case '"': case '\\': case '/': return e;
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': break;
    default: return READ_BAD;
    }
    long cp = read_hex4(rd);
    if (cp < 0)
        return (int)cp;
    if (cp >= 0xd800 && cp <= 0xdbff) { /* a surrogate pair */
        int b = read_url(rd), u = b == '\\' ? read_url(rd) : b;
        if (b == READ_END || u == READ_END)
            return READ_END;
        if (b != '\\' || u != 'u')
            return READ_BAD;
        long lo = read_hex4(rd);
        if (lo == READ_END)
            return READ_END;
        if (lo < 0xdc00 || lo > 0xdfff)
            return READ_BAD;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    rd->npend = rd->ipend = 0;
    if (cp < 0x80)
        return (int)cp;
    if (cp < 0x800) {
        rd->pend[rd->npend++] = (unsigned char)(0x80 | (cp & 0x3f));
        return (int)(0xc0 | (cp >> 6));
    }
    if (cp < 0x10000) {
        rd->pend[rd->npend++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        rd->pend[rd->npend++] = (unsigned char)(0x80 | (cp & 0x3f));
        return (int)(0xe0 | (cp >> 12));
    }
    rd->pend[rd->npend++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    rd->pend[rd->npend++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    rd->pend[rd->npend++] = (unsigned char)(0x80 | (cp & 0x3f));
    return (int)(0xf0 | (cp >> 18));
}

/* Whether NEEDLE[0..N) is at S[AT..LEN) read as MODE says (bit 0 URL, bit 1
 * JSON): the bytes of S it takes, or 0.  When S was CUT (its end is not the
 * server's), text running into the end that starts the needle counts too. */
static size_t match_at(const char *s, size_t len, size_t at, const char *needle, size_t n, int mode, bool cut)
{
    struct reader rd = { .s = s, .len = len, .i = at, .url = mode & 1, .json = mode & 2 };
    for (size_t k = 0; k < n; k++) {
        int ch = read_byte(&rd);
        if (ch == READ_END)
            return cut && k > 0 ? len - at : 0;
        if (ch != (unsigned char)needle[k])
            return 0;
    }
    if (rd.ipend < rd.npend)
        rd.ipend = rd.npend; /* the needle ends inside an escape: take all of it */
    return rd.i - at;
}

/* The bytes of S[AT..LEN) a secret or token takes there, read any way, or 0. */
static size_t secret_at(const struct run *r, const char *s, size_t len, size_t at, bool cut)
{
    for (int mode = 0; mode < 4; mode++) {
        size_t hit = 0;
        for (size_t k = 0; k < r->nused + r->nderived + r->ntokens + 1 && !hit; k++) {
            const char *v;
            size_t n;
            if (k < r->nused) {
                v = r->used[k];
                n = strlen(v);
            } else if (k < r->nused + r->nderived) {
                v = r->derived[k - r->nused];
                n = strlen(v);
            } else if (k < r->nused + r->nderived + r->ntokens) {
                v = r->tokens[k - r->nused - r->nderived].value;
                n = r->tokens[k - r->nused - r->nderived].len;
            } else if (r->pending && r->pending->value) {
                v = r->pending->value;
                n = r->pending->len;
            } else {
                continue;
            }
            size_t full = n;
            while (n > 3 && v[n - 1] == '=')
                n--; /* base64 padding, which an echo may leave out, hides nothing */
            if (n >= 3)
                hit = match_at(s, len, at, v, n, mode, cut);
            for (size_t pad = n; hit && pad < full && at + hit < len && s[at + hit] == '='; pad++)
                hit++; /* the padding that is there goes too */
        }
        if (hit)
            return hit;
    }
    return 0;
}

/* Secrets are looked for at each byte, before it is copied; the output
 * keeps room for one "[redacted]" and the "..." of a cut. */
void scrub_text(const struct run *r, const char *s, size_t len, bool cut, char *out, size_t outlen)
{
    size_t o = 0;
    if (outlen == 0)
        return;
    for (size_t i = 0; i < len && o + 4 < outlen;) {
        size_t hit = secret_at(r, s, len, i, cut);
        if (hit) {
            static const char red[] = "[redacted]";
            if (o + sizeof red + 3 >= outlen)
                break;
            memcpy(out + o, red, sizeof red - 1);
            o += sizeof red - 1;
            i += hit;
            continue;
        }
        unsigned char ch = (unsigned char)s[i++];
        out[o++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
    }
    out[o] = '\0';
    if (o + 4 >= outlen && outlen > 4)
        memcpy(out + outlen - 4, "...", 4); /* cut short */
}

void scrub(const struct run *r, const char *s, size_t len, char *out, size_t outlen)
{
    scrub_text(r, s, len, false, out, outlen);
}
