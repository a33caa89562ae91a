/* The read-only YAML node tree. Every node keeps its source, 1-based line and column,
 * its parent and its key, so any node can say where it is and what its key path is.
 * Built from libyaml events into an arena, with an explicit stack (no recursion). */
#ifndef UHP_TREE_H
#define UHP_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/arena.h"
#include "uhp/source.h"

typedef enum uhp_node_kind {
    UHP_NODE_SCALAR = 0,
    UHP_NODE_MAP,
    UHP_NODE_SEQ,
} uhp_node_kind;

typedef enum uhp_scalar_style {
    UHP_STYLE_PLAIN = 0,
    UHP_STYLE_SINGLE,
    UHP_STYLE_DOUBLE,
    UHP_STYLE_LITERAL,
    UHP_STYLE_FOLDED,
} uhp_scalar_style;

/* Zowe's typing of a scalar (zowe-common-c yaml2json): only plain all-digit scalars are
 * integers; true/True/TRUE/false/... booleans; plain empty, ~ and null are null. */
typedef enum uhp_scalar_type {
    UHP_TYPE_STRING = 0,
    UHP_TYPE_INT,
    UHP_TYPE_BOOL,
    UHP_TYPE_NULL,
} uhp_scalar_type;

/* uhp_node.flags */
enum {
    /* Zowe's YAML-to-JSON conversion leaves this node out (zowe-common-c yaml2json: a
     * single-quoted template, an explicit tag it cannot type): the key is absent there. */
    UHP_NODE_DROPPED = 1 << 0,
    /* A sequence with a dropped item: item indexes skip it. */
    UHP_NODE_HAS_DROPPED = 1 << 1,
    /* The value was typed by an explicit tag (!!int, !!str, ...), not by its text. */
    UHP_NODE_TAGGED = 1 << 2,
};

typedef struct uhp_pos {
    uint32_t line; /* 1-based */
    uint32_t col;  /* 1-based, in characters */
} uhp_pos;

typedef struct uhp_node uhp_node;
typedef struct uhp_map_index uhp_map_index;
/* 96 bytes on LP64, no padding (asserted in tree.c): the nodes' pages are most of what the
 * tool touches on a big configuration (docs/performance.md). Fields that only scalars or
 * only containers use share storage: len with n_children, ival with map_index. */
struct uhp_node {
    uint8_t kind;      /* uhp_node_kind */
    uint8_t style;     /* uhp_scalar_style */
    uint8_t type;      /* uhp_scalar_type, scalars only */
    bool has_template; /* scalar holds "${{" */
    bool bval;         /* UHP_TYPE_BOOL value */
    uint8_t flags;     /* UHP_NODE_* below */
    uint16_t spare;
    union {
        uint32_t index;    /* index in the parent sequence */
        uint32_t key_hash; /* uhp_key_hash(key) when the parent is a map */
    };
    union {
        uint32_t n_children; /* maps and sequences */
        uint32_t len;        /* scalars: bytes of value (at most UINT32_MAX - 1) */
    };
    const uhp_source *src;
    uhp_pos start, end; /* value position; end is exclusive */
    uhp_pos key_pos;    /* position of the key when the parent is a map */
    const char *key;    /* key in the parent map, NULL otherwise */
    const uhp_node *parent;
    const char *value; /* scalars: NUL-terminated text; NULL for containers */
    uhp_node *first;   /* children in document order */
    uhp_node *next;    /* next sibling */
    union {
        int64_t ival;                   /* scalars: UHP_TYPE_INT value (saturated) */
        const uhp_map_index *map_index; /* maps with many keys: key -> first child (loader) */
    };
};

typedef struct uhp_doc {
    const uhp_source *src;
    uhp_node *root; /* NULL for an empty document */
    /* Scalars whose key asks for a type their value may lack (see uhp_type_key_kind), in
     * document order: UHA007 judges them on the merged configuration. */
    const uhp_node **type_suspects;
    size_t n_type_suspects;
    /* Scalar texts aliases copied out of secret keys' values: masked in every report. */
    const char **secrets;
    size_t n_secrets;
} uhp_doc;

/* What Zowe's schema types a key as, for the keys the tool checks: ports (a key 'port' or
 * 'externalPort', or any entry of a 'port' map such as components.izp.server.port.http)
 * are integers; 'enabled' is a boolean. */
typedef enum uhp_type_key {
    UHP_TYPE_KEY_NONE = 0,
    UHP_TYPE_KEY_PORT,
    UHP_TYPE_KEY_BOOL,
} uhp_type_key;
uhp_type_key uhp_type_key_kind(const uhp_node *n);

/* Returns the child of map MAP under KEY, or NULL (also when MAP is not a map). With a
 * repeated key (UHA002) the first child in document order. O(1) for a map with an index,
 * a scan of the children's key hashes otherwise. Map children must have key_hash set. */
const uhp_node *uhp_node_get(const uhp_node *map, const char *key);
/* The hash of KEY that map indexes use. */
uint32_t uhp_key_hash(const char *key);
/* uhp_node_get with H = uhp_key_hash(KEY) already known. */
const uhp_node *uhp_node_get_hashed(const uhp_node *map, const char *key, uint32_t h);
/* Records CHILD, just appended to MAP with its key and key_hash set (HASH: its key_hash), in
 * MAP's key index; the index is built (in arena A) once MAP has UHP_MAP_INDEX_MIN children
 * and grows with it. A repeated key keeps its first child. Returns false when memory runs
 * out (MAP is unchanged, and lookups stay correct: a map without an index is scanned). */
/* Maps with fewer keys than this are scanned by their children's hashes, which is as fast
 * as an index there and costs no memory (docs/performance.md). */
#define UHP_MAP_INDEX_MIN 16
bool uhp_node_index_add(uhp_arena *a, uhp_node *map, const uhp_node *child, uint32_t hash);
/* Returns the INDEXth item of sequence SEQ, or NULL. */
const uhp_node *uhp_node_at(const uhp_node *seq, uint32_t index);
/* Writes the node's dotted key path ("components.izp.server.host", "zowe.externalDomains[0]")
 * into BUF (always NUL-terminated, truncated to SIZE). Returns the full length. */
size_t uhp_node_path(const uhp_node *node, char *buf, size_t size);
/* True when the scalar reads as Zowe's null. */
bool uhp_node_is_null(const uhp_node *node);

#endif
