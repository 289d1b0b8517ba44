/*
 * pg_ledger.c — the ledger's reads in the PostgreSQL back end (issue 12): the list with
 * its filters, orders, keyset paging and totals (carrier_list), its counts
 * (carrier_stats), its search, the alerts' ranges, and the plain reads of the ledgers
 * (carrier ids, loans, requests, register entries).
 *
 * SYS-2 is decided in SQL by the same predicate as on SQLite: the viewer's rule
 * (bm_policy_sys2_rule) rendered term by term, each term the SQL reading of
 * sqlite.c's sight_sql. SQLite also reads the same terms from kept forms (the
 * tally, the carrier_sight keys, the search index walked in id order) where they
 * answer faster; those give the same rows by construction (test_visibility, the
 * store tests), so here every answer is the general query's, but for REG-5's count,
 * which the clerk reads from carrier_unhandled_tally as on SQLite (handling_tally_where).
 *
 * Every statement's parameters are one row `v` (viewer_row): the viewer, then each
 * filter (NULL when not asked), each cast to its type, so a statement names every
 * parameter whatever it filters on, and a term reads `v.x`.
 *
 * Text orders and comparisons are bytewise (COLLATE "C"), as SQLite's BINARY: the
 * database's collation never changes an order or a page.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"
#include "util/buf.h"

/* SQLite's sight_sql, term by term, over the parameter row v. */
static const char *const sight_sql[BM_SIGHT_COUNT] = {
        [BM_SIGHT_SAME_UNIT] = "(v.unit <> 0 AND c.unit_id = v.unit)",
        [BM_SIGHT_CLEARED] = "c.level <= v.clear",
        [BM_SIGHT_CLERK] = "v.clerk = 1",
        [BM_SIGHT_CUSTODIAN] = "(v.pid <> 0 AND c.custodian_id = v.pid)",
        [BM_SIGHT_NO_SCOPE] =
                "NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id)",
        [BM_SIGHT_SCOPE_PERSON] = "(v.pid <> 0 AND EXISTS (SELECT 1 FROM carrier_scope x"
                                  " WHERE x.carrier_id = c.id AND x.person_id = v.pid))",
        [BM_SIGHT_SCOPE_DEPARTMENT] = "(v.dept <> 0 AND EXISTS (SELECT 1 FROM carrier_scope x"
                                      " WHERE x.carrier_id = c.id AND x.department_id = v.dept))",
        /* The holder is the one of the newest open loan, as loan_current reads it. */
        [BM_SIGHT_HOLDER] = "(v.pid <> 0 AND c.status = ANY (v.outs)"
                            " AND (SELECT l.holder_id FROM loan l WHERE l.carrier_id = c.id"
                            " AND l.returned_at IS NULL ORDER BY l.id DESC LIMIT 1) = v.pid)",
};

#define ASCII_UPPER "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
#define ASCII_LOWER "'abcdefghijklmnopqrstuvwxyz'"
/* LIKE's case rule, as SQLite's and baomi_ngram's: ASCII letters folded, nothing else. */
#define FOLD(col) "translate(" col ", " ASCII_UPPER ", " ASCII_LOWER ")"

/* The list's orders, as sqlite.c's sort_orders; `key_k` reads the key of the `after` row k. */
#define KEY_OF(col) "(SELECT " col " FROM carrier k WHERE k.id = v.after)"
static const struct sort_order {
	const char *name;
	const char *order;
	const char *key;   /* over c; NULL: by id alone */
	const char *key_k; /* the same over the cursor's row */
	bool key_desc, id_desc;
} sort_orders[] = {
        {"id", " ORDER BY c.id", NULL, NULL, false, false},
        {"-id", " ORDER BY c.id DESC", NULL, NULL, false, true},
#define ORDERS(name, keyc, keyk)                                                                   \
	{name, " ORDER BY " keyc ", c.id", keyc, KEY_OF(keyk), false, false},                      \
	{                                                                                          \
		"-" name, " ORDER BY " keyc " DESC, c.id DESC", keyc, KEY_OF(keyk), true, true     \
	}
        ORDERS("level", "c.level", "k.level"),
        ORDERS("title", "c.title COLLATE \"C\"", "k.title COLLATE \"C\""),
        ORDERS("doc", "COALESCE(c.doc_number, '') COLLATE \"C\"",
               "COALESCE(k.doc_number, '') COLLATE \"C\""),
        ORDERS("kind", "c.kind COLLATE \"C\"", "k.kind COLLATE \"C\""),
        ORDERS("status", "c.status COLLATE \"C\"", "k.status COLLATE \"C\""),
        ORDERS("custodian", "COALESCE(c.custodian_id, 0)", "COALESCE(k.custodian_id, 0)"),
        ORDERS("place", "COALESCE(c.place_id, 0)", "COALESCE(k.place_id, 0)"),
        ORDERS("registered", "c.registered_at COLLATE \"C\"", "k.registered_at COLLATE \"C\""),
#undef ORDERS
};
#undef KEY_OF

static const struct sort_order *find_order(const char *name)
{
	if (!name)
		return &sort_orders[0];
	for (size_t i = 0; i < BM_ARRAY_LEN(sort_orders); i++)
		if (strcmp(name, sort_orders[i].name) == 0)
			return &sort_orders[i];
	bm_error_set(BM_EINVALID, "invalid_sort", NULL, "未知排序方式 '%s'",
	             "unknown sort order '%s'", name);
	return NULL;
}

