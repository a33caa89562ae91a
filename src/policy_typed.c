/* libcyaml's typed load of a checked policy into its structs, with a static schema, and
 * their copy into the uhp_policy. */

#include "uhp/policy.h"

#include <cyaml/cyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/alloc.h"
#include "uhp/rule.h"
#include "uhp/source.h"
#include "uhp/tree.h"

#include "policy_internal.h"

/* ---- The typed load: libcyaml ----------------------------------------------------------- */

/* What libcyaml loads: every key of policy_top_fields but `rules:`, typed. */
typedef struct policy_y_dvipa {
    char *address;
    char **names;
    unsigned names_count;
} policy_y_dvipa;

typedef struct policy_y_ignore {
    char *rule;
    char *files;
    char *instance;
    char *reason;
} policy_y_ignore;

typedef struct policy_y_product {
    char *name;
    char *experience_pattern;
} policy_y_product;

typedef struct policy_y_limits {
    char *max_size;
    uint32_t *max_depth;
} policy_y_limits;

typedef struct policy_y {
    policy_y_dvipa *dvipa;
    policy_y_ignore *ignore;
    unsigned ignore_count;
    policy_y_limits *limits;
    char *fail_on;
    policy_y_product *products;
    unsigned products_count;
    char *zowe_runtime;
    char *extensions;
} policy_y;

/* The schema libcyaml loads with: the keys of policy_top_fields, required where the checks
 * require them, every string at least one byte. Static: nothing is built at run time. */
