/* Adopting dacc in a repository: action_doc_kind() (what a file is, by its
 * members) and the baseline's keys (positions left out of messages, file
 * names relative to the baseline), as tables of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cmd/baseline.h"
#include "core/action.h"
#include "core/load.h"
#include "core/source.h"

struct kind_case {
    const char *name;      /* the file name: its extension picks JSON or YAML */
    const char *text;
    enum action_doc want;
};

static const struct kind_case kind_cases[] = {
    /* actions, whole or broken */
    { "a.json", "{\"name\": \"Get order\", \"config\": {}, \"contract\": {}, \"secure\": false}", ACTION_DOC_ONE },
    { "a.json", "{\"name\": \"Get order\", \"contract\": {}}", ACTION_DOC_ONE },               /* config missing */
    { "a.json", "{\"name\": \"x\", \"confg\": {}, \"contract\": {}}", ACTION_DOC_ONE },         /* a key misspelt */
    { "a.json", "{\"nmae\": \"x\", \"config\": {\"request\": {}}}", ACTION_DOC_ONE },           /* config.request */
    { "a.json", "{\"name\": \"x\", \"Contract\": {}}", ACTION_DOC_ONE },                        /* case */
    { "a.json", "{\"actionType\": \"custom\"}", ACTION_DOC_ONE },
    { "a.json", "{\"integrationType\": \"custom-rest-actions\", \"extra\": 1}", ACTION_DOC_ONE },
    { "a.json", "{\"name\": \"only a name\"}", ACTION_DOC_ONE },                               /* nothing else */
    { "a.json", "{}", ACTION_DOC_ONE },
    { "a.yaml", "name: x\ncategory: c\ndescription: d\n", ACTION_DOC_ONE },
    { "a.json", "[{\"name\": \"a\", \"contract\": {}}, \"junk\"]", ACTION_DOC_LIST },
    { "a.json", "[{}, {}]", ACTION_DOC_LIST },
    { "a.json", "{\"entities\": [{\"name\": \"a\", \"secure\": true}], \"pageSize\": 25}", ACTION_DOC_LIST },
    { "a.json", "{\"entities\": [], \"contract\": {}}", ACTION_DOC_ONE },
    /* not actions */
    { "a.json", "\"Get order status\"", ACTION_DOC_NONE },
    { "a.json", "[\"Get order status\"]", ACTION_DOC_NONE },
    { "a.json", "[]", ACTION_DOC_NONE },
    { "a.json", "42", ACTION_DOC_NONE },
    { "a.json", "{\"entities\": [], \"pageSize\": 25}", ACTION_DOC_NONE },
    { "package.json", "{\"name\": \"app\", \"version\": \"1.0.0\", \"config\": {\"port\": 8080}, \"scripts\": {}}",
      ACTION_DOC_NONE },
    { "tsconfig.json", "{\"compilerOptions\": {\"strict\": true}, \"include\": [\"src\"]}", ACTION_DOC_NONE },
    { "ci.yml", "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n", ACTION_DOC_NONE },
    { "docker-compose.yml", "services:\n  web:\n    image: nginx\n    secrets: [db]\n", ACTION_DOC_NONE },
    { ".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: []\n", ACTION_DOC_NONE },
    { "openapi.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", ACTION_DOC_NONE },
    { "deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n", ACTION_DOC_NONE },
};

static void test_doc_kind(void **state)
{
    (void)state;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    for (size_t i = 0; i < sizeof kind_cases / sizeof kind_cases[0]; i++) {
        const struct kind_case *c = &kind_cases[i];
        struct source src;
        struct doc doc = { 0 };
        struct load_error err = { 0 };
        assert_int_equal(source_from_bytes(&src, c->name, c->text, strlen(c->text)), 0);
        if (load_document(&src, load_guess_syntax(c->name, &src), &lim, &doc, &err) != LOAD_OK)
            fail_msg("%s: %s", c->text, err.msg);
        enum action_doc got = action_doc_kind(doc.root);
        if (got != c->want)
            fail_msg("%s %s: %d, expected %d", c->name, c->text, (int)got, (int)c->want);
        doc_free(&doc);
        source_free(&src);
    }
}

static void test_message_key(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "'Get order' is also the name of the action at actions/b.json:3:11; rename one of them",
          "'Get order' is also the name of the action at @; rename one of them" },
        { "'a' builds to a.custom.json, as 'A' at ./x/b.yaml:12:3 does; rename one",
          "'a' builds to a.custom.json, as 'A' at @ does; rename one" },
        { "header 'Accept' is also given as 'accept' at line 14 (header names do not depend on case)",
          "header 'Accept' is also given as 'accept' at line # (header names do not depend on case)" },
        { "replaced by sample values: x (line 2, column 17 of the template)",
          "replaced by sample values: x (line #, column # of the template)" },
        { "no 'timeoutSeconds': set a timeout of at most 5000 ms", "no 'timeoutSeconds': set a timeout of at most 5000 ms" },
        { "scope 'a:b:c' is wider", "scope 'a:b:c' is wider" },
        { "a ratio 1:2 stays", "a ratio 1:2 stays" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[300];
        baseline_message_key(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
}

static void test_file_key(void **state)
{
    (void)state;
    static const char *const cases[][4] = { /* dir, cwd, file, want */
        { "/repo", "/repo", "actions/a.json", "actions/a.json" },
        { "/repo", "/repo", "./actions/../actions/a.json", "actions/a.json" },
        { "/repo", "/repo/actions", "a.json", "actions/a.json" },
        { "/repo", "/elsewhere", "/repo/actions/a.json", "actions/a.json" },
        { "/repo/ci", "/repo", "actions/a.json", "../actions/a.json" },
        { "/repo", "/repo", "/repository/a.json", "../repository/a.json" },
        { "/", "/repo", "a.json", "repo/a.json" },
        { "/repo", "/repo", "<stdin>", "<stdin>" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[256];
        assert_int_equal(baseline_file_key(cases[i][0], cases[i][1], cases[i][2], out, sizeof out), 0);
        if (strcmp(out, cases[i][3]) != 0)
            fail_msg("%s from %s under %s: '%s', expected '%s'", cases[i][2], cases[i][1], cases[i][0], out,
                     cases[i][3]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_kind),
        cmocka_unit_test(test_message_key),
        cmocka_unit_test(test_file_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
