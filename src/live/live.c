/* live.c - dacc live: the OAuth2 client-credentials flow and the downstream
 * call, for real.  The only file that includes <curl/curl.h>.
 *
 * A run: load the actions of PATHs; render every request that will be made
 * (so that a missing secret or input stops the run before any request);
 * get a token with each token action (one per distinct token request, reused
 * until it nears expiry); perform each --call with it; report every step.
 * Secrets and tokens never reach any output: requests are shown through
 * render.h's masked text, a token only as its length and a short hash, and
 * whatever a server sends back is scrubbed of both, in every form they were
 * sent in or a server may echo them in, before it is shown.  Literal
 * credentials in an action (what lint's plaintext-secret rule flags) are not
 * shown either, and names, paths and server text reach a terminal only
 * through termsafe.h.  Durations from servers are clamped before any
 * arithmetic, and the process neither dumps core nor is dumpable while it
 * holds secrets.
 */
#include "live/live.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <curl/curl.h>
#include <jansson.h>

#include "core/action.h"
#include "core/digest.h"
#include "core/grow.h"
#include "live/jsonpath.h"
#include "cmd/lint.h"
#include "core/load.h"
#include "live/render.h"
#include "report/report.h"
#include "rules/rule.h"
#include "core/termsafe.h"
#include "live/tlsinfo.h"
#include "core/walk.h"

#define SECRETS_FILE_MAX ((size_t)1 << 20)
#define TOKEN_HASH_LEN 12          /* hex digits of the token's SHA-256 shown */
#define NEAR_EXPIRY_MS 60000       /* a token with less left is renewed before a call */
#define SHORT_EXPIRY_S 310         /* refresh 300 s before expiry + a 10 s lease */
#define SHOWN_MAX 240              /* bytes of server text quoted in a message */
#define HEADER_KEPT 4096           /* bytes of a response header kept to be scrubbed, then quoted */
/* Every duration a server gives (Retry-After, expires_in) is clamped to this
 * many seconds before any arithmetic: a century, which no timeout reaches and
 * which a count of milliseconds holds with room to spare. */
#define SERVER_SECONDS_MAX (100LL * 365 * 24 * 3600)

/* ---- the run's state ---------------------------------------------------- */

struct loaded {
    struct source src;
    struct doc doc;
};

struct act {
    const struct node *node;
    const char *file;           /* borrowed from its struct loaded */
    const char *match;          /* its "name", for --call; NULL when it has none */
    char name[160];             /* as reports call it: its name, or "#N" as lint does */
    bool token;                 /* a token request (SPEC §3) */
    /* the nodes plaintext-secret flags in it (a literal credential): their
     * values are not shown; NULL when there are none */
    const struct node **flagged;
    size_t nflagged;
    /* the members whose names it flags (a finding at the name's position):
     * their names are not shown */
    const struct node **named;
    size_t nnamed;
};

/* A request rendered from an action. */
struct request {
    char method[8];
    struct render_result url;
    struct render_result body;
    bool has_body;
    struct render_result *values;   /* header values */
    const char **names;             /* header names, borrowed from the document */
    size_t nheaders;
    bool *name_hidden;              /* plaintext-secret flags the name: not shown */
    long timeout_ms;
    bool timeout_from_action;       /* config.timeoutSeconds, not --max-timeout-ms */
};

struct check {
    enum severity sev;
    const char *id;                 /* static: status, scope, timeout ... */
    char *msg;
};

struct step {
    const char *kind;               /* "token" or "call" */
    const struct act *act;
    char method[8];
    char *url_shown;
    bool performed;                 /* a request went out */
    long status;                    /* 0: no HTTP response */
    char tls[16];
    long t_dns, t_connect, t_tls, t_first, t_total;
    int attempts;
    long response_bytes;            /* -1: none */
    bool has_token;
    size_t token_len;
    char token_hash[TOKEN_HASH_LEN + 1];
    char token_type[24];
    long long expires_in;           /* as the server said; 0: none usable */
    char *scope;                    /* as granted, or NULL */
    bool reused;                    /* the token of an earlier, identical request */
    const char *token_from;         /* call: the token action's name */
    long success_bytes;             /* -1: not rendered */
    struct check *checks;
    size_t nchecks, cap;
};

struct token {
    char key[DIGEST_HEX_LEN + 1];   /* SHA-256 of the rendered request */
    char *value;
    size_t len;
    char hash[TOKEN_HASH_LEN + 1];
    long long expires_at;           /* monotonic ms */
    const struct act *act;
};

struct missing {
    enum render_ref kind;
    char name[80];
    /* referenced in a field plaintext-secret flags (the name may be a
     * credential): not named, the action and field are */
    bool hidden;
    const struct act *act;
    const char *field;              /* static */
};

struct run {
    const struct options *opt;
    struct lint_env env;            /* limits: flags over .dacc.yaml over rules/ */
    bool env_ready;
    long payload_limit;
    struct loaded *files;
    size_t nfiles, files_cap;
    struct act *acts;
    size_t nacts, acts_cap;
    struct source secrets_src;
    struct doc secrets_doc;
    const struct node *secrets;     /* the --secrets-file map, or NULL */
    struct missing *missing;
    size_t nmissing, missing_cap;
    const char **used;              /* every secret value handed out (for scrubbing) */
    size_t nused, used_cap;
    char **derived;                 /* every form a secret is sent in (render.h), and */
    size_t nderived, derived_cap;   /* the base64url spelling of each: scrubbed too */
    char *raw_request;              /* ${input.rawRequest}: the inputs as JSON */
    struct token *tokens;
    size_t ntokens, tokens_cap;
    const struct token *pending;    /* a token being checked, not yet in TOKENS */
    const struct act *rendering;    /* the action and field being rendered, and */
    const char *rendering_field;    /* whether plaintext-secret flags the field */
    bool rendering_flagged;
    struct step *steps;
    size_t nsteps, steps_cap;
    CURL *curl;
    bool nomem;
    bool trouble;                   /* a configuration error found while running */
};

/* Seconds S from a server, clamped to 0 .. SERVER_SECONDS_MAX. */
static long long server_seconds(long long s)
{
    return s < 0 ? 0 : s > SERVER_SECONDS_MAX ? SERVER_SECONDS_MAX : s;
}

/* Decimal digits D[0..LEN) as a number, saturating at LLONG_MAX; -1 when
 * they are not all digits (or there are none). */
static long long saturating_digits(const char *d, size_t len)
{
    long long v = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (d[i] < '0' || d[i] > '9')
            return -1;
        int digit = d[i] - '0';
        v = v > (LLONG_MAX - digit) / 10 ? LLONG_MAX : v * 10 + digit;
    }
    return v;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* FMT formatted: a malloc'd string, or NULL when memory ran out. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (out)
        vsnprintf(out, (size_t)n + 1, fmt, again);
    va_end(again);
    return out;
}

/* Write FMT formatted to F, made safe for a terminal (termsafe.h): names,
 * paths and server text never reach it raw.  The caller writes the newline. */
static void tput(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tput(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (text)
        termsafe_write(f, text, strlen(text), false);
    else
        fputs("[out of memory]", f);
    free(text);
}

/* cli_error(), made safe for a terminal. */
static void live_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void live_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (!text) {
        cli_error("out of memory");
        return;
    }
    termsafe_fix(text);
    cli_error("%s", text);
    free(text);
}

