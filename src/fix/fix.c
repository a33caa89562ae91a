/* Mechanical fixes as byte edits of the file that decided a value (see uhp/fix.h). An edit
 * changes only the bytes of the value, or the whole lines it must (a list item added or
 * removed), so comments, indentation, quotes and line endings stay as they are. */
#include "uhp/fix.h"

#include <stdio.h>
#include <string.h>

#include "uhp/rule.h"

#define FIX_CONTEXT 3 /* lines of context on each side, as diff -u */

void uhp_fixb_begin(uhp_fixb *b, uhp_rule_ctx *ctx, const char *description)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
    b->finding = ctx->run->n_findings;
    b->description = description;
}

bool uhp_fixb_refuse(uhp_fixb *b, const char *why)
{
    if (!b->refused)
        b->refused = why;
    return false;
}

/* Memory ran out: the run says so (exit 3), and the fix is refused. Returns false. */
static bool fix_oom(uhp_fixb *b)
{
    b->ctx->run->out_of_memory = true;
    return uhp_fixb_refuse(b, "memory ran out");
}

/* Returns false (refusing) when the file of NODE cannot take a patch: no file, the
 * built-in or Zowe's defaults, standard input, or a file converted from EBCDIC. */
static bool fix_file_ok(uhp_fixb *b, const uhp_node *node)
{
    const uhp_source *src = node ? uhp_node_source(node) : NULL;
    if (!src || !src->data || !src->name)
        return uhp_fixb_refuse(b, "the value is in no file");
    if (src->builtin || (src->origin && strcmp(src->origin, "defaults") == 0))
        return uhp_fixb_refuse(b, "the value comes from Zowe's defaults, which are not "
                                  "patched: add the key to zowe.yaml by hand");
    if (src->name[0] == '<' || strcmp(src->name, "-") == 0)
        return uhp_fixb_refuse(b, "the file was read from standard input");
    if (src->converted)
        return uhp_fixb_refuse(b, "the file is EBCDIC (converted to read it); a patch in UTF-8 "
                                  "would not apply to it: edit it on z/OS");
    return true;
}

/* The byte offset in SRC of position P (1-based line, column in characters), or
 * (size_t)-1 when the position is not in the file, (size_t)-2 when memory ran out (the
 * line index could not be built). */
static size_t fix_offset(const uhp_source *src, uhp_pos p)
{
    size_t len;
    const char *line = uhp_source_line((uhp_source *)src, p.line, &len);
    if (!line)
        return src->line_starts ? (size_t)-1 : (size_t)-2;
    size_t i = 0;
    if (p.line == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
        i = 3; /* libyaml counts columns after a BOM */
    for (uint32_t c = 1; c < p.col; c++) {
        if (i >= len)
            return (size_t)-1;
        i++;
        while (i < len && ((unsigned char)line[i] & 0xC0) == 0x80)
            i++;
    }
    return (size_t)(line - src->data) + i;
}

/* The offset of the start of the line holding OFF. */
static size_t fix_line_start(const uhp_source *src, size_t off)
{
    while (off > 0 && src->data[off - 1] != '\n')
        off--;
    return off;
}

/* The offset just past the newline that ends the line holding OFF (or the file's end). */
static size_t fix_next_line(const uhp_source *src, size_t off)
{
    while (off < src->len && src->data[off] != '\n')
        off++;
    return off < src->len ? off + 1 : off;
}

/* The 1-based line and character column of byte OFF: a binary search of the source's line
 * index, so a big file with many fixable findings is not scanned once per edit. */
static void fix_pos(const uhp_source *src, size_t off, uint32_t *line, uint32_t *col)
{
    size_t len;
    uint32_t l = 1;
    if (uhp_source_line((uhp_source *)src, 1, &len) && src->line_starts) {
        size_t lo = 0, hi = src->n_lines; /* the last line start <= OFF */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (src->line_starts[mid] <= off)
                lo = mid;
            else
                hi = mid;
        }
        l = (uint32_t)lo + 1;
    } else {
        for (size_t i = 0; i < off; i++)
            if (src->data[i] == '\n')
                l++;
    }
    size_t s = fix_line_start(src, off);
    if (s == 0 && off >= 3 && !memcmp(src->data, "\xEF\xBB\xBF", 3))
        s = 3;
    uint32_t c = 1;
    for (size_t i = s; i < off; i++)
        if (((unsigned char)src->data[i] & 0xC0) != 0x80)
            c++;
    *line = l;
    *col = c;
}

