/* Layering, instance overlay and template resolution, as Zowe's config manager does them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "uhp/config.h"
#include "uhp/loader.h"
#include "uhp/rule.h"

/* A configuration built from YAML strings, highest priority first. */
typedef struct fixture {
    uhp_arena arena;
    uhp_run run;
    uhp_source *src[8];
    size_t n;
    uhp_config cfg;
} fixture;

static void fx_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    uhp_arena_init(&fx->arena);
    uhp_run_init(&fx->run);
    fx->cfg.arena = &fx->arena;
    assert_true(uhp_config_templates_init(&fx->cfg));
}

static void fx_layer(fixture *fx, const char *name, const char *yaml)
{
    uhp_limits lim;
    uhp_limits_default(&lim);
    uhp_source *s = uhp_source_from_memory(name, yaml, strlen(yaml));
    assert_non_null(s);
    fx->src[fx->n++] = s;
    const uhp_doc *doc = uhp_load_yaml(s, &fx->arena, &lim, &fx->run);
    assert_non_null(doc);
    fx->cfg.layers[fx->cfg.n_layers++] = doc;
}

static void fx_free(fixture *fx)
{
    for (size_t i = 0; i < fx->n; i++)
        uhp_source_free(fx->src[i]);
    uhp_arena_destroy(&fx->arena);
    uhp_run_destroy(&fx->run);
}

static const uhp_instance *fx_inst(fixture *fx, const char *id)
{
    for (size_t i = 0; i < fx->cfg.n_instances; i++)
        if (!strcmp(fx->cfg.instances[i].id, id))
            return &fx->cfg.instances[i];
    fail_msg("no instance %s", id);
    return NULL;
}

static void test_left_most_wins_and_objects_merge(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "top.yaml", "zowe:\n  externalPort: 9000\n");
    fx_layer(&fx, "base.yaml", "zowe:\n  externalPort: 7554\n  logDirectory: /logs\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value port = uhp_view_get(&v, "zowe.externalPort");
    assert_int_equal(port.kind, UHP_VAL_INT);
    assert_int_equal(port.i, 9000);
    assert_string_equal(uhp_node_source(port.node)->name, "top.yaml");
    assert_int_equal(port.node->start.line, 2);
    assert_int_equal(port.node->start.col, 17);
    uhp_value logs = uhp_view_get(&v, "zowe.logDirectory");
    assert_int_equal(logs.kind, UHP_VAL_STRING);
    assert_string_equal(logs.str, "/logs");
    assert_string_equal(uhp_node_source(logs.node)->name, "base.yaml");
    fx_free(&fx);
}

static void test_arrays_concatenate_lower_layer_first(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "zowe.yaml", "zowe:\n  externalDomains:\n    - dvipa.example.com\n");
    fx_layer(&fx, "ZWEYAML", "zowe:\n  externalDomains:\n    - lpar1.example.com\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value d = uhp_view_get(&v, "zowe.externalDomains");
    assert_int_equal(d.kind, UHP_VAL_SEQ);
    assert_int_equal(d.n_parts, 2);
    assert_int_equal(uhp_value_seq_len(&d), 2);
    uhp_value first = uhp_view_get(&v, "zowe.externalDomains[0]");
    assert_string_equal(first.str, "lpar1.example.com");
    assert_string_equal(uhp_node_source(first.node)->name, "ZWEYAML");
    uhp_value second = uhp_value_seq_item(&v, &d, 1);
    assert_string_equal(second.str, "dvipa.example.com");
    fx_free(&fx);
}

static void test_null_in_higher_layer_replaces(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "a", "components:\n  izp:\n    server:\n      host:\n");
    fx_layer(&fx, "b", "components:\n  izp:\n    server:\n      host: dvipa\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value h = uhp_view_get(&v, "components.izp.server.host");
    assert_int_equal(h.kind, UHP_VAL_NULL);
    assert_string_equal(uhp_node_source(h.node)->name, "a");
    fx_free(&fx);
}

static void test_scalar_over_map_and_map_over_scalar(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "a", "x: 5\ny:\n  k: 1\n");
    fx_layer(&fx, "b", "x:\n  k: 2\ny: 7\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    assert_int_equal(uhp_view_get(&v, "x").kind, UHP_VAL_INT);
    assert_int_equal(uhp_view_get(&v, "x.k").kind, UHP_VAL_ABSENT);
    uhp_value yk = uhp_view_get(&v, "y.k");
    assert_int_equal(yk.kind, UHP_VAL_INT);
    assert_int_equal(yk.i, 1);
    fx_free(&fx);
}

