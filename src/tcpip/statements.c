/* The parameter readers of a VIPADYNAMIC statement (numbers, addresses, masks, interface
 * names) and the parsers of VIPADEFINE, VIPABACKUP, VIPARANGE, VIPADELETE and VIPAROUTE,
 * after IBM's syntax diagrams. Each parser reads the statement parse.c collected. */
#include "parse_internal.h"

#include <ctype.h>
#include <string.h>

#include "uhp/alloc.h"

/* True when TOK is all digits. */
bool tcpip_is_digits(const uhp_tcpip_token *tok)
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
bool tcpip_number(const uhp_tcpip_token *tok, uint32_t lo, uint32_t hi, uint32_t *out)
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
bool tcpip_kw_number(tcpip_parser *ps, const char *kw, uint32_t lo, uint32_t hi, uint32_t *out)
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
bool tcpip_addr(tcpip_parser *ps, const uhp_tcpip_token *tok, bool allow_prefix, uhp_paddr *out)
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
bool tcpip_looks_addr(const uhp_tcpip_token *tok, bool allow_prefix)
{
    uhp_paddr tmp;
    return uhp_tcpip_is_symbolic(tok) || uhp_paddr_parse(tok->text, tok->len, allow_prefix, &tmp);
}

/* True when TOK can be an IPv6 interface name: 1-16 characters, a letter first, no dots or
 * colons (so no address and no number). */
bool tcpip_is_name(const uhp_tcpip_token *tok)
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
bool tcpip_parse_define(tcpip_parser *ps, uhp_vstmt *s)
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
bool tcpip_parse_backup(tcpip_parser *ps, uhp_vstmt *s)
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
bool tcpip_parse_range(tcpip_parser *ps, uhp_vstmt *s)
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
bool tcpip_parse_vdelete(tcpip_parser *ps, uhp_vstmt *s)
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
bool tcpip_parse_route(tcpip_parser *ps, uhp_vstmt *s)
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
