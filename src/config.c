/* Lazy lookups in the layered configuration, exactly as Zowe's config manager merges:
 *  - layers: left-most wins; objects deep-merge; arrays CONCATENATE, lower layer's items
 *    first (zowe-common-c jsonMerge with JSON_MERGE_FLAG_CONCATENATE_ARRAYS); any other
 *    pair (null included) takes the higher layer's value;
 *  - haInstances.<id>: deep-merged over the layered config, objects key by key, arrays and
 *    scalars REPLACED, hostname/sysname dropped;
 *  - ${{ }} templates: evaluated once on the merged base (config_template.c), so an
 *    instance overlay reads already-evaluated values;
 *  - nodes Zowe's YAML-to-JSON conversion drops (UHP_NODE_DROPPED) count as absent.
 * Instead of building the merged tree, a lookup walks the candidate nodes of every layer
 * along the path and merges only what it meets. */
#include "config_internal.h"
#include "uhp/limits.h"

#include <ctype.h>
#include <string.h>

#define CFG_MAX_CANDS (2 * (UHP_MAX_LAYERS + 1))

void uhp_limits_default(uhp_limits *lim)
{
    lim->max_size = 16u * 1024u * 1024u;
    lim->max_depth = 256;
    lim->allow_aliases = true; /* Zowe's loader expands them; the budget still holds */
    lim->max_scalar = UHP_DEFAULT_MAX_SCALAR;
    lim->max_nodes = UHP_DEFAULT_MAX_NODES;
    lim->alias_budget = UHP_DEFAULT_ALIAS_BUDGET;
    lim->parse_thread_min = UHP_DEFAULT_PARSE_THREAD_MIN;
    lim->prepare_thread_min = UHP_DEFAULT_PREPARE_THREAD_MIN;
}

/* A set of candidate nodes for one path, highest priority first. */
typedef struct cfg_cands {
    const uhp_node *node[CFG_MAX_CANDS];
    bool inst[CFG_MAX_CANDS];
    size_t n;
} cfg_cands;

static uhp_value cfg_absent(const uhp_node *anchor)
{
    uhp_value v;
    memset(&v, 0, sizeof v);
    v.kind = UHP_VAL_ABSENT;
    v.anchor = anchor;
    return v;
}

/* Fills a value from a single scalar node (no template handling). */
static uhp_value cfg_scalar_value(const uhp_node *n, bool from_inst)
{
    uhp_value v;
    memset(&v, 0, sizeof v);
    v.node = n;
    v.from_instance = from_inst;
    v.str = uhp_node_value(n);
    v.quoted = n->style != UHP_STYLE_PLAIN;
    switch (n->type) {
    case UHP_TYPE_INT:
        v.kind = UHP_VAL_INT;
        v.i = uhp_node_ival(n);
        break;
    case UHP_TYPE_BOOL:
        v.kind = UHP_VAL_BOOL;
        v.b = n->bval;
        break;
    case UHP_TYPE_NULL:
        v.kind = UHP_VAL_NULL;
        break;
    default:
        v.kind = UHP_VAL_STRING;
        break;
    }
    return v;
}

/* Merges the candidates of one group (all from layers, or all from the instance overlay)
 * in [FROM, TO): the first decides the kind; maps gather the following maps, arrays the
 * following arrays (to be concatenated lower layer first); anything else stops the merge. */
static void cfg_layered(const cfg_cands *c, size_t from, size_t to, size_t *first, size_t *last)
{
    *first = from;
    *last = from;
    if (from >= to)
        return;
    uhp_node_kind k = c->node[from]->kind;
    size_t i = from + 1;
    if (k != UHP_NODE_SCALAR)
        while (i < to && c->node[i]->kind == k)
            i++;
    *last = i;
}

static uhp_value cfg_merge(const uhp_view *v, const cfg_cands *c, const uhp_node *anchor,
                           const uhp_node *req);

