/* Loading a config-set manifest (docs/multi-set.md). */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include "uhp/manifest.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/config_spec.h"
#include "uhp/loader.h"

/* The typed form of a manifest, read off the positioned tree once its shape is checked:
 * strings point into the tree (in the manifest's arena). */
typedef struct manifest_set_doc {
    const char *name;
    const uhp_node *name_node; /* where the name is, for errors */
    const char **config;
    unsigned config_count;
    const char **parmlib;
    unsigned parmlib_count;
    const char **tcpip;
    unsigned tcpip_count;
    const char **dvipa;
    unsigned dvipa_count;
    const char **ha_instances;
    unsigned ha_instances_count;
    const char *defaults;
} manifest_set_doc;

typedef struct manifest_doc {
    manifest_set_doc *sets;
    unsigned sets_count;
} manifest_doc;

/* Writes "file:line:col: MESSAGE" into ERR. */
static void manifest_error(char *err, size_t errlen, const char *path, const uhp_node *n,
                           const char *msg)
{
    if (n)
        snprintf(err, errlen, "%s:%u:%u: %s", path, (unsigned)n->start.line,
                 (unsigned)(n->key ? uhp_node_key_pos(n).col : n->start.col), msg);
    else
        snprintf(err, errlen, "%s: %s", path, msg);
}

/* Position of a map entry: its key. */
static const uhp_node *manifest_at_key(const uhp_node *n)
{
    static uhp_node tmp;
    if (!n || !n->key)
        return n;
    tmp = *n;
    tmp.start = uhp_node_key_pos(n);
    return &tmp;
}

/* Checks the shape of the manifest on the positioned tree: known keys, right kinds.
 * Returns NULL, or the offending node with *MSG set. */
static const uhp_node *manifest_validate(const uhp_node *root, const char **msg)
{
    static char buf[256];
    static const char *const seq_keys[] = {"config", "parmlib", "tcpip", "dvipa", "ha-instances"};
    for (const uhp_node *k = uhp_node_first(root); k; k = k->next) {
        if (strcmp(k->key, "sets") != 0) {
            snprintf(buf, sizeof buf, "unknown key '%s' in the manifest; expected 'sets'", k->key);
            *msg = buf;
            return manifest_at_key(k);
        }
        if (k->kind != UHP_NODE_SEQ) {
            *msg = "'sets' must be a list of sets";
            return manifest_at_key(k);
        }
        for (const uhp_node *s = uhp_node_first(k); s; s = s->next) {
            if (s->kind != UHP_NODE_MAP) {
                *msg = "each entry of 'sets' must be a mapping with 'name' and 'config'";
                return s;
            }
            for (const uhp_node *f = uhp_node_first(s); f; f = f->next) {
                bool is_seq = false, known = false;
                for (size_t i = 0; i < sizeof seq_keys / sizeof seq_keys[0]; i++)
                    if (!strcmp(f->key, seq_keys[i]))
                        known = is_seq = true;
                if (!strcmp(f->key, "name") || !strcmp(f->key, "defaults"))
                    known = true;
                if (!known) {
                    snprintf(buf, sizeof buf,
                             "unknown key '%s' in a set; expected name, config, parmlib, "
                             "tcpip, dvipa, ha-instances or defaults",
                             f->key);
                    *msg = buf;
                    return manifest_at_key(f);
                }
                if (is_seq && f->kind != UHP_NODE_SEQ) {
                    snprintf(buf, sizeof buf, "'%s' must be a list of strings", f->key);
                    *msg = buf;
                    return manifest_at_key(f);
                }
                if (!is_seq && (f->kind != UHP_NODE_SCALAR || f->len == 0)) {
                    snprintf(buf, sizeof buf, "'%s' must be a non-empty string", f->key);
                    *msg = buf;
                    return manifest_at_key(f);
                }
                for (const uhp_node *e = is_seq ? uhp_node_first(f) : NULL; e; e = e->next) {
                    if (e->kind != UHP_NODE_SCALAR || e->len == 0) {
                        snprintf(buf, sizeof buf, "entries of '%s' must be non-empty strings",
                                 f->key);
                        *msg = buf;
                        return e;
                    }
                }
            }
            if (!uhp_node_get(s, "name") || !uhp_node_get(s, "config")) {
                *msg = "a set needs 'name' and 'config'";
                return s;
            }
        }
    }
    return NULL;
}

