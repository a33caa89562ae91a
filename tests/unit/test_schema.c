/* The JSON reader Zowe's schema files need, the pattern engine and the JSON Schema
 * validator: each keyword with a value that fails and one that passes, $ref across files,
 * anchors and pointers, and the located errors of hostile schemas. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "uhp/alloc.h"
#include "uhp/schema.h"

/* Validates INSTANCE (JSON text) against SCHEMA (JSON text, one file "s.json"); returns
 * the number of violations, -1 after a schema error. *KW gets the first keyword and PATH
 * (may be NULL) the first violation's JSON pointer. */
static int check_path(const char *schema, const char *instance, const char **kw, char *path,
                      size_t size)
{
    uhp_schema_set *set = uhp_schema_set_new(NULL);
    assert_non_null(set);
    uhp_schema_error err;
    memset(&err, 0, sizeof err);
    const uhp_jv *root = uhp_schema_set_add(set, "s.json", schema, strlen(schema), &err);
    if (!root) {
        uhp_schema_set_free(set);
        return -2;
    }
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_jv *inst = uhp_json_parse("i.json", instance, strlen(instance), &a, NULL, &err);
    assert_non_null(inst);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    int rc = uhp_schema_validate(set, root, inst, &res, &err);
    int n = rc == 0 ? (int)res.n : -1;
    static char kwbuf[64];
    kwbuf[0] = '\0';
    if (n > 0) {
        snprintf(kwbuf, sizeof kwbuf, "%s", res.v[0].keyword);
        if (path)
            uhp_jv_pointer(res.v[0].instance, path, size);
    }
    if (kw)
        *kw = kwbuf;
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
    return n;
}

static int check(const char *schema, const char *instance, const char **kw)
{
    return check_path(schema, instance, kw, NULL, 0);
}

/* Asserts INSTANCE fails SCHEMA once with keyword KW, and GOOD passes. */
static void fails_and_passes(const char *schema, const char *bad, const char *kw, const char *good)
{
    const char *got;
    assert_int_equal(check(schema, bad, &got), 1);
    assert_string_equal(got, kw);
    assert_int_equal(check(schema, good, &got), 0);
}

static void test_json_reader_accepts_what_zowe_accepts(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_schema_error err;
    const char *ok = "// a comment\n{\"a\": [1, 2, ], /* block */ \"b\": {\"c\": true,},}";
    uhp_jv *v = uhp_json_parse("x.json", ok, strlen(ok), &a, NULL, &err);
    assert_non_null(v);
    assert_int_equal(uhp_jv_get(v, "a")->len, 2);
    assert_true(uhp_jv_get(uhp_jv_get(v, "b"), "c")->b);
    const char *esc = "\"\\u00e9\\ud83d\\ude00\\n\"";
    v = uhp_json_parse("x.json", esc, strlen(esc), &a, NULL, &err);
    assert_non_null(v);
    assert_string_equal(v->str, "\xc3\xa9\xf0\x9f\x98\x80\n");
    uhp_arena_destroy(&a);
}

static void test_json_reader_errors_are_located(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned line, col;
        const char *what;
    } cases[] = {
        {"[,]", 1, 2, "unexpected ','"},
        {"{,}", 1, 2, "expected a key"},
        {"{\"a\": 1\n \"b\": 2}", 2, 2, "expected ','"},
        {"[1, 2", 1, 1, "unclosed array"},
        {"{\"a\": tru}", 1, 7, "unexpected 't'"},
        {"[1] 2", 1, 5, "text after"},
        {"", 1, 1, "no JSON value"},
        {"\"abc", 1, 1, "unterminated string"},
        {"/* open", 1, 1, "unclosed comment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uhp_arena a;
        uhp_arena_init(&a);
        uhp_schema_error err;
        memset(&err, 0, sizeof err);
        uhp_jv *v = uhp_json_parse("x.json", cases[i].text, strlen(cases[i].text), &a, NULL, &err);
        assert_null(v);
        assert_string_equal(err.file, "x.json");
        if (err.line != cases[i].line || err.col != cases[i].col)
            fail_msg("'%s': %u:%u, not %u:%u", cases[i].text, (unsigned)err.line, (unsigned)err.col,
                     cases[i].line, cases[i].col);
        assert_non_null(strstr(err.message, cases[i].what));
        uhp_arena_destroy(&a);
    }
}

