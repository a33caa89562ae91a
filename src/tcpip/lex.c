/* Tokenizer for the TCP/IP profile's free format (z/OS Communications Server IP
 * Configuration Reference): blanks and end-of-record separate tokens, a statement may span
 * records with no continuation mark, `;` starts a comment to the end of the record, and
 * keywords are case-insensitive and may be abbreviated. Also address parsing. */
#include "uhp/tcpip.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

void uhp_tcpip_lexer_init(uhp_tcpip_lexer *lx, const char *data, size_t len)
{
    lx->p = data;
    lx->end = data + len;
    lx->line = 1;
    lx->col = 1;
    lx->bad_line = 0;
    lx->bad_col = 0;
    lx->bad_byte = 0;
}

/* Returns true for the bytes that separate tokens; form feed and vertical tab are kept as
 * blanks because data set transfers sometimes leave them. */
static bool tcpip_is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Returns true for a control byte that no text profile holds. */
static bool tcpip_is_binary(unsigned char c)
{
    return (c < 0x20 && !tcpip_is_blank(c)) || c == 0x7f;
}

/* Leaves the cursor at the control byte at P (line LINE, column COL), records it, and
 * returns -1. */
static int tcpip_bad_at(uhp_tcpip_lexer *lx, const char *p, uint32_t line, uint32_t col)
{
    lx->p = p;
    lx->line = line;
    lx->col = col;
    lx->bad_line = line;
    lx->bad_col = col;
    lx->bad_byte = (unsigned char)*p;
    return -1;
}

int uhp_tcpip_lex(uhp_tcpip_lexer *lx, uhp_tcpip_token *tok)
{
    /* The cursor lives in locals while scanning: one pass over the bytes, no per-byte call.
     * Inside a comment or a token the column is worked out from the bytes passed, less the
     * UTF-8 continuation bytes (10xxxxxx) among them, which do not move it: printable ASCII,
     * nearly every byte, takes one range test. */
    const char *p = lx->p, *end = lx->end;
    uint32_t line = lx->line, col = lx->col;
    for (;;) {
        if (p >= end) {
            lx->p = p;
            lx->line = line;
            lx->col = col;
            return 0;
        }
        unsigned char c = (unsigned char)*p;
        if (c == '\n') {
            p++;
            line++;
            col = 1;
            continue;
        }
        if (tcpip_is_blank(c)) {
            p++;
            col++;
            continue;
        }
        if (tcpip_is_binary(c))
            return tcpip_bad_at(lx, p, line, col);
        if (c == ';') {
            /* A comment runs to the end of the record; binary bytes in it still count,
             * since they mean the file is not a text profile. */
            const char *from = p;
            uint32_t cont = 0;
            while (p < end && *p != '\n') {
                c = (unsigned char)*p;
                if ((unsigned char)(c - 0x20) >= 0x5f) { /* not printable ASCII */
                    if (tcpip_is_binary(c))
                        return tcpip_bad_at(lx, p, line, col + (uint32_t)(p - from) - cont);
                    cont += (c & 0xc0) == 0x80;
                }
                p++;
            }
            col += (uint32_t)(p - from) - cont;
            continue;
        }
        break;
    }
    tok->text = p;
    tok->line = line;
    tok->col = col;
    uint32_t cont = 0;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if ((unsigned char)(c - 0x21) < 0x5e) { /* printable ASCII but the space */
            if (c == ';')
                break;
            p++;
            continue;
        }
        if (c < 0x80) { /* a blank ends the token; DEL or another control byte is binary */
            if (tcpip_is_blank(c))
                break;
            return tcpip_bad_at(lx, p, line, col + (uint32_t)(p - tok->text) - cont);
        }
        cont += (c & 0xc0) == 0x80;
        p++;
    }
    tok->len = (size_t)(p - tok->text);
    lx->p = p;
    lx->line = line;
    lx->col = col + (uint32_t)tok->len - cont;
    return 1;
}

bool uhp_tcpip_keyword(const uhp_tcpip_token *tok, const char *full, size_t minlen)
{
    /* strncasecmp in the C locale, without measuring FULL first: most tokens differ from
     * the keyword in their first characters. Two bytes that differ match only as the two
     * cases of one ASCII letter. */
    if (tok->len < minlen)
        return false;
    for (size_t i = 0; i < tok->len; i++) {
        unsigned char f = (unsigned char)full[i], c = (unsigned char)tok->text[i];
        if (f == '\0')
            return false; /* longer than the keyword */
        if (c != f) {
            unsigned char lc = (unsigned char)(c | 0x20);
            if (lc != (f | 0x20) || lc < 'a' || lc > 'z')
                return false;
        }
    }
    return true;
}

