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
} junit_case;

/* Decides the outcome of result R at FAIL_ON from its status and its findings. */
static junit_case junit_decide(const uhp_run *run, const uhp_result *r, uhp_severity fail_on)
{
    junit_case c = {JUNIT_PASS, UHP_SEV_OFF, NULL, NULL, NULL, 0};
    bool failing = false;
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
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
    return c;
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
    for (size_t i = 0; i < m->n_instances; i++)
        if (m->instances[i])
            junit_property(out, "instance", m->instances[i]);
    junit_property(out, "fail-on",
                   uhp_severity_name(opts->fail_on == UHP_SEV_OFF ? UHP_SEV_ERROR : opts->fail_on));
    fputs("    </properties>\n", out);
}

/* Writes one testcase for result R with its decided outcome C; SET (or NULL) is the label
 * of the set in a report of named sets. */
static void junit_testcase(FILE *out, const uhp_run *run, const uhp_result *r, const junit_case *c,
                           uhp_severity fail_on, const char *set)
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
        for (size_t i = 0; i < run->n_findings; i++) {
            const uhp_finding *f = &run->findings[i];
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

/* True when results A and B are the same cell (rule and instance). */
static bool junit_same_cell(const uhp_result *a, const uhp_result *b)
{
    if (!a->rule_id || !b->rule_id || strcmp(a->rule_id, b->rule_id) != 0)
        return false;
    if (!a->instance || !b->instance)
        return a->instance == b->instance;
    return strcmp(a->instance, b->instance) == 0;
}

/* Writes the <testsuite> of RUN, number ID; SET is its label in a report of named sets,
 * else NULL. Returns 0, or -1 when memory ran out (the outcome table is a temporary
 * uhp_malloc array). */
static int junit_suite(FILE *out, const uhp_run *run, size_t id, const char *set,
                       const uhp_report_opts *opts)
{
    junit_case *cases = NULL;
    if (run->n_results > 0) {
        cases = uhp_calloc(run->n_results, sizeof *cases);
        if (!cases)
            return -1;
    }
    size_t failures = 0, skipped = 0;
    for (size_t i = 0; i < run->n_results; i++) {
        cases[i] = junit_decide(run, &run->results[i], opts->fail_on);
        for (size_t j = 0; j < i; j++)
            cases[i].dup += junit_same_cell(&run->results[j], &run->results[i]);
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
        junit_testcase(out, run, &run->results[i], &cases[i], opts->fail_on, set);
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
    return 0;
}

/* Writes the JUnit report of RUNS to OUT: one <testsuites> with a <testsuite> per run.
 * Returns 0, or -1 when a write failed or memory ran out. Quiet does not apply. */
int uhp_report_junit_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts)
{
    bool named = uhp_rpt_named_sets(runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    int rc = 0;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
    for (size_t r = 0; r < n_runs; r++) {
        const char *set = named ? uhp_rpt_set_label(runs, n_runs, r, label) : NULL;
        if (junit_suite(out, runs[r], r, set, opts) != 0)
            rc = -1;
    }
    fputs("</testsuites>\n", out);
    int frc = uhp_rpt_finish(out);
    return rc != 0 ? rc : frc;
}