static void test_json_reader_limits(void **state)
{
    (void)state;
    char deep[700];
    memset(deep, '[', 600);
    deep[600] = '\0';
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_schema_error err;
    assert_null(uhp_json_parse("d.json", deep, 600, &a, NULL, &err));
    assert_non_null(strstr(err.message, "nested deeper than 256"));
    assert_int_equal(err.col, 257);
    uhp_json_limits lim = {10, 0, 0};
    assert_null(uhp_json_parse("s.json", "[1,2,3,4,5,6]", 13, &a, &lim, &err));
    assert_non_null(strstr(err.message, "larger than 10 bytes"));
    uhp_json_limits nodes = {0, 0, 3};
    assert_null(uhp_json_parse("n.json", "[1,2,3,4]", 9, &a, &nodes, &err));
    assert_non_null(strstr(err.message, "more than 3 values"));
    uhp_arena_destroy(&a);
}

static void test_type(void **state)
{
    (void)state;
    fails_and_passes("{\"type\": \"integer\"}", "\"7554\"", "type", "7554");
    fails_and_passes("{\"type\": \"integer\"}", "1.5", "type", "1.0");
    fails_and_passes("{\"type\": [\"string\", \"null\"]}", "true", "type", "null");
    fails_and_passes("{\"type\": \"number\"}", "\"1\"", "type", "2.5");
    fails_and_passes("{\"type\": \"object\"}", "[]", "type", "{}");
    fails_and_passes("{\"type\": \"boolean\"}", "0", "type", "false");
}

static void test_enum_and_const(void **state)
{
    (void)state;
    fails_and_passes("{\"enum\": [\"STRICT\", \"NONSTRICT\", 1]}", "\"strict\"", "enum", "1");
    fails_and_passes("{\"const\": {\"a\": [1, 2]}}", "{\"a\": [2, 1]}", "const",
                     "{\"a\": [1, 2.0]}");
}

static void test_pattern(void **state)
{
    (void)state;
    const char *ds = "{\"pattern\": \"^([A-Z\\\\$\\\\#\\\\@]){1}([A-Z0-9\\\\$\\\\#\\\\@]){0,7}$\"}";
    fails_and_passes(ds, "\"ZWE1234AB\"", "pattern", "\"ZWE$12#\"");
    fails_and_passes("{\"pattern\": \"^(https?)://\"}", "\"ftp://x\"", "pattern", "\"https://x\"");
    fails_and_passes("{\"pattern\": \"^[^,]+(,[^,]+)*$\"}", "\"a,,b\"", "pattern", "\"a,b\"");
    /* unanchored: a match anywhere counts; a non-string is not judged */
    fails_and_passes("{\"pattern\": \"eureka/\"}", "\"x/eurek\"", "pattern", "42");
    /* '.' does not match a line terminator */
    fails_and_passes("{\"pattern\": \"^a.b$\"}", "\"a\\nb\"", "pattern",
                     "\"a\xc3\xa9"
                     "b\"");
}

