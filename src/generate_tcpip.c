/* `generate tcpip` (uhp/generate.h): the VIPADYNAMIC statements UMS HA needs, from the
 * configuration's instances, their ports and the systems' dynamic XCF addresses. The
 * statements follow IBM's VIPADEFINE and VIPADISTRIBUTE syntax (z/OS Communications Server
 * IP Configuration Reference; docs/generate.md cites the pages), and every line stays within
 * 71 columns, so a fixed-format data set keeps columns 72-80 free. */
#define _POSIX_C_SOURCE 200809L
#include "uhp/generate.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"
#include "uhp/tcpip.h"

#define GEN_COLS 71
#define GEN_MAX_SYSTEMS 32 /* one PREFERRED and at most 31 BACKUP (EZZ0829I) */

/* One system that runs UMS: its name, XCF address and the instances on it. */
typedef struct gen_system {
    const char *sysname;
    const char *xcf;
    char instances[256];
} gen_system;

/* One distributed port and what it serves. */
typedef struct gen_port {
    long port;
    char what[160];  /* "UMS HTTP, gateway" */
    char paths[200]; /* "components.izp.server.port.http, ..." */
} gen_port;

typedef struct gen_state {
    const uhp_config *cfg;
    uhp_arena *arena;
    char *err;
    size_t errlen;
    gen_system sys[GEN_MAX_SYSTEMS];
    size_t n_sys;
    gen_port ports[4];
    size_t n_ports;
} gen_state;

