/*
 * integrity.c — the server's knowledge of its database file's integrity
 * (integrity.h). A thread of its own checks every page (integrity_run):
 * from the start, beside the requests, and again as soon as a request meets
 * damage the check did not report (bm_http_integrity_met: a page damaged
 * after the check read it, or one it had not reached yet). The state is
 * shared by the server and those threads and freed by whichever lets go
 * last, so that stopping the server never waits for a check of a large file.
 *
 * `verdict` holds the status (bm_http_integrity) and the slot of `detail`
 * that explains it in one word, so a reader takes both at once. Each slot is
 * written once, by one thread, before the word that shows it is stored:
 *   SLOT_START      the start-up check's verdict (its thread)
 *   SLOT_MET        "a request met damage": the route and the engine's
 *                   message (the first request that met it, `met` claimed)
 *   SLOT_RECHECKED  SLOT_MET's text with the full check's verdict after it
 *                   (the thread holding `running`)
 * DAMAGED never goes back. One check runs at a time: `running` is claimed
 * by whoever starts one, and a request that met damage while a check ran
 * leaves the next check to that thread (it looks once more as it ends).
 */
#include "common.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/integrity.h"
#include "util/utf8.h"

enum { SLOT_START, SLOT_MET, SLOT_RECHECKED, N_SLOTS };
#define VERDICT(status, slot) ((int)(status) | ((slot) << 4))
#define VERDICT_STATUS(v)     ((bm_http_integrity)((v)&0xf))
#define VERDICT_SLOT(v)       ((v) >> 4)
#define DETAIL_MAX            1024

struct bm_http_integrity_state {
	atomic_int refs;
	atomic_int verdict;  /* VERDICT(status, slot) */
	atomic_bool running; /* a check's thread runs */
	atomic_flag met;     /* set by the first request that met damage */
	size_t met_len;      /* SLOT_MET's text before "; the full check is running" */
	bm_http_integrity_fn check;
	char detail[N_SLOTS][DETAIL_MAX];
	char db[];
};

void bm_http_integrity_release(bm_http_integrity_state *is)
{
	if (is && atomic_fetch_sub(&is->refs, 1) == 1)
		bm_free(is);
}

bool bm_http_integrity_busy(const bm_http_integrity_state *is)
{
	return atomic_load(&is->refs) > 1;
}

bm_http_integrity bm_http_integrity_now(const bm_http_integrity_state *is, const char **detail)
{
	int v = atomic_load(&is->verdict);
	bm_http_integrity status = VERDICT_STATUS(v);
	if (detail)
		*detail = status == BM_HTTP_INTEGRITY_CHECKING ? "" : is->detail[VERDICT_SLOT(v)];
	return status;
}

/* A detail cut at its buffer's end ends at a whole character (/health's JSON needs UTF-8). */
static void utf8_cut(char *s)
{
	size_t len = strlen(s);
	while (len && !bm_utf8_valid(s, len))
		len--;
	s[len] = '\0';
}

static bool claim(atomic_bool *flag)
{
	bool expected = false;
	return atomic_compare_exchange_strong(flag, &expected, true);
}

/*
 * One check of every page, and its verdict published. "database_corrupt"
 * is every damage SQLite meets while checking: its findings, a page it
 * cannot read (SQLITE_CORRUPT*, before or after the findings), a file it no
 * longer reads as a database (SQLITE_NOTADB); PostgreSQL's XX001/XX002.
 * Anything else (an I/O error, out of memory, the file gone) says nothing
 * of the file: the check did not run, "unchecked". After a request met
 * damage the verdict stays DAMAGED whatever the check says; the check adds
 * its findings (SLOT_RECHECKED). A start-up check that a request's damage
 * overtook and that found nothing leaves SLOT_MET for the next check.
 */
static void integrity_check(bm_http_integrity_state *is)
{
	int before = atomic_load(&is->verdict), expected, status;
	bool after_met = VERDICT_SLOT(before) == SLOT_MET;
	char findings[DETAIL_MAX], log_detail[512];
	struct timespec t0, t1;
	double s;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = is->check(is->db, findings, sizeof(findings));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0)
		status = BM_HTTP_INTEGRITY_OK;
	else if (strcmp(bm_error_last()->code, "database_corrupt") == 0)
		status = BM_HTTP_INTEGRITY_DAMAGED;
	else
		status = BM_HTTP_INTEGRITY_UNCHECKED;
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	bm_http_log_text(log_detail, sizeof(log_detail), findings);
	if (status == BM_HTTP_INTEGRITY_OK)
		fprintf(stderr, "baomi serve: integrity check of the database: ok (%.1f s%s)\n", s,
		        after_met ? ", after a request met damage: the server stays damaged" : "");
	else if (status == BM_HTTP_INTEGRITY_DAMAGED)
		fprintf(stderr,
		        "baomi serve: integrity check of the database FAILED (%.1f s%s): "
		        "database_corrupt %s; every request but /api/v1/health is refused "
		        "(503); run `baomi check` and restore a backup\n",
		        s, after_met ? ", after a request met damage" : "", log_detail);
	else
		fprintf(stderr,
		        "baomi serve: integrity check of the database did not run%s: %s [%s]\n",
		        after_met ? " after a request met damage" : "", log_detail,
		        bm_error_last()->code);

	if (!after_met) {
		memcpy(is->detail[SLOT_START], findings, sizeof(findings));
		utf8_cut(is->detail[SLOT_START]);
		expected = before;
		if (atomic_compare_exchange_strong(&is->verdict, &expected,
		                                   VERDICT(status, SLOT_START)))
			return;
		/* A request met damage while this check ran; what it missed is checked again. */
		if (status != BM_HTTP_INTEGRITY_DAMAGED)
			return;
	}
	if (snprintf(is->detail[SLOT_RECHECKED], DETAIL_MAX, "%.*s; the full check%s: %s",
	             (int)is->met_len, is->detail[SLOT_MET],
	             status == BM_HTTP_INTEGRITY_UNCHECKED ? " did not run" : "",
	             status == BM_HTTP_INTEGRITY_OK ? "ok" : findings) >= DETAIL_MAX)
		utf8_cut(is->detail[SLOT_RECHECKED]);
	atomic_store(&is->verdict, VERDICT(BM_HTTP_INTEGRITY_DAMAGED, SLOT_RECHECKED));
}

