/* fix_token.c - (--unsafe) a token request's JSON body, a flat object of
 * strings, rewritten as the form body token-request-form asks for, with the
 * Content-Type that announces it.  The endpoint then reads another body:
 * behaviour changes.  A literal value under a credential's name is never
 * moved: such a body is left as it is, with its findings. */
#include "fix/fix_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/template.h"

#define FORM_TYPE "application/x-www-form-urlencoded"

static size_t blanks(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Whether C may stand in a form parameter as it is (RFC 3986's unreserved). */
static bool unreserved(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/* Whether V[0..N), a JSON string's text, may be a form value as it is: its
 * literal bytes (outside references) unreserved, no quote or backslash at
 * all, and no literal at all under a credential's NAME. */
static bool form_value_ok(const struct ruledata *data, const char *name, size_t nlen, const char *v, size_t n)
{
    if (memchr(v, '"', n) || memchr(v, '\\', n))
        return false;
    bool secret = ruledata_is_secret_name(data, name, nlen);
    size_t pos = 0, at = 0;
    struct tpl_ref ref;
    while (at < n) {
        size_t next = n, end = n;
        if (tpl_next(v, n, &pos, &ref)) {
            next = ref.start;
            end = ref.end;
            if (ref.kind == TPL_BROKEN || ref.kind == TPL_DIRECTIVE)
                return false;
        }
        for (size_t i = at; i < next; i++)
            if (secret || !unreserved(v[i]))
                return false;
        at = end;
        if (next == n)
            break;
    }
    return true;
}

/* The form text of JSON body S[0..LEN) (malloc'd), or NULL when it is not a
 * flat object of plain strings this can carry over, or memory runs out. */
static char *form_of(const struct ruledata *data, const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t o = 0, i = blanks(s, 0, len);
    if (!out || i >= len || s[i++] != '{')
        goto refuse;
    for (;;) {
        i = blanks(s, i, len);
        if (i >= len || s[i++] != '"')
            goto refuse;
        size_t k = i;
        while (i < len && (unreserved(s[i]) && s[i] != '~'))
            i++;
        size_t klen = i - k;
        if (!klen || i >= len || s[i++] != '"')
            goto refuse;
        i = blanks(s, i, len);
        if (i >= len || s[i++] != ':')
            goto refuse;
        i = blanks(s, i, len);
        if (i >= len || s[i++] != '"')
            goto refuse;
        size_t v = i;
        while (i < len && s[i] != '"' && s[i] != '\\')
            i++;
        if (i >= len || s[i] != '"' || !form_value_ok(data, s + k, klen, s + v, i - v))
            goto refuse;
        if (o)
            out[o++] = '&';
        memcpy(out + o, s + k, klen);
        o += klen;
        out[o++] = '=';
        memcpy(out + o, s + v, i - v);
        o += i - v;
        i = blanks(s, i + 1, len);
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i >= len || s[i++] != '}' || blanks(s, i, len) != len)
            goto refuse;
        out[o] = '\0';
        return out;
    }
refuse:
    free(out);
    return NULL;
}

/* The Content-Type change of HEADERS: its value made the form's, or the
 * header added.  Returns 0 (planned, or nothing to do), 1 (cannot), -1. */
static int plan_content_type(struct fix_plan *p, const struct node *headers)
{
    bool json = p->layout.syntax == SYNTAX_JSON;
    const char *what = "announce the form: Content-Type: " FORM_TYPE;
    const struct node *ct = node_get_nocase(headers, "Content-Type");
    size_t n = p->n;
    int rc;
    if (!ct) {
        struct fix_change c = { .kind = ADD_MEMBER, .at = headers, .key = "Content-Type",
                                .want = { .kind = NODE_STRING, .str = FORM_TYPE, .len = strlen(FORM_TYPE) },
                                .rule = "token-request-form", .fat = headers, .fmember = "Content-Type",
                                .what = what, .hint = "Content-Type", .unsafe = true };
        rc = fix_plan_edit(p, &c, json ? "\"" FORM_TYPE "\"" : FORM_TYPE);
    } else {
        const char *v = node_string(ct);
        if (!v || tpl_literal_len(v, ct->len) == 0)
            return 1;
        if (strncmp(v, FORM_TYPE, strlen(FORM_TYPE)) == 0)
            return 0;
        struct fix_change c = { .kind = SET_VALUE, .at = ct,
                                .want = { .kind = NODE_STRING, .str = FORM_TYPE, .len = strlen(FORM_TYPE) },
                                .rule = "token-request-form", .fat = ct, .what = what, .hint = "Content-Type",
                                .unsafe = true };
        rc = fix_plan_edit(p, &c, json ? "\"" FORM_TYPE "\"" : FORM_TYPE);
    }
    return rc < 0 ? -1 : p->n > n ? 0 : 1;
}

int fix_plan_token_body(struct fix_plan *p, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!p->fo->unsafe || !p->fo->data || !request || !action_is_token_request(action) ||
        action_body_kind(action) != BODY_JSON)
        return 0;
    const struct node *body = node_get(request, "requestTemplate");
    const struct node *headers = node_get(request, "headers");
    if (!node_string(body) || !headers || headers->kind != NODE_OBJECT)
        return 0;
    char *form = fix_plan_own(p, form_of(p->fo->data, body->str, body->len));
    if (!form)
        return 0;
    size_t n = p->n, first = p->edits.n, flen = strlen(form);
    char *quoted = malloc(flen + 3);
    if (!quoted)
        return -1;
    quoted[0] = '"';
    memcpy(quoted + 1, form, flen);
    memcpy(quoted + 1 + flen, "\"", 2);
    struct fix_change c = { .kind = SET_VALUE, .at = body, .want = { .kind = NODE_STRING, .str = form, .len = flen },
                            .rule = "token-request-form", .fat = body, .unsafe = true, .hint = "not JSON",
                            .what = "send the JSON body's members as a form body (unsafe: the endpoint reads "
                                    "another body)" };
    int rc = fix_plan_edit(p, &c, quoted);
    free(quoted);
    if (rc != 0 || p->n == n)
        return rc;
    rc = plan_content_type(p, headers);
    if (rc != 0) {   /* the body alone would contradict its Content-Type: neither */
        fix_edits_truncate(&p->edits, first);
        p->n = n;
    }
    return rc < 0 ? -1 : 0;
}
