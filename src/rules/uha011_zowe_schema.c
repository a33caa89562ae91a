/* UHA011 zowe-schema: with --zowe-runtime, the merged, template-resolved configuration is
 * validated against Zowe's own JSON schemas, as zwe validates it before it starts anything:
 * the whole configuration against schemas/zowe-yaml-schema.json and server-common.json
 * (zowe-install-packaging bin/libs/configmgr.ts, getConfig), and, for each component
 * enabled in an instance, against the schemas its manifest lists under schemas.configs
 * (bin/libs/component.ts, validateConfigForComponent). zwe validates the configuration as
 * merged before any haInstances overlay (the overlays are only read through the
 * haInstances part of the schema); which components are enabled is per instance. One
 * finding per violation, at the node that decided the value. */
#include <stdio.h>
#include <string.h>

#include "rule_internal.h"
#include "uhp/alloc.h"
#include "uhp/schema.h"
#include "uhp/zowe_schemas.h"

/* Values deeper than this are left out of the tree (a template that copies its own
 * ancestor); the schema sees an unknown value there. */
#define U011_MAX_DEPTH 300

typedef struct u011_keys {
    const char **key;
    size_t n, cap;
    bool oom;
} u011_keys;

static bool u011_add_key(void *ctx, const char *key)
{
    u011_keys *k = ctx;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 16;
        const char **g = uhp_realloc(k->key, cap * sizeof *g);
        if (!g) {
            k->oom = true;
            return false;
        }
        k->key = g;
        k->cap = cap;
    }
    k->key[k->n++] = key;
    return true;
}

typedef struct u011_frame {
    uhp_value val;
    uhp_jv *jv, *tail; /* the value and its last child so far */
    u011_keys keys;
    size_t next, len;
} u011_frame;

/* A JSON value for VAL in arena A (containers empty: the walk fills them). */
/* The value is added after *TAIL, the last child of PARENT so far (updated). */
static uhp_jv *u011_node(uhp_arena *a, const uhp_value *val, uhp_jv *parent, uhp_jv **tail,
                         const char *key)
{
    uhp_jv *v = uhp_arena_alloc(a, sizeof *v);
    uhp_value *origin = uhp_arena_alloc(a, sizeof *origin);
    if (!v || !origin)
        return NULL;
    memset(v, 0, sizeof *v);
    *origin = *val;
    v->origin = origin;
    switch (val->kind) {
    case UHP_VAL_NULL:
        v->kind = UHP_JV_NULL;
        break;
    case UHP_VAL_STRING: {
        const char *str = val->str ? val->str : "";
        size_t len = strlen(str);
        if (len > UINT32_MAX) { /* beyond what a value holds: unknown, accepted unseen */
            v->kind = UHP_JV_UNKNOWN;
            break;
        }
        v->kind = UHP_JV_STRING;
        v->str = str;
        v->len = (uint32_t)len;
        break;
    }
    case UHP_VAL_INT:
        v->kind = UHP_JV_NUMBER;
        v->is_int = true;
        v->i = val->i;
        break;
    case UHP_VAL_BOOL:
        v->kind = UHP_JV_BOOL;
        v->b = val->b;
        break;
    case UHP_VAL_SEQ:
        v->kind = UHP_JV_ARRAY;
        break;
    case UHP_VAL_MAP:
        v->kind = UHP_JV_OBJECT;
        break;
    default:
        v->kind = UHP_JV_UNKNOWN;
        break;
    }
    if (parent) {
        v->parent = parent;
        v->key = key;
        if (parent->kind == UHP_JV_ARRAY)
            v->index = parent->len;
        if (*tail)
            (*tail)->next = v;
        else
            parent->first = v;
        *tail = v;
        parent->len++;
    }
    return v;
}

/* The merged configuration of VIEW as a JSON tree in arena A, each value remembering the
 * uhp_value that decided it. NULL when memory runs out. Keeps its own stack. */
