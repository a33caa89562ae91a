/* The TCP/IP profile rules UHA201-UHA209: for every rule a profile that makes it fail and one
 * that makes it pass, run through uhp_check() with a Zowe configuration written here, asserting
 * on the findings (rule, place in the profile, IBM message id, severity) and the checklist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "uhp/check.h"
#include "uhp/rule.h"
#include "uhp/tcpip.h"

#define CFG_HEAD                                                                                   \
    "zowe:\n"                                                                                      \
    "  externalDomains:\n"                                                                         \
    "    - umsha.plex1.example.com\n"                                                              \
    "  externalPort: 7554\n"                                                                       \
    "  logDirectory: /global/zowe/logs\n"                                                          \
    "components:\n"                                                                                \
    "  gateway:\n"                                                                                 \
    "    enabled: true\n"                                                                          \
    "    port: 7554\n"                                                                             \
    "  zss:\n"                                                                                     \
    "    enabled: true\n"                                                                          \
    "    port: 7557\n"                                                                             \
    "  izp:\n"                                                                                     \
    "    enabled: true\n"                                                                          \
    "    server:\n"                                                                                \
    "      host: umsha.plex1.example.com\n"                                                        \
    "      authType: MFA_JWT\n"                                                                    \
    "      port:\n"                                                                                \
    "        http: 12023\n"
#define CFG_INSTANCES                                                                              \
    "haInstances:\n"                                                                               \
    "  lpar1:\n"                                                                                   \
    "    hostname: lpar1.example.com\n"                                                            \
    "    sysname: SYS1\n"                                                                          \
    "  lpar2:\n"                                                                                   \
    "    hostname: lpar2.example.com\n"                                                            \
    "    sysname: SYS2\n"
#define CFG CFG_HEAD CFG_INSTANCES

#define DEFINE "VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 10.10.1.100\n"
#define HS_DIST                                                                                    \
    "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100\n"                                  \
    "    PORT 7554 7557 12023\n"                                                                   \
    "    DESTIP 10.20.1.1 PREFERRED\n"                                                             \
    "           10.20.1.2 BACKUP\n"
#define END "ENDVIPADYNAMIC\n"
#define GOOD_PROFILE DEFINE HS_DIST END

/* The UHA2xx rules SPEC section 4 names (test_registry_and_docs holds the registry to it). */
static const char *const RULES[] = {"UHA201", "UHA202", "UHA203", "UHA204", "UHA205",
                                    "UHA206", "UHA207", "UHA208", "UHA209"};

/* Runs uhp_check on config CFGTEXT and the profiles PROFILES (texts, NULL-terminated), with
 * the DVIPA declared when DVIPA. Returns the path of the first profile. */
static const char *run_check(uhp_run *run, const char *cfgtext, const char *const *profiles,
                             bool dvipa)
{
    static const char *const spec[] = {"umsha.plex1.example.com=10.10.1.100"};
    static const char *paths[4];
    size_t n = 0;
    const char *cfg = uhp_test_write_temp("rules-zowe.yaml", cfgtext);
    assert_non_null(cfg);
    for (; profiles && profiles[n]; n++) {
        char name[32];
        snprintf(name, sizeof name, "rules-prof%zu.tcpip", n);
        paths[n] = uhp_test_write_temp(name, profiles[n]);
        assert_non_null(paths[n]);
    }
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {cfg};
    o.configs = configs;
    o.n_configs = 1;
    o.tcpip_paths = paths;
    o.n_tcpip = n;
    if (dvipa) {
        o.dvipa_specs = (const char **)spec;
        o.n_dvipa = 1;
    }
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
    return n ? paths[0] : NULL;
}

static const char *run_one(uhp_run *run, const char *profile, bool dvipa)
{
    const char *const profiles[] = {profile, NULL};
    return run_check(run, CFG, profiles, dvipa);
}