static int no_viewer(void)
{
	return bm_error_set(BM_ERROR, "no_viewer", NULL,
	                    "the ledger needs a viewer and its visibility rule",
	                    "the ledger needs a viewer and its visibility rule");
}

/* The filter that selects everything its viewer may see (SYS-2). */
static bm_carrier_filter viewer_filter(const bm_viewer *v)
{
	bm_carrier_filter f = {.viewer = v, .level = -1, .status = -1, .kind = -1, .origin = -1};
	return f;
}

/* The characters of UTF-8 text (a byte that is not a continuation starts one). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Appends `rule` as one parenthesised condition: the `all` terms AND any `any` term. */
static int sight_where(bm_buf *b, const bm_sight_rule *rule)
{
	int rc = bm_buf_puts(b, " (");
	for (size_t i = 0; rc == 0 && i < rule->n_all; i++) {
		if ((unsigned)rule->all[i] >= BM_SIGHT_COUNT)
			return bm_error_set(BM_ERROR, "unknown_sight", NULL, "未知的可见性条件",
			                    "unknown visibility term");
		rc = bm_buf_printf(b, "%s AND ", sight_sql[rule->all[i]]);
	}
	if (rc == 0)
		rc = bm_buf_puts(b, "(");
	for (size_t i = 0; rc == 0 && i < rule->n_any; i++) {
		if ((unsigned)rule->any[i] >= BM_SIGHT_COUNT)
			return bm_error_set(BM_ERROR, "unknown_sight", NULL, "未知的可见性条件",
			                    "unknown visibility term");
		rc = bm_buf_printf(b, "%s%s", i ? " OR " : "", sight_sql[rule->any[i]]);
	}
	if (rc == 0)
		rc = bm_buf_puts(b, rule->n_any ? "))" : "false))");
	return rc;
}

/*
 * The search: the rows whose title or document number holds the query as a substring,
 * ASCII letters folded (the rows `LIKE '%q%'` finds, as baomi_ngram's phrase on
 * SQLite). The exact test is the folded LIKE; before it an index narrows the rows to a
 * superset (lower() folds more than ASCII, never less): three characters and more the
 * pg_trgm indexes (ILIKE), one or two carrier_gram's entries of the lowered query.
 */