static uhp_jv *u011_build(const uhp_view *view, uhp_arena *a)
{
    uhp_value root = uhp_view_get(view, "");
    if (root.kind == UHP_VAL_ABSENT)
        root.kind = UHP_VAL_MAP; /* an empty configuration is an empty object */
    uhp_jv *top = u011_node(a, &root, NULL, NULL, NULL);
    if (!top || root.kind != UHP_VAL_MAP)
        return top;
    u011_frame *st = NULL;
    size_t n = 0, cap = 0;
    bool oom = false;
    uhp_value cur = root;
    uhp_jv *cur_jv = top;
    bool push = true;
    while (!oom) {
        if (push) {
            push = false;
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 32;
                u011_frame *g = uhp_realloc(st, nc * sizeof *g);
                if (!g) {
                    oom = true;
                    break;
                }
                st = g;
                cap = nc;
            }
            u011_frame *f = &st[n++];
            memset(f, 0, sizeof *f);
            f->val = cur;
            f->jv = cur_jv;
            if (cur.kind == UHP_VAL_MAP) {
                uhp_value_map_keys(view, &cur, u011_add_key, &f->keys);
                oom = f->keys.oom;
                f->len = f->keys.n;
            } else {
                f->len = uhp_value_seq_len(&cur);
            }
        }
        if (!n)
            break;
        u011_frame *f = &st[n - 1];
        if (f->next == f->len) {
            uhp_free(f->keys.key);
            n--;
            if (!n)
                break;
            continue;
        }
        size_t i = f->next++;
        uhp_value child;
        const char *key = NULL;
        if (f->val.kind == UHP_VAL_MAP) {
            key = f->keys.key[i];
            child = uhp_value_child(view, &f->val, key);
            if (child.kind == UHP_VAL_ABSENT)
                continue;
        } else {
            child = uhp_value_seq_item(view, &f->val, i);
            if (child.kind == UHP_VAL_ABSENT)
                child.kind = UHP_VAL_NULL;
        }
        bool container = child.kind == UHP_VAL_MAP || child.kind == UHP_VAL_SEQ;
        if (container && n >= U011_MAX_DEPTH)
            child.kind = UHP_VAL_UNKNOWN, container = false;
        uhp_jv *cj = u011_node(a, &child, f->jv, &f->tail, key);
        if (!cj) {
            oom = true;
            break;
        }
        if (container) {
            cur = child;
            cur_jv = cj;
            push = true;
        }
    }
    for (size_t k = 0; k < n; k++)
        uhp_free(st[k].keys.key);
    uhp_free(st);
    return oom ? NULL : top;
}

/* True when an older rule already reported this problem in the run: UHA006 (unknown keys),
 * UHA007 (ports, booleans), UHA009 (repeated items), UHA107 and UHA305 (an instance's
 * hostname and sysname) at PATH; for a missing key MEMBER, at the object's path OBJ with
 * the key named. One problem, one finding. */
static bool u011_reported(const uhp_rule_ctx *ctx, const char *path, const char *obj,
                          const char *member)
{
    static const char *const others[] = {"UHA006", "UHA007", "UHA009", "UHA107", "UHA305"};
    for (size_t i = 0; i < ctx->run->n_findings; i++) {
        const uhp_finding *f = &ctx->run->findings[i];
        if (!f->key_path)
            continue;
        bool same =
            member ? !strcmp(f->key_path, obj) && f->message && strstr(f->message, member) != NULL
                   : !strcmp(f->key_path, path);
        if (!same)
            continue;
        for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
            if (!strcmp(f->rule_id, others[k]))
                return true;
    }
    return false;
}

/* The file name of a path, for messages. */
static const char *u011_base(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "?";
}

typedef struct u011_seen {
    const uhp_jv *inst;
    const char *keyword;
    const char *detail;
    const char *member;
} u011_seen;

typedef struct u011_state {
    uhp_rule_ctx *ctx;
    const uhp_jv *base_top; /* Zowe's base schema, once validated */
    bool base_valid;
    u011_seen *seen;
    size_t n_seen, cap_seen;
} u011_state;

/* True the first time (INST, KEYWORD, DETAIL, MEMBER) comes: a component's schemas include the
 * base schema, so its violations come again there. */
