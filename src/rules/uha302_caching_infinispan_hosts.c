/* UHA302 caching-infinispan-hosts: with infinispan storage and two or more instances
 * running the caching service, components.caching-service.storage.infinispan.initialHosts
 * names the other members, as host[jgroups port]. Without it each Infinispan node forms a
 * cluster of one, the caches are not replicated, and a failover loses logins and tokens.
 * Zowe docs ("Using Infinispan as a storage solution"): with several instances the value
 * is either every member or the replica. A warning. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* Returns the initialHosts value Zowe's docs ask for: host[jgroups port] of every instance
 * that runs the caching service, comma separated ("<hostname of ID>" when unknown). */
static const char *expected_hosts(uhp_rule_ctx *ctx)
{
    const uhp_config *cfg = ctx->cfg;
    /* The items first, then one join: appending with "%s,%s" copied the whole list once
     * per instance, and this runs once per instance (cubic in the instance count). */
    const char **items =
        cfg->n_instances ? uhp_arena_alloc(ctx->arena, cfg->n_instances * sizeof *items) : NULL;
    if (cfg->n_instances && !items) {
        ctx->run->out_of_memory = true;
        return "";
    }
    size_t n = 0, len = 0;
    for (size_t i = 0; i < cfg->n_instances; i++) {
        uhp_view v = {cfg, &cfg->instances[i], ctx->arena};
        if (uha3_component_enabled(&v, "caching-service", NULL) != 1)
            continue;
        const char *host = uha3_instance_attr(ctx, &cfg->instances[i], "hostname", NULL);
        uhp_value pv = uhp_view_get(&v, "components.caching-service.storage.infinispan."
                                        "jgroups.port");
        long port = uhp_value_port(&pv);
        items[n] = uhp_ctx_printf(
            ctx, "%s[%ld]",
            host ? host : uhp_ctx_printf(ctx, "<hostname of %s>", cfg->instances[i].id),
            port > 0 ? port : 7600L);
        len += strlen(items[n]) + (n ? 1 : 0);
        n++;
    }
    if (n == 0)
        return "";
    char *out = uhp_arena_alloc(ctx->arena, len + 1);
    if (!out) {
        ctx->run->out_of_memory = true;
        return "";
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            out[k++] = ',';
        size_t l = strlen(items[i]);
        memcpy(out + k, items[i], l);
        k += l;
    }
    out[k] = '\0';
    return out;
}

/* What every instance's run needs about all instances, computed once per check: the
 * instances running the caching service and the fix naming the initialHosts they call
 * for. */
typedef struct running {
    size_t n;
    const char *ids; /* comma separated */
    const char *fix; /* the fix naming expected_hosts, NULL until first needed */
} running;

/* Returns the rule's cache, counting the running instances at the first call. NULL (the
 * run flagged) when memory runs out. Strings live in the cache arena. */
static running *get_running(uhp_rule_ctx *ctx)
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
    r->fix = NULL;
    *ctx->cache = r;
    return r;
}

/* Returns the fix naming the expected initialHosts, from cache R, built at the first call
 * (it is the same for every instance and, with hundreds of instances, long). NULL (the
 * run flagged) when memory runs out. */
static const char *get_fix(uhp_rule_ctx *ctx, running *r)
{
    if (r->fix)
        return r->fix;
    const char *want = expected_hosts(ctx);
    if (ctx->run->out_of_memory)
        return NULL;
    r->fix = uhp_arena_printf(ctx->cache_arena,
                              "list every caching service instance as host[jgroups "
                              "port]: components.caching-service.storage.infinispan."
                              "initialHosts: \"%s\"",
                              want);
    if (!r->fix)
        ctx->run->out_of_memory = true;
    return r->fix;
}

/* True when the comma-separated host[port] list TEXT names a host other than SELF
 * (case-insensitive; SELF NULL: any host counts). *BAD gets the first entry that is not
 * host[port], or NULL. */
