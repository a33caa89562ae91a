/* Bump allocator for the node tree and everything that lives as long as a run.
 * Blocks come from uhp_malloc; nothing is freed until uhp_arena_destroy. */
#ifndef UHP_ARENA_H
#define UHP_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct uhp_arena_block uhp_arena_block;

typedef struct uhp_arena {
    uhp_arena_block *head;
    size_t used_total; /* bytes handed out, for limits and benchmarks */
    bool failed;       /* an allocation failed: a caller may have carried on without it */
} uhp_arena;

void uhp_arena_init(uhp_arena *a);
/* Returns SIZE bytes aligned for any type, or NULL when memory runs out. */
void *uhp_arena_alloc(uhp_arena *a, size_t size);
/* Returns SIZE bytes at a multiple of ALIGN (a power of two), or NULL: for small objects
 * that need less than max_align_t, packed closer (tree nodes, keys). */
void *uhp_arena_alloc_aligned(uhp_arena *a, size_t size, size_t align);
/* Returns a NUL-terminated arena copy of S[0..LEN), or NULL. */
char *uhp_arena_strndup(uhp_arena *a, const char *s, size_t len);
/* uhp_grow for an array in arena A: a new array of the grown capacity (uhp_grow_cap) with
 * the N_USED first elements of ARR copied; the old one stays in the arena until it is reset.
 * Returns it and sets *CAP, or NULL (ARR and *CAP unchanged) on overflow or no memory. */
void *uhp_arena_grow(uhp_arena *a, const void *arr, size_t n_used, size_t *cap, size_t need,
                     size_t size, size_t first);
/* Returns a printf-formatted arena string, or NULL. */
char *uhp_arena_printf(uhp_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a va_list (AP is used up). */
char *uhp_arena_vprintf(uhp_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Forgets everything allocated from A but keeps its newest (largest) block for what comes
 * next, so a scratch arena reused in a loop stops calling malloc. Keeps the failed flag. */
void uhp_arena_reset(uhp_arena *a);
void uhp_arena_destroy(uhp_arena *a);

#endif
