/* libFuzzer harness for the TCP/IP profile tokenizer and parser, and the queries the rules
 * ask of a parsed profile. Build (clang):
 *   clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Iinclude fuzz/tcpip_parse_fuzz.c src/tcpip/lex.c src/tcpip/parse.c \
 *     src/tcpip/statements.c src/tcpip/distribute.c src/tcpip/resolve.c src/tcpip/query.c \
 *     src/alloc.c src/arena.c -o tcpip_parse_fuzz
 * Seeds: the PROFILE.TCPIP files under samples/tcpip.
 * src/tcpip/profile.c is left out on purpose: it needs the whole engine (findings, limits). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "uhp/tcpip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_profile *p = uhp_profile_new(&arena);
    if (p && uhp_profile_parse_buffer(p, "fuzz", (const char *)data, size)) {
        /* touch every statement the way the rules do */
        for (size_t k = 0; k < p->n_stmts; k++) {
            const uhp_vstmt *s = &p->stmts[k];
            (void)uhp_vstmt_covers_port(s, 12023);
            if (s->has_dvipa && uhp_vstmt_distributes(s))
                (void)uhp_paddr_equal(&s->dvipa, &s->dvipa);
            for (size_t j = 0; j < s->n_dests; j++)
                (void)strlen(s->dests[j].addr.tok.text);
        }
        for (size_t k = 0; k < p->n_diags; k++)
            (void)strlen(p->diags[k].message);
    }
    uhp_arena_destroy(&arena);
    return 0;
}
