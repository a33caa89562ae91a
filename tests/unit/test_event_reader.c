/* The event reader: libyaml parsed on a second thread gives the same events, errors,
 * trees and findings as libyaml parsed inline, over small and multi-chunk inputs, and a
 * load that stops early stops the parsing thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event_reader.h"
#include "uhp/alloc.h"
#include "uhp/limits.h"
#include "uhp/loader.h"
#include "uhp/rule.h"

#include "support.h"

/* --- inputs --------------------------------------------------------------------------- */

static const char *small_inputs[] = {
    "zowe:\n  externalDomains:\n    - a.example.com\n    - 'b'\n  port: 7554\n",
    "a: &x {b: 1, c: [1, 2, \"three\"]}\nd: *x\ne: |\n  literal\n  text\nf: >\n  folded\n",
    "",
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\nb: 3\n",          /* syntax error */
    "a:\n  b: 1\n c: 2\n",       /* bad indentation */
    "a: \"unterminated\n",       /* scanner error */
    "a: b: c\n",                 /* mapping values not allowed here */
    "a: 1\nb: \xC3\x28 bad\n",   /* invalid UTF-8 */
    "? [complex]\n: key\n",      /* complex key */
    "a: 1\na: 2\n",              /* duplicate key */
    "plain scalar at the top\n", /* not a mapping */
    "a: ${{ zowe.x\nb: '${{ y }}'\nport: '7554'\nenabled: yes\n",
};

/* A zowe.yaml-shaped text of about BYTES bytes (caller frees), with the text TAIL at the
 * end. Many events, so the threaded reader goes through several chunks. */
static char *make_big(size_t bytes, const char *tail)
{
    size_t cap = bytes + strlen(tail) + 4096, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    n += (size_t)snprintf(s + n, cap - n,
                          "zowe:\n  externalDomains:\n    - a.example.com\n"
                          "components:\n");
    for (unsigned i = 0; n + 512 < bytes; i++)
        n += (size_t)snprintf(s + n, cap - n,
                              "  comp-%u:\n    enabled: %s\n    port: %u\n    server:\n"
                              "      host: \"lpar%u.example.com\"\n      threads: [1, 2, %u]\n",
                              i, i % 2 ? "true" : "false", 1000 + i % 60000, i, i);
    n += (size_t)snprintf(s + n, cap - n, "%s", tail);
    return s;
}

/* --- the reader itself ---------------------------------------------------------------- */

/* Reads every event of TEXT with both readers and asserts they agree, event by event,
 * through the error or the stream end. Returns how many events were compared. */
static size_t compare_readers(const char *text, size_t len)
{
    uhp_event_reader *a = uhp_event_reader_open((const unsigned char *)text, len, false);
    uhp_event_reader *b = uhp_event_reader_open((const unsigned char *)text, len, true);
    assert_non_null(a);
    assert_non_null(b);
    assert_false(uhp_event_reader_threaded(a));
    assert_true(uhp_event_reader_threaded(b));
    size_t n = 0;
    for (;;) {
        uhp_event ea, eb;
        uhp_parse_error pa, pb;
        int ra = uhp_event_reader_next(a, &ea, &pa);
        int rb = uhp_event_reader_next(b, &eb, &pb);
        assert_int_equal(ra, rb);
        if (ra == 0) {
            assert_int_equal(pa.error, pb.error);
            assert_ptr_equal(pa.problem, pb.problem);
            assert_ptr_equal(pa.context, pb.context);
            assert_int_equal(pa.problem_offset, pb.problem_offset);
            assert_int_equal(pa.problem_pos.line, pb.problem_pos.line);
            assert_int_equal(pa.problem_pos.col, pb.problem_pos.col);
            assert_int_equal(pa.context_line, pb.context_line);
            /* A failed reader keeps failing the same way. */
            assert_int_equal(uhp_event_reader_next(a, &ea, &pa), 0);
            assert_int_equal(uhp_event_reader_next(b, &eb, &pb), 0);
            assert_int_equal(pa.error, pb.error);
            break;
        }
        assert_int_equal(ra, 1);
        n++;
        assert_int_equal(ea.type, eb.type);
        assert_int_equal(ea.start.line, eb.start.line);
        assert_int_equal(ea.start.col, eb.start.col);
        assert_int_equal(ea.end.line, eb.end.line);
        assert_int_equal(ea.end.col, eb.end.col);
        assert_int_equal(ea.len, eb.len);
        if (ea.value) {
            assert_non_null(eb.value);
            assert_int_equal(ea.style, eb.style);
            assert_memory_equal(ea.value, eb.value, ea.len + 1); /* NUL included */
        } else {
            assert_null(eb.value);
        }
        if (ea.anchor)
            assert_string_equal(ea.anchor, eb.anchor);
        else
            assert_null(eb.anchor);
        if (ea.type == YAML_STREAM_END_EVENT)
            break;
    }
    uhp_event_reader_close(a);
    uhp_event_reader_close(b);
    return n;
}

