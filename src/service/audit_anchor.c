/*
 * audit_anchor.c — signed checkpoints of the audit chain (SYS-3): the
 * unit's key, the checkpoint use cases (on demand, daily, at every export)
 * and verifying the chain or an export against the checkpoint file. The
 * format and the cryptography are audit/checkpoint.c's.
 */
#include "common.h"

#include <errno.h>
#include <sys/stat.h>

#include "audit/audit.h"
#include "audit/checkpoint.h"
#include "service/service_int.h"
#include "util/timeutil.h"

int bm_svc_anchor_default(const char *db, char *key_path, char *checkpoints_path, size_t size)
{
	return bm_audit_anchor_paths(db, key_path, checkpoints_path, size);
}

static int no_anchor(void)
{
	return bm_error_set(BM_EINVALID, "anchor_paths_needed", NULL,
	                    "未配置审计密钥和检查点文件的路径",
	                    "no path is set for the audit key and the checkpoint file");
}

/*
 * The unit's key; made when missing (*created), unless checkpoints signed
 * by the missing key exist (SYS-3, bm_audit_key_may_create).
 */
static int key_get(const bm_svc_anchor *a, bm_audit_key **out, bool *created)
{
	int rc = bm_audit_key_load(a->key_path, out);
	*created = false;
	if (rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	if ((rc = bm_audit_key_may_create(a->key_path, a->checkpoints_path)) != 0)
		return rc;
	if ((rc = bm_audit_key_create(a->key_path, out)) == 0)
		*created = true;
	return rc;
}

int bm_svc_audit_anchor_ready(const bm_svc_anchor *a)
{
	if (!a || !a->key_path || !a->checkpoints_path)
		return 0;
	return bm_audit_key_may_create(a->key_path, a->checkpoints_path);
}

/*
 * Signs the chain as ctx->store sees it now and appends the checkpoint to
 * the file; fills `out`. The statement is dated no earlier than the last
 * event (event times never go backwards, SYS-3).
 */
static int sign_and_append(bm_ctx *ctx, bm_checkpoint_outcome *out)
{
	char hash[BM_AUDIT_HASH_HEX + 8], tail_at[BM_ISO_TIME_LEN + 8];
	const bm_svc_anchor *a = ctx->anchor;
	bm_audit_key *key = NULL;
	bm_checkpoint cp;
	int64_t count = 0, at = ctx->now, tail_t;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!a || !a->key_path || !a->checkpoints_path)
		return no_anchor();
	if (!ctx->unit)
		return bm_error_set(BM_ENOTFOUND, "not_initialised", NULL, "数据库尚未初始化",
		                    "the database is not initialised");
	if ((rc = BM_STORE(ctx->store, audit_tail)(ctx->store, &count, hash, sizeof(hash), tail_at,
	                                           sizeof(tail_at))) != 0)
		return rc;
	if (bm_time_parse(tail_at, &tail_t) && tail_t > at)
		at = tail_t;
	if ((rc = key_get(a, &key, &out->key_created)) != 0)
		return rc;
	if ((rc = bm_checkpoint_sign(key, ctx->unit->name, count, hash, at, &cp)) == 0 &&
	    (rc = bm_checkpoint_append(a->checkpoints_path, &cp)) == 0) {
		out->written = true;
		out->count = cp.count;
		snprintf(out->last_hash, sizeof(out->last_hash), "%s", cp.last_hash);
		snprintf(out->at, sizeof(out->at), "%s", cp.at);
		snprintf(out->code, sizeof(out->code), "%s", cp.code);
	}
	bm_audit_key_free(key);
	return rc;
}

/* The audit event's facts of a checkpoint (`d` is added to). */
static void describe(json_t *d, const bm_checkpoint_outcome *o)
{
	if (!o->written)
		return;
	json_object_set_new(d, "count", json_integer(o->count));
	json_object_set_new(d, "last_hash", json_string(o->last_hash));
	json_object_set_new(d, "code", json_string(o->code));
	if (o->key_created)
		json_object_set_new(d, "key_created", json_true());
}

int bm_svc_audit_checkpoint(bm_ctx *ctx, bm_checkpoint_outcome *out)
{
	json_t *d = json_object();
	int rc;

	memset(out, 0, sizeof(*out));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	/* SYS-1: the checkpoint is the audit administrator's, like the export. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_AUDIT_CHECKPOINT)) == 0)
		rc = sign_and_append(ctx, out);
	describe(d, out);
	return bm_svc_end(ctx, rc, "audit.checkpoint", "audit", bm_svc_json(ctx, d));
}

/* When the newest checkpoint of the file was made (0: none, or unreadable). */
static int64_t newest(const char *path)
{
	bm_checkpoint_set set = {0};
	const bm_checkpoint *last;
	int64_t t = 0;

	if (bm_checkpoint_read_file(path, &set, NULL) == 0 && (last = bm_checkpoint_set_last(&set)))
		bm_time_parse(last->at, &t);
	bm_error_clear();
	bm_checkpoint_set_release(&set);
	return t;
}

int bm_svc_audit_checkpoint_due(bm_ctx *ctx, int64_t max_age, const char *why,
                                bm_checkpoint_outcome *out)
{
	json_t *d;
	int64_t last;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->anchor || !ctx->anchor->checkpoints_path)
		return no_anchor();
	last = newest(ctx->anchor->checkpoints_path);
	if (last && ctx->now - last < max_age)
		return 0;
	d = json_object();
	json_object_set_new(d, "channel", json_string(ctx->channel));
	json_object_set_new(d, "reason", json_string(why));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	rc = sign_and_append(ctx, out);
	describe(d, out);
	return bm_svc_end(ctx, rc, "audit.checkpoint", "audit", bm_svc_json(ctx, d));
}

