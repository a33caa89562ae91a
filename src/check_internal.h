/* Private to the check pipeline (check.c: the steps; check_inputs.c: reading the layers). */
#ifndef UHP_CHECK_INTERNAL_H
#define UHP_CHECK_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "uhp/check.h"
#include "uhp/config.h"
#include "uhp/rule.h"
#include "uhp/source.h"
#include "uhp/tcpip.h"

struct check_resolve_cache;
/* Everything a check owns until it returns. */
typedef struct check_state {
    const uhp_check_opts *o;
    uhp_run *run;
    uhp_arena arena; /* trees, values, scratch */
    uhp_source *sources[UHP_MAX_LAYERS + 1];
    size_t n_sources;
    uhp_config cfg;
    uhp_dvipa dvipa;
    uhp_profile *profile;
    bool load_failed;
    struct check_resolve_cache *resolved; /* --resolve answers, one lookup per name */
    bool *selected;    /* --ha-instance: per instance, checked; NULL: every instance */
    uhp_reader reader; /* every input of the set: --max-size each, one byte budget */
} check_state;

/* Records MSG as the run's usage error (the first one wins); a NULL MSG (formatting it ran
 * out of memory) marks the run out of memory. */
void check_usage(check_state *st, const char *msg);

/* Reads every layer of every CONFIG string, left-most first, then the defaults layer, into
 * ST->cfg; a file that cannot be read or parsed is an input finding and sets load_failed. */
void check_load_layers(check_state *st);

/* --zowe-runtime: loads Zowe's schemas into ST->cfg.zowe_schemas for UHA011; a runtime that
 * cannot be used is a located input error (exit 2). */
void check_zowe_schemas(check_state *st);

/* Rules' prepare functions, run on one worker thread (check_prepare.c). */
typedef struct check_prepare {
    const uhp_config *cfg;
    const uhp_rule *const *rules;
    size_t n_rules;
    uhp_arena arena; /* what the prepare functions built: freed by check_prepare_end */
    void **result;   /* per rule: what its prepare returned (NULL: no worker ran) */
    bool nomem;      /* a prepare ran out of memory */
    pthread_t thread;
    bool running; /* started and not joined yet */
} check_prepare;

/* Starts the worker for ST's configuration when an input is big (at least
 * limits.prepare_thread_min bytes, which --jobs 1 sets to 0) and a rule of RULES has a
 * prepare function; else, or when no thread can be had, nothing runs (the rules do their
 * work inline). P is always ready for check_prepared and check_prepare_end. */
void check_prepare_start(check_prepare *p, const check_state *st, const uhp_rule *const *rules,
                         size_t n_rules);

/* Waits for the worker, then returns what rule R's prepare built, or NULL (none ran, it
 * declined, or memory ran out: then *NOMEM is set). */
const void *check_prepared(check_prepare *p, size_t r, bool *nomem);

/* Waits for the worker if it still runs and frees what it built. */
void check_prepare_end(check_prepare *p);

#endif