static const cyaml_schema_value_t policy_y_string = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t policy_y_dvipa_fields[] = {
    CYAML_FIELD_STRING_PTR("address", CYAML_FLAG_POINTER, policy_y_dvipa, address, 1,
                           CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE("names", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_dvipa, names,
                         &policy_y_string, 0, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_field_t policy_y_ignore_fields[] = {
    CYAML_FIELD_STRING_PTR("rule", CYAML_FLAG_POINTER, policy_y_ignore, rule, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("files", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_ignore,
                           files, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("instance", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_ignore,
                           instance, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("reason", CYAML_FLAG_POINTER, policy_y_ignore, reason, 1,
                           CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_y_ignore_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, policy_y_ignore, policy_y_ignore_fields),
};

static const cyaml_schema_field_t policy_y_product_fields[] = {
    CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER, policy_y_product, name, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("experience-pattern", CYAML_FLAG_POINTER, policy_y_product,
                           experience_pattern, 1, CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_y_product_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, policy_y_product, policy_y_product_fields),
};

static const cyaml_schema_field_t policy_y_limits_fields[] = {
    CYAML_FIELD_STRING_PTR("max-size", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_limits,
                           max_size, 1, CYAML_UNLIMITED),
    CYAML_FIELD_UINT_PTR("max-depth", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y_limits,
                         max_depth),
    CYAML_FIELD_END,
};

static const cyaml_schema_field_t policy_y_top_fields[] = {
    CYAML_FIELD_MAPPING_PTR("dvipa", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, dvipa,
                            policy_y_dvipa_fields),
    CYAML_FIELD_SEQUENCE("ignore", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, ignore,
                         &policy_y_ignore_entry, 0, CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING_PTR("limits", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, limits,
                            policy_y_limits_fields),
    CYAML_FIELD_STRING_PTR("zowe-runtime", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y,
                           zowe_runtime, 1, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("extensions", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y,
                           extensions, 1, CYAML_UNLIMITED),
    /* Keys from the rule registry: read by policy_on_rules (see the top comment). */
    CYAML_FIELD_IGNORE("rules", CYAML_FLAG_OPTIONAL),
    CYAML_FIELD_STRING_PTR("fail-on", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, policy_y, fail_on,
                           1, CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE_COUNT("unsupported-products", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
                               policy_y, products, products_count, &policy_y_product_entry, 0,
                               CYAML_UNLIMITED),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t policy_y_top = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, policy_y, policy_y_top_fields),
};

/* libcyaml's allocator: every allocation through the injectable one (size 0 frees). */
static void *policy_cyaml_mem(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) {
        uhp_free(ptr);
        return NULL;
    }
    return uhp_realloc(ptr, size);
}

/* libcyaml's log: keeps its first error-level line in the char[256] CTX, prints nothing. */
static void policy_cyaml_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    char *msg = ctx;
    if (level < CYAML_LOG_ERROR || msg[0])
        return;
    vsnprintf(msg, 256, fmt, args);
    size_t len = strcspn(msg, "\n");
    while (len > 0 && msg[len - 1] == ' ')
        len--;
    msg[len] = '\0';
}

/* Copies S (NULL stays NULL) into the policy's arena; sets pc->nomem when memory runs out. */
static const char *policy_copy(policy_ctx *pc, const char *s)
{
    if (!s)
        return NULL;
    const char *c = uhp_arena_strndup(&pc->p->arena, s, strlen(s));
    if (!c)
        pc->nomem = true;
    return c;
}

/* Copies what libcyaml loaded (Y) into the policy. Rule names become ids. Returns false when
 * memory runs out (pc->nomem) or, with the error recorded at ROOT, when Y holds a value the
 * checks would refuse (libcyaml read the text otherwise than they did): never a policy with
 * a value nobody checked. */
static bool policy_convert(policy_ctx *pc, const policy_y *y, const uhp_node *root)
{
    uhp_policy *p = pc->p;
    uhp_arena *a = &p->arena;
    if (y->dvipa) {
        p->has_dvipa = true;
        p->dvipa.origin = "policy";
        p->dvipa.address = policy_copy(pc, y->dvipa->address);
        unsigned n = y->dvipa->names_count;
        const char **names = n ? uhp_arena_alloc(a, n * sizeof *names) : NULL;
        if (n && !names)
            return !(pc->nomem = true);
        for (unsigned i = 0; i < n; i++)
            names[i] = policy_copy(pc, y->dvipa->names[i]);
        p->dvipa.names = names;
        p->dvipa.n_names = n;
    }
    if (y->fail_on && !(p->has_fail_on = uhp_severity_parse(y->fail_on, &p->fail_on)))
        return policy_error_at(
            pc, root->start,
            "the policy could not be loaded into its typed form: libcyaml read 'fail-on' as '%s'",
            y->fail_on);
    if (y->ignore_count) {
        if (!(p->ignores = uhp_arena_alloc(a, y->ignore_count * sizeof *p->ignores)))
            return !(pc->nomem = true);
        for (unsigned i = 0; i < y->ignore_count; i++) {
            const policy_y_ignore *yi = &y->ignore[i];
            const uhp_rule *r = uhp_rule_find(yi->rule);
            if (!r)
                return policy_error_at(pc, root->start,
                                       "the policy could not be loaded into its typed form: "
                                       "unknown rule '%s' in 'ignore'",
                                       yi->rule);
            p->ignores[p->n_ignores++] =
                (uhp_policy_ignore){r->id, policy_copy(pc, yi->files),
                                    policy_copy(pc, yi->instance), policy_copy(pc, yi->reason)};
        }
    }
    if (y->products_count) {
        if (!(p->products = uhp_arena_alloc(a, y->products_count * sizeof *p->products)))
            return !(pc->nomem = true);
        for (unsigned i = 0; i < y->products_count; i++) {
            p->products[i].name = policy_copy(pc, y->products[i].name);
            p->products[i].pattern = policy_copy(pc, y->products[i].experience_pattern);
        }
        p->n_products = y->products_count;
    }
    /* a relative directory is relative to the policy's folder, as ignore globs are */
    for (int k = 0; k < 2; k++) {
        const char *v = k ? y->extensions : y->zowe_runtime;
        if (!v)
            continue;
        const char *abs = v[0] == '/' || !p->dir ? policy_copy(pc, v)
                                                 : uhp_arena_printf(&p->arena, "%s/%s", p->dir, v);
        if (!abs)
            return !(pc->nomem = true);
        if (k)
            p->extensions = abs;
        else
            p->zowe_runtime = abs;
    }
    if (y->limits && y->limits->max_size &&
        !(p->has_max_size = uhp_parse_size(y->limits->max_size, &p->max_size)))
        return policy_error_at(
            pc, root->start,
            "the policy could not be loaded into its typed form: libcyaml read 'max-size' as '%s'",
            y->limits->max_size);
    if (y->limits && y->limits->max_depth) {
        p->has_max_depth = true;
        p->max_depth = *y->limits->max_depth;
        if (p->max_depth < 1 || p->max_depth > POLICY_MAX_DEPTH_LIMIT)
            return policy_error_at(pc, root->start,
                                   "the policy could not be loaded into its typed form: libcyaml "
                                   "read 'max-depth' as %u",
                                   (unsigned)p->max_depth);
    }
    return !pc->nomem;
}

/* Loads SRC's bytes with libcyaml and copies them into pc->p. Returns 0, -1 with the error
 * recorded at ROOT (libcyaml refused what the checks accepted: its first logged line), or -2
 * when memory runs out. */
int policy_cyaml(policy_ctx *pc, const uhp_source *src, const uhp_node *root)
{
    char msg[256] = "";
    cyaml_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.log_fn = policy_cyaml_log;
    cfg.log_ctx = msg;
    cfg.mem_fn = policy_cyaml_mem;
    cfg.log_level = CYAML_LOG_ERROR;
    cfg.flags = CYAML_CFG_NO_ALIAS;
    policy_y *y = NULL;
    cyaml_err_t rc = cyaml_load_data((const uint8_t *)src->data, src->len, &cfg, &policy_y_top,
                                     (cyaml_data_t **)&y, NULL);
    int result = 0;
    if (rc == CYAML_ERR_OOM) {
        result = -2;
    } else if (rc != CYAML_OK) {
        const char *text = msg[0] ? msg : cyaml_strerror(rc);
        if (!strncmp(text, "Load: ", 6))
            text += 6;
        policy_error_at(pc, root->start, "the policy could not be loaded into its typed form: %s",
                        text);
        result = -1;
    } else if (!policy_convert(pc, y, root)) {
        result = pc->nomem ? -2 : -1;
    }
    if (y)
        cyaml_free(&cfg, &policy_y_top, y, 0);
    return result;
}
