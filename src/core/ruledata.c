/* ruledata.c - loading rules/ data through the project's own YAML loader */
#include "core/ruledata.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/diag.h"
#include "core/load.h"
#include "core/node.h"
#include "core/source.h"

extern const unsigned char rules_secrets[], rules_scopes[], rules_limits[], rules_sensitive[];
extern const size_t rules_secrets_len, rules_scopes_len, rules_limits_len, rules_sensitive_len;

struct ruledata_file {
    struct source src;
    struct doc doc;
    bool builtin;       /* the copy built into dacc: its patterns were checked by the tests */
};

enum { FILE_SECRETS, FILE_SCOPES, FILE_LIMITS, FILE_SENSITIVE, NFILES };
static const char *const file_names[NFILES] = { "secrets.yaml", "scopes.yaml", "limits.yaml", "sensitive.yaml" };

/* Where a bad entry is, for the error message. */
static void fail_at(char *err, size_t errlen, const struct source *src, const struct node *n,
                    const char *what)
{
    snprintf(err, errlen, "%s:%u:%u: %s", src->name, n ? n->line : 1, n ? n->col : 1, what);
}

/* The pattern SRC of file F, written at node AT.  Built-in data is compiled the
 * first time a rule matches it (start-up pays only for what a run uses); data
 * read with --rules DIR is checked now, so that a bad pattern is reported at
 * its line and column. */
static struct pattern *file_pattern(const struct ruledata_file *f, const struct node *at, const char *src,
                                    bool caseless, char *err, size_t errlen)
{
    if (f->builtin) {
        struct pattern *p = pattern_lazy(src, caseless);
        if (!p)
            snprintf(err, errlen, "out of memory");
        return p;
    }
    char why[200];
    struct pattern *p = pattern_compile(src, caseless, why, sizeof why);
    if (!p)
        fail_at(err, errlen, &f->src, at, why);
    return p;
}