static size_t count(const uhp_run *run, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        n += strcmp(run->findings[i].rule_id, id) == 0;
    return n;
}

static const uhp_finding *nth(const uhp_run *run, const char *id, size_t k)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (strcmp(run->findings[i].rule_id, id) == 0 && k-- == 0)
            return &run->findings[i];
    return NULL;
}

/* Prints every finding, so a failing test shows what was reported. */
static void dump(const uhp_run *run)
{
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        fprintf(stderr, "  %s %s:%u:%u [%s] %s\n", f->rule_id, f->file ? f->file : "-", f->line,
                f->col, f->instances ? f->instances : "", f->message);
    }
}

static uhp_status status(const uhp_run *run, const char *id, const char *inst)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (strcmp(r->rule_id, id) == 0 &&
            ((!inst && !r->instance) || (inst && r->instance && !strcmp(inst, r->instance))))
            return r->status;
    }
    fail_msg("no result for %s / %s", id, inst ? inst : "-");
    return UHP_STATUS_NA;
}

/* Asserts the only finding of rule ID is at FILE:LINE:COL with SEV and NEEDLE in it. */
static void assert_only(const uhp_run *run, const char *id, const char *file, unsigned line,
                        unsigned col, uhp_severity sev, const char *needle)
{
    if (count(run, id) != 1)
        dump(run);
    assert_int_equal(count(run, id), 1);
    const uhp_finding *f = nth(run, id, 0);
    assert_string_equal(f->file, file);
    assert_int_equal(f->line, line);
    assert_int_equal(f->col, col);
    assert_int_equal(f->severity, sev);
    if (!strstr(f->message, needle))
        fail_msg("'%s' not in '%s'", needle, f->message);
    assert_non_null(f->fix);
}

/* The good profile passes every UHA2xx rule with no finding, with or without --dvipa (then the
 * DVIPA comes from the single HOTSTANDBY distribution). */
static void test_good_profile_passes_everything(void **state)
{
    (void)state;
    for (int declared = 0; declared < 2; declared++) {
        uhp_run run;
        run_one(&run, GOOD_PROFILE, declared);
        const uhp_rule *tcpip[64];
        size_t n_tcpip = uhp_test_rules(UHP_RULE_TCPIP, -1, tcpip, 64);
        assert_true(n_tcpip >= 9);
        for (size_t i = 0; i < n_tcpip; i++) {
            if (count(&run, tcpip[i]->id))
                dump(&run);
            assert_int_equal(count(&run, tcpip[i]->id), 0);
        }
        assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_PASS);
        assert_int_equal(status(&run, "UHA203", "lpar2"), UHP_STATUS_PASS);
        assert_int_equal(status(&run, "UHA202", NULL), UHP_STATUS_PASS);
        assert_int_equal(status(&run, "UHA206", NULL), UHP_STATUS_PASS);
        assert_int_equal(status(&run, "UHA208", NULL), UHP_STATUS_PASS);
        assert_string_equal(run.meta.dvipa_origin, declared ? "--dvipa" : "TCP/IP profile");
        uhp_run_destroy(&run);
    }
}

/* Without --tcpip every UHA2xx rule is not applicable. */
static void test_no_profile_not_applicable(void **state)
{
    (void)state;
    uhp_run run;
    run_check(&run, CFG, NULL, true);
    assert_int_equal(status(&run, "UHA201", NULL), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA209", NULL), UHP_STATUS_NA);
    uhp_run_destroy(&run);
}

static void test_uha201_syntax_error_and_ignored(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_one(&run,
                               DEFINE "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100\n"
                                      "    PORT 7554 7557 12023 DESTIP 10.20.1.1 PREFERRED\n"
                                      "    10.20.1.2 BAKUP\n"
                                      "  VIPADEFINE 255.255.255.0 10.10.1.101\n" END,
                               true);
    assert_int_equal(count(&run, "UHA201"), 2);
    const uhp_finding *e = nth(&run, "UHA201", 0), *ign = nth(&run, "UHA201", 1);
    assert_string_equal(e->file, path);
    assert_int_equal(e->line, 5);
    assert_int_equal(e->col, 15);
    assert_non_null(strstr(e->message, "'BAKUP'"));
    assert_int_equal(ign->line, 6);
    assert_int_equal(ign->col, 3);
    assert_non_null(strstr(ign->message, "ignored by TCP/IP"));
    assert_int_equal(status(&run, "UHA201", NULL), UHP_STATUS_FAIL);
    /* the distribution is lost, so the port rules fail and say why */
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_FAIL);
    assert_non_null(strstr(nth(&run, "UHA203", 0)->message, "ignored after syntax errors"));
    assert_false(run.input_error);
    uhp_run_destroy(&run);
}

