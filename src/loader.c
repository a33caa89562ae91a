/* Size: the event loop, Zowe's scalar typing and the input findings share the loader state. */
/* libyaml events -> uhp_node tree. An explicit heap stack of open containers replaces
 * recursion, so input depth costs heap, bounded by limits->max_depth. */
#include "uhp/loader.h"

#include <stdio.h>
#include <string.h>

#include "event_reader.h"
#include "uhp/alloc.h"
#include "uhp/diag.h"
#include "uhp/limits.h"

typedef struct load_frame {
    uhp_node *node;
    uhp_node *last;          /* its last child so far (appends are O(1)) */
    const char *pending_key; /* map: key read, value not yet */
    uhp_pos pending_key_pos;
    uint32_t pending_hash; /* uhp_key_hash of the pending key */
    bool pending_dup;      /* an earlier child of the map has the pending key */
} load_frame;

typedef struct load_state {
    uhp_source *src;
    uhp_arena *arena;
    const uhp_limits *lim;
    uhp_run *run;
    load_frame *stack;
    size_t depth, cap;
    bool failed;
    size_t skipped;            /* bytes of BOM before what libyaml reads */
    uhp_limit_state ls;        /* scalar, node and alias limits; the duplicate-key index */
    const uhp_node **suspects; /* values UHA007 judges on the merged configuration */
    size_t n_suspects, cap_suspects;
    uhp_key_table keys; /* one copy of each distinct key text */
} load_state;

/* Adds an input diagnostic of KIND and marks the load as failed when FATAL. */
static void load_report(load_state *st, uhp_diag_kind kind, uhp_pos pos, const char *key_path,
                        const char *msg, const char *fix, bool fatal)
{
    uhp_diag d = {.kind = kind,
                  .src = st->src,
                  .start = pos,
                  .end = pos,
                  .key_path = key_path,
                  .message = msg,
                  .fix = fix};
    uhp_run_add_diag(st->run, &d);
    if (fatal) {
        st->failed = true;
        st->run->input_error = true;
    }
}

/* Returns S; a NULL S is a failed arena printf: the load runs out of memory, so a finding is
 * never dropped or left without its message. */
static const char *load_str(load_state *st, const char *s)
{
    if (!s) {
        st->run->out_of_memory = true;
        st->failed = true;
    }
    return s;
}

