/* The check pipeline end to end: CONFIG strings, PARMLIB members, layering locations,
 * instance filtering, exit status. */
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
#include "uhp/check.h"
#include "uhp/config_spec.h"

static const char *zowe_yaml = "zowe:\n"
                               "  externalDomains:\n"
                               "    - umsha.plex1.example.com\n"
                               "  externalPort: 7554\n"
                               "  logDirectory: /global/zowe/logs\n"
                               "components:\n"
                               "  gateway:\n"
                               "    enabled: true\n"
                               "haInstances:\n"
                               "  lpar1:\n"
                               "    hostname: lpar1.plex1.example.com\n"
                               "    sysname: SYS1\n"
                               "  lpar2:\n"
                               "    hostname: lpar2.plex1.example.com\n"
                               "    sysname: SYS2\n"
                               "    components:\n"
                               "      gateway:\n"
                               "        enabled: false\n";

static const char *zweyaml = "components:\n"
                             "  izp:\n"
                             "    enabled: true\n"
                             "    server:\n"
                             "      authType: MFA_JWT\n"
                             "      host: umsha.plex1.example.com\n"
                             "      port:\n"
                             "        http: 12023\n";

static const uhp_finding *find(const uhp_run *run, const char *rule, const char *instance)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, rule) &&
            (!instance ||
             (run->findings[i].instances && strstr(run->findings[i].instances, instance))))
            return &run->findings[i];
    return NULL;
}

static uhp_status status_of(const uhp_run *run, const char *rule, const char *instance)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (!strcmp(r->rule_id, rule) &&
            ((!instance && !r->instance) ||
             (instance && r->instance && !strcmp(r->instance, instance))))
            return r->status;
    }
    fail_msg("no result for %s %s", rule, instance ? instance : "(global)");
    return UHP_STATUS_NA;
}

/* Checks FILE(zowe.yaml):FILE(ZWEYAML) (or a plain path when PLAIN) as Zowe RELEASE. */
static void check_release(uhp_run *run, unsigned release, bool plain)
{
    static char spec[2048];
    const char *z = uhp_test_write_temp("rel-zowe.yaml", zowe_yaml);
    const char *u = uhp_test_write_temp("rel-ZWEYAML.yaml", zweyaml);
    assert_non_null(z);
    assert_non_null(u);
    snprintf(spec, sizeof spec, "FILE(%s):FILE(%s)", z, u);
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {plain ? z : spec};
    o.configs = configs;
    o.n_configs = 1;
    o.zowe_release = release;
    o.zowe_version = release ? (int)(release / 10000) : 0;
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
}

/* --zowe-version: releases parse, and the behaviours that changed between releases are
 * modelled (docs/defaults.md). */
static void test_zowe_releases(void **state)
{
    (void)state;
    unsigned r;
    assert_true(uhp_zowe_release_parse("2.16.0", &r));
    assert_int_equal(r, 21600);
    assert_true(uhp_zowe_release_parse("3", &r));
    assert_int_equal(r, 30000);
    assert_true(uhp_zowe_release_parse("2.9", &r));
    assert_int_equal(r, 20900);
    assert_false(uhp_zowe_release_parse("2.x", &r));
    assert_false(uhp_zowe_release_parse("4.0.0", &r));
    assert_false(uhp_zowe_release_parse("2.100.0", &r));
    assert_false(uhp_zowe_release_parse("2.16.0.1", &r));
    assert_false(uhp_zowe_release_parse("", &r));

    uhp_run run;
    /* lpar2 turns its gateway off: from 2.14.0 that applies (UHA101 fails there)... */
    check_release(&run, 0, false);
    assert_int_equal(status_of(&run, "UHA101", "lpar2"), UHP_STATUS_FAIL);
    assert_null(run.meta.defaults); /* the built-in defaults table */
    uhp_run_destroy(&run);
    /* ...before 2.14.0 a per-instance 'enabled' is not read, and before 2.17.0 no
     * defaults.yaml is layered */
    check_release(&run, 21300, false);
    assert_int_equal(status_of(&run, "UHA101", "lpar2"), UHP_STATUS_PASS);
    assert_non_null(run.meta.defaults);
    assert_non_null(strstr(run.meta.defaults, "2.17.0"));
    uhp_run_destroy(&run);
    /* before 2.10.0 a plain-path CONFIG runs the config manager only when asked */
    check_release(&run, 20900, true);
    const uhp_finding *f = find(&run, "UHA306", NULL);
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_WARNING);
    assert_non_null(strstr(f->message, "2.10.0"));
    uhp_run_destroy(&run);
    check_release(&run, 21000, true);
    assert_null(find(&run, "UHA306", NULL));
    uhp_run_destroy(&run);
}

