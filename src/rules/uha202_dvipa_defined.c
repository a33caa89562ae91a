/* UHA202 dvipa-defined: the DVIPA has a VIPADEFINE (or VIPABACKUP) in the profile, and so does
 * every address a VIPADISTRIBUTE names: IBM's VIPADISTRIBUTE applies only to "a dynamic VIPA
 * (defined on the same stack by a VIPADEFINE or VIPABACKUP statement)". */
#include <stddef.h>

#include "rule_internal.h"

/* Checks every effective VIPADISTRIBUTE other than the DVIPA's own (reported already when
 * REPORTED_DVIPA) for a definition of its address. */
static void uha202_check_distributions(uhp_rule_ctx *ctx, const uhp_paddr *dv, bool known,
                                       bool reported_dvipa)
{
    const uhp_profile *p = ctx->profile;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (!uhp_vstmt_distributes(s))
            continue;
        if (known && reported_dvipa && s->has_dvipa && uhp_paddr_equal(&s->dvipa, dv))
            continue;
        if (s->has_dvipa && uhp_profile_find_definition(p, &s->dvipa))
            continue;
        const char *name = s->has_dvipa ? s->dvipa.canon : s->intfname;
        uhp_ctx_fail_at(ctx, uhp_vstmt_file(p, s), s->dvipa_tok.line, s->dvipa_tok.col,
                        uhp_tcpip_key_path(ctx, s),
                        uhp_ctx_printf(ctx,
                                       "the VIPADISTRIBUTE at line %u distributes '%s', "
                                       "which has no VIPADEFINE or VIPABACKUP in the profile%s, "
                                       "so TCP/IP has no DVIPA to distribute%s",
                                       s->kw.line, name ? name : "?",
                                       s->has_dvipa ? "" : " (IPv6 interface name)",
                                       uhp_tcpip_ignored_note(ctx)),
                        uhp_ctx_printf(ctx,
                                       "define it before the VIPADISTRIBUTE: VIPADEFINE %s "
                                       "(on the backup stack: VIPABACKUP)",
                                       s->has_dvipa ? uhp_ctx_printf(ctx, "255.255.255.0 %s", name)
                                                    : "MOVEABLE IMMEDIATE <intf> <ipv6-addr>"));
    }
}

/* Checks the DVIPA, then every distributed address. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_profile *p = ctx->profile;
    uhp_paddr dv;
    const char *origin = NULL;
    bool known = uhp_tcpip_rule_dvipa(ctx, &dv, &origin);
    bool reported = false;
    if (known && !uhp_profile_find_definition(p, &dv)) {
        const uhp_vstmt *at = NULL;
        for (size_t k = 0; k < p->n_stmts && !at; k++) {
            if (p->stmts[k].kind == UHP_VS_DISTRIBUTE && p->stmts[k].has_dvipa &&
                uhp_paddr_equal(&p->stmts[k].dvipa, &dv))
                at = &p->stmts[k];
        }
        const char *msg = uhp_ctx_printf(ctx,
                                         "the DVIPA %s (from %s) has no VIPADEFINE or "
                                         "VIPABACKUP in the TCP/IP profile%s",
                                         dv.canon, origin, uhp_tcpip_ignored_note(ctx));
        const char *fix = uhp_ctx_printf(ctx,
                                         "add 'VIPADEFINE 255.255.255.0 %s' to the "
                                         "VIPADYNAMIC block of the distributing stack and "
                                         "'VIPABACKUP 100 %s' to the backup stacks",
                                         dv.canon, dv.canon);
        if (at)
            uhp_ctx_fail_at(ctx, uhp_vstmt_file(p, at), at->dvipa_tok.line, at->dvipa_tok.col,
                            uhp_tcpip_key_path(ctx, at), msg, fix);
        else
            uhp_ctx_fail_at(ctx, p->n_files ? p->files[0] : NULL, 0, 0, "VIPADYNAMIC", msg, fix);
        reported = true;
    }
    uha202_check_distributions(ctx, &dv, known, reported);
    if (!known && !ctx->failed) {
        uhp_value none = {0};
        uhp_ctx_unverified(ctx, &none,
                           "the DVIPA was not declared (--dvipa) and the profile "
                           "has no single HOTSTANDBY VIPADISTRIBUTE to take it from, so whether "
                           "the DVIPA is defined could not be verified");
    }
}

const uhp_rule uhp_rule_uha202 = {
    .id = "UHA202",
    .name = "dvipa-defined",
    .severity = UHP_SEV_ERROR,
    .title = "the DVIPA has a VIPADEFINE or VIPABACKUP in the TCP/IP profile",
    .scope = UHP_SCOPE_GLOBAL,
    .flags = UHP_RULE_TCPIP | UHP_RULE_UMS,
    .check = check,
};
