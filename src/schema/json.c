/* Size: one reader: the tokenizer, the comment and trailing-comma rules of Zowe's reader and
 * the value builder share the reader's position and its explicit stack. */
/* JSON as Zowe reads its schema files (zowe-common-c c/json.c, jsonGetObject and
 * jsonGetArray): after a member or an item a comma may be followed directly by the closing
 * bracket, and // line and block comments are skipped as whitespace. The parse keeps its
 * own stack of open containers (no recursion over the document's depth). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/schema.h"

/* A parsed document's root comes after the name of its file (see uhp_jv_file). */
typedef struct json_doc {
    const char *file;
    uhp_jv root;
} json_doc;

typedef struct json_parser {
    const char *file;
    const char *p, *end, *line_start;
    uint32_t line;
    uhp_arena *arena;
    uhp_schema_error *err;
    size_t nodes, max_nodes;
    bool failed;
    bool have_root; /* the next value is not the root */
} json_parser;

/* Fills the error at the parser's position (or at LINE:COL when LINE is non-zero). */
static void json_fail_at(json_parser *ps, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void json_fail_at(json_parser *ps, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    if (!ps->err)
        return;
    snprintf(ps->err->file, sizeof ps->err->file, "%s", ps->file ? ps->file : "<schema>");
    ps->err->line = line ? line : ps->line;
    ps->err->col = line ? col : (uint32_t)(ps->p - ps->line_start) + 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
    va_end(ap);
}

static uint32_t json_col(const json_parser *ps)
{
    return (uint32_t)(ps->p - ps->line_start) + 1;
}

/* Skips blanks, newlines and comments. */
static void json_skip(json_parser *ps)
{
    while (ps->p < ps->end && !ps->failed) {
        /* indentation first: a run of blanks in a tight loop */
        const char *p = ps->p;
        while (p < ps->end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        ps->p = p;
        if (p == ps->end)
            return;
        char c = *p;
        if (c == '\n') {
            ps->p++;
            ps->line++;
            ps->line_start = ps->p;
        } else if (c == '/' && ps->p + 1 < ps->end && ps->p[1] == '/') {
            while (ps->p < ps->end && *ps->p != '\n')
                ps->p++;
        } else if (c == '/' && ps->p + 1 < ps->end && ps->p[1] == '*') {
            uint32_t l = ps->line, col = json_col(ps);
            ps->p += 2;
            for (;;) {
                if (ps->p + 1 >= ps->end) {
                    json_fail_at(ps, l, col, "unclosed comment");
                    return;
                }
                if (ps->p[0] == '*' && ps->p[1] == '/') {
                    ps->p += 2;
                    break;
                }
                if (*ps->p == '\n') {
                    ps->line++;
                    ps->line_start = ps->p + 1;
                }
                ps->p++;
            }
        } else {
            return;
        }
    }
}

static uhp_jv *json_new(json_parser *ps, uint8_t kind)
{
    if (++ps->nodes > ps->max_nodes) {
        json_fail_at(ps, 0, 0, "more than %zu values (a limit)", ps->max_nodes);
        return NULL;
    }
    uhp_jv *v;
    if (ps->have_root) {
        v = uhp_arena_alloc(ps->arena, sizeof *v);
        if (v)
            memset(v, 0, sizeof *v);
    } else {
        json_doc *d = uhp_arena_alloc(ps->arena, sizeof *d);
        v = d ? &d->root : NULL;
        if (d) {
            memset(d, 0, sizeof *d);
            d->file = ps->file;
            v->flags = UHP_JV_F_DOC;
            ps->have_root = true;
        }
    }
    if (!v) {
        json_fail_at(ps, 0, 0, "out of memory");
        return NULL;
    }
    v->kind = kind;
    v->line = ps->line;
    v->col = json_col(ps);
    return v;
}

static int json_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static long json_hex4(const char *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = json_hex(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t json_utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The keywords of JSON Schema and the names of its types: most keys and many values of a
 * schema file are one of them, and point here instead of taking a copy each. By length,
 * each word ended by a NUL, the last one by two. */
static const char *const json_words[21] = {
    [2] = "if\0",
    [3] = "$id\0not\0",
    [4] = "$ref\0else\0enum\0then\0type\0null\0true\0",
    [5] = "allOf\0anyOf\0const\0items\0oneOf\0array\0false\0$defs\0title\0",
    [6] = "format\0string\0object\0number\0",
    [7] = "$anchor\0$schema\0default\0pattern\0maximum\0minimum\0boolean\0integer\0",
    [8] = "examples\0required\0readOnly\0maxItems\0minItems\0$comment\0",
    [9] = "maxLength\0minLength\0",
    [10] = "properties\0deprecated\0",
    [11] = "description\0uniqueItems\0definitions\0",
    [16] = "exclusiveMaximum\0exclusiveMinimum\0",
    [17] = "patternProperties\0",
    [20] = "additionalProperties\0",
};

/* The static copy of S[0..N) when it is one of json_words, else NULL. */
static const char *json_word_of(const char *s, size_t n)
{
    const char *w = n < sizeof json_words / sizeof json_words[0] ? json_words[n] : NULL;
    if (!w)
        return NULL;
    /* the last word is followed by two NULs: its own and the literal's */
    for (; *w; w += n + 1)
        if (w[0] == s[0] && !memcmp(w, s, n))
            return w;
    return NULL;
}

/* Reads a string at ps->p (the opening quote); returns it and *LEN, or NULL. The string is
 * an arena copy (packed: strings need no alignment) or, for a JSON Schema keyword, static. */
static const char *json_string(json_parser *ps, size_t *len)
{
    const char *start = ++ps->p;
    const char *q = start;
    bool escapes = false;
    for (;;) {
        /* the next quote, then whether a backslash or a newline comes before it */
        const char *quote = memchr(q, '"', (size_t)(ps->end - q));
        if (!quote) {
            q = ps->end;
            break;
        }
        const char *bs = memchr(q, '\\', (size_t)(quote - q));
        if (!bs) {
            q = quote;
            break;
        }
        escapes = true;
        q = bs + 2 <= ps->end ? bs + 2 : ps->end;
        if (q > quote) /* the quote was escaped: look for the next one */
            continue;
    }
    const char *nl = memchr(start, '\n', (size_t)(q - start));
    if (nl)
        q = nl;
    if (q >= ps->end || *q != '"') {
        json_fail_at(ps, ps->line, (uint32_t)(start - 1 - ps->line_start) + 1,
                     "unterminated string");
        return NULL;
    }
    if (!escapes) {
        for (const char *c = start; c < q; c++)
            if ((unsigned char)*c < 0x20) {
                ps->p = c;
                json_fail_at(ps, 0, 0, "control character 0x%02x in a string", (unsigned char)*c);
                return NULL;
            }
        size_t n = (size_t)(q - start);
        const char *out = json_word_of(start, n);
        if (!out)
            out = uhp_arena_strndup(ps->arena, start, n);
        if (!out) {
            json_fail_at(ps, 0, 0, "out of memory");
            return NULL;
        }
        *len = n;
        ps->p = q + 1;
        return out;
    }
    /* decoded from the text below: never longer than it (an escape is at least as long as
     * the bytes it stands for) */
    char *out = uhp_arena_strndup(ps->arena, start, (size_t)(q - start));
    if (!out) {
        json_fail_at(ps, 0, 0, "out of memory");
        return NULL;
    }
    size_t n = 0;
    while (ps->p < q) {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) {
            json_fail_at(ps, 0, 0, "control character 0x%02x in a string", c);
            return NULL;
        }
        if (c != '\\') {
            out[n++] = (char)c;
            ps->p++;
            continue;
        }
        char e = ps->p[1];
        ps->p += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out[n++] = e;
            break;
        case 'b':
            out[n++] = '\b';
            break;
        case 'f':
            out[n++] = '\f';
            break;
        case 'n':
            out[n++] = '\n';
            break;
        case 'r':
            out[n++] = '\r';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'u': {
            long cp = q - ps->p >= 4 ? json_hex4(ps->p) : -1;
            if (cp < 0) {
                json_fail_at(ps, 0, 0, "bad \\u escape");
                return NULL;
            }
            ps->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && q - ps->p >= 6 && ps->p[0] == '\\' &&
                ps->p[1] == 'u') {
                long lo = json_hex4(ps->p + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    ps->p += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; /* a lone surrogate is no character */
            /* \uXXXX is 6 bytes of input and at most 4 of output */
            n += json_utf8((unsigned long)cp, out + n);
            break;
        }
        default:
            ps->p -= 1;
            json_fail_at(ps, 0, 0, "bad escape '\\%c'", e ? e : '0');
            return NULL;
        }
    }
    out[n] = '\0';
    ps->p = q + 1;
    *len = n;
    return out;
}

/* Reads a number at ps->p into V. */
static bool json_number(json_parser *ps, uhp_jv *v)
{
    const char *s = ps->p;
    const char *q = s;
    if (*q == '-')
        q++;
    if (q >= ps->end || *q < '0' || *q > '9') {
        json_fail_at(ps, 0, 0, "bad number");
        return false;
    }
    while (q < ps->end && *q >= '0' && *q <= '9')
        q++;
    bool integral = true;
    if (q < ps->end && *q == '.') {
        integral = false;
        q++;
        if (q >= ps->end || *q < '0' || *q > '9') {
            json_fail_at(ps, 0, 0, "bad number");
            return false;
        }
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        integral = false;
        q++;
        if (q < ps->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= ps->end || *q < '0' || *q > '9') {
            json_fail_at(ps, 0, 0, "bad number");
            return false;
        }
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    char buf[64];
    size_t n = (size_t)(q - s);
    if (n >= sizeof buf) {
        json_fail_at(ps, 0, 0, "number too long");
        return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    /* an integer keeps only its int64 (the double is its correctly rounded value, which
     * strtod gives as well); -0 keeps its sign in a flag */
    double num = strtod(buf, NULL);
    v->real = num;
    if (integral) {
        errno = 0;
        long long ll = strtoll(buf, NULL, 10);
        if (errno == 0) {
            v->is_int = true;
            v->i = ll;
        }
    } else if (num > -9.0e15 && num < 9.0e15 && (double)(int64_t)num == num) {
        v->is_int = true; /* 1.0 is the integer 1 to JSON Schema */
        v->i = (int64_t)num;
    }
    if (v->is_int && num == 0 && signbit(num))
        v->flags |= UHP_JV_F_NEG_ZERO;
    ps->p = q;
    return true;
}

static bool json_word(json_parser *ps, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, w, n)) {
        const char *after = ps->p + n;
        if (after == ps->end ||
            !((*after >= 'a' && *after <= 'z') || (*after >= 'A' && *after <= 'Z') ||
              (*after >= '0' && *after <= '9') || *after == '_')) {
            ps->p = after;
            return true;
        }
    }
    return false;
}

/* Adds CHILD to the open container PARENT. While a container is open its children are
 * listed newest first (no tail pointer to keep); json_close puts them in order. */
static void json_append(uhp_jv *parent, uhp_jv *child)
{
    child->parent = parent;
    if (parent->kind == UHP_JV_ARRAY)
        child->index = parent->len;
    child->next = parent->first;
    parent->first = child;
    parent->len++;
}

/* Closes container V: its children back in document order. */
static void json_close(uhp_jv *v)
{
    uhp_jv *prev = NULL, *c = v->first;
    while (c) {
        uhp_jv *next = c->next;
        c->next = prev;
        prev = c;
        c = next;
    }
    v->first = prev;
}

uhp_jv *uhp_json_parse(const char *file, const char *text, size_t len, uhp_arena *arena,
                       const uhp_json_limits *lim, uhp_schema_error *err)
{
    json_parser ps;
    memset(&ps, 0, sizeof ps);
    ps.file = file;
    ps.p = text;
    ps.end = text + len;
    ps.line_start = text;
    ps.line = 1;
    ps.arena = arena;
    ps.err = err;
    size_t max_size = lim && lim->max_size ? lim->max_size : 4u * 1024 * 1024;
    if (max_size > UINT32_MAX - 1) /* a value keeps a string's length in 32 bits */
        max_size = UINT32_MAX - 1;
    uint32_t max_depth = lim && lim->max_depth ? lim->max_depth : 256;
    ps.max_nodes = lim && lim->max_nodes ? lim->max_nodes : 1000000;
    if (ps.max_nodes > UINT32_MAX - 1) /* and a container's count of children */
        ps.max_nodes = UINT32_MAX - 1;
    if (len > max_size) {
        json_fail_at(&ps, 1, 1, "larger than %zu bytes (a limit)", max_size);
        return NULL;
    }
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        ps.p += 3, ps.line_start = ps.p;

    uhp_jv *root = NULL;
    uhp_jv *open = NULL; /* innermost open container */
    uint32_t depth = 0;
    const char *pending_key = NULL; /* object: key read, value expected */
    /* after a value inside a container: expect ',' or the closing bracket */
    bool after_value = false, after_comma = false;
    for (;;) {
        json_skip(&ps);
        if (ps.failed)
            return NULL;
        if (ps.p >= ps.end) {
            if (!root)
                json_fail_at(&ps, 0, 0, "no JSON value (empty file)");
            else if (open)
                json_fail_at(&ps, open->line, open->col, "unclosed %s",
                             open->kind == UHP_JV_OBJECT ? "object" : "array");
            return ps.failed ? NULL : root;
        }
        char c = *ps.p;
        if (root && !open) {
            json_fail_at(&ps, 0, 0, "text after the JSON value");
            return NULL;
        }
        if (open && after_value) {
            if (c == ',') {
                ps.p++;
                after_value = false;
                after_comma = true;
                continue;
            }
            if ((c == '}' && open->kind == UHP_JV_OBJECT) ||
                (c == ']' && open->kind == UHP_JV_ARRAY)) {
                ps.p++;
                json_close(open);
                open = open->parent;
                depth--;
                after_value = open != NULL;
                after_comma = false;
                continue;
            }
            json_fail_at(&ps, 0, 0, "expected ',' or '%c'",
                         open->kind == UHP_JV_OBJECT ? '}' : ']');
            return NULL;
        }
        /* a value (or a key, or a closing bracket after '[', '{' or a comma) */
        if (open && !pending_key && (c == '}' || c == ']')) {
            bool ok = (c == '}' && open->kind == UHP_JV_OBJECT) ||
                      (c == ']' && open->kind == UHP_JV_ARRAY);
            if (!ok) {
                json_fail_at(&ps, 0, 0, "unexpected '%c'", c);
                return NULL;
            }
            /* Zowe's reader accepts one trailing comma ("[1,]"), not a lone one ("[,]") */
            ps.p++;
            json_close(open);
            open = open->parent;
            depth--;
            after_value = open != NULL;
            after_comma = false;
            continue;
        }
        if (open && open->kind == UHP_JV_OBJECT && !pending_key) {
            if (c != '"') {
                json_fail_at(&ps, 0, 0, "expected a key in double quotes");
                return NULL;
            }
            size_t klen;
            uint32_t kl = ps.line, kc = json_col(&ps);
            const char *k = json_string(&ps, &klen);
            if (!k)
                return NULL;
            if (strlen(k) != klen) {
                json_fail_at(&ps, kl, kc, "a key with a NUL character");
                return NULL;
            }
            json_skip(&ps);
            if (ps.failed)
                return NULL;
            if (ps.p >= ps.end || *ps.p != ':') {
                json_fail_at(&ps, 0, 0, "expected ':' after key '%s'", k);
                return NULL;
            }
            ps.p++;
            pending_key = k;
            after_comma = false;
            continue;
        }
        (void)after_comma;
        uhp_jv *v;
        if (c == '{' || c == '[') {
            if (depth >= max_depth) {
                json_fail_at(&ps, 0, 0, "nested deeper than %u (a limit)", (unsigned)max_depth);
                return NULL;
            }
            v = json_new(&ps, c == '{' ? UHP_JV_OBJECT : UHP_JV_ARRAY);
            if (!v)
                return NULL;
            ps.p++;
        } else if (c == '"') {
            v = json_new(&ps, UHP_JV_STRING);
            if (!v)
                return NULL;
            size_t slen;
            const char *s = json_string(&ps, &slen);
            if (!s)
                return NULL;
            v->str = s;
            v->len = (uint32_t)slen; /* the text is below 4 GiB (uhp_json_parse) */
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            v = json_new(&ps, UHP_JV_NUMBER);
            if (!v || !json_number(&ps, v))
                return NULL;
        } else if (json_word(&ps, "true") || json_word(&ps, "false")) {
            v = json_new(&ps, UHP_JV_BOOL);
            if (!v)
                return NULL;
            v->b = ps.p[-1] == 'e' && ps.p[-2] == 'u';
            v->col -= v->b ? 4 : 5;
        } else if (json_word(&ps, "null")) {
            v = json_new(&ps, UHP_JV_NULL);
            if (!v)
                return NULL;
            v->col -= 4;
        } else {
            if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
                json_fail_at(&ps, 0, 0, "unexpected '%c'", c);
            else
                json_fail_at(&ps, 0, 0, "unexpected byte 0x%02x", (unsigned char)c);
            return NULL;
        }
        if (!root)
            root = v;
        if (open) {
            v->key = pending_key;
            pending_key = NULL;
            json_append(open, v);
        }
        if (v->kind == UHP_JV_OBJECT || v->kind == UHP_JV_ARRAY) {
            if (!open && root != v)
                return NULL;
            v->parent = open;
            open = v;
            depth++;
            after_value = false;
        } else {
            after_value = open != NULL;
        }
    }
}

const char *uhp_jv_file(const uhp_jv *v)
{
    if (!v)
        return NULL;
    while (v->parent)
        v = v->parent;
    if (!(v->flags & UHP_JV_F_DOC))
        return NULL;
    const json_doc *d =
        (const json_doc *)(const void *)((const char *)v - offsetof(json_doc, root));
    return d->file;
}

const uhp_jv *uhp_jv_get(const uhp_jv *obj, const char *key)
{
    if (!obj || obj->kind != UHP_JV_OBJECT)
        return NULL;
    for (const uhp_jv *c = obj->first; c; c = c->next)
        if (!strcmp(c->key, key))
            return c;
    return NULL;
}

/* Collects V's ancestors (root first) into a heap array; returns how many, 0 on failure. */
static size_t jv_chain(const uhp_jv *v, const uhp_jv ***out)
{
    size_t n = 0;
    for (const uhp_jv *p = v; p && p->parent; p = p->parent)
        n++;
    *out = NULL;
    if (!n)
        return 0;
    const uhp_jv **chain = uhp_malloc(n * sizeof *chain);
    if (!chain)
        return 0;
    size_t i = n;
    for (const uhp_jv *p = v; p && p->parent; p = p->parent)
        chain[--i] = p;
    *out = chain;
    return n;
}

static void jv_put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
    if (*len < size) {
        size_t room = size - *len - 1;
        memcpy(buf + *len, s, n < room ? n : room);
        buf[*len + (n < room ? n : room)] = '\0';
    }
    *len += n;
}

size_t uhp_jv_pointer(const uhp_jv *v, char *buf, size_t size)
{
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    const uhp_jv **chain;
    size_t n = jv_chain(v, &chain);
    for (size_t i = 0; i < n; i++) {
        jv_put(buf, size, &len, "/", 1);
        if (chain[i]->parent->kind == UHP_JV_ARRAY) {
            char num[16];
            int k = snprintf(num, sizeof num, "%u", (unsigned)chain[i]->index);
            jv_put(buf, size, &len, num, (size_t)k);
            continue;
        }
        for (const char *k = chain[i]->key; *k; k++) {
            if (*k == '~')
                jv_put(buf, size, &len, "~0", 2);
            else if (*k == '/')
                jv_put(buf, size, &len, "~1", 2);
            else
                jv_put(buf, size, &len, k, 1);
        }
    }
    uhp_free(chain);
    return len;
}

/* The tool's key paths write a key bare unless it holds '.', '[', ']', a quote or a blank
 * (uhp_node_path). */
static bool jv_plain_key(const char *k)
{
    if (!*k)
        return false;
    for (; *k; k++)
        if (*k == '.' || *k == '[' || *k == ']' || *k == '\'' || *k == ' ')
            return false;
    return true;
}

size_t uhp_jv_dotted(const uhp_jv *v, char *buf, size_t size)
{
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    const uhp_jv **chain;
    size_t n = jv_chain(v, &chain);
    for (size_t i = 0; i < n; i++) {
        if (chain[i]->parent->kind == UHP_JV_ARRAY) {
            char num[16];
            int k = snprintf(num, sizeof num, "[%u]", (unsigned)chain[i]->index);
            jv_put(buf, size, &len, num, (size_t)k);
            continue;
        }
        const char *k = chain[i]->key;
        if (jv_plain_key(k)) {
            if (i)
                jv_put(buf, size, &len, ".", 1);
            jv_put(buf, size, &len, k, strlen(k));
        } else {
            jv_put(buf, size, &len, "['", 2);
            jv_put(buf, size, &len, k, strlen(k));
            jv_put(buf, size, &len, "']", 2);
        }
    }
    uhp_free(chain);
    return len;
}

/* Scalars equal as JSON values; containers only by kind (the caller walks their members). */
static bool jv_scalar_equal(const uhp_jv *a, const uhp_jv *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case UHP_JV_NULL:
        return true;
    case UHP_JV_BOOL:
        return a->b == b->b;
    case UHP_JV_NUMBER:
        if (a->is_int && b->is_int)
            return a->i == b->i;
        return uhp_jv_num(a) == uhp_jv_num(b);
    case UHP_JV_STRING:
        return a->len == b->len && !memcmp(a->str, b->str, a->len);
    case UHP_JV_ARRAY:
    case UHP_JV_OBJECT:
        return a->len == b->len;
    default:
        return false; /* an unknown value equals nothing */
    }
}

bool uhp_jv_equal(const uhp_jv *a, const uhp_jv *b)
{
    /* explicit stack of pairs still to compare: element I is st[2 I], st[2 I + 1] */
    size_t cap = 0, n = 0;
    const uhp_jv **st = uhp_grow(NULL, &cap, 1, 2 * sizeof *st, 32);
    if (!st)
        return false;
    st[n * 2] = a;
    st[n * 2 + 1] = b;
    n++;
    bool eq = true;
    while (n && eq) {
        n--;
        const uhp_jv *x = st[n * 2], *y = st[n * 2 + 1];
        if (!jv_scalar_equal(x, y)) {
            eq = false;
            break;
        }
        if (x->kind != UHP_JV_ARRAY && x->kind != UHP_JV_OBJECT)
            continue;
        for (const uhp_jv *cx = x->first, *cy = y->first; cx; cx = cx->next) {
            const uhp_jv *other = x->kind == UHP_JV_ARRAY ? cy : uhp_jv_get(y, cx->key);
            if (x->kind == UHP_JV_ARRAY)
                cy = cy ? cy->next : NULL;
            if (!other) {
                eq = false;
                break;
            }
            if (n == cap) {
                const uhp_jv **g = uhp_grow(st, &cap, n + 1, 2 * sizeof *st, 32);
                if (!g) {
                    eq = false;
                    break;
                }
                st = g;
            }
            st[n * 2] = cx;
            st[n * 2 + 1] = other;
            n++;
        }
    }
    uhp_free(st);
    return eq;
}
