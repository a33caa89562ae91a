#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

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

void uhp_test_load(uhp_test_loaded *l, const char *text, size_t len, const uhp_limits *lim)
{
    uhp_limits def;
    uhp_limits_default(&def);
    uhp_arena_init(&l->arena);
    uhp_run_init(&l->run);
    l->src = uhp_source_from_memory("t.yaml", text, len);
    assert_non_null(l->src);
    l->doc = uhp_load_yaml(l->src, &l->arena, lim ? lim : &def, &l->run);
}

void uhp_test_load_free(uhp_test_loaded *l)
{
    uhp_source_free(l->src);
    uhp_arena_destroy(&l->arena);
    uhp_run_destroy(&l->run);
}
