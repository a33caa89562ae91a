/* ${{ }} templates as Zowe's config manager evaluates them (zowe-common-c c/configmgr.c
 * cfgLoadConfiguration2 -> c/embeddedjs.c evaluateJsonTemplates; c/yaml2json.c
 * buildTemplateJSON):
 *  - once, at load, on the merge of every layer and the defaults, BEFORE any haInstances
 *    overlay: an overlay merges already-evaluated values and re-evaluates nothing, and a
 *    template written inside haInstances.<id> is evaluated there, against the base;
 *  - in document order of the merged tree, replaced in place: a template that reads one
 *    coming later still sees the unevaluated object, so its result is not the later value;
 *  - a scalar is the JavaScript expression "frag" + expr + "frag" ...: one template and no
 *    text around it keeps the referenced value's type; otherwise JavaScript's '+' applies
 *    left to right (a string anywhere makes a string, numbers add).
 * Only pure path references are evaluated here; any other JavaScript is UNKNOWN, which the
 * rules report as "could not verify". Results are memoised per template node, and the
 * bytes they produce are budgeted per configuration (uhp_config.template_budget). */
#include "config_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/finding.h"

/* The deepest merged-document position compared for document order. */
#define TPL_MAX_CHAIN 64
/* A template expression longer than this is not a path this module reads. */
#define TPL_MAX_EXPR 512

typedef struct tpl_entry {
    const uhp_node *node;
    bool busy; /* being evaluated: a reference back to it reads as UNKNOWN */
    uhp_value val;
} tpl_entry;

/* Per configuration: results by node (open addressing, at most half full), the budget,
 * and the strings that carry a secret. */
struct uhp_cfg_tmpl {
    tpl_entry **slot;
    size_t cap, n;
    size_t left;              /* bytes template results may still produce */
    const uhp_node *overflow; /* the first template refused for the budget */
    const char **secrets;     /* result strings built from secret values */
    size_t n_secrets, cap_secrets;
};

bool uhp_config_templates_init(uhp_config *cfg)
{
    if (cfg->tmpl)
        return true;
    struct uhp_cfg_tmpl *t = uhp_arena_alloc(cfg->arena, sizeof *t);
    tpl_entry **slot = uhp_arena_alloc(cfg->arena, 16 * sizeof *slot);
    if (!t || !slot)
        return false;
    memset(t, 0, sizeof *t);
    memset(slot, 0, 16 * sizeof *slot);
    t->slot = slot;
    t->cap = 16;
    t->left = cfg->template_budget ? cfg->template_budget : UHP_DEFAULT_TEMPLATE_BUDGET;
    cfg->tmpl = t;
    return true;
}

const uhp_node *uhp_config_template_overflow(const uhp_config *cfg)
{
    return cfg->tmpl ? cfg->tmpl->overflow : NULL;
}

size_t uhp_config_secrets(const uhp_config *cfg, const char *const **out)
{
    if (!cfg->tmpl) {
        *out = NULL;
        return 0;
    }
    *out = cfg->tmpl->secrets;
    return cfg->tmpl->n_secrets;
}

/* Remembers S (in the config's arena) as a string that must never be shown. */
static void tpl_add_secret(const uhp_config *cfg, const char *s)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    if (!t || !s || !*s)
        return;
    for (size_t i = 0; i < t->n_secrets; i++)
        if (!strcmp(t->secrets[i], s))
            return;
    if (t->n_secrets == t->cap_secrets) {
        size_t cap = t->cap_secrets ? t->cap_secrets * 2 : 8;
        const char **grown = uhp_arena_alloc(cfg->arena, cap * sizeof *grown);
        if (!grown)
            return;
        if (t->n_secrets)
            memcpy(grown, t->secrets, t->n_secrets * sizeof *grown);
        t->secrets = grown;
        t->cap_secrets = cap;
    }
    t->secrets[t->n_secrets++] = s;
}

static size_t tpl_hash(const uhp_node *n, size_t mask)
{
    uint64_t h = (uint64_t)(uintptr_t)n * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 17) & mask;
}

/* The entry of N, or NULL; with ADD, a new busy entry when N has none (NULL without
 * memory). */