static int load_file(struct ruledata_file *f, const char *dir, int which, char *err, size_t errlen)
{
    static const unsigned char *const builtin[NFILES] = { rules_secrets, rules_scopes, rules_limits,
                                                          rules_sensitive };
    const size_t *const builtin_len[NFILES] = { &rules_secrets_len, &rules_scopes_len, &rules_limits_len,
                                                &rules_sensitive_len };
    char name[4096];
    if (dir) {
        snprintf(name, sizeof name, "%s/%s", dir, file_names[which]);
        char why[256];
        if (source_read(&f->src, name, NULL, 1 << 20, why, sizeof why) != SOURCE_OK) {
            snprintf(err, errlen, "%s: %s", name, why);
            return -1;
        }
    } else {
        f->builtin = true;
        snprintf(name, sizeof name, "rules/%s (built in)", file_names[which]);
        if (source_from_bytes(&f->src, name, (const char *)builtin[which], *builtin_len[which]) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
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

/* Strings of the sequence KEY in OBJ (absent: empty). NORMALISE drops '-', '_', '.'
 * and lower-cases (the strings are rewritten in place inside the document). */
static int strings(const struct ruledata_file *f, const char *key, struct string_list *out,
                   bool normalise, char *err, size_t errlen)
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
    out->items = calloc(seq->n ? seq->n : 1, sizeof *out->items);
    if (!out->items) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
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
        out->items[out->n++] = s->str;
    }
    return 0;
}

static int patterns(const struct ruledata_file *f, const char *key, struct pattern_list *out,
                    bool caseless, char *err, size_t errlen)
{
    struct string_list src;
    if (strings(f, key, &src, false, err, errlen) != 0) {
        free(src.items);
        return -1;
    }
    out->n = 0;
    out->items = calloc(src.n ? src.n : 1, sizeof *out->items);
    if (!out->items) {
        free(src.items);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const struct node *seq = node_get(f->doc.root, key);
    for (size_t i = 0; i < src.n; i++) {
        out->items[i] = file_pattern(f, seq->kids[i], src.items[i], caseless, err, errlen);
        if (!out->items[i]) {
            free(src.items);
            return -1;
        }
        out->n++;
    }
    free(src.items);
    return 0;
}

static int number(const struct ruledata_file *f, const char *key, double min, double *out,
                  char *err, size_t errlen)
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

static int load_formats(struct ruledata *rd, const struct ruledata_file *f, char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, "formats");
    if (!seq || seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq ? seq : f->doc.root, "expected 'formats', a list");
        return -1;
    }
    rd->formats = calloc(seq->n ? seq->n : 1, sizeof *rd->formats);
    if (!rd->formats) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < seq->n; i++) {
        const struct node *e = seq->kids[i];
        struct secret_format *sf = &rd->formats[rd->nformats];
        sf->id = node_string(node_get(e, "id"));
        sf->name = node_string(node_get(e, "name"));
        const char *pat = node_string(node_get(e, "pattern"));
        const struct node *kw = node_get(e, "keywords");
        if (!sf->id || !sf->name || !pat || !kw || kw->kind != NODE_ARRAY || kw->n == 0) {
            fail_at(err, errlen, &f->src, e, "a format needs id, name, pattern and keywords");
            return -1;
        }
        if (!(sf->re = file_pattern(f, node_get(e, "pattern"), pat, false, err, errlen)))
            return -1;
        rd->nformats++;
        sf->keywords = calloc(kw->n, sizeof *sf->keywords);
        if (!sf->keywords) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        for (size_t k = 0; k < kw->n; k++) {
            if (kw->kids[k]->kind != NODE_STRING || kw->kids[k]->len == 0) {
                fail_at(err, errlen, &f->src, kw->kids[k], "a keyword is a non-empty string");
                return -1;
            }
            char *w = (char *)kw->kids[k]->str;
            for (char *p = w; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            sf->keywords[sf->nkeywords++] = w;
        }
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
    return (unsigned char)x->word[0] - (unsigned char)y->word[0];
}

static int index_keywords(struct ruledata *rd, char *err, size_t errlen)
{
    size_t n = 0;
    for (size_t i = 0; i < rd->nformats; i++)
        n += rd->formats[i].nkeywords;
    struct keyword_index *ki = &rd->keywords;
    ki->entries = calloc(n ? n : 1, sizeof *ki->entries);
    if (!ki->entries) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < rd->nformats; i++)
        for (size_t j = 0; j < rd->formats[i].nkeywords; j++)
            ki->entries[k++] = (struct keyword_entry){ rd->formats[i].keywords[j],
                                                       strlen(rd->formats[i].keywords[j]), i };
    qsort(ki->entries, n, sizeof *ki->entries, cmp_entry);
    size_t e = 0;
    for (int c = 0; c < 256; c++) {
        ki->first[c] = e;
        while (e < n && (unsigned char)ki->entries[e].word[0] == c)
            e++;
    }
    ki->first[256] = n;
    return 0;
}

static int load_renames(struct ruledata *rd, const struct ruledata_file *f, char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, "deprecated");
    if (!seq)
        return 0;
    if (seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq, "expected a list of {from, to}");
        return -1;
    }
    rd->renames = calloc(seq->n ? seq->n : 1, sizeof *rd->renames);
    if (!rd->renames) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < seq->n; i++) {
        const char *from = node_string(node_get(seq->kids[i], "from"));
        const char *to = node_string(node_get(seq->kids[i], "to"));
        if (!from || !to) {
            fail_at(err, errlen, &f->src, seq->kids[i], "a rename needs 'from' and 'to'");
            return -1;
        }
        rd->renames[rd->nrenames].from = from;
        rd->renames[rd->nrenames].to = to;
        rd->nrenames++;
    }
    return 0;
}

/* limits.yaml's paging_apis (absent: none): {api, pattern, paging}, the
 * pattern compiled; paging 'none' is stored as NULL. */
