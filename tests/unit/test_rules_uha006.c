/* UHA006 unknown-key: keys Zowe's schema rejects at the top level and under `zowe`, found in
 * every user layer at the key's own position, with a did-you-mean for near misses and a
 * "belongs under/at" hint for keys at the wrong level; never in the defaults layer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "uhp/check.h"
#include "uhp/rule.h"

#define BASE                                                                                       \
    "zowe:\n"                                                                                      \
    "  externalDomains:\n"                                                                         \
    "    - umsha.plex1.example.com\n"                                                              \
    "  externalPort: 7554\n"                                                                       \
    "  logDirectory: /global/zowe/logs\n"                                                          \
    "  verifyCertificates: STRICT\n"                                                               \
    "java:\n"                                                                                      \
    "  home: /usr/lpp/java/J17.0_64\n"                                                             \
    "node:\n"                                                                                      \
    "  home: /usr/lpp/IBM/cnj/v18r0\n"                                                             \
    "zOSMF:\n"                                                                                     \
    "  host: zosmf.example.com\n"                                                                  \
    "components:\n"                                                                                \
    "  gateway:\n"                                                                                 \
    "    enabled: true\n"

/* Checks CONFIG (a path or FILE():PARMLIB() string) with optional --defaults and PARMLIB. */
static void run_check(uhp_run *run, const char *config, const char *defaults,
                      const uhp_parmlib_map *pm)
{
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {config};
    o.configs = configs;
    o.n_configs = 1;
    uhp_test_memory_attach(&o);
    o.defaults_path = defaults;
    if (pm) {
        o.parmlibs = pm;
        o.n_parmlibs = 1;
    }
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
    assert_false(run->input_error);
    assert_null(run->usage_error);
}

static size_t count(const uhp_run *run, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        n += strcmp(run->findings[i].rule_id, id) == 0;
    return n;
}

/* The UHA006 finding whose message names KEY in quotes, or NULL. */
static const uhp_finding *about(const uhp_run *run, const char *key)
{
    char quoted[128];
    snprintf(quoted, sizeof quoted, "unknown key '%s'", key);
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, "UHA006") && strstr(run->findings[i].message, quoted))
            return &run->findings[i];
    return NULL;
}

static uhp_status status(const uhp_run *run)
{
    for (size_t i = 0; i < run->n_results; i++)
        if (!strcmp(run->results[i].rule_id, "UHA006"))
            return run->results[i].status;
    fail_msg("no UHA006 result");
    return UHP_STATUS_NA;
}

/* Line (1-based) of the first line of TEXT containing NEEDLE. */
static unsigned line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    unsigned line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* A configuration with only allowed keys passes, with no finding. */
static void test_allowed_keys_pass(void **state)
{
    (void)state;
    uhp_run run;
    run_check(&run, uhp_test_memory_file(NULL, "u006-good.yaml", BASE), NULL, NULL);
    assert_int_equal(count(&run, "UHA006"), 0);
    assert_int_equal(status(&run), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* Realistic typos: each is an error at the key, with the right suggestion and fix. */
static void test_did_you_mean(void **state)
{
    (void)state;
    static const struct {
        const char *line, *key, *want;
    } cases[] = {
        {"  externalDomain:\n    - a.example.com\n", "externalDomain", "'externalDomains'"},
        {"  verifyCertificate: STRICT\n", "verifyCertificate", "'verifyCertificates'"},
        {"  extrenalPort: 7554\n", "extrenalPort", "'externalPort'"},  /* swap */
        {"  useConfigMgr: true\n", "useConfigMgr", "'useConfigmgr'"},  /* case */
        {"  logDir: /global/zowe/logs\n", "logDir", "'logDirectory'"}, /* prefix */
        {"  runtimeDirectroy: /usr/lpp/zowe\n", "runtimeDirectroy", "'runtimeDirectory'"},
        {"  workspaceDirecotry: /global/ws\n", "workspaceDirecotry", "'workspaceDirectory'"},
        {"  sysMessage:\n    - ZWEL0021I\n", "sysMessage", "'sysMessages'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text, "zowe:\n%s  externalPort: 7554\n", cases[i].line);
        if (strstr(cases[i].line, "extrenalPort"))
            snprintf(text, sizeof text, "zowe:\n%s", cases[i].line);
        const char *path = uhp_test_memory_file(NULL, "u006-typo.yaml", text);
        uhp_run run;
        run_check(&run, path, NULL, NULL);
        const uhp_finding *f = about(&run, cases[i].key);
        if (!f)
            fail_msg("no UHA006 finding for '%s'", cases[i].key);
        assert_int_equal(f->severity, UHP_SEV_ERROR);
        assert_string_equal(f->file, path);
        assert_int_equal(f->line, 2);
        assert_int_equal(f->col, 3);
        char want[128];
        snprintf(want, sizeof want, "did you mean %s?", cases[i].want);
        if (!strstr(f->message, want))
            fail_msg("'%s': message lacks \"%s\": %s", cases[i].key, want, f->message);
        assert_non_null(f->fix);
        assert_non_null(strstr(f->fix, "rename"));
        char kp[128];
        snprintf(kp, sizeof kp, "zowe.%s", cases[i].key);
        assert_string_equal(f->key_path, kp);
        assert_int_equal(count(&run, "UHA006"), 1);
        assert_int_equal(status(&run), UHP_STATUS_FAIL);
        uhp_run_destroy(&run);
    }
}

/* Top-level typos: haInstance, compnents, zosmf (case), and the key path of each. */
static void test_top_level_typos(void **state)
{
    (void)state;
    static const char text[] = BASE "compnents:\n"
                                    "  zss:\n"
                                    "    enabled: true\n"
                                    "zosmf:\n"
                                    "  host: z.example.com\n"
                                    "haInstance:\n"
                                    "  lpar1:\n"
                                    "    hostname: lpar1.example.com\n"
                                    "    sysname: SYS1\n";
    const char *path = uhp_test_memory_file(NULL, "u006-top.yaml", text);
    uhp_run run;
    run_check(&run, path, NULL, NULL);
    assert_int_equal(count(&run, "UHA006"), 3);
    const uhp_finding *f = about(&run, "haInstance");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "at the top level"));
    assert_non_null(strstr(f->message, "did you mean 'haInstances'?"));
    assert_int_equal(f->line, line_of(text, "haInstance:"));
    assert_int_equal(f->col, 1);
    assert_string_equal(f->key_path, "haInstance");
    f = about(&run, "compnents");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "did you mean 'components'?"));
    f = about(&run, "zosmf");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "did you mean 'zOSMF'?"));
    assert_string_equal(f->fix, "rename 'zosmf' to 'zOSMF'");
    uhp_run_destroy(&run);
}

