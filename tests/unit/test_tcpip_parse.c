/* The VIPADYNAMIC parser: IBM's documented examples, the free format, every statement, IBM's
 * block semantics after a syntax error, and bad profiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "uhp/alloc.h"
#include "uhp/tcpip.h"

typedef struct fixture {
    uhp_arena arena;
    uhp_profile *p;
} fixture;

static int fx_setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    uhp_arena_init(&fx->arena);
    fx->p = uhp_profile_new(&fx->arena);
    *state = fx;
    return fx->p ? 0 : -1;
}

static int fx_teardown(void **state)
{
    fixture *fx = *state;
    uhp_arena_destroy(&fx->arena);
    free(fx);
    return 0;
}

static uhp_profile *parse(void **state, const char *text)
{
    fixture *fx = *state;
    assert_true(uhp_profile_parse_buffer(fx->p, "prof.txt", text, strlen(text)));
    return fx->p;
}

/* Prints the diags, so a failing test shows what the parser said. */
static void dump(const uhp_profile *p)
{
    for (size_t i = 0; i < p->n_diags; i++)
        fprintf(stderr, "  diag %u:%u %s\n", p->diags[i].line, p->diags[i].col,
                p->diags[i].message);
}

static void assert_no_diags(const uhp_profile *p)
{
    if (p->n_diags)
        dump(p);
    assert_int_equal(p->n_diags, 0);
}

static const uhp_vstmt *stmt_of(const uhp_profile *p, uhp_vstmt_kind kind, size_t nth)
{
    for (size_t i = 0; i < p->n_stmts; i++)
        if (p->stmts[i].kind == kind && nth-- == 0)
            return &p->stmts[i];
    fail_msg("no statement of kind %d", (int)kind);
    return NULL;
}

/* IBM's UMS sample ("Preparing for high availability"), placeholders filled in. */
static void test_ibm_ums_sample(void **state)
{
    const uhp_profile *p = parse(state, "VIPADYNAMIC\n"
                                        "  VIPADEFINE       255.255.255.0 10.20.30.40\n"
                                        "    VIPADISTRIBUTE\n"
                                        "       DISTMETHOD HOTSTANDBY 10.20.30.40 PORT 12023\n"
                                        "       DESTIP\n"
                                        "          10.20.99.1 PREFERRED\n"
                                        "          10.20.99.2 BACKUP\n"
                                        "ENDVIPADYNAMIC\n");
    assert_no_diags(p);
    assert_int_equal(p->n_stmts, 2);
    assert_int_equal(p->n_blocks, 1);
    const uhp_vstmt *d = stmt_of(p, UHP_VS_DEFINE, 0);
    assert_true(d->has_mask);
    assert_int_equal(d->n_addrs, 1);
    assert_string_equal(d->addrs[0].canon, "10.20.30.40");
    const uhp_vstmt *s = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_int_equal(s->kw.line, 3);
    assert_int_equal(s->kw.col, 5);
    assert_int_equal(s->method, UHP_DM_HOTSTANDBY);
    assert_string_equal(s->dvipa.canon, "10.20.30.40");
    assert_int_equal(s->n_ports, 1);
    assert_int_equal(s->ports[0].lo, 12023);
    assert_int_equal(s->n_dests, 2);
    assert_int_equal(s->dests[0].role, UHP_ROLE_PREFERRED);
    assert_int_equal(s->dests[1].role, UHP_ROLE_BACKUP);
    assert_int_equal(s->dests[1].addr.tok.line, 7);
    assert_string_equal(uhp_profile_hotstandby_dvipa(p), "10.20.30.40");
    assert_int_equal(uhp_vstmt_covers_port(s, 12023), UHP_COVER_YES);
    assert_int_equal(uhp_vstmt_covers_port(s, 7554), UHP_COVER_NO);
    assert_ptr_equal(uhp_profile_find_definition(p, &s->dvipa), d);
}

/* Zowe's Sysplex Distributor example (docs "Configuring Sysplex for high availability"), with
 * addresses for its placeholders, NOAUTOSWITCHBACK and the DISTM abbreviation. */
