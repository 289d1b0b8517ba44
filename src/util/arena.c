#include "common.h"
#include "util/arena.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/error.h"

struct bm_arena_chunk {
	bm_arena_chunk *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

#define CHUNK_DEFAULT (16 * 1024)

/* Each thread's spare chunk for reusing arenas (NULL: none); the key frees it at thread end. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static bool spare_ready;

static void spare_free(void *chunk)
{
	bm_free(chunk);
}

static void spare_init(void)
{
	spare_ready = pthread_key_create(&spare_key, spare_free) == 0;
}

/* The thread's spare chunk, taken (NULL when there is none). */
static bm_arena_chunk *spare_take(void)
{
	bm_arena_chunk *c;
	if (!spare_ready || !(c = pthread_getspecific(spare_key)))
		return NULL;
	pthread_setspecific(spare_key, NULL);
	return c;
}

/* Keeps `c` as the thread's spare; false when the thread has one (the caller frees `c`). */
static bool spare_keep(bm_arena_chunk *c)
{
	if (!spare_ready || pthread_getspecific(spare_key))
		return false;
	return pthread_setspecific(spare_key, c) == 0;
}

void bm_arena_init(bm_arena *a, size_t limit)
{
	a->head = NULL;
	a->total = 0;
	a->limit = limit;
	a->reuse = false;
}

void bm_arena_init_reuse(bm_arena *a, size_t limit)
{
	bm_arena_init(a, limit);
	pthread_once(&spare_once, spare_init);
	a->reuse = spare_ready;
}

void bm_arena_release(bm_arena *a)
{
	bm_arena_chunk *c = a->head;
	while (c) {
		bm_arena_chunk *next = c->next;
		if (!(a->reuse && c->size == CHUNK_DEFAULT && spare_keep(c)))
			bm_free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *bm_arena_alloc(bm_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size_t need;
	bm_arena_chunk *c = a->head;
	void *p;

	/* Refuse sizes whose rounding or chunk header would wrap around. */
	if (size > SIZE_MAX / 2 - sizeof(bm_arena_chunk) - align)
		return NULL;
	need = (size + align - 1) / align * align;
	if (need == 0)
		need = align;
	if (a->limit && a->total + need > a->limit)
		return NULL;
	if (!c || c->size - c->used < need) {
		size_t cap = need > CHUNK_DEFAULT ? need : CHUNK_DEFAULT;
		c = a->reuse && cap == CHUNK_DEFAULT ? spare_take() : NULL;
		if (!c && !(c = bm_malloc(sizeof(*c) + cap)))
			return NULL;
		c->size = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, size);
	return p;
}

char *bm_arena_strndup(bm_arena *a, const char *s, size_t n)
{
	char *copy;
	if (!s)
		return NULL;
	copy = bm_arena_alloc(a, n + 1);
	if (copy) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

char *bm_arena_strdup(bm_arena *a, const char *s)
{
	return s ? bm_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bm_arena_vprintf(bm_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *out;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	out = bm_arena_alloc(a, (size_t)n + 1);
	if (out)
		vsnprintf(out, (size_t)n + 1, fmt, ap);
	return out;
}

char *bm_arena_printf(bm_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *out;
	va_start(ap, fmt);
	out = bm_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return out;
}

int bm_arena_ids(bm_arena *a, const char *text, int64_t **out, size_t *count)
{
	size_t cap = 1, n = 0;
	const char *p;
	int64_t *ids;

	*out = NULL;
	*count = 0;
	if (!text || !*text)
		return 0;
	for (p = text; *p; p++)
		cap += *p == ',';
	if (!(ids = bm_arena_alloc(a, cap * sizeof(*ids))))
		return bm_error_nomem();
	p = text;
	while (*p && n < cap) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno || end == p || (*end && *end != ','))
			return bm_error_set(BM_ECORRUPT, "corrupt_row", NULL,
			                    "数据库中的编号列表无法识别 '%s'",
			                    "unrecognised list of ids '%s'", text);
		ids[n++] = (int64_t)v;
		p = *end == ',' ? end + 1 : end;
	}
	*out = ids;
	*count = n;
	return 0;
}
