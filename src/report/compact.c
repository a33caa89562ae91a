/* The compact format: one finding a line, "file:line:col: severity: message [UHAnnn]",
 * for editors and grep. Suppressed findings are left out; quiet keeps failures only. In a
 * report of named sets (--set, --manifest) the message starts with "[set NAME] ". */
#include "report/report_internal.h"
#include "report/writers.h"

/* One line: the finding and a newline. */
static void compact_finding(FILE *out, const uhp_finding *f, const char *set)
{
    uhp_rpt_compact_line(out, f, set);
    fputc('\n', out);
}

/* Writes the compact report of RUNS to OUT; returns 0, or -1 when a write failed. Allocates
 * nothing. */
int uhp_report_compact_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                            const uhp_report_opts *opts)
{
    const uhp_run_meta *pm = uhp_rpt_policy_meta(runs, n_runs);
    if (pm && !opts->quiet) {
        char text[1024];
        uhp_plain_chars(out, pm->policy, false);
        fputs(": info: policy ", out);
        uhp_plain_chars(out, uhp_rpt_policy_text(pm, text, sizeof text), false);
        fputs(" [policy]\n", out);
    }
    return uhp_rpt_each_shown(out, runs, n_runs, opts, compact_finding);
}
