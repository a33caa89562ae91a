/* Suppressions: inline ignore comments (same line, line above, no reason, unknown rule) and
 * the policy applied to a run (severity overrides and the exit status, off, ignore entries
 * with globs and instances, extra unsupported products firing UHA106). */
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
#include "uhp/alloc.h"
#include "uhp/check.h"
#include "uhp/policy.h"
#include "uhp/products.h"

/* Adds a finding of RULE at FILE:LINE:1 for INSTANCES (may be NULL). */
static void add_finding(uhp_run *run, const char *rule, uhp_severity sev, const char *file,
                        unsigned line, const char *instances)
{
    uhp_finding f;
    memset(&f, 0, sizeof f);
    const uhp_rule *r = uhp_rule_find(rule);
    f.rule_id = rule;
    f.rule_name = r ? r->name : rule;
    f.severity = sev;
    f.file = file;
    f.line = line;
    f.col = 1;
    f.instances = instances;
    f.message = "something is wrong";
    assert_non_null(uhp_run_add_finding(run, &f));
}

static void add_result(uhp_run *run, const char *rule, const char *instance, uhp_status st)
{
    uhp_result r = {rule, rule, instance, st, NULL};
    assert_non_null(uhp_run_add_result(run, &r));
}

static const uhp_finding *find(const uhp_run *run, const char *rule, unsigned line)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, rule) && run->findings[i].line == line)
            return &run->findings[i];
    return NULL;
}

static const uhp_result *cell(const uhp_run *run, const char *rule, const char *instance)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (strcmp(r->rule_id, rule) == 0 &&
            ((!r->instance && !instance) ||
             (r->instance && instance && !strcmp(r->instance, instance))))
            return r;
    }
    return NULL;
}

static const char inline_yaml[] =
    "components:\n"                                                                /* 1 */
    "  izp:\n"                                                                     /* 2 */
    "    server:\n"                                                                /* 3 */
    "      authType: STANDARD_JWT  # ums-ha-preflight: ignore=UHA105 -- CHG0042\n" /* 4 */
    "      # ums-ha-preflight: ignore=ums-host-dvipa,UHA109 -- lab LPAR\n"         /* 5 */
    "      host: lpar1.example.com\n"                                              /* 6 */
    "      port: 1  # ums-ha-preflight: ignore=UHA103 -- trailing, covers 7? no\n" /* 7 */
    "      other: 2\n"                                                             /* 8 */
    "      x: 3 # ums-ha-preflight: ignore=UHA107\n"                               /* 9 */
    "      y: 4 # ums-ha-preflight: ignore=UHA999 -- why\n"                        /* 10 */
    "      z: \"a#ums-ha-preflight: ignore=UHA110 -- not a comment\"\n"            /* 11 */
    "      w: 5 # ums-ha-preflight: ignore=UHA001 -- cannot\n"                     /* 12 */
    "      v: 6 # ums-ha-preflight: disable=UHA108 -- unknown directive\n"         /* 13 */
    "      u: 7 #ums-ha-preflight: ignore = UHA108 --   spaced reason  \n";        /* 14 */

