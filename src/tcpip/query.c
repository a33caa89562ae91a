/* Queries on a parsed profile that the UHA2xx rules ask: which distributions are in effect,
 * which ports they cover, where a DVIPA is defined. Pure functions of the profile (no engine),
 * so the fuzzer can link them. */
#include "uhp/tcpip.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/arena.h"

bool uhp_vstmt_distributes(const uhp_vstmt *s)
{
    return s->kind == UHP_VS_DISTRIBUTE && !s->delete_opt && !s->deleted && !s->rejected_ezz0831;
}

const char *uhp_profile_hotstandby_dvipa(const uhp_profile *p)
{
    const uhp_vstmt *one = NULL;
    if (!p)
        return NULL;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (!uhp_vstmt_distributes(s) || s->method != UHP_DM_HOTSTANDBY)
            continue;
        if (!s->has_dvipa)
            return NULL; /* an IPv6 interface that names no defined DVIPA: ambiguous */
        if (one && !uhp_paddr_equal(&one->dvipa, &s->dvipa))
            return NULL;
        one = s;
    }
    return one && one->dvipa.family != 0 ? one->dvipa.canon : NULL;
}

uhp_cover uhp_vstmt_covers_port(const uhp_vstmt *s, long port)
{
    if (s->n_ports == 0)
        return UHP_COVER_YES;
    bool maybe = false;
    for (size_t k = 0; k < s->n_ports; k++) {
        const uhp_pport *pp = &s->ports[k];
        if (pp->symbolic)
            maybe = true;
        else if (port >= (long)pp->lo && port <= (long)pp->hi)
            return UHP_COVER_YES;
    }
    return maybe ? UHP_COVER_UNKNOWN : UHP_COVER_NO;
}

int uhp_paddr_cmp(const uhp_paddr *a, const uhp_paddr *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    if (a->family == 0) {
        if (!a->tok.text || !b->tok.text)
            return (a->tok.text != NULL) - (b->tok.text != NULL);
        return strcasecmp(a->tok.text, b->tok.text);
    }
    return memcmp(a->bytes, b->bytes, a->family == 4 ? 4 : 16);
}

/* One definition or deletion in the index: its key (an address, or an interface name), the
 * statement and its file. */
typedef struct query_entry {
    const uhp_paddr *addr;
    const char *intf;
    size_t stmt, file;
} query_entry;

struct uhp_defindex {
    query_entry *defs; /* VIPADEFINE/VIPABACKUP addresses, by (address, statement) */
    size_t n_defs;
    query_entry *adel; /* VIPADELETE of one address, by (address, file, statement) */
    size_t n_adel;
    query_entry *idel; /* VIPADELETE of an interface, by (name, file, statement) */
    size_t n_idel;
};

/* qsort order of entries by address, then file, then statement. */
static int query_cmp_addr(const void *pa, const void *pb)
{
    const query_entry *a = pa, *b = pb;
    int c = uhp_paddr_cmp(a->addr, b->addr);
    if (c)
        return c;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return a->stmt < b->stmt ? -1 : a->stmt > b->stmt;
}

/* qsort order of entries by interface name, then file, then statement. */
static int query_cmp_intf(const void *pa, const void *pb)
{
    const query_entry *a = pa, *b = pb;
    int c = strcmp(a->intf, b->intf);
    if (c)
        return c;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return a->stmt < b->stmt ? -1 : a->stmt > b->stmt;
}