static int load_paging_apis(struct ruledata *rd, const struct ruledata_file *f, char *err, size_t errlen)
{
    const struct node *seq = node_get(f->doc.root, "paging_apis");
    if (!seq)
        return 0;
    if (seq->kind != NODE_ARRAY) {
        fail_at(err, errlen, &f->src, seq, "expected a list of {api, pattern, paging}");
        return -1;
    }
    rd->paging_apis = calloc(seq->n ? seq->n : 1, sizeof *rd->paging_apis);
    if (!rd->paging_apis) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < seq->n; i++) {
        const struct node *e = seq->kids[i];
        const char *api = node_string(node_get(e, "api"));
        const struct node *pat = node_get(e, "pattern");
        const char *paging = node_string(node_get(e, "paging"));
        if (!api || !node_string(pat) || !paging) {
            fail_at(err, errlen, &f->src, e, "a paging API needs 'api', 'pattern' and 'paging' (or 'none')");
            return -1;
        }
        struct paging_api *pa = &rd->paging_apis[rd->npaging_apis];
        if (!(pa->re = file_pattern(f, pat, pat->str, false, err, errlen)))
            return -1;
        pa->api = api;
        pa->paging = strcmp(paging, "none") == 0 ? NULL : paging;
        rd->npaging_apis++;
    }
    return 0;
}

const struct paging_api *ruledata_paging_api(const struct ruledata *rd, const char *url, size_t len,
                                             struct pattern_scratch *scratch)
{
    size_t s, e;
    for (size_t i = 0; i < rd->npaging_apis; i++)
        if (pattern_find(rd->paging_apis[i].re, url, len, scratch, &s, &e))
            return &rd->paging_apis[i];
    return NULL;
}

