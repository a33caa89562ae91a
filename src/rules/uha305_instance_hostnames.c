/* UHA305 instance-hostnames: every HA instance has a hostname; two instances share one
 * only when they also share the sysname (two Zowe instances on one LPAR, as lpar2a and
 * lpar2b in Zowe's example-zowe.yaml; then UHA303 and UHA304 keep their gateway and ports
 * apart); and no hostname is the DVIPA. The hostname is the instance's own host for
 * internal communication (discovery registration, Infinispan members): two systems under
 * one name send that traffic to one of them, and the DVIPA moves with the distributor. */
#include <stddef.h>
#include <strings.h>

#include "rule_internal.h"

/* Reports instance IN without a usable hostname (VAL is what was found). */
static void missing(uhp_rule_ctx *ctx, const uhp_instance *in, const uhp_value *val)
{
    const char *fix = uhp_ctx_printf(ctx,
                                     "set haInstances.%s.hostname to the host name of the "
                                     "system the instance runs on (not the DVIPA), e.g. "
                                     "hostname: lpar1.example.com",
                                     in->id);
    if (val->kind == UHP_VAL_UNKNOWN) {
        uhp_report_as as = {.severity = UHP_SEV_WARNING, .unverified = true, .instances = in->id};
        uhp_ctx_report_value(ctx, val, &as,
                             uhp_ctx_printf(ctx,
                                            "haInstances.%s.hostname is a ${{ }} expression "
                                            "that cannot be evaluated here",
                                            in->id),
                             NULL);
        return;
    }
    const char *msg = uhp_ctx_printf(ctx,
                                     "HA instance '%s' has %s hostname: Zowe's schema requires "
                                     "it, and the other instances reach this one by it",
                                     in->id, val->kind == UHP_VAL_ABSENT ? "no" : "an empty");
    uhp_report_as as = {.instances = in->id};
    if (val->kind == UHP_VAL_ABSENT || !val->node)
        uhp_ctx_report(ctx, in->key_node, &as, msg, fix);
    else
        uhp_ctx_report_value(ctx, val, &as, msg, fix);
}

/* Checks presence, uniqueness across systems and the DVIPA for every hostname. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_config *cfg = ctx->cfg;
    size_t n = cfg->n_instances;
    if (n == 0) {
        uhp_ctx_not_applicable(ctx, "no haInstances");
        return;
    }
    const char **host = uhp_arena_alloc(ctx->arena, n * sizeof *host);
    uhp_value *hv = uhp_arena_alloc(ctx->arena, n * sizeof *hv);
    if (!host || !hv) {
        ctx->run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const uhp_instance *in = &cfg->instances[i];
        host[i] = uha3_instance_attr(ctx, in, "hostname", &hv[i]);
        if (!host[i]) {
            missing(ctx, in, &hv[i]);
            continue;
        }
        if (uhp_dvipa_matches(ctx->dvipa, host[i])) {
            uhp_ctx_report_value(
                ctx, &hv[i], &(uhp_report_as){.instances = in->id},
                uhp_ctx_printf(ctx,
                               "the hostname of HA instance '%s' is the DVIPA '%s': an "
                               "instance's hostname must be its own system's host, since "
                               "the DVIPA is distributed (or moves) to whichever system the "
                               "Sysplex Distributor picks",
                               in->id, host[i]),
                uhp_ctx_printf(ctx,
                               "set haInstances.%s.hostname to the system's own host name; "
                               "keep the DVIPA in zowe.externalDomains[0]",
                               in->id));
        }
    }
    /* Each instance is compared with the first earlier one of its hostname. */
    const size_t *first = uha3_first_alike(ctx, host, NULL, n);
    if (!first)
        return;
    for (size_t j = 1; j < n; j++) {
        size_t i = first[j];
        if (i == j)
            continue;
        const uhp_instance *a = &cfg->instances[i], *b = &cfg->instances[j];
        const char *sa = uha3_instance_attr(ctx, a, "sysname", NULL);
        const char *sb = uha3_instance_attr(ctx, b, "sysname", NULL);
        if (sa && sb && strcasecmp(sa, sb) == 0) {
            ctx->note = uhp_ctx_printf(ctx,
                                       "'%s' and '%s' share hostname '%s' on one system "
                                       "'%s', which Zowe allows (see UHA303, UHA304)",
                                       a->id, b->id, host[j], sb);
            continue;
        }
        uhp_report_as as = {.instances = uhp_ctx_printf(ctx, "%s, %s", a->id, b->id)};
        uhp_ctx_report_value(
            ctx, &hv[j], &as,
            uhp_ctx_printf(ctx,
                           "HA instances '%s' (sysname '%s') and '%s' (sysname '%s') have "
                           "the same hostname '%s': instances on different systems need "
                           "their own system's host name",
                           a->id, sa ? sa : "?", b->id, sb ? sb : "?", host[j]),
            uhp_ctx_printf(ctx,
                           "set haInstances.%s.hostname to the host name of system '%s' "
                           "(or, if both run on one LPAR, give them the same sysname)",
                           b->id, sb ? sb : "?"));
    }
}

const uhp_rule uhp_rule_uha305 = {
    .id = "UHA305",
    .name = "instance-hostnames",
    .severity = UHP_SEV_ERROR,
    .title = "every HA instance has its own system's hostname (shared only on one sysname, never "
             "the DVIPA)",
    .scope = UHP_SCOPE_GLOBAL,
    .check = check,
};
