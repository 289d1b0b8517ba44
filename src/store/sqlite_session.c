/*
 * sqlite_session.c — SYS-4 in the SQLite back end: login sessions (token
 * hashes only), login failures by username string, password history.
 * Tables in migration 2 (sqlite_schema_session.h).
 */
#include "common.h"

#include <sqlite3.h>

#include "store/sqlite_int.h"

/* ---- sessions --------------------------------------------------------------- */

int bm_sq_session_insert(bm_store *bs, bm_session *sess)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO session(token_hash, person_id, channel, created_at,"
	                     " last_seen_at) VALUES (?,?,?,?,?)")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, sess->token_hash);
	sqlite3_bind_int64(st, 2, sess->person_id);
	bm_sq_bind_text(st, 3, sess->channel ? sess->channel : "api");
	bm_sq_bind_text(st, 4, sess->created_at);
	bm_sq_bind_text(st, 5, sess->last_seen_at ? sess->last_seen_at : sess->created_at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		sess->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_session_find(bm_store *bs, bm_arena *a, const char *token_hash, bm_session **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_session *sess;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id, token_hash, person_id, channel, created_at,"
	                     " last_seen_at, ended_at, end_reason FROM session"
	                     " WHERE token_hash = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, token_hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_session", NULL, "no such session",
		                  "no such session");
	} else if (rc != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
	} else if (!(sess = bm_arena_alloc(a, sizeof(*sess)))) {
		rc = bm_error_nomem();
	} else {
		sess->id = sqlite3_column_int64(st, 0);
		sess->token_hash = bm_sq_col_text(a, st, 1);
		sess->person_id = sqlite3_column_int64(st, 2);
		sess->channel = bm_sq_col_text(a, st, 3);
		sess->created_at = bm_sq_col_text(a, st, 4);
		sess->last_seen_at = bm_sq_col_text(a, st, 5);
		sess->ended_at = bm_sq_col_text(a, st, 6);
		sess->end_reason = bm_sq_col_text(a, st, 7);
		*out = sess;
		rc = 0;
	}
	bm_sq_release(s, st);
	return rc;
}

/*
 * Outside a transaction the refresh commits with synchronous=NORMAL: in WAL
 * mode it is appended without an fsync, and the next synced commit of any
 * connection makes it durable along with its own. (The PRAGMA acts when it
 * is compiled, so it runs through sqlite3_exec, not the statement cache.)
 * Should FULL fail to come back, `sync_lowered` stays set and the next
 * statement that could write outside a transaction restores it first
 * (bm_sq_prep). The ISO instants compare as
 * text, so a request whose clock is behind never moves the time back.
 */
int bm_sq_session_touch(bm_store *bs, int64_t id, const char *last_seen_at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bool lazy = !s->in_tx;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE session SET last_seen_at = ?1 WHERE id = ?2"
	                     " AND ended_at IS NULL AND last_seen_at < ?1")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, last_seen_at);
	sqlite3_bind_int64(st, 2, id);
	if (lazy && (rc = bm_sq_lower_sync(s)) != 0) {
		bm_sq_release(s, st);
		return rc;
	}
	rc = bm_sq_step_done(s, st);
	if (lazy) {
		int restored = bm_sq_restore_sync(s);
		rc = rc ? rc : restored;
	}
	return rc;
}

int bm_sq_session_end(bm_store *bs, int64_t id, const char *ended_at, const char *reason)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE session SET ended_at = ?, end_reason = ?"
	                     " WHERE id = ? AND ended_at IS NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, ended_at);
	bm_sq_bind_text(st, 2, reason);
	sqlite3_bind_int64(st, 3, id);
	return bm_sq_step_done(s, st);
}

