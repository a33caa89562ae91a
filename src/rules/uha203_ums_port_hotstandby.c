/* UHA203 ums-port-hotstandby: a HOTSTANDBY VIPADISTRIBUTE of the DVIPA covers the UMS main
 * port (components.izp.server.port.http) in every instance. IBM UMS "Preparing for high
 * availability": configure DVIPA with the UMS main HTTP port defined as hot standby. */
#include <stddef.h>

#include "uhp/rule.h"
#include "uhp/tcpip.h"

/* Checks the instance's UMS port against the profile. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_tcpip_check_port(ctx, "components.izp.server.port.http", "the UMS port", true);
}

const uhp_rule uhp_rule_uha203 = {
    "UHA203",
    "ums-port-hotstandby",
    UHP_SEV_ERROR,
    "a HOTSTANDBY VIPADISTRIBUTE of the DVIPA covers components.izp.server.port.http",
    UHP_SCOPE_INSTANCE,
    UHP_RULE_TCPIP | UHP_RULE_UMS,
    check,
};
