/* pattern.c - PCRE2 behind a small interface */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/pattern.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pattern {
    pcre2_code *code;
};

struct pattern_scratch {
    pcre2_match_data *md;
    pcre2_jit_stack *stack;
    pcre2_match_context *mctx;
    char *copy;         /* the subject, with room after it (see pattern_find) */
    size_t copy_cap;
};

/* JIT code reads the subject in wide chunks that may pass its end; the copy
 * keeps those reads inside memory we own (and memory checkers quiet). */
#define SUBJECT_PAD 64

struct pattern *pattern_compile(const char *src, bool caseless, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE offset;
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        snprintf(err, errlen, "bad pattern at offset %zu: %s", (size_t)offset, (const char *)msg);
        return NULL;
    }
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    struct pattern *p = malloc(sizeof *p);
    if (!p) {
        pcre2_code_free(re);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->code = re;
    return p;
}

void pattern_free(struct pattern *p)
{
    if (!p)
        return;
    pcre2_code_free(p->code);
    free(p);
}

struct pattern_scratch *pattern_scratch_new(void)
{
    struct pattern_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->md = pcre2_match_data_create(16, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!s->md || !s->mctx || !s->stack) {
        pattern_scratch_free(s);
        return NULL;
    }
    pcre2_jit_stack_assign(s->mctx, NULL, s->stack);
    /* bound the work one match may do: inputs are untrusted */
    pcre2_set_match_limit(s->mctx, 1000000);
    return s;
}

void pattern_scratch_free(struct pattern_scratch *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->stack);
    free(s->copy);
    free(s);
}

bool pattern_find(const struct pattern *p, const char *s, size_t len, struct pattern_scratch *scratch,
                  size_t *start, size_t *end)
{
    if (len + SUBJECT_PAD > scratch->copy_cap) {
        size_t cap = (len + SUBJECT_PAD) * 2;
        char *copy = realloc(scratch->copy, cap);
        if (!copy)
            return false;
        scratch->copy = copy;
        scratch->copy_cap = cap;
    }
    memcpy(scratch->copy, s, len);
    memset(scratch->copy + len, 0, SUBJECT_PAD);
    int rc = pcre2_match(p->code, (PCRE2_SPTR)scratch->copy, len, 0, 0, scratch->md, scratch->mctx);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(scratch->md);
    *start = (size_t)ov[0];
    *end = (size_t)ov[1];
    return true;
}
