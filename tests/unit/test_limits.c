/* Loader limits (src/limits.c): scalar length, node count, the hashed duplicate-key index,
 * anchors and the alias expansion budget; and, through uhp_load_yaml, the limits as
 * findings with a location (UHA003, UHA004). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "uhp/alloc.h"
#include "uhp/limits.h"
#include "uhp/loader.h"
#include "uhp/rule.h"

/* A scalar node in arena A with TEXT. */
static uhp_node *mk_scalar(uhp_arena *a, const char *text)
{
    uhp_node *n = uhp_arena_alloc(a, sizeof *n);
    assert_non_null(n);
    memset(n, 0, sizeof *n);
    n->kind = UHP_NODE_SCALAR;
    n->body.value = uhp_arena_strndup(a, text, strlen(text));
    n->len = strlen(text);
    n->start = (uhp_pos){1, 1};
    n->end = (uhp_pos){1, 2};
    return n;
}

/* Appends CHILD (under KEY when not NULL, made in arena A as the loader makes keys) to
 * container PARENT. */
static void mk_add(uhp_arena *a, uhp_node *parent, uhp_node *child, const char *key)
{
    child->parent = parent;
    if (key) {
        uhp_key *k = uhp_arena_alloc(a, sizeof *k + strlen(key) + 1);
        assert_non_null(k);
        k->hash = uhp_key_hash(key);
        strcpy(k->text, key);
        child->key = k->text;
    }
    uhp_node **at = &parent->body.first;
    while (*at)
        at = &(*at)->next;
    *at = child;
    parent->n_children++;
}

/* A closed container of KIND. */
static uhp_node *mk_container(uhp_arena *a, uhp_node_kind kind)
{
    uhp_node *n = mk_scalar(a, "");
    n->kind = kind;
    n->body.first = NULL;
    return n;
}

static void test_scalar_limit(void **state)
{
    (void)state;
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 10, 0, 0);
    assert_true(uhp_limits_on_scalar(&ls, 0));
    assert_true(uhp_limits_on_scalar(&ls, 10));
    assert_false(uhp_limits_on_scalar(&ls, 11));
    assert_string_equal(uhp_diag_rule(ls.kind)->id, "UHA004");
    assert_non_null(strstr(ls.message, "11 bytes"));
    assert_non_null(strstr(ls.fix, "--max-scalar"));
    assert_false(ls.nomem);
    uhp_limit_state_free(&ls);
}

static void test_defaults(void **state)
{
    (void)state;
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 0, 0);
    assert_int_equal(ls.max_scalar, UHP_DEFAULT_MAX_SCALAR);
    assert_int_equal(ls.max_nodes, UHP_DEFAULT_MAX_NODES);
    assert_int_equal(ls.alias_budget, UHP_DEFAULT_ALIAS_BUDGET);
    assert_true(uhp_limits_on_scalar(&ls, UHP_DEFAULT_MAX_SCALAR));
    assert_false(uhp_limits_on_scalar(&ls, UHP_DEFAULT_MAX_SCALAR + 1));
    uhp_limit_state_free(&ls);
}

static void test_node_limit(void **state)
{
    (void)state;
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 3, 0);
    assert_true(uhp_limits_on_node(&ls));
    assert_true(uhp_limits_on_node(&ls));
    assert_true(uhp_limits_on_node(&ls));
    assert_false(uhp_limits_on_node(&ls));
    assert_string_equal(uhp_diag_rule(ls.kind)->id, "UHA004");
    assert_non_null(strstr(ls.message, "more than 3 YAML nodes"));
    assert_non_null(strstr(ls.fix, "--max-nodes"));
    uhp_limit_state_free(&ls);
}

