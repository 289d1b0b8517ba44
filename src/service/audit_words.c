/*
 * audit_words.c — an audit event in words for the auditor (issue 14 point
 * 12): the actor by the person's name, the action and object from the one
 * catalogue (model/audit_words.h), and the event's detail summarised as
 * labelled values, zh and en. The audit screen (through the API), the
 * audit list's CSV/xlsx export and the CLI all take their words here.
 */
#include "common.h"

#include <inttypes.h>
#include <stdio.h>

#include "model/audit_words.h"
#include "policy/site.h"
#include "service/service_int.h"
#include "util/buf.h"
#include "util/timeutil.h"

typedef struct label {
	const char *key, *zh, *en;
} label;

/*
 * The detail's keys an auditor reads, in the order shown. Keys not listed
 * (hashes, bound rows, internal ids) stay in the raw detail.
 */
static const label labels[] = {
        {"title", "标题", "title"},
        {"doc_number", "文号", "document no."},
        {"serial_number", "份号", "copy no."},
        {"level", "密级", "level"},
        {"from", "原", "from"},
        {"to", "改为", "to"},
        {"to_level", "变更为", "changed to"},
        {"name", "名称", "name"},
        {"topic", "主题", "topic"},
        {"number", "编号", "number"},
        {"person", "人员", "person"},
        {"username", "账户", "account"},
        {"roles", "角色", "roles"},
        {"class", "涉密等级", "class"},
        {"post", "岗位", "post"},
        {"custodian", "保管人", "custodian"},
        {"holder", "持有人", "holder"},
        {"visitor", "来访人", "visitor"},
        {"place", "存放地点", "place"},
        {"where", "发布位置", "where"},
        {"op", "事项", "matter"},
        {"decision", "审批结果", "decision"},
        {"comment", "意见", "comment"},
        {"opinion", "审查意见", "opinion"},
        {"reason", "事由", "reason"},
        {"keep_until", "个人保管至", "kept until"},
        {"note", "备注", "note"},
        {"document", "文件", "document"},
        {"measure", "措施", "measure"},
        {"result", "结果", "result"},
        {"answer", "回答", "answer"},
        {"on", "日期", "on"},
        {"held_on", "日期", "held on"},
        {"deadline", "期限", "deadline"},
        {"year", "年度", "year"},
        {"attendees", "人数", "attendees"},
        {"carrier_ids", "载体", "carriers"},
        {"count", "条数", "events"},
        {"code", "校验码", "code"},
        {"file", "文件", "file"},
        {"rows", "行数", "rows"},
        {"unit", "单位", "unit"},
        {"rule", "条款", "rule"},
};

/* Values that are codes of a vocabulary, by key. */
static const bm_vocab_entry *vocab_of(const char *key, int *count)
{
	if (strcmp(key, "level") == 0 || strcmp(key, "from") == 0 || strcmp(key, "to") == 0) {
		*count = BM_LEVEL_COUNT;
		return bm_level_names;
	}
	if (strcmp(key, "class") == 0) {
		*count = BM_CLASS_COUNT;
		return bm_class_names;
	}
	if (strcmp(key, "roles") == 0) {
		*count = BM_ROLE_COUNT;
		return bm_role_names;
	}
	if (strcmp(key, "op") == 0) {
		*count = BM_OP_COUNT;
		return bm_op_names;
	}
	if (strcmp(key, "measure") == 0) {
		*count = BM_MEASURE_COUNT;
		return bm_site_measure_names;
	}
	return NULL;
}

static const char *coded(const char *key, const char *v, bool zh)
{
	static const bm_vocab_entry words[] = {
	        {"approved", "同意", "approved"},
	        {"rejected", "不同意", "rejected"},
	        {"pass", "合格", "pass"},
	        {"fail", "不合格", "fail"},
	        {"yes", "是", "yes"},
	        {"no", "否", "no"},
	        /* why a checkpoint was signed (baomi serve, baomi init) */
	        {"serve-start", "服务启动时", "at server start"},
	        {"daily", "每日", "daily"},
	        {"init", "初始化时", "at initialisation"},
	};
	int n = 0, i;
	const bm_vocab_entry *t = vocab_of(key, &n);
	if (t && (i = bm_vocab_find(t, n, v)) >= 0)
		return zh ? t[i].zh : t[i].en;
	for (size_t k = 0; k < BM_ARRAY_LEN(words); k++)
		if (strcmp(words[k].code, v) == 0)
			return zh ? words[k].zh : words[k].en;
	return v;
}