static void test_zowe_sysplex_distributor_example(void **state)
{
    const uhp_profile *p =
        parse(state, "    VIPADYNAMIC   \n"
                     "     VIPADEFINE  255.255.255.0 192.168.7.20\n"
                     "     VIPADISTRIBUTE DEFINE DISTM HOTSTANDBY NOAUTOSWITCHBACK 192.168.7.20 \n"
                     "       PORT 7554 DESTIP\n"
                     "        192.168.8.1  PREFERRED \n"
                     "        192.168.8.2  BACKUP           \n"
                     "    ENDVIPADYNAMIC\n");
    assert_no_diags(p);
    const uhp_vstmt *s = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_true(s->hs_option);
    assert_true(s->method_given);
    assert_int_equal(s->method_tok.line, 3);
    assert_int_equal(s->n_dests, 2);
    assert_true(uhp_vstmt_distributes(s));
}

/* IBM's hot-standby example with ranked backups, and a WEIGHTEDACTIVE distribution. */
static void test_ranks_weights_and_many_options(void **state)
{
    const uhp_profile *p = parse(
        state, "VIPADYNAMIC\n"
               " VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 9.67.240.2 9.67.240.3\n"
               " VIPADISTRIBUTE DISTMETHOD HOTSTANDBY AUTOSWITCHBACK HEALTHSWITCH\n"
               "   9.67.240.2 PORT 10000 DESTIP 203.3.10.16 PREFERRED 203.3.10.17 BACKUP 50\n"
               "   203.3.10.18 BACKUP 100\n"
               " VIPADISTRIBUTE DEFINE OPTLOCAL 2 SYSPLEXPORTS TIMEDAFFINITY 60\n"
               "   DISTMETHOD WEIGHTEDACTIVE 9.67.240.3 PORT 20 21 8000-8010\n"
               "   DESTIP 203.3.10.16 WEIGHT 20 203.3.10.17 WEIGHT 10\n"
               " VIPADISTRIBUTE DISTMETHOD SERVERWLM PROCXCOST ZIIP 5 ZAAP 1 ILWEIGHTING 1\n"
               "   9.67.240.3 PORT 9000 DESTIP ALL\n"
               " VIPADISTRIBUTE DISTMETHOD BASEWLM PROCTYPE CP 80 ZIIP 20 NOOPTLOCAL\n"
               "   9.67.240.3 PORT 9001 DESTIP ALL\n"
               " VIPARANGE DEFINE MOVEABLE NONDISRUPTIVE 255.255.255.0 9.67.241.0 SAF VIPARES\n"
               " VIPAROUTE DEFINE 203.3.10.16 9.67.1.16\n"
               " VIPADELETE 9.67.240.9\n"
               " VIPASMPARMS SMMTU 1400\n"
               "ENDVIPADYNAMIC\n");
    assert_no_diags(p);
    assert_int_equal(p->n_stmts, 9);
    const uhp_vstmt *hs = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_int_equal(hs->n_dests, 3);
    assert_int_equal(hs->dests[1].rank, 50);
    assert_int_equal(hs->dests[2].rank, 100);
    const uhp_vstmt *wa = stmt_of(p, UHP_VS_DISTRIBUTE, 1);
    assert_int_equal(wa->method, UHP_DM_WEIGHTEDACTIVE);
    assert_int_equal(wa->n_ports, 3);
    assert_int_equal(wa->ports[2].lo, 8000);
    assert_int_equal(wa->ports[2].hi, 8010);
    assert_int_equal(uhp_vstmt_covers_port(wa, 8005), UHP_COVER_YES);
    assert_true(wa->dests[0].has_weight);
    assert_int_equal(wa->dests[0].weight, 20);
    assert_true(stmt_of(p, UHP_VS_DISTRIBUTE, 2)->destip_all);
    assert_int_equal(stmt_of(p, UHP_VS_DEFINE, 0)->n_addrs, 2);
    /* two HOTSTANDBY DVIPAs would be ambiguous; here only one distributes HOTSTANDBY */
    assert_string_equal(uhp_profile_hotstandby_dvipa(p), "9.67.240.2");
}