static void test_regex_engine(void **state)
{
    (void)state;
    static const struct {
        const char *re, *s;
        int want;
    } cases[] = {
        {"^[0-9]*\\.[0-9]*\\.[0-9]*(-*[a-zA-Z][0-9a-zA-Z\\-\\.]*)?(\\+[0-9a-zA-Z\\-\\.]*)?$",
         "2.18.0-rc.1+b7", 1},
        {"^[0-9]*\\.[0-9]*\\.[0-9]*$", "2.18", 0},
        {"^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-"
         "4][0-9]|25[0-5])$",
         "10.1.255.9", 1},
        {"^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-"
         "4][0-9]|25[0-5])$",
         "10.1.256.9", 0},
        {"^[*]?|([a-zA-Z0-9]+(,[a-zA-Z0-9]+)*)$", "", 1},
        {"a{2,3}$", "caaa", 1},
        {"^a{2,3}$", "aaaa", 0},
        {"^(a|)+$", "aaa", 1},
        {"^\\d+\\s\\w+$", "12 ab_c", 1},
        {"^[^\\d]$", "5", 0},
        {"^(?:ab)*?c$", "ababc", 1},
        {"^x{1,}$", "xxxx", 1},
        {"^\\u00e9$", "\xc3\xa9", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[200];
        uhp_regex *re = uhp_regex_compile(cases[i].re, 0, msg, sizeof msg);
        assert_non_null(re);
        assert_int_equal(uhp_regex_search(re, cases[i].s, strlen(cases[i].s)), cases[i].want);
        uhp_regex_free(re);
    }
    static const char *const refused[] = {"(a)\\1", "(?=a)", "\\bx",  "a(",
                                          "a)",     "*a",    "[b-a]", "(a{1,1000}){1,1000}"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char msg[200] = "";
        assert_null(uhp_regex_compile(refused[i], 0, msg, sizeof msg));
        assert_true(msg[0] != '\0');
    }
    /* a repetition of many states over a long string: linear, and a clear answer */
    char msg[200];
    uhp_regex *re = uhp_regex_compile("^(a|aa)*(a|aa)*(a|aa)*b$", 0, msg, sizeof msg);
    assert_non_null(re);
    size_t n = 200000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, 'a', n);
    s[n] = '\0';
    assert_int_equal(uhp_regex_search(re, s, n), 0);
    free(s);
    uhp_regex_free(re);
}

static void test_numbers_and_lengths(void **state)
{
    (void)state;
    fails_and_passes("{\"minimum\": 1024, \"maximum\": 65535}", "99999", "maximum", "65535");
    fails_and_passes("{\"minimum\": 1024}", "80", "minimum", "1024");
    fails_and_passes("{\"exclusiveMaximum\": 10}", "10", "exclusiveMaximum", "9");
    fails_and_passes("{\"exclusiveMinimum\": 0}", "0", "exclusiveMinimum", "0.5");
    fails_and_passes("{\"minLength\": 1}", "\"\"", "minLength", "\"\xc3\xa9\"");
    fails_and_passes("{\"maxLength\": 2}", "\"abc\"", "maxLength", "\"\xc3\xa9\xc3\xa9\"");
    fails_and_passes("{\"minItems\": 1}", "[]", "minItems", "[0]");
    fails_and_passes("{\"maxItems\": 1}", "[1, 2]", "maxItems", "[1]");
    fails_and_passes("{\"minProperties\": 1}", "{}", "minProperties", "{\"a\": 1}");
}

static void test_unique_items(void **state)
{
    (void)state;
    char path[64];
    const char *kw;
    assert_int_equal(
        check_path("{\"uniqueItems\": true}", "[\"a\", \"b\", \"a\"]", &kw, path, sizeof path), 1);
    assert_string_equal(kw, "uniqueItems");
    assert_string_equal(path, "/2"); /* the repeat, not the first */
    fails_and_passes("{\"uniqueItems\": true}", "[{\"x\": [1]}, {\"x\": [1.0]}]", "uniqueItems",
                     "[1, \"1\", true]");
    assert_int_equal(check("{\"uniqueItems\": false}", "[1, 1]", &kw), 0);
}

static void test_objects(void **state)
{
    (void)state;
    const char *s = "{\"type\": \"object\", \"required\": [\"hostname\"], \"properties\": "
                    "{\"hostname\": {\"type\": \"string\", \"description\": \"Host name.\"}}, "
                    "\"additionalProperties\": false}";
    fails_and_passes(s, "{}", "required", "{\"hostname\": \"a\"}");
    fails_and_passes(s, "{\"hostname\": \"a\", \"hostnme\": 1}", "additionalProperties",
                     "{\"hostname\": \"b\"}");
    fails_and_passes(s, "{\"hostname\": 1}", "type", "{\"hostname\": \"c\"}");
    char path[64];
    const char *kw;
    assert_int_equal(check_path(s, "{\"hostname\": \"a\", \"x y\": 1}", &kw, path, sizeof path), 1);
    assert_string_equal(path, "/x y");
    const char *pp = "{\"patternProperties\": {\"^[0-9]+$\": {\"type\": \"integer\"}}, "
                     "\"additionalProperties\": {\"type\": \"string\"}}";
    fails_and_passes(pp, "{\"12\": \"x\"}", "type", "{\"12\": 3, \"ab\": \"c\"}");
    fails_and_passes(pp, "{\"ab\": 3}", "type", "{}");
    fails_and_passes("{\"dependentRequired\": {\"a\": [\"b\"]}}", "{\"a\": 1}", "dependentRequired",
                     "{\"a\": 1, \"b\": 2}");
}