static void verbose(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --verbose: one line to standard error, made safe for a terminal; never
 * given a secret or a token. */
static void verbose(const struct run *r, const char *fmt, ...)
{
    if (!r->opt->verbose)
        return;
    va_list ap;
    fputs("dacc live: ", stderr);
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (text)
        termsafe_write(stderr, text, strlen(text), false);
    free(text);
    fputc('\n', stderr);
}

/* ---- scrubbing what servers send back ----------------------------------- */

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

/* Copy server text S[0..LEN) into OUT for a message: control characters
 * become spaces, every secret handed out and every token received, in any
 * form found above, becomes "[redacted]", and long text is cut with "..."
 * (after scrubbing, so that no part of a secret is left at the cut).  CUT:
 * S is itself the start of longer text (a header kept in part), so a secret
 * that runs into its end is redacted too. */
static void scrub_text(const struct run *r, const char *s, size_t len, bool cut, char *out, size_t outlen)
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

static void scrub(const struct run *r, const char *s, size_t len, char *out, size_t outlen)
{
    scrub_text(r, s, len, false, out, outlen);
}

/* ---- steps and checks --------------------------------------------------- */

static struct step *step_new(struct run *r, const char *kind, const struct act *act)
{
    void *more = grow(r->steps, &r->steps_cap, r->nsteps, sizeof *r->steps, 8);
    if (!more) {
        r->nomem = true;
        return NULL;
    }
    r->steps = more;
    struct step *st = &r->steps[r->nsteps++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->act = act;
    st->t_dns = st->t_connect = st->t_tls = st->t_first = st->t_total = -1;
    st->response_bytes = -1;
    st->success_bytes = -1;
    return st;
}

static void add_check(struct run *r, struct step *st, enum severity sev, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add_check(struct run *r, struct step *st, enum severity sev, const char *id, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    void *more = grow(st->checks, &st->cap, st->nchecks, sizeof *st->checks, 4);
    char *copy = strdup(msg);
    if (!more || !copy) {
        free(copy);
        r->nomem = true;
        return;
    }
    st->checks = more;
    st->checks[st->nchecks++] = (struct check){ .sev = sev, .id = id, .msg = copy };
}

static void step_free(struct step *st)
{
    for (size_t i = 0; i < st->nchecks; i++)
        free(st->checks[i].msg);
    free(st->checks);
    free(st->url_shown);
    free(st->scope);
}

/* ---- inputs and secrets ------------------------------------------------- */

static const char *input_value(struct run *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->opt->ninputs; i++) {
        const char *kv = r->opt->inputs[i];
        if (strncmp(kv, name, len) == 0 && kv[len] == '=')
            return kv + len + 1;
    }
    if (len == 10 && memcmp(name, "rawRequest", 10) == 0) {
        /* Genesys's pass-through of the whole input: here, the --input pairs */
        if (!r->raw_request) {
            json_t *o = json_object();
            for (size_t i = 0; o && i < r->opt->ninputs; i++) {
                const char *kv = r->opt->inputs[i], *eq = strchr(kv, '=');
                /* report_json_text: an input that is not UTF-8 is not a memory failure */
                if (json_object_setn_new(o, kv, (size_t)(eq - kv), report_json_text(eq + 1)))
                    r->nomem = true;
            }
            r->raw_request = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            json_decref(o);
            if (!r->raw_request)
                r->nomem = true;
        }
        return r->raw_request;
    }
    return NULL;
}

/* DACC_SECRET_<NAME upper-cased>, other characters than letters and digits as '_'. */
static void secret_env_name(const char *name, size_t len, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "DACC_SECRET_");
    size_t o = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; i < len && o + 1 < outlen; i++) {
        char ch = name[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            ch = '_';
        out[o++] = ch;
    }
    out[o] = '\0';
}

/* Keep a copy of TEXT[0..LEN) among the forms of secrets to scrub, once. */
static void keep_derived(struct run *r, const char *text, size_t len)
{
    for (size_t i = 0; i < r->nderived; i++)
        if (strlen(r->derived[i]) == len && memcmp(r->derived[i], text, len) == 0)
            return;
    void *more = grow(r->derived, &r->derived_cap, r->nderived, sizeof *r->derived, 8);
    char *copy = more ? strndup(text, len) : NULL;
    if (more)
        r->derived = more;
    if (!copy) {
        r->nomem = true;
        return;
    }
    r->derived[r->nderived++] = copy;
}

/* A form a secret is sent in (render.h's derived), and its base64url
 * spelling ('-' and '_' for '+' and '/') when that differs. */
static void remember_derived(void *ctx, const char *text, size_t len)
{
    struct run *r = ctx;
    keep_derived(r, text, len);
    if (!memchr(text, '+', len) && !memchr(text, '/', len))
        return;
    char *alt = strndup(text, len);
    if (!alt) {
        r->nomem = true;
        return;
    }
    for (size_t i = 0; i < len; i++)
        alt[i] = alt[i] == '+' ? '-' : alt[i] == '/' ? '_' : alt[i];
    keep_derived(r, alt, len);
    free(alt);
}

static void remember_secret(struct run *r, const char *value)
{
    for (size_t i = 0; i < r->nused; i++)
        if (r->used[i] == value)
            return;
    void *more = grow(r->used, &r->used_cap, r->nused, sizeof *r->used, 8);
    if (!more) {
        r->nomem = true;
        return;
    }
    r->used = more;
    r->used[r->nused++] = value;
    remember_derived(r, value, strlen(value)); /* its base64url spelling, if any */
}

/* The environment first, then --secrets-file.  An empty value is no value. */
static const char *secret_value(struct run *r, const char *name, size_t len)
{
    char var[128];
    if (len == 0 || len > 80)
        return NULL;
    secret_env_name(name, len, var, sizeof var);
    const char *v = getenv(var);
    if (v && *v) {
        remember_secret(r, v);
        return v;
    }
    if (r->secrets) {
        char key[81];
        memcpy(key, name, len);
        key[len] = '\0';
        const struct node *n = node_get(r->secrets, key);
        if (n && n->kind == NODE_STRING && n->len > 0 && !memchr(n->str, '\0', n->len)) {
            remember_secret(r, n->str);
            return n->str;
        }
    }
    return NULL;
}

static const char *lookup(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    struct run *r = ctx;
    if (kind == RENDER_INPUT)
        return input_value(r, name, len);
    if (kind == RENDER_SECRET)
        return secret_value(r, name, len);
    return NULL;
}

static void note_missing(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    struct run *r = ctx;
    if (len >= sizeof r->missing->name)
        len = sizeof r->missing->name - 1;
    for (size_t i = 0; i < r->nmissing; i++)
        if (r->missing[i].kind == kind && strlen(r->missing[i].name) == len &&
            memcmp(r->missing[i].name, name, len) == 0) {
            if (r->rendering_flagged && !r->missing[i].hidden) {
                r->missing[i].hidden = true;
                r->missing[i].act = r->rendering;
                r->missing[i].field = r->rendering_field;
            }
            return;
        }
    void *more = grow(r->missing, &r->missing_cap, r->nmissing, sizeof *r->missing, 4);
    if (!more) {
        r->nomem = true;
        return;
    }
    r->missing = more;
    struct missing *m = &r->missing[r->nmissing++];
    m->kind = kind;
    m->hidden = r->rendering_flagged;
    m->act = r->rendering;
    m->field = r->rendering_field;
    memcpy(m->name, name, len);
    m->name[len] = '\0';
}

static char *url_escape(void *ctx, const char *s, size_t len)
{
    struct run *r = ctx;
    char *e = curl_easy_escape(r->curl, s, (int)len);
    if (!e)
        return NULL;
    char *copy = strdup(e); /* render.c frees with free() */
    curl_free(e);
    return copy;
}

/* --secrets-file: a regular file that only its owner may read, holding a map
 * of names to strings.  Returns 0, or -1 after saying why. */
static int load_secrets(struct run *r, const char *path)
{
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        live_error("%s: cannot open the secrets file: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        live_error("%s: the secrets file must be a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        live_error("%s: the secrets file is open to group or others (mode %04o); "
                  "run 'chmod 600 %s' so that only its owner can read it",
                  path, (unsigned)(st.st_mode & 07777), path);
        close(fd);
        return -1;
    }
    if ((size_t)st.st_size > SECRETS_FILE_MAX) {
        live_error("%s: the secrets file is larger than %zu bytes", path, SECRETS_FILE_MAX);
        close(fd);
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap);
    int rc = buf ? 0 : -1;
    if (!buf)
        live_error("out of memory");
    while (rc == 0) {
        if (len == cap) {
            live_error("%s: the secrets file changed while it was read", path);
            rc = -1;
            break;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            live_error("%s: cannot read the secrets file: %s", path, strerror(errno));
            rc = -1;
        }
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (rc == 0 && source_from_bytes(&r->secrets_src, path, buf, len) != 0) {
        live_error("out of memory");
        rc = -1;
    }
    free(buf);
    if (rc != 0)
        return -1;
    struct load_error err = { 0 };
    struct load_limits lim = { .max_depth = 8, .max_alias_nodes = 0 };
    enum load_status ls = load_document(&r->secrets_src, load_guess_syntax(path, &r->secrets_src), &lim,
                                        &r->secrets_doc, &err);
    if (ls == LOAD_NOMEM) {
        live_error("out of memory");
        return -1;
    }
    if (ls == LOAD_SYNTAX) {
        live_error("%s:%u:%u: %s", path, err.line, err.col, err.msg);
        return -1;
    }
    const struct node *map = r->secrets_doc.root;
    if (map->kind != NODE_OBJECT) {
        live_error("%s: the secrets file must hold a map of secret names to values", path);
        return -1;
    }
    for (size_t i = 0; i < map->n; i++) {
        const struct node *v = map->kids[i];
        if (v->kind != NODE_STRING) {
            char key[64];
            live_error("%s:%u:%u: the value of '%s' must be a string", path, v->line, v->col,
                      node_key_text(v, key, sizeof key));
            return -1;
        }
    }
    r->secrets = map;
    return 0;
}

/* ---- loading the actions ------------------------------------------------ */

/* Run lint's plaintext-secret rule over action A (whatever .dacc.yaml says
 * of it, and its suppressions too): what it would flag, live does not show.
 * A flagged name makes the action "#INDEX", as lint calls it.  Returns 0,
 * or -1 when memory ran out. */
static int flag_secrets(struct run *r, struct act *a, const struct source *src, size_t index)
{
    struct diag d = { 0 };
    struct rule_ctx rc = {
        .rule = &rule_plaintext_secret, .policy = &r->env.policy, .data = r->env.data,
        .scratch = r->env.scratch, .config = r->env.cfg, .severity = -1, .diag = &d, .src = src,
        .action = a->node, .action_name = "",
    };
    rule_plaintext_secret.check(&rc, a->node);
    int rc_status = rc.failed ? -1 : 0;
    if (rc_status == 0 && d.n) {
        a->flagged = calloc(d.n, sizeof *a->flagged);
        a->named = calloc(d.n, sizeof *a->named);
        if (!a->flagged || !a->named)
            rc_status = -1;
    }
    for (size_t i = 0; rc_status == 0 && i < d.n; i++) {
        const struct finding *f = &d.items[i];
        const struct node *n = node_at_pointer(a->node, f->pointer);
        if (n && n->key && f->line == n->key_line && f->col == n->key_col &&
            !(n->line == n->key_line && n->col == n->key_col)) {
            a->named[a->nnamed++] = n; /* at the name: the member's name is a credential */
            continue;
        }
        /* a pointer that does not lead back (none should) hides all of the action */
        a->flagged[a->nflagged++] = n ? n : a->node;
        if (!n || n == node_get(a->node, "name"))
            snprintf(a->name, sizeof a->name, "#%zu", index);
    }
    diag_free(&d);
    return rc_status;
}

/* Whether the name of member N is not to be shown: plaintext-secret flags it,
 * or the collection it is a member of. */
static bool name_flagged(const struct act *a, const struct node *n)
{
    for (size_t i = 0; i < a->nnamed; i++)
        if (a->named[i] == n)
            return true;
    for (size_t i = 0; n->parent && i < a->nflagged; i++)
        if (a->flagged[i] == n->parent)
            return true;
    return false;
}

/* 2: N is flagged itself; 1: a member N belongs to is; 0: neither. */
static int flag_of(const struct act *a, const struct node *n)
{
    for (const struct node *p = n; p; p = p == a->node ? NULL : p->parent)
        for (size_t i = 0; i < a->nflagged; i++)
            if (a->flagged[i] == p)
                return p == n ? 2 : 1;
    return 0;
}

static int add_act(struct run *r, const struct node *node, const struct source *src, size_t index)
{
    void *more = grow(r->acts, &r->acts_cap, r->nacts, sizeof *r->acts, 8);
    if (!more)
        return -1;
    r->acts = more;
    struct act *a = &r->acts[r->nacts++];
    memset(a, 0, sizeof *a);
    a->node = node;
    a->file = src->name;
    const struct node *name = node_get(node, "name");
    a->match = name && name->kind == NODE_STRING && !memchr(name->str, '\0', name->len) ? name->str : NULL;
    action_display_name(node, index, a->name, sizeof a->name);
    a->token = node->kind == NODE_OBJECT && action_is_token_request(node);
    return flag_secrets(r, a, src, index);
}

/* Load every file of PATHs.  Returns 0, or -1 after saying why. */
static int load_actions(struct run *r)
{
    const struct options *opt = r->opt;
    struct file_list list = { 0 };
    int rc = 0;
    /* as lint walks: its excludes, links out of the paths left alone unless --follow-symlinks */
    const struct walk_opts wo = { .excluded = lint_excluded, .ctx = &r->env, .follow_symlinks = opt->follow_symlinks,
                                  .quiet = opt->quiet };
    int w = walk_paths(&list, opt->paths, opt->npaths, &wo);
    if (w < 0)
        live_error("out of memory");
    if (w != 0)
        rc = -1;
    for (size_t i = 0; i < list.n && rc == 0; i++) {
        void *more = grow(r->files, &r->files_cap, r->nfiles, sizeof *r->files, 4);
        if (!more) {
            live_error("out of memory");
            rc = -1;
            break;
        }
        r->files = more;
        struct loaded *f = &r->files[r->nfiles];
        memset(f, 0, sizeof *f);
        const char *path = list.paths[i];
        const char *shown = strcmp(path, "-") == 0 ? (opt->stdin_filename ? opt->stdin_filename : "<stdin>") : path;
        char why[256];
        if (source_read(&f->src, path, shown, opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
            live_error("%s: %s", shown, why);
            rc = -1;
            break;
        }
        r->nfiles++;
        struct load_error err = { 0 };
        enum load_status ls = load_document(&f->src, load_guess_syntax(f->src.name, &f->src), &opt->limits,
                                            &f->doc, &err);
        if (ls != LOAD_OK) {
            if (ls == LOAD_NOMEM)
                live_error("out of memory");
            else
                live_error("%s:%u:%u: %s ('dacc lint' checks the file)", f->src.name, err.line, err.col, err.msg);
            rc = -1;
            break;
        }
        const struct node *root = f->doc.root, *items = action_list(root);
        if (items) {
            for (size_t k = 0; k < items->n && rc == 0; k++)
                rc = add_act(r, items->kids[k], &f->src, k);
        } else {
            rc = add_act(r, root, &f->src, 0);
        }
        if (rc != 0)
            live_error("out of memory");
    }
    walk_free(&list);
    return rc;
}

/* ---- rendering requests ------------------------------------------------- */

static void request_free(struct request *q)
{
    render_result_free(&q->url);
    render_result_free(&q->body);
    for (size_t i = 0; i < q->nheaders; i++)
        render_result_free(&q->values[i]);
    free(q->values);
    free(q->names);
    free(q->name_hidden);
    memset(q, 0, sizeof *q);
}

/* Render FIELD of action A (TEXT[0..LEN)) into OUT.  FLAGGED: plaintext-secret
 * flags the field, so neither the shown text nor a message names a secret
 * (its name may be a credential).  Returns 0, or -1 after saying why. */
static int render_field(struct run *r, const struct act *a, const char *field, const char *text, size_t len,
                        bool flagged, struct render_result *out)
{
    struct render_vars vars = {
        .lookup = lookup, .missing = note_missing, .url_escape = url_escape, .derived = remember_derived, .ctx = r,
        .hide_names = flagged,
    };
    struct render_error err;
    r->rendering = a;
    r->rendering_field = field;
    r->rendering_flagged = flagged;
    enum render_status st = render_template(text, len, &vars, out, &err);
    r->rendering_flagged = false;
    if (st == RENDER_NOMEM) {
        live_error("out of memory");
        return -1;
    }
    if (st != RENDER_OK) {
        live_error("%s: action '%s': %s: %s", a->file, a->name, field,
                   flagged ? "cannot be rendered; it holds what plaintext-secret flags ('dacc lint' says what)"
                           : err.what);
        return -1;
    }
    return r->nomem ? -1 : 0;
}

/* ---- what a shown request may show ------------------------------------- */

#define NOT_SHOWN "[literal value not shown]"

static bool masked_already(const char *v, size_t len)
{
    return len > 0 && v[0] == '[';
}

/* The shown text of form parameters S[0..LEN) with the literal value of every
 * parameter named like a credential (client_secret, api_key ...) replaced:
 * values that came from secrets are masked already, but a secret written into
 * the action itself must not be shown either.  Returns a malloc'd string. */
static char *mask_params(const struct run *r, const char *s, size_t len)
{
    size_t cap = len + 1, o = 0, last = 0, pos = 0;
    struct tpl_param p;
    while (tpl_form_next(s, len, &pos, &p))
        cap += sizeof NOT_SHOWN;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    pos = 0;
    while (tpl_form_next(s, len, &pos, &p)) {
        char name[64];
        size_t n = tpl_url_decode(s + p.key_start, p.key_end - p.key_start, name, sizeof name);
        size_t vlen = p.value_end - p.value_start;
        if (vlen && !masked_already(s + p.value_start, vlen) && ruledata_is_secret_name(r->env.data, name, n)) {
            memcpy(out + o, s + last, p.value_start - last);
            o += p.value_start - last;
            memcpy(out + o, NOT_SHOWN, sizeof NOT_SHOWN - 1);
            o += sizeof NOT_SHOWN - 1;
            last = p.value_end;
        }
    }
    memcpy(out + o, s + last, len - last);
    o += len - last;
    out[o] = '\0';
    return out;
}

static int replace_shown(struct render_result *res, char *shown)
{
    if (!shown)
        return -1;
    free(res->shown);
    res->shown = shown;
    res->shown_len = strlen(shown);
    return 0;
}

/* Whether the literal parameter value V[0..LEN) (references in it marked)
 * is one plaintext-secret could flag: named like a credential, random-looking
 * or of a known format.  NAMED: its name is a credential's. */
static bool param_may_be_secret(const struct run *r, const char *v, size_t len, bool named)
{
    if (tpl_literal_len(v, len) == 0)
        return false;
    if (named)
        return true;
    char *decoded = malloc(len + 1), *text = malloc(len + 1);
    bool yes = true; /* out of memory: say yes, and hide it */
    if (decoded && text) {
        size_t dl = tpl_url_decode(v, len, decoded, len + 1);
        size_t tl = tpl_strip(decoded, dl, text, len + 1, "\x01");
        yes = ruledata_random_token(r->env.data, r->env.scratch, text, tl) ||
              ruledata_find_secret(r->env.data, text, tl, r->env.scratch);
    }
    free(decoded);
    free(text);
    return yes;
}

/* Template S[0..LEN), which plaintext-secret flags, as it may be shown: the
 * userinfo of a URL (when URL) and each form or query parameter value that
 * could be what it flags read NOT_SHOWN.  A malloc'd string, or NULL when
 * memory ran out; when what is left would still be flagged (a known format
 * in a URL's path, say), just NOT_SHOWN. */
static char *shown_template(const struct run *r, const char *s, size_t len, bool url)
{
    size_t ps = 0, pe = len, ui = len, at = len;
    if (url) {
        const char *q = memchr(s, '?', len), *sch = strstr(s, "://");
        ps = q ? (size_t)(q - s) + 1 : len;
        const char *hash = memchr(s + ps, '#', len - ps);
        pe = hash ? (size_t)(hash - s) : len;
        if (sch && (size_t)(sch - s) < ps) {
            size_t as = (size_t)(sch - s) + 3, ae = as + strcspn(s + as, "/?#");
            for (size_t i = as; i < ae && i < len; i++)
                if (s[i] == '@')
                    at = i; /* the last '@' of the authority */
            if (at < len)
                ui = as;
        }
    }
    size_t nparams = 0, pos = 0;
    struct tpl_param p;
    while (tpl_form_next(s + ps, pe - ps, &pos, &p))
        nparams++;
    size_t cap = len + (nparams + 2) * sizeof NOT_SHOWN, o = 0, last = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    if (ui < len) {
        memcpy(out, s, ui);
        memcpy(out + ui, NOT_SHOWN, sizeof NOT_SHOWN - 1);
        o = ui + sizeof NOT_SHOWN - 1;
        last = at;
    }
    pos = 0;
    while (tpl_form_next(s + ps, pe - ps, &pos, &p)) {
        char name[64];
        size_t n = tpl_url_decode(s + ps + p.key_start, p.key_end - p.key_start, name, sizeof name);
        bool named = ruledata_is_secret_name(r->env.data, name, n);
        size_t vs = ps + p.value_start, ve = ps + p.value_end;
        if (ve > vs && param_may_be_secret(r, s + vs, ve - vs, named)) {
            memcpy(out + o, s + last, vs - last);
            o += vs - last;
            memcpy(out + o, NOT_SHOWN, sizeof NOT_SHOWN - 1);
            o += sizeof NOT_SHOWN - 1;
            last = ve;
        }
    }
    memcpy(out + o, s + last, len - last);
    o += len - last;
    out[o] = '\0';
    /* what is left, as check_formats judges it */
    char *text = malloc(o + 1);
    bool still = !text || ruledata_find_secret(r->env.data, text, tpl_strip(out, o, text, o + 1, "\x01"),
                                               r->env.scratch);
    free(text);
    if (still) {
        free(out);
        return strdup(NOT_SHOWN);
    }
    return out;
}

/* A field of A that plaintext-secret flags (FLAG, flag_of()) is shown as
 * shown_template() makes it (FLAG 2, a URL or a form) or not at all: RES's
 * shown text is replaced.  Returns 0, or -1 after saying why. */
static int mask_flagged(struct run *r, const struct act *a, const char *field, const char *tmpl, size_t len,
                        int flag, bool url, bool form, struct render_result *res)
{
    if (!flag)
        return 0;
    if (flag == 1 || !(url || form))
        return replace_shown(res, strdup(NOT_SHOWN)) == 0 ? 0 : (live_error("out of memory"), -1);
    char *masked = shown_template(r, tmpl, len, url);
    if (!masked) {
        live_error("out of memory");
        return -1;
    }
    struct render_result again;
    int rc = render_field(r, a, field, masked, strlen(masked), true, &again);
    free(masked);
    if (rc != 0)
        return -1;
    free(res->shown);
    res->shown = again.shown;
    res->shown_len = again.shown_len;
    again.shown = NULL;
    render_result_free(&again);
    return 0;
}

/* Mask literal credentials in what Q shows: query parameters of the URL,
 * form parameters of the body, and credential-named headers whose template
 * holds literal text (such as a pasted API key). */
static int mask_request(const struct run *r, const struct node *headers, struct request *q)
{
    const char *u = q->url.shown, *query = strchr(u, '?');
    if (query) {
        size_t qlen = strcspn(query + 1, "#");
        char *masked = mask_params(r, query + 1, qlen);
        char *url = masked ? malloc(strlen(u) + strlen(masked) + 2) : NULL;
        if (url)
            snprintf(url, strlen(u) + strlen(masked) + 2, "%.*s?%s%s", (int)(query - u), u, masked,
                     query + 1 + qlen);
        free(masked);
        if (replace_shown(&q->url, url) != 0)
            return -1;
    }
    if (q->has_body && tpl_is_form(q->body.shown, q->body.shown_len) &&
        replace_shown(&q->body, mask_params(r, q->body.shown, q->body.shown_len)) != 0)
        return -1;
    for (size_t i = 0; i < q->nheaders; i++) {
        const struct node *h = node_get_nocase(headers, q->names[i]);
        bool credential = ruledata_is_secret_name(r->env.data, q->names[i], strlen(q->names[i])) ||
                          strcasecmp(q->names[i], "cookie") == 0;
        if (credential && h && tpl_literal_len(h->str, h->len) > 0 &&
            replace_shown(&q->values[i], strdup(NOT_SHOWN)) != 0)
            return -1;
    }
    return 0;
}

/* Render action A's request into Q.  Returns 0, or -1 after saying why
 * (a missing secret or input is only recorded, and said later). */
static int prepare(struct run *r, const struct act *a, struct request *q)
{
    memset(q, 0, sizeof *q);
    const struct node *request = action_request(a->node);
    const char *url = node_string(node_get(request, "requestUrlTemplate"));
    const char *method = node_string(node_get(request, "requestType"));
    if (!url || !*url) {
        live_error("%s: action '%s' has no config.request.requestUrlTemplate", a->file, a->name);
        return -1;
    }
    static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", NULL };
    bool known = false;
    for (const char *const *m = methods; method && *m && !known; m++)
        known = strcmp(method, *m) == 0;
    if (!known) {
        live_error("%s: action '%s': config.request.requestType must be GET, POST, PUT, PATCH or DELETE",
                  a->file, a->name);
        return -1;
    }
    snprintf(q->method, sizeof q->method, "%s", method);
    int uflag = flag_of(a, node_get(request, "requestUrlTemplate"));
    if (render_field(r, a, "config.request.requestUrlTemplate", url, strlen(url), uflag != 0, &q->url) != 0 ||
        mask_flagged(r, a, "config.request.requestUrlTemplate", url, strlen(url), uflag, true, false, &q->url) != 0)
        return -1;
    /* Genesys sends a request template with POST, PUT and PATCH only */
    const struct node *body = node_get(request, "requestTemplate");
    q->has_body = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;
    if (q->has_body) {
        const char *b = body && body->kind == NODE_STRING ? body->str : "";
        size_t blen = body && body->kind == NODE_STRING ? body->len : 0;
        int bflag = body ? flag_of(a, body) : 0;
        if (render_field(r, a, "config.request.requestTemplate", b, blen, bflag != 0, &q->body) != 0 ||
            mask_flagged(r, a, "config.request.requestTemplate", b, blen, bflag, false,
                         action_body_kind(a->node) == BODY_FORM, &q->body) != 0)
            return -1;
    }
    const struct node *headers = node_get(request, "headers");
    if (headers && headers->kind == NODE_OBJECT && headers->n) {
        q->values = calloc(headers->n, sizeof *q->values);
        q->names = calloc(headers->n, sizeof *q->names);
        q->name_hidden = calloc(headers->n, sizeof *q->name_hidden);
        if (!q->values || !q->names || !q->name_hidden) {
            live_error("out of memory");
            return -1;
        }
        for (size_t i = 0; i < headers->n; i++) {
            const struct node *h = headers->kids[i];
            char field[120];
            if (h->kind != NODE_STRING || memchr(h->key, '\0', h->key_len) || strpbrk(h->key, ":\r\n")) {
                live_error("%s: action '%s': config.request.headers: every header needs a name and a string value",
                          a->file, a->name);
                return -1;
            }
            bool hide_name = name_flagged(a, h);
            snprintf(field, sizeof field, "header %.60s", hide_name ? "[name not shown]" : h->key);
            int hflag = flag_of(a, h);
            if (render_field(r, a, hflag ? "a header" : field, h->str, h->len, hflag != 0,
                             &q->values[q->nheaders]) != 0 ||
                mask_flagged(r, a, field, h->str, h->len, hflag ? 1 : 0, false, false,
                             &q->values[q->nheaders]) != 0)
                return -1;
            q->name_hidden[q->nheaders] = hide_name;
            q->names[q->nheaders++] = h->key;
        }
    }
    if (mask_request(r, headers, q) != 0) {
        live_error("out of memory");
        return -1;
    }
    const struct node *t = node_path(a->node, "config/timeoutSeconds");
    if (t && t->kind == NODE_INT && t->i >= 1 && t->i <= 60) {
        q->timeout_ms = (long)t->i * 1000;
        q->timeout_from_action = true;
    } else {
        q->timeout_ms = r->env.policy.max_timeout_ms;
    }
    return 0;
}

/* ---- one HTTP exchange -------------------------------------------------- */

struct resp {
    CURL *curl;
    CURLcode rc;
    long status;
    char *body;                     /* NUL-terminated */
    size_t len, cap, limit;
    bool capped;                    /* the body ran past the limit */
    bool nomem;                     /* on_body ran out of memory */
    curl_off_t content_length;      /* -1: not announced */
    long long retry_after;          /* seconds as sent (saturated); -1: none or unreadable */
    char www_auth[HEADER_KEPT];     /* each header's first HEADER_KEPT - 1 bytes; */
    char content_type[HEADER_KEPT]; /* _cut: it was longer */
    char location[HEADER_KEPT];
    bool www_auth_cut, content_type_cut, location_cut;
    char tls[16];
    char err[CURL_ERROR_SIZE];
    long t_dns, t_connect, t_tls, t_first, t_total;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    struct resp *rs = user;
    size_t n = size * nmemb;
    if (rs->len + n > rs->limit) {
        /* the payload limit, chunked responses included: a short count stops the transfer */
        rs->capped = true;
        return 0;
    }
    if (rs->len + n + 1 > rs->cap) {
        size_t cap = rs->cap ? rs->cap : 4096;
        while (cap < rs->len + n + 1)
            cap *= 2;
        char *more = realloc(rs->body, cap);
        if (!more) {
            rs->nomem = true;
            return 0;
        }
        rs->body = more;
        rs->cap = cap;
    }
    memcpy(rs->body + rs->len, data, n);
    rs->len += n;
    rs->body[rs->len] = '\0';
    return n;
}

/* Keep header VALUE[0..LEN), trimmed, in OUT; true when it had to be cut. */
static bool keep_header(const char *value, size_t len, char *out, size_t outlen)
{
    bool cut = false;
    while (len && (value[len - 1] == '\r' || value[len - 1] == '\n' || value[len - 1] == ' '))
        len--;
    while (len && (*value == ' ' || *value == '\t'))
        value++, len--;
    if (len >= outlen) {
        len = outlen - 1;
        cut = true;
    }
    memcpy(out, value, len);
    out[len] = '\0';
    return cut;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
    struct resp *rs = user;
    size_t n = size * nmemb;
    if (!rs->tls[0]) {
        /* the TLS session is in use now; its version, while it is */
        struct curl_tlssessioninfo *info = NULL;
        if (curl_easy_getinfo(rs->curl, CURLINFO_TLS_SSL_PTR, &info) == CURLE_OK && info &&
            info->backend == CURLSSLBACKEND_OPENSSL && info->internals) {
            const char *v = tlsinfo_version(info->internals);
            if (v)
                snprintf(rs->tls, sizeof rs->tls, "%s", v);
        }
    }
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* a new response (after a 100 Continue, say): forget the last one's headers */
        rs->www_auth[0] = rs->content_type[0] = rs->location[0] = '\0';
        rs->www_auth_cut = rs->content_type_cut = rs->location_cut = false;
        rs->content_length = -1;
        rs->retry_after = -1;
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n;
    size_t name_len = (size_t)(colon - data), vlen = n - name_len - 1;
    if (name_len == 16 && strncasecmp(data, "www-authenticate", 16) == 0)
        rs->www_auth_cut = keep_header(colon + 1, vlen, rs->www_auth, sizeof rs->www_auth);
    else if (name_len == 12 && strncasecmp(data, "content-type", 12) == 0)
        rs->content_type_cut = keep_header(colon + 1, vlen, rs->content_type, sizeof rs->content_type);
    else if (name_len == 8 && strncasecmp(data, "location", 8) == 0)
        rs->location_cut = keep_header(colon + 1, vlen, rs->location, sizeof rs->location);
    else if (name_len == 11 && strncasecmp(data, "retry-after", 11) == 0) {
        /* read here, not with CURLINFO_RETRY_AFTER: seconds saturate rather than wrap,
         * and a value that is neither seconds nor a date is no Retry-After */
        char text[64];
        keep_header(colon + 1, vlen, text, sizeof text);
        long long secs = saturating_digits(text, strlen(text));
        if (secs < 0 && text[0]) {
            time_t when = curl_getdate(text, NULL), now = time(NULL);
            if (when != (time_t)-1)
                secs = when > now ? (long long)(when - now) : 0;
        }
        rs->retry_after = secs;
    } else if (name_len == 14 && strncasecmp(data, "content-length", 14) == 0) {
        /* kept here too: libcurl reports none when CURLOPT_MAXFILESIZE stops the transfer */
        char num[32];
        keep_header(colon + 1, vlen, num, sizeof num);
        char *end;
        errno = 0;
        long long v = strtoll(num, &end, 10);
        if (!errno && end != num && !*end && v >= 0)
            rs->content_length = (curl_off_t)v;
    }
    return n;
}

static long usec_to_ms(curl_off_t us)
{
    return (long)((us + 500) / 1000);
}

/* Perform Q once within TIMEOUT_MS.  BEARER (or NULL) replaces any
 * Authorization header of the action.  Returns -1 only when memory ran out;
 * transport failures are in RS->rc. */
static int perform(struct run *r, const struct request *q, const char *bearer, long timeout_ms, struct resp *rs)
{
    CURL *c = r->curl;
    struct curl_slist *hdrs = NULL, *more;
    int rc = 0;
    memset(rs, 0, sizeof *rs);
    rs->curl = c;
    rs->limit = (size_t)r->payload_limit;
    rs->content_length = -1;
    rs->retry_after = -1;
    curl_easy_reset(c);
    for (size_t i = 0; i < q->nheaders && rc == 0; i++) {
        if (bearer && strcasecmp(q->names[i], "Authorization") == 0)
            continue;
        size_t n = strlen(q->names[i]) + q->values[i].len + 3;
        char *line = malloc(n);
        if (!line) {
            rc = -1;
            break;
        }
        /* "Name;" sends a header with an empty value; "Name:" would drop it */
        if (q->values[i].len)
            snprintf(line, n, "%s: %s", q->names[i], q->values[i].text);
        else
            snprintf(line, n, "%s;", q->names[i]);
        more = curl_slist_append(hdrs, line);
        free(line);
        if (!more)
            rc = -1;
        else
            hdrs = more;
    }
    if (rc == 0 && bearer) {
        size_t n = strlen(bearer) + 24;
        char *line = malloc(n);
        if (!line) {
            rc = -1;
        } else {
            snprintf(line, n, "Authorization: Bearer %s", bearer);
            more = curl_slist_append(hdrs, line);
            free(line);
            if (!more)
                rc = -1;
            else
                hdrs = more;
        }
    }
    if (rc == 0) {
        more = curl_slist_append(hdrs, "Expect:");
        if (!more)
            rc = -1;
        else
            hdrs = more;
    }
    if (rc != 0) {
        curl_slist_free_all(hdrs);
        return -1;
    }
    curl_easy_setopt(c, CURLOPT_URL, q->url.text);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (r->opt->cacert)
        curl_easy_setopt(c, CURLOPT_CAINFO, r->opt->cacert);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->payload_limit);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, rs->err);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, rs);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, rs);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "dacc/" DACC_VERSION " (live)");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (strcmp(q->method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
        if (strcmp(q->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);
        if (q->has_body) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body.text);
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->body.len);
        }
    }
    rs->rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
    curl_off_t announced = -1;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK && announced >= 0)
        rs->content_length = announced;
    curl_off_t t = 0;
    if (curl_easy_getinfo(c, CURLINFO_NAMELOOKUP_TIME_T, &t) == CURLE_OK)
        rs->t_dns = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK)
        rs->t_connect = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK)
        rs->t_tls = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_STARTTRANSFER_TIME_T, &t) == CURLE_OK)
        rs->t_first = usec_to_ms(t);
    if (curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &t) == CURLE_OK)
        rs->t_total = usec_to_ms(t);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hdrs);
    if (rs->nomem)
        return -1;
    if (!rs->body) {
        rs->body = strdup("");
        if (!rs->body)
            return -1;
    }
    return 0;
}

