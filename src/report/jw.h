/* Buffered output and the JSON writer (jw.c), above escape.h and below everything else in
 * src/report/. */
#ifndef UHP_REPORT_JW_H
#define UHP_REPORT_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Output gathered on the stack and written with one fwrite: a report piece by piece costs
 * one call into stdio per buffer rather than one per piece. The buffer is not initialised;
 * uhp_rpt_buf_init sets OUT and empties it. */
typedef struct uhp_rpt_buf {
    FILE *out;
    size_t n;
    char buf[4096];
} uhp_rpt_buf;

void uhp_rpt_buf_init(uhp_rpt_buf *b, FILE *out);
/* Appends N bytes of S to B; a piece longer than the buffer goes straight to OUT, after
 * what B held. */
void uhp_rpt_buf_put(uhp_rpt_buf *b, const char *s, size_t n);
/* Writes out what B holds and empties it. */
void uhp_rpt_buf_flush(uhp_rpt_buf *b);

/* Minimal pretty JSON writer used by the json and sarif writers. */
#define UHP_JW_MAX_DEPTH 32
typedef struct uhp_jw {
    FILE *out;
    int depth;
    bool first[UHP_JW_MAX_DEPTH];
    bool after_key;
} uhp_jw;

void uhp_jw_init(uhp_jw *w, FILE *out);
void uhp_jw_obj(uhp_jw *w); /* { */
void uhp_jw_end_obj(uhp_jw *w);
void uhp_jw_arr(uhp_jw *w); /* [ */
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
