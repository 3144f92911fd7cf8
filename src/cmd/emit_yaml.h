/* emit_yaml.h - YAML written through libyaml's emitter, one event at a time
 * (block style, UTF-8 as is, never folded, two-space indent), for --emit
 * archy.  A failure (memory, text that is not UTF-8) is kept and said by
 * emit_yaml_finish(); the calls after it do nothing. */
#ifndef DACC_EMIT_YAML_H
#define DACC_EMIT_YAML_H

#include <stddef.h>

struct emit_yaml;

/* A writer with its stream and document begun; NULL when memory runs out. */
struct emit_yaml *emit_yaml_new(void);

/* End the document and the stream and release Y: the text (malloc'd, *LEN
 * bytes, NUL-terminated), or NULL with WHY filled. */
char *emit_yaml_finish(struct emit_yaml *y, size_t *len, char *why, size_t whylen);

/* A string scalar: plain where it reads back as this string, else double-quoted. */
void emit_yaml_str(struct emit_yaml *y, const char *s, size_t len);
void emit_yaml_s(struct emit_yaml *y, const char *s);
/* A plain scalar that is not a string: true, 1. */
void emit_yaml_plain(struct emit_yaml *y, const char *s);
void emit_yaml_quoted(struct emit_yaml *y, const char *s);
void emit_yaml_map(struct emit_yaml *y);
void emit_yaml_seq(struct emit_yaml *y);
void emit_yaml_end_map(struct emit_yaml *y);
void emit_yaml_end_seq(struct emit_yaml *y);
/* KEY: VALUE (a string). */
void emit_yaml_kv(struct emit_yaml *y, const char *key, const char *value);
/* KEY: {MEMBER: true} ("noValue: true", "none: true"). */
void emit_yaml_flag(struct emit_yaml *y, const char *key, const char *member);
/* KEY: {VERB: NAME} ("var: Flow.x", "exp: Flow.x"). */
void emit_yaml_bind(struct emit_yaml *y, const char *key, size_t keylen, const char *verb, const char *name);

#endif