static void test_inline(void **state)
{
    (void)state;
    uhp_source *src = uhp_source_from_memory("zowe.yaml", inline_yaml, strlen(inline_yaml));
    uhp_source *other = uhp_source_from_memory("other.yaml", inline_yaml, strlen(inline_yaml));
    assert_non_null(src);
    assert_non_null(other);
    uhp_run run;
    uhp_run_init(&run);
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "zowe.yaml", 4, "lpar1");   /* same line */
    add_finding(&run, "UHA104", UHP_SEV_ERROR, "zowe.yaml", 6, "lpar1");   /* line above */
    add_finding(&run, "UHA102", UHP_SEV_ERROR, "zowe.yaml", 6, NULL);      /* not named */
    add_finding(&run, "UHA103", UHP_SEV_ERROR, "zowe.yaml", 8, NULL);      /* above, trailing */
    add_finding(&run, "UHA107", UHP_SEV_ERROR, "zowe.yaml", 9, NULL);      /* no reason */
    add_finding(&run, "UHA110", UHP_SEV_ERROR, "zowe.yaml", 11, NULL);     /* in a string */
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "elsewhere.yaml", 4, NULL); /* other file */
    add_finding(&run, "UHA108", UHP_SEV_ERROR, "zowe.yaml", 14, NULL);     /* odd spacing */
    add_result(&run, "UHA105", "lpar1", UHP_STATUS_FAIL);
    add_result(&run, "UHA104", "lpar1", UHP_STATUS_FAIL);
    add_result(&run, "UHA107", NULL, UHP_STATUS_FAIL);
    uhp_source *const sources[] = {src};
    uhp_suppress_inline(&run, sources, 1);
    assert_false(run.out_of_memory);

    const uhp_finding *f = find(&run, "UHA104", 6);
    assert_non_null(f);
    assert_true(f->suppressed);
    assert_string_equal(f->suppress_reason, "lab LPAR");
    assert_false(find(&run, "UHA102", 6)->suppressed);
    assert_false(find(&run, "UHA103", 8)->suppressed);
    assert_false(find(&run, "UHA107", 9)->suppressed);
    assert_false(find(&run, "UHA110", 11)->suppressed);
    assert_true(find(&run, "UHA108", 14)->suppressed);
    assert_string_equal(find(&run, "UHA108", 14)->suppress_reason, "spaced reason");
    size_t suppressed105 = 0;
    for (size_t i = 0; i < run.n_findings; i++) {
        const uhp_finding *g = &run.findings[i];
        if (!strcmp(g->rule_id, "UHA105")) {
            if (!strcmp(g->file, "zowe.yaml")) {
                assert_true(g->suppressed);
                assert_string_equal(g->suppress_reason, "CHG0042");
                suppressed105++;
            } else {
                assert_false(g->suppressed);
            }
        }
    }
    assert_int_equal(suppressed105, 1);

    /* The malformed comments are UHA008 errors at the '#', and suppress nothing. */
    static const struct {
        unsigned line, col;
        const char *text;
    } bad[] = {
        {9, 12, "the inline ignore of 'UHA107' has no reason"},
        {10, 12, "unknown rule 'UHA999'"},
        {12, 12, "rule 'UHA001' cannot be ignored"},
        {13, 12, "unknown 'ums-ha-preflight:' comment"},
    };
    size_t n008 = 0;
    for (size_t i = 0; i < run.n_findings; i++)
        if (!strcmp(run.findings[i].rule_id, "UHA008"))
            n008++;
    assert_int_equal(n008, sizeof bad / sizeof bad[0]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const uhp_finding *g = find(&run, "UHA008", bad[i].line);
        assert_non_null(g);
        assert_int_equal(g->col, bad[i].col);
        assert_int_equal(g->severity, UHP_SEV_ERROR);
        assert_string_equal(g->rule_name, "inline-ignore");
        assert_string_equal(g->file, "zowe.yaml");
        assert_false(g->suppressed);
        assert_non_null(strstr(g->message, bad[i].text));
        assert_non_null(g->source_line);
    }

    /* The checklist follows: a cell whose findings are all suppressed says so (never PASS),
     * with the reason as its note. */
    const uhp_result *r = cell(&run, "UHA105", "lpar1");
    assert_int_equal(r->status, UHP_STATUS_FAIL); /* the other file's UHA105 still fails */
    r = cell(&run, "UHA104", "lpar1");
    assert_int_equal(r->status, UHP_STATUS_SUPPRESSED);
    assert_string_equal(r->note, "lab LPAR");
    assert_int_equal(cell(&run, "UHA107", NULL)->status, UHP_STATUS_FAIL);

    uhp_counts c = uhp_run_counts(&run);
    assert_int_equal(c.suppressed, 3);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_FINDINGS);
    uhp_run_destroy(&run);

    /* Only the comments of the file a finding is in count. */
    uhp_run_init(&run);
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "zowe.yaml", 4, NULL);
    uhp_source *const only_other[] = {other};
    uhp_suppress_inline(&run, only_other, 1);
    assert_false(find(&run, "UHA105", 4)->suppressed);
    uhp_run_destroy(&run);

    uhp_source_free(src);
    uhp_source_free(other);
}