static void test_config_spec_parsing(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_layer_spec *l = NULL;
    size_t n = 0, cap = 0;
    assert_null(uhp_config_spec_parse(
        "FILE(/a/zowe.yaml):FILE(b.yaml):PARMLIB(izp.i1.parmlib(zweyaml))", &a, &l, &n, &cap));
    assert_int_equal(n, 3);
    assert_int_equal(l[0].kind, UHP_LAYER_FILE);
    assert_string_equal(l[0].path, "/a/zowe.yaml");
    assert_string_equal(l[1].path, "b.yaml");
    assert_int_equal(l[2].kind, UHP_LAYER_PARMLIB);
    assert_string_equal(l[2].dsn, "IZP.I1.PARMLIB");
    assert_string_equal(l[2].member, "ZWEYAML");
    assert_null(uhp_config_spec_parse("plain/zowe.yaml", &a, &l, &n, &cap));
    assert_int_equal(n, 4);
    assert_int_equal(l[3].kind, UHP_LAYER_PATH);
    assert_non_null(uhp_config_spec_parse("FILE(a.yaml", &a, &l, &n, &cap));
    assert_non_null(uhp_config_spec_parse("FILE(a.yaml):", &a, &l, &n, &cap));
    assert_non_null(uhp_config_spec_parse("FILE(a)FILE(b)", &a, &l, &n, &cap));
    assert_non_null(uhp_config_spec_parse("PARMLIB(DSN)", &a, &l, &n, &cap));
    assert_non_null(
        strstr(uhp_config_spec_parse("FILE(a):BOGUS(x)", &a, &l, &n, &cap), "character 9"));
    uhp_arena_destroy(&a);
}

