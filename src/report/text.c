/* The text format: the checklist an operator reads. A header (tool, layers, defaults, DVIPA,
 * instances), a table of every rule with PASS / FAIL / WARN / N/A per instance, each
 * finding with its location, the quoted line, a caret under the column and the fix, the
 * notes for N/A and could-not-verify cells, suppressed findings, and a last line
 * "N passed, N failed, N warnings" (checks passed, then error and warning findings). Quiet
 * keeps the failures and the last line.
 * Several named sets (--set, --manifest): a section per set under "=== set NAME (i of n) ===",
 * each ending with its own counts, then a table of the sets and one last line over them all. */
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "report/text_internal.h"
#include "report/writers.h"
#include "uhp/alloc.h"
#include "uhp/rule.h"

/* Writes N copies of the character FILL is made of (FILL_LEN of them), a buffer at a time;
 * a few go out one by one, which costs stdio less than a call to fwrite. */
static void text_fill(FILE *out, const char *fill, size_t fill_len, size_t n)
{
    if (n < 6) {
        while (n-- > 0)
            fputc(fill[0], out);
        return;
    }
    while (n > 0) {
        size_t k = n < fill_len ? n : fill_len;
        fwrite(fill, 1, k, out);
        n -= k;
    }
}

/* Writes N spaces. */
static void text_pad(FILE *out, size_t n)
{
    static const char spaces[] = "                                                                ";
    text_fill(out, spaces, sizeof spaces - 1, n);
}

/* Appends the string S to B. */
static void text_buf_puts(uhp_rpt_buf *b, const char *s)
{
    uhp_rpt_buf_put(b, s, strlen(s));
}

/* Appends N spaces to B. */
static void text_buf_pad(uhp_rpt_buf *b, size_t n)
{
    static const char spaces[] = "                                                                ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        uhp_rpt_buf_put(b, spaces, k);
        n -= k;
    }
}

/* Appends S to B as uhp_plain_chars writes it; returns the columns it takes. */
static size_t text_buf_plain(uhp_rpt_buf *b, const char *s)
{
    size_t n = uhp_plain_len(s);
    if (s[n] == '\0') {
        uhp_rpt_buf_put(b, s, n);
        return n;
    }
    uhp_rpt_buf_flush(b); /* escapes: the writer itself, in order */
    return uhp_plain_chars(b->out, s, false);
}

/* Appends the ANSI sequence CODE to B when colour is on. */
static void text_buf_color(const text_ctx *t, uhp_rpt_buf *b, const char *code)
{
    if (t->opts->color)
        text_buf_puts(b, code);
}

static const char *text_severity_color(uhp_severity sev)
{
    switch (sev) {
    case UHP_SEV_ERROR:
        return TEXT_RED TEXT_BOLD;
    case UHP_SEV_WARNING:
        return TEXT_YELLOW TEXT_BOLD;
    default:
        return TEXT_CYAN TEXT_BOLD;
    }
}

/* Writes the header: tool, layers, defaults, profiles, DVIPA and instances. */
static void text_header(const text_ctx *t)
{
    const uhp_run_meta *m = &t->run->meta;
    FILE *out = t->out;
    text_color(t, TEXT_BOLD);
    fprintf(out, "%s %s", UHP_TOOL_NAME, m->tool_version ? m->tool_version : "");
    text_color(t, TEXT_RESET);
    fputs(": UMS high-availability checklist\n", out);

    fputs("  config layers  : ", out);
    if (m->n_layers == 0)
        fputs("none", out);
    for (size_t i = 0; i < m->n_layers; i++) {
        if (i > 0)
            fputs(", ", out);
        uhp_plain_chars(out, m->layers[i] ? m->layers[i] : "?", false);
    }
    fputs(m->n_layers > 1 ? " (highest priority first)\n" : "\n", out);

    fputs("  defaults       : ", out);
    if (m->defaults)
        uhp_plain_chars(out, m->defaults, false);
    else
        fprintf(out, "built-in table of Zowe v%d (no --defaults given)",
                m->zowe_version ? m->zowe_version : 3);
    fputc('\n', out);

    if (m->policy) {
        char text[1024];
        fputs("  policy         : ", out);
        uhp_plain_chars(out, uhp_rpt_policy_text(m, text, sizeof text), false);
        fputc('\n', out);
    }

    fputs("  TCP/IP profile : ", out);
    if (m->n_profiles == 0)
        fputs("none (no --tcpip given)", out);
    for (size_t i = 0; i < m->n_profiles; i++) {
        if (i > 0)
            fputs(", ", out);
        uhp_plain_chars(out, m->profiles[i] ? m->profiles[i] : "?", false);
    }
    fputc('\n', out);

    fputs("  DVIPA          : ", out);
    if (m->dvipa) {
        uhp_plain_chars(out, m->dvipa, false);
        if (m->dvipa_origin) {
            fputs(", from ", out);
            uhp_plain_chars(out, m->dvipa_origin, false);
        }
    } else {
        fputs("not declared (places that must name it are compared with each other)", out);
    }
    fputc('\n', out);

    fputs("  instances      : ", out);
    size_t named = 0;
    for (size_t i = 0; i < m->n_instances; i++) {
        if (!m->instances[i])
            continue;
        if (named++ > 0)
            fputs(", ", out);
        uhp_plain_chars(out, m->instances[i], false);
    }
    if (named == 0)
        fputs("none (no haInstances: the base configuration is checked)", out);
    fputs("\n\n", out);
}

