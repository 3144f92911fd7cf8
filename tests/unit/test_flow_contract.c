/* Contracts as a flow sees them (src/flow/contract.c): input properties and
 * the flattened success outputs of ARCHY-RESEARCH §2.3, the fixed failure
 * outputs, literal types and the limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/load.h"
#include "flow/flow.h"

static void load_text(const char *text, struct source *src, struct doc *doc)
{
    struct load_error le;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    assert_int_equal(source_from_bytes(src, "f", text, strlen(text)), 0);
    memset(doc, 0, sizeof *doc);
    if (load_document(src, load_guess_syntax("f", src), &lim, doc, &le) != LOAD_OK)
        fail_msg("'%s': %u:%u %s", text, le.line, le.col, le.msg);
}

struct flat_case {
    const char *schema;   /* a successSchema, JSON */
    const char *want;     /* "name:code ..." in order; "!" after the code of a leaf not exposed */
};

static const struct flat_case flats[] = {
    { "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"},\"i\":{\"type\":\"integer\"},"
      "\"n\":{\"type\":\"number\"},\"b\":{\"type\":\"boolean\"}}}",
      "s:str i:int n:dec b:bln" },
    /* arrays of scalars are collections (CacheExampleFlow counts, statuses) */
    { "{\"type\":\"object\",\"properties\":{\"counts\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
      "\"statuses\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}",
      "counts:int_coll statuses:str_coll" },
    /* objects flatten with a dot (E5) */
    { "{\"type\":\"object\",\"properties\":{\"conversation\":{\"type\":\"object\",\"properties\":{\"id\":"
      "{\"type\":\"string\"},\"deep\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"boolean\"}}}}}}}",
      "conversation.id:str conversation.deep.x:bln" },
    /* an array of objects gives collections a.k (wfm-hris employees.id), objects inside them too */
    { "{\"type\":\"object\",\"properties\":{\"employees\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
      "\"properties\":{\"id\":{\"type\":\"string\"},\"org\":{\"type\":\"object\",\"properties\":{\"n\":"
      "{\"type\":\"number\"}}}}}}}}",
      "employees.id:str_coll employees.org.n:dec_coll" },
    /* an untyped array is listed but not exposed (process-automation-trigger create-case) */
    { "{\"type\":\"object\",\"properties\":{\"errors\":{\"type\":\"array\",\"items\":{}},\"id\":{\"type\":\"string\"}}}",
      "errors:none! id:str" },
    /* nested arrays: nothing a flow binds */
    { "{\"type\":\"object\",\"properties\":{\"m\":{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":"
      "{\"type\":\"string\"}}},\"a\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"t\":"
      "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}}",
      "m:none!" },
    /* a top-level array of objects: its items' properties as plain values (get-contact-by-phone-number) */
    { "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"Id\":{\"type\":\"string\"},"
      "\"Age\":{\"type\":\"integer\"}}}}",
      "Id:str Age:int" },
    { "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "" },
    /* nullable types, a missing type, null, an empty object */
    { "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"null\",\"string\"]},\"b\":{},\"c\":{\"type\":\"null\"},"
      "\"d\":{\"type\":\"object\"},\"e\":{\"properties\":{\"f\":{\"type\":\"integer\"}}}}}",
      "a:str e.f:int" },
    { "{\"type\":\"object\",\"properties\":{}}", "" },
    { "{\"type\":\"string\"}", "" },
    { "{\"type\":\"object\",\"properties\":{\"a.b\":{\"type\":\"string\"}}}", "a.b:str" },
};

