/* nftw, to remove the scratch folders at exit */
#define _XOPEN_SOURCE 700
#include "support.h"

#include <ftw.h>
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

/* What the helpers below made, removed when the test program exits, so the suite leaves
 * nothing behind in the temporary folder. */
static char **support_made;
static size_t support_n_made;
static bool support_cleanup_set;

static int support_remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void support_cleanup(void)
{
    for (size_t i = support_n_made; i-- > 0;) {
        nftw(support_made[i], support_remove_one, 16, FTW_DEPTH | FTW_PHYS);
        free(support_made[i]);
    }
    free(support_made);
    support_made = NULL;
    support_n_made = 0;
}

/* Remembers PATH (a file or a folder) for removal at exit; once per path. */
static void support_remember(const char *path)
{
    for (size_t i = 0; i < support_n_made; i++)
        if (strcmp(support_made[i], path) == 0)
            return;
    char **grown = realloc(support_made, (support_n_made + 1) * sizeof *grown);
    char *copy = malloc(strlen(path) + 1);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            support_made = grown;
        return;
    }
    strcpy(copy, path);
    support_made = grown;
    support_made[support_n_made++] = copy;
    if (!support_cleanup_set) {
        support_cleanup_set = true;
        atexit(support_cleanup);
    }
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
    support_remember(path);
    fputs(text, f);
    fclose(f);
    return path;
}

const char *uhp_test_dir(const char *tag)
{
    static char dir[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/uhp-%s-%ld", tmp && *tmp ? tmp : "/tmp", tag, (long)getpid());
    mkdir(dir, 0700);
    support_remember(dir);
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

/* The in-memory files registered so far (uhp_test_memory_file). */
static const char *support_mem_names[64], *support_mem_texts[64];
static size_t support_n_mem;

void uhp_test_memory_attach(uhp_check_opts *o)
{
    o->memory_names = support_mem_names;
    o->memory_texts = support_mem_texts;
    o->n_memory = support_n_mem;
}

const char *uhp_test_memory_file(uhp_check_opts *o, const char *name, const char *text)
{
    size_t i = 0;
    while (i < support_n_mem && strcmp(support_mem_names[i], name) != 0)
        i++;
    if (i == support_n_mem) {
        char *copy = strdup(name);
        if (!copy || support_n_mem == sizeof support_mem_names / sizeof support_mem_names[0]) {
            fprintf(stderr, "cannot register in-memory file '%s'\n", name);
            abort();
        }
        support_mem_names[support_n_mem++] = copy;
    }
    support_mem_texts[i] = text;
    if (o)
        uhp_test_memory_attach(o);
    return support_mem_names[i];
}

size_t uhp_test_rules(unsigned flags, int scope, const uhp_rule **out, size_t max)
{
    size_t n_all, n = 0;
    const uhp_rule *const *all = uhp_rules(&n_all);
    for (size_t i = 0; i < n_all; i++) {
        if ((all[i]->flags & flags) != flags || (scope >= 0 && (int)all[i]->scope != scope))
            continue;
        assert_true(n < max);
        out[n++] = all[i];
    }
    return n;
}
