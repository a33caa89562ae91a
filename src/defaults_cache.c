/* The built-in defaults layer as a tree: loaded per check, or once per process through a
 * uhp_defaults_cache shared by every set of a manifest (1,000 sets parse the table once). */
#include <pthread.h>
#include <string.h>

#include "defaults_builtin.h"
#include "uhp/alloc.h"
#include "uhp/check.h"
#include "uhp/loader.h"

struct uhp_defaults_cache {
    pthread_mutex_t lock; /* the checks of several threads share one cache */
    uhp_arena arena;      /* the trees */
    uhp_source *src[2];   /* Zowe v2, v3: the tables' sources, which the nodes point at */
    const uhp_doc *doc[2];
};

const uhp_doc *uhp_builtin_defaults_load(int zowe_version, uhp_arena *arena, uhp_run *run,
                                         uhp_source **src_out)
{
    unsigned long len = 0;
    const char *yaml = uhp_builtin_defaults(zowe_version, &len);
    uhp_source *src = uhp_source_from_memory(uhp_builtin_defaults_name(zowe_version), yaml, len);
    *src_out = src;
    if (!src)
        return NULL;
    src->builtin = true;
    src->origin = "built-in";
    /* The tool's own table is loaded under the default limits, whatever the user's. */
    uhp_limits lim;
    uhp_limits_default(&lim);
    return uhp_load_yaml(src, arena, &lim, run);
}

uhp_defaults_cache *uhp_defaults_cache_new(void)
{
    uhp_defaults_cache *c = uhp_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        uhp_free(c);
        return NULL;
    }
    uhp_arena_init(&c->arena);
    return c;
}

void uhp_defaults_cache_free(uhp_defaults_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < 2; i++)
        uhp_source_free(c->src[i]);
    uhp_arena_destroy(&c->arena);
    pthread_mutex_destroy(&c->lock);
    uhp_free(c);
}

const uhp_doc *uhp_defaults_cache_get(uhp_defaults_cache *c, int zowe_version, uhp_run *run)
{
    size_t i = zowe_version == 2 ? 0 : 1;
    pthread_mutex_lock(&c->lock);
    if (!c->doc[i]) {
        if (c->src[i]) /* an earlier attempt ran out of memory: start again */
            uhp_source_free(c->src[i]);
        c->doc[i] = uhp_builtin_defaults_load(zowe_version, &c->arena, run, &c->src[i]);
    }
    const uhp_doc *doc = c->doc[i];
    pthread_mutex_unlock(&c->lock);
    return doc;
}