static bool u011_first(u011_state *s, const uhp_schema_violation *v)
{
    for (size_t i = 0; i < s->n_seen; i++)
        if (s->seen[i].inst == v->instance && !strcmp(s->seen[i].keyword, v->keyword) &&
            !strcmp(s->seen[i].detail ? s->seen[i].detail : "", v->detail ? v->detail : "") &&
            !strcmp(s->seen[i].member ? s->seen[i].member : "", v->member ? v->member : ""))
            return false;
    if (s->n_seen == s->cap_seen) {
        size_t cap = s->cap_seen ? s->cap_seen * 2 : 32;
        u011_seen *g = uhp_realloc(s->seen, cap * sizeof *g);
        if (!g)
            return true;
        s->seen = g;
        s->cap_seen = cap;
    }
    s->seen[s->n_seen++] = (u011_seen){v->instance, v->keyword, v->detail, v->member};
    return true;
}

/* Reports violation V found with the schemas of WHAT ("Zowe's base schema", "component
 * 'x'"). */
static void u011_report(u011_state *s, const uhp_schema_violation *v, const char *what)
{
    uhp_rule_ctx *ctx = s->ctx;
    if (!u011_first(s, v))
        return;
    char path[1024], obj[1024];
    uhp_jv_dotted(v->instance, path, sizeof path);
    memcpy(obj, path, sizeof obj);
    if (v->member) {
        size_t len = strlen(path);
        snprintf(path + len, sizeof path - len, "%s%s", len ? "." : "", v->member);
    }
    if (u011_reported(ctx, path, obj, v->member))
        return;
    const uhp_value *val = v->instance->origin;
    const char *shown = *path ? path : "(the top level)";
    const char *desc = v->description;
    char d[220] = "";
    if (desc) {
        size_t dl = strlen(desc);
        snprintf(d, sizeof d, "; the schema says: \"%.*s%s\"", dl > 160 ? 160 : (int)dl, desc,
                 dl > 160 ? "..." : "");
    }
    const char *msg = uhp_ctx_printf(
        ctx, "%s %s (%s at %s:%u, %s)%s: zwe refuses to start with this configuration", shown,
        v->detail ? v->detail : "is not valid", v->keyword, u011_base(uhp_jv_file(v->schema)),
        (unsigned)v->schema->line, what, d);
    const char *fix =
        !strcmp(v->keyword, "additionalProperties")
            ? "remove the key or correct its spelling: Zowe's schema allows no other key here"
        : !strcmp(v->keyword, "required")
            ? uhp_ctx_printf(ctx, "add '%s' in one of the CONFIG layers", v->member)
            : "change the value to what the schema asks for, in the layer that decides it "
              "(see `ums-ha-preflight show --origin`)";
    if (val)
        uhp_ctx_fail_value(ctx, val, msg, fix);
    else
        uhp_ctx_fail(ctx, NULL, msg, fix);
}

/* Records ERR (a schema or manifest that cannot be used) as a located input error: the
 * run exits with status 2, as for a configuration that cannot be read. */
static void u011_input_error(uhp_rule_ctx *ctx, const uhp_schema_error *err, const char *fix)
{
    ctx->failed = true;
    uhp_finding f;
    memset(&f, 0, sizeof f);
    f.rule_id = ctx->rule->id;
    f.rule_name = ctx->rule->name;
    f.severity = UHP_SEV_ERROR;
    f.file = err->file[0] ? err->file : NULL;
    f.line = f.end_line = err->line;
    f.col = f.end_col = err->col;
    f.message = err->message;
    f.fix = fix;
    uhp_run_add_finding(ctx->run, &f);
    ctx->run->input_error = true;
}

/* Validates ROOT against TOP in SET and reports what fails; false after a schema error
 * (reported as an input error). */
static bool u011_validate(u011_state *s, uhp_schema_set *set, const uhp_jv *top, const uhp_jv *root,
                          const char *what)
{
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    uhp_schema_error err;
    memset(&err, 0, sizeof err);
    /* a component's schemas include the base schema, validated first: not again */
    int rc = uhp_schema_validate_known(set, top, root, &res, &err, s->base_top, s->base_valid);
    if (rc == 0 && !s->base_top) {
        s->base_top = top;
        s->base_valid = res.n == 0;
    }
    if (rc == -1) {
        u011_input_error(s->ctx, &err,
                         "correct the schema file, or give a --zowe-runtime with Zowe's own");
    } else if (rc == -2) {
        s->ctx->run->out_of_memory = true;
    }
    for (size_t i = 0; rc == 0 && i < res.n; i++)
        u011_report(s, &res.v[i], what);
    uhp_schema_result_free(&res);
    return rc == 0;
}

