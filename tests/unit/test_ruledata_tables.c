/* The built-in rule data is rules/ made static tables at build time: the tables dacc
 * was built with equal what the run-time reader (--rules DIR) makes of rules/, entry
 * by entry and pattern source by pattern source; tools/gen-ruledata writes the same
 * bytes again from rules/; and bad rule data stops it (so the build) with one line
 * naming FILE:LINE:COL, as --rules DIR does at run time; the placeholder hints it reads from
 * PCRE2 change no answer.  Run from the repository
 * root (tests/run-all.sh), with build/gen/gen-ruledata built (make). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/ruledata.h"
#include "core/ruledata_int.h"

#define GEN_TOOL "build/gen/gen-ruledata"

static void equal_lists(const struct string_list *a, const struct string_list *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        assert_string_equal(a->items[i], b->items[i]);
}

/* Every member of struct ruledata_tables, compared in full. */
static void equal_tables(const struct ruledata_tables *a, const struct ruledata_tables *b)
{
    assert_int_equal(a->nformats, b->nformats);
    for (size_t i = 0; i < a->nformats; i++) {
        const struct secret_format_src *x = &a->formats[i], *y = &b->formats[i];
        assert_string_equal(x->id, y->id);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->pattern, y->pattern);
        assert_true(x->entropy == y->entropy);
        const struct string_list kx = { x->keywords, x->nkeywords }, ky = { y->keywords, y->nkeywords };
        equal_lists(&kx, &ky);
    }
    assert_memory_equal(a->keywords.first, b->keywords.first, sizeof a->keywords.first);
    for (size_t i = 0; i < a->keywords.first[256]; i++) {
        assert_string_equal(a->keywords.entries[i].word, b->keywords.entries[i].word);
        assert_int_equal(a->keywords.entries[i].len, b->keywords.entries[i].len);
        assert_int_equal(a->keywords.entries[i].format, b->keywords.entries[i].format);
    }
    const struct string_list *la[] = { &a->secret_names,      &a->not_secret_names,  &a->placeholders,
                                       &a->forbidden_scopes,  &a->forbidden_scope_patterns, &a->known_scopes,
                                       &a->pagination_params, &a->not_collections,   &a->not_filters,
                                       &a->sensitive_contains, &a->sensitive_exact };
    const struct string_list *lb[] = { &b->secret_names,      &b->not_secret_names,  &b->placeholders,
                                       &b->forbidden_scopes,  &b->forbidden_scope_patterns, &b->known_scopes,
                                       &b->pagination_params, &b->not_collections,   &b->not_filters,
                                       &b->sensitive_contains, &b->sensitive_exact };
    for (size_t i = 0; i < sizeof la / sizeof *la; i++)
        equal_lists(la[i], lb[i]);
    assert_true(a->entropy_bits == b->entropy_bits);
    assert_int_equal(a->entropy_length, b->entropy_length);
    assert_int_equal(a->max_timeout_ms, b->max_timeout_ms);
    assert_int_equal(a->max_payload_bytes, b->max_payload_bytes);
    assert_int_equal(a->nrenames, b->nrenames);
    for (size_t i = 0; i < a->nrenames; i++) {
        assert_string_equal(a->renames[i].from, b->renames[i].from);
        assert_string_equal(a->renames[i].to, b->renames[i].to);
    }
    assert_int_equal(a->npaging_apis, b->npaging_apis);
    for (size_t i = 0; i < a->npaging_apis; i++) {
        assert_string_equal(a->paging_apis[i].api, b->paging_apis[i].api);
        assert_string_equal(a->paging_apis[i].pattern, b->paging_apis[i].pattern);
        assert_true((a->paging_apis[i].paging == NULL) == (b->paging_apis[i].paging == NULL));
        if (a->paging_apis[i].paging)
            assert_string_equal(a->paging_apis[i].paging, b->paging_apis[i].paging);
    }
}

/* The tables built in equal rules/ read now, and the data a run gets from them
 * (ruledata_load(NULL)) is those tables. */
