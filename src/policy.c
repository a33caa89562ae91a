/* The policy file: discovery (walking up to the repository root), then two steps.
 *
 * 1. The checks: one pass over the positioned node tree the loader builds, driven by one
 *    table (policy_top_fields). Every key and value is checked there, so every error has
 *    its file:line:col. The pass also reads `rules:` (see 2).
 * 2. The typed load: libcyaml loads the same bytes into the policy_y structs
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

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define POLICY_MAX_DEPTH 16u
#define POLICY_MAX_DEPTH_LIMIT 100000u

/* ---- The schema: one table drives checking and reading --------------------------------- */

typedef struct policy_ctx policy_ctx;
typedef struct policy_field policy_field;

/* What a key holds, checked before its handler runs. */
typedef enum policy_kind {
    POLICY_TEXT,   /* a non-empty scalar */
    POLICY_MAP,    /* a mapping of the FIELDS below */
    POLICY_SEQ,    /* a sequence of mappings of the FIELDS below */
    POLICY_CUSTOM, /* the handler checks the node itself */
} policy_kind;

/* Checks node N of field F (`rules:`: and stores what it says); false with the error
 * recorded (or pc->nomem set). */
typedef bool (*policy_handler)(policy_ctx *pc, const policy_field *f, const uhp_node *n);

struct policy_field {
    const char *key;
    policy_kind kind;
    const char *missing;        /* required: the error when absent ("%s": the entry's first
                                   field's value), else NULL */
    const policy_field *fields; /* POLICY_MAP, POLICY_SEQ: the keys inside, NULL-key ended */
    policy_handler handle;      /* checks the value (POLICY_SEQ: per entry, first), or NULL */
};

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

/* Writes the keys of FIELDS into BUF as "a, b, c". */
static void policy_key_list(const policy_field *fields, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; fields[i].key; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", fields[i].key);
        if (w > 0 && (size_t)w < size - used)
            used += (size_t)w;
    }
}

/* Checks that every key of MAP is one of FIELDS; WHERE names the map in the message ("the
 * policy", "'dvipa'"). Returns false with an error at the bad key. */
static bool policy_keys(policy_ctx *pc, const uhp_node *map, const policy_field *fields,
                        const char *where)
{
    char list[256];
    policy_key_list(fields, list, sizeof list);
    for (const uhp_node *c = map->first; c; c = c->next) {
        bool ok = false;
        const char *best = NULL;
        size_t best_d = 3;
        for (size_t i = 0; fields[i].key; i++) {
            if (strcmp(c->key, fields[i].key) == 0)
                ok = true;
            size_t d = policy_distance(c->key, fields[i].key);
            if (d < best_d) {
                best_d = d;
                best = fields[i].key;
            }
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

/* Looks up the rule a policy names (id or name) with an error at POS when unknown or locked. */
static const uhp_rule *policy_rule(policy_ctx *pc, uhp_pos pos, const char *text, const char *where)
{
    const uhp_rule *r = uhp_rule_find(text);
    if (!r) {
        policy_error_at(pc, pos, "unknown rule '%s' in %s; 'ums-ha-preflight rules' lists them",
                        text, where);
        return NULL;
    }
    if (r->locked) {
        policy_error_at(pc, pos, "rule '%s' cannot be changed or ignored: %s", text, r->locked);
        return NULL;
    }
    return r;
}

/* ---- The handlers: each checks one key's value and stores it --------------------------- */

static bool policy_on_address(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    if (!uhp_ip_address_valid(n->value))
        return policy_error_at(pc, policy_pos(n),
                               "'dvipa.address' '%s' is not an IPv4 or IPv6 address (DNS names "
                               "go in dvipa.names)",
                               n->value);
    return true;
}

static bool policy_on_names(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    if (!policy_want_seq(pc, n, "names", "DNS names"))
        return false;
    for (const uhp_node *c = n->first; c; c = c->next) {
        if (!policy_want_text(pc, c, "names"))
            return false;
        if (strcspn(c->value, " \t") != strlen(c->value))
            return policy_error_at(pc, policy_pos(c),
                                   "'dvipa.names' item '%s' is not a DNS name (it has "
                                   "blanks)",
                                   c->value);
    }
    return true;
}

static bool policy_on_fail_on(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    uhp_severity sev;
    char buf[128];
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) || !uhp_severity_parse(n->value, &sev) ||
        sev == UHP_SEV_OFF)
        return policy_error_at(pc, policy_pos(n),
                               "'fail-on' must be error, warning or info, not %s",
                               policy_what(n, buf, sizeof buf));
    return true;
}

/* `rules:`: rule id or name -> severity, any of the registry's keys (any case). Checked and
 * stored here, as libcyaml's static schema cannot list these keys (see the top comment). */
static bool policy_on_rules(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    if (!policy_want_map(pc, n, "rules", "rule id or name: error, warning, info or off"))
        return false;
    size_t count = n->n_children, n_reg;
    const uhp_rule *const *reg = uhp_rules(&n_reg);
    pc->rules = count ? uhp_arena_alloc(&pc->p->arena, count * sizeof *pc->rules) : NULL;
    pc->rule_pos = count ? uhp_arena_alloc(&pc->p->arena, count * sizeof *pc->rule_pos) : NULL;
    if (count && (!pc->rules || !pc->rule_pos)) {
        pc->nomem = true;
        return false;
    }
    for (const uhp_node *c = n->first; c && pc->n_rules < count; c = c->next) {
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
        size_t pos = 0;
        while (pos < n_reg && reg[pos] != r)
            pos++;
        pc->rules[pc->n_rules] = (uhp_policy_rule){r->id, sev};
        pc->rule_pos[pc->n_rules++] = pos;
    }
    return true;
}

static bool policy_on_ignore_rule(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    const uhp_rule *r = policy_rule(pc, n->start, n->value, "'ignore'");
    if (!r)
        return false;
    return true;
}

/* `files`: a glob the matcher takes (uhp_policy_glob). */
static bool policy_on_ignore_files(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    if (strlen(n->value) > UHP_POLICY_GLOB_MAX)
        return policy_error_at(pc, n->start,
                               "the 'files' pattern is %zu bytes long: a pattern may have "
                               "at most %d (a path is shorter than that)",
                               strlen(n->value), UHP_POLICY_GLOB_MAX);
    return true;
}

static bool policy_on_max_size(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    char buf[128];
    size_t size;
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) || !uhp_parse_size(n->value, &size))
        return policy_error_at(pc, policy_pos(n),
                               "'max-size' must be a size: bytes, or with a unit K, M or G "
                               "(1024-based) such as 16777216, 64K, 16MiB or 1G, not %s",
                               policy_what(n, buf, sizeof buf));
    return true;
}

