/* UHA103 external-port-gateway: zowe.externalPort equals the gateway port. In a Sysplex
 * the external port is the port the Sysplex Distributor distributes on the DVIPA, and
 * Zowe's own Sysplex example distributes exactly the gateway port. */
#include <stddef.h>

#include "rule_internal.h"

/* Returns a short "file:line" for where VAL was decided, in the ctx arena. */
static const char *where(uhp_rule_ctx *ctx, const uhp_value *val)
{
    const uhp_node *n = uhp_value_location(val);
    const uhp_source *src = uhp_node_source(n);
    if (!src || !src->name)
        return "Zowe's defaults";
    if (src->builtin)
        return "the built-in Zowe defaults";
    return uhp_ctx_printf(ctx, "%s:%u", src->name, (unsigned)n->start.line);
}

/* Reports a port value that is a template (unverified) or not a number (fail).
 * Returns true when it reported. */
static bool bad_port(uhp_rule_ctx *ctx, const uhp_value *val, const char *path, long port)
{
    if (val->kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, val,
                           uhp_ctx_printf(ctx,
                                          "%s is a ${{ }} expression that cannot be evaluated "
                                          "here, so zowe.externalPort and the gateway port "
                                          "could not be compared",
                                          path));
        return true;
    }
    if (port >= 0)
        return false;
    const char *text = val->kind == UHP_VAL_STRING ? val->str : NULL;
    uhp_ctx_fail_value(ctx, val,
                       text ? uhp_ctx_printf(ctx, "%s is '%s', not a port number", path, text)
                            : uhp_ctx_printf(ctx, "%s is not set to a port number", path),
                       uhp_ctx_printf(ctx,
                                      "set %s to the DVIPA port distributed by the Sysplex "
                                      "Distributor, as an integer (e.g. %s: 7554)",
                                      path, path));
    return true;
}

/* Compares zowe.externalPort with components.gateway.port where the gateway runs. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value en = uhp_view_get(ctx->view, "components.gateway.enabled");
    if (en.kind == UHP_VAL_BOOL && !en.b) {
        uhp_ctx_not_applicable(ctx, "the gateway is disabled in this instance (see UHA101)");
        return;
    }
    uhp_value ext = uhp_view_get(ctx->view, "zowe.externalPort");
    uhp_value gw = uhp_view_get(ctx->view, "components.gateway.port");
    long ext_port = uhp_value_port(&ext);
    long gw_port = uhp_value_port(&gw);
    if (bad_port(ctx, &ext, "zowe.externalPort", ext_port) ||
        bad_port(ctx, &gw, "components.gateway.port", gw_port))
        return;
    if (ext_port == gw_port)
        return;
    const char *fix;
    if (gw.from_instance)
        fix = uhp_ctx_printf(ctx,
                             "remove the components.gateway.port override from this "
                             "haInstances entry: every gateway must listen on the port the "
                             "Sysplex Distributor distributes (zowe.externalPort: %ld)",
                             ext_port);
    else
        fix = uhp_ctx_printf(ctx,
                             "set zowe.externalPort: %ld (the gateway port, distributed on the "
                             "DVIPA by the Sysplex Distributor), or change both to the same "
                             "port",
                             gw_port);
    /* Point at the value to change; name where the other one was decided. */
    const uhp_value *at = gw.from_instance ? &gw : &ext;
    const uhp_value *other = gw.from_instance ? &ext : &gw;
    uhp_fixb fb;
    uhp_fixb_begin(&fb, ctx, "set zowe.externalPort to the gateway port");
    if (gw.from_instance)
        uhp_fixb_refuse(&fb, "this haInstances entry moves the gateway port: which port the "
                             "Sysplex Distributor should use is a choice");
    else
        uhp_fixb_scalar(&fb, &ext, uhp_ctx_printf(ctx, "%ld", gw_port), false);
    uhp_ctx_fail_value(ctx, at,
                       uhp_ctx_printf(ctx,
                                      "zowe.externalPort is '%ld' but the gateway listens on "
                                      "components.gateway.port '%ld' (%s from %s): clients "
                                      "coming through the DVIPA port would not reach this "
                                      "gateway",
                                      ext_port, gw_port,
                                      other == &gw ? "gateway port" : "external port",
                                      where(ctx, other)),
                       fix);
    uhp_fixb_attach(&fb);
}

const uhp_rule uhp_rule_uha103 = {
    .id = "UHA103",
    .name = "external-port-gateway",
    .severity = UHP_SEV_ERROR,
    .title = "zowe.externalPort equals components.gateway.port wherever the gateway is enabled",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