/* An instance overlay whose template evaluated to the object or array R, over the base
 * candidates C[N_INST..): Zowe merges the evaluated overlay onto the base value (objects
 * key by key); over an unevaluated template, or an array over an object, the result is
 * not modelled (UNKNOWN). LEAD is the overlay's template node. */
static uhp_value cfg_overlay_result(const uhp_view *v, const cfg_cands *c, size_t n_inst,
                                    const uhp_node *anchor, const uhp_node *req, const uhp_value *r,
                                    const uhp_node *lead)
{
    cfg_cands base;
    base.n = 0;
    for (size_t i = n_inst; i < c->n; i++) {
        base.node[base.n] = c->node[i];
        base.inst[base.n++] = false;
    }
    uhp_value bv = cfg_merge(v, &base, anchor, req);
    if (bv.kind == UHP_VAL_UNKNOWN || (r->kind == UHP_VAL_SEQ && bv.kind == UHP_VAL_MAP))
        return uhp_cfg_unknown(lead, true);
    if (r->kind != UHP_VAL_MAP || bv.kind != UHP_VAL_MAP) {
        uhp_value out = *r;
        out.from_instance = true;
        return out;
    }
    /* The overlay's parts (flagged as the instance's), then the base's. */
    uint32_t n = r->n_parts + bv.n_parts;
    const uhp_node **parts = uhp_arena_alloc(v->arena, n * (sizeof *parts + sizeof(bool)));
    if (!parts)
        return uhp_cfg_unknown(lead, true);
    bool *pinst = (bool *)(parts + n);
    for (uint32_t i = 0; i < r->n_parts; i++) {
        parts[i] = r->parts[i];
        pinst[i] = true;
    }
    for (uint32_t i = 0; i < bv.n_parts; i++) {
        parts[r->n_parts + i] = bv.parts[i];
        pinst[r->n_parts + i] = false;
    }
    uhp_value out = *r;
    out.parts = parts;
    out.part_inst = pinst;
    out.n_parts = n;
    out.from_instance = true;
    return out;
}

/* Turns a candidate set into the effective value. ANCHOR is used when nothing is there.
 * REQ: the template whose reference this lookup serves, or NULL (uhp_cfg_get_for). */
