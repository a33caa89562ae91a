/* Read-only queries on the node tree. */
#include <stdio.h>
#include <string.h>

#include "uhp/tree.h"

const uhp_node *uhp_node_get(const uhp_node *map, const char *key)
{
    if (!map || map->kind != UHP_NODE_MAP)
        return NULL;
    for (const uhp_node *c = map->first; c; c = c->next)
        if (strcmp(c->key, key) == 0)
            return c;
    return NULL;
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
