/* Zowe's schemas from a runtime directory, found as zwe finds them (see zowe_schemas.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "uhp/alloc.h"
#include "uhp/loader.h"
#include "uhp/source.h"
#include "uhp/zowe_schemas.h"

/* Copies PATH into an arena string of SET; NULL when memory runs out. */
static char *zr_path(uhp_arena *a, const char *dir, const char *name)
{
    return uhp_arena_printf(a, "%s/%s", dir, name);
}

static void zr_err(uhp_schema_error *err, const char *file, unsigned line, unsigned col,
                   const char *msg)
{
    snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->col = col;
    snprintf(err->message, sizeof err->message, "%s", msg);
}

/* Adds the two base schema files of ZS's runtime to SET; returns the top one or NULL. */
static const uhp_jv *zr_add_base(uhp_zowe_schemas *zs, uhp_schema_set *set, uhp_schema_error *err)
{
    uhp_arena *a = uhp_schema_set_arena(set);
    char *top = zr_path(a, zs->runtime, "schemas/zowe-yaml-schema.json");
    char *common = zr_path(a, zs->runtime, "schemas/server-common.json");
    if (!top || !common) {
        zr_err(err, zs->runtime, 0, 0, "out of memory");
        return NULL;
    }
    if (set != zs->base) /* a component's set: the base documents, read once */
        return uhp_schema_set_share(set, zs->base_top, err) &&
                       uhp_schema_set_share(set, zs->base_common, err)
                   ? zs->base_top
                   : NULL;
    const uhp_jv *root = uhp_schema_set_add_file_buf(set, top, &zs->rbuf, err);
    zs->base_common = root ? uhp_schema_set_add_file_buf(set, common, &zs->rbuf, err) : NULL;
    return zs->base_common ? root : NULL;
}

static uhp_schema_set *zr_new_set(const uhp_zowe_schemas *zs)
{
    uhp_schema_limits sl;
    memset(&sl, 0, sizeof sl);
    sl.json.max_size = zs->lim.max_size;
    sl.json.max_depth = zs->lim.max_depth;
    /* the component sets live in the base set's arena (freed after them) */
    return uhp_schema_set_new_in(&sl, zs->base);
}

uhp_zowe_schemas *uhp_zowe_schemas_load(const char *runtime, const char *extensions,
                                        const uhp_limits *lim, uhp_schema_error *err)
{
    memset(err, 0, sizeof *err);
    struct stat st;
    if (stat(runtime, &st) != 0 || !S_ISDIR(st.st_mode)) {
        char msg[600];
        snprintf(msg, sizeof msg, "cannot use '%s' as the Zowe runtime directory: %s", runtime,
                 errno && stat(runtime, &st) != 0 ? strerror(errno) : "not a directory");
        zr_err(err, runtime, 0, 0, msg);
        return NULL;
    }
    uhp_zowe_schemas *zs = uhp_calloc(1, sizeof *zs);
    if (!zs) {
        zr_err(err, runtime, 0, 0, "out of memory");
        return NULL;
    }
    zs->runtime = runtime;
    zs->extensions = extensions;
    uhp_arena_init(&zs->scratch);
    if (lim)
        zs->lim = *lim;
    else
        uhp_limits_default(&zs->lim);
    zs->base = zr_new_set(zs);
    if (!zs->base) {
        zr_err(err, runtime, 0, 0, "out of memory");
        uhp_zowe_schemas_free(zs);
        return NULL;
    }
    zs->base_top = zr_add_base(zs, zs->base, err);
    if (!zs->base_top) {
        uhp_zowe_schemas_free(zs);
        return NULL;
    }
    return zs;
}

/* The manifest of component ID in DIR (manifest.yaml, manifest.yml), in arena A, or NULL. */
static char *zr_find_manifest(uhp_arena *a, const char *dir, const char *id)
{
    static const char *const names[] = {"manifest.yaml", "manifest.yml"};
    if (!dir || !*id || strchr(id, '/') || !strcmp(id, "..") || !strcmp(id, "."))
        return NULL;
    for (size_t i = 0; i < 2; i++) {
        char *p = uhp_arena_printf(a, "%s/%s/%s", dir, id, names[i]);
        struct stat st;
        if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
    }
    return NULL;
}

