/* The z/OS TCP/IP profile, as far as dynamic VIPA goes: a tokenizer for the profile's free
 * format, a parser for VIPADYNAMIC ... ENDVIPADYNAMIC blocks with IBM's block semantics (a
 * syntax error ends processing of the rest of the block), and the queries the UHA2xx rules
 * ask. Everything a parsed profile holds lives in the arena it was parsed into. */
#ifndef UHP_TCPIP_H
#define UHP_TCPIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uhp/arena.h"
#include "uhp/diag.h"
#include "uhp/finding.h"
#include "uhp/source.h"

/* ---- Tokenizer ------------------------------------------------------------------------ */

/* One token: a run of non-blank characters, not upper-cased (TEXT points into the input). */
typedef struct uhp_tcpip_token {
    const char *text;
    size_t len;
    uint32_t line, col; /* 1-based; col counts characters, not bytes */
} uhp_tcpip_token;

typedef struct uhp_tcpip_lexer {
    const char *p, *end;
    uint32_t line, col;
    uint32_t bad_line, bad_col; /* where the last -1 came from */
    unsigned char bad_byte;
} uhp_tcpip_lexer;

void uhp_tcpip_lexer_init(uhp_tcpip_lexer *lx, const char *data, size_t len);
/* Returns 1 with the next token in *TOK, 0 at the end of the input, or -1 at a control byte
 * that no text profile holds (binary data, EBCDIC): bad_line/bad_col/bad_byte say where. */
int uhp_tcpip_lex(uhp_tcpip_lexer *lx, uhp_tcpip_token *tok);
/* True when TOK is keyword FULL written in any case and abbreviated to at least MINLEN
 * characters (IBM's "VIPADEFine": FULL "VIPADEFINE", MINLEN 7). */
bool uhp_tcpip_keyword(const uhp_tcpip_token *tok, const char *full, size_t minlen);
/* True when TOK holds a system symbol (&SYSNAME.): its value is only known on z/OS. */
bool uhp_tcpip_is_symbolic(const uhp_tcpip_token *tok);

/* ---- The parsed profile --------------------------------------------------------------- */

/* A token kept from the profile: upper-cased text and its place. */
typedef struct uhp_ptok {
    const char *text;
    uint32_t line, col;
} uhp_ptok;

typedef struct uhp_paddr {
    uhp_ptok tok;
    int family; /* 4, 6, or 0 for a system symbol (&DVIPA.) */
    uint8_t bytes[16];
    int prefix_len;    /* IPv6 "/n", -1 when absent */
    const char *canon; /* canonical text ("10.1.1.10", "2001:db8::1"), or the symbol */
} uhp_paddr;

/* Parses TEXT[0..LEN) as an IPv4 or IPv6 address (IPv6 with an optional /prefix when
 * ALLOW_PREFIX). Returns false when it is neither; canon and tok are left unset. */
bool uhp_paddr_parse(const char *text, size_t len, bool allow_prefix, uhp_paddr *out);
/* Writes the canonical text of address A ("10.1.1.10", "2001:db8::1") into BUF (at least 64
 * bytes); a symbol is written as is. */
void uhp_paddr_format(const uhp_paddr *a, char *buf, size_t size);
/* True when A and B are the same address (same symbol text for symbols). */
bool uhp_paddr_equal(const uhp_paddr *a, const uhp_paddr *b);

typedef enum uhp_vstmt_kind {
    UHP_VS_DEFINE = 0, /* VIPADEFINE */
    UHP_VS_BACKUP,     /* VIPABACKUP */
    UHP_VS_RANGE,      /* VIPARANGE */
    UHP_VS_DELETE,     /* VIPADELETE */
    UHP_VS_DISTRIBUTE, /* VIPADISTRIBUTE */
    UHP_VS_ROUTE,      /* VIPAROUTE */
    UHP_VS_SMPARMS,    /* VIPASMPARMS (kept, not checked) */
} uhp_vstmt_kind;

typedef enum uhp_distmethod {
    UHP_DM_BASEWLM = 0, /* IBM's default */
    UHP_DM_ROUNDROBIN,
    UHP_DM_SERVERWLM,
    UHP_DM_WEIGHTEDACTIVE,
    UHP_DM_HOTSTANDBY,
    UHP_DM_TARGCONTROLLED,
} uhp_distmethod;

const char *uhp_distmethod_name(uhp_distmethod m); /* "HOTSTANDBY", ... */

typedef enum uhp_dest_role {
    UHP_ROLE_NONE = 0,
    UHP_ROLE_PREFERRED,
    UHP_ROLE_BACKUP,
} uhp_dest_role;

