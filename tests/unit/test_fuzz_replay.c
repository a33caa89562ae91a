/* Replays the committed fuzz corpus (fuzz/corpus/HARNESS/, seeds and every input that
 * once crashed) through the libFuzzer harnesses in the normal test suite, without libFuzzer:
 * each harness source is included here with its entry point renamed. Under the sanitizer
 * build this is the fuzzers' regression test. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define UHP_FUZZ_ALL_FORMATS 1 /* fuzz_check renders every format for every input */

#define LLVMFuzzerTestOneInput fuzz_loader_one
#include "../../fuzz/fuzz_loader.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_check_one
#include "../../fuzz/fuzz_check.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_tcpip_one
#include "../../fuzz/fuzz_tcpip.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_policy_one
#include "../../fuzz/fuzz_policy.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_template_one
#include "../../fuzz/fuzz_template.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_schema_one
#include "../../fuzz/fuzz_schema.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_entry)(const uint8_t *data, size_t size);

/* Reads all of PATH into a malloc buffer (*LEN bytes); NULL for a directory or an error. */
static uint8_t *replay_read(const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    uint8_t *buf = malloc((size_t)st.st_size + 1);
    assert_non_null(buf);
    *len = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    assert_int_equal(*len, (size_t)st.st_size);
    return buf;
}

/* Runs ENTRY on every file of fuzz/corpus/NAME; the corpus must not be empty. */
static void replay(const char *name, fuzz_entry entry)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", UHP_SOURCE_DIR, name);
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("no corpus directory %s", dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        uint8_t *data = replay_read(path, &len);
        if (!data)
            continue;
        if (entry(data, len) != 0)
            fail_msg("%s: the harness returned non-zero", path);
        free(data);
        n++;
    }
    closedir(d);
    print_message("%s: %zu inputs replayed\n", name, n);
    assert_true(n >= 3);
}

static void test_replay_loader(void **state)
{
    (void)state;
    replay("loader", fuzz_loader_one);
}

static void test_replay_check(void **state)
{
    (void)state;
    replay("check", fuzz_check_one);
    remove(fuzz_check_path());
}

static void test_replay_tcpip(void **state)
{
    (void)state;
    replay("tcpip", fuzz_tcpip_one);
}

static void test_replay_schema(void **state)
{
    (void)state;
    replay("schema", fuzz_schema_one);
}

static void test_replay_policy(void **state)
{
    (void)state;
    replay("policy", fuzz_policy_one);
    remove(fuzz_policy_path());
}

static void test_replay_template(void **state)
{
    (void)state;
    replay("template", fuzz_template_one);
    remove(fuzz_template_path());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_template), cmocka_unit_test(test_replay_loader),
        cmocka_unit_test(test_replay_check),    cmocka_unit_test(test_replay_tcpip),
        cmocka_unit_test(test_replay_policy),   cmocka_unit_test(test_replay_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
