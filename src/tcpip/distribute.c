/* The parser of VIPADISTRIBUTE: base options in any order, the DVIPA or interface name,
 * the ports and the DESTIP list with its per-target options (IBM's syntax diagram). */
#include "parse_internal.h"

#include <string.h>

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
bool tcpip_parse_distribute(tcpip_parser *ps, uhp_vstmt *s)
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
