/* action.c - questions about a data action that several rules ask */
#include "core/action.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/digest.h"

const struct node *action_list(const struct node *root)
{
    if (root->kind == NODE_ARRAY)
        return root;
    const struct node *entities = node_get(root, "entities");
    return entities && entities->kind == NODE_ARRAY ? entities : NULL;
}

/* True when KEY[0..LEN) is NAME, without regard to ASCII case. */
static bool key_is(const char *key, size_t len, const char *name)
{
    return key && strlen(name) == len && strncasecmp(key, name, len) == 0;
}

/* Whether KEY[0..LEN) is one of the N NAMES (without regard to case). */
static bool key_in(const char *key, size_t len, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (key_is(key, len, names[k]))
            return true;
    return false;
}

bool action_looks_like_one(const struct node *obj)
{
    /* top-level members no other kind of file has */
    static const char *const own[] = { "contract", "actionType", "integrationType", "integrationId", "secure" };
    /* and those an action shares with other kinds */
    static const char *const shared[] = { "name", "category", "description", "config" };
    if (!obj || obj->kind != NODE_OBJECT)
        return false;
    bool all_action = true;
    for (size_t i = 0; i < obj->n; i++) {
        const struct node *m = obj->kids[i];
        if (key_in(m->key, m->key_len, own, sizeof own / sizeof own[0]))
            return true;
        all_action = all_action && key_in(m->key, m->key_len, shared, sizeof shared / sizeof shared[0]);
        if (!key_is(m->key, m->key_len, "config") || m->kind != NODE_OBJECT)
            continue;
        for (size_t j = 0; j < m->n; j++)
            if (key_is(m->kids[j]->key, m->kids[j]->key_len, "request") ||
                key_is(m->kids[j]->key, m->kids[j]->key_len, "response"))
                return true;
    }
    /* nothing but what an action has ({} too): an action missing the rest */
    return all_action;
}

enum action_doc action_doc_kind(const struct node *root)
{
    if (!root)
        return ACTION_DOC_NONE;
    const struct node *list = action_list(root);
    if (!list)
        return action_looks_like_one(root) ? ACTION_DOC_ONE : ACTION_DOC_NONE;
    for (size_t i = 0; i < list->n; i++)
        if (action_looks_like_one(list->kids[i]))
            return ACTION_DOC_LIST;
    /* {"entities": [...]} with no action in it may still be one broken action */
    return list != root && action_looks_like_one(root) ? ACTION_DOC_ONE : ACTION_DOC_NONE;
}

void action_display_name(const struct node *action, size_t index, char *out, size_t outlen)
{
    const struct node *name = node_get(action, "name");
    if (name && name->kind == NODE_STRING && name->len > 0 && !memchr(name->str, '\0', name->len))
        snprintf(out, outlen, "%s", name->str);
    else
        snprintf(out, outlen, "#%zu", index);
}

const struct node *action_request(const struct node *action)
{
    const struct node *r = node_path(action, "config/request");
    return r && r->kind == NODE_OBJECT ? r : NULL;
}

const struct node *action_header(const struct node *action, const char *name)
{
    return node_get_nocase(node_get(action_request(action), "headers"), name);
}

bool action_is_custom_auth(const struct node *action)
{
    const char *t = node_string(node_get(action, "actionType"));
    return t && strcmp(t, "customAuth") == 0;
}

size_t action_slug(const char *name, size_t len, char out[ACTION_SLUG_MAX + 1])
{
    size_t o = 0;
    bool gap = false;
    for (size_t i = 0; i < len && o < ACTION_SLUG_MAX; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && o > 0 && o + 1 < ACTION_SLUG_MAX)
                out[o++] = '-';
            else if (gap && o > 0)
                break;
            gap = false;
            out[o++] = c;
        } else {
            gap = true;
        }
    }
    out[o] = '\0';
    return o;
}

size_t action_import_name(const struct node *action, char out[ACTION_IMPORT_NAME_MAX])
{
    const struct node *name = node_get(action, "name");
    out[0] = '\0';
    if (!name || name->kind != NODE_STRING || name->len == 0 || memchr(name->str, '\0', name->len))
        return 0;
    char slug[ACTION_SLUG_MAX + 1];
    size_t sl = action_slug(name->str, name->len, slug);
    if (sl == 0) {
        /* no ASCII letter or digit: name the file by a digest of the name */
        char hex[DIGEST_HEX_LEN + 1];
        if (digest_sha256_hex(name->str, name->len, hex) != 0)
            return 0;
        snprintf(slug, sizeof slug, "action-%.12s", hex);
        sl = strlen(slug);
    }
    snprintf(out, ACTION_IMPORT_NAME_MAX, "%s%s", slug,
             action_is_custom_auth(action) ? ".customAuth.json" : ".custom.json");
    return sl;
}

