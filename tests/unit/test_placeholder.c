/* action_placeholder_value(): which texts in a credential position are obvious placeholders (sent as they
 * are, not credentials), as a table of cases against the built-in rule data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/action.h"
#include "core/pattern.h"
#include "core/ruledata.h"

struct placeholder_case {
    const char *value;
    bool want;
};

static const struct placeholder_case cases[] = {
    { "Bearer YOUR_TOKEN_HERE", true },
    { "YOUR_TOKEN_HERE", true },
    { "bearer <token>", true },
    { "<api-key>", true },
    { "xxxx", true },
    { "changeme", true },
    { "TOKEN", true },
    { "  'Bearer xxxxxxxx'  ", true },
    /* real-looking values, references and free text are not */
    { "Bearer 7f3kq9ZxW2mLp8RtYv4N", false },
    { "Bearer ${credentials.token}", false },
    { "<< secrets.API_TOKEN >>", false },
    { "Bearer YOUR_TOKEN_HERE ${input.x}", false },
    { "put the key sk_live_4eC39HqLyjWDarjtT1zdp7dc here", false },
    { "", false },
    { "Bearer ", false },
};

static void test_placeholders(void **state)
{
    (void)state;
    char err[256];
    struct ruledata *rd = ruledata_load(NULL, err, sizeof err);
    struct pattern_scratch *scratch = pattern_scratch_new();
    assert_non_null(rd);
    assert_non_null(scratch);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *v = cases[i].value;
        if (action_placeholder_value(rd, scratch, v, strlen(v)) != cases[i].want)
            fail_msg("'%s': expected %s", v, cases[i].want ? "a placeholder" : "no placeholder");
    }
    pattern_scratch_free(scratch);
    ruledata_free(rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
