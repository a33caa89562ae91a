/* The memo of uhp_view_get: every (instance, path) answered, and each prefix of the path,
 * remembered for the rest of the check in the configuration's arena, so the rules' repeated
 * lookups cost one hash probe. A miss resumes from the longest remembered prefix and steps
 * one segment at a time through the lazy merge (config.c). */
#include "config_internal.h"

#include <string.h>

/* One remembered lookup, owned by the configuration's arena (96 bytes on LP64, asserted below). */
typedef struct cfg_memo_entry {
    const char *inst_id; /* the instance's id pointer; NULL for the base */
    const char *path;    /* LEN bytes in the config's arena: a copy of the looked-up path,
                            which the entries of its prefixes share */
    uint32_t len;
    uint32_t hash; /* the memo hash's low half: most other entries differ there */
    uhp_value val; /* its parts and strings live in the config's arena */
} cfg_memo_entry;
_Static_assert(sizeof(void *) != 8 || sizeof(uhp_value) == 72, "uhp_value grew past 72 bytes");
_Static_assert(sizeof(void *) != 8 || sizeof(cfg_memo_entry) == 96, "memo entry grew");

/* Open addressing, linear probing, power-of-two capacity, at most half full. */
struct uhp_cfg_memo {
    cfg_memo_entry **slot;
    size_t cap, n;
};

/* Longest path, in segments, that a lookup remembers prefix by prefix (the prefixes' ends
 * and hashes are kept in arrays on the stack); longer ones are looked up without the memo. */
#define CFG_MEMO_MAX_SEGS 32

bool uhp_config_memo_init(uhp_config *cfg)
{
    struct uhp_cfg_memo *m = uhp_arena_alloc(cfg->arena, sizeof *m);
    cfg_memo_entry **slot = uhp_arena_alloc(cfg->arena, 64 * sizeof *slot);
    if (!m || !slot)
        return false;
    memset(slot, 0, 64 * sizeof *slot);
    m->slot = slot;
    m->cap = 64;
    m->n = 0;
    cfg->memo = m;
    return true;
}

/* The slot of (ID, PATH[0..LEN), H) in M: its entry, or an empty slot. */
static cfg_memo_entry **cfg_memo_slot(const struct uhp_cfg_memo *m, const char *id,
                                      const char *path, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        const cfg_memo_entry *e = m->slot[i];
        if (!e || (e->hash == (uint32_t)h && e->inst_id == id && e->len == len &&
                   memcmp(e->path, path, len) == 0))
            return &m->slot[i];
    }
}

/* Records VAL for (ID, PATH[0..LEN)) in the memo of CFG, growing the table in CFG's arena.
 * PATH must live as long as CFG's arena (the entry keeps it, it is not copied). Without
 * memory nothing is recorded (the arena's failed flag says so). */
static void cfg_memo_put(const uhp_config *cfg, const char *id, const char *path, uint32_t len,
                         uint64_t h, const uhp_value *val)
{
    struct uhp_cfg_memo *m = cfg->memo;
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap * 2;
        cfg_memo_entry **slot = uhp_arena_alloc(cfg->arena, cap * sizeof *slot);
        if (!slot)
            return;
        memset(slot, 0, cap * sizeof *slot);
        struct uhp_cfg_memo grown = {slot, cap, m->n};
        for (size_t i = 0; i < m->cap; i++) {
            const cfg_memo_entry *e = m->slot[i];
            if (e)
                *cfg_memo_slot(&grown, e->inst_id, e->path, e->len, e->hash) = m->slot[i];
        }
        *m = grown;
    }
    cfg_memo_entry *e = uhp_arena_alloc(cfg->arena, sizeof *e);
    if (!e)
        return;
    e->inst_id = id;
    e->path = path;
    e->len = len;
    e->hash = (uint32_t)h;
    e->val = *val;
    *cfg_memo_slot(m, id, path, len, h) = e;
    m->n++;
}
/* The memo hash of (ID, PATH[0..LEN)). Eight bytes a step, not one: every lookup hashes its
 * path, and a missed one each prefix it probes. */
static uint64_t cfg_memo_hash(const char *id, const char *path, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)id ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, path + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (unsigned shift = 0; i < len; i++, shift += 8)
        w |= (uint64_t)(unsigned char)path[i] << shift;
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 29);
}

uhp_value uhp_cfg_get_for(const uhp_view *v, const char *path, const uhp_node *req)
{
    return req ? uhp_cfg_get(v, path, req) : uhp_view_get(v, path);
}

uhp_value uhp_view_get(const uhp_view *v, const char *path)
{
    const uhp_config *cfg = v->cfg;
    if (!cfg->memo)
        return uhp_cfg_get(v, path, NULL);
    const char *id = v->inst ? v->inst->id : NULL;
    size_t len = strlen(path);
    uint64_t h = cfg_memo_hash(id, path, len);
    cfg_memo_entry *const *hit = cfg_memo_slot(cfg->memo, id, path, len, h);
    if (*hit)
        return (*hit)->val;

    /* A miss: the segments and their end offsets, in one pass (the steps below use these
     * segments: a path is parsed once). Only a path that parses to its end, in few
     * segments, goes through the memo. */
    size_t ends[CFG_MEMO_MAX_SEGS + 1];
    uint64_t hashes[CFG_MEMO_MAX_SEGS + 1]; /* of the prefixes probed, from K on */
    uhp_cfg_seg seg[CFG_MEMO_MAX_SEGS + 1]; /* one more, to see that a path is too long */
    ends[0] = 0;
    const char *p = path;
    bool bad = false;
    size_t segs = 0;
    while (segs < CFG_MEMO_MAX_SEGS && uhp_cfg_next_seg(&p, &seg[segs], &bad))
        ends[++segs] = (size_t)(p - path);
    if (bad || (segs == CFG_MEMO_MAX_SEGS && uhp_cfg_next_seg(&p, &seg[segs], &bad)) || bad ||
        ends[segs] > UINT32_MAX)
        return uhp_cfg_get(v, path, NULL);

    /* Computed in the config's arena, so the values outlive the caller's scratch arena. */
    uhp_view keep = {cfg, v->inst, cfg->arena};
    /* The longest remembered prefix, then one step per segment after it. */
    size_t k = segs + 1;
    uhp_value val;
    do {
        k--;
        hashes[k] = ends[k] == len ? h : cfg_memo_hash(id, path, ends[k]);
        hit = cfg_memo_slot(cfg->memo, id, path, ends[k], hashes[k]);
    } while (!*hit && k > 0);
    /* One copy of the path for all the entries this lookup adds (NULL: none are added). */
    const char *copy = NULL;
    if (!*hit || k < segs)
        copy = uhp_arena_strndup(cfg->arena, path, ends[segs]);
    if (*hit) {
        val = (*hit)->val;
    } else {
        val = uhp_cfg_root(&keep);
        if (copy)
            cfg_memo_put(cfg, id, copy, 0, hashes[0], &val);
    }
    for (; k < segs; k++) {
        val = uhp_cfg_step(&keep, &val, &seg[k], k == 0);
        if (copy)
            cfg_memo_put(cfg, id, copy, (uint32_t)ends[k + 1], hashes[k + 1], &val);
    }
    return val;
}