/* The free format: abbreviations, lowercase, comments between tokens, a statement over
 * many records, &SYSNAME. tokens, and statements outside the block skipped. */
static void test_free_format(void **state)
{
    const uhp_profile *p = parse(state, "TCPCONFIG TTLS ; not ours\n"
                                        "PORT 12023 TCP IZPSRV1 ; also not ours\n"
                                        "vipad\n"
                                        " vipadef 255.255.255.0\n"
                                        "   10.1.1.10 ; the DVIPA\n"
                                        " vipadist\n"
                                        "   ; a comment between tokens\n"
                                        "   distm\n"
                                        "   hotstandby\n"
                                        "   10.1.1.10\n"
                                        "   port\n"
                                        "   12023\n"
                                        "   7557 &ZSSPORT.\n"
                                        "   destip\n"
                                        "   &XCF1. preferred\n"
                                        "   10.1.&SYSNAME..2 backup\n"
                                        "endvipad\n"
                                        "HOME 10.1.1.1 LINK1\n");
    assert_no_diags(p);
    const uhp_vstmt *s = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_int_equal(s->kw.line, 6);
    assert_int_equal(s->method, UHP_DM_HOTSTANDBY);
    assert_int_equal(s->n_ports, 3);
    assert_true(s->ports[2].symbolic);
    assert_int_equal(uhp_vstmt_covers_port(s, 7557), UHP_COVER_YES);
    assert_int_equal(uhp_vstmt_covers_port(s, 7554), UHP_COVER_UNKNOWN);
    assert_int_equal(s->n_dests, 2);
    assert_int_equal(s->dests[0].addr.family, 0);
    assert_string_equal(s->dests[0].addr.tok.text, "&XCF1.");
    assert_string_equal(s->dests[1].addr.tok.text, "10.1.&SYSNAME..2");
    assert_int_equal(s->dests[1].role, UHP_ROLE_BACKUP);
    assert_string_equal(s->kw.text, "VIPADIST");
}

static void test_ipv6_forms(void **state)
{
    const uhp_profile *p =
        parse(state, "VIPADYNAMIC\n"
                     " VIPADEFINE MOVEABLE IMMEDIATE DVIPA6 2001:db8::10\n"
                     " VIPABACKUP 200 MOVEABLE IMMEDIATE DVIPA7 2001:DB8::11/64\n"
                     " VIPADISTRIBUTE DISTMETHOD HOTSTANDBY DVIPA6 PORT 12023\n"
                     "   DESTIP 2001:db8:1::1 PREFERRED 2001:db8:1::2 BACKUP\n"
                     " VIPARANGE DEFINE RANGE6 2001:db8:2::/48\n"
                     " VIPADELETE DVIPA9\n"
                     "ENDVIPADYNAMIC\n");
    assert_no_diags(p);
    const uhp_vstmt *s = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_string_equal(s->intfname, "DVIPA6");
    assert_true(s->has_dvipa);
    assert_string_equal(s->dvipa.canon, "2001:db8::10");
    assert_int_equal(stmt_of(p, UHP_VS_BACKUP, 0)->rank, 200);
    assert_int_equal(stmt_of(p, UHP_VS_BACKUP, 0)->addrs[0].prefix_len, 64);
    assert_string_equal(uhp_profile_hotstandby_dvipa(p), "2001:db8::10");
}

/* A syntax error in the middle of a block: the error, then every later statement of the
 * block as ignored, each at its keyword; the next block is processed again. */
