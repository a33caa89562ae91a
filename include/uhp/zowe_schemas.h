/* The JSON schemas a Zowe runtime directory validates its configuration with, found the way
 * zwe finds them (zowe-install-packaging bin/libs/configmgr.ts and bin/libs/component.ts):
 * schemas/zowe-yaml-schema.json with schemas/server-common.json for the whole
 * configuration, and for a component the files its manifest lists under schemas.configs
 * (the first is the top schema) with the two base ones. A component lives in
 * <runtime>/components/<id>, else in <extensions>/<id>. */
#ifndef UHP_ZOWE_SCHEMAS_H
#define UHP_ZOWE_SCHEMAS_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/config.h"
#include "uhp/schema.h"
#include "uhp/source.h"

typedef struct uhp_zowe_component {
    const char *id;       /* the key under components */
    const char *manifest; /* path of its manifest, or NULL when no directory has it */
    bool no_schemas;      /* the manifest lists no schemas.configs */
    uhp_schema_set *set;  /* its schemas and the base ones, or NULL */
    const uhp_jv *top;    /* the first file of schemas.configs */
} uhp_zowe_component;

typedef struct uhp_zowe_schemas {
    const char *runtime;    /* --zowe-runtime */
    const char *extensions; /* --extensions, or NULL */
    uhp_schema_set *base;   /* zowe-yaml-schema.json and server-common.json */
    const uhp_jv *base_top;
    const uhp_jv *base_common;      /* server-common.json */
    uhp_zowe_component *components; /* loaded on demand (uhp_zowe_schemas_component) */
    size_t n_components, cap_components;
    uhp_limits lim;
    /* every schema and manifest file is read into one buffer, every manifest's tree built
     * in one scratch arena: a runtime's files touch the memory of its largest only */
    uhp_read_buf rbuf;
    uhp_arena scratch;
} uhp_zowe_schemas;

/* Loads the base schemas of runtime directory RUNTIME (EXTENSIONS may be NULL). Returns
 * the set, or NULL with ERR filled (a missing file, a syntax error, a limit: located). */
uhp_zowe_schemas *uhp_zowe_schemas_load(const char *runtime, const char *extensions,
                                        const uhp_limits *lim, uhp_schema_error *err);
/* The component ID, its manifest and schemas loaded on first use. Returns it (manifest NULL
 * when not installed), or NULL with ERR filled when its manifest or a schema is bad. */
const uhp_zowe_component *uhp_zowe_schemas_component(uhp_zowe_schemas *zs, const char *id,
                                                     uhp_schema_error *err);
void uhp_zowe_schemas_free(uhp_zowe_schemas *zs);

#endif
