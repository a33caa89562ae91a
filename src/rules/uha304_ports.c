/* UHA304's port lists: the ports every enabled component of a view listens on, sorted by
 * port, and the pairs of them that collide. Declared in rule_internal.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* Makes room for one more element of SIZE bytes in *ITEMS (capacity *CAP, N used), in
 * arena A. Returns false (and flags the run out of memory) when allocation fails; the
 * old array stays valid. */
bool uha304_grow(uhp_rule_ctx *ctx, uhp_arena *a, void **items, size_t *cap, size_t n, size_t size)
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
void *uha304_alloc_n(uhp_rule_ctx *ctx, uhp_arena *a, size_t n, size_t size)
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
static void add_port(uha304_ports *l, const char *comp, const char *key, uhp_value v,
                     const uhp_value *en, uint32_t ord, unsigned *sub)
{
    if (v.kind == UHP_VAL_UNKNOWN) {
        void *h = l->hidden;
        if (!uha304_grow(l->ctx, l->arena, &h, &l->cap_hidden, l->n_hidden, sizeof *l->hidden))
            return;
        l->hidden = h;
        uha304_hidden *hp = &l->hidden[l->n_hidden++];
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
    if (!uha304_grow(l->ctx, l->arena, &items, &l->cap, l->n, sizeof *l->items))
        return;
    l->items = items;
    uha304_port *u = &l->items[l->n++];
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
void uha304_collect_comp(uha304_ports *l, const uhp_view *v, const uhp_value *comps,
                         const char *name, uint32_t ord)
{
    /* A near miss of a core component (`gatway`) is a typo Zowe starts nothing for. */
    if (!dym_component_typo(name))
        uha304_collect_named(l, v, comps, name, ord);
}

void uha304_collect_named(uha304_ports *l, const uhp_view *v, const uhp_value *comps,
                          const char *name, uint32_t ord)
{
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

/* Orders item indices by port, then by seq (qsort callback over sort_list: qsort has no
 * context argument in C11, so one per thread, as sets are checked in parallel). */
static _Thread_local const uha304_ports *sort_list;
static int by_port(const void *pa, const void *pb)
{
    const uha304_port *x = &sort_list->items[*(const size_t *)pa];
    const uha304_port *y = &sort_list->items[*(const size_t *)pb];
    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Fills L->by_port. Returns false when memory runs out. */
bool uha304_list_sort(uha304_ports *l)
{
    l->by_port = uha304_alloc_n(l->ctx, l->arena, l->n, sizeof *l->by_port);
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
size_t uha304_lower_port(const uha304_ports *l, long port)
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
bool uha304_has_u32(const uint32_t *set, size_t n, uint32_t x)
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
bool uha304_add_pair(uhp_rule_ctx *ctx, uhp_arena *a, uha304_pairs *p, const uha304_port *x,
                     const uha304_port *y)
{
    void *items = p->items;
    if (!uha304_grow(ctx, a, &items, &p->cap, p->n, sizeof *p->items))
        return false;
    p->items = items;
    p->items[p->n].x = x;
    p->items[p->n++].y = y;
    return true;
}

/* Adds the collisions of sorted list L alone (each item with the first on its port). */
bool uha304_list_pairs(uhp_rule_ctx *ctx, uhp_arena *a, const uha304_ports *l, uha304_pairs *out)
{
    size_t f = 0; /* the first position of the current port's group */
    for (size_t i = 1; i < l->n; i++) {
        const uha304_port *y = &l->items[l->by_port[i]];
        if (l->items[l->by_port[f]].port != y->port) {
            f = i;
            continue;
        }
        if (!uha304_add_pair(ctx, a, out, &l->items[l->by_port[f]], y))
            return false;
    }
    return true;
}

/* Orders pairs by their second item (qsort callback). */
int uha304_by_second(const void *pa, const void *pb)
{
    uint64_t a = ((const uha304_pair *)pa)->y->seq, b = ((const uha304_pair *)pb)->y->seq;
    return a < b ? -1 : a > b;
}

/* Orders uint32 values (qsort callback). */
int uha304_by_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return a < b ? -1 : a > b;
}

/* Orders longs (qsort callback). */
int uha304_by_long(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    return a < b ? -1 : a > b;
}