/* Returns the scalars of sequence SEQ (NULL: none) as an arena array with their count in
 * *N; NULL when memory runs out. */
static const char **manifest_strings(uhp_arena *a, const uhp_node *seq, unsigned *n)
{
    *n = seq ? seq->n_children : 0;
    const char **out = uhp_arena_alloc(a, (*n ? *n : 1) * sizeof *out);
    if (!out)
        return NULL;
    unsigned i = 0;
    for (const uhp_node *e = seq ? uhp_node_first(seq) : NULL; e; e = e->next)
        out[i++] = uhp_node_value(e);
    return out;
}

/* Fills DOC from the manifest tree ROOT, whose shape manifest_validate accepted; arrays in
 * arena A, strings from the tree. Returns NULL with *MSG NULL on success; the offending
 * node with *MSG for a list that must not be empty or a missing 'sets'; NULL with *MSG
 * set when memory runs out (the caller reports it). */
static const uhp_node *manifest_read(const uhp_node *root, uhp_arena *a, manifest_doc *doc,
                                     const char **msg)
{
    static const char nomem[] = "out of memory";
    *msg = NULL;
    const uhp_node *sets = uhp_node_get(root, "sets");
    if (!sets) {
        *msg = "the manifest needs 'sets', a list of sets";
        return root;
    }
    if (sets->n_children == 0) {
        *msg = "'sets' must list at least one set";
        return manifest_at_key(sets);
    }
    doc->sets_count = sets->n_children;
    doc->sets = uhp_arena_alloc(a, doc->sets_count * sizeof *doc->sets);
    if (!doc->sets) {
        *msg = nomem;
        return NULL;
    }
    unsigned i = 0;
    for (const uhp_node *s = uhp_node_first(sets); s; s = s->next, i++) {
        manifest_set_doc *sd = &doc->sets[i];
        const uhp_node *config = uhp_node_get(s, "config");
        if (config->n_children == 0) {
            *msg = "'config' must list at least one CONFIG string";
            return manifest_at_key(config);
        }
        const uhp_node *def = uhp_node_get(s, "defaults");
        sd->name_node = uhp_node_get(s, "name");
        sd->name = uhp_node_value(sd->name_node);
        sd->defaults = def ? uhp_node_value(def) : NULL;
        sd->config = manifest_strings(a, config, &sd->config_count);
        sd->parmlib = manifest_strings(a, uhp_node_get(s, "parmlib"), &sd->parmlib_count);
        sd->tcpip = manifest_strings(a, uhp_node_get(s, "tcpip"), &sd->tcpip_count);
        sd->dvipa = manifest_strings(a, uhp_node_get(s, "dvipa"), &sd->dvipa_count);
        sd->ha_instances =
            manifest_strings(a, uhp_node_get(s, "ha-instances"), &sd->ha_instances_count);
        if (!sd->config || !sd->parmlib || !sd->tcpip || !sd->dvipa || !sd->ha_instances) {
            *msg = nomem;
            return NULL;
        }
    }
    return NULL;
}

/* Removes "." segments and "name/.." pairs from PATH in place, lexically (no symlinks
 * are followed), so report paths match the repository's own paths. */
