/* The TCP/IP profile tokenizer: separators, records, comments, keywords and their
 * abbreviations, system symbols, positions and binary data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "uhp/tcpip.h"

#define MAX_TOKS 64

/* Tokenizes TEXT into TOKS; returns the count, or -1 - count when the lexer met a bad byte. */
static int lex_all(const char *text, size_t len, uhp_tcpip_token *toks, uhp_tcpip_lexer *lx)
{
    uhp_tcpip_lexer_init(lx, text, len);
    int n = 0, rc;
    while (n < MAX_TOKS && (rc = uhp_tcpip_lex(lx, &toks[n])) == 1)
        n++;
    return rc < 0 ? -1 - n : n;
}

static void assert_tok(const uhp_tcpip_token *t, const char *text, uint32_t line, uint32_t col)
{
    assert_int_equal(t->len, strlen(text));
    assert_memory_equal(t->text, text, t->len);
    assert_int_equal(t->line, line);
    assert_int_equal(t->col, col);
}

static void test_blanks_and_records_separate_tokens(void **state)
{
    (void)state;
    const char *p = "  VIPADEFINE\t255.255.255.0\n     10.1.1.10\r\n\fENDVIPADYNAMIC";
    uhp_tcpip_token t[MAX_TOKS];
    uhp_tcpip_lexer lx;
    assert_int_equal(lex_all(p, strlen(p), t, &lx), 4);
    assert_tok(&t[0], "VIPADEFINE", 1, 3);
    assert_tok(&t[1], "255.255.255.0", 1, 14);
    assert_tok(&t[2], "10.1.1.10", 2, 6);
    assert_tok(&t[3], "ENDVIPADYNAMIC", 3, 2);
}

static void test_comments_run_to_end_of_record(void **state)
{
    (void)state;
    const char *p = "; whole line\nVIPADIST ; DISTM HOTSTANDBY\n DEFINE;glued\n;\n";
    uhp_tcpip_token t[MAX_TOKS];
    uhp_tcpip_lexer lx;
    assert_int_equal(lex_all(p, strlen(p), t, &lx), 2);
    assert_tok(&t[0], "VIPADIST", 2, 1);
    assert_tok(&t[1], "DEFINE", 3, 2);
}

static void test_empty_and_blank_input(void **state)
{
    (void)state;
    uhp_tcpip_token t[MAX_TOKS];
    uhp_tcpip_lexer lx;
    assert_int_equal(lex_all("", 0, t, &lx), 0);
    assert_int_equal(lex_all(" \n\n ; c\n", 8, t, &lx), 0);
}

static void test_keyword_abbreviations_and_case(void **state)
{
    (void)state;
    uhp_tcpip_token t = {"vipadef", 7, 1, 1};
    assert_true(uhp_tcpip_keyword(&t, "VIPADEFINE", 7));
    t.text = "VIPADE";
    t.len = 6;
    assert_false(uhp_tcpip_keyword(&t, "VIPADEFINE", 7)); /* shorter than the capitals */
    t.text = "VipaDefines";
    t.len = 11;
    assert_false(uhp_tcpip_keyword(&t, "VIPADEFINE", 7)); /* longer than the keyword */
    t.text = "DistM";
    t.len = 5;
    assert_true(uhp_tcpip_keyword(&t, "DISTMETHOD", 5));
    t.text = "VIPADISTRI";
    t.len = 10;
    assert_true(uhp_tcpip_keyword(&t, "VIPADISTRIBUTE", 8));
    t.text = "VIPADISX";
    t.len = 8;
    assert_false(uhp_tcpip_keyword(&t, "VIPADISTRIBUTE", 8));
}

static void test_system_symbols_are_opaque_tokens(void **state)
{
    (void)state;
    const char *p = "DESTIP &XCF1. PREFERRED 10.1.&LPAR..5 BACKUP &SYSNAME.";
    uhp_tcpip_token t[MAX_TOKS];
    uhp_tcpip_lexer lx;
    assert_int_equal(lex_all(p, strlen(p), t, &lx), 6);
    assert_tok(&t[1], "&XCF1.", 1, 8);
    assert_true(uhp_tcpip_is_symbolic(&t[1]));
    assert_false(uhp_tcpip_is_symbolic(&t[2]));
    assert_tok(&t[3], "10.1.&LPAR..5", 1, 25);
    assert_true(uhp_tcpip_is_symbolic(&t[3]));
    assert_tok(&t[5], "&SYSNAME.", 1, 46);
}

static void test_binary_byte_is_reported_with_its_place(void **state)
{
    (void)state;
    const char p[] = "VIPADYNAMIC\n  ab\0cd";
    uhp_tcpip_token t[MAX_TOKS];
    uhp_tcpip_lexer lx;
    assert_int_equal(lex_all(p, sizeof p - 1, t, &lx), -1 - 1);
    assert_int_equal(lx.bad_line, 2);
    assert_int_equal(lx.bad_col, 5);
    assert_int_equal(lx.bad_byte, 0);
    /* inside a comment too */
    const char q[] = "; comment \x01 here\nX";
    assert_int_equal(lex_all(q, sizeof q - 1, t, &lx), -1);
    assert_int_equal(lx.bad_col, 11);
}

static void test_utf8_columns_count_characters(void **state)
{
    (void)state;
    const char *p = "; caf\xc3\xa9\n\xc3\xa9t\xc3\xa9 X";
    uhp_tcpip_token t[MAX_TOKS];
    uhp_tcpip_lexer lx;
    assert_int_equal(lex_all(p, strlen(p), t, &lx), 2);
    assert_int_equal(t[0].len, 5);
    assert_tok(&t[1], "X", 2, 5);
}

static void test_address_parsing(void **state)
{
    (void)state;
    uhp_paddr a, b;
    assert_true(uhp_paddr_parse("10.1.1.10", 9, false, &a));
    assert_int_equal(a.family, 4);
    assert_int_equal(a.bytes[3], 10);
    assert_false(uhp_paddr_parse("10.1.1", 6, false, &a));
    assert_false(uhp_paddr_parse("10.1.1.256", 10, false, &a));
    assert_false(uhp_paddr_parse("x.x.x.V", 7, false, &a));
    assert_false(uhp_paddr_parse("1.2.3.4.5", 9, false, &a));
    assert_true(uhp_paddr_parse("2001:DB8::1", 11, false, &a));
    assert_int_equal(a.family, 6);
    assert_true(uhp_paddr_parse("2001:db8:0::1", 13, false, &b));
    assert_true(uhp_paddr_equal(&a, &b));
    char buf[64];
    uhp_paddr_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "2001:db8::1");
    assert_false(uhp_paddr_parse("2001:db8::/64", 13, false, &a));
    assert_true(uhp_paddr_parse("2001:db8::/64", 13, true, &a));
    assert_int_equal(a.prefix_len, 64);
    assert_false(uhp_paddr_parse("2001:db8::/129", 14, true, &a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blanks_and_records_separate_tokens),
        cmocka_unit_test(test_comments_run_to_end_of_record),
        cmocka_unit_test(test_empty_and_blank_input),
        cmocka_unit_test(test_keyword_abbreviations_and_case),
        cmocka_unit_test(test_system_symbols_are_opaque_tokens),
        cmocka_unit_test(test_binary_byte_is_reported_with_its_place),
        cmocka_unit_test(test_utf8_columns_count_characters),
        cmocka_unit_test(test_address_parsing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