static void test_instance_overlay_replaces_arrays_and_drops_hostname(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "zowe.yaml",
             "zowe:\n"
             "  externalDomains: [a.example.com, b.example.com]\n"
             "components:\n"
             "  gateway:\n"
             "    enabled: true\n"
             "    port: 7554\n"
             "haInstances:\n"
             "  lpar1:\n"
             "    hostname: lpar1.example.com\n"
             "    sysname: SYS1\n"
             "    zowe:\n"
             "      externalDomains: [c.example.com]\n"
             "    components:\n"
             "      gateway:\n"
             "        enabled: false\n"
             "  lpar2:\n"
             "    hostname: lpar2.example.com\n");
    assert_true(uhp_config_collect_instances(&fx.cfg));
    assert_int_equal(fx.cfg.n_instances, 2);
    uhp_view v1 = {&fx.cfg, fx_inst(&fx, "lpar1"), &fx.arena};
    uhp_view v2 = {&fx.cfg, fx_inst(&fx, "lpar2"), &fx.arena};
    uhp_value d = uhp_view_get(&v1, "zowe.externalDomains");
    assert_int_equal(uhp_value_seq_len(&d), 1);
    assert_true(d.from_instance);
    assert_string_equal(uhp_view_get(&v1, "zowe.externalDomains[0]").str, "c.example.com");
    uhp_value g1 = uhp_view_get(&v1, "components.gateway.enabled");
    assert_int_equal(g1.kind, UHP_VAL_BOOL);
    assert_false(g1.b);
    assert_int_equal(g1.node->start.line, 15);
    assert_int_equal(uhp_view_get(&v1, "components.gateway.port").i, 7554);
    assert_true(uhp_view_get(&v2, "components.gateway.enabled").b);
    /* hostname/sysname are dropped from the overlay: not part of the effective config */
    assert_int_equal(uhp_view_get(&v1, "hostname").kind, UHP_VAL_ABSENT);
    assert_int_equal(uhp_view_get(&v1, "sysname").kind, UHP_VAL_ABSENT);
    char path[256];
    uhp_node_path(g1.node, path, sizeof path);
    assert_string_equal(path, "haInstances.lpar1.components.gateway.enabled");
    fx_free(&fx);
}

static void test_instances_merge_across_layers(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "a", "haInstances:\n  Lpar-1:\n    hostname: h1\n");
    fx_layer(&fx, "b", "haInstances:\n  lpar2:\n    hostname: h2\n  default:\n");
    assert_true(uhp_config_collect_instances(&fx.cfg));
    assert_int_equal(fx.cfg.n_instances, 3);
    assert_string_equal(fx.cfg.instances[0].id, "lpar2");
    assert_true(fx.cfg.instances[0].id_valid);
    assert_string_equal(fx.cfg.instances[2].id, "Lpar-1");
    assert_false(fx.cfg.instances[2].id_valid);
    /* a null instance entry still names an instance, with the base config */
    uhp_view v = {&fx.cfg, fx_inst(&fx, "default"), &fx.arena};
    assert_int_equal(uhp_view_get(&v, "haInstances.lpar2.hostname").kind, UHP_VAL_STRING);
    fx_free(&fx);
}

static void test_templates(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "t",
             "zowe:\n"
             "  externalDomains: [dvipa.example.com]\n"
             "  externalPort: ${{ components.gateway.port }}\n"
             "  url: \"https://${{ zowe.externalDomains[0] }}:${{ zowe.externalPort }}\"\n"
             "  computed: ${{ components.gateway.port + 1 }}\n"
             "  missing: ${{ components['nope'].port }}\n"
             "components:\n"
             "  gateway:\n"
             "    port: 7554\n"
             "  app-server:\n"
             "    port: 7556\n"
             "  zss: ${{ components['app-server'] }}\n"
             "  loop: ${{ components.loop }}\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value p = uhp_view_get(&v, "zowe.externalPort");
    assert_int_equal(p.kind, UHP_VAL_INT);
    assert_int_equal(p.i, 7554);
    assert_non_null(p.via);
    assert_int_equal(uhp_value_location(&p)->start.line, 3);
    uhp_value url = uhp_view_get(&v, "zowe.url");
    assert_int_equal(url.kind, UHP_VAL_STRING);
    assert_string_equal(url.str, "https://dvipa.example.com:7554");
    assert_int_equal(uhp_view_get(&v, "zowe.computed").kind, UHP_VAL_UNKNOWN);
    assert_int_equal(uhp_view_get(&v, "zowe.missing").kind, UHP_VAL_UNKNOWN);
    uhp_value zss = uhp_view_get(&v, "components.zss.port");
    assert_int_equal(zss.kind, UHP_VAL_INT);
    assert_int_equal(zss.i, 7556);
    assert_int_equal(uhp_view_get(&v, "components.loop").kind, UHP_VAL_UNKNOWN);
    fx_free(&fx);
}

