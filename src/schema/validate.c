/* Size: one validator: loading a schema set (files, $id, anchors, $ref resolution, patterns)
 * and the keyword checks over explicit frames share the compiled schema nodes. */
/* A JSON Schema (2019-09) validator for the keywords Zowe's schemas use: $id, $anchor,
 * $ref (across files, JSON pointers and anchors), $defs, type, enum, const, pattern,
 * patternProperties, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength,
 * maxLength, minItems, maxItems, uniqueItems, required, properties, additionalProperties,
 * items, allOf, anyOf, oneOf, not, if/then/else. Other keywords (format, default,
 * description, deprecated, ...) are annotations and assert nothing, as in 2019-09.
 *
 * Validation runs on an explicit stack of frames (schema, value): a keyword that applies a
 * subschema pushes a frame and the parent resumes when it ends, so neither the depth of a
 * schema nor of a document recurses on the C stack. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/schema.h"
#include "uhp/source.h"

typedef struct schema_name {
    const char *uri; /* absolute URI without fragment, or URI#anchor */
    const uhp_jv *node;
} schema_name;

/* A pattern compiled in a set's arena, for the sets of that arena to share. */
typedef struct schema_pattern {
    const char *text;
    size_t max; /* the limit it was compiled under */
    uhp_regex *re;
} schema_pattern;

struct uhp_schema_set {
    uhp_arena *arena; /* own_arena, or the arena of the set it was made in */
    uhp_arena own_arena;
    uhp_schema_set *owner;    /* the set whose arena and patterns it uses (itself, or another) */
    schema_pattern *patterns; /* those compiled in own_arena (the same pattern in several
                                 files, or several sets, is compiled once) */
    size_t n_patterns, cap_patterns;
    uhp_schema_limits lim;
    schema_name *names;
    size_t n_names, cap_names;
    size_t n_files;
};