typedef struct uhp_pport {
    uint32_t lo, hi; /* a single port has lo == hi */
    bool symbolic;   /* &PORT.: unknown until z/OS substitutes it */
    uhp_ptok tok;
} uhp_pport;

typedef struct uhp_pdest {
    uhp_paddr addr;
    uhp_dest_role role;
    uint32_t rank;     /* BACKUP rank (1 when not given) */
    uhp_ptok role_tok; /* PREFERRED / BACKUP, when given */
    bool has_weight;
    uint32_t weight;
    uhp_ptok weight_tok;
} uhp_pdest;

typedef struct uhp_vstmt {
    uhp_vstmt_kind kind;
    uhp_ptok kw;           /* the statement keyword, as the statement's location */
    size_t file_index;     /* into uhp_profile.files */
    uint32_t block;        /* 1-based number of the VIPADYNAMIC block in its file */
    bool rejected_ezz0831; /* VIPADISTRIBUTE: PREFERRED/BACKUP/AUTOSWITCHBACK/HEALTHSWITCH
                              without HOTSTANDBY; TCP/IP ignores it and the rest of the block */
    bool deleted;          /* VIPADISTRIBUTE: undone by a later VIPADISTRIBUTE DELETE */
    bool delete_opt;       /* the DELETE option (VIPADISTRIBUTE, VIPARANGE, VIPAROUTE) */
    /* VIPADEFINE / VIPABACKUP / VIPARANGE / VIPADELETE / VIPAROUTE: the addresses */
    uhp_paddr *addrs;
    size_t n_addrs;
    const char *intfname; /* IPv6 interface name, or NULL */
    uhp_ptok intf_tok;
    bool has_mask;
    uhp_paddr mask;
    uint32_t rank; /* VIPABACKUP rank (1 when not given) */
    /* VIPADISTRIBUTE */
    uhp_distmethod method;
    bool method_given;
    uhp_ptok method_tok; /* the method keyword when given */
    bool hs_option;      /* [NO]AUTOSWITCHBACK or [NO]HEALTHSWITCH given */
    uhp_ptok hs_option_tok;
    bool has_dvipa; /* DVIPA known: IPv4 address, or the IPv6 interface resolved */
    uhp_paddr dvipa;
    uhp_ptok dvipa_tok; /* the address or interface name as written */
    uhp_pport *ports;   /* none: every port bound to the DVIPA is distributed */
    size_t n_ports;
    bool destip_all;
    uhp_ptok destip_tok;
    uhp_pdest *dests;
    size_t n_dests;
} uhp_vstmt;

/* A syntax finding of the parser (rule UHA201), kept in the profile so the parser can run
 * without a uhp_run (unit tests, fuzzing). */
typedef struct uhp_tcpip_diag {
    const char *file;
    uint32_t line, col;           /* the offending token; line 0 for a file-level problem */
    uint32_t stmt_line, stmt_col; /* the statement it belongs to, 0 when none */
    const char *message;
    const char *fix;
    bool ignored_stmt; /* a statement TCP/IP ignores after an earlier error */
    bool input_error;  /* the file could not be read or is not text */
} uhp_tcpip_diag;

/* An INCLUDE statement of the profile: TCP/IP reads the named data set in its place; this
 * tool never opens it (a data set name is no path here). */
typedef struct uhp_pinclude {
    const char *file;   /* the profile file that holds the statement */
    uint32_t line, col; /* the INCLUDE keyword */
    const char *name;   /* the data set as written, upper case ("" when missing) */
    bool given;         /* a --tcpip file has the member's (or data set's) name */
} uhp_pinclude;

typedef struct uhp_profile uhp_profile; /* also declared in uhp/rule.h */
struct uhp_profile {
    uhp_arena *arena;
    const char **files;
    size_t n_files, cap_files;
    uhp_vstmt *stmts; /* statements TCP/IP processes, in file order */
    size_t n_stmts, cap_stmts;
    uhp_tcpip_diag *diags;
    size_t n_diags, cap_diags;
    size_t n_blocks;  /* VIPADYNAMIC blocks seen, all files */
    size_t n_ignored; /* statements ignored after errors */
    bool input_error;
    /* The text of each file read by uhp_profile_parse_file (UTF-8), so findings can quote
     * the profile line as YAML findings quote theirs. */
    struct uhp_profile_text *texts;
    size_t n_texts;
    uhp_pinclude *includes; /* INCLUDE statements outside the VIPADYNAMIC blocks */
    size_t n_includes, cap_includes;
    size_t n_unread_includes;      /* those no --tcpip file stands for */
    struct uhp_defindex *defindex; /* uhp_profile_index: definitions by address */
};

