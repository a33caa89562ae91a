/* The table of report formats, looked up by name for --format, and the entry points main.c
 * calls: one report over several config sets (each writer takes the whole run list and
 * writes ONE document: text sections, prefixed lines, a json "sets" array, one SARIF run,
 * one JUnit testsuite per set; docs/formats.md, docs/multi-set.md), and the single-run
 * shorthands. */
#include <string.h>

#include "report/writers.h"

static const uhp_report_format report_formats[] = {
    {"text", uhp_report_text_sets},         {"compact", uhp_report_compact_sets},
    {"json", uhp_report_json_sets},         {"sarif", uhp_report_sarif_sets},
    {"junit", uhp_report_junit_sets},       {"github", uhp_report_github_sets},
    {"markdown", uhp_report_markdown_sets}, {"diff", uhp_report_diff_sets},
};

/* Returns the format named NAME (exact, lower case), or NULL for an unknown or NULL name. */
const uhp_report_format *uhp_report_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof report_formats / sizeof report_formats[0]; i++) {
        if (strcmp(report_formats[i].name, name) == 0)
            return &report_formats[i];
    }
    return NULL;
}

/* Returns the format names for --help, a static string. */
const char *uhp_report_names(void)
{
    return "text, compact, json, sarif, junit, github, markdown, diff";
}

/* Writes one report of FMT over RUNS; returns the writer's status, or -1 for no runs. */
int uhp_report_write(const uhp_report_format *fmt, FILE *out, const uhp_run *const *runs,
                     size_t n_runs, const uhp_report_opts *opts)
{
    if (!fmt || !out || !runs || n_runs == 0 || !opts)
        return -1;
    for (size_t i = 0; i < n_runs; i++)
        if (!runs[i])
            return -1;
    return fmt->write(out, runs, n_runs, opts);
}

/* Single-run shorthands (include/uhp/report.h): one unnamed or named run. */
int uhp_report_text(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    return uhp_report_text_sets(out, &run, 1, opts);
}

int uhp_report_compact(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    return uhp_report_compact_sets(out, &run, 1, opts);
}

int uhp_report_json(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    return uhp_report_json_sets(out, &run, 1, opts);
}

int uhp_report_sarif(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    return uhp_report_sarif_sets(out, &run, 1, opts);
}

int uhp_report_junit(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    return uhp_report_junit_sets(out, &run, 1, opts);
}

int uhp_report_github(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    return uhp_report_github_sets(out, &run, 1, opts);
}
