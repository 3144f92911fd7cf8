/* conceal.c - names that hold a credential are never shown */
#define _GNU_SOURCE /* memmem */
#include "core/conceal.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/template.h"

/* Shorter names are words, not keys: "token", "apiKey" */
#define CONCEAL_MIN_LEN 8

/* Member names of the action format itself, and common header names: never a
 * credential, and most of the names an action holds (sorted, for bsearch). */
static const char *const known_names[] = {
    "Authorization", "Content-Type", "actionType", "additionalItems", "additionalProperties", "category",
    "contract", "description", "examples", "inputSchema", "integrationId", "integrationType", "maxLength",
    "minLength", "properties", "requestTemplate", "requestType", "requestUrlTemplate", "required", "response",
    "successSchema", "successTemplate", "timeoutSeconds", "translationMap", "translationMapDefaults",
};

struct span {
    const char *s;
    size_t len;
};

static int cmp_known(const void *key, const void *elem)
{
    const struct span *k = key;
    const char *e = *(const char *const *)elem;
    size_t el = strlen(e);
    int c = memcmp(k->s, e, k->len < el ? k->len : el);
    return c ? c : (k->len > el) - (k->len < el);
}

bool conceal_is_secret_name(const struct ruledata *rd, struct pattern_scratch *scratch, const char *name,
                            size_t len)
{
    if (len < CONCEAL_MIN_LEN || memchr(name, '\0', len))
        return false;
    struct span key = { name, len };
    if (bsearch(&key, known_names, sizeof known_names / sizeof *known_names, sizeof *known_names, cmp_known))
        return false;
    return ruledata_may_hold_secret(rd, scratch, name, len);
}

static int note(struct conceal *c, const char *s, size_t len)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->names[i].len == len && memcmp(c->names[i].s, s, len) == 0)
            return 0;
    void *more = grow(c->names, &c->cap, c->n, sizeof *c->names, 4);
    if (!more)
        return -1;
    c->names = more;
    c->names[c->n++] = (struct conceal_name){ s, len };
    return 0;
}

struct ref_walk {
    const struct ruledata *rd;
    struct pattern_scratch *scratch;
    struct conceal *c;
    int failed;
    bool found;     /* the string walked holds a credential-named reference */
};

static enum tpl_walk_step visit_ref(const char *s, const struct tpl_ref *ref, void *ctx)
{
    (void)s;
    struct ref_walk *w = ctx;
    if (!ref->name || !conceal_is_secret_name(w->rd, w->scratch, ref->name, ref->name_len))
        return TPL_WALK_ON;
    w->found = true;
    if (note(w->c, ref->name, ref->name_len) != 0) {
        w->failed = 1;
        return TPL_WALK_STOP;
    }
    return TPL_WALK_ON;
}

static int walk(struct node *n, struct ref_walk *w, int depth)
{
    if (n->key && conceal_is_secret_name(w->rd, w->scratch, n->key, n->key_len)) {
        n->key_hidden = true;
        if (note(w->c, n->key, n->key_len) != 0)
            return -1;
    }
    if (n->kind == NODE_STRING && (memchr(n->str, '$', n->len) || memchr(n->str, '{', n->len) ||
                                   memchr(n->str, '<', n->len))) {
        w->found = false;
        tpl_walk(n->str, n->len, visit_ref, w);
        if (w->failed)
            return -1;
        n->ref_hidden = w->found;
    }
    /* the loaders bound nesting; this bound only keeps the stack small */
    for (size_t i = 0; depth < 512 && i < n->n; i++)
        if (walk(n->kids[i], w, depth + 1) != 0)
            return -1;
    return 0;
}

int conceal_action(struct node *action, const struct ruledata *rd, struct pattern_scratch *scratch,
                   struct conceal *c)
{
    struct ref_walk w = { rd, scratch, c, 0, false };
    return walk(action, &w, 0);
}

/* MSG with every copy of NAME[0..LEN) written CONCEAL_TEXT: a new string, or
 * MSG itself when it holds none; NULL when memory runs out. */
static char *replace(char *msg, const char *name, size_t len)
{
    if (len == 0)
        return msg;
    size_t count = 0, ml = strlen(msg);
    for (const char *p = msg; (p = memmem(p, ml - (size_t)(p - msg), name, len)); p += len)
        count++;
    if (!count)
        return msg;
    size_t rl = strlen(CONCEAL_TEXT);
    char *out = malloc(ml - count * len + count * rl + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = msg, *q; p < msg + ml; p = q + len) {
        q = memmem(p, ml - (size_t)(p - msg), name, len);
        if (!q) {
            memcpy(o, p, ml - (size_t)(p - msg));
            o += ml - (size_t)(p - msg);
            break;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, CONCEAL_TEXT, rl);
        o += rl;
    }
    *o = '\0';
    return out;
}

/* How much of NAME node_text_fit() keeps before its "...": 60 bytes, less
 * the tail of a character cut there. */
static size_t fit_len(const char *name, size_t len)
{
    if (len <= 60)
        return len;
    size_t k = 60;
    while (k > 0 && ((unsigned char)name[k] & 0xC0) == 0x80)
        k--;
    return k;
}

int conceal_findings(const struct conceal *c, struct diag *diag, size_t first)
{
    for (size_t i = first; i < diag->n; i++) {
        struct finding *f = &diag->items[i];
        if (!f->rule)
            continue;
        for (size_t k = 0; k < c->n; k++) {
            /* whole first, then the cut copy a message may hold */
            size_t lens[2] = { c->names[k].len, fit_len(c->names[k].s, c->names[k].len) };
            for (int j = 0; j < 2; j++) {
                char *m = replace(f->message, c->names[k].s, lens[j]);
                if (!m)
                    return -1;
                if (m != f->message) {
                    free(f->message);
                    f->message = m;
                }
            }
        }
    }
    return 0;
}

void conceal_free(struct conceal *c)
{
    free(c->names);
    memset(c, 0, sizeof *c);
}
