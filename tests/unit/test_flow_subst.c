/* {{KEY}} substitutions (src/flow/subst.c, text.c): what is replaced, what
 * stays unresolved, the map back to the original's positions, the limits, and
 * the substitutions file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/load.h"
#include "flow/flow.h"

/* SPEC is "k=v;k2=v2" ("" for none): the substitutions of a case. */
static void substs_of(struct flow_substs *s, const char *spec)
{
    char err[200], buf[256];
    memset(s, 0, sizeof *s);
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *p = buf, *semi; *p; p = semi + 1) {
        semi = strchr(p, ';');
        if (semi)
            *semi = '\0';
        assert_int_equal(flow_substs_parse_arg(s, p, err, sizeof err), FLOW_OK);
        if (!semi)
            break;
    }
}

struct rewrite_case {
    const char *text, *substs;
    int flags;
    const char *want, *unresolved;   /* names joined by ',' */
};

static const struct rewrite_case rewrites[] = {
    { "a: {{x}}\n", "x=1", 0, "a: 1\n", "" },
    { "{{x}}{{y}}", "x=;y=Z", 0, "Z", "" },
    { "{{ x }}: 1", "x=1", 0, "{{ x }}: 1", " x " },               /* spaces inside: not the key x */
    { "{{{x}}}", "x=1", 0, "{1}", "" },
    { "{{{{x}}}}", "x=1", 0, "{{1}}", "" },
    { "{{x} and {{x", "x=1", 0, "{{x} and {{x", "" },
    { "{{}} {{a\nb}}", "", 0, "{{}} {{a\nb}}", "" },
    { "v: {{x}}", "x={{y}};y=2", 0, "v: {{y}}", "" },               /* one pass: a value is not searched again */
    { "\xC3\xA9{{x}}\xC3\xA9", "x=ab", 0, "\xC3\xA9" "ab\xC3\xA9", "" },
    { "{{b}} {{a}} {{b}}", "", 0, "{{b}} {{a}} {{b}}", "b,a" },       /* each name once, in order */
    { "{{p}}-Lambda: {{q}}", "q=1", FLOW_SUBST_MARK, FLOW_MARK_OPEN "p" FLOW_MARK_CLOSE "-Lambda: 1", "p" },
    { "", "x=1", 0, "", "" },
};

static void test_rewrites(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rewrites / sizeof rewrites[0]; i++) {
        const struct rewrite_case *c = &rewrites[i];
        struct flow_substs s;
        substs_of(&s, c->substs);
        struct source src;
        assert_int_equal(source_from_bytes(&src, "f.yaml", c->text, strlen(c->text)), 0);
        struct flow_text t;
        char err[200];
        assert_int_equal(flow_substitute(&src, &s, c->flags, 1 << 20, &t, err, sizeof err), FLOW_OK);
        if (t.src.len != strlen(c->want) || memcmp(t.src.bytes, c->want, t.src.len) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, t.src.bytes, c->want);
        char names[256] = "";
        for (size_t k = 0; k < t.nunresolved; k++) {
            size_t at = strlen(names);
            snprintf(names + at, sizeof names - at, "%s%s", k ? "," : "", t.unresolved[k].name);
        }
        if (strcmp(names, c->unresolved) != 0)
            fail_msg("case %zu: unresolved '%s', want '%s'", i, names, c->unresolved);
        assert_string_equal(t.src.name, "f.yaml");
        flow_text_free(&t);
        source_free(&src);
        flow_substs_free(&s);
    }
}

/* Load TEXT after SUBSTS, remapped to the original's positions. */
static void load_remapped(const char *text, const char *substs, int flags, struct source *src, struct flow_text *t,
                          struct doc *doc)
{
    struct flow_substs s;
    char err[200];
    substs_of(&s, substs);
    assert_int_equal(source_from_bytes(src, "f.yaml", text, strlen(text)), 0);
    assert_int_equal(flow_substitute(src, &s, flags, 1 << 20, t, err, sizeof err), FLOW_OK);
    flow_substs_free(&s);
    struct load_error le;
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    memset(doc, 0, sizeof *doc);
    assert_int_equal(load_document(&t->src, SYNTAX_YAML, &lim, doc, &le), LOAD_OK);
    flow_text_remap(t, doc);
}

struct position_case {
    const char *text, *substs;
    int flags;
    const char *path;          /* node_path() from the root to the member looked at */
    unsigned key_line, key_col, line, col;   /* where its name and its value stand in the original */
};

