/* UHA304 port-collision: no two enabled components of one instance listen on the same
 * port (the caching service's jgroups and key exchange ports, the gateway's internal
 * connector and the UMS ports included), and no two instances on the same system (same
 * sysname) use the same port. A second listener on a port fails to bind and that
 * component does not start. Only enabled components count: Zowe's own defaults put
 * jobs-api and zaas both on 7558, harmless while jobs-api is disabled. Two gateways on
 * one system are UHA303's finding, not repeated here. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "uhp/rule.h"

/* Defined in uha3_common.c. */
const char *uha3_instance_attr(uhp_rule_ctx *ctx, const uhp_instance *inst, const char *key,
                               uhp_value *val);
const char *uha3_caching_mode(const uhp_view *v, uhp_value *val);

/* One port an enabled component listens on. */
typedef struct port_use {
    const char *comp; /* component name */
    const char *path; /* full key path, e.g. components.zaas.port */
    long port;
    uhp_value val;    /* the port */
    uhp_value enabled; /* the component's enabled: true */
} port_use;

/* A growable list of ports in the ctx's arena. */
typedef struct port_list {
    uhp_rule_ctx *ctx;
    const uhp_view *view;
    port_use *items;
    size_t n, cap;
    const char **names; /* component names, while collecting */
    size_t n_names, cap_names;
    bool report_unknown; /* report templates that hide a port (own instance only) */
} port_list;

/* Extra ports some components open besides `port`: the key below the component, and the
 * boolean key that must be true for it to be open (NULL: always, when the component runs).
 * The caching service opens its jgroups ports only with infinispan storage (checked in
 * the code). */
static const struct {
    const char *comp, *key, *cond;
} extra_ports[] = {
    {"caching-service", "storage.infinispan.jgroups.port", NULL},
    {"caching-service", "storage.infinispan.jgroups.keyExchange.port", NULL},
    {"gateway", "server.internal.port", "server.internal.enabled"},
    {"izp", "server.port.http", NULL},
    {"izp", "server.port.agent", NULL},
    {"izp", "server.port.gremlin", NULL},
};

/* Appends a copy of KEY to the component names; returns false when memory runs out. */
static bool add_name(void *p, const char *key)
{
    port_list *l = p;
    if (l->n_names == l->cap_names) {
        size_t ncap = l->cap_names ? l->cap_names * 2 : 16;
        const char **nn = uhp_arena_alloc(l->ctx->arena, ncap * sizeof *nn);
        if (!nn) {
            l->ctx->run->out_of_memory = true;
            return false;
        }
        if (l->n_names)
            memcpy(nn, l->names, l->n_names * sizeof *nn);
        l->names = nn;
        l->cap_names = ncap;
    }
    l->names[l->n_names++] = key;
    return true;
}

/* Adds the port at PATH of component COMP (enabled by EN) when it is a port number. */
static void add_port(port_list *l, const char *comp, const char *path, const uhp_value *en)
{
    uhp_value v = uhp_view_get(l->view, path);
    if (v.kind == UHP_VAL_UNKNOWN) {
        if (l->report_unknown)
            uhp_ctx_unverified(l->ctx, &v,
                               uhp_ctx_printf(l->ctx,
                                              "%s is a ${{ }} expression that cannot be "
                                              "evaluated here, so its port could not be "
                                              "checked for collisions",
                                              path));
        return;
    }
    long port = uhp_value_port(&v);
    if (port <= 0)
        return; /* absent, or not a port: UHA007 reports bad values */
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        port_use *ni = uhp_arena_alloc(l->ctx->arena, ncap * sizeof *ni);
        if (!ni) {
            l->ctx->run->out_of_memory = true;
            return;
        }
        if (l->n)
            memcpy(ni, l->items, l->n * sizeof *ni);
        l->items = ni;
        l->cap = ncap;
    }
    port_use *u = &l->items[l->n++];
    u->comp = comp;
    u->path = path;
    u->port = port;
    u->val = v;
    u->enabled = *en;
}

/* Fills L with the ports of every enabled component of view V. */
static void collect(uhp_rule_ctx *ctx, const uhp_view *v, port_list *l, bool report_unknown)
{
    memset(l, 0, sizeof *l);
    l->ctx = ctx;
    l->view = v;
    l->report_unknown = report_unknown;
    uhp_value comps = uhp_view_get(v, "components");
    uhp_value_map_keys(v, &comps, add_name, l);
    for (size_t i = 0; i < l->n_names && !ctx->run->out_of_memory; i++) {
        const char *name = l->names[i];
        uhp_value comp = uhp_value_child(v, &comps, name);
        uhp_value en = uhp_value_child(v, &comp, "enabled");
        if (!uhp_value_is_true(&en))
            continue;
        /* Quoted keys keep names with dots or quotes addressable. */
        const char *base = strchr(name, '\'') ? NULL
                                              : uhp_ctx_printf(ctx, "components['%s']", name);
        if (!base)
            continue;
        add_port(l, name, uhp_ctx_printf(ctx, "%s.port", base), &en);
        for (size_t k = 0; k < sizeof extra_ports / sizeof extra_ports[0]; k++) {
            if (strcmp(extra_ports[k].comp, name) != 0)
                continue;
            if (strcmp(name, "caching-service") == 0) {
                const char *mode = uha3_caching_mode(v, NULL);
                if (!mode || strcmp(mode, "infinispan") != 0)
                    continue;
            }
            if (extra_ports[k].cond) {
                uhp_value c =
                    uhp_view_get(v, uhp_ctx_printf(ctx, "%s.%s", base, extra_ports[k].cond));
                if (!uhp_value_is_true(&c))
                    continue;
            }
            add_port(l, name, uhp_ctx_printf(ctx, "%s.%s", base, extra_ports[k].key), &en);
        }
    }
}

