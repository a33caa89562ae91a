/* The markdown report: escaping of every Markdown- and HTML-active character, the code fence,
 * the checklist table, quiet, and one document over several sets. The golden files
 * (tests/golden/markdown/) and the renderer test (tests/cli/test_markdown_render.sh) cover
 * the whole documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../tools/report_fixtures.h"
#include "support.h"

static const uhp_report_opts md_opts = {false, false, UHP_SEV_ERROR};

/* Renders the N_RUNS runs of RUNS as markdown with OPTS into a malloc'd string. */
__attribute__((noinline)) static char *md_render(const uhp_run *const *runs, size_t n_runs,
                                                 const uhp_report_opts *opts)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(uhp_report_write(uhp_report_find("markdown"), f, runs, n_runs, opts), 0);
    fclose(f);
    return buf;
}

/* Renders the fixture FILL as markdown with OPTS. */
static char *md_fixture(void (*fill)(uhp_run *), const uhp_report_opts *opts)
{
    uhp_run run;
    uhp_run_init(&run);
    fill(&run);
    const uhp_run *one = &run;
    char *out = md_render(&one, 1, opts);
    uhp_run_destroy(&run);
    return out;
}

/* Fails with the document when NEEDLE is not in OUT. */
static void md_has(const char *out, const char *needle)
{
    if (!strstr(out, needle))
        fail_msg("'%s' not found in:\n%s", needle, out);
}

/* Fails with the document when NEEDLE is in OUT. */
static void md_lacks(const char *out, const char *needle)
{
    if (strstr(out, needle))
        fail_msg("'%s' found in:\n%s", needle, out);
}

/* A run of two instances with one finding whose message, file, source line and instances
 * are the given strings. */
static void md_one_finding(uhp_run *run, const char *message, const char *file,
                           const char *source_line, const char *instances)
{
    fixture_meta_two(run, true);
    fixture_result(run, "UHA105", "ums-auth-mfa-jwt", "lpar1", UHP_STATUS_FAIL, NULL);
    uhp_finding f = {0};
    f.rule_id = "UHA105";
    f.rule_name = "ums-auth-mfa-jwt";
    f.severity = UHP_SEV_ERROR;
    f.instances = instances;
    f.message = message;
    f.file = file;
    f.line = 7, f.col = 3, f.end_line = 7, f.end_col = 9;
    f.source_line = source_line;
    f.fix = "set it to `MFA_JWT` | *now*";
    uhp_run_add_finding(run, &f);
    uhp_run_finalize(run);
}

/* Every active character of a message, a file name, an instance list and a fix comes out
 * escaped; controls as visible escapes; invalid UTF-8 as U+FFFD; other UTF-8 as it is. */
static void test_md_escaping(void **state)
{
    (void)state;
    uhp_run run;
    uhp_run_init(&run);
    md_one_finding(&run,
                   "a|b`c*d_e[f]g#h!i{j}k~l<m>n&o\\p\nq\x01r\xc2\x85s\xfft\xc3\xa9\xe2\x80\xaeu",
                   "d_i*r/[x].yaml", "  authType: x", "lp|1, lp`2");
    const uhp_run *one = &run;
    char *out = md_render(&one, 1, &md_opts);
    uhp_run_destroy(&run);
    md_has(out, "**d\\_i\\*r/\\[x\\].yaml:7:3**: a\\|b\\`c\\*d\\_e\\[f\\]g\\#h\\!i\\{j\\}k&#126;l"
                "&lt;m&gt;n&amp;o\\\\p\\\\nq\\\\x01r\\\\u0085s\xef\xbf\xbdt\xc3\xa9\\\\u202eu\n");
    md_has(out, "- Instances: lp\\|1, lp\\`2\n");
    md_has(out, "**Fix**: set it to \\`MFA\\_JWT\\` \\| \\*now\\*\n");
    md_lacks(out, "<m>");
    free(out);
}

/* The quoted line sits in a fence one backtick longer than its longest backtick run, at
 * least three; the line itself is written as it is (controls made visible). */
