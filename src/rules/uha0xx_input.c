/* The input rules (UHA0xx). They have no check function: the loaders emit their findings
 * while reading and parsing the inputs, and the registry lists them so that `rules`,
 * `explain`, the policy and the reports know their ids, names and severities. */
#include <stddef.h>

#include "rule_internal.h"

const uhp_rule uhp_rule_uha001 = {
    .id = "UHA001",
    .name = "yaml-syntax",
    .severity = UHP_SEV_ERROR,
    .title = "every input file is well-formed YAML (UTF-8, one document, no tabs in indentation)",
    .scope = UHP_SCOPE_INPUT,
    .flags = UHP_RULE_STOPS | UHP_RULE_YAML_ERROR,
    .locked = "an input that cannot be read or parsed always stops the check",
};

const uhp_rule uhp_rule_uha002 = {
    .id = "UHA002",
    .name = "duplicate-key",
    .severity = UHP_SEV_ERROR,
    .title = "no mapping holds the same key twice",
    .scope = UHP_SCOPE_INPUT,
    .flags = UHP_RULE_YAML_ERROR,
};

const uhp_rule uhp_rule_uha003 = {
    .id = "UHA003",
    .name = "yaml-alias",
    .severity = UHP_SEV_ERROR,
    .title = "no YAML anchors or aliases (or, when allowed, their expansion stays within budget)",
    .scope = UHP_SCOPE_INPUT,
    .flags = UHP_RULE_STOPS | UHP_RULE_YAML_ERROR,
    .locked = "an input that cannot be read or parsed always stops the check",
};

const uhp_rule uhp_rule_uha004 = {
    .id = "UHA004",
    .name = "input-limit",
    .severity = UHP_SEV_ERROR,
    .title = "every input stays within the size and nesting-depth limits",
    .scope = UHP_SCOPE_INPUT,
    .flags = UHP_RULE_STOPS | UHP_RULE_YAML_ERROR,
    .locked = "an input that cannot be read or parsed always stops the check",
};

const uhp_rule uhp_rule_uha005 = {
    .id = "UHA005",
    .name = "template-syntax",
    .severity = UHP_SEV_ERROR,
    .title = "every ${{ }} template is closed and sits in a plain or double-quoted scalar",
    .scope = UHP_SCOPE_INPUT,
};
