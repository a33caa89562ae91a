/* Config-set manifests and the small modules under them: paths, arenas, sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "uhp/arena.h"
#include "uhp/manifest.h"
#include "uhp/source.h"

static void test_manifest_sets_and_paths(void **state)
{
    (void)state;
    const char *m =
        uhp_test_write_in(uhp_test_dir("manifest"), "sets.yaml",
                          "sets:\n"
                          "  - name: plex1\n"
                          "    config: [\"FILE(plex1/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))\"]\n"
                          "    parmlib: [IZP.PARMLIB=plex1/../plex1/parmlib]\n"
                          "    tcpip: [plex1/PROFILE.TCPIP]\n"
                          "    dvipa: [ums.example.com=10.1.1.1]\n"
                          "    ha-instances: [lpar1]\n"
                          "  - name: plex2\n"
                          "    config: [/abs/zowe.yaml]\n"
                          "    defaults: ./defaults.yaml\n");
    uhp_limits lim;
    uhp_limits_default(&lim);
    uhp_manifest man;
    char err[512];
    assert_int_equal(uhp_manifest_load(m, &lim, &man, err, sizeof err), 0);
    assert_int_equal(man.n_sets, 2);
    const uhp_set *a = &man.sets[0];
    assert_string_equal(a->name, "plex1");
    char want[600];
    snprintf(want, sizeof want, "FILE(%s/plex1/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))",
             uhp_test_dir("manifest"));
    assert_string_equal(a->opts.configs[0], want);
    snprintf(want, sizeof want, "%s/plex1/parmlib", uhp_test_dir("manifest"));
    assert_string_equal(a->opts.parmlibs[0].dir, want); /* "x/../x" normalised */
    assert_string_equal(a->opts.parmlibs[0].dsn, "IZP.PARMLIB");
    assert_int_equal(a->opts.n_tcpip, 1);
    assert_string_equal(a->opts.dvipa_specs[0], "ums.example.com=10.1.1.1");
    assert_string_equal(a->opts.only_instances[0], "lpar1");
    const uhp_set *b = &man.sets[1];
    assert_string_equal(b->opts.configs[0], "/abs/zowe.yaml");
    snprintf(want, sizeof want, "%s/defaults.yaml", uhp_test_dir("manifest"));
    assert_string_equal(b->opts.defaults_path, want);
    uhp_manifest_free(&man);
}

static void test_manifest_errors_are_located(void **state)
{
    (void)state;
    static const struct {
        const char *yaml;
        const char *where;
        const char *what;
    } cases[] = {
        {"sets:\n  - name: a\n    confg: [x]\n", ":3:5:", "unknown key 'confg'"},
        {"sets:\n  - name: a\n", ":2:5:", "needs 'name' and 'config'"},
        {"sets:\n  - name: a\n    config: x\n", ":3:5:", "must be a list"},
        {"sets: 5\n", ":1:1:", "must be a list of sets"},
        {"set:\n  - name: a\n", ":1:1:", "unknown key 'set'"},
        {"sets:\n  - name: a\n   config: [x]\n", ":3:", "yaml syntax error"},
        {"sets:\n  - name: a\n    config: [x]\n  - name: a\n    config: [y]\n",
         ":4:5:", "two sets"},
        {"sets:\n  - name: a\n    config: [\"FILE(x\"]\n", "", "invalid config"},
        {"sets: []\n", ":1:1:", "at least one set"},
        {"sets:\n  - name: a\n    config: []\n", ":3:5:", "at least one CONFIG"},
        {"{}\n", ":1:1:", "needs 'sets'"},
    };
    uhp_limits lim;
    uhp_limits_default(&lim);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *m = uhp_test_write_in(uhp_test_dir("manifest"), "bad.yaml", cases[i].yaml);
        uhp_manifest man;
        char err[512];
        assert_int_equal(uhp_manifest_load(m, &lim, &man, err, sizeof err), -1);
        if (!strstr(err, cases[i].where) || !strstr(err, cases[i].what))
            fail_msg("case %zu: '%s' lacks '%s' / '%s'", i, err, cases[i].where, cases[i].what);
        assert_non_null(strstr(err, m));
        uhp_manifest_free(&man);
    }
    uhp_manifest man;
    char err[512];
    assert_int_equal(uhp_manifest_load("/nonexistent/sets.yaml", &lim, &man, err, sizeof err), -1);
    assert_non_null(strstr(err, "no such file"));
}

/* The first set whose name an earlier set has is the one reported, whatever the order. */
static void test_manifest_repeated_names(void **state)
{
    (void)state;
    const char *m = uhp_test_write_in(uhp_test_dir("manifest"), "dup.yaml",
                                      "sets:\n"
                                      "  - {name: zeta, config: [a.yaml]}\n"
                                      "  - {name: alpha, config: [b.yaml]}\n"
                                      "  - {name: mid, config: [c.yaml]}\n"
                                      "  - {name: zeta, config: [d.yaml]}\n"
                                      "  - {name: alpha, config: [e.yaml]}\n");
    uhp_limits lim;
    uhp_limits_default(&lim);
    uhp_manifest man;
    char err[512];
    assert_int_equal(uhp_manifest_load(m, &lim, &man, err, sizeof err), -1);
    /* zeta repeats at the fourth set, alpha only at the fifth */
    assert_non_null(strstr(err, "two sets are named 'zeta'"));
    assert_null(man.sets);
    m = uhp_test_write_in(uhp_test_dir("manifest"), "unique.yaml",
                          "sets:\n"
                          "  - {name: b, config: [a.yaml]}\n"
                          "  - {name: a, config: [b.yaml]}\n"
                          "  - {name: ab, config: [c.yaml]}\n");
    assert_int_equal(uhp_manifest_load(m, &lim, &man, err, sizeof err), 0);
    assert_int_equal(man.n_sets, 3);
    assert_string_equal(man.sets[2].name, "ab");
    uhp_manifest_free(&man);
}

