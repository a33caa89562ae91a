/* The built-in defaults layer (private to the loader and the check): the values of Zowe's
 * files/defaults.yaml that the rules read, one table per Zowe major version. */
#ifndef UHP_DEFAULTS_BUILTIN_H
#define UHP_DEFAULTS_BUILTIN_H

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

#endif