static void resp_free(struct resp *rs)
{
    free(rs->body);
    rs->body = NULL;
}

/* --verbose: the request as it goes, secrets masked. */
static void show_request(const struct run *r, const struct request *q, const char *bearer_shown)
{
    if (!r->opt->verbose)
        return;
    verbose(r, "> %s %s", q->method, q->url.shown);
    for (size_t i = 0; i < q->nheaders; i++) {
        if (bearer_shown && strcasecmp(q->names[i], "Authorization") == 0)
            continue;
        verbose(r, "> %s: %s", q->name_hidden[i] ? "[header name not shown]" : q->names[i], q->values[i].shown);
    }
    if (bearer_shown)
        verbose(r, "> Authorization: Bearer %s", bearer_shown);
    if (q->has_body)
        verbose(r, "> body (%zu bytes): %s", q->body.len, q->body.shown);
}

/* ---- what a response means ---------------------------------------------- */

static void copy_timing(struct step *st, const struct resp *rs)
{
    st->status = rs->status;
    snprintf(st->tls, sizeof st->tls, "%s", rs->tls);
    st->t_dns = rs->t_dns;
    st->t_connect = rs->t_connect;
    st->t_tls = rs->t_tls;
    st->t_first = rs->t_first;
    st->t_total = rs->t_total;
    st->response_bytes = rs->rc == CURLE_OK ? (long)rs->len : -1;
}

