/* ums-ha-preflight: command table, option parsing, report output and exit status. */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uhp/alloc.h"
#include "uhp/check.h"
#include "uhp/encoding.h"
#include "uhp/manifest.h"
#include "uhp/outfile.h"
#include "uhp/policy.h"
#include "uhp/products.h"
#include "uhp/report.h"
#include "uhp/rule.h"
#include "uhp/show.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static const char usage_text[] =
    "usage: ums-ha-preflight check [options] [CONFIG...]\n"
    "       ums-ha-preflight show [check inputs] [--no-origin] [--base] [PATH]\n"
    "       ums-ha-preflight rules\n"
    "       ums-ha-preflight explain RULE\n"
    "       ums-ha-preflight --version | --help\n"
    "\n"
    "Checks that a Zowe configuration is ready for IBM Unified Management Server (UMS)\n"
    "high availability, before `zwe start`.\n"
    "\n"
    "check options:\n"
    "  -c, --config SPEC      a zowe.yaml path, or Zowe's CONFIG string\n"
    "                         FILE(path):FILE(path):PARMLIB(DSN(MEMBER)); repeatable,\n"
    "                         left-most wins, as in Zowe; '-' reads standard input\n"
    "      --parmlib DSN=DIR  the members of data set DSN are files in DIR\n"
    "                         (DIR/MEMBER, DIR/MEMBER.yaml or DIR/MEMBER.yml)\n"
    "      --defaults FILE    Zowe's files/defaults.yaml as the lowest layer\n"
    "                         (default: the tool's built-in table)\n"
    "      --zowe-version V   2, 3 (default) or a release (2.16.0): the defaults table, and the\n"
    "                         behaviours that changed between releases (docs/defaults.md)\n"
    "      --tcpip FILE       TCP/IP profile with VIPADYNAMIC blocks; repeatable\n"
    "      --dvipa ADDR       the DVIPA address; --dvipa NAME=ADDR also names it\n"
    "      --resolve          look DNS names up (getaddrinfo) to tie them to the DVIPA\n"
    "      --map ZPATH=DIR    read FILE() paths under z/OS folder ZPATH from local DIR;\n"
    "                         repeatable\n"
    "      --encoding NAME    EBCDIC code page of the input files (an iconv name such\n"
    "                         as IBM-037; default: IBM-1047)\n"
    "      --zowe-runtime DIR validate with Zowe's own JSON schemas from runtime DIR\n"
    "                         (its schemas/ and components/*/manifest.yaml; UHA011)\n"
    "      --extensions DIR   where extensions' manifests live (zowe.extensionDirectory)\n"
    "      --ha-instance ID   check only this haInstances id; repeatable\n"
    "      --set NAME         start a config set: the options after it, up to the next\n"
    "                         --set, describe one set; options before the first --set\n"
    "                         apply to every set (docs/multi-set.md)\n"
    "      --manifest FILE    check every set listed in a manifest file\n"
    "      --allow-outside    let manifest paths leave the repository (or the\n"
    "                         working directory outside a repository)\n"
    "      --jobs N           check N sets at a time (default: one per CPU);\n"
    "                         reports and exit status do not depend on it;\n"
    "                         1 also parses big files without a second thread\n"
    "      --format FMT[=PATH]  report format, to stdout or PATH; repeatable\n"
    "                         (%s)\n"
    "      --fail-on LEVEL    error (default), warning or info\n"
    "      --policy FILE      the policy file (default: .ums-ha-preflight.yaml in the\n"
    "                         working directory or a parent, up to the repository root)\n"
    "      --no-policy        use no policy file\n"
    "      --no-inline-ignores  report findings that '# ums-ha-preflight: ignore=' hides\n"
    "      --color WHEN       auto (default: colour on a terminal unless NO_COLOR is\n"
    "                         set), always (even with NO_COLOR) or never\n"
    "  -q, --quiet            report failures only\n"
    "      --max-size BYTES   largest input file (default 16 MiB; K, M suffixes)\n"
    "      --max-depth N      deepest YAML nesting (default 256)\n"
    "      --max-scalar BYTES longest YAML scalar (default 1 MiB; K, M suffixes)\n"
    "      --max-nodes N      most YAML nodes in one file (default 1000000)\n"
    "      --allow-aliases    kept for old scripts: aliases are expanded, as Zowe does\n"
    "      --alias-budget N   most nodes aliases may copy in one file (default 10000)\n"
    "\n"
    "show: the effective configuration of every instance, as the rules read it, as YAML\n"
    "(with the check inputs above; the configuration with -c, a positional PATH such as\n"
    "components.izp.server.host shows that one value):\n"
    "      --no-origin        leave out where each value came from\n"
    "      --format yaml|json YAML with origins as comments (default), or JSON\n"
    "\n"
    "exit status: 0 ready, 1 findings at or above --fail-on, 2 usage or input error,\n"
    "3 internal error.\n";

/* One --format request. */
typedef struct cli_output {
    const uhp_report_format *fmt;
    const char *path; /* NULL: stdout */
} cli_output;

enum { CLI_CONFIGS, CLI_TCPIP, CLI_DVIPA, CLI_INSTANCES, CLI_LISTS };
#define CLI_MAX_VALUES 64
#define CLI_MAX_JOBS 256
#define CLI_MAX_JOBS_TEXT "256"

/* The options of one config set (or those shared by every set, before the first --set). */
typedef struct cli_set {
    const char *name;
    const char *list[CLI_LISTS][CLI_MAX_VALUES];
    size_t n[CLI_LISTS];
    uhp_parmlib_map parmlibs[CLI_MAX_VALUES];
    char dsns[CLI_MAX_VALUES][64];
    size_t n_parmlibs;
    const char *defaults;
} cli_set;