static void test_inline_all_suppressed_exit(void **state)
{
    (void)state;
    static const char yaml[] = "a: 1 # ums-ha-preflight: ignore=UHA109 -- logs go to SYSOUT\n";
    uhp_source *src = uhp_source_from_memory("z.yaml", yaml, strlen(yaml));
    uhp_run run;
    uhp_run_init(&run);
    add_finding(&run, "UHA109", UHP_SEV_WARNING, "z.yaml", 1, NULL);
    add_result(&run, "UHA109", NULL, UHP_STATUS_WARN);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_WARNING), UHP_EXIT_FINDINGS);
    uhp_source *const sources[] = {src};
    uhp_suppress_inline(&run, sources, 1);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_WARNING), UHP_EXIT_OK);
    assert_int_equal(cell(&run, "UHA109", NULL)->status, UHP_STATUS_SUPPRESSED);
    uhp_run_destroy(&run);
    uhp_source_free(src);
}

/* Loads policy TEXT (fails the test on an error). */
static uhp_policy *policy(const char *text)
{
    const char *path = uhp_test_write_temp("suppress-policy.yaml", text);
    uhp_policy *p = NULL;
    char err[512];
    if (uhp_policy_load(path, false, &p, err, sizeof err) != 0)
        fail_msg("%s", err);
    return p;
}

static void test_policy_severity_and_off(void **state)
{
    (void)state;
    uhp_policy *p = policy("rules:\n  UHA105: warning\n  ha-instance-id: off\n"
                           "  UHA109: error\n  UHA104: info\n");
    uhp_run run;
    uhp_run_init(&run);
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "z.yaml", 3, "lpar1, lpar2");
    add_finding(&run, "UHA108", UHP_SEV_ERROR, "z.yaml", 5, "LPAR3");
    add_finding(&run, "UHA109", UHP_SEV_WARNING, "z.yaml", 7, NULL);
    uhp_finding *unv = NULL;
    add_finding(&run, "UHA104", UHP_SEV_WARNING, "z.yaml", 9, "lpar1");
    unv = &run.findings[run.n_findings - 1];
    unv->unverified = true;
    add_result(&run, "UHA105", "lpar1", UHP_STATUS_FAIL);
    add_result(&run, "UHA105", "lpar2", UHP_STATUS_FAIL);
    add_result(&run, "UHA108", "LPAR3", UHP_STATUS_FAIL);
    add_result(&run, "UHA109", NULL, UHP_STATUS_WARN);
    add_result(&run, "UHA104", "lpar1", UHP_STATUS_WARN);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_FINDINGS);

    uhp_policy_apply(p, &run);
    assert_false(run.out_of_memory);
    assert_int_equal(find(&run, "UHA105", 3)->severity, UHP_SEV_WARNING);
    assert_int_equal(cell(&run, "UHA105", "lpar1")->status, UHP_STATUS_WARN);
    assert_int_equal(cell(&run, "UHA105", "lpar2")->status, UHP_STATUS_WARN);
    assert_null(find(&run, "UHA108", 5));
    assert_null(cell(&run, "UHA108", "LPAR3"));
    assert_int_equal(find(&run, "UHA109", 7)->severity, UHP_SEV_ERROR);
    assert_int_equal(cell(&run, "UHA109", NULL)->status, UHP_STATUS_FAIL);
    /* "Could not verify" is made info by an info override, and the cell is a FAIL of info. */
    assert_int_equal(find(&run, "UHA104", 9)->severity, UHP_SEV_INFO);

    /* The exit status follows --fail-on with the new severities. */
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_FINDINGS); /* UHA109 */
    uhp_run_destroy(&run);

    uhp_run_init(&run);
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "z.yaml", 3, NULL);
    add_result(&run, "UHA105", NULL, UHP_STATUS_FAIL);
    add_result(&run, "UHA103", NULL, UHP_STATUS_FAIL); /* a FAIL without a finding */
    uhp_policy_free(p);
    p = policy("rules:\n  UHA105: warning\n  UHA103: warning\n");
    uhp_policy_apply(p, &run);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_OK);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_WARNING), UHP_EXIT_FINDINGS);
    assert_int_equal(cell(&run, "UHA103", NULL)->status, UHP_STATUS_WARN);
    uhp_counts c = uhp_run_counts(&run);
    assert_int_equal(c.failed, 0);
    assert_int_equal(c.warnings, 2);
    uhp_run_destroy(&run);
    uhp_policy_free(p);

    /* A "could not verify" warning stays a warning when its rule is made an error. */
    p = policy("rules:\n  UHA103: error\n");
    uhp_run_init(&run);
    add_finding(&run, "UHA103", UHP_SEV_WARNING, "z.yaml", 3, NULL);
    run.findings[0].unverified = true;
    add_result(&run, "UHA103", NULL, UHP_STATUS_WARN);
    uhp_policy_apply(p, &run);
    assert_int_equal(run.findings[0].severity, UHP_SEV_WARNING);
    assert_int_equal(cell(&run, "UHA103", NULL)->status, UHP_STATUS_WARN);
    uhp_run_destroy(&run);
    uhp_policy_free(p);
    uhp_policy_apply(NULL, &run); /* no policy: nothing to do, no crash */
}

