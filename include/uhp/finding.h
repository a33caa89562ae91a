/* The one finding record that feeds every report, and the run that collects them.
 * A report sees a uhp_run (findings, checklist results, metadata), never the config. */
#ifndef UHP_FINDING_H
#define UHP_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/arena.h"

typedef enum uhp_severity {
    UHP_SEV_OFF = 0,
    UHP_SEV_INFO,
    UHP_SEV_WARNING,
    UHP_SEV_ERROR,
} uhp_severity;

/* One cell of the checklist: a rule for an instance. */
typedef enum uhp_status {
    UHP_STATUS_PASS = 0,
    UHP_STATUS_FAIL,       /* finding at error or info severity */
    UHP_STATUS_WARN,       /* warning finding, or "could not verify" */
    UHP_STATUS_NA,         /* rule does not apply (note says why) */
    UHP_STATUS_SUPPRESSED, /* failed or warned, every finding suppressed (note: the reason) */
} uhp_status;

const char *uhp_severity_name(uhp_severity sev); /* "error", "warning", "info", "off" */
/* Parses "error"/"warning"/"info"/"off"; returns false when S is none of them. */
bool uhp_severity_parse(const char *s, uhp_severity *out);
const char *uhp_status_name(uhp_status st); /* "PASS", "FAIL", "WARN", "N/A" */

typedef struct uhp_finding {
    const char *rule_id;   /* "UHA105" */
    const char *rule_name; /* "ums-auth-mfa-jwt" */
    uhp_severity severity;
    bool unverified;       /* a "could not verify" warning */
    const char *instances; /* "lpar1, lpar2", or NULL when not instance-specific */
    const char *message;
    const char *file;     /* NULL when the value came from the built-in defaults or no file */
    bool builtin_default; /* the deciding value is the tool's built-in default */
    uint32_t line, col;   /* 1-based; 0 when unknown */
    uint32_t end_line, end_col;
    const char *key_path;    /* "components.izp.server.authType", or NULL */
    const char *fix;         /* what to change, or NULL */
    const char *source_line; /* the quoted line, secrets redacted, or NULL */
    bool suppressed;
    const char *suppress_reason;
    size_t order; /* set by uhp_run_add_finding: keeps instance order in merges */
    /* The mechanical fix (uhp/fix.h), in the run's arena, or NULL when the fix is not
     * mechanical. */
    const struct uhp_fix *autofix;
} uhp_finding;

typedef struct uhp_result {
    const char *rule_id;
    const char *rule_name;
    const char *instance; /* NULL: the rule ran once for the whole configuration */
    uhp_status status;
    const char *note; /* why N/A, or what could not be verified */
} uhp_result;

/* What the reports may say about the inputs, without seeing them. */
typedef struct uhp_run_meta {
    const char *tool_version;
    const char *set_name; /* the config set's name in a multi-set run, else NULL */
    const char **layers;  /* display names of the config layers, highest priority first */
    size_t n_layers;
    const char *defaults;  /* path of --defaults, or NULL for the built-in table */
    int zowe_version;      /* the built-in table's Zowe version when defaults is NULL */
    const char **profiles; /* --tcpip files */
    size_t n_profiles;
    const char *dvipa;        /* "10.1.1.10 (ums.example.com)" or NULL when not declared */
    const char *dvipa_origin; /* "--dvipa", "policy", "TCP/IP profile" */
    const char **instances;   /* checklist columns; one NULL-named column when no haInstances */
    size_t n_instances;
    bool has_ha_instances;
    /* The policy applied to the run (uhp_policy_apply), or NULL: every format names it and
     * the rules it turns off or re-grades (docs/policy.md). */
    const char *policy;     /* its path, as opened */
    bool policy_discovered; /* found by walking up from the working directory */
    const char **policy_rule_ids;
    const uhp_severity *policy_severities; /* UHP_SEV_OFF: turned off */
    size_t n_policy_rules;
} uhp_run_meta;

typedef struct uhp_run {
    uhp_arena arena; /* owns every string below */
    uhp_finding *findings;
    size_t n_findings, cap_findings;
    uhp_result *results;
    size_t n_results, cap_results;
    uhp_run_meta meta;
    bool input_error;        /* an input could not be read or parsed: exit 2 */
    const char *usage_error; /* a bad option or CONFIG string: no report, exit 2 */
    bool out_of_memory;      /* an allocation failed: exit 3 */
} uhp_run;

void uhp_run_init(uhp_run *run);
void uhp_run_destroy(uhp_run *run);
/* Appends a copy of F (strings copied into the run's arena). Returns the stored
 * finding, or NULL when memory runs out (run->out_of_memory is then set). */
uhp_finding *uhp_run_add_finding(uhp_run *run, const uhp_finding *f);
uhp_result *uhp_run_add_result(uhp_run *run, const uhp_result *r);
/* The same, copying only the note: R's rule id, rule name and instance must live as long
 * as RUN (the rule registry's static strings, strings in run->arena). The check adds some
 * fifty results per instance, so this keeps a run of many sets small. */
uhp_result *uhp_run_add_result_borrowed(uhp_run *run, const uhp_result *r);
/* Sorts findings by file, line, column, rule; merges identical findings that differ only
 * by instance into one finding naming all of them. */
void uhp_run_finalize(uhp_run *run);

/* Instance lists ("lpar1, lpar2"), as findings name their instances. */
/* Reads the next name of the list at *CURSOR: returns its start and sets *LEN, advancing
 * *CURSOR past it; returns NULL at the end. Empty entries are skipped. */
const char *uhp_instances_next(const char **cursor, size_t *len);
/* True when INST is one of the names of LIST; a NULL side matches all. */
bool uhp_instances_has(const char *list, const char *inst);

typedef struct uhp_counts {
    size_t passed, failed, warnings, not_applicable, suppressed;
    size_t errors, infos;    /* findings by severity, suppressed ones excluded */
    size_t warning_findings; /* warning findings, suppressed ones excluded */
} uhp_counts;
uhp_counts uhp_run_counts(const uhp_run *run);

/* True when KEY names a secret (password, passphrase, secret, token, credential, ...):
 * its value never appears in a finding (defined with the redaction, in finding_quote.c). */
bool uhp_key_is_secret(const char *key);

#endif