/* Indentation (blanks) of the line starting at OFF, and whether it is blank or a comment. */
static size_t fix_indent(const uhp_source *src, size_t off, bool *blank)
{
    size_t i = off;
    while (i < src->len && (src->data[i] == ' ' || src->data[i] == '\t'))
        i++;
    *blank = i >= src->len || src->data[i] == '\n' || src->data[i] == '\r' || src->data[i] == '#';
    return i - off;
}

/* True when the line starting at OFF holds a secret or continues one. */
static bool fix_secret_line(const uhp_source *src, size_t off)
{
    uint32_t line, col;
    fix_pos(src, off, &line, &col);
    return uhp_source_line_secret((uhp_source *)src, line);
}

/* Adds the edit [START, END) -> TEXT of SRC, with its window of context lines. Refuses
 * when a changed line holds a secret or memory runs out. */
static bool fix_add(uhp_fixb *b, const uhp_source *src, size_t start, size_t end, const char *text)
{
    if (b->n_edits == UHP_FIX_MAX_EDITS)
        return uhp_fixb_refuse(b, "the fix needs too many edits");
    size_t first = fix_line_start(src, start);
    size_t last = fix_line_start(src, end > start ? end - 1 : start);
    size_t stop = fix_next_line(src, last);
    for (size_t o = first; o < stop; o = fix_next_line(src, o)) {
        if (fix_secret_line(src, o))
            return uhp_fixb_refuse(b, "the line holds a secret, which a patch never shows");
        if (fix_next_line(src, o) == o)
            break;
    }
    /* Context above: stop at a line that holds or continues a secret. */
    size_t ws = first;
    for (int k = 0; k < FIX_CONTEXT && ws > 0; k++) {
        size_t prev = fix_line_start(src, ws - 1);
        if (fix_secret_line(src, prev))
            break;
        ws = prev;
    }
    size_t we = stop;
    for (int k = 0; k < FIX_CONTEXT && we < src->len; k++) {
        if (fix_secret_line(src, we))
            break;
        we = fix_next_line(src, we);
    }
    /* git apply reads a hunk without trailing context as one at the end of the file */
    if (we == stop && we < src->len)
        return uhp_fixb_refuse(b, "the next line holds a secret, which a patch's context "
                                  "would show");
    uhp_arena *a = &b->ctx->run->arena;
    uhp_edit *e = &b->edits[b->n_edits];
    memset(e, 0, sizeof *e);
    e->file = uhp_arena_strndup(a, src->name, strlen(src->name));
    e->start = start;
    e->end = end;
    e->text = uhp_arena_strndup(a, text, strlen(text));
    e->win_start = ws;
    e->win_len = we - ws;
    e->win = uhp_arena_strndup(a, src->data + ws, we - ws);
    e->win_eof = we >= src->len;
    if (!e->file || !e->text || !e->win)
        return fix_oom(b);
    uint32_t c;
    fix_pos(src, ws, &e->win_line, &c);
    fix_pos(src, start, &e->line, &e->col);
    fix_pos(src, end, &e->end_line, &e->end_col);
    b->n_edits++;
    return true;
}

