/* The compact format: one finding a line, "file:line:col: severity: message [UHAnnn]",
 * for editors and grep. Suppressed findings are left out; quiet keeps failures only. In a
 * report of named sets (--set, --manifest) the message starts with "[set NAME] ". */
#include "report/report_internal.h"

/* Writes the compact report of RUNS to OUT; returns 0, or -1 when a write failed. Allocates
 * nothing. */
int uhp_report_compact_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                            const uhp_report_opts *opts)
{
    bool named = uhp_rpt_named_sets(runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        const uhp_run *run = runs[r];
        const char *set = named ? uhp_rpt_set_label(runs, n_runs, r, label) : NULL;
        for (size_t i = 0; i < run->n_findings; i++) {
            const uhp_finding *f = &run->findings[i];
            if (f->suppressed || f->severity == UHP_SEV_OFF)
                continue;
            if (opts->quiet && !uhp_rpt_is_failure(f, opts->fail_on))
                continue;
            uhp_rpt_compact_line(out, f, set);
            fputc('\n', out);
        }
    }
    return uhp_rpt_finish(out);
}
