/* UHA006 unknown-key: every key at the top level and under `zowe` is one that Zowe's schema
 * (schemas/zowe-yaml-schema.json, additionalProperties: false at both levels) allows. The
 * config manager validates the merged configuration against that schema and zwe stops on an
 * unknown key, so a typo such as `externalDomain` is an error, reported with a did-you-mean.
 * Checked in every user layer (zowe.yaml, PARMLIB members), never in the defaults layer. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rule_internal.h"

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

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

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
    if ((hit = dym_closest(key, same, n_same)) != NULL) {
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
    } else if ((hit = find_nocase(key, dym_component_names, dym_n_component_names)) != NULL) {
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
    uhp_ctx_report(ctx, node, &(uhp_report_as){.at_key = true}, msg, fix);
}

/* Where the component names are read: the base `components`, then each instance's. */
typedef struct comp_scan {
    uhp_rule_ctx *ctx;
    const uhp_view *view;
    const uhp_value *map;
    const char *prefix; /* "components" or "haInstances.<id>.components" */
} comp_scan;

/* Warns about component KEY when it is a near miss of a core component: Zowe finds no
 * component of that name, so the one meant keeps its defaults (uhp_value_map_keys callback). */
static bool comp_visit(void *p, const char *key)
{
    comp_scan *cs = p;
    const char *meant = dym_component_typo(key);
    if (!meant)
        return true;
    uhp_rule_ctx *ctx = cs->ctx;
    uhp_value v = uhp_value_child(cs->view, cs->map, key);
    const uhp_node *n = v.node;
    if (!n || !uhp_node_source(n) || uhp_node_source(n)->builtin)
        return true;
    const char *path = uhp_ctx_printf(ctx, "%s.%s", cs->prefix, key);
    uhp_ctx_report(ctx, n,
                   &(uhp_report_as){.severity = UHP_SEV_WARNING, .at_key = true, .key_path = path},
                   uhp_ctx_printf(ctx,
                                  "unknown component '%.80s' under %s; did you mean '%s'? Zowe "
                                  "starts no component of that name, and '%s' keeps its other "
                                  "settings",
                                  key, cs->prefix, meant, meant),
                   uhp_ctx_printf(ctx, "rename '%.80s' to '%s'", key, meant));
    return !ctx->run->out_of_memory;
}

/* Checks the component names under `components` and every haInstances.<id>.components. */
static void check_components(uhp_rule_ctx *ctx)
{
    uhp_view base = {ctx->cfg, NULL, ctx->arena};
    uhp_value comps = uhp_view_get(&base, "components");
    comp_scan cs = {ctx, &base, &comps, "components"};
    if (comps.kind == UHP_VAL_MAP)
        uhp_value_map_keys(&base, &comps, comp_visit, &cs);
    uhp_value ha = uhp_view_get(&base, "haInstances");
    for (size_t i = 0; i < ctx->cfg->n_instances; i++) {
        const char *id = ctx->cfg->instances[i].id;
        uhp_value in = uhp_value_child(&base, &ha, id);
        uhp_value ic = uhp_value_child(&base, &in, "components");
        if (ic.kind != UHP_VAL_MAP)
            continue;
        comp_scan ics = {ctx, &base, &ic, uhp_ctx_printf(ctx, "haInstances.%s.components", id)};
        uhp_value_map_keys(&base, &ic, comp_visit, &ics);
    }
}

/* Checks the keys of the top level and of `zowe` in every user layer. */
static void check(uhp_rule_ctx *ctx)
{
    check_components(ctx);
    const uhp_config *cfg = ctx->cfg;
    /* The last layer is always the defaults (built-in table or --defaults). */
    for (size_t i = 0; i + 1 < cfg->n_layers; i++) {
        const uhp_doc *doc = cfg->layers[i];
        if (!doc || !doc->root || doc->root->kind != UHP_NODE_MAP ||
            (doc->src && doc->src->builtin))
            continue;
        for (const uhp_node *k = uhp_node_first(doc->root); k; k = k->next) {
            if (k->key && !allowed(k->key, top_keys, N_OF(top_keys)))
                report(ctx, k, false);
        }
        const uhp_node *zowe = uhp_node_get(doc->root, "zowe");
        if (!zowe || zowe->kind != UHP_NODE_MAP)
            continue;
        for (const uhp_node *k = uhp_node_first(zowe); k; k = k->next) {
            if (k->key && !allowed(k->key, zowe_keys, N_OF(zowe_keys)))
                report(ctx, k, true);
        }
    }
}

const uhp_rule uhp_rule_uha006 = {
    .id = "UHA006",
    .name = "unknown-key",
    .severity = UHP_SEV_ERROR,
    .title = "every top-level and zowe.* key is one Zowe's schema allows",
    .scope = UHP_SCOPE_GLOBAL,
    .check = check,
};
