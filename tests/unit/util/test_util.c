/*
 * test_util.c — src/util: UTF-8, calendar and instants, arena, buffer,
 * error side channel and the allocator's failure injection.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#include "msg_check.h"

static bool valid(const char *s)
{
	return bm_utf8_valid(s, strlen(s));
}

static int32_t ymd(int y, int m, int d)
{
	int32_t out = -1;
	assert_true(bm_date_from_ymd(y, m, d, &out));
	return out;
}

/* ---- UTF-8 ----------------------------------------------------------------
 */

static void utf8_valid_text_accepted(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ascii"));
	assert_true(valid("机密文件：关于保密工作的通知"));
	assert_true(valid("\xC2\xA9"));         /* U+00A9, smallest 2-byte range */
	assert_true(valid("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
	assert_true(valid("\xEF\xBF\xBD"));     /* U+FFFD */
	assert_true(valid("\xF0\x9F\x98\x80")); /* U+1F600, 4 bytes */
	assert_true(valid("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the last code point */
	assert_true(valid("\xED\x9F\xBF"));     /* U+D7FF, just below the surrogates */
	assert_true(valid("\xEE\x80\x80"));     /* U+E000, just above */
	/* Only the first len bytes count: a valid prefix of a longer string. */
	assert_true(bm_utf8_valid("机\xFF", 3));
	assert_false(bm_utf8_valid("机\xFF", 4));
}

static void utf8_truncated_sequences_refused(void **state)
{
	(void)state;
	assert_false(valid("\xE6\x9C"));     /* 机 without its last byte */
	assert_false(valid("abc\xE6"));      /* lead byte at the end */
	assert_false(valid("\xF0\x9F\x98")); /* 4-byte sequence cut short */
	assert_false(valid("\xC2"));
	assert_false(valid("\xE6\x9C"
	                   "a"));    /* continuation replaced by ASCII */
	assert_false(valid("\x80")); /* lone continuation byte */
	assert_false(valid("a\xBF"
	                   "b"));
	/* A sequence cut by len although the bytes follow in memory. */
	assert_false(bm_utf8_valid("机密", 5));
	assert_true(bm_utf8_valid("机密", 6));
}

static void utf8_overlongs_refused(void **state)
{
	(void)state;
	assert_false(valid("\xC0\xAF")); /* '/' in 2 bytes */
	assert_false(valid("\xC1\xBF"));
	assert_false(valid("\xE0\x80\xAF"));         /* '/' in 3 bytes */
	assert_false(valid("\xE0\x9F\xBF"));         /* U+07FF in 3 bytes */
	assert_false(valid("\xF0\x80\x80\xAF"));     /* '/' in 4 bytes */
	assert_false(valid("\xF0\x8F\xBF\xBF"));     /* U+FFFF in 4 bytes */
	assert_false(valid("\xF8\x88\x80\x80\x80")); /* 5-byte form */
	assert_false(valid("\xFC\x84\x80\x80\x80\x80"));
	assert_false(valid("\xFE"));
	assert_false(valid("\xFF"));
}

static void utf8_surrogates_and_beyond_max_refused(void **state)
{
	(void)state;
	assert_false(valid("\xED\xA0\x80"));             /* U+D800 */
	assert_false(valid("\xED\xAD\xBF"));             /* U+DB7F */
	assert_false(valid("\xED\xBF\xBF"));             /* U+DFFF */
	assert_false(valid("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
	assert_false(valid("\xF4\x90\x80\x80"));         /* U+110000 */
	assert_false(valid("\xF5\x80\x80\x80"));
	assert_false(valid("\xF7\xBF\xBF\xBF"));
}

static void utf8_length_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(bm_utf8_length(""), 0);
	assert_int_equal(bm_utf8_length("abc"), 3);
	assert_int_equal(bm_utf8_length("机密"), 2);
	assert_int_equal(bm_utf8_length("机密abc"), 5);
	assert_int_equal(bm_utf8_length("\xF0\x9F\x98\x80x"), 2);
	assert_int_equal(bm_utf8_length("国保发〔2026〕3号"), 11);
}

static void utf8_blank_includes_ideographic_space(void **state)
{
	(void)state;
	assert_true(bm_utf8_blank(""));
	assert_true(bm_utf8_blank(" "));
	assert_true(bm_utf8_blank(" \t\r\n"));
	assert_true(bm_utf8_blank("\xE3\x80\x80")); /* U+3000 */
	assert_true(bm_utf8_blank(" \xE3\x80\x80\xE3\x80\x80 "));
	assert_false(bm_utf8_blank("a"));
	assert_false(bm_utf8_blank("  机  "));
	assert_false(bm_utf8_blank("\xE3\x80\x80x"));
	assert_false(bm_utf8_blank("\xE3\x80\x81")); /* U+3001 、 is not a space */
	assert_false(bm_utf8_blank("\xE3\x80"));     /* truncated U+3000 */
	/* a text given: something in it besides spaces */
	assert_false(bm_utf8_given(NULL));
	assert_false(bm_utf8_given(""));
	assert_false(bm_utf8_given(" \xE3\x80\x80\t"));
	assert_true(bm_utf8_given(" 机 "));
	assert_true(bm_utf8_given(
	        "\xE3\x80")); /* not a space: given (and refused elsewhere as bad UTF-8) */
}

/* ---- dates ----------------------------------------------------------------
 */

static void date_epoch_is_day_zero(void **state)
{
	char out[BM_DATE_LEN];
	int y, m, d;
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 1, 1), 10957);
	bm_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	bm_date_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void date_leap_years(void **state)
{
	int32_t out;
	(void)state;
	assert_true(bm_date_from_ymd(2024, 2, 29, &out));
	assert_false(bm_date_from_ymd(2026, 2, 29, &out));
	assert_true(bm_date_from_ymd(2000, 2, 29, &out));  /* divisible by 400 */
	assert_false(bm_date_from_ymd(1900, 2, 29, &out)); /* century */
	assert_false(bm_date_from_ymd(2100, 2, 29, &out));
	assert_int_equal(ymd(2024, 3, 1) - ymd(2024, 2, 28), 2);
	assert_int_equal(ymd(2026, 3, 1) - ymd(2026, 2, 28), 1);
	assert_int_equal(ymd(2025, 1, 1) - ymd(2024, 1, 1), 366);
	assert_int_equal(ymd(2027, 1, 1) - ymd(2026, 1, 1), 365);
}

static void date_parse_strict(void **state)
{
	int32_t out = 12345;
	(void)state;
	assert_true(bm_date_parse("2024-02-29", &out));
	assert_int_equal(out, ymd(2024, 2, 29));
	assert_true(bm_date_parse("2026-11-23", &out));
	assert_int_equal(out, ymd(2026, 11, 23));

	out = 12345;
	assert_false(bm_date_parse("2026-02-29", &out));
	assert_false(bm_date_parse("2026-02-30", &out));
	assert_false(bm_date_parse("2026-04-31", &out));
	assert_false(bm_date_parse("2026-13-01", &out));
	assert_false(bm_date_parse("2026-00-10", &out));
	assert_false(bm_date_parse("2026-01-00", &out));
	assert_false(bm_date_parse("2026-1-05", &out));
	assert_false(bm_date_parse("2026-01-5", &out));
	assert_false(bm_date_parse("2026/01/05", &out));
	assert_false(bm_date_parse("2026-01-05 ", &out));
	assert_false(bm_date_parse(" 2026-01-05", &out));
	assert_false(bm_date_parse("2026-01-0x", &out));
	assert_false(bm_date_parse("+026-01-05", &out));
	assert_false(bm_date_parse("1899-12-31", &out));
	assert_false(bm_date_parse("3000-01-01", &out));
	assert_false(bm_date_parse("", &out));
	assert_false(bm_date_parse(NULL, &out));
	assert_int_equal(out, 12345); /* untouched on failure */
}

static void date_format_round_trip(void **state)
{
	(void)state;
	for (int32_t day = ymd(1900, 1, 1); day <= ymd(2999, 12, 31); day += 97) {
		char text[BM_DATE_LEN];
		int32_t back;
		bm_date_format(day, text);
		assert_int_equal(strlen(text), 10);
		assert_true(bm_date_parse(text, &back));
		assert_int_equal(back, day);
	}
}

static void date_weekday_monday_is_zero(void **state)
{
	(void)state;
	assert_int_equal(bm_date_weekday(ymd(2026, 11, 23)), 0); /* Monday */
	assert_int_equal(bm_date_weekday(ymd(2026, 11, 29)), 6); /* Sunday */
	assert_int_equal(bm_date_weekday(0), 3);                 /* 1970-01-01: Thursday */
	assert_int_equal(bm_date_weekday(-1), 2);                /* Wednesday */
	assert_int_equal(bm_date_weekday(ymd(2024, 2, 29)), 3);  /* Thursday */
}

static void date_add_years_feb_29_becomes_feb_28(void **state)
{
	(void)state;
	assert_int_equal(bm_date_add_years(ymd(2024, 2, 29), 1), ymd(2025, 2, 28));
	assert_int_equal(bm_date_add_years(ymd(2024, 2, 29), 4), ymd(2028, 2, 29));
	assert_int_equal(bm_date_add_years(ymd(2024, 2, 29), 10), ymd(2034, 2, 28));
	assert_int_equal(bm_date_add_years(ymd(2026, 11, 23), 10), ymd(2036, 11, 23));
	assert_int_equal(bm_date_add_years(ymd(2026, 11, 23), 30), ymd(2056, 11, 23));
	assert_int_equal(bm_date_add_years(ymd(2026, 11, 23), 0), ymd(2026, 11, 23));
	assert_int_equal(bm_date_add_years(ymd(2025, 2, 28), -1), ymd(2024, 2, 28));
}

/* ---- instants -------------------------------------------------------------
 */

static void time_parse_format_round_trip(void **state)
{
	static const char *const samples[] = {
	        "1970-01-01T00:00:00Z", "2026-11-23T08:38:15Z", "2024-02-29T23:59:59Z",
	        "1969-12-31T23:59:59Z", "2999-12-31T23:59:59Z", "1900-01-01T00:00:00Z",
	};
	int64_t t;
	char out[BM_ISO_TIME_LEN];
	(void)state;

	assert_true(bm_time_parse("1970-01-01T00:00:00Z", &t));
	assert_int_equal(t, 0);
	assert_true(bm_time_parse("2026-11-23T08:38:15Z", &t));
	assert_int_equal(t, (int64_t)ymd(2026, 11, 23) * 86400 + 8 * 3600 + 38 * 60 + 15);
	bm_time_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");

	for (size_t i = 0; i < BM_ARRAY_LEN(samples); i++) {
		assert_true(bm_time_parse(samples[i], &t));
		bm_time_format(t, out);
		assert_string_equal(out, samples[i]);
	}
}

static void time_hour_key_is_the_utc_hour_holding_the_instant(void **state)
{
	int64_t t;
	char key[BM_HOUR_KEY_LEN];
	(void)state;

	assert_true(bm_time_parse("2026-11-23T08:38:15Z", &t));
	bm_time_hour_key(t, key);
	assert_string_equal(key, "2026-11-23T08");
	bm_time_hour_key(t - (38 * 60 + 15), key);
	assert_string_equal(key, "2026-11-23T08");
	bm_time_hour_key(t - (38 * 60 + 16), key);
	assert_string_equal(key, "2026-11-23T07");
	bm_time_hour_key(-1, key);
	assert_string_equal(key, "1969-12-31T23");
}

static void time_parse_strict_refusals(void **state)
{
	static const char *const bad[] = {
	        "2026-11-23 08:38:15Z",
	        "2026-11-23t08:38:15Z",
	        "2026-11-23T08:38:15z",
	        "2026-11-23T08:38:15",
	        "2026-11-23T08:38:15+08:00",
	        "2026-11-23T24:00:00Z",
	        "2026-11-23T23:60:00Z",
	        "2026-11-23T23:59:60Z",
	        "2026-02-30T00:00:00Z",
	        "2026-11-23T8:38:15Z",
	        "2026-11-23T08:38:15ZZ",
	        "2026-11-23T08-38-15Z",
	        "2026-11-23",
	        "",
	        "2026-11-23T0a:38:15Z",
	};
	int64_t t = 777;
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(bad); i++) {
		if (bm_time_parse(bad[i], &t))
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_false(bm_time_parse(NULL, &t));
	assert_int_equal(t, 777);
}

static void time_local_date_at_plus_480(void **state)
{
	int64_t t;
	(void)state;
	/* 15:59:59Z is 23:59:59 in Beijing; 16:00:00Z is already tomorrow. */
	assert_true(bm_time_parse("2026-11-23T15:59:59Z", &t));
	assert_int_equal(bm_time_local_date(t, 480), ymd(2026, 11, 23));
	assert_true(bm_time_parse("2026-11-23T16:00:00Z", &t));
	assert_int_equal(bm_time_local_date(t, 480), ymd(2026, 11, 24));
	assert_int_equal(bm_time_local_date(t, 0), ymd(2026, 11, 23));
	/* West of Greenwich the day starts later. */
	assert_true(bm_time_parse("2026-11-23T03:00:00Z", &t));
	assert_int_equal(bm_time_local_date(t, -300), ymd(2026, 11, 22));
	/* Around the epoch. */
	assert_int_equal(bm_time_local_date(0, 480), 0);
	assert_int_equal(bm_time_local_date(0, -60), -1);
}

static void date_local_start_is_local_midnight(void **state)
{
	int64_t t;
	char iso[BM_ISO_TIME_LEN];
	(void)state;
	/* Beijing's 12-02 begins at 16:00Z on 12-01. */
	bm_time_format(bm_date_local_start(ymd(2026, 12, 2), 480), iso);
	assert_string_equal(iso, "2026-12-01T16:00:00Z");
	bm_time_format(bm_date_local_start(ymd(2026, 12, 2), -300), iso);
	assert_string_equal(iso, "2026-12-02T05:00:00Z");
	/* The first and last second of a local date map back to it. */
	for (int offset = -720; offset <= 840; offset += 60) {
		t = bm_date_local_start(ymd(2027, 1, 1), offset);
		assert_int_equal(bm_time_local_date(t, offset), ymd(2027, 1, 1));
		assert_int_equal(bm_time_local_date(t - 1, offset), ymd(2026, 12, 31));
	}
}

/* ---- arena ----------------------------------------------------------------
 */

static void arena_many_allocations_are_distinct_and_aligned(void **state)
{
	bm_arena a;
	enum { N = 5000 };
	static unsigned char *ptrs[N];
	(void)state;
	bm_arena_init(&a, 0);
	for (int i = 0; i < N; i++) {
		size_t size = (size_t)(i % 37) + 1;
		ptrs[i] = bm_arena_alloc(&a, size);
		assert_non_null(ptrs[i]);
		assert_int_equal((uintptr_t)ptrs[i] % alignof(max_align_t), 0);
		for (size_t k = 0; k < size; k++)
			assert_int_equal(ptrs[i][k], 0); /* zeroed */
		memset(ptrs[i], i & 0xff, size);
	}
	/* Nothing overlapped: every block still holds its own pattern. */
	for (int i = 0; i < N; i++) {
		size_t size = (size_t)(i % 37) + 1;
		for (size_t k = 0; k < size; k++)
			assert_int_equal(ptrs[i][k], i & 0xff);
	}
	assert_true(a.total >= (size_t)N);
	bm_arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	/* Usable again after release. */
	assert_non_null(bm_arena_alloc(&a, 10));
	bm_arena_release(&a);
}

/* Runs in a thread of its own: the spare chunk must be freed when the thread ends (ASan). */
static void *arena_reuse_thread(void *arg)
{
	bm_arena a, b, big;
	unsigned char *first, *again, *other;
	int *ok = arg;
	bm_arena_init_reuse(&a, 0);
	first = bm_arena_alloc(&a, 100);
	memset(first, 0xab, 100);
	bm_arena_release(&a);
	/* The next reusing arena of this thread starts in the same chunk, zeroed. */
	bm_arena_init_reuse(&a, 0);
	again = bm_arena_alloc(&a, 100);
	*ok = again == first;
	for (int k = 0; k < 100; k++)
		*ok = *ok && again[k] == 0;
	/* Two at once: the second finds no spare and mallocs; both release, one chunk is kept. */
	bm_arena_init_reuse(&b, 0);
	other = bm_arena_alloc(&b, 10);
	*ok = *ok && other && other != again;
	/* A chunk larger than the default is never kept. */
	bm_arena_init_reuse(&big, 0);
	*ok = *ok && bm_arena_alloc(&big, 100000) != NULL;
	bm_arena_release(&big);
	bm_arena_release(&b);
	bm_arena_release(&a);
	return NULL;
}

static void arena_reuse_keeps_one_chunk_per_thread(void **state)
{
	pthread_t t;
	int ok = 0;
	(void)state;
	assert_int_equal(pthread_create(&t, NULL, arena_reuse_thread, &ok), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(ok);
}

static void arena_large_allocation(void **state)
{
	bm_arena a;
	unsigned char *small, *big;
	const size_t big_size = 3u * 1024u * 1024u;
	(void)state;
	bm_arena_init(&a, 0);
	small = bm_arena_alloc(&a, 8);
	big = bm_arena_alloc(&a, big_size);
	assert_non_null(small);
	assert_non_null(big);
	assert_int_equal(big[0], 0);
	assert_int_equal(big[big_size - 1], 0);
	memset(big, 0xAB, big_size);
	memset(small, 0x11, 8);
	assert_int_equal(big[big_size - 1], 0xAB);
	assert_int_equal(small[7], 0x11);
	assert_true(a.total >= big_size + 8);
	bm_arena_release(&a);
}

static void arena_ids_parses_lists_and_refuses_damage(void **state)
{
	static const char *const bad[] = {"1,,2", "1,x", "12a",
	                                  ",3",   "1 2", "99999999999999999999"};
	bm_arena a;
	int64_t *ids;
	size_t n;
	(void)state;
	bm_arena_init(&a, 0);
	assert_int_equal(bm_arena_ids(&a, "12,15,3", &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 12);
	assert_int_equal(ids[1], 15);
	assert_int_equal(ids[2], 3);
	assert_int_equal(bm_arena_ids(&a, "7", &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 7);
	assert_int_equal(bm_arena_ids(&a, "", &ids, &n), 0);
	assert_null(ids);
	assert_int_equal(n, 0);
	assert_int_equal(bm_arena_ids(&a, NULL, &ids, &n), 0);
	assert_int_equal(n, 0);
	/* A list from the database that is not one is a damaged row, never a shorter list. */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bm_arena_ids(&a, bad[i], &ids, &n), BM_ECORRUPT);
		assert_string_equal(bm_error_last()->code, "corrupt_row");
	}
	bm_arena_release(&a);
}

static void arena_limit_enforced(void **state)
{
	bm_arena a;
	(void)state;
	bm_arena_init(&a, 1024);
	assert_non_null(bm_arena_alloc(&a, 900)); /* at most 928 with rounding */
	assert_null(bm_arena_alloc(&a, 130));     /* would pass 1024 */
	assert_true(a.total <= 1024);
	assert_non_null(bm_arena_strndup(&a, "0123456789", 10)); /* fits */
	assert_null(bm_arena_printf(&a, "%0200d", 7));
	/* Small requests that still fit are served. */
	assert_non_null(bm_arena_alloc(&a, 8));
	bm_arena_release(&a);
	/* A limit below a single request refuses it outright. */
	bm_arena_init(&a, 64);
	assert_null(bm_arena_alloc(&a, 65));
	assert_non_null(bm_arena_alloc(&a, 64));
	bm_arena_release(&a);
}

/*
 * BUG (src/util/arena.c, bm_arena_alloc): `(size + align - 1) / align * align`
 * wraps for sizes near SIZE_MAX, so `need` becomes 0 (then 16) and the
 * allocation "succeeds" with a 16-byte block, after which memset(p, 0, size)
 * writes far past it. A request that cannot be met must return NULL.
 * Run in a child process so the crash shows as a failed test, not a dead suite.
 */
static void arena_huge_size_returns_null_not_overflow(void **state)
{
	pid_t pid;
	int status = 0;
	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		bm_arena a;
		void *p, *q;
		bm_arena_init(&a, 0);
		p = bm_arena_alloc(&a, SIZE_MAX);
		q = bm_arena_alloc(&a, SIZE_MAX - 8);
		bm_arena_release(&a);
		_exit(p == NULL && q == NULL ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("bm_arena_alloc(SIZE_MAX) crashed (signal %d): size overflow in "
		         "arena.c",
		         WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	if (WEXITSTATUS(status) == 3)
		fail_msg("bm_arena_alloc(SIZE_MAX) returned a block: size overflow in arena.c");
	if (WEXITSTATUS(status) != 0)
		fail_msg("bm_arena_alloc(SIZE_MAX) died (exit %d, sanitizer?): size "
		         "overflow in arena.c",
		         WEXITSTATUS(status));
}

static void arena_strings_and_printf(void **state)
{
	bm_arena a;
	char *s;
	(void)state;
	bm_arena_init(&a, 0);
	assert_null(bm_arena_strdup(&a, NULL));
	assert_null(bm_arena_strndup(&a, NULL, 3));
	s = bm_arena_strdup(&a, "机密");
	assert_string_equal(s, "机密");
	s = bm_arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = bm_arena_printf(&a, "%s-%d-%05.1f", "载体", 42, 3.14159);
	assert_string_equal(s, "载体-42-003.1");
	s = bm_arena_printf(&a, "%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	{
		/* Longer than one chunk. */
		char *big = bm_arena_printf(&a, "%40000d", 1);
		assert_non_null(big);
		assert_int_equal(strlen(big), 40000);
		assert_int_equal(big[39999], '1');
	}
	bm_arena_release(&a);
}

/* ---- buffer ---------------------------------------------------------------
 */

static void buf_cap_enforced_and_buffer_unchanged(void **state)
{
	bm_buf b;
	(void)state;
	bm_buf_init(&b, 10);
	assert_int_equal(bm_buf_puts(&b, "12345"), 0);
	bm_error_clear();
	assert_int_equal(bm_buf_puts(&b, "678901"), BM_ETOOLARGE); /* 11 > 10 */
	assert_int_equal(bm_error_last()->klass, BM_ETOOLARGE);
	assert_string_equal(bm_error_last()->code, "too_large");
	assert_int_equal(b.len, 5);
	assert_string_equal(b.ptr, "12345");
	assert_int_equal(bm_buf_printf(&b, "%s", "abcdef"), BM_ETOOLARGE);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.ptr, "12345");
	assert_int_equal(bm_buf_puts(&b, "67890"), 0); /* exactly at the cap */
	assert_int_equal(b.len, 10);
	assert_int_equal(bm_buf_putc(&b, 'x'), BM_ETOOLARGE);
	assert_int_equal(bm_buf_put(&b, "", 0), 0);
	assert_int_equal(bm_buf_put(&b, "y", SIZE_MAX), BM_ETOOLARGE); /* no wrap-around */
	assert_string_equal(b.ptr, "1234567890");
	bm_buf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(bm_buf_puts(&b, "0123456789"), 0);
	bm_buf_release(&b);
	assert_null(b.ptr);
}

static void buf_put_printf_and_growth(void **state)
{
	bm_buf b;
	(void)state;
	bm_buf_init(&b, 0);
	assert_int_equal(b.max, BM_BUF_DEFAULT_MAX);
	assert_int_equal(bm_buf_put(&b, "ab\0cd", 5), 0); /* bytes, not a C string */
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.ptr, "ab\0cd", 6);
	bm_buf_clear(&b);
	assert_int_equal(bm_buf_printf(&b, "%s★%d年", "机密", 10), 0);
	assert_string_equal(b.ptr, "机密★10年");
	assert_int_equal(bm_buf_printf(&b, "/%lld", 9000000000LL), 0);
	assert_string_equal(b.ptr, "机密★10年/9000000000");
	for (int i = 0; i < 10000; i++)
		assert_int_equal(bm_buf_putc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, strlen("机密★10年/9000000000") + 10000);
	assert_int_equal(b.ptr[b.len], '\0');
	assert_int_equal(b.ptr[b.len - 1], 'a' + 9999 % 26);
	bm_buf_release(&b);
}

/* REG-1 (export): one CSV writer for every register, roster and CLI list. */
static void buf_csv_quotes_and_defuses_formulas(void **state)
{
	const char *cells[] = {"普通", "含,逗号", "含\"引号\"", "行\n行", " 边空格",
	                       "=1+1", "-2",      "@SUM(A1),x", "+3",     NULL};
	bm_buf b;
	(void)state;
	bm_buf_init(&b, 0);
	assert_int_equal(bm_buf_csv_row(&b, cells, BM_ARRAY_LEN(cells)), 0);
	assert_string_equal(b.ptr, "普通,\"含,逗号\",\"含\"\"引号\"\"\",\"行\n行\",\" 边空格\","
	                           "'=1+1,'-2,\"'@SUM(A1),x\",'+3,\r\n");
	bm_buf_release(&b);
}

static void buf_detach_hands_over_contents(void **state)
{
	bm_buf b;
	char *s;
	(void)state;
	bm_buf_init(&b, 100);
	assert_int_equal(bm_buf_puts(&b, "保密"), 0);
	s = bm_buf_detach(&b);
	assert_string_equal(s, "保密");
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	bm_free(s);
	/* Detaching an empty buffer gives an empty string, not NULL. */
	s = bm_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	bm_free(s);
	/* The buffer keeps its cap after a detach. */
	assert_int_equal(bm_buf_puts(&b, "x"), 0);
	assert_string_equal(b.ptr, "x");
	bm_buf_release(&b);
}

/* ---- error side channel ---------------------------------------------------
 */

/* The unit tests' bilingual check (msg_check.h) finds what it is there to find. */
static void msg_check_finds_chinese_in_english(void **state)
{
	(void)state;
	assert_int_equal(msg_first_cjk("unknown level 'secret'", false), 0);
	assert_int_equal(msg_first_cjk("the level 机密 is unknown", false), 0x673A);
	assert_int_equal(msg_first_cjk("full stop。", false), 0x3002);
	assert_int_equal(msg_first_cjk("full width（", false), 0xFF08);
	/* A quoted value the user typed is data; an apostrophe opens no quote. */
	assert_int_equal(msg_first_cjk("unknown level '超密'", true), 0);
	assert_int_equal(msg_first_cjk("unknown level '超密'", false), 0x8D85);
	assert_int_equal(msg_first_cjk("the carrier's level 机密", true), 0x673A);
	assert_int_equal(msg_first_cjk("'a' then 机密", true), 0x673A);
	assert_int_equal(msg_first_cjk("cut \xE6\x9C", false), 0xFFFD);
	assert_bilingual("未知密级 '超密'", "unknown level '超密'", true);
}

static void error_set_last_clear(void **state)
{
	const bm_error *e;
	(void)state;
	bm_error_clear();
	e = bm_error_last();
	assert_non_null(e);
	assert_int_equal(e->klass, 0);
	assert_string_equal(e->code, "");

	assert_int_equal(bm_error_set(BM_EINVALID, "invalid_level", "LEVEL-1", "未知密级 '%s'",
	                              "unknown level '%s'", "超密"),
	                 BM_EINVALID);
	e = bm_error_last();
	assert_int_equal(e->klass, BM_EINVALID);
	assert_string_equal(e->code, "invalid_level");
	assert_string_equal(e->rule, "LEVEL-1");
	assert_string_equal(e->message, "未知密级 '超密'");
	assert_string_equal(e->message_en, "unknown level '超密'");

	/* NULL code takes the table's default; NULL rule is "". */
	bm_error_set(BM_ENOTFOUND, NULL, NULL, "无 %d", "none %d", 5);
	assert_string_equal(e->code, "not_found");
	assert_string_equal(e->rule, "");
	assert_string_equal(e->message, "无 5");
	assert_string_equal(e->message_en, "none 5");

	bm_error_clear();
	assert_int_equal(bm_error_last()->klass, 0);
	assert_string_equal(bm_error_last()->message, "");
	assert_string_equal(bm_error_last()->rule, "");
}

static void error_set_msg_does_not_expand_percent(void **state)
{
	const bm_error *e;
	(void)state;
	assert_int_equal(bm_error_set_msg(BM_EDENIED, "x", "SYS-1", "100%s 中文", "100%d english"),
	                 BM_EDENIED);
	e = bm_error_last();
	assert_int_equal(e->klass, BM_EDENIED);
	assert_string_equal(e->code, "x");
	assert_string_equal(e->rule, "SYS-1");
	assert_string_equal(e->message, "100%s 中文");
	assert_string_equal(e->message_en, "100%d english");
}

static void error_long_values_truncated_safely(void **state)
{
	char longtext[2000];
	const bm_error *e;
	(void)state;
	memset(longtext, 'z', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	bm_error_set_msg(BM_ERROR, longtext, "A-VERY-LONG-RULE-ID-123", longtext, longtext);
	e = bm_error_last();
	assert_int_equal(strlen(e->code), BM_ERROR_CODE_MAX - 1);
	assert_int_equal(strlen(e->rule), BM_ERROR_RULE_MAX - 1);
	assert_int_equal(strlen(e->message), BM_ERROR_MSG_MAX - 1);
	assert_int_equal(strlen(e->message_en), BM_ERROR_MSG_MAX - 1);
	bm_error_clear();
}

static void error_save_restore_and_nomem(void **state)
{
	bm_error saved;
	(void)state;
	bm_error_set(BM_ECONFLICT, "duplicate_serial", "REG-1", "重复", "duplicate");
	bm_error_save(&saved);
	assert_int_equal(bm_error_nomem(), BM_ENOMEM);
	assert_string_equal(bm_error_last()->code, "out_of_memory");
	bm_error_restore(&saved);
	assert_int_equal(bm_error_last()->klass, BM_ECONFLICT);
	assert_string_equal(bm_error_last()->rule, "REG-1");
	assert_string_equal(bm_error_last()->message_en, "duplicate");
}

static void error_exit_code_and_http_status_table(void **state)
{
	static const struct {
		int klass, exit_code, http;
	} table[] = {
	        {BM_OK, 0, 200},        {BM_ERROR, 1, 500},   {BM_EINVALID, 3, 400},
	        {BM_ENOTFOUND, 4, 404}, {BM_EDENIED, 5, 403}, {BM_ECONFLICT, 6, 409},
	        {BM_ETOOLARGE, 7, 413}, {BM_ENOMEM, 1, 503},  {BM_ELOCKED, 9, 423},
	        {BM_ECORRUPT, 8, 500},
	};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(table); i++) {
		assert_int_equal(bm_error_exit_code(table[i].klass), table[i].exit_code);
		assert_int_equal(bm_error_http_status(table[i].klass), table[i].http);
	}
	/* An unknown code is an internal failure. */
	assert_int_equal(bm_error_exit_code(-99), 1);
	assert_int_equal(bm_error_http_status(-99), 500);
	assert_int_equal(bm_error_http_status(12345), 500);
}

/* ---- allocation failure injection -----------------------------------------
 */

static void alloc_fail_after_counts_and_resets(void **state)
{
	void *p1, *p2, *p3;
	(void)state;
	bm_alloc_fail_after(2);
	p1 = bm_malloc(8);
	p2 = bm_calloc(2, 8);
	p3 = bm_malloc(8);
	assert_non_null(p1);
	assert_non_null(p2);
	assert_null(p3);
	assert_null(bm_strdup("x"));
	assert_null(bm_realloc(p1, 64)); /* p1 stays valid on failure */
	assert_int_equal(bm_alloc_fail_after(-1), 3);
	p3 = bm_malloc(8);
	assert_non_null(p3);
	assert_int_equal(bm_alloc_fail_after(-1), 0);
	assert_null(bm_strdup(NULL));
	bm_free(p1);
	bm_free(p2);
	bm_free(p3);
	bm_free(NULL);
}

static void alloc_failure_in_buf_returns_enomem(void **state)
{
	bm_buf b;
	(void)state;
	bm_buf_init(&b, 0);
	bm_alloc_fail_after(0);
	assert_int_equal(bm_buf_puts(&b, "abc"), BM_ENOMEM);
	assert_int_equal(bm_error_last()->klass, BM_ENOMEM);
	assert_int_equal(b.len, 0);
	assert_null(b.ptr);
	assert_int_equal(bm_buf_printf(&b, "%d", 5), BM_ENOMEM);
	assert_null(bm_buf_detach(&b)); /* empty buffer, strdup fails */
	assert_true(bm_alloc_fail_after(-1) >= 3);

	/* A failed growth keeps what was there. */
	assert_int_equal(bm_buf_puts(&b, "keep"), 0);
	bm_alloc_fail_after(0);
	{
		char big[200];
		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(bm_buf_puts(&b, big), BM_ENOMEM);
	}
	assert_int_equal(bm_alloc_fail_after(-1), 1);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.ptr, "keep");
	bm_buf_release(&b);
}

static void alloc_failure_in_arena_returns_null(void **state)
{
	bm_arena a;
	(void)state;
	bm_arena_init(&a, 0);
	bm_alloc_fail_after(0);
	assert_null(bm_arena_alloc(&a, 16));
	assert_null(bm_arena_strdup(&a, "abc"));
	assert_null(bm_arena_printf(&a, "%d", 1));
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	assert_int_equal(bm_alloc_fail_after(-1), 3);

	/* With a chunk in place, a request that needs a new chunk fails alone. */
	assert_non_null(bm_arena_alloc(&a, 16));
	bm_alloc_fail_after(0);
	assert_non_null(bm_arena_alloc(&a, 16)); /* served from the chunk */
	assert_null(bm_arena_alloc(&a, 64 * 1024));
	assert_int_equal(bm_alloc_fail_after(-1), 1);
	assert_non_null(bm_arena_alloc(&a, 64 * 1024));
	bm_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(utf8_valid_text_accepted),
	        cmocka_unit_test(utf8_truncated_sequences_refused),
	        cmocka_unit_test(utf8_overlongs_refused),
	        cmocka_unit_test(utf8_surrogates_and_beyond_max_refused),
	        cmocka_unit_test(utf8_length_counts_code_points),
	        cmocka_unit_test(utf8_blank_includes_ideographic_space),
	        cmocka_unit_test(date_epoch_is_day_zero),
	        cmocka_unit_test(date_leap_years),
	        cmocka_unit_test(date_parse_strict),
	        cmocka_unit_test(date_format_round_trip),
	        cmocka_unit_test(date_weekday_monday_is_zero),
	        cmocka_unit_test(date_add_years_feb_29_becomes_feb_28),
	        cmocka_unit_test(time_parse_format_round_trip),
	        cmocka_unit_test(time_hour_key_is_the_utc_hour_holding_the_instant),
	        cmocka_unit_test(time_parse_strict_refusals),
	        cmocka_unit_test(time_local_date_at_plus_480),
	        cmocka_unit_test(date_local_start_is_local_midnight),
	        cmocka_unit_test(arena_many_allocations_are_distinct_and_aligned),
	        cmocka_unit_test(arena_reuse_keeps_one_chunk_per_thread),
	        cmocka_unit_test(arena_large_allocation),
	        cmocka_unit_test(arena_limit_enforced),
	        cmocka_unit_test(arena_ids_parses_lists_and_refuses_damage),
	        cmocka_unit_test(arena_huge_size_returns_null_not_overflow),
	        cmocka_unit_test(arena_strings_and_printf),
	        cmocka_unit_test(buf_cap_enforced_and_buffer_unchanged),
	        cmocka_unit_test(buf_put_printf_and_growth),
	        cmocka_unit_test(buf_csv_quotes_and_defuses_formulas),
	        cmocka_unit_test(buf_detach_hands_over_contents),
	        cmocka_unit_test(msg_check_finds_chinese_in_english),
	        cmocka_unit_test(error_set_last_clear),
	        cmocka_unit_test(error_set_msg_does_not_expand_percent),
	        cmocka_unit_test(error_long_values_truncated_safely),
	        cmocka_unit_test(error_save_restore_and_nomem),
	        cmocka_unit_test(error_exit_code_and_http_status_table),
	        cmocka_unit_test(alloc_fail_after_counts_and_resets),
	        cmocka_unit_test(alloc_failure_in_buf_returns_enomem),
	        cmocka_unit_test(alloc_failure_in_arena_returns_null),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