static void test_error_mid_block_ignores_rest(void **state)
{
    const uhp_profile *p =
        parse(state, "VIPADYNAMIC\n"                                            /* 1 */
                     " VIPADEFINE 255.255.255.0 10.1.1.10\n"                    /* 2 */
                     " VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 10.1.1.10\n"        /* 3 */
                     "   PORT 12023 DESTIP 10.1.9.1 PREFERED 10.1.9.2 BACKUP\n" /* 4 */
                     " VIPADEFINE 255.255.255.0 10.1.1.11\n"                    /* 5 */
                     " VIPARANGE DEFINE 255.255.255.0 10.1.2.0\n"               /* 6 */
                     "   VIPADISTRIBUTE DISTMETHOD ROUNDROBIN 10.1.1.11\n"      /* 7 */
                     "   DESTIP ALL\n"                                          /* 8 */
                     "ENDVIPADYNAMIC\n"                                         /* 9 */
                     "VIPADYNAMIC\n"                                            /* 10 */
                     " VIPABACKUP 100 10.1.1.12\n"                              /* 11 */
                     "ENDVIPADYNAMIC\n");
    assert_int_equal(p->n_diags, 4);
    assert_int_equal(p->diags[0].line, 4);
    assert_int_equal(p->diags[0].col, 31);
    assert_int_equal(p->diags[0].stmt_line, 3);
    assert_false(p->diags[0].ignored_stmt);
    assert_non_null(strstr(p->diags[0].message, "'PREFERED'"));
    const uint32_t ignored_lines[] = {5, 6, 7};
    for (size_t i = 0; i < 3; i++) {
        assert_true(p->diags[1 + i].ignored_stmt);
        assert_int_equal(p->diags[1 + i].line, ignored_lines[i]);
        assert_non_null(strstr(p->diags[1 + i].message, "line 3"));
    }
    assert_int_equal(p->diags[3].col, 4);
    assert_int_equal(p->n_ignored, 3);
    /* only the statements TCP/IP processes are kept */
    assert_int_equal(p->n_stmts, 2);
    assert_int_equal(p->stmts[0].kind, UHP_VS_DEFINE);
    assert_int_equal(p->stmts[1].kind, UHP_VS_BACKUP);
    assert_int_equal(p->stmts[1].block, 2);
    assert_null(uhp_profile_hotstandby_dvipa(p));
}

/* EZZ0831I: PREFERRED/BACKUP without HOTSTANDBY; the statement is kept (flagged) for
 * UHA207 and the rest of the block is ignored. */
static void test_ezz0831i_ends_block(void **state)
{
    const uhp_profile *p =
        parse(state, "VIPADYNAMIC\n"
                     " VIPADEFINE 255.255.255.0 10.1.1.10\n"
                     " VIPADISTRIBUTE DISTMETHOD ROUNDROBIN 10.1.1.10 PORT 12023\n"
                     "   DESTIP 10.1.9.1 PREFERRED 10.1.9.2 BACKUP\n"
                     " VIPADEFINE 255.255.255.0 10.1.1.11\n"
                     "ENDVIPADYNAMIC\n");
    assert_int_equal(p->n_diags, 1);
    assert_true(p->diags[0].ignored_stmt);
    assert_int_equal(p->diags[0].line, 5);
    assert_non_null(strstr(p->diags[0].message, "EZZ0831I"));
    const uhp_vstmt *s = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_true(s->rejected_ezz0831);
    assert_false(uhp_vstmt_distributes(s));
    assert_int_equal(p->n_stmts, 2);
}

