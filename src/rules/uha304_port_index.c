/* UHA304's per-check port index, kept in the rule's cache slot. An instance's effective
 * ports differ from the base configuration's only where haInstances.<id>.components sets a
 * key they depend on (uha304_port_keys below), or where a ${{ }} expression below a
 * component may resolve differently. So the base port list B (sorted by port, with its
 * colliding pairs) is built once per check, and an instance is represented as "B minus its
 * touched components plus their recomputed ports" (a delta). Findings, their order and
 * their wording are those of collecting every component of every instance, which is what
 * an instance falls back to when its overlay is unusual. The qsort comparators' context is
 * thread-local (sets are checked on threads). Declared in rule_internal.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* Recomputed ports kept in the cache for instances that share a sysname, at most this
 * many (about 200 bytes each); beyond it a delta is recomputed for every use. */
#define UHA304_CACHE_ITEMS (1u << 17)

/* Extra ports some components open besides `port` (collect_comp reads them):
 *   caching-service  storage.infinispan.jgroups.port, storage.infinispan.jgroups.keyExchange.port
 *                    (open only with infinispan storage)
 *   gateway          server.internal.port (open only when server.internal.enabled is true)
 *   izp              server.port.http, server.port.agent, server.port.gremlin
 * uha304_port_keys lists every key uha304_collect_comp reads below a component, so everything its
 * ports depend on: for component COMP (NULL: every component), the key path PATH (NULL-ended). */
static const struct {
    const char *comp;
    const char *path[6];
} uha304_port_keys[] = {
    {NULL, {"enabled", NULL}},
    {NULL, {"port", NULL}},
    {"caching-service", {"storage", "mode", NULL}},
    {"caching-service", {"storage", "infinispan", "jgroups", "port", NULL}},
    {"caching-service", {"storage", "infinispan", "jgroups", "keyExchange", "port", NULL}},
    {"gateway", {"server", "internal", "enabled", NULL}},
    {"gateway", {"server", "internal", "port", NULL}},
    {"izp", {"server", "port", "http", NULL}},
    {"izp", {"server", "port", "agent", NULL}},
    {"izp", {"server", "port", "gremlin", NULL}},
};

/* Collects a name of a component map (uhp_value_map_keys callback). */
typedef struct uha304_names {
    uhp_rule_ctx *ctx;
    uhp_arena *arena;
    const char **names;
    size_t n, cap;
} uha304_names;

/* Appends KEY (owned by the tree) to the names; returns false when memory runs out. */
static bool add_name(void *p, const char *key)
{
    uha304_names *nl = p;
    void *names = nl->names;
    if (!uha304_grow(nl->ctx, nl->arena, &names, &nl->cap, nl->n, sizeof *nl->names))
        return false;
    nl->names = names;
    nl->names[nl->n++] = key;
    return true;
}

/* FNV-1a of S, for the name index. */
static size_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

/* Returns the base ordinal of component NAME, or -1 when the base does not have it. */
static long base_ordinal(const uha304_cache *c, const char *name)
{
    for (size_t s = hash_name(name) & c->mask;; s = (s + 1) & c->mask) {
        uint32_t o = c->slots[s];
        if (!o)
            return -1;
        if (strcmp(c->names[o - 1], name) == 0)
            return (long)o - 1;
    }
}

/* True when a scalar below NODE (NODE included) holds "${{". Walks the subtree with the
 * parent links: no recursion over the input's depth. */
static bool has_template(const uhp_node *node)
{
    const uhp_node *n = node;
    while (n) {
        if (n->kind == UHP_NODE_SCALAR && n->has_template)
            return true;
        if (uhp_node_first(n)) {
            n = uhp_node_first(n);
            continue;
        }
        while (n != node && !n->next)
            n = n->parent;
        if (n == node)
            return false;
        n = n->next;
    }
    return false;
}

/* True when source SRC may hold a scalar with "${{": the text has it, or a backslash (a
 * double-quoted escape can spell any of its characters; other styles cannot hide them).
 * Checking the text first spares walking every component's subtree of a file without
 * templates. */
static bool may_template(const uhp_source *src)
{
    return !src || !src->data || uhp_text_may_hold_template(src->data, src->len);
}

