/*
 * site.c — key departments and places (保密要害部门部位): SITE-1. See
 * service/site.h. The decisions are policy/site.c's; this file loads the
 * facts, writes the change with its line of history and audits it.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/site.h"
#include "policy/site.h"
#include "service/service_int.h"
#include "util/timeutil.h"

enum {
	MAX_NAME = 100,
	MAX_TEXT = 200,
	MAX_NOTE = 1000,
};

static bool given(const char *s)
{
	return s && *s;
}

static const char *site_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "site:%lld", (long long)id) : "";
}

static int unknown_site(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_site", NULL, "要害部门部位 %lld 不存在",
	                    "key site %lld does not exist", (long long)id);
}

/* Is `person_id` on the entry's list `kind` now? */
static bool listed(const bm_site_member_row *m, size_t n, int64_t person_id, const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].person_id == person_id && (!kind || strcmp(m[i].kind, kind) == 0))
			return true;
	return false;
}

/* The actor as a reader of the register. */
static void site_viewer(const bm_ctx *ctx, bm_site_viewer *v)
{
	v->person_id = ctx->actor ? ctx->actor->id : 0;
	v->keeper = bm_ctx_has_role(ctx, BM_ROLE_CLERK);
	v->leadership =
	        bm_ctx_has_role(ctx, BM_ROLE_LEADER) || bm_ctx_has_role(ctx, BM_ROLE_PRINCIPAL);
}

/* SYS-2, SITE-1: may viewer `v` see entry `s`? (its lists are read only when it matters) */
static int site_seen(bm_ctx *ctx, const bm_site_viewer *v, const bm_site_row *s, bool *out)
{
	bm_site_sight sight = {s->leader_id, false};
	if (!bm_rules_site_whole_register(v)) {
		bm_site_member_row *m = NULL;
		size_t n = 0;
		int rc = BM_STORE(ctx->store, site_members)(ctx->store, ctx->arena, s->id, &m, &n);
		if (rc)
			return rc;
		sight.listed = listed(m, n, v->person_id, NULL);
	}
	*out = bm_rules_site_visible(v, &sight);
	return 0;
}

/*
 * An entry of the actor's unit that the actor may see, else BM_ENOTFOUND:
 * SYS-2, SITE-1, an entry the actor has no need to know of does not exist
 * for them, like one of another unit.
 */
static int load_site(bm_ctx *ctx, int64_t id, bm_site_row **out)
{
	bm_site_row *s = NULL;
	bm_site_viewer v;
	bool seen = false;
	int rc = BM_STORE(ctx->store, site_get)(ctx->store, ctx->arena, id, &s);
	if (rc == BM_ENOTFOUND || (rc == 0 && s->unit_id != ctx->unit->id))
		return unknown_site(id);
	if (rc)
		return rc;
	site_viewer(ctx, &v);
	if ((rc = site_seen(ctx, &v, s, &seen)) != 0)
		return rc;
	if (!seen)
		return unknown_site(id);
	*out = s;
	return 0;
}

/*
 * SYS-2, SITE-1: keeps in `rows` the entries the actor may see (all of
 * them for the clerk and the leadership); `*n` is updated.
 */
static int visible_sites(bm_ctx *ctx, bm_site_row *rows, size_t *n)
{
	bm_site_viewer v;
	size_t kept = 0;
	site_viewer(ctx, &v);
	if (bm_rules_site_whole_register(&v))
		return 0;
	for (size_t i = 0; i < *n; i++) {
		bool seen = false;
		int rc = site_seen(ctx, &v, &rows[i], &seen);
		if (rc)
			return rc;
		if (seen)
			rows[kept++] = rows[i];
	}
	*n = kept;
	return 0;
}

/* An active entry of the actor's unit (SITE-1: nothing is added to a revoked one). */
static int load_active(bm_ctx *ctx, int64_t id, bm_site_row **out)
{
	bm_decision d;
	int rc;
	if ((rc = load_site(ctx, id, out)) != 0)
		return rc;
	if (!bm_rules_site_active(&d, strcmp((*out)->status, "active") == 0, id))
		return bm_decision_error(&d);
	return 0;
}

static bm_site_person_facts person_facts(const bm_person *p)
{
	bm_site_person_facts f = {p->name, p->person_class, p->temporary,
	                          p->status == BM_PERSON_ACTIVE};
	return f;
}

/* Appends a line to the entry's history. */
static int history(bm_ctx *ctx, int64_t site_id, const char *action, const char *detail)
{
	bm_site_event_row e = {0};
	e.site_id = site_id;
	e.at = bm_svc_now_iso(ctx);
	e.actor_id = ctx->actor ? ctx->actor->id : 0;
	e.action = action;
	e.detail = detail;
	return BM_STORE(ctx->store, site_event_add)(ctx->store, &e);
}

