/* libFuzzer harness: the TCP/IP profile tokenizer and VIPADYNAMIC parser (in memory), then
 * every query the UHA2xx rules ask of the parsed profile. Replayed over fuzz/corpus/tcpip by
 * tests/unit/test_fuzz_replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "uhp/tcpip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    /* The tokenizer alone, to the end or the first control byte. */
    uhp_tcpip_lexer lx;
    uhp_tcpip_lexer_init(&lx, text, size);
    uhp_tcpip_token tok;
    size_t n_tokens = 0;
    while (uhp_tcpip_lex(&lx, &tok) == 1 && n_tokens++ < 100000) {
        (void)uhp_tcpip_keyword(&tok, "VIPADISTRIBUTE", 8);
        (void)uhp_tcpip_is_symbolic(&tok);
        uhp_paddr a;
        if (uhp_paddr_parse(tok.text, tok.len, true, &a)) {
            char buf[64];
            uhp_paddr_format(&a, buf, sizeof buf);
        }
    }
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_profile *p = uhp_profile_new(&arena);
    if (p && uhp_profile_parse_buffer(p, "PROFILE.TCPIP", text, size)) {
        (void)uhp_profile_hotstandby_dvipa(p);
        for (size_t i = 0; i < p->n_stmts && i < 1000; i++) {
            const uhp_vstmt *s = &p->stmts[i];
            (void)uhp_vstmt_file(p, s);
            (void)uhp_vstmt_distributes(s);
            static const long ports[] = {0, 1, 443, 7554, 8542, 65535, 70000};
            for (size_t k = 0; k < sizeof ports / sizeof ports[0]; k++)
                (void)uhp_vstmt_covers_port(s, ports[k]);
            for (size_t k = 0; k < s->n_addrs && k < 16; k++)
                (void)uhp_profile_find_definition(p, &s->addrs[k]);
            if (s->has_dvipa) {
                (void)uhp_profile_find_definition(p, &s->dvipa);
                (void)uhp_tcpip_is_dvipa(s, &s->dvipa, true);
            }
            (void)uhp_tcpip_is_dvipa(s, NULL, false);
        }
    }
    uhp_arena_destroy(&arena);
    return 0;
}
