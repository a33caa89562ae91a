/* libFuzzer harness: a whole check (read, encodings, loader, layering with the built-in
 * defaults, every rule on every instance) of the input as a zowe.yaml, then the reports
 * rendered to memory (every format, over the inputs). Oracle beyond the sanitizers: a check
 * never fails except for memory, and every report is valid UTF-8. Replayed over
 * fuzz/corpus/check by tests/unit/test_fuzz_replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uhp/check.h"
#include "uhp/encoding.h"
#include "uhp/report.h"

static const char *const fuzz_check_formats[] = {"text",  "compact", "json",
                                                 "sarif", "junit",   "github"};

/* The per-process file the input is written to: $TMPDIR/uhp-fuzz-check-PID.yaml. */
static const char *fuzz_check_path(void)
{
    static char path[512];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/uhp-fuzz-check-%ld.yaml", tmp && *tmp ? tmp : "/tmp",
                 (long)getpid());
    }
    return path;
}

/* Renders RUN into memory in the compact format and one other chosen by PICK (the SARIF
 * rule table alone is 140 KB, so every format every time would slow fuzzing tenfold); aborts
 * on output that is not UTF-8. */
static void fuzz_check_reports(const uhp_run *run, size_t pick)
{
    const uhp_run *runs[1] = {run};
    uhp_report_opts ropts;
    memset(&ropts, 0, sizeof ropts);
    ropts.fail_on = UHP_SEV_ERROR;
    const size_t n_formats = sizeof fuzz_check_formats / sizeof fuzz_check_formats[0];
#ifdef UHP_FUZZ_ALL_FORMATS /* the corpus replay in the test suite renders them all */
    pick = SIZE_MAX;
#endif
    for (size_t i = 0; i < n_formats; i++) {
        if (pick != SIZE_MAX && i != 1 && i != pick % n_formats)
            continue;
        const uhp_report_format *fmt = uhp_report_find(fuzz_check_formats[i]);
        if (!fmt)
            continue;
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m)
            return;
        ropts.quiet = i % 2 == 1;
        int rc = uhp_report_write(fmt, m, runs, 1, &ropts);
        fclose(m);
        if (rc == 0 && !uhp_utf8_valid(buf, len, NULL)) {
            fprintf(stderr, "fuzz_check: %s report is not valid UTF-8\n", fuzz_check_formats[i]);
            abort();
        }
        free(buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_check_path();
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    size_t written = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || written != size)
        return 0;
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {path};
    const char *dvipa[1] = {"umsha.plex1.example.com=10.10.1.100"};
    o.configs = configs;
    o.n_configs = 1;
    if (size % 2 == 0) { /* with and without a declared DVIPA, chosen by the input */
        o.dvipa_specs = dvipa;
        o.n_dvipa = 1;
    }
    o.limits.max_depth = 64;
#ifdef UHP_LIMITS_EXTENDED
    o.limits.allow_aliases = size % 3 == 0;
    o.limits.alias_budget = 2000;
    o.limits.max_nodes = 50000;
#endif
    uhp_run run;
    uhp_run_init(&run);
    int rc = uhp_check(&o, &run);
    if (rc != 0 && !run.out_of_memory) {
        fprintf(stderr, "fuzz_check: uhp_check failed without running out of memory\n");
        abort();
    }
    if (rc == 0 && !run.usage_error)
        fuzz_check_reports(&run, size / 7);
    uhp_run_destroy(&run);
    return 0;
}
