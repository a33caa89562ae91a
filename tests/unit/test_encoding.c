/* Input encodings (src/encoding.c): detection of UTF-8, UTF-16/32 with and without a byte
 * order mark and EBCDIC IBM-1047; conversion of EBCDIC to UTF-8 so the loader gives the same
 * findings as for the UTF-8 file; refusals as UHA001 findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "uhp/alloc.h"
#include "uhp/encoding.h"
#include "uhp/loader.h"
#include "uhp/rule.h"

/* A Zowe fragment that makes the loader report: a quoted-number port (UHA007), a duplicate
 * key (UHA002), a non-ASCII comment and a template in single quotes (UHA005). */
static const char sample_yaml[] = "# Zowe für UMS\n"
                                  "zowe:\n"
                                  "  externalPort: \"7554\"\n"
                                  "  externalDomains: [umsha.example.com]\n"
                                  "  logDirectory: /global/zowe/logs\n"
                                  "  externalPort: 7554\n"
                                  "components:\n"
                                  "  izp:\n"
                                  "    server:\n"
                                  "      host: '${{ zowe.externalDomains[0] }}'\n";

/* Converts TEXT from UTF-8 to encoding TO with iconv, as `iconv -t TO` does; the caller
 * frees the result. */
static char *convert(const char *text, const char *to, size_t *out_len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t len = strlen(text), cap = 4 * len + 8, left = cap;
    char *buf = malloc(cap);
    assert_non_null(buf);
    char *in = (char *)text, *o = buf;
    assert_true(iconv(cd, &in, &len, &o, &left) != (size_t)-1);
    iconv_close(cd);
    *out_len = cap - left;
    return buf;
}

static void test_detect_utf8_and_ascii(void **state)
{
    (void)state;
    assert_int_equal(uhp_encoding_detect("", 0), UHP_ENC_UTF8);
    assert_int_equal(uhp_encoding_detect(sample_yaml, strlen(sample_yaml)), UHP_ENC_UTF8);
    assert_int_equal(uhp_encoding_detect("\xEF\xBB\xBFzowe: {}\n", 12), UHP_ENC_UTF8);
    /* Latin-1 text is not UTF-8, but not EBCDIC either: left for the loader to refuse. */
    const char latin1[] = "zowe:\n  logDirectory: /global/caf\xE9/logs\n  externalPort: 7554\n";
    assert_int_equal(uhp_encoding_detect(latin1, strlen(latin1)), UHP_ENC_UTF8);
    /* Binary junk is not EBCDIC. */
    unsigned char junk[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)((x >> 16) | 1);
    }
    assert_int_equal(uhp_encoding_detect((const char *)junk, sizeof junk), UHP_ENC_UTF8);
}

static void test_detect_utf16_utf32(void **state)
{
    (void)state;
    size_t n;
    char *le = convert(sample_yaml, "UTF-16LE", &n);
    assert_int_equal(uhp_encoding_detect(le, n), UHP_ENC_UTF16LE);
    free(le);
    char *be = convert(sample_yaml, "UTF-16BE", &n);
    assert_int_equal(uhp_encoding_detect(be, n), UHP_ENC_UTF16BE);
    free(be);
    char *bom = convert(sample_yaml, "UTF-16", &n); /* glibc writes a BOM */
    assert_true((unsigned char)bom[0] == 0xFF || (unsigned char)bom[0] == 0xFE);
    assert_true(uhp_encoding_detect(bom, n) == UHP_ENC_UTF16LE ||
                uhp_encoding_detect(bom, n) == UHP_ENC_UTF16BE);
    free(bom);
    char *w = convert(sample_yaml, "UTF-32LE", &n);
    assert_int_equal(uhp_encoding_detect(w, n), UHP_ENC_UTF32LE);
    free(w);
    w = convert(sample_yaml, "UTF-32BE", &n);
    assert_int_equal(uhp_encoding_detect(w, n), UHP_ENC_UTF32BE);
    free(w);
    assert_int_equal(uhp_encoding_detect("\xFF\xFE\0\0a\0\0\0", 8), UHP_ENC_UTF32LE);
    assert_int_equal(uhp_encoding_detect("\xFE\xFF\0a", 4), UHP_ENC_UTF16BE);
    assert_string_equal(uhp_encoding_name(UHP_ENC_UTF16LE), "UTF-16LE");
    assert_string_equal(uhp_encoding_name(UHP_ENC_EBCDIC1047), "IBM-1047");
}