/* Zowe evaluates templates once on the merged base, before the haInstances overlay: an
 * instance that changes the referenced value does not change the template's result. */
static void test_templates_before_overlay(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "zowe.yaml",
             "zowe:\n"
             "  externalDomains: [dvipa.example.com]\n"
             "  externalPort: \"${{ components.gateway.port }}\"\n"
             "components:\n"
             "  gateway: {port: 7554}\n"
             "  izp:\n"
             "    server:\n"
             "      host: \"${{ zowe.externalDomains[0] }}\"\n"
             "haInstances:\n"
             "  lpar1:\n"
             "    hostname: h1\n"
             "    sysname: SYS1\n"
             "    zowe: {externalDomains: [other.example.com]}\n"
             "    components:\n"
             "      gateway: {port: 8554}\n"
             "      zss: {port: \"${{ zowe.externalDomains[0] }}\"}\n");
    assert_true(uhp_config_collect_instances(&fx.cfg));
    uhp_view v = {&fx.cfg, fx_inst(&fx, "lpar1"), &fx.arena};
    assert_int_equal(uhp_view_get(&v, "components.gateway.port").i, 8554);
    uhp_value ep = uhp_view_get(&v, "zowe.externalPort");
    assert_int_equal(ep.kind, UHP_VAL_INT);
    assert_int_equal(ep.i, 7554); /* the base gateway port, not the instance's 8554 */
    assert_false(ep.from_instance);
    uhp_value host = uhp_view_get(&v, "components.izp.server.host");
    assert_string_equal(host.str, "dvipa.example.com"); /* the base list's first domain */
    /* a template written inside the overlay is evaluated on the base too */
    uhp_value zss = uhp_view_get(&v, "components.zss.port");
    assert_string_equal(zss.str, "dvipa.example.com");
    assert_true(zss.from_instance);
    assert_string_equal(uhp_view_get(&v, "zowe.externalDomains[0]").str, "other.example.com");
    fx_free(&fx);
}

/* How the scalar's style and the text around a template decide its result, as in Zowe's
 * YAML-to-JSON conversion and JavaScript's '+'. */
