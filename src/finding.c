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
        size_t ncap = run->cap_findings ? run->cap_findings * 2 : 16;
        uhp_finding *nf = uhp_realloc(run->findings, ncap * sizeof *nf);
        if (!nf) {
            run->out_of_memory = true;
            return NULL;
        }
        run->findings = nf;
        run->cap_findings = ncap;
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
    run->findings[run->n_findings] = c;
    return &run->findings[run->n_findings++];
}

uhp_result *uhp_run_add_result(uhp_run *run, const uhp_result *r)
{
    if (run->n_results == run->cap_results) {
        size_t ncap = run->cap_results ? run->cap_results * 2 : 32;
        uhp_result *nr = uhp_realloc(run->results, ncap * sizeof *nr);
        if (!nr) {
            run->out_of_memory = true;
            return NULL;
        }
        run->results = nr;
        run->cap_results = ncap;
    }
    uhp_result c = *r;
    bool ok = true;
    c.rule_id = run_copy(run, r->rule_id, &ok);
    c.rule_name = run_copy(run, r->rule_name, &ok);
    c.instance = run_copy(run, r->instance, &ok);
    c.note = run_copy(run, r->note, &ok);
    if (!ok) {
        run->out_of_memory = true;
        return NULL;
    }
    run->results[run->n_results] = c;
    return &run->results[run->n_results++];
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
    return run_strcmp_null(a->instances, b->instances);
}

/* True when the ", "-separated LIST holds ITEM as a whole entry. */
static bool run_list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; (p = strstr(p, item)) != NULL; p += n) {
        bool starts = p == list || (p >= list + 2 && p[-2] == ',' && p[-1] == ' ');
        bool ends = p[n] == '\0' || p[n] == ',';
        if (starts && ends)
            return true;
    }
    return false;
}

/* True when A and B differ at most by their instances. */
static bool run_same_but_instance(const uhp_finding *a, const uhp_finding *b)
{
    return !strcmp(a->rule_id, b->rule_id) && !run_strcmp_null(a->file, b->file) &&
           a->line == b->line && a->col == b->col && !run_strcmp_null(a->message, b->message) &&
           a->severity == b->severity && a->suppressed == b->suppressed &&
           a->builtin_default == b->builtin_default && !run_strcmp_null(a->key_path, b->key_path);
}

void uhp_run_finalize(uhp_run *run)
{
    if (run->n_findings > 1)
        qsort(run->findings, run->n_findings, sizeof *run->findings, run_finding_cmp);
    size_t out = 0;
    for (size_t i = 0; i < run->n_findings; i++) {
        uhp_finding *f = &run->findings[i];
        if (out > 0 && run_same_but_instance(&run->findings[out - 1], f)) {
            uhp_finding *prev = &run->findings[out - 1];
            if (prev->instances && f->instances && !run_list_has(prev->instances, f->instances)) {
                const char *joined =
                    uhp_arena_printf(&run->arena, "%s, %s", prev->instances, f->instances);
                if (joined)
                    prev->instances = joined;
                else
                    run->out_of_memory = true;
            }
            continue;
        }
        run->findings[out++] = *f;
    }
    run->n_findings = out;
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
    }
    return c;
}
