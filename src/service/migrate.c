/*
 * migrate.c — `baomi migrate` (issue 12 point 4): see migrate.h.
 *
 * Reads through one store (a read snapshot of the source) and writes through
 * the other (one write transaction on the target), with the store's copy
 * operations (store.h copy_*): the rows as they are stored, typed by their
 * storage class, so that a bound row's canonical bytes ("baomi-row-v1") and
 * with them the chain's digests are the same on the target.
 */
#include "common.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "policy/rules.h"
#include "service/migrate.h"
#include "service/service_int.h"

int bm_svc_copy_sink_row(void *cls, const char *table, size_t ncol, const char *const *names,
                         const bm_copy_value *vals)
{
	bm_svc_copy_sink *c = cls;
	int rc = BM_STORE(c->to, copy_put)(c->to, table, ncol, names, vals);

	if (rc == 0)
		c->rows++;
	return rc;
}

/* Every table of the target filled from the source, its count checked; 0 or the error. */
static int copy_all(bm_store *from, bm_store *to, bm_migrate_report *out)
{
	bm_arena arena;
	const char **names = NULL;
	size_t n = 0;
	int rc;

	bm_arena_init(&arena, 0);
	if ((rc = BM_STORE(to, copy_open)(to)) != 0 ||
	    (rc = BM_STORE(to, copy_tables)(to, &arena, &names, &n)) != 0)
		goto done;
	out->tables = calloc(n ? n : 1, sizeof(*out->tables));
	if (!out->tables) {
		rc = bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		bm_svc_copy_sink c = {.to = to};
		int64_t had = 0, has = 0;

		rc = BM_STORE(from, copy_count)(from, names[i], &had);
		if (rc == BM_ENOTFOUND) { /* a table the source's engine does not have */
			bm_error_clear();
			had = 0;
		} else if (rc != 0 || (rc = BM_STORE(from, copy_scan)(
		                               from, names[i], bm_svc_copy_sink_row, &c)) != 0) {
			goto done;
		}
		if ((rc = BM_STORE(to, copy_count)(to, names[i], &has)) != 0)
			goto done;
		if (has != had || c.rows != had) {
			rc = bm_error_set(
			        BM_ECORRUPT, "migrate_rows_differ", BM_RULE_CHAIN_INTACT,
			        "表 %s：源有 %" PRId64 " 行，目标有 %" PRId64
			        " 行；迁移已撤销，目标未改动",
			        "table %s: the source has %" PRId64 " rows, the target %" PRId64
			        "; the migration was rolled back and the target left unchanged",
			        names[i], had, has);
			goto done;
		}
		snprintf(out->tables[out->n_tables].name, sizeof(out->tables[0].name), "%s",
		         names[i]);
		out->tables[out->n_tables++].rows = has;
		out->rows += has;
	}
	rc = BM_STORE(to, copy_close)(to);
done:
	bm_arena_release(&arena);
	return rc;
}

/* The copied chain and rows, inside the target's transaction, against the source's. */
static int verify_copy(bm_store *to, const bm_check_report *src, bm_migrate_report *out)
{
	bm_audit_verify_result v;
	bm_check_report led;
	int rc;

	if ((rc = bm_audit_verify(to, &v)) != 0 || v.count != src->chain.count ||
	    strcmp(v.last_hash, src->chain.last_hash) != 0) {
		if (rc)
			bm_error_clear();
		return bm_error_set(BM_ECORRUPT, "migrate_chain_differs", BM_RULE_CHAIN_INTACT,
		                    "目标的审计链与源不同（%" PRId64
		                    " 条事件）；迁移已撤销，目标未改动",
		                    "the target's audit chain differs from the source's (%" PRId64
		                    " events); the migration was rolled back and the target left "
		                    "unchanged",
		                    v.count);
	}
	if ((rc = bm_check_ledger_in(to, &led)) != 0) {
		size_t bad = led.n_findings;
		bm_check_report_release(&led);
		if (rc != BM_ECORRUPT)
			return rc;
		return bm_error_set(BM_ECORRUPT, "migrate_rows_differ", BM_RULE_CHAIN_INTACT,
		                    "目标有 %zu 行台账与审计链不符；迁移已撤销，目标未改动",
		                    "%zu ledger rows on the target do not match the chain; the "
		                    "migration was rolled back and the target left unchanged",
		                    bad);
	}
	out->bound = led.bound;
	bm_check_report_release(&led);
	return 0;
}

int bm_migrate_run(const char *from, const char *to, const bm_check_opts *opts,
                   bm_migrate_report *out)
{
	bm_store *src = NULL, *dst = NULL;
	bm_check_report after;
	bool dst_tx = false, src_tx = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!from || !to || !*from || !*to)
		return bm_error_set(BM_EINVALID, "no_database", NULL, "需要 --from 与 --to",
		                    "--from and --to are both needed");
	if (bm_store_target_is_pg(from) == bm_store_target_is_pg(to))
		return bm_error_set(BM_EINVALID, "migrate_same_engine", NULL,
		                    "迁移须在 SQLite 与 PostgreSQL 之间进行",
		                    "a migration goes between SQLite and PostgreSQL");

	/* SYS-3: only a unit whose file, chain and ledger check clean is moved. */
	rc = bm_check_run(from, opts, &out->source);
	if (rc == BM_ECORRUPT)
		return bm_error_set(BM_ECORRUPT, "source_check_failed", BM_RULE_CHAIN_INTACT,
		                    "源数据库未通过检查（baomi check），不迁移；目标未改动",
		                    "the source database fails its check (baomi check): nothing "
		                    "was migrated and the target is unchanged");
	if (rc)
		return rc;
	out->events = out->source.chain.count;
	snprintf(out->last_hash, sizeof(out->last_hash), "%s", out->source.chain.last_hash);

	if ((rc = bm_svc_open_readonly(&src, from)) != 0 || (rc = bm_svc_open(&dst, to)) != 0)
		goto done;
	if ((rc = BM_STORE(src, begin_read)(src)) != 0)
		goto done;
	src_tx = true;
	if ((rc = BM_STORE(dst, begin)(dst)) != 0)
		goto done;
	dst_tx = true;
	if ((rc = copy_all(src, dst, out)) != 0 || (rc = verify_copy(dst, &out->source, out)) != 0)
		goto done;
	if ((rc = BM_STORE(dst, commit)(dst)) != 0)
		goto done;
	dst_tx = false;
done:
	if (dst_tx)
		BM_STORE(dst, rollback)(dst);
	if (src_tx)
		BM_STORE(src, rollback)(src);
	bm_svc_close(dst);
	bm_svc_close(src);
	if (rc)
		return rc;

	/* The target as `baomi check` sees it, against the same checkpoints. */
	rc = bm_check_run(to, opts, &after);
	if (rc == 0 && (after.chain.count != out->events ||
	                strcmp(after.chain.last_hash, out->last_hash) != 0))
		rc = bm_error_set(BM_ECORRUPT, "migrate_chain_differs", BM_RULE_CHAIN_INTACT,
		                  "目标的审计链与源不同",
		                  "the target's audit chain differs from the "
		                  "source's");
	out->checkpoints = after.chain.checkpoints;
	bm_check_report_release(&after);
	return rc;
}

void bm_migrate_report_release(bm_migrate_report *r)
{
	free(r->tables);
	r->tables = NULL;
	bm_check_report_release(&r->source);
}
