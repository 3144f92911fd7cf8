/* fix_roots.c - a wrong-case Velocity root ($Input.x, ${INPUT.x},
 * ${Credentials.x}) lower-cased to the name that resolves, as the template
 * rule judges it (tpl_miscased_root), inside a string's bytes in the file */
#include "fix/fix_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/template.h"

#define MAX_ROOTS 32

/* The wrong-case roots of one value: where each reference starts and its
 * root, and the spelling that resolves. */
struct roots {
    const struct node *aliases;
    size_t ref_start[MAX_ROOTS], root_start[MAX_ROOTS];
    const char *right[MAX_ROOTS];
    size_t n;
    bool over;      /* more than MAX_ROOTS: left to the hand */
};

static enum tpl_walk_step find_root(const char *s, const struct tpl_ref *ref, void *ctx)
{
    struct roots *r = ctx;
    const char *right = tpl_miscased_root(ref, r->aliases);
    if (!right)
        return TPL_WALK_ON;
    if (r->n == MAX_ROOTS) {
        r->over = true;
        return TPL_WALK_STOP;
    }
    r->ref_start[r->n] = ref->start;
    r->root_start[r->n] = (size_t)(ref->root - s);
    r->right[r->n++] = right;
    return TPL_WALK_ON;
}

/* How many times NEEDLE[0..N) starts in S[0..LEN) before offset UPTO. */
static size_t count_before(const char *s, size_t len, const char *needle, size_t n, size_t upto)
{
    size_t k = 0;
    for (size_t i = 0; i + n <= len && i < upto; i++)
        if (memcmp(s + i, needle, n) == 0)
            k++;
    return k;
}

/* Where the K-th (from 0) NEEDLE[0..N) starts in S[FROM..TO), or (size_t)-1. */
static size_t nth(const char *s, size_t from, size_t to, const char *needle, size_t n, size_t k)
{
    for (size_t i = from; i + n <= to; i++)
        if (memcmp(s + i, needle, n) == 0 && k-- == 0)
            return i;
    return (size_t)-1;
}

/* The edits of value V's roots R, found in the file's text of V: a reference's
 * text up to the end of its root ("${INPUT", "$Input") holds no escape or line
 * fold, so the K-th one in the value is the K-th one in its text, which must
 * hold as many.  Returns 0, 1 (not sure where: nothing added) or -1. */
static int root_edits(struct fix_plan *p, const struct node *v, const struct roots *r)
{
    const struct source *src = p->layout.src;
    size_t from = fix_offset(src, v->line, v->col);
    size_t to = v->end_line ? fix_offset(src, v->end_line, v->end_col) : (size_t)-1;
    if (from == (size_t)-1 || to == (size_t)-1 || to <= from)
        return 1;
    for (size_t i = 0; i < r->n; i++) {
        const char *needle = v->str + r->ref_start[i];
        size_t n = r->root_start[i] + strlen(r->right[i]) - r->ref_start[i];
        if (count_before(v->str, v->len, needle, n, v->len) != count_before(src->bytes, to, needle, n, to) -
                                                                   count_before(src->bytes, to, needle, n, from))
            return 1;
        size_t k = count_before(v->str, v->len, needle, n, r->ref_start[i]);
        size_t at = nth(src->bytes, from, to, needle, n, k);
        size_t root = r->root_start[i] - r->ref_start[i];
        if (at == (size_t)-1 || fix_edits_add(&p->edits, at + root, strlen(r->right[i]), r->right[i],
                                              strlen(r->right[i])) != 0)
            return at == (size_t)-1 ? 1 : -1;
    }
    return 0;
}

/* One template value: every wrong-case root in it lower-cased, one change. */
static void plan_value(const struct node *v, const struct node *aliases, void *ctx)
{
    struct fix_plan *p = ctx;
    struct roots r = { .aliases = aliases };
    if (p->failed || !node_string(v) || !memchr(v->str, '$', v->len))
        return;
    tpl_walk(v->str, v->len, find_root, &r);
    struct fix_change c = { .kind = SET_VALUE, .at = v, .rule = "template", .fat = v,
                            .what = "write the Velocity root in the case that resolves", .hint = "never resolves" };
    if (!r.n || r.over || fix_plan_has(p, &c))
        return;
    char *fixed = fix_plan_own(p, malloc(v->len + 1));
    if (!fixed) {
        p->failed = true;
        return;
    }
    memcpy(fixed, v->str, v->len + 1);
    for (size_t i = 0; i < r.n; i++)
        memcpy(fixed + r.root_start[i], r.right[i], strlen(r.right[i]));
    c.want = (struct fix_want){ .kind = NODE_STRING, .str = fixed, .len = v->len };
    size_t first = p->edits.n;
    if (fix_plan_keep(p, &c, first, root_edits(p, v, &r)) != 0)
        p->failed = true;
}

int fix_plan_roots(struct fix_plan *p, const struct node *action)
{
    tpl_each_value(action, plan_value, p);
    return p->failed ? -1 : 0;
}
