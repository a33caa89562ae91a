/* Reading a check's inputs: the layers of every CONFIG string (files, PARMLIB members, the
 * --map prefixes, in-memory texts) through the set's reader, parsed into trees. */
#include "uhp/check.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "defaults_builtin.h"
#include "uhp/alloc.h"
#include "uhp/config_spec.h"
#include "uhp/diag.h"
#include "uhp/encoding.h"
#include "uhp/loader.h"
#include "uhp/policy.h"
#include "uhp/rule.h"
#include "uhp/tcpip.h"

#include "check_internal.h"
#include "uhp/zowe_schemas.h"

/* Reports a file that cannot be read as an input finding: UHA004 at 1:1 past the set's
 * byte budget, UHA004 past the size limit, else UHA001 (file name, no line). */
static void check_read_error(check_state *st, const char *path, uhp_read_status rs)
{
    if (rs == UHP_READ_NOMEM) {
        st->run->out_of_memory = true;
        return;
    }
    char buf[160];
    const char *why = uhp_read_reason(rs, errno, st->reader.max_size, buf, sizeof buf);
    bool limit = rs == UHP_READ_TOO_LARGE || rs == UHP_READ_OVER_BUDGET;
    char msg[1024];
    uhp_diag d = {.kind = limit ? UHP_DIAG_LIMIT : UHP_DIAG_SYNTAX,
                  .file = path,
                  .message = msg,
                  .fix = "check the path given with -c/--config, --parmlib or --defaults",
                  .severity = UHP_SEV_ERROR};
    if (rs == UHP_READ_OVER_BUDGET) {
        snprintf(msg, sizeof msg, "%s with '%s': not read", why, path);
        d.start = d.end = (uhp_pos){1, 1};
        d.fix = "give each file once in CONFIG, or raise --max-size";
    } else {
        snprintf(msg, sizeof msg, "cannot read '%s': %s", path, why);
    }
    uhp_run_add_diag(st->run, &d);
    st->run->input_error = true;
    st->load_failed = true;
}

/* Reads PATH into *SRC: from the options' in-memory files when one has that name, else
 * from the file system through the set's reader (its size limit and byte budget). Returns
 * the read status. */
static uhp_read_status check_read(check_state *st, const char *path, uhp_source **src)
{
    for (size_t i = 0; i < st->o->n_memory; i++) {
        if (strcmp(st->o->memory_names[i], path) != 0)
            continue;
        size_t len = strlen(st->o->memory_texts[i]);
        if (len > st->o->limits.max_size)
            return UHP_READ_TOO_LARGE;
        *src = uhp_source_from_memory(path, st->o->memory_texts[i], len);
        return *src ? UHP_READ_OK : UHP_READ_NOMEM;
    }
    return uhp_reader_read(&st->reader, path, src);
}

/* Reads and parses one layer file; returns the document or NULL (finding recorded). */
static const uhp_doc *check_load_file(check_state *st, const char *path, const char *origin)
{
    uhp_source *src = NULL;
    uhp_read_status rs = check_read(st, path, &src);
    if (rs != UHP_READ_OK) {
        check_read_error(st, path, rs);
        return NULL;
    }
    src->origin = origin;
    st->sources[st->n_sources++] = src;
    /* EBCDIC (IBM-1047) becomes UTF-8; UTF-16/32 is refused with a UHA001 finding. */
    if (!uhp_source_normalize_run_as(src, st->run, st->o->encoding)) {
        st->load_failed = true;
        return NULL;
    }
    const uhp_doc *doc = uhp_load_yaml(src, &st->arena, &st->o->limits, st->run);
    if (!doc)
        st->load_failed = true;
    return doc;
}

/* Finds the member file of PARMLIB(DSN(MEMBER)) through --parmlib; NULL when the data set
 * has no mapping (a usage error). The returned path may not exist (then a read error). */
static const char *check_parmlib_path(check_state *st, const uhp_layer_spec *l)
{
    for (size_t i = 0; i < st->o->n_parmlibs; i++) {
        if (strcasecmp(st->o->parmlibs[i].dsn, l->dsn) != 0)
            continue;
        static const char *const suffixes[] = {"", ".yaml", ".yml"};
        const char *first = NULL;
        for (size_t k = 0; k < 3; k++) {
            const char *p = uhp_arena_printf(&st->arena, "%s/%s%s", st->o->parmlibs[i].dir,
                                             l->member, suffixes[k]);
            if (!p) {
                st->run->out_of_memory = true;
                return NULL;
            }
            if (!first)
                first = p;
            struct stat sb;
            if (stat(p, &sb) == 0)
                return p;
        }
        return first;
    }
    return NULL;
}

/* --map ZPATH=DIR: returns PATH with the longest mapped z/OS prefix (a whole folder) replaced
 * by its local folder, in the check's arena; PATH itself when no map applies; NULL when
 * memory runs out. */
static const char *check_map_path(check_state *st, const char *path)
{
    const char *best_dir = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < st->o->n_path_maps; i++) {
        const char *m = st->o->path_maps[i];
        const char *eq = strchr(m, '=');
        if (!eq)
            continue;
        size_t plen = (size_t)(eq - m);
        while (plen > 1 && m[plen - 1] == '/')
            plen--;
        /* strncmp first: it stops at the end of a PATH shorter than the prefix */
        if (strncmp(path, m, plen) == 0 && plen > best_len &&
            (plen == 1 || path[plen] == '/' || path[plen] == '\0')) {
            best_len = plen;
            best_dir = eq + 1;
        }
    }
    if (!best_dir)
        return path;
    const char *rest = path + best_len;
    while (*rest == '/')
        rest++;
    size_t dlen = strlen(best_dir);
    while (dlen > 1 && best_dir[dlen - 1] == '/')
        dlen--;
    const char *p = *rest ? uhp_arena_printf(&st->arena, "%.*s/%s", (int)dlen, best_dir, rest)
                          : uhp_arena_printf(&st->arena, "%.*s", (int)dlen, best_dir);
    if (!p)
        st->run->out_of_memory = true;
    return p;
}