static void test_uha201_unreadable_and_binary_are_input_errors(void **state)
{
    (void)state;
    uhp_run run;
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *cfg = uhp_test_write_temp("rules-zowe.yaml", CFG);
    const char *paths[] = {"/nonexistent/PROFILE.TCPIP"};
    const char *configs[] = {cfg};
    o.configs = configs;
    o.n_configs = 1;
    o.tcpip_paths = paths;
    o.n_tcpip = 1;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_true(run.input_error);
    assert_int_equal(nth(&run, "UHA201", 0)->line, 0);
    assert_string_equal(nth(&run, "UHA201", 0)->file, "/nonexistent/PROFILE.TCPIP");
    uhp_run_destroy(&run);
    run_one(&run, "VIPADYNAMIC\n\x01\x02\x03junk", true);
    assert_true(run.input_error);
    assert_int_equal(nth(&run, "UHA201", 0)->line, 2);
    uhp_run_destroy(&run);
}

static void test_uha202(void **state)
{
    (void)state;
    uhp_run run;
    const char *path =
        run_one(&run, "VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 10.10.1.99\n" HS_DIST END, true);
    assert_only(&run, "UHA202", path, 3, 47, UHP_SEV_ERROR, "10.10.1.100");
    assert_int_equal(status(&run, "UHA202", NULL), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
    /* a VIPABACKUP defines it too (backup stack) */
    run_one(
        &run,
        "VIPADYNAMIC\n  VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0 10.10.1.100\n" HS_DIST END,
        true);
    assert_int_equal(count(&run, "UHA202"), 0);
    assert_int_equal(status(&run, "UHA202", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
    /* a VIPADELETE after the definition undoes it */
    path = run_one(&run, DEFINE HS_DIST "  VIPADELETE 10.10.1.100\n" END, true);
    assert_int_equal(status(&run, "UHA202", NULL), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
}

static void test_uha203(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_one(&run,
                               DEFINE "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100\n"
                                      "    PORT 7557 DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n"
                                      "  VIPADISTRIBUTE DEFINE 10.10.1.100 PORT 7554 12023\n"
                                      "    DESTIP 10.20.1.1 10.20.1.2\n" END,
                               true);
    assert_only(&run, "UHA203", path, 5, 3, UHP_SEV_ERROR, "BASEWLM (the default)");
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_FAIL);
    assert_int_equal(status(&run, "UHA203", "lpar2"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
    /* a range, and no PORT at all, both cover the port */
    run_one(&run,
            DEFINE "  VIPADIST DISTM HOTSTANDBY 10.10.1.100 PORT 12000-12099\n"
                   "    DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n"
                   "  VIPADIST DISTM ROUNDROBIN 10.10.1.100 DESTIP ALL\n" END,
            true);
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA204", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA205", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* An instance override of the UMS port fails only that instance. */
static void test_uha203_instance_override(void **state)
{
    (void)state;
    static const char cfg[] = CFG "    components:\n      izp:\n        server:\n"
                                  "          port:\n            http: 12024\n";
    const char *const profiles[] = {GOOD_PROFILE, NULL};
    uhp_run run;
    run_check(&run, cfg, profiles, true);
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA203", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = nth(&run, "UHA203", 0);
    assert_non_null(f);
    assert_string_equal(f->instances, "lpar2");
    assert_non_null(strstr(f->message, "12024"));
    uhp_run_destroy(&run);
}

/* A ${{ }} port that is not a path reference cannot be verified: a warning. */
static void test_uha203_template_unverified(void **state)
{
    (void)state;
    static const char cfg[] = "zowe:\n  externalPort: 7554\ncomponents:\n  zss:\n    port: 7557\n"
                              "  izp:\n    enabled: true\n    server:\n      port:\n"
                              "        http: \"${{ 12000 + 23 }}\"\n" CFG_INSTANCES;
    const char *const profiles[] = {GOOD_PROFILE, NULL};
    uhp_run run;
    run_check(&run, cfg, profiles, true);
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_WARN);
    assert_true(nth(&run, "UHA203", 0)->unverified);
    uhp_run_destroy(&run);
}

static void test_uha204(void **state)
{
    (void)state;
    uhp_run run;
    const char *path =
        run_one(&run,
                DEFINE "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100\n"
                       "    PORT 7554 12023 DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n" END,
                true);
    assert_only(&run, "UHA204", path, 3, 3, UHP_SEV_ERROR, "7557");
    uhp_run_destroy(&run);
    /* ZSS disabled: not applicable */
    static const char cfg[] = CFG "    components:\n      zss:\n        enabled: false\n";
    const char *const profiles[] = {GOOD_PROFILE, NULL};
    run_check(&run, cfg, profiles, true);
    assert_int_equal(status(&run, "UHA204", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA204", "lpar2"), UHP_STATUS_NA);
    uhp_run_destroy(&run);
}

static void test_uha205(void **state)
{
    (void)state;
    uhp_run run;
    const char *path =
        run_one(&run,
                DEFINE "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100\n"
                       "    PORT 7557 12023 DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n" END,
                true);
    assert_only(&run, "UHA205", path, 3, 3, UHP_SEV_ERROR, "7554");
    uhp_run_destroy(&run);
    run_one(&run, GOOD_PROFILE, true);
    assert_int_equal(status(&run, "UHA205", "lpar2"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

static void test_uha206_ibm_messages(void **state)
{
    (void)state;
    static const struct {
        const char *destip;
        const char *id;
        unsigned col; /* on line 4 */
    } cases[] = {
        {"    DESTIP 10.20.1.1 PREFERRED 10.20.1.2\n", "EZZ0826I", 32},
        {"    DESTIP 10.20.1.1 PREFERRED 10.20.1.2 PREFERRED\n", "EZZ0827I", 5},
        {"    DESTIP 10.20.1.1 BACKUP 10.20.1.2 BACKUP\n", "EZZ0827I", 5},
        {"    DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP 10.20.1.1 BACKUP\n", "EZZ0830I", 49},
        {"    DESTIP ALL\n", "EZZ0165I", 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char profile[512];
        snprintf(profile, sizeof profile,
                 "%s  VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 10.10.1.100 "
                 "PORT 7554 7557 12023\n%s%s",
                 DEFINE, cases[i].destip, END);
        uhp_run run;
        const char *path = run_one(&run, profile, true);
        assert_only(&run, "UHA206", path, 4, cases[i].col, UHP_SEV_ERROR, cases[i].id);
        assert_int_equal(status(&run, "UHA206", NULL), UHP_STATUS_FAIL);
        uhp_run_destroy(&run);
    }
}

static void test_uha206_more_than_31_backups(void **state)
{
    (void)state;
    char profile[4096];
    size_t n = (size_t)snprintf(profile, sizeof profile,
                                "%s  VIPADISTRIBUTE DISTMETHOD "
                                "HOTSTANDBY 10.10.1.100 PORT 12023\n    DESTIP 10.20.1.1 "
                                "PREFERRED\n",
                                DEFINE);
    for (int b = 0; b < 32; b++)
        n += (size_t)snprintf(profile + n, sizeof profile - n, "    10.20.2.%d BACKUP\n", b + 1);
    snprintf(profile + n, sizeof profile - n, "%s", END);
    uhp_run run;
    const char *path = run_one(&run, profile, true);
    assert_only(&run, "UHA206", path, 36, 16, UHP_SEV_ERROR, "EZZ0829I");
    uhp_run_destroy(&run);
    /* 31 backups pass; no HOTSTANDBY at all is not applicable */
    run_one(&run, GOOD_PROFILE, true);
    assert_int_equal(status(&run, "UHA206", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
    run_one(&run, DEFINE "  VIPADIST 10.10.1.100 DESTIP ALL\n" END, true);
    assert_int_equal(status(&run, "UHA206", NULL), UHP_STATUS_NA);
    uhp_run_destroy(&run);
}

static void test_uha207(void **state)
{
    (void)state;
    uhp_run run;
    /* EZZ0831I: the statement and the rest of the block are lost */
    const char *path =
        run_one(&run,
                DEFINE "  VIPADISTRIBUTE DISTMETHOD ROUNDROBIN 10.10.1.100 PORT 7554\n"
                       "    DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n" HS_DIST END,
                true);
    assert_only(&run, "UHA207", path, 4, 22, UHP_SEV_ERROR, "EZZ0831I");
    assert_int_equal(count(&run, "UHA201"), 1);
    assert_int_equal(nth(&run, "UHA201", 0)->line, 5);
    assert_non_null(strstr(nth(&run, "UHA201", 0)->message, "EZZ0831I"));
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
    /* EZZ0799I: WEIGHT without WEIGHTEDACTIVE */
    path = run_one(&run,
                   DEFINE HS_DIST "  VIPADISTRIBUTE DISTMETHOD ROUNDROBIN 10.10.1.100 PORT "
                                  "8080\n    DESTIP 10.20.1.1 WEIGHT 5\n" END,
                   true);
    assert_only(&run, "UHA207", path, 8, 22, UHP_SEV_ERROR, "EZZ0799I");
    uhp_run_destroy(&run);
    run_one(&run,
            DEFINE HS_DIST "  VIPADISTRIBUTE DISTMETHOD WEIGHTEDACTIVE 10.10.1.100 PORT "
                           "8080\n    DESTIP 10.20.1.1 WEIGHT 5\n" END,
            true);
    assert_int_equal(count(&run, "UHA207"), 0);
    assert_int_equal(status(&run, "UHA207", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

static void test_uha208(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_one(&run,
                               DEFINE "  VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 10.10.1.100\n"
                                      "    PORT 7554 7557 12023 DESTIP 10.20.1.1 PREFERRED\n"
                                      "    10.20.1.2 BACKUP 10.20.1.3 BACKUP\n" END,
                               true);
    assert_only(&run, "UHA208", path, 4, 26, UHP_SEV_WARNING, "3 DESTIP targets, but 2");
    assert_int_equal(status(&run, "UHA208", NULL), UHP_STATUS_WARN);
    uhp_run_destroy(&run);
    /* UMS off in lpar2: one UMS instance, two targets */
    static const char cfg[] = CFG "    components:\n      izp:\n        enabled: false\n";
    const char *const profiles[] = {GOOD_PROFILE, NULL};
    run_check(&run, cfg, profiles, true);
    assert_int_equal(count(&run, "UHA208"), 1);
    assert_non_null(strstr(nth(&run, "UHA208", 0)->message, "(lpar1)"));
    uhp_run_destroy(&run);
}

static void test_uha209(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_one(&run, DEFINE "  VIPABACKUP 100 10.10.1.100\n" HS_DIST END, true);
    assert_only(&run, "UHA209", path, 3, 18, UHP_SEV_ERROR, "VIPADEFINE at line 2");
    uhp_run_destroy(&run);
    /* VIPADELETE in between, and one definition per file (one profile per stack) pass */
    run_one(&run,
            DEFINE "  VIPADELETE 10.10.1.100\n  VIPADEFINE 255.255.255.0 10.10.1.100\n" HS_DIST END,
            true);
    assert_int_equal(count(&run, "UHA209"), 0);
    uhp_run_destroy(&run);
    const char *const two[] = {GOOD_PROFILE,
                               "VIPADYNAMIC\n  VIPABACKUP 100 10.10.1.100\n" HS_DIST END, NULL};
    run_check(&run, CFG, two, true);
    assert_int_equal(count(&run, "UHA209"), 0);
    assert_int_equal(status(&run, "UHA209", NULL), UHP_STATUS_PASS);
    /* the same HOTSTANDBY DVIPA in both stacks' profiles is still one DVIPA */
    assert_string_equal(run.meta.dvipa_origin, "--dvipa");
    uhp_run_destroy(&run);
    run_check(&run, CFG, two, false);
    assert_string_equal(run.meta.dvipa_origin, "TCP/IP profile");
    assert_int_equal(status(&run, "UHA202", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* Two HOTSTANDBY DVIPAs and no --dvipa: the DVIPA is unknown, and the port rules say so. */
static void test_undeclared_ambiguous_dvipa(void **state)
{
    (void)state;
    uhp_run run;
    run_one(&run,
            DEFINE HS_DIST "  VIPADEFINE 255.255.255.0 10.10.1.101\n"
                           "  VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 10.10.1.101 PORT 9999\n"
                           "    DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n" END,
            false);
    assert_null(run.meta.dvipa);
    assert_int_equal(status(&run, "UHA203", "lpar1"), UHP_STATUS_WARN);
    assert_non_null(strstr(nth(&run, "UHA203", 0)->message, "not declared"));
    assert_int_equal(status(&run, "UHA202", NULL), UHP_STATUS_WARN);
    uhp_run_destroy(&run);
}

/* Every UHA2xx rule is registered with its doc page, UHA208 as a warning. */
static void test_registry_and_docs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
        const uhp_rule *r = uhp_rule_find(RULES[i]);
        assert_non_null(r);
        assert_true(r->flags & UHP_RULE_TCPIP);
        assert_int_equal(r->severity, i == 7 ? UHP_SEV_WARNING : UHP_SEV_ERROR);
        assert_true((r->scope == UHP_SCOPE_INPUT) == (r->check == NULL));
        const char *doc = uhp_rule_doc(r);
        assert_non_null(doc);
        char title[64];
        snprintf(title, sizeof title, "# %s %s\n", r->id, r->name);
        assert_true(strncmp(doc, title, strlen(title)) == 0);
        assert_non_null(strstr(doc, "## Why"));
        assert_non_null(strstr(doc, "## How to fix"));
        assert_ptr_equal(uhp_rule_find(r->name), r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_profile_passes_everything),
        cmocka_unit_test(test_no_profile_not_applicable),
        cmocka_unit_test(test_uha201_syntax_error_and_ignored),
        cmocka_unit_test(test_uha201_unreadable_and_binary_are_input_errors),
        cmocka_unit_test(test_uha202),
        cmocka_unit_test(test_uha203),
        cmocka_unit_test(test_uha203_instance_override),
        cmocka_unit_test(test_uha203_template_unverified),
        cmocka_unit_test(test_uha204),
        cmocka_unit_test(test_uha205),
        cmocka_unit_test(test_uha206_ibm_messages),
        cmocka_unit_test(test_uha206_more_than_31_backups),
        cmocka_unit_test(test_uha207),
        cmocka_unit_test(test_uha208),
        cmocka_unit_test(test_uha209),
        cmocka_unit_test(test_undeclared_ambiguous_dvipa),
        cmocka_unit_test(test_registry_and_docs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
