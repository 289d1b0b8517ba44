/*
 * pg_session.c — SYS-4 on PostgreSQL (issue 12): login sessions (token
 * hashes only), Idempotency-Key answers, login failures by username, the
 * password history. The SQL of sqlite_session.c, parameterised for libpq.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

static int pg_session_insert(bm_store *bs, bm_session *sess)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, sess->token_hash);
	bm_pg_p_i64(&p, sess->person_id);
	bm_pg_p_text(&p, sess->channel ? sess->channel : "api");
	bm_pg_p_text(&p, sess->created_at);
	bm_pg_p_text(&p, sess->last_seen_at ? sess->last_seen_at : sess->created_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO session(token_hash, person_id, channel, created_at,"
	                       " last_seen_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
	                       &p, &sess->id);
}

static int pg_session_find(bm_store *bs, bm_arena *a, const char *token_hash, bm_session **out)
{
	bm_pg_params p = {0};
	bm_session *sess;
	PGresult *r;
	int rc;
	bm_pg_p_text(&p, token_hash);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT id, token_hash, person_id, channel, created_at,"
	                      " last_seen_at, ended_at, end_reason FROM session"
	                      " WHERE token_hash = $1",
	                      &p, &r)) != 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_session", NULL, "no such session",
		                  "no such session");
	else if (!(sess = bm_arena_alloc(a, sizeof(*sess))))
		rc = bm_error_nomem();
	else {
		sess->id = bm_pg_i64(r, 0, 0);
		sess->token_hash = bm_pg_text(a, r, 0, 1);
		sess->person_id = bm_pg_i64(r, 0, 2);
		sess->channel = bm_pg_text(a, r, 0, 3);
		sess->created_at = bm_pg_text(a, r, 0, 4);
		sess->last_seen_at = bm_pg_text(a, r, 0, 5);
		sess->ended_at = bm_pg_text(a, r, 0, 6);
		sess->end_reason = bm_pg_text(a, r, 0, 7);
		*out = sess;
	}
	PQclear(r);
	return rc;
}

/* The ISO instants compare as text: a request whose clock is behind never moves it back. */
static int pg_session_touch(bm_store *bs, int64_t id, const char *last_seen_at)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, last_seen_at);
	bm_pg_p_i64(&p, id);
	return bm_pg_run(bm_pg_of(bs),
	                 "UPDATE session SET last_seen_at = $1 WHERE id = $2"
	                 " AND ended_at IS NULL AND last_seen_at < $1",
	                 &p);
}

static int pg_session_end(bm_store *bs, int64_t id, const char *ended_at, const char *reason)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, ended_at);
	bm_pg_p_text(&p, reason);
	bm_pg_p_i64(&p, id);
	return bm_pg_run(bm_pg_of(bs),
	                 "UPDATE session SET ended_at = $1, end_reason = $2"
	                 " WHERE id = $3 AND ended_at IS NULL",
	                 &p);
}

static int pg_session_end_person(bm_store *bs, int64_t person_id, int64_t except_id,
                                 const char *ended_at, const char *reason)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, ended_at);
	bm_pg_p_text(&p, reason);
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_i64(&p, except_id);
	return bm_pg_run(bm_pg_of(bs),
	                 "UPDATE session SET ended_at = $1, end_reason = $2"
	                 " WHERE person_id = $3 AND id <> $4 AND ended_at IS NULL",
	                 &p);
}

static int pg_session_open_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_session **out,
                                size_t *count)
{
	bm_pg_params p = {0};
	bm_session *items;
	PGresult *r;
	int n, rc;
	bm_pg_p_i64(&p, person_id);
	/* Bounded: the cap of auth.max_sessions is at most a few dozen. */
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT id, person_id, channel, created_at, last_seen_at FROM session"
	                      " WHERE person_id = $1 AND ended_at IS NULL"
	                      " ORDER BY created_at, id LIMIT 1000",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		memset(&items[i], 0, sizeof(items[i]));
		items[i].id = bm_pg_i64(r, i, 0);
		items[i].person_id = bm_pg_i64(r, i, 1);
		items[i].channel = bm_pg_text(a, r, i, 2);
		items[i].created_at = bm_pg_text(a, r, i, 3);
		items[i].last_seen_at = bm_pg_text(a, r, i, 4);
		if (!items[i].channel || !items[i].created_at || !items[i].last_seen_at)
			rc = bm_error_nomem();
	}
	PQclear(r);
	if (rc)
		return rc;
	*out = items;
	*count = (size_t)n;
	return 0;
}

