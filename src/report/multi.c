/* Several config sets in one report: the entry point main.c calls, and what every writer
 * needs to name the sets (labels, per-set status, totals). Each writer takes the whole run
 * list and writes ONE document: text sections, prefixed lines, a json "sets" array, one
 * SARIF run, one JUnit testsuite per set (docs/formats.md, docs/multi-set.md). */
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "uhp/alloc.h"

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

/* True for a --set or --manifest report; see report_internal.h. */
bool uhp_rpt_named_sets(const uhp_run *const *runs, size_t n_runs)
{
    return n_runs > 1 || (n_runs == 1 && runs[0]->meta.set_name != NULL);
}

/* Writes into BUF the label of set IDX named NAME (NULL: unnamed) that SAME earlier sets
 * share the name of. Returns BUF. */
static const char *report_label_format(const char *name, size_t idx, size_t same, char *buf)
{
    if (!name)
        snprintf(buf, UHP_SET_LABEL_MAX, "set %zu", idx + 1);
    else if (same == 0)
        snprintf(buf, UHP_SET_LABEL_MAX, "%.*s", UHP_SET_LABEL_MAX - 1, name);
    else
        snprintf(buf, UHP_SET_LABEL_MAX, "%.*s #%zu", UHP_SET_LABEL_MAX - 24, name, same + 1);
    return buf;
}

/* The unique label of set IDX, counting the earlier sets of the same name one by one; see
 * report_internal.h. */
const char *uhp_rpt_set_label(const uhp_run *const *runs, size_t n_runs, size_t idx, char *buf)
{
    const char *name = idx < n_runs ? runs[idx]->meta.set_name : NULL;
    size_t same = 0;
    for (size_t i = 0; name && i < idx; i++)
        if (runs[i]->meta.set_name && strcmp(runs[i]->meta.set_name, name) == 0)
            same++;
    return report_label_format(name, idx, same, buf);
}

/* Fills L for RUNS; see report_internal.h. Sorting the named sets by (name, position) gives
 * each set its count of earlier namesakes in O(n log n). The sort table is a temporary
 * uhp_malloc array; L->same is kept until uhp_rpt_labels_free. */
void uhp_rpt_labels_init(uhp_rpt_labels *l, const uhp_run *const *runs, size_t n_runs)
{
    l->runs = runs;
    l->n_runs = n_runs;
    l->same = NULL;
    if (n_runs < 2)
        return;
    size_t *same = uhp_calloc(n_runs, sizeof *same);
    uhp_rpt_keyed *named = uhp_malloc(n_runs * sizeof *named);
    if (!same || !named) {
        uhp_free(same);
        uhp_free(named);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < n_runs; i++)
        if (runs[i]->meta.set_name)
            named[n++] = (uhp_rpt_keyed){runs[i]->meta.set_name, i};
    qsort(named, n, sizeof *named, uhp_rpt_keyed_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(named[i].key, named[i - 1].key) == 0)
            same[named[i].index] = same[named[i - 1].index] + 1;
    uhp_free(named);
    l->same = same;
}

/* The label of set IDX from L; see report_internal.h. */
const char *uhp_rpt_label(const uhp_rpt_labels *l, size_t idx, char *buf)
{
    if (!l->same || idx >= l->n_runs)
        return uhp_rpt_set_label(l->runs, l->n_runs, idx, buf);
    return report_label_format(l->runs[idx]->meta.set_name, idx, l->same[idx], buf);
}

/* Frees what uhp_rpt_labels_init kept. */
void uhp_rpt_labels_free(uhp_rpt_labels *l)
{
    uhp_free(l->same);
    l->same = NULL;
}

/* The exit status a set deserves; see report_internal.h. */
int uhp_rpt_set_exit(const uhp_run *run, uhp_severity fail_on)
{
    if (run->input_error)
        return 2;
    return uhp_rpt_failing(run, fail_on) > 0 ? 1 : 0;
}

/* Adds up the counts of every run. */
uhp_counts uhp_rpt_total_counts(const uhp_run *const *runs, size_t n_runs)
{
    uhp_counts t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < n_runs; i++) {
        uhp_counts c = uhp_run_counts(runs[i]);
        t.passed += c.passed;
        t.failed += c.failed;
        t.warnings += c.warnings;
        t.not_applicable += c.not_applicable;
        t.suppressed += c.suppressed;
        t.errors += c.errors;
        t.infos += c.infos;
        t.warning_findings += c.warning_findings;
    }
    return t;
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
