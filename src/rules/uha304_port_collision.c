/* UHA304 port-collision: no two enabled components of one instance listen on the same
 * port (the caching service's jgroups and key exchange ports, the gateway's internal
 * connector and the UMS ports included), and no two instances on the same system (same
 * sysname) use the same port. A second listener on a port fails to bind and that
 * component does not start. Only enabled components count: Zowe's own defaults put
 * jobs-api and zaas both on 7558, harmless while jobs-api is disabled. Two gateways on
 * one system are UHA303's finding, not repeated here.
 *
 * Scaling: an instance's effective ports differ from the base configuration's only where
 * haInstances.<id>.components sets a key they depend on (port_keys), or where a ${{ }}
 * expression below a component may resolve differently. So the base port list B (sorted
 * by port, with its colliding pairs) is built once per check in the rule's cache, and an
 * instance is represented as "B minus its touched components plus their recomputed ports"
 * (a delta).
 * Findings, their order and their wording are those of collecting every component of
 * every instance, which is what an instance falls back to when its overlay is unusual. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* Recomputed ports kept in the cache for instances that share a sysname, at most this
 * many (about 200 bytes each); beyond it a delta is recomputed for every use. */
#define UHA304_CACHE_ITEMS (1u << 17)

/* One port an enabled component listens on. */
typedef struct port_use {
    const char *comp; /* component name */
    const char *key;  /* key below the component, e.g. port, server.internal.port */
    long port;
    uint64_t seq;      /* position in the instance's list: component ordinal * 8 + index */
    uint32_t ord;      /* component ordinal (base order; components only an overlay names
                          come after the base's) */
    uhp_value val;     /* the port */
    uhp_value enabled; /* the component's enabled: true */
} port_use;

/* A port a ${{ }} expression hides: reported for the instance's own run only. */
typedef struct hidden_port {
    const char *comp, *key;
    uhp_value val;
} hidden_port;

/* A growable list of ports in ARENA, in seq order. */
typedef struct port_list {
    uhp_rule_ctx *ctx;
    uhp_arena *arena; /* items, hidden ports, copies of computed strings */
    port_use *items;
    size_t n, cap;
    hidden_port *hidden;
    size_t n_hidden, cap_hidden;
    size_t *by_port; /* item indices sorted by (port, seq), after list_sort */
} port_list;

/* A collision inside one instance: Y is on the port of X, the first item there. */
typedef struct port_pair {
    const port_use *x, *y;
} port_pair;

/* A growable list of pairs in ARENA. */
typedef struct pair_list {
    port_pair *items;
    size_t n, cap;
} pair_list;

/* One instance's ports: B without the TOUCHED base components, plus R; or R alone (ALL)
 * when the instance's components cannot be derived from the base's. */
typedef struct port_delta {
    bool all;
    uint32_t *touched; /* sorted base ordinals whose ports come from R */
    size_t n_touched;
    port_list r;
} port_delta;

/* What the rule keeps between its runs on the instances of one check (cache_arena). */
typedef struct uha304_cache {
    bool incremental;       /* the base components are a plain map: deltas apply */
    port_list b;            /* the base view's ports */
    const uhp_node **parts; /* the base's `components` maps, priority order */
    uint32_t n_parts;
    const char **names; /* base component names in Zowe's order (ordinals) */
    size_t n_names;
    uint32_t *slots; /* open-addressing name index: ordinal + 1, 0 empty */
    size_t mask;
    size_t *first_item; /* per ordinal: its first item in b (n_names + 1 entries) */
    uint32_t *tainted;  /* sorted ordinals with a ${{ }} below them in any layer */
    size_t n_tainted;
    pair_list pairs;            /* B's own collisions, in the order of their second item */
    const char **sys;           /* per instance: sysname (NULL: none) */
    size_t *group;              /* instances with a sysname, by sysname then index */
    size_t *group_at, *group_n; /* per instance: its group's start in GROUP and size */
    port_delta **deltas;        /* per instance: cached delta, or NULL */
    size_t cached_items;
} uha304_cache;

