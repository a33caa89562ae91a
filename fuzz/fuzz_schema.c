/* libFuzzer harness: the JSON Schema validator of UHA011. The input up to the first NUL
 * byte is a schema file, read as Zowe's reader reads one (uhp_schema_set_add: trailing
 * commas, comments, $id and $anchor indexed, patterns compiled); the rest, when there is
 * one, is a JSON value to validate, else the schema validates itself and a few fixed
 * values. Hostile schemas ($ref cycles and chains, huge patterns, deep nesting,
 * exponential combinators) must end in a located error, never a crash, a hang or a leak.
 * Oracles beyond the sanitizers: a refused schema or a failed validation always says where
 * (a file name and a message); every violation points at a value of the instance and at a
 * schema node of the set. The step budget is lowered so that each input runs fast.
 * Replayed over fuzz/corpus/schema by tests/unit/test_fuzz_replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "uhp/schema.h"

static const char *const fuzz_schema_values[] = {
    "null",
    "true",
    "7554",
    "-1.5",
    "\"safkeyring://ZWESVUSR/ring\"",
    "[1, 1, \"a\"]",
    "{\"zowe\": {\"externalDomains\": [\"a\", \"a\"], \"externalPort\": 99999}, "
    "\"haInstances\": {\"x\": {\"hostname\": 1}}, \"components\": {\"gateway\": "
    "{\"enabled\": true, \"port\": \"7554\"}}}",
};

/* Aborts unless ERR says where and what. */
static void fuzz_schema_located(const uhp_schema_error *err)
{
    if (!err->file[0] || !err->message[0])
        abort();
}

/* Validates INST against SCHEMA in SET and checks the answer. */
static void fuzz_schema_run(uhp_schema_set *set, const uhp_jv *schema, const uhp_jv *inst)
{
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    uhp_schema_error err;
    memset(&err, 0, sizeof err);
    int rc = uhp_schema_validate(set, schema, inst, &res, &err);
    if (rc == -1)
        fuzz_schema_located(&err);
    for (size_t i = 0; rc == 0 && i < res.n; i++) {
        const uhp_schema_violation *v = &res.v[i];
        if (!v->instance || !v->schema || !v->keyword)
            abort();
        char path[256];
        uhp_jv_pointer(v->instance, path, sizeof path);
        uhp_jv_dotted(v->instance, path, sizeof path);
    }
    uhp_schema_result_free(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(data, 0, size);
    size_t schema_len = nul ? (size_t)(nul - text) : size;
    uhp_schema_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.max_steps = 200000;
    lim.json.max_depth = 64;
    lim.json.max_nodes = 20000;
    uhp_schema_set *set = uhp_schema_set_new(&lim);
    if (!set)
        return 0;
    uhp_schema_error err;
    memset(&err, 0, sizeof err);
    const uhp_jv *root = uhp_schema_set_add(set, "fuzz.json", text, schema_len, &err);
    if (!root) {
        fuzz_schema_located(&err);
        uhp_schema_set_free(set);
        return 0;
    }
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_json_limits jl = {0, 64, 20000};
    if (nul) {
        uhp_jv *inst = uhp_json_parse("value.json", nul + 1, size - schema_len - 1, &a, &jl, &err);
        if (inst)
            fuzz_schema_run(set, root, inst);
        else
            fuzz_schema_located(&err);
    } else {
        /* the schema as a value of its own, and a few values Zowe's configurations hold */
        uhp_jv *self = uhp_json_parse("self.json", text, schema_len, &a, &jl, &err);
        if (self)
            fuzz_schema_run(set, root, self);
        for (size_t i = 0; i < sizeof fuzz_schema_values / sizeof fuzz_schema_values[0]; i++) {
            const char *v = fuzz_schema_values[i];
            uhp_jv *inst = uhp_json_parse("value.json", v, strlen(v), &a, &jl, &err);
            if (inst)
                fuzz_schema_run(set, root, inst);
        }
    }
    /* the pattern engine on its own: the schema text as a pattern over the value text */
    if (schema_len < 512) {
        char pat[512];
        char msg[128];
        memcpy(pat, text, schema_len);
        pat[schema_len] = '\0';
        uhp_regex *re = uhp_regex_compile(pat, 2000, msg, sizeof msg);
        if (re) {
            const char *subject = nul ? nul + 1 : "ZWESVUSR.ZOWE.PARMLIB";
            size_t slen = nul ? size - schema_len - 1 : strlen(subject);
            uhp_regex_search(re, subject, slen);
            uhp_regex_free(re);
        } else if (!msg[0]) {
            abort();
        }
    }
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
    return 0;
}
