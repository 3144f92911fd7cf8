/* A driver for tests/flow/run.sh, built as a unit-test binary (it links the
 * library): without arguments it has nothing to do and passes.
 *
 *   test_flow_corpus flatten ACTION_FILE...
 *       per action: "out<TAB>ACTION<TAB>LEAF<TAB>CODE" for each flattened
 *       success output (CODE as .i3 writes it, "none" for an untyped array)
 *       and "in<TAB>ACTION<TAB>NAME<TAB>CODE<TAB>required|optional"
 *   test_flow_corpus calls FLOW_FILE [KEY=VALUE...]
 *       "type<TAB>T", "unresolved<TAB>NAME<TAB>LINE:COL" and per call
 *       "call<TAB>LINE:COL<TAB>CATEGORY<TAB>ACTION<TAB>INPUTS<TAB>SUCCESS<TAB>FAILURE[<TAB>unresolved]"
 *       (the counts are of the members, "-" for no mapping)
 *   test_flow_corpus check FLOW_FILE ACTION_FILE... [-- KEY=VALUE...]
 *       per call: "check<TAB>LINE<TAB>ACTION<TAB>found|missing|unresolved",
 *       then one indented line per disagreement with the contract: an
 *       input, success or failure key it does not know, a required input
 *       set to noValue, a lit: of the wrong type, an input or output the
 *       call leaves out (the research note's cross-check, through src/flow/)
 * Names print as they are (the corpus holds no control characters); values never.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/load.h"
#include "flow/flow.h"

#define MAX_FILE ((size_t)16 << 20)

struct loaded {
    struct source src;
    struct flow_text text;
    struct doc doc;
};

/* Read and parse PATH after SUBS (marking what stays unresolved); 0 or -1 (said on stderr). */
static int load(const char *path, const struct flow_substs *subs, struct loaded *l)
{
    char err[256];
    memset(l, 0, sizeof *l);
    if (source_read(&l->src, path, path, MAX_FILE, err, sizeof err) != SOURCE_OK) {
        fprintf(stderr, "%s: %s\n", path, err);
        return -1;
    }
    if (flow_substitute(&l->src, subs, FLOW_SUBST_MARK, MAX_FILE, &l->text, err, sizeof err) != FLOW_OK) {
        fprintf(stderr, "%s: %s\n", path, err);
        return -1;
    }
    struct load_error le;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    if (load_document(&l->text.src, load_guess_syntax(path, &l->text.src), &lim, &l->doc, &le) != LOAD_OK) {
        unsigned line, col;
        flow_text_position(&l->text, le.line, le.col, &line, &col);
        fprintf(stderr, "%s:%u:%u: %s\n", path, line, col, le.msg);
        return -1;
    }
    flow_text_remap(&l->text, &l->doc);
    return 0;
}

static void unload(struct loaded *l)
{
    doc_free(&l->doc);
    flow_text_free(&l->text);
    source_free(&l->src);
}

/* The actions of a loaded document: *N of them, from index 0 of the list or ROOT alone. */
static const struct node *action_at(const struct node *root, size_t i, size_t *n)
{
    const struct node *list = action_list(root);
    *n = list ? list->n : 1;
    return list ? list->kids[i] : root;
}

static int print_contract(const struct node *action)
{
    const struct node *name = node_get(action, "name");
    int nlen = name && name->kind == NODE_STRING ? (int)flow_name_len(name->str, name->len) : 1;
    const char *ns = name && name->kind == NODE_STRING ? name->str : "?";
    struct flow_contract c;
    char err[200];
    if (flow_contract_of(action, &c, err, sizeof err) != FLOW_OK) {
        fprintf(stderr, "%.*s: %s\n", nlen, ns, err);
        return -1;
    }
    for (size_t i = 0; i < c.noutputs; i++)
        printf("out\t%.*s\t%s\t%s\n", nlen, ns, c.outputs[i].name,
               flow_base_code(c.outputs[i].type, c.outputs[i].collection));
    for (size_t i = 0; i < c.ninputs; i++)
        printf("in\t%.*s\t%.*s\t%s\t%s\n", nlen, ns, (int)c.inputs[i].name_len, c.inputs[i].name,
               flow_base_code(c.inputs[i].type, false), c.inputs[i].required ? "required" : "optional");
    flow_contract_free(&c);
    return 0;
}

