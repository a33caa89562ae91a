/* Loading TCP/IP profiles from files into a run (UHA201 findings), and the DVIPA the UHA2xx
 * rules check. */
#include "uhp/encoding.h"
#include "uhp/tcpip.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "uhp/alloc.h"
#include "uhp/config.h"
#include "uhp/diag.h"
#include "uhp/source.h"

/* Adds an input-error diag for PATH (line 0) to P. Returns false when memory runs out. */
static bool tcpip_file_error(uhp_profile *p, const char *path, const char *why, const char *fix)
{
    uhp_arena *a = p->arena;
    const char *file = uhp_arena_strndup(a, path, strlen(path));
    const char *msg = uhp_arena_printf(a, "cannot read the TCP/IP profile '%s': %s", path, why);
    if (!file || !msg)
        return false;
    if (p->n_diags == p->cap_diags) {
        uhp_tcpip_diag *nd =
            uhp_arena_grow(a, p->diags, p->n_diags, &p->cap_diags, p->n_diags + 1, sizeof *nd, 32);
        if (!nd)
            return false;
        p->diags = nd;
    }
    uhp_tcpip_diag *d = &p->diags[p->n_diags++];
    memset(d, 0, sizeof *d);
    d->file = file;
    d->message = msg;
    d->fix = fix;
    d->input_error = true;
    p->input_error = true;
    return true;
}

/* Keeps a copy of file PATH's text DATA[0..LEN) in the profile's arena for quoting.
 * Returns false when memory runs out. */
static bool tcpip_keep_text(uhp_profile *p, const char *path, const char *data, size_t len)
{
    uhp_profile_text *nt = uhp_arena_alloc(p->arena, (p->n_texts + 1) * sizeof *nt);
    char *copy = uhp_arena_alloc(p->arena, len + 1);
    const char *file = uhp_arena_strndup(p->arena, path, strlen(path));
    if (!nt || !copy || !file)
        return false;
    if (p->n_texts)
        memcpy(nt, p->texts, p->n_texts * sizeof *nt);
    memcpy(copy, data, len);
    copy[len] = '\0';
    size_t n_lines = 1;
    for (const char *q = copy; (q = memchr(q, '\n', (size_t)(copy + len - q))) != NULL; q++)
        n_lines++;
    size_t *starts = uhp_arena_alloc(p->arena, n_lines * sizeof *starts);
    if (!starts)
        return false;
    starts[0] = 0;
    size_t k = 1;
    for (const char *q = copy; (q = memchr(q, '\n', (size_t)(copy + len - q))) != NULL; q++)
        starts[k++] = (size_t)(q + 1 - copy);
    nt[p->n_texts].file = file;
    nt[p->n_texts].text = copy;
    nt[p->n_texts].len = len;
    nt[p->n_texts].line_starts = starts;
    nt[p->n_texts].n_lines = n_lines;
    p->texts = nt;
    p->n_texts++;
    return true;
}

bool uhp_profile_quote(const uhp_profile *p, const char *file, uint32_t line, uint32_t col,
                       const char **text, size_t *len, uint32_t *end_col)
{
    if (!p || !file || line == 0)
        return false;
    for (size_t i = p->n_texts; i-- > 0;) {
        const uhp_profile_text *t = &p->texts[i];
        if (strcmp(t->file, file) != 0)
            continue;
        if (line > t->n_lines)
            return false;
        const char *s = t->text + t->line_starts[line - 1], *end = t->text + t->len;
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        if (n > 0 && s[n - 1] == '\r')
            n--;
        uint32_t e = col;
        while (col > 0 && e - 1 < n && s[e - 1] != ' ' && s[e - 1] != '\t' && s[e - 1] != ';')
            e++;
        *text = s;
        *len = n;
        *end_col = e;
        return true;
    }
    return false;
}

