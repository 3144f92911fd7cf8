/* ruledata.c - the rule data a run uses: the built-in tables (made from rules/ when
 * dacc is built) or --rules DIR's files, and the questions rules ask of it */
#include "core/ruledata.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/diag.h"
#include "core/ruledata_int.h"

const struct paging_api *ruledata_paging_api(const struct ruledata *rd, const char *url, size_t len,
                                             struct pattern_scratch *scratch)
{
    size_t s, e;
    for (size_t i = 0; i < rd->npaging_apis; i++)
        if (pattern_find(rd->paging_apis[i].re, url, len, scratch, &s, &e))
            return &rd->paging_apis[i];
    return NULL;
}

/* The patterns of SRCS, each compiled the first time a rule matches it (start-up
 * pays only for what a run uses): the sources were checked when the tables were
 * made, by the build for the built-in data, at load for --rules DIR. */
static int lazy_patterns(struct pattern_list *out, const struct string_list *srcs, bool caseless)
{
    out->n = 0;
    out->items = calloc(srcs->n ? srcs->n : 1, sizeof *out->items);
    if (!out->items)
        return -1;
    for (size_t i = 0; i < srcs->n; i++) {
        if (!(out->items[i] = pattern_lazy(srcs->items[i], caseless)))
            return -1;
        out->n++;
    }
    return 0;
}

/* RD from the tables T, which must outlive it: the lists and strings are T's, the
 * formats, pattern lists and paging APIs RD's own (each with its pattern). */
static int from_tables(struct ruledata *rd, const struct ruledata_tables *t)
{
    rd->keywords = t->keywords;
    rd->secret_names = t->secret_names;
    rd->not_secret_names = t->not_secret_names;
    rd->placeholder_hints = t->placeholder_hints;
    rd->entropy_bits = t->entropy_bits;
    rd->entropy_length = t->entropy_length;
    rd->forbidden_scopes = t->forbidden_scopes;
    rd->renames = t->renames;
    rd->nrenames = t->nrenames;
    rd->known_scopes = t->known_scopes;
    rd->max_timeout_ms = t->max_timeout_ms;
    rd->max_payload_bytes = t->max_payload_bytes;
    rd->pagination_params = t->pagination_params;
    rd->not_collections = t->not_collections;
    rd->not_filters = t->not_filters;
    rd->sensitive_contains = t->sensitive_contains;
    rd->sensitive_exact = t->sensitive_exact;
    rd->formats = calloc(t->nformats ? t->nformats : 1, sizeof *rd->formats);
    rd->paging_apis = calloc(t->npaging_apis ? t->npaging_apis : 1, sizeof *rd->paging_apis);
    if (!rd->formats || !rd->paging_apis)
        return -1;
    for (size_t i = 0; i < t->nformats; i++) {
        const struct secret_format_src *f = &t->formats[i];
        rd->formats[i] = (struct secret_format){ f->id, f->name, pattern_lazy(f->pattern, false), f->keywords,
                                                 f->nkeywords, f->entropy };
        if (!rd->formats[i].re)
            return -1;
        rd->nformats++;
    }
    for (size_t i = 0; i < t->npaging_apis; i++) {
        const struct paging_api_src *p = &t->paging_apis[i];
        rd->paging_apis[i] = (struct paging_api){ p->api, pattern_lazy(p->pattern, false), p->paging };
        if (!rd->paging_apis[i].re)
            return -1;
        rd->npaging_apis++;
    }
    if (lazy_patterns(&rd->placeholders, &t->placeholders, true) != 0 ||
        lazy_patterns(&rd->forbidden_scope_patterns, &t->forbidden_scope_patterns, false) != 0)
        return -1;
    return 0;
}

struct ruledata *ruledata_load(const char *dir, char *err, size_t errlen)
{
    struct ruledata *rd = calloc(1, sizeof *rd);
    if (!rd) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    const struct ruledata_tables *t = &ruledata_builtin;
    if (dir) {
        if (!(rd->parsed = ruledata_parse(dir, err, errlen))) {
            free(rd);
            return NULL;
        }
        t = ruledata_parsed_tables(rd->parsed);
    }
    if (from_tables(rd, t) != 0) {
        snprintf(err, errlen, "out of memory");
        ruledata_free(rd);
        return NULL;
    }
    return rd;
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
    for (size_t i = 0; i < rd->nformats; i++)
        pattern_free(rd->formats[i].re);
    free(rd->formats);
    free_patterns(&rd->placeholders);
    free_patterns(&rd->forbidden_scope_patterns);
    for (size_t i = 0; i < rd->npaging_apis; i++)
        pattern_free(rd->paging_apis[i].re);
    free(rd->paging_apis);
    ruledata_parsed_free(rd->parsed);
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

/* False when no match of the pattern with hint H can start at VALUE[0] and span LEN bytes. */
static bool hint_allows(const struct pattern_hint *h, const char *value, size_t len)
{
    unsigned char c = len ? (unsigned char)value[0] : 0;
    return len >= h->min_len && (h->any_first || !len || (h->first[c >> 3] >> (c & 7)) & 1);
}

bool ruledata_is_placeholder(const struct ruledata *rd, const char *value, size_t len,
                             struct pattern_scratch *scratch)
{
    while (len && isspace((unsigned char)*value))
        value++, len--;
    while (len && isspace((unsigned char)value[len - 1]))
        len--;
    size_t s, e;
    for (size_t i = 0; i < rd->placeholders.n; i++) {
        /* only a match of the whole value counts: one that cannot start at its first
         * byte, or is longer than it, is not tried (nor the pattern compiled for it) */
        if (rd->placeholder_hints && !hint_allows(&rd->placeholder_hints[i], value, len))
            continue;
        if (pattern_find(rd->placeholders.items[i], value, len, scratch, &s, &e) && s == 0 && e == len)
            return true;
    }
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

/* TEXT[0..N) begins with WORD[0..N), without regard to ASCII case: inline,
 * as most candidates differ at their second byte. */
static bool begins_caseless(const char *text, const char *word, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)text[i]) != tolower((unsigned char)word[i]))
            return false;
    return true;
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
            if (!hits[k->format] && k->len <= len - i && begins_caseless(text + i, k->word, k->len)) {
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
