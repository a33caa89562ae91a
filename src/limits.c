/* Loader limits: scalar length, node count, and the alias expansion budget, with anchor
 * names in a hash table (linear time whatever the input). */
#include "uhp/limits.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/finding.h"

struct uhp_limit_slot {
    const void *owner; /* &limits_anchor_owner (room for other tables of names) */
    const char *key;   /* the anchor name; NULL: empty slot */
    size_t hash;
    uhp_node *node; /* the anchored node */
};

static const char limits_anchor_owner;

void uhp_limit_state_init(uhp_limit_state *ls, size_t max_scalar, size_t max_nodes,
                          size_t alias_budget)
{
    memset(ls, 0, sizeof *ls);
    ls->max_scalar = max_scalar ? max_scalar : UHP_DEFAULT_MAX_SCALAR;
    if (ls->max_scalar > UINT32_MAX - 1) /* a node keeps a scalar's length in 32 bits */
        ls->max_scalar = UINT32_MAX - 1;
    ls->max_nodes = max_nodes ? max_nodes : UHP_DEFAULT_MAX_NODES;
    ls->alias_budget = alias_budget ? alias_budget : UHP_DEFAULT_ALIAS_BUDGET;
}

void uhp_limit_state_free(uhp_limit_state *ls)
{
    uhp_free(ls->secrets);
    ls->secrets = NULL;
    ls->n_secrets = ls->cap_secrets = 0;
    uhp_free(ls->slots);
    ls->slots = NULL;
    ls->n_slots = ls->cap_slots = 0;
}

/* Fills the finding of a false return (message printf-formatted); always returns false. */
static bool limits_fail(uhp_limit_state *ls, uhp_diag_kind kind, const char *fix, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));
static bool limits_fail(uhp_limit_state *ls, uhp_diag_kind kind, const char *fix, const char *fmt,
                        ...)
{
    ls->kind = kind;
    ls->fix = fix;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ls->message, sizeof ls->message, fmt, ap);
    va_end(ap);
    return false;
}

bool uhp_limits_on_scalar(uhp_limit_state *ls, size_t len)
{
    if (len <= ls->max_scalar)
        return true;
    return limits_fail(
        ls, UHP_DIAG_LIMIT, "shorten the value, or raise the limit with --max-scalar",
        "scalar of %zu bytes is longer than the limit of %zu bytes", len, ls->max_scalar);
}

bool uhp_limits_on_node(uhp_limit_state *ls)
{
    if (ls->nodes < ls->max_nodes) {
        ls->nodes++;
        return true;
    }
    return limits_fail(ls, UHP_DIAG_LIMIT, "split the file, or raise the limit with --max-nodes",
                       "more than %zu YAML nodes in the file", ls->max_nodes);
}

/* FNV-1a of KEY mixed with the OWNER pointer. */
static size_t limits_hash(const void *owner, const char *key)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)owner;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    h ^= h >> 29;
    return (size_t)h;
}

/* Returns the slot of (OWNER, KEY): the matching one, or the empty one where it belongs. */
static uhp_limit_slot *limits_find(uhp_limit_state *ls, const void *owner, const char *key,
                                   size_t hash)
{
    size_t mask = ls->cap_slots - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uhp_limit_slot *s = &ls->slots[i];
        if (!s->key || (s->hash == hash && s->owner == owner && strcmp(s->key, key) == 0))
            return s;
    }
}

/* Makes room for one more slot (load at most one half). Returns false when memory runs out. */
static bool limits_reserve(uhp_limit_state *ls)
{
    if ((ls->n_slots + 1) * 2 <= ls->cap_slots)
        return true;
    size_t ncap = ls->cap_slots ? ls->cap_slots * 2 : 64;
    uhp_limit_slot *ns = uhp_calloc(ncap, sizeof *ns);
    if (!ns) {
        ls->nomem = true;
        return false;
    }
    uhp_limit_slot *old = ls->slots;
    size_t old_cap = ls->cap_slots;
    ls->slots = ns;
    ls->cap_slots = ncap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *limits_find(ls, old[i].owner, old[i].key, old[i].hash) = old[i];
    uhp_free(old);
    return true;
}

bool uhp_limits_anchor(uhp_limit_state *ls, uhp_arena *arena, const char *name, uhp_node *node)
{
    if (!limits_reserve(ls))
        return false;
    size_t h = limits_hash(&limits_anchor_owner, name);
    uhp_limit_slot *s = limits_find(ls, &limits_anchor_owner, name, h);
    if (!s->key) {
        char *copy = uhp_arena_strndup(arena, name, strlen(name));
        if (!copy) {
            ls->nomem = true;
            return false;
        }
        s->owner = &limits_anchor_owner;
        s->key = copy;
        s->hash = h;
        ls->n_slots++;
    }
    s->node = node;
    return true;
}

/* Returns a shallow copy of N in ARENA (no parent, siblings or children), counted against
 * the budget and the node limit; NULL with the finding or nomem in LS. */
