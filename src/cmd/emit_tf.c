/* emit_tf.c - Terraform (HCL) text for built actions, formatted as `terraform fmt` leaves it */
#include "cmd/emit_tf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

/* A growing string; FAILED is set once memory runs out and every later call does nothing. */
struct sbuf {
    char *p;
    size_t n, cap;
    bool failed;
};

static bool sb_room(struct sbuf *b, size_t more)
{
    if (b->failed)
        return false;
    if (b->n + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + more + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static void sb_put(struct sbuf *b, const char *s, size_t len)
{
    if (!sb_room(b, len))
        return;
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_spaces(struct sbuf *b, size_t n)
{
    if (!sb_room(b, n))
        return;
    memset(b->p + b->n, ' ', n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* The string built so far (the caller frees it; NULL if memory ran out or nothing was added). */
static char *sb_take(struct sbuf *b)
{
    char *p = b->failed ? NULL : b->p;
    if (b->failed)
        free(b->p);
    else if (!p)
        p = calloc(1, 1);
    memset(b, 0, sizeof *b);
    return p;
}

size_t emit_tf_quote(const char *s, size_t len, char *out, size_t outlen)
{
    size_t o = 0;
#define PUT(c)                       \
    do {                             \
        if (o + 1 < outlen)          \
            out[o] = (char)(c);      \
        o++;                         \
    } while (0)
    PUT('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool brace = i + 1 < len && s[i + 1] == '{';
        if (c == '"' || c == '\\') {
            PUT('\\');
            PUT(c);
        } else if (c == '\n') {
            PUT('\\');
            PUT('n');
        } else if (c == '\r') {
            PUT('\\');
            PUT('r');
        } else if (c == '\t') {
            PUT('\\');
            PUT('t');
        } else if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            PUT('\\');
            PUT('u');
            PUT('0');
            PUT('0');
            PUT(hex[c >> 4]);
            PUT(hex[c & 15]);
        } else if ((c == '$' || c == '%') && brace) {
            PUT(c); /* "${" -> "$${", "%{" -> "%%{": a literal, not an interpolation */
            PUT(c);
        } else {
            PUT(c);
        }
    }
    PUT('"');
#undef PUT
    if (outlen)
        out[o < outlen ? o : outlen - 1] = '\0';
    return o;
}

static void sb_quote(struct sbuf *b, const char *s, size_t len)
{
    size_t need = emit_tf_quote(s, len, NULL, 0);
    if (!sb_room(b, need))
        return;
    emit_tf_quote(s, len, b->p + b->n, need + 1);
    b->n += need;
}

/* One line of output.  An attribute on one line has LEAD (its name) and
 * VALUE; any other line (a block or bracket opening or closing, a comment, a
 * blank line) has only LEAD. */
struct line {
    unsigned indent;
    char *lead;
    char *value;
};

struct hcl {
    struct line *lines;
    size_t n, cap;
    bool failed;
};

/* Take LEAD and VALUE (NULL: a line that is not a one-line attribute) as
 * the next line; a NULL LEAD means memory ran out making it. */
static void add_line(struct hcl *h, unsigned indent, char *lead, char *value)
{
    void *more = h->failed ? NULL : grow(h->lines, &h->cap, h->n, sizeof *h->lines, 64);
    if (!more || !lead) {
        h->failed = true;
        free(lead);
        free(value);
        return;
    }
    h->lines = more;
    h->lines[h->n++] = (struct line){ indent, lead, value };
}

static void add_text(struct hcl *h, unsigned indent, const char *text)
{
    size_t n = strlen(text);
    char *lead = malloc(n + 1);
    if (lead)
        memcpy(lead, text, n + 1);
    add_line(h, indent, lead, NULL);
}

/* An attribute NAME = VALUE on one line (both copied). */
static void add_attr(struct hcl *h, unsigned indent, const char *name, const char *value)
{
    size_t nl = strlen(name), vl = strlen(value);
    char *lead = malloc(nl + 1), *val = malloc(vl + 1);
    if (!lead || !val) {
        free(lead);
        free(val);
        h->failed = true;
        return;
    }
    memcpy(lead, name, nl + 1);
    memcpy(val, value, vl + 1);
    add_line(h, indent, lead, val);
}

/* Columns a text takes: code points, as hclwrite counts them. */
static size_t columns(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The text of H: runs of consecutive one-line attributes at one indent get
 * their '=' aligned one space after the longest name, as hclwrite does. */
static char *render(const struct hcl *h, size_t *len)
{
    struct sbuf b = { 0 };
    for (size_t i = 0; i < h->n;) {
        if (!h->lines[i].value) {
            if (h->lines[i].lead[0]) {
                sb_spaces(&b, 2 * (size_t)h->lines[i].indent);
                sb_puts(&b, h->lines[i].lead);
            }
            sb_puts(&b, "\n");
            i++;
            continue;
        }
        size_t end = i, width = 0;
        while (end < h->n && h->lines[end].value && h->lines[end].indent == h->lines[i].indent) {
            size_t w = columns(h->lines[end].lead);
            if (w > width)
                width = w;
            end++;
        }
        for (; i < end; i++) {
            sb_spaces(&b, 2 * (size_t)h->lines[i].indent);
            sb_puts(&b, h->lines[i].lead);
            sb_spaces(&b, width - columns(h->lines[i].lead) + 1);
            sb_puts(&b, "= ");
            sb_puts(&b, h->lines[i].value);
            sb_puts(&b, "\n");
        }
    }
    *len = b.n;
    return sb_take(&b);
}

static void hcl_free(struct hcl *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->lines[i].lead);
        free(h->lines[i].value);
    }
    free(h->lines);
}

/* Names HCL would not read as a plain object key: they are quoted. */
static bool bare_key(const char *s, size_t len)
{
    static const char *const words[] = { "true", "false", "null", "for", "in", "if", "else",
                                         "endif", "endfor", NULL };
    if (len == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    }
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == len && memcmp(*w, s, len) == 0)
            return false;
    return true;
}

static void key_text(struct sbuf *b, const char *key, bool bare)
{
    size_t len = strlen(key);
    if (bare && bare_key(key, len))
        sb_put(b, key, len);
    else
        sb_quote(b, key, len);
}

/* The shortest decimal text that reads back as D. */
static void real_text(double d, char *out, size_t outlen)
{
    for (int p = 1; p <= 17; p++) {
        snprintf(out, outlen, "%.*g", p, d);
        if (strtod(out, NULL) == d)
            return;
    }
}

static bool one_line(json_t *v)
{
    if (json_is_object(v))
        return json_object_size(v) == 0;
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (json_is_object(item) || json_is_array(item))
                return false;
        }
    }
    return true;
}

/* V (a scalar, an empty object or an array of scalars) on one line. */
static void inline_value(struct sbuf *b, json_t *v)
{
    char num[40];
    switch (json_typeof(v)) {
    case JSON_STRING:
        sb_quote(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        sb_puts(b, num);
        break;
    case JSON_REAL:
        real_text(json_real_value(v), num, sizeof num);
        sb_puts(b, num);
        break;
    case JSON_TRUE:
        sb_puts(b, "true");
        break;
    case JSON_FALSE:
        sb_puts(b, "false");
        break;
    case JSON_NULL:
        sb_puts(b, "null");
        break;
    case JSON_OBJECT:
        sb_puts(b, "{}");
        break;
    case JSON_ARRAY: {
        size_t i;
        json_t *item;
        sb_puts(b, "[");
        json_array_foreach(v, i, item) {
            if (i)
                sb_puts(b, ", ");
            inline_value(b, item);
        }
        sb_puts(b, "]");
        break;
    }
    }
}

/* Emit V at INDENT: as "KEY = OPEN...CLOSE" when KEY is not NULL (an
 * attribute or object member), else as a tuple item followed by TRAILER.
 * OPEN and CLOSE wrap the value (for jsonencode(...)); KEY_BARE lets KEY go
 * unquoted (an attribute name must), BARE the member names inside V. */
static void emit_value(struct hcl *h, unsigned indent, const char *key, bool key_bare, const char *open,
                       const char *close, json_t *v, const char *trailer, bool bare)
{
    struct sbuf b = { 0 };
    if (one_line(v)) {
        sb_puts(&b, open);
        inline_value(&b, v);
        sb_puts(&b, close);
        sb_puts(&b, trailer);
        if (key) {
            struct sbuf k = { 0 };
            key_text(&k, key, key_bare);
            char *val = sb_take(&b);
            if (!val)
                h->failed = true;
            add_line(h, indent, sb_take(&k), val);
        } else {
            add_line(h, indent, sb_take(&b), NULL);
        }
        return;
    }
    bool obj = json_is_object(v);
    if (key) {
        key_text(&b, key, key_bare);
        sb_puts(&b, " = ");
    }
    sb_puts(&b, open);
    sb_puts(&b, obj ? "{" : "[");
    add_line(h, indent, sb_take(&b), NULL);
    if (obj) {
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m) {
            emit_value(h, indent + 1, k, bare, "", "", m, "", bare);
        }
    } else {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            emit_value(h, indent + 1, NULL, bare, "", "", item, ",", bare);
        }
    }
    sb_puts(&b, obj ? "}" : "]");
    sb_puts(&b, close);
    sb_puts(&b, trailer);
    add_line(h, indent, sb_take(&b), NULL);
}

