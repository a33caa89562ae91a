/* The YAML loader: positions, typing, and the input rules it owns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "uhp/alloc.h"
#include "uhp/loader.h"
#include "uhp/rule.h"

#include "support.h"

typedef uhp_test_loaded loaded;

static void load_text(loaded *l, const char *text, size_t len, const uhp_limits *lim)
{
    uhp_test_load(l, text, len, lim);
}

static void load_free(loaded *l)
{
    uhp_test_load_free(l);
}

/* Returns the only finding, asserting there is exactly one with RULE. */
static const uhp_finding *only_finding(loaded *l, const char *rule)
{
    assert_int_equal(l->run.n_findings, 1);
    assert_string_equal(l->run.findings[0].rule_id, rule);
    return &l->run.findings[0];
}

static void test_positions_and_paths(void **state)
{
    (void)state;
    loaded l;
    const char *y = "zowe:\n  externalDomains:\n    - a.example.com\n    - b.example.com\n"
                    "components:\n  app-server:\n    port: 7556\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    assert_int_equal(l.run.n_findings, 0);
    const uhp_node *d = uhp_node_get(uhp_node_get(l.doc->root, "zowe"), "externalDomains");
    assert_int_equal(d->kind, UHP_NODE_SEQ);
    assert_int_equal(uhp_node_key_pos(d).line, 2);
    assert_int_equal(uhp_node_key_pos(d).col, 3);
    const uhp_node *b = uhp_node_at(d, 1);
    assert_string_equal(uhp_node_value(b), "b.example.com");
    assert_int_equal(b->start.line, 4);
    assert_int_equal(b->start.col, 7);
    char path[128];
    uhp_node_path(b, path, sizeof path);
    assert_string_equal(path, "zowe.externalDomains[1]");
    const uhp_node *p =
        uhp_node_get(uhp_node_get(uhp_node_get(l.doc->root, "components"), "app-server"), "port");
    uhp_node_path(p, path, sizeof path);
    assert_string_equal(path, "components.app-server.port");
    assert_int_equal(p->type, UHP_TYPE_INT);
    assert_int_equal(uhp_node_ival(p), 7556);
    load_free(&l);
}

static void test_zowe_scalar_typing(void **state)
{
    (void)state;
    assert_int_equal(uhp_scalar_typeof("7554", 4, UHP_STYLE_PLAIN), UHP_TYPE_INT);
    assert_int_equal(uhp_scalar_typeof("7554", 4, UHP_STYLE_DOUBLE), UHP_TYPE_STRING);
    assert_int_equal(uhp_scalar_typeof("+1", 2, UHP_STYLE_PLAIN), UHP_TYPE_STRING);
    assert_int_equal(uhp_scalar_typeof("1.5", 3, UHP_STYLE_PLAIN), UHP_TYPE_STRING);
    assert_int_equal(uhp_scalar_typeof("True", 4, UHP_STYLE_PLAIN), UHP_TYPE_BOOL);
    assert_int_equal(uhp_scalar_typeof("FALSE", 5, UHP_STYLE_PLAIN), UHP_TYPE_BOOL);
    assert_int_equal(uhp_scalar_typeof("yes", 3, UHP_STYLE_PLAIN), UHP_TYPE_STRING);
    assert_int_equal(uhp_scalar_typeof("on", 2, UHP_STYLE_PLAIN), UHP_TYPE_STRING);
    assert_int_equal(uhp_scalar_typeof("", 0, UHP_STYLE_PLAIN), UHP_TYPE_NULL);
    assert_int_equal(uhp_scalar_typeof("~", 1, UHP_STYLE_PLAIN), UHP_TYPE_NULL);
    assert_int_equal(uhp_scalar_typeof("null", 4, UHP_STYLE_PLAIN), UHP_TYPE_NULL);
    assert_int_equal(uhp_scalar_typeof("null", 4, UHP_STYLE_SINGLE), UHP_TYPE_STRING);
}