static void test_template_styles_and_types(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "top.yaml",
             "a:\n"
             "  port: 7554\n"
             "  on: true\n"
             "  name: gw\n"
             "  whole: ${{ a.port }}\n"
             "  dq: \"${{ a.port }}\"\n"
             "  spaced: \"${{ a.port }} \"\n"
             "  lead: \" ${{ a.port }}\"\n"
             "  text: \"https://${{ a.name }}:${{ a.port }}\"\n"
             "  sum: \"${{ a.port }}${{ a.port }}\"\n"
             "  sumtext: \"${{ a.port }}${{ a.port }}x\"\n"
             "  bool: ${{ a.on }}\n"
             "  booltext: \"${{ a.on }}!\"\n"
             "  single: '${{ a.port }}'\n"
             "  literal: |\n"
             "    ${{ a.port }}\n"
             "  folded: >\n"
             "    ${{ a.port }}\n"
             "  expr: ${{ a.port + 1 }}\n"
             "  missing: ${{ a.nope }}\n");
    fx_layer(&fx, "low.yaml", "a:\n  single: lower\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value r = uhp_view_get(&v, "a.whole");
    assert_int_equal(r.kind, UHP_VAL_INT);
    assert_int_equal(r.i, 7554);
    r = uhp_view_get(&v, "a.dq");
    assert_int_equal(r.kind, UHP_VAL_INT); /* double-quoted is a template too */
    r = uhp_view_get(&v, "a.spaced");
    assert_int_equal(r.kind, UHP_VAL_STRING);
    assert_string_equal(r.str, "7554 ");
    assert_string_equal(uhp_view_get(&v, "a.lead").str, " 7554");
    assert_string_equal(uhp_view_get(&v, "a.text").str, "https://gw:7554");
    r = uhp_view_get(&v, "a.sum");
    assert_int_equal(r.kind, UHP_VAL_INT); /* number + number adds */
    assert_int_equal(r.i, 15108);
    assert_string_equal(uhp_view_get(&v, "a.sumtext").str, "15108x");
    r = uhp_view_get(&v, "a.bool");
    assert_int_equal(r.kind, UHP_VAL_BOOL);
    assert_true(r.b);
    assert_string_equal(uhp_view_get(&v, "a.booltext").str, "true!");
    /* single-quoted: dropped, so the lower layer's value applies */
    assert_string_equal(uhp_view_get(&v, "a.single").str, "lower");
    /* block scalars are text */
    assert_string_equal(uhp_view_get(&v, "a.literal").str, "${{ a.port }}\n");
    assert_int_equal(uhp_view_get(&v, "a.folded").kind, UHP_VAL_STRING);
    assert_int_equal(uhp_view_get(&v, "a.expr").kind, UHP_VAL_UNKNOWN);
    assert_int_equal(uhp_view_get(&v, "a.missing").kind, UHP_VAL_UNKNOWN);
    fx_free(&fx);
}

/* A template reading one that comes later in the merged document sees it unevaluated
 * (UNKNOWN, never the later value); one that comes earlier is already replaced. The merged
 * order puts the lowest layer's keys first. */
static void test_template_document_order(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "top.yaml",
             "first:\n"
             "  early: ${{ second.value }}\n"
             "second:\n"
             "  value: ${{ third.base }}\n"
             "  late: ${{ first.early }}\n"
             "third:\n"
             "  base: 42\n"
             "fourth:\n"
             "  x: ${{ zfirst.y }}\n"
             "zfirst:\n"
             "  y: ${{ third.base }}\n");
    fx_layer(&fx, "low.yaml", "zfirst:\n  y: 0\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    /* first.early reads second.value, a template further down: unevaluated then */
    assert_int_equal(uhp_view_get(&v, "first.early").kind, UHP_VAL_UNKNOWN);
    assert_int_equal(uhp_view_get(&v, "second.value").i, 42);
    assert_int_equal(uhp_view_get(&v, "second.late").kind, UHP_VAL_UNKNOWN);
    /* zfirst comes first in the merged document (the lower layer has it), so fourth.x
     * reads its evaluated value */
    uhp_value x = uhp_view_get(&v, "fourth.x");
    assert_int_equal(x.kind, UHP_VAL_INT);
    assert_int_equal(x.i, 42);
    fx_free(&fx);
}

/* Explicit tags type a value as Zowe's conversion does; one it cannot type is dropped. */
static void test_explicit_tags(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "top.yaml",
             "a: !!int \"7554\"\n"
             "b: !!str 7554\n"
             "c: !!bool \"true\"\n"
             "d: !!null \"x\"\n"
             "e: !!float 1.5\n"
             "f: !!int abc\n"
             "g: [x, !!float 2.5, y]\n");
    fx_layer(&fx, "low.yaml", "e: low\nf: 9\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value a = uhp_view_get(&v, "a");
    assert_int_equal(a.kind, UHP_VAL_INT);
    assert_int_equal(a.i, 7554);
    /* libyaml's loader gives !!str the same tag as no tag, so Zowe types it by its text */
    assert_int_equal(uhp_view_get(&v, "b").kind, UHP_VAL_INT);
    uhp_value c = uhp_view_get(&v, "c");
    assert_int_equal(c.kind, UHP_VAL_BOOL);
    assert_true(c.b);
    assert_int_equal(uhp_view_get(&v, "d").kind, UHP_VAL_NULL);
    assert_string_equal(uhp_view_get(&v, "e").str, "low");
    assert_int_equal(uhp_view_get(&v, "f").i, 9);
    uhp_value g = uhp_view_get(&v, "g");
    assert_int_equal(uhp_value_seq_len(&g), 2);
    assert_string_equal(uhp_view_get(&v, "g[1]").str, "y");
    fx_free(&fx);
}

