/* Zowe's JSON schemas, off the mainframe: a JSON reader that accepts what Zowe's own reader
 * accepts, and a JSON Schema (2019-09) validator over a neutral value tree. Schema set in,
 * value tree in, violations out. Nothing here knows YAML, rules or reports; every walk keeps
 * its own stack (no recursion over the depth of a schema or a document). */
#ifndef UHP_SCHEMA_H
#define UHP_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/arena.h"

typedef enum uhp_jv_kind {
    UHP_JV_NULL = 0,
    UHP_JV_BOOL,
    UHP_JV_NUMBER,
    UHP_JV_STRING,
    UHP_JV_ARRAY,
    UHP_JV_OBJECT,
    UHP_JV_UNKNOWN, /* a value that could not be evaluated: every schema accepts it */
} uhp_jv_kind;

/* One JSON value, 64 bytes (a schema set holds thousands). Children are a list in
 * document order; an object's members carry their key, an array's items their index.
 * Fields that only some values need share storage, by kind or by tree: read numbers with
 * uhp_jv_num and the file with uhp_jv_file. */
typedef struct uhp_jv uhp_jv;
struct uhp_jv {
    uint8_t kind; /* uhp_jv_kind */
    bool b;
    bool is_int;        /* NUMBER: written without fraction or exponent, and fits int64 */
    uint8_t flags;      /* UHP_JV_F_* */
    uint32_t len;       /* STRING: bytes; ARRAY, OBJECT: children */
    uint32_t line, col; /* 1-based position in the file (0: none) */
    union {
        double real;      /* NUMBER when !is_int (see uhp_jv_num) */
        int64_t i;        /* NUMBER when is_int */
        const char *str;  /* STRING: NUL-terminated UTF-8 (may hold NULs: see len) */
        const char *base; /* OBJECT, ARRAY of a schema set: the base URI of its $ref */
    };
    union {
        const char *key; /* member of an object: its key */
        uint32_t index;  /* item of an array: its index */
    };
    uhp_jv *parent, *first, *next;
    union {
        const void *origin; /* values built by a caller: the caller's data (where it came from) */
        void *compiled;     /* a schema's pattern string or patternProperties member: its
                               program, built when the schema is read */
    };
};

enum {
    UHP_JV_F_NEG_ZERO = 1, /* NUMBER: an integer written as -0 (uhp_jv_num gives -0.0) */
    UHP_JV_F_DOC = 2,      /* the root of a parsed document: uhp_jv_file finds its file */
};

/* The value of NUMBER V as a double. */
static inline double uhp_jv_num(const uhp_jv *v)
{
    if (!v->is_int)
        return v->real;
    return (v->flags & UHP_JV_F_NEG_ZERO) ? -0.0 : (double)v->i;
}

/* The file V was read from (as named to uhp_json_parse), or NULL for a value built by a
 * caller. Walks up to the root: for messages, not for loops. */
const char *uhp_jv_file(const uhp_jv *v);

typedef struct uhp_json_limits {
    size_t max_size;    /* bytes per file (0: 4 MiB) */
    uint32_t max_depth; /* nesting (0: 256) */
    size_t max_nodes;   /* values per file (0: 1,000,000) */
} uhp_json_limits;

/* A located error: "what failed" with the file, line and column it is about. */
typedef struct uhp_schema_error {
    char file[512];
    uint32_t line, col;
    char message[512];
} uhp_schema_error;

/* Parses TEXT[0..LEN) as JSON the way Zowe's reader (zowe-common-c c/json.c) does: one
 * trailing comma before ] or } is accepted, and // and block comments are skipped; a repeated
 * key keeps every member (lookups see the first). FILE names the text in errors and values.
 * Returns the root, allocated in ARENA, or NULL with ERR filled (file:line:col). */
uhp_jv *uhp_json_parse(const char *file, const char *text, size_t len, uhp_arena *arena,
                       const uhp_json_limits *lim, uhp_schema_error *err);
/* The member KEY of object OBJ (the first one), or NULL. */
const uhp_jv *uhp_jv_get(const uhp_jv *obj, const char *key);
/* Writes the JSON path of V ("/zowe/externalDomains/0") into BUF (NUL-terminated,
 * truncated to SIZE). Returns the full length. */
size_t uhp_jv_pointer(const uhp_jv *v, char *buf, size_t size);
/* Writes the dotted path of V the way the tool names keys ("zowe.externalDomains[0]",
 * "components['app-server'].port"). Returns the full length. */
size_t uhp_jv_dotted(const uhp_jv *v, char *buf, size_t size);
/* True when A and B are equal JSON values (numbers by value, objects in any key order). */
bool uhp_jv_equal(const uhp_jv *a, const uhp_jv *b);

/* Limits on a schema set: what a hostile schema cannot exceed. */
typedef struct uhp_schema_limits {
    uhp_json_limits json;
    size_t max_files;       /* schema files in a set (0: 256) */
    uint32_t max_ref_depth; /* $ref followed in a row on one value (0: 64) */
    size_t max_pattern;     /* compiled size of one pattern, in instructions (0: 20,000) */
    size_t max_steps;       /* validation steps for one document (0: 50,000,000) */
} uhp_schema_limits;

