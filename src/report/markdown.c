/* The markdown format: the checklist as a GitHub-flavoured Markdown document for a change
 * record or a pull request. A header list naming the inputs (layers, defaults, TCP/IP
 * profiles), the DVIPA, the instances and the result; the checklist as a table (rule, name,
 * a column per instance); each finding under its own heading with its location, the quoted
 * line in a fenced code block and the fix; the notes of N/A and could-not-verify cells; the
 * suppressed findings. Several named sets: a table of the sets, then a section per set.
 * Every value goes through md_text, so no character of a config value, message, file name or
 * instance id can open a table cell, a code span, emphasis, a link or HTML (docs/formats.md). */
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "report/writers.h"
#include "uhp/alloc.h"

typedef struct md_ctx {
    FILE *out;
    const uhp_run *run;
    const uhp_report_opts *opts;
    int level; /* heading level of the sections of one run: 2, or 3 under a set heading */
} md_ctx;

/* True for the ASCII characters md_text must not write as they are: the Markdown-active
 * punctuation (backslash escapes that both CommonMark and Python-Markdown's tables extension
 * honour), the HTML-active ones (written as entities), and the controls. */
static bool md_active(unsigned char c)
{
    return c < 0x20 || c == 0x7f || c >= 0x80 || strchr("\\`*_[]|#<>&~!{}", c) != NULL;
}

/* Writes S as inline Markdown text that renders as S: Markdown punctuation backslash-escaped,
 * & < > as entities, ~ as an entity (Python-Markdown has no \~), control, bidirectional and
 * invisible characters as the visible escapes of the text report (\n, \xNN, \uNNNN, with
 * the backslash escaped, uhp_rpt_hidden), invalid
 * UTF-8 as U+FFFD. The result never holds a newline or an unescaped '|', so it is safe in a
 * table cell, a heading or a list item. A NULL S writes nothing. */
static void md_text(FILE *out, const char *s)
{
    if (!s)
        return;
    while (*s) {
        size_t n = 0;
        while (s[n] && !md_active((unsigned char)s[n]))
            n++;
        if (n > 0) {
            fwrite(s, 1, n, out);
            s += n;
            continue;
        }
        long cp = uhp_utf8_next(s, &n);
        if (cp < 0)
            fputs("\xef\xbf\xbd", out);
        else if (cp == '&')
            fputs("&amp;", out);
        else if (cp == '<')
            fputs("&lt;", out);
        else if (cp == '>')
            fputs("&gt;", out);
        else if (cp == '~')
            fputs("&#126;", out);
        else if (cp == '\n')
            fputs("\\\\n", out);
        else if (cp == '\r')
            fputs("\\\\r", out);
        else if (cp == '\t')
            fputs("\\\\t", out);
        else if (cp < 0x20 || cp == 0x7f)
            fprintf(out, "\\\\x%02lx", (unsigned long)cp);
        else if (uhp_rpt_hidden(cp))
            fprintf(out, "\\\\u%04lx", (unsigned long)cp);
        else if (cp < 0x80) {
            fputc('\\', out);
            fputc((int)cp, out);
        } else
            fwrite(s, 1, n, out);
        s += n;
    }
}

/* Writes LEVEL '#' characters and a space: the start of a heading. */
static void md_heading(FILE *out, int level)
{
    for (int i = 0; i < level; i++)
        fputc('#', out);
    fputc(' ', out);
}

/* Writes the names of ITEMS (N of them, NULL ones skipped) separated by ", ", or NONE when
 * there is none. */
static void md_list(FILE *out, const char *const *items, size_t n, const char *none)
{
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (!items[i])
            continue;
        if (shown++ > 0)
            fputs(", ", out);
        md_text(out, items[i]);
    }
    if (shown == 0)
        fputs(none, out);
}

/* Writes "N passed, N failed, N warnings" (singular for one), without a newline. */
static void md_counts(FILE *out, const uhp_counts *c)
{
    fprintf(out, "%zu passed, %zu failed, %zu warning%s", c->passed, c->failed, c->warnings,
            c->warnings == 1 ? "" : "s");
}

static const char *const md_set_status[] = {"PASS", "FAIL", "ERROR"};

