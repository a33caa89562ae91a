/* Helpers shared by the report writers: matching findings to checklist cells, the compact
 * one-line form, fingerprints, the labels of several sets in one report, and the policy
 * as every format shows it. */
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "uhp/alloc.h"

/* True when INST is one of the comma-separated names of LIST (NULL LIST: all of them). */
bool uhp_rpt_instance_in(const char *list, const char *inst)
{
    return uhp_instances_has(list, inst);
}

/* True when finding F belongs to checklist cell R. */
bool uhp_rpt_finding_matches(const uhp_finding *f, const uhp_result *r)
{
    if (!f->rule_id || !r->rule_id || strcmp(f->rule_id, r->rule_id) != 0)
        return false;
    return uhp_rpt_instance_in(f->instances, r->instance);
}

/* True when F counts as a failure at the FAIL_ON threshold. */
bool uhp_rpt_is_failure(const uhp_finding *f, uhp_severity fail_on)
{
    if (f->suppressed || f->severity == UHP_SEV_OFF)
        return false;
    if (fail_on == UHP_SEV_OFF)
        fail_on = UHP_SEV_ERROR;
    return f->severity >= fail_on;
}

/* Writes where F is, for people and editors. */
void uhp_rpt_location(FILE *out, const uhp_finding *f)
{
    if (!f->file) {
        fputs(f->builtin_default ? "built-in default" : "<no file>", out);
        return;
    }
    uhp_plain_chars(out, f->file, false);
    if (f->line > 0) {
        fprintf(out, ":%u", (unsigned)f->line);
        if (f->col > 0)
            fprintf(out, ":%u", (unsigned)f->col);
    }
}

/* Writes the compact line of F (no newline), naming SET when it is not NULL. */
void uhp_rpt_compact_line(FILE *out, const uhp_finding *f, const char *set)
{
    uhp_rpt_location(out, f);
    fprintf(out, ": %s: ", uhp_severity_name(f->severity));
    if (set) {
        fputs("[set ", out);
        uhp_plain_chars(out, set, false);
        fputs("] ", out);
    }
    uhp_plain_chars(out, f->message ? f->message : "", false);
    if (f->instances) {
        fputs(strchr(f->instances, ',') ? " (instances: " : " (instance: ", out);
        uhp_plain_chars(out, f->instances, false);
        fputc(')', out);
    }
    fputs(" [", out);
    uhp_plain_chars(out, f->rule_id ? f->rule_id : "?", false);
    fputc(']', out);
}

/* Fingerprint of F from rule, file, key path and set; see report_internal.h. */
uint64_t uhp_rpt_fingerprint(const uhp_finding *f, const char *set)
{
    static const char sep = '\x1f';
    const char *file = f->file ? f->file : (f->builtin_default ? "<built-in default>" : "");
    const char *key = f->key_path ? f->key_path : (f->message ? f->message : "");
    const char *rule = f->rule_id ? f->rule_id : "";
    uint64_t h = UHP_FNV_OFFSET;
    h = uhp_fnv1a(h, rule, strlen(rule));
    h = uhp_fnv1a(h, &sep, 1);
    h = uhp_fnv1a(h, file, strlen(file));
    h = uhp_fnv1a(h, &sep, 1);
    h = uhp_fnv1a(h, key, strlen(key));
    if (set) {
        /* a set's findings never share a fingerprint with another set's, nor with an
         * ordinary single-set run, whose hash input has no fourth field */
        h = uhp_fnv1a(h, &sep, 1);
        h = uhp_fnv1a(h, "set:", 4);
        h = uhp_fnv1a(h, set, strlen(set));
    }
    return h;
}

/* Writes the 16 hex digits of FP into BUF. */
void uhp_rpt_fingerprint_hex(uint64_t fp, char buf[17])
{
    snprintf(buf, 17, "%016llx", (unsigned long long)fp);
}

typedef struct report_fp {
    uint64_t hash;
    size_t index;
} report_fp;

