/* Parser for the VIPADYNAMIC ... ENDVIPADYNAMIC blocks of a TCP/IP profile. A statement runs
 * from its keyword to the next statement keyword, since the profile has no terminator. IBM's
 * block semantics: a syntax error (or EZZ0831I) ends processing of the rest of the block, so
 * every later statement of the block is reported as ignored. Statements outside the blocks
 * are skipped. No recursion: one loop over the tokens. */
#include "uhp/tcpip.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"

enum tcpip_kind {
    K_UNSET = -2, /* not worked out yet */
    K_NONE = -1,
    K_DEFINE = UHP_VS_DEFINE,
    K_BACKUP = UHP_VS_BACKUP,
    K_RANGE = UHP_VS_RANGE,
    K_DELETE = UHP_VS_DELETE,
    K_DIST = UHP_VS_DISTRIBUTE,
    K_ROUTE = UHP_VS_ROUTE,
    K_SMPARMS = UHP_VS_SMPARMS,
    K_END = 100,
    K_BEGIN,
};

/* Statement keywords with IBM's shortest abbreviation, longest-minimum first so that "VIPAD"
 * inside a block reads as VIPADYNAMIC only when it is no other statement. */
static const struct {
    const char *full;
    size_t min;
    int kind;
} tcpip_stmt_kws[] = {
    {"VIPADEFINE", 7, K_DEFINE},   {"VIPADISTRIBUTE", 8, K_DIST}, {"VIPADELETE", 7, K_DELETE},
    {"VIPABACKUP", 5, K_BACKUP},   {"VIPARANGE", 5, K_RANGE},     {"VIPAROUTE", 6, K_ROUTE},
    {"VIPASMPARMS", 6, K_SMPARMS}, {"ENDVIPADYNAMIC", 8, K_END},  {"VIPADYNAMIC", 5, K_BEGIN},
};

static const char *const tcpip_stmt_names[] = {
    "VIPADEFINE",     "VIPABACKUP", "VIPARANGE",   "VIPADELETE",
    "VIPADISTRIBUTE", "VIPAROUTE",  "VIPASMPARMS",
};

#define TCPIP_FIX_GENERIC                                                                          \
    "correct the statement as the z/OS Communications Server IP Configuration Reference "          \
    "shows it, then check the profile with VARY TCPIP,,SYNTAXCHECK"

typedef struct tcpip_parser {
    uhp_profile *prof;
    const char *file;
    size_t file_index;
    uhp_tcpip_lexer lx;
    uhp_tcpip_token peek;
    int peek_rc;   /* 2: nothing peeked yet */
    int peek_kind; /* statement kind of the peeked token, K_UNSET until asked */
    bool binary;
    bool oom;
    uint32_t block;
    /* the current statement's tokens, keyword first */
    uhp_tcpip_token *toks;
    size_t n_toks, cap_toks, i;
    /* scratch arrays of the current statement */
    uhp_paddr *addrs;
    size_t n_addrs, cap_addrs;
    uhp_pport *ports;
    size_t n_ports, cap_ports;
    uhp_pdest *dests;
    size_t n_dests, cap_dests;
    /* the first error of the current statement */
    bool err;
    uint32_t err_line, err_col;
    const char *err_msg, *err_fix;
} tcpip_parser;

/* Grows the heap vector *V (element size ELEM) to hold one more than N items. Returns false
 * when memory runs out (*V is kept). */
static bool tcpip_grow(void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *nv = uhp_realloc(*v, ncap * elem);
    if (!nv)
        return false;
    *v = nv;
    *cap = ncap;
    return true;
}

/* Grows an arena array (the profile's statements and diags): copies to a block twice the
 * size. Returns false when memory runs out. */
static bool tcpip_arena_grow(uhp_arena *a, void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 32;
    void *nv = uhp_arena_alloc(a, ncap * elem);
    if (!nv)
        return false;
    if (n)
        memcpy(nv, *v, n * elem);
    *v = nv;
    *cap = ncap;
    return true;
}

/* Returns the statement kind of TOK, or K_NONE. */
static int tcpip_stmt_kind(const uhp_tcpip_token *tok)
{
    /* Every statement keyword starts with V or E and is abbreviated to 5 characters at the
     * least: most tokens (addresses, ports, options) are ruled out without the table. */
    unsigned char c = tok->len >= 5 ? (unsigned char)(tok->text[0] & ~0x20) : 0;
    if (c != 'V' && c != 'E')
        return K_NONE;
    /* The fifth character (an upper-case letter in every keyword) picks the candidates. */
    unsigned char c4 = (unsigned char)(tok->text[4] & ~0x20);
    for (size_t k = 0; k < sizeof tcpip_stmt_kws / sizeof tcpip_stmt_kws[0]; k++) {
        const char *full = tcpip_stmt_kws[k].full;
        if ((unsigned char)full[0] == c && (unsigned char)full[4] == c4 &&
            uhp_tcpip_keyword(tok, full, tcpip_stmt_kws[k].min))
            return tcpip_stmt_kws[k].kind;
    }
    return K_NONE;
}

/* Peeks at the next token. Returns false at the end of input or at binary data (then
 * ps->binary is set and the lexer stays there). */
static bool tcpip_peek(tcpip_parser *ps, uhp_tcpip_token *out)
{
    if (ps->peek_rc == 2) {
        ps->peek_rc = uhp_tcpip_lex(&ps->lx, &ps->peek);
        ps->peek_kind = K_UNSET;
    }
    if (ps->peek_rc < 0)
        ps->binary = true;
    if (ps->peek_rc != 1)
        return false;
    if (out)
        *out = ps->peek;
    return true;
}

/* Returns the statement kind of the token just peeked: worked out once, though the end of a
 * statement and the start of the next both ask. */
static int tcpip_peeked_kind(tcpip_parser *ps)
{
    if (ps->peek_kind == K_UNSET)
        ps->peek_kind = tcpip_stmt_kind(&ps->peek);
    return ps->peek_kind;
}

/* Consumes the peeked token. */
static void tcpip_next(tcpip_parser *ps)
{
    if (ps->peek_rc == 1)
        ps->peek_rc = 2;
}

/* Returns an arena copy of TOK's text for messages: at most 40 characters, with "..." when
 * cut. Returns "" when memory runs out (ps->oom is set). */
static const char *tcpip_show(tcpip_parser *ps, const uhp_tcpip_token *tok)
{
    int n = tok->len > 40 ? 40 : (int)tok->len;
    char *s = uhp_arena_printf(ps->prof->arena, "%.*s%s", n, tok->text, tok->len > 40 ? "..." : "");
    if (!s) {
        ps->oom = true;
        return "";
    }
    return s;
}

/* Returns TOK as a profile token: upper-cased arena copy and place. Sets ps->oom (and
 * returns an empty text) when memory runs out. */
static uhp_ptok tcpip_ptok(tcpip_parser *ps, const uhp_tcpip_token *tok)
{
    uhp_ptok p = {"", tok->line, tok->col};
    char *s = uhp_arena_strndup(ps->prof->arena, tok->text, tok->len);
    if (!s) {
        ps->oom = true;
        return p;
    }
    for (char *q = s; *q; q++)
        *q = (char)toupper((unsigned char)*q);
    p.text = s;
    return p;
}

