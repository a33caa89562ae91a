/* Size: the rule and its incremental port index; issue 16 moves the index to its own file. */
/* UHA304 port-collision: no two enabled components of one instance listen on the same
 * port (the caching service's jgroups and key exchange ports, the gateway's internal
 * connector and the UMS ports included), and no two instances on the same system (same
 * sysname) use the same port. A second listener on a port fails to bind and that
 * component does not start. Only enabled components count: Zowe's own defaults put
 * jobs-api and zaas both on 7558, harmless while jobs-api is disabled. Two gateways on
 * one system are UHA303's finding, not repeated here.
 *
 * The per-check port index that makes this scale lives in uha304_port_index.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* The key path as the user writes it: components.x.port. */
static const char *show(uhp_rule_ctx *ctx, const uha304_port *u)
{
    return uhp_ctx_printf(ctx, "components.%s.%s", u->comp, u->key);
}

/* True when VAL was decided by a user file (not the built-in defaults, not absent). */
static bool in_user_file(const uhp_value *val)
{
    const uhp_node *n = uhp_value_location(val);
    return val->kind != UHP_VAL_ABSENT && n && uhp_node_source(n) && !uhp_node_source(n)->builtin;
}

/* Where to report the collision of Y with X: the port a user file sets (Y's first), else
 * the `enabled: true` a user file sets (the line that turned the listener on), else Y's
 * port (a built-in default). */
static const uhp_value *where(const uha304_port *x, const uha304_port *y)
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

/* Reports the templates that hide ports of this instance, in collection order. */
static void report_hidden(uhp_rule_ctx *ctx, const uha304_ports *l)
{
    for (size_t i = 0; i < l->n_hidden; i++) {
        const uha304_hidden *h = &l->hidden[i];
        uhp_ctx_unverified(ctx, &h->val,
                           uhp_ctx_printf(ctx,
                                          "components.%s.%s is a ${{ }} expression that "
                                          "cannot be evaluated here, so its port could not "
                                          "be checked for collisions",
                                          h->comp, h->key));
    }
}

/* Reports the collision pairs P (in the order of their second item). */
static void report_own(uhp_rule_ctx *ctx, const uha304_pairs *p)
{
    for (size_t i = 0; i < p->n && !ctx->run->out_of_memory; i++) {
        const uha304_port *x = p->items[i].x, *y = p->items[i].y;
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
    }
}

/* Gathers into OUT the items of delta D on PORT in seq order: base items not touched
 * merged with R's. Returns false when memory runs out. */
static bool port_group(uhp_rule_ctx *ctx, const uha304_cache *c, const uha304_delta *d, long port,
                       const uha304_port ***out, size_t *n_out, size_t *cap)
{
    size_t bi = uha304_lower_port(&c->b, port), ri = uha304_lower_port(&d->r, port);
    *n_out = 0;
    for (;;) {
        const uha304_port *x = NULL, *y = NULL;
        while (bi < c->b.n && c->b.items[c->b.by_port[bi]].port == port) {
            x = &c->b.items[c->b.by_port[bi]];
            if (!uha304_has_u32(d->touched, d->n_touched, x->ord))
                break;
            x = NULL;
            bi++;
        }
        if (ri < d->r.n && d->r.items[d->r.by_port[ri]].port == port)
            y = &d->r.items[d->r.by_port[ri]];
        if (!x && !y)
            return true;
        void *arr = *out;
        if (!uha304_grow(ctx, ctx->arena, &arr, cap, *n_out, sizeof **out))
            return false;
        *out = arr;
        if (x && (!y || x->seq < y->seq)) {
            (*out)[(*n_out)++] = x;
            bi++;
        } else {
            (*out)[(*n_out)++] = y;
            ri++;
        }
    }
}

/* Reports the collisions inside this instance's list: B's pairs on ports the instance
 * does not change, recomputed ones on the ports it does, in the order of the second item
 * (as a sort of the whole list would give). */
static void check_own(uhp_rule_ctx *ctx, const uha304_cache *c, const uha304_delta *d)
{
    uha304_pairs pairs = {NULL, 0, 0};
    if (d->all) {
        if (!uha304_list_pairs(ctx, ctx->arena, &d->r, &pairs))
            return;
        report_own(ctx, &pairs);
        return;
    }
    /* The ports whose groups change: those of touched base items and of R's items. */
    size_t n_aff = d->r.n;
    for (size_t k = 0; k < d->n_touched; k++)
        n_aff += c->first_item[d->touched[k] + 1] - c->first_item[d->touched[k]];
    long *aff = uha304_alloc_n(ctx, ctx->arena, n_aff, sizeof *aff);
    if (!aff)
        return;
    size_t a = 0;
    for (size_t k = 0; k < d->r.n; k++)
        aff[a++] = d->r.items[k].port;
    for (size_t k = 0; k < d->n_touched; k++)
        for (size_t t = c->first_item[d->touched[k]]; t < c->first_item[d->touched[k] + 1]; t++)
            aff[a++] = c->b.items[t].port;
    if (a > 1)
        qsort(aff, a, sizeof *aff, uha304_by_long);
    size_t u = 0;
    for (size_t k = 0; k < a; k++)
        if (u == 0 || aff[u - 1] != aff[k])
            aff[u++] = aff[k];
    for (size_t k = 0; k < c->pairs.n; k++) {
        const uha304_pair *pp = &c->pairs.items[k];
        long port = pp->y->port;
        size_t lo = 0, hi = u;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (aff[mid] < port)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < u && aff[lo] == port)
            continue;
        if (!uha304_add_pair(ctx, ctx->arena, &pairs, pp->x, pp->y))
            return;
    }
    const uha304_port **grp = NULL;
    size_t n_grp = 0, cap_grp = 0;
    for (size_t k = 0; k < u; k++) {
        if (!port_group(ctx, c, d, aff[k], &grp, &n_grp, &cap_grp))
            return;
        for (size_t g = 1; g < n_grp; g++)
            if (!uha304_add_pair(ctx, ctx->arena, &pairs, grp[0], grp[g]))
                return;
    }
    if (pairs.n > 1)
        qsort(pairs.items, pairs.n, sizeof *pairs.items, uha304_by_second);
    report_own(ctx, &pairs);
}