typedef struct uhp_profile_text {
    const char *file;
    const char *text;
    size_t len;
    const size_t *line_starts; /* offset of each line, so a quote costs no scan */
    size_t n_lines;
} uhp_profile_text;

/* Finds line LINE of profile file FILE: *TEXT and *LEN get it (no line break), *END_COL the
 * column just past the token that starts at COL (COL itself when none does). Returns false
 * when the file's text is not kept or has no such line. */
bool uhp_profile_quote(const uhp_profile *p, const char *file, uint32_t line, uint32_t col,
                       const char **text, size_t *len, uint32_t *end_col);

/* Returns a new, empty profile in ARENA, or NULL when memory runs out. */
uhp_profile *uhp_profile_new(uhp_arena *arena);
/* Parses DATA[0..LEN) as the profile file FILE into P (the pure in-memory entry point).
 * Syntax errors become diags. Returns false only when memory runs out. */
bool uhp_profile_parse_buffer(uhp_profile *p, const char *file, const char *data, size_t len);
/* Reads PATH through RD (the set's reader: its size limit and byte budget) and parses it
 * into P. EBCDIC text is converted from code page ENCODING (NULL: IBM-1047) as the YAML
 * layers are; UTF-16/32 is refused. An unreadable, oversized, over-budget, unconvertible
 * or empty file becomes an input_error diag. Returns false only when memory runs out. */
bool uhp_profile_read_file(uhp_profile *p, uhp_reader *rd, const char *path, const char *encoding);
/* uhp_profile_read_file with a reader of its own: at most MAX_SIZE bytes, IBM-1047. */
bool uhp_profile_parse_file(uhp_profile *p, const char *path, size_t max_size);

/* Parses the profiles at PATHS through RD with ENCODING (as uhp_profile_read_file); UHA201
 * findings (syntax errors and statements ignored after them) go into RUN with
 * file:line:col. A file that cannot be read gives a finding (rule UHA201, file name, line
 * 0) and sets run->input_error. Memory from ARENA. Returns NULL only when memory runs out. */
uhp_profile *uhp_profile_load(const char *const *paths, size_t n, uhp_reader *rd,
                              const char *encoding, uhp_run *run, uhp_arena *arena);
/* The DVIPA address of the single HOTSTANDBY VIPADISTRIBUTE when exactly one exists, else
 * NULL. Several profiles (one per stack) that all distribute the same DVIPA count as one. */
const char *uhp_profile_hotstandby_dvipa(const uhp_profile *p);

/* ---- Queries for the rules ------------------------------------------------------------ */

/* Whether a VIPADISTRIBUTE covers a port. */
typedef enum uhp_cover {
    UHP_COVER_NO = 0,
    UHP_COVER_YES,     /* a PORT entry or range holds it, or there is no PORT at all */
    UHP_COVER_UNKNOWN, /* only a symbolic PORT (&PORT.) might hold it */
} uhp_cover;

uhp_cover uhp_vstmt_covers_port(const uhp_vstmt *s, long port);
/* True when statement S is a VIPADISTRIBUTE that TCP/IP puts into effect: not rejected
 * with EZZ0831I and not undone by a later VIPADISTRIBUTE DELETE. */
bool uhp_vstmt_distributes(const uhp_vstmt *s);
/* A total order of addresses that agrees with uhp_paddr_equal (family, then the bytes, or
 * a symbol's text in any case), for sorting. */
int uhp_paddr_cmp(const uhp_paddr *a, const uhp_paddr *b);
/* Indexes P's definitions and deletions by address (in P's arena), so that
 * uhp_profile_find_definition answers in O(log n) instead of a scan of every statement: a
 * profile of 100,000 distributions is then checked in n log n. Call it after the last
 * file is parsed (uhp_profile_load does). Returns false when memory runs out (the scan
 * stays). */
bool uhp_profile_index(uhp_profile *p);
/* Returns the last VIPADEFINE or VIPABACKUP that defines ADDR and is not undone by a later
 * VIPADELETE of its file, or NULL. */
const uhp_vstmt *uhp_profile_find_definition(const uhp_profile *p, const uhp_paddr *addr);
/* The file name of statement S. */
const char *uhp_vstmt_file(const uhp_profile *p, const uhp_vstmt *s);

/* True when VIPADISTRIBUTE S distributes DVIPA (when KNOWN) or any address (when not). */
bool uhp_tcpip_is_dvipa(const uhp_vstmt *s, const uhp_paddr *dvipa, bool known);

#endif