static bool policy_on_max_depth(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    char buf[128];
    if (n->kind != UHP_NODE_SCALAR || n->type != UHP_TYPE_INT || n->ival < 1 ||
        n->ival > POLICY_MAX_DEPTH_LIMIT)
        return policy_error_at(pc, policy_pos(n),
                               "'max-depth' must be a whole number from 1 to %u, not %s",
                               POLICY_MAX_DEPTH_LIMIT, policy_what(n, buf, sizeof buf));
    /* libcyaml reads a number with a leading 0 as octal (010 is 8, 09 is 0). */
    if (n->value[0] == '0')
        return policy_error_at(pc, policy_pos(n),
                               "'max-depth' must be written without a leading zero, not '%s'",
                               n->value);
    return true;
}

/* The policy file, key by key: the description of its shape that every check follows
 * (docs/policy.md); policy_y_top_fields below, which libcyaml loads with, has the same keys.
 * The order of each list is the order keys are checked in and listed in messages. */
static const policy_field policy_dvipa_fields[] = {
    {"address", POLICY_TEXT,
     "'dvipa' has no 'address': give the DVIPA address, e.g. address: 10.10.1.100", NULL,
     policy_on_address},
    {"names", POLICY_CUSTOM, NULL, NULL, policy_on_names},
    {NULL, POLICY_TEXT, NULL, NULL, NULL},
};
static const policy_field policy_ignore_fields[] = {
    {"rule", POLICY_TEXT, "an 'ignore' entry has no 'rule': name the rule id or name to ignore",
     NULL, policy_on_ignore_rule},
    {"files", POLICY_TEXT, NULL, NULL, policy_on_ignore_files},
    {"instance", POLICY_TEXT, NULL, NULL, NULL},
    {"reason", POLICY_TEXT, "the 'ignore' entry for '%s' has no 'reason': every ignore needs one",
     NULL, NULL},
    {NULL, POLICY_TEXT, NULL, NULL, NULL},
};
static const policy_field policy_product_fields[] = {
    {"name", POLICY_TEXT, "an 'unsupported-products' entry has no 'name'", NULL, NULL},
    {"experience-pattern", POLICY_TEXT,
     "an 'unsupported-products' entry has no 'experience-pattern'", NULL, NULL},
    {NULL, POLICY_TEXT, NULL, NULL, NULL},
};
static const policy_field policy_limits_fields[] = {
    {"max-size", POLICY_CUSTOM, NULL, NULL, policy_on_max_size},
    {"max-depth", POLICY_CUSTOM, NULL, NULL, policy_on_max_depth},
    {NULL, POLICY_TEXT, NULL, NULL, NULL},
};
static const policy_field policy_top_fields[] = {
    {"dvipa", POLICY_MAP, NULL, policy_dvipa_fields, NULL},
    {"ignore", POLICY_SEQ, NULL, policy_ignore_fields, NULL},
    {"limits", POLICY_MAP, NULL, policy_limits_fields, NULL},
    {"rules", POLICY_CUSTOM, NULL, NULL, policy_on_rules},
    {"fail-on", POLICY_CUSTOM, NULL, NULL, policy_on_fail_on},
    {"unsupported-products", POLICY_SEQ, NULL, policy_product_fields, NULL},
    {NULL, POLICY_TEXT, NULL, NULL, NULL},
};