static void test_items(void **state)
{
    (void)state;
    fails_and_passes("{\"items\": {\"type\": \"string\"}}", "[\"a\", 1]", "type", "[\"a\"]");
    fails_and_passes("{\"items\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}",
                     "[\"a\", \"b\"]", "type", "[\"a\", 2, true]");
    fails_and_passes("{\"items\": false}", "[1]", "false", "[]");
}

static void test_combinators(void **state)
{
    (void)state;
    const char *a = "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}";
    fails_and_passes(a, "true", "anyOf", "3");
    const char *o = "{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 2}]}";
    fails_and_passes(o, "3", "oneOf", "1");
    fails_and_passes(o, "1.5", "oneOf", "2.5");
    fails_and_passes("{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 2}]}", "1", "minimum",
                     "2");
    fails_and_passes("{\"not\": {\"type\": \"null\"}}", "null", "not", "0");
    const char *ite = "{\"if\": {\"properties\": {\"type\": {\"const\": \"PKCS12\"}}}, "
                      "\"then\": {\"required\": [\"file\"]}, \"else\": {\"required\": "
                      "[\"keyring\"]}}";
    fails_and_passes(ite, "{\"type\": \"PKCS12\"}", "required",
                     "{\"type\": \"PKCS12\", \"file\": \"f\"}");
    fails_and_passes(ite, "{\"type\": \"JCERACFKS\"}", "required",
                     "{\"type\": \"JCERACFKS\", \"keyring\": \"k\"}");
    /* the violations inside a failed anyOf branch are not reported on their own */
    const char *kw;
    assert_int_equal(check("{\"anyOf\": [{\"properties\": {\"a\": {\"type\": \"string\"}}}, "
                           "{\"required\": [\"b\"]}]}",
                           "{\"a\": 1}", &kw),
                     1);
    assert_string_equal(kw, "anyOf");
    /* nested probes: a failure deep inside an anyOf branch makes the branch fail */
    fails_and_passes("{\"anyOf\": [{\"items\": {\"properties\": {\"a\": {\"not\": {}}}}}]}",
                     "[{\"a\": 1}]", "anyOf", "[{\"b\": 1}]");
}

static void test_refs_anchors_and_files(void **state)
{
    (void)state;
    uhp_schema_set *set = uhp_schema_set_new(NULL);
    uhp_schema_error err;
    const char *common = "{\"$id\": \"https://zowe.org/schemas/v2/server-common\", \"$defs\": "
                         "{\"port\": {\"$anchor\": \"zoweTcpPort\", \"type\": \"integer\", "
                         "\"minimum\": 1, \"maximum\": 65535}}}";
    const char *base = "{\"$id\": \"https://zowe.org/schemas/v2/server-base\", \"type\": "
                       "\"object\", \"properties\": {\"p\": {\"$ref\": "
                       "\"/schemas/v2/server-common#zoweTcpPort\"}, \"q\": {\"$ref\": "
                       "\"#/$defs/local\"}, \"r\": {\"$ref\": \"server-common#/$defs/port\"}}, "
                       "\"$defs\": {\"local\": {\"type\": \"string\"}}}";
    assert_non_null(uhp_schema_set_add(set, "common.json", common, strlen(common), &err));
    const uhp_jv *top = uhp_schema_set_add(set, "base.json", base, strlen(base), &err);
    assert_non_null(top);
    assert_ptr_equal(uhp_schema_set_find(set, "https://zowe.org/schemas/v2/server-base"), top);
    uhp_arena a;
    uhp_arena_init(&a);
    const char *bad = "{\"p\": 0, \"q\": 1, \"r\": 70000}";
    uhp_jv *inst = uhp_json_parse("i.json", bad, strlen(bad), &a, NULL, &err);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(set, top, inst, &res, &err), 0);
    assert_int_equal(res.n, 3);
    assert_string_equal(res.v[0].keyword, "minimum");
    assert_string_equal(res.v[1].keyword, "type");
    assert_string_equal(res.v[2].keyword, "maximum");
    char path[64];
    uhp_jv_dotted(res.v[2].instance, path, sizeof path);
    assert_string_equal(path, "r");
    assert_string_equal(uhp_jv_file(res.v[2].schema), "common.json");
    uhp_schema_result_free(&res);
    const char *good = "{\"p\": 80, \"q\": \"x\", \"r\": 65535}";
    inst = uhp_json_parse("i.json", good, strlen(good), &a, NULL, &err);
    assert_int_equal(uhp_schema_validate(set, top, inst, &res, &err), 0);
    assert_int_equal(res.n, 0);
    uhp_schema_result_free(&res);
    /* the same $id twice is refused, where the second one is */
    const char *again = "{\n  \"$id\": \"https://zowe.org/schemas/v2/server-common\"}";
    assert_null(uhp_schema_set_add(set, "again.json", again, strlen(again), &err));
    assert_string_equal(err.file, "again.json");
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "defined twice"));
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
}

