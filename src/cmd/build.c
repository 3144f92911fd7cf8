/* build.c - dacc build: lint, then node tree -> import JSON, secrets manifest, Terraform */
#include "cmd/build.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/action.h"
#include "core/config.h"
#include "core/diag.h"
#include "core/digest.h"
#include "cmd/emit_tf.h"
#include "core/fsutil.h"
#include "core/grow.h"
#include "cmd/lint.h"
#include "core/load.h"
#include "report/report.h"
#include "core/template.h"
#include "core/termsafe.h"
#include "core/walk.h"

/* Top-level members in the order Genesys Cloud exports them (127 of the 134
 * public exports beside this project end with config, contract, secure). */
static const char *const export_order[] = {
    "name", "integrationType", "actionType", "category", "config", "contract", "secure", NULL,
};

/* Members the server owns: an import must not carry them. */
static const char *const server_owned[] = { "id", "selfUri", "version", "integrationId", NULL };

enum use_kind {
    USE_SECRET,       /* << secrets.X >> (rewritten from {{ secrets.X }} or kept) */
    USE_CREDENTIAL,   /* ${credentials.X} */
};

/* One string of one action that references a secret. */
struct use {
    enum use_kind kind;
    char *name;            /* owned */
    const char *file;      /* the item's file name (borrowed) */
    const char *action;    /* the item's action name (borrowed) */
    char *pointer;         /* owned */
};

/* One built action. */
struct item {
    char *file;            /* <slug>.custom.json or <slug>.customAuth.json */
    char *slug;
    char *name;            /* the action's name */
    char *origin;          /* FILE:LINE:COL of the action, for messages */
    bool custom_auth;
    int precision;         /* significant digits its real numbers need (0: none) */
    json_t *json;          /* the import object (owned reference) */
};

struct build {
    const struct options *opt;
    struct item *items;
    size_t n, cap;
    struct use *uses;
    size_t nuses, usecap;
    size_t refused;        /* actions that cannot be built (already reported) */
    bool nomem;
    struct walk_record *rec;  /* what lint read and its walk entered */
};

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

/* Significant digits that print D so it reads back the same. */
static int digits_for(double d)
{
    char buf[40];
    for (int p = 1; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        if (strtod(buf, NULL) == d)
            return p;
    }
    return 17;
}

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
        int p = digits_for(n->d);
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

/* --- collecting the actions of every file --------------------------------- */

static void item_free(struct item *it)
{
    free(it->file);
    free(it->slug);
    free(it->name);
    free(it->origin);
    json_decref(it->json);
}

static void build_free(struct build *b)
{
    for (size_t i = 0; i < b->n; i++)
        item_free(&b->items[i]);
    free(b->items);
    for (size_t i = 0; i < b->nuses; i++) {
        free(b->uses[i].name);
        free(b->uses[i].pointer);
    }
    free(b->uses);
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
static int add_action(struct build *b, const char *srcname, const struct node *action, size_t index)
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
    item_free(it);
    b->refused++;
    return 0;
nomem:
    item_free(it);
    return -1;
}

/* Load every file that lint read, again, and build its actions, from the
 * bytes lint checked only: a file whose bytes changed since (swapped in
 * between) stops the build (*CHANGED set, said in one line).  Returns the
 * number of files that could not be read (printed), or -1 out of memory. */
