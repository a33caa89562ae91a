/* UHA107 ha-instances: at least two HA instances, each with hostname and sysname. UMS HA
 * is active/passive across systems: with one instance there is nothing to take over, and
 * Zowe needs hostname and sysname to start an instance on its system. */
#include <stddef.h>

#include "rule_internal.h"

#define UHA107_TWO_FIX                                                                             \
    "define one haInstances entry per system that runs Zowe and UMS, e.g. haInstances: "           \
    "{lpar1: {hostname: lpar1.example.com, sysname: LPAR1}, lpar2: {hostname: "                    \
    "lpar2.example.com, sysname: LPAR2}}"

/* Returns the fix for instance IN's missing or empty KEY (hostname or sysname), in the ctx
 * arena ("" with the run flagged when memory runs out). Built only for a failure. */
static const char *key_fix(uhp_rule_ctx *ctx, const uhp_instance *in, const char *key)
{
    const char *example = key[0] == 'h' ? "lpar1.example.com" : "LPAR1";
    return uhp_ctx_printf(ctx,
                          "set haInstances.%s.%s to the %s of the system "
                          "it runs on, e.g. %s: %s",
                          in->id, key, key[0] == 'h' ? "host name" : "SYSNAME", key, example);
}

/* Reports instance I when KEY (hostname or sysname) is missing, empty or not a name. */
static void check_key(uhp_rule_ctx *ctx, const uhp_view *base, const uhp_value *inst, size_t i,
                      const char *key)
{
    const uhp_instance *in = &ctx->cfg->instances[i];
    uhp_value v = {0};
    if (inst->kind == UHP_VAL_MAP)
        v = uhp_value_child(base, inst, key);
    if (v.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &v,
                           uhp_ctx_printf(ctx,
                                          "haInstances.%s.%s is a ${{ }} expression that "
                                          "cannot be evaluated here",
                                          in->id, key));
        return;
    }
    if (v.kind == UHP_VAL_STRING && v.str && v.str[0] != '\0')
        return;
    const char *fix = key_fix(ctx, in, key);
    if (v.kind == UHP_VAL_INT || v.kind == UHP_VAL_BOOL || v.kind == UHP_VAL_SEQ ||
        v.kind == UHP_VAL_MAP) {
        /* Zowe's schema types both as strings and validates the merged configuration: a
         * plain all-digit name is an integer to Zowe's loader, so zwe refuses it. */
        const char *what = v.kind == UHP_VAL_INT    ? "a number"
                           : v.kind == UHP_VAL_BOOL ? "a boolean"
                           : v.kind == UHP_VAL_SEQ  ? "a list"
                                                    : "a mapping";
        const char *text = v.node && uhp_node_value(v.node) ? uhp_node_value(v.node) : "";
        uhp_ctx_fail_value(ctx, &v,
                           uhp_ctx_printf(ctx,
                                          "haInstances.%s.%s is %s, not a string: Zowe's schema "
                                          "requires a string, so zwe stops with a validation "
                                          "error",
                                          in->id, key, what),
                           v.kind == UHP_VAL_INT || v.kind == UHP_VAL_BOOL
                               ? uhp_ctx_printf(ctx, "quote it: %s: \"%s\"", key, text)
                               : fix);
        return;
    }
    if (v.kind == UHP_VAL_ABSENT || !v.node) {
        uhp_ctx_fail(ctx, in->key_node,
                     uhp_ctx_printf(ctx,
                                    "HA instance '%s' has no %s; Zowe needs it to start the "
                                    "instance on its system",
                                    in->id, key),
                     fix);
        return;
    }
    uhp_ctx_fail_value(ctx, &v,
                       uhp_ctx_printf(ctx,
                                      "HA instance '%s' has an empty %s; Zowe needs it "
                                      "to start the instance on its system",
                                      in->id, key),
                       fix);
}

/* Returns the node to point at when haInstances is missing: the `zowe` key of the
 * lowest-priority user file that has one (usually zowe.yaml, right-most in CONFIG, where
 * haInstances belongs), else NULL. The last layer is the defaults and is skipped. */
static const uhp_node *zowe_key(const uhp_rule_ctx *ctx)
{
    for (size_t i = ctx->cfg->n_layers; i-- > 1;) {
        const uhp_doc *d = ctx->cfg->layers[i - 1];
        if (!d || !d->root || (d->src && d->src->builtin))
            continue;
        const uhp_node *z = uhp_node_get(d->root, "zowe");
        if (z)
            return z;
    }
    return NULL;
}

/* Checks the number of instances and the hostname and sysname of each. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_view base = {ctx->cfg, NULL, ctx->arena};
    uhp_value ha = uhp_view_get(&base, "haInstances");
    if (ha.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &ha,
                           "haInstances is a ${{ }} expression that cannot be evaluated here");
        return;
    }
    size_t n = ctx->cfg->n_instances;
    if (n < 2) {
        const char *msg =
            n == 0 ? "no haInstances are defined, so Zowe runs on one system only and UMS has "
                     "no backup to take over"
                   : uhp_ctx_printf(ctx,
                                    "only one HA instance ('%s') is defined; UMS HA is "
                                    "active/passive and needs at least two systems",
                                    ctx->cfg->instances[0].id);
        const uhp_node *z = ha.kind == UHP_VAL_ABSENT ? zowe_key(ctx) : NULL;
        if (z)
            uhp_ctx_fail(ctx, z, msg, UHA107_TWO_FIX);
        else
            uhp_ctx_fail_value(ctx, &ha, msg, UHA107_TWO_FIX);
    }
    for (size_t i = 0; i < n; i++) {
        uhp_value inst = {0};
        if (ha.kind == UHP_VAL_MAP)
            inst = uhp_value_child(&base, &ha, ctx->cfg->instances[i].id);
        check_key(ctx, &base, &inst, i, "hostname");
        check_key(ctx, &base, &inst, i, "sysname");
    }
}

const uhp_rule uhp_rule_uha107 = {
    .id = "UHA107",
    .name = "ha-instances",
    .severity = UHP_SEV_ERROR,
    .title = "at least two haInstances are defined, each with hostname and sysname",
    .scope = UHP_SCOPE_GLOBAL,
    .check = check,
};
