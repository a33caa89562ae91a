/* Helpers shared by the UHA2xx rules: key paths for profile findings, the "statements ignored"
 * note, and the port check behind UHA203, UHA204 and UHA205. */
#include <stdio.h>
#include <string.h>

#include "rule_internal.h"

static const char *const tcpip_kind_names[] = {
    "VIPADEFINE",     "VIPABACKUP", "VIPARANGE",   "VIPADELETE",
    "VIPADISTRIBUTE", "VIPAROUTE",  "VIPASMPARMS",
};

const char *uhp_tcpip_ignored_note(uhp_rule_ctx *ctx)
{
    if (ctx->profile && ctx->profile->n_unread_includes) {
        const uhp_pinclude *inc = ctx->profile->includes;
        while (inc->given)
            inc++;
        return uhp_ctx_printf(ctx,
                              " (the statement may be in '%s', which the profile INCLUDEs at "
                              "%s:%u and which was not read%s)",
                              *inc->name ? inc->name : "?", inc->file, (unsigned)inc->line,
                              ctx->profile->n_ignored ? "; some statements were ignored after "
                                                        "syntax errors: see UHA201"
                                                      : "");
    }
    if (!ctx->profile || ctx->profile->n_ignored == 0)
        return "";
    return uhp_ctx_printf(ctx,
                          " (%zu statement%s of the profile %s ignored after syntax errors: "
                          "see UHA201)",
                          ctx->profile->n_ignored, ctx->profile->n_ignored == 1 ? "" : "s",
                          ctx->profile->n_ignored == 1 ? "is" : "are");
}

const char *uhp_tcpip_key_path(uhp_rule_ctx *ctx, const uhp_vstmt *s)
{
    const char *what = "";
    if (s->kind == UHP_VS_DISTRIBUTE)
        what = s->intfname ? s->intfname : s->dvipa.canon;
    else if (s->intfname)
        what = s->intfname;
    else if (s->n_addrs)
        what = s->addrs[0].canon;
    return uhp_ctx_printf(ctx, "VIPADYNAMIC.%s(%s)", tcpip_kind_names[s->kind], what ? what : "");
}

/* Reports a port-rule failure at statement S (or at the first profile file, line 0, when S
 * is NULL). */
static void tcpip_fail_stmt(uhp_rule_ctx *ctx, const uhp_vstmt *s, const uhp_ptok *tok,
                            const char *msg, const char *fix)
{
    const uhp_profile *p = ctx->profile;
    if (s) {
        const uhp_ptok *at = tok ? tok : &s->kw;
        uhp_ctx_fail_at(ctx, uhp_vstmt_file(p, s), at->line, at->col, uhp_tcpip_key_path(ctx, s),
                        msg, fix);
    } else {
        uhp_ctx_fail_at(ctx, p->n_files ? p->files[0] : NULL, 0, 0, "VIPADYNAMIC", msg, fix);
    }
}