static void schema_err(uhp_schema_error *err, const uhp_jv *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void schema_err(uhp_schema_error *err, const uhp_jv *at, const char *fmt, ...)
{
    if (!err)
        return;
    const char *file = uhp_jv_file(at);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "<schema>");
    err->line = at ? at->line : 0;
    err->col = at ? at->col : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

uhp_schema_set *uhp_schema_set_new(const uhp_schema_limits *lim)
{
    return uhp_schema_set_new_in(lim, NULL);
}

uhp_schema_set *uhp_schema_set_new_in(const uhp_schema_limits *lim, uhp_schema_set *owner)
{
    uhp_schema_set *set = uhp_calloc(1, sizeof *set);
    if (!set)
        return NULL;
    uhp_arena_init(&set->own_arena);
    set->owner = owner ? owner->owner : set;
    set->arena = owner ? owner->arena : &set->own_arena;
    if (lim)
        set->lim = *lim;
    if (!set->lim.max_files)
        set->lim.max_files = 256;
    if (!set->lim.max_ref_depth)
        set->lim.max_ref_depth = 64;
    if (!set->lim.max_pattern)
        set->lim.max_pattern = 20000;
    if (!set->lim.max_steps)
        set->lim.max_steps = 50000000;
    return set;
}

void uhp_schema_set_free(uhp_schema_set *set)
{
    if (!set)
        return;
    uhp_free(set->names);
    uhp_free(set->patterns);
    uhp_arena_destroy(&set->own_arena);
    uhp_free(set);
}

uhp_arena *uhp_schema_set_arena(uhp_schema_set *set)
{
    return set->arena;
}

/* Length of the scheme of URI ("https" -> 5), or 0 when it has none. */
static size_t uri_scheme(const char *uri)
{
    size_t i = 0;
    if (!((uri[0] >= 'a' && uri[0] <= 'z') || (uri[0] >= 'A' && uri[0] <= 'Z')))
        return 0;
    while (uri[i] && uri[i] != ':' && uri[i] != '/' && uri[i] != '?' && uri[i] != '#')
        i++;
    return uri[i] == ':' ? i : 0;
}

/* Resolves REF against BASE (RFC 3986, without dot segments): an arena string. */
static char *uri_resolve(uhp_arena *a, const char *base, const char *ref)
{
    if (uri_scheme(ref) || !base || !*base)
        return uhp_arena_strndup(a, ref, strlen(ref));
    size_t blen = strcspn(base, "#");
    if (ref[0] == '#' || ref[0] == '\0')
        return uhp_arena_printf(a, "%.*s%s", (int)blen, base, ref);
    size_t s = uri_scheme(base);
    if (ref[0] == '/' && ref[1] == '/')
        return uhp_arena_printf(a, "%.*s:%s", (int)s, base, ref);
    /* the authority ends at the first '/' after "scheme://" */
    size_t auth_end = s ? s + 1 : 0;
    if (base[auth_end] == '/' && base[auth_end + 1] == '/') {
        auth_end += 2;
        while (auth_end < blen && base[auth_end] != '/')
            auth_end++;
    }
    if (ref[0] == '/')
        return uhp_arena_printf(a, "%.*s%s", (int)auth_end, base, ref);
    size_t dir = blen;
    while (dir > auth_end && base[dir - 1] != '/')
        dir--;
    if (dir == auth_end)
        return uhp_arena_printf(a, "%.*s/%s", (int)auth_end, base, ref);
    return uhp_arena_printf(a, "%.*s%s", (int)dir, base, ref);
}

static bool schema_name_add(uhp_schema_set *set, const char *uri, const uhp_jv *node,
                            uhp_schema_error *err, const uhp_jv *at)
{
    for (size_t i = 0; i < set->n_names; i++)
        if (!strcmp(set->names[i].uri, uri)) {
            if (set->names[i].node == node)
                return true;
            const char *first = uhp_jv_file(set->names[i].node);
            schema_err(err, at, "'%s' is defined twice (first at %s:%u:%u)", uri,
                       first ? first : "<schema>", (unsigned)set->names[i].node->line,
                       (unsigned)set->names[i].node->col);
            return false;
        }
    if (set->n_names == set->cap_names) {
        schema_name *g = uhp_grow(set->names, &set->cap_names, set->n_names + 1, sizeof *g, 64);
        if (!g) {
            schema_err(err, at, "out of memory");
            return false;
        }
        set->names = g;
    }
    set->names[set->n_names].uri = uri;
    set->names[set->n_names].node = node;
    set->n_names++;
    return true;
}

/* Compiles PATTERN (the value of "pattern", or a patternProperties key) for NODE and keeps
 * the program on NODE, in SET's arena. Returns false with ERR filled (located at NODE). */
static bool schema_compile(uhp_schema_set *set, uhp_jv *node, const char *pattern, bool is_key,
                           uhp_schema_error *err)
{
    if (node->compiled)
        return true;
    uhp_schema_set *o = set->owner;
    for (size_t i = 0; i < o->n_patterns; i++)
        if (o->patterns[i].max == set->lim.max_pattern && !strcmp(o->patterns[i].text, pattern)) {
            node->compiled = o->patterns[i].re;
            return true;
        }
    char msg[256];
    uhp_regex *re =
        uhp_regex_compile_in(set->arena, pattern, set->lim.max_pattern, msg, sizeof msg);
    if (!re) {
        schema_err(err, node, "%s '%.80s%s' cannot be used: %s",
                   is_key ? "patternProperties" : "pattern", pattern,
                   strlen(pattern) > 80 ? "..." : "", msg);
        return false;
    }
    if (o->n_patterns == o->cap_patterns) {
        schema_pattern *g =
            uhp_grow(o->patterns, &o->cap_patterns, o->n_patterns + 1, sizeof *g, 32);
        if (!g) {
            schema_err(err, node, "out of memory");
            return false;
        }
        o->patterns = g;
    }
    /* the pattern text (a value or key of a schema) lives in the same arena */
    o->patterns[o->n_patterns++] = (schema_pattern){pattern, set->lim.max_pattern, re};
    node->compiled = re;
    return true;
}

/* The base URI $ref resolve against at V: its own for a container of a schema set, its
 * container's for a scalar (a scalar holds its string or number where a container holds
 * its base). NULL outside a set. */
static const char *schema_base(const uhp_jv *v)
{
    if (v->kind != UHP_JV_OBJECT && v->kind != UHP_JV_ARRAY)
        v = v->parent;
    return v ? v->base : NULL;
}

/* Gives every container of ROOT its base URI and records $id and $anchor names. Walks
 * the document in order through parent links (no stack at all). */
static bool schema_index(uhp_schema_set *set, uhp_jv *root, const char *file, uhp_schema_error *err)
{
    /* a document without $id is known by its file name */
    const char *doc_base = uhp_arena_printf(set->arena, "file:%s", file);
    if (!doc_base) {
        schema_err(err, root, "out of memory");
        return false;
    }
    uhp_jv *v = root;
    while (v) {
        const char *base = v->parent ? v->parent->base : doc_base;
        if (v->kind == UHP_JV_OBJECT) {
            /* one pass over the members for the four keywords read here */
            const uhp_jv *id = NULL, *anchor = NULL, *pp = NULL;
            uhp_jv *pat = NULL;
            for (uhp_jv *m = v->first; m; m = m->next) {
                if (m->key[0] != '$' && m->key[0] != 'p')
                    continue;
                if (!id && !strcmp(m->key, "$id"))
                    id = m;
                else if (!anchor && !strcmp(m->key, "$anchor"))
                    anchor = m;
                else if (!pat && !strcmp(m->key, "pattern"))
                    pat = m;
                else if (!pp && !strcmp(m->key, "patternProperties"))
                    pp = m;
            }
            if (id && id->kind == UHP_JV_STRING) {
                char *abs = uri_resolve(set->arena, base, id->str);
                if (!abs) {
                    schema_err(err, id, "out of memory");
                    return false;
                }
                char *hash = strchr(abs, '#');
                if (hash && hash[1] == '\0')
                    *hash = '\0';
                if (!schema_name_add(set, abs, v, err, id))
                    return false;
                base = abs;
            }
            v->base = base;
            /* patterns are compiled here, so a bad one is an error whatever the value */
            if (pat && pat->kind == UHP_JV_STRING &&
                !schema_compile(set, pat, pat->str, false, err))
                return false;
            for (uhp_jv *m = pp && pp->kind == UHP_JV_OBJECT ? pp->first : NULL; m; m = m->next)
                if (!schema_compile(set, m, m->key, true, err))
                    return false;
            if (anchor && anchor->kind == UHP_JV_STRING) {
                char *name = uhp_arena_printf(set->arena, "%.*s#%s", (int)strcspn(base, "#"), base,
                                              anchor->str);
                if (!name || !schema_name_add(set, name, v, err, anchor))
                    return false;
            }
        } else if (v->kind == UHP_JV_ARRAY) {
            v->base = base;
        }
        if (v == root && !uhp_jv_get(root, "$id"))
            if (!schema_name_add(set, doc_base, root, err, root))
                return false;
        /* next in document order */
        if (v->first) {
            v = v->first;
            continue;
        }
        while (v && !v->next && v != root)
            v = v->parent;
        v = v && v != root ? v->next : NULL;
    }
    return true;
}

const uhp_jv *uhp_schema_set_add(uhp_schema_set *set, const char *file, const char *text,
                                 size_t len, uhp_schema_error *err)
{
    if (set->n_files >= set->lim.max_files) {
        schema_err(err, NULL, "more than %zu schema files (a limit)", set->lim.max_files);
        snprintf(err->file, sizeof err->file, "%s", file);
        return NULL;
    }
    const char *name = uhp_arena_strndup(set->arena, file, strlen(file));
    if (!name) {
        schema_err(err, NULL, "out of memory");
        return NULL;
    }
    uhp_jv *root = uhp_json_parse(name, text, len, set->arena, &set->lim.json, err);
    if (!root)
        return NULL;
    if (root->kind != UHP_JV_OBJECT && root->kind != UHP_JV_BOOL) {
        schema_err(err, root, "a schema is an object or a boolean");
        return NULL;
    }
    if (!schema_index(set, root, name, err))
        return NULL;
    set->n_files++;
    return root;
}

const uhp_jv *uhp_schema_set_share(uhp_schema_set *set, const uhp_jv *root, uhp_schema_error *err)
{
    if (set->n_files >= set->lim.max_files) {
        schema_err(err, root, "more than %zu schema files (a limit)", set->lim.max_files);
        return NULL;
    }
    /* the nodes already carry their base URIs: only the names are recorded here */
    const uhp_jv *v = root;
    while (v) {
        if (v->kind == UHP_JV_OBJECT) {
            const uhp_jv *id = NULL, *anchor = NULL;
            for (const uhp_jv *m = v->first; m; m = m->next) {
                if (m->key[0] != '$')
                    continue;
                if (!id && !strcmp(m->key, "$id"))
                    id = m;
                else if (!anchor && !strcmp(m->key, "$anchor"))
                    anchor = m;
            }
            if (((id && id->kind == UHP_JV_STRING) || v == root) &&
                !schema_name_add(set, v->base, v, err, id ? id : v))
                return NULL;
            if (anchor && anchor->kind == UHP_JV_STRING) {
                char *name = uhp_arena_printf(set->arena, "%.*s#%s", (int)strcspn(v->base, "#"),
                                              v->base, anchor->str);
                if (!name || !schema_name_add(set, name, v, err, anchor))
                    return NULL;
            }
        }
        if (v->first) {
            v = v->first;
            continue;
        }
        while (v && !v->next && v != root)
            v = v->parent;
        v = v && v != root ? v->next : NULL;
    }
    set->n_files++;
    return root;
}

const uhp_jv *uhp_schema_set_add_file(uhp_schema_set *set, const char *path, uhp_schema_error *err)
{
    uhp_read_buf buf = {NULL, 0};
    const uhp_jv *root = uhp_schema_set_add_file_buf(set, path, &buf, err);
    uhp_read_buf_free(&buf);
    return root;
}

const uhp_jv *uhp_schema_set_add_file_buf(uhp_schema_set *set, const char *path, uhp_read_buf *buf,
                                          uhp_schema_error *err)
{
    size_t max = set->lim.json.max_size ? set->lim.json.max_size : 4u * 1024 * 1024;
    size_t len = 0;
    uhp_read_status rs = uhp_read_buf_read(buf, path, max, &len);
    if (rs != UHP_READ_OK) {
        if (err) {
            snprintf(err->file, sizeof err->file, "%s", path);
            err->line = err->col = 0;
            char why[160];
            snprintf(err->message, sizeof err->message, "cannot read '%s': %s", path,
                     uhp_read_reason(rs, errno, max, why, sizeof why));
        }
        return NULL;
    }
    return uhp_schema_set_add(set, path, buf->data, len, err);
}

const uhp_jv *uhp_schema_set_find(const uhp_schema_set *set, const char *uri)
{
    for (size_t i = 0; i < set->n_names; i++)
        if (!strcmp(set->names[i].uri, uri))
            return set->names[i].node;
    return NULL;
}

/* Follows JSON pointer PTR (after '#') from ROOT; percent-escapes and ~0 ~1 decoded. */
static const uhp_jv *schema_pointer(const uhp_jv *root, const char *ptr)
{
    const uhp_jv *v = root;
    char tok[256];
    while (*ptr == '/' && v) {
        ptr++;
        size_t n = 0;
        while (*ptr && *ptr != '/' && n + 1 < sizeof tok) {
            char c = *ptr++;
            if (c == '~' && (*ptr == '0' || *ptr == '1'))
                c = *ptr++ == '0' ? '~' : '/';
            else if (c == '%' && ptr[0] && ptr[1]) {
                char hex[3] = {ptr[0], ptr[1], 0};
                c = (char)strtol(hex, NULL, 16);
                ptr += 2;
            }
            tok[n++] = c;
        }
        tok[n] = '\0';
        if (v->kind == UHP_JV_OBJECT) {
            v = uhp_jv_get(v, tok);
        } else if (v->kind == UHP_JV_ARRAY) {
            char *endp;
            long idx = strtol(tok, &endp, 10);
            const uhp_jv *c = NULL;
            if (*endp == '\0' && idx >= 0)
                for (c = v->first; c && idx > 0; c = c->next)
                    idx--;
            v = c;
        } else {
            v = NULL;
        }
    }
    return *ptr ? NULL : v;
}

/* The schema $ref REF (the string node) points at, or NULL with ERR filled. */
static const uhp_jv *schema_resolve(uhp_schema_set *set, const uhp_jv *ref, uhp_schema_error *err)
{
    char *uri = uri_resolve(set->arena, schema_base(ref), ref->str);
    if (!uri) {
        schema_err(err, ref, "out of memory");
        return NULL;
    }
    char *hash = strchr(uri, '#');
    const char *frag = "";
    if (hash) {
        *hash = '\0';
        frag = hash + 1;
    }
    const uhp_jv *res = uhp_schema_set_find(set, uri);
    const uhp_jv *target = NULL;
    if (res && (!*frag || *frag == '/')) {
        target = schema_pointer(res, frag);
    } else if (res || *frag) {
        *hash = '#';
        target = uhp_schema_set_find(set, uri);
    }
    if (!target) {
        if (hash)
            *hash = '#';
        schema_err(err, ref, "$ref '%s' (resolved to '%s') names no schema of the set", ref->str,
                   uri);
        return NULL;
    }
    if (target->kind != UHP_JV_OBJECT && target->kind != UHP_JV_BOOL) {
        schema_err(err, ref, "$ref '%s' points at a value that is not a schema", ref->str);
        return NULL;
    }
    return target;
}

/* --- validation --- */

enum {
    PH_START,
    PH_REF,
    PH_PROPS,
    PH_PATTERN_PROPS,
    PH_ADDITIONAL,
    PH_ITEMS,
    PH_ALLOF,
    PH_ANYOF,
    PH_ONEOF,
    PH_NOT,
    PH_IF,
    PH_THEN,
    PH_DONE,
};

typedef struct vframe {
    const uhp_jv *schema;
    const uhp_jv *inst;
    const uhp_jv *it, *it2; /* iterators of the current phase */
    const char *desc;
    size_t errs_at_start;
    uint32_t count;
    uint32_t ref_depth;
    uint8_t phase;
    bool probe;          /* its violations are dropped when it ends, only validity counts */
    bool awaiting;       /* a child was pushed; last_valid holds its result when resumed */
    uint8_t child_phase; /* the phase that pushed it */
    bool last_valid;
    bool via_ref;
} vframe;

typedef struct vstate {
    uhp_schema_set *set;
    uhp_schema_result *out;
    uhp_schema_error *err;
    vframe *st;
    size_t n, cap;
    size_t steps;
    int rc;
    const uhp_jv *known, *known_inst; /* see uhp_schema_validate_known */
    bool known_valid;
} vstate;

static const char *jv_type_name(const uhp_jv *v)
{
    switch (v->kind) {
    case UHP_JV_NULL:
        return "null";
    case UHP_JV_BOOL:
        return "boolean";
    case UHP_JV_NUMBER:
        return v->is_int ? "integer" : "number";
    case UHP_JV_STRING:
        return "string";
    case UHP_JV_ARRAY:
        return "array";
    case UHP_JV_OBJECT:
        return "object";
    default:
        return "unknown";
    }
}

static bool jv_is_type(const uhp_jv *v, const char *t)
{
    if (!strcmp(t, "integer"))
        return v->kind == UHP_JV_NUMBER && v->is_int;
    if (!strcmp(t, "number"))
        return v->kind == UHP_JV_NUMBER;
    return !strcmp(t, jv_type_name(v)) || (v->kind == UHP_JV_NUMBER && !strcmp(t, "number"));
}

static void v_add(vstate *s, const uhp_jv *inst, const uhp_jv *schema, const char *keyword,
                  const char *desc, const char *detail, const char *member)
{
    uhp_schema_result *r = s->out;
    if (r->n == r->cap) {
        uhp_schema_violation *g = uhp_grow(r->v, &r->cap, r->n + 1, sizeof *g, 16);
        if (!g) {
            s->rc = -2;
            return;
        }
        r->v = g;
    }
    uhp_schema_violation *x = &r->v[r->n++];
    x->instance = inst;
    x->schema = schema;
    x->keyword = keyword;
    x->description = desc;
    x->detail = detail;
    x->member = member;
}

static bool v_push(vstate *s, const uhp_jv *schema, const uhp_jv *inst, bool probe, bool via_ref)
{
    if (s->n == s->cap) {
        vframe *g = uhp_grow(s->st, &s->cap, s->n + 1, sizeof *g, 64);
        if (!g) {
            s->rc = -2;
            return false;
        }
        s->st = g;
    }
    vframe *parent = s->n ? &s->st[s->n - 1] : NULL;
    vframe *f = &s->st[s->n++];
    memset(f, 0, sizeof *f);
    f->schema = schema;
    f->inst = inst;
    f->errs_at_start = s->out->n;
    f->probe = probe;
    f->via_ref = via_ref;
    f->ref_depth = parent && parent->inst == inst ? parent->ref_depth + (via_ref ? 1 : 0) : 0;
    const uhp_jv *d = schema->kind == UHP_JV_OBJECT ? uhp_jv_get(schema, "description") : NULL;
    f->desc = d && d->kind == UHP_JV_STRING    ? d->str
              : parent && parent->inst == inst ? parent->desc
                                               : NULL;
    if (parent) {
        parent->awaiting = true;
        parent->child_phase = parent->phase;
    }
    return true;
}

static bool v_number(const uhp_jv *v, double *out)
{
    if (!v || v->kind != UHP_JV_NUMBER)
        return false;
    *out = uhp_jv_num(v);
    return true;
}

/* Code points in UTF-8 S[0..LEN). */
static size_t v_codepoints(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* The compiled program of pattern node P (compiled when its schema was read). */
static uhp_regex *v_regex(vstate *s, const uhp_jv *p)
{
    if (!schema_compile(s->set, (uhp_jv *)p, p->str, false, s->err)) {
        s->rc = -1;
        return NULL;
    }
    return p->compiled;
}

/* 1 when pattern node P matches S, 0 when not, -1 after an error (s->rc set). */
static int v_match(vstate *s, const uhp_jv *p, const char *str, size_t len)
{
    uhp_regex *re = v_regex(s, p);
    if (!re)
        return -1;
    int m = uhp_regex_search(re, str, len);
    if (m == -2) {
        schema_err(s->err, p, "pattern '%.80s' took too many steps on a value (a limit)", p->str);
        s->rc = -1;
        return -1;
    }
    if (m == -3) {
        s->rc = -2;
        return -1;
    }
    return m == 1;
}

static const char *v_printf(vstate *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *v_printf(vstate *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *r = uhp_arena_vprintf(s->set->arena, fmt, ap);
    va_end(ap);
    if (!r)
        s->rc = -2;
    return r;
}

/* Writes the JSON text of scalar or short value V (schema data only: enum and const). */
static void v_json_text(const uhp_jv *v, char *buf, size_t size)
{
    switch (v->kind) {
    case UHP_JV_STRING:
        snprintf(buf, size, "'%s'", v->str);
        break;
    case UHP_JV_NUMBER:
        if (v->is_int)
            snprintf(buf, size, "%lld", (long long)v->i);
        else
            snprintf(buf, size, "%g", uhp_jv_num(v));
        break;
    case UHP_JV_BOOL:
        snprintf(buf, size, "%s", v->b ? "true" : "false");
        break;
    case UHP_JV_NULL:
        snprintf(buf, size, "null");
        break;
    default:
        snprintf(buf, size, "%s", v->kind == UHP_JV_ARRAY ? "[...]" : "{...}");
        break;
    }
}

/* The assertions that need no subschema, on frame F. */
static void v_leaf(vstate *s, vframe *f)
{
    const uhp_jv *sc = f->schema, *in = f->inst;
    const char *desc = f->desc;
    for (const uhp_jv *k = sc->first; k && !s->rc; k = k->next) {
        const char *kw = k->key;
        double lim, x;
        if (!strcmp(kw, "type")) {
            bool ok = false;
            char want[160] = "";
            if (k->kind == UHP_JV_STRING) {
                ok = jv_is_type(in, k->str);
                snprintf(want, sizeof want, "%s", k->str);
            } else if (k->kind == UHP_JV_ARRAY) {
                size_t len = 0;
                for (const uhp_jv *t = k->first; t; t = t->next)
                    if (t->kind == UHP_JV_STRING) {
                        ok = ok || jv_is_type(in, t->str);
                        len += (size_t)snprintf(want + (len < sizeof want ? len : sizeof want - 1),
                                                len < sizeof want ? sizeof want - len : 1, "%s%s",
                                                len ? " or " : "", t->str);
                    }
            } else {
                ok = true;
            }
            if (!ok)
                v_add(s, in, k, "type", desc,
                      v_printf(s, "must be of type %s, not %s", want, jv_type_name(in)), NULL);
        } else if (!strcmp(kw, "enum") && k->kind == UHP_JV_ARRAY) {
            bool ok = false;
            char list[400] = "";
            size_t len = 0;
            for (const uhp_jv *e = k->first; e && !ok; e = e->next) {
                ok = uhp_jv_equal(in, e);
                char one[100];
                v_json_text(e, one, sizeof one);
                if (len < sizeof list)
                    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "",
                                            one);
            }
            if (!ok)
                v_add(s, in, k, "enum", desc, v_printf(s, "must be one of %s", list), NULL);
        } else if (!strcmp(kw, "const")) {
            if (!uhp_jv_equal(in, k)) {
                char one[100];
                v_json_text(k, one, sizeof one);
                v_add(s, in, k, "const", desc, v_printf(s, "must be %s", one), NULL);
            }
        } else if (!strcmp(kw, "pattern") && k->kind == UHP_JV_STRING) {
            if (in->kind == UHP_JV_STRING) {
                int m = v_match(s, k, in->str, in->len);
                if (m == 0)
                    v_add(s, in, k, "pattern", desc,
                          v_printf(s, "must match the pattern '%s'", k->str), NULL);
            }
        } else if ((!strcmp(kw, "minimum") || !strcmp(kw, "maximum") ||
                    !strcmp(kw, "exclusiveMinimum") || !strcmp(kw, "exclusiveMaximum")) &&
                   v_number(k, &lim)) {
            if (!v_number(in, &x))
                continue;
            bool min = kw[0] == 'm' ? kw[1] == 'i' : kw[9] == 'M' && kw[10] == 'i';
            bool excl = kw[0] == 'e';
            bool ok = min ? (excl ? x > lim : x >= lim) : (excl ? x < lim : x <= lim);
            if (!ok)
                v_add(s, in, k, kw, desc,
                      v_printf(s, "must be %s %g",
                               min ? (excl ? "greater than" : "at least")
                                   : (excl ? "less than" : "at most"),
                               lim),
                      NULL);
        } else if ((!strcmp(kw, "minLength") || !strcmp(kw, "maxLength")) && v_number(k, &lim)) {
            if (in->kind != UHP_JV_STRING)
                continue;
            double n = (double)v_codepoints(in->str, in->len);
            bool min = kw[1] == 'i';
            if (min ? n < lim : n > lim)
                v_add(
                    s, in, k, kw, desc,
                    v_printf(s, "must be %s %g characters long", min ? "at least" : "at most", lim),
                    NULL);
        } else if ((!strcmp(kw, "minItems") || !strcmp(kw, "maxItems") ||
                    !strcmp(kw, "minProperties") || !strcmp(kw, "maxProperties")) &&
                   v_number(k, &lim)) {
            bool items = kw[3] == 'I';
            if (in->kind != (items ? UHP_JV_ARRAY : UHP_JV_OBJECT))
                continue;
            bool min = kw[1] == 'i';
            double n = (double)in->len;
            if (min ? n < lim : n > lim)
                v_add(s, in, k, kw, desc,
                      v_printf(s, "must have %s %g %s", min ? "at least" : "at most", lim,
                               items ? "items" : "keys"),
                      NULL);
        } else if (!strcmp(kw, "uniqueItems") && k->kind == UHP_JV_BOOL && k->b) {
            if (in->kind != UHP_JV_ARRAY)
                continue;
            bool dup = false;
            for (const uhp_jv *a = in->first; a && !dup; a = a->next) {
                if (a->kind == UHP_JV_UNKNOWN)
                    continue;
                for (const uhp_jv *b = a->next; b && !dup; b = b->next) {
                    if (++s->steps > s->set->lim.max_steps)
                        break;
                    if (b->kind != UHP_JV_UNKNOWN && uhp_jv_equal(a, b)) {
                        dup = true;
                        v_add(s, b, k, "uniqueItems", desc,
                              v_printf(s, "items must be unique: item %u repeats item %u",
                                       (unsigned)b->index, (unsigned)a->index),
                              NULL);
                    }
                }
            }
        } else if (!strcmp(kw, "required") && k->kind == UHP_JV_ARRAY) {
            if (in->kind != UHP_JV_OBJECT)
                continue;
            const uhp_jv *props = uhp_jv_get(sc, "properties");
            for (const uhp_jv *r = k->first; r; r = r->next) {
                if (r->kind != UHP_JV_STRING || uhp_jv_get(in, r->str))
                    continue;
                const uhp_jv *ps = uhp_jv_get(props, r->str);
                const uhp_jv *pd = ps ? uhp_jv_get(ps, "description") : NULL;
                v_add(s, in, k, "required", pd && pd->kind == UHP_JV_STRING ? pd->str : desc,
                      "is required but not set", r->str);
            }
        } else if (!strcmp(kw, "dependentRequired") && k->kind == UHP_JV_OBJECT) {
            if (in->kind != UHP_JV_OBJECT)
                continue;
            for (const uhp_jv *d = k->first; d; d = d->next) {
                if (!uhp_jv_get(in, d->key) || d->kind != UHP_JV_ARRAY)
                    continue;
                for (const uhp_jv *r = d->first; r; r = r->next)
                    if (r->kind == UHP_JV_STRING && !uhp_jv_get(in, r->str))
                        v_add(
                            s, in, k, "dependentRequired", desc,
                            v_printf(s, "must have the key '%s' when it has '%s'", r->str, d->key),
                            r->str);
            }
        }
    }
}

/* The pattern of a patternProperties member is its key; its program is kept on the member
 * (the subschema node), compiled from the key. */
static int v_key_matches(vstate *s, const uhp_jv *member, const char *key)
{
    uhp_jv *m = (uhp_jv *)member;
    if (!schema_compile(s->set, m, m->key, true, s->err)) {
        s->rc = -1;
        return -1;
    }
    int r = uhp_regex_search(m->compiled, key, strlen(key));
    if (r == -2) {
        schema_err(s->err, m, "patternProperties '%.80s' took too many steps (a limit)", m->key);
        s->rc = -1;
        return -1;
    }
    if (r == -3) {
        s->rc = -2;
        return -1;
    }
    return r == 1;
}

/* Pushes the $ref target of frame F (index FI) after the cycle and depth checks. */
static void v_push_ref(vstate *s, size_t fi, const uhp_jv *ref)
{
    const uhp_jv *target = schema_resolve(s->set, ref, s->err);
    if (!target) {
        s->rc = -1;
        return;
    }
    vframe *f = &s->st[fi];
    if (target == s->known && f->inst == s->known_inst) {
        /* Validated already, with its violations reported: valid as it was then. Inside a
         * probe an invalid one must still fail the probe (whose violations are dropped). */
        bool in_probe = false;
        for (size_t k = 0; k <= fi && !in_probe; k++)
            in_probe = s->st[k].probe;
        if (!s->known_valid && in_probe)
            v_add(s, f->inst, ref, "$ref", f->desc, "is not valid (see the violations above)",
                  NULL);
        return;
    }
    if (f->ref_depth + 1 > s->set->lim.max_ref_depth) {
        schema_err(s->err, ref, "$ref '%s' makes a chain of more than %u references (a limit)",
                   ref->str, (unsigned)s->set->lim.max_ref_depth);
        s->rc = -1;
        return;
    }
    for (size_t k = fi + 1; k-- > 0;) {
        if (s->st[k].inst != f->inst)
            break;
        if (s->st[k].schema == target && s->st[k].via_ref) {
            schema_err(s->err, ref,
                       "$ref '%s' is a cycle: it comes back to itself without "
                       "reading any deeper into the value",
                       ref->str);
            s->rc = -1;
            return;
        }
    }
    v_push(s, target, f->inst, false, true);
}

/* Runs frame index FI one step: pushes at most one child, or finishes (phase DONE). */
static void v_step(vstate *s, size_t fi)
{
    vframe *f = &s->st[fi];
    const uhp_jv *sc = f->schema, *in = f->inst;
    bool was_awaiting = f->awaiting;
    f->awaiting = false;
#define resumed (was_awaiting && f->child_phase == f->phase)
    for (;;) {
        if (s->rc)
            return;
        switch (f->phase) {
        case PH_START:
            if (sc->kind == UHP_JV_BOOL) {
                if (!sc->b && in->kind != UHP_JV_UNKNOWN)
                    v_add(s, in, sc, "false", f->desc, "no value is allowed here", NULL);
                f->phase = PH_DONE;
                break;
            }
            if (in->kind == UHP_JV_UNKNOWN || sc->kind != UHP_JV_OBJECT) {
                f->phase = PH_DONE;
                break;
            }
            v_leaf(s, f);
            f->phase = PH_REF;
            break;
        case PH_REF: {
            f->phase = PH_PROPS;
            const uhp_jv *ref = uhp_jv_get(sc, "$ref");
            if (ref && ref->kind == UHP_JV_STRING) {
                v_push_ref(s, fi, ref);
                return;
            }
            break;
        }
        case PH_PROPS: {
            const uhp_jv *props = uhp_jv_get(sc, "properties");
            if (in->kind != UHP_JV_OBJECT || !props || props->kind != UHP_JV_OBJECT) {
                f->phase = PH_PATTERN_PROPS;
                break;
            }
            f->it = f->it ? f->it->next : props->first;
            while (f->it && !uhp_jv_get(in, f->it->key))
                f->it = f->it->next;
            if (!f->it) {
                f->phase = PH_PATTERN_PROPS;
                break;
            }
            v_push(s, f->it, uhp_jv_get(in, f->it->key), false, false);
            return;
        }
        case PH_PATTERN_PROPS: {
            const uhp_jv *pp = uhp_jv_get(sc, "patternProperties");
            if (in->kind != UHP_JV_OBJECT || !pp || pp->kind != UHP_JV_OBJECT || !pp->first ||
                !in->first) {
                f->phase = PH_ADDITIONAL;
                f->it = f->it2 = NULL;
                break;
            }
            /* it: the pattern; it2: the member of the value */
            if (!f->it) {
                f->it = pp->first;
                f->it2 = in->first;
            } else {
                f->it2 = f->it2->next;
            }
            for (;;) {
                if (!f->it2) {
                    f->it = f->it->next;
                    if (!f->it)
                        break;
                    f->it2 = in->first;
                }
                if (++s->steps > s->set->lim.max_steps)
                    break;
                int m = v_key_matches(s, f->it, f->it2->key);
                if (m < 0)
                    return;
                if (m)
                    break;
                f->it2 = f->it2->next;
            }
            if (!f->it) {
                f->phase = PH_ADDITIONAL;
                f->it = f->it2 = NULL;
                break;
            }
            v_push(s, f->it, f->it2, false, false);
            return;
        }
        case PH_ADDITIONAL: {
            const uhp_jv *ap = uhp_jv_get(sc, "additionalProperties");
            if (in->kind != UHP_JV_OBJECT || !ap) {
                f->phase = PH_ITEMS;
                f->it = NULL;
                break;
            }
            f->it = f->it ? f->it->next : in->first;
            bool pushed = false;
            for (; f->it && !s->rc; f->it = f->it->next) {
                bool known = uhp_jv_get(uhp_jv_get(sc, "properties"), f->it->key) != NULL;
                const uhp_jv *pp = uhp_jv_get(sc, "patternProperties");
                for (const uhp_jv *p = pp ? pp->first : NULL; p && !known && !s->rc; p = p->next)
                    known = v_key_matches(s, p, f->it->key) == 1;
                if (known || s->rc)
                    continue;
                if (ap->kind == UHP_JV_BOOL) {
                    if (!ap->b && f->it->kind != UHP_JV_UNKNOWN)
                        v_add(s, f->it, ap, "additionalProperties", NULL,
                              v_printf(s, "the key '%s' is not allowed here", f->it->key), NULL);
                    continue;
                }
                v_push(s, ap, f->it, false, false);
                pushed = true;
                break;
            }
            if (pushed)
                return;
            f->phase = PH_ITEMS;
            f->it = NULL;
            break;
        }
        case PH_ITEMS: {
            const uhp_jv *items = uhp_jv_get(sc, "items");
            if (in->kind != UHP_JV_ARRAY || !items || !in->first) {
                f->phase = PH_ALLOF;
                f->it = f->it2 = NULL;
                break;
            }
            /* it: the item; it2: its schema (a list of schemas pairs items by position) */
            if (!f->it) {
                f->it = in->first;
                f->it2 = items->kind == UHP_JV_ARRAY ? items->first : items;
            } else {
                f->it = f->it->next;
                if (items->kind == UHP_JV_ARRAY && f->it2)
                    f->it2 = f->it2->next;
            }
            if (!f->it || !f->it2) {
                f->phase = PH_ALLOF;
                f->it = f->it2 = NULL;
                break;
            }
            v_push(s, f->it2, f->it, false, false);
            return;
        }
        case PH_ALLOF:
        case PH_ANYOF:
        case PH_ONEOF: {
            const char *kw = f->phase == PH_ALLOF   ? "allOf"
                             : f->phase == PH_ANYOF ? "anyOf"
                                                    : "oneOf";
            const uhp_jv *list = uhp_jv_get(sc, kw);
            if (!list || list->kind != UHP_JV_ARRAY) {
                f->phase++;
                f->it = NULL;
                f->count = 0;
                break;
            }
            if (resumed && f->it && f->last_valid)
                f->count++;
            bool stop = f->phase == PH_ANYOF && f->count > 0;
            f->it = f->it ? f->it->next : list->first;
            if (f->it && !stop) {
                v_push(s, f->it, in, f->phase != PH_ALLOF, false);
                return;
            }
            if (f->phase == PH_ANYOF && f->count == 0)
                v_add(s, in, list, "anyOf", f->desc,
                      "must match at least one of the schemas listed under anyOf", NULL);
            if (f->phase == PH_ONEOF && f->count != 1)
                v_add(s, in, list, "oneOf", f->desc,
                      f->count ? v_printf(s,
                                          "must match exactly one of the schemas listed under "
                                          "oneOf, but matches %u",
                                          (unsigned)f->count)
                               : "must match exactly one of the schemas listed under oneOf, but "
                                 "matches none",
                      NULL);
            f->phase++;
            f->it = NULL;
            f->count = 0;
            break;
        }
        case PH_NOT: {
            const uhp_jv *not = uhp_jv_get(sc, "not");
            if (!not ) {
                f->phase = PH_IF;
                break;
            }
            if (!resumed) {
                v_push(s, not, in, true, false);
                return;
            }
            if (f->last_valid)
                v_add(s, in, not, "not", f->desc, "must not match the schema under not", NULL);
            f->phase = PH_IF;
            break;
        }
        case PH_IF: {
            const uhp_jv *cond = uhp_jv_get(sc, "if");
            if (!cond) {
                f->phase = PH_DONE;
                break;
            }
            if (!resumed) {
                v_push(s, cond, in, true, false);
                return;
            }
            f->phase = PH_THEN;
            const uhp_jv *next = uhp_jv_get(sc, f->last_valid ? "then" : "else");
            if (next) {
                v_push(s, next, in, false, false);
                return;
            }
            break;
        }
        case PH_THEN:
            f->phase = PH_DONE;
            break;
        default:
            return;
        }
        if (f->phase == PH_DONE)
            return;
    }
#undef resumed
}

int uhp_schema_validate(uhp_schema_set *set, const uhp_jv *schema, const uhp_jv *instance,
                        uhp_schema_result *out, uhp_schema_error *err)
{
    return uhp_schema_validate_known(set, schema, instance, out, err, NULL, false);
}

int uhp_schema_validate_known(uhp_schema_set *set, const uhp_jv *schema, const uhp_jv *instance,
                              uhp_schema_result *out, uhp_schema_error *err, const uhp_jv *known,
                              bool known_valid)
{
    vstate s;
    memset(&s, 0, sizeof s);
    s.set = set;
    s.out = out;
    s.err = err;
    s.known = known;
    s.known_inst = instance;
    s.known_valid = known_valid;
    if (!v_push(&s, schema, instance, false, false))
        return -2;
    s.st[0].awaiting = false;
    while (s.n && !s.rc) {
        size_t fi = s.n - 1;
        if (++s.steps > set->lim.max_steps) {
            schema_err(err, schema, "validation took more than %zu steps (a limit)",
                       set->lim.max_steps);
            s.rc = -1;
            break;
        }
        size_t before = s.n;
        v_step(&s, fi);
        if (s.rc || s.n > before)
            continue;
        /* the frame ended: hand its result to its parent */
        vframe *f = &s.st[fi];
        bool valid = out->n == f->errs_at_start;
        if (f->probe)
            out->n = f->errs_at_start;
        s.n--;
        if (s.n)
            s.st[s.n - 1].last_valid = valid;
    }
    uhp_free(s.st);
    return s.rc;
}

void uhp_schema_result_free(uhp_schema_result *r)
{
    uhp_free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}