/* A vocabulary word of one of the site's lists, else BM_EINVALID naming the field. */
static int site_term(const bm_vocab_entry *table, int count, const char *text, const char *code,
                     const char *field_zh, const char *field_en, int *out)
{
	char zh[160] = "", en[160] = "";
	int v = given(text) ? bm_vocab_find(table, count, text) : -1;
	if (v >= 0) {
		*out = v;
		return 0;
	}
	for (int i = 0; i < count; i++) {
		size_t lz = strlen(zh), le = strlen(en);
		snprintf(zh + lz, sizeof(zh) - lz, "%s%s", i ? "/" : "", table[i].code);
		snprintf(en + le, sizeof(en) - le, "%s%s", i ? ", " : "", table[i].code);
	}
	{
		char mzh[BM_ERROR_MSG_MAX], men[BM_ERROR_MSG_MAX];
		snprintf(mzh, sizeof(mzh), "%s无效：'%.40s'（%s）", field_zh, text ? text : "", zh);
		snprintf(men, sizeof(men), "invalid %s '%.40s' (%s)", field_en, text ? text : "",
		         en);
		return bm_error_set_msg(BM_EINVALID, code, NULL, mzh, men);
	}
}

static int check_input(const bm_site_input *in, bool adding)
{
	int rc;
	if ((rc = bm_svc_check_text(in->name, "名称", "name", MAX_NAME, adding)) != 0 ||
	    (rc = bm_svc_check_text(in->location, "位置", "location", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->confirmed_by, "确定机关", "confirmed by", MAX_TEXT,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->confirm_doc, "确定文件", "document", MAX_TEXT, false)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", MAX_NOTE, false)) != 0)
		return rc;
	if (!adding && in->name && !given(in->name))
		return bm_svc_check_text(in->name, "名称", "name", MAX_NAME, true);
	return 0;
}

/* The department and storage place given in `in`, resolved in the unit ("" clears). */
static int link_where(bm_ctx *ctx, bm_site_row *s, const bm_site_input *in)
{
	int rc;
	if (in->department) {
		bm_department *dep = NULL;
		s->department_id = 0;
		s->department_name = NULL;
		if (given(in->department)) {
			rc = bm_svc_department_resolve(ctx, in->department, &dep);
			if (rc == 0 && dep->unit_id != ctx->unit->id)
				rc = BM_ENOTFOUND;
			if (rc == BM_ENOTFOUND)
				rc = bm_error_set(BM_ENOTFOUND, "unknown_department", NULL,
				                  "部门 '%s' 不存在", "unknown department '%s'",
				                  in->department);
			if (rc)
				return rc;
			s->department_id = dep->id;
			s->department_name = dep->name;
		}
	}
	if (in->place) {
		bm_place *pl = NULL;
		s->place_id = 0;
		s->place_name = NULL;
		if (given(in->place)) {
			rc = bm_svc_place_resolve(ctx, in->place, &pl);
			if (rc == 0 && pl->unit_id != ctx->unit->id)
				rc = BM_ENOTFOUND;
			if (rc == BM_ENOTFOUND)
				rc = bm_error_set(BM_ENOTFOUND, "unknown_place", NULL,
				                  "存放场所 '%s' 不存在",
				                  "unknown storage place '%s'", in->place);
			if (rc)
				return rc;
			s->place_id = pl->id;
			s->place_name = pl->name;
		}
	}
	return 0;
}

/*
 * Applies the fields given in `in` to `s` (the department, place and leader
 * resolved in the unit), then decides SITE-1 on the result.
 */
static int apply_input(bm_ctx *ctx, bm_site_row *s, const bm_site_input *in, json_t *d)
{
	bm_decision dec;
	int32_t today = bm_svc_today_days(ctx), confirmed = BM_DATE_NONE;
	int kind = -1, rc;

	if (in->name)
		s->name = in->name;
	if (in->kind && (rc = site_term(bm_site_kind_names, BM_SITE_KIND_COUNT, in->kind,
	                                "invalid_site_kind", "类别", "kind", &kind)) != 0)
		return rc;
	if (kind >= 0)
		s->kind = bm_site_kind_names[kind].code;
	else
		kind = bm_vocab_find(bm_site_kind_names, BM_SITE_KIND_COUNT, s->kind);
	if ((rc = link_where(ctx, s, in)) != 0)
		return rc;
	if (in->location)
		s->location = given(in->location) ? in->location : NULL;
	if (in->confirmed_by)
		s->confirmed_by = in->confirmed_by;
	if (in->confirm_doc)
		s->confirm_doc = given(in->confirm_doc) ? in->confirm_doc : NULL;
	if (in->note)
		s->note = given(in->note) ? in->note : NULL;
	if (in->confirmed_on) {
		if (given(in->confirmed_on) && !bm_date_parse(in->confirmed_on, &confirmed))
			return bm_error_set(BM_EINVALID, "invalid_date", NULL,
			                    "确定日期不是有效日期：'%.32s'",
			                    "the confirmation date is not a valid date: '%.32s'",
			                    in->confirmed_on);
		s->confirmed_on = given(in->confirmed_on) ? in->confirmed_on : NULL;
	} else if (s->confirmed_on && !bm_date_parse(s->confirmed_on, &confirmed)) {
		confirmed = BM_DATE_NONE;
	}
	/* SITE-1: what and where, who confirmed it and when. */
	if (!bm_rules_site_where(&dec, kind, s->department_id != 0, s->place_id != 0,
	                         given(s->location)) ||
	    !bm_rules_site_confirmation(&dec, s->confirmed_by, confirmed, today))
		return bm_decision_error(&dec);
	/* SITE-1: the responsible leader. */
	if (in->leader || !s->leader_id) {
		bm_person *leader = NULL;
		bm_site_person_facts f;
		if (!given(in->leader)) {
			bm_rules_site_leader(&dec, NULL);
			return bm_decision_error(&dec);
		}
		if ((rc = bm_svc_unit_person(ctx, in->leader, &leader)) != 0)
			return rc;
		f = person_facts(leader);
		if (!bm_rules_site_leader(&dec, &f))
			return bm_decision_error(&dec);
		s->leader_id = leader->id;
		s->leader_name = leader->name;
	}
	json_object_set_new(d, "name", json_string(s->name));
	json_object_set_new(d, "kind", json_string(s->kind));
	json_object_set_new(d, "leader_id", json_integer(s->leader_id));
	return 0;
}

int bm_svc_site_add(bm_ctx *ctx, const bm_site_input *in, bm_site_row **out)
{
	bm_site_row *s = NULL;
	json_t *d = json_object();
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = check_input(in, true)) != 0 || (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	if (!(s = bm_arena_alloc(ctx->arena, sizeof(*s)))) {
		rc = bm_error_nomem();
		goto done;
	}
	s->unit_id = ctx->unit->id;
	s->kind = "place";
	s->status = "active";
	if ((rc = apply_input(ctx, s, in, d)) != 0)
		goto done;
	s->created_by = ctx->actor->id;
	s->created_at = s->updated_at = bm_svc_now_iso(ctx);
	rc = BM_STORE(ctx->store, site_insert)(ctx->store, s);
	if (rc == BM_ECONFLICT)
		rc = bm_error_set(BM_ECONFLICT, "duplicate_site", NULL,
		                  "已有名为“%s”的要害部门部位",
		                  "a key site named '%s' exists already", s->name);
	if (rc || (rc = history(ctx, s->id, "add", s->name)) != 0)
		goto done;
	*out = s;
done:
	return bm_svc_end(ctx, rc, "site.add", site_object(ctx, s ? s->id : 0),
	                  bm_svc_json(ctx, d));
}

int bm_svc_site_edit(bm_ctx *ctx, int64_t id, const bm_site_input *in, bm_site_row **out)
{
	bm_site_row *s = NULL;
	json_t *d = json_object();
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = check_input(in, false)) != 0 || (rc = bm_svc_begin(ctx)) != 0 ||
	    (rc = load_active(ctx, id, &s)) != 0 || (rc = apply_input(ctx, s, in, d)) != 0)
		goto done;
	s->updated_at = bm_svc_now_iso(ctx);
	rc = BM_STORE(ctx->store, site_update)(ctx->store, s);
	if (rc == BM_ECONFLICT)
		rc = bm_error_set(BM_ECONFLICT, "duplicate_site", NULL,
		                  "已有名为“%s”的要害部门部位",
		                  "a key site named '%s' exists already", s->name);
	if (rc || (rc = history(ctx, s->id, "edit", bm_svc_json(ctx, json_incref(d)))) != 0)
		goto done;
	*out = s;
done:
	return bm_svc_end(ctx, rc, "site.edit", site_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_site_revoke(bm_ctx *ctx, int64_t id, const char *reason, bm_site_row **out)
{
	bm_site_row *s = NULL;
	json_t *d = json_object();
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = bm_svc_check_text(reason, "撤销理由", "reason", MAX_NOTE, true)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_active(ctx, id, &s)) != 0)
		goto done;
	s->status = "revoked";
	s->revoked_at = s->updated_at = bm_svc_now_iso(ctx);
	s->revoke_reason = reason;
	json_object_set_new(d, "reason", json_string(reason));
	if ((rc = BM_STORE(ctx->store, site_update)(ctx->store, s)) != 0 ||
	    (rc = history(ctx, s->id, "revoke", reason)) != 0)
		goto done;
	*out = s;
done:
	return bm_svc_end(ctx, rc, "site.revoke", site_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_site_member(bm_ctx *ctx, int64_t id, const char *person, const char *kind, bool add)
{
	bm_site_row *s = NULL;
	bm_person *p = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int k = -1, rc;

	json_object_set_new(d, "person", json_string(person ? person : ""));
	json_object_set_new(d, "list", json_string(kind ? kind : ""));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = site_term(bm_site_member_names, BM_SITE_MEMBER_COUNT, kind, "invalid_site_list",
	                    "名单", "list", &k)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_active(ctx, id, &s)) != 0 ||
	    (rc = bm_svc_unit_person(ctx, person, &p)) != 0)
		goto done;
	json_object_set_new(d, "person_id", json_integer(p->id));
	if (add) {
		bm_site_member_row m = {0};
		bm_site_person_facts f = person_facts(p);
		/* SITE-1, PERSON-1, PERSON-3: who may work at, or enter, a key site. */
		if (!bm_rules_site_member(&dec, (bm_site_member_kind)k, &f)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
		m.site_id = s->id;
		m.person_id = p->id;
		m.kind = bm_site_member_names[k].code;
		m.added_by = ctx->actor->id;
		m.added_at = bm_svc_now_iso(ctx);
		rc = BM_STORE(ctx->store, site_member_add)(ctx->store, &m);
		if (rc == BM_ECONFLICT)
			rc = bm_error_set(BM_ECONFLICT, "already_listed", NULL,
			                  "“%s”已在名单 %s 上", "'%s' is on the list '%s' already",
			                  p->name, bm_site_member_names[k].code);
	} else {
		rc = BM_STORE(ctx->store, site_member_remove)(ctx->store, s->id, p->id,
		                                              bm_site_member_names[k].code,
		                                              ctx->actor->id, bm_svc_now_iso(ctx));
		if (rc == BM_ENOTFOUND)
			rc = bm_error_set(BM_ENOTFOUND, "not_listed", NULL, "“%s”不在名单 %s 上",
			                  "'%s' is not on the list '%s'", p->name,
			                  bm_site_member_names[k].code);
	}
	if (rc || (rc = history(ctx, s->id,
	                        bm_arena_printf(ctx->arena, "%s_%s", bm_site_member_names[k].code,
	                                        add ? "add" : "remove"),
	                        p->name)) != 0)
		goto done;
done:
	return bm_svc_end(ctx, rc,
	                  add ? (k == BM_SITE_ACCESS ? "site.access_add" : "site.staff_add")
	                      : (k == BM_SITE_ACCESS ? "site.access_remove" : "site.staff_remove"),
	                  site_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_site_measure(bm_ctx *ctx, int64_t id, const char *kind, const char *present,
                        const char *checked_on, const char *note, bm_site_measure_row **out)
{
	bm_site_row *s = NULL;
	bm_site_measure_row *m = NULL;
	json_t *d = json_object();
	int32_t day = BM_DATE_NONE;
	char text[BM_DATE_LEN];
	int k = -1, rc;

	json_object_set_new(d, "measure", json_string(kind ? kind : ""));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = site_term(bm_site_measure_names, BM_MEASURE_COUNT, kind, "invalid_measure",
	                    "防护措施", "measure", &k)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_NOTE, false)) != 0)
		goto done;
	if (!present || (strcmp(present, "yes") != 0 && strcmp(present, "no") != 0)) {
		rc = bm_error_set(BM_EINVALID, "invalid_present", NULL,
		                  "检查结果只能是 yes（具备）或 no（缺失）",
		                  "the result of a check is 'yes' (in place) or 'no' (missing)");
		goto done;
	}
	day = bm_svc_today_days(ctx);
	if (given(checked_on) &&
	    (!bm_date_parse(checked_on, &day) || day > bm_svc_today_days(ctx))) {
		rc = bm_error_set(
		        BM_EINVALID, "invalid_date", NULL, "检查日期无效或晚于今天：'%.32s'",
		        "the date checked is invalid or in the future: '%.32s'", checked_on);
		goto done;
	}
	bm_date_format(day, text);
	if ((rc = bm_svc_begin(ctx)) != 0 || (rc = load_active(ctx, id, &s)) != 0)
		goto done;
	if (!(m = bm_arena_alloc(ctx->arena, sizeof(*m)))) {
		rc = bm_error_nomem();
		goto done;
	}
	m->site_id = s->id;
	m->kind = bm_site_measure_names[k].code;
	m->present = strcmp(present, "yes") == 0;
	m->checked_on = bm_arena_strdup(ctx->arena, text);
	m->note = given(note) ? note : NULL;
	m->checked_by = ctx->actor->id;
	m->checked_by_name = ctx->actor->name;
	m->at = bm_svc_now_iso(ctx);
	json_object_set_new(d, "present", json_boolean(m->present));
	json_object_set_new(d, "checked_on", json_string(m->checked_on));
	if ((rc = BM_STORE(ctx->store, site_measure_add)(ctx->store, m)) != 0 ||
	    (rc = history(ctx, s->id, "measure",
	                  bm_arena_printf(ctx->arena, "%s %s %s", bm_site_measure_names[k].zh,
	                                  m->present ? "具备" : "缺失", m->checked_on))) != 0)
		goto done;
	*out = m;
done:
	return bm_svc_end(ctx, rc, "site.measure", site_object(ctx, id), bm_svc_json(ctx, d));
}

