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
	if (sodium_init() < 0)
		return bm_error_set(BM_ERROR, "crypto_init", NULL, "密码库初始化失败",
		                    "the crypto library failed to start");
	if (out_size < crypto_pwhash_STRBYTES)
		return bm_error_set(BM_ERROR, "buffer", NULL, "缓冲区过小", "buffer too small");
	/* Argon2id with libsodium's interactive limits (64 MiB, 2 passes). */
	if (crypto_pwhash_str_alg(
	            out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return bm_error_nomem();
	return 0;
}
