/* The sarif format: SARIF 2.1.0 as GitHub code scanning accepts it. Every rule of the
 * registry is a reportingDescriptor with its doc page as help; every finding is a result
 * with a level, a physical location (GitHub rejects the whole file when one result has
 * none), a 1-based region and a partialFingerprint from rule + file + key path. Several
 * named sets (--set, --manifest) make ONE run holding every set's results (GitHub wants one
 * run per upload category): each result names its set in its message and properties, and
 * the set enters its fingerprint. */
#include <string.h>

#include "report/report_internal.h"
#include "report/writers.h"
#include "uhp/alloc.h"
#include "uhp/rule.h"

#define SARIF_SCHEMA                                                                               \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SARIF_FINGERPRINT_KEY "ruleFileKeyPathHash/v1"

/* A rule as the driver lists it: from the registry, or only an id seen in the run. */
typedef struct sarif_rule {
    const char *id;
    const char *name;
    const uhp_rule *rule; /* NULL when the id is not in the registry */
} sarif_rule;

/* The rules of the driver in order, with a hash table from id to position. */
typedef struct sarif_rules {
    sarif_rule *items;
    size_t n;
    size_t *slots; /* open addressing on the id's FNV-1a: 1 + position, 0 when empty */
    size_t mask;   /* number of slots - 1 (a power of two above twice the room) */
} sarif_rules;

static const char *sarif_level(uhp_severity sev)
{
    switch (sev) {
    case UHP_SEV_ERROR:
        return "error";
    case UHP_SEV_WARNING:
        return "warning";
    case UHP_SEV_INFO:
        return "note";
    default:
        return "none";
    }
}

/* Returns the slot of rule ID in RULES: the one holding it, or the empty one where it
 * belongs. */
static size_t sarif_rule_slot(const sarif_rules *rules, const char *id)
{
    size_t i = (size_t)uhp_fnv1a(UHP_FNV_OFFSET, id, strlen(id)) & rules->mask;
    while (rules->slots[i] != 0 && strcmp(rules->items[rules->slots[i] - 1].id, id) != 0)
        i = (i + 1) & rules->mask;
    return i;
}

/* Returns the index of rule ID in RULES, or -1. */
static long sarif_rule_index(const sarif_rules *rules, const char *id)
{
    size_t slot = rules->slots[sarif_rule_slot(rules, id)];
    return slot != 0 ? (long)(slot - 1) : -1;
}

/* Appends rule R to RULES unless its id is there already (RULES has room for it). */
static void sarif_rule_add(sarif_rules *rules, sarif_rule r)
{
    size_t i = sarif_rule_slot(rules, r.id);
    if (rules->slots[i] != 0)
        return;
    rules->items[rules->n++] = r;
    rules->slots[i] = rules->n;
}

static void sarif_collect_run_rules(const uhp_run *run, sarif_rules *rules);

/* Fills RULES with the registry, then any other rule id the runs mention. Returns false
 * when memory ran out (RULES then holds nothing to free); otherwise the caller releases it
 * with sarif_rules_free. */
static bool sarif_collect_rules(const uhp_run *const *runs, size_t n_runs, sarif_rules *rules)
{
    size_t n_reg;
    const uhp_rule *const *reg = uhp_rules(&n_reg);
    size_t cap = n_reg + 1;
    for (size_t r = 0; r < n_runs; r++)
        cap += runs[r]->n_findings + runs[r]->n_results;
    size_t n_slots = 16;
    while (n_slots < 2 * cap)
        n_slots *= 2;
    rules->n = 0;
    rules->mask = n_slots - 1;
    rules->items = uhp_calloc(cap, sizeof *rules->items);
    rules->slots = uhp_calloc(n_slots, sizeof *rules->slots);
    if (!rules->items || !rules->slots) {
        uhp_free(rules->items);
        uhp_free(rules->slots);
        return false;
    }
    for (size_t i = 0; i < n_reg; i++)
        sarif_rule_add(rules, (sarif_rule){reg[i]->id, reg[i]->name, reg[i]});
    for (size_t k = 0; k < n_runs; k++)
        sarif_collect_run_rules(runs[k], rules);
    return true;
}

