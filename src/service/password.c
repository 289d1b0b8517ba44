/*
 * password.c — the production password hash (SYS-4): Argon2id at OWASP's
 * minimum (m = 19 MiB, t = 2, p = 1; BM_PWHASH_* in service.h).
 *
 * This function is alone in its file on purpose: the unit tests' fixtures
 * link tests/unit/service/fast_hash.c, which defines bm_password_hash at
 * libsodium's minimal limits, and the linker then never takes this object
 * out of the static library. The stored string names its own parameters, so
 * the production verifier (bm_svc_password_matches) checks either. Nothing
 * in a shipped binary can choose the cheap one; keep any other function out
 * of this file, or the test binaries fail to link (a duplicate definition).
 */
#include "common.h"

#include <sodium.h>
#include <stdlib.h>

#include "service/service_int.h"

int bm_password_hash(const char *password, char *out, size_t out_size)
{
#ifdef BM_TEST_CLOCK
	/*
	 * A test build only (meson -Dtest_clock=true, which make check uses):
	 * $BAOMI_TEST_FASTHASH=1 makes libsodium's minimal-cost hash, the one
	 * tests/tools/fasthash writes, so that tests/demo-db.sh builds a demo
	 * unit whose cheap hashes went through the audited use cases (and so
	 * pass `baomi check`). A shipped build has no such branch.
	 */
	const char *fast = getenv("BAOMI_TEST_FASTHASH");
	if (fast && strcmp(fast, "1") == 0)
		return bm_password_hash_cost(password, crypto_pwhash_argon2id_OPSLIMIT_MIN,
		                             crypto_pwhash_argon2id_MEMLIMIT_MIN, out, out_size);
#endif
	/* 19 MiB, 2 passes: libsodium's interactive 64 MiB alone exceeded the
	 * server's memory budget, and concurrent logins multiplied it. */
	return bm_password_hash_cost(password, BM_PWHASH_OPSLIMIT, BM_PWHASH_MEMLIMIT, out,
	                             out_size);
}