static void test_detect_ebcdic(void **state)
{
    (void)state;
    size_t n;
    char *e = convert(sample_yaml, "IBM1047", &n);
    assert_int_equal(uhp_encoding_detect(e, n), UHP_ENC_EBCDIC1047);
    /* z/OS UNIX writes NL (0x15) where iconv writes LF (0x25): both are EBCDIC. */
    for (size_t i = 0; i < n; i++)
        if (e[i] == 0x25)
            e[i] = 0x15;
    assert_int_equal(uhp_encoding_detect(e, n), UHP_ENC_EBCDIC1047);
    free(e);
    /* A short one-line member. */
    e = convert("zowe: {}", "IBM1047", &n);
    assert_int_equal(uhp_encoding_detect(e, n), UHP_ENC_EBCDIC1047);
    free(e);
}

static void test_utf8_validation(void **state)
{
    (void)state;
    size_t off = 99;
    assert_true(uhp_utf8_valid("caf\xC3\xA9 \xF0\x9F\x98\x80", 10, &off));
    assert_int_equal(off, 99);
    assert_false(uhp_utf8_valid("ab\xC0\xAF", 4, &off)); /* overlong '/' */
    assert_int_equal(off, 2);
    assert_false(uhp_utf8_valid("abc\xED\xA0\x80", 6, &off)); /* surrogate */
    assert_int_equal(off, 3);
    assert_false(uhp_utf8_valid("x\xE2\x82", 3, &off)); /* truncated */
    assert_int_equal(off, 1);
    assert_false(uhp_utf8_valid("\xF4\x90\x80\x80", 4, &off)); /* past U+10FFFF */
    assert_int_equal(off, 0);
    assert_false(uhp_utf8_valid("ok\x81", 3, &off)); /* stray continuation */
    assert_int_equal(off, 2);
}

static void test_ebcdic_round_trip(void **state)
{
    (void)state;
    size_t n;
    char *e = convert(sample_yaml, "IBM1047", &n);
    for (size_t i = 0; i < n; i++)
        if (e[i] == 0x25 && i % 2)
            e[i] = 0x15; /* mixed NL and LF */
    char *out = NULL, err[128];
    size_t out_len = 0;
    assert_int_equal(uhp_ebcdic_to_utf8(e, n, &out, &out_len, err, sizeof err), 0);
    assert_int_equal(out_len, strlen(sample_yaml));
    assert_memory_equal(out, sample_yaml, out_len);
    assert_int_equal(out[out_len], '\0');
    uhp_free(out);
    free(e);
}

/* Loads SRC and returns its findings as "RULE line:col message" lines in BUF. */
static void findings_of(uhp_source *src, char *buf, size_t size)
{
    uhp_arena arena;
    uhp_arena_init(&arena);
    uhp_run run;
    uhp_run_init(&run);
    uhp_limits lim;
    uhp_limits_default(&lim);
    assert_true(uhp_source_normalize_run(src, &run));
    assert_non_null(uhp_load_yaml(src, &arena, &lim, &run));
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < run.n_findings && len < size; i++) {
        const uhp_finding *f = &run.findings[i];
        len += (size_t)snprintf(buf + len, size - len, "%s %u:%u-%u:%u %s | %s\n", f->rule_id,
                                (unsigned)f->line, (unsigned)f->col, (unsigned)f->end_line,
                                (unsigned)f->end_col, f->message,
                                f->source_line ? f->source_line : "");
    }
    uhp_run_destroy(&run);
    uhp_arena_destroy(&arena);
}

/* The EBCDIC file gives exactly the findings of the UTF-8 file: rules, places, messages and
 * the quoted lines. */
static void test_ebcdic_same_findings(void **state)
{
    (void)state;
    size_t n;
    char *e = convert(sample_yaml, "IBM1047", &n);
    for (size_t i = 0; i < n; i++)
        if (e[i] == 0x25)
            e[i] = 0x15;
    uhp_source *utf8 = uhp_source_from_memory("zowe.yaml", sample_yaml, strlen(sample_yaml));
    uhp_source *ebcdic = uhp_source_from_memory("zowe.yaml", e, n);
    assert_non_null(utf8);
    assert_non_null(ebcdic);
    static char a[4096], b[4096];
    findings_of(utf8, a, sizeof a);
    findings_of(ebcdic, b, sizeof b);
    assert_non_null(strstr(a, "UHA002 6:3"));
    assert_non_null(strstr(a, "UHA005 10:13"));
    assert_string_equal(a, b);
    uhp_source_free(utf8);
    uhp_source_free(ebcdic);
    free(e);
}

