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

/* ---- departments ---------------------------------------------------------- */

static int pg_department_insert(bm_store *bs, bm_department *d)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, d->unit_id);
	bm_pg_p_text(&p, d->name);
	bm_pg_p_text(&p, d->code);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO department(unit_id, name, code) VALUES ($1,$2,$3)"
	                       " RETURNING id",
	                       &p, &d->id);
}

/* Issue 14 point 14: a department's or place's former names, oldest first (JSON). */
#define FORMER_NAMES(kind, tbl)                                                                    \
	"(SELECT json_agg(json_build_object('name', r.old_name, 'until', r.renamed_on)"            \
	" ORDER BY r.id) FROM org_rename r WHERE r.kind = '" kind "' AND r.object_id = " tbl       \
	".id)"
/* Carriers still held (not returned, destroyed or missing). */
#define HELD_STATUSES "('in_store','lent','taken_out','circulating')"

#define DEPT_COLS                                                                                  \
	"SELECT id, unit_id, name, code, retired_on, " FORMER_NAMES(                               \
	        "department", "department") ", 0, 0, false FROM department "
#define DEPT_LIST_COLS                                                                             \
	"SELECT id, unit_id, name, code, retired_on, " FORMER_NAMES(                               \
	        "department",                                                                      \
	        "department") ", (SELECT count(*) FROM person p WHERE p.department_id = "          \
	                      "department.id"                                                      \
	                      " AND p.status <> 'left'), (SELECT count(*) FROM carrier c WHERE"    \
	                      " c.department_id = department.id AND c.status IN " HELD_STATUSES    \
	                      "),"                                                                 \
	                      " EXISTS (SELECT 1 FROM duty_department dd WHERE dd.department_id "  \
	                      "= department.id"                                                    \
	                      " AND dd.ended_on IS NULL) FROM department "

static int department_query(bm_store *bs, bm_arena *a, const char *sql, const bm_pg_params *p,
                            bm_department **out, size_t *count)
{
	PGresult *r;
	bm_department *items;
	int n, rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		items[i].id = bm_pg_i64(r, i, 0);
		items[i].unit_id = bm_pg_i64(r, i, 1);
		items[i].name = bm_pg_text(a, r, i, 2);
		items[i].code = bm_pg_text(a, r, i, 3);
		items[i].retired_on = bm_pg_text(a, r, i, 4);
		items[i].former = bm_pg_text(a, r, i, 5);
		items[i].n_people = bm_pg_i64(r, i, 6);
		items[i].n_carriers = bm_pg_i64(r, i, 7);
		items[i].on_duty = strcmp(PQgetvalue(r, i, 8), "t") == 0;
	}
	PQclear(r);
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_department_get(bm_store *bs, bm_arena *a, int64_t id, bm_department **out)
{
	bm_pg_params p = {0};
	size_t n;
	int rc;
	bm_pg_p_i64(&p, id);
	if ((rc = department_query(bs, a, DEPT_COLS "WHERE id = $1", &p, out, &n)) != 0)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_department", NULL, "部门 %lld 不存在",
		                    "department %lld does not exist", (long long)id);
	return 0;
}

static int pg_department_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *name,
                              bm_department **out)
{
	bm_pg_params p = {0};
	size_t n;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, name);
	if ((rc = department_query(bs, a,
	                           DEPT_COLS "WHERE unit_id = $1 AND (name = $2 OR code = $2)"
	                                     " ORDER BY id",
	                           &p, out, &n)) != 0)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_department", NULL, "部门 '%s' 不存在",
		                    "department '%s' does not exist", name);
	return 0;
}

static int pg_department_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_department **out,
                              size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	return department_query(bs, a, DEPT_LIST_COLS "WHERE unit_id = $1 ORDER BY id", &p, out,
	                        count);
}

/* The unit's departments without their counts (store.h department_names). */
static int pg_department_names(bm_store *bs, bm_arena *a, int64_t unit_id, bm_department **out,
                               size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	return department_query(bs, a, DEPT_COLS "WHERE unit_id = $1 ORDER BY id", &p, out, count);
}

