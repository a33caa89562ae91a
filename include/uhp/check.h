/* One `check` run: read the inputs, layer them, run every rule on every instance and
 * collect the findings and the checklist into a uhp_run for the reports. */
#ifndef UHP_CHECK_H
#define UHP_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/config.h"
#include "uhp/finding.h"
#include "uhp/rule.h"

typedef struct uhp_parmlib_map {
    const char *dsn; /* data set name, upper case, e.g. "IZP.I1.PARMLIB" */
    const char *dir; /* directory holding its members as files */
} uhp_parmlib_map;

/* The built-in defaults trees, parsed once and shared by the checks that are given it
 * (uhp_check_opts.defaults_cache): a manifest of 1,000 sets parses the table once, not 1,000
 * times. Owned by the caller; not safe to share between threads. */
typedef struct uhp_defaults_cache uhp_defaults_cache;
/* Returns an empty cache, or NULL when memory runs out. */
uhp_defaults_cache *uhp_defaults_cache_new(void);
/* Frees C (NULL is allowed) and its trees: no run may use them after this. */
void uhp_defaults_cache_free(uhp_defaults_cache *c);

typedef struct uhp_check_opts {
    const char **configs; /* plain paths or FILE(..):PARMLIB(..) strings, left-most wins */
    size_t n_configs;
    const uhp_parmlib_map *parmlibs;
    size_t n_parmlibs;
    const char *defaults_path; /* --defaults, or NULL for the built-in table */
    int zowe_version;          /* --zowe-version: 2 or 3 (0: 3); picks the built-in table */
    unsigned zowe_release;     /* --zowe-version M.m.p as M*10000+m*100+p; 0: the latest */
    const char **tcpip_paths;
    size_t n_tcpip;
    const char **dvipa_specs; /* "ADDR" or "NAME=ADDR" */
    size_t n_dvipa;
    const char **only_instances; /* --ha-instance */
    size_t n_only_instances;
    uhp_limits limits;
    const uhp_dvipa *policy_dvipa;      /* the policy's dvipa:, used when no --dvipa is given */
    bool no_inline_ignores;             /* --no-inline-ignores */
    uhp_defaults_cache *defaults_cache; /* NULL: the check loads the built-in table itself */
    /* `show`: when set, called with the loaded configuration instead of running the rules
     * (input findings are still recorded in the run). */
    void (*visit)(const uhp_config *cfg, void *ctx);
    void *visit_ctx;
    /* Configuration files held in memory (rule tests, programs that embed the check): a
     * layer or defaults path equal to MEMORY_NAMES[i] is read from MEMORY_TEXTS[i] (a C
     * string), under the same size limit, never from the file system. */
    const char *const *memory_names;
    const char *const *memory_texts;
    size_t n_memory;
    bool resolve;            /* --resolve: look DNS names up to tie them to the DVIPA */
    uhp_resolve_fn resolver; /* with resolve: NULL means getaddrinfo (tests inject) */
    void *resolver_ud;
    const char *const *path_maps; /* --map "/ZOS/PREFIX=DIR": FILE() paths read locally */
    size_t n_path_maps;
    const char *encoding;     /* --encoding: EBCDIC code page (iconv name); NULL: IBM-1047 */
    const char *zowe_runtime; /* --zowe-runtime DIR: validate with Zowe's schemas (UHA011) */
    const char *extensions;   /* --extensions DIR: where extensions' manifests live */
    const char *set_error;    /* a problem of the set found before its check (a manifest path
                               * outside the repository): the check reads nothing and reports
                               * it as its usage error */
} uhp_check_opts;

void uhp_check_opts_init(uhp_check_opts *o);

/* Parses a --zowe-version value: "2", "3" (stored as 20000, 30000), "2.16" or "2.16.0"
 * (M*10000 + m*100 + p, minor and patch below 100). Returns false for anything else. */
bool uhp_zowe_release_parse(const char *s, unsigned *out);

/* Runs the check into RUN (initialised by the caller). Input problems become findings
 * and set run->input_error. Returns 0, or -1 when memory ran out (run->out_of_memory). */
int uhp_check(const uhp_check_opts *o, uhp_run *run);

/* Checks N config sets, set I with OPTS[I] into RUNS[I] (all N runs are initialised here;
 * the caller destroys them), on up to THREADS threads (the calling thread is one of them),
 * and applies POLICY (NULL: none) to every run whose check finished without a usage error.
 * With one thread the sets are checked in order, stopping after the first set that ran out
 * of memory. Returns how many sets were checked: N, or fewer after such a
 * stop (the runs after it stay empty). If a thread cannot be started, the threads that did
 * start do its share. The checks share OPTS' defaults_cache, which is locked; nothing else
 * they share is written. */
struct uhp_policy;
size_t uhp_check_sets(const uhp_check_opts *const *opts, uhp_run *runs, size_t n,
                      const struct uhp_policy *policy, unsigned threads);

/* The exit status of the tool (README.md, "Exit status"; docs/ums-ha-preflight.1). */
typedef enum uhp_exit {
    UHP_EXIT_OK = 0,       /* every rule at or above --fail-on passed */
    UHP_EXIT_FINDINGS = 1, /* findings at or above --fail-on */
    UHP_EXIT_USAGE = 2,    /* usage or policy error, or an input that cannot be read or parsed */
    UHP_EXIT_INTERNAL = 3, /* internal error (out of memory included) */
} uhp_exit;

uhp_exit uhp_run_exit_status(const uhp_run *run, uhp_severity fail_on);

#endif
