/* The input rules (UHA0xx). They have no check function: the loaders emit their findings
 * while reading and parsing the inputs, and the registry lists them so that `rules`,
 * `explain`, the policy and the reports know their ids, names and severities. */
#include <stddef.h>

#include "uhp/rule.h"

const uhp_rule uhp_rule_uha001 = {
    "UHA001",
    "yaml-syntax",
    UHP_SEV_ERROR,
    "every input file is well-formed YAML (UTF-8, one document, no tabs in indentation)",
    UHP_SCOPE_INPUT,
    0,
    NULL,
};

const uhp_rule uhp_rule_uha002 = {
    "UHA002",
    "duplicate-key",
    UHP_SEV_ERROR,
    "no mapping holds the same key twice",
    UHP_SCOPE_INPUT,
    0,
    NULL,
};

const uhp_rule uhp_rule_uha003 = {
    "UHA003",
    "yaml-alias",
    UHP_SEV_ERROR,
    "no YAML anchors or aliases (or, when allowed, their expansion stays within budget)",
    UHP_SCOPE_INPUT,
    0,
    NULL,
};

const uhp_rule uhp_rule_uha004 = {
    "UHA004",
    "input-limit",
    UHP_SEV_ERROR,
    "every input stays within the size and nesting-depth limits",
    UHP_SCOPE_INPUT,
    0,
    NULL,
};

const uhp_rule uhp_rule_uha005 = {
    "UHA005",
    "template-syntax",
    UHP_SEV_ERROR,
    "every ${{ }} template is closed and sits in a plain or double-quoted scalar",
    UHP_SCOPE_INPUT,
    0,
    NULL,
};
