/* JSON positions from one pass: exact line, column and end of values and member
 * names for the tricky bytes (escapes, surrogate pairs, CRLF and lone CR, tabs,
 * non-ASCII, a byte order mark, empty containers, numbers), and the same
 * positions as the libyaml pass they replaced (tests/fuzz/json_pos_ref.h) on
 * thousands of generated documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/json_pos_ref.h"

/* Where a value (and its member name, when KEY_LINE is not 0) must be. */
struct want {
    const char *pointer;
    unsigned line, col, end_line, end_col;
    unsigned key_line, key_col;
};

static const struct load_limits limits = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };

static void check_text(const char *text, size_t len, const struct want *want, size_t nwant,
                       enum ref_outcome outcome)
{
    struct source src;
    assert_int_equal(source_from_bytes(&src, "t.json", text, len), 0);
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    if (load_json(&src, &limits, &doc, &err) != LOAD_OK)
        fail_msg("%.60s: %u:%u %s", text, err.line, err.col, err.msg);
    for (size_t i = 0; i < nwant; i++) {
        const struct node *n = node_at_pointer(doc.root, want[i].pointer);
        if (!n && !strchr(want[i].pointer + 1, '/')) /* a name too long for node_at_pointer */
            n = node_get(doc.root, want[i].pointer + 1);
        if (!n)
            fail_msg("%.60s: nothing at %.60s", text, want[i].pointer);
        if (n->line != want[i].line || n->col != want[i].col || n->end_line != want[i].end_line ||
            n->end_col != want[i].end_col || (want[i].key_line &&
                                               (n->key_line != want[i].key_line || n->key_col != want[i].key_col)))
            fail_msg("%.60s %.60s: %u:%u-%u:%u key %u:%u, expected %u:%u-%u:%u key %u:%u", text, want[i].pointer,
                     n->line, n->col, n->end_line, n->end_col, n->key_line, n->key_col, want[i].line, want[i].col,
                     want[i].end_line, want[i].end_col, want[i].key_line, want[i].key_col);
    }
    doc_free(&doc);
    char why[512];
    enum ref_outcome got = ref_compare(&src, &limits, why, sizeof why);
    if (got != outcome)
        fail_msg("%.60s: compared with libyaml's: %d, expected %d: %s", text, (int)got, (int)outcome, why);
    source_free(&src);
}

#define CHECK(text, outcome, ...)                                                                        \
    do {                                                                                                 \
        const struct want w_[] = { __VA_ARGS__ };                                                        \
        check_text(text, sizeof text - 1, w_, sizeof w_ / sizeof w_[0], outcome);                        \
    } while (0)

