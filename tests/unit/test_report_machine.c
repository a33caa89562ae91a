/* The machine-readable reports: json, sarif and junit, and the escaping helpers under them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../tools/report_fixtures.h"
#include "report/report_internal.h"
#include "support.h"
#include "uhp/rule.h"

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

/* Runs WRITE(S) into a string (caller frees). */
static char *capture(void (*write)(FILE *, const char *), const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    write(f, s);
    fclose(f);
    return buf;
}

static void test_escape_json(void **state)
{
    (void)state;
    char *s = capture(uhp_json_string, FIXTURE_NASTY);
    assert_string_equal(s, "\"say \\\"hi\\\" <b> & 50% done\\nnext\\u0001 line\\u001b[31m "
                           "caf\xc3\xa9 \xe6\x97\xa5: a, b\"");
    free(s);
    s = capture(uhp_json_string, NULL);
    assert_string_equal(s, "null");
    free(s);
    /* invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong slash,
     * an encoded surrogate) becomes U+FFFD, backslash and tab are escaped */
    s = capture(uhp_json_string, "a\x80"
                                 "b\xe6\x97"
                                 "c\xc0\xaf"
                                 "d\xed\xa0\x80"
                                 "e\\\t");
    assert_string_equal(s, "\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffde"
                           "\\\\\\t\"");
    free(s);
}

static void test_escape_xml(void **state)
{
    (void)state;
    char *s = capture(uhp_xml_attr, "a\"b'c<d>e&f\ng\th\ri\x01j\xef\xbf\xbfk\xc3\xa9");
    assert_string_equal(s, "a&quot;b&apos;c&lt;d&gt;e&amp;f&#10;g&#9;h&#13;i\xef\xbf\xbdj"
                           "\xef\xbf\xbdk\xc3\xa9");
    free(s);
    s = capture(uhp_xml_text, "x\ny\"<&>\x1b\xff");
    assert_string_equal(s, "x\ny\"&lt;&amp;&gt;\xef\xbf\xbd\xef\xbf\xbd");
    free(s);
}

static void test_escape_github(void **state)
{
    (void)state;
    char *s = capture(uhp_gh_property, "a:b,c%d\ne\rf");
    assert_string_equal(s, "a%3Ab%2Cc%25d%0Ae%0Df");
    free(s);
    s = capture(uhp_gh_data, "a:b,c%d\ne\rf\x07");
    assert_string_equal(s, "a:b,c%25d%0Ae%0Df\\x07");
    free(s);
}

static void uri_writer(FILE *f, const char *s)
{
    uhp_uri_chars(f, s);
}

static void test_escape_uri(void **state)
{
    (void)state;
    char *s = capture(uri_writer, "conf/zowe ha#1%.yaml");
    assert_string_equal(s, "conf/zowe%20ha%231%25.yaml");
    free(s);
    s = capture(uri_writer, "/etc/z\xc3\xa9.yaml");
    assert_string_equal(s, "file:///etc/z%C3%A9.yaml");
    free(s);
}

