/* Private to the config module: the lazy merge (config.c), the path syntax (config_path.c),
 * the lookup memo (config_memo.c), the instances (config_instances.c), template
 * evaluation (config_template.c, its table config_template_table.c) and document order
 * (config_order.c). The merge and the templates call each other: a template
 * reads paths; a path may meet a template. */
#ifndef UHP_CONFIG_INTERNAL_H
#define UHP_CONFIG_INTERNAL_H

#include "uhp/config.h"

/* True when Zowe's YAML-to-JSON conversion leaves N out of its layer (a single-quoted
 * template, a tag it cannot type): a lower layer's value applies instead. */
static inline bool uhp_cfg_dropped(const uhp_node *n)
{
    return (n->flags & UHP_NODE_DROPPED) != 0;
}

/* True when scalar N is a template Zowe evaluates: plain or double-quoted with "${{".
 * Literal and folded block scalars stay text; single-quoted ones are dropped. */
static inline bool uhp_cfg_evaluable(const uhp_node *n)
{
    return n->has_template && (n->style == UHP_STYLE_PLAIN || n->style == UHP_STYLE_DOUBLE);
}

/* uhp_view_get for the reference of template REQ (NULL: an ordinary lookup). A template
 * met on the way that does not come before REQ in the merged document is still
 * unevaluated when REQ runs, so it reads as UHP_VAL_UNKNOWN. */
uhp_value uhp_cfg_get_for(const uhp_view *v, const char *path, const uhp_node *req);

/* Item I of SEQ for the reference of template REQ (as uhp_cfg_get_for). */
uhp_value uhp_cfg_seq_item_for(const uhp_view *v, const uhp_value *seq, size_t i,
                               const uhp_node *req);

/* The value of template scalar N, evaluated once per configuration on the merged base
 * (every layer and the defaults, no instance overlay), as Zowe's config manager does.
 * Never fails: what cannot be evaluated is UHP_VAL_UNKNOWN. */
uhp_value uhp_cfg_template_value(const uhp_config *cfg, const uhp_node *n);

/* An UNKNOWN value at template N. */
uhp_value uhp_cfg_unknown(const uhp_node *n, bool from_inst);

/* True when scalar A comes strictly before scalar B in a walk of the merged base document
 * (object keys in merged order, array items in concatenated order), the order in which
 * Zowe replaces templates. False when either is not part of the merged document. */
bool uhp_cfg_doc_before(const uhp_config *cfg, const uhp_node *a, const uhp_node *b);

/* The live (not dropped) child of MAP under KEY (hash H), or NULL. */
const uhp_node *uhp_cfg_live_child(const uhp_node *map, const char *key, uint32_t h);
/* Number of live items of sequence SEQ, and its live item I (NULL past the end). */
size_t uhp_cfg_live_len(const uhp_node *seq);
const uhp_node *uhp_cfg_live_at(const uhp_node *seq, size_t i);

/* One segment of a path: a key or an index. */
typedef struct uhp_cfg_seg {
    char key[256];
    long index; /* >= 0 for [n] */
} uhp_cfg_seg;

/* Reads the next segment of PATH at *P into SEG and moves *P past it. Returns false at the
 * end, or on a bad path with *BAD set. */
bool uhp_cfg_next_seg(const char **p, uhp_cfg_seg *seg, bool *bad);

/* uhp_view_get without the memo; REQ as for uhp_cfg_get_for. Values live in V's arena. */
uhp_value uhp_cfg_get(const uhp_view *v, const char *path, const uhp_node *req);

/* The configuration's top level as view V sees it (no memo). */
uhp_value uhp_cfg_root(const uhp_view *v);

/* The value of PARENT one segment SEG further down, as uhp_cfg_get steps; TOP when PARENT is
 * the configuration's top level. ABSENT when PARENT is, or has no such key or item. */
uhp_value uhp_cfg_step(const uhp_view *v, const uhp_value *parent, const uhp_cfg_seg *seg,
                       bool top);

/* A template node's result, or its evaluation in progress. */
typedef struct uhp_cfg_tmpl_entry {
    const uhp_node *node;
    bool busy; /* being evaluated: a reference back to it reads as UNKNOWN */
    uhp_value val;
} uhp_cfg_tmpl_entry;

/* Per configuration: results by node (open addressing, at most half full), the budget,
 * and the strings that carry a secret. */
struct uhp_cfg_tmpl {
    uhp_cfg_tmpl_entry **slot;
    size_t cap, n;
    size_t left;              /* bytes template results may still produce */
    const uhp_node *overflow; /* the first template refused for the budget */
    const char **secrets;     /* result strings built from secret values */
    size_t n_secrets, cap_secrets;
};

/* The entry of template N in CFG's table, or NULL; with ADD, a new busy entry when N has
 * none (NULL without memory). CFG's table must exist (uhp_config_templates_init). */
uhp_cfg_tmpl_entry *uhp_cfg_tmpl_find(const uhp_config *cfg, const uhp_node *n, bool add);

/* Remembers S (in the config's arena, not copied) as a string that must never be shown.
 * Without memory, or without a table, nothing is remembered. */
void uhp_cfg_tmpl_add_secret(const uhp_config *cfg, const char *s);

#endif
