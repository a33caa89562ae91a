/* Helpers shared by the cmocka unit tests. */
#ifndef UHP_TEST_SUPPORT_H
#define UHP_TEST_SUPPORT_H

#include <stdbool.h>

/* Returns the path of ../shared/ when it exists, else NULL (tests then skip). */
const char *uhp_test_shared_dir(void);
/* Writes TEXT to a new temporary file and returns its path (static buffer per call slot). */
const char *uhp_test_write_temp(const char *name, const char *text);

#endif
