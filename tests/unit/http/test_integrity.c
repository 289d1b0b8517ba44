/*
 * test_integrity.c — src/http/integrity.c: the server's verdict on its
 * database file (SYS-3). The check of every page is a fake here that waits
 * for the test's word before it answers, so every ordering of a check and a
 * request that meets damage is played in turn, not left to the scheduler:
 * a request's damage turns the server damaged at once and a full check adds
 * its findings; a check that ran before the damage never shows "ok" after
 * it; one check at a time; the first request decides; damage the check
 * found first stands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"

#include <pthread.h>
#include <time.h>

#include "http/integrity.h"
#include "util/utf8.h"

/* ---- a check the test lets end ------------------------------------------------- */

enum answer { ANSWER_OK, ANSWER_DAMAGED, ANSWER_IO };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int begun;    /* checks begun */
static int released; /* checks the test let end */
static enum answer answers[4];
static const char *findings[4];

static int fake_check(const char *db, char *out, size_t size)
{
	int i;
	(void)db;
	pthread_mutex_lock(&mu);
	i = begun++;
	pthread_cond_broadcast(&cv);
	while (released <= i)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	if (i >= 4)
		fail_msg("check %d: no more than 4 expected", i);
	if (answers[i] == ANSWER_OK) {
		snprintf(out, size, "ok");
		return 0;
	}
	if (answers[i] == ANSWER_DAMAGED) {
		snprintf(out, size, "%s", findings[i]);
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL, "数据库未通过完整性检查",
		                    "the database fails its integrity check");
	}
	snprintf(out, size, "disk I/O error");
	return bm_error_set(BM_ERROR, "database", NULL, "数据库错误", "database error");
}

static int begun_now(void)
{
	int n;
	pthread_mutex_lock(&mu);
	n = begun;
	pthread_mutex_unlock(&mu);
	return n;
}

/* Waits until `n` checks have begun (10 s at most). */
static void wait_begun(int n)
{
	struct timespec ms = {0, 1000 * 1000};
	for (int i = 0; i < 10000 && begun_now() < n; i++)
		nanosleep(&ms, NULL);
	assert_int_equal(begun_now(), n);
}

/* Lets the first `n` checks end. */
static void release_checks(int n)
{
	pthread_mutex_lock(&mu);
	released = n;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* Waits until no check's thread holds the state (10 s at most). */
static void wait_idle(const bm_http_integrity_state *is)
{
	struct timespec ms = {0, 1000 * 1000};
	for (int i = 0; i < 10000 && bm_http_integrity_busy(is); i++)
		nanosleep(&ms, NULL);
	assert_false(bm_http_integrity_busy(is));
}

static int reset(void **state)
{
	(void)state;
	begun = released = 0;
	memset(answers, 0, sizeof(answers));
	memset(findings, 0, sizeof(findings));
	return 0;
}

/* What a request's use case failed with when its page could not be read. */
static bm_error corrupt(const char *message_en)
{
	bm_error e = {0};
	e.klass = BM_ERROR;
	snprintf(e.code, sizeof(e.code), "database_corrupt");
	snprintf(e.message_en, sizeof(e.message_en), "%s", message_en);
	return e;
}

#define MALFORMED    "the database file is damaged: database disk image is malformed"
#define MET_CARRIERS "a request met damage (GET /api/v1/carriers): " MALFORMED

static const char *detail_of(const bm_http_integrity_state *is, bm_http_integrity want)
{
	const char *detail = NULL;
	assert_int_equal(bm_http_integrity_now(is, &detail), want);
	assert_non_null(detail);
	return detail;
}

/* ---- the orderings --------------------------------------------------------------- */

/* SYS-3: the start-up check passed; a page damaged since is met by a request. */
static void sys3_request_meets_damage_after_an_ok_check(void **state)
{
	bm_http_integrity_state *is;
	bm_error e = corrupt(MALFORMED);
	(void)state;
	answers[0] = ANSWER_OK;
	answers[1] = ANSWER_DAMAGED;
	findings[1] = "*** in database main ***\nPage 13: btreeInitPage() returns error code 11";
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_CHECKING), "");
	release_checks(1);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_OK), "ok");

	bm_http_integrity_met(is, "GET", "/api/v1/carriers", &e);
	/* at once, before the full check it started has ended */
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check is running");
	wait_begun(2);
	release_checks(2);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check: *** in database main ***\n"
	                                 "Page 13: btreeInitPage() returns error code 11");
	assert_int_equal(begun_now(), 2);
	bm_http_integrity_release(is);
}

/*
 * SYS-3: a request meets damage while the start-up check still runs, and that
 * check ends "ok" (it read the page before the damage, or never reached it):
 * "ok" is never shown, and the same thread checks again (one check at a time).
 */
static void sys3_check_overtaken_by_damage_checks_again(void **state)
{
	bm_http_integrity_state *is;
	bm_error e = corrupt(MALFORMED);
	(void)state;
	answers[0] = ANSWER_OK;
	answers[1] = ANSWER_DAMAGED;
	findings[1] = "Page 7: btreeInitPage() returns error code 11";
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	wait_begun(1);
	bm_http_integrity_met(is, "GET", "/api/v1/carriers", &e);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check is running");
	release_checks(1);
	wait_begun(2); /* the second check began only after the first ended */
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check is running");
	release_checks(2);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check: Page 7: btreeInitPage() returns "
	                                 "error code 11");
	assert_int_equal(begun_now(), 2);
	bm_http_integrity_release(is);
}

