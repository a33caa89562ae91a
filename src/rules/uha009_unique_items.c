/* UHA009 unique-items: the arrays Zowe's schema marks `uniqueItems: true` that the tool
 * reads (zowe.externalDomains, zowe.sysMessages) hold no item twice, after the layers'
 * arrays are concatenated. zwe validates the merged configuration before it starts
 * anything (zowe-install-packaging schemas/zowe-yaml-schema.json, bin/libs/configmgr.ts),
 * so a DVIPA listed both in ZWEYAML and in zowe.yaml stops Zowe. */
#include <string.h>

#include "rule_internal.h"

static const char *const u009_paths[] = {"zowe.externalDomains", "zowe.sysMessages"};

/* One item seen so far, in a small open-addressing set in the rule's scratch arena. */
typedef struct u009_seen {
    const char *text; /* the item's scalar text, NULL: empty slot */
    uhp_val_kind kind;
    size_t index;
    const uhp_node *node;
} u009_seen;

static uint32_t u009_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Reports every item of the array at PATH that repeats an earlier one. */
static void u009_check_path(uhp_rule_ctx *ctx, const char *path)
{
    uhp_value seq = uhp_view_get(ctx->view, path);
    if (seq.kind != UHP_VAL_SEQ)
        return;
    size_t n = uhp_value_seq_len(&seq);
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    u009_seen *set = uhp_arena_alloc(ctx->arena, cap * sizeof *set);
    if (!set)
        return;
    memset(set, 0, cap * sizeof *set);
    for (size_t i = 0; i < n; i++) {
        uhp_value item = uhp_value_seq_item(ctx->view, &seq, i);
        if (item.kind != UHP_VAL_STRING && item.kind != UHP_VAL_INT && item.kind != UHP_VAL_BOOL)
            continue; /* objects, nulls and templates it cannot evaluate: not compared */
        const char *text = item.kind == UHP_VAL_BOOL ? (item.b ? "true" : "false") : item.str;
        if (!text)
            continue;
        size_t k = u009_hash(text) & (cap - 1);
        for (; set[k].text; k = (k + 1) & (cap - 1))
            if (set[k].kind == item.kind && !strcmp(set[k].text, text))
                break;
        if (!set[k].text) {
            set[k] = (u009_seen){text, item.kind, i, uhp_value_location(&item)};
            continue;
        }
        const uhp_node *first = set[k].node;
        const char *shown = item.secret ? "********" : text;
        const uhp_source *src = uhp_node_source(first);
        const char *where = src && !src->builtin ? uhp_ctx_printf(ctx, "%s:%u", src->name,
                                                                  (unsigned)first->start.line)
                                                 : "a built-in default";
        uhp_ctx_fail_value(
            ctx, &item,
            uhp_ctx_printf(ctx,
                           "%s lists '%s' twice, as %s[%zu] (at %s) and %s[%zu]: Zowe's schema "
                           "requires unique items, so zwe refuses to start",
                           path, shown, path, set[k].index, where, path, i),
            "keep the value in one layer only: arrays are concatenated across the CONFIG "
            "layers, so a DVIPA listed in both ZWEYAML and zowe.yaml appears twice");
    }
}

static void uha009_check(uhp_rule_ctx *ctx)
{
    for (size_t i = 0; i < sizeof u009_paths / sizeof u009_paths[0]; i++)
        u009_check_path(ctx, u009_paths[i]);
}

const uhp_rule uhp_rule_uha009 = {
    .id = "UHA009",
    .name = "unique-items",
    .severity = UHP_SEV_ERROR,
    .title =
        "zowe.externalDomains and zowe.sysMessages hold no item twice after the layers are merged",
    .scope = UHP_SCOPE_GLOBAL,
    .check = uha009_check,
};