/* Validates {} against SCHEMA and returns the schema error (rc must be -1). */
static void hostile(const char *schema, const char *instance, const char *what, unsigned line)
{
    uhp_schema_set *set = uhp_schema_set_new(NULL);
    uhp_schema_error err;
    memset(&err, 0, sizeof err);
    const uhp_jv *top = uhp_schema_set_add(set, "h.json", schema, strlen(schema), &err);
    assert_non_null(top);
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_jv *inst = uhp_json_parse("i.json", instance, strlen(instance), &a, NULL, &err);
    assert_non_null(inst);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(set, top, inst, &res, &err), -1);
    assert_string_equal(err.file, "h.json");
    assert_int_equal(err.line, line);
    assert_true(err.col > 0);
    if (!strstr(err.message, what))
        fail_msg("'%s' does not say '%s'", err.message, what);
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
}

/* Asserts SCHEMA is refused when read, with WHAT at LINE of h.json. */
static void hostile_load(const char *schema, const char *what, unsigned line)
{
    uhp_schema_set *set = uhp_schema_set_new(NULL);
    uhp_schema_error err;
    memset(&err, 0, sizeof err);
    assert_null(uhp_schema_set_add(set, "h.json", schema, strlen(schema), &err));
    assert_string_equal(err.file, "h.json");
    assert_int_equal(err.line, line);
    assert_true(err.col > 0);
    if (!strstr(err.message, what))
        fail_msg("'%s' does not say '%s'", err.message, what);
    uhp_schema_set_free(set);
}

static void test_hostile_schemas_are_located_errors(void **state)
{
    (void)state;
    hostile("{\n\"$ref\": \"#/$defs/a\",\n\"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"},\n"
            "\"b\": {\"$ref\": \"#/$defs/a\"}}}",
            "{}", "is a cycle", 4);
    hostile("{\"$ref\": \"#\"}", "1", "is a cycle", 1);
    /* a chain of 80 distinct references */
    char chain[8192];
    size_t len = (size_t)snprintf(chain, sizeof chain, "{\"$ref\": \"#/$defs/d0\", \"$defs\": {");
    for (int i = 0; i < 80; i++)
        len += (size_t)snprintf(chain + len, sizeof chain - len,
                                "%s\"d%d\": {\"$ref\": \"#/$defs/d%d\"}", i ? "," : "", i, i + 1);
    snprintf(chain + len, sizeof chain - len, ",\"d80\": true}}");
    hostile(chain, "{}", "chain of more than 64", 1);
    hostile("{\"properties\": {\"a\": {\n\"$ref\": \"other.json#/x\"}}}", "{\"a\": 1}",
            "names no schema", 2);
    /* patterns are compiled when the schema is read: refused whatever the value */
    hostile_load("{\"pattern\": \"(a{1,1000}){1,1000}\"}", "pattern too large", 1);
    hostile_load("{\n\"pattern\": \"(a)\\\\1\"}", "not supported", 2);
    hostile_load("{\"patternProperties\": {\"(?<=a)b\": {}}}", "look-around", 1);
    /* exponential anyOf nesting runs into the step budget */
    char wide[16384];
    len = 0;
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(wide + len, sizeof wide - len, "{\"anyOf\": [");
    len += (size_t)snprintf(wide + len, sizeof wide - len, "false");
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(wide + len, sizeof wide - len, ", false]}");
    (void)wide; /* linear: each level adds one branch, so it ends fast and fails cleanly */
    const char *kw;
    assert_int_equal(check(wide, "1", &kw), 1);
    const char *twice = "{\"$defs\": {\"x\": {\"oneOf\": [{\"$ref\": \"#/$defs/y\"}, {\"$ref\": "
                        "\"#/$defs/y\"}]}, \"y\": {\"oneOf\": [{\"$ref\": \"#/$defs/z\"}, "
                        "{\"$ref\": \"#/$defs/z\"}]}, \"z\": {\"items\": {\"$ref\": "
                        "\"#/$defs/x\"}}}, \"$ref\": \"#/$defs/x\"}";
    /* 4 branches a level over a 30-deep array: 4^30 paths, cut by the step budget */
    char deep[200];
    memset(deep, '[', 30);
    memset(deep + 30, ']', 30);
    deep[60] = '\0';
    uhp_schema_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.max_steps = 200000;
    uhp_schema_set *set = uhp_schema_set_new(&lim);
    uhp_schema_error err;
    const uhp_jv *top = uhp_schema_set_add(set, "t.json", twice, strlen(twice), &err);
    assert_non_null(top);
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_jv *inst = uhp_json_parse("i.json", deep, 60, &a, NULL, &err);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(set, top, inst, &res, &err), -1);
    assert_non_null(strstr(err.message, "more than 200000 steps"));
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
}