/* Writes the decimal digits of V so that they end at END; returns where they start. */
static char *tcpip_digits(char *end, unsigned long v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

/* What uhp_tcpip_check_port keeps in the calling rule's cache slot for its runs on the
 * other instances of the check (cache arena): the DVIPA, and the last pass note, which the
 * instances mostly share. */
typedef struct tcpip_port_cache {
    bool known; /* DV is the DVIPA the rules check (its canon in the cache arena) */
    uhp_paddr dv;
    const char *origin;
    const char *note; /* the pass note for PORT and statement OK; NULL: none yet */
    long port;
    const uhp_vstmt *ok;
} tcpip_port_cache;

/* Returns the cache of uhp_tcpip_check_port in the ctx's rule slot, finding the DVIPA at
 * the first call. NULL (the run flagged) when memory runs out. */
static tcpip_port_cache *tcpip_port_cache_get(uhp_rule_ctx *ctx)
{
    if (*ctx->cache)
        return *ctx->cache;
    tcpip_port_cache *c = uhp_arena_alloc(ctx->cache_arena, sizeof *c);
    if (!c) {
        ctx->run->out_of_memory = true;
        return NULL;
    }
    memset(c, 0, sizeof *c);
    /* The same DVIPA for every instance: its canonical text goes to the cache arena. */
    uhp_rule_ctx keep = *ctx;
    keep.arena = ctx->cache_arena;
    c->known = uhp_tcpip_rule_dvipa(&keep, &c->dv, &c->origin);
    *ctx->cache = c;
    return c;
}

/* Returns the pass note "port PORT: VIPADISTRIBUTE at FILE:LINE" in arena A, as
 * uhp_ctx_printf would write it (a NULL FILE as "(null)"), but without printf: nearly every
 * instance passes, and the note is all a pass costs. "" (the run flagged) when memory runs
 * out. */
static const char *tcpip_pass_note(uhp_rule_ctx *ctx, uhp_arena *a, long port, const char *file,
                                   unsigned line)
{
    static const char head[] = "port ", mid[] = ": VIPADISTRIBUTE at ";
    char pbuf[24], lbuf[16];
    char *pd = tcpip_digits(pbuf + sizeof pbuf, (unsigned long)port);
    char *ld = tcpip_digits(lbuf + sizeof lbuf, line);
    size_t np = (size_t)(pbuf + sizeof pbuf - pd), nl = (size_t)(lbuf + sizeof lbuf - ld);
    if (!file)
        file = "(null)";
    size_t nf = strlen(file);
    size_t len = sizeof head - 1 + np + sizeof mid - 1 + nf + 1 + nl;
    char *out = uhp_arena_alloc(a, len + 1);
    if (!out) {
        ctx->run->out_of_memory = true;
        return "";
    }
    char *w = out;
    memcpy(w, head, sizeof head - 1);
    w += sizeof head - 1;
    memcpy(w, pd, np);
    w += np;
    memcpy(w, mid, sizeof mid - 1);
    w += sizeof mid - 1;
    memcpy(w, file, nf);
    w += nf;
    *w++ = ':';
    memcpy(w, ld, nl);
    w[nl] = '\0';
    return out;
}

void uhp_tcpip_check_port(uhp_rule_ctx *ctx, const char *path, const char *label, bool hotstandby)
{
    const uhp_profile *p = ctx->profile;
    uhp_value val = uhp_view_get(ctx->view, path);
    if (val.kind == UHP_VAL_UNKNOWN) {
        uhp_ctx_unverified(ctx, &val,
                           uhp_ctx_printf(ctx,
                                          "%s ('%s') is a ${{ }} expression "
                                          "that cannot be evaluated here, so whether "
                                          "the DVIPA distributes it could not be "
                                          "verified",
                                          label, path));
        return;
    }
    long port = uhp_value_port(&val);
    if (port < 0) {
        if (val.kind == UHP_VAL_ABSENT || val.kind == UHP_VAL_NULL)
            uhp_ctx_not_applicable(ctx, uhp_ctx_printf(ctx, "'%s' is not set", path));
        else
            uhp_ctx_unverified(ctx, &val,
                               uhp_ctx_printf(ctx,
                                              "'%s' is not a port number, so "
                                              "whether the DVIPA distributes it "
                                              "could not be verified (see UHA007)",
                                              path));
        return;
    }
    tcpip_port_cache *cache = tcpip_port_cache_get(ctx);
    if (!cache)
        return;
    const uhp_paddr *dv = &cache->dv;
    const char *origin = cache->origin;
    bool known = cache->known;
    const uhp_vstmt *ok = NULL, *wrong = NULL, *maybe = NULL, *last = NULL;
    for (size_t k = 0; k < p->n_stmts && !ok; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (!uhp_vstmt_distributes(s) || !uhp_tcpip_is_dvipa(s, dv, known))
            continue;
        last = s;
        uhp_cover c = uhp_vstmt_covers_port(s, port);
        if (c == UHP_COVER_YES && (!hotstandby || s->method == UHP_DM_HOTSTANDBY))
            ok = s;
        else if (c == UHP_COVER_YES && !wrong)
            wrong = s;
        else if (c == UHP_COVER_UNKNOWN && !maybe)
            maybe = s;
    }
    if (ok) {
        if (!known) {
            uhp_ctx_unverified(
                ctx, &val,
                uhp_ctx_printf(
                    ctx,
                    "%s %ld is distributed by the VIPADISTRIBUTE of %s at %s:%u, but the DVIPA "
                    "was not declared, so it could not be matched; pass --dvipa",
                    label, port, ok->dvipa.canon ? ok->dvipa.canon : "?", uhp_vstmt_file(p, ok),
                    ok->kw.line));
            return;
        }
        if (!cache->note || cache->port != port || cache->ok != ok) {
            cache->note =
                tcpip_pass_note(ctx, ctx->cache_arena, port, uhp_vstmt_file(p, ok), ok->kw.line);
            cache->port = port;
            cache->ok = ok;
        }
        ctx->note = cache->note;
        return;
    }
    /* Only failures and warnings from here on: their texts are built when reported. */
    const char *dvtext = known ? dv->canon : "<DVIPA>";
    if (wrong) {
        tcpip_fail_stmt(ctx, wrong, wrong->method_given ? &wrong->method_tok : &wrong->kw,
                        uhp_ctx_printf(ctx,
                                       "%s %ld ('%s') is distributed by the VIPADISTRIBUTE "
                                       "at line %u with DISTMETHOD %s%s; UMS high availability "
                                       "is active/passive and needs DISTMETHOD HOTSTANDBY",
                                       label, port, path, wrong->kw.line,
                                       uhp_distmethod_name(wrong->method),
                                       wrong->method_given ? "" : " (the default)"),
                        uhp_ctx_printf(ctx,
                                       "distribute port %ld in its own statement: "
                                       "VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY %s PORT %ld "
                                       "DESTIP <xcf-1> PREFERRED <xcf-2> BACKUP",
                                       port, dvtext, port));
        return;
    }
    if (maybe) {
        uhp_ctx_unverified(ctx, &val,
                           uhp_ctx_printf(ctx,
                                          "%s %ld may be one of the symbolic "
                                          "ports of the VIPADISTRIBUTE at %s:%u, "
                                          "which only z/OS can resolve",
                                          label, port, uhp_vstmt_file(p, maybe), maybe->kw.line));
        return;
    }
    const char *target = known ? uhp_ctx_printf(ctx, "the DVIPA %s (from %s)", dv->canon, origin)
                               : "any DVIPA (the DVIPA was not declared: pass --dvipa)";
    const uhp_vstmt *where = last;
    if (!where && known)
        where = uhp_profile_find_definition(p, dv);
    const char *fix =
        hotstandby
            ? uhp_ctx_printf(ctx,
                             "add to the VIPADYNAMIC block: VIPADISTRIBUTE DEFINE DISTMETHOD "
                             "HOTSTANDBY %s PORT %ld DESTIP <xcf-1> PREFERRED <xcf-2> BACKUP",
                             dvtext, port)
            : uhp_ctx_printf(ctx,
                             "add port %ld to the PORT list of the VIPADISTRIBUTE of %s, or "
                             "add a VIPADISTRIBUTE DEFINE %s PORT %ld DESTIP ... for it",
                             port, dvtext, dvtext, port);
    tcpip_fail_stmt(
        ctx, where, NULL,
        uhp_ctx_printf(ctx, "%s %ld ('%s') is not distributed by %s%s%s", label, port, path,
                       hotstandby ? "a HOTSTANDBY VIPADISTRIBUTE of " : "a VIPADISTRIBUTE of ",
                       target, uhp_tcpip_ignored_note(ctx)),
        fix);
}

bool uhp_tcpip_rule_dvipa(const uhp_rule_ctx *ctx, uhp_paddr *out, const char **origin)
{
    memset(out, 0, sizeof *out);
    out->prefix_len = -1;
    const char *addr = NULL;
    if (ctx->dvipa && uhp_dvipa_declared(ctx->dvipa) && ctx->dvipa->address &&
        uhp_paddr_parse(ctx->dvipa->address, strlen(ctx->dvipa->address), false, out)) {
        addr = ctx->dvipa->address;
        *origin = ctx->dvipa->origin ? ctx->dvipa->origin : "--dvipa";
    } else {
        /* a DVIPA declared only by name cannot be matched to profile addresses */
        addr = uhp_profile_hotstandby_dvipa(ctx->profile);
        *origin = "TCP/IP profile";
        if (!addr || !uhp_paddr_parse(addr, strlen(addr), false, out))
            return false;
    }
    out->tok.text = addr;
    out->canon = addr;
    if (ctx->arena) {
        char buf[64];
        uhp_paddr_format(out, buf, sizeof buf);
        /* An address written canonically (the usual case) is its own canonical text: it
         * lives as long as the check, so no copy is needed. */
        if (strcmp(buf, addr) != 0) {
            const char *c = uhp_arena_strndup(ctx->arena, buf, strlen(buf));
            if (c)
                out->canon = c;
        }
    }
    return true;
}
