/* Zowe release numbers as --zowe-version takes them (check.h). */
#include "uhp/check.h"

bool uhp_zowe_release_parse(const char *s, unsigned *out)
{
    unsigned part[3] = {0, 0, 0};
    int n = 0;
    const char *p = s;
    while (n < 3) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned v = 0;
        while (*p >= '0' && *p <= '9' && v < 1000)
            v = v * 10 + (unsigned)(*p++ - '0');
        part[n++] = v;
        if (*p != '.')
            break;
        p++;
    }
    if (*p || (part[0] != 2 && part[0] != 3) || part[1] > 99 || part[2] > 99)
        return false;
    *out = part[0] * 10000 + part[1] * 100 + part[2];
    return true;
}