static void test_syntax_errors_are_located(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint32_t line, col;
        const char *needle;
    } cases[] = {
        {"VIPADYNAMIC\n VIPADEFINE 255.255.255.0\nENDVIPADYNAMIC\n", 2, 13, "needs an address"},
        {"VIPADYNAMIC\n VIPADEFINE 255.0.255.0 10.1.1.1\nENDVIPADYNAMIC\n", 2, 13, "mask"},
        {"VIPADYNAMIC\n VIPADEFINE 255.255.255.0 x.x.x.V\nENDVIPADYNAMIC\n", 2, 27, "'x.x.x.V'"},
        {"VIPADYNAMIC\n VIPADISTRIBUTE DISTM HOTSTANDBY 10.1.1.1 PORT 12023\nENDVIPAD\n", 2, 48,
         "without 'DESTIP'"},
        {"VIPADYNAMIC\n VIPADIST DISTM FASTEST 10.1.1.1 DESTIP ALL\nENDVIPAD\n", 2, 17,
         "'FASTEST'"},
        {"VIPADYNAMIC\n VIPADIST 10.1.1.1 PORT 70000 DESTIP ALL\nENDVIPAD\n", 2, 25, "'70000'"},
        {"VIPADYNAMIC\n VIPADIST 10.1.1.1 PORT 9-8 DESTIP ALL\nENDVIPAD\n", 2, 25, "range"},
        {"VIPADYNAMIC\n VIPADIST DISTM HOTSTANDBY DISTM ROUNDROBIN 10.1.1.1 DESTIP ALL\n"
         "ENDVIPAD\n",
         2, 28, "twice"},
        {"VIPADYNAMIC\n VIPABACKUP 300 10.1.1.1\nENDVIPAD\n", 2, 13, "'300'"},
        {"VIPADYNAMIC\n VIPABACKUP 1 255.255.255.0 10.1.1.1\nENDVIPAD\n", 2, 15, "mask"},
        {"VIPADYNAMIC\n PORT 21 TCP FTPD1\nENDVIPAD\n", 2, 2, "not a VIPADYNAMIC statement"},
        {"VIPADYNAMIC\n VIPADIST 2001:db8::1 DESTIP ALL\nENDVIPAD\n", 2, 11, "interface name"},
        {"VIPADYNAMIC\n VIPADIST 10.1.1.1 DESTIP 10.1.9.1 WEIGHT\nENDVIPAD\n", 2, 36,
         "'WEIGHT' needs"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uhp_arena a;
        uhp_arena_init(&a);
        uhp_profile *p = uhp_profile_new(&a);
        assert_non_null(p);
        assert_true(uhp_profile_parse_buffer(p, "e.txt", cases[i].text, strlen(cases[i].text)));
        if (p->n_diags != 1 || p->diags[0].line != cases[i].line ||
            p->diags[0].col != cases[i].col || !strstr(p->diags[0].message, cases[i].needle)) {
            fprintf(stderr, "case %zu:\n", i);
            dump(p);
        }
        assert_int_equal(p->n_diags, 1);
        assert_int_equal(p->diags[0].line, cases[i].line);
        assert_int_equal(p->diags[0].col, cases[i].col);
        assert_non_null(strstr(p->diags[0].message, cases[i].needle));
        assert_non_null(p->diags[0].fix);
        uhp_arena_destroy(&a);
    }
}

static void test_block_structure_errors(void **state)
{
    const uhp_profile *p = parse(state, "ENDVIPADYNAMIC\n"
                                        "VIPADYNAMIC\n"
                                        " VIPADEFINE 255.255.255.0 10.1.1.10\n"
                                        "VIPADYNAMIC\n"
                                        " VIPADEFINE 255.255.255.0 10.1.1.11\n");
    assert_int_equal(p->n_diags, 3);
    assert_int_equal(p->diags[0].line, 1);
    assert_non_null(strstr(p->diags[0].message, "no 'VIPADYNAMIC' before"));
    assert_int_equal(p->diags[1].line, 2);
    assert_non_null(strstr(p->diags[1].message, "next 'VIPADYNAMIC' at line 4"));
    assert_int_equal(p->diags[2].line, 4);
    assert_non_null(strstr(p->diags[2].message, "end of the file"));
    /* statements of an unterminated block still count */
    assert_int_equal(p->n_stmts, 2);
    assert_int_equal(p->n_blocks, 2);
}

