/*
 * test_password.c — src/service/password.c: the production password hash
 * (SYS-4). This binary does not link fast_hash.c, so it pins the parameters
 * a real deployment stores, and shows that the one verifier checks a hash by
 * the parameters written in it (which lets the fixtures use cheap ones).
 */
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

static void sys_4_hash_is_argon2id_at_the_interactive_limits(void **state)
{
	char hash[crypto_pwhash_STRBYTES];
	(void)state;
	assert_int_equal(bm_password_hash(PW, hash, sizeof(hash)), 0);
	/* 64 MiB, 2 passes, 1 lane: libsodium's interactive limits. */
	assert_memory_equal(hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31);
	assert_null(strstr(hash, PW));
	assert_false(crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                            crypto_pwhash_MEMLIMIT_INTERACTIVE));
	assert_true(bm_svc_password_matches(hash, PW));
	assert_false(bm_svc_password_matches(hash, "Test@2026pasS"));
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
	        cmocka_unit_test(sys_4_hash_is_argon2id_at_the_interactive_limits),
	        cmocka_unit_test(sys_4_hashes_of_one_password_differ),
	        cmocka_unit_test(hash_refuses_a_short_buffer),
	        cmocka_unit_test(verifier_honours_the_stored_parameters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