typedef struct cli_check {
    cli_set shared;
    cli_set *sets; /* --set groups, heap */
    size_t n_sets;
    const char *manifests[CLI_MAX_VALUES];
    size_t n_manifests;
    uhp_limits limits;
    int zowe_version;
    unsigned zowe_release; /* --zowe-version M.m.p as M*10000+m*100+p; 0: the latest of M */
    cli_output outputs[16];
    char format_names[16][32];
    size_t n_outputs;
    uhp_severity fail_on;
    int color; /* -1 auto, 0 never, 1 always */
    bool quiet;
    const char *policy_path; /* --policy */
    bool no_policy, no_inline_ignores;
    bool allow_outside; /* --allow-outside: manifest paths may leave the repository */
    bool fail_on_given, max_size_given, max_depth_given;
    unsigned jobs;                    /* --jobs: threads for the sets; 0: one per online CPU */
    bool resolve;                     /* --resolve */
    const char *maps[CLI_MAX_VALUES]; /* --map ZPATH=DIR */
    size_t n_maps;
    const char *encoding;     /* --encoding */
    const char *zowe_runtime; /* --zowe-runtime */
    const char *extensions;   /* --extensions */
} cli_check;

static void cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "ums-ha-preflight: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\ntry 'ums-ha-preflight --help'\n");
}

/* Parses a size such as 16777216, 64K, 32M or 16MiB into *OUT; false when malformed, zero,
 * negative or larger than a size_t holds (strtoull would take "-1" as 2^64-1, and a K
 * suffix could wrap the product). */
