/* UHA105 ums-auth-mfa-jwt: components.izp.server.authType is MFA_JWT. IBM requires it for
 * UMS HA: MFA_JWT makes UMS use the API ML single sign-on that the backup server relies
 * on. Users need not be MFA users. The key sits under server, not under security. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

#define UHA105_FIX "set components.izp.server.authType: MFA_JWT in the ZWEYAML member"

/* Returns " (an authType under components.izp.security is ignored)" when one exists. */
static const char *misplaced_hint(uhp_rule_ctx *ctx)
{
    uhp_value sec = uhp_view_get(ctx->view, "components.izp.security.authType");
    if (sec.kind == UHP_VAL_ABSENT)
        return "";
    return "; an authType under components.izp.security is not read: the key belongs under "
           "components.izp.server";
}

/* Returns "; did you mean 'authtype' at FILE:LINE?" for a near miss of authType, or "". */
static const char *near_key(uhp_rule_ctx *ctx)
{
    const char *h = dym_near_key(ctx, "components.izp.server", "authType");
    return h ? h : "";
}

/* Checks the effective components.izp.server.authType of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value at = uhp_view_get(ctx->view, "components.izp.server.authType");
    switch (at.kind) {
    case UHP_VAL_UNKNOWN:
        uhp_ctx_unverified(ctx, &at,
                           "components.izp.server.authType is a ${{ }} expression that cannot "
                           "be evaluated here, so whether it is MFA_JWT could not be verified");
        return;
    case UHP_VAL_ABSENT:
    case UHP_VAL_NULL: {
        uhp_fixb fb;
        uhp_fixb_begin(&fb, ctx, "set components.izp.server.authType to MFA_JWT");
        if (at.kind == UHP_VAL_NULL)
            uhp_fixb_scalar(&fb, &at, "MFA_JWT", true);
        else
            uhp_fixb_refuse(&fb, "the key is set in no file, and a patch adds no keys: add "
                                 "it by hand");
        uhp_ctx_fail_value(ctx, &at,
                           uhp_ctx_printf(ctx,
                                          "components.izp.server.authType is not set, so UMS "
                                          "uses STANDARD_JWT; UMS HA needs MFA_JWT, which "
                                          "selects the API ML single sign-on%s%s",
                                          misplaced_hint(ctx), near_key(ctx)),
                           UHA105_FIX);
        uhp_fixb_attach(&fb);
        return;
    }
    case UHP_VAL_STRING:
        if (at.str && strcmp(at.str, "MFA_JWT") == 0)
            return;
        break;
    default:
        break;
    }
    const char *text = at.kind == UHP_VAL_STRING && at.str  ? at.str
                       : at.node && uhp_node_value(at.node) ? uhp_node_value(at.node)
                                                            : "";
    const char *why = strcasecmp(text, "MFA_JWT") == 0
                          ? " (the value is case-sensitive: write it in capitals)"
                          : "";
    uhp_fixb fb;
    uhp_fixb_begin(&fb, ctx, "set components.izp.server.authType to MFA_JWT");
    uhp_fixb_scalar(&fb, &at, "MFA_JWT", true);
    uhp_ctx_fail_value(ctx, &at,
                       uhp_ctx_printf(ctx,
                                      "components.izp.server.authType is '%s', not 'MFA_JWT'%s; "
                                      "UMS HA needs MFA_JWT, which selects the API ML single "
                                      "sign-on (users need not be MFA users)",
                                      text, why),
                       at.from_instance ? "set components.izp.server.authType: MFA_JWT in "
                                          "this haInstances entry, or remove the override"
                                        : UHA105_FIX);
    uhp_fixb_attach(&fb);
}

const uhp_rule uhp_rule_uha105 = {
    .id = "UHA105",
    .name = "ums-auth-mfa-jwt",
    .severity = UHP_SEV_ERROR,
    .title = "components.izp.server.authType is MFA_JWT in every instance",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
