/* UHA101 gateway-enabled: the API ML gateway runs in every instance. UMS HA relies on the
 * gateway's single sign-on (MFA_JWT) and on its external address being the DVIPA. */
#include <stddef.h>

#include "uhp/rule.h"

/* Checks the effective components.gateway.enabled of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value en = uhp_view_get(ctx->view, "components.gateway.enabled");
    switch (en.kind) {
    case UHP_VAL_BOOL:
        if (en.b)
            return;
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
        return;
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
    case UHP_VAL_STRING:
        uhp_ctx_fail_value(ctx, &en,
                           uhp_ctx_printf(ctx,
                                          "components.gateway.enabled is the string '%s', not "
                                          "a boolean: Zowe's schema rejects it, and the "
                                          "gateway must be enabled for UMS HA",
                                          en.str ? en.str : ""),
                           "write components.gateway.enabled: true without quotes");
        return;
    default:
        uhp_ctx_fail_value(ctx, &en,
                           "components.gateway.enabled is not a boolean; the gateway must be "
                           "enabled for UMS HA",
                           "set components.gateway.enabled: true in zowe.yaml");
        return;
    }
}

const uhp_rule uhp_rule_uha101 = {
    "UHA101",
    "gateway-enabled",
    UHP_SEV_ERROR,
    "the API ML gateway is enabled in every instance's effective config",
    UHP_SCOPE_INSTANCE,
    UHP_RULE_UMS,
    check,
};
