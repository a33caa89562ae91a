/* `show`: the effective configuration of every instance, as the rules read it, written as
 * JSON or YAML, optionally with where each value came from. The walk keeps its own stack
 * (no recursion over the configuration's depth). */
#include "uhp/show.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uhp/alloc.h"
#include "uhp/finding.h"
#include "uhp/report.h"

/* Deepest level written; deeper (a template that copies one of its own ancestors) is
 * written as could-not-evaluate. */
#define SHOW_MAX_DEPTH 300

typedef struct show_keys {
    const char **key;
    size_t n, cap;
    bool oom;
} show_keys;

static bool show_add_key(void *ctx, const char *key)
{
    show_keys *k = ctx;
    if (k->n == k->cap) {
        const char **grown = uhp_grow(k->key, &k->cap, k->n + 1, sizeof *grown, 16);
        if (!grown) {
            k->oom = true;
            return false;
        }
        k->key = grown;
    }
    k->key[k->n++] = key;
    return true;
}

typedef struct show_frame {
    uhp_value val;
    show_keys keys; /* maps: merged keys in Zowe's order */
    size_t next;    /* next key or item */
    size_t len;     /* maps: keys; sequences: items */
    bool secret;    /* under a secret key: every scalar inside is masked */
} show_frame;

typedef struct show_writer {
    const uhp_config *cfg;
    FILE *out;
    const uhp_show_opts *o;
    const uhp_view *view;
    show_frame *stack;
    size_t depth, cap;
    bool oom;
} show_writer;

/* Where VAL came from, as one line: "file:line:col (layer)", "built-in default", with the
 * template and instance override named. Written after a value in the YAML form and as the
 * "origin" member in JSON. */
static void show_origin(show_writer *w, const uhp_value *val, bool json)
{
    const uhp_node *n = val->node;
    const uhp_source *src = uhp_node_source(n);
    char buf[1024];
    size_t len = 0;
    if (src && !src->builtin)
        len +=
            (size_t)snprintf(buf, sizeof buf, "%s:%u:%u (%s)", src->name, (unsigned)n->start.line,
                             (unsigned)n->start.col, src->origin ? src->origin : "FILE");
    else
        len += (size_t)snprintf(buf, sizeof buf, "built-in default");
    if (val->from_instance && len < sizeof buf)
        len += (size_t)snprintf(buf + len, sizeof buf - len, " (haInstances override)");
    const uhp_source *via_src = uhp_node_source(val->via);
    if (val->via && val->via != n && via_src && len < sizeof buf)
        len += (size_t)snprintf(buf + len, sizeof buf - len, " via template at %s:%u:%u",
                                via_src->name, (unsigned)val->via->start.line,
                                (unsigned)val->via->start.col);
    if (json)
        uhp_json_string(w->out, buf);
    else
        fprintf(w->out, "  # %s", buf);
}

/* True when TEXT is a string that templates or aliases carried out of a secret key. */
static bool show_is_carried_secret(const show_writer *w, const char *text)
{
    const char *const *list;
    size_t n = uhp_config_secrets(w->cfg, &list);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], text))
            return true;
    for (size_t l = 0; l < w->cfg->n_layers; l++) {
        const uhp_doc *d = w->cfg->layers[l];
        for (size_t i = 0; i < d->n_secrets; i++)
            if (!strcmp(d->secrets[i], text))
                return true;
    }
    return false;
}

/* Writes scalar VAL (SECRET: masked) as JSON. */
static void show_json_scalar(show_writer *w, const uhp_value *val, bool secret)
{
    FILE *out = w->out;
    if (val->kind == UHP_VAL_STRING && val->str && show_is_carried_secret(w, val->str))
        secret = true;
    if (secret && val->kind != UHP_VAL_NULL && val->kind != UHP_VAL_ABSENT) {
        uhp_json_string(out, "********");
        return;
    }
    switch (val->kind) {
    case UHP_VAL_STRING:
        uhp_json_string(out, val->str ? val->str : "");
        break;
    case UHP_VAL_INT:
        fprintf(out, "%lld", (long long)val->i);
        break;
    case UHP_VAL_BOOL:
        fputs(val->b ? "true" : "false", out);
        break;
    case UHP_VAL_UNKNOWN:
        fputs("{\"$unknown\": ", out);
        uhp_json_string(out, val->str ? val->str : "");
        fputc('}', out);
        break;
    default:
        fputs("null", out);
        break;
    }
}

static bool show_push(show_writer *w, const uhp_value *val, bool secret)
{
    if (w->depth == w->cap) {
        show_frame *grown = uhp_grow(w->stack, &w->cap, w->depth + 1, sizeof *grown, 16);
        if (!grown) {
            w->oom = true;
            return false;
        }
        w->stack = grown;
    }
    show_frame *f = &w->stack[w->depth++];
    memset(f, 0, sizeof *f);
    f->val = *val;
    f->secret = secret;
    if (val->kind == UHP_VAL_MAP) {
        uhp_value_map_keys(w->view, val, show_add_key, &f->keys);
        if (f->keys.oom)
            w->oom = true;
        f->len = f->keys.n;
    } else {
        f->len = uhp_value_seq_len(val);
    }
    return !w->oom;
}

