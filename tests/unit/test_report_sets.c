/* Reports over several config sets (--set, --manifest): one document per format, each set
 * named, fingerprints distinct per set, totals over all sets; and URI dot segments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../tools/report_fixtures.h"
#include "report/report_internal.h"
#include "support.h"

static const uhp_report_opts sets_opts = {false, false, UHP_SEV_ERROR};

/* Three runs: plex1 passes, plex2 fails, and a third also named plex2 (a duplicate name). */
typedef struct sets_fixture {
    uhp_run runs[3];
    const uhp_run *ptrs[3];
} sets_fixture;

static void sets_fill(sets_fixture *s)
{
    void (*fills[3])(uhp_run *) = {fixture_pass, fixture_fail, fixture_fail};
    const char *names[3] = {"plex1", "plex2", "plex2"};
    for (size_t i = 0; i < 3; i++) {
        uhp_run_init(&s->runs[i]);
        fills[i](&s->runs[i]);
        s->runs[i].meta.set_name = names[i];
        s->ptrs[i] = &s->runs[i];
    }
}

static void sets_free(sets_fixture *s)
{
    for (size_t i = 0; i < 3; i++)
        uhp_run_destroy(&s->runs[i]);
}

/* Renders RUNS with FORMAT into a malloc'd string; asserts the writer returned 0. */
/* noinline: gcc -O2 otherwise loses track of the open_memstream buffer and warns that it
 * dangles (-Wdangling-pointer, a false positive). */
__attribute__((noinline)) static char *sets_render(const char *format, const uhp_run *const *runs,
                                                   size_t n, const uhp_report_opts *opts)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(uhp_report_write(uhp_report_find(format), f, runs, n, opts), 0);
    fclose(f);
    return buf;
}

/* Counts the occurrences of NEEDLE in HAY. */
static size_t sets_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Returns the last line of S (a static copy). */
static const char *sets_last_line(const char *s)
{
    static char line[256];
    size_t len = strlen(s);
    assert_true(len > 0 && s[len - 1] == '\n');
    size_t start = len - 1;
    while (start > 0 && s[start - 1] != '\n')
        start--;
    snprintf(line, sizeof line, "%.*s", (int)(len - 1 - start), s + start);
    return line;
}

static void test_set_labels(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    char buf[UHP_SET_LABEL_MAX];
    assert_string_equal(uhp_rpt_set_label(s.ptrs, 3, 0, buf), "plex1");
    assert_string_equal(uhp_rpt_set_label(s.ptrs, 3, 1, buf), "plex2");
    assert_string_equal(uhp_rpt_set_label(s.ptrs, 3, 2, buf), "plex2 #2");
    s.runs[0].meta.set_name = NULL;
    assert_string_equal(uhp_rpt_set_label(s.ptrs, 3, 0, buf), "set 1");
    assert_true(uhp_rpt_named_sets(s.ptrs, 3));
    assert_false(uhp_rpt_named_sets(s.ptrs, 1));    /* one run, no name: ordinary */
    assert_true(uhp_rpt_named_sets(s.ptrs + 1, 1)); /* one named set */
    assert_int_equal(uhp_rpt_set_exit(&s.runs[1], UHP_SEV_ERROR), 1);
    assert_int_equal(uhp_rpt_set_exit(&s.runs[1], UHP_SEV_ERROR), 1);
    s.runs[2].input_error = true;
    assert_int_equal(uhp_rpt_set_exit(&s.runs[2], UHP_SEV_ERROR), 2);
    /* no runs at all is a caller error */
    assert_int_equal(uhp_report_write(uhp_report_find("text"), stdout, s.ptrs, 0, &sets_opts), -1);
    sets_free(&s);
}

