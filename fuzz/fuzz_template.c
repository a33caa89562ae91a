/* libFuzzer harness: templates and secrets through the public check API. Each line of the
 * input becomes the value of one key zowe.t0 .. zowe.t15 (written as a double-quoted YAML
 * scalar, so the fuzzer explores `${{ }}` expressions, references between the keys and
 * their nesting rather than YAML syntax); the places the rules read (externalDomains,
 * externalPort, the UMS host and port, the gateway port, an haInstances overlay) refer to
 * them, and a secret value is planted under zowe.certificate.keystore.password. The text is
 * checked with uhp_check, then every report is rendered into memory.
 * Oracles beyond the sanitizers: a check fails only for memory; every report is valid
 * UTF-8; no report contains the planted secret (the secret oracle: a value that came from
 * a secret key must stay hidden wherever templates, aliases or quoted lines take it).
 * UHP_FUZZ_NO_SECRET_ORACLE=1 in the environment turns the secret oracle off, to fuzz the
 * rest past a known leak.
 * Replayed over fuzz/corpus/template by tests/unit/test_fuzz_replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uhp/check.h"
#include "uhp/encoding.h"
#include "uhp/report.h"

#define FUZZ_TEMPLATE_KEYS 16
#define FUZZ_TEMPLATE_SECRET "Zq9S3cr3tPLANTED"

static const char *const fuzz_template_formats[] = {"text",  "compact", "json",
                                                    "sarif", "junit",   "github"};

/* The per-process file the config is written to: $TMPDIR/uhp-fuzz-template-PID.yaml. */
static const char *fuzz_template_path(void)
{
    static char path[512];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/uhp-fuzz-template-%ld.yaml", tmp && *tmp ? tmp : "/tmp",
                 (long)getpid());
    }
    return path;
}

/* Writes LINE[0..LEN) as the body of a double-quoted YAML scalar: quotes, backslashes and
 * control bytes escaped; the secret's first letter too, so the input cannot spell the
 * secret itself (only a reference to the secret key can bring it into a report). */
static void fuzz_template_quoted(FILE *f, const uint8_t *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = line[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f || c == 'Z')
            fprintf(f, "\\x%02x", c == 'Z' ? 'z' : c);
        else
            fputc(c, f);
    }
}

/* Writes the config of input DATA to F. */
static void fuzz_template_config(FILE *f, const uint8_t *data, size_t size)
{
    fputs("zowe:\n"
          "  externalDomains: [\"${{ zowe.t0 }}\", \"${{ zowe.t1 }}\"]\n"
          "  externalPort: \"${{ zowe.t2 }}\"\n"
          "  logDirectory: \"${{ zowe.t3 }}\"\n"
          "  certificate:\n"
          "    keystore:\n"
          "      type: PKCS12\n"
          "      password: \"" FUZZ_TEMPLATE_SECRET "\"\n",
          f);
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= size && k < FUZZ_TEMPLATE_KEYS; i++) {
        if (i < size && data[i] != '\n')
            continue;
        fprintf(f, "  t%zu: \"", k++);
        fuzz_template_quoted(f, data + start, i - start);
        fputs("\"\n", f);
        start = i + 1;
    }
    for (; k < FUZZ_TEMPLATE_KEYS; k++)
        fprintf(f, "  t%zu: \"${{ zowe.t%zu }}\"\n", k, (k + 1) % FUZZ_TEMPLATE_KEYS);
    fputs("components:\n"
          "  gateway:\n"
          "    enabled: true\n"
          "    port: \"${{ zowe.t4 }}\"\n"
          "  zss:\n"
          "    port: \"${{ zowe.t5 }}\"\n"
          "  izp:\n"
          "    enabled: true\n"
          "    server:\n"
          "      host: \"${{ zowe.t6 }}\"\n"
          "      authType: \"${{ zowe.t7 }}\"\n"
          "      port:\n"
          "        http: \"${{ zowe.t8 }}\"\n"
          "haInstances:\n"
          "  lpar1:\n"
          "    hostname: \"${{ zowe.t9 }}\"\n"
          "    sysname: SYS1\n"
          "    zowe:\n"
          "      externalPort: \"${{ zowe.t10 }}\"\n"
          "  lpar2:\n"
          "    hostname: lpar2.example.com\n"
          "    sysname: SYS2\n",
          f);
}

/* Renders RUN in every format into memory; aborts on a report that is not UTF-8 or that
 * holds the planted secret. */
static void fuzz_template_reports(const uhp_run *run)
{
    const uhp_run *runs[1] = {run};
    uhp_report_opts ropts;
    memset(&ropts, 0, sizeof ropts);
    ropts.fail_on = UHP_SEV_ERROR;
    for (size_t i = 0; i < sizeof fuzz_template_formats / sizeof fuzz_template_formats[0]; i++) {
        const uhp_report_format *fmt = uhp_report_find(fuzz_template_formats[i]);
        if (!fmt)
            continue;
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m)
            return;
        int rc = uhp_report_write(fmt, m, runs, 1, &ropts);
        fclose(m);
        if (rc == 0 && !uhp_utf8_valid(buf, len, NULL)) {
            fprintf(stderr, "fuzz_template: %s report is not valid UTF-8\n",
                    fuzz_template_formats[i]);
            abort();
        }
        static int oracle = -1;
        if (oracle < 0)
            oracle = getenv("UHP_FUZZ_NO_SECRET_ORACLE") == NULL;
        if (oracle && rc == 0 && buf && strstr(buf, FUZZ_TEMPLATE_SECRET)) {
            fprintf(stderr, "fuzz_template: the planted secret is in the %s report\n",
                    fuzz_template_formats[i]);
            abort();
        }
        free(buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_template_path();
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fuzz_template_config(f, data, size);
    if (fclose(f) != 0)
        return 0;
    uhp_check_opts o;
    uhp_check_opts_init(&o);
    const char *configs[1] = {path};
    const char *dvipa[1] = {"umsha.plex1.example.com=10.10.1.100"};
    o.configs = configs;
    o.n_configs = 1;
    o.dvipa_specs = dvipa;
    o.n_dvipa = 1;
    o.limits.max_depth = 64;
    uhp_run run;
    uhp_run_init(&run);
    int rc = uhp_check(&o, &run);
    if (rc != 0 && !run.out_of_memory) {
        fprintf(stderr, "fuzz_template: uhp_check failed without running out of memory\n");
        abort();
    }
    if (rc == 0 && !run.usage_error)
        fuzz_template_reports(&run);
    uhp_run_destroy(&run);
    return 0;
}
