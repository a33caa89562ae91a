/* The junit format: one testcase per checklist cell (rule and instance), passes included,
 * for GitLab and Jenkins. A cell fails when it holds a finding at or above --fail-on; N/A
 * and fully suppressed cells are <skipped>. Valid against the Ant/Jenkins JUnit schema,
 * except for the `file` attribute GitLab reads on a testcase (a documented deviation).
 * Several named sets (--set, --manifest): one <testsuite> per set, its testcases named and
 * classed with the set's label so that names stay unique across the whole document. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report_internal.h"
#include "report/writers.h"
#include "uhp/alloc.h"

typedef enum junit_outcome {
    JUNIT_PASS = 0,
    JUNIT_FAILURE,
    JUNIT_SKIPPED,
} junit_outcome;

typedef struct junit_case {
    junit_outcome outcome;
    uhp_severity worst;           /* highest severity of its failing findings */
    const uhp_finding *first;     /* first unsuppressed finding of the cell */
    const uhp_finding *first_sup; /* first suppressed finding of the cell */
    const char *file;             /* file of the first finding that has one */
    unsigned dup;                 /* 0, or the 2nd, 3rd.. cell with the same rule and instance */
    size_t from, to;              /* the findings of its rule: [from, to) of the rule index */
} junit_case;

/* Returns a new array (uhp_free it) of the findings of RUN that have a rule id, sorted by
 * rule id then position, with its length in *N; NULL with *N 0 when RUN has no findings, or
 * NULL with *OOM true when memory ran out. */
static uhp_rpt_keyed *junit_rule_index(const uhp_run *run, size_t *n, bool *oom)
{
    *n = 0;
    *oom = false;
    if (run->n_findings == 0)
        return NULL;
    uhp_rpt_keyed *refs = uhp_malloc(run->n_findings * sizeof *refs);
    if (!refs) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < run->n_findings; i++)
        if (run->findings[i].rule_id)
            refs[(*n)++] = (uhp_rpt_keyed){run->findings[i].rule_id, i};
    qsort(refs, *n, sizeof *refs, uhp_rpt_keyed_cmp);
    return refs;
}

/* Sets C->from and C->to to the range of REFS (N of them) holding rule ID (NULL: none). */
static void junit_rule_range(const uhp_rpt_keyed *refs, size_t n, const char *id, junit_case *c)
{
    c->from = c->to = 0;
    if (!id)
        return;
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (strcmp(refs[mid].key, id) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    size_t end = a;
    while (end < n && strcmp(refs[end].key, id) == 0)
        end++;
    c->from = a;
    c->to = end;
}

/* Decides the outcome of result R at FAIL_ON from its status and its findings, which are
 * among those REFS (N of them) lists for its rule, into *OUT (whose dup is kept). */
static void junit_decide(const uhp_run *run, const uhp_rpt_keyed *refs, size_t n,
                         const uhp_result *r, uhp_severity fail_on, junit_case *out)
{
    junit_case c = {JUNIT_PASS, UHP_SEV_OFF, NULL, NULL, NULL, out->dup, 0, 0};
    junit_rule_range(refs, n, r->rule_id, &c);
    bool failing = false;
    for (size_t k = c.from; k < c.to; k++) {
        const uhp_finding *f = &run->findings[refs[k].index];
        if (f->severity == UHP_SEV_OFF || !uhp_rpt_finding_matches(f, r))
            continue;
        if (f->suppressed) {
            if (!c.first_sup)
                c.first_sup = f;
            continue;
        }
        if (!c.first)
            c.first = f;
        if (!c.file && f->file)
            c.file = f->file;
        if (uhp_rpt_is_failure(f, fail_on)) {
            failing = true;
            if (f->severity > c.worst)
                c.worst = f->severity;
        }
    }
    if (r->status == UHP_STATUS_NA) {
        c.outcome = JUNIT_SKIPPED;
    } else if (!c.first && c.first_sup) {
        c.outcome = JUNIT_SKIPPED;
    } else if (!c.first && r->status == UHP_STATUS_FAIL) {
        c.outcome = JUNIT_FAILURE; /* a failed cell without a finding: trust the status */
        c.worst = UHP_SEV_ERROR;
    } else if (!c.first && r->status == UHP_STATUS_WARN) {
        bool fails = fail_on != UHP_SEV_OFF && fail_on <= UHP_SEV_WARNING;
        c.outcome = fails ? JUNIT_FAILURE : JUNIT_PASS;
        c.worst = UHP_SEV_WARNING;
    } else if (failing) {
        c.outcome = JUNIT_FAILURE;
    }
    *out = c;
}

/* Writes the testcase name of R: "UHA105 ums-auth-mfa-jwt [lpar1]", unique with DUP and
 * prefixed with "SET: " when SET is not NULL. */
static void junit_name(FILE *out, const uhp_run *run, const uhp_result *r, unsigned dup,
                       const char *set)
{
    if (set) {
        uhp_xml_attr(out, set);
        fputs(": ", out);
    }
    uhp_xml_attr(out, r->rule_id);
    if (r->rule_name) {
        fputc(' ', out);
        uhp_xml_attr(out, r->rule_name);
    }
    if (r->instance) {
        fputs(" [", out);
        uhp_xml_attr(out, r->instance);
        fputc(']', out);
    } else if (run->meta.has_ha_instances) {
        fputs(" [all]", out);
    }
    if (dup > 0)
        fprintf(out, " #%u", dup + 1);
}

/* Writes finding F as one line of element content: "file:line:col: severity: message". */
static void junit_finding_line(FILE *out, const uhp_finding *f)
{
    if (f->file) {
        uhp_xml_text(out, f->file);
        if (f->line > 0)
            fprintf(out, ":%u", (unsigned)f->line);
        if (f->line > 0 && f->col > 0)
            fprintf(out, ":%u", (unsigned)f->col);
    } else {
        fputs(f->builtin_default ? "built-in default" : "&lt;no file&gt;", out);
    }
    fprintf(out, ": %s: ", uhp_severity_name(f->severity));
    uhp_xml_text(out, f->message);
    if (f->instances) {
        fputs(" (instances: ", out);
        uhp_xml_text(out, f->instances);
        fputc(')', out);
    }
    fputs(" [", out);
    uhp_xml_text(out, f->rule_id);
    fputs("]\n", out);
}

/* Writes a <property name=NAME value=VALUE/>. */
static void junit_property(FILE *out, const char *name, const char *value)
{
    fprintf(out, "      <property name=\"%s\" value=\"", name);
    uhp_xml_attr(out, value ? value : "");
    fputs("\"/>\n", out);
}

/* Writes the timestamp: SOURCE_DATE_EPOCH when set (reproducible reports), else now. */
static void junit_timestamp(FILE *out)
{
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0)
            now = (time_t)v;
    }
    struct tm tm;
    char buf[32] = "1970-01-01T00:00:00";
    if (gmtime_r(&now, &tm))
        strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    fputs(buf, out);
}