static void test_json_report(void **state)
{
    (void)state;
    char *out = render(fixture_fail, "json", &plain_opts);
    assert_non_null(strstr(out, "  \"format\": \"ums-ha-preflight-report\",\n"
                                "  \"version\": 1,\n"));
    assert_non_null(strstr(out, "\"builtinDefaults\": true"));
    assert_non_null(strstr(out, "\"dvipa\": null"));
    assert_non_null(strstr(out, "\"tcpipProfiles\": [\n      \"tcpip/PROFILE.TCPIP\"\n    ]"));
    assert_non_null(strstr(out, "\"failingFindings\": 2,"));
    assert_non_null(strstr(out, "    \"passed\": 4,\n    \"failed\": 5,\n    \"warnings\": 4,\n"
                                "    \"notApplicable\": 2,\n    \"suppressed\": 1,\n"));
    assert_non_null(strstr(out, "      \"ruleId\": \"UHA104\",\n"
                                "      \"ruleName\": \"ums-host-dvipa\",\n"
                                "      \"instance\": \"lpar2\",\n"
                                "      \"status\": \"FAIL\",\n"
                                "      \"note\": null\n"));
    assert_non_null(strstr(out, "      \"instances\": \"lpar1, lpar2\",\n"
                                "      \"message\": \"components.izp.server.authType is "
                                "STANDARD_JWT; UMS HA needs MFA_JWT\",\n"
                                "      \"file\": \"zowe.yaml\",\n"
                                "      \"builtinDefault\": false,\n"
                                "      \"line\": 12,\n"
                                "      \"column\": 17,\n"
                                "      \"endLine\": 12,\n"
                                "      \"endColumn\": 29,\n"));
    assert_non_null(strstr(out, "\"file\": null,\n      \"builtinDefault\": true,\n"
                                "      \"line\": null,"));
    assert_non_null(strstr(out, "\"suppressed\": true,\n"
                                "      \"suppressReason\": \"DVIPA rollout tracked in CHG0042\""));
    size_t n = strlen(out);
    assert_true(n > 2 && out[n - 1] == '\n' && out[n - 2] == '}');
    free(out);

    out = render(fixture_escape, "json", &plain_opts);
    assert_non_null(strstr(out, "\"message\": \"say \\\"hi\\\" <b> & 50% done\\nnext\\u0001 "
                                "line\\u001b[31m caf\xc3\xa9 \xe6\x97\xa5: a, b\""));
    assert_non_null(strstr(out, "\"instances\": []"));
    assert_non_null(strstr(out, "\"hasHaInstances\": false"));
    free(out);
}

/* Returns the value of the first partialFingerprints entry of a SARIF document. */
static void sarif_fingerprint(const char *sarif, char out[17])
{
    const char *p = strstr(sarif, "\"ruleFileKeyPathHash/v1\": \"");
    assert_non_null(p);
    p += strlen("\"ruleFileKeyPathHash/v1\": \"");
    memcpy(out, p, 16);
    out[16] = '\0';
    assert_int_equal(strspn(out, "0123456789abcdef"), 16);
}

/* A run with one finding of rule RULE in FILE at LINE, key path KEY. */
static void one_finding_run(uhp_run *run, const char *rule, const char *file, uint32_t line,
                            const char *key)
{
    run->meta.tool_version = "1.0";
    uhp_finding f = {0};
    f.rule_id = rule;
    f.rule_name = "ums-auth-mfa-jwt";
    f.severity = UHP_SEV_ERROR;
    f.message = "authType is not MFA_JWT";
    f.file = file;
    f.line = line, f.col = 5, f.end_line = line, f.end_col = 9;
    f.key_path = key;
    uhp_run_add_finding(run, &f);
    uhp_run_finalize(run);
}

static char *render_one(const char *rule, const char *file, uint32_t line, const char *key)
{
    uhp_run run;
    uhp_run_init(&run);
    one_finding_run(&run, rule, file, line, key);
    int rc = -2;
    char *out = fixture_render("sarif", &run, &plain_opts, &rc);
    assert_int_equal(rc, 0);
    uhp_run_destroy(&run);
    return out;
}

static void test_sarif_fingerprint_stable(void **state)
{
    (void)state;
    char a[17], b[17], c[17], d[17], e[17];
    char *s1 = render_one("UHA105", "zowe.yaml", 12, "components.izp.server.authType");
    char *s2 = render_one("UHA105", "zowe.yaml", 30, "components.izp.server.authType");
    char *s3 = render_one("UHA105", "zowe.yaml", 12, "components.izp.server.host");
    char *s4 = render_one("UHA104", "zowe.yaml", 12, "components.izp.server.authType");
    char *s5 = render_one("UHA105", "other.yaml", 12, "components.izp.server.authType");
    sarif_fingerprint(s1, a);
    sarif_fingerprint(s2, b);
    sarif_fingerprint(s3, c);
    sarif_fingerprint(s4, d);
    sarif_fingerprint(s5, e);
    assert_string_equal(a, b);     /* only the line moved */
    assert_string_not_equal(a, c); /* another key */
    assert_string_not_equal(a, d); /* another rule */
    assert_string_not_equal(a, e); /* another file */
    assert_non_null(strstr(s2, "\"startLine\": 30"));
    free(s1), free(s2), free(s3), free(s4), free(s5);
}