/* One value in words; roles "clerk,leader" word by word. */
static int put_value(bm_buf *b, const char *key, const json_t *v, bool zh)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strcmp(key, "roles") == 0 && strchr(s, ',')) {
			char one[64];
			int rc = 0;
			for (const char *p = s; rc == 0 && *p;) {
				size_t len = strcspn(p, ",");
				snprintf(one, sizeof(one), "%.*s", (int)(len < 63 ? len : 63), p);
				rc = bm_buf_printf(b, "%s%s",
				                   p == s ? ""
				                   : zh   ? "、"
				                          : ", ",
				                   coded(key, one, zh));
				p += len + (p[len] == ',');
			}
			return rc;
		}
		return bm_buf_puts(b, coded(key, s, zh));
	}
	if (json_is_integer(v))
		return bm_buf_printf(b, "%" PRId64, (int64_t)json_integer_value(v));
	if (json_is_true(v))
		return bm_buf_puts(b, zh ? "是" : "yes");
	if (json_is_false(v))
		return bm_buf_puts(b, zh ? "否" : "no");
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		int rc = 0;
		json_array_foreach(v, i, e)
		{
			if (i == 8)
				return bm_buf_printf(b, zh ? " 等 %zu 项" : " and %zu more",
				                     json_array_size(v) - 8);
			if (rc == 0 && i)
				rc = bm_buf_puts(b, zh ? "、" : ", ");
			if (rc == 0 && (json_is_string(e) || json_is_integer(e)))
				rc = put_value(b, key, e, zh);
		}
		return rc;
	}
	return 0;
}

/* The detail's labelled values, "标题：…；密级：机密", into the arena. */
static const char *summary(bm_arena *a, const json_t *d, bool zh)
{
	/* A refusal stores its reason in both languages (reason, reason_zh); an
	   older one has only the English. Beside its reason the refusal's code is
	   left to the detail: it is no word for a reader. Both are the event's,
	   looked up once. */
	const json_t *reason_zh = zh ? json_object_get(d, "reason_zh") : NULL;
	bool refusal = json_is_string(json_object_get(d, "reason"));
	bm_buf b;
	const char *out;
	int rc = 0;

	if (!json_is_string(reason_zh))
		reason_zh = NULL;
	bm_buf_init(&b, 1 << 16);
	for (size_t i = 0; rc == 0 && i < BM_ARRAY_LEN(labels); i++) {
		const json_t *v = json_object_get(d, labels[i].key);
		if (refusal && strcmp(labels[i].key, "code") == 0)
			continue;
		if (reason_zh && strcmp(labels[i].key, "reason") == 0)
			v = reason_zh;
		if (!v || json_is_null(v) || json_is_object(v) ||
		    (json_is_string(v) && !*json_string_value(v)) ||
		    (json_is_array(v) && json_array_size(v) == 0))
			continue;
		if (b.len)
			rc = bm_buf_puts(&b, zh ? "；" : "; ");
		if (rc == 0)
			rc = bm_buf_printf(&b,
			                   zh ? "%s：" : "%s: ", zh ? labels[i].zh : labels[i].en);
		if (rc == 0)
			rc = put_value(&b, labels[i].key, v, zh);
	}
	out = rc == 0 && b.len ? bm_arena_strndup(a, b.ptr, b.len) : "";
	bm_buf_release(&b);
	return out ? out : "";
}

void bm_audit_names_init(bm_audit_names *n)
{
	memset(n, 0, sizeof(*n));
	bm_arena_init(&n->arena, 0);
}

void bm_audit_names_release(bm_audit_names *n)
{
	bm_arena_release(&n->arena);
	memset(n, 0, sizeof(*n));
}

/* The person behind a username, remembered for the next rows ("" when none). */
static int name_of(bm_store *store, bm_audit_names *n, const char *user, const char **out)
{
	bm_person *p = NULL;
	int rc;

	*out = "";
	if (!user || !*user)
		return 0;
	for (size_t i = 0; i < n->count; i++)
		if (strcmp(n->user[i], user) == 0) {
			*out = n->name[i];
			return 0;
		}
	if (n->count == BM_ARRAY_LEN(n->user)) {
		/* Full: start again, so a long export holds a few names, not every actor's. */
		bm_arena_release(&n->arena);
		n->count = 0;
	}
	rc = BM_STORE(store, person_find)(store, &n->arena, user, &p);
	if (rc == BM_ENOTFOUND || (rc == 0 && (!p->username || strcmp(p->username, user) != 0))) {
		bm_error_clear();
		p = NULL;
	} else if (rc != 0) {
		return rc;
	}
	n->user[n->count] = bm_arena_strdup(&n->arena, user);
	n->name[n->count] = bm_arena_strdup(&n->arena, p && p->name ? p->name : "");
	if (!n->user[n->count] || !n->name[n->count])
		return bm_error_nomem();
	*out = n->name[n->count++];
	return 0;
}

