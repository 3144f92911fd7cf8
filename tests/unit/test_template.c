/* The Velocity / placeholder / form-body scanner, as a table of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/template.h"

struct ref_case {
    const char *text;
    const char *want;   /* each reference as KIND:ROOT.NAME@START-END, joined by ' ' */
};

static const char *kind_name(enum tpl_kind k)
{
    switch (k) {
    case TPL_VELOCITY: return "V";
    case TPL_SECRET: return "S";
    case TPL_MUSTACHE: return "M";
    case TPL_DIRECTIVE: return "D";
    case TPL_BROKEN: return "B";
    }
    return "?";
}

static void describe(const char *text, char *out, size_t outlen)
{
    size_t pos = 0, o = 0, len = strlen(text);
    struct tpl_ref r;
    out[0] = '\0';
    while (tpl_next(text, len, &pos, &r)) {
        o += (size_t)snprintf(out + o, outlen - o, "%s%s:%.*s.%.*s@%zu-%zu%s%s", o ? " " : "",
                              kind_name(r.kind), (int)r.root_len, r.root ? r.root : "",
                              (int)r.name_len, r.name ? r.name : "", r.start, r.end,
                              r.quiet ? "!" : "", r.angle ? "<" : "");
    }
}

static void test_references(void **state)
{
    (void)state;
    static const struct ref_case cases[] = {
        { "${input.x}", "V:input.x@0-10" },
        { "$!{input.x}", "V:input.x@0-11!" },
        { "id=$input.orderId", "V:input.orderId@3-17" },
        { "Hi $input.name. Bye", "V:input.name@3-14" },
        { "$esc.url(${input.x})", "V:esc.url@0-20" },
        { "$encoding.base64(\"${credentials.id}:${credentials.secret}\")", "V:encoding.base64@0-59" },
        { "{{ secrets.clientSecret }}", "S:secrets.clientSecret@0-26" },
        { "<<secrets.X>>", "S:secrets.X@0-13<" },
        { "{{ flow.caller }}", "M:flow.caller@0-17" },
        { "a << b >> c", "" },
        { "$5.00 and $.status and \\${input.x}", "" },
        { "${input.x", "B:.@0-9" },
        { "$esc.url(${input.x}", "B:esc.url@0-9 V:input.x@9-19" },
        { "{{ secrets.x", "B:.@0-12" },
        { "#if(${input.a})x#else y#end", "D:if.@0-15 D:else.@16-21 D:end.@23-27" },
        { "#fff and #1", "" },
        { "${rawResult} $Input.x ${INPUT.x}", "V:rawResult.@0-12 V:Input.x@13-21 V:INPUT.x@22-32" },
        { "{\"a\": \"${input.a}\", \"b\": [1, 2]}", "V:input.a@7-17" },
        { "$successTemplateUtils.firstFromArray(\"${ids}\", \"$esc.quote\")",
          "V:successTemplateUtils.firstFromArray@0-60" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[512];
        describe(cases[i].text, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].text, got, cases[i].want);
    }
}

static void test_nested(void **state)
{
    (void)state;
    const char *t = "$esc.url(${input.x})";
    size_t pos = 0;
    struct tpl_ref outer, inner;
    assert_true(tpl_next(t, strlen(t), &pos, &outer));
    size_t ipos = outer.inner_start;
    assert_true(tpl_next(t, outer.inner_end, &ipos, &inner));
    assert_true(tpl_root_is(&inner, "input"));
    assert_int_equal(inner.start, 9);
    assert_false(tpl_root_is(&inner, "Input"));
}

struct literal_case {
    const char *text;
    size_t want;
};

/* A walk visitor that writes down each reference's text, and steps as told. */
struct walk_log {
    char seen[256];
    const char *over;   /* do not go into a reference whose text starts so */
    const char *stop;   /* stop at a reference whose text starts so */
};

static enum tpl_walk_step log_ref(const char *s, const struct tpl_ref *ref, void *ctx)
{
    struct walk_log *w = ctx;
    size_t n = strlen(w->seen), len = ref->end - ref->start;
    snprintf(w->seen + n, sizeof w->seen - n, "%s%.*s", n ? "|" : "", (int)len, s + ref->start);
    if (w->stop && strncmp(s + ref->start, w->stop, strlen(w->stop)) == 0)
        return TPL_WALK_STOP;
    if (w->over && strncmp(s + ref->start, w->over, strlen(w->over)) == 0)
        return TPL_WALK_OVER;
    return TPL_WALK_ON;
}