static void test_builtin_is_rules_dir(void **state)
{
    (void)state;
    char err[512] = "";
    struct ruledata_parsed *rp = ruledata_parse("rules", err, sizeof err);
    if (!rp)
        fail_msg("rules/: %s", err);
    const struct ruledata_tables *t = ruledata_parsed_tables(rp);
    equal_tables(&ruledata_builtin, t);
    /* some entries, so that equal tables are not two empty ones */
    assert_true(t->nformats >= 17 && t->placeholders.n >= 9 && t->known_scopes.n >= 30 && t->npaging_apis >= 5);
    assert_string_equal(ruledata_builtin.formats[0].id, "jwt");
    assert_null(ruledata_builtin.paging_apis[0].paging); /* 'paging: none' */
    assert_string_equal(ruledata_builtin.secret_names.items[1], "clientsecret"); /* normalised */

    struct ruledata *rd = ruledata_load(NULL, err, sizeof err);
    assert_non_null(rd);
    assert_null(rd->parsed);
    assert_int_equal(rd->nformats, t->nformats);
    assert_int_equal(rd->placeholders.n, t->placeholders.n);
    assert_int_equal(rd->npaging_apis, t->npaging_apis);
    assert_ptr_equal(rd->known_scopes.items, ruledata_builtin.known_scopes.items);
    assert_int_equal(rd->max_timeout_ms, 5000);
    assert_int_equal(rd->max_payload_bytes, 32768);
    assert_true(ruledata_is_secret_name(rd, "Client-Secret", 13));
    assert_false(ruledata_is_secret_name(rd, "nextPageToken", 13));
    assert_true(ruledata_is_sensitive_name(rd, "date_of_birth", 13));
    struct pattern_scratch *scratch = pattern_scratch_new();
    assert_non_null(scratch);
    const char *jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dGhpc2lzbm90YXJlYWxzaWduYXR1cmU";
    const struct secret_format *sf = ruledata_find_secret(rd, jwt, strlen(jwt), scratch);
    assert_non_null(sf);
    assert_string_equal(sf->id, "jwt");
    assert_true(ruledata_is_placeholder(rd, "changeme", 8, scratch));
    assert_true(ruledata_scope_forbidden(rd, "admin:*", 7, scratch));
    const char *url = "https://api.mypurecloud.com/api/v2/users";
    const struct paging_api *pa = ruledata_paging_api(rd, url, strlen(url), scratch);
    assert_non_null(pa);
    assert_string_equal(pa->paging, "pageSize=25&pageNumber=1");
    pattern_scratch_free(scratch);
    ruledata_free(rd);
    ruledata_parsed_free(rp);
}

/* Run the generator on DIR with its standard output and error in OUT and ERR; its exit status. */
static int run_gen(const char *dir, const char *out, const char *err)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(out, "w", stdout) || !freopen(err, "w", stderr))
            _exit(127);
        execl(GEN_TOOL, GEN_TOOL, dir, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The whole of file PATH (NUL-terminated); the caller frees it. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* From rules/ the generator writes, again, the very file dacc was built from. */
static void test_generator_reproduces(void **state)
{
    (void)state;
    char out[] = "/tmp/dacc-gen-out-XXXXXX", err[] = "/tmp/dacc-gen-err-XXXXXX";
    int fo = mkstemp(out), fe = mkstemp(err);
    assert_true(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    assert_int_equal(run_gen("rules", out, err), 0);
    size_t na = 0, nb = 0, ne = 0;
    char *a = slurp(out, &na), *b = slurp("build/gen/rules_data.c", &nb), *e = slurp(err, &ne);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(e);
    assert_int_equal(ne, 0);
    assert_true(na > 1000);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_non_null(strstr(a, "const struct ruledata_tables ruledata_builtin = {"));
    free(a);
    free(b);
    free(e);
    unlink(out);
    unlink(err);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

struct bad_case {
    const char *file;           /* the one file that differs from a good set */
    const char *text;
    const char *want;           /* the line on standard error, after "DIR/" */
};

static const struct bad_case bad_cases[] = {
    { "secrets.yaml", "formats:\n  - id: x\n    name: X\n    pattern: 'a(b'\n    keywords: [a]\n",
      "secrets.yaml:4:14: bad pattern at offset 3: missing closing parenthesis" },
    { "secrets.yaml", "formats:\n  - id: x\n    name: X\n    pattern: 'a'\n    keywords: []\n",
      "secrets.yaml:2:5: a format needs id, name, pattern and keywords" },
    { "secrets.yaml", "formats: []\nplaceholders:\n  - '^x'\n  - '[z'\n",
      "secrets.yaml:4:5: bad pattern at offset 2: missing terminating ] for character class" },
    { "scopes.yaml", "forbidden:\n  - admin\n  - 7\n", "scopes.yaml:3:5: expected a string" },
    { "limits.yaml", "max_timeout_ms: -5\n", "limits.yaml:1:17: expected a number" },
    { "limits.yaml", "paging_apis:\n  - api: A\n    pattern: '^https://a/'\n",
      "limits.yaml:2:5: a paging API needs 'api', 'pattern' and 'paging' (or 'none')" },
    { "sensitive.yaml", "contains: [a, b\n", "sensitive.yaml:2:1: " },
};

/* Each mistake stops the generator with exit 1, nothing on standard output and one line
 * naming the file, line and column; the same data is refused by --rules DIR alike. */
static void test_generator_refuses_bad_data(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        char dir[] = "/tmp/dacc-gen-bad-XXXXXX";
        assert_non_null(mkdtemp(dir));
        write_file(dir, "secrets.yaml", "formats: []\n");
        write_file(dir, "scopes.yaml", "forbidden: []\n");
        write_file(dir, "limits.yaml", "max_timeout_ms: 5000\n");
        write_file(dir, "sensitive.yaml", "exact: []\n");
        write_file(dir, c->file, c->text);
        char out[4096], err[4096], want[4096];
        snprintf(out, sizeof out, "%s/out", dir);
        snprintf(err, sizeof err, "%s/err", dir);
        assert_int_equal(run_gen(dir, out, err), 1);
        size_t no = 0, ne = 0;
        char *o = slurp(out, &no), *e = slurp(err, &ne);
        assert_non_null(o);
        assert_non_null(e);
        assert_int_equal(no, 0);
        snprintf(want, sizeof want, "%s/%s", dir, c->want);
        if (strncmp(e, want, strlen(want)) != 0 || !strchr(e, '\n') || strchr(e, '\n')[1] != '\0')
            fail_msg("case %zu: stderr '%s', expected one line starting '%s'", i, e, want);
        char rerr[512] = "";
        assert_null(ruledata_load(dir, rerr, sizeof rerr));
        e[strcspn(e, "\n")] = '\0';
        assert_string_equal(rerr, e);
        free(o);
        free(e);
        const char *names[] = { "secrets.yaml", "scopes.yaml", "limits.yaml", "sensitive.yaml", "out", "err" };
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[k]);
            unlink(path);
        }
        rmdir(dir);
    }
}