static uhp_value cfg_merge(const uhp_view *v, const cfg_cands *c, const uhp_node *anchor,
                           const uhp_node *req)
{
    size_t n_inst = 0;
    while (n_inst < c->n && c->inst[n_inst])
        n_inst++;
    size_t f, l;
    size_t pick_from, pick_to;
    bool with_base_maps = false;
    if (n_inst > 0) {
        cfg_layered(c, 0, n_inst, &f, &l);
        pick_from = f;
        pick_to = l;
        /* An instance map deep-merges with the layered base map; anything else replaces. */
        if (c->node[f]->kind == UHP_NODE_MAP && n_inst < c->n &&
            c->node[n_inst]->kind == UHP_NODE_MAP)
            with_base_maps = true;
        /* An overlay object or array over a base that is a template (or a map over one)
         * merges into the template's value, or into the unevaluated marker Zowe left; an
         * array over a base object merges its items as keys "0", "1"... (ObjUtils Merger,
         * isObject true for arrays). Neither is modelled: UNKNOWN, never a guess. */
        /* The overlay's own layers merge first (as part of the base document): a map over
         * a lower layer's template there is the template's value. */
        if (c->node[f]->kind == UHP_NODE_MAP && l < n_inst && v && !v->cfg->configmgr_off &&
            c->node[l]->kind == UHP_NODE_SCALAR && uhp_cfg_evaluable(c->node[l])) {
            if (req && !uhp_cfg_doc_before(v->cfg, c->node[l], req))
                return uhp_cfg_unknown(c->node[l], true);
            uhp_value r = uhp_cfg_template_value(v->cfg, c->node[l]);
            if (r.kind == UHP_VAL_MAP || r.kind == UHP_VAL_SEQ) {
                if (n_inst < c->n)
                    return cfg_overlay_result(v, c, n_inst, anchor, req, &r, c->node[l]);
            } else {
                r.from_instance = true;
            }
            return r;
        }
        if (c->node[f]->kind != UHP_NODE_SCALAR && n_inst < c->n && v && !v->cfg->configmgr_off) {
            const uhp_node *b = c->node[n_inst];
            size_t bf, bl;
            cfg_layered(c, n_inst, c->n, &bf, &bl);
            bool base_template = uhp_cfg_evaluable(b) || (b->kind == UHP_NODE_MAP && bl < c->n &&
                                                          c->node[bl]->kind == UHP_NODE_SCALAR &&
                                                          uhp_cfg_evaluable(c->node[bl]));
            if (c->node[f]->kind == UHP_NODE_SEQ && b->kind == UHP_NODE_MAP)
                return uhp_cfg_unknown(c->node[f], true);
            if (base_template) {
                /* the base is whatever its template gave: merge onto that */
                uhp_value r;
                memset(&r, 0, sizeof r);
                r.kind = c->node[f]->kind == UHP_NODE_MAP ? UHP_VAL_MAP : UHP_VAL_SEQ;
                r.node = c->node[f];
                r.n_parts = (uint32_t)(l - f);
                const uhp_node **ps =
                    v->arena ? uhp_arena_alloc(v->arena, r.n_parts * (sizeof *ps + sizeof(bool)))
                             : NULL;
                if (!ps)
                    return cfg_absent(anchor);
                bool *pi = (bool *)(ps + r.n_parts);
                /* maps highest first; arrays concatenated, lowest layer's items first */
                for (size_t i = f; i < l; i++) {
                    size_t k = r.kind == UHP_VAL_SEQ ? l - 1 - i : i - f;
                    ps[k] = c->node[i];
                    pi[k] = true;
                }
                r.parts = ps;
                r.part_inst = pi;
                return cfg_overlay_result(v, c, n_inst, anchor, req, &r, c->node[f]);
            }
        }
    } else if (c->n > 0) {
        cfg_layered(c, 0, c->n, &f, &l);
        pick_from = f;
        pick_to = l;
    } else {
        return cfg_absent(anchor);
    }
    const uhp_node *lead = c->node[pick_from];
    if (lead->kind == UHP_NODE_SCALAR) {
        bool inst = c->inst[pick_from];
        if (v && uhp_cfg_evaluable(lead) && !v->cfg->configmgr_off) {
            /* Zowe replaces templates in document order: one that comes at or after the
             * template reading it is still unevaluated then. */
            if (req && !uhp_cfg_doc_before(v->cfg, lead, req))
                return uhp_cfg_unknown(lead, inst);
            uhp_value r = uhp_cfg_template_value(v->cfg, lead);
            if (r.kind != UHP_VAL_MAP && r.kind != UHP_VAL_SEQ) {
                r.from_instance = inst;
                return r;
            }
            if (inst && n_inst < c->n)
                return cfg_overlay_result(v, c, n_inst, anchor, req, &r, lead);
            return r;
        }
        return cfg_scalar_value(lead, inst);
    }
    /* Zowe's merge of a map over a lower layer's template merges into the template's
     * marker object, which stays a template (zowe-common-c c/json.c): the template wins.
     * (Under an instance overlay the base's own lookup decides; not modelled there.) */
    if (lead->kind == UHP_NODE_MAP && n_inst == 0 && v && !v->cfg->configmgr_off) {
        size_t i = pick_to;
        if (i < c->n && c->node[i]->kind == UHP_NODE_SCALAR && uhp_cfg_evaluable(c->node[i])) {
            if (req && !uhp_cfg_doc_before(v->cfg, c->node[i], req))
                return uhp_cfg_unknown(c->node[i], false);
            return uhp_cfg_template_value(v->cfg, c->node[i]);
        }
    }
    size_t base_from = n_inst, base_to = n_inst;
    if (with_base_maps)
        cfg_layered(c, n_inst, c->n, &base_from, &base_to);
    size_t n_parts = (pick_to - pick_from) + (base_to - base_from);
    /* One block: the parts, then their flags. */
    const uhp_node **parts =
        v ? uhp_arena_alloc(v->arena, n_parts * (sizeof *parts + sizeof(bool))) : NULL;
    if (!parts)
        return cfg_absent(anchor);
    bool *pinst = (bool *)(parts + n_parts);
    size_t k = 0;
    if (lead->kind == UHP_NODE_SEQ) {
        /* Concatenation: the lowest layer's items come first. */
        for (size_t i = pick_to; i-- > pick_from;) {
            parts[k] = c->node[i];
            pinst[k++] = c->inst[i];
        }
    } else {
        for (size_t i = pick_from; i < pick_to; i++) {
            parts[k] = c->node[i];
            pinst[k++] = c->inst[i];
        }
        for (size_t i = base_from; i < base_to; i++) {
            parts[k] = c->node[i];
            pinst[k++] = c->inst[i];
        }
    }
    uhp_value val;
    memset(&val, 0, sizeof val);
    val.kind = lead->kind == UHP_NODE_SEQ ? UHP_VAL_SEQ : UHP_VAL_MAP;
    val.node = lead;
    val.parts = parts;
    val.part_inst = pinst;
    val.n_parts = (uint32_t)k;
    val.from_instance = c->inst[pick_from];
    return val;
}
/* The root candidates of view V: the instance's overlay maps, then every layer's root. */
static void cfg_root_cands(const uhp_view *v, cfg_cands *c)
{
    c->n = 0;
    const uhp_config *cfg = v->cfg;
    if (v->inst) {
        for (size_t i = 0; i < cfg->n_layers; i++) {
            const uhp_node *ha = uhp_node_get(cfg->layers[i]->root, "haInstances");
            const uhp_node *in = uhp_node_get(ha, v->inst->id);
            if (in && in->kind == UHP_NODE_MAP) {
                c->node[c->n] = in;
                c->inst[c->n++] = true;
            }
        }
    }
    for (size_t i = 0; i < cfg->n_layers; i++) {
        c->node[c->n] = cfg->layers[i]->root;
        c->inst[c->n++] = false;
    }
}

