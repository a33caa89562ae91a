/* The check pipeline: read -> layer -> overlay per instance -> rules -> findings.
 * Reports come after, from the run alone. */
#include "uhp/check.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "defaults_builtin.h"
#include "uhp/alloc.h"
#include "uhp/config_spec.h"
#include "uhp/diag.h"
#include "uhp/encoding.h"
#include "uhp/loader.h"
#include "uhp/policy.h"
#include "uhp/rule.h"
#include "uhp/tcpip.h"
#include "uhp/zowe_schemas.h"

#include "check_internal.h"

void uhp_check_opts_init(uhp_check_opts *o)
{
    memset(o, 0, sizeof *o);
    uhp_limits_default(&o->limits);
}

/* True when instance I is checked (--ha-instance names it, or none was given). */
static bool check_selected(const check_state *st, size_t i)
{
    return !st->selected || i >= st->cfg.n_instances || st->selected[i];
}

/* --resolve: the answers of the resolver, so each name is looked up once per check (rules
 * ask per instance). */
#define CHECK_RESOLVE_MAX 32
typedef struct check_resolve_cache {
    uhp_resolve_fn fn;
    void *ud;
    size_t n;
    struct {
        char name[256];
        int count;
        char addrs[16][46];
    } e[CHECK_RESOLVE_MAX];
} check_resolve_cache;

/* The resolver the rules see: answers from the cache, else asks the real one and keeps
 * the answer (names longer than 255 bytes are not DNS names and are not looked up). */
static int check_resolve(void *ud, const char *name, char (*out)[46], int max)
{
    check_resolve_cache *c = ud;
    if (strlen(name) >= sizeof c->e[0].name)
        return 0;
    for (size_t i = 0; i < c->n; i++) {
        if (strcasecmp(c->e[i].name, name) != 0)
            continue;
        int k = c->e[i].count < max ? c->e[i].count : max;
        for (int j = 0; j < k; j++)
            memcpy(out[j], c->e[i].addrs[j], sizeof out[j]);
        return c->e[i].count < 0 ? -1 : k;
    }
    int got = c->fn(c->ud, name, out, max);
    if (c->n < CHECK_RESOLVE_MAX) {
        size_t i = c->n++;
        snprintf(c->e[i].name, sizeof c->e[i].name, "%s", name);
        c->e[i].count = got > 16 ? 16 : got;
        for (int j = 0; j < c->e[i].count; j++)
            memcpy(c->e[i].addrs[j], out[j], sizeof c->e[i].addrs[j]);
    }
    return got;
}

/* Records MSG as the run's usage error (the first one wins); a NULL MSG (formatting it ran
 * out of memory) marks the run out of memory. */
void check_usage(check_state *st, const char *msg)
{
    if (!msg) { /* formatting the message ran out of memory */
        st->run->out_of_memory = true;
        return;
    }
    if (!st->run->usage_error)
        st->run->usage_error = uhp_arena_strndup(&st->run->arena, msg, strlen(msg));
    if (!st->run->usage_error)
        st->run->out_of_memory = true;
}