/* An instant as typed (default now), never in the future. */
static int visit_time(bm_ctx *ctx, const char *text, const char *field_zh, const char *field_en,
                      int64_t *out)
{
	int64_t t = ctx->now;
	char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
	if (given(text) && !bm_time_parse(text, &t)) {
		snprintf(zh, sizeof(zh), "%s不是有效时间（YYYY-MM-DDTHH:MM:SSZ）：'%.32s'",
		         field_zh, text);
		snprintf(en, sizeof(en),
		         "the %s is not a valid instant (YYYY-MM-DDTHH:MM:SSZ): '%.32s'", field_en,
		         text);
		return bm_error_set_msg(BM_EINVALID, "invalid_time", NULL, zh, en);
	}
	if (t > ctx->now) {
		snprintf(zh, sizeof(zh), "%s晚于现在", field_zh);
		snprintf(en, sizeof(en), "the %s is in the future", field_en);
		return bm_error_set_msg(BM_EINVALID, "invalid_time", NULL, zh, en);
	}
	*out = t;
	return 0;
}

int bm_svc_site_visit_in(bm_ctx *ctx, int64_t id, const bm_site_visit_input *in,
                         bm_site_visit_row **out)
{
	bm_site_row *s = NULL;
	bm_site_visit_row *v = NULL;
	bm_site_member_row *members = NULL;
	bm_person *visitor = NULL, *escort = NULL;
	size_t n = 0;
	json_t *d = json_object();
	bm_decision dec;
	int64_t t_in = 0;
	char at[BM_ISO_TIME_LEN];
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = bm_svc_check_text(in->visitor, "来访人员", "visitor", MAX_NAME,
	                            !given(in->person))) != 0 ||
	    (rc = bm_svc_check_text(in->organisation, "来访单位", "organisation", MAX_TEXT,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->reason, "来访事由", "reason", MAX_TEXT, true)) != 0 ||
	    (rc = visit_time(ctx, in->time_in, "进入时间", "time in", &t_in)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_active(ctx, id, &s)) != 0 ||
	    (rc = BM_STORE(ctx->store, site_members)(ctx->store, ctx->arena, s->id, &members,
	                                             &n)) != 0)
		goto done;
	if (given(in->person) && (rc = bm_svc_unit_person(ctx, in->person, &visitor)) != 0)
		goto done;
	if (given(in->escort) && (rc = bm_svc_unit_person(ctx, in->escort, &escort)) != 0)
		goto done;
	{
		/* SITE-1: nobody unrelated comes in without an escort who works there. */
		bm_site_visit_facts f = {visitor && listed(members, n, visitor->id, NULL),
		                         escort != NULL,
		                         escort && listed(members, n, escort->id, "staff"),
		                         escort && visitor && escort->id == visitor->id};
		json_object_set_new(d, "visitor_listed", json_boolean(f.visitor_listed));
		if (!bm_rules_site_visit(&dec, &f)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	if (!(v = bm_arena_alloc(ctx->arena, sizeof(*v)))) {
		rc = bm_error_nomem();
		goto done;
	}
	bm_time_format(t_in, at);
	v->site_id = s->id;
	v->site_name = s->name;
	v->visitor = given(in->visitor) ? in->visitor : visitor->name;
	v->visitor_id = visitor ? visitor->id : 0;
	v->organisation = given(in->organisation) ? in->organisation : NULL;
	v->reason = in->reason;
	v->escort_id = escort ? escort->id : 0;
	v->escort_name = escort ? escort->name : NULL;
	v->time_in = bm_arena_strdup(ctx->arena, at);
	v->recorded_by = ctx->actor->id;
	v->recorded_at = bm_svc_now_iso(ctx);
	json_object_set_new(d, "visitor", json_string(v->visitor));
	json_object_set_new(d, "escort_id", json_integer(v->escort_id));
	json_object_set_new(d, "time_in", json_string(v->time_in));
	if ((rc = BM_STORE(ctx->store, site_visit_insert)(ctx->store, v)) != 0 ||
	    (rc = history(ctx, s->id, "visit_in",
	                  bm_arena_printf(ctx->arena, "%s（%s）", v->visitor, v->reason))) != 0)
		goto done;
	json_object_set_new(d, "visit_id", json_integer(v->id));
	*out = v;
done:
	return bm_svc_end(ctx, rc, "site.visit_in", site_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_site_visit_out(bm_ctx *ctx, int64_t visit_id, const char *time_out,
                          bm_site_visit_row **out)
{
	bm_site_visit_row *v = NULL;
	bm_site_row *s = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int64_t t_out = 0, t_in = 0;
	char at[BM_ISO_TIME_LEN];
	int rc;

	json_object_set_new(d, "visit_id", json_integer(visit_id));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_SITE)) != 0 ||
	    (rc = visit_time(ctx, time_out, "离开时间", "time out", &t_out)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, site_visit_get)(ctx->store, ctx->arena, visit_id, &v);
	if (rc == 0 && (rc = load_site(ctx, v->site_id, &s)) == BM_ENOTFOUND)
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_visit", NULL, "来访记录 %lld 不存在",
		                  "visit %lld does not exist", (long long)visit_id);
	if (rc)
		goto done;
	if (!bm_time_parse(v->time_in, &t_in))
		t_in = 0;
	/* SITE-1: the visit log says when the visitor left, once. */
	if (!bm_rules_site_visit_out(&dec, visit_id, v->time_out != NULL, t_in, t_out)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	bm_time_format(t_out, at);
	v->time_out = bm_arena_strdup(ctx->arena, at);
	json_object_set_new(d, "time_out", json_string(v->time_out));
	if ((rc = BM_STORE(ctx->store, site_visit_update)(ctx->store, v)) != 0 ||
	    (rc = history(ctx, s->id, "visit_out", v->visitor)) != 0)
		goto done;
	*out = v;
done:
	return bm_svc_end(ctx, rc, "site.visit_out", site_object(ctx, s ? s->id : 0),
	                  bm_svc_json(ctx, d));
}

int bm_svc_site_show(bm_ctx *ctx, int64_t id, bm_site_record *out)
{
	bm_site_record r = {0};
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0 || (rc = load_site(ctx, id, &r.site)) != 0 ||
	    (rc = BM_STORE(ctx->store, site_members)(ctx->store, ctx->arena, id, &r.members,
	                                             &r.n_members)) != 0 ||
	    (rc = BM_STORE(ctx->store, site_measures)(ctx->store, ctx->arena, id, &r.measures,
	                                              &r.n_measures)) != 0 ||
	    (rc = BM_STORE(ctx->store, site_visits)(ctx->store, ctx->arena, ctx->unit->id, id,
	                                            false, &r.visits, &r.n_visits)) != 0 ||
	    (rc = BM_STORE(ctx->store, site_events)(ctx->store, ctx->arena, id, &r.events,
	                                            &r.n_events)) != 0)
		goto done;
	*out = r;
done:
	return bm_svc_end(ctx, rc, "site.show", site_object(ctx, id), NULL);
}

