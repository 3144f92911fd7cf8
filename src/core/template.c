/* template.c - finding references in Velocity templates, and form bodies */
#include "core/template.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/node.h"
#include <strings.h>

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static size_t ident_end(const char *s, size_t len, size_t i)
{
    while (i < len && is_ident(s[i]))
        i++;
    return i;
}

/* A reference longer than this is taken as never closed: it bounds the work
 * on text full of unclosed openers (otherwise quadratic). */
#define MAX_SPAN 4096
#define MAX_PLACEHOLDER 256

/* Index just past the bracket that closes the one at S[OPEN], minding nested
 * brackets and quoted strings; 0 when it never closes. */
static size_t close_of(const char *s, size_t len, size_t open)
{
    char stack[64];
    size_t depth = 0;
    char quote = 0;
    if (len - open > MAX_SPAN)
        len = open + MAX_SPAN;
    for (size_t i = open; i < len; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            if (depth > 0 && stack[depth - 1] != '{')
                quote = c; /* quotes matter inside calls, not in ${...} text */
            continue;
        }
        if (c == '{' || c == '(' || c == '[') {
            if (depth == sizeof stack)
                return 0;
            stack[depth++] = c == '{' ? '}' : c == '(' ? ')' : ']';
        } else if (c == '}' || c == ')' || c == ']') {
            if (depth == 0 || stack[depth - 1] != c)
                return 0; /* unbalanced */
            if (--depth == 0)
                return i + 1;
        }
    }
    return 0;
}

static void set_root(struct tpl_ref *ref, const char *s, size_t len, size_t at)
{
    size_t e = ident_end(s, len, at);
    if (at < len && is_ident_start(s[at])) {
        ref->root = s + at;
        ref->root_len = e - at;
        if (e + 1 < len && s[e] == '.' && is_ident_start(s[e + 1])) {
            ref->name = s + e + 1;
            ref->name_len = ident_end(s, len, e + 1) - (e + 1);
        }
    }
}

/* A broken opener ("${", "$!{", "{{") stands for the reference it was meant
 * to be: let it cover the name that follows, so that the name is not taken
 * for literal text. */
static size_t broken_extent(const char *s, size_t len, size_t from, bool spaces)
{
    while (from < len && (is_ident(s[from]) || s[from] == '.' || s[from] == '}' || (spaces && s[from] == ' ')))
        from++;
    return from;
}

static const char *const directives[] = {
    "if", "elseif", "else", "end", "set", "foreach", "macro", "break", "stop", "parse",
    "include", "evaluate", "define", NULL,
};

static bool velocity(const char *s, size_t len, size_t i, struct tpl_ref *ref)
{
    size_t j = i + 1;
    if (j < len && s[j] == '!') {
        ref->quiet = true;
        j++;
    }
    if (j < len && s[j] == '{') {
        size_t end = close_of(s, len, j);
        ref->braced = true;
        if (!end) {
            ref->kind = TPL_BROKEN;
            ref->end = broken_extent(s, len, j + 1, false);
            return true;
        }
        ref->kind = TPL_VELOCITY;
        ref->end = end;
        size_t body = j + 1;
        while (body < end && (s[body] == ' ' || s[body] == '\t'))
            body++;
        set_root(ref, s, end - 1, body);
        ref->inner_start = ref->root ? (size_t)(ref->root - s) + ref->root_len : body;
        ref->inner_end = end - 1;
        return true;
    }
    if (j >= len || !is_ident_start(s[j]))
        return false;
    ref->kind = TPL_VELOCITY;
    set_root(ref, s, len, j);
    size_t k = ident_end(s, len, j);
    for (;;) {
        if (k + 1 < len && s[k] == '.' && is_ident_start(s[k + 1])) {
            k = ident_end(s, len, k + 1);
        } else if (k < len && (s[k] == '(' || s[k] == '[')) {
            size_t e = close_of(s, len, k);
            if (!e) {
                ref->kind = TPL_BROKEN;
                ref->end = k + 1;
                return true;
            }
            k = e;
        } else {
            break;
        }
    }
    ref->end = k;
    ref->inner_start = j + ref->root_len;
    ref->inner_end = k;
    return true;
}