static void test_sets_text(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    char *out = sets_render("text", s.ptrs, 3, &sets_opts);
    assert_non_null(strstr(out, "=== set plex1 (1 of 3) ===\n"));
    assert_non_null(strstr(out, "=== set plex2 #2 (3 of 3) ===\n"));
    assert_int_equal(sets_count(out, "UMS high-availability checklist"), 3);
    assert_non_null(strstr(out, "\nSets\n  PASS   plex1     "));
    assert_non_null(strstr(out, "\n  FAIL   plex2 #2  "));
    uhp_counts t = uhp_rpt_total_counts(s.ptrs, 3);
    char want[128];
    /* the summary counts the findings listed: errors and warnings */
    snprintf(want, sizeof want, "%zu passed, %zu failed, %zu warning%s", t.passed, t.errors,
             t.warning_findings, t.warning_findings == 1 ? "" : "s");
    assert_string_equal(sets_last_line(out), want);
    uhp_counts one = uhp_run_counts(&s.runs[0]);
    assert_true(t.passed > one.passed);
    free(out);

    uhp_report_opts quiet = {false, true, UHP_SEV_ERROR};
    out = sets_render("text", s.ptrs, 3, &quiet);
    assert_null(strstr(out, "=== set plex1 ")); /* nothing fails there */
    assert_non_null(strstr(out, "=== set plex2 (2 of 3) ===\n"));
    assert_null(strstr(out, "Sets\n"));
    assert_string_equal(sets_last_line(out), want);
    free(out);
    sets_free(&s);
}

static void test_sets_lines(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    char *one = sets_render("compact", s.ptrs + 1, 1, &sets_opts);
    char *out = sets_render("compact", s.ptrs, 3, &sets_opts);
    size_t per_set = sets_count(one, "\n");
    assert_true(per_set > 0);
    assert_int_equal(sets_count(out, "\n"), 2 * per_set);
    assert_int_equal(sets_count(out, ": [set plex2] "), per_set);
    assert_int_equal(sets_count(out, ": [set plex2 #2] "), per_set);
    assert_non_null(strstr(out, "zowe.yaml:12:17: error: [set plex2] components.izp"));
    free(one);
    free(out);
    out = sets_render("github", s.ptrs, 3, &sets_opts);
    assert_non_null(strstr(out, "title=UHA105 ums-auth-mfa-jwt::[set plex2] components.izp"));
    assert_non_null(strstr(out, "::[set plex2 #2] built-in default: "));
    free(out);
    /* an ordinary run has no prefix at all */
    out = sets_render("compact", s.ptrs + 1, 1, &sets_opts);
    assert_non_null(strstr(out, "[set plex2]"));
    s.runs[1].meta.set_name = NULL;
    free(out);
    out = sets_render("compact", s.ptrs + 1, 1, &sets_opts);
    assert_null(strstr(out, "[set "));
    free(out);
    sets_free(&s);
}

static void test_sets_json(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    char *out = sets_render("json", s.ptrs, 3, &sets_opts);
    assert_non_null(strstr(out, "\"version\": 2,"));
    assert_non_null(strstr(out, "\"exitStatus\": 1,"));
    assert_non_null(strstr(out, "\"sets\": ["));
    assert_non_null(strstr(out, "\"name\": \"plex2 #2\","));
    assert_int_equal(sets_count(out, "\"inputs\": {"), 3);
    assert_int_equal(sets_count(out, "\"format\": "), 1);
    free(out);
    /* the ordinary single-set document stays version 1 */
    s.runs[0].meta.set_name = NULL;
    out = sets_render("json", s.ptrs, 1, &sets_opts);
    assert_non_null(strstr(out, "\"version\": 1,"));
    assert_null(strstr(out, "\"sets\""));
    free(out);
    sets_free(&s);
}

/* Collects the partialFingerprints values of a SARIF text into FPS; returns the count. */
static size_t sets_fingerprints(const char *sarif, char fps[][17], size_t max)
{
    const char *key = "\"ruleFileKeyPathHash/v1\": \"";
    size_t n = 0;
    for (const char *p = strstr(sarif, key); p && n < max; p = strstr(p + 1, key)) {
        memcpy(fps[n], p + strlen(key), 16);
        fps[n++][16] = '\0';
    }
    return n;
}