/* Writes one status cell padded to WIDTH columns (no padding when WIDTH is 0). */
static void text_cell(const text_ctx *t, const char *label, const char *color, size_t width)
{
    if (color)
        text_color(t, color);
    fputs(label, t->out);
    if (color)
        text_color(t, TEXT_RESET);
    if (width > strlen(label))
        text_pad(t->out, width - strlen(label));
}

/* Appends one status cell to B, as text_cell writes it. */
static void text_buf_cell(const text_ctx *t, uhp_rpt_buf *b, const char *label, const char *color,
                          size_t width)
{
    if (color)
        text_buf_color(t, b, color);
    size_t len = strlen(label);
    uhp_rpt_buf_put(b, label, len);
    if (color)
        text_buf_color(t, b, TEXT_RESET);
    if (width > len)
        text_buf_pad(b, width - len);
}

/* Returns the name of the rule of cells [LO, HI) of CELLS (one rule): the name its first
 * result in run order gives, "" when that one has none. */
static const char *text_row_name(const uhp_run *run, const uhp_rpt_cell *cells, size_t lo,
                                 size_t hi)
{
    size_t first = cells[lo].index;
    for (size_t i = lo + 1; i < hi; i++)
        if (cells[i].index < first)
            first = cells[i].index;
    const char *name = run->results[first].rule_name;
    return name ? name : "";
}

/* Returns the result of the rule of cells [LO, HI) for instance INST (NULL: the global one),
 * the first in run order, or NULL. */
static const uhp_result *text_result(const uhp_run *run, const uhp_rpt_cell *cells, size_t lo,
                                     size_t hi, const char *inst)
{
    size_t at = uhp_rpt_cells_find(cells, lo, hi, cells[lo].rule_id, inst);
    return at < hi ? &run->results[cells[at].index] : NULL;
}

/* Writes the checklist table: a row per rule (sorted by id), a column per instance. The
 * cells are looked up in a sorted index of the results (a temporary uhp_malloc array), so
 * the table costs O(results log results). Returns false when memory ran out. */
