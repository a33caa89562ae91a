/* A bump allocator: blocks of growing size, freed all at once. */
#include "uhp/arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "uhp/alloc.h"

struct uhp_arena_block {
    uhp_arena_block *next;
    void *mem; /* what uhp_malloc returned (the block may start after it) */
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_MIN_BLOCK (4u * 1024u)
#define ARENA_HUGE (2u * 1024u * 1024u)

/* Returns a new block of WANT data bytes, or NULL. A block of 4 MiB or more starts its data
 * at a 2 MiB boundary (2 MiB more are asked for, and only touched pages cost memory), so
 * uhp_alloc_hint_huge can back all of it with huge pages. */
static uhp_arena_block *arena_new_block(size_t want)
{
    size_t head = offsetof(uhp_arena_block, data);
    if (want > SIZE_MAX - head - ARENA_HUGE)
        return NULL;
    if (want < 2 * ARENA_HUGE) {
        uhp_arena_block *b = uhp_malloc(head + want);
        if (b)
            b->mem = b;
        return b;
    }
    unsigned char *mem = uhp_malloc(head + want + ARENA_HUGE);
    if (!mem)
        return NULL;
    uintptr_t data = ((uintptr_t)mem + head + ARENA_HUGE - 1) & ~(uintptr_t)(ARENA_HUGE - 1);
    uhp_arena_block *b = (uhp_arena_block *)(mem + (data - (uintptr_t)mem - head));
    b->mem = mem;
    uhp_alloc_hint_huge(b->data, want);
    return b;
}

void uhp_arena_init(uhp_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
    a->failed = false;
}

/* Returns SIZE bytes at a multiple of ALIGN (a power of two) from the head block, or from
 * a new block when the head has no room; NULL (a->failed set) when memory runs out. */
static void *arena_take(uhp_arena *a, size_t size, size_t align)
{
    uhp_arena_block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        size_t want = b ? b->size * 2 : ARENA_MIN_BLOCK;
        if (want > 8u * 1024u * 1024u)
            want = 8u * 1024u * 1024u;
        if (want < size)
            want = size;
        b = arena_new_block(want);
        if (!b) {
            a->failed = true;
            return NULL;
        }
        b->size = want;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        at = 0;
    }
    void *p = b->data + at;
    a->used_total += size + (at - b->used);
    b->used = at + size;
    return p;
}

void *uhp_arena_alloc(uhp_arena *a, size_t size)
{
    return arena_take(a, size ? size : 1, alignof(max_align_t));
}

void *uhp_arena_alloc_aligned(uhp_arena *a, size_t size, size_t align)
{
    return arena_take(a, size ? size : 1, align);
}

/* Strings need no alignment: packing them saves about 8 bytes each on a big tree. */
char *uhp_arena_strndup(uhp_arena *a, const char *s, size_t len)
{
    char *p = arena_take(a, len + 1, 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *uhp_arena_vprintf(uhp_arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    /* One pass in the common case: format straight into the free end of the head block. */
    uhp_arena_block *b = a->head;
    size_t room = b ? b->size - b->used : 0;
    char *at = b ? (char *)b->data + b->used : NULL;
    int n = vsnprintf(at, room, fmt, ap);
    if (n < 0) {
        va_end(again);
        return NULL;
    }
    if ((size_t)n < room) {
        b->used += (size_t)n + 1;
        a->used_total += (size_t)n + 1;
        va_end(again);
        return at;
    }
    char *p = arena_take(a, (size_t)n + 1, 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *uhp_arena_printf(uhp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = uhp_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

/* Frees block B and every block after it. */
static void arena_free_from(uhp_arena_block *b)
{
    while (b) {
        uhp_arena_block *next = b->next;
        uhp_free(b->mem);
        b = next;
    }
}

void uhp_arena_reset(uhp_arena *a)
{
    uhp_arena_block *keep = a->head;
    if (!keep)
        return;
    arena_free_from(keep->next);
    keep->next = NULL;
    keep->used = 0;
    a->used_total = 0;
}

void uhp_arena_destroy(uhp_arena *a)
{
    arena_free_from(a->head);
    a->head = NULL;
    a->used_total = 0;
}

void *uhp_arena_grow(uhp_arena *a, const void *arr, size_t n_used, size_t *cap, size_t need,
                     size_t size, size_t first)
{
    size_t n;
    if (!uhp_grow_cap(*cap, need, size, first, &n))
        return NULL;
    void *grown = uhp_arena_alloc(a, n * size);
    if (!grown)
        return NULL;
    if (n_used)
        memcpy(grown, arr, n_used * size);
    *cap = n;
    return grown;
}
