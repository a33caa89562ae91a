/* The policy file: discovery (walking up to the repository root), a validating pass over the
 * node tree that gives every error its file:line:col, then the typed load with libcyaml
 * (its allocations through uhp_realloc/uhp_free, its log captured, never printed). */
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

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define POLICY_MAX_BYTES (1024u * 1024u) /* a policy file is a few lines */
#define POLICY_MAX_DEPTH 16u
#define POLICY_MAX_RULE_KEYS 512 /* two keys (id, name) per registered rule */
#define POLICY_MAX_DEPTH_LIMIT 100000u

/* ---- The typed form libcyaml loads into ------------------------------------------------ */

typedef struct policy_y_dvipa {
    char *address;
    char **names;
    unsigned names_count;
} policy_y_dvipa;

typedef struct policy_y_rules {
    char *sev[POLICY_MAX_RULE_KEYS]; /* [2i]: key = id of rule i, [2i+1]: its name */
} policy_y_rules;

typedef struct policy_y_ignore {
    char *rule;
    char *files;
    char *instance;
    char *reason;
} policy_y_ignore;

typedef struct policy_y_product {
    char *name;
    char *experience_pattern;
} policy_y_product;

typedef struct policy_y_limits {
    char *max_size;
    uint32_t *max_depth;
} policy_y_limits;

typedef struct policy_y {
    policy_y_dvipa *dvipa;
    char *fail_on;
    policy_y_rules *rules;
    policy_y_ignore *ignore;
    unsigned ignore_count;
    policy_y_product *products;
    unsigned products_count;
    policy_y_limits *limits;
    char *zowe_runtime;
    char *extensions;
} policy_y;

