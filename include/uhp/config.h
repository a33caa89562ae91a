/* The configuration as Zowe's config manager sees it: layers (left-most wins), the
 * defaults layer, haInstances overlays and ${{ }} path templates. Nothing is copied:
 * a lookup walks the layers lazily and returns the node that decided the value. */
#ifndef UHP_CONFIG_H
#define UHP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/arena.h"
#include "uhp/finding.h"
#include "uhp/tree.h"

#define UHP_MAX_LAYERS 32

typedef struct uhp_limits {
    size_t max_size;     /* bytes per file (default 16 MiB) */
    uint32_t max_depth;  /* nesting depth (default 256) */
    bool allow_aliases;  /* expand aliases within alias_budget (default true, as Zowe) */
    size_t max_scalar;   /* bytes in one scalar (default 1 MiB) */
    size_t max_nodes;    /* YAML nodes in one file (default 1,000,000) */
    size_t alias_budget; /* nodes all aliases of a file may copy, when allowed (default 10,000) */
    /* Files of at least this many bytes are parsed by libyaml on a second thread while the
     * tree is built (default 0: never, see UHP_DEFAULT_PARSE_THREAD_MIN). Same findings
     * either way. */
    size_t parse_thread_min;
    /* With an input of at least this many bytes, rules with a prepare function do that work
     * on a second thread (default 512 KiB; 0: never, as --jobs 1 asks). Same findings. */
    size_t prepare_thread_min;
} uhp_limits;
#define UHP_LIMITS_EXTENDED 1 /* the three fields above exist (fuzz harnesses test for it) */

void uhp_limits_default(uhp_limits *lim);

typedef struct uhp_instance {
    const char *id;           /* key under haInstances, as written */
    const uhp_node *key_node; /* the haInstances.<id> node (value; key_pos is the key) */
    bool id_valid;            /* matches ^[a-z0-9_]+$, so Zowe can ever apply it */
} uhp_instance;

typedef struct uhp_config {
    uhp_arena *arena;
    const uhp_doc *layers[UHP_MAX_LAYERS + 1]; /* user layers, highest priority first,
                                                   then the defaults layer last */
    size_t n_layers;                           /* including defaults */
    bool builtin_defaults;                     /* defaults layer is the built-in table */
    bool plain_path_config;                    /* CONFIG was a plain path, not FILE()/PARMLIB() */
    unsigned zowe_release;                     /* M*10000+m*100+p, or 0 for the latest release */
    bool configmgr_off;            /* plain path without the config manager: templates stay text */
    bool instance_enabled_ignored; /* before 2.14.0: haInstances '.enabled' overrides unread */
    uhp_instance *instances;
    size_t n_instances;
    struct uhp_cfg_memo *memo; /* uhp_view_get results per (instance, path), or NULL */
    struct uhp_cfg_tmpl *tmpl; /* template results per node (uhp_config_templates_init) */
    size_t template_budget;    /* bytes template results may produce; 0: the default */
    struct uhp_zowe_schemas *zowe_schemas; /* --zowe-runtime's schemas (UHA011), or NULL */
} uhp_config;

/* Bytes that the ${{ }} results of one configuration may add up to (16 MiB): templates
 * that interpolate each other grow fourfold a level, as aliases do. */
#define UHP_DEFAULT_TEMPLATE_BUDGET (16u * 1024u * 1024u)

typedef enum uhp_val_kind {
    UHP_VAL_ABSENT = 0, /* no layer sets it */
    UHP_VAL_NULL,
    UHP_VAL_STRING,
    UHP_VAL_INT,
    UHP_VAL_BOOL,
    UHP_VAL_SEQ,
    UHP_VAL_MAP,
    UHP_VAL_UNKNOWN, /* a ${{ }} template that is not a path reference */
} uhp_val_kind;

/* The effective value at a path. Strings and parts live in the view's arena. 72 bytes on
 * LP64, only the tail padded: lookups return it by value and the memo keeps one per path. */