/* Frees the tables of RULES. */
static void sarif_rules_free(sarif_rules *rules)
{
    uhp_free(rules->items);
    uhp_free(rules->slots);
}

/* Adds the rule ids RUN mentions that RULES does not hold yet (RULES has room for them). */
static void sarif_collect_run_rules(const uhp_run *run, sarif_rules *rules)
{
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (f->rule_id)
            sarif_rule_add(rules, (sarif_rule){f->rule_id, f->rule_name, NULL});
    }
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (r->rule_id)
            sarif_rule_add(rules, (sarif_rule){r->rule_id, r->rule_name, NULL});
    }
}

/* Writes the first paragraph of the markdown DOC that is not a heading, as JSON string
 * characters (its line breaks kept). Returns false when there is none. */
static bool sarif_first_paragraph(FILE *out, const char *doc)
{
    const char *p = doc;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        bool blank = strspn(p, " \t\r") >= len;
        if (!blank && p[0] != '#')
            break;
        p += len + (eol ? 1 : 0);
    }
    if (!*p)
        return false;
    const char *end = p;
    while (*end) {
        const char *eol = strchr(end, '\n');
        if (!eol) {
            end += strlen(end);
            break;
        }
        const char *next = eol + 1;
        if (*next == '\n' || *next == '\0' || *next == '#') {
            end = eol;
            break;
        }
        end = next;
    }
    /* Escaped in chunks through a stack buffer, cut between UTF-8 characters: nothing is
     * allocated, so running out of memory cannot change the description. */
    char chunk[1024];
    while (p < end) {
        size_t n = (size_t)(end - p);
        if (n > sizeof chunk - 1) {
            n = sizeof chunk - 1;
            while (n > 1 && ((unsigned char)p[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(chunk, p, n);
        chunk[n] = '\0';
        uhp_json_chars(out, chunk);
        p += n;
    }
    return true;
}

/* Writes the reportingDescriptor of R. */
static void sarif_rule_desc(uhp_jw *w, const sarif_rule *r)
{
    const char *title = r->rule && r->rule->title ? r->rule->title : (r->name ? r->name : r->id);
    const char *doc = r->rule ? uhp_rule_doc(r->rule) : NULL;
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "id", r->id);
    uhp_jw_kstr(w, "name", r->name ? r->name : r->id);
    uhp_jw_key(w, "shortDescription");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "text", title);
    uhp_jw_end_obj(w);
    uhp_jw_key(w, "fullDescription");
    uhp_jw_obj(w);
    uhp_jw_key(w, "text");
    uhp_jw_str_begin(w);
    if (!doc || !sarif_first_paragraph(w->out, doc))
        uhp_json_chars(w->out, title);
    uhp_jw_str_end(w);
    uhp_jw_end_obj(w);
    uhp_jw_key(w, "help");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "text", doc ? doc : title);
    uhp_jw_kstr(w, "markdown", doc ? doc : title);
    uhp_jw_end_obj(w);
    uhp_jw_key(w, "defaultConfiguration");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "level", sarif_level(r->rule ? r->rule->severity : UHP_SEV_ERROR));
    uhp_jw_end_obj(w);
    uhp_jw_key(w, "properties");
    uhp_jw_obj(w);
    uhp_jw_key(w, "tags");
    uhp_jw_arr(w);
    uhp_jw_str(w, "zowe");
    uhp_jw_str(w, "ums");
    uhp_jw_str(w, "high-availability");
    uhp_jw_end_arr(w);
    uhp_jw_kstr(w, "precision", "very-high");
    uhp_jw_end_obj(w);
    uhp_jw_end_obj(w);
}

