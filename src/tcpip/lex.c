/* Tokenizer for the TCP/IP profile's free format (z/OS Communications Server IP
 * Configuration Reference): blanks and end-of-record separate tokens, a statement may span
 * records with no continuation mark, `;` starts a comment to the end of the record, and
 * keywords are case-insensitive and may be abbreviated. Also address parsing. */
#include "uhp/tcpip.h"

#include <arpa/inet.h>
#include <stdio.h>
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

/* Advances over one byte, keeping line and column (columns count UTF-8 characters, so
 * continuation bytes do not move the column). */
static void tcpip_advance(uhp_tcpip_lexer *lx)
{
    unsigned char c = (unsigned char)*lx->p++;
    if (c == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((c & 0xc0) != 0x80) {
        lx->col++;
    }
}

/* Records the control byte at the cursor and returns -1. */
static int tcpip_bad(uhp_tcpip_lexer *lx)
{
    lx->bad_line = lx->line;
    lx->bad_col = lx->col;
    lx->bad_byte = (unsigned char)*lx->p;
    return -1;
}

int uhp_tcpip_lex(uhp_tcpip_lexer *lx, uhp_tcpip_token *tok)
{
    for (;;) {
        if (lx->p >= lx->end)
            return 0;
        unsigned char c = (unsigned char)*lx->p;
        if (tcpip_is_binary(c))
            return tcpip_bad(lx);
        if (tcpip_is_blank(c)) {
            tcpip_advance(lx);
            continue;
        }
        if (c == ';') {
            /* A comment runs to the end of the record; binary bytes in it still count,
             * since they mean the file is not a text profile. */
            while (lx->p < lx->end && *lx->p != '\n') {
                if (tcpip_is_binary((unsigned char)*lx->p))
                    return tcpip_bad(lx);
                tcpip_advance(lx);
            }
            continue;
        }
        break;
    }
    tok->text = lx->p;
    tok->line = lx->line;
    tok->col = lx->col;
    while (lx->p < lx->end) {
        unsigned char c = (unsigned char)*lx->p;
        if (tcpip_is_blank(c) || c == ';')
            break;
        if (tcpip_is_binary(c))
            return tcpip_bad(lx);
        tcpip_advance(lx);
    }
    tok->len = (size_t)(lx->p - tok->text);
    return 1;
}

bool uhp_tcpip_keyword(const uhp_tcpip_token *tok, const char *full, size_t minlen)
{
    size_t flen = strlen(full);
    if (tok->len < minlen || tok->len > flen)
        return false;
    return strncasecmp(tok->text, full, tok->len) == 0;
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

void uhp_paddr_format(const uhp_paddr *a, char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (a->family == 4) {
        snprintf(buf, size, "%u.%u.%u.%u", a->bytes[0], a->bytes[1], a->bytes[2], a->bytes[3]);
    } else if (a->family == 6) {
        char tmp[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, a->bytes, tmp, sizeof tmp))
            snprintf(buf, size, "%s", tmp);
    } else if (a->tok.text) {
        snprintf(buf, size, "%s", a->tok.text);
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