bool uhp_tcpip_is_symbolic(const uhp_tcpip_token *tok)
{
    return memchr(tok->text, '&', tok->len) != NULL;
}

/* Parses a dotted-decimal IPv4 address (exactly four parts of 1-3 digits, each 0-255).
 * Returns false when TEXT is anything else. */
static bool tcpip_parse_ipv4(const char *text, size_t len, uint8_t out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= len || text[i] != '.')
                return false;
            i++;
        }
        unsigned v = 0;
        size_t digits = 0;
        while (i < len && text[i] >= '0' && text[i] <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(text[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255)
            return false;
        out[part] = (uint8_t)v;
    }
    return i == len;
}

bool uhp_paddr_parse(const char *text, size_t len, bool allow_prefix, uhp_paddr *out)
{
    memset(out->bytes, 0, sizeof out->bytes);
    out->prefix_len = -1;
    out->family = 0;
    if (tcpip_parse_ipv4(text, len, out->bytes)) {
        out->family = 4;
        return true;
    }
    if (!memchr(text, ':', len) || len >= 64)
        return false;
    char buf[64];
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *slash = strchr(buf, '/');
    if (slash) {
        if (!allow_prefix || slash[1] == '\0' || strlen(slash + 1) > 3)
            return false;
        int n = 0;
        for (const char *q = slash + 1; *q; q++) {
            if (*q < '0' || *q > '9')
                return false;
            n = n * 10 + (*q - '0');
        }
        if (n > 128)
            return false;
        out->prefix_len = n;
        *slash = '\0';
    }
    if (inet_pton(AF_INET6, buf, out->bytes) != 1)
        return false;
    out->family = 6;
    return true;
}

/* Copies TEXT[0..LEN) into BUF of SIZE bytes (SIZE > 0) as snprintf "%s" would: cut to
 * SIZE - 1 bytes, always NUL-terminated. */
static void tcpip_copy_cut(char *buf, size_t size, const char *text, size_t len)
{
    if (len > size - 1)
        len = size - 1;
    memcpy(buf, text, len);
    buf[len] = '\0';
}

void uhp_paddr_format(const uhp_paddr *a, char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (a->family == 4) {
        /* Dotted decimal by hand: this runs for every address of every profile and for
         * every rule that asks for the DVIPA, where snprintf would dominate. */
        char tmp[16];
        size_t n = 0;
        for (int i = 0; i < 4; i++) {
            unsigned v = a->bytes[i];
            if (i)
                tmp[n++] = '.';
            if (v >= 100)
                tmp[n++] = (char)('0' + v / 100);
            if (v >= 10)
                tmp[n++] = (char)('0' + v / 10 % 10);
            tmp[n++] = (char)('0' + v % 10);
        }
        tcpip_copy_cut(buf, size, tmp, n);
    } else if (a->family == 6) {
        char tmp[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, a->bytes, tmp, sizeof tmp))
            tcpip_copy_cut(buf, size, tmp, strlen(tmp));
    } else if (a->tok.text) {
        tcpip_copy_cut(buf, size, a->tok.text, strlen(a->tok.text));
    }
}

bool uhp_paddr_equal(const uhp_paddr *a, const uhp_paddr *b)
{
    if (a->family != b->family)
        return false;
    if (a->family == 0)
        return a->tok.text && b->tok.text && strcasecmp(a->tok.text, b->tok.text) == 0;
    return memcmp(a->bytes, b->bytes, a->family == 4 ? 4 : 16) == 0;
}

const char *uhp_distmethod_name(uhp_distmethod m)
{
    switch (m) {
    case UHP_DM_BASEWLM:
        return "BASEWLM";
    case UHP_DM_ROUNDROBIN:
        return "ROUNDROBIN";
    case UHP_DM_SERVERWLM:
        return "SERVERWLM";
    case UHP_DM_WEIGHTEDACTIVE:
        return "WEIGHTEDACTIVE";
    case UHP_DM_HOTSTANDBY:
        return "HOTSTANDBY";
    case UHP_DM_TARGCONTROLLED:
        return "TARGCONTROLLED";
    }
    return "?";
}
