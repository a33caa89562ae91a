/* The input rules UHA001-UHA007 (emitted by the loaders) through uhp_check(), plus the
 * rule table and the doc pages of every UHA0xx/UHA1xx rule. */
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

/* Checks TEXT as the in-memory configuration file NAME with limits LIM (NULL: defaults). */
static const char *run_text(uhp_run *run, const char *name, const char *text, const uhp_limits *lim)
{
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *path = uhp_test_memory_file(&o, name, text);
    const char *configs[1] = {path};
    o.configs = configs;
    o.n_configs = 1;
    if (lim)
        o.limits = *lim;
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
    return path;
}

/* Returns the first finding of rule ID, or NULL. */
static const uhp_finding *finding(const uhp_run *run, const char *id)
{
    for (size_t i = 0; i < run->n_findings; i++)
        if (strcmp(run->findings[i].rule_id, id) == 0)
            return &run->findings[i];
    return NULL;
}

/* Returns the status of the checklist cell of input rule ID; fails when there is none. */
static uhp_status status(const uhp_run *run, const char *id)
{
    for (size_t i = 0; i < run->n_results; i++)
        if (strcmp(run->results[i].rule_id, id) == 0)
            return run->results[i].status;
    fail_msg("no result for %s", id);
    return UHP_STATUS_NA;
}

/* Asserts an error finding of ID in FILE at LINE. */
static void assert_input(const uhp_run *run, const char *id, const char *file, unsigned line)
{
    const uhp_finding *f = finding(run, id);
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_ERROR);
    assert_non_null(f->file);
    assert_string_equal(f->file, file);
    assert_int_equal(f->line, line);
    assert_true(f->col >= 1);
    assert_non_null(f->message);
    assert_true(f->message[0] != '\0');
    assert_int_equal(status(run, id), UHP_STATUS_FAIL);
}

/* The input rules SPEC section 4 names (test_rule_table holds the registry to it). */
static const char *const INPUT_IDS[] = {"UHA001", "UHA002", "UHA003", "UHA004", "UHA005"};