static void test_distribute_delete_and_vipadelete(void **state)
{
    const uhp_profile *p = parse(
        state, "VIPADYNAMIC\n"
               " VIPADEFINE 255.255.255.0 10.1.1.10\n"
               " VIPADISTRIBUTE DISTM HOTSTANDBY 10.1.1.10 PORT 12023 DESTIP 10.1.9.1 PREFERRED\n"
               "   10.1.9.2 BACKUP\n"
               " VIPADISTRIBUTE DISTM ROUNDROBIN 10.1.1.10 PORT 7557 DESTIP ALL\n"
               " VIPADISTRIBUTE DELETE 10.1.1.10 PORT 12023 DESTIP ALL\n"
               " VIPADELETE 10.1.1.10\n"
               "ENDVIPADYNAMIC\n");
    assert_no_diags(p);
    const uhp_vstmt *hs = stmt_of(p, UHP_VS_DISTRIBUTE, 0);
    assert_true(hs->deleted);
    assert_false(uhp_vstmt_distributes(hs));
    assert_true(uhp_vstmt_distributes(stmt_of(p, UHP_VS_DISTRIBUTE, 1)));
    assert_false(uhp_vstmt_distributes(stmt_of(p, UHP_VS_DISTRIBUTE, 2)));
    assert_null(uhp_profile_hotstandby_dvipa(p));
    assert_null(uhp_profile_find_definition(p, &hs->dvipa));
}

static void test_binary_junk_is_an_input_error(void **state)
{
    fixture *fx = *state;
    char junk[512];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)((i * 131 + 7) & 0xff);
    assert_true(uhp_profile_parse_buffer(fx->p, "junk.bin", junk, sizeof junk));
    assert_true(fx->p->input_error);
    assert_true(fx->p->n_diags >= 1);
    const uhp_tcpip_diag *d = &fx->p->diags[fx->p->n_diags - 1];
    assert_true(d->input_error);
    assert_non_null(strstr(d->message, "not text"));
    assert_true(d->line >= 1);
}

/* A 100,000-line profile: many blocks and statements, then an error in the last block that
 * makes the rest ignored. Linear time, no recursion. */
static void test_huge_profile(void **state)
{
    fixture *fx = *state;
    size_t cap = 8u * 1024u * 1024u, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    len += (size_t)snprintf(buf + len, cap - len, "VIPADYNAMIC\n");
    for (unsigned i = 0; i < 49998; i++) {
        len += (size_t)snprintf(buf + len, cap - len,
                                " VIPADIST DISTM ROUNDROBIN 10.%u.%u.1 PORT %u\n"
                                "   DESTIP ALL\n",
                                (i >> 8) & 255, i & 255, 1 + i % 65535);
    }
    len += (size_t)snprintf(buf + len, cap - len, "ENDVIPADYNAMIC\n");
    assert_true(uhp_profile_parse_buffer(fx->p, "big.txt", buf, len));
    assert_no_diags(fx->p);
    assert_int_equal(fx->p->n_stmts, 49998);
    /* the same file with a broken first statement: all the others are ignored */
    memcpy(strstr(buf, "ROUNDROBIN"), "ROUNDROBIX", 10);
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_profile *p = uhp_profile_new(&a);
    assert_true(uhp_profile_parse_buffer(p, "big.txt", buf, len));
    assert_int_equal(p->n_diags, 49998);
    assert_int_equal(p->n_ignored, 49997);
    assert_int_equal(p->n_stmts, 0);
    uhp_arena_destroy(&a);
    free(buf);
}

static void test_unreadable_files(void **state)
{
    fixture *fx = *state;
    assert_true(uhp_profile_parse_file(fx->p, "/nonexistent/profile.tcpip", 1 << 20));
    assert_true(fx->p->input_error);
    assert_int_equal(fx->p->diags[0].line, 0);
    assert_non_null(strstr(fx->p->diags[0].message, "'/nonexistent/profile.tcpip'"));
    assert_true(uhp_profile_parse_file(fx->p, "/tmp", 1 << 20));
    assert_non_null(strstr(fx->p->diags[1].message, "directory"));
    const char *empty = uhp_test_write_temp("empty.tcpip", "");
    assert_non_null(empty);
    assert_true(uhp_profile_parse_file(fx->p, empty, 1 << 20));
    assert_non_null(strstr(fx->p->diags[2].message, "empty"));
    const char *big = uhp_test_write_temp("big.tcpip", "VIPADYNAMIC\nENDVIPADYNAMIC\n");
    assert_true(uhp_profile_parse_file(fx->p, big, 8));
    assert_non_null(strstr(fx->p->diags[3].message, "larger"));
    assert_int_equal(fx->p->n_diags, 4);
}

