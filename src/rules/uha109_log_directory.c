/* UHA109 log-directory: zowe.logDirectory is an absolute path. UMS writes its log there as
 * izp-server-<haInstanceId>-<timestamp>.log, so each instance's log can be found after a
 * takeover. A relative path would depend on the started task's working directory. */
#include <stddef.h>

#include "rule_internal.h"

#define UHA109_FIX                                                                                 \
    "set zowe.logDirectory to an absolute z/OS UNIX path in zowe.yaml, e.g. "                      \
    "zowe.logDirectory: /global/zowe/logs"

/* Checks the effective zowe.logDirectory of the view. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value dir = uhp_view_get(ctx->view, "zowe.logDirectory");
    if (dir.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &dir,
                           "zowe.logDirectory is a ${{ }} expression that cannot be evaluated "
                           "here, so whether it is an absolute path could not be verified");
        return;
    }
    if (dir.kind == UHP_VAL_ABSENT || dir.kind == UHP_VAL_NULL ||
        (dir.kind == UHP_VAL_STRING && (!dir.str || dir.str[0] == '\0'))) {
        uhp_ctx_fail_value(ctx, &dir,
                           "zowe.logDirectory is not set, so there is no known z/OS UNIX "
                           "directory for the per-instance UMS log files "
                           "(izp-server-<haInstanceId>-<timestamp>.log) that show a takeover",
                           UHA109_FIX);
        return;
    }
    if (dir.kind == UHP_VAL_STRING && dir.str[0] == '/')
        return;
    const char *text = dir.kind == UHP_VAL_STRING             ? dir.str
                       : dir.node && uhp_node_value(dir.node) ? uhp_node_value(dir.node)
                                                              : "";
    uhp_ctx_fail_value(ctx, &dir,
                       uhp_ctx_printf(ctx,
                                      "zowe.logDirectory is '%s', not an absolute path; where "
                                      "the UMS log files land would depend on the started "
                                      "task's working directory",
                                      text),
                       UHA109_FIX);
}

const uhp_rule uhp_rule_uha109 = {
    .id = "UHA109",
    .name = "log-directory",
    .severity = UHP_SEV_WARNING,
    .title = "zowe.logDirectory is set to an absolute path (it holds the UMS log of each instance)",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
