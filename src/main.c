/* ums-ha-preflight: command table, option parsing, report output and exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uhp/alloc.h"
#include "uhp/check.h"
#include "uhp/report.h"
#include "uhp/rule.h"

static const char usage_text[] =
    "usage: ums-ha-preflight check [options] [CONFIG...]\n"
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
    "      --tcpip FILE       TCP/IP profile with VIPADYNAMIC blocks; repeatable\n"
    "      --dvipa ADDR       the DVIPA address; --dvipa NAME=ADDR also names it\n"
    "      --ha-instance ID   check only this haInstances id; repeatable\n"
    "      --format FMT[=PATH]  report format, to stdout or PATH; repeatable\n"
    "                         (%s)\n"
    "      --fail-on LEVEL    error (default), warning or info\n"
    "      --color WHEN       auto (default), always or never; NO_COLOR is honoured\n"
    "  -q, --quiet            report failures only\n"
    "      --max-size BYTES   largest input file (default 16 MiB; K, M suffixes)\n"
    "      --max-depth N      deepest YAML nesting (default 256)\n"
    "\n"
    "exit status: 0 ready, 1 findings at or above --fail-on, 2 usage or input error,\n"
    "3 internal error.\n";

/* One --format request. */
typedef struct cli_output {
    const uhp_report_format *fmt;
    const char *path; /* NULL: stdout */
} cli_output;

typedef struct cli_check {
    uhp_check_opts opts;
    const char *list[5][64]; /* configs, tcpip, dvipa, instances, parmlib specs */
    size_t n[5];
    uhp_parmlib_map parmlibs[64];
    cli_output outputs[16];
    size_t n_outputs;
    uhp_severity fail_on;
    int color; /* -1 auto, 0 never, 1 always */
    bool quiet;
} cli_check;

enum { CLI_CONFIGS, CLI_TCPIP, CLI_DVIPA, CLI_INSTANCES, CLI_PARMLIB };

static void cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "ums-ha-preflight: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\ntry 'ums-ha-preflight --help'\n");
}

/* Parses a size such as 16777216, 64K or 32M into *OUT; false when malformed. */
static bool cli_parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return false;
    if (*end == 'K' || *end == 'k')
        v *= 1024, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1024 * 1024, end++;
    if (*end == 'i' && end[1] == 'B')
        end += 2;
    if (*end || v == 0)
        return false;
    *out = (size_t)v;
    return true;
}

static bool cli_push(cli_check *c, int which, const char *value)
{
    if (c->n[which] >= 64) {
        cli_usage_error("too many values for one option: '%s'", value);
        return false;
    }
    c->list[which][c->n[which]++] = value;
    return true;
}

/* Handles one option NAME with VALUE; returns false on a usage error. */
static bool cli_option(cli_check *c, const char *name, const char *value)
{
    if (!strcmp(name, "config") || !strcmp(name, "c"))
        return cli_push(c, CLI_CONFIGS, value);
    if (!strcmp(name, "tcpip"))
        return cli_push(c, CLI_TCPIP, value);
    if (!strcmp(name, "dvipa"))
        return cli_push(c, CLI_DVIPA, value);
    if (!strcmp(name, "ha-instance"))
        return cli_push(c, CLI_INSTANCES, value);
    if (!strcmp(name, "defaults")) {
        c->opts.defaults_path = value;
        return true;
    }
    if (!strcmp(name, "parmlib")) {
        const char *eq = strchr(value, '=');
        if (!eq || eq == value || !eq[1]) {
            cli_usage_error("invalid --parmlib '%s': expected DSN=DIR", value);
            return false;
        }
        if (c->n[CLI_PARMLIB] >= 64)
            return false;
        static char dsns[64][64];
        size_t k = c->n[CLI_PARMLIB]++;
        snprintf(dsns[k], sizeof dsns[k], "%.*s", (int)(eq - value), value);
        c->parmlibs[k].dsn = dsns[k];
        c->parmlibs[k].dir = eq + 1;
        return true;
    }
    if (!strcmp(name, "format")) {
        static char names[16][32];
        const char *eq = strchr(value, '=');
        size_t k = c->n_outputs;
        if (k >= 16) {
            cli_usage_error("too many --format options at '%s'", value);
            return false;
        }
        snprintf(names[k], sizeof names[k], "%.*s", (int)(eq ? (size_t)(eq - value) : strlen(value)),
                 value);
        const uhp_report_format *fmt = uhp_report_find(names[k]);
        if (!fmt) {
            cli_usage_error("unknown format '%s'", names[k]);
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
    if (!strcmp(name, "fail-on")) {
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
        if (!cli_parse_size(value, &c->opts.limits.max_size)) {
            cli_usage_error("invalid --max-size '%s'", value);
            return false;
        }
        return true;
    }
    if (!strcmp(name, "max-depth")) {
        char *end;
        unsigned long v = strtoul(value, &end, 10);
        if (*end || v == 0 || v > 1000000) {
            cli_usage_error("invalid --max-depth '%s'", value);
            return false;
        }
        c->opts.limits.max_depth = (uint32_t)v;
        return true;
    }
    cli_usage_error("unknown option '--%s'", name);
    return false;
}

/* True when option NAME takes a value. */
static bool cli_takes_value(const char *name)
{
    static const char *const with_value[] = {"config", "c",        "tcpip",    "dvipa",
                                             "ha-instance", "defaults", "parmlib", "format",
                                             "fail-on", "color", "max-size", "max-depth"};
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
            if (!cli_push(c, CLI_CONFIGS, a))
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

/* Writes one report to its file through a temporary file and a rename, so a failed run
 * never leaves half a report; returns 0 or -1. */
static int cli_write_output(const cli_output *out, const uhp_run *run,
                            const uhp_report_opts *ropts)
{
    if (!out->path) {
        int rc = out->fmt->write(stdout, run, ropts);
        return fflush(stdout) == 0 ? rc : -1;
    }
    size_t len = strlen(out->path) + 32;
    char *tmp = uhp_malloc(len);
    if (!tmp)
        return -1;
    snprintf(tmp, len, "%s.tmp.%ld", out->path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "ums-ha-preflight: cannot write '%s'\n", out->path);
        uhp_free(tmp);
        return -1;
    }
    int rc = out->fmt->write(f, run, ropts);
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, out->path) != 0)
        rc = -1;
    if (rc != 0) {
        remove(tmp);
        fprintf(stderr, "ums-ha-preflight: cannot write '%s'\n", out->path);
    }
    uhp_free(tmp);
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
        if (f->line)
            fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", f->file ? f->file : "-",
                    (unsigned)f->line, (unsigned)f->col, f->message, f->rule_id);
        else
            fprintf(stderr, "%s: error: %s [%s]\n", f->file ? f->file : "-", f->message,
                    f->rule_id);
    }
}

