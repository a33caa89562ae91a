/* Read-only queries on the node tree. */
#include <stdio.h>
#include <string.h>

#include "uhp/tree.h"

/* The node's size is what a big configuration's memory is made of (tree.h). */
_Static_assert(sizeof(void *) != 8 || sizeof(uhp_node) == 96, "uhp_node grew past 96 bytes");

/* Open addressing, linear probing, power-of-two capacity, at most half full. Each slot
 * keeps its key's hash, so a probe past another key rarely touches that key's memory (a
 * map of 12,000 components is probed at random). */
typedef struct tree_slot_t {
    const uhp_node *node;
    uint32_t hash;
} tree_slot_t;

struct uhp_map_index {
    uint32_t cap;
    uint32_t n;
    tree_slot_t slot[];
};

uint32_t uhp_key_hash(const char *key)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The slot of KEY (hash H) in IX: the child with that key, or an empty slot. */
static tree_slot_t *tree_slot(const uhp_map_index *ix, const char *key, uint32_t h)
{
    uint32_t mask = ix->cap - 1;
    uint32_t i = h & mask;
    tree_slot_t *slots = (tree_slot_t *)ix->slot;
    while (slots[i].node && (slots[i].hash != h || strcmp(slots[i].node->key, key) != 0))
        i = (i + 1) & mask;
    return &slots[i];
}

const uhp_node *uhp_node_get_hashed(const uhp_node *map, const char *key, uint32_t h)
{
    if (!map || map->kind != UHP_NODE_MAP)
        return NULL;
    if (map->map_index)
        return tree_slot(map->map_index, key, h)->node;
    /* The children's hashes first: a key's text is only read when its hash matches. */
    for (const uhp_node *c = map->first; c; c = c->next)
        if (c->key_hash == h && strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

const uhp_node *uhp_node_get(const uhp_node *map, const char *key)
{
    if (!map || map->kind != UHP_NODE_MAP)
        return NULL;
    return uhp_node_get_hashed(map, key, uhp_key_hash(key));
}

bool uhp_node_index_add(uhp_arena *a, uhp_node *map, const uhp_node *child, uint32_t hash)
{
    const uhp_map_index *ix = map->map_index;
    if (!ix && map->n_children < UHP_MAP_INDEX_MIN)
        return true; /* small maps are scanned */
    if (!ix || (ix->n + 1) * 2 > ix->cap) {
        /* Build or grow: every child, first occurrence of a key wins. */
        uint32_t cap = 16;
        while (cap < map->n_children * 2u + 2u)
            cap *= 2;
        uhp_map_index *nx = uhp_arena_alloc(a, sizeof *nx + (size_t)cap * sizeof nx->slot[0]);
        if (!nx)
            return false;
        nx->cap = cap;
        nx->n = 0;
        memset(nx->slot, 0, (size_t)cap * sizeof nx->slot[0]);
        if (ix) { /* rehash from the old slots: their hashes are known */
            for (uint32_t i = 0; i < ix->cap; i++) {
                if (!ix->slot[i].node)
                    continue;
                *tree_slot(nx, ix->slot[i].node->key, ix->slot[i].hash) = ix->slot[i];
                nx->n++;
            }
        }
        map->map_index = nx;
        if (!ix) {
            for (const uhp_node *c = map->first; c; c = c->next) {
                uint32_t h = c->key_hash;
                tree_slot_t *sl = tree_slot(nx, c->key, h);
                if (!sl->node) {
                    sl->node = c;
                    sl->hash = h;
                    nx->n++;
                }
            }
            return true; /* CHILD is already among the children */
        }
        ix = nx;
    }
    tree_slot_t *sl = tree_slot(ix, child->key, hash);
    if (!sl->node) {
        sl->node = child;
        sl->hash = hash;
        ((uhp_map_index *)ix)->n++;
    }
    return true;
}

const uhp_node *uhp_node_at(const uhp_node *seq, uint32_t index)
{
    if (!seq || seq->kind != UHP_NODE_SEQ || index >= seq->n_children)
        return NULL;
    const uhp_node *c = seq->first;
    while (index-- && c)
        c = c->next;
    return c;
}

/* True when KEY can be written after a dot without brackets. */
static bool tree_key_is_simple(const char *key)
{
    if (!*key)
        return false;
    for (const char *p = key; *p; p++)
        if (*p == '.' || *p == '[' || *p == ']' || *p == '\'' || *p == ' ')
            return false;
    return true;
}

size_t uhp_node_path(const uhp_node *node, char *buf, size_t size)
{
    /* Collect the ancestors without recursion, root first. */
    const uhp_node *chain[512];
    size_t depth = 0;
    for (const uhp_node *n = node; n && n->parent && depth < 512; n = n->parent)
        chain[depth++] = n;
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = depth; i-- > 0;) {
        const uhp_node *n = chain[i];
        char part[300];
        if (n->key && tree_key_is_simple(n->key))
            snprintf(part, sizeof part, "%s%s", len ? "." : "", n->key);
        else if (n->key)
            snprintf(part, sizeof part, "['%s']", n->key);
        else
            snprintf(part, sizeof part, "[%u]", (unsigned)n->index);
        size_t plen = strlen(part);
        if (len + plen < size)
            memcpy(buf + len, part, plen + 1);
        else if (size)
            buf[size - 1] = '\0';
        len += plen;
    }
    return len;
}

bool uhp_node_is_null(const uhp_node *node)
{
    return node && node->kind == UHP_NODE_SCALAR && node->type == UHP_TYPE_NULL;
}

uhp_type_key uhp_type_key_kind(const uhp_node *n)
{
    if (!n->key)
        return UHP_TYPE_KEY_NONE;
    if ((n->key[0] == 'p' && !strcmp(n->key, "port")) ||
        (n->key[0] == 'e' && !strcmp(n->key, "externalPort")))
        return UHP_TYPE_KEY_PORT;
    if (n->parent && n->parent->key && n->parent->key[0] == 'p' && !strcmp(n->parent->key, "port"))
        return UHP_TYPE_KEY_PORT;
    if (n->key[0] == 'e' && !strcmp(n->key, "enabled"))
        return UHP_TYPE_KEY_BOOL;
    return UHP_TYPE_KEY_NONE;
}
