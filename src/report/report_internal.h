/* Private helpers shared by the report writers (src/report/). Nothing here sees the
 * configuration: only strings and the uhp_run. */
#ifndef UHP_REPORT_INTERNAL_H
#define UHP_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "uhp/finding.h"
#include "uhp/report.h"

#define UHP_TOOL_NAME "ums-ha-preflight"
#ifndef UHP_INFORMATION_URI
#define UHP_INFORMATION_URI "https://github.com/ums-ha-preflight/ums-ha-preflight"
#endif

/* ---- escape.c ---------------------------------------------------------------------- */

/* Decodes the UTF-8 sequence at S (non-empty, NUL-terminated). Returns the code point and
 * sets *LEN to the bytes it used; an invalid or truncated sequence returns -1 with *LEN 1. */
long uhp_utf8_next(const char *s, size_t *len);
/* Writes the characters of S escaped for a JSON string, without the quotes. */
void uhp_json_chars(FILE *out, const char *s);
/* Returns the length of the leading run of S that uhp_json_chars writes unchanged (printable
 * ASCII but " and \); S[result] is the NUL when S needs no escape at all. */
size_t uhp_json_plain_len(const char *s);
/* Writes S as XML element content: & < > escaped, CR as a reference, characters XML 1.0
 * forbids and invalid UTF-8 replaced by U+FFFD. */
void uhp_xml_text(FILE *out, const char *s);
/* Same for an attribute value (without the quotes): also " ' TAB LF CR escaped. */
void uhp_xml_attr(FILE *out, const char *s);
/* Writes S on one line for people: control characters as \n, \r, \xNN or \u00NN, invalid
 * UTF-8 as U+FFFD; tabs kept when KEEP_TAB. Returns the number of columns written. */
size_t uhp_plain_chars(FILE *out, const char *s, bool keep_tab);
/* Returns the length of the leading run of S that uhp_plain_chars writes unchanged (printable
 * ASCII, one column a byte; tabs not included); S[result] is the NUL when all of S is. */
size_t uhp_plain_len(const char *s);
/* Columns uhp_plain_chars would use for the code point CP (-1: invalid byte). */
size_t uhp_plain_width(long cp, bool keep_tab);
/* GitHub workflow-command escaping: data (% CR LF) and property (also : and ,). Other
 * control characters are written as \xNN so the log line stays one line. */
void uhp_gh_data(FILE *out, const char *s);
void uhp_gh_property(FILE *out, const char *s);
/* Writes PATH as a URI reference: unreserved characters and '/' as they are, everything
 * else percent-encoded; an absolute path becomes a file:// URI. */
void uhp_uri_chars(FILE *out, const char *path);
/* FNV-1a 64 over N bytes of S, continuing from H (start with UHP_FNV_OFFSET). */
#define UHP_FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t uhp_fnv1a(uint64_t h, const void *s, size_t n);

/* ---- common.c ---------------------------------------------------------------------- */

/* Output gathered on the stack and written with one fwrite: a report piece by piece costs
 * one call into stdio per buffer rather than one per piece. The buffer is not initialised;
 * uhp_rpt_buf_init sets OUT and empties it. */
typedef struct uhp_rpt_buf {
    FILE *out;
    size_t n;
    char buf[4096];
} uhp_rpt_buf;

void uhp_rpt_buf_init(uhp_rpt_buf *b, FILE *out);
/* Appends N bytes of S to B; a piece longer than the buffer goes straight to OUT, after
 * what B held. */
void uhp_rpt_buf_put(uhp_rpt_buf *b, const char *s, size_t n);
/* Writes out what B holds and empties it. */
void uhp_rpt_buf_flush(uhp_rpt_buf *b);

/* True when INST is one of the names in LIST ("a, b, c"); a NULL LIST means every one. */
bool uhp_rpt_instance_in(const char *list, const char *inst);
/* True when finding F concerns result R (same rule; instance in the finding's list, or
 * either side not instance-specific). */
bool uhp_rpt_finding_matches(const uhp_finding *f, const uhp_result *r);
/* True when F is reported as a failure: not suppressed, not off, severity >= FAIL_ON. */
bool uhp_rpt_is_failure(const uhp_finding *f, uhp_severity fail_on);
/* Writes "file:line:col" (or "file:line", "file", "built-in default", "<no file>"). */
void uhp_rpt_location(FILE *out, const uhp_finding *f);
/* Writes F as one compact line without the newline:
 * "file:line:col: severity: [set S] message (instances: ..) [UHAnnn]"; the set prefix only
 * when SET is not NULL. */
