/* Buffered output (uhp_rpt_buf) and the pretty-printing JSON writer (uhp_jw): two-space
 * indentation, one member per line. */
#include <string.h>

#include "report/escape.h"
#include "report/jw.h"

void uhp_jw_init(uhp_jw *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

void uhp_rpt_buf_init(uhp_rpt_buf *b, FILE *out)
{
    b->out = out;
    b->n = 0;
}

void uhp_rpt_buf_flush(uhp_rpt_buf *b)
{
    if (b->n > 0)
        fwrite(b->buf, 1, b->n, b->out);
    b->n = 0;
}

void uhp_rpt_buf_put(uhp_rpt_buf *b, const char *s, size_t n)
{
    if (n > sizeof b->buf - b->n) {
        uhp_rpt_buf_flush(b);
        if (n > sizeof b->buf) {
            fwrite(s, 1, n, b->out);
            return;
        }
    }
    memcpy(b->buf + b->n, s, n);
    b->n += n;
}

/* A JSON member ("key": value with its separator) is gathered in a uhp_rpt_buf and written
 * with one fwrite rather than eight calls into stdio. */
/* Appends a newline and the indentation of DEPTH (two spaces a level), preceded by a comma
 * when COMMA. */
static void report_jw_newline(uhp_rpt_buf *l, int depth, bool comma)
{
    /* ",\n" then room for the deepest indentation */
    static const char nl[] = ",\n"
                             "                                                                ";
    _Static_assert(sizeof nl - 3 >= 2 * (UHP_JW_MAX_DEPTH - 1), "indentation too short");
    size_t indent = depth > 0 ? 2 * (size_t)depth : 0;
    if (comma)
        uhp_rpt_buf_put(l, nl, 2 + indent);
    else
        uhp_rpt_buf_put(l, nl + 1, 1 + indent);
}

/* Appends the separator and indentation before a value or key at the current depth. */
static void report_jw_sep(uhp_jw *w, uhp_rpt_buf *l)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    report_jw_newline(l, w->depth, !w->first[w->depth]);
    w->first[w->depth] = false;
}

/* Appends S as a quoted JSON string (NULL: null). The part from the first character that
 * needs escaping on goes through uhp_json_chars after L is flushed. */
static void report_jw_put_string(uhp_rpt_buf *l, const char *s)
{
    if (!s) {
        uhp_rpt_buf_put(l, "null", 4);
        return;
    }
    size_t plain = uhp_json_plain_len(s);
    uhp_rpt_buf_put(l, "\"", 1);
    uhp_rpt_buf_put(l, s, plain);
    if (s[plain] != '\0') {
        uhp_rpt_buf_flush(l);
        uhp_json_chars(l->out, s + plain);
    }
    uhp_rpt_buf_put(l, "\"", 1);
}

/* Appends V in decimal. */
static void report_jw_put_uint(uhp_rpt_buf *l, unsigned long long v)
{
    char digits[24];
    size_t at = sizeof digits;
    do {
        digits[--at] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    uhp_rpt_buf_put(l, digits + at, sizeof digits - at);
}

/* Appends the separator and "KEY": of a member. */
static void report_jw_put_key(uhp_jw *w, uhp_rpt_buf *l, const char *key)
{
    report_jw_sep(w, l);
    report_jw_put_string(l, key);
    uhp_rpt_buf_put(l, ": ", 2);
    w->after_key = true;
}

/* Opens a container with OPEN. */
static void report_jw_open(uhp_jw *w, char open)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_sep(w, &l);
    uhp_rpt_buf_put(&l, &open, 1);
    uhp_rpt_buf_flush(&l);
    if (w->depth + 1 < UHP_JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

/* Closes a container with CLOSE; an empty one stays on one line. */
static void report_jw_close(uhp_jw *w, char close)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        report_jw_newline(&l, w->depth, false);
    uhp_rpt_buf_put(&l, &close, 1);
    if (w->depth == 0)
        uhp_rpt_buf_put(&l, "\n", 1);
    uhp_rpt_buf_flush(&l);
}

void uhp_jw_obj(uhp_jw *w)
{
    report_jw_open(w, '{');
}

void uhp_jw_end_obj(uhp_jw *w)
{
    report_jw_close(w, '}');
}

void uhp_jw_arr(uhp_jw *w)
{
    report_jw_open(w, '[');
}

void uhp_jw_end_arr(uhp_jw *w)
{
    report_jw_close(w, ']');
}

void uhp_jw_key(uhp_jw *w, const char *key)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_put_key(w, &l, key);
    uhp_rpt_buf_flush(&l);
}

void uhp_jw_str(uhp_jw *w, const char *s)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_sep(w, &l);
    report_jw_put_string(&l, s);
    uhp_rpt_buf_flush(&l);
}

void uhp_jw_uint(uhp_jw *w, unsigned long long v)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_sep(w, &l);
    report_jw_put_uint(&l, v);
    uhp_rpt_buf_flush(&l);
}

/* Writes a bare word value (true, false, null). */
static void report_jw_word(uhp_jw *w, const char *word)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_sep(w, &l);
    uhp_rpt_buf_put(&l, word, strlen(word));
    uhp_rpt_buf_flush(&l);
}

void uhp_jw_bool(uhp_jw *w, bool v)
{
    report_jw_word(w, v ? "true" : "false");
}

void uhp_jw_null(uhp_jw *w)
{
    report_jw_word(w, "null");
}

void uhp_jw_str_begin(uhp_jw *w)
{
    report_jw_word(w, "\"");
}

void uhp_jw_str_end(uhp_jw *w)
{
    fputc('"', w->out);
}

/* The members below are gathered into one line: separator, key and value. */
void uhp_jw_kstr(uhp_jw *w, const char *key, const char *s)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_put_key(w, &l, key);
    report_jw_sep(w, &l);
    report_jw_put_string(&l, s);
    uhp_rpt_buf_flush(&l);
}

void uhp_jw_kuint(uhp_jw *w, const char *key, unsigned long long v)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_put_key(w, &l, key);
    report_jw_sep(w, &l);
    report_jw_put_uint(&l, v);
    uhp_rpt_buf_flush(&l);
}

void uhp_jw_kbool(uhp_jw *w, const char *key, bool v)
{
    uhp_rpt_buf l;
    uhp_rpt_buf_init(&l, w->out);
    report_jw_put_key(w, &l, key);
    report_jw_sep(w, &l);
    uhp_rpt_buf_put(&l, v ? "true" : "false", v ? 4 : 5);
    uhp_rpt_buf_flush(&l);
}
