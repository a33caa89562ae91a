/* The UMS HA rules UHA101-UHA110: for every rule a configuration that makes it fail and
 * one that makes it pass, run through uhp_check() on YAML written here, asserting on the
 * findings (rule, file, line, column, severity) and on the checklist (status per instance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "uhp/check.h"
#include "uhp/products.h"
#include "uhp/rule.h"

/* A configuration that passes every UHA1xx rule with DVIPA_OPT declared. Rules' failing
 * cases replace one line of it, so each test shows exactly what breaks the rule. */
#define HA_HEAD                                                                                    \
    "zowe:\n"                                                                                      \
    "  externalDomains:\n"                                                                         \
    "    - umsha.plex1.example.com\n"                                                              \
    "  externalPort: 7554\n"                                                                       \
    "  logDirectory: /global/zowe/logs\n"                                                          \
    "components:\n"                                                                                \
    "  gateway:\n"                                                                                 \
    "    enabled: true\n"                                                                          \
    "    port: 7554\n"
#define IZP_BLOCK                                                                                  \
    "  izp:\n"                                                                                     \
    "    enabled: true\n"                                                                          \
    "    experiences:\n"                                                                           \
    "      - /usr/lpp/IBM/afx/v1r2m0/bin\n"                                                        \
    "    server:\n"                                                                                \
    "      host: umsha.plex1.example.com\n"                                                        \
    "      authType: MFA_JWT\n"
#define TWO_INSTANCES                                                                              \
    "haInstances:\n"                                                                               \
    "  lpar1:\n"                                                                                   \
    "    hostname: lpar1.example.com\n"                                                            \
    "    sysname: LPAR1\n"                                                                         \
    "  lpar2:\n"                                                                                   \
    "    hostname: lpar2.example.com\n"                                                            \
    "    sysname: LPAR2\n"
#define GOOD HA_HEAD IZP_BLOCK TWO_INSTANCES

static const char *const DVIPA[] = {"umsha.plex1.example.com=10.10.1.100"};

/* Runs uhp_check on one config string CONFIG with the DVIPA declared or not. */
static void run_cfg(uhp_run *run, const char *config, bool declare_dvipa)
{
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {config};
    o.configs = configs;
    o.n_configs = 1;
    uhp_test_memory_attach(&o);
    if (declare_dvipa) {
        o.dvipa_specs = (const char **)DVIPA;
        o.n_dvipa = 1;
    }
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
    assert_false(run->input_error);
}

/* Checks TEXT as the in-memory configuration file NAME. Returns the file's name. */
static const char *run_yaml(uhp_run *run, const char *name, const char *text, bool dvipa)
{
    const char *path = uhp_test_memory_file(NULL, name, text);
    run_cfg(run, path, dvipa);
    return path;
}

/* True when the comma-separated instance list LIST names INST (NULL matches NULL). */
static bool names_instance(const char *list, const char *inst)
{
    if (!inst || !list)
        return inst == list;
    size_t n = strlen(inst);
    for (const char *p = list; (p = strstr(p, inst)) != NULL; p += n) {
        bool start = p == list || p[-1] == ' ' || p[-1] == ',';
        bool end = p[n] == '\0' || p[n] == ',';
        if (start && end)
            return true;
    }
    return false;
}

/* Returns the Nth finding (0-based) of rule ID for instance INST, or NULL. */
static const uhp_finding *finding_n(const uhp_run *run, const char *id, const char *inst,
                                    size_t nth)
{
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (strcmp(f->rule_id, id) == 0 && names_instance(f->instances, inst) && nth-- == 0)
            return f;
    }
    return NULL;
}

static const uhp_finding *finding(const uhp_run *run, const char *id, const char *inst)
{
    return finding_n(run, id, inst, 0);
}

static size_t count_findings(const uhp_run *run, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        n += strcmp(run->findings[i].rule_id, id) == 0;
    return n;
}

/* Returns the checklist cell of rule ID for INST (NULL: global or base); fails if absent. */
static const uhp_result *result(const uhp_run *run, const char *id, const char *inst)
{
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (strcmp(r->rule_id, id) != 0)
            continue;
        if ((inst == NULL && r->instance == NULL) ||
            (inst && r->instance && strcmp(inst, r->instance) == 0))
            return r;
    }
    fail_msg("no result for %s / %s", id, inst ? inst : "(base)");
    return NULL;
}

static uhp_status status(const uhp_run *run, const char *id, const char *inst)
{
    return result(run, id, inst)->status;
}

