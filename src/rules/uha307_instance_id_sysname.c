/* UHA307 instance-id-sysname: every haInstances key is its system's SYSNAME in lower case
 * (non-alphanumerics as '_'). A Zowe started without HAINST= takes that as its instance id
 * (zowe-install-packaging bin/libs/config.ts, sanitizeHaInstanceId) and finds no instance
 * under another key: it runs with the base configuration, its hostname the external domain
 * (zowe-install-packaging #3870). A warning: started with HAINST=<key>, the key works. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "rule_internal.h"

/* Returns SYSNAME as Zowe turns it into an instance id (lower case, every character that is
 * not an ASCII letter or digit as '_'), in the ctx arena; "" when memory runs out. */
static const char *sysname_id(uhp_rule_ctx *ctx, const char *sysname)
{
    char *out = (char *)uhp_ctx_printf(ctx, "%s", sysname);
    for (char *p = out; *p; p++) {
        unsigned char c = (unsigned char)*p;
        *p = c < 0x80 && isalnum(c) ? (char)tolower(c) : '_';
    }
    return out;
}

/* Warns when the ctx's instance is not the one Zowe finds on its system without HAINST=. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_instance *in = ctx->inst;
    if (!in) {
        uhp_ctx_not_applicable(ctx, "no haInstances");
        return;
    }
    if (!in->id_valid) {
        uhp_ctx_not_applicable(ctx, "an id Zowe never looks up (UHA108 reports it)");
        return;
    }
    uhp_value val;
    const char *sysname = uha3_instance_attr(ctx, in, "sysname", &val);
    if (!sysname) {
        if (val.kind == UHP_VAL_UNKNOWN)
            uhp_ctx_unverified(ctx, &val,
                               uhp_ctx_printf(ctx,
                                              "haInstances.%s.sysname is a ${{ }} expression "
                                              "that cannot be evaluated here, so whether "
                                              "Zowe finds this instance without HAINST= could "
                                              "not be verified",
                                              in->id));
        else
            uhp_ctx_not_applicable(ctx, "no sysname (UHA107 reports it)");
        return;
    }
    const char *want = sysname_id(ctx, sysname);
    if (strcmp(want, in->id) == 0)
        return;
    const char *found = "finds none: it runs with the base configuration and the external "
                        "domain as its hostname";
    for (size_t i = 0; i < ctx->cfg->n_instances; i++)
        if (strcmp(ctx->cfg->instances[i].id, want) == 0)
            found = "finds that instance instead: it runs with its settings, not these";
    uhp_ctx_report(
        ctx, in->key_node, &(uhp_report_as){.at_key = true},
        uhp_ctx_printf(ctx,
                       "HA instance '%s' runs on system '%s', but a Zowe started there without "
                       "HAINST= looks up the instance '%s' (the SYSNAME in lower case) and %s",
                       in->id, sysname, want, found),
        uhp_ctx_printf(ctx,
                       "start Zowe on '%s' with HAINST=%s (S ZWESLSTC,HAINST=%s), or rename "
                       "haInstances.%s to haInstances.%s",
                       sysname, in->id, in->id, in->id, want));
}

const uhp_rule uhp_rule_uha307 = {
    .id = "UHA307",
    .name = "instance-id-sysname",
    .severity = UHP_SEV_WARNING,
    .title = "every haInstances key is its sysname in lower case, the instance Zowe finds "
             "without HAINST=",
    .scope = UHP_SCOPE_INSTANCE,
    .check = check,
};
