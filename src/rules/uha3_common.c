/* Helpers shared by the Zowe HA platform rules UHA301-UHA306: an instance's hostname and
 * sysname, whether a component runs in an instance, the caching storage mode, the
 * instances that run a component, the first earlier instance with the same sysname or
 * hostname. Declared in rule_internal.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* Returns the text of haInstances.<id>.KEY of instance INST in the base configuration
 * (digits of an all-digit name included), or NULL when it is absent, empty, null, a
 * template that cannot be evaluated or not a scalar. *VAL (may be NULL) gets the value. */
const char *uha3_instance_attr(uhp_rule_ctx *ctx, const uhp_instance *inst, const char *key,
                               uhp_value *val)
{
    uhp_view base = {ctx->cfg, NULL, ctx->arena};
    uhp_value ha = uhp_view_get(&base, "haInstances");
    uhp_value in = uhp_value_child(&base, &ha, inst->id);
    uhp_value v = uhp_value_child(&base, &in, key);
    if (val)
        *val = v;
    if (v.kind == UHP_VAL_STRING && v.str && v.str[0])
        return v.str;
    if (v.kind == UHP_VAL_INT)
        return uhp_ctx_printf(ctx, "%lld", (long long)v.i);
    return NULL;
}

/* Returns 1 when components.NAME.enabled is true in view V, 0 when the component does not
 * run (false, absent, null, not a boolean: Zowe starts only components enabled with true),
 * -1 when a ${{ }} expression hides it. *VAL (may be NULL) gets the value. */
int uha3_component_enabled(const uhp_view *v, const char *name, uhp_value *val)
{
    /* The components the rules ask about, by literal path: uhp_view_get answers a repeated
     * lookup of one instance from the config's memo (UHA101 and UHA103 read the gateway's
     * too), where stepping down from `components` looked the keys up again every time. */
    static const struct {
        const char *name, *path;
    } known[] = {
        {"caching-service", "components.caching-service.enabled"},
        {"gateway", "components.gateway.enabled"},
    };
    uhp_value en;
    size_t k = 0;
    while (k < sizeof known / sizeof known[0] && strcmp(known[k].name, name) != 0)
        k++;
    if (k < sizeof known / sizeof known[0]) {
        en = uhp_view_get(v, known[k].path);
    } else {
        uhp_value comps = uhp_view_get(v, "components");
        uhp_value comp = uhp_value_child(v, &comps, name);
        en = uhp_value_child(v, &comp, "enabled");
    }
    if (val)
        *val = en;
    if (en.kind == UHP_VAL_UNKNOWN)
        return -1;
    return uhp_value_is_true(&en) ? 1 : 0;
}

/* Returns the caching storage mode that value M of components.caching-service.storage.mode
 * names, as uha3_caching_mode does. */
const char *uha3_caching_mode_of(const uhp_value *m)
{
    static const char *const modes[] = {"inMemory", "infinispan", "VSAM", "redis"};
    if (m->kind == UHP_VAL_ABSENT || m->kind == UHP_VAL_NULL)
        return modes[0];
    if (m->kind != UHP_VAL_STRING || !m->str)
        return NULL;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcasecmp(m->str, modes[i]) == 0)
            return modes[i];
    return NULL;
}

/* Returns the caching storage mode of view V in Zowe's spelling ("inMemory", "infinispan",
 * "VSAM", "redis"; the caching service compares ignoring case), "inMemory" when no layer
 * sets it (the caching service's own default, from its manifest), or NULL when the value
 * is none of these (or a template: then VAL->kind is UHP_VAL_UNKNOWN). */
const char *uha3_caching_mode(const uhp_view *v, uhp_value *val)
{
    uhp_value m = uhp_view_get(v, "components.caching-service.storage.mode");
    if (val)
        *val = m;
    return uha3_caching_mode_of(&m);
}

/* Returns how many instances run component NAME (the base configuration counts as one
 * instance when there are no haInstances); *LIST (may be NULL) gets their ids, comma
 * separated, in the ctx's arena. */
