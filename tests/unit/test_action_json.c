/* action_json_string(): one string member at the top of a JSON request
 * template, as the template samples, as a table of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/action.h"

struct member_case {
    const char *tmpl;
    const char *name;
    bool found;
    const char *want;      /* what OUT holds when found */
    bool from_ref;
};

static void test_member(void **state)
{
    (void)state;
    static const struct member_case cases[] = {
        { "{\"scope\": \"read write\"}", "scope", true, "read write", false },
        { "{\"a\": 1, \"client_secret\": \"s3cr\\u0065t\"}", "client_secret", true, "s3cret", false },
        /* a reference, whole or in part: the sample stands in for it */
        { "{\"scope\": \"${input.scope}\"}", "scope", true, TPL_SAMPLE_TEXT, true },
        { "{\"scope\": \"read ${input.extra}\"}", "scope", true, "read " TPL_SAMPLE_TEXT, true },
        { "{\"client_secret\": \"{{ secrets.S }}\"}", "client_secret", true, TPL_SAMPLE_TEXT, true },
        /* a bare reference as a value samples to a number or a string, never our member's text */
        { "{\"scope\": $input.scope}", "scope", false, "", false },
        /* not at the top, not a string, not there, not JSON */
        { "{\"outer\": {\"scope\": \"read\"}}", "scope", false, "", false },
        { "{\"scope\": [\"read\"]}", "scope", false, "", false },
        { "{\"other\": \"read\"}", "scope", false, "", false },
        { "[\"scope\", \"read\"]", "scope", false, "", false },
        { "grant_type=client_credentials&scope=read", "scope", false, "", false },
        { "{\"scope\": \"read\"", "scope", false, "", false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct member_case *c = &cases[i];
        char out[64] = "";
        bool from_ref = false;
        bool found = action_json_string(c->tmpl, strlen(c->tmpl), c->name, out, sizeof out, &from_ref);
        if (found != c->found)
            fail_msg("%s: found %d, want %d", c->tmpl, found, c->found);
        if (found && (strcmp(out, c->want) != 0 || from_ref != c->from_ref))
            fail_msg("%s: '%s' (reference %d), want '%s' (%d)", c->tmpl, out, from_ref, c->want, c->from_ref);
    }
}

/* OUT is cut at its size; whether a reference stood in it is judged on the whole value */
static void test_cut(void **state)
{
    (void)state;
    static const char tmpl[] = "{\"scope\": \"aaaaaaaaaaaaaaaa ${input.x}\"}";
    char out[8];
    bool from_ref = false;
    assert_true(action_json_string(tmpl, strlen(tmpl), "scope", out, sizeof out, &from_ref));
    assert_string_equal(out, "aaaaaaa");
    assert_true(from_ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member),
        cmocka_unit_test(test_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
