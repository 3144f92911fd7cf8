/* Flows and their calls (src/flow/flow.c, calls.c): which documents are
 * flows, which mappings are calls, binding forms and exported names. */
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

static void load_yaml(const char *text, struct source *src, struct doc *doc)
{
    struct load_error le;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    assert_int_equal(source_from_bytes(src, "f.yaml", text, strlen(text)), 0);
    memset(doc, 0, sizeof *doc);
    if (load_document(src, SYNTAX_YAML, &lim, doc, &le) != LOAD_OK)
        fail_msg("'%s': %u:%u %s", text, le.line, le.col, le.msg);
}

struct type_case {
    const char *text;
    enum flow_type want;
    bool voice;
};

static const struct type_case types[] = {
    { "workflow: {name: x}", FLOW_WORKFLOW, false },
    { "inboundCall: {}", FLOW_INBOUND_CALL, true },
    { "inqueueCall: {}", FLOW_INQUEUE_CALL, true },
    { "outboundCall: {}", FLOW_OUTBOUND_CALL, true },
    { "secureCall: {}", FLOW_SECURE_CALL, true },
    { "voice: {}", FLOW_VOICE, true },
    { "voiceSurvey: {}", FLOW_VOICE_SURVEY, true },
    { "voicemail: {}", FLOW_VOICEMAIL, true },
    { "bot: {}", FLOW_BOT, true },
    { "botFlow: {}", FLOW_BOT_FLOW, false },
    { "digitalBotFlow: {}", FLOW_DIGITAL_BOT_FLOW, false },
    { "commonModule: {}", FLOW_COMMON_MODULE, false },
    { "inboundShortMessage: {}", FLOW_INBOUND_SHORT_MESSAGE, false },
    { "emailSend: {}", FLOW_EMAIL_SEND, false },
    { "workitem: {}", FLOW_WORKITEM, false },
    { "Workflow: {}", FLOW_NONE, false },           /* case counts */
    { "workflow: {}\nname: x", FLOW_NONE, false },  /* one top-level key only */
    { "name: Get Order\ncontract: {}", FLOW_NONE, false },
    { "- workflow: {}", FLOW_NONE, false },
    { "workflow", FLOW_NONE, false },
    { "{}", FLOW_NONE, false },
};

static void test_types(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct source src;
        struct doc doc;
        load_yaml(types[i].text, &src, &doc);
        enum flow_type t = flow_doc_type(doc.root);
        if (t != types[i].want || flow_type_is_voice(t) != types[i].voice)
            fail_msg("case %zu '%s': type %d", i, types[i].text, (int)t);
        if (t != FLOW_NONE) {
            const char *name = flow_type_name(t);
            assert_int_equal(flow_type_parse(name, strlen(name)), t);
            assert_int_equal(strncmp(types[i].text, name, strlen(name)), 0);
        }
        doc_free(&doc);
        source_free(&src);
    }
    assert_int_equal(flow_doc_type(NULL), FLOW_NONE);
    assert_string_equal(flow_type_name(FLOW_NONE), "");
    assert_false(flow_type_is_voice(FLOW_NONE));
}

struct name_case {
    const char *name, *base;
};

static const struct name_case names[] = {
    { "Get Order - Exported 2023-03-23 @ 8:22", "Get Order" },
    { "Mickelsen Get Summary - Exported 2025-03-11 @ 10:31", "Mickelsen Get Summary" },
    { "DR Create Callback ", "DR Create Callback " },                /* a trailing space is the name's */
    { "A - Exported 2023-03-23 @ 8:22 - Exported 2024-01-02 @ 11:05", "A - Exported 2023-03-23 @ 8:22" },
    { "A - Exported yesterday", "A - Exported yesterday" },
    { "A - Exported 2023-03-23 @ 8:22 copy", "A - Exported 2023-03-23 @ 8:22 copy" },
    { "A - Exported 2023-03-23 @ ", "A - Exported 2023-03-23 @ " },
    { " - Exported 2023-03-23 @ 8:22", "" },
    { "", "" },
};

static void test_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t len = flow_name_len(names[i].name, strlen(names[i].name));
        if (len != strlen(names[i].base) || memcmp(names[i].name, names[i].base, len) != 0)
            fail_msg("case %zu '%s': %zu bytes", i, names[i].name, len);
    }
    const char *a = "Get Order - Exported 2023-03-23 @ 8:22", *b = "Get Order";
    assert_true(flow_name_equal(a, strlen(a), b, strlen(b)));
    assert_true(flow_name_equal(b, strlen(b), a, strlen(a)));
    assert_false(flow_name_equal(a, strlen(a), "get order", 9));
    assert_false(flow_name_equal(a, strlen(a), "Get Order ", 10));
}

struct value_case {
    const char *text;
    enum flow_value_form want;
    enum node_kind kind;   /* of the value node, when there is one */
};

