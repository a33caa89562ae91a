/* Findings located in a source file: the quoted line, with the values of secret keys
 * redacted when the quote is made, so no report ever sees them. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "uhp/diag.h"
#include "uhp/fix.h"

bool uhp_key_is_secret(const char *key)
{
    static const char *const words[] = {"password", "passphrase", "passwd",     "secret",
                                        "token",    "credential", "privatekey", "apikey"};
    char low[128];
    size_t n = 0;
    for (; key[n] && n < sizeof low - 1; n++)
        low[n] = (char)tolower((unsigned char)key[n]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(low, words[i]))
            return true;
    return false;
}

/* True when KEY (lower case) is close to a secret word without containing one: the
 * spellings people type for a password ("pasword", "passwrd", "pwd", "pass", "pw"), as a
 * whole word of the key (split at '_', '-', '.' and a lower-to-upper case change) or, for
 * the misspellings, anywhere in it. */
static bool quote_key_near_secret(const char *key, size_t len)
{
    static const char *const inside[] = {"pasword",  "passwrd",  "paswrd", "paswd",
                                         "passwort", "passowrd", "pwd"};
    static const char *const words[] = {"pass", "pw", "pwd", "pin", "passw", "pswd"};
    char low[128];
    if (len >= sizeof low)
        return false;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)tolower((unsigned char)key[i]);
    low[len] = '\0';
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++)
        if (strstr(low, inside[i]))
            return true;
    for (size_t start = 0; start < len;) {
        size_t end = start + 1;
        while (end < len && isalnum((unsigned char)key[end]) &&
               !(islower((unsigned char)key[end - 1]) && isupper((unsigned char)key[end])))
            end++;
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (end - start == strlen(words[i]) && !memcmp(low + start, words[i], end - start))
                return true;
        start = end;
        while (start < len && !isalnum((unsigned char)key[start]))
            start++;
    }
    return false;
}

/* True when key KEY (LEN bytes, quotes and blanks around it allowed) holds a secret whose
 * value starts at VAL: a secret key (or one close to a secret word), or a key named 'key'
 * whose value is not a path or a key ring. */
static bool quote_key_is_secret(const char *key, size_t len, const char *val, size_t vlen)
{
    while (len && (*key == ' ' || *key == '\t' || *key == '-' || *key == '"' || *key == '\'' ||
                   *key == '?'))
        key++, len--;
    while (len && (key[len - 1] == ' ' || key[len - 1] == '\t' || key[len - 1] == '"' ||
                   key[len - 1] == '\''))
        len--;
    char k[128];
    if (len == 0 || len >= sizeof k)
        return false;
    memcpy(k, key, len);
    k[len] = '\0';
    if (uhp_key_is_secret(k) || quote_key_near_secret(k, len))
        return true;
    if (strcasecmp(k, "key") != 0)
        return false;
    if (vlen && (val[0] == '"' || val[0] == '\''))
        val++, vlen--;
    return !(vlen == 0 || val[0] == '/' || (vlen >= 10 && strncmp(val, "safkeyring", 10) == 0));
}

/* The end of the quoted scalar that opens at LINE[I] (its closing quote), or LEN when it
 * does not close on this line. */
static size_t quote_quote_end(const char *line, size_t len, size_t i)
{
    char q = line[i];
    for (size_t j = i + 1; j < len; j++) {
        if (q == '"' && line[j] == '\\') {
            j++;
            continue;
        }
        if (line[j] != q)
            continue;
        if (q == '\'' && j + 1 < len && line[j + 1] == '\'') {
            j++;
            continue;
        }
        return j;
    }
    return len;
}

/* True when the YAML line holds a secret value under any of its keys: the block key at the
 * start ("password: x", "- password: x"), a key inside a flow mapping on the line
 * ("keystore: {type: PKCS12, password: x}"), also JSON style without a blank
 * ({"password":"x"}). Quoted scalars are skipped whole, so a '#' or ',' inside one ends
 * nothing. *VALUE_AT gets the offset of the first secret value: the line is hidden from
 * there on. With OPENS, a secret key with nothing after it on the line counts too (its
 * value is on the lines below; *VALUE_AT is then LEN). */
static bool quote_line_is_secret(const char *line, size_t len, size_t *value_at, bool opens)
{
    size_t kstart = 0;
    bool in_flow = false;
    for (size_t i = 0; i < len; i++) {
        char c = line[i];
        bool token_start = i == kstart || line[i - 1] == ' ' || line[i - 1] == '\t';
        if ((c == '"' || c == '\'') && token_start) {
            i = quote_quote_end(line, len, i);
            continue;
        }
        if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
            return false; /* a comment: no value follows */
        if (c == '{' || c == ',' || c == '[' || (c == '-' && i == kstart)) {
            in_flow = in_flow || c != '-';
            kstart = i + 1;
            continue;
        }
        bool after_quote = i > 0 && (line[i - 1] == '"' || line[i - 1] == '\'');
        if (c != ':' ||
            (i + 1 < len && line[i + 1] != ' ' && line[i + 1] != '\t' && !in_flow && !after_quote))
            continue;
        size_t v = i + 1;
        while (v < len && (line[v] == ' ' || line[v] == '\t'))
            v++;
        bool has_value = v < len && line[v] != '#';
        if ((has_value || opens) &&
            quote_key_is_secret(line + kstart, i - kstart, line + v, has_value ? len - v : 0)) {
            *value_at = has_value ? v : len;
            return true;
        }
        kstart = v;
    }
    return false;
}

/* A finding given one position (the loader's) underlines the scalar that starts there:
 * returns the 1-based column just past it on LINE (LEN bytes), the closing quote included
 * for a quoted scalar, up to a comment, a flow indicator or the end of the line for a plain
 * one; COL itself when nothing starts there. */
