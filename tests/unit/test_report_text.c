/* The line-oriented reports: text (the checklist), compact and github workflow commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../tools/report_fixtures.h"
#include "support.h"

static const uhp_report_opts plain_opts = {false, false, UHP_SEV_ERROR};

/* Renders the fixture FILL with FORMAT and OPTS; the run is destroyed before returning. */
static char *render(void (*fill)(uhp_run *), const char *format, const uhp_report_opts *opts)
{
    uhp_run run;
    uhp_run_init(&run);
    fill(&run);
    int rc = -2;
    char *out = fixture_render(format, &run, opts, &rc);
    uhp_run_destroy(&run);
    assert_non_null(out);
    assert_int_equal(rc, 0);
    return out;
}

/* Returns the last line of S (without its newline), in a static buffer. */
static const char *last_line(const char *s)
{
    static char buf[256];
    size_t n = strlen(s);
    assert_true(n > 0 && s[n - 1] == '\n');
    size_t start = n - 1;
    while (start > 0 && s[start - 1] != '\n')
        start--;
    snprintf(buf, sizeof buf, "%.*s", (int)(n - 1 - start), s + start);
    return buf;
}

static void test_text_header_and_table(void **state)
{
    (void)state;
    char *out = render(fixture_pass, "text", &plain_opts);
    assert_non_null(strstr(out, "ums-ha-preflight 9.9.9: UMS high-availability checklist\n"));
    assert_non_null(strstr(out, "  config layers  : zowe.yaml, PARMLIB(IZP.I1.PARMLIB(ZWEYAML)) "
                                "(highest priority first)\n"));
    assert_non_null(
        strstr(out, "  defaults       : built-in table of Zowe v3 (no --defaults given)\n"));
    assert_non_null(
        strstr(out, "  DVIPA          : 10.1.1.10 (umsha.plex1.example.com), from --dvipa\n"));
    assert_non_null(strstr(out, "  instances      : lpar1, lpar2\n"));
    assert_non_null(strstr(out, "RULE    NAME              lpar1  lpar2\n"));
    assert_non_null(strstr(out, "UHA105  ums-auth-mfa-jwt  PASS   PASS\n"));
    /* A rule that ran once for the whole configuration spans the instance columns. */
    assert_non_null(strstr(out, "UHA107  ha-instances      PASS  (all instances)\n"));
    assert_non_null(strstr(out, "UHA202  dvipa-defined     N/A    N/A\n"));
    /* Rows are in id order. */
    assert_true(strstr(out, "UHA001  ") < strstr(out, "UHA101  "));
    assert_true(strstr(out, "UHA107  ") < strstr(out, "UHA110  "));
    assert_non_null(strstr(out, "  UHA202 dvipa-defined [lpar1, lpar2] N/A: no TCP/IP profile "
                                "given (--tcpip)\n"));
    assert_null(strstr(out, "Findings"));
    assert_string_equal(last_line(out), "9 passed, 0 failed, 0 warnings");
    assert_null(strchr(out, '\033'));
    free(out);
}