/* Fails the Nth allocation; parsing must report out-of-memory, never crash or leak. */
static size_t alloc_budget;
static void *fail_malloc(void *ctx, size_t n)
{
    (void)ctx;
    if (alloc_budget == 0)
        return NULL;
    alloc_budget--;
    return malloc(n);
}
static void *fail_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    if (alloc_budget == 0)
        return NULL;
    alloc_budget--;
    return realloc(p, n);
}
static void fail_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_out_of_memory_is_reported(void **state)
{
    (void)state;
    const char *text = "VIPADYNAMIC\n VIPADEFINE 255.255.255.0 10.1.1.10\n"
                       " VIPADISTRIBUTE DISTM HOTSTANDBY 10.1.1.10 PORT 12023 DESTIP 10.1.9.1\n"
                       " PREFERRED 10.1.9.2 BACKUP\n VIPADEFINE bad\nENDVIPADYNAMIC\n";
    uhp_allocator al = {fail_malloc, fail_realloc, fail_free, NULL};
    bool succeeded = false;
    for (size_t budget = 0; budget < 64 && !succeeded; budget++) {
        alloc_budget = budget;
        uhp_set_allocator(&al);
        uhp_arena a;
        uhp_arena_init(&a);
        uhp_profile *p = uhp_profile_new(&a);
        if (p)
            succeeded = uhp_profile_parse_buffer(p, "oom.txt", text, strlen(text));
        uhp_arena_destroy(&a);
        uhp_set_allocator(NULL);
    }
    assert_true(succeeded);
}

/* The public fragments in shared/reference/real-world: the ZCX VIPARANGE member parses
 * clean; Zowe's documented blocks parse clean once their x.x.x.V placeholders are
 * addresses, and as published each reports its placeholder address. */
static char *read_shared(const char *name, size_t *len)
{
    const char *dir = uhp_test_shared_dir();
    if (!dir)
        return NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/reference/real-world/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(65536);
    *len = buf ? fread(buf, 1, 65535, f) : 0;
    fclose(f);
    if (buf)
        buf[*len] = '\0';
    return buf;
}

static void replace_all(char *s, const char *from, const char *to)
{
    size_t n = strlen(from);
    assert_int_equal(n, strlen(to));
    for (char *q = strstr(s, from); q; q = strstr(q + n, from))
        memcpy(q, to, n);
}

static void test_real_world_fragments(void **state)
{
    (void)state;
    static const char *const zowe[] = {
        "zowe-docs-site-configure-sysplex.md.L35-41.txt",
        "zowe-docs-site-configure-sysplex.md.L65-71.txt",
        "zowe-docs-site-systemrequirements-zosmf-ha.md.L73-79.txt",
    };
    size_t len;
    char *zcx = read_shared("zeditor01-ZODD2023-S03_TCPIP.md.L157-163.txt", &len);
    if (!zcx)
        skip();
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_profile *p = uhp_profile_new(&a);
    assert_true(uhp_profile_parse_buffer(p, "zcx", zcx, len));
    assert_no_diags(p);
    assert_int_equal(stmt_of(p, UHP_VS_RANGE, 0)->addrs[0].bytes[3], 5);
    free(zcx);
    for (size_t i = 0; i < 3; i++) {
        char *text = read_shared(zowe[i], &len);
        assert_non_null(text);
        uhp_profile *raw = uhp_profile_new(&a);
        assert_true(uhp_profile_parse_buffer(raw, zowe[i], text, len));
        /* the VIPADEFINE fails on its placeholder; the VIPADISTRIBUTE after it is ignored */
        assert_int_equal(raw->n_diags, 2);
        assert_non_null(strstr(raw->diags[0].message, "'x.x.x.V'"));
        assert_true(raw->diags[1].ignored_stmt);
        replace_all(text, "x.x.x.V", "9.9.9.9");
        replace_all(text, "x.x.x.A", "9.9.8.1");
        replace_all(text, "x.x.x.B", "9.9.8.2");
        uhp_profile *filled = uhp_profile_new(&a);
        assert_true(uhp_profile_parse_buffer(filled, zowe[i], text, len));
        assert_no_diags(filled);
        assert_string_equal(uhp_profile_hotstandby_dvipa(filled), "9.9.9.9");
        free(text);
    }
    uhp_arena_destroy(&a);
}