/* Orders by hash, then by finding index (so the first occurrence comes first). */
static int report_fp_cmp(const void *a, const void *b)
{
    const report_fp *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* The unique fingerprints of RUN's findings; see report_internal.h. Sorting keeps it
 * O(n log n) for runs with many findings. */
uint64_t *uhp_rpt_fingerprints(const uhp_run *run, const char *set, bool *oom)
{
    *oom = false;
    size_t n = run->n_findings;
    if (n == 0)
        return NULL;
    uint64_t *out = uhp_malloc(n * sizeof *out);
    report_fp *tmp = uhp_malloc(n * sizeof *tmp);
    if (!out || !tmp) {
        uhp_free(out);
        uhp_free(tmp);
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        tmp[i].hash = uhp_rpt_fingerprint(&run->findings[i], set);
        tmp[i].index = i;
        out[i] = tmp[i].hash;
    }
    qsort(tmp, n, sizeof *tmp, report_fp_cmp);
    static const char sep = '\x1f';
    for (size_t i = 1, k = 1; i < n; i++) {
        k = tmp[i].hash == tmp[i - 1].hash ? k + 1 : 1;
        if (k == 1)
            continue;
        char nth[24];
        int len = snprintf(nth, sizeof nth, "#%zu", k);
        uint64_t h = uhp_fnv1a(tmp[i].hash, &sep, 1);
        out[tmp[i].index] = uhp_fnv1a(h, nth, (size_t)len);
    }
    uhp_free(tmp);
    return out;
}

int uhp_rpt_keyed_cmp(const void *a, const void *b)
{
    const uhp_rpt_keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* Orders strings, the same pointer without reading it: the results of one rule share its id
 * string, and often their instance names. */
static int report_str_cmp(const char *a, const char *b)
{
    return a == b ? 0 : strcmp(a, b);
}

/* Orders instance names with NULL (not instance-specific) first. */
static int report_instance_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return report_str_cmp(a, b);
}

/* Orders cells by rule id, instance, then position. */
static int report_cell_cmp(const void *a, const void *b)
{
    const uhp_rpt_cell *x = a, *y = b;
    int c = report_str_cmp(x->rule_id, y->rule_id);
    if (c == 0)
        c = report_instance_cmp(x->instance, y->instance);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* Sorts CELLS (N of them) by insertion while that stays cheap: results come rule by rule
 * in registry order, so only a few rules are out of place. Returns false, CELLS permuted
 * but not yet sorted, once the moves pass a budget linear in N (then qsort takes over). */
static bool report_cells_nearly_sorted(uhp_rpt_cell *cells, size_t n)
{
    size_t budget = 4 * n + 64;
    for (size_t i = 1; i < n; i++) {
        uhp_rpt_cell c = cells[i];
        size_t j = i;
        while (j > 0 && report_cell_cmp(&cells[j - 1], &c) > 0) {
            if (budget-- == 0) {
                cells[j] = c;
                return false;
            }
            cells[j] = cells[j - 1];
            j--;
        }
        cells[j] = c;
    }
    return true;
}

/* The sorted cell index of RUN; see report_internal.h. */
uhp_rpt_cell *uhp_rpt_cells(const uhp_run *run, size_t *n, bool *oom)
{
    *n = 0;
    *oom = false;
    if (run->n_results == 0)
        return NULL;
    uhp_rpt_cell *cells = uhp_malloc(run->n_results * sizeof *cells);
    if (!cells) {
        *oom = true;
        return NULL;
    }
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (r->rule_id)
            cells[(*n)++] = (uhp_rpt_cell){r->rule_id, r->instance, i};
    }
    if (!report_cells_nearly_sorted(cells, *n))
        qsort(cells, *n, sizeof *cells, report_cell_cmp);
    return cells;
}

/* The end of the rule group starting at FROM; see report_internal.h. */
size_t uhp_rpt_cells_rule_end(const uhp_rpt_cell *cells, size_t n, size_t from)
{
    size_t end = from + 1;
    while (end < n && report_str_cmp(cells[end].rule_id, cells[from].rule_id) == 0)
        end++;
    return end;
}

/* Binary search for the first cell of (ID, INST); see report_internal.h. */
size_t uhp_rpt_cells_find(const uhp_rpt_cell *cells, size_t lo, size_t hi, const char *id,
                          const char *inst)
{
    size_t a = lo, b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        int c = report_str_cmp(cells[mid].rule_id, id);
        if (c == 0)
            c = report_instance_cmp(cells[mid].instance, inst);
        if (c < 0)
            a = mid + 1;
        else
            b = mid;
    }
    if (a < hi && report_str_cmp(cells[a].rule_id, id) == 0 &&
        report_instance_cmp(cells[a].instance, inst) == 0)
        return a;
    return hi;
}

