/* ruledata.h - the rule data of rules/ (secret formats, scopes, limits): the copy
 * built into dacc (static tables made from rules/ at build time) or --rules DIR,
 * read at run time; patterns are compiled on first use */
#ifndef DACC_RULEDATA_H
#define DACC_RULEDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/pattern.h"

struct secret_format {
    const char *id;
    const char *name;
    struct pattern *re;
    const char *const *keywords; /* lower case */
    size_t nkeywords;
    double entropy;             /* 0: no entropy condition */
};

struct scope_rename {
    const char *from, *to;
};

struct string_list {
    const char *const *items;
    size_t n;
};

struct pattern_list {
    struct pattern **items;
    size_t n;
};

/* A known API's own paging (rules/limits.yaml paging_apis). */
struct paging_api {
    const char *api;            /* "Genesys Cloud" */
    struct pattern *re;         /* matched against the request URL as written */
    const char *paging;         /* "pageSize=25&pageNumber=1", or NULL: the endpoint has no paging */
};

struct ruledata_parsed;

/* What a match of a pattern needs of the text, known without compiling it (PCRE2's own
 * minimum length and start bitmap, read when the built-in tables were made): a text that
 * lacks it cannot be matched whole, so the pattern need not be compiled, nor run. */
struct pattern_hint {
    size_t min_len;             /* bytes at least (PCRE2 counts characters: never more) */
    bool any_first;             /* true: a match may start with any byte */
    unsigned char first[32];    /* else bit c set when a match may start with byte c */
};

/* Every format keyword, grouped by first byte, so that one pass over a text
 * finds which formats are worth running. */
struct keyword_index {
    const struct keyword_entry {
        const char *word;
        size_t len;
        size_t format;
    } *entries;
    size_t first[257];          /* entries[first[c] .. first[c + 1]) start with byte c */
};

struct ruledata {
    struct secret_format *formats;
    size_t nformats;
    struct keyword_index keywords;
    struct string_list secret_names;      /* normalised: lower case, no '-', '_', '.' */
    struct string_list not_secret_names;
    struct pattern_list placeholders;
    const struct pattern_hint *placeholder_hints; /* one per placeholder, or NULL (--rules DIR) */
    double entropy_bits;
    size_t entropy_length;
    struct string_list forbidden_scopes;
    struct pattern_list forbidden_scope_patterns;
    const struct scope_rename *renames;
    size_t nrenames;
    struct string_list known_scopes;
    long max_timeout_ms;
    long max_payload_bytes;
    struct string_list pagination_params;
    struct string_list not_collections;   /* plural path segments that name one thing */
    struct string_list not_filters;       /* query parameters that order or shape, not narrow */
    struct paging_api *paging_apis;       /* first match wins */
    size_t npaging_apis;
    struct string_list sensitive_contains; /* rules/sensitive.yaml, normalised */
    struct string_list sensitive_exact;
    struct ruledata_parsed *parsed;       /* --rules DIR: the parsed files the strings above live in;
                                             NULL: they are the built-in static tables */
};

/* Load the rule data from DIR (secrets.yaml, scopes.yaml, limits.yaml, sensitive.yaml), or
 * the built-in copy when DIR is NULL.  On failure returns NULL and fills ERR
 * with "FILE:LINE:COL: what is wrong".  The caller frees with ruledata_free(). */
struct ruledata *ruledata_load(const char *dir, char *err, size_t errlen);
void ruledata_free(struct ruledata *rd);

/* True when NAME (a field, header or parameter name) names a credential. */
bool ruledata_is_secret_name(const struct ruledata *rd, const char *name, size_t len);

/* True when NAME (an input or output) carries credentials or personal data. */
bool ruledata_is_sensitive_name(const struct ruledata *rd, const char *name, size_t len);

/* True when VALUE is an obvious placeholder rather than a credential. */
bool ruledata_is_placeholder(const struct ruledata *rd, const char *value, size_t len,
                             struct pattern_scratch *scratch);

/* Matches of a format with less entropy than this (bits per byte) are
 * placeholders shaped like the format, not credentials. */
#define RULEDATA_MIN_FORMAT_ENTROPY 2.5

/* The first credential format found in TEXT, or NULL. */
const struct secret_format *ruledata_find_secret(const struct ruledata *rd, const char *text,
                                                 size_t len, struct pattern_scratch *scratch);

/* Shannon entropy of S in bits per byte. */
double ruledata_entropy(const char *s, size_t len);

/* True when S holds a run of characters long and random enough to be a key
 * (mixed case and digits, changing class often, high entropy; not a UUID). */
bool ruledata_random_token(const struct ruledata *rd, struct pattern_scratch *scratch, const char *s,
                           size_t len);

/* True when TEXT looks like it holds a credential: a known format or a
 * random token (words such as "token" or "auth" alone do not count). */
bool ruledata_may_hold_secret(const struct ruledata *rd, struct pattern_scratch *scratch, const char *text,
                              size_t len);

/* True when a source line may be echoed under a finding: nothing in it looks
 * like a credential (words, known formats, random tokens). */
bool ruledata_line_may_show(const struct ruledata *rd, struct pattern_scratch *scratch, const char *line,
                            size_t len);

/* The first known API whose pattern matches URL, or NULL. */
const struct paging_api *ruledata_paging_api(const struct ruledata *rd, const char *url, size_t len,
                                             struct pattern_scratch *scratch);

/* True when SCOPE is forbidden by the data. */
bool ruledata_scope_forbidden(const struct ruledata *rd, const char *scope, size_t len,
                              struct pattern_scratch *scratch);

#endif