static void test_policy_ignore(void **state)
{
    (void)state;
    uhp_policy *p = policy("ignore:\n"
                           "  - rule: UHA105\n"
                           "    files: \"plex2/**\"\n"
                           "    instance: sysb\n"
                           "    reason: MFA rollout in CHG0042\n"
                           "  - rule: ums-host-dvipa\n"
                           "    files: \"*.yml\"\n"
                           "    reason: lab\n"
                           "  - rule: UHA109\n"
                           "    files: \"**/deep/zowe.yaml\"\n"
                           "    reason: deep\n");
    uhp_run run;
    uhp_run_init(&run);
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "plex2/sub/zowe.yaml", 3, "sysa, sysb, sysc");
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "./plex2/zowe.yaml", 4, "sysb");
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "plex1/zowe.yaml", 3, "sysd"); /* no cell */
    add_finding(&run, "UHA105", UHP_SEV_ERROR, "plex2/zowe.yaml", 5, "sysa");
    add_finding(&run, "UHA104", UHP_SEV_ERROR, "conf/ZWEYAML.yml", 6, NULL);
    add_finding(&run, "UHA104", UHP_SEV_ERROR, "conf/ZWEYAML.yaml", 7, NULL);
    add_finding(&run, "UHA109", UHP_SEV_ERROR, "deep/zowe.yaml", 8, NULL);
    add_finding(&run, "UHA109", UHP_SEV_ERROR, "a/b/deep/zowe.yaml", 9, NULL);
    add_finding(&run, "UHA109", UHP_SEV_ERROR, "a/deeper/zowe.yaml", 10, NULL);
    add_result(&run, "UHA105", "sysa", UHP_STATUS_FAIL);
    add_result(&run, "UHA105", "sysb", UHP_STATUS_FAIL);
    add_result(&run, "UHA105", "sysc", UHP_STATUS_FAIL);
    uhp_policy_apply(p, &run);
    assert_false(run.out_of_memory);

    /* The three-instance finding was split: sysb suppressed, sysa and sysc not. */
    size_t split_sup = 0, split_rest = 0;
    for (size_t i = 0; i < run.n_findings; i++) {
        const uhp_finding *f = &run.findings[i];
        if (strcmp(f->file, "plex2/sub/zowe.yaml") != 0)
            continue;
        if (f->suppressed) {
            assert_string_equal(f->instances, "sysb");
            assert_string_equal(f->suppress_reason, "MFA rollout in CHG0042");
            split_sup++;
        } else {
            assert_string_equal(f->instances, "sysa, sysc");
            split_rest++;
        }
    }
    assert_int_equal(split_sup, 1);
    assert_int_equal(split_rest, 1);
    assert_true(find(&run, "UHA105", 4)->suppressed);  /* ./plex2/... matches "plex2/ **" */
    assert_false(find(&run, "UHA105", 5)->suppressed); /* other instance */
    for (size_t i = 0; i < run.n_findings; i++)
        if (!strcmp(run.findings[i].file, "plex1/zowe.yaml"))
            assert_false(run.findings[i].suppressed); /* other directory */
    assert_true(find(&run, "UHA104", 6)->suppressed); /* base name glob */
    assert_false(find(&run, "UHA104", 7)->suppressed);
    assert_true(find(&run, "UHA109", 8)->suppressed); /* "** /" matches no directory */
    assert_true(find(&run, "UHA109", 9)->suppressed);
    assert_false(find(&run, "UHA109", 10)->suppressed);

    /* sysb's cell has only suppressed findings left: SUPPRESSED with the reason. */
    assert_int_equal(cell(&run, "UHA105", "sysb")->status, UHP_STATUS_SUPPRESSED);
    assert_string_equal(cell(&run, "UHA105", "sysb")->note, "MFA rollout in CHG0042");
    assert_int_equal(cell(&run, "UHA105", "sysa")->status, UHP_STATUS_FAIL);
    assert_int_equal(cell(&run, "UHA105", "sysc")->status, UHP_STATUS_FAIL);
    uhp_counts c = uhp_run_counts(&run);
    assert_int_equal(c.suppressed, 5);
    uhp_run_destroy(&run);
    uhp_policy_free(p);
}

