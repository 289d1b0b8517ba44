#include "common.h"
#include "store/store.h"

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
	return bm_store_sqlite_open(out, target);
}

void bm_store_close(bm_store *s)
{
	if (s)
		s->ops->close(s);
}
