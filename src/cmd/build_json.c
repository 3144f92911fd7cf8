/* build_json.c - dacc build's node tree -> import JSON: the export shape,
 * every "{{ secrets.X }}" rewritten "<< secrets.X >>", and the secrets each
 * action uses noted for the manifest */
#include "cmd/build.h"
#include "cmd/build_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/grow.h"
#include "core/jsonout.h"
#include "core/template.h"
#include "core/termsafe.h"

/* Top-level members in the order Genesys Cloud exports them (127 of the 134
 * public exports beside this project end with config, contract, secure). */
static const char *const export_order[] = {
    "name", "integrationType", "actionType", "category", "config", "contract", "secure", NULL,
};

/* Members the server owns: an import must not carry them. */
static const char *const server_owned[] = { "id", "selfUri", "version", "integrationId", NULL };

/* While one action is converted. */
struct conv {
    struct build *b;
    const struct node *action;
    struct item *item;
    const char *srcname;
    bool refused;
};

/* --- secret references --------------------------------------------------- */

/* Called for each reference found while rewriting; a NULL CONV collects nothing. */
static int note_use(struct conv *c, const struct node *n, enum use_kind kind, const char *name, size_t len)
{
    if (!c || !name || !len)
        return 0;
    struct build *b = c->b;
    void *more = grow(b->uses, &b->usecap, b->nuses, sizeof *b->uses, 16);
    if (!more)
        return -1;
    b->uses = more;
    struct use *u = &b->uses[b->nuses];
    u->kind = kind;
    u->name = malloc(len + 1);
    u->pointer = node_pointer(c->action, n, NULL);
    u->file = c->item->file;
    u->action = c->item->name;
    if (!u->name || !u->pointer) {
        free(u->name);
        free(u->pointer);
        return -1;
    }
    memcpy(u->name, name, len);
    u->name[len] = '\0';
    b->nuses++;
    return 0;
}

/* Copy S[FROM..TO) to OUT + *O, rewriting secret placeholders; references
 * inside Velocity calls and ${...} are scanned too.  Returns 0, 1 when a
 * placeholder cannot be rewritten, -1 when memory runs out. */
static int rewrite(struct conv *c, const struct node *n, const char *s, size_t from, size_t to, char *out,
                   size_t *o)
{
    size_t pos = from, text = from;
    struct tpl_ref ref;
    while (tpl_next(s, to, &pos, &ref)) {
        memcpy(out + *o, s + text, ref.start - text);
        *o += ref.start - text;
        text = ref.end;
        if (ref.kind == TPL_SECRET) {
            if (!ref.angle) {
                if (!tpl_secret_is_plain(s, &ref))
                    return 1;
                memcpy(out + *o, "<< secrets.", 11);
                memcpy(out + *o + 11, ref.name, ref.name_len);
                memcpy(out + *o + 11 + ref.name_len, " >>", 3);
                *o += 14 + ref.name_len;
            } else {
                memcpy(out + *o, s + ref.start, ref.end - ref.start);
                *o += ref.end - ref.start;
            }
            if (note_use(c, n, USE_SECRET, ref.name, ref.name_len) != 0)
                return -1;
            continue;
        }
        if (ref.kind == TPL_VELOCITY && tpl_root_is(&ref, "credentials") &&
            note_use(c, n, USE_CREDENTIAL, ref.name, ref.name_len) != 0)
            return -1;
        if ((ref.kind == TPL_VELOCITY || ref.kind == TPL_DIRECTIVE) && ref.inner_start < ref.inner_end &&
            ref.inner_start >= ref.start && ref.inner_end <= ref.end) {
            memcpy(out + *o, s + ref.start, ref.inner_start - ref.start);
            *o += ref.inner_start - ref.start;
            int rc = rewrite(c, n, s, ref.inner_start, ref.inner_end, out, o);
            if (rc != 0)
                return rc;
            memcpy(out + *o, s + ref.inner_end, ref.end - ref.inner_end);
            *o += ref.end - ref.inner_end;
        } else {
            memcpy(out + *o, s + ref.start, ref.end - ref.start);
            *o += ref.end - ref.start;
        }
    }
    memcpy(out + *o, s + text, to - text);
    *o += to - text;
    return 0;
}

