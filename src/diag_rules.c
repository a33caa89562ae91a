/* The one table from diagnostic kinds (uhp/diag.h) to the rules whose findings they become:
 * the readers report kinds, never rule ids. */
#include <stddef.h>

#include "uhp/diag.h"
#include "uhp/rule.h"

extern const uhp_rule uhp_rule_uha001, uhp_rule_uha002, uhp_rule_uha003, uhp_rule_uha004,
    uhp_rule_uha005, uhp_rule_uha008, uhp_rule_uha201, uhp_rule_uha011;

static const uhp_rule *const diag_rules[UHP_DIAG_N_KINDS] = {
    [UHP_DIAG_SYNTAX] = &uhp_rule_uha001,   [UHP_DIAG_DUPLICATE_KEY] = &uhp_rule_uha002,
    [UHP_DIAG_ALIAS] = &uhp_rule_uha003,    [UHP_DIAG_LIMIT] = &uhp_rule_uha004,
    [UHP_DIAG_TEMPLATE] = &uhp_rule_uha005, [UHP_DIAG_INLINE_IGNORE] = &uhp_rule_uha008,
    [UHP_DIAG_PROFILE] = &uhp_rule_uha201,  [UHP_DIAG_SCHEMA] = &uhp_rule_uha011,
};

const uhp_rule *uhp_diag_rule(uhp_diag_kind kind)
{
    return (unsigned)kind < UHP_DIAG_N_KINDS ? diag_rules[kind] : diag_rules[UHP_DIAG_SYNTAX];
}

uhp_finding *uhp_run_add_diag(uhp_run *run, const uhp_diag *d)
{
    const uhp_rule *rule = uhp_diag_rule(d->kind);
    uhp_finding f = {
        .rule_id = rule->id,
        .rule_name = rule->name,
        .severity = d->severity != UHP_SEV_OFF ? d->severity : rule->severity,
        .unverified = d->unverified,
        .message = d->message ? d->message : "",
        .fix = d->fix,
        .key_path = d->key_path,
    };
    if (d->src)
        return uhp_run_add_located(run, &f, d->src, d->start, d->end.line ? d->end : d->start);
    f.file = d->file;
    f.line = d->start.line;
    f.col = d->start.col;
    f.end_line = d->end.line;
    f.end_col = d->end.col;
    f.source_line = d->source_line;
    return uhp_run_add_finding(run, &f);
}
