/* UHA006 unknown-key: every key at the top level and under `zowe` is one that Zowe's schema
 * (schemas/zowe-yaml-schema.json, additionalProperties: false at both levels) allows. The
 * config manager validates the merged configuration against that schema and zwe stops on an
 * unknown key, so a typo such as `externalDomain` is an error, reported with a did-you-mean.
 * Checked in every user layer (zowe.yaml, PARMLIB members), never in the defaults layer. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "uhp/rule.h"

/* Top-level properties of zowe-yaml-schema.json (v2.18 and v3 are byte-identical). */
static const char *const top_keys[] = {
    "zowe", "java", "node", "zOSMF", "components", "haInstances",
};

/* Properties of `zowe` in zowe-yaml-schema.json, in the schema's order. */
static const char *const zowe_keys[] = {
    "setup",                 /* zwe install / zwe init settings */
    "runtimeDirectory",      /* where Zowe is installed */
    "logDirectory",          /* Zowe log files */
    "workspaceDirectory",    /* Zowe workspace */
    "extensionDirectory",    /* installed extensions */
    "job",                   /* JES job name and prefix */
    "network",               /* server/client TLS settings */
    "extensionRegistry",     /* where `zwe components` downloads from */
    "launcher",              /* how the launcher restarts components */
    "rbacProfileIdentifier", /* RBAC resource names */
    "cookieIdentifier",      /* cookie name suffix */
    "externalDomains",       /* host names clients use; [0] is the DVIPA in a Sysplex */
    "externalPort",          /* port clients use; the Sysplex Distributor port */
    "environments",          /* global environment variables */
    "launchScript",          /* zwe log level and configure-failure behaviour */
    "certificate",           /* keystore/truststore/PEM */
    "verifyCertificates",    /* STRICT, NONSTRICT or DISABLED */
    "sysMessages",           /* messages copied to the system log */
    "useConfigmgr",          /* see UHA306 */
    "configmgr",             /* config manager validation mode */
};

/* Zowe's core components: a top-level or `zowe.*` key with one of these names was meant
 * to sit under `components`. */
static const char *const component_keys[] = {
    "gateway",  "zaas",      "discovery",    "api-catalog",  "caching-service", "app-server", "zss",
    "jobs-api", "files-api", "explorer-jes", "explorer-mvs", "explorer-uss",    "izp",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define UHA006_MAX_KEY 64

/* Returns the optimal-string-alignment distance (Damerau-Levenshtein with adjacent
 * transpositions) between A and B, compared case-insensitively; keys longer than
 * UHA006_MAX_KEY characters give UHA006_MAX_KEY + 1 (no suggestion). */
static size_t osa_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > UHA006_MAX_KEY || lb > UHA006_MAX_KEY)
        return UHA006_MAX_KEY + 1;
    unsigned char d[UHA006_MAX_KEY + 1][UHA006_MAX_KEY + 1];
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

/* Returns the entry of NAMES (N of them) closest to KEY within the threshold, else the one
 * entry KEY is a prefix of (KEY of 5+ characters, e.g. `logDir`), else NULL. Ties go to
 * the earlier entry. */