struct ruledata *ruledata_load(const char *dir, char *err, size_t errlen)
{
    struct ruledata *rd = calloc(1, sizeof *rd);
    if (!rd || !(rd->files = calloc(NFILES, sizeof *rd->files))) {
        free(rd);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    const struct ruledata_file *sec = &rd->files[FILE_SECRETS], *sco = &rd->files[FILE_SCOPES],
                               *lim = &rd->files[FILE_LIMITS], *sen = &rd->files[FILE_SENSITIVE];
    double bits = 3.6, length = 24, timeout = 5000, payload = 32768;
    for (int i = 0; i < NFILES; i++)
        if (load_file(&rd->files[i], dir, i, err, errlen) != 0)
            goto fail;
    if (load_formats(rd, sec, err, errlen) || index_keywords(rd, err, errlen) || strings(sec, "secret_names", &rd->secret_names, true, err, errlen) ||
        strings(sec, "not_secret_names", &rd->not_secret_names, true, err, errlen) ||
        patterns(sec, "placeholders", &rd->placeholders, true, err, errlen) ||
        number(sec, "entropy/min_bits", 0, &bits, err, errlen) ||
        number(sec, "entropy/min_length", 1, &length, err, errlen) ||
        strings(sco, "forbidden", &rd->forbidden_scopes, false, err, errlen) ||
        patterns(sco, "forbidden_patterns", &rd->forbidden_scope_patterns, false, err, errlen) ||
        load_renames(rd, sco, err, errlen) || strings(sco, "known", &rd->known_scopes, false, err, errlen) ||
        number(lim, "max_timeout_ms", 1, &timeout, err, errlen) ||
        number(lim, "max_payload_bytes", 1, &payload, err, errlen) ||
        strings(lim, "pagination_params", &rd->pagination_params, false, err, errlen) ||
        strings(lim, "not_collections", &rd->not_collections, false, err, errlen) ||
        strings(lim, "not_filters", &rd->not_filters, false, err, errlen) ||
        load_paging_apis(rd, lim, err, errlen) ||
        strings(sen, "contains", &rd->sensitive_contains, true, err, errlen) ||
        strings(sen, "exact", &rd->sensitive_exact, true, err, errlen))
        goto fail;
    rd->entropy_bits = bits;
    rd->entropy_length = (size_t)length;
    rd->max_timeout_ms = (long)timeout;
    rd->max_payload_bytes = (long)payload;
    return rd;
fail:
    ruledata_free(rd);
    return NULL;
}

static void free_patterns(struct pattern_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        pattern_free(l->items[i]);
    free(l->items);
}

void ruledata_free(struct ruledata *rd)
{
    if (!rd)
        return;
    for (size_t i = 0; i < rd->nformats; i++) {
        pattern_free(rd->formats[i].re);
        free(rd->formats[i].keywords);
    }
    free(rd->formats);
    free(rd->keywords.entries);
    free(rd->secret_names.items);
    free(rd->not_secret_names.items);
    free_patterns(&rd->placeholders);
    free(rd->forbidden_scopes.items);
    free_patterns(&rd->forbidden_scope_patterns);
    free(rd->renames);
    free(rd->known_scopes.items);
    free(rd->pagination_params.items);
    free(rd->not_collections.items);
    free(rd->not_filters.items);
    for (size_t i = 0; i < rd->npaging_apis; i++)
        pattern_free(rd->paging_apis[i].re);
    free(rd->paging_apis);
    free(rd->sensitive_contains.items);
    free(rd->sensitive_exact.items);
    if (rd->files) {
        for (int i = 0; i < NFILES; i++) {
            doc_free(&rd->files[i].doc);
            source_free(&rd->files[i].src);
        }
        free(rd->files);
    }
    free(rd);
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool ruledata_is_secret_name(const struct ruledata *rd, const char *name, size_t len)
{
    char norm[128];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < sizeof norm; i++)
        if (name[i] != '-' && name[i] != '_' && name[i] != '.' && name[i] != ' ')
            norm[o++] = (char)tolower((unsigned char)name[i]);
    norm[o] = '\0';
    for (size_t i = 0; i < rd->not_secret_names.n; i++)
        if (ends_with(norm, o, rd->not_secret_names.items[i]))
            return false;
    for (size_t i = 0; i < rd->secret_names.n; i++)
        if (ends_with(norm, o, rd->secret_names.items[i]))
            return true;
    return false;
}

bool ruledata_is_sensitive_name(const struct ruledata *rd, const char *name, size_t len)
{
    char norm[128];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < sizeof norm; i++)
        if (name[i] != '-' && name[i] != '_' && name[i] != '.' && name[i] != ' ')
            norm[o++] = (char)tolower((unsigned char)name[i]);
    norm[o] = '\0';
    for (size_t i = 0; i < rd->sensitive_exact.n; i++)
        if (strcmp(norm, rd->sensitive_exact.items[i]) == 0)
            return true;
    for (size_t i = 0; i < rd->sensitive_contains.n; i++)
        if (strstr(norm, rd->sensitive_contains.items[i]))
            return true;
    return false;
}

bool ruledata_is_placeholder(const struct ruledata *rd, const char *value, size_t len,
                             struct pattern_scratch *scratch)
{
    while (len && isspace((unsigned char)*value))
        value++, len--;
    while (len && isspace((unsigned char)value[len - 1]))
        len--;
    size_t s, e;
    for (size_t i = 0; i < rd->placeholders.n; i++)
        if (pattern_find(rd->placeholders.items[i], value, len, scratch, &s, &e) && s == 0 && e == len)
            return true;
    return false;
}

double ruledata_entropy(const char *s, size_t len)
{
    size_t counts[256] = { 0 };
    if (!len)
        return 0;
    for (size_t i = 0; i < len; i++)
        counts[(unsigned char)s[i]]++;
    double h = 0;
    for (int c = 0; c < 256; c++) {
        if (!counts[c])
            continue;
        double p = (double)counts[c] / (double)len;
        h -= p * log2(p);
    }
    return h;
}

