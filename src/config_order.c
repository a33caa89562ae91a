/* Document order of the merged base configuration: the order in which Zowe replaces
 * templates, so a template that reads one coming at or after it sees it unevaluated. */
#include "config_internal.h"

#include <string.h>

/* The deepest merged-document position compared for document order. */
#define TPL_MAX_CHAIN 64

/* The nodes from the top level down to N (the root excluded) into CHAIN; returns how many,
 * or 0 when N is deeper than TPL_MAX_CHAIN. */
static size_t tpl_chain(const uhp_node *n, const uhp_node **chain)
{
    size_t depth = 0;
    for (const uhp_node *p = n; p->parent; p = p->parent)
        depth++;
    if (depth == 0 || depth > TPL_MAX_CHAIN)
        return 0;
    size_t i = depth;
    for (const uhp_node *p = n; p->parent; p = p->parent)
        chain[--i] = p;
    return depth;
}

/* Position of key child CH of a merged map: the lowest layer that holds the key comes
 * first, then its position in that layer (Zowe's merge keeps the base's key order and
 * appends keys the higher layers add). Returns false when no part holds it live. */
static bool tpl_key_rank(const uhp_value *map, const uhp_node *ch, size_t *layer, size_t *pos)
{
    for (uint32_t p = map->n_parts; p-- > 0;) {
        const uhp_node *got = uhp_cfg_live_child(map->parts[p], ch->key, uhp_node_key_hash(ch));
        if (!got)
            continue;
        *layer = map->n_parts - 1 - p;
        size_t k = 0;
        for (const uhp_node *c = uhp_node_first(map->parts[p]); c && c != got; c = c->next)
            k++;
        *pos = k;
        return true;
    }
    return false;
}

/* Merged index of item CH of a concatenated sequence; false when its array is not a part. */
static bool tpl_item_rank(const uhp_value *seq, const uhp_node *ch, size_t *index)
{
    size_t offset = 0;
    for (uint32_t p = 0; p < seq->n_parts; p++) {
        const uhp_node *part = seq->parts[p];
        if (part == ch->parent) {
            size_t k = 0;
            for (const uhp_node *c = uhp_node_first(part); c && c != ch; c = c->next)
                if (!uhp_cfg_dropped(c))
                    k++;
            *index = offset + k;
            return true;
        }
        offset += uhp_cfg_live_len(part);
    }
    return false;
}

bool uhp_cfg_doc_before(const uhp_config *cfg, const uhp_node *a, const uhp_node *b)
{
    const uhp_node *ca[TPL_MAX_CHAIN], *cb[TPL_MAX_CHAIN];
    size_t na = tpl_chain(a, ca), nb = tpl_chain(b, cb);
    if (!na || !nb)
        return false;
    const uhp_view base = {cfg, NULL, cfg->arena};
    uhp_value cur = uhp_cfg_get_for(&base, "", NULL);
    for (size_t i = 0; i < na && i < nb; i++) {
        if (cur.kind == UHP_VAL_MAP) {
            if (!ca[i]->key || !cb[i]->key)
                return false;
            if (strcmp(ca[i]->key, cb[i]->key) != 0) {
                size_t la, pa, lb, pb;
                if (!tpl_key_rank(&cur, ca[i], &la, &pa) || !tpl_key_rank(&cur, cb[i], &lb, &pb))
                    return false;
                return la < lb || (la == lb && pa < pb);
            }
            cur = uhp_value_child(&base, &cur, ca[i]->key);
        } else if (cur.kind == UHP_VAL_SEQ) {
            size_t ia, ib;
            if (ca[i]->key || cb[i]->key || !tpl_item_rank(&cur, ca[i], &ia) ||
                !tpl_item_rank(&cur, cb[i], &ib))
                return false;
            if (ia != ib)
                return ia < ib;
            cur = uhp_value_seq_item(&base, &cur, ia);
        } else {
            return false;
        }
    }
    return false; /* the same position, or one inside the other */
}
