/* The policy applied to a finished run: rules turned off, severity overrides, ignore
 * entries with their globs, and what the policy changed recorded in the run's metadata. */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "suppress_internal.h"
#include "uhp/alloc.h"
#include "uhp/policy.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

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
    /* Zeroed: gcc -O2 cannot see that only the first n tokens are read. */
    suppress_gtok tok[UHP_POLICY_GLOB_MAX + 1] = {0};
    size_t n = 0;
    for (const char *p = pat; *p; n++) {
        if (n == UHP_POLICY_GLOB_MAX)
            return false; /* the policy refuses longer patterns with their position */
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

/* For uhp_suppress_recompute: true when the policy makes RULE_ID a warning. */
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
    uhp_suppress_recompute(run, suppress_is_warning, p);
    uhp_run_finalize(run);
}