static const char *closest(const char *key, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t klen0 = strlen(key);
    for (size_t i = 0; i < n; i++) {
        /* The distance is at least the difference in length: most candidates are ruled
         * out before the O(length^2) table, which matters for files full of odd keys. */
        size_t nlen = strlen(names[i]);
        if ((klen0 > nlen ? klen0 - nlen : nlen - klen0) > max_distance(nlen))
            continue;
        size_t d = osa_distance(key, names[i]);
        if (d <= max_distance(strlen(names[i])) && d < strlen(key) && d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    if (best)
        return best;
    size_t klen = strlen(key), hits = 0;
    for (size_t i = 0; i < n && klen >= 5; i++) {
        if (strlen(names[i]) > klen && strncasecmp(names[i], key, klen) == 0) {
            best = names[i];
            hits++;
        }
    }
    return hits == 1 ? best : NULL;
}

/* Returns the entry of NAMES equal to KEY ignoring case, or NULL. */
static const char *find_nocase(const char *key, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(key, names[i]) == 0)
            return names[i];
    return NULL;
}

/* True when KEY is exactly one of NAMES. The first characters are compared before the
 * call: it rules out nearly every entry for every key of every user file. */
static bool allowed(const char *key, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (key[0] == names[i][0] && strcmp(key, names[i]) == 0)
            return true;
    return false;
}

/* Reports the unknown key NODE (a child of the top level when IN_ZOWE is false, of `zowe`
 * otherwise) at the key's position, with a suggestion when one fits. */
static void report(uhp_rule_ctx *ctx, const uhp_node *node, bool in_zowe)
{
    const char *key = node->key;
    const char *where = in_zowe ? "under 'zowe'" : "at the top level";
    const char *const *same = in_zowe ? zowe_keys : top_keys;
    size_t n_same = in_zowe ? N_OF(zowe_keys) : N_OF(top_keys);
    const char *const *other = in_zowe ? top_keys : zowe_keys;
    size_t n_other = in_zowe ? N_OF(top_keys) : N_OF(zowe_keys);
    const char *msg, *fix;
    const char *hit;
    if ((hit = closest(key, same, n_same)) != NULL) {
        msg = uhp_ctx_printf(ctx,
                             "unknown key '%.80s' %s: Zowe's schema does not allow it, so zwe "
                             "stops with a validation error; did you mean '%s'?",
                             key, where, hit);
        fix = uhp_ctx_printf(ctx, "rename '%.80s' to '%s%s'", key, in_zowe ? "zowe." : "", hit);
    } else if ((hit = find_nocase(key, other, n_other)) != NULL) {
        msg = uhp_ctx_printf(ctx,
                             "unknown key '%.80s' %s: Zowe's schema does not allow it; '%s' "
                             "belongs %s (check the indentation)",
                             key, where, in_zowe ? hit : uhp_ctx_printf(ctx, "zowe.%s", hit),
                             in_zowe ? "at the top level" : "under 'zowe'");
        fix = in_zowe ? uhp_ctx_printf(ctx, "move '%s' out of 'zowe' to the top level", hit)
                      : uhp_ctx_printf(ctx, "indent '%s' under 'zowe:'", hit);
    } else if ((hit = find_nocase(key, component_keys, N_OF(component_keys))) != NULL) {
        msg = uhp_ctx_printf(ctx,
                             "unknown key '%.80s' %s: Zowe's schema does not allow it; the "
                             "component '%s' belongs under 'components' (check the "
                             "indentation)",
                             key, where, hit);
        fix = uhp_ctx_printf(ctx, "move '%s' under 'components:'", hit);
    } else {
        msg = uhp_ctx_printf(ctx,
                             "unknown key '%.80s' %s: Zowe's schema does not allow it, so zwe "
                             "stops with a validation error",
                             key, where);
        fix = in_zowe ? "remove the key; the keys allowed under zowe are setup, "
                        "runtimeDirectory, logDirectory, workspaceDirectory, "
                        "extensionDirectory, job, network, extensionRegistry, launcher, "
                        "rbacProfileIdentifier, cookieIdentifier, externalDomains, "
                        "externalPort, environments, launchScript, certificate, "
                        "verifyCertificates, sysMessages, useConfigmgr and configmgr"
                      : "remove the key; the keys allowed at the top level are zowe, java, "
                        "node, zOSMF, components and haInstances";
    }
    char path[512];
    uhp_node_path(node, path, sizeof path);
    uhp_pos end = node->key_pos;
    end.col += (uint32_t)strlen(key);
    ctx->failed = true;
    if (!uhp_run_add_at(ctx->run, ctx->rule->id, node->src, node->key_pos, end, path, msg, fix))
        ctx->run->out_of_memory = true;
}

/* Checks the keys of the top level and of `zowe` in every user layer. */
static void check(uhp_rule_ctx *ctx)
{
    const uhp_config *cfg = ctx->cfg;
    /* The last layer is always the defaults (built-in table or --defaults). */
    for (size_t i = 0; i + 1 < cfg->n_layers; i++) {
        const uhp_doc *doc = cfg->layers[i];
        if (!doc || !doc->root || doc->root->kind != UHP_NODE_MAP ||
            (doc->src && doc->src->builtin))
            continue;
        for (const uhp_node *k = doc->root->first; k; k = k->next) {
            if (k->key && !allowed(k->key, top_keys, N_OF(top_keys)))
                report(ctx, k, false);
        }
        const uhp_node *zowe = uhp_node_get(doc->root, "zowe");
        if (!zowe || zowe->kind != UHP_NODE_MAP)
            continue;
        for (const uhp_node *k = zowe->first; k; k = k->next) {
            if (k->key && !allowed(k->key, zowe_keys, N_OF(zowe_keys)))
                report(ctx, k, true);
        }
    }
}

const uhp_rule uhp_rule_uha006 = {
    "UHA006",
    "unknown-key",
    UHP_SEV_ERROR,
    "every top-level and zowe.* key is one Zowe's schema allows",
    UHP_SCOPE_GLOBAL,
    0,
    check,
};
