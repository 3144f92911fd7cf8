/* ruledata_yaml.c - reading rules/ files into rule data tables, through the project's
 * own YAML loader: at run time for --rules DIR, and when dacc is built, by
 * tools/gen-ruledata, for the built-in copy */
#include "core/ruledata_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/load.h"
#include "core/node.h"
#include "core/source.h"

struct ruledata_file {
    struct source src;
    struct doc doc;
};

enum { FILE_SECRETS, FILE_SCOPES, FILE_LIMITS, FILE_SENSITIVE, NFILES };
static const char *const file_names[NFILES] = { "secrets.yaml", "scopes.yaml", "limits.yaml", "sensitive.yaml" };

/* The tables point into FILES' documents and into the arrays below, all owned here. */
struct ruledata_parsed {
    struct ruledata_tables t;
    struct ruledata_file files[NFILES];
    struct secret_format_src *formats;
    struct keyword_entry *entries;
    struct scope_rename *renames;
    struct paging_api_src *paging_apis;
};

/* Where a bad entry is, for the error message. */
static void fail_at(char *err, size_t errlen, const struct source *src, const struct node *n,
                    const char *what)
{
    snprintf(err, errlen, "%s:%u:%u: %s", src->name, n ? n->line : 1, n ? n->col : 1, what);
}

/* Compile the pattern SRC of file F, written at node AT, once, so that a bad one is
 * reported at its line and column; the rule data keeps only the source. */
static int check_pattern(const struct ruledata_file *f, const struct node *at, const char *src, bool caseless,
                         char *err, size_t errlen)
{
    char why[200];
    struct pattern *p = pattern_compile(src, caseless, why, sizeof why);
    if (!p) {
        fail_at(err, errlen, &f->src, at, why);
        return -1;
    }
    pattern_free(p);
    return 0;
}

static int load_file(struct ruledata_file *f, const char *dir, int which, char *err, size_t errlen)
{
    char name[4096];
    snprintf(name, sizeof name, "%s/%s", dir, file_names[which]);
    char why[256];
    if (source_read(&f->src, name, NULL, 1 << 20, why, sizeof why) != SOURCE_OK) {
        snprintf(err, errlen, "%s: %s", name, why);
        return -1;
    }
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct load_error lerr = { 0 };
    if (load_document(&f->src, SYNTAX_YAML, &lim, &f->doc, &lerr) != LOAD_OK) {
        snprintf(err, errlen, "%s:%u:%u: %s", f->src.name, lerr.line, lerr.col, lerr.msg);
        return -1;
    }
    if (f->doc.root->kind != NODE_OBJECT) {
        fail_at(err, errlen, &f->src, f->doc.root, "expected a mapping");
        return -1;
    }
    return 0;
}

/* Strings of the sequence KEY in F's root (absent: empty); OUT owns the array.
 * NORMALISE drops '-', '_', '.' and lower-cases (the strings are rewritten in place
 * inside the document). */
static int strings(const struct ruledata_file *f, const char *key, struct string_list *out, bool normalise,
                   char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, key);
    out->items = NULL;
    out->n = 0;
    if (!seq)
        return 0;
    if (seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq, "expected a list of strings");
        return -1;
    }
    const char **items = calloc(seq->n ? seq->n : 1, sizeof *items);
    if (!items) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    out->items = items;
    for (size_t i = 0; i < seq->n; i++) {
        const struct node *s = seq->kids[i];
        if (s->kind != NODE_STRING) {
            fail_at(err, errlen, &f->src, s, "expected a string");
            return -1;
        }
        if (normalise) {
            char *w = (char *)s->str; /* the document is ours: rewrite in place */
            size_t o = 0;
            for (size_t k = 0; k < s->len; k++)
                if (s->str[k] != '-' && s->str[k] != '_' && s->str[k] != '.')
                    w[o++] = (char)tolower((unsigned char)s->str[k]);
            w[o] = '\0';
        }
        items[out->n++] = s->str;
    }
    return 0;
}

/* The sequence KEY of pattern sources, each checked. */
static int patterns(const struct ruledata_file *f, const char *key, struct string_list *out, bool caseless,
                    char *err, size_t errlen)
{
    if (strings(f, key, out, false, err, errlen) != 0)
        return -1;
    const struct node *seq = node_get(f->doc.root, key);
    for (size_t i = 0; i < out->n; i++)
        if (check_pattern(f, seq->kids[i], out->items[i], caseless, err, errlen) != 0)
            return -1;
    return 0;
}

static int number(const struct ruledata_file *f, const char *key, double min, double *out, char *err,
                  size_t errlen)
{
    const struct node *n = node_path(f->doc.root, key);
    if (!n)
        return 0;
    double v = n->kind == NODE_INT ? (double)n->i : n->kind == NODE_REAL ? n->d : NAN;
    if (!(v >= min)) {
        fail_at(err, errlen, &f->src, n, "expected a number");
        return -1;
    }
    *out = v;
    return 0;
}