static void test_tricky_bytes(void **state)
{
    (void)state;
    /* escapes, an escaped surrogate pair: columns count the text's characters */
    CHECK("{\"a\":\"\\ud83d\\ude00\",\"b\":1}", REF_SAME_TREE, { "", 1, 1, 1, 27, 0, 0 },
          { "/a", 1, 6, 1, 20, 1, 2 }, { "/b", 1, 25, 1, 26, 1, 21 });
    CHECK("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u0000x\"]", REF_SAME_TREE, { "/0", 1, 2, 1, 20, 0, 0 },
          { "/1", 1, 22, 1, 31, 0, 0 });
    /* CRLF, a tab, a lone CR */
    CHECK("{\r\n  \"a\": [1,\r\n\t2]\r\n}", REF_SAME_TREE, { "", 1, 1, 4, 2, 0, 0 }, { "/a", 2, 8, 3, 4, 2, 3 },
          { "/a/0", 2, 9, 2, 10, 0, 0 }, { "/a/1", 3, 2, 3, 3, 0, 0 });
    CHECK("[\r1,\r\r2]", REF_SAME_TREE, { "/0", 2, 1, 2, 2, 0, 0 }, { "/1", 4, 1, 4, 2, 0, 0 },
          { "", 1, 1, 4, 3, 0, 0 });
    /* non-ASCII: two, three and four bytes are one column each */
    CHECK("{\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\":\"Caf\xC3\xA9\",\"x\":true}", REF_SAME_TREE,
          { "/\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 1, 8, 1, 14, 1, 2 }, { "/x", 1, 19, 1, 23, 1, 15 },
          { "", 1, 1, 1, 24, 0, 0 });
    /* DEL, NEL, LINE SEPARATOR and a BOM inside a string: one column each, no line break */
    CHECK("[\"\x7F\xC2\x85\xE2\x80\xA8\xEF\xBB\xBF\", 1]", REF_SAME_TREE, { "/0", 1, 2, 1, 8, 0, 0 },
          { "/1", 1, 10, 1, 11, 0, 0 });
    /* a byte order mark is not counted; numbers and literals */
    CHECK("\xEF\xBB\xBF{\"a\": -0.0e+5, \"b\": [0, 1E3, null, false]}", REF_SAME_TREE,
          { "", 1, 1, 1, 43, 0, 0 }, { "/a", 1, 7, 1, 14, 1, 2 }, { "/b/1", 1, 25, 1, 28, 0, 0 },
          { "/b/2", 1, 30, 1, 34, 0, 0 }, { "/b/3", 1, 36, 1, 41, 0, 0 });
    /* empty containers */
    CHECK("[{}, [], {\"a\":{}}]", REF_SAME_TREE, { "/0", 1, 2, 1, 4, 0, 0 }, { "/1", 1, 6, 1, 8, 0, 0 },
          { "/2", 1, 10, 1, 18, 0, 0 }, { "/2/a", 1, 15, 1, 17, 1, 11 }, { "", 1, 1, 1, 19, 0, 0 });
    /* a document that is one value */
    CHECK("  \"x\"\n", REF_SAME_TREE, { "", 1, 3, 1, 6, 0, 0 });
    CHECK("\n-12e-3 ", REF_SAME_TREE, { "", 2, 1, 2, 7, 0, 0 });
    /* a key and its ':' on different lines: libyaml could not place it, the cursor does */
    CHECK("{\"a\"\n: 1, \"b\"\r\n\t:\n2}", REF_KEY_COLON, { "/a", 2, 3, 2, 4, 1, 2 }, { "/b", 4, 1, 4, 2, 2, 6 });
}

/* A key longer than libyaml's 1,024 characters, after a non-ASCII one. */
static void test_long_key(void **state)
{
    (void)state;
    enum { K = 1100 };
    char text[K + 64];
    int o = snprintf(text, sizeof text, "{\"\xC3\xA9\": 0,\n \"");
    memset(text + o, 'k', K);
    o += K;
    o += snprintf(text + o, sizeof text - (size_t)o, "\"  :\t[true]}");
    char pointer[K + 2] = "/";
    memset(pointer + 1, 'k', K);
    pointer[K + 1] = '\0';
    const struct want w[] = { { "/\xC3\xA9", 1, 7, 1, 8, 1, 2 }, { pointer, 2, K + 8, 2, K + 14, 2, 2 } };
    check_text(text, (size_t)o, w, 2, REF_SAME_TREE);
}

/* A NUL byte that jansson lets through after a number or literal is refused
 * where it is (libyaml refused it there too, as a text it lost its way in). */
static void test_nul_after_word(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len;
        unsigned line, col;
    } cases[] = {
        { "[9\0]", 4, 1, 3 }, { "{\"a\":\n true\0}", 13, 2, 6 }, { "-1.5e3\0 ", 8, 1, 7 }, { "null\0", 5, 1, 5 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct source src;
        assert_int_equal(source_from_bytes(&src, "t.json", cases[i].text, cases[i].len), 0);
        struct doc doc = { 0 };
        struct load_error err = { 0 };
        assert_int_equal(load_json(&src, &limits, &doc, &err), LOAD_SYNTAX);
        assert_string_equal(err.msg, "invalid JSON: control character 0x0");
        assert_int_equal(err.line, cases[i].line);
        assert_int_equal(err.col, cases[i].col);
        doc_free(&doc);
        char why[512];
        assert_int_equal(ref_compare(&src, &limits, why, sizeof why), REF_NUL_BYTE);
        source_free(&src);
    }
}

/* Nesting past the limit is refused at the container that goes too deep, as before. */
static void test_depth(void **state)
{
    (void)state;
    const struct load_limits two = { 2, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct source src;
    const char text[] = "[\n [ [1]]]";
    assert_int_equal(source_from_bytes(&src, "t.json", text, sizeof text - 1), 0);
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    assert_int_equal(load_json(&src, &two, &doc, &err), LOAD_SYNTAX);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_string_equal(err.msg, "nesting deeper than 2 levels");
    doc_free(&doc);
    char why[512];
    assert_int_equal(ref_compare(&src, &two, why, sizeof why), REF_SAME_REFUSAL);
    source_free(&src);
}

/* ---- generated documents ---- */

struct gen {
    uint64_t seed;
    char *buf;
    size_t len, cap;
};

static unsigned pick(struct gen *g, unsigned n)
{
    g->seed ^= g->seed << 13;
    g->seed ^= g->seed >> 7;
    g->seed ^= g->seed << 17;
    return (unsigned)(g->seed % n);
}

static void put(struct gen *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        g->cap = (g->len + n + 1) * 2;
        g->buf = realloc(g->buf, g->cap);
        assert_non_null(g->buf);
    }
    memcpy(g->buf + g->len, s, n);
    g->len += n;
    g->buf[g->len] = '\0';
}

static void puts_(struct gen *g, const char *s)
{
    put(g, s, strlen(s));
}

/* Blanks between tokens: none, spaces, tabs, and every kind of line break. */
static void blanks(struct gen *g, bool breaks)
{
    static const char *const some[] = { "", "", " ", "  ", "\t", "\n", "\r\n", "\r", " \n\t", "\r\r\n  " };
    puts_(g, some[pick(g, breaks ? 10 : 5)]);
}

static void string(struct gen *g, unsigned key)
{
    static const char *const bits[] = {
        "a", "Z", " ", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\\n", "\\u00e9", "\\ud83d\\ude00",
        "\\\"", "\\\\", "\\/", "\\u0000", "\x7F", "\xC2\x85", "\xC2\x9F", "\xE2\x80\xA8", "\xE2\x80\xA9",
        "\xEF\xBB\xBF", "\xEF\xBF\xBD", "#", ":", "{", "]", ",", "'", "- ", "&a", "*a", "!x", "%", "@",
    };
    char tag[16];
    puts_(g, "\"");
    for (unsigned i = pick(g, 6); i; i--)
        puts_(g, bits[pick(g, sizeof bits / sizeof *bits)]);
    if (key) { /* member names differ */
        snprintf(tag, sizeof tag, "%u", key);
        puts_(g, tag);
    }
    if (pick(g, 40) == 0)
        for (unsigned i = 900 + pick(g, 300); i; i--)
            puts_(g, pick(g, 8) ? "k" : "\xC3\xA9");
    puts_(g, "\"");
}

static void value(struct gen *g, unsigned depth);

static void container(struct gen *g, bool object, unsigned depth)
{
    puts_(g, object ? "{" : "[");
    unsigned n = depth > 6 ? 0 : pick(g, 5);
    for (unsigned i = 0; i < n; i++) {
        blanks(g, true);
        if (object) {
            string(g, i + 1);
            blanks(g, pick(g, 30) == 0); /* rarely a line break before the ':' */
            puts_(g, ":");
            blanks(g, true);
        }
        value(g, depth + 1);
        blanks(g, true);
        if (i + 1 < n)
            puts_(g, ",");
    }
    blanks(g, true);
    puts_(g, object ? "}" : "]");
}

static void value(struct gen *g, unsigned depth)
{
    static const char *const words[] = {
        "0", "-0", "-0.0e+5", "1E3", "12.5", "-7", "1e-300", "9223372036854775807", "true", "false", "null",
        "123456789012345678901234567890", "1e999", /* refused by jansson: too big */
    };
    unsigned k = pick(g, depth > 6 ? 4 : 8);
    if (k < 2)
        puts_(g, words[pick(g, pick(g, 20) ? 11 : 13)]);
    else if (k < 4)
        string(g, 0);
    else
        container(g, k < 6, depth);
}

static void test_generated(void **state)
{
    (void)state;
    struct gen g = { .seed = 0x9E3779B97F4A7C15u };
    unsigned counts[REF_DIFFERENT + 1] = { 0 };
    for (unsigned doc = 0; doc < 6000; doc++) {
        g.len = 0;
        puts_(&g, pick(&g, 10) == 0 ? "\xEF\xBB\xBF" : "");
        blanks(&g, true);
        value(&g, pick(&g, 10) ? 0 : 5);
        blanks(&g, true);
        if (pick(&g, 50) == 0)
            puts_(&g, pick(&g, 2) ? "," : "\"a\"]"); /* not JSON: both refuse it */
        struct source src;
        assert_int_equal(source_from_bytes(&src, "g.json", g.buf, g.len), 0);
        char why[512];
        enum ref_outcome out = ref_compare(&src, &limits, why, sizeof why);
        if (out == REF_DIFFERENT)
            fail_msg("document %u: %s\n%s", doc, why, g.buf);
        counts[out]++;
        source_free(&src);
    }
    free(g.buf);
    print_message("generated: %u same tree, %u same refusal, %u key/':' split\n", counts[REF_SAME_TREE],
                  counts[REF_SAME_REFUSAL], counts[REF_KEY_COLON]);
    /* most documents are valid and loaded; each kind of outcome occurs */
    assert_true(counts[REF_SAME_TREE] > 4000);
    assert_true(counts[REF_SAME_REFUSAL] > 50);
    assert_true(counts[REF_KEY_COLON] > 50);
    assert_int_equal(counts[REF_NOMEM], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tricky_bytes),
        cmocka_unit_test(test_long_key),
        cmocka_unit_test(test_nul_after_word),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