bool uhp_profile_index(uhp_profile *p)
{
    size_t nd = 0, na = 0, ni = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind == UHP_VS_DEFINE || s->kind == UHP_VS_BACKUP)
            nd += s->n_addrs;
        else if (s->kind == UHP_VS_DELETE && s->intfname)
            ni++;
        else if (s->kind == UHP_VS_DELETE && s->n_addrs == 1)
            na++;
    }
    struct uhp_defindex *x = uhp_arena_alloc(p->arena, sizeof *x);
    query_entry *all = uhp_arena_alloc(p->arena, (nd + na + ni + 1) * sizeof *all);
    if (!x || !all)
        return false;
    x->defs = all;
    x->adel = all + nd;
    x->idel = all + nd + na;
    x->n_defs = x->n_adel = x->n_idel = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        query_entry e = {NULL, NULL, k, s->file_index};
        if (s->kind == UHP_VS_DEFINE || s->kind == UHP_VS_BACKUP) {
            for (size_t j = 0; j < s->n_addrs; j++) {
                e.addr = &s->addrs[j];
                x->defs[x->n_defs++] = e;
            }
        } else if (s->kind == UHP_VS_DELETE && s->intfname) {
            e.intf = s->intfname;
            x->idel[x->n_idel++] = e;
        } else if (s->kind == UHP_VS_DELETE && s->n_addrs == 1) {
            e.addr = &s->addrs[0];
            x->adel[x->n_adel++] = e;
        }
    }
    /* Definitions by (address, statement): their file is left 0, out of their order. */
    for (size_t k = 0; k < x->n_defs; k++)
        x->defs[k].file = 0;
    qsort(x->defs, x->n_defs, sizeof *x->defs, query_cmp_addr);
    qsort(x->adel, x->n_adel, sizeof *x->adel, query_cmp_addr);
    qsort(x->idel, x->n_idel, sizeof *x->idel, query_cmp_intf);
    p->defindex = x;
    return true;
}

/* The index of the first entry of E[0..N) not ordered before KEY by CMP. */
static size_t query_lower(const query_entry *e, size_t n, const query_entry *key,
                          int (*cmp)(const void *, const void *))
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(&e[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* True when E[0..N) (ordered by CMP) holds an entry of KEY's key and file after statement
 * KEY.stmt. */
static bool query_later(const query_entry *e, size_t n, query_entry key,
                        int (*cmp)(const void *, const void *))
{
    size_t after = key.stmt;
    key.stmt = (size_t)-1;
    size_t end = query_lower(e, n, &key, cmp); /* past the entries of this key and file */
    if (end == 0)
        return false;
    query_entry same = e[end - 1];
    same.stmt = key.stmt; /* compare the key and the file only */
    return cmp(&same, &key) == 0 && e[end - 1].stmt > after;
}

/* uhp_profile_find_definition on the index: the last definition of ADDR, unless a later
 * VIPADELETE of its file (of the address, or of its interface) undoes it. */
static const uhp_vstmt *query_find_indexed(const uhp_profile *p, const uhp_paddr *addr)
{
    const struct uhp_defindex *x = p->defindex;
    query_entry key = {addr, NULL, (size_t)-1, 0};
    size_t end = query_lower(x->defs, x->n_defs, &key, query_cmp_addr);
    if (end == 0 || uhp_paddr_cmp(x->defs[end - 1].addr, addr) != 0)
        return NULL;
    const query_entry *d = &x->defs[end - 1];
    const uhp_vstmt *cand = &p->stmts[d->stmt];
    query_entry del = {addr, NULL, d->stmt, cand->file_index};
    if (query_later(x->adel, x->n_adel, del, query_cmp_addr))
        return NULL;
    if (cand->intfname) {
        query_entry idel = {NULL, cand->intfname, d->stmt, cand->file_index};
        if (query_later(x->idel, x->n_idel, idel, query_cmp_intf))
            return NULL;
    }
    return cand;
}

const uhp_vstmt *uhp_profile_find_definition(const uhp_profile *p, const uhp_paddr *addr)
{
    if (p->defindex)
        return query_find_indexed(p, addr);
    const uhp_vstmt *cand = NULL;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind == UHP_VS_DEFINE || s->kind == UHP_VS_BACKUP) {
            for (size_t j = 0; j < s->n_addrs; j++) {
                if (uhp_paddr_equal(&s->addrs[j], addr)) {
                    cand = s;
                    break;
                }
            }
        } else if (s->kind == UHP_VS_DELETE && cand && s->file_index == cand->file_index) {
            bool hit = s->intfname ? cand->intfname && strcmp(s->intfname, cand->intfname) == 0
                                   : s->n_addrs == 1 && uhp_paddr_equal(&s->addrs[0], addr);
            if (hit)
                cand = NULL;
        }
    }
    return cand;
}

const char *uhp_vstmt_file(const uhp_profile *p, const uhp_vstmt *s)
{
    return s->file_index < p->n_files ? p->files[s->file_index] : NULL;
}

bool uhp_tcpip_is_dvipa(const uhp_vstmt *s, const uhp_paddr *dvipa, bool known)
{
    if (!known)
        return true;
    return s->has_dvipa && uhp_paddr_equal(&s->dvipa, dvipa);
}
