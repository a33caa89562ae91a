/* UHA008 inline-ignore: an inline '# ums-ha-preflight: ignore=' comment that names no known
 * rule, a rule that cannot be ignored, or gives no reason. Emitted by src/suppress.c while
 * the checked files are in memory; it cannot be turned off, so a typo never hides a
 * finding silently. */
#include "rule_internal.h"

const uhp_rule uhp_rule_uha008 = {
    .id = "UHA008",
    .name = "inline-ignore",
    .severity = UHP_SEV_ERROR,
    .title = "every inline ignore comment names known rules and gives a reason",
    .scope = UHP_SCOPE_INPUT,
    .locked = "a malformed inline ignore must be fixed",
};