static const struct value_case values[] = {
    { "b: {lit: 3}", FLOW_VALUE_LIT, NODE_INT },
    { "b: {lit: {minutes: 1}}", FLOW_VALUE_LIT, NODE_OBJECT },
    { "b: {exp: Flow.x}", FLOW_VALUE_EXP, NODE_STRING },
    { "b: {var: State.y}", FLOW_VALUE_VAR, NODE_STRING },
    { "b: {noValue: true}", FLOW_VALUE_NO_VALUE, NODE_BOOL },
    { "b: {noValue: false}", FLOW_VALUE_OTHER, NODE_NULL },
    { "b: {exp: 3}", FLOW_VALUE_OTHER, NODE_NULL },
    { "b: {lit: 1, exp: x}", FLOW_VALUE_OTHER, NODE_NULL },
    { "b: Flow.x", FLOW_VALUE_OTHER, NODE_NULL },
};

static void test_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        struct source src;
        struct doc doc;
        load_yaml(values[i].text, &src, &doc);
        const struct node *v = (const struct node *)1;
        enum flow_value_form f = flow_value(node_get(doc.root, "b"), &v);
        if (f != values[i].want || (f == FLOW_VALUE_OTHER ? v != NULL : v->kind != values[i].kind))
            fail_msg("case %zu '%s': form %d", i, values[i].text, (int)f);
        doc_free(&doc);
        source_free(&src);
    }
    assert_int_equal(flow_value(NULL, NULL), FLOW_VALUE_OTHER);
}

/* A flow with every place a call can stand, and the things that are not calls. */
static const char flow_text[] =
    "workflow:\n"
    "  settingsActionDefaults:\n"
    "    callData:\n"
    "      processingPrompt: {noValue: true}\n"
    "      category: {Defaults: {dataAction: {NotACall: {}}}}\n"
    "    callDataSecure:\n"
    "      processingPrompt: {noValue: true}\n"
    "  startUpTaskActions:\n"
    "    - callData:\n"
    "        name: first\n"
    "        category:\n"
    "          Cat A:\n"
    "            dataAction:\n"
    "              Get Order - Exported 2023-03-23 @ 8:22:\n"
    "                inputs: {id: {exp: Flow.id}}\n"
    "                successOutputs: {status: {var: Flow.status}}\n"
    "        outputs:\n"
    "          success:\n"
    "            actions:\n"
    "              - callDataSecure:\n"
    "                  category: {Cat B: {dataAction: {Pay: {failureOutputs: {errorCode: {noValue: true}}}}}}\n"
    "  states:\n"
    "    - state:\n"
    "        actions:\n"
    "          - callData: {name: no category here}\n"
    "          - callData:\n"
    "              category: {A: {}, B: {}}\n"
    "          - callData:\n"
    "              category: {\"{{cat}}\": {dataAction: {x: {inputs: [1]}}}}\n"
    "          - callData: [not, a, mapping]\n";

static void test_calls(void **state)
{
    (void)state;
    struct source src;
    struct doc doc;
    load_yaml(flow_text, &src, &doc);
    struct flow_calls calls;
    assert_int_equal(flow_find_calls(doc.root, &calls), FLOW_OK);
    assert_int_equal(calls.n, 4);

    const struct flow_call *c = &calls.items[0];
    assert_false(c->secure);
    assert_int_equal(c->step->key_line, 9);
    assert_int_equal(c->step->key_col, 7);
    assert_string_equal(c->category->key, "Cat A");
    assert_int_equal(c->category->key_line, 12);
    assert_string_equal(c->action->key, "Get Order - Exported 2023-03-23 @ 8:22");
    assert_int_equal(c->action->key_line, 14);
    assert_int_equal(c->inputs->n, 1);
    assert_int_equal(c->success_outputs->n, 1);
    assert_null(c->failure_outputs);
    assert_false(c->unresolved);

    c = &calls.items[1];   /* inside the first call's success path */
    assert_true(c->secure);
    assert_string_equal(c->action->key, "Pay");
    assert_null(c->inputs);
    assert_int_equal(c->failure_outputs->n, 1);

    c = &calls.items[2];   /* a category that is not one member: the rule decides */
    assert_null(c->category);
    assert_null(c->action);
    assert_non_null(c->category_key);
    assert_int_equal(c->category_key->key_line, 27);

    c = &calls.items[3];
    assert_true(c->unresolved);
    assert_string_equal(c->action->key, "x");
    assert_null(c->inputs);   /* not a mapping */

    flow_calls_free(&calls);
    flow_calls_free(&calls);   /* twice is harmless */
    assert_int_equal(flow_find_calls(NULL, &calls), FLOW_OK);
    assert_int_equal(calls.n, 0);
    doc_free(&doc);
    source_free(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