/* The key path as the user writes it: components['x'].port -> components.x.port. */
static const char *show(uhp_rule_ctx *ctx, const port_use *u)
{
    const char *rest = u->path + strlen("components['") + strlen(u->comp) + strlen("']");
    return uhp_ctx_printf(ctx, "components.%s%s", u->comp, rest);
}

/* True when VAL was decided by a user file (not the built-in defaults, not absent). */
static bool in_user_file(const uhp_value *val)
{
    const uhp_node *n = uhp_value_location(val);
    return val->kind != UHP_VAL_ABSENT && n && n->src && !n->src->builtin;
}

/* Where to report the collision of Y with X: the port a user file sets (Y's first), else
 * the `enabled: true` a user file sets (the line that turned the listener on), else Y's
 * port (a built-in default). */
static const uhp_value *where(const port_use *x, const port_use *y)
{
    if (in_user_file(&y->val))
        return &y->val;
    if (in_user_file(&x->val))
        return &x->val;
    if (in_user_file(&y->enabled))
        return &y->enabled;
    if (in_user_file(&x->enabled))
        return &x->enabled;
    return &y->val;
}

/* Reports pairs of enabled components of this instance on one port. */
static void check_own(uhp_rule_ctx *ctx, const port_list *l)
{
    for (size_t b = 1; b < l->n; b++) {
        for (size_t a = 0; a < b; a++) {
            if (l->items[a].port != l->items[b].port)
                continue;
            const port_use *x = &l->items[a], *y = &l->items[b];
            uhp_ctx_fail_value(
                ctx, where(x, y),
                uhp_ctx_printf(ctx,
                               "port %ld is used twice by enabled components of this "
                               "instance: %s and %s; the second listener cannot bind it",
                               y->port, show(ctx, x), show(ctx, y)),
                uhp_ctx_printf(ctx,
                               "give %s a free port (or disable the component that is not "
                               "needed)",
                               show(ctx, y)));
            break;
        }
    }
}

/* Reports ports of this instance that instance OTHER (index J) on system SYS also uses. */
static void check_pair(uhp_rule_ctx *ctx, const port_list *mine, const port_list *theirs,
                       size_t me, size_t j, const char *sys)
{
    const uhp_instance *all = ctx->cfg->instances;
    for (size_t a = 0; a < mine->n; a++) {
        const port_use *x = &mine->items[a];
        for (size_t b = 0; b < theirs->n; b++) {
            const port_use *y = &theirs->items[b];
            if (x->port != y->port)
                continue;
            if (strcmp(x->comp, "gateway") == 0 && strcmp(y->comp, "gateway") == 0 &&
                strcmp(x->path, y->path) == 0)
                continue; /* two gateways on one system: UHA303 */
            /* Same wording from both instances, so a shared node gives one finding. */
            bool first = me < j;
            const port_use *p = first ? x : y, *q = first ? y : x;
            const char *ip = first ? all[me].id : all[j].id;
            const char *iq = first ? all[j].id : all[me].id;
            const uhp_value *at = where(p, q);
            uhp_value later_sys;
            if (!in_user_file(at)) {
                /* Both listeners come from the built-in defaults: point at the sysname
                 * that puts the later instance on the same system. */
                uha3_instance_attr(ctx, first ? &all[j] : &all[me], "sysname", &later_sys);
                at = &later_sys;
            }
            uhp_ctx_fail_value(
                ctx, at,
                uhp_ctx_printf(ctx,
                               "instances '%s' and '%s' run on the same system '%s' and both "
                               "use port %ld ('%s': %s, '%s': %s); one of them cannot bind it",
                               ip, iq, sys, x->port, ip, show(ctx, p), iq, show(ctx, q)),
                uhp_ctx_printf(ctx,
                               "give %s a different port in haInstances.%s (or disable the "
                               "component there)",
                               show(ctx, x), all[me].id));
            break;
        }
    }
}

/* Checks this instance's ports, then against the instances sharing its sysname. */
static void check(uhp_rule_ctx *ctx)
{
    port_list mine;
    collect(ctx, ctx->view, &mine, true);
    check_own(ctx, &mine);
    if (!ctx->inst)
        return;
    const char *sys = uha3_instance_attr(ctx, ctx->inst, "sysname", NULL);
    if (!sys)
        return;
    size_t me = (size_t)(ctx->inst - ctx->cfg->instances);
    for (size_t j = 0; j < ctx->cfg->n_instances && !ctx->run->out_of_memory; j++) {
        if (j == me)
            continue;
        const char *other = uha3_instance_attr(ctx, &ctx->cfg->instances[j], "sysname", NULL);
        if (!other || strcasecmp(sys, other) != 0)
            continue;
        uhp_view v = {ctx->cfg, &ctx->cfg->instances[j], ctx->arena};
        port_list theirs;
        collect(ctx, &v, &theirs, false);
        check_pair(ctx, &mine, &theirs, me, j, sys);
    }
}

const uhp_rule uhp_rule_uha304 = {
    "UHA304",
    "port-collision",
    UHP_SEV_ERROR,
    "no two enabled components of an instance, nor two instances on one system, share a port",
    UHP_SCOPE_INSTANCE,
    0,
    check,
};