/* True when X and Y are the same gateway listener: two gateways on one system are
 * UHA303's finding. */
static bool both_gateways(const uha304_port *x, const uha304_port *y)
{
    return strcmp(x->comp, "gateway") == 0 && strcmp(y->comp, "gateway") == 0 &&
           strcmp(x->key, y->key) == 0;
}

/* Returns the first item (in seq order) of delta D on X's port that X collides with,
 * or NULL. */
static const uha304_port *first_clash(const uha304_cache *c, const uha304_delta *d,
                                      const uha304_port *x)
{
    const uha304_port *best = NULL;
    if (!d->all) {
        for (size_t k = uha304_lower_port(&c->b, x->port);
             k < c->b.n && c->b.items[c->b.by_port[k]].port == x->port; k++) {
            const uha304_port *y = &c->b.items[c->b.by_port[k]];
            if (uha304_has_u32(d->touched, d->n_touched, y->ord) || both_gateways(x, y))
                continue;
            best = y;
            break;
        }
    }
    for (size_t k = uha304_lower_port(&d->r, x->port);
         k < d->r.n && d->r.items[d->r.by_port[k]].port == x->port; k++) {
        const uha304_port *y = &d->r.items[d->r.by_port[k]];
        if (both_gateways(x, y))
            continue;
        if (!best || y->seq < best->seq)
            best = y;
        break;
    }
    return best;
}

/* Reports ports of this instance (ME, delta MINE) that instance J (delta THEIRS) on
 * system SYS also uses: each of this instance's ports once, with the first of theirs. */
static void check_pair(uhp_rule_ctx *ctx, const uha304_cache *c, const uha304_delta *mine,
                       const uha304_delta *theirs, size_t me, size_t j, const char *sys)
{
    const uhp_instance *all = ctx->cfg->instances;
    uha304_walker w = {c, mine, 0, 0, 0};
    for (const uha304_port *x = uha304_walk_next(&w); x && !ctx->run->out_of_memory;
         x = uha304_walk_next(&w)) {
        const uha304_port *y = first_clash(c, theirs, x);
        if (!y)
            continue;
        /* Same wording from both instances, so a shared node gives one finding. */
        bool first = me < j;
        const uha304_port *p = first ? x : y, *q = first ? y : x;
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
    }
}

/* Checks the base configuration when there are no haInstances: one run, nothing cached. */
static void check_base(uhp_rule_ctx *ctx)
{
    uha304_delta d;
    memset(&d, 0, sizeof d);
    d.all = true;
    d.r.ctx = ctx;
    d.r.arena = ctx->arena;
    uha304_collect_all(ctx->view, &d.r);
    if (ctx->run->out_of_memory || !uha304_list_sort(&d.r))
        return;
    report_hidden(ctx, &d.r);
    check_own(ctx, NULL, &d);
}

/* Checks this instance's ports, then against the instances sharing its sysname. */
static void check(uhp_rule_ctx *ctx)
{
    if (!ctx->inst) {
        check_base(ctx);
        return;
    }
    uha304_cache *c = uha304_get_cache(ctx);
    if (!c)
        return;
    size_t me = (size_t)(ctx->inst - ctx->cfg->instances);
    const uha304_delta *mine = uha304_get_delta(ctx, c, me);
    if (!mine)
        return;
    report_hidden(ctx, &mine->r);
    check_own(ctx, c, mine);
    const char *sys = c->sys[me];
    if (!sys)
        return;
    for (size_t g = c->group_at[me]; g < c->group_at[me] + c->group_n[me]; g++) {
        size_t j = c->group[g];
        if (j == me || ctx->run->out_of_memory)
            continue;
        const uha304_delta *theirs = uha304_get_delta(ctx, c, j);
        if (!theirs)
            return;
        check_pair(ctx, c, mine, theirs, me, j, sys);
    }
}

const uhp_rule uhp_rule_uha304 = {
    .id = "UHA304",
    .name = "port-collision",
    .severity = UHP_SEV_ERROR,
    .title =
        "no two enabled components of an instance, nor two instances on one system, share a port",
    .scope = UHP_SCOPE_INSTANCE,
    .check = check,
    .prepare = uha304_prepare,
};
