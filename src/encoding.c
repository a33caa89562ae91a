/* Input encodings: detection of UTF-16/32 and EBCDIC IBM-1047, conversion of EBCDIC to
 * UTF-8 with iconv, and the refusal of what Zowe cannot read. */
#include "uhp/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"
#include "uhp/diag.h"

/* Bytes that IBM-1047 text holds: the images of ASCII 0x20-0x7E, tab, CR, LF and NL (0x15).
 * Generated with iconv -t IBM1047; bit B of word B/32. */
static const uint32_t enc_ebcdic_text[8] = {0x00202020U, 0x00000020U, 0xFC01F801U, 0xFE00F803U,
                                            0x03FE03FEU, 0x200023FEU, 0x03FF03FFU, 0x03FF03FDU};

const char *uhp_encoding_name(uhp_encoding enc)
{
    switch (enc) {
    case UHP_ENC_UTF16LE:
        return "UTF-16LE";
    case UHP_ENC_UTF16BE:
        return "UTF-16BE";
    case UHP_ENC_UTF32LE:
        return "UTF-32LE";
    case UHP_ENC_UTF32BE:
        return "UTF-32BE";
    case UHP_ENC_EBCDIC1047:
        return "IBM-1047";
    default:
        return "UTF-8";
    }
}

bool uhp_utf8_valid(const char *data, size_t len, size_t *bad_offset)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs, 8 bytes at a time: almost every configuration is all ASCII. */
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, d + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = d[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1Fu, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0Fu, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07u, min = 0x10000;
        else
            goto bad;
        if (len - i <= n)
            goto bad;
        for (size_t k = 1; k <= n; k++) {
            if ((d[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (d[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n + 1;
    }
    return true;
bad:
    if (bad_offset)
        *bad_offset = i;
    return false;
}

/* True when at least 7 of 8 units of the first 256 bytes look like ASCII text in a UTF-16 or
 * UTF-32 layout: unit size SIZE, the ASCII byte at offset AT, every other byte NUL. */
static bool enc_nul_pattern(const unsigned char *d, size_t len, size_t size, size_t at)
{
    size_t n = len < 256 ? len : 256;
    n -= n % size;
    if (n < 2 * size)
        return false;
    /* Every unit that counts holds a NUL: most files have none, and need no more look. */
    if (!memchr(d, 0, n))
        return false;
    size_t units = n / size, hits = 0;
    for (size_t u = 0; u < units; u++) {
        const unsigned char *p = d + u * size;
        bool ok = p[at] != 0;
        for (size_t k = 0; k < size && ok; k++)
            if (k != at && p[k] != 0)
                ok = false;
        hits += ok;
    }
    return hits * 8 >= units * 7;
}

/* True when D looks like IBM-1047 text: no NUL, at least 95% of the bytes are EBCDIC text,
 * at least a quarter are EBCDIC letters or digits, and a line break when the file is long. */
static bool enc_looks_ebcdic(const unsigned char *d, size_t len)
{
    size_t text = 0, alnum = 0, breaks = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = d[i];
        if (c == 0)
            return false;
        if (enc_ebcdic_text[c >> 5] & (1u << (c & 31)))
            text++;
        if ((c >= 0x81 && c <= 0x89) || (c >= 0x91 && c <= 0x99) || (c >= 0xA2 && c <= 0xA9) ||
            (c >= 0xC1 && c <= 0xC9) || (c >= 0xD1 && c <= 0xD9) || (c >= 0xE2 && c <= 0xE9) ||
            (c >= 0xF0 && c <= 0xF9))
            alnum++;
        if (c == 0x15 || c == 0x25)
            breaks++;
    }
    return len > 0 && text * 20 >= len * 19 && alnum * 4 >= len && (breaks > 0 || len < 256);
}

uhp_encoding uhp_encoding_detect(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    if (len >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0)
        return UHP_ENC_UTF32LE;
    if (len >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)
        return UHP_ENC_UTF32BE;
    if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
        return UHP_ENC_UTF16LE;
    if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        return UHP_ENC_UTF16BE;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        return UHP_ENC_UTF8;
    if (enc_nul_pattern(d, len, 4, 0))
        return UHP_ENC_UTF32LE;
    if (enc_nul_pattern(d, len, 4, 3))
        return UHP_ENC_UTF32BE;
    if (enc_nul_pattern(d, len, 2, 0))
        return UHP_ENC_UTF16LE;
    if (enc_nul_pattern(d, len, 2, 1))
        return UHP_ENC_UTF16BE;
    if (!uhp_utf8_valid(data, len, NULL) && enc_looks_ebcdic(d, len))
        return UHP_ENC_EBCDIC1047;
    return UHP_ENC_UTF8;
}

/* Opens an iconv converter from code page CP to UTF-8. z/OS spells code pages "IBM-037";
 * glibc knows some only as "IBM037": both are tried. Returns (iconv_t)-1 when neither is. */
static iconv_t enc_open_from(const char *cp)
{
    iconv_t cd = iconv_open("UTF-8", cp);
    if (cd != (iconv_t)-1)
        return cd;
    char alt[64];
    size_t n = strlen(cp);
    if (n >= 5 && n < sizeof alt && strncasecmp(cp, "IBM-", 4) == 0) {
        snprintf(alt, sizeof alt, "IBM%s", cp + 4);
        cd = iconv_open("UTF-8", alt);
    }
    return cd;
}

bool uhp_encoding_known(const char *cp)
{
    iconv_t cd = enc_open_from(cp);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

bool uhp_encoding_is_ebcdic(const char *cp)
{
    char *out = NULL, err[128];
    size_t len = 0;
    bool ok =
        uhp_ebcdic_to_utf8_from(cp, "\xC1\xF0\x40\xC9", 4, &out, &len, err, sizeof err) == 0 &&
        len == 4 && !memcmp(out, "A0 I", 4);
    uhp_free(out);
    return ok;
}

int uhp_ebcdic_to_utf8(const char *data, size_t len, char **out, size_t *out_len, char *err,
                       size_t errlen)
{
    return uhp_ebcdic_to_utf8_from("IBM-1047", data, len, out, out_len, err, errlen);
}

int uhp_ebcdic_to_utf8_from(const char *cp, const char *data, size_t len, char **out,
                            size_t *out_len, char *err, size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    iconv_t cd = enc_open_from(cp);
    if (cd == (iconv_t)-1) {
        snprintf(err, errlen, "the file is EBCDIC (%s) and this system's iconv cannot convert it",
                 cp);
        return -1;
    }
    if (len > ((size_t)-1 - 1) / 2) {
        iconv_close(cd);
        return -2;
    }
    /* A single-byte EBCDIC code page maps each byte to a code point of at most three UTF-8
     * bytes (most below U+0100, a few such as the euro sign above). */
    if (len > ((size_t)-1 - 1) / 3) {
        iconv_close(cd);
        return -2;
    }
    size_t cap = 3 * len;
    char *buf = uhp_malloc(cap + 1);
    if (!buf) {
        iconv_close(cd);
        return -2;
    }
    char *in = (char *)data, *o = buf;
    size_t inleft = len, outleft = cap;
    size_t rc = len ? iconv(cd, &in, &inleft, &o, &outleft) : 0;
    int saved = errno;
    iconv_close(cd);
    if (rc == (size_t)-1) {
        snprintf(err, errlen, "cannot convert from %s at byte offset %zu: %s", cp,
                 (size_t)(in - data), strerror(saved));
        uhp_free(buf);
        return -1;
    }
    /* EBCDIC NL (0x15) arrives as U+0085 NEL: make it the '\n' z/OS meant. */
    size_t n = (size_t)(o - buf), w = 0;
    for (size_t r = 0; r < n; r++) {
        if ((unsigned char)buf[r] == 0xC2 && r + 1 < n && (unsigned char)buf[r + 1] == 0x85) {
            buf[w++] = '\n';
            r++;
        } else {
            buf[w++] = buf[r];
        }
    }
    buf[w] = '\0';
    *out = buf;
    *out_len = w;
    return 0;
}

int uhp_source_normalize(uhp_source *src, uhp_encoding *detected, char *err, size_t errlen)
{
    return uhp_source_normalize_as(src, NULL, detected, err, errlen);
}

const char *uhp_ebcdic_codepage_hint(const char *text, size_t len)
{
    /* '[' and ']' of IBM-037, IBM-1140, IBM-273, IBM-285 or IBM-500, read as IBM-1047, come
     * out as one of these; a YAML file with flow sequences but no '[' or ']' at all is a
     * strong sign of the wrong code page. */
    bool brackets = memchr(text, '[', len) || memchr(text, ']', len);
    if (brackets)
        return NULL;
    static const char *const marks[] = {"\xC2\xA8", "\xC3\x9D", "\xC3\x84", "\xC3\x9C"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        for (size_t k = 0; k + 1 < len; k++) {
            if (text[k] == marks[i][0] && text[k + 1] == marks[i][1])
                return "read as IBM-1047, the file has no '[' or ']' but characters such as "
                       "'\xC2\xA8', '\xC3\x9D', '\xC3\x84' or '\xC3\x9C' where other "
                       "EBCDIC code pages keep their brackets: if it was written in another "
                       "code page, pass --encoding (e.g. --encoding IBM-037 or IBM-273)";
        }
    }
    return NULL;
}

int uhp_source_normalize_as(uhp_source *src, const char *codepage, uhp_encoding *detected,
                            char *err, size_t errlen)
{
    uhp_encoding enc = uhp_encoding_detect(src->data, src->len);
    if (detected)
        *detected = enc;
    if (errlen)
        err[0] = '\0';
    const unsigned char *d = (const unsigned char *)src->data;
    bool bom = src->len >= 2 && (d[0] == 0xFF || d[0] == 0xFE || (d[0] == 0 && d[1] == 0));
    bool wide = enc == UHP_ENC_UTF32LE || enc == UHP_ENC_UTF32BE;
    switch (enc) {
    case UHP_ENC_UTF8:
        return 0;
    case UHP_ENC_EBCDIC1047: {
        char *out;
        size_t out_len;
        int rc = uhp_ebcdic_to_utf8_from(codepage ? codepage : "IBM-1047", src->data, src->len,
                                         &out, &out_len, err, errlen);
        if (rc != 0)
            return rc;
        uhp_free(src->data);
        src->data = out;
        src->len = out_len;
        src->converted = true;
        uhp_free(src->line_starts);
        src->line_starts = NULL;
        src->n_lines = 0;
        return 0;
    }
    default:
        snprintf(err, errlen,
                 "the file is %s (%s); Zowe reads UTF-8 or EBCDIC: convert it with "
                 "iconv -f %s -t UTF-8",
                 uhp_encoding_name(enc),
                 bom ? "it starts with a byte order mark" : "ASCII text with NUL bytes between",
                 bom ? (wide ? "UTF-32" : "UTF-16") : uhp_encoding_name(enc));
        return -1;
    }
}

bool uhp_source_normalize_run(uhp_source *src, uhp_run *run)
{
    return uhp_source_normalize_run_as(src, run, NULL);
}

bool uhp_source_normalize_run_as(uhp_source *src, uhp_run *run, const char *codepage)
{
    char err[256];
    uhp_encoding enc = UHP_ENC_UTF8;
    int rc = uhp_source_normalize_as(src, codepage, &enc, err, sizeof err);
    if (rc == 0 && enc == UHP_ENC_EBCDIC1047 && !codepage) {
        const char *hint = uhp_ebcdic_codepage_hint(src->data, src->len);
        if (hint) {
            uhp_diag d = {.kind = UHP_DIAG_SYNTAX,
                          .file = src->name,
                          .start = {1, 1},
                          .end = {1, 1},
                          .message = hint,
                          .fix = "convert the file from its code page, or pass --encoding NAME",
                          .severity = UHP_SEV_WARNING};
            if (!uhp_run_add_diag(run, &d)) {
                run->out_of_memory = true;
                return false;
            }
        }
    }
    if (rc == 0)
        return true;
    if (rc == -2) {
        run->out_of_memory = true;
        return false;
    }
    /* Located by file name only: the first line of such a file is not text to quote. */
    uhp_diag d = {.kind = UHP_DIAG_SYNTAX,
                  .file = src->name,
                  .start = {1, 1},
                  .end = {1, 1},
                  .message = err,
                  .fix = "save the file as UTF-8, or as EBCDIC IBM-1047 as z/OS writes it"};
    if (!uhp_run_add_diag(run, &d)) {
        run->out_of_memory = true;
        return false;
    }
    run->input_error = true;
    return false;
}