size_t uha3_count_running(uhp_rule_ctx *ctx, const char *name, const char **list)
{
    const uhp_config *cfg = ctx->cfg;
    size_t n = 0, len = 0;
    const char *ids = "";
    if (cfg->n_instances == 0) {
        uhp_view base = {cfg, NULL, ctx->arena};
        n = uha3_component_enabled(&base, name, NULL) == 1;
    }
    /* Mark the running instances, then join their ids in one allocation: appending with
     * "%s, %s" copied the list once per instance (quadratic in the instance count). */
    bool *on = cfg->n_instances ? uhp_arena_alloc(ctx->arena, cfg->n_instances) : NULL;
    if (cfg->n_instances && !on) {
        ctx->run->out_of_memory = true;
        return 0;
    }
    for (size_t i = 0; i < cfg->n_instances; i++) {
        uhp_view v = {cfg, &cfg->instances[i], ctx->arena};
        on[i] = uha3_component_enabled(&v, name, NULL) == 1;
        if (on[i]) {
            len += (n ? 2 : 0) + strlen(cfg->instances[i].id);
            n++;
        }
    }
    if (list && n && cfg->n_instances) {
        char *buf = uhp_arena_alloc(ctx->arena, len + 1);
        if (!buf) {
            ctx->run->out_of_memory = true;
            return 0;
        }
        size_t k = 0;
        for (size_t i = 0; i < cfg->n_instances; i++) {
            if (!on[i])
                continue;
            if (k) {
                memcpy(buf + k, ", ", 2);
                k += 2;
            }
            size_t l = strlen(cfg->instances[i].id);
            memcpy(buf + k, cfg->instances[i].id, l);
            k += l;
        }
        buf[k] = '\0';
        ids = buf;
    }
    if (list)
        *list = ids;
    return n;
}

/* Instances up to this many are compared pairwise by uha3_first_alike; more are sorted. */
#define UHA3_SCAN_MAX 16

/* An instance's key and index, as uha3_first_alike sorts them. */
typedef struct uha3_keyed {
    const char *key;
    size_t index;
} uha3_keyed;

/* Orders keyed instances by key ignoring case, then by index (qsort callback). */
static int uha3_by_key(const void *pa, const void *pb)
{
    const uha3_keyed *a = pa, *b = pb;
    int d = strcasecmp(a->key, b->key);
    if (d)
        return d;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* True when uha3_first_alike takes instance I: TAKE[I], or KEY[I] set when TAKE is NULL. */
static bool uha3_takes(const char *const *key, const bool *take, size_t i)
{
    return take ? take[i] : key[i] != NULL;
}

/* Returns, for each of the N instances, the first earlier one with the same key: F[j] is
 * the smallest i < j with TAKE[i] and KEY[i] equal to KEY[j] ignoring case, when TAKE[j];
 * F[j] is j when there is none or !TAKE[j]. KEY[i] must be set where TAKE[i]; TAKE NULL
 * takes the instances whose key is not NULL. A few instances are compared pairwise; many
 * are sorted by key (O(n log n), not O(n^2)). The array lives in the ctx's arena; NULL (the
 * run flagged) when memory runs out. */
size_t *uha3_first_alike(uhp_rule_ctx *ctx, const char *const *key, const bool *take, size_t n)
{
    size_t *first = uhp_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *first);
    uha3_keyed *order = n > UHA3_SCAN_MAX ? uhp_arena_alloc(ctx->arena, n * sizeof *order) : NULL;
    if (!first || (n > UHA3_SCAN_MAX && !order)) {
        ctx->run->out_of_memory = true;
        return NULL;
    }
    for (size_t j = 0; j < n; j++)
        first[j] = j;
    if (n <= UHA3_SCAN_MAX) {
        for (size_t j = 1; j < n; j++) {
            for (size_t i = 0; uha3_takes(key, take, j) && i < j; i++) {
                if (uha3_takes(key, take, i) && strcasecmp(key[i], key[j]) == 0) {
                    first[j] = i;
                    break;
                }
            }
        }
        return first;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (uha3_takes(key, take, i)) {
            order[m].key = key[i];
            order[m++].index = i;
        }
    }
    qsort(order, m, sizeof *order, uha3_by_key);
    /* In each run of equal keys the first has the smallest index. */
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && strcasecmp(order[a].key, order[b].key) == 0)
            first[order[b++].index] = order[a].index;
        a = b;
    }
    return first;
}
