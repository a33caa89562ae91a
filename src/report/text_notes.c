/* The notes section of the text report: the reasons of N/A and could-not-verify cells, a
 * reason shared by several rules said once, then one line per rule, status and note. */
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "report/text_internal.h"
#include "uhp/alloc.h"

/* A result with a note, as the notes section groups them. */
typedef struct text_note {
    const char *rule_id;
    const char *note;
    uhp_status status;
    size_t index; /* position in the run's results */
} text_note;

/* A run of equal notes in the sorted note table: [START, END), and the position in the
 * run of its first result (the group is printed where that result stands). */
typedef struct text_group {
    size_t first;
    size_t start, end;
} text_group;

/* Orders notes by text, then position. */
static int text_note_by_text(const void *a, const void *b)
{
    const text_note *x = a, *y = b;
    int c = strcmp(x->note, y->note);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* Orders notes by rule id, status, text, then position. */
static int text_note_by_cell(const void *a, const void *b)
{
    const text_note *x = a, *y = b;
    int c = strcmp(x->rule_id, y->rule_id);
    if (c == 0 && x->status != y->status)
        c = x->status < y->status ? -1 : 1;
    if (c == 0)
        c = strcmp(x->note, y->note);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* Orders groups by the position of their first result. */
static int text_group_cmp(const void *a, const void *b)
{
    const text_group *x = a, *y = b;
    return x->first < y->first ? -1 : (x->first > y->first);
}

/* Splits NOTES (N of them, sorted so that equal ones are adjacent, by position within) into
 * runs that SAME finds equal; writes them to GROUPS in the order of their first result and
 * returns how many. */
static size_t text_group_notes(const text_note *notes, size_t n, text_group *groups,
                               bool (*same)(const text_note *, const text_note *))
{
    size_t n_groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || !same(&notes[i - 1], &notes[i]))
            groups[n_groups++] = (text_group){notes[i].index, i, i};
        groups[n_groups - 1].end = i + 1;
    }
    qsort(groups, n_groups, sizeof *groups, text_group_cmp);
    return n_groups;
}

/* True when two notes have the same text. */
static bool text_same_text(const text_note *a, const text_note *b)
{
    return strcmp(a->note, b->note) == 0;
}

/* True when two notes are for the same rule, status and text. */
static bool text_same_cell(const text_note *a, const text_note *b)
{
    return strcmp(a->rule_id, b->rule_id) == 0 && a->status == b->status &&
           strcmp(a->note, b->note) == 0;
}

/* Writes the "Notes" heading the first time; *HEADING records it. */
static void text_notes_heading(const text_ctx *t, bool *heading)
{
    if (*heading)
        return;
    text_color(t, TEXT_BOLD);
    fputs("Notes\n", t->out);
    text_color(t, TEXT_RESET);
    *heading = true;
}

/* Writes the reasons that make three or more rules N/A at once (no --tcpip profile, an
 * input that could not be loaded), one line each with the rules it covers, in the order of
 * their first result, and marks those results in DONE. NOTES and GROUPS have room for every
 * result. */
static void text_shared_notes(const text_ctx *t, text_note *notes, text_group *groups, bool *done,
                              bool *heading)
{
    const uhp_run *run = t->run;
    FILE *out = t->out;
    size_t n = 0;
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (r->status == UHP_STATUS_NA && r->note && r->rule_id)
            notes[n++] = (text_note){r->rule_id, r->note, r->status, i};
    }
    qsort(notes, n, sizeof *notes, text_note_by_text);
    size_t n_groups = text_group_notes(notes, n, groups, text_same_text);
    for (size_t g = 0; g < n_groups; g++) {
        const text_group *gr = &groups[g];
        /* the rules it covers: the group's rule ids, a repeat in a row counted once */
        size_t rules = 0;
        for (size_t j = gr->start; j < gr->end; j++)
            rules += j == gr->start || strcmp(notes[j - 1].rule_id, notes[j].rule_id) != 0;
        if (rules < 3)
            continue;
        text_notes_heading(t, heading);
        fputs("  ", out);
        for (size_t j = gr->start; j < gr->end; j++) {
            done[notes[j].index] = true;
            if (j > gr->start && strcmp(notes[j - 1].rule_id, notes[j].rule_id) == 0)
                continue;
            if (j > gr->start)
                fputs(", ", out);
            uhp_plain_chars(out, notes[j].rule_id, false);
        }
        fputc(' ', out);
        text_color(t, text_status_color(UHP_STATUS_NA));
        fputs(uhp_status_name(UHP_STATUS_NA), out);
        text_color(t, TEXT_RESET);
        fputs(": ", out);
        uhp_plain_chars(out, notes[gr->start].note, false);
        fputc('\n', out);
    }
}

/* Writes the other notes: one line per rule, status and note, naming the instances it holds
 * for, in the order of their first result. NOTES and GROUPS have room for every result. */
static void text_cell_notes(const text_ctx *t, text_note *notes, text_group *groups,
                            const bool *done, bool *heading)
{
    const uhp_run *run = t->run;
    FILE *out = t->out;
    size_t n = 0;
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (!done[i] && r->note && r->rule_id)
            notes[n++] = (text_note){r->rule_id, r->note, r->status, i};
    }
    qsort(notes, n, sizeof *notes, text_note_by_cell);
    size_t n_groups = text_group_notes(notes, n, groups, text_same_cell);
    for (size_t g = 0; g < n_groups; g++) {
        const text_group *gr = &groups[g];
        const uhp_result *r = &run->results[gr->first];
        text_notes_heading(t, heading);
        fputs("  ", out);
        uhp_plain_chars(out, r->rule_id, false);
        fputc(' ', out);
        uhp_plain_chars(out, r->rule_name ? r->rule_name : "", false);
        fputs(" [", out);
        for (size_t j = gr->start; j < gr->end; j++) {
            const uhp_result *o = &run->results[notes[j].index];
            if (j > gr->start)
                fputs(", ", out);
            if (o->instance)
                uhp_plain_chars(out, o->instance, false);
            else
                fputs(run->meta.has_ha_instances ? "all" : "config", out);
        }
        fputs("] ", out);
        text_color(t, text_status_color(r->status));
        fputs(r->status == UHP_STATUS_WARN ? "could not verify" : uhp_status_name(r->status), out);
        text_color(t, TEXT_RESET);
        fputs(": ", out);
        uhp_plain_chars(out, r->note, false);
        fputc('\n', out);
    }
}

/* Writes the notes of N/A and could-not-verify cells: first a reason that makes several
 * rules N/A at once, said once with the rules it covers; then one line per rule, status and
 * note, naming the instances it holds for. Results with equal notes are grouped by sorting,
 * O(results log results). Returns false when memory ran out (three temporary uhp_malloc
 * tables, freed before returning). */
bool text_notes(const text_ctx *t)
{
    const uhp_run *run = t->run;
    if (run->n_results == 0)
        return true;
    bool *done = uhp_calloc(run->n_results, sizeof *done);
    text_note *notes = uhp_malloc(run->n_results * sizeof *notes);
    text_group *groups = uhp_malloc(run->n_results * sizeof *groups);
    bool ok = done && notes && groups;
    if (ok) {
        bool heading = false;
        text_shared_notes(t, notes, groups, done, &heading);
        text_cell_notes(t, notes, groups, done, &heading);
        if (heading)
            fputc('\n', t->out);
    }
    uhp_free(done);
    uhp_free(notes);
    uhp_free(groups);
    return ok;
}
