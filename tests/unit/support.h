/* Helpers shared by the cmocka unit tests. */
#ifndef UHP_TEST_SUPPORT_H
#define UHP_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "uhp/check.h"
#include "uhp/loader.h"
#include "uhp/rule.h"

/* Returns the path of ../shared/ when it exists, else NULL (tests then skip). */
const char *uhp_test_shared_dir(void);
/* Writes TEXT to a new temporary file and returns its path (static buffer per call slot). */
const char *uhp_test_write_temp(const char *name, const char *text);

/* Returns a scratch folder /tmp/uhp-TAG-PID, made on first use (static buffer). */
const char *uhp_test_dir(const char *tag);
/* Writes TEXT to DIR/NAME and returns the path (one of 16 static slots); aborts the test
 * program when the file cannot be written. */
const char *uhp_test_write_in(const char *dir, const char *name, const char *text);

/* Makes TEXT (kept by pointer: a literal or a buffer that outlives the check) the
 * configuration file NAME in memory, and, when O is not NULL, attaches the in-memory files
 * to check options O: a rule test builds its configuration without writing a file. A name
 * registered again takes its new text. Returns the registered name, the file findings
 * name. At most 64 names per test program. */
const char *uhp_test_memory_file(uhp_check_opts *o, const char *name, const char *text);
/* Fills OUT (room for MAX) with the registry's rules, in run order, that have every flag
 * of FLAGS (0: any) and, when SCOPE is not -1, that scope; returns how many (the test
 * fails past MAX). Tests iterate a family of rules this way instead of listing ids. */
size_t uhp_test_rules(unsigned flags, int scope, const uhp_rule **out, size_t max);
/* Lets check options O read every in-memory file registered so far (O's memory_* fields). */
void uhp_test_memory_attach(uhp_check_opts *o);

/* A YAML text loaded by uhp_load_yaml: the arena, run and source it needs, and the doc. */
typedef struct uhp_test_loaded {
    uhp_arena arena;
    uhp_run run;
    uhp_source *src;
    uhp_doc *doc;
} uhp_test_loaded;

/* Loads LEN bytes of TEXT as "t.yaml" under limits LIM (NULL: the defaults) into L; the
 * test fails when the source cannot be made. Free with uhp_test_load_free. */
void uhp_test_load(uhp_test_loaded *l, const char *text, size_t len, const uhp_limits *lim);
void uhp_test_load_free(uhp_test_loaded *l);

#endif