static int cmd_flatten(int argc, char **argv)
{
    struct flow_substs none = { 0 };
    int rc = 0;
    for (int a = 0; a < argc; a++) {
        struct loaded l;
        if (load(argv[a], &none, &l) == 0) {
            size_t n = 1;
            for (size_t i = 0; i < n; i++)
                if (print_contract(action_at(l.doc.root, i, &n)) != 0)
                    rc = 1;
        } else {
            rc = 1;
        }
        unload(&l);
    }
    return rc;
}

/* The member count of mapping M as text, or "-". */
static const char *count(const struct node *m, char *buf, size_t len)
{
    if (!m)
        return "-";
    snprintf(buf, len, "%zu", m->n);
    return buf;
}

static int cmd_calls(const char *path, int nsubs, char **subs)
{
    struct flow_substs s = { 0 };
    char err[200];
    for (int i = 0; i < nsubs; i++)
        if (flow_substs_parse_arg(&s, subs[i], err, sizeof err) != FLOW_OK) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
    struct loaded l;
    int rc = load(path, &s, &l);
    if (rc == 0) {
        printf("type\t%s\n", flow_type_name(flow_doc_type(l.doc.root)));
        for (size_t i = 0; i < l.text.nunresolved; i++)
            printf("unresolved\t%s\t%u:%u\n", l.text.unresolved[i].name, l.text.unresolved[i].line,
                   l.text.unresolved[i].col);
        struct flow_calls calls;
        if (flow_find_calls(l.doc.root, &calls) != FLOW_OK)
            rc = 1;
        for (size_t i = 0; i < calls.n; i++) {
            const struct flow_call *c = &calls.items[i];
            char b1[24], b2[24], b3[24];
            printf("call\t%u:%u\t%s\t%s\t%s\t%s\t%s%s\n", c->step->key_line, c->step->key_col,
                   c->category ? c->category->key : "?", c->action ? c->action->key : "?",
                   count(c->inputs, b1, sizeof b1), count(c->success_outputs, b2, sizeof b2),
                   count(c->failure_outputs, b3, sizeof b3), c->unresolved ? "\tunresolved" : "");
        }
        flow_calls_free(&calls);
    }
    unload(&l);
    flow_substs_free(&s);
    return rc ? 1 : 0;
}

/* The action among L[0..N) named like NAME (without the export suffix), or NULL. */
static const struct node *find_action(const struct loaded *l, int n, const struct node *name)
{
    for (int f = 0; f < n; f++) {
        size_t count = 1;
        for (size_t i = 0; i < count; i++) {
            const struct node *a = action_at(l[f].doc.root, i, &count);
            const struct node *an = node_get(a, "name");
            if (an && an->kind == NODE_STRING && flow_name_equal(an->str, an->len, name->key, name->key_len))
                return a;
        }
    }
    return NULL;
}