/* Records a diag (rule UHA201) in the profile. Returns false when memory runs out. */
static bool tcpip_diag(tcpip_parser *ps, uint32_t line, uint32_t col, uint32_t sline, uint32_t scol,
                       bool ignored, const char *msg, const char *fix)
{
    uhp_profile *p = ps->prof;
    if (!msg || !tcpip_arena_grow(p->arena, (void **)&p->diags, &p->cap_diags, p->n_diags,
                                  sizeof *p->diags)) {
        ps->oom = true;
        return false;
    }
    uhp_tcpip_diag *d = &p->diags[p->n_diags++];
    memset(d, 0, sizeof *d);
    d->file = ps->file;
    d->line = line;
    d->col = col;
    d->stmt_line = sline;
    d->stmt_col = scol;
    d->message = msg;
    d->fix = fix;
    d->ignored_stmt = ignored;
    return true;
}

/* Records the first error of the current statement at TOK (NULL: the statement's last
 * token, for "ends without ..."). Always returns false, so parsers can `return tcpip_fail`. */
static bool tcpip_fail(tcpip_parser *ps, const uhp_tcpip_token *tok, const char *fix,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool tcpip_fail(tcpip_parser *ps, const uhp_tcpip_token *tok, const char *fix,
                       const char *fmt, ...)
{
    if (ps->err)
        return false;
    if (!tok)
        tok = &ps->toks[ps->n_toks - 1];
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ps->err = true;
    ps->err_line = tok->line;
    ps->err_col = tok->col;
    ps->err_msg = uhp_arena_strndup(ps->prof->arena, buf, strlen(buf));
    ps->err_fix = fix ? fix : TCPIP_FIX_GENERIC;
    if (!ps->err_msg)
        ps->oom = true;
    return false;
}

/* Returns the current argument token of the statement, or NULL past the end. */
static const uhp_tcpip_token *tcpip_at(const tcpip_parser *ps)
{
    return ps->i < ps->n_toks ? &ps->toks[ps->i] : NULL;
}

/* Consumes the current token when it is keyword FULL (abbreviated to MINLEN or more). */
static bool tcpip_accept(tcpip_parser *ps, const char *full, size_t minlen)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (t && uhp_tcpip_keyword(t, full, minlen)) {
        ps->i++;
        return true;
    }
    return false;
}

/* True when TOK is all digits. */
static bool tcpip_is_digits(const uhp_tcpip_token *tok)
{
    if (tok->len == 0)
        return false;
    for (size_t k = 0; k < tok->len; k++) {
        if (tok->text[k] < '0' || tok->text[k] > '9')
            return false;
    }
    return true;
}

/* Parses TOK as a decimal number in [LO, HI] into *OUT. Returns false when it is not. */
static bool tcpip_number(const uhp_tcpip_token *tok, uint32_t lo, uint32_t hi, uint32_t *out)
{
    if (!tcpip_is_digits(tok) || tok->len > 9)
        return false;
    uint32_t v = 0;
    for (size_t k = 0; k < tok->len; k++)
        v = v * 10 + (uint32_t)(tok->text[k] - '0');
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Reads the number after keyword KW (already consumed) into *OUT. Returns false with an error
 * when it is missing or out of [LO, HI]; a system symbol is accepted (and *OUT set to LO). */
static bool tcpip_kw_number(tcpip_parser *ps, const char *kw, uint32_t lo, uint32_t hi,
                            uint32_t *out)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL, NULL, "'%s' needs a number from %u to %u", kw, lo, hi);
    if (uhp_tcpip_is_symbolic(t)) {
        ps->i++;
        *out = lo;
        return true;
    }
    if (!tcpip_number(t, lo, hi, out))
        return tcpip_fail(ps, t, NULL, "'%s' after '%s' is not a number from %u to %u",
                          tcpip_show(ps, t), kw, lo, hi);
    ps->i++;
    return true;
}

/* Fills *OUT from TOK when it is an IPv4 or IPv6 address (IPv6 /prefix when ALLOW_PREFIX) or a
 * system symbol. Returns false (no error recorded) when it is none of these. */
static bool tcpip_addr(tcpip_parser *ps, const uhp_tcpip_token *tok, bool allow_prefix,
                       uhp_paddr *out)
{
    memset(out, 0, sizeof *out);
    if (uhp_tcpip_is_symbolic(tok)) {
        out->family = 0;
        out->prefix_len = -1;
    } else if (!uhp_paddr_parse(tok->text, tok->len, allow_prefix, out)) {
        return false;
    }
    out->tok = tcpip_ptok(ps, tok);
    char buf[64];
    uhp_paddr_format(out, buf, sizeof buf);
    out->canon = uhp_arena_strndup(ps->prof->arena, buf, strlen(buf));
    if (!out->canon) {
        ps->oom = true;
        out->canon = "";
    }
    return true;
}

/* True when TOK reads as an address (or a system symbol) rather than a name or keyword. */
static bool tcpip_looks_addr(const uhp_tcpip_token *tok, bool allow_prefix)
{
    uhp_paddr tmp;
    return uhp_tcpip_is_symbolic(tok) || uhp_paddr_parse(tok->text, tok->len, allow_prefix, &tmp);
}

/* True when TOK can be an IPv6 interface name: 1-16 characters, a letter first, no dots or
 * colons (so no address and no number). */
static bool tcpip_is_name(const uhp_tcpip_token *tok)
{
    if (tok->len == 0 || tok->len > 16 || !isalpha((unsigned char)tok->text[0]))
        return false;
    for (size_t k = 0; k < tok->len; k++) {
        unsigned char c = (unsigned char)tok->text[k];
        if (!isalnum(c) && c != '_' && c != '#' && c != '@' && c != '$')
            return false;
    }
    return true;
}

/* Appends *A to the statement's scratch addresses. Returns false when memory runs out. */
static bool tcpip_push_addr(tcpip_parser *ps, const uhp_paddr *a)
{
    if (!tcpip_grow((void **)&ps->addrs, &ps->cap_addrs, ps->n_addrs, sizeof *a)) {
        ps->oom = true;
        return false;
    }
    ps->addrs[ps->n_addrs++] = *a;
    return true;
}

/* True when the IPv4 address is a contiguous subnet mask. */
static bool tcpip_is_mask(const uhp_paddr *m)
{
    if (m->family != 4)
        return m->family == 0; /* a symbol: only z/OS knows */
    uint32_t v = ((uint32_t)m->bytes[0] << 24) | ((uint32_t)m->bytes[1] << 16) |
                 ((uint32_t)m->bytes[2] << 8) | m->bytes[3];
    uint32_t inv = ~v;
    return (inv & (inv + 1)) == 0;
}

/* Reads "address_mask ipv4_addr..." (at least one address; MAX_ADDRS 0 for no limit) for
 * statement NAME into s->mask and the scratch addresses. Returns false with an error. */
static bool tcpip_mask_and_addrs(tcpip_parser *ps, uhp_vstmt *s, const char *name, size_t max_addrs)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    uhp_paddr a;
    if (!t)
        return tcpip_fail(ps, NULL, NULL, "'%s' needs an address mask and an address", name);
    if (!tcpip_addr(ps, t, false, &s->mask) || s->mask.family == 6)
        return tcpip_fail(ps, t, NULL, "'%s' is not an IPv4 address mask in '%s'",
                          tcpip_show(ps, t), name);
    if (!tcpip_is_mask(&s->mask))
        return tcpip_fail(ps, t, NULL,
                          "'%s' in '%s' is not a valid subnet mask "
                          "(the 1 bits must be contiguous)",
                          tcpip_show(ps, t), name);
    s->has_mask = true;
    ps->i++;
    size_t n = 0;
    while ((t = tcpip_at(ps)) != NULL && tcpip_looks_addr(t, true)) {
        if (!tcpip_addr(ps, t, false, &a) || a.family == 6)
            return tcpip_fail(ps, t, NULL,
                              "'%s' in '%s' is an IPv6 address after an IPv4 "
                              "mask; IPv4 and IPv6 addresses cannot be mixed in one statement",
                              tcpip_show(ps, t), name);
        if (max_addrs && n == max_addrs)
            return tcpip_fail(ps, t, NULL, "'%s' takes one address; '%s' is one too many", name,
                              tcpip_show(ps, t));
        if (!tcpip_push_addr(ps, &a))
            return false;
        ps->i++;
        n++;
    }
    if (n == 0) {
        if (t)
            return tcpip_fail(ps, t, NULL,
                              "'%s' is not an IPv4 address after the mask in "
                              "'%s'",
                              tcpip_show(ps, t), name);
        return tcpip_fail(ps, NULL, NULL, "'%s' needs an address after the mask '%s'", name,
                          s->mask.tok.text);
    }
    return true;
}