/* True when CH is haInstances.<id>.components.<name>.enabled, which Zowe before 2.14.0
 * does not apply (zowe-install-packaging PR #3692 made per-instance 'enabled' work). */
static bool cfg_instance_enabled(const uhp_node *ch)
{
    const uhp_node *comp = ch->parent;
    const uhp_node *comps = comp ? comp->parent : NULL;
    const uhp_node *inst = comps ? comps->parent : NULL;
    const uhp_node *ha = inst ? inst->parent : NULL;
    return ha && ha->parent && !ha->parent->parent && comps->key &&
           !strcmp(comps->key, "components") && ha->key && !strcmp(ha->key, "haInstances");
}

/* Looks KEY (hash H, uhp_key_hash) up in every part of MAP, keeping priority order; hostname
 * and sysname of the instance overlay are dropped at the top level, as Zowe drops them. */
static void cfg_child_cands(const uhp_config *cfg, const uhp_value *map, const char *key,
                            uint32_t h, bool top, cfg_cands *out)
{
    out->n = 0;
    bool drop_inst = top && (!strcmp(key, "hostname") || !strcmp(key, "sysname"));
    for (uint32_t i = 0; i < map->n_parts && out->n < CFG_MAX_CANDS; i++) {
        if (drop_inst && map->part_inst[i])
            continue;
        const uhp_node *ch = uhp_cfg_live_child(map->parts[i], key, h);
        if (ch && map->part_inst[i] && cfg->instance_enabled_ignored && key[0] == 'e' &&
            !strcmp(key, "enabled") && cfg_instance_enabled(ch))
            continue;
        if (ch) {
            out->node[out->n] = ch;
            out->inst[out->n++] = map->part_inst[i];
        }
    }
}

/* True when MAP is the configuration's top level (some part is a document root). */
static bool cfg_is_root(const uhp_value *map)
{
    for (uint32_t i = 0; i < map->n_parts; i++)
        if (map->parts[i]->parent == NULL)
            return true;
    return false;
}