/* A template that reads a secret carries the taint, and its strings are listed to mask. */
static void test_template_secret_taint(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "top.yaml",
             "zowe:\n"
             "  certificate: {keystore: {password: hunter2}}\n"
             "  externalPort: \"${{ zowe.certificate.keystore.password }}\"\n"
             "  url: \"x-${{ zowe.certificate.keystore.password }}\"\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value p = uhp_view_get(&v, "zowe.externalPort");
    assert_true(p.secret);
    uhp_value u = uhp_view_get(&v, "zowe.url");
    assert_true(u.secret);
    const char *const *secrets;
    size_t n = uhp_config_secrets(&fx.cfg, &secrets);
    assert_int_equal(n, 2);
    assert_string_equal(secrets[0], "hunter2");
    assert_string_equal(secrets[1], "x-hunter2");
    fx_free(&fx);
}

/* Templates that interpolate each other stop at the budget, with the template named. */
static void test_template_budget(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx.cfg.template_budget = 0;
    char yaml[4096];
    size_t len = (size_t)snprintf(yaml, sizeof yaml, "z:\n  l0: abcdefghij\n");
    for (int i = 1; i <= 13; i++)
        len += (size_t)snprintf(yaml + len, sizeof yaml - len,
                                "  l%d: \"${{ z.l%d }}${{ z.l%d }}${{ z.l%d }}${{ z.l%d }}\"\n", i,
                                i - 1, i - 1, i - 1, i - 1);
    fx_layer(&fx, "bomb.yaml", yaml);
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    assert_int_equal(uhp_view_get(&v, "z.l13").kind, UHP_VAL_UNKNOWN);
    const uhp_node *over = uhp_config_template_overflow(&fx.cfg);
    assert_non_null(over);
    assert_true(over->start.line >= 10 && over->start.line <= 15);
    /* bounded: the arena holds about the budget, not 4^13 copies */
    assert_true(fx.arena.used_total < 64u * 1024u * 1024u);
    assert_string_equal(uhp_view_get(&v, "z.l2").str, "abcdefghijabcdefghijabcdefghijabcdefghij"
                                                      "abcdefghijabcdefghijabcdefghijabcdefghij"
                                                      "abcdefghijabcdefghijabcdefghijabcdefghij"
                                                      "abcdefghijabcdefghijabcdefghijabcdefghij");
    fx_free(&fx);
}

static bool collect_key(void *ctx, const char *key)
{
    char *buf = ctx;
    strcat(buf, key);
    strcat(buf, ",");
    return true;
}

static void test_map_keys_in_zowe_order(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "a", "components:\n  zss: {}\n  izp: {}\n");
    fx_layer(&fx, "b", "components:\n  gateway: {}\n  zss: {}\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value c = uhp_view_get(&v, "components");
    char keys[128] = "";
    uhp_value_map_keys(&v, &c, collect_key, keys);
    assert_string_equal(keys, "gateway,zss,izp,");
    fx_free(&fx);
}

static void test_ports_and_helpers(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "p", "a: \"7554\"\nb: 7554\nc: '+10'\nd: 99999\ne: True\n");
    uhp_view v = {&fx.cfg, NULL, &fx.arena};
    uhp_value a = uhp_view_get(&v, "a");
    assert_int_equal(a.kind, UHP_VAL_STRING);
    assert_true(a.quoted);
    assert_int_equal(uhp_value_port(&a), 7554);
    uhp_value b = uhp_view_get(&v, "b");
    assert_int_equal(uhp_value_port(&b), 7554);
    uhp_value c = uhp_view_get(&v, "c");
    assert_int_equal(uhp_value_port(&c), -1);
    uhp_value d = uhp_view_get(&v, "d");
    assert_int_equal(uhp_value_port(&d), -1);
    uhp_value e = uhp_view_get(&v, "e");
    assert_true(uhp_value_is_true(&e));
    assert_int_equal(uhp_view_get(&v, "a..b[").kind, UHP_VAL_ABSENT);
    fx_free(&fx);
}

