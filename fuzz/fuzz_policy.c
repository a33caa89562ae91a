/* libFuzzer harness: the policy loader (checks, then libcyaml into typed structs) of the
 * input as a .ums-ha-preflight.yaml, then every query and its application to a small run.
 * The run's findings include file names of 4 KB (one built from the input, one of 'a's
 * ending in 'b'), so the ignore globs are matched against long names: a matcher that
 * backtracks or recurses per '*' shows up as a timeout or a stack overflow.
 * Oracle beyond the sanitizers: a refused policy always says why. Replayed over
 * fuzz/corpus/policy by tests/unit/test_fuzz_replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uhp/policy.h"

/* The per-process file the input is written to: $TMPDIR/uhp-fuzz-policy-PID.yaml. */
static const char *fuzz_policy_path(void)
{
    static char path[512];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/uhp-fuzz-policy-%ld.yaml", tmp && *tmp ? tmp : "/tmp",
                 (long)getpid());
    }
    return path;
}

/* Long file names for the findings: NAMES[0] from the input (its bytes mapped onto the
 * characters globs care about), NAMES[1] 'a' x 4095 then 'b'. */
static char fuzz_policy_names[2][4097];

static void fuzz_policy_long_names(const uint8_t *data, size_t size)
{
    static const char alphabet[] = "ab/.*?yml";
    for (size_t i = 0; i < 4096; i++)
        fuzz_policy_names[0][i] =
            size ? alphabet[data[(size - 1 - i % size)] % (sizeof alphabet - 1)] : 'a';
    fuzz_policy_names[0][4096] = '\0';
    memset(fuzz_policy_names[1], 'a', 4095);
    fuzz_policy_names[1][4095] = 'b';
    fuzz_policy_names[1][4096] = '\0';
}

/* Applies P to a run holding a few findings and results, as uhp_check leaves them. */
static void fuzz_policy_apply(const uhp_policy *p)
{
    uhp_run run;
    uhp_run_init(&run);
    static const char *const ids[] = {"UHA105", "UHA208", "UHA001", "UHA302", "UHA105", "UHA105"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        uhp_finding f;
        memset(&f, 0, sizeof f);
        f.rule_id = ids[i];
        f.rule_name = ids[i];
        f.severity = UHP_SEV_ERROR;
        f.instances = i % 2 ? "sysa, sysb" : "sysb";
        f.message = "m";
        f.file = i >= 4 ? fuzz_policy_names[i - 4] : i % 2 ? "plex2/zowe.yaml" : "zowe.yaml";
        f.line = (uint32_t)i + 1;
        f.col = 1;
        uhp_run_add_finding(&run, &f);
        uhp_result r = {ids[i], ids[i], i % 2 ? "sysa" : NULL, UHP_STATUS_FAIL, NULL};
        uhp_run_add_result(&run, &r);
    }
    uhp_policy_apply(p, &run);
    uhp_run_destroy(&run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_policy_path();
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    size_t written = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || written != size)
        return 0;
    uhp_policy *p = NULL;
    char err[512];
    err[0] = '\0';
    if (uhp_policy_load(path, false, &p, err, sizeof err) != 0) {
        if (!err[0]) {
            fprintf(stderr, "fuzz_policy: policy refused without a message\n");
            abort();
        }
        return 0;
    }
    if (!p)
        return 0;
    (void)uhp_policy_path(p);
    uhp_dvipa d;
    (void)uhp_policy_dvipa(p, &d);
    uhp_severity sev;
    (void)uhp_policy_fail_on(p, &sev);
    uhp_limits lim;
    uhp_limits_default(&lim);
    uhp_policy_limits(p, &lim);
    if (uhp_policy_add_products(p))
        (void)uhp_products_match("/usr/lpp/afn/experience");
    uhp_products_reset();
    fuzz_policy_long_names(data, size);
    fuzz_policy_apply(p);
    uhp_policy_free(p);
    return 0;
}