static void *integrity_run(void *arg)
{
	bm_http_integrity_state *is = arg;
	do {
		integrity_check(is);
		atomic_store(&is->running, false);
		/* A request that met damage while this ran could not start a check: run it. */
	} while (VERDICT_SLOT(atomic_load(&is->verdict)) == SLOT_MET && claim(&is->running));
	bm_http_integrity_release(is);
	return NULL;
}

/* Starts a check's thread (`running` claimed by the caller); false when it did not start. */
static bool integrity_spawn(bm_http_integrity_state *is)
{
	pthread_attr_t attr;
	pthread_t t;
	bool started;
	atomic_fetch_add(&is->refs, 1);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	started = pthread_create(&t, &attr, integrity_run, is) == 0;
	pthread_attr_destroy(&attr);
	if (!started)
		atomic_fetch_sub(&is->refs, 1);
	return started;
}

void bm_http_integrity_start(bm_http_integrity_state **out, const char *db,
                             bm_http_integrity_fn check)
{
	size_t len = strlen(db);
	bm_http_integrity_state *is = bm_calloc(1, sizeof(*is) + len + 1);
	*out = is;
	if (!is) {
		fprintf(stderr, "baomi serve: integrity check of the database did not run: "
		                "out of memory\n");
		return;
	}
	memcpy(is->db, db, len + 1);
	is->check = check ? check : bm_svc_integrity;
	atomic_init(&is->refs, 1);
	atomic_init(&is->verdict, VERDICT(BM_HTTP_INTEGRITY_CHECKING, SLOT_START));
	atomic_init(&is->running, true);
	atomic_flag_clear(&is->met);
	if (!integrity_spawn(is)) {
		snprintf(is->detail[SLOT_START], DETAIL_MAX, "%s",
		         "the check's thread did not start");
		fprintf(stderr, "baomi serve: integrity check of the database did not run: %s\n",
		        is->detail[SLOT_START]);
		atomic_store(&is->verdict, VERDICT(BM_HTTP_INTEGRITY_UNCHECKED, SLOT_START));
		atomic_store(&is->running, false);
	}
}

/*
 * Nothing is audited here: the verdict is the server's, logged as the
 * start-up check's is, and a damaged store takes no write.
 */
void bm_http_integrity_met(bm_http_integrity_state *is, const char *method, const char *pattern,
                           const bm_error *e)
{
	char log_detail[512];
	int v, n;

	if (!is || atomic_flag_test_and_set(&is->met))
		return;
	n = snprintf(is->detail[SLOT_MET], DETAIL_MAX, "a request met damage (%s %s): %s", method,
	             pattern, e->message_en);
	if (n < 0 || (size_t)n >= DETAIL_MAX / 2) { /* room for the full check's findings */
		is->detail[SLOT_MET][DETAIL_MAX / 2] = '\0';
		utf8_cut(is->detail[SLOT_MET]);
	}
	is->met_len = strlen(is->detail[SLOT_MET]);
	snprintf(is->detail[SLOT_MET] + is->met_len, DETAIL_MAX - is->met_len, "%s",
	         "; the full check is running");
	v = atomic_load(&is->verdict);
	do {
		if (VERDICT_STATUS(v) == BM_HTTP_INTEGRITY_DAMAGED)
			return; /* the check found it first: its findings stand */
	} while (!atomic_compare_exchange_weak(&is->verdict, &v,
	                                       VERDICT(BM_HTTP_INTEGRITY_DAMAGED, SLOT_MET)));
	bm_http_log_text(log_detail, sizeof(log_detail), e->message_en);
	fprintf(stderr,
	        "baomi serve: a request met damage (%s %s): database_corrupt %s; every request "
	        "but /api/v1/health is refused (503) from now on; the database is checked in "
	        "full; run `baomi check` and restore a backup\n",
	        method, pattern, log_detail);
	if (!claim(&is->running))
		return; /* the check running now runs once more when it ends (integrity_run) */
	if (!integrity_spawn(is)) {
		snprintf(is->detail[SLOT_RECHECKED], DETAIL_MAX,
		         "%.*s; the full check did not run: its thread did not start",
		         (int)is->met_len, is->detail[SLOT_MET]);
		atomic_store(&is->verdict, VERDICT(BM_HTTP_INTEGRITY_DAMAGED, SLOT_RECHECKED));
		atomic_store(&is->running, false);
		fprintf(stderr, "baomi serve: integrity check of the database did not run after a "
		                "request met damage: its thread did not start\n");
	}
}
