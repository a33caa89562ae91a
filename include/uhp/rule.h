/* The rule registry and the context a rule's check function sees: the effective config
 * of one instance (or of all), the DVIPA identity and the TCP/IP profile. Never raw files.
 * Adding a rule: one file in src/rules/, one line in src/rules/rules.def, tests, a doc. */
#ifndef UHP_RULE_H
#define UHP_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/config.h"
#include "uhp/diag.h"
#include "uhp/finding.h"

typedef struct uhp_profile uhp_profile; /* parsed TCP/IP profile, see uhp/tcpip.h */

typedef enum uhp_rule_scope {
    UHP_SCOPE_INPUT = 0, /* emitted by the loaders (UHA0xx), no check function */
    UHP_SCOPE_INSTANCE,  /* runs once per instance on its effective config */
    UHP_SCOPE_GLOBAL,    /* runs once, sees every instance */
} uhp_rule_scope;

/* Properties of a rule, in its registry entry's flags. */
enum {
    UHP_RULE_UMS = 1 << 0,   /* not applicable where UMS (components.izp) is not enabled */
    UHP_RULE_TCPIP = 1 << 1, /* not applicable without --tcpip */
    /* A finding means an input could not be read or parsed: printed on stderr as an input
     * error, the configuration rules do not run, exit 2. */
    UHP_RULE_STOPS = 1 << 2,
    /* A finding means the file is not valid YAML as the tool's own files must be (syntax,
     * duplicate key, alias, limit): the policy file refuses it. */
    UHP_RULE_YAML_ERROR = 1 << 3,
    /* Gates the UMS rules: where its check sets ctx->ums_off for an instance, every
     * UHP_RULE_UMS rule is not applicable there. Runs before them in the registry. */
    UHP_RULE_GATES_UMS = 1 << 4,
    /* Runs only with --zowe-runtime; without it the rule has no checklist cell at all. */
    UHP_RULE_RUNTIME = 1 << 5,
};

/* Looks NAME up (--resolve). Returns how many addresses it wrote to OUT (at most MAX, each
 * in the text form inet_ntop gives), 0 when the name does not resolve, -1 when the lookup
 * itself failed. UD is the resolver's own data. */
typedef int (*uhp_resolve_fn)(void *ud, const char *name, char (*out)[46], int max);

/* The DVIPA and the names that stand for it, when declared. */
typedef struct uhp_dvipa {
    const char *address; /* NULL when not declared */
    const char **names;
    size_t n_names;
    const char *origin;     /* "--dvipa", "policy", "TCP/IP profile" */
    uhp_resolve_fn resolve; /* --resolve: how DNS names are looked up; NULL: never */
    void *resolve_ud;
} uhp_dvipa;

/* True when S names the DVIPA (its address, compared as an address, or one of its names,
 * case-insensitive). */
bool uhp_dvipa_matches(const uhp_dvipa *d, const char *s);
bool uhp_dvipa_declared(const uhp_dvipa *d);
/* True when S is a valid IPv4 dotted-quad or IPv6 address (inet_pton). */
bool uhp_ip_address_valid(const char *s);

typedef enum uhp_dvipa_name_kind {
    UHP_DVIPA_NAME_MATCHES = 0, /* S is the DVIPA (address, declared name, or resolves to it) */
    UHP_DVIPA_NAME_DIFFERS,     /* S is provably not the DVIPA */
    UHP_DVIPA_NAME_UNKNOWN,     /* S is a DNS name that cannot be tied to the address */
} uhp_dvipa_name_kind;

/* Judges S against the declared DVIPA D: an address is compared as an address; a DNS name
 * matches a declared name; with --resolve it matches when one of its addresses is the
 * DVIPA's (and differs when it resolves elsewhere). A name the DVIPA declares no names for,
 * that does not resolve or is not looked up, is UNKNOWN. *RESOLVED (may be NULL) gets the
 * first address S resolved to, in ARENA, or NULL. */
uhp_dvipa_name_kind uhp_dvipa_judge(const uhp_dvipa *d, const char *s, uhp_arena *arena,
                                    const char **resolved);
/* The resolver --resolve uses: getaddrinfo, no network needed for names in /etc/hosts. */
int uhp_resolve_getaddrinfo(void *ud, const char *name, char (*out)[46], int max);

typedef struct uhp_rule_ctx uhp_rule_ctx;

/* One registry entry, defined with designated initializers in the rule's own file and
 * listed once in src/rules/rules.def. */