static void test_flatten(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof flats / sizeof flats[0]; i++) {
        struct source src;
        struct doc doc;
        load_text(flats[i].schema, &src, &doc);
        struct flow_contract c;
        char err[200], got[512] = "";
        assert_int_equal(flow_contract_from(NULL, doc.root, &c, err, sizeof err), FLOW_OK);
        for (size_t k = 0; k < c.noutputs; k++) {
            const struct flow_leaf *l = &c.outputs[k];
            size_t at = strlen(got);
            assert_int_equal(strlen(l->name), l->name_len);
            snprintf(got + at, sizeof got - at, "%s%s:%s%s", k ? " " : "", l->name,
                     flow_base_code(l->type, l->collection), l->exposed ? "" : "!");
            assert_ptr_equal(flow_contract_output(&c, l->name, l->name_len), l);
        }
        if (strcmp(got, flats[i].want) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, got, flats[i].want);
        assert_int_equal(c.ninputs, 0);
        flow_contract_free(&c);
        doc_free(&doc);
        source_free(&src);
    }
}

/* An action in YAML, as core/action.h reads it: required from the list or the property. */
static const char action_yaml[] =
    "name: Get Order - Exported 2023-03-23 @ 8:22\n"
    "contract:\n"
    "  input:\n"
    "    inputSchema:\n"
    "      type: object\n"
    "      required: [orderId, 7]\n"
    "      properties:\n"
    "        orderId: {type: string}\n"
    "        limit: {type: integer}\n"
    "        score: {type: number}\n"
    "        strict: {type: boolean, required: true}\n"
    "        note: {type: [string, \"null\"]}\n"
    "        blob: {type: object}\n"
    "  output:\n"
    "    successSchema:\n"
    "      type: object\n"
    "      properties:\n"
    "        status: {type: string}\n";

static void test_action(void **state)
{
    (void)state;
    struct source src;
    struct doc doc;
    load_text(action_yaml, &src, &doc);
    struct flow_contract c;
    char err[200];
    assert_int_equal(flow_contract_of(doc.root, &c, err, sizeof err), FLOW_OK);
    static const struct {
        const char *name;
        enum flow_base type;
        bool required;
    } want[] = {
        { "orderId", FLOW_T_STRING, true }, { "limit", FLOW_T_INTEGER, false }, { "score", FLOW_T_DECIMAL, false },
        { "strict", FLOW_T_BOOLEAN, true }, { "note", FLOW_T_STRING, false }, { "blob", FLOW_T_NONE, false },
    };
    assert_int_equal(c.ninputs, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < c.ninputs; i++) {
        assert_int_equal(c.inputs[i].name_len, strlen(want[i].name));
        assert_memory_equal(c.inputs[i].name, want[i].name, c.inputs[i].name_len);
        assert_int_equal(c.inputs[i].type, want[i].type);
        assert_int_equal(c.inputs[i].required, want[i].required);
        assert_int_equal(c.inputs[i].prop->key_line, 8 + i);
    }
    assert_ptr_equal(flow_contract_input(&c, "limit", 5), &c.inputs[1]);
    assert_null(flow_contract_input(&c, "Limit", 5));
    assert_int_equal(c.noutputs, 1);
    assert_null(flow_contract_output(&c, "state", 5));
    assert_non_null(c.input_schema);
    flow_contract_free(&c);
    flow_contract_free(&c);

    /* an action without a contract: nothing, and no error */
    assert_int_equal(flow_contract_of(node_get(doc.root, "name"), &c, err, sizeof err), FLOW_OK);
    assert_int_equal(c.ninputs + c.noutputs, 0);
    flow_contract_free(&c);
    doc_free(&doc);
    source_free(&src);
}