/* SYS-3: the start-up check that a request's damage overtook found damage: its findings serve. */
static void sys3_overtaken_check_that_finds_damage_is_the_full_check(void **state)
{
	bm_http_integrity_state *is;
	bm_error e = corrupt(MALFORMED);
	(void)state;
	answers[0] = ANSWER_DAMAGED;
	findings[0] = "Page 9 is never used";
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	wait_begun(1);
	bm_http_integrity_met(is, "GET", "/api/v1/carriers", &e);
	release_checks(1);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check: Page 9 is never used");
	assert_int_equal(begun_now(), 1);
	bm_http_integrity_release(is);
}

/* Damage the check found first stands: a request that meets it changes nothing. */
static void damage_the_check_found_stands(void **state)
{
	bm_http_integrity_state *is;
	bm_error e = corrupt(MALFORMED);
	(void)state;
	answers[0] = ANSWER_DAMAGED;
	findings[0] = "Page 3: btreeInitPage() returns error code 11";
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	release_checks(1);
	wait_idle(is);
	bm_http_integrity_met(is, "POST", "/api/v1/carriers", &e);
	assert_false(bm_http_integrity_busy(is));
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    "Page 3: btreeInitPage() returns error code 11");
	assert_int_equal(begun_now(), 1);
	bm_http_integrity_release(is);
}

/*
 * The first request that meets damage decides; the next ones start no check.
 * A full check that finds nothing leaves the server damaged (the request met
 * what it met) and says so.
 */
static void first_request_decides_and_damage_stays(void **state)
{
	bm_http_integrity_state *is;
	bm_error first = corrupt(MALFORMED), second = corrupt("the database is damaged: other");
	(void)state;
	answers[0] = answers[1] = ANSWER_OK;
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	release_checks(1);
	wait_idle(is);
	bm_http_integrity_met(is, "GET", "/api/v1/carriers", &first);
	bm_http_integrity_met(is, "GET", "/api/v1/devices", &second);
	wait_begun(2);
	release_checks(3);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check: ok");
	assert_int_equal(begun_now(), 2);
	bm_http_integrity_release(is);
}

/* A check that could not run ("unchecked") does not keep a request's damage from counting. */
static void unchecked_then_damage_met(void **state)
{
	bm_http_integrity_state *is;
	bm_error e = corrupt(MALFORMED);
	(void)state;
	answers[0] = answers[1] = ANSWER_IO;
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	release_checks(1);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_UNCHECKED), "disk I/O error");
	bm_http_integrity_met(is, "GET", "/api/v1/carriers", &e);
	assert_int_equal(bm_http_integrity_now(is, NULL), BM_HTTP_INTEGRITY_DAMAGED);
	release_checks(2);
	wait_idle(is);
	assert_string_equal(detail_of(is, BM_HTTP_INTEGRITY_DAMAGED),
	                    MET_CARRIERS "; the full check did not run: disk I/O error");
	bm_http_integrity_release(is);
}

/* A long message (PostgreSQL's may be Chinese) is cut at a whole character, findings kept. */
static void long_message_cut_at_a_whole_character(void **state)
{
	bm_http_integrity_state *is;
	bm_error e = corrupt("");
	const char *detail;
	size_t n = 0;
	(void)state;
	while (n + 3 < sizeof(e.message_en)) { /* 页 is three bytes */
		memcpy(e.message_en + n, "页", 3);
		n += 3;
	}
	e.message_en[n] = '\0';
	answers[0] = ANSWER_OK;
	answers[1] = ANSWER_DAMAGED;
	findings[1] = "Page 5 is never used";
	bm_http_integrity_start(&is, "unit.db", fake_check);
	assert_non_null(is);
	release_checks(1);
	wait_idle(is);
	bm_http_integrity_met(is, "GET", "/api/v1/carriers", &e);
	release_checks(2);
	wait_idle(is);
	detail = detail_of(is, BM_HTTP_INTEGRITY_DAMAGED);
	assert_true(bm_utf8_valid(detail, strlen(detail)));
	assert_non_null(strstr(detail, "; the full check: Page 5 is never used"));
	{
		const char *start = "a request met damage (GET /api/v1/carriers): 页页";
		assert_memory_equal(detail, start, strlen(start));
	}
	bm_http_integrity_release(is);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(sys3_request_meets_damage_after_an_ok_check, reset),
	        cmocka_unit_test_setup(sys3_check_overtaken_by_damage_checks_again, reset),
	        cmocka_unit_test_setup(sys3_overtaken_check_that_finds_damage_is_the_full_check,
	                               reset),
	        cmocka_unit_test_setup(damage_the_check_found_stands, reset),
	        cmocka_unit_test_setup(first_request_decides_and_damage_stays, reset),
	        cmocka_unit_test_setup(unchecked_then_damage_met, reset),
	        cmocka_unit_test_setup(long_message_cut_at_a_whole_character, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
