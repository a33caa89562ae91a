/* The one private header of the rules in src/rules/: the helpers they share, each
 * defined in the file its section names. Nothing outside src/rules/ includes it (tests
 * may). */
#ifndef UHP_RULES_RULE_INTERNAL_H
#define UHP_RULES_RULE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/fix.h"
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

/* The DVIPA the UHA2xx rules check: the declared one (--dvipa, policy) when it is an address,
 * else the profile's single HOTSTANDBY DVIPA. Returns false when neither is known. */
bool uhp_tcpip_rule_dvipa(const uhp_rule_ctx *ctx, uhp_paddr *out, const char **origin);
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

/* ---- UHA304 port-collision: port lists (uha304_ports.c) and the per-check port index
 * (uha304_port_index.c) ------------------------------------------------------------------ */

/* Ports collect_comp may add to a component's `port`: caching-service 2, gateway 1, izp 3.
 * A list of N components' ports is sized N plus this once, not regrown (and copied) as it
 * fills: the base list of a 20 MB configuration is 12,000 items of 184 bytes. */
#define UHA304_EXTRA_PORTS 6

/* One port an enabled component listens on. */
typedef struct uha304_port {
    const char *comp; /* component name */
    const char *key;  /* key below the component, e.g. port, server.internal.port */
    long port;
    uint64_t seq;      /* position in the instance's list: component ordinal * 8 + index */
    uint32_t ord;      /* component ordinal (base order; components only an overlay names
                          come after the base's) */
    uhp_value val;     /* the port */
    uhp_value enabled; /* the component's enabled: true */
} uha304_port;

/* A port a ${{ }} expression hides: reported for the instance's own run only. */
typedef struct uha304_hidden {
    const char *comp, *key;
    uhp_value val;
} uha304_hidden;

/* A growable list of ports in ARENA, in seq order. */
typedef struct uha304_ports {
    uhp_rule_ctx *ctx;
    uhp_arena *arena; /* items, hidden ports, copies of computed strings */
    uha304_port *items;
    size_t n, cap;
    uha304_hidden *hidden;
    size_t n_hidden, cap_hidden;
    size_t *by_port; /* item indices sorted by (port, seq), after list_sort */
} uha304_ports;

/* A collision inside one instance: Y is on the port of X, the first item there. */
typedef struct uha304_pair {
    const uha304_port *x, *y;
} uha304_pair;

/* A growable list of pairs in ARENA. */
typedef struct uha304_pairs {
    uha304_pair *items;
    size_t n, cap;
} uha304_pairs;

/* One instance's ports: B without the TOUCHED base components, plus R; or R alone (ALL)
 * when the instance's components cannot be derived from the base's. */
typedef struct uha304_delta {
    bool all;
    uint32_t *touched; /* sorted base ordinals whose ports come from R */
    size_t n_touched;
    uha304_ports r;
} uha304_delta;

/* What the rule keeps between its runs on the instances of one check (cache_arena). */
typedef struct uha304_cache {
    bool incremental;       /* the base components are a plain map: deltas apply */
    uha304_ports b;         /* the base view's ports */
    const uhp_node **parts; /* the base's `components` maps, priority order */
    uint32_t n_parts;
    const char **names; /* base component names in Zowe's order (ordinals) */
    size_t n_names;
    bool *typo;      /* per ordinal: a near miss of a core component (dym_component_typo) */
    uint32_t *slots; /* open-addressing name index: ordinal + 1, 0 empty */
    size_t mask;
    size_t *first_item; /* per ordinal: its first item in b (n_names + 1 entries) */
    uint32_t *tainted;  /* sorted ordinals with a ${{ }} below them in any layer */
    size_t n_tainted;
    uha304_pairs pairs;         /* B's own collisions, in the order of their second item */
    const char **sys;           /* per instance: sysname (NULL: none) */
    size_t *group;              /* instances with a sysname, by sysname then index */
    size_t *group_at, *group_n; /* per instance: its group's start in GROUP and size */
    uha304_delta **deltas;      /* per instance: cached delta, or NULL */
    size_t cached_items;
} uha304_cache;

