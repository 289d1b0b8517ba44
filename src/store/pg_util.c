/*
 * pg_util.c — statements and errors of the PostgreSQL back end (issue 12).
 */
#include "common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/pg_int.h"

void bm_pg_p_text(bm_pg_params *p, const char *v)
{
	if (p->n < BM_PG_MAX_PARAMS)
		p->v[p->n] = v;
	p->n++;
}

void bm_pg_p_i64(bm_pg_params *p, int64_t v)
{
	if (p->n < BM_PG_MAX_PARAMS) {
		snprintf(p->num[p->n], sizeof(p->num[p->n]), "%" PRId64, v);
		p->v[p->n] = p->num[p->n];
	}
	p->n++;
}

void bm_pg_p_id(bm_pg_params *p, int64_t id)
{
	if (id > 0)
		bm_pg_p_i64(p, id);
	else
		bm_pg_p_text(p, NULL);
}

void bm_pg_p_bool(bm_pg_params *p, bool v)
{
	bm_pg_p_i64(p, v ? 1 : 0);
}

/* The store's error for SQLSTATE `state` (PostgreSQL appendix A). */
int bm_pg_fail(pg_store *s, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char text[512];
	int rc;

	snprintf(text, sizeof(text), "%s",
	         msg ? msg : (s && s->conn ? PQerrorMessage(s->conn) : "no connection"));
	text[strcspn(text, "\n")] = '\0';
	if (!state)
		state = "";
	if (strcmp(state, "23505") == 0)
		rc = bm_error_set(BM_ECONFLICT, "duplicate", NULL, "记录重复：%s",
		                  "duplicate record: %s", text);
	else if (strcmp(state, "23503") == 0)
		rc = bm_error_set(BM_EINVALID, "dangling_reference", NULL, "引用的记录不存在：%s",
		                  "a referenced record does not exist: %s", text);
	else if (strncmp(state, "23", 2) == 0)
		rc = bm_error_set(BM_EINVALID, "constraint", NULL, "数据不符合约束：%s",
		                  "the data breaks a constraint: %s", text);
	else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	         strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
		rc = bm_error_set(BM_ERROR, "busy", NULL, "数据库忙，请稍后重试",
		                  "the database is busy, try again");
	else if (strcmp(state, "53100") == 0)
		rc = bm_error_set(BM_ERROR, "disk_full", NULL, "数据库磁盘已满：%s",
		                  "the database's disk is full: %s", text);
	else if (strcmp(state, "XX001") == 0 || strcmp(state, "XX002") == 0)
		/* data_corrupted, index_corrupted: a page the server cannot read is damage */
		rc = bm_error_set(BM_ERROR, "database_corrupt", NULL, "数据库已损坏：%s",
		                  "the database is damaged: %s", text);
	else if (strcmp(state, "25006") == 0)
		rc = bm_error_set(BM_ERROR, "write_in_read", NULL, "只读事务中不能写入：%s",
		                  "a write inside a read snapshot: %s", text);
	else
		rc = bm_error_set(BM_ERROR, "db_error", NULL, "数据库错误（%s）：%s",
		                  "database error (%s): %s", *state ? state : "connection", text);
	PQclear(r);
	return rc;
}

int bm_pg_query(pg_store *s, const char *sql, const bm_pg_params *p, PGresult **out)
{
	PGresult *r;
	ExecStatusType st;

	*out = NULL;
	if (p && p->n > BM_PG_MAX_PARAMS)
		return bm_error_set(BM_ERROR, "too_many_params", NULL, "语句参数过多",
		                    "too many statement parameters");
	/* A statement that may fire a bound table's trigger, which notes the row in bm_touched. */
	if (s->touch_guard && !s->touched && !s->touched_tx && !s->read_tx &&
	    bm_pg_may_write(sql)) {
		int rc = bm_pg_touched(s);
		if (rc)
			return rc;
	}
	/* Without parameters the simple protocol: a migration holds many statements. */
	r = p ? PQexecParams(s->conn, sql, p->n, NULL, p->v, NULL, NULL, 0) : PQexec(s->conn, sql);
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		return bm_pg_fail(s, r);
	*out = r;
	return 0;
}

int bm_pg_touched(pg_store *s)
{
	PGresult *r;
	ExecStatusType st;

	if (s->touched || s->touched_tx)
		return 0;
	r = PQexec(s->conn, "CREATE TEMP TABLE IF NOT EXISTS bm_touched (tbl TEXT NOT NULL,"
	                    " id BIGINT NOT NULL, PRIMARY KEY (tbl, id))");
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK)
		return bm_pg_fail(s, r);
	PQclear(r);
	s->touched_maybe = false;
	if (PQtransactionStatus(s->conn) == PQTRANS_IDLE)
		s->touched = true;
	else
		s->touched_tx = true;
	return 0;
}

int bm_pg_touched_exists(pg_store *s, bool *out)
{
	PGresult *r;
	int rc;

	*out = s->touched || s->touched_tx;
	if (*out || !s->touched_maybe)
		return 0;
	/* Made by a transaction whose savepoint rolled back since: it may stand yet. */
	if ((rc = bm_pg_query(s, "SELECT to_regclass('pg_temp.bm_touched') IS NOT NULL", NULL,
	                      &r)) != 0)
		return rc;
	*out = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	s->touched_maybe = false;
	if (*out && PQtransactionStatus(s->conn) == PQTRANS_IDLE)
		s->touched = true;
	else if (*out)
		s->touched_tx = true;
	return 0;
}

