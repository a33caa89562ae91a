/* Config-set manifests: one file listing many Zowe configuration sets, so a repository of
 * configs is checked in one run (CI). Parsed once by the tool's own loader: the shape is
 * validated on the positioned node tree, so every error has file:line:col, and the typed
 * sets are read off that tree, with no second parse. */
#ifndef UHP_MANIFEST_H
#define UHP_MANIFEST_H

#include <stddef.h>

#include "uhp/arena.h"
#include "uhp/check.h"

/* One set: a name and the check options it stands for. Paths are already joined with the
 * manifest's directory. */
typedef struct uhp_set {
    const char *name;
    uhp_check_opts opts;
    unsigned line, col; /* where the set starts in the manifest (its 'name' key) */
} uhp_set;

typedef struct uhp_manifest {
    uhp_arena arena; /* owns every string and array below */
    uhp_set *sets;
    size_t n_sets;
} uhp_manifest;

/* Loads PATH into *M (initialised here). LIMITS bounds the manifest file itself and is
 * copied into every set. Returns 0, or -1 with a one-line "file:line:col: message" in ERR
 * (then *M holds nothing to free but is safe to pass to uhp_manifest_free). */
int uhp_manifest_load(const char *path, const uhp_limits *limits, uhp_manifest *m, char *err,
                      size_t errlen);
void uhp_manifest_free(uhp_manifest *m);

/* The first input path of SET (a CONFIG layer, a PARMLIB folder, --tcpip, --defaults) that
 * resolves (symbolic links followed) outside the folder ROOT (absolute, resolved), or NULL
 * when all stay inside. A path that does not exist is judged by its folder. A is scratch
 * memory for the answer. */
const char *uhp_set_outside(const uhp_set *set, const char *root, uhp_arena *a);

/* Joins DIR and a relative PATH ("a/b" + "c.yaml"); absolute paths and "-" are kept.
 * Returns an arena string or NULL. */
const char *uhp_path_join(uhp_arena *a, const char *dir, const char *path);
/* Rewrites the FILE() and plain paths of a CONFIG string relative to DIR; PARMLIB entries
 * are kept. Returns an arena string, or NULL with *ERR set for a malformed string. */
const char *uhp_config_spec_rebase(uhp_arena *a, const char *dir, const char *spec,
                                   const char **err);

#endif
