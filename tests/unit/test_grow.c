/* grow() and grow_append(): room for more elements, order kept, nothing
 * changed when the size cannot be represented. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/grow.h"

static void test_grow_doubles(void **state)
{
    (void)state;
    int *items = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 100; i++) {
        int *more = grow(items, &cap, n, sizeof *items, 4);
        assert_non_null(more);
        items = more;
        items[n++] = i;
        assert_true(cap >= n);
    }
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++)
        assert_int_equal(items[i], i);
    free(items);
}

static void test_append_keeps_order(void **state)
{
    (void)state;
    const int a[] = { 1, 2, 3 }, b[40] = { [0] = 4, [39] = 43 };
    void *items = NULL;
    size_t cap = 0, n = 0;
    assert_int_equal(grow_append(&items, &cap, &n, a, 3, sizeof *a), 0);
    assert_int_equal(n, 3);
    assert_int_equal(grow_append(&items, &cap, &n, b, 0, sizeof *b), 0); /* nothing to add */
    assert_int_equal(n, 3);
    assert_int_equal(grow_append(&items, &cap, &n, b, 40, sizeof *b), 0);
    assert_int_equal(n, 43);
    assert_true(cap >= 43);
    const int *v = items;
    assert_int_equal(v[0], 1);
    assert_int_equal(v[2], 3);
    assert_int_equal(v[3], 4);
    assert_int_equal(v[4], 0);
    assert_int_equal(v[42], 43);
    free(items);
}

static void test_append_refuses_overflow(void **state)
{
    (void)state;
    const int a[] = { 7 };
    void *items = NULL;
    size_t cap = 0, n = 0;
    assert_int_equal(grow_append(&items, &cap, &n, a, 1, sizeof *a), 0);
    void *before = items;
    size_t cap_before = cap;
    /* more elements than memory can count: refused, and the array is as it was */
    assert_int_equal(grow_append(&items, &cap, &n, a, SIZE_MAX / sizeof *a, sizeof *a), -1);
    assert_ptr_equal(items, before);
    assert_int_equal(cap, cap_before);
    assert_int_equal(n, 1);
    assert_int_equal(*(const int *)items, 7);
    free(items);
}

/* grow_text_add: bytes kept as given (NULs too), always NUL-terminated, over
 * many doublings; zeroed is empty */
static void test_text(void **state)
{
    (void)state;
    struct grow_text t = { 0 };
    grow_text_add(&t, "", 0);
    assert_non_null(t.s);
    assert_int_equal(t.len, 0);
    assert_string_equal(t.s, "");
    grow_text_add(&t, "a\0b", 3);
    assert_int_equal(t.len, 3);
    assert_memory_equal(t.s, "a\0b", 4);
    for (int i = 0; i < 1000; i++)
        grow_text_add(&t, "xyz", 3);
    assert_int_equal(t.len, 3003);
    assert_false(t.failed);
    assert_int_equal(t.s[t.len], '\0');
    assert_memory_equal(t.s + 3000, "xyz", 3);
    assert_true(t.cap > t.len);
    free(t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_doubles),
        cmocka_unit_test(test_append_keeps_order),
        cmocka_unit_test(test_append_refuses_overflow),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
