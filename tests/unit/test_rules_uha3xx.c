/* The Zowe HA platform rules UHA301-UHA306: for every rule a configuration that makes it
 * fail and one that makes it pass, run through uhp_check() on YAML written here, asserting
 * on the findings (rule, severity, file, line, column, instances) and the checklist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "defaults_builtin.h"
#include "support.h"
#include "uhp/check.h"
#include "uhp/rule.h"

/* Zowe platform settings that pass every UHA3xx rule with two instances on two systems. */
#define HEAD                                                                                       \
    "zowe:\n"                                                                                      \
    "  externalDomains:\n"                                                                         \
    "    - umsha.plex1.example.com\n"                                                              \
    "  externalPort: 7554\n"                                                                       \
    "components:\n"                                                                                \
    "  gateway:\n"                                                                                 \
    "    enabled: true\n"                                                                          \
    "    port: 7554\n"
#define CACHING(mode, extra)                                                                       \
    "  caching-service:\n"                                                                         \
    "    enabled: true\n"                                                                          \
    "    storage:\n"                                                                               \
    "      mode: " mode "\n" extra
#define HOSTS                                                                                      \
    "      infinispan:\n"                                                                          \
    "        initialHosts: \"lpar1.example.com[7600],lpar2.example.com[7600]\"\n"
#define INST(id, host, sys)                                                                        \
    "  " id ":\n"                                                                                  \
    "    hostname: " host "\n"                                                                     \
    "    sysname: " sys "\n"
#define TWO                                                                                        \
    "haInstances:\n" INST("lpar1", "lpar1.example.com", "SYS1")                                    \
        INST("lpar2", "lpar2.example.com", "SYS2")
#define GOOD                                                                                       \
    HEAD CACHING("infinispan", HOSTS)                                                              \
    TWO

typedef struct opts {
    const char *defaults; /* --defaults file, or NULL */
    bool file_spec;       /* wrap the path in FILE() */
    bool dvipa;
} opts;

/* Checks TEXT as the in-memory configuration file NAME with O; returns the file's name. */
static const char *run_yaml(uhp_run *run, const char *name, const char *text, const opts *o)
{
    const char *path = uhp_test_memory_file(NULL, name, text);
    char spec[600];
    snprintf(spec, sizeof spec, o && o->file_spec ? "FILE(%s)" : "%s", path);
    uhp_check_opts co;
    uhp_check_opts_init(&co);
    const char *configs[1] = {spec};
    co.configs = configs;
    co.n_configs = 1;
    uhp_test_memory_attach(&co);
    co.defaults_path = o ? o->defaults : NULL;
    static const char *const dv[] = {"umsha.plex1.example.com=10.10.1.100"};
    if (o && o->dvipa) {
        co.dvipa_specs = (const char **)dv;
        co.n_dvipa = 1;
    }
    uhp_run_init(run);
    assert_int_equal(uhp_check(&co, run), 0);
    assert_false(run->input_error);
    assert_null(run->usage_error);
    return path;
}

static size_t count(const uhp_run *run, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        n += strcmp(run->findings[i].rule_id, id) == 0;
    return n;
}

/* The Nth finding of rule ID, or NULL. */
static const uhp_finding *nth(const uhp_run *run, const char *id, size_t n)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, id) && n-- == 0)
            return &run->findings[i];
    return NULL;
}

/* The first finding of rule ID whose message holds NEEDLE, or NULL. */
static const uhp_finding *with(const uhp_run *run, const char *id, const char *needle)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, id) && strstr(run->findings[i].message, needle))
            return &run->findings[i];
    return NULL;
}

/* The checklist cell of rule ID for INST (NULL: the global cell); fails when absent. */
static uhp_status status(const uhp_run *run, const char *id, const char *inst)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (strcmp(r->rule_id, id) != 0)
            continue;
        if ((!inst && !r->instance) || (inst && r->instance && !strcmp(inst, r->instance)))
            return r->status;
    }
    fail_msg("no result for %s / %s", id, inst ? inst : "(global)");
    return UHP_STATUS_NA;
}

/* Line and column (1-based) of NEEDLE in TEXT. */
static unsigned line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    unsigned line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