/* Reads the manifest of C and loads its schemas into a new set. Returns false with ERR. */
static bool zr_load_component(uhp_zowe_schemas *zs, uhp_zowe_component *c, uhp_schema_error *err)
{
    uhp_schema_set *set = zr_new_set(zs);
    if (!set) {
        zr_err(err, c->manifest, 0, 0, "out of memory");
        return false;
    }
    c->set = set;
    uhp_arena *a = uhp_schema_set_arena(set);
    size_t len = 0;
    uhp_read_status rs = uhp_read_buf_read(&zs->rbuf, c->manifest, zs->lim.max_size, &len);
    if (rs != UHP_READ_OK) {
        char msg[600];
        char why[160];
        snprintf(msg, sizeof msg, "cannot read '%s': %s", c->manifest,
                 uhp_read_reason(rs, errno, zs->lim.max_size, why, sizeof why));
        zr_err(err, c->manifest, 0, 0, msg);
        return false;
    }
    /* the tree keeps copies of its strings: the buffer is free for the schema files */
    uhp_source src;
    memset(&src, 0, sizeof src);
    src.name = c->manifest;
    src.origin = "FILE";
    src.data = zs->rbuf.data;
    src.len = len;
    uhp_run tmp;
    uhp_run_init(&tmp);
    uhp_arena *tree = &zs->scratch;
    uhp_arena_reset(tree);
    bool ok = true;
    const uhp_doc *doc = uhp_load_yaml(&src, tree, &zs->lim, &tmp);
    if (!doc || tmp.input_error) {
        const uhp_finding *f = tmp.n_findings ? &tmp.findings[0] : NULL;
        char msg[600];
        snprintf(msg, sizeof msg, "manifest cannot be read: %s",
                 f && f->message ? f->message : "a YAML error");
        zr_err(err, c->manifest, f ? f->line : 0, f ? f->col : 0, msg);
        ok = false;
    }
    const uhp_node *configs = NULL;
    if (ok && doc->root)
        configs = uhp_node_get(uhp_node_get(doc->root, "schemas"), "configs");
    const char *dir_end = strrchr(c->manifest, '/');
    size_t dir_len = dir_end ? (size_t)(dir_end - c->manifest) : 0;
    if (ok && (!configs || uhp_node_is_null(configs)))
        c->no_schemas = true;
    const uhp_node *item = NULL;
    if (ok && configs && configs->kind == UHP_NODE_SEQ)
        item = uhp_node_first(configs);
    else if (ok && configs && configs->kind == UHP_NODE_SCALAR && !uhp_node_is_null(configs))
        item = configs;
    for (; ok && item; item = configs->kind == UHP_NODE_SEQ ? item->next : NULL) {
        if (item->kind != UHP_NODE_SCALAR || !uhp_node_value(item) || !*uhp_node_value(item)) {
            zr_err(err, c->manifest, item->start.line, item->start.col,
                   "schemas.configs lists something that is not a file name");
            ok = false;
            break;
        }
        char *path =
            uhp_arena_printf(a, "%.*s/%s", (int)dir_len, c->manifest, uhp_node_value(item));
        if (!path) {
            zr_err(err, c->manifest, 0, 0, "out of memory");
            ok = false;
            break;
        }
        const uhp_jv *root = uhp_schema_set_add_file_buf(set, path, &zs->rbuf, err);
        if (!root) {
            if (!err->line) { /* a file that cannot be read: point at the manifest's entry */
                char msg[600];
                snprintf(msg, sizeof msg, "%s (listed in schemas.configs)", err->message);
                zr_err(err, c->manifest, item->start.line, item->start.col, msg);
            }
            ok = false;
            break;
        }
        if (!c->top)
            c->top = root;
    }
    uhp_run_destroy(&tmp);
    uhp_free(src.line_starts);
    if (ok && c->top && !zr_add_base(zs, set, err))
        ok = false;
    return ok;
}

const uhp_zowe_component *uhp_zowe_schemas_component(uhp_zowe_schemas *zs, const char *id,
                                                     uhp_schema_error *err)
{
    for (size_t i = 0; i < zs->n_components; i++)
        if (!strcmp(zs->components[i].id, id))
            return &zs->components[i];
    if (zs->n_components == zs->cap_components) {
        uhp_zowe_component *g =
            uhp_grow(zs->components, &zs->cap_components, zs->n_components + 1, sizeof *g, 16);
        if (!g) {
            zr_err(err, zs->runtime, 0, 0, "out of memory");
            return NULL;
        }
        zs->components = g;
    }
    uhp_zowe_component *c = &zs->components[zs->n_components];
    memset(c, 0, sizeof *c);
    uhp_arena *a = uhp_schema_set_arena(zs->base);
    c->id = uhp_arena_strndup(a, id, strlen(id));
    char *comps = zr_path(a, zs->runtime, "components");
    if (!c->id || !comps) {
        zr_err(err, zs->runtime, 0, 0, "out of memory");
        return NULL;
    }
    c->manifest = zr_find_manifest(a, comps, id);
    if (!c->manifest)
        c->manifest = zr_find_manifest(a, zs->extensions, id);
    zs->n_components++;
    if (c->manifest && !zr_load_component(zs, c, err))
        return NULL;
    return c;
}

void uhp_zowe_schemas_free(uhp_zowe_schemas *zs)
{
    if (!zs)
        return;
    for (size_t i = 0; i < zs->n_components; i++)
        uhp_schema_set_free(zs->components[i].set);
    uhp_free(zs->components);
    uhp_schema_set_free(zs->base);
    uhp_read_buf_free(&zs->rbuf);
    uhp_arena_destroy(&zs->scratch);
    uhp_free(zs);
}