/* Writes the suite's properties (what the run checked; SET first when not NULL). */
static void junit_properties(FILE *out, const uhp_run *run, const uhp_report_opts *opts,
                             const char *set)
{
    const uhp_run_meta *m = &run->meta;
    fputs("    <properties>\n", out);
    if (set)
        junit_property(out, "set", set);
    junit_property(out, "tool.version", m->tool_version);
    for (size_t i = 0; i < m->n_layers; i++)
        junit_property(out, "config.layer", m->layers[i]);
    junit_property(out, "config.defaults", m->defaults ? m->defaults : "built-in");
    for (size_t i = 0; i < m->n_profiles; i++)
        junit_property(out, "tcpip.profile", m->profiles[i]);
    junit_property(out, "dvipa", m->dvipa ? m->dvipa : "not declared");
    if (m->policy) {
        char text[1024];
        junit_property(out, "policy", uhp_rpt_policy_text(m, text, sizeof text));
    }
    for (size_t i = 0; i < m->n_instances; i++)
        if (m->instances[i])
            junit_property(out, "instance", m->instances[i]);
    junit_property(out, "fail-on",
                   uhp_severity_name(opts->fail_on == UHP_SEV_OFF ? UHP_SEV_ERROR : opts->fail_on));
    fputs("    </properties>\n", out);
}

/* Writes one testcase for result R with its decided outcome C, whose findings are among
 * REFS[C->from..C->to); SET (or NULL) is the label of the set in a report of named sets. */
static void junit_testcase(FILE *out, const uhp_run *run, const uhp_rpt_keyed *refs,
                           const uhp_result *r, const junit_case *c, uhp_severity fail_on,
                           const char *set)
{
    fputs("    <testcase name=\"", out);
    junit_name(out, run, r, c->dup, set);
    fputs("\" classname=\"" UHP_TOOL_NAME ".", out);
    if (set) {
        uhp_xml_attr(out, set);
        fputc('.', out);
    }
    uhp_xml_attr(out, r->rule_name ? r->rule_name : r->rule_id);
    fputs("\" time=\"0\"", out);
    if (c->file) {
        fputs(" file=\"", out);
        uhp_xml_attr(out, c->file);
        fputc('"', out);
    }
    if (c->outcome == JUNIT_PASS) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (c->outcome == JUNIT_SKIPPED) {
        fputs("      <skipped message=\"", out);
        if (r->status == UHP_STATUS_NA) {
            fputs("not applicable: ", out);
            uhp_xml_attr(out, r->note ? r->note : "the rule does not apply");
        } else {
            fputs("suppressed: ", out);
            uhp_xml_attr(out, c->first_sup && c->first_sup->suppress_reason
                                  ? c->first_sup->suppress_reason
                                  : "no reason given");
        }
        fputs("\"/>\n", out);
    } else {
        fputs("      <failure message=\"", out);
        if (c->first)
            uhp_xml_attr(out, c->first->message);
        else
            uhp_xml_attr(out, r->note ? r->note : uhp_status_name(r->status));
        fprintf(out, "\" type=\"%s\">", uhp_severity_name(c->worst));
        for (size_t k = c->from; k < c->to; k++) {
            const uhp_finding *f = &run->findings[refs[k].index];
            if (f->suppressed || f->severity == UHP_SEV_OFF || !uhp_rpt_finding_matches(f, r))
                continue;
            junit_finding_line(out, f);
            if (f->fix && uhp_rpt_is_failure(f, fail_on)) {
                fputs("  fix: ", out);
                uhp_xml_text(out, f->fix);
                fputc('\n', out);
            }
        }
        if (!c->first && r->note) {
            uhp_xml_text(out, r->note);
            fputc('\n', out);
        }
        fputs("</failure>\n", out);
    }
    fputs("    </testcase>\n", out);
}

