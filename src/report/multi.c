/* Several config sets in one report. Line-oriented formats concatenate; the structured
 * formats take the whole list (see each writer). */
#include "uhp/report.h"

int uhp_report_write(const uhp_report_format *fmt, FILE *out, const uhp_run *const *runs,
                     size_t n_runs, const uhp_report_opts *opts)
{
    int rc = 0;
    for (size_t i = 0; i < n_runs; i++)
        if (fmt->write(out, runs[i], opts) != 0)
            rc = -1;
    return rc;
}