typedef struct uhp_value {
    uhp_val_kind kind;
    uint32_t n_parts;
    const uhp_node *node;   /* the node that decided the value (NULL when absent) */
    const uhp_node *anchor; /* when absent: deepest existing ancestor, for locations */
    const uhp_node *via;    /* the ${{ }} template node the value was reached through */
    const char *str;        /* STRING (also the raw text of UNKNOWN) */
    int64_t i;
    const uhp_node **parts; /* SEQ: sequences in merged order; MAP: maps, priority order */
    const bool *part_inst;  /* per part: it came from the haInstances overlay */
    bool b;
    bool quoted;        /* STRING from a quoted scalar */
    bool from_instance; /* decided by the haInstances overlay */
    bool secret;        /* built from a value under a secret key (a template's reference) */
} uhp_value;

/* The effective configuration of one instance (or of the base when INST is NULL). */
typedef struct uhp_view {
    const uhp_config *cfg;
    const uhp_instance *inst;
    uhp_arena *arena;
} uhp_view;

/* Looks PATH up ("components.izp.server.host", "zowe.externalDomains[0]",
 * "components['app-server'].port") in view V, resolving path-only templates.
 * Never fails: unknown paths give UHP_VAL_ABSENT, bad paths too. */
uhp_value uhp_view_get(const uhp_view *v, const char *path);
/* uhp_view_get without the memo: it writes nothing into the configuration, so a second
 * thread may call it while the check runs, when no layer holds a template (see
 * uhp_config_may_have_templates: template results are cached in the configuration). */
uhp_value uhp_view_get_direct(const uhp_view *v, const char *path);
/* Number of items of a SEQ value (concatenated across layers). */
size_t uhp_value_seq_len(const uhp_value *seq);
/* Returns item I of a SEQ value, resolved like uhp_view_get. */
uhp_value uhp_value_seq_item(const uhp_view *v, const uhp_value *seq, size_t i);
/* Calls FN for every key of a MAP value, merged across layers, in Zowe's order
 * (lowest layer's keys first, then keys added by higher layers). FN returns false to stop. */
void uhp_value_map_keys(const uhp_view *v, const uhp_value *map,
                        bool (*fn)(void *ctx, const char *key), void *ctx);
/* Returns the value of KEY inside a MAP value. */
uhp_value uhp_value_child(const uhp_view *v, const uhp_value *map, const char *key);

/* Helpers for rules. */
bool uhp_value_is_true(const uhp_value *val); /* BOOL true */
/* Port number of an INT, or of a STRING of digits (quoted ports); -1 otherwise. */
long uhp_value_port(const uhp_value *val);
/* The node to point a finding at: the deciding node, else the anchor. */
const uhp_node *uhp_value_location(const uhp_value *val);

/* Lists the instances: keys of haInstances merged across layers, in file order.
 * Returns false when memory runs out. */
bool uhp_config_collect_instances(uhp_config *cfg);
/* From now on, uhp_view_get on CFG remembers each (instance, path) result in CFG's arena
 * and answers a repeated lookup from there: every rule reads the same few paths of every
 * instance. Call it once the layers and the instance list are final (a memo keeps the
 * instance's id pointer). Returns false when memory runs out (lookups then stay uncached,
 * and still correct). */
bool uhp_config_memo_init(uhp_config *cfg);
/* Prepares template evaluation on CFG (memo, budget); uhp_config_collect_instances calls it.
 * Without it every template reads as UHP_VAL_UNKNOWN. Returns false when memory runs out. */
bool uhp_config_templates_init(uhp_config *cfg);
/* The first template whose result passed the budget (a located input error), or NULL. */
const uhp_node *uhp_config_template_overflow(const uhp_config *cfg);
/* True when TEXT[0..LEN) may hold a template once its scalars are read: "${{" appears, or a
 * backslash (a double-quoted escape such as \x24 can spell the '$'). False means none. */
bool uhp_text_may_hold_template(const char *text, size_t len);
/* False when no layer's text may hold a template (uhp_text_may_hold_template): then no
 * lookup evaluates one, and the configuration is read without being written
 * (uhp_view_get_direct). True otherwise. */
bool uhp_config_may_have_templates(const uhp_config *cfg);
/* The strings template results carried out of secret values; *OUT gets the list (owned by
 * CFG's arena). Reports redact them wherever they appear. Returns how many. */
size_t uhp_config_secrets(const uhp_config *cfg, const char *const **out);

#endif