/* Numbers the repeated cells of RUN in CASES (zeroed): the 2nd, 3rd.. result with the same
 * rule and instance gets dup 1, 2... Returns false when memory ran out (the sorted cell index
 * is a temporary uhp_malloc array). */
static bool junit_number_dups(const uhp_run *run, junit_case *cases)
{
    size_t n;
    bool oom;
    uhp_rpt_cell *cells = uhp_rpt_cells(run, &n, &oom);
    if (oom)
        return false;
    for (size_t i = 1; i < n; i++)
        if (strcmp(cells[i].rule_id, cells[i - 1].rule_id) == 0 &&
            (cells[i].instance && cells[i - 1].instance
                 ? strcmp(cells[i].instance, cells[i - 1].instance) == 0
                 : cells[i].instance == cells[i - 1].instance))
            cases[cells[i].index].dup = cases[cells[i - 1].index].dup + 1;
    uhp_free(cells);
    return true;
}

/* Writes the <testsuite> of RUN, number ID; SET is its label in a report of named sets,
 * else NULL. Returns 0, or -1 when memory ran out (the outcome table and the indexes of
 * cells and findings by rule are temporary uhp_malloc arrays, so the suite costs
 * O((results + findings) log) plus each cell's findings of its rule). */
static int junit_suite(FILE *out, const uhp_run *run, size_t id, const char *set,
                       const uhp_report_opts *opts)
{
    junit_case *cases = NULL;
    uhp_rpt_keyed *refs = NULL;
    size_t n_refs = 0;
    if (run->n_results > 0) {
        bool oom = false;
        cases = uhp_calloc(run->n_results, sizeof *cases);
        if (cases)
            refs = junit_rule_index(run, &n_refs, &oom);
        if (!cases || oom || !junit_number_dups(run, cases)) {
            uhp_free(cases);
            uhp_free(refs);
            return -1;
        }
    }
    size_t failures = 0, skipped = 0;
    for (size_t i = 0; i < run->n_results; i++) {
        junit_decide(run, refs, n_refs, &run->results[i], opts->fail_on, &cases[i]);
        failures += cases[i].outcome == JUNIT_FAILURE;
        skipped += cases[i].outcome == JUNIT_SKIPPED;
    }

    fputs("  <testsuite name=\"" UHP_TOOL_NAME, out);
    if (set) {
        fputs(": ", out);
        uhp_xml_attr(out, set);
    }
    fprintf(out,
            "\" package=\"" UHP_TOOL_NAME "\" id=\"%zu\" "
            "hostname=\"localhost\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
            "time=\"0\" timestamp=\"",
            id, run->n_results, failures, skipped);
    junit_timestamp(out);
    fputs("\">\n", out);
    junit_properties(out, run, opts, set);
    for (size_t i = 0; i < run->n_results; i++)
        junit_testcase(out, run, refs, &run->results[i], &cases[i], opts->fail_on, set);
    fputs("    <system-out>", out);
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (!f->suppressed && f->severity != UHP_SEV_OFF)
            junit_finding_line(out, f);
    }
    uhp_counts counts = uhp_run_counts(run);
    fprintf(out, "%zu passed, %zu failed, %zu warnings\n", counts.passed, counts.failed,
            counts.warnings);
    fputs("</system-out>\n    <system-err/>\n  </testsuite>\n", out);
    uhp_free(cases);
    uhp_free(refs);
    return 0;
}

/* Writes the JUnit report of RUNS to OUT: one <testsuites> with a <testsuite> per run.
 * Returns 0, or -1 when a write failed or memory ran out. The set labels are a temporary
 * table (without memory for it they are counted on demand). Quiet does not apply. */
int uhp_report_junit_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts)
{
    bool named = uhp_rpt_named_sets(runs, n_runs);
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    int rc = 0;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
    for (size_t r = 0; r < n_runs; r++) {
        const char *set = named ? uhp_rpt_label(&labels, r, label) : NULL;
        if (junit_suite(out, runs[r], r, set, opts) != 0)
            rc = -1;
    }
    uhp_rpt_labels_free(&labels);
    fputs("</testsuites>\n", out);
    int frc = uhp_rpt_finish(out);
    return rc != 0 ? rc : frc;
}