static tpl_entry *tpl_find(const uhp_config *cfg, const uhp_node *n, bool add)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    size_t mask = t->cap - 1;
    size_t i = tpl_hash(n, mask);
    for (; t->slot[i]; i = (i + 1) & mask)
        if (t->slot[i]->node == n)
            return t->slot[i];
    if (!add)
        return NULL;
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap * 2;
        tpl_entry **slot = uhp_arena_alloc(cfg->arena, cap * sizeof *slot);
        if (!slot)
            return NULL;
        memset(slot, 0, cap * sizeof *slot);
        for (size_t k = 0; k < t->cap; k++) {
            if (!t->slot[k])
                continue;
            size_t j = tpl_hash(t->slot[k]->node, cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = t->slot[k];
        }
        t->slot = slot;
        t->cap = cap;
        mask = cap - 1;
        for (i = tpl_hash(n, mask); t->slot[i]; i = (i + 1) & mask)
            ;
    }
    tpl_entry *e = uhp_arena_alloc(cfg->arena, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->node = n;
    e->busy = true;
    t->slot[i] = e;
    t->n++;
    return e;
}

uhp_value uhp_cfg_unknown(const uhp_node *n, bool from_inst)
{
    uhp_value v;
    memset(&v, 0, sizeof v);
    v.kind = UHP_VAL_UNKNOWN;
    v.node = n;
    v.via = n;
    v.str = n->value;
    v.from_instance = from_inst;
    return v;
}

/* True when EXPR[0..LEN) is only a path reference: identifiers, dots and [n] or ['key']
 * subscripts, nothing JavaScript would compute. */
static bool tpl_is_path_ref(const char *expr, size_t len)
{
    if (len == 0 || !(isalpha((unsigned char)expr[0]) || expr[0] == '_' || expr[0] == '$'))
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = expr[i];
        if (ch == '\'' || ch == '"') {
            size_t j = i + 1;
            while (j < len && expr[j] != ch)
                j++;
            if (j >= len)
                return false;
            i = j;
            continue;
        }
        if (!(isalnum((unsigned char)ch) || ch == '_' || ch == '$' || ch == '.' || ch == '[' ||
              ch == ']'))
            return false;
    }
    return true;
}

/* True when a key of path EXPR names a secret (the reference reads a secret's value). */
static bool tpl_path_is_secret(const char *expr)
{
    char key[256];
    const char *p = expr;
    while (*p) {
        size_t n = 0;
        while (*p && (*p == '.' || *p == '[' || *p == ']' || *p == '\'' || *p == '"'))
            p++;
        while (*p && *p != '.' && *p != '[' && *p != ']' && *p != '\'' && *p != '"') {
            if (n < sizeof key - 1)
                key[n++] = *p;
            p++;
        }
        key[n] = '\0';
        if (n && uhp_key_is_secret(key))
            return true;
    }
    return false;
}

/* ToString of a scalar value (JavaScript's rendering of numbers, booleans and null); BUF
 * holds a number's digits. NULL for anything else. */
static const char *tpl_text(const uhp_value *v, char *buf, size_t size, size_t *len)
{
    switch (v->kind) {
    case UHP_VAL_STRING:
        *len = strlen(v->str);
        return v->str;
    case UHP_VAL_INT:
        *len = (size_t)snprintf(buf, size, "%lld", (long long)v->i);
        return buf;
    case UHP_VAL_BOOL:
        *len = v->b ? 4 : 5;
        return v->b ? "true" : "false";
    case UHP_VAL_NULL:
        *len = 4;
        return "null";
    default:
        return NULL;
    }
}

/* ToNumber of a non-string scalar: integers, true 1, false 0, null 0. */
static bool tpl_number(const uhp_value *v, int64_t *out)
{
    switch (v->kind) {
    case UHP_VAL_INT:
        *out = v->i;
        return true;
    case UHP_VAL_BOOL:
        *out = v->b ? 1 : 0;
        return true;
    case UHP_VAL_NULL:
        *out = 0;
        return true;
    default:
        return false;
    }
}

/* *ACC = *ACC + *X with JavaScript's '+' (a string on either side concatenates, otherwise
 * numbers add). Returns false when the result is not modelled (an object, an overflow) or
 * would pass the budget (then the overflow is recorded at N). */
