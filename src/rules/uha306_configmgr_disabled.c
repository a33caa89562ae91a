/* UHA306 configmgr-disabled: `zowe.useConfigmgr: false` does not turn the config manager
 * off where the tool can see it should not. zwe (bin/libs/configmgr) runs the config
 * manager when --configmgr is given or CONFIG starts with FILE( or PARMLIB(; otherwise it
 * runs unless this key is literally false. So with a FILE()/PARMLIB() list the key does
 * nothing (misleading), and with a plain path it switches the config manager off: no
 * ${{ }} templates, no layering with defaults.yaml or PARMLIB members, no schema
 * validation. A warning either way. */
#include <stddef.h>
#include <string.h>

#include "rule_internal.h"

/* Checks zowe.useConfigmgr of the layered configuration. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value v = uhp_view_get(ctx->view, "zowe.useConfigmgr");
    if (v.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &v,
                           "zowe.useConfigmgr is a ${{ }} expression that cannot be evaluated "
                           "here; zwe reads this key before the config manager runs");
        return;
    }
    bool off = (v.kind == UHP_VAL_BOOL && !v.b) ||
               (v.kind == UHP_VAL_STRING && v.str && strcmp(v.str, "false") == 0);
    unsigned rel = ctx->cfg->zowe_release;
    if (!off && ctx->cfg->plain_path_config && rel && rel < 21000 &&
        !(v.kind == UHP_VAL_BOOL && v.b)) {
        /* Before 2.10.0 zwe ran the config manager for a plain path only when asked. */
        uhp_ctx_fail_value(ctx, &v,
                           uhp_ctx_printf(ctx,
                                          "Zowe %u.%u.%u runs the config manager for a "
                                          "plain-path CONFIG only with zowe.useConfigmgr: true "
                                          "(the default changed in 2.10.0): ${{ }} templates "
                                          "are not resolved and no defaults.yaml or PARMLIB "
                                          "layer applies",
                                          rel / 10000, rel / 100 % 100, rel % 100),
                           "set zowe.useConfigmgr: true, or write CONFIG as "
                           "FILE(...):PARMLIB(...)");
        return;
    }
    if (!off) {
        ctx->note = v.kind == UHP_VAL_ABSENT ? "zowe.useConfigmgr is not set: the config "
                                               "manager runs"
                                             : NULL;
        return;
    }
    if (!ctx->cfg->plain_path_config) {
        uhp_ctx_fail_value(ctx, &v,
                           "zowe.useConfigmgr: false does nothing here: CONFIG is a "
                           "FILE()/PARMLIB() list, and zwe then runs the config manager "
                           "anyway; the key only misleads, and turns the config manager off "
                           "if CONFIG ever becomes a plain path",
                           "remove zowe.useConfigmgr (or set it to true)");
        return;
    }
    uhp_ctx_fail_value(ctx, &v,
                       "zowe.useConfigmgr: false turns Zowe's config manager off for this "
                       "plain-path CONFIG: ${{ }} templates are not resolved, the file is not "
                       "layered with defaults.yaml or PARMLIB members, and it is not "
                       "validated against Zowe's schemas",
                       "remove zowe.useConfigmgr (or set it to true); to layer PARMLIB "
                       "members, write CONFIG as FILE(...):PARMLIB(...)");
}

const uhp_rule uhp_rule_uha306 = {
    .id = "UHA306",
    .name = "configmgr-disabled",
    .severity = UHP_SEV_WARNING,
    .title = "zowe.useConfigmgr is not false (it is ignored with FILE()/PARMLIB() and disables "
             "templates and layering with a plain path)",
    .scope = UHP_SCOPE_GLOBAL,
    .check = check,
};