/* The keywords of format E (a non-empty list of non-empty strings), lower-cased in place. */
static int format_keywords(struct secret_format_src *sf, const struct ruledata_file *f, const struct node *kw,
                           char *err, size_t errlen)
{
    const char **words = calloc(kw->n, sizeof *words);
    if (!words) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    sf->keywords = words;
    for (size_t k = 0; k < kw->n; k++) {
        if (kw->kids[k]->kind != NODE_STRING || kw->kids[k]->len == 0) {
            fail_at(err, errlen, &f->src, kw->kids[k], "a keyword is a non-empty string");
            return -1;
        }
        char *w = (char *)kw->kids[k]->str;
        for (char *p = w; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        words[sf->nkeywords++] = w;
    }
    return 0;
}

static int load_formats(struct ruledata_parsed *rp, const struct ruledata_file *f, char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, "formats");
    if (!seq || seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq ? seq : f->doc.root, "expected 'formats', a list");
        return -1;
    }
    rp->formats = calloc(seq->n ? seq->n : 1, sizeof *rp->formats);
    if (!rp->formats) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    rp->t.formats = rp->formats;
    for (size_t i = 0; i < seq->n; i++) {
        const struct node *e = seq->kids[i];
        struct secret_format_src *sf = &rp->formats[rp->t.nformats];
        sf->id = node_string(node_get(e, "id"));
        sf->name = node_string(node_get(e, "name"));
        sf->pattern = node_string(node_get(e, "pattern"));
        const struct node *kw = node_get(e, "keywords");
        if (!sf->id || !sf->name || !sf->pattern || !kw || kw->kind != NODE_ARRAY || kw->n == 0) {
            fail_at(err, errlen, &f->src, e, "a format needs id, name, pattern and keywords");
            return -1;
        }
        if (check_pattern(f, node_get(e, "pattern"), sf->pattern, false, err, errlen) != 0)
            return -1;
        rp->t.nformats++;
        if (format_keywords(sf, f, kw, err, errlen) != 0)
            return -1;
        const struct node *ent = node_get(e, "entropy");
        if (ent) {
            sf->entropy = ent->kind == NODE_INT ? (double)ent->i : ent->kind == NODE_REAL ? ent->d : -1;
            if (sf->entropy < 0) {
                fail_at(err, errlen, &f->src, ent, "entropy is a number of bits per character");
                return -1;
            }
        }
    }
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct keyword_entry *x = a, *y = b;
    int d = (unsigned char)x->word[0] - (unsigned char)y->word[0];
    /* then in the order of the data, so that the tables are the same with any qsort */
    return d ? d : x->format != y->format ? (x->format < y->format ? -1 : 1) : strcmp(x->word, y->word);
}

/* Every format keyword, grouped by first byte (struct keyword_index). */
static int index_keywords(struct ruledata_parsed *rp, char *err, size_t errlen)
{
    size_t n = 0;
    for (size_t i = 0; i < rp->t.nformats; i++)
        n += rp->formats[i].nkeywords;
    struct keyword_index *ki = &rp->t.keywords;
    rp->entries = calloc(n ? n : 1, sizeof *rp->entries);
    if (!rp->entries) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ki->entries = rp->entries;
    size_t k = 0;
    for (size_t i = 0; i < rp->t.nformats; i++)
        for (size_t j = 0; j < rp->formats[i].nkeywords; j++)
            rp->entries[k++] = (struct keyword_entry){ rp->formats[i].keywords[j],
                                                       strlen(rp->formats[i].keywords[j]), i };
    qsort(rp->entries, n, sizeof *rp->entries, cmp_entry);
    size_t e = 0;
    for (int c = 0; c < 256; c++) {
        ki->first[c] = e;
        while (e < n && (unsigned char)ki->entries[e].word[0] == c)
            e++;
    }
    ki->first[256] = n;
    return 0;
}

static int load_renames(struct ruledata_parsed *rp, const struct ruledata_file *f, char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, "deprecated");
    if (!seq)
        return 0;
    if (seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq, "expected a list of {from, to}");
        return -1;
    }
    rp->renames = calloc(seq->n ? seq->n : 1, sizeof *rp->renames);
    if (!rp->renames) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    rp->t.renames = rp->renames;
    for (size_t i = 0; i < seq->n; i++) {
        const char *from = node_string(node_get(seq->kids[i], "from"));
        const char *to = node_string(node_get(seq->kids[i], "to"));
        if (!from || !to) {
            fail_at(err, errlen, &f->src, seq->kids[i], "a rename needs 'from' and 'to'");
            return -1;
        }
        rp->renames[rp->t.nrenames].from = from;
        rp->renames[rp->t.nrenames].to = to;
        rp->t.nrenames++;
    }
    return 0;
}

/* limits.yaml's paging_apis (absent: none): {api, pattern, paging}, the pattern
 * checked; paging 'none' is stored as NULL. */