static bool cli_parse_size(const char *s, size_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == ERANGE)
        return false;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10, end++;
    else if (*end == 'M' || *end == 'm')
        shift = 20, end++;
    if (shift && *end == 'i' && end[1] == 'B')
        end += 2;
    if (*end || v == 0 || v > (unsigned long long)(SIZE_MAX >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

static bool cli_push(cli_set *set, int which, const char *value)
{
    if (set->n[which] >= CLI_MAX_VALUES) {
        cli_usage_error("too many values for one option: '%s'", value);
        return false;
    }
    set->list[which][set->n[which]++] = value;
    return true;
}

/* The set that set-specific options go to: the last --set, else the shared one. */
static cli_set *cli_current(cli_check *c)
{
    return c->n_sets ? &c->sets[c->n_sets - 1] : &c->shared;
}

/* Starts a new --set group named NAME; false on a usage error. */
static bool cli_new_set(cli_check *c, const char *name)
{
    if (!*name) {
        cli_usage_error("--set needs a name%s", "");
        return false;
    }
    for (size_t i = 0; i < c->n_sets; i++)
        if (!strcmp(c->sets[i].name, name)) {
            cli_usage_error("two --set groups are named '%s'", name);
            return false;
        }
    cli_set *ns = uhp_realloc(c->sets, (c->n_sets + 1) * sizeof *ns);
    if (!ns) {
        cli_usage_error("out of memory at --set '%s'", name);
        return false;
    }
    c->sets = ns;
    memset(&c->sets[c->n_sets], 0, sizeof *c->sets);
    c->sets[c->n_sets++].name = name;
    return true;
}

/* Handles one option NAME with VALUE; returns false on a usage error. */
static bool cli_option(cli_check *c, const char *name, const char *value)
{
    cli_set *set = cli_current(c);
    if (!strcmp(name, "config") || !strcmp(name, "c"))
        return cli_push(set, CLI_CONFIGS, value);
    if (!strcmp(name, "tcpip"))
        return cli_push(set, CLI_TCPIP, value);
    if (!strcmp(name, "dvipa"))
        return cli_push(set, CLI_DVIPA, value);
    if (!strcmp(name, "ha-instance"))
        return cli_push(set, CLI_INSTANCES, value);
    if (!strcmp(name, "set"))
        return cli_new_set(c, value);
    if (!strcmp(name, "map")) {
        const char *eq = strchr(value, '=');
        if (value[0] != '/' || !eq || !eq[1] || c->n_maps >= CLI_MAX_VALUES) {
            cli_usage_error("invalid --map '%s': expected /ZOS/PATH=LOCAL_DIR", value);
            return false;
        }
        c->maps[c->n_maps++] = value;
        return true;
    }
    if (!strcmp(name, "encoding")) {
        if (!uhp_encoding_known(value)) {
            cli_usage_error("invalid --encoding '%s': iconv knows no such code page "
                            "(try IBM-037, IBM-273 or IBM-1047; iconv -l lists them)",
                            value);
            return false;
        }
        c->encoding = value;
        return true;
    }
    if (!strcmp(name, "zowe-runtime") || !strcmp(name, "extensions")) {
        if (!*value) {
            cli_usage_error("invalid --%s '': expected a directory", name);
            return false;
        }
        if (name[0] == 'z')
            c->zowe_runtime = value;
        else
            c->extensions = value;
        return true;
    }
    if (!strcmp(name, "manifest")) {
        if (c->n_manifests >= CLI_MAX_VALUES)
            return false;
        c->manifests[c->n_manifests++] = value;
        return true;
    }
    if (!strcmp(name, "defaults")) {
        set->defaults = value;
        return true;
    }
    if (!strcmp(name, "parmlib")) {
        const char *eq = strchr(value, '=');
        if (!eq || eq == value || !eq[1] || (size_t)(eq - value) >= sizeof set->dsns[0]) {
            cli_usage_error("invalid --parmlib '%s': expected DSN=DIR", value);
            return false;
        }
        if (set->n_parmlibs >= CLI_MAX_VALUES)
            return false;
        size_t k = set->n_parmlibs++;
        snprintf(set->dsns[k], sizeof set->dsns[k], "%.*s", (int)(eq - value), value);
        set->parmlibs[k].dsn = set->dsns[k];
        set->parmlibs[k].dir = eq + 1;
        return true;
    }
    if (!strcmp(name, "format")) {
        const char *eq = strchr(value, '=');
        size_t k = c->n_outputs;
        if (k >= 16) {
            cli_usage_error("too many --format options at '%s'", value);
            return false;
        }
        snprintf(c->format_names[k], sizeof c->format_names[k], "%.*s",
                 (int)(eq ? (size_t)(eq - value) : strlen(value)), value);
        const uhp_report_format *fmt = uhp_report_find(c->format_names[k]);
        if (!fmt) {
            cli_usage_error("unknown format '%s'", c->format_names[k]);
            return false;
        }
        if (eq && !eq[1]) {
            cli_usage_error("empty path in --format '%s'", value);
            return false;
        }
        c->outputs[k].fmt = fmt;
        c->outputs[k].path = eq ? eq + 1 : NULL;
        c->n_outputs++;
        return true;
    }
    if (!strcmp(name, "policy")) {
        c->policy_path = value;
        return true;
    }
    if (!strcmp(name, "fail-on")) {
        c->fail_on_given = true;
        if (!uhp_severity_parse(value, &c->fail_on) || c->fail_on == UHP_SEV_OFF) {
            cli_usage_error("invalid --fail-on '%s': expected error, warning or info", value);
            return false;
        }
        return true;
    }
    if (!strcmp(name, "color")) {
        if (!strcmp(value, "auto"))
            c->color = -1;
        else if (!strcmp(value, "always"))
            c->color = 1;
        else if (!strcmp(value, "never"))
            c->color = 0;
        else {
            cli_usage_error("invalid --color '%s': expected auto, always or never", value);
            return false;
        }
        return true;
    }
    if (!strcmp(name, "max-size")) {
        c->max_size_given = true;
        if (!cli_parse_size(value, &c->limits.max_size)) {
            cli_usage_error("invalid --max-size '%s'", value);
            return false;
        }
        return true;
    }
    if (!strcmp(name, "zowe-version")) {
        unsigned release;
        if (!uhp_zowe_release_parse(value, &release)) {
            cli_usage_error("invalid --zowe-version '%s': expected 2, 3 or a release such as "
                            "2.16.0 or 3.1.0",
                            value);
            return false;
        }
        c->zowe_version = (int)(release / 10000);
        c->zowe_release = release % 10000 ? release : 0;
        return true;
    }
    if (!strcmp(name, "max-depth")) {
        c->max_depth_given = true;
        char *end;
        unsigned long v = strtoul(value, &end, 10);
        if (*end || v == 0 || v > 1000000) {
            cli_usage_error("invalid --max-depth '%s'", value);
            return false;
        }
        c->limits.max_depth = (uint32_t)v;
        return true;
    }
    if (!strcmp(name, "jobs")) {
        char *end;
        unsigned long v = strtoul(value, &end, 10);
        if (*end || end == value || value[0] == '-' || v == 0 || v > CLI_MAX_JOBS) {
            cli_usage_error("invalid --jobs '%s': expected 1 to " CLI_MAX_JOBS_TEXT, value);
            return false;
        }
        c->jobs = (unsigned)v;
        return true;
    }
    if (!strcmp(name, "max-scalar")) {
        if (!cli_parse_size(value, &c->limits.max_scalar)) {
            cli_usage_error("invalid --max-scalar '%s'", value);
            return false;
        }
        return true;
    }
    if (!strcmp(name, "max-nodes") || !strcmp(name, "alias-budget")) {
        char *end;
        unsigned long long v = strtoull(value, &end, 10);
        if (*end || end == value || v == 0 || value[0] == '-' || v > (size_t)-1 / 2) {
            cli_usage_error(!strcmp(name, "max-nodes") ? "invalid --max-nodes '%s'"
                                                       : "invalid --alias-budget '%s'",
                            value);
            return false;
        }
        if (!strcmp(name, "max-nodes"))
            c->limits.max_nodes = (size_t)v;
        else
            c->limits.alias_budget = (size_t)v;
        return true;
    }
    cli_usage_error("unknown option '--%s'", name);
    return false;
}

/* True when option NAME takes a value. */
static bool cli_takes_value(const char *name)
{
    static const char *const with_value[] = {
        "policy",       "config",     "c",         "tcpip",        "dvipa",        "ha-instance",
        "defaults",     "parmlib",    "format",    "fail-on",      "color",        "max-size",
        "max-depth",    "max-scalar", "max-nodes", "alias-budget", "set",          "manifest",
        "zowe-version", "jobs",       "map",       "encoding",     "zowe-runtime", "extensions"};
    for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
        if (!strcmp(name, with_value[i]))
            return true;
    return false;
}

/* Parses check's arguments into C; returns false on a usage error (message printed). */
static bool cli_parse_check(cli_check *c, int argc, char **argv)
{
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || !strcmp(a, "-")) {
            if (!cli_push(cli_current(c), CLI_CONFIGS, a))
                return false;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_positional = true;
            continue;
        }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            c->quiet = true;
            continue;
        }
        if (!strcmp(a, "--allow-aliases")) {
            c->limits.allow_aliases = true;
            continue;
        }
        if (!strcmp(a, "--no-policy")) {
            c->no_policy = true;
            continue;
        }
        if (!strcmp(a, "--allow-outside")) {
            c->allow_outside = true;
            continue;
        }
        if (!strcmp(a, "--no-inline-ignores")) {
            c->no_inline_ignores = true;
            continue;
        }
        if (!strcmp(a, "--resolve")) {
            c->resolve = true;
            continue;
        }
        char name[32];
        const char *value = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            if (len >= sizeof name) {
                cli_usage_error("unknown option '%s'", a);
                return false;
            }
            memcpy(name, a + 2, len);
            name[len] = '\0';
            if (eq)
                value = eq + 1;
        } else if (!strcmp(a, "-c")) {
            strcpy(name, "c");
        } else {
            cli_usage_error("unknown option '%s'", a);
            return false;
        }
        if (!cli_takes_value(name)) {
            cli_usage_error("unknown option '%s'", a);
            return false;
        }
        if (!value) {
            if (i + 1 >= argc) {
                cli_usage_error("option '%s' needs a value", a);
                return false;
            }
            value = argv[++i];
        }
        if (!cli_option(c, name, value))
            return false;
    }
    return true;
}

