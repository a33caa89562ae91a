/* UHA207 distmethod-keywords: the DESTIP and method options fit the distribution method.
 * EZZ0831I: PREFERRED, BACKUP, AUTOSWITCHBACK or HEALTHSWITCH without DISTMETHOD HOTSTANDBY
 * make TCP/IP ignore the statement and the rest of the VIPADYNAMIC block. EZZ0799I: WEIGHT
 * without DISTMETHOD WEIGHTEDACTIVE is ignored. */
#include <stddef.h>

#include "rule_internal.h"

/* Reports EZZ0831I for the rejected statement S at its first HOTSTANDBY-only keyword. */
static void uha207_ezz0831(uhp_rule_ctx *ctx, const uhp_vstmt *s)
{
    const uhp_ptok *at = s->hs_option ? &s->hs_option_tok : NULL;
    for (size_t k = 0; k < s->n_dests && !at; k++) {
        if (s->dests[k].role != UHP_ROLE_NONE)
            at = &s->dests[k].role_tok;
    }
    if (!at)
        at = &s->kw;
    uhp_ctx_fail_at(ctx, uhp_vstmt_file(ctx->profile, s), at->line, at->col,
                    uhp_tcpip_key_path(ctx, s),
                    uhp_ctx_printf(ctx,
                                   "EZZ0831I: '%s' is valid only with DISTMETHOD "
                                   "HOTSTANDBY, but the VIPADISTRIBUTE at line %u uses %s; TCP/IP "
                                   "ignores this statement and the rest of the VIPADYNAMIC "
                                   "block",
                                   at->text, s->kw.line, uhp_distmethod_name(s->method)),
                    "use DISTMETHOD HOTSTANDBY (the UMS port needs it), or remove PREFERRED, "
                    "BACKUP, AUTOSWITCHBACK and HEALTHSWITCH from the statement");
}

/* Checks the method keywords of every VIPADISTRIBUTE. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_profile *p = ctx->profile;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE)
            continue;
        if (s->rejected_ezz0831) {
            uha207_ezz0831(ctx, s);
            continue;
        }
        if (s->method == UHP_DM_WEIGHTEDACTIVE)
            continue;
        for (size_t j = 0; j < s->n_dests; j++) {
            const uhp_pdest *d = &s->dests[j];
            if (!d->has_weight)
                continue;
            uhp_ctx_fail_at(ctx, uhp_vstmt_file(p, s), d->weight_tok.line, d->weight_tok.col,
                            uhp_tcpip_key_path(ctx, s),
                            uhp_ctx_printf(ctx,
                                           "EZZ0799I: WEIGHT is used only with DISTMETHOD "
                                           "WEIGHTEDACTIVE; TCP/IP ignores 'WEIGHT %u' of target "
                                           "'%s' on the VIPADISTRIBUTE at line %u (DISTMETHOD %s)",
                                           d->weight, d->addr.tok.text, s->kw.line,
                                           uhp_distmethod_name(s->method)),
                            "remove WEIGHT, or use DISTMETHOD WEIGHTEDACTIVE");
        }
    }
}

const uhp_rule uhp_rule_uha207 = {
    .id = "UHA207",
    .name = "distmethod-keywords",
    .severity = UHP_SEV_ERROR,
    .title = "DESTIP and method keywords fit the DISTMETHOD of each VIPADISTRIBUTE",
    .scope = UHP_SCOPE_GLOBAL,
    .flags = UHP_RULE_TCPIP,
    .check = check,
};