/* Keys at the wrong level say where they belong; unrelated keys get no suggestion. */
static void test_wrong_level_and_no_suggestion(void **state)
{
    (void)state;
    static const char text[] = "externalDomains:\n"
                               "  - a.example.com\n"
                               "gateway:\n"
                               "  port: 7554\n"
                               "zowe:\n"
                               "  haInstances:\n"
                               "    lpar1:\n"
                               "      hostname: lpar1.example.com\n"
                               "  myCustomSetting: 1\n"
                               "  x: 1\n";
    uhp_run run;
    run_check(&run, uhp_test_memory_file(NULL, "u006-level.yaml", text), NULL, NULL);
    assert_int_equal(count(&run, "UHA006"), 5);
    const uhp_finding *f = about(&run, "externalDomains");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "'zowe.externalDomains' belongs under 'zowe'"));
    assert_string_equal(f->fix, "indent 'externalDomains' under 'zowe:'");
    f = about(&run, "haInstances");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "'haInstances' belongs at the top level"));
    assert_int_equal(f->line, 6);
    assert_int_equal(f->col, 3);
    f = about(&run, "gateway");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "belongs under 'components'"));
    for (size_t i = 0; i < 2; i++) {
        f = about(&run, i ? "x" : "myCustomSetting");
        assert_non_null(f);
        assert_null(strstr(f->message, "did you mean"));
        assert_non_null(strstr(f->fix, "verifyCertificates"));
    }
    uhp_run_destroy(&run);
}

/* Every user layer is checked at its own file; the --defaults layer is not. */
static void test_layers(void **state)
{
    (void)state;
    char dir[512], member[600];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/uhp-u006-%ld", tmp ? tmp : "/tmp", (long)getpid());
    mkdir(dir, 0700);
    snprintf(member, sizeof member, "%s/ZWEYAML", dir);
    FILE *mf = fopen(member, "w");
    assert_non_null(mf);
    fputs("zowe:\n  externalDomain:\n    - b.example.com\n", mf);
    fclose(mf);
    const char *zowe = uhp_test_memory_file(NULL, "u006-layer.yaml", BASE "haInstanse: {}\n");
    const char *defaults = uhp_test_memory_file(NULL, "u006-defaults.yaml",
                                                "zowe:\n  notInSchema: 1\nbogusTop: 2\n"
                                                "components:\n  gateway:\n    enabled: true\n");
    char config[1200];
    snprintf(config, sizeof config, "FILE(%s):PARMLIB(MY.PARMLIB(ZWEYAML))", zowe);
    uhp_parmlib_map pm = {"MY.PARMLIB", dir};
    uhp_run run;
    run_check(&run, config, defaults, &pm);
    assert_int_equal(count(&run, "UHA006"), 2);
    const uhp_finding *f = about(&run, "externalDomain");
    assert_non_null(f);
    assert_string_equal(f->file, member);
    assert_int_equal(f->line, 2);
    f = about(&run, "haInstanse");
    assert_non_null(f);
    assert_string_equal(f->file, zowe);
    assert_non_null(strstr(f->message, "did you mean 'haInstances'?"));
    assert_null(about(&run, "notInSchema"));
    assert_null(about(&run, "bogusTop"));
    uhp_run_destroy(&run);
    remove(member);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allowed_keys_pass),
        cmocka_unit_test(test_did_you_mean),
        cmocka_unit_test(test_top_level_typos),
        cmocka_unit_test(test_wrong_level_and_no_suggestion),
        cmocka_unit_test(test_layers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