bool uhp_profile_read_file(uhp_profile *p, uhp_reader *rd, const char *path, const char *encoding)
{
    /* The reader opens without blocking and refuses a FIFO, device or socket. */
    uhp_source *src = NULL;
    uhp_read_status rs = uhp_reader_read(rd, path, &src);
    if (rs == UHP_READ_NOMEM)
        return false;
    if (rs != UHP_READ_OK) {
        char buf[160];
        const char *why = uhp_read_reason(rs, errno, rd->max_size, buf, sizeof buf);
        const char *fix = rs == UHP_READ_DIRECTORY ? "give the profile file itself"
                          : rs == UHP_READ_SPECIAL
                              ? "give the profile file itself, not a pipe or device"
                          : rs == UHP_READ_TOO_LARGE || rs == UHP_READ_OVER_BUDGET
                              ? "raise the limit with --max-size, or give only the part of the "
                                "profile with the VIPADYNAMIC blocks"
                              : "give the path of a readable file";
        return tcpip_file_error(p, path, why, fix);
    }
    bool ok;
    char err[256];
    int rc;
    if (src->len == 0) {
        ok = tcpip_file_error(p, path, "the file is empty",
                              "give the profile (or the fragment) that holds the VIPADYNAMIC "
                              "block");
    } else if ((rc = uhp_source_normalize_as(src, encoding, NULL, err, sizeof err)) != 0) {
        /* EBCDIC that iconv cannot convert from the code page, or UTF-16/32 */
        ok = rc != -2 && tcpip_file_error(p, path, err,
                                          "save the profile as UTF-8, or give its EBCDIC code "
                                          "page with --encoding (default IBM-1047)");
    } else {
        /* EBCDIC (IBM-1047, or the --encoding code page) is UTF-8 from here on. */
        ok = uhp_profile_parse_buffer(p, path, src->data, src->len) &&
             tcpip_keep_text(p, path, src->data, src->len);
    }
    uhp_source_free(src);
    return ok;
}

bool uhp_profile_parse_file(uhp_profile *p, const char *path, size_t max_size)
{
    uhp_reader rd;
    uhp_reader_init(&rd, max_size);
    rd.budget = 0;
    return uhp_profile_read_file(p, &rd, path, NULL);
}

/* True when one of the N --tcpip PATHS stands for the data set NAME of an INCLUDE: its
 * file name (without extension, any case) is the member in parentheses, or the whole data
 * set name. */
static bool tcpip_include_given(const char *name, const char *const *paths, size_t n)
{
    const char *open = strchr(name, '(');
    const char *member = open ? open + 1 : name;
    size_t mlen = open ? strcspn(member, ")") : strlen(name);
    for (size_t k = 0; k < n && mlen; k++) {
        const char *base = strrchr(paths[k], '/');
        base = base ? base + 1 : paths[k];
        size_t blen = strlen(base);
        if (blen == mlen && strncasecmp(base, member, mlen) == 0)
            return true;
        if (open && blen > mlen && base[mlen] == '.' && strncasecmp(base, member, mlen) == 0)
            return true;
    }
    return false;
}

uhp_profile *uhp_profile_load(const char *const *paths, size_t n, uhp_reader *rd,
                              const char *encoding, uhp_run *run, uhp_arena *arena)
{
    uhp_profile *p = uhp_profile_new(arena);
    if (!p)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        if (!uhp_profile_read_file(p, rd, paths[k], encoding))
            return NULL;
    }
    if (!uhp_profile_index(p))
        return NULL;
    for (size_t k = 0; k < p->n_diags; k++) {
        const uhp_tcpip_diag *d = &p->diags[k];
        uhp_diag f = {.kind = UHP_DIAG_PROFILE,
                      .file = d->file,
                      .start = {d->line, d->col},
                      .message = d->message,
                      .fix = d->fix};
        char quoted[512];
        const char *qt;
        size_t ql;
        uint32_t ec;
        if (uhp_profile_quote(p, d->file, d->line, d->col, &qt, &ql, &ec)) {
            snprintf(quoted, sizeof quoted, "%.*s", (int)(ql < 500 ? ql : 500), qt);
            f.source_line = quoted;
            f.end = (uhp_pos){d->line, ec};
        }
        if (!uhp_run_add_diag(run, &f))
            return NULL;
    }
    /* INCLUDE is never opened (a data set name is no path here), but never silent: a
     * warning each, and the port rules say their statements may be there. */
    for (size_t k = 0; k < p->n_includes; k++) {
        uhp_pinclude *inc = &p->includes[k];
        inc->given = tcpip_include_given(inc->name, paths, n);
        if (inc->given)
            continue;
        p->n_unread_includes++;
        uhp_diag f = {.kind = UHP_DIAG_PROFILE,
                      .file = inc->file,
                      .start = {inc->line, inc->col},
                      .severity = UHP_SEV_WARNING,
                      .unverified = true};
        f.message = uhp_arena_printf(arena,
                                     "the profile INCLUDEs '%s', which was not read (included "
                                     "data sets are never opened): VIPADYNAMIC statements in it "
                                     "were not checked",
                                     *inc->name ? inc->name : "?");
        f.fix = "give the included member as a file too: --tcpip FILE (a file named after the "
                "member, e.g. MEMBER or MEMBER.txt, stands for it)";
        if (!f.message || !uhp_run_add_diag(run, &f))
            return NULL;
    }
    if (p->input_error)
        run->input_error = true;
    return p;
}
