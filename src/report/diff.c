/* The diff format: the mechanical fixes of the run as one unified diff that `git apply`
 * (and `patch -p1`) take, paths relative to the current folder with a/ and b/ prefixes.
 * Built from the edits the findings carry (uhp/fix.h), each with the lines around it, so
 * the writer never reads a configuration file. Findings whose fix could not be written
 * are listed in '#' lines before the first file, which both tools skip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_internal.h"
#include "report/writers.h"
#include "uhp/alloc.h"
#include "uhp/fix.h"

/* One edit of an accepted fix, with the finding that asked for it. */
typedef struct diff_item {
    const uhp_edit *e;
    size_t seq; /* acceptance order, to keep sorting stable */
} diff_item;

typedef struct diff_state {
    diff_item *items;
    size_t n, cap;
    bool oom;
} diff_state;

/* True when edits A and B touch the same bytes (identical edits do not count). */
static bool diff_conflict(const uhp_edit *a, const uhp_edit *b)
{
    if (strcmp(a->file, b->file) != 0)
        return false;
    if (a->start == b->start && a->end == b->end && strcmp(a->text, b->text) == 0)
        return false;
    if (a->start == a->end || b->start == b->end)
        return (a->start == b->start) || (a->start > b->start && a->start < b->end) ||
               (b->start > a->start && b->start < a->end);
    return a->start < b->end && b->start < a->end;
}

/* True when E repeats an accepted edit. */
static bool diff_known(const diff_state *st, const uhp_edit *e)
{
    for (size_t i = 0; i < st->n; i++) {
        const uhp_edit *o = st->items[i].e;
        if (o->start == e->start && o->end == e->end && !strcmp(o->file, e->file) &&
            !strcmp(o->text, e->text))
            return true;
    }
    return false;
}

/* The path to write for FILE, relative to the current folder, in BUF; NULL (with *WHY)
 * when a patch cannot name it. */
static const char *diff_path(const char *file, char *buf, size_t size, const char **why)
{
    for (const char *p = file; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20) {
            *why = "its path holds a blank, quote or control character";
            return NULL;
        }
    }
    if (file[0] == '/') {
        char cwd[4096];
        size_t n;
        if (!getcwd(cwd, sizeof cwd) || (n = strlen(cwd), strncmp(file, cwd, n) != 0) ||
            file[n] != '/') {
            *why = "the file is outside the current folder";
            return NULL;
        }
        file += n + 1;
    }
    while (file[0] == '.' && file[1] == '/')
        file += 2;
    if (strstr(file, "../") == file || strstr(file, "/../")) {
        *why = "its path leaves the current folder";
        return NULL;
    }
    /* "dir//x" and "dir/./x" (a --parmlib DIR with a trailing slash) name "dir/x" */
    size_t k = 0;
    for (const char *p = file; *p && k + 1 < size; p++) {
        if (*p == '/' && (p[1] == '/' || (p[1] == '.' && p[2] == '/')))
            continue;
        buf[k++] = *p;
    }
    buf[k] = '\0';
    return buf;
}

/* Adds the edits of fix FX (of finding F) unless one conflicts with an accepted edit;
 * returns why it was left out, or NULL. */
static const char *diff_accept(diff_state *st, const uhp_fix *fx)
{
    char path[4096];
    for (size_t k = 0; k < fx->n_edits; k++) {
        const char *why = NULL;
        if (!diff_path(fx->edits[k].file, path, sizeof path, &why))
            return why;
        for (size_t i = 0; i < st->n; i++)
            if (diff_conflict(st->items[i].e, &fx->edits[k]))
                return "another fix changes the same bytes";
    }
    for (size_t k = 0; k < fx->n_edits; k++) {
        if (diff_known(st, &fx->edits[k]))
            continue;
        if (st->n == st->cap) {
            size_t nc = st->cap ? st->cap * 2 : 16;
            diff_item *ni = uhp_realloc(st->items, nc * sizeof *ni);
            if (!ni) {
                st->oom = true;
                return "memory ran out";
            }
            st->items = ni;
            st->cap = nc;
        }
        st->items[st->n].e = &fx->edits[k];
        st->items[st->n].seq = st->n;
        st->n++;
    }
    return NULL;
}

static int diff_item_cmp(const void *pa, const void *pb)
{
    const uhp_edit *a = ((const diff_item *)pa)->e, *b = ((const diff_item *)pb)->e;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    size_t x = ((const diff_item *)pa)->seq, y = ((const diff_item *)pb)->seq;
    return x < y ? -1 : x > y;
}

/* Splits TEXT[0..LEN) into lines (each with its '\n', the last maybe without): *STARTS gets
 * a new array of N + 1 offsets. Returns N, or (size_t)-1 when memory runs out. */
