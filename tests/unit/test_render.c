/* dacc live's template renderer and JSONPath subset, as tables of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "live/encode.h"
#include "live/jsonpath.h"
#include "live/render.h"

/* inputs a=1, q="x y&z"; secrets id=ID, pw=p@ss w; aliases total=250, rawResult */
static const char *lookup(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    (void)ctx;
    static const struct { enum render_ref kind; const char *name, *value; } vars[] = {
        { RENDER_INPUT, "a", "1" },       { RENDER_INPUT, "q", "x y&z" },
        { RENDER_SECRET, "id", "ID" },    { RENDER_SECRET, "pw", "p@ss w" },
        { RENDER_ALIAS, "total", "250" }, { RENDER_ALIAS, "rawResult", "{\"ok\":true}" },
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (vars[i].kind == kind && strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
            return vars[i].value;
    return NULL;
}

static char missing[200];

static void on_missing(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    (void)ctx;
    size_t o = strlen(missing);
    snprintf(missing + o, sizeof missing - o, "%s%s:%.*s", o ? " " : "", kind == RENDER_SECRET ? "secret" : "input",
             (int)len, name);
}

/* percent-encodes everything but letters, digits and -._~ (as curl_easy_escape) */
static char *escape(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    char *out = malloc(len * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; out && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, 4, "%%%02X", c);
    }
    if (out)
        out[o] = '\0';
    return out;
}

struct render_case {
    const char *tmpl;
    bool lenient;
    const char *text, *shown;   /* NULL text: RENDER_UNSUPPORTED */
    const char *missing;
};

static void test_render(void **state)
{
    (void)state;
    static const struct render_case cases[] = {
        { "plain", false, "plain", "plain", "" },
        { "a=${input.a}&b=$input.a&c=$!{input.a}", false, "a=1&b=1&c=1", "a=1&b=1&c=1", "" },
        { "q=$esc.url(${input.q})", false, "q=x+y%26z", "q=x+y%26z", "" },
        { "q=$esc.uriEncode($input.q)", false, "q=x%20y%26z", "q=x%20y%26z", "" },
        { "{\"q\": \"$esc.jsonString(\"say \\\"${input.q}\\\"\")\"}", false, "{\"q\": \"say \\\\\\\"x y&z\\\\\\\"\"}",
          "{\"q\": \"say \\\\\\\"x y&z\\\\\\\"\"}", "" },
        { "s=${credentials.pw}", false, "s=p@ss w", "s=[secret pw]", "" },
        { "s={{ secrets.pw }}|<< secrets.id >>", false, "s=p@ss w|ID", "s=[secret pw]|[secret id]", "" },
        { "s=$esc.url(${credentials.pw})", false, "s=p%40ss+w", "s=[url-encoded: [secret pw]]", "" },
        { "Basic $encoding.base64(\"${credentials.id}:${credentials.pw}\")", false, "Basic SUQ6cEBzcyB3",
          "Basic [base64: [secret id]:[secret pw]]", "" },
        { "$encoding.base64('${input.a}')", false, "JHtpbnB1dC5hfQ==", "JHtpbnB1dC5hfQ==", "" },
        { "x=${input.none}&y=$!{input.none}&z=${credentials.none}", false, "x=${input.none}&y=&z=${credentials.none}",
          "x=${input.none}&y=&z=${credentials.none}", "input:none secret:none" },
        { "${unknown} {{ flow.x }} $5", false, "${unknown} {{ flow.x }} $5", "${unknown} {{ flow.x }} $5", "" },
        { "#if(${input.a})x#end", false, NULL, NULL, "" },
        { "$math.add(1, 2)", false, NULL, NULL, "" },
        { "{\"n\": ${total}, \"raw\": ${rawResult}, \"u\": $utils.first(${total})}", true,
          "{\"n\": 250, \"raw\": {\"ok\":true}, \"u\": $utils.first(${total})}",
          "{\"n\": 250, \"raw\": {\"ok\":true}, \"u\": $utils.first(${total})}", "" },
    };
    struct render_vars vars = { .lookup = lookup, .missing = on_missing, .url_escape = escape };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct render_case *c = &cases[i];
        struct render_result out;
        struct render_error err;
        missing[0] = '\0';
        vars.lenient = c->lenient;
        enum render_status st = render_template(c->tmpl, strlen(c->tmpl), &vars, &out, &err);
        if (!c->text) {
            if (st != RENDER_UNSUPPORTED || !err.what[0])
                fail_msg("'%s': expected RENDER_UNSUPPORTED with a reason", c->tmpl);
            continue;
        }
        if (st != RENDER_OK)
            fail_msg("'%s': status %d (%s)", c->tmpl, st, err.what);
        if (strcmp(out.text, c->text) != 0 || strcmp(out.shown, c->shown) != 0 || strcmp(missing, c->missing) != 0)
            fail_msg("'%s': got text '%s' shown '%s' missing '%s'", c->tmpl, out.text, out.shown, missing);
        if (strstr(out.shown, "p@ss") || strstr(out.shown, "cEBzcyB3") || strstr(out.shown, "p%40ss"))
            fail_msg("'%s': a secret shows in '%s'", c->tmpl, out.shown);
        assert_int_equal(out.len, strlen(out.text));
        render_result_free(&out);
    }
}