static unsigned col_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    const char *bol = p;
    while (bol > text && bol[-1] != '\n')
        bol--;
    return (unsigned)(p - bol) + 1;
}

/* Asserts F is at FILE where NEEDLE starts in TEXT, with severity SEV and INSTANCES. */
static void assert_at(const uhp_finding *f, uhp_severity sev, const char *file, const char *text,
                      const char *needle, const char *instances)
{
    assert_non_null(f);
    assert_int_equal(f->severity, sev);
    assert_non_null(f->file);
    assert_string_equal(f->file, file);
    assert_int_equal(f->line, line_of(text, needle));
    assert_int_equal(f->col, col_of(text, needle));
    if (instances) {
        assert_non_null(f->instances);
        assert_string_equal(f->instances, instances);
    }
}

static const char *const UHA3XX[] = {"UHA301", "UHA302", "UHA304"};

/* The good configuration passes every UHA3xx rule and UHA006, with no findings. */
static void test_good_config_passes(void **state)
{
    (void)state;
    uhp_run run;
    run_yaml(&run, "p-good.yaml", GOOD, NULL);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(status(&run, UHA3XX[i], "lpar1"), UHP_STATUS_PASS);
        assert_int_equal(status(&run, UHA3XX[i], "lpar2"), UHP_STATUS_PASS);
    }
    assert_int_equal(status(&run, "UHA303", NULL), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA305", NULL), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA306", NULL), UHP_STATUS_PASS);
    static const char *const all[] = {"UHA006", "UHA301", "UHA302", "UHA303",
                                      "UHA304", "UHA305", "UHA306"};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(count(&run, all[i]), 0);
    uhp_run_destroy(&run);
}