static bool placeholder(const char *s, size_t len, size_t i, struct tpl_ref *ref)
{
    bool angle = s[i] == '<';
    const char *close = angle ? ">>" : "}}";
    size_t k = i + 2, stop = len - i > MAX_PLACEHOLDER ? i + MAX_PLACEHOLDER : len;
    while (k + 1 < stop && !(s[k] == close[0] && s[k + 1] == close[1]))
        k++;
    if (k + 1 >= stop)
        k = len; /* not closed nearby: never closed */
    if (k + 1 >= len) {
        if (angle)
            return false; /* "<<" alone is text */
        ref->kind = TPL_BROKEN;
        ref->end = broken_extent(s, len, i + 2, true);
        return true;
    }
    size_t body = i + 2;
    while (body < k && (s[body] == ' ' || s[body] == '\t'))
        body++;
    set_root(ref, s, k, body);
    bool secret = ref->root && tpl_root_is(ref, "secrets");
    if (angle && !secret)
        return false;
    ref->kind = secret ? TPL_SECRET : TPL_MUSTACHE;
    ref->angle = angle;
    ref->end = k + 2;
    return true;
}

static bool directive(const char *s, size_t len, size_t i, struct tpl_ref *ref)
{
    size_t j = i + 1, brace = 0;
    if (j < len && s[j] == '{')
        brace = 1, j++;
    size_t e = ident_end(s, len, j);
    bool known = false;
    for (const char *const *d = directives; *d && !known; d++)
        known = strlen(*d) == e - j && memcmp(*d, s + j, e - j) == 0;
    if (!known || (brace && (e >= len || s[e] != '}')))
        return false;
    e += brace;
    ref->kind = TPL_DIRECTIVE;
    ref->root = s + j;
    ref->root_len = e - brace - j;
    size_t k = e;
    while (k < len && (s[k] == ' ' || s[k] == '\t'))
        k++;
    if (k < len && s[k] == '(') {
        size_t end = close_of(s, len, k);
        if (!end) {
            ref->kind = TPL_BROKEN;
            ref->end = k + 1;
            return true;
        }
        ref->inner_start = k + 1;
        ref->inner_end = end - 1;
        e = end;
    }
    ref->end = e;
    return true;
}

bool tpl_next(const char *s, size_t len, size_t *pos, struct tpl_ref *ref)
{
    for (size_t i = *pos; i < len; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < len && (s[i + 1] == '$' || s[i + 1] == '#')) {
            i++;
            continue;
        }
        if (c != '$' && c != '{' && c != '<' && c != '#')
            continue;
        memset(ref, 0, sizeof *ref);
        ref->start = i;
        bool found = false;
        if (c == '$')
            found = velocity(s, len, i, ref);
        else if ((c == '{' || c == '<') && i + 1 < len && s[i + 1] == c)
            found = placeholder(s, len, i, ref);
        else if (c == '#')
            found = directive(s, len, i, ref);
        if (found) {
            *pos = ref->end;
            return true;
        }
    }
    *pos = len;
    return false;
}

static bool walk_span(const char *s, size_t from, size_t to, int depth, tpl_visit_fn *visit, void *ctx)
{
    size_t pos = from;
    struct tpl_ref ref;
    while (depth < TPL_WALK_DEPTH && tpl_next(s, to, &pos, &ref)) {
        enum tpl_walk_step step = visit(s, &ref, ctx);
        if (step == TPL_WALK_STOP)
            return true;
        if (step == TPL_WALK_ON && ref.inner_end > ref.inner_start && ref.inner_start >= ref.start &&
            ref.inner_end <= ref.end && walk_span(s, ref.inner_start, ref.inner_end, depth + 1, visit, ctx))
            return true;
    }
    return false;
}

bool tpl_walk(const char *s, size_t len, tpl_visit_fn *visit, void *ctx)
{
    return walk_span(s, 0, len, 0, visit, ctx);
}

bool tpl_root_is(const struct tpl_ref *ref, const char *root)
{
    size_t n = strlen(root);
    return ref->root && ref->root_len == n && memcmp(ref->root, root, n) == 0;
}

static const char *const known_roots[] = {
    "input", "credentials", "esc", "rawResult", "encoding", "math", "successTemplateUtils", "date",
    "number", NULL,
};