/* Reads "ipv6_intfname ipv6_addr[/prefix]" for statement NAME. PREFIX: 0 not allowed,
 * 1 allowed, 2 required. Returns false with an error. */
static bool tcpip_intf_and_addr(tcpip_parser *ps, uhp_vstmt *s, const char *name, int prefix)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    uhp_paddr a;
    if (!t)
        return tcpip_fail(ps, NULL, NULL, "'%s' needs an address", name);
    if (!tcpip_is_name(t))
        return tcpip_fail(ps, t, NULL, "'%s' is not an IPv6 interface name in '%s'",
                          tcpip_show(ps, t), name);
    s->intf_tok = tcpip_ptok(ps, t);
    s->intfname = s->intf_tok.text;
    ps->i++;
    t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL, NULL,
                          "'%s' needs an IPv6 address after the interface "
                          "name '%s'",
                          name, s->intfname);
    if (!tcpip_addr(ps, t, prefix > 0, &a) || a.family == 4)
        return tcpip_fail(ps, t, NULL,
                          "'%s' after the interface name '%s' is not an IPv6 "
                          "address%s",
                          tcpip_show(ps, t), s->intfname,
                          prefix > 0 ? " (with an optional /prefix_len)" : "");
    if (prefix == 2 && a.family == 6 && a.prefix_len < 0)
        return tcpip_fail(ps, t, NULL, "'%s' in '%s' needs a /prefix_len", tcpip_show(ps, t), name);
    ps->i++;
    return tcpip_push_addr(ps, &a);
}

/* Reads "MOVEable IMMEDiate|WHENIDLE" after MOVEABLE was consumed; sets *WHENIDLE. */
static bool tcpip_moveable(tcpip_parser *ps, bool *whenidle)
{
    if (tcpip_accept(ps, "IMMEDIATE", 5))
        return true;
    if (tcpip_accept(ps, "WHENIDLE", 8)) {
        *whenidle = true;
        return true;
    }
    return tcpip_fail(ps, tcpip_at(ps), NULL,
                      "'MOVEABLE' must be followed by 'IMMEDIATE' or "
                      "'WHENIDLE'");
}

/* Reads the tier options TIER1, TIER2, CPCSCOPE of VIPADEFINE and VIPABACKUP. */
static bool tcpip_tier_options(tcpip_parser *ps)
{
    bool t1 = false, t2 = false;
    for (;;) {
        const uhp_tcpip_token *t = tcpip_at(ps);
        if (tcpip_accept(ps, "TIER1", 5))
            t1 = true;
        else if (tcpip_accept(ps, "TIER2", 5))
            t2 = true;
        else if (!tcpip_accept(ps, "CPCSCOPE", 8))
            break;
        if (t1 && t2)
            return tcpip_fail(ps, t, NULL, "'TIER1' and 'TIER2' cannot both be given");
    }
    return true;
}

/* VIPADEFINE [TIER1|TIER2] [CPCSCOPE] [MOVEable IMMEDiate|WHENIDLE] [SERVICEMGR]
 * address_mask ipv4_addr... | [MOVEable IMMEDiate] ipv6_intfname ipv6_addr[/prefix_len] */
static bool tcpip_parse_define(tcpip_parser *ps, uhp_vstmt *s)
{
    bool whenidle = false, servicemgr = false;
    if (!tcpip_tier_options(ps))
        return false;
    if (tcpip_accept(ps, "MOVEABLE", 4) && !tcpip_moveable(ps, &whenidle))
        return false;
    if (tcpip_accept(ps, "SERVICEMGR", 10))
        servicemgr = true;
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL,
                          "give the address mask and the DVIPA: "
                          "VIPADEFINE 255.255.255.0 10.1.1.10",
                          "'VIPADEFINE' needs an address mask and at least one DVIPA");
    if (tcpip_looks_addr(t, true)) {
        uhp_paddr tmp;
        if (uhp_paddr_parse(t->text, t->len, true, &tmp) && tmp.family == 6)
            return tcpip_fail(ps, t, NULL,
                              "an IPv6 DVIPA needs an interface name before "
                              "'%s' in 'VIPADEFINE'",
                              tcpip_show(ps, t));
        return tcpip_mask_and_addrs(ps, s, "VIPADEFINE", 0);
    }
    if (whenidle || servicemgr)
        return tcpip_fail(ps, t, NULL,
                          "an IPv6 'VIPADEFINE' takes only 'MOVEABLE IMMEDIATE', "
                          "not %s",
                          whenidle ? "'WHENIDLE'" : "'SERVICEMGR'");
    return tcpip_intf_and_addr(ps, s, "VIPADEFINE", 1);
}

/* VIPABACKUP [rank] [TIER1|TIER2 [CPCSCOPE]|CPCSCOPE] ipv4_addr... | ipv6_intfname ipv6_addr
 * | MOVEable IMMEDiate|WHENIDLE [SERVICEMGR] address_mask ipv4_addr...
 * | MOVEable IMMEDiate ipv6_intfname ipv6_addr[/prefix_len] */
static bool tcpip_parse_backup(tcpip_parser *ps, uhp_vstmt *s)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    s->rank = 1;
    if (t && (tcpip_is_digits(t) || (uhp_tcpip_is_symbolic(t) && !tcpip_looks_addr(t, false)))) {
        if (!tcpip_kw_number(ps, "VIPABACKUP", 1, 254, &s->rank))
            return false;
    }
    if (!tcpip_tier_options(ps))
        return false;
    if (tcpip_accept(ps, "MOVEABLE", 4)) {
        bool whenidle = false, servicemgr = false;
        if (!tcpip_moveable(ps, &whenidle))
            return false;
        servicemgr = tcpip_accept(ps, "SERVICEMGR", 10);
        t = tcpip_at(ps);
        if (t && tcpip_looks_addr(t, false))
            return tcpip_mask_and_addrs(ps, s, "VIPABACKUP", 0);
        if (whenidle || servicemgr)
            return tcpip_fail(ps, t, NULL,
                              "an IPv6 'VIPABACKUP' takes only 'MOVEABLE "
                              "IMMEDIATE'");
        return tcpip_intf_and_addr(ps, s, "VIPABACKUP", 1);
    }
    t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL, "list the DVIPA: VIPABACKUP 100 10.1.1.10",
                          "'VIPABACKUP' needs at least one DVIPA");
    if (!tcpip_looks_addr(t, false))
        return tcpip_intf_and_addr(ps, s, "VIPABACKUP", 0);
    uhp_paddr a;
    while ((t = tcpip_at(ps)) != NULL && tcpip_looks_addr(t, false)) {
        if (!tcpip_addr(ps, t, false, &a))
            return false;
        if (a.family == 6)
            return tcpip_fail(ps, t, NULL,
                              "an IPv6 DVIPA needs an interface name before '%s' "
                              "in 'VIPABACKUP'",
                              tcpip_show(ps, t));
        if (a.family == 4 && a.bytes[0] == 255)
            return tcpip_fail(ps, t,
                              "write VIPABACKUP rank MOVEABLE IMMEDIATE mask address, "
                              "or drop the mask",
                              "'%s' in 'VIPABACKUP' looks like an address "
                              "mask; a mask is allowed only after 'MOVEABLE'",
                              tcpip_show(ps, t));
        if (!tcpip_push_addr(ps, &a))
            return false;
        ps->i++;
    }
    return true;
}

