/* UHA201 profile-syntax: every VIPADYNAMIC block of the TCP/IP profile parses as TCP/IP would
 * parse it. Emitted by the profile parser (src/tcpip/parse.c) while loading --tcpip files:
 * syntax errors, and each statement TCP/IP ignores after one. */
#include <stddef.h>

#include "rule_internal.h"

const uhp_rule uhp_rule_uha201 = {
    .id = "UHA201",
    .name = "profile-syntax",
    .severity = UHP_SEV_ERROR,
    .title = "the VIPADYNAMIC blocks of the TCP/IP profile have no syntax error",
    .scope = UHP_SCOPE_INPUT,
    .flags = UHP_RULE_TCPIP,
};