void uhp_rpt_compact_line(FILE *out, const uhp_finding *f, const char *set);
/* The stable fingerprint of F: FNV-1a 64 of rule id, file and key path (message when no
 * key path), then the set label SET when it is not NULL; never the line. */
uint64_t uhp_rpt_fingerprint(const uhp_finding *f, const char *set);
/* Returns a new array (uhp_free it) of the fingerprints of RUN's findings in SET, in order,
 * made unique within the run: the second, third.. finding with the same rule, file and key
 * path gets an occurrence number mixed in (the first keeps the plain hash, so inserting
 * lines above never changes it). Returns NULL when RUN has no findings or memory ran out
 * (then *OOM is true). */
uint64_t *uhp_rpt_fingerprints(const uhp_run *run, const char *set, bool *oom);
/* Writes FP as 16 hex digits into BUF (17 bytes). */
void uhp_rpt_fingerprint_hex(uint64_t fp, char buf[17]);

/* A text and a position, sorted by uhp_rpt_keyed_cmp: findings by rule id (JUnit), sets by
 * name (labels). */
typedef struct uhp_rpt_keyed {
    const char *key; /* never NULL */
    size_t index;
} uhp_rpt_keyed;
/* qsort callback: by key, then by index, so equal keys keep their order. */
int uhp_rpt_keyed_cmp(const void *a, const void *b);

/* A checklist cell in a run's cell index: result INDEX of the run, its rule and instance. */
typedef struct uhp_rpt_cell {
    const char *rule_id; /* never NULL: results without a rule are left out */
    const char *instance;
    size_t index;
} uhp_rpt_cell;
/* Returns a new array (uhp_free it) of the results of RUN that have a rule id, sorted by
 * rule id, then instance (NULL before any name), then position, with its length in *N: the
 * cells of one rule are adjacent, and the first cell of a (rule, instance) pair is the
 * pair's first result in run order. Returns NULL with *N 0 when RUN has no results, or
 * NULL with *OOM true when memory ran out. */
uhp_rpt_cell *uhp_rpt_cells(const uhp_run *run, size_t *n, bool *oom);
/* Returns the end of the rule group that starts at FROM in CELLS (N cells): the first
 * position after FROM whose rule id differs, or N. */
size_t uhp_rpt_cells_rule_end(const uhp_rpt_cell *cells, size_t n, size_t from);
/* Returns the position of the first cell of CELLS[LO..HI) with rule ID and instance INST
 * (NULL: the instance-less one), or HI when there is none. The range must be sorted as
 * uhp_rpt_cells sorts. */
size_t uhp_rpt_cells_find(const uhp_rpt_cell *cells, size_t lo, size_t hi, const char *id,
                          const char *inst);

/* ---- several config sets in one report (multi.c) ------------------------------------ */

/* True when the report names its sets: more than one run, or one run with a set name
 * (a --set or --manifest run). False for an ordinary single-set run. */
bool uhp_rpt_named_sets(const uhp_run *const *runs, size_t n_runs);
#define UHP_SET_LABEL_MAX 256
/* Writes into BUF (UHP_SET_LABEL_MAX bytes) the label of set IDX of RUNS: its name
 * (truncated to fit), "set N" (1-based) when it has none, and " #K" appended when an earlier
 * set has the same name, so labels are unique within a report. Returns BUF. */
const char *uhp_rpt_set_label(const uhp_run *const *runs, size_t n_runs, size_t idx, char *buf);
/* The labels of every set of one report, worked out once (uhp_rpt_set_label scans the
 * earlier sets on every call, quadratic over a large manifest). */
typedef struct uhp_rpt_labels {
    const uhp_run *const *runs;
    size_t n_runs;
    size_t *same; /* per set, how many earlier sets share its name; NULL: count on demand */
} uhp_rpt_labels;
/* Prepares L for RUNS (which must outlive it). Never fails: for one set, or when memory runs
 * out, L->same stays NULL and uhp_rpt_label counts like uhp_rpt_set_label, with the same
 * text. Release with uhp_rpt_labels_free. */
void uhp_rpt_labels_init(uhp_rpt_labels *l, const uhp_run *const *runs, size_t n_runs);
/* Writes the label of set IDX into BUF (UHP_SET_LABEL_MAX bytes), exactly as
 * uhp_rpt_set_label does. Returns BUF. */