/* Room for S rewritten: a placeholder of at least 13 bytes ("{{secrets.X}}")
 * grows by at most 2 ("<< secrets.X >>"). */
static size_t rewrite_room(size_t len)
{
    return len + len / 4 + 16;
}

/* True when S still holds "{{ secrets." (inside some other construct that
 * was copied as it is): the output must not. */
static bool left_unrewritten(const char *s, size_t len)
{
    for (const char *p = s, *end = s + len; (p = memchr(p, '{', (size_t)(end - p))) != NULL; p++) {
        if (end - p < 2 || p[1] != '{')
            continue;
        const char *q = p + 2;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (end - q >= 8 && memcmp(q, "secrets.", 8) == 0)
            return true;
    }
    return false;
}

static char *rewrite_string(struct conv *c, const struct node *n, const char *s, size_t len, size_t *outlen,
                            int *bad)
{
    *bad = 0;
    char *out = malloc(rewrite_room(len));
    if (!out)
        return NULL;
    size_t o = 0;
    int rc = rewrite(c, n, s, 0, len, out, &o);
    if (rc != 0) {
        *bad = rc > 0;
        free(out);
        return NULL;
    }
    out[o] = '\0';
    if (left_unrewritten(out, o)) {
        *bad = 1;
        free(out);
        return NULL;
    }
    *outlen = o;
    return out;
}

char *build_rewrite_secrets(const char *s, size_t len, size_t *outlen, int *bad)
{
    return rewrite_string(NULL, NULL, s, len, outlen, bad);
}

/* --- node tree -> jansson -------------------------------------------------- */

static void refuse(struct conv *c, const struct node *n, const char *what)
{
    char *ptr = node_pointer(c->action, n, NULL);
    char file[1024], name[512], at[512];
    cli_error("%s:%u:%u: action '%s': %s at '%s'", termsafe_escape(c->srcname, file, sizeof file), n->line, n->col,
              termsafe_escape(c->item->name, name, sizeof name), what, termsafe_escape(ptr ? ptr : "?", at, sizeof at));
    free(ptr);
    c->refused = true;
}

static json_t *to_json(struct conv *c, const struct node *n);

static int add_member(struct conv *c, json_t *obj, const struct node *m)
{
    json_t *v = to_json(c, m);
    if (!v)
        return c->refused ? 0 : -1;
    return json_object_setn_new(obj, m->key, m->key_len, v) == 0 ? 0 : -1; /* steals v */
}

static bool listed(const char *const *names, const struct node *m)
{
    for (const char *const *k = names; *k; k++)
        if (strlen(*k) == m->key_len && memcmp(*k, m->key, m->key_len) == 0)
            return true;
    return false;
}

/* The action itself: export members first, server-owned ones dropped. */
static json_t *action_json(struct conv *c, const struct node *n)
{
    json_t *obj = json_object();
    if (!obj)
        return NULL;
    for (const char *const *k = export_order; *k; k++) {
        const struct node *m = node_get(n, *k);
        if (m && add_member(c, obj, m) != 0)
            goto fail;
    }
    for (size_t i = 0; i < n->n; i++) {
        const struct node *m = n->kids[i];
        if (!listed(export_order, m) && !listed(server_owned, m) && add_member(c, obj, m) != 0)
            goto fail;
    }
    if (c->refused)
        goto fail;
    return obj;
fail:
    json_decref(obj);
    return NULL;
}

/* N as a new jansson value (the caller owns it), or NULL: out of memory, or
 * C->refused set after saying why. */
static json_t *to_json(struct conv *c, const struct node *n)
{
    switch (n->kind) {
    case NODE_NULL:
        return json_null();
    case NODE_BOOL:
        return json_boolean(n->b);
    case NODE_INT:
        return json_integer(n->i);
    case NODE_REAL:
        if (!isfinite(n->d)) {
            refuse(c, n, "a number that JSON cannot hold (infinite or not a number)");
            return NULL;
        }
        int p = jsonout_digits(n->d);
        if (p > c->item->precision)
            c->item->precision = p;
        return json_real(n->d);
    case NODE_STRING: {
        size_t len = 0;
        int bad;
        char *s = rewrite_string(c, n, n->str, n->len, &len, &bad);
        if (!s) {
            if (bad)
                refuse(c, n, "a '{{ secrets...' that is not a '{{ secrets.NAME }}' placeholder");
            return NULL;
        }
        json_t *j = json_stringn(s, len);
        free(s);
        return j;
    }
    case NODE_ARRAY: {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < n->n; i++) {
            json_t *v = to_json(c, n->kids[i]);
            if (!v || json_array_append_new(arr, v) != 0) { /* steals v */
                json_decref(arr);
                return NULL;
            }
        }
        return arr;
    }
    case NODE_OBJECT: {
        json_t *obj = json_object();
        for (size_t i = 0; obj && i < n->n; i++) {
            if (add_member(c, obj, n->kids[i]) != 0 || c->refused) {
                json_decref(obj);
                return NULL;
            }
        }
        return obj;
    }
    }
    return NULL;
}

