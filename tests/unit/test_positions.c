/* Exact line, column and JSON Pointer of values, in JSON and in YAML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/load.h"
#include "core/node.h"
#include "core/source.h"

struct expect {
    const char *pointer;   /* from the root */
    unsigned line, col;
};

/* The node at POINTER (no escapes needed in these fixtures). */
static const struct node *at(const struct node *n, const char *pointer)
{
    char step[64];
    while (n && *pointer == '/') {
        pointer++;
        size_t len = strcspn(pointer, "/");
        size_t o = 0;
        for (size_t i = 0; i < len; i++) { /* undo RFC 6901 escapes */
            if (pointer[i] == '~' && i + 1 < len) {
                step[o++] = pointer[i + 1] == '1' ? '/' : '~';
                i++;
            } else {
                step[o++] = pointer[i];
            }
        }
        step[o] = '\0';
        pointer += len;
        if (n->kind == NODE_ARRAY) {
            size_t i = (size_t)strtoul(step, NULL, 10);
            n = i < n->n ? n->kids[i] : NULL;
        } else {
            n = node_get(n, step);
        }
    }
    return n;
}

static void check_all(const char *name, const char *text, const struct expect *want, size_t nwant)
{
    struct source src;
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    assert_int_equal(source_from_bytes(&src, name, text, strlen(text)), 0);
    enum load_status st = load_document(&src, load_guess_syntax(name, &src), &lim, &doc, &err);
    if (st != LOAD_OK)
        fail_msg("%s: %u:%u: %s", name, err.line, err.col, err.msg);
    for (size_t i = 0; i < nwant; i++) {
        const struct node *n = at(doc.root, want[i].pointer);
        if (!n)
            fail_msg("%s: no value at %s", name, want[i].pointer);
        char *ptr = node_pointer(doc.root, n, NULL);
        assert_string_equal(ptr, want[i].pointer);
        free(ptr);
        if (n->line != want[i].line || n->col != want[i].col)
            fail_msg("%s %s: at %u:%u, expected %u:%u", name, want[i].pointer, n->line, n->col,
                     want[i].line, want[i].col);
    }
    doc_free(&doc);
    source_free(&src);
}

static const char json_text[] =
    "{\n"                                                            /* 1 */
    "  \"name\": \"Café — lookup\",\n"                               /* 2 */
    "  \"config\": {\n"                                              /* 3 */
    "    \"request\": {\"requestUrlTemplate\": \"https://x/${input.id}\", \"requestType\": \"GET\",\n" /* 4 */
    "      \"headers\": {\"a/b\": \"é\\\"\\u00e9\", \"t~x\": \"\\ud83d\\ude00\"}},\n" /* 5 */
    "\t\"timeoutSeconds\": 5,\n"                                     /* 6: tab indented */
    "    \"list\": [1, -2.5e3, true, null, [\"é\", {\"k\": \"v\"}]]\n" /* 7 */
    "  }\n"                                                          /* 8 */
    "}\n";

static void test_json_positions(void **state)
{
    (void)state;
    static const struct expect want[] = {
        { "", 1, 1 },
        { "/name", 2, 11 },
        { "/config", 3, 13 },
        { "/config/request", 4, 16 },
        { "/config/request/requestUrlTemplate", 4, 39 },
        { "/config/request/requestType", 4, 79 },
        { "/config/request/headers", 5, 18 },
        { "/config/request/headers/a~1b", 5, 26 },
        { "/config/request/headers/t~0x", 5, 46 },
        { "/config/timeoutSeconds", 6, 20 },
        { "/config/list/1", 7, 17 },
        { "/config/list/2", 7, 25 },
        { "/config/list/3", 7, 31 },
        { "/config/list/4/0", 7, 38 },
        { "/config/list/4/1/k", 7, 49 },
    };
    check_all("positions.json", json_text, want, sizeof want / sizeof want[0]);
}

static const char yaml_text[] =
    "# comment line\n"                                 /* 1 */
    "name: Café — lookup\n"                            /* 2 */
    "config:\n"                                        /* 3 */
    "  request:\n"                                     /* 4 */
    "    requestUrlTemplate: https://x/${input.id}\n"  /* 5 */
    "    requestType: \"GET\"\n"                       /* 6 */
    "    headers: {a/b: 'é', t~x: x}\n"               /* 7 */
    "  timeoutSeconds: 5\n"                            /* 8 */
    "  list:\n"                                        /* 9 */
    "  - 1\n"                                          /* 10 */
    "  - |\n"                                          /* 11 */
    "    block text\n"                                 /* 12 */
    "  - - é\n"                                        /* 13 */
    "    - k: v\n";                                    /* 14 */