const char *tpl_miscased_root(const struct tpl_ref *ref, const struct node *aliases)
{
    if (ref->kind != TPL_VELOCITY || !ref->root)
        return NULL;
    const char *root = ref->root;
    size_t len = ref->root_len;
    for (const char *const *k = known_roots; *k; k++)
        if (strlen(*k) == len && strncasecmp(*k, root, len) == 0)
            return memcmp(*k, root, len) == 0 ? NULL : *k;
    for (size_t i = 0; aliases && aliases->kind == NODE_OBJECT && i < aliases->n; i++) {
        const struct node *a = aliases->kids[i];
        if (a->key_len == len && strncasecmp(a->key, root, len) == 0)
            return memcmp(a->key, root, len) == 0 ? NULL : a->key;
    }
    return NULL;
}

void tpl_each_value(const struct node *action, tpl_value_fn *fn, void *ctx)
{
    const struct node *request = node_path(action, "config/request");
    const struct node *response = node_path(action, "config/response");
    const struct node *aliases = node_get(response, "translationMap");
    if (request && request->kind != NODE_OBJECT)
        request = NULL;
    const struct node *url = node_get(request, "requestUrlTemplate");
    if (url)
        fn(url, NULL, ctx);
    const struct node *headers = node_get(request, "headers");
    for (size_t i = 0; headers && headers->kind == NODE_OBJECT && i < headers->n; i++)
        fn(headers->kids[i], NULL, ctx);
    const struct node *body = node_get(request, "requestTemplate");
    if (body)
        fn(body, NULL, ctx);
    const struct node *success = node_get(response, "successTemplate");
    if (success)
        fn(success, aliases, ctx);
}

/* Characters that are syntax around references, not literal content. */
static bool is_fixed(char c)
{
    return strchr(" \t\r\n\"':,;=/{}[]()+-.", c) != NULL;
}

size_t tpl_args_literal_len(const char *s, size_t len)
{
    size_t literal = 0, pos = 0;
    struct tpl_ref ref;
    while (tpl_next(s, len, &pos, &ref)) {
        if (ref.inner_end <= ref.inner_start || ref.kind == TPL_BROKEN)
            continue;
        /* quoted strings among the arguments: their literal text counts */
        for (size_t i = ref.inner_start; i < ref.inner_end; i++) {
            char q = s[i];
            if (q != '"' && q != '\'')
                continue;
            size_t k = i + 1;
            while (k < ref.inner_end && s[k] != q)
                k += s[k] == '\\' ? 2 : 1;
            if (k >= ref.inner_end)
                break;
            literal += tpl_literal_len(s + i + 1, k - i - 1);
            i = k;
        }
    }
    return literal;
}

size_t tpl_literal_len(const char *s, size_t len)
{
    static const char *const schemes[] = { "basic", "bearer", "token", "digest", NULL };
    size_t literal = 0, pos = 0, text = 0;
    struct tpl_ref ref;
    for (;;) {
        bool more = tpl_next(s, len, &pos, &ref);
        size_t stop = more ? ref.start : len;
        for (size_t i = text; i < stop;) {
            size_t w = i;
            while (w < stop && !is_fixed(s[w]))
                w++;
            size_t wl = w - i;
            bool scheme = false;
            for (const char *const *k = schemes; *k && !scheme; k++)
                scheme = wl == strlen(*k) && strncasecmp(s + i, *k, wl) == 0;
            if (!scheme)
                literal += wl;
            i = w < stop ? w + 1 : w;
        }
        if (!more)
            return literal + tpl_args_literal_len(s, len);
        text = ref.end;
    }
}

size_t tpl_strip(const char *s, size_t len, char *out, size_t outlen, const char *repl)
{
    size_t o = 0, pos = 0, text = 0, rl = strlen(repl);
    struct tpl_ref ref;
    if (outlen == 0)
        return 0;
    for (;;) {
        bool more = tpl_next(s, len, &pos, &ref);
        size_t stop = more ? ref.start : len;
        size_t n = stop - text;
        if (n > outlen - 1 - o)
            n = outlen - 1 - o;
        memcpy(out + o, s + text, n);
        o += n;
        if (!more)
            break;
        n = rl < outlen - 1 - o ? rl : outlen - 1 - o;
        memcpy(out + o, repl, n);
        o += n;
        text = ref.end;
    }
    out[o] = '\0';
    return o;
}

