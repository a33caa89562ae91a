/* Zowe's CONFIG string: a plain path, or FILE(path):FILE(path):PARMLIB(DSN(MEMBER)), as on
 * the STDENV CONFIG= line. Left-most wins. */
#ifndef UHP_CONFIG_SPEC_H
#define UHP_CONFIG_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/arena.h"

typedef enum uhp_layer_kind {
    UHP_LAYER_PATH = 0, /* a plain path (no FILE() wrapper) */
    UHP_LAYER_FILE,     /* FILE(path) */
    UHP_LAYER_PARMLIB,  /* PARMLIB(DSN(MEMBER)) */
} uhp_layer_kind;

typedef struct uhp_layer_spec {
    uhp_layer_kind kind;
    const char *path;           /* PATH, FILE: the path */
    const char *dsn;            /* PARMLIB: the data set name, upper case */
    const char *member;         /* PARMLIB: the member name, upper case */
    const char *member_written; /* PARMLIB: the member name as written (zwe compares it so) */
    const char *spec;           /* PARMLIB: the CONFIG string it came from, as parsed */
    size_t at;                  /* PARMLIB: 1-based character of the member name in SPEC */
} uhp_layer_spec;

/* Parses SPEC (a leading CONFIG= and trailing blanks, as pasted from the STDENV record,
 * are ignored), appending layers to *LAYERS (arena array grown by the caller's cap).
 * Returns NULL on success, or an error message (arena string) saying what is wrong and at
 * which character. */
const char *uhp_config_spec_parse(const char *spec, uhp_arena *arena, uhp_layer_spec **layers,
                                  size_t *n, size_t *cap);

#endif