static void test_yaml_positions(void **state)
{
    (void)state;
    static const struct expect want[] = {
        { "", 2, 1 },
        { "/name", 2, 7 },
        { "/config", 4, 3 },
        { "/config/request", 5, 5 },
        { "/config/request/requestUrlTemplate", 5, 25 },
        { "/config/request/requestType", 6, 18 },
        { "/config/request/headers", 7, 14 },
        { "/config/request/headers/a~1b", 7, 20 },
        { "/config/request/headers/t~0x", 7, 30 },
        { "/config/timeoutSeconds", 8, 19 },
        { "/config/list", 10, 3 },
        { "/config/list/0", 10, 5 },
        { "/config/list/1", 11, 5 },
        { "/config/list/2", 13, 5 },
        { "/config/list/2/0", 13, 7 },
        { "/config/list/2/1/k", 14, 10 },
    };
    check_all("positions.yaml", yaml_text, want, sizeof want / sizeof want[0]);
}

static void test_crlf_positions(void **state)
{
    (void)state;
    static const struct expect want[] = {
        { "/a", 2, 8 },
        { "/b/0", 3, 9 },
    };
    check_all("crlf.json", "{\r\n  \"a\": 1,\r\n  \"b\": [true]\r\n}\r\n", want, 2);
    check_all("crlf.yaml", "# x\r\na: 1\r\nb:\r\n  - true\r\n", (const struct expect[]){ { "/a", 2, 4 }, { "/b/0", 4, 5 } }, 2);
}

/* Values come from jansson for JSON and from the core schema for YAML. */
static void test_values(void **state)
{
    (void)state;
    struct source src;
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    assert_int_equal(source_from_bytes(&src, "v.json", json_text, strlen(json_text)), 0);
    assert_int_equal(load_document(&src, SYNTAX_JSON, &lim, &doc, &err), LOAD_OK);
    const struct node *h = at(doc.root, "/config/request/headers/a~1b");
    assert_non_null(h);
    assert_int_equal(h->kind, NODE_STRING);
    assert_string_equal(h->str, "é\"é");
    assert_string_equal(at(doc.root, "/config/request/headers/t~0x")->str, "\xF0\x9F\x98\x80");
    assert_int_equal(at(doc.root, "/config/timeoutSeconds")->i, 5);
    assert_int_equal(at(doc.root, "/config/list/1")->kind, NODE_REAL);
    assert_true(at(doc.root, "/config/list/2")->b);
    assert_int_equal(at(doc.root, "/config/list/3")->kind, NODE_NULL);
    doc_free(&doc);
    source_free(&src);

    static const char yaml[] = "a: yes\nb: on\nc: True\nd: ~\ne: 0x1F\nf: 1.5e2\ng: '5'\nh: 007\ni: .inf\n";
    assert_int_equal(source_from_bytes(&src, "v.yaml", yaml, strlen(yaml)), 0);
    assert_int_equal(load_document(&src, SYNTAX_YAML, &lim, &doc, &err), LOAD_OK);
    assert_int_equal(node_get(doc.root, "a")->kind, NODE_STRING);
    assert_int_equal(node_get(doc.root, "b")->kind, NODE_STRING);
    assert_int_equal(node_get(doc.root, "c")->kind, NODE_BOOL);
    assert_int_equal(node_get(doc.root, "d")->kind, NODE_NULL);
    assert_int_equal(node_get(doc.root, "e")->i, 31);
    assert_int_equal(node_get(doc.root, "f")->kind, NODE_REAL);
    assert_int_equal(node_get(doc.root, "g")->kind, NODE_STRING);
    assert_int_equal(node_get(doc.root, "h")->i, 7);
    assert_int_equal(node_get(doc.root, "i")->kind, NODE_REAL);
    doc_free(&doc);
    source_free(&src);
}

struct bad_case {
    const char *name, *text;
    unsigned line, col;
    const char *msg;
};