bool bm_pg_may_write(const char *sql)
{
	static const char *const reads[] = {"SELECT",   "SHOW",      "BEGIN",  "COMMIT",
	                                    "ROLLBACK", "SAVEPOINT", "RELEASE"};
	/*
	 * What every command writes (its login, its audit event) to tables that
	 * are not bound and whose triggers write no bound table (audit_event's
	 * chain trigger: audit_head, audit_tally; t_pg_basics holds their triggers).
	 */
	static const char *const unbound[] = {"INSERT INTO audit_event(", "INSERT INTO login_seen(",
	                                      "INSERT INTO login_failure(",
	                                      "DELETE FROM login_failure "};
	size_t n;

	sql += strspn(sql, " \t\n");
	n = strspn(sql, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	for (size_t k = 0; k < BM_ARRAY_LEN(reads); k++)
		if (n == strlen(reads[k]) && strncasecmp(sql, reads[k], n) == 0)
			return false;
	for (size_t k = 0; k < BM_ARRAY_LEN(unbound); k++)
		if (strncmp(sql, unbound[k], strlen(unbound[k])) == 0)
			return false;
	return true;
}

int bm_pg_exec(pg_store *s, const char *sql)
{
	return bm_pg_run(s, sql, NULL);
}

int bm_pg_run(pg_store *s, const char *sql, const bm_pg_params *p)
{
	PGresult *r;
	int rc = bm_pg_query(s, sql, p, &r);
	PQclear(r);
	return rc;
}

int bm_pg_insert_id(pg_store *s, const char *sql, const bm_pg_params *p, int64_t *id)
{
	PGresult *r;
	int rc = bm_pg_query(s, sql, p, &r);
	if (rc)
		return rc;
	if (PQntuples(r) != 1)
		rc = bm_error_set(BM_ERROR, "no_id", NULL, "插入未返回编号",
		                  "the insert returned no id");
	else
		*id = bm_pg_i64(r, 0, 0);
	PQclear(r);
	return rc;
}

const char *bm_pg_text(bm_arena *a, PGresult *res, int r, int c)
{
	if (PQgetisnull(res, r, c))
		return NULL;
	return bm_arena_strdup(a, PQgetvalue(res, r, c));
}

int64_t bm_pg_i64(PGresult *res, int r, int c)
{
	if (PQgetisnull(res, r, c))
		return 0;
	return (int64_t)strtoll(PQgetvalue(res, r, c), NULL, 10);
}

bool bm_pg_null(PGresult *res, int r, int c)
{
	return PQgetisnull(res, r, c) != 0;
}

int bm_pg_not_yet(const char *op)
{
	return bm_error_set(
	        BM_ERROR, "not_on_postgresql", NULL, "PostgreSQL 后端尚不支持此操作（存储操作 %s）",
	        "the PostgreSQL back end does not yet support the store operation %s", op);
}

/* A stored vocabulary code as its index, or a corrupt_row error. */
int bm_pg_vocab(PGresult *r, int row, int col, const bm_vocab_entry *table, int count, int *out)
{
	const char *t = bm_pg_null(r, row, col) ? NULL : PQgetvalue(r, row, col);
	int v = bm_vocab_find(table, count, t);
	if (v < 0)
		return bm_error_set(BM_ECORRUPT, "corrupt_row", NULL,
		                    "数据库中有无法识别的取值 '%s'",
		                    "unrecognised stored value '%s'", t ? t : "");
	*out = v;
	return 0;
}

int bm_pg_collect(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p, size_t elem,
                  bm_pg_row_reader read, void **out, size_t *count)
{
	PGresult *res;
	char *rows;
	int n, rc;
	if ((rc = bm_pg_query(s, sql, p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * elem))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		memset(rows + (size_t)i * elem, 0, elem);
		if ((rc = read(a, res, i, rows + (size_t)i * elem)) != 0) {
			PQclear(res);
			return rc;
		}
	}
	PQclear(res);
	*out = rows;
	*count = (size_t)n;
	return 0;
}

int bm_pg_ids(bm_arena *a, PGresult *res, int r, int c, int64_t **out, size_t *count)
{
	return bm_arena_ids(a, bm_pg_null(res, r, c) ? NULL : PQgetvalue(res, r, c), out, count);
}

int bm_pg_lock_head(pg_store *s, bool *lock)
{
	*lock = s->in_tx && !s->read_tx;
	return *lock ? bm_pg_exec(s, "SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE") : 0;
}

int bm_pg_get(pg_store *s, bm_arena *a, const char *sql, const char *locked, const bm_pg_params *p,
              size_t elem, bm_pg_row_reader read, void **out)
{
	void *rows = NULL;
	size_t n = 0;
	bool lock;
	int rc;
	if ((rc = bm_pg_lock_head(s, &lock)) != 0 ||
	    (rc = bm_pg_collect(s, a, lock ? locked : sql, p, elem, read, &rows, &n)) != 0)
		return rc;
	*out = n ? rows : NULL;
	return 0;
}

int bm_pg_changed(pg_store *s, const char *sql, const bm_pg_params *p, bool *changed)
{
	PGresult *res;
	int rc;
	if ((rc = bm_pg_query(s, sql, p, &res)) != 0)
		return rc;
	*changed = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}
