/* Suppressions: inline `# ums-ha-preflight: ignore=ID -- reason` comments in the checked
 * files, and the checklist kept consistent with the findings that remain, for them and
 * for the policy (suppress_policy.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suppress_internal.h"
#include "uhp/alloc.h"
#include "uhp/policy.h"

#define SUPPRESS_MARK "ums-ha-preflight:"
#define SUPPRESS_MAX_IDS 16

/* One inline ignore comment. */
typedef struct suppress_dir {
    size_t src;    /* index into the sources */
    unsigned line; /* 1-based line of the comment */
    bool alone;    /* nothing but the comment on its line: it also covers the next line */
    const char *ids[SUPPRESS_MAX_IDS];
    size_t n_ids;
    const char *reason; /* run-arena string */
} suppress_dir;

typedef struct suppress_dirs {
    suppress_dir *items;
    size_t n, cap;
} suppress_dirs;

/* ---- The checklist ------------------------------------------------------------------ */

/* What the findings of one checklist cell say. */
typedef struct suppress_cell {
    bool any, fail, warn;
    const char *reason;
} suppress_cell;

/* Orders result indices by rule id, then instance (NULL first). */
/* qsort has no context argument in C11; one per thread, as sets are checked in parallel. */
static _Thread_local const uhp_result *suppress_sort_results;
static int suppress_result_cmp(const void *pa, const void *pb)
{
    const uhp_result *a = &suppress_sort_results[*(const size_t *)pa];
    const uhp_result *b = &suppress_sort_results[*(const size_t *)pb];
    int c = strcmp(a->rule_id, b->rule_id);
    if (c)
        return c;
    if (!a->instance || !b->instance)
        return (a->instance != NULL) - (b->instance != NULL);
    return strcmp(a->instance, b->instance);
}

/* Finds in ORDER[lo, hi) (sorted, all of one rule) the result of instance INST (LEN bytes);
 * returns its position or (size_t)-1. */
static size_t suppress_find_instance(const uhp_run *run, const size_t *order, size_t lo, size_t hi,
                                     const char *inst, size_t len)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *mi = run->results[order[mid]].instance;
        int c = mi ? strncmp(mi, inst, len) : -1;
        if (c == 0 && mi[len] != '\0')
            c = 1;
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* Adds what finding F says to CELL. */
static void suppress_cell_add(suppress_cell *cell, const uhp_finding *f)
{
    cell->any = true;
    if (f->suppressed) {
        if (!cell->reason)
            cell->reason = f->suppress_reason;
    } else if (f->unverified || f->severity == UHP_SEV_WARNING) {
        cell->warn = true;
    } else {
        cell->fail = true;
    }
}

/* Recomputes the FAIL and WARN cells of RUN from the findings that remain: a cell whose
 * findings are all suppressed passes with a note; a FAIL cell without findings becomes
 * WARN when OVERRIDE_WARNING says the rule is now a warning. Each finding is matched to
 * its cells through a sorted index (rule, instance), so the cost grows with the number of
 * findings and cells, not their product. */
void uhp_suppress_recompute(uhp_run *run, bool (*override_warning)(const void *, const char *),
                            const void *ctx)
{
    size_t nr = run->n_results;
    if (nr == 0)
        return;
    size_t *order = uhp_malloc(nr * sizeof *order);
    suppress_cell *cells = uhp_calloc(nr, sizeof *cells);
    if (!order || !cells) {
        uhp_free(order);
        uhp_free(cells);
        run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < nr; i++)
        order[i] = i;
    suppress_sort_results = run->results;
    qsort(order, nr, sizeof *order, suppress_result_cmp);
    for (size_t k = 0; k < run->n_findings; k++) {
        const uhp_finding *f = &run->findings[k];
        if (f->severity == UHP_SEV_OFF)
            continue;
        /* The range of the finding's rule. */
        size_t lo = 0, hi = nr;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(run->results[order[mid]].rule_id, f->rule_id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < nr && strcmp(run->results[order[end]].rule_id, f->rule_id) == 0)
            end++;
        size_t first_named = lo;
        /* Cells without an instance see every finding of their rule. */
        while (first_named < end && !run->results[order[first_named]].instance)
            suppress_cell_add(&cells[order[first_named++]], f);
        if (!f->instances) {
            for (size_t m = first_named; m < end; m++)
                suppress_cell_add(&cells[order[m]], f);
            continue;
        }
        const char *cursor = f->instances;
        size_t n;
        for (const char *p; (p = uhp_instances_next(&cursor, &n)) != NULL;) {
            size_t at = suppress_find_instance(run, order, first_named, end, p, n);
            if (at != (size_t)-1)
                suppress_cell_add(&cells[order[at]], f);
        }
    }
    for (size_t i = 0; i < nr; i++) {
        uhp_result *r = &run->results[i];
        const suppress_cell *cell = &cells[i];
        if (r->status != UHP_STATUS_FAIL && r->status != UHP_STATUS_WARN)
            continue;
        if (!cell->any) {
            if (r->status == UHP_STATUS_FAIL && override_warning &&
                override_warning(ctx, r->rule_id))
                r->status = UHP_STATUS_WARN;
            continue;
        }
        if (cell->fail) {
            r->status = UHP_STATUS_FAIL;
        } else if (cell->warn) {
            r->status = UHP_STATUS_WARN;
        } else {
            r->status = UHP_STATUS_SUPPRESSED; /* never shown as PASS */
            /* the status says it is suppressed; the note gives the reason */
            const char *note = uhp_arena_printf(&run->arena, "%s",
                                                cell->reason ? cell->reason : "(no reason given)");
            if (note)
                r->note = note;
            else
                run->out_of_memory = true;
        }
    }
    uhp_free(order);
    uhp_free(cells);
}