static void test_walk(void **state)
{
    (void)state;
    const char *s = "a=$esc.url(${input.q})&b=${credentials.k}&c=$encoding.base64(\"${x}:${y}\")";
    struct walk_log w = { .seen = "" };
    assert_false(tpl_walk(s, strlen(s), log_ref, &w));
    assert_string_equal(w.seen, "$esc.url(${input.q})|${input.q}|${credentials.k}|"
                                "$encoding.base64(\"${x}:${y}\")|${x}|${y}");
    struct walk_log over = { .seen = "", .over = "$esc" };
    assert_false(tpl_walk(s, strlen(s), log_ref, &over));
    assert_string_equal(over.seen, "$esc.url(${input.q})|${credentials.k}|$encoding.base64(\"${x}:${y}\")|${x}|${y}");
    struct walk_log stop = { .seen = "", .stop = "${credentials" };
    assert_true(tpl_walk(s, strlen(s), log_ref, &stop));
    assert_string_equal(stop.seen, "$esc.url(${input.q})|${input.q}|${credentials.k}");
    /* nesting deeper than TPL_WALK_DEPTH is not walked into */
    char deep[1024];
    size_t o = 0;
    for (int i = 0; i < TPL_WALK_DEPTH + 4; i++)
        o += (size_t)snprintf(deep + o, sizeof deep - o, "$f(");
    o += (size_t)snprintf(deep + o, sizeof deep - o, "${z}");
    for (int i = 0; i < TPL_WALK_DEPTH + 4; i++)
        o += (size_t)snprintf(deep + o, sizeof deep - o, ")");
    struct walk_log d = { .seen = "" };
    assert_false(tpl_walk(deep, strlen(deep), log_ref, &d));
    assert_null(strstr(d.seen, "|${z}"));
}

static void test_literal_len(void **state)
{
    (void)state;
    static const struct literal_case cases[] = {
        { "${credentials.secret}", 0 },
        { "Basic $encoding.base64(\"${credentials.id}:${credentials.secret}\")", 0 },
        { "Bearer ${credentials.token}", 0 },
        { "Bearer abc123", 6 },
        { "<< secrets.k >>", 0 },
        { "\"{{ secrets.k }}\"", 0 },
        { "s3cr3t", 6 },
        { "", 0 },
        { "${authResponse.token_type} ${authResponse.access_token}", 0 },
        { "Basic $encoding.base64(\"svc:Summer2024!\")", 14 },
        { "${credentials.apiKey", 0 },
        { "{{ secrets.k }", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = tpl_literal_len(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].want)
            fail_msg("'%s': %zu literal bytes, want %zu", cases[i].text, got, cases[i].want);
    }
}

static void test_strip(void **state)
{
    (void)state;
    char out[128];
    const char *t = "a=${input.a}&b=<< secrets.b >>&c=3";
    assert_int_equal(tpl_strip(t, strlen(t), out, sizeof out, "X"), strlen("a=X&b=X&c=3"));
    assert_string_equal(out, "a=X&b=X&c=3");
    assert_int_equal(tpl_strip("k=${x.y", 7, out, sizeof out, "X"), 3);
    assert_string_equal(out, "k=X");
    assert_int_equal(tpl_strip(t, strlen(t), out, 5, "X"), 4);
    assert_string_equal(out, "a=X&");
}

static void test_form(void **state)
{
    (void)state;
    const char *t = "grant_type=client_credentials&client_id=$esc.url(\"a&b\")&scope=a+b%3Ac&flag";
    const char *want[][2] = {
        { "grant_type", "client_credentials" },
        { "client_id", "$esc.url(\"a&b\")" },
        { "scope", "a+b%3Ac" },
        { "flag", "" },
    };
    size_t pos = 0, n = 0, len = strlen(t);
    struct tpl_param p;
    while (tpl_form_next(t, len, &pos, &p)) {
        assert_true(n < 4);
        char key[64], value[64];
        snprintf(key, sizeof key, "%.*s", (int)(p.key_end - p.key_start), t + p.key_start);
        snprintf(value, sizeof value, "%.*s", (int)(p.value_end - p.value_start), t + p.value_start);
        assert_string_equal(key, want[n][0]);
        assert_string_equal(value, want[n][1]);
        n++;
    }
    assert_int_equal(n, 4);
    char out[64];
    assert_int_equal(tpl_url_decode("a+b%3Ac%2", 9, out, sizeof out), 7);
    assert_string_equal(out, "a b:c%2");
    assert_true(tpl_is_form("grant_type=client_credentials", 29));
    assert_true(tpl_is_form("\n  scope=x", 10));
    assert_false(tpl_is_form("{\"grant_type\": \"x\"}", 19));
    assert_false(tpl_is_form("${input.rawRequest}", 19));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_nested),
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_literal_len),
        cmocka_unit_test(test_strip),
        cmocka_unit_test(test_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