/* Reads the whole file PATH into a heap string. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs the check on the ha-ready sample with ZWEYAML's text (OLD replaced by NEW) and P. */
static void check_sample(const char *old, const char *new_text, const uhp_policy *p, uhp_run *run)
{
    static char dir[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/uhp-suppress-%ld", tmp ? tmp : "/tmp", (long)getpid());
    mkdir(dir, 0700);
    char *text = slurp(UHP_SOURCE_DIR "/samples/ha-ready/ZWEYAML.yaml");
    char *at = strstr(text, old);
    assert_non_null(at);
    char path[512];
    snprintf(path, sizeof path, "%s/ZWEYAML.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%.*s%s%s", (int)(at - text), text, new_text, at + strlen(old));
    fclose(f);
    free(text);

    static char config[600];
    snprintf(config, sizeof config,
             "FILE(" UHP_SOURCE_DIR "/samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))");
    const char *configs[] = {config};
    uhp_parmlib_map pm = {"IZP.PARMLIB", dir};
    const char *dvipa[] = {"umsha.plex1.example.com=10.10.1.100"};
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    o.configs = configs;
    o.n_configs = 1;
    o.parmlibs = &pm;
    o.n_parmlibs = 1;
    o.dvipa_specs = dvipa;
    o.n_dvipa = 1;
    uhp_limits_default(&o.limits);
    uhp_policy_limits(p, &o.limits);
    uhp_run_init(run);
    assert_true(uhp_policy_add_products(p));
    int rc = uhp_check(&o, run);
    if (rc != 0 || run->usage_error) {
        for (size_t i = 0; i < run->n_findings; i++)
            fprintf(stderr, "finding: %s %s\n", run->findings[i].rule_id, run->findings[i].message);
        fail_msg("uhp_check: rc %d, usage error '%s', out of memory %d", rc,
                 run->usage_error ? run->usage_error : "", run->out_of_memory);
    }
    uhp_policy_apply(p, run);
    uhp_products_reset();
    remove(path);
    rmdir(dir);
}

static size_t count_rule(const uhp_run *run, const char *rule, bool suppressed)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        if (!strcmp(run->findings[i].rule_id, rule) && run->findings[i].suppressed == suppressed)
            n++;
    return n;
}

static void test_policy_on_a_real_check(void **state)
{
    (void)state;
    uhp_run run;
    /* A product on a customised install path: only the policy's pattern knows it. */
    uhp_policy *p = policy("unsupported-products:\n"
                           "  - name: IMS Administration Foundation\n"
                           "    experience-pattern: /prod/imsaf/\n");
    check_sample("/usr/lpp/IBM/afx/v1r2m0/bin", "/prod/imsaf/v1/bin", NULL, &run);
    assert_int_equal(count_rule(&run, "UHA106", false), 0);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_OK);
    uhp_run_destroy(&run);
    check_sample("/usr/lpp/IBM/afx/v1r2m0/bin", "/prod/imsaf/v1/bin", p, &run);
    assert_true(count_rule(&run, "UHA106", false) >= 1);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_FINDINGS);
    uhp_run_destroy(&run);
    uhp_policy_free(p);

    /* UHA105 made a warning: exit 0 at --fail-on error, 1 at --fail-on warning. */
    p = policy("rules:\n  UHA105: warning\n");
    check_sample("      authType: MFA_JWT\n", "      authType: STANDARD_JWT\n", p, &run);
    assert_true(count_rule(&run, "UHA105", false) >= 1);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_OK);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_WARNING), UHP_EXIT_FINDINGS);
    for (size_t i = 0; i < run.n_results; i++)
        if (!strcmp(run.results[i].rule_id, "UHA105"))
            assert_int_equal(run.results[i].status, UHP_STATUS_WARN);
    uhp_run_destroy(&run);
    uhp_policy_free(p);

    /* UHA105 off: no finding, no checklist cell. */
    p = policy("rules:\n  ums-auth-mfa-jwt: off\n");
    check_sample("      authType: MFA_JWT\n", "      authType: STANDARD_JWT\n", p, &run);
    assert_int_equal(count_rule(&run, "UHA105", false) + count_rule(&run, "UHA105", true), 0);
    for (size_t i = 0; i < run.n_results; i++)
        assert_string_not_equal(run.results[i].rule_id, "UHA105");
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_INFO), UHP_EXIT_OK);
    uhp_run_destroy(&run);
    uhp_policy_free(p);

    /* Ignored for one instance of two: lpar2's finding remains. */
    p = policy("ignore:\n  - rule: UHA105\n    instance: lpar1\n    reason: pilot\n");
    check_sample("      authType: MFA_JWT\n", "      authType: STANDARD_JWT\n", p, &run);
    assert_int_equal(count_rule(&run, "UHA105", true), 1);
    assert_int_equal(count_rule(&run, "UHA105", false), 1);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_FINDINGS);
    uhp_run_destroy(&run);
    uhp_policy_free(p);

    /* Ignored in the files the glob names (relative to the policy's directory or as given). */
    p = policy("ignore:\n  - rule: UHA105\n    files: \"**/ZWEYAML.yaml\"\n    reason: pilot\n");
    check_sample("      authType: MFA_JWT\n", "      authType: STANDARD_JWT\n", p, &run);
    assert_int_equal(count_rule(&run, "UHA105", false), 0);
    assert_true(count_rule(&run, "UHA105", true) >= 1);
    assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_OK);
    uhp_run_destroy(&run);
    uhp_policy_free(p);
}