static bool tpl_add(const uhp_config *cfg, const uhp_node *n, uhp_value *acc, const uhp_value *x)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    char lb[32], rb[32];
    size_t llen, rlen;
    const char *l = tpl_text(acc, lb, sizeof lb, &llen);
    const char *r = tpl_text(x, rb, sizeof rb, &rlen);
    if (!l || !r)
        return false;
    if (acc->kind != UHP_VAL_STRING && x->kind != UHP_VAL_STRING) {
        int64_t a, b;
        if (!tpl_number(acc, &a) || !tpl_number(x, &b) || (b > 0 && a > INT64_MAX - b) ||
            (b < 0 && a < INT64_MIN - b))
            return false;
        acc->kind = UHP_VAL_INT;
        acc->i = a + b;
        return true;
    }
    if (llen + rlen > t->left) {
        if (!t->overflow)
            t->overflow = n;
        t->left = 0;
        return false;
    }
    char *out = uhp_arena_alloc(cfg->arena, llen + rlen + 1);
    if (!out)
        return false;
    memcpy(out, l, llen);
    memcpy(out + llen, r, rlen);
    out[llen + rlen] = '\0';
    t->left -= llen + rlen;
    acc->kind = UHP_VAL_STRING;
    acc->str = out;
    return true;
}

/* Evaluates template N (the entry E is busy meanwhile). */
static uhp_value tpl_eval(const uhp_config *cfg, const uhp_node *n)
{
    const uhp_view base = {cfg, NULL, cfg->arena};
    const char *s = n->value;
    const char *end = s + n->len;
    /* One template and nothing around it, not even a blank: the value keeps its type. */
    bool whole = n->len >= 5 && memcmp(s, "${{", 3) == 0 && memcmp(end - 2, "}}", 2) == 0 &&
                 strstr(s + 3, "}}") == end - 2;
    uhp_value acc;
    memset(&acc, 0, sizeof acc);
    bool first = true, secret = false;
    const char *p = s;
    char expr[TPL_MAX_EXPR];
    while (p < end) {
        const char *open = strstr(p, "${{");
        const char *lit_end = open ? open : end;
        if (lit_end > p) {
            uhp_value lit;
            memset(&lit, 0, sizeof lit);
            lit.kind = UHP_VAL_STRING;
            lit.str = uhp_arena_strndup(cfg->arena, p, (size_t)(lit_end - p));
            if (!lit.str)
                return uhp_cfg_unknown(n, false);
            if (first)
                acc = lit;
            else if (!tpl_add(cfg, n, &acc, &lit))
                return uhp_cfg_unknown(n, false);
            first = false;
        }
        if (!open)
            break;
        const char *close = strstr(open + 3, "}}");
        if (!close)
            return uhp_cfg_unknown(n, false); /* UHA005 says so */
        const char *e = open + 3;
        while (e < close && isspace((unsigned char)*e))
            e++;
        size_t len = (size_t)(close - e);
        while (len && isspace((unsigned char)e[len - 1]))
            len--;
        if (len >= sizeof expr || !tpl_is_path_ref(e, len))
            return uhp_cfg_unknown(n, false);
        memcpy(expr, e, len);
        expr[len] = '\0';
        uhp_value r = uhp_cfg_get_for(&base, expr, n);
        if (r.kind == UHP_VAL_ABSENT || r.kind == UHP_VAL_UNKNOWN)
            return uhp_cfg_unknown(n, false);
        bool r_secret = r.secret || tpl_path_is_secret(expr);
        secret = secret || r_secret;
        if (whole) {
            r.via = n;
            r.secret = r_secret;
            if (r_secret && r.kind == UHP_VAL_STRING)
                tpl_add_secret(cfg, r.str);
            return r;
        }
        if (r_secret && r.kind == UHP_VAL_STRING)
            tpl_add_secret(cfg, r.str);
        if (first) {
            if (r.kind != UHP_VAL_STRING && r.kind != UHP_VAL_INT && r.kind != UHP_VAL_BOOL &&
                r.kind != UHP_VAL_NULL)
                return uhp_cfg_unknown(n, false);
            acc = r;
        } else if (!tpl_add(cfg, n, &acc, &r)) {
            return uhp_cfg_unknown(n, false);
        }
        first = false;
        p = close + 2;
    }
    if (acc.kind != UHP_VAL_STRING && acc.kind != UHP_VAL_INT)
        return uhp_cfg_unknown(n, false);
    uhp_value v;
    memset(&v, 0, sizeof v);
    v.kind = acc.kind;
    v.node = n;
    v.via = n;
    v.secret = secret;
    if (acc.kind == UHP_VAL_STRING) {
        v.str = acc.str;
        if (secret)
            tpl_add_secret(cfg, acc.str);
    } else {
        v.i = acc.i;
        v.str = uhp_arena_printf(cfg->arena, "%lld", (long long)acc.i);
        if (!v.str)
            return uhp_cfg_unknown(n, false);
    }
    return v;
}

