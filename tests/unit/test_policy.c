/* The policy file: every key loads into the typed policy, discovery walks up to the
 * repository root, --policy and --no-policy, and every error names file:line:col. */
#include <dirent.h>
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
#include "uhp/policy.h"
#include "uhp/products.h"
#include "uhp/rule.h"

static const char full_policy[] = "# every key of SPEC 4a\n"
                                  "dvipa:\n"
                                  "  address: 10.10.1.100\n"
                                  "  names: [umsha.plex1.example.com, ums.example.com]\n"
                                  "fail-on: warning\n"
                                  "rules:\n"
                                  "  UHA109: error\n"
                                  "  ums-auth-mfa-jwt: warning\n"
                                  "  uha108: off\n"
                                  "ignore:\n"
                                  "  - rule: UHA105\n"
                                  "    files: \"plex2/**\"\n"
                                  "    instance: sysb\n"
                                  "    reason: \"MFA rollout tracked in CHG0042\"\n"
                                  "  - rule: ums-host-dvipa\n"
                                  "    reason: lab system\n"
                                  "unsupported-products:\n"
                                  "  - name: IMS Administration Foundation\n"
                                  "    experience-pattern: /prod/imsaf/\n"
                                  "limits:\n"
                                  "  max-size: 16MiB\n"
                                  "  max-depth: 300\n";

/* Loads TEXT from a temp file as a policy; returns the status, *P and the error. */
static int load_text(const char *text, uhp_policy **p, char *err, size_t errlen,
                     const char **path_out)
{
    const char *path = uhp_test_write_temp("policy.yaml", text);
    assert_non_null(path);
    if (path_out)
        *path_out = path;
    return uhp_policy_load(path, true, p, err, errlen);
}

static void test_every_key(void **state)
{
    (void)state;
    uhp_policy *p = NULL;
    char err[512];
    const char *path;
    assert_int_equal(load_text(full_policy, &p, err, sizeof err, &path), 0);
    assert_non_null(p);
    assert_string_equal(uhp_policy_path(p), path);

    uhp_dvipa d;
    assert_true(uhp_policy_dvipa(p, &d));
    assert_string_equal(d.address, "10.10.1.100");
    assert_int_equal(d.n_names, 2);
    assert_string_equal(d.names[0], "umsha.plex1.example.com");
    assert_string_equal(d.names[1], "ums.example.com");
    assert_string_equal(d.origin, "policy");

    uhp_severity sev;
    assert_true(uhp_policy_fail_on(p, &sev));
    assert_int_equal(sev, UHP_SEV_WARNING);

    assert_int_equal(p->n_rules, 3);
    bool seen105 = false, seen108 = false, seen109 = false;
    for (size_t i = 0; i < p->n_rules; i++) {
        if (!strcmp(p->rules[i].rule_id, "UHA105")) {
            seen105 = true;
            assert_int_equal(p->rules[i].severity, UHP_SEV_WARNING);
        } else if (!strcmp(p->rules[i].rule_id, "UHA108")) {
            seen108 = true;
            assert_int_equal(p->rules[i].severity, UHP_SEV_OFF);
        } else if (!strcmp(p->rules[i].rule_id, "UHA109")) {
            seen109 = true;
            assert_int_equal(p->rules[i].severity, UHP_SEV_ERROR);
        }
    }
    assert_true(seen105 && seen108 && seen109);

    assert_int_equal(p->n_ignores, 2);
    assert_string_equal(p->ignores[0].rule_id, "UHA105");
    assert_string_equal(p->ignores[0].files, "plex2/**");
    assert_string_equal(p->ignores[0].instance, "sysb");
    assert_string_equal(p->ignores[0].reason, "MFA rollout tracked in CHG0042");
    assert_string_equal(p->ignores[1].rule_id, "UHA104"); /* the name became the id */
    assert_null(p->ignores[1].files);
    assert_null(p->ignores[1].instance);

    assert_int_equal(p->n_products, 1);
    assert_string_equal(p->products[0].name, "IMS Administration Foundation");
    assert_string_equal(p->products[0].pattern, "/prod/imsaf/");
    size_t before = uhp_products_count();
    assert_null(uhp_products_match("/prod/imsaf/v1/bin"));
    assert_true(uhp_policy_add_products(p));
    assert_int_equal(uhp_products_count(), before + 1);
    const uhp_product *m = uhp_products_match("/prod/imsaf/v1/bin");
    assert_non_null(m);
    assert_string_equal(m->name, "IMS Administration Foundation");
    uhp_products_reset();
    assert_null(uhp_products_match("/prod/imsaf/v1/bin"));

    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.max_size = 1;
    uhp_policy_limits(p, &lim);
    assert_int_equal(lim.max_size, 16u * 1024u * 1024u);
    assert_int_equal(lim.max_depth, 300);
    uhp_policy_free(p);
}