bool action_form_find(const char *s, size_t len, const char *key, struct tpl_param *out)
{
    size_t pos = 0, klen = strlen(key);
    struct tpl_param p;
    while (tpl_form_next(s, len, &pos, &p)) {
        char name[64];
        size_t n = tpl_url_decode(s + p.key_start, p.key_end - p.key_start, name, sizeof name);
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
            n--;
        size_t b = 0;
        while (b < n && (name[b] == ' ' || name[b] == '\t'))
            b++;
        if (n - b == klen && memcmp(name + b, key, klen) == 0) {
            *out = p;
            return true;
        }
    }
    return false;
}

const char *action_url_query(const char *url, size_t *len)
{
    const char *q = strchr(url, '?');
    if (!q)
        return NULL;
    q++;
    const char *hash = strchr(q, '#');
    *len = hash ? (size_t)(hash - q) : strlen(q);
    return q;
}

bool action_json_string(const char *s, size_t len, const char *name, char *out, size_t outlen, bool *from_ref)
{
    size_t slen, bare[1], nbare;
    char *sample = tpl_json_sample(s, len, &slen, bare, &nbare, 1);
    json_t *j = sample ? json_loadb(sample, slen, JSON_DECODE_ANY, NULL) : NULL;
    const char *v = json_string_value(json_object_get(j, name));
    if (v) {
        *from_ref = strstr(v, TPL_SAMPLE_TEXT) != NULL;
        snprintf(out, outlen, "%s", v);
    }
    json_decref(j);
    free(sample);
    return v != NULL;
}

static const char *trim(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return s;
}

enum body_kind action_body_kind(const struct node *action)
{
    const char *t = node_string(node_get(action_request(action), "requestTemplate"));
    if (!t)
        return BODY_NONE;
    t = trim(t);
    if (!*t)
        return BODY_NONE;
    if (*t == '{' || *t == '[')
        return BODY_JSON;
    if (tpl_is_form(t, strlen(t)))
        return BODY_FORM;
    return BODY_OTHER;
}

/* The URL's path ends in /token (before any query or fragment). */
static bool token_path(const char *url)
{
    size_t n = strcspn(url, "?#");
    while (n && url[n - 1] == '/')
        n--;
    return n >= 6 && strncasecmp(url + n - 6, "/token", 6) == 0;
}

bool action_is_token_request(const struct node *action)
{
    if (action_is_custom_auth(action))
        return true;
    const struct node *request = action_request(action);
    const char *url = node_string(node_get(request, "requestUrlTemplate"));
    if (url && token_path(url))
        return true;
    struct tpl_param p;
    size_t qlen;
    const char *q = url ? action_url_query(url, &qlen) : NULL;
    if (q && action_form_find(q, qlen, "grant_type", &p))
        return true;
    if (action_header(action, "grant_type"))
        return true;
    const char *body = node_string(node_get(request, "requestTemplate"));
    if (!body)
        return false;
    switch (action_body_kind(action)) {
    case BODY_FORM: {
        const char *b = trim(body);
        return action_form_find(b, strlen(b), "grant_type", &p);
    }
    case BODY_JSON:
        return strstr(body, "\"grant_type\"") != NULL;
    default:
        return false;
    }
}

/* The client named by the text S (LEN bytes, already decoded): a reference
 * to a secret or credential gives its name, text without references itself. */
static size_t client_name(const char *s, size_t len, char *out, size_t outlen, int depth)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    size_t pos = 0;
    struct tpl_ref ref;
    const char *name = s;
    if (tpl_next(s, len, &pos, &ref)) {
        bool whole = ref.start == 0 && ref.end == len;
        /* $esc.url(<ref>) sends the same client, encoded for the form */
        if (whole && ref.kind == TPL_VELOCITY && tpl_root_is(&ref, "esc") && ref.name_len == 3 &&
            memcmp(ref.name, "url", 3) == 0) {
            const char *open = memchr(s + ref.inner_start, '(', ref.inner_end - ref.inner_start);
            const char *close = s + ref.end - (ref.braced ? 2 : 1);
            if (!open || close <= open || *close != ')' || depth > 1)
                return 0;
            const char *a = open + 1, *z = close;
            while (a < z && *a == ' ')
                a++;
            while (z > a && z[-1] == ' ')
                z--;
            if (z - a >= 2 && (*a == '"' || *a == '\'') && z[-1] == *a) {
                a++; /* a quoted literal: the text inside */
                z--;
            }
            return client_name(a, (size_t)(z - a), out, outlen, depth + 1);
        }
        if (!whole || !ref.name_len ||
            !(ref.kind == TPL_SECRET || (ref.kind == TPL_VELOCITY && tpl_root_is(&ref, "credentials"))))
            return 0;
        /* ${credentials.X} or $credentials.X itself, not a call or a property of it */
        const char *after = ref.name + ref.name_len, *stop = s + ref.end - (ref.braced ? 1 : 0);
        while (ref.kind == TPL_VELOCITY && after < stop && (*after == ' ' || *after == '\t'))
            after++;
        if (ref.kind == TPL_VELOCITY && after != stop)
            return 0;
        name = ref.name;
        len = ref.name_len;
    }
    if (!len || len >= outlen || memchr(name, '\0', len))
        return 0;
    memcpy(out, name, len);
    out[len] = '\0';
    return len;
}

