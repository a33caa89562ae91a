/* libFuzzer harness: encoding detection, the YAML loader, then the config layer (instances,
 * lookups, templates) over the loaded tree and the built-in defaults. Built by fuzz/build.sh;
 * also replayed over fuzz/corpus/loader by tests/unit/test_fuzz_replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defaults_builtin.h"
#include "uhp/config.h"
#include "uhp/encoding.h"
#include "uhp/loader.h"
#include "uhp/source.h"

/* Paths the rules read, with templates and brackets among them. */
static const char *const fuzz_loader_paths[] = {
    "zowe.externalDomains[0]",
    "zowe.externalDomains",
    "zowe.externalPort",
    "zowe.logDirectory",
    "zowe.useConfigmgr",
    "components.izp.enabled",
    "components.izp.server.host",
    "components.izp.server.port.http",
    "components.izp.server.authType",
    "components.izp.experiences",
    "components.gateway.enabled",
    "components.gateway.port",
    "components['app-server'].port",
    "components.caching-service.storage.mode",
    "components.zss.port",
    "haInstances",
    "zowe.setup.certificate.pkcs12.password",
    "a.b[3].c['d'].e",
};

/* Counts the keys of a map value; never stops early. */
static bool fuzz_loader_key(void *ctx, const char *key)
{
    (void)key;
    (*(size_t *)ctx)++;
    return true;
}

/* Reads every path of the table in view V, walking sequences and maps one level down. */
static void fuzz_loader_lookups(const uhp_view *v)
{
    for (size_t p = 0; p < sizeof fuzz_loader_paths / sizeof fuzz_loader_paths[0]; p++) {
        uhp_value val = uhp_view_get(v, fuzz_loader_paths[p]);
        (void)uhp_value_port(&val);
        (void)uhp_value_is_true(&val);
        (void)uhp_value_location(&val);
        if (val.kind == UHP_VAL_SEQ) {
            size_t n = uhp_value_seq_len(&val);
            for (size_t i = 0; i < n && i < 16; i++) {
                uhp_value item = uhp_value_seq_item(v, &val, i);
                (void)uhp_value_location(&item);
            }
        } else if (val.kind == UHP_VAL_MAP) {
            size_t keys = 0;
            uhp_value_map_keys(v, &val, fuzz_loader_key, &keys);
            (void)uhp_value_child(v, &val, "port");
        }
    }
}

/* Writes the key path of every node (at most 4096) of DOC, without recursion. */
static void fuzz_loader_paths_of(const uhp_doc *doc)
{
    char path[512];
    const uhp_node *n = doc->root;
    size_t seen = 0;
    while (n && seen++ < 4096) {
        uhp_node_path(n, path, sizeof path);
        if (uhp_node_first(n)) {
            n = uhp_node_first(n);
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        if (n)
            n = n->next;
    }
}

/* The built-in defaults layer, loaded once per process (it never changes) and kept. */
static const uhp_doc *fuzz_loader_defaults(void)
{
    static uhp_arena arena;
    static uhp_run run;
    static uhp_source *defs;
    static const uhp_doc *doc;
    if (!defs) {
        uhp_arena_init(&arena);
        uhp_run_init(&run);
        defs = uhp_source_from_memory("<built-in defaults>", uhp_builtin_defaults_yaml,
                                      uhp_builtin_defaults_len);
        if (!defs)
            return NULL;
        defs->builtin = true;
        uhp_limits lim;
        uhp_limits_default(&lim);
        doc = uhp_load_yaml(defs, &arena, &lim, &run);
    }
    return doc;
}

/* Loads SRC again with libyaml on a second thread (the reader big files use) and aborts
 * unless the outcome is the one of the inline load: DOC, and the findings the load added to
 * RUN (those from index FIRST on; earlier ones, such as an encoding note, came before it). */
static void fuzz_loader_same_threaded(uhp_source *src, const uhp_limits *lim, const uhp_doc *doc,
                                      const uhp_run *run, size_t first)
{
    uhp_limits tl = *lim;
    tl.parse_thread_min = 1;
    uhp_run trun;
    uhp_run_init(&trun);
    uhp_arena ta;
    uhp_arena_init(&ta);
    const uhp_doc *tdoc = uhp_load_yaml(src, &ta, &tl, &trun);
    if ((doc != NULL) != (tdoc != NULL) || run->n_findings - first != trun.n_findings ||
        run->out_of_memory != trun.out_of_memory)
        abort();
    for (size_t i = 0; i < trun.n_findings; i++) {
        const uhp_finding *a = &run->findings[first + i], *b = &trun.findings[i];
        if (strcmp(a->rule_id, b->rule_id) || strcmp(a->message, b->message) ||
            a->line != b->line || a->col != b->col)
            abort();
    }
    uhp_arena_destroy(&ta);
    uhp_run_destroy(&trun);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uhp_doc *ddoc = fuzz_loader_defaults();
    uhp_source *src = uhp_source_from_memory("fuzz.yaml", (const char *)data, size);
    uhp_run run;
    uhp_run_init(&run);
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_limits lim;
    uhp_limits_default(&lim);
    lim.max_depth = 64;
#ifdef UHP_LIMITS_EXTENDED
    lim.allow_aliases = size % 2 == 1; /* both modes, chosen by the input */
    lim.alias_budget = 2000;
    lim.max_nodes = 50000;
#endif
    if (src && ddoc && uhp_source_normalize_run(src, &run)) {
        lim.parse_thread_min = 0; /* inline here; fuzz_loader_same_threaded compares */
        size_t first = run.n_findings;
        const uhp_doc *doc = uhp_load_yaml(src, &arena, &lim, &run);
        fuzz_loader_same_threaded(src, &lim, doc, &run, first);
        if (doc) {
            fuzz_loader_paths_of(doc);
            uhp_config cfg;
            memset(&cfg, 0, sizeof cfg);
            cfg.arena = &arena;
            cfg.layers[0] = doc;
            cfg.layers[1] = ddoc;
            cfg.n_layers = 2;
            cfg.builtin_defaults = true;
            if (uhp_config_collect_instances(&cfg)) {
                for (size_t i = 0; i <= cfg.n_instances && i < 8; i++) {
                    uhp_view v = {&cfg, i < cfg.n_instances ? &cfg.instances[i] : NULL, &arena};
                    fuzz_loader_lookups(&v);
                }
            }
        }
        uhp_run_finalize(&run);
    }
    uhp_arena_destroy(&arena);
    uhp_run_destroy(&run);
    uhp_source_free(src);
    return 0;
}