/* VIPARANGE [DEFINE|DELEte] [MOVEable NONDISRUPTive|DISRUPTive]
 * address_mask ipv4_addr | ipv6_intfname ipv6_addr/prefix_len  [SAF resname] [ZCX] */
static bool tcpip_parse_range(tcpip_parser *ps, uhp_vstmt *s)
{
    if (tcpip_accept(ps, "DEFINE", 6))
        ;
    else if (tcpip_accept(ps, "DELETE", 4))
        s->delete_opt = true;
    if (tcpip_accept(ps, "MOVEABLE", 4)) {
        if (!tcpip_accept(ps, "NONDISRUPTIVE", 10) && !tcpip_accept(ps, "DISRUPTIVE", 7))
            return tcpip_fail(ps, tcpip_at(ps), NULL,
                              "'MOVEABLE' in 'VIPARANGE' must be "
                              "followed by 'NONDISRUPTIVE' or 'DISRUPTIVE'");
    }
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL, NULL, "'VIPARANGE' needs an address mask and an address");
    bool ok = tcpip_looks_addr(t, false) ? tcpip_mask_and_addrs(ps, s, "VIPARANGE", 1)
                                         : tcpip_intf_and_addr(ps, s, "VIPARANGE", 2);
    if (!ok)
        return false;
    for (;;) {
        t = tcpip_at(ps);
        if (tcpip_accept(ps, "SAF", 3)) {
            if (!tcpip_at(ps))
                return tcpip_fail(ps, NULL, NULL, "'SAF' needs a resource name");
            ps->i++;
        } else if (!tcpip_accept(ps, "ZCX", 3)) {
            break;
        }
    }
    return true;
}

/* VIPADELETE ipv4_addr | ipv6_intfname */
static bool tcpip_parse_vdelete(tcpip_parser *ps, uhp_vstmt *s)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    uhp_paddr a;
    if (!t)
        return tcpip_fail(ps, NULL, NULL, "'VIPADELETE' needs the DVIPA or IPv6 interface name");
    if (tcpip_addr(ps, t, false, &a)) {
        if (a.family == 6)
            return tcpip_fail(ps, t, NULL,
                              "'VIPADELETE' of an IPv6 DVIPA takes its interface "
                              "name, not '%s'",
                              tcpip_show(ps, t));
        if (!tcpip_push_addr(ps, &a))
            return false;
    } else if (tcpip_is_name(t)) {
        s->intf_tok = tcpip_ptok(ps, t);
        s->intfname = s->intf_tok.text;
    } else {
        return tcpip_fail(ps, t, NULL,
                          "'%s' is neither an IPv4 DVIPA nor an IPv6 interface "
                          "name in 'VIPADELETE'",
                          tcpip_show(ps, t));
    }
    ps->i++;
    return true;
}

/* VIPAROUTE [DEFINE|DELEte] dynxcfip|DEFAULT target_ip */
static bool tcpip_parse_route(tcpip_parser *ps, uhp_vstmt *s)
{
    uhp_paddr a;
    if (tcpip_accept(ps, "DEFINE", 6))
        ;
    else if (tcpip_accept(ps, "DELETE", 4))
        s->delete_opt = true;
    for (int k = 0; k < 2; k++) {
        const uhp_tcpip_token *t = tcpip_at(ps);
        if (!t)
            return tcpip_fail(ps, NULL, NULL,
                              "'VIPAROUTE' needs a dynamic XCF address (or "
                              "DEFAULT) and a target address");
        if (k == 0 && tcpip_accept(ps, "DEFAULT", 7))
            continue;
        if (!tcpip_addr(ps, t, false, &a))
            return tcpip_fail(ps, t, NULL, "'%s' is not an IP address in 'VIPAROUTE'",
                              tcpip_show(ps, t));
        if (!tcpip_push_addr(ps, &a))
            return false;
        ps->i++;
    }
    return true;
}

/* Reads pairs "NAME n" while the next token is one of NAMES (PROCTYPE CP n ZAAP n ZIIP n,
 * PROCXCOST ZAAP n ZIIP n). At least one pair is required after OWNER. */
static bool tcpip_pairs(tcpip_parser *ps, const char *owner, const char *const *names,
                        size_t n_names)
{
    size_t got = 0;
    for (;;) {
        size_t k;
        for (k = 0; k < n_names; k++) {
            if (tcpip_accept(ps, names[k], strlen(names[k])))
                break;
        }
        if (k == n_names)
            break;
        uint32_t v;
        if (!tcpip_kw_number(ps, names[k], 0, 99, &v))
            return false;
        got++;
    }
    if (got == 0)
        return tcpip_fail(ps, tcpip_at(ps), NULL, "'%s' needs its processor values (%s%s%s)", owner,
                          names[0], n_names > 1 ? ", " : "", n_names > 1 ? names[1] : "");
    return true;
}

/* Pushes the port or port range TOK. Returns false with an error. */
static bool tcpip_port(tcpip_parser *ps, const uhp_tcpip_token *t)
{
    uhp_pport p;
    memset(&p, 0, sizeof p);
    if (uhp_tcpip_is_symbolic(t)) {
        p.symbolic = true;
    } else {
        const char *dash = memchr(t->text, '-', t->len);
        uhp_tcpip_token a = *t, b = *t;
        if (dash) {
            a.len = (size_t)(dash - t->text);
            b.text = dash + 1;
            b.len = t->len - a.len - 1;
        }
        if (!tcpip_number(&a, 1, 65535, &p.lo) || !tcpip_number(&b, 1, 65535, &p.hi))
            return tcpip_fail(ps, t, NULL,
                              "'%s' after 'PORT' is not a port (1-65535) or a "
                              "port range (n-m)",
                              tcpip_show(ps, t));
        if (p.lo > p.hi)
            return tcpip_fail(ps, t, NULL, "the port range '%s' ends before it starts",
                              tcpip_show(ps, t));
    }
    p.tok = tcpip_ptok(ps, t);
    if (!tcpip_grow((void **)&ps->ports, &ps->cap_ports, ps->n_ports, sizeof p)) {
        ps->oom = true;
        return false;
    }
    ps->ports[ps->n_ports++] = p;
    return true;
}

/* Reads the DESTIP list after DESTIP was consumed: ALL, or entries
 * "dynxcfip [WEIGHT n | PREFERRED | BACKUP [rank]]". */