static bool policy_read_value(policy_ctx *pc, const policy_field *f, const uhp_node *n);

/* Reads mapping MAP against FIELDS: unknown keys first, then each field in table order (a
 * required one that is absent is an error at the mapping). WHERE names the mapping. The
 * nesting of the table is fixed (three levels), so this recursion is bounded by it, never by
 * the input. */
static bool policy_read_map(policy_ctx *pc, const uhp_node *map, const policy_field *fields,
                            const char *where)
{
    if (!policy_keys(pc, map, fields, where))
        return false;
    for (size_t i = 0; fields[i].key; i++) {
        const policy_field *f = &fields[i];
        const uhp_node *v = uhp_node_get(map, f->key);
        if (!v && f->missing) {
            const uhp_node *first = uhp_node_get(map, fields[0].key);
            return policy_error_at(
                pc, map->key ? map->key_pos : map->start, f->missing,
                first && first->kind == UHP_NODE_SCALAR && first->value ? first->value : "");
        }
        if (v && !policy_read_value(pc, f, v))
            return false;
    }
    return true;
}

/* Reads value N of field F: its kind, then its handler, then (for mappings) its fields. */
static bool policy_read_value(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    char list[256], what[300], where[300];
    switch (f->kind) {
    case POLICY_CUSTOM:
        return f->handle(pc, f, n);
    case POLICY_TEXT:
        return policy_want_text(pc, n, f->key) && (!f->handle || f->handle(pc, f, n));
    case POLICY_MAP:
        policy_key_list(f->fields, list, sizeof list);
        snprintf(where, sizeof where, "'%s'", f->key);
        return policy_want_map(pc, n, f->key, list) && (!f->handle || f->handle(pc, f, n)) &&
               policy_read_map(pc, n, f->fields, where);
    case POLICY_SEQ:
        policy_key_list(f->fields, list, sizeof list);
        snprintf(what, sizeof what, "mappings (%s)", list);
        snprintf(where, sizeof where, "an '%s' entry", f->key);
        if (!policy_want_seq(pc, n, f->key, what))
            return false;
        for (const uhp_node *e = n->first; e; e = e->next) {
            if (e->kind != UHP_NODE_MAP)
                return policy_error_at(pc, e->start, "%s must be a mapping (%s), not %s", where,
                                       list, policy_kind_name(e));
            if ((f->handle && !f->handle(pc, f, e)) || !policy_read_map(pc, e, f->fields, where))
                return false;
        }
        return true;
    }
    return false;
}

/* Checks the whole document ROOT (a mapping) in one pass and reads its `rules:` into
 * pc->p. Returns 0, -1 with the error recorded, or -2 when memory runs out. */
static int policy_read(policy_ctx *pc, const uhp_node *root)
{
    if (!policy_read_map(pc, root, policy_top_fields, "the policy"))
        return pc->nomem ? -2 : -1;
    if (pc->n_rules) {
        /* In the registry's order, as reports list them. */
        uhp_policy *p = pc->p;
        p->rules = uhp_arena_alloc(&p->arena, pc->n_rules * sizeof *p->rules);
        if (!p->rules)
            return -2;
        size_t n_reg;
        uhp_rules(&n_reg);
        for (size_t pos = 0; pos <= n_reg; pos++)
            for (size_t i = 0; i < pc->n_rules; i++)
                if (pc->rule_pos[i] == pos)
                    p->rules[p->n_rules++] = pc->rules[i];
    }
    return 0;
}