int bm_svc_audit_key_init(bm_ctx *ctx)
{
	const bm_svc_anchor *a = ctx->anchor;
	struct stat st;

	if (!a || !a->key_path || !a->checkpoints_path)
		return no_anchor();
	if (stat(a->checkpoints_path, &st) == 0 && st.st_size > 0)
		return bm_error_set(BM_ECONFLICT, "checkpoints_exist", NULL,
		                    "检查点文件 '%s' 已存在，属于先前的审计链；请先移走",
		                    "the checkpoint file '%s' exists and belongs to an earlier "
		                    "chain; move it away first",
		                    a->checkpoints_path);
	return bm_audit_key_create(a->key_path, NULL);
}

/*
 * Reads the checkpoints `opts` names (or ctx's anchor file, when it
 * exists) into `set`, all signed by one key: the unit's when `key_path` is
 * readable.
 */
static int load(const char *path, bool default_file, const char *key_path,
                bm_audit_check_opts *opts, bm_checkpoint_set *set)
{
	bm_audit_key *key = NULL;
	bool found = false;
	int rc;

	if (!path)
		return 0;
	if ((rc = bm_checkpoint_read_file(path, set, &found)) != 0)
		return rc;
	if (!found && !default_file)
		return bm_error_set(BM_ENOTFOUND, "checkpoints_not_found", NULL,
		                    "检查点文件 '%s' 不存在",
		                    "the checkpoint file '%s' does not exist", path);
	opts->file_found = found;
	/* Anybody may verify: a key file this user may not read only loses the key check. */
	if (key_path && bm_audit_key_load(key_path, &key) == 0) {
		rc = bm_checkpoint_set_same_key(set, bm_audit_key_public(key));
		bm_audit_key_free(key);
	} else {
		bm_error_clear();
		rc = bm_checkpoint_set_same_key(set, NULL);
	}
	if (rc)
		return rc;
	if (opts->code) {
		const bm_checkpoint *cp;
		if ((rc = bm_checkpoint_set_require_code(set, opts->code, &cp)) != 0)
			return rc;
		opts->code_count = cp->count;
		snprintf(opts->code_at, sizeof(opts->code_at), "%s", cp->at);
	}
	return 0;
}

int bm_svc_audit_walk(bm_ctx *ctx, bm_audit_check_opts *opts, bm_audit_verify_result *out)
{
	bm_audit_check_opts none = {0};
	bm_checkpoint_set set = {0};
	const char *path, *key_path = ctx->anchor ? ctx->anchor->key_path : NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	path = opts->checkpoints ? opts->checkpoints
	                         : (ctx->anchor ? ctx->anchor->checkpoints_path : NULL);
	if ((rc = load(path, !opts->checkpoints, key_path, opts, &set)) == 0)
		rc = bm_audit_verify_anchored(ctx->store, &set, out);
	bm_checkpoint_set_release(&set);
	return rc;
}

int bm_svc_audit_check(bm_ctx *ctx, bm_audit_check_opts *opts, bm_audit_verify_result *out,
                       bm_audit_row **bad)
{
	bm_error saved;
	int rc;

	*bad = NULL;
	rc = bm_svc_audit_walk(ctx, opts, out);
	if (rc != BM_ECORRUPT || out->first_bad_seq == 0)
		return rc;
	/* Show the stored event, when there is one under that seq; keep the verdict. */
	bm_error_save(&saved);
	if (BM_STORE(ctx->store, audit_get)(ctx->store, ctx->arena, out->first_bad_seq, bad) != 0)
		*bad = NULL;
	bm_error_restore(&saved);
	return rc;
}

int bm_svc_audit_check_export(FILE *in, bm_audit_check_opts *opts, bm_audit_verify_result *out)
{
	bm_audit_check_opts none = {0};
	bm_checkpoint_set set = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if ((rc = load(opts->checkpoints, false, NULL, opts, &set)) == 0)
		rc = bm_audit_verify_export_anchored(in, &set, out);
	bm_checkpoint_set_release(&set);
	return rc;
}

int bm_svc_audit_export_checkpoint(bm_ctx *ctx, json_t *detail)
{
	bm_checkpoint_outcome o;
	json_t *d;
	int rc;

	if (!ctx->anchor)
		return 0;
	if ((rc = sign_and_append(ctx, &o)) != 0)
		return rc;
	d = json_object();
	describe(d, &o);
	json_object_set_new(detail, "checkpoint", d);
	return 0;
}