static int pg_department_update(bm_store *bs, const bm_department *d)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, d->name);
	bm_pg_p_text(&p, d->code);
	bm_pg_p_text(&p, d->retired_on);
	bm_pg_p_i64(&p, d->id);
	return bm_pg_run(
	        bm_pg_of(bs),
	        "UPDATE department SET name = $1, code = $2, retired_on = $3 WHERE id = $4", &p);
}

static int pg_org_rename_insert(bm_store *bs, int64_t unit_id, const char *kind, int64_t id,
                                const char *old_name, const char *new_name, const char *on,
                                int64_t by)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, kind);
	bm_pg_p_i64(&p, id);
	bm_pg_p_text(&p, old_name);
	bm_pg_p_text(&p, new_name);
	bm_pg_p_text(&p, on);
	bm_pg_p_id(&p, by);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO org_rename(unit_id, kind, object_id, old_name, new_name,"
	                 " renamed_on, renamed_by) VALUES ($1,$2,$3,$4,$5,$6,$7)",
	                 &p);
}

static int pg_org_holdings(bm_store *bs, const char *kind, int64_t id, bm_org_holdings *out)
{
	bm_pg_params p = {0};
	PGresult *r;
	bool dept = strcmp(kind, "department") == 0;
	int rc;
	memset(out, 0, sizeof(*out));
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             dept ? "SELECT (SELECT count(*) FROM person WHERE department_id = $1"
	                    " AND status <> 'left'),"
	                    " (SELECT count(*) FROM carrier WHERE department_id = $1"
	                    " AND status IN " HELD_STATUSES "), 0,"
	                    " EXISTS (SELECT 1 FROM duty_department WHERE department_id = $1"
	                    " AND ended_on IS NULL)"
	                  : "SELECT 0, (SELECT count(*) FROM carrier WHERE place_id = $1"
	                    " AND status IN " HELD_STATUSES "),"
	                    " (SELECT count(*) FROM device d, storage_place sp WHERE sp.id = $1"
	                    " AND d.unit_id = sp.unit_id AND d.place = sp.name"
	                    " AND d.status <> 'scrapped'), false",
	             &p, &r)) != 0)
		return rc;
	out->people = bm_pg_i64(r, 0, 0);
	out->carriers = bm_pg_i64(r, 0, 1);
	out->devices = bm_pg_i64(r, 0, 2);
	out->on_duty = strcmp(PQgetvalue(r, 0, 3), "t") == 0;
	PQclear(r);
	return 0;
}

/* ---- people --------------------------------------------------------------- */

static const char *const person_status_codes[] = {"active", "disabled", "left"};

static int pg_person_insert(bm_store *bs, bm_person *pe)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, pe->unit_id);
	bm_pg_p_id(&p, pe->department_id);
	bm_pg_p_text(&p, pe->username);
	bm_pg_p_text(&p, pe->name);
	bm_pg_p_text(&p, bm_class_names[pe->person_class].code);
	bm_pg_p_bool(&p, pe->temporary);
	bm_pg_p_text(&p, person_status_codes[pe->status]);
	bm_pg_p_text(&p, pe->password_hash);
	bm_pg_p_bool(&p, pe->must_change_password);
	bm_pg_p_text(&p, pe->commitment_signed_on);
	bm_pg_p_text(&p, pe->created_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO person(unit_id, department_id, username, name,"
	                       " person_class, temporary, status, password_hash,"
	                       " must_change_password, commitment_signed_on, created_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
	                       &p, &pe->id);
}

static int pg_person_update(bm_store *bs, const bm_person *pe)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_id(&p, pe->department_id);
	bm_pg_p_text(&p, pe->username);
	bm_pg_p_text(&p, pe->name);
	bm_pg_p_text(&p, bm_class_names[pe->person_class].code);
	bm_pg_p_bool(&p, pe->temporary);
	bm_pg_p_text(&p, person_status_codes[pe->status]);
	bm_pg_p_text(&p, pe->password_hash);
	bm_pg_p_bool(&p, pe->must_change_password);
	bm_pg_p_text(&p, pe->commitment_signed_on);
	bm_pg_p_i64(&p, pe->id);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             "UPDATE person SET department_id = $1, username = $2, name = $3,"
	             " person_class = $4, temporary = $5, status = $6, password_hash = $7,"
	             " must_change_password = $8, commitment_signed_on = $9 WHERE id = $10",
	             &p, &r)) != 0)
		return rc;
	if (strcmp(PQcmdTuples(r), "0") == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 %lld 不存在",
		                  "person %lld does not exist", (long long)pe->id);
	PQclear(r);
	return rc;
}

