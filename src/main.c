/* Size: the option table with its setters and help texts, and the subcommands (check, show,
 * generate, rules, explain, __complete) that share its parsed cli_check; moving the table out
 * is the next split (a cli/ folder outside the core library). */
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
#include "uhp/generate.h"
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

static const char usage_head[] =
    "usage: ums-ha-preflight check [options] [CONFIG...]\n"
    "       ums-ha-preflight show [check inputs] [--no-origin] [--base] [PATH]\n"
    "       ums-ha-preflight generate tcpip [check inputs] --xcf SYSNAME=ADDR...\n"
    "       ums-ha-preflight rules\n"
    "       ums-ha-preflight explain RULE\n"
    "       ums-ha-preflight --version | --help\n"
    "\n"
    "Checks that a Zowe configuration is ready for IBM Unified Management Server (UMS)\n"
    "high availability, before `zwe start`.\n"
    "\n"
    "check options:\n";
static const char usage_show[] =
    "\n"
    "show: the effective configuration of every instance, as the rules read it, as YAML\n"
    "(with the check inputs above; the configuration with -c, a positional PATH such as\n"
    "components.izp.server.host shows that one value):\n";
static const char usage_generate[] =
    "\n"
    "generate tcpip: the VIPADYNAMIC block UMS HA needs (docs/generate.md), on stdout\n"
    "(with the check inputs above and --dvipa [NAME=]ADDR):\n";
static const char usage_tail[] =
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
#define CLI_MAX_OUTPUTS 16
#define CLI_MAX_JOBS 256

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
    cli_output outputs[CLI_MAX_OUTPUTS];
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
    /* show's own options */
    uhp_show_opts show;
    /* generate tcpip's own options */
    const char *xcf[CLI_MAX_VALUES]; /* --xcf SYSNAME=ADDR */
    size_t n_xcf;
    const char *mask;          /* --mask */
    const char *merge_profile; /* generate's --tcpip FILE */
} cli_check;

static void cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "ums-ha-preflight: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\ntry 'ums-ha-preflight --help'\n");
}

/* ---- The option table --------------------------------------------------------------------
 * Every option of check and show is one entry below: it drives parsing, --help and the
 * shell completion (`ums-ha-preflight __complete`), as git's parse-options does. */

typedef struct cli_opt cli_opt;
/* Applies option O with VALUE (NULL for a flag) to C; false on a usage error (printed). */
typedef bool (*cli_setter)(cli_check *c, const cli_opt *o, const char *value);

enum {
    CLI_CHECK = 1,    /* an option of check (and a check input of show and generate) */
    CLI_SHOW = 2,     /* an option of show only */
    CLI_GENERATE = 4, /* an option of generate tcpip only (found before check's) */
};

struct cli_opt {
    char short_name;      /* 'c' for -c, or 0 */
    const char *name;     /* the long name, without "--" */
    const char *arg;      /* the value's name in --help; NULL: a flag */
    unsigned scope;       /* CLI_CHECK, CLI_SHOW or CLI_GENERATE */
    cli_setter set;       /* what the option does */
    size_t limit;         /* a number's or list's upper bound, for its setter */
    const char *complete; /* the completion's values: "@file", a word list, or NULL */
    const char *help;     /* --help text; '\n' starts a continuation line; "%s": the formats */
};