/* A transfer that did not complete: say what happened and what to do.
 * Returns true when it was such a failure. */
static bool transport_failed(struct run *r, struct step *st, const struct resp *rs, const struct request *q)
{
    char err[SHOWN_MAX];
    /* libcurl's own words may name the host; when the URL came from a secret
     * (${credentials.loginUrl}, say) only the error's general text is shown */
    if (q->url.secret)
        err[0] = '\0';
    else
        scrub_text(r, rs->err, strlen(rs->err), strlen(rs->err) + 1 >= sizeof rs->err, err, sizeof err);
    if (!err[0])
        snprintf(err, sizeof err, "%s", curl_easy_strerror(rs->rc));
    switch (rs->rc) {
    case CURLE_OK:
        return false;
    case CURLE_OPERATION_TIMEDOUT:
        add_check(r, st, SEV_ERROR, "timeout",
                  "no complete answer within %ld ms (%s); Genesys Cloud would give up at the same point: "
                  "make the endpoint answer faster%s",
                  q->timeout_ms,
                  q->timeout_from_action ? "the action's config.timeoutSeconds"
                                         : "--max-timeout-ms; the action sets no config.timeoutSeconds",
                  q->timeout_from_action ? " or raise config.timeoutSeconds (at most 60)" : "");
        break;
    case CURLE_SSL_CONNECT_ERROR:
        if (strstr(rs->err, "alert protocol version") || strstr(rs->err, "unsupported protocol") ||
            strstr(rs->err, "wrong version number") || strstr(rs->err, "no protocols available"))
            add_check(r, st, SEV_ERROR, "tls",
                      "TLS handshake failed (%s): the server may only speak TLS 1.0 or 1.1; Genesys Cloud "
                      "requires TLS 1.2 or newer: upgrade the server's TLS, or put a TLS-terminating proxy "
                      "in front of it", err);
        else
            add_check(r, st, SEV_ERROR, "tls", "TLS handshake failed: %s", err);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
        add_check(r, st, SEV_ERROR, "certificate",
                  "the server's certificate failed verification (%s); Genesys Cloud trusts certificates "
                  "from public CAs only; if this endpoint uses a private CA for testing, pass --cacert FILE",
                  err);
        break;
    case CURLE_SSL_CACERT_BADFILE:
        live_error("--cacert %s: cannot use it as CA certificates: %s", r->opt->cacert ? r->opt->cacert : "", err);
        r->trouble = true;
        break;
    case CURLE_FILESIZE_EXCEEDED:
        add_check(r, st, SEV_ERROR, "payload",
                  "the response announces %lld bytes (Content-Length), more than the payload limit of %ld "
                  "bytes; Genesys Cloud refuses it: paginate or narrow the response",
                  (long long)rs->content_length, r->payload_limit);
        break;
    case CURLE_WRITE_ERROR:
        if (rs->capped) {
            add_check(r, st, SEV_ERROR, "payload",
                      "the response ran past the payload limit of %ld bytes (dacc stopped reading there%s); "
                      "Genesys Cloud refuses it: paginate or narrow the response",
                      r->payload_limit,
                      rs->content_length < 0 ? "; it was sent without a Content-Length, chunked" : "");
            break;
        }
        add_check(r, st, SEV_ERROR, "transport", "the request failed: %s", err);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        add_check(r, st, SEV_ERROR, "dns", "cannot resolve the host (%s): check the URL", err);
        break;
    case CURLE_COULDNT_CONNECT:
        add_check(r, st, SEV_ERROR, "connect",
                  "cannot connect (%s): check the host and port, and that the endpoint is reachable", err);
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        add_check(r, st, SEV_ERROR, "https", "only https:// URLs are called (%s)", err);
        break;
    default:
        add_check(r, st, SEV_ERROR, "transport", "the request failed: %s", err);
        break;
    }
    return true;
}