static void manifest_normalize(char *path)
{
    bool absolute = path[0] == '/';
    char *segs[256];
    size_t n = 0;
    for (char *tok = strtok(path, "/"); tok; tok = strtok(NULL, "/")) {
        if (!strcmp(tok, "."))
            continue;
        if (!strcmp(tok, "..") && n > 0 && strcmp(segs[n - 1], "..") != 0) {
            n--;
            continue;
        }
        if (!strcmp(tok, "..") && absolute && n == 0)
            continue;
        if (n < sizeof segs / sizeof segs[0])
            segs[n++] = tok;
    }
    char out[4096];
    size_t len = 0;
    if (absolute)
        out[len++] = '/';
    for (size_t i = 0; i < n; i++) {
        size_t sl = strlen(segs[i]);
        if (len + sl + 2 >= sizeof out)
            break;
        if (i)
            out[len++] = '/';
        memcpy(out + len, segs[i], sl);
        len += sl;
    }
    if (len == 0)
        out[len++] = '.';
    out[len] = '\0';
    strcpy(path, out); /* never longer than the input */
}

const char *uhp_path_join(uhp_arena *a, const char *dir, const char *path)
{
    char *joined;
    if (!dir || !*dir || path[0] == '/' || !strcmp(path, "-") || !strcmp(dir, "."))
        joined = uhp_arena_strndup(a, path, strlen(path));
    else
        joined = uhp_arena_printf(a, "%s/%s", dir, path);
    if (joined && strcmp(joined, "-") != 0)
        manifest_normalize(joined);
    return joined;
}

const char *uhp_config_spec_rebase(uhp_arena *a, const char *dir, const char *spec,
                                   const char **err)
{
    uhp_layer_spec *layers = NULL;
    size_t n = 0, cap = 0;
    *err = uhp_config_spec_parse(spec, a, &layers, &n, &cap);
    if (*err)
        return NULL;
    if (n == 1 && layers[0].kind == UHP_LAYER_PATH)
        return uhp_path_join(a, dir, layers[0].path);
    const char *out = "";
    for (size_t i = 0; i < n && out; i++) {
        const char *sep = i ? ":" : "";
        if (layers[i].kind == UHP_LAYER_PARMLIB)
            out = uhp_arena_printf(a, "%s%sPARMLIB(%s(%s))", out, sep, layers[i].dsn,
                                   layers[i].member);
        else
            out = uhp_arena_printf(a, "%s%sFILE(%s)", out, sep,
                                   uhp_path_join(a, dir, layers[i].path));
    }
    return out;
}

/* Copies a string list into the arena, joining paths with DIR when JOIN. */
static const char **manifest_list(uhp_arena *a, const char **items, unsigned n, const char *dir,
                                  bool join)
{
    const char **out = uhp_arena_alloc(a, (n ? n : 1) * sizeof *out);
    if (!out)
        return NULL;
    for (unsigned i = 0; i < n; i++) {
        out[i] = join ? uhp_path_join(a, dir, items[i])
                      : uhp_arena_strndup(a, items[i], strlen(items[i]));
        if (!out[i])
            return NULL;
    }
    return out;
}

/* Orders set indices by name, then by index (qsort callback over manifest_sort_doc). */
static const manifest_doc *manifest_sort_doc;
static int manifest_by_name(const void *pa, const void *pb)
{
    unsigned a = *(const unsigned *)pa, b = *(const unsigned *)pb;
    int c = strcmp(manifest_sort_doc->sets[a].name, manifest_sort_doc->sets[b].name);
    return c ? c : (a > b) - (a < b);
}

/* Returns the index of the first set whose name an earlier set already has, or
 * DOC->sets_count when the names are unique; a sort, not a scan per set, so a manifest of
 * many sets costs n log n. Returns (unsigned)-1 when memory runs out. */
static unsigned manifest_first_repeat(const manifest_doc *doc)
{
    unsigned n = doc->sets_count, first = n;
    if (n < 2)
        return n;
    unsigned *idx = uhp_malloc(n * sizeof *idx);
    if (!idx)
        return (unsigned)-1;
    for (unsigned i = 0; i < n; i++)
        idx[i] = i;
    manifest_sort_doc = doc;
    qsort(idx, n, sizeof *idx, manifest_by_name);
    for (unsigned i = 1; i < n; i++)
        if (!strcmp(doc->sets[idx[i - 1]].name, doc->sets[idx[i]].name) && idx[i] < first)
            first = idx[i];
    uhp_free(idx);
    return first;
}