static size_t diff_lines(const char *text, size_t len, size_t **starts)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            n++;
    if (len && text[len - 1] != '\n')
        n++;
    size_t *s = uhp_malloc((n + 1) * sizeof *s);
    if (!s)
        return (size_t)-1;
    size_t k = 0;
    s[k++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n' && i + 1 < len)
            s[k++] = i + 1;
    s[n] = len;
    *starts = s;
    return n;
}

/* Writes line I of TEXT (split at STARTS) with PREFIX, and the no-newline marker when it
 * has no newline. */
static void diff_put(FILE *out, char prefix, const char *text, const size_t *starts, size_t i)
{
    size_t a = starts[i], b = starts[i + 1];
    fputc(prefix, out);
    fwrite(text + a, 1, b - a, out);
    if (b == a || text[b - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", out);
}

/* True when line I of A (split at AS) equals line J of B (split at BS). */
static bool diff_same(const char *a, const size_t *as, size_t i, const char *b, const size_t *bs,
                      size_t j)
{
    size_t n = as[i + 1] - as[i];
    return n == bs[j + 1] - bs[j] && !memcmp(a + as[i], b + bs[j], n);
}

/* Writes old lines [A0, A1) and new lines [B0, B1) as the fewest '-' and '+' lines around
 * the lines they share (a longest common subsequence, table in one allocation), so a
 * comment line between two changed lines stays a context line. Past DIFF_LCS_MAX cells
 * every old line is '-' and every new one '+', which applies the same. Returns false when
 * memory runs out (nothing written). */
#define DIFF_LCS_MAX 1000000u
static bool diff_middle(FILE *out, const char *a, const size_t *as, size_t a0, size_t a1,
                        const char *b, const size_t *bs, size_t b0, size_t b1)
{
    size_t n = a1 - a0, m = b1 - b0;
    if ((n + 1) * (m + 1) > DIFF_LCS_MAX) {
        for (size_t i = a0; i < a1; i++)
            diff_put(out, '-', a, as, i);
        for (size_t j = b0; j < b1; j++)
            diff_put(out, '+', b, bs, j);
        return true;
    }
    uint32_t *t = uhp_calloc((n + 1) * (m + 1), sizeof *t);
    if (!t)
        return false;
    /* t[i][j]: the longest common subsequence of old [a0+i, a1) and new [b0+j, b1) */
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;) {
            uint32_t *c = &t[i * (m + 1) + j];
            if (diff_same(a, as, a0 + i, b, bs, b0 + j))
                *c = t[(i + 1) * (m + 1) + j + 1] + 1;
            else
                *c = t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j]
                                                                       : t[i * (m + 1) + j + 1];
        }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && diff_same(a, as, a0 + i, b, bs, b0 + j)) {
            diff_put(out, ' ', a, as, a0 + i);
            i++, j++;
        } else if (i < n && (j == m || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
            diff_put(out, '-', a, as, a0 + i);
            i++;
        } else {
            diff_put(out, '+', b, bs, b0 + j);
            j++;
        }
    }
    uhp_free(t);
    return true;
}

/* Writes the hunk for edits ITEMS[FROM..TO) of one file (their windows overlap); DELTA is
 * how many lines earlier hunks of the file added. Returns the lines this one adds, or
 * sets *OOM. */
static long diff_hunk(FILE *out, const diff_item *items, size_t from, size_t to, long delta,
                      bool *oom)
{
    size_t gs = items[from].e->win_start, ge = gs;
    uint32_t gline = items[from].e->win_line;
    for (size_t i = from; i < to; i++) {
        const uhp_edit *e = items[i].e;
        if (e->win_start < gs) {
            gs = e->win_start;
            gline = e->win_line;
        }
        if (e->win_start + e->win_len > ge)
            ge = e->win_start + e->win_len;
    }
    size_t olen = ge - gs, nlen = olen;
    for (size_t i = from; i < to; i++)
        nlen += strlen(items[i].e->text) + 1;
    char *old = uhp_malloc(olen + 1), *neu = uhp_malloc(nlen + 1);
    if (!old || !neu) {
        uhp_free(old);
        uhp_free(neu);
        *oom = true;
        return 0;
    }
    for (size_t i = from; i < to; i++) {
        const uhp_edit *e = items[i].e;
        memcpy(old + (e->win_start - gs), e->win, e->win_len);
    }
    size_t at = 0, k = 0;
    for (size_t i = from; i < to; i++) {
        const uhp_edit *e = items[i].e;
        size_t s = e->start - gs, x = e->end - gs;
        if (s < at)
            continue; /* an insertion already applied at the same place */
        memcpy(neu + k, old + at, s - at);
        k += s - at;
        size_t tl = strlen(e->text);
        memcpy(neu + k, e->text, tl);
        k += tl;
        at = x;
    }
    memcpy(neu + k, old + at, olen - at);
    k += olen - at;
    size_t *os = NULL, *ns = NULL;
    size_t on = diff_lines(old, olen, &os), nn = diff_lines(neu, k, &ns);
    if (on == (size_t)-1 || nn == (size_t)-1) {
        *oom = true;
        uhp_free(os);
        uhp_free(ns);
        uhp_free(old);
        uhp_free(neu);
        return 0;
    }
    size_t pre = 0;
    while (pre < on && pre < nn && os[pre + 1] - os[pre] == ns[pre + 1] - ns[pre] &&
           !memcmp(old + os[pre], neu + ns[pre], os[pre + 1] - os[pre]))
        pre++;
    size_t suf = 0;
    while (suf < on - pre && suf < nn - pre &&
           os[on - suf] - os[on - suf - 1] == ns[nn - suf] - ns[nn - suf - 1] &&
           !memcmp(old + os[on - suf - 1], neu + ns[nn - suf - 1], os[on - suf] - os[on - suf - 1]))
        suf++;
    fprintf(out, "@@ -%lu,%lu +%lu,%lu @@\n", (unsigned long)(on ? gline : gline - 1),
            (unsigned long)on, (unsigned long)(nn ? (long)gline + delta : (long)gline + delta - 1),
            (unsigned long)nn);
    for (size_t i = 0; i < pre; i++)
        diff_put(out, ' ', old, os, i);
    if (!diff_middle(out, old, os, pre, on - suf, neu, ns, pre, nn - suf))
        *oom = true;
    for (size_t i = on - suf; i < on; i++)
        diff_put(out, ' ', old, os, i);
    uhp_free(os);
    uhp_free(ns);
    uhp_free(old);
    uhp_free(neu);
    return (long)nn - (long)on;
}

