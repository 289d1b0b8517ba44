#include "common.h"
#include "store/store.h"
#include "store/pipeline.h"

/* The SQLite path in `target`, or NULL with the error set. */
static const char *sqlite_target(const char *target)
{
	if (!target || !*target) {
		bm_error_set(BM_EINVALID, "no_database", NULL, "未指定数据库", "no database given");
		return NULL;
	}
	if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0) {
		bm_error_set(BM_EINVALID, "engine_unavailable", NULL,
		             "此版本尚未包含 PostgreSQL 后端",
		             "this build has no PostgreSQL back end yet");
		return NULL;
	}
	return strncmp(target, "sqlite:", 7) == 0 ? target + 7 : target;
}

int bm_store_open_existing(bm_store **out, const char *target)
{
	const char *path = sqlite_target(target);
	if (!path)
		return BM_EINVALID;
	return bm_store_open_with(out, bm_store_sqlite_open_existing, path);
}

int bm_store_open_readonly(bm_store **out, const char *target)
{
	const char *path = sqlite_target(target);
	if (!path)
		return BM_EINVALID;
	return bm_store_open_with(out, bm_store_sqlite_open_readonly, path);
}

int bm_store_open(bm_store **out, const char *target)
{
	if (!target || !*target)
		return bm_error_set(BM_EINVALID, "no_database", NULL, "未指定数据库",
		                    "no database given");
	if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0)
		return bm_error_set(BM_EINVALID, "engine_unavailable", NULL,
		                    "此版本尚未包含 PostgreSQL 后端",
		                    "this build has no PostgreSQL back end yet");
	if (strncmp(target, "sqlite:", 7) == 0)
		target += 7;
	return bm_store_open_with(out, bm_store_sqlite_open, target);
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
