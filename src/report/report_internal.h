/* Private helpers shared by the report writers (src/report/, common.c). Nothing here sees
 * the configuration: only strings and the uhp_run. The files of src/report/ depend on each
 * other one way: escape.h, then jw.h, then this header, then the writers (writers.h), then
 * the format table (registry.c); tests/cli/test_structure.sh checks their includes. */
#ifndef UHP_REPORT_INTERNAL_H
#define UHP_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/escape.h"
#include "report/jw.h"
#include "uhp/finding.h"
#include "uhp/report.h"

#define UHP_TOOL_NAME "ums-ha-preflight"
#ifndef UHP_INFORMATION_URI
#define UHP_INFORMATION_URI "https://github.com/ums-ha-preflight/ums-ha-preflight"
#endif

/* ---- common.c: findings, cells, fingerprints ---------------------------------------- */

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

/* ---- several config sets in one report (common.c) --------------------------------- */

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

/* Calls FN(OUT, finding, set label or NULL) for every finding of RUNS that a line-oriented
 * report shows: not suppressed, not off, and a failure under opts->quiet. Returns
 * uhp_rpt_finish(OUT). */
typedef void (*uhp_rpt_finding_fn)(FILE *out, const uhp_finding *f, const char *set);
int uhp_rpt_each_shown(FILE *out, const uhp_run *const *runs, size_t n_runs,
                       const uhp_report_opts *opts, uhp_rpt_finding_fn fn);

/* Returns 0 after flushing OUT, or -1 when a write failed. */
int uhp_rpt_finish(FILE *out);

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