static void test_text_findings(void **state)
{
    (void)state;
    char *out = render(fixture_fail, "text", &plain_opts);
    assert_non_null(strstr(out, "  DVIPA          : not declared"));
    assert_non_null(strstr(out, "UHA104  ums-host-dvipa               PASS   FAIL\n"));
    assert_non_null(strstr(out, "zowe.yaml:12:17: error: components.izp.server.authType is "
                                "STANDARD_JWT; UMS HA needs MFA_JWT [UHA105]\n"
                                "  instances: lpar1, lpar2\n"
                                "  key: components.izp.server.authType\n"
                                "  12 |       authType: STANDARD_JWT\n"
                                "     |                 ^^^^^^^^^^^^\n"
                                "  fix: set components.izp.server.authType: MFA_JWT\n"));
    assert_non_null(strstr(out, "built-in default: warning: zowe.logDirectory is not set "
                                "[UHA109]\n"));
    assert_non_null(strstr(out, "(set in no layer: the built-in Zowe default decides)"));
    assert_non_null(strstr(out, "ZWEYAML.yaml: error: YAML aliases are rejected"));
    assert_non_null(strstr(out, "zowe.yaml:22:9: info: Db2 DevOps Experience"));
    /* could-not-verify and N/A notes, suppressed findings with their reason */
    assert_non_null(strstr(out, "  UHA102 dvipa-first-external-domain [lpar1, lpar2] could not "
                                "verify: the DVIPA was not declared (--dvipa)\n"));
    assert_non_null(strstr(out, "Suppressed\n  zowe.yaml:40:15: suppressed: "));
    assert_non_null(strstr(out, "    reason: DVIPA rollout tracked in CHG0042\n"));
    /* the suppressed finding is not listed as an error */
    assert_null(strstr(out, "zowe.yaml:40:15: error"));
    assert_string_equal(last_line(out), "4 passed, 2 failed, 2 warnings");
    free(out);
}

static void test_text_quiet(void **state)
{
    (void)state;
    uhp_report_opts quiet = {false, true, UHP_SEV_ERROR};
    char *out = render(fixture_fail, "text", &quiet);
    assert_null(strstr(out, "RULE    NAME"));
    assert_null(strstr(out, "config layers"));
    assert_null(strstr(out, "warning:"));
    assert_null(strstr(out, "info:"));
    assert_null(strstr(out, "Notes"));
    assert_null(strstr(out, "Suppressed"));
    assert_non_null(strstr(out, "zowe.yaml:12:17: error:"));
    assert_non_null(strstr(out, "ZWEYAML.yaml: error:"));
    assert_string_equal(last_line(out), "4 passed, 2 failed, 2 warnings");
    free(out);

    /* --fail-on warning: warnings are failures too */
    uhp_report_opts quiet_warn = {false, true, UHP_SEV_WARNING};
    out = render(fixture_fail, "text", &quiet_warn);
    assert_non_null(strstr(out, "built-in default: warning:"));
    assert_null(strstr(out, "info:"));
    free(out);

    out = render(fixture_pass, "text", &quiet);
    assert_string_equal(out, "9 passed, 0 failed, 0 warnings\n");
    free(out);
}

static void test_text_color(void **state)
{
    (void)state;
    uhp_report_opts color = {true, false, UHP_SEV_ERROR};
    char *out = render(fixture_fail, "text", &color);
    assert_non_null(strstr(out, "\033[31m"));
    assert_non_null(strstr(out, "\033[32mPASS\033[0m"));
    /* the last line stays plain for scripts */
    assert_string_equal(last_line(out), "4 passed, 2 failed, 2 warnings");
    free(out);
}

static void test_text_escaping(void **state)
{
    (void)state;
    char *out = render(fixture_escape, "text", &plain_opts);
    /* one line, control characters visible, UTF-8 kept, no raw escape reaching the terminal */
    assert_non_null(strstr(out, "dir, with: odd/z\xc3\xa9 100%.yaml:2:13: error: say \"hi\" <b> & "
                                "50% done\\nnext\\x01 line\\x1b[31m caf\xc3\xa9 \xe6\x97\xa5: a, b "
                                "[UHA105]\n"));
    assert_null(strchr(out, '\033'));
    assert_null(strchr(out, '\001'));
    /* the caret sits under column 13 although the line holds a 2-byte character before */
    assert_non_null(strstr(out, "  2 |   authType: \"\xc3\xa9<&>\" # caf\xc3\xa9\n"
                                "    |             ^^^\n"));
    /* no haInstances: a single RESULT column */
    assert_non_null(strstr(out, "RULE    NAME              RESULT\n"));
    assert_non_null(strstr(out, "UHA105  ums-auth-mfa-jwt  FAIL\n"));
    assert_non_null(strstr(out, "instances      : none (no haInstances"));
    assert_non_null(strstr(out, "  defaults       : files/defaults.yaml\n"));
    assert_string_equal(last_line(out), "1 passed, 1 failed, 0 warnings");
    free(out);
}