uhp_scalar_type uhp_scalar_typeof(const char *s, size_t len, uhp_scalar_style style)
{
    if (style != UHP_STYLE_PLAIN)
        return UHP_TYPE_STRING;
    if (len == 0 || (len == 1 && s[0] == '~'))
        return UHP_TYPE_NULL;
    /* Only 4- and 5-letter words can be null or a boolean: test the length first, as this
     * runs on every plain scalar. */
    if (len == 4 && (s[0] == 'n' || s[0] == 'N') &&
        (!strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL")))
        return UHP_TYPE_NULL;
    if (len == 4 && (s[0] == 't' || s[0] == 'T') &&
        (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")))
        return UHP_TYPE_BOOL;
    if (len == 5 && (s[0] == 'f' || s[0] == 'F') &&
        (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")))
        return UHP_TYPE_BOOL;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return UHP_TYPE_STRING;
    return UHP_TYPE_INT;
}

/* True when some "${{" in S has no "}}" after it. */
static bool load_template_unclosed(const char *s)
{
    const char *p = s;
    while ((p = strstr(p, "${{")) != NULL) {
        const char *close = strstr(p + 3, "}}");
        if (!close)
            return true;
        p = close + 2;
    }
    return false;
}

/* Types scalar N by its explicit tag TAG, as Zowe's YAML-to-JSON conversion does
 * (zowe-common-c c/yaml2json.c): !!null is null whatever the text; !!int and !!bool read
 * the text, in any quoting style, and a text they cannot read drops the value; any other
 * tag (!!float, !!timestamp, a local tag) drops it. A dropped node counts as absent. */
static void load_apply_tag(uhp_node *n, uhp_tag tag)
{
    n->flags |= UHP_NODE_TAGGED;
    switch (tag) {
    case UHP_TAG_NULL:
        n->type = UHP_TYPE_NULL;
        return;
    case UHP_TAG_BOOL:
        if (uhp_scalar_typeof(n->body.value, n->len, UHP_STYLE_PLAIN) == UHP_TYPE_BOOL) {
            n->type = UHP_TYPE_BOOL;
            n->bval = n->body.value[0] == 't' || n->body.value[0] == 'T';
        } else {
            n->flags |= UHP_NODE_DROPPED;
        }
        return;
    case UHP_TAG_INT: {
        /* Zowe's readInt: decimal digits only (no sign, no hex); the empty text reads 0.
         * The value is read off the text again when asked for (uhp_node_ival). */
        int64_t v = 0;
        for (size_t i = 0; i < n->len; i++) {
            char c = n->body.value[i];
            if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10) {
                n->flags |= UHP_NODE_DROPPED;
                return;
            }
            v = v * 10 + (c - '0');
        }
        n->type = UHP_TYPE_INT;
        return;
    }
    default:
        n->flags |= UHP_NODE_DROPPED;
        return;
    }
}

/* Line and column (1-based) of byte OFFSET in the source, counting UTF-8 characters. */
static uhp_pos load_pos_of_offset(const uhp_source *src, size_t offset)
{
    uhp_pos p = {1, 1};
    for (size_t i = 0; i < offset && i < src->len; i++) {
        unsigned char c = (unsigned char)src->data[i];
        if (c == '\n') {
            p.line++;
            p.col = 1;
        } else if ((c & 0xC0) != 0x80) {
            p.col++;
        }
    }
    return p;
}

/* Checks ${{ }} syntax in a scalar: unclosed templates, and templates in single-quoted
 * scalars (Zowe drops them with a warning). */
static void load_check_template(load_state *st, const uhp_node *n)
{
    char path[512];
    const char *p = n->body.value;
    while ((p = strstr(p, "${{")) != NULL) {
        const char *close = strstr(p + 3, "}}");
        if (!close) {
            uhp_node_path(n, path, sizeof path);
            load_report(st, UHP_DIAG_TEMPLATE, n->start, path,
                        "unclosed '${{' template: Zowe's config manager cannot evaluate it",
                        "close the template with '}}'", false);
            return;
        }
        p = close + 2;
    }
    if (n->style == UHP_STYLE_SINGLE) {
        uhp_node_path(n, path, sizeof path);
        load_report(st, UHP_DIAG_TEMPLATE, n->start, path,
                    "template in a single-quoted scalar: Zowe drops it with a warning and the "
                    "value is never evaluated",
                    "use a plain or double-quoted scalar for ${{ }} templates", false);
    }
}

/* Records N for UHA007 when its key asks for a type (a port, 'enabled') and its value may
 * not have it: a quoted or non-integer port, a port out of range, a non-boolean 'enabled',
 * or a template whose result decides. The rule judges it on the merged configuration, as
 * Zowe validates that, not each layer (src/rules/uha007_value_type.c). */
static void load_check_type(load_state *st, const uhp_node *n)
{
    if (n->type == UHP_TYPE_NULL || !n->key)
        return;
    bool suspect = false;
    if (uhp_type_key_kind(n) == UHP_TYPE_KEY_PORT)
        suspect = n->has_template || n->type != UHP_TYPE_INT || uhp_node_ival(n) < 1 ||
                  uhp_node_ival(n) > 65535;
    else if (uhp_type_key_kind(n) == UHP_TYPE_KEY_BOOL)
        suspect = n->has_template || n->type != UHP_TYPE_BOOL;
    if (!suspect)
        return;
    if (st->n_suspects == st->cap_suspects) {
        const uhp_node **grown =
            uhp_arena_grow(st->arena, st->suspects, st->n_suspects, &st->cap_suspects,
                           st->n_suspects + 1, sizeof *grown, 8);
        if (!grown) {
            st->run->out_of_memory = true;
            st->failed = true;
            return;
        }
        st->suspects = grown;
    }
    st->suspects[st->n_suspects++] = n;
}

/* Reports the limit LS refused (or running out of memory); always fatal. */
static void load_report_limit(load_state *st, uhp_pos pos)
{
    if (st->ls.nomem) {
        st->run->out_of_memory = true;
        st->failed = true;
        return;
    }
    load_report(st, st->ls.kind, pos, NULL, st->ls.message, st->ls.fix, true);
}

/* Makes the key of text S[0..LEN) at POS the pending key of map frame TOP, reporting UHA002
 * when the map already holds it. The key is interned: one arena copy per distinct text of
 * the file, which most keys of a big configuration repeat. Failures are recorded in ST. */
static void load_pending_key(load_state *st, load_frame *top, const char *s, size_t len,
                             uhp_pos pos)
{
    const char *key = uhp_key_intern(&st->keys, st->arena, s, len, &top->pending_hash);
    if (!key) {
        st->run->out_of_memory = true;
        st->failed = true;
        return;
    }
    /* The first child under the same key, found by its hash; the hash is kept with the
     * key and serves the map's index when the value is attached. */
    const uhp_node *c = uhp_node_get_hashed(top->node, key, top->pending_hash);
    if (c) {
        char path[512];
        uhp_node_path(top->node, path, sizeof path);
        const char *msg =
            load_str(st, uhp_arena_printf(st->arena, "duplicate key '%s' (first at line %u)", key,
                                          (unsigned)c->at.key_pos.line));
        /* Which of the two values Zowe takes is not defined, so the file cannot be read
         * unambiguously: an input error (exit 2), though loading goes on so the other
         * findings still show. */
        load_report(st, UHP_DIAG_DUPLICATE_KEY, pos, path, msg,
                    "keep one of the two keys; merge their contents", false);
        st->run->input_error = true;
    }
    top->pending_key = key;
    top->pending_key_pos = pos;
    top->pending_dup = c != NULL;
}

/* Appends CHILD to the container on top of the stack; returns false on a fatal problem. */
static bool load_attach(load_state *st, uhp_node *child, uhp_pos mark)
{
    if (st->depth == 0)
        return true; /* the document root */
    load_frame *top = &st->stack[st->depth - 1];
    uhp_node *parent = top->node;
    uint32_t hash = 0;
    if (parent->kind == UHP_NODE_MAP) {
        if (!top->pending_key) {
            /* A key: must be a scalar. */
            if (child->kind != UHP_NODE_SCALAR) {
                load_report(st, UHP_DIAG_SYNTAX, mark, NULL,
                            "complex mapping key: Zowe's configuration keys are plain strings",
                            "use a plain scalar as the key", true);
                return false;
            }
            load_pending_key(st, top, child->body.value, child->len, child->start);
            return !st->failed;
        }
        child->key = top->pending_key;
        child->at.key_pos = top->pending_key_pos;
        /* Set here, not copied: an alias's copy carries its original's flags. */
        child->flags = top->pending_dup ? child->flags | UHP_NODE_REPEATED_KEY
                                        : child->flags & ~UHP_NODE_REPEATED_KEY;
        hash = top->pending_hash;
        top->pending_key = NULL;
    } else {
        child->at.index = parent->n_children;
    }
    child->parent = parent;
    if (top->last)
        top->last->next = child;
    else
        parent->body.first = child; /* the map is indexed from its 16th child on */
    top->last = child;
    parent->n_children++;
    if (parent->kind == UHP_NODE_MAP && !uhp_node_index_add(st->arena, parent, child, hash)) {
        st->run->out_of_memory = true;
        st->failed = true;
        return false;
    }
    return true;
}

static uhp_node *load_new_node(load_state *st, uhp_node_kind kind, uhp_pos start)
{
    if (!uhp_limits_on_node(&st->ls)) {
        load_report_limit(st, start);
        return NULL;
    }
    uhp_node *n = uhp_arena_alloc_aligned(st->arena, sizeof *n, _Alignof(uhp_node));
    if (!n) {
        st->run->out_of_memory = true;
        st->failed = true;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->start = start;
    return n;
}

static bool load_push(load_state *st, uhp_node *n, uhp_pos mark)
{
    if (st->depth >= st->lim->max_depth) {
        char msg[160];
        snprintf(msg, sizeof msg, "nesting deeper than %u levels", (unsigned)st->lim->max_depth);
        load_report(st, UHP_DIAG_LIMIT, mark, NULL, msg,
                    "flatten the document, or raise the limit with --max-depth", true);
        return false;
    }
    if (st->depth == st->cap) {
        load_frame *ns = uhp_grow(st->stack, &st->cap, st->depth + 1, sizeof *ns, 32);
        if (!ns) {
            st->run->out_of_memory = true;
            st->failed = true;
            return false;
        }
        st->stack = ns;
    }
    st->stack[st->depth].node = n;
    st->stack[st->depth].last = NULL;
    st->stack[st->depth].pending_key = NULL;
    st->depth++;
    return true;
}

static uhp_scalar_style load_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        return UHP_STYLE_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        return UHP_STYLE_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE:
        return UHP_STYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE:
        return UHP_STYLE_FOLDED;
    default:
        return UHP_STYLE_PLAIN;
    }
}

/* Builds a scalar node from EV; returns NULL when memory runs out. */
static uhp_node *load_scalar(load_state *st, const uhp_event *ev)
{
    if (!uhp_limits_on_scalar(&st->ls, ev->len)) {
        load_report_limit(st, ev->start);
        return NULL;
    }
    uhp_node *n = load_new_node(st, UHP_NODE_SCALAR, ev->start);
    if (!n)
        return NULL;
    n->end = ev->end;
    n->style = load_style(ev->style);
    n->len = (uint32_t)ev->len; /* at most the scalar limit, below 4 GiB */
    char *text = uhp_arena_strndup(st->arena, ev->value, n->len);
    if (!text) {
        st->run->out_of_memory = true;
        st->failed = true;
        return NULL;
    }
    n->body.value = text;
    n->type = uhp_scalar_typeof(text, n->len, n->style);
    if (n->type == UHP_TYPE_BOOL)
        n->bval = text[0] == 't' || text[0] == 'T';
    /* memchr first: most scalars hold no '$' at all. */
    n->has_template = memchr(text, '$', n->len) && strstr(text, "${{") != NULL;
    if (ev->tag != UHP_TAG_NONE)
        load_apply_tag(n, (uhp_tag)ev->tag);
    /* Zowe's conversion refuses a template in a single-quoted scalar and leaves the key out
     * (UHA005 warns): the lower layer's value, or the default, applies. */
    if (n->has_template && n->style == UHP_STYLE_SINGLE)
        n->flags |= UHP_NODE_DROPPED;
    /* A template with no closing '}}' fails to convert and is left out too (UHA005). */
    if (n->has_template && (n->style == UHP_STYLE_PLAIN || n->style == UHP_STYLE_DOUBLE) &&
        !(n->flags & UHP_NODE_TAGGED) && load_template_unclosed(text))
        n->flags |= UHP_NODE_DROPPED;
    return n;
}

/* True when scalar event EV is a mapping key that needs no node: the open container is a
 * map waiting for a key, and the scalar has no anchor an alias could name. */
static bool load_is_key_event(const load_state *st, const uhp_event *ev)
{
    if (st->depth == 0)
        return false;
    const load_frame *top = &st->stack[st->depth - 1];
    return top->node->kind == UHP_NODE_MAP && !top->pending_key &&
           !(ev->anchor && st->lim->allow_aliases);
}

/* Reads key scalar EV straight into the pending key of the open map: the same limits as a
 * node, no node. Failures are recorded in ST. */
static void load_key(load_state *st, const uhp_event *ev)
{
    if (!uhp_limits_on_scalar(&st->ls, ev->len) || !uhp_limits_on_node(&st->ls)) {
        load_report_limit(st, ev->start);
        return;
    }
    load_pending_key(st, &st->stack[st->depth - 1], ev->value, ev->len, ev->start);
}

/* Reports libyaml's parser error with its position. */
static void load_report_parser_error(load_state *st, const uhp_parse_error *p)
{
    uhp_pos pos;
    size_t offset = p->problem_offset + st->skipped;
    if (p->error == YAML_READER_ERROR) {
        /* libyaml points at the bad trailing byte; the character starts at its lead byte. */
        const unsigned char *d = (const unsigned char *)st->src->data;
        while (offset > 0 && offset <= st->src->len && (d[offset - 1] & 0x80)) {
            offset--;
            if ((d[offset] & 0xC0) == 0xC0)
                break;
        }
        pos = load_pos_of_offset(st->src, offset);
    } else
        pos = p->problem_pos;
    char msg[512];
    if (p->error == YAML_MEMORY_ERROR) {
        st->run->out_of_memory = true;
        st->failed = true;
        return;
    }
    if (p->error == YAML_READER_ERROR)
        snprintf(msg, sizeof msg, "not valid UTF-8: %s at byte offset %zu",
                 p->problem ? p->problem : "invalid input", offset);
    else if (p->context)
        snprintf(msg, sizeof msg, "yaml syntax error: %s %s (line %lu)", p->problem, p->context,
                 (unsigned long)p->context_line + 1);
    else
        snprintf(msg, sizeof msg, "yaml syntax error: %s", p->problem ? p->problem : "unknown");
    load_report(st, UHP_DIAG_SYNTAX, pos, NULL, msg,
                p->error == YAML_READER_ERROR ? "save the file as UTF-8"
                                              : "fix the YAML at this position (indentation, "
                                                "quotes, a missing ':' are the usual causes)",
                true);
}

/* Refuses encodings libyaml would misread or that Zowe would not take. */
static bool load_check_encoding(load_state *st)
{
    const unsigned char *d = (const unsigned char *)st->src->data;
    size_t len = st->src->len;
    uhp_pos start = {1, 1};
    if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
        load_report(st, UHP_DIAG_SYNTAX, start, NULL,
                    "the file is UTF-16; Zowe reads UTF-8 (or EBCDIC)",
                    "convert it: iconv -f UTF-16 -t UTF-8", true);
        return false;
    }
    if (memchr(d, '\0', len)) {
        uhp_pos pos =
            load_pos_of_offset(st->src, (size_t)((const unsigned char *)memchr(d, 0, len) - d));
        load_report(st, UHP_DIAG_SYNTAX, pos, NULL, "the file holds a NUL byte: not a text file",
                    "check that the right file was given", true);
        return false;
    }
    return true;
}

/* Records ANCHOR (may be NULL) for node N when aliases are allowed; false when memory ran out. */
static bool load_anchor(load_state *st, const char *anchor, uhp_node *n)
{
    if (!anchor || !st->lim->allow_aliases)
        return true;
    if (uhp_limits_anchor(&st->ls, st->arena, anchor, n))
        return true;
    load_report_limit(st, n->start);
    return false;
}

/* Returns N, made the document's root: the root keeps the source for every node. */
static uhp_node *load_root(uhp_node *n, const uhp_source *src)
{
    n->at.root_src = src;
    return n;
}

/* The checks of a scalar that has its key: templates and value types. */
static void load_check_scalar(load_state *st, const uhp_node *n)
{
    if (n->has_template)
        load_check_template(st, n);
    load_check_type(st, n);
}

uhp_doc *uhp_load_yaml(uhp_source *src, uhp_arena *arena, const uhp_limits *lim, uhp_run *run)
{
    load_state st = {src, arena, lim, run, NULL, 0, 0, false, 0, {0}, NULL, 0, 0, {NULL, 0, 0}};
    uhp_limit_state_init(&st.ls, lim->max_scalar, lim->max_nodes, lim->alias_budget);
    uhp_pos start = {1, 1};
    if (!load_check_encoding(&st))
        return NULL;
    size_t skip = 0;
    if (src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3; /* libyaml takes a UTF-8 BOM, but columns count from after it */
    st.skipped = skip;

    size_t in_len = src->len - skip;
    bool threaded = lim->parse_thread_min > 0 && in_len >= lim->parse_thread_min;
    uhp_event_reader *reader =
        uhp_event_reader_open((const unsigned char *)src->data + skip, in_len, threaded);
    if (!reader) {
        run->out_of_memory = true;
        return NULL;
    }

    uhp_node *root = NULL;
    int documents = 0;
    bool done = false;
    while (!done && !st.failed) {
        uhp_event ev;
        uhp_parse_error perr;
        int got = uhp_event_reader_next(reader, &ev, &perr);
        if (got <= 0) {
            if (got == 0)
                load_report_parser_error(&st, &perr);
            else {
                run->out_of_memory = true;
                st.failed = true;
            }
            break;
        }
        uhp_node *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1)
                load_report(&st, UHP_DIAG_LIMIT, ev.start, NULL,
                            "more than one YAML document in the file; Zowe reads one",
                            "remove the extra '---' and keep one document per file", true);
            break;
        case YAML_ALIAS_EVENT:
            if (!lim->allow_aliases) {
                load_report(&st, UHP_DIAG_ALIAS, ev.start, NULL,
                            "yaml alias '*' rejected: aliases can expand without bound and "
                            "Zowe's configuration never needs them",
                            "write the value out in full instead of the alias, or allow "
                            "aliases with --allow-aliases",
                            true);
                break;
            }
            n = uhp_limits_alias(&st.ls, arena, ev.anchor);
            if (!n) {
                load_report_limit(&st, ev.start);
                break;
            }
            /* The copy stands where the alias is written: findings and show point there. */
            n->start = ev.start;
            n->end = ev.end;
            if (!load_attach(&st, n, ev.start))
                break;
            if ((n->flags & UHP_NODE_DROPPED) && st.depth > 0)
                st.stack[st.depth - 1].node->flags |= UHP_NODE_HAS_DROPPED;
            if (st.depth == 0)
                root = load_root(n, src);
            else if (n->parent && n->kind == UHP_NODE_SCALAR)
                load_check_scalar(&st, n);
            break;
        case YAML_SCALAR_EVENT:
            if (load_is_key_event(&st, &ev)) {
                load_key(&st, &ev);
                break;
            }
            n = load_scalar(&st, &ev);
            if (!n || !load_anchor(&st, ev.anchor, n) || !load_attach(&st, n, ev.start))
                break;
            if ((n->flags & UHP_NODE_DROPPED) && st.depth > 0)
                st.stack[st.depth - 1].node->flags |= UHP_NODE_HAS_DROPPED;
            if (st.depth == 0)
                root = load_root(n, src);
            else if (n->parent)
                load_check_scalar(&st, n);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            n = load_new_node(
                &st, ev.type == YAML_MAPPING_START_EVENT ? UHP_NODE_MAP : UHP_NODE_SEQ, ev.start);
            if (!n || !load_anchor(&st, ev.anchor, n) || !load_attach(&st, n, ev.start))
                break;
            if (st.depth == 0)
                root = load_root(n, src);
            load_push(&st, n, ev.start);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (st.depth > 0) {
                st.stack[st.depth - 1].node->end = ev.end;
                st.depth--;
            }
            break;
        default:
            break;
        }
    }
    uhp_event_reader_close(reader);
    uhp_free(st.stack);
    uhp_key_table_free(&st.keys);
    /* The texts aliases copied out of secrets, kept with the document. */
    const char **secrets = NULL;
    size_t n_secrets = st.ls.n_secrets;
    if (n_secrets && !st.failed) {
        secrets = uhp_arena_alloc(arena, n_secrets * sizeof *secrets);
        if (secrets)
            memcpy(secrets, st.ls.secrets, n_secrets * sizeof *secrets);
        else
            run->out_of_memory = st.failed = true;
    }
    uhp_limit_state_free(&st.ls);
    if (st.failed)
        return NULL;
    if (!root || (root->kind == UHP_NODE_SCALAR && root->type == UHP_TYPE_NULL)) {
        load_report(&st, UHP_DIAG_SYNTAX, start, NULL,
                    src->len == 0 ? "the file is empty" : "the file holds no YAML content",
                    "give a Zowe configuration file (a YAML mapping with zowe:, components:, ...)",
                    true);
        return NULL;
    }
    if (root->kind != UHP_NODE_MAP) {
        load_report(&st, UHP_DIAG_SYNTAX, root->start, NULL,
                    "the top level is not a mapping; a Zowe configuration starts with keys such "
                    "as 'zowe:' and 'components:'",
                    NULL, true);
        return NULL;
    }
    uhp_doc *doc = uhp_arena_alloc(arena, sizeof *doc);
    if (!doc) {
        run->out_of_memory = true;
        return NULL;
    }
    doc->src = src;
    doc->root = root;
    doc->type_suspects = st.suspects;
    doc->n_type_suspects = st.n_suspects;
    doc->secrets = secrets;
    doc->n_secrets = n_secrets;
    return doc;
}
