/* Private to src/suppress.c and src/suppress_policy.c: both change the findings of a
 * finished run and then bring its checklist in line. */
#ifndef UHP_SUPPRESS_INTERNAL_H
#define UHP_SUPPRESS_INTERNAL_H

#include <stdbool.h>

#include "uhp/finding.h"

/* Recomputes the FAIL and WARN cells of RUN from the findings that remain: a cell whose
 * findings are all suppressed passes with a note; a FAIL cell without findings becomes WARN
 * when OVERRIDE_WARNING (called with CTX; NULL: never) says the rule is now a warning.
 * Without memory it sets run->out_of_memory and leaves the cells as they are. */
void uhp_suppress_recompute(uhp_run *run, bool (*override_warning)(const void *, const char *),
                            const void *ctx);

#endif