static void test_sizes_and_partial_keys(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t bytes;
    } cases[] = {
        {"limits:\n  max-size: 1048576\n", 1048576},
        {"limits:\n  max-size: 64KiB\n", 65536},
        {"limits:\n  max-size: 2M\n", 2u * 1024u * 1024u},
        {"limits:\n  max-size: 1GiB\n", 1024u * 1024u * 1024u},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uhp_policy *p = NULL;
        char err[512];
        assert_int_equal(load_text(cases[i].text, &p, err, sizeof err, NULL), 0);
        uhp_limits lim;
        uhp_limits_default(&lim);
        uhp_policy_limits(p, &lim);
        assert_int_equal(lim.max_size, cases[i].bytes);
        assert_int_equal(lim.max_depth, 256); /* untouched */
        uhp_severity sev = UHP_SEV_INFO;
        assert_false(uhp_policy_fail_on(p, &sev));
        uhp_dvipa d;
        assert_false(uhp_policy_dvipa(p, &d));
        uhp_policy_free(p);
    }
}

static void test_blank_policy(void **state)
{
    (void)state;
    uhp_policy *p = NULL;
    char err[512];
    assert_int_equal(load_text("# nothing set yet\n---\n\n", &p, err, sizeof err, NULL), 0);
    assert_non_null(p);
    assert_int_equal(p->n_rules, 0);
    assert_int_equal(p->n_ignores, 0);
    uhp_policy_free(p);
}

/* Expects TEXT to fail with an error "PATH:LINE:COL: ..." holding WANT. */
static void expect_error(const char *text, unsigned line, unsigned col, const char *want)
{
    uhp_policy *p = (uhp_policy *)1;
    char err[512];
    const char *path;
    assert_int_equal(load_text(text, &p, err, sizeof err, &path), -1);
    assert_null(p);
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s:%u:%u: ", path, line, col);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, want)) {
        fprintf(stderr, "policy:\n%s\nerror:  %s\nwanted: %s...%s\n", text, err, prefix, want);
        fail();
    }
    assert_null(strchr(err, '\n'));
}