static void test_refusals(void **state)
{
    (void)state;
    static const struct bad_case cases[] = {
        { "dup.yaml", "a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key; the first is at line 1, column 1" },
        { "dup.json", "{\"a\": 1,\n \"a\": 2}", 2, 2, "duplicate key; the first is at line 1, column 2" },
        /* a key is never quoted: it may be a credential */
        { "dupkey.yaml", "h:\n  x: 1\n  ghp_0123456789abcdefghijklmnopqrstuvwxyz: 2\n  ghp_0123456789abcdefghijklmnopqrstuvwxyz: 3\n",
          4, 3, "duplicate key; the first is at line 3, column 3" },
        { "dupkey.json", "{\"h\": {\"ghp_0123456789abcdefghijklmnopqrstuvwxyz\": 1,\n\t\"ghp_0123456789abcdefghijklmnopqrstuvwxyz\": 2}}",
          2, 2, "duplicate key; the first is at line 1, column 8" },
        { "comma.json", "{\"a\": [1, 2,]}", 1, 13, "invalid JSON" },
        { "tag.yaml", "a: !!str 5\n", 1, 4, "tags are not supported" },
        { "alias.yaml", "a: *nope\n", 1, 4, "unknown anchor" },
        { "docs.yaml", "a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document" },
        { "empty.yaml", "# only a comment\n", 1, 1, "empty file" },
        { "empty.json", "  \n", 1, 1, "empty file" },
        { "key.yaml", "? [a]\n: 1\n", 1, 3, "keys must be plain strings" },
        { "utf8.json", "{\"a\": \"\xC3\"}", 1, 8, "unable to decode byte" },
        { "indent.yaml", "a:\n  b: 1\n c: 2\n", 3, 2, "" },
    };
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad_case *c = &cases[i];
        struct source src;
        struct doc doc = { 0 };
        struct load_error err = { 0 };
        assert_int_equal(source_from_bytes(&src, c->name, c->text, strlen(c->text)), 0);
        enum load_status st = load_document(&src, load_guess_syntax(c->name, &src), &lim, &doc, &err);
        if (st != LOAD_SYNTAX)
            fail_msg("%s: loaded, expected a refusal", c->name);
        if (err.line != c->line || err.col != c->col || !strstr(err.msg, c->msg) || strstr(err.msg, "ghp_"))
            fail_msg("%s: %u:%u '%s', expected %u:%u '%s'", c->name, err.line, err.col, err.msg,
                     c->line, c->col, c->msg);
        assert_null(doc.root);
        source_free(&src);
    }
}

/* source_line() finds a line and its end from the index alone; the text
 * without an index (lines counted) gives the same lines. */
static void test_source_lines(void **state)
{
    (void)state;
    static const char text[] = "one\r\ntwo\rthree\n\n\r\nlast";
    static const char *const want[] = { "one", "two", "three", "", "", "last" };
    struct source src;
    assert_int_equal(source_from_bytes(&src, "lines.yaml", text, sizeof text - 1), 0);
    assert_int_equal(src.nlines, 6);
    for (int pass = 0; pass < 2; pass++) {
        size_t *index = src.lines;
        if (pass == 1)
            src.lines = NULL; /* counted from the top */
        for (unsigned l = 1; l <= 6; l++) {
            size_t len = 99;
            const char *p = source_line(&src, l, &len);
            assert_non_null(p);
            if (len != strlen(want[l - 1]) || memcmp(p, want[l - 1], len) != 0)
                fail_msg("pass %d line %u: '%.*s', expected '%s'", pass, l, (int)len, p, want[l - 1]);
        }
        size_t len = 0;
        assert_null(source_line(&src, 0, &len));
        assert_null(source_line(&src, 7, &len));
        src.lines = index;
    }
    source_free(&src);

    /* a text that ends with its break has an empty last line */
    assert_int_equal(source_from_bytes(&src, "end.yaml", "a\r\n", 3), 0);
    size_t len = 99;
    assert_non_null(source_line(&src, 1, &len));
    assert_int_equal(len, 1);
    assert_non_null(source_line(&src, 2, &len));
    assert_int_equal(len, 0);
    source_free(&src);
}

/* YAML text of a string of SIZE bytes anchored as &s, then N aliases of it,
 * one a line from line 3.  The caller frees it. */
static char *alias_text(size_t size, unsigned n)
{
    size_t len = 0, cap = size + 16 + (size_t)n * 8;
    char *t = malloc(cap);
    assert_non_null(t);
    len += (size_t)snprintf(t, cap, "s: &s ");
    memset(t + len, 'a', size);
    len += size;
    len += (size_t)snprintf(t + len, cap - len, "\nl:\n");
    for (unsigned i = 0; i < n; i++)
        len += (size_t)snprintf(t + len, cap - len, "  - *s\n");
    return t;
}

/* Aliases may not expand a document past LOAD_MAX_EXPANDED_BYTES, whatever
 * the number of values: refused at the alias that crosses it. */
