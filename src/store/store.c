#include "common.h"
#include "store/store.h"
#include "store/pipeline.h"

bool bm_store_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

static int pg_create(bm_store **out, const char *url)
{
	return bm_store_pg_open_mode(out, url, BM_STORE_SQLITE_CREATE);
}

static int pg_existing(bm_store **out, const char *url)
{
	return bm_store_pg_open_mode(out, url, BM_STORE_SQLITE_EXISTING);
}

static int pg_readonly(bm_store **out, const char *url)
{
	return bm_store_pg_open_mode(out, url, BM_STORE_SQLITE_READONLY);
}

/*
 * `target` is a SQLite path (or sqlite:PATH) or a PostgreSQL URL: opens it
 * with the back end's function for the mode.
 */
static int open_target(bm_store **out, const char *target, bm_store_open_fn sqlite,
                       bm_store_open_fn pg)
{
	if (!target || !*target)
		return bm_error_set(BM_EINVALID, "no_database", NULL, "未指定数据库",
		                    "no database given");
	if (bm_store_target_is_pg(target))
		return bm_store_open_with(out, pg, target);
	if (strncmp(target, "sqlite:", 7) == 0)
		target += 7;
	return bm_store_open_with(out, sqlite, target);
}

int bm_store_open_existing(bm_store **out, const char *target)
{
	return open_target(out, target, bm_store_sqlite_open_existing, pg_existing);
}

int bm_store_open_readonly(bm_store **out, const char *target)
{
	return open_target(out, target, bm_store_sqlite_open_readonly, pg_readonly);
}

int bm_store_open(bm_store **out, const char *target)
{
	return open_target(out, target, bm_store_sqlite_open, pg_create);
}

int bm_store_open_with(bm_store **out, bm_store_open_fn open, const char *target)
{
	bm_store *s = NULL;
	int rc = open(&s, target);

	if (rc)
		return rc;
	if (s->ops->abi_version != BM_STORE_ABI) {
		rc = bm_error_set(
		        BM_ERROR, "store_abi_mismatch", NULL,
		        "存储后端 '%s' 的接口版本为 %d，本程序需要 %d",
		        "store back end '%s' has interface version %d, this build needs %d",
		        s->ops->engine ? s->ops->engine : "?", s->ops->abi_version, BM_STORE_ABI);
		s->ops->close(s); /* close is the third field in every version */
		return rc;
	}
	if ((rc = bm_pipeline_new(&s->own_pipeline, s)) != 0) {
		s->ops->close(s);
		return rc;
	}
	s->pipeline = s->own_pipeline;
	*out = s;
	return 0;
}

struct bm_pipeline *bm_store_pipeline(bm_store *s)
{
	return s->pipeline;
}

void bm_store_share_pipeline(bm_store *reader, bm_store *writer)
{
	reader->pipeline = writer->pipeline;
}

void bm_store_close(bm_store *s)
{
	if (s) {
		bm_pipeline_free(s->own_pipeline);
		s->ops->close(s);
	}
}
