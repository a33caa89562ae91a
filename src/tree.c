/* Read-only queries on the node tree. */
#include <stdio.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/tree.h"

/* The node's size is what a big configuration's memory is made of (tree.h). */
_Static_assert(sizeof(void *) != 8 || sizeof(uhp_node) == 64, "uhp_node grew past 64 bytes");

typedef uhp_map_slot tree_slot_t;

/* FNV-1a over the LEN bytes at P. */
static uint32_t tree_hash_bytes(const char *p, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

uint32_t uhp_key_hash(const char *key)
{
    return tree_hash_bytes(key, strlen(key));
}

/* Slots for at most half full: 12,954 distinct keys of the 20 MB configuration take
 * 32,768 slots (256 KiB), against 5 MB for a copy of each of its 729,000 keys. */
#define TREE_KEYS_MIN 256u

/* The slot of text S[0..LEN) (hash H) in T: its key, or an empty slot. */
static const uhp_key **tree_key_slot(const uhp_key **slot, uint32_t cap, const char *s, size_t len,
                                     uint32_t h)
{
    uint32_t mask = cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        const uhp_key *k = slot[i];
        if (!k || (k->hash == h && strncmp(k->text, s, len) == 0 && k->text[len] == '\0'))
            return &slot[i];
    }
}

const char *uhp_key_intern(uhp_key_table *t, uhp_arena *a, const char *s, size_t len,
                           uint32_t *hash)
{
    len = strnlen(s, len);
    uint32_t h = tree_hash_bytes(s, len);
    *hash = h;
    if ((t->n + 1u) * 2u > t->cap) {
        if (t->cap > UINT32_MAX / 2)
            return NULL;
        uint32_t cap = t->cap ? t->cap * 2 : TREE_KEYS_MIN;
        const uhp_key **ns = uhp_calloc(cap, sizeof *ns);
        if (!ns)
            return NULL;
        for (uint32_t i = 0; i < t->cap; i++) {
            const uhp_key *k = t->slot[i];
            if (k)
                *tree_key_slot(ns, cap, k->text, strlen(k->text), k->hash) = k;
        }
        uhp_free(t->slot);
        t->slot = ns;
        t->cap = cap;
    }
    const uhp_key **sl = tree_key_slot(t->slot, t->cap, s, len, h);
    if (*sl)
        return (*sl)->text;
    if (len > SIZE_MAX - sizeof(uhp_key) - 1)
        return NULL;
    uhp_key *k = uhp_arena_alloc_aligned(a, sizeof *k + len + 1, _Alignof(uhp_key));
    if (!k)
        return NULL;
    k->hash = h;
    memcpy(k->text, s, len);
    k->text[len] = '\0';
    *sl = k;
    t->n++;
    return k->text;
}

void uhp_key_table_free(uhp_key_table *t)
{
    uhp_free(t->slot);
    t->slot = NULL;
    t->cap = t->n = 0;
}

const uhp_source *uhp_node_source(const uhp_node *n)
{
    if (!n)
        return NULL;
    while (n->parent)
        n = n->parent;
    return n->at.root_src;
}

int64_t uhp_node_ival(const uhp_node *n)
{
    if (!n || n->kind != UHP_NODE_SCALAR || n->type != UHP_TYPE_INT)
        return 0;
    /* The loader types as integers only decimal digits (a tagged one also short enough
     * to read); a longer text saturates. */
    int64_t v = 0;
    for (uint32_t i = 0; i < n->len; i++) {
        if (v > (INT64_MAX - 9) / 10)
            return INT64_MAX;
        v = v * 10 + (n->body.value[i] - '0');
    }
    return v;
}

/* The slot of KEY (hash H) in IX: the child with that key, or an empty slot. */
static tree_slot_t *tree_slot(const uhp_map_index *ix, const char *key, uint32_t h)
{
    uint32_t mask = ix->cap - 1;
    uint32_t i = h & mask;
    tree_slot_t *slots = (tree_slot_t *)ix->slot;
    /* Keys are interned per load: a key from the same document is the same pointer. */
    while (slots[i].node && (slots[i].hash != h ||
                             (slots[i].node->key != key && strcmp(slots[i].node->key, key) != 0)))
        i = (i + 1) & mask;
    return &slots[i];
}

const uhp_node *uhp_node_get_hashed(const uhp_node *map, const char *key, uint32_t h)
{
    if (!map || map->kind != UHP_NODE_MAP)
        return NULL;
    if (map->flags & UHP_NODE_INDEXED)
        return tree_slot(map->body.map_index, key, h)->node;
    /* The children's hashes first: a key's text is only read when its hash matches. */
    for (const uhp_node *c = map->body.first; c; c = c->next)
        if (uhp_node_key_hash(c) == h && (c->key == key || strcmp(c->key, key) == 0))
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
    const uhp_map_index *ix = (map->flags & UHP_NODE_INDEXED) ? map->body.map_index : NULL;
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
        nx->first = ix ? ix->first : map->body.first;
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
        map->body.map_index = nx;
        map->flags |= UHP_NODE_INDEXED;
        if (!ix) {
            for (const uhp_node *c = nx->first; c; c = c->next) {
                uint32_t h = uhp_node_key_hash(c);
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
    const uhp_node *c = seq->body.first;
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
            snprintf(part, sizeof part, "[%u]", (unsigned)uhp_node_index(n));
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
