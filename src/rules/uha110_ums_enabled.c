/* UHA110 ums-enabled: UMS (components.izp.enabled: true) runs on at least two systems.
 * UMS runs as the Zowe component `izp`; its settings come from the ZWEYAML PARMLIB member.
 * An instance where UMS is disabled runs no UMS: the engine reports every other UMS rule
 * as not applicable for it (ctx->ums_off), with a note. High availability needs UMS on two
 * systems (distinct sysnames): two instances on one LPAR fail together. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

/* Per check: which instances run UMS, and on how many distinct systems. */
typedef struct uha110_facts {
    size_t n_running;  /* instances whose components.izp.enabled is true */
    size_t n_unknown;  /* instances where a ${{ }} expression hides it */
    size_t n_systems;  /* distinct sysnames among the running instances */
    const char *where; /* "SYS1: lpar2a, lpar2b": the one system, when n_systems is 1 */
} uha110_facts;

/* Returns the facts, computed once per check into the rule's cache; NULL without memory. */
static const uha110_facts *uha110_facts_get(uhp_rule_ctx *ctx)
{
    if (*ctx->cache)
        return *ctx->cache;
    uha110_facts *f = uhp_arena_alloc(ctx->cache_arena, sizeof *f);
    size_t n = ctx->cfg->n_instances;
    const char **sys = uhp_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *sys);
    if (!f || !sys)
        return NULL;
    memset(f, 0, sizeof *f);
    const char *ids = NULL;
    for (size_t i = 0; i < n; i++) {
        const uhp_instance *in = &ctx->cfg->instances[i];
        uhp_view v = {ctx->cfg, in, ctx->arena};
        uhp_value en = uhp_view_get(&v, "components.izp.enabled");
        if (en.kind == UHP_VAL_UNKNOWN)
            f->n_unknown++;
        if (!uhp_value_is_true(&en))
            continue;
        f->n_running++;
        /* An instance without a sysname (UHA107 reports it) counts as a system of its own. */
        const char *s = uha3_instance_attr(ctx, in, "sysname", NULL);
        const char *key = s ? s : uhp_ctx_printf(ctx, "\x01%s", in->id);
        bool seen = false;
        for (size_t k = 0; k < f->n_systems && !seen; k++)
            seen = strcasecmp(sys[k], key) == 0;
        if (!seen)
            sys[f->n_systems++] = key;
        ids = ids ? uhp_ctx_printf(ctx, "%s, %s", ids, in->id) : in->id;
    }
    if (f->n_systems == 1) {
        const char *s = sys[0][0] == '\x01' ? "no sysname" : sys[0];
        const char *w = uhp_ctx_printf(ctx, "%s: %s", s, ids);
        f->where = uhp_arena_strndup(ctx->cache_arena, w, strlen(w));
    }
    *ctx->cache = f;
    return f;
}

/* The instance runs no UMS: with UMS running elsewhere, the UMS rules are N/A here (noted)
 * and true is returned; false when UMS runs nowhere (the caller then fails). */
static bool uha110_off_here(uhp_rule_ctx *ctx, const uha110_facts *f, const char *why)
{
    ctx->ums_off = true;
    if (!ctx->inst || !f || f->n_running == 0)
        return false;
    uhp_ctx_not_applicable(ctx, uhp_ctx_printf(ctx,
                                               "%s: this instance runs no UMS, so the UMS "
                                               "rules do not apply to it",
                                               why));
    return true;
}

/* UMS runs here: fails when every running instance is on one system. */
static void uha110_check_systems(uhp_rule_ctx *ctx, const uha110_facts *f, const uhp_value *en)
{
    /* With a single instance UHA107 already says there is nothing to fail over to. */
    if (!ctx->inst || !f || f->n_systems != 1 || f->n_unknown > 0 || ctx->cfg->n_instances < 2)
        return;
    uhp_ctx_fail_value(ctx, en,
                       uhp_ctx_printf(ctx,
                                      "UMS runs on one system only (%s); UMS high availability "
                                      "needs UMS on at least two systems (distinct sysnames), "
                                      "so that one takes over when the other stops",
                                      f->where ? f->where : "?"),
                       "enable UMS (components.izp.enabled: true) in an instance on another "
                       "system, e.g. leave the ZWEYAML member's enabled: true and remove "
                       "enabled: false from the haInstances entry of the other LPAR");
}

