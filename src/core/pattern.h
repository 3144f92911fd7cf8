/* pattern.h - compiled regular expressions (PCRE2 with JIT); the only module that knows PCRE2 */
#ifndef DACC_PATTERN_H
#define DACC_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

struct pattern;
struct pattern_scratch;

/* Compile SRC (UTF mode, JIT when available).  Returns NULL and fills ERR
 * (with the offset of the fault) when SRC is not a valid pattern.
 * pattern_free() releases it. */
struct pattern *pattern_compile(const char *src, bool caseless, char *err, size_t errlen);
void pattern_free(struct pattern *p);

/* Per-thread working memory for matching; pattern_scratch_free() releases it. */
struct pattern_scratch *pattern_scratch_new(void);
void pattern_scratch_free(struct pattern_scratch *s);

/* Find P in S[0..LEN).  On a match returns true and sets [*START, *END). */
bool pattern_find(const struct pattern *p, const char *s, size_t len, struct pattern_scratch *scratch,
                  size_t *start, size_t *end);

#endif
