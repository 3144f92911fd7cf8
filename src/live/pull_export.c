/* pull_export.c - an action entity as the admin UI exports it, its bytes,
 * and where two actions differ (pull_export.h) */
#include "live/pull_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/emit_yaml.h"
#include "core/jsonout.h"

/* the export's members, in its order */
static const char *const export_order[] = { "name", "integrationType", "actionType", "config", "contract",
                                            "secure", NULL };
/* what the server owns, and the category (chosen at import): never exported */
static const char *const dropped[] = { "id", "selfUri", "version", "integrationId", "category", NULL };

static bool listed(const char *const *names, const char *key)
{
    for (const char *const *k = names; *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return false;
}

/* The kind of action an org's entity is: its own actionType, else the prefix
 * of its id ("customAuth_-_..." -> customAuth), else custom.  A new string. */
static json_t *action_type(const json_t *entity, bool from_org)
{
    const json_t *own = json_object_get(entity, "actionType");
    if (own)
        return json_deep_copy(own);
    if (!from_org)
        return NULL;
    const char *id = json_string_value(json_object_get(entity, "id"));
    const char *sep = id ? strstr(id, "_-_") : NULL;
    if (sep && sep > id)
        return json_stringn(id, (size_t)(sep - id));
    return json_string("custom");
}

/* Set KEY of OBJ to V (stolen); a NULL V is left out.  Returns 0 or -1. */
static int put(json_t *obj, const char *key, json_t *v)
{
    return v ? json_object_set_new(obj, key, v) : 0;
}

json_t *pull_export(const json_t *entity, const char *integration_type, bool from_org, char *why, size_t whylen)
{
    const char *name = json_string_value(json_object_get(entity, "name"));
    if (!json_is_object(entity) || !name || !*name) {
        snprintf(why, whylen, "not an action: %s", json_is_object(entity) ? "no name" : "not an object");
        return NULL;
    }
    json_t *out = json_object();
    const json_t *type = json_object_get(entity, "integrationType");
    int rc = out ? 0 : -1;
    rc = rc ? rc : put(out, "name", json_deep_copy(json_object_get(entity, "name")));
    if (integration_type)
        rc = rc ? rc : put(out, "integrationType", json_string(integration_type));
    else if (type)
        rc = rc ? rc : put(out, "integrationType", json_deep_copy(type));
    rc = rc ? rc : put(out, "actionType", action_type(entity, from_org));
    for (const char *const *k = export_order + 3; *k && rc == 0; k++) {
        const json_t *v = json_object_get(entity, *k);
        if (v)
            rc = put(out, *k, json_deep_copy(v));
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)entity, key, v) {
        if (rc == 0 && !listed(export_order, key) && !listed(dropped, key))
            rc = put(out, key, json_deep_copy(v));
    }
    if (rc != 0) {
        json_decref(out);
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    return out;
}

/* --- bytes ----------------------------------------------------------------- */

/* The most digits any real in V needs (0: none). */
static int precision_of(const json_t *v)
{
    int most = 0, p;
    const char *k;
    const json_t *m;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_REAL:
        return jsonout_digits(json_real_value(v));
    case JSON_ARRAY:
        json_array_foreach((json_t *)v, i, m) {
            p = precision_of(m);
            most = p > most ? p : most;
        }
        return most;
    case JSON_OBJECT:
        json_object_foreach((json_t *)v, k, m) {
            p = precision_of(m);
            most = p > most ? p : most;
        }
        return most;
    default:
        return 0;
    }
}

/* V as YAML events into Y. */
static void yaml_value(struct emit_yaml *y, const json_t *v, int precision)
{
    char num[48];
    const char *k;
    const json_t *m;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        emit_yaml_map(y);
        json_object_foreach((json_t *)v, k, m) {
            emit_yaml_s(y, k);
            yaml_value(y, m, precision);
        }
        emit_yaml_end_map(y);
        break;
    case JSON_ARRAY:
        emit_yaml_seq(y);
        json_array_foreach((json_t *)v, i, m) {
            yaml_value(y, m, precision);
        }
        emit_yaml_end_seq(y);
        break;
    case JSON_STRING:
        emit_yaml_str(y, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        emit_yaml_plain(y, num);
        break;
    case JSON_REAL:
        snprintf(num, sizeof num, "%.*g", precision > 0 ? precision : 17, json_real_value(v));
        if (!strpbrk(num, ".eEn")) /* 2.0 stays a real: "2" would read back as an integer */
            snprintf(num + strlen(num), sizeof num - strlen(num), ".0");
        emit_yaml_plain(y, num);
        break;
    case JSON_TRUE:
        emit_yaml_plain(y, "true");
        break;
    case JSON_FALSE:
        emit_yaml_plain(y, "false");
        break;
    case JSON_NULL:
        emit_yaml_plain(y, "null");
        break;
    }
}

