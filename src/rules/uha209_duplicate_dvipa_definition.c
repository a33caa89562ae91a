/* UHA209 duplicate-dvipa-definition: each DVIPA has one VIPADEFINE or VIPABACKUP per profile.
 * IBM (VIPADEFINE, VIPABACKUP): "Within a single profile there should be only one ...
 * statement for a particular DVIPA"; otherwise a VIPADELETE must come before the later one,
 * or the statement is rejected. Each --tcpip file counts as its own profile (one per stack). */
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"
#include "uhp/alloc.h"

typedef struct uha209_event {
    size_t file;
    const char *key; /* canonical address, or the IPv6 interface name for VIPADELETE */
    size_t stmt, addr;
} uha209_event;

/* qsort order: file, address, statement order. */
static int uha209_cmp(const void *a, const void *b)
{
    const uha209_event *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->stmt != y->stmt)
        return x->stmt < y->stmt ? -1 : 1;
    return x->addr < y->addr ? -1 : (x->addr > y->addr);
}

/* Sorts the define/delete events by file and address so each address is walked in order:
 * O(n log n) even for huge profiles. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_profile *p = ctx->profile;
    size_t n = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind == UHP_VS_DEFINE || s->kind == UHP_VS_BACKUP || s->kind == UHP_VS_DELETE)
            n += s->n_addrs;
    }
    if (n == 0)
        return;
    uha209_event *ev = uhp_malloc(n * sizeof *ev);
    if (!ev) {
        ctx->run->out_of_memory = true;
        return;
    }
    size_t m = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DEFINE && s->kind != UHP_VS_BACKUP && s->kind != UHP_VS_DELETE)
            continue;
        for (size_t j = 0; j < s->n_addrs; j++)
            ev[m++] =
                (uha209_event){s->file_index, s->addrs[j].canon ? s->addrs[j].canon : "", k, j};
    }
    qsort(ev, m, sizeof *ev, uha209_cmp);
    const uhp_vstmt *active = NULL;
    for (size_t k = 0; k < m; k++) {
        if (k == 0 || ev[k].file != ev[k - 1].file || strcmp(ev[k].key, ev[k - 1].key) != 0)
            active = NULL;
        const uhp_vstmt *s = &p->stmts[ev[k].stmt];
        if (s->kind == UHP_VS_DELETE) {
            active = NULL;
            continue;
        }
        if (active) {
            const uhp_paddr *a = &s->addrs[ev[k].addr];
            uhp_ctx_fail_at(
                ctx, uhp_vstmt_file(p, s), a->tok.line, a->tok.col, uhp_tcpip_key_path(ctx, s),
                uhp_ctx_printf(
                    ctx,
                    "DVIPA %s is defined again by the %s at line "
                    "%u; the %s at line %u of this profile already "
                    "defines it, so TCP/IP rejects the later statement",
                    a->canon, s->kind == UHP_VS_DEFINE ? "VIPADEFINE" : "VIPABACKUP", s->kw.line,
                    active->kind == UHP_VS_DEFINE ? "VIPADEFINE" : "VIPABACKUP", active->kw.line),
                uhp_ctx_printf(ctx,
                               "keep one definition of %s, or put "
                               "'VIPADELETE %s' before the later one",
                               a->canon, a->canon));
        } else {
            active = s;
        }
    }
    uhp_free(ev);
}

const uhp_rule uhp_rule_uha209 = {
    .id = "UHA209",
    .name = "duplicate-dvipa-definition",
    .severity = UHP_SEV_ERROR,
    .title = "each DVIPA has one VIPADEFINE or VIPABACKUP per profile",
    .scope = UHP_SCOPE_GLOBAL,
    .flags = UHP_RULE_TCPIP,
    .check = check,
};
