/* What the parser works out after a file: VIPADISTRIBUTE DELETE applied to the earlier
 * distributions it names, and IPv6 distributions resolved to the address of their interface.
 * Sorted keys keep both O(n log n) on huge profiles. */
#include "parse_internal.h"

#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"

typedef struct tcpip_key {
    const char *key;
    size_t index;
} tcpip_key;

/* qsort/bsearch order of keys: by key text. */
static int tcpip_key_cmp(const void *a, const void *b)
{
    return strcmp(((const tcpip_key *)a)->key, ((const tcpip_key *)b)->key);
}

/* Returns the arena key of VIPADISTRIBUTE S: its DVIPA (or interface name), then its port
 * list, or "*" for the ports when ANY_PORTS. NULL when memory runs out. */
static const char *tcpip_dist_key(uhp_arena *a, const uhp_vstmt *s, bool any_ports)
{
    const char *target = s->intfname ? s->intfname : s->dvipa.canon;
    char *key = uhp_arena_printf(a, "%s|%s", target ? target : "", any_ports ? "*" : "");
    for (size_t k = 0; key && !any_ports && k < s->n_ports; k++) {
        const uhp_pport *pp = &s->ports[k];
        key = pp->symbolic ? uhp_arena_printf(a, "%s%s,", key, pp->tok.text)
                           : uhp_arena_printf(a, "%s%u-%u,", key, pp->lo, pp->hi);
    }
    return key;
}

/* Finds KEY in the sorted, de-duplicated array; returns the latest index, or 0 with *FOUND
 * false. */
static size_t tcpip_key_find(const tcpip_key *keys, size_t n, const char *key, bool *found)
{
    tcpip_key probe = {key, 0};
    const tcpip_key *hit = n ? bsearch(&probe, keys, n, sizeof *keys, tcpip_key_cmp) : NULL;
    *found = hit != NULL;
    return hit ? hit->index : 0;
}

/* Sorts KEYS and keeps one entry per key text, with the largest index. Returns the count. */
static size_t tcpip_key_dedupe(tcpip_key *keys, size_t n)
{
    if (n == 0)
        return 0;
    qsort(keys, n, sizeof *keys, tcpip_key_cmp);
    size_t out = 0;
    for (size_t k = 0; k < n; k++) {
        if (out && strcmp(keys[out - 1].key, keys[k].key) == 0) {
            if (keys[k].index > keys[out - 1].index)
                keys[out - 1].index = keys[k].index;
        } else {
            keys[out++] = keys[k];
        }
    }
    return out;
}

/* Applies the VIPADISTRIBUTE DELETE statements of the file whose statements start at FIRST:
 * an earlier distribution of the same DVIPA with the same ports (or any ports, when the
 * DELETE names none) is no longer in effect. Sorted keys keep it O(n log n) for huge files.
 * Returns false when memory runs out. */
bool tcpip_apply_deletes(uhp_profile *p, size_t first)
{
    size_t n = 0;
    for (size_t k = first; k < p->n_stmts; k++)
        n += p->stmts[k].kind == UHP_VS_DISTRIBUTE && p->stmts[k].delete_opt;
    if (n == 0)
        return true;
    tcpip_key *keys = uhp_malloc(n * sizeof *keys);
    if (!keys)
        return false;
    size_t m = 0;
    bool ok = true;
    for (size_t k = first; k < p->n_stmts && ok; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || !s->delete_opt)
            continue;
        keys[m].key = tcpip_dist_key(p->arena, s, s->n_ports == 0);
        keys[m].index = k;
        ok = keys[m++].key != NULL;
    }
    m = ok ? tcpip_key_dedupe(keys, m) : 0;
    for (size_t k = first; k < p->n_stmts && ok; k++) {
        uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || s->delete_opt)
            continue;
        const char *exact = tcpip_dist_key(p->arena, s, false);
        const char *any = tcpip_dist_key(p->arena, s, true);
        if (!exact || !any) {
            ok = false;
            break;
        }
        bool f1, f2;
        size_t i1 = tcpip_key_find(keys, m, exact, &f1);
        size_t i2 = tcpip_key_find(keys, m, any, &f2);
        if ((f1 && i1 > k) || (f2 && i2 > k))
            s->deleted = true;
    }
    uhp_free(keys);
    return ok;
}

/* Resolves the IPv6 VIPADISTRIBUTE statements (named by interface) to the address of the
 * VIPADEFINE or VIPABACKUP with that interface name, in any profile parsed so far. Returns
 * false when memory runs out. */
bool tcpip_resolve_intf(uhp_profile *p)
{
    size_t n = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *d = &p->stmts[k];
        n += (d->kind == UHP_VS_DEFINE || d->kind == UHP_VS_BACKUP) && d->intfname &&
             d->n_addrs == 1;
    }
    if (n == 0)
        return true;
    tcpip_key *keys = uhp_malloc(n * sizeof *keys);
    if (!keys)
        return false;
    size_t m = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *d = &p->stmts[k];
        if ((d->kind == UHP_VS_DEFINE || d->kind == UHP_VS_BACKUP) && d->intfname &&
            d->n_addrs == 1) {
            keys[m].key = d->intfname;
            keys[m++].index = k;
        }
    }
    m = tcpip_key_dedupe(keys, m);
    for (size_t k = 0; k < p->n_stmts; k++) {
        uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || s->has_dvipa || !s->intfname)
            continue;
        bool found;
        size_t j = tcpip_key_find(keys, m, s->intfname, &found);
        if (found) {
            s->dvipa = p->stmts[j].addrs[0];
            s->has_dvipa = true;
        }
    }
    uhp_free(keys);
    return true;
}
