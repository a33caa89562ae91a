/* UHA101 gateway-enabled: every system (sysname) that runs UMS runs an enabled API ML
 * gateway. UMS HA relies on the gateway's single sign-on (MFA_JWT) and on its external
 * address being the DVIPA. Zowe starts one gateway per LPAR, so a second instance on the
 * same system (example-zowe.yaml's lpar2b) runs none and is served by the first one's. */
#include <stddef.h>
#include <strings.h>

#include "rule_internal.h"

/* Returns the id of another instance on this instance's system (same sysname) that runs
 * the gateway, or NULL. */
static const char *gateway_on_same_system(uhp_rule_ctx *ctx, const char **sysname)
{
    *sysname = NULL;
    if (!ctx->inst)
        return NULL;
    const char *mine = uha3_instance_attr(ctx, ctx->inst, "sysname", NULL);
    if (!mine)
        return NULL;
    *sysname = mine;
    for (size_t i = 0; i < ctx->cfg->n_instances; i++) {
        const uhp_instance *in = &ctx->cfg->instances[i];
        if (in == ctx->inst)
            continue;
        const char *s = uha3_instance_attr(ctx, in, "sysname", NULL);
        if (!s || strcasecmp(s, mine) != 0)
            continue;
        uhp_view v = {ctx->cfg, in, ctx->arena};
        if (uha3_component_enabled(&v, "gateway", NULL) == 1)
            return in->id;
    }
    return NULL;
}

/* Checks the effective components.gateway.enabled of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value en = uhp_view_get(ctx->view, "components.gateway.enabled");
    switch (en.kind) {
    case UHP_VAL_BOOL: {
        if (en.b)
            return;
        const char *sys = NULL;
        const char *other = gateway_on_same_system(ctx, &sys);
        if (other) {
            ctx->note = uhp_ctx_printf(ctx,
                                       "no gateway in this instance; instance '%s' runs the "
                                       "gateway of system %s",
                                       other, sys);
            return;
        }
        uhp_fixb fb;
        uhp_fixb_begin(&fb, ctx, "set components.gateway.enabled to true");
        uhp_fixb_scalar(&fb, &en, "true", false);
        if (en.from_instance) {
            uhp_ctx_fail_value(ctx, &en,
                               "this haInstances entry disables the API ML gateway "
                               "(components.gateway.enabled: 'false'); UMS HA needs the "
                               "gateway on every system that runs UMS",
                               "remove components.gateway.enabled: false from this "
                               "haInstances entry (or set it to true)");
        } else {
            uhp_ctx_fail_value(ctx, &en,
                               "the API ML gateway is disabled (components.gateway.enabled: "
                               "'false'); UMS HA needs the gateway, whose single sign-on "
                               "keeps users logged on when UMS switches to the backup",
                               "set components.gateway.enabled: true in zowe.yaml");
        }
        uhp_fixb_attach(&fb);
        return;
    }
    case UHP_VAL_ABSENT:
    case UHP_VAL_NULL:
        /* Zowe's defaults.yaml enables the gateway, and it is always the lowest layer. */
        ctx->note = "components.gateway.enabled is not set: Zowe's defaults.yaml enables "
                    "the gateway";
        return;
    case UHP_VAL_UNKNOWN:
        uhp_ctx_unverified(ctx, &en,
                           "components.gateway.enabled is a ${{ }} expression that cannot be "
                           "evaluated here, so whether the gateway runs could not be verified");
        return;
    case UHP_VAL_STRING: {
        uhp_fixb fb;
        uhp_fixb_begin(&fb, ctx, "set components.gateway.enabled to true");
        uhp_fixb_scalar(&fb, &en, "true", false);
        uhp_ctx_fail_value(ctx, &en,
                           uhp_ctx_printf(ctx,
                                          "components.gateway.enabled is the string '%s', not "
                                          "a boolean: Zowe's schema rejects it, and the "
                                          "gateway must be enabled for UMS HA",
                                          en.str ? en.str : ""),
                           "write components.gateway.enabled: true without quotes");
        uhp_fixb_attach(&fb);
        return;
    }
    default:
        uhp_ctx_fail_value(ctx, &en,
                           "components.gateway.enabled is not a boolean; the gateway must be "
                           "enabled for UMS HA",
                           "set components.gateway.enabled: true in zowe.yaml");
        return;
    }
}

const uhp_rule uhp_rule_uha101 = {
    .id = "UHA101",
    .name = "gateway-enabled",
    .severity = UHP_SEV_ERROR,
    .title = "every system (sysname) that runs UMS runs an enabled API ML gateway",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