/* Writes the header list of one run: inputs, DVIPA, instances, result and counts. */
static void md_header(const md_ctx *t)
{
    const uhp_run_meta *m = &t->run->meta;
    FILE *out = t->out;
    fputs(m->n_layers > 1 ? "- **Config layers** (highest priority first): "
                          : "- **Config layers**: ",
          out);
    md_list(out, m->layers, m->n_layers, "none");
    fputs("\n- **Defaults**: ", out);
    if (m->defaults)
        md_text(out, m->defaults);
    else
        fprintf(out, "built-in table of Zowe v%d (no --defaults given)",
                m->zowe_version ? m->zowe_version : 3);
    if (m->policy) {
        char text[1024];
        fputs("\n- **Policy**: ", out);
        md_text(out, uhp_rpt_policy_text(m, text, sizeof text));
    }
    fputs("\n- **TCP/IP profiles**: ", out);
    md_list(out, m->profiles, m->n_profiles, "none (no --tcpip given)");
    fputs("\n- **DVIPA**: ", out);
    if (m->dvipa) {
        md_text(out, m->dvipa);
        if (m->dvipa_origin) {
            fputs(", from ", out);
            md_text(out, m->dvipa_origin);
        }
    } else {
        fputs("not declared (places that must name it are compared with each other)", out);
    }
    fputs("\n- **Instances**: ", out);
    md_list(out, m->instances, m->n_instances,
            "none (no haInstances: the base configuration is checked)");
    uhp_counts c = uhp_run_counts(t->run);
    fprintf(out, "\n- **Result**: %s, ", md_set_status[uhp_rpt_set_exit(t->run, t->opts->fail_on)]);
    md_counts(out, &c);
    fputs("\n\n", out);
}

/* Returns the name of the rule of cells [LO, HI): the one its first result in run order
 * gives, "" when that one has none. */
static const char *md_row_name(const uhp_run *run, const uhp_rpt_cell *cells, size_t lo, size_t hi)
{
    size_t first = cells[lo].index;
    for (size_t i = lo + 1; i < hi; i++)
        if (cells[i].index < first)
            first = cells[i].index;
    const char *name = run->results[first].rule_name;
    return name ? name : "";
}

/* Writes one status cell: FAIL in bold, so a failure stands out in the rendered table. */
static void md_status(FILE *out, uhp_status st)
{
    if (st == UHP_STATUS_FAIL)
        fputs(" **FAIL** |", out);
    else
        fprintf(out, " %s |", uhp_status_name(st));
}

/* Writes the checklist table: a row per rule (sorted by id), a column per instance (one
 * "Result" column without haInstances); a rule that ran once for the whole configuration
 * shows its result in every column. The cells come from the sorted index of
 * uhp_rpt_cells (a temporary uhp_malloc array). Returns false when memory ran out. */
