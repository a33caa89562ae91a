/* UHA110 ums-enabled: components.izp.enabled is true. UMS runs as the Zowe component
 * `izp`; its settings come from the ZWEYAML PARMLIB member. When this rule fails the
 * engine reports every other UMS rule as not applicable for the instance. */
#include <stddef.h>

#include "uhp/rule.h"

#define UHA110_CONFIG_FIX                                                                          \
    "add the UMS member to the CONFIG= list of the Zowe started task (left-most wins), "           \
    "e.g. CONFIG=PARMLIB(IZP.I1.PARMLIB(ZWEYAML)):FILE(/global/zowe/zowe.yaml), so that "          \
    "components.izp.enabled: true is read (off the mainframe: --config with --parmlib "            \
    "DSN=DIR)"
#define UHA110_ENABLE_FIX "set components.izp.enabled: true in the ZWEYAML member"

/* Checks the effective components.izp and components.izp.enabled of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value izp = uhp_view_get(ctx->view, "components.izp");
    if (izp.kind == UHP_VAL_ABSENT || izp.kind == UHP_VAL_NULL) {
        uhp_ctx_fail_value(ctx, &izp,
                           "UMS is not configured: no layer sets components.izp, so Zowe "
                           "does not start UMS; the ZWEYAML PARMLIB member is probably "
                           "missing from CONFIG, and every UMS rule (UHA101-UHA106, UHA109) "
                           "is not applicable until it is added",
                           UHA110_CONFIG_FIX);
        return;
    }
    if (izp.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &izp,
                           "components.izp is a ${{ }} expression that cannot be evaluated "
                           "here, so whether UMS is enabled could not be verified");
        return;
    }
    if (izp.kind != UHP_VAL_MAP) {
        uhp_ctx_fail_value(ctx, &izp,
                           "components.izp is not a mapping, so Zowe has no UMS settings "
                           "and does not start UMS",
                           "restore the components.izp block of IBM's ZWEYAML template, "
                           "with enabled: true");
        return;
    }

    uhp_value en = uhp_view_get(ctx->view, "components.izp.enabled");
    switch (en.kind) {
    case UHP_VAL_BOOL:
        if (en.b)
            return;
        uhp_ctx_fail_value(ctx, &en,
                           "components.izp.enabled is 'false', so Zowe does not start UMS "
                           "on this system and the UMS rules are not applicable",
                           en.from_instance ? "remove enabled: false from components.izp in this "
                                              "haInstances entry, or set it to true"
                                            : UHA110_ENABLE_FIX);
        return;
    case UHP_VAL_UNKNOWN:
        uhp_ctx_unverified(ctx, &en,
                           "components.izp.enabled is a ${{ }} expression that cannot be "
                           "evaluated here, so whether UMS starts could not be verified");
        return;
    case UHP_VAL_ABSENT:
    case UHP_VAL_NULL:
        uhp_ctx_fail_value(ctx, &en,
                           "components.izp.enabled is not set, so Zowe does not start UMS "
                           "(IBM's template says it should always be true)",
                           UHA110_ENABLE_FIX);
        return;
    case UHP_VAL_STRING:
        uhp_ctx_fail_value(ctx, &en,
                           uhp_ctx_printf(ctx,
                                          "components.izp.enabled is the string '%s', not "
                                          "the boolean true: Zowe keeps quoted and non-boolean "
                                          "scalars as strings, so UMS is not enabled",
                                          en.str ? en.str : ""),
                           "write components.izp.enabled: true without quotes");
        return;
    default:
        uhp_ctx_fail_value(ctx, &en,
                           "components.izp.enabled is not a boolean, so UMS is not enabled",
                           UHA110_ENABLE_FIX);
        return;
    }
}

const uhp_rule uhp_rule_uha110 = {
    "UHA110",
    "ums-enabled",
    UHP_SEV_ERROR,
    "components.izp.enabled is true (UMS is configured and started by Zowe)",
    UHP_SCOPE_INSTANCE,
    0,
    check,
};