/* Walks the items of an instance (base items not touched, then merged with R) in seq
 * order. */
typedef struct uha304_walker {
    const uha304_cache *c;
    const uha304_delta *d;
    size_t bi, ri, ti;
} uha304_walker;

/* Makes room for one more element of SIZE bytes in *ITEMS (capacity *CAP, N used), in
 * arena A. Returns false (and flags the run out of memory) when allocation fails; the
 * old array stays valid. */
bool uha304_grow(uhp_rule_ctx *ctx, uhp_arena *a, void **items, size_t *cap, size_t n, size_t size);

/* Allocates N elements of SIZE in arena A (at least one byte); NULL, with the run flagged
 * out of memory, when that fails. */
void *uha304_alloc_n(uhp_rule_ctx *ctx, uhp_arena *a, size_t n, size_t size);

/* Adds the ports of component NAME (ordinal ORD) of view V, whose `components` value is
 * COMPS, when it is enabled. The keys below the component are stepped to from its value
 * (what uhp_view_get gives for the whole path), each shared prefix once. Lookups allocate
 * in V's arena. */
void uha304_collect_comp(uha304_ports *l, const uhp_view *v, const uhp_value *comps,
                         const char *name, uint32_t ord);

/* uha304_collect_comp for a NAME already known not to be a near miss of a core component
 * (the cache's typo flags): the check is not repeated for every instance. */
void uha304_collect_named(uha304_ports *l, const uhp_view *v, const uhp_value *comps,
                          const char *name, uint32_t ord);

/* Fills L->by_port. Returns false when memory runs out. */
bool uha304_list_sort(uha304_ports *l);

/* Returns the first position in L->by_port whose port is at least PORT. */
size_t uha304_lower_port(const uha304_ports *l, long port);

/* True when sorted array SET (N entries) holds X. */
bool uha304_has_u32(const uint32_t *set, size_t n, uint32_t x);

/* Appends pair (X, Y) in arena A; false when memory runs out. */
bool uha304_add_pair(uhp_rule_ctx *ctx, uhp_arena *a, uha304_pairs *p, const uha304_port *x,
                     const uha304_port *y);

/* Adds the collisions of sorted list L alone (each item with the first on its port). */
bool uha304_list_pairs(uhp_rule_ctx *ctx, uhp_arena *a, const uha304_ports *l, uha304_pairs *out);

/* Orders pairs by their second item (qsort callback). */
int uha304_by_second(const void *pa, const void *pb);

/* Orders uint32 values (qsort callback). */
int uha304_by_u32(const void *pa, const void *pb);

/* Orders longs (qsort callback). */
int uha304_by_long(const void *pa, const void *pb);

/* Fills L with every enabled component's ports of view V (ordinals in V's own order). */
void uha304_collect_all(const uhp_view *v, uha304_ports *l);

/* Returns the delta of instance I: the cached one, else computed and cached when the
 * instance shares its sysname and the cache has room, else computed in the ctx's scratch
 * arena. NULL when memory runs out. */
const uha304_delta *uha304_get_delta(uhp_rule_ctx *ctx, uha304_cache *c, size_t i);

/* Returns the next item of uha304_walker W, or NULL at the end. */
const uha304_port *uha304_walk_next(uha304_walker *w);

/* Returns the rule's per-check cache, building it at the first run. NULL when memory
 * runs out. */
uha304_cache *uha304_get_cache(uhp_rule_ctx *ctx);

/* UHA304's prepare (uhp_rule.prepare): the base part of the cache, built on the prepare
 * thread; uha304_get_cache adopts it and adds the instance groups. NULL without
 * haInstances (or, with *NOMEM set, when memory runs out). */
void *uha304_prepare(const uhp_config *cfg, uhp_arena *arena, bool *nomem);

#endif