int bm_sq_session_end_person(bm_store *bs, int64_t person_id, int64_t except_id,
                             const char *ended_at, const char *reason)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE session SET ended_at = ?, end_reason = ?"
	                     " WHERE person_id = ? AND id <> ? AND ended_at IS NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, ended_at);
	bm_sq_bind_text(st, 2, reason);
	sqlite3_bind_int64(st, 3, person_id);
	sqlite3_bind_int64(st, 4, except_id);
	return bm_sq_step_done(s, st);
}

/* One open session row (id, person_id, channel, created_at, last_seen_at). */
static int read_open_session(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_session *e = (bm_session *)rows + n;
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->person_id = sqlite3_column_int64(st, 1);
	e->channel = bm_sq_col_text(a, st, 2);
	e->created_at = bm_sq_col_text(a, st, 3);
	e->last_seen_at = bm_sq_col_text(a, st, 4);
	if (!e->channel || !e->created_at || !e->last_seen_at)
		return bm_error_nomem();
	return 0;
}

int bm_sq_session_open_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_session **out,
                            size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* Bounded: the cap of auth.max_sessions is at most a few dozen. */
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id, person_id, channel, created_at, last_seen_at FROM session"
	                     " WHERE person_id = ? AND ended_at IS NULL"
	                     " ORDER BY created_at, id LIMIT 1000")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	return bm_sq_collect(s, a, st, sizeof(bm_session), read_open_session, (void **)out, count);
}

/* ---- Idempotency-Key (issue 9) ------------------------------------------------ */

int bm_sq_idempotency_find(bm_store *bs, bm_arena *a, int64_t person_id, const char *key,
                           bm_idem_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_idem_row *r;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT method, path, body_digest, object, status, answer, created_at"
	                     " FROM idempotency WHERE person_id = ? AND key = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	bm_sq_bind_text(st, 2, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_idempotency_key", NULL, "未用过的幂等键",
		                  "no request with this idempotency key");
	} else if (rc != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
	} else if (!(r = bm_arena_alloc(a, sizeof(*r)))) {
		rc = bm_error_nomem();
	} else {
		r->person_id = person_id;
		r->key = bm_arena_strdup(a, key);
		r->method = bm_sq_col_text(a, st, 0);
		r->path = bm_sq_col_text(a, st, 1);
		r->body_digest = bm_sq_col_text(a, st, 2);
		r->object = bm_sq_col_text(a, st, 3);
		r->status = sqlite3_column_int(st, 4);
		r->answer =
		        sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : bm_sq_col_text(a, st, 5);
		r->created_at = bm_sq_col_text(a, st, 6);
		*out = r;
		rc = 0;
	}
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_idempotency_claim(bm_store *bs, const bm_idem_row *r, const char *purge_before)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "DELETE FROM idempotency WHERE created_at < ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, purge_before);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO idempotency(person_id, key, method, path, body_digest,"
	                     " object, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->person_id);
	bm_sq_bind_text(st, 2, r->key);
	bm_sq_bind_text(st, 3, r->method);
	bm_sq_bind_text(st, 4, r->path);
	bm_sq_bind_text(st, 5, r->body_digest);
	bm_sq_bind_text(st, 6, r->object ? r->object : "");
	bm_sq_bind_text(st, 7, r->created_at);
	rc = bm_sq_step_done(s, st);
	if (rc == BM_ECONFLICT)
		rc = bm_error_set(BM_ECONFLICT, "idempotency_key_in_use", NULL,
		                  "同一幂等键（Idempotency-Key）的另一请求已先完成，本次未执行",
		                  "another request with this Idempotency-Key finished first; this "
		                  "one did nothing");
	return rc;
}

