/* The compact format: one finding a line, "file:line:col: severity: message [UHAnnn]",
 * for editors and grep. Suppressed findings are left out; quiet keeps failures only. */
#include "report/report_internal.h"

/* Writes the compact report of RUN to OUT; returns 0, or -1 when a write failed. Allocates
 * nothing. */
int uhp_report_compact(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (f->suppressed || f->severity == UHP_SEV_OFF)
            continue;
        if (opts->quiet && !uhp_rpt_is_failure(f, opts->fail_on))
            continue;
        uhp_rpt_compact_line(out, f);
        fputc('\n', out);
    }
    return uhp_rpt_finish(out);
}
