/* The injectable allocator behind every heap allocation of the tool. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, where the system has it */
#include "uhp/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

static void *alloc_libc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *alloc_libc_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void alloc_libc_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static const uhp_allocator alloc_libc = {alloc_libc_malloc, alloc_libc_realloc, alloc_libc_free,
                                         NULL};
static uhp_allocator alloc_current = {alloc_libc_malloc, alloc_libc_realloc, alloc_libc_free, NULL};

void uhp_set_allocator(const uhp_allocator *alloc)
{
    alloc_current = alloc ? *alloc : alloc_libc;
}

void *uhp_malloc(size_t size)
{
    return alloc_current.malloc_fn(alloc_current.ctx, size ? size : 1);
}

void *uhp_calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        return NULL;
    void *p = uhp_malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *uhp_realloc(void *ptr, size_t size)
{
    return alloc_current.realloc_fn(alloc_current.ctx, ptr, size ? size : 1);
}

void uhp_free(void *ptr)
{
    if (ptr)
        alloc_current.free_fn(alloc_current.ctx, ptr);
}

char *uhp_strndup(const char *s, size_t len)
{
    char *p = uhp_malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *uhp_strdup(const char *s)
{
    return uhp_strndup(s, strlen(s));
}

#define ALLOC_HUGE_PAGE ((uintptr_t)2 * 1024 * 1024)

void uhp_alloc_hint_huge(void *p, size_t len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!p || len < 2 * ALLOC_HUGE_PAGE)
        return;
    uintptr_t lo = ((uintptr_t)p + ALLOC_HUGE_PAGE - 1) & ~(ALLOC_HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)p + len) & ~(ALLOC_HUGE_PAGE - 1);
    if (hi > lo)
        (void)madvise((void *)lo, (size_t)(hi - lo), MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

bool uhp_grow_cap(size_t cap, size_t need, size_t size, size_t first, size_t *new_cap)
{
    size_t n = cap ? cap : (first ? first : 1);
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return false;
        n *= 2;
    }
    if (size && n > SIZE_MAX / size)
        return false;
    *new_cap = n;
    return true;
}

void *uhp_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t n;
    if (!uhp_grow_cap(*cap, need, size, first, &n))
        return NULL;
    if (n == *cap && arr)
        return arr;
    void *grown = uhp_realloc(arr, n * size);
    if (!grown)
        return NULL;
    *cap = n;
    return grown;
}
