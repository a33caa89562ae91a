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
