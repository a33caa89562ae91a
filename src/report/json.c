/* The json format: the whole run as one JSON document, documented in docs/formats.md and
 * described by docs/report.schema.json. Keys are camelCase and always present (null when
 * unknown), so consumers need no guessing. Version 1 is an ordinary single-set run; version
 * 2 is a run of named sets (--set, --manifest): the per-set keys of version 1 move into a
 * "sets" array, and the top level keeps the totals. */
#include "report/report_internal.h"
#include "report/writers.h"
#include "uhp/alloc.h"

#define JSON_FORMAT_VERSION 1
#define JSON_FORMAT_VERSION_SETS 2

/* Writes an array of strings under KEY. */
static void json_str_array(uhp_jw *w, const char *key, const char **items, size_t n)
{
    uhp_jw_key(w, key);
    uhp_jw_arr(w);
    for (size_t i = 0; i < n; i++)
        uhp_jw_str(w, items[i]);
    uhp_jw_end_arr(w);
}

/* Writes a 1-based position under KEY, or null when it is 0 (unknown). */
static void json_pos(uhp_jw *w, const char *key, uint32_t v)
{
    uhp_jw_key(w, key);
    if (v > 0)
        uhp_jw_uint(w, v);
    else
        uhp_jw_null(w);
}

/* Writes the metadata object. */
static void json_meta(uhp_jw *w, const uhp_run_meta *m)
{
    uhp_jw_key(w, "inputs");
    uhp_jw_obj(w);
    json_str_array(w, "layers", m->layers, m->n_layers);
    uhp_jw_kstr(w, "defaults", m->defaults);
    uhp_jw_kbool(w, "builtinDefaults", m->defaults == NULL);
    json_str_array(w, "tcpipProfiles", m->profiles, m->n_profiles);
    uhp_jw_kstr(w, "dvipa", m->dvipa);
    uhp_jw_kstr(w, "dvipaOrigin", m->dvipa ? m->dvipa_origin : NULL);
    uhp_jw_kbool(w, "hasHaInstances", m->has_ha_instances);
    if (m->policy)
        uhp_rpt_policy_json(w, m);
    uhp_jw_key(w, "instances");
    uhp_jw_arr(w);
    for (size_t i = 0; i < m->n_instances; i++)
        if (m->instances[i])
            uhp_jw_str(w, m->instances[i]);
    uhp_jw_end_arr(w);
    uhp_jw_end_obj(w);
}

/* Writes one finding object with every field of the record and its fingerprint FP. */
static void json_finding(uhp_jw *w, const uhp_finding *f, uint64_t fp)
{
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "ruleId", f->rule_id);
    uhp_jw_kstr(w, "ruleName", f->rule_name);
    uhp_jw_kstr(w, "severity", uhp_severity_name(f->severity));
    uhp_jw_kbool(w, "unverified", f->unverified);
    uhp_jw_kstr(w, "instances", f->instances);
    uhp_jw_kstr(w, "message", f->message);
    uhp_jw_kstr(w, "file", f->file);
    uhp_jw_kbool(w, "builtinDefault", f->builtin_default);
    json_pos(w, "line", f->line);
    json_pos(w, "column", f->col);
    json_pos(w, "endLine", f->end_line);
    json_pos(w, "endColumn", f->end_col);
    uhp_jw_kstr(w, "keyPath", f->key_path);
    uhp_jw_kstr(w, "fix", f->fix);
    uhp_jw_kstr(w, "sourceLine", f->source_line);
    uhp_jw_kbool(w, "suppressed", f->suppressed);
    uhp_jw_kstr(w, "suppressReason", f->suppressed ? f->suppress_reason : NULL);
    char hex[17];
    uhp_rpt_fingerprint_hex(fp, hex);
    uhp_jw_kstr(w, "fingerprint", hex);
    uhp_jw_end_obj(w);
}

/* Writes "counts": {...} from C. */
static void json_counts(uhp_jw *w, const uhp_counts *c)
{
    uhp_jw_key(w, "counts");
    uhp_jw_obj(w);
    uhp_jw_kuint(w, "passed", c->passed);
    uhp_jw_kuint(w, "failed", c->failed);
    uhp_jw_kuint(w, "warnings", c->warnings);
    uhp_jw_kuint(w, "notApplicable", c->not_applicable);
    uhp_jw_kuint(w, "suppressed", c->suppressed);
    uhp_jw_kuint(w, "errors", c->errors);
    uhp_jw_kuint(w, "infos", c->infos);
    uhp_jw_end_obj(w);
}

/* Writes the "checklist" and "findings" arrays of RUN; SET enters the fingerprints.
 * Returns false when memory ran out (the fingerprint table). */
