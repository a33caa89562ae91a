/* UHA206 hotstandby-targets: every HOTSTANDBY VIPADISTRIBUTE has targets TCP/IP accepts:
 * exactly one PREFERRED and at least one BACKUP (EZZ0826I, EZZ0827I), at most 31 BACKUP
 * (EZZ0829I), no address both PREFERRED and BACKUP (EZZ0830I), no DESTIP ALL (EZZ0165I).
 * TCP/IP ignores a statement that breaks one of these. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "rule_internal.h"

/* Reports a finding at token AT of statement S. */
static void uha206_fail(uhp_rule_ctx *ctx, const uhp_vstmt *s, const uhp_ptok *at, const char *msg,
                        const char *fix)
{
    uhp_ctx_fail_at(ctx, uhp_vstmt_file(ctx->profile, s), at->line, at->col,
                    uhp_tcpip_key_path(ctx, s), msg, fix);
}

/* A target of a statement, for sorting the targets by address, then by position. */
typedef struct uha206_key {
    const uhp_pdest *dests;
    size_t k;
} uha206_key;

static int uha206_key_cmp(const void *pa, const void *pb)
{
    const uha206_key *a = pa, *b = pb;
    int c = uhp_paddr_cmp(&a->dests[a->k].addr, &b->dests[b->k].addr);
    return c ? c : (a->k > b->k) - (a->k < b->k);
}

/* For each target of S, the first earlier target with the same address and the other role
 * (PREFERRED against BACKUP), or SIZE_MAX: sorted by address, so n log n for the 50,000
 * targets a hostile profile may list. Returns NULL when memory runs out (run flagged). */
static size_t *uha206_conflicts(uhp_rule_ctx *ctx, const uhp_vstmt *s)
{
    size_t n = s->n_dests;
    size_t *conflict = uhp_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *conflict);
    uha206_key *keys = uhp_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *keys);
    if (!conflict || !keys) {
        ctx->run->out_of_memory = true;
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        conflict[k] = SIZE_MAX;
        keys[k] = (uha206_key){s->dests, k};
    }
    qsort(keys, n, sizeof *keys, uha206_key_cmp);
    for (size_t g = 0; g < n;) {
        size_t first_pref = SIZE_MAX, first_backup = SIZE_MAX, e = g;
        for (; e < n && uhp_paddr_cmp(&s->dests[keys[g].k].addr, &s->dests[keys[e].k].addr) == 0;
             e++) {
            size_t k = keys[e].k;
            if (s->dests[k].role == UHP_ROLE_PREFERRED) {
                conflict[k] = first_backup;
                if (first_pref == SIZE_MAX)
                    first_pref = k;
            } else if (s->dests[k].role == UHP_ROLE_BACKUP) {
                conflict[k] = first_pref;
                if (first_backup == SIZE_MAX)
                    first_backup = k;
            }
        }
        g = e;
    }
    return conflict;
}

/* Checks the targets of one HOTSTANDBY VIPADISTRIBUTE. */
static void uha206_check_stmt(uhp_rule_ctx *ctx, const uhp_vstmt *s)
{
    const char *fix = "list one target PREFERRED and the others BACKUP: DESTIP <xcf-1> "
                      "PREFERRED <xcf-2> BACKUP";
    if (s->destip_all) {
        uha206_fail(ctx, s, &s->destip_tok,
                    uhp_ctx_printf(ctx,
                                   "EZZ0165I: DESTIP ALL cannot be used with DISTMETHOD "
                                   "HOTSTANDBY; TCP/IP rejects the VIPADISTRIBUTE at line %u",
                                   s->kw.line),
                    fix);
        return;
    }
    size_t pref = 0, backup = 0;
    bool no_role = false;
    const size_t *conflicts = uha206_conflicts(ctx, s);
    for (size_t k = 0; k < s->n_dests; k++) {
        const uhp_pdest *d = &s->dests[k];
        if (d->role == UHP_ROLE_NONE) {
            no_role = true;
            uha206_fail(ctx, s, &d->addr.tok,
                        uhp_ctx_printf(ctx,
                                       "EZZ0826I: DESTIP target '%s' has neither PREFERRED "
                                       "nor BACKUP; with DISTMETHOD HOTSTANDBY every target "
                                       "needs one, and TCP/IP ignores the VIPADISTRIBUTE at "
                                       "line %u",
                                       d->addr.tok.text, s->kw.line),
                        uhp_ctx_printf(ctx,
                                       "write '%s BACKUP' (or PREFERRED for the one "
                                       "system that should normally serve)",
                                       d->addr.tok.text));
            continue;
        }
        if (d->role == UHP_ROLE_PREFERRED)
            pref++;
        else if (++backup == 32)
            uha206_fail(ctx, s, &d->role_tok,
                        uhp_ctx_printf(ctx,
                                       "EZZ0829I: more than 31 BACKUP targets on the "
                                       "HOTSTANDBY VIPADISTRIBUTE at line %u; TCP/IP ignores "
                                       "the statement",
                                       s->kw.line),
                        "keep at most 31 BACKUP targets");
        if (conflicts && conflicts[k] != SIZE_MAX) {
            const uhp_pdest *e = &s->dests[conflicts[k]];
            uha206_fail(ctx, s, &d->addr.tok,
                        uhp_ctx_printf(ctx,
                                       "EZZ0830I: '%s' is both PREFERRED and BACKUP "
                                       "(lines %u and %u) on the VIPADISTRIBUTE at line %u; "
                                       "TCP/IP ignores the statement",
                                       d->addr.tok.text, e->addr.tok.line, d->addr.tok.line,
                                       s->kw.line),
                        "list each dynamic XCF address once");
        }
    }
    if (!no_role && (pref != 1 || backup == 0))
        uha206_fail(ctx, s, &s->destip_tok,
                    uhp_ctx_printf(ctx,
                                   "EZZ0827I: DISTMETHOD HOTSTANDBY needs exactly one "
                                   "PREFERRED and at least one BACKUP target; the VIPADISTRIBUTE "
                                   "at line %u has %zu PREFERRED and %zu BACKUP, so TCP/IP "
                                   "ignores it",
                                   s->kw.line, pref, backup),
                    fix);
}

/* Checks every HOTSTANDBY VIPADISTRIBUTE of the profile. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_profile *p = ctx->profile;
    size_t n = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || s->delete_opt || s->method != UHP_DM_HOTSTANDBY)
            continue;
        n++;
        uha206_check_stmt(ctx, s);
    }
    if (n == 0)
        uhp_ctx_not_applicable(ctx, "the profile has no HOTSTANDBY VIPADISTRIBUTE");
}

const uhp_rule uhp_rule_uha206 = {
    .id = "UHA206",
    .name = "hotstandby-targets",
    .severity = UHP_SEV_ERROR,
    .title =
        "every HOTSTANDBY VIPADISTRIBUTE has one PREFERRED and 1-31 BACKUP targets, no DESTIP ALL",
    .scope = UHP_SCOPE_GLOBAL,
    .flags = UHP_RULE_TCPIP,
    .check = check,
};
