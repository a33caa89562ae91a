/* The one reader of every input (size limit, a set's byte budget), the one size syntax, the
 * one message per read status and the one growth rule of arrays (issue 16). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "uhp/alloc.h"
#include "uhp/arena.h"
#include "uhp/source.h"

static void test_size_syntax(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t bytes;
    } good[] = {
        {"1", 1},           {"16777216", 16777216}, {"64K", 64 * 1024},
        {"64k", 64 * 1024}, {"64KiB", 64 * 1024},   {"64KB", 64 * 1024},
        {"16M", 16u << 20}, {"16MiB", 16u << 20},   {"2 MB", 2u << 20},
        {"1G", 1u << 30},   {"1GiB", 1u << 30},     {"512B", 512},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        size_t v = 0;
        assert_true(uhp_parse_size(good[i].text, &v));
        assert_int_equal(v, good[i].bytes);
    }
    static const char *const bad[] = {
        "",
        "0",
        "0K",
        "-1",
        "+5",
        " 5",
        "1T",
        "1.5M",
        "5MiBx",
        "5iB",
        "K",
        "1gib",
        "5 ",
        "0x10",
        "5KK",
        "18014398509481984K", /* 2^54 KiB: 2^64 bytes */
        "17179869184G",       /* 2^34 GiB: 2^64 bytes */
        "99999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t v = 7;
        if (uhp_parse_size(bad[i], &v))
            fail_msg("'%s' was accepted as %zu", bad[i], v);
        assert_int_equal(v, 7); /* untouched */
    }
    /* the largest that fits */
    size_t v = 0;
    char max[32];
    snprintf(max, sizeof max, "%zuK", (size_t)SIZE_MAX >> 10);
    assert_true(uhp_parse_size(max, &v));
    assert_int_equal(v, ((size_t)SIZE_MAX >> 10) << 10);
}

static void test_reader_budget(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("inputs");
    const char *a = uhp_test_write_in(dir, "a.yaml", "0123456789"); /* 10 bytes */
    uhp_reader rd;
    uhp_reader_init(&rd, 12);
    assert_int_equal(rd.budget, 48);
    uhp_source *src = NULL;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(uhp_reader_read(&rd, a, &src), UHP_READ_OK);
        uhp_source_free(src);
    }
    assert_int_equal(rd.used, 40);
    /* a fifth would make 50 > 48: refused, nothing counted */
    src = (uhp_source *)1;
    assert_int_equal(uhp_reader_read(&rd, a, &src), UHP_READ_OVER_BUDGET);
    assert_null(src);
    assert_int_equal(rd.used, 40);
    /* the size limit per file still holds */
    uhp_reader_init(&rd, 5);
    assert_int_equal(uhp_reader_read(&rd, a, &src), UHP_READ_TOO_LARGE);
    assert_int_equal(rd.used, 0);
    /* a limit near SIZE_MAX saturates the budget instead of wrapping */
    uhp_reader_init(&rd, SIZE_MAX / 2);
    assert_int_equal(rd.budget, SIZE_MAX);
}

/* One buffer read into again and again: each file whole and NUL-terminated, whether the
 * buffer has room or must grow, and still usable after a file that cannot be read. */