uhp_value uhp_value_child(const uhp_view *v, const uhp_value *map, const char *key)
{
    if (map->kind != UHP_VAL_MAP)
        return cfg_absent(uhp_value_location(map));
    cfg_cands c;
    /* Whether MAP is the top level matters only for the keys the overlay drops there. */
    bool top = (key[0] == 'h' || key[0] == 's') && cfg_is_root(map);
    cfg_child_cands(v->cfg, map, key, uhp_key_hash(key), top, &c);
    return cfg_merge(v, &c, map->node, NULL);
}

size_t uhp_value_seq_len(const uhp_value *seq)
{
    if (seq->kind != UHP_VAL_SEQ)
        return 0;
    size_t n = 0;
    for (uint32_t i = 0; i < seq->n_parts; i++)
        n += uhp_cfg_live_len(seq->parts[i]);
    return n;
}

const uhp_node *uhp_cfg_live_child(const uhp_node *map, const char *key, uint32_t h)
{
    const uhp_node *ch = uhp_node_get_hashed(map, key, h);
    return ch && !uhp_cfg_dropped(ch) ? ch : NULL;
}

size_t uhp_cfg_live_len(const uhp_node *seq)
{
    if (!(seq->flags & UHP_NODE_HAS_DROPPED))
        return seq->n_children;
    size_t n = 0;
    for (const uhp_node *c = uhp_node_first(seq); c; c = c->next)
        n += !uhp_cfg_dropped(c);
    return n;
}

const uhp_node *uhp_cfg_live_at(const uhp_node *seq, size_t i)
{
    if (!(seq->flags & UHP_NODE_HAS_DROPPED))
        return i < seq->n_children ? uhp_node_at(seq, (uint32_t)i) : NULL;
    for (const uhp_node *c = uhp_node_first(seq); c; c = c->next)
        if (!uhp_cfg_dropped(c) && i-- == 0)
            return c;
    return NULL;
}

/* Item I of a SEQ value; REQ as for cfg_merge. */
static uhp_value cfg_seq_item(const uhp_view *v, const uhp_value *seq, size_t i,
                              const uhp_node *req)
{
    if (seq->kind != UHP_VAL_SEQ)
        return cfg_absent(uhp_value_location(seq));
    for (uint32_t p = 0; p < seq->n_parts; p++) {
        size_t len = uhp_cfg_live_len(seq->parts[p]);
        if (i < len) {
            cfg_cands c;
            c.node[0] = uhp_cfg_live_at(seq->parts[p], i);
            c.inst[0] = seq->part_inst[p];
            c.n = 1;
            return cfg_merge(v, &c, seq->node, req);
        }
        i -= len;
    }
    return cfg_absent(seq->node);
}

uhp_value uhp_cfg_seq_item_for(const uhp_view *v, const uhp_value *seq, size_t i,
                               const uhp_node *req)
{
    return cfg_seq_item(v, seq, i, req);
}

uhp_value uhp_value_seq_item(const uhp_view *v, const uhp_value *seq, size_t i)
{
    return cfg_seq_item(v, seq, i, NULL);
}

uhp_value uhp_cfg_root(const uhp_view *v)
{
    cfg_cands c;
    cfg_root_cands(v, &c);
    return cfg_merge(v, &c, NULL, NULL);
}

uhp_value uhp_view_get_direct(const uhp_view *v, const char *path)
{
    return uhp_cfg_get(v, path, NULL);
}

