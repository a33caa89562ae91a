/* Every rule of the registry has its doc page (docs/rules/<ID>.md, embedded at build time as
 * the `explain` text), headed "# <ID> <name>", with the sections SPEC 4 asks for; ids and
 * names are unique and both find the rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "uhp/rule.h"

static void test_every_rule_has_its_page(void **state)
{
    (void)state;
    size_t n;
    const uhp_rule *const *rules = uhp_rules(&n);
    assert_true(n >= 16);
    size_t missing = 0;
    for (size_t i = 0; i < n; i++) {
        const uhp_rule *r = rules[i];
        const char *doc = uhp_rule_doc(r);
        if (!doc) {
            fprintf(stderr, "rule %s (%s) has no docs/rules/%s.md\n", r->id, r->name, r->id);
            missing++;
            continue;
        }
        char head[128];
        snprintf(head, sizeof head, "# %s %s\n", r->id, r->name);
        if (strncmp(doc, head, strlen(head)) != 0) {
            fprintf(stderr, "docs/rules/%s.md must start with '%.*s', starts with '%.40s'\n", r->id,
                    (int)strlen(head) - 1, head, doc);
            missing++;
        }
        if (!strstr(doc, "\n## What") || !strstr(doc, "\n## Why") ||
            !strstr(doc, "\n## How to fix") || !strstr(doc, "\n## Example")) {
            fprintf(stderr,
                    "docs/rules/%s.md lacks a What, Why, How to fix or Example "
                    "section (## headings)\n",
                    r->id);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void test_ids_and_names_are_unique_and_found(void **state)
{
    (void)state;
    size_t n;
    const uhp_rule *const *rules = uhp_rules(&n);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(uhp_rule_find(rules[i]->id), rules[i]);
        assert_ptr_equal(uhp_rule_find(rules[i]->name), rules[i]);
        assert_int_equal(strlen(rules[i]->id), 6);
        assert_memory_equal(rules[i]->id, "UHA", 3);
        for (size_t k = 0; k < i; k++) {
            assert_string_not_equal(rules[i]->id, rules[k]->id);
            assert_string_not_equal(rules[i]->name, rules[k]->name);
        }
    }
    assert_null(uhp_rule_find("UHA000"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_rule_has_its_page),
        cmocka_unit_test(test_ids_and_names_are_unique_and_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
