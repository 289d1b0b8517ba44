/*
 * integrity.h — the server's knowledge of its database file's integrity
 * (SYS-3, issue 17): the check of every page, run by a thread of its own
 * from the start beside the requests, and the verdict a request's damage
 * sets when it meets a page the check did not report. Internal to src/http:
 * server.c owns one per server, its unit test drives it with a check of its
 * own (tests/unit/http/test_integrity.c).
 *
 * The verdict never goes back from DAMAGED. One check runs at a time.
 */
#ifndef BM_HTTP_INTEGRITY_H
#define BM_HTTP_INTEGRITY_H

#include "http/http_int.h"

typedef struct bm_http_integrity_state bm_http_integrity_state;

/*
 * A check of every page of `db`, as bm_svc_integrity: 0 with "ok" in `out`,
 * "database_corrupt" (bm_error_last) with the findings in `out` when the file
 * is damaged, any other error when the check did not run (its reason in `out`).
 */
typedef int (*bm_http_integrity_fn)(const char *db, char *out, size_t size);

/*
 * Makes the state of `db` and starts its first check (`check`; NULL:
 * bm_svc_integrity) on a thread of its own; the status is CHECKING until it
 * ends. A thread that cannot start is logged and leaves UNCHECKED. `*out`
 * belongs to the caller, who lets it go with bm_http_integrity_release (a
 * running check keeps it until it ends, so releasing never waits). Out of
 * memory: `*out` NULL, logged; the server then serves "unchecked".
 */
void bm_http_integrity_start(bm_http_integrity_state **out, const char *db,
                             bm_http_integrity_fn check);

/*
 * The status now, and in `*detail` (may be NULL) the text that explains it:
 * "" while CHECKING, else SQLite's findings, why the check did not run, or a
 * request's damage with the full check's verdict after it. The text is
 * borrowed: it lives, unchanged, as long as the state.
 */
bm_http_integrity bm_http_integrity_now(const bm_http_integrity_state *is, const char **detail);

/*
 * SYS-3: a request (`method`, its route's `pattern`) met damage `e`
 * ("database_corrupt") that the check had not reported. The first such call
 * turns the status DAMAGED at once, with a detail naming the route and
 * e->message_en, logs one line to stderr and starts a full check (or leaves
 * it to the check running now), whose verdict /health then adds. Later
 * calls, and a state already DAMAGED, change nothing. Writes nothing to
 * the database.
 */
void bm_http_integrity_met(bm_http_integrity_state *is, const char *method, const char *pattern,
                           const bm_error *e);

/* Whether a check's thread still holds the state (the unit test waits for it). */
bool bm_http_integrity_busy(const bm_http_integrity_state *is);

/* Lets the state go; freed once no check's thread holds it. NULL is fine. */
void bm_http_integrity_release(bm_http_integrity_state *is);

#endif