static bool text_table(const text_ctx *t)
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
    bool single_base = n_cols == 1 && cols[0] == NULL;

    /* Columns are as wide as the widest status: SUPPRESSED only when a cell is. */
    size_t min_w = 4;
    for (size_t i = 0; i < run->n_results; i++)
        if (run->results[i].status == UHP_STATUS_SUPPRESSED)
            min_w = strlen(uhp_status_name(UHP_STATUS_SUPPRESSED));
    size_t name_w = 4;
    for (size_t lo = 0, hi; lo < n_cells; lo = hi) {
        hi = uhp_rpt_cells_rule_end(cells, n_cells, lo);
        size_t len = strlen(text_row_name(run, cells, lo, hi));
        if (len > name_w)
            name_w = len;
    }

    /* A row of the table is some thirty pieces; a stdio call costs more than a copy. */
    uhp_rpt_buf b;
    uhp_rpt_buf_init(&b, out);
    text_buf_color(t, &b, TEXT_BOLD);
    text_buf_puts(&b, "RULE    NAME");
    text_buf_pad(&b, name_w - 4 + 2);
    for (size_t c = 0; c < n_cols; c++) {
        const char *label = cols[c] ? cols[c] : (single_base ? "RESULT" : "all");
        size_t cols_used = text_buf_plain(&b, label);
        if (c + 1 < n_cols)
            text_buf_pad(&b, (cols_used < min_w ? min_w - cols_used : 0) + 2);
    }
    text_buf_color(t, &b, TEXT_RESET);
    uhp_rpt_buf_put(&b, "\n", 1);

    for (size_t lo = 0, hi; lo < n_cells; lo = hi) {
        hi = uhp_rpt_cells_rule_end(cells, n_cells, lo);
        const char *id = cells[lo].rule_id;
        const char *name = text_row_name(run, cells, lo, hi);
        text_buf_plain(&b, id);
        text_buf_pad(&b, strlen(id) < 8 ? 8 - strlen(id) : 1);
        text_buf_plain(&b, name);
        text_buf_pad(&b, name_w - strlen(name) + 2);
        const uhp_result *global = text_result(run, cells, lo, hi, NULL);
        /* names sort after NULL: the group's last cell tells whether any instance has one */
        bool per_instance = cells[hi - 1].instance != NULL;
        if (!single_base && global && !per_instance) {
            text_buf_cell(t, &b, uhp_status_name(global->status), text_status_color(global->status),
                          0);
            text_buf_puts(&b, n_cols > 1 ? "  (all instances)\n" : "\n");
            continue;
        }
        for (size_t c = 0; c < n_cols; c++) {
            const uhp_result *r = text_result(run, cells, lo, hi, cols[c]);
            if (!r)
                r = global;
            size_t w = min_w;
            if (cols[c] && strlen(cols[c]) > w)
                w = strlen(cols[c]);
            if (c + 1 == n_cols)
                w = 0;
            else
                w += 2;
            if (r)
                text_buf_cell(t, &b, uhp_status_name(r->status), text_status_color(r->status), w);
            else
                text_buf_cell(t, &b, "-", NULL, w);
        }
        uhp_rpt_buf_put(&b, "\n", 1);
    }
    uhp_rpt_buf_put(&b, "\n", 1);
    uhp_rpt_buf_flush(&b);
    uhp_free(cells);
    return true;
}

/* Writes the quoted source line of F with a caret line under its columns. */
static void text_quote(const text_ctx *t, const uhp_finding *f)
{
    FILE *out = t->out;
    if (!f->source_line || f->line == 0)
        return;
    char num[16];
    int gutter = snprintf(num, sizeof num, "%u", (unsigned)f->line);
    fprintf(out, "  %s | ", num);
    uhp_plain_chars(out, f->source_line, true);
    fputc('\n', out);
    if (f->col == 0)
        return;

    fprintf(out, "  %*s | ", gutter, "");
    const char *s = f->source_line;
    uint32_t col = 1;
    size_t pad = 0; /* spaces owed, written before a tab and after the loop */
    while (col < f->col) {
        size_t n = 1;
        long cp = *s ? uhp_utf8_next(s, &n) : ' ';
        if (cp == '\t') {
            text_pad(out, pad);
            pad = 0;
            fputc('\t', out);
        } else {
            pad += uhp_plain_width(cp, true);
        }
        if (*s)
            s += n;
        col++;
    }
    text_pad(out, pad);
    size_t carets = 0;
    while (*s && (f->end_line > f->line || (f->end_line == f->line && col < f->end_col))) {
        size_t n;
        long cp = uhp_utf8_next(s, &n);
        carets += uhp_plain_width(cp, true);
        s += n;
        col++;
    }
    if (carets == 0)
        carets = 1;
    static const char caret_line[] =
        "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";
    text_color(t, text_severity_color(f->severity));
    text_fill(out, caret_line, sizeof caret_line - 1, carets);
    text_color(t, TEXT_RESET);
    fputc('\n', out);
}