int bm_svc_site_list(bm_ctx *ctx, const bm_site_query *q, bm_site_row **out, size_t *count)
{
	bm_site_filter f = {0};
	json_t *d = json_object();
	int k = -1, rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	f.unit_id = ctx->unit->id;
	if (given(q->status)) {
		if (strcmp(q->status, "active") != 0 && strcmp(q->status, "revoked") != 0) {
			rc = bm_error_set(BM_EINVALID, "invalid_status", NULL,
			                  "未知状态 '%.32s'（active/revoked）",
			                  "unknown status '%.32s' (active, revoked)", q->status);
			goto done;
		}
		f.status = q->status;
		json_object_set_new(d, "status", json_string(q->status));
	}
	if (given(q->kind)) {
		if ((rc = site_term(bm_site_kind_names, BM_SITE_KIND_COUNT, q->kind,
		                    "invalid_site_kind", "类别", "kind", &k)) != 0)
			goto done;
		f.kind = bm_site_kind_names[k].code;
	}
	if (given(q->department)) {
		bm_department *dep = NULL;
		rc = bm_svc_department_resolve(ctx, q->department, &dep);
		if (rc == BM_ENOTFOUND)
			rc = bm_error_set(BM_ENOTFOUND, "unknown_department", NULL,
			                  "部门 '%s' 不存在", "unknown department '%s'",
			                  q->department);
		if (rc)
			goto done;
		f.department_id = dep->id;
	}
	if (given(q->q)) {
		if ((rc = bm_svc_check_text(q->q, "搜索", "search", MAX_NAME, false)) != 0)
			goto done;
		f.q = q->q;
	}
	if ((rc = BM_STORE(ctx->store, site_list)(ctx->store, ctx->arena, &f, out, count)) != 0 ||
	    (rc = visible_sites(ctx, *out, count)) != 0)
		goto done;
	json_object_set_new(d, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, "site.list", "", bm_svc_json(ctx, d));
}