static const struct position_case positions[] = {
    /* a finding after a substitution on the same line lands on the original column */
    { "c:\n  {{prefix}}-Lambda: {dataAction: {bad: 1}}\n", "prefix=a-much-longer-prefix", 0,
      "c/a-much-longer-prefix-Lambda/dataAction/bad", 2, 36, 2, 41 },
    { "c:\n  {{prefix}}-Lambda: {dataAction: {bad: 1}}\n", "prefix=p", 0, "c/p-Lambda/dataAction/bad", 2, 36, 2, 41 },
    /* a value that spans lines: the lines after it keep their numbers */
    { "a: \"{{v}}\"\nb: {{w}}\nc: 3\n", "v=1\\n2;w=x", 0, "c", 3, 1, 3, 4 },
    { "a: \"{{v}}\"\nb: {{w}}\nc: 3\n", "v=1\\n2;w=x", 0, "b", 2, 1, 2, 4 },
    /* a value that is itself replaced points at its placeholder */
    { "k: [1, {{v}}, 3]\n", "v=long-long-value", 0, "k", 1, 1, 1, 4 },
    /* marked, and after non-ASCII text */
    { "x: {\xC3\xA9: 1, {{p}}-x: {q: 1}}\n", "", FLOW_SUBST_MARK, "x/" FLOW_MARK_OPEN "p" FLOW_MARK_CLOSE "-x/q",
      1, 21, 1, 24 },
};

static void test_positions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++) {
        const struct position_case *c = &positions[i];
        char text[256], subs[128];
        snprintf(text, sizeof text, "%s", c->text);
        /* "\\n" in a case's substitutions is a line break in the value */
        size_t o = 0;
        for (const char *p = c->substs; *p && o + 1 < sizeof subs; p++)
            subs[o++] = (p[0] == '\\' && p[1] == 'n') ? (p++, '\n') : *p;
        subs[o] = '\0';
        struct source src;
        struct flow_text t;
        struct doc doc;
        load_remapped(text, subs, c->flags, &src, &t, &doc);
        const struct node *n = node_path(doc.root, c->path);
        if (!n)
            fail_msg("case %zu: no %s", i, c->path);
        if (n->key_line != c->key_line || n->key_col != c->key_col || n->line != c->line || n->col != c->col)
            fail_msg("case %zu: name at %u:%u, value at %u:%u; want %u:%u and %u:%u", i, n->key_line, n->key_col,
                     n->line, n->col, c->key_line, c->key_col, c->line, c->col);
        doc_free(&doc);
        flow_text_free(&t);
        source_free(&src);
    }
}

/* Inside a replaced value, a position is the placeholder's start; past the
 * text's end, the original's end. */
static void test_position_inside(void **state)
{
    (void)state;
    struct flow_substs s;
    substs_of(&s, "x=0123456789");
    struct source src;
    const char *text = "ab {{x}} cd\nef\n";
    assert_int_equal(source_from_bytes(&src, "f", text, strlen(text)), 0);
    struct flow_text t;
    char err[200];
    assert_int_equal(flow_substitute(&src, &s, 0, 1 << 20, &t, err, sizeof err), FLOW_OK);
    static const unsigned cases[][4] = {
        { 1, 1, 1, 1 }, { 1, 4, 1, 4 }, { 1, 9, 1, 4 }, { 1, 13, 1, 4 }, { 1, 14, 1, 9 }, { 2, 2, 2, 2 },
        { 1, 99, 1, 12 }, { 9, 1, 3, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned l, c;
        flow_text_position(&t, cases[i][0], cases[i][1], &l, &c);
        if (l != cases[i][2] || c != cases[i][3])
            fail_msg("case %zu: %u:%u maps to %u:%u, want %u:%u", i, cases[i][0], cases[i][1], l, c, cases[i][2],
                     cases[i][3]);
    }
    flow_text_free(&t);
    source_free(&src);
    flow_substs_free(&s);
}

static void test_limit(void **state)
{
    (void)state;
    struct flow_substs s;
    substs_of(&s, "x=0123456789");
    struct source src;
    assert_int_equal(source_from_bytes(&src, "f", "{{x}}{{x}}", 10), 0);
    struct flow_text t;
    char err[200] = "";
    assert_int_equal(flow_substitute(&src, &s, 0, 20, &t, err, sizeof err), FLOW_OK);   /* exactly the limit */
    assert_int_equal(t.src.len, 20);
    flow_text_free(&t);
    assert_int_equal(flow_substitute(&src, &s, 0, 19, &t, err, sizeof err), FLOW_ERROR);
    assert_non_null(strstr(err, "limit of 19 bytes"));
    assert_null(t.src.bytes);
    assert_int_equal(flow_substitute(&src, &s, 0, 9, &t, err, sizeof err), FLOW_ERROR);   /* the text alone */
    source_free(&src);
    flow_substs_free(&s);
}

struct key_case {
    const char *arg;
    enum flow_status want;
};

static const struct key_case keys[] = {
    { "a=b", FLOW_OK }, { "a=", FLOW_OK }, { "a=b=c", FLOW_OK }, { "a b=c", FLOW_OK },
    { "=b", FLOW_ERROR }, { "ab", FLOW_ERROR }, { "a{=b", FLOW_ERROR }, { "a}=b", FLOW_ERROR },
    { "a\tb=c", FLOW_ERROR },
};

static void test_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        struct flow_substs s = { 0 };
        char err[200] = "";
        if (flow_substs_parse_arg(&s, keys[i].arg, err, sizeof err) != keys[i].want)
            fail_msg("case %zu: '%s'", i, keys[i].arg);
        flow_substs_free(&s);
    }
    struct flow_substs s = { 0 };
    char err[200];
    assert_int_equal(flow_substs_parse_arg(&s, "a=1", err, sizeof err), FLOW_OK);
    assert_int_equal(flow_substs_parse_arg(&s, "b=2", err, sizeof err), FLOW_OK);
    assert_int_equal(flow_substs_parse_arg(&s, "a=3", err, sizeof err), FLOW_OK);   /* the later one wins */
    assert_int_equal(s.n, 2);
    assert_string_equal(flow_substs_get(&s, "a", 1)->value, "3");
    assert_string_equal(flow_substs_get(&s, "a=b=c", 1)->value, "3");
    assert_null(flow_substs_get(&s, "c", 1));
    flow_substs_free(&s);
    char big[300];
    memset(big, 'k', sizeof big);
    assert_int_equal(flow_substs_set(&s, big, sizeof big, "", 0, err, sizeof err), FLOW_ERROR);
    flow_substs_free(&s);
}

