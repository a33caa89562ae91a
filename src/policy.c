/* The policy file: discovery (walking up to the repository root), then two steps.
 *
 * 1. The checks (policy_schema.c): one pass over the positioned node tree the loader builds,
 *    driven by one table (policy_top_fields). Every key and value is checked there, so every error
 * has its file:line:col. The pass also reads `rules:` (see 2).
 * 2. The typed load (policy_typed.c): libcyaml loads the same bytes into the policy_y structs
 *    with a static schema (policy_y_top), its allocations through uhp_realloc/uhp_free and
 *    its log kept, never printed; policy_convert copies them into the uhp_policy. The keys
 *    of `rules:` are the registry's rule ids and names in any case, which a schema fixed at
 *    compile time cannot list, so the schema marks `rules:` CYAML_FIELD_IGNORE (only that
 *    key: an unknown key anywhere else stays a libcyaml error) and the pass of step 1, which
 *    resolves each key against the registry to check it, stores what it says.
 *
 * Step 1 accepts only what step 2 can load, so a libcyaml error after it is unexpected; it
 * is still a one-line error with the file name (policy_cyaml), never a crash. */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include "uhp/policy.h"

#include <cyaml/cyaml.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uhp/alloc.h"
#include "uhp/loader.h"
#include "uhp/rule.h"
#include "uhp/source.h"
#include "uhp/tree.h"

#include "policy_internal.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---- Loading and discovery -------------------------------------------------------------- */

/* True when TEXT holds nothing but blank lines, comments and document markers. */
static bool policy_is_blank(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
            i++;
        if (i < len && text[i] == '#') {
            while (i < len && text[i] != '\n')
                i++;
        } else if (i + 3 <= len && (!strncmp(text + i, "---", 3) || !strncmp(text + i, "...", 3))) {
            i += 3;
            continue;
        }
        if (i < len && text[i] != '\n')
            return false;
        i++;
    }
    return true;
}

/* Fills P->dir with the absolute directory of PATH (NULL when it cannot be resolved). */
static bool policy_set_dir(uhp_policy *p, const char *path)
{
    char dir[PATH_MAX], abs[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (!realpath(dir, abs))
        return true;
    p->dir = uhp_arena_strndup(&p->arena, abs, strlen(abs));
    return p->dir != NULL;
}

/* Reads, validates and loads the policy at PATH into a new policy. Returns 0, or -1 with
 * the error in ERR. */
static int policy_load_file(const char *path, size_t max_size, uhp_policy **out, char *err,
                            size_t errlen)
{
    uhp_source *src = NULL;
    uhp_read_status rs = uhp_source_read(path, max_size, &src);
    if (rs == UHP_READ_NOMEM)
        return policy_error_plain(err, errlen, "out of memory");
    if (rs != UHP_READ_OK) {
        char buf[160];
        return policy_error_plain(err, errlen, "%s: cannot read the policy: %s", path,
                                  uhp_read_reason(rs, errno, max_size, buf, sizeof buf));
    }
    policy_ctx pc;
    memset(&pc, 0, sizeof pc);
    pc.path = path;
    pc.err = err;
    pc.errlen = errlen;

    uhp_policy *p = uhp_calloc(1, sizeof *p);
    if (!p) {
        uhp_source_free(src);
        return policy_error_plain(err, errlen, "out of memory");
    }
    uhp_arena_init(&p->arena);
    pc.p = p;
    p->path = uhp_arena_strndup(&p->arena, path, strlen(path));
    int rc = p->path && policy_set_dir(p, path) ? 0 : -2;

    if (rc == 0 && !policy_is_blank(src->data, src->len)) {
        uhp_arena tree_arena;
        uhp_arena_init(&tree_arena);
        uhp_run scratch;
        uhp_run_init(&scratch);
        uhp_limits lim;
        uhp_limits_default(&lim);
        lim.max_size = max_size;
        lim.max_depth = POLICY_MAX_DEPTH;
        uhp_doc *doc = uhp_load_yaml(src, &tree_arena, &lim, &scratch);
        if (scratch.out_of_memory) {
            rc = -2;
        } else {
            /* The first YAML problem the loader found (syntax, duplicate key, alias, depth). */
            const uhp_finding *first = NULL;
            for (size_t i = 0; i < scratch.n_findings; i++) {
                const uhp_finding *f = &scratch.findings[i];
                const uhp_rule *r = uhp_rule_find(f->rule_id);
                if (!r || !(r->flags & UHP_RULE_YAML_ERROR))
                    continue;
                if (!first || f->line < first->line ||
                    (f->line == first->line && f->col < first->col))
                    first = f;
            }
            if (first) {
                uhp_pos pos = {first->line ? first->line : 1, first->col ? first->col : 1};
                if (!strncmp(first->message, "the top level is not a mapping", 30))
                    policy_error_at(&pc, pos,
                                    "the policy must be a mapping of keys (dvipa, "
                                    "fail-on, rules, ignore, unsupported-products, "
                                    "limits)");
                else
                    policy_error_at(&pc, pos, "%s", first->message);
                rc = -1;
            } else if (!doc || !doc->root) {
                policy_error_at(&pc, (uhp_pos){1, 1}, "the policy could not be read as YAML");
                rc = -1;
            } else {
                rc = policy_read(&pc, doc->root);
                if (rc == 0)
                    rc = policy_cyaml(&pc, src, doc->root);
            }
        }
        uhp_run_destroy(&scratch);
        uhp_arena_destroy(&tree_arena);
    }
    uhp_source_free(src);
    if (rc != 0) {
        uhp_policy_free(p);
        if (rc == -2)
            return policy_error_plain(err, errlen, "out of memory");
        return -1;
    }
    *out = p;
    return 0;
}

/* How many levels above the working directory CWD (absolute) the search for the policy may
 * look: up to the repository root (the nearest folder with .git) inside a repository;
 * outside one, up to the home folder when CWD is under it, else up to the file-system
 * root. A policy planted above the repository, or in a shared folder above the home
 * folder, is never picked up. */
static size_t policy_levels(const char *cwd)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", cwd);
    size_t up = 0;
    for (;;) {
        char git[PATH_MAX + 8];
        struct stat sb;
        snprintf(git, sizeof git, "%s/.git", strcmp(dir, "/") ? dir : "");
        if (stat(git, &sb) == 0)
            return up;
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        *slash = '\0';
        up++;
    }
    size_t total = up + 1; /* the levels up to and including "/" */
    char home[PATH_MAX];
    const char *h = getenv("HOME");
    if (h && *h && realpath(h, home) && strcmp(home, "/") != 0) {
        size_t hl = strlen(home);
        if (strncmp(cwd, home, hl) == 0 && (cwd[hl] == '/' || cwd[hl] == '\0')) {
            size_t levels = 0;
            for (const char *c = cwd + hl; *c; c++)
                if (*c == '/' && c[1] && c[1] != '/')
                    levels++;
            return levels;
        }
    }
    return total - 1;
}

