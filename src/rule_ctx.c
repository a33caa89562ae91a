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

#include "uhp/diag.h"
#include "uhp/fix.h"
#include "uhp/rule.h"
#include "uhp/tcpip.h"

/* Where a finding about NODE points: the key for maps and sequences, the value for scalars. */
static void ctx_node_span(const uhp_node *node, uhp_pos *start, uhp_pos *end)
{
    bool empty_value =
        node->kind == UHP_NODE_SCALAR && node->len == 0 && node->style == UHP_STYLE_PLAIN;
    if ((node->kind != UHP_NODE_SCALAR || empty_value) && node->key) {
        *start = uhp_node_key_pos(node);
        *end = uhp_node_key_pos(node);
        end->col += (uint32_t)strlen(node->key);
    } else {
        *start = node->start;
        *end = node->end.line ? node->end : node->start;
    }
}

void uhp_ctx_report(uhp_rule_ctx *ctx, const uhp_node *node, const uhp_report_as *as,
                    const char *message, const char *fix)
{
    uhp_severity sev = as && as->severity != UHP_SEV_OFF ? as->severity : ctx->rule->severity;
    if (as && as->severity == UHP_SEV_WARNING)
        ctx->warned = true;
    else
        ctx->failed = true;
    uhp_pos start = {0, 0}, end = {0, 0};
    char path[512];
    const char *key_path = as ? as->key_path : NULL;
    if (node) {
        if (as && as->at_key) {
            start = end = uhp_node_key_pos(node);
            end.col += node->key ? (uint32_t)strlen(node->key) : 0;
        } else {
            ctx_node_span(node, &start, &end);
        }
        if (!key_path) {
            uhp_node_path(node, path, sizeof path);
            key_path = path[0] ? path : NULL;
        }
    }
    const char *instances = as && as->instances ? as->instances : ctx->inst ? ctx->inst->id : NULL;
    uhp_finding f = {
        .rule_id = ctx->rule->id,
        .rule_name = ctx->rule->name,
        .severity = sev,
        .unverified = as && as->unverified,
        .instances = instances,
        .message = message ? message : "",
        .fix = fix,
        .key_path = key_path,
    };
    if (!uhp_run_add_located(ctx->run, &f, node ? uhp_node_source(node) : NULL, start, end))
        ctx->run->out_of_memory = true;
}

void uhp_ctx_fail(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix)
{
    uhp_ctx_report(ctx, node, NULL, message, fix);
}

/* Where a finding about VAL points. A value no file sets whose nearest ancestor exists
 * only in the built-in defaults is missing from the user's files: point at the top of the
 * highest-priority file, where it should be added, not at the tool's own table. */
static const uhp_node *ctx_value_node(const uhp_rule_ctx *ctx, const uhp_value *val)
{
    const uhp_node *n = uhp_value_location(val);
    if (val->kind == UHP_VAL_ABSENT &&
        (!n || (uhp_node_source(n) && uhp_node_source(n)->builtin)) && ctx->cfg &&
        ctx->cfg->n_layers > 1 && !ctx->cfg->layers[0]->src->builtin)
        return ctx->cfg->layers[0]->root;
    return n;
}

void uhp_ctx_report_value(uhp_rule_ctx *ctx, const uhp_value *val, const uhp_report_as *as,
                          const char *message, const char *fix)
{
    uhp_ctx_report(ctx, val ? ctx_value_node(ctx, val) : NULL, as, message, fix);
}

void uhp_ctx_fail_value(uhp_rule_ctx *ctx, const uhp_value *val, const char *message,
                        const char *fix)
{
    uhp_ctx_report(ctx, ctx_value_node(ctx, val), NULL, message, fix);
}

void uhp_ctx_warn(uhp_rule_ctx *ctx, const uhp_node *node, const char *message, const char *fix)
{
    uhp_ctx_report(ctx, node, &(uhp_report_as){.severity = UHP_SEV_WARNING}, message, fix);
}

void uhp_ctx_unverified(uhp_rule_ctx *ctx, const uhp_value *val, const char *message)
{
    uhp_ctx_report_value(
        ctx, val, &(uhp_report_as){.severity = UHP_SEV_WARNING, .unverified = true}, message, NULL);
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
