/* The policy's schema table (policy_top_fields) and the one pass over the positioned tree it
 * drives: every key and value checked with its file:line:col; `rules:` stored here (see
 * policy.c for why). */

#include "uhp/policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"
#include "uhp/rule.h"
#include "uhp/tree.h"

#include "policy_internal.h"

/* ---- The schema: one table drives checking and reading --------------------------------- */

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

/* Records "path:line:col: message" as the error (the first one wins); returns false. */
bool policy_error_at(policy_ctx *pc, uhp_pos pos, const char *fmt, ...)
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
int policy_error_plain(char *err, size_t errlen, const char *fmt, ...)
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
    snprintf(buf, size, "'%s'", uhp_node_value(n));
    return buf;
}

/* Where to point for a value: the key for collections and empty values, else the value. */
static uhp_pos policy_pos(const uhp_node *n)
{
    if (n->key && (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n)))
        return uhp_node_key_pos(n);
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
    for (const uhp_node *c = uhp_node_first(map); c; c = c->next) {
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
            return policy_error_at(pc, uhp_node_key_pos(c),
                                   "unknown key '%s' in %s (did you mean '%s'?); allowed: %s",
                                   c->key, where, best, list);
        return policy_error_at(pc, uhp_node_key_pos(c), "unknown key '%s' in %s; allowed: %s",
                               c->key, where, list);
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
    if (!uhp_ip_address_valid(uhp_node_value(n)))
        return policy_error_at(pc, policy_pos(n),
                               "'dvipa.address' '%s' is not an IPv4 or IPv6 address (DNS names "
                               "go in dvipa.names)",
                               uhp_node_value(n));
    return true;
}

static bool policy_on_names(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    if (!policy_want_seq(pc, n, "names", "DNS names"))
        return false;
    for (const uhp_node *c = uhp_node_first(n); c; c = c->next) {
        if (!policy_want_text(pc, c, "names"))
            return false;
        if (strcspn(uhp_node_value(c), " \t") != strlen(uhp_node_value(c)))
            return policy_error_at(pc, policy_pos(c),
                                   "'dvipa.names' item '%s' is not a DNS name (it has "
                                   "blanks)",
                                   uhp_node_value(c));
    }
    return true;
}

static bool policy_on_fail_on(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    uhp_severity sev;
    char buf[128];
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) ||
        !uhp_severity_parse(uhp_node_value(n), &sev) || sev == UHP_SEV_OFF)
        return policy_error_at(pc, policy_pos(n),
                               "'fail-on' must be error, warning or info, not %s",
                               policy_what(n, buf, sizeof buf));
    return true;
}

/* `zowe-runtime:` and `extensions:` name a directory (relative to the policy's folder). */
static bool policy_on_dir(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    char buf[128];
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) || !uhp_node_value(n)[0])
        return policy_error_at(pc, policy_pos(n), "'%s' must be a directory path, not %s", f->key,
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
    for (const uhp_node *c = uhp_node_first(n); c && pc->n_rules < count; c = c->next) {
        const uhp_rule *r = policy_rule(pc, uhp_node_key_pos(c), c->key, "'rules'");
        if (!r)
            return false;
        for (const uhp_node *o = uhp_node_first(n); o != c; o = o->next) {
            const uhp_rule *prev = uhp_rule_find(o->key);
            if (prev == r)
                return policy_error_at(pc, uhp_node_key_pos(c),
                                       "rule '%s' is set twice in 'rules' (as '%s' and '%s')",
                                       r->id, o->key, c->key);
        }
        uhp_severity sev;
        char buf[128];
        if (c->kind != UHP_NODE_SCALAR || uhp_node_is_null(c) ||
            !uhp_severity_parse(uhp_node_value(c), &sev))
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
    const uhp_rule *r = policy_rule(pc, n->start, uhp_node_value(n), "'ignore'");
    if (!r)
        return false;
    return true;
}

/* `files`: a glob the matcher takes (uhp_policy_glob). */
static bool policy_on_ignore_files(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    if (strlen(uhp_node_value(n)) > UHP_POLICY_GLOB_MAX)
        return policy_error_at(pc, n->start,
                               "the 'files' pattern is %zu bytes long: a pattern may have "
                               "at most %d (a path is shorter than that)",
                               strlen(uhp_node_value(n)), UHP_POLICY_GLOB_MAX);
    return true;
}

static bool policy_on_max_size(policy_ctx *pc, const policy_field *f, const uhp_node *n)
{
    (void)f;
    char buf[128];
    size_t size;
    if (n->kind != UHP_NODE_SCALAR || uhp_node_is_null(n) ||
        !uhp_parse_size(uhp_node_value(n), &size))
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
    if (n->kind != UHP_NODE_SCALAR || n->type != UHP_TYPE_INT || uhp_node_ival(n) < 1 ||
        uhp_node_ival(n) > POLICY_MAX_DEPTH_LIMIT)
        return policy_error_at(pc, policy_pos(n),
                               "'max-depth' must be a whole number from 1 to %u, not %s",
                               POLICY_MAX_DEPTH_LIMIT, policy_what(n, buf, sizeof buf));
    /* libcyaml reads a number with a leading 0 as octal (010 is 8, 09 is 0). */
    if (uhp_node_value(n)[0] == '0')
        return policy_error_at(pc, policy_pos(n),
                               "'max-depth' must be written without a leading zero, not '%s'",
                               uhp_node_value(n));
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
    {"zowe-runtime", POLICY_CUSTOM, NULL, NULL, policy_on_dir},
    {"extensions", POLICY_CUSTOM, NULL, NULL, policy_on_dir},
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
            return policy_error_at(pc, map->key ? uhp_node_key_pos(map) : map->start, f->missing,
                                   first && first->kind == UHP_NODE_SCALAR && uhp_node_value(first)
                                       ? uhp_node_value(first)
                                       : "");
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
        for (const uhp_node *e = uhp_node_first(n); e; e = e->next) {
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
int policy_read(policy_ctx *pc, const uhp_node *root)
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
