/* UHA303 one-gateway-per-lpar: no two instances with the same sysname both run the API ML
 * gateway. Zowe starts only one gateway per LPAR (example-zowe.yaml: "we can only start one
 * gateway in same LPAR"; "Configuring Sysplex for high availability"): the gateways share
 * the Sysplex Distributor port, so a second one on the same system cannot bind it. */
#include <stdbool.h>
#include <stddef.h>

#include "rule_internal.h"

/* Returns 1 when instance I runs the gateway, 0 when not, -1 when unknown (reported). */
static int runs_gateway(uhp_rule_ctx *ctx, size_t i)
{
    const uhp_instance *in = &ctx->cfg->instances[i];
    uhp_view v = {ctx->cfg, in, ctx->arena};
    uhp_value en;
    int on = uha3_component_enabled(&v, "gateway", &en);
    if (on < 0) {
        uhp_report_as as = {.severity = UHP_SEV_WARNING, .unverified = true, .instances = in->id};
        uhp_ctx_report_value(ctx, &en, &as,
                             uhp_ctx_printf(ctx,
                                            "components.gateway.enabled of instance '%s' is a "
                                            "${{ }} expression that cannot be evaluated here, "
                                            "so one gateway per LPAR could not be verified",
                                            in->id),
                             NULL);
    }
    return on;
}

/* Reports every instance whose gateway shares a sysname with an earlier gateway. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_config *cfg = ctx->cfg;
    size_t n = cfg->n_instances;
    if (n < 2) {
        ctx->note = n ? "one HA instance" : "no haInstances: one instance";
        return;
    }
    const char **sys = uhp_arena_alloc(ctx->arena, n * sizeof *sys);
    bool *gw = uhp_arena_alloc(ctx->arena, n * sizeof *gw);
    if (!sys || !gw) {
        ctx->run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        sys[i] = uha3_instance_attr(ctx, &cfg->instances[i], "sysname", NULL);
        gw[i] = sys[i] && runs_gateway(ctx, i) == 1; /* no sysname: UHA107 reports it */
    }
    /* Each extra gateway is reported with the first gateway on its system. */
    const size_t *first = uha3_first_alike(ctx, sys, gw, n);
    if (!first)
        return;
    for (size_t j = 1; j < n; j++) {
        size_t i = first[j];
        if (i == j)
            continue;
        const uhp_instance *a = &cfg->instances[i], *b = &cfg->instances[j];
        const char *msg = uhp_ctx_printf(
            ctx,
            "instances '%s' and '%s' both run the API ML gateway on system '%s': Zowe "
            "runs only one gateway per LPAR (they would compete for the same port)",
            a->id, b->id, sys[j]);
        const char *fix = uhp_ctx_printf(
            ctx,
            "keep one gateway on '%s': add components: {gateway: {enabled: false}} to "
            "haInstances.%s (or move it to another system by changing its sysname and "
            "hostname)",
            sys[j], b->id);
        uhp_value sv;
        uha3_instance_attr(ctx, b, "sysname", &sv);
        uhp_report_as as = {.instances = uhp_ctx_printf(ctx, "%s, %s", a->id, b->id)};
        uhp_ctx_report_value(ctx, &sv, &as, msg, fix);
    }
}

const uhp_rule uhp_rule_uha303 = {
    .id = "UHA303",
    .name = "one-gateway-per-lpar",
    .severity = UHP_SEV_ERROR,
    .title = "no two instances with the same sysname both run the API ML gateway",
    .scope = UHP_SCOPE_GLOBAL,
    .check = check,
};