/* Turns the typed document into sets; returns false with ERR set. */
static bool manifest_convert(uhp_manifest *m, const manifest_doc *doc, const char *dir,
                             const uhp_limits *limits, const char *path, char *err, size_t errlen)
{
    uhp_arena *a = &m->arena;
    unsigned repeat = manifest_first_repeat(doc);
    m->sets = uhp_arena_alloc(a, doc->sets_count * sizeof *m->sets);
    if (!m->sets || repeat == (unsigned)-1) {
        snprintf(err, errlen, "%s: out of memory", path);
        return false;
    }
    for (unsigned i = 0; i < doc->sets_count; i++) {
        const manifest_set_doc *sd = &doc->sets[i];
        uhp_set *set = &m->sets[i];
        uhp_check_opts_init(&set->opts);
        set->opts.limits = *limits;
        set->name = uhp_arena_strndup(a, sd->name, strlen(sd->name));
        if (sd->name_node) {
            set->line = (unsigned)uhp_node_key_pos(sd->name_node).line;
            set->col = (unsigned)uhp_node_key_pos(sd->name_node).col;
        }
        if (i == repeat) {
            char msg[160];
            snprintf(msg, sizeof msg, "two sets are named '%.80s'; set names must be unique",
                     sd->name);
            manifest_error(err, errlen, path, sd->name_node, msg);
            return false;
        }
        const char **configs = uhp_arena_alloc(a, sd->config_count * sizeof *configs);
        if (!configs || !set->name)
            goto oom;
        for (unsigned k = 0; k < sd->config_count; k++) {
            const char *bad = NULL;
            configs[k] = uhp_config_spec_rebase(a, dir, sd->config[k], &bad);
            if (!configs[k]) {
                snprintf(err, errlen, "%s: set '%s': invalid config: %s", path, sd->name,
                         bad ? bad : "out of memory");
                return false;
            }
        }
        set->opts.configs = configs;
        set->opts.n_configs = sd->config_count;
        uhp_parmlib_map *pm =
            uhp_arena_alloc(a, (sd->parmlib_count ? sd->parmlib_count : 1) * sizeof *pm);
        if (!pm)
            goto oom;
        for (unsigned k = 0; k < sd->parmlib_count; k++) {
            const char *eq = strchr(sd->parmlib[k], '=');
            if (!eq || eq == sd->parmlib[k] || !eq[1]) {
                snprintf(err, errlen, "%s: set '%s': invalid parmlib '%s': expected DSN=DIR", path,
                         sd->name, sd->parmlib[k]);
                return false;
            }
            pm[k].dsn = uhp_arena_strndup(a, sd->parmlib[k], (size_t)(eq - sd->parmlib[k]));
            pm[k].dir = uhp_path_join(a, dir, eq + 1);
            if (!pm[k].dsn || !pm[k].dir)
                goto oom;
        }
        set->opts.parmlibs = pm;
        set->opts.n_parmlibs = sd->parmlib_count;
        set->opts.tcpip_paths = manifest_list(a, sd->tcpip, sd->tcpip_count, dir, true);
        set->opts.n_tcpip = sd->tcpip_count;
        set->opts.dvipa_specs = manifest_list(a, sd->dvipa, sd->dvipa_count, dir, false);
        set->opts.n_dvipa = sd->dvipa_count;
        set->opts.only_instances =
            manifest_list(a, sd->ha_instances, sd->ha_instances_count, dir, false);
        set->opts.n_only_instances = sd->ha_instances_count;
        if (!set->opts.tcpip_paths || !set->opts.dvipa_specs || !set->opts.only_instances)
            goto oom;
        if (sd->defaults && !(set->opts.defaults_path = uhp_path_join(a, dir, sd->defaults)))
            goto oom;
    }
    m->n_sets = doc->sets_count;
    return true;
oom:
    snprintf(err, errlen, "%s: out of memory", path);
    return false;
}

