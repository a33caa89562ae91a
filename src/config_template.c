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

/* A template expression longer than this is not a path this module reads. */
#define TPL_MAX_EXPR 512

uhp_value uhp_cfg_unknown(const uhp_node *n, bool from_inst)
{
    uhp_value v;
    memset(&v, 0, sizeof v);
    v.kind = UHP_VAL_UNKNOWN;
    v.node = n;
    v.via = n;
    v.str = uhp_node_value(n);
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

/* Gathers map keys into a growing array in the config's arena (uhp_value_map_keys). */
typedef struct tpl_keys {
    const char **key;
    size_t n, cap;
    bool oom;
    uhp_arena *arena;
} tpl_keys;

static bool tpl_collect_key(void *ctx, const char *key)
{
    tpl_keys *k = ctx;
    if (k->n == k->cap) {
        const char **grown =
            uhp_arena_grow(k->arena, k->key, k->n, &k->cap, k->n + 1, sizeof *grown, 16);
        if (!grown) {
            k->oom = true;
            return false;
        }
        k->key = grown;
    }
    k->key[k->n++] = key;
    return true;
}

/* *ACC = *ACC + *X with JavaScript's '+' on primitives (tpl_primitive: ABSENT stands for
 * undefined): a string on either side concatenates, otherwise numbers add. Returns false
 * when the result is not modelled (NaN, past 32 bits, where QuickJS turns to doubles) or
 * would pass the budget (then the overflow is recorded at N). */
static bool tpl_add(const uhp_config *cfg, const uhp_node *n, uhp_value *acc, const uhp_value *x)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    char lb[32], rb[32];
    size_t llen, rlen;
    const char *l =
        acc->kind == UHP_VAL_ABSENT ? (llen = 9, "undefined") : tpl_text(acc, lb, sizeof lb, &llen);
    const char *r =
        x->kind == UHP_VAL_ABSENT ? (rlen = 9, "undefined") : tpl_text(x, rb, sizeof rb, &rlen);
    if (!l || !r)
        return false;
    if (acc->kind != UHP_VAL_STRING && x->kind != UHP_VAL_STRING) {
        int64_t a, b;
        if (!tpl_number(acc, &a) || !tpl_number(x, &b))
            return false;    /* undefined: NaN */
        int64_t sum = a + b; /* both within 32 bits: no overflow */
        if (sum < INT32_MIN || sum > INT32_MAX)
            return false;
        acc->kind = UHP_VAL_INT;
        acc->i = sum;
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

/* Appends TEXT[0..LEN) to the growing string *BUF (*LEN_SO_FAR, *CAP) in the config's arena,
 * within the budget. Returns false without memory or past the budget (recorded at N). */
static bool tpl_append(const uhp_config *cfg, const uhp_node *n, char **buf, size_t *len_so_far,
                       size_t *cap, const char *text, size_t len)
{
    struct uhp_cfg_tmpl *t = cfg->tmpl;
    if (len > t->left) {
        if (!t->overflow)
            t->overflow = n;
        t->left = 0;
        return false;
    }
    if (*len_so_far + len + 1 > *cap) {
        char *grown =
            uhp_arena_grow(cfg->arena, *buf, *len_so_far, cap, *len_so_far + len + 1, 1, 32);
        if (!grown)
            return false;
        *buf = grown;
    }
    memcpy(*buf + *len_so_far, text, len);
    *len_so_far += len;
    (*buf)[*len_so_far] = '\0';
    t->left -= len;
    return true;
}

/* The deepest array nesting a template's '+' joins. */
#define TPL_MAX_JOIN_DEPTH 16

/* Array.prototype.join(',') of sequence SEQ read for template N: null and undefined items
 * are empty, nested arrays joined the same way, objects "[object Object]". Returns false
 * when an item is not modelled (a template not yet evaluated, one it cannot evaluate). */
static bool tpl_join(const uhp_config *cfg, const uhp_node *n, const uhp_value *seq, int depth,
                     char **buf, size_t *len, size_t *cap)
{
    if (depth > TPL_MAX_JOIN_DEPTH)
        return false;
    const uhp_view base = {cfg, NULL, cfg->arena};
    size_t count = uhp_value_seq_len(seq);
    for (size_t i = 0; i < count; i++) {
        if (i && !tpl_append(cfg, n, buf, len, cap, ",", 1))
            return false;
        uhp_value item = uhp_cfg_seq_item_for(&base, seq, i, n);
        char nb[32];
        size_t tl = 0;
        const char *text = NULL;
        switch (item.kind) {
        case UHP_VAL_NULL:
        case UHP_VAL_ABSENT:
            continue;
        case UHP_VAL_MAP:
            text = "[object Object]";
            tl = 15;
            break;
        case UHP_VAL_SEQ:
            if (!tpl_join(cfg, n, &item, depth + 1, buf, len, cap))
                return false;
            continue;
        case UHP_VAL_UNKNOWN:
            return false;
        default:
            if (item.secret)
                return false;
            text = tpl_text(&item, nb, sizeof nb, &tl);
            break;
        }
        if (!text || !tpl_append(cfg, n, buf, len, cap, text, tl))
            return false;
    }
    if (!*buf && !tpl_append(cfg, n, buf, len, cap, "", 0))
        return false;
    return true;
}

/* Splits path EXPR at its last step: PARENT gets the path before it ("" when EXPR is one
 * name), *INDEX the step's [n] index or -1 for a key. False when it cannot be split. */
static bool tpl_split_last(const char *expr, char *parent, size_t size, long *index)
{
    size_t len = strlen(expr), cut = 0;
    char quote = 0;
    for (size_t i = 0; i < len; i++) {
        char c = expr[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '.' || c == '[')
            cut = i;
    }
    if (cut == 0 || cut >= size)
        return false;
    memcpy(parent, expr, cut);
    parent[cut] = '\0';
    *index = -1;
    if (expr[cut] == '[' && isdigit((unsigned char)expr[cut + 1])) {
        char *endp;
        *index = strtol(expr + cut + 1, &endp, 10);
        if (*endp != ']')
            return false;
    }
    return true;
}

/* Operand R of template N (read at path EXPR) as JavaScript's ToPrimitive makes it, into
 * *OUT: scalars as they are, arrays joined, objects "[object Object]", and a missing last
 * key of an existing object or array undefined (ABSENT); a string's [n] is its character.
 * Returns false when JavaScript would throw (a missing parent) or the model does not claim
 * the result. */
static bool tpl_primitive(const uhp_config *cfg, const uhp_node *n, const char *expr,
                          const uhp_value *r, uhp_value *out)
{
    *out = *r;
    switch (r->kind) {
    case UHP_VAL_STRING:
    case UHP_VAL_INT:
    case UHP_VAL_BOOL:
    case UHP_VAL_NULL:
        return r->kind != UHP_VAL_INT || (r->i >= INT32_MIN && r->i <= INT32_MAX);
    case UHP_VAL_MAP:
        out->kind = UHP_VAL_STRING;
        out->str = "[object Object]";
        return true;
    case UHP_VAL_SEQ: {
        char *buf = NULL;
        size_t len = 0, cap = 0;
        if (!tpl_join(cfg, n, r, 0, &buf, &len, &cap))
            return false;
        out->kind = UHP_VAL_STRING;
        out->str = buf;
        return true;
    }
    case UHP_VAL_ABSENT: {
        char parent[TPL_MAX_EXPR];
        long index;
        if (!tpl_split_last(expr, parent, sizeof parent, &index))
            return false; /* a missing top-level name: a ReferenceError */
        const uhp_view base = {cfg, NULL, cfg->arena};
        uhp_value p = uhp_cfg_get_for(&base, parent, n);
        if (p.kind == UHP_VAL_STRING && index >= 0) {
            size_t sl = strlen(p.str);
            for (size_t i = 0; i < sl; i++)
                if ((unsigned char)p.str[i] >= 0x80)
                    return false; /* JavaScript indexes UTF-16 units */
            if ((size_t)index < sl) {
                out->kind = UHP_VAL_STRING;
                out->str = uhp_arena_strndup(cfg->arena, p.str + index, 1);
                return out->str != NULL;
            }
            return true; /* undefined */
        }
        /* value[key] of an object, array, string, number or boolean is undefined; of
         * null or undefined it throws. Keys of the prototype are not modelled. */
        return p.kind == UHP_VAL_MAP || p.kind == UHP_VAL_SEQ ||
               (index < 0 &&
                (p.kind == UHP_VAL_STRING || p.kind == UHP_VAL_INT || p.kind == UHP_VAL_BOOL));
    }
    default:
        return false;
    }
}

/* True when whole-template result V of N comes back from JavaScript as the same JSON: an
 * array comes back an object keyed by index (QuickJS tests for an object first), an object
 * holding one, a key that looks like an index (listed first) or a template not evaluated
 * before N does not either, nor an integer past 32 bits. */
static bool tpl_json_roundtrip(const uhp_config *cfg, const uhp_node *n, const uhp_value *v)
{
    if (v->kind == UHP_VAL_SEQ || v->kind == UHP_VAL_UNKNOWN || v->kind == UHP_VAL_ABSENT)
        return false;
    if (v->kind == UHP_VAL_INT)
        return v->i >= INT32_MIN && v->i <= INT32_MAX;
    if (v->kind != UHP_VAL_MAP)
        return true;
    const uhp_view base = {cfg, NULL, cfg->arena};
    /* An explicit stack of maps still to look through. */
    size_t cap = 16, top = 0;
    uhp_value *stack = uhp_arena_alloc(cfg->arena, cap * sizeof *stack);
    if (!stack)
        return false;
    stack[top++] = *v;
    while (top) {
        uhp_value map = stack[--top];
        tpl_keys keys = {NULL, 0, 0, false, cfg->arena};
        uhp_value_map_keys(&base, &map, tpl_collect_key, &keys);
        if (keys.oom)
            return false;
        for (size_t i = 0; i < keys.n; i++) {
            const char *k = keys.key[i];
            bool index_like = k[0] >= '0' && k[0] <= '9' && (k[0] != '0' || !k[1]);
            for (const char *q = k; index_like && *q; q++)
                index_like = *q >= '0' && *q <= '9';
            if (index_like)
                return false;
            uhp_value c = uhp_value_child(&base, &map, k);
            if (c.via && !uhp_cfg_doc_before(cfg, c.via, n))
                return false; /* still the unevaluated marker when N runs */
            if (c.kind == UHP_VAL_SEQ || c.kind == UHP_VAL_UNKNOWN ||
                (c.kind == UHP_VAL_INT && (c.i < INT32_MIN || c.i > INT32_MAX)))
                return false;
            if (c.kind == UHP_VAL_MAP) {
                if (top == cap) {
                    uhp_value *grown =
                        uhp_arena_grow(cfg->arena, stack, top, &cap, top + 1, sizeof *grown, 8);
                    if (!grown)
                        return false;
                    stack = grown;
                }
                stack[top++] = c;
            }
        }
    }
    return true;
}

/* Evaluates template N (the entry E is busy meanwhile). */
static uhp_value tpl_eval(const uhp_config *cfg, const uhp_node *n)
{
    const uhp_view base = {cfg, NULL, cfg->arena};
    const char *s = uhp_node_value(n);
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
        if (r.kind == UHP_VAL_UNKNOWN)
            return uhp_cfg_unknown(n, false);
        bool r_secret = r.secret || tpl_path_is_secret(expr);
        secret = secret || r_secret;
        if (whole) {
            /* undefined leaves the template unevaluated; what does not come back from
             * JavaScript as the same JSON is not claimed; a string's [n] is a character */
            if (r.kind == UHP_VAL_ABSENT) {
                uhp_value ch;
                if (!tpl_primitive(cfg, n, expr, &r, &ch) || ch.kind != UHP_VAL_STRING)
                    return uhp_cfg_unknown(n, false);
                ch.node = n;
                ch.via = n;
                return ch;
            }
            if (!tpl_json_roundtrip(cfg, n, &r))
                return uhp_cfg_unknown(n, false);
            r.via = n;
            r.secret = r_secret;
            if (r_secret && r.kind == UHP_VAL_STRING)
                uhp_cfg_tmpl_add_secret(cfg, r.str);
            return r;
        }
        uhp_value prim;
        if (!tpl_primitive(cfg, n, expr, &r, &prim))
            return uhp_cfg_unknown(n, false);
        if (r_secret && prim.kind == UHP_VAL_STRING)
            uhp_cfg_tmpl_add_secret(cfg, prim.str);
        if (first)
            acc = prim;
        else if (!tpl_add(cfg, n, &acc, &prim))
            return uhp_cfg_unknown(n, false);
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
            uhp_cfg_tmpl_add_secret(cfg, acc.str);
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
    uhp_cfg_tmpl_entry *e = uhp_cfg_tmpl_find(cfg, n, false);
    if (e) /* evaluated, or under evaluation (a reference back to itself) */
        return e->busy ? uhp_cfg_unknown(n, false) : e->val;
    e = uhp_cfg_tmpl_find(cfg, n, true);
    if (!e)
        return uhp_cfg_unknown(n, false);
    uhp_value v = tpl_eval(cfg, n);
    e->val = v;
    e->busy = false;
    return v;
}
