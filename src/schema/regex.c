/* Size: one engine: the pattern parser, the compiler and the Pike VM share the instruction
 * set, which stays private to this file. */
/* The ECMAScript regular expressions JSON Schema patterns are written in, the subset
 * Zowe's schemas use and a little more: literals and escapes (\. \$ \/ \n \t \xHH \uHHHH),
 * '.', classes with ranges and negation, \d \w \s and their negations, groups (capturing,
 * (?: ) and (?<name> )), alternation, * + ? {n} {n,} {n,m} (lazy forms match the same
 * strings), ^ and $ (no multiline flag). Back-references, look-around and \b are refused.
 *
 * The pattern is turned into postfix with an explicit stack of open groups, counted
 * repetitions are expanded (within an instruction budget), and the program runs as a
 * Pike VM over code points: linear in the input, no backtracking, no recursion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/schema.h"

enum { TK_ATOM, TK_EMPTY, TK_BOL, TK_EOL, TK_CAT, TK_ALT, TK_STAR, TK_PLUS, TK_QUEST };
enum { ST_CHAR, ST_SPLIT, ST_NOP, ST_BOL, ST_EOL, ST_MATCH };

typedef struct re_range {
    uint32_t lo, hi;
} re_range;

typedef struct re_class {
    uint32_t first, n; /* ranges in the range table */
    bool negate;
} re_class;

typedef struct re_tok {
    uint8_t op;
    uint32_t cls;
} re_tok;

typedef struct re_state {
    uint8_t op;
    uint32_t cls;
    uint32_t out, out1; /* state indexes; while building, dangling lists (see re_patch) */
} re_state;

struct uhp_regex {
    re_range *ranges;
    size_t n_ranges, cap_ranges;
    re_class *classes;
    size_t n_classes, cap_classes;
    re_state *states;
    size_t n_states;
    uint32_t start;
};

#define RE_NONE UINT32_MAX
/* Steps (state visits) one search may take: a pattern of 20,000 instructions over a 1 MiB
 * string stays far below it, a hostile pair does not. */
#define RE_MAX_STEPS 200000000ull

typedef struct re_build {
    uhp_regex *re;
    re_tok *out;
    size_t n, cap, max;
    char *msg;
    size_t size;
    bool failed;
} re_build;

static void re_fail(re_build *b, const char *fmt, const char *arg)
{
    if (b->failed)
        return;
    b->failed = true;
    snprintf(b->msg, b->size, fmt, arg);
}

static bool re_emit(re_build *b, uint8_t op, uint32_t cls)
{
    if (b->failed)
        return false;
    if (b->n >= b->max) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", b->max);
        re_fail(b, "pattern too large: more than %s instructions once repetitions are expanded",
                lim);
        return false;
    }
    if (b->n == b->cap) {
        re_tok *g = uhp_grow(b->out, &b->cap, b->n + 1, sizeof *g, 64);
        if (!g) {
            re_fail(b, "%sout of memory", "");
            return false;
        }
        b->out = g;
    }
    b->out[b->n].op = op;
    b->out[b->n].cls = cls;
    b->n++;
    return true;
}

static bool re_add_range(re_build *b, uint32_t lo, uint32_t hi)
{
    uhp_regex *re = b->re;
    if (re->n_ranges >= UINT32_MAX - 1) { /* a class counts its ranges in 32 bits */
        re_fail(b, "%spattern too large", "");
        return false;
    }
    if (re->n_ranges == re->cap_ranges) {
        re_range *g = uhp_grow(re->ranges, &re->cap_ranges, re->n_ranges + 1, sizeof *g, 32);
        if (!g) {
            re_fail(b, "%sout of memory", "");
            return false;
        }
        re->ranges = g;
    }
    re->ranges[re->n_ranges].lo = lo;
    re->ranges[re->n_ranges].hi = hi;
    re->n_ranges++;
    return true;
}