typedef struct uhp_schema_set uhp_schema_set;

/* Returns an empty schema set with limits LIM (NULL: the defaults), or NULL. */
uhp_schema_set *uhp_schema_set_new(const uhp_schema_limits *lim);
/* The same, allocating in the arena of OWNER (NULL: its own), which must outlive it: the
 * sets of one run share their memory's pages. */
uhp_schema_set *uhp_schema_set_new_in(const uhp_schema_limits *lim, uhp_schema_set *owner);
void uhp_schema_set_free(uhp_schema_set *set);
/* Reads the JSON schema in TEXT[0..LEN) (named FILE) into SET and indexes its $id and
 * $anchor names. Returns the document's root, or NULL with ERR filled (a syntax error,
 * a limit, a repeated $id). */
const uhp_jv *uhp_schema_set_add(uhp_schema_set *set, const char *file, const char *text,
                                 size_t len, uhp_schema_error *err);
/* Reads file PATH (at most the size limit) and adds it as uhp_schema_set_add does. */
const uhp_jv *uhp_schema_set_add_file(uhp_schema_set *set, const char *path, uhp_schema_error *err);
/* The same, reading into BUF (kept for the next file; the caller frees it). */
struct uhp_read_buf;
const uhp_jv *uhp_schema_set_add_file_buf(uhp_schema_set *set, const char *path,
                                          struct uhp_read_buf *buf, uhp_schema_error *err);
/* Adds ROOT, a document read into another set that outlives SET, without reading it again
 * (its names are recorded in SET). Returns ROOT, or NULL with ERR filled (a repeated $id). */
const uhp_jv *uhp_schema_set_share(uhp_schema_set *set, const uhp_jv *root, uhp_schema_error *err);
/* The schema with $id URI (absolute, no fragment), or NULL. */
const uhp_jv *uhp_schema_set_find(const uhp_schema_set *set, const char *uri);
/* The arena of SET (perhaps its owner's): callers may build instance trees there to live as
 * long as it. */
uhp_arena *uhp_schema_set_arena(uhp_schema_set *set);

typedef struct uhp_schema_violation {
    const uhp_jv *instance;  /* the value that failed (for required: the object) */
    const uhp_jv *schema;    /* the keyword's value in the schema */
    const char *keyword;     /* "type", "enum", "additionalProperties", ... */
    const char *description; /* the nearest "description" of the failing property, or NULL */
    const char *detail;      /* what was expected, in words (arena string) */
    const char *member;      /* required: the missing key; else NULL */
} uhp_schema_violation;

typedef struct uhp_schema_result {
    uhp_schema_violation *v; /* in the order found (owned by the result) */
    size_t n, cap;
} uhp_schema_result;

/* Validates INSTANCE against SCHEMA (a root or subschema of SET). Violations are appended
 * to OUT: for allOf, $ref, properties, items and if/then/else the violations inside; for
 * anyOf, oneOf and not one violation at that keyword. Strings live in SET's arena.
 * Returns 0, or -1 with ERR filled when the schema cannot be applied (an unresolvable or
 * cyclic $ref, a chain deeper than the limit, a pattern that cannot be compiled or is too
 * large, the step budget), or -2 when memory ran out. */
int uhp_schema_validate(uhp_schema_set *set, const uhp_jv *schema, const uhp_jv *instance,
                        uhp_schema_result *out, uhp_schema_error *err);
/* uhp_schema_validate, where KNOWN (a schema of SET, or NULL) was validated on INSTANCE
 * before, its violations reported, with the outcome KNOWN_VALID: a $ref to it on INSTANCE
 * is not followed again (a component's schema includes Zowe's base schema). */
int uhp_schema_validate_known(uhp_schema_set *set, const uhp_jv *schema, const uhp_jv *instance,
                              uhp_schema_result *out, uhp_schema_error *err, const uhp_jv *known,
                              bool known_valid);
void uhp_schema_result_free(uhp_schema_result *r);

/* ECMAScript regular expressions, the subset JSON Schema patterns use (see
 * docs/rules/UHA011.md): compiled to a program that runs in time linear in the input
 * (a Pike VM), never backtracking. */
typedef struct uhp_regex uhp_regex;
/* Compiles PATTERN; returns NULL with MSG (SIZE bytes) saying why: a feature outside the
 * subset, a syntax error, more than MAX_INSNS instructions once counted repetitions are
 * expanded, or no memory. */
uhp_regex *uhp_regex_compile(const char *pattern, size_t max_insns, char *msg, size_t size);
/* The same, the program in one block of ARENA (never given to uhp_regex_free). */
uhp_regex *uhp_regex_compile_in(uhp_arena *arena, const char *pattern, size_t max_insns, char *msg,
                                size_t size);
/* 1 when RE matches somewhere in S[0..LEN) (UTF-8), 0 when not, -1 when S is not UTF-8,
 * -2 when the search passed its step budget, -3 when memory ran out. */
int uhp_regex_search(const uhp_regex *re, const char *s, size_t len);
void uhp_regex_free(uhp_regex *re);

#endif
