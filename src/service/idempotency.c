/*
 * idempotency.c — POSTs with an Idempotency-Key (issue 9): a client that
 * retries after a lost answer gets the first answer again instead of a
 * second registration.
 *
 * The key is the actor's own (keys of different people never meet). The
 * first use case of the request that ends well claims the key inside its
 * savepoint (tx.c finish_ok), so the claim is on disk exactly when the
 * use case's writes are: a retry after a crash or restart finds it. The
 * answer is added afterwards; when it was lost, a retry is told the use
 * case was done and which object it touched. Refusals claim nothing: a
 * retry runs again and is refused again. (The claim itself is tx.c's:
 * idem_claim, called by the use case's commit.)
 */
#include "common.h"

#include "service/service_int.h"
#include "util/timeutil.h"

enum { KEY_MAX = 128 };

static int key_invalid(void)
{
	return bm_error_set(BM_EINVALID, "invalid_idempotency_key", NULL,
	                    "Idempotency-Key 须为 1 至 %d 个可打印 ASCII 字符",
	                    "an Idempotency-Key is 1 to %d printable ASCII characters", KEY_MAX);
}

static bool key_ok(const char *k)
{
	size_t n = 0;
	for (; k && k[n]; n++)
		if (k[n] < 0x21 || k[n] > 0x7e)
			return false;
	return n >= 1 && n <= KEY_MAX;
}

int bm_svc_idem_find(bm_ctx *ctx, const bm_svc_idem *req, bm_svc_idem_done *out)
{
	bm_idem_row *row = NULL;
	int rc;

	if (!key_ok(req->key))
		return key_invalid();
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	if ((rc = BM_STORE(ctx->store, idempotency_find)(ctx->store, ctx->arena, ctx->actor->id,
	                                                 req->key, &row)) != 0)
		return rc;
	if (strcmp(row->method, req->method) != 0 || strcmp(row->path, req->path) != 0 ||
	    strcmp(row->body_digest, req->body_digest) != 0)
		return bm_error_set(
		        BM_ECONFLICT, "idempotency_key_reused", NULL,
		        "该 Idempotency-Key 已用于另一个请求（%s %s，请求体不同）；"
		        "新的请求须用新的键",
		        "this Idempotency-Key was used for another request (%s %s, another "
		        "body); a new request needs a new key",
		        row->method, row->path);
	out->status = row->answer ? row->status : 0;
	out->answer = row->answer;
	out->object = row->object;
	return 0;
}

/* The request's row, for the actor, now. */
static int row_of(bm_ctx *ctx, bm_idem_row *r)
{
	const char *now = bm_svc_now_iso(ctx);
	if (!now)
		return bm_error_nomem();
	*r = (bm_idem_row){.person_id = ctx->actor->id,
	                   .key = ctx->idem->key,
	                   .method = ctx->idem->method,
	                   .path = ctx->idem->path,
	                   .body_digest = ctx->idem->body_digest,
	                   .created_at = now};
	return 0;
}

int bm_svc_idem_answer(bm_ctx *ctx, int status, const char *answer)
{
	bm_idem_row r;
	int rc;

	if (!ctx->idem || !ctx->actor)
		return 0;
	if ((rc = row_of(ctx, &r)) != 0)
		return rc;
	r.status = status;
	r.answer = answer;
	if ((rc = bm_svc_write_begin(ctx)) != 0)
		return rc;
	rc = BM_STORE(ctx->store, idempotency_answer)(ctx->store, &r);
	return bm_svc_write_end(ctx, rc);
}
