/*
 * open.c — the front ends' way to a database: they open and close it through
 * the service layer and never call the store themselves (docs/ARCHITECTURE.md,
 * Layers). The handle stays opaque above the service.
 */
#include "common.h"

#include "service/service_int.h"

int bm_svc_open(bm_store **out, const char *target)
{
	return bm_store_open(out, target);
}

int bm_svc_open_readonly(bm_store **out, const char *target)
{
	return bm_store_open_readonly(out, target);
}

int bm_svc_open_serving(bm_store **out, const char *target)
{
	bm_arena a;
	bm_unit *u = NULL;
	int rc;
	if ((rc = bm_store_open_existing(out, target)) != 0)
		return rc;
	bm_arena_init(&a, 0);
	rc = BM_STORE(*out, unit_first)(*out, &a, &u);
	bm_arena_release(&a);
	if (rc == 0)
		return 0;
	if (rc == BM_ENOTFOUND)
		rc = bm_error_set(
		        BM_ENOTFOUND, "not_initialised", NULL,
		        "'%s' 不是已初始化的 baomi 数据库（请先运行 baomi init）",
		        "'%s' is not an initialised baomi database (run baomi init first)", target);
	bm_store_close(*out);
	*out = NULL;
	return rc;
}

int bm_svc_integrity(const char *target, char *out, size_t size)
{
	bm_store *st = NULL;
	int rc;
	snprintf(out, size, "%s", "");
	if ((rc = bm_store_open_readonly(&st, target)) == 0)
		rc = BM_STORE(st, integrity)(st, out, size);
	bm_store_close(st);
	/*
	 * The file was a baomi database when it was opened to be served: one
	 * SQLite no longer reads as a database has been damaged since.
	 */
	if (rc != 0 && strcmp(bm_error_last()->code, "not_a_database") == 0)
		rc = bm_error_set(
		        BM_ERROR, "database_corrupt", NULL,
		        "数据库 '%s' 已损坏：SQLite 已不能把它读作数据库",
		        "database '%s' is damaged: SQLite no longer reads it as a database",
		        target);
	if (rc == 0 && strcmp(out, "ok") != 0)
		rc = bm_error_set(BM_ECORRUPT, "database_corrupt", NULL,
		                  "数据库 '%s' 未通过完整性检查：%s",
		                  "database '%s' fails its integrity check: %s", target, out);
	if (rc != 0 && !out[0])
		snprintf(out, size, "%s", bm_error_last()->message_en);
	return rc;
}

void bm_svc_close(bm_store *store)
{
	bm_store_close(store);
}

void bm_svc_share_writer(bm_store *reader, bm_store *writer)
{
	bm_store_share_pipeline(reader, writer);
}

int bm_svc_damaged_refusal(void)
{
	return bm_error_set_msg(BM_ECORRUPT, "database_corrupt", BM_RULE_CHAIN_INTACT,
	                        "数据库文件未通过完整性检查，服务已停止受理请求；请联系系统管理员",
	                        "the database file fails its integrity check; the server refuses "
	                        "every request: contact the system administrator");
}