/* Builds the base port list, its pairs, the name index and the tainted ordinals into C.
 * Lookups allocate in a temporary arena; what is kept lives in CTX's cache arena. Leaves
 * C->incremental false when the base components are not a plain map. DIRECT: looked up
 * without the view memo (uhp_view_get_direct), as on the prepare thread. Returns false
 * when memory runs out. */
static bool build_base(uhp_rule_ctx *ctx, uha304_cache *c, bool direct)
{
    uhp_arena *ca = ctx->cache_arena;
    uhp_arena tmp;
    uhp_arena_init(&tmp);
    uhp_view base = {ctx->cfg, NULL, &tmp};
    uhp_value comps =
        direct ? uhp_view_get_direct(&base, "components") : uhp_view_get(&base, "components");
    if (comps.kind != UHP_VAL_MAP || comps.via) {
        uhp_arena_destroy(&tmp);
        return true; /* not incremental: every instance collects all its components */
    }
    c->n_parts = comps.n_parts;
    c->parts = uha304_alloc_n(ctx, ca, comps.n_parts, sizeof *c->parts);
    uha304_names nl = {ctx, ca, NULL, 0, 0};
    bool ok = c->parts != NULL;
    if (ok) {
        memcpy(c->parts, comps.parts, comps.n_parts * sizeof *c->parts);
        uhp_value_map_keys(&base, &comps, add_name, &nl);
        ok = !ctx->run->out_of_memory;
    }
    c->names = nl.names;
    c->n_names = nl.n;
    size_t n_slots = 16;
    while (ok && n_slots < 2 * c->n_names)
        n_slots *= 2;
    c->mask = n_slots - 1;
    c->slots = ok ? uha304_alloc_n(ctx, ca, n_slots, sizeof *c->slots) : NULL;
    c->first_item = ok ? uha304_alloc_n(ctx, ca, c->n_names + 1, sizeof *c->first_item) : NULL;
    c->b.cap = c->n_names + UHA304_EXTRA_PORTS; /* collect_comp grows it if ever needed */
    c->b.items = ok ? uha304_alloc_n(ctx, ca, c->b.cap, sizeof *c->b.items) : NULL;
    c->tainted = ok ? uha304_alloc_n(ctx, ca, c->n_names, sizeof *c->tainted) : NULL;
    c->typo = ok ? uha304_alloc_n(ctx, ca, c->n_names, sizeof *c->typo) : NULL;
    bool *scan = ok ? uha304_alloc_n(ctx, &tmp, c->n_parts, sizeof *scan) : NULL;
    ok = c->slots && c->first_item && c->b.items && c->tainted && c->typo && scan;
    for (uint32_t p = 0; ok && p < c->n_parts; p++)
        scan[p] = may_template(uhp_node_source(c->parts[p]));
    if (ok)
        memset(c->slots, 0, n_slots * sizeof *c->slots);
    for (size_t o = 0; ok && o < c->n_names; o++) {
        size_t s = hash_name(c->names[o]) & c->mask;
        while (c->slots[s])
            s = (s + 1) & c->mask;
        c->slots[s] = (uint32_t)o + 1;
        bool t = false;
        for (uint32_t p = 0; p < c->n_parts && !t; p++)
            t = scan[p] && has_template(uhp_node_get(c->parts[p], c->names[o]));
        if (t)
            c->tainted[c->n_tainted++] = (uint32_t)o;
        c->first_item[o] = c->b.n;
        c->typo[o] = dym_component_typo(c->names[o]) != NULL;
        if (!c->typo[o])
            uha304_collect_named(&c->b, &base, &comps, c->names[o], (uint32_t)o);
        ok = !ctx->run->out_of_memory;
    }
    if (ok) {
        c->first_item[c->n_names] = c->b.n;
        ok = uha304_list_sort(&c->b) && uha304_list_pairs(ctx, ca, &c->b, &c->pairs);
    }
    if (ok) {
        if (c->pairs.n > 1)
            qsort(c->pairs.items, c->pairs.n, sizeof *c->pairs.items, uha304_by_second);
        c->incremental = true;
    }
    uhp_arena_destroy(&tmp);
    return ok;
}