static const cyaml_schema_value_t policy_string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t policy_dvipa_fields[] = {
    CYAML_FIELD_STRING_PTR("address", CYAML_FLAG_POINTER, policy_y_dvipa, address, 0,
                           CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE("names", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_dvipa, names,
                         &policy_string_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_field_t policy_ignore_fields[] = {
    CYAML_FIELD_STRING_PTR("rule", CYAML_FLAG_POINTER, policy_y_ignore, rule, 0, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("files", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_ignore,
                           files, 0, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("instance", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_ignore,
                           instance, 0, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("reason", CYAML_FLAG_POINTER, policy_y_ignore, reason, 1,
                           CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_ignore_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, policy_y_ignore, policy_ignore_fields),
};

static const cyaml_schema_field_t policy_product_fields[] = {
    CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER, policy_y_product, name, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("experience-pattern", CYAML_FLAG_POINTER, policy_y_product,
                           experience_pattern, 1, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_product_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, policy_y_product, policy_product_fields),
};

static const cyaml_schema_field_t policy_limits_fields[] = {
    CYAML_FIELD_STRING_PTR("max-size", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_limits,
                           max_size, 1, CYAML_UNLIMITED),
    CYAML_FIELD_UINT_PTR("max-depth", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_limits,
                         max_depth),
    CYAML_FIELD_END,
};

/* One severity string, the shape of every `rules:` value. */
typedef struct policy_y_sev {
    char *sev;
} policy_y_sev;

/* The template of one `rules:` key; key and offset are filled per rule at load time. */
static const cyaml_schema_field_t policy_rule_field_template = CYAML_FIELD_STRING_PTR(
    "UHA000", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_sev, sev, 1, CYAML_UNLIMITED);

/* Index of `rules` in policy_top_fields, patched with the registry's keys at load time. */
#define POLICY_RULES_FIELD 2

static const cyaml_schema_field_t policy_top_fields[] = {
    CYAML_FIELD_MAPPING_PTR("dvipa", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, dvipa,
                            policy_dvipa_fields),
    CYAML_FIELD_STRING_PTR("fail-on", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, fail_on,
                           1, CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING_PTR("rules", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, rules,
                            NULL),
    CYAML_FIELD_SEQUENCE("ignore", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, ignore,
                         &policy_ignore_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE_COUNT("unsupported-products", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
                               policy_y, products, products_count, &policy_product_entry, 0,
                               CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING_PTR("limits", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, limits,
                            policy_limits_fields),
    CYAML_FIELD_STRING_PTR("zowe-runtime", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y,
                           zowe_runtime, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("extensions", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y,
                           extensions, 1, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

/* ---- Errors ----------------------------------------------------------------------------- */

typedef struct policy_ctx {
    const char *path;
    char *err;
    size_t errlen;
    bool failed;
    char cyaml_msg[256]; /* first error libcyaml logged */
} policy_ctx;

/* Records "path:line:col: message" as the error (the first one wins); returns false. */
static bool policy_error_at(policy_ctx *pc, uhp_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool policy_error_at(policy_ctx *pc, uhp_pos pos, const char *fmt, ...)
{
    if (pc->failed)
        return false;
    pc->failed = true;
    int n = snprintf(pc->err, pc->errlen, "%s:%u:%u: ", pc->path, (unsigned)pos.line,
                     (unsigned)pos.col);
    if (n >= 0 && (size_t)n < pc->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(pc->err + n, pc->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Records a plain error message (no position); returns -1. */
static int policy_error_plain(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int policy_error_plain(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- Validation of the node tree, with positions --------------------------------------- */

/* What a node is, for "must be a mapping, not ..." messages. */
static const char *policy_kind_name(const uhp_node *n)
{
    if (n->kind == UHP_NODE_MAP)
        return "a mapping";
    if (n->kind == UHP_NODE_SEQ)
        return "a sequence";
    if (uhp_node_is_null(n))
        return "empty";
    return "a scalar";
}

/* Describes value N for "..., not X" messages: the scalar quoted, else its kind. Returns
 * BUF or a static string. */
static const char *policy_what(const uhp_node *n, char *buf, size_t size)
{
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n))
        return policy_kind_name(n);
    snprintf(buf, size, "'%s'", n->value);
    return buf;
}

/* Where to point for a value: the key for collections and empty values, else the value. */
static uhp_pos policy_pos(const uhp_node *n)
{
    if (n->key && (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n)))
        return n->key_pos;
    return n->start;
}

/* Levenshtein distance of A and B (both short keys); large for long strings. */
static size_t policy_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 100;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Checks that every key of MAP is one of ALLOWED (NULL-terminated); WHERE names the map in
 * the message ("the policy", "'dvipa'"). Returns false with an error at the bad key. */
static bool policy_keys(policy_ctx *pc, const uhp_node *map, const char *const *allowed,
                        const char *where)
{
    for (const uhp_node *c = map->first; c; c = c->next) {
        bool ok = false;
        const char *best = NULL;
        size_t best_d = 3;
        char list[256] = "";
        size_t used = 0;
        for (size_t i = 0; allowed[i]; i++) {
            if (strcmp(c->key, allowed[i]) == 0)
                ok = true;
            size_t d = policy_distance(c->key, allowed[i]);
            if (d < best_d) {
                best_d = d;
                best = allowed[i];
            }
            int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", allowed[i]);
            if (w > 0 && (size_t)w < sizeof list - used)
                used += (size_t)w;
        }
        if (ok)
            continue;
        if (best)
            return policy_error_at(pc, c->key_pos,
                                   "unknown key '%s' in %s (did you mean '%s'?); allowed: %s",
                                   c->key, where, best, list);
        return policy_error_at(pc, c->key_pos, "unknown key '%s' in %s; allowed: %s", c->key, where,
                               list);
    }
    return true;
}

/* Checks that N is a non-empty scalar; NAME names it. */
static bool policy_want_text(policy_ctx *pc, const uhp_node *n, const char *name)
{
    if (n->kind != UHP_NODE_SCALAR)
        return policy_error_at(pc, policy_pos(n), "'%s' must be a string, not %s", name,
                               policy_kind_name(n));
    if (uhp_node_is_null(n) || n->len == 0)
        return policy_error_at(pc, policy_pos(n), "'%s' is empty: give a value or remove it", name);
    return true;
}

/* Checks that N is a mapping; WHAT lists its keys for the message. */
static bool policy_want_map(policy_ctx *pc, const uhp_node *n, const char *name, const char *what)
{
    if (n->kind == UHP_NODE_MAP)
        return true;
    return policy_error_at(pc, policy_pos(n), "'%s' must be a mapping (%s), not %s", name, what,
                           policy_kind_name(n));
}

/* Checks that N is a sequence. */
static bool policy_want_seq(policy_ctx *pc, const uhp_node *n, const char *name, const char *what)
{
    if (n->kind == UHP_NODE_SEQ)
        return true;
    return policy_error_at(pc, policy_pos(n), "'%s' must be a sequence of %s, not %s", name, what,
                           policy_kind_name(n));
}

/* Parses a size: digits with an optional K, KiB, M, MiB, G or GiB suffix (binary units).
 * Returns false when S is malformed, zero or too large. */
static bool policy_parse_size(const char *s, size_t *out)
{
    const char *p = s;
    unsigned long long v = 0;
    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9') {
        if (v > (ULLONG_MAX - 9) / 10)
            return false;
        v = v * 10 + (unsigned long long)(*p++ - '0');
    }
    while (*p == ' ')
        p++;
    unsigned shift = 0;
    if (*p == 'K' || *p == 'k')
        shift = 10;
    else if (*p == 'M' || *p == 'm')
        shift = 20;
    else if (*p == 'G' || *p == 'g')
        shift = 30;
    if (shift) {
        p++;
        if (p[0] == 'i' && p[1] == 'B')
            p += 2;
        else if (*p == 'B')
            p++;
    } else if (*p == 'B') {
        p++;
    }
    if (*p || v == 0 || v > (SIZE_MAX >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

static bool policy_check_dvipa(policy_ctx *pc, const uhp_node *n)
{
    static const char *const keys[] = {"address", "names", NULL};
    if (!policy_want_map(pc, n, "dvipa", "address, names") || !policy_keys(pc, n, keys, "'dvipa'"))
        return false;
    const uhp_node *addr = uhp_node_get(n, "address");
    if (!addr)
        return policy_error_at(pc, n->key_pos,
                               "'dvipa' has no 'address': give the DVIPA "
                               "address, e.g. address: 10.10.1.100");
    if (!policy_want_text(pc, addr, "address"))
        return false;
    if (!uhp_ip_address_valid(addr->value))
        return policy_error_at(pc, policy_pos(addr),
                               "'dvipa.address' '%s' is not an IPv4 or IPv6 address (DNS names "
                               "go in dvipa.names)",
                               addr->value);
    const uhp_node *names = uhp_node_get(n, "names");
    if (names) {
        if (!policy_want_seq(pc, names, "names", "DNS names"))
            return false;
        for (const uhp_node *c = names->first; c; c = c->next) {
            if (!policy_want_text(pc, c, "names"))
                return false;
            if (strcspn(c->value, " \t") != strlen(c->value))
                return policy_error_at(pc, policy_pos(c),
                                       "'dvipa.names' item '%s' is not a DNS name (it has "
                                       "blanks)",
                                       c->value);
        }
    }
    return true;
}

/* zowe-runtime: and extensions: name a directory (relative to the policy's folder). */
static bool policy_check_dir_key(policy_ctx *pc, const uhp_node *n)
{
    char buf[128];
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) || !n->value[0])
        return policy_error_at(pc, policy_pos(n), "'%s' must be a directory path, not %s", n->key,
                               policy_what(n, buf, sizeof buf));
    return true;
}

static bool policy_check_fail_on(policy_ctx *pc, const uhp_node *n)
{
    uhp_severity sev;
    char buf[128];
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) || !uhp_severity_parse(n->value, &sev) ||
        sev == UHP_SEV_OFF)
        return policy_error_at(pc, policy_pos(n),
                               "'fail-on' must be error, warning or info, not %s",
                               policy_what(n, buf, sizeof buf));
    return true;
}

/* Looks up the rule a policy names (id or name) with an error at N when unknown or locked. */
static const uhp_rule *policy_rule(policy_ctx *pc, uhp_pos pos, const char *text, const char *where)
{
    const uhp_rule *r = uhp_rule_find(text);
    if (!r) {
        policy_error_at(pc, pos, "unknown rule '%s' in %s; 'ums-ha-preflight rules' lists them",
                        text, where);
        return NULL;
    }
    if (uhp_policy_rule_locked(r->id)) {
        policy_error_at(pc, pos, "rule '%s' cannot be changed or ignored: %s", text,
                        strcmp(r->id, "UHA008") == 0
                            ? "a malformed inline ignore must be fixed"
                            : "an input that cannot be read or parsed always stops the check");
        return NULL;
    }
    return r;
}

static bool policy_check_rules(policy_ctx *pc, const uhp_node *n)
{
    if (!policy_want_map(pc, n, "rules", "rule id or name: error, warning, info or off"))
        return false;
    for (const uhp_node *c = n->first; c; c = c->next) {
        const uhp_rule *r = policy_rule(pc, c->key_pos, c->key, "'rules'");
        if (!r)
            return false;
        for (const uhp_node *o = n->first; o != c; o = o->next) {
            const uhp_rule *prev = uhp_rule_find(o->key);
            if (prev == r)
                return policy_error_at(pc, c->key_pos,
                                       "rule '%s' is set twice in 'rules' (as '%s' and '%s')",
                                       r->id, o->key, c->key);
        }
        uhp_severity sev;
        char buf[128];
        if (c->kind != UHP_NODE_SCALAR || uhp_node_is_null(c) ||
            !uhp_severity_parse(c->value, &sev))
            return policy_error_at(pc, policy_pos(c),
                                   "'%s' must be error, warning, info or off, not %s", c->key,
                                   policy_what(c, buf, sizeof buf));
    }
    return true;
}

static bool policy_check_ignore(policy_ctx *pc, const uhp_node *n)
{
    static const char *const keys[] = {"rule", "files", "instance", "reason", NULL};
    if (!policy_want_seq(pc, n, "ignore", "mappings (rule, files, instance, reason)"))
        return false;
    for (const uhp_node *e = n->first; e; e = e->next) {
        if (e->kind != UHP_NODE_MAP)
            return policy_error_at(pc, e->start,
                                   "an 'ignore' entry must be a mapping (rule, files, instance, "
                                   "reason), not %s",
                                   policy_kind_name(e));
        if (!policy_keys(pc, e, keys, "an 'ignore' entry"))
            return false;
        const uhp_node *rule = uhp_node_get(e, "rule");
        const uhp_node *reason = uhp_node_get(e, "reason");
        if (!rule)
            return policy_error_at(pc, e->start,
                                   "an 'ignore' entry has no 'rule': name the "
                                   "rule id or name to ignore");
        if (!policy_want_text(pc, rule, "rule") ||
            !policy_rule(pc, rule->start, rule->value, "'ignore'"))
            return false;
        if (!reason)
            return policy_error_at(pc, e->start,
                                   "the 'ignore' entry for '%s' has no 'reason': "
                                   "every ignore needs one",
                                   rule->value);
        if (!policy_want_text(pc, reason, "reason"))
            return false;
        const uhp_node *files = uhp_node_get(e, "files");
        const uhp_node *inst = uhp_node_get(e, "instance");
        if ((files && !policy_want_text(pc, files, "files")) ||
            (inst && !policy_want_text(pc, inst, "instance")))
            return false;
        if (files && strlen(files->value) > UHP_POLICY_GLOB_MAX)
            return policy_error_at(pc, files->start,
                                   "the 'files' pattern is %zu bytes long: a pattern may have "
                                   "at most %d (a path is shorter than that)",
                                   strlen(files->value), UHP_POLICY_GLOB_MAX);
    }
    return true;
}

static bool policy_check_products(policy_ctx *pc, const uhp_node *n)
{
    static const char *const keys[] = {"name", "experience-pattern", NULL};
    if (!policy_want_seq(pc, n, "unsupported-products", "mappings (name, experience-pattern)"))
        return false;
    for (const uhp_node *e = n->first; e; e = e->next) {
        if (e->kind != UHP_NODE_MAP)
            return policy_error_at(pc, e->start,
                                   "an 'unsupported-products' entry must be a mapping (name, "
                                   "experience-pattern), not %s",
                                   policy_kind_name(e));
        if (!policy_keys(pc, e, keys, "an 'unsupported-products' entry"))
            return false;
        static const char *const required[] = {"name", "experience-pattern"};
        for (size_t i = 0; i < 2; i++) {
            const uhp_node *v = uhp_node_get(e, required[i]);
            if (!v)
                return policy_error_at(pc, e->start, "an 'unsupported-products' entry has no '%s'",
                                       required[i]);
            if (!policy_want_text(pc, v, required[i]))
                return false;
        }
    }
    return true;
}

static bool policy_check_limits(policy_ctx *pc, const uhp_node *n)
{
    static const char *const keys[] = {"max-size", "max-depth", NULL};
    if (!policy_want_map(pc, n, "limits", "max-size, max-depth") ||
        !policy_keys(pc, n, keys, "'limits'"))
        return false;
    const uhp_node *size = uhp_node_get(n, "max-size");
    size_t bytes;
    char buf[128];
    if (size && (size->kind != UHP_NODE_SCALAR || uhp_node_is_null(size) ||
                 !policy_parse_size(size->value, &bytes)))
        return policy_error_at(pc, policy_pos(size),
                               "'max-size' must be a size in bytes such as 16777216, 64KiB or "
                               "16MiB, not %s",
                               policy_what(size, buf, sizeof buf));
    const uhp_node *depth = uhp_node_get(n, "max-depth");
    if (depth && (depth->kind != UHP_NODE_SCALAR || depth->type != UHP_TYPE_INT ||
                  depth->ival < 1 || depth->ival > POLICY_MAX_DEPTH_LIMIT))
        return policy_error_at(pc, policy_pos(depth),
                               "'max-depth' must be a whole number from 1 to %u, not %s",
                               POLICY_MAX_DEPTH_LIMIT, policy_what(depth, buf, sizeof buf));
    return true;
}

/* Validates the whole document ROOT (a mapping); false with the error recorded. */
static bool policy_validate(policy_ctx *pc, const uhp_node *root)
{
    static const char *const keys[] = {"dvipa",        "ignore",     "limits",
                                       "rules",        "fail-on",    "unsupported-products",
                                       "zowe-runtime", "extensions", NULL};
    if (!policy_keys(pc, root, keys, "the policy"))
        return false;
    for (const uhp_node *c = root->first; c; c = c->next) {
        bool ok = true;
        if (!strcmp(c->key, "dvipa"))
            ok = policy_check_dvipa(pc, c);
        else if (!strcmp(c->key, "fail-on"))
            ok = policy_check_fail_on(pc, c);
        else if (!strcmp(c->key, "rules"))
            ok = policy_check_rules(pc, c);
        else if (!strcmp(c->key, "ignore"))
            ok = policy_check_ignore(pc, c);
        else if (!strcmp(c->key, "unsupported-products"))
            ok = policy_check_products(pc, c);
        else if (!strcmp(c->key, "limits"))
            ok = policy_check_limits(pc, c);
        else if (!strcmp(c->key, "zowe-runtime") || !strcmp(c->key, "extensions"))
            ok = policy_check_dir_key(pc, c);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- libcyaml ------------------------------------------------------------------------- */

/* libcyaml's allocator: everything through the project's injectable allocator. */
static void *policy_cyaml_mem(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) {
        uhp_free(ptr);
        return NULL;
    }
    return uhp_realloc(ptr, size);
}

/* libcyaml's log: keeps the first error-level message, prints nothing. */
static void policy_cyaml_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    policy_ctx *pc = ctx;
    if (level < CYAML_LOG_ERROR || pc->cyaml_msg[0])
        return;
    vsnprintf(pc->cyaml_msg, sizeof pc->cyaml_msg, fmt, args);
    size_t len = strlen(pc->cyaml_msg);
    while (len > 0 && (pc->cyaml_msg[len - 1] == '\n' || pc->cyaml_msg[len - 1] == ' '))
        pc->cyaml_msg[--len] = '\0';
}

/* Copies S into the policy's arena; NULL stays NULL. Sets *OK false when memory runs out. */
static const char *policy_copy(uhp_policy *p, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *c = uhp_arena_strndup(&p->arena, s, strlen(s));
    if (!c)
        *ok = false;
    return c;
}

/* Copies the typed data Y into P, resolving rule names to ids. Returns false when memory
 * runs out. Y was validated, so every value is well formed. */
static bool policy_convert(uhp_policy *p, const policy_y *y, const uhp_rule *const *reg,
                           size_t n_reg)
{
    bool ok = true;
    if (y->dvipa) {
        p->has_dvipa = true;
        p->dvipa.origin = "policy";
        p->dvipa.address = policy_copy(p, y->dvipa->address, &ok);
        if (y->dvipa->names_count) {
            const char **names = uhp_arena_alloc(&p->arena, y->dvipa->names_count * sizeof *names);
            if (!names)
                return false;
            for (unsigned i = 0; i < y->dvipa->names_count; i++)
                names[i] = policy_copy(p, y->dvipa->names[i], &ok);
            p->dvipa.names = names;
            p->dvipa.n_names = y->dvipa->names_count;
        }
    }
    if (y->fail_on)
        p->has_fail_on = uhp_severity_parse(y->fail_on, &p->fail_on);
    /* a relative directory is relative to the policy's folder, as ignore globs are */
    for (int k = 0; k < 2; k++) {
        const char *v = k ? y->extensions : y->zowe_runtime;
        if (!v)
            continue;
        const char *abs = v[0] == '/' || !p->dir ? policy_copy(p, v, &ok)
                                                 : uhp_arena_printf(&p->arena, "%s/%s", p->dir, v);
        ok = ok && abs;
        if (k)
            p->extensions = abs;
        else
            p->zowe_runtime = abs;
    }
    if (y->rules) {
        p->rules = uhp_arena_alloc(&p->arena, (n_reg + 1) * sizeof *p->rules);
        if (!p->rules)
            return false;
        for (size_t i = 0; i < n_reg && 2 * i + 1 < POLICY_MAX_RULE_KEYS; i++) {
            const char *v = y->rules->sev[2 * i] ? y->rules->sev[2 * i] : y->rules->sev[2 * i + 1];
            uhp_severity sev;
            if (v && uhp_severity_parse(v, &sev))
                p->rules[p->n_rules++] = (uhp_policy_rule){reg[i]->id, sev};
        }
    }
    if (y->ignore_count) {
        p->ignores = uhp_arena_alloc(&p->arena, y->ignore_count * sizeof *p->ignores);
        if (!p->ignores)
            return false;
        for (unsigned i = 0; i < y->ignore_count; i++) {
            const uhp_rule *r = uhp_rule_find(y->ignore[i].rule);
            uhp_policy_ignore *e = &p->ignores[p->n_ignores++];
            e->rule_id = r ? r->id : policy_copy(p, y->ignore[i].rule, &ok);
            e->files = policy_copy(p, y->ignore[i].files, &ok);
            e->instance = policy_copy(p, y->ignore[i].instance, &ok);
            e->reason = policy_copy(p, y->ignore[i].reason, &ok);
        }
    }
    if (y->products_count) {
        p->products = uhp_arena_alloc(&p->arena, y->products_count * sizeof *p->products);
        if (!p->products)
            return false;
        for (unsigned i = 0; i < y->products_count; i++) {
            p->products[i].name = policy_copy(p, y->products[i].name, &ok);
            p->products[i].pattern = policy_copy(p, y->products[i].experience_pattern, &ok);
        }
        p->n_products = y->products_count;
    }
    if (y->limits) {
        if (y->limits->max_size)
            p->has_max_size = policy_parse_size(y->limits->max_size, &p->max_size);
        if (y->limits->max_depth) {
            p->has_max_depth = true;
            p->max_depth = *y->limits->max_depth;
        }
    }
    return ok;
}

/* Loads SRC's bytes with libcyaml into P. Returns 0, -1 with an error in PC, or -2 when
 * memory runs out. ROOT locates an error libcyaml finds that the validation did not. */
static int policy_cyaml(policy_ctx *pc, const uhp_source *src, const uhp_node *root, uhp_policy *p)
{
    size_t n_reg;
    const uhp_rule *const *reg = uhp_rules(&n_reg);
    if (2 * n_reg > POLICY_MAX_RULE_KEYS) {
        policy_error_at(pc, root->start, "internal error: too many rules for the policy schema");
        return -1;
    }
    cyaml_schema_field_t *rule_fields = uhp_calloc(2 * n_reg + 1, sizeof *rule_fields);
    cyaml_schema_field_t top[sizeof policy_top_fields / sizeof policy_top_fields[0]];
    if (!rule_fields)
        return -2;
    for (size_t i = 0; i < n_reg; i++) {
        for (size_t k = 0; k < 2; k++) {
            cyaml_schema_field_t *f = &rule_fields[2 * i + k];
            *f = policy_rule_field_template;
            f->key = k == 0 ? reg[i]->id : reg[i]->name;
            f->data_offset =
                (uint32_t)(offsetof(policy_y_rules, sev) + (2 * i + k) * sizeof(char *));
        }
    }
    memcpy(top, policy_top_fields, sizeof top);
    top[POLICY_RULES_FIELD].value.mapping.fields = rule_fields;
    top[POLICY_RULES_FIELD].value.flags =
        (enum cyaml_flag)(top[POLICY_RULES_FIELD].value.flags | CYAML_FLAG_CASE_INSENSITIVE);
    cyaml_schema_value_t schema = {
        CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, policy_y, top),
    };
    cyaml_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.log_fn = policy_cyaml_log;
    cfg.log_ctx = pc;
    cfg.mem_fn = policy_cyaml_mem;
    cfg.log_level = CYAML_LOG_ERROR;
    cfg.flags = CYAML_CFG_NO_ALIAS;

    policy_y *y = NULL;
    cyaml_err_t rc = cyaml_load_data((const uint8_t *)src->data, src->len, &cfg, &schema,
                                     (cyaml_data_t **)&y, NULL);
    int result = 0;
    if (rc == CYAML_ERR_OOM) {
        result = -2;
    } else if (rc != CYAML_OK) {
        policy_error_at(pc, root->start, "the policy does not match its schema: %s",
                        pc->cyaml_msg[0] ? pc->cyaml_msg : cyaml_strerror(rc));
        result = -1;
    } else if (!policy_convert(p, y, reg, n_reg)) {
        result = -2;
    }
    if (y)
        cyaml_free(&cfg, &schema, y, 0);
    uhp_free(rule_fields);
    return result;
}

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
static int policy_load_file(const char *path, uhp_policy **out, char *err, size_t errlen)
{
    uhp_source *src = NULL;
    uhp_read_status rs = uhp_source_read(path, POLICY_MAX_BYTES, &src);
    switch (rs) {
    case UHP_READ_OK:
        break;
    case UHP_READ_MISSING:
        return policy_error_plain(err, errlen, "%s: cannot read the policy: no such file", path);
    case UHP_READ_DIRECTORY:
        return policy_error_plain(err, errlen, "%s: cannot read the policy: it is a directory",
                                  path);
    case UHP_READ_TOO_LARGE:
        return policy_error_plain(err, errlen, "%s: the policy is larger than %u bytes", path,
                                  POLICY_MAX_BYTES);
    case UHP_READ_NOMEM:
        return policy_error_plain(err, errlen, "out of memory");
    case UHP_READ_SPECIAL:
        return policy_error_plain(err, errlen, "%s: cannot read the policy: %s", path,
                                  uhp_read_status_text(rs));
    default:
        return policy_error_plain(err, errlen, "%s: cannot read the policy: %s", path,
                                  strerror(errno));
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
    p->path = uhp_arena_strndup(&p->arena, path, strlen(path));
    int rc = p->path && policy_set_dir(p, path) ? 0 : -2;

    if (rc == 0 && !policy_is_blank(src->data, src->len)) {
        uhp_arena tree_arena;
        uhp_arena_init(&tree_arena);
        uhp_run scratch;
        uhp_run_init(&scratch);
        uhp_limits lim;
        uhp_limits_default(&lim);
        lim.max_size = POLICY_MAX_BYTES;
        lim.max_depth = POLICY_MAX_DEPTH;
        uhp_doc *doc = uhp_load_yaml(src, &tree_arena, &lim, &scratch);
        if (scratch.out_of_memory) {
            rc = -2;
        } else {
            /* The first YAML problem the loader found (syntax, duplicate key, alias, depth). */
            const uhp_finding *first = NULL;
            for (size_t i = 0; i < scratch.n_findings; i++) {
                const uhp_finding *f = &scratch.findings[i];
                if (strcmp(f->rule_id, "UHA001") && strcmp(f->rule_id, "UHA002") &&
                    strcmp(f->rule_id, "UHA003") && strcmp(f->rule_id, "UHA004"))
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
            } else if (!policy_validate(&pc, doc->root)) {
                rc = -1;
            } else {
                rc = policy_cyaml(&pc, src, doc->root, p);
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
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    if (path)
        return policy_load_file(path, out, err, errlen);
    if (!search)
        return 0;
    char found[PATH_MAX];
    if (!policy_find(found, sizeof found))
        return 0;
    int rc = policy_load_file(found, out, err, errlen);
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
    static const char *const locked[] = {"UHA001", "UHA003", "UHA004", "UHA008"};
    for (size_t i = 0; i < sizeof locked / sizeof locked[0]; i++)
        if (strcasecmp(id, locked[i]) == 0)
            return true;
    return false;
}