static void test_read_buffer_reused(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("inputs");
    size_t big_len = 200 * 1024;
    char *big = malloc(big_len + 1);
    assert_non_null(big);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (char)('a' + i % 26);
    big[big_len] = '\0';
    const char *small = uhp_test_write_in(dir, "small.json", "{\"a\": 1}");
    const char *large = uhp_test_write_in(dir, "large.json", big);
    uhp_read_buf rb = {NULL, 0};
    size_t len = 0;
    assert_int_equal(uhp_read_buf_read(&rb, small, 1u << 20, &len), UHP_READ_OK);
    assert_int_equal(len, 8);
    assert_string_equal(rb.data, "{\"a\": 1}");
    assert_int_equal(uhp_read_buf_read(&rb, large, 1u << 20, &len), UHP_READ_OK);
    assert_int_equal(len, big_len);
    assert_true(rb.cap >= big_len);
    assert_memory_equal(rb.data, big, big_len);
    assert_int_equal(rb.data[len], '\0');
    size_t cap = rb.cap;
    assert_int_equal(uhp_read_buf_read(&rb, small, 1u << 20, &len), UHP_READ_OK);
    assert_string_equal(rb.data, "{\"a\": 1}");
    assert_int_equal(rb.cap, cap); /* kept, not shrunk */
    /* errors leave it usable; the size limit holds */
    assert_int_equal(uhp_read_buf_read(&rb, "/nonexistent/x.json", 1u << 20, &len),
                     UHP_READ_MISSING);
    assert_int_equal(uhp_read_buf_read(&rb, large, 1024, &len), UHP_READ_TOO_LARGE);
    assert_int_equal(uhp_read_buf_read(&rb, dir, 1024, &len), UHP_READ_DIRECTORY);
    assert_int_equal(uhp_read_buf_read(&rb, small, 1u << 20, &len), UHP_READ_OK);
    assert_int_equal(len, 8);
    uhp_read_buf_free(&rb);
    assert_null(rb.data);
    free(big);
}

static void test_read_reasons(void **state)
{
    (void)state;
    char buf[160];
    assert_string_equal(uhp_read_reason(UHP_READ_MISSING, 0, 10, buf, sizeof buf), "no such file");
    assert_string_equal(uhp_read_reason(UHP_READ_DIRECTORY, 0, 10, buf, sizeof buf),
                        "it is a directory");
    assert_string_equal(uhp_read_reason(UHP_READ_TOO_LARGE, 0, 1024, buf, sizeof buf),
                        "larger than the size limit of 1024 bytes (raise it with --max-size)");
    assert_string_equal(uhp_read_reason(UHP_READ_OVER_BUDGET, 0, 1024, buf, sizeof buf),
                        "the inputs of this set add up to more than 4096 bytes (4 times "
                        "--max-size)");
    assert_string_equal(uhp_read_reason(UHP_READ_UNREADABLE, EACCES, 0, buf, sizeof buf),
                        strerror(EACCES));
    assert_non_null(strstr(uhp_read_reason(UHP_READ_SPECIAL, 0, 0, buf, sizeof buf), "FIFO"));
}

static void test_grow(void **state)
{
    (void)state;
    size_t cap = 0;
    int *a = uhp_grow(NULL, &cap, 1, sizeof *a, 16);
    assert_non_null(a);
    assert_int_equal(cap, 16);
    a[15] = 7;
    int *b = uhp_grow(a, &cap, 17, sizeof *a, 16); /* doubles */
    assert_non_null(b);
    assert_int_equal(cap, 32);
    assert_int_equal(b[15], 7);
    b = uhp_grow(b, &cap, 100, sizeof *b, 16); /* doubles until it holds NEED */
    assert_int_equal(cap, 128);
    /* a byte count past SIZE_MAX: NULL, the array and its capacity unchanged */
    size_t before = cap;
    assert_null(uhp_grow(b, &cap, SIZE_MAX / 2, sizeof *b, 16));
    assert_int_equal(cap, before);
    assert_null(uhp_grow(b, &cap, SIZE_MAX, 1, 16));
    assert_int_equal(cap, before);
    size_t n;
    assert_false(uhp_grow_cap((size_t)1 << (sizeof(size_t) * 8 - 1), SIZE_MAX, 1, 1, &n));
    uhp_free(b);

    uhp_arena arena;
    uhp_arena_init(&arena);
    size_t acap = 0;
    char *s = uhp_arena_grow(&arena, NULL, 0, &acap, 3, 1, 2);
    assert_non_null(s);
    assert_int_equal(acap, 4);
    memcpy(s, "abc", 3);
    char *t = uhp_arena_grow(&arena, s, 3, &acap, 9, 1, 2);
    assert_non_null(t);
    assert_int_equal(acap, 16);
    assert_memory_equal(t, "abc", 3);
    assert_null(uhp_arena_grow(&arena, t, 3, &acap, SIZE_MAX / 4, 8, 2));
    assert_int_equal(acap, 16);
    uhp_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_syntax),  cmocka_unit_test(test_reader_budget),
        cmocka_unit_test(test_read_reasons), cmocka_unit_test(test_read_buffer_reused),
        cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
