/* The YAML loader: positions, typing, and the input rules it owns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* The later children of a repeated key are flagged, so a map's keys list it once without
 * a lookup per key; an alias's copy is flagged by where it stands, not by its original. */
static void test_repeated_key_flag(void **state)
{
    (void)state;
    loaded l;
    const char *y = "m:\n  a: &x {k: 1, k: 2}\n  b: 1\n  a: 2\n  c: *x\n  b: *x\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    assert_true(l.run.input_error);
    const uhp_node *m = uhp_node_get(l.doc->root, "m");
    const char *want[] = {"a", "b", "a", "c", "b"};
    const bool repeated[] = {false, false, true, false, true};
    size_t i = 0;
    for (const uhp_node *ch = uhp_node_first(m); ch; ch = ch->next, i++) {
        assert_true(i < 5);
        assert_string_equal(ch->key, want[i]);
        assert_int_equal((ch->flags & UHP_NODE_REPEATED_KEY) != 0, repeated[i]);
        /* inside the anchored map and its two copies: the second k is the repeated one */
        if (ch->kind == UHP_NODE_MAP) {
            const uhp_node *k1 = uhp_node_first(ch), *k2 = k1->next;
            assert_false(k1->flags & UHP_NODE_REPEATED_KEY);
            assert_true(k2->flags & UHP_NODE_REPEATED_KEY);
        }
    }
    assert_int_equal(i, 5);
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

/* The node's size is pinned: its pages are most of what a big configuration costs
 * (docs/performance.md). */
_Static_assert(sizeof(void *) != 8 || sizeof(uhp_node) <= 64, "uhp_node grew past 64 bytes");

/* What nodes share storage for reads back right through the accessors. */
static void test_node_layout(void **state)
{
    (void)state;
    assert_true(sizeof(void *) != 8 || sizeof(uhp_node) <= 64);
    loaded l;
    const char *y = "a:\n  - x\n  - y\nb: 18446744073709551616\nc: !!null 12\nd: !!int '42'\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    const uhp_node *root = l.doc->root;
    const uhp_node *a = uhp_node_get(root, "a");
    const uhp_node *item = uhp_node_at(a, 1);
    /* The source is kept once, in the root, and found from any node. */
    assert_ptr_equal(uhp_node_source(root), l.src);
    assert_ptr_equal(uhp_node_source(item), l.src);
    assert_null(uhp_node_source(NULL));
    /* The root and sequence items have no key position; map children no item index. */
    assert_int_equal(uhp_node_key_pos(root).line, 0);
    assert_int_equal(uhp_node_key_pos(item).line, 0);
    assert_int_equal(uhp_node_key_pos(item).col, 0);
    assert_int_equal(uhp_node_index(item), 1);
    assert_int_equal(uhp_node_index(uhp_node_at(a, 0)), 0);
    assert_int_equal(uhp_node_index(a), 0);
    assert_int_equal(uhp_node_index(root), 0);
    assert_int_equal(uhp_node_key_pos(a).line, 1);
    assert_int_equal(uhp_node_key_pos(a).col, 1);
    /* A container has no text, a scalar no children. */
    assert_null(uhp_node_value(a));
    assert_string_equal(uhp_node_value(item), "y");
    assert_null(uhp_node_first(item));
    assert_string_equal(uhp_node_value(uhp_node_first(a)), "x");
    /* Integers are read off the text: saturated, typed by a tag, 0 for anything else. */
    const uhp_node *b = uhp_node_get(root, "b");
    assert_int_equal(b->type, UHP_TYPE_INT);
    assert_true(uhp_node_ival(b) == INT64_MAX);
    const uhp_node *c = uhp_node_get(root, "c");
    assert_int_equal(c->type, UHP_TYPE_NULL);
    assert_int_equal(uhp_node_ival(c), 0);
    const uhp_node *d = uhp_node_get(root, "d");
    assert_int_equal(d->type, UHP_TYPE_INT);
    assert_int_equal(uhp_node_ival(d), 42);
    assert_int_equal(uhp_node_ival(a), 0);
    assert_int_equal(uhp_node_key_hash(d), uhp_key_hash("d"));
    load_free(&l);
}

/* Equal keys share one interned string; different keys do not. */
static void test_keys_interned(void **state)
{
    (void)state;
    loaded l;
    const char *y = "one:\n  port: 1\n  host: h\ntwo:\n  port: 2\n  \"host\": i\n";
    load_text(&l, y, strlen(y), NULL);
    assert_non_null(l.doc);
    const uhp_node *one = uhp_node_get(l.doc->root, "one");
    const uhp_node *two = uhp_node_get(l.doc->root, "two");
    const uhp_node *p1 = uhp_node_get(one, "port"), *p2 = uhp_node_get(two, "port");
    assert_non_null(p1);
    assert_non_null(p2);
    assert_ptr_not_equal(p1, p2);
    assert_ptr_equal(p1->key, p2->key);
    /* The quoting style of a key does not matter: its text does. */
    assert_ptr_equal(uhp_node_get(one, "host")->key, uhp_node_get(two, "host")->key);
    assert_ptr_not_equal(p1->key, uhp_node_get(one, "host")->key);
    assert_int_equal(l.run.n_findings, 0);
    load_free(&l);

    /* The table itself: one copy per text, up to the first NUL, with its hash. */
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_key_table t = {0};
    uint32_t h1, h2, h3;
    const char *k1 = uhp_key_intern(&t, &a, "port", 4, &h1);
    const char *k2 = uhp_key_intern(&t, &a, "port: 1", 4, &h2);
    const char *k3 = uhp_key_intern(&t, &a, "po\0rt", 5, &h3);
    assert_non_null(k1);
    assert_ptr_equal(k1, k2);
    assert_int_equal(h1, uhp_key_hash("port"));
    assert_int_equal(h1, h2);
    assert_string_equal(k3, "po");
    assert_int_equal(h3, uhp_key_hash("po"));
    assert_ptr_equal(k3, uhp_key_intern(&t, &a, "po", 2, &h3));
    assert_int_equal(t.n, 2);
    /* Past the table's first size, every key is still found again. */
    char buf[16];
    const char *first = NULL;
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "k%d", i);
        const char *k = uhp_key_intern(&t, &a, buf, strlen(buf), &h1);
        if (i == 0)
            first = k;
    }
    assert_int_equal(t.n, 1002);
    assert_ptr_equal(uhp_key_intern(&t, &a, "k0", 2, &h1), first);
    assert_ptr_equal(uhp_key_intern(&t, &a, "port", 4, &h1), k1);
    uhp_key_table_free(&t);
    uhp_arena_destroy(&a);
}