/* SYS-2, SITE-1: keeps in `rows` the visits to entries the actor may see. */
static int visible_visits(bm_ctx *ctx, bm_site_visit_row *rows, size_t *n)
{
	bm_site_filter f = {0};
	bm_site_viewer v;
	bm_site_row *sites = NULL;
	size_t n_sites = 0, kept = 0;
	int rc;
	site_viewer(ctx, &v);
	if (bm_rules_site_whole_register(&v))
		return 0;
	f.unit_id = ctx->unit->id;
	if ((rc = BM_STORE(ctx->store, site_list)(ctx->store, ctx->arena, &f, &sites, &n_sites)) !=
	            0 ||
	    (rc = visible_sites(ctx, sites, &n_sites)) != 0)
		return rc;
	for (size_t i = 0; i < *n; i++)
		for (size_t j = 0; j < n_sites; j++)
			if (sites[j].id == rows[i].site_id) {
				rows[kept++] = rows[i];
				break;
			}
	*n = kept;
	return 0;
}

int bm_svc_site_visits(bm_ctx *ctx, int64_t id, bool open_only, bm_site_visit_row **out,
                       size_t *count)
{
	bm_site_row *s = NULL;
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0 || (id && (rc = load_site(ctx, id, &s)) != 0) ||
	    (rc = BM_STORE(ctx->store, site_visits)(ctx->store, ctx->arena, ctx->unit->id, id,
	                                            open_only, out, count)) != 0)
		goto done;
	if (!id)
		rc = visible_visits(ctx, *out, count);