static void test_errors_have_positions(void **state)
{
    (void)state;
    expect_error("fail_on: error\n", 1, 1,
                 "unknown key 'fail_on' in the policy (did you mean "
                 "'fail-on'?)");
    expect_error("dvipa:\n  adress: 10.1.1.1\n", 2, 3,
                 "unknown key 'adress' in 'dvipa' (did "
                 "you mean 'address'?)");
    expect_error("ignore:\n  - rule: UHA105\n    reasn: x\n", 3, 5, "unknown key 'reasn'");
    expect_error("limits:\n  max-depth: deep\n", 2, 14, "'max-depth' must be a whole number");
    /* libcyaml would read these as octal: 8 and 0. */
    expect_error("limits:\n  max-depth: 010\n", 2, 14,
                 "'max-depth' must be written without a leading zero, not '010'");
    expect_error("limits:\n  max-depth: 09\n", 2, 14, "without a leading zero, not '09'");
    expect_error("limits:\n  max-size: [1]\n", 2, 3, "'max-size' must be a size");
    expect_error("limits:\n  max-size: 12 parsecs\n", 2, 13, "not '12 parsecs'");
    expect_error("fail-on: [error]\n", 1, 1,
                 "'fail-on' must be error, warning or info, not a "
                 "sequence");
    expect_error("fail-on: off\n", 1, 10, "'fail-on' must be error, warning or info, not 'off'");
    expect_error("rules: [UHA105]\n", 1, 1, "'rules' must be a mapping");
    expect_error("rules:\n  UHA105: warn\n", 2, 11,
                 "'UHA105' must be error, warning, info or "
                 "off, not 'warn'");
    expect_error("rules:\n  UHA999: off\n", 2, 3, "unknown rule 'UHA999'");
    expect_error("rules:\n  UHA001: off\n", 2, 3, "rule 'UHA001' cannot be changed");
    expect_error("rules:\n  UHA105: off\n  ums-auth-mfa-jwt: info\n", 3, 3,
                 "rule 'UHA105' is set twice");
    expect_error("dvipa: 10.1.1.1\n", 1, 8,
                 "'dvipa' must be a mapping (address, names), not a "
                 "scalar");
    expect_error("dvipa:\n  names: [a.example.com]\n", 1, 1, "'dvipa' has no 'address'");
    expect_error("dvipa:\n  address: 10.1.1.1\n  names: a.example.com\n", 3, 10,
                 "'names' must be a sequence");
    expect_error("ignore:\n  - rule: UHA105\n", 2, 5, "has no 'reason'");
    expect_error("ignore:\n  - rule: UHA105\n    reason: \"\"\n", 3, 13, "'reason' is empty");
    expect_error("ignore:\n  - reason: why\n", 2, 5, "has no 'rule'");
    expect_error("ignore:\n  rule: UHA105\n", 1, 1, "'ignore' must be a sequence");
    expect_error("unsupported-products:\n  - name: X\n", 2, 5, "has no 'experience-pattern'");
    expect_error("- a\n- b\n", 1, 1, "the policy must be a mapping");
    /* Bad YAML: libyaml's own message with its position. */
    expect_error("rules:\n  UHA105: [warning\n", 3, 1, "");
    expect_error("fail-on: error\nfail-on: warning\n", 2, 1, "");
    expect_error("dvipa:\n\taddress: 1.1.1.1\n", 2, 1, "");
    /* A 'files' glob longer than a path can be is refused where it stands. */
    {
        size_t n = 600000;
        char *text = malloc(n + 128);
        assert_non_null(text);
        int k = snprintf(text, 128, "ignore:\n  - rule: UHA105\n    reason: r\n    files: \"");
        memset(text + k, '*', n);
        snprintf(text + k + n, 64, "b\"\n");
        expect_error(text, 4, 12, "the 'files' pattern is 600001 bytes long");
        free(text);
    }
}

/* The one pass stores `rules:` in the registry's order (the order reports list them), not in
 * the file's, and an error after valid keys leaves no half-read policy. */
static void test_rules_in_registry_order(void **state)
{
    (void)state;
    uhp_policy *p = NULL;
    char err[512];
    assert_int_equal(load_text("rules:\n  UHA306: off\n  UHA208: error\n  UHA105: info\n", &p, err,
                               sizeof err, NULL),
                     0);
    assert_int_equal(p->n_rules, 3);
    size_t n_reg;
    const uhp_rule *const *reg = uhp_rules(&n_reg);
    size_t last = 0;
    for (size_t i = 0; i < p->n_rules; i++) {
        size_t pos = 0;
        while (pos < n_reg && strcmp(reg[pos]->id, p->rules[i].rule_id) != 0)
            pos++;
        assert_true(pos < n_reg);
        if (i)
            assert_true(pos > last);
        last = pos;
    }
    uhp_policy_free(p);
    p = (uhp_policy *)1;
    assert_int_equal(load_text("fail-on: warning\nrules:\n  UHA105: off\nlimits:\n  max-depth: 0\n",
                               &p, err, sizeof err, NULL),
                     -1);
    assert_null(p);
    assert_non_null(strstr(err, "'max-depth' must be a whole number"));
}