/* Reads every layer of every CONFIG string, left-most first, then the defaults layer. */
void check_load_layers(check_state *st)
{
    uhp_layer_spec *layers = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < st->o->n_configs; i++) {
        const char *err = uhp_config_spec_parse(st->o->configs[i], &st->arena, &layers, &n, &cap);
        if (err) {
            check_usage(st, uhp_arena_printf(&st->arena, "invalid CONFIG: %s", err));
            return;
        }
    }
    if (n == 0) {
        check_usage(st, "no configuration given: use -c FILE or a positional CONFIG");
        return;
    }
    if (n > UHP_MAX_LAYERS) {
        check_usage(st, uhp_arena_printf(&st->arena,
                                         "too many configuration layers (%zu, at "
                                         "most %d)",
                                         n, UHP_MAX_LAYERS));
        return;
    }
    const char *member = NULL;
    st->cfg.plain_path_config = n == 1 && layers[0].kind == UHP_LAYER_PATH;
    for (size_t i = 0; i < n; i++) {
        if (layers[i].kind != UHP_LAYER_PARMLIB)
            continue;
        /* zwe compares the names exactly as written, case included */
        if (member && strcmp(member, layers[i].member_written) != 0) {
            check_usage(st, uhp_arena_printf(
                                &st->arena,
                                "invalid CONFIG: member '%s' at character %zu of '%s' "
                                "differs from '%s': zwe requires every PARMLIB entry to "
                                "name the same member, written the same way",
                                layers[i].member_written, layers[i].at, layers[i].spec, member));
            return;
        }
        member = layers[i].member_written;
    }
    const char **names = uhp_arena_alloc(&st->run->arena, (n + 1) * sizeof *names);
    if (!names) {
        st->run->out_of_memory = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *path = layers[i].path, *origin = "FILE";
        if (layers[i].kind == UHP_LAYER_PARMLIB) {
            path = check_parmlib_path(st, &layers[i]);
            if (!path && st->run->out_of_memory)
                return;
            if (!path) {
                check_usage(
                    st, uhp_arena_printf(&st->arena,
                                         "no --parmlib DSN=DIR given for data set '%s' (needed for "
                                         "PARMLIB(%s(%s)))",
                                         layers[i].dsn, layers[i].dsn, layers[i].member));
                return;
            }
            origin = uhp_arena_printf(&st->run->arena, "PARMLIB(%s(%s))", layers[i].dsn,
                                      layers[i].member);
        }
        const char *zpath = path;
        if (layers[i].kind != UHP_LAYER_PARMLIB) {
            path = check_map_path(st, path);
            if (!path)
                return;
        }
        names[i] = layers[i].kind == UHP_LAYER_PARMLIB
                       ? uhp_arena_printf(&st->run->arena, "%s = %s", origin, path)
                   : path != zpath
                       ? uhp_arena_printf(&st->run->arena, "%s = %s (--map)", zpath, path)
                       : uhp_arena_strndup(&st->run->arena, path, strlen(path));
        const uhp_doc *doc = check_load_file(st, path, origin);
        if (doc)
            st->cfg.layers[st->cfg.n_layers++] = doc;
    }
    st->run->meta.layers = names;
    st->run->meta.n_layers = n;

    if (st->o->zowe_release && st->o->zowe_release < 21700) {
        /* Zowe reads files/defaults.yaml as its lowest layer from 2.17.0 on only. */
        st->run->meta.defaults = "none: Zowe before 2.17.0 layers no defaults.yaml";
    } else if (st->o->defaults_path) {
        const uhp_doc *doc = check_load_file(st, st->o->defaults_path, "defaults");
        if (doc)
            st->cfg.layers[st->cfg.n_layers++] = doc;
        st->run->meta.defaults = st->o->defaults_path;
    } else {
        const uhp_doc *doc;
        if (st->o->defaults_cache) {
            doc = uhp_defaults_cache_get(st->o->defaults_cache, st->o->zowe_version, st->run);
        } else {
            uhp_source *src = NULL;
            doc = uhp_builtin_defaults_load(st->o->zowe_version, &st->arena, st->run, &src);
            if (src)
                st->sources[st->n_sources++] = src;
        }
        if (!doc) {
            st->run->out_of_memory = true;
            return;
        }
        st->cfg.layers[st->cfg.n_layers++] = doc;
        st->cfg.builtin_defaults = true;
    }
}

/* --zowe-runtime: loads Zowe's base schemas for UHA011. A directory or schema that cannot
 * be used is a located input error of kind UHP_DIAG_SCHEMA (exit 2); the rule then has
 * nothing to run. */
void check_zowe_schemas(check_state *st)
{
    if (!st->o->zowe_runtime || st->load_failed)
        return;
    uhp_schema_error err;
    st->cfg.zowe_schemas =
        uhp_zowe_schemas_load(st->o->zowe_runtime, st->o->extensions, &st->o->limits, &err);
    if (st->cfg.zowe_schemas)
        return;
    uhp_diag d = {.kind = UHP_DIAG_SCHEMA,
                  .file = err.file[0] ? err.file : NULL,
                  .start = {err.line, err.col},
                  .end = {err.line, err.col},
                  .message = err.message,
                  .fix = "give --zowe-runtime a Zowe runtime directory (its schemas/ and "
                         "components/*/manifest.yaml with their schema files)",
                  .severity = UHP_SEV_ERROR};
    uhp_run_add_diag(st->run, &d);
    st->run->input_error = true;
}