/* Writes one finding block: location, severity, message, rule, instances, key, quote, fix. */
static void text_finding(const text_ctx *t, const uhp_finding *f)
{
    FILE *out = t->out;
    text_color(t, TEXT_BOLD);
    uhp_rpt_location(out, f);
    text_color(t, TEXT_RESET);
    fputs(": ", out);
    text_color(t, text_severity_color(f->severity));
    fputs(uhp_severity_name(f->severity), out);
    text_color(t, TEXT_RESET);
    fputs(": ", out);
    uhp_plain_chars(out, f->message ? f->message : "", false);
    fputs(" [", out);
    uhp_plain_chars(out, f->rule_id ? f->rule_id : "?", false);
    fputs("]\n", out);
    if (f->instances) {
        fputs(strchr(f->instances, ',') ? "  instances: " : "  instance: ", out);
        uhp_plain_chars(out, f->instances, false);
        fputc('\n', out);
    }
    if (f->key_path) {
        fputs("  key: ", out);
        uhp_plain_chars(out, f->key_path, false);
        if (f->builtin_default)
            fputs(" (set in no layer: the built-in Zowe default decides)", out);
        fputc('\n', out);
    } else if (f->builtin_default) {
        fputs("  (set in no layer: the built-in Zowe default decides)\n", out);
    }
    text_quote(t, f);
    if (f->fix) {
        fputs("  ", out);
        text_color(t, TEXT_GREEN);
        fputs("fix:", out);
        text_color(t, TEXT_RESET);
        fputc(' ', out);
        uhp_plain_chars(out, f->fix, false);
        fputc('\n', out);
    }
    fputc('\n', out);
}

/* Writes the findings section (failures only when quiet). */
static void text_findings(const text_ctx *t)
{
    const uhp_run *run = t->run;
    bool heading = false;
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (f->suppressed || f->severity == UHP_SEV_OFF)
            continue;
        if (t->opts->quiet && !uhp_rpt_is_failure(f, t->opts->fail_on))
            continue;
        if (!heading && !t->opts->quiet) {
            text_color(t, TEXT_BOLD);
            fputs("Findings\n", t->out);
            text_color(t, TEXT_RESET);
            heading = true;
        }
        text_finding(t, f);
    }
}

/* Writes the suppressed findings with their reasons. */
static void text_suppressed(const text_ctx *t)
{
    const uhp_run *run = t->run;
    FILE *out = t->out;
    bool heading = false;
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (!f->suppressed)
            continue;
        if (!heading) {
            text_color(t, TEXT_BOLD);
            fputs("Suppressed\n", out);
            text_color(t, TEXT_RESET);
            heading = true;
        }
        fputs("  ", out);
        uhp_rpt_location(out, f);
        fputs(": suppressed: ", out);
        uhp_plain_chars(out, f->message ? f->message : "", false);
        fputs(" [", out);
        uhp_plain_chars(out, f->rule_id ? f->rule_id : "?", false);
        fputs("]\n", out);
        if (f->instances) {
            fputs("    instances: ", out);
            uhp_plain_chars(out, f->instances, false);
            fputc('\n', out);
        }
        fputs("    reason: ", out);
        uhp_plain_chars(out, f->suppress_reason ? f->suppress_reason : "(none given)", false);
        fputc('\n', out);
    }
    if (heading)
        fputc('\n', out);
}

/* True when an input could not be loaded, so no configuration rule ran: every cell of a
 * rule past the input rules (scope UHP_SCOPE_INPUT) is N/A. */
static bool text_nothing_checked(const uhp_run *run)
{
    if (!run->input_error)
        return false;
    for (size_t i = 0; i < run->n_results; i++) {
        const uhp_result *r = &run->results[i];
        const uhp_rule *rule = r->rule_id ? uhp_rule_find(r->rule_id) : NULL;
        if (r->rule_id && (!rule || rule->scope != UHP_SCOPE_INPUT) && r->status != UHP_STATUS_NA)
            return false;
    }
    return true;
}

/* Writes the body of one run: header, table, findings, notes, suppressed (quiet: findings
 * only). Returns false when memory ran out. */
static bool text_body(const text_ctx *t)
{
    bool ok = true;
    if (!t->opts->quiet && text_nothing_checked(t->run)) {
        /* A table of rules that never ran says nothing: the input error says it all. */
        text_header(t);
        fputs("Not checked: an input could not be read or parsed (see below)\n\n", t->out);
        text_findings(t);
        return true;
    }
    if (!t->opts->quiet) {
        text_header(t);
        ok = text_table(t);
    }
    text_findings(t);
    if (!t->opts->quiet) {
        ok = text_notes(t) && ok;
        text_suppressed(t);
    }
    return ok;
}

/* The counts of RUN for its summary line: nothing passed when nothing was checked. */
static uhp_counts text_run_counts(const uhp_run *run)
{
    uhp_counts c = uhp_run_counts(run);
    if (text_nothing_checked(run))
        c.passed = 0;
    return c;
}