static void test_parmlib_layers_and_locations(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("check");
    const char *zowe = uhp_test_write_in(dir, "zowe.yaml", zowe_yaml);
    uhp_test_write_in(dir, "ZWEYAML.yaml", zweyaml);
    char spec[600];
    snprintf(spec, sizeof spec, "FILE(%s):PARMLIB(IZP.PARMLIB(ZWEYAML))", zowe);
    const char *configs[] = {spec};
    const char *dvipa[] = {"umsha.plex1.example.com=10.10.1.100"};
    uhp_parmlib_map pm = {"izp.parmlib", dir};
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    o.configs = configs;
    o.n_configs = 1;
    o.parmlibs = &pm;
    o.n_parmlibs = 1;
    o.dvipa_specs = dvipa;
    o.n_dvipa = 1;
    uhp_run run;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_null(run.usage_error);
    assert_false(run.input_error);
    assert_int_equal(run.meta.n_layers, 1 + 1);
    assert_int_equal(run.meta.n_instances, 2);
    /* The gateway is disabled by lpar2's override: the finding points at it. */
    assert_int_equal(status_of(&run, "UHA101", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status_of(&run, "UHA101", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = find(&run, "UHA101", "lpar2");
    assert_non_null(f);
    assert_string_equal(f->file, zowe);
    assert_int_equal(f->line, 18);
    assert_string_equal(f->key_path, "haInstances.lpar2.components.gateway.enabled");
    /* The UMS port and authType come from the PARMLIB member. */
    assert_int_equal(status_of(&run, "UHA105", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_FINDINGS);
    uhp_run_destroy(&run);

    /* --ha-instance narrows the run to lpar1, which is ready. */
    const char *only[] = {"lpar1"};
    o.only_instances = only;
    o.n_only_instances = 1;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_int_equal(run.meta.n_instances, 1);
    assert_null(find(&run, "UHA101", NULL));
    uhp_run_destroy(&run);
    const char *bad_only[] = {"lpar9"};
    o.only_instances = bad_only;
    uhp_run_init(&run);
    uhp_check(&o, &run);
    assert_non_null(run.usage_error);
    assert_non_null(strstr(run.usage_error, "'lpar9'"));
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_USAGE);
    uhp_run_destroy(&run);
}

static void test_builtin_default_location(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("check");
    /* externalPort not set anywhere: the built-in default 7554 decides, and the gateway
     * port is moved, so UHA103 fails at the built-in default. */
    const char *y =
        uhp_test_write_in(dir, "defaults-case.yaml",
                          "components:\n  gateway:\n    port: 7600\n  izp:\n    enabled: true\n");
    const char *configs[] = {y};
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    o.configs = configs;
    o.n_configs = 1;
    uhp_run run;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    const uhp_finding *f = find(&run, "UHA103", NULL);
    assert_non_null(f);
    assert_true(f->builtin_default);
    assert_null(f->file);
    assert_int_equal(f->line, 0);
    assert_string_equal(f->key_path, "zowe.externalPort");
    assert_null(run.meta.defaults);
    /* A key no file sets is reported where it should be added: the top of the file. */
    f = find(&run, "UHA109", NULL);
    assert_non_null(f);
    assert_false(f->builtin_default);
    assert_string_equal(f->file, y);
    assert_int_equal(f->line, 1);
    uhp_run_destroy(&run);
}

/* Asserts that two runs hold the same checklist and the same findings. */
static void assert_same_run(const uhp_run *a, const uhp_run *b)
{
    assert_int_equal(a->n_results, b->n_results);
    for (size_t i = 0; i < a->n_results; i++) {
        const uhp_result *x = &a->results[i], *y = &b->results[i];
        assert_string_equal(x->rule_id, y->rule_id);
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->instance == NULL, y->instance == NULL);
        if (x->instance)
            assert_string_equal(x->instance, y->instance);
        assert_int_equal(x->note == NULL, y->note == NULL);
        if (x->note)
            assert_string_equal(x->note, y->note);
    }
    assert_int_equal(a->n_findings, b->n_findings);
    for (size_t i = 0; i < a->n_findings; i++) {
        const uhp_finding *x = &a->findings[i], *y = &b->findings[i];
        assert_string_equal(x->rule_id, y->rule_id);
        assert_string_equal(x->message, y->message);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->builtin_default, y->builtin_default);
    }
}

/* A defaults cache shared by several checks (a manifest's sets) gives each the same run as
 * loading the built-in table itself, for both Zowe versions, and outlives the checks. */
static void test_defaults_cache_shared(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("check");
    const char *y =
        uhp_test_write_in(dir, "cache-case.yaml",
                          "components:\n  gateway:\n    port: 7600\n  izp:\n    enabled: true\n");
    const char *configs[] = {y};
    uhp_defaults_cache *cache = uhp_defaults_cache_new();
    assert_non_null(cache);
    for (int version = 2; version <= 3; version++) {
        uhp_check_opts o;
        uhp_check_opts_init(&o);
        o.configs = configs;
        o.n_configs = 1;
        o.zowe_version = version;
        uhp_run alone, first, again;
        uhp_run_init(&alone);
        assert_int_equal(uhp_check(&o, &alone), 0);
        o.defaults_cache = cache;
        uhp_run_init(&first);
        assert_int_equal(uhp_check(&o, &first), 0);
        uhp_run_init(&again); /* from the cached tree */
        assert_int_equal(uhp_check(&o, &again), 0);
        size_t n_rules, n_cells = 0;
        const uhp_rule *const *rules = uhp_rules(&n_rules);
        for (size_t r = 0; r < n_rules; r++) /* rules of --zowe-runtime have no cell here */
            n_cells += !(rules[r]->flags & UHP_RULE_RUNTIME);
        assert_int_equal(alone.n_results, n_cells);    /* no haInstances: one cell per rule */
        assert_non_null(find(&again, "UHA103", NULL)); /* decided by the built-in default */
        assert_true(find(&again, "UHA103", NULL)->builtin_default);
        assert_same_run(&alone, &first);
        assert_same_run(&alone, &again);
        uhp_run_destroy(&alone);
        uhp_run_destroy(&first);
        uhp_run_destroy(&again);
    }
    uhp_defaults_cache_free(cache);
    uhp_defaults_cache_free(NULL);
}

static void test_layering_trap_external_domains(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("check");
    const char *top = uhp_test_write_in(
        dir, "top.yaml", "zowe:\n  externalDomains:\n    - umsha.plex1.example.com\n");
    const char *member =
        uhp_test_write_in(dir, "member.yaml",
                          "zowe:\n  externalDomains:\n    - lpar1.plex1.example.com\n"
                          "components:\n  izp:\n    enabled: true\n");
    const char *configs[] = {top, member};
    const char *dvipa[] = {"umsha.plex1.example.com=10.10.1.100"};
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    o.configs = configs;
    o.n_configs = 2;
    o.dvipa_specs = dvipa;
    o.n_dvipa = 1;
    uhp_run run;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    const uhp_finding *f = find(&run, "UHA102", NULL);
    assert_non_null(f);
    /* The DVIPA placed first in the higher-priority file ends up second. */
    assert_string_equal(f->file, member);
    assert_int_equal(f->line, 3);
    assert_non_null(strstr(f->message, "lpar1.plex1.example.com"));
    uhp_run_destroy(&run);
}

static void test_usage_errors(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("check");
    uhp_test_write_in(dir, "A.yaml", "a: 1\n");
    uhp_test_write_in(dir, "B.yaml", "b: 1\n");
    uhp_parmlib_map pm = {"X.PARMLIB", dir};
    const char *mixed[] = {"PARMLIB(X.PARMLIB(A)):PARMLIB(X.PARMLIB(B))"};
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    o.configs = mixed;
    o.n_configs = 1;
    o.parmlibs = &pm;
    o.n_parmlibs = 1;
    uhp_run run;
    uhp_run_init(&run);
    uhp_check(&o, &run);
    assert_non_null(run.usage_error);
    assert_non_null(strstr(run.usage_error, "same member"));
    uhp_run_destroy(&run);

    const char *unmapped[] = {"PARMLIB(Y.PARMLIB(A))"};
    o.configs = unmapped;
    uhp_run_init(&run);
    uhp_check(&o, &run);
    assert_non_null(run.usage_error);
    assert_non_null(strstr(run.usage_error, "'Y.PARMLIB'"));
    uhp_run_destroy(&run);

    const char *dv[] = {"10.1.1.1", "10.1.1.2"};
    const char *one[] = {"PARMLIB(X.PARMLIB(A))"};
    o.configs = one;
    o.dvipa_specs = dv;
    o.n_dvipa = 2;
    uhp_run_init(&run);
    uhp_check(&o, &run);
    assert_non_null(run.usage_error);
    uhp_run_destroy(&run);
}

static void test_unreadable_inputs(void **state)
{
    (void)state;
    const char *dir = uhp_test_dir("check");
    const char *empty = uhp_test_write_in(dir, "empty.yaml", "");
    const char *cases[] = {"/nonexistent/zowe.yaml", dir, empty};
    for (size_t i = 0; i < 3; i++) {
        const char *configs[] = {cases[i]};
        uhp_check_opts o;
        uhp_check_opts_init(&o);
        o.configs = configs;
        o.n_configs = 1;
        uhp_run run;
        uhp_run_init(&run);
        assert_int_equal(uhp_check(&o, &run), 0);
        assert_true(run.input_error);
        assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_USAGE);
        const uhp_finding *f = find(&run, "UHA001", NULL);
        assert_non_null(f);
        assert_string_equal(f->file, cases[i]);
        /* rules are not run on a half-loaded configuration */
        assert_int_equal(status_of(&run, "UHA105", NULL), UHP_STATUS_NA);
        uhp_run_destroy(&run);
    }
}