/* A map with an index keeps its first child in the index; an alias copy of it has no
 * index and is scanned. */
static void test_indexed_map(void **state)
{
    (void)state;
    char y[1024];
    size_t len = (size_t)snprintf(y, sizeof y, "big: &b\n");
    for (int i = 0; i < 20; i++)
        len += (size_t)snprintf(y + len, sizeof y - len, "  k%d: %d\n", i, i);
    len += (size_t)snprintf(y + len, sizeof y - len, "copy: *b\n");
    loaded l;
    load_text(&l, y, len, NULL);
    assert_non_null(l.doc);
    const uhp_node *big = uhp_node_get(l.doc->root, "big");
    assert_true(big->flags & UHP_NODE_INDEXED);
    assert_int_equal(big->n_children, 20);
    assert_string_equal(uhp_node_first(big)->key, "k0");
    assert_int_equal(uhp_node_ival(uhp_node_get(big, "k17")), 17);
    const uhp_node *copy = uhp_node_get(l.doc->root, "copy");
    assert_false(copy->flags & UHP_NODE_INDEXED);
    assert_int_equal(copy->n_children, 20);
    assert_string_equal(uhp_node_first(copy)->key, "k0");
    const uhp_node *k19 = uhp_node_get(copy, "k19");
    assert_non_null(k19);
    assert_ptr_equal(k19->parent, copy);
    assert_ptr_not_equal(k19, uhp_node_get(big, "k19"));
    assert_string_equal(uhp_node_value(k19), "19");
    assert_ptr_equal(uhp_node_source(k19), l.src);
    size_t n = 0;
    for (const uhp_node *c = uhp_node_first(big); c; c = c->next)
        n++;
    assert_int_equal(n, 20);
    load_free(&l);
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
        cmocka_unit_test(test_node_layout),
        cmocka_unit_test(test_keys_interned),
        cmocka_unit_test(test_repeated_key_flag),
        cmocka_unit_test(test_indexed_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