char *pull_export_text(const json_t *export, bool yaml, size_t *len, char *why, size_t whylen)
{
    int precision = precision_of(export);
    if (yaml) {
        struct emit_yaml *y = emit_yaml_new();
        if (!y) {
            snprintf(why, whylen, "out of memory");
            return NULL;
        }
        yaml_value(y, export, precision);
        return emit_yaml_finish(y, len, why, whylen);
    }
    char *t = jsonout_file(export, precision, len);
    if (!t)
        snprintf(why, whylen, "out of memory");
    return t;
}

/* --- differences ------------------------------------------------------------ */

struct diff {
    void (*say)(void *ctx, const char *pointer);
    void *ctx;
    size_t limit;
    long count;
    bool nomem;
    char *ptr;          /* the pointer so far */
    size_t len, cap;
};

/* Append "/" and TOKEN escaped (~0, ~1) to D's pointer; returns its old length. */
static size_t push(struct diff *d, const char *token)
{
    size_t old = d->len, need = d->len + 2 * strlen(token) + 2;
    if (need > d->cap) {
        size_t cap = d->cap ? d->cap : 64;
        while (cap < need)
            cap *= 2;
        char *more = realloc(d->ptr, cap);
        if (!more) {
            d->nomem = true;
            return old;
        }
        d->ptr = more;
        d->cap = cap;
    }
    d->ptr[d->len++] = '/';
    for (const char *t = token; *t; t++) {
        if (*t == '~' || *t == '/') {
            d->ptr[d->len++] = '~';
            d->ptr[d->len++] = *t == '~' ? '0' : '1';
        } else {
            d->ptr[d->len++] = *t;
        }
    }
    d->ptr[d->len] = '\0';
    return old;
}

static void pop(struct diff *d, size_t old)
{
    d->len = old;
    if (d->ptr)
        d->ptr[old] = '\0';
}

static void differs(struct diff *d)
{
    if (d->nomem)
        return;
    if ((size_t)d->count < d->limit)
        d->say(d->ctx, d->len ? d->ptr : "");
    d->count++;
}

static void walk(struct diff *d, const json_t *a, const json_t *b);

/* Objects: A's members in its order, then those only B has. */
static void walk_objects(struct diff *d, const json_t *a, const json_t *b)
{
    const char *k;
    const json_t *m;
    json_object_foreach((json_t *)a, k, m) {
        size_t old = push(d, k);
        const json_t *other = json_object_get(b, k);
        if (other)
            walk(d, m, other);
        else
            differs(d);
        pop(d, old);
    }
    json_object_foreach((json_t *)b, k, m) {
        if (json_object_get(a, k))
            continue;
        size_t old = push(d, k);
        differs(d);
        pop(d, old);
    }
}

static void walk(struct diff *d, const json_t *a, const json_t *b)
{
    if (d->nomem)
        return;
    if (json_typeof(a) != json_typeof(b)) {
        differs(d);
        return;
    }
    if (json_is_object(a)) {
        walk_objects(d, a, b);
    } else if (json_is_array(a)) {
        size_t na = json_array_size(a), nb = json_array_size(b);
        for (size_t i = 0; i < na || i < nb; i++) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            size_t old = push(d, idx);
            if (i < na && i < nb)
                walk(d, json_array_get(a, i), json_array_get(b, i));
            else
                differs(d);
            pop(d, old);
        }
    } else if (!json_equal((json_t *)a, (json_t *)b)) {
        differs(d);
    }
}

long pull_diff(const json_t *a, const json_t *b, void (*say)(void *ctx, const char *pointer), void *ctx,
               size_t limit)
{
    struct diff d = { .say = say, .ctx = ctx, .limit = limit };
    walk(&d, a, b);
    free(d.ptr);
    return d.nomem ? -1 : d.count;
}