done:
	return bm_svc_end(ctx, rc, "site.visits", site_object(ctx, id), NULL);
}

int bm_site_drop_person(bm_ctx *ctx, const bm_person *p, const char *why_zh, json_t *detail)
{
	bm_site_filter f = {0};
	bm_site_row *sites = NULL;
	size_t n_sites = 0;
	json_t *dropped = json_array();
	const char *at = bm_svc_now_iso(ctx);
	int rc;

	f.unit_id = p->unit_id;
	f.status = "active";
	if ((rc = BM_STORE(ctx->store, site_list)(ctx->store, ctx->arena, &f, &sites, &n_sites)) !=
	    0)
		goto done;
	for (size_t i = 0; i < n_sites && rc == 0; i++) {
		bm_site_member_row *m = NULL;
		size_t n = 0;
		if ((rc = BM_STORE(ctx->store, site_members)(ctx->store, ctx->arena, sites[i].id,
		                                             &m, &n)) != 0)
			break;
		for (size_t j = 0; j < n && rc == 0; j++) {
			json_t *o;
			if (m[j].person_id != p->id)
				continue;
			/* SITE-1: the lists name only those who work there or may enter now. */
			if ((rc = BM_STORE(ctx->store, site_member_remove)(
			             ctx->store, sites[i].id, p->id, m[j].kind,
			             ctx->actor ? ctx->actor->id : 0, at)) != 0 ||
			    (rc = history(ctx, sites[i].id,
			                  bm_arena_printf(ctx->arena, "%s_remove", m[j].kind),
			                  bm_arena_printf(ctx->arena, "%s（%s）", p->name,
			                                  why_zh))) != 0)
				break;
			o = json_object();
			json_object_set_new(o, "site_id", json_integer(sites[i].id));
			json_object_set_new(o, "site", json_string(sites[i].name));
			json_object_set_new(o, "list", json_string(m[j].kind));
			json_array_append_new(dropped, o);
		}
	}
done:
	if (rc == 0 && json_array_size(dropped))
		json_object_set_new(detail, "key_sites_left", dropped);
	else
		json_decref(dropped);
	return rc;
}