/* Returns the file a finding without a file is anchored at: the highest-priority config
 * layer named by a plain path (GitHub needs a physical location on every result), else
 * the first layer's display name, else ".". */
static const char *sarif_anchor(const uhp_run *run)
{
    const uhp_run_meta *m = &run->meta;
    for (size_t i = 0; i < m->n_layers; i++)
        if (m->layers[i] && !strchr(m->layers[i], '(') && strcmp(m->layers[i], "-") != 0)
            return m->layers[i];
    if (m->n_layers > 0 && m->layers[0])
        return m->layers[0];
    return ".";
}

/* Writes the locations array of F. */
static void sarif_locations(uhp_jw *w, const uhp_run *run, const uhp_finding *f)
{
    bool anchored = f->file == NULL;
    uhp_jw_key(w, "locations");
    uhp_jw_arr(w);
    uhp_jw_obj(w);
    uhp_jw_key(w, "physicalLocation");
    uhp_jw_obj(w);
    uhp_jw_key(w, "artifactLocation");
    uhp_jw_obj(w);
    uhp_jw_key(w, "uri");
    uhp_jw_str_begin(w);
    uhp_uri_chars(w->out, anchored ? sarif_anchor(run) : f->file);
    uhp_jw_str_end(w);
    uhp_jw_end_obj(w);
    uhp_jw_key(w, "region");
    uhp_jw_obj(w);
    uint32_t line = !anchored && f->line > 0 ? f->line : 1;
    uhp_jw_kuint(w, "startLine", line);
    if (!anchored && f->line > 0 && f->col > 0) {
        uhp_jw_kuint(w, "startColumn", f->col);
        if (f->end_line >= f->line && f->end_col > 0 &&
            (f->end_line > f->line || f->end_col > f->col)) {
            uhp_jw_kuint(w, "endLine", f->end_line);
            uhp_jw_kuint(w, "endColumn", f->end_col);
        }
    }
    if (!anchored && f->line > 0 && f->source_line) {
        uhp_jw_key(w, "snippet");
        uhp_jw_obj(w);
        uhp_jw_kstr(w, "text", f->source_line);
        uhp_jw_end_obj(w);
    }
    uhp_jw_end_obj(w);
    uhp_jw_end_obj(w);
    if (f->key_path) {
        uhp_jw_key(w, "logicalLocations");
        uhp_jw_arr(w);
        uhp_jw_obj(w);
        uhp_jw_kstr(w, "fullyQualifiedName", f->key_path);
        uhp_jw_kstr(w, "kind", "member");
        uhp_jw_end_obj(w);
        uhp_jw_end_arr(w);
    }
    uhp_jw_end_obj(w);
    uhp_jw_end_arr(w);
}

/* Writes the result object of F, a finding of RUN with fingerprint FP; SET is the set's
 * label in a report of named sets, else NULL. */