/* Writes the diff of every file the accepted edits touch. */
static void diff_files(FILE *out, diff_state *st)
{
    if (st->n == 0)
        return; /* (qsort must not see the NULL array) */
    qsort(st->items, st->n, sizeof *st->items, diff_item_cmp);
    for (size_t i = 0; i < st->n && !st->oom;) {
        const char *file = st->items[i].e->file;
        size_t end = i;
        while (end < st->n && strcmp(st->items[end].e->file, file) == 0)
            end++;
        char path[4096];
        const char *why;
        diff_path(file, path, sizeof path, &why);
        fprintf(out, "--- a/%s\n+++ b/%s\n", path, path);
        long delta = 0;
        for (size_t g = i; g < end && !st->oom;) {
            size_t ge = st->items[g].e->win_start + st->items[g].e->win_len;
            size_t h = g + 1;
            while (h < end && st->items[h].e->win_start <= ge) {
                size_t x = st->items[h].e->win_start + st->items[h].e->win_len;
                if (x > ge)
                    ge = x;
                h++;
            }
            delta += diff_hunk(out, st->items, g, h, delta, &st->oom);
            g = h;
        }
        i = end;
    }
}

/* Writes the location of F for a '#' note. */
static void diff_note_where(FILE *out, const uhp_finding *f, const char *set)
{
    fprintf(out, "# no patch for %s", f->rule_id ? f->rule_id : "?");
    if (f->file && f->line)
        fprintf(out, " at %s:%u:%u", f->file, (unsigned)f->line, (unsigned)f->col);
    if (f->instances)
        fprintf(out, " (%s)", f->instances);
    if (set)
        fprintf(out, " [set %s]", set);
    fputs(": ", out);
}

/* Writes the diff report of RUNS to OUT; returns 0, or -1 when a write failed or memory
 * ran out. */
int uhp_report_diff_sets(FILE *out, const uhp_run *const *runs, size_t n_runs,
                         const uhp_report_opts *opts)
{
    (void)opts;
    diff_state st;
    memset(&st, 0, sizeof st);
    bool named = uhp_rpt_named_sets(runs, n_runs);
    uhp_rpt_labels labels;
    uhp_rpt_labels_init(&labels, runs, n_runs);
    char label[UHP_SET_LABEL_MAX];
    size_t fixed = 0;
    const uhp_fix *last = NULL;
    for (size_t r = 0; r < n_runs && !st.oom; r++) {
        const uhp_run *run = runs[r];
        const char *set = named ? uhp_rpt_label(&labels, r, label) : NULL;
        for (size_t i = 0; i < run->n_findings; i++) {
            const uhp_finding *f = &run->findings[i];
            const uhp_fix *fx = f->autofix;
            if (!fx || fx == last || f->suppressed || f->severity == UHP_SEV_OFF)
                continue;
            last = fx;
            const char *why = fx->refused ? fx->refused : diff_accept(&st, fx);
            if (why) {
                diff_note_where(out, f, set);
                uhp_plain_chars(out, why, false);
                fputc('\n', out);
            } else {
                fixed++;
            }
        }
    }
    uhp_rpt_labels_free(&labels);
    if (fixed)
        fprintf(out,
                "# ums-ha-preflight: %zu fix%s; from this folder: git apply FILE, or "
                "patch -p1 < FILE\n",
                fixed, fixed == 1 ? "" : "es");
    diff_files(out, &st);
    uhp_free(st.items);
    if (st.oom)
        return -1;
    return uhp_rpt_finish(out);
}
