/* Private to the text writer: text.c writes the header, the table, the findings and the
 * sets; text_notes.c the notes of N/A and could-not-verify cells. */
#ifndef UHP_REPORT_TEXT_INTERNAL_H
#define UHP_REPORT_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "uhp/finding.h"
#include "uhp/report.h"

#define TEXT_RESET "\033[0m"
#define TEXT_BOLD "\033[1m"
#define TEXT_DIM "\033[2m"
#define TEXT_RED "\033[31m"
#define TEXT_GREEN "\033[32m"
#define TEXT_YELLOW "\033[33m"
#define TEXT_CYAN "\033[36m"

typedef struct text_ctx {
    FILE *out;
    const uhp_run *run;
    const uhp_report_opts *opts;
} text_ctx;

/* Writes the ANSI sequence CODE when colour is on. */
static inline void text_color(const text_ctx *t, const char *code)
{
    if (t->opts->color)
        fputs(code, t->out);
}

/* Returns the colour of a checklist status. */
static inline const char *text_status_color(uhp_status st)
{
    switch (st) {
    case UHP_STATUS_PASS:
        return TEXT_GREEN;
    case UHP_STATUS_FAIL:
        return TEXT_RED;
    case UHP_STATUS_WARN:
        return TEXT_YELLOW;
    default:
        return TEXT_DIM;
    }
}

/* Writes the notes of N/A and could-not-verify cells of t->run. Returns false when memory
 * ran out. */
bool text_notes(const text_ctx *t);

#endif
