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
    UHP_READ_SPECIAL,     /* a FIFO, device or socket: refused, never read (it could block) */
    UHP_READ_OVER_BUDGET, /* uhp_reader_read: past the byte budget of all inputs */
} uhp_read_status;

/* The reason STATUS gives, for "cannot read 'x': REASON" messages: "no such file", "it is a
 * directory", "larger than the size limit of MAX_SIZE bytes (raise it with --max-size)"...
 * For UHP_READ_UNREADABLE it is strerror(ERR) (ERR: the errno the read left). The one place
 * a read status becomes words; returns a static string or BUF (SIZE bytes). */
const char *uhp_read_reason(uhp_read_status status, int err, size_t max_size, char *buf,
                            size_t size);

/* Reads PATH ("-" is stdin) into a new source; at most MAX_SIZE bytes. PATH is opened
 * without blocking and must be a regular file (UHP_READ_SPECIAL otherwise).
 * Returns the status; on success *OUT owns a heap source freed with uhp_source_free. */
uhp_read_status uhp_source_read(const char *path, size_t max_size, uhp_source **out);

/* A heap buffer files are read into one after another, so that a run reading many small
 * files (a Zowe runtime's schemas and manifests) touches the memory of the largest only. */
typedef struct uhp_read_buf {
    char *data; /* NUL-terminated contents of the last file read; NULL before the first */
    size_t cap; /* bytes it holds before the NUL */
} uhp_read_buf;

/* uhp_source_read into RB (grown as needed, the previous contents lost): *LEN gets the
 * length of RB->data. Returns the status; RB stays usable (and is freed with
 * uhp_read_buf_free) whatever it is. */
uhp_read_status uhp_read_buf_read(uhp_read_buf *rb, const char *path, size_t max_size, size_t *len);
void uhp_read_buf_free(uhp_read_buf *rb);

/* The reader every input of a config set goes through (layers, --defaults, TCP/IP
 * profiles): one size limit per file and one byte budget for all of them. */
typedef struct uhp_reader {
    size_t max_size; /* largest file (--max-size) */
    size_t budget;   /* bytes all files read through it may add up to; 0: no total */
    size_t used;     /* bytes read so far */
} uhp_reader;

/* How many files at the size limit a set's inputs may add up to: 32 layers naming one
 * 14 MB file would otherwise hold 450 MB of text and its trees. */
#define UHP_READER_BUDGET_FACTOR 4u

/* Initialises R for files of at most MAX_SIZE bytes and a total of
 * UHP_READER_BUDGET_FACTOR times that (saturating). */
void uhp_reader_init(uhp_reader *r, size_t max_size);

/* uhp_source_read with R's limit, then R's budget: a file that would take the total past it
 * is UHP_READ_OVER_BUDGET (*OUT stays NULL, nothing counted). On success the file's bytes
 * are counted and *OUT owns the source. */
uhp_read_status uhp_reader_read(uhp_reader *r, const char *path, uhp_source **out);

/* Parses a size: decimal digits, then optionally blanks and a binary unit K, M or G (any
 * case; 1024, 1024^2, 1024^3) optionally followed by "iB" or "B", or a bare "B"
 * ("16777216", "64K", "16MiB", "1G", "2 MB"). The one size syntax of the command line
 * and the policy. Returns false, *OUT unchanged, when S is malformed, zero, signed or
 * larger than a size_t holds. */
bool uhp_parse_size(const char *s, size_t *out);

/* Makes a source from a copy of DATA; returns NULL when memory runs out. */
uhp_source *uhp_source_from_memory(const char *name, const char *data, size_t len);
void uhp_source_free(uhp_source *src);

/* Returns a pointer to line LINE (1-based) and sets *LEN to its length without the
 * newline, or returns NULL when the line does not exist. */
const char *uhp_source_line(uhp_source *src, unsigned line, size_t *len);

#endif
