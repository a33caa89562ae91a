/* Escaping for every report format (escape.c): the lowest layer of src/report/, it uses
 * nothing of the others. */
#ifndef UHP_REPORT_ESCAPE_H
#define UHP_REPORT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decodes the UTF-8 sequence at S (non-empty, NUL-terminated). Returns the code point and
 * sets *LEN to the bytes it used; an invalid or truncated sequence returns -1 with *LEN 1. */
long uhp_utf8_next(const char *s, size_t *len);
/* Writes the characters of S escaped for a JSON string, without the quotes. */
void uhp_json_chars(FILE *out, const char *s);
/* Returns the length of the leading run of S that uhp_json_chars writes unchanged (printable
 * ASCII but " and \); S[result] is the NUL when S needs no escape at all. */
size_t uhp_json_plain_len(const char *s);
/* Writes S as XML element content: & < > escaped, CR as a reference, characters XML 1.0
 * forbids and invalid UTF-8 replaced by U+FFFD. */
void uhp_xml_text(FILE *out, const char *s);
/* Same for an attribute value (without the quotes): also " ' TAB LF CR escaped. */
void uhp_xml_attr(FILE *out, const char *s);
/* Writes S on one line for people: control characters as \n, \r, \xNN or \u00NN, invalid
 * UTF-8 as U+FFFD; tabs kept when KEEP_TAB. Returns the number of columns written. */
size_t uhp_plain_chars(FILE *out, const char *s, bool keep_tab);
/* Returns the length of the leading run of S that uhp_plain_chars writes unchanged (printable
 * ASCII, one column a byte; tabs not included); S[result] is the NUL when all of S is. */
size_t uhp_plain_len(const char *s);
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

/* True for the code points every format writes as a visible escape, never as they are: C1
 * controls, bidirectional controls, zero-width characters, line and paragraph separators
 * (escape.c says why). */
bool uhp_rpt_hidden(long cp);

#endif
