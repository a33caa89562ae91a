/* Allocation failure: for every N, the Nth uhp_* allocation of a full check (the HA-ready
 * sample and a failing one, read from their `args` files) with every report format rendered
 * into memory fails; then also every allocation from the Nth on. Each time: no crash, a clean
 * error (uhp_check returns -1 with run.out_of_memory, or a report returns -1) or, when the
 * failure was absorbed, exactly the reports of the run without failures; and no leak (every
 * block the allocator handed out is freed; LeakSanitizer checks libyaml's own blocks in the
 * sanitizer build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "uhp/alloc.h"
#include "uhp/arena.h"
#include "uhp/check.h"
#include "uhp/report.h"

static const char *const formats[] = {"text",  "compact", "json",     "sarif",
                                      "junit", "github",  "markdown", "diff"};
#define N_FORMATS (sizeof formats / sizeof formats[0])

/* The injecting allocator: counts allocations, fails the chosen ones, tracks live blocks. */
typedef struct inject {
    long count;      /* allocations attempted */
    long fail_at;    /* 0: none fails */
    bool fail_after; /* every allocation from fail_at on fails */
    bool failed;     /* one was refused */
    long live;       /* blocks handed out and not freed */
} inject;

static inject inj;

/* True when this allocation must fail. */
static bool inj_fail(void)
{
    inj.count++;
    bool fail =
        inj.fail_at && (inj.count == inj.fail_at || (inj.fail_after && inj.count > inj.fail_at));
    if (fail)
        inj.failed = true;
    return fail;
}

static void *inj_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (inj_fail())
        return NULL;
    void *p = malloc(size);
    if (p)
        inj.live++;
    return p;
}

static void *inj_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (inj_fail())
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        inj.live++;
    return p;
}

static void inj_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr)
        inj.live--;
    free(ptr);
}

static const uhp_allocator inj_alloc = {inj_malloc, inj_realloc, inj_free, NULL};

/* A sample set's options, from its `args` file (one argument a line). */
typedef struct sample {
    char *lines[32];
    size_t n_lines;
    const char *configs[8], *tcpip[8], *dvipa[8];
    uhp_parmlib_map parmlibs[8];
    char dsn[8][64];
    size_t n_configs, n_tcpip, n_dvipa, n_parmlibs;
} sample;

/* Reads DIR/args into S; fails the test on an option this test does not know (then the
 * sample changed and this test must learn the option). */
static void sample_read(sample *s, const char *dir)
{
    memset(s, 0, sizeof *s);
    char path[512];
    snprintf(path, sizeof path, "%s/args", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    while (fgets(line, sizeof line, f) && s->n_lines < 32) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0])
            s->lines[s->n_lines++] = strdup(line);
    }
    fclose(f);
    for (size_t i = 0; i < s->n_lines; i++) {
        const char *a = s->lines[i];
        if (a[0] != '-') {
            s->configs[s->n_configs++] = a;
            continue;
        }
        assert_true(i + 1 < s->n_lines);
        const char *v = s->lines[++i];
        if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
            s->configs[s->n_configs++] = v;
        } else if (!strcmp(a, "--tcpip")) {
            s->tcpip[s->n_tcpip++] = v;
        } else if (!strcmp(a, "--dvipa")) {
            s->dvipa[s->n_dvipa++] = v;
        } else if (!strcmp(a, "--parmlib")) {
            const char *eq = strchr(v, '=');
            assert_non_null(eq);
            size_t k = s->n_parmlibs++;
            snprintf(s->dsn[k], sizeof s->dsn[k], "%.*s", (int)(eq - v), v);
            s->parmlibs[k].dsn = s->dsn[k];
            s->parmlibs[k].dir = eq + 1;
        } else {
            fail_msg("%s: option %s is not known to this test", path, a);
        }
    }
}

static void sample_free(sample *s)
{
    for (size_t i = 0; i < s->n_lines; i++)
        free(s->lines[i]);
}

static void sample_opts(const sample *s, uhp_check_opts *o)
{
    uhp_check_opts_init(o);
    o->configs = (const char **)s->configs;
    o->n_configs = s->n_configs;
    o->tcpip_paths = (const char **)s->tcpip;
    o->n_tcpip = s->n_tcpip;
    o->dvipa_specs = (const char **)s->dvipa;
    o->n_dvipa = s->n_dvipa;
    o->parmlibs = s->parmlibs;
    o->n_parmlibs = s->n_parmlibs;
}

/* One check and its reports. Outputs are heap strings (libc), NULL where a report failed. */
typedef struct outcome {
    int check_rc;
    bool oom;
    bool usage; /* a usage error, no reports */
    int report_rc[N_FORMATS];
    char *out[N_FORMATS];
    size_t len[N_FORMATS];
} outcome;

/* Runs the check of S and renders every format, under the injecting allocator. */
static void run_once(const sample *s, outcome *oc)
{
    memset(oc, 0, sizeof *oc);
    uhp_check_opts o;
    sample_opts(s, &o);
    uhp_set_allocator(&inj_alloc);
    uhp_run run;
    uhp_run_init(&run);
    oc->check_rc = uhp_check(&o, &run);
    oc->oom = run.out_of_memory;
    oc->usage = run.usage_error != NULL;
    if (oc->check_rc == 0 && !run.usage_error) {
        const uhp_run *runs[1] = {&run};
        uhp_report_opts ro;
        memset(&ro, 0, sizeof ro);
        ro.fail_on = UHP_SEV_ERROR;
        for (size_t i = 0; i < N_FORMATS; i++) {
            const uhp_report_format *fmt = uhp_report_find(formats[i]);
            assert_non_null(fmt);
            FILE *m = open_memstream(&oc->out[i], &oc->len[i]);
            assert_non_null(m);
            oc->report_rc[i] = uhp_report_write(fmt, m, runs, 1, &ro);
            fclose(m);
        }
    }
    uhp_run_destroy(&run);
    uhp_set_allocator(NULL);
}

