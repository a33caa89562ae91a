/* Report files: mkstemp in the target's folder and a rename for regular files, direct
 * writes for special files, and the tests that keep a report off the run's inputs. */
/* realpath() and fchmod() are XSI/POSIX.1-2008 functions. */
#define _XOPEN_SOURCE 700

#include "uhp/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uhp/alloc.h"
#include "uhp/arena.h"
#include "uhp/config_spec.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* Writes the folder of PATH into DIR ("." for a bare name) and returns its base name. */
static const char *outfile_split(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, size, ".");
    else if (slash == path)
        snprintf(dir, size, "/");
    else
        snprintf(dir, size, "%.*s", (int)(slash - path), path);
    return slash ? slash + 1 : path;
}

int uhp_outfile_open(uhp_outfile *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "it is a directory");
            return -1;
        }
        /* A device, FIFO or socket (also /dev/stdout): written in place, never replaced.
         * No O_CREAT: this never makes a file. */
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
            snprintf(err, errlen, "%s", strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
        return 0;
    }
    char dir[PATH_MAX];
    const char *base = outfile_split(path, dir, sizeof dir);
    if (!*base) {
        snprintf(err, errlen, "the path names a folder, not a file");
        return -1;
    }
    size_t len = strlen(dir) + strlen(base) + 16;
    o->tmp = uhp_malloc(len);
    if (!o->tmp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(o->tmp, len, "%s/.%s.XXXXXX", dir, base);
    /* mkstemp creates a new file (O_EXCL): a name planted in advance is never followed. */
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        uhp_free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    if (!(o->f = fdopen(fd, "wb"))) {
        snprintf(err, errlen, "%s", strerror(errno));
        close(fd);
        unlink(o->tmp);
        uhp_free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

int uhp_outfile_close(uhp_outfile *o, bool ok, char *err, size_t errlen)
{
    int rc = 0;
    errno = 0;
    if (o->f && fclose(o->f) != 0 && ok) {
        snprintf(err, errlen, "%s", strerror(errno ? errno : EIO));
        ok = false;
        rc = -1;
    }
    o->f = NULL;
    if (!ok && rc == 0) {
        snprintf(err, errlen, "%s", errno ? strerror(errno) : "the report was not written whole");
        rc = -1;
    }
    if (o->tmp) {
        if (ok && rename(o->tmp, o->path) != 0) {
            snprintf(err, errlen, "%s", strerror(errno));
            rc = -1;
            ok = false;
        }
        if (!ok)
            unlink(o->tmp);
        uhp_free(o->tmp);
        o->tmp = NULL;
    }
    return rc;
}

/* Writes the resolved folder of PATH plus "/" plus its base name into OUT; false when the
 * folder cannot be resolved. */
static bool outfile_canon(const char *path, char *out, size_t size)
{
    char dir[PATH_MAX], abs[PATH_MAX];
    const char *base = outfile_split(path, dir, sizeof dir);
    if (!realpath(dir, abs))
        return false;
    return (size_t)snprintf(out, size, "%s/%s", abs, base) < size;
}

bool uhp_outfile_same(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    bool ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return false;
    char ca[PATH_MAX + 2], cb[PATH_MAX + 2];
    return outfile_canon(a, ca, sizeof ca) && outfile_canon(b, cb, sizeof cb) &&
           strcmp(ca, cb) == 0;
}

/* True when INPUT exists and is the file whose status is OUT. */
static bool outfile_is(const struct stat *out, const char *input)
{
    struct stat st;
    return input && strcmp(input, "-") != 0 && stat(input, &st) == 0 && st.st_dev == out->st_dev &&
           st.st_ino == out->st_ino;
}

const char *uhp_outfile_input_of(const char *path, const uhp_check_opts *opts)
{
    struct stat out;
    if (stat(path, &out) != 0)
        return NULL; /* an input has to exist to be read */
    for (size_t i = 0; i < opts->n_tcpip; i++)
        if (outfile_is(&out, opts->tcpip_paths[i]))
            return opts->tcpip_paths[i];
    if (outfile_is(&out, opts->defaults_path))
        return opts->defaults_path;
    const char *found = NULL;
    uhp_arena arena;
    uhp_arena_init(&arena);
    for (size_t i = 0; i < opts->n_configs && !found; i++) {
        uhp_layer_spec *layers = NULL;
        size_t n = 0, cap = 0;
        if (uhp_config_spec_parse(opts->configs[i], &arena, &layers, &n, &cap) != NULL)
            continue;
        for (size_t k = 0; k < n && !found; k++) {
            if (layers[k].kind != UHP_LAYER_PARMLIB) {
                if (outfile_is(&out, layers[k].path))
                    found = opts->configs[i];
                continue;
            }
            for (size_t m = 0; m < opts->n_parmlibs && !found; m++) {
                static const char *const suffixes[] = {"", ".yaml", ".yml"};
                for (size_t s = 0; s < 3 && !found; s++) {
                    char member[PATH_MAX];
                    snprintf(member, sizeof member, "%s/%s%s", opts->parmlibs[m].dir,
                             layers[k].member, suffixes[s]);
                    if (outfile_is(&out, member))
                        found = opts->configs[i];
                }
            }
        }
    }
    uhp_arena_destroy(&arena);
    return found;
}