static void test_compact(void **state)
{
    (void)state;
    char *out = render(fixture_fail, "compact", &plain_opts);
    assert_string_equal(
        out,
        "ZWEYAML.yaml: error: YAML aliases are rejected (use --allow-aliases to expand them) "
        "[UHA003]\n"
        "zowe.yaml:3:7: warning: could not verify zowe.externalDomains[0] (umsha.example.com): "
        "the DVIPA was not declared (instances: lpar1, lpar2) [UHA102]\n"
        "zowe.yaml:12:17: error: components.izp.server.authType is STANDARD_JWT; UMS HA needs "
        "MFA_JWT (instances: lpar1, lpar2) [UHA105]\n"
        "zowe.yaml:22:9: info: Db2 DevOps Experience does not support UMS HA [UHA106]\n"
        "built-in default: warning: zowe.logDirectory is not set (instances: lpar1, lpar2) "
        "[UHA109]\n");
    free(out);

    uhp_report_opts quiet = {false, true, UHP_SEV_ERROR};
    out = render(fixture_fail, "compact", &quiet);
    assert_string_equal(out, "ZWEYAML.yaml: error: YAML aliases are rejected (use "
                             "--allow-aliases to expand them) [UHA003]\n"
                             "zowe.yaml:12:17: error: components.izp.server.authType is "
                             "STANDARD_JWT; UMS HA needs MFA_JWT (instances: lpar1, lpar2) "
                             "[UHA105]\n");
    free(out);

    out = render(fixture_escape, "compact", &plain_opts);
    assert_string_equal(out, "dir, with: odd/z\xc3\xa9 100%.yaml:2:13: error: say \"hi\" <b> & "
                             "50% done\\nnext\\x01 line\\x1b[31m caf\xc3\xa9 \xe6\x97\xa5: a, b "
                             "[UHA105]\n");
    free(out);

    out = render(fixture_pass, "compact", &plain_opts);
    assert_string_equal(out, "");
    free(out);
}

static void test_github(void **state)
{
    (void)state;
    char *out = render(fixture_fail, "github", &plain_opts);
    assert_non_null(strstr(out, "::error file=zowe.yaml,line=12,col=17,endLine=12,endColumn=28,"
                                "title=UHA105 ums-auth-mfa-jwt::components.izp.server.authType "
                                "is STANDARD_JWT; UMS HA needs MFA_JWT (instances: lpar1, lpar2)"
                                "%0Afix: set components.izp.server.authType: MFA_JWT\n"));
    assert_non_null(strstr(out, "::warning file=zowe.yaml,line=3,col=7,"));
    assert_non_null(strstr(out, "::notice file=zowe.yaml,line=22,col=9,"));
    assert_non_null(strstr(out, "::error file=ZWEYAML.yaml,title=UHA003 yaml-alias::YAML"));
    assert_non_null(strstr(out, "::warning title=UHA109 log-directory::built-in default: "
                                "zowe.logDirectory is not set"));
    assert_null(strstr(out, "line=40")); /* suppressed */
    free(out);

    out = render(fixture_escape, "github", &plain_opts);
    /* properties escape % , : and data escapes % and newlines; one command, one line */
    assert_string_equal(out, "::error file=dir%2C with%3A odd/z\xc3\xa9 100%25.yaml,line=2,"
                             "col=13,endLine=2,endColumn=15,title=UHA105 ums-auth-mfa-jwt::"
                             "say \"hi\" <b> & 50%25 done%0Anext\\x01 line\\x1b[31m "
                             "caf\xc3\xa9 \xe6\x97\xa5: a, b%0Afix: use \"MFA_JWT\" & <retry>\n");
    free(out);

    uhp_report_opts quiet = {false, true, UHP_SEV_ERROR};
    out = render(fixture_fail, "github", &quiet);
    assert_null(strstr(out, "::warning"));
    assert_null(strstr(out, "::notice"));
    assert_non_null(strstr(out, "::error file=zowe.yaml,line=12"));
    free(out);
}

