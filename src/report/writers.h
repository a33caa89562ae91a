/* The report writers (text.c, compact.c, json.c, sarif.c with sarif_fix.c, junit.c,
 * github.c, markdown.c, diff.c), as the format table in registry.c calls them. */
#ifndef UHP_REPORT_WRITERS_H
#define UHP_REPORT_WRITERS_H

#include <stddef.h>
#include <stdio.h>

#include "report/jw.h"
#include "uhp/finding.h"
#include "uhp/report.h"

/* The writers behind the format table: each writes ONE report for N_RUNS >= 1 runs. */
int uhp_report_text_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts);
int uhp_report_compact_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                            const uhp_report_opts *opts);
int uhp_report_json_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts);
int uhp_report_sarif_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts);
int uhp_report_junit_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts);
int uhp_report_github_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                           const uhp_report_opts *opts);
int uhp_report_markdown_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                             const uhp_report_opts *opts);
int uhp_report_diff_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts);

/* Writes the SARIF "fixes" member of F's result when F carries a mechanical fix
 * (sarif_fix.c); nothing otherwise. */
void uhp_rpt_sarif_fixes(uhp_jw *w, const uhp_finding *f);

#endif