static void test_md_fence(void **state)
{
    (void)state;
    static const struct {
        const char *line, *want;
    } cases[] = {
        {"  host: plain", "\n```\n  host: plain\n```\n"},
        {"  v: \"a``b\"", "\n```\n  v: \"a``b\"\n```\n"},
        {"  v: \"````x```\"", "\n`````\n  v: \"````x```\"\n`````\n"},
        {"```", "\n````\n```\n````\n"},
        {"  v: x\ty\x01", "\n```\n  v: x\ty\\x01\n```\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uhp_run run;
        uhp_run_init(&run);
        md_one_finding(&run, "m", "zowe.yaml", cases[i].line, "lpar1");
        const uhp_run *one = &run;
        char *out = md_render(&one, 1, &md_opts);
        uhp_run_destroy(&run);
        md_has(out, cases[i].want);
        free(out);
    }
}

/* The checklist: a column per instance (ids escaped), a global result in every column, "-"
 * for a missing cell, FAIL in bold; one "Result" column without haInstances. */
static void test_md_table(void **state)
{
    (void)state;
    static const char *odd_instances[] = {"lp|ar1", "lpar_2"};
    uhp_run run;
    uhp_run_init(&run);
    fixture_meta_two(&run, true);
    run.meta.instances = odd_instances;
    fixture_result(&run, "UHA101", "gateway-enabled", "lp|ar1", UHP_STATUS_PASS, NULL);
    fixture_result(&run, "UHA101", "gateway-enabled", "lpar_2", UHP_STATUS_FAIL, NULL);
    fixture_result(&run, "UHA107", "ha-instances", NULL, UHP_STATUS_WARN, NULL);
    fixture_result(&run, "UHA109", "log-directory", "lpar_2", UHP_STATUS_NA, NULL);
    uhp_run_finalize(&run);
    const uhp_run *one = &run;
    char *out = md_render(&one, 1, &md_opts);
    uhp_run_destroy(&run);
    md_has(out, "## Checklist\n\n"
                "| Rule | Name | lp\\|ar1 | lpar\\_2 |\n"
                "|---|---|:---:|:---:|\n"
                "| UHA101 | gateway-enabled | PASS | **FAIL** |\n"
                "| UHA107 | ha-instances | WARN | WARN |\n"
                "| UHA109 | log-directory | \\- | N/A |\n\n");
    md_has(out, "- **Instances**: lp\\|ar1, lpar\\_2\n");
    free(out);

    out = md_fixture(fixture_escape, &md_opts);
    md_has(out, "| Rule | Name | Result |\n|---|---|:---:|\n| UHA101 | gateway-enabled | PASS |\n");
    md_has(out, "- **Instances**: none (no haInstances: the base configuration is checked)\n");
    free(out);
}

/* The header names the inputs, the DVIPA, the version and the result; the findings carry
 * location, key, quoted line and fix; notes and suppressed findings follow. */
static void test_md_document(void **state)
{
    (void)state;
    char *out = md_fixture(fixture_fail, &md_opts);
    assert_true(strncmp(out, "# ums-ha-preflight 9.9.9: UMS high-availability checklist\n\n", 58) ==
                0);
    md_has(out, "- **Config layers** (highest priority first): zowe.yaml, "
                "PARMLIB(IZP.I1.PARMLIB(ZWEYAML))\n");
    md_has(out, "- **TCP/IP profiles**: tcpip/PROFILE.TCPIP\n");
    md_has(out, "- **DVIPA**: not declared");
    md_has(out, "- **Result**: FAIL, 4 passed, 5 failed, 4 warnings\n");
    md_has(out, "### error: UHA105 ums-auth-mfa-jwt\n\n**zowe.yaml:12:17**: ");
    md_has(out,
           "- Key: components.izp.server.authType\n\n```\n      authType: STANDARD_JWT\n```\n\n"
           "**Fix**: set components.izp.server.authType: MFA\\_JWT\n");
    md_has(out, "**built-in default**: zowe.logDirectory is not set\n");
    md_has(out, "## Notes\n\n- UHA102 dvipa-first-external-domain (lpar1, lpar2): could not "
                "verify: the DVIPA was not declared (--dvipa)\n");
    md_has(out, "## Suppressed\n\n- zowe.yaml:40:15: ");
    md_has(out, "reason: DVIPA rollout tracked in CHG0042\n");
    md_lacks(out, "## Set ");
    free(out);

    out = md_fixture(fixture_pass, &md_opts);
    md_has(out, "- **DVIPA**: 10.1.1.10 (umsha.plex1.example.com), from --dvipa\n");
    md_has(out, "- **Result**: PASS, ");
    md_lacks(out, "## Findings");
    free(out);
}

/* Quiet: the header and the failing findings; no table, notes, warnings or suppressed. */
static void test_md_quiet(void **state)
{
    (void)state;
    uhp_report_opts quiet = {false, true, UHP_SEV_ERROR};
    char *out = md_fixture(fixture_fail, &quiet);
    md_has(out, "- **Result**: FAIL");
    md_has(out, "### error: UHA105");
    md_lacks(out, "## Checklist");
    md_lacks(out, "warning: UHA109");
    md_lacks(out, "## Notes");
    md_lacks(out, "## Suppressed");
    free(out);
}

/* Several sets: one document, a table of the sets (a duplicate name made unique, names
 * escaped), a section per set one heading level down; quiet leaves passing sets out. */
static void test_md_sets(void **state)
{
    (void)state;
    void (*fills[3])(uhp_run *) = {fixture_pass, fixture_fail, fixture_fail};
    const char *names[3] = {"plex_1", "plex2", "plex2"};
    uhp_run runs[3];
    const uhp_run *ptrs[3];
    for (size_t i = 0; i < 3; i++) {
        uhp_run_init(&runs[i]);
        fills[i](&runs[i]);
        runs[i].meta.set_name = names[i];
        ptrs[i] = &runs[i];
    }
    char *out = md_render(ptrs, 3, &md_opts);
    md_has(out,
           "| Set | Result | Passed | Failed | Warnings |\n|---|:---:|---:|---:|---:|\n"
           "| plex\\_1 | PASS | 9 | 0 | 0 |\n| plex2 | **FAIL** | 4 | 5 | 4 |\n"
           "| plex2 \\#2 | **FAIL** | 4 | 5 | 4 |\n\n3 sets: 17 passed, 10 failed, 8 warnings\n");
    md_has(out, "## Set plex\\_1 (1 of 3)\n\n- **Config layers**");
    md_has(out, "## Set plex2 \\#2 (3 of 3)\n");
    md_has(out, "### Checklist\n");
    md_has(out, "#### error: UHA105 ums-auth-mfa-jwt\n");
    assert_true(strncmp(out, "# ums-ha-preflight 9.9.9:", 25) == 0);
    md_lacks(out, "\n## Checklist");
    free(out);

    uhp_report_opts quiet = {false, true, UHP_SEV_ERROR};
    out = md_render(ptrs, 3, &quiet);
    md_lacks(out, "## Set plex\\_1");
    md_has(out, "## Set plex2 (2 of 3)\n");
    free(out);
    for (size_t i = 0; i < 3; i++)
        uhp_run_destroy(&runs[i]);
}

/* A stream that cannot be written makes the writer return -1. */
static void test_md_write_failure(void **state)
{
    (void)state;
    uhp_run run;
    uhp_run_init(&run);
    fixture_fail(&run);
    FILE *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    const uhp_run *one = &run;
    assert_int_equal(uhp_report_write(uhp_report_find("markdown"), ro, &one, 1, &md_opts), -1);
    fclose(ro);
    uhp_run_destroy(&run);
    assert_non_null(strstr(uhp_report_names(), "markdown"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_escaping),      cmocka_unit_test(test_md_fence),
        cmocka_unit_test(test_md_table),         cmocka_unit_test(test_md_document),
        cmocka_unit_test(test_md_quiet),         cmocka_unit_test(test_md_sets),
        cmocka_unit_test(test_md_write_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