static void test_sets_sarif(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    char *out = sets_render("sarif", s.ptrs, 3, &sets_opts);
    assert_int_equal(sets_count(out, "\"driver\": {"), 1); /* one run */
    assert_non_null(strstr(out, "\"set\": \"plex2\","));
    assert_non_null(strstr(out, "\"set\": \"plex2 #2\","));
    assert_non_null(strstr(out, "\"text\": \"[set plex2] components.izp"));
    char fps[64][17];
    size_t n = sets_fingerprints(out, fps, 64);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(fps[i], fps[j]) == 0)
                fail_msg("fingerprint %s appears twice across sets", fps[i]);
    /* the same set name gives the same fingerprints in another report */
    char *again = sets_render("sarif", s.ptrs + 1, 1, &sets_opts);
    char fps2[64][17];
    size_t n2 = sets_fingerprints(again, fps2, 64);
    assert_true(n2 > 0 && n2 < n);
    for (size_t i = 0; i < n2; i++)
        assert_string_equal(fps2[i], fps[i]);
    free(again);
    free(out);
    sets_free(&s);
}

static void test_sets_junit(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    char *out = sets_render("junit", s.ptrs, 3, &sets_opts);
    assert_int_equal(sets_count(out, "<testsuites>"), 1);
    assert_int_equal(sets_count(out, "<testsuite "), 3);
    assert_non_null(strstr(out, "<testsuite name=\"ums-ha-preflight: plex2 #2\" "
                                "package=\"ums-ha-preflight\" id=\"2\" "));
    assert_non_null(strstr(out, "<property name=\"set\" value=\"plex1\"/>"));
    assert_non_null(strstr(out, "name=\"plex2: UHA105 ums-auth-mfa-jwt [lpar1]\" "
                                "classname=\"ums-ha-preflight.plex2.ums-auth-mfa-jwt\""));
    assert_non_null(strstr(out, "name=\"plex2 #2: UHA105 ums-auth-mfa-jwt [lpar1]\""));
    assert_int_equal(sets_count(out, "</testsuite>"), 3);
    free(out);
    sets_free(&s);
}

/* A set name full of characters to escape comes out escaped in every format. */
static void test_sets_nasty_name(void **state)
{
    (void)state;
    sets_fixture s;
    sets_fill(&s);
    s.runs[1].meta.set_name = "a\"<&>%\n\x01z\xc3\xa9";
    char *out = sets_render("junit", s.ptrs, 2, &sets_opts);
    assert_non_null(strstr(out, "a&quot;&lt;&amp;&gt;%&#10;\xef\xbf\xbdz\xc3\xa9: UHA105"));
    free(out);
    out = sets_render("json", s.ptrs, 2, &sets_opts);
    assert_non_null(strstr(out, "\"name\": \"a\\\"<&>%\\n\\u0001z\xc3\xa9\""));
    free(out);
    out = sets_render("github", s.ptrs, 2, &sets_opts);
    assert_non_null(strstr(out, "::[set a\"<&>%25%0A\\x01z\xc3\xa9] "));
    free(out);
    out = sets_render("compact", s.ptrs, 2, &sets_opts);
    assert_non_null(strstr(out, "[set a\"<&>%\\n\\x01z\xc3\xa9] "));
    free(out);
    sets_free(&s);
}

static void uri_writer(FILE *f, const char *s)
{
    uhp_uri_chars(f, s);
}

/* Renders uhp_uri_chars(PATH) and compares it with WANT. */
static void sets_uri(const char *path, const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    uri_writer(f, path);
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
}

static void test_uri_dot_segments(void **state)
{
    (void)state;
    sets_uri("samples/sets/../fail/x.yaml", "samples/fail/x.yaml");
    sets_uri("./zowe.yaml", "zowe.yaml");
    sets_uri("a/./b/../c.yaml", "a/c.yaml");
    sets_uri("../up/z.yaml", "../up/z.yaml");
    sets_uri("../../z.yaml", "../../z.yaml");
    sets_uri("/etc/../opt/z.yaml", "file:///opt/z.yaml");
    sets_uri("a/..", ".");
    sets_uri("dir/", "dir/");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_labels),      cmocka_unit_test(test_sets_text),
        cmocka_unit_test(test_sets_lines),      cmocka_unit_test(test_sets_json),
        cmocka_unit_test(test_sets_sarif),      cmocka_unit_test(test_sets_junit),
        cmocka_unit_test(test_sets_nasty_name), cmocka_unit_test(test_uri_dot_segments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
