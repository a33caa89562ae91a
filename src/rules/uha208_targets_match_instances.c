/* UHA208 targets-match-instances: the HOTSTANDBY VIPADISTRIBUTE of the DVIPA has as many
 * DESTIP targets as there are systems that run UMS (IBM UMS: list "the UMS IP addresses of
 * the machines that are running Zowe"; a target is a TCP/IP stack, so two instances on one
 * system count once). A warning: the profile cannot say which XCF address belongs to which
 * system, only that the counts differ. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* True when instance I (the base config when the config has no haInstances) has
 * components.izp.enabled true. */
static bool uha208_runs_ums(uhp_rule_ctx *ctx, size_t i)
{
    uhp_view v = {ctx->cfg, ctx->cfg->n_instances ? &ctx->cfg->instances[i] : NULL, ctx->arena};
    uhp_value en = uhp_view_get(&v, "components.izp.enabled");
    return uhp_value_is_true(&en);
}

/* Returns the number of systems (distinct sysnames; an instance without one counts alone)
 * with an instance whose components.izp.enabled is true (the base config counts as one
 * without haInstances). */
static size_t uha208_ums_instances(uhp_rule_ctx *ctx)
{
    size_t n_inst = ctx->cfg->n_instances;
    if (n_inst == 0)
        return uha208_runs_ums(ctx, 0) ? 1 : 0;
    /* The sysnames of the instances that run UMS, read once each. */
    const char **sys = uhp_arena_alloc(ctx->arena, n_inst * sizeof *sys);
    if (!sys) {
        ctx->run->out_of_memory = true;
        return 0;
    }
    size_t n_ums = 0, n = 0;
    for (size_t i = 0; i < n_inst; i++) {
        if (!uha208_runs_ums(ctx, i))
            continue;
        const char *s = uha3_instance_attr(ctx, &ctx->cfg->instances[i], "sysname", NULL);
        bool seen = false;
        for (size_t j = 0; j < n_ums && s && !seen; j++)
            seen = sys[j] && strcasecmp(sys[j], s) == 0;
        sys[n_ums++] = s;
        n += !seen;
    }
    return n;
}

/* Returns the ids of the instances that run UMS, comma separated, for a finding (arena
 * of the ctx; "no haInstances" without haInstances). */
static const char *uha208_ums_ids(uhp_rule_ctx *ctx)
{
    if (ctx->cfg->n_instances == 0)
        return "no haInstances";
    const char *ids = "";
    size_t n = 0;
    for (size_t i = 0; i < ctx->cfg->n_instances; i++) {
        if (!uha208_runs_ums(ctx, i))
            continue;
        ids = n ? uhp_ctx_printf(ctx, "%s, %s", ids, ctx->cfg->instances[i].id)
                : ctx->cfg->instances[i].id;
        n++;
    }
    return ids;
}

/* qsort order of DESTIP addresses (pointers). */
static int uha208_cmp(const void *a, const void *b)
{
    return uhp_paddr_cmp(*(const uhp_paddr *const *)a, *(const uhp_paddr *const *)b);
}

/* Returns the number of distinct DESTIP addresses of S: sorted, so n log n for the
 * 50,000 targets a hostile profile may list. */
static size_t uha208_distinct_targets(uhp_rule_ctx *ctx, const uhp_vstmt *s)
{
    if (s->n_dests < 2)
        return s->n_dests;
    const uhp_paddr **v = uhp_arena_alloc(ctx->arena, s->n_dests * sizeof *v);
    if (!v) {
        ctx->run->out_of_memory = true;
        return s->n_dests;
    }
    for (size_t k = 0; k < s->n_dests; k++)
        v[k] = &s->dests[k].addr;
    qsort(v, s->n_dests, sizeof *v, uha208_cmp);
    size_t n = 1;
    for (size_t k = 1; k < s->n_dests; k++)
        n += uhp_paddr_cmp(v[k - 1], v[k]) != 0;
    return n;
}

/* Compares each HOTSTANDBY distribution of the DVIPA with the UMS instance count. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_profile *p = ctx->profile;
    uhp_paddr dv;
    const char *origin = NULL, *ids = NULL;
    bool known = uhp_tcpip_rule_dvipa(ctx, &dv, &origin);
    size_t n_ums = uha208_ums_instances(ctx);
    size_t seen = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (!uhp_vstmt_distributes(s) || s->method != UHP_DM_HOTSTANDBY || s->destip_all ||
            !uhp_tcpip_is_dvipa(s, &dv, known))
            continue;
        seen++;
        size_t n = uha208_distinct_targets(ctx, s);
        if (n == n_ums)
            continue;
        if (!ids) /* the instance list is spelt out only for a finding */
            ids = uha208_ums_ids(ctx);
        uhp_ctx_fail_at(ctx, uhp_vstmt_file(p, s), s->destip_tok.line, s->destip_tok.col,
                        uhp_tcpip_key_path(ctx, s),
                        uhp_ctx_printf(ctx,
                                       "the HOTSTANDBY VIPADISTRIBUTE of %s at line %u lists "
                                       "%zu DESTIP target%s, but %zu system%s run%s UMS (%s): "
                                       "each system that runs UMS needs one target, and each "
                                       "target a UMS",
                                       s->dvipa.canon ? s->dvipa.canon : "?", s->kw.line, n,
                                       n == 1 ? "" : "s", n_ums, n_ums == 1 ? "" : "s",
                                       n_ums == 1 ? "s" : "", ids),
                        n > n_ums ? "remove the DESTIP targets of systems that run no UMS, or "
                                    "add the missing haInstances entries"
                                  : "add the dynamic XCF address of every system that runs "
                                    "UMS as a BACKUP target");
    }
    if (seen == 0)
        uhp_ctx_not_applicable(ctx, "no HOTSTANDBY VIPADISTRIBUTE of the DVIPA to compare "
                                    "(see UHA203)");
}

const uhp_rule uhp_rule_uha208 = {
    .id = "UHA208",
    .name = "targets-match-instances",
    .severity = UHP_SEV_WARNING,
    .title = "the HOTSTANDBY VIPADISTRIBUTE has as many DESTIP targets as UMS instances",
    .scope = UHP_SCOPE_GLOBAL,
    .flags = UHP_RULE_TCPIP | UHP_RULE_UMS,
    .check = check,
};