/* Orders instance indices by sysname ignoring case, then index (qsort callback). */
static _Thread_local const uha304_cache *sort_cache; /* one per thread, as in uha304_ports.c */
static int by_sys(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int d = strcasecmp(sort_cache->sys[a], sort_cache->sys[b]);
    if (d)
        return d;
    return a < b ? -1 : a > b;
}

/* Groups the instances by sysname into C (copies in the cache arena). Returns false when
 * memory runs out. */
static bool build_groups(uhp_rule_ctx *ctx, uha304_cache *c)
{
    uhp_arena *ca = ctx->cache_arena;
    size_t n = ctx->cfg->n_instances;
    c->sys = uha304_alloc_n(ctx, ca, n, sizeof *c->sys);
    c->group = uha304_alloc_n(ctx, ca, n, sizeof *c->group);
    c->group_at = uha304_alloc_n(ctx, ca, n, sizeof *c->group_at);
    c->group_n = uha304_alloc_n(ctx, ca, n, sizeof *c->group_n);
    c->deltas = uha304_alloc_n(ctx, ca, n, sizeof *c->deltas);
    if (!c->sys || !c->group || !c->group_at || !c->group_n || !c->deltas)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = uha3_instance_attr(ctx, &ctx->cfg->instances[i], "sysname", NULL);
        c->sys[i] = s ? uhp_arena_strndup(ca, s, strlen(s)) : NULL;
        if (s && !c->sys[i]) {
            ctx->run->out_of_memory = true;
            return false;
        }
        c->group_n[i] = 0;
        c->deltas[i] = NULL;
        if (s)
            c->group[k++] = i;
    }
    sort_cache = c;
    if (k > 1)
        qsort(c->group, k, sizeof *c->group, by_sys);
    sort_cache = NULL;
    for (size_t a = 0; a < k;) {
        size_t b = a + 1;
        while (b < k && strcasecmp(c->sys[c->group[a]], c->sys[c->group[b]]) == 0)
            b++;
        for (size_t m = a; m < b; m++) {
            c->group_at[c->group[m]] = a;
            c->group_n[c->group[m]] = b - a;
        }
        a = b;
    }
    return true;
}

/* Fills L with every enabled component's ports of view V (ordinals in V's own order). */
void uha304_collect_all(const uhp_view *v, uha304_ports *l)
{
    uha304_names nl = {l->ctx, v->arena, NULL, 0, 0};
    uhp_value comps = uhp_view_get(v, "components");
    uhp_value_map_keys(v, &comps, add_name, &nl);
    for (size_t i = 0; i < nl.n && !l->ctx->run->out_of_memory; i++)
        uha304_collect_comp(l, v, &comps, nl.names[i], (uint32_t)i);
}

/* True when overlay value NODE of component NAME (an haInstances.<id>.components.NAME node)
 * may change the component's ports: it is not a map, or sets a key of uha304_port_keys, or puts
 * something other than a map on the way to one. Otherwise every key collect_comp reads
 * comes from the base's maps alone, and the base's ports stand (a map overlay deep-merges;
 * where the base has no map below, neither has the merge). */
static bool overlay_moves_ports(const uhp_node *node, const char *name)
{
    for (size_t k = 0; k < sizeof uha304_port_keys / sizeof uha304_port_keys[0]; k++) {
        if (uha304_port_keys[k].comp && strcmp(uha304_port_keys[k].comp, name) != 0)
            continue;
        const uhp_node *n = node;
        for (size_t s = 0; uha304_port_keys[k].path[s]; s++) {
            if (n->kind != UHP_NODE_MAP)
                return true;
            n = uhp_node_get(n, uha304_port_keys[k].path[s]);
            if (!n)
                break;
            if (!uha304_port_keys[k].path[s + 1])
                return true;
        }
    }
    return false;
}

/* True when an overlay may change the ports of base component CH->key: CH, its value in
 * overlay map P of COMPS, or its value in a higher-priority overlay map (parts [0, P)). */