static bool json_cells_and_findings(uhp_jw *w, const uhp_run *run, const char *set)
{
    bool oom;
    uint64_t *fps = uhp_rpt_fingerprints(run, set, &oom);
    if (oom)
        return false;
    uhp_jw_key(w, "checklist");
    uhp_jw_arr(w);
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        uhp_jw_obj(w);
        uhp_jw_kstr(w, "ruleId", r->rule_id);
        uhp_jw_kstr(w, "ruleName", r->rule_name);
        uhp_jw_kstr(w, "instance", r->instance);
        uhp_jw_kstr(w, "status", uhp_status_name(r->status));
        uhp_jw_kstr(w, "note", r->note);
        uhp_jw_end_obj(w);
    }
    uhp_jw_end_arr(w);

    uhp_jw_key(w, "findings");
    uhp_jw_arr(w);
    for (size_t i = 0; i < run->n_findings; i++)
        json_finding(w, &run->findings[i], fps[i]);
    uhp_jw_end_arr(w);
    uhp_free(fps);
    return true;
}

/* Writes the keys every document starts with: format, VERSION and tool. */
static void json_preamble(uhp_jw *w, unsigned version, const uhp_run *run)
{
    uhp_jw_kstr(w, "format", "ums-ha-preflight-report");
    uhp_jw_kuint(w, "version", version);
    uhp_jw_key(w, "tool");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "name", UHP_TOOL_NAME);
    uhp_jw_kstr(w, "version", run->meta.tool_version);
    uhp_jw_end_obj(w);
}

/* Returns the --fail-on threshold as the report names it. */
static const char *json_fail_on(const uhp_report_opts *opts)
{
    return uhp_severity_name(opts->fail_on == UHP_SEV_OFF ? UHP_SEV_ERROR : opts->fail_on);
}

/* Writes the version 2 document: totals at the top, one object per set in "sets". Returns
 * false when memory ran out (a fingerprint table; the set labels table is temporary too,
 * and without memory for it the labels are counted on demand). */
static bool json_sets(uhp_jw *w, const uhp_run *const *runs, size_t n_runs,
                      const uhp_report_opts *opts)
{
    json_preamble(w, JSON_FORMAT_VERSION_SETS, runs[0]);
    uhp_jw_kstr(w, "failOn", json_fail_on(opts));
    int worst = 0;
    bool input_error = false;
    size_t failing = 0;
    for (size_t r = 0; r < n_runs; r++) {
        int st = uhp_rpt_set_exit(runs[r], opts->fail_on);
        worst = st > worst ? st : worst;
        input_error = input_error || runs[r]->input_error;
        failing += uhp_rpt_failing(runs[r], opts->fail_on);
    }
    uhp_jw_kuint(w, "exitStatus", (unsigned)worst);
    uhp_jw_kbool(w, "inputError", input_error);
    uhp_jw_kuint(w, "failingFindings", failing);
    uhp_counts total = uhp_rpt_total_counts(runs, n_runs);
    json_counts(w, &total);
    uhp_jw_key(w, "sets");
    uhp_jw_arr(w);
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    bool ok = true;
    for (size_t r = 0; r < n_runs; r++) {
        const uhp_run *run = runs[r];
        uhp_rpt_label(&labels, r, label);
        uhp_jw_obj(w);
        uhp_jw_kstr(w, "name", label);
        uhp_jw_kuint(w, "exitStatus", (unsigned)uhp_rpt_set_exit(run, opts->fail_on));
        json_meta(w, &run->meta);
        uhp_jw_kbool(w, "inputError", run->input_error);
        uhp_jw_kuint(w, "failingFindings", uhp_rpt_failing(run, opts->fail_on));
        uhp_counts c = uhp_run_counts(run);
        json_counts(w, &c);
        ok = json_cells_and_findings(w, run, label) && ok;
        uhp_jw_end_obj(w);
    }
    uhp_jw_end_arr(w);
    uhp_rpt_labels_free(&labels);
    return ok;
}

/* Writes the json report of RUNS to OUT: version 1 for an ordinary single-set run, version
 * 2 for named sets. Returns 0, or -1 when a write failed or memory ran out (a temporary
 * fingerprint table per set). The quiet option does not apply: the document is complete. */
int uhp_report_json_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts)
{
    uhp_jw w;
    uhp_jw_init(&w, out);
    uhp_jw_obj(&w);
    bool ok = true;
    if (uhp_rpt_named_sets(runs, n_runs)) {
        ok = json_sets(&w, runs, n_runs, opts);
    } else {
        const uhp_run *run = runs[0];
        json_preamble(&w, JSON_FORMAT_VERSION, run);
        json_meta(&w, &run->meta);
        uhp_jw_kstr(&w, "failOn", json_fail_on(opts));
        uhp_jw_kbool(&w, "inputError", run->input_error);
        uhp_jw_kuint(&w, "failingFindings", uhp_rpt_failing(run, opts->fail_on));
        uhp_counts c = uhp_run_counts(run);
        json_counts(&w, &c);
        ok = json_cells_and_findings(&w, run, NULL);
    }
    uhp_jw_end_obj(&w);
    int rc = uhp_rpt_finish(out);
    return ok ? rc : -1;
}
