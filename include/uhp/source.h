/* One input file held in memory: its display name and bytes (UTF-8, BOM removed).
 * Findings point into sources by line and column; reports quote source lines. */
#ifndef UHP_SOURCE_H
#define UHP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct uhp_source {
    const char *name;   /* as shown in reports: the path given, or "<built-in defaults>" */
    const char *origin; /* e.g. "FILE", "PARMLIB(IZP.PARMLIB(ZWEYAML))", "defaults", "built-in" */
    char *data;         /* NUL-terminated contents, owned by the source */
    size_t len;
    bool builtin;        /* the tool's own default table, not a user file */
    bool converted;      /* DATA was converted from EBCDIC: offsets differ from the file's */
    size_t *line_starts; /* lazily built byte offsets of line starts */
    size_t n_lines;
} uhp_source;

typedef enum uhp_read_status {
    UHP_READ_OK = 0,
    UHP_READ_MISSING,    /* no such file */
    UHP_READ_UNREADABLE, /* permission or I/O error */
    UHP_READ_DIRECTORY,
    UHP_READ_TOO_LARGE,
    UHP_READ_NOMEM,
    UHP_READ_SPECIAL, /* a FIFO, device or socket: refused, never read (it could block) */
} uhp_read_status;

/* What STATUS means, for "cannot read 'x': ..." messages ("it is a directory", ...); for
 * UHP_READ_UNREADABLE the caller says strerror(errno). */
const char *uhp_read_status_text(uhp_read_status status);

/* Reads PATH ("-" is stdin) into a new source; at most MAX_SIZE bytes. PATH is opened
 * without blocking and must be a regular file (UHP_READ_SPECIAL otherwise).
 * Returns the status; on success *OUT owns a heap source freed with uhp_source_free. */
uhp_read_status uhp_source_read(const char *path, size_t max_size, uhp_source **out);
/* Makes a source from a copy of DATA; returns NULL when memory runs out. */
uhp_source *uhp_source_from_memory(const char *name, const char *data, size_t len);
void uhp_source_free(uhp_source *src);

/* Returns a pointer to line LINE (1-based) and sets *LEN to its length without the
 * newline, or returns NULL when the line does not exist. */
const char *uhp_source_line(uhp_source *src, unsigned line, size_t *len);

#endif