static bool tcpip_destip(tcpip_parser *ps, uhp_vstmt *s, const uhp_tcpip_token *destip)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, destip, NULL,
                          "'DESTIP' needs 'ALL' or at least one dynamic XCF "
                          "address");
    if (tcpip_accept(ps, "ALL", 3)) {
        s->destip_all = true;
        return true;
    }
    while ((t = tcpip_at(ps)) != NULL && tcpip_looks_addr(t, false)) {
        uhp_pdest d;
        memset(&d, 0, sizeof d);
        if (!tcpip_addr(ps, t, false, &d.addr))
            return false;
        ps->i++;
        const uhp_tcpip_token *o = tcpip_at(ps);
        if (o && uhp_tcpip_keyword(o, "WEIGHT", 6)) {
            ps->i++;
            d.has_weight = true;
            d.weight_tok = tcpip_ptok(ps, o);
            if (!tcpip_kw_number(ps, "WEIGHT", 1, 99, &d.weight))
                return false;
        } else if (o && uhp_tcpip_keyword(o, "PREFERRED", 9)) {
            ps->i++;
            d.role = UHP_ROLE_PREFERRED;
            d.role_tok = tcpip_ptok(ps, o);
        } else if (o && uhp_tcpip_keyword(o, "BACKUP", 6)) {
            ps->i++;
            d.role = UHP_ROLE_BACKUP;
            d.role_tok = tcpip_ptok(ps, o);
            d.rank = 1;
            const uhp_tcpip_token *r = tcpip_at(ps);
            if (r && !tcpip_looks_addr(r, false) &&
                (tcpip_is_digits(r) || uhp_tcpip_is_symbolic(r)) &&
                !tcpip_kw_number(ps, "BACKUP", 1, 254, &d.rank))
                return false;
        }
        if (!tcpip_grow((void **)&ps->dests, &ps->cap_dests, ps->n_dests, sizeof d)) {
            ps->oom = true;
            return false;
        }
        ps->dests[ps->n_dests++] = d;
    }
    if (ps->n_dests == 0)
        return tcpip_fail(ps, t, NULL,
                          "'%s' after 'DESTIP' is neither 'ALL' nor a dynamic XCF "
                          "address",
                          tcpip_show(ps, t));
    return true;
}

/* VIPADISTRIBUTE, the base options in any order, then ipv4_addr | ipv6_intfname,
 * [PORT num|num-num ...], DESTIP ALL | dynxcfip [options]... (IBM's syntax diagram). */
static bool tcpip_parse_distribute(tcpip_parser *ps, uhp_vstmt *s)
{
    static const char *const proctype[] = {"CP", "ZAAP", "ZIIP"};
    static const char *const procx[] = {"ZAAP", "ZIIP"};
    static const struct {
        const char *full;
        size_t min;
        uhp_distmethod m;
    } methods[] = {
        {"BASEWLM", 7, UHP_DM_BASEWLM},        {"ROUNDROBIN", 10, UHP_DM_ROUNDROBIN},
        {"SERVERWLM", 9, UHP_DM_SERVERWLM},    {"WEIGHTEDACTIVE", 9, UHP_DM_WEIGHTEDACTIVE},
        {"HOTSTANDBY", 10, UHP_DM_HOTSTANDBY}, {"TARGCONTROLLED", 14, UHP_DM_TARGCONTROLLED},
    };
    bool define = false, optlocal = false, noopt = false, timed = false, tier = false;
    uint32_t v;
    s->method = UHP_DM_BASEWLM;
    for (;;) {
        const uhp_tcpip_token *t = tcpip_at(ps);
        if (!t)
            break;
        if (tcpip_accept(ps, "DEFINE", 6)) {
            if (s->delete_opt)
                return tcpip_fail(ps, t, NULL, "'DEFINE' and 'DELETE' cannot both be given");
            define = true;
        } else if (tcpip_accept(ps, "DELETE", 4)) {
            if (define)
                return tcpip_fail(ps, t, NULL, "'DEFINE' and 'DELETE' cannot both be given");
            s->delete_opt = true;
        } else if (tcpip_accept(ps, "DISTMETHOD", 5)) {
            if (s->method_given)
                return tcpip_fail(ps, t, NULL, "'DISTMETHOD' is given twice");
            const uhp_tcpip_token *m = tcpip_at(ps);
            size_t k;
            for (k = 0; m && k < sizeof methods / sizeof methods[0]; k++) {
                if (uhp_tcpip_keyword(m, methods[k].full, methods[k].min))
                    break;
            }
            if (!m || k == sizeof methods / sizeof methods[0])
                return tcpip_fail(ps, m ? m : t, NULL,
                                  "'%s' is not a distribution method "
                                  "(BASEWLM, ROUNDROBIN, SERVERWLM, WEIGHTEDACTIVE, HOTSTANDBY, "
                                  "TARGCONTROLLED)",
                                  m ? tcpip_show(ps, m) : "DISTMETHOD");
            s->method = methods[k].m;
            s->method_given = true;
            s->method_tok = tcpip_ptok(ps, m);
            ps->i++;
        } else if (tcpip_accept(ps, "PROCTYPE", 8)) {
            if (!tcpip_pairs(ps, "PROCTYPE", proctype, 3))
                return false;
        } else if (tcpip_accept(ps, "PROCXCOST", 9)) {
            if (!tcpip_pairs(ps, "PROCXCOST", procx, 2))
                return false;
        } else if (tcpip_accept(ps, "ILWEIGHTING", 11)) {
            if (!tcpip_kw_number(ps, "ILWEIGHTING", 0, 3, &v))
                return false;
        } else if (uhp_tcpip_keyword(t, "AUTOSWITCHBACK", 14) ||
                   uhp_tcpip_keyword(t, "NOAUTOSWITCHBACK", 16) ||
                   uhp_tcpip_keyword(t, "HEALTHSWITCH", 12) ||
                   uhp_tcpip_keyword(t, "NOHEALTHSWITCH", 14)) {
            if (!s->hs_option)
                s->hs_option_tok = tcpip_ptok(ps, t);
            s->hs_option = true;
            ps->i++;
        } else if (tcpip_accept(ps, "OPTLOCAL", 8)) {
            if (noopt || optlocal)
                return tcpip_fail(ps, t, NULL,
                                  "'OPTLOCAL' and 'NOOPTLOCAL' are given together "
                                  "or twice");
            optlocal = true;
            const uhp_tcpip_token *n = tcpip_at(ps);
            if (n && tcpip_is_digits(n) && !tcpip_kw_number(ps, "OPTLOCAL", 0, 16, &v))
                return false;
        } else if (tcpip_accept(ps, "NOOPTLOCAL", 10)) {
            if (noopt || optlocal)
                return tcpip_fail(ps, t, NULL,
                                  "'OPTLOCAL' and 'NOOPTLOCAL' are given together "
                                  "or twice");
            noopt = true;
        } else if (tcpip_accept(ps, "SYSPLEXPORTS", 8)) {
            ;
        } else if (tcpip_accept(ps, "TIMEDAFFINITY", 8)) {
            if (timed)
                return tcpip_fail(ps, t, NULL, "'TIMEDAFFINITY' is given twice");
            timed = true;
            if (!tcpip_kw_number(ps, "TIMEDAFFINITY", 0, 99999, &v))
                return false;
        } else if (tcpip_accept(ps, "TIER1", 5) || tcpip_accept(ps, "TIER2", 5)) {
            if (tier)
                return tcpip_fail(ps, t, NULL, "'TIER1'/'TIER2' is given twice");
            tier = true;
            const uhp_tcpip_token *g = tcpip_at(ps);
            if (!g || !tcpip_is_name(g))
                return tcpip_fail(ps, g, NULL, "'%s' needs a group name", tcpip_show(ps, t));
            ps->i++;
        } else if (tcpip_accept(ps, "CONTROLPORT", 11)) {
            if (!tcpip_kw_number(ps, "CONTROLPORT", 1, 65535, &v))
                return false;
        } else if (tcpip_accept(ps, "GRE", 3) || tcpip_accept(ps, "ENCAP", 5) ||
                   tcpip_accept(ps, "CPCSCOPE", 8)) {
            ;
        } else {
            break;
        }
    }
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL,
                          "name the DVIPA and its targets: VIPADISTRIBUTE DISTMETHOD "
                          "HOTSTANDBY 10.1.1.10 PORT 12023 DESTIP 10.1.9.1 PREFERRED 10.1.9.2 "
                          "BACKUP",
                          "'VIPADISTRIBUTE' needs the DVIPA, then 'DESTIP'");
    if (uhp_tcpip_keyword(t, "PORT", 4) || uhp_tcpip_keyword(t, "DESTIP", 6))
        return tcpip_fail(ps, t, NULL,
                          "'VIPADISTRIBUTE' needs the DVIPA (or its IPv6 "
                          "interface name) before '%s'",
                          tcpip_show(ps, t));
    s->dvipa_tok = tcpip_ptok(ps, t);
    if (tcpip_addr(ps, t, false, &s->dvipa)) {
        if (s->dvipa.family == 6)
            return tcpip_fail(ps, t, NULL,
                              "an IPv6 'VIPADISTRIBUTE' names the DVIPA by its "
                              "interface name, not by the address '%s'",
                              tcpip_show(ps, t));
        s->has_dvipa = true;
    } else if (tcpip_is_name(t)) {
        s->intfname = s->dvipa_tok.text;
        s->intf_tok = s->dvipa_tok;
    } else {
        return tcpip_fail(ps, t, NULL,
                          "'%s' is not an option, a DVIPA or an IPv6 interface "
                          "name in 'VIPADISTRIBUTE'",
                          tcpip_show(ps, t));
    }
    ps->i++;
    t = tcpip_at(ps);
    if (t && uhp_tcpip_keyword(t, "PORT", 4)) {
        ps->i++;
        const uhp_tcpip_token *pt;
        while ((pt = tcpip_at(ps)) != NULL && !uhp_tcpip_keyword(pt, "DESTIP", 6)) {
            if (!tcpip_port(ps, pt))
                return false;
            ps->i++;
        }
        if (ps->n_ports == 0)
            return tcpip_fail(ps, t, NULL, "'PORT' needs at least one port");
    }
    t = tcpip_at(ps);
    if (!t)
        return tcpip_fail(ps, NULL,
                          "list the targets: DESTIP 10.1.9.1 PREFERRED 10.1.9.2 "
                          "BACKUP",
                          "'VIPADISTRIBUTE' ends without 'DESTIP'");
    if (!uhp_tcpip_keyword(t, "DESTIP", 6))
        return tcpip_fail(ps, t, NULL,
                          "'%s' in 'VIPADISTRIBUTE': expected 'PORT' or 'DESTIP' "
                          "after the DVIPA",
                          tcpip_show(ps, t));
    s->destip_tok = tcpip_ptok(ps, t);
    ps->i++;
    return tcpip_destip(ps, s, t);
}

