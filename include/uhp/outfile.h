/* Report files written safely: a regular file (or a new one) is written to a
 * temporary file that mkstemp creates in the target's folder and renamed over the target
 * when complete, so no planted name or symbolic link redirects the write and a failed run
 * leaves no half report; a device, FIFO or socket is written directly, never replaced. A
 * report path that is an input of the run, or that two --format options name, is refused. */
#ifndef UHP_OUTFILE_H
#define UHP_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "uhp/check.h"

typedef struct uhp_outfile {
    FILE *f;          /* where the report goes */
    char *tmp;        /* the temporary file (heap), NULL when writing PATH directly */
    const char *path; /* the target, borrowed */
} uhp_outfile;

/* Opens PATH for writing a report into O. Returns 0, or -1 with a one-line reason in ERR
 * ("it is a directory", strerror text). Nothing is created on failure. */
int uhp_outfile_open(uhp_outfile *o, const char *path, char *err, size_t errlen);
/* Finishes O: closes it and, for a temporary file, renames it over the target. OK false
 * (the report could not be written whole) removes the temporary file instead. Returns 0,
 * or -1 with the reason in ERR; the temporary file never remains. */
int uhp_outfile_close(uhp_outfile *o, bool ok, char *err, size_t errlen);

/* True when paths A and B name the same file: the same inode when both exist, else the
 * same folder (resolved) and name. */
bool uhp_outfile_same(const char *a, const char *b);
/* When PATH exists and is one of the files set OPTS reads (its CONFIG layers, PARMLIB
 * members, --tcpip files, --defaults), returns that input's name as given (borrowed or in
 * static storage); else NULL. */
const char *uhp_outfile_input_of(const char *path, const uhp_check_opts *opts);

#endif