static int query_params(bm_arena *a, const char *query, bm_pg_ledger_sql *ls)
{
	size_t n = strlen(query), k = 0;
	ls->q = bm_arena_alloc(a, n + 1);
	ls->pat = bm_arena_alloc(a, n * 2 + 3);
	if (!ls->q || !ls->pat)
		return bm_error_nomem();
	ls->pat[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		char ch = query[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		ls->q[i] = ch;
		if (ch == '%' || ch == '_' || ch == '\\')
			ls->pat[k++] = '\\';
		ls->pat[k++] = ch;
	}
	ls->q[n] = '\0';
	ls->pat[k++] = '%';
	ls->pat[k] = '\0';
	ls->short_query = utf8_chars(query) <= 2;
	return 0;
}

/* The parameter row's values ($1..$19, BM_PG_VIEWER_ROW) for `f`. */
static void filter_params(const bm_carrier_filter *f, bm_pg_ledger_sql *ls)
{
	const bm_viewer *v = f->viewer;
	size_t w = 0;

	memset(&ls->p, 0, sizeof(ls->p));
	/* The statuses of a carrier that is out: the holder term's (SQLite's ?20..?26). */
	ls->outs[w++] = '{';
	for (int k = 0; k < BM_STATUS_COUNT; k++)
		if (bm_status_is_out((bm_status)k))
			w += (size_t)snprintf(ls->outs + w, sizeof(ls->outs) - w, "%s%s",
			                      w > 1 ? "," : "", bm_status_names[k].code);
	snprintf(ls->outs + w, sizeof(ls->outs) - w, "}");

	bm_pg_p_i64(&ls->p, v->person_id);
	bm_pg_p_i64(&ls->p, v->department_id);
	bm_pg_p_i64(&ls->p, (int64_t)v->max_level);
	bm_pg_p_i64(&ls->p, v->clerk ? 1 : 0);
	bm_pg_p_i64(&ls->p, v->unit_id);
	bm_pg_p_text(&ls->p, ls->outs);
	if (f->level >= 0)
		bm_pg_p_i64(&ls->p, f->level);
	else
		bm_pg_p_text(&ls->p, NULL);
	bm_pg_p_text(&ls->p, f->status >= 0 ? bm_status_names[f->status].code : NULL);
	bm_pg_p_text(&ls->p, f->kind >= 0 ? bm_kind_names[f->kind].code : NULL);
	bm_pg_p_text(&ls->p, f->origin >= 0 ? bm_origin_names[f->origin].code : NULL);
	bm_pg_p_id(&ls->p, f->department_id);
	bm_pg_p_id(&ls->p, f->custodian_id);
	bm_pg_p_id(&ls->p, f->place_id);
	bm_pg_p_id(&ls->p, f->derived_from);
	bm_pg_p_text(&ls->p, f->registered_since);
	bm_pg_p_text(&ls->p, f->registered_before);
	bm_pg_p_text(&ls->p, ls->q);
	bm_pg_p_text(&ls->p, ls->pat);
	bm_pg_p_id(&ls->p, f->after);
}

/* The WHERE clause of `f` over `carrier c` and v, and the parameter row's values (pg_int.h). */
int bm_pg_ledger_filter(bm_arena *a, const bm_carrier_filter *f, bm_pg_ledger_sql *ls)
{
	const bm_viewer *v = f->viewer;
	int rc;

	bm_buf_init(&ls->where, 65536);
	ls->q = ls->pat = NULL;
	ls->short_query = false;
	if (f->query && *f->query && (rc = query_params(a, f->query, ls)) != 0)
		return rc;
	filter_params(f, ls);
	if ((rc = bm_buf_puts(&ls->where, " WHERE")) != 0 ||
	    (rc = sight_where(&ls->where, v->rule)) != 0)
		return rc;
	if (f->level >= 0 && (rc = bm_buf_puts(&ls->where, " AND c.level = v.level")) != 0)
		return rc;
	if (f->status >= 0 && (rc = bm_buf_puts(&ls->where, " AND c.status = v.status")) != 0)
		return rc;
	if (f->kind >= 0 && (rc = bm_buf_puts(&ls->where, " AND c.kind = v.kind")) != 0)
		return rc;
	if (f->origin >= 0 && (rc = bm_buf_puts(&ls->where, " AND c.origin = v.origin")) != 0)
		return rc;
	if (f->department_id &&
	    (rc = bm_buf_puts(&ls->where, " AND c.department_id = v.f_dept")) != 0)
		return rc;
	if (f->custodian_id &&
	    (rc = bm_buf_puts(&ls->where, " AND c.custodian_id = v.custodian")) != 0)
		return rc;
	if (f->place_id && (rc = bm_buf_puts(&ls->where, " AND c.place_id = v.place")) != 0)
		return rc;
	if (f->derived_from &&
	    (rc = bm_buf_puts(&ls->where, " AND (c.copy_of = v.derived OR c.extract_of ="
	                                  " v.derived OR c.volume_id = v.derived)")) != 0)
		return rc;
	/* Instants are fixed-width UTC text: they compare as they sort (bytewise). */
	if (f->registered_since &&
	    (rc = bm_buf_puts(&ls->where, " AND c.registered_at COLLATE \"C\" >= v.since")) != 0)
		return rc;
	if (f->registered_before &&
	    (rc = bm_buf_puts(&ls->where, " AND c.registered_at COLLATE \"C\" < v.before")) != 0)
		return rc;
	if (ls->q) {
		rc = bm_buf_puts(
		        &ls->where,
		        ls->short_query ? " AND c.id IN (SELECT g.carrier_id FROM carrier_gram g"
		                          " WHERE g.gram = lower(v.q))"
		                        : " AND (c.title ILIKE v.pat OR c.doc_number ILIKE v.pat)");
		if (rc == 0)
			rc = bm_buf_puts(&ls->where,
			                 " AND (" FOLD("c.title") " LIKE v.pat OR " FOLD(
			                         "c.doc_number") " LIKE v.pat)");
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Whether carrier `id` exists: the cursor must name one, as on SQLite. */
static int cursor_exists(pg_store *s, int64_t id)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(s, "SELECT 1 FROM carrier WHERE id = $1", &p, &r)) != 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
		                  "carrier %lld does not exist", (long long)id);
	PQclear(r);
	return rc;
}