/* An attribute NAME of a string (or any) value V, when V is present. */
static void emit_member(struct hcl *h, unsigned indent, const char *name, json_t *v)
{
    if (v)
        emit_value(h, indent, name, true, "", "", v, "", true);
}

/* A resource label: the slug with '_' for '-', led by '_' when it starts with a digit. */
static char *label(const char *slug)
{
    size_t n = strlen(slug);
    char *out = malloc(n + 2), *o = out;
    if (!out)
        return NULL;
    if (slug[0] >= '0' && slug[0] <= '9')
        *o++ = '_';
    for (size_t i = 0; i <= n; i++)
        *o++ = slug[i] == '-' ? '_' : slug[i];
    return out;
}

bool emit_tf_left_out(const json_t *action)
{
    const char *type = json_string_value(json_object_get(action, "actionType"));
    return type && strcmp(type, "static") == 0;
}

/* The integrationType of A (NULL when it names none). */
static const char *integration_of(const struct tf_action *a)
{
    const char *s = json_string_value(json_object_get(a->action, "integrationType"));
    return s && *s ? s : NULL;
}

/* The name of the variable for the integration ID of TYPE's actions (NULL
 * TYPE: actions that name no integration type), malloc'd; NULL when memory
 * runs out.  Terraform identifiers are letters, digits, '_' and '-': every
 * other byte, and '-', becomes '_'. */