/* The client_id parameter of form text S. */
static size_t client_in_form(const char *s, size_t len, char *out, size_t outlen)
{
    struct tpl_param p;
    if (!action_form_find(s, len, "client_id", &p))
        return 0;
    char value[1024];
    size_t vl = tpl_url_decode(s + p.value_start, p.value_end - p.value_start, value, sizeof value);
    return client_name(value, vl, out, outlen, 0);
}

/* "client_id": "..." in a JSON template (a string without escapes). */
static size_t client_in_json(const char *s, char *out, size_t outlen)
{
    const char *k = strstr(s, "\"client_id\"");
    if (!k)
        return 0;
    k = trim(k + 11);
    if (*k != ':')
        return 0;
    k = trim(k + 1);
    if (*k != '"')
        return 0;
    size_t n = strcspn(++k, "\"\\");
    return k[n] == '"' ? client_name(k, n, out, outlen, 0) : 0;
}

/* Basic $encoding.base64("<client>:<secret>"), with or without braces. */
static size_t client_in_basic(const char *v, char *out, size_t outlen)
{
    v = trim(v);
    if (strncasecmp(v, "Basic", 5) != 0)
        return 0;
    v = trim(v + 5);
    size_t len = strlen(v), pos = 0;
    struct tpl_ref call;
    if (!tpl_next(v, len, &pos, &call) || call.kind != TPL_VELOCITY || !tpl_root_is(&call, "encoding") ||
        call.inner_start == call.inner_end)
        return 0;
    const char *arg = v + call.inner_start, *end = v + call.inner_end;
    arg = memchr(arg, '(', (size_t)(end - arg));
    if (!arg)
        return 0;
    arg++;
    while (arg < end && *arg == ' ')
        arg++;
    if (arg == end || (*arg != '"' && *arg != '\''))
        return 0;
    char quote = *arg++;
    /* the client is what comes before the first ':' outside a reference */
    size_t alen = (size_t)(end - arg), at = 0;
    struct tpl_ref ref;
    while (at < alen && arg[at] != ':' && arg[at] != quote) {
        size_t probe = at;
        if (tpl_next(arg, alen, &probe, &ref) && ref.start == at)
            at = ref.end;
        else
            at++;
    }
    return at < alen && arg[at] == ':' ? client_name(arg, at, out, outlen, 0) : 0;
}

size_t action_client(const struct node *action, char *out, size_t outlen)
{
    const struct node *request = action_request(action);
    const char *body = node_string(node_get(request, "requestTemplate"));
    size_t n = 0;
    if (body && action_body_kind(action) == BODY_FORM) {
        const char *b = trim(body);
        n = client_in_form(b, strlen(b), out, outlen);
    }
    const char *url = node_string(node_get(request, "requestUrlTemplate"));
    size_t qlen;
    const char *q = url ? action_url_query(url, &qlen) : NULL;
    if (!n && q)
        n = client_in_form(q, qlen, out, outlen);
    if (!n && body && action_body_kind(action) == BODY_JSON)
        n = client_in_json(body, out, outlen);
    const char *auth = node_string(action_header(action, "Authorization"));
    if (!n && auth)
        n = client_in_basic(auth, out, outlen);
    return n;
}

bool action_placeholder_value(const struct ruledata *rd, struct pattern_scratch *scratch, const char *s, size_t len)
{
    static const char *const schemes[] = { "Bearer ", "Basic ", "Token ", "Digest ", NULL };
    size_t pos = 0;
    struct tpl_ref ref;
    if (memchr(s, '\0', len) || tpl_next(s, len, &pos, &ref))
        return false; /* a reference (or a broken one) is never a placeholder's whole text */
    while (len && strchr(" \t\"'", s[0])) {
        s++;
        len--;
    }
    while (len && strchr(" \t\"'", s[len - 1]))
        len--;
    for (const char *const *k = schemes; *k; k++) {
        size_t kl = strlen(*k);
        if (len > kl && strncasecmp(s, *k, kl) == 0) {
            s += kl;
            len -= kl;
            while (len && (s[0] == ' ' || s[0] == '\t')) {
                s++;
                len--;
            }
            break;
        }
    }
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
            return false;
    return len > 0 && ruledata_is_placeholder(rd, s, len, scratch);
}
