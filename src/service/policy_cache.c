/*
 * policy_cache.c — the unit's policy, parsed once per version (issue 17
 * point 3). Every use case starts from the stored policy (bm_ctx_init); the
 * parse of its text, and of the defaults when none is stored, was a good
 * part of each request's CPU. The parsed policy is a pure function of the
 * text, so the process keeps the last one parsed, keyed by the version
 * number *and the text itself*: two databases opened in one process (tests,
 * tools) may hold different texts under the same version number, and a
 * text compare costs microseconds where a parse costs far more. A new
 * version stored by any connection or process is read by the next request
 * (bm_ctx_init reads the current version's row each time, through the
 * store's statement cache) and parsed once there.
 */
#include "common.h"

#include <pthread.h>

#include "service/service_int.h"

static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;
static bm_policy defaults;

static struct {
	pthread_mutex_t mu;
	int version;      /* 0: nothing cached */
	char *text;       /* bm_malloc'd copy of the parsed text */
	size_t len;       /* strlen(text) */
	bm_policy policy; /* bm_policy_parse(text), version set */
} cache = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void make_defaults(void)
{
	bm_policy_defaults(&defaults);
}

void bm_svc_policy_defaults(bm_policy *out)
{
	pthread_once(&defaults_once, make_defaults);
	*out = defaults;
}

/* Copies the cached policy into `out` when it was parsed from `pv`; true then. */
static bool cached(bm_policy *out, const bm_policy_version *pv, size_t len)
{
	bool hit;
	pthread_mutex_lock(&cache.mu);
	hit = cache.version == pv->version && cache.len == len &&
	      memcmp(cache.text, pv->text, len) == 0;
	if (hit)
		*out = cache.policy;
	pthread_mutex_unlock(&cache.mu);
	return hit;
}

/* Keeps `p`, parsed from `pv`, for the next requests (a failed copy only costs a parse). */
static void keep(const bm_policy *p, const bm_policy_version *pv, size_t len)
{
	char *copy = bm_malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, pv->text, len + 1);
	pthread_mutex_lock(&cache.mu);
	bm_free(cache.text);
	cache.text = copy;
	cache.len = len;
	cache.version = pv->version;
	cache.policy = *p;
	pthread_mutex_unlock(&cache.mu);
}

int bm_svc_policy_of(bm_policy *out, const bm_policy_version *pv)
{
	size_t len = strlen(pv->text);
	int rc;
	if (cached(out, pv, len))
		return 0;
	if ((rc = bm_policy_parse(out, pv->text)) != 0)
		return rc;
	out->version = pv->version;
	keep(out, pv, len);
	return 0;
}