static char *id_var(const char *type)
{
    static const char base[] = "integration_id";
    size_t bl = sizeof base - 1, tl = type ? strlen(type) : 0;
    char *out = malloc(bl + (type ? 1 + tl : 0) + 1);
    if (!out)
        return NULL;
    memcpy(out, base, bl);
    if (type) {
        out[bl] = '_';
        for (size_t i = 0; i < tl; i++) {
            char c = type[i];
            bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out[bl + 1 + i] = keep ? c : '_';
        }
        bl += 1 + tl;
    }
    out[bl] = '\0';
    return out;
}

/* One integration ID variable: the integration type it is for (borrowed;
 * NULL for actions that name none) and its name (owned). */
struct idvar {
    const char *type;
    char *name;
};

struct idvars {
    struct idvar *v;
    size_t n, cap;
};

static void idvars_free(struct idvars *vs)
{
    for (size_t i = 0; i < vs->n; i++)
        free(vs->v[i].name);
    free(vs->v);
}

static bool same_type(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The variables the emitted actions of ACTS need, in the order of their
 * first use.  Returns 0, or -1 with ERR filled (two integration types that
 * would share a name, or no memory). */
static int collect_vars(const struct tf_action *acts, size_t n, struct idvars *vs, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        if (emit_tf_left_out(acts[i].action))
            continue;
        const char *type = integration_of(&acts[i]);
        size_t k = 0;
        while (k < vs->n && !same_type(vs->v[k].type, type))
            k++;
        if (k < vs->n)
            continue;
        char *name = id_var(type);
        void *more = name ? grow(vs->v, &vs->cap, vs->n, sizeof *vs->v, 8) : NULL;
        if (!more) {
            free(name);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        vs->v = more;
        for (k = 0; k < vs->n; k++) {
            if (strcmp(vs->v[k].name, name) == 0) {
                snprintf(err, errlen, "the integration types '%.200s' and '%.200s' would share the variable %.200s: "
                         "build their actions into separate directories", vs->v[k].type, type, name);
                free(name);
                return -1;
            }
        }
        vs->v[vs->n++] = (struct idvar){ type, name };
    }
    return 0;
}

static const char *var_of(const struct idvars *vs, const struct tf_action *a)
{
    const char *type = integration_of(a);
    for (size_t k = 0; k < vs->n; k++)
        if (same_type(vs->v[k].type, type))
            return vs->v[k].name;
    return "integration_id"; /* not reached: every emitted action's type was collected */
}

/* The resource of A, whose integration ID is the variable VAR. */
static void emit_resource(struct hcl *h, const struct tf_action *a, const char *var)
{
    json_t *act = a->action;
    json_t *config = json_object_get(act, "config");
    json_t *request = json_object_get(config, "request");
    json_t *response = json_object_get(config, "response");
    json_t *contract = json_object_get(act, "contract");
    json_t *input = json_object_get(json_object_get(contract, "input"), "inputSchema");
    json_t *output = json_object_get(json_object_get(contract, "output"), "successSchema");
    char *lab = label(a->slug);
    struct sbuf b = { 0 };
    sb_puts(&b, a->custom_auth ? "resource \"genesyscloud_integration_custom_auth_action\" \""
                               : "resource \"genesyscloud_integration_action\" \"");
    sb_puts(&b, lab ? lab : "");
    sb_puts(&b, "\" {");
    free(lab);
    if (!lab)
        b.failed = true;
    add_line(h, 0, sb_take(&b), NULL);

    emit_member(h, 1, "name", json_object_get(act, "name"));
    if (!a->custom_auth) {
        json_t *category = json_object_get(act, "category");
        if (category)
            emit_member(h, 1, "category", category);
        else
            add_attr(h, 1, "category", "var.action_category");
    }
    struct sbuf ref = { 0 };
    sb_puts(&ref, "var.");
    sb_puts(&ref, var);
    char *refs = sb_take(&ref);
    if (refs)
        add_attr(h, 1, "integration_id", refs);
    else
        h->failed = true;
    free(refs);
    if (!a->custom_auth) {
        emit_member(h, 1, "secure", json_object_get(act, "secure"));
        emit_member(h, 1, "config_timeout_seconds", json_object_get(config, "timeoutSeconds"));
        if (input)
            emit_value(h, 1, "contract_input", true, "jsonencode(", ")", input, "", false);
        if (output)
            emit_value(h, 1, "contract_output", true, "jsonencode(", ")", output, "", false);
    }
    if (request) {
        add_text(h, 1, "config_request {");
        emit_member(h, 2, "request_url_template", json_object_get(request, "requestUrlTemplate"));
        emit_member(h, 2, "request_type", json_object_get(request, "requestType"));
        emit_member(h, 2, "request_template", json_object_get(request, "requestTemplate"));
        emit_member(h, 2, "headers", json_object_get(request, "headers"));
        add_text(h, 1, "}");
    }
    if (response) {
        add_text(h, 1, "config_response {");
        emit_member(h, 2, "translation_map", json_object_get(response, "translationMap"));
        emit_member(h, 2, "translation_map_defaults", json_object_get(response, "translationMapDefaults"));
        emit_member(h, 2, "success_template", json_object_get(response, "successTemplate"));
        add_text(h, 1, "}");
    }
    add_text(h, 0, "}");
}

/* The declaration of variable V (its description names its integration type). */
static void emit_var(struct hcl *h, const struct idvar *v)
{
    struct sbuf b = { 0 };
    sb_puts(&b, "variable \"");
    sb_puts(&b, v->name);
    sb_puts(&b, "\" {");
    add_line(h, 0, sb_take(&b), NULL);
    sb_puts(&b, "The ID of the ");
    if (v->type) {
        sb_puts(&b, v->type);
        sb_puts(&b, " integration that the actions belong to");
    } else {
        sb_puts(&b, "integration that the actions naming no integrationType belong to");
    }
    char *text = sb_take(&b);
    if (text)
        sb_quote(&b, text, strlen(text));
    free(text);
    char *quoted = sb_take(&b);
    if (quoted)
        add_attr(h, 1, "description", quoted);
    else
        h->failed = true;
    free(quoted);
    add_attr(h, 1, "type", "string");
    add_text(h, 0, "}");
}

char *emit_tf(const struct tf_action *acts, size_t n, size_t *len, char *err, size_t errlen)
{
    struct hcl h = { 0 };
    struct idvars vs = { 0 };
    bool need_category = false;
    for (size_t i = 0; i < n; i++)
        if (!acts[i].custom_auth && !emit_tf_left_out(acts[i].action) && !json_object_get(acts[i].action, "category"))
            need_category = true;
    if (collect_vars(acts, n, &vs, err, errlen) != 0) {
        idvars_free(&vs);
        return NULL;
    }

    add_text(&h, 0, "# Written by dacc build from the data action definitions: change those and build again.");
    for (size_t k = 0; k < vs.n; k++) {
        add_text(&h, 0, "");
        emit_var(&h, &vs.v[k]);
    }
    if (need_category) {
        add_text(&h, 0, "");
        add_text(&h, 0, "variable \"action_category\" {");
        add_attr(&h, 1, "description", "\"The category of actions whose definition names none\"");
        add_attr(&h, 1, "type", "string");
        add_text(&h, 0, "}");
    }
    for (size_t i = 0; i < n; i++) {
        if (emit_tf_left_out(acts[i].action))
            continue;
        add_text(&h, 0, "");
        emit_resource(&h, &acts[i], var_of(&vs, &acts[i]));
    }
    char *text = h.failed ? NULL : render(&h, len);
    hcl_free(&h);
    idvars_free(&vs);
    if (!text)
        snprintf(err, errlen, "out of memory");
    return text;
}

const char *emit_tf_versions(size_t *len)
{
    static const char text[] =
        "# Written by dacc build: the provider that actions.tf's resources need.\n"
        "\n"
        "terraform {\n"
        "  required_providers {\n"
        "    genesyscloud = {\n"
        "      source  = \"" EMIT_TF_PROVIDER_SOURCE "\"\n"
        "      version = \"" EMIT_TF_PROVIDER_VERSION "\"\n"
        "    }\n"
        "  }\n"
        "}\n";
    *len = sizeof text - 1;
    return text;
}
