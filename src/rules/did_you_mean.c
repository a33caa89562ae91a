/* Did-you-mean suggestions shared by the rules: the edit distance, the closest known
 * name, Zowe's core component names, and the near-miss keys of a map in a view. */
#include "rule_internal.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

const char *const dym_component_names[] = {
    "gateway",  "zaas",      "discovery",    "api-catalog",  "caching-service", "app-server", "zss",
    "jobs-api", "files-api", "explorer-jes", "explorer-mvs", "explorer-uss",    "izp",
};
const size_t dym_n_component_names = sizeof dym_component_names / sizeof dym_component_names[0];

#define DYM_MAX_KEY 64

/* Returns the optimal-string-alignment distance (Damerau-Levenshtein with adjacent
 * transpositions) between A and B, compared case-insensitively; keys longer than
 * DYM_MAX_KEY characters give DYM_MAX_KEY + 1 (no suggestion). */
static size_t osa_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > DYM_MAX_KEY || lb > DYM_MAX_KEY)
        return DYM_MAX_KEY + 1;
    unsigned char d[DYM_MAX_KEY + 1][DYM_MAX_KEY + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned char)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned char)j;
    for (size_t i = 1; i <= la; i++) {
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            size_t cost = ca == cb ? 0 : 1;
            size_t best = (size_t)d[i - 1][j] + 1;
            if ((size_t)d[i][j - 1] + 1 < best)
                best = (size_t)d[i][j - 1] + 1;
            if ((size_t)d[i - 1][j - 1] + cost < best)
                best = (size_t)d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && (size_t)d[i - 2][j - 2] + 1 < best)
                best = (size_t)d[i - 2][j - 2] + 1;
            d[i][j] = (unsigned char)best;
        }
    }
    return d[la][lb];
}

/* The largest distance still worth a suggestion for a candidate of LEN characters: one
 * edit for short names, two up to nine characters, three beyond. */
static size_t max_distance(size_t len)
{
    return len <= 4 ? 1 : len <= 9 ? 2 : 3;
}

#define DYM_BUCKETS 38

/* Counts the characters of S into H (case-insensitive: letters, digits, '-', the rest
 * together), saturating at 255. */
static void dym_histogram(const char *s, unsigned char *h)
{
    memset(h, 0, DYM_BUCKETS);
    for (; *s; s++) {
        int c = tolower((unsigned char)*s);
        size_t b = c >= 'a' && c <= 'z'   ? (size_t)(c - 'a')
                   : c >= '0' && c <= '9' ? 26 + (size_t)(c - '0')
                   : c == '-'             ? 36
                                          : 37;
        if (h[b] < 255)
            h[b]++;
    }
}

/* A candidate's length and character counts, computed once for a fixed list. */
typedef struct dym_cand {
    size_t len;
    unsigned char h[DYM_BUCKETS];
} dym_cand;

/* dym_closest, with CANDS[i] describing NAMES[i] (NULL: computed here). */
static const char *dym_closest_with(const char *key, const char *const *names,
                                    const dym_cand *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t klen0 = strlen(key);
    unsigned char kh[DYM_BUCKETS];
    bool have_kh = false;
    for (size_t i = 0; i < n; i++) {
        /* The distance is at least the difference in length, and at least half the
         * difference of the letter counts (an edit changes at most two counts): most
         * candidates are ruled out before the O(length^2) table, which matters for files
         * full of extension components (12,000 in the big benchmark). The key's counts are
         * taken only once a candidate passes the length test. */
        size_t nlen = cands ? cands[i].len : strlen(names[i]);
        if ((klen0 > nlen ? klen0 - nlen : nlen - klen0) > max_distance(nlen))
            continue;
        if (!have_kh) {
            dym_histogram(key, kh);
            have_kh = true;
        }
        unsigned char own[DYM_BUCKETS];
        const unsigned char *nh = own;
        if (cands)
            nh = cands[i].h;
        else
            dym_histogram(names[i], own);
        size_t l1 = 0;
        for (size_t b = 0; b < DYM_BUCKETS; b++)
            l1 += kh[b] > nh[b] ? (size_t)(kh[b] - nh[b]) : (size_t)(nh[b] - kh[b]);
        if ((l1 + 1) / 2 > max_distance(nlen))
            continue;
        size_t d = osa_distance(key, names[i]);
        if (d <= max_distance(nlen) && d < klen0 && d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    if (best)
        return best;
    /* A unique candidate that starts with the whole key (five characters or more). */
    size_t hits = 0;
    for (size_t i = 0; i < n && klen0 >= 5; i++) {
        size_t nlen = cands ? cands[i].len : strlen(names[i]);
        if (nlen > klen0 && strncasecmp(names[i], key, klen0) == 0) {
            best = names[i];
            hits++;
        }
    }
    return hits == 1 ? best : NULL;
}

const char *dym_closest(const char *key, const char *const *names, size_t n)
{
    return dym_closest_with(key, names, NULL, n);
}

/* The component names' lengths and counts, computed once (checks run on threads). */
static dym_cand dym_component_cands[sizeof dym_component_names / sizeof dym_component_names[0]];
static pthread_once_t dym_component_once = PTHREAD_ONCE_INIT;

static void dym_component_init(void)
{
    for (size_t i = 0; i < dym_n_component_names; i++) {
        dym_component_cands[i].len = strlen(dym_component_names[i]);
        dym_histogram(dym_component_names[i], dym_component_cands[i].h);
    }
}

const char *dym_component_typo(const char *name)
{
    for (size_t i = 0; i < dym_n_component_names; i++)
        if (name[0] == dym_component_names[i][0] && strcmp(name, dym_component_names[i]) == 0)
            return NULL;
    pthread_once(&dym_component_once, dym_component_init);
    return dym_closest_with(name, dym_component_names, dym_component_cands, dym_n_component_names);
}

/* Looks for a near miss of WANT among the keys of a map (uhp_value_map_keys callback). */
typedef struct dym_search {
    const char *want;
    const char *hit;
} dym_search;

static bool dym_visit(void *p, const char *key)
{
    dym_search *s = p;
    if (strcmp(key, s->want) == 0)
        return true;
    const char *one[] = {s->want};
    if (dym_closest(key, one, 1)) {
        s->hit = key;
        return false;
    }
    return true;
}

const char *dym_near_key(uhp_rule_ctx *ctx, const char *map_path, const char *want)
{
    uhp_value map = uhp_view_get(ctx->view, map_path);
    if (map.kind != UHP_VAL_MAP)
        return NULL;
    dym_search s = {want, NULL};
    uhp_value_map_keys(ctx->view, &map, dym_visit, &s);
    if (!s.hit)
        return NULL;
    uhp_value v = uhp_value_child(ctx->view, &map, s.hit);
    const uhp_node *n = uhp_value_location(&v);
    const uhp_source *src = uhp_node_source(n);
    if (src && src->name)
        return uhp_ctx_printf(ctx, "; did you mean '%s' at %s:%u?", s.hit, src->name,
                              uhp_node_key_pos(n).line);
    return uhp_ctx_printf(ctx, "; did you mean '%s'?", s.hit);
}