static int cmd_check(int argc, char **argv)
{
    static cli_check c;
    memset(&c, 0, sizeof c);
    uhp_check_opts_init(&c.opts);
    c.fail_on = UHP_SEV_ERROR;
    c.color = -1;
    if (!cli_parse_check(&c, argc, argv))
        return UHP_EXIT_USAGE;
    c.opts.configs = c.list[CLI_CONFIGS];
    c.opts.n_configs = c.n[CLI_CONFIGS];
    c.opts.tcpip_paths = c.list[CLI_TCPIP];
    c.opts.n_tcpip = c.n[CLI_TCPIP];
    c.opts.dvipa_specs = c.list[CLI_DVIPA];
    c.opts.n_dvipa = c.n[CLI_DVIPA];
    c.opts.only_instances = c.list[CLI_INSTANCES];
    c.opts.n_only_instances = c.n[CLI_INSTANCES];
    c.opts.parmlibs = c.parmlibs;
    c.opts.n_parmlibs = c.n[CLI_PARMLIB];
    if (c.n_outputs == 0) {
        const char *gha = getenv("GITHUB_ACTIONS");
        const uhp_report_format *gh = uhp_report_find("github");
        c.outputs[0].fmt = gha && !strcmp(gha, "true") && gh ? gh : uhp_report_find("text");
        c.outputs[0].path = NULL;
        c.n_outputs = 1;
    }
    uhp_run run;
    uhp_run_init(&run);
    int rc = uhp_check(&c.opts, &run);
    if (run.usage_error) {
        fprintf(stderr, "ums-ha-preflight: %s\n", run.usage_error);
        uhp_run_destroy(&run);
        return UHP_EXIT_USAGE;
    }
    if (rc != 0 || run.out_of_memory) {
        fprintf(stderr, "ums-ha-preflight: out of memory\n");
        uhp_run_destroy(&run);
        return UHP_EXIT_INTERNAL;
    }
    cli_print_input_errors(&run);
    const char *no_color = getenv("NO_COLOR");
    uhp_report_opts ropts;
    ropts.quiet = c.quiet;
    ropts.fail_on = c.fail_on;
    ropts.color = c.color == 1 || (c.color == -1 && isatty(STDOUT_FILENO) &&
                                   !(no_color && *no_color));
    bool write_failed = false;
    for (size_t i = 0; i < c.n_outputs; i++) {
        uhp_report_opts o = ropts;
        if (c.outputs[i].path && c.color != 1)
            o.color = false;
        if (cli_write_output(&c.outputs[i], &run, &o) != 0)
            write_failed = true;
    }
    uhp_exit status = uhp_run_exit_status(&run, c.fail_on);
    uhp_run_destroy(&run);
    if (write_failed)
        return UHP_EXIT_INTERNAL;
    return (int)status;
}

static int cmd_rules(int argc, char **argv)
{
    (void)argv;
    if (argc > 0) {
        cli_usage_error("'rules' takes no arguments%s", "");
        return UHP_EXIT_USAGE;
    }
    size_t n;
    const uhp_rule *const *rules = uhp_rules(&n);
    printf("%-7s %-30s %-8s %s\n", "ID", "NAME", "SEVERITY", "PASSES WHEN");
    for (size_t i = 0; i < n; i++)
        printf("%-7s %-30s %-8s %s\n", rules[i]->id, rules[i]->name,
               uhp_severity_name(rules[i]->severity), rules[i]->title);
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
    return UHP_EXIT_OK;
}

/* The command table, git style. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"check", cmd_check},
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
