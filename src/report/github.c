/* The github format: one workflow command a finding, so GitHub Actions annotates the file:
 * "::error file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message". Errors are
 * ::error, warnings ::warning, infos ::notice. Suppressed findings are left out; quiet keeps
 * failures only. Escaping follows GitHub's: % CR LF in data, also : and , in properties.
 * In a report of named sets (--set, --manifest) the message starts with "[set NAME] ". */
#include <string.h>

#include "report/report_internal.h"
#include "report/writers.h"

static const char *github_command(uhp_severity sev)
{
    switch (sev) {
    case UHP_SEV_ERROR:
        return "error";
    case UHP_SEV_WARNING:
        return "warning";
    default:
        return "notice";
    }
}

/* Writes the workflow command of finding F (one line), naming SET when it is not NULL. */
static void github_finding(FILE *out, const uhp_finding *f, const char *set)
{
    fprintf(out, "::%s ", github_command(f->severity));
    if (f->file) {
        fputs("file=", out);
        uhp_gh_property(out, f->file);
        if (f->line > 0) {
            /* GitHub takes columns only on a one-line range; its endColumn is inclusive,
             * ours exclusive. */
            bool one_line = f->end_line == 0 || f->end_line == f->line;
            fprintf(out, ",line=%u", (unsigned)f->line);
            if (f->col > 0 && one_line)
                fprintf(out, ",col=%u", (unsigned)f->col);
            if (f->end_line >= f->line)
                fprintf(out, ",endLine=%u", (unsigned)f->end_line);
            if (f->col > 0 && f->end_line == f->line && f->end_col > f->col + 1)
                fprintf(out, ",endColumn=%u", (unsigned)(f->end_col - 1));
        }
        fputc(',', out);
    }
    fputs("title=", out);
    uhp_gh_property(out, f->rule_id ? f->rule_id : "?");
    if (f->rule_name) {
        fputc(' ', out);
        uhp_gh_property(out, f->rule_name);
    }
    fputs("::", out);
    if (set) {
        fputs("[set ", out);
        uhp_gh_data(out, set);
        fputs("] ", out);
    }
    if (!f->file && f->builtin_default)
        fputs("built-in default: ", out);
    uhp_gh_data(out, f->message ? f->message : "");
    if (f->instances) {
        fputs(strchr(f->instances, ',') ? " (instances: " : " (instance: ", out);
        uhp_gh_data(out, f->instances);
        fputc(')', out);
    }
    if (f->key_path && !f->file) {
        fputs("%0Akey: ", out);
        uhp_gh_data(out, f->key_path);
    }
    if (f->fix) {
        fputs("%0Afix: ", out);
        uhp_gh_data(out, f->fix);
    }
    fputc('\n', out);
}

/* Writes the GitHub workflow commands of RUNS to OUT; returns 0, or -1 when a write failed.
 * Allocates nothing. */
int uhp_report_github_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                           const uhp_report_opts *opts)
{
    const uhp_run_meta *pm = uhp_rpt_policy_meta(runs, n_runs);
    if (pm && !opts->quiet) {
        char text[1024];
        fputs("::notice file=", out);
        uhp_gh_property(out, pm->policy);
        fputs(",title=" UHP_TOOL_NAME " policy::policy ", out);
        uhp_gh_data(out, uhp_rpt_policy_text(pm, text, sizeof text));
        fputc('\n', out);
    }
    return uhp_rpt_each_shown(out, runs, n_runs, opts, github_finding);
}