struct file_case {
    const char *name, *text;
    enum flow_status want;
    const char *expect;   /* "k=v;..." all of them, or the start of the error */
};

static const struct file_case files[] = {
    { "s.yaml", "prefix: abc\nport: 8080\non: true\nq: \"x y\"\n", FLOW_OK, "prefix=abc;port=8080;on=true;q=x y" },
    { "o.yaml", "clientId: id\nclientSecret: not-a-substitution\nsubstitutions:\n  division: Home\n", FLOW_OK,
      "division=Home" },
    { "s.json", "{\"a\": \"1\", \"b\": \"\"}", FLOW_OK, "a=1;b=" },
    { "e.yaml", "", FLOW_OK, "" },
    { "c.yaml", "# none yet\n", FLOW_OK, "" },
    { "l.yaml", "- a\n- b\n", FLOW_ERROR, "substitutions are a mapping" },
    { "n.yaml", "a: x\nb: [1]\n", FLOW_ERROR, "line 2: the value of substitution 'b' is not" },
    { "r.yaml", "a: 1.10\n", FLOW_ERROR, "line 1: the value of substitution 'a' is not" },
    { "k.yaml", "\"a{\": 1\n", FLOW_ERROR, "line 1: substitution refused" },
    { "d.yaml", "a: 1\na: 2\n", FLOW_ERROR, "line 2, column 1: " },
    { "x.yaml", "substitutions: 3\n", FLOW_ERROR, "substitutions are a mapping" },
};

static void test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/dacc-flow-subst-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const struct file_case *c = &files[i];
        char path[128], err[200] = "";
        snprintf(path, sizeof path, "%s/%s", dir, c->name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(c->text, f);
        fclose(f);
        struct flow_substs s = { 0 };
        enum flow_status st = flow_substs_read(&s, path, 1 << 20, err, sizeof err);
        if (st != c->want)
            fail_msg("case %zu: status %d (%s)", i, (int)st, err);
        if (st == FLOW_OK) {
            struct flow_substs want;
            substs_of(&want, c->expect);
            assert_int_equal(s.n, want.n);
            for (size_t k = 0; k < want.n; k++) {
                assert_string_equal(s.items[k].key, want.items[k].key);
                assert_string_equal(s.items[k].value, want.items[k].value);
            }
            flow_substs_free(&want);
        } else if (strncmp(err, c->expect, strlen(c->expect)) != 0 || strstr(err, "not-a")) {
            fail_msg("case %zu: '%s'", i, err);
        }
        flow_substs_free(&s);
        unlink(path);
    }
    char err[200];
    struct flow_substs s = { 0 };
    assert_int_equal(flow_substs_read(&s, "/nonexistent/x.yaml", 1 << 20, err, sizeof err), FLOW_ERROR);
    rmdir(dir);
}

static void test_placeholders(void **state)
{
    (void)state;
    assert_true(flow_has_unresolved("a{{b}}c", 7));
    assert_true(flow_has_unresolved(FLOW_MARK_OPEN "b" FLOW_MARK_CLOSE, 7));
    assert_false(flow_has_unresolved("a{{b}c", 6));
    assert_false(flow_has_unresolved("${dataAction}", 13));
    const char *s = "x {{a}} {{b c}}";
    size_t pos = 0;
    struct flow_placeholder ph;
    assert_true(flow_placeholder_next(s, strlen(s), &pos, &ph));
    assert_int_equal(ph.start, 2);
    assert_int_equal(ph.end, 7);
    assert_int_equal(ph.name, 4);
    assert_int_equal(ph.name_len, 1);
    assert_true(flow_placeholder_next(s, strlen(s), &pos, &ph));
    assert_int_equal(ph.name_len, 3);
    assert_false(flow_placeholder_next(s, strlen(s), &pos, &ph));
    assert_int_equal(pos, strlen(s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrites),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_position_inside),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_placeholders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