/* Fills O from SET, with the shared options (before the first --set) added to every set.
 * The arrays live in SCRATCH, which must outlive the check. */
static bool cli_set_opts(const cli_check *c, const cli_set *set, cli_set *scratch,
                         uhp_check_opts *o)
{
    *scratch = *set;
    const cli_set *sh = &c->shared;
    if (set != sh) {
        for (int w = CLI_TCPIP; w < CLI_LISTS; w++)
            for (size_t i = 0; i < sh->n[w]; i++)
                if (!cli_push(scratch, w, sh->list[w][i]))
                    return false;
        for (size_t i = 0; i < sh->n_parmlibs && scratch->n_parmlibs < CLI_MAX_VALUES; i++)
            scratch->parmlibs[scratch->n_parmlibs++] = sh->parmlibs[i];
        if (!scratch->defaults)
            scratch->defaults = sh->defaults;
    }
    /* parmlib dsn pointers must point into SCRATCH's own copies */
    for (size_t i = 0; i < set->n_parmlibs; i++)
        scratch->parmlibs[i].dsn = scratch->dsns[i];
    uhp_check_opts_init(o);
    o->limits = c->limits;
    o->zowe_version = c->zowe_version;
    o->zowe_release = c->zowe_release;
    o->configs = scratch->list[CLI_CONFIGS];
    o->n_configs = scratch->n[CLI_CONFIGS];
    o->tcpip_paths = scratch->list[CLI_TCPIP];
    o->n_tcpip = scratch->n[CLI_TCPIP];
    o->dvipa_specs = scratch->list[CLI_DVIPA];
    o->n_dvipa = scratch->n[CLI_DVIPA];
    o->only_instances = scratch->list[CLI_INSTANCES];
    o->n_only_instances = scratch->n[CLI_INSTANCES];
    o->parmlibs = scratch->parmlibs;
    o->n_parmlibs = scratch->n_parmlibs;
    o->defaults_path = scratch->defaults;
    return true;
}

/* Writes one report to stdout or its file (uhp_outfile: a temporary file made by mkstemp
 * and renamed when whole, a special file written directly); returns 0, or -1 with the
 * reason printed. */
static int cli_write_output(const cli_output *out, const uhp_run *const *runs, size_t n_runs,
                            const uhp_report_opts *ropts)
{
    if (!out->path) {
        int rc = uhp_report_write(out->fmt, stdout, runs, n_runs, ropts);
        return fflush(stdout) == 0 ? rc : -1;
    }
    uhp_outfile o;
    char err[256];
    int rc = uhp_outfile_open(&o, out->path, err, sizeof err);
    if (rc == 0) {
        rc = uhp_report_write(out->fmt, o.f, runs, n_runs, ropts);
        if (rc == 0 && ferror(o.f))
            rc = -1;
        rc = uhp_outfile_close(&o, rc == 0, err, sizeof err) == 0 ? rc : -1;
    }
    if (rc != 0)
        fprintf(stderr, "ums-ha-preflight: cannot write '%s': %s\n", out->path, err);
    return rc;
}

/* Prints each input error as one line on stderr: file:line:col: error: message. */
static void cli_print_input_errors(const uhp_run *run)
{
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (strcmp(f->rule_id, "UHA001") && strcmp(f->rule_id, "UHA003") &&
            strcmp(f->rule_id, "UHA004"))
            continue;
        const char *set = run->meta.set_name;
        if (f->line)
            fprintf(stderr, "%s:%u:%u: error: %s%s%s%s [%s]\n", f->file ? f->file : "-",
                    (unsigned)f->line, (unsigned)f->col, set ? "[set " : "", set ? set : "",
                    set ? "] " : "", f->message, f->rule_id);
        else
            fprintf(stderr, "%s: error: %s%s%s%s [%s]\n", f->file ? f->file : "-",
                    set ? "[set " : "", set ? set : "", set ? "] " : "", f->message, f->rule_id);
    }
}

/* True when a report that lists findings as lines (text, compact, github) goes to standard
 * output and standard error is the same file (2>&1, or both on one terminal): the input
 * errors are then in the report already and are not printed twice. */
static bool cli_errors_in_stdout_report(const cli_check *c)
{
    bool line_report = false;
    for (size_t i = 0; i < c->n_outputs; i++) {
        const char *name = c->outputs[i].fmt ? c->outputs[i].fmt->name : "";
        if (!c->outputs[i].path &&
            (!strcmp(name, "text") || !strcmp(name, "compact") || !strcmp(name, "github")))
            line_report = true;
    }
    struct stat so, se;
    return line_report && fstat(STDOUT_FILENO, &so) == 0 && fstat(STDERR_FILENO, &se) == 0 &&
           so.st_dev == se.st_dev && so.st_ino == se.st_ino;
}