static bool names_other_host(uhp_rule_ctx *ctx, const char *text, const char *self,
                             const char **bad)
{
    bool other = false;
    *bad = NULL;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && end[-1] == ' ')
            end--;
        if (end == start)
            continue;
        const char *br = memchr(start, '[', (size_t)(end - start));
        bool digits = br && end[-1] == ']' && br + 2 < end;
        for (const char *q = br ? br + 1 : end; digits && q < end - 1; q++)
            digits = *q >= '0' && *q <= '9';
        if (!digits && !*bad)
            *bad = uhp_ctx_printf(ctx, "%.*s", (int)(end - start > 80 ? 80 : end - start), start);
        size_t hlen = (size_t)((br ? br : end) - start);
        if (!self || strlen(self) != hlen || strncasecmp(self, start, hlen) != 0)
            other = true;
    }
    return other;
}

/* Checks initialHosts of this instance when infinispan runs on several instances. */
static void check(uhp_rule_ctx *ctx)
{
    if (uha3_component_enabled(ctx->view, "caching-service", NULL) != 1) {
        uhp_ctx_not_applicable(ctx, "the caching service does not run here");
        return;
    }
    uhp_value mv;
    const char *mode = uha3_caching_mode(ctx->view, &mv);
    if (!mode || strcmp(mode, "infinispan") != 0) {
        uhp_ctx_not_applicable(ctx, "the caching storage mode is not infinispan");
        return;
    }
    running *cs = get_running(ctx);
    if (!cs)
        return;
    const char *ids = cs->ids;
    size_t n = cs->n;
    if (n < 2) {
        ctx->note = "one caching service instance: initialHosts may name it alone";
        return;
    }
    /* The fix (every running instance's host and jgroups port) is built only for a
     * failure: most instances pass. */
    uhp_value ih =
        uhp_view_get(ctx->view, "components.caching-service.storage.infinispan.initialHosts");
    if (ih.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &ih,
                           "components.caching-service.storage.infinispan.initialHosts is a "
                           "${{ }} expression that cannot be evaluated here");
        return;
    }
    if (ih.kind != UHP_VAL_STRING || !ih.str || !ih.str[strspn(ih.str, " ,")]) {
        const char *fix = get_fix(ctx, cs);
        if (!fix)
            return;
        uhp_ctx_fail_value(
            ctx, &ih,
            uhp_ctx_printf(ctx,
                           "%zu instances run the caching service with infinispan (%s), but "
                           "components.caching-service.storage.infinispan.initialHosts is "
                           "not set: each Infinispan node then knows only itself, so the "
                           "caches are not replicated and a failover loses logins and tokens",
                           n, ids),
            fix);
        return;
    }
    const char *self = ctx->inst ? uha3_instance_attr(ctx, ctx->inst, "hostname", NULL) : NULL;
    const char *bad = NULL;
    bool other = names_other_host(ctx, ih.str, self, &bad);
    if (other && !bad)
        return;
    const char *fix = get_fix(ctx, cs);
    if (!fix)
        return;
    if (bad) {
        uhp_ctx_fail_value(ctx, &ih,
                           uhp_ctx_printf(ctx,
                                          "initialHosts entry '%s' is not host[port] (the "
                                          "jgroups port in brackets)",
                                          bad),
                           fix);
    } else {
        uhp_ctx_fail_value(ctx, &ih,
                           uhp_ctx_printf(ctx,
                                          "initialHosts names only this instance's own host "
                                          "'%s', but %zu instances run the caching service "
                                          "(%s): the caches are not replicated",
                                          self ? self : "", n, ids),
                           fix);
    }
}

const uhp_rule uhp_rule_uha302 = {
    .id = "UHA302",
    .name = "caching-infinispan-hosts",
    .severity = UHP_SEV_WARNING,
    .title = "with infinispan on two or more instances, initialHosts names the other members",
    .scope = UHP_SCOPE_INSTANCE,
    .check = check,
};