static void test_path_join(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    assert_string_equal(uhp_path_join(&a, "a/b", "c.yaml"), "a/b/c.yaml");
    assert_string_equal(uhp_path_join(&a, "a/b", "../c.yaml"), "a/c.yaml");
    assert_string_equal(uhp_path_join(&a, "a", "./x/./y"), "a/x/y");
    assert_string_equal(uhp_path_join(&a, "a", "../../y"), "../y");
    assert_string_equal(uhp_path_join(&a, "a", "/abs/y"), "/abs/y");
    assert_string_equal(uhp_path_join(&a, ".", "y"), "y");
    assert_string_equal(uhp_path_join(&a, "a", "-"), "-");
    const char *err = NULL;
    assert_string_equal(uhp_config_spec_rebase(&a, "d", "FILE(x.yaml):PARMLIB(A.B(M))", &err),
                        "FILE(d/x.yaml):PARMLIB(A.B(M))");
    assert_null(uhp_config_spec_rebase(&a, "d", "FILE(x.yaml", &err));
    assert_non_null(err);
    uhp_arena_destroy(&a);
}

static void test_arena(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    char *small = uhp_arena_alloc(&a, 3);
    assert_non_null(small);
    assert_int_equal((uintptr_t)small % _Alignof(max_align_t), 0);
    /* larger than any block: gets a block of its own */
    char *big = uhp_arena_alloc(&a, 20u * 1024u * 1024u);
    assert_non_null(big);
    memset(big, 1, 20u * 1024u * 1024u);
    assert_true(a.used_total >= 20u * 1024u * 1024u);
    assert_string_equal(uhp_arena_printf(&a, "%s-%d", "x", 42), "x-42");
    assert_string_equal(uhp_arena_strndup(&a, "abcdef", 3), "abc");
    /* a string that fills the rest of the head block, then one that cannot fit there */
    char *fit = uhp_arena_printf(&a, "%s", "y");
    assert_string_equal(fit, "y");
    char *bigger = uhp_arena_printf(&a, "%*s", 30000, "z");
    assert_non_null(bigger);
    assert_int_equal(strlen(bigger), 30000);
    assert_int_equal(bigger[29999], 'z');
    /* reset keeps one block and hands its memory out again from the start */
    uhp_arena_reset(&a);
    assert_int_equal(a.used_total, 0);
    assert_non_null(a.head);
    char *first = uhp_arena_alloc(&a, 16);
    assert_non_null(uhp_arena_alloc(&a, 64));
    uhp_arena_reset(&a);
    assert_ptr_equal(uhp_arena_alloc(&a, 16), first);
    assert_int_equal(a.used_total, 16);
    uhp_arena_destroy(&a);
    assert_null(a.head);
    assert_int_equal(a.used_total, 0);
}

static void test_source_lines(void **state)
{
    (void)state;
    const char *text = "a: 1\r\nb: 2\n\nlast";
    uhp_source *s = uhp_source_from_memory("m.yaml", text, strlen(text));
    assert_non_null(s);
    size_t len = 0;
    const char *l = uhp_source_line(s, 1, &len);
    assert_int_equal(len, 4); /* the CR is not part of the line */
    assert_memory_equal(l, "a: 1", 4);
    l = uhp_source_line(s, 3, &len);
    assert_int_equal(len, 0);
    l = uhp_source_line(s, 4, &len);
    assert_memory_equal(l, "last", 4);
    assert_null(uhp_source_line(s, 5, &len));
    assert_null(uhp_source_line(s, 0, &len));
    uhp_source_free(s);

    uhp_source *out = NULL;
    assert_int_equal(uhp_source_read("/nonexistent/x.yaml", 1024, &out), UHP_READ_MISSING);
    assert_int_equal(uhp_source_read(uhp_test_dir("manifest"), 1024, &out), UHP_READ_DIRECTORY);
    const char *p = uhp_test_write_in(uhp_test_dir("manifest"), "big.yaml", "0123456789");
    assert_int_equal(uhp_source_read(p, 5, &out), UHP_READ_TOO_LARGE);
    assert_null(out);
    assert_int_equal(uhp_source_read(p, 10, &out), UHP_READ_OK);
    assert_int_equal(out->len, 10);
    assert_string_equal(out->name, p);
    uhp_source_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_sets_and_paths),
        cmocka_unit_test(test_manifest_errors_are_located),
        cmocka_unit_test(test_manifest_repeated_names),
        cmocka_unit_test(test_path_join),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_source_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
