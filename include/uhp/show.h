/* `show`: the effective configuration the rules read, per instance, with provenance. */
#ifndef UHP_SHOW_H
#define UHP_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "uhp/config.h"

typedef struct uhp_show_opts {
    const char *path; /* one path ("components.izp.server.host"), or NULL: everything */
    bool origin;      /* add where each value came from ("origin", same shape) */
    bool yaml;        /* YAML (origins as comments) instead of JSON */
    bool base;        /* one entry (id null): the merged configuration before any haInstances
                         overlay, which is what zwe validates with its schemas */
} uhp_show_opts;

/* Writes to OUT, as JSON (or, with O->yaml, the same data as block YAML with each origin
 * as a comment after its value), {"instances": [{"id", "config" | "path" + "value", "origin"?}]}
 * for every instance of CFG (one with id null when there are no haInstances). Values under
 * secret keys, and values built from them, are masked; a value that cannot be evaluated is
 * {"$unknown": "<its template text>"}. Returns 0, or -1 when memory ran out (the output is
 * then incomplete). Documented in docs/formats.md. */
int uhp_show_write(FILE *out, const uhp_config *cfg, const uhp_show_opts *o);

#endif