static void test_reader_small_inputs_agree(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof small_inputs / sizeof *small_inputs; i++)
        compare_readers(small_inputs[i], strlen(small_inputs[i]));
}

static void test_reader_many_chunks_agree(void **state)
{
    (void)state;
    char *big = make_big(3u << 20, "last: end\n");
    size_t n = compare_readers(big, strlen(big));
    assert_true(n > 200000); /* far more events than one chunk holds */
    free(big);
}

static void test_reader_error_after_many_chunks(void **state)
{
    (void)state;
    char *bad = make_big(2u << 20, "last: [unclosed\n");
    compare_readers(bad, strlen(bad));
    free(bad);
    char *utf = make_big(2u << 20, "last: \xC3\x28\n");
    compare_readers(utf, strlen(utf));
    free(utf);
}

static void test_reader_scalar_bigger_than_a_chunk(void **state)
{
    (void)state;
    size_t big = 700u * 1024u;
    char *s = malloc(big + 64);
    assert_non_null(s);
    memcpy(s, "a: ", 3);
    memset(s + 3, 'x', big);
    strcpy(s + 3 + big, "\nb: &anchor small\nc: *anchor\n");
    assert_true(compare_readers(s, strlen(s)) > 5);
    free(s);
}

/* Closing a threaded reader that is far from the end stops and joins its thread (the
 * thread waits for chunks the reader never hands back). */
static void test_reader_close_early(void **state)
{
    (void)state;
    char *big = make_big(4u << 20, "");
    for (int reads = 0; reads < 3; reads++) {
        uhp_event_reader *r = uhp_event_reader_open((const unsigned char *)big, strlen(big), true);
        assert_non_null(r);
        uhp_event ev;
        uhp_parse_error err;
        for (int i = 0; i < reads * 1000; i++)
            assert_int_equal(uhp_event_reader_next(r, &ev, &err), 1);
        uhp_event_reader_close(r);
    }
    free(big);
}

/* --- through the loader --------------------------------------------------------------- */

typedef uhp_test_loaded loaded;

/* Loads TEXT with libyaml inline or, with THREADED, on a second thread (however short). */
static void load_with(loaded *l, const char *text, size_t len, const uhp_limits *base,
                      bool threaded)
{
    uhp_limits lim = *base;
    lim.parse_thread_min = threaded ? 1 : 0;
    uhp_test_load(l, text, len, &lim);
}

static void assert_pos_equal(uhp_pos a, uhp_pos b)
{
    assert_int_equal(a.line, b.line);
    assert_int_equal(a.col, b.col);
}

/* Asserts that trees A and B are the same, node by node, in document order (an explicit
 * stack of node pairs, no recursion). Returns the number of nodes. */
static size_t assert_trees_equal(const uhp_node *a, const uhp_node *b)
{
    size_t cap = 64, n = 0, seen = 0;
    const uhp_node **stack = malloc(cap * 2 * sizeof *stack);
    assert_non_null(stack);
    stack[0] = a;
    stack[1] = b;
    n = 1;
    while (n) {
        n--;
        const uhp_node *x = stack[2 * n], *y = stack[2 * n + 1];
        seen++;
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->style, y->style);
        assert_int_equal(x->type, y->type);
        assert_int_equal(x->has_template, y->has_template);
        assert_int_equal(x->bval, y->bval);
        assert_pos_equal(x->start, y->start);
        assert_pos_equal(x->end, y->end);
        assert_pos_equal(uhp_node_key_pos(x), uhp_node_key_pos(y));
        if (x->key)
            assert_string_equal(x->key, y->key);
        else
            assert_null(y->key);
        if (x->kind == UHP_NODE_SCALAR) {
            assert_int_equal(x->len, y->len);
            assert_string_equal(uhp_node_value(x), uhp_node_value(y));
            if (x->type == UHP_TYPE_INT)
                assert_int_equal(uhp_node_ival(x), uhp_node_ival(y));
            continue;
        }
        assert_int_equal(x->n_children, y->n_children);
        const uhp_node *cx = uhp_node_first(x), *cy = uhp_node_first(y);
        for (; cx; cx = cx->next, cy = cy->next) {
            assert_non_null(cy);
            if (n == cap) {
                cap *= 2;
                stack = realloc(stack, cap * 2 * sizeof *stack);
                assert_non_null(stack);
            }
            stack[2 * n] = cx;
            stack[2 * n + 1] = cy;
            n++;
        }
        assert_null(cy);
    }
    free(stack);
    return seen;
}