static void show_indent(FILE *out, size_t depth)
{
    for (size_t i = 0; i < depth; i++)
        fputs("  ", out);
}

/* Writes ROOT as JSON nested at indentation level BASE; with ORIGINS, the same shape with
 * each scalar replaced by where it came from (the "origin" member). */
static void show_json_walk(show_writer *w, const uhp_value *root, bool secret, size_t base,
                           bool origins)
{
    FILE *out = w->out;
    if (root->kind != UHP_VAL_MAP && root->kind != UHP_VAL_SEQ) {
        if (origins)
            show_origin(w, root, true);
        else
            show_json_scalar(w, root, secret);
        return;
    }
    size_t floor = w->depth;
    if (!show_push(w, root, secret))
        return;
    fputc(root->kind == UHP_VAL_MAP ? '{' : '[', out);
    while (w->depth > floor && !w->oom) {
        show_frame *f = &w->stack[w->depth - 1];
        bool is_map = f->val.kind == UHP_VAL_MAP;
        if (f->next == f->len) {
            if (f->len) {
                fputc('\n', out);
                show_indent(out, base + w->depth - floor - 1);
            }
            fputc(is_map ? '}' : ']', out);
            uhp_free(f->keys.key);
            w->depth--;
            continue;
        }
        size_t i = f->next++;
        fputs(i ? ",\n" : "\n", out);
        show_indent(out, base + w->depth - floor);
        uhp_value child;
        bool csecret = f->secret;
        if (is_map) {
            uhp_json_string(out, f->keys.key[i]);
            fputs(": ", out);
            child = uhp_value_child(w->view, &f->val, f->keys.key[i]);
            csecret = csecret || uhp_key_is_secret(f->keys.key[i]);
        } else {
            child = uhp_value_seq_item(w->view, &f->val, i);
        }
        csecret = csecret || child.secret;
        bool container = child.kind == UHP_VAL_MAP || child.kind == UHP_VAL_SEQ;
        if (container && w->depth - floor < SHOW_MAX_DEPTH) {
            fputc(child.kind == UHP_VAL_MAP ? '{' : '[', out);
            show_push(w, &child, csecret);
        } else if (origins) {
            show_origin(w, &child, true);
        } else {
            if (container)
                child.kind = UHP_VAL_UNKNOWN;
            show_json_scalar(w, &child, csecret);
        }
    }
}

/* True when KEY can be written as a plain YAML key that every YAML 1.1 and 1.2 reader
 * reads back as the same string. */