/* Line (1-based) of the first line of TEXT containing NEEDLE; 0 when none. */
static unsigned line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        return 0;
    unsigned line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Column (1-based) where NEEDLE starts in its line of TEXT; 0 when absent. */
static unsigned col_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        return 0;
    const char *bol = p;
    while (bol > text && bol[-1] != '\n')
        bol--;
    return (unsigned)(p - bol) + 1;
}

/* Asserts that F is an error of rule ID at FILE, at the line and column of NEEDLE. */
static void assert_at(const uhp_finding *f, const char *id, uhp_severity sev, const char *file,
                      const char *text, const char *needle)
{
    assert_non_null(f);
    assert_string_equal(f->rule_id, id);
    assert_int_equal(f->severity, sev);
    assert_non_null(f->file);
    assert_string_equal(f->file, file);
    assert_int_equal(f->line, line_of(text, needle));
    assert_int_equal(f->col, col_of(text, needle));
}

/* The complete HA config passes every UHA1xx rule for both instances, with no findings. */
static void test_good_config_passes_everything(void **state)
{
    (void)state;
    uhp_run run;
    run_yaml(&run, "good.yaml", GOOD, true);
    /* The UMS rules per instance, and the rule that gates them. */
    const uhp_rule *ums[64], *gate[4];
    size_t n_ums = uhp_test_rules(UHP_RULE_UMS, UHP_SCOPE_INSTANCE, ums, 64);
    assert_int_equal(uhp_test_rules(UHP_RULE_GATES_UMS, UHP_SCOPE_INSTANCE, gate, 4), 1);
    ums[n_ums++] = gate[0];
    assert_true(n_ums >= 8);
    for (size_t i = 0; i < n_ums; i++) {
        if (ums[i]->flags & UHP_RULE_TCPIP)
            continue; /* N/A without --tcpip: test_tcpip_rules.c */
        assert_int_equal(status(&run, ums[i]->id, "lpar1"), UHP_STATUS_PASS);
        assert_int_equal(status(&run, ums[i]->id, "lpar2"), UHP_STATUS_PASS);
        assert_null(finding(&run, ums[i]->id, NULL));
        assert_int_equal(count_findings(&run, ums[i]->id), 0);
    }
    assert_int_equal(status(&run, "UHA107", NULL), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA108", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA110: no components.izp anywhere fails, and every UMS rule becomes N/A. */
static void test_uha110_absent_izp(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD TWO_INSTANCES;
    uhp_run run;
    run_yaml(&run, "noizp.yaml", text, true);
    assert_int_equal(status(&run, "UHA110", "lpar1"), UHP_STATUS_FAIL);
    assert_int_equal(status(&run, "UHA110", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA110", "lpar1");
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_ERROR);
    assert_non_null(strstr(f->message, "ZWEYAML"));
    assert_non_null(f->fix);
    assert_non_null(strstr(f->fix, "CONFIG="));
    /* Every rule the gate makes N/A (UHP_RULE_UMS, per instance). */
    const uhp_rule *ums[64];
    size_t n_ums = uhp_test_rules(UHP_RULE_UMS, UHP_SCOPE_INSTANCE, ums, 64);
    assert_true(n_ums >= 7);
    for (size_t i = 0; i < n_ums; i++) {
        if (ums[i]->flags & UHP_RULE_TCPIP)
            continue; /* N/A anyway without --tcpip */
        assert_int_equal(status(&run, ums[i]->id, "lpar1"), UHP_STATUS_NA);
        assert_int_equal(count_findings(&run, ums[i]->id), 0);
    }
    /* UHA107 is not a UMS-only rule: it still runs. */
    assert_int_equal(status(&run, "UHA107", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA110: an instance override enabled: false runs no UMS there: N/A with a note, not a
 * failure; UMS then runs on one system only, which fails where it runs. */
static void test_uha110_disabled_in_instance(void **state)
{
    (void)state;
    static const char text[] = GOOD "    components:\n"
                                    "      izp:\n"
                                    "        enabled: false\n";
    uhp_run run;
    run_yaml(&run, "izpoff.yaml", text, true);
    assert_int_equal(status(&run, "UHA110", "lpar2"), UHP_STATUS_NA);
    assert_null(finding(&run, "UHA110", "lpar2"));
    assert_int_equal(status(&run, "UHA110", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA110", "lpar1");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "one system only"));
    assert_int_equal(status(&run, "UHA105", "lpar2"), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA105", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA110: a quoted "true" is a string to Zowe and does not enable UMS. */
static void test_uha110_quoted_true(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD "  izp:\n"
                                       "    enabled: \"true\"\n" TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "izpstr.yaml", text, true);
    assert_int_equal(status(&run, "UHA110", "lpar1"), UHP_STATUS_FAIL);
    assert_at(finding(&run, "UHA110", "lpar1"), "UHA110", UHP_SEV_ERROR, path, text, "\"true\"");
    uhp_run_destroy(&run);
}

/* UHA101: gateway disabled by lpar2's override fails lpar2 only, at the override line. */
static void test_uha101_gateway_disabled_in_instance(void **state)
{
    (void)state;
    static const char text[] = GOOD "    components:\n"
                                    "      gateway:\n"
                                    "        enabled: false\n";
    uhp_run run;
    const char *path = run_yaml(&run, "gwoff.yaml", text, true);
    assert_int_equal(status(&run, "UHA101", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA101", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA101", "lpar2");
    assert_at(f, "UHA101", UHP_SEV_ERROR, path, text, "false");
    assert_non_null(strstr(f->fix, "haInstances"));
    /* UHA103 does not apply where the gateway is off. */
    assert_int_equal(status(&run, "UHA103", "lpar2"), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA103", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA101: no gateway block at all passes: Zowe's defaults enable the gateway. */
static void test_uha101_absent_uses_defaults(void **state)
{
    (void)state;
    static const char text[] = "zowe:\n"
                               "  externalDomains: [umsha.plex1.example.com]\n"
                               "  logDirectory: /global/zowe/logs\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    run_yaml(&run, "gwdef.yaml", text, true);
    assert_int_equal(status(&run, "UHA101", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(count_findings(&run, "UHA101"), 0);
    /* the built-in defaults also give externalPort 7554 = gateway port 7554 */
    assert_int_equal(status(&run, "UHA103", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA102: with the DVIPA declared, a hostname first and the DVIPA second fails at item [0]
 * and the message says where the DVIPA is. */
static void test_uha102_dvipa_not_first(void **state)
{
    (void)state;
    static const char text[] = "zowe:\n"
                               "  externalDomains:\n"
                               "    - lpar1.example.com\n"
                               "    - umsha.plex1.example.com\n"
                               "  logDirectory: /global/zowe/logs\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "notfirst.yaml", text, true);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_FAIL);
    assert_int_equal(status(&run, "UHA102", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA102", "lpar1");
    assert_at(f, "UHA102", UHP_SEV_ERROR, path, text, "lpar1.example.com\n    - umsha");
    assert_non_null(strstr(f->message, "'lpar1.example.com'"));
    assert_non_null(strstr(f->message, "[1]"));
    assert_non_null(strstr(f->fix, "umsha.plex1.example.com"));
    uhp_run_destroy(&run);
}

/* UHA102: the DVIPA first in the higher-priority file still ends up second, because Zowe
 * concatenates lists across files with the lower-priority file's items first. */
static void test_uha102_concatenation_trap(void **state)
{
    (void)state;
    static const char ha[] = "zowe:\n"
                             "  externalDomains:\n"
                             "    - umsha.plex1.example.com\n";
    static const char base[] = "zowe:\n"
                               "  externalDomains:\n"
                               "    - lpar1.example.com\n"
                               "  logDirectory: /global/zowe/logs\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    char ha_path[512], base_path[512], spec[1200];
    snprintf(ha_path, sizeof ha_path, "%s", uhp_test_write_temp("cat-ha.yaml", ha));
    snprintf(base_path, sizeof base_path, "%s", uhp_test_write_temp("cat-base.yaml", base));
    snprintf(spec, sizeof spec, "FILE(%s):FILE(%s)", ha_path, base_path);
    uhp_run run;
    run_cfg(&run, spec, true);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA102", "lpar1");
    /* item [0] comes from the lower-priority base file */
    assert_at(f, "UHA102", UHP_SEV_ERROR, base_path, base, "lpar1.example.com");
    assert_non_null(strstr(f->message, "concatenated"));
    assert_non_null(strstr(f->message, ha_path));
    assert_non_null(strstr(f->message, base_path));
    assert_true(strstr(f->message, base_path) < strstr(f->message, ha_path));
    assert_non_null(strstr(f->message, "[1]"));
    assert_non_null(strstr(f->fix, "one file"));
    uhp_run_destroy(&run);
}

/* UHA102: the DVIPA address (not only a name) counts, and an empty list fails. */
static void test_uha102_address_and_empty(void **state)
{
    (void)state;
    static const char addr[] = "zowe:\n"
                               "  externalDomains: [10.10.1.100]\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    run_yaml(&run, "addr.yaml", addr, true);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(count_findings(&run, "UHA102"), 0);
    uhp_run_destroy(&run);

    static const char empty[] = "zowe:\n"
                                "  externalDomains: []\n"
                                "components:\n" IZP_BLOCK TWO_INSTANCES;
    const char *path = run_yaml(&run, "empty.yaml", empty, true);
    assert_int_equal(status(&run, "UHA102", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA102", "lpar2");
    assert_non_null(f);
    assert_string_equal(f->file, path);
    assert_int_equal(f->line, line_of(empty, "externalDomains"));
    uhp_run_destroy(&run);
}

/* UHA102 without a declared DVIPA: an instance's own hostname first fails. */
static void test_uha102_undeclared_hostname(void **state)
{
    (void)state;
    static const char text[] = "zowe:\n"
                               "  externalDomains: [LPAR2.example.com]\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "hostfirst.yaml", text, false);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA102", "lpar1");
    assert_at(f, "UHA102", UHP_SEV_ERROR, path, text, "LPAR2.example.com");
    assert_non_null(strstr(f->message, "'lpar2'"));
    uhp_run_destroy(&run);
}

/* UHA102 without a declared DVIPA: agreeing with components.izp.server.host passes;
 * anything else only warns that it could not be verified. */
static void test_uha102_undeclared_agree_or_warn(void **state)
{
    (void)state;
    uhp_run run;
    run_yaml(&run, "agree.yaml", GOOD, false);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(count_findings(&run, "UHA102"), 0);
    uhp_run_destroy(&run);

    static const char text[] = "zowe:\n"
                               "  externalDomains: [zowe.plex1.example.com]\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    const char *path = run_yaml(&run, "unknown.yaml", text, false);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_WARN);
    const uhp_finding *f = finding(&run, "UHA102", "lpar1");
    assert_at(f, "UHA102", UHP_SEV_WARNING, path, text, "zowe.plex1.example.com");
    assert_true(f->unverified);
    assert_non_null(strstr(f->message, "--dvipa"));
    uhp_run_destroy(&run);
}

/* UHA102 without a declared DVIPA: different first domains per instance fail. */
static void test_uha102_undeclared_differs(void **state)
{
    (void)state;
    static const char text[] =
        HA_HEAD IZP_BLOCK TWO_INSTANCES "    zowe:\n"
                                        "      externalDomains: [other.plex1.example.com]\n";
    uhp_run run;
    const char *path = run_yaml(&run, "differs.yaml", text, false);
    assert_int_equal(status(&run, "UHA102", "lpar2"), UHP_STATUS_FAIL);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA102", "lpar2");
    assert_at(f, "UHA102", UHP_SEV_ERROR, path, text, "other.plex1");
    assert_non_null(strstr(f->message, "differs"));
    uhp_run_destroy(&run);
}

/* UHA102: a template that is not a path reference only warns. */
static void test_uha102_template_unverified(void **state)
{
    (void)state;
    static const char text[] = "zowe:\n"
                               "  externalDomains:\n"
                               "    - \"${{ std.getenv('DVIPA') }}\"\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    run_yaml(&run, "tmpl.yaml", text, true);
    assert_int_equal(status(&run, "UHA102", "lpar1"), UHP_STATUS_WARN);
    const uhp_finding *f = finding(&run, "UHA102", "lpar1");
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_WARNING);
    assert_true(f->unverified);
    assert_int_equal(f->line, 3);
    uhp_run_destroy(&run);
}

/* UHA103: lpar2 moves its gateway to another port: fails at the override. */
static void test_uha103_instance_port_mismatch(void **state)
{
    (void)state;
    static const char text[] = GOOD "    components:\n"
                                    "      gateway:\n"
                                    "        port: 7654\n";
    uhp_run run;
    const char *path = run_yaml(&run, "port.yaml", text, true);
    assert_int_equal(status(&run, "UHA103", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA103", "lpar2"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA103", "lpar2");
    assert_at(f, "UHA103", UHP_SEV_ERROR, path, text, "7654");
    assert_non_null(strstr(f->message, "'7554'"));
    assert_non_null(strstr(f->message, "'7654'"));
    uhp_run_destroy(&run);
}

/* UHA103: externalPort differs from the base gateway port: fails at externalPort; a
 * quoted port with the same value passes (UHA007 reports the quoting). */
static void test_uha103_external_port(void **state)
{
    (void)state;
    static const char bad[] = "zowe:\n"
                              "  externalDomains: [umsha.plex1.example.com]\n"
                              "  externalPort: 443\n"
                              "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "ext443.yaml", bad, true);
    assert_int_equal(status(&run, "UHA103", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA103", "lpar1");
    assert_at(f, "UHA103", UHP_SEV_ERROR, path, bad, "443");
    assert_non_null(strstr(f->fix, "7554"));
    uhp_run_destroy(&run);

    static const char quoted[] = "zowe:\n"
                                 "  externalDomains: [umsha.plex1.example.com]\n"
                                 "  externalPort: \"7554\"\n"
                                 "components:\n" IZP_BLOCK TWO_INSTANCES;
    run_yaml(&run, "extq.yaml", quoted, true);
    assert_int_equal(status(&run, "UHA103", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(count_findings(&run, "UHA103"), 0);
    uhp_run_destroy(&run);
}

/* UHA104: host left blank (as IBM ships ZWEYAML) fails at the key's value. */
static void test_uha104_blank_host(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD "  izp:\n"
                                       "    enabled: true\n"
                                       "    server:\n"
                                       "      host:\n"
                                       "      authType: MFA_JWT\n" TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "blank.yaml", text, true);
    assert_int_equal(status(&run, "UHA104", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA104", "lpar1");
    assert_non_null(f);
    assert_string_equal(f->file, path);
    assert_int_equal(f->line, line_of(text, "host:"));
    assert_non_null(strstr(f->message, "externalDomains[0]"));
    assert_non_null(strstr(f->fix, "umsha.plex1.example.com"));
    uhp_run_destroy(&run);
}

/* UHA104: a declared DVIPA that the host does not match fails; the address matches. */
static void test_uha104_declared(void **state)
{
    (void)state;
    static const char bad[] = HA_HEAD "  izp:\n"
                                      "    enabled: true\n"
                                      "    server:\n"
                                      "      host: lpar1.example.com\n"
                                      "      authType: MFA_JWT\n" TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "hostbad.yaml", bad, true);
    assert_int_equal(status(&run, "UHA104", "lpar2"), UHP_STATUS_FAIL);
    assert_at(finding(&run, "UHA104", "lpar2"), "UHA104", UHP_SEV_ERROR, path, bad,
              "lpar1.example.com\n      authType");
    uhp_run_destroy(&run);

    static const char good[] = HA_HEAD "  izp:\n"
                                       "    enabled: true\n"
                                       "    server:\n"
                                       "      host: 10.10.1.100\n"
                                       "      authType: MFA_JWT\n" TWO_INSTANCES;
    run_yaml(&run, "hostaddr.yaml", good, true);
    assert_int_equal(status(&run, "UHA104", "lpar1"), UHP_STATUS_PASS);
    assert_int_equal(status(&run, "UHA104", "lpar2"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA104 without a declared DVIPA: a host that differs per instance fails; a system's
 * own hostname fails. */
static void test_uha104_undeclared(void **state)
{
    (void)state;
    static const char differs[] = GOOD "    components:\n"
                                       "      izp:\n"
                                       "        server:\n"
                                       "          host: other.plex1.example.com\n";
    uhp_run run;
    const char *path = run_yaml(&run, "hostdiff.yaml", differs, false);
    assert_int_equal(status(&run, "UHA104", "lpar2"), UHP_STATUS_FAIL);
    assert_at(finding(&run, "UHA104", "lpar2"), "UHA104", UHP_SEV_ERROR, path, differs,
              "other.plex1");
    uhp_run_destroy(&run);

    static const char own[] = HA_HEAD "  izp:\n"
                                      "    enabled: true\n"
                                      "    server:\n"
                                      "      host: lpar2.example.com\n" TWO_INSTANCES;
    path = run_yaml(&run, "hostown.yaml", own, false);
    assert_int_equal(status(&run, "UHA104", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA104", "lpar1");
    assert_at(f, "UHA104", UHP_SEV_ERROR, path, own, "lpar2.example.com\n");
    assert_non_null(strstr(f->message, "'lpar2'"));
    uhp_run_destroy(&run);
}

/* UHA105: authType absent fails at components.izp.server (UMS defaults to STANDARD_JWT),
 * and an authType under security is named as misplaced. */
static void test_uha105_absent(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD "  izp:\n"
                                       "    enabled: true\n"
                                       "    security:\n"
                                       "      authType: MFA_JWT\n"
                                       "    server:\n"
                                       "      host: umsha.plex1.example.com\n" TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "noauth.yaml", text, true);
    assert_int_equal(status(&run, "UHA105", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding(&run, "UHA105", "lpar1");
    assert_at(f, "UHA105", UHP_SEV_ERROR, path, text, "server:");
    assert_non_null(strstr(f->message, "STANDARD_JWT"));
    assert_non_null(strstr(f->message, "security"));
    assert_string_equal(f->fix,
                        "set components.izp.server.authType: MFA_JWT in the ZWEYAML member");
    uhp_run_destroy(&run);
}

/* UHA105: STANDARD_JWT and a lower-case mfa_jwt fail at the value. */
static void test_uha105_wrong_value(void **state)
{
    (void)state;
    static const char text[] =
        HA_HEAD "  izp:\n"
                "    enabled: true\n"
                "    server:\n"
                "      host: umsha.plex1.example.com\n"
                "      authType: STANDARD_JWT\n" TWO_INSTANCES "    components:\n"
                "      izp:\n"
                "        server:\n"
                "          authType: mfa_jwt\n";
    uhp_run run;
    const char *path = run_yaml(&run, "stdjwt.yaml", text, true);
    assert_int_equal(status(&run, "UHA105", "lpar1"), UHP_STATUS_FAIL);
    assert_int_equal(status(&run, "UHA105", "lpar2"), UHP_STATUS_FAIL);
    assert_at(finding(&run, "UHA105", "lpar1"), "UHA105", UHP_SEV_ERROR, path, text,
              "STANDARD_JWT");
    const uhp_finding *f = finding(&run, "UHA105", "lpar2");
    assert_at(f, "UHA105", UHP_SEV_ERROR, path, text, "mfa_jwt");
    assert_non_null(strstr(f->message, "case-sensitive"));
    uhp_run_destroy(&run);
}

/* UHA106: a Db2 DevOps Experience entry fails at that item; afx alone passes (GOOD). */
static void test_uha106_doe(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD "  izp:\n"
                                       "    enabled: true\n"
                                       "    experiences:\n"
                                       "      - /usr/lpp/IBM/afx/v1r2m0/bin\n"
                                       "      - /usr/lpp/IBM/doe/v1r3m0/bin\n"
                                       "      - /usr/lpp/IBM/afn/v1r7m0/bin\n" TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "doe.yaml", text, true);
    assert_int_equal(status(&run, "UHA106", "lpar1"), UHP_STATUS_FAIL);
    const uhp_finding *f = finding_n(&run, "UHA106", "lpar1", 0);
    assert_at(f, "UHA106", UHP_SEV_ERROR, path, text, "/usr/lpp/IBM/doe");
    assert_non_null(strstr(f->message, "Db2 DevOps Experience"));
    f = finding_n(&run, "UHA106", "lpar1", 1);
    assert_at(f, "UHA106", UHP_SEV_ERROR, path, text, "/usr/lpp/IBM/afn");
    assert_non_null(strstr(f->message, "IMS Administration Foundation"));
    assert_null(finding_n(&run, "UHA106", "lpar1", 2));
    uhp_run_destroy(&run);
}

/* UHA106: a pattern added at run time catches a customised install path; reset drops it. */
static void test_uha106_added_pattern(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD "  izp:\n"
                                       "    enabled: true\n"
                                       "    experiences:\n"
                                       "      - /prod/imsaf/v1/bin\n" TWO_INSTANCES;
    uhp_run run;
    run_yaml(&run, "custom.yaml", text, true);
    assert_int_equal(status(&run, "UHA106", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);

    assert_true(uhp_products_add("IMS Administration Foundation", "/prod/imsaf/"));
    const char *path = run_yaml(&run, "custom2.yaml", text, true);
    assert_int_equal(status(&run, "UHA106", "lpar1"), UHP_STATUS_FAIL);
    assert_at(finding(&run, "UHA106", "lpar1"), "UHA106", UHP_SEV_ERROR, path, text, "/prod/imsaf");
    uhp_run_destroy(&run);

    uhp_products_reset();
    run_yaml(&run, "custom3.yaml", text, true);
    assert_int_equal(status(&run, "UHA106", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* The product table: built-ins, matching rules, adding and resetting. */
static void test_products_table(void **state)
{
    (void)state;
    uhp_products_reset();
    size_t builtin = uhp_products_count();
    assert_int_equal(builtin, 2);
    assert_non_null(uhp_products_match("/usr/lpp/IBM/doe/v1r3m0/bin"));
    assert_non_null(uhp_products_match("/usr/lpp/IBM/afn"));
    assert_null(uhp_products_match("/usr/lpp/IBM/afx/v1r2m0/bin"));
    assert_null(uhp_products_match("/usr/lpp/IBM/afnx/v1/bin"));
    assert_null(uhp_products_match("/usr/lpp/IBM/DOE/v1r3m0/bin"));
    assert_null(uhp_products_match(NULL));
    assert_false(uhp_products_add("", "/x/"));
    assert_false(uhp_products_add("X", ""));
    for (int i = 0; i < 10; i++)
        assert_true(uhp_products_add("Db2 DevOps Experience", "/opt/devops/"));
    assert_int_equal(uhp_products_count(), builtin + 10);
    const uhp_product *p = uhp_products_match("/opt/devops/bin");
    assert_non_null(p);
    assert_string_equal(p->name, "Db2 DevOps Experience");
    assert_null(uhp_products_get(builtin + 10));
    uhp_products_reset();
    assert_int_equal(uhp_products_count(), builtin);
    assert_null(uhp_products_match("/opt/devops/bin"));
}

/* UHA107: one instance without sysname: fails for the count and for the missing key. */
static void test_uha107_one_instance(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD IZP_BLOCK "haInstances:\n"
                                                 "  lpar1:\n"
                                                 "    hostname: lpar1.example.com\n";
    uhp_run run;
    const char *path = run_yaml(&run, "one.yaml", text, true);
    assert_int_equal(status(&run, "UHA107", NULL), UHP_STATUS_FAIL);
    assert_int_equal(count_findings(&run, "UHA107"), 2);
    const uhp_finding *count = NULL, *sys = NULL;
    for (size_t i = 0; i < 2; i++) {
        const uhp_finding *f = finding_n(&run, "UHA107", NULL, i);
        assert_non_null(f);
        if (strstr(f->message, "sysname"))
            sys = f;
        else
            count = f;
    }
    assert_non_null(count);
    assert_non_null(sys);
    assert_at(count, "UHA107", UHP_SEV_ERROR, path, text, "haInstances");
    assert_at(sys, "UHA107", UHP_SEV_ERROR, path, text, "lpar1:");
    assert_non_null(strstr(sys->fix, "sysname"));
    uhp_run_destroy(&run);
}

/* UHA107: no haInstances at all fails once; rules then run on the base config. */
static void test_uha107_no_instances(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD IZP_BLOCK;
    uhp_run run;
    const char *path = run_yaml(&run, "noha.yaml", text, true);
    assert_int_equal(status(&run, "UHA107", NULL), UHP_STATUS_FAIL);
    assert_int_equal(count_findings(&run, "UHA107"), 1);
    /* haInstances belongs in zowe.yaml: the finding points at its `zowe` key */
    assert_at(finding(&run, "UHA107", NULL), "UHA107", UHP_SEV_ERROR, path, text, "zowe:");
    assert_int_equal(status(&run, "UHA108", NULL), UHP_STATUS_NA);
    assert_int_equal(status(&run, "UHA105", NULL), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

/* UHA108: LPAR1 and lpar-2 never match; the message names the normalised id. */
static void test_uha108_bad_ids(void **state)
{
    (void)state;
    static const char text[] = HA_HEAD IZP_BLOCK "haInstances:\n"
                                                 "  LPAR1:\n"
                                                 "    hostname: lpar1.example.com\n"
                                                 "    sysname: LPAR1\n"
                                                 "  lpar-2:\n"
                                                 "    hostname: lpar2.example.com\n"
                                                 "    sysname: LPAR2\n";
    uhp_run run;
    const char *path = run_yaml(&run, "ids.yaml", text, true);
    assert_int_equal(status(&run, "UHA108", NULL), UHP_STATUS_FAIL);
    assert_int_equal(count_findings(&run, "UHA108"), 2);
    const uhp_finding *f = finding_n(&run, "UHA108", NULL, 0);
    assert_at(f, "UHA108", UHP_SEV_ERROR, path, text, "LPAR1:");
    assert_non_null(strstr(f->message, "'lpar1'"));
    assert_non_null(strstr(f->fix, "haInstances.lpar1"));
    f = finding_n(&run, "UHA108", NULL, 1);
    assert_at(f, "UHA108", UHP_SEV_ERROR, path, text, "lpar-2:");
    assert_non_null(strstr(f->fix, "haInstances.lpar_2"));
    uhp_run_destroy(&run);
}

/* UHA108: valid ids pass with a note naming each UMS log file. */
static void test_uha108_pass_note(void **state)
{
    (void)state;
    static const char text[] = GOOD "    zowe:\n"
                                    "      logDirectory: /lpar2/logs/\n";
    uhp_run run;
    run_yaml(&run, "note.yaml", text, true);
    const uhp_result *r = result(&run, "UHA108", NULL);
    assert_int_equal(r->status, UHP_STATUS_PASS);
    assert_non_null(r->note);
    assert_non_null(strstr(r->note, "/global/zowe/logs/izp-server-lpar1-<timestamp>.log"));
    assert_non_null(strstr(r->note, "/lpar2/logs/izp-server-lpar2-<timestamp>.log"));
    assert_int_equal(count_findings(&run, "UHA108"), 0);
    uhp_run_destroy(&run);
}

/* UHA109: a relative path is a warning at the value; absent is a warning too. */
static void test_uha109(void **state)
{
    (void)state;
    static const char rel[] = "zowe:\n"
                              "  externalDomains: [umsha.plex1.example.com]\n"
                              "  logDirectory: logs\n"
                              "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    const char *path = run_yaml(&run, "rel.yaml", rel, true);
    assert_int_equal(status(&run, "UHA109", "lpar1"), UHP_STATUS_WARN);
    assert_at(finding(&run, "UHA109", "lpar1"), "UHA109", UHP_SEV_WARNING, path, rel, "logs\n");
    uhp_run_destroy(&run);

    static const char none[] = "zowe:\n"
                               "  externalDomains: [umsha.plex1.example.com]\n"
                               "components:\n" IZP_BLOCK TWO_INSTANCES;
    run_yaml(&run, "nolog.yaml", none, true);
    assert_int_equal(status(&run, "UHA109", "lpar2"), UHP_STATUS_WARN);
    const uhp_finding *f = finding(&run, "UHA109", "lpar2");
    assert_non_null(f);
    assert_int_equal(f->severity, UHP_SEV_WARNING);
    assert_false(f->unverified);
    uhp_run_destroy(&run);
}

/* UHA109: a JavaScript template is only "could not verify"; a path reference resolves. */
static void test_uha109_templates(void **state)
{
    (void)state;
    static const char js[] = "zowe:\n"
                             "  externalDomains: [umsha.plex1.example.com]\n"
                             "  logDirectory: \"${{ zowe.workspaceDirectory + '/logs' }}\"\n"
                             "components:\n" IZP_BLOCK TWO_INSTANCES;
    uhp_run run;
    run_yaml(&run, "jslog.yaml", js, true);
    assert_int_equal(status(&run, "UHA109", "lpar1"), UHP_STATUS_WARN);
    const uhp_finding *f = finding(&run, "UHA109", "lpar1");
    assert_non_null(f);
    assert_true(f->unverified);
    uhp_run_destroy(&run);

    static const char ref[] = "zowe:\n"
                              "  externalDomains: [umsha.plex1.example.com]\n"
                              "  workspaceDirectory: /global/zowe/workspace\n"
                              "  logDirectory: ${{ zowe.workspaceDirectory }}\n"
                              "components:\n" IZP_BLOCK TWO_INSTANCES;
    run_yaml(&run, "reflog.yaml", ref, true);
    assert_int_equal(status(&run, "UHA109", "lpar1"), UHP_STATUS_PASS);
    uhp_run_destroy(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_config_passes_everything),
        cmocka_unit_test(test_uha110_absent_izp),
        cmocka_unit_test(test_uha110_disabled_in_instance),
        cmocka_unit_test(test_uha110_quoted_true),
        cmocka_unit_test(test_uha101_gateway_disabled_in_instance),
        cmocka_unit_test(test_uha101_absent_uses_defaults),
        cmocka_unit_test(test_uha102_dvipa_not_first),
        cmocka_unit_test(test_uha102_concatenation_trap),
        cmocka_unit_test(test_uha102_address_and_empty),
        cmocka_unit_test(test_uha102_undeclared_hostname),
        cmocka_unit_test(test_uha102_undeclared_agree_or_warn),
        cmocka_unit_test(test_uha102_undeclared_differs),
        cmocka_unit_test(test_uha102_template_unverified),
        cmocka_unit_test(test_uha103_instance_port_mismatch),
        cmocka_unit_test(test_uha103_external_port),
        cmocka_unit_test(test_uha104_blank_host),
        cmocka_unit_test(test_uha104_declared),
        cmocka_unit_test(test_uha104_undeclared),
        cmocka_unit_test(test_uha105_absent),
        cmocka_unit_test(test_uha105_wrong_value),
        cmocka_unit_test(test_uha106_doe),
        cmocka_unit_test(test_uha106_added_pattern),
        cmocka_unit_test(test_products_table),
        cmocka_unit_test(test_uha107_one_instance),
        cmocka_unit_test(test_uha107_no_instances),
        cmocka_unit_test(test_uha108_bad_ids),
        cmocka_unit_test(test_uha108_pass_note),
        cmocka_unit_test(test_uha109),
        cmocka_unit_test(test_uha109_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