static void test_alias_bytes(void **state)
{
    (void)state;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct load_error err = { 0 };
    struct source src;
    struct doc doc = { 0 };
    /* 1 MiB of text (the anchored string) and 14 copies: within 16 MiB */
    char *t = alias_text((size_t)1 << 20, 14);
    assert_int_equal(source_from_bytes(&src, "within.yaml", t, strlen(t)), 0);
    assert_int_equal(load_document(&src, SYNTAX_YAML, &lim, &doc, &err), LOAD_OK);
    const struct node *l = node_get(doc.root, "l");
    assert_int_equal(l->n, 14);
    assert_ptr_equal(l->kids[13]->str, node_get(doc.root, "s")->str); /* shared, not copied */
    assert_int_equal(l->kids[13]->line, 16);
    doc_free(&doc);
    source_free(&src);
    free(t);

    /* the 15th copy crosses 16 MiB: refused there */
    t = alias_text((size_t)1 << 20, 1000);
    assert_int_equal(source_from_bytes(&src, "bomb.yaml", t, strlen(t)), 0);
    assert_int_equal(load_document(&src, SYNTAX_YAML, &lim, &doc, &err), LOAD_SYNTAX);
    if (err.line != 17 || err.col != 5 || !strstr(err.msg, "more than 16 MiB"))
        fail_msg("%u:%u '%s', expected 17:5 'more than 16 MiB'", err.line, err.col, err.msg);
    assert_null(doc.root);
    source_free(&src);
    free(t);

    /* member names count too: a mapping whose key is 1 MiB long (an explicit
     * "? " key: libyaml takes no implicit key over 1,024 characters) */
    size_t klen = (size_t)1 << 20, cap = klen + 64 + 20 * 8;
    t = malloc(cap);
    assert_non_null(t);
    size_t len = (size_t)snprintf(t, cap, "m: &m\n  ? ");
    memset(t + len, 'k', klen);
    len += klen;
    len += (size_t)snprintf(t + len, cap - len, "\n  : 1\nl:\n");
    for (int i = 0; i < 20; i++)
        len += (size_t)snprintf(t + len, cap - len, "  - *m\n");
    assert_int_equal(source_from_bytes(&src, "keys.yaml", t, len), 0);
    assert_int_equal(load_document(&src, SYNTAX_YAML, &lim, &doc, &err), LOAD_SYNTAX);
    if (err.line != 19 || err.col != 5 || !strstr(err.msg, "more than 16 MiB"))
        fail_msg("keys: %u:%u '%s', expected 19:5 'more than 16 MiB'", err.line, err.col, err.msg);
    source_free(&src);
    free(t);
}

/* JSON keys longer than libyaml's 1,024-character limit on keys are valid
 * JSON and have positions like any other. */
static void test_long_json_keys(void **state)
{
    (void)state;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    enum { K = 2000 };
    static char key[K + 1];
    memset(key, 'k', K);
    /* a byte order mark, a tab, blanks before the ':', an escape, a long key on a line of its own */
    size_t cap = 3 * K + 256, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    len += (size_t)snprintf(t + len, cap - len, "\xEF\xBB\xBF{\"name\": \"long keys\",\n");
    len += (size_t)snprintf(t + len, cap - len, "\t\"x\": {\"a\": 1, \"%s\"  :  \"\xC3\xA9\",\n", key);
    len += (size_t)snprintf(t + len, cap - len, " \"%s\\u00e9\": true, \"y\": [1]},\n", key);
    len += (size_t)snprintf(t + len, cap - len, "\"%s\":\n 2}\n", key);
    struct source src;
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    assert_int_equal(source_from_bytes(&src, "keys.json", t, len), 0);
    enum load_status st = load_document(&src, SYNTAX_JSON, &lim, &doc, &err);
    if (st != LOAD_OK)
        fail_msg("%u:%u: %s", err.line, err.col, err.msg);
    const struct node *x = node_get(doc.root, "x");
    assert_non_null(x);
    assert_int_equal(x->n, 4);
    static const struct {
        unsigned key_line, key_col, line, col;
    } want[] = {
        { 2, 8, 2, 13 },                         /* "a": 1 */
        { 2, 16, 2, 16 + K + 2 + 5 },            /* the long key, "é" after "  :  " */
        { 3, 2, 3, 2 + K + 8 + 2 },              /* the long key with \u00e9: true */
        { 3, 2 + K + 8 + 2 + 6, 3, 2 + K + 8 + 2 + 6 + 5 }, /* "y": [1] after it */
    };
    for (size_t i = 0; i < 4; i++) {
        const struct node *m = x->kids[i];
        if (m->key_line != want[i].key_line || m->key_col != want[i].key_col || m->line != want[i].line ||
            m->col != want[i].col)
            fail_msg("member %zu: key %u:%u value %u:%u, expected key %u:%u value %u:%u", i, m->key_line,
                     m->key_col, m->line, m->col, want[i].key_line, want[i].key_col, want[i].line,
                     want[i].col);
    }
    assert_int_equal(x->kids[1]->key_len, K);
    assert_int_equal(x->kids[2]->key_len, K + 2);
    const struct node *last = doc.root->kids[2];
    assert_int_equal(last->key_len, K);
    assert_int_equal(last->key_line, 4);
    assert_int_equal(last->key_col, 1);
    assert_int_equal(last->line, 5);
    assert_int_equal(last->col, 2);
    doc_free(&doc);
    source_free(&src);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_positions),
        cmocka_unit_test(test_yaml_positions),
        cmocka_unit_test(test_crlf_positions),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_source_lines),
        cmocka_unit_test(test_alias_bytes),
        cmocka_unit_test(test_long_json_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