/* The components enabled in any instance (or in the base without instances), in the order
 * of the merged components map. */
static bool u011_enabled(const uhp_rule_ctx *ctx, const char *id)
{
    size_t n = ctx->cfg->n_instances ? ctx->cfg->n_instances : 1;
    char path[600];
    if (strchr(id, '.') || strchr(id, '[') || strchr(id, '\''))
        return false;
    if (strchr(id, '-'))
        snprintf(path, sizeof path, "components['%s'].enabled", id);
    else
        snprintf(path, sizeof path, "components.%s.enabled", id);
    for (size_t i = 0; i < n; i++) {
        uhp_view v = {ctx->cfg, ctx->cfg->n_instances ? &ctx->cfg->instances[i] : NULL, ctx->arena};
        uhp_value e = uhp_view_get(&v, path);
        if (uhp_value_is_true(&e))
            return true;
    }
    return false;
}

static void uha011_check(uhp_rule_ctx *ctx)
{
    uhp_zowe_schemas *zs = ctx->cfg->zowe_schemas;
    if (!zs) {
        uhp_ctx_not_applicable(ctx, "no --zowe-runtime given: Zowe's own schemas not read");
        return;
    }
    uhp_view base = {ctx->cfg, NULL, ctx->arena};
    uhp_jv *root = u011_build(&base, ctx->arena);
    if (!root) {
        ctx->run->out_of_memory = true;
        return;
    }
    u011_state s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    if (!u011_validate(&s, zs->base, zs->base_top, root, "Zowe's base schema"))
        goto done;
    /* zowe.configmgr.validation: STRICT stops on an enabled component without schemas;
     * COMPONENT-COMPAT (the default when unset) skips it with a warning. */
    uhp_value mode = uhp_view_get(&base, "zowe.configmgr.validation");
    bool strict = mode.kind == UHP_VAL_STRING && mode.str && !strcmp(mode.str, "STRICT");
    const uhp_jv *comps = uhp_jv_get(root, "components");
    for (const uhp_jv *c = comps && comps->kind == UHP_JV_OBJECT ? comps->first : NULL; c;
         c = c->next) {
        if (!u011_enabled(ctx, c->key))
            continue;
        uhp_schema_error err;
        memset(&err, 0, sizeof err);
        const uhp_zowe_component *zc = uhp_zowe_schemas_component(zs, c->key, &err);
        if (!zc) {
            u011_input_error(ctx, &err, "correct the component's manifest or schema files");
            goto done;
        }
        if (!zc->manifest)
            continue; /* not installed in this runtime: zwe starts nothing for it */
        if (!zc->top) {
            if (strict) {
                const uhp_value *val = c->origin;
                uhp_ctx_fail_value(
                    ctx, val,
                    uhp_ctx_printf(ctx,
                                   "component '%s' is enabled, but its manifest (%s) lists no "
                                   "schemas.configs, and zowe.configmgr.validation is STRICT: "
                                   "zwe refuses to start it",
                                   c->key, zc->manifest),
                    "set zowe.configmgr.validation: COMPONENT-COMPAT, or update the "
                    "component to one whose manifest lists its schemas");
            }
            continue;
        }
        const char *what = uhp_ctx_printf(ctx, "schema of component '%s'", c->key);
        if (!u011_validate(&s, zc->set, zc->top, root, what ? what : "a component schema"))
            goto done;
    }
done:
    uhp_free(s.seen);
}

const uhp_rule uhp_rule_uha011 = {
    .id = "UHA011",
    .name = "zowe-schema",
    .severity = UHP_SEV_ERROR,
    .title = "with --zowe-runtime, the merged configuration passes Zowe's own JSON schemas, as "
             "zwe validates it before it starts",
    .scope = UHP_SCOPE_GLOBAL,
    .flags = UHP_RULE_RUNTIME,
    .check = uha011_check,
};
