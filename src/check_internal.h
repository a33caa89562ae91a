/* Private to the check pipeline (check.c: the steps; check_inputs.c: reading the layers). */
#ifndef UHP_CHECK_INTERNAL_H
#define UHP_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/check.h"
#include "uhp/config.h"
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

#endif