static uhp_node *limits_clone(uhp_limit_state *ls, uhp_arena *arena, const uhp_node *n)
{
    if (ls->alias_nodes >= ls->alias_budget) {
        limits_fail(ls, UHP_DIAG_ALIAS,
                    "write the values out, or raise the budget with --alias-budget",
                    "aliases expand to more than %zu nodes (the alias budget)", ls->alias_budget);
        return NULL;
    }
    if (!uhp_limits_on_node(ls))
        return NULL;
    ls->alias_nodes++;
    uhp_node *c = uhp_arena_alloc_aligned(arena, sizeof *c, _Alignof(uhp_node));
    if (!c) {
        ls->nomem = true;
        return NULL;
    }
    *c = *n;
    c->parent = NULL;
    c->key = NULL;
    c->next = NULL;
    if (c->kind != UHP_NODE_SCALAR) { /* a scalar's len and text share these fields */
        c->n_children = 0;
        c->body.first = NULL;
        /* The original's index points at the original's children: the copy is scanned. */
        c->flags &= ~UHP_NODE_INDEXED;
    }
    return c;
}

/* Records the text of copied scalar C, taken from under a secret key, in LS->secrets. */
static bool limits_note_secret(uhp_limit_state *ls, const uhp_node *c)
{
    if (c->kind != UHP_NODE_SCALAR || !uhp_node_value(c) || !uhp_node_value(c)[0])
        return true;
    if (ls->n_secrets == ls->cap_secrets) {
        const char **grown =
            uhp_grow(ls->secrets, &ls->cap_secrets, ls->n_secrets + 1, sizeof *grown, 8);
        if (!grown) {
            ls->nomem = true;
            return false;
        }
        ls->secrets = grown;
    }
    ls->secrets[ls->n_secrets++] = uhp_node_value(c);
    return true;
}

/* True when N, or a map it sits in, is the value of a secret key. */
static bool limits_under_secret(const uhp_node *n)
{
    for (; n; n = n->parent)
        if (n->key && uhp_key_is_secret(n->key))
            return true;
    return false;
}

/* One container still to fill during a copy: the original and its copy. */
typedef struct limits_pair {
    const uhp_node *from;
    uhp_node *to;
} limits_pair;

uhp_node *uhp_limits_alias(uhp_limit_state *ls, uhp_arena *arena, const char *name)
{
    uhp_node *orig = NULL;
    if (ls->cap_slots) {
        uhp_limit_slot *s =
            limits_find(ls, &limits_anchor_owner, name, limits_hash(&limits_anchor_owner, name));
        orig = s->key ? s->node : NULL;
    }
    if (!orig) {
        limits_fail(ls, UHP_DIAG_ALIAS, "define the anchor before the alias that names it",
                    "alias '*%.64s' names no anchor defined before it", name);
        return NULL;
    }
    if (orig->kind != UHP_NODE_SCALAR && orig->end.line == 0) {
        /* The container is still open: the alias sits inside the node it names. */
        limits_fail(ls, UHP_DIAG_ALIAS, "remove the alias from inside the node it names",
                    "recursive alias '*%.64s': it refers to a node that contains it", name);
        return NULL;
    }
    uhp_node *root = limits_clone(ls, arena, orig);
    if (!root)
        return NULL;
    /* A value copied out of a secret key stays secret under whatever key the alias has. */
    bool secret = limits_under_secret(orig);
    if (secret && !limits_note_secret(ls, root))
        return NULL;
    limits_pair *stack = NULL;
    size_t depth = 0, cap = 0;
    if (uhp_node_first(orig)) {
        stack = uhp_malloc(16 * sizeof *stack);
        if (!stack) {
            ls->nomem = true;
            return NULL;
        }
        cap = 16;
        stack[depth++] = (limits_pair){orig, root};
    }
    while (depth > 0) {
        limits_pair p = stack[--depth];
        uhp_node *tail = NULL; /* P.TO's children are all appended by this loop */
        for (const uhp_node *c = uhp_node_first(p.from); c; c = c->next) {
            uhp_node *d = limits_clone(ls, arena, c);
            if (!d) {
                uhp_free(stack);
                return NULL;
            }
            d->key = c->key;
            d->parent = p.to;
            if ((secret || limits_under_secret(c)) && !limits_note_secret(ls, d)) {
                uhp_free(stack);
                return NULL;
            }
            if (tail)
                tail->next = d;
            else
                p.to->body.first = d;
            tail = d;
            p.to->n_children++;
            if (!uhp_node_first(c))
                continue;
            if (depth == cap) {
                limits_pair *ns = uhp_grow(stack, &cap, depth + 1, sizeof *ns, 16);
                if (!ns) {
                    ls->nomem = true;
                    uhp_free(stack);
                    return NULL;
                }
                stack = ns;
            }
            stack[depth++] = (limits_pair){c, d};
        }
    }
    uhp_free(stack);
    return root;
}
