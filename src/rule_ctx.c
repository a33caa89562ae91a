/* What a rule's check function calls to report: failures located at the node that decided
 * the value, "could not verify" warnings, and not-applicable notes. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "uhp/fix.h"
#include "uhp/rule.h"
#include "uhp/tcpip.h"

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
static bool ctx_key_near_secret(const char *key, size_t len)
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
static bool ctx_key_is_secret(const char *key, size_t len, const char *val, size_t vlen)
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
    if (uhp_key_is_secret(k) || ctx_key_near_secret(k, len))
        return true;
    if (strcasecmp(k, "key") != 0)
        return false;
    if (vlen && (val[0] == '"' || val[0] == '\''))
        val++, vlen--;
    return !(vlen == 0 || val[0] == '/' || (vlen >= 10 && strncmp(val, "safkeyring", 10) == 0));
}

/* The end of the quoted scalar that opens at LINE[I] (its closing quote), or LEN when it
 * does not close on this line. */
static size_t ctx_quote_end(const char *line, size_t len, size_t i)
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
static bool ctx_line_is_secret(const char *line, size_t len, size_t *value_at, bool opens)
{
    size_t kstart = 0;
    bool in_flow = false;
    for (size_t i = 0; i < len; i++) {
        char c = line[i];
        bool token_start = i == kstart || line[i - 1] == ' ' || line[i - 1] == '\t';
        if ((c == '"' || c == '\'') && token_start) {
            i = ctx_quote_end(line, len, i);
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
            ctx_key_is_secret(line + kstart, i - kstart, line + v, has_value ? len - v : 0)) {
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
static uint32_t ctx_token_end(const char *line, size_t len, uint32_t col)
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
static size_t ctx_indent(const char *line, size_t len, size_t *bytes)
{
    size_t i = 0, width = 0;
    for (; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
        width = line[i] == '\t' ? (width / 8 + 1) * 8 : width + 1;
    *bytes = i;
    return i < len && line[i] != '#' ? width : SIZE_MAX;
}

/* True when the line holds a mapping key: a ':' followed by a blank or the end of the line,
 * outside quotes and before a comment. */
static bool ctx_line_has_key(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((line[i] == '"' || line[i] == '\'') && (i == 0 || line[i - 1] == ' ')) {
            i = ctx_quote_end(line, len, i);
            continue;
        }
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
            return false;
        if (line[i] == ':' && (i + 1 == len || line[i + 1] == ' ' || line[i + 1] == '\t'))
            return true;
    }
    return false;
}

#define CTX_MAX_LOOKBACK 4096 /* lines walked back to find the key a line belongs to */

/* True when line NO of SRC (LINE, LEN) continues the value of a secret key on a line above:
 * the nearest line above that is less indented holds a secret key ("password: >",
 * "password:" or a multi-line scalar that starts there). A walk longer than
 * CTX_MAX_LOOKBACK lines counts as secret: hiding a quote is safe, showing a secret not. */
static bool ctx_line_continues_secret(uhp_source *src, unsigned no, const char *line, size_t len)
{
    size_t bytes;
    size_t indent = ctx_indent(line, len, &bytes);
    if (indent == 0 || indent == SIZE_MAX)
        return false;
    for (unsigned k = no - 1, walked = 0; k >= 1; k--, walked++) {
        if (walked == CTX_MAX_LOOKBACK)
            return true;
        size_t plen = 0;
        const char *prev = uhp_source_line(src, k, &plen);
        if (!prev)
            return false;
        size_t pi = ctx_indent(prev, plen, &bytes);
        if (pi >= indent) /* also a blank line or a comment (SIZE_MAX) */
            continue;
        size_t at = 0;
        if (!ctx_line_is_secret(prev, plen, &at, true))
            return false;
        /* "credentials:" over "  user: admin" is a mapping, not a value that continues. */
        return at < plen || !ctx_line_has_key(line, len);
    }
    return false;
}

uhp_finding *uhp_run_add_at(uhp_run *run, const char *rule_id, const uhp_source *src, uhp_pos start,
                            uhp_pos end, const char *key_path, const char *message, const char *fix)
{
    const uhp_rule *rule = uhp_rule_find(rule_id);
    uhp_finding f;
    memset(&f, 0, sizeof f);
    f.rule_id = rule_id;
    f.rule_name = rule ? rule->name : rule_id;
    f.severity = rule ? rule->severity : UHP_SEV_ERROR;
    f.message = message ? message : "";
    f.fix = fix;
    f.key_path = key_path;
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
            f.end_col = ctx_token_end(line, len, start.col);
        if (line) {
            size_t value_at = 0;
            if (len > sizeof quoted - 16)
                len = sizeof quoted - 16;
            if (ctx_line_is_secret(line, len, &value_at, false)) {
                snprintf(quoted, sizeof quoted, "%.*s********", (int)value_at, line);
            } else if (ctx_line_continues_secret((uhp_source *)src, start.line, line, len)) {
                size_t indent = 0;
                ctx_indent(line, len, &indent);
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

/* Where a finding about NODE points: the key for maps and sequences, the value for scalars. */
static void ctx_node_span(const uhp_node *node, uhp_pos *start, uhp_pos *end)
{
    bool empty_value =
        node->kind == UHP_NODE_SCALAR && node->len == 0 && node->style == UHP_STYLE_PLAIN;
    if ((node->kind != UHP_NODE_SCALAR || empty_value) && node->key) {
        *start = node->key_pos;
        *end = node->key_pos;
        end->col += (uint32_t)strlen(node->key);
    } else {
        *start = node->start;
        *end = node->end.line ? node->end : node->start;
    }
}

/* Adds a finding for the ctx's rule and instance at NODE, with SEV. */
static void ctx_add(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix,
                    uhp_severity sev, bool unverified)
{
    uhp_pos start = {0, 0}, end = {0, 0};
    char path[512];
    const char *key_path = NULL;
    if (node) {
        ctx_node_span(node, &start, &end);
        uhp_node_path(node, path, sizeof path);
        key_path = path[0] ? path : NULL;
    }
    uhp_finding *f = uhp_run_add_at(ctx->run, ctx->rule->id, node ? node->src : NULL, start, end,
                                    key_path, message, fix);
    if (!f)
        return;
    f->severity = sev;
    f->unverified = unverified;
    if (ctx->inst) {
        f->instances = uhp_arena_strndup(&ctx->run->arena, ctx->inst->id, strlen(ctx->inst->id));
        if (!f->instances)
            ctx->run->out_of_memory = true;
    }
}

void uhp_ctx_fail(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix)
{
    ctx->failed = true;
    ctx_add(ctx, node, message, fix, ctx->rule->severity, false);
}

/* Where a finding about VAL points. A value no file sets whose nearest ancestor exists
 * only in the built-in defaults is missing from the user's files: point at the top of the
 * highest-priority file, where it should be added, not at the tool's own table. */
static const uhp_node *ctx_value_node(const uhp_rule_ctx *ctx, const uhp_value *val)
{
    const uhp_node *n = uhp_value_location(val);
    if (val->kind == UHP_VAL_ABSENT && (!n || (n->src && n->src->builtin)) && ctx->cfg &&
        ctx->cfg->n_layers > 1 && !ctx->cfg->layers[0]->src->builtin)
        return ctx->cfg->layers[0]->root;
    return n;
}

void uhp_ctx_fail_value(uhp_rule_ctx *ctx, const uhp_value *val, const char *message,
                        const char *fix)
{
    uhp_ctx_fail(ctx, ctx_value_node(ctx, val), message, fix);
}

void uhp_ctx_warn(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix)
{
    ctx->warned = true;
    ctx_add(ctx, node, message, fix, UHP_SEV_WARNING, false);
}

void uhp_ctx_unverified(uhp_rule_ctx *ctx, const uhp_value *val, const char *message)
{
    ctx->warned = true;
    ctx_add(ctx, val ? ctx_value_node(ctx, val) : NULL, message, NULL, UHP_SEV_WARNING, true);
}

void uhp_ctx_fail_at(uhp_rule_ctx *ctx, const char *file, unsigned line, unsigned col,
                     const char *key_path, const char *message, const char *fix)
{
    ctx->failed = true;
    uhp_finding f;
    memset(&f, 0, sizeof f);
    f.rule_id = ctx->rule->id;
    f.rule_name = ctx->rule->name;
    f.severity = ctx->rule->severity;
    f.instances = ctx->inst ? ctx->inst->id : NULL;
    f.message = message;
    f.fix = fix;
    f.file = file;
    f.line = line;
    f.col = col;
    f.end_line = line;
    f.end_col = col;
    f.key_path = key_path;
    /* Quote the profile line as YAML findings quote theirs. */
    char quoted[512];
    const char *qt;
    size_t ql;
    uint32_t ec;
    if (ctx->profile && uhp_profile_quote(ctx->profile, file, line, col, &qt, &ql, &ec)) {
        snprintf(quoted, sizeof quoted, "%.*s", (int)(ql < 500 ? ql : 500), qt);
        f.source_line = quoted;
        f.end_col = ec;
    }
    uhp_run_add_finding(ctx->run, &f);
}

void uhp_ctx_not_applicable(uhp_rule_ctx *ctx, const char *note)
{
    ctx->not_applicable = true;
    ctx->note = note;
}

const char *uhp_ctx_printf(uhp_rule_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = uhp_arena_vprintf(ctx->arena, fmt, ap);
    va_end(ap);
    if (!p) {
        ctx->run->out_of_memory = true;
        return "";
    }
    return p;
}

bool uhp_dvipa_declared(const uhp_dvipa *d)
{
    return d && (d->address || d->n_names);
}

/* Parses S as an IPv4 or IPv6 address into BUF (16 bytes); returns the family or 0. */
static int ctx_ip_parse(const char *s, unsigned char *buf)
{
    if (inet_pton(AF_INET, s, buf) == 1)
        return AF_INET;
    if (inet_pton(AF_INET6, s, buf) == 1)
        return AF_INET6;
    return 0;
}

bool uhp_ip_address_valid(const char *s)
{
    unsigned char buf[16];
    return s && ctx_ip_parse(s, buf) != 0;
}

/* True when A and B are the same address (written alike, or the same bytes). */
static bool ctx_same_address(const char *a, const char *b)
{
    if (strcasecmp(a, b) == 0)
        return true;
    unsigned char ba[16], bb[16];
    int fa = ctx_ip_parse(a, ba);
    return fa && fa == ctx_ip_parse(b, bb) && memcmp(ba, bb, fa == AF_INET ? 4 : 16) == 0;
}

uhp_dvipa_name_kind uhp_dvipa_judge(const uhp_dvipa *d, const char *s, uhp_arena *arena,
                                    const char **resolved)
{
    if (resolved)
        *resolved = NULL;
    if (uhp_dvipa_matches(d, s))
        return UHP_DVIPA_NAME_MATCHES;
    if (!d || !d->address || uhp_ip_address_valid(s))
        return UHP_DVIPA_NAME_DIFFERS;
    if (d->resolve) {
        char addrs[16][46];
        int n = d->resolve(d->resolve_ud, s, addrs, 16);
        for (int i = 0; i < n; i++)
            if (ctx_same_address(addrs[i], d->address)) {
                if (resolved)
                    *resolved = uhp_arena_strndup(arena, addrs[i], strlen(addrs[i]));
                return UHP_DVIPA_NAME_MATCHES;
            }
        if (n > 0) {
            if (resolved)
                *resolved = uhp_arena_strndup(arena, addrs[0], strlen(addrs[0]));
            return UHP_DVIPA_NAME_DIFFERS;
        }
    }
    /* Names were declared for the DVIPA and this is none of them: the user said which
     * names stand for it. Without names, nothing ties a name to the address. */
    return d->n_names > 0 ? UHP_DVIPA_NAME_DIFFERS : UHP_DVIPA_NAME_UNKNOWN;
}

int uhp_resolve_getaddrinfo(void *ud, const char *name, char (*out)[46], int max)
{
    (void)ud;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc == EAI_NONAME
#ifdef EAI_NODATA
        || rc == EAI_NODATA
#endif
    )
        return 0;
    if (rc != 0)
        return -1;
    int n = 0;
    for (const struct addrinfo *a = res; a && n < max; a = a->ai_next) {
        const void *p = NULL;
        if (a->ai_family == AF_INET)
            p = &((const struct sockaddr_in *)(const void *)a->ai_addr)->sin_addr;
        else if (a->ai_family == AF_INET6)
            p = &((const struct sockaddr_in6 *)(const void *)a->ai_addr)->sin6_addr;
        if (p && inet_ntop(a->ai_family, p, out[n], 46))
            n++;
    }
    freeaddrinfo(res);
    return n;
}

bool uhp_dvipa_matches(const uhp_dvipa *d, const char *s)
{
    if (!d || !s || !*s)
        return false;
    if (d->address && ctx_same_address(d->address, s))
        return true;
    for (size_t i = 0; i < d->n_names; i++)
        if (strcasecmp(d->names[i], s) == 0)
            return true;
    return false;
}

/* True when line NO of SRC holds a secret value, is a secret key with its value on the
 * lines below, or continues such a value: what a patch's context must never show. */
bool uhp_source_line_secret(uhp_source *src, unsigned no)
{
    size_t len = 0, at;
    const char *line = uhp_source_line(src, no, &len);
    if (!line)
        return false;
    return ctx_line_is_secret(line, len, &at, true) ||
           ctx_line_continues_secret(src, no, line, len);
}