/* The OAuth2 error code and description of an error response, scrubbed. */
static void oauth_error(struct run *r, const struct resp *rs, char *code, size_t codelen, char *desc, size_t desclen)
{
    code[0] = desc[0] = '\0';
    json_t *j = json_loadb(rs->body, rs->len, 0, NULL);
    const char *c = json_string_value(json_object_get(j, "error"));
    const char *d = json_string_value(json_object_get(j, "error_description"));
    if (c)
        scrub(r, c, strlen(c), code, codelen);
    if (d)
        scrub(r, d, strlen(d), desc, desclen);
    json_decref(j);
    if (!code[0] && rs->www_auth[0]) {
        const char *e = strstr(rs->www_auth, "error=\"");
        if (e) {
            e += 7;
            const char *end = strchr(e, '"');
            if (end)
                scrub(r, e, (size_t)(end - e), code, codelen);
        }
    }
}

/* Responses other than 2xx that token and API endpoints give. */
static void status_failed(struct run *r, struct step *st, const struct resp *rs, const struct request *q,
                          bool token_step)
{
    char code[80], desc[SHOWN_MAX], detail[SHOWN_MAX + 100];
    oauth_error(r, rs, code, sizeof code, desc, sizeof desc);
    if (code[0])
        snprintf(detail, sizeof detail, "%s%s%s", code, desc[0] ? ": " : "", desc);
    else
        snprintf(detail, sizeof detail, "no OAuth2 error code");
    long s = rs->status;
    if (s >= 300 && s < 400) {
        char loc[SHOWN_MAX] = "";
        if (!q->url.secret) /* it may repeat a host that came from a secret */
            scrub_text(r, rs->location, strlen(rs->location), rs->location_cut, loc, sizeof loc);
        add_check(r, st, SEV_ERROR, "redirect",
                  "HTTP %ld redirect%s%s, which dacc does not follow (nor does Genesys Cloud for a data "
                  "action): put the final URL in the action",
                  s, loc[0] ? " to " : "", loc);
    } else if (token_step && s == 401 && strcmp(code, "invalid_client") == 0) {
        add_check(r, st, SEV_ERROR, "credentials",
                  "HTTP 401 invalid_client: the token endpoint did not accept the client's credentials; "
                  "check the client id and secret, and the auth style the server expects: "
                  "client_id and client_secret in the form body, or an Authorization: Basic header");
    } else if (token_step && s == 400 && strcmp(code, "invalid_scope") == 0) {
        char bad[SHOWN_MAX] = "";
        json_t *j = json_loadb(rs->body, rs->len, 0, NULL);
        const char *sc = json_string_value(json_object_get(j, "scope"));
        if (sc)
            scrub(r, sc, strlen(sc), bad, sizeof bad);
        json_decref(j);
        add_check(r, st, SEV_ERROR, "scope",
                  "HTTP 400 invalid_scope (%s)%s%s%s: the client may not ask for that scope; ask only for "
                  "scopes granted to the client, or have them granted",
                  desc[0] ? desc : "the server refused the requested scope", bad[0] ? "; refused: '" : "", bad,
                  bad[0] ? "'" : "");
    } else if (token_step && s == 400 && (strcmp(code, "invalid_request") == 0 ||
                                          strcmp(code, "unsupported_grant_type") == 0)) {
        add_check(r, st, SEV_ERROR, "request",
                  "HTTP 400 (%s): send grant_type=client_credentials as an "
                  "application/x-www-form-urlencoded body with a POST", detail);
    } else if (token_step && (s == 400 || s == 401) && strcmp(code, "unauthorized_client") == 0) {
        add_check(r, st, SEV_ERROR, "credentials",
                  "HTTP %ld unauthorized_client: this client may not use the client-credentials grant; "
                  "enable it for the client on the authorization server", s);
    } else if (!token_step && s == 401) {
        add_check(r, st, SEV_ERROR, "token",
                  "HTTP 401 (%s): the API refused the token; check that the token action's server issues "
                  "tokens for this API (audience, issuer) and that it has not expired", detail);
    } else if (!token_step && s == 403) {
        char need[SHOWN_MAX] = "";
        const char *sc = strstr(rs->www_auth, "scope=\"");
        if (sc) {
            sc += 7;
            const char *end = strchr(sc, '"');
            if (end)
                scrub(r, sc, (size_t)(end - sc), need, sizeof need);
        }
        add_check(r, st, SEV_ERROR, "scope",
                  "HTTP 403 (%s): the token lacks a permission the API needs%s%s%s; add the scope to the "
                  "token action's scope parameter and grant it to the client",
                  detail, need[0] ? " (it asks for '" : "", need, need[0] ? "')" : "");
    } else if (s == 404) {
        add_check(r, st, SEV_ERROR, "status", "HTTP 404 (%s): nothing at this URL; check the URL template",
                  detail);
    } else if (s >= 500) {
        add_check(r, st, SEV_ERROR, "status", "HTTP %ld (%s): the server failed; try again, or ask its owners",
                  s, detail);
    } else {
        add_check(r, st, SEV_ERROR, "status", "HTTP %ld (%s)", s, detail);
    }
}

/* Perform Q, honouring one 429 Retry-After when it fits in the timeout.
 * Returns -1 when memory ran out. */
static int exchange(struct run *r, struct step *st, const struct request *q, const char *bearer, struct resp *rs)
{
    long long start = now_ms();
    for (st->attempts = 1;; st->attempts++) {
        long left = q->timeout_ms - (long)(now_ms() - start);
        if (perform(r, q, bearer, left > 0 ? left : 1, rs) != 0)
            return -1;
        st->performed = true;
        copy_timing(st, rs);
        if (r->opt->verbose) {
            char ct[100];
            scrub_text(r, rs->content_type, strlen(rs->content_type), rs->content_type_cut, ct, sizeof ct);
            verbose(r, "< HTTP %ld, %zu bytes%s%s%s%s", rs->status, rs->len, ct[0] ? ", " : "", ct,
                    rs->tls[0] ? ", " : "", rs->tls);
        }
        if (rs->rc != CURLE_OK || rs->status != 429)
            return 0;
        long long elapsed = now_ms() - start;
        long long wait_ms = server_seconds(rs->retry_after) * 1000; /* clamped: no overflow */
        if (st->attempts == 1 && rs->retry_after >= 0 && elapsed + wait_ms < q->timeout_ms) {
            add_check(r, st, SEV_NOTE, "rate-limit",
                      "HTTP 429: waited the %lld s the server asked for (Retry-After) and tried once more",
                      rs->retry_after);
            verbose(r, "waiting %lld s (Retry-After)", rs->retry_after);
            resp_free(rs);
            sleep_ms((long)wait_ms);
            continue;
        }
        char why[160];
        if (st->attempts > 1)
            snprintf(why, sizeof why, "still HTTP 429 after waiting the Retry-After once");
        else if (rs->retry_after < 0)
            snprintf(why, sizeof why, "HTTP 429 without a Retry-After");
        else
            snprintf(why, sizeof why, "HTTP 429 with a Retry-After of %lld s, which does not fit in the %ld ms timeout",
                     rs->retry_after, q->timeout_ms);
        if (strcmp(st->kind, "token") == 0)
            add_check(r, st, SEV_ERROR, "rate-limit",
                      "%s: the token endpoint is rate limiting this client (about 100 requests a minute per "
                      "client); cache each token and reuse it until it nears expiry instead of asking for one "
                      "per call", why);
        else
            add_check(r, st, SEV_ERROR, "rate-limit",
                      "%s: the API is rate limiting these calls; call it less often or cache what it returns",
                      why);
        return 0;
    }
}

/* ---- translation maps and success templates ----------------------------- */

struct alias_ctx {
    struct run *run;
    const char **names;
    char **values;                  /* JSON text of each alias */
    size_t n;
    const char *raw;                /* ${rawResult} */
};

static const char *alias_lookup(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    struct alias_ctx *ac = ctx;
    if (kind != RENDER_ALIAS)
        return lookup(ac->run, kind, name, len);
    if (len == 9 && memcmp(name, "rawResult", 9) == 0)
        return ac->raw;
    for (size_t i = 0; i < ac->n; i++)
        if (ac->values[i] && strlen(ac->names[i]) == len && memcmp(ac->names[i], name, len) == 0)
            return ac->values[i];
    return NULL;
}

/* Check the action's translation map against the response DOC, then render
 * its success template with the values found and report its size. */
