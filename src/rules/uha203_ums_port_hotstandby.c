/* UHA203 ums-port-hotstandby: a HOTSTANDBY VIPADISTRIBUTE of the DVIPA covers the UMS main
 * port (components.izp.server.port.http) in every instance. IBM UMS "Preparing for high
 * availability": configure DVIPA with the UMS main HTTP port defined as hot standby. */
#include <stddef.h>

#include "rule_internal.h"

/* Checks the instance's UMS port against the profile. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_tcpip_check_port(ctx, "components.izp.server.port.http", "the UMS port", true);
}

const uhp_rule uhp_rule_uha203 = {
    .id = "UHA203",
    .name = "ums-port-hotstandby",
    .severity = UHP_SEV_ERROR,
    .title = "a HOTSTANDBY VIPADISTRIBUTE of the DVIPA covers components.izp.server.port.http",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_TCPIP | UHP_RULE_UMS,
    .check = check,
};
