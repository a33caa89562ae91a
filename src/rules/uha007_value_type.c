/* UHA007 value-type: ports are integers 1..65535 and 'enabled' is a boolean, judged on the
 * merged, template-resolved configuration, as Zowe validates it (zowe-install-packaging
 * bin/libs/configmgr.ts: validate() runs on the loaded configuration, after the layers are
 * merged and the templates replaced). A wrongly typed value that a higher layer overrides
 * is never read: a warning that says so, not an error. The loader lists the candidates
 * (uhp_doc.type_suspects); this rule decides. */
#include <stdio.h>
#include <string.h>

#include "rule_internal.h"
#include "uhp/loader.h"

/* The text of scalar N as a message may show it. */
static const char *v007_shown(const uhp_node *n)
{
    return uhp_key_is_secret(n->key) ? "********" : uhp_node_value(n);
}

/* Why value VAL (read at key node N) does not have the type the key asks for; NULL when it
 * has. *FIX gets the fix. */
static const char *v007_problem(uhp_rule_ctx *ctx, const uhp_node *n, const uhp_value *val,
                                const char **fix)
{
    *fix = NULL;
    const char *shown = val->secret ? "********" : val->str ? val->str : "";
    if (uhp_type_key_kind(n) == UHP_TYPE_KEY_PORT) {
        *fix = "use an integer port between 1 and 65535";
        if (val->kind == UHP_VAL_INT)
            return val->i >= 1 && val->i <= 65535
                       ? NULL
                       : uhp_ctx_printf(ctx, "port %s is out of range 1..65535", shown);
        if (val->kind == UHP_VAL_STRING && *shown &&
            uhp_scalar_typeof(val->str, strlen(val->str), UHP_STYLE_PLAIN) == UHP_TYPE_INT) {
            *fix = uhp_ctx_printf(ctx, "write the port unquoted: %s: %s", n->key, shown);
            return uhp_ctx_printf(ctx, "quoted number '%s': Zowe reads it as a string, not a port",
                                  shown);
        }
        if (val->kind == UHP_VAL_NULL)
            return NULL;
        return uhp_ctx_printf(ctx, "port '%s' is not an integer", shown);
    }
    if (val->kind == UHP_VAL_BOOL || val->kind == UHP_VAL_NULL)
        return NULL;
    *fix = "write enabled: true or enabled: false";
    if (val->via == n || !val->quoted)
        return uhp_ctx_printf(ctx, "'%s' is not a boolean for Zowe (only true/false are)", shown);
    return uhp_ctx_printf(ctx, "quoted '%s' is a string, not a boolean, for Zowe", shown);
}

/* Judges candidate N of a layer against the merged base configuration. */
static void v007_judge(uhp_rule_ctx *ctx, const uhp_node *n)
{
    char path[512];
    if (uhp_node_path(n, path, sizeof path) >= sizeof path)
        return;
    uhp_value val = uhp_view_get(ctx->view, path);
    bool decides = val.via ? val.via == n : val.node == n;
    if (!decides) {
        if (n->has_template)
            return; /* never evaluated by Zowe: nothing to type */
        uhp_value mine;
        memset(&mine, 0, sizeof mine);
        mine.kind = n->type == UHP_TYPE_INT    ? UHP_VAL_INT
                    : n->type == UHP_TYPE_BOOL ? UHP_VAL_BOOL
                                               : UHP_VAL_STRING;
        mine.i = uhp_node_ival(n);
        mine.b = n->bval;
        mine.str = v007_shown(n);
        mine.quoted = n->style != UHP_STYLE_PLAIN;
        const char *fix;
        const char *why = v007_problem(ctx, n, &mine, &fix);
        if (!why)
            return;
        const uhp_node *winner = uhp_value_location(&val);
        if (winner && uhp_node_source(winner))
            uhp_ctx_warn(ctx, n,
                         uhp_ctx_printf(ctx,
                                        "%s; overridden by the value at %s:%u, so Zowe never "
                                        "reads this one",
                                        why, uhp_node_source(winner)->name,
                                        (unsigned)winner->start.line),
                         fix);
        else
            uhp_ctx_warn(ctx, n,
                         uhp_ctx_printf(ctx, "%s; overridden, so Zowe never reads this one", why),
                         fix);
        return;
    }
    if (val.kind == UHP_VAL_UNKNOWN || val.kind == UHP_VAL_ABSENT)
        return; /* the rules that read it say they could not verify */
    if (uhp_key_is_secret(n->key))
        val.secret = true;
    const char *fix;
    const char *why = v007_problem(ctx, n, &val, &fix);
    if (!why)
        return;
    if (n->has_template)
        why = uhp_ctx_printf(ctx, "%s (the result of the template)", why);
    bool quoted_port = uhp_type_key_kind(n) == UHP_TYPE_KEY_PORT && val.kind == UHP_VAL_STRING &&
                       n->style != UHP_STYLE_PLAIN && val.str && *val.str &&
                       uhp_scalar_typeof(val.str, strlen(val.str), UHP_STYLE_PLAIN) == UHP_TYPE_INT;
    uhp_fixb fb;
    uhp_fixb_begin(&fb, ctx, "write the port unquoted");
    if (quoted_port)
        uhp_fixb_scalar(&fb, &val, val.str, false);
    uhp_ctx_fail(ctx, n, why, fix);
    if (quoted_port)
        uhp_fixb_attach(&fb);
}

static void uha007_check(uhp_rule_ctx *ctx)
{
    for (size_t l = 0; l < ctx->cfg->n_layers; l++) {
        const uhp_doc *doc = ctx->cfg->layers[l];
        for (size_t i = 0; i < doc->n_type_suspects; i++)
            v007_judge(ctx, doc->type_suspects[i]);
    }
}

const uhp_rule uhp_rule_uha007 = {
    .id = "UHA007",
    .name = "value-type",
    .severity = UHP_SEV_ERROR,
    .title =
        "ports are integers 1..65535 and booleans are plain true/false, as Zowe types the merged "
        "configuration",
    .scope = UHP_SCOPE_GLOBAL,
    .check = uha007_check,
};
