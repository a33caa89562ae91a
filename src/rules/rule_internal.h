/* The one private header of the rules in src/rules/: the helpers they share, each
 * defined in the file its section names. Nothing outside src/rules/ includes it (tests
 * may). */
#ifndef UHP_RULES_RULE_INTERNAL_H
#define UHP_RULES_RULE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/rule.h"
#include "uhp/tcpip.h"

/* ---- Did-you-mean suggestions (did_you_mean.c) --------------------------------------- */

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

/* ---- Where the DVIPA must appear (dvipa_agreement.c) --------------------------------- */

/* Returns the text of a scalar value (STRING, or the written INT/BOOL), or NULL. */
const char *dvipa_value_text(const uhp_value *v);

/* Returns the DVIPA to write in a fix: its first DNS name, else its address, else a
 * placeholder. Static or ctx-owned; never NULL. */
const char *dvipa_suggestion(const uhp_rule_ctx *ctx);

/* Returns the "could not verify" message for TEXT, the DNS name at PATH, when the DVIPA is
 * known by address only: says how to declare the name (--dvipa NAME=ADDR, dvipa.names in
 * the policy) or look it up (--resolve). In the ctx arena. */
const char *dvipa_unknown_name_message(uhp_rule_ctx *ctx, const char *path, const char *text);

typedef enum dvipa_conflict_kind {
    DVIPA_AGREES = 0,
    DVIPA_IS_HOSTNAME, /* the text is the hostname of instance OTHER_ID */
    DVIPA_DIFFERS,     /* instance OTHER_ID has OTHER_TEXT at the same path */
} dvipa_conflict_kind;

typedef struct dvipa_conflict {
    dvipa_conflict_kind kind;
    const char *other_id;
    const char *other_text;
} dvipa_conflict;

/* Compares TEXT, the value at PATH in the ctx's instance, with every instance's hostname
 * and with the value at PATH in the other instances (empty values are skipped). The
 * hostnames and values of all instances are read once per check into the rule's cache, so
 * a check over N instances costs N lookups, not N * N. Returns the first conflict found,
 * or DVIPA_AGREES (also when memory runs out: run->out_of_memory is then set). */
dvipa_conflict dvipa_check_agreement(uhp_rule_ctx *ctx, const char *path, const char *text);

/* ---- The TCP/IP profile rules (uha2_common.c) ------------------------------------ */

/* Returns " (N statements of the profile are ignored after syntax errors: see UHA201)" when
 * the profile has ignored statements, else "". Arena string of CTX. */
const char *uhp_tcpip_ignored_note(uhp_rule_ctx *ctx);
/* Returns the stable key path of a profile statement for findings, e.g.
 * "VIPADYNAMIC.VIPADISTRIBUTE(10.1.1.10)". Arena string of CTX. */
const char *uhp_tcpip_key_path(uhp_rule_ctx *ctx, const uhp_vstmt *s);
/* Checks that the port at config PATH (LABEL names it in messages) is distributed by a
 * VIPADISTRIBUTE of the DVIPA (with DISTMETHOD HOTSTANDBY when HOTSTANDBY), reporting through
 * CTX: a failure, a "could not verify" warning, or nothing (pass, with a note). Keeps the
 * DVIPA and the last pass note for the check in the rule's cache slot (ctx->cache): a rule
 * that calls it uses no cache of its own. */
void uhp_tcpip_check_port(uhp_rule_ctx *ctx, const char *path, const char *label, bool hotstandby);

/* ---- The Zowe HA platform rules (uha3_common.c) -------------------------------------- */

/* Returns the text of haInstances.<id>.KEY of instance INST in the base configuration
 * (digits of an all-digit name included), or NULL when it is absent, empty, null, a
 * template that cannot be evaluated or not a scalar. *VAL (may be NULL) gets the value. */
const char *uha3_instance_attr(uhp_rule_ctx *ctx, const uhp_instance *inst, const char *key,
                               uhp_value *val);
/* Returns 1 when components.NAME.enabled is true in view V, 0 when the component does not
 * run (false, absent, null, not a boolean), -1 when a ${{ }} expression hides it. *VAL (may
 * be NULL) gets the value. */
int uha3_component_enabled(const uhp_view *v, const char *name, uhp_value *val);
/* Returns the caching storage mode that value M of components.caching-service.storage.mode
 * names, as uha3_caching_mode does. */
const char *uha3_caching_mode_of(const uhp_value *m);
/* Returns the caching storage mode of view V in Zowe's spelling, "inMemory" when no layer
 * sets it, or NULL when the value is none of Zowe's (or a template: VAL->kind is then
 * UHP_VAL_UNKNOWN). */
const char *uha3_caching_mode(const uhp_view *v, uhp_value *val);
/* Returns how many instances run component NAME (the base configuration counts as one
 * when there are no haInstances); *LIST (may be NULL) gets their ids, comma separated, in
 * the ctx's arena. */
size_t uha3_count_running(uhp_rule_ctx *ctx, const char *name, const char **list);
/* Returns, for each of the N instances, the first earlier one with the same KEY ignoring
 * case (F[j] == j when none, or when not TAKE[j]; TAKE NULL takes the instances whose key
 * is set). In the ctx's arena; NULL (the run flagged) when memory runs out. */
size_t *uha3_first_alike(uhp_rule_ctx *ctx, const char *const *key, const bool *take, size_t n);

#endif
