/* Shared DVIPA helpers for UHA102 and UHA104 (see dvipa_agreement.h). */
#include "rule_internal.h"

#include <string.h>
#include <strings.h>

const char *dvipa_value_text(const uhp_value *v)
{
    if (v->kind == UHP_VAL_STRING)
        return v->str;
    if ((v->kind == UHP_VAL_INT || v->kind == UHP_VAL_BOOL) && v->node)
        return uhp_node_value(v->node);
    return NULL;
}

const char *dvipa_suggestion(const uhp_rule_ctx *ctx)
{
    if (ctx->dvipa && ctx->dvipa->n_names > 0)
        return ctx->dvipa->names[0];
    if (ctx->dvipa && ctx->dvipa->address)
        return ctx->dvipa->address;
    return "<DVIPA name or address>";
}

const char *dvipa_unknown_name_message(uhp_rule_ctx *ctx, const char *path, const char *text)
{
    const uhp_dvipa *d = ctx->dvipa;
    const char *origin = d->origin ? d->origin : "--dvipa";
    if (d->resolve)
        return uhp_ctx_printf(ctx,
                              "%s is '%s', a DNS name that did not resolve (--resolve), so "
                              "whether it is the DVIPA %s (from %s) could not be verified; "
                              "declare the name: --dvipa %s=%s, or dvipa.names in the policy",
                              path, text, d->address, origin, text, d->address);
    return uhp_ctx_printf(ctx,
                          "%s is '%s', a DNS name, and the DVIPA is known only by its address "
                          "%s (from %s), so whether the name stands for it could not be "
                          "verified; declare the name: --dvipa %s=%s, or dvipa.names in the "
                          "policy (or pass --resolve to look it up)",
                          path, text, d->address, origin, text, d->address);
}

/* Per check: every instance's declared hostname and its value at the rule's path. */
typedef struct dvipa_facts {
    const char **hostname;
    const char **value;
} dvipa_facts;

/* Copies S into the cache arena; NULL stays NULL. Sets *OK false when memory runs out. */
static const char *dvipa_keep(uhp_rule_ctx *ctx, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *c = uhp_arena_strndup(ctx->cache_arena, s, strlen(s));
    if (!c)
        *ok = false;
    return c;
}

/* Reads the facts of every instance once per check. Returns NULL when memory runs out. */
static const dvipa_facts *dvipa_facts_get(uhp_rule_ctx *ctx, const char *path)
{
    if (*ctx->cache)
        return *ctx->cache;
    size_t n = ctx->cfg->n_instances;
    dvipa_facts *f = uhp_arena_alloc(ctx->cache_arena, sizeof *f);
    const char **hosts = uhp_arena_alloc(ctx->cache_arena, (n ? n : 1) * sizeof *hosts);
    const char **values = uhp_arena_alloc(ctx->cache_arena, (n ? n : 1) * sizeof *values);
    if (!f || !hosts || !values)
        return NULL;
    bool ok = true;
    uhp_view base = {ctx->cfg, NULL, ctx->arena};
    uhp_value ha = uhp_view_get(&base, "haInstances");
    for (size_t i = 0; i < n && ok; i++) {
        const uhp_instance *in = &ctx->cfg->instances[i];
        uhp_value entry = uhp_value_child(&base, &ha, in->id);
        uhp_value host = uhp_value_child(&base, &entry, "hostname");
        hosts[i] = dvipa_keep(ctx, dvipa_value_text(&host), &ok);
        uhp_view v = {ctx->cfg, in, ctx->arena};
        uhp_value val = uhp_view_get(&v, path);
        values[i] = dvipa_keep(ctx, dvipa_value_text(&val), &ok);
    }
    if (!ok)
        return NULL;
    f->hostname = hosts;
    f->value = values;
    *ctx->cache = f;
    return f;
}

dvipa_conflict dvipa_check_agreement(uhp_rule_ctx *ctx, const char *path, const char *text)
{
    dvipa_conflict c = {DVIPA_AGREES, NULL, NULL};
    const dvipa_facts *f = dvipa_facts_get(ctx, path);
    if (!f) {
        ctx->run->out_of_memory = true;
        return c;
    }
    size_t n = ctx->cfg->n_instances;
    for (size_t i = 0; i < n; i++) {
        if (f->hostname[i] && strcasecmp(f->hostname[i], text) == 0) {
            c.kind = DVIPA_IS_HOSTNAME;
            c.other_id = ctx->cfg->instances[i].id;
            return c;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (&ctx->cfg->instances[i] == ctx->inst)
            continue;
        const char *o = f->value[i];
        if (o && o[0] != '\0' && strcasecmp(o, text) != 0) {
            c.kind = DVIPA_DIFFERS;
            c.other_id = ctx->cfg->instances[i].id;
            c.other_text = o;
            return c;
        }
    }
    return c;
}
