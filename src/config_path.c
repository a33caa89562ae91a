/* The path syntax of uhp_view_get: keys joined by '.', "[n]" for an array item, and
 * "['key']" or ["key"] for a key with other characters. */
#include "config_internal.h"

#include <ctype.h>

/* 1 for the bytes an unbracketed key may hold: what isalnum allows in the C locale (the
 * tool never calls setlocale), '_', '-', '$' and '*'. A table, not a call per character. */
static const unsigned char cfg_key_char[256] = {
    ['$'] = 1, ['*'] = 1, ['-'] = 1, ['_'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
    ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1,
    ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* Reads the next segment of PATH at *P; returns false at the end or on a bad path. */
bool uhp_cfg_next_seg(const char **p, uhp_cfg_seg *seg, bool *bad)
{
    const char *s = *p;
    while (*s == ' ')
        s++;
    if (*s == '.')
        s++;
    if (!*s)
        return false;
    seg->index = -1;
    size_t n = 0;
    if (*s == '[') {
        s++;
        while (*s == ' ')
            s++;
        if (*s == '\'' || *s == '"') {
            char q = *s++;
            while (*s && *s != q && n < sizeof seg->key - 1)
                seg->key[n++] = *s++;
            if (*s != q) {
                *bad = true;
                return false;
            }
            s++;
        } else if (isdigit((unsigned char)*s)) {
            long idx = 0;
            while (isdigit((unsigned char)*s) && idx < 1000000000L)
                idx = idx * 10 + (*s++ - '0');
            seg->index = idx;
        } else {
            *bad = true;
            return false;
        }
        while (*s == ' ')
            s++;
        if (*s != ']') {
            *bad = true;
            return false;
        }
        s++;
    } else {
        while (n < sizeof seg->key - 1) {
            unsigned char c = (unsigned char)*s;
            if (!cfg_key_char[c]) {
                if (c && c != '.' && c != '[') {
                    *bad = true;
                    return false;
                }
                break; /* the end of the key */
            }
            seg->key[n++] = (char)c;
            s++;
        }
        if (n == 0) {
            *bad = true;
            return false;
        }
    }
    seg->key[n] = '\0';
    *p = s;
    return true;
}
