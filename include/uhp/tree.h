/* The read-only YAML node tree. Every node keeps its 1-based line and column, its parent
 * and its key, and finds its source through its root, so any node can say where it is and
 * what its key path is. Built from libyaml events into an arena, with an explicit stack
 * (no recursion). */
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
    /* A map whose body is its key index (body.map_index), which holds the first child. */
    UHP_NODE_INDEXED = 1 << 3,
    /* A map child whose key an earlier child of the same map holds (a duplicate key, an
     * input error): lookups find the earlier one, and a map's keys list it once. */
    UHP_NODE_REPEATED_KEY = 1 << 4,
};

typedef struct uhp_pos {
    uint32_t line; /* 1-based */
    uint32_t col;  /* 1-based, in characters */
} uhp_pos;

typedef struct uhp_node uhp_node;

/* A map's key index: open addressing, linear probing, power-of-two capacity, at most half
 * full. Each slot keeps its key's hash, so a probe past another key rarely touches that
 * key's memory (a map of 12,000 components is probed at random). */
typedef struct uhp_map_slot {
    const uhp_node *node;
    uint32_t hash;
} uhp_map_slot;
typedef struct uhp_map_index {
    uhp_node *first; /* the map's first child: the index stands in the map's body */
    uint32_t cap;
    uint32_t n;
    uhp_map_slot slot[];
} uhp_map_index;

/* A map key as nodes hold it: the text follows its hash, so a node needs no hash field.
 * The loader makes one per distinct key text of a file (uhp_key_intern), so equal keys
 * share one string: nothing writes into a key or frees one. */
typedef struct uhp_key {
    uint32_t hash; /* uhp_key_hash(text) */
    char text[];
} uhp_key;

/* 64 bytes on LP64, no padding (asserted in tree.c): the nodes' pages are most of what the
 * tool touches on a big configuration (docs/performance.md). What only some nodes need
 * shares storage, read through the accessors below: the key position (map children), the
 * item index (sequence items) and the source (the root); a scalar's text, a container's
 * first child and a big map's index. A scalar's integer is read off its text. */
struct uhp_node {
    unsigned kind : 2;         /* uhp_node_kind */
    unsigned style : 3;        /* uhp_scalar_style */
    unsigned type : 2;         /* uhp_scalar_type, scalars only */
    unsigned has_template : 1; /* scalar holds "${{" */
    unsigned bval : 1;         /* UHP_TYPE_BOOL value */
    unsigned flags : 8;        /* UHP_NODE_* above */
    union {
        uint32_t n_children; /* maps and sequences */
        uint32_t len;        /* scalars: bytes of value (at most UINT32_MAX - 1) */
    };
    uhp_pos start, end; /* value position; end is exclusive */
    union {
        uhp_pos key_pos;            /* parent is a map: uhp_node_key_pos() */
        uint32_t index;             /* parent is a sequence: uhp_node_index() */
        const uhp_source *root_src; /* no parent: uhp_node_source() */
    } at;
    const char *key; /* key in the parent map (a uhp_key's text), NULL otherwise */
    const uhp_node *parent;
    uhp_node *next; /* next sibling */
    union {
        const char *value;              /* scalars: NUL-terminated text (uhp_node_value) */
        uhp_node *first;                /* containers: first child (uhp_node_first) */
        const uhp_map_index *map_index; /* maps flagged UHP_NODE_INDEXED */
    } body;
};

/* The scalar's NUL-terminated text; NULL for a map or sequence. */
static inline const char *uhp_node_value(const uhp_node *n)
{
    return n->kind == UHP_NODE_SCALAR ? n->body.value : NULL;
}

/* The first child of a map or sequence, in document order; NULL for a scalar. */
static inline uhp_node *uhp_node_first(const uhp_node *n)
{
    if (n->kind == UHP_NODE_SCALAR)
        return NULL;
    return (n->flags & UHP_NODE_INDEXED) ? n->body.map_index->first : n->body.first;
}

/* The position of the node's key when its parent is a map; {0, 0} otherwise. */
static inline uhp_pos uhp_node_key_pos(const uhp_node *n)
{
    uhp_pos none = {0, 0};
    return n->key ? n->at.key_pos : none;
}

/* The node's index in its parent sequence; 0 for a map child or the root. */
static inline uint32_t uhp_node_index(const uhp_node *n)
{
    return n->parent && !n->key ? n->at.index : 0;
}

/* The hash of the node's key (uhp_key_hash); the node must have a key. */
static inline uint32_t uhp_node_key_hash(const uhp_node *n)
{
    return ((const uhp_key *)(const void *)(n->key - offsetof(uhp_key, text)))->hash;
}

/* The source the node was read from: kept once, in the root. NULL for a node of no
 * document (or a root the loader did not make). */
const uhp_source *uhp_node_source(const uhp_node *n);
/* A UHP_TYPE_INT scalar's value, read off its decimal text (saturated at INT64_MAX); 0 for
 * any other node. */
int64_t uhp_node_ival(const uhp_node *n);

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
 * a scan of the children's key hashes otherwise. Map children's keys must be uhp_keys. */
const uhp_node *uhp_node_get(const uhp_node *map, const char *key);
/* The hash of KEY that map indexes use. */
uint32_t uhp_key_hash(const char *key);

/* The distinct keys of one load, each held once in the arena (open addressing on their
 * hashes; the slots are the table's, uhp_malloc). Zero-initialise; uhp_key_table_free. */
typedef struct uhp_key_table {
    const uhp_key **slot;
    uint32_t cap, n;
} uhp_key_table;
/* Returns the key whose text is S[0..LEN) up to its first NUL (a C string, as a key is
 * compared), made in arena A the first time the text is seen, and sets *HASH to its hash.
 * Returns NULL when memory runs out (T is unchanged). */
const char *uhp_key_intern(uhp_key_table *t, uhp_arena *a, const char *s, size_t len,
                           uint32_t *hash);
/* Frees T's slots (never the keys: they live in the arena). */
void uhp_key_table_free(uhp_key_table *t);
/* uhp_node_get with H = uhp_key_hash(KEY) already known. */
const uhp_node *uhp_node_get_hashed(const uhp_node *map, const char *key, uint32_t h);
/* Records CHILD, just appended to MAP with its key set (HASH: its key's hash), in
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