/* The glob matcher: its meaning, and linear time with no recursion: 300,000 '**' (the
 * recursive matcher overflowed the stack) and '**a' x 8 against a 60-character name (40 s
 * for the backtracking one) are answered at once; a pattern over the limit matches nothing. */
static void test_policy_glob_linear(void **state)
{
    (void)state;
    assert_true(uhp_policy_glob("plex2/**", "plex2/a/b.yaml"));
    assert_true(uhp_policy_glob("**/zowe.yaml", "zowe.yaml"));
    assert_true(uhp_policy_glob("**/zowe.yaml", "a/b/zowe.yaml"));
    assert_false(uhp_policy_glob("**/zowe.yaml", "a/bzowe.yaml"));
    assert_true(uhp_policy_glob("*.yml", "a.yml"));
    assert_false(uhp_policy_glob("*.yml", "d/a.yml"));
    assert_true(uhp_policy_glob("a?c", "abc"));
    assert_false(uhp_policy_glob("a?c", "a/c"));
    assert_true(uhp_policy_glob("a**", "a"));
    assert_false(uhp_policy_glob("abc", "ab"));
    assert_true(uhp_policy_glob("", ""));
    assert_false(uhp_policy_glob("", "a"));

    char name[61];
    memset(name, 'a', 60);
    name[60] = '\0';
    assert_false(uhp_policy_glob("**a**a**a**a**a**a**a**a**a**a**a**b", name));
    name[59] = 'b';
    assert_true(uhp_policy_glob("**a**a**a**a**a**a**a**a**a**a**a**b", name));

    char *pat = malloc(UHP_POLICY_GLOB_MAX + 1);
    assert_non_null(pat);
    for (size_t i = 0; i + 1 < UHP_POLICY_GLOB_MAX; i += 2)
        memcpy(pat + i, "**", 2);
    pat[UHP_POLICY_GLOB_MAX - 1] = 'b';
    pat[UHP_POLICY_GLOB_MAX] = '\0';
    assert_true(uhp_policy_glob(pat, "x/y/b"));
    assert_false(uhp_policy_glob(pat, "x/y/c"));
    free(pat);
    size_t big = 600001;
    pat = malloc(big + 1);
    assert_non_null(pat);
    memset(pat, '*', big - 1);
    pat[big - 1] = 'b';
    pat[big] = '\0';
    assert_false(uhp_policy_glob(pat, "b")); /* over the limit: no match, no crash */
    free(pat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline),
        cmocka_unit_test(test_inline_all_suppressed_exit),
        cmocka_unit_test(test_policy_severity_and_off),
        cmocka_unit_test(test_policy_ignore),
        cmocka_unit_test(test_policy_on_a_real_check),
        cmocka_unit_test(test_policy_glob_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
