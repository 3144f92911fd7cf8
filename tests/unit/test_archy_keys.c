/* The keys of every Call Data Action step of an Archy flow, read with dacc's
 * own loader and flow library: a driver for tests/build/run.sh, which
 * compares the steps `dacc build --emit archy` writes with the real steps of
 * the public flows.  Built as a unit-test binary (it links the library).
 *
 *   test_archy_keys FLOW_FILE [KEY=VALUE...]
 *       one line per call: "ACTION<TAB>INPUTS<TAB>SUCCESS", ACTION without
 *       the " - Exported ..." suffix, INPUTS and SUCCESS the member names of
 *       inputs and successOutputs, sorted and joined with ',' ("-" when the
 *       step has no such mapping); a call whose names stay unresolved after
 *       the substitutions is left out
 *   test_archy_keys
 *       checks itself on a flow held here
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/load.h"
#include "flow/flow.h"

#define MAX_FILE ((size_t)16 << 20)

static int cmp_keys(const void *a, const void *b)
{
    const struct node *x = *(const struct node *const *)a, *y = *(const struct node *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* The member names of mapping M, sorted and joined with ',', to OUT ("-" for no mapping). */
static void keys(FILE *out, const struct node *m)
{
    if (!m || m->kind != NODE_OBJECT) {
        fputc('-', out);
        return;
    }
    const struct node **k = malloc((m->n ? m->n : 1) * sizeof *k);
    if (!k)
        return;
    for (size_t i = 0; i < m->n; i++)
        k[i] = m->kids[i];
    qsort(k, m->n, sizeof *k, cmp_keys);
    for (size_t i = 0; i < m->n; i++)
        fprintf(out, "%s%.*s", i ? "," : "", (int)k[i]->key_len, k[i]->key);
    free(k);
}

/* Print the calls of SRC (after SUBS) to OUT.  0, or -1 (said on stderr). */
static int print_calls(const struct source *src, const struct flow_substs *subs, FILE *out)
{
    char err[256];
    struct flow_text text;
    struct doc doc = { 0 };
    int rc = -1;
    if (flow_substitute(src, subs, FLOW_SUBST_MARK, MAX_FILE, &text, err, sizeof err) != FLOW_OK) {
        fprintf(stderr, "%s: %s\n", src->name, err);
        return -1;
    }
    struct load_error le;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct flow_calls calls = { 0 };
    if (load_document(&text.src, SYNTAX_YAML, &lim, &doc, &le) != LOAD_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", src->name, le.line, le.col, le.msg);
    } else if (flow_find_calls(doc.root, &calls) == FLOW_OK) {
        for (size_t i = 0; i < calls.n; i++) {
            const struct flow_call *c = &calls.items[i];
            if (c->unresolved || !c->action)
                continue;
            fprintf(out, "%.*s\t", (int)flow_name_len(c->action->key, c->action->key_len), c->action->key);
            keys(out, c->inputs);
            fputc('\t', out);
            keys(out, c->success_outputs);
            fputc('\n', out);
        }
        rc = 0;
    }
    flow_calls_free(&calls);
    doc_free(&doc);
    flow_text_free(&text);
    return rc;
}

static int self_check(void)
{
    static const char flow[] =
        "workflow:\n"
        "  settingsActionDefaults:\n"
        "    callData:\n"
        "      category: {x: {}}\n"
        "  states:\n"
        "  - state:\n"
        "      actions:\n"
        "      - callData:\n"
        "          category:\n"
        "            {{cat}}:\n"
        "              dataAction:\n"
        "                Get Order - Exported 2023-03-23 @ 8:22:\n"
        "                  inputs: {b: {noValue: true}, a: {exp: Flow.a}}\n"
        "                  successOutputs: {z.y: {var: Flow.z}, c: {noValue: true}}\n"
        "      - callData:\n"
        "          category: {C: {dataAction: {'{{unset}}': {inputs: {q: {lit: 1}}}}}}\n";
    struct source src;
    struct flow_substs subs = { 0 };
    char err[200], *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    int ok = out && source_from_bytes(&src, "self", flow, sizeof flow - 1) == 0 &&
             flow_substs_parse_arg(&subs, "cat=Cat", err, sizeof err) == FLOW_OK;
    if (ok) {
        ok = print_calls(&src, &subs, out) == 0;
        source_free(&src);
    }
    if (out)
        fclose(out);
    ok = ok && buf && strcmp(buf, "Get Order\ta,b\tc,z.y\n") == 0;
    if (!ok)
        fprintf(stderr, "test_archy_keys: the self-check flow gives '%s'\n", buf ? buf : "(nothing)");
    free(buf);
    flow_substs_free(&subs);
    return ok ? 0 : 1;
}

int main(int argc, char **argv);

int main(int argc, char **argv)
{
    if (argc < 2)
        return self_check();
    struct flow_substs subs = { 0 };
    char err[256];
    for (int i = 2; i < argc; i++)
        if (flow_substs_parse_arg(&subs, argv[i], err, sizeof err) != FLOW_OK) {
            fprintf(stderr, "%s\n", err);
            flow_substs_free(&subs);
            return 2;
        }
    struct source src;
    int rc = 2;
    if (source_read(&src, argv[1], argv[1], MAX_FILE, err, sizeof err) != SOURCE_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], err);
    } else {
        rc = print_calls(&src, &subs, stdout) == 0 ? 0 : 1;
        source_free(&src);
    }
    flow_substs_free(&subs);
    return rc;
}
