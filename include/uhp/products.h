/* Products that do not support UMS high availability (UHA106), recognised by a pattern in
 * a components.izp.experiences entry. The built-in patterns cover IBM's default install
 * paths; the policy file adds more at run time for customised install paths. */
#ifndef UHP_PRODUCTS_H
#define UHP_PRODUCTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct uhp_product {
    const char *name;    /* "IMS Administration Foundation" */
    const char *pattern; /* substring of an experiences entry, e.g. "/afn/"; a pattern that
                            ends in '/' also matches an entry that ends just before it */
} uhp_product;

/* Adds a product pattern (both strings are copied). Returns false when NAME or PATTERN is
 * empty or memory runs out; the existing patterns are then unchanged. */
bool uhp_products_add(const char *name, const char *pattern);
/* Removes every pattern added with uhp_products_add and frees them; built-ins remain. */
void uhp_products_reset(void);
/* Number of patterns (built-in first, then added), and the Ith of them (NULL past the end). */
size_t uhp_products_count(void);
const uhp_product *uhp_products_get(size_t i);
/* Returns the first product whose pattern matches the experiences entry PATH, or NULL. */
const uhp_product *uhp_products_match(const char *path);

#endif