static void test_normalize_refuses_utf16(void **state)
{
    (void)state;
    size_t n;
    char *le = convert(sample_yaml, "UTF-16", &n);
    uhp_source *src = uhp_source_from_memory("wide.yaml", le, n);
    assert_non_null(src);
    uhp_encoding enc;
    char err[256];
    assert_int_equal(uhp_source_normalize(src, &enc, err, sizeof err), -1);
    assert_true(enc == UHP_ENC_UTF16LE || enc == UHP_ENC_UTF16BE);
    assert_non_null(strstr(err, "UTF-16"));
    assert_non_null(strstr(err, "byte order mark"));
    assert_non_null(strstr(err, "iconv -f UTF-16 -t UTF-8"));
    assert_int_equal(src->len, n); /* untouched */

    uhp_run run;
    uhp_run_init(&run);
    assert_false(uhp_source_normalize_run(src, &run));
    assert_true(run.input_error);
    assert_false(run.out_of_memory);
    assert_int_equal(run.n_findings, 1);
    assert_string_equal(run.findings[0].rule_id, "UHA001");
    assert_string_equal(run.findings[0].file, "wide.yaml");
    assert_int_equal(run.findings[0].line, 1);
    assert_int_equal(run.findings[0].col, 1);
    assert_null(run.findings[0].source_line); /* binary is never quoted */
    uhp_run_destroy(&run);
    uhp_source_free(src);
    free(le);

    char *be = convert(sample_yaml, "UTF-16BE", &n);
    src = uhp_source_from_memory("wide.yaml", be, n);
    assert_int_equal(uhp_source_normalize(src, &enc, err, sizeof err), -1);
    assert_int_equal(enc, UHP_ENC_UTF16BE);
    assert_non_null(strstr(err, "NUL bytes between"));
    assert_non_null(strstr(err, "iconv -f UTF-16BE -t UTF-8"));
    uhp_source_free(src);
    free(be);
}

static void test_normalize_converts_ebcdic_in_place(void **state)
{
    (void)state;
    size_t n;
    char *e = convert(sample_yaml, "IBM1047", &n);
    uhp_source *src = uhp_source_from_memory("zowe.yaml", e, n);
    size_t len;
    assert_non_null(uhp_source_line(src, 1, &len)); /* builds the line index */
    uhp_encoding enc;
    char err[256];
    assert_int_equal(uhp_source_normalize(src, &enc, err, sizeof err), 0);
    assert_int_equal(enc, UHP_ENC_EBCDIC1047);
    assert_string_equal(src->data, sample_yaml);
    const char *line = uhp_source_line(src, 3, &len);
    assert_non_null(line);
    assert_int_equal(len, strlen("  externalPort: \"7554\""));
    assert_memory_equal(line, "  externalPort: \"7554\"", len);
    /* Normalising again is a no-op. */
    assert_int_equal(uhp_source_normalize(src, &enc, err, sizeof err), 0);
    assert_int_equal(enc, UHP_ENC_UTF8);
    uhp_source_free(src);
    free(e);
}

/* An allocator that fails every allocation. */
static void *fail_malloc(void *ctx, size_t size)
{
    (void)ctx;
    (void)size;
    return NULL;
}
static void *fail_realloc(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)p;
    (void)size;
    return NULL;
}
static void fail_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static void test_normalize_out_of_memory(void **state)
{
    (void)state;
    size_t n;
    char *e = convert(sample_yaml, "IBM1047", &n);
    uhp_source *src = uhp_source_from_memory("zowe.yaml", e, n);
    uhp_run run;
    uhp_run_init(&run);
    const uhp_allocator failing = {fail_malloc, fail_realloc, fail_free, NULL};
    uhp_set_allocator(&failing);
    char err[64];
    int rc = uhp_source_normalize(src, NULL, err, sizeof err);
    bool ok = uhp_source_normalize_run(src, &run);
    uhp_set_allocator(NULL);
    assert_int_equal(rc, -2);
    assert_false(ok);
    assert_true(run.out_of_memory);
    assert_memory_equal(src->data, e, n); /* unchanged */
    uhp_run_destroy(&run);
    uhp_source_free(src);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_utf8_and_ascii),
        cmocka_unit_test(test_detect_utf16_utf32),
        cmocka_unit_test(test_detect_ebcdic),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_ebcdic_round_trip),
        cmocka_unit_test(test_ebcdic_same_findings),
        cmocka_unit_test(test_normalize_refuses_utf16),
        cmocka_unit_test(test_normalize_converts_ebcdic_in_place),
        cmocka_unit_test(test_normalize_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
