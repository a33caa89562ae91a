/* The rule registry: one line per rule, in id order. Each rule lives in its own file
 * (src/rules/uhaNNN_*.c) and defines a `const uhp_rule uhp_rule_uhaNNN`. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "uhp/rule.h"

extern const uhp_rule uhp_rule_uha001, uhp_rule_uha002, uhp_rule_uha003, uhp_rule_uha004,
    uhp_rule_uha005, uhp_rule_uha007, uhp_rule_uha008, uhp_rule_uha009;
extern const uhp_rule uhp_rule_uha011;
extern const uhp_rule uhp_rule_uha101, uhp_rule_uha102, uhp_rule_uha103, uhp_rule_uha104,
    uhp_rule_uha105, uhp_rule_uha106, uhp_rule_uha107, uhp_rule_uha108, uhp_rule_uha109,
    uhp_rule_uha110;
/* BEGIN UHA2xx externs (TCP/IP profile rules) */
extern const uhp_rule uhp_rule_uha201, uhp_rule_uha202, uhp_rule_uha203, uhp_rule_uha204,
    uhp_rule_uha205, uhp_rule_uha206, uhp_rule_uha207, uhp_rule_uha208, uhp_rule_uha209;
/* END UHA2xx externs */
/* BEGIN UHA3xx externs (Zowe HA platform rules, and UHA006 unknown-key) */
extern const uhp_rule uhp_rule_uha006, uhp_rule_uha301, uhp_rule_uha302, uhp_rule_uha303,
    uhp_rule_uha304, uhp_rule_uha305, uhp_rule_uha306;
/* END UHA3xx externs */

static const uhp_rule *const registry[] = {
    &uhp_rule_uha001, &uhp_rule_uha002, &uhp_rule_uha003, &uhp_rule_uha004, &uhp_rule_uha005,
    &uhp_rule_uha007, &uhp_rule_uha008, &uhp_rule_uha009,
    &uhp_rule_uha110, /* first of the UMS rules: the others are N/A where UMS is off */
    &uhp_rule_uha101, &uhp_rule_uha102, &uhp_rule_uha103, &uhp_rule_uha104, &uhp_rule_uha105,
    &uhp_rule_uha106, &uhp_rule_uha107, &uhp_rule_uha108, &uhp_rule_uha109,
    /* BEGIN UHA2xx registry lines */
    &uhp_rule_uha201, &uhp_rule_uha202, &uhp_rule_uha203, &uhp_rule_uha204, &uhp_rule_uha205,
    &uhp_rule_uha206, &uhp_rule_uha207, &uhp_rule_uha208, &uhp_rule_uha209,
    /* END UHA2xx registry lines */
    /* BEGIN UHA3xx registry lines */
    &uhp_rule_uha006, &uhp_rule_uha301, &uhp_rule_uha302, &uhp_rule_uha303, &uhp_rule_uha304,
    &uhp_rule_uha305, &uhp_rule_uha306,
    /* END UHA3xx registry lines */
    &uhp_rule_uha011, /* last: it leaves out what UHA006, UHA007 and UHA009 reported */
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