/* Too many leaves, or too long a name: an error, and nothing to free. */
static void test_limits(void **state)
{
    (void)state;
    size_t cap = 64 + (size_t)(FLOW_MAX_LEAVES + 1) * 32;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t at = (size_t)snprintf(text, cap, "{\"type\":\"object\",\"properties\":{");
    for (int i = 0; i <= FLOW_MAX_LEAVES; i++)
        at += (size_t)snprintf(text + at, cap - at, "%s\"p%d\":{\"type\":\"string\"}", i ? "," : "", i);
    snprintf(text + at, cap - at, "}}");
    struct source src;
    struct doc doc;
    load_text(text, &src, &doc);
    struct flow_contract c;
    char err[200] = "";
    assert_int_equal(flow_contract_from(NULL, doc.root, &c, err, sizeof err), FLOW_ERROR);
    assert_non_null(strstr(err, "more than 4096 outputs"));
    assert_null(c.outputs);
    doc_free(&doc);
    source_free(&src);

    /* names nested past 1024 bytes */
    at = (size_t)snprintf(text, cap, "{\"type\":\"object\",\"properties\":{");
    for (int i = 0; i < 120; i++)
        at += (size_t)snprintf(text + at, cap - at, "\"level%04d\":{\"type\":\"object\",\"properties\":{", i);
    at += (size_t)snprintf(text + at, cap - at, "\"x\":{\"type\":\"string\"}");
    for (int i = 0; i <= 120; i++)
        at += (size_t)snprintf(text + at, cap - at, "}}");
    load_text(text, &src, &doc);
    assert_int_equal(flow_contract_from(NULL, doc.root, &c, err, sizeof err), FLOW_ERROR);
    assert_non_null(strstr(err, "longer than 1024 bytes"));
    doc_free(&doc);
    source_free(&src);
    free(text);
}

static void test_failure_outputs(void **state)
{
    (void)state;
    static const char *const order[] = {
        "errorCode", "status", "correlationId", "entityId", "entityName", "userMessage", "userParamsMessage",
        "userParams.key", "userParams.value", "details.errorCode", "details.fieldName", "details.entityId",
        "details.entityName",
    };
    for (size_t i = 0; i < FLOW_NFAILURE_OUTPUTS; i++) {
        assert_string_equal(flow_failure_outputs[i].name, order[i]);
        assert_ptr_equal(flow_failure_output(order[i], strlen(order[i])), &flow_failure_outputs[i]);
        assert_int_equal(flow_failure_outputs[i].collection, i >= 7);
    }
    assert_int_equal(flow_failure_output("status", 6)->type, FLOW_T_INTEGER);
    assert_null(flow_failure_output("errors", 6));
    assert_null(flow_failure_output("errorcode", 9));
    assert_string_equal(flow_base_variable(FLOW_T_INTEGER, true), "integerCollectionVariable");
    assert_string_equal(flow_base_variable(FLOW_T_DECIMAL, false), "decimalVariable");
    assert_null(flow_base_variable(FLOW_T_NONE, false));
    assert_string_equal(flow_base_code(FLOW_T_BOOLEAN, false), "bln");
}

struct lit_case {
    const char *text;   /* "v: SCALAR" */
    enum flow_base type;
    bool fits;
};

static const struct lit_case lits[] = {
    { "v: abc", FLOW_T_STRING, true }, { "v: \"12\"", FLOW_T_STRING, true }, { "v: 12", FLOW_T_STRING, false },
    { "v: true", FLOW_T_STRING, false }, { "v: 12", FLOW_T_INTEGER, true }, { "v: 1.5", FLOW_T_INTEGER, false },
    { "v: 1.5", FLOW_T_DECIMAL, true }, { "v: 2", FLOW_T_DECIMAL, true }, { "v: \"2\"", FLOW_T_DECIMAL, false },
    { "v: false", FLOW_T_BOOLEAN, true }, { "v: \"false\"", FLOW_T_BOOLEAN, false }, { "v: x", FLOW_T_NONE, true },
};

static void test_lits(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lits / sizeof lits[0]; i++) {
        struct source src;
        struct doc doc;
        load_text(lits[i].text, &src, &doc);
        if (flow_lit_fits(node_get(doc.root, "v"), lits[i].type) != lits[i].fits)
            fail_msg("case %zu '%s'", i, lits[i].text);
        doc_free(&doc);
        source_free(&src);
    }
    assert_false(flow_lit_fits(NULL, FLOW_T_STRING));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flatten),
        cmocka_unit_test(test_action),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_failure_outputs),
        cmocka_unit_test(test_lits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