/* Appends VALUE to list WHICH of SET; false (printed) when the list is full. */
static bool cli_push(cli_set *set, int which, const char *value)
{
    if (set->n[which] >= CLI_MAX_VALUES) {
        fprintf(stderr,
                "ums-ha-preflight: too many values for one option at '%s' (at most %d)\n"
                "try 'ums-ha-preflight --help'\n",
                value, CLI_MAX_VALUES);
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

/* Prints "invalid --NAME 'VALUE': WHY" as a usage error; returns false. */
static bool cli_invalid(const cli_opt *o, const char *value, const char *why)
{
    fprintf(stderr, "ums-ha-preflight: invalid --%s '%s'%s%s\ntry 'ums-ha-preflight --help'\n",
            o->name, value, why ? ": " : "", why ? why : "");
    return false;
}

/* Prints that option O was given more than LIMIT times; returns false. */
static bool cli_too_many(const cli_opt *o, const char *value)
{
    fprintf(stderr,
            "ums-ha-preflight: too many --%s options at '%s' (at most %zu)\n"
            "try 'ums-ha-preflight --help'\n",
            o->name, value, o->limit);
    return false;
}

/* Parses a whole number from 1 to LIMIT (decimal digits only, so "-1" and " 5" are refused);
 * false when VALUE is anything else. */
static bool cli_parse_count(const char *value, size_t limit, size_t *out)
{
    if (*value < '0' || *value > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno == ERANGE || *end || v == 0 || v > limit)
        return false;
    *out = (size_t)v;
    return true;
}

static bool cli_set_list(cli_check *c, const cli_opt *o, const char *value)
{
    int which = o->short_name == 'c'        ? CLI_CONFIGS
                : !strcmp(o->name, "tcpip") ? CLI_TCPIP
                : !strcmp(o->name, "dvipa") ? CLI_DVIPA
                                            : CLI_INSTANCES;
    return cli_push(cli_current(c), which, value);
}

/* Starts a new --set group named VALUE. */
static bool cli_set_set(cli_check *c, const cli_opt *o, const char *value)
{
    if (!*value) {
        cli_usage_error("--set needs a name%s", "");
        return false;
    }
    for (size_t i = 0; i < c->n_sets; i++)
        if (!strcmp(c->sets[i].name, value)) {
            cli_usage_error("two --set groups are named '%s'", value);
            return false;
        }
    if (c->n_sets >= o->limit)
        return cli_too_many(o, value);
    cli_set *ns = uhp_realloc(c->sets, (c->n_sets + 1) * sizeof *ns);
    if (!ns) {
        cli_usage_error("out of memory at --set '%s'", value);
        return false;
    }
    c->sets = ns;
    memset(&c->sets[c->n_sets], 0, sizeof *c->sets);
    c->sets[c->n_sets++].name = value;
    return true;
}

static bool cli_set_map(cli_check *c, const cli_opt *o, const char *value)
{
    const char *eq = strchr(value, '=');
    if (value[0] != '/' || !eq || !eq[1])
        return cli_invalid(o, value, "expected /ZOS/PATH=LOCAL_DIR");
    if (c->n_maps >= o->limit)
        return cli_too_many(o, value);
    c->maps[c->n_maps++] = value;
    return true;
}

static bool cli_set_encoding(cli_check *c, const cli_opt *o, const char *value)
{
    if (!uhp_encoding_known(value))
        return cli_invalid(o, value,
                           "iconv knows no such code page (try IBM-037, IBM-273 or IBM-1047; "
                           "iconv -l lists them)");
    if (!uhp_encoding_is_ebcdic(value))
        return cli_invalid(o, value,
                           "not an EBCDIC code page: --encoding names the code page of EBCDIC "
                           "inputs (e.g. IBM-037, IBM-273, IBM-1047); UTF-8 needs no option");
    c->encoding = value;
    return true;
}

static bool cli_set_manifest(cli_check *c, const cli_opt *o, const char *value)
{
    if (c->n_manifests >= o->limit)
        return cli_too_many(o, value);
    c->manifests[c->n_manifests++] = value;
    return true;
}

static bool cli_set_defaults(cli_check *c, const cli_opt *o, const char *value)
{
    (void)o;
    cli_current(c)->defaults = value;
    return true;
}

static bool cli_set_parmlib(cli_check *c, const cli_opt *o, const char *value)
{
    cli_set *set = cli_current(c);
    const char *eq = strchr(value, '=');
    if (!eq || eq == value || !eq[1])
        return cli_invalid(o, value, "expected DSN=DIR");
    if ((size_t)(eq - value) >= sizeof set->dsns[0])
        return cli_invalid(o, value, "the data set name is longer than 63 characters");
    if (set->n_parmlibs >= o->limit)
        return cli_too_many(o, value);
    size_t k = set->n_parmlibs++;
    snprintf(set->dsns[k], sizeof set->dsns[k], "%.*s", (int)(eq - value), value);
    set->parmlibs[k].dsn = set->dsns[k];
    set->parmlibs[k].dir = eq + 1;
    return true;
}

static bool cli_set_format(cli_check *c, const cli_opt *o, const char *value)
{
    const char *eq = strchr(value, '=');
    size_t len = eq ? (size_t)(eq - value) : strlen(value);
    char name[32];
    if (len >= sizeof name) {
        fprintf(stderr, "ums-ha-preflight: unknown format '%.*s'\ntry 'ums-ha-preflight --help'\n",
                (int)len, value);
        return false;
    }
    memcpy(name, value, len);
    name[len] = '\0';
    const uhp_report_format *fmt = uhp_report_find(name);
    if (!fmt) {
        cli_usage_error("unknown format '%s'", name);
        return false;
    }
    if (eq && !eq[1]) {
        cli_usage_error("empty path in --format '%s'", value);
        return false;
    }
    if (c->n_outputs >= o->limit)
        return cli_too_many(o, value);
    c->outputs[c->n_outputs].fmt = fmt;
    c->outputs[c->n_outputs].path = eq ? eq + 1 : NULL;
    c->n_outputs++;
    return true;
}

static bool cli_set_policy(cli_check *c, const cli_opt *o, const char *value)
{
    (void)o;
    c->policy_path = value;
    return true;
}

static bool cli_set_fail_on(cli_check *c, const cli_opt *o, const char *value)
{
    c->fail_on_given = true;
    if (!uhp_severity_parse(value, &c->fail_on) || c->fail_on == UHP_SEV_OFF)
        return cli_invalid(o, value, "expected error, warning or info");
    return true;
}

static bool cli_set_color(cli_check *c, const cli_opt *o, const char *value)
{
    if (!strcmp(value, "auto"))
        c->color = -1;
    else if (!strcmp(value, "always"))
        c->color = 1;
    else if (!strcmp(value, "never"))
        c->color = 0;
    else
        return cli_invalid(o, value, "expected auto, always or never");
    return true;
}

/* --max-size and --max-scalar: the one size syntax (uhp_parse_size). */
static bool cli_set_size(cli_check *c, const cli_opt *o, const char *value)
{
    bool is_file = !strcmp(o->name, "max-size");
    size_t *out = is_file ? &c->limits.max_size : &c->limits.max_scalar;
    if (!uhp_parse_size(value, out))
        return cli_invalid(o, value,
                           "expected a size: a whole number of bytes, or with a unit K, M or G "
                           "(1024, 1024^2, 1024^3), e.g. 16777216, 64K, 16MiB, 1G");
    if (is_file)
        c->max_size_given = true;
    return true;
}

static bool cli_set_zowe_version(cli_check *c, const cli_opt *o, const char *value)
{
    unsigned release;
    if (!uhp_zowe_release_parse(value, &release))
        return cli_invalid(o, value, "expected 2, 3 or a release such as 2.16.0 or 3.1.0");
    c->zowe_version = (int)(release / 10000);
    c->zowe_release = release % 10000 ? release : 0;
    return true;
}

/* --max-depth, --jobs, --max-nodes, --alias-budget: a whole number from 1 to o->limit. */
static bool cli_set_count(cli_check *c, const cli_opt *o, const char *value)
{
    size_t v;
    if (!cli_parse_count(value, o->limit, &v)) {
        char why[64];
        snprintf(why, sizeof why, "expected a whole number from 1 to %zu", o->limit);
        return cli_invalid(o, value, why);
    }
    if (!strcmp(o->name, "max-depth")) {
        c->max_depth_given = true;
        c->limits.max_depth = (uint32_t)v;
    } else if (!strcmp(o->name, "jobs")) {
        c->jobs = (unsigned)v;
    } else if (!strcmp(o->name, "max-nodes")) {
        c->limits.max_nodes = v;
    } else {
        c->limits.alias_budget = v;
    }
    return true;
}

/* The flags: each sets one boolean. */
static bool cli_set_flag(cli_check *c, const cli_opt *o, const char *value)
{
    (void)value;
    bool *flag = o->short_name == 'q'                    ? &c->quiet
                 : !strcmp(o->name, "allow-aliases")     ? &c->limits.allow_aliases
                 : !strcmp(o->name, "no-policy")         ? &c->no_policy
                 : !strcmp(o->name, "allow-outside")     ? &c->allow_outside
                 : !strcmp(o->name, "no-inline-ignores") ? &c->no_inline_ignores
                                                         : &c->resolve;
    *flag = true;
    return true;
}

/* --xcf SYSNAME=ADDR (generate): one system's dynamic XCF address, kept as given. */
static bool cli_set_xcf(cli_check *c, const cli_opt *o, const char *value)
{
    const char *e = strchr(value, '=');
    if (!e || e == value || !e[1]) {
        cli_usage_error("--xcf takes SYSNAME=ADDR, not '%s'", value);
        return false;
    }
    if (c->n_xcf >= o->limit) {
        cli_usage_error("too many --xcf options at '%s'", value);
        return false;
    }
    c->xcf[c->n_xcf++] = value;
    return true;
}

/* --mask (generate) and generate's --tcpip FILE (the profile to merge into, once). */
static bool cli_set_generate_text(cli_check *c, const cli_opt *o, const char *value)
{
    if (!*value) {
        cli_usage_error("option '--%s' needs a value", o->name);
        return false;
    }
    if (!strcmp(o->name, "mask")) {
        c->mask = value;
        return true;
    }
    if (c->merge_profile) {
        cli_usage_error("generate tcpip merges into one --tcpip file, and '%s' is a second", value);
        return false;
    }
    c->merge_profile = value;
    return true;
}

/* --zowe-runtime DIR and --extensions DIR: a directory, read when the check starts. */
static bool cli_set_dir(cli_check *c, const cli_opt *o, const char *value)
{
    if (!*value)
        return cli_invalid(o, value, "expected a directory");
    if (!strcmp(o->name, "zowe-runtime"))
        c->zowe_runtime = value;
    else
        c->extensions = value;
    return true;
}

/* show's --base: the configuration before any haInstances overlay. */
static bool cli_set_show_base(cli_check *c, const cli_opt *o, const char *value)
{
    (void)o;
    (void)value;
    c->show.base = true;
    return true;
}

static bool cli_set_no_origin(cli_check *c, const cli_opt *o, const char *value)
{
    (void)o;
    (void)value;
    c->show.origin = false;
    return true;
}

static bool cli_set_show_format(cli_check *c, const cli_opt *o, const char *value)
{
    (void)o;
    if (strcmp(value, "json") != 0 && strcmp(value, "yaml") != 0) {
        cli_usage_error("show writes --format yaml or json, not '%s'", value);
        return false;
    }
    c->show.yaml = !strcmp(value, "yaml");
    return true;
}

static const cli_opt cli_opts[] = {
    {'c', "config", "SPEC", CLI_CHECK, cli_set_list, 0, "@file",
     "a zowe.yaml path, or Zowe's CONFIG string\n"
     "FILE(path):FILE(path):PARMLIB(DSN(MEMBER)); repeatable,\n"
     "left-most wins, as in Zowe; '-' reads standard input"},
    {0, "parmlib", "DSN=DIR", CLI_CHECK, cli_set_parmlib, CLI_MAX_VALUES, NULL,
     "the members of data set DSN are files in DIR\n"
     "(DIR/MEMBER, DIR/MEMBER.yaml or DIR/MEMBER.yml)"},
    {0, "defaults", "FILE", CLI_CHECK, cli_set_defaults, 0, "@file",
     "Zowe's files/defaults.yaml as the lowest layer\n"
     "(default: the tool's built-in table)"},
    {0, "zowe-version", "V", CLI_CHECK, cli_set_zowe_version, 0, "2 3 2.16.0 2.18.0 3.0.0",
     "2, 3 (default) or a release (2.16.0): the defaults table, and the\n"
     "behaviours that changed between releases (docs/defaults.md)"},
    {0, "tcpip", "FILE", CLI_CHECK, cli_set_list, 0, "@file",
     "TCP/IP profile with VIPADYNAMIC blocks; repeatable"},
    {0, "dvipa", "ADDR", CLI_CHECK, cli_set_list, 0, NULL,
     "the DVIPA address; --dvipa NAME=ADDR also names it"},
    {0, "resolve", NULL, CLI_CHECK, cli_set_flag, 0, NULL,
     "look DNS names up (getaddrinfo) to tie them to the DVIPA"},
    {0, "map", "ZPATH=DIR", CLI_CHECK, cli_set_map, CLI_MAX_VALUES, NULL,
     "read FILE() paths under z/OS folder ZPATH from local DIR;\n"
     "repeatable"},
    {0, "encoding", "NAME", CLI_CHECK, cli_set_encoding, 0, "IBM-1047 IBM-037 IBM-273 IBM-500",
     "EBCDIC code page of the input files, TCP/IP profiles\n"
     "included (an iconv name such as IBM-037; default: IBM-1047)"},
    {0, "zowe-runtime", "DIR", CLI_CHECK, cli_set_dir, 0, "@file",
     "validate with Zowe's own JSON schemas from runtime DIR\n"
     "(its schemas/ and components/*/manifest.yaml)"},
    {0, "extensions", "DIR", CLI_CHECK, cli_set_dir, 0, "@file",
     "where extensions' manifests live (zowe.extensionDirectory)"},
    {0, "ha-instance", "ID", CLI_CHECK, cli_set_list, 0, NULL,
     "check only this haInstances id; repeatable"},
    {0, "set", "NAME", CLI_CHECK, cli_set_set, SIZE_MAX, NULL,
     "start a config set: the options after it, up to the next\n"
     "--set, describe one set; options before the first --set\n"
     "apply to every set (docs/multi-set.md)"},
    {0, "manifest", "FILE", CLI_CHECK, cli_set_manifest, CLI_MAX_VALUES, "@file",
     "check every set listed in a manifest file"},
    {0, "allow-outside", NULL, CLI_CHECK, cli_set_flag, 0, NULL,
     "let manifest paths leave the repository (or the\n"
     "working directory outside a repository)"},
    {0, "jobs", "N", CLI_CHECK, cli_set_count, CLI_MAX_JOBS, NULL,
     "check N sets at a time (default: one per CPU);\n"
     "reports and exit status do not depend on it;\n"
     "1 also parses big files without a second thread"},
    {0, "format", "FMT[=PATH]", CLI_CHECK, cli_set_format, CLI_MAX_OUTPUTS, "@formats",
     "report format, to stdout or PATH; repeatable\n"
     "(%s)"},
    {0, "fail-on", "LEVEL", CLI_CHECK, cli_set_fail_on, 0, "error warning info",
     "error (default), warning or info"},
    {0, "policy", "FILE", CLI_CHECK, cli_set_policy, 0, "@file",
     "the policy file (default: .ums-ha-preflight.yaml in the\n"
     "working directory or a parent, up to the repository root)"},
    {0, "no-policy", NULL, CLI_CHECK, cli_set_flag, 0, NULL, "use no policy file"},
    {0, "no-inline-ignores", NULL, CLI_CHECK, cli_set_flag, 0, NULL,
     "report findings that '# ums-ha-preflight: ignore=' hides"},
    {0, "color", "WHEN", CLI_CHECK, cli_set_color, 0, "auto always never",
     "auto (default: colour on a terminal unless NO_COLOR is\n"
     "set), always (even with NO_COLOR) or never"},
    {'q', "quiet", NULL, CLI_CHECK, cli_set_flag, 0, NULL, "report failures only"},
    {0, "max-size", "SIZE", CLI_CHECK, cli_set_size, 0, NULL,
     "largest input file: configuration, TCP/IP profile,\n"
     "manifest, policy (default 16 MiB, a policy 1 MiB); a\n"
     "set's inputs add up to 4 times it. SIZE: bytes, or with\n"
     "a unit K, M or G (1024-based): 64K, 16MiB, 1G"},
    {0, "max-depth", "N", CLI_CHECK, cli_set_count, 1000000, NULL,
     "deepest YAML nesting (default 256)"},
    {0, "max-scalar", "SIZE", CLI_CHECK, cli_set_size, 0, NULL,
     "longest YAML scalar (default 1 MiB; SIZE as --max-size)"},
    {0, "max-nodes", "N", CLI_CHECK, cli_set_count, SIZE_MAX / 2, NULL,
     "most YAML nodes in one file (default 1000000)"},
    {0, "allow-aliases", NULL, CLI_CHECK, cli_set_flag, 0, NULL,
     "kept for old scripts: aliases are expanded, as Zowe does"},
    {0, "alias-budget", "N", CLI_CHECK, cli_set_count, SIZE_MAX / 2, NULL,
     "most nodes aliases may copy in one file (default 10000)"},
    {0, "no-origin", NULL, CLI_SHOW, cli_set_no_origin, 0, NULL,
     "leave out where each value came from"},
    {0, "format", "yaml|json", CLI_SHOW, cli_set_show_format, 0, "yaml json",
     "YAML with origins as comments (default), or JSON"},
    {0, "base", NULL, CLI_SHOW, cli_set_show_base, 0, NULL,
     "the configuration before any haInstances overlay (as Zowe\n"
     "validates it), once instead of per instance"},
    {0, "xcf", "SYSNAME=ADDR", CLI_GENERATE, cli_set_xcf, CLI_MAX_VALUES, NULL,
     "the dynamic XCF address of a system that runs UMS;\none per system, the first system "
     "PREFERRED"},
    {0, "mask", "MASK", CLI_GENERATE, cli_set_generate_text, 0, NULL,
     "VIPADEFINE address mask (default 255.255.255.255)"},
    {0, "tcpip", "FILE", CLI_GENERATE, cli_set_generate_text, 0, "@file",
     "write FILE with the statements merged into its\nVIPADYNAMIC block (FILE itself is not "
     "changed)"},
};
#define CLI_N_OPTS (sizeof cli_opts / sizeof cli_opts[0])

/* Finds the option of SCOPE named NAME (long, or one letter when SHORT_NAME); NULL when none. */
static const cli_opt *cli_find(unsigned scope, const char *name, size_t len, bool short_name)
{
    for (size_t i = 0; i < CLI_N_OPTS; i++) {
        const cli_opt *o = &cli_opts[i];
        if (!(o->scope & scope))
            continue;
        if (short_name ? (len == 1 && o->short_name == name[0])
                       : (strlen(o->name) == len && !strncmp(o->name, name, len)))
            return o;
    }
    return NULL;
}

/* Writes the options of SCOPE as --help lists them: the name at column 3 (7 without a short
 * name), the text at column 26 (two blanks after a longer name), continuations under it. */
static void cli_help_options(FILE *out, unsigned scope)
{
    for (size_t i = 0; i < CLI_N_OPTS; i++) {
        const cli_opt *o = &cli_opts[i];
        if (o->scope != scope)
            continue;
        char left[64];
        int n = snprintf(left, sizeof left, "%c%c%c --%s%s%s", o->short_name ? '-' : ' ',
                         o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->name,
                         o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(out, "  %s%*s", left, n < 23 ? 23 - n : 2, "");
        for (const char *h = o->help; *h;) {
            size_t len = strcspn(h, "\n");
            const char *fmt = strstr(h, "%s");
            if (fmt && fmt < h + len)
                fprintf(out, "%.*s%s%.*s\n", (int)(fmt - h), h, uhp_report_names(),
                        (int)(len - (size_t)(fmt + 2 - h)), fmt + 2);
            else
                fprintf(out, "%.*s\n", (int)len, h);
            h += len;
            if (*h == '\n') {
                h++;
                fprintf(out, "%25s", "");
            }
        }
    }
}

/* Writes the whole --help text to OUT. */
static void cli_help(FILE *out)
{
    fputs(usage_head, out);
    cli_help_options(out, CLI_CHECK);
    fputs(usage_show, out);
    cli_help_options(out, CLI_SHOW);
    fputs(usage_generate, out);
    cli_help_options(out, CLI_GENERATE);
    fputs(usage_tail, out);
}

/* Parses ARGV[*I] as an option of SCOPE: finds it, takes its value ("--name=value",
 * "-cVALUE" is not accepted, or the next argument) and applies it. Returns 1 when applied,
 * 0 when ARGV[*I] is no option of SCOPE (nothing printed), -1 on a usage error (printed). */
static int cli_parse_one(cli_check *c, unsigned scope, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const cli_opt *o;
    const char *value = NULL;
    if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        o = cli_find(scope, a + 2, len, false);
        if (o && eq) {
            if (!o->arg) {
                cli_usage_error("option '--%s' takes no value", o->name);
                return -1;
            }
            value = eq + 1;
        }
    } else {
        o = a[2] ? NULL : cli_find(scope, a + 1, 1, true);
    }
    if (!o)
        return 0;
    if (o->arg && !value) {
        if (*i + 1 >= argc) {
            cli_usage_error("option '%s' needs a value", a);
            return -1;
        }
        value = argv[++*i];
    }
    return o->set(c, o, value) ? 1 : -1;
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
        int rc = cli_parse_one(c, CLI_CHECK, argc, argv, &i);
        if (rc < 0)
            return false;
        if (rc == 0) {
            cli_usage_error("unknown option '%s'", a);
            return false;
        }
    }
    return true;
}

/* Parses generate tcpip's arguments (after "tcpip") into C: its own options first, then
 * check's (the check inputs); returns false on a usage error (message printed). */
static bool cli_parse_generate(cli_check *c, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-")) {
            if (!cli_push(cli_current(c), CLI_CONFIGS, a))
                return false;
            continue;
        }
        int rc = cli_parse_one(c, CLI_GENERATE, argc, argv, &i);
        if (rc == 0)
            rc = cli_parse_one(c, CLI_CHECK, argc, argv, &i);
        if (rc < 0)
            return false;
        if (rc == 0) {
            cli_usage_error("unknown option '%s'", a);
            return false;
        }
    }
    return true;
}