/* Asserts that two looked-up values say the same thing. */
static void assert_same_value(const uhp_value *a, const uhp_value *b, const char *path)
{
    if (a->kind != b->kind || a->node != b->node || a->anchor != b->anchor || a->via != b->via ||
        a->i != b->i || a->b != b->b || a->quoted != b->quoted || a->n_parts != b->n_parts ||
        a->from_instance != b->from_instance || (a->str == NULL) != (b->str == NULL) ||
        (a->str && strcmp(a->str, b->str) != 0))
        fail_msg("memoised lookup of '%s' differs", path);
    for (uint32_t i = 0; i < a->n_parts; i++)
        if (a->parts[i] != b->parts[i] || a->part_inst[i] != b->part_inst[i])
            fail_msg("memoised lookup of '%s' differs in part %u", path, (unsigned)i);
}

/* The memo gives what a direct lookup gives, for every instance and every kind of path
 * (prefixes first or not, indexes, quoted keys, templates, absent and bad paths), and its
 * values outlive the caller's scratch arena. */
static void test_memo_agrees_with_direct_lookup(void **state)
{
    (void)state;
    fixture fx;
    fx_init(&fx);
    fx_layer(&fx, "zowe.yaml",
             "zowe:\n"
             "  externalDomains: [dvipa.example.com]\n"
             "  externalPort: ${{ components.gateway.port }}\n"
             "  url: \"https://${{ zowe.externalDomains[0] }}:${{ zowe.externalPort }}\"\n"
             "components:\n"
             "  gateway: {enabled: true, port: 7554}\n"
             "  app-server: {port: 7556}\n"
             "  zss: ${{ components['app-server'] }}\n"
             "haInstances:\n"
             "  lpar1:\n"
             "    hostname: h1\n"
             "    zowe: {externalDomains: [a.example.com, b.example.com]}\n"
             "    components: {gateway: {port: 7600}}\n"
             "  lpar2: {hostname: h2}\n");
    fx_layer(&fx, "defaults.yaml",
             "zowe: {externalDomains: [low.example.com], logDirectory: /logs}\n"
             "components: {gateway: {enabled: false, server: {internal: {port: 7080}}}}\n");
    assert_true(uhp_config_collect_instances(&fx.cfg));
    static const char *const paths[] = {
        "zowe.externalPort",
        "zowe",
        "zowe.externalDomains[1]",
        "zowe.externalDomains",
        "zowe.externalDomains[0]",
        "zowe.externalDomains[7]",
        "zowe.url",
        "zowe.logDirectory",
        "components.zss.port",
        "components['app-server'].port",
        "components.gateway.server.internal.port",
        "components.gateway.port.deeper",
        "components.nope.port",
        "components.gateway.",
        " components . gateway",
        "hostname",
        "haInstances.lpar2.hostname",
        "",
        "components..gateway",
        "zowe.externalDomains[x]",
        "bad key!",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff.gg.hh",
        /* 32 segments (the memo's limit) and 33 */
        "zowe.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff",
        "zowe.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff.gg",
        "components[\"gateway\"].port",
        "zowe.externalDomains[ 0 ]",
        "components.gateway  ",
        "components.gateway.port ",
        "components.gate$way*.x-y_z",
        "components.gateway.port.",
        "components.g\xc3\xa9",
        "components['gateway'",
        /* keys longer than a segment holds (255 bytes): split, or a bad path when quoted */
        "components.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
        "components['kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk']",
    };
    const size_t n_paths = sizeof paths / sizeof paths[0];
    const uhp_instance *insts[] = {NULL, fx_inst(&fx, "lpar1"), fx_inst(&fx, "lpar2")};
    uhp_value direct[3][sizeof paths / sizeof paths[0]];
    for (size_t k = 0; k < 3; k++) {
        uhp_view v = {&fx.cfg, insts[k], &fx.arena};
        for (size_t i = 0; i < n_paths; i++)
            direct[k][i] = uhp_view_get(&v, paths[i]);
    }
    assert_true(uhp_config_memo_init(&fx.cfg));
    uhp_arena scratch;
    uhp_arena_init(&scratch);
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < 3; k++) {
            for (size_t i = 0; i < n_paths; i++) {
                uhp_view v = {&fx.cfg, insts[k], &scratch};
                uhp_value got = uhp_view_get(&v, paths[i]);
                uhp_arena_reset(&scratch); /* memo values must not live here */
                assert_same_value(&direct[k][i], &got, paths[i]);
            }
        }
    }
    /* the instance overlay still decides what it sets, but a base template was evaluated
     * on the base before the overlay: lpar1's externalPort stays the base gateway port */
    uhp_view v1 = {&fx.cfg, insts[1], &scratch};
    assert_int_equal(uhp_view_get(&v1, "components.gateway.port").i, 7600);
    assert_int_equal(uhp_view_get(&v1, "zowe.externalPort").i, 7554);
    assert_string_equal(uhp_view_get(&v1, "zowe.externalDomains[1]").str, "b.example.com");
    uhp_arena_destroy(&scratch);
    fx_free(&fx);
}

