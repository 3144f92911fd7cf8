/* Patterns compiled on first use: the built-in rule data compiles nothing at load, a pattern
 * compiles once however many threads ask for it at once, it is JIT-compiled only after
 * PATTERN_JIT_AFTER matches, and a bad pattern in --rules DIR is still reported at load. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcre2.h>
#include <pthread.h>

#include "core/pattern.h"
#include "core/ruledata.h"

static bool have_jit(void)
{
    uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    return jit != 0;
}

static bool find(const struct pattern *p, const char *s, struct pattern_scratch *scratch, size_t *start,
                 size_t *end)
{
    return pattern_find(p, s, strlen(s), scratch, start, end);
}

/* A lazy pattern compiles on its first match and is JIT-compiled after PATTERN_JIT_AFTER more;
 * matches are the same before and after. */
static void test_compiles_on_first_use(void **state)
{
    (void)state;
    struct pattern *p = pattern_lazy("k[0-9]+", false);
    struct pattern_scratch *scratch = pattern_scratch_new();
    assert_non_null(p);
    assert_non_null(scratch);
    assert_false(pattern_is_compiled(p));
    size_t s = 0, e = 0;
    assert_true(find(p, "key k123!", scratch, &s, &e));
    assert_int_equal(s, 4);
    assert_int_equal(e, 8);
    assert_true(pattern_is_compiled(p));
    assert_false(pattern_is_jit(p));
    for (int i = 0; i < 2 * PATTERN_JIT_AFTER; i++) {
        assert_true(find(p, "key k123!", scratch, &s, &e));
        assert_int_equal(s, 4);
        assert_int_equal(e, 8);
        assert_false(find(p, "key k!", scratch, &s, &e));
    }
    assert_int_equal(pattern_is_jit(p), have_jit());
    pattern_scratch_free(scratch);
    pattern_free(p);
}

/* A bad lazy pattern never matches and says why; pattern_compile reports it at once. */
static void test_bad_pattern(void **state)
{
    (void)state;
    struct pattern *p = pattern_lazy("a(b", false);
    struct pattern_scratch *scratch = pattern_scratch_new();
    char err[200] = "";
    size_t s, e;
    assert_false(find(p, "a(b", scratch, &s, &e));
    assert_false(pattern_ready(p, err, sizeof err));
    assert_non_null(strstr(err, "bad pattern at offset 3"));
    assert_false(pattern_is_compiled(p));
    pattern_free(p);
    err[0] = '\0';
    assert_null(pattern_compile("a(b", false, err, sizeof err));
    assert_non_null(strstr(err, "bad pattern at offset 3"));
    pattern_scratch_free(scratch);
}

enum { NTHREADS = 8, NMATCHES = 500 };

struct worker {
    const struct pattern *p;
    pthread_barrier_t *go;
    int found;          /* matches found at the right place */
};

static void *match_many(void *arg)
{
    struct worker *w = arg;
    struct pattern_scratch *scratch = pattern_scratch_new();
    pthread_barrier_wait(w->go);
    for (int i = 0; scratch && i < NMATCHES; i++) {
        size_t s = 0, e = 0;
        if (find(w->p, "Authorization: Bearer sk_live_0123456789abcdef", scratch, &s, &e) && s == 22 && e == 46)
            w->found++;
    }
    pattern_scratch_free(scratch);
    return NULL;
}

/* Many threads ask for the same uncompiled pattern at the same moment: each sees it
 * compiled and every match is right (run under ASan/valgrind by make check). */
static void test_many_threads(void **state)
{
    (void)state;
    struct pattern *p = pattern_lazy("sk_(?:live|test)_[0-9a-f]{16}", true);
    pthread_barrier_t go;
    assert_int_equal(pthread_barrier_init(&go, NULL, NTHREADS), 0);
    pthread_t t[NTHREADS];
    struct worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (struct worker){ p, &go, 0 };
        assert_int_equal(pthread_create(&t[i], NULL, match_many, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].found, NMATCHES);
    }
    pthread_barrier_destroy(&go);
    assert_true(pattern_is_compiled(p));
    assert_int_equal(pattern_is_jit(p), have_jit());
    pattern_free(p);
}

static bool all_ready(const struct ruledata *rd, bool compile)
{
    const struct pattern *ps[256];
    size_t n = 0;
    for (size_t i = 0; i < rd->nformats && n < 256; i++)
        ps[n++] = rd->formats[i].re;
    for (size_t i = 0; i < rd->placeholders.n && n < 256; i++)
        ps[n++] = rd->placeholders.items[i];
    for (size_t i = 0; i < rd->forbidden_scope_patterns.n && n < 256; i++)
        ps[n++] = rd->forbidden_scope_patterns.items[i];
    for (size_t i = 0; i < rd->npaging_apis && n < 256; i++)
        ps[n++] = rd->paging_apis[i].re;
    assert_true(n > 10 && n < 256);
    for (size_t i = 0; i < n; i++) {
        char err[200] = "";
        if (!(compile ? pattern_ready(ps[i], err, sizeof err) : pattern_is_compiled(ps[i]))) {
            if (compile)
                print_error("built-in pattern %zu: %s\n", i, err);
            return false;
        }
    }
    return true;
}

/* Loading the built-in data compiles no pattern; every one of them compiles when asked
 * (the build refuses a bad pattern in rules/ first: tools/gen-ruledata compiles each one). */
static void test_builtin_lazy_and_valid(void **state)
{
    (void)state;
    char err[256] = "";
    struct ruledata *rd = ruledata_load(NULL, err, sizeof err);
    assert_non_null(rd);
    for (size_t i = 0; i < rd->nformats; i++)
        assert_false(pattern_is_compiled(rd->formats[i].re));
    for (size_t i = 0; i < rd->placeholders.n; i++)
        assert_false(pattern_is_compiled(rd->placeholders.items[i]));
    assert_true(all_ready(rd, true));
    assert_true(all_ready(rd, false));
    ruledata_free(rd);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* --rules DIR is checked at load: a bad pattern is reported at its file, line and column. */
static void test_rules_dir_bad_pattern(void **state)
{
    (void)state;
    char dir[] = "/tmp/dacc-pattern-lazy-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[4 * 1024];
    snprintf(path, sizeof path, "%s/secrets.yaml", dir);
    write_file(path, "formats:\n  - id: x\n    name: X\n    pattern: 'a(b'\n    keywords: [a]\n");
    snprintf(path, sizeof path, "%s/scopes.yaml", dir);
    write_file(path, "forbidden: []\n");
    snprintf(path, sizeof path, "%s/limits.yaml", dir);
    write_file(path, "max_timeout_ms: 5000\n");
    snprintf(path, sizeof path, "%s/sensitive.yaml", dir);
    write_file(path, "exact: []\n");
    char err[512] = "", want[4 * 1024];
    assert_null(ruledata_load(dir, err, sizeof err));
    snprintf(want, sizeof want, "%s/secrets.yaml:4:14: bad pattern at offset 3: missing closing parenthesis", dir);
    assert_string_equal(err, want);
    const char *names[] = { "secrets", "scopes", "limits", "sensitive" };
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s.yaml", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compiles_on_first_use),
        cmocka_unit_test(test_bad_pattern),
        cmocka_unit_test(test_many_threads),
        cmocka_unit_test(test_builtin_lazy_and_valid),
        cmocka_unit_test(test_rules_dir_bad_pattern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