static void test_unknown_values_pass_every_schema(void **state)
{
    (void)state;
    uhp_schema_set *set = uhp_schema_set_new(NULL);
    uhp_schema_error err;
    const char *s = "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\", "
                    "\"enum\": [1]}}, \"required\": [\"a\"]}";
    const uhp_jv *top = uhp_schema_set_add(set, "s.json", s, strlen(s), &err);
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_jv *inst = uhp_json_parse("i.json", "{\"a\": 0}", 8, &a, NULL, &err);
    ((uhp_jv *)uhp_jv_get(inst, "a"))->kind = UHP_JV_UNKNOWN;
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(set, top, inst, &res, &err), 0);
    assert_int_equal(res.n, 0);
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
}

/* A component's set shares the base documents, and a $ref to the base already validated is
 * not followed again, but still fails a probe when the base was invalid. */
static void test_shared_base_and_known(void **state)
{
    (void)state;
    uhp_schema_error err;
    uhp_schema_set *base = uhp_schema_set_new(NULL);
    const char *b = "{\"$id\": \"https://zowe.org/schemas/v2/server-base\", \"required\": [\"x\"]}";
    const uhp_jv *btop = uhp_schema_set_add(base, "base.json", b, strlen(b), &err);
    assert_non_null(btop);
    uhp_schema_set *comp = uhp_schema_set_new(NULL);
    assert_ptr_equal(uhp_schema_set_share(comp, btop, &err), btop);
    const char *c = "{\"allOf\": [{\"$ref\": \"https://zowe.org/schemas/v2/server-base\"}, "
                    "{\"properties\": {\"y\": {\"type\": \"string\"}}}], \"anyOf\": "
                    "[{\"$ref\": \"https://zowe.org/schemas/v2/server-base\"}]}";
    const uhp_jv *ctop = uhp_schema_set_add(comp, "comp.json", c, strlen(c), &err);
    assert_non_null(ctop);
    /* sharing it again changes nothing; another document with its $id is refused */
    assert_ptr_equal(uhp_schema_set_share(comp, btop, &err), btop);
    const char *dup = "{\"$id\": \"https://zowe.org/schemas/v2/server-base\"}";
    assert_null(uhp_schema_set_add(comp, "dup.json", dup, strlen(dup), &err));
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_jv *inst = uhp_json_parse("i.json", "{\"y\": 1}", 8, &a, NULL, &err);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(comp, ctop, inst, &res, &err), 0);
    assert_int_equal(res.n, 3); /* required (allOf), type, anyOf */
    uhp_schema_result_free(&res);
    /* the base known invalid: not followed, but the anyOf probe still fails */
    assert_int_equal(uhp_schema_validate_known(comp, ctop, inst, &res, &err, btop, false), 0);
    assert_int_equal(res.n, 2);
    assert_string_equal(res.v[0].keyword, "type");
    assert_string_equal(res.v[1].keyword, "anyOf");
    uhp_schema_result_free(&res);
    /* known valid: the probe passes */
    assert_int_equal(uhp_schema_validate_known(comp, ctop, inst, &res, &err, btop, true), 0);
    assert_int_equal(res.n, 1);
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    uhp_schema_set_free(comp);
    uhp_schema_set_free(base);
}