#define PERSON_COLS                                                                                \
	"SELECT id, unit_id, coalesce(department_id, 0), username, name, person_class,"            \
	" temporary, status, password_hash, must_change_password, commitment_signed_on,"           \
	" created_at FROM person "

static int read_person(bm_arena *a, PGresult *r, int i, bm_person *pe)
{
	const char *status = PQgetvalue(r, i, 7);
	int cls, rc;
	pe->id = bm_pg_i64(r, i, 0);
	pe->unit_id = bm_pg_i64(r, i, 1);
	pe->department_id = bm_pg_i64(r, i, 2);
	pe->username = bm_pg_text(a, r, i, 3);
	pe->name = bm_pg_text(a, r, i, 4);
	if ((rc = bm_pg_vocab(r, i, 5, bm_class_names, BM_CLASS_COUNT, &cls)) != 0)
		return rc;
	pe->person_class = (bm_class)cls;
	pe->temporary = bm_pg_i64(r, i, 6) != 0;
	pe->status = BM_PERSON_ACTIVE;
	for (size_t k = 0; k < BM_ARRAY_LEN(person_status_codes); k++)
		if (strcmp(status, person_status_codes[k]) == 0)
			pe->status = (bm_person_status)k;
	pe->password_hash = bm_pg_text(a, r, i, 8);
	pe->must_change_password = bm_pg_i64(r, i, 9) != 0;
	pe->commitment_signed_on = bm_pg_text(a, r, i, 10);
	pe->created_at = bm_pg_text(a, r, i, 11);
	pe->roles = NULL;
	pe->n_roles = 0;
	return 0;
}

static int load_roles(bm_store *bs, bm_arena *a, bm_person *pe)
{
	bm_pg_params p = {0};
	PGresult *r;
	size_t n = 0;
	int rows, rc;
	bm_pg_p_i64(&p, pe->id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT role, department_id FROM person_role WHERE person_id = $1"
	                      " ORDER BY role, department_id",
	                      &p, &r)) != 0)
		return rc;
	rows = PQntuples(r);
	if (!(pe->roles = bm_arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof(*pe->roles)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < rows; i++) {
		int role = bm_vocab_find(bm_role_names, BM_ROLE_COUNT, PQgetvalue(r, i, 0));
		if (role < 0)
			continue; /* a role this build does not know grants nothing */
		pe->roles[n].role = (bm_role)role;
		pe->roles[n].department_id = bm_pg_i64(r, i, 1);
		n++;
	}
	PQclear(r);
	pe->n_roles = n;
	return 0;
}

/* The people `sql` selects (PERSON_COLS), with their roles. */
static int person_query(bm_store *bs, bm_arena *a, const char *sql, const bm_pg_params *p,
                        bm_person **out, size_t *count)
{
	PGresult *r;
	bm_person *items;
	int n, rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = read_person(a, r, i, &items[i]);
	PQclear(r);
	for (int i = 0; i < n && rc == 0; i++)
		rc = load_roles(bs, a, &items[i]);
	if (rc)
		return rc;
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_person_get(bm_store *bs, bm_arena *a, int64_t id, bm_person **out)
{
	bm_pg_params p = {0};
	size_t n;
	int rc;
	bm_pg_p_i64(&p, id);
	if ((rc = person_query(bs, a, PERSON_COLS "WHERE id = $1", &p, out, &n)) != 0)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 %lld 不存在",
		                    "person %lld does not exist", (long long)id);
	return 0;
}

static int pg_person_find(bm_store *bs, bm_arena *a, const char *ref, bm_person **out)
{
	bm_pg_params p = {0};
	size_t n;
	int rc;
	bm_pg_p_text(&p, ref);
	/* A username wins over a display name; two people with one name are ambiguous. */
	if ((rc = person_query(bs, a,
	                       PERSON_COLS
	                       "WHERE username = $1 OR (name = $1 AND"
	                       " (SELECT count(*) FROM person WHERE name = $1) = 1)"
	                       " ORDER BY username IS NOT DISTINCT FROM $1 DESC LIMIT 1",
	                       &p, out, &n)) != 0)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_person", NULL,
		                    "人员 '%s' 不存在或同名无法区分",
		                    "person '%s' does not exist or the name is ambiguous", ref);
	return 0;
}

