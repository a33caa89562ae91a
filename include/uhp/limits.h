/* Loader limits beyond file size and depth: scalar length, total nodes, and the expansion
 * budget of YAML aliases when they are allowed (anchors in a hashed table, aliases copied
 * without recursion). The loader keeps one uhp_limit_state
 * per file and calls these functions per libyaml event; when one returns false, the state
 * holds the kind, message and fix of the diagnostic to report (or nomem when memory ran out). */
#ifndef UHP_LIMITS_H
#define UHP_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/arena.h"
#include "uhp/diag.h"
#include "uhp/tree.h"

#define UHP_DEFAULT_MAX_SCALAR ((size_t)1 << 20) /* bytes in one scalar: 1 MiB */
#define UHP_DEFAULT_MAX_NODES ((size_t)1000000)  /* nodes in one file */
#define UHP_DEFAULT_ALIAS_BUDGET ((size_t)10000) /* nodes all aliases of a file may copy */
/* Every file is parsed inline by default: on the 2-CPU machine of the benchmarks, a parse on
 * a second thread (the event copies, the hand-overs, two threads on the memory) made the
 * 20 MB case slower than inline once the tree shrank (docs/performance.md). */
#define UHP_DEFAULT_PARSE_THREAD_MIN ((size_t)0)
/* Inputs of at least this many bytes let rules prepare work on a second thread while the
 * rules before them run (uhp_rule.prepare); below, the thread costs about what it saves. */
#define UHP_DEFAULT_PREPARE_THREAD_MIN ((size_t)512 * 1024)

typedef struct uhp_limit_slot uhp_limit_slot;

typedef struct uhp_limit_state {
    size_t max_scalar; /* 0 in uhp_limit_state_init: the default */
    size_t max_nodes;
    size_t alias_budget;
    size_t nodes;          /* nodes counted so far, alias copies included */
    size_t alias_nodes;    /* nodes copied by aliases so far */
    uhp_limit_slot *slots; /* open-addressing table of anchor names */
    size_t n_slots, cap_slots;
    /* Scalar texts that aliases copied out of a secret key's value (in the nodes' arena): a
     * report masks them wherever they appear. The array is the state's (uhp_malloc). */
    const char **secrets;
    size_t n_secrets, cap_secrets;
    bool nomem;         /* a call failed because memory ran out */
    uhp_diag_kind kind; /* after a false return: UHP_DIAG_ALIAS or UHP_DIAG_LIMIT */
    const char *fix;
    char message[256];
} uhp_limit_state;

/* Initialises LS; a zero limit means its default. Allocates nothing. */
void uhp_limit_state_init(uhp_limit_state *ls, size_t max_scalar, size_t max_nodes,
                          size_t alias_budget);
/* Frees the tables of LS (never the nodes: they live in the loader's arena). */
void uhp_limit_state_free(uhp_limit_state *ls);

/* Counts a scalar of LEN bytes. Returns false (UHP_DIAG_LIMIT in LS) when it is longer than the
 * scalar limit. */
bool uhp_limits_on_scalar(uhp_limit_state *ls, size_t len);
/* Counts one node (scalar, map or sequence). Returns false (UHP_DIAG_LIMIT) past the node limit. */
bool uhp_limits_on_node(uhp_limit_state *ls);

/* Records anchor NAME (copied into ARENA) for NODE; a later anchor of the same name
 * replaces it, as in YAML. Returns false only when memory runs out (ls->nomem). */
bool uhp_limits_anchor(uhp_limit_state *ls, uhp_arena *arena, const char *name, uhp_node *node);
/* Resolves alias NAME to a deep copy of its anchored node in ARENA, counting the copied
 * nodes against the alias budget and the node limit; no recursion on input depth. The copy
 * keeps the original positions; parent, key and next of its root are left for the loader
 * to set. Returns NULL with UHP_DIAG_ALIAS in LS for an unknown anchor, an alias inside
 * the node it names (a cycle) or a spent budget; NULL with UHP_DIAG_LIMIT past the node limit; NULL
 * with ls->nomem when memory runs out. */
uhp_node *uhp_limits_alias(uhp_limit_state *ls, uhp_arena *arena, const char *name);

#endif
