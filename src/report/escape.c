/* Escaping for every report format: JSON strings, XML text and attributes, one-line text
 * for people, GitHub workflow commands and URIs. All of them decode UTF-8 themselves so a
 * message with invalid bytes still comes out as valid output. */
#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "uhp/alloc.h"
#include "uhp/report.h"

/* Returns the code point at S and its length in *LEN; -1 (length 1) for a byte that does
 * not start a valid, shortest-form UTF-8 sequence of a scalar value. Reads no further than
 * the NUL terminator. */
long uhp_utf8_next(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    *len = 1;
    if (u[0] < 0x80)
        return u[0];
    size_t n;
    long cp, min;
    if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        n = 2, cp = u[0] & 0x1f, min = 0x80;
    } else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        n = 3, cp = u[0] & 0x0f, min = 0x800;
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        n = 4, cp = u[0] & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80) /* also stops at the NUL */
            return -1;
        cp = (cp << 6) | (u[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    *len = n;
    return cp;
}

static const char report_replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* True when CP is shown as a visible "\\uNNNN" in every format: C1 controls (some
 * terminals obey them), the bidirectional controls that reorder what a reader sees
 * (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069), the invisible zero-width characters
 * and the line and paragraph separators. A JSON or XML reader would turn a JSON escape or
 * a character reference back into the control, so the escape is text. */
bool uhp_rpt_hidden(long cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

/* The fast paths: which bytes each escape writes as they are, one flag per escape. Every
 * flag but REPORT_TAB covers only printable ASCII (0x20..0x7e) and never the NUL, so a run
 * of flagged bytes is plain text in every format that flag stands for. */
enum {
    REPORT_PLAIN = 0x01,    /* uhp_plain_chars: all of 0x20..0x7e */
    REPORT_JSON = 0x02,     /* uhp_json_chars: not " or \ */
    REPORT_XML_TEXT = 0x04, /* uhp_xml_text: not & < > */
    REPORT_XML_ATTR = 0x08, /* uhp_xml_attr: not & < > " ' */
    REPORT_GH_DATA = 0x10,  /* uhp_gh_data: not % */
    REPORT_GH_PROP = 0x20,  /* uhp_gh_property: not % : , */
    REPORT_TAB = 0x40,      /* a tab, kept by uhp_plain_chars when asked to */
};

static const unsigned char report_class[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x3f, 0x3f, 0x35, 0x3f, 0x3f, 0x0f, 0x33, 0x37, 0x3f, 0x3f, 0x3f, 0x3f, 0x1f, 0x3f, 0x3f, 0x3f,
    0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x1f, 0x3f, 0x33, 0x3f, 0x33, 0x3f,
    0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f,
    0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3d, 0x3f, 0x3f, 0x3f,
    0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f,
    0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x00,
    /* 0x80..0xff: 0, UTF-8 goes the slow way */
};

/* Returns how many bytes from S on have one of the flags MASK in report_class; stops at the
 * NUL, which has none. */
static size_t report_safe_run(const char *s, unsigned mask)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    while (report_class[u[n]] & mask)
        n++;
    return n;
}

/* Length of the leading run of S that uhp_json_chars writes as it is; see escape.h. */
size_t uhp_json_plain_len(const char *s)
{
    return report_safe_run(s, REPORT_JSON);
}

/* Length of the leading run of S that uhp_plain_chars writes as it is, one column a byte;
 * see escape.h. */
size_t uhp_plain_len(const char *s)
{
    return report_safe_run(s, REPORT_PLAIN);
}

/* Writes the escaped characters of S for a JSON string (no quotes); never fails alone. Runs
 * of printable ASCII other than '"' and '\\' go out with one fwrite. */
void uhp_json_chars(FILE *out, const char *s)
{
    if (!s)
        return;
    while (*s) {
        size_t n = report_safe_run(s, REPORT_JSON);
        if (n > 0) {
            fwrite(s, 1, n, out);
            s += n;
            continue;
        }
        long cp = uhp_utf8_next(s, &n);
        switch (cp) {
        case -1:
            fputs("\\ufffd", out);
            break;
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\b':
            fputs("\\b", out);
            break;
        case '\f':
            fputs("\\f", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (cp < 0x20 || cp == 0x7f)
                fprintf(out, "\\u%04lx", (unsigned long)cp);
            else if (uhp_rpt_hidden(cp))
                fprintf(out, "\\\\u%04lx", (unsigned long)cp);
            else
                fwrite(s, 1, n, out);
        }
        s += n;
    }
}

/* Writes S as a quoted JSON string; NULL writes null. */
void uhp_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    uhp_json_chars(out, s);
    fputc('"', out);
}

/* True when XML 1.0 allows the code point CP in a document. */
static bool report_xml_allowed(long cp)
{
    return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* Shared body of the XML escapes; ATTR also escapes quotes and white space. Runs of
 * printable ASCII that need no escape go out with one fwrite. */
static void report_xml(FILE *out, const char *s, bool attr)
{
    unsigned mask = attr ? REPORT_XML_ATTR : REPORT_XML_TEXT;
    if (!s)
        return;
    while (*s) {
        size_t n = report_safe_run(s, mask);
        if (n > 0) {
            fwrite(s, 1, n, out);
            s += n;
            continue;
        }
        long cp = uhp_utf8_next(s, &n);
        if (cp < 0 || !report_xml_allowed(cp)) {
            fputs(report_replacement, out);
        } else if (cp == '&') {
            fputs("&amp;", out);
        } else if (cp == '<') {
            fputs("&lt;", out);
        } else if (cp == '>') {
            fputs("&gt;", out);
        } else if (cp == '\r') {
            fputs("&#13;", out);
        } else if (attr && cp == '"') {
            fputs("&quot;", out);
        } else if (attr && cp == '\'') {
            fputs("&apos;", out);
        } else if (attr && cp == '\n') {
            fputs("&#10;", out);
        } else if (attr && cp == '\t') {
            fputs("&#9;", out);
        } else if (uhp_rpt_hidden(cp)) {
            fprintf(out, "\\u%04lx", (unsigned long)cp);
        } else {
            fwrite(s, 1, n, out);
        }
        s += n;
    }
}

/* XML element content; see escape.h. */
void uhp_xml_text(FILE *out, const char *s)
{
    report_xml(out, s, false);
}

/* XML attribute value without its quotes; see escape.h. */
void uhp_xml_attr(FILE *out, const char *s)
{
    report_xml(out, s, true);
}

/* Columns of the visible form of CP: 1 for a printable character or a kept tab (counted as
 * one, the caret line copies tabs), more for an escape. */
size_t uhp_plain_width(long cp, bool keep_tab)
{
    if (cp < 0)
        return 1;
    if (cp == '\t' && keep_tab)
        return 1;
    if (cp == '\n' || cp == '\r' || cp == '\t')
        return 2;
    if (cp < 0x20 || cp == 0x7f)
        return 4; /* \xNN */
    if (uhp_rpt_hidden(cp))
        return 6; /* \uNNNN: C1 and bidirectional controls, invisible characters */
    return 1;
}

/* Writes S visibly on one line; returns the columns written (see uhp_plain_width). Runs of
 * printable ASCII (and kept tabs), one column a byte, go out with one fwrite. */
size_t uhp_plain_chars(FILE *out, const char *s, bool keep_tab)
{
    unsigned mask = REPORT_PLAIN | (keep_tab ? REPORT_TAB : 0u);
    size_t cols = 0;
    if (!s)
        return 0;
    while (*s) {
        size_t n = report_safe_run(s, mask);
        if (n > 0) {
            fwrite(s, 1, n, out);
            cols += n;
            s += n;
            continue;
        }
        long cp = uhp_utf8_next(s, &n);
        if (cp < 0)
            fputs(report_replacement, out);
        else if (cp == '\t' && keep_tab)
            fputc('\t', out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp < 0x20 || cp == 0x7f)
            fprintf(out, "\\x%02lx", (unsigned long)cp);
        else if (uhp_rpt_hidden(cp))
            fprintf(out, "\\u%04lx", (unsigned long)cp);
        else
            fwrite(s, 1, n, out);
        cols += uhp_plain_width(cp, keep_tab);
        s += n;
    }
    return cols;
}

/* Shared body of the GitHub escapes; PROPERTY also escapes ':' and ','. Runs of printable
 * ASCII that need no escape go out with one fwrite. */
static void report_gh(FILE *out, const char *s, bool property)
{
    unsigned mask = property ? REPORT_GH_PROP : REPORT_GH_DATA;
    if (!s)
        return;
    while (*s) {
        size_t n = report_safe_run(s, mask);
        if (n > 0) {
            fwrite(s, 1, n, out);
            s += n;
            continue;
        }
        long cp = uhp_utf8_next(s, &n);
        if (cp < 0)
            fputs(report_replacement, out);
        else if (cp == '%')
            fputs("%25", out);
        else if (cp == '\r')
            fputs("%0D", out);
        else if (cp == '\n')
            fputs("%0A", out);
        else if (property && cp == ':')
            fputs("%3A", out);
        else if (property && cp == ',')
            fputs("%2C", out);
        else if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
            fprintf(out, "\\x%02lx", (unsigned long)cp);
        else if (uhp_rpt_hidden(cp))
            fprintf(out, "\\u%04lx", (unsigned long)cp);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
}

/* Workflow-command data (the message after "::"). */
void uhp_gh_data(FILE *out, const char *s)
{
    report_gh(out, s, false);
}

/* Workflow-command property value (file=, title=, ...). */
void uhp_gh_property(FILE *out, const char *s)
{
    report_gh(out, s, true);
}

/* Writes N bytes of S percent-encoded for a URI path: unreserved characters and '/' as
 * they are. */
static void report_uri_bytes(FILE *out, const char *s, size_t n)
{
    static const char keep[] = "-._~/!$&'()*+,;=@";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            (c && strchr(keep, c)))
            fputc(c, out);
        else
            fprintf(out, "%%%02X", c);
    }
}

typedef struct report_seg {
    const char *s;
    size_t n;
} report_seg;

/* Writes PATH as a URI reference; see escape.h. "." segments and "dir/.." pairs
 * are removed (a manifest joins "sets/../x.yaml"), so the URI names the file in the
 * repository as code scanning expects; leading ".." segments stay. Allocates a temporary
 * segment table; without memory the path is written as it is. */
void uhp_uri_chars(FILE *out, const char *path)
{
    if (!path)
        return;
    bool absolute = path[0] == '/';
    if (absolute)
        fputs("file://", out);
    size_t max = 1;
    for (const char *p = path; *p; p++)
        max += *p == '/';
    report_seg *segs = uhp_malloc(max * sizeof *segs);
    if (!segs) {
        report_uri_bytes(out, path, strlen(path));
        return;
    }
    size_t n = 0;
    const char *p = path;
    while (true) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool last = end == NULL;
        if (len == 1 && p[0] == '.' && !last) {
            /* "./" adds nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.' && n > 0 &&
                   !(segs[n - 1].n == 2 && memcmp(segs[n - 1].s, "..", 2) == 0) &&
                   segs[n - 1].n > 0) {
            n--;
        } else if (len > 0 || n == 0 || last) {
            segs[n].s = p;
            segs[n].n = len;
            n++;
        }
        if (last)
            break;
        p = end + 1;
    }
    if (n == 0)
        fputc('.', out); /* "a/.." is the current folder */
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc('/', out);
        report_uri_bytes(out, segs[i].s, segs[i].n);
    }
    uhp_free(segs);
}

/* FNV-1a 64: returns the hash of N bytes of S continued from H. */
uint64_t uhp_fnv1a(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
