/* gen-ruledata - the built-in rule data as C, made when dacc is built:
 *
 *     gen-ruledata DIR > rules_data.c
 *
 * reads DIR/secrets.yaml, scopes.yaml, limits.yaml and sensitive.yaml with the same
 * reader as `dacc lint --rules DIR` (src/core/ruledata_yaml.c: same checks, every
 * pattern compiled once) and writes `const struct ruledata_tables ruledata_builtin`
 * (src/core/ruledata_int.h) as static const tables, so that a run parses no YAML.
 * Bad rule data fails the build: one line, "FILE:LINE:COL: what is wrong", exit 1. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ruledata_int.h"

/* What a match of SRC needs (struct pattern_hint), from PCRE2 itself: the pattern compiled
 * with the options src/core/pattern.c compiles it with (UTF, invalid UTF matched, CASELESS
 * for the placeholders).  A fixed first code unit is used only when it is ASCII and no
 * letter (PCRE2 does not say whether it is matched without regard to case, and in UTF mode
 * 'k' and 's' have other cases outside ASCII); a start bitmap always.  False when SRC does
 * not compile. */
static bool hint_of(const char *src, bool caseless, struct pattern_hint *h)
{
    int code;
    PCRE2_SIZE offset;
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts, &code, &offset, NULL);
    if (!re)
        return false;
    uint32_t minlen = 0, type = 0, unit = 0;
    const uint8_t *bits = NULL;
    *h = (struct pattern_hint){ 0, true, { 0 } };
    if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) == 0)
        h->min_len = minlen;
    if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
        type = 2;
    if (type == 0 && pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bits) == 0 && bits) {
        h->any_first = false;
        for (int i = 0; i < 32; i++)
            h->first[i] = bits[i];
    } else if (type == 1 && pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 && unit < 0x80 &&
               !isalpha((int)unit)) {
        h->any_first = false;
        h->first[unit >> 3] = (unsigned char)(1u << (unit & 7));
    }
    pcre2_code_free(re);
    return true;
}

/* The hints of the placeholders (matched without regard to case), as placeholder_hints[]. */
static bool put_hints(FILE *out, const struct string_list *placeholders)
{
    if (!placeholders->n)
        return true;
    fputs("static const struct pattern_hint placeholder_hints[] = {\n", out);
    for (size_t i = 0; i < placeholders->n; i++) {
        struct pattern_hint h;
        if (!hint_of(placeholders->items[i], true, &h))
            return false;
        fprintf(out, "    { %zu, %s, {", h.min_len, h.any_first ? "true" : "false");
        for (int k = 0; k < 32; k++)
            fprintf(out, "%s0x%02x", k ? ", " : " ", h.first[k]);
        fputs(" } },\n", out);
    }
    fputs("};\n", out);
    return true;
}

/* S as a C string literal ("NULL" for none): printable ASCII as it is but '\', '"'
 * and '?' (no trigraph can form), every other byte as a three-digit octal escape. */
static void put_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("NULL", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\' || *p == '"' || *p == '?')
            fprintf(out, "\\%c", *p);
        else if (*p >= 0x20 && *p < 0x7f)
            fputc(*p, out);
        else
            fprintf(out, "\\%03o", *p);
    }
    fputc('"', out);
}

/* The array NAME of L's strings (none when L is empty: the list is then NULL, 0). */
static void put_array(FILE *out, const char *name, const struct string_list *l)
{
    if (!l->n)
        return;
    fprintf(out, "static const char *const %s[] = {\n", name);
    for (size_t i = 0; i < l->n; i++) {
        fputs("    ", out);
        put_string(out, l->items[i]);
        fputs(",\n", out);
    }
    fputs("};\n", out);
}

/* The initialiser of member MEMBER, a list whose array put_array() wrote as NAME. */
static void put_list(FILE *out, const char *member, const char *name, const struct string_list *l)
{
    fprintf(out, "    .%s = { %s, %zu },\n", member, l->n ? name : "NULL", l->n);
}

/* The formats and their keyword arrays, then the keyword index over them. */
static void put_formats(FILE *out, const struct ruledata_tables *t)
{
    for (size_t i = 0; i < t->nformats; i++) {
        const struct string_list kw = { t->formats[i].keywords, t->formats[i].nkeywords };
        char name[32];
        snprintf(name, sizeof name, "keywords_%zu", i);
        put_array(out, name, &kw);
    }
    if (t->nformats) {
        fputs("static const struct secret_format_src formats[] = {\n", out);
        for (size_t i = 0; i < t->nformats; i++) {
            const struct secret_format_src *f = &t->formats[i];
            fputs("    { ", out);
            put_string(out, f->id);
            fputs(", ", out);
            put_string(out, f->name);
            fputs(",\n      ", out);
            put_string(out, f->pattern);
            fprintf(out, ",\n      keywords_%zu, %zu, %.17g },\n", i, f->nkeywords, f->entropy);
        }
        fputs("};\n", out);
    }
    size_t nkw = t->keywords.first[256];
    if (nkw) {
        fputs("static const struct keyword_entry keyword_entries[] = {\n", out);
        for (size_t i = 0; i < nkw; i++) {
            fputs("    { ", out);
            put_string(out, t->keywords.entries[i].word);
            fprintf(out, ", %zu, %zu },\n", t->keywords.entries[i].len, t->keywords.entries[i].format);
        }
        fputs("};\n", out);
    }
}

