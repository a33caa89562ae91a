/* Reading input files into memory, and finding their lines again for quotes. */
#include "uhp/source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uhp/alloc.h"

uhp_source *uhp_source_from_memory(const char *name, const char *data, size_t len)
{
    uhp_source *src = uhp_calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->name = uhp_strdup(name);
    src->data = uhp_strndup(data, len);
    if (!src->name || !src->data) {
        uhp_source_free(src);
        return NULL;
    }
    src->len = len;
    src->origin = "FILE";
    return src;
}

/* Reads all of file descriptor FD (at most MAX_SIZE bytes) into *BUF, a heap buffer of *CAP
 * bytes and one more for the NUL (NULL and 0: a new one), grown as needed; returns the
 * status and sets *OUT_LEN. HINT is the expected size (a regular file's), 0 when unknown:
 * a new buffer starts one byte larger, so such a file is read without growing it. *BUF
 * stays the caller's to free, whatever the status. */
static uhp_read_status source_slurp(int fd, size_t max_size, size_t hint, char **buf, size_t *cap,
                                    size_t *out_len)
{
    size_t want = hint && hint < max_size ? hint + 1 : 64 * 1024, len = 0;
    if (!*buf || *cap < want) {
        /* a buffer kept for more files starts at 64 KiB or twice its size (pages it does not
         * use are never touched), and is not copied: its contents are not needed */
        if (*buf) {
            size_t more = *cap < SIZE_MAX / 4 ? 2 * *cap : *cap;
            want = want > more ? want : more;
            uhp_free(*buf);
            *buf = NULL;
            *cap = 0;
        }
        char *nbuf = uhp_malloc(want + 1);
        if (!nbuf)
            return UHP_READ_NOMEM;
        *buf = nbuf;
        *cap = want;
        uhp_alloc_hint_huge(nbuf, want + 1);
    }
    for (;;) {
        if (len == *cap) {
            if (*cap > max_size)
                return UHP_READ_TOO_LARGE;
            /* the byte after the capacity holds the NUL */
            size_t room = *cap + 1;
            char *nbuf = uhp_grow(*buf, &room, *cap + 2, 1, 0);
            if (!nbuf)
                return UHP_READ_NOMEM;
            *buf = nbuf;
            *cap = room - 1;
        }
        ssize_t n = read(fd, *buf + len, *cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return UHP_READ_UNREADABLE;
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (len > max_size)
        return UHP_READ_TOO_LARGE;
    (*buf)[len] = '\0';
    *out_len = len;
    return UHP_READ_OK;
}

/* Opens PATH ("-": stdin) for uhp_source_read: *FD, and *HINT the size of a regular file
 * (0 for stdin). Returns the status; nothing stays open unless it is UHP_READ_OK. */
static uhp_read_status source_open(const char *path, size_t max_size, int *fd, size_t *hint)
{
    *fd = STDIN_FILENO;
    *hint = 0;
    if (strcmp(path, "-") == 0)
        return UHP_READ_OK;
    /* open, then fstat the open file: one lookup of the path, read straight into the
     * buffer (stdio would fstat again and copy every byte once more). */
    /* O_NONBLOCK: opening a FIFO with no writer would wait forever; fstat then
     * refuses anything but a regular file before a byte is read. */
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (*fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? UHP_READ_MISSING : UHP_READ_UNREADABLE;
    struct stat st;
    uhp_read_status rs = UHP_READ_OK;
    if (fstat(*fd, &st) != 0)
        rs = UHP_READ_UNREADABLE;
    else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
        rs = UHP_READ_SPECIAL;
    else if (S_ISDIR(st.st_mode))
        rs = UHP_READ_DIRECTORY;
    else if ((unsigned long long)st.st_size > max_size)
        rs = UHP_READ_TOO_LARGE;
    if (rs != UHP_READ_OK) {
        int e = errno;
        close(*fd);
        errno = e;
        return rs;
    }
    *hint = (size_t)st.st_size;
    return UHP_READ_OK;
}

/* Reads PATH through source_open and source_slurp into *BUF (see source_slurp). */
static uhp_read_status source_read_into(const char *path, size_t max_size, char **buf, size_t *cap,
                                        size_t *len)
{
    int fd;
    size_t hint;
    uhp_read_status rs = source_open(path, max_size, &fd, &hint);
    if (rs != UHP_READ_OK)
        return rs;
    rs = source_slurp(fd, max_size, hint, buf, cap, len);
    if (fd != STDIN_FILENO) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return rs;
}

uhp_read_status uhp_read_buf_read(uhp_read_buf *rb, const char *path, size_t max_size, size_t *len)
{
    if (!rb->data) { /* room for most files, so that it seldom moves */
        rb->data = uhp_malloc(64 * 1024 + 1);
        if (!rb->data)
            return UHP_READ_NOMEM;
        rb->cap = 64 * 1024;
    }
    return source_read_into(path, max_size, &rb->data, &rb->cap, len);
}

void uhp_read_buf_free(uhp_read_buf *rb)
{
    uhp_free(rb->data);
    rb->data = NULL;
    rb->cap = 0;
}

uhp_read_status uhp_source_read(const char *path, size_t max_size, uhp_source **out)
{
    *out = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    char *data = NULL;
    size_t cap = 0, len = 0;
    uhp_read_status rs = source_read_into(path, max_size, &data, &cap, &len);
    if (rs != UHP_READ_OK) {
        int e = errno;
        uhp_free(data);
        errno = e;
        return rs;
    }
    uhp_source *src = uhp_calloc(1, sizeof *src);
    if (!src || !(src->name = uhp_strdup(is_stdin ? "<stdin>" : path))) {
        uhp_free(src);
        uhp_free(data);
        return UHP_READ_NOMEM;
    }
    src->data = data;
    src->len = len;
    src->origin = "FILE";
    *out = src;
    return UHP_READ_OK;
}

const char *uhp_read_reason(uhp_read_status status, int err, size_t max_size, char *buf,
                            size_t size)
{
    switch (status) {
    case UHP_READ_MISSING:
        return "no such file";
    case UHP_READ_DIRECTORY:
        return "it is a directory";
    case UHP_READ_TOO_LARGE:
        snprintf(buf, size, "larger than the size limit of %zu bytes (raise it with --max-size)",
                 max_size);
        return buf;
    case UHP_READ_OVER_BUDGET:
        snprintf(
            buf, size, "the inputs of this set add up to more than %zu bytes (%u times --max-size)",
            max_size > SIZE_MAX / UHP_READER_BUDGET_FACTOR ? SIZE_MAX
                                                           : max_size * UHP_READER_BUDGET_FACTOR,
            UHP_READER_BUDGET_FACTOR);
        return buf;
    case UHP_READ_NOMEM:
        return "out of memory";
    case UHP_READ_SPECIAL:
        return "not a regular file (a FIFO, device or socket is never read)";
    case UHP_READ_UNREADABLE:
        return err ? strerror(err) : "read error";
    default:
        return "read error";
    }
}

void uhp_reader_init(uhp_reader *r, size_t max_size)
{
    r->max_size = max_size;
    r->budget = max_size > SIZE_MAX / UHP_READER_BUDGET_FACTOR
                    ? SIZE_MAX
                    : max_size * UHP_READER_BUDGET_FACTOR;
    r->used = 0;
}

uhp_read_status uhp_reader_read(uhp_reader *r, const char *path, uhp_source **out)
{
    uhp_read_status rs = uhp_source_read(path, r->max_size, out);
    if (rs != UHP_READ_OK)
        return rs;
    if (r->budget && (*out)->len > r->budget - r->used) {
        uhp_source_free(*out);
        *out = NULL;
        return UHP_READ_OVER_BUDGET;
    }
    r->used += (*out)->len;
    return UHP_READ_OK;
}

bool uhp_parse_size(const char *s, size_t *out)
{
    const char *p = s;
    unsigned long long v = 0;
    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9') {
        if (v > (ULLONG_MAX - 9) / 10)
            return false;
        v = v * 10 + (unsigned long long)(*p++ - '0');
    }
    const char *digits_end = p;
    while (*p == ' ')
        p++;
    unsigned shift = 0;
    if (*p == 'K' || *p == 'k')
        shift = 10;
    else if (*p == 'M' || *p == 'm')
        shift = 20;
    else if (*p == 'G' || *p == 'g')
        shift = 30;
    if (shift) {
        p++;
        if (p[0] == 'i' && p[1] == 'B')
            p += 2;
        else if (*p == 'B')
            p++;
    } else if (*p == 'B') {
        p++;
    } else {
        p = digits_end; /* blanks only between the number and its unit */
    }
    if (*p || v == 0 || v > (unsigned long long)(SIZE_MAX >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

void uhp_source_free(uhp_source *src)
{
    if (!src)
        return;
    uhp_free((void *)src->name);
    uhp_free(src->data);
    uhp_free(src->line_starts);
    uhp_free(src);
}

/* Builds the table of line starts; returns false when memory runs out. */
static bool source_index_lines(uhp_source *src)
{
    size_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        if (src->data[i] == '\n')
            n++;
    src->line_starts = uhp_malloc(n * sizeof *src->line_starts);
    if (!src->line_starts)
        return false;
    uhp_alloc_hint_huge(src->line_starts, n * sizeof *src->line_starts);
    size_t k = 0;
    src->line_starts[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (src->data[i] == '\n')
            src->line_starts[k++] = i + 1;
    src->n_lines = n;
    return true;
}

const char *uhp_source_line(uhp_source *src, unsigned line, size_t *len)
{
    if (!src || !src->data || line == 0)
        return NULL;
    if (!src->line_starts && !source_index_lines(src))
        return NULL;
    if (line > src->n_lines)
        return NULL;
    size_t start = src->line_starts[line - 1];
    size_t end = line < src->n_lines ? src->line_starts[line] - 1 : src->len;
    if (end > start && src->data[end - 1] == '\r')
        end--;
    *len = end - start;
    return src->data + start;
}