/* UHA301: inMemory on two caching instances is one error at the mode, naming both. */
static void test_uha301_inmemory(void **state)
{
    (void)state;
    static const char text[] = HEAD CACHING("inMemory", "") TWO;
    uhp_run run;
    const char *path = run_yaml(&run, "p301a.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA301"), 1);
    assert_at(nth(&run, "UHA301", 0), UHP_SEV_ERROR, path, text, "inMemory", "lpar1, lpar2");
    assert_non_null(strstr(nth(&run, "UHA301", 0)->message, "2 instances"));
    assert_non_null(strstr(nth(&run, "UHA301", 0)->fix, "infinispan"));
    assert_int_equal(status(&run, "UHA301", "lpar1"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);

    /* The same with the caching service off in lpar2: one instance, so it passes. */
    static const char one[] = HEAD CACHING("inMemory", "") TWO
        "    components:\n      caching-service:\n        enabled: false\n";
    run_yaml(&run, "p301b.yaml", one, NULL);
    assert_int_equal(count(&run, "UHA301"), 0);
    assert_int_equal(status(&run, "UHA301", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA301", "lpar2"), UHP_STATUS_NA);
    uhp_run_destroy(&run);

    /* No haInstances: one instance, inMemory is fine. */
    run_yaml(&run, "p301c.yaml", HEAD CACHING("inMemory", ""), NULL);
    assert_int_equal(count(&run, "UHA301"), 0);
    assert_int_equal(status(&run, "UHA301", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA301: a defaults file without a mode leaves the caching service's own inMemory. */
static void test_uha301_default_inmemory(void **state)
{
    (void)state;
    const char *defaults = uhp_test_write_temp(
        "p301-defaults.yaml", "components:\n  caching-service:\n    enabled: true\n"
                              "    port: 7555\n  gateway:\n    enabled: true\n");
    opts o = {defaults, false, false};
    uhp_run run;
    run_yaml(&run, "p301d.yaml", HEAD TWO, &o);
    assert_int_equal(count(&run, "UHA301"), 1);
    const uhp_finding *f = nth(&run, "UHA301", 0);
    assert_int_equal(f->severity, UHP_SEV_ERROR);
    assert_non_null(strstr(f->message, "not set, so the caching service's own default"));
    uhp_run_destroy(&run);
}

/* UHA301: redis and an unknown mode are errors; infinispan passes. */
static void test_uha301_redis_bogus(void **state)
{
    (void)state;
    static const char redis[] = HEAD CACHING("redis", "") TWO;
    uhp_run run;
    const char *path = run_yaml(&run, "p301e.yaml", redis, NULL);
    assert_at(nth(&run, "UHA301", 0), UHP_SEV_ERROR, path, redis, "redis", "lpar1, lpar2");
    assert_non_null(strstr(nth(&run, "UHA301", 0)->message, "z/OS"));
    uhp_run_destroy(&run);
    static const char bogus[] = HEAD CACHING("bogus", "") TWO;
    path = run_yaml(&run, "p301f.yaml", bogus, NULL);
    assert_at(nth(&run, "UHA301", 0), UHP_SEV_ERROR, path, bogus, "bogus", NULL);
    assert_non_null(strstr(nth(&run, "UHA301", 0)->message, "'bogus' is not a caching"));
    uhp_run_destroy(&run);
    run_yaml(&run, "p301g.yaml", HEAD CACHING("Infinispan", HOSTS) TWO, NULL);
    assert_int_equal(count(&run, "UHA301"), 0);
    uhp_run_destroy(&run);
}

/* UHA301: VSAM is a deprecation warning, plus an RLS warning with several instances;
 * warnings only, so the exit status stays 0 at --fail-on error. */
static void test_uha301_vsam(void **state)
{
    (void)state;
    static const char text[] = "zowe:\n  setup:\n    vsam:\n      mode: NONRLS\n"
                               "components:\n" CACHING("VSAM", "") TWO;
    uhp_run run;
    const char *path = run_yaml(&run, "p301h.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA301"), 2);
    const uhp_finding *dep = with(&run, "UHA301", "deprecated");
    assert_at(dep, UHP_SEV_WARNING, path, text, "VSAM", "lpar1, lpar2");
    const uhp_finding *rls = with(&run, "UHA301", "record-level sharing");
    assert_at(rls, UHP_SEV_WARNING, path, text, "NONRLS", "lpar1, lpar2");
    assert_int_equal(status(&run, "UHA301", "lpar1"), UHP_STATUS_WARN);
    assert_int_equal(status(&run, "UHA301", "lpar2"), UHP_STATUS_WARN);
    uhp_run_destroy(&run);

    static const char rls_ok[] = "zowe:\n  setup:\n    vsam:\n      mode: RLS\n"
                                 "components:\n" CACHING("VSAM", "") TWO;
    run_yaml(&run, "p301i.yaml", rls_ok, NULL);
    assert_int_equal(count(&run, "UHA301"), 1);
    assert_non_null(with(&run, "UHA301", "deprecated"));
    assert_null(with(&run, "UHA301", "record-level sharing"));
    uhp_run_destroy(&run);
}

/* UHA302: infinispan on two instances without initialHosts warns, with the value to use;
 * naming both members passes. */
static void test_uha302(void **state)
{
    (void)state;
    static const char text[] = HEAD CACHING("infinispan", "      infinispan:\n        jgroups:\n"
                                                          "          port: 7600\n") TWO;
    uhp_run run;
    const char *path = run_yaml(&run, "p302a.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA302"), 1);
    const uhp_finding *f = nth(&run, "UHA302", 0);
    assert_at(f, UHP_SEV_WARNING, path, text, "infinispan:", "lpar1, lpar2");
    assert_non_null(strstr(f->fix, "\"lpar1.example.com[7600],lpar2.example.com[7600]\""));
    assert_int_equal(status(&run, "UHA302", "lpar1"), UHP_STATUS_WARN);
    uhp_run_destroy(&run);

    run_yaml(&run, "p302b.yaml", GOOD, NULL);
    assert_int_equal(count(&run, "UHA302"), 0);
    assert_int_equal(status(&run, "UHA302", "lpar2"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);

    /* Each instance names only itself: a warning per instance. */
    static const char self[] = HEAD CACHING("infinispan", "") "haInstances:\n" INST(
        "lpar1", "lpar1.example.com",
        "SYS1") "    components:\n      caching-service:\n        storage:\n          infinispan:\n"
                "            initialHosts: lpar1.example.com[7600]\n" INST(
                    "lpar2", "lpar2.example.com",
                    "SYS2") "    components:\n      caching-service:\n        storage:\n          "
                            "infinispan:\n"
                            "            initialHosts: LPAR2.example.com[7600]\n";
    path = run_yaml(&run, "p302c.yaml", self, NULL);
    assert_int_equal(count(&run, "UHA302"), 2);
    assert_at(with(&run, "UHA302", "'lpar1.example.com'"), UHP_SEV_WARNING, path, self,
              "lpar1.example.com[7600]", "lpar1");
    assert_at(with(&run, "UHA302", "'lpar2.example.com'"), UHP_SEV_WARNING, path, self,
              "LPAR2.example.com[7600]", "lpar2");
    uhp_run_destroy(&run);

    /* A malformed entry, and a mode that is not infinispan (N/A). */
    run_yaml(&run, "p302d.yaml",
             HEAD CACHING("infinispan", "      infinispan:\n        initialHosts: lpar2:7600\n")
                 TWO,
             NULL);
    assert_non_null(with(&run, "UHA302", "'lpar2:7600' is not host[port]"));
    uhp_run_destroy(&run);
    run_yaml(&run, "p302e.yaml", HEAD CACHING("inMemory", "") TWO, NULL);
    assert_int_equal(count(&run, "UHA302"), 0);
    assert_int_equal(status(&run, "UHA302", "lpar1"), UHP_STATUS_NA);
    uhp_run_destroy(&run);
}

/* UHA303: two gateways on one sysname fail at the later sysname; one passes. */
static void test_uha303(void **state)
{
    (void)state;
    static const char text[] = GOOD INST("lpar2b", "lpar2.example.com", "sys2");
    uhp_run run;
    const char *path = run_yaml(&run, "p303a.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA303"), 1);
    const uhp_finding *f = nth(&run, "UHA303", 0);
    assert_at(f, UHP_SEV_ERROR, path, text, "sys2", "lpar2, lpar2b");
    assert_non_null(strstr(f->message, "'lpar2' and 'lpar2b' both run the API ML gateway"));
    assert_non_null(strstr(f->fix, "haInstances.lpar2b"));
    assert_int_equal(status(&run, "UHA303", NULL), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);

    static const char ok[] =
        GOOD INST("lpar2b", "lpar2.example.com",
                  "SYS2") "    components:\n      gateway:\n        enabled: false\n";
    run_yaml(&run, "p303b.yaml", ok, NULL);
    assert_int_equal(count(&run, "UHA303"), 0);
    assert_int_equal(status(&run, "UHA303", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA304: two enabled components of one instance on one port; disabled ones do not count. */
static void test_uha304_own(void **state)
{
    (void)state;
    static const char text[] = GOOD;
    static const char zss[] =
        HEAD "  zss:\n    enabled: true\n    port: 7554\n" CACHING("infinispan", HOSTS) TWO;
    uhp_run run;
    const char *path = run_yaml(&run, "p304a.yaml", zss, NULL);
    assert_int_equal(count(&run, "UHA304"), 1);
    const uhp_finding *f = nth(&run, "UHA304", 0);
    assert_at(f, UHP_SEV_ERROR, path, zss, "7554\n  caching", "lpar1, lpar2");
    assert_non_null(strstr(f->message, "components.gateway.port and components.zss.port"));
    assert_int_equal(status(&run, "UHA304", "lpar1"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);

    /* jobs-api enabled on its default 7558: zaas has 7558 in Zowe v3, not in v2. */
    static const char jobs_text[] =
        HEAD "  jobs-api:\n    enabled: true\n" CACHING("infinispan", HOSTS) TWO;
    path = run_yaml(&run, "p304b.yaml", jobs_text, NULL);
    f = nth(&run, "UHA304", 0);
    assert_at(f, UHP_SEV_ERROR, path, jobs_text, "true\n  caching", "lpar1, lpar2");
    assert_non_null(strstr(f->message, "components.zaas.port and components.jobs-api.port"));
    uhp_run_destroy(&run);
    unsigned long len = 0;
    const char *v2 = uhp_builtin_defaults(2, &len);
    assert_true(len > 0 && strlen(v2) == len);
    opts o = {uhp_test_write_temp("p304-v2.yaml", v2), false, false};
    run_yaml(&run, "p304c.yaml", jobs_text, &o);
    assert_int_equal(count(&run, "UHA304"), 0);
    uhp_run_destroy(&run);

    /* The default config: jobs-api disabled on 7558 beside zaas, no collision. */
    run_yaml(&run, "p304d.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA304"), 0);
    uhp_run_destroy(&run);

    /* jgroups 7600 counts only with infinispan storage. */
    static const char jg[] =
        HEAD "  app-server:\n    enabled: true\n    port: 7600\n" CACHING("infinispan", HOSTS) TWO;
    path = run_yaml(&run, "p304e.yaml", jg, NULL);
    assert_non_null(with(&run, "UHA304",
                         "components.caching-service.storage.infinispan."
                         "jgroups.port"));
    uhp_run_destroy(&run);
    static const char jg_vsam[] =
        HEAD "  app-server:\n    enabled: true\n    port: 7600\n" CACHING("VSAM", "") TWO;
    run_yaml(&run, "p304f.yaml", jg_vsam, NULL);
    assert_int_equal(count(&run, "UHA304"), 0);
    uhp_run_destroy(&run);
}

/* UHA304: two instances on one sysname using one port; distinct ports pass. */
static void test_uha304_same_system(void **state)
{
    (void)state;
    static const char text[] =
        GOOD INST("lpar2b", "lpar2.example.com",
                  "SYS2") "    components:\n      gateway:\n        enabled: false\n"
                          "      caching-service:\n        enabled: false\n"
                          "      zss:\n        port: 7557\n";
    uhp_run run;
    const char *path = run_yaml(&run, "p304g.yaml", text, NULL);
    /* discovery 7553, api-catalog, app-server, zaas from the defaults on both: located at
     * the sysname that puts lpar2b on the same system. */
    const uhp_finding *f = with(&run, "UHA304",
                                "'lpar2' and 'lpar2b' run on the same system "
                                "'SYS2' and both use port 7553");
    assert_at(f, UHP_SEV_ERROR, path, text, "SYS2\n    components", "lpar2, lpar2b");
    assert_non_null(with(&run, "UHA304", "both use port 7558 ('lpar2': components.zaas.port"));
    uhp_run_destroy(&run);

    static const char own[] =
        GOOD INST("lpar2b", "lpar2.example.com",
                  "SYS2") "    components:\n      gateway:\n        enabled: false\n"
                          "      caching-service:\n        enabled: false\n"
                          "      zaas:\n        enabled: false\n"
                          "      discovery:\n        port: 17553\n"
                          "      api-catalog:\n        port: 17552\n"
                          "      app-server:\n        port: 17556\n"
                          "      zss:\n        port: 7557\n";
    path = run_yaml(&run, "p304h.yaml", own, NULL);
    assert_int_equal(count(&run, "UHA304"), 1);
    f = nth(&run, "UHA304", 0);
    assert_at(f, UHP_SEV_ERROR, path, own, "7557\n", "lpar2, lpar2b");
    assert_non_null(strstr(f->message, "both use port 7557"));
    uhp_run_destroy(&run);
}

/* UHA304 per instance: an overlay that enables a base component, a component only an
 * overlay adds, and a ${{ }} port whose target the overlay changes: Zowe evaluated the
 * template on the base before the overlay, so app3 keeps the base externalPort (7554) in
 * lpar2 too, and collides with the gateway there, not with app2's 9100. */
static void test_uha304_overlay(void **state)
{
    (void)state;
    static const char text[] = HEAD
        "  app1:\n    enabled: false\n    port: 7554\n"
        "  app2:\n    enabled: true\n    port: 9100\n"
        "  app3:\n    enabled: true\n    port: ${{ zowe.externalPort }}\n" CACHING(
            "infinispan",
            HOSTS) "haInstances:\n" INST("lpar1", "lpar1.example.com",
                                         "SYS1") "    components:\n      app1:\n        enabled: "
                                                 "true\n" INST("lpar2", "lpar2.example.com",
                                                               "SYS2") "    zowe:\n      "
                                                                       "externalPort: 9100\n"
                                                                       "    components:\n      "
                                                                       "extra9:\n        enabled: "
                                                                       "true\n        port: 7553\n";
    uhp_run run;
    const char *path = run_yaml(&run, "p304i.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA304"), 3);
    const uhp_finding *f = with(&run, "UHA304", "components.gateway.port and components.app1.port");
    assert_at(f, UHP_SEV_ERROR, path, text, "7554\n  app2", "lpar1");
    assert_non_null(strstr(f->message, "port 7554 is used twice"));
    f = with(&run, "UHA304", "components.gateway.port and components.app3.port");
    assert_at(f, UHP_SEV_ERROR, path, text, "${{ zowe.externalPort }}", "lpar1, lpar2");
    assert_null(with(&run, "UHA304", "components.app2.port and components.app3.port"));
    f = with(&run, "UHA304", "components.discovery.port and components.extra9.port");
    assert_at(f, UHP_SEV_ERROR, path, text, "7553\n", "lpar2");
    assert_int_equal(status(&run, "UHA304", "lpar1"), UHP_STATUS_FAIL);
    assert_int_equal(status(&run, "UHA304", "lpar2"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
}

/* UHA304 across instances: sysnames match ignoring case; ports an overlay moves or adds
 * are compared, the base's own ports collide as before, each message names its run's
 * sysname as written. */
static void test_uha304_same_system_overlays(void **state)
{
    (void)state;
    static const char text[] = HEAD "  app2:\n    enabled: true\n    port: 9100\n" CACHING(
        "infinispan", HOSTS) "haInstances:\n" INST("lpar1", "lpar1.example.com",
                                                   "SYS1") "    components:\n      extraA:\n       "
                                                           " enabled: true\n        port: "
                                                           "9300\n" INST("lpar1b",
                                                                         "lpar1.example.com",
                                                                         "sys1") "    "
                                                                                 "components:\n    "
                                                                                 "  gateway:\n     "
                                                                                 "   enabled: "
                                                                                 "false\n"
                                                                                 "      extraB:\n  "
                                                                                 "      enabled: "
                                                                                 "true\n        "
                                                                                 "port: 9300\n"
                                                                                 "      app2:\n    "
                                                                                 "    port: 9101\n";
    uhp_run run;
    const char *path = run_yaml(&run, "p304j.yaml", text, NULL);
    const uhp_finding *f = with(&run, "UHA304",
                                "same system 'SYS1' and both use port 9300 "
                                "('lpar1': components.extraA.port, 'lpar1b': "
                                "components.extraB.port)");
    assert_at(f, UHP_SEV_ERROR, path, text, "9300\n      app2", NULL);
    assert_non_null(with(&run, "UHA304", "same system 'sys1' and both use port 9300"));
    assert_non_null(with(&run, "UHA304", "same system 'SYS1' and both use port 7553"));
    assert_null(with(&run, "UHA304", "both use port 9100"));
    assert_null(with(&run, "UHA304", "both use port 7554"));
    assert_int_equal(count(&run, "UHA304"), 18);
    uhp_run_destroy(&run);
}

/* UHA305: missing, duplicate across systems, the DVIPA; same host on one sysname passes. */
static void test_uha305(void **state)
{
    (void)state;
    static const char text[] =
        "haInstances:\n"
        "  lpar1:\n    sysname: SYS1\n" INST("lpar2", "lpar2.example.com", "SYS2")
            INST("lpar3", "LPAR2.example.com", "SYS3")
                INST("lpar4", "umsha.plex1.example.com", "SYS4");
    opts o = {NULL, false, true};
    uhp_run run;
    const char *path = run_yaml(&run, "p305a.yaml", text, &o);
    assert_int_equal(count(&run, "UHA305"), 3);
    assert_at(with(&run, "UHA305", "'lpar1' has no hostname"), UHP_SEV_ERROR, path, text, "lpar1",
              "lpar1");
    assert_at(with(&run, "UHA305", "the same hostname"), UHP_SEV_ERROR, path, text,
              "LPAR2.example.com", "lpar2, lpar3");
    assert_at(with(&run, "UHA305", "is the DVIPA"), UHP_SEV_ERROR, path, text,
              "umsha.plex1.example.com", "lpar4");
    assert_int_equal(status(&run, "UHA305", NULL), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);

    static const char ok[] =
        GOOD INST("lpar2b", "lpar2.example.com",
                  "SYS2") "    components:\n      gateway:\n        enabled: false\n";
    run_yaml(&run, "p305b.yaml", ok, &o);
    assert_int_equal(count(&run, "UHA305"), 0);
    assert_int_equal(status(&run, "UHA305", NULL), UHP_STATUS_PASS);
    bool noted = false;
    for (size_t i = 0; i < run.n_results; i++)
        if (!strcmp(run.results[i].rule_id, "UHA305") && run.results[i].note)
            noted = strstr(run.results[i].note, "share hostname") != NULL;
    assert_true(noted);
    uhp_run_destroy(&run);
}

/* UHA306: false with FILE() does nothing, with a plain path turns the manager off; a
 * warning either way. true passes. */
static void test_uha306(void **state)
{
    (void)state;
    static const char text[] = "zowe:\n  useConfigmgr: false\n";
    opts file = {NULL, true, false};
    uhp_run run;
    const char *path = run_yaml(&run, "p306a.yaml", text, &file);
    assert_int_equal(count(&run, "UHA306"), 1);
    const uhp_finding *f = nth(&run, "UHA306", 0);
    assert_at(f, UHP_SEV_WARNING, path, text, "false", NULL);
    assert_non_null(strstr(f->message, "does nothing here"));
    assert_int_equal(status(&run, "UHA306", NULL), UHP_STATUS_WARN);
    uhp_run_destroy(&run);

    path = run_yaml(&run, "p306b.yaml", text, NULL);
    f = nth(&run, "UHA306", 0);
    assert_at(f, UHP_SEV_WARNING, path, text, "false", NULL);
    assert_non_null(strstr(f->message, "templates are not resolved"));
    uhp_run_destroy(&run);

    run_yaml(&run, "p306c.yaml", "zowe:\n  useConfigmgr: true\n", NULL);
    assert_int_equal(count(&run, "UHA306"), 0);
    assert_int_equal(status(&run, "UHA306", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* The v2 and v3 built-in tables differ where Zowe's defaults differ. */
static void test_builtin_tables(void **state)
{
    (void)state;
    unsigned long l2 = 0, l3 = 0, lx = 0;
    const char *v2 = uhp_builtin_defaults(2, &l2);
    const char *v3 = uhp_builtin_defaults(3, &l3);
    assert_ptr_equal(uhp_builtin_defaults(0, &lx), v3);
    assert_int_equal(lx, l3);
    assert_ptr_equal(v3, uhp_builtin_defaults_yaml);
    assert_non_null(strstr(v2, "mode: VSAM"));
    assert_null(strstr(v2, "zaas"));
    assert_non_null(strstr(v3, "mode: infinispan"));
    assert_non_null(strstr(v3, "  zaas:\n    enabled: true\n    port: 7558\n"));
    assert_string_equal(uhp_builtin_defaults_name(2), "<built-in defaults (Zowe v2)>");

    /* A config without a caching mode: v2's VSAM warns, v3's infinispan does not. */
    opts o = {uhp_test_write_temp("p-v2-defaults.yaml", v2), false, false};
    uhp_run run;
    run_yaml(&run, "p-v2.yaml", HEAD TWO, &o);
    assert_non_null(with(&run, "UHA301", "deprecated"));
    uhp_run_destroy(&run);
    run_yaml(&run, "p-v3.yaml", HEAD TWO, NULL);
    assert_int_equal(count(&run, "UHA301"), 0);
    assert_int_equal(count(&run, "UHA302"), 1);
    uhp_run_destroy(&run);
}

/* UHA307: a key that is not the sysname in lower case warns at the key, per instance; the
 * key the lower-cased SYSNAME names passes; another instance under that name is said. */
static void test_uha307(void **state)
{
    (void)state;
    static const char text[] =
        HEAD CACHING("infinispan", HOSTS) "haInstances:\n" INST("sys1", "lpar1.example.com", "SYS1")
            INST("lpar2", "lpar2.example.com", "SYS2");
    uhp_run run;
    const char *path = run_yaml(&run, "p307.yaml", text, NULL);
    assert_int_equal(count(&run, "UHA307"), 1);
    const uhp_finding *f = nth(&run, "UHA307", 0);
    assert_at(f, UHP_SEV_WARNING, path, text, "lpar2:", "lpar2");
    assert_non_null(strstr(f->message, "looks up the instance 'sys2'"));
    assert_non_null(strstr(f->message, "finds none"));
    assert_non_null(strstr(f->fix, "HAINST=lpar2"));
    assert_non_null(strstr(f->fix, "haInstances.sys2"));
    assert_string_equal(f->key_path, "haInstances.lpar2");
    assert_int_equal(status(&run, "UHA307", "sys1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA307", "lpar2"), UHP_STATUS_WARN);
    uhp_run_destroy(&run);

    /* Two instances on one system: the one not named after it finds the other. */
    static const char one_lpar[] =
        HEAD CACHING("infinispan", HOSTS) "haInstances:\n" INST("sys1", "lpar1.example.com", "SYS1")
            INST("sys1b", "lpar1.example.com", "SYS1");
    run_yaml(&run, "p307-b.yaml", one_lpar, NULL);
    assert_int_equal(count(&run, "UHA307"), 1);
    assert_non_null(with(&run, "UHA307", "finds that instance instead"));
    uhp_run_destroy(&run);

    /* A sysname with other characters: Zowe turns them into '_'. */
    static const char dashed[] = HEAD CACHING("infinispan", HOSTS) "haInstances:\n" INST(
        "sys_1", "lpar1.example.com", "SYS-1") INST("sys2", "lpar2.example.com", "Sys2");
    run_yaml(&run, "p307-c.yaml", dashed, NULL);
    assert_int_equal(count(&run, "UHA307"), 0);
    assert_int_equal(status(&run, "UHA307", "sys_1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA307", "sys2"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA307 is N/A without haInstances, for a key UHA108 rejects and without a sysname; a
 * sysname Zowe computes is "could not verify". */
static void test_uha307_not_applicable(void **state)
{
    (void)state;
    uhp_run run;
    run_yaml(&run, "p307-none.yaml", HEAD CACHING("infinispan", HOSTS), NULL);
    assert_int_equal(status(&run, "UHA307", NULL), UHP_STATUS_NA);
    uhp_run_destroy(&run);
    static const char odd[] = HEAD CACHING("infinispan", HOSTS) "haInstances:\n" INST(
        "LPAR1", "lpar1.example.com", "SYS1") "  sys2:\n    hostname: lpar2.example.com\n"
                                              "  sys3:\n    hostname: lpar3.example.com\n"
                                              "    sysname: \"${{ 'SY' + 'S3' }}\"\n";
    run_yaml(&run, "p307-odd.yaml", odd, NULL);
    assert_int_equal(status(&run, "UHA307", "LPAR1"), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA307", "sys2"), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA307", "sys3"), UHP_STATUS_WARN);
    assert_int_equal(count(&run, "UHA307"), 1);
    assert_true(nth(&run, "UHA307", 0)->unverified);
    uhp_run_destroy(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_config_passes),
        cmocka_unit_test(test_uha301_inmemory),
        cmocka_unit_test(test_uha301_default_inmemory),
        cmocka_unit_test(test_uha301_redis_bogus),
        cmocka_unit_test(test_uha301_vsam),
        cmocka_unit_test(test_uha302),
        cmocka_unit_test(test_uha303),
        cmocka_unit_test(test_uha304_own),
        cmocka_unit_test(test_uha304_same_system),
        cmocka_unit_test(test_uha304_overlay),
        cmocka_unit_test(test_uha304_same_system_overlays),
        cmocka_unit_test(test_uha305),
        cmocka_unit_test(test_uha306),
        cmocka_unit_test(test_builtin_tables),
        cmocka_unit_test(test_uha307),
        cmocka_unit_test(test_uha307_not_applicable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
