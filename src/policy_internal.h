/* Private to the policy module (policy.c: loading and discovery; policy_schema.c: the
 * schema table and the located checks; policy_typed.c: libcyaml's typed load). */
#ifndef UHP_POLICY_INTERNAL_H
#define UHP_POLICY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/policy.h"
#include "uhp/source.h"
#include "uhp/tree.h"

#define POLICY_MAX_DEPTH 16u
#define POLICY_MAX_DEPTH_LIMIT 100000u

/* The state of one policy load: where errors go and what the checks stored. */
typedef struct policy_ctx policy_ctx;
struct policy_ctx {
    const char *path;
    char *err;
    size_t errlen;
    bool failed;
    bool nomem;
    uhp_policy *p;
    /* `rules:` in document order, each with its registry position; sorted at the end */
    uhp_policy_rule *rules;
    size_t *rule_pos;
    size_t n_rules;
};

/* Records "path:line:col: message" as the error (the first one wins); returns false. */
bool policy_error_at(policy_ctx *pc, uhp_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a plain error message (no position) in ERR; returns -1. */
int policy_error_plain(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The checks of the whole policy tree ROOT, driven by the schema table, storing `rules:` in
 * PC->p. Returns 0, -1 (error recorded in PC) or -2 (out of memory). */
int policy_read(policy_ctx *pc, const uhp_node *root);

/* libcyaml's typed load of SRC (whose tree is ROOT, already checked by policy_read) into
 * PC->p. Returns 0, -1 (a one-line error recorded in PC) or -2 (out of memory). */
int policy_cyaml(policy_ctx *pc, const uhp_source *src, const uhp_node *root);

#endif