/* True when the LEN bytes at S look like a DNS name: letters, digits, '-', '_' and '.'. */
static bool check_dns_name_valid(const char *s, size_t len)
{
    if (len == 0 || len > 253)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* With --resolve, lets the rules look names up through the check's cache. */
static void check_dvipa_resolver(check_state *st)
{
    if (st->resolved) {
        st->dvipa.resolve = check_resolve;
        st->dvipa.resolve_ud = st->resolved;
    }
}

/* Parses --dvipa ADDR and NAME=ADDR into st->dvipa; false on a usage error. */
static bool check_dvipa(check_state *st)
{
    size_t n = st->o->n_dvipa;
    if (st->o->resolve) {
        st->resolved = uhp_arena_alloc(&st->arena, sizeof *st->resolved);
        if (!st->resolved) {
            st->run->out_of_memory = true;
            return false;
        }
        st->resolved->n = 0;
        st->resolved->fn = st->o->resolver ? st->o->resolver : uhp_resolve_getaddrinfo;
        st->resolved->ud = st->o->resolver_ud;
    }
    if (n == 0) {
        if (st->o->policy_dvipa)
            st->dvipa = *st->o->policy_dvipa;
        check_dvipa_resolver(st);
        return true;
    }
    const char **names = uhp_arena_alloc(&st->arena, n * sizeof *names);
    if (!names) {
        st->run->out_of_memory = true;
        return false;
    }
    st->dvipa.names = names;
    st->dvipa.origin = "--dvipa";
    for (size_t i = 0; i < n; i++) {
        const char *spec = st->o->dvipa_specs[i];
        const char *eq = strchr(spec, '=');
        const char *addr = eq ? eq + 1 : spec;
        if (!*addr || (eq && eq == spec)) {
            check_usage(st,
                        uhp_arena_printf(&st->arena,
                                         "invalid --dvipa '%s': expected ADDR or NAME=ADDR", spec));
            return false;
        }
        if (!uhp_ip_address_valid(addr)) {
            check_usage(st, uhp_arena_printf(&st->arena,
                                             "invalid --dvipa '%s': '%s' is not an IPv4 or IPv6 "
                                             "address (a DNS name goes before the '=': "
                                             "--dvipa NAME=ADDR)",
                                             spec, addr));
            return false;
        }
        if (eq && !check_dns_name_valid(spec, (size_t)(eq - spec))) {
            check_usage(st, uhp_arena_printf(&st->arena,
                                             "invalid --dvipa '%s': '%.*s' is not a DNS name "
                                             "(letters, digits, '-', '.' and '_', no blanks)",
                                             spec, (int)(eq - spec), spec));
            return false;
        }
        if (st->dvipa.address && strcasecmp(st->dvipa.address, addr) != 0) {
            check_usage(st, uhp_arena_printf(&st->arena,
                                             "--dvipa names two addresses, '%s' and '%s'; UMS HA "
                                             "uses one DVIPA",
                                             st->dvipa.address, addr));
            return false;
        }
        st->dvipa.address = addr;
        if (eq)
            names[st->dvipa.n_names++] = uhp_arena_strndup(&st->arena, spec, (size_t)(eq - spec));
    }
    check_dvipa_resolver(st);
    return true;
}

/* Keeps only the instances named by --ha-instance; false (usage error) for an unknown id. */
static bool check_filter_instances(check_state *st)
{
    if (st->o->n_only_instances == 0)
        return true;
    size_t kept = 0;
    for (size_t k = 0; k < st->o->n_only_instances; k++) {
        bool found = false;
        for (size_t i = 0; i < st->cfg.n_instances; i++)
            if (strcmp(st->cfg.instances[i].id, st->o->only_instances[k]) == 0)
                found = true;
        if (!found) {
            check_usage(st, uhp_arena_printf(&st->arena,
                                             "--ha-instance '%s': no such key under "
                                             "haInstances",
                                             st->o->only_instances[k]));
            return false;
        }
    }
    /* Every instance stays in the configuration: the rules that judge the set (how many
     * instances, one gateway per system, hostnames) must see them all. Only the per-instance
     * runs are narrowed. */
    st->selected = uhp_arena_alloc(&st->arena, st->cfg.n_instances * sizeof *st->selected);
    if (!st->selected) {
        st->run->out_of_memory = true;
        return false;
    }
    for (size_t i = 0; i < st->cfg.n_instances; i++) {
        st->selected[i] = false;
        for (size_t k = 0; k < st->o->n_only_instances; k++)
            if (strcmp(st->cfg.instances[i].id, st->o->only_instances[k]) == 0)
                st->selected[i] = true;
        kept += st->selected[i];
    }
    (void)kept;
    return true;
}

/* Severity of the findings a rule's ctx produced, for the checklist cell. */
static uhp_status check_status(const uhp_rule_ctx *ctx)
{
    if (ctx->not_applicable && !ctx->failed && !ctx->warned)
        return UHP_STATUS_NA;
    if (ctx->failed)
        return ctx->rule->severity == UHP_SEV_WARNING ? UHP_STATUS_WARN : UHP_STATUS_FAIL;
    if (ctx->warned)
        return UHP_STATUS_WARN;
    return UHP_STATUS_PASS;
}

/* Adds the checklist cell of rule R for INSTANCE (NULL: global or base; else a string in
 * the run's arena, from check_meta). */
static void check_add_result(check_state *st, const uhp_rule *r, const char *instance,
                             uhp_status status, const char *note)
{
    uhp_result res = {r->id, r->name, instance, status, note};
    uhp_run_add_result_borrowed(st->run, &res);
}

/* Input rules: one checklist cell each, FAIL when the loaders reported one. */
static void check_input_results(check_state *st, const uhp_rule *r)
{
    uhp_status status = UHP_STATUS_PASS;
    for (size_t i = 0; i < st->run->n_findings; i++) {
        const uhp_finding *f = &st->run->findings[i];
        if (strcmp(f->rule_id, r->id) != 0)
            continue;
        if (f->severity == UHP_SEV_WARNING) {
            if (status == UHP_STATUS_PASS)
                status = UHP_STATUS_WARN;
        } else {
            status = UHP_STATUS_FAIL;
        }
    }
    if ((r->flags & UHP_RULE_TCPIP) && st->o->n_tcpip == 0)
        check_add_result(st, r, NULL, UHP_STATUS_NA, "no --tcpip profile given");
    else
        check_add_result(st, r, NULL, status, NULL);
}

/* Runs every rule of the registry on every instance. */
static void check_run_rules(check_state *st)
{
    size_t n_rules;
    const uhp_rule *const *rules = uhp_rules(&n_rules);
    size_t n_inst = st->cfg.n_instances ? st->cfg.n_instances : 1;
    bool *ums_off = uhp_arena_alloc(&st->arena, n_inst * sizeof *ums_off);
    void **caches = uhp_arena_alloc(&st->arena, n_rules * sizeof *caches);
    if (!ums_off || !caches) {
        st->run->out_of_memory = true;
        return;
    }
    memset(ums_off, 0, n_inst * sizeof *ums_off);
    memset(caches, 0, n_rules * sizeof *caches);
    /* The N/A notes name the rule that decided them, read off the registry. */
    const char *gate = "";
    for (size_t r = 0; r < n_rules; r++)
        if (rules[r]->flags & UHP_RULE_GATES_UMS)
            gate = rules[r]->id;
    const char *ums_note = uhp_arena_printf(
        &st->arena, "UMS does not run in this instance (%s), so UMS HA does not apply", gate);
    const char *tcpip_note =
        uhp_arena_printf(&st->arena, "not checked: a TCP/IP profile could not be read (%s)",
                         uhp_diag_rule(UHP_DIAG_PROFILE)->id);
    if (!ums_note || !tcpip_note) {
        st->run->out_of_memory = true;
        return;
    }
    check_prepare prep;
    check_prepare_start(&prep, st, rules, n_rules);
    uhp_arena scratch;
    uhp_arena_init(&scratch);
    for (size_t r = 0; r < n_rules && !st->run->out_of_memory; r++) {
        const uhp_rule *rule = rules[r];
        bool prep_nomem = false;
        const void *prepared = rule->prepare ? check_prepared(&prep, r, &prep_nomem) : NULL;
        if (prep_nomem) {
            st->run->out_of_memory = true;
            break;
        }
        if ((rule->flags & UHP_RULE_RUNTIME) && !st->cfg.zowe_schemas)
            continue; /* no --zowe-runtime: the rule is not part of this check */
        if (rule->scope == UHP_SCOPE_INPUT || !rule->check) {
            check_input_results(st, rule);
            continue;
        }
        size_t runs = rule->scope == UHP_SCOPE_GLOBAL ? 1 : n_inst;
        size_t column = 0;
        for (size_t i = 0; i < runs; i++) {
            if (rule->scope == UHP_SCOPE_INSTANCE && !check_selected(st, i))
                continue;
            const uhp_instance *inst = rule->scope == UHP_SCOPE_INSTANCE && st->cfg.n_instances
                                           ? &st->cfg.instances[i]
                                           : NULL;
            const char *col = inst ? st->run->meta.instances[column++] : NULL;
            if (st->load_failed) {
                check_add_result(st, rule, col, UHP_STATUS_NA,
                                 "not checked: an input could not be loaded");
                continue;
            }
            if ((rule->flags & UHP_RULE_TCPIP) && !st->profile) {
                check_add_result(st, rule, col, UHP_STATUS_NA, "no --tcpip profile given");
                continue;
            }
            /* A profile file that could not be read is one profile error, not a missing
             * statement for every rule that looks for one. */
            if ((rule->flags & UHP_RULE_TCPIP) && st->profile->input_error) {
                check_add_result(st, rule, col, UHP_STATUS_NA, tcpip_note);
                continue;
            }
            if ((rule->flags & UHP_RULE_UMS) && rule->scope == UHP_SCOPE_INSTANCE && ums_off[i]) {
                check_add_result(st, rule, col, UHP_STATUS_NA, ums_note);
                continue;
            }
            /* Values and messages of one rule on one instance live in a scratch arena
             * emptied right after: the run keeps copies of what it reports. */
            uhp_view view = {&st->cfg, inst, &scratch};
            uhp_rule_ctx ctx;
            memset(&ctx, 0, sizeof ctx);
            ctx.rule = rule;
            ctx.cfg = &st->cfg;
            ctx.view = &view;
            ctx.inst = inst;
            ctx.dvipa = &st->dvipa;
            ctx.profile = st->profile;
            ctx.run = st->run;
            ctx.arena = &scratch;
            ctx.cache = &caches[r];
            ctx.cache_arena = &st->arena;
            ctx.prepared = prepared;
            rule->check(&ctx);
            if ((rule->flags & UHP_RULE_GATES_UMS) && ctx.ums_off)
                ums_off[i] = true;
            check_add_result(st, rule, col, check_status(&ctx), ctx.note);
            if (scratch.failed) /* a lookup or message carried on without memory */
                st->run->out_of_memory = true;
            uhp_arena_reset(&scratch);
        }
    }
    uhp_arena_destroy(&scratch);
    check_prepare_end(&prep);
}

/* Fills the metadata the reports show about DVIPA and instances. */
static void check_meta(check_state *st)
{
    uhp_run_meta *m = &st->run->meta;
    m->tool_version = UHP_VERSION;
    m->zowe_version = st->o->zowe_version ? st->o->zowe_version : UHP_ZOWE_VERSION_DEFAULT;
    m->has_ha_instances = st->cfg.n_instances > 0;
    size_t n = 0;
    for (size_t i = 0; i < st->cfg.n_instances; i++)
        n += check_selected(st, i);
    if (n == 0)
        n = 1;
    const char **cols = uhp_arena_alloc(&st->run->arena, n * sizeof *cols);
    if (!cols) {
        st->run->out_of_memory = true;
        return;
    }
    if (st->cfg.n_instances == 0)
        cols[0] = NULL;
    for (size_t i = 0, k = 0; i < st->cfg.n_instances; i++)
        if (check_selected(st, i))
            cols[k++] = uhp_arena_strndup(&st->run->arena, st->cfg.instances[i].id,
                                          strlen(st->cfg.instances[i].id));
    m->instances = cols;
    m->n_instances = n;
    if (uhp_dvipa_declared(&st->dvipa)) {
        char buf[1024];
        size_t len =
            (size_t)snprintf(buf, sizeof buf, "%s", st->dvipa.address ? st->dvipa.address : "?");
        for (size_t i = 0; i < st->dvipa.n_names && len < sizeof buf; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : " (",
                                    st->dvipa.names[i]);
        if (st->dvipa.n_names && len < sizeof buf - 1)
            snprintf(buf + len, sizeof buf - len, ")");
        m->dvipa = uhp_arena_strndup(&st->run->arena, buf, strlen(buf));
        m->dvipa_origin = st->dvipa.origin;
    }
    if (st->o->n_tcpip) {
        m->profiles = uhp_arena_alloc(&st->run->arena, st->o->n_tcpip * sizeof *m->profiles);
        if (m->profiles) {
            for (size_t i = 0; i < st->o->n_tcpip; i++)
                m->profiles[i] = uhp_arena_strndup(&st->run->arena, st->o->tcpip_paths[i],
                                                   strlen(st->o->tcpip_paths[i]));
            m->n_profiles = st->o->n_tcpip;
        }
    }
}

/* TEXT with every occurrence of a string of SECRETS[0..N) masked, in RUN's arena; TEXT
 * itself when none occurs (or memory runs out: then the arena's failed flag says so and the
 * check reports running out of memory, never the text). */
static const char *check_mask(uhp_run *run, const char *text, const char *const *secrets, size_t n)
{
    if (!text)
        return NULL;
    const char *cur = text;
    for (size_t i = 0; i < n; i++) {
        const char *hit = strstr(cur, secrets[i]);
        if (!hit)
            continue;
        size_t slen = strlen(secrets[i]),
               cap = strlen(cur) * 8 / (slen ? slen : 1) + strlen(cur) + 1;
        char *out = uhp_arena_alloc(&run->arena, cap);
        if (!out)
            return "";
        size_t o = 0;
        const char *p = cur;
        while (hit) {
            memcpy(out + o, p, (size_t)(hit - p));
            o += (size_t)(hit - p);
            memcpy(out + o, "********", 8);
            o += 8;
            p = hit + slen;
            hit = strstr(p, secrets[i]);
        }
        memcpy(out + o, p, strlen(p) + 1);
        cur = out;
    }
    return cur;
}

/* What templates did that the rules could not say: a result past the template budget is a
 * located input error (UHP_DIAG_LIMIT), and a value a template carried out of a secret key is
 * masked in every finding of the check from FIRST on, wherever a rule quoted it. */
static void check_templates_after(check_state *st, size_t first)
{
    uhp_run *run = st->run;
    const uhp_node *over = uhp_config_template_overflow(&st->cfg);
    if (over) {
        char path[512];
        uhp_node_path(over, path, sizeof path);
        const char *msg = uhp_arena_printf(
            &st->arena,
            "${{ }} results add up to more than %zu bytes (the template budget): templates "
            "that interpolate each other grow without bound",
            st->cfg.template_budget);
        uhp_diag d = {.kind = UHP_DIAG_LIMIT,
                      .src = uhp_node_source(over),
                      .start = over->start,
                      .end = over->end,
                      .key_path = path,
                      .message = msg,
                      .fix = "write the values out in full, or raise the budget with --max-size"};
        if (!msg || !uhp_run_add_diag(run, &d))
            run->out_of_memory = true;
        run->input_error = true;
    }
    const char *const *secrets;
    size_t n = uhp_config_secrets(&st->cfg, &secrets);
    for (size_t i = first; i < run->n_findings; i++) {
        uhp_finding *f = &run->findings[i];
        f->message = check_mask(run, f->message, secrets, n);
        f->fix = check_mask(run, f->fix, secrets, n);
        f->source_line = check_mask(run, f->source_line, secrets, n);
        /* values aliases copied out of secret keys */
        for (size_t l = 0; l < st->cfg.n_layers; l++) {
            const uhp_doc *d = st->cfg.layers[l];
            if (!d->n_secrets)
                continue;
            f->message = check_mask(run, f->message, d->secrets, d->n_secrets);
            f->fix = check_mask(run, f->fix, d->secrets, d->n_secrets);
            f->source_line = check_mask(run, f->source_line, d->secrets, d->n_secrets);
        }
    }
}

/* Models what differs between Zowe releases once the layers are loaded (docs/defaults.md):
 * a plain-path CONFIG without the config manager (zowe.useConfigmgr: false, or before
 * 2.10.0 anything but true) gets no template evaluation and no defaults layer; before
 * 2.14.0 haInstances do not override 'enabled'. */
static void check_release_behaviour(check_state *st)
{
    uhp_config *cfg = &st->cfg;
    cfg->zowe_release = st->o->zowe_release;
    cfg->instance_enabled_ignored = st->o->zowe_release && st->o->zowe_release < 21400;
    if (!cfg->plain_path_config)
        return;
    uhp_view base = {cfg, NULL, &st->arena};
    uhp_value v = uhp_view_get(&base, "zowe.useConfigmgr");
    bool is_true = v.kind == UHP_VAL_BOOL && v.b;
    bool is_false = (v.kind == UHP_VAL_BOOL && !v.b) ||
                    (v.kind == UHP_VAL_STRING && v.str && !strcmp(v.str, "false"));
    bool before_210 = st->o->zowe_release && st->o->zowe_release < 21000;
    if (is_false || (before_210 && !is_true)) {
        cfg->configmgr_off = true;
        if (cfg->builtin_defaults || st->o->defaults_path) {
            cfg->n_layers--; /* the defaults layer is the last */
            cfg->builtin_defaults = false;
            st->run->meta.defaults = "none: the config manager is off for this plain-path CONFIG";
        }
    }
}

int uhp_check(const uhp_check_opts *o, uhp_run *run)
{
    check_state st;
    memset(&st, 0, sizeof st);
    st.o = o;
    st.run = run;
    uhp_arena_init(&st.arena);
    uhp_reader_init(&st.reader, o->limits.max_size);
    st.cfg.arena = &st.arena;
    st.cfg.template_budget = o->limits.max_size;
    size_t first_finding = run->n_findings;

    if (o->set_error)
        check_usage(&st, o->set_error);
    else if (check_dvipa(&st))
        check_load_layers(&st);
    if (!run->usage_error && !run->out_of_memory && o->n_tcpip) {
        st.profile =
            uhp_profile_load(o->tcpip_paths, o->n_tcpip, &st.reader, o->encoding, run, &st.arena);
        if (!st.profile)
            run->out_of_memory = true;
        else if (!uhp_dvipa_declared(&st.dvipa)) {
            const char *addr = uhp_profile_hotstandby_dvipa(st.profile);
            if (addr) {
                st.dvipa.address = addr;
                st.dvipa.origin = "TCP/IP profile";
            }
        }
    }
    if (!run->usage_error && !run->out_of_memory && !st.load_failed) {
        check_release_behaviour(&st);
        if (!uhp_config_collect_instances(&st.cfg))
            run->out_of_memory = true;
        else if (check_filter_instances(&st) && !uhp_config_memo_init(&st.cfg))
            run->out_of_memory = true;
    }
    if (o->visit && !run->usage_error && !run->out_of_memory && !st.load_failed) {
        o->visit(&st.cfg, o->visit_ctx);
        /* what the visit evaluated may have passed the template budget */
        check_templates_after(&st, first_finding);
    } else if (!run->usage_error && !run->out_of_memory && !o->visit) {
        check_meta(&st);
        check_zowe_schemas(&st);
        check_run_rules(&st);
        uhp_zowe_schemas_free(st.cfg.zowe_schemas);
        st.cfg.zowe_schemas = NULL;
        check_templates_after(&st, first_finding);
        uhp_run_finalize(run);
        if (!o->no_inline_ignores && !run->out_of_memory)
            uhp_suppress_inline(run, st.sources, st.n_sources);
    }
    for (size_t i = 0; i < st.n_sources; i++)
        uhp_source_free(st.sources[i]);
    /* Lookups and rules that ran out of scratch memory carried on with less (an absent
     * value, a message left out): the findings cannot be trusted. */
    if (st.arena.failed || run->arena.failed)
        run->out_of_memory = true;
    uhp_arena_destroy(&st.arena);
    return run->out_of_memory ? -1 : 0;
}

uhp_exit uhp_run_exit_status(const uhp_run *run, uhp_severity fail_on)
{
    if (run->out_of_memory)
        return UHP_EXIT_INTERNAL;
    if (run->usage_error || run->input_error)
        return UHP_EXIT_USAGE;
    for (size_t i = 0; i < run->n_findings; i++) {
        const uhp_finding *f = &run->findings[i];
        if (!f->suppressed && f->severity != UHP_SEV_OFF && f->severity >= fail_on)
            return UHP_EXIT_FINDINGS;
    }
    return UHP_EXIT_OK;
}