static bool show_yaml_plain_key(const char *key)
{
    static const char *const words[] = {"y",   "n",    "yes",   "no",   "on",
                                        "off", "true", "false", "null", "~"};
    if (!((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z') || key[0] == '_'))
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            return false;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(key, words[i]))
            return false;
    return true;
}

static void show_yaml_key(FILE *out, const char *key)
{
    if (show_yaml_plain_key(key))
        fputs(key, out);
    else
        uhp_json_string(out, key); /* a JSON string is a YAML double-quoted scalar */
}

/* Writes scalar VAL as YAML (JSON syntax for strings and the unknown marker, which YAML
 * reads the same), then its origin as a comment unless the options leave it out. */
static void show_yaml_scalar(show_writer *w, const uhp_value *val, bool secret)
{
    show_json_scalar(w, val, secret);
    if (w->o->origin)
        show_origin(w, val, false);
    fputc('\n', w->out);
}

/* Writes container ROOT as block YAML at indentation level BASE (two spaces a level). */
static void show_yaml_value(show_writer *w, const uhp_value *root, bool secret, size_t base)
{
    FILE *out = w->out;
    size_t floor = w->depth;
    if (!show_push(w, root, secret))
        return;
    while (w->depth > floor && !w->oom) {
        show_frame *f = &w->stack[w->depth - 1];
        if (f->next == f->len) {
            uhp_free(f->keys.key);
            w->depth--;
            continue;
        }
        size_t level = base + w->depth - floor - 1;
        size_t i = f->next++;
        uhp_value child;
        bool csecret = f->secret;
        show_indent(out, level);
        if (f->val.kind == UHP_VAL_MAP) {
            show_yaml_key(out, f->keys.key[i]);
            fputc(':', out);
            child = uhp_value_child(w->view, &f->val, f->keys.key[i]);
            csecret = csecret || uhp_key_is_secret(f->keys.key[i]);
        } else {
            fputc('-', out);
            child = uhp_value_seq_item(w->view, &f->val, i);
        }
        csecret = csecret || child.secret;
        bool container = child.kind == UHP_VAL_MAP || child.kind == UHP_VAL_SEQ;
        if (container && w->depth - floor >= SHOW_MAX_DEPTH) {
            child.kind = UHP_VAL_UNKNOWN;
            container = false;
        }
        if (container) {
            size_t len = child.kind == UHP_VAL_MAP ? 1 : uhp_value_seq_len(&child);
            if (child.kind == UHP_VAL_MAP) {
                show_keys probe = {NULL, 0, 0, false};
                uhp_value_map_keys(w->view, &child, show_add_key, &probe);
                len = probe.n;
                uhp_free(probe.key);
            }
            if (len == 0) {
                fputs(child.kind == UHP_VAL_MAP ? " {}\n" : " []\n", out);
                continue;
            }
            fputc('\n', out);
            show_push(w, &child, csecret);
            continue;
        }
        fputc(' ', out);
        show_yaml_scalar(w, &child, csecret);
    }
}

/* The YAML form of uhp_show_write: the same data, origins as comments after each value. */
static void show_yaml(show_writer *w, const uhp_config *cfg, const uhp_show_opts *o)
{
    FILE *out = w->out;
    size_t n = cfg->n_instances && !o->base ? cfg->n_instances : 1;
    fputs("# ums-ha-preflight show: the effective configuration of each instance\n", out);
    fputs("instances:\n", out);
    for (size_t i = 0; i < n && !w->oom; i++) {
        const uhp_instance *inst = cfg->n_instances && !o->base ? &cfg->instances[i] : NULL;
        uhp_arena scratch;
        uhp_arena_init(&scratch);
        uhp_view view = {cfg, inst, &scratch};
        w->view = &view;
        fputs("  - id: ", out);
        if (inst)
            uhp_json_string(out, inst->id);
        else
            fputs("null", out);
        fputc('\n', out);
        if (o->path) {
            fputs("    path: ", out);
            uhp_json_string(out, o->path);
            fputc('\n', out);
        }
        uhp_value root = uhp_view_get(&view, o->path ? o->path : "");
        bool secret = false;
        if (o->path) {
            const char *last = strrchr(o->path, '.');
            secret = uhp_key_is_secret(last ? last + 1 : o->path);
        }
        fputs(o->path ? "    value:" : "    config:", out);
        if (root.kind == UHP_VAL_ABSENT) {
            fputs(" null", out);
            if (o->origin)
                fputs("  # not set in any layer", out);
            fputc('\n', out);
        } else if (root.kind == UHP_VAL_MAP || root.kind == UHP_VAL_SEQ) {
            fputc('\n', out);
            show_yaml_value(w, &root, secret || root.secret, 3);
        } else {
            fputc(' ', out);
            show_yaml_scalar(w, &root, secret || root.secret);
        }
        uhp_arena_destroy(&scratch);
    }
}

int uhp_show_write(FILE *out, const uhp_config *cfg, const uhp_show_opts *o)
{
    show_writer w;
    memset(&w, 0, sizeof w);
    w.cfg = cfg;
    w.out = out;
    w.o = o;
    if (o->yaml) {
        show_yaml(&w, cfg, o);
        uhp_free(w.stack);
        return w.oom ? -1 : 0;
    }
    size_t n = cfg->n_instances && !o->base ? cfg->n_instances : 1;
    fputs("{\n  \"instances\": [", out);
    for (size_t i = 0; i < n && !w.oom; i++) {
        const uhp_instance *inst = cfg->n_instances && !o->base ? &cfg->instances[i] : NULL;
        uhp_arena scratch;
        uhp_arena_init(&scratch);
        uhp_view view = {cfg, inst, &scratch};
        w.view = &view;
        fputs(i ? ",\n    {\n      \"id\": " : "\n    {\n      \"id\": ", out);
        if (inst)
            uhp_json_string(out, inst->id);
        else
            fputs("null", out);
        uhp_value root = uhp_view_get(&view, o->path ? o->path : "");
        bool secret = false;
        if (o->path) {
            fputs(",\n      \"path\": ", out);
            uhp_json_string(out, o->path);
            /* the last key of the path decides whether the value is a secret */
            const char *last = strrchr(o->path, '.');
            secret = uhp_key_is_secret(last ? last + 1 : o->path);
        }
        fputs(o->path ? ",\n      \"value\": " : ",\n      \"config\": ", out);
        if (o->path && root.kind == UHP_VAL_ABSENT)
            fputs("null", out);
        else
            show_json_walk(&w, &root, secret || root.secret, 3, false);
        if (o->origin) {
            fputs(",\n      \"origin\": ", out);
            if (o->path && root.kind == UHP_VAL_ABSENT)
                uhp_json_string(out, "not set in any layer");
            else
                show_json_walk(&w, &root, false, 3, true);
        }
        fputs("\n    }", out);
        uhp_arena_destroy(&scratch);
    }
    fputs("\n  ]\n}\n", out);
    uhp_free(w.stack);
    return w.oom ? -1 : 0;
}