/* Reads every row of `r` as a carrier into an arena array. */
static int carrier_rows(bm_arena *a, PGresult *r, int max, bm_carrier **out, size_t *count)
{
	int n = PQntuples(r);
	bm_carrier *items;
	int rc;
	if (max >= 0 && n > max)
		n = max;
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items))))
		return bm_error_nomem();
	for (int i = 0; i < n; i++)
		if ((rc = bm_pg_read_carrier(a, r, i, &items[i])) != 0)
			return rc;
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_carrier_list(bm_store *bs, bm_arena *a, const bm_carrier_filter *f,
                           bm_carrier_page *out)
{
	pg_store *s = bm_pg_of(bs);
	const struct sort_order *order;
	int limit = f->limit > 0 ? f->limit : 50;
	bm_pg_ledger_sql ls = {0};
	PGresult *r = NULL;
	bm_buf sql;
	int rc;

	if (!f->viewer || !f->viewer->rule)
		return no_viewer();
	if (!(order = find_order(f->sort)))
		return BM_EINVALID;
	bm_buf_init(&sql, 65536);
	if ((rc = bm_pg_ledger_filter(a, f, &ls)) != 0)
		goto done;
	/* The total: what the viewer may see among the rows matched, paging ignored. */
	if ((rc = bm_buf_printf(&sql, "SELECT count(*) FROM carrier c" BM_PG_VIEWER_ROW "%s",
	                        ls.where.ptr)) != 0 ||
	    (rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0)
		goto done;
	out->total = bm_pg_i64(r, 0, 0);
	PQclear(r);
	r = NULL;
	if (f->after && (rc = cursor_exists(s, f->after)) != 0)
		goto done;
	bm_buf_clear(&sql);
	if ((rc = bm_buf_printf(&sql,
	                        "SELECT " BM_PG_CARRIER_COLS
	                        " FROM carrier c" BM_PG_VIEWER_ROW BM_PG_CARRIER_JOINS "%s",
	                        ls.where.ptr)) != 0)
		goto done;
	if (f->after) {
		const char *id_op = order->id_desc ? "<" : ">";
		rc = order->key ? bm_buf_printf(&sql,
		                                " AND (%s %s %s OR (%s = %s AND c.id %s v.after))",
		                                order->key, order->key_desc ? "<" : ">",
		                                order->key_k, order->key, order->key_k, id_op)
		                : bm_buf_printf(&sql, " AND c.id %s v.after", id_op);
		if (rc != 0)
			goto done;
	}
	/* One row more than the page tells whether a next page exists. */
	if ((rc = bm_buf_printf(&sql, "%s LIMIT $%d OFFSET $%d", order->order,
	                        BM_PG_VIEWER_PARAMS + 1, BM_PG_VIEWER_PARAMS + 2)) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, limit + 1);
	bm_pg_p_i64(&ls.p, f->offset > 0 ? f->offset : 0);
	if ((rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0 ||
	    (rc = carrier_rows(a, r, limit, &out->items, &out->count)) != 0)
		goto done;
	out->next = PQntuples(r) > limit ? out->items[limit - 1].id : 0;
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/* The counts of the list's query (the same WHERE clause), by level and status. */
static int pg_carrier_stats(bm_store *bs, bm_arena *a, const bm_carrier_filter *f,
                            bm_carrier_stats *out)
{
	pg_store *s = bm_pg_of(bs);
	bm_carrier_stats res;
	bm_pg_ledger_sql ls = {0};
	PGresult *r = NULL;
	bm_buf sql;
	int rc;

	if (!f->viewer || !f->viewer->rule)
		return no_viewer();
	memset(&res, 0, sizeof(res));
	bm_buf_init(&sql, 65536);
	if ((rc = bm_pg_ledger_filter(a, f, &ls)) != 0 ||
	    (rc = bm_buf_printf(&sql,
	                        "SELECT c.level, c.status, count(*) FROM carrier c" BM_PG_VIEWER_ROW
	                        "%s GROUP BY c.level, c.status",
	                        ls.where.ptr)) != 0 ||
	    (rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0)
		goto done;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t level = bm_pg_i64(r, i, 0), n = bm_pg_i64(r, i, 2);
		int k = bm_pg_null(r, i, 1) ? -1 : bm_status_parse(PQgetvalue(r, i, 1));
		if (level < 0 || level >= BM_LEVEL_COUNT || k < 0) {
			rc = bm_error_set(BM_ECORRUPT, "corrupt_row", NULL, "载体记录损坏",
			                  "a carrier row is corrupt");
			goto done;
		}
		res.total += n;
		res.by_level[level] += n;
		res.by_status[k] += n;
	}
	*out = res;
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/*
 * The day a period ends (sqlite_schema_alerts.h's CARRIER_PERIOD_DAY), written as migration
 * 13's index carrier_period_day is (bm_period_day, immutable: pg_schema_13.sql says why), so
 * that LEVEL-6's alert is one range of it. PostgreSQL's year arithmetic already makes
 * 29 February + N years the 28th where that year has none, which SQLite reaches by taking a
 * day off its 1 March.
 */
#define PERIOD_DAY                                                                                 \
	"bm_period_day(c.period_kind, c.period_start, c.period_years, c.period_until,"             \
	" c.review_date)"
/*
 * REG-2's lateness: seconds from the start (UTC) of the day received to the registration,
 * written as migration 13's index carrier_reg_lateness is (bm_reg_lateness, immutable:
 * pg_schema_13.sql says why), so that the alert is one range of it.
 */
#define REG_LATENESS "bm_reg_lateness(c.registered_at, c.received_on)"

/* One alert's range (sqlite.c's alert_range_sql) over the row ar (ALERT_ROW, below). */
static int alert_range_sql(const bm_alert_range *r, const char **cond, const char **order)
{
	switch (r->set) {
	case BM_ALERT_SET_PERIOD:
		/* migration 13's carrier_period_day: classified periods ending in the range */
		*cond = " AND c.period_kind <> 'none' AND c.level >= 2"
		        " AND " PERIOD_DAY " COLLATE \"C\" >= coalesce(ar.a_from, '')"
		        " AND " PERIOD_DAY " COLLATE \"C\" <= coalesce(ar.a_to, '9999')";
		*order = " ORDER BY " PERIOD_DAY " COLLATE \"C\", c.id";
		return 0;
	case BM_ALERT_SET_REGISTRATION:
		/* migration 13's carrier_reg_lateness: late by the bound, since the lookback */
		*cond = " AND c.origin = 'incoming' AND c.received_on IS NOT NULL"
		        " AND " REG_LATENESS
		        " >= ar.late AND c.registered_at COLLATE \"C\" >= ar.since";
		*order = " ORDER BY " REG_LATENESS " DESC, c.id DESC";
		return 0;
	case BM_ALERT_SET_KEEPING:
		*cond = " AND c.keep_until IS NOT NULL AND c.keep_until COLLATE \"C\" >="
		        " coalesce(ar.a_from, '') AND c.keep_until COLLATE \"C\" <= "
		        "coalesce(ar.a_to, '9999')"
		        " AND (ar.keeper = 0 OR c.custodian_id = ar.keeper)";
		*order = " ORDER BY c.keep_until COLLATE \"C\", c.id";
		return 0;
	case BM_ALERT_SET_MISSING:
		*cond = " AND c.status = 'missing'";
		*order = " ORDER BY c.id";
		return 0;
	case BM_ALERT_SET_HANDLING:
		/* migration 12's carrier_unhandled_due: the due set is two ranges of it (ordinary
		 * items received by a_from, urgent ones by a_to), never the unhandled items not
		 * yet due; `carrier` is read for those rows only. This is the count's for a
		 * viewer the tally does not answer (handling_tally_where); the page walks the
		 * two ranges in order instead (handling_page_sql) */
		*cond = " AND c.id IN (SELECT t.carrier_id FROM carrier_unhandled t WHERE t.live = "
		        "1"
		        " AND ((t.urgent = 0 AND t.unhandled_since COLLATE \"C\" <="
		        " coalesce(ar.a_from, '9999')) OR (t.urgent = 1 AND t.unhandled_since"
		        " COLLATE \"C\" <= coalesce(ar.a_to, '9999'))))";
		*order = " ORDER BY c.received_on COLLATE \"C\", c.id";
		return 0;
	}
	return bm_error_set(BM_EINVALID, "unknown_alert_set", NULL, "未知的提醒类别",
	                    "unknown kind of alert");
}

/* The range's parameters $20..$24 as a row `ar`, so that every range names each one. */
#define ALERT_ROW                                                                                  \
	" CROSS JOIN (SELECT $20::text AS a_from, $21::text AS a_to, $22::text AS since,"          \
	" $23::bigint AS late, $24::bigint AS keeper) ar"

static void alert_params(bm_pg_params *p, const bm_alert_range *r)
{
	bm_pg_p_text(p, r->from);
	bm_pg_p_text(p, r->to);
	bm_pg_p_text(p, r->since);
	bm_pg_p_i64(p, r->late_seconds);
	bm_pg_p_i64(p, r->custodian_id);
}

/*
 * SYS-2 over migration 12's carrier_unhandled_tally (t: its unit_id and level), as
 * sqlite.c's tally_where reads carrier_unhandled_tally for the same count: when the
 * filter asks for nothing but a level, one of the rule's `any` terms holds for this
 * viewer whatever the carrier (the clerk's, v.clerk), so that the disjunction is true,
 * and each `all` term has a reading over the tally's columns. Appends the WHERE clause
 * to `b`; *usable = false (and `b` not to be used) when it has none: any other viewer's
 * count is the general query's.
 */
static const char *const tally_sql[BM_SIGHT_COUNT] = {
        [BM_SIGHT_SAME_UNIT] = "(v.unit <> 0 AND t.unit_id = v.unit)",
        [BM_SIGHT_CLEARED] = "t.level <= v.clear",
};

static int handling_tally_where(bm_buf *b, const bm_carrier_filter *f, bool *usable)
{
	const bm_sight_rule *rule = f->viewer->rule;
	bool any = false;
	int rc = bm_buf_puts(b, " WHERE true");
	*usable = false;
	/* the tally keeps no status: a status asked is the general query's too */
	if (f->status >= 0 || !bm_carrier_filter_level_status_only(f))
		return rc;
	for (size_t i = 0; i < rule->n_any; i++)
		if (rule->any[i] == BM_SIGHT_CLERK && f->viewer->clerk)
			any = true;
	if (!any)
		return rc;
	for (size_t i = 0; rc == 0 && i < rule->n_all; i++) {
		if ((unsigned)rule->all[i] >= BM_SIGHT_COUNT || !tally_sql[rule->all[i]])
			return rc;
		rc = bm_buf_printf(b, " AND %s", tally_sql[rule->all[i]]);
	}
	if (rc == 0 && f->level >= 0)
		rc = bm_buf_puts(b, " AND t.level = v.level");
	*usable = rc == 0;
	return rc;
}

/*
 * REG-5's count for a viewer the tally answers (handling_tally_where's `where`): the sum
 * of carrier_unhandled_tally's rows in the two due ranges (ordinary items received by
 * ar.a_from, urgent ones by ar.a_to), one row a day, unit and level, never a row per
 * carrier: the live due items the general query counts (the triggers keep each row's
 * day, urgency, unit, level and liveness equal to its carrier's).
 */
static int handling_tally_sql(bm_buf *sql, const char *where)
{
	return bm_buf_printf(sql,
	                     "SELECT coalesce(sum(t.n), 0)::bigint FROM carrier_unhandled_tally "
	                     "t" BM_PG_VIEWER_ROW ALERT_ROW "%s AND ((t.urgent = 0 AND"
	                     " t.unhandled_since COLLATE \"C\" <= coalesce(ar.a_from, '9999'))"
	                     " OR (t.urgent = 1 AND t.unhandled_since COLLATE \"C\" <="
	                     " coalesce(ar.a_to, '9999')))",
	                     where);
}

/*
 * One range of REG-5's due set for a page (sqlite.c's handling_arm): the live
 * unhandled items of one urgency received by ar.a_from (ordinary) or ar.a_to
 * (urgent) that the viewer sees, in the order of migration 12's
 * carrier_unhandled_due, the first $27 (the page's offset + limit) only: the
 * index is walked in order and `carrier` read for the rows walked, so the
 * read stops where the page does. The day is the carrier's day received
 * (migration 12 keeps them equal), under the "C" collation the index sorts by.
 */
static int handling_arm(bm_buf *sql, const char *where, bool urgent)
{
	return bm_buf_printf(
	        sql,
	        "(SELECT t.carrier_id, t.unhandled_since COLLATE \"C\" AS day"
	        " FROM carrier_unhandled t JOIN carrier c ON c.id = t.carrier_id" BM_PG_VIEWER_ROW
	                ALERT_ROW "%s AND c.status NOT IN ('destroyed', 'returned') AND t.live = 1"
	        " AND t.urgent = %d AND t.unhandled_since COLLATE \"C\" <="
	        " coalesce(ar.%s, '9999')"
	        " ORDER BY t.unhandled_since COLLATE \"C\", t.carrier_id LIMIT $27)",
	        where, urgent ? 1 : 0, urgent ? "a_to" : "a_from");
}

/*
 * REG-5's page (issue 17 point 5): the two ranges' first offset + limit rows
 * each, merged and cut to the page, then those carriers read: the same rows,
 * in the same order (day received, id), as the count's query, without
 * sorting the whole due set before the LIMIT.
 */
static int handling_page_sql(bm_buf *sql, const char *where)
{
	int rc;
	if ((rc = bm_buf_puts(sql, "SELECT " BM_PG_CARRIER_COLS " FROM (")) != 0 ||
	    (rc = handling_arm(sql, where, false)) != 0 ||
	    (rc = bm_buf_puts(sql, " UNION ALL ")) != 0 ||
	    (rc = handling_arm(sql, where, true)) != 0)
		return rc;
	return bm_buf_puts(sql, " ORDER BY day, carrier_id LIMIT $25 OFFSET $26) p"
	                        " JOIN carrier c ON c.id = p.carrier_id" BM_PG_CARRIER_JOINS
	                        " ORDER BY p.day, p.carrier_id");
}

static int pg_carrier_alerts(bm_store *bs, bm_arena *a, const bm_viewer *v, const bm_alert_range *r,
                             int64_t offset, int64_t limit, int64_t *total, bm_carrier **out,
                             size_t *count)
{
	pg_store *s = bm_pg_of(bs);
	bm_carrier_filter f;
	const char *cond = NULL, *order = NULL;
	bm_pg_ledger_sql ls = {0};
	PGresult *res = NULL;
	bm_buf sql, tally_where;
	bool tally = false;
	int rc;

	*out = NULL;
	*count = 0;
	if (total)
		*total = 0;
	if (!v || !v->rule)
		return no_viewer();
	if ((rc = alert_range_sql(r, &cond, &order)) != 0)
		return rc;
	f = viewer_filter(v);
	bm_buf_init(&sql, 65536);
	bm_buf_init(&tally_where, 1024);
	if ((rc = bm_pg_ledger_filter(a, &f, &ls)) != 0)
		goto done;
	alert_params(&ls.p, r);
	if (r->set == BM_ALERT_SET_HANDLING &&
	    (rc = handling_tally_where(&tally_where, &f, &tally)) != 0)
		goto done;
	if (total) {
		if ((rc = tally ? handling_tally_sql(&sql, tally_where.ptr)
		                : bm_buf_printf(
		                          &sql,
		                          "SELECT count(*) FROM carrier c" BM_PG_VIEWER_ROW
		                                  ALERT_ROW
		                          "%s AND c.status NOT IN ('destroyed', 'returned')%s",
		                          ls.where.ptr, cond)) != 0 ||
		    (rc = bm_pg_query(s, sql.ptr, &ls.p, &res)) != 0)
			goto done;
		*total = bm_pg_i64(res, 0, 0);
		PQclear(res);
		res = NULL;
	}
	if (limit <= 0 || (total && offset >= *total))
		goto done;
	bm_buf_clear(&sql);
	if ((rc = r->set == BM_ALERT_SET_HANDLING
	                  ? handling_page_sql(&sql, ls.where.ptr)
	                  : bm_buf_printf(
	                            &sql,
	                            "SELECT " BM_PG_CARRIER_COLS
	                            " FROM carrier c" BM_PG_VIEWER_ROW ALERT_ROW BM_PG_CARRIER_JOINS
	                            "%s AND c.status NOT IN ('destroyed', 'returned')%s"
	                            "%s LIMIT $25 OFFSET $26",
	                            ls.where.ptr, cond, order)) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, limit);
	bm_pg_p_i64(&ls.p, offset);
	if (r->set == BM_ALERT_SET_HANDLING)
		bm_pg_p_i64(&ls.p, offset + limit);
	if ((rc = bm_pg_query(s, sql.ptr, &ls.p, &res)) != 0)
		goto done;
	rc = carrier_rows(a, res, -1, out, count);
done:
	PQclear(res);
	bm_buf_release(&ls.where);
	bm_buf_release(&tally_where);
	bm_buf_release(&sql);
	return rc;
}

/*
 * For each level, whether the viewer sees a live carrier of it: one probe a level on
 * carrier_level (level, status), each ending at the first carrier seen, as SQLite's
 * sq_carrier_levels_present, not every visible carrier read for its level (28 ms at 100k).
 */
static int pg_carrier_levels_present(bm_store *bs, bm_arena *a, const bm_viewer *v,
                                     bool out[BM_LEVEL_COUNT])
{
	pg_store *s = bm_pg_of(bs);
	bool present[BM_LEVEL_COUNT] = {false};
	bm_carrier_filter f;
	bm_pg_ledger_sql ls = {0};
	PGresult *r = NULL;
	bm_buf sql;
	int rc;

	if (!v || !v->rule)
		return no_viewer();
	f = viewer_filter(v);
	bm_buf_init(&sql, 65536);
	if ((rc = bm_pg_ledger_filter(a, &f, &ls)) != 0 ||
	    (rc = bm_buf_printf(&sql,
	                        "SELECT lv.l FROM generate_series(0, %d) AS lv(l) WHERE EXISTS"
	                        " (SELECT 1 FROM carrier c" BM_PG_VIEWER_ROW
	                        "%s AND c.level = lv.l AND c.status IN ('in_store', 'lent',"
	                        " 'taken_out', 'circulating', 'missing'))",
	                        BM_LEVEL_COUNT - 1, ls.where.ptr)) != 0 ||
	    (rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0)
		goto done;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t level = bm_pg_i64(r, i, 0);
		if (level >= 0 && level < BM_LEVEL_COUNT)
			present[level] = true;
	}
	memcpy(out, present, sizeof(present));
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/* ---- the plain reads of the ledgers (sqlite_ledger.c, sqlite_records.c) ---------------- */

/* Every row's first column as an id, into an arena array. */
static int id_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p, int64_t **out,
                   size_t *count)
{
	PGresult *r;
	int64_t *ids;
	int n, rc;
	if ((rc = bm_pg_query(s, sql, p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(ids = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*ids)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++)
		ids[i] = bm_pg_i64(r, i, 0);
	PQclear(r);
	*out = ids;
	*count = (size_t)n;
	return 0;
}

static int pg_ledger_carrier_ids(bm_store *bs, bm_arena *a, const bm_ledger_query *q, int64_t **out,
                                 size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, q->scope_kind ? q->scope_kind : "unit");
	bm_pg_p_i64(&p, q->scope_id);
	bm_pg_p_i64(&p, q->live_only ? 1 : 0);
	bm_pg_p_text(&p, q->status >= 0 && q->status < BM_STATUS_COUNT
	                         ? bm_status_names[q->status].code
	                         : NULL);
	bm_pg_p_text(&p, q->origin >= 0 && q->origin < BM_ORIGIN_COUNT
	                         ? bm_origin_names[q->origin].code
	                         : NULL);
	bm_pg_p_text(&p, q->origin2 >= 0 && q->origin2 < BM_ORIGIN_COUNT
	                         ? bm_origin_names[q->origin2].code
	                         : NULL);
	return id_rows(bm_pg_of(bs), a,
	               "SELECT c.id FROM carrier c WHERE c.unit_id = (SELECT min(id) FROM unit)"
	               " AND ($1::text = 'unit' OR ($1 = 'department' AND c.department_id = $2)"
	               "      OR ($1 = 'custodian' AND c.custodian_id = $2::bigint))"
	               " AND ($3::bigint = 0 OR c.status NOT IN ('destroyed', 'returned'))"
	               " AND ($4::text IS NULL OR c.status = $4)"
	               " AND ($5::text IS NULL OR c.origin = $5 OR c.origin = $6::text)"
	               " ORDER BY c.id",
	               &p, out, count);
}

static int pg_ledger_loans(bm_store *bs, bm_arena *a, const char *kind, bool open_only,
                           bm_loan_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, kind);
	bm_pg_p_i64(&p, open_only ? 1 : 0);
	return bm_pg_loan_rows(bm_pg_of(bs), a,
	                       BM_PG_LOAN_COLS "WHERE ($1::text IS NULL OR l.kind = $1)"
	                                       " AND ($2::bigint = 0 OR l.returned_at IS NULL)"
	                                       " ORDER BY l.issued_at COLLATE \"C\", l.id",
	                       &p, out, count);
}

/* The open loans an alert may concern (sqlite_ledger.c's bm_sq_loans_open_due). */
static int pg_loans_open_due(bm_store *bs, bm_arena *a, const char *due_before, bm_loan_row **out,
                             size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, due_before);
	return bm_pg_loan_rows(bm_pg_of(bs), a,
	                       BM_PG_LOAN_COLS
	                       "WHERE l.returned_at IS NULL AND ((l.kind IN ('borrow',"
	                       " 'take_out', 'meeting') AND l.due_at COLLATE \"C\" < $1)"
	                       " OR l.kind IN ('read_on_site', 'circulation'))"
	                       " ORDER BY l.issued_at COLLATE \"C\", l.id",
	                       &p, out, count);
}

static int pg_register_entries(bm_store *bs, bm_arena *a, const char *reg, const char *cls,
                               bm_register_entry_row **out, size_t *count)
{
	bm_register_entry_row *items;
	bm_pg_params p = {0};
	PGresult *r;
	int n, rc;
	bm_pg_p_text(&p, reg);
	bm_pg_p_text(&p, cls);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT ref_id, carrier_id, seq FROM register_entry"
	                      " WHERE register = $1 AND class = $2 ORDER BY ref_id, carrier_id",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		items[i].ref_id = bm_pg_i64(r, i, 0);
		items[i].carrier_id = bm_pg_i64(r, i, 1);
		items[i].seq = bm_pg_i64(r, i, 2);
	}
	PQclear(r);
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_ledger_requests(bm_store *bs, bm_arena *a, const char *status, bm_request_row **out,
                              size_t *count)
{
	bm_request_row *items;
	bm_pg_params p = {0};
	PGresult *r;
	int n, rc, op;
	bm_pg_p_text(&p, status);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             "SELECT r.id, r.unit_id, r.kind, r.status, r.requester_id,"
	             " coalesce(r.department_id, 0), r.level, r.reason, r.params, r.chain, r.step,"
	             " r.rule, r.created_at, r.updated_at, r.decided_at, r.executed_at,"
	             " (SELECT string_agg(carrier_id::text, ',' ORDER BY carrier_id)"
	             "  FROM request_item WHERE request_id = r.id),"
	             " p.name FROM request r LEFT JOIN person p ON p.id = r.requester_id"
	             " WHERE ($1::text IS NULL OR r.status = $1) ORDER BY r.id",
	             &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (int i = 0; i < n; i++) {
		bm_request_row *q = &items[i];
		memset(q, 0, sizeof(*q));
		if ((rc = bm_pg_vocab(r, i, 2, bm_op_names, BM_OP_COUNT, &op)) != 0)
			goto done;
		q->id = bm_pg_i64(r, i, 0);
		q->unit_id = bm_pg_i64(r, i, 1);
		q->op = (bm_op)op;
		q->status = bm_pg_text(a, r, i, 3);
		q->requester_id = bm_pg_i64(r, i, 4);
		q->department_id = bm_pg_i64(r, i, 5);
		q->level = (bm_level)bm_pg_i64(r, i, 6);
		q->reason = bm_pg_text(a, r, i, 7);
		q->params = bm_pg_text(a, r, i, 8);
		q->chain = bm_pg_text(a, r, i, 9);
		q->step = (int)bm_pg_i64(r, i, 10);
		q->rule = bm_pg_text(a, r, i, 11);
		q->created_at = bm_pg_text(a, r, i, 12);
		q->updated_at = bm_pg_text(a, r, i, 13);
		q->decided_at = bm_pg_text(a, r, i, 14);
		q->executed_at = bm_pg_text(a, r, i, 15);
		if ((rc = bm_pg_ids(a, r, i, 16, &q->carrier_ids, &q->n_carriers)) != 0)
			goto done;
		q->requester_name = bm_pg_text(a, r, i, 17);
	}
	*out = items;
	*count = (size_t)n;
done:
	PQclear(r);
	return rc;
}

static int pg_carrier_linked(bm_store *bs, bm_arena *a, bm_carrier_link link, int64_t id,
                             int64_t **ids, size_t *count)
{
	static const char *const sql[] = {
	        [BM_LINK_COPY_OF] = "SELECT id FROM carrier WHERE copy_of = $1 ORDER BY id",
	        [BM_LINK_EXTRACT_OF] = "SELECT id FROM carrier WHERE extract_of = $1 ORDER BY id",
	        [BM_LINK_VOLUME] = "SELECT id FROM carrier WHERE volume_id = $1 ORDER BY id",
	        [BM_LINK_CUSTODIAN] = ("SELECT id FROM carrier WHERE custodian_id = $1"
	                               " AND status NOT IN ('destroyed', 'returned') ORDER BY id"),
	};
	bm_pg_params p = {0};
	if ((unsigned)link >= BM_ARRAY_LEN(sql))
		return bm_error_set(BM_EINVALID, "invalid_link", NULL, "未知的载体关联",
		                    "unknown carrier link");
	bm_pg_p_i64(&p, id);
	return id_rows(bm_pg_of(bs), a, sql[link], &p, ids, count);
}

static int pg_carrier_max_serial(bm_store *bs, int64_t unit_id, const char *doc_number, int *out)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, doc_number);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT coalesce(max(serial_number), 0) FROM carrier"
	                      " WHERE unit_id = $1 AND doc_number = $2",
	                      &p, &r)) != 0)
		return rc;
	*out = (int)bm_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

void bm_pg_ledger_ops(struct bm_store_ops *ops)
{
	ops->carrier_list = pg_carrier_list;
	ops->carrier_stats = pg_carrier_stats;
	ops->carrier_alerts = pg_carrier_alerts;
	ops->carrier_levels_present = pg_carrier_levels_present;
	ops->ledger_carrier_ids = pg_ledger_carrier_ids;
	ops->ledger_loans = pg_ledger_loans;
	ops->ledger_requests = pg_ledger_requests;
	ops->register_entries = pg_register_entries;
	ops->loans_open_due = pg_loans_open_due;
	ops->carrier_linked = pg_carrier_linked;
	ops->carrier_max_serial = pg_carrier_max_serial;
}