static void test_alias_copies_deeply(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 0, 0);
    /* &x {port: 7554, list: [a, b]} */
    uhp_node *map = mk_container(&a, UHP_NODE_MAP);
    uhp_node *list = mk_container(&a, UHP_NODE_SEQ);
    mk_add(&a, map, mk_scalar(&a, "7554"), "port");
    mk_add(&a, map, list, "list");
    mk_add(&a, list, mk_scalar(&a, "a"), NULL);
    mk_add(&a, list, mk_scalar(&a, "b"), NULL);
    assert_true(uhp_limits_anchor(&ls, &a, "x", map));
    uhp_node *c = uhp_limits_alias(&ls, &a, "x");
    assert_non_null(c);
    assert_ptr_not_equal(c, map);
    assert_int_equal(c->kind, UHP_NODE_MAP);
    assert_null(c->parent);
    assert_int_equal(c->n_children, 2);
    const uhp_node *port = uhp_node_get(c, "port");
    assert_non_null(port);
    assert_ptr_not_equal(port, uhp_node_first(map));
    assert_ptr_equal(port->parent, c);
    assert_string_equal(uhp_node_value(port), "7554");
    const uhp_node *l = uhp_node_get(c, "list");
    assert_non_null(l);
    assert_int_equal(l->n_children, 2);
    assert_string_equal(uhp_node_value(uhp_node_at(l, 1)), "b");
    assert_ptr_equal(uhp_node_at(l, 1)->parent, l);
    assert_int_equal(ls.alias_nodes, 5);
    assert_int_equal(ls.nodes, 5);
    /* The original is untouched. */
    assert_int_equal(map->n_children, 2);
    assert_ptr_equal(uhp_node_first(map)->parent, map);
    uhp_limit_state_free(&ls);
    uhp_arena_destroy(&a);
}

static void test_alias_budget(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 0, 12);
    uhp_node *seq = mk_container(&a, UHP_NODE_SEQ);
    for (int i = 0; i < 4; i++)
        mk_add(&a, seq, mk_scalar(&a, "lol"), NULL);
    assert_true(uhp_limits_anchor(&ls, &a, "lol", seq));
    assert_non_null(uhp_limits_alias(&ls, &a, "lol")); /* 5 nodes */
    assert_non_null(uhp_limits_alias(&ls, &a, "lol")); /* 10 */
    assert_null(uhp_limits_alias(&ls, &a, "lol"));     /* would be 15 */
    assert_false(ls.nomem);
    assert_string_equal(uhp_diag_rule(ls.kind)->id, "UHA003");
    assert_non_null(strstr(ls.message, "more than 12 nodes"));
    assert_non_null(strstr(ls.fix, "--alias-budget"));
    uhp_limit_state_free(&ls);
    uhp_arena_destroy(&a);
}

static void test_alias_counts_against_node_limit(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 6, 1000);
    uhp_node *seq = mk_container(&a, UHP_NODE_SEQ);
    mk_add(&a, seq, mk_scalar(&a, "x"), NULL);
    mk_add(&a, seq, mk_scalar(&a, "y"), NULL);
    assert_true(uhp_limits_anchor(&ls, &a, "s", seq));
    assert_non_null(uhp_limits_alias(&ls, &a, "s"));
    assert_non_null(uhp_limits_alias(&ls, &a, "s"));
    assert_null(uhp_limits_alias(&ls, &a, "s"));
    assert_string_equal(uhp_diag_rule(ls.kind)->id, "UHA004");
    uhp_limit_state_free(&ls);
    uhp_arena_destroy(&a);
}

static void test_alias_unknown_and_recursive(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 0, 0);
    assert_null(uhp_limits_alias(&ls, &a, "nowhere"));
    assert_string_equal(uhp_diag_rule(ls.kind)->id, "UHA003");
    assert_non_null(strstr(ls.message, "'*nowhere' names no anchor"));
    uhp_node *open = mk_container(&a, UHP_NODE_SEQ);
    open->end = (uhp_pos){0, 0}; /* not closed yet: the alias is inside it */
    assert_true(uhp_limits_anchor(&ls, &a, "self", open));
    assert_null(uhp_limits_alias(&ls, &a, "self"));
    assert_non_null(strstr(ls.message, "recursive alias '*self'"));
    /* A later anchor of the same name replaces the earlier one. */
    uhp_node *s = mk_scalar(&a, "v");
    assert_true(uhp_limits_anchor(&ls, &a, "self", s));
    uhp_node *c = uhp_limits_alias(&ls, &a, "self");
    assert_non_null(c);
    assert_string_equal(uhp_node_value(c), "v");
    uhp_limit_state_free(&ls);
    uhp_arena_destroy(&a);
}

