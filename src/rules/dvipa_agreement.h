/* Helpers shared by the rules that check where the DVIPA must appear (UHA102, UHA104):
 * scalar text, the DVIPA to suggest, and, when no DVIPA is declared, whether a value
 * agrees across instances and is not some instance's own hostname. */
#ifndef UHP_RULES_DVIPA_AGREEMENT_H
#define UHP_RULES_DVIPA_AGREEMENT_H

#include "uhp/rule.h"

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

#endif
