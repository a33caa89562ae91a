/* Did-you-mean suggestions shared by the rules (UHA006, UHA104, UHA105, UHA110, UHA304). */
#ifndef UHP_RULES_DID_YOU_MEAN_H
#define UHP_RULES_DID_YOU_MEAN_H

#include <stddef.h>

#include "uhp/rule.h"

/* Zowe's core components (v2 and v3), and UMS's izp. */
extern const char *const dym_component_names[];
extern const size_t dym_n_component_names;

/* Returns the entry of NAMES (N of them) closest to KEY (case-insensitive edit distance with
 * transpositions, within a threshold that grows with the length), else the one entry KEY is
 * a prefix of (KEY of 5+ characters, e.g. `logDir`), else NULL. Ties go to the earlier one. */
const char *dym_closest(const char *key, const char *const *names, size_t n);

/* Returns the core component NAME was probably meant to be (`gatway` -> "gateway"), or NULL
 * when NAME is a core component or not close to one (an extension's name). */
const char *dym_component_typo(const char *name);

/* Returns "; did you mean 'KEY' at FILE:LINE?" when the map at MAP_PATH of the ctx's view
 * has a key close to WANT but not WANT itself (`authtype` for `authType`), else NULL. In
 * the ctx arena. */
const char *dym_near_key(uhp_rule_ctx *ctx, const char *map_path, const char *want);

#endif