/* Loads TEXT inline and threaded under limits LIM and asserts the same result: document,
 * tree, flags and findings. Returns the number of nodes (0 without a document). */
static size_t compare_loads(const char *text, size_t len, const uhp_limits *lim)
{
    loaded a, b;
    load_with(&a, text, len, lim, false);
    load_with(&b, text, len, lim, true);
    size_t nodes = 0;
    assert_int_equal(a.doc != NULL, b.doc != NULL);
    if (a.doc)
        nodes = assert_trees_equal(a.doc->root, b.doc->root);
    assert_int_equal(a.run.input_error, b.run.input_error);
    assert_int_equal(a.run.out_of_memory, b.run.out_of_memory);
    assert_int_equal(a.run.n_findings, b.run.n_findings);
    for (size_t i = 0; i < a.run.n_findings; i++) {
        const uhp_finding *fa = &a.run.findings[i], *fb = &b.run.findings[i];
        assert_string_equal(fa->rule_id, fb->rule_id);
        assert_string_equal(fa->message, fb->message);
        assert_int_equal(fa->line, fb->line);
        assert_int_equal(fa->col, fb->col);
        if (fa->key_path)
            assert_string_equal(fa->key_path, fb->key_path);
        else
            assert_null(fb->key_path);
    }
    uhp_test_load_free(&a);
    uhp_test_load_free(&b);
    return nodes;
}

static void test_load_small_inputs_agree(void **state)
{
    (void)state;
    uhp_limits lim;
    uhp_limits_default(&lim);
    for (int aliases = 0; aliases < 2; aliases++) {
        lim.allow_aliases = aliases;
        for (size_t i = 0; i < sizeof small_inputs / sizeof *small_inputs; i++)
            compare_loads(small_inputs[i], strlen(small_inputs[i]), &lim);
    }
}

static void test_load_big_agrees(void **state)
{
    (void)state;
    uhp_limits lim;
    uhp_limits_default(&lim);
    char *big = make_big(3u << 20, "comp-0: duplicate\nport: '7554'\n");
    assert_true(compare_loads(big, strlen(big), &lim) > 100000);
    free(big);
}

/* Limits that stop the load early, long before libyaml reaches the end: the threaded load
 * stops its thread and reports the same finding. */
static void test_load_stops_early_the_same(void **state)
{
    (void)state;
    char *big = make_big(3u << 20, "");
    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.max_nodes = 5000;
    assert_int_equal(compare_loads(big, strlen(big), &lim), 0);
    uhp_limits_default(&lim);
    lim.max_depth = 2;
    assert_int_equal(compare_loads(big, strlen(big), &lim), 0);
    free(big);
}

/* The default limits parse every file inline (measured faster, docs/performance.md) and let
 * rules prepare work on a second thread for big inputs only. */
static void test_default_threshold(void **state)
{
    (void)state;
    uhp_limits lim;
    uhp_limits_default(&lim);
    assert_int_equal(lim.parse_thread_min, 0);
    assert_int_equal(lim.prepare_thread_min, UHP_DEFAULT_PREPARE_THREAD_MIN);
    assert_true(lim.prepare_thread_min >= 64u * 1024u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_small_inputs_agree),
        cmocka_unit_test(test_reader_many_chunks_agree),
        cmocka_unit_test(test_reader_error_after_many_chunks),
        cmocka_unit_test(test_reader_scalar_bigger_than_a_chunk),
        cmocka_unit_test(test_reader_close_early),
        cmocka_unit_test(test_load_small_inputs_agree),
        cmocka_unit_test(test_load_big_agrees),
        cmocka_unit_test(test_load_stops_early_the_same),
        cmocka_unit_test(test_default_threshold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