int uhp_manifest_load(const char *path, const uhp_limits *limits, uhp_manifest *m, char *err,
                      size_t errlen)
{
    memset(m, 0, sizeof *m);
    uhp_arena_init(&m->arena);
    uhp_source *src = NULL;
    uhp_read_status rs = uhp_source_read(path, limits->max_size, &src);
    if (rs != UHP_READ_OK) {
        char buf[160];
        snprintf(err, errlen, "cannot read manifest '%s': %s", path,
                 uhp_read_reason(rs, errno, limits->max_size, buf, sizeof buf));
        return -1;
    }
    /* Syntax and shape first, on the positioned tree. */
    uhp_run run;
    uhp_run_init(&run);
    uhp_doc *tree = uhp_load_yaml(src, &m->arena, limits, &run);
    int rc = -1;
    if (!tree) {
        if (run.n_findings) {
            const uhp_finding *f = &run.findings[0];
            snprintf(err, errlen, "%s:%u:%u: %s", path, (unsigned)f->line, (unsigned)f->col,
                     f->message);
        } else {
            snprintf(err, errlen, "%s: out of memory", path);
        }
        goto out;
    }
    if (run.n_findings) {
        const uhp_finding *f = &run.findings[0];
        snprintf(err, errlen, "%s:%u:%u: %s", path, (unsigned)f->line, (unsigned)f->col,
                 f->message);
        goto out;
    }
    const char *msg = NULL;
    const uhp_node *bad = manifest_validate(tree->root, &msg);
    if (bad) {
        manifest_error(err, errlen, path, bad, msg);
        goto out;
    }
    /* Then the typed form. */
    manifest_doc doc;
    bad = manifest_read(tree->root, &m->arena, &doc, &msg);
    if (bad || msg) {
        manifest_error(err, errlen, path, bad, msg ? msg : "out of memory");
        goto out;
    }
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? uhp_arena_strndup(&m->arena, path, (size_t)(slash - path)) : ".";
    if (dir && manifest_convert(m, &doc, dir, limits, path, err, errlen))
        rc = 0;
    else if (!dir)
        snprintf(err, errlen, "%s: out of memory", path);
out:
    uhp_run_destroy(&run);
    uhp_source_free(src);
    if (rc != 0) {
        uhp_arena_destroy(&m->arena);
        m->sets = NULL;
        m->n_sets = 0;
    }
    return rc;
}

void uhp_manifest_free(uhp_manifest *m)
{
    uhp_arena_destroy(&m->arena);
    m->sets = NULL;
    m->n_sets = 0;
}

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* True when PATH resolves inside ROOT (or cannot be resolved at all: it is then a missing
 * file, reported as such). */
static bool manifest_inside(const char *path, const char *root)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs)) {
        char dir[PATH_MAX];
        const char *slash = strrchr(path, '/');
        if (!slash)
            return true; /* a bare name in the working directory */
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
        if (!realpath(dir, abs))
            return true;
    }
    size_t n = strlen(root);
    return strncmp(abs, root, n) == 0 && (abs[n] == '/' || abs[n] == '\0' || n == 1);
}

const char *uhp_set_outside(const uhp_set *set, const char *root, uhp_arena *a)
{
    const uhp_check_opts *o = &set->opts;
    for (size_t i = 0; i < o->n_configs; i++) {
        uhp_layer_spec *layers = NULL;
        size_t n = 0, cap = 0;
        if (uhp_config_spec_parse(o->configs[i], a, &layers, &n, &cap) != NULL)
            continue;
        for (size_t k = 0; k < n; k++)
            if (layers[k].kind != UHP_LAYER_PARMLIB && strcmp(layers[k].path, "-") != 0 &&
                !manifest_inside(layers[k].path, root))
                return layers[k].path;
    }
    for (size_t i = 0; i < o->n_parmlibs; i++)
        if (!manifest_inside(o->parmlibs[i].dir, root))
            return o->parmlibs[i].dir;
    for (size_t i = 0; i < o->n_tcpip; i++)
        if (!manifest_inside(o->tcpip_paths[i], root))
            return o->tcpip_paths[i];
    if (o->defaults_path && !manifest_inside(o->defaults_path, root))
        return o->defaults_path;
    return NULL;
}
