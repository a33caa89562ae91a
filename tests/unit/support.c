#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *uhp_test_shared_dir(void)
{
    struct stat st;
    if (stat(UHP_SHARED_DIR, &st) == 0 && S_ISDIR(st.st_mode))
        return UHP_SHARED_DIR;
    fprintf(stderr, "note: %s not found; tests that read shared/ are skipped\n", UHP_SHARED_DIR);
    return NULL;
}

const char *uhp_test_write_temp(const char *name, const char *text)
{
    static char paths[16][512];
    static int slot;
    char *path = paths[slot++ % 16];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, 512, "%s/uhp-test-%ld-%s", tmp ? tmp : "/tmp", (long)getpid(), name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

const char *uhp_test_dir(const char *tag)
{
    static char dir[256];
    snprintf(dir, sizeof dir, "/tmp/uhp-%s-%ld", tag, (long)getpid());
    mkdir(dir, 0700);
    return dir;
}

const char *uhp_test_write_in(const char *dir, const char *name, const char *text)
{
    static char paths[16][512];
    static int slot;
    char *p = paths[slot++ % 16];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        fprintf(stderr, "cannot write '%s'\n", p);
        abort();
    }
    return p;
}
