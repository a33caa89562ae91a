/* Golden files: every format rendered from fixed hand-built runs, compared byte for byte
 * with tests/golden/<format>/<case>.<ext>. UHP_UPDATE_GOLDEN=1 rewrites the files.
 * The SARIF driver's rule table (the doc pages of every rule) and the rule indexes change
 * whenever a rule or its doc does, so they are normalised before comparing; the schema
 * test (tests/cli/test_report_schemas.sh) checks them on the real output.
 * `test_report_golden --render DIR` writes the unnormalised renders to DIR for that test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../tools/report_fixtures.h"
#include "support.h"

typedef struct golden_case {
    const char *name;
    void (*fill)(uhp_run *);
} golden_case;

typedef struct golden_format {
    const char *name;
    const char *ext;
} golden_format;

static const golden_case golden_cases[] = {
    {"pass", fixture_pass},
    {"fail", fixture_fail},
    {"escape", fixture_escape},
};

static const golden_format golden_formats[] = {
    {"text", "txt"},  {"compact", "txt"}, {"json", "json"},   {"sarif", "sarif"},
    {"junit", "xml"}, {"github", "txt"},  {"markdown", "md"},
};

/* Renders case C in format F (malloc'd). */
static char *golden_render(const golden_case *c, const golden_format *f)
{
    uhp_report_opts opts = {false, false, UHP_SEV_ERROR};
    uhp_run run;
    uhp_run_init(&run);
    c->fill(&run);
    int rc = -2;
    char *out = fixture_render(f->name, &run, &opts, &rc);
    uhp_run_destroy(&run);
    assert_non_null(out);
    assert_int_equal(rc, 0);
    return out;
}

/* Normalises a SARIF document in place: the driver's rules array becomes [] and every
 * "ruleIndex": N becomes 0. */
static void golden_normalise_sarif(char *s)
{
    char *rules = strstr(s, "\"rules\": [");
    if (rules) {
        char *start = rules + strlen("\"rules\": [");
        char *end = strstr(start, "\n          ]");
        if (end) {
            end += strlen("\n          ]");
            memmove(start, end - 1, strlen(end - 1) + 1); /* keep the ']' */
        }
    }
    const char *key = "\"ruleIndex\": ";
    for (char *p = strstr(s, key); p; p = strstr(p, key)) {
        p += strlen(key);
        size_t digits = strspn(p, "0123456789");
        if (digits > 1)
            memmove(p + 1, p + digits, strlen(p + digits) + 1);
        if (digits > 0)
            *p = '0';
    }
}

/* Returns the contents of PATH (malloc'd), or NULL when it cannot be read. */
static char *golden_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int ch;
    while ((ch = fgetc(f)) != EOF) {
        if (len + 2 > cap) {
            cap = cap ? cap * 2 : 4096;
            char *n = realloc(buf, cap);
            assert_non_null(n);
            buf = n;
        }
        buf[len++] = (char)ch;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    else
        buf[len] = '\0';
    return buf;
}

/* Writes TEXT to PATH; returns 0 or -1. */
static int golden_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

static void test_golden_files(void **state)
{
    (void)state;
    const char *update = getenv("UHP_UPDATE_GOLDEN");
    bool updating = update && strcmp(update, "1") == 0;
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    size_t compared = 0;
    for (size_t f = 0; f < sizeof golden_formats / sizeof golden_formats[0]; f++) {
        for (size_t c = 0; c < sizeof golden_cases / sizeof golden_cases[0]; c++) {
            char path[1024];
            snprintf(path, sizeof path, "%s/tests/golden/%s/%s.%s", UHP_SOURCE_DIR,
                     golden_formats[f].name, golden_cases[c].name, golden_formats[f].ext);
            char *got = golden_render(&golden_cases[c], &golden_formats[f]);
            if (strcmp(golden_formats[f].name, "sarif") == 0)
                golden_normalise_sarif(got);
            if (updating) {
                assert_int_equal(golden_write(path, got), 0);
                fprintf(stderr, "updated %s\n", path);
            }
            char *want = golden_read(path);
            if (!want)
                fail_msg("missing golden file %s (run with UHP_UPDATE_GOLDEN=1)", path);
            if (strcmp(got, want) != 0) {
                size_t i = 0;
                while (got[i] && got[i] == want[i])
                    i++;
                fail_msg("%s differs from the render at byte %zu:\n--- render from there:\n"
                         "%.200s\n--- golden from there:\n%.200s\n(UHP_UPDATE_GOLDEN=1 "
                         "rewrites it after a deliberate change)",
                         path, i, got + i, want + i);
            }
            compared++;
            free(want);
            free(got);
        }
    }
    assert_int_equal(compared, 21);
    unsetenv("SOURCE_DATE_EPOCH");
}

/* The SARIF normalisation itself: rules emptied, indexes zeroed, the rest untouched. */
static void test_golden_normalise(void **state)
{
    (void)state;
    char doc[] = "{\n          \"rules\": [\n            {\"id\": \"UHA001\"}\n          ]\n"
                 "  \"ruleIndex\": 15,\n  \"ruleIndex\": 7,\n  \"x\": 1\n}\n";
    golden_normalise_sarif(doc);
    assert_string_equal(doc, "{\n          \"rules\": []\n  \"ruleIndex\": 0,\n"
                             "  \"ruleIndex\": 0,\n  \"x\": 1\n}\n");
}

/* --render DIR: writes every case in every format, unnormalised, as DIR/<case>.<format>. */
static int golden_render_all(const char *dir)
{
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    for (size_t f = 0; f < sizeof golden_formats / sizeof golden_formats[0]; f++) {
        for (size_t c = 0; c < sizeof golden_cases / sizeof golden_cases[0]; c++) {
            uhp_report_opts opts = {false, false, UHP_SEV_ERROR};
            uhp_run run;
            uhp_run_init(&run);
            golden_cases[c].fill(&run);
            int rc = -2;
            char *out = fixture_render(golden_formats[f].name, &run, &opts, &rc);
            uhp_run_destroy(&run);
            char path[1024];
            snprintf(path, sizeof path, "%s/%s.%s", dir, golden_cases[c].name,
                     golden_formats[f].name);
            if (!out || rc != 0 || golden_write(path, out) != 0) {
                fprintf(stderr, "cannot render %s\n", path);
                free(out);
                return 1;
            }
            free(out);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--render") == 0)
        return golden_render_all(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_normalise),
        cmocka_unit_test(test_golden_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
