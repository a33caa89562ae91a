/* The built-in defaults layer: the values of Zowe's files/defaults.yaml (v3) that the rules
 * read, used when --defaults is not given. Zowe always appends defaults.yaml as the lowest
 * layer, so a component missing from zowe.yaml is still enabled on its default port.
 * Every value here is documented in docs/defaults.md and the rule pages. */
#include "defaults_builtin.h"

const char uhp_builtin_defaults_yaml[] =
    "zowe:\n"
    "  externalPort: 7554\n"
    "  useConfigmgr: true\n"
    "components:\n"
    "  gateway:\n"
    "    enabled: true\n"
    "    port: 7554\n"
    "  zaas:\n"
    "    enabled: true\n"
    "    port: 7558\n"
    "  api-catalog:\n"
    "    enabled: true\n"
    "    port: 7552\n"
    "  discovery:\n"
    "    enabled: true\n"
    "    port: 7553\n"
    "  caching-service:\n"
    "    enabled: true\n"
    "    port: 7555\n"
    "    storage:\n"
    "      mode: infinispan\n"
    "      infinispan:\n"
    "        jgroups:\n"
    "          port: 7600\n"
    "          keyExchange:\n"
    "            port: 7601\n"
    "  app-server:\n"
    "    enabled: true\n"
    "    port: 7556\n"
    "  zss:\n"
    "    enabled: true\n"
    "    port: 7557\n"
    "  jobs-api:\n"
    "    enabled: false\n"
    "    port: 7558\n"
    "  files-api:\n"
    "    enabled: false\n"
    "    port: 7559\n";

const unsigned long uhp_builtin_defaults_len = sizeof uhp_builtin_defaults_yaml - 1;
