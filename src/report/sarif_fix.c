/* SARIF `fixes` of a result: the mechanical fix a finding carries (uhp/fix.h), as
 * artifactChanges with replacements, the same edits the diff format writes. */
#include <string.h>

#include "report/report_internal.h"
#include "report/writers.h"
#include "uhp/fix.h"

/* Writes the region of edit E (1-based lines, columns in code points, end exclusive). */
static void sarif_fix_region(uhp_jw *w, const uhp_edit *e)
{
    uhp_jw_key(w, "deletedRegion");
    uhp_jw_obj(w);
    uhp_jw_kuint(w, "startLine", e->line);
    uhp_jw_kuint(w, "startColumn", e->col);
    uhp_jw_kuint(w, "endLine", e->end_line);
    uhp_jw_kuint(w, "endColumn", e->end_col);
    uhp_jw_end_obj(w);
}

void uhp_rpt_sarif_fixes(uhp_jw *w, const uhp_finding *f)
{
    const uhp_fix *fx = f->autofix;
    if (!fx || fx->refused || fx->n_edits == 0 || f->suppressed)
        return;
    uhp_jw_key(w, "fixes");
    uhp_jw_arr(w);
    uhp_jw_obj(w);
    uhp_jw_key(w, "description");
    uhp_jw_obj(w);
    uhp_jw_kstr(w, "text", fx->description ? fx->description : "apply the fix");
    uhp_jw_end_obj(w);
    uhp_jw_key(w, "artifactChanges");
    uhp_jw_arr(w);
    /* one artifactChange per file, in the order the files first appear */
    for (size_t i = 0; i < fx->n_edits; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(fx->edits[k].file, fx->edits[i].file) == 0;
        if (seen)
            continue;
        uhp_jw_obj(w);
        uhp_jw_key(w, "artifactLocation");
        uhp_jw_obj(w);
        uhp_jw_key(w, "uri");
        uhp_jw_str_begin(w);
        uhp_uri_chars(w->out, fx->edits[i].file);
        uhp_jw_str_end(w);
        uhp_jw_end_obj(w);
        uhp_jw_key(w, "replacements");
        uhp_jw_arr(w);
        for (size_t k = i; k < fx->n_edits; k++) {
            if (strcmp(fx->edits[k].file, fx->edits[i].file) != 0)
                continue;
            uhp_jw_obj(w);
            sarif_fix_region(w, &fx->edits[k]);
            uhp_jw_key(w, "insertedContent");
            uhp_jw_obj(w);
            uhp_jw_kstr(w, "text", fx->edits[k].text);
            uhp_jw_end_obj(w);
            uhp_jw_end_obj(w);
        }
        uhp_jw_end_arr(w);
        uhp_jw_end_obj(w);
    }
    uhp_jw_end_arr(w);
    uhp_jw_end_obj(w);
    uhp_jw_end_arr(w);
}