/* Walks up from the working directory looking for UHP_POLICY_FILE, as far as
 * policy_levels allows. Writes the relative path found into BUF and returns true, or
 * returns false when there is none. */
static bool policy_find(char *buf, size_t size)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return false;
    size_t levels = policy_levels(cwd);
    char prefix[PATH_MAX] = "";
    size_t plen = 0;
    for (size_t level = 0; level <= levels; level++) {
        struct stat sb;
        if ((size_t)snprintf(buf, size, "%s%s", prefix, UHP_POLICY_FILE) >= size)
            return false;
        if (stat(buf, &sb) == 0)
            return true;
        if (plen + 4 >= sizeof prefix)
            return false;
        memcpy(prefix + plen, "../", 4);
        plen += 3;
    }
    return false;
}

int uhp_policy_load(const char *path, bool search, uhp_policy **out, char *err, size_t errlen)
{
    return uhp_policy_load_max(path, search, UHP_POLICY_MAX_BYTES, out, err, errlen);
}

int uhp_policy_load_max(const char *path, bool search, size_t max_size, uhp_policy **out, char *err,
                        size_t errlen)
{
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    if (path)
        return policy_load_file(path, max_size, out, err, errlen);
    if (!search)
        return 0;
    char found[PATH_MAX];
    if (!policy_find(found, sizeof found))
        return 0;
    int rc = policy_load_file(found, max_size, out, err, errlen);
    if (rc == 0)
        (*out)->discovered = true;
    return rc;
}

void uhp_policy_free(uhp_policy *p)
{
    if (!p)
        return;
    uhp_arena_destroy(&p->arena);
    uhp_free(p);
}

const char *uhp_policy_path(const uhp_policy *p)
{
    return p ? p->path : NULL;
}

bool uhp_policy_dvipa(const uhp_policy *p, uhp_dvipa *out)
{
    if (!p || !p->has_dvipa)
        return false;
    *out = p->dvipa;
    return true;
}

bool uhp_policy_fail_on(const uhp_policy *p, uhp_severity *out)
{
    if (!p || !p->has_fail_on)
        return false;
    *out = p->fail_on;
    return true;
}

void uhp_policy_limits(const uhp_policy *p, uhp_limits *lim)
{
    if (!p)
        return;
    if (p->has_max_size)
        lim->max_size = p->max_size;
    if (p->has_max_depth)
        lim->max_depth = p->max_depth;
}

bool uhp_policy_add_products(const uhp_policy *p)
{
    if (!p)
        return true;
    for (size_t i = 0; i < p->n_products; i++)
        if (!uhp_products_add(p->products[i].name, p->products[i].pattern))
            return false;
    return true;
}

bool uhp_policy_rule_locked(const char *id)
{
    const uhp_rule *r = uhp_rule_find(id);
    return r && r->locked;
}
