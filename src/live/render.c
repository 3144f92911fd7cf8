/* render.c - filling in Velocity templates for dacc live */
#include "live/render.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/encode.h"
#include "core/grow.h"
#include "core/template.h"

/* Calls nest at most this deep ($esc.url("$esc.jsonString(...)") ...). */
#define MAX_DEPTH 16

static void sb_str(struct grow_text *b, const char *s)
{
    grow_text_add(b, s, strlen(s));
}

/* One rendered piece: the text sent and the text shown. */
struct val {
    struct grow_text text, shown;
    bool secret, partial;
};

static void val_free(struct val *v)
{
    free(v->text.s);
    free(v->shown.s);
    memset(v, 0, sizeof *v);
}

/* Append the same bytes to both sides. */
static void val_both(struct val *v, const char *s, size_t n)
{
    grow_text_add(&v->text, s, n);
    grow_text_add(&v->shown, s, n);
}

struct rctx {
    const struct render_vars *vars;
    struct render_error *err;
    const char *base;           /* the outermost template, for error offsets */
    int depth;
};

static enum render_status fail(struct rctx *c, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum render_status fail(struct rctx *c, const char *at, const char *fmt, ...)
{
    va_list ap;
    c->err->offset = (size_t)(at - c->base);
    va_start(ap, fmt);
    vsnprintf(c->err->what, sizeof c->err->what, fmt, ap);
    va_end(ap);
    return RENDER_UNSUPPORTED;
}

/* At most MAX bytes of a name for a message. */
static int clip(size_t len, size_t max)
{
    return (int)(len < max ? len : max);
}

static bool ident_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool ident_char(char ch)
{
    return ident_start(ch) || (ch >= '0' && ch <= '9') || ch == '-';
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool word_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* Index of the ')' closing the '(' at S[OPEN] before END, minding quotes;
 * END when it does not close there. */
static size_t close_paren(const char *s, size_t open, size_t end)
{
    size_t depth = 0;
    char quote = 0;
    for (size_t i = open; i < end; i++) {
        char ch = s[i];
        if (quote) {
            if (ch == '\\' && i + 1 < end)
                i++;
            else if (ch == quote)
                quote = 0;
        } else if (ch == '"' || ch == '\'') {
            quote = ch;
        } else if (ch == '(') {
            depth++;
        } else if (ch == ')' && --depth == 0) {
            return i;
        }
    }
    return end;
}

static enum render_status render_into(struct rctx *c, const char *s, size_t len, struct val *out);

/* Look NAME up; a missing value renders as nothing when QUIET, else the
 * reference S[START..END) stays (and the caller is told, for inputs and
 * secrets). */
static void put_lookup(struct rctx *c, struct val *out, enum render_ref kind, const char *name,
                       size_t name_len, bool quiet, const char *ref, size_t ref_len)
{
    const struct render_vars *v = c->vars;
    const char *value = v->lookup ? v->lookup(v->ctx, kind, name, name_len) : NULL;
    if (value) {
        sb_str(&out->text, value);
        if (kind == RENDER_SECRET) {
            char shown[96];
            if (v->hide_names)
                snprintf(shown, sizeof shown, "[secret]");
            else
                snprintf(shown, sizeof shown, "[secret %.*s]", (int)(name_len > 60 ? 60 : name_len), name);
            sb_str(&out->shown, shown);
            out->secret = true;
        } else {
            sb_str(&out->shown, value);
        }
        return;
    }
    if (quiet)
        return;
    if (kind != RENDER_ALIAS && v->missing)
        v->missing(v->ctx, kind, name, name_len);
    val_both(out, ref, ref_len);
}

/* The argument of a call: "template", 'literal', or a reference. */
static enum render_status render_arg(struct rctx *c, const char *s, size_t len, struct val *out)
{
    while (len && is_space(*s))
        s++, len--;
    while (len && is_space(s[len - 1]))
        len--;
    if (len >= 2 && s[0] == '\'' && s[len - 1] == '\'') {
        val_both(out, s + 1, len - 2);
        return RENDER_OK;
    }
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
        return render_into(c, s + 1, len - 2, out);
    return render_into(c, s, len, out);
}

enum fn {
    FN_NONE,
    FN_URL_FORM,     /* $esc.url, $esc.urlFormEncode: spaces become '+' */
    FN_URI,          /* $esc.uriEncode: spaces become %20 */
    FN_JSON,         /* $esc.jsonString */
    FN_BASE64,       /* $encoding.base64 */
};

static enum fn find_fn(const char *obj, size_t obj_len, const char *method, size_t method_len)
{
    if (word_is(obj, obj_len, "esc")) {
        if (word_is(method, method_len, "url") || word_is(method, method_len, "urlFormEncode"))
            return FN_URL_FORM;
        if (word_is(method, method_len, "uriEncode"))
            return FN_URI;
        if (word_is(method, method_len, "jsonString"))
            return FN_JSON;
    } else if (word_is(obj, obj_len, "encoding") && word_is(method, method_len, "base64")) {
        return FN_BASE64;
    }
    return FN_NONE;
}

static const char *fn_label(enum fn fn)
{
    switch (fn) {
    case FN_URL_FORM: return "url-encoded";
    case FN_URI: return "uri-encoded";
    case FN_JSON: return "json-escaped";
    default: return "base64";
    }
}

/* Apply FN to ARG's text; the shown side keeps ARG's shown text in brackets
 * when ARG holds a secret. */
static enum render_status apply_fn(struct rctx *c, enum fn fn, struct val *arg, struct val *out)
{
    const char *in = arg->text.s ? arg->text.s : "";
    size_t in_len = arg->text.len, n = 0;
    char *done = NULL;
    switch (fn) {
    case FN_URL_FORM:
    case FN_URI:
        if (!c->vars->url_escape)
            return RENDER_UNSUPPORTED;
        done = c->vars->url_escape(c->vars->ctx, in, in_len);
        if (done && fn == FN_URL_FORM) { /* "%20" -> "+" */
            size_t o = 0;
            for (size_t i = 0; done[i]; i++) {
                if (done[i] == '%' && done[i + 1] == '2' && done[i + 2] == '0') {
                    done[o++] = '+';
                    i += 2;
                } else {
                    done[o++] = done[i];
                }
            }
            done[o] = '\0';
        }
        if (done)
            n = strlen(done);
        break;
    case FN_JSON:
        done = render_json_escape(in, in_len, &n);
        break;
    default:
        done = encode_base64(in, in_len, &n);
        break;
    }
    if (!done)
        return RENDER_NOMEM;
    grow_text_add(&out->text, done, n);
    if (arg->secret && c->vars->derived)
        c->vars->derived(c->vars->ctx, done, n);
    if (arg->secret) {
        sb_str(&out->shown, "[");
        sb_str(&out->shown, fn_label(fn));
        sb_str(&out->shown, ": ");
        grow_text_add(&out->shown, arg->shown.s ? arg->shown.s : "", arg->shown.len);
        sb_str(&out->shown, "]");
        out->secret = true;
    } else {
        grow_text_add(&out->shown, done, n);
    }
    out->partial |= arg->partial;
    free(done);
    return RENDER_OK;
}

/* A Velocity reference S[REF.start..REF.end). */
static enum render_status render_velocity(struct rctx *c, const char *s, const struct tpl_ref *ref,
                                          struct val *out)
{
    const char *whole = s + ref->start;
    size_t whole_len = ref->end - ref->start;
    size_t b = ref->start + 1, e = ref->end;
    if (ref->quiet)
        b++;
    if (ref->braced) {
        b++;
        e--;
    }
    while (b < e && is_space(s[b]))
        b++;
    while (e > b && is_space(s[e - 1]))
        e--;
    /* a chain of names: root.name.name... */
    size_t idents[8][2], n = 0, p = b;
    while (p < e && n < 8 && ident_start(s[p])) {
        size_t q = p;
        while (q < e && ident_char(s[q]))
            q++;
        idents[n][0] = p;
        idents[n][1] = q;
        n++;
        p = q;
        if (p + 1 < e && s[p] == '.' && ident_start(s[p + 1]))
            p++;
        else
            break;
    }
#define ID(k) (s + idents[k][0]), (idents[k][1] - idents[k][0])
    if (n > 0 && p == e) {
        if (n == 2 && word_is(ID(0), "input")) {
            put_lookup(c, out, RENDER_INPUT, ID(1), ref->quiet, whole, whole_len);
        } else if (n == 2 && word_is(ID(0), "credentials")) {
            put_lookup(c, out, RENDER_SECRET, ID(1), ref->quiet, whole, whole_len);
        } else if (n == 1) {
            put_lookup(c, out, RENDER_ALIAS, ID(0), ref->quiet, whole, whole_len);
        } else {
            val_both(out, whole, whole_len); /* Velocity keeps what it cannot resolve */
        }
        return RENDER_OK;
    }
    if (n >= 2 && p < e && s[p] == '(' && close_paren(s, p, e) == e - 1) {
        enum fn fn = n == 2 ? find_fn(ID(0), ID(1)) : FN_NONE;
        if (fn != FN_NONE) {
            if (c->depth >= MAX_DEPTH)
                return fail(c, whole, "calls nest too deeply in '%.*s...'", clip(whole_len, 20), whole);
            struct val arg = { 0 };
            c->depth++;
            enum render_status st = render_arg(c, s + p + 1, e - 1 - (p + 1), &arg);
            c->depth--;
            if (st == RENDER_OK)
                st = apply_fn(c, fn, &arg, out);
            if (st == RENDER_OK && (arg.text.failed || arg.shown.failed))
                st = RENDER_NOMEM;
            val_free(&arg);
            return st;
        }
    }
    if (c->vars->lenient) {
        val_both(out, whole, whole_len);
        out->partial = true;
        return RENDER_OK;
    }
    /* named by its names only: the arguments may hold anything */
    return fail(c, whole, "dacc live cannot render '$%.*s%s'; it handles ${input.x}, ${credentials.x}, "
                          "$esc.url(), $esc.uriEncode(), $esc.jsonString() and $encoding.base64()",
                clip(p - b, 40), s + b, p < e && s[p] == '(' ? "(...)" : "");
#undef ID
}

static enum render_status render_into(struct rctx *c, const char *s, size_t len, struct val *out)
{
    size_t pos = 0, text = 0;
    struct tpl_ref ref;
    while (tpl_next(s, len, &pos, &ref)) {
        val_both(out, s + text, ref.start - text);
        text = ref.end;
        enum render_status st = RENDER_OK;
        switch (ref.kind) {
        case TPL_VELOCITY:
            st = render_velocity(c, s, &ref, out);
            break;
        case TPL_SECRET:
            if (!ref.name || !ref.name_len)
                st = fail(c, s + ref.start, "a secret placeholder without a name: '%.*s'",
                          clip(ref.end - ref.start, 40), s + ref.start);
            else
                put_lookup(c, out, RENDER_SECRET, ref.name, ref.name_len, false, s + ref.start,
                           ref.end - ref.start);
            break;
        case TPL_MUSTACHE: /* {{ flow.X }} and the like: not data action syntax, sent as it is */
            val_both(out, s + ref.start, ref.end - ref.start);
            break;
        case TPL_DIRECTIVE:
        case TPL_BROKEN:
            if (c->vars->lenient) {
                val_both(out, s + ref.start, ref.end - ref.start);
                out->partial = true;
            } else if (ref.kind == TPL_DIRECTIVE) {
                st = fail(c, s + ref.start, "dacc live cannot render the Velocity directive '#%.*s'",
                          ref.root ? clip(ref.root_len, 20) : 0, ref.root ? ref.root : "");
            } else {
                st = fail(c, s + ref.start, "an unbalanced reference starts with '%.*s'; 'dacc lint' shows where",
                          clip(ref.end - ref.start, 3), s + ref.start);
            }
            break;
        }
        if (st != RENDER_OK)
            return st;
    }
    val_both(out, s + text, len - text);
    return out->text.failed || out->shown.failed ? RENDER_NOMEM : RENDER_OK;
}

enum render_status render_template(const char *s, size_t len, const struct render_vars *vars,
                                   struct render_result *out, struct render_error *err)
{
    struct render_error scratch = { 0 };
    struct rctx c = { .vars = vars, .err = err ? err : &scratch, .base = s };
    struct val v = { 0 };
    memset(out, 0, sizeof *out);
    memset(c.err, 0, sizeof *c.err);
    val_both(&v, "", 0); /* never NULL, even for an empty template */
    enum render_status st = render_into(&c, s, len, &v);
    if (st == RENDER_OK && (v.text.failed || v.shown.failed))
        st = RENDER_NOMEM;
    if (st != RENDER_OK) {
        val_free(&v);
        return st;
    }
    out->text = v.text.s;
    out->len = v.text.len;
    out->shown = v.shown.s;
    out->shown_len = v.shown.len;
    out->secret = v.secret;
    out->partial = v.partial;
    return RENDER_OK;
}

void render_result_free(struct render_result *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->shown);
    memset(r, 0, sizeof *r);
}

char *render_json_escape(const char *s, size_t len, size_t *outlen)
{
    struct grow_text b = { 0 };
    grow_text_add(&b, "", 0);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[8];
        switch (ch) {
        case '"': grow_text_add(&b, "\\\"", 2); break;
        case '\\': grow_text_add(&b, "\\\\", 2); break;
        case '\n': grow_text_add(&b, "\\n", 2); break;
        case '\r': grow_text_add(&b, "\\r", 2); break;
        case '\t': grow_text_add(&b, "\\t", 2); break;
        case '\b': grow_text_add(&b, "\\b", 2); break;
        case '\f': grow_text_add(&b, "\\f", 2); break;
        default:
            if (ch < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", ch);
                grow_text_add(&b, esc, 6);
            } else {
                grow_text_add(&b, s + i, 1);
            }
        }
    }
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    *outlen = b.len;
    return b.s;
}
