/* Hand-built runs for the report tests (unit tests and the golden driver). Each function
 * fills a run initialised by the caller; the run copies every string into its arena. */
#ifndef UHP_REPORT_FIXTURES_H
#define UHP_REPORT_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/finding.h"
#include "uhp/report.h"

static const char *fixture_two_instances[] = {"lpar1", "lpar2"};
static const char *fixture_layers[] = {"zowe.yaml", "PARMLIB(IZP.I1.PARMLIB(ZWEYAML))"};
static const char *fixture_base_column[] = {NULL};
static const char *fixture_profiles[] = {"tcpip/PROFILE.TCPIP"};

/* The message that must come out valid in every format: quotes, <, &, %, a newline, a
 * control character, an escape, non-ASCII UTF-8, a colon and a comma. */
#define FIXTURE_NASTY                                                                              \
    "say \"hi\" <b> & 50% done\nnext\x01 line\x1b[31m caf\xc3\xa9 \xe6\x97\xa5: a, b"

/* Adds a checklist cell. */
static inline void fixture_result(uhp_run *run, const char *id, const char *name, const char *inst,
                                  uhp_status st, const char *note)
{
    uhp_result r = {id, name, inst, st, note};
    uhp_run_add_result(run, &r);
}

/* Sets the metadata shared by the two-instance runs. */
static inline void fixture_meta_two(uhp_run *run, bool with_dvipa)
{
    run->meta.tool_version = "9.9.9";
    run->meta.layers = fixture_layers;
    run->meta.n_layers = 2;
    run->meta.defaults = NULL;
    run->meta.instances = fixture_two_instances;
    run->meta.n_instances = 2;
    run->meta.has_ha_instances = true;
    if (with_dvipa) {
        run->meta.dvipa = "10.1.1.10 (umsha.plex1.example.com)";
        run->meta.dvipa_origin = "--dvipa";
    }
}

/* A configuration where everything passes: UHA0xx and UHA1xx per instance, UHA107 once for
 * the whole configuration, UHA202 not applicable (no --tcpip). */
static inline void fixture_pass(uhp_run *run)
{
    fixture_meta_two(run, true);
    for (size_t i = 0; i < 2; i++) {
        const char *inst = fixture_two_instances[i];
        fixture_result(run, "UHA001", "yaml-syntax", inst, UHP_STATUS_PASS, NULL);
        fixture_result(run, "UHA110", "ums-enabled", inst, UHP_STATUS_PASS, NULL);
        fixture_result(run, "UHA101", "gateway-enabled", inst, UHP_STATUS_PASS, NULL);
        fixture_result(run, "UHA105", "ums-auth-mfa-jwt", inst, UHP_STATUS_PASS, NULL);
        fixture_result(run, "UHA202", "dvipa-defined", inst, UHP_STATUS_NA,
                       "no TCP/IP profile given (--tcpip)");
    }
    fixture_result(run, "UHA107", "ha-instances", NULL, UHP_STATUS_PASS, NULL);
    uhp_run_finalize(run);
}

/* A failing configuration: an error in both instances, a could-not-verify warning, a
 * built-in default, a suppressed finding, an info finding and a file-only input error. */