#define UHA110_CONFIG_FIX                                                                          \
    "add the UMS member to the CONFIG= list of the Zowe started task (left-most wins), "           \
    "e.g. CONFIG=PARMLIB(IZP.I1.PARMLIB(ZWEYAML)):FILE(/global/zowe/zowe.yaml), so that "          \
    "components.izp.enabled: true is read (off the mainframe: --config with --parmlib "            \
    "DSN=DIR)"
#define UHA110_ENABLE_FIX "set components.izp.enabled: true in the ZWEYAML member"

/* Checks the effective components.izp and components.izp.enabled of the view. */
static void check(uhp_rule_ctx *ctx)
{
    const uha110_facts *f = ctx->inst ? uha110_facts_get(ctx) : NULL;
    if (ctx->inst && !f) {
        ctx->run->out_of_memory = true;
        return;
    }
    uhp_value izp = uhp_view_get(ctx->view, "components.izp");
    if (izp.kind == UHP_VAL_ABSENT || izp.kind == UHP_VAL_NULL) {
        if (uha110_off_here(ctx, f, "components.izp is not set for this instance"))
            return;
        uhp_ctx_fail_value(ctx, &izp,
                           "UMS is not configured: no layer sets components.izp, so Zowe "
                           "does not start UMS; the ZWEYAML PARMLIB member is probably "
                           "missing from CONFIG, and every UMS rule (UHA101-UHA106, UHA109) "
                           "is not applicable until it is added",
                           UHA110_CONFIG_FIX);
        return;
    }
    if (izp.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &izp,
                           "components.izp is a ${{ }} expression that cannot be evaluated "
                           "here, so whether UMS is enabled could not be verified");
        return;
    }
    if (izp.kind != UHP_VAL_MAP) {
        ctx->ums_off = true;
        uhp_ctx_fail_value(ctx, &izp,
                           "components.izp is not a mapping, so Zowe has no UMS settings "
                           "and does not start UMS",
                           "restore the components.izp block of IBM's ZWEYAML template, "
                           "with enabled: true");
        return;
    }

    uhp_value en = uhp_view_get(ctx->view, "components.izp.enabled");
    switch (en.kind) {
    case UHP_VAL_BOOL:
        if (en.b) {
            uha110_check_systems(ctx, f, &en);
            return;
        }
        if (uha110_off_here(ctx, f,
                            uhp_ctx_printf(ctx, "UMS is disabled here (components.izp.enabled: "
                                                "false)")))
            return;
        uhp_ctx_fail_value(ctx, &en,
                           "components.izp.enabled is 'false', so Zowe does not start UMS "
                           "on this system and the UMS rules are not applicable",
                           en.from_instance ? "remove enabled: false from components.izp in this "
                                              "haInstances entry, or set it to true"
                                            : UHA110_ENABLE_FIX);
        return;
    case UHP_VAL_UNKNOWN:
        uhp_ctx_unverified(ctx, &en,
                           "components.izp.enabled is a ${{ }} expression that cannot be "
                           "evaluated here, so whether UMS starts could not be verified");
        return;
    case UHP_VAL_ABSENT:
    case UHP_VAL_NULL: {
        const char *near = dym_near_key(ctx, "components.izp", "enabled");
        ctx->ums_off = true;
        uhp_ctx_fail_value(ctx, &en,
                           uhp_ctx_printf(ctx,
                                          "components.izp.enabled is not set, so Zowe does not "
                                          "start UMS (IBM's template says it should always be "
                                          "true)%s",
                                          near ? near : ""),
                           UHA110_ENABLE_FIX);
        return;
    }
    case UHP_VAL_STRING:
        ctx->ums_off = true;
        uhp_ctx_fail_value(ctx, &en,
                           uhp_ctx_printf(ctx,
                                          "components.izp.enabled is the string '%s', not "
                                          "the boolean true: Zowe keeps quoted and non-boolean "
                                          "scalars as strings, so UMS is not enabled",
                                          en.str ? en.str : ""),
                           "write components.izp.enabled: true without quotes");
        return;
    default:
        ctx->ums_off = true;
        uhp_ctx_fail_value(ctx, &en,
                           "components.izp.enabled is not a boolean, so UMS is not enabled",
                           UHA110_ENABLE_FIX);
        return;
    }
}

const uhp_rule uhp_rule_uha110 = {
    .id = "UHA110",
    .name = "ums-enabled",
    .severity = UHP_SEV_ERROR,
    .title = "UMS (components.izp.enabled: true) runs on at least two systems",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_GATES_UMS,
    .check = check,
};