static void test_sarif_report(void **state)
{
    (void)state;
    char *out = render(fixture_fail, "sarif", &plain_opts);
    assert_non_null(strstr(out, "\"version\": \"2.1.0\""));
    assert_non_null(strstr(out, "\"name\": \"ums-ha-preflight\",\n"
                                "          \"version\": \"9.9.9\",\n"
                                "          \"informationUri\": \"https://"));
    /* every registered rule is described, with help from its doc page */
    size_t n_rules;
    const uhp_rule *const *rules = uhp_rules(&n_rules);
    for (size_t i = 0; i < n_rules; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"id\": \"%s\",", rules[i]->id);
        assert_non_null(strstr(out, want));
    }
    assert_non_null(strstr(out, "\"help\": {\n                \"text\": \"# UHA105"));
    assert_non_null(strstr(out, "\"markdown\": \"# UHA105"));
    assert_non_null(strstr(out, "\"defaultConfiguration\": {\n                \"level\": "));
    /* a region with exclusive end column, a snippet, the level on every result */
    assert_non_null(strstr(out, "\"region\": {\n"
                                "                  \"startLine\": 12,\n"
                                "                  \"startColumn\": 17,\n"
                                "                  \"endLine\": 12,\n"
                                "                  \"endColumn\": 29,\n"));
    assert_non_null(strstr(out, "\"level\": \"note\""));
    /* the suppressed finding carries its justification */
    assert_non_null(strstr(out, "\"suppressions\": [\n"
                                "            {\n"
                                "              \"kind\": \"external\",\n"
                                "              \"status\": \"accepted\",\n"
                                "              \"justification\": \"DVIPA rollout tracked in "
                                "CHG0042\""));
    /* a built-in default still has a physical location: the first plain-path layer */
    const char *bd = strstr(out, "zowe.logDirectory is not set");
    assert_non_null(bd);
    assert_non_null(strstr(bd, "\"uri\": \"zowe.yaml\""));
    /* results without a line get startLine 1 */
    const char *alias = strstr(out, "YAML aliases are rejected");
    assert_non_null(alias);
    assert_non_null(strstr(alias, "\"uri\": \"ZWEYAML.yaml\""));
    /* count results: one per finding (5 + the suppressed one) */
    size_t results = 0;
    for (const char *p = out; (p = strstr(p, "\"ruleIndex\": ")); p++)
        results++;
    assert_int_equal(results, 6);
    free(out);

    out = render(fixture_escape, "sarif", &plain_opts);
    assert_non_null(strstr(out, "\"uri\": \"dir,%20with%3A%20odd/z%C3%A9%20100%25.yaml\""));
    assert_non_null(strstr(out, "\"text\": \"say \\\"hi\\\" <b> & 50% done\\nnext\\u0001 "
                                "line\\u001b[31m caf\xc3\xa9 \xe6\x97\xa5: a, b\\nFix: use "
                                "\\\"MFA_JWT\\\" & <retry>\""));
    free(out);
}

