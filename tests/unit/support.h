/* Helpers shared by the cmocka unit tests. */
#ifndef UHP_TEST_SUPPORT_H
#define UHP_TEST_SUPPORT_H

#include <stdbool.h>

/* Returns the path of ../shared/ when it exists, else NULL (tests then skip). */
const char *uhp_test_shared_dir(void);
/* Writes TEXT to a new temporary file and returns its path (static buffer per call slot). */
const char *uhp_test_write_temp(const char *name, const char *text);

/* Returns a scratch folder /tmp/uhp-TAG-PID, made on first use (static buffer). */
const char *uhp_test_dir(const char *tag);
/* Writes TEXT to DIR/NAME and returns the path (one of 16 static slots); aborts the test
 * program when the file cannot be written. */
const char *uhp_test_write_in(const char *dir, const char *name, const char *text);

#endif