int bm_site_check_class(bm_ctx *ctx, const bm_person *p, bm_class to, json_t *detail)
{
	int64_t n = 0;
	bm_decision d;
	int rc;
	if (to >= BM_CLASS_IMPORTANT)
		return 0;
	if ((rc = BM_STORE(ctx->store, site_staff_count)(ctx->store, p->id, &n)) != 0)
		return rc;
	/* SITE-1, PERSON-1: nobody works at a key site below 重要 class. */
	if (!bm_rules_site_class_lowering(&d, to, (size_t)n)) {
		json_object_set_new(detail, "key_sites", json_integer((json_int_t)n));
		return bm_decision_error(&d);
	}
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

#define S(o, key, v) json_object_set_new(o, key, (v) ? json_string(v) : json_null())

/* A vocabulary word's zh and en names under key_name / key_name_en. */
static void names(json_t *o, const char *key, const bm_vocab_entry *table, int count,
                  const char *code)
{
	int i = code ? bm_vocab_find(table, count, code) : -1;
	char k[64];
	snprintf(k, sizeof(k), "%s_name", key);
	S(o, k, i >= 0 ? table[i].zh : code);
	snprintf(k, sizeof(k), "%s_name_en", key);
	S(o, k, i >= 0 ? table[i].en : code);
}

json_t *bm_site_to_json(const bm_site_row *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	S(o, "name", s->name);
	S(o, "kind", s->kind);
	names(o, "kind", bm_site_kind_names, BM_SITE_KIND_COUNT, s->kind);
	json_object_set_new(o, "department_id",
	                    s->department_id ? json_integer(s->department_id) : json_null());
	S(o, "department_name", s->department_name);
	json_object_set_new(o, "place_id", s->place_id ? json_integer(s->place_id) : json_null());
	S(o, "place_name", s->place_name);
	S(o, "location", s->location);
	S(o, "confirmed_by", s->confirmed_by);
	S(o, "confirmed_on", s->confirmed_on);
	S(o, "confirm_doc", s->confirm_doc);
	json_object_set_new(o, "leader_id", json_integer(s->leader_id));
	S(o, "leader_name", s->leader_name);
	S(o, "note", s->note);
	S(o, "status", s->status);
	S(o, "status_name", strcmp(s->status, "active") == 0 ? "有效" : "已撤销");
	S(o, "status_name_en", strcmp(s->status, "active") == 0 ? "active" : "revoked");
	S(o, "revoked_at", s->revoked_at);
	S(o, "revoke_reason", s->revoke_reason);
	S(o, "created_at", s->created_at);
	S(o, "updated_at", s->updated_at);
	json_object_set_new(o, "staff_count", json_integer(s->n_staff));
	json_object_set_new(o, "access_count", json_integer(s->n_access));
	json_object_set_new(o, "visitors_inside", json_integer(s->n_open_visits));
	return o;
}

json_t *bm_site_visit_to_json(const bm_site_visit_row *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "site_id", json_integer(v->site_id));
	S(o, "site_name", v->site_name);
	S(o, "visitor", v->visitor);
	json_object_set_new(o, "visitor_id",
	                    v->visitor_id ? json_integer(v->visitor_id) : json_null());
	S(o, "organisation", v->organisation);
	S(o, "reason", v->reason);
	json_object_set_new(o, "escort_id",
	                    v->escort_id ? json_integer(v->escort_id) : json_null());
	S(o, "escort_name", v->escort_name);
	S(o, "time_in", v->time_in);
	S(o, "time_out", v->time_out);
	S(o, "recorded_at", v->recorded_at);
	return o;
}

