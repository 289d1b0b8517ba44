/*
 * pwhash.c — every Argon2id computation of the process (SYS-4): the
 * verifier, the hash at a given cost, the re-hash rule, and the gate that
 * lets at most BM_PWHASH_CONCURRENCY of them run at once.
 *
 * The production cost is chosen in password.c (bm_password_hash), alone in
 * its file so the unit tests can replace it (see there).
 */
#include "common.h"

#include <pthread.h>
#include <sodium.h>

#include "service/service_int.h"

/*
 * The Argon2id gate: a counting semaphore over the whole process. Each
 * computation holds m (19 MiB today, 64 MiB for an old hash) for its whole
 * duration; unbounded, a login flood multiplies that until memory runs out.
 */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_free = PTHREAD_COND_INITIALIZER;
static int gate_running, gate_peak;

static void gate_enter(void)
{
	pthread_mutex_lock(&gate_lock);
	while (gate_running >= BM_PWHASH_CONCURRENCY)
		pthread_cond_wait(&gate_free, &gate_lock);
	if (++gate_running > gate_peak)
		gate_peak = gate_running;
	pthread_mutex_unlock(&gate_lock);
}

static void gate_leave(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_running--;
	pthread_cond_signal(&gate_free);
	pthread_mutex_unlock(&gate_lock);
}

int bm_svc_password_gate_peak(bool reset)
{
	int peak;
	pthread_mutex_lock(&gate_lock);
	peak = gate_peak;
	if (reset)
		gate_peak = gate_running;
	pthread_mutex_unlock(&gate_lock);
	return peak;
}

static void (*hash_hook)(void *arg);
static void *hash_hook_arg;

void bm_svc_password_hook_set(void (*hook)(void *arg), void *arg)
{
	hash_hook = hook;
	hash_hook_arg = arg;
}

/* One Argon2id string against `password`, inside the gate. */
static bool one_matches(const char *hash, const char *password, size_t len)
{
	int rc;
	if (hash_hook)
		hash_hook(hash_hook_arg);
	gate_enter();
	rc = crypto_pwhash_str_verify(hash, password, len);
	gate_leave();
	return rc == 0;
}

/*
 * SYS-1 (filing.c): "A|B", the hashes of two administrators' halves of a
 * temporary secret; the password is both halves concatenated, each
 * BM_HALF_SECRET_LEN bytes, and each must match its own hash. Both are
 * checked whatever the first answers, so timing does not tell which half
 * was wrong.
 */
static bool split_matches(const char *hash, const char *password)
{
	char first[crypto_pwhash_STRBYTES];
	const char *bar = strchr(hash, '|');
	size_t first_len = (size_t)(bar - hash);
	bool a, b;
	if (first_len >= sizeof(first))
		return false;
	memcpy(first, hash, first_len);
	first[first_len] = '\0';
	if (strlen(password) != 2 * BM_HALF_SECRET_LEN)
		password = "";
	a = one_matches(first, password, *password ? BM_HALF_SECRET_LEN : 0);
	b = one_matches(bar + 1, *password ? password + BM_HALF_SECRET_LEN : "",
	                *password ? BM_HALF_SECRET_LEN : 0);
	return *password && a && b;
}

bool bm_svc_password_matches(const char *hash, const char *password)
{
	if (!hash || !password || sodium_init() < 0)
		return false;
	if (strchr(hash, '|'))
		return split_matches(hash, password);
	return one_matches(hash, password, strlen(password));
}

bool bm_svc_password_needs_rehash(const char *hash)
{
	/* A split temporary secret stays split until the person changes it (filing.c). */
	if (!hash || strchr(hash, '|') || sodium_init() < 0)
		return false;
	if (crypto_pwhash_str_needs_rehash(hash, BM_PWHASH_OPSLIMIT, BM_PWHASH_MEMLIMIT) == 0)
		return false;
	/* The test tool's minimal-cost hashes (see service_int.h). */
	return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_argon2id_OPSLIMIT_MIN,
	                                      crypto_pwhash_argon2id_MEMLIMIT_MIN) != 0;
}

int bm_password_hash_cost(const char *password, unsigned long long opslimit, size_t memlimit,
                          char *out, size_t out_size)
{
	int rc;
	if (sodium_init() < 0)
		return bm_error_set(BM_ERROR, "crypto_init", NULL, "密码库初始化失败",
		                    "the crypto library failed to start");
	if (out_size < crypto_pwhash_STRBYTES)
		return bm_error_set(BM_ERROR, "buffer", NULL, "缓冲区过小", "buffer too small");
	if (hash_hook)
		hash_hook(hash_hook_arg);
	gate_enter();
	rc = crypto_pwhash_str_alg(out, password, strlen(password), opslimit, memlimit,
	                           crypto_pwhash_ALG_ARGON2ID13);
	gate_leave();
	if (rc != 0)
		return bm_error_nomem();
	return 0;
}