/* Probes for the placeholder hints: values that are placeholders and values that are not,
 * with the characters the hints judge by (first bytes, Unicode other cases of k and s). */
static const char *const probes[] = {
    "", "x", "xxxx", "XXXXXX", "****", "...", "----", "####", "00000000", "1234", "12345678", "test", "Dummy",
    "changeme", "Change-Me", "CHANGE_ME", "secret", "SECRET", "\xc5\xbf" "ecret", "to\xe2\x84\xaa" "en", "n/a", "NA",
    "<api-key>", "[token]", "(your key)", "your_key", "YOUR-API-KEY", "myToken", "key_here", "abc-here",
    "put_goes_here", "abcdef00000000", "abc****", "api_key", "client-secret", "x_api_key_value",
    "\xe2\x84\xaa" "ey", "application/json", "GET", "custom", "object", "string", "$.status", "tbd", "TODO",
    "http://json-schema.org/draft-04/schema#", "none", "null", "\xff", "\xc3\xa9t\xc3\xa9", "<<", "[]", "()",
};

/* A probe made of 0 to 6 pieces drawn with the generator state *ST. */
static void random_probe(uint32_t *st, char *out, size_t outlen)
{
    static const char *const pieces[] = { "x", "X", "*", ".", "-", "#", "0", "1", "2", "3", "4", "5", "6", "7",
                                          "8", "_", " ", "<", ">", "[", "]", "(", ")", "your", "my", "api", "key",
                                          "Client", "secret", "token", "PASSWORD", "here", "goes", "change", "me",
                                          "test", "n", "/", "a", "\xc5\xbf", "\xe2\x84\xaa", "\xff", "\xc3\xa9" };
    size_t o = 0;
    *st = *st * 1103515245u + 12345u;
    unsigned n = (*st >> 16) % 7;
    out[0] = '\0';
    for (unsigned i = 0; i < n; i++) {
        *st = *st * 1103515245u + 12345u;
        const char *p = pieces[(*st >> 16) % (sizeof pieces / sizeof *pieces)];
        size_t pl = strlen(p);
        if (o + pl + 1 > outlen)
            break;
        memcpy(out + o, p, pl + 1);
        o += pl;
    }
}

/* The placeholder hints skip only patterns that could not match a value whole: with and
 * without them, every probe (and 50,000 random ones) is judged the same. */
static void test_hints_change_nothing(void **state)
{
    (void)state;
    char err[256] = "";
    struct ruledata *rd = ruledata_load(NULL, err, sizeof err);
    assert_non_null(rd);
    assert_non_null(rd->placeholder_hints);
    struct ruledata bare = *rd;
    bare.placeholder_hints = NULL;
    struct pattern_scratch *scratch = pattern_scratch_new();
    assert_non_null(scratch);
    size_t yes = 0, skipped = 0;
    for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
        bool want = ruledata_is_placeholder(&bare, probes[i], strlen(probes[i]), scratch);
        if (ruledata_is_placeholder(rd, probes[i], strlen(probes[i]), scratch) != want)
            fail_msg("'%s': %d with the hints, %d without", probes[i], !want, want);
        yes += want;
    }
    assert_true(yes >= 25); /* most of the first half */
    uint32_t st = 20;
    char probe[64];
    yes = 0;
    for (int i = 0; i < 50000; i++) {
        random_probe(&st, probe, sizeof probe);
        bool want = ruledata_is_placeholder(&bare, probe, strlen(probe), scratch);
        if (ruledata_is_placeholder(rd, probe, strlen(probe), scratch) != want)
            fail_msg("'%s': %d with the hints, %d without", probe, !want, want);
        yes += want;
    }
    assert_true(yes > 1000 && yes < 49000);
    /* and the hints do skip: "GET" can start no match of most placeholders */
    for (size_t i = 0; i < rd->placeholders.n; i++) {
        const struct pattern_hint *h = &rd->placeholder_hints[i];
        skipped += 3 < h->min_len || (!h->any_first && !((h->first['G' >> 3] >> ('G' & 7)) & 1));
    }
    assert_true(skipped >= 4);
    pattern_scratch_free(scratch);
    ruledata_free(rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_is_rules_dir),
        cmocka_unit_test(test_generator_reproduces),
        cmocka_unit_test(test_generator_refuses_bad_data),
        cmocka_unit_test(test_hints_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
