/*
 * test_password.c — src/service/password.c: the production password hash
 * (SYS-4). This binary does not link fast_hash.c, so it pins the parameters
 * a real deployment stores, and shows that the one verifier checks a hash by
 * the parameters written in it (which lets the fixtures use cheap ones).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "service/service.h"
#include "service/service_int.h"

#define PW "Test@2026pass"

/* PW hashed at libsodium's interactive limits (m = 64 MiB), as before 2026-12. */
#define OLD_64MIB_HASH                                                                             \
	"$argon2id$v=19$m=65536,t=2,p=1$2zJ7jrC+OgBAbVbPCf1aLw$"                                   \
	"mzhplHH9JM1I2vqyoo1ETsHaSak8z9wSF48lZaKU2PI"

static void sys_4_hash_is_argon2id_at_owasp_minimum(void **state)
{
	char hash[crypto_pwhash_STRBYTES];
	(void)state;
	assert_int_equal(bm_password_hash(PW, hash, sizeof(hash)), 0);
	/* 19 MiB, 2 passes, 1 lane: OWASP's recommended minimum for Argon2id. */
	assert_memory_equal(hash, "$argon2id$v=19$m=19456,t=2,p=1$", 31);
	assert_null(strstr(hash, PW));
	assert_false(crypto_pwhash_str_needs_rehash(hash, 2, 19456 * 1024));
	assert_false(bm_svc_password_needs_rehash(hash));
	assert_true(bm_svc_password_matches(hash, PW));
	assert_false(bm_svc_password_matches(hash, "Test@2026pasS"));
}

/* SYS-4: a hash made at the old 64 MiB limits still verifies, and is due for a re-hash. */
static void sys_4_old_hash_verifies_and_needs_rehash(void **state)
{
	char cheap[crypto_pwhash_STRBYTES];
	(void)state;
	assert_true(bm_svc_password_matches(OLD_64MIB_HASH, PW));
	assert_false(bm_svc_password_matches(OLD_64MIB_HASH, "Test@2026pasS"));
	assert_true(bm_svc_password_needs_rehash(OLD_64MIB_HASH));
	/* Any other cost is re-hashed too, lighter or heavier ... */
	assert_true(bm_svc_password_needs_rehash("$argon2id$v=19$m=19456,t=3,p=1$"
	                                         "tD/XGxymEmj8uyHX6H/7/A$"
	                                         "h3Ut8VpEBEZtg5EV4f4G/AW9j3L975khlHM2V0iPgtI"));
	/* ... except the test tool's minimal one (see service_int.h). */
	assert_int_equal(crypto_pwhash_str_alg(
	                         cheap, PW, strlen(PW), crypto_pwhash_argon2id_OPSLIMIT_MIN,
	                         crypto_pwhash_argon2id_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
	                 0);
	assert_false(bm_svc_password_needs_rehash(cheap));
	assert_false(bm_svc_password_needs_rehash(NULL));
}

#define GATE_THREADS 6

static void *hash_once(void *arg)
{
	char hash[crypto_pwhash_STRBYTES];
	*(int *)arg = bm_password_hash(PW, hash, sizeof(hash));
	return NULL;
}

/*
 * SYS-4: six logins at once run two Argon2id computations at a time, never
 * more (each holds 19 MiB while it runs), and every one of them finishes.
 */
static void sys_4_gate_bounds_concurrent_hashing(void **state)
{
	pthread_t t[GATE_THREADS];
	int rc[GATE_THREADS];
	(void)state;
	assert_int_equal(BM_PWHASH_CONCURRENCY, 2);
	(void)bm_svc_password_gate_peak(true);
	assert_int_equal(bm_svc_password_gate_peak(false), 0);
	for (int i = 0; i < GATE_THREADS; i++) {
		rc[i] = -99;
		assert_int_equal(pthread_create(&t[i], NULL, hash_once, &rc[i]), 0);
	}
	for (int i = 0; i < GATE_THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(rc[i], 0);
	}
	assert_int_equal(bm_svc_password_gate_peak(false), BM_PWHASH_CONCURRENCY);
}

static void sys_4_hashes_of_one_password_differ(void **state)
{
	char a[crypto_pwhash_STRBYTES], b[crypto_pwhash_STRBYTES];
	(void)state;
	assert_int_equal(bm_password_hash(PW, a, sizeof(a)), 0);
	assert_int_equal(bm_password_hash(PW, b, sizeof(b)), 0);
	assert_string_not_equal(a, b); /* salted */
}

static void hash_refuses_a_short_buffer(void **state)
{
	char hash[crypto_pwhash_STRBYTES];
	(void)state;
	bm_error_clear();
	assert_int_not_equal(bm_password_hash(PW, hash, 8), 0);
	assert_string_equal(bm_error_last()->code, "buffer");
}

/* The verifier reads the cost from the string: a minimal-cost hash checks too. */
static void verifier_honours_the_stored_parameters(void **state)
{
	char cheap[crypto_pwhash_STRBYTES];
	(void)state;
	assert_int_equal(sodium_init() < 0, 0);
	assert_int_equal(crypto_pwhash_str_alg(
	                         cheap, PW, strlen(PW), crypto_pwhash_argon2id_OPSLIMIT_MIN,
	                         crypto_pwhash_argon2id_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
	                 0);
	assert_memory_equal(cheap, "$argon2id$v=19$m=8,t=1,p=1$", 27);
	assert_true(bm_svc_password_matches(cheap, PW));
	assert_false(bm_svc_password_matches(cheap, "wrong@2026pass"));
	assert_false(bm_svc_password_matches(NULL, PW));
	assert_false(bm_svc_password_matches("not a hash", PW));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sys_4_hash_is_argon2id_at_owasp_minimum),
	        cmocka_unit_test(sys_4_old_hash_verifies_and_needs_rehash),
	        cmocka_unit_test(sys_4_gate_bounds_concurrent_hashing),
	        cmocka_unit_test(sys_4_hashes_of_one_password_differ),
	        cmocka_unit_test(hash_refuses_a_short_buffer),
	        cmocka_unit_test(verifier_honours_the_stored_parameters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