static void sarif_result(uhp_jw *w, const uhp_run *run, const sarif_rules *rules,
                         const uhp_finding *f, const char *set, uint64_t fp)
{
    const char *id = f->rule_id ? f->rule_id : "";
    long index = sarif_rule_index(rules, id);
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "ruleId", id);
    if (index >= 0)
        uhp_jw_kuint(w, "ruleIndex", (unsigned long long)index);
    uhp_jw_kstr(w, "level", sarif_level(f->severity));
    uhp_jw_key(w, "message");
    uhp_jw_obj(w);
    uhp_jw_key(w, "text");
    uhp_jw_str_begin(w);
    if (set) {
        uhp_json_chars(w->out, "[set ");
        uhp_json_chars(w->out, set);
        uhp_json_chars(w->out, "] ");
    }
    uhp_json_chars(w->out, f->message ? f->message : "");
    if (f->instances) {
        uhp_json_chars(w->out, strchr(f->instances, ',') ? " (instances: " : " (instance: ");
        uhp_json_chars(w->out, f->instances);
        uhp_json_chars(w->out, ")");
    }
    if (!f->file) {
        uhp_json_chars(w->out, f->builtin_default ? " [the built-in Zowe default decides"
                                                  : " [no file location");
        if (f->key_path) {
            uhp_json_chars(w->out, "; set ");
            uhp_json_chars(w->out, f->key_path);
            uhp_json_chars(w->out, " in ");
            uhp_json_chars(w->out, sarif_anchor(run));
        }
        uhp_json_chars(w->out, "]");
    }
    if (f->fix) {
        uhp_json_chars(w->out, "\nFix: ");
        uhp_json_chars(w->out, f->fix);
    }
    uhp_jw_str_end(w);
    uhp_jw_end_obj(w);
    sarif_locations(w, run, f);
    char hex[17];
    uhp_rpt_fingerprint_hex(fp, hex);
    uhp_jw_key(w, "partialFingerprints");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, SARIF_FINGERPRINT_KEY, hex);
    uhp_jw_end_obj(w);
    if (f->suppressed) {
        uhp_jw_key(w, "suppressions");
        uhp_jw_arr(w);
        uhp_jw_obj(w);
        uhp_jw_kstr(w, "kind", "external");
        uhp_jw_kstr(w, "status", "accepted");
        uhp_jw_kstr(w, "justification", f->suppress_reason ? f->suppress_reason : "");
        uhp_jw_end_obj(w);
        uhp_jw_end_arr(w);
    }
    uhp_rpt_sarif_fixes(w, f);
    uhp_jw_key(w, "properties");
    uhp_jw_obj(w);
    if (set)
        uhp_jw_kstr(w, "set", set);
    uhp_jw_kstr(w, "ruleName", f->rule_name);
    uhp_jw_kstr(w, "instances", f->instances);
    uhp_jw_kstr(w, "keyPath", f->key_path);
    uhp_jw_kstr(w, "fix", f->fix);
    uhp_jw_kbool(w, "builtinDefault", f->builtin_default);
    uhp_jw_kbool(w, "unverified", f->unverified);
    uhp_jw_end_obj(w);
    uhp_jw_end_obj(w);
}

/* Writes the layers, DVIPA and checklist counts of RUN as members of the open object. */
static void sarif_run_summary(uhp_jw *w, const uhp_run *run)
{
    uhp_counts c = uhp_run_counts(run);
    uhp_jw_key(w, "layers");
    uhp_jw_arr(w);
    for (size_t i = 0; i < run->meta.n_layers; i++)
        uhp_jw_str(w, run->meta.layers[i]);
    uhp_jw_end_arr(w);
    uhp_jw_kstr(w, "dvipa", run->meta.dvipa);
    uhp_jw_kuint(w, "passed", c.passed);
    uhp_jw_kuint(w, "failed", c.failed);
    uhp_jw_kuint(w, "warnings", c.warnings);
    uhp_jw_kuint(w, "notApplicable", c.not_applicable);
}

/* Writes the run's properties: the summary of the one run of LABELS, or, for named sets,
 * the totals and a "sets" array with each set's name, exit status and summary. */
static void sarif_properties(uhp_jw *w, const uhp_rpt_labels *labels, const uhp_report_opts *opts,
                             bool named)
{
    const uhp_run *const *runs = labels->runs;
    size_t n_runs = labels->n_runs;
    uhp_jw_key(w, "properties");
    uhp_jw_obj(w);
    const uhp_run_meta *pm = uhp_rpt_policy_meta(runs, n_runs);
    if (pm)
        uhp_rpt_policy_json(w, pm);
    if (!named) {
        sarif_run_summary(w, runs[0]);
        uhp_jw_end_obj(w);
        return;
    }
    uhp_counts t = uhp_rpt_total_counts(runs, n_runs);
    uhp_jw_kuint(w, "passed", t.passed);
    uhp_jw_kuint(w, "failed", t.failed);
    uhp_jw_kuint(w, "warnings", t.warnings);
    uhp_jw_kuint(w, "notApplicable", t.not_applicable);
    uhp_jw_key(w, "sets");
    uhp_jw_arr(w);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        uhp_jw_obj(w);
        uhp_jw_kstr(w, "name", uhp_rpt_label(labels, r, label));
        uhp_jw_kuint(w, "exitStatus", (unsigned)uhp_rpt_set_exit(runs[r], opts->fail_on));
        sarif_run_summary(w, runs[r]);
        uhp_jw_end_obj(w);
    }
    uhp_jw_end_arr(w);
    uhp_jw_end_obj(w);
}