/* Worse of two exit statuses: internal > usage/input > findings > ok. */
static uhp_exit cli_worse(uhp_exit a, uhp_exit b)
{
    return a > b ? a : b;
}

/* The sets of this run, each with its options: --set groups, manifests, or the one set of
 * plain options. Returns the count, or -1 on a usage error (message printed). */
typedef struct cli_job {
    const char *name;
    const char *manifest; /* the manifest the set comes from, or NULL */
    unsigned line, col;   /* where the set starts in it */
    uhp_check_opts opts;
    cli_set *scratch; /* heap, CLI sets only */
} cli_job;

/* True when set OPTS reads standard input: a CONFIG or --defaults of '-'. */
static bool cli_reads_stdin(const uhp_check_opts *opts)
{
    for (size_t i = 0; i < opts->n_configs; i++)
        if (!strcmp(opts->configs[i], "-") || strstr(opts->configs[i], "FILE(-)"))
            return true;
    return opts->defaults_path && !strcmp(opts->defaults_path, "-");
}

/* Threads for the N_SETS config sets of JOBS: --jobs, else one per online CPU; never more
 * than there are sets or than CLI_MAX_JOBS. One when a set reads standard input: the
 * first set in order takes it all, as it does when the sets run one after the other. */
static unsigned cli_threads(const cli_check *c, const cli_job *jobs, long n_sets)
{
    for (long i = 0; i < n_sets; i++)
        if (cli_reads_stdin(&jobs[i].opts))
            return 1;
    long want = c->jobs;
    if (want == 0) {
        want = sysconf(_SC_NPROCESSORS_ONLN);
        if (want < 1)
            want = 1;
    }
    if (want > CLI_MAX_JOBS)
        want = CLI_MAX_JOBS;
    if (want > n_sets)
        want = n_sets;
    return want < 1 ? 1u : (unsigned)want;
}

/* Writes into ROOT the folder the paths of MANIFEST must stay in: the repository that holds
 * the manifest (the nearest folder upward with .git), else the working directory. Returns
 * false when neither can be resolved. */
static bool cli_root(const char *manifest, char *root, size_t size)
{
    char dir[PATH_MAX], start[PATH_MAX];
    const char *slash = strrchr(manifest, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (slash == manifest ? 1 : (int)(slash - manifest)) : 1,
             slash ? manifest : ".");
    if (realpath(dir, start)) {
        for (;;) {
            char git[PATH_MAX + 8];
            struct stat sb;
            snprintf(git, sizeof git, "%s/.git", strcmp(start, "/") ? start : "");
            if (stat(git, &sb) == 0) {
                snprintf(root, size, "%s", start);
                return true;
            }
            char *up = strrchr(start, '/');
            if (!up || up == start)
                break;
            *up = '\0';
        }
    }
    return getcwd(root, size) != NULL;
}

static long cli_plan(cli_check *c, uhp_manifest *manifests, cli_job **jobs_out)
{
    if ((c->n_sets || c->n_manifests) && c->shared.n[CLI_CONFIGS]) {
        cli_usage_error("CONFIG '%s' is given before the first --set; with --set or "
                        "--manifest every configuration belongs to a set",
                        c->shared.list[CLI_CONFIGS][0]);
        return -1;
    }
    size_t total = c->n_sets ? c->n_sets : (c->n_manifests ? 0 : 1);
    for (size_t m = 0; m < c->n_manifests; m++) {
        char err[512];
        if (uhp_manifest_load(c->manifests[m], &c->limits, &manifests[m], err, sizeof err) != 0) {
            fprintf(stderr, "ums-ha-preflight: %s\n", err);
            return -1;
        }
        total += manifests[m].n_sets;
    }
    cli_job *jobs = uhp_calloc(total ? total : 1, sizeof *jobs);
    if (!jobs)
        return -1;
    size_t k = 0;
    if (!c->n_sets && !c->n_manifests) {
        jobs[k].scratch = uhp_malloc(sizeof *jobs[k].scratch);
        if (!jobs[k].scratch || !cli_set_opts(c, &c->shared, jobs[k].scratch, &jobs[k].opts))
            goto fail;
        k++;
    }
    for (size_t i = 0; i < c->n_sets; i++, k++) {
        jobs[k].name = c->sets[i].name;
        jobs[k].scratch = uhp_malloc(sizeof *jobs[k].scratch);
        if (!jobs[k].scratch || !cli_set_opts(c, &c->sets[i], jobs[k].scratch, &jobs[k].opts))
            goto fail;
    }
    char root[PATH_MAX];
    for (size_t m = 0; m < c->n_manifests; m++) {
        bool confine = !c->allow_outside && cli_root(c->manifests[m], root, sizeof root);
        for (size_t i = 0; i < manifests[m].n_sets; i++, k++) {
            jobs[k].name = manifests[m].sets[i].name;
            jobs[k].manifest = c->manifests[m];
            jobs[k].line = manifests[m].sets[i].line;
            jobs[k].col = manifests[m].sets[i].col;
            jobs[k].opts = manifests[m].sets[i].opts;
            const char *out =
                confine ? uhp_set_outside(&manifests[m].sets[i], root, &manifests[m].arena) : NULL;
            if (out)
                jobs[k].opts.set_error = uhp_arena_printf(
                    &manifests[m].arena,
                    "'%s' is outside the repository ('%s'): a manifest may only name files "
                    "inside it (--allow-outside lifts this)",
                    out, root);
            jobs[k].opts.limits = c->limits;
            jobs[k].opts.zowe_version = c->zowe_version;
            jobs[k].opts.zowe_release = c->zowe_release;
        }
    }
    *jobs_out = jobs;
    return (long)k;
fail:
    for (size_t i = 0; i <= k && i < total; i++)
        uhp_free(jobs[i].scratch);
    uhp_free(jobs);
    return -1;
}