/* Formats the one-line reason into the caller's buffer; returns -1. */
static int gen_fail(gen_state *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int gen_fail(gen_state *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->err, g->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static bool gen_ipv4(const char *s)
{
    unsigned char buf[4];
    return s && inet_pton(AF_INET, s, buf) == 1;
}

/* The instance's sysname (a string or an integer written as text), or NULL. */
static const char *gen_sysname(gen_state *g, const uhp_instance *inst)
{
    uhp_view base = {g->cfg, NULL, g->arena};
    uhp_value ha = uhp_view_get(&base, "haInstances");
    uhp_value in = uhp_value_child(&base, &ha, inst->id);
    uhp_value v = uhp_value_child(&base, &in, "sysname");
    if (v.kind == UHP_VAL_STRING && v.str && v.str[0])
        return v.str;
    if (v.kind == UHP_VAL_INT && v.node)
        return uhp_node_value(v.node);
    return NULL;
}

/* Adds PORT (read at PATH, serving WHAT) to the list, merging a port already there. */
static void gen_add_port(gen_state *g, long port, const char *what, const char *path)
{
    for (size_t i = 0; i < g->n_ports; i++) {
        if (g->ports[i].port == port) {
            size_t n = strlen(g->ports[i].paths);
            snprintf(g->ports[i].paths + n, sizeof g->ports[i].paths - n, ", %s", path);
            return;
        }
    }
    gen_port *p = &g->ports[g->n_ports++];
    p->port = port;
    snprintf(p->what, sizeof p->what, "%s", what);
    snprintf(p->paths, sizeof p->paths, "%s", path);
}

/* Reads the ports of every UMS instance and the systems they run on. Returns 0 or -1. */
static int gen_collect(gen_state *g, const uhp_gen_tcpip_opts *o)
{
    static const struct {
        const char *path, *what;
    } paths[] = {
        {"components.izp.server.port.http", "UMS HTTP"},
        {"components.zss.port", "ZSS"},
        {"components.gateway.port", "gateway"},
        {"zowe.externalPort", "external port"},
    };
    long first[4] = {-1, -1, -1, -1};
    const char *first_id = NULL;
    if (g->cfg->n_instances == 0)
        return gen_fail(g, "the configuration has no haInstances: UMS HA needs one instance "
                           "per system, each with its sysname");
    for (size_t i = 0; i < g->cfg->n_instances; i++) {
        const uhp_instance *inst = &g->cfg->instances[i];
        uhp_view v = {g->cfg, inst, g->arena};
        uhp_value en = uhp_view_get(&v, "components.izp.enabled");
        if (!uhp_value_is_true(&en))
            continue; /* no UMS on this instance: not a target */
        const char *sys = gen_sysname(g, inst);
        if (!sys)
            return gen_fail(g, "HA instance '%s' has no sysname, so its system is unknown",
                            inst->id);
        for (size_t k = 0; k < 4; k++) {
            uhp_value pv = uhp_view_get(&v, paths[k].path);
            long port = uhp_value_port(&pv);
            if (port < 1 || port > 65535)
                return gen_fail(g, "%s of HA instance '%s' is not a port number", paths[k].path,
                                inst->id);
            if (!first_id)
                first[k] = port;
            else if (first[k] != port)
                return gen_fail(g,
                                "%s differs between HA instances '%s' (%ld) and '%s' (%ld): one "
                                "VIPADISTRIBUTE sends a port to every target",
                                paths[k].path, first_id, first[k], inst->id, port);
        }
        if (!first_id)
            first_id = inst->id;
        gen_system *s = NULL;
        for (size_t k = 0; k < g->n_sys && !s; k++)
            if (strcasecmp(g->sys[k].sysname, sys) == 0)
                s = &g->sys[k];
        if (!s) {
            if (g->n_sys == GEN_MAX_SYSTEMS)
                return gen_fail(g,
                                "UMS runs on more than %d systems; HOTSTANDBY takes one "
                                "PREFERRED and at most 31 BACKUP targets (EZZ0829I)",
                                GEN_MAX_SYSTEMS);
            s = &g->sys[g->n_sys++];
            memset(s, 0, sizeof *s);
            s->sysname = sys;
        }
        size_t n = strlen(s->instances);
        snprintf(s->instances + n, sizeof s->instances - n, "%s%s", n ? ", " : "", inst->id);
    }
    if (g->n_sys < 2)
        return gen_fail(g,
                        "UMS runs on %zu system%s: HOTSTANDBY needs a PREFERRED and at least one "
                        "BACKUP target (EZZ0827I), so UMS must run on two systems or more",
                        g->n_sys, g->n_sys == 1 ? "" : "s");
    /* the ports, lowest first, each saying what it serves */
    for (size_t k = 0; k < 4; k++)
        gen_add_port(g, first[k], paths[k].what, paths[k].path);
    for (size_t a = 1; a < g->n_ports; a++)
        for (size_t b = a; b > 0 && g->ports[b - 1].port > g->ports[b].port; b--) {
            gen_port t = g->ports[b];
            g->ports[b] = g->ports[b - 1];
            g->ports[b - 1] = t;
        }
    /* every system needs its XCF address, and every --xcf names a system */
    for (size_t k = 0; k < o->n_xcf; k++) {
        if (!gen_ipv4(o->xcf[k].addr))
            return gen_fail(g, "--xcf %s=%s: not an IPv4 address", o->xcf[k].sysname,
                            o->xcf[k].addr);
        bool found = false;
        for (size_t s = 0; s < g->n_sys; s++) {
            if (strcasecmp(g->sys[s].sysname, o->xcf[k].sysname) != 0)
                continue;
            if (g->sys[s].xcf)
                return gen_fail(g, "--xcf gives system %s twice", o->xcf[k].sysname);
            g->sys[s].xcf = o->xcf[k].addr;
            found = true;
        }
        if (!found)
            return gen_fail(g, "--xcf %s: no HA instance that runs UMS has sysname %s",
                            o->xcf[k].sysname, o->xcf[k].sysname);
    }
    for (size_t s = 0; s < g->n_sys; s++) {
        if (!g->sys[s].xcf)
            return gen_fail(g,
                            "no XCF address for system %s (HA instance %s): pass --xcf %s=ADDR, "
                            "its IPCONFIG DYNAMICXCF address",
                            g->sys[s].sysname, g->sys[s].instances, g->sys[s].sysname);
        for (size_t t = 0; t < s; t++)
            if (!strcmp(g->sys[t].xcf, g->sys[s].xcf))
                return gen_fail(g, "systems %s and %s have the same XCF address %s",
                                g->sys[t].sysname, g->sys[s].sysname, g->sys[s].xcf);
    }
    return 0;
}

/* Writes TEXT as comment lines starting with LEAD ("; " then "; " + INDENT for the lines
 * after the first), wrapped at blanks within GEN_COLS columns (a word longer than a line
 * is cut). EOL ends each line. */
static void gen_comment(FILE *out, const char *lead, const char *more, const char *text,
                        const char *eol)
{
    const char *p = text;
    const char *prefix = lead;
    while (*p) {
        size_t room = GEN_COLS - strlen(prefix);
        size_t n = strlen(p);
        if (n > room) {
            n = room;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0)
                n = room;
        }
        fprintf(out, "%s%.*s%s", prefix, (int)n, p, eol);
        p += n;
        while (*p == ' ')
            p++;
        prefix = more;
    }
}

/* Writes the statements (and, with BLOCK, VIPADYNAMIC and ENDVIPADYNAMIC around them). */
static void gen_write(FILE *out, const gen_state *g, const uhp_gen_tcpip_opts *o, bool block,
                      const char *eol)
{
    char line[512];
    const char *mask = o->mask ? o->mask : "255.255.255.255";
    snprintf(line, sizeof line,
             "UMS high availability: DVIPA %s%s%s%s, written by "
             "ums-ha-preflight %s generate tcpip.",
             o->dvipa, o->dvipa_name ? " (" : "", o->dvipa_name ? o->dvipa_name : "",
             o->dvipa_name ? ")" : "", o->version ? o->version : "");
    gen_comment(out, "; ", ";   ", line, eol);
    gen_comment(out, "; ", ";   ", "Distributed ports:", eol);
    for (size_t i = 0; i < g->n_ports; i++) {
        snprintf(line, sizeof line, "%-5ld %s (%s)", g->ports[i].port, g->ports[i].what,
                 g->ports[i].paths);
        gen_comment(out, ";   ", ";         ", line, eol);
    }
    gen_comment(out, "; ", ";   ",
                g->n_sys > 2 ? "DESTIP: the dynamic XCF address (IPCONFIG DYNAMICXCF) of each "
                               "system that runs UMS; the first is PREFERRED, the others "
                               "BACKUP, the highest rank taking over first:"
                             : "DESTIP: the dynamic XCF address (IPCONFIG DYNAMICXCF) of each "
                               "system that runs UMS; the first is PREFERRED, the other BACKUP:",
                eol);
    for (size_t s = 0; s < g->n_sys; s++) {
        snprintf(line, sizeof line, "%s %s %s: HA instance%s %s", g->sys[s].sysname, g->sys[s].xcf,
                 s == 0 ? "PREFERRED" : "BACKUP", strchr(g->sys[s].instances, ',') ? "s" : "",
                 g->sys[s].instances);
        gen_comment(out, ";   ", ";     ", line, eol);
    }
    if (block)
        fprintf(out, "VIPADYNAMIC%s", eol);
    fprintf(out, "  VIPADEFINE MOVEABLE IMMEDIATE %s %s%s", mask, o->dvipa, eol);
    fprintf(out, "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY %s%s", o->dvipa, eol);
    fputs("    PORT", out);
    for (size_t i = 0; i < g->n_ports; i++)
        fprintf(out, " %ld", g->ports[i].port);
    fputs(eol, out);
    for (size_t s = 0; s < g->n_sys; s++) {
        const char *lead = s == 0 ? "    DESTIP " : "           ";
        if (s == 0)
            fprintf(out, "%s%s PREFERRED%s", lead, g->sys[s].xcf, eol);
        else if (g->n_sys == 2)
            fprintf(out, "%s%s BACKUP%s", lead, g->sys[s].xcf, eol);
        else /* ranks say the order of takeover: the larger rank goes first */
            fprintf(out, "%s%s BACKUP %zu%s", lead, g->sys[s].xcf, 250 - (s - 1) * 8, eol);
    }
    if (block)
        fprintf(out, "ENDVIPADYNAMIC%s", eol);
}

/* Where the statements go in profile O->profile: *AT gets the offset of the line of the last
 * ENDVIPADYNAMIC, or the profile's length when it has no block (*BLOCK false). Returns 0,
 * or -1 (refusing) when the profile has syntax errors or already defines the DVIPA. */
static int gen_merge_point(gen_state *g, const uhp_gen_tcpip_opts *o, size_t *at, bool *block)
{
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_profile *p = uhp_profile_new(&arena);
    if (!p || !uhp_profile_parse_buffer(p, o->profile_name, o->profile, o->profile_len)) {
        uhp_arena_destroy(&arena);
        return gen_fail(g, "out of memory");
    }
    int rc = 0;
    uhp_paddr dv;
    if (p->n_diags > 0) {
        rc = gen_fail(g,
                      "'%s' line %u: %s: fix the profile's syntax first (check --tcpip shows "
                      "every error)",
                      o->profile_name, (unsigned)p->diags[0].line, p->diags[0].message);
    } else if (uhp_paddr_parse(o->dvipa, strlen(o->dvipa), false, &dv)) {
        const uhp_vstmt *def = uhp_profile_find_definition(p, &dv);
        const uhp_vstmt *dist = NULL;
        for (size_t i = 0; i < p->n_stmts && !dist; i++)
            if (p->stmts[i].kind == UHP_VS_DISTRIBUTE && p->stmts[i].has_dvipa &&
                uhp_paddr_equal(&p->stmts[i].dvipa, &dv))
                dist = &p->stmts[i];
        const uhp_vstmt *s = def ? def : dist;
        if (s)
            rc = gen_fail(g,
                          "'%s' line %u already %s the DVIPA %s: merging would define it "
                          "twice; correct that statement (check --tcpip says what it lacks), "
                          "or remove it and generate again",
                          o->profile_name, (unsigned)s->kw.line,
                          s == def ? "defines" : "distributes", o->dvipa);
    }
    uhp_arena_destroy(&arena);
    if (rc)
        return rc;
    uhp_tcpip_lexer lx;
    uhp_tcpip_lexer_init(&lx, o->profile, o->profile_len);
    uhp_tcpip_token tok, prev = {NULL, 0, 0, 0};
    const char *end_kw = NULL;
    uint32_t end_line = 0;
    int r;
    while ((r = uhp_tcpip_lex(&lx, &tok)) == 1) {
        if (uhp_tcpip_keyword(&tok, "ENDVIPADYNAMIC", 8)) {
            if (prev.text && prev.line == tok.line)
                return gen_fail(g,
                                "'%s' line %u: ENDVIPADYNAMIC follows other statements on "
                                "its line, so the block cannot be extended there",
                                o->profile_name, (unsigned)tok.line);
            end_kw = tok.text;
            end_line = tok.line;
        }
        prev = tok;
    }
    if (r < 0)
        return gen_fail(g, "'%s' line %u: not a text profile", o->profile_name,
                        (unsigned)lx.bad_line);
    (void)end_line;
    *block = end_kw != NULL;
    if (!end_kw) {
        *at = o->profile_len;
        return 0;
    }
    size_t off = (size_t)(end_kw - o->profile);
    while (off > 0 && o->profile[off - 1] != '\n')
        off--;
    *at = off;
    return 0;
}

int uhp_generate_tcpip(FILE *out, const uhp_config *cfg, const uhp_gen_tcpip_opts *o, char *err,
                       size_t errlen)
{
    gen_state *g = uhp_calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return -2;
    }
    uhp_arena arena;
    uhp_arena_init(&arena);
    g->cfg = cfg;
    g->arena = &arena;
    g->err = err;
    g->errlen = errlen;
    int rc = 0;
    if (!o->dvipa)
        rc = gen_fail(g, "generate tcpip needs the DVIPA: pass --dvipa ADDR or "
                         "--dvipa NAME=ADDR");
    else if (!gen_ipv4(o->dvipa))
        rc = gen_fail(g,
                      "the DVIPA '%s' is not an IPv4 address; generate tcpip writes IPv4 "
                      "statements only",
                      o->dvipa);
    else if (o->mask && !gen_ipv4(o->mask))
        rc = gen_fail(g, "--mask '%s' is not an IPv4 address mask", o->mask);
    if (rc == 0)
        rc = gen_collect(g, o);
    if (rc == 0 && !o->profile) {
        gen_write(out, g, o, true, "\n");
    } else if (rc == 0) {
        size_t at = 0;
        bool block = false;
        rc = gen_merge_point(g, o, &at, &block);
        if (rc == 0) {
            const char *nl = memchr(o->profile, '\n', o->profile_len);
            const char *eol = nl && nl > o->profile && nl[-1] == '\r' ? "\r\n" : "\n";
            fwrite(o->profile, 1, at, out);
            if (!block && at > 0 && o->profile[at - 1] != '\n')
                fputs(eol, out);
            gen_write(out, g, o, !block, eol);
            fwrite(o->profile + at, 1, o->profile_len - at, out);
        }
    }
    uhp_arena_destroy(&arena);
    uhp_free(g);
    if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
        snprintf(err, errlen, "writing the statements failed");
        return -2;
    }
    return rc;
}