static void test_instance_lists(void **state)
{
    (void)state;
    const char *cursor = " lpar1, ,lpar10 ,lpar2";
    size_t n;
    const char *p = uhp_instances_next(&cursor, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(p, "lpar1", 5);
    p = uhp_instances_next(&cursor, &n);
    assert_int_equal(n, 6);
    assert_memory_equal(p, "lpar10", 6);
    p = uhp_instances_next(&cursor, &n);
    assert_memory_equal(p, "lpar2", 5);
    assert_null(uhp_instances_next(&cursor, &n));
    assert_true(uhp_instances_has("lpar10, lpar2", "lpar2"));
    assert_false(uhp_instances_has("lpar10, lpar2", "lpar1")); /* not a prefix match */
    assert_true(uhp_instances_has(NULL, "lpar1"));
    assert_true(uhp_instances_has("lpar1", NULL));
}

/* A configuration file held in memory is read from there, never from the file system
 * (no such file exists), under the same size limit as a file. */
static void test_memory_files(void **state)
{
    (void)state;
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    static const char *const names[] = {"no-such-dir/zowe.yaml"};
    static const char *const texts[] = {"zowe:\n  externalPort: 7554\n"};
    const char *configs[] = {"FILE(no-such-dir/zowe.yaml)"};
    o.configs = configs;
    o.n_configs = 1;
    uhp_run run;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_true(run.input_error); /* not registered: the file system says no such file */
    uhp_run_destroy(&run);
    o.memory_names = names;
    o.memory_texts = texts;
    o.n_memory = 1;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_false(run.input_error);
    assert_non_null(find(&run, "UHA107", NULL)); /* the text was read and checked */
    uhp_run_destroy(&run);
    o.limits.max_size = 8;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_true(run.input_error);
    const uhp_finding *f = find(&run, "UHA004", NULL);
    assert_non_null(f);
    assert_string_equal(f->file, "no-such-dir/zowe.yaml");
    uhp_run_destroy(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_spec_parsing),
        cmocka_unit_test(test_zowe_releases),
        cmocka_unit_test(test_parmlib_layers_and_locations),
        cmocka_unit_test(test_builtin_default_location),
        cmocka_unit_test(test_defaults_cache_shared),
        cmocka_unit_test(test_layering_trap_external_domains),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_unreadable_inputs),
        cmocka_unit_test(test_instance_lists),
        cmocka_unit_test(test_memory_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