/* Turns the usage error of set JOB's RUN into an error finding at the set's manifest line
 * (UHA001: the set's input could not be read as given), so the reports show it. */
static void cli_set_error_finding(uhp_run *run, const cli_job *job)
{
    uhp_finding f;
    memset(&f, 0, sizeof f);
    f.rule_id = "UHA001";
    f.rule_name = "yaml-syntax";
    f.severity = UHP_SEV_ERROR;
    f.file = job->manifest;
    f.line = job->manifest ? job->line : 0;
    f.col = job->manifest ? job->col : 0;
    f.message = run->usage_error;
    f.fix = job->manifest ? "correct the set in the manifest" : "correct the options of the set";
    if (!uhp_run_add_finding(run, &f))
        return;
    if (!run->meta.tool_version)
        run->meta.tool_version = UHP_VERSION;
    run->usage_error = NULL;
    run->input_error = true;
}

/* Refuses a report path that two --format options name, or that is an input of the run
 * (a CONFIG layer, PARMLIB member, --tcpip, --defaults, the policy or a manifest): the
 * report would replace it. Returns false with the error printed. */
static bool cli_check_outputs(const cli_check *c, const cli_job *jobs, long n_jobs,
                              const uhp_policy *policy)
{
    for (size_t i = 0; i < c->n_outputs; i++) {
        const char *path = c->outputs[i].path;
        if (!path)
            continue;
        for (size_t k = 0; k < i; k++)
            if (c->outputs[k].path && uhp_outfile_same(path, c->outputs[k].path)) {
                cli_usage_error("two --format options write to '%s'", path);
                return false;
            }
        const char *input = NULL;
        const char *pp = uhp_policy_path(policy);
        if (pp && uhp_outfile_same(path, pp))
            input = pp;
        for (size_t m = 0; m < c->n_manifests && !input; m++)
            if (uhp_outfile_same(path, c->manifests[m]))
                input = c->manifests[m];
        for (long j = 0; j < n_jobs && !input; j++)
            input = uhp_outfile_input_of(path, &jobs[j].opts);
        if (input) {
            cli_usage_error("the report path '%s' is an input of this run: choose another path",
                            path);
            return false;
        }
    }
    return true;
}