/* ---- Inline ignore comments ----------------------------------------------------------- */

/* Reports a malformed comment of SRC at LINE:COL as a UHA008 finding. */
static void suppress_bad(uhp_run *run, const uhp_source *src, unsigned line, unsigned col,
                         const char *message)
{
    uhp_diag d = {.kind = UHP_DIAG_INLINE_IGNORE,
                  .src = src,
                  .start = {line, col},
                  .end = {line, col},
                  .message = message,
                  .fix = "write '# ums-ha-preflight: ignore=RULE[,RULE...] -- reason' with "
                         "known rule ids or names and a reason"};
    uhp_run_add_diag(run, &d);
}

/* An arena message, or "" (out of memory) when M is NULL. */
static const char *suppress_msg(const char *m)
{
    return m ? m : "";
}

/* Parses the comment text T[0..LEN) after "ums-ha-preflight:" into D. Returns NULL, or a
 * message saying what is wrong (static, or in RUN's arena), or "" when memory ran out. */
static const char *suppress_parse(uhp_run *run, const char *t, size_t len, suppress_dir *d)
{
    const char *end = t + len;
    while (t < end && (*t == ' ' || *t == '\t'))
        t++;
    bool ignore = (size_t)(end - t) >= 6 && strncmp(t, "ignore", 6) == 0;
    if (ignore) {
        t += 6;
        while (t < end && (*t == ' ' || *t == '\t'))
            t++;
        ignore = t < end && *t == '=';
    }
    if (!ignore)
        return "unknown 'ums-ha-preflight:' comment: only 'ignore=RULE[,RULE...] -- reason' is "
               "understood";
    t++;
    /* The rule list runs to " --" (or the end of the line). */
    const char *dash = NULL;
    for (const char *p = t; p + 1 < end; p++)
        if (p[0] == '-' && p[1] == '-' &&
            (p == t || p[-1] == ' ' || p[-1] == '\t' || p[-1] == ',')) {
            dash = p;
            break;
        }
    const char *list_end = dash ? dash : end;
    const char *p = t;
    while (p < list_end) {
        while (p < list_end && (*p == ' ' || *p == '\t' || *p == ','))
            p++;
        const char *s = p;
        while (p < list_end && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        if (p == s)
            break;
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(p - s), s);
        const uhp_rule *r = uhp_rule_find(id);
        if (!r)
            return suppress_msg(uhp_arena_printf(&run->arena,
                                                 "unknown rule '%s' in an inline ignore "
                                                 "comment; 'ums-ha-preflight rules' lists them",
                                                 id));
        if (r->locked)
            return suppress_msg(
                uhp_arena_printf(&run->arena, "rule '%s' cannot be ignored: %s", id, r->locked));
        if (d->n_ids == SUPPRESS_MAX_IDS)
            return "too many rules in one inline ignore comment (at most 16)";
        d->ids[d->n_ids++] = r->id;
    }
    if (d->n_ids == 0)
        return "an inline ignore comment names no rule: write 'ignore=RULE -- reason'";
    const char *reason = dash ? dash + 2 : end;
    while (reason < end && (*reason == ' ' || *reason == '\t'))
        reason++;
    const char *rend = end;
    while (rend > reason && (rend[-1] == ' ' || rend[-1] == '\t' || rend[-1] == '\r'))
        rend--;
    if (rend == reason)
        return suppress_msg(uhp_arena_printf(&run->arena,
                                             "the inline ignore of '%s' has no reason: add "
                                             "' -- why' after the rule; a reason is required",
                                             d->ids[0]));
    d->reason = uhp_arena_strndup(&run->arena, reason, (size_t)(rend - reason));
    return d->reason ? NULL : "";
}