static void check_response_map(struct run *r, struct step *st, json_t *doc, const struct resp *rs)
{
    const struct node *response = node_path(st->act->node, "config/response");
    const struct node *map = node_get(response, "translationMap");
    const struct node *defaults = node_get(response, "translationMapDefaults");
    size_t n = map && map->kind == NODE_OBJECT ? map->n : 0;
    struct alias_ctx ac = { .run = r, .raw = rs->body };
    ac.names = calloc(n ? n : 1, sizeof *ac.names);
    ac.values = calloc(n ? n : 1, sizeof *ac.values);
    if (!ac.names || !ac.values) {
        r->nomem = true;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const struct node *e = map->kids[i];
        char alias[64];
        node_key_text(e, alias, sizeof alias);
        if (name_flagged(st->act, e)) /* plaintext-secret flags the name: not shown */
            snprintf(alias, sizeof alias, "#%zu", i);
        const char *path_shown = flag_of(st->act, e) ? NOT_SHOWN : e->str;
        ac.names[ac.n] = e->key;
        ac.values[ac.n] = NULL;
        ac.n++;
        if (e->kind != NODE_STRING)
            continue;
        json_t *found = NULL;
        bool definite = true;
        enum jsonpath_status js = jsonpath_eval(doc, e->str, &found, &definite);
        if (js == JSONPATH_NOMEM) {
            r->nomem = true;
            goto out;
        }
        if (js == JSONPATH_UNSUPPORTED) {
            add_check(r, st, SEV_NOTE, "translation-map",
                      "translation map '%s': dacc does not evaluate this JSONPath (filters, slices and "
                      "functions are not checked)", alias);
            continue;
        }
        size_t hits = json_array_size(found);
        json_t *value = definite ? json_array_get(found, 0) : found;
        if (definite && hits == 0) {
            const struct node *def = node_get(defaults, e->key);
            if (def)
                add_check(r, st, SEV_WARNING, "translation-map",
                          "translation map '%s': %s matches nothing in the response; the default from "
                          "translationMapDefaults is used", alias, path_shown);
            else
                add_check(r, st, SEV_ERROR, "translation-map",
                          "translation map '%s': %s matches nothing in the response and has no default; "
                          "the action would fail: fix the path or add a translationMapDefaults entry",
                          alias, path_shown);
        } else if (!definite && hits == 0) {
            add_check(r, st, SEV_WARNING, "translation-map",
                      "translation map '%s': %s matches nothing in the response (an empty list)", alias,
                      path_shown);
        }
        if (value)
            ac.values[ac.n - 1] = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(found);
    }
    const char *tmpl = node_string(node_get(response, "successTemplate"));
    if (tmpl) {
        struct render_vars vars = {
            .lookup = alias_lookup, .url_escape = url_escape, .ctx = &ac, .lenient = true,
        };
        struct render_result out;
        if (render_template(tmpl, strlen(tmpl), &vars, &out, NULL) != RENDER_OK) {
            r->nomem = true;
            goto out;
        }
        st->success_bytes = (long)out.len;
        if (out.len > (size_t)r->payload_limit)
            add_check(r, st, SEV_ERROR, "payload",
                      "the rendered success template is %zu bytes, more than the payload limit of %ld bytes",
                      out.len, r->payload_limit);
        if (!out.partial) {
            json_error_t jerr;
            json_t *parsed = json_loadb(out.text, out.len, JSON_DECODE_ANY, &jerr);
            if (!parsed)
                add_check(r, st, SEV_WARNING, "success-template",
                          "the rendered success template is not valid JSON (line %d, column %d)", jerr.line,
                          jerr.column);
            json_decref(parsed);
        }
        render_result_free(&out);
    }
out:
    for (size_t i = 0; i < ac.n; i++)
        free(ac.values[i]);
    free(ac.values);
    free(ac.names);
}

/* ---- the token step ----------------------------------------------------- */

/* The scopes the request asks for (form body, else the URL query), decoded;
 * a malloc'd space-separated list, or NULL when none is asked for. */
static char *requested_scope(const struct request *q)
{
    struct tpl_param p;
    const char *src = NULL;
    size_t qlen = 0;
    if (q->has_body && action_form_find(q->body.text, q->body.len, "scope", &p)) {
        src = q->body.text;
    } else {
        const char *query = action_url_query(q->url.text, &qlen);
        if (query && action_form_find(query, qlen, "scope", &p))
            src = query;
    }
    if (!src)
        return NULL;
    size_t len = p.value_end - p.value_start;
    char *out = malloc(len + 1);
    if (out)
        tpl_url_decode(src + p.value_start, len, out, len + 1);
    return out;
}

static bool scope_has(const char *list, const char *s, size_t len)
{
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == len && memcmp(p, s, len) == 0)
            return true;
        p += n;
    }
    return false;
}

/* Every scope of A missing from B, space-separated, into OUT. */
static void scope_minus(const char *a, const char *b, char *out, size_t outlen)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = a; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n && !scope_has(b, p, n) && o + n + 2 < outlen) {
            if (o)
                out[o++] = ' ';
            memcpy(out + o, p, n);
            o += n;
            out[o] = '\0';
        }
        p += n;
    }
}

/* The scopes of GRANT, space-separated; malloc'd, or NULL when memory runs out. */
static char *grant_list(const struct config_grant *grant)
{
    size_t len = 1;
    for (size_t i = 0; i < grant->nscopes; i++)
        len += grant->scopes[i]->len + 1;
    char *out = malloc(len), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < grant->nscopes; i++) {
        if (i)
            *o++ = ' ';
        memcpy(o, grant->scopes[i]->str, grant->scopes[i]->len);
        o += grant->scopes[i]->len;
    }
    *o = '\0';
    return out;
}

static void check_token_response(struct run *r, struct step *st, const struct request *q, const struct resp *rs,
                                 struct token *tok)
{
    json_error_t jerr;
    json_t *doc = json_loadb(rs->body, rs->len, 0, &jerr);
    if (!json_is_object(doc)) {
        char ct[100];
        scrub_text(r, rs->content_type, strlen(rs->content_type), rs->content_type_cut, ct, sizeof ct);
        add_check(r, st, SEV_ERROR, "json",
                  "the token response is not a JSON object (Content-Type: %s); a token endpoint answers "
                  "application/json: check the URL and send Accept: application/json",
                  ct[0] ? ct : "none");
        json_decref(doc);
        return;
    }
    json_t *at = json_object_get(doc, "access_token");
    const char *token = json_string_value(at);
    if (!token || !json_string_length(at)) {
        add_check(r, st, SEV_ERROR, "access_token", "the token response has no access_token string");
        json_decref(doc);
        return;
    }
    size_t token_len = json_string_length(at);
    char hex[DIGEST_HEX_LEN + 1];
    tok->value = malloc(token_len + 1);
    if (!tok->value || digest_sha256_hex(token, token_len, hex) != 0) {
        free(tok->value);
        tok->value = NULL;
        r->nomem = true;
        json_decref(doc);
        return;
    }
    memcpy(tok->value, token, token_len + 1);
    tok->len = token_len;
    snprintf(tok->hash, sizeof tok->hash, "%.*s", TOKEN_HASH_LEN, hex);
    st->has_token = true;
    st->token_len = tok->len;
    memcpy(st->token_hash, tok->hash, sizeof st->token_hash);

    const char *type = json_string_value(json_object_get(doc, "token_type"));
    if (type)
        scrub(r, type, strlen(type), st->token_type, sizeof st->token_type);
    if (!type)
        add_check(r, st, SEV_ERROR, "token_type", "the token response has no token_type; it must be Bearer");
    else if (strcasecmp(type, "bearer") != 0)
        add_check(r, st, SEV_ERROR, "token_type",
                  "token_type is '%s', not Bearer: Genesys Cloud sends the token as 'Authorization: Bearer'",
                  st->token_type);

    json_t *exp = json_object_get(doc, "expires_in");
    long long expires = json_is_integer(exp) ? json_integer_value(exp) : 0;
    if (json_is_string(exp)) {
        char *end;
        errno = 0;
        expires = strtoll(json_string_value(exp), &end, 10);
        if ((errno && !(errno == ERANGE && expires == LLONG_MAX)) || *end || end == json_string_value(exp))
            expires = 0; /* past LLONG_MAX saturates, as a number that large would */
        else
            add_check(r, st, SEV_WARNING, "expires_in", "expires_in is a string; RFC 6749 makes it a number");
    }
    if (expires <= 0) {
        add_check(r, st, SEV_ERROR, "expires_in",
                  "expires_in is missing or not a positive number of seconds; without it a token cannot be "
                  "cached and refreshed before it expires");
    } else {
        st->expires_in = expires;
        tok->expires_at = now_ms() + server_seconds(expires) * 1000; /* clamped: no overflow */
        if (expires <= SHORT_EXPIRY_S)
            add_check(r, st, SEV_WARNING, "expires_in",
                      "expires_in is %lld s: a token is refreshed 300 s before it expires, behind a 10 s "
                      "lease, so at %d s or less every flow run would ask for a new token; ask for longer-lived "
                      "tokens", expires, SHORT_EXPIRY_S);
    }

    /* the scopes the token should carry: what the request asks for, else
     * what .dacc.yaml grants the client (a request without a scope gets them) */
    char *asked = requested_scope(q);
    const struct config_grant *grant = NULL;
    char client[256], client_shown[SHOWN_MAX] = "";
    if (!asked && action_client(st->act->node, client, sizeof client) &&
        (grant = config_grant_find(r->env.cfg, client, strlen(client)))) {
        asked = grant_list(grant);
        if (!asked)
            r->nomem = true;
        scrub(r, client, strlen(client), client_shown, sizeof client_shown);
    }
    char asked_shown[SHOWN_MAX] = "", wanted[SHOWN_MAX + 80];
    if (asked)
        scrub(r, asked, strlen(asked), asked_shown, sizeof asked_shown);
    if (grant)
        snprintf(wanted, sizeof wanted, ".dacc.yaml grants client '%s'", client_shown);
    else
        snprintf(wanted, sizeof wanted, "the request asks for");
    json_t *granted_j = json_object_get(doc, "scope");
    const char *granted = json_string_value(granted_j);
    if (granted) {
        char shown[SHOWN_MAX];
        scrub(r, granted, strlen(granted), shown, sizeof shown);
        st->scope = strdup(shown);
        if (!st->scope)
            r->nomem = true;
    }
    if (asked && granted) {
        char lost[SHOWN_MAX], extra[SHOWN_MAX], shown[SHOWN_MAX];
        scope_minus(asked, granted, lost, sizeof lost);
        scope_minus(granted, asked, extra, sizeof extra);
        if (lost[0]) {
            scrub(r, lost, strlen(lost), shown, sizeof shown);
            add_check(r, st, SEV_ERROR, "scope",
                      "scope drift: %s '%s' but the token carries only '%s'; missing: '%s'; "
                      "calls that need it will fail with 403: have the scope granted to the client",
                      wanted, asked_shown, st->scope ? st->scope : "", shown);
        }
        if (extra[0]) {
            scrub(r, extra, strlen(extra), shown, sizeof shown);
            add_check(r, st, SEV_WARNING, "scope",
                      "over-privilege: the token also carries '%s', which %s does not %s; "
                      "grant the client only the scopes its actions need", shown,
                      grant ? ".dacc.yaml" : "the request", grant ? "grant the client" : "ask for");
        }
    } else if (asked && !granted && grant) {
        add_check(r, st, SEV_NOTE, "scope",
                  "the request asks for no scope and the response names none: whether the token carries what %s "
                  "('%s') cannot be checked; ask for those scopes by name", wanted, asked_shown);
    } else if (asked && !granted) {
        add_check(r, st, SEV_NOTE, "scope",
                  "the response names no scope; by RFC 6749 that means the token carries what was asked: '%s'",
                  asked_shown);
    } else if (!asked && granted) {
        add_check(r, st, SEV_NOTE, "scope",
                  "the request asks for no scope; the server granted '%s': ask for the scopes the actions need, "
                  "or list the client's grant in .dacc.yaml (scopes.granted), so that a change on the server "
                  "shows up as drift", st->scope ? st->scope : "");
    }
    free(asked);
    check_response_map(r, st, doc, rs);
    json_decref(doc);
}

