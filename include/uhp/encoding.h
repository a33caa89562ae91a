/* Input encodings. Files copied from z/OS without conversion are often EBCDIC (IBM-1047):
 * they are detected and converted to UTF-8 with iconv, so they give the same findings as
 * the UTF-8 file. UTF-16 and UTF-32 (which Zowe does not read) are recognised, with or
 * without a byte order mark, and refused with the command that converts them. UTF-8, with
 * or without a BOM, is left as it is; the loader reports invalid UTF-8 with its position. */
#ifndef UHP_ENCODING_H
#define UHP_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/finding.h"
#include "uhp/source.h"

typedef enum uhp_encoding {
    UHP_ENC_UTF8 = 0, /* UTF-8 or ASCII (a UTF-8 BOM included), or unknown bytes */
    UHP_ENC_UTF16LE,
    UHP_ENC_UTF16BE,
    UHP_ENC_UTF32LE,
    UHP_ENC_UTF32BE,
    UHP_ENC_EBCDIC1047, /* IBM-1047, z/OS UNIX's code page */
} uhp_encoding;

/* "UTF-8", "UTF-16LE", ..., "IBM-1047". */
const char *uhp_encoding_name(uhp_encoding enc);

/* Detects the encoding of DATA[0..LEN): byte order marks, the NUL pattern of UTF-16/32
 * ASCII text, and EBCDIC text (not valid UTF-8, no NUL, nearly all bytes IBM-1047 text with
 * many letters and digits). Anything else, binary junk included, is UHP_ENC_UTF8 for the
 * loader to judge. Never fails; reads at most the whole buffer once or twice. */
uhp_encoding uhp_encoding_detect(const char *data, size_t len);

/* True when DATA[0..LEN) is valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF); else *BAD_OFFSET (when not NULL) gets the offset of the first bad sequence. */
bool uhp_utf8_valid(const char *data, size_t len, size_t *bad_offset);

/* Converts IBM-1047 DATA[0..LEN) to UTF-8 in a new NUL-terminated uhp_malloc buffer (*OUT,
 * *OUT_LEN bytes; the caller frees it with uhp_free). EBCDIC NL (0x15) and LF (0x25) both
 * become '\n'. Returns 0; -1 when iconv has no IBM-1047 converter (ERR says so); -2 when
 * memory runs out. */
int uhp_ebcdic_to_utf8(const char *data, size_t len, char **out, size_t *out_len, char *err,
                       size_t errlen);

/* uhp_ebcdic_to_utf8 from code page CP (an iconv name; "IBM-037" is also tried as
 * "IBM037"). Same returns. */
int uhp_ebcdic_to_utf8_from(const char *cp, const char *data, size_t len, char **out,
                            size_t *out_len, char *err, size_t errlen);

/* True when iconv can convert code page CP (as uhp_ebcdic_to_utf8_from spells it) to UTF-8. */
bool uhp_encoding_known(const char *cp);

/* True when CP is a single-byte EBCDIC code page iconv converts: EBCDIC's letters, digits
 * and blank (0xC1, 0xF0, 0x40) come out as 'A', '0' and ' '. UTF-8, ASCII or UTF-16 are not. */
bool uhp_encoding_is_ebcdic(const char *cp);

/* Returns a hint (static text) when TEXT[0..LEN), decoded as IBM-1047, looks like another
 * EBCDIC code page (brackets arriving as other characters), else NULL. */
const char *uhp_ebcdic_codepage_hint(const char *text, size_t len);

/* uhp_source_normalize, converting EBCDIC from CODEPAGE (NULL: IBM-1047). */
int uhp_source_normalize_as(uhp_source *src, const char *codepage, uhp_encoding *detected,
                            char *err, size_t errlen);

/* Makes SRC's bytes what the loader reads: EBCDIC is converted in place (src->data is
 * replaced, line index dropped), UTF-8 is left alone. *DETECTED (may be NULL) gets the
 * encoding found. Returns 0 when SRC is ready for the loader; -1 when it is refused
 * (UTF-16/32, or no IBM-1047 converter) with a one-line reason and fix in ERR; -2 when
 * memory runs out (SRC unchanged). */
int uhp_source_normalize(uhp_source *src, uhp_encoding *detected, char *err, size_t errlen);

/* uhp_source_normalize for the check pipeline: a refusal becomes a UHA001 finding at line 1,
 * column 1 of SRC and sets run->input_error; running out of memory sets run->out_of_memory.
 * Returns true when SRC is ready for the loader. */
bool uhp_source_normalize_run(uhp_source *src, uhp_run *run);
/* The same with --encoding CODEPAGE (NULL: IBM-1047); without it, an EBCDIC file that looks
 * like another code page also gets a UHA001 warning with the hint. */
bool uhp_source_normalize_run_as(uhp_source *src, uhp_run *run, const char *codepage);

#endif