static uint32_t quote_token_end(const char *line, size_t len, uint32_t col)
{
    size_t i = col - 1;
    if (i >= len)
        return col;
    char q = line[i];
    if (q == '"' || q == '\'') {
        for (size_t k = i + 1; k < len; k++) {
            if (q == '"' && line[k] == '\\') {
                k++;
                continue;
            }
            if (line[k] == q && q == '\'' && k + 1 < len && line[k + 1] == '\'') {
                k++;
                continue;
            }
            if (line[k] == q)
                return (uint32_t)(k + 2);
        }
        return col;
    }
    size_t k = i, last = i;
    for (; k < len; k++) {
        char c = line[k];
        if (c == ',' || c == ']' || c == '}' || c == '\r' ||
            (c == '#' && k > i && (line[k - 1] == ' ' || line[k - 1] == '\t')))
            break;
        if (c != ' ' && c != '\t')
            last = k;
    }
    return last > i || (k > i && line[i] != ' ') ? (uint32_t)(last + 2) : col;
}

/* The indentation of a line: the width of the blanks before its first character (a tab
 * to the next multiple of 8, as a typist meant it), their byte count in *BYTES; SIZE_MAX
 * when the line is blank or a comment. */
static size_t quote_indent(const char *line, size_t len, size_t *bytes)
{
    size_t i = 0, width = 0;
    for (; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
        width = line[i] == '\t' ? (width / 8 + 1) * 8 : width + 1;
    *bytes = i;
    return i < len && line[i] != '#' ? width : SIZE_MAX;
}

/* True when the line holds a mapping key: a ':' followed by a blank or the end of the line,
 * outside quotes and before a comment. */
static bool quote_line_has_key(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((line[i] == '"' || line[i] == '\'') && (i == 0 || line[i - 1] == ' ')) {
            i = quote_quote_end(line, len, i);
            continue;
        }
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
            return false;
        if (line[i] == ':' && (i + 1 == len || line[i + 1] == ' ' || line[i + 1] == '\t'))
            return true;
    }
    return false;
}

#define QUOTE_MAX_LOOKBACK 4096 /* lines walked back to find the key a line belongs to */

/* True when line NO of SRC (LINE, LEN) continues the value of a secret key on a line above:
 * the nearest line above that is less indented holds a secret key ("password: >",
 * "password:" or a multi-line scalar that starts there). A walk longer than
 * QUOTE_MAX_LOOKBACK lines counts as secret: hiding a quote is safe, showing a secret not. */
static bool quote_line_continues_secret(uhp_source *src, unsigned no, const char *line, size_t len)
{
    size_t bytes;
    size_t indent = quote_indent(line, len, &bytes);
    if (indent == 0 || indent == SIZE_MAX)
        return false;
    for (unsigned k = no - 1, walked = 0; k >= 1; k--, walked++) {
        if (walked == QUOTE_MAX_LOOKBACK)
            return true;
        size_t plen = 0;
        const char *prev = uhp_source_line(src, k, &plen);
        if (!prev)
            return false;
        size_t pi = quote_indent(prev, plen, &bytes);
        if (pi >= indent) /* also a blank line or a comment (SIZE_MAX) */
            continue;
        size_t at = 0;
        if (!quote_line_is_secret(prev, plen, &at, true))
            return false;
        /* "credentials:" over "  user: admin" is a mapping, not a value that continues. */
        return at < plen || !quote_line_has_key(line, len);
    }
    return false;
}

uhp_finding *uhp_run_add_located(uhp_run *run, const uhp_finding *proto, const uhp_source *src,
                                 uhp_pos start, uhp_pos end)
{
    uhp_finding f = *proto;
    f.file = NULL;
    f.line = f.col = f.end_line = f.end_col = 0;
    f.source_line = NULL;
    f.builtin_default = false;
    char quoted[512];
    if (src && src->builtin) {
        f.builtin_default = true;
    } else if (src) {
        f.file = src->name;
        f.line = start.line;
        f.col = start.col;
        f.end_line = end.line;
        f.end_col = end.col;
        size_t len = 0;
        const char *line = uhp_source_line((uhp_source *)src, start.line, &len);
        if (!line && start.line > 0 && src->data && !src->line_starts) {
            /* The line index could not be built: fail rather than drop the quote. */
            run->out_of_memory = true;
            return NULL;
        }
        if (line && start.col > 0 && end.line == start.line && end.col == start.col)
            f.end_col = quote_token_end(line, len, start.col);
        if (line) {
            size_t value_at = 0;
            if (len > sizeof quoted - 16)
                len = sizeof quoted - 16;
            if (quote_line_is_secret(line, len, &value_at, false)) {
                snprintf(quoted, sizeof quoted, "%.*s********", (int)value_at, line);
            } else if (quote_line_continues_secret((uhp_source *)src, start.line, line, len)) {
                size_t indent = 0;
                quote_indent(line, len, &indent);
                snprintf(quoted, sizeof quoted, "%.*s********", (int)indent, line);
            } else {
                memcpy(quoted, line, len);
                quoted[len] = '\0';
            }
            f.source_line = quoted;
        }
    }
    return uhp_run_add_finding(run, &f);
}

/* True when line NO of SRC holds a secret value, is a secret key with its value on the
 * lines below, or continues such a value: what a patch's context must never show. */
bool uhp_source_line_secret(uhp_source *src, unsigned no)
{
    size_t len = 0, at;
    const char *line = uhp_source_line(src, no, &len);
    if (!line)
        return false;
    return quote_line_is_secret(line, len, &at, true) ||
           quote_line_continues_secret(src, no, line, len);
}