/* Starts a class; returns its index or RE_NONE. Its ranges are the ones added after. */
static uint32_t re_new_class(re_build *b, bool negate)
{
    uhp_regex *re = b->re;
    if (re->n_classes == re->cap_classes) {
        re_class *g = uhp_grow(re->classes, &re->cap_classes, re->n_classes + 1, sizeof *g, 16);
        if (!g) {
            re_fail(b, "%sout of memory", "");
            return RE_NONE;
        }
        re->classes = g;
    }
    re->classes[re->n_classes].first = (uint32_t)re->n_ranges;
    re->classes[re->n_classes].n = 0;
    re->classes[re->n_classes].negate = negate;
    return (uint32_t)re->n_classes++;
}

static void re_end_class(re_build *b, uint32_t cls)
{
    b->re->classes[cls].n = (uint32_t)b->re->n_ranges - b->re->classes[cls].first;
}

/* Adds the ranges of \d, \w, \s (or of their complements for upper case) to the class
 * being built. */
static bool re_add_shorthand(re_build *b, char c)
{
    static const re_range d[] = {{'0', '9'}};
    static const re_range w[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
    static const re_range s[] = {
        {9, 13},          {32, 32},         {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
        {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
    const re_range *set;
    size_t n;
    switch (c | 0x20) {
    case 'd':
        set = d, n = 1;
        break;
    case 'w':
        set = w, n = 4;
        break;
    default:
        set = s, n = sizeof s / sizeof s[0];
        break;
    }
    if (c >= 'a') {
        for (size_t i = 0; i < n; i++)
            if (!re_add_range(b, set[i].lo, set[i].hi))
                return false;
        return true;
    }
    uint32_t next = 0; /* complement: the gaps between the sorted ranges */
    for (size_t i = 0; i < n; i++) {
        if (set[i].lo > next && !re_add_range(b, next, set[i].lo - 1))
            return false;
        next = set[i].hi + 1;
    }
    return re_add_range(b, next, 0x10FFFF);
}

/* Decodes one UTF-8 code point at *P (before END); returns it, or UINT32_MAX when bad. */
static uint32_t re_utf8(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    size_t n;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0)
        n = 2, c &= 0x1F;
    else if ((c & 0xF0) == 0xE0)
        n = 3, c &= 0x0F;
    else if ((c & 0xF8) == 0xF0)
        n = 4, c &= 0x07;
    else
        return UINT32_MAX;
    if ((size_t)(end - s) < n)
        return UINT32_MAX;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return UINT32_MAX;
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n;
    return c;
}

static int re_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads an escape after the backslash at *P (inside a class when IN_CLASS). Returns the
 * code point, or UINT32_MAX-1 for a shorthand class (*SH gets its letter), or UINT32_MAX
 * after failing. */
static uint32_t re_escape(re_build *b, const unsigned char **p, const unsigned char *end,
                          bool in_class, char *sh)
{
    if (*p >= end) {
        re_fail(b, "%sa pattern may not end with a backslash", "");
        return UINT32_MAX;
    }
    unsigned char c = **p;
    (*p)++;
    switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
        *sh = (char)c;
        return UINT32_MAX - 1;
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    case '0':
        return 0;
    case 'b':
        if (in_class)
            return '\b';
        re_fail(b, "%sword boundaries (\\b) are not supported", "");
        return UINT32_MAX;
    case 'x':
    case 'u': {
        int digits = c == 'x' ? 2 : 4;
        uint32_t v = 0;
        if (end - *p < digits) {
            re_fail(b, "bad \\%s escape", c == 'x' ? "x" : "u");
            return UINT32_MAX;
        }
        for (int i = 0; i < digits; i++) {
            int h = re_hexval((char)(*p)[i]);
            if (h < 0) {
                re_fail(b, "bad \\%s escape", c == 'x' ? "x" : "u");
                return UINT32_MAX;
            }
            v = v * 16 + (uint32_t)h;
        }
        *p += digits;
        return v;
    }
    default:
        if ((c >= '1' && c <= '9') || c == 'k' || c == 'B' || c == 'c' || c == 'p' || c == 'P') {
            char what[8] = {'\\', (char)c, 0};
            re_fail(b, "'%s' (back-references, \\B, \\c and \\p) is not supported", what);
            return UINT32_MAX;
        }
        if (c >= 0x80) {
            (*p)--;
            uint32_t cp = re_utf8(p, end);
            if (cp == UINT32_MAX)
                re_fail(b, "%sthe pattern is not UTF-8", "");
            return cp;
        }
        return c; /* an escaped punctuation character stands for itself */
    }
}

/* Parses a class at *P (after '['); returns its index or RE_NONE. */
static uint32_t re_class_parse(re_build *b, const unsigned char **p, const unsigned char *end)
{
    bool negate = false;
    if (*p < end && **p == '^') {
        negate = true;
        (*p)++;
    }
    uint32_t cls = re_new_class(b, negate);
    if (cls == RE_NONE)
        return RE_NONE;
    while (*p < end && **p != ']') {
        uint32_t lo;
        char sh = 0;
        if (**p == '\\') {
            (*p)++;
            lo = re_escape(b, p, end, true, &sh);
        } else {
            lo = re_utf8(p, end);
            if (lo == UINT32_MAX)
                re_fail(b, "%sthe pattern is not UTF-8", "");
        }
        if (b->failed)
            return RE_NONE;
        if (sh) {
            if (!re_add_shorthand(b, sh))
                return RE_NONE;
            continue;
        }
        uint32_t hi = lo;
        if (*p + 1 < end && **p == '-' && (*p)[1] != ']') {
            (*p)++;
            char sh2 = 0;
            if (**p == '\\') {
                (*p)++;
                hi = re_escape(b, p, end, true, &sh2);
            } else {
                hi = re_utf8(p, end);
                if (hi == UINT32_MAX)
                    re_fail(b, "%sthe pattern is not UTF-8", "");
            }
            if (b->failed)
                return RE_NONE;
            if (sh2) {
                /* [a-\d]: a literal '-' and the shorthand, as ECMAScript reads it */
                if (!re_add_range(b, lo, lo) || !re_add_range(b, '-', '-') ||
                    !re_add_shorthand(b, sh2))
                    return RE_NONE;
                continue;
            }
            if (hi < lo) {
                re_fail(b, "%sa class range out of order", "");
                return RE_NONE;
            }
        }
        if (!re_add_range(b, lo, hi))
            return RE_NONE;
    }
    if (*p >= end) {
        re_fail(b, "%san unclosed '['", "");
        return RE_NONE;
    }
    (*p)++;
    re_end_class(b, cls);
    return cls;
}

typedef struct re_level {
    size_t natom, nalt;
    size_t atom_start; /* where the group's own postfix starts */
} re_level;

/* Applies a counted repetition {MIN,MAX} (MAX SIZE_MAX: unbounded) to the last atom,
 * which starts at FROM in the output. */
static void re_repeat(re_build *b, size_t from, size_t min, size_t max)
{
    size_t len = b->n - from;
    re_tok *copy = uhp_malloc(len * sizeof *copy);
    if (!copy) {
        re_fail(b, "%sout of memory", "");
        return;
    }
    memcpy(copy, b->out + from, len * sizeof *copy);
    b->n = from;
    size_t pieces = 0;
    size_t optional = max == SIZE_MAX ? 1 : max - min;
    for (size_t i = 0; i < min + optional && !b->failed; i++) {
        if (b->max - b->n < len + 2) {
            char lim[32];
            snprintf(lim, sizeof lim, "%zu", b->max);
            re_fail(b, "pattern too large: more than %s instructions once repetitions are expanded",
                    lim);
            break;
        }
        for (size_t k = 0; k < len; k++)
            re_emit(b, copy[k].op, copy[k].cls);
        if (i >= min)
            re_emit(b, max == SIZE_MAX ? TK_STAR : TK_QUEST, 0);
        if (pieces++)
            re_emit(b, TK_CAT, 0);
    }
    if (!pieces)
        re_emit(b, TK_EMPTY, 0);
    uhp_free(copy);
}

/* Reads {n}, {n,} or {n,m} at *P (after '{'). Returns false when it is not one (ECMAScript
 * then reads the '{' as a literal). */
static bool re_braces(const unsigned char **p, const unsigned char *end, size_t *min, size_t *max)
{
    const unsigned char *q = *p;
    size_t a = 0, c = 0;
    bool digits = false;
    while (q < end && *q >= '0' && *q <= '9') {
        if (a < 100000)
            a = a * 10 + (*q - '0');
        q++;
        digits = true;
    }
    if (!digits)
        return false;
    size_t hi = a;
    if (q < end && *q == ',') {
        q++;
        bool d2 = false;
        while (q < end && *q >= '0' && *q <= '9') {
            if (c < 100000)
                c = c * 10 + (*q - '0');
            q++;
            d2 = true;
        }
        hi = d2 ? c : SIZE_MAX;
    }
    if (q >= end || *q != '}')
        return false;
    *p = q + 1;
    *min = a;
    *max = hi;
    return true;
}

/* Pattern -> postfix tokens in B->out. */
static void re_postfix(re_build *b, const char *pattern)
{
    const unsigned char *p = (const unsigned char *)pattern;
    const unsigned char *end = p + strlen(pattern);
    re_level *stack = NULL;
    size_t depth = 0, cap = 0;
    re_level cur = {0, 0, 0};
    while (p < end && !b->failed) {
        unsigned char c = *p;
        if (c == '(') {
            p++;
            if (p < end && *p == '?') {
                if (p + 1 < end && p[1] == ':') {
                    p += 2;
                } else if (p + 1 < end && p[1] == '<' && p + 2 < end && p[2] != '=' &&
                           p[2] != '!') {
                    while (p < end && *p != '>')
                        p++;
                    if (p < end)
                        p++;
                } else {
                    re_fail(b, "%slook-around groups are not supported", "");
                    break;
                }
            }
            if (cur.natom > 1) {
                cur.natom--;
                re_emit(b, TK_CAT, 0);
            }
            if (depth == cap) {
                re_level *g = uhp_grow(stack, &cap, depth + 1, sizeof *g, 8);
                if (!g) {
                    re_fail(b, "%sout of memory", "");
                    break;
                }
                stack = g;
            }
            cur.atom_start = b->n;
            stack[depth++] = cur;
            cur.natom = 0;
            cur.nalt = 0;
            continue;
        }
        if (c == '|' || c == ')') {
            p++;
            if (cur.natom == 0) {
                re_emit(b, TK_EMPTY, 0);
                cur.natom = 1;
            }
            while (--cur.natom > 0)
                re_emit(b, TK_CAT, 0);
            if (c == '|') {
                cur.nalt++;
                continue;
            }
            if (!depth) {
                re_fail(b, "%san unmatched ')'", "");
                break;
            }
            for (; cur.nalt > 0; cur.nalt--)
                re_emit(b, TK_ALT, 0);
            cur = stack[--depth];
            cur.natom++;
            continue;
        }
        if (c == '*' || c == '+' || c == '?' || c == '{') {
            size_t min = 0, max = 0;
            const unsigned char *q = p + 1;
            bool counted = c == '{' && re_braces(&q, end, &min, &max);
            if (c != '{' || counted) {
                if (cur.natom == 0) {
                    re_fail(b, "%snothing to repeat", "");
                    break;
                }
                p = c == '{' ? q : p + 1;
                if (p < end && *p == '?')
                    p++; /* lazy: the same strings match */
                if (c == '*')
                    re_emit(b, TK_STAR, 0);
                else if (c == '+')
                    re_emit(b, TK_PLUS, 0);
                else if (c == '?')
                    re_emit(b, TK_QUEST, 0);
                else if (min > max) {
                    re_fail(b, "%sa {n,m} repetition out of order", "");
                } else {
                    re_repeat(b, cur.atom_start, min, max);
                }
                continue;
            }
        }
        /* an atom */
        if (cur.natom > 1) {
            cur.natom--;
            re_emit(b, TK_CAT, 0);
        }
        cur.atom_start = b->n;
        if (c == '^' || c == '$') {
            p++;
            re_emit(b, c == '^' ? TK_BOL : TK_EOL, 0);
        } else if (c == '.') {
            p++;
            uint32_t cls = re_new_class(b, true);
            if (cls == RE_NONE)
                break;
            re_add_range(b, '\n', '\n');
            re_add_range(b, '\r', '\r');
            re_add_range(b, 0x2028, 0x2029);
            re_end_class(b, cls);
            re_emit(b, TK_ATOM, cls);
        } else if (c == '[') {
            p++;
            uint32_t cls = re_class_parse(b, &p, end);
            if (cls == RE_NONE)
                break;
            re_emit(b, TK_ATOM, cls);
        } else {
            uint32_t cp;
            char sh = 0;
            if (c == '\\') {
                p++;
                cp = re_escape(b, &p, end, false, &sh);
            } else {
                cp = re_utf8(&p, end);
                if (cp == UINT32_MAX)
                    re_fail(b, "%sthe pattern is not UTF-8", "");
            }
            if (b->failed)
                break;
            uint32_t cls = re_new_class(b, false);
            if (cls == RE_NONE)
                break;
            if (sh)
                re_add_shorthand(b, sh);
            else
                re_add_range(b, cp, cp);
            re_end_class(b, cls);
            re_emit(b, TK_ATOM, cls);
        }
        cur.natom++;
    }
    if (!b->failed && depth)
        re_fail(b, "%san unclosed '('", "");
    if (!b->failed) {
        if (cur.natom == 0) {
            re_emit(b, TK_EMPTY, 0);
            cur.natom = 1;
        }
        while (--cur.natom > 0)
            re_emit(b, TK_CAT, 0);
        for (; cur.nalt > 0; cur.nalt--)
            re_emit(b, TK_ALT, 0);
    }
    uhp_free(stack);
}

/* Dangling arrows: entry 2*state+which, chained through the arrow itself (+1; 0 ends). */
typedef struct re_frag {
    uint32_t start;
    uint32_t head, tail; /* 0: empty list */
} re_frag;

static uint32_t *re_arrow(uhp_regex *re, uint32_t entry)
{
    re_state *s = &re->states[(entry - 1) / 2];
    return (entry - 1) % 2 ? &s->out1 : &s->out;
}

static void re_patch(uhp_regex *re, uint32_t head, uint32_t to)
{
    while (head) {
        uint32_t *a = re_arrow(re, head);
        uint32_t next = *a;
        *a = to;
        head = next;
    }
}

static uint32_t re_state_new(uhp_regex *re, uint8_t op, uint32_t cls)
{
    re_state *s = &re->states[re->n_states];
    s->op = op;
    s->cls = cls;
    s->out = 0;
    s->out1 = 0;
    return (uint32_t)re->n_states++;
}

static re_frag re_single(uint32_t st, bool out1)
{
    re_frag f;
    f.start = st;
    f.head = f.tail = st * 2 + (out1 ? 1u : 0u) + 1;
    return f;
}

static re_frag re_join(uhp_regex *re, re_frag a, re_frag b)
{
    if (!a.head)
        return b;
    if (b.head)
        *re_arrow(re, a.tail) = b.head, a.tail = b.tail;
    return a;
}

/* Frees the arrays of a program being built (not RE itself). */
static void re_free_parts(uhp_regex *re)
{
    uhp_free(re->ranges);
    uhp_free(re->classes);
    uhp_free(re->states);
}

/* Copies built program RE into one block, from ARENA or (NULL) the heap, and frees its
 * arrays. Returns the block, or NULL when memory runs out. */
static uhp_regex *re_pack(uhp_regex *re, uhp_arena *arena)
{
    size_t nr = re->n_ranges * sizeof *re->ranges, nc = re->n_classes * sizeof *re->classes;
    size_t ns = re->n_states * sizeof *re->states;
    /* uhp_regex, then the classes and states (size_t and uint32_t alignment), then the
     * ranges (uint32_t) */
    size_t total = sizeof *re + nc + ns + nr;

    unsigned char *mem = arena ? uhp_arena_alloc(arena, total) : uhp_malloc(total);
    if (mem) {
        uhp_regex *out = (uhp_regex *)(void *)mem;
        *out = *re;
        out->classes = (re_class *)(void *)(mem + sizeof *re);
        out->states = (re_state *)(void *)(mem + sizeof *re + nc);
        out->ranges = (re_range *)(void *)(mem + sizeof *re + nc + ns);
        if (nc)
            memcpy(out->classes, re->classes, nc);
        if (ns)
            memcpy(out->states, re->states, ns);
        if (nr)
            memcpy(out->ranges, re->ranges, nr);
        out->cap_classes = re->n_classes;
        out->cap_ranges = re->n_ranges;
    }
    re_free_parts(re);
    return (uhp_regex *)(void *)mem;
}

uhp_regex *uhp_regex_compile(const char *pattern, size_t max_insns, char *msg, size_t size)
{
    return uhp_regex_compile_in(NULL, pattern, max_insns, msg, size);
}

uhp_regex *uhp_regex_compile_in(uhp_arena *arena, const char *pattern, size_t max_insns, char *msg,
                                size_t size)
{
    /* built in heap arrays, then packed into one block */
    uhp_regex built;
    memset(&built, 0, sizeof built);
    uhp_regex *re = &built;
    re_build b;
    memset(&b, 0, sizeof b);
    b.re = re;
    b.msg = msg;
    b.size = size;
    b.max = max_insns ? max_insns : 20000;
    re_postfix(&b, pattern);
    re_frag *stack = NULL;
    if (!b.failed) {
        re->states = uhp_malloc((b.n + 1) * sizeof *re->states);
        stack = uhp_malloc((b.n + 1) * sizeof *stack);
        if (!re->states || !stack)
            re_fail(&b, "%sout of memory", "");
    }
    size_t sp = 0;
    for (size_t i = 0; i < b.n && !b.failed; i++) {
        re_tok t = b.out[i];
        re_frag e1, e2;
        uint32_t s;
        switch (t.op) {
        case TK_ATOM:
            stack[sp++] = re_single(re_state_new(re, ST_CHAR, t.cls), false);
            break;
        case TK_EMPTY:
            stack[sp++] = re_single(re_state_new(re, ST_NOP, 0), false);
            break;
        case TK_BOL:
        case TK_EOL:
            stack[sp++] = re_single(re_state_new(re, t.op == TK_BOL ? ST_BOL : ST_EOL, 0), false);
            break;
        case TK_CAT:
            e2 = stack[--sp];
            e1 = stack[--sp];
            re_patch(re, e1.head, e2.start);
            e1.head = e2.head;
            e1.tail = e2.tail;
            stack[sp++] = e1;
            break;
        case TK_ALT:
            e2 = stack[--sp];
            e1 = stack[--sp];
            s = re_state_new(re, ST_SPLIT, 0);
            re->states[s].out = e1.start;
            re->states[s].out1 = e2.start;
            e1 = re_join(re, e1, e2);
            e1.start = s;
            stack[sp++] = e1;
            break;
        case TK_QUEST:
            e1 = stack[--sp];
            s = re_state_new(re, ST_SPLIT, 0);
            re->states[s].out = e1.start;
            e2 = re_single(s, true);
            e1 = re_join(re, e1, e2);
            e1.start = s;
            stack[sp++] = e1;
            break;
        case TK_STAR:
        case TK_PLUS:
            e1 = stack[--sp];
            s = re_state_new(re, ST_SPLIT, 0);
            re->states[s].out = e1.start;
            re_patch(re, e1.head, s);
            e2 = re_single(s, true);
            e2.start = t.op == TK_STAR ? s : e1.start;
            stack[sp++] = e2;
            break;
        }
    }
    if (!b.failed) {
        uint32_t m = re_state_new(re, ST_MATCH, 0);
        re_patch(re, stack[0].head, m);
        re->start = stack[0].start;
    }
    uhp_free(stack);
    uhp_free(b.out);
    if (b.failed) {
        re_free_parts(re);
        return NULL;
    }
    uhp_regex *packed = re_pack(re, arena);
    if (!packed)
        snprintf(msg, size, "out of memory");
    return packed;
}

void uhp_regex_free(uhp_regex *re)
{
    uhp_free(re); /* one block (re_pack) */
}

static bool re_in_class(const uhp_regex *re, uint32_t cls, uint32_t c)
{
    const re_class *k = &re->classes[cls];
    bool in = false;
    for (uint32_t i = 0; i < k->n && !in; i++)
        in = c >= re->ranges[k->first + i].lo && c <= re->ranges[k->first + i].hi;
    return in != k->negate;
}

typedef struct re_list {
    uint32_t *s;
    size_t n;
} re_list;

/* Adds state S and what it reaches without reading (splits, assertions at POS of LEN)
 * to L, marking with GEN; STACK has room for every state. */
static void re_add(const uhp_regex *re, re_list *l, uint32_t s, size_t pos, size_t len,
                   uint32_t *mark, uint32_t gen, uint32_t *stack, unsigned long long *steps)
{
    size_t sp = 0;
    stack[sp++] = s;
    while (sp) {
        uint32_t t = stack[--sp];
        if (mark[t] == gen)
            continue;
        mark[t] = gen;
        (*steps)++;
        const re_state *st = &re->states[t];
        switch (st->op) {
        case ST_SPLIT:
            stack[sp++] = st->out1;
            stack[sp++] = st->out;
            break;
        case ST_NOP:
            stack[sp++] = st->out;
            break;
        case ST_BOL:
            if (pos == 0)
                stack[sp++] = st->out;
            break;
        case ST_EOL:
            if (pos == len)
                stack[sp++] = st->out;
            break;
        default:
            l->s[l->n++] = t;
            break;
        }
    }
}

int uhp_regex_search(const uhp_regex *re, const char *s, size_t len)
{
    size_t ns = re->n_states;
    /* marks, the walk's stack (each state pushes at most two), the two lists */
    uint32_t *mem = uhp_calloc(ns * 5 + 2, sizeof *mem);
    if (!mem)
        return -3;
    uint32_t *mark = mem, *stack = mem + ns;
    re_list cl = {mem + 3 * ns + 2, 0}, nl = {mem + 4 * ns + 2, 0};
    uint32_t gen = 1;
    unsigned long long steps = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    int result = 0;
    for (;;) {
        size_t pos = (size_t)(p - (const unsigned char *)s);
        re_add(re, &cl, re->start, pos, len, mark, gen, stack, &steps);
        for (size_t i = 0; i < cl.n; i++)
            if (re->states[cl.s[i]].op == ST_MATCH) {
                result = 1;
                goto done;
            }
        if (p >= end)
            break;
        if (steps > RE_MAX_STEPS) {
            result = -2;
            break;
        }
        uint32_t c = re_utf8(&p, end);
        if (c == UINT32_MAX) {
            result = -1;
            break;
        }
        size_t npos = (size_t)(p - (const unsigned char *)s);
        gen++;
        nl.n = 0;
        for (size_t i = 0; i < cl.n; i++) {
            const re_state *st = &re->states[cl.s[i]];
            if (st->op == ST_CHAR && re_in_class(re, st->cls, c))
                re_add(re, &nl, st->out, npos, len, mark, gen, stack, &steps);
        }
        re_list tmp = cl;
        cl = nl;
        nl = tmp;
    }
done:
    uhp_free(mem);
    return result;
}