static int pg_person_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_person **out,
                          size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	return person_query(bs, a, PERSON_COLS "WHERE unit_id = $1 ORDER BY id", &p, out, count);
}

static int pg_role_grant(bm_store *bs, int64_t person_id, bm_role role, int64_t department_id)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, bm_role_names[role].code);
	bm_pg_p_i64(&p, department_id);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO person_role(person_id, role, department_id) VALUES ($1,$2,$3)"
	                 " ON CONFLICT DO NOTHING",
	                 &p);
}

static int pg_role_revoke(bm_store *bs, int64_t person_id, bm_role role, int64_t department_id)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, bm_role_names[role].code);
	bm_pg_p_i64(&p, department_id);
	return bm_pg_run(bm_pg_of(bs),
	                 "DELETE FROM person_role WHERE person_id = $1 AND role = $2"
	                 " AND department_id = $3",
	                 &p);
}

/* ---- storage places ------------------------------------------------------- */

static int pg_place_insert(bm_store *bs, bm_place *pl)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, pl->unit_id);
	bm_pg_p_id(&p, pl->department_id);
	bm_pg_p_text(&p, pl->name);
	bm_pg_p_text(&p, bm_place_kind_names[pl->kind].code);
	bm_pg_p_i64(&p, (int64_t)pl->max_level);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO storage_place(unit_id, department_id, name, kind,"
	                       " max_level) VALUES ($1,$2,$3,$4,$5) RETURNING id",
	                       &p, &pl->id);
}

#define PLACE_COLS                                                                                 \
	"SELECT id, unit_id, coalesce(department_id, 0), name, kind, max_level, "                  \
	"retired_on, " FORMER_NAMES("place", "storage_place") ", 0, 0 FROM storage_place "
#define PLACE_LIST_COLS                                                                            \
	"SELECT id, unit_id, coalesce(department_id, 0), name, kind, max_level, "                  \
	"retired_on, " FORMER_NAMES(                                                               \
	        "place",                                                                           \
	        "storage_place") ", (SELECT count(*) FROM carrier c WHERE"                         \
	                         " c.place_id = storage_place.id AND c.status IN " HELD_STATUSES   \
	                         "),"                                                              \
	                         " (SELECT count(*) FROM device d WHERE d.unit_id = "              \
	                         "storage_place.unit_id"                                           \
	                         " AND d.place = storage_place.name AND d.status <> 'scrapped') "  \
	                         "FROM storage_place "

static int place_query(bm_store *bs, bm_arena *a, const char *sql, const bm_pg_params *p,
                       bm_place **out, size_t *count)
{
	PGresult *r;
	bm_place *items;
	int n, rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n && rc == 0; i++) {
		int kind;
		items[i].id = bm_pg_i64(r, i, 0);
		items[i].unit_id = bm_pg_i64(r, i, 1);
		items[i].department_id = bm_pg_i64(r, i, 2);
		items[i].name = bm_pg_text(a, r, i, 3);
		if ((rc = bm_pg_vocab(r, i, 4, bm_place_kind_names, BM_PLACE_COUNT, &kind)) == 0)
			items[i].kind = (bm_place_kind)kind;
		items[i].max_level = (bm_level)bm_pg_i64(r, i, 5);
		items[i].retired_on = bm_pg_text(a, r, i, 6);
		items[i].former = bm_pg_text(a, r, i, 7);
		items[i].n_carriers = bm_pg_i64(r, i, 8);
		items[i].n_devices = bm_pg_i64(r, i, 9);
	}
	PQclear(r);
	if (rc)
		return rc;
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_place_get(bm_store *bs, bm_arena *a, int64_t id, bm_place **out)
{
	bm_pg_params p = {0};
	size_t n;
	int rc;
	bm_pg_p_i64(&p, id);
	if ((rc = place_query(bs, a, PLACE_COLS "WHERE id = $1", &p, out, &n)) != 0)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_place", NULL, "存放地点 %lld 不存在",
		                    "storage place %lld does not exist", (long long)id);
	return 0;
}