/* A schema set holds thousands of values: each is 64 bytes at most (it was 128). */
static void test_value_size(void **state)
{
    (void)state;
    assert_true(sizeof(uhp_jv) <= 64);
}

/* Numbers keep their exact integer and their double (-0 included) in one slot; items keep
 * their index and members their key, in document order; every value finds its file. */
static void test_values_keep_what_they_read(void **state)
{
    (void)state;
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_schema_error err;
    const char *t = "[-0, -0.0, 9007199254740993, 1.5, 3.0, 12345678901234567890, "
                    "{\"b\": \"type\", \"a\": \"x\\ty\"}]";
    uhp_jv *v = uhp_json_parse("n.json", t, strlen(t), &a, NULL, &err);
    assert_non_null(v);
    assert_int_equal(v->len, 7);
    const uhp_jv *it[7];
    size_t n = 0;
    for (const uhp_jv *c = v->first; c; c = c->next) {
        assert_int_equal(c->index, n);
        assert_ptr_equal(c->parent, v);
        it[n++] = c;
    }
    assert_int_equal(n, 7);
    for (int i = 0; i < 2; i++) {
        assert_true(it[i]->is_int);
        assert_int_equal(it[i]->i, 0);
        assert_true(uhp_jv_num(it[i]) == 0 && signbit(uhp_jv_num(it[i])));
    }
    assert_true(it[2]->is_int);
    assert_true(it[2]->i == INT64_C(9007199254740993));
    assert_true(uhp_jv_num(it[2]) == strtod("9007199254740993", NULL));
    assert_false(it[3]->is_int);
    assert_true(uhp_jv_num(it[3]) == 1.5);
    assert_true(it[4]->is_int);
    assert_int_equal(it[4]->i, 3);
    assert_false(it[5]->is_int); /* beyond int64: a double */
    assert_true(uhp_jv_num(it[5]) == strtod("12345678901234567890", NULL));
    /* members in document order, with their keys; strings with and without escapes */
    const uhp_jv *o = it[6];
    assert_string_equal(o->first->key, "b");
    assert_string_equal(o->first->str, "type");
    assert_int_equal(o->first->len, 4);
    assert_string_equal(o->first->next->key, "a");
    assert_string_equal(o->first->next->str, "x\ty");
    assert_null(o->first->next->next);
    /* the file, from the root of the document */
    assert_string_equal(uhp_jv_file(v), "n.json");
    assert_string_equal(uhp_jv_file(o->first), "n.json");
    assert_null(uhp_jv_file(NULL));
    uhp_jv built;
    memset(&built, 0, sizeof built);
    assert_null(uhp_jv_file(&built));
    /* -0 and 0 are equal; the integer 3 and 3.0 too */
    uhp_jv *z = uhp_json_parse("z.json", "[0, 3]", 6, &a, NULL, &err);
    assert_true(uhp_jv_equal(it[0], z->first));
    assert_true(uhp_jv_equal(it[4], z->first->next));
    uhp_arena_destroy(&a);
    /* a limit of -0 reads as written */
    uhp_schema_set *set = uhp_schema_set_new(NULL);
    const char *s = "{\"minimum\": -0, \"enum\": [-0.0, 1.5]}";
    const uhp_jv *root = uhp_schema_set_add(set, "s.json", s, strlen(s), &err);
    assert_non_null(root);
    uhp_arena_init(&a);
    uhp_jv *inst = uhp_json_parse("i.json", "-1", 2, &a, NULL, &err);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(set, root, inst, &res, &err), 0);
    assert_int_equal(res.n, 2);
    assert_string_equal(res.v[0].detail, "must be at least -0");
    assert_string_equal(res.v[1].detail, "must be one of 0, 1.5");
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    uhp_schema_set_free(set);
}

