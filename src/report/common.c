/* Helpers shared by the report writers: matching findings to checklist cells, the compact
 * one-line form, fingerprints, and a small pretty-printing JSON writer. */
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

/* ---- JSON writer: two-space indentation, one member per line. -------------------- */

void uhp_jw_init(uhp_jw *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* Writes the separator and indentation before a value or key at the current depth. */
static void report_jw_sep(uhp_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first[w->depth])
        fputc(',', w->out);
    w->first[w->depth] = false;
    fputc('\n', w->out);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->out);
}

/* Opens a container with OPEN. */
static void report_jw_open(uhp_jw *w, char open)
{
    report_jw_sep(w);
    fputc(open, w->out);
    if (w->depth + 1 < UHP_JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

/* Closes a container with CLOSE; an empty one stays on one line. */
static void report_jw_close(uhp_jw *w, char close)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty) {
        fputc('\n', w->out);
        for (int i = 0; i < w->depth; i++)
            fputs("  ", w->out);
    }
    fputc(close, w->out);
    if (w->depth == 0)
        fputc('\n', w->out);
}

void uhp_jw_obj(uhp_jw *w)
{
    report_jw_open(w, '{');
}

void uhp_jw_end_obj(uhp_jw *w)
{
    report_jw_close(w, '}');
}

void uhp_jw_arr(uhp_jw *w)
{
    report_jw_open(w, '[');
}

void uhp_jw_end_arr(uhp_jw *w)
{
    report_jw_close(w, ']');
}

void uhp_jw_key(uhp_jw *w, const char *key)
{
    report_jw_sep(w);
    uhp_json_string(w->out, key);
    fputs(": ", w->out);
    w->after_key = true;
}

void uhp_jw_str(uhp_jw *w, const char *s)
{
    report_jw_sep(w);
    uhp_json_string(w->out, s);
}

void uhp_jw_uint(uhp_jw *w, unsigned long long v)
{
    report_jw_sep(w);
    fprintf(w->out, "%llu", v);
}

void uhp_jw_bool(uhp_jw *w, bool v)
{
    report_jw_sep(w);
    fputs(v ? "true" : "false", w->out);
}

void uhp_jw_null(uhp_jw *w)
{
    report_jw_sep(w);
    fputs("null", w->out);
}

void uhp_jw_str_begin(uhp_jw *w)
{
    report_jw_sep(w);
    fputc('"', w->out);
}

void uhp_jw_str_end(uhp_jw *w)
{
    fputc('"', w->out);
}

void uhp_jw_kstr(uhp_jw *w, const char *key, const char *s)
{
    uhp_jw_key(w, key);
    uhp_jw_str(w, s);
}

void uhp_jw_kuint(uhp_jw *w, const char *key, unsigned long long v)
{
    uhp_jw_key(w, key);
    uhp_jw_uint(w, v);
}

void uhp_jw_kbool(uhp_jw *w, const char *key, bool v)
{
    uhp_jw_key(w, key);
    uhp_jw_bool(w, v);
}

int uhp_rpt_each_shown(FILE *out, const uhp_run *const *runs, size_t n_runs,
                       const uhp_report_opts *opts, uhp_rpt_finding_fn fn)
{
    bool named = uhp_rpt_named_sets(runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        const uhp_run *run = runs[r];
        const char *set = named ? uhp_rpt_set_label(runs, n_runs, r, label) : NULL;
        for (size_t i = 0; i < run->n_findings; i++) {
            const uhp_finding *f = &run->findings[i];
            if (f->suppressed || f->severity == UHP_SEV_OFF)
                continue;
            if (opts->quiet && !uhp_rpt_is_failure(f, opts->fail_on))
                continue;
            fn(out, f, set);
        }
    }
    return uhp_rpt_finish(out);
}
