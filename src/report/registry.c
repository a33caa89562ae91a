/* The table of report formats, looked up by name for --format. */
#include <string.h>

#include "report/report_internal.h"

static const uhp_report_format report_formats[] = {
    {"text", uhp_report_text_sets},         {"compact", uhp_report_compact_sets},
    {"json", uhp_report_json_sets},         {"sarif", uhp_report_sarif_sets},
    {"junit", uhp_report_junit_sets},       {"github", uhp_report_github_sets},
    {"markdown", uhp_report_markdown_sets}, {"diff", uhp_report_diff_sets},
};

/* Returns the format named NAME (exact, lower case), or NULL for an unknown or NULL name. */
const uhp_report_format *uhp_report_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof report_formats / sizeof report_formats[0]; i++) {
        if (strcmp(report_formats[i].name, name) == 0)
            return &report_formats[i];
    }
    return NULL;
}

/* Returns the format names for --help, a static string. */
const char *uhp_report_names(void)
{
    return "text, compact, json, sarif, junit, github, markdown, diff";
}
