/* Report writers. Each takes the finished run (findings, checklist, metadata) and writes
 * one format to a stream; none sees the configuration. */
#ifndef UHP_REPORT_H
#define UHP_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "uhp/finding.h"

typedef struct uhp_report_opts {
    bool color; /* ANSI colour (text only) */
    bool quiet; /* failures only */
    uhp_severity fail_on;
} uhp_report_opts;

typedef struct uhp_report_format {
    const char *name; /* "text", "compact", "json", ... */
    /* Writes ONE report covering the N_RUNS config sets in RUNS (N_RUNS >= 1); returns 0,
     * or -1 when writing failed or memory ran out. One run whose meta.set_name is NULL is
     * an ordinary single-set report; otherwise each set is named (docs/multi-set.md). */
    int (*write)(FILE *out, const uhp_run *const *runs, size_t n_runs, const uhp_report_opts *opts);
} uhp_report_format;

/* Writes one report of format FMT covering the N_RUNS config sets in RUNS. Returns 0, or -1
 * when writing failed, memory ran out, or N_RUNS is 0. Allocates nothing that outlives it. */
int uhp_report_write(const uhp_report_format *fmt, FILE *out, const uhp_run *const *runs,
                     size_t n_runs, const uhp_report_opts *opts);

/* Returns the format named NAME, or NULL. */
const uhp_report_format *uhp_report_find(const char *name);
/* Lists the format names, for --help ("text, compact, json"). */
const char *uhp_report_names(void);

/* Single-run shorthands: the same as uhp_report_write with one run. */
int uhp_report_text(FILE *out, const uhp_run *run, const uhp_report_opts *opts);
int uhp_report_compact(FILE *out, const uhp_run *run, const uhp_report_opts *opts);
int uhp_report_json(FILE *out, const uhp_run *run, const uhp_report_opts *opts);
int uhp_report_sarif(FILE *out, const uhp_run *run, const uhp_report_opts *opts);
int uhp_report_junit(FILE *out, const uhp_run *run, const uhp_report_opts *opts);
int uhp_report_github(FILE *out, const uhp_run *run, const uhp_report_opts *opts);

/* Shared helpers for writers (src/report/escape.c). */
void uhp_json_string(FILE *out, const char *s); /* writes a quoted, escaped JSON string */

#endif
