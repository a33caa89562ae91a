/* The per-configuration state of template evaluation: results by template node, the byte
 * budget they share, and the strings built from secret values. Owned by the configuration's
 * arena; config_template.c evaluates, this file keeps. */
#include "config_internal.h"

#include <string.h>

bool uhp_config_templates_init(uhp_config *cfg)
{
    if (cfg->tmpl)
        return true;
    struct uhp_cfg_tmpl *t = uhp_arena_alloc(cfg->arena, sizeof *t);
    uhp_cfg_tmpl_entry **slot = uhp_arena_alloc(cfg->arena, 16 * sizeof *slot);
    if (!t || !slot)
        return false;
    memset(t, 0, sizeof *t);
    memset(slot, 0, 16 * sizeof *slot);
    t->slot = slot;
    t->cap = 16;
    t->left = cfg->template_budget ? cfg->template_budget : UHP_DEFAULT_TEMPLATE_BUDGET;
    cfg->tmpl = t;
    return true;
}

bool uhp_text_may_hold_template(const char *text, size_t len)
{
    if (memchr(text, '\\', len))
        return true;
    const char *p = text, *end = text + len;
    while ((p = memchr(p, '$', (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && p[1] == '{' && p[2] == '{')
            return true;
        p++;
    }
    return false;
}

bool uhp_config_may_have_templates(const uhp_config *cfg)
{
    for (size_t i = 0; i < cfg->n_layers; i++) {
        const uhp_doc *doc = cfg->layers[i];
        if (doc && (!doc->src || !doc->src->data ||
                    uhp_text_may_hold_template(doc->src->data, doc->src->len)))
            return true;
    }
    return false;
}

const uhp_node *uhp_config_template_overflow(const uhp_config *cfg)
{
    return cfg->tmpl ? cfg->tmpl->overflow : NULL;
}

size_t uhp_config_secrets(const uhp_config *cfg, const char *const **out)
{
    if (!cfg->tmpl) {
        *out = NULL;
        return 0;
    }
    *out = cfg->tmpl->secrets;
    return cfg->tmpl->n_secrets;
}

/* Remembers S (in the config's arena) as a string that must never be shown. */
void uhp_cfg_tmpl_add_secret(const uhp_config *cfg, const char *s)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    if (!t || !s || !*s)
        return;
    for (size_t i = 0; i < t->n_secrets; i++)
        if (!strcmp(t->secrets[i], s))
            return;
    if (t->n_secrets == t->cap_secrets) {
        const char **grown = uhp_arena_grow(cfg->arena, t->secrets, t->n_secrets, &t->cap_secrets,
                                            t->n_secrets + 1, sizeof *grown, 8);
        if (!grown)
            return;
        t->secrets = grown;
    }
    t->secrets[t->n_secrets++] = s;
}

static size_t tpl_hash(const uhp_node *n, size_t mask)
{
    uint64_t h = (uint64_t)(uintptr_t)n * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 17) & mask;
}

/* The entry of N, or NULL; with ADD, a new busy entry when N has none (NULL without
 * memory). */
uhp_cfg_tmpl_entry *uhp_cfg_tmpl_find(const uhp_config *cfg, const uhp_node *n, bool add)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    size_t mask = t->cap - 1;
    size_t i = tpl_hash(n, mask);
    for (; t->slot[i]; i = (i + 1) & mask)
        if (t->slot[i]->node == n)
            return t->slot[i];
    if (!add)
        return NULL;
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap * 2;
        uhp_cfg_tmpl_entry **slot = uhp_arena_alloc(cfg->arena, cap * sizeof *slot);
        if (!slot)
            return NULL;
        memset(slot, 0, cap * sizeof *slot);
        for (size_t k = 0; k < t->cap; k++) {
            if (!t->slot[k])
                continue;
            size_t j = tpl_hash(t->slot[k]->node, cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = t->slot[k];
        }
        t->slot = slot;
        t->cap = cap;
        mask = cap - 1;
        for (i = tpl_hash(n, mask); t->slot[i]; i = (i + 1) & mask)
            ;
    }
    uhp_cfg_tmpl_entry *e = uhp_arena_alloc(cfg->arena, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->node = n;
    e->busy = true;
    t->slot[i] = e;
    t->n++;
    return e;
}