/* Extra ports some components open besides `port` (collect_comp reads them):
 *   caching-service  storage.infinispan.jgroups.port, storage.infinispan.jgroups.keyExchange.port
 *                    (open only with infinispan storage)
 *   gateway          server.internal.port (open only when server.internal.enabled is true)
 *   izp              server.port.http, server.port.agent, server.port.gremlin
 * port_keys lists every key collect_comp reads below a component, so everything its ports
 * depend on: for component COMP (NULL: every component), the key path PATH (NULL-ended). */
static const struct {
    const char *comp;
    const char *path[6];
} port_keys[] = {
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

/* Ports collect_comp may add to a component's `port`: caching-service 2, gateway 1, izp 3.
 * A list of N components' ports is sized N plus this once, not regrown (and copied) as it
 * fills: the base list of a 20 MB configuration is 12,000 items of 184 bytes. */
#define UHA304_EXTRA_PORTS 6

/* Makes room for one more element of SIZE bytes in *ITEMS (capacity *CAP, N used), in
 * arena A. Returns false (and flags the run out of memory) when allocation fails; the
 * old array stays valid. */
static bool grow(uhp_rule_ctx *ctx, uhp_arena *a, void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *ni = uhp_arena_alloc(a, ncap * size);
    if (!ni) {
        ctx->run->out_of_memory = true;
        return false;
    }
    if (n)
        memcpy(ni, *items, n * size);
    *items = ni;
    *cap = ncap;
    return true;
}

/* Allocates N elements of SIZE in arena A (at least one byte); NULL, with the run flagged
 * out of memory, when that fails. */
static void *alloc_n(uhp_rule_ctx *ctx, uhp_arena *a, size_t n, size_t size)
{
    void *p = uhp_arena_alloc(a, n ? n * size : 1);
    if (!p)
        ctx->run->out_of_memory = true;
    return p;
}

/* Adds V, the value of KEY below component COMP (enabled by EN), when it is a port
 * number; *SUB numbers the component's items. A template that hides the port is kept
 * in the hidden list. Values are copied with any computed string moved into the list's
 * arena, so that a list can outlive the view's arena. */
static void add_port(port_list *l, const char *comp, const char *key, uhp_value v,
                     const uhp_value *en, uint32_t ord, unsigned *sub)
{
    if (v.kind == UHP_VAL_UNKNOWN) {
        void *h = l->hidden;
        if (!grow(l->ctx, l->arena, &h, &l->cap_hidden, l->n_hidden, sizeof *l->hidden))
            return;
        l->hidden = h;
        hidden_port *hp = &l->hidden[l->n_hidden++];
        hp->comp = comp;
        hp->key = key;
        hp->val = v;
        return;
    }
    long port = uhp_value_port(&v);
    if (port <= 0)
        return; /* absent, or not a port: UHA007 reports bad values */
    if (v.via && v.kind == UHP_VAL_STRING && v.str) {
        /* Interpolated text lives in the view's arena. */
        v.str = uhp_arena_strndup(l->arena, v.str, strlen(v.str));
        if (!v.str) {
            l->ctx->run->out_of_memory = true;
            return;
        }
    }
    void *items = l->items;
    if (!grow(l->ctx, l->arena, &items, &l->cap, l->n, sizeof *l->items))
        return;
    l->items = items;
    port_use *u = &l->items[l->n++];
    u->comp = comp;
    u->key = key;
    u->port = port;
    u->ord = ord;
    u->seq = (uint64_t)ord * 8 + (*sub)++;
    u->val = v;
    u->enabled = *en;
}

/* Adds the ports of component NAME (ordinal ORD) of view V, whose `components` value is
 * COMPS, when it is enabled. The keys below the component are stepped to from its value
 * (what uhp_view_get gives for the whole path), each shared prefix once. Lookups allocate
 * in V's arena. */
static void collect_comp(port_list *l, const uhp_view *v, const uhp_value *comps, const char *name,
                         uint32_t ord)
{
    /* A near miss of a core component (`gatway`) is a typo Zowe starts nothing for. */
    if (dym_component_typo(name))
        return;
    uhp_value comp = uhp_value_child(v, comps, name);
    uhp_value en = uhp_value_child(v, &comp, "enabled");
    if (!uhp_value_is_true(&en))
        return;
    /* Names with a quote cannot be written in a path: skipped, as before. */
    if (strchr(name, '\''))
        return;
    unsigned sub = 0;
    add_port(l, name, "port", uhp_value_child(v, &comp, "port"), &en, ord, &sub);
    if (strcmp(name, "caching-service") == 0) {
        /* Storage mode as uha3_caching_mode reads it: jgroups listens only with infinispan. */
        uhp_value storage = uhp_value_child(v, &comp, "storage");
        uhp_value mode = uhp_value_child(v, &storage, "mode");
        const char *m = uha3_caching_mode_of(&mode);
        if (!m || strcmp(m, "infinispan") != 0)
            return;
        uhp_value inf = uhp_value_child(v, &storage, "infinispan");
        uhp_value jg = uhp_value_child(v, &inf, "jgroups");
        add_port(l, name, "storage.infinispan.jgroups.port", uhp_value_child(v, &jg, "port"), &en,
                 ord, &sub);
        uhp_value kx = uhp_value_child(v, &jg, "keyExchange");
        add_port(l, name, "storage.infinispan.jgroups.keyExchange.port",
                 uhp_value_child(v, &kx, "port"), &en, ord, &sub);
    } else if (strcmp(name, "gateway") == 0) {
        uhp_value server = uhp_value_child(v, &comp, "server");
        uhp_value internal = uhp_value_child(v, &server, "internal");
        uhp_value on = uhp_value_child(v, &internal, "enabled");
        if (uhp_value_is_true(&on))
            add_port(l, name, "server.internal.port", uhp_value_child(v, &internal, "port"), &en,
                     ord, &sub);
    } else if (strcmp(name, "izp") == 0) {
        uhp_value server = uhp_value_child(v, &comp, "server");
        uhp_value port = uhp_value_child(v, &server, "port");
        add_port(l, name, "server.port.http", uhp_value_child(v, &port, "http"), &en, ord, &sub);
        add_port(l, name, "server.port.agent", uhp_value_child(v, &port, "agent"), &en, ord, &sub);
        add_port(l, name, "server.port.gremlin", uhp_value_child(v, &port, "gremlin"), &en, ord,
                 &sub);
    }
}

/* Collects a name of a component map (uhp_value_map_keys callback). */
typedef struct name_list {
    uhp_rule_ctx *ctx;
    uhp_arena *arena;
    const char **names;
    size_t n, cap;
} name_list;

/* Appends KEY (owned by the tree) to the names; returns false when memory runs out. */
static bool add_name(void *p, const char *key)
{
    name_list *nl = p;
    void *names = nl->names;
    if (!grow(nl->ctx, nl->arena, &names, &nl->cap, nl->n, sizeof *nl->names))
        return false;
    nl->names = names;
    nl->names[nl->n++] = key;
    return true;
}

/* Orders item indices by port, then by seq (qsort callback over sort_list: qsort has no
 * context argument in C11, so one per thread, as sets are checked in parallel). */
static _Thread_local const port_list *sort_list;
static int by_port(const void *pa, const void *pb)
{
    const port_use *x = &sort_list->items[*(const size_t *)pa];
    const port_use *y = &sort_list->items[*(const size_t *)pb];
    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Fills L->by_port. Returns false when memory runs out. */
static bool list_sort(port_list *l)
{
    l->by_port = alloc_n(l->ctx, l->arena, l->n, sizeof *l->by_port);
    if (!l->by_port)
        return false;
    for (size_t i = 0; i < l->n; i++)
        l->by_port[i] = i;
    sort_list = l;
    if (l->n > 1) /* qsort's own cost is most of sorting a list this short */
        qsort(l->by_port, l->n, sizeof *l->by_port, by_port);
    sort_list = NULL; /* L may be a caller's local */
    return true;
}

/* Returns the first position in L->by_port whose port is at least PORT. */
static size_t lower_port(const port_list *l, long port)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->items[l->by_port[mid]].port < port)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* True when sorted array SET (N entries) holds X. */
static bool has_u32(const uint32_t *set, size_t n, uint32_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && set[lo] == x;
}

/* Appends pair (X, Y) in arena A; false when memory runs out. */
static bool add_pair(uhp_rule_ctx *ctx, uhp_arena *a, pair_list *p, const port_use *x,
                     const port_use *y)
{
    void *items = p->items;
    if (!grow(ctx, a, &items, &p->cap, p->n, sizeof *p->items))
        return false;
    p->items = items;
    p->items[p->n].x = x;
    p->items[p->n++].y = y;
    return true;
}

/* Adds the collisions of sorted list L alone (each item with the first on its port). */
static bool list_pairs(uhp_rule_ctx *ctx, uhp_arena *a, const port_list *l, pair_list *out)
{
    size_t f = 0; /* the first position of the current port's group */
    for (size_t i = 1; i < l->n; i++) {
        const port_use *y = &l->items[l->by_port[i]];
        if (l->items[l->by_port[f]].port != y->port) {
            f = i;
            continue;
        }
        if (!add_pair(ctx, a, out, &l->items[l->by_port[f]], y))
            return false;
    }
    return true;
}

/* Orders pairs by their second item (qsort callback). */
static int by_second(const void *pa, const void *pb)
{
    uint64_t a = ((const port_pair *)pa)->y->seq, b = ((const port_pair *)pb)->y->seq;
    return a < b ? -1 : a > b;
}

/* Orders uint32 values (qsort callback). */
static int by_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return a < b ? -1 : a > b;
}

