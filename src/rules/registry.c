/* The rule registry, assembled from src/rules/rules.def: one line per rule, in run order.
 * Each rule lives in its own file (src/rules/uhaNNN_*.c) and defines a
 * `const uhp_rule uhp_rule_uhaNNN`. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

#define UHP_RULE(sym) extern const uhp_rule uhp_rule_##sym;
#include "rules.def"
#undef UHP_RULE

static const uhp_rule *const registry[] = {
#define UHP_RULE(sym) &uhp_rule_##sym,
#include "rules.def"
#undef UHP_RULE
};

const uhp_rule *const *uhp_rules(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}

/* Rules by the number of their id (UHA000-UHA999), filled on first use: findings look
 * their rule up by id, once each, so this must not be a scan. */
static const uhp_rule *registry_by_number[1000];
static pthread_once_t registry_indexed = PTHREAD_ONCE_INIT; /* checks run on threads */

/* Returns the number of an id "UHAnnn" (any case), or -1 when ID is not of that form. */
static int registry_id_number(const char *id)
{
    if (strncasecmp(id, "UHA", 3) != 0)
        return -1;
    int n = 0;
    for (int i = 3; i < 6; i++) {
        if (id[i] < '0' || id[i] > '9')
            return -1;
        n = n * 10 + (id[i] - '0');
    }
    return id[6] == '\0' ? n : -1;
}

/* Fills registry_by_number; run once. */
static void registry_index(void)
{
    size_t n;
    const uhp_rule *const *all = uhp_rules(&n);
    for (size_t i = 0; i < n; i++) {
        int k = registry_id_number(all[i]->id);
        if (k >= 0)
            registry_by_number[k] = all[i];
    }
}

const uhp_rule *uhp_rule_find(const char *id_or_name)
{
    size_t n;
    const uhp_rule *const *all = uhp_rules(&n);
    pthread_once(&registry_indexed, registry_index);
    int k = registry_id_number(id_or_name);
    if (k >= 0)
        return registry_by_number[k];
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i]->name, id_or_name) == 0)
            return all[i];
    return NULL;
}