/* Print what the contract C says of the bindings of call K. */
static void check_call(const struct flow_call *k, const struct flow_contract *c)
{
    for (size_t i = 0; k->inputs && i < k->inputs->n; i++) {
        const struct node *b = k->inputs->kids[i];
        const struct flow_input *in = flow_contract_input(c, b->key, b->key_len);
        const struct node *v;
        enum flow_value_form form = flow_value(b, &v);
        if (!in)
            printf("  unknown-input\t%u\t%s\n", b->key_line, b->key);
        else if (in->required && form == FLOW_VALUE_NO_VALUE)
            printf("  required-input-novalue\t%u\t%s\n", b->key_line, b->key);
        else if (form == FLOW_VALUE_LIT && !flow_lit_fits(v, in->type))
            printf("  lit-type\t%u\t%s\n", b->key_line, b->key);
    }
    for (size_t i = 0; i < c->ninputs; i++)
        if (!k->inputs || !node_get(k->inputs, c->inputs[i].name))
            printf("  %s-input-absent\t%.*s\n", c->inputs[i].required ? "required" : "optional",
                   (int)c->inputs[i].name_len, c->inputs[i].name);
    for (size_t i = 0; k->success_outputs && i < k->success_outputs->n; i++) {
        const struct node *b = k->success_outputs->kids[i];
        const struct flow_leaf *leaf = flow_contract_output(c, b->key, b->key_len);
        if (!leaf || !leaf->exposed)
            printf("  unknown-output\t%u\t%s\n", b->key_line, b->key);
    }
    for (size_t i = 0; i < c->noutputs; i++)
        if (c->outputs[i].exposed && (!k->success_outputs || !node_get(k->success_outputs, c->outputs[i].name)))
            printf("  output-absent\t%s\n", c->outputs[i].name);
    for (size_t i = 0; k->failure_outputs && i < k->failure_outputs->n; i++) {
        const struct node *b = k->failure_outputs->kids[i];
        if (!flow_failure_output(b->key, b->key_len))
            printf("  unknown-failure-output\t%u\t%s\n", b->key_line, b->key);
    }
}

/* check FLOW ACTION_FILE... [-- KEY=VALUE...] */
static int cmd_check(int argc, char **argv)
{
    int nact = 1, rc = 0;
    while (nact < argc && strcmp(argv[nact], "--") != 0)
        nact++;
    struct flow_substs s = { 0 }, none = { 0 };
    char err[200];
    for (int i = nact + 1; i < argc; i++)
        if (flow_substs_parse_arg(&s, argv[i], err, sizeof err) != FLOW_OK)
            return 2;
    struct loaded flow, *acts = calloc((size_t)nact, sizeof *acts);
    if (!acts || load(argv[0], &s, &flow) != 0)
        rc = 1;
    for (int i = 1; i < nact && rc == 0; i++)
        if (load(argv[i], &none, &acts[i - 1]) != 0)
            rc = 1;
    struct flow_calls calls = { 0 };
    if (rc == 0 && flow_find_calls(flow.doc.root, &calls) != FLOW_OK)
        rc = 1;
    for (size_t i = 0; rc == 0 && i < calls.n; i++) {
        const struct flow_call *k = &calls.items[i];
        const struct node *a = k->action && !k->unresolved ? find_action(acts, nact - 1, k->action) : NULL;
        printf("check\t%u\t%s\t%s\n", k->step->key_line, k->action ? k->action->key : "?",
               k->unresolved ? "unresolved" : a ? "found" : "missing");
        struct flow_contract c;
        if (a && flow_contract_of(a, &c, err, sizeof err) == FLOW_OK) {
            check_call(k, &c);
            flow_contract_free(&c);
        }
    }
    flow_calls_free(&calls);
    unload(&flow);
    for (int i = 1; acts && i < nact; i++)
        unload(&acts[i - 1]);
    free(acts);
    flow_substs_free(&s);
    return rc;
}

int main(int argc, char **argv);

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "flatten") == 0)
        return cmd_flatten(argc - 2, argv + 2);
    if (argc >= 3 && strcmp(argv[1], "calls") == 0)
        return cmd_calls(argv[2], argc - 3, argv + 3);
    if (argc >= 4 && strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (argc > 1) {
        fprintf(stderr, "usage: test_flow_corpus flatten ACTION_FILE... | calls FLOW_FILE [KEY=VALUE...] | "
                "check FLOW_FILE ACTION_FILE... [-- KEY=VALUE...]\n");
        return 2;
    }
    return 0;
}
