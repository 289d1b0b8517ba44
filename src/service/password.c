/*
 * password.c — the production password hash (SYS-4): Argon2id at libsodium's
 * interactive limits.
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

#include "service/service_int.h"

int bm_password_hash(const char *password, char *out, size_t out_size)
{
	/* Argon2id with libsodium's interactive limits (64 MiB, 2 passes). */
	return bm_password_hash_cost(password, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                             crypto_pwhash_MEMLIMIT_INTERACTIVE, out, out_size);
}