static void outcome_free(outcome *oc)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        free(oc->out[i]);
}

/* Fails the Nth allocation (and, with FAIL_AFTER, all later ones) for every N of the check of
 * DIR; returns the number of allocations of a run without failures. */
static long sweep(const char *dir, bool fail_after)
{
    sample s;
    sample_read(&s, dir);
    memset(&inj, 0, sizeof inj);
    outcome ref;
    run_once(&s, &ref);
    long total = inj.count;
    assert_int_equal(inj.live, 0);
    assert_int_equal(ref.check_rc, 0);
    assert_false(ref.oom);
    for (size_t i = 0; i < N_FORMATS; i++)
        assert_int_equal(ref.report_rc[i], 0);
    assert_true(total > 10);
    long silent = 0;
    for (long n = 1; n <= total + 1; n++) {
        memset(&inj, 0, sizeof inj);
        inj.fail_at = n;
        inj.fail_after = fail_after;
        outcome oc;
        run_once(&s, &oc);
        if (inj.live != 0)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked", dir, n, inj.live);
        if (n > total) {
            assert_false(inj.failed);
        }
        if (oc.usage && !oc.oom)
            fail_msg("%s: allocation %ld failed: a usage error instead of running out of memory",
                     dir, n);
        if ((oc.check_rc == -1) != oc.oom)
            fail_msg("%s: allocation %ld failed: uhp_check returned %d, out_of_memory %d", dir, n,
                     oc.check_rc, oc.oom);
        if (oc.check_rc == 0) {
            bool report_failed = false;
            for (size_t i = 0; i < N_FORMATS; i++)
                if (oc.report_rc[i] != 0)
                    report_failed = true;
            if (report_failed && !inj.failed)
                fail_msg("%s: a report failed with no allocation refused", dir);
            /* Absorbed failures must not change what the reports say. */
            for (size_t i = 0; i < N_FORMATS; i++) {
                if (oc.report_rc[i] != 0)
                    continue;
                if (oc.len[i] != ref.len[i] || memcmp(oc.out[i], ref.out[i], ref.len[i]) != 0) {
                    print_error("%s: allocation %ld of %ld failed%s: the %s report changed "
                                "silently instead of failing\n",
                                dir, n, total, fail_after ? " (and all later ones)" : "",
                                formats[i]);
                    silent++;
                }
            }
        }
        outcome_free(&oc);
    }
    outcome_free(&ref);
    sample_free(&s);
    if (silent)
        fail_msg("%s: %ld reports changed silently after an allocation failure", dir, silent);
    return total;
}

static void test_ha_ready_fail_nth(void **state)
{
    (void)state;
    long total = sweep("samples/ha-ready", false);
    print_message("samples/ha-ready: %ld allocations, each failed in turn\n", total);
}

static void test_ha_ready_fail_from_nth(void **state)
{
    (void)state;
    sweep("samples/ha-ready", true);
}

/* A set with findings: quoted lines, instances, fixes go through the error paths too. */
static void test_findings_fail_nth(void **state)
{
    (void)state;
    sweep("samples/fail/UHA002-duplicate-key", false);
    sweep("samples/fail/UHA007-value-type", false);
    sweep("samples/fail/UHA105-ums-auth-mfa-jwt", true);
}

/* An arena block of 4 MiB or more starts its data at a 2 MiB boundary (for huge pages):
 * the first allocation of such a block is aligned, every byte of it is usable (ASan checks
 * the writes), a refused block leaves the arena failed with nothing leaked, and destroy
 * frees what the allocator handed out, not the aligned start. */
static void test_arena_big_blocks(void **state)
{
    (void)state;
    memset(&inj, 0, sizeof inj);
    uhp_set_allocator(&inj_alloc);
    uhp_arena a;
    uhp_arena_init(&a);
    assert_non_null(uhp_arena_alloc(&a, 100));
    size_t big = (size_t)5 * 1024 * 1024;
    unsigned char *p = uhp_arena_alloc(&a, big);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % (2u * 1024 * 1024), 0);
    memset(p, 0xab, big);
    assert_int_equal(p[big - 1], 0xab);
    assert_int_equal(inj.live, 2);
    inj.fail_at = inj.count + 1;
    assert_null(uhp_arena_alloc(&a, big * 2));
    assert_true(a.failed);
    assert_int_equal(inj.live, 2);
    uhp_arena_reset(&a);
    assert_int_equal(inj.live, 1); /* the head block (the big one) is kept */
    uhp_arena_destroy(&a);
    assert_int_equal(inj.live, 0);
    uhp_set_allocator(NULL);
    uhp_alloc_hint_huge(NULL, big); /* a hint on nothing is ignored */
}

int main(void)
{
    setenv("SOURCE_DATE_EPOCH", "0", 1); /* the JUnit timestamp, else reports differ by time */
    if (chdir(UHP_SOURCE_DIR) != 0) {
        perror(UHP_SOURCE_DIR);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ha_ready_fail_nth),
        cmocka_unit_test(test_ha_ready_fail_from_nth),
        cmocka_unit_test(test_findings_fail_nth),
        cmocka_unit_test(test_arena_big_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