static void test_junit_report(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "86400", 1);
    char *out = render(fixture_fail, "junit", &plain_opts);
    assert_non_null(strstr(out, "tests=\"15\" failures=\"3\" errors=\"0\" skipped=\"3\" "
                                "time=\"0\" timestamp=\"1970-01-02T00:00:00\">"));
    assert_non_null(strstr(out, "<testcase name=\"UHA105 ums-auth-mfa-jwt [lpar1]\" "
                                "classname=\"ums-ha-preflight.ums-auth-mfa-jwt\" time=\"0\" "
                                "file=\"zowe.yaml\">\n"
                                "      <failure message=\"components.izp.server.authType is "
                                "STANDARD_JWT; UMS HA needs MFA_JWT\" type=\"error\">zowe.yaml:"
                                "12:17: error: "));
    assert_non_null(strstr(out, "<testcase name=\"UHA101 gateway-enabled [lpar2]\" "
                                "classname=\"ums-ha-preflight.gateway-enabled\" time=\"0\"/>"));
    assert_non_null(strstr(out, "<testcase name=\"UHA107 ha-instances [all]\""));
    assert_non_null(strstr(out, "<skipped message=\"not applicable: the DVIPA was not "
                                "declared\"/>"));
    assert_non_null(strstr(out, "<skipped message=\"suppressed: DVIPA rollout tracked in "
                                "CHG0042\"/>"));
    /* warnings pass at --fail-on error ... */
    assert_non_null(strstr(out, "<testcase name=\"UHA109 log-directory [lpar1]\" "
                                "classname=\"ums-ha-preflight.log-directory\" time=\"0\"/>"));
    free(out);

    /* ... and fail at --fail-on warning */
    uhp_report_opts warn = {false, false, UHP_SEV_WARNING};
    out = render(fixture_fail, "junit", &warn);
    assert_non_null(strstr(out, "failures=\"7\""));
    assert_non_null(strstr(out, "type=\"warning\">built-in default: warning: zowe.logDirectory"));
    free(out);

    out = render(fixture_escape, "junit", &plain_opts);
    /* no haInstances: names without an instance; the forbidden characters are replaced */
    assert_non_null(strstr(out, "<testcase name=\"UHA105 ums-auth-mfa-jwt\" "));
    assert_non_null(strstr(out, "<failure message=\"say &quot;hi&quot; &lt;b&gt; &amp; 50% "
                                "done&#10;next\xef\xbf\xbd line\xef\xbf\xbd[31m caf\xc3\xa9 "
                                "\xe6\x97\xa5: a, b\" type=\"error\">"));
    assert_non_null(strstr(out, "  fix: use \"MFA_JWT\" &amp; &lt;retry&gt;\n"));
    assert_non_null(strstr(out, "<skipped message=\"not applicable: no haInstances "
                                "&lt;&amp;&gt;\"/>"));
    assert_null(strchr(out, '\001'));
    assert_null(strchr(out, '\033'));
    free(out);
    unsetenv("SOURCE_DATE_EPOCH");
}

/* Duplicate cells (same rule and instance) still get unique testcase names. */
static void test_junit_unique_names(void **state)
{
    (void)state;
    uhp_run run;
    uhp_run_init(&run);
    run.meta.tool_version = "1";
    run.meta.has_ha_instances = true;
    fixture_result(&run, "UHA105", "ums-auth-mfa-jwt", "a", UHP_STATUS_PASS, NULL);
    fixture_result(&run, "UHA105", "ums-auth-mfa-jwt", "a", UHP_STATUS_PASS, NULL);
    int rc = -2;
    char *out = fixture_render("junit", &run, &plain_opts, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "name=\"UHA105 ums-auth-mfa-jwt [a]\""));
    assert_non_null(strstr(out, "name=\"UHA105 ums-auth-mfa-jwt [a] #2\""));
    free(out);
    uhp_run_destroy(&run);
}

/* An empty run is still a complete document in every machine format. */
static void test_empty_run(void **state)
{
    (void)state;
    uhp_run run;
    uhp_run_init(&run);
    int rc = -2;
    char *out = fixture_render("sarif", &run, &plain_opts, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"results\": []"));
    free(out);
    out = fixture_render("junit", &run, &plain_opts, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "tests=\"0\""));
    free(out);
    out = fixture_render("json", &run, &plain_opts, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"findings\": []\n}\n"));
    free(out);
    out = fixture_render("text", &run, &plain_opts, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "0 passed, 0 failed, 0 warnings\n"));
    free(out);
    uhp_run_destroy(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_json),        cmocka_unit_test(test_escape_xml),
        cmocka_unit_test(test_escape_github),      cmocka_unit_test(test_escape_uri),
        cmocka_unit_test(test_json_report),        cmocka_unit_test(test_sarif_fingerprint_stable),
        cmocka_unit_test(test_sarif_report),       cmocka_unit_test(test_junit_report),
        cmocka_unit_test(test_junit_unique_names), cmocka_unit_test(test_empty_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