json_t *bm_site_record_to_json(const bm_site_record *r)
{
	json_t *o = bm_site_to_json(r->site);
	json_t *members = json_array(), *measures = json_array(), *current = json_array();
	json_t *visits = json_array(), *events = json_array();
	for (size_t i = 0; i < r->n_members; i++) {
		const bm_site_member_row *m = &r->members[i];
		json_t *j = json_object();
		json_object_set_new(j, "person_id", json_integer(m->person_id));
		S(j, "name", m->person_name);
		S(j, "list", m->kind);
		names(j, "list", bm_site_member_names, BM_SITE_MEMBER_COUNT, m->kind);
		S(j, "class", bm_class_names[m->person_class].code);
		S(j, "class_name", bm_class_names[m->person_class].zh);
		S(j, "class_name_en", bm_class_names[m->person_class].en);
		S(j, "added_at", m->added_at);
		json_array_append_new(members, j);
	}
	for (size_t i = 0; i < r->n_measures; i++) {
		const bm_site_measure_row *m = &r->measures[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(m->id));
		S(j, "measure", m->kind);
		names(j, "measure", bm_site_measure_names, BM_MEASURE_COUNT, m->kind);
		json_object_set_new(j, "present", json_boolean(m->present));
		S(j, "checked_on", m->checked_on);
		S(j, "checked_by_name", m->checked_by_name);
		S(j, "note", m->note);
		json_array_append_new(measures, j);
	}
	/* The checklist: every measure with its latest check (the checks are newest first). */
	for (int k = 0; k < BM_MEASURE_COUNT; k++) {
		json_t *j = json_object();
		const bm_site_measure_row *last = NULL;
		for (size_t i = 0; i < r->n_measures && !last; i++)
			if (strcmp(r->measures[i].kind, bm_site_measure_names[k].code) == 0)
				last = &r->measures[i];
		S(j, "measure", bm_site_measure_names[k].code);
		S(j, "measure_name", bm_site_measure_names[k].zh);
		S(j, "measure_name_en", bm_site_measure_names[k].en);
		json_object_set_new(j, "present", last ? json_boolean(last->present) : json_null());
		S(j, "checked_on", last ? last->checked_on : NULL);
		json_array_append_new(current, j);
	}
	for (size_t i = 0; i < r->n_visits; i++)
		json_array_append_new(visits, bm_site_visit_to_json(&r->visits[i]));
	for (size_t i = 0; i < r->n_events; i++) {
		const bm_site_event_row *e = &r->events[i];
		json_t *j = json_object();
		S(j, "at", e->at);
		S(j, "action", e->action);
		S(j, "detail", e->detail);
		S(j, "actor_name", e->actor_name);
		json_array_append_new(events, j);
	}
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "checklist", current);
	json_object_set_new(o, "measures", measures);
	json_object_set_new(o, "visits", visits);
	json_object_set_new(o, "history", events);
	return o;
}

#undef S