static int cmd_check(int argc, char **argv)
{
    static cli_check c;
    memset(&c, 0, sizeof c);
    uhp_limits_default(&c.limits);
    c.fail_on = UHP_SEV_ERROR;
    c.color = -1;
    int status = UHP_EXIT_USAGE;
    uhp_manifest manifests[CLI_MAX_VALUES];
    memset(manifests, 0, sizeof manifests);
    cli_job *jobs = NULL;
    uhp_run *runs = NULL;
    const uhp_run **run_ptrs = NULL;
    long n_jobs = 0, n_done = 0;
    uhp_policy *policy = NULL;
    uhp_dvipa policy_dvipa;
    uhp_defaults_cache *defaults = NULL;
    if (!cli_parse_check(&c, argc, argv))
        goto out;
    char perr[1024];
    if (uhp_policy_load(c.policy_path, !c.no_policy, &policy, perr, sizeof perr) != 0) {
        fprintf(stderr, "ums-ha-preflight: %s\n", perr);
        status = strcmp(perr, "out of memory") ? UHP_EXIT_USAGE : UHP_EXIT_INTERNAL;
        goto out;
    }
    if (!c.fail_on_given)
        uhp_policy_fail_on(policy, &c.fail_on);
    uhp_limits plim;
    uhp_limits_default(&plim);
    uhp_policy_limits(policy, &plim);
    if (!c.max_size_given)
        c.limits.max_size = plim.max_size;
    if (!c.max_depth_given)
        c.limits.max_depth = plim.max_depth;
    if (!uhp_policy_add_products(policy)) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        status = UHP_EXIT_INTERNAL;
        goto out;
    }
    /* --jobs 1 asks for one thread: big files are then parsed on it too. */
    if (c.jobs == 1 || sysconf(_SC_NPROCESSORS_ONLN) < 2)
        c.limits.parse_thread_min = 0;
    bool has_policy_dvipa = uhp_policy_dvipa(policy, &policy_dvipa);
    n_jobs = cli_plan(&c, manifests, &jobs);
    if (n_jobs < 0)
        goto out;
    if (!cli_check_outputs(&c, jobs, n_jobs, policy))
        goto out;
    /* Every set shares one parse of the built-in defaults. */
    defaults = uhp_defaults_cache_new();
    if (!defaults) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        status = UHP_EXIT_INTERNAL;
        goto out;
    }
    for (long i = 0; i < n_jobs; i++) {
        jobs[i].opts.defaults_cache = defaults;
        jobs[i].opts.no_inline_ignores = c.no_inline_ignores;
        jobs[i].opts.resolve = c.resolve;
        jobs[i].opts.path_maps = c.maps;
        jobs[i].opts.n_path_maps = c.n_maps;
        jobs[i].opts.encoding = c.encoding;
        jobs[i].opts.zowe_runtime = c.zowe_runtime ? c.zowe_runtime
                                    : policy       ? policy->zowe_runtime
                                                   : NULL;
        jobs[i].opts.extensions = c.extensions ? c.extensions : policy ? policy->extensions : NULL;
        if (has_policy_dvipa)
            jobs[i].opts.policy_dvipa = &policy_dvipa;
    }
    if (c.n_outputs == 0) {
        const char *gha = getenv("GITHUB_ACTIONS");
        const uhp_report_format *gh = uhp_report_find("github");
        c.outputs[0].fmt = gha && !strcmp(gha, "true") && gh ? gh : uhp_report_find("text");
        c.outputs[0].path = NULL;
        c.n_outputs = 1;
    }
    runs = uhp_calloc((size_t)n_jobs + 1, sizeof *runs);
    run_ptrs = uhp_calloc((size_t)n_jobs + 1, sizeof *run_ptrs);
    if (!runs || !run_ptrs) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        status = UHP_EXIT_INTERNAL;
        goto out;
    }
    const uhp_check_opts **set_opts = uhp_calloc((size_t)n_jobs, sizeof *set_opts);
    if (!set_opts) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        status = UHP_EXIT_INTERNAL;
        goto out;
    }
    for (long i = 0; i < n_jobs; i++)
        set_opts[i] = &jobs[i].opts;
    n_done =
        (long)uhp_check_sets(set_opts, runs, (size_t)n_jobs, policy, cli_threads(&c, jobs, n_jobs));
    uhp_free(set_opts);
    /* In set order, as if checked one after the other: stderr and the exit status do not
     * depend on which thread finished first. */
    uhp_exit worst = UHP_EXIT_OK;
    bool errors_in_report = cli_errors_in_stdout_report(&c);
    for (long i = 0; i < n_done; i++) {
        uhp_run *run = &runs[i];
        run->meta.set_name = jobs[i].name;
        run_ptrs[i] = run;
        if (run->usage_error && !jobs[i].name) {
            fprintf(stderr, "ums-ha-preflight: %s\n", run->usage_error);
            status = UHP_EXIT_USAGE;
            goto out;
        }
        if (run->usage_error && !run->out_of_memory) {
            /* One bad set loses nothing: its error, at its manifest line, goes into the
             * reports beside the other sets, and the exit status is 2. */
            cli_set_error_finding(run, &jobs[i]);
        }
        if (run->out_of_memory) {
            /* The inputs were within the limits, yet memory ran out: the limits are too
             * generous for this machine. That is an input problem (exit 2), said as the
             * limits that should have caught it, not an internal error. */
            fprintf(stderr,
                    "ums-ha-preflight: %s%s%sout of memory checking inputs within the limits "
                    "(--max-size %zu, --max-nodes %zu, --max-scalar %zu): lower them so that "
                    "such input is refused, or give the tool more memory\n",
                    jobs[i].name ? "set '" : "", jobs[i].name ? jobs[i].name : "",
                    jobs[i].name ? "': " : "", c.limits.max_size, c.limits.max_nodes,
                    c.limits.max_scalar);
            status = UHP_EXIT_USAGE;
            goto out;
        }
        if (!errors_in_report)
            cli_print_input_errors(run);
        worst = cli_worse(worst, uhp_run_exit_status(run, c.fail_on));
    }
    const char *no_color = getenv("NO_COLOR");
    uhp_report_opts ropts;
    ropts.quiet = c.quiet;
    ropts.fail_on = c.fail_on;
    ropts.color =
        c.color == 1 || (c.color == -1 && isatty(STDOUT_FILENO) && !(no_color && *no_color));
    bool write_failed = false;
    for (size_t i = 0; i < c.n_outputs; i++) {
        uhp_report_opts o = ropts;
        if (c.outputs[i].path && c.color != 1)
            o.color = false;
        if (cli_write_output(&c.outputs[i], run_ptrs, (size_t)n_jobs, &o) != 0)
            write_failed = true;
    }
    /* A report that cannot be written is an input/output error, not an internal one. */
    status = write_failed ? UHP_EXIT_USAGE : (int)worst;
out:
    for (long i = 0; i < n_done; i++)
        uhp_run_destroy(&runs[i]);
    uhp_free(runs);
    uhp_free(run_ptrs);
    for (long i = 0; jobs && i < n_jobs; i++)
        uhp_free(jobs[i].scratch);
    uhp_free(jobs);
    for (size_t m = 0; m < c.n_manifests; m++)
        uhp_manifest_free(&manifests[m]);
    uhp_free(c.sets);
    uhp_products_reset();
    uhp_policy_free(policy);
    uhp_defaults_cache_free(defaults);
    return status;
}

/* Writes the effective configuration for `show` (visit hook of the check). */
typedef struct cli_show {
    uhp_show_opts opts;
    int status;
} cli_show;

static void cli_show_visit(const uhp_config *cfg, void *ctx)
{
    cli_show *s = ctx;
    s->status = uhp_show_write(stdout, cfg, &s->opts) == 0 ? UHP_EXIT_OK : UHP_EXIT_INTERNAL;
}

/* `show [check inputs] [--no-origin] [--format json] [PATH]`: the configuration is named
 * with -c/--config (a positional argument is the PATH to show); one config set. */
