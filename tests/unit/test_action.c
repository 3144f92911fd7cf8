/* action_client(): which OAuth client a token request names, as a table of cases; action_slug(): file-name slugs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/action.h"
#include "core/load.h"
#include "core/source.h"

struct client_case {
    const char *headers;   /* the JSON members of config.request.headers */
    const char *url;
    const char *body;      /* a JSON string literal, or NULL */
    const char *want;      /* "" when no client can be named */
};

static void client_of(const struct client_case *c, char *out, size_t outlen)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"config\": {\"request\": {\"requestUrlTemplate\": \"%s\", \"requestType\": \"POST\", "
             "\"headers\": {%s}%s%s}}}",
             c->url, c->headers, c->body ? ", \"requestTemplate\": " : "", c->body ? c->body : "");
    struct source src;
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    assert_int_equal(source_from_bytes(&src, "a.json", text, strlen(text)), 0);
    if (load_document(&src, SYNTAX_JSON, &lim, &doc, &err) != LOAD_OK)
        fail_msg("%s: %s", text, err.msg);
    size_t n = action_client(doc.root, out, outlen);
    assert_int_equal(n, strlen(out));
    doc_free(&doc);
    source_free(&src);
}

static void test_client(void **state)
{
    (void)state;
    static const char token[] = "https://login.example.com/oauth/token";
    static const struct client_case cases[] = {
        /* form body: a secret placeholder, either spelling, a credential, a literal */
        { "", token, "\"grant_type=client_credentials&client_id={{ secrets.GC_ID }}\"", "GC_ID" },
        { "", token, "\"grant_type=client_credentials&client_id=<< secrets.GC_ID >>\"", "GC_ID" },
        { "", token, "\"grant_type=client_credentials&client_id=${credentials.clientId}\"", "clientId" },
        { "", token, "\"grant_type=client_credentials&client_id=$credentials.clientId&x=1\"", "clientId" },
        { "", token, "\"grant_type=client_credentials&client_id=3f1c-77a0\"", "3f1c-77a0" },
        { "", token, "\"client_id=my%20app&grant_type=client_credentials\"", "my app" },
        /* URL-encoded for the form: the same client */
        { "", token, "\"grant_type=client_credentials&client_id=$esc.url(${credentials.clientId})\"", "clientId" },
        { "", token, "\"grant_type=client_credentials&client_id=${esc.url($credentials.cid)}\"", "cid" },
        { "", token, "\"grant_type=client_credentials&client_id=$esc.url(${input.id})\"", "" },
        { "", token, "\"grant_type=client_credentials&client_id=$esc.url(\\\"abc\\\")\"", "abc" },
        /* built from pieces, or from what the caller sends: no name */
        { "", token, "\"grant_type=client_credentials&client_id=app-${credentials.env}\"", "" },
        { "", token, "\"grant_type=client_credentials&client_id=${input.clientId}\"", "" },
        { "", token, "\"grant_type=client_credentials&client_id=$credentials.clientId.trim()\"", "" },
        { "", token, "\"grant_type=client_credentials&client_id=\"", "" },
        { "", token, "\"grant_type=client_credentials\"", "" },
        /* the URL query */
        { "", "https://login.example.com/token?grant_type=client_credentials&client_id=${credentials.cid}", NULL, "cid" },
        /* a JSON body */
        { "", token, "\"{\\\"grant_type\\\": \\\"client_credentials\\\", \\\"client_id\\\": \\\"{{ secrets.ZOOM_ID }}\\\"}\"",
          "ZOOM_ID" },
        { "", token, "\"{\\\"client_id\\\" : \\\"abc\\\"}\"", "abc" },
        /* Basic authentication with $encoding.base64("<client>:<secret>") */
        { "\"Authorization\": \"Basic $encoding.base64(\\\"${credentials.clientId}:${credentials.clientSecret}\\\")\"",
          token, "\"grant_type=client_credentials\"", "clientId" },
        { "\"authorization\": \"Basic ${encoding.base64(\\\"{{ secrets.A }}:{{ secrets.B }}\\\")}\"", token,
          "\"grant_type=client_credentials\"", "A" },
        { "\"Authorization\": \"Basic $encoding.base64(\\\"app42:${credentials.secret}\\\")\"", token, NULL, "app42" },
        { "\"Authorization\": \"Basic $encoding.base64($credentials.pair)\"", token, NULL, "" },
        { "\"Authorization\": \"Bearer ${credentials.clientId}\"", token, NULL, "" },
        /* the body wins over the header */
        { "\"Authorization\": \"Basic $encoding.base64(\\\"${credentials.h}:${credentials.s}\\\")\"", token,
          "\"grant_type=client_credentials&client_id=${credentials.b}\"", "b" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[256] = "";
        client_of(&cases[i], got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: client '%s', expected '%s'", i, got, cases[i].want);
    }
}

static void test_client_too_long(void **state)
{
    (void)state;
    const struct client_case c = { "", "https://x.example/token", "\"client_id=abcdefghijklmnop\"", "" };
    char small[8] = "";
    client_of(&c, small, sizeof small);
    assert_string_equal(small, "");
}

static void test_slug(void **state)
{
    (void)state;
    static const struct {
        const char *name, *want;
    } cases[] = {
        { "Get Order Status", "get-order-status" },
        { "Office 365 (Auth)", "office-365-auth" },
        { "  --Lookup__Customer--  ", "lookup-customer" },
        { "LBP - BOUCHON - AuthentifierClient", "lbp-bouchon-authentifierclient" },
        { "Numéro de téléphone", "num-ro-de-t-l-phone" },
        { "日本語", "" },
        { "", "" },
        { "a", "a" },
        { "A1b2", "a1b2" },
    };
    char out[ACTION_SLUG_MAX + 1];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = action_slug(cases[i].name, strlen(cases[i].name), out);
        assert_string_equal(out, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
    /* long names are cut, never ending in '-' */
    char longname[400];
    for (size_t i = 0; i < sizeof longname - 1; i++)
        longname[i] = i % 3 == 2 ? ' ' : 'x';
    longname[sizeof longname - 1] = '\0';
    size_t n = action_slug(longname, strlen(longname), out);
    assert_true(n <= ACTION_SLUG_MAX && n > 0);
    assert_true(out[n - 1] != '-');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client),
        cmocka_unit_test(test_client_too_long),
        cmocka_unit_test(test_slug),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