static void test_syntax_error_located(void **state)
{
    (void)state;
    loaded l;
    const char *y = "zowe:\n  a: 1\n b: 2\n";
    load_text(&l, y, strlen(y), NULL);
    assert_null(l.doc);
    assert_true(l.run.input_error);
    const uhp_finding *f = only_finding(&l, "UHA001");
    assert_string_equal(f->file, "t.yaml");
    assert_int_equal(f->line, 3);
    assert_true(f->col >= 1);
    load_free(&l);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    loaded l;
    const char *y = "zowe:\n  externalPort: 7554\n  externalPort: 7555\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    /* which value Zowe takes is undefined: an input error, but loading goes on */
    assert_true(l.run.input_error);
    const uhp_finding *f = only_finding(&l, "UHA002");
    assert_int_equal(f->line, 3);
    assert_int_equal(f->col, 3);
    assert_non_null(strstr(f->message, "first at line 2"));
    load_free(&l);
}

/* Zowe's loader expands aliases, so by default the tool does too: the alias reads as its
 * anchor's value, with no finding. */
static void test_alias_expanded(void **state)
{
    (void)state;
    loaded l;
    const char *y = "a: &x 1\nb: *x\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    assert_false(l.run.input_error);
    assert_int_equal(l.run.n_findings, 0);
    const uhp_node *b = uhp_node_get(l.doc->root, "b");
    assert_non_null(b);
    assert_int_equal(b->type, UHP_TYPE_INT);
    assert_int_equal(uhp_node_ival(b), 1);
    load_free(&l);
}

static void test_two_documents_rejected(void **state)
{
    (void)state;
    loaded l;
    const char *y = "a: 1\n---\nb: 2\n";
    load_text(&l, y, strlen(y), NULL);
    assert_null(l.doc);
    const uhp_finding *f = only_finding(&l, "UHA004");
    assert_int_equal(f->line, 2);
    load_free(&l);
}

static void test_document_markers_accepted(void **state)
{
    (void)state;
    loaded l;
    const char *y = "---\na: 1\n...\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    assert_int_equal(l.run.n_findings, 0);
    load_free(&l);
}

static void test_depth_limit_without_recursion(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *y = malloc(depth + 1);
    assert_non_null(y);
    memset(y, '[', depth);
    y[depth] = '\0';
    loaded l;
    load_text(&l, y, depth, NULL);
    free(y);
    assert_null(l.doc);
    const uhp_finding *f = only_finding(&l, "UHA004");
    assert_int_equal(f->line, 1);
    assert_int_equal(f->col, 257);
    load_free(&l);
}

static void test_empty_and_non_mapping(void **state)
{
    (void)state;
    loaded l;
    load_text(&l, "", 0, NULL);
    assert_null(l.doc);
    assert_non_null(strstr(only_finding(&l, "UHA001")->message, "empty"));
    load_free(&l);
    load_text(&l, "# only a comment\n", 17, NULL);
    assert_null(l.doc);
    only_finding(&l, "UHA001");
    load_free(&l);
    load_text(&l, "- a\n- b\n", 8, NULL);
    assert_null(l.doc);
    assert_non_null(strstr(only_finding(&l, "UHA001")->message, "not a mapping"));
    load_free(&l);
}

static void test_encodings(void **state)
{
    (void)state;
    loaded l;
    load_text(&l, "\xEF\xBB\xBFzowe:\n  a: 1\n", 16, NULL);
    assert_non_null(l.doc);
    assert_int_equal(uhp_node_key_pos(uhp_node_get(l.doc->root, "zowe")).col, 1);
    load_free(&l);
    load_text(&l, "\xFF\xFEz\0:\0", 6, NULL);
    assert_null(l.doc);
    assert_non_null(strstr(only_finding(&l, "UHA001")->message, "UTF-16"));
    load_free(&l);
    load_text(&l, "a: b\nc: \xC3\x28\n", 10, NULL);
    assert_null(l.doc);
    const uhp_finding *f = only_finding(&l, "UHA001");
    assert_int_equal(f->line, 2);
    assert_int_equal(f->col, 4);
    load_free(&l);
}

