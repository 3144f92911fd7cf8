/* emit_yaml.c - YAML written through libyaml's emitter, one event at a time:
 * block style, UTF-8 as is, never folded, two-space indent.  What --emit
 * archy writes; the only writer of YAML (load_yaml.c is the only reader). */
#include "cmd/emit_yaml.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct emit_yaml {
    yaml_emitter_t em;
    char *buf;
    size_t len, cap;
    bool failed;
    char why[160];
};

static int write_out(void *data, unsigned char *bytes, size_t size)
{
    struct emit_yaml *y = data;
    if (y->len + size + 1 > y->cap) {
        size_t cap = y->cap ? y->cap : 4096;
        while (cap < y->len + size + 1)
            cap *= 2;
        char *p = realloc(y->buf, cap);
        if (!p)
            return 0;
        y->buf = p;
        y->cap = cap;
    }
    memcpy(y->buf + y->len, bytes, size);
    y->len += size;
    y->buf[y->len] = '\0';
    return 1;
}

/* Emit EV (made by an initializer that returned OK; libyaml frees it). */
static void emit(struct emit_yaml *y, int made, yaml_event_t *ev)
{
    if (y->failed) {
        if (made)
            yaml_event_delete(ev);
        return;
    }
    if (!made || !yaml_emitter_emit(&y->em, ev)) {
        y->failed = true;
        snprintf(y->why, sizeof y->why, "%s", !made ? "a name is not UTF-8 text"
                 : y->em.problem ? y->em.problem : "out of memory");
    }
}

/* True when S read as a plain scalar would not be this string (a boolean,
 * null, a number in YAML 1.1 or 1.2), or holds an Archy {{placeholder}}:
 * written double-quoted.  Leaning to quote is harmless. */
static bool must_quote(const char *s, size_t len)
{
    static const char *const words[] = { "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", NULL };
    if (len == 0)
        return true;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '{' && s[i + 1] == '{')
            return true;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == len && strncasecmp(*w, s, len) == 0)
            return true;
    char c = s[0], d = len > 1 ? s[1] : '\0';
    return (c >= '0' && c <= '9') || ((c == '-' || c == '+' || c == '.') && (d == '.' || (d >= '0' && d <= '9'))) ||
           (c == '.' && len == 4 && (strncasecmp(s, ".inf", 4) == 0 || strncasecmp(s, ".nan", 4) == 0));
}

/* A string scalar: plain where libyaml can and it reads back as this string, else double-quoted. */
void emit_yaml_str(struct emit_yaml *y, const char *s, size_t len)
{
    yaml_event_t ev;
    yaml_scalar_style_t style = must_quote(s, len) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
    int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)len, 1, 1, style);
    emit(y, made, &ev);
}

void emit_yaml_s(struct emit_yaml *y, const char *s)
{
    emit_yaml_str(y, s, strlen(s));
}

/* A plain scalar that is not a string: true, 1. */
void emit_yaml_plain(struct emit_yaml *y, const char *s)
{
    yaml_event_t ev;
    int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)strlen(s), 1, 0,
                                            YAML_PLAIN_SCALAR_STYLE);
    emit(y, made, &ev);
}

void emit_yaml_quoted(struct emit_yaml *y, const char *s)
{
    yaml_event_t ev;
    int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)strlen(s), 1, 1,
                                            YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    emit(y, made, &ev);
}

void emit_yaml_map(struct emit_yaml *y)
{
    yaml_event_t ev;
    emit(y, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE), &ev);
}

void emit_yaml_seq(struct emit_yaml *y)
{
    yaml_event_t ev;
    emit(y, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE), &ev);
}

void emit_yaml_end_map(struct emit_yaml *y)
{
    yaml_event_t ev;
    emit(y, yaml_mapping_end_event_initialize(&ev), &ev);
}

void emit_yaml_end_seq(struct emit_yaml *y)
{
    yaml_event_t ev;
    emit(y, yaml_sequence_end_event_initialize(&ev), &ev);
}

/* KEY: VALUE (a string). */
void emit_yaml_kv(struct emit_yaml *y, const char *key, const char *value)
{
    emit_yaml_s(y, key);
    emit_yaml_s(y, value);
}

/* KEY: {MEMBER: true} ("noValue: true", "none: true") */
void emit_yaml_flag(struct emit_yaml *y, const char *key, const char *member)
{
    emit_yaml_s(y, key);
    emit_yaml_map(y);
    emit_yaml_s(y, member);
    emit_yaml_plain(y, "true");
    emit_yaml_end_map(y);
}

/* KEY: {VERB: NAME} ("var: Flow.x", "exp: Flow.x") */
void emit_yaml_bind(struct emit_yaml *y, const char *key, size_t keylen, const char *verb, const char *name)
{
    emit_yaml_str(y, key, keylen);
    emit_yaml_map(y);
    emit_yaml_s(y, verb);
    emit_yaml_s(y, name);
    emit_yaml_end_map(y);
}

struct emit_yaml *emit_yaml_new(void)
{
    struct emit_yaml *y = calloc(1, sizeof *y);
    if (!y)
        return NULL;
    if (!yaml_emitter_initialize(&y->em)) {
        free(y);
        return NULL;
    }
    yaml_emitter_set_output(&y->em, write_out, y);
    yaml_emitter_set_unicode(&y->em, 1);
    yaml_emitter_set_width(&y->em, -1);   /* never fold a long name or expression */
    yaml_emitter_set_indent(&y->em, 2);
    yaml_emitter_set_break(&y->em, YAML_LN_BREAK);
    yaml_event_t ev;
    emit(y, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING), &ev);
    emit(y, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1), &ev);
    return y;
}

char *emit_yaml_finish(struct emit_yaml *y, size_t *len, char *why, size_t whylen)
{
    yaml_event_t ev;
    emit(y, yaml_document_end_event_initialize(&ev, 1), &ev);
    emit(y, yaml_stream_end_event_initialize(&ev), &ev);
    yaml_emitter_delete(&y->em);
    char *text = y->failed ? NULL : y->buf;
    if (!text) {
        snprintf(why, whylen, "%s", y->failed ? y->why : "out of memory");
        free(y->buf);
    }
    *len = text ? y->len : 0;
    free(y);
    return text;
}