/* Reals print with PRECISION digits when every one of them reads back the
 * same that way; else with 17. */
static bool reals_read_back(json_t *v, int precision)
{
    char buf[40];
    const char *k;
    json_t *m;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_REAL:
        snprintf(buf, sizeof buf, "%.*g", precision, json_real_value(v));
        return strtod(buf, NULL) == json_real_value(v);
    case JSON_ARRAY:
        json_array_foreach(v, i, m) {
            if (!reals_read_back(m, precision))
                return false;
        }
        return true;
    case JSON_OBJECT:
        json_object_foreach(v, k, m) {
            if (!reals_read_back(m, precision))
                return false;
        }
        return true;
    default:
        return true;
    }
}

/* --- one action into one item ---------------------------------------------- */

void build_item_free(struct item *it)
{
    free(it->file);
    free(it->slug);
    free(it->name);
    free(it->origin);
    json_decref(it->json);
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

/* Build ACTION (number INDEX of file SRCNAME) into a new item.  Returns 0
 * (refusals are counted in B), or -1 when memory runs out. */
int build_add_action(struct build *b, const char *srcname, const struct node *action, size_t index)
{
    void *more = grow(b->items, &b->cap, b->n, sizeof *b->items, 16);
    if (!more)
        return -1;
    b->items = more;
    struct item *it = &b->items[b->n];
    memset(it, 0, sizeof *it);
    char where[64], slug[ACTION_SLUG_MAX + 1], safe[1024];
    /* for messages on standard error: no terminal escape from a file name */
    termsafe_escape(srcname, safe, sizeof safe);
    snprintf(where, sizeof where, ":%u:%u", action->line, action->col);
    it->origin = malloc(strlen(safe) + strlen(where) + 1);
    if (!it->origin)
        goto nomem;
    memcpy(it->origin, safe, strlen(safe));
    memcpy(it->origin + strlen(safe), where, strlen(where) + 1);

    if (action->kind != NODE_OBJECT) {
        cli_error("%s: action #%zu is %s, not an object; it cannot be built", it->origin, index,
                  node_kind_name(action->kind));
        goto refused;
    }
    const struct node *name = node_get(action, "name");
    if (!name || name->kind != NODE_STRING || name->len == 0 || memchr(name->str, '\0', name->len)) {
        cli_error("%s: action #%zu has no name, which its file name is made from", it->origin, index);
        goto refused;
    }
    if (!(it->name = dup_text(name->str)))
        goto nomem;
    it->custom_auth = action_is_custom_auth(action);
    char file[ACTION_IMPORT_NAME_MAX];
    size_t sl = action_import_name(action, file);
    if (sl == 0)
        goto nomem;
    memcpy(slug, file, sl);
    slug[sl] = '\0';
    it->slug = dup_text(slug);
    it->file = dup_text(file);
    if (!it->slug || !it->file)
        goto nomem;

    struct conv c = { .b = b, .action = action, .item = it, .srcname = srcname };
    size_t uses_before = b->nuses;
    it->json = action_json(&c, action);
    if (!it->json) {
        /* the uses it noted name this item: they go with it */
        for (size_t i = uses_before; i < b->nuses; i++) {
            free(b->uses[i].name);
            free(b->uses[i].pointer);
        }
        b->nuses = uses_before;
        if (!c.refused)
            goto nomem;
        goto refused;
    }
    if (it->precision && !reals_read_back(it->json, it->precision))
        it->precision = 17;
    b->n++;
    return 0;
refused:
    build_item_free(it);
    b->refused++;
    return 0;
nomem:
    build_item_free(it);
    return -1;
}
