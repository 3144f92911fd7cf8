/* pattern.c - PCRE2 behind a small interface */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/pattern.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pattern is compiled at most once, on first use, to PCRE2's interpreted code:
 * STATE says how far it got.  CODE and WHY are written only under LOCK, before
 * STATE leaves PATTERN_PENDING (release), and read only after STATE was seen
 * set (acquire).  After PATTERN_JIT_AFTER matches, a JIT-compiled copy of CODE is made
 * under LOCK and published in FAST (release); JIT compilation costs far more
 * than a few interpreted matches, so a run that matches a pattern a few times
 * (one file) never pays for it, and a run over many files does once. */
enum { PATTERN_PENDING, PATTERN_OK, PATTERN_BAD };

struct pattern {
    char *src;
    uint32_t options;
    pcre2_code *code;
    _Atomic(pcre2_code *) fast;  /* the code to match with from now on: CODE's JIT copy (or CODE) */
    atomic_uint uses;            /* matches so far, counted up to PATTERN_JIT_AFTER */
    char why[200];               /* why SRC does not compile (PATTERN_BAD) */
    atomic_int state;
    pthread_mutex_t lock;
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

/* Compile P->src into P->code (interpreted code, no JIT); false and P->why on a fault. */
static bool compile_code(struct pattern *p)
{
    int code;
    PCRE2_SIZE offset;
    p->code = pcre2_compile((PCRE2_SPTR)p->src, PCRE2_ZERO_TERMINATED, p->options, &code, &offset, NULL);
    if (p->code)
        return true;
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(code, msg, sizeof msg);
    snprintf(p->why, sizeof p->why, "bad pattern at offset %zu: %s", (size_t)offset, (const char *)msg);
    return false;
}

/* A pattern for SRC, not compiled yet; NULL when out of memory. */
static struct pattern *pattern_new(const char *src, bool caseless)
{
    struct pattern *p = calloc(1, sizeof *p);
    size_t n = strlen(src);
    if (!p || !(p->src = malloc(n + 1))) {
        free(p);
        return NULL;
    }
    memcpy(p->src, src, n + 1);
    p->options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
    atomic_init(&p->state, PATTERN_PENDING);
    atomic_init(&p->fast, NULL);
    atomic_init(&p->uses, 0);
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p->src);
        free(p);
        return NULL;
    }
    return p;
}

struct pattern *pattern_compile(const char *src, bool caseless, char *err, size_t errlen)
{
    struct pattern *p = pattern_new(src, caseless);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!compile_code(p)) {
        snprintf(err, errlen, "%s", p->why);
        pattern_free(p);
        return NULL;
    }
    return p;
}

struct pattern *pattern_lazy(const char *src, bool caseless)
{
    return pattern_new(src, caseless);
}

/* The slow path of pattern_ready: the first caller compiles under the
 * pattern's lock.  The pattern is shared read-only otherwise, so the const is
 * cast away only here and in use_jit(), for these one-time fills. */
static int pattern_prepare(const struct pattern *cp)
{
    struct pattern *p = (struct pattern *)cp;
    pthread_mutex_lock(&p->lock);
    int state = atomic_load_explicit(&p->state, memory_order_relaxed);
    if (state == PATTERN_PENDING) {
        state = p->code || compile_code(p) ? PATTERN_OK : PATTERN_BAD;
        atomic_store_explicit(&p->state, state, memory_order_release);
    }
    pthread_mutex_unlock(&p->lock);
    return state;
}

/* The code to match P (compiled) with: its JIT copy once P has been matched
 * PATTERN_JIT_AFTER times (made here by the first thread to get there), the
 * interpreted code before. */
static const pcre2_code *use_jit(const struct pattern *cp)
{
    struct pattern *p = (struct pattern *)cp;
    pcre2_code *fast = atomic_load_explicit(&p->fast, memory_order_acquire);
    if (fast)
        return fast;
    if (atomic_load_explicit(&p->uses, memory_order_relaxed) < PATTERN_JIT_AFTER) {
        atomic_fetch_add_explicit(&p->uses, 1, memory_order_relaxed);
        return p->code;
    }
    pthread_mutex_lock(&p->lock);
    fast = atomic_load_explicit(&p->fast, memory_order_relaxed);
    if (!fast) {
        fast = pcre2_code_copy(p->code);
        if (fast && pcre2_jit_compile(fast, PCRE2_JIT_COMPLETE) != 0) {
            pcre2_code_free(fast); /* no JIT here: the interpreter it is */
            fast = NULL;
        }
        if (!fast)
            fast = p->code;
        atomic_store_explicit(&p->fast, fast, memory_order_release);
    }
    pthread_mutex_unlock(&p->lock);
    return fast;
}

bool pattern_ready(const struct pattern *p, char *err, size_t errlen)
{
    int state = atomic_load_explicit(&((struct pattern *)p)->state, memory_order_acquire);
    if (state == PATTERN_PENDING)
        state = pattern_prepare(p);
    if (state == PATTERN_BAD && err)
        snprintf(err, errlen, "%s", p->why);
    return state == PATTERN_OK;
}

bool pattern_is_compiled(const struct pattern *p)
{
    return atomic_load_explicit(&((struct pattern *)p)->state, memory_order_acquire) == PATTERN_OK;
}

bool pattern_is_jit(const struct pattern *p)
{
    pcre2_code *fast = atomic_load_explicit(&((struct pattern *)p)->fast, memory_order_acquire);
    return fast && fast != p->code;
}

void pattern_free(struct pattern *p)
{
    if (!p)
        return;
    pcre2_code *fast = atomic_load_explicit(&p->fast, memory_order_relaxed);
    if (fast != p->code)
        pcre2_code_free(fast);
    pcre2_code_free(p->code);
    pthread_mutex_destroy(&p->lock);
    free(p->src);
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
    /* the fast path, once P is JIT-compiled: one load */
    const pcre2_code *code = atomic_load_explicit(&((struct pattern *)p)->fast, memory_order_acquire);
    if (!code) {
        if (!pattern_ready(p, NULL, 0))
            return false;
        code = use_jit(p);
    }
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
    int rc = pcre2_match(code, (PCRE2_SPTR)scratch->copy, len, 0, 0, scratch->md, scratch->mctx);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(scratch->md);
    *start = (size_t)ov[0];
    *end = (size_t)ov[1];
    return true;
}