static int load_paging_apis(struct ruledata_parsed *rp, const struct ruledata_file *f, char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, "paging_apis");
    if (!seq)
        return 0;
    if (seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq, "expected a list of {api, pattern, paging}");
        return -1;
    }
    rp->paging_apis = calloc(seq->n ? seq->n : 1, sizeof *rp->paging_apis);
    if (!rp->paging_apis) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    rp->t.paging_apis = rp->paging_apis;
    for (size_t i = 0; i < seq->n; i++) {
        const struct node *e = seq->kids[i];
        const char *api = node_string(node_get(e, "api"));
        const struct node *pat = node_get(e, "pattern");
        const char *paging = node_string(node_get(e, "paging"));
        if (!api || !node_string(pat) || !paging) {
            fail_at(err, errlen, &f->src, e, "a paging API needs 'api', 'pattern' and 'paging' (or 'none')");
            return -1;
        }
        if (check_pattern(f, pat, pat->str, false, err, errlen) != 0)
            return -1;
        rp->paging_apis[i] = (struct paging_api_src){ api, pat->str, strcmp(paging, "none") == 0 ? NULL : paging };
        rp->t.npaging_apis++;
    }
    return 0;
}

/* Everything but the secret formats, in the order errors are reported. */
static int load_lists(struct ruledata_parsed *rp, char *err, size_t errlen)
{
    const struct ruledata_file *sec = &rp->files[FILE_SECRETS], *sco = &rp->files[FILE_SCOPES],
                               *lim = &rp->files[FILE_LIMITS], *sen = &rp->files[FILE_SENSITIVE];
    struct ruledata_tables *t = &rp->t;
    double bits = 3.6, length = 24, timeout = 5000, payload = 32768;
    if (strings(sec, "secret_names", &t->secret_names, true, err, errlen) ||
        strings(sec, "not_secret_names", &t->not_secret_names, true, err, errlen) ||
        patterns(sec, "placeholders", &t->placeholders, true, err, errlen) ||
        number(sec, "entropy/min_bits", 0, &bits, err, errlen) ||
        number(sec, "entropy/min_length", 1, &length, err, errlen) ||
        strings(sco, "forbidden", &t->forbidden_scopes, false, err, errlen) ||
        patterns(sco, "forbidden_patterns", &t->forbidden_scope_patterns, false, err, errlen) ||
        load_renames(rp, sco, err, errlen) || strings(sco, "known", &t->known_scopes, false, err, errlen) ||
        number(lim, "max_timeout_ms", 1, &timeout, err, errlen) ||
        number(lim, "max_payload_bytes", 1, &payload, err, errlen) ||
        strings(lim, "pagination_params", &t->pagination_params, false, err, errlen) ||
        strings(lim, "not_collections", &t->not_collections, false, err, errlen) ||
        strings(lim, "not_filters", &t->not_filters, false, err, errlen) || load_paging_apis(rp, lim, err, errlen) ||
        strings(sen, "contains", &t->sensitive_contains, true, err, errlen) ||
        strings(sen, "exact", &t->sensitive_exact, true, err, errlen))
        return -1;
    t->entropy_bits = bits;
    t->entropy_length = (size_t)length;
    t->max_timeout_ms = (long)timeout;
    t->max_payload_bytes = (long)payload;
    return 0;
}

struct ruledata_parsed *ruledata_parse(const char *dir, char *err, size_t errlen)
{
    struct ruledata_parsed *rp = calloc(1, sizeof *rp);
    if (!rp) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (int i = 0; i < NFILES; i++)
        if (load_file(&rp->files[i], dir, i, err, errlen) != 0)
            goto fail;
    if (load_formats(rp, &rp->files[FILE_SECRETS], err, errlen) || index_keywords(rp, err, errlen) ||
        load_lists(rp, err, errlen))
        goto fail;
    return rp;
fail:
    ruledata_parsed_free(rp);
    return NULL;
}

const struct ruledata_tables *ruledata_parsed_tables(const struct ruledata_parsed *rp)
{
    return &rp->t;
}

/* The lists are the const views of arrays this file allocated. */
static void free_list(struct string_list *l)
{
    free((void *)l->items);
}

void ruledata_parsed_free(struct ruledata_parsed *rp)
{
    if (!rp)
        return;
    for (size_t i = 0; i < rp->t.nformats; i++) /* a format's keywords come after it is counted */
        free((void *)rp->formats[i].keywords);
    free(rp->formats);
    free(rp->entries);
    struct string_list *lists[] = { &rp->t.secret_names,       &rp->t.not_secret_names,   &rp->t.placeholders,
                                    &rp->t.forbidden_scopes,   &rp->t.forbidden_scope_patterns,
                                    &rp->t.known_scopes,       &rp->t.pagination_params, &rp->t.not_collections,
                                    &rp->t.not_filters,        &rp->t.sensitive_contains, &rp->t.sensitive_exact };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        free_list(lists[i]);
    free(rp->renames);
    free(rp->paging_apis);
    for (int i = 0; i < NFILES; i++) {
        doc_free(&rp->files[i].doc);
        source_free(&rp->files[i].src);
    }
    free(rp);
}
