/* pattern.h - compiled regular expressions (PCRE2 with JIT); the only module that knows PCRE2 */
#ifndef DACC_PATTERN_H
#define DACC_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

struct pattern;
struct pattern_scratch;

/* Check SRC now (UTF mode) and keep the compiled code (JIT-compiled later, see
 * pattern_is_jit).  Returns NULL and fills ERR (with the offset of the fault) when SRC is not a
 * valid pattern.  pattern_free() releases it. */
struct pattern *pattern_compile(const char *src, bool caseless, char *err, size_t errlen);

/* Keep a copy of SRC and compile it only the first time it is matched (or pattern_ready()
 * is called), for patterns already known to be valid (the built-in rule data).  Returns NULL
 * only when out of memory.  Any number of threads may match it at once: the first one
 * compiles, the others wait for it. */
struct pattern *pattern_lazy(const char *src, bool caseless);

/* Compile P now if that has not happened yet.  False when its source is not a valid
 * pattern (it then never matches); ERR, when not NULL, says why. */
bool pattern_ready(const struct pattern *p, char *err, size_t errlen);

/* True once P has been compiled (for tests and measurements). */
bool pattern_is_compiled(const struct pattern *p);

/* True once P matches with JIT-compiled code: after its first PATTERN_JIT_AFTER matches,
 * which use PCRE2's interpreter (JIT compilation costs more than a few matches). */
bool pattern_is_jit(const struct pattern *p);
#define PATTERN_JIT_AFTER 64

void pattern_free(struct pattern *p);

/* Per-thread working memory for matching; pattern_scratch_free() releases it. */
struct pattern_scratch *pattern_scratch_new(void);
void pattern_scratch_free(struct pattern_scratch *s);

/* Find P in S[0..LEN).  On a match returns true and sets [*START, *END). */
bool pattern_find(const struct pattern *p, const char *s, size_t len, struct pattern_scratch *scratch,
                  size_t *start, size_t *end);

#endif
