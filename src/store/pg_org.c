/*
 * pg_org.c — the unit, its departments, people, roles and places, and the
 * policy's versions on PostgreSQL (issue 12; store.h's org group).
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

static int pg_unit_insert(bm_store *bs, bm_unit *u)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, u->name);
	bm_pg_p_text(&p, u->code);
	bm_pg_p_text(&p, u->created_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO unit(name, code, created_at) VALUES ($1,$2,$3)"
	                       " RETURNING id",
	                       &p, &u->id);
}

static int read_unit(bm_store *bs, bm_arena *a, const char *sql, const bm_pg_params *p,
                     bm_unit **out)
{
	PGresult *r;
	bm_unit *u;
	int rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return bm_error_set(BM_ENOTFOUND, "no_unit", NULL,
		                    "单位不存在（请先运行 baomi init）",
		                    "no unit (run baomi init first)");
	}
	if (!(u = bm_arena_alloc(a, sizeof(*u)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	u->id = bm_pg_i64(r, 0, 0);
	u->name = bm_pg_text(a, r, 0, 1);
	u->code = bm_pg_text(a, r, 0, 2);
	u->created_at = bm_pg_text(a, r, 0, 3);
	PQclear(r);
	*out = u;
	return 0;
}

static int pg_unit_get(bm_store *bs, bm_arena *a, int64_t id, bm_unit **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, id);
	return read_unit(bs, a, "SELECT id, name, code, created_at FROM unit WHERE id = $1", &p,
	                 out);
}

static int pg_unit_first(bm_store *bs, bm_arena *a, bm_unit **out)
{
	return read_unit(bs, a, "SELECT id, name, code, created_at FROM unit ORDER BY id LIMIT 1",
	                 NULL, out);
}

void bm_pg_org_ops(struct bm_store_ops *ops)
{
	ops->unit_insert = pg_unit_insert;
	ops->unit_get = pg_unit_get;
	ops->unit_first = pg_unit_first;
}