/* The cache key of a token request: its rendered URL, headers and body. */
static int request_key(const struct request *q, char out[DIGEST_HEX_LEN + 1])
{
    size_t len = strlen(q->method) + q->url.len + q->body.len + 4;
    for (size_t i = 0; i < q->nheaders; i++)
        len += strlen(q->names[i]) + q->values[i].len + 2;
    char *buf = malloc(len), *p = buf;
    if (!buf)
        return -1;
    memcpy(p, q->method, strlen(q->method) + 1);
    p += strlen(q->method) + 1;
    memcpy(p, q->url.text, q->url.len + 1);
    p += q->url.len + 1;
    for (size_t i = 0; i < q->nheaders; i++) {
        memcpy(p, q->names[i], strlen(q->names[i]) + 1);
        p += strlen(q->names[i]) + 1;
        memcpy(p, q->values[i].text, q->values[i].len + 1);
        p += q->values[i].len + 1;
    }
    if (q->body.text)
        memcpy(p, q->body.text, q->body.len);
    p += q->body.len;
    int rc = digest_sha256_hex(buf, (size_t)(p - buf), out);
    free(buf);
    return rc;
}

static struct token *find_token(struct run *r, const char *key)
{
    for (size_t i = 0; i < r->ntokens; i++)
        if (strcmp(r->tokens[i].key, key) == 0)
            return &r->tokens[i];
    return NULL;
}

static bool https_url(struct run *r, struct step *st, const struct request *q)
{
    if (strncasecmp(q->url.text, "https://", 8) == 0)
        return true;
    if (q->url.text[0] == '/') {
        add_check(r, st, SEV_ERROR, "https",
                  "a relative URL is a Genesys Cloud platform path, which only Genesys Cloud can call; "
                  "dacc live calls absolute https:// URLs");
        return false;
    }
    add_check(r, st, SEV_ERROR, "https",
              "the URL is not https://; dacc live sends credentials and tokens over TLS only, as Genesys Cloud "
              "requires");
    return false;
}

/* Get a token with token action A (request Q), unless an identical request
 * already got one that is not near expiry (or RENEW).  Returns the token's
 * index in R->tokens, or -1 when there is none. */
static long token_step(struct run *r, const struct act *a, const struct request *q, bool renew)
{
    char key[DIGEST_HEX_LEN + 1];
    if (request_key(q, key) != 0) {
        r->nomem = true;
        return -1;
    }
    struct token *have = find_token(r, key);
    long have_index = have ? (long)(have - r->tokens) : -1;
    struct step *st = step_new(r, "token", a);
    if (!st)
        return -1;
    snprintf(st->method, sizeof st->method, "%s", q->method);
    st->url_shown = strdup(q->url.shown);
    if (!st->url_shown) {
        r->nomem = true;
        return -1;
    }
    if (have && !renew && have->expires_at - now_ms() > NEAR_EXPIRY_MS) {
        /* one token per client per run */
        st->has_token = st->reused = true;
        st->token_len = have->len;
        memcpy(st->token_hash, have->hash, sizeof st->token_hash);
        add_check(r, st, SEV_NOTE, "token",
                  "the same token request as '%s': its token is reused, no request was made", have->act->name);
        return have_index;
    }
    if (!https_url(r, st, q))
        return -1;
    show_request(r, q, NULL);
    struct resp rs;
    if (exchange(r, st, q, NULL, &rs) != 0) {
        resp_free(&rs);
        r->nomem = true;
        return -1;
    }
    long result = -1;
    if (!transport_failed(r, st, &rs, q)) {
        if (rs.status == 200) {
            /* a token without a usable expires_in is taken to last the run */
            struct token tok = { .act = a, .expires_at = now_ms() + 24LL * 3600 * 1000 };
            memcpy(tok.key, key, sizeof tok.key);
            r->pending = &tok;
            check_token_response(r, st, q, &rs, &tok);
            r->pending = NULL;
            if (tok.value) {
                if (have) { /* renewed: the old token goes */
                    free(have->value);
                    *have = tok;
                    result = have_index;
                } else {
                    void *more = grow(r->tokens, &r->tokens_cap, r->ntokens, sizeof *r->tokens, 4);
                    if (!more) {
                        free(tok.value);
                        r->nomem = true;
                    } else {
                        r->tokens = more;
                        r->tokens[r->ntokens] = tok;
                        result = (long)r->ntokens++;
                    }
                }
            }
        } else if (rs.status != 429) {
            status_failed(r, st, &rs, q, true);
        }
    }
    resp_free(&rs);
    return result;
}

/* ---- the downstream call ------------------------------------------------ */

static void call_step(struct run *r, const struct act *a, const struct request *q, const struct token *tok,
                      const struct act *token_act)
{
    struct step *st = step_new(r, "call", a);
    if (!st)
        return;
    snprintf(st->method, sizeof st->method, "%s", q->method);
    st->url_shown = strdup(q->url.shown);
    st->token_from = token_act->name;
    if (!st->url_shown) {
        r->nomem = true;
        return;
    }
    if (!tok) {
        add_check(r, st, SEV_NOTE, "token", "not performed: the token step of '%s' did not give a token",
                  token_act->name);
        return;
    }
    st->has_token = true;
    st->reused = true;
    st->token_len = tok->len;
    memcpy(st->token_hash, tok->hash, sizeof st->token_hash);
    if (!https_url(r, st, q))
        return;
    for (size_t i = 0; i < q->nheaders; i++)
        if (strcasecmp(q->names[i], "Authorization") == 0)
            add_check(r, st, SEV_NOTE, "authorization",
                      "the action's own Authorization header was replaced by the token, as Genesys Cloud does "
                      "for actions of an integration with custom authentication");
    char bearer_shown[80];
    snprintf(bearer_shown, sizeof bearer_shown, "[token: %zu characters, sha256 %s...]", tok->len, tok->hash);
    show_request(r, q, bearer_shown);
    struct resp rs;
    if (exchange(r, st, q, tok->value, &rs) != 0) {
        resp_free(&rs);
        r->nomem = true;
        return;
    }
    if (!transport_failed(r, st, &rs, q)) {
        if (rs.status < 200 || rs.status > 299) {
            if (rs.status != 429)
                status_failed(r, st, &rs, q, false);
        } else {
            json_error_t jerr;
            json_t *doc = json_loadb(rs.body, rs.len, JSON_DECODE_ANY, &jerr);
            if (!doc) {
                char ct[100];
                scrub_text(r, rs.content_type, strlen(rs.content_type), rs.content_type_cut, ct, sizeof ct);
                add_check(r, st, SEV_ERROR, "json",
                          "the response is not JSON (Content-Type: %s, line %d, column %d); a data action needs "
                          "a JSON response to translate", ct[0] ? ct : "none", jerr.line, jerr.column);
            } else {
                check_response_map(r, st, doc, &rs);
                json_decref(doc);
            }
        }
    }
    resp_free(&rs);
}

/* ---- reports ------------------------------------------------------------ */

static void count(const struct run *r, size_t *errors, size_t *warnings)
{
    *errors = *warnings = 0;
    for (size_t i = 0; i < r->nsteps; i++)
        for (size_t k = 0; k < r->steps[i].nchecks; k++) {
            if (r->steps[i].checks[k].sev == SEV_ERROR)
                (*errors)++;
            else if (r->steps[i].checks[k].sev == SEV_WARNING)
                (*warnings)++;
        }
}

static void ms_text(char *out, size_t outlen, const char *label, long ms)
{
    if (ms >= 0)
        snprintf(out, outlen, "  %s %ld ms", label, ms);
    else
        out[0] = '\0';
}

/* Every name, path and quoted text goes through tput(): safe for a terminal. */
static int report_text_live(FILE *out, const struct run *r)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        const struct step *st = &r->steps[i];
        tput(out, "%s  %s  (%s)", st->kind, st->act->name, st->act->file);
        fputc('\n', out);
        tput(out, "  %s %s", st->method, st->url_shown ? st->url_shown : "");
        fputc('\n', out);
        if (st->performed) {
            char a[40], b[40], c[40], d[40], e[40];
            ms_text(a, sizeof a, "dns", st->t_dns);
            ms_text(b, sizeof b, "connect", st->t_connect);
            ms_text(c, sizeof c, "tls", st->t_tls);
            ms_text(d, sizeof d, "first byte", st->t_first);
            ms_text(e, sizeof e, "total", st->t_total);
            char status[24];
            if (st->status)
                snprintf(status, sizeof status, "HTTP %ld", st->status);
            else
                snprintf(status, sizeof status, "no response");
            tput(out, "  %s  %s%s%s%s%s%s", status, st->tls[0] ? st->tls : "no TLS session", a, b, c, d, e);
            if (st->attempts > 1)
                tput(out, "  (%d attempts)", st->attempts);
            if (st->response_bytes >= 0)
                tput(out, "  %ld bytes", st->response_bytes);
            fputc('\n', out);
        }
        if (st->has_token && !strcmp(st->kind, "token")) {
            tput(out, "  token: %zu characters, sha256 %s...", st->token_len, st->token_hash);
            if (st->token_type[0])
                tput(out, ", %s", st->token_type);
            if (st->expires_in > 0)
                tput(out, ", expires in %lld s", st->expires_in);
            if (st->scope)
                tput(out, ", scope '%s'", st->scope);
            fputc('\n', out);
        } else if (st->has_token) {
            tput(out, "  with the token of '%s' (%zu characters, sha256 %s...)", st->token_from, st->token_len,
                 st->token_hash);
            fputc('\n', out);
        }
        if (st->success_bytes >= 0) {
            tput(out, "  success template: %ld bytes rendered", st->success_bytes);
            fputc('\n', out);
        }
        for (size_t k = 0; k < st->nchecks; k++) {
            tput(out, "  %s: %s [%s]", severity_name(st->checks[k].sev), st->checks[k].msg, st->checks[k].id);
            fputc('\n', out);
        }
    }
    size_t errors, warnings;
    count(r, &errors, &warnings);
    if (errors || warnings)
        fprintf(out, "dacc live: %zu step%s: %zu error%s, %zu warning%s\n", r->nsteps, r->nsteps == 1 ? "" : "s",
                errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    else
        fprintf(out, "dacc live: %zu step%s: verified\n", r->nsteps, r->nsteps == 1 ? "" : "s");
    return ferror(out) ? -1 : 0;
}

static json_t *ms_json(long ms)
{
    return ms >= 0 ? json_integer(ms) : json_null();
}

