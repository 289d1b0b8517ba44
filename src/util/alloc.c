#include "common.h"

#include <stdlib.h>

static long fail_countdown = -1;
static long failed_count;

static int should_fail(void)
{
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0) {
		failed_count++;
		return 1;
	}
	fail_countdown--;
	return 0;
}

long bm_alloc_fail_after(long countdown)
{
	long n = failed_count;
	fail_countdown = countdown;
	failed_count = 0;
	return n;
}

void *bm_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *bm_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *bm_realloc(void *ptr, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(ptr, size ? size : 1);
}

void bm_free(void *ptr)
{
	free(ptr);
}

char *bm_strdup(const char *s)
{
	size_t n;
	char *copy;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	copy = bm_malloc(n);
	if (copy)
		memcpy(copy, s, n);
	return copy;
}