static void test_template_syntax(void **state)
{
    (void)state;
    loaded l;
    const char *y = "a: ${{ zowe.x\nb: '${{ zowe.y }}'\nc: \"${{ zowe.z }}\"\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    assert_int_equal(l.run.n_findings, 2);
    assert_string_equal(l.run.findings[0].rule_id, "UHA005");
    assert_int_equal(l.run.findings[0].line, 1);
    assert_non_null(strstr(l.run.findings[0].message, "unclosed"));
    assert_string_equal(l.run.findings[1].rule_id, "UHA005");
    assert_int_equal(l.run.findings[1].line, 2);
    assert_non_null(strstr(l.run.findings[1].message, "single-quoted"));
    load_free(&l);
}

static void test_value_types(void **state)
{
    (void)state;
    loaded l;
    const char *y = "components:\n"
                    "  gateway:\n"
                    "    port: \"7554\"\n"
                    "    enabled: yes\n"
                    "  zss:\n"
                    "    port: 99999\n"
                    "    enabled: true\n"
                    "  izp:\n"
                    "    server:\n"
                    "      port:\n"
                    "        http: abc\n"
                    "        agent: 3444\n"
                    "  app-server:\n"
                    "    port: ${{ zowe.x }}\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    /* the loader lists the candidates (the template too); UHA007 judges them on the merged
     * configuration, so loading alone reports nothing */
    assert_int_equal(l.run.n_findings, 0);
    assert_int_equal(l.doc->n_type_suspects, 5);
    unsigned lines[] = {3, 4, 6, 11, 14};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(l.doc->type_suspects[i]->start.line, lines[i]);
    load_free(&l);
}

static void test_secret_lines_redacted(void **state)
{
    (void)state;
    loaded l;
    const char *y = "zowe:\n  certificate:\n    keystore:\n      password: s3cr3tXYZ\n"
                    "      password: s3cr3tXYZ\n";
    load_text(&l, y, strlen(y), NULL);
    const uhp_finding *f = only_finding(&l, "UHA002");
    assert_non_null(f->source_line);
    assert_null(strstr(f->source_line, "s3cr3tXYZ"));
    assert_non_null(strstr(f->source_line, "password: ********"));
    load_free(&l);
}

/* Fails every allocation from the Nth on. */
static long alloc_budget;
static void *failing_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return alloc_budget-- > 0 ? malloc(n) : NULL;
}
static void *failing_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return alloc_budget-- > 0 ? realloc(p, n) : NULL;
}
static void plain_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_allocation_failure_is_clean(void **state)
{
    (void)state;
    const char *y = "zowe:\n  externalDomains: [a, b]\ncomponents:\n  gateway: {port: 7554}\n";
    uhp_allocator a = {failing_malloc, failing_realloc, plain_free, NULL};
    for (long n = 0; n < 40; n++) {
        uhp_limits lim;
        uhp_limits_default(&lim);
        uhp_source *src = uhp_source_from_memory("t.yaml", y, strlen(y));
        assert_non_null(src);
        uhp_arena arena;
        uhp_arena_init(&arena);
        uhp_run run;
        uhp_run_init(&run);
        alloc_budget = n;
        uhp_set_allocator(&a);
        uhp_doc *doc = uhp_load_yaml(src, &arena, &lim, &run);
        uhp_set_allocator(NULL);
        if (!doc)
            assert_true(run.out_of_memory);
        uhp_arena_destroy(&arena);
        uhp_run_destroy(&run);
        uhp_source_free(src);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_and_paths),
        cmocka_unit_test(test_zowe_scalar_typing),
        cmocka_unit_test(test_syntax_error_located),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_alias_expanded),
        cmocka_unit_test(test_two_documents_rejected),
        cmocka_unit_test(test_document_markers_accepted),
        cmocka_unit_test(test_depth_limit_without_recursion),
        cmocka_unit_test(test_empty_and_non_mapping),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_template_syntax),
        cmocka_unit_test(test_value_types),
        cmocka_unit_test(test_secret_lines_redacted),
        cmocka_unit_test(test_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
