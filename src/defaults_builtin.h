/* The built-in defaults layer (private to the loader and the check): the values of Zowe's
 * files/defaults.yaml that the rules read, one table per Zowe major version. */
#ifndef UHP_DEFAULTS_BUILTIN_H
#define UHP_DEFAULTS_BUILTIN_H

#include "uhp/check.h"
#include "uhp/loader.h"

/* The Zowe version whose table applies when none is chosen. */
#define UHP_ZOWE_VERSION_DEFAULT 3

/* Zowe v3 table (kept for src/check.c until it calls uhp_builtin_defaults). */
extern const char uhp_builtin_defaults_yaml[];
extern const unsigned long uhp_builtin_defaults_len;
/* Zowe v2 table. */
extern const char uhp_builtin_defaults_v2_yaml[];
extern const unsigned long uhp_builtin_defaults_v2_len;

/* Returns the built-in defaults YAML of Zowe ZOWE_VERSION (2 or 3; any other value gives
 * the UHP_ZOWE_VERSION_DEFAULT table) and stores its length in *LEN (when LEN is not NULL).
 * Never fails; the text is static. */
const char *uhp_builtin_defaults(int zowe_version, unsigned long *len);

/* Returns the display name of that table, e.g. "<built-in defaults (Zowe v2)>". */
const char *uhp_builtin_defaults_name(int zowe_version);

/* Loads the built-in table of ZOWE_VERSION into ARENA under the default limits. Returns its
 * document, or NULL when memory ran out (run->out_of_memory). *SRC_OUT gets the table's
 * heap source (NULL without memory), which the caller frees with uhp_source_free after the
 * tree's last use, whether or not the load succeeded. */
const uhp_doc *uhp_builtin_defaults_load(int zowe_version, uhp_arena *arena, uhp_run *run,
                                         uhp_source **src_out);

/* Returns the document of the built-in table of ZOWE_VERSION held by cache C, loading it
 * on first use (into C's arena, with RUN taking any out-of-memory report); NULL when memory
 * ran out. The tree stays valid until uhp_defaults_cache_free. */
const uhp_doc *uhp_defaults_cache_get(uhp_defaults_cache *c, int zowe_version, uhp_run *run);

#endif