/* The definition index answers as the scan of every statement does: definitions, later
 * redefinitions, deletions of an address or an interface in the same file and in another
 * file, over two files. */
static void test_definition_index_agrees(void **state)
{
    fixture *fx = *state;
    static const char a[] = "VIPADYNAMIC\n"
                            " VIPADEFINE 255.255.255.0 10.1.1.1 10.1.1.2\n"
                            " VIPABACKUP 100 10.1.1.3\n"
                            " VIPADELETE 10.1.1.2\n"
                            " VIPADEFINE MOVEABLE IMMEDIATE DVIPA6 2001:db8::10\n"
                            " VIPADEFINE MOVEABLE IMMEDIATE DVIPA7 2001:db8::11\n"
                            " VIPADELETE DVIPA6\n"
                            " VIPADELETE 10.1.1.3\n"
                            " VIPADEFINE 255.255.255.0 10.1.1.3\n"
                            " VIPADISTRIBUTE DEFINE 10.1.1.9 PORT 1 DESTIP 10.9.9.9\n"
                            "ENDVIPADYNAMIC\n";
    static const char b[] = "VIPADYNAMIC\n"
                            " VIPADELETE 10.1.1.1\n"
                            " VIPABACKUP 100 10.1.1.4\n"
                            " VIPADELETE DVIPA7\n"
                            "ENDVIPADYNAMIC\n";
    assert_true(uhp_profile_parse_buffer(fx->p, "a.txt", a, strlen(a)));
    assert_true(uhp_profile_parse_buffer(fx->p, "b.txt", b, strlen(b)));
    assert_no_diags(fx->p);
    static const char *const addrs[] = {"10.1.1.1",     "10.1.1.2",     "10.1.1.3",
                                        "10.1.1.4",     "10.1.1.9",     "2001:db8::10",
                                        "2001:db8::11", "2001:db8::12", "10.9.9.9"};
    const uhp_vstmt *scan[9];
    uhp_paddr pa[9];
    for (size_t i = 0; i < 9; i++) {
        assert_true(uhp_paddr_parse(addrs[i], strlen(addrs[i]), false, &pa[i]));
        scan[i] = uhp_profile_find_definition(fx->p, &pa[i]);
    }
    assert_non_null(scan[0]);
    assert_null(scan[1]);
    assert_non_null(scan[2]);
    assert_null(scan[5]);
    assert_non_null(scan[6]); /* deleted in another file: still defined */
    assert_true(uhp_profile_index(fx->p));
    for (size_t i = 0; i < 9; i++)
        assert_ptr_equal(uhp_profile_find_definition(fx->p, &pa[i]), scan[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ibm_ums_sample, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_definition_index_agrees, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_zowe_sysplex_distributor_example, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_ranks_weights_and_many_options, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_free_format, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_forms, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_error_mid_block_ignores_rest, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ezz0831i_ends_block, fx_setup, fx_teardown),
        cmocka_unit_test(test_syntax_errors_are_located),
        cmocka_unit_test_setup_teardown(test_block_structure_errors, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_distribute_delete_and_vipadelete, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_binary_junk_is_an_input_error, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_huge_profile, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_files, fx_setup, fx_teardown),
        cmocka_unit_test(test_out_of_memory_is_reported),
        cmocka_unit_test(test_real_world_fragments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
