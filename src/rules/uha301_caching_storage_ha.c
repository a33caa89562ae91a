/* UHA301 caching-storage-ha: the caching service's storage works with several instances.
 * The caching service holds the state the gateways share (sessions, tokens, API ML
 * caches): `inMemory` keeps it in each instance's own memory, so with two or more
 * instances running the caching service a failover loses it (error); `redis` is not
 * available on z/OS (error); `VSAM` is deprecated (warning) and, shared by instances in a
 * Sysplex, needs record-level sharing, `zowe.setup.vsam.mode: RLS` (warning). A mode that
 * is none of Zowe's four stops the caching service (error). */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

#define UHA301_INFINISPAN_FIX                                                                      \
    "set components.caching-service.storage.mode: infinispan (Zowe's recommended storage for "     \
    "high availability) and list every caching service instance in "                               \
    "components.caching-service.storage.infinispan.initialHosts"

/* The instances that run the caching service: the same for every instance's run, so
 * counted once per check (the count is linear in the instances, and runs per instance). */
typedef struct running {
    size_t n;
    const char *ids; /* comma separated, in the cache arena */
} running;

/* Returns the running instances from the rule's cache, counting them at the first call.
 * NULL (the run flagged) when memory runs out. */
static const running *get_running(uhp_rule_ctx *ctx)
{
    if (*ctx->cache)
        return *ctx->cache;
    const char *ids = "";
    size_t n = uha3_count_running(ctx, "caching-service", &ids);
    running *r = uhp_arena_alloc(ctx->cache_arena, sizeof *r);
    const char *kept = r && !ctx->run->out_of_memory
                           ? uhp_arena_strndup(ctx->cache_arena, ids, strlen(ids))
                           : NULL;
    if (!kept) {
        ctx->run->out_of_memory = true;
        return NULL;
    }
    r->n = n;
    r->ids = kept;
    *ctx->cache = r;
    return r;
}

/* Reports a warning (not an error) at VAL for this rule. */
static void warn(uhp_rule_ctx *ctx, const uhp_value *val, const char *msg, const char *fix)
{
    uhp_ctx_report_value(ctx, val, &(uhp_report_as){.severity = UHP_SEV_WARNING}, msg, fix);
}

/* VSAM: deprecated everywhere; shared by several instances it needs RLS. */
static void check_vsam(uhp_rule_ctx *ctx, const uhp_value *mode, size_t n, const char *ids)
{
    warn(ctx, mode,
         "caching storage mode 'VSAM' is deprecated: Zowe recommends infinispan, which is "
         "part of Zowe and needs no data set",
         UHA301_INFINISPAN_FIX);
    if (n < 2)
        return;
    uhp_value rls = uhp_view_get(ctx->view, "zowe.setup.vsam.mode");
    if (rls.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &rls,
                           "zowe.setup.vsam.mode is a ${{ }} expression that cannot be "
                           "evaluated here, so whether the VSAM data set uses record-level "
                           "sharing could not be verified");
        return;
    }
    if (rls.kind == UHP_VAL_STRING && rls.str && strcasecmp(rls.str, "RLS") == 0)
        return;
    const char *msg = uhp_ctx_printf(
        ctx,
        "%zu instances (%s) share the caching service's VSAM data set, but "
        "zowe.setup.vsam.mode is %s%s%s: in a Sysplex the data set needs record-level "
        "sharing (RLS)",
        n, ids, rls.kind == UHP_VAL_STRING ? "'" : "",
        rls.kind == UHP_VAL_STRING && rls.str ? rls.str : "not set",
        rls.kind == UHP_VAL_STRING ? "'" : "");
    warn(ctx, &rls, msg,
         "set zowe.setup.vsam.mode: RLS (with zowe.setup.vsam.storageClass) and recreate the "
         "data set with zwe init vsam, or better switch to infinispan");
}

/* Checks the caching storage mode of this instance against the number of instances. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value en;
    int on = uha3_component_enabled(ctx->view, "caching-service", &en);
    if (on < 0) {
        uhp_ctx_unverified(ctx, &en,
                           "components.caching-service.enabled is a ${{ }} expression that "
                           "cannot be evaluated here, so the caching storage could not be "
                           "verified");
        return;
    }
    if (on == 0) {
        uhp_ctx_not_applicable(ctx, "the caching service does not run here");
        return;
    }
    uhp_value mv;
    const char *mode = uha3_caching_mode(ctx->view, &mv);
    if (mv.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &mv,
                           "components.caching-service.storage.mode is a ${{ }} expression "
                           "that cannot be evaluated here");
        return;
    }
    if (!mode) {
        const char *msg =
            mv.kind == UHP_VAL_STRING
                ? uhp_ctx_printf(ctx,
                                 "'%.80s' is not a caching storage mode (inMemory, infinispan, "
                                 "VSAM or redis): the caching service cannot start, and Zowe's "
                                 "schema check does not catch it",
                                 mv.str ? mv.str : "")
                : "components.caching-service.storage.mode is not a string: the caching "
                  "service cannot start";
        uhp_ctx_fail_value(ctx, &mv, msg, UHA301_INFINISPAN_FIX);
        return;
    }
    const running *cs = get_running(ctx);
    if (!cs)
        return;
    const char *ids = cs->ids;
    size_t n = cs->n;
    if (strcmp(mode, "redis") == 0) {
        uhp_ctx_fail_value(ctx, &mv,
                           "caching storage mode 'redis' is not available for a caching "
                           "service running on z/OS (only off-platform, in a container)",
                           UHA301_INFINISPAN_FIX);
    } else if (strcmp(mode, "VSAM") == 0) {
        check_vsam(ctx, &mv, n, ids);
    } else if (strcmp(mode, "inMemory") == 0) {
        if (n < 2) {
            ctx->note = "inMemory with a single caching service instance";
            return;
        }
        bool dflt = mv.kind == UHP_VAL_ABSENT || mv.kind == UHP_VAL_NULL;
        const char *msg = uhp_ctx_printf(
            ctx,
            "%scaching storage mode 'inMemory' keeps the data of each caching service in its "
            "own memory, but %zu instances run the caching service (%s): the gateways do not "
            "share logins and tokens, and a failover loses them",
            dflt ? "components.caching-service.storage.mode is not set, so the caching "
                   "service's own default applies: "
                 : "",
            n, ids);
        uhp_ctx_fail_value(ctx, &mv, msg, UHA301_INFINISPAN_FIX);
    }
}

const uhp_rule uhp_rule_uha301 = {
    .id = "UHA301",
    .name = "caching-storage-ha",
    .severity = UHP_SEV_ERROR,
    .title = "the caching service's storage mode works with every instance that runs it "
             "(not inMemory on several, not redis; VSAM deprecated, RLS in a Sysplex)",
    .scope = UHP_SCOPE_INSTANCE,
    .check = check,
};
