/* The run: findings and checklist results, owned by the run's arena. */
#include "uhp/finding.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"

const char *uhp_severity_name(uhp_severity sev)
{
    switch (sev) {
    case UHP_SEV_ERROR:
        return "error";
    case UHP_SEV_WARNING:
        return "warning";
    case UHP_SEV_INFO:
        return "info";
    default:
        return "off";
    }
}

bool uhp_severity_parse(const char *s, uhp_severity *out)
{
    static const struct {
        const char *name;
        uhp_severity sev;
    } names[] = {{"error", UHP_SEV_ERROR},
                 {"warning", UHP_SEV_WARNING},
                 {"info", UHP_SEV_INFO},
                 {"off", UHP_SEV_OFF}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].sev;
            return true;
        }
    }
    return false;
}

const char *uhp_status_name(uhp_status st)
{
    switch (st) {
    case UHP_STATUS_PASS:
        return "PASS";
    case UHP_STATUS_FAIL:
        return "FAIL";
    case UHP_STATUS_WARN:
        return "WARN";
    case UHP_STATUS_SUPPRESSED:
        return "SUPPRESSED";
    default:
        return "N/A";
    }
}

void uhp_run_init(uhp_run *run)
{
    memset(run, 0, sizeof *run);
    uhp_arena_init(&run->arena);
}

void uhp_run_destroy(uhp_run *run)
{
    uhp_free(run->findings);
    uhp_free(run->results);
    uhp_arena_destroy(&run->arena);
    memset(run, 0, sizeof *run);
}

/* Copies S into the run's arena; NULL stays NULL. Sets *OK false when memory runs out. */
static const char *run_copy(uhp_run *run, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *c = uhp_arena_strndup(&run->arena, s, strlen(s));
    if (!c)
        *ok = false;
    return c;
}

uhp_finding *uhp_run_add_finding(uhp_run *run, const uhp_finding *f)
{
    if (run->n_findings == run->cap_findings) {
        uhp_finding *nf =
            uhp_grow(run->findings, &run->cap_findings, run->n_findings + 1, sizeof *nf, 16);
        if (!nf) {
            run->out_of_memory = true;
            return NULL;
        }
        run->findings = nf;
    }
    uhp_finding c = *f;
    bool ok = true;
    c.rule_id = run_copy(run, f->rule_id, &ok);
    c.rule_name = run_copy(run, f->rule_name, &ok);
    c.instances = run_copy(run, f->instances, &ok);
    c.message = run_copy(run, f->message, &ok);
    c.file = run_copy(run, f->file, &ok);
    c.key_path = run_copy(run, f->key_path, &ok);
    c.fix = run_copy(run, f->fix, &ok);
    c.source_line = run_copy(run, f->source_line, &ok);
    c.suppress_reason = run_copy(run, f->suppress_reason, &ok);
    if (!ok) {
        run->out_of_memory = true;
        return NULL;
    }
    c.order = run->n_findings;
    run->findings[run->n_findings] = c;
    return &run->findings[run->n_findings++];
}

/* Appends a copy of R; copies its strings into the run's arena when COPY_NAMES, else only
 * its note. A note equal to the previous result's shares that copy (a rule's note is often
 * the same on every instance). NULL when memory runs out. */
static uhp_result *run_add_result(uhp_run *run, const uhp_result *r, bool copy_names)
{
    if (run->n_results == run->cap_results) {
        uhp_result *nr =
            uhp_grow(run->results, &run->cap_results, run->n_results + 1, sizeof *nr, 32);
        if (!nr) {
            run->out_of_memory = true;
            return NULL;
        }
        run->results = nr;
    }
    uhp_result c = *r;
    bool ok = true;
    if (copy_names) {
        c.rule_id = run_copy(run, r->rule_id, &ok);
        c.rule_name = run_copy(run, r->rule_name, &ok);
        c.instance = run_copy(run, r->instance, &ok);
    }
    const char *prev = run->n_results ? run->results[run->n_results - 1].note : NULL;
    c.note = prev && r->note && strcmp(prev, r->note) == 0 ? prev : run_copy(run, r->note, &ok);
    if (!ok) {
        run->out_of_memory = true;
        return NULL;
    }
    run->results[run->n_results] = c;
    return &run->results[run->n_results++];
}

uhp_result *uhp_run_add_result(uhp_run *run, const uhp_result *r)
{
    return run_add_result(run, r, true);
}

uhp_result *uhp_run_add_result_borrowed(uhp_run *run, const uhp_result *r)
{
    return run_add_result(run, r, false);
}

