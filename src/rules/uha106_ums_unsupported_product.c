/* UHA106 ums-unsupported-product: IBM states that Db2 DevOps Experience and IMS
 * Administration Foundation do not support UMS high availability. UMS enables a product
 * by listing its runtime directory in components.izp.experiences, so the products are
 * recognised by patterns in those paths: built-in ones for IBM's default install paths,
 * plus the policy file's `unsupported-products` for customised ones. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rule_internal.h"
#include "uhp/alloc.h"
#include "uhp/products.h"

/* IBM's default install paths: /usr/lpp/IBM/doe/v1r3m0/bin, /usr/lpp/IBM/afn/v1r7m0/bin.
 * afx (Db2 Administration Foundation) supports HA and is deliberately absent. */
static const uhp_product builtin_products[] = {
    {"Db2 DevOps Experience", "/doe/"},
    {"IMS Administration Foundation", "/afn/"},
};
#define N_BUILTIN (sizeof builtin_products / sizeof builtin_products[0])

/* Patterns added at run time (policy file); heap copies owned here. */
static uhp_product *added;
static size_t n_added, cap_added;

bool uhp_products_add(const char *name, const char *pattern)
{
    if (!name || !pattern || name[0] == '\0' || pattern[0] == '\0')
        return false;
    if (n_added == cap_added) {
        size_t cap = cap_added ? cap_added * 2 : 4;
        uhp_product *grown = uhp_realloc(added, cap * sizeof *grown);
        if (!grown)
            return false;
        added = grown;
        cap_added = cap;
    }
    char *n = uhp_strdup(name);
    char *p = uhp_strdup(pattern);
    if (!n || !p) {
        uhp_free(n);
        uhp_free(p);
        return false;
    }
    added[n_added].name = n;
    added[n_added].pattern = p;
    n_added++;
    return true;
}

void uhp_products_reset(void)
{
    for (size_t i = 0; i < n_added; i++) {
        /* The strings were allocated here; the struct only shows them as const. */
        uhp_free((void *)(uintptr_t)added[i].name);
        uhp_free((void *)(uintptr_t)added[i].pattern);
    }
    uhp_free(added);
    added = NULL;
    n_added = cap_added = 0;
}

size_t uhp_products_count(void)
{
    return N_BUILTIN + n_added;
}

const uhp_product *uhp_products_get(size_t i)
{
    if (i < N_BUILTIN)
        return &builtin_products[i];
    if (i - N_BUILTIN < n_added)
        return &added[i - N_BUILTIN];
    return NULL;
}

/* True when PATTERN occurs in PATH, or PATTERN ends in '/' and PATH ends with the rest
 * (so "/afn/" also matches "/usr/lpp/IBM/afn"). Paths in z/OS UNIX are case-sensitive. */
static bool pattern_matches(const char *pattern, const char *path)
{
    if (strstr(path, pattern))
        return true;
    size_t pl = strlen(pattern), l = strlen(path);
    if (pl < 2 || pattern[pl - 1] != '/' || l < pl - 1)
        return false;
    return memcmp(path + l - (pl - 1), pattern, pl - 1) == 0;
}

const uhp_product *uhp_products_match(const char *path)
{
    if (!path)
        return NULL;
    for (size_t i = 0; i < uhp_products_count(); i++) {
        const uhp_product *p = uhp_products_get(i);
        if (pattern_matches(p->pattern, path))
            return p;
    }
    return NULL;
}

/* Checks one experiences entry; reports it when it names an unsupported product. */
static void check_entry(uhp_rule_ctx *ctx, const uhp_value *item, size_t index)
{
    if (item->kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, item,
                           uhp_ctx_printf(ctx,
                                          "components.izp.experiences[%zu] is a ${{ }} "
                                          "expression that cannot be evaluated here, so "
                                          "which product it enables could not be verified",
                                          index));
        return;
    }
    if (item->kind != UHP_VAL_STRING || !item->str)
        return;
    const uhp_product *p = uhp_products_match(item->str);
    if (!p)
        return;
    uhp_ctx_fail_value(ctx, item,
                       uhp_ctx_printf(ctx,
                                      "components.izp.experiences[%zu] '%s' enables %s "
                                      "(pattern '%s'), which does not support UMS high "
                                      "availability",
                                      index, item->str, p->name, p->pattern),
                       uhp_ctx_printf(ctx,
                                      "remove '%s' from components.izp.experiences in the "
                                      "ZWEYAML member: %s cannot run under UMS HA",
                                      item->str, p->name));
}

/* Checks every entry of the effective components.izp.experiences. */
static void check(uhp_rule_ctx *ctx)
{
    uhp_value ex = uhp_view_get(ctx->view, "components.izp.experiences");
    if (ex.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &ex,
                           "components.izp.experiences is a ${{ }} expression that cannot be "
                           "evaluated here, so the products it enables could not be verified");
        return;
    }
    if (ex.kind == UHP_VAL_STRING) {
        check_entry(ctx, &ex, 0);
        return;
    }
    if (ex.kind != UHP_VAL_SEQ)
        return;
    size_t n = uhp_value_seq_len(&ex);
    for (size_t i = 0; i < n; i++) {
        uhp_value item = uhp_value_seq_item(ctx->view, &ex, i);
        check_entry(ctx, &item, i);
    }
}

const uhp_rule uhp_rule_uha106 = {
    .id = "UHA106",
    .name = "ums-unsupported-product",
    .severity = UHP_SEV_ERROR,
    .title = "components.izp.experiences enables no product that lacks UMS HA support (Db2 DevOps "
             "Experience, IMS Administration Foundation)",
    .scope = UHP_SCOPE_INSTANCE,
    .flags = UHP_RULE_UMS,
    .check = check,
};