static void put_renames_and_paging(FILE *out, const struct ruledata_tables *t)
{
    if (t->nrenames) {
        fputs("static const struct scope_rename renames[] = {\n", out);
        for (size_t i = 0; i < t->nrenames; i++) {
            fputs("    { ", out);
            put_string(out, t->renames[i].from);
            fputs(", ", out);
            put_string(out, t->renames[i].to);
            fputs(" },\n", out);
        }
        fputs("};\n", out);
    }
    if (t->npaging_apis) {
        fputs("static const struct paging_api_src paging_apis[] = {\n", out);
        for (size_t i = 0; i < t->npaging_apis; i++) {
            fputs("    { ", out);
            put_string(out, t->paging_apis[i].api);
            fputs(",\n      ", out);
            put_string(out, t->paging_apis[i].pattern);
            fputs(",\n      ", out);
            put_string(out, t->paging_apis[i].paging);
            fputs(" },\n", out);
        }
        fputs("};\n", out);
    }
}

/* Every list of T and its name in the generated file, in the order of struct ruledata_tables. */
#define LISTS(X)                                                                                             \
    X(secret_names) X(not_secret_names) X(placeholders) X(forbidden_scopes) X(forbidden_scope_patterns)      \
    X(known_scopes) X(pagination_params) X(not_collections) X(not_filters) X(sensitive_contains)            \
    X(sensitive_exact)

static bool put_tables(FILE *out, const struct ruledata_tables *t)
{
    fputs("/* generated by tools/gen-ruledata from rules/; do not edit */\n"
          "#include <stdbool.h>\n#include <stddef.h>\n\n#include \"core/ruledata_int.h\"\n\n", out);
    put_formats(out, t);
#define PUT_ARRAY(m) put_array(out, #m, &t->m);
    LISTS(PUT_ARRAY)
    put_renames_and_paging(out, t);
    if (!put_hints(out, &t->placeholders))
        return false;
    fputs("\nconst struct ruledata_tables ruledata_builtin = {\n", out);
    fprintf(out, "    .formats = %s,\n    .nformats = %zu,\n", t->nformats ? "formats" : "NULL", t->nformats);
    fprintf(out, "    .keywords = { %s, {", t->keywords.first[256] ? "keyword_entries" : "NULL");
    for (int c = 0; c <= 256; c++)
        fprintf(out, "%s%zu", c % 16 ? ", " : (c ? ",\n        " : "\n        "), t->keywords.first[c]);
    fputs(" } },\n", out);
#define PUT_LIST(m) put_list(out, #m, #m, &t->m);
    LISTS(PUT_LIST)
    fprintf(out, "    .placeholder_hints = %s,\n", t->placeholders.n ? "placeholder_hints" : "NULL");
    fprintf(out, "    .entropy_bits = %.17g,\n    .entropy_length = %zu,\n", t->entropy_bits, t->entropy_length);
    fprintf(out, "    .renames = %s,\n    .nrenames = %zu,\n", t->nrenames ? "renames" : "NULL", t->nrenames);
    fprintf(out, "    .max_timeout_ms = %ld,\n    .max_payload_bytes = %ld,\n", t->max_timeout_ms,
            t->max_payload_bytes);
    fprintf(out, "    .paging_apis = %s,\n    .npaging_apis = %zu,\n", t->npaging_apis ? "paging_apis" : "NULL",
            t->npaging_apis);
    fputs("};\n", out);
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: gen-ruledata DIR > rules_data.c\n", stderr);
        return 2;
    }
    char err[1024];
    struct ruledata_parsed *rp = ruledata_parse(argv[1], err, sizeof err);
    if (!rp) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    bool ok = put_tables(stdout, ruledata_parsed_tables(rp));
    ruledata_parsed_free(rp);
    if (!ok) { /* ruledata_parse() compiled every placeholder already */
        fputs("gen-ruledata: a placeholder pattern did not compile a second time\n", stderr);
        return 1;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-ruledata: writing the tables");
        return 1;
    }
    return 0;
}
