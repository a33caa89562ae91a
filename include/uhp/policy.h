/* The policy file (.ums-ha-preflight.yaml, SPEC 4a) and suppressions. The policy is found
 * by walking up from the working directory to the repository root, or named with --policy;
 * it declares the DVIPA, the --fail-on threshold, severity overrides, ignore entries, extra
 * unsupported products and input limits. Inline comments in checked files
 * (`# ums-ha-preflight: ignore=UHA105 -- reason`) suppress single findings.
 * Format and semantics: docs/policy.md. */
#ifndef UHP_POLICY_H
#define UHP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/arena.h"
#include "uhp/config.h"
#include "uhp/finding.h"
#include "uhp/products.h"
#include "uhp/rule.h"
#include "uhp/source.h"

#define UHP_POLICY_FILE ".ums-ha-preflight.yaml"
/* The longest `files:` glob a policy may hold, in bytes (a path is at most PATH_MAX). */
#define UHP_POLICY_GLOB_MAX 1024

/* A severity override from `rules:` (names resolved to ids). */
typedef struct uhp_policy_rule {
    const char *rule_id;
    uhp_severity severity; /* UHP_SEV_OFF: the rule is off */
} uhp_policy_rule;

/* An `ignore:` entry. */
typedef struct uhp_policy_ignore {
    const char *rule_id;
    const char *files;    /* glob on the finding's file, or NULL: any file */
    const char *instance; /* haInstances id, or NULL: any instance */
    const char *reason;
} uhp_policy_ignore;

/* A loaded policy; read-only outside src/policy.c, every string owned by the policy. */
typedef struct uhp_policy {
    uhp_arena arena;
    const char *path; /* as opened */
    bool discovered;  /* found by walking up from the working directory (not --policy) */
    const char *dir;  /* absolute directory of the file (globs are relative to it) */
    bool has_dvipa;
    uhp_dvipa dvipa;
    bool has_fail_on;
    uhp_severity fail_on;
    bool has_max_size, has_max_depth;
    size_t max_size;
    uint32_t max_depth;
    uhp_policy_rule *rules;
    size_t n_rules;
    uhp_policy_ignore *ignores;
    size_t n_ignores;
    uhp_product *products; /* from unsupported-products: */
    size_t n_products;
    const char *zowe_runtime; /* zowe-runtime: (absolute), or NULL; --zowe-runtime wins */
    const char *extensions;   /* extensions: (absolute), or NULL; --extensions wins */
} uhp_policy;

/* Loads the policy at PATH; when PATH is NULL and SEARCH is true, looks for
 * .ums-ha-preflight.yaml in the working directory and its parents, stopping after the
 * first directory that holds .git (the repository root); outside a repository at the home
 * folder when the working directory is under it, else at the file-system root. A policy
 * found so has discovered set. Returns 0 with *OUT set (NULL
 * when PATH is NULL and no policy was found or SEARCH is false), or -1 with a one-line
 * error in ERR: "file:line:col: message" for anything wrong inside the file, "file: message"
 * when it cannot be read, "out of memory" when memory runs out. The caller frees *OUT. */
int uhp_policy_load(const char *path, bool search, uhp_policy **out, char *err, size_t errlen);
/* The size a policy file may have unless --max-size says otherwise: a policy is a few lines. */
#define UHP_POLICY_MAX_BYTES ((size_t)1024 * 1024)
/* uhp_policy_load for a file of at most MAX_SIZE bytes (--max-size, when given). */
int uhp_policy_load_max(const char *path, bool search, size_t max_size, uhp_policy **out, char *err,
                        size_t errlen);
void uhp_policy_free(uhp_policy *p);

/* The path the policy was read from, as opened (relative when found by walking up). */
const char *uhp_policy_path(const uhp_policy *p);
/* The DVIPA declared by `dvipa:` (origin "policy"); false when the policy declares none.
 * The strings belong to the policy. */
bool uhp_policy_dvipa(const uhp_policy *p, uhp_dvipa *out);
/* The `fail-on:` threshold; false when the policy does not set it. */
bool uhp_policy_fail_on(const uhp_policy *p, uhp_severity *out);
/* Overwrites the limits in LIM that `limits:` sets (max-size, max-depth); the caller
 * applies --max-size/--max-depth afterwards, so flags win. */
void uhp_policy_limits(const uhp_policy *p, uhp_limits *lim);
/* Adds the `unsupported-products:` patterns to the built-in ones (uhp_products_add).
 * Returns false when memory runs out. uhp_products_reset() undoes it. */
bool uhp_policy_add_products(const uhp_policy *p);

/* Applies the inline `# ums-ha-preflight: ignore=ID[,ID...] -- reason` comments of SOURCES
 * to the findings of RUN: a comment suppresses the findings of the rules it names on its own
 * line and, when it stands alone on its line, on the next line. A comment without a reason,
 * with an unknown rule or a rule that cannot be ignored suppresses nothing and becomes an
 * error finding of its own (UHA008 inline-ignore). Updates the checklist and re-sorts the
 * findings. Call it while the sources are alive (inside uhp_check). Memory failures set
 * run->out_of_memory. */
void uhp_suppress_inline(uhp_run *run, uhp_source *const *sources, size_t n_sources);

/* True when glob PAT matches path S: '**' any characters, '/' included ("**" + "/" also
 * matches no directory at all), '*' any characters but '/', '?' one character but '/'.
 * Time O(len(PAT) * len(S)), no recursion; a pattern longer than UHP_POLICY_GLOB_MAX
 * bytes matches nothing (uhp_policy_load refuses it with its position). */
bool uhp_policy_glob(const char *pat, const char *s);

/* Applies P to a finished run: `off` removes the rule's findings and checklist cells,
 * severity overrides change findings and cells (a FAIL of a rule made a warning becomes
 * WARN), ignore entries suppress the findings they match with their reason (a finding of
 * several instances is split when only some are ignored). P may be NULL (no-op). Memory
 * failures set run->out_of_memory. */
void uhp_policy_apply(const uhp_policy *p, uhp_run *run);

/* True when rule ID cannot be turned off, downgraded or ignored: its registry entry says
 * why in `.locked` (an input that cannot be read or parsed always stops the check; a
 * malformed inline ignore must be fixed). */
bool uhp_policy_rule_locked(const char *id);

#endif
