/* The json format (version 1): the whole run as one JSON document, documented in
 * docs/formats.md and described by docs/report.schema.json. Keys are camelCase and always
 * present (null when unknown), so consumers need no guessing. */
#include "report/report_internal.h"

#define JSON_FORMAT_VERSION 1

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
    uhp_jw_key(w, "instances");
    uhp_jw_arr(w);
    for (size_t i = 0; i < m->n_instances; i++)
        if (m->instances[i])
            uhp_jw_str(w, m->instances[i]);
    uhp_jw_end_arr(w);
    uhp_jw_end_obj(w);
}

/* Writes one finding object with every field of the record. */
static void json_finding(uhp_jw *w, const uhp_finding *f)
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
    char fp[17];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)uhp_rpt_fingerprint(f));
    uhp_jw_kstr(w, "fingerprint", fp);
    uhp_jw_end_obj(w);
}

/* Writes the json report of RUN to OUT; returns 0, or -1 when a write failed. Allocates
 * nothing. The quiet option does not apply: the document is always complete. */
int uhp_report_json(FILE *out, const uhp_run *run, const uhp_report_opts *opts)
{
    uhp_jw w;
    uhp_jw_init(&w, out);
    uhp_counts c = uhp_run_counts(run);
    uhp_jw_obj(&w);
    uhp_jw_kstr(&w, "format", "ums-ha-preflight-report");
    uhp_jw_kuint(&w, "version", JSON_FORMAT_VERSION);
    uhp_jw_key(&w, "tool");
    uhp_jw_obj(&w);
    uhp_jw_kstr(&w, "name", UHP_TOOL_NAME);
    uhp_jw_kstr(&w, "version", run->meta.tool_version);
    uhp_jw_end_obj(&w);
    json_meta(&w, &run->meta);
    uhp_jw_kstr(&w, "failOn", uhp_severity_name(opts->fail_on == UHP_SEV_OFF ? UHP_SEV_ERROR
                                                                               : opts->fail_on));
    uhp_jw_kbool(&w, "inputError", run->input_error);
    size_t failing = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        failing += uhp_rpt_is_failure(&run->findings[i], opts->fail_on);
    uhp_jw_kuint(&w, "failingFindings", failing);

    uhp_jw_key(&w, "counts");
    uhp_jw_obj(&w);
    uhp_jw_kuint(&w, "passed", c.passed);
    uhp_jw_kuint(&w, "failed", c.failed);
    uhp_jw_kuint(&w, "warnings", c.warnings);
    uhp_jw_kuint(&w, "notApplicable", c.not_applicable);
    uhp_jw_kuint(&w, "suppressed", c.suppressed);
    uhp_jw_kuint(&w, "errors", c.errors);
    uhp_jw_kuint(&w, "infos", c.infos);
    uhp_jw_end_obj(&w);

    uhp_jw_key(&w, "checklist");
    uhp_jw_arr(&w);
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        uhp_jw_obj(&w);
        uhp_jw_kstr(&w, "ruleId", r->rule_id);
        uhp_jw_kstr(&w, "ruleName", r->rule_name);
        uhp_jw_kstr(&w, "instance", r->instance);
        uhp_jw_kstr(&w, "status", uhp_status_name(r->status));
        uhp_jw_kstr(&w, "note", r->note);
        uhp_jw_end_obj(&w);
    }
    uhp_jw_end_arr(&w);

    uhp_jw_key(&w, "findings");
    uhp_jw_arr(&w);
    for (size_t i = 0; i < run->n_findings; i++)
        json_finding(&w, &run->findings[i]);
    uhp_jw_end_arr(&w);
    uhp_jw_end_obj(&w);
    return uhp_rpt_finish(out);
}