uhp_value uhp_cfg_template_value(const uhp_config *cfg, const uhp_node *n)
{
    if (!cfg->tmpl)
        return uhp_cfg_unknown(n, false); /* uhp_config_templates_init was not called */
    tpl_entry *e = tpl_find(cfg, n, false);
    if (e) /* evaluated, or under evaluation (a reference back to itself) */
        return e->busy ? uhp_cfg_unknown(n, false) : e->val;
    e = tpl_find(cfg, n, true);
    if (!e)
        return uhp_cfg_unknown(n, false);
    uhp_value v = tpl_eval(cfg, n);
    e->val = v;
    e->busy = false;
    return v;
}

/* The nodes from the top level down to N (the root excluded) into CHAIN; returns how many,
 * or 0 when N is deeper than TPL_MAX_CHAIN. */
static size_t tpl_chain(const uhp_node *n, const uhp_node **chain)
{
    size_t depth = 0;
    for (const uhp_node *p = n; p->parent; p = p->parent)
        depth++;
    if (depth == 0 || depth > TPL_MAX_CHAIN)
        return 0;
    size_t i = depth;
    for (const uhp_node *p = n; p->parent; p = p->parent)
        chain[--i] = p;
    return depth;
}

/* Position of key child CH of a merged map: the lowest layer that holds the key comes
 * first, then its position in that layer (Zowe's merge keeps the base's key order and
 * appends keys the higher layers add). Returns false when no part holds it live. */
static bool tpl_key_rank(const uhp_value *map, const uhp_node *ch, size_t *layer, size_t *pos)
{
    for (uint32_t p = map->n_parts; p-- > 0;) {
        const uhp_node *got = uhp_cfg_live_child(map->parts[p], ch->key, ch->key_hash);
        if (!got)
            continue;
        *layer = map->n_parts - 1 - p;
        size_t k = 0;
        for (const uhp_node *c = map->parts[p]->first; c && c != got; c = c->next)
            k++;
        *pos = k;
        return true;
    }
    return false;
}

/* Merged index of item CH of a concatenated sequence; false when its array is not a part. */
static bool tpl_item_rank(const uhp_value *seq, const uhp_node *ch, size_t *index)
{
    size_t offset = 0;
    for (uint32_t p = 0; p < seq->n_parts; p++) {
        const uhp_node *part = seq->parts[p];
        if (part == ch->parent) {
            size_t k = 0;
            for (const uhp_node *c = part->first; c && c != ch; c = c->next)
                if (!uhp_cfg_dropped(c))
                    k++;
            *index = offset + k;
            return true;
        }
        offset += uhp_cfg_live_len(part);
    }
    return false;
}

bool uhp_cfg_doc_before(const uhp_config *cfg, const uhp_node *a, const uhp_node *b)
{
    const uhp_node *ca[TPL_MAX_CHAIN], *cb[TPL_MAX_CHAIN];
    size_t na = tpl_chain(a, ca), nb = tpl_chain(b, cb);
    if (!na || !nb)
        return false;
    const uhp_view base = {cfg, NULL, cfg->arena};
    uhp_value cur = uhp_cfg_get_for(&base, "", NULL);
    for (size_t i = 0; i < na && i < nb; i++) {
        if (cur.kind == UHP_VAL_MAP) {
            if (!ca[i]->key || !cb[i]->key)
                return false;
            if (strcmp(ca[i]->key, cb[i]->key) != 0) {
                size_t la, pa, lb, pb;
                if (!tpl_key_rank(&cur, ca[i], &la, &pa) || !tpl_key_rank(&cur, cb[i], &lb, &pb))
                    return false;
                return la < lb || (la == lb && pa < pb);
            }
            cur = uhp_value_child(&base, &cur, ca[i]->key);
        } else if (cur.kind == UHP_VAL_SEQ) {
            size_t ia, ib;
            if (ca[i]->key || cb[i]->key || !tpl_item_rank(&cur, ca[i], &ia) ||
                !tpl_item_rank(&cur, cb[i], &ib))
                return false;
            if (ia != ib)
                return ia < ib;
            cur = uhp_value_seq_item(&base, &cur, ia);
        } else {
            return false;
        }
    }
    return false; /* the same position, or one inside the other */
}
