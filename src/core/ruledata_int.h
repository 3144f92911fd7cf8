/* ruledata_int.h - what only the rule data shares (ruledata.c, ruledata_yaml.c, the
 * tables tools/gen-ruledata writes): the rule data as plain tables, every pattern
 * as its source, and the reader of rules/ files that makes them */
#ifndef DACC_RULEDATA_INT_H
#define DACC_RULEDATA_INT_H

#include "core/ruledata.h"

/* A secret format as rules/secrets.yaml gives it (keywords lower case). */
struct secret_format_src {
    const char *id;
    const char *name;
    const char *pattern;        /* PCRE2 source, checked when the tables were made */
    const char *const *keywords;
    size_t nkeywords;
    double entropy;
};

struct paging_api_src {
    const char *api;
    const char *pattern;
    const char *paging;         /* NULL: 'none' */
};

/* The rule data as plain data: what struct ruledata holds, with each pattern as
 * its source (placeholders are matched without regard to case, the others with).
 * Names are normalised and keywords indexed already.  The built-in copy,
 * ruledata_builtin, is made from rules/ when dacc is built (build/gen/rules_data.c),
 * so that a run parses no YAML; --rules DIR is read into the same shape. */
struct ruledata_tables {
    const struct secret_format_src *formats;
    size_t nformats;
    struct keyword_index keywords;
    struct string_list secret_names;
    struct string_list not_secret_names;
    struct string_list placeholders;
    const struct pattern_hint *placeholder_hints; /* the built-in tables only, else NULL */
    double entropy_bits;
    size_t entropy_length;
    struct string_list forbidden_scopes;
    struct string_list forbidden_scope_patterns;
    const struct scope_rename *renames;
    size_t nrenames;
    struct string_list known_scopes;
    long max_timeout_ms;
    long max_payload_bytes;
    struct string_list pagination_params;
    struct string_list not_collections;
    struct string_list not_filters;
    const struct paging_api_src *paging_apis;
    size_t npaging_apis;
    struct string_list sensitive_contains;
    struct string_list sensitive_exact;
};

extern const struct ruledata_tables ruledata_builtin;

/* The rule data files of DIR (secrets.yaml, scopes.yaml, limits.yaml, sensitive.yaml)
 * read into tables, every pattern compiled once to check it.  On failure returns
 * NULL and fills ERR with "FILE:LINE:COL: what is wrong".  The tables (and every
 * string in them) live until ruledata_parsed_free(). */
struct ruledata_parsed *ruledata_parse(const char *dir, char *err, size_t errlen);
const struct ruledata_tables *ruledata_parsed_tables(const struct ruledata_parsed *p);
void ruledata_parsed_free(struct ruledata_parsed *p);

#endif