static int cmd_show(int argc, char **argv)
{
    static cli_check c;
    memset(&c, 0, sizeof c);
    uhp_limits_default(&c.limits);
    cli_show show = {{NULL, true, true, false}, UHP_EXIT_USAGE};
    char **rest = uhp_calloc((size_t)argc + 1, sizeof *rest);
    cli_job *jobs = NULL;
    uhp_manifest manifests[CLI_MAX_VALUES];
    memset(manifests, 0, sizeof manifests);
    int status = UHP_EXIT_USAGE, n_rest = 0;
    if (!rest) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        return UHP_EXIT_INTERNAL;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--no-origin")) {
            show.opts.origin = false;
        } else if (!strcmp(a, "--base")) {
            show.opts.base = true;
        } else if (!strcmp(a, "--format") || !strncmp(a, "--format=", 9)) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "yaml") != 0)) {
                cli_usage_error("show writes --format yaml or json, not '%s'", v ? v : "");
                goto out;
            }
            show.opts.yaml = !strcmp(v, "yaml");
        } else if (a[0] != '-' || !strcmp(a, "-")) {
            if (show.opts.path) {
                cli_usage_error("show takes one PATH, and '%s' is a second", a);
                goto out;
            }
            show.opts.path = a;
        } else {
            /* An option: those without '=' take the next argument, but for the flags. */
            static const char *const flags[] = {
                "-q",       "--quiet", "--allow-aliases", "--no-policy", "--no-inline-ignores",
                "--resolve"};
            bool flag = strchr(a, '=') != NULL;
            for (size_t k = 0; k < sizeof flags / sizeof flags[0] && !flag; k++)
                flag = !strcmp(a, flags[k]);
            rest[n_rest++] = argv[i];
            if (!flag && i + 1 < argc)
                rest[n_rest++] = argv[++i];
        }
    }
    if (!cli_parse_check(&c, n_rest, rest))
        goto out;
    if (cli_plan(&c, manifests, &jobs) != 1) {
        if (jobs)
            cli_usage_error("show reads one configuration set%s", "");
        goto out;
    }
    jobs[0].opts.visit = cli_show_visit;
    jobs[0].opts.visit_ctx = &show;
    uhp_run run;
    uhp_run_init(&run);
    uhp_check(&jobs[0].opts, &run);
    if (run.usage_error) {
        fprintf(stderr, "ums-ha-preflight: %s\n", run.usage_error);
    } else if (run.out_of_memory) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        status = UHP_EXIT_INTERNAL;
    } else {
        /* Rules do not run for show: every finding is about the input (a duplicate key,
         * a template past its budget...), said on stderr in the compact form. */
        for (size_t i = 0; i < run.n_findings; i++) {
            const uhp_finding *f = &run.findings[i];
            if (f->line)
                fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", f->file ? f->file : "-",
                        (unsigned)f->line, (unsigned)f->col, uhp_severity_name(f->severity),
                        f->message, f->rule_id);
            else
                fprintf(stderr, "%s: %s: %s [%s]\n", f->file ? f->file : "-",
                        uhp_severity_name(f->severity), f->message, f->rule_id);
        }
        status = run.input_error ? UHP_EXIT_USAGE : show.status;
    }
    uhp_run_destroy(&run);
out:
    for (long i = 0; jobs && i < 1; i++)
        uhp_free(jobs[i].scratch);
    uhp_free(jobs);
    for (size_t m = 0; m < c.n_manifests; m++)
        uhp_manifest_free(&manifests[m]);
    uhp_free(c.sets);
    uhp_free(rest);
    return status;
}

/* Orders rules by id, for `rules`. */
static int cli_rule_id_cmp(const void *a, const void *b)
{
    return strcmp((*(const uhp_rule *const *)a)->id, (*(const uhp_rule *const *)b)->id);
}

static int cmd_rules(int argc, char **argv)
{
    (void)argv;
    if (argc > 0) {
        cli_usage_error("'rules' takes no arguments%s", "");
        return UHP_EXIT_USAGE;
    }
    size_t n;
    const uhp_rule *const *run_order = uhp_rules(&n);
    const uhp_rule **rules = uhp_malloc(n * sizeof *rules);
    if (!rules) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        return UHP_EXIT_INTERNAL;
    }
    memcpy(rules, run_order, n * sizeof *rules);
    qsort(rules, n, sizeof *rules, cli_rule_id_cmp); /* the registry is in run order */
    printf("%-7s %-30s %-8s %s\n", "ID", "NAME", "SEVERITY", "PASSES WHEN");
    for (size_t i = 0; i < n; i++)
        printf("%-7s %-30s %-8s %s\n", rules[i]->id, rules[i]->name,
               uhp_severity_name(rules[i]->severity), rules[i]->title);
    uhp_free(rules);
    return UHP_EXIT_OK;
}

static int cmd_explain(int argc, char **argv)
{
    if (argc != 1) {
        cli_usage_error("'explain' takes one rule id or name%s", "");
        return UHP_EXIT_USAGE;
    }
    const uhp_rule *r = uhp_rule_find(argv[0]);
    if (!r) {
        cli_usage_error("unknown rule '%s'; 'ums-ha-preflight rules' lists them", argv[0]);
        return UHP_EXIT_USAGE;
    }
    const char *doc = uhp_rule_doc(r);
    if (!doc) {
        fprintf(stderr, "ums-ha-preflight: rule '%s' has no documentation\n", r->id);
        return UHP_EXIT_INTERNAL;
    }
    fputs(doc, stdout);
    /* Where to go next: the value the rule read, and the checklist for a change record. */
    printf("\n---\n\nSee also: `ums-ha-preflight show -c CONFIG PATH` prints the value a rule "
           "reads for\neach instance and where it came from; `ums-ha-preflight check "
           "--format markdown`\nwrites the checklist for a change record or pull request.\n");
    return UHP_EXIT_OK;
}

/* The command table, git style. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"check", cmd_check},
    {"show", cmd_show},
    {"rules", cmd_rules},
    {"explain", cmd_explain},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, usage_text, uhp_report_names());
        return UHP_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        printf(usage_text, uhp_report_names());
        return UHP_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ums-ha-preflight %s\n", UHP_VERSION);
        return UHP_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            for (int k = 2; k < argc; k++)
                if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
                    printf(usage_text, uhp_report_names());
                    return UHP_EXIT_OK;
                }
            return commands[i].run(argc - 2, argv + 2);
        }
    cli_usage_error("unknown command '%s'", argv[1]);
    return UHP_EXIT_USAGE;
}
