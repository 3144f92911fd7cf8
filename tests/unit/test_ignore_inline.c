/* "# dacc:ignore" comments in YAML text, as a table of cases: which comments
 * count, which line each silences, and how its rule and reason are read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/ignore_inline.h"
#include "core/load.h"

struct ignore_case {
    const char *yaml;
    const char *want;   /* each suppression as LINE:COL>TARGET SLUG[+ if a reason], joined by ' ' */
};

static void describe(const char *yaml, char *out, size_t outlen)
{
    struct source src;
    struct doc doc = { 0 };
    struct load_error err;
    struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    assert_int_equal(source_from_bytes(&src, "t.yaml", yaml, strlen(yaml)), 0);
    assert_int_equal(load_document(&src, SYNTAX_YAML, &lim, &doc, &err), LOAD_OK);
    struct inline_ignore *ig;
    long n = inline_ignores(&src, &doc, &ig);
    assert_true(n >= 0);
    size_t o = 0;
    out[0] = '\0';
    for (long i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, outlen - o, "%s%u:%u>%u %s%s%s", o ? " " : "", ig[i].line, ig[i].col,
                              ig[i].target, ig[i].slug, ig[i].slug_cut ? "..." : "", ig[i].reason ? "+" : "");
    free(ig);
    doc_free(&doc);
    source_free(&src);
}

static void test_inline_ignores(void **state)
{
    (void)state;
    static const struct ignore_case cases[] = {
        /* after a value: its own line; alone on a line: the next line of YAML */
        { "a: 1  # dacc:ignore timeout slow vendor\nb: 2\n", "1:7>1 timeout+" },
        { "# dacc:ignore timeout slow vendor\na: 1\n", "1:1>2 timeout+" },
        { "x: 0\n  # dacc:ignore timeout why\n\n# other words\nb: 2\n", "2:3>5 timeout+" },
        { "a: 1\n# dacc:ignore timeout why\n", "2:1>0 timeout+" },
        { "# dacc:ignore a why\n# dacc:ignore b why\nk: v\n", "1:1>3 a+ 2:1>3 b+" },
        /* no reason, no rule, several on one line, tabs */
        { "a: 1 # dacc:ignore timeout\n", "1:6>1 timeout" },
        { "a: 1 # dacc:ignore\n", "1:6>1 " },
        { "a: 1 # dacc:ignore insecure-url vendor # dacc:ignore template legacy\n",
          "1:6>1 insecure-url+ 1:40>1 template+" },
        { "a: 1 #\tdacc:ignore\ttimeout\twhy\n", "1:6>1 timeout+" },
        { "a: 1 #dacc:ignore timeout\r\nb: 2\r\n", "1:6>1 timeout" },
        { "a: 1 # dacc:ignored timeout why\n", "" },
        { "a: 1 # see dacc:ignore timeout why\n", "" },
        /* a '#' inside a value is not a comment */
        { "a: \"x # dacc:ignore timeout why\"\n", "" },
        { "a: 'x # dacc:ignore timeout why' # dacc:ignore template why\n", "1:34>1 template+" },
        { "a: |\n  # dacc:ignore timeout body text\n  more\nb: 1 # dacc:ignore schema why\n", "4:6>4 schema+" },
        { "a: >-\n  x # dacc:ignore timeout body\nb: 1\n", "" },
        { "a: |-  # dacc:ignore insecure-url sandbox\n  http://x/a#frag\n", "1:8>1 insecure-url+" },
        { "a: \"two\n  # dacc:ignore timeout lines\"\n", "" },
        { "a: http://x/#frag # dacc:ignore insecure-url why\n", "1:19>1 insecure-url+" },
        { "a: x#dacc:ignore timeout why\n", "" },
        /* columns count code points; a byte order mark takes none */
        { "\xEF\xBB\xBFn: caf\xC3\xA9 # dacc:ignore timeout why\n", "1:9>1 timeout+" },
        /* a rule name longer than the slot */
        { "a: 1 # dacc:ignore aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa why\n",
          "1:6>1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...+" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char got[512];
        describe(cases[i].yaml, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_ignores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
