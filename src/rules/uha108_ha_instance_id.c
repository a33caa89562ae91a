/* UHA108 ha-instance-id: every haInstances key matches ^[a-z0-9_]+$. Zowe lowercases the
 * id it is started with and turns every other character into '_', then looks that up
 * exactly: a key such as LPAR1 or lpar-1 never matches, and that system silently runs the
 * base config. The id also names the UMS log file, which the PASS note shows. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "rule_internal.h"

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

/* Returns the effective zowe.logDirectory of instance I as its UMS log file name shows it
 * ("<zowe.logDirectory>" when it is not a non-empty string); *SEP gets what goes between it
 * and the file name ("/" unless it ends with one). The text lives as long as the check. */
static const char *log_dir(uhp_rule_ctx *ctx, size_t i, const char **sep)
{
    uhp_view v = {ctx->cfg, &ctx->cfg->instances[i], ctx->arena};
    uhp_value dir = uhp_view_get(&v, "zowe.logDirectory");
    const char *d =
        dir.kind == UHP_VAL_STRING && dir.str && dir.str[0] ? dir.str : "<zowe.logDirectory>";
    size_t l = strlen(d);
    *sep = l > 0 && d[l - 1] == '/' ? "" : "/";
    return d;
}

/* Appends the N bytes of S at *W and moves *W past them. */
static void put(char **w, const char *s, size_t n)
{
    memcpy(*w, s, n);
    *w += n;
}

/* Checks every instance id; lists the UMS log file names of the valid ones. */
static void check(uhp_rule_ctx *ctx)
{
    if (ctx->cfg->n_instances == 0) {
        uhp_ctx_not_applicable(ctx, "no haInstances are defined (see UHA107)");
        return;
    }
    /* The note "UMS log files: ID: DIR/izp-server-ID-<timestamp>.log; ..." is written once
     * at the end into one block: joining as they come would copy the growing list once per
     * instance, and formatting each name costs more than the lookup behind it. */
    static const char prefix[] = "UMS log files: ", mid[] = ": ", file[] = "izp-server-",
                      suffix[] = "-<timestamp>.log", join[] = "; ";
    size_t n = ctx->cfg->n_instances;
    const char **dirs = uhp_arena_alloc(ctx->arena, n * sizeof *dirs);
    const char **seps = uhp_arena_alloc(ctx->arena, n * sizeof *seps);
    size_t n_names = 0, total = sizeof prefix - 1;
    if (!dirs || !seps) {
        ctx->run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const uhp_instance *in = &ctx->cfg->instances[i];
        if (in->id_valid) {
            dirs[i] = log_dir(ctx, i, &seps[i]);
            total += (n_names ? sizeof join - 1 : 0) + 2 * strlen(in->id) + sizeof mid - 1 +
                     strlen(dirs[i]) + strlen(seps[i]) + sizeof file - 1 + sizeof suffix - 1;
            n_names++;
            continue;
        }
        dirs[i] = NULL;
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
    char *note = uhp_arena_alloc(ctx->arena, total + 1);
    if (!note) {
        ctx->run->out_of_memory = true;
        return;
    }
    char *w = note;
    put(&w, prefix, sizeof prefix - 1);
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!dirs[i])
            continue;
        const char *id = ctx->cfg->instances[i].id;
        size_t il = strlen(id);
        if (k++)
            put(&w, join, sizeof join - 1);
        put(&w, id, il);
        put(&w, mid, sizeof mid - 1);
        put(&w, dirs[i], strlen(dirs[i]));
        put(&w, seps[i], strlen(seps[i]));
        put(&w, file, sizeof file - 1);
        put(&w, id, il);
        put(&w, suffix, sizeof suffix - 1);
    }
    *w = '\0';
    ctx->note = note;
}

const uhp_rule uhp_rule_uha108 = {
    .id = "UHA108",
    .name = "ha-instance-id",
    .severity = UHP_SEV_ERROR,
    .title =
        "every haInstances id matches ^[a-z0-9_]+$, so Zowe can apply it (names the UMS log file)",
    .scope = UHP_SCOPE_GLOBAL,
    .check = check,
};
