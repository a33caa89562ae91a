/* Parsing Zowe's CONFIG string. */
#include "uhp/config_spec.h"

#include <ctype.h>
#include <string.h>

/* Appends L to the arena array; returns false when memory runs out. */
static bool spec_push(uhp_arena *arena, uhp_layer_spec **layers, size_t *n, size_t *cap,
                      const uhp_layer_spec *l)
{
    if (*n == *cap) {
        uhp_layer_spec *nl = uhp_arena_grow(arena, *layers, *n, cap, *n + 1, sizeof *nl, 8);
        if (!nl)
            return false;
        *layers = nl;
    }
    (*layers)[(*n)++] = *l;
    return true;
}

static char *spec_upper(uhp_arena *arena, const char *s, size_t len)
{
    char *u = uhp_arena_strndup(arena, s, len);
    if (u)
        for (char *p = u; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    return u;
}

/* True when the LEN bytes at M form a z/OS member name: 1-8 characters, the first a letter
 * or national character (@ # $), the others letters, digits or national characters. */
static bool spec_member_valid(const char *m, size_t len)
{
    if (len < 1 || len > 8)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)m[i];
        bool alpha =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '@' || c == '#' || c == '$';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

const char *uhp_config_spec_parse(const char *spec, uhp_arena *arena, uhp_layer_spec **layers,
                                  size_t *n, size_t *cap)
{
    static const char oom[] = "out of memory";
    uhp_layer_spec l;
    /* As pasted from the STDENV: an optional CONFIG= prefix, and the blanks that pad the
     * 80-column record (a z/OS path or data set name never ends in a blank). */
    size_t len = strlen(spec);
    while (len > 0 && (spec[len - 1] == ' ' || spec[len - 1] == '\t' || spec[len - 1] == '\r' ||
                       spec[len - 1] == '\n'))
        len--;
    if (len >= 7 && strncmp(spec, "CONFIG=", 7) == 0) {
        spec += 7;
        len -= 7;
    }
    if (spec[len] != '\0') {
        spec = uhp_arena_strndup(arena, spec, len);
        if (!spec)
            return oom;
    }
    if (strncmp(spec, "FILE(", 5) != 0 && strncmp(spec, "PARMLIB(", 8) != 0) {
        if (!*spec)
            return "empty configuration path";
        memset(&l, 0, sizeof l);
        l.kind = UHP_LAYER_PATH;
        l.path = spec;
        return spec_push(arena, layers, n, cap, &l) ? NULL : oom;
    }
    const char *p = spec;
    while (*p) {
        memset(&l, 0, sizeof l);
        size_t at = (size_t)(p - spec) + 1;
        if (strncmp(p, "FILE(", 5) == 0) {
            const char *start = p + 5;
            const char *end = strchr(start, ')');
            if (!end)
                return uhp_arena_printf(arena, "unclosed 'FILE(' at character %zu of '%s'", at,
                                        spec);
            if (end == start)
                return uhp_arena_printf(arena, "empty 'FILE()' at character %zu of '%s'", at, spec);
            l.kind = UHP_LAYER_FILE;
            l.path = uhp_arena_strndup(arena, start, (size_t)(end - start));
            if (!l.path)
                return oom;
            p = end + 1;
        } else if (strncmp(p, "PARMLIB(", 8) == 0) {
            const char *dsn = p + 8;
            const char *open = strchr(dsn, '(');
            const char *close = open ? strchr(open + 1, ')') : NULL;
            if (!open || !close || close[1] != ')')
                return uhp_arena_printf(arena,
                                        "malformed PARMLIB entry at character %zu of '%s': "
                                        "expected PARMLIB(DSN(MEMBER))",
                                        at, spec);
            if (open == dsn || close == open + 1)
                return uhp_arena_printf(arena,
                                        "PARMLIB entry at character %zu of '%s' needs a data "
                                        "set and a member",
                                        at, spec);
            size_t mlen = (size_t)(close - open - 1);
            if (!spec_member_valid(open + 1, mlen))
                return uhp_arena_printf(arena,
                                        "invalid member name '%.*s' at character %zu of '%s': "
                                        "a PARMLIB member name is 1 to 8 characters, a letter "
                                        "or @ # $ first, then letters, digits or @ # $",
                                        (int)mlen, open + 1, (size_t)(open - spec) + 2, spec);
            l.kind = UHP_LAYER_PARMLIB;
            l.dsn = spec_upper(arena, dsn, (size_t)(open - dsn));
            l.member = spec_upper(arena, open + 1, mlen);
            l.member_written = uhp_arena_strndup(arena, open + 1, mlen);
            l.at = (size_t)(open - spec) + 2;
            l.spec = spec;
            if (!l.dsn || !l.member || !l.member_written)
                return oom;
            p = close + 2;
        } else {
            return uhp_arena_printf(
                arena, "expected 'FILE(' or 'PARMLIB(' at character %zu of '%s'", at, spec);
        }
        if (!spec_push(arena, layers, n, cap, &l))
            return oom;
        if (*p == ':')
            p++;
        else if (*p)
            return uhp_arena_printf(arena, "expected ':' at character %zu of '%s'",
                                    (size_t)(p - spec) + 1, spec);
        else
            break;
        if (!*p)
            return uhp_arena_printf(arena, "trailing ':' in '%s'", spec);
    }
    return NULL;
}