/* uhp_view_get without the memo; REQ as for cfg_merge. */
uhp_value uhp_cfg_get(const uhp_view *v, const char *path, const uhp_node *req)
{
    cfg_cands c;
    cfg_root_cands(v, &c);
    uhp_value cur = cfg_merge(v, &c, NULL, req);
    const char *p = path;
    uhp_cfg_seg seg;
    bool bad = false, top = true;
    while (uhp_cfg_next_seg(&p, &seg, &bad)) {
        if (seg.index >= 0) {
            if (cur.kind != UHP_VAL_SEQ)
                return cfg_absent(uhp_value_location(&cur));
            cur = cfg_seq_item(v, &cur, (size_t)seg.index, req);
        } else {
            if (cur.kind != UHP_VAL_MAP)
                return cfg_absent(uhp_value_location(&cur));
            cfg_child_cands(v->cfg, &cur, seg.key, uhp_key_hash(seg.key), top, &c);
            const uhp_node *anchor = cur.node;
            cur = cfg_merge(v, &c, anchor, req);
        }
        top = false;
        if (cur.kind == UHP_VAL_ABSENT)
            return cur;
    }
    if (bad)
        return cfg_absent(NULL);
    return cur;
}
/* The value of PARENT one segment further down, SEG, as uhp_cfg_get steps; TOP when PARENT is
 * the configuration's top level. */
uhp_value uhp_cfg_step(const uhp_view *v, const uhp_value *parent, const uhp_cfg_seg *seg, bool top)
{
    if (parent->kind == UHP_VAL_ABSENT)
        return *parent;
    if (seg->index >= 0)
        return parent->kind == UHP_VAL_SEQ ? cfg_seq_item(v, parent, (size_t)seg->index, NULL)
                                           : cfg_absent(uhp_value_location(parent));
    if (parent->kind != UHP_VAL_MAP)
        return cfg_absent(uhp_value_location(parent));
    cfg_cands c;
    cfg_child_cands(v->cfg, parent, seg->key, uhp_key_hash(seg->key), top, &c);
    return cfg_merge(v, &c, parent->node, NULL);
}
void uhp_value_map_keys(const uhp_view *v, const uhp_value *map,
                        bool (*fn)(void *ctx, const char *key), void *ctx)
{
    if (map->kind != UHP_VAL_MAP)
        return;
    bool top = cfg_is_root(map);
    /* Lowest part first: Zowe's merge keeps the base object's key order, then adds keys
     * the overrides bring. */
    for (uint32_t p = map->n_parts; p-- > 0;) {
        for (const uhp_node *ch = uhp_node_first(map->parts[p]); ch; ch = ch->next) {
            if (uhp_cfg_dropped(ch) ||
                (map->part_inst[p] && v->cfg->instance_enabled_ignored && ch->key[0] == 'e' &&
                 !strcmp(ch->key, "enabled") && cfg_instance_enabled(ch)))
                continue;
            if (top && map->part_inst[p] &&
                (!strcmp(ch->key, "hostname") || !strcmp(ch->key, "sysname")))
                continue;
            /* A key repeated inside one part (UHA002) is listed once: at its first
             * child, the one uhp_node_get finds (the loader flags the later ones). */
            bool seen = (ch->flags & UHP_NODE_REPEATED_KEY) != 0;
            for (uint32_t q = map->n_parts; q-- > p + 1 && !seen;)
                if (!(top && map->part_inst[q] &&
                      (!strcmp(ch->key, "hostname") || !strcmp(ch->key, "sysname"))) &&
                    uhp_cfg_live_child(map->parts[q], ch->key, uhp_node_key_hash(ch)))
                    seen = true;
            if (!seen && !fn(ctx, ch->key))
                return;
        }
    }
}

bool uhp_value_is_true(const uhp_value *val)
{
    return val->kind == UHP_VAL_BOOL && val->b;
}

long uhp_value_port(const uhp_value *val)
{
    if (val->kind == UHP_VAL_INT)
        return val->i >= 0 && val->i <= 65535 ? (long)val->i : -1;
    if (val->kind == UHP_VAL_STRING && val->str && *val->str) {
        long n = 0;
        for (const char *p = val->str; *p; p++) {
            if (!isdigit((unsigned char)*p) || n > 65535)
                return -1;
            n = n * 10 + (*p - '0');
        }
        return n <= 65535 ? n : -1;
    }
    return -1;
}

const uhp_node *uhp_value_location(const uhp_value *val)
{
    if (val->via)
        return val->via;
    if (val->node)
        return val->node;
    return val->anchor;
}
