/* action.c - questions about a data action that several rules ask */
#include "action.h"

#include <string.h>
#include <strings.h>

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