/* Unsuppressed findings of RUN at or above FAIL_ON. */
size_t uhp_rpt_failing(const uhp_run *run, uhp_severity fail_on)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        n += uhp_rpt_is_failure(&run->findings[i], fail_on);
    return n;
}

/* Flushes OUT; returns -1 when any write to it failed. */
int uhp_rpt_finish(FILE *out)
{
    if (fflush(out) != 0 || ferror(out))
        return -1;
    return 0;
}

/* Calls FN for every shown finding of RUNS; see report_internal.h. The set labels are
 * worked out once (a temporary table; without memory they are counted on demand). */
int uhp_rpt_each_shown(FILE *out, const uhp_run *const *runs, size_t n_runs,
                       const uhp_report_opts *opts, uhp_rpt_finding_fn fn)
{
    bool named = uhp_rpt_named_sets(runs, n_runs);
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        const uhp_run *run = runs[r];
        const char *set = named ? uhp_rpt_label(&labels, r, label) : NULL;
        for (size_t i = 0; i < run->n_findings; i++) {
            const uhp_finding *f = &run->findings[i];
            if (f->suppressed || f->severity == UHP_SEV_OFF)
                continue;
            if (opts->quiet && !uhp_rpt_is_failure(f, opts->fail_on))
                continue;
            fn(out, f, set);
        }
    }
    uhp_rpt_labels_free(&labels);
    return uhp_rpt_finish(out);
}

/* ---- Several config sets in one report: labels, per-set status, totals ------------- */

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

/* ---- The policy, in every format --------------------------------------------------------- */

const uhp_run_meta *uhp_rpt_policy_meta(const uhp_run *const *runs, size_t n_runs)
{
    for (size_t i = 0; i < n_runs; i++)
        if (runs[i]->meta.policy)
            return &runs[i]->meta;
    return NULL;
}

/* Appends TEXT to BUF at *USED (cut at SIZE - 1). */
static void report_append(char *buf, size_t size, size_t *used, const char *text)
{
    size_t n = strlen(text);
    if (*used + n >= size)
        n = size - 1 - *used;
    memcpy(buf + *used, text, n);
    *used += n;
    buf[*used] = '\0';
}

const char *uhp_rpt_policy_text(const uhp_run_meta *m, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    report_append(buf, size, &used, m->policy);
    report_append(buf, size, &used,
                  m->policy_discovered ? " (found by walking up from the working directory)"
                                       : " (--policy)");
    static const uhp_severity order[] = {UHP_SEV_OFF, UHP_SEV_ERROR, UHP_SEV_WARNING, UHP_SEV_INFO};
    static const char *const tails[] = {"", " made an error", " made a warning", " made info"};
    bool any = false;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        size_t n = 0;
        for (size_t i = 0; i < m->n_policy_rules; i++) {
            if (m->policy_severities[i] != order[k])
                continue;
            report_append(buf, size, &used, n ? ", " : any ? "; " : ": ");
            if (n == 0 && k == 0)
                report_append(buf, size, &used, "turns off ");
            report_append(buf, size, &used, m->policy_rule_ids[i]);
            n++;
        }
        if (n)
            report_append(buf, size, &used, tails[k]);
        any = any || n;
    }
    if (!any)
        report_append(buf, size, &used, ": changes no rule");
    return buf;
}

void uhp_rpt_policy_json(uhp_jw *w, const uhp_run_meta *m)
{
    uhp_jw_key(w, "policy");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "file", m->policy);
    uhp_jw_kbool(w, "discovered", m->policy_discovered);
    uhp_jw_key(w, "rules");
    uhp_jw_obj(w);
    for (size_t i = 0; i < m->n_policy_rules; i++)
        uhp_jw_kstr(w, m->policy_rule_ids[i], uhp_severity_name(m->policy_severities[i]));
    uhp_jw_end_obj(w);
    uhp_jw_end_obj(w);
}
