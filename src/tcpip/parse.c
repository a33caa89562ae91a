/* Parser for the VIPADYNAMIC ... ENDVIPADYNAMIC blocks of a TCP/IP profile. A statement runs
 * from its keyword to the next statement keyword, since the profile has no terminator. IBM's
 * block semantics: a syntax error (or EZZ0831I) ends processing of the rest of the block, so
 * every later statement of the block is reported as ignored. Statements outside the blocks
 * are skipped. No recursion: one loop over the tokens. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"

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

/* Grows the heap vector *V (element size ELEM) to hold one more than N items. Returns false
 * when memory runs out (*V is kept). */
bool tcpip_grow(void **v, size_t *cap, size_t n, size_t elem)
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
const char *tcpip_show(tcpip_parser *ps, const uhp_tcpip_token *tok)
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
uhp_ptok tcpip_ptok(tcpip_parser *ps, const uhp_tcpip_token *tok)
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

/* Records a syntax diag in the profile. Returns false when memory runs out. */
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
bool tcpip_fail(tcpip_parser *ps, const uhp_tcpip_token *tok, const char *fix, const char *fmt, ...)
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
/* The token loop: outside blocks skip, inside blocks parse statements, after an error report
 * what TCP/IP ignores. Returns false when memory runs out. */
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