/* Sets made in another's arena share it, and a pattern is compiled once for all of them;
 * a bad pattern is still an error in each, when its schema is read. */
static void test_sets_share_arena_and_patterns(void **state)
{
    (void)state;
    uhp_schema_error err;
    uhp_schema_set *owner = uhp_schema_set_new(NULL);
    uhp_schema_set *comp = uhp_schema_set_new_in(NULL, owner);
    assert_ptr_equal(uhp_schema_set_arena(comp), uhp_schema_set_arena(owner));
    const char *s = "{\"pattern\": \"^a{2,3}$\", \"patternProperties\": {\"^a{2,3}$\": true}}";
    const uhp_jv *r1 = uhp_schema_set_add(owner, "1.json", s, strlen(s), &err);
    const uhp_jv *r2 = uhp_schema_set_add(comp, "2.json", s, strlen(s), &err);
    assert_non_null(r1);
    assert_non_null(r2);
    const uhp_jv *p1 = uhp_jv_get(r1, "pattern"), *p2 = uhp_jv_get(r2, "pattern");
    assert_non_null(p1->compiled);
    assert_ptr_equal(p1->compiled, p2->compiled);
    assert_ptr_equal(uhp_jv_get(r2, "patternProperties")->first->compiled, p1->compiled);
    const char *bad = "{\"pattern\": \"(a\"}";
    assert_null(uhp_schema_set_add(comp, "3.json", bad, strlen(bad), &err));
    assert_string_equal(err.file, "3.json");
    assert_null(uhp_schema_set_add(owner, "4.json", bad, strlen(bad), &err));
    assert_string_equal(err.file, "4.json");
    uhp_arena a;
    uhp_arena_init(&a);
    uhp_jv *good = uhp_json_parse("i.json", "\"aaa\"", 5, &a, NULL, &err);
    uhp_jv *no = uhp_json_parse("i.json", "\"aaaa\"", 6, &a, NULL, &err);
    uhp_schema_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(uhp_schema_validate(comp, r2, good, &res, &err), 0);
    assert_int_equal(res.n, 0);
    assert_int_equal(uhp_schema_validate(comp, r2, no, &res, &err), 0);
    assert_int_equal(res.n, 1);
    assert_string_equal(res.v[0].keyword, "pattern");
    uhp_schema_result_free(&res);
    uhp_arena_destroy(&a);
    /* a program in an arena works as a heap one */
    uhp_arena ra;
    uhp_arena_init(&ra);
    char msg[128];
    uhp_regex *re = uhp_regex_compile_in(&ra, "^[a-c]x{2,3}[^0-9]$", 100, msg, sizeof msg);
    assert_non_null(re);
    assert_int_equal(uhp_regex_search(re, "bxxq", 4), 1);
    assert_int_equal(uhp_regex_search(re, "bxx1", 4), 0);
    assert_null(uhp_regex_compile_in(&ra, "(?=a)", 100, msg, sizeof msg));
    assert_null(uhp_regex_compile_in(&ra, "a{50}", 10, msg, sizeof msg));
    uhp_arena_destroy(&ra);
    uhp_schema_set_free(comp);
    uhp_schema_set_free(owner);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_reader_accepts_what_zowe_accepts),
        cmocka_unit_test(test_json_reader_errors_are_located),
        cmocka_unit_test(test_json_reader_limits),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_enum_and_const),
        cmocka_unit_test(test_pattern),
        cmocka_unit_test(test_regex_engine),
        cmocka_unit_test(test_numbers_and_lengths),
        cmocka_unit_test(test_unique_items),
        cmocka_unit_test(test_objects),
        cmocka_unit_test(test_items),
        cmocka_unit_test(test_combinators),
        cmocka_unit_test(test_refs_anchors_and_files),
        cmocka_unit_test(test_hostile_schemas_are_located_errors),
        cmocka_unit_test(test_unknown_values_pass_every_schema),
        cmocka_unit_test(test_shared_base_and_known),
        cmocka_unit_test(test_value_size),
        cmocka_unit_test(test_values_keep_what_they_read),
        cmocka_unit_test(test_sets_share_arena_and_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
