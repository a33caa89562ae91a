/* UHA204 zss-port-distributed: a VIPADISTRIBUTE of the DVIPA covers components.zss.port in
 * every instance where ZSS is enabled. IBM UMS: "the ZSS port should also be configured with
 * DVIPA". Any distribution method counts. */
#include <stddef.h>

#include "rule_internal.h"

/* Checks the instance's ZSS port against the profile, unless ZSS is disabled there. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value enabled = uhp_view_get(ctx->view, "components.zss.enabled");
    if (enabled.kind == UHP_VAL_BOOL && !enabled.b) {
        uhp_ctx_not_applicable(ctx, "components.zss.enabled is false here");
        return;
    }
    uhp_tcpip_check_port(ctx, "components.zss.port", "the ZSS port", false);
}

const uhp_rule uhp_rule_uha204 = {
    .id = "UHA204",
    .name = "zss-port-distributed",
    .severity = UHP_SEV_ERROR,
    .title = "a VIPADISTRIBUTE of the DVIPA covers components.zss.port",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_TCPIP | UHP_RULE_UMS,
    .check = check,
};