/* A clean file passes every input rule and has no input findings. */
static void test_clean_input_passes(void **state)
{
    (void)state;
    uhp_run run;
    run_text(&run, "clean.yaml",
             "zowe:\n  externalPort: 7554\ncomponents:\n  gateway:\n    enabled: true\n", NULL);
    assert_false(run.input_error);
    const uhp_rule *input[64];
    size_t n_input = uhp_test_rules(0, UHP_SCOPE_INPUT, input, 64);
    assert_true(n_input >= 5);
    for (size_t i = 0; i < n_input; i++) {
        if (input[i]->flags & UHP_RULE_TCPIP)
            continue; /* N/A without --tcpip */
        assert_int_equal(status(&run, input[i]->id), UHP_STATUS_PASS);
        assert_null(finding(&run, input[i]->id));
    }
    assert_int_equal(status(&run, "UHA007"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA001: a syntax error (unclosed quote) fails with the file and an input error. */
static void test_uha001_syntax(void **state)
{
    (void)state;
    uhp_run run;
    const char *path =
        run_text(&run, "syntax.yaml", "zowe:\n  logDirectory: \"/global/zowe/logs\n  x: [\n", NULL);
    assert_true(run.input_error);
    const uhp_finding *f = finding(&run, "UHA001");
    assert_non_null(f);
    assert_string_equal(f->file, path);
    assert_true(f->line >= 2);
    assert_int_equal(status(&run, "UHA001"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
}

/* UHA002: the second of two equal keys is reported, on its line. */
static void test_uha002_duplicate(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_text(&run, "dup.yaml",
                                "components:\n"
                                "  izp:\n"
                                "    server:\n"
                                "      host:\n"
                                "      authType: MFA_JWT\n"
                                "      host: umsha.plex1.example.com\n",
                                NULL);
    assert_input(&run, "UHA002", path, 6);
    uhp_run_destroy(&run);
}

/* UHA003: aliases are expanded as Zowe's loader expands them, so an alias within the budget
 * passes and the rules read the anchor's value. */
static void test_uha003_alias(void **state)
{
    (void)state;
    uhp_run run;
    run_text(&run, "alias.yaml",
             "components:\n"
             "  gateway:\n"
             "    port: &gw 7554\n"
             "zowe:\n"
             "  externalPort: *gw\n",
             NULL);
    assert_null(finding(&run, "UHA003"));
    assert_int_equal(status(&run, "UHA003"), UHP_STATUS_PASS);
    assert_null(finding(&run, "UHA007")); /* the alias copies the integer port */
    assert_false(run.input_error);
    uhp_run_destroy(&run);
}

/* UHA004: nesting deeper than max_depth fails; the same file passes with defaults. */
static void test_uha004_depth(void **state)
{
    (void)state;
    /* 16 levels of flow mappings; the limit stays above the built-in defaults' depth */
    static const char deep[] = "a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: {m: {n: {o: "
                               "{p: 1}}}}}}}}}}}}}}}\n";
    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.max_depth = 12;
    uhp_run run;
    const char *path = run_text(&run, "deep.yaml", deep, &lim);
    assert_true(run.input_error);
    const uhp_finding *f = finding(&run, "UHA004");
    assert_non_null(f);
    assert_string_equal(f->file, path);
    assert_int_equal(status(&run, "UHA004"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);

    run_text(&run, "deep2.yaml", deep, NULL);
    assert_null(finding(&run, "UHA004"));
    assert_int_equal(status(&run, "UHA004"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA005: a template in a single-quoted scalar, and an unclosed one, are reported. */
static void test_uha005_template(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_text(&run, "tmpl.yaml",
                                "components:\n"
                                "  izp:\n"
                                "    server:\n"
                                "      host: '${{ zowe.externalDomains[0] }}'\n",
                                NULL);
    assert_input(&run, "UHA005", path, 4);
    uhp_run_destroy(&run);

    path = run_text(&run, "tmpl2.yaml",
                    "zowe:\n"
                    "  logDirectory: ${{ zowe.workspaceDirectory\n",
                    NULL);
    assert_input(&run, "UHA005", path, 2);
    uhp_run_destroy(&run);
}

/* Checks two layers, FILE(TOP):FILE(LOW), into RUN; *LOW_PATH gets the lower file's path. */
static const char *run_two(uhp_run *run, const char *top, const char *low, const char **low_path)
{
    const char *tp = uhp_test_write_temp("top.yaml", top);
    const char *lp = uhp_test_write_temp("low.yaml", low);
    assert_non_null(tp);
    assert_non_null(lp);
    static char spec[4096];
    snprintf(spec, sizeof spec, "FILE(%s):FILE(%s)", tp, lp);
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {spec};
    o.configs = configs;
    o.n_configs = 1;
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
    *low_path = lp;
    return tp;
}

/* UHA007 judges the merged value: a quoted port that a higher layer overrides is never
 * read, so it is a warning that names the value that wins, and the cell is WARN. */
static void test_uha007_shadowed_is_a_warning(void **state)
{
    (void)state;
    uhp_run run;
    const char *low;
    run_two(&run, "zowe:\n  externalPort: 7554\n", "zowe:\n  externalPort: \"7554\"\n", &low);
    const uhp_finding *f = finding(&run, "UHA007");
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_WARNING);
    assert_string_equal(f->file, low);
    assert_int_equal(f->line, 2);
    assert_non_null(strstr(f->message, "never reads"));
    assert_non_null(strstr(f->message, "top.yaml:2"));
    assert_int_equal(status(&run, "UHA007"), UHP_STATUS_WARN);
    assert_false(run.input_error);
    uhp_run_destroy(&run);
    /* the other way round, the quoted port decides: an error */
    run_two(&run, "zowe:\n  externalPort: \"7554\"\n", "zowe:\n  externalPort: 7554\n", &low);
    f = finding(&run, "UHA007");
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_ERROR);
    assert_int_equal(status(&run, "UHA007"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
}

/* UHA007 types a template's result, and an explicit !!int tag types a quoted port. */
static void test_uha007_templates_and_tags(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_text(&run, "tmpl-type.yaml",
                                "zowe:\n"
                                "  job: {name: ZWE1SV}\n"
                                "  externalPort: ${{ zowe.job.name }}\n"
                                "components:\n"
                                "  gateway:\n"
                                "    port: !!int \"7554\"\n",
                                NULL);
    const uhp_finding *f = finding(&run, "UHA007");
    assert_non_null(f);
    assert_string_equal(f->file, path);
    assert_int_equal(f->line, 3);
    assert_non_null(strstr(f->message, "'ZWE1SV' is not an integer (the result of the template)"));
    size_t n = 0;
    for (size_t i = 0; i < run.n_findings; i++)
        n += strcmp(run.findings[i].rule_id, "UHA007") == 0;
    assert_int_equal(n, 1); /* the tagged port is the integer 7554 */
    uhp_run_destroy(&run);
}

/* UHA009: the DVIPA in both layers is listed twice after concatenation: an error at the
 * second occurrence that names the first; distinct items pass. */
static void test_uha009_unique_items(void **state)
{
    (void)state;
    uhp_run run;
    const char *low;
    const char *top = run_two(&run, "zowe:\n  externalDomains: [dvipa.example.com]\n",
                              "zowe:\n  externalDomains:\n    - dvipa.example.com\n"
                              "    - lpar1.example.com\n",
                              &low);
    const uhp_finding *f = finding(&run, "UHA009");
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_ERROR);
    /* concatenation puts the lower layer's items first: the second is the top file's */
    assert_string_equal(f->file, top);
    assert_int_equal(f->line, 2);
    assert_non_null(strstr(f->message, "'dvipa.example.com' twice"));
    assert_non_null(strstr(f->message, "low.yaml:3"));
    assert_int_equal(status(&run, "UHA009"), UHP_STATUS_FAIL);
    uhp_run_destroy(&run);
    run_two(&run, "zowe:\n  externalDomains: [dvipa.example.com]\n",
            "zowe:\n  externalDomains: [lpar1.example.com]\n", &low);
    assert_null(finding(&run, "UHA009"));
    assert_int_equal(status(&run, "UHA009"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA007: a quoted port and a non-boolean enabled are reported at their lines. */
static void test_uha007_types(void **state)
{
    (void)state;
    uhp_run run;
    const char *path = run_text(&run, "types.yaml",
                                "zowe:\n"
                                "  externalPort: \"7554\"\n"
                                "components:\n"
                                "  gateway:\n"
                                "    enabled: yes\n",
                                NULL);
    assert_input(&run, "UHA007", path, 2);
    size_t n = 0;
    for (size_t i = 0; i < run.n_findings; i++)
        n += strcmp(run.findings[i].rule_id, "UHA007") == 0;
    assert_int_equal(n, 2);
    uhp_run_destroy(&run);
}

/* The rule table: ids, severities, scopes and flags of the UHA0xx/UHA1xx rules. */
static void test_rule_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof INPUT_IDS / sizeof INPUT_IDS[0]; i++) {
        const uhp_rule *r = uhp_rule_find(INPUT_IDS[i]);
        assert_non_null(r);
        assert_int_equal(r->scope, UHP_SCOPE_INPUT);
        assert_null(r->check);
        assert_int_equal(r->severity, UHP_SEV_ERROR);
    }
    /* UHA007 judges the merged configuration: a rule with a check function */
    const uhp_rule *r7 = uhp_rule_find("UHA007");
    assert_non_null(r7);
    assert_int_equal(r7->scope, UHP_SCOPE_GLOBAL);
    assert_non_null(r7->check);
    static const char *const ums[] = {"UHA101", "UHA102", "UHA103", "UHA104",
                                      "UHA105", "UHA106", "UHA109"};
    for (size_t i = 0; i < sizeof ums / sizeof ums[0]; i++) {
        const uhp_rule *r = uhp_rule_find(ums[i]);
        assert_non_null(r);
        assert_int_equal(r->scope, UHP_SCOPE_INSTANCE);
        assert_true(r->flags & UHP_RULE_UMS);
        assert_non_null(r->check);
        assert_int_equal(r->severity, strcmp(ums[i], "UHA109") ? UHP_SEV_ERROR : UHP_SEV_WARNING);
    }
    const uhp_rule *r = uhp_rule_find("ums-enabled");
    assert_non_null(r);
    assert_string_equal(r->id, "UHA110");
    assert_false(r->flags & UHP_RULE_UMS);
    assert_int_equal(uhp_rule_find("ha-instances")->scope, UHP_SCOPE_GLOBAL);
    assert_int_equal(uhp_rule_find("UHA108")->scope, UHP_SCOPE_GLOBAL);
    assert_string_equal(uhp_rule_find("uha102")->name, "dvipa-first-external-domain");
}

/* Every UHA0xx/UHA1xx doc page starts with "# ID name" and has the four sections in
 * order; each stays under the 4095 characters ISO C guarantees for a string literal. */
static void test_rule_docs(void **state)
{
    (void)state;
    size_t n;
    const uhp_rule *const *all = uhp_rules(&n);
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        const uhp_rule *r = all[i];
        if (strncmp(r->id, "UHA0", 4) != 0 && strncmp(r->id, "UHA1", 4) != 0)
            continue;
        seen++;
        const char *doc = uhp_rule_doc(r);
        if (!doc)
            fail_msg("%s has no doc page", r->id);
        char head[128];
        snprintf(head, sizeof head, "# %s %s\n", r->id, r->name);
        if (strncmp(doc, head, strlen(head)) != 0)
            fail_msg("%s: doc does not start with '%s'", r->id, head);
        const char *what = strstr(doc, "\n## What\n");
        const char *why = strstr(doc, "\n## Why\n");
        const char *fix = strstr(doc, "\n## How to fix\n");
        const char *ex = strstr(doc, "\n## Example\n");
        assert_non_null(what);
        assert_non_null(why);
        assert_non_null(fix);
        assert_non_null(ex);
        assert_true(what < why && why < fix && fix < ex);
        assert_non_null(strstr(fix, "```"));
        assert_true(strstr(why, "Source") != NULL && strstr(why, "Source") < fix);
    }
    assert_int_equal(seen, 20); /* UHA001-UHA009, UHA011 and UHA101-UHA110 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_input_passes),
        cmocka_unit_test(test_uha001_syntax),
        cmocka_unit_test(test_uha002_duplicate),
        cmocka_unit_test(test_uha003_alias),
        cmocka_unit_test(test_uha004_depth),
        cmocka_unit_test(test_uha005_template),
        cmocka_unit_test(test_uha007_types),
        cmocka_unit_test(test_uha007_shadowed_is_a_warning),
        cmocka_unit_test(test_uha007_templates_and_tags),
        cmocka_unit_test(test_uha009_unique_items),
        cmocka_unit_test(test_rule_table),
        cmocka_unit_test(test_rule_docs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
