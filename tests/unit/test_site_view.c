/* Issue 15, the site's view, below the command line: the injected resolver (--resolve
 * without a network), DVIPA address validation and comparison, the CONFIG string as pasted
 * and PARMLIB member names, did-you-mean helpers, and --ha-instance keeping every instance
 * for the rules that count them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rule_internal.h"
#include "support.h"
#include "uhp/check.h"
#include "uhp/config_spec.h"
#include "uhp/encoding.h"
#include "uhp/rule.h"

#define CFG                                                                                        \
    "zowe:\n"                                                                                      \
    "  externalDomains: [umsha.plex1.example.com]\n"                                               \
    "  externalPort: 7554\n"                                                                       \
    "  logDirectory: /logs\n"                                                                      \
    "components:\n"                                                                                \
    "  caching-service:\n"                                                                         \
    "    enabled: false\n"                                                                         \
    "  izp:\n"                                                                                     \
    "    enabled: true\n"                                                                          \
    "    server:\n"                                                                                \
    "      authType: MFA_JWT\n"                                                                    \
    "      host: umsha.plex1.example.com\n"                                                        \
    "haInstances:\n"                                                                               \
    "  lpar1: {hostname: lpar1.example.com, sysname: SYS1}\n"                                      \
    "  lpar2: {hostname: lpar2.example.com, sysname: SYS2}\n"

/* A resolver that knows one name and counts its calls. */
typedef struct fake_dns {
    const char *name, *addr;
    int calls;
} fake_dns;

static int fake_resolve(void *ud, const char *name, char (*out)[46], int max)
{
    fake_dns *d = ud;
    d->calls++;
    if (strcmp(name, d->name) != 0 || max < 1)
        return 0;
    snprintf(out[0], 46, "%s", d->addr);
    return 1;
}

/* Checks CFG with --dvipa ADDR, and --resolve through DNS when DNS is not NULL. */
static void run_with(uhp_run *run, const char *addr, fake_dns *dns)
{
    const char *path = uhp_test_write_temp("site.yaml", CFG);
    assert_non_null(path);
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {path};
    const char *dv[1] = {addr};
    o.configs = configs;
    o.n_configs = 1;
    o.dvipa_specs = dv;
    o.n_dvipa = 1;
    if (dns) {
        o.resolve = true;
        o.resolver = fake_resolve;
        o.resolver_ud = dns;
    }
    uhp_run_init(run);
    assert_int_equal(uhp_check(&o, run), 0);
    assert_null(run->usage_error);
}

static size_t count(const uhp_run *run, const char *id, uhp_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        if (strcmp(run->findings[i].rule_id, id) == 0 && run->findings[i].severity == sev)
            n++;
    return n;
}

/* Without --resolve a DNS name is "could not verify"; the resolver ties it to the DVIPA or
 * to another address, and is asked once per name however many instances ask. */
static void test_resolver_injected(void **state)
{
    (void)state;
    uhp_run run;
    run_with(&run, "10.10.1.100", NULL);
    assert_int_equal(count(&run, "UHA102", UHP_SEV_WARNING), 1);
    assert_int_equal(count(&run, "UHA104", UHP_SEV_WARNING), 1);
    assert_int_equal(count(&run, "UHA102", UHP_SEV_ERROR), 0);
    uhp_run_destroy(&run);

    fake_dns dns = {"umsha.plex1.example.com", "10.10.1.100", 0};
    run_with(&run, "10.10.1.100", &dns);
    assert_int_equal(count(&run, "UHA102", UHP_SEV_WARNING), 0);
    assert_int_equal(count(&run, "UHA104", UHP_SEV_WARNING), 0);
    assert_int_equal(count(&run, "UHA102", UHP_SEV_ERROR), 0);
    assert_int_equal(dns.calls, 1);
    uhp_run_destroy(&run);

    fake_dns elsewhere = {"umsha.plex1.example.com", "10.10.1.7", 0};
    run_with(&run, "10.10.1.100", &elsewhere);
    assert_int_equal(count(&run, "UHA102", UHP_SEV_ERROR), 1);
    assert_int_equal(count(&run, "UHA104", UHP_SEV_ERROR), 1);
    uhp_run_destroy(&run);

    fake_dns unknown = {"other.example.com", "10.10.1.100", 0};
    run_with(&run, "10.10.1.100", &unknown);
    assert_int_equal(count(&run, "UHA102", UHP_SEV_WARNING), 1);
    uhp_run_destroy(&run);
}

/* IPv4 and IPv6 addresses are checked and compared as addresses. */
static void test_addresses(void **state)
{
    (void)state;
    assert_true(uhp_ip_address_valid("10.10.1.100"));
    assert_true(uhp_ip_address_valid("2001:db8::1"));
    assert_false(uhp_ip_address_valid("10.10.1.1000"));
    assert_false(uhp_ip_address_valid("10.10.l.100"));
    assert_false(uhp_ip_address_valid("foo bar"));
    assert_false(uhp_ip_address_valid(""));
    uhp_dvipa d = {"2001:db8::1", NULL, 0, "--dvipa", NULL, NULL};
    assert_true(uhp_dvipa_matches(&d, "2001:DB8:0::1"));
    assert_false(uhp_dvipa_matches(&d, "2001:db8::2"));
    uhp_arena a;
    uhp_arena_init(&a);
    const char *res;
    assert_int_equal(uhp_dvipa_judge(&d, "ums.example.com", &a, &res), UHP_DVIPA_NAME_UNKNOWN);
    assert_int_equal(uhp_dvipa_judge(&d, "2001:db8::3", &a, &res), UHP_DVIPA_NAME_DIFFERS);
    const char *names[] = {"ums.example.com"};
    uhp_dvipa named = {"2001:db8::1", names, 1, "--dvipa", NULL, NULL};
    assert_int_equal(uhp_dvipa_judge(&named, "UMS.example.com", &a, &res), UHP_DVIPA_NAME_MATCHES);
    assert_int_equal(uhp_dvipa_judge(&named, "other.example.com", &a, &res),
                     UHP_DVIPA_NAME_DIFFERS);
    uhp_arena_destroy(&a);
}

