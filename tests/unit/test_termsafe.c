/* termsafe: what may reach a terminal as it is, and what becomes '?'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/termsafe.h"

static const char *const cases[][2] = {
    { "Get Order", "Get Order" },
    { "", "" },
    { "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" }, /* é € 😀 */
    { "a\nb\rc\td", "a?b?c?d" },
    { "x\x1b[31mred\x1b]0;title\x07", "x?[31mred?]0;title?" },
    { "del\x7f", "del?" },
    { "c1 \xc2\x9b" "31m \xc2\x80 \xc2\x9f \xc2\xa0", "c1 ?31m ? ? \xc2\xa0" }, /* U+009B CSI; U+00A0 stays */
    { "raw \x9b" "31m", "raw ?31m" },                                         /* a lone byte: not UTF-8 */
    { "bidi \xe2\x80\xae" "evil \xe2\x81\xa6x", "bidi ?evil ?x" },           /* U+202E, U+2066 */
    { "ls \xe2\x80\xa8 ps \xe2\x80\xa9", "ls ? ps ?" },                      /* U+2028, U+2029 */
    { "over \xc0\xaf \xe0\x80\xaf", "over ?? ???" },                          /* overlong '/' */
    { "sur \xed\xa0\x80", "sur ???" },                                        /* a surrogate */
    { "cut \xe2\x82", "cut ??" },                                             /* a sequence cut short */
    { "\n::error file=x::forged", "?::error file=x::forged" },
};

static void test_fix_write(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = cases[i][0], *want = cases[i][1];
        char *fixed = strdup(in);
        assert_non_null(fixed);
        termsafe_fix(fixed);
        if (strcmp(fixed, want) != 0)
            fail_msg("case %zu: fix gave '%s'", i, fixed);
        free(fixed);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        assert_int_equal(termsafe_write(f, in, strlen(in), false), 0);
        fclose(f);
        if (strcmp(buf, want) != 0)
            fail_msg("case %zu: write gave '%s'", i, buf);
        free(buf);
    }
}

/* an echoed source line keeps its tabs (the caret lines up under them) */
static void test_write_keep_tab(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(termsafe_write(f, "\ta\x1b\tb\n", 6, true), 0);
    fclose(f);
    assert_string_equal(buf, "\ta?\tb?");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fix_write),
        cmocka_unit_test(test_write_keep_tab),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
