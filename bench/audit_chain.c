/*
 * audit_chain.c — appends N properly chained audit events to a database,
 * quickly, so the audit list, export and verify can be measured on a
 * chain of a million events (bench/README.md, issue 17 point 5).
 *
 * The events go through bm_audit_append (the chain rule of audit/audit.h),
 * 10,000 to a transaction, so the result verifies with `baomi audit verify`.
 * The mix: 12 actors (the demo's accounts and "-"), 16 actions, outcomes
 * mostly "ok" with refusals and failures, a rule on refusals, a small JSON
 * detail, one event every 7 seconds from the date given (default
 * 2026-01-01T00:00:00Z) so that date filters cut the chain into days.
 *
 * Usage: audit_chain DB N [START_EPOCH]   (DB must exist: `baomi demo --db DB`)
 *
 * Each append inside the batch's transaction opens a statement journal (the
 * insert fires audit_event's triggers). The store gives those journals a
 * 1 MiB first chunk (SQ_JOURNAL_SPILL in src/store/sqlite.c), which under
 * ASan is an mmap, 128 KiB of poisoned shadow and a munmap each time:
 * 60,000 events take 15.5 s of CPU (62 s wall) in the sanitized build
 * (tests/api/audit_export) against 3.5 s (15 s) with SQLite's default, and
 * took ~200 s wall at the former 8 MiB. The generator keeps SQLite's default spill
 * (64 KiB, far more than one append's journal): it configures SQLite before
 * the store does, which the store then leaves as it is (sq_config_once).
 * The events and the chain are the same.
 */
#include "common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "audit/audit.h"
#include "store/store.h"

#define BATCH 10000

static const char *const actors[] = {
        "clerk", "staff", "hulin", "huangmin", "auditor", "secadmin",
        "clerk", "clerk", "staff", "wangfang", "-",       "sysadmin",
};
static const char *const actions[] = {
        "carrier.read",     "carrier.register", "carrier.list",    "login",
        "carrier.transfer", "request.create",   "request.approve", "carrier.read",
        "ledger.export",    "audit.list",       "carrier.read",    "logout",
        "carrier.borrow",   "carrier.return",   "carrier.read",    "session.expire",
};
static const char *const rules[] = {"SYS-2", "BORROW-3", "SEND-2", "SYS-4"};

int main(int argc, char **argv)
{
	bm_store *s = NULL;
	char object[32], detail[160];
	int64_t n, start = 1767225600; /* 2026-01-01T00:00:00Z */
	int rc = 0;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: audit_chain DB N [START_EPOCH]\n");
		return 2;
	}
	n = strtoll(argv[2], NULL, 10);
	if (argc == 4)
		start = strtoll(argv[3], NULL, 10);
	if (sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 64 * 1024) != SQLITE_OK ||
	    sqlite3_initialize() != SQLITE_OK) {
		fprintf(stderr, "audit_chain: cannot configure SQLite\n");
		return 1;
	}
	if ((rc = bm_store_open(&s, argv[1])) != 0) {
		fprintf(stderr, "audit_chain: %s\n", bm_error_last()->message_en);
		return 1;
	}
	for (int64_t i = 0; i < n && rc == 0; i++) {
		uint64_t h = (uint64_t)i * 2654435761u;
		unsigned pick = (unsigned)(h >> 8);
		const char *outcome = pick % 23 == 0 ? "refused" : pick % 97 == 0 ? "failed" : "ok";
		bm_audit_event ev = {
		        .at = start + i * 7,
		        .actor = actors[pick % BM_ARRAY_LEN(actors)],
		        .action = actions[(pick / 13) % BM_ARRAY_LEN(actions)],
		        .object = object,
		        .outcome = outcome,
		        .rule = strcmp(outcome, "refused") == 0 ? rules[pick % 4] : "",
		        .detail = detail,
		};
		snprintf(object, sizeof(object), "carrier:%" PRId64, 1 + (int64_t)(h % 1000000));
		snprintf(detail, sizeof(detail),
		         "{\"channel\":\"api\",\"level\":\"%s\",\"title\":\"关于做好保密工作的通知 "
		         "%" PRId64 "\"}",
		         pick % 3 ? "secret" : "confidential", i);
		if (i % BATCH == 0 && (rc = BM_STORE(s, begin)(s)) != 0)
			break;
		if ((rc = bm_audit_append(s, &ev, NULL)) != 0)
			break;
		if ((i + 1) % BATCH == 0 || i + 1 == n)
			rc = BM_STORE(s, commit)(s);
	}
	if (rc)
		fprintf(stderr, "audit_chain: %s\n", bm_error_last()->message_en);
	bm_store_close(s);
	return rc ? 1 : 0;
}