static int pg_place_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *name,
                         bm_place **out)
{
	bm_pg_params p = {0};
	size_t n;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, name);
	if ((rc = place_query(bs, a, PLACE_COLS "WHERE unit_id = $1 AND name = $2 ORDER BY id", &p,
	                      out, &n)) != 0)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_place", NULL, "存放地点 '%s' 不存在",
		                    "storage place '%s' does not exist", name);
	return 0;
}

static int pg_place_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_place **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	return place_query(bs, a, PLACE_LIST_COLS "WHERE unit_id = $1 ORDER BY id", &p, out, count);
}

static int pg_place_update(bm_store *bs, const bm_place *pl)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, pl->name);
	bm_pg_p_text(&p, pl->retired_on);
	bm_pg_p_i64(&p, pl->id);
	return bm_pg_run(bm_pg_of(bs),
	                 "UPDATE storage_place SET name = $1, retired_on = $2 WHERE id = $3", &p);
}

/* ---- the policy's versions ------------------------------------------------ */

#define POLICY_COLS                                                                                \
	"SELECT version, text, created_at, coalesce(created_by, 0), comment FROM policy_version"

static int policy_rows(bm_store *bs, bm_arena *a, const char *sql, bm_policy_version **out,
                       size_t *count)
{
	PGresult *r;
	bm_policy_version *items;
	int n, rc = bm_pg_query(bm_pg_of(bs), sql, NULL, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		items[i].version = (int)bm_pg_i64(r, i, 0);
		items[i].text = bm_pg_text(a, r, i, 1);
		items[i].created_at = bm_pg_text(a, r, i, 2);
		items[i].created_by = bm_pg_i64(r, i, 3);
		items[i].comment = bm_pg_text(a, r, i, 4);
	}
	PQclear(r);
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_policy_current(bm_store *bs, bm_arena *a, bm_policy_version **out)
{
	size_t n;
	int rc = policy_rows(bs, a, POLICY_COLS " ORDER BY version DESC LIMIT 1", out, &n);
	if (rc == 0 && n == 0)
		return BM_ENOTFOUND; /* no policy stored: the caller uses the defaults */
	return rc;
}

static int pg_policy_list(bm_store *bs, bm_arena *a, bm_policy_version **out, size_t *count)
{
	return policy_rows(bs, a, POLICY_COLS " ORDER BY version", out, count);
}

static int pg_policy_insert(bm_store *bs, const bm_policy_version *v)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, v->version);
	bm_pg_p_text(&p, v->text);
	bm_pg_p_text(&p, v->created_at);
	bm_pg_p_id(&p, v->created_by);
	bm_pg_p_text(&p, v->comment);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO policy_version(version, text, created_at, created_by,"
	                 " comment) VALUES ($1,$2,$3,$4,$5)",
	                 &p);
}

void bm_pg_org_ops(struct bm_store_ops *ops)
{
	ops->unit_insert = pg_unit_insert;
	ops->unit_get = pg_unit_get;
	ops->unit_first = pg_unit_first;
	ops->department_insert = pg_department_insert;
	ops->department_get = pg_department_get;
	ops->department_find = pg_department_find;
	ops->department_list = pg_department_list;
	ops->department_names = pg_department_names;
	ops->department_update = pg_department_update;
	ops->person_insert = pg_person_insert;
	ops->person_update = pg_person_update;
	ops->person_get = pg_person_get;
	ops->person_find = pg_person_find;
	ops->person_list = pg_person_list;
	ops->role_grant = pg_role_grant;
	ops->role_revoke = pg_role_revoke;
	ops->place_insert = pg_place_insert;
	ops->place_get = pg_place_get;
	ops->place_find = pg_place_find;
	ops->place_list = pg_place_list;
	ops->place_update = pg_place_update;
	ops->org_rename_insert = pg_org_rename_insert;
	ops->org_holdings = pg_org_holdings;
	ops->policy_current = pg_policy_current;
	ops->policy_list = pg_policy_list;
	ops->policy_insert = pg_policy_insert;
}
