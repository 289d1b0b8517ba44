/*
 * arena.h — scratch memory for one request or one command (h2o's req->pool).
 *
 * Everything allocated from an arena is freed at once by bm_arena_release().
 * Records returned by the store and the services live in the caller's arena:
 * they are borrowed and live as long as the arena.
 */
#ifndef BM_ARENA_H
#define BM_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bm_arena_chunk bm_arena_chunk;

typedef struct bm_arena {
	bm_arena_chunk *head;
	size_t total; /* bytes handed out so far */
	size_t limit; /* 0 = no limit; beyond it allocations fail */
	bool reuse;   /* bm_arena_init_reuse: its first chunk comes from the thread's spare */
} bm_arena;

/* Prepares an empty arena (allocates nothing). `limit` 0 means unlimited. */
void bm_arena_init(bm_arena *a, size_t limit);

/*
 * The same, for an arena made and released once per request by a server's
 * worker threads: its release keeps one chunk of the default size as the
 * calling thread's spare (freed when the thread ends), and the next such
 * arena on that thread starts in it, so a request's scratch memory costs no
 * malloc/free of 16 KiB (glibc consolidated its free lists on each).
 */
void bm_arena_init_reuse(bm_arena *a, size_t limit);

/* Frees every chunk; the arena can be used again afterwards. */
void bm_arena_release(bm_arena *a);

/* Zeroed memory aligned for any type, or NULL when out of memory/over the limit. */
void *bm_arena_alloc(bm_arena *a, size_t size);

/* Copies of strings and bytes (NUL-terminated); NULL in gives NULL out. */
char *bm_arena_strdup(bm_arena *a, const char *s);
char *bm_arena_strndup(bm_arena *a, const char *s, size_t n);

/* printf into the arena; NULL when out of memory. */
char *bm_arena_printf(bm_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *bm_arena_vprintf(bm_arena *a, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));

/*
 * Parses a list of ids as the store's aggregates give it ("12,15,3": group_concat,
 * string_agg) into an arena array, in order. NULL or "" gives none (*out NULL,
 * *count 0). Anything but decimal ids separated by commas is BM_ECORRUPT
 * (corrupt_row): the list came from the database, not from a user.
 */
int bm_arena_ids(bm_arena *a, const char *text, int64_t **out, size_t *count);

#endif