/* True when position A comes before position B. */
static bool fix_pos_before(uhp_pos a, uhp_pos b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* The bytes of scalar NODE in its file: *START, *END. Refuses what is not a plain or
 * quoted scalar written where the node says (block scalars, anchors, tags, aliases). */
static bool fix_scalar_span(uhp_fixb *b, const uhp_node *node, size_t *start, size_t *end)
{
    if (!node || node->kind != UHP_NODE_SCALAR)
        return uhp_fixb_refuse(b, "the value is not a scalar");
    if (!fix_file_ok(b, node))
        return false;
    if (node->has_template)
        return uhp_fixb_refuse(b, "the value is a ${{ }} template, and a patch never writes "
                                  "through a template: change what it refers to by hand");
    if (node->style == UHP_STYLE_LITERAL || node->style == UHP_STYLE_FOLDED)
        return uhp_fixb_refuse(b, "the value is a block scalar (| or >)");
    /* An alias's copy stands where the alias is written, but the nodes inside it keep the
     * anchor's positions, outside their parent's span: the bytes there are the anchor's,
     * and every other alias of it would change too. */
    for (const uhp_node *n = node; n->parent; n = n->parent)
        if (n->parent->end.line && (fix_pos_before(n->start, n->parent->start) ||
                                    fix_pos_before(n->parent->end, n->start)))
            return uhp_fixb_refuse(b, "the value is reached through a YAML alias, and "
                                      "patching its anchor would change every alias of it");
    const uhp_source *src = uhp_node_source(node);
    size_t s = fix_offset(src, node->start);
    size_t e = fix_offset(src, node->end.line ? node->end : node->start);
    if (s == (size_t)-2 || e == (size_t)-2)
        return fix_oom(b);
    if (s == (size_t)-1 || e == (size_t)-1 || e < s || e > src->len)
        return uhp_fixb_refuse(b, "the value's bytes could not be found in the file");
    const char *p = src->data + s;
    size_t n = e - s;
    bool ok;
    if (node->style == UHP_STYLE_PLAIN)
        ok = (n == node->len && !memcmp(p, uhp_node_value(node), n)) ||
             (n > node->len && memchr(p, '\n', n) != NULL && p[0] == uhp_node_value(node)[0]);
    else
        ok = n >= 2 && p[0] == (node->style == UHP_STYLE_SINGLE ? '\'' : '"') && p[n - 1] == p[0];
    if (!ok)
        return uhp_fixb_refuse(b, "the value is written with an anchor, alias or tag");
    *start = s;
    *end = e;
    return true;
}

/* TEXT written as a YAML scalar in STYLE (plain, or the quotes of a quoted scalar), in
 * the ctx arena. */
static const char *fix_quoted(uhp_fixb *b, const char *text, uhp_scalar_style style)
{
    if (style == UHP_STYLE_SINGLE)
        return uhp_ctx_printf(b->ctx, "'%s'", text);
    if (style == UHP_STYLE_DOUBLE)
        return uhp_ctx_printf(b->ctx, "\"%s\"", text);
    return text;
}

bool uhp_fixb_node(uhp_fixb *b, const uhp_node *node, const char *text, bool quote)
{
    size_t s, e;
    if (!fix_scalar_span(b, node, &s, &e))
        return false;
    const uhp_source *src = uhp_node_source(node);
    if (s == e) {
        /* an empty value ("host:"): the new value goes after the colon */
        bool space = s > 0 && (src->data[s - 1] == ' ' || src->data[s - 1] == '\t');
        return fix_add(b, src, s, e, uhp_ctx_printf(b->ctx, "%s%s", space ? "" : " ", text));
    }
    const char *t = quote ? fix_quoted(b, text, (uhp_scalar_style)node->style) : text;
    if (!t)
        return fix_oom(b);
    return fix_add(b, src, s, e, t);
}

bool uhp_fixb_scalar(uhp_fixb *b, const uhp_value *val, const char *text, bool quote)
{
    if (val->via) {
        const uhp_node *t = val->via;
        const uhp_source *src = uhp_node_source(t);
        return uhp_fixb_refuse(
            b, uhp_ctx_printf(b->ctx,
                              "the value comes through the ${{ }} template at %s:%u, and a "
                              "patch never writes through a template",
                              src && src->name ? src->name : "?", (unsigned)t->start.line));
    }
    if (!val->node)
        return uhp_fixb_refuse(b, "the key is set in no file: add it by hand");
    return uhp_fixb_node(b, val->node, text, quote);
}

/* True when SEQ is a flow sequence ("[a, b]"). */
static bool fix_is_flow(const uhp_node *seq)
{
    const uhp_source *src = uhp_node_source(seq);
    size_t o = fix_offset(src, seq->start);
    return o < src->len && src->data[o] == '[';
}

/* For a block sequence item ITEM at [S, E): checks that its line holds only "- item" and
 * maybe a comment; *LS gets the line's start. */
static bool fix_block_item_line(uhp_fixb *b, const uhp_node *item, size_t s, size_t e, size_t *ls)
{
    const uhp_source *src = uhp_node_source(item);
    const char *d = src->data;
    size_t l = fix_line_start(src, s);
    size_t i = l;
    while (i < s && (d[i] == ' ' || d[i] == '\t'))
        i++;
    bool dash = i < s && d[i] == '-';
    for (i++; dash && i < s; i++)
        if (d[i] != ' ' && d[i] != '\t')
            dash = false;
    size_t j = e;
    while (j < src->len && (d[j] == ' ' || d[j] == '\t'))
        j++;
    bool tail = j >= src->len || d[j] == '\n' || d[j] == '\r' || d[j] == '#';
    if (!dash || !tail)
        return uhp_fixb_refuse(b, "the list item shares its line with other content");
    *ls = l;
    return true;
}

bool uhp_fixb_seq_prepend(uhp_fixb *b, const uhp_node *seq, const char *text)
{
    if (!seq || seq->kind != UHP_NODE_SEQ || !uhp_node_first(seq))
        return uhp_fixb_refuse(b, "the list is empty or not a list");
    const uhp_node *first = uhp_node_first(seq);
    const uhp_source *src = uhp_node_source(seq);
    size_t s, e;
    if (!fix_scalar_span(b, first, &s, &e))
        return false;
    const char *t = fix_quoted(b, text, (uhp_scalar_style)first->style);
    if (fix_is_flow(seq))
        return fix_add(b, src, s, s, uhp_ctx_printf(b->ctx, "%s, ", t));
    size_t ls;
    if (!fix_block_item_line(b, first, s, e, &ls))
        return false;
    size_t nl = fix_next_line(src, ls);
    bool crlf = nl >= 2 && src->data[nl - 1] == '\n' && src->data[nl - 2] == '\r';
    bool lf = nl >= 1 && src->data[nl - 1] == '\n';
    if (!lf)
        return fix_add(b, src, ls, ls,
                       uhp_ctx_printf(b->ctx, "%.*s%s\n", (int)(s - ls), src->data + ls, t));
    return fix_add(
        b, src, ls, ls,
        uhp_ctx_printf(b->ctx, "%.*s%s%s", (int)(s - ls), src->data + ls, t, crlf ? "\r\n" : "\n"));
}

bool uhp_fixb_seq_delete(uhp_fixb *b, const uhp_node *item)
{
    const uhp_node *seq = item ? item->parent : NULL;
    size_t s, e;
    if (!seq || seq->kind != UHP_NODE_SEQ || !fix_scalar_span(b, item, &s, &e))
        return false;
    const uhp_source *src = uhp_node_source(seq);
    if (fix_is_flow(seq)) {
        if (item->next) {
            size_t ns, ne;
            if (!fix_scalar_span(b, item->next, &ns, &ne))
                return false;
            return fix_add(b, src, s, ns, "");
        }
        const uhp_node *prev = NULL;
        for (const uhp_node *c = uhp_node_first(seq); c && c != item; c = c->next)
            prev = c;
        if (prev) {
            size_t ps, pe;
            if (!fix_scalar_span(b, prev, &ps, &pe))
                return false;
            return fix_add(b, src, pe, e, "");
        }
        return fix_add(b, src, s, e, "");
    }
    size_t ls;
    if (!fix_block_item_line(b, item, s, e, &ls))
        return false;
    if (seq->n_children > 1)
        return fix_add(b, src, ls, fix_next_line(src, ls), "");
    /* The only item: the key goes with it, or the empty key would read as null. */
    const uhp_node *map = seq->parent;
    if (!seq->key || !map || map->kind != UHP_NODE_MAP || map->n_children < 2)
        return uhp_fixb_refuse(b, "removing the only item would leave the list empty");
    size_t ks = fix_offset(src, uhp_node_key_pos(seq));
    if (ks == (size_t)-2)
        return fix_oom(b);
    if (ks == (size_t)-1)
        return uhp_fixb_refuse(b, "the key's bytes could not be found in the file");
    size_t kl = fix_line_start(src, ks);
    bool blank;
    size_t ind = fix_indent(src, kl, &blank);
    if (kl + ind != ks || fix_line_start(src, ls) == kl)
        return uhp_fixb_refuse(b, "the list's key shares its line with other content");
    if (!fix_add(b, src, kl, fix_next_line(src, kl), ""))
        return false;
    return fix_add(b, src, ls, fix_next_line(src, ls), "");
}

void uhp_fixb_attach(uhp_fixb *b)
{
    uhp_run *run = b->ctx->run;
    if (b->finding >= run->n_findings)
        return;
    uhp_fix *fx = uhp_arena_alloc(&run->arena, sizeof *fx);
    uhp_edit *edits =
        b->n_edits && !b->refused ? uhp_arena_alloc(&run->arena, b->n_edits * sizeof *edits) : NULL;
    const char *desc = b->description
                           ? uhp_arena_strndup(&run->arena, b->description, strlen(b->description))
                           : NULL;
    const char *why =
        b->refused ? uhp_arena_strndup(&run->arena, b->refused, strlen(b->refused)) : NULL;
    if (!fx || (b->n_edits && !b->refused && !edits) || (b->refused && !why)) {
        run->out_of_memory = true;
        return;
    }
    memset(fx, 0, sizeof *fx);
    fx->description = desc;
    fx->refused = why;
    if (edits) {
        memcpy(edits, b->edits, b->n_edits * sizeof *edits);
        fx->edits = edits;
        fx->n_edits = b->n_edits;
    } else if (!why) {
        fx->refused = "no edit could be made";
    }
    for (size_t i = b->finding; i < run->n_findings; i++)
        run->findings[i].autofix = fx;
}

/* Moves ITEM, the J-th item of SEQ (J > 0), to the front: every item from the first to
 * ITEM takes the text of the one before it, and the first takes ITEM's text, so each line
 * keeps its comment and indentation. */
static bool fix_seq_rotate(uhp_fixb *b, const uhp_node *seq, const uhp_node *item)
{
    const char *prev_text = NULL;
    size_t s, e;
    if (!fix_scalar_span(b, item, &s, &e))
        return false;
    const char *moved =
        uhp_ctx_printf(b->ctx, "%.*s", (int)(e - s), uhp_node_source(item)->data + s);
    for (const uhp_node *c = uhp_node_first(seq); c; c = c->next) {
        size_t cs, ce;
        if (!fix_scalar_span(b, c, &cs, &ce))
            return false;
        const char *mine =
            uhp_ctx_printf(b->ctx, "%.*s", (int)(ce - cs), uhp_node_source(c)->data + cs);
        if (!mine || !moved)
            return fix_oom(b);
        if (!fix_add(b, uhp_node_source(c), cs, ce, prev_text ? prev_text : moved))
            return false;
        prev_text = mine;
        if (c == item)
            break;
    }
    return true;
}

bool uhp_fixb_seq_first(uhp_fixb *b, const uhp_value *seq, const uhp_dvipa *dvipa, const char *text)
{
    if (seq->kind != UHP_VAL_SEQ || seq->n_parts == 0)
        return uhp_fixb_refuse(b, "zowe.externalDomains is not a list");
    if (seq->via)
        return uhp_fixb_refuse(b, "the list comes through a ${{ }} template, and a patch never "
                                  "writes through a template");
    const uhp_node *found = NULL;
    uint32_t found_part = 0;
    for (uint32_t p = 0; p < seq->n_parts; p++) {
        const uhp_node *part = seq->parts[p];
        if (!part || part->kind != UHP_NODE_SEQ || (part->flags & UHP_NODE_HAS_DROPPED))
            return uhp_fixb_refuse(b, "an item of the list is dropped by Zowe's loader");
        for (const uhp_node *c = uhp_node_first(part); c; c = c->next) {
            if (c->kind != UHP_NODE_SCALAR || c->has_template)
                return uhp_fixb_refuse(b, "an item of the list is a template or not a scalar");
            if (!found && uhp_dvipa_matches(dvipa, uhp_node_value(c))) {
                found = c;
                found_part = p;
            }
        }
    }
    const uhp_node *p0 = seq->parts[0];
    if (found && found_part == 0)
        return found == uhp_node_first(p0) ? uhp_fixb_refuse(b, "the DVIPA is first already")
                                           : fix_seq_rotate(b, p0, found);
    if (found && found->style == UHP_STYLE_PLAIN)
        text = uhp_node_value(found);
    if (!uhp_fixb_seq_prepend(b, p0, text))
        return false;
    return !found || uhp_fixb_seq_delete(b, found);
}
