/* The YAML loader: libyaml events -> uhp_node tree in an arena, with positions, Zowe's
 * scalar typing and input diagnostics (uhp/diag.h: syntax, duplicate key, alias, limit,
 * template) as findings; the doc lists the values UHA007 judges later (type_suspects). */
#ifndef UHP_LOADER_H
#define UHP_LOADER_H

#include "uhp/arena.h"
#include "uhp/config.h"
#include "uhp/finding.h"
#include "uhp/tree.h"

/* Parses SRC into a tree allocated in ARENA. Problems become diagnostics in RUN; a problem
 * that stops loading (syntax error, limit, alias, empty file) sets run->input_error and
 * returns NULL. Returns NULL with run->out_of_memory set when memory runs out.
 * SRC must outlive the tree (nodes point into it). */
uhp_doc *uhp_load_yaml(uhp_source *src, uhp_arena *arena, const uhp_limits *lim, uhp_run *run);

/* Zowe's typing of a plain scalar (see uhp_scalar_type); quoted scalars are strings. */
uhp_scalar_type uhp_scalar_typeof(const char *s, size_t len, uhp_scalar_style style);

#endif
