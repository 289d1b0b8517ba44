/*
 * fasthash.c — a test tool: rewrites the password hashes of a baomi database
 * to Argon2id at libsodium's minimal limits (1 pass, 8 KiB), keeping each
 * password.
 *
 *   fasthash DB PASSWORD...
 *
 * Every account whose stored hash verifies against one of the PASSWORDs gets
 * a fresh minimal-cost hash of that password; an account that matches none
 * is an error (exit 1, nothing written), so the tool never changes what
 * anybody's password is. The stored string names its parameters, so the
 * real `baomi` checks the cheap hash as it checks any other: a login then
 * costs microseconds instead of ~0.2 s of CPU, which is most of what the
 * CLI, API and browser suites used to spend. `audit verify` still passes (the
 * chain's events are untouched), but the ledger binding covers the person
 * rows (each event's "bound_rows", src/audit/audit.h): every rewritten
 * account is a row changed behind the chain, so `baomi check`, and a backup
 * or restore (which run it), refuse such a database. A hash already at the
 * minimal cost is left as it is: tests/demo-db.sh builds its demo with a
 * test build's $BAOMI_TEST_FASTHASH=1, which makes such hashes through the
 * audited use cases, so the tool then changes nothing and the database
 * checks clean (it still rewrites the hashes of a non-test build's demo).
 *
 * Test-only: built under tests/, never installed; production code has no
 * way to make such a hash.
 */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fasthash: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
	if (db)
		sqlite3_close(db);
	return 1;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int rc, rewritten = 0, unmatched = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: fasthash DB PASSWORD...\n");
		return 2;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "fasthash: libsodium failed to start\n");
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return fail(db, argv[1]);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT id, username, password_hash FROM person"
	                       " WHERE password_hash IS NOT NULL ORDER BY id",
	                       -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "UPDATE person SET password_hash = ? WHERE id = ?", -1, &upd,
	                       NULL) != SQLITE_OK)
		return fail(db, "prepare");
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *user = (const char *)sqlite3_column_text(sel, 1);
		const char *hash = (const char *)sqlite3_column_text(sel, 2);
		const char *pw = NULL;
		char cheap[crypto_pwhash_STRBYTES];

		/* Already minimal (a test build's $BAOMI_TEST_FASTHASH made it): left alone. */
		if (hash &&
		    crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_argon2id_OPSLIMIT_MIN,
		                                   crypto_pwhash_argon2id_MEMLIMIT_MIN) == 0)
			continue;
		for (int i = 2; i < argc && !pw; i++)
			if (crypto_pwhash_str_verify(hash, argv[i], strlen(argv[i])) == 0)
				pw = argv[i];
		if (!pw) {
			fprintf(stderr, "fasthash: %s: the password is none of those given\n",
			        user ? user : "?");
			unmatched++;
			continue;
		}
		if (crypto_pwhash_str_alg(cheap, pw, strlen(pw),
		                          crypto_pwhash_argon2id_OPSLIMIT_MIN,
		                          crypto_pwhash_argon2id_MEMLIMIT_MIN,
		                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
			fprintf(stderr, "fasthash: out of memory\n");
			unmatched++;
			break;
		}
		sqlite3_bind_text(upd, 1, cheap, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
		if (sqlite3_step(upd) != SQLITE_DONE)
			return fail(db, "update");
		sqlite3_reset(upd);
		rewritten++;
	}
	if (rc != SQLITE_DONE && !unmatched)
		return fail(db, "select");
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	if (unmatched) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(db);
		return 1;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	sqlite3_close(db);
	printf("%d\n", rewritten);
	return 0;
}
