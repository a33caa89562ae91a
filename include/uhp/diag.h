/* Neutral diagnostics: what the readers (loader, encodings, limits, the TCP/IP profile, the
 * check pipeline, inline comments) report about an input, by kind, without naming a rule.
 * One table (src/diag_rules.c) maps each kind to the rule whose finding it becomes. */
#ifndef UHP_DIAG_H
#define UHP_DIAG_H

#include <stdbool.h>

#include "uhp/finding.h"
#include "uhp/source.h"
#include "uhp/tree.h"

typedef enum uhp_diag_kind {
    UHP_DIAG_SYNTAX = 0,    /* not well-formed YAML, not text, unreadable, a bad encoding */
    UHP_DIAG_DUPLICATE_KEY, /* a mapping holds a key twice */
    UHP_DIAG_ALIAS,         /* an alias refused, unknown, cyclic or past its budget */
    UHP_DIAG_LIMIT,         /* a size, depth, node or template budget exceeded */
    UHP_DIAG_TEMPLATE,      /* a ${{ }} template Zowe cannot evaluate as written */
    UHP_DIAG_INLINE_IGNORE, /* a malformed inline ignore comment */
    UHP_DIAG_PROFILE,       /* a TCP/IP profile problem (syntax, unreadable, INCLUDE unread) */
    UHP_DIAG_SCHEMA,        /* a Zowe runtime's schemas or manifests cannot be used */
    UHP_DIAG_N_KINDS
} uhp_diag_kind;

/* One diagnostic. With SRC, the finding points into it at START..END (END {0,0}: the token
 * at START) and quotes that line with secret values redacted; without SRC, it names FILE
 * (may be NULL) at START..END as given, quoting SOURCE_LINE when given. */
typedef struct uhp_diag {
    uhp_diag_kind kind;
    const uhp_source *src;
    const char *file;
    uhp_pos start, end;
    const char *key_path; /* may be NULL */
    const char *message;
    const char *fix;         /* may be NULL */
    const char *source_line; /* without SRC: the quoted line, or NULL */
    uhp_severity severity;   /* UHP_SEV_OFF: the default severity of the kind's rule */
    bool unverified;         /* a "could not verify" warning */
} uhp_diag;

/* Adds D to RUN as a finding of the rule its kind maps to (strings copied into the run).
 * Returns the stored finding, or NULL when memory runs out (run->out_of_memory set). Never
 * sets run->input_error: the reader decides whether the problem stops the check. */
uhp_finding *uhp_run_add_diag(uhp_run *run, const uhp_diag *d);

/* Adds a copy of PROTO to RUN located in SRC at START..END (SRC NULL: no file; a built-in
 * source marks the finding as decided by the built-in default), quoting the source line
 * with secret values redacted. PROTO's file, position and quote are ignored. Returns the
 * stored finding, or NULL when memory runs out (run->out_of_memory set). */
uhp_finding *uhp_run_add_located(uhp_run *run, const uhp_finding *proto, const uhp_source *src,
                                 uhp_pos start, uhp_pos end);

#endif