static void test_registry(void **state)
{
    (void)state;
    const char *names[] = {"text", "compact", "json", "sarif", "junit", "github", "markdown"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const uhp_report_format *f = uhp_report_find(names[i]);
        assert_non_null(f);
        assert_string_equal(f->name, names[i]);
        assert_non_null(strstr(uhp_report_names(), names[i]));
    }
    assert_null(uhp_report_find("xml"));
    assert_null(uhp_report_find(""));
    assert_null(uhp_report_find(NULL));
    assert_non_null(uhp_report_find("json")->write);
}

/* Table rows are gathered in memory: a name that needs escapes still comes out escaped, in
 * its place among the plain pieces, with and without colour. */
static void test_text_table_escaped_names(void **state)
{
    (void)state;
    static const char *odd_instances[] = {"lp\001ar1", "lpar2"};
    /* padding counts bytes, as the table always did; "-": no result for that instance */
    static const char *const want[] = {
        "RULE    NAME             lp\\x01ar1  lpar2\n"
        "UHA101  gateway\\tenabled  PASS    FAIL\n"
        "UHA107  ha-instances     PASS  (all instances)\n"
        "UHA9\\x7f   caf\xc3\xa9            -       WARN\n\n",
        "\033[1mRULE    NAME             lp\\x01ar1  lpar2\033[0m\n"
        "UHA101  gateway\\tenabled  \033[32mPASS\033[0m    \033[31mFAIL\033[0m\n"
        "UHA107  ha-instances     \033[32mPASS\033[0m  (all instances)\n"
        "UHA9\\x7f   caf\xc3\xa9            -       \033[33mWARN\033[0m\n\n",
    };
    for (int color = 0; color < 2; color++) {
        uhp_run run;
        uhp_run_init(&run);
        fixture_meta_two(&run, true);
        run.meta.instances = odd_instances;
        fixture_result(&run, "UHA101", "gateway\tenabled", "lp\001ar1", UHP_STATUS_PASS, NULL);
        fixture_result(&run, "UHA101", "gateway\tenabled", "lpar2", UHP_STATUS_FAIL, NULL);
        fixture_result(&run, "UHA107", "ha-instances", NULL, UHP_STATUS_PASS, NULL);
        fixture_result(&run, "UHA9\x7f", "caf\xc3\xa9", "lpar2", UHP_STATUS_WARN, NULL);
        uhp_run_finalize(&run);
        uhp_report_opts opts = {color == 1, false, UHP_SEV_ERROR};
        int rc = -2;
        char *out = fixture_render("text", &run, &opts, &rc);
        uhp_run_destroy(&run);
        assert_non_null(out);
        assert_int_equal(rc, 0);
        if (!strstr(out, want[color]))
            fail_msg("table not found in:\n%s", out);
        free(out);
    }
}

/* A stream that cannot be written makes every writer return -1. */
static void test_write_failure(void **state)
{
    (void)state;
    const char *names[] = {"text", "compact", "json", "sarif", "junit", "github", "markdown"};
    uhp_run run;
    uhp_run_init(&run);
    fixture_fail(&run);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        FILE *ro = fopen("/dev/null", "r"); /* read-only: every write fails */
        assert_non_null(ro);
        const uhp_run *one = &run;
        assert_int_equal(uhp_report_write(uhp_report_find(names[i]), ro, &one, 1, &plain_opts), -1);
        fclose(ro);
    }
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0);
        assert_int_equal(uhp_report_text(full, &run, &plain_opts), -1);
        fclose(full);
    }
    uhp_run_destroy(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_header_and_table),
        cmocka_unit_test(test_text_findings),
        cmocka_unit_test(test_text_quiet),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_text_escaping),
        cmocka_unit_test(test_text_table_escaped_names),
        cmocka_unit_test(test_compact),
        cmocka_unit_test(test_github),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_write_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