static int collect(struct build *b, bool *changed)
{
    const struct options *opt = b->opt;
    struct walk_record *rec = b->rec;
    int problems = 0;
    *changed = false;
    for (size_t f = 0; f < rec->files.n && problems >= 0 && !*changed; f++) {
        const char *path = rec->files.paths[f];
        char shown[1024], out[1024];
        struct source src;
        char why[256];
        if (source_read(&src, path, path, opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
            cli_error("%s: %s", termsafe_escape(path, shown, sizeof shown), why);
            problems++;
            continue;
        }
        enum walk_check same = walk_record_check(rec, path, src.bytes, src.len);
        if (same != WALK_SAME) {
            cli_error("%s changed after lint read it; nothing written to '%s': run the build again once the "
                      "inputs stay put", termsafe_escape(path, shown, sizeof shown),
                      termsafe_escape(opt->output_dir, out, sizeof out));
            *changed = true;
            source_free(&src);
            break;
        }
        struct doc doc = { 0 };
        struct load_error lerr = { 0 };
        enum load_status st = load_document(&src, load_guess_syntax(src.name, &src), &opt->limits, &doc, &lerr);
        if (st == LOAD_NOMEM) {
            problems = -1;
        } else if (st == LOAD_SYNTAX) {
            /* lint let it pass: the syntax rule is off */
            char msg[1024];
            cli_error("%s:%u:%u: %s; it cannot be built", termsafe_escape(path, shown, sizeof shown), lerr.line,
                      lerr.col, termsafe_escape(lerr.msg, msg, sizeof msg));
            b->refused++;
        } else {
            const struct node *root = doc.root, *list = action_list(root);
            if (list) {
                for (size_t i = 0; i < list->n && problems >= 0; i++)
                    if (add_action(b, src.name, list->kids[i], i) != 0)
                        problems = -1;
            } else if (add_action(b, src.name, root, 0) != 0) {
                problems = -1;
            }
        }
        doc_free(&doc);
        source_free(&src);
    }
    return problems;
}

static int cmp_items(const void *a, const void *b)
{
    return strcmp(((const struct item *)a)->file, ((const struct item *)b)->file);
}

/* Two actions that would write one file: an error naming both. */
static size_t conflicts(const struct build *b)
{
    size_t n = 0;
    for (size_t i = 1; i < b->n; i++) {
        const struct item *x = &b->items[i - 1], *y = &b->items[i];
        if (strcmp(x->file, y->file) == 0) {
            /* names are not quoted, nor the file made from them: with duplicate-name
             * off, nothing said whether they may hold a secret */
            cli_error("the actions at %s and %s build to one import file; rename one of them (the "
                      "duplicate-name rule names them)", x->origin, y->origin);
            n++;
        }
    }
    return n;
}

/* --- the manifest ---------------------------------------------------------- */

static int cmp_uses(const void *a, const void *b)
{
    const struct use *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if ((c = strcmp(x->file, y->file)))
        return c;
    return strcmp(x->pointer, y->pointer);
}

static json_t *secret_entry(const struct use *u)
{
    char ref[300], provide[600];
    const char *as;
    if (u->kind == USE_SECRET) {
        snprintf(ref, sizeof ref, "<< secrets.%s >>", u->name);
        as = "integration-secret";
        snprintf(provide, sizeof provide,
                 "a secret named '%s' in Genesys Cloud: a credential field of that name in the integration "
                 "that runs these actions (Admin > Integrations > the integration > Configuration > "
                 "Credentials), set before the actions are imported",
                 u->name);
    } else {
        snprintf(ref, sizeof ref, "${credentials.%s}", u->name);
        as = "integration-credential-field";
        snprintf(provide, sizeof provide,
                 "the credential field '%s' of the integration that runs these actions (Admin > "
                 "Integrations > the integration > Configuration > Credentials)",
                 u->name);
    }
    json_t *e = json_object();
    if (!e)
        return NULL;
    /* each _set_new steals the new value */
    if (json_object_set_new(e, "name", json_string(u->name)) ||
        json_object_set_new(e, "reference", json_string(ref)) ||
        json_object_set_new(e, "providedAs", json_string(as)) ||
        json_object_set_new(e, "provide", json_string(provide)) ||
        json_object_set_new(e, "usedBy", json_array())) {
        json_decref(e);
        return NULL;
    }
    return e;
}

/* The manifest: each secret name (and kind) with the places that use it. */
static json_t *manifest_json(struct build *b)
{
    if (b->nuses > 1)
        qsort(b->uses, b->nuses, sizeof *b->uses, cmp_uses);
    json_t *root = json_object(), *list = json_array();
    if (!root || !list || json_object_set_new(root, "about", json_string(
            "The secrets that the built actions reference and where each must be provided. "
            "Written by dacc build; it never holds a secret's value.")) ||
        json_object_set(root, "secrets", list)) {
        json_decref(root);
        json_decref(list);
        return NULL;
    }
    json_decref(list); /* root holds it now */
    json_t *entry = NULL;
    for (size_t i = 0; i < b->nuses; i++) {
        const struct use *u = &b->uses[i], *prev = i ? &b->uses[i - 1] : NULL;
        if (prev && cmp_uses(prev, u) == 0)
            continue; /* the same string names it twice */
        if (!prev || strcmp(prev->name, u->name) != 0 || prev->kind != u->kind) {
            entry = secret_entry(u);
            if (!entry || json_array_append_new(list, entry) != 0) /* steals entry */
                goto fail;
        }
        json_t *place = json_object();
        if (!place || json_array_append_new(json_object_get(entry, "usedBy"), place) != 0 || /* steals */
            json_object_set_new(place, "action", json_string(u->action)) ||
            json_object_set_new(place, "file", json_string(u->file)) ||
            json_object_set_new(place, "pointer", json_string(u->pointer)))
            goto fail;
    }
    return root;
fail:
    json_decref(root);
    return NULL;
}

/* --- writing --------------------------------------------------------------- */

static int output_outside_inputs(const struct options *opt, const struct walk_record *rec);

/* V as the bytes of a file: two-space indents, source order, a final newline. */
static char *dump(json_t *v, int precision, size_t *len)
{
    size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
    if (precision > 0)
        flags |= JSON_REAL_PRECISION(precision);
    char *s = json_dumps(v, flags);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (!t) {
        free(s);
        return NULL;
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    *len = n + 1;
    return t;
}

struct report {
    const struct options *opt;
    json_t *files;          /* --format json: what was written */
    size_t written;
};

/* Write NAME into the output directory and say so.  Returns 0, or -1 after
 * printing why. */
static int put_file(struct report *r, const char *name, const char *action, const char *data, size_t len)
{
    const struct options *opt = r->opt;
    char err[1024];
    char shown[2048];
    if (fs_write_atomic(opt->output_dir, name, data, len, err, sizeof err) != 0) {
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        return -1;
    }
    r->written++;
    char *path = fs_join(opt->output_dir, name);
    if (!path) {
        cli_error("out of memory");
        return -1;
    }
    int rc = 0;
    if (opt->format == FORMAT_JSON) {
        char hex[DIGEST_HEX_LEN + 1];
        json_t *f = json_object();
        if (digest_sha256_hex(data, len, hex) != 0 || !f ||
            json_object_set_new(f, "path", report_json_text(path)) ||
            (action && json_object_set_new(f, "action", json_string(action))) ||
            json_object_set_new(f, "bytes", json_integer((json_int_t)len)) ||
            json_object_set_new(f, "sha256", json_string(hex)) || json_array_append(r->files, f)) {
            cli_error("out of memory");
            rc = -1;
        }
        json_decref(f);
    } else if (opt->format == FORMAT_TEXT && !opt->quiet) {
        printf("wrote %s (%zu bytes)\n", termsafe_escape(path, shown, sizeof shown), len);
    }
    free(path);
    return rc;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* The files of the output directory that look like dacc's but that this
 * build did not write: import files of actions since renamed or removed, an
 * actions.tf from an earlier --emit terraform, the temporary file of a killed
 * build.  Imported with the rest, an old import file would bring back an
 * action nobody maintains, so each is named (never deleted: the directory may
 * hold files that are not dacc's).  Sorted into *OUT (the caller frees each
 * name and the array); returns their number, or (size_t)-1 when memory runs out. */
static size_t stale_files(const struct build *b, char ***out)
{
    char **names;
    size_t n, kept = 0;
    if (fs_list_dir(b->opt->output_dir, &names, &n) != 0)
        return errno == ENOMEM ? (size_t)-1 : 0;
    for (size_t k = 0; k < n; k++) {
        const char *name = names[k];
        bool ours = fs_name_ends(name, ".custom.json") || fs_name_ends(name, ".customAuth.json") ||
                    (name[0] == '.' && strstr(name, FS_TMP_INFIX)) ||
                    (!b->opt->emit_terraform && strcmp(name, BUILD_TERRAFORM) == 0);
        for (size_t i = 0; ours && i < b->n; i++)
            ours = strcmp(b->items[i].file, name) != 0;
        if (ours)
            names[kept++] = names[k];
        else
            free(names[k]);
    }
    *out = names;
    return kept;
}

/* Write every item, the Terraform, then the manifest.  Returns an exit status. */
static int write_all(struct build *b, const struct diag *lint)
{
    const struct options *opt = b->opt;
    struct report r = { .opt = opt };
    char err[1024], shown[2048];
    int status = EXIT_TROUBLE;
    char *data = NULL;
    size_t len = 0;
    json_t *manifest = manifest_json(b);
    struct tf_action *tf = NULL;
    char **stale = NULL;
    size_t nstale = 0;
    if (!manifest || (opt->format == FORMAT_JSON && !(r.files = json_array()))) {
        cli_error("out of memory");
        goto out;
    }
    if (fs_mkdir_p(opt->output_dir, err, sizeof err) != 0) {
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        goto out;
    }
    /* made, it resolves as it is: judged again, before anything is written into it */
    if (output_outside_inputs(opt, b->rec) != 0)
        goto out;
    for (size_t i = 0; i < b->n; i++) {
        const struct item *it = &b->items[i];
        if (!(data = dump(it->json, it->precision, &len))) {
            cli_error("out of memory");
            goto out;
        }
        if (put_file(&r, it->file, it->name, data, len) != 0)
            goto out;
        free(data);
        data = NULL;
    }
    if (opt->emit_terraform) {
        tf = calloc(b->n ? b->n : 1, sizeof *tf);
        for (size_t i = 0; tf && i < b->n; i++)
            tf[i] = (struct tf_action){ b->items[i].slug, b->items[i].json, b->items[i].custom_auth };
        if (!tf || !(data = emit_tf(tf, b->n, &len))) {
            cli_error("out of memory");
            goto out;
        }
        if (put_file(&r, BUILD_TERRAFORM, NULL, data, len) != 0)
            goto out;
        free(data);
        data = NULL;
    }
    if (!(data = dump(manifest, 0, &len))) {
        cli_error("out of memory");
        goto out;
    }
    if (put_file(&r, BUILD_MANIFEST, NULL, data, len) != 0)
        goto out;
    nstale = stale_files(b, &stale);
    if (nstale == (size_t)-1) {
        nstale = 0;
        cli_error("out of memory");
        goto out;
    }
    for (size_t i = 0; i < nstale && !opt->quiet && opt->format != FORMAT_JSON; i++) {
        char *path = fs_join(opt->output_dir, stale[i]);
        const char *why = stale[i][0] == '.' ? "a temporary file an interrupted build left"
                          : strcmp(stale[i], BUILD_TERRAFORM) == 0 ? "an earlier build's --emit terraform"
                                                                   : "an action renamed or removed?";
        cli_error("note: %s is not from this build (%s); delete it before importing the directory",
                  termsafe_escape(path ? path : stale[i], shown, sizeof shown), why);
        free(path);
    }

    size_t warnings = diag_count(lint, SEV_WARNING);
    if (opt->format == FORMAT_JSON) {
        json_t *root = report_json_root(), *summary = json_object(), *old = json_array();
        int bad = !root || !summary || !old;
        /* each _set_new steals the new value */
        bad = bad || json_object_set_new(summary, "files", json_integer((json_int_t)lint->files)) ||
              json_object_set_new(summary, "actions", json_integer((json_int_t)b->n)) ||
              json_object_set_new(summary, "written", json_integer((json_int_t)r.written)) ||
              json_object_set_new(summary, "warnings", json_integer((json_int_t)warnings));
        for (size_t i = 0; !bad && i < nstale; i++) {
            char *path = fs_join(opt->output_dir, stale[i]);
            bad |= !path || json_array_append_new(old, report_json_text(path));
            free(path);
        }
        bad = bad || json_object_set_new(root, "output", report_json_text(opt->output_dir)) ||
              json_object_set(root, "files", r.files) || json_object_set(root, "stale", old) ||
              json_object_set(root, "summary", summary);
        if (bad || report_json_dump(stdout, root) != 0) {
            cli_error("cannot write the summary to standard output");
            bad = 1;
        }
        json_decref(old);
        json_decref(summary);
        json_decref(root);
        if (bad)
            goto out;
    } else if (opt->format == FORMAT_TEXT && !opt->quiet) {
        printf("%zu action%s from %zu file%s: %zu file%s written to %s", b->n, plural(b->n), lint->files,
               plural(lint->files), r.written, plural(r.written), termsafe_escape(opt->output_dir, shown, sizeof shown));
        if (warnings)
            printf(" (%zu warning%s)", warnings, plural(warnings));
        putchar('\n');
    }
    status = EXIT_CLEAN;
out:
    for (size_t i = 0; i < nstale; i++)
        free(stale[i]);
    free(stale);
    free(data);
    free(tf);
    json_decref(manifest);
    json_decref(r.files);
    return status;
}

/* --- the command ----------------------------------------------------------- */

/* The lint report, exactly as `dacc lint` prints it (in colour when COLOR). */
static int lint_report(FILE *out, const struct diag *diag, const struct options *opt, bool color)
{
    struct report_opts ro = { .color = color, .quiet = opt->quiet };
    return report_write(opt->format, out, diag, &ro);
}

/* True when directory OUT (absolute, symlinks resolved) or a directory it
 * lies in is one the walk of REC entered, under whatever name: a bind mount
 * or a followed symbolic link inside the inputs leads to it. */
static bool output_entered(const char *out, const struct walk_record *rec)
{
    char *p = strdup(out);
    bool hit = false;
    for (size_t n = p ? strlen(p) : 0; n > 0 && !hit;) {
        struct stat st;
        hit = stat(p, &st) == 0 && S_ISDIR(st.st_mode) && walk_ids_has(&rec->ids, st.st_dev, st.st_ino);
        if (n == 1)
            break; /* "/" was the last */
        char *slash = strrchr(p, '/');
        if (!slash)
            break;
        n = slash == p ? 1 : (size_t)(slash - p);
        p[n] = '\0';
    }
    free(p);
    return hit;
}

/* The output directory must not lie inside a directory being read: its
 * files would be read as definitions on the next build.  Judged by the
 * names of both once resolved (a path like "new/../inputs" included), and,
 * once lint has walked the inputs (REC not NULL), by the identity of each
 * directory the walk entered too.  Returns 0, or -1 after saying why. */
static int output_outside_inputs(const struct options *opt, const struct walk_record *rec)
{
    char *out = fs_resolve(opt->output_dir);
    char shown_out[1024], shown_in[1024];
    termsafe_escape(opt->output_dir, shown_out, sizeof shown_out);
    int rc = 0;
    for (size_t i = 0; out && i < opt->npaths && rc == 0; i++) {
        struct stat st;
        if (stat(opt->paths[i], &st) != 0)
            continue;
        termsafe_escape(opt->paths[i], shown_in, sizeof shown_in);
        if (!S_ISDIR(st.st_mode)) {
            /* an input file in DIR itself: an import file of the same name would replace it */
            char *in = realpath(opt->paths[i], NULL);
            const char *slash = in ? strrchr(in, '/') : NULL;
            size_t dl = slash ? (size_t)(slash - in) : 0; /* the length of its directory; 0 for "/" */
            if (slash && (dl ? strlen(out) == dl && strncmp(in, out, dl) == 0 : strcmp(out, "/") == 0)) {
                cli_error("the input '%s' is in the output directory '%s', where import files would replace "
                          "it: choose a directory apart from the inputs", shown_in, shown_out);
                rc = -1;
            }
            free(in);
            continue;
        }
        char *in = realpath(opt->paths[i], NULL);
        size_t n = in ? strlen(in) : 0;
        if (in && strncmp(out, in, n) == 0 && (out[n] == '\0' || out[n] == '/' || (n == 1 && in[0] == '/'))) {
            cli_error("the output directory '%s' is inside the input directory '%s'; its files would be read "
                      "as definitions: choose a directory outside the inputs", shown_out, shown_in);
            rc = -1;
        }
        free(in);
    }
    if (out && rc == 0 && rec && output_entered(out, rec)) {
        cli_error("the output directory '%s' is, or lies in, a directory the walk of the inputs enters (through a bind "
                  "mount or a symbolic link); its files would be read as definitions: choose a directory "
                  "outside the inputs", shown_out);
        rc = -1;
    }
    free(out);
    return rc;
}

int build_run(const struct options *opt)
{
    if (output_outside_inputs(opt, NULL) != 0)
        return EXIT_TROUBLE;
    /* lint keeps a digest of each file it read, and what its walk saw, to
     * build from those bytes only */
    struct walk_record rec;
    if (walk_record_init(&rec) != 0) {
        cli_error("out of memory");
        return EXIT_TROUBLE;
    }
    struct options lopt = *opt;
    lopt.lint_record = &rec;
    struct diag diag = { 0 };
    int problems = lint_paths(&lopt, &diag);
    if (problems < 0) {
        if (problems == -1)
            cli_error("out of memory");
        diag_free(&diag);
        walk_record_free(&rec);
        return EXIT_TROUBLE;
    }
    bool failing = diag_count(&diag, SEV_ERROR) || (opt->strict && diag_count(&diag, SEV_WARNING));
    int status;
    char shown_out[1024];
    termsafe_escape(opt->output_dir, shown_out, sizeof shown_out);
    if (failing || problems) {
        if (lint_report(stdout, &diag, opt, cli_color(opt, STDOUT_FILENO)) != 0)
            cli_error("cannot write the report to standard output");
        cli_error("nothing written to '%s': %s", shown_out,
                  problems ? "some input could not be read" : "fix the findings above first");
        diag_free(&diag);
        walk_record_free(&rec);
        return problems ? EXIT_TROUBLE : EXIT_FINDINGS;
    }
    /* findings that do not fail the build are still shown: on standard error
     * beside the text summary; as the whole report in the formats made for
     * CI (a SARIF log even when it is empty); json counts them */
    if (opt->format == FORMAT_SARIF || (opt->format == FORMAT_GITHUB && diag.n)) {
        if (lint_report(stdout, &diag, opt, false) != 0) {
            cli_error("cannot write the report to standard output");
            diag_free(&diag);
            walk_record_free(&rec);
            return EXIT_TROUBLE;
        }
    } else if (opt->format == FORMAT_TEXT && diag.n) {
        struct report_opts ro = cli_report_opts(opt, STDERR_FILENO);
        report_text(stderr, &diag, &ro);
    }

    struct build b = { .opt = opt, .rec = &rec };
    bool changed = false;
    bool inside = output_outside_inputs(opt, &rec) != 0; /* now by what the walk entered too */
    int unread = inside ? 0 : collect(&b, &changed);
    if (inside || changed) {
        status = EXIT_TROUBLE; /* said already */
    } else if (unread < 0) {
        cli_error("out of memory");
        status = EXIT_TROUBLE;
    } else if (unread > 0) {
        cli_error("nothing written to '%s': some input could not be read", shown_out);
        status = EXIT_TROUBLE;
    } else {
        if (b.n > 1)
            qsort(b.items, b.n, sizeof *b.items, cmp_items);
        size_t clashes = conflicts(&b);
        if (b.refused || clashes) {
            /* the rules that would have said so are off: the reasons are on
             * standard error, and a JSON report still fills standard output */
            if (opt->format == FORMAT_JSON && lint_report(stdout, &diag, opt, false) != 0)
                cli_error("cannot write the report to standard output");
            cli_error("nothing written to '%s': %zu problem%s above", shown_out, b.refused + clashes,
                      plural(b.refused + clashes));
            status = EXIT_FINDINGS;
        } else {
            status = write_all(&b, &diag);
        }
    }
    build_free(&b);
    diag_free(&diag);
    walk_record_free(&rec);
    return status;
}