static int run_strcmp_null(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* Orders findings: files in input order of appearance is not known here, so by name;
 * findings without a file (built-in defaults) last; then line, column, rule. */
static int run_finding_cmp(const void *pa, const void *pb)
{
    const uhp_finding *a = pa, *b = pb;
    if ((a->file == NULL) != (b->file == NULL))
        return a->file == NULL ? 1 : -1;
    int c = run_strcmp_null(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    c = strcmp(a->rule_id, b->rule_id);
    if (c)
        return c;
    c = run_strcmp_null(a->message, b->message);
    if (c)
        return c;
    /* Equal findings of several instances stay in the order they were found (the order of
     * the instances in the configuration). */
    return a->order < b->order ? -1 : a->order > b->order;
}

/* True when A and B differ at most by their instances. */
static bool run_same_but_instance(const uhp_finding *a, const uhp_finding *b)
{
    return !strcmp(a->rule_id, b->rule_id) && !run_strcmp_null(a->file, b->file) &&
           a->line == b->line && a->col == b->col && !run_strcmp_null(a->message, b->message) &&
           a->severity == b->severity && a->suppressed == b->suppressed &&
           a->builtin_default == b->builtin_default && !run_strcmp_null(a->key_path, b->key_path);
}

/* Joins the instances of findings [FROM, TO) into one list, in order, each once (an
 * instance repeats only next to itself, as one rule run reports it). Returns an arena
 * string, or NULL when memory runs out. Built in one allocation: joining pairwise would
 * copy the growing list once per instance. */
static const char *run_join_instances(uhp_run *run, size_t from, size_t to)
{
    size_t total = 1;
    for (size_t k = from; k < to; k++)
        if (run->findings[k].instances)
            total += strlen(run->findings[k].instances) + 2;
    char *out = uhp_arena_alloc(&run->arena, total);
    if (!out)
        return NULL;
    size_t len = 0;
    const char *last = NULL;
    for (size_t k = from; k < to; k++) {
        const char *in = run->findings[k].instances;
        if (!in || (last && !strcmp(last, in)))
            continue;
        if (len) {
            memcpy(out + len, ", ", 2);
            len += 2;
        }
        size_t n = strlen(in);
        memcpy(out + len, in, n);
        len += n;
        last = in;
    }
    out[len] = '\0';
    return out;
}

void uhp_run_finalize(uhp_run *run)
{
    if (run->n_findings > 1)
        qsort(run->findings, run->n_findings, sizeof *run->findings, run_finding_cmp);
    size_t out = 0;
    for (size_t i = 0; i < run->n_findings;) {
        size_t j = i + 1;
        while (j < run->n_findings && run_same_but_instance(&run->findings[i], &run->findings[j]))
            j++;
        uhp_finding merged = run->findings[i];
        if (j - i > 1 && merged.instances) {
            const char *joined = run_join_instances(run, i, j);
            if (joined)
                merged.instances = joined;
            else
                run->out_of_memory = true;
        }
        merged.order = out;
        run->findings[out++] = merged;
        i = j;
    }
    run->n_findings = out;
}

const char *uhp_instances_next(const char **cursor, size_t *len)
{
    const char *p = *cursor;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p) {
            *cursor = p;
            return NULL;
        }
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        *cursor = p + n;
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n > 0) {
            *len = n;
            return p;
        }
        p = *cursor;
    }
}

bool uhp_instances_has(const char *list, const char *inst)
{
    if (!list || !inst)
        return true;
    size_t want = strlen(inst), n;
    const char *cursor = list;
    for (const char *p; (p = uhp_instances_next(&cursor, &n)) != NULL;)
        if (n == want && memcmp(p, inst, n) == 0)
            return true;
    return false;
}

uhp_counts uhp_run_counts(const uhp_run *run)
{
    uhp_counts c;
    memset(&c, 0, sizeof c);
    for (size_t i = 0; i < run->n_results; i++) {
        switch (run->results[i].status) {
        case UHP_STATUS_PASS:
            c.passed++;
            break;
        case UHP_STATUS_FAIL:
            c.failed++;
            break;
        case UHP_STATUS_WARN:
            c.warnings++;
            break;
        case UHP_STATUS_SUPPRESSED: /* counted with the suppressed findings */
            break;
        default:
            c.not_applicable++;
            break;
        }
    }
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (f->suppressed) {
            c.suppressed++;
            continue;
        }
        if (f->severity == UHP_SEV_ERROR)
            c.errors++;
        else if (f->severity == UHP_SEV_INFO)
            c.infos++;
        else if (f->severity == UHP_SEV_WARNING)
            c.warning_findings++;
    }
    return c;
}