/* Copies the scratch arrays into the arena and appends statement S to the profile. Returns
 * false when memory runs out. */
static bool tcpip_commit(tcpip_parser *ps, uhp_vstmt *s)
{
    uhp_profile *p = ps->prof;
    uhp_arena *a = p->arena;
    if (ps->n_addrs) {
        s->addrs = uhp_arena_alloc(a, ps->n_addrs * sizeof *s->addrs);
        if (!s->addrs)
            return false;
        memcpy(s->addrs, ps->addrs, ps->n_addrs * sizeof *s->addrs);
        s->n_addrs = ps->n_addrs;
    }
    if (ps->n_ports) {
        s->ports = uhp_arena_alloc(a, ps->n_ports * sizeof *s->ports);
        if (!s->ports)
            return false;
        memcpy(s->ports, ps->ports, ps->n_ports * sizeof *s->ports);
        s->n_ports = ps->n_ports;
    }
    if (ps->n_dests) {
        s->dests = uhp_arena_alloc(a, ps->n_dests * sizeof *s->dests);
        if (!s->dests)
            return false;
        memcpy(s->dests, ps->dests, ps->n_dests * sizeof *s->dests);
        s->n_dests = ps->n_dests;
    }
    if (!tcpip_arena_grow(a, (void **)&p->stmts, &p->cap_stmts, p->n_stmts, sizeof *s))
        return false;
    p->stmts[p->n_stmts++] = *s;
    return true;
}

/* Collects the current statement: the token at the cursor and every following token up to the
 * next statement keyword or the end of input. Returns false when memory runs out. */
static bool tcpip_collect(tcpip_parser *ps)
{
    uhp_tcpip_token t;
    ps->n_toks = 0;
    ps->i = 1;
    bool first = true;
    while (tcpip_peek(ps, &t)) {
        if (!first && tcpip_peeked_kind(ps) != K_NONE)
            break;
        first = false;
        if (!tcpip_grow((void **)&ps->toks, &ps->cap_toks, ps->n_toks, sizeof t))
            return false;
        ps->toks[ps->n_toks++] = t;
        tcpip_next(ps);
    }
    return true;
}

enum tcpip_outcome { OUT_OK, OUT_ERROR, OUT_EZZ0831I };

/* Parses the collected statement (kind KIND) and commits it when TCP/IP would process it.
 * Returns OUT_OK, OUT_ERROR (ps->err set) or OUT_EZZ0831I (committed, flagged); memory
 * exhaustion sets ps->oom. */
static enum tcpip_outcome tcpip_statement(tcpip_parser *ps, int kind)
{
    uhp_vstmt s;
    memset(&s, 0, sizeof s);
    ps->err = false;
    ps->n_addrs = ps->n_ports = ps->n_dests = 0;
    const uhp_tcpip_token *kw = &ps->toks[0];
    if (kind == K_NONE) {
        tcpip_fail(ps, kw,
                   "start each statement of the block with its keyword, or move other "
                   "statements outside VIPADYNAMIC ... ENDVIPADYNAMIC",
                   "'%s' is not a VIPADYNAMIC statement (VIPADEFINE, VIPABACKUP, "
                   "VIPADISTRIBUTE, VIPARANGE, VIPADELETE, VIPAROUTE, VIPASMPARMS or "
                   "ENDVIPADYNAMIC)",
                   tcpip_show(ps, kw));
        return OUT_ERROR;
    }
    s.kind = (uhp_vstmt_kind)kind;
    s.kw = tcpip_ptok(ps, kw);
    s.file_index = ps->file_index;
    s.block = ps->block;
    bool ok = true;
    switch (kind) {
    case K_DEFINE:
        ok = tcpip_parse_define(ps, &s);
        break;
    case K_BACKUP:
        ok = tcpip_parse_backup(ps, &s);
        break;
    case K_RANGE:
        ok = tcpip_parse_range(ps, &s);
        break;
    case K_DELETE:
        ok = tcpip_parse_vdelete(ps, &s);
        break;
    case K_DIST:
        ok = tcpip_parse_distribute(ps, &s);
        break;
    case K_ROUTE:
        ok = tcpip_parse_route(ps, &s);
        break;
    case K_SMPARMS:
        ps->i = ps->n_toks; /* its parameters are not checked */
        break;
    }
    if (ps->oom)
        return OUT_ERROR;
    if (ok && ps->i < ps->n_toks) {
        const uhp_tcpip_token *t = &ps->toks[ps->i];
        const char *name = tcpip_stmt_names[kind];
        if (kind == K_DIST && ps->n_dests)
            tcpip_fail(ps, t, NULL,
                       "'%s' is neither a DESTIP option (WEIGHT n, PREFERRED, "
                       "BACKUP [rank]) nor a dynamic XCF address in 'VIPADISTRIBUTE'",
                       tcpip_show(ps, t));
        else if (kind == K_RANGE)
            tcpip_fail(ps, t, NULL,
                       "'%s' is not expected after the address; only 'SAF "
                       "resname' and 'ZCX' may follow it",
                       tcpip_show(ps, t));
        else
            tcpip_fail(ps, t, NULL, "'%s' is not expected after the last parameter of '%s'",
                       tcpip_show(ps, t), name);
        ok = false;
    }
    if (!ok)
        return OUT_ERROR;
    enum tcpip_outcome out = OUT_OK;
    if (kind == K_DIST && s.method != UHP_DM_HOTSTANDBY) {
        bool roles = s.hs_option;
        for (size_t k = 0; k < ps->n_dests; k++)
            roles = roles || ps->dests[k].role != UHP_ROLE_NONE;
        if (roles) {
            s.rejected_ezz0831 = true;
            out = OUT_EZZ0831I;
        }
    }
    if (!tcpip_commit(ps, &s)) {
        ps->oom = true;
        return OUT_ERROR;
    }
    return out;
}