const struct secret_format *ruledata_find_secret(const struct ruledata *rd, const char *text,
                                                 size_t len, struct pattern_scratch *scratch)
{
    /* one pass finds every format whose keyword appears (without regard to case) */
    bool small[64] = { false };
    bool *hits = rd->nformats <= 64 ? small : calloc(rd->nformats, sizeof *hits);
    if (!hits)
        return NULL;
    const struct keyword_index *ki = &rd->keywords;
    size_t nhits = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)tolower((unsigned char)text[i]);
        for (size_t e = ki->first[c]; e < ki->first[c + 1]; e++) {
            const struct keyword_entry *k = &ki->entries[e];
            if (!hits[k->format] && k->len <= len - i && strncasecmp(text + i, k->word, k->len) == 0) {
                hits[k->format] = true;
                nhits++;
            }
        }
    }
    const struct secret_format *found = NULL;
    for (size_t i = 0; i < rd->nformats && !found && nhits; i++) {
        const struct secret_format *sf = &rd->formats[i];
        if (!hits[i])
            continue;
        size_t pos = 0, s, e;
        while (!found && pos < len && pattern_find(sf->re, text + pos, len - pos, scratch, &s, &e)) {
            /* a vendor-shaped placeholder (sk_live_xxxx...) is not random enough */
            double need = sf->entropy > 0 ? sf->entropy : RULEDATA_MIN_FORMAT_ENTROPY;
            if (ruledata_entropy(text + pos + s, e - s) >= need)
                found = sf;
            pos += e > s ? e : s + 1;
        }
    }
    if (hits != small)
        free(hits);
    return found;
}

bool ruledata_scope_forbidden(const struct ruledata *rd, const char *scope, size_t len,
                              struct pattern_scratch *scratch)
{
    for (size_t i = 0; i < rd->forbidden_scopes.n; i++)
        if (strlen(rd->forbidden_scopes.items[i]) == len && memcmp(rd->forbidden_scopes.items[i], scope, len) == 0)
            return true;
    size_t s, e;
    for (size_t i = 0; i < rd->forbidden_scope_patterns.n; i++)
        if (pattern_find(rd->forbidden_scope_patterns.items[i], scope, len, scratch, &s, &e))
            return true;
    return false;
}

static bool is_uuid(const char *s, size_t len)
{
    if (len != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static int char_class(char c)
{
    return isupper((unsigned char)c) ? 0 : islower((unsigned char)c) ? 1 : isdigit((unsigned char)c) ? 2 : 3;
}

static bool is_token_char(char c)
{
    return c && (isalnum((unsigned char)c) || strchr("+=_-~", c));
}

/* A run of token characters in S long and random enough to be a key: mixed
 * case and digits, changing class often (words in CamelCase change seldom),
 * and of high entropy.  '/' and '.' split runs (product/1.0, paths). */
bool ruledata_random_token(const struct ruledata *rd, struct pattern_scratch *scratch, const char *s,
                           size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && !is_token_char(s[i]))
            i++;
        size_t start = i, changes = 0;
        bool digit = false, upper = false, lower = false;
        while (i < len && is_token_char(s[i])) {
            digit |= isdigit((unsigned char)s[i]) != 0;
            upper |= isupper((unsigned char)s[i]) != 0;
            lower |= islower((unsigned char)s[i]) != 0;
            if (i > start && char_class(s[i]) != char_class(s[i - 1]))
                changes++;
            i++;
        }
        size_t n = i - start;
        if (n >= rd->entropy_length && digit && upper && lower && changes * 5 >= n * 2 &&
            !is_uuid(s + start, n) &&
            ruledata_entropy(s + start, n) >= rd->entropy_bits &&
            !ruledata_is_placeholder(rd, s + start, n, scratch))
            return true;
    }
    return false;
}

bool ruledata_may_hold_secret(const struct ruledata *rd, struct pattern_scratch *scratch, const char *text,
                              size_t len)
{
    return ruledata_find_secret(rd, text, len, scratch) || ruledata_random_token(rd, scratch, text, len);
}

bool ruledata_line_may_show(const struct ruledata *rd, struct pattern_scratch *scratch, const char *line,
                            size_t len)
{
    return diag_context_is_safe(line, len) && !ruledata_may_hold_secret(rd, scratch, line, len);
}