/* ---- The typed load: libcyaml ----------------------------------------------------------- */

/* What libcyaml loads: every key of policy_top_fields but `rules:`, typed. */
typedef struct policy_y_dvipa {
    char *address;
    char **names;
    unsigned names_count;
} policy_y_dvipa;

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
    policy_y_ignore *ignore;
    unsigned ignore_count;
    policy_y_limits *limits;
    char *fail_on;
    policy_y_product *products;
    unsigned products_count;
} policy_y;

/* The schema libcyaml loads with: the keys of policy_top_fields, required where the checks
 * require them, every string at least one byte. Static: nothing is built at run time. */
static const cyaml_schema_value_t policy_y_string = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t policy_y_dvipa_fields[] = {
    CYAML_FIELD_STRING_PTR("address", CYAML_FLAG_POINTER, policy_y_dvipa, address, 1,
                           CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE("names", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_dvipa, names,
                         &policy_y_string, 0, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_field_t policy_y_ignore_fields[] = {
    CYAML_FIELD_STRING_PTR("rule", CYAML_FLAG_POINTER, policy_y_ignore, rule, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("files", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_ignore,
                           files, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("instance", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_ignore,
                           instance, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("reason", CYAML_FLAG_POINTER, policy_y_ignore, reason, 1,
                           CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_y_ignore_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, policy_y_ignore, policy_y_ignore_fields),
};

static const cyaml_schema_field_t policy_y_product_fields[] = {
    CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER, policy_y_product, name, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("experience-pattern", CYAML_FLAG_POINTER, policy_y_product,
                           experience_pattern, 1, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_y_product_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, policy_y_product, policy_y_product_fields),
};

static const cyaml_schema_field_t policy_y_limits_fields[] = {
    CYAML_FIELD_STRING_PTR("max-size", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_limits,
                           max_size, 1, CYAML_UNLIMITED),
    CYAML_FIELD_UINT_PTR("max-depth", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_limits,
                         max_depth),
    CYAML_FIELD_END,
};

static const cyaml_schema_field_t policy_y_top_fields[] = {
    CYAML_FIELD_MAPPING_PTR("dvipa", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, dvipa,
                            policy_y_dvipa_fields),
    CYAML_FIELD_SEQUENCE("ignore", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, ignore,
                         &policy_y_ignore_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING_PTR("limits", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, limits,
                            policy_y_limits_fields),
    /* Keys from the rule registry: read by policy_on_rules (see the top comment). */
    CYAML_FIELD_IGNORE("rules", CYAML_FLAG_OPTIONAL),
    CYAML_FIELD_STRING_PTR("fail-on", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, fail_on,
                           1, CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE_COUNT("unsupported-products", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
                               policy_y, products, products_count, &policy_y_product_entry, 0,
                               CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_y_top = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, policy_y, policy_y_top_fields),
};

/* libcyaml's allocator: every allocation through the injectable one (size 0 frees). */
static void *policy_cyaml_mem(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) {
        uhp_free(ptr);
        return NULL;
    }
    return uhp_realloc(ptr, size);
}

/* libcyaml's log: keeps its first error-level line in the char[256] CTX, prints nothing. */
static void policy_cyaml_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    char *msg = ctx;
    if (level < CYAML_LOG_ERROR || msg[0])
        return;
    vsnprintf(msg, 256, fmt, args);
    size_t len = strcspn(msg, "\n");
    while (len > 0 && msg[len - 1] == ' ')
        len--;
    msg[len] = '\0';
}

/* Copies S (NULL stays NULL) into the policy's arena; sets pc->nomem when memory runs out. */
static const char *policy_copy(policy_ctx *pc, const char *s)
{
    if (!s)
        return NULL;
    const char *c = uhp_arena_strndup(&pc->p->arena, s, strlen(s));
    if (!c)
        pc->nomem = true;
    return c;
}

/* Copies what libcyaml loaded (Y) into the policy. Rule names become ids. Returns false when
 * memory runs out (pc->nomem) or, with the error recorded at ROOT, when Y holds a value the
 * checks would refuse (libcyaml read the text otherwise than they did): never a policy with
 * a value nobody checked. */
static bool policy_convert(policy_ctx *pc, const policy_y *y, const uhp_node *root)
{
    uhp_policy *p = pc->p;
    uhp_arena *a = &p->arena;
    if (y->dvipa) {
        p->has_dvipa = true;
        p->dvipa.origin = "policy";
        p->dvipa.address = policy_copy(pc, y->dvipa->address);
        unsigned n = y->dvipa->names_count;
        const char **names = n ? uhp_arena_alloc(a, n * sizeof *names) : NULL;
        if (n && !names)
            return !(pc->nomem = true);
        for (unsigned i = 0; i < n; i++)
            names[i] = policy_copy(pc, y->dvipa->names[i]);
        p->dvipa.names = names;
        p->dvipa.n_names = n;
    }
    if (y->fail_on && !(p->has_fail_on = uhp_severity_parse(y->fail_on, &p->fail_on)))
        return policy_error_at(
            pc, root->start,
            "the policy could not be loaded into its typed form: libcyaml read 'fail-on' as '%s'",
            y->fail_on);
    if (y->ignore_count) {
        if (!(p->ignores = uhp_arena_alloc(a, y->ignore_count * sizeof *p->ignores)))
            return !(pc->nomem = true);
        for (unsigned i = 0; i < y->ignore_count; i++) {
            const policy_y_ignore *yi = &y->ignore[i];
            const uhp_rule *r = uhp_rule_find(yi->rule);
            if (!r)
                return policy_error_at(pc, root->start,
                                       "the policy could not be loaded into its typed form: "
                                       "unknown rule '%s' in 'ignore'",
                                       yi->rule);
            p->ignores[p->n_ignores++] =
                (uhp_policy_ignore){r->id, policy_copy(pc, yi->files),
                                    policy_copy(pc, yi->instance), policy_copy(pc, yi->reason)};
        }
    }
    if (y->products_count) {
        if (!(p->products = uhp_arena_alloc(a, y->products_count * sizeof *p->products)))
            return !(pc->nomem = true);
        for (unsigned i = 0; i < y->products_count; i++) {
            p->products[i].name = policy_copy(pc, y->products[i].name);
            p->products[i].pattern = policy_copy(pc, y->products[i].experience_pattern);
        }
        p->n_products = y->products_count;
    }
    if (y->limits && y->limits->max_size &&
        !(p->has_max_size = uhp_parse_size(y->limits->max_size, &p->max_size)))
        return policy_error_at(
            pc, root->start,
            "the policy could not be loaded into its typed form: libcyaml read 'max-size' as '%s'",
            y->limits->max_size);
    if (y->limits && y->limits->max_depth) {
        p->has_max_depth = true;
        p->max_depth = *y->limits->max_depth;
        if (p->max_depth < 1 || p->max_depth > POLICY_MAX_DEPTH_LIMIT)
            return policy_error_at(pc, root->start,
                                   "the policy could not be loaded into its typed form: libcyaml "
                                   "read 'max-depth' as %u",
                                   (unsigned)p->max_depth);
    }
    return !pc->nomem;
}

/* Loads SRC's bytes with libcyaml and copies them into pc->p. Returns 0, -1 with the error
 * recorded at ROOT (libcyaml refused what the checks accepted: its first logged line), or -2
 * when memory runs out. */
static int policy_cyaml(policy_ctx *pc, const uhp_source *src, const uhp_node *root)
{
    char msg[256] = "";
    cyaml_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.log_fn = policy_cyaml_log;
    cfg.log_ctx = msg;
    cfg.mem_fn = policy_cyaml_mem;
    cfg.log_level = CYAML_LOG_ERROR;
    cfg.flags = CYAML_CFG_NO_ALIAS;
    policy_y *y = NULL;
    cyaml_err_t rc = cyaml_load_data((const uint8_t *)src->data, src->len, &cfg, &policy_y_top,
                                     (cyaml_data_t **)&y, NULL);
    int result = 0;
    if (rc == CYAML_ERR_OOM) {
        result = -2;
    } else if (rc != CYAML_OK) {
        const char *text = msg[0] ? msg : cyaml_strerror(rc);
        if (!strncmp(text, "Load: ", 6))
            text += 6;
        policy_error_at(pc, root->start, "the policy could not be loaded into its typed form: %s",
                        text);
        result = -1;
    } else if (!policy_convert(pc, y, root)) {
        result = pc->nomem ? -2 : -1;
    }
    if (y)
        cyaml_free(&cfg, &policy_y_top, y, 0);
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
