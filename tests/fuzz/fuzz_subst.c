/* libFuzzer target: the {{KEY}} substitution rewriter and its position map
 * (src/flow/text.c), then the flow stage over what it gives.  The input is
 * "MODE KEY=VALUE\n...\0TEXT": bit 0 of MODE asks for marking unresolved
 * placeholders, bit 1 a tight byte limit.  Checks that the edits are ordered
 * and inside both texts, that undoing them gives the original back byte for
 * byte, and that every position of the loaded tree maps into the original. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/load.h"
#include "flow/flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The substitutions of "KEY=VALUE\n..." in S[0..LEN); bad ones are skipped. */
static void read_substs(struct flow_substs *s, const char *p, size_t len)
{
    char err[200];
    while (len) {
        const char *nl = memchr(p, '\n', len);
        size_t line = nl ? (size_t)(nl - p) : len;
        const char *eq = memchr(p, '=', line);
        if (eq)
            (void)flow_substs_set(s, p, (size_t)(eq - p), eq + 1, line - (size_t)(eq - p) - 1, err, sizeof err);
        len -= nl ? line + 1 : line;
        p += nl ? line + 1 : line;
    }
}

/* Undo every edit of T: the original text, byte for byte. */
static void check_edits(const struct flow_text *t)
{
    const struct source *o = t->orig, *s = &t->src;
    size_t sub = 0, orig = 0;
    for (size_t i = 0; i < t->nedits; i++) {
        const struct flow_edit *e = &t->edits[i];
        if (e->at < sub || e->orig_at < orig || e->at + e->len > s->len || e->orig_at + e->orig_len > o->len ||
            e->at - sub != e->orig_at - orig || memcmp(s->bytes + sub, o->bytes + orig, e->at - sub) != 0 ||
            e->orig_len < 5 || memcmp(o->bytes + e->orig_at, "{{", 2) != 0)
            __builtin_trap();
        sub = e->at + e->len;
        orig = e->orig_at + e->orig_len;
    }
    if (s->len - sub != o->len - orig || memcmp(s->bytes + sub, o->bytes + orig, s->len - sub) != 0)
        __builtin_trap();
}

static void check_node(const struct node *n, const struct source *orig)
{
    unsigned lines = orig->nlines ? (unsigned)orig->nlines : 1;
    if (n->line < 1 || n->line > lines || n->col < 1 || (n->key && (n->key_line < 1 || n->key_line > lines)))
        __builtin_trap();
    for (size_t i = 0; i < n->n; i++)
        check_node(n->kids[i], orig);
}

/* Load T's text, map it back and walk it as a flow and as a contract. */
static void load_and_walk(const struct flow_text *t)
{
    struct doc doc = { 0 };
    struct load_error le;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    if (load_document(&t->src, SYNTAX_YAML, &lim, &doc, &le) == LOAD_OK && doc.root) {
        flow_text_remap(t, &doc);
        /* mapped positions lie in the original; with nothing replaced they are
         * the loader's own (which may count a line libyaml breaks at U+2029
         * when the text also holds the loader's stand-in for it) */
        if (t->nedits)
            check_node(doc.root, t->orig);
        (void)flow_doc_type(doc.root);
        struct flow_calls calls;
        if (flow_find_calls(doc.root, &calls) == FLOW_OK) {
            for (size_t i = 0; i < calls.n; i++)
                if (calls.items[i].action && calls.items[i].inputs)
                    (void)flow_value(calls.items[i].inputs->n ? calls.items[i].inputs->kids[0] : NULL, NULL);
            flow_calls_free(&calls);
        }
        struct flow_contract c;
        char err[200];
        if (flow_contract_from(doc.root, doc.root, &c, err, sizeof err) == FLOW_OK)
            flow_contract_free(&c);
    }
    doc_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *p = (const char *)data + 1;
    size_t len = size - 1;
    const char *nul = memchr(p, '\0', len);
    size_t head = nul ? (size_t)(nul - p) : 0;
    const char *text = nul ? nul + 1 : p;
    size_t tlen = nul ? len - head - 1 : len;
    struct flow_substs s = { 0 };
    read_substs(&s, p, head);
    struct source src;
    if (source_from_bytes(&src, "fuzz.yaml", text, tlen) != 0) {
        flow_substs_free(&s);
        return 0;
    }
    struct flow_text t;
    char err[200];
    int flags = (data[0] & 1) ? FLOW_SUBST_MARK : FLOW_SUBST_PLAIN;
    size_t max = (data[0] & 2) ? tlen + 16 : (size_t)16 << 20;
    if (flow_substitute(&src, &s, flags, max, &t, err, sizeof err) == FLOW_OK) {
        if (t.src.len > max || t.nunresolved > FLOW_MAX_UNRESOLVED)
            __builtin_trap();
        check_edits(&t);
        unsigned l, c;
        flow_text_position(&t, (unsigned)t.src.nlines + 1, 1000, &l, &c);
        load_and_walk(&t);
        flow_text_free(&t);
    }
    source_free(&src);
    flow_substs_free(&s);
    return 0;
}