static bool overlays_move_ports(const uhp_value *comps, uint32_t p, const uhp_node *ch)
{
    if (overlay_moves_ports(ch, ch->key))
        return true;
    for (uint32_t q = 0; q < p; q++) {
        const uhp_node *n = uhp_node_get(comps->parts[q], ch->key);
        if (n && overlay_moves_ports(n, ch->key))
            return true;
    }
    return false;
}

/* Computes the delta of instance I into D: its items live in arena OUT, lookups allocate
 * in arena WORK. Falls back to every component (D->all) when the instance's components
 * are not the base's maps plus overlay maps. Returns false when memory runs out. */
static bool compute_delta(uhp_rule_ctx *ctx, const uha304_cache *c, size_t i, uha304_delta *d,
                          uhp_arena *out, uhp_arena *work)
{
    memset(d, 0, sizeof *d);
    d->r.ctx = ctx;
    d->r.arena = out;
    uhp_view v = {ctx->cfg, &ctx->cfg->instances[i], work};
    uhp_value comps = uhp_view_get(&v, "components");
    uint32_t n_inst = 0;
    while (comps.kind == UHP_VAL_MAP && n_inst < comps.n_parts && comps.part_inst[n_inst])
        n_inst++;
    bool same = c->incremental && comps.kind == UHP_VAL_MAP && !comps.via &&
                comps.n_parts - n_inst == c->n_parts;
    for (uint32_t p = 0; same && p < c->n_parts; p++)
        same = comps.parts[n_inst + p] == c->parts[p] && !comps.part_inst[n_inst + p];
    if (!same) {
        d->all = true;
        uha304_collect_all(&v, &d->r);
        return !ctx->run->out_of_memory && uha304_list_sort(&d->r);
    }
    /* The names the overlay maps bring, lowest part first as uhp_value_map_keys lists
     * them: base ones by their ordinal, new ones after the base's in order. */
    uint32_t *ords = NULL;
    const char **fresh = NULL;
    size_t n_ords = 0, cap_ords = 0, n_fresh = 0, cap_fresh = 0;
    for (uint32_t p = n_inst; p-- > 0;) {
        for (const uhp_node *ch = uhp_node_first(comps.parts[p]); ch; ch = ch->next) {
            if (!ch->key || (ch->flags & UHP_NODE_REPEATED_KEY))
                continue; /* a repeated key counts at its first child */
            bool seen = false;
            for (uint32_t q = p + 1; q < n_inst && !seen; q++)
                seen = uhp_node_get(comps.parts[q], ch->key) != NULL;
            if (seen)
                continue;
            long o = base_ordinal(c, ch->key);
            if (o >= 0 && !overlays_move_ports(&comps, p, ch))
                continue; /* e.g. only caching-service.storage.infinispan.jgroups.host */
            void *arr = o >= 0 ? (void *)ords : (void *)fresh;
            if (o >= 0 ? !uha304_grow(ctx, work, &arr, &cap_ords, n_ords, sizeof *ords)
                       : !uha304_grow(ctx, work, &arr, &cap_fresh, n_fresh, sizeof *fresh))
                return false;
            if (o >= 0) {
                ords = arr;
                ords[n_ords++] = (uint32_t)o;
            } else {
                fresh = arr;
                fresh[n_fresh++] = ch->key;
            }
        }
    }
    /* Touched = base components whose ports an overlay may move, and the tainted ones,
     * sorted, unique. */
    d->touched = uha304_alloc_n(ctx, out, n_ords + c->n_tainted, sizeof *d->touched);
    if (!d->touched)
        return false;
    if (n_ords)
        memcpy(d->touched, ords, n_ords * sizeof *ords);
    if (c->n_tainted)
        memcpy(d->touched + n_ords, c->tainted, c->n_tainted * sizeof *c->tainted);
    size_t n = n_ords + c->n_tainted;
    if (n > 1)
        qsort(d->touched, n, sizeof *d->touched, uha304_by_u32);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || d->touched[u - 1] != d->touched[k])
            d->touched[u++] = d->touched[k];
    d->n_touched = u;
    for (size_t k = 0; k < u && !ctx->run->out_of_memory; k++)
        if (!c->typo[d->touched[k]])
            uha304_collect_named(&d->r, &v, &comps, c->names[d->touched[k]], d->touched[k]);
    for (size_t k = 0; k < n_fresh && !ctx->run->out_of_memory; k++)
        uha304_collect_comp(&d->r, &v, &comps, fresh[k], (uint32_t)(c->n_names + k));
    return !ctx->run->out_of_memory && uha304_list_sort(&d->r);
}