/* An allocator that fails every allocation. */
static void *fail_malloc(void *ctx, size_t size)
{
    (void)ctx;
    (void)size;
    return NULL;
}
static void *fail_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)p;
    (void)size;
    return NULL;
}
static void fail_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_limit_state ls;
    uhp_limit_state_init(&ls, 0, 0, 0);
    uhp_node *s = mk_scalar(&a, "v");
    const uhp_allocator failing = {fail_malloc, fail_realloc, fail_free, NULL};
    uhp_set_allocator(&failing);
    bool ok = uhp_limits_anchor(&ls, &a, "k", s);
    uhp_set_allocator(NULL);
    assert_false(ok);
    assert_true(ls.nomem);
    uhp_limit_state_free(&ls);
    uhp_arena_destroy(&a);
}

/* Loads YAML with LIM; returns the document (NULL on a fatal finding) and fills RUN. */
static const uhp_doc *load(const char *yaml, const uhp_limits *lim, uhp_run *run, uhp_arena *arena,
                           uhp_source **src)
{
    *src = uhp_source_from_memory("limits.yaml", yaml, strlen(yaml));
    assert_non_null(*src);
    return uhp_load_yaml(*src, arena, lim, run);
}

/* The first finding of RULE in RUN, or NULL. */
static const uhp_finding *finding(const uhp_run *run, const char *rule)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, rule))
            return &run->findings[i];
    return NULL;
}

/* A million nested flow sequences stop at the depth limit, with the place. */
static void test_loader_million_deep(void **state)
{
    (void)state;
    enum { DEPTH = 1000000 };
    char *yaml = malloc(2 * DEPTH + 8);
    assert_non_null(yaml);
    memcpy(yaml, "a: ", 3);
    memset(yaml + 3, '[', DEPTH);
    memset(yaml + 3 + DEPTH, ']', DEPTH);
    yaml[3 + 2 * DEPTH] = '\0';
    uhp_limits lim;
    uhp_limits_default(&lim);
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_source *src;
    assert_null(load(yaml, &lim, &run, &arena, &src));
    assert_true(run.input_error);
    const uhp_finding *f = finding(&run, "UHA004");
    assert_non_null(f);
    assert_int_equal(f->line, 1);
    assert_int_equal(f->col, 4 + 255); /* the 256th '[' opens the 257th level */
    uhp_source_free(src);
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
    free(yaml);
}

/* The classic "billion laughs": ten levels, each nine aliases of the one before. */
static char *billion_laughs(void)
{
    char *yaml = malloc(4096);
    assert_non_null(yaml);
    size_t len =
        (size_t)snprintf(yaml, 4096, "a: &a [%s]\n", "lol, lol, lol, lol, lol, lol, lol, lol, lol");
    for (char c = 'b'; c <= 'j'; c++) {
        len += (size_t)snprintf(yaml + len, 4096 - len, "%c: &%c [", c, c);
        for (int i = 0; i < 9; i++)
            len += (size_t)snprintf(yaml + len, 4096 - len, "%s*%c", i ? ", " : "", c - 1);
        len += (size_t)snprintf(yaml + len, 4096 - len, "]\n");
    }
    return yaml;
}

/* A library caller can still turn alias expansion off: any alias is then refused. */
static void test_loader_aliases_rejected_when_disabled(void **state)
{
    (void)state;
    char *yaml = billion_laughs();
    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.allow_aliases = false;
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_source *src;
    assert_null(load(yaml, &lim, &run, &arena, &src));
    assert_true(run.input_error);
    const uhp_finding *f = finding(&run, "UHA003");
    assert_non_null(f);
    assert_int_equal(f->line, 2);
    assert_int_equal(f->col, 8);
    uhp_source_free(src);
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
    free(yaml);
}

/* Duplicate keys in a map of 200,000 keys: found once, with the first key's line, in linear
 * time (the tree's map index). */
