/*
 * fast_hash.c — the unit tests' bm_password_hash: Argon2id at libsodium's
 * minimal limits (1 pass, 8 KiB) instead of the interactive ones.
 *
 * Linked into every test binary that builds a fixture, it replaces
 * src/service/password.c at link time (that object then stays in the
 * library unused), so the fixtures' accounts are made and logged in through
 * the real services at a fraction of the cost: the stored string carries its
 * parameters and the production verifier checks it as it checks any other.
 * The production parameters are pinned by test_password (which does not link
 * this file) and by the CLI suite t_basics.
 */
#include <sodium.h>
#include <string.h>

#include "service/service.h"

int bm_password_hash(const char *password, char *out, size_t out_size)
{
	return bm_password_hash_cost(password, crypto_pwhash_argon2id_OPSLIMIT_MIN,
	                             crypto_pwhash_argon2id_MEMLIMIT_MIN, out, out_size);
}