static bool md_table(const md_ctx *t)
{
    const uhp_run *run = t->run;
    const uhp_run_meta *m = &run->meta;
    FILE *out = t->out;
    if (run->n_results == 0)
        return true;
    size_t n_cells;
    bool oom;
    uhp_rpt_cell *cells = uhp_rpt_cells(run, &n_cells, &oom);
    if (oom)
        return false;
    static const char *const no_column[] = {NULL};
    const char *const *cols = m->n_instances ? m->instances : no_column;
    size_t n_cols = m->n_instances ? m->n_instances : 1;

    md_heading(out, t->level);
    fputs("Checklist\n\n| Rule | Name |", out);
    for (size_t c = 0; c < n_cols; c++) {
        fputc(' ', out);
        if (cols[c])
            md_text(out, cols[c]);
        else
            fputs(n_cols == 1 ? "Result" : "all", out);
        fputs(" |", out);
    }
    fputs("\n|---|---|", out);
    for (size_t c = 0; c < n_cols; c++)
        fputs(":---:|", out);
    fputc('\n', out);
    for (size_t lo = 0, hi; lo < n_cells; lo = hi) {
        hi = uhp_rpt_cells_rule_end(cells, n_cells, lo);
        fputs("| ", out);
        md_text(out, cells[lo].rule_id);
        fputs(" | ", out);
        md_text(out, md_row_name(run, cells, lo, hi));
        fputs(" |", out);
        size_t g = uhp_rpt_cells_find(cells, lo, hi, cells[lo].rule_id, NULL);
        const uhp_result *global = g < hi ? &run->results[cells[g].index] : NULL;
        for (size_t c = 0; c < n_cols; c++) {
            size_t at = uhp_rpt_cells_find(cells, lo, hi, cells[lo].rule_id, cols[c]);
            const uhp_result *r = at < hi ? &run->results[cells[at].index] : global;
            if (r)
                md_status(out, r->status);
            else
                fputs(" \\- |", out);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    uhp_free(cells);
    return true;
}

/* Writes F's location: "file:line:col", "built-in default" or "no file". */
static void md_location(FILE *out, const uhp_finding *f)
{
    if (!f->file) {
        fputs(f->builtin_default ? "built-in default" : "no file", out);
        return;
    }
    md_text(out, f->file);
    if (f->line > 0) {
        fprintf(out, ":%u", (unsigned)f->line);
        if (f->col > 0)
            fprintf(out, ":%u", (unsigned)f->col);
    }
}

/* Writes the quoted line of F as a fenced code block whose fence is one backtick longer than
 * the longest backtick run of the line (at least three), so nothing in it can close it. */
static void md_quote(FILE *out, const uhp_finding *f)
{
    if (!f->source_line)
        return;
    size_t longest = 0, run = 0;
    for (const char *p = f->source_line; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest < 3 ? 3 : longest + 1;
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    fputc('\n', out);
    uhp_plain_chars(out, f->source_line, true);
    fputc('\n', out);
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    fputs("\n\n", out);
}

/* Writes one finding: a heading (severity, rule), the location and message, instances and
 * key, the quoted line and the fix. */
static void md_finding(const md_ctx *t, const uhp_finding *f)
{
    FILE *out = t->out;
    md_heading(out, t->level + 1);
    fputs(uhp_severity_name(f->severity), out);
    fputs(": ", out);
    md_text(out, f->rule_id ? f->rule_id : "?");
    if (f->rule_name) {
        fputc(' ', out);
        md_text(out, f->rule_name);
    }
    fputs("\n\n**", out);
    md_location(out, f);
    fputs("**: ", out);
    md_text(out, f->message ? f->message : "");
    fputs("\n\n", out);
    bool list = false;
    if (f->instances) {
        fputs(strchr(f->instances, ',') ? "- Instances: " : "- Instance: ", out);
        md_text(out, f->instances);
        fputc('\n', out);
        list = true;
    }
    if (f->key_path) {
        fputs("- Key: ", out);
        md_text(out, f->key_path);
        if (f->builtin_default)
            fputs(" (set in no layer: the built-in Zowe default decides)", out);
        fputc('\n', out);
        list = true;
    } else if (f->builtin_default) {
        fputs("- Set in no layer: the built-in Zowe default decides\n", out);
        list = true;
    }
    if (list)
        fputc('\n', out);
    md_quote(out, f);
    if (f->fix) {
        fputs("**Fix**: ", out);
        md_text(out, f->fix);
        fputs("\n\n", out);
    }
}

/* Writes the findings section (failures only when quiet). */
static void md_findings(const md_ctx *t)
{
    const uhp_run *run = t->run;
    bool heading = false;
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (f->suppressed || f->severity == UHP_SEV_OFF)
            continue;
        if (t->opts->quiet && !uhp_rpt_is_failure(f, t->opts->fail_on))
            continue;
        if (!heading) {
            md_heading(t->out, t->level);
            fputs("Findings\n\n", t->out);
            heading = true;
        }
        md_finding(t, f);
    }
}

/* A result with a note, as the notes section groups them. */
typedef struct md_note {
    const uhp_result *r;
    size_t index; /* position in the run's results */
} md_note;

/* Orders notes by text, rule id, then position. */
static int md_note_by_text(const void *a, const void *b)
{
    const md_note *x = a, *y = b;
    int c = strcmp(x->r->note, y->r->note);
    if (c == 0)
        c = strcmp(x->r->rule_id, y->r->rule_id);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* Orders notes by rule id, status, text, then position. */
static int md_note_by_cell(const void *a, const void *b)
{
    const md_note *x = a, *y = b;
    int c = strcmp(x->r->rule_id, y->r->rule_id);
    if (c == 0 && x->r->status != y->r->status)
        c = x->r->status < y->r->status ? -1 : 1;
    if (c == 0)
        c = strcmp(x->r->note, y->r->note);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* True when two notes are for the same rule, status and text. */
static bool md_note_same(const md_note *a, const md_note *b)
{
    return strcmp(a->r->rule_id, b->r->rule_id) == 0 && a->r->status == b->r->status &&
           strcmp(a->r->note, b->r->note) == 0;
}

/* Writes the "Notes" heading the first time; *HEADING records it. */
static void md_notes_heading(const md_ctx *t, bool *heading)
{
    if (*heading)
        return;
    md_heading(t->out, t->level);
    fputs("Notes\n\n", t->out);
    *heading = true;
}

/* Writes the reasons that make three or more rules N/A at once (no --tcpip profile, an input
 * that could not be loaded), one item each with the rules it covers, in the order of the
 * reasons' text, and marks those results in DONE. NOTES has room for every result. */
static void md_shared_notes(const md_ctx *t, md_note *notes, bool *done, bool *heading)
{
    const uhp_run *run = t->run;
    FILE *out = t->out;
    size_t n = 0;
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        if (r->status == UHP_STATUS_NA && r->note && r->rule_id)
            notes[n++] = (md_note){r, i};
    }
    qsort(notes, n, sizeof *notes, md_note_by_text);
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        size_t rules = 1;
        for (hi = lo + 1; hi < n && strcmp(notes[hi].r->note, notes[lo].r->note) == 0; hi++)
            rules += strcmp(notes[hi].r->rule_id, notes[hi - 1].r->rule_id) != 0;
        if (rules < 3)
            continue;
        md_notes_heading(t, heading);
        fputs("- ", out);
        for (size_t j = lo; j < hi; j++) {
            done[notes[j].index] = true;
            if (j > lo && strcmp(notes[j - 1].r->rule_id, notes[j].r->rule_id) == 0)
                continue;
            if (j > lo)
                fputs(", ", out);
            md_text(out, notes[j].r->rule_id);
        }
        fputs(": N/A: ", out);
        md_text(out, notes[lo].r->note);
        fputc('\n', out);
    }
}

/* Writes the other notes of N/A and could-not-verify cells: one item per rule, status and
 * note, naming the instances it holds for, sorted by rule. NOTES has room for every result. */
static void md_cell_notes(const md_ctx *t, md_note *notes, const bool *done, bool *heading)
{
    const uhp_run *run = t->run;
    FILE *out = t->out;
    size_t n = 0;
    for (size_t i = 0; i < run->n_results; i++)
        if (!done[i] && run->results[i].note && run->results[i].rule_id)
            notes[n++] = (md_note){&run->results[i], i};
    qsort(notes, n, sizeof *notes, md_note_by_cell);
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        hi = lo + 1;
        while (hi < n && md_note_same(&notes[lo], &notes[hi]))
            hi++;
        const uhp_result *r = notes[lo].r;
        md_notes_heading(t, heading);
        fputs("- ", out);
        md_text(out, r->rule_id);
        if (r->rule_name) {
            fputc(' ', out);
            md_text(out, r->rule_name);
        }
        fputs(" (", out);
        for (size_t j = lo; j < hi; j++) {
            if (j > lo)
                fputs(", ", out);
            if (notes[j].r->instance)
                md_text(out, notes[j].r->instance);
            else
                fputs(run->meta.has_ha_instances ? "all" : "config", out);
        }
        fputs("): ", out);
        fputs(r->status == UHP_STATUS_WARN ? "could not verify" : uhp_status_name(r->status), out);
        fputs(": ", out);
        md_text(out, r->note);
        fputc('\n', out);
    }
}

/* Writes the notes of N/A and could-not-verify cells: first a reason that makes several
 * rules N/A at once, said once with the rules it covers, then one item per rule, status and
 * note. O(results log results); two temporary uhp_malloc tables, freed before returning.
 * Returns false when memory ran out. */
static bool md_notes(const md_ctx *t)
{
    const uhp_run *run = t->run;
    if (run->n_results == 0)
        return true;
    bool *done = uhp_calloc(run->n_results, sizeof *done);
    md_note *notes = uhp_malloc(run->n_results * sizeof *notes);
    bool ok = done && notes;
    if (ok) {
        bool heading = false;
        md_shared_notes(t, notes, done, &heading);
        md_cell_notes(t, notes, done, &heading);
        if (heading)
            fputc('\n', t->out);
    }
    uhp_free(done);
    uhp_free(notes);
    return ok;
}

/* Writes the suppressed findings with their reasons. */
static void md_suppressed(const md_ctx *t)
{
    const uhp_run *run = t->run;
    FILE *out = t->out;
    bool heading = false;
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (!f->suppressed)
            continue;
        if (!heading) {
            md_heading(out, t->level);
            fputs("Suppressed\n\n", out);
            heading = true;
        }
        fputs("- ", out);
        md_location(out, f);
        fputs(": ", out);
        md_text(out, f->message ? f->message : "");
        fputs(" (", out);
        md_text(out, f->rule_id ? f->rule_id : "?");
        fputs("); reason: ", out);
        md_text(out, f->suppress_reason ? f->suppress_reason : "(none given)");
        fputc('\n', out);
    }
    if (heading)
        fputc('\n', out);
}