/* Orders longs (qsort callback). */
static int by_long(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    return a < b ? -1 : a > b;
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
        if (n->first) {
            n = n->first;
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
    if (!src || !src->data)
        return true;
    if (memchr(src->data, '\\', src->len))
        return true;
    const char *p = src->data, *end = src->data + src->len;
    while ((p = memchr(p, '$', (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && p[1] == '{' && p[2] == '{')
            return true;
        p++;
    }
    return false;
}

/* Builds the base port list, its pairs, the name index and the tainted ordinals into C.
 * Lookups allocate in a temporary arena; what is kept lives in CTX's cache arena. Leaves
 * C->incremental false when the base components are not a plain map. Returns false when
 * memory runs out. */
static bool build_base(uhp_rule_ctx *ctx, uha304_cache *c)
{
    uhp_arena *ca = ctx->cache_arena;
    uhp_arena tmp;
    uhp_arena_init(&tmp);
    uhp_view base = {ctx->cfg, NULL, &tmp};
    uhp_value comps = uhp_view_get(&base, "components");
    if (comps.kind != UHP_VAL_MAP || comps.via) {
        uhp_arena_destroy(&tmp);
        return true; /* not incremental: every instance collects all its components */
    }
    c->n_parts = comps.n_parts;
    c->parts = alloc_n(ctx, ca, comps.n_parts, sizeof *c->parts);
    name_list nl = {ctx, ca, NULL, 0, 0};
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
    c->slots = ok ? alloc_n(ctx, ca, n_slots, sizeof *c->slots) : NULL;
    c->first_item = ok ? alloc_n(ctx, ca, c->n_names + 1, sizeof *c->first_item) : NULL;
    c->b.cap = c->n_names + UHA304_EXTRA_PORTS; /* collect_comp grows it if ever needed */
    c->b.items = ok ? alloc_n(ctx, ca, c->b.cap, sizeof *c->b.items) : NULL;
    c->tainted = ok ? alloc_n(ctx, ca, c->n_names, sizeof *c->tainted) : NULL;
    bool *scan = ok ? alloc_n(ctx, &tmp, c->n_parts, sizeof *scan) : NULL;
    ok = c->slots && c->first_item && c->b.items && c->tainted && scan;
    for (uint32_t p = 0; ok && p < c->n_parts; p++)
        scan[p] = may_template(c->parts[p]->src);
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
        collect_comp(&c->b, &base, &comps, c->names[o], (uint32_t)o);
        ok = !ctx->run->out_of_memory;
    }
    if (ok) {
        c->first_item[c->n_names] = c->b.n;
        ok = list_sort(&c->b) && list_pairs(ctx, ca, &c->b, &c->pairs);
    }
    if (ok) {
        if (c->pairs.n > 1)
            qsort(c->pairs.items, c->pairs.n, sizeof *c->pairs.items, by_second);
        c->incremental = true;
    }
    uhp_arena_destroy(&tmp);
    return ok;
}

/* Orders instance indices by sysname ignoring case, then index (qsort callback). */
static _Thread_local const uha304_cache *sort_cache; /* one per thread, as sort_list */
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
    c->sys = alloc_n(ctx, ca, n, sizeof *c->sys);
    c->group = alloc_n(ctx, ca, n, sizeof *c->group);
    c->group_at = alloc_n(ctx, ca, n, sizeof *c->group_at);
    c->group_n = alloc_n(ctx, ca, n, sizeof *c->group_n);
    c->deltas = alloc_n(ctx, ca, n, sizeof *c->deltas);
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
static void collect_all(const uhp_view *v, port_list *l)
{
    name_list nl = {l->ctx, v->arena, NULL, 0, 0};
    uhp_value comps = uhp_view_get(v, "components");
    uhp_value_map_keys(v, &comps, add_name, &nl);
    for (size_t i = 0; i < nl.n && !l->ctx->run->out_of_memory; i++)
        collect_comp(l, v, &comps, nl.names[i], (uint32_t)i);
}

/* True when overlay value NODE of component NAME (an haInstances.<id>.components.NAME node)
 * may change the component's ports: it is not a map, or sets a key of port_keys, or puts
 * something other than a map on the way to one. Otherwise every key collect_comp reads
 * comes from the base's maps alone, and the base's ports stand (a map overlay deep-merges;
 * where the base has no map below, neither has the merge). */
static bool overlay_moves_ports(const uhp_node *node, const char *name)
{
    for (size_t k = 0; k < sizeof port_keys / sizeof port_keys[0]; k++) {
        if (port_keys[k].comp && strcmp(port_keys[k].comp, name) != 0)
            continue;
        const uhp_node *n = node;
        for (size_t s = 0; port_keys[k].path[s]; s++) {
            if (n->kind != UHP_NODE_MAP)
                return true;
            n = uhp_node_get(n, port_keys[k].path[s]);
            if (!n)
                break;
            if (!port_keys[k].path[s + 1])
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
static bool compute_delta(uhp_rule_ctx *ctx, const uha304_cache *c, size_t i, port_delta *d,
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
        collect_all(&v, &d->r);
        return !ctx->run->out_of_memory && list_sort(&d->r);
    }
    /* The names the overlay maps bring, lowest part first as uhp_value_map_keys lists
     * them: base ones by their ordinal, new ones after the base's in order. */
    uint32_t *ords = NULL;
    const char **fresh = NULL;
    size_t n_ords = 0, cap_ords = 0, n_fresh = 0, cap_fresh = 0;
    for (uint32_t p = n_inst; p-- > 0;) {
        for (const uhp_node *ch = comps.parts[p]->first; ch; ch = ch->next) {
            if (!ch->key || uhp_node_get(comps.parts[p], ch->key) != ch)
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
            if (o >= 0 ? !grow(ctx, work, &arr, &cap_ords, n_ords, sizeof *ords)
                       : !grow(ctx, work, &arr, &cap_fresh, n_fresh, sizeof *fresh))
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
    d->touched = alloc_n(ctx, out, n_ords + c->n_tainted, sizeof *d->touched);
    if (!d->touched)
        return false;
    if (n_ords)
        memcpy(d->touched, ords, n_ords * sizeof *ords);
    if (c->n_tainted)
        memcpy(d->touched + n_ords, c->tainted, c->n_tainted * sizeof *c->tainted);
    size_t n = n_ords + c->n_tainted;
    if (n > 1)
        qsort(d->touched, n, sizeof *d->touched, by_u32);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || d->touched[u - 1] != d->touched[k])
            d->touched[u++] = d->touched[k];
    d->n_touched = u;
    for (size_t k = 0; k < u && !ctx->run->out_of_memory; k++)
        collect_comp(&d->r, &v, &comps, c->names[d->touched[k]], d->touched[k]);
    for (size_t k = 0; k < n_fresh && !ctx->run->out_of_memory; k++)
        collect_comp(&d->r, &v, &comps, fresh[k], (uint32_t)(c->n_names + k));
    return !ctx->run->out_of_memory && list_sort(&d->r);
}

/* Returns the delta of instance I: the cached one, else computed and cached when the
 * instance shares its sysname and the cache has room, else computed in the ctx's scratch
 * arena. NULL when memory runs out. */
static const port_delta *get_delta(uhp_rule_ctx *ctx, uha304_cache *c, size_t i)
{
    if (c->deltas[i])
        return c->deltas[i];
    bool keep = c->group_n[i] >= 2 && c->cached_items < UHA304_CACHE_ITEMS;
    uhp_arena *out = keep ? ctx->cache_arena : ctx->arena;
    port_delta *d = alloc_n(ctx, out, 1, sizeof *d);
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

/* Walks the items of an instance (base items not touched, then merged with R) in seq
 * order. */
typedef struct walker {
    const uha304_cache *c;
    const port_delta *d;
    size_t bi, ri, ti;
} walker;

/* Returns the next item of walker W, or NULL at the end. */
static const port_use *walk_next(walker *w)
{
    const port_list *b = &w->c->b, *r = &w->d->r;
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
    const port_use *x = !w->d->all && w->bi < b->n ? &b->items[w->bi] : NULL;
    const port_use *y = w->ri < r->n ? &r->items[w->ri] : NULL;
    if (x && (!y || x->seq < y->seq)) {
        w->bi++;
        return x;
    }
    if (y)
        w->ri++;
    return y;
}

/* The key path as the user writes it: components.x.port. */
static const char *show(uhp_rule_ctx *ctx, const port_use *u)
{
    return uhp_ctx_printf(ctx, "components.%s.%s", u->comp, u->key);
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

/* Reports the templates that hide ports of this instance, in collection order. */
static void report_hidden(uhp_rule_ctx *ctx, const port_list *l)
{
    for (size_t i = 0; i < l->n_hidden; i++) {
        const hidden_port *h = &l->hidden[i];
        uhp_ctx_unverified(ctx, &h->val,
                           uhp_ctx_printf(ctx,
                                          "components.%s.%s is a ${{ }} expression that "
                                          "cannot be evaluated here, so its port could not "
                                          "be checked for collisions",
                                          h->comp, h->key));
    }
}

/* Reports the collision pairs P (in the order of their second item). */
static void report_own(uhp_rule_ctx *ctx, const pair_list *p)
{
    for (size_t i = 0; i < p->n && !ctx->run->out_of_memory; i++) {
        const port_use *x = p->items[i].x, *y = p->items[i].y;
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
static bool port_group(uhp_rule_ctx *ctx, const uha304_cache *c, const port_delta *d, long port,
                       const port_use ***out, size_t *n_out, size_t *cap)
{
    size_t bi = lower_port(&c->b, port), ri = lower_port(&d->r, port);
    *n_out = 0;
    for (;;) {
        const port_use *x = NULL, *y = NULL;
        while (bi < c->b.n && c->b.items[c->b.by_port[bi]].port == port) {
            x = &c->b.items[c->b.by_port[bi]];
            if (!has_u32(d->touched, d->n_touched, x->ord))
                break;
            x = NULL;
            bi++;
        }
        if (ri < d->r.n && d->r.items[d->r.by_port[ri]].port == port)
            y = &d->r.items[d->r.by_port[ri]];
        if (!x && !y)
            return true;
        void *arr = *out;
        if (!grow(ctx, ctx->arena, &arr, cap, *n_out, sizeof **out))
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
static void check_own(uhp_rule_ctx *ctx, const uha304_cache *c, const port_delta *d)
{
    pair_list pairs = {NULL, 0, 0};
    if (d->all) {
        if (!list_pairs(ctx, ctx->arena, &d->r, &pairs))
            return;
        report_own(ctx, &pairs);
        return;
    }
    /* The ports whose groups change: those of touched base items and of R's items. */
    size_t n_aff = d->r.n;
    for (size_t k = 0; k < d->n_touched; k++)
        n_aff += c->first_item[d->touched[k] + 1] - c->first_item[d->touched[k]];
    long *aff = alloc_n(ctx, ctx->arena, n_aff, sizeof *aff);
    if (!aff)
        return;
    size_t a = 0;
    for (size_t k = 0; k < d->r.n; k++)
        aff[a++] = d->r.items[k].port;
    for (size_t k = 0; k < d->n_touched; k++)
        for (size_t t = c->first_item[d->touched[k]]; t < c->first_item[d->touched[k] + 1]; t++)
            aff[a++] = c->b.items[t].port;
    if (a > 1)
        qsort(aff, a, sizeof *aff, by_long);
    size_t u = 0;
    for (size_t k = 0; k < a; k++)
        if (u == 0 || aff[u - 1] != aff[k])
            aff[u++] = aff[k];
    for (size_t k = 0; k < c->pairs.n; k++) {
        const port_pair *pp = &c->pairs.items[k];
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
        if (!add_pair(ctx, ctx->arena, &pairs, pp->x, pp->y))
            return;
    }
    const port_use **grp = NULL;
    size_t n_grp = 0, cap_grp = 0;
    for (size_t k = 0; k < u; k++) {
        if (!port_group(ctx, c, d, aff[k], &grp, &n_grp, &cap_grp))
            return;
        for (size_t g = 1; g < n_grp; g++)
            if (!add_pair(ctx, ctx->arena, &pairs, grp[0], grp[g]))
                return;
    }
    if (pairs.n > 1)
        qsort(pairs.items, pairs.n, sizeof *pairs.items, by_second);
    report_own(ctx, &pairs);
}

/* True when X and Y are the same gateway listener: two gateways on one system are
 * UHA303's finding. */
static bool both_gateways(const port_use *x, const port_use *y)
{
    return strcmp(x->comp, "gateway") == 0 && strcmp(y->comp, "gateway") == 0 &&
           strcmp(x->key, y->key) == 0;
}

/* Returns the first item (in seq order) of delta D on X's port that X collides with,
 * or NULL. */
static const port_use *first_clash(const uha304_cache *c, const port_delta *d, const port_use *x)
{
    const port_use *best = NULL;
    if (!d->all) {
        for (size_t k = lower_port(&c->b, x->port);
             k < c->b.n && c->b.items[c->b.by_port[k]].port == x->port; k++) {
            const port_use *y = &c->b.items[c->b.by_port[k]];
            if (has_u32(d->touched, d->n_touched, y->ord) || both_gateways(x, y))
                continue;
            best = y;
            break;
        }
    }
    for (size_t k = lower_port(&d->r, x->port);
         k < d->r.n && d->r.items[d->r.by_port[k]].port == x->port; k++) {
        const port_use *y = &d->r.items[d->r.by_port[k]];
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
static void check_pair(uhp_rule_ctx *ctx, const uha304_cache *c, const port_delta *mine,
                       const port_delta *theirs, size_t me, size_t j, const char *sys)
{
    const uhp_instance *all = ctx->cfg->instances;
    walker w = {c, mine, 0, 0, 0};
    for (const port_use *x = walk_next(&w); x && !ctx->run->out_of_memory; x = walk_next(&w)) {
        const port_use *y = first_clash(c, theirs, x);
        if (!y)
            continue;
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
    }
}

/* Checks the base configuration when there are no haInstances: one run, nothing cached. */
static void check_base(uhp_rule_ctx *ctx)
{
    port_delta d;
    memset(&d, 0, sizeof d);
    d.all = true;
    d.r.ctx = ctx;
    d.r.arena = ctx->arena;
    collect_all(ctx->view, &d.r);
    if (ctx->run->out_of_memory || !list_sort(&d.r))
        return;
    report_hidden(ctx, &d.r);
    check_own(ctx, NULL, &d);
}

/* Returns the rule's per-check cache, building it at the first run. NULL when memory
 * runs out. */
static uha304_cache *get_cache(uhp_rule_ctx *ctx)
{
    if (*ctx->cache)
        return *ctx->cache;
    uha304_cache *c = alloc_n(ctx, ctx->cache_arena, 1, sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    c->b.ctx = ctx;
    c->b.arena = ctx->cache_arena;
    if (!build_base(ctx, c) || !build_groups(ctx, c))
        return NULL;
    c->b.ctx = NULL; /* complete: never grown again, and the ctx does not outlive a run */
    *ctx->cache = c;
    return c;
}

/* Checks this instance's ports, then against the instances sharing its sysname. */
static void check(uhp_rule_ctx *ctx)
{
    if (!ctx->inst) {
        check_base(ctx);
        return;
    }
    uha304_cache *c = get_cache(ctx);
    if (!c)
        return;
    size_t me = (size_t)(ctx->inst - ctx->cfg->instances);
    const port_delta *mine = get_delta(ctx, c, me);
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
        const port_delta *theirs = get_delta(ctx, c, j);
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
};