int bm_sq_idempotency_answer(bm_store *bs, const bm_idem_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* Only the first answer of the same request is kept. */
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO idempotency(person_id, key, method, path, body_digest,"
	             " object, status, answer, created_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)"
	             " ON CONFLICT(person_id, key) DO UPDATE SET status = excluded.status,"
	             " answer = excluded.answer WHERE idempotency.answer IS NULL"
	             " AND idempotency.body_digest = excluded.body_digest")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->person_id);
	bm_sq_bind_text(st, 2, r->key);
	bm_sq_bind_text(st, 3, r->method);
	bm_sq_bind_text(st, 4, r->path);
	bm_sq_bind_text(st, 5, r->body_digest);
	sqlite3_bind_int(st, 6, r->status);
	bm_sq_bind_text(st, 7, r->answer);
	bm_sq_bind_text(st, 8, r->created_at);
	return bm_sq_step_done(s, st);
}

/* ---- login failures ------------------------------------------------------------ */

int bm_sq_login_failure_insert(bm_store *bs, const char *username, const char *at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "INSERT INTO login_failure(username, at) VALUES (?,?)")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, username ? username : "");
	bm_sq_bind_text(st, 2, at);
	return bm_sq_step_done(s, st);
}

/* Reads one text column of every row into an arena array of strings. */
static int text_rows(sq_store *s, bm_arena *a, sqlite3_stmt *st, const char ***out, size_t *count)
{
	size_t n = 0, cap = 16;
	const char **items = bm_arena_alloc(a, cap * sizeof(*items));
	int rc;
	if (!items)
		return bm_error_nomem();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			const char **bigger = bm_arena_alloc(a, cap * 2 * sizeof(*items));
			if (!bigger)
				return bm_error_nomem();
			memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
			cap *= 2;
		}
		if (!(items[n++] = bm_sq_col_text(a, st, 0)))
			return bm_error_nomem();
	}
	if (rc != SQLITE_DONE)
		return bm_sq_db_fail(s, rc);
	*out = items;
	*count = n;
	return 0;
}

int bm_sq_login_failure_list(bm_store *bs, bm_arena *a, const char *username, const char *since,
                             const char ***out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* Bounded: a lockout decision never needs more than the recent few hundred. */
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT at FROM login_failure WHERE username = ? AND at >= ?"
	                     " ORDER BY at, id LIMIT 1000")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, username ? username : "");
	bm_sq_bind_text(st, 2, since);
	rc = text_rows(s, a, st, out, count);
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_login_failure_clear(bm_store *bs, const char *username)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "DELETE FROM login_failure WHERE username = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, username ? username : "");
	return bm_sq_step_done(s, st);
}

int bm_sq_login_failure_purge(bm_store *bs, const char *before)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "DELETE FROM login_failure WHERE at < ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, before);
	return bm_sq_step_done(s, st);
}

/* ---- password history --------------------------------------------------------- */

int bm_sq_password_history_insert(bm_store *bs, int64_t person_id, const char *password_hash,
                                  const char *at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO password_history(person_id, password_hash,"
	                     " created_at) VALUES (?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	bm_sq_bind_text(st, 2, password_hash);
	bm_sq_bind_text(st, 3, at);
	return bm_sq_step_done(s, st);
}

int bm_sq_password_history_list(bm_store *bs, bm_arena *a, int64_t person_id, int limit,
                                const char ***out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT password_hash FROM password_history WHERE person_id = ?"
	                     " ORDER BY id DESC LIMIT ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : 0);
	rc = text_rows(s, a, st, out, count);
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_password_set_at(bm_store *bs, bm_arena *a, int64_t person_id, const char **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	const char **rows = NULL;
	size_t n = 0;
	int rc;
	/* The history row of a replaced password is written when its successor is set. */
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT coalesce((SELECT created_at FROM password_history"
	                     " WHERE person_id = p.id ORDER BY id DESC LIMIT 1), p.created_at)"
	                     " FROM person p WHERE p.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	rc = text_rows(s, a, st, &rows, &n);
	bm_sq_release(s, st);
	if (rc)
		return rc;
	if (n == 0 || !rows[0])
		return bm_error_set(BM_ENOTFOUND, "not_found", NULL, "人员不存在",
		                    "no such person");
	*out = rows[0];
	return 0;
}