/* Writes "N passed, N failed, N warnings" and a newline: the checks that passed, then the
 * findings the report lists (errors, warnings; suppressed ones are not counted), so the
 * numbers match what the reader sees below the table, one finding for all its instances. */
static void text_counts_line(FILE *out, const uhp_counts *c)
{
    fprintf(out, "%zu passed, %zu failed, %zu warning%s\n", c->passed, c->errors,
            c->warning_findings, c->warning_findings == 1 ? "" : "s");
}

static const char *const text_set_status[] = {"PASS", "FAIL", "ERROR"};

/* Writes the section header of set IDX: "=== set NAME (i of n) ===". */
static void text_set_heading(const text_ctx *t, const char *label, size_t idx, size_t n)
{
    text_color(t, TEXT_BOLD);
    fputs("=== set ", t->out);
    uhp_plain_chars(t->out, label, false);
    fprintf(t->out, " (%zu of %zu) ===", idx + 1, n);
    text_color(t, TEXT_RESET);
    fputc('\n', t->out);
}

/* Writes the summary of every set of LABELS: status (PASS, FAIL, ERROR for an input error),
 * label and counts, one line each. */
static void text_sets_table(const text_ctx *t, const uhp_rpt_labels *labels)
{
    FILE *out = t->out;
    const uhp_run *const *runs = labels->runs;
    size_t n_runs = labels->n_runs;
    char label[UHP_SET_LABEL_MAX];
    size_t width = 3;
    for (size_t r = 0; r < n_runs; r++) {
        size_t w = strlen(uhp_rpt_label(labels, r, label));
        if (w > width)
            width = w;
    }
    text_color(t, TEXT_BOLD);
    fputs("Sets\n", out);
    text_color(t, TEXT_RESET);
    for (size_t r = 0; r < n_runs; r++) {
        int st = uhp_rpt_set_exit(runs[r], t->opts->fail_on);
        uhp_counts c = text_run_counts(runs[r]);
        fputs("  ", out);
        text_cell(t, text_set_status[st],
                  st == 0 ? TEXT_GREEN : (st == 1 ? TEXT_RED : TEXT_RED TEXT_BOLD), 7);
        size_t used = uhp_plain_chars(out, uhp_rpt_label(labels, r, label), false);
        text_pad(out, used < width ? width - used + 2 : 2);
        text_counts_line(out, &c);
    }
    fputc('\n', out);
}

/* Writes the text report of RUNS to OUT. Returns 0, or -1 when a write failed or memory ran
 * out. Temporary arrays come from uhp_malloc and are freed before returning (the set labels
 * table too; without memory for it the labels are counted on demand, same text). */
int uhp_report_text_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts)
{
    bool ok = true;
    if (!uhp_rpt_named_sets(runs, n_runs)) {
        text_ctx t = {out, runs[0], opts};
        ok = text_body(&t);
        uhp_counts c = text_run_counts(runs[0]);
        text_counts_line(out, &c);
        int rc = uhp_rpt_finish(out);
        return ok ? rc : -1;
    }
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    for (size_t r = 0; r < n_runs; r++) {
        text_ctx t = {out, runs[r], opts};
        uhp_rpt_label(&labels, r, label);
        if (opts->quiet && uhp_rpt_failing(runs[r], opts->fail_on) == 0)
            continue;
        text_set_heading(&t, label, r, n_runs);
        ok = text_body(&t) && ok;
        if (!opts->quiet) {
            uhp_counts c = text_run_counts(runs[r]);
            fputs("set ", out);
            uhp_plain_chars(out, label, false);
            fputs(": ", out);
            text_counts_line(out, &c);
            fputc('\n', out);
        }
    }
    if (!opts->quiet) {
        text_ctx t = {out, runs[0], opts};
        text_sets_table(&t, &labels);
    }
    uhp_rpt_labels_free(&labels);
    /* the sum of the set lines above (a set that checked nothing passed nothing) */
    uhp_counts total = uhp_rpt_total_counts(runs, n_runs);
    for (size_t r = 0; r < n_runs; r++)
        if (text_nothing_checked(runs[r]))
            total.passed -= uhp_run_counts(runs[r]).passed;
    text_counts_line(out, &total);
    int rc = uhp_rpt_finish(out);
    return ok ? rc : -1;
}
