/* The built-in defaults layer: the values of Zowe's files/defaults.yaml that the rules read,
 * used when --defaults is not given. Zowe always appends defaults.yaml as the lowest layer,
 * so a component missing from zowe.yaml is still enabled on its default port. Two tables:
 * Zowe v3 (zowe-install-packaging v3.x/staging) and Zowe v2 (v2.18.0). They differ in the
 * caching storage mode (v3 infinispan, v2 VSAM), in zaas (v3 only), in the jgroups key
 * exchange port (v3 only) and in the components v3 removed (metrics-service, cloud-gateway,
 * the gateway's internal connector). Every value is documented in docs/defaults.md. */
#include "defaults_builtin.h"

#include <stddef.h>

const char uhp_builtin_defaults_yaml[] = "zowe:\n"
                                         "  externalPort: 7554\n"
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

const char uhp_builtin_defaults_v2_yaml[] = "zowe:\n"
                                            "  externalPort: 7554\n"
                                            "components:\n"
                                            "  gateway:\n"
                                            "    enabled: true\n"
                                            "    port: 7554\n"
                                            "    server:\n"
                                            "      internal:\n"
                                            "        enabled: false\n"
                                            "        port: 7550\n"
                                            "  metrics-service:\n"
                                            "    enabled: false\n"
                                            "    port: 7551\n"
                                            "  cloud-gateway:\n"
                                            "    enabled: false\n"
                                            "    port: 7563\n"
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
                                            "      mode: VSAM\n"
                                            "      vsam:\n"
                                            "        name: \"\"\n"
                                            "      infinispan:\n"
                                            "        jgroups:\n"
                                            "          port: 7600\n"
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

const unsigned long uhp_builtin_defaults_v2_len = sizeof uhp_builtin_defaults_v2_yaml - 1;

const char *uhp_builtin_defaults(int zowe_version, unsigned long *len)
{
    if (zowe_version != 2 && zowe_version != 3)
        zowe_version = UHP_ZOWE_VERSION_DEFAULT;
    if (len)
        *len = zowe_version == 2 ? uhp_builtin_defaults_v2_len : uhp_builtin_defaults_len;
    return zowe_version == 2 ? uhp_builtin_defaults_v2_yaml : uhp_builtin_defaults_yaml;
}

const char *uhp_builtin_defaults_name(int zowe_version)
{
    if (zowe_version != 2 && zowe_version != 3)
        zowe_version = UHP_ZOWE_VERSION_DEFAULT;
    return zowe_version == 2 ? "<built-in defaults (Zowe v2)>" : "<built-in defaults (Zowe v3)>";
}