const char *uhp_rpt_label(const uhp_rpt_labels *l, size_t idx, char *buf);
/* Frees what uhp_rpt_labels_init allocated; L may be initialised again. */
void uhp_rpt_labels_free(uhp_rpt_labels *l);
/* The exit status RUN deserves at FAIL_ON, as the reports see it: 2 input error, 1 an
 * unsuppressed finding at or above FAIL_ON, else 0 (main.c decides the real status). */
int uhp_rpt_set_exit(const uhp_run *run, uhp_severity fail_on);
/* Counts of every run added up. */
uhp_counts uhp_rpt_total_counts(const uhp_run *const *runs, size_t n_runs);
/* Unsuppressed findings of RUN at or above FAIL_ON. */
size_t uhp_rpt_failing(const uhp_run *run, uhp_severity fail_on);

/* The writers behind the format table: each writes ONE report for N_RUNS >= 1 runs. */
int uhp_report_text_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts);
int uhp_report_compact_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                            const uhp_report_opts *opts);
int uhp_report_json_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts);
int uhp_report_sarif_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts);
int uhp_report_junit_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                          const uhp_report_opts *opts);
int uhp_report_github_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                           const uhp_report_opts *opts);
int uhp_report_markdown_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                             const uhp_report_opts *opts);
int uhp_report_diff_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts);
/* Calls FN(OUT, finding, set label or NULL) for every finding of RUNS that a line-oriented
 * report shows: not suppressed, not off, and a failure under opts->quiet. Returns
 * uhp_rpt_finish(OUT). */
typedef void (*uhp_rpt_finding_fn)(FILE *out, const uhp_finding *f, const char *set);
int uhp_rpt_each_shown(FILE *out, const uhp_run *const *runs, size_t n_runs,
                       const uhp_report_opts *opts, uhp_rpt_finding_fn fn);

/* Returns 0 after flushing OUT, or -1 when a write failed. */
int uhp_rpt_finish(FILE *out);

/* Minimal pretty JSON writer used by the json and sarif writers. */
#define UHP_JW_MAX_DEPTH 32
typedef struct uhp_jw {
    FILE *out;
    int depth;
    bool first[UHP_JW_MAX_DEPTH];
    bool after_key;
} uhp_jw;

void uhp_jw_init(uhp_jw *w, FILE *out);
void uhp_jw_obj(uhp_jw *w); /* { */
void uhp_jw_end_obj(uhp_jw *w);
void uhp_jw_arr(uhp_jw *w); /* [ */
void uhp_jw_end_arr(uhp_jw *w);
void uhp_jw_key(uhp_jw *w, const char *key);
void uhp_jw_str(uhp_jw *w, const char *s); /* NULL writes null */
void uhp_jw_uint(uhp_jw *w, unsigned long long v);
void uhp_jw_bool(uhp_jw *w, bool v);
void uhp_jw_null(uhp_jw *w);
/* Starts a string value whose pieces follow with uhp_json_chars; end with uhp_jw_str_end. */
void uhp_jw_str_begin(uhp_jw *w);
void uhp_jw_str_end(uhp_jw *w);
/* Convenience: "key": "value" / null. */
void uhp_jw_kstr(uhp_jw *w, const char *key, const char *s);
void uhp_jw_kuint(uhp_jw *w, const char *key, unsigned long long v);
void uhp_jw_kbool(uhp_jw *w, const char *key, bool v);
/* Writes the SARIF "fixes" member of F's result when F carries a mechanical fix
 * (sarif_fix.c); nothing otherwise. */
void uhp_rpt_sarif_fixes(uhp_jw *w, const uhp_finding *f);

/* True for the code points every format writes as a visible escape, never as they are: C1
 * controls, bidirectional controls, zero-width characters, line and paragraph separators
 * (escape.c says why). */
bool uhp_rpt_hidden(long cp);

/* ---- The policy, in every format --------------------------------------------------------- */

/* The metadata of the first run of RUNS that had a policy applied, or NULL. */
const uhp_run_meta *uhp_rpt_policy_meta(const uhp_run *const *runs, size_t n_runs);
/* Writes into BUF (always terminated) what the policy of M is and changes, on one line:
 * "PATH (found by walking up from the working directory): turns off UHA105; UHA208 made a
 * warning". Returns BUF. */
const char *uhp_rpt_policy_text(const uhp_run_meta *m, char *buf, size_t size);
/* Writes "policy": {"file", "discovered", "off": [ids], "severities": {id: severity}}. */
void uhp_rpt_policy_json(uhp_jw *w, const uhp_run_meta *m);

#endif
