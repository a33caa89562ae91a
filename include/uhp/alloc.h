/* Injectable allocator: every heap allocation of the library goes through here,
 * so tests can fail the Nth allocation and the fuzzers can cap memory. */
#ifndef UHP_ALLOC_H
#define UHP_ALLOC_H

#include <stddef.h>

typedef struct uhp_allocator {
    void *(*malloc_fn)(void *ctx, size_t size);
    void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
    void (*free_fn)(void *ctx, void *ptr);
    void *ctx;
} uhp_allocator;

/* Installs ALLOC for all later allocations; NULL restores the libc one. */
void uhp_set_allocator(const uhp_allocator *alloc);

/* Return NULL on failure (never abort); uhp_free(NULL) is a no-op. */
void *uhp_malloc(size_t size);
void *uhp_calloc(size_t n, size_t size);
void *uhp_realloc(void *ptr, size_t size);
void uhp_free(void *ptr);
/* Returns a heap copy of S (LEN bytes, NUL added), or NULL. Caller frees. */
char *uhp_strndup(const char *s, size_t len);
char *uhp_strdup(const char *s);

/* Asks the system to back the whole 2 MiB pages inside [P, P+LEN) of a fresh allocation
 * with huge pages, when LEN is at least 4 MiB. Only a hint: where the system has no such
 * call, or refuses, nothing changes. Why: a big tree or file fills its buffers page by
 * page, and with 4 KiB pages the page faults cost more than the work on a virtual machine. */
void uhp_alloc_hint_huge(void *p, size_t len);

#endif
