/* Suppressions: inline `# ums-ha-preflight: ignore=ID -- reason` comments in the checked
 * files, and the policy applied to a finished run (off, severity overrides, ignore
 * entries). Both keep the checklist consistent with the findings that remain. */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"
#include "uhp/policy.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

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
static void suppress_recompute(uhp_run *run, bool (*override_warning)(const void *, const char *),
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
    suppress_recompute(run, NULL, NULL);
    uhp_run_finalize(run);
}

/* ---- The policy ------------------------------------------------------------------------ */

/* The pieces of a compiled glob: a literal byte, '?', '*' (no '/') and '**' (anything). */
enum { SUPPRESS_G_LIT, SUPPRESS_G_ONE, SUPPRESS_G_STAR, SUPPRESS_G_ANY };

typedef struct suppress_gtok {
    unsigned char kind, ch;
    bool skip_dir; /* a '**' followed by '/': it may also match no directory at all */
} suppress_gtok;

/* A state of the glob's set: entered from the token before (or at the start), or kept by a
 * star that consumed a byte. Only an entered "**" + "/" may skip its directory. */
#define SUPPRESS_G_ENTERED 1u
#define SUPPRESS_G_KEPT 2u

/* Adds to the state set ON (indexed by token) what is reachable without consuming a byte:
 * a star may match nothing, and an entered "**" + "/" may match no directory. Edges only go
 * forward, so one pass in token order is complete. */
static void suppress_glob_close(const suppress_gtok *tok, size_t n, unsigned char *on)
{
    for (size_t i = 0; i < n; i++) {
        if (!on[i] || tok[i].kind < SUPPRESS_G_STAR)
            continue;
        on[i + 1] |= SUPPRESS_G_ENTERED;
        if (tok[i].skip_dir && (on[i] & SUPPRESS_G_ENTERED))
            on[i + 2] |= SUPPRESS_G_ENTERED;
    }
}

bool uhp_policy_glob(const char *pat, const char *s)
{
    /* A set of positions in the pattern, advanced one byte of S at a time: time
     * O(len(pat) * len(s)), memory O(len(pat)), no recursion and no backtracking. */
    suppress_gtok tok[UHP_POLICY_GLOB_MAX + 1];
    size_t n = 0;
    for (const char *p = pat; *p; n++) {
        if (n == UHP_POLICY_GLOB_MAX)
            return false; /* the policy refuses longer patterns with their position */
        memset(&tok[n], 0, sizeof tok[n]);
        if (p[0] == '*' && p[1] == '*') {
            tok[n].kind = SUPPRESS_G_ANY;
            tok[n].skip_dir = p[2] == '/';
            p += 2;
        } else {
            tok[n].kind = *p == '*' ? SUPPRESS_G_STAR : *p == '?' ? SUPPRESS_G_ONE : SUPPRESS_G_LIT;
            tok[n].ch = (unsigned char)*p++;
        }
    }
    unsigned char a[UHP_POLICY_GLOB_MAX + 2], b[UHP_POLICY_GLOB_MAX + 2];
    unsigned char *cur = a, *next = b;
    memset(cur, 0, n + 2);
    cur[0] = SUPPRESS_G_ENTERED;
    suppress_glob_close(tok, n, cur);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        bool any = false;
        memset(next, 0, n + 2);
        for (size_t i = 0; i < n; i++) {
            if (!cur[i])
                continue;
            switch (tok[i].kind) {
            case SUPPRESS_G_LIT:
                if (c == tok[i].ch)
                    next[i + 1] |= SUPPRESS_G_ENTERED, any = true;
                break;
            case SUPPRESS_G_ONE:
                if (c != '/')
                    next[i + 1] |= SUPPRESS_G_ENTERED, any = true;
                break;
            case SUPPRESS_G_STAR:
                if (c != '/')
                    next[i] |= SUPPRESS_G_KEPT, any = true;
                break;
            default:
                next[i] |= SUPPRESS_G_KEPT, any = true;
                break;
            }
        }
        if (!any)
            return false;
        suppress_glob_close(tok, n, next);
        unsigned char *t = cur;
        cur = next;
        next = t;
    }
    return cur[n] != 0;
}

/* True when glob PAT matches FILE as written (without "./"), relative to the policy's
 * directory DIR, or (a pattern without '/') its base name. */
static bool suppress_file_matches(const char *pat, const char *file, const char *dir)
{
    if (!file)
        return false;
    const char *rel = file;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (uhp_policy_glob(pat, rel))
        return true;
    if (!strchr(pat, '/')) {
        const char *base = strrchr(rel, '/');
        if (uhp_policy_glob(pat, base ? base + 1 : rel))
            return true;
    }
    char abs[PATH_MAX];
    if (dir && realpath(file, abs)) {
        size_t dl = strlen(dir);
        if (strncmp(abs, dir, dl) == 0 && (abs[dl] == '/' || dl == 1)) {
            const char *under = abs + (dl == 1 ? 1 : dl + 1);
            if (uhp_policy_glob(pat, under))
                return true;
        }
    }
    return false;
}