/* Writes the SARIF report of RUNS to OUT: one run, every set's results. Returns 0, or -1
 * when a write failed or memory ran out (the rule table and its hash are temporary
 * uhp_malloc arrays). The fingerprint tables and the set labels are temporary too (without
 * memory for the labels they are counted on demand, same text). Quiet does not apply. */
int uhp_report_sarif_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts)
{
    sarif_rules rules;
    if (!sarif_collect_rules(runs, n_runs, &rules))
        return -1;
    bool named = uhp_rpt_named_sets(runs, n_runs);
    bool oom = false, fp_failed = false;
    for (size_t r = 0; r < n_runs; r++)
        oom = oom || runs[r]->out_of_memory;
    const char *tool_version = runs[0]->meta.tool_version;
    uhp_jw w;
    uhp_jw_init(&w, out);
    uhp_jw_obj(&w);
    uhp_jw_kstr(&w, "$schema", SARIF_SCHEMA);
    uhp_jw_kstr(&w, "version", "2.1.0");
    uhp_jw_key(&w, "runs");
    uhp_jw_arr(&w);
    uhp_jw_obj(&w);

    uhp_jw_key(&w, "tool");
    uhp_jw_obj(&w);
    uhp_jw_key(&w, "driver");
    uhp_jw_obj(&w);
    uhp_jw_kstr(&w, "name", UHP_TOOL_NAME);
    uhp_jw_kstr(&w, "version", tool_version ? tool_version : "0");
    uhp_jw_kstr(&w, "informationUri", UHP_INFORMATION_URI);
    uhp_jw_key(&w, "rules");
    uhp_jw_arr(&w);
    for (size_t i = 0; i < rules.n; i++)
        sarif_rule_desc(&w, &rules.items[i]);
    uhp_jw_end_arr(&w);
    uhp_jw_end_obj(&w);
    uhp_jw_end_obj(&w);

    uhp_jw_key(&w, "invocations");
    uhp_jw_arr(&w);
    uhp_jw_obj(&w);
    uhp_jw_kbool(&w, "executionSuccessful", !oom);
    uhp_jw_end_obj(&w);
    uhp_jw_end_arr(&w);
    uhp_jw_kstr(&w, "columnKind", "unicodeCodePoints");

    uhp_jw_key(&w, "results");
    uhp_jw_arr(&w);
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        const uhp_run *run = runs[r];
        const char *set = named ? uhp_rpt_label(&labels, r, label) : NULL;
        bool fp_oom;
        uint64_t *fps = uhp_rpt_fingerprints(run, set, &fp_oom);
        fp_failed = fp_failed || fp_oom;
        for (size_t i = 0; fps && i < run->n_findings; i++)
            if (run->findings[i].severity != UHP_SEV_OFF)
                sarif_result(&w, run, &rules, &run->findings[i], set, fps[i]);
        uhp_free(fps);
    }
    uhp_jw_end_arr(&w);

    sarif_properties(&w, &labels, opts, named);
    uhp_rpt_labels_free(&labels);

    uhp_jw_end_obj(&w);
    uhp_jw_end_arr(&w);
    uhp_jw_end_obj(&w);
    sarif_rules_free(&rules);
    int rc = uhp_rpt_finish(out);
    return fp_failed ? -1 : rc;
}
