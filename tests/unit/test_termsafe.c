/* termsafe: what may reach a terminal as it is, and what becomes '?'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "termsafe.h"

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

static void test_copy_fix_write(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = cases[i][0], *want = cases[i][1];
        char out[128];
        termsafe_copy(in, out, sizeof out);
        if (strcmp(out, want) != 0)
            fail_msg("case %zu: copy gave '%s'", i, out);
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
        assert_int_equal(termsafe_write(f, in, strlen(in)), 0);
        fclose(f);
        if (strcmp(buf, want) != 0)
            fail_msg("case %zu: write gave '%s'", i, buf);
        free(buf);
        assert_int_equal(termsafe_is_clean(in, strlen(in)), strcmp(in, want) == 0);
    }
}

static void test_copy_cut(void **state)
{
    (void)state;
    char out[6];
    termsafe_copy("ab\xc3\xa9\xc3\xa9", out, sizeof out); /* room for 5 bytes: "ab" + one é, not half of the next */
    assert_string_equal(out, "ab\xc3\xa9");
    char one[1];
    termsafe_copy("abc", one, sizeof one);
    assert_string_equal(one, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_fix_write),
        cmocka_unit_test(test_copy_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