/* ---- Idempotency-Key (issue 9) -------------------------------------------- */

static int pg_idempotency_find(bm_store *bs, bm_arena *a, int64_t person_id, const char *key,
                               bm_idem_row **out)
{
	bm_pg_params p = {0};
	bm_idem_row *row;
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, key);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT method, path, body_digest, object, status, answer, created_at"
	                      " FROM idempotency WHERE person_id = $1 AND key = $2",
	                      &p, &r)) != 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_idempotency_key", NULL, "未用过的幂等键",
		                  "no request with this idempotency key");
	else if (!(row = bm_arena_alloc(a, sizeof(*row))))
		rc = bm_error_nomem();
	else {
		row->person_id = person_id;
		row->key = bm_arena_strdup(a, key);
		row->method = bm_pg_text(a, r, 0, 0);
		row->path = bm_pg_text(a, r, 0, 1);
		row->body_digest = bm_pg_text(a, r, 0, 2);
		row->object = bm_pg_text(a, r, 0, 3);
		row->status = (int)bm_pg_i64(r, 0, 4);
		row->answer = bm_pg_text(a, r, 0, 5);
		row->created_at = bm_pg_text(a, r, 0, 6);
		*out = row;
	}
	PQclear(r);
	return rc;
}

static int pg_idempotency_claim(bm_store *bs, const bm_idem_row *row, const char *purge_before)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params purge = {0}, p = {0};
	int rc;
	bm_pg_p_text(&purge, purge_before);
	if ((rc = bm_pg_run(s, "DELETE FROM idempotency WHERE created_at < $1", &purge)) != 0)
		return rc;
	bm_pg_p_i64(&p, row->person_id);
	bm_pg_p_text(&p, row->key);
	bm_pg_p_text(&p, row->method);
	bm_pg_p_text(&p, row->path);
	bm_pg_p_text(&p, row->body_digest);
	bm_pg_p_text(&p, row->object ? row->object : "");
	bm_pg_p_text(&p, row->created_at);
	rc = bm_pg_run(s,
	               "INSERT INTO idempotency(person_id, key, method, path, body_digest,"
	               " object, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
	               &p);
	if (rc == BM_ECONFLICT)
		rc = bm_error_set(BM_ECONFLICT, "idempotency_key_in_use", NULL,
		                  "同一幂等键（Idempotency-Key）的另一请求已先完成，本次未执行",
		                  "another request with this Idempotency-Key finished first; this "
		                  "one did nothing");
	return rc;
}

static int pg_idempotency_answer(bm_store *bs, const bm_idem_row *row)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, row->person_id);
	bm_pg_p_text(&p, row->key);
	bm_pg_p_text(&p, row->method);
	bm_pg_p_text(&p, row->path);
	bm_pg_p_text(&p, row->body_digest);
	bm_pg_p_i64(&p, row->status);
	bm_pg_p_text(&p, row->answer);
	bm_pg_p_text(&p, row->created_at);
	/* Only the first answer of the same request is kept. */
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO idempotency(person_id, key, method, path, body_digest,"
	                 " object, status, answer, created_at) VALUES ($1,$2,$3,$4,$5,'',$6,$7,$8)"
	                 " ON CONFLICT(person_id, key) DO UPDATE SET status = excluded.status,"
	                 " answer = excluded.answer WHERE idempotency.answer IS NULL"
	                 " AND idempotency.body_digest = excluded.body_digest",
	                 &p);
}

/* ---- login failures ------------------------------------------------------- */