/* Reports the statement just collected as ignored by TCP/IP because of the error at
 * CAUSE_LINE. Returns false when memory runs out. */
static bool tcpip_report_ignored(tcpip_parser *ps, uint32_t block_line, uint32_t cause_line,
                                 bool ezz0831)
{
    const uhp_tcpip_token *kw = &ps->toks[0];
    const char *msg = uhp_arena_printf(
        ps->prof->arena,
        "'%s' is ignored by TCP/IP: the %s at line %u ended processing of the "
        "VIPADYNAMIC block that starts at line %u",
        tcpip_show(ps, kw), ezz0831 ? "statement rejected with EZZ0831I" : "syntax error",
        cause_line, block_line);
    const char *fix = uhp_arena_printf(ps->prof->arena,
                                       "correct the %s at line %u; every "
                                       "statement after it in the block takes effect only then",
                                       ezz0831 ? "statement" : "error", cause_line);
    ps->prof->n_ignored++;
    return tcpip_diag(ps, kw->line, kw->col, kw->line, kw->col, true, msg, fix);
}

/* Adds the diag "block without ENDVIPADYNAMIC". Returns false when memory runs out. */
static bool tcpip_unterminated(tcpip_parser *ps, const uhp_tcpip_token *block, const char *before)
{
    const char *msg = uhp_arena_printf(ps->prof->arena,
                                       "the 'VIPADYNAMIC' block that starts "
                                       "at line %u has no 'ENDVIPADYNAMIC' before %s",
                                       block->line, before);
    return tcpip_diag(ps, block->line, block->col, block->line, block->col, false, msg,
                      "end the block with ENDVIPADYNAMIC after its last statement");
}

typedef struct tcpip_key {
    const char *key;
    size_t index;
} tcpip_key;

/* qsort/bsearch order of keys: by key text. */
static int tcpip_key_cmp(const void *a, const void *b)
{
    return strcmp(((const tcpip_key *)a)->key, ((const tcpip_key *)b)->key);
}

/* Returns the arena key of VIPADISTRIBUTE S: its DVIPA (or interface name), then its port
 * list, or "*" for the ports when ANY_PORTS. NULL when memory runs out. */
static const char *tcpip_dist_key(uhp_arena *a, const uhp_vstmt *s, bool any_ports)
{
    const char *target = s->intfname ? s->intfname : s->dvipa.canon;
    char *key = uhp_arena_printf(a, "%s|%s", target ? target : "", any_ports ? "*" : "");
    for (size_t k = 0; key && !any_ports && k < s->n_ports; k++) {
        const uhp_pport *pp = &s->ports[k];
        key = pp->symbolic ? uhp_arena_printf(a, "%s%s,", key, pp->tok.text)
                           : uhp_arena_printf(a, "%s%u-%u,", key, pp->lo, pp->hi);
    }
    return key;
}

/* Finds KEY in the sorted, de-duplicated array; returns the latest index, or 0 with *FOUND
 * false. */
static size_t tcpip_key_find(const tcpip_key *keys, size_t n, const char *key, bool *found)
{
    tcpip_key probe = {key, 0};
    const tcpip_key *hit = n ? bsearch(&probe, keys, n, sizeof *keys, tcpip_key_cmp) : NULL;
    *found = hit != NULL;
    return hit ? hit->index : 0;
}

/* Sorts KEYS and keeps one entry per key text, with the largest index. Returns the count. */
static size_t tcpip_key_dedupe(tcpip_key *keys, size_t n)
{
    if (n == 0)
        return 0;
    qsort(keys, n, sizeof *keys, tcpip_key_cmp);
    size_t out = 0;
    for (size_t k = 0; k < n; k++) {
        if (out && strcmp(keys[out - 1].key, keys[k].key) == 0) {
            if (keys[k].index > keys[out - 1].index)
                keys[out - 1].index = keys[k].index;
        } else {
            keys[out++] = keys[k];
        }
    }
    return out;
}

/* Applies the VIPADISTRIBUTE DELETE statements of the file whose statements start at FIRST:
 * an earlier distribution of the same DVIPA with the same ports (or any ports, when the
 * DELETE names none) is no longer in effect. Sorted keys keep it O(n log n) for huge files.
 * Returns false when memory runs out. */
static bool tcpip_apply_deletes(uhp_profile *p, size_t first)
{
    size_t n = 0;
    for (size_t k = first; k < p->n_stmts; k++)
        n += p->stmts[k].kind == UHP_VS_DISTRIBUTE && p->stmts[k].delete_opt;
    if (n == 0)
        return true;
    tcpip_key *keys = uhp_malloc(n * sizeof *keys);
    if (!keys)
        return false;
    size_t m = 0;
    bool ok = true;
    for (size_t k = first; k < p->n_stmts && ok; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || !s->delete_opt)
            continue;
        keys[m].key = tcpip_dist_key(p->arena, s, s->n_ports == 0);
        keys[m].index = k;
        ok = keys[m++].key != NULL;
    }
    m = ok ? tcpip_key_dedupe(keys, m) : 0;
    for (size_t k = first; k < p->n_stmts && ok; k++) {
        uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || s->delete_opt)
            continue;
        const char *exact = tcpip_dist_key(p->arena, s, false);
        const char *any = tcpip_dist_key(p->arena, s, true);
        if (!exact || !any) {
            ok = false;
            break;
        }
        bool f1, f2;
        size_t i1 = tcpip_key_find(keys, m, exact, &f1);
        size_t i2 = tcpip_key_find(keys, m, any, &f2);
        if ((f1 && i1 > k) || (f2 && i2 > k))
            s->deleted = true;
    }
    uhp_free(keys);
    return ok;
}

/* Resolves the IPv6 VIPADISTRIBUTE statements (named by interface) to the address of the
 * VIPADEFINE or VIPABACKUP with that interface name, in any profile parsed so far. Returns
 * false when memory runs out. */
