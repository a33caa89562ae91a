/* The instances of a configuration: the keys of the merged haInstances, in Zowe's order. */
#include "config_internal.h"

#include <ctype.h>
#include <string.h>

/* Collects instance ids for uhp_config_collect_instances. */
typedef struct cfg_collect {
    uhp_config *cfg;
    const uhp_view *view;
    const uhp_value *ha;
    size_t cap;
    bool oom;
} cfg_collect;

static bool cfg_valid_id(const char *id)
{
    if (!*id)
        return false;
    for (const char *p = id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return false;
    return true;
}

static bool cfg_collect_one(void *ctx, const char *key)
{
    cfg_collect *cc = ctx;
    uhp_config *cfg = cc->cfg;
    if (cfg->n_instances == cc->cap) {
        size_t ncap = cc->cap ? cc->cap * 2 : 8;
        uhp_instance *ni = uhp_arena_alloc(cfg->arena, ncap * sizeof *ni);
        if (!ni) {
            cc->oom = true;
            return false;
        }
        if (cfg->n_instances)
            memcpy(ni, cfg->instances, cfg->n_instances * sizeof *ni);
        cfg->instances = ni;
        cc->cap = ncap;
    }
    uhp_instance *in = &cfg->instances[cfg->n_instances++];
    in->id = key;
    /* The node of the highest-priority layer that names this instance. */
    in->key_node = NULL;
    for (uint32_t p = 0; p < cc->ha->n_parts && !in->key_node; p++)
        in->key_node = uhp_node_get(cc->ha->parts[p], key);
    in->id_valid = cfg_valid_id(key);
    return true;
}

bool uhp_config_collect_instances(uhp_config *cfg)
{
    if (!uhp_config_templates_init(cfg))
        return false;
    uhp_view base = {cfg, NULL, cfg->arena};
    uhp_value ha = uhp_view_get(&base, "haInstances");
    cfg->instances = NULL;
    cfg->n_instances = 0;
    if (ha.kind != UHP_VAL_MAP)
        return true;
    cfg_collect cc = {cfg, &base, &ha, 0, false};
    /* Instances in file order of the highest layer: Zowe's merge order is lowest first,
     * which is what uhp_value_map_keys gives. */
    uhp_value_map_keys(&base, &ha, cfg_collect_one, &cc);
    return !cc.oom;
}