/* The path syntax, with and without the memo: the characters a plain key may hold, quoted
 * keys, spaces, and bad paths (absent without an anchor, unlike a missing key). */
static void test_path_syntax(void **state)
{
    (void)state;
    for (int memo = 0; memo < 2; memo++) {
        fixture fx;
        fx_init(&fx);
        fx_layer(&fx, "p",
                 "components:\n"
                 "  gate$way*: {x-y_z: 1, Z9: 2}\n"
                 "  gateway: {port: 7554}\n"
                 "  'a.b': {port: 3}\n"
                 "list: [x, y]\n");
        if (memo)
            assert_true(uhp_config_memo_init(&fx.cfg));
        uhp_view v = {&fx.cfg, NULL, &fx.arena};
        for (int round = 0; round < 2; round++) { /* the second round is answered by the memo */
            assert_int_equal(uhp_view_get(&v, "components.gate$way*.x-y_z").i, 1);
            assert_int_equal(uhp_view_get(&v, "components.gate$way*.Z9").i, 2);
            assert_int_equal(uhp_view_get(&v, "components[\"gateway\"].port").i, 7554);
            assert_int_equal(uhp_view_get(&v, "  components.gateway.port").i, 7554);
            assert_int_equal(uhp_view_get(&v, "components['a.b'].port").i, 3);
            assert_string_equal(uhp_view_get(&v, "list[ 1 ]").str, "y");
            uhp_value missing = uhp_view_get(&v, "components.gatewa");
            assert_int_equal(missing.kind, UHP_VAL_ABSENT);
            assert_non_null(missing.anchor);
            static const char *const bad[] = {
                "components.g\xc3\xa9", "components.gate way", "components.gateway.port!",
                "components['gateway'", "components[gateway]", "components..gateway",
                "components.gateway ",
            };
            for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                uhp_value b = uhp_view_get(&v, bad[i]);
                if (b.kind != UHP_VAL_ABSENT || b.anchor != NULL)
                    fail_msg("'%s' is not a bad path", bad[i]);
            }
        }
        fx_free(&fx);
    }
}

/* The text test behind the prepare thread and UHA304's tainted components: "${{" or any
 * backslash (an escape can spell the '$') may hold a template; nothing else does. */
static void test_text_may_hold_template(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool may;
    } cases[] = {
        {"a: ${{ zowe.x }}\n", true},
        {"a: \"\\x24{{ zowe.x }}\"\n", true},
        {"a: \"\\\\\"\n", true},
        {"a: $ {{ x }}\n", false},
        {"a: ${ x }\n", false},
        {"a: b\nc: $", false},
        {"a: ${", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(uhp_text_may_hold_template(cases[i].text, strlen(cases[i].text)),
                         cases[i].may);
    /* the length bounds the search: a "${{" past it does not count */
    assert_false(uhp_text_may_hold_template("ab${{", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_left_most_wins_and_objects_merge),
        cmocka_unit_test(test_arrays_concatenate_lower_layer_first),
        cmocka_unit_test(test_null_in_higher_layer_replaces),
        cmocka_unit_test(test_scalar_over_map_and_map_over_scalar),
        cmocka_unit_test(test_instance_overlay_replaces_arrays_and_drops_hostname),
        cmocka_unit_test(test_instances_merge_across_layers),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_templates_before_overlay),
        cmocka_unit_test(test_template_styles_and_types),
        cmocka_unit_test(test_template_document_order),
        cmocka_unit_test(test_explicit_tags),
        cmocka_unit_test(test_template_secret_taint),
        cmocka_unit_test(test_template_budget),
        cmocka_unit_test(test_map_keys_in_zowe_order),
        cmocka_unit_test(test_ports_and_helpers),
        cmocka_unit_test(test_memo_agrees_with_direct_lookup),
        cmocka_unit_test(test_path_syntax),
        cmocka_unit_test(test_text_may_hold_template),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