static bool tcpip_resolve_intf(uhp_profile *p)
{
    size_t n = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *d = &p->stmts[k];
        n += (d->kind == UHP_VS_DEFINE || d->kind == UHP_VS_BACKUP) && d->intfname &&
             d->n_addrs == 1;
    }
    if (n == 0)
        return true;
    tcpip_key *keys = uhp_malloc(n * sizeof *keys);
    if (!keys)
        return false;
    size_t m = 0;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *d = &p->stmts[k];
        if ((d->kind == UHP_VS_DEFINE || d->kind == UHP_VS_BACKUP) && d->intfname &&
            d->n_addrs == 1) {
            keys[m].key = d->intfname;
            keys[m++].index = k;
        }
    }
    m = tcpip_key_dedupe(keys, m);
    for (size_t k = 0; k < p->n_stmts; k++) {
        uhp_vstmt *s = &p->stmts[k];
        if (s->kind != UHP_VS_DISTRIBUTE || s->has_dvipa || !s->intfname)
            continue;
        bool found;
        size_t j = tcpip_key_find(keys, m, s->intfname, &found);
        if (found) {
            s->dvipa = p->stmts[j].addrs[0];
            s->has_dvipa = true;
        }
    }
    uhp_free(keys);
    return true;
}

/* The token loop: outside blocks skip, inside blocks parse statements, after an error report
 * what TCP/IP ignores. Returns false when memory runs out. */
/* Records the INCLUDE statement at KW (outside the blocks); the data set name is the next
 * token on its line. Returns false when memory runs out. */
static bool tcpip_include(tcpip_parser *ps, const uhp_tcpip_token *kw)
{
    uhp_profile *p = ps->prof;
    if (!tcpip_arena_grow(p->arena, (void **)&p->includes, &p->cap_includes, p->n_includes,
                          sizeof *p->includes)) {
        ps->oom = true;
        return false;
    }
    uhp_pinclude *inc = &p->includes[p->n_includes++];
    memset(inc, 0, sizeof *inc);
    inc->file = ps->file;
    inc->line = kw->line;
    inc->col = kw->col;
    inc->name = "";
    uhp_tcpip_token t;
    if (tcpip_peek(ps, &t) && t.line == kw->line) {
        inc->name = tcpip_ptok(ps, &t).text;
        tcpip_next(ps);
    }
    return !ps->oom;
}

static bool tcpip_run(tcpip_parser *ps)
{
    uint32_t last_line = 0; /* of the last token read outside the blocks */
    uhp_tcpip_token t, block_tok;
    bool in_block = false, skipping = false, cause_0831 = false;
    uint32_t cause_line = 0;
    memset(&block_tok, 0, sizeof block_tok);
    while (!ps->oom && tcpip_peek(ps, &t)) {
        int kind = tcpip_peeked_kind(ps);
        if (!in_block) {
            tcpip_next(ps);
            if (kind == K_BEGIN) {
                in_block = true;
                skipping = false;
                block_tok = t;
                ps->block++;
                ps->prof->n_blocks++;
            } else if (kind == K_NONE && t.line != last_line &&
                       uhp_tcpip_keyword(&t, "INCLUDE", 7)) {
                last_line = t.line;
                if (!tcpip_include(ps, &t))
                    return false;
                continue;
            } else if (kind == K_END) {
                const char *msg = uhp_arena_printf(ps->prof->arena,
                                                   "'%s' has no "
                                                   "'VIPADYNAMIC' before it",
                                                   tcpip_show(ps, &t));
                if (!tcpip_diag(ps, t.line, t.col, t.line, t.col, false, msg,
                                "remove it, or start the block with VIPADYNAMIC"))
                    return false;
            }
            last_line = t.line;
            continue; /* every other statement outside the blocks is not ours to check */
        }
        if (kind == K_END) {
            tcpip_next(ps);
            in_block = false;
            continue;
        }
        if (kind == K_BEGIN) {
            const char *before = uhp_arena_printf(ps->prof->arena,
                                                  "the next 'VIPADYNAMIC' at "
                                                  "line %u",
                                                  t.line);
            if (!before || !tcpip_unterminated(ps, &block_tok, before))
                return false;
            tcpip_next(ps);
            skipping = false;
            block_tok = t;
            ps->block++;
            ps->prof->n_blocks++;
            continue;
        }
        if (!tcpip_collect(ps))
            return false;
        if (skipping) {
            if (kind != K_NONE && !tcpip_report_ignored(ps, block_tok.line, cause_line, cause_0831))
                return false;
            continue;
        }
        enum tcpip_outcome out = tcpip_statement(ps, kind);
        if (ps->oom)
            return false;
        if (out == OUT_ERROR) {
            const uhp_tcpip_token *kw = &ps->toks[0];
            const char *stmt = kind == K_NONE ? NULL : tcpip_stmt_names[kind];
            const char *msg =
                stmt ? uhp_arena_printf(ps->prof->arena,
                                        "syntax error in '%s' at line %u: %s; "
                                        "TCP/IP ignores it and the rest of the VIPADYNAMIC block",
                                        stmt, kw->line, ps->err_msg)
                     : uhp_arena_printf(ps->prof->arena,
                                        "syntax error: %s; TCP/IP ignores the "
                                        "rest of the VIPADYNAMIC block",
                                        ps->err_msg);
            if (!tcpip_diag(ps, ps->err_line, ps->err_col, kw->line, kw->col, false, msg,
                            ps->err_fix))
                return false;
            skipping = true;
            cause_line = kw->line;
            cause_0831 = false;
        } else if (out == OUT_EZZ0831I) {
            skipping = true;
            cause_line = ps->toks[0].line;
            cause_0831 = true;
        }
    }
    if (ps->oom)
        return false;
    if (ps->binary) {
        const char *msg =
            uhp_arena_printf(ps->prof->arena,
                             "byte 0x%02X at line %u, column %u is not text: this is not a "
                             "TCP/IP profile (binary data, or EBCDIC that was not converted)",
                             ps->lx.bad_byte, ps->lx.bad_line, ps->lx.bad_col);
        if (!tcpip_diag(ps, ps->lx.bad_line, ps->lx.bad_col, 0, 0, false, msg,
                        "give the profile as text; transfer an EBCDIC data set in text mode"))
            return false;
        ps->prof->diags[ps->prof->n_diags - 1].input_error = true;
        ps->prof->input_error = true;
    } else if (in_block && !tcpip_unterminated(ps, &block_tok, "the end of the file")) {
        return false;
    }
    return true;
}

uhp_profile *uhp_profile_new(uhp_arena *arena)
{
    uhp_profile *p = uhp_arena_alloc(arena, sizeof *p);
    if (!p)
        return NULL;
    memset(p, 0, sizeof *p);
    p->arena = arena;
    return p;
}

/* Adds FILE to the profile's file list. Returns its index, or (size_t)-1 when memory runs
 * out. */
static size_t tcpip_add_file(uhp_profile *p, const char *file)
{
    const char *copy = uhp_arena_strndup(p->arena, file, strlen(file));
    if (!copy || !tcpip_arena_grow(p->arena, (void **)&p->files, &p->cap_files, p->n_files,
                                   sizeof *p->files))
        return (size_t)-1;
    p->files[p->n_files] = copy;
    return p->n_files++;
}

bool uhp_profile_parse_buffer(uhp_profile *p, const char *file, const char *data, size_t len)
{
    tcpip_parser ps;
    memset(&ps, 0, sizeof ps);
    ps.prof = p;
    ps.file_index = tcpip_add_file(p, file);
    if (ps.file_index == (size_t)-1)
        return false;
    ps.file = p->files[ps.file_index];
    ps.peek_rc = 2;
    uhp_tcpip_lexer_init(&ps.lx, data, len);
    size_t first = p->n_stmts;
    bool ok = tcpip_run(&ps) && !ps.oom;
    uhp_free(ps.toks);
    uhp_free(ps.addrs);
    uhp_free(ps.ports);
    uhp_free(ps.dests);
    return ok && tcpip_resolve_intf(p) && tcpip_apply_deletes(p, first);
}
