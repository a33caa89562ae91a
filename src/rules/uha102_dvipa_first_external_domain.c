/* UHA102 dvipa-first-external-domain: zowe.externalDomains[0] is the DVIPA. IBM requires
 * the DVIPA to be the first element: UMS and the gateway build their external URLs from
 * externalDomains[0], so any other first item sends clients to one system only. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

#define EXT_FIX_ONE_FILE                                                                           \
    "keep zowe.externalDomains in one file only (Zowe concatenates lists across config "           \
    "files), with the DVIPA first, e.g. zowe.externalDomains: [%s]"

/* Returns "ADDR (name, name)" for the declared DVIPA, in the ctx arena. */
static const char *dvipa_text(uhp_rule_ctx *ctx)
{
    const uhp_dvipa *d = ctx->dvipa;
    if (d->n_names == 0)
        return d->address;
    const char *names = d->names[0];
    for (size_t i = 1; i < d->n_names; i++)
        names = uhp_ctx_printf(ctx, "%s, %s", names, d->names[i]);
    return uhp_ctx_printf(ctx, "%s (%s)", d->address, names);
}

/* Returns "a, b" naming the files that contributed the parts of a concatenated list. */
static const char *parts_files(uhp_rule_ctx *ctx, const uhp_value *seq)
{
    const char *out = NULL;
    for (uint32_t i = 0; i < seq->n_parts; i++) {
        const uhp_source *src = uhp_node_source(seq->parts[i]);
        const char *name = src && src->name ? src->name : "<unknown>";
        out = out ? uhp_ctx_printf(ctx, "%s, then %s", out, name) : name;
    }
    return out ? out : "";
}

/* Fails when the first domain is a system's own hostname or differs between instances.
 * Returns true when it reported a failure. */
static bool check_undeclared_conflicts(uhp_rule_ctx *ctx, const uhp_value *first, const char *text)
{
    dvipa_conflict c = dvipa_check_agreement(ctx, "zowe.externalDomains[0]", text);
    if (c.kind == DVIPA_IS_HOSTNAME) {
        uhp_ctx_fail_value(
            ctx, first,
            uhp_ctx_printf(ctx,
                           "zowe.externalDomains[0] is '%s', the hostname of HA instance "
                           "'%s', not a DVIPA: when that system stops, clients of UMS and "
                           "the gateway cannot reach the backup",
                           text, c.other_id),
            "put the DVIPA's DNS name (or address) first in zowe.externalDomains, e.g. "
            "zowe.externalDomains: [<DVIPA name>, ...]");
        return true;
    }
    if (c.kind == DVIPA_DIFFERS) {
        uhp_ctx_fail_value(
            ctx, first,
            uhp_ctx_printf(ctx,
                           "zowe.externalDomains[0] differs between HA instances: '%s' "
                           "here, '%s' in '%s'; every instance must put the same DVIPA "
                           "first, or clients follow a different address per system",
                           text, c.other_text, c.other_id),
            "give zowe.externalDomains[0] the same DVIPA value for every instance (set "
            "it in the base config and remove zowe.externalDomains from haInstances "
            "entries)");
        return true;
    }
    return false;
}

/* The DVIPA is not declared: compares the places that must agree with each other. */
static void check_undeclared(uhp_rule_ctx *ctx, const uhp_value *seq, const uhp_value *first,
                             const char *text)
{
    if (check_undeclared_conflicts(ctx, first, text))
        return;
    uhp_value host = uhp_view_get(ctx->view, "components.izp.server.host");
    const char *htext = dvipa_value_text(&host);
    if (htext && htext[0] != '\0' && strcasecmp(htext, text) == 0) {
        ctx->note = uhp_ctx_printf(ctx,
                                   "DVIPA not declared; zowe.externalDomains[0] '%s' equals "
                                   "components.izp.server.host",
                                   text);
        return;
    }
    const char *concat = "";
    if (seq->n_parts > 1)
        concat = uhp_ctx_printf(ctx,
                                " (note: zowe.externalDomains is concatenated from %s, "
                                "lower-priority file first)",
                                parts_files(ctx, seq));
    uhp_ctx_unverified(ctx, first,
                       uhp_ctx_printf(ctx,
                                      "DVIPA not declared, so whether zowe.externalDomains[0] "
                                      "'%s' is the DVIPA could not be verified%s; pass "
                                      "--dvipa NAME=ADDR",
                                      text, concat));
}