static void test_missing_file(void **state)
{
    (void)state;
    uhp_policy *p = NULL;
    char err[512];
    assert_int_equal(uhp_policy_load("/nonexistent/uhp-policy.yaml", true, &p, err, sizeof err),
                     -1);
    assert_null(p);
    assert_string_equal(err, "/nonexistent/uhp-policy.yaml: cannot read the policy: no such file");
}

/* Makes directory PATH (one level). */
static void mkdir_ok(const char *path)
{
    assert_int_equal(mkdir(path, 0700), 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_discovery(void **state)
{
    (void)state;
    char cwd[4096], root[256], path[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/uhp-policy-walk-%ld", tmp ? tmp : "/tmp", (long)getpid());
    mkdir_ok(root);
    /* root/.ums-ha-preflight.yaml (outside the repository), root/repo/.git,
     * root/repo/.ums-ha-preflight.yaml, root/repo/a/b, root/other/c (no repository). */
    snprintf(path, sizeof path, "%s/.ums-ha-preflight.yaml", root);
    write_file(path, "fail-on: info\n");
    snprintf(path, sizeof path, "%s/repo", root);
    mkdir_ok(path);
    snprintf(path, sizeof path, "%s/repo/.git", root);
    mkdir_ok(path);
    snprintf(path, sizeof path, "%s/repo/a", root);
    mkdir_ok(path);
    snprintf(path, sizeof path, "%s/repo/a/b", root);
    mkdir_ok(path);
    snprintf(path, sizeof path, "%s/other", root);
    mkdir_ok(path);
    snprintf(path, sizeof path, "%s/other/c", root);
    mkdir_ok(path);

    uhp_policy *p = NULL;
    char err[512];
    uhp_severity sev;

    /* In the repository without a policy: the walk stops at .git, the one above is not used. */
    snprintf(path, sizeof path, "%s/repo/a/b", root);
    assert_int_equal(chdir(path), 0);
    assert_int_equal(uhp_policy_load(NULL, true, &p, err, sizeof err), 0);
    assert_null(p);

    /* With a policy at the repository root: found from two levels down. */
    snprintf(path, sizeof path, "%s/repo/.ums-ha-preflight.yaml", root);
    write_file(path, "fail-on: warning\n");
    assert_int_equal(uhp_policy_load(NULL, true, &p, err, sizeof err), 0);
    assert_non_null(p);
    assert_string_equal(uhp_policy_path(p), "../../.ums-ha-preflight.yaml");
    assert_true(uhp_policy_fail_on(p, &sev));
    assert_int_equal(sev, UHP_SEV_WARNING);
    uhp_policy_free(p);

    /* The nearest one wins. */
    snprintf(path, sizeof path, "%s/repo/a/.ums-ha-preflight.yaml", root);
    write_file(path, "fail-on: error\n");
    assert_int_equal(uhp_policy_load(NULL, true, &p, err, sizeof err), 0);
    assert_string_equal(uhp_policy_path(p), "../.ums-ha-preflight.yaml");
    assert_true(uhp_policy_fail_on(p, &sev));
    assert_int_equal(sev, UHP_SEV_ERROR);
    uhp_policy_free(p);

    /* --no-policy: no search. */
    assert_int_equal(uhp_policy_load(NULL, false, &p, err, sizeof err), 0);
    assert_null(p);

    /* --policy FILE beats the search. */
    snprintf(path, sizeof path, "%s/.ums-ha-preflight.yaml", root);
    assert_int_equal(uhp_policy_load(path, true, &p, err, sizeof err), 0);
    assert_true(uhp_policy_fail_on(p, &sev));
    assert_int_equal(sev, UHP_SEV_INFO);
    uhp_policy_free(p);

    /* Outside any repository the walk goes on up to the file system root. */
    snprintf(path, sizeof path, "%s/other/c", root);
    assert_int_equal(chdir(path), 0);
    assert_int_equal(uhp_policy_load(NULL, true, &p, err, sizeof err), 0);
    assert_non_null(p);
    assert_string_equal(uhp_policy_path(p), "../../.ums-ha-preflight.yaml");
    uhp_policy_free(p);

    /* A broken policy found by the walk is an error with its (relative) path. */
    snprintf(path, sizeof path, "%s/repo/a/.ums-ha-preflight.yaml", root);
    write_file(path, "\nfail-on: sometimes\n");
    snprintf(path, sizeof path, "%s/repo/a/b", root);
    assert_int_equal(chdir(path), 0);
    assert_int_equal(uhp_policy_load(NULL, true, &p, err, sizeof err), -1);
    assert_null(p);
    assert_string_equal(err, "../.ums-ha-preflight.yaml:2:10: 'fail-on' must be error, warning "
                             "or info, not 'sometimes'");

    assert_int_equal(chdir(cwd), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

/* An allocator that fails every allocation after the first LIMIT. */
static long alloc_budget;
static void *fail_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return alloc_budget-- > 0 ? malloc(n) : NULL;
}
static void *fail_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return alloc_budget-- > 0 ? realloc(p, n) : NULL;
}
static void fail_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    const char *path = uhp_test_write_temp("policy-oom.yaml", full_policy);
    uhp_allocator a = {fail_malloc, fail_realloc, fail_free, NULL};
    bool succeeded = false;
    for (long budget = 0; budget < 100000 && !succeeded; budget++) {
        alloc_budget = budget;
        uhp_set_allocator(&a);
        uhp_policy *p = NULL;
        char err[512];
        int rc = uhp_policy_load(path, false, &p, err, sizeof err);
        uhp_set_allocator(NULL);
        if (rc == 0) {
            assert_non_null(p);
            assert_int_equal(p->n_ignores, 2);
            succeeded = true;
        } else {
            assert_null(p);
            assert_string_equal(err, "out of memory");
        }
        uhp_policy_free(p);
    }
    assert_true(succeeded);
}

/* An allocator that counts reallocations and live blocks. */
static long count_reallocs, count_live;
static void *count_malloc(void *ctx, size_t n)
{
    (void)ctx;
    count_live++;
    return malloc(n);
}
static void *count_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    count_reallocs++;
    count_live += p == NULL;
    return realloc(p, n);
}
static void count_free(void *ctx, void *p)
{
    (void)ctx;
    count_live--;
    free(p);
}

/* The typed load is libcyaml's, through the injected allocator: it allocates each string
 * it loads with uhp_realloc (the trees and the policy use arenas, a few blocks), and frees
 * every block. */
static void test_typed_load_allocates_through_uhp(void **state)
{
    (void)state;
    char text[8192] = "ignore:\n";
    size_t used = strlen(text);
    for (int i = 0; i < 60; i++)
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "  - rule: UHA105\n    reason: entry %d\n", i);
    const char *path = uhp_test_write_temp("policy-count.yaml", text);
    uhp_allocator a = {count_malloc, count_realloc, count_free, NULL};
    count_reallocs = count_live = 0;
    uhp_set_allocator(&a);
    uhp_policy *p = NULL;
    char err[512];
    int rc = uhp_policy_load(path, false, &p, err, sizeof err);
    long reallocs = count_reallocs;
    bool loaded = rc == 0 && p && p->n_ignores == 60 && !strcmp(p->ignores[59].reason, "entry 59");
    uhp_policy_free(p);
    uhp_set_allocator(NULL);
    assert_true(loaded);
    assert_true(reallocs >= 120); /* two strings per entry, at least */
    assert_int_equal(count_live, 0);
}

/* Every sample policy in samples/policy loads. */
static void test_samples_load(void **state)
{
    (void)state;
    DIR *d = opendir(UHP_SOURCE_DIR "/samples/policy");
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/samples/policy/%s", UHP_SOURCE_DIR, e->d_name);
        uhp_policy *p = NULL;
        char err[512];
        if (uhp_policy_load(path, false, &p, err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_non_null(p);
        uhp_policy_free(p);
        n++;
    }
    closedir(d);
    assert_true(n >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_rules_in_registry_order),
        cmocka_unit_test(test_sizes_and_partial_keys),
        cmocka_unit_test(test_blank_policy),
        cmocka_unit_test(test_errors_have_positions),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_discovery),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_typed_load_allocates_through_uhp),
        cmocka_unit_test(test_samples_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