/* The severity the policy gives RULE_ID, or -1 when it does not change it. */
static int suppress_override(const uhp_policy *p, const char *rule_id)
{
    for (size_t i = 0; i < p->n_rules; i++)
        if (strcmp(p->rules[i].rule_id, rule_id) == 0)
            return (int)p->rules[i].severity;
    return -1;
}

/* For suppress_recompute: true when the policy makes RULE_ID a warning. */
static bool suppress_is_warning(const void *ctx, const char *rule_id)
{
    return suppress_override(ctx, rule_id) == (int)UHP_SEV_WARNING;
}

/* Removes the findings and checklist cells of every rule the policy turns off. */
static void suppress_remove_off(const uhp_policy *p, uhp_run *run)
{
    size_t out = 0;
    for (size_t i = 0; i < run->n_findings; i++)
        if (suppress_override(p, run->findings[i].rule_id) != (int)UHP_SEV_OFF)
            run->findings[out++] = run->findings[i];
    run->n_findings = out;
    out = 0;
    for (size_t i = 0; i < run->n_results; i++)
        if (suppress_override(p, run->results[i].rule_id) != (int)UHP_SEV_OFF)
            run->results[out++] = run->results[i];
    run->n_results = out;
}

/* Returns LIST ("a, b, c") without INST, in RUN's arena; NULL when memory runs out. */
static const char *suppress_without(uhp_run *run, const char *list, const char *inst)
{
    size_t len = strlen(list), want = strlen(inst), n;
    char *buf = uhp_arena_alloc(&run->arena, len + 1);
    if (!buf)
        return NULL;
    size_t used = 0;
    const char *cursor = list;
    for (const char *p; (p = uhp_instances_next(&cursor, &n)) != NULL;) {
        if (n == want && memcmp(p, inst, n) == 0)
            continue;
        if (used) {
            memcpy(buf + used, ", ", 2);
            used += 2;
        }
        memcpy(buf + used, p, n);
        used += n;
    }
    buf[used] = '\0';
    return buf;
}

/* Marks the findings ignore entry E matches as suppressed; a finding of several instances
 * of which E names one is split in two. */
static void suppress_apply_ignore(const uhp_policy *p, const uhp_policy_ignore *e, uhp_run *run)
{
    const char *reason = uhp_arena_strndup(&run->arena, e->reason, strlen(e->reason));
    if (!reason) {
        run->out_of_memory = true;
        return;
    }
    size_t n = run->n_findings;
    for (size_t i = 0; i < n && !run->out_of_memory; i++) {
        uhp_finding *f = &run->findings[i];
        if (f->suppressed || strcmp(f->rule_id, e->rule_id) != 0)
            continue;
        if (e->files && !suppress_file_matches(e->files, f->file, p->dir))
            continue;
        if (e->instance) {
            if (!f->instances || !uhp_instances_has(f->instances, e->instance))
                continue;
            if (strchr(f->instances, ',')) {
                const char *rest = suppress_without(run, f->instances, e->instance);
                if (!rest) {
                    run->out_of_memory = true;
                    return;
                }
                uhp_finding copy = *f;
                f->instances = rest;
                copy.instances = e->instance;
                copy.suppressed = true;
                copy.suppress_reason = reason;
                uhp_run_add_finding(run, &copy);
                continue;
            }
        }
        f->suppressed = true;
        f->suppress_reason = reason;
    }
}

/* Records in RUN's metadata which policy was applied and what it changed (copies in the
 * run's arena), so every report can say so. */
static void suppress_note_policy(const uhp_policy *p, uhp_run *run)
{
    uhp_run_meta *m = &run->meta;
    m->policy = uhp_arena_strndup(&run->arena, p->path, strlen(p->path));
    m->policy_discovered = p->discovered;
    m->policy_rule_ids = uhp_arena_alloc(&run->arena, (p->n_rules + 1) * sizeof(const char *));
    uhp_severity *sev = uhp_arena_alloc(&run->arena, (p->n_rules + 1) * sizeof *sev);
    if (!m->policy || !m->policy_rule_ids || !sev) {
        run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < p->n_rules; i++) {
        m->policy_rule_ids[i] = p->rules[i].rule_id; /* registry ids: static strings */
        sev[i] = p->rules[i].severity;
    }
    m->policy_severities = sev;
    m->n_policy_rules = p->n_rules;
}

void uhp_policy_apply(const uhp_policy *p, uhp_run *run)
{
    if (!p)
        return;
    suppress_note_policy(p, run);
    suppress_remove_off(p, run);
    for (size_t i = 0; i < run->n_findings; i++) {
        uhp_finding *f = &run->findings[i];
        int sev = suppress_override(p, f->rule_id);
        if (sev < 0)
            continue;
        /* "Could not verify" is never a failure: it stays a warning unless made info. */
        if (f->unverified && sev != (int)UHP_SEV_INFO)
            continue;
        f->severity = (uhp_severity)sev;
    }
    for (size_t i = 0; i < p->n_ignores && !run->out_of_memory; i++)
        suppress_apply_ignore(p, &p->ignores[i], run);
    suppress_recompute(run, suppress_is_warning, p);
    uhp_run_finalize(run);
}
