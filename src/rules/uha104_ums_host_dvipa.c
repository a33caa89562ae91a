/* UHA104 ums-host-dvipa: components.izp.server.host is the DVIPA in every instance. When
 * it is blank UMS falls back to zowe.externalDomains[0], which IBM does not accept for HA:
 * the DVIPA must be in components.izp.server.host itself. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* The DVIPA is not declared: compares the places that must agree with each other. */
static void check_undeclared(uhp_rule_ctx *ctx, const uhp_value *host, const char *text)
{
    const char *fix = uhp_ctx_printf(ctx,
                                     "set components.izp.server.host: %s in the ZWEYAML "
                                     "member, and override it in no haInstances entry",
                                     dvipa_suggestion(ctx));
    dvipa_conflict c = dvipa_check_agreement(ctx, "components.izp.server.host", text);
    if (c.kind == DVIPA_IS_HOSTNAME) {
        uhp_ctx_fail_value(ctx, host,
                           uhp_ctx_printf(ctx,
                                          "components.izp.server.host is '%s', the hostname "
                                          "of HA instance '%s', not a DVIPA: UMS would not be "
                                          "reachable when that system stops",
                                          text, c.other_id),
                           fix);
        return;
    }
    if (c.kind == DVIPA_DIFFERS) {
        uhp_ctx_fail_value(ctx, host,
                           uhp_ctx_printf(ctx,
                                          "components.izp.server.host differs between HA "
                                          "instances: '%s' here, '%s' in '%s'; it must be the "
                                          "same DVIPA everywhere",
                                          text, c.other_text, c.other_id),
                           fix);
        return;
    }
    uhp_value ext = uhp_view_get(ctx->view, "zowe.externalDomains[0]");
    const char *etext = dvipa_value_text(&ext);
    if (etext && strcasecmp(etext, text) == 0) {
        ctx->note = uhp_ctx_printf(ctx,
                                   "DVIPA not declared; components.izp.server.host '%s' equals "
                                   "zowe.externalDomains[0]",
                                   text);
        return;
    }
    if (etext && etext[0] != '\0') {
        /* Both must be the DVIPA. Two different addresses cannot both be; a name and an
         * address (or two names) may be, which only a declared DVIPA can tell. */
        const char *msg = uhp_ctx_printf(ctx,
                                         "components.izp.server.host '%s' and "
                                         "zowe.externalDomains[0] '%s' disagree, and both must "
                                         "be the DVIPA (its DNS name or its address)",
                                         text, etext);
        if (uhp_ip_address_valid(text) && uhp_ip_address_valid(etext)) {
            uhp_ctx_fail_value(
                ctx, host, uhp_ctx_printf(ctx, "%s: two different addresses cannot both be", msg),
                fix);
            return;
        }
        uhp_ctx_unverified(ctx, host,
                           uhp_ctx_printf(ctx,
                                          "%s; the DVIPA is not declared, so which one is right "
                                          "could not be verified: pass --dvipa NAME=ADDR, or "
                                          "declare dvipa: in the policy",
                                          msg));
        return;
    }
    uhp_ctx_unverified(ctx, host,
                       uhp_ctx_printf(ctx,
                                      "DVIPA not declared, so whether components.izp.server."
                                      "host '%s' is the DVIPA could not be verified; pass "
                                      "--dvipa NAME=ADDR",
                                      text));
}

/* Checks the effective components.izp.server.host of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value host = uhp_view_get(ctx->view, "components.izp.server.host");
    if (host.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &host,
                           "components.izp.server.host is a ${{ }} expression that cannot be "
                           "evaluated here, so whether it is the DVIPA could not be verified");
        return;
    }
    const char *text = dvipa_value_text(&host);
    if (!text || text[0] == '\0') {
        const char *near = dym_near_key(ctx, "components.izp.server", "host");
        uhp_fixb fb;
        uhp_fixb_begin(&fb, ctx, "set components.izp.server.host to the DVIPA address");
        if (ctx->dvipa && uhp_dvipa_declared(ctx->dvipa))
            uhp_fixb_scalar(&fb, &host, ctx->dvipa->address, true);
        else
            uhp_fixb_refuse(&fb, "the DVIPA is not declared (--dvipa)");
        uhp_ctx_fail_value(ctx, &host,
                           uhp_ctx_printf(ctx,
                                          "components.izp.server.host is not set, so UMS uses "
                                          "zowe.externalDomains[0]; IBM requires the DVIPA "
                                          "address in components.izp.server.host for UMS high "
                                          "availability%s",
                                          near ? near : ""),
                           uhp_ctx_printf(ctx,
                                          "set components.izp.server.host: %s in the ZWEYAML "
                                          "member",
                                          dvipa_suggestion(ctx)));
        uhp_fixb_attach(&fb);
        return;
    }
    if (!ctx->dvipa || !uhp_dvipa_declared(ctx->dvipa)) {
        check_undeclared(ctx, &host, text);
        return;
    }
    const char *resolved = NULL;
    switch (uhp_dvipa_judge(ctx->dvipa, text, ctx->arena, &resolved)) {
    case UHP_DVIPA_NAME_MATCHES:
        if (resolved)
            ctx->note = uhp_ctx_printf(ctx,
                                       "components.izp.server.host '%s' resolves to the DVIPA "
                                       "%s (--resolve)",
                                       text, resolved);
        return;
    case UHP_DVIPA_NAME_UNKNOWN: {
        dvipa_conflict c = dvipa_check_agreement(ctx, "components.izp.server.host", text);
        if (c.kind == DVIPA_IS_HOSTNAME)
            break;
        uhp_ctx_unverified(ctx, &host,
                           dvipa_unknown_name_message(ctx, "components.izp.server.host", text));
        return;
    }
    case UHP_DVIPA_NAME_DIFFERS:
        break;
    }
    uhp_fixb fb;
    uhp_fixb_begin(&fb, ctx, "set components.izp.server.host to the DVIPA address");
    uhp_fixb_scalar(&fb, &host, ctx->dvipa->address, true);
    uhp_ctx_fail_value(
        ctx, &host,
        uhp_ctx_printf(ctx,
                       "components.izp.server.host is '%s'%s, not the DVIPA "
                       "'%s' (from %s): UMS would not move with the DVIPA when "
                       "the active system stops",
                       text, resolved ? uhp_ctx_printf(ctx, " (it resolves to %s)", resolved) : "",
                       dvipa_suggestion(ctx), ctx->dvipa->origin ? ctx->dvipa->origin : "--dvipa"),
        uhp_ctx_printf(ctx,
                       host.from_instance ? "set components.izp.server.host: %s in this "
                                            "haInstances entry, or remove the override"
                                          : "set components.izp.server.host: %s in the "
                                            "ZWEYAML member",
                       dvipa_suggestion(ctx)));
    uhp_fixb_attach(&fb);
}

const uhp_rule uhp_rule_uha104 = {
    .id = "UHA104",
    .name = "ums-host-dvipa",
    .severity = UHP_SEV_ERROR,
    .title = "components.izp.server.host is the DVIPA in every instance",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