static int pg_login_failure_insert(bm_store *bs, const char *username, const char *at)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, username ? username : "");
	bm_pg_p_text(&p, at);
	return bm_pg_run(bm_pg_of(bs), "INSERT INTO login_failure(username, at) VALUES ($1,$2)",
	                 &p);
}

/* One text column of every row into an arena array of strings. */
static int text_rows(bm_store *bs, bm_arena *a, const char *sql, const bm_pg_params *p,
                     const char ***out, size_t *count)
{
	const char **items;
	PGresult *r;
	int n, rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n && rc == 0; i++)
		if (!(items[i] = bm_pg_text(a, r, i, 0)) && !bm_pg_null(r, i, 0))
			rc = bm_error_nomem();
	PQclear(r);
	if (rc)
		return rc;
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_login_failure_list(bm_store *bs, bm_arena *a, const char *username, const char *since,
                                 const char ***out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, username ? username : "");
	bm_pg_p_text(&p, since);
	/* Bounded: a lockout decision never needs more than the recent few hundred. */
	return text_rows(bs, a,
	                 "SELECT at FROM login_failure WHERE username = $1 AND at >= $2"
	                 " ORDER BY at, id LIMIT 1000",
	                 &p, out, count);
}

static int pg_login_failure_clear(bm_store *bs, const char *username)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, username ? username : "");
	return bm_pg_run(bm_pg_of(bs), "DELETE FROM login_failure WHERE username = $1", &p);
}

static int pg_login_failure_purge(bm_store *bs, const char *before)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, before);
	return bm_pg_run(bm_pg_of(bs), "DELETE FROM login_failure WHERE at < $1", &p);
}

/* ---- password history ----------------------------------------------------- */

static int pg_password_history_insert(bm_store *bs, int64_t person_id, const char *password_hash,
                                      const char *at)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, password_hash);
	bm_pg_p_text(&p, at);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO password_history(person_id, password_hash, created_at)"
	                 " VALUES ($1,$2,$3)",
	                 &p);
}

static int pg_password_history_list(bm_store *bs, bm_arena *a, int64_t person_id, int limit,
                                    const char ***out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_i64(&p, limit > 0 ? limit : 0);
	return text_rows(bs, a,
	                 "SELECT password_hash FROM password_history WHERE person_id = $1"
	                 " ORDER BY id DESC LIMIT $2",
	                 &p, out, count);
}

static int pg_password_set_at(bm_store *bs, bm_arena *a, int64_t person_id, const char **out)
{
	bm_pg_params p = {0};
	const char **rows = NULL;
	size_t n = 0;
	int rc;
	bm_pg_p_i64(&p, person_id);
	/* The history row of a replaced password is written when its successor is set. */
	if ((rc = text_rows(bs, a,
	                    "SELECT coalesce((SELECT created_at FROM password_history"
	                    " WHERE person_id = p.id ORDER BY id DESC LIMIT 1), p.created_at)"
	                    " FROM person p WHERE p.id = $1",
	                    &p, &rows, &n)) != 0)
		return rc;
	if (n == 0 || !rows[0])
		return bm_error_set(BM_ENOTFOUND, "not_found", NULL, "人员不存在",
		                    "no such person");
	*out = rows[0];
	return 0;
}

void bm_pg_session_ops(struct bm_store_ops *ops)
{
	ops->session_insert = pg_session_insert;
	ops->session_find = pg_session_find;
	ops->session_touch = pg_session_touch;
	ops->session_end = pg_session_end;
	ops->session_end_person = pg_session_end_person;
	ops->session_open_list = pg_session_open_list;
	ops->idempotency_find = pg_idempotency_find;
	ops->idempotency_claim = pg_idempotency_claim;
	ops->idempotency_answer = pg_idempotency_answer;
	ops->login_failure_insert = pg_login_failure_insert;
	ops->login_failure_list = pg_login_failure_list;
	ops->login_failure_clear = pg_login_failure_clear;
	ops->login_failure_purge = pg_login_failure_purge;
	ops->password_history_insert = pg_password_history_insert;
	ops->password_history_list = pg_password_history_list;
	ops->password_set_at = pg_password_set_at;
}
