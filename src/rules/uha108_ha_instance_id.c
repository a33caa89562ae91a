/* UHA108 ha-instance-id: every haInstances key matches ^[a-z0-9_]+$. Zowe lowercases the
 * id it is started with and turns every other character into '_', then looks that up
 * exactly: a key such as LPAR1 or lpar-1 never matches, and that system silently runs the
 * base config. The id also names the UMS log file, which the PASS note shows. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "uhp/rule.h"

/* Returns the id as Zowe normalises it (lowercase, non-alphanumerics as '_'). */
static char *normalised_id(uhp_rule_ctx *ctx, const char *id)
{
    char *out = (char *)uhp_ctx_printf(ctx, "%s", id);
    if (!out)
        return NULL;
    for (char *p = out; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80 && isalnum(c))
            *p = (char)tolower(c);
        else
            *p = '_';
    }
    return out;
}

/* Returns the id of another instance whose key equals NORM, or NULL. */
static const char *clash(const uhp_rule_ctx *ctx, size_t self, const char *norm)
{
    for (size_t j = 0; j < ctx->cfg->n_instances; j++)
        if (j != self && strcmp(ctx->cfg->instances[j].id, norm) == 0)
            return ctx->cfg->instances[j].id;
    return NULL;
}

/* Returns the UMS log file name instance I yields, per its effective zowe.logDirectory. */
static const char *log_name(uhp_rule_ctx *ctx, size_t i)
{
    const uhp_instance *in = &ctx->cfg->instances[i];
    uhp_view v = {ctx->cfg, in, ctx->arena};
    uhp_value dir = uhp_view_get(&v, "zowe.logDirectory");
    const char *d =
        dir.kind == UHP_VAL_STRING && dir.str && dir.str[0] ? dir.str : "<zowe.logDirectory>";
    size_t l = strlen(d);
    const char *sep = l > 0 && d[l - 1] == '/' ? "" : "/";
    return uhp_ctx_printf(ctx, "%s: %s%sizp-server-%s-<timestamp>.log", in->id, d, sep, in->id);
}

/* Checks every instance id; lists the UMS log file names of the valid ones. */
static void check(uhp_rule_ctx *ctx)
{
    if (ctx->cfg->n_instances == 0) {
        uhp_ctx_not_applicable(ctx, "no haInstances are defined (see UHA107)");
        return;
    }
    /* The log names are joined once at the end: joining as they come would copy the
     * growing list once per instance. */
    const char **names = uhp_arena_alloc(ctx->arena, ctx->cfg->n_instances * sizeof *names);
    size_t n_names = 0, total = 0;
    if (!names) {
        ctx->run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < ctx->cfg->n_instances; i++) {
        const uhp_instance *in = &ctx->cfg->instances[i];
        if (in->id_valid) {
            names[n_names] = log_name(ctx, i);
            total += strlen(names[n_names++]) + 2;
            continue;
        }
        const char *norm = normalised_id(ctx, in->id);
        if (!norm)
            norm = "";
        const char *other = clash(ctx, i, norm);
        const char *extra = other ? uhp_ctx_printf(ctx,
                                                   " (haInstances already has '%s': merge the two "
                                                   "entries)",
                                                   other)
                                  : "";
        uhp_ctx_fail(ctx, in->key_node,
                     uhp_ctx_printf(ctx,
                                    "HA instance id '%s' can never be used: Zowe lowercases "
                                    "the id it is started with and turns non-alphanumerics "
                                    "into '_', then looks up '%s' exactly, so this entry "
                                    "never matches and that system silently runs the base "
                                    "config%s",
                                    in->id, norm, extra),
                     uhp_ctx_printf(ctx,
                                    "rename haInstances.%s to haInstances.%s (and start that "
                                    "system's Zowe with HA instance id %s)",
                                    in->id, norm, norm));
    }
    if (n_names == 0)
        return;
    static const char prefix[] = "UMS log files: ";
    char *note = uhp_arena_alloc(ctx->arena, sizeof prefix + total);
    if (!note) {
        ctx->run->out_of_memory = true;
        return;
    }
    size_t len = sizeof prefix - 1;
    memcpy(note, prefix, len);
    for (size_t k = 0; k < n_names; k++) {
        if (k) {
            memcpy(note + len, "; ", 2);
            len += 2;
        }
        size_t nl = strlen(names[k]);
        memcpy(note + len, names[k], nl);
        len += nl;
    }
    note[len] = '\0';
    ctx->note = note;
}

const uhp_rule uhp_rule_uha108 = {
    "UHA108",
    "ha-instance-id",
    UHP_SEV_ERROR,
    "every haInstances id matches ^[a-z0-9_]+$, so Zowe can apply it (names the UMS log file)",
    UHP_SCOPE_GLOBAL,
    0,
    check,
};
