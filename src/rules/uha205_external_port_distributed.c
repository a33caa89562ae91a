/* UHA205 external-port-distributed: a VIPADISTRIBUTE of the DVIPA covers zowe.externalPort,
 * the port clients use through the DVIPA (Zowe: "In Sysplex deployment, this is the DVIPA
 * port defined in Sysplex Distributor"). Any distribution method counts. */
#include <stddef.h>

#include "rule_internal.h"

/* Checks the instance's zowe.externalPort against the profile. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_tcpip_check_port(ctx, "zowe.externalPort", "the external port", false);
}

const uhp_rule uhp_rule_uha205 = {
    .id = "UHA205",
    .name = "external-port-distributed",
    .severity = UHP_SEV_ERROR,
    .title = "a VIPADISTRIBUTE of the DVIPA covers zowe.externalPort",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_TCPIP | UHP_RULE_UMS,
    .check = check,
};