/* --dvipa values that are not addresses are usage errors, never replaced by another DVIPA. */
static void test_dvipa_usage_errors(void **state)
{
    (void)state;
    const char *path = uhp_test_write_temp("site2.yaml", CFG);
    static const char *const bad[] = {"x=10.10.1.1000", "10.10.l.100", "foo bar", "a b=10.1.1.1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uhp_check_opts o;
        uhp_check_opts_init(&o);
        const char *configs[1] = {path};
        const char *dv[1] = {bad[i]};
        o.configs = configs;
        o.n_configs = 1;
        o.dvipa_specs = dv;
        o.n_dvipa = 1;
        uhp_run run;
        uhp_run_init(&run);
        uhp_check(&o, &run);
        assert_non_null(run.usage_error);
        assert_non_null(strstr(run.usage_error, "invalid --dvipa"));
        assert_int_equal(uhp_run_exit_status(&run, UHP_SEV_ERROR), UHP_EXIT_USAGE);
        uhp_run_destroy(&run);
    }
}

/* The CONFIG string as pasted from an 80-column STDENV record, and member names. */
static void test_config_spec(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_layer_spec *l = NULL;
    size_t n = 0, cap = 0;
    char rec[81];
    snprintf(rec, sizeof rec, "%-80s", "CONFIG=FILE(/z/zowe.yaml):PARMLIB(IZP.P(ZWEYAML))");
    assert_null(uhp_config_spec_parse(rec, &a, &l, &n, &cap));
    assert_int_equal(n, 2);
    assert_string_equal(l[0].path, "/z/zowe.yaml");
    assert_string_equal(l[1].member, "ZWEYAML");
    assert_string_equal(l[1].member_written, "ZWEYAML");
    n = 0;
    assert_null(uhp_config_spec_parse("PARMLIB(IZP.P(zweyaml))", &a, &l, &n, &cap));
    assert_string_equal(l[0].member_written, "zweyaml");
    static const char *const bad[] = {"PARMLIB(IZP.P(ZWEYAML123))", "PARMLIB(IZP.P(1ZWE))",
                                      "PARMLIB(IZP.P(ZW-E))"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = 0;
        const char *err = uhp_config_spec_parse(bad[i], &a, &l, &n, &cap);
        assert_non_null(err);
        assert_non_null(strstr(err, "invalid member name"));
    }
    n = 0;
    assert_null(uhp_config_spec_parse("PARMLIB(IZP.P($ZWE#1@))", &a, &l, &n, &cap));
    uhp_arena_destroy(&a);
}

/* Near misses of core components are typos; extensions' names are not. */
static void test_did_you_mean(void **state)
{
    (void)state;
    assert_string_equal(dym_component_typo("gatway"), "gateway");
    assert_string_equal(dym_component_typo("zsss"), "zss");
    assert_null(dym_component_typo("gateway"));
    assert_null(dym_component_typo("my-extension"));
    const char *const keys[] = {"authType"};
    assert_string_equal(dym_closest("authtype", keys, 1), "authType");
    assert_null(dym_closest("host", keys, 1));
}

/* --ha-instance narrows the per-instance runs; UHA107 still counts both instances. */
static void test_ha_instance_narrows(void **state)
{
    (void)state;
    const char *path = uhp_test_write_temp("site3.yaml", CFG);
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {path};
    const char *only[1] = {"lpar1"};
    const char *dv[1] = {"umsha.plex1.example.com=10.10.1.100"};
    o.configs = configs;
    o.n_configs = 1;
    o.only_instances = only;
    o.n_only_instances = 1;
    o.dvipa_specs = dv;
    o.n_dvipa = 1;
    uhp_run run;
    uhp_run_init(&run);
    assert_int_equal(uhp_check(&o, &run), 0);
    assert_int_equal(run.meta.n_instances, 1);
    assert_string_equal(run.meta.instances[0], "lpar1");
    for (size_t i = 0; i < run.n_findings; i++)
        assert_string_not_equal(run.findings[i].rule_id, "UHA107");
    for (size_t i = 0; i < run.n_results; i++)
        if (run.results[i].instance)
            assert_string_equal(run.results[i].instance, "lpar1");
    uhp_run_destroy(&run);
}

/* The code page hint: brackets arriving as other characters. */
static void test_codepage_hint(void **state)
{
    (void)state;
    static const char wrong[] = "a: \xC3\x9D"
                                "b\xC2\xA8\n";
    static const char right[] = "a: [b]\n";
    assert_non_null(uhp_ebcdic_codepage_hint(wrong, sizeof wrong - 1));
    assert_null(uhp_ebcdic_codepage_hint(right, sizeof right - 1));
    assert_true(uhp_encoding_known("IBM-1047"));
    assert_false(uhp_encoding_known("IBM-99999"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolver_injected),  cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_dvipa_usage_errors), cmocka_unit_test(test_config_spec),
        cmocka_unit_test(test_did_you_mean),       cmocka_unit_test(test_ha_instance_narrows),
        cmocka_unit_test(test_codepage_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
