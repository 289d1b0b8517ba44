/*
 * alloc.h — the one allocator baomi uses.
 *
 * bm_malloc() and friends wrap the C library so that tests can make the Nth
 * allocation fail (curl's torture mode): every caller must handle NULL.
 */
#ifndef BM_ALLOC_H
#define BM_ALLOC_H

#include <stddef.h>

void *bm_malloc(size_t size);
void *bm_calloc(size_t count, size_t size);
void *bm_realloc(void *ptr, size_t size);
void bm_free(void *ptr);

/* Duplicates a NUL-terminated string; NULL in gives NULL out. Free with bm_free. */
char *bm_strdup(const char *s);

/*
 * Test hook: after `countdown` more successful allocations, every allocation
 * fails until reset with a negative countdown. Returns how many allocations
 * have failed since the last call.
 */
long bm_alloc_fail_after(long countdown);

#endif