bool tpl_form_next(const char *s, size_t len, size_t *pos, struct tpl_param *param)
{
    size_t i = *pos;
    while (i < len && (s[i] == '&' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i >= len) {
        *pos = len;
        return false;
    }
    size_t start = i, scan = i, eq = (size_t)-1;
    struct tpl_ref ref;
    bool more = tpl_next(s, len, &scan, &ref);
    while (i < len && s[i] != '&' && s[i] != '\n' && s[i] != '\r') {
        if (more && i == ref.start) {
            i = ref.end;
            more = tpl_next(s, len, &scan, &ref);
            continue;
        }
        if (s[i] == '=' && eq == (size_t)-1)
            eq = i;
        i++;
    }
    param->key_start = start;
    if (eq == (size_t)-1) {
        param->key_end = i;
        param->value_start = param->value_end = i;
    } else {
        param->key_end = eq;
        param->value_start = eq + 1;
        param->value_end = i;
    }
    *pos = i;
    return true;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t tpl_url_decode(const char *s, size_t len, char *out, size_t outlen)
{
    size_t o = 0;
    if (outlen == 0)
        return 0;
    for (size_t i = 0; i < len && o + 1 < outlen; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return o;
}

bool tpl_is_form(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    size_t k = i;
    while (k < len && (is_ident(s[k]) || s[k] == '.' || s[k] == '%' || s[k] == '[' || s[k] == ']'))
        k++;
    return k > i && k < len && s[k] == '=';
}

/* tpl_json_sample(), and where output offset WANT came from in S (*ORIGIN). */
static char *json_sample(const char *s, size_t len, size_t *outlen, size_t *bare_near, size_t *nbare,
                         size_t maxbare, size_t want, size_t *origin)
{
    size_t sample_len = strlen(TPL_SAMPLE_TEXT);
    /* each reference is at least 2 bytes and becomes at most sample_len */
    size_t cap = len / 2 * sample_len + len + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0, pos = 0, text = 0;
    bool in_string = false, escaped = false;
    struct tpl_ref ref;
    *nbare = 0;
    if (origin)
        *origin = len;
    for (;;) {
        bool more = tpl_next(s, len, &pos, &ref);
        size_t stop = more ? ref.start : len;
        for (size_t i = text; i < stop; i++) {
            char c = s[i];
            if (in_string) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    in_string = false;
            } else if (c == '"') {
                in_string = true;
            }
            if (origin && o == want)
                *origin = i;
            out[o++] = c;
        }
        if (!more)
            break;
        if (ref.kind == TPL_DIRECTIVE) {
            free(out);
            return NULL;
        }
        size_t before = o;
        if (ref.kind == TPL_BROKEN) {
            memcpy(out + o, s + ref.start, ref.end - ref.start);
            o += ref.end - ref.start;
        } else if (in_string) {
            memcpy(out + o, TPL_SAMPLE_TEXT, sample_len);
            o += sample_len;
        } else {
            if (*nbare < maxbare)
                bare_near[(*nbare)++] = o;
            out[o++] = '0';
        }
        if (origin && want >= before && want < o)
            *origin = ref.start; /* inside a sample: the reference it stands for */
        text = ref.end;
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

char *tpl_json_sample(const char *s, size_t len, size_t *outlen, size_t *bare_near,
                      size_t *nbare, size_t maxbare)
{
    return json_sample(s, len, outlen, bare_near, nbare, maxbare, 0, NULL);
}

size_t tpl_json_sample_origin(const char *s, size_t len, size_t out_offset)
{
    size_t outlen, nbare, origin;
    char *sample = json_sample(s, len, &outlen, NULL, &nbare, 0, out_offset, &origin);
    free(sample);
    return sample ? origin : len;
}

bool tpl_secret_is_plain(const char *s, const struct tpl_ref *ref)
{
    if (ref->kind != TPL_SECRET || !ref->name || !ref->name_len || ref->angle)
        return false;
    size_t a = ref->start + 2, z = ref->end - 2;
    while (a < z && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
        z--;
    size_t want = 8 + ref->name_len;
    return z - a == want && memcmp(s + a, "secrets.", 8) == 0 && s + a + 8 == ref->name;
}