static json_t *step_json(const struct step *st)
{
    json_t *o = json_object(), *timing = json_object(), *checks = json_array();
    if (!o || !timing || !checks) {
        json_decref(o);
        json_decref(timing);
        json_decref(checks);
        return NULL;
    }
    int bad = 0;
    /* each _set_new and _append_new steals the new value */
    bad |= json_object_set_new(o, "step", json_string(st->kind));
    bad |= json_object_set_new(o, "action", report_json_text(st->act->name));
    bad |= json_object_set_new(o, "file", report_json_text(st->act->file));
    bad |= json_object_set_new(o, "method", json_string(st->method));
    bad |= json_object_set_new(o, "url", report_json_text(st->url_shown ? st->url_shown : ""));
    bad |= json_object_set_new(o, "performed", json_boolean(st->performed));
    bad |= json_object_set_new(o, "attempts", json_integer(st->attempts));
    bad |= json_object_set_new(o, "http_status", st->status ? json_integer(st->status) : json_null());
    bad |= json_object_set_new(o, "tls_version", st->tls[0] ? json_string(st->tls) : json_null());
    bad |= json_object_set_new(timing, "dns", ms_json(st->performed ? st->t_dns : -1));
    bad |= json_object_set_new(timing, "connect", ms_json(st->performed ? st->t_connect : -1));
    bad |= json_object_set_new(timing, "tls", ms_json(st->performed ? st->t_tls : -1));
    bad |= json_object_set_new(timing, "first_byte", ms_json(st->performed ? st->t_first : -1));
    bad |= json_object_set_new(timing, "total", ms_json(st->performed ? st->t_total : -1));
    bad |= json_object_set_new(o, "timing_ms", timing);
    bad |= json_object_set_new(o, "response_bytes", st->response_bytes >= 0 ? json_integer(st->response_bytes)
                                                                            : json_null());
    if (st->has_token) {
        json_t *t = json_object();
        if (!t)
            bad = 1;
        else {
            bad |= json_object_set_new(t, "length", json_integer((json_int_t)st->token_len));
            bad |= json_object_set_new(t, "sha256_prefix", json_string(st->token_hash));
            if (!strcmp(st->kind, "token")) {
                bad |= json_object_set_new(t, "token_type", st->token_type[0] ? report_json_text(st->token_type)
                                                                               : json_null());
                bad |= json_object_set_new(t, "expires_in", st->expires_in > 0 ? json_integer((json_int_t)st->expires_in)
                                                                               : json_null());
                bad |= json_object_set_new(t, "scope", st->scope ? report_json_text(st->scope) : json_null());
            } else {
                bad |= json_object_set_new(t, "from", report_json_text(st->token_from));
            }
            bad |= json_object_set_new(o, "token", t);
        }
    }
    bad |= json_object_set_new(o, "success_template_bytes",
                               st->success_bytes >= 0 ? json_integer(st->success_bytes) : json_null());
    for (size_t k = 0; k < st->nchecks; k++) {
        json_t *c = json_object();
        if (!c) {
            bad = 1;
            break;
        }
        bad |= json_object_set_new(c, "severity", json_string(severity_name(st->checks[k].sev)));
        bad |= json_object_set_new(c, "check", json_string(st->checks[k].id));
        bad |= json_object_set_new(c, "message", report_json_text(st->checks[k].msg));
        bad |= json_array_append_new(checks, c);
    }
    bad |= json_object_set_new(o, "checks", checks);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int report_json_live(FILE *out, const struct run *r, bool verified)
{
    int rc = -1;
    json_t *root = report_json_root(), *steps = json_array(), *summary = json_object();
    if (!root || !steps || !summary)
        goto out;
    size_t errors, warnings;
    count(r, &errors, &warnings);
    for (size_t i = 0; i < r->nsteps; i++)
        if (json_array_append_new(steps, step_json(&r->steps[i])))
            goto out;
    if (json_object_set_new(summary, "steps", json_integer((json_int_t)r->nsteps)) ||
        json_object_set_new(summary, "errors", json_integer((json_int_t)errors)) ||
        json_object_set_new(summary, "warnings", json_integer((json_int_t)warnings)) ||
        json_object_set_new(summary, "verified", json_boolean(verified)) ||
        json_object_set(root, "steps", steps) || json_object_set(root, "summary", summary))
        goto out;
    rc = report_json_dump(out, root);
out:
    json_decref(steps);
    json_decref(summary);
    json_decref(root);
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

static const struct act *find_act(const struct run *r, const char *name)
{
    for (size_t i = 0; i < r->nacts; i++)
        if (r->acts[i].match && strcmp(r->acts[i].match, name) == 0)
            return &r->acts[i];
    return NULL;
}

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->nsteps; i++)
        step_free(&r->steps[i]);
    free(r->steps);
    for (size_t i = 0; i < r->ntokens; i++)
        free(r->tokens[i].value);
    free(r->tokens);
    for (size_t i = 0; i < r->nfiles; i++) {
        doc_free(&r->files[i].doc);
        source_free(&r->files[i].src);
    }
    free(r->files);
    for (size_t i = 0; i < r->nacts; i++) {
        free(r->acts[i].flagged);
        free(r->acts[i].named);
    }
    free(r->acts);
    free(r->missing);
    free(r->used);
    for (size_t i = 0; i < r->nderived; i++)
        free(r->derived[i]);
    free(r->derived);
    free(r->raw_request);
    doc_free(&r->secrets_doc);
    source_free(&r->secrets_src);
    if (r->curl)
        curl_easy_cleanup(r->curl);
    if (r->env_ready)
        lint_env_free(&r->env);
}

/* Say what is missing: every secret and input, with where to give it. */
static void say_missing(const struct run *r)
{
    for (size_t i = 0; i < r->nmissing; i++) {
        const struct missing *m = &r->missing[i];
        if (m->hidden) {
            live_error("%s: action '%s': a %s referenced in %s has no value; the field holds what plaintext-secret "
                       "flags, so it is not named here: 'dacc lint' says what to fix",
                       m->act->file, m->act->name, m->kind == RENDER_SECRET ? "secret" : "input", m->field);
        } else if (m->kind == RENDER_SECRET) {
            char var[128];
            secret_env_name(m->name, strlen(m->name), var, sizeof var);
            live_error("secret '%s' has no value: set %s%s%s", m->name, var,
                      r->opt->secrets_file ? " or add it to " : "",
                      r->opt->secrets_file ? r->opt->secrets_file : " (or give it in --secrets-file FILE)");
        } else {
            live_error("input '%s' has no value: pass --input %s=VALUE", m->name, m->name);
        }
    }
    live_error("no request was made");
}

/* A readable regular file, or -1 after saying why. */
static int check_cacert(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0) {
        live_error("--cacert %s: not a readable file", path);
        return -1;
    }
    return 0;
}

static int live_run(const struct options *opt)
{
    struct run r = { .opt = opt };
    struct request *tq = NULL, *cq = NULL;
    const struct act **tacts = NULL, **cacts = NULL;
    size_t nt = 0;
    int status = EXIT_TROUBLE;

    if (lint_env_init(&r.env, opt) != 0)
        goto out;
    r.env_ready = true;
    r.payload_limit = r.env.policy.max_payload_bytes;
    r.curl = curl_easy_init();
    if (!r.curl) {
        live_error("cannot start libcurl");
        goto out;
    }
    if (opt->cacert && check_cacert(opt->cacert) != 0)
        goto out;
    if (opt->secrets_file && load_secrets(&r, opt->secrets_file) != 0)
        goto out;
    if (load_actions(&r) != 0)
        goto out;

    /* the token actions, and the --call actions by name */
    tacts = calloc(r.nacts ? r.nacts : 1, sizeof *tacts);
    cacts = calloc(opt->ncalls ? opt->ncalls : 1, sizeof *cacts);
    tq = calloc(r.nacts ? r.nacts : 1, sizeof *tq);
    cq = calloc(opt->ncalls ? opt->ncalls : 1, sizeof *cq);
    if (!tacts || !cacts || !tq || !cq) {
        live_error("out of memory");
        goto out;
    }
    for (size_t i = 0; i < r.nacts; i++)
        if (r.acts[i].token)
            tacts[nt++] = &r.acts[i];
    if (nt == 0) {
        live_error("no token action in the PATHs: live needs an action that requests an OAuth2 token "
                  "(a custom-authentication action, or one that POSTs grant_type=client_credentials)");
        goto out;
    }
    for (size_t i = 0; i < opt->ncalls; i++) {
        cacts[i] = find_act(&r, opt->calls[i]);
        if (!cacts[i]) {
            live_error("--call '%s': no action of that name in the PATHs", opt->calls[i]);
            goto out;
        }
        if (cacts[i]->token) {
            live_error("--call '%s' is a token action; --call names the action that uses the token", opt->calls[i]);
            goto out;
        }
    }

    /* render everything first: a missing secret or input stops the run before any request */
    for (size_t i = 0; i < nt; i++)
        if (prepare(&r, tacts[i], &tq[i]) != 0)
            goto out;
    for (size_t i = 0; i < opt->ncalls; i++)
        if (prepare(&r, cacts[i], &cq[i]) != 0)
            goto out;
    if (r.nmissing) {
        say_missing(&r);
        goto out;
    }
    if (r.nomem) {
        live_error("out of memory");
        goto out;
    }

    /* one token per distinct token request; the first token action's serves the calls */
    long first = -1;
    for (size_t i = 0; i < nt && !r.nomem && !r.trouble; i++) {
        long t = token_step(&r, tacts[i], &tq[i], false);
        if (i == 0)
            first = t;
    }
    for (size_t i = 0; i < opt->ncalls && !r.nomem && !r.trouble; i++) {
        /* a token near expiry is renewed before it is used */
        if (first >= 0 && r.tokens[first].expires_at - now_ms() <= NEAR_EXPIRY_MS) {
            verbose(&r, "the token of '%s' nears expiry; asking for a new one", tacts[0]->name);
            first = token_step(&r, tacts[0], &tq[0], true);
        }
        call_step(&r, cacts[i], &cq[i], first >= 0 ? &r.tokens[first] : NULL, tacts[0]);
    }
    if (r.nomem) {
        live_error("out of memory");
        goto out;
    }
    if (r.trouble)
        goto out;

    size_t errors, warnings;
    count(&r, &errors, &warnings);
    bool verified = errors == 0 && !(opt->strict && warnings);
    int wrote = opt->format == FORMAT_JSON ? report_json_live(stdout, &r, verified) : report_text_live(stdout, &r);
    if (wrote != 0) {
        live_error("cannot write the report to standard output");
        goto out;
    }
    status = verified ? EXIT_CLEAN : EXIT_FINDINGS;
out:
    for (size_t i = 0; tq && i < nt; i++)
        request_free(&tq[i]);
    for (size_t i = 0; cq && i < opt->ncalls; i++)
        request_free(&cq[i]);
    free(tq);
    free(cq);
    free(tacts);
    free(cacts);
    run_free(&r);
    return status;
}

/* No core file and no ptrace by other processes of the user while secrets
 * and tokens are in memory: an aborted run would otherwise leave them on
 * disk.  Returns 0, or -1 after saying why. */
static int no_core_dumps(void)
{
    const struct rlimit none = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        live_error("cannot disable core dumps: %s", strerror(errno));
        return -1;
    }
#ifdef __linux__
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        live_error("cannot make the process non-dumpable: %s", strerror(errno));
        return -1;
    }
#endif
    return 0;
}

/* dacc-live.so's entry (live.h): libcurl is set up once, here, and only for live */
static int live_main(const struct options *opt)
{
    if (no_core_dumps() != 0)
        return EXIT_TROUBLE;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        live_error("cannot start libcurl");
        return EXIT_TROUBLE;
    }
    int status = live_run(opt);
    curl_global_cleanup();
    return status;
}

const struct live_plugin dacc_live_plugin = {
    .version = DACC_VERSION,
    .options_size = sizeof(struct options),
    .run = live_main,
};
