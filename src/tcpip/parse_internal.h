/* Private to src/tcpip/: the VIPADYNAMIC parser's state, shared by the block driver
 * (parse.c), the statement parsers (statements.c, distribute.c) and the resolution that
 * runs after each file (resolve.c). Nothing outside src/tcpip/ includes it. */
#ifndef UHP_TCPIP_PARSE_INTERNAL_H
#define UHP_TCPIP_PARSE_INTERNAL_H

#include "uhp/tcpip.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
bool tcpip_grow(void **v, size_t *cap, size_t n, size_t elem);

/* Returns an arena copy of TOK's text for messages: at most 40 characters, with "..." when
 * cut. Returns "" when memory runs out (ps->oom is set). */
const char *tcpip_show(tcpip_parser *ps, const uhp_tcpip_token *tok);

/* Returns TOK as a profile token: upper-cased arena copy and place. Sets ps->oom (and
 * returns an empty text) when memory runs out. */
uhp_ptok tcpip_ptok(tcpip_parser *ps, const uhp_tcpip_token *tok);

/* Records the first error of the current statement at TOK (NULL: the statement's last
 * token, for "ends without ..."); FIX NULL gives the generic fix. Always returns false, so
 * parsers can `return tcpip_fail`. */
bool tcpip_fail(tcpip_parser *ps, const uhp_tcpip_token *tok, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Returns the current argument token of the statement, or NULL past the end. */
static inline const uhp_tcpip_token *tcpip_at(const tcpip_parser *ps)
{
    return ps->i < ps->n_toks ? &ps->toks[ps->i] : NULL;
}

/* Consumes the current token when it is keyword FULL (abbreviated to MINLEN or more). */
static inline bool tcpip_accept(tcpip_parser *ps, const char *full, size_t minlen)
{
    const uhp_tcpip_token *t = tcpip_at(ps);
    if (t && uhp_tcpip_keyword(t, full, minlen)) {
        ps->i++;
        return true;
    }
    return false;
}

/* Parameter readers shared by the statement parsers (statements.c). */

/* True when TOK is all digits. */
bool tcpip_is_digits(const uhp_tcpip_token *tok);
/* Parses TOK as a decimal number in [LO, HI] into *OUT. Returns false when it is not. */
bool tcpip_number(const uhp_tcpip_token *tok, uint32_t lo, uint32_t hi, uint32_t *out);
/* Reads the number after keyword KW (already consumed) into *OUT. Returns false with an error
 * when it is missing or out of [LO, HI]; a system symbol is accepted (and *OUT set to LO). */
bool tcpip_kw_number(tcpip_parser *ps, const char *kw, uint32_t lo, uint32_t hi, uint32_t *out);
/* Fills *OUT from TOK when it is an IPv4 or IPv6 address (IPv6 /prefix when ALLOW_PREFIX) or a
 * system symbol. Returns false (no error recorded) when it is none of these. */
bool tcpip_addr(tcpip_parser *ps, const uhp_tcpip_token *tok, bool allow_prefix, uhp_paddr *out);
/* True when TOK reads as an address (or a system symbol) rather than a name or keyword. */
bool tcpip_looks_addr(const uhp_tcpip_token *tok, bool allow_prefix);
/* True when TOK can be an IPv6 interface name: 1-16 characters, a letter first, no dots or
 * colons (so no address and no number). */
bool tcpip_is_name(const uhp_tcpip_token *tok);

/* The statement parsers. Each reads the arguments of the collected statement from ps->i on
 * into S and the scratch arrays; returns false with ps->err (or ps->oom) set. */
bool tcpip_parse_define(tcpip_parser *ps, uhp_vstmt *s);
bool tcpip_parse_backup(tcpip_parser *ps, uhp_vstmt *s);
bool tcpip_parse_range(tcpip_parser *ps, uhp_vstmt *s);
bool tcpip_parse_vdelete(tcpip_parser *ps, uhp_vstmt *s);
bool tcpip_parse_route(tcpip_parser *ps, uhp_vstmt *s);
bool tcpip_parse_distribute(tcpip_parser *ps, uhp_vstmt *s);

/* Resolution after a file is parsed (resolve.c). Both return false when memory runs out. */

/* Resolves the IPv6 VIPADISTRIBUTE statements (named by interface) to the address of the
 * VIPADEFINE or VIPABACKUP with that interface name, in any profile parsed so far. */
bool tcpip_resolve_intf(uhp_profile *p);
/* Applies the VIPADISTRIBUTE DELETE statements of the file whose statements start at FIRST:
 * an earlier distribution of the same DVIPA with the same ports (or any ports, when the
 * DELETE names none) is no longer in effect. */
bool tcpip_apply_deletes(uhp_profile *p, size_t first);

#endif