static inline void fixture_fail(uhp_run *run)
{
    fixture_meta_two(run, false);
    run->meta.profiles = fixture_profiles;
    run->meta.n_profiles = 1;
    const char *insts[] = {"lpar1", "lpar2"};
    for (size_t i = 0; i < 2; i++) {
        fixture_result(run, "UHA105", "ums-auth-mfa-jwt", insts[i], UHP_STATUS_FAIL, NULL);
        fixture_result(run, "UHA102", "dvipa-first-external-domain", insts[i], UHP_STATUS_WARN,
                       "the DVIPA was not declared (--dvipa)");
        fixture_result(run, "UHA109", "log-directory", insts[i], UHP_STATUS_WARN, NULL);
        fixture_result(run, "UHA104", "ums-host-dvipa", insts[i],
                       i == 0 ? UHP_STATUS_PASS : UHP_STATUS_FAIL, NULL);
        fixture_result(run, "UHA101", "gateway-enabled", insts[i], UHP_STATUS_PASS, NULL);
        fixture_result(run, "UHA202", "dvipa-defined", insts[i], UHP_STATUS_NA,
                       "the DVIPA was not declared");
    }
    fixture_result(run, "UHA003", "yaml-alias", NULL, UHP_STATUS_FAIL, NULL);
    fixture_result(run, "UHA107", "ha-instances", NULL, UHP_STATUS_PASS, NULL);
    fixture_result(run, "UHA106", "ums-unsupported-product", NULL, UHP_STATUS_FAIL, NULL);

    for (size_t i = 0; i < 2; i++) {
        uhp_finding f = {0};
        f.rule_id = "UHA105";
        f.rule_name = "ums-auth-mfa-jwt";
        f.severity = UHP_SEV_ERROR;
        f.instances = insts[i];
        f.message = "components.izp.server.authType is STANDARD_JWT; UMS HA needs MFA_JWT";
        f.file = "zowe.yaml";
        f.line = 12, f.col = 17, f.end_line = 12, f.end_col = 29;
        f.key_path = "components.izp.server.authType";
        f.fix = "set components.izp.server.authType: MFA_JWT";
        f.source_line = "      authType: STANDARD_JWT";
        uhp_run_add_finding(run, &f);
    }
    uhp_finding w = {0};
    w.rule_id = "UHA102";
    w.rule_name = "dvipa-first-external-domain";
    w.severity = UHP_SEV_WARNING;
    w.unverified = true;
    w.instances = "lpar1, lpar2";
    w.message = "could not verify zowe.externalDomains[0] (umsha.example.com): the DVIPA was "
                "not declared";
    w.file = "zowe.yaml";
    w.line = 3, w.col = 7, w.end_line = 3, w.end_col = 24;
    w.key_path = "zowe.externalDomains[0]";
    w.fix = "declare the DVIPA with --dvipa NAME=ADDR or in the policy file";
    w.source_line = "    - umsha.example.com";
    uhp_run_add_finding(run, &w);

    uhp_finding d = {0};
    d.rule_id = "UHA109";
    d.rule_name = "log-directory";
    d.severity = UHP_SEV_WARNING;
    d.instances = "lpar1, lpar2";
    d.message = "zowe.logDirectory is not set";
    d.builtin_default = true;
    d.key_path = "zowe.logDirectory";
    d.fix = "set zowe.logDirectory to an absolute path, e.g. /global/zowe/logs";
    uhp_run_add_finding(run, &d);

    uhp_finding s = {0};
    s.rule_id = "UHA104";
    s.rule_name = "ums-host-dvipa";
    s.severity = UHP_SEV_ERROR;
    s.instances = "lpar2";
    s.message = "components.izp.server.host is sys2.example.com, not the DVIPA";
    s.file = "zowe.yaml";
    s.line = 40, s.col = 15, s.end_line = 40, s.end_col = 31;
    s.key_path = "haInstances.lpar2.components.izp.server.host";
    s.fix = "set components.izp.server.host to the DVIPA";
    s.source_line = "          host: sys2.example.com";
    s.suppressed = true;
    s.suppress_reason = "DVIPA rollout tracked in CHG0042";
    uhp_run_add_finding(run, &s);

    uhp_finding a = {0};
    a.rule_id = "UHA003";
    a.rule_name = "yaml-alias";
    a.severity = UHP_SEV_ERROR;
    a.message = "YAML aliases are rejected (use --allow-aliases to expand them)";
    a.file = "ZWEYAML.yaml";
    uhp_run_add_finding(run, &a);

    uhp_finding n = {0};
    n.rule_id = "UHA106";
    n.rule_name = "ums-unsupported-product";
    n.severity = UHP_SEV_INFO;
    n.message = "Db2 DevOps Experience does not support UMS HA";
    n.file = "zowe.yaml";
    n.line = 22, n.col = 9, n.end_line = 22, n.end_col = 34;
    n.key_path = "components.izp.experiences[1]";
    n.source_line = "      - /usr/lpp/IBM/doe/v1r3m0/bin";
    uhp_run_add_finding(run, &n);
    uhp_run_finalize(run);
}

/* No haInstances: one base column, results without an instance, and a finding whose
 * message, file name, fix, quoted line and reason hold every character that needs escaping. */
static inline void fixture_escape(uhp_run *run)
{
    run->meta.tool_version = "9.9.9";
    run->meta.layers = fixture_layers;
    run->meta.n_layers = 1;
    run->meta.defaults = "files/defaults.yaml";
    run->meta.instances = fixture_base_column;
    run->meta.n_instances = 1;
    run->meta.has_ha_instances = false;
    fixture_result(run, "UHA105", "ums-auth-mfa-jwt", NULL, UHP_STATUS_FAIL, NULL);
    fixture_result(run, "UHA101", "gateway-enabled", NULL, UHP_STATUS_PASS, NULL);
    fixture_result(run, "UHA108", "ha-instance-id", NULL, UHP_STATUS_NA, "no haInstances <&>");

    uhp_finding f = {0};
    f.rule_id = "UHA105";
    f.rule_name = "ums-auth-mfa-jwt";
    f.severity = UHP_SEV_ERROR;
    f.message = FIXTURE_NASTY;
    f.file = "dir, with: odd/z\xc3\xa9 100%.yaml";
    f.line = 2, f.col = 13, f.end_line = 2, f.end_col = 16;
    f.key_path = "components.izp.server.authType";
    f.fix = "use \"MFA_JWT\" & <retry>";
    f.source_line = "  authType: \"\xc3\xa9<&>\" # caf\xc3\xa9";
    uhp_run_add_finding(run, &f);
    uhp_run_finalize(run);
}

/* Renders RUN with the format named FORMAT into a new malloc'd string (caller frees), the
 * writer's return code in *RC. Returns NULL when the format is unknown. */
static inline char *fixture_render(const char *format, const uhp_run *run,
                                   const uhp_report_opts *opts, int *rc)
{
    const uhp_report_format *fmt = uhp_report_find(format);
    if (!fmt)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    *rc = uhp_report_write(fmt, f, &run, 1, opts);
    fclose(f);
    return buf;
}

#endif