typedef struct uhp_rule {
    const char *id;
    const char *name;
    uhp_severity severity; /* default */
    const char *title;     /* one line: what passes */
    uhp_rule_scope scope;
    unsigned flags;                   /* UHP_RULE_* */
    void (*check)(uhp_rule_ctx *ctx); /* NULL for INPUT rules */
    /* Why neither the policy nor an inline ignore may change or ignore it; NULL when they
     * may. */
    const char *locked;
    /* Work done ahead for a big configuration, on a second thread while the rules before
     * this one run (NULL for most rules). Returns what the rule's ctx->prepared then holds,
     * or NULL: nothing prepared, or memory ran out (*NOMEM set). It reads CFG alone, never
     * through uhp_view_get (whose memo the check writes meanwhile: uhp_view_get_direct
     * instead), and allocates in ARENA only, which lives until the check ends. It is called
     * only when no layer holds a ${{ }} template (their results are cached in CFG). */
    void *(*prepare)(const uhp_config *cfg, uhp_arena *arena, bool *nomem);
} uhp_rule;

/* The rule's documentation (what, why with its source, how to fix, example): the text of
 * docs/rules/<ID>.md, embedded at build time so `explain` and the docs never disagree.
 * Returns NULL when the rule has no doc page (a test forbids that). */
const char *uhp_rule_doc(const uhp_rule *rule);

struct uhp_rule_ctx {
    const uhp_rule *rule;
    const uhp_config *cfg;
    const uhp_view *view;     /* instance view; for GLOBAL rules the base view */
    const uhp_instance *inst; /* NULL for GLOBAL rules and when there are no haInstances */
    const uhp_dvipa *dvipa;
    const uhp_profile *profile; /* NULL without --tcpip */
    uhp_run *run;
    uhp_arena *arena;       /* scratch for values and messages, freed after this run
                               of the rule: copy into the run what must survive */
    void **cache;           /* this rule's slot for work shared between its runs on
                               different instances of one check (NULL at first) */
    uhp_arena *cache_arena; /* where cached work lives: freed when the check ends */
    const void *prepared;   /* what the rule's prepare returned for this check, or NULL */
    /* set by the helpers below */
    bool failed, warned, not_applicable;
    const char *note;
    bool ums_off; /* set by UHA110: this instance runs no UMS (the UMS rules are N/A) */
};

/* How a finding is reported, said up front (NULL or all zero: the defaults). */
typedef struct uhp_report_as {
    uhp_severity severity; /* UHP_SEV_OFF: the rule's default severity */
    const char *instances; /* "lpar1, lpar2" (copied); NULL: the ctx's instance, if any */
    bool unverified;       /* a "could not verify" warning */
    bool at_key;           /* point at the node's key, whatever its kind */
    const char *key_path;  /* NULL: the node's own path */
} uhp_report_as;

/* Reports a finding of the ctx's rule at NODE (NULL: no location) with MESSAGE and FIX
 * (may be NULL), as AS says. A severity of UHP_SEV_WARNING given in AS marks the ctx
 * warned; anything else marks it failed (WARN in the checklist when the rule's default
 * severity is a warning).
 * Memory running out sets run->out_of_memory. */
void uhp_ctx_report(uhp_rule_ctx *ctx, const uhp_node *node, const uhp_report_as *as,
                    const char *message, const char *fix);
/* Same, located at the node that decided VAL (see uhp_ctx_fail_value). */
void uhp_ctx_report_value(uhp_rule_ctx *ctx, const uhp_value *val, const uhp_report_as *as,
                          const char *message, const char *fix);
/* Reports a failure at NODE (NULL: no location) with MESSAGE and FIX (may be NULL). */
void uhp_ctx_fail(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix);
/* Same, for a value: points at the deciding node, the built-in default, or the anchor. */
void uhp_ctx_fail_value(uhp_rule_ctx *ctx, const uhp_value *val, const char *message,
                        const char *fix);
/* A warning at NODE that is not a failure (for example a value no one reads). */
void uhp_ctx_warn(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix);
/* A "could not verify" warning (templates, undeclared DVIPA): never a pass or a fail. */
void uhp_ctx_unverified(uhp_rule_ctx *ctx, const uhp_value *val, const char *message);
/* Finding at a profile location (file, line, col) for the UHA2xx rules. */
void uhp_ctx_fail_at(uhp_rule_ctx *ctx, const char *file, unsigned line, unsigned col,
                     const char *key_path, const char *message, const char *fix);
/* The rule does not apply here; NOTE says why. */
void uhp_ctx_not_applicable(uhp_rule_ctx *ctx, const char *note);
/* printf into the ctx's arena. */
const char *uhp_ctx_printf(uhp_rule_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The registry in run order (UHA110 before the other UMS rules); *COUNT gets its size. */
const uhp_rule *const *uhp_rules(size_t *count);
/* Finds a rule by id ("UHA105", any case) or name ("ums-auth-mfa-jwt"); NULL if none. */
const uhp_rule *uhp_rule_find(const char *id_or_name);

/* The rule a diagnostic kind (uhp/diag.h) becomes: the table in src/diag_rules.c. */
const uhp_rule *uhp_diag_rule(uhp_diag_kind kind);

#endif