struct path_case {
    const char *path;
    const char *want;     /* the matches as compact JSON, or NULL: unsupported */
    bool definite;
};

static void test_jsonpath(void **state)
{
    (void)state;
    static const struct path_case cases[] = {
        { "$", "[{\"total\":3,\"items\":[{\"id\":1,\"tags\":[\"a\"]},{\"id\":2},{\"id\":3,\"x.y\":true}]}]", true },
        { "$.total", "[3]", true },
        { "$.items[0].id", "[1]", true },
        { "$.items[-1].id", "[3]", true },
        { "$['items'][1][\"id\"]", "[2]", true },
        { "$.items[7].id", "[]", true },
        { "$.missing", "[]", true },
        { "$.items[*].id", "[1,2,3]", false },
        { "$.items.*.id", "[1,2,3]", false },
        { "$..id", "[1,2,3]", false },
        { "$..tags[0]", "[\"a\"]", false },
        { "$.items[2]['x.y']", "[true]", true },
        { "$.items[?(@.id > 1)]", NULL, false },
        { "$.items[0:2]", NULL, false },
        { "$.items.length()", NULL, false },
        { "items", NULL, false },
    };
    json_t *doc = json_loads("{\"total\":3,\"items\":[{\"id\":1,\"tags\":[\"a\"]},{\"id\":2},{\"id\":3,\"x.y\":true}]}",
                             0, NULL);
    assert_non_null(doc);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *found = NULL;
        bool definite = true;
        enum jsonpath_status st = jsonpath_eval(doc, cases[i].path, &found, &definite);
        if (!cases[i].want) {
            if (st != JSONPATH_UNSUPPORTED)
                fail_msg("'%s': expected JSONPATH_UNSUPPORTED", cases[i].path);
            continue;
        }
        if (st != JSONPATH_OK)
            fail_msg("'%s': status %d", cases[i].path, st);
        char *got = json_dumps(found, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (strcmp(got, cases[i].want) != 0 || definite != cases[i].definite)
            fail_msg("'%s': got %s (definite %d)", cases[i].path, got, definite);
        free(got);
        json_decref(found);
    }
    json_decref(doc);
}

static void test_base64(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" }, { "lab-client:secret", "bGFiLWNsaWVudDpzZWNyZXQ=" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        char *b = encode_base64(cases[i][0], strlen(cases[i][0]), &n);
        assert_non_null(b);
        assert_string_equal(b, cases[i][1]);
        assert_int_equal(n, strlen(cases[i][1]));
        free(b);
    }
}

/* render_vars.derived: the forms secrets are sent in, each once per call */
static char derived[400];

static void on_derived(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    size_t o = strlen(derived);
    snprintf(derived + o, sizeof derived - o, "%s%.*s", o ? "|" : "", (int)len, text);
}

static void test_derived(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "$esc.url(${credentials.pw})", "p%40ss+w" },
        { "Basic $encoding.base64(\"${credentials.id}:${credentials.pw}\")", "SUQ6cEBzcyB3" },
        { "$esc.url($encoding.base64(\"${credentials.id}:${credentials.pw}\"))", "SUQ6cEBzcyB3|SUQ6cEBzcyB3" },
        { "$esc.jsonString(${credentials.pw}) $esc.uriEncode(${credentials.pw})", "p@ss w|p%40ss%20w" },
        { "$esc.url(${input.q}) $encoding.base64('x') ${credentials.pw}", "" },
    };
    struct render_vars vars = { .lookup = lookup, .url_escape = escape, .derived = on_derived };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct render_result out;
        derived[0] = '\0';
        assert_int_equal(render_template(cases[i][0], strlen(cases[i][0]), &vars, &out, NULL), RENDER_OK);
        if (strcmp(derived, cases[i][1]) != 0)
            fail_msg("'%s': derived '%s', expected '%s'", cases[i][0], derived, cases[i][1]);
        render_result_free(&out);
    }
    /* hide_names: secrets show without their names */
    vars.hide_names = true;
    struct render_result out;
    const char *t = "k=$esc.url(${credentials.pw})&i=${credentials.id}";
    assert_int_equal(render_template(t, strlen(t), &vars, &out, NULL), RENDER_OK);
    assert_string_equal(out.shown, "k=[url-encoded: [secret]]&i=[secret]");
    assert_string_equal(out.text, "k=p%40ss+w&i=ID");
    render_result_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_jsonpath),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_derived),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
