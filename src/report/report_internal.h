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
/* Writes S as XML element content: & < > escaped, CR as a reference, characters XML 1.0
 * forbids and invalid UTF-8 replaced by U+FFFD. */
void uhp_xml_text(FILE *out, const char *s);
/* Same for an attribute value (without the quotes): also " ' TAB LF CR escaped. */
void uhp_xml_attr(FILE *out, const char *s);
/* Writes S on one line for people: control characters as \n, \r, \xNN or \u00NN, invalid
 * UTF-8 as U+FFFD; tabs kept when KEEP_TAB. Returns the number of columns written. */
size_t uhp_plain_chars(FILE *out, const char *s, bool keep_tab);
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
 * "file:line:col: severity: message (instances: ..) [UHAnnn]". */
void uhp_rpt_compact_line(FILE *out, const uhp_finding *f);
/* The stable fingerprint of F: FNV-1a 64 of rule id, file and key path (message when no
 * key path), never the line. */
uint64_t uhp_rpt_fingerprint(const uhp_finding *f);
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
void uhp_jw_obj(uhp_jw *w);  /* { */
void uhp_jw_end_obj(uhp_jw *w);
void uhp_jw_arr(uhp_jw *w);  /* [ */
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

#endif