static void test_loader_many_keys_one_duplicate(void **state)
{
    (void)state;
    enum { N = 200000 };
    size_t cap = (size_t)N * 16 + 64, len = 0;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    len += (size_t)snprintf(yaml + len, cap - len, "zowe:\n");
    for (unsigned i = 0; i < N; i++)
        len += (size_t)snprintf(yaml + len, cap - len, "  k%u: 1\n", i);
    snprintf(yaml + len, cap - len, "  k7: 2\n");
    uhp_limits lim;
    uhp_limits_default(&lim);
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_source *src;
    load(yaml, &lim, &run, &arena, &src);
    size_t dups = 0;
    for (size_t i = 0; i < run.n_findings; i++)
        if (!strcmp(run.findings[i].rule_id, "UHA002")) {
            dups++;
            assert_int_equal(run.findings[i].line, N + 2);
            assert_non_null(strstr(run.findings[i].message, "first at line 9"));
        }
    assert_int_equal(dups, 1);
    uhp_source_free(src);
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
    free(yaml);
}

#ifdef UHP_LIMITS_EXTENDED
static void test_loader_billion_laughs_allowed(void **state)
{
    (void)state;
    char *yaml = billion_laughs();
    uhp_limits lim;
    uhp_limits_default(&lim);
    assert_true(lim.allow_aliases); /* expanded by default, as Zowe does */
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_source *src;
    assert_null(load(yaml, &lim, &run, &arena, &src));
    assert_true(run.input_error);
    const uhp_finding *f = finding(&run, "UHA003");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "alias budget"));
    assert_true(f->line >= 3 && f->line <= 6);
    /* Bounded: the arena holds about the budget's worth of nodes, not a billion. */
    assert_true(arena.used_total < 64u * 1024u * 1024u);
    uhp_source_free(src);
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
    free(yaml);
}

static void test_loader_alias_allowed_small(void **state)
{
    (void)state;
    const char *yaml = "base: &b\n  port: 7554\n  list: &l [x, y]\nzowe:\n  externalDomains: *l\n"
                       "  gateway: *b\n";
    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.allow_aliases = true;
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_source *src;
    const uhp_doc *doc = load(yaml, &lim, &run, &arena, &src);
    assert_non_null(doc);
    assert_false(run.input_error);
    const uhp_node *zowe = uhp_node_get(doc->root, "zowe");
    const uhp_node *domains = uhp_node_get(zowe, "externalDomains");
    assert_non_null(domains);
    assert_int_equal(domains->kind, UHP_NODE_SEQ);
    assert_string_equal(uhp_node_value(uhp_node_at(domains, 1)), "y");
    char path[128];
    uhp_node_path(uhp_node_at(domains, 0), path, sizeof path);
    assert_string_equal(path, "zowe.externalDomains[0]");
    const uhp_node *port = uhp_node_get(uhp_node_get(zowe, "gateway"), "port");
    assert_non_null(port);
    assert_int_equal(uhp_node_ival(port), 7554);
    uhp_node_path(port, path, sizeof path);
    assert_string_equal(path, "zowe.gateway.port");
    uhp_source_free(src);
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
}

static void test_loader_scalar_and_node_limits(void **state)
{
    (void)state;
    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.max_scalar = 8;
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_source *src;
    assert_null(load("zowe:\n  host: short\n  log: /much/too/long\n", &lim, &run, &arena, &src));
    const uhp_finding *f = finding(&run, "UHA004");
    assert_non_null(f);
    assert_int_equal(f->line, 3);
    assert_int_equal(f->col, 8);
    uhp_source_free(src);
    uhp_run_destroy(&run);
    uhp_run_init(&run);
    uhp_limits_default(&lim);
    lim.max_nodes = 5;
    assert_null(load("a: [1, 2, 3, 4, 5]\n", &lim, &run, &arena, &src));
    f = finding(&run, "UHA004");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "more than 5 YAML nodes"));
    assert_int_equal(f->col, 11); /* the sixth node: the scalar 3 */
    uhp_source_free(src);
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_limit),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_alias_copies_deeply),
        cmocka_unit_test(test_alias_budget),
        cmocka_unit_test(test_alias_counts_against_node_limit),
        cmocka_unit_test(test_alias_unknown_and_recursive),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_loader_million_deep),
        cmocka_unit_test(test_loader_aliases_rejected_when_disabled),
        cmocka_unit_test(test_loader_many_keys_one_duplicate),
#ifdef UHP_LIMITS_EXTENDED
        cmocka_unit_test(test_loader_billion_laughs_allowed),
        cmocka_unit_test(test_loader_alias_allowed_small),
        cmocka_unit_test(test_loader_scalar_and_node_limits),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