/* Finds the ignore comments of source S (index SI) and appends the well-formed ones to DIRS;
 * malformed ones become UHA008 findings. Returns false when memory runs out. */
static bool suppress_scan(uhp_run *run, uhp_source *s, size_t si, suppress_dirs *dirs)
{
    const char *data = s->data, *end = s->data + s->len;
    const char *counted = data; /* line numbers are counted up to here */
    unsigned line = 1;
    const char *hit = data;
    while ((hit = strstr(hit, SUPPRESS_MARK)) != NULL) {
        const char *bol = hit;
        while (bol > data && bol[-1] != '\n')
            bol--;
        const char *eol = memchr(hit, '\n', (size_t)(end - hit));
        if (!eol)
            eol = end;
        const char *after = hit + strlen(SUPPRESS_MARK);
        /* A comment: '#' then blanks right before the mark, the '#' at the start of the line
         * or after a blank, as YAML wants. */
        const char *h = hit;
        while (h > bol && (h[-1] == ' ' || h[-1] == '\t'))
            h--;
        bool comment = h > bol && h[-1] == '#' && (h - 1 == bol || h[-2] == ' ' || h[-2] == '\t');
        if (!comment) {
            hit = after;
            continue;
        }
        const char *hash = h - 1;
        for (; counted < bol; counted++)
            if (*counted == '\n')
                line++;
        bool alone = true;
        for (const char *p = bol; p < hash; p++)
            if (*p != ' ' && *p != '\t')
                alone = false;
        unsigned col = 1;
        for (const char *p = bol; p < hash; p++)
            if (((unsigned char)*p & 0xC0) != 0x80)
                col++;
        suppress_dir d;
        memset(&d, 0, sizeof d);
        d.src = si;
        d.line = line;
        d.alone = alone;
        const char *bad = suppress_parse(run, after, (size_t)(eol - after), &d);
        if (bad && !*bad)
            return false;
        if (bad) {
            suppress_bad(run, s, line, col, bad);
        } else {
            if (dirs->n == dirs->cap) {
                size_t ncap = dirs->cap ? dirs->cap * 2 : 16;
                suppress_dir *n = uhp_realloc(dirs->items, ncap * sizeof *n);
                if (!n)
                    return false;
                dirs->items = n;
                dirs->cap = ncap;
            }
            dirs->items[dirs->n++] = d;
        }
        if (run->out_of_memory)
            return false;
        hit = eol;
    }
    return true;
}

/* Returns the comment of DIRS that suppresses F (read from source SI), or NULL. */
static const suppress_dir *suppress_match(const suppress_dirs *dirs, size_t si,
                                          const uhp_finding *f)
{
    for (size_t i = 0; i < dirs->n; i++) {
        const suppress_dir *d = &dirs->items[i];
        if (d->src != si || !(d->line == f->line || (d->alone && d->line + 1 == f->line)))
            continue;
        for (size_t k = 0; k < d->n_ids; k++)
            if (strcmp(d->ids[k], f->rule_id) == 0)
                return d;
    }
    return NULL;
}

void uhp_suppress_inline(uhp_run *run, uhp_source *const *sources, size_t n_sources)
{
    suppress_dirs dirs = {NULL, 0, 0};
    size_t n_before = run->n_findings;
    for (size_t i = 0; i < n_sources; i++) {
        if (!sources[i] || sources[i]->builtin || !sources[i]->data)
            continue;
        if (!suppress_scan(run, sources[i], i, &dirs)) {
            run->out_of_memory = true;
            uhp_free(dirs.items);
            return;
        }
    }
    bool changed = run->n_findings > n_before; /* UHA008 findings were added */
    for (size_t i = 0; i < n_before && dirs.n; i++) {
        uhp_finding *f = &run->findings[i];
        if (f->suppressed || !f->file || f->line == 0)
            continue;
        for (size_t s = 0; s < n_sources; s++) {
            if (!sources[s] || sources[s]->builtin || strcmp(sources[s]->name, f->file) != 0)
                continue;
            const suppress_dir *d = suppress_match(&dirs, s, f);
            if (d) {
                f->suppressed = true;
                f->suppress_reason = d->reason;
                changed = true;
                break;
            }
        }
    }
    uhp_free(dirs.items);
    if (run->n_findings > n_before) {
        for (size_t i = 0; i < run->n_results; i++)
            if (strcmp(run->results[i].rule_id, uhp_diag_rule(UHP_DIAG_INLINE_IGNORE)->id) == 0)
                run->results[i].status = UHP_STATUS_FAIL;
    }
    if (!changed)
        return; /* the common case: no comment, nothing to recompute */
    uhp_suppress_recompute(run, NULL, NULL);
    uhp_run_finalize(run);
}