int bm_audit_words_of(bm_store *store, bm_audit_names *names, bm_arena *a, const bm_audit_row *r,
                      bm_audit_words *out)
{
	json_t *d = r->detail && *r->detail ? json_loads(r->detail, 0, NULL) : NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	bm_audit_action_words(r->action, out->action_zh, out->action_en, sizeof(out->action_zh));
	bm_audit_object_words(r->object, out->object_zh, out->object_en, sizeof(out->object_zh));
	out->read = bm_audit_action_is_read(r->action);
	out->summary_zh = out->summary_en = "";
	if (json_is_object(d)) {
		out->summary_zh = summary(a, d, true);
		out->summary_en = summary(a, d, false);
	}
	json_decref(d);
	if ((rc = name_of(store, names, r->actor, &out->actor_name)) != 0)
		return rc;
	if (!(out->actor_name = bm_arena_strdup(a, out->actor_name)))
		return bm_error_nomem();
	return 0;
}

void bm_audit_sheet_meta(const bm_audit_list_cursor *cur, bm_xlsx_meta *meta)
{
	memset(meta, 0, sizeof(*meta));
	meta->title = "审计日志";
	meta->unit = cur->unit[0] ? cur->unit : NULL;
	meta->date = cur->date[0] ? cur->date : NULL;
	meta->range = cur->range[0] ? cur->range : NULL;
	meta->signature = "审计人（签字）：　　　　　　　　日期：　　　　年　　月　　日";
	meta->constant_memory = true;
}

int bm_audit_sheet_head(bm_sheet *s)
{
	static const char *const head[] = {
	        "序号", "时间", "操作人",   "账户",   "操作",     "类别",     "对象",
	        "结果", "条款", "详细情况", "链序号", "本条哈希", "前条哈希", "原始记录",
	};
	return bm_sheet_row(s, head, BM_ARRAY_LEN(head));
}

/* An instant in the unit's local time, "2026-12-05 10:30:00". */
static void local_time(const char *at, int offset_minutes, char out[32])
{
	char iso[BM_ISO_TIME_LEN];
	int64_t t;
	if (!at || !bm_time_parse(at, &t)) {
		snprintf(out, 32, "%s", at ? at : "");
		return;
	}
	bm_time_format(t + (int64_t)offset_minutes * 60, iso);
	snprintf(out, 32, "%.10s %.8s", iso, iso + 11);
}

int bm_audit_sheet_row(bm_sheet *s, bm_audit_list_cursor *cur, const bm_audit_row *r,
                       const bm_audit_words *w)
{
	char n[24], seq[24], at[32];
	const char *outcome = !r->outcome                          ? ""
	                      : strcmp(r->outcome, "ok") == 0      ? "成功"
	                      : strcmp(r->outcome, "refused") == 0 ? "被拒绝"
	                      : strcmp(r->outcome, "failed") == 0  ? "失败"
	                                                           : r->outcome;
	const char *cells[14];

	snprintf(n, sizeof(n), "%" PRId64, ++cur->rows);
	snprintf(seq, sizeof(seq), "%" PRId64, r->seq);
	local_time(r->at, cur->tz_offset_minutes, at);
	cells[0] = n;
	cells[1] = at;
	cells[2] = w->actor_name && *w->actor_name          ? w->actor_name
	           : r->actor && strcmp(r->actor, "-") == 0 ? "系统"
	                                                    : r->actor;
	cells[3] = r->actor;
	cells[4] = w->action_zh;
	cells[5] = w->read ? "查阅" : "业务";
	cells[6] = w->object_zh;
	cells[7] = outcome;
	cells[8] = r->rule;
	cells[9] = w->summary_zh;
	cells[10] = seq;
	cells[11] = r->hash;
	cells[12] = r->prev_hash;
	cells[13] = r->detail;
	return bm_sheet_row(s, cells, BM_ARRAY_LEN(cells));
}