/* `__complete WHAT`, for the shell completion (completion/ums-ha-preflight.bash), one word a
 * line: "commands"; "options" (check's and show's); "values OPTION [COMMAND]": "@file" when
 * the option takes a file name, "@none" when its value cannot be completed, else its words
 * (nothing for a flag or an unknown option). Returns 0, or 2 for anything else. */
static int cmd_complete(int argc, char **argv)
{
    if (argc >= 1 && !strcmp(argv[0], "commands")) {
        printf("check\nshow\ngenerate\nrules\nexplain\n--help\n--version\n");
        return UHP_EXIT_OK;
    }
    if (argc >= 1 && !strcmp(argv[0], "options")) {
        for (size_t i = 0; i < CLI_N_OPTS; i++) {
            const cli_opt *o = &cli_opts[i];
            if (o->scope != CLI_CHECK && cli_find(CLI_CHECK, o->name, strlen(o->name), false))
                continue; /* show's --format and generate's --tcpip are check's too */
            if (o->short_name)
                printf("-%c\n", o->short_name);
            printf("--%s\n", o->name);
        }
        printf("--help\n");
        return UHP_EXIT_OK;
    }
    if (argc >= 2 && !strcmp(argv[0], "values")) {
        const char *a = argv[1];
        const cli_opt *o = NULL;
        /* show's and generate's own options come first for them (show's --format is yaml
         * or json) */
        unsigned own = argc >= 3 && !strcmp(argv[2], "show")       ? CLI_SHOW
                       : argc >= 3 && !strcmp(argv[2], "generate") ? CLI_GENERATE
                                                                   : 0;
        for (int pass = own ? 0 : 1; pass < 2 && !o; pass++) {
            unsigned scope = pass == 0 ? own : CLI_CHECK;
            if (a[0] == '-' && a[1] == '-')
                o = cli_find(scope, a + 2, strlen(a + 2), false);
            else if (a[0] == '-' && a[1] && !a[2])
                o = cli_find(scope, a + 1, 1, true);
        }
        if (!o || !o->arg)
            return UHP_EXIT_OK;
        if (o->complete && !strcmp(o->complete, "@formats")) {
            for (const char *p = uhp_report_names(); *p;) {
                size_t len = strcspn(p, ", ");
                if (len)
                    printf("%.*s\n", (int)len, p);
                p += len;
                p += strspn(p, ", ");
            }
        } else if (o->complete) {
            for (const char *p = o->complete; *p;) {
                size_t len = strcspn(p, " ");
                printf("%.*s\n", (int)len, p);
                p += len;
                p += strspn(p, " ");
            }
        } else {
            printf("@none\n");
        }
        return UHP_EXIT_OK;
    }
    cli_usage_error("__complete takes commands, options or values OPTION%s", "");
    return UHP_EXIT_USAGE;
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
        for (size_t i = 0; i < sh->n_parmlibs; i++) {
            if (scratch->n_parmlibs >= CLI_MAX_VALUES) {
                fprintf(stderr,
                        "ums-ha-preflight: set '%s' has more than %d --parmlib options with "
                        "those before the first --set\n",
                        set->name ? set->name : "", CLI_MAX_VALUES);
                return false;
            }
            scratch->parmlibs[scratch->n_parmlibs++] = sh->parmlibs[i];
        }
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
        const uhp_rule *r = uhp_rule_find(f->rule_id);
        if (!r || !(r->flags & UHP_RULE_STOPS))
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
 * (a syntax diagnostic: the set's input could not be read as given), so the reports show it. */
static void cli_set_error_finding(uhp_run *run, const cli_job *job)
{
    uhp_diag f = {.kind = UHP_DIAG_SYNTAX,
                  .file = job->manifest,
                  .start = {job->manifest ? job->line : 0, job->manifest ? job->col : 0},
                  .message = run->usage_error,
                  .fix = job->manifest ? "correct the set in the manifest"
                                       : "correct the options of the set",
                  .severity = UHP_SEV_ERROR};
    if (!uhp_run_add_diag(run, &f))
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
    /* --max-size governs the policy too; without it a policy is held to its own cap. */
    if (uhp_policy_load_max(c.policy_path, !c.no_policy,
                            c.max_size_given ? c.limits.max_size : UHP_POLICY_MAX_BYTES, &policy,
                            perr, sizeof perr) != 0) {
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
    /* --jobs 1 asks for one thread: no second thread for a big input either. */
    if (c.jobs == 1 || sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        c.limits.parse_thread_min = 0;
        c.limits.prepare_thread_min = 0;
    }
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

/* Runs the one check of `show` or `generate` (OPTS carries its visit hook) and says on
 * stderr what went wrong: rules do not speak here, so every finding is about the input (a
 * duplicate key, a template past its budget...), in the compact form, file:line:col when it
 * has a line. Returns the exit status: *VISIT_STATUS (what the visit hook set) when the
 * inputs were read, else 2 (or 3 when memory ran out). */
static int cli_run_one(const uhp_check_opts *opts, const int *visit_status)
{
    int status = UHP_EXIT_USAGE;
    uhp_run run;
    uhp_run_init(&run);
    uhp_check(opts, &run);
    if (run.usage_error) {
        fprintf(stderr, "ums-ha-preflight: %s\n", run.usage_error);
    } else if (run.out_of_memory) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        status = UHP_EXIT_INTERNAL;
    } else {
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
        status = run.input_error ? UHP_EXIT_USAGE : *visit_status;
    }
    uhp_run_destroy(&run);
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
    c.show = (uhp_show_opts){NULL, true, true, false};
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
        if (a[0] != '-' || !strcmp(a, "-")) {
            if (c.show.path) {
                cli_usage_error("show takes one PATH, and '%s' is a second", a);
                goto out;
            }
            c.show.path = a;
            continue;
        }
        /* show's own options first, then the check inputs with their values */
        int rc = cli_parse_one(&c, CLI_SHOW, argc, argv, &i);
        if (rc < 0)
            goto out;
        if (rc > 0)
            continue;
        const char *eq = strchr(a, '=');
        const cli_opt *o = a[1] == '-' ? cli_find(CLI_CHECK, a + 2,
                                                  eq ? (size_t)(eq - a - 2) : strlen(a + 2), false)
                                       : (a[2] ? NULL : cli_find(CLI_CHECK, a + 1, 1, true));
        rest[n_rest++] = argv[i];
        if (o && o->arg && !eq && i + 1 < argc)
            rest[n_rest++] = argv[++i];
    }
    show.opts = c.show;
    if (!cli_parse_check(&c, n_rest, rest))
        goto out;
    if (cli_plan(&c, manifests, &jobs) != 1) {
        if (jobs)
            cli_usage_error("show reads one configuration set%s", "");
        goto out;
    }
    jobs[0].opts.visit = cli_show_visit;
    jobs[0].opts.visit_ctx = &show;
    status = cli_run_one(&jobs[0].opts, &show.status);
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

/* What `generate tcpip` passes to its visit of the loaded configuration. */
typedef struct cli_generate {
    uhp_gen_tcpip_opts opts;
    int status;
} cli_generate;

static void cli_generate_visit(const uhp_config *cfg, void *ctx)
{
    cli_generate *g = ctx;
    char err[512];
    int rc = uhp_generate_tcpip(stdout, cfg, &g->opts, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "ums-ha-preflight: generate tcpip: %s\n", err);
    g->status = rc == 0 ? UHP_EXIT_OK : rc == -1 ? UHP_EXIT_USAGE : UHP_EXIT_INTERNAL;
}

/* `generate tcpip [check inputs] --dvipa [NAME=]ADDR --xcf SYSNAME=ADDR... [--mask M]
 * [--tcpip FILE]`: the VIPADYNAMIC statements for the configuration, on stdout. */
static int cmd_generate(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "tcpip") != 0) {
        cli_usage_error("generate writes 'tcpip', not '%s'", argc ? argv[0] : "");
        return UHP_EXIT_USAGE;
    }
    static cli_check c;
    memset(&c, 0, sizeof c);
    uhp_limits_default(&c.limits);
    cli_generate gen;
    memset(&gen, 0, sizeof gen);
    gen.status = UHP_EXIT_USAGE;
    gen.opts.version = UHP_VERSION;
    uhp_gen_xcf xcf[CLI_MAX_VALUES];
    memset(xcf, 0, sizeof xcf);
    cli_job *jobs = NULL;
    uhp_manifest manifests[CLI_MAX_VALUES];
    memset(manifests, 0, sizeof manifests);
    uhp_source *profile = NULL;
    int status = UHP_EXIT_USAGE;
    if (!cli_parse_generate(&c, argc - 1, argv + 1))
        goto out;
    for (size_t k = 0; k < c.n_xcf; k++) {
        const char *v = c.xcf[k], *e = strchr(v, '=');
        char *name = uhp_strndup(v, (size_t)(e - v));
        if (!name) {
            status = UHP_EXIT_INTERNAL;
            goto out;
        }
        xcf[gen.opts.n_xcf].sysname = name;
        xcf[gen.opts.n_xcf++].addr = e + 1;
    }
    gen.opts.xcf = xcf;
    gen.opts.mask = c.mask;
    /* The DVIPA as --dvipa gave it ([NAME=]ADDR); the check reads the same option. */
    const cli_set *dv = c.n_sets ? &c.sets[0] : &c.shared;
    if (!dv->n[CLI_DVIPA] && c.shared.n[CLI_DVIPA])
        dv = &c.shared;
    if (dv->n[CLI_DVIPA]) {
        const char *d = dv->list[CLI_DVIPA][0], *e = strchr(d, '=');
        gen.opts.dvipa = e ? e + 1 : d;
        if (e) {
            char *name = uhp_strndup(d, (size_t)(e - d));
            if (!name) {
                status = UHP_EXIT_INTERNAL;
                goto out;
            }
            gen.opts.dvipa_name = name;
        }
    }
    if (cli_plan(&c, manifests, &jobs) != 1) {
        if (jobs)
            cli_usage_error("generate tcpip reads one configuration set%s", "");
        goto out;
    }
    if (c.merge_profile) {
        const char *profile_path = c.merge_profile;
        uhp_read_status rs = uhp_source_read(profile_path, c.limits.max_size, &profile);
        if (rs != UHP_READ_OK) {
            char buf[160];
            fprintf(stderr, "ums-ha-preflight: cannot read '%s': %s\n", profile_path,
                    uhp_read_reason(rs, errno, c.limits.max_size, buf, sizeof buf));
            goto out;
        }
        gen.opts.profile_name = profile_path;
        gen.opts.profile = profile->data;
        gen.opts.profile_len = profile->len;
    }
    jobs[0].opts.visit = cli_generate_visit;
    jobs[0].opts.visit_ctx = &gen;
    status = cli_run_one(&jobs[0].opts, &gen.status);
out:
    for (long i = 0; jobs && i < 1; i++)
        uhp_free(jobs[i].scratch);
    uhp_free(jobs);
    for (size_t m = 0; m < c.n_manifests; m++)
        uhp_manifest_free(&manifests[m]);
    uhp_free(c.sets);
    for (size_t k = 0; k < gen.opts.n_xcf; k++)
        uhp_free((void *)xcf[k].sysname);
    uhp_free((void *)gen.opts.dvipa_name);
    uhp_source_free(profile);
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
    {"check", cmd_check}, {"show", cmd_show},       {"generate", cmd_generate},
    {"rules", cmd_rules}, {"explain", cmd_explain},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_help(stderr);
        return UHP_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        cli_help(stdout);
        return UHP_EXIT_OK;
    }
    if (!strcmp(argv[1], "__complete"))
        return cmd_complete(argc - 2, argv + 2);
    if (!strcmp(argv[1], "--version")) {
        printf("ums-ha-preflight %s\n", UHP_VERSION);
        return UHP_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            for (int k = 2; k < argc; k++)
                if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
                    cli_help(stdout);
                    return UHP_EXIT_OK;
                }
            return commands[i].run(argc - 2, argv + 2);
        }
    cli_usage_error("unknown command '%s'", argv[1]);
    return UHP_EXIT_USAGE;
}