/* Returns the delta of instance I: the cached one, else computed and cached when the
 * instance shares its sysname and the cache has room, else computed in the ctx's scratch
 * arena. NULL when memory runs out. */
const uha304_delta *uha304_get_delta(uhp_rule_ctx *ctx, uha304_cache *c, size_t i)
{
    if (c->deltas[i])
        return c->deltas[i];
    bool keep = c->group_n[i] >= 2 && c->cached_items < UHA304_CACHE_ITEMS;
    uhp_arena *out = keep ? ctx->cache_arena : ctx->arena;
    uha304_delta *d = uha304_alloc_n(ctx, out, 1, sizeof *d);
    if (!d)
        return NULL;
    uhp_arena work;
    uhp_arena_init(&work);
    bool ok = compute_delta(ctx, c, i, d, out, keep ? &work : ctx->arena);
    uhp_arena_destroy(&work);
    if (!ok)
        return NULL;
    if (keep) {
        d->r.ctx = NULL; /* complete: never grown again */
        c->deltas[i] = d;
        c->cached_items += d->r.n + d->r.n_hidden + d->n_touched;
    }
    return d;
}

/* Returns the next item of uha304_walker W, or NULL at the end. */
const uha304_port *uha304_walk_next(uha304_walker *w)
{
    const uha304_ports *b = &w->c->b, *r = &w->d->r;
    if (!w->d->all) {
        while (w->bi < b->n) {
            uint32_t o = b->items[w->bi].ord;
            while (w->ti < w->d->n_touched && w->d->touched[w->ti] < o)
                w->ti++;
            if (w->ti < w->d->n_touched && w->d->touched[w->ti] == o) {
                w->bi++;
                continue;
            }
            break;
        }
    }
    const uha304_port *x = !w->d->all && w->bi < b->n ? &b->items[w->bi] : NULL;
    const uha304_port *y = w->ri < r->n ? &r->items[w->ri] : NULL;
    if (x && (!y || x->seq < y->seq)) {
        w->bi++;
        return x;
    }
    if (y)
        w->ri++;
    return y;
}

/* Returns the rule's per-check cache, building it at the first run. NULL when memory
 * runs out. */
uha304_cache *uha304_get_cache(uhp_rule_ctx *ctx)
{
    if (*ctx->cache)
        return *ctx->cache;
    uha304_cache *c = uha304_alloc_n(ctx, ctx->cache_arena, 1, sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    if (ctx->prepared) {
        *c = *(const uha304_cache *)ctx->prepared; /* the base, built by uha304_prepare */
    } else {
        c->b.ctx = ctx;
        c->b.arena = ctx->cache_arena;
        if (!build_base(ctx, c, false))
            return NULL;
    }
    if (!build_groups(ctx, c))
        return NULL;
    c->b.ctx = NULL; /* complete: never grown again, and the ctx does not outlive a run */
    *ctx->cache = c;
    return c;
}

void *uha304_prepare(const uhp_config *cfg, uhp_arena *arena, bool *nomem)
{
    if (cfg->n_instances == 0)
        return NULL; /* the base is checked once, without a cache */
    /* A ctx of its own: out of memory is flagged in its own run, read below. */
    uhp_run run;
    uhp_run_init(&run);
    uhp_rule_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cfg = cfg;
    ctx.run = &run;
    ctx.cache_arena = arena;
    uha304_cache *c = uha304_alloc_n(&ctx, arena, 1, sizeof *c);
    if (c) {
        memset(c, 0, sizeof *c);
        c->b.ctx = &ctx;
        c->b.arena = arena;
        if (!build_base(&ctx, c, true))
            c = NULL;
        else
            c->b.ctx = NULL; /* complete: never grown again */
    }
    if (run.out_of_memory || arena->failed)
        *nomem = true;
    uhp_run_destroy(&run);
    return *nomem ? NULL : c;
}