/* Writes the body of one run: header, table, findings, notes, suppressed (quiet: header and
 * failures only). Returns false when memory ran out. */
static bool md_body(const md_ctx *t)
{
    bool ok = true;
    md_header(t);
    if (!t->opts->quiet)
        ok = md_table(t);
    md_findings(t);
    if (!t->opts->quiet) {
        ok = md_notes(t) && ok;
        md_suppressed(t);
    }
    return ok;
}

/* Writes the title line with the tool's version from RUN. */
static void md_title(FILE *out, const uhp_run *run)
{
    fputs("# ", out);
    fputs(UHP_TOOL_NAME, out);
    if (run->meta.tool_version) {
        fputc(' ', out);
        md_text(out, run->meta.tool_version);
    }
    fputs(": UMS high-availability checklist\n\n", out);
}

/* Writes the table of the sets of LABELS: label, result and counts, one row each. */
static void md_sets_table(FILE *out, const uhp_rpt_labels *labels, const uhp_report_opts *opts)
{
    char label[UHP_SET_LABEL_MAX];
    fputs("| Set | Result | Passed | Failed | Warnings |\n|---|:---:|---:|---:|---:|\n", out);
    for (size_t r = 0; r < labels->n_runs; r++) {
        int st = uhp_rpt_set_exit(labels->runs[r], opts->fail_on);
        uhp_counts c = uhp_run_counts(labels->runs[r]);
        fputs("| ", out);
        md_text(out, uhp_rpt_label(labels, r, label));
        fprintf(out, " | %s%s%s | %zu | %zu | %zu |\n", st ? "**" : "", md_set_status[st],
                st ? "**" : "", c.passed, c.failed, c.warnings);
    }
    uhp_counts total = uhp_rpt_total_counts(labels->runs, labels->n_runs);
    fprintf(out, "\n%zu sets: ", labels->n_runs);
    md_counts(out, &total);
    fputs("\n\n", out);
}

/* Writes the markdown report of RUNS to OUT. Returns 0, or -1 when a write failed or memory
 * ran out. Temporary arrays come from uhp_malloc and are freed before returning. */
int uhp_report_markdown_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                             const uhp_report_opts *opts)
{
    bool ok = true;
    md_title(out, runs[0]);
    if (!uhp_rpt_named_sets(runs, n_runs)) {
        md_ctx t = {out, runs[0], opts, 2};
        ok = md_body(&t);
        int rc = uhp_rpt_finish(out);
        return ok ? rc : -1;
    }
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    md_sets_table(out, &labels, opts);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        if (opts->quiet && uhp_rpt_failing(runs[r], opts->fail_on) == 0)
            continue;
        md_ctx t = {out, runs[r], opts, 3};
        fputs("## Set ", out);
        md_text(out, uhp_rpt_label(&labels, r, label));
        fprintf(out, " (%zu of %zu)\n\n", r + 1, n_runs);
        ok = md_body(&t) && ok;
    }
    uhp_rpt_labels_free(&labels);
    int rc = uhp_rpt_finish(out);
    return ok ? rc : -1;
}
