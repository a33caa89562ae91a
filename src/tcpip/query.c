/* Queries on a parsed profile that the UHA2xx rules ask: which distributions are in effect,
 * which ports they cover, where a DVIPA is defined. Pure functions of the profile (no engine),
 * so the fuzzer can link them. */
#include "uhp/tcpip.h"

#include <string.h>

bool uhp_vstmt_distributes(const uhp_vstmt *s)
{
    return s->kind == UHP_VS_DISTRIBUTE && !s->delete_opt && !s->deleted && !s->rejected_ezz0831;
}

const char *uhp_profile_hotstandby_dvipa(const uhp_profile *p)
{
    const uhp_vstmt *one = NULL;
    if (!p)
        return NULL;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (!uhp_vstmt_distributes(s) || s->method != UHP_DM_HOTSTANDBY)
            continue;
        if (!s->has_dvipa)
            return NULL; /* an IPv6 interface that names no defined DVIPA: ambiguous */
        if (one && !uhp_paddr_equal(&one->dvipa, &s->dvipa))
            return NULL;
        one = s;
    }
    return one && one->dvipa.family != 0 ? one->dvipa.canon : NULL;
}

uhp_cover uhp_vstmt_covers_port(const uhp_vstmt *s, long port)
{
    if (s->n_ports == 0)
        return UHP_COVER_YES;
    bool maybe = false;
    for (size_t k = 0; k < s->n_ports; k++) {
        const uhp_pport *pp = &s->ports[k];
        if (pp->symbolic)
            maybe = true;
        else if (port >= (long)pp->lo && port <= (long)pp->hi)
            return UHP_COVER_YES;
    }
    return maybe ? UHP_COVER_UNKNOWN : UHP_COVER_NO;
}

const uhp_vstmt *uhp_profile_find_definition(const uhp_profile *p, const uhp_paddr *addr)
{
    const uhp_vstmt *cand = NULL;
    for (size_t k = 0; k < p->n_stmts; k++) {
        const uhp_vstmt *s = &p->stmts[k];
        if (s->kind == UHP_VS_DEFINE || s->kind == UHP_VS_BACKUP) {
            for (size_t j = 0; j < s->n_addrs; j++) {
                if (uhp_paddr_equal(&s->addrs[j], addr)) {
                    cand = s;
                    break;
                }
            }
        } else if (s->kind == UHP_VS_DELETE && cand && s->file_index == cand->file_index) {
            bool hit = s->intfname ? cand->intfname && strcmp(s->intfname, cand->intfname) == 0
                                   : s->n_addrs == 1 && uhp_paddr_equal(&s->addrs[0], addr);
            if (hit)
                cand = NULL;
        }
    }
    return cand;
}

const char *uhp_vstmt_file(const uhp_profile *p, const uhp_vstmt *s)
{
    return s->file_index < p->n_files ? p->files[s->file_index] : NULL;
}

bool uhp_tcpip_is_dvipa(const uhp_vstmt *s, const uhp_paddr *dvipa, bool known)
{
    if (!known)
        return true;
    return s->has_dvipa && uhp_paddr_equal(&s->dvipa, dvipa);
}
