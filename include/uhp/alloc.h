/* Injectable allocator: every heap allocation of the library goes through here,
 * so tests can fail the Nth allocation and the fuzzers can cap memory. */
#ifndef UHP_ALLOC_H
#define UHP_ALLOC_H

#include <stdbool.h>
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

/* The capacity an array of *CAP elements of SIZE bytes grows to so that it holds NEED:
 * doubled (FIRST when *CAP is 0) until it does. Returns false, *NEW_CAP unset, when NEED
 * or the byte count would overflow a size_t. The one "double the capacity" rule, shared by
 * uhp_grow and uhp_arena_grow. */
bool uhp_grow_cap(size_t cap, size_t need, size_t size, size_t first, size_t *new_cap);

/* Grows heap array ARR (uhp_malloc'd, or NULL) of *CAP elements of SIZE bytes to hold at
 * least NEED, by uhp_grow_cap, and sets *CAP. Returns the array (perhaps moved; the caller
 * owns it as before), or NULL when the size would overflow or memory runs out: ARR and *CAP
 * are then unchanged and ARR is still the caller's to free. */
void *uhp_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first);

#endif