/* The DVIPA is declared but is not the first domain: says where it is and why. */
static void fail_not_first(uhp_rule_ctx *ctx, const uhp_value *seq, const uhp_value *first,
                           const char *text, const char *resolved)
{
    /* --resolve looked the name up: say where it goes */
    const char *shown = resolved ? uhp_ctx_printf(ctx, "'%s' (it resolves to %s)", text, resolved)
                                 : uhp_ctx_printf(ctx, "'%s'", text);
    size_t n = uhp_value_seq_len(seq);
    size_t at = 0;
    for (size_t i = 1; i < n && at == 0; i++) {
        uhp_value item = uhp_value_seq_item(ctx->view, seq, i);
        const char *it = dvipa_value_text(&item);
        if (it && uhp_dvipa_matches(ctx->dvipa, it))
            at = i;
    }
    const char *where = at ? uhp_ctx_printf(ctx,
                                            "; the DVIPA is item [%zu], but IBM requires "
                                            "it first",
                                            at)
                           : "; the DVIPA is not in the list";
    const char *dv = dvipa_suggestion(ctx);
    uhp_fixb fb;
    uhp_fixb_begin(&fb, ctx, "make the DVIPA the first item of zowe.externalDomains");
    uhp_fixb_seq_first(&fb, seq, ctx->dvipa, dv);
    if (seq->n_parts > 1) {
        uhp_ctx_fail_value(
            ctx, first,
            uhp_ctx_printf(ctx,
                           "zowe.externalDomains[0] is %s, not the DVIPA %s%s: the list is "
                           "concatenated from %s, and Zowe puts the lower-priority file's "
                           "items first, so the first file's DVIPA does not come first",
                           shown, dvipa_text(ctx), where, parts_files(ctx, seq)),
            uhp_ctx_printf(ctx, EXT_FIX_ONE_FILE, dv));
        uhp_fixb_attach(&fb);
        return;
    }
    uhp_ctx_fail_value(ctx, first,
                       uhp_ctx_printf(ctx,
                                      "zowe.externalDomains[0] is %s, not the DVIPA %s%s; "
                                      "UMS and the gateway build external URLs from the "
                                      "first domain, so clients would not follow a takeover",
                                      shown, dvipa_text(ctx), where),
                       uhp_ctx_printf(ctx,
                                      "make the DVIPA the first item: zowe.externalDomains: "
                                      "[%s, ...]",
                                      dv));
    uhp_fixb_attach(&fb);
}

/* Checks the effective zowe.externalDomains of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value seq = uhp_view_get(ctx->view, "zowe.externalDomains");
    const char *dv = dvipa_suggestion(ctx);
    if (seq.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &seq,
                           "zowe.externalDomains is a ${{ }} expression that cannot be "
                           "evaluated here, so its first item could not be verified");
        return;
    }
    if (seq.kind != UHP_VAL_SEQ) {
        const char *what = seq.kind == UHP_VAL_ABSENT || seq.kind == UHP_VAL_NULL
                               ? "zowe.externalDomains is not set"
                               : "zowe.externalDomains is not a list";
        uhp_ctx_fail_value(ctx, &seq,
                           uhp_ctx_printf(ctx,
                                          "%s; Zowe needs at least one external domain, and "
                                          "UMS HA needs the DVIPA as the first",
                                          what),
                           uhp_ctx_printf(ctx, "set zowe.externalDomains: [%s] in zowe.yaml", dv));
        return;
    }
    if (uhp_value_seq_len(&seq) == 0) {
        uhp_ctx_fail_value(ctx, &seq,
                           "zowe.externalDomains is an empty list; UMS HA needs the DVIPA as "
                           "its first item",
                           uhp_ctx_printf(ctx, "set zowe.externalDomains: [%s] in zowe.yaml", dv));
        return;
    }
    uhp_value first = uhp_value_seq_item(ctx->view, &seq, 0);
    if (first.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &first,
                           "zowe.externalDomains[0] is a ${{ }} expression that cannot be "
                           "evaluated here, so whether it is the DVIPA could not be verified");
        return;
    }
    const char *text = dvipa_value_text(&first);
    if (!text || text[0] == '\0') {
        uhp_ctx_fail_value(ctx, &first,
                           "zowe.externalDomains[0] is empty or not a host name, so it cannot "
                           "be the DVIPA",
                           uhp_ctx_printf(ctx,
                                          "make the DVIPA the first item: "
                                          "zowe.externalDomains: [%s, ...]",
                                          dv));
        return;
    }
    if (!ctx->dvipa || !uhp_dvipa_declared(ctx->dvipa)) {
        check_undeclared(ctx, &seq, &first, text);
        return;
    }
    const char *resolved = NULL;
    switch (uhp_dvipa_judge(ctx->dvipa, text, ctx->arena, &resolved)) {
    case UHP_DVIPA_NAME_MATCHES:
        if (resolved)
            ctx->note = uhp_ctx_printf(ctx,
                                       "zowe.externalDomains[0] '%s' resolves to the DVIPA %s "
                                       "(--resolve)",
                                       text, resolved);
        return;
    case UHP_DVIPA_NAME_UNKNOWN:
        if (check_undeclared_conflicts(ctx, &first, text))
            return;
        uhp_ctx_unverified(ctx, &first,
                           dvipa_unknown_name_message(ctx, "zowe.externalDomains[0]", text));
        return;
    case UHP_DVIPA_NAME_DIFFERS:
        break;
    }
    fail_not_first(ctx, &seq, &first, text, resolved);
}

const uhp_rule uhp_rule_uha102 = {
    .id = "UHA102",
    .name = "dvipa-first-external-domain",
    .severity = UHP_SEV_ERROR,
    .title = "zowe.externalDomains[0] is the DVIPA (its DNS name or address)",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
