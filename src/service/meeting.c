/*
 * meeting.c — classified meetings (涉密会议): MEET-1, MEET-2. See
 * service/meeting.h. The decisions are policy/meeting.c's (and rules.h's
 * for the carriers issued); this file loads the facts, writes the change
 * with its line of history and audits it.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/meeting.h"
#include "policy/meeting.h"
#include "policy/custody.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_TITLE = 200,
	MAX_ROOM = 200,
	MAX_NOTE = 1000,
};

static const char *meeting_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "meeting:%lld", (long long)id) : "";
}

static const char *iso(bm_ctx *ctx, int64_t t)
{
	char buf[BM_ISO_TIME_LEN];
	bm_time_format(t, buf);
	return bm_arena_strdup(ctx->arena, buf);
}

static int unknown_meeting(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_meeting", NULL, "会议 %lld 不存在",
	                    "meeting %lld does not exist", (long long)id);
}

static bm_meeting_status status_of(const bm_meeting_row *m)
{
	int s = bm_vocab_find(bm_meeting_status_names, BM_MEETING_STATUS_COUNT, m->status);
	return s < 0 ? BM_MEETING_CLOSED : (bm_meeting_status)s;
}

/* A meeting of the actor's unit, else BM_ENOTFOUND. */
static int load_meeting(bm_ctx *ctx, int64_t id, bm_meeting_row **out)
{
	bm_meeting_row *m = NULL;
	int rc = BM_STORE(ctx->store, meeting_get)(ctx->store, ctx->arena, id, &m);
	if (rc == BM_ENOTFOUND || (rc == 0 && m->unit_id != ctx->unit->id))
		return unknown_meeting(id);
	if (rc)
		return rc;
	*out = m;
	return 0;
}

/* A meeting that may still change (MEET-1: a closed one does not). */
static int load_changing(bm_ctx *ctx, int64_t id, bool place_or_time, bm_meeting_row **out)
{
	bm_decision d;
	int rc;
	if ((rc = load_meeting(ctx, id, out)) != 0)
		return rc;
	if (!bm_rules_meeting_change(&d, id, status_of(*out), place_or_time))
		return bm_decision_error(&d);
	return 0;
}

static int64_t ref_id(const char *s)
{
	char *end;
	long long v;
	if (!s || !*s)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

/* Appends a line to the meeting's history. */
static int history(bm_ctx *ctx, int64_t meeting_id, const char *action, const char *detail)
{
	bm_meeting_event_row e = {0};
	e.meeting_id = meeting_id;
	e.at = bm_svc_now_iso(ctx);
	e.actor_id = ctx->actor ? ctx->actor->id : 0;
	e.action = action;
	e.detail = detail;
	return BM_STORE(ctx->store, meeting_event_add)(ctx->store, &e);
}

/*
 * MEET-1, PERSON-1/2/3/7: `p` may be a participant of a meeting at
 * `level`; the refusal names the person and the rule.
 */
static int check_participant(bm_ctx *ctx, const bm_person *p, bm_level level)
{
	bm_actor facts;
	bm_decision d;
	char zh[BM_REASON_MAX + 96], en[BM_REASON_MAX + 96];
	int rc;
	if ((rc = bm_svc_actor_facts(ctx, p, &facts)) != 0)
		return rc;
	if (bm_rules_meeting_participant(&d, &ctx->policy, &facts, level, bm_svc_today_days(ctx)))
		return 0;
	snprintf(zh, sizeof(zh), "“%s”不能列为%s会议的参会人员：%s", p->name,
	         bm_level_names[level].zh, d.reason_zh);
	snprintf(en, sizeof(en), "'%s' cannot attend a '%s' meeting: %s", p->name,
	         bm_level_names[level].code, d.reason_en);
	return bm_error_set_msg(d.klass ? d.klass : BM_EDENIED, d.code, d.rule, zh, en);
}

static int check_input(const bm_meeting_input *in, bool adding)
{
	int rc;
	if ((rc = bm_svc_check_text(in->title, "会议名称", "title", MAX_TITLE, adding)) != 0 ||
	    (rc = bm_svc_check_text(in->room, "会议室", "room", MAX_ROOM, false)) != 0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", MAX_NOTE, false)) != 0)
		return rc;
	if (!adding && in->title && !bm_utf8_given(in->title))
		return bm_svc_check_text(in->title, "会议名称", "title", MAX_TITLE, true);
	return 0;
}

/* An instant as typed (given), else BM_EINVALID naming the field. */
static int parse_instant(const char *text, const char *field_zh, const char *field_en, int64_t *out)
{
	char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
	if (bm_time_parse(text, out))
		return 0;
	snprintf(zh, sizeof(zh), "%s不是有效时间（YYYY-MM-DDTHH:MM:SSZ）：'%.32s'", field_zh, text);
	snprintf(en, sizeof(en), "the %s is not a valid instant (YYYY-MM-DDTHH:MM:SSZ): '%.32s'",
	         field_en, text);
	return bm_error_set_msg(BM_EINVALID, "invalid_time", NULL, zh, en);
}

/* The key site given, resolved in the unit ("" clears it). */
static int link_site(bm_ctx *ctx, bm_meeting_row *m, const char *ref, bool *active)
{
	bm_site_row *s = NULL;
	int64_t id = ref_id(ref);
	int rc;
	m->site_id = 0;
	m->site_name = NULL;
	if (!bm_utf8_given(ref))
		return 0;
	if (id) {
		rc = BM_STORE(ctx->store, site_get)(ctx->store, ctx->arena, id, &s);
	} else {
		bm_site_filter f = {0};
		bm_site_row *rows = NULL;
		size_t n = 0;
		f.unit_id = ctx->unit->id;
		f.q = ref;
		rc = BM_STORE(ctx->store, site_list)(ctx->store, ctx->arena, &f, &rows, &n);
		for (size_t i = 0; rc == 0 && i < n && !s; i++)
			if (strcmp(rows[i].name, ref) == 0)
				s = &rows[i];
		if (rc == 0 && !s)
			rc = BM_ENOTFOUND;
	}
	if (rc == 0 && s->unit_id != ctx->unit->id)
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_site", NULL, "要害部门部位 '%s' 不存在",
		                  "unknown key site '%s'", ref);
	if (rc)
		return rc;
	m->site_id = s->id;
	m->site_name = s->name;
	*active = strcmp(s->status, "active") == 0;
	return 0;
}

/*
 * Applies the fields given in `in` to `m` (site and organiser resolved in
 * the unit), then decides MEET-1 on the result and checks the organiser.
 */
static int apply_input(bm_ctx *ctx, bm_meeting_row *m, const bm_meeting_input *in,
                       bm_person **organiser, json_t *d)
{
	bm_meeting_facts f = {0};
	bm_decision dec;
	bm_person *org = NULL;
	bool site_active = true;
	int rc;

	if (in->title)
		m->title = in->title;
	if (in->level) {
		int level = bm_level_parse(in->level);
		f.level = level;
		if (level >= 0)
			m->level = (bm_level)level;
	} else {
		f.level = (int)m->level;
	}
	if (in->site && (rc = link_site(ctx, m, in->site, &site_active)) != 0)
		return rc;
	if (!in->site && m->site_id) {
		bm_site_row *s = NULL;
		if ((rc = BM_STORE(ctx->store, site_get)(ctx->store, ctx->arena, m->site_id, &s)) !=
		    0)
			return rc;
		site_active = strcmp(s->status, "active") == 0;
	}
	if (in->room)
		m->room = bm_utf8_given(in->room) ? in->room : NULL;
	if (in->note)
		m->note = bm_utf8_given(in->note) ? in->note : NULL;
	if (in->starts_at) {
		int64_t t = 0;
		if (bm_utf8_given(in->starts_at) &&
		    (rc = parse_instant(in->starts_at, "开始时间", "start", &t)) != 0)
			return rc;
		m->starts_at = bm_utf8_given(in->starts_at) ? iso(ctx, t) : NULL;
	}
	if (in->ends_at) {
		int64_t t = 0;
		if (bm_utf8_given(in->ends_at) &&
		    (rc = parse_instant(in->ends_at, "结束时间", "end", &t)) != 0)
			return rc;
		m->ends_at = bm_utf8_given(in->ends_at) ? iso(ctx, t) : NULL;
	}
	if (in->organiser) {
		if (bm_utf8_given(in->organiser) &&
		    (rc = bm_svc_unit_person(ctx, in->organiser, &org)) != 0)
			return rc;
		m->organiser_id = org ? org->id : 0;
		m->organiser_name = org ? org->name : NULL;
	}
	f.site_given = m->site_id != 0;
	f.site_active = site_active;
	f.room_given = bm_utf8_given(m->room);
	if (!m->starts_at || !bm_time_parse(m->starts_at, &f.starts_at))
		f.starts_at = 0;
	if (!m->ends_at || !bm_time_parse(m->ends_at, &f.ends_at))
		f.ends_at = 0;
	f.organiser_given = m->organiser_id != 0;
	/* MEET-1: level, one place, start and end, an organiser. */
	if (!bm_rules_meeting_record(&dec, &f))
		return bm_decision_error(&dec);
	/* MEET-1, PERSON-*: the organiser attends, cleared for the level. */
	if (!org && (rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, m->organiser_id,
	                                                   &org)) != 0)
		return rc;
	if ((rc = check_participant(ctx, org, m->level)) != 0)
		return rc;
	*organiser = org;
	json_object_set_new(d, "title", json_string(m->title));
	json_object_set_new(d, "level", json_string(bm_level_names[m->level].code));
	json_object_set_new(d, "site_id", m->site_id ? json_integer(m->site_id) : json_null());
	json_object_set_new(d, "room", m->room ? json_string(m->room) : json_null());
	json_object_set_new(d, "starts_at", json_string(m->starts_at));
	json_object_set_new(d, "ends_at", json_string(m->ends_at));
	json_object_set_new(d, "organiser_id", json_integer(m->organiser_id));
	return 0;
}

/* Puts `p` on the list (BM_ECONFLICT already_listed when listed). */
static int add_participant(bm_ctx *ctx, const bm_meeting_row *m, const bm_person *p)
{
	bm_meeting_participant_row row = {0};
	int rc;
	row.meeting_id = m->id;
	row.person_id = p->id;
	row.added_by = ctx->actor->id;
	row.added_at = bm_svc_now_iso(ctx);
	rc = BM_STORE(ctx->store, meeting_participant_add)(ctx->store, &row);
	if (rc == BM_ECONFLICT)
		rc = bm_error_set(BM_ECONFLICT, "already_listed", NULL, "“%s”已是参会人员",
		                  "'%s' is a participant already", p->name);
	return rc;
}

int bm_svc_meeting_add(bm_ctx *ctx, const bm_meeting_input *in, bm_meeting_row **out)
{
	bm_meeting_row *m = NULL;
	bm_person *org = NULL;
	json_t *d = json_object();
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = check_input(in, true)) != 0 || (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	if (!(m = bm_arena_alloc(ctx->arena, sizeof(*m)))) {
		rc = bm_error_nomem();
		goto done;
	}
	m->unit_id = ctx->unit->id;
	m->status = "planned";
	if (!in->level) {
		bm_meeting_input copy = *in;
		copy.level = "";
		rc = apply_input(ctx, m, &copy, &org, d);
	} else {
		rc = apply_input(ctx, m, in, &org, d);
	}
	if (rc)
		goto done;
	m->created_by = ctx->actor->id;
	m->created_at = m->updated_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, meeting_insert)(ctx->store, m)) != 0 ||
	    (rc = history(ctx, m->id, "add", m->title)) != 0 ||
	    (rc = add_participant(ctx, m, org)) != 0 ||
	    (rc = history(ctx, m->id, "participant_add", org->name)) != 0)
		goto done;
	m->n_participants = 1;
	*out = m;
done:
	return bm_svc_end(ctx, rc, "meeting.add", meeting_object(ctx, m ? m->id : 0),
	                  bm_svc_json(ctx, d));
}

int bm_svc_meeting_edit(bm_ctx *ctx, int64_t id, const bm_meeting_input *in, bm_meeting_row **out)
{
	bm_meeting_row *m = NULL;
	bm_person *org = NULL;
	json_t *d = json_object();
	bool moving = in->level || in->site || in->room || in->starts_at || in->ends_at;
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = check_input(in, false)) != 0 || (rc = bm_svc_begin(ctx)) != 0 ||
	    (rc = load_changing(ctx, id, moving, &m)) != 0 ||
	    (rc = apply_input(ctx, m, in, &org, d)) != 0)
		goto done;
	m->updated_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, meeting_update)(ctx->store, m)) != 0 ||
	    (rc = history(ctx, m->id, "edit", bm_svc_json(ctx, json_incref(d)))) != 0)
		goto done;
	/* The organiser attends. */
	if (in->organiser) {
		rc = add_participant(ctx, m, org);
		if (rc == BM_ECONFLICT) {
			bm_error_clear();
			rc = 0;
		} else if (rc == 0) {
			rc = history(ctx, m->id, "participant_add", org->name);
		}
		if (rc)
			goto done;
	}
	*out = m;
done:
	return bm_svc_end(ctx, rc, "meeting.edit", meeting_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_meeting_participant(bm_ctx *ctx, int64_t id, const char *person, bool add)
{
	bm_meeting_row *m = NULL;
	bm_person *p = NULL;
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, "person", json_string(person ? person : ""));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_changing(ctx, id, false, &m)) != 0 ||
	    (rc = bm_svc_unit_person(ctx, person, &p)) != 0)
		goto done;
	json_object_set_new(d, "person_id", json_integer(p->id));
	if (add) {
		/* MEET-1, PERSON-1/2/3/7: the participants are the scope, cleared for the level. */
		if ((rc = check_participant(ctx, p, m->level)) != 0 ||
		    (rc = add_participant(ctx, m, p)) != 0)
			goto done;
	} else {
		bm_meeting_document_row *docs = NULL;
		size_t n = 0;
		int64_t held = 0;
		bm_decision dec;
		if ((rc = BM_STORE(ctx->store, meeting_documents)(ctx->store, ctx->arena, m->id, 0,
		                                                  &docs, &n)) != 0)
			goto done;
		for (size_t i = 0; i < n; i++)
			if (docs[i].holder_id == p->id && !docs[i].returned_at)
				held = docs[i].carrier_id;
		/* MEET-1: the organiser stays; MEET-2: so does a holder of a document. */
		if (!bm_rules_meeting_leave(&dec, p->name, p->id == m->organiser_id, held)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
		rc = BM_STORE(ctx->store, meeting_participant_remove)(
		        ctx->store, m->id, p->id, ctx->actor->id, bm_svc_now_iso(ctx));
		if (rc == BM_ENOTFOUND)
			rc = bm_error_set(BM_ENOTFOUND, "not_participant", NULL, "“%s”不是参会人员",
			                  "'%s' is not a participant", p->name);
		if (rc)
			goto done;
	}
	rc = history(ctx, m->id, add ? "participant_add" : "participant_remove", p->name);
done:
	return bm_svc_end(ctx, rc, add ? "meeting.participant_add" : "meeting.participant_remove",
	                  meeting_object(ctx, id), bm_svc_json(ctx, d));
}

/* "yes" / "no" / NULL into `*out` (unchanged for NULL), else BM_EINVALID. */
static int yes_no(const char *text, const char *name, bool *out)
{
	if (!text)
		return 0;
	if (strcmp(text, "yes") == 0 || strcmp(text, "no") == 0) {
		*out = strcmp(text, "yes") == 0;
		return 0;
	}
	return bm_error_set(BM_EINVALID, "invalid_present", NULL,
	                    "%s只能是 yes（已落实）或 no（未落实）",
	                    "%s is 'yes' (taken) or 'no' (not taken)", name);
}

int bm_svc_meeting_measures(bm_ctx *ctx, int64_t id, const char *no_wireless,
                            const char *phones_collected, const char *room_checked,
                            bm_meeting_row **out)
{
	bm_meeting_row *m = NULL;
	json_t *d = json_object();
	bool w = false, p = false, r = false;
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = yes_no(no_wireless, "no_wireless", &w)) != 0 ||
	    (rc = yes_no(phones_collected, "phones_collected", &p)) != 0 ||
	    (rc = yes_no(room_checked, "room_checked", &r)) != 0)
		goto done;
	if (!no_wireless && !phones_collected && !room_checked) {
		rc = bm_error_set(BM_EINVALID, "required", NULL, "未给出任何保密措施",
		                  "no measure given");
		goto done;
	}
	if ((rc = bm_svc_begin(ctx)) != 0 || (rc = load_changing(ctx, id, false, &m)) != 0)
		goto done;
	if (no_wireless)
		m->no_wireless = w;
	if (phones_collected)
		m->phones_collected = p;
	if (room_checked)
		m->room_checked = r;
	m->measures_at = m->updated_at = bm_svc_now_iso(ctx);
	m->measures_by = ctx->actor->id;
	json_object_set_new(d, "no_wireless", json_boolean(m->no_wireless));
	json_object_set_new(d, "phones_collected", json_boolean(m->phones_collected));
	json_object_set_new(d, "room_checked", json_boolean(m->room_checked));
	if ((rc = BM_STORE(ctx->store, meeting_update)(ctx->store, m)) != 0 ||
	    (rc = history(ctx, m->id, "measures",
	                  bm_arena_printf(ctx->arena, "%s %s；%s %s；%s %s",
	                                  bm_meeting_measure_names[0].zh,
	                                  m->no_wireless ? "已落实" : "未落实",
	                                  bm_meeting_measure_names[1].zh,
	                                  m->phones_collected ? "已落实" : "未落实",
	                                  bm_meeting_measure_names[2].zh,
	                                  m->room_checked ? "已落实" : "未落实"))) != 0)
		goto done;
	*out = m;
done:
	return bm_svc_end(ctx, rc, "meeting.measures", meeting_object(ctx, id),
	                  bm_svc_json(ctx, d));
}

int bm_svc_meeting_open(bm_ctx *ctx, int64_t id, bm_meeting_row **out)
{
	bm_meeting_row *m = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_meeting(ctx, id, &m)) != 0)
		goto done;
	{
		bool measures[BM_MEETING_MEASURE_COUNT] = {m->no_wireless, m->phones_collected,
		                                           m->room_checked};
		/* MEET-1: 秘密 and above are held only with the measures recorded. */
		if (!bm_rules_meeting_open(&dec, id, status_of(m), m->level, measures)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	m->status = "open";
	m->opened_at = m->updated_at = bm_svc_now_iso(ctx);
	json_object_set_new(d, "level", json_string(bm_level_names[m->level].code));
	if ((rc = BM_STORE(ctx->store, meeting_update)(ctx->store, m)) != 0 ||
	    (rc = history(ctx, m->id, "open", NULL)) != 0)
		goto done;
	*out = m;
done:
	return bm_svc_end(ctx, rc, "meeting.open", meeting_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_meeting_close(bm_ctx *ctx, int64_t id, bm_meeting_row **out)
{
	bm_meeting_row *m = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_meeting(ctx, id, &m)) != 0)
		goto done;
	if (!bm_rules_meeting_close(&dec, id, status_of(m))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	m->status = "closed";
	m->closed_at = m->updated_at = bm_svc_now_iso(ctx);
	/* MEET-2: what is not back stays out, on the record and in the alerts. */
	json_object_set_new(d, "documents_out", json_integer(m->n_out));
	if ((rc = BM_STORE(ctx->store, meeting_update)(ctx->store, m)) != 0 ||
	    (rc = history(
	             ctx, m->id, "close",
	             m->n_out ? bm_arena_printf(ctx->arena, "未收回 %lld 份", (long long)m->n_out)
	                      : NULL)) != 0)
		goto done;
	*out = m;
done:
	return bm_svc_end(ctx, rc, "meeting.close", meeting_object(ctx, id), bm_svc_json(ctx, d));
}

/* Is `person_id` on the participant list now? */
static int is_participant(bm_ctx *ctx, int64_t meeting_id, int64_t person_id, bool *out)
{
	bm_meeting_participant_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = BM_STORE(ctx->store, meeting_participants)(ctx->store, ctx->arena, meeting_id,
	                                                     &rows, &n)) != 0)
		return rc;
	*out = false;
	for (size_t i = 0; i < n; i++)
		if (rows[i].person_id == person_id)
			*out = true;
	return 0;
}

/*
 * MEET-2 and the carrier's own rules: at the open meeting, to a
 * participant, who confirms the receipt themselves (their own password on
 * the clerk's screen, or by hand on the printed register when they have no
 * account: bm_rules_holder_receipt, issue 14 point 5); the carrier in store
 * (BORROW-4, never re-lent), the holder cleared for its level (PERSON-*)
 * and inside its knowledge scope (CIRC-1).
 */
static int decide_issue(bm_ctx *ctx, const bm_meeting_row *m, const bm_carrier *c,
                        const bm_person *p, const bm_svc_holder_proof *proof,
                        const bm_svc_receipt *receipt)
{
	bm_meeting_issue_facts f = {0};
	bm_loan_row *current = NULL;
	bm_decision dec;
	bm_item item;
	bm_actor holder;
	bool on_loan = false;
	int rc;
	if ((rc = is_participant(ctx, m->id, p->id, &f.participant)) != 0)
		return rc;
	f.status = status_of(m);
	f.meeting_level = m->level;
	f.carrier_level = c->level;
	if (!bm_rules_meeting_issue(&dec, &f))
		return bm_decision_error(&dec);
	rc = BM_STORE(ctx->store, loan_current)(ctx->store, ctx->arena, c->id, &current);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		rc = 0;
	} else if (rc == 0) {
		on_loan = true;
	}
	if (rc || (rc = bm_svc_carrier_state(BM_NEED_LEND, c, on_loan)) != 0 ||
	    (rc = bm_svc_check_named(ctx, p, c->level, false)) != 0)
		return rc;
	/* The document's own scope too: the participant list does not widen it. */
	if ((rc = bm_svc_item_facts(ctx, c, &item)) != 0 ||
	    (rc = bm_svc_actor_facts(ctx, p, &holder)) != 0)
		return rc;
	if (!bm_rules_meeting_holder_scope(&dec, &item, &holder))
		return bm_decision_error(&dec);
	/*
	 * MEET-2, REG-1: last, once the document may go to them, the participant
	 * confirms the receipt themselves; a typed name is no signature.
	 */
	return bm_svc_holder_receipt(ctx, proof, p, receipt, BM_RULE_MEETING_RECEIPT, "参会人员",
	                             "participant");
}

/* The loan of kind "meeting" for `c` issued to `p` (arena), due as MEET-2 says. */
static int meeting_loan(bm_ctx *ctx, const bm_meeting_row *m, const bm_carrier *c,
                        const bm_person *p, const bm_svc_receipt *receipt, bm_loan_row **out)
{
	bm_loan_row *loan = NULL;
	int64_t ends = 0;
	if (!bm_time_parse(m->ends_at, &ends))
		return bm_error_set(BM_ECORRUPT, "corrupt_row", NULL, "会议结束时间无效",
		                    "the meeting's end is not an instant");
	if (!(loan = bm_arena_alloc(ctx->arena, sizeof(*loan))))
		return bm_error_nomem();
	loan->carrier_id = c->id;
	loan->kind = "meeting";
	loan->holder_id = p->id;
	loan->issued_by = ctx->actor->id;
	loan->issued_at = bm_svc_now_iso(ctx);
	/* MEET-2: 绝密 back at the end, the rest within meeting.recall_hours. */
	loan->due_at = iso(ctx, bm_rules_meeting_due(&ctx->policy, c->level, ends));
	loan->place = m->site_name ? m->site_name : m->room;
	loan->purpose = bm_arena_printf(ctx->arena, "会议：%s", m->title);
	/* How the participant confirmed (REG-1, MEET-2): "#password" or "#paper", never a name. */
	loan->signature = receipt->password ? BM_RECEIPT_MARK_PASSWORD : BM_RECEIPT_MARK_PAPER;
	loan->holder_name = p->name;
	loan->carrier_title = c->title;
	if (!loan->issued_at || !loan->due_at || !loan->purpose)
		return bm_error_nomem();
	*out = loan;
	return 0;
}

/* The participant `holder` names (a read of its own, before the transaction). */
static int issue_holder_id(bm_ctx *ctx, const char *holder, int64_t *out)
{
	bm_person *p = NULL;
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0 || (rc = bm_svc_unit_person(ctx, holder, &p)) != 0)
		return rc;
	*out = p->id;
	return bm_svc_read_end(ctx);
}

int bm_svc_meeting_issue(bm_ctx *ctx, int64_t id, int64_t carrier_id, const char *holder,
                         const bm_svc_receipt *receipt, bm_meeting_document_row **out)
{
	bm_svc_holder_proof proof = {0};
	bm_meeting_row *m = NULL;
	bm_person *p = NULL;
	bm_carrier *c = NULL;
	bm_loan_row *loan = NULL;
	bm_meeting_document_row doc = {0}, *rows = NULL;
	json_t *d = json_object();
	int64_t holder_id = 0;
	size_t n = 0;
	int rc;

	json_object_set_new(d, "carrier_id", json_integer(carrier_id));
	json_object_set_new(d, "holder", json_string(holder ? holder : ""));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0)
		goto done;
	/* MEET-2, REG-1: the participant's own password, checked as at login before the writer. */
	if (receipt->password &&
	    ((rc = issue_holder_id(ctx, holder, &holder_id)) != 0 ||
	     (rc = bm_svc_holder_check(ctx, holder_id, receipt->password, &proof)) != 0))
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0 || (rc = load_meeting(ctx, id, &m)) != 0 ||
	    (rc = bm_svc_unit_person(ctx, holder, &p)) != 0 ||
	    (rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0 ||
	    (rc = decide_issue(ctx, m, c, p, &proof, receipt)) != 0 ||
	    (rc = meeting_loan(ctx, m, c, p, receipt, &loan)) != 0 ||
	    (rc = BM_STORE(ctx->store, loan_insert)(ctx->store, loan)) != 0)
		goto done;
	c->status = BM_STATUS_LENT;
	c->updated_at = loan->issued_at;
	doc.meeting_id = m->id;
	doc.loan_id = loan->id;
	doc.carrier_id = c->id;
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0 ||
	    (rc = BM_STORE(ctx->store, meeting_document_add)(ctx->store, &doc)) != 0)
		goto done;
	json_object_set_new(d, "meeting_id", json_integer(m->id));
	json_object_set_new(d, "loan_id", json_integer(loan->id));
	json_object_set_new(d, "kind", json_string("meeting"));
	json_object_set_new(d, "holder_id", json_integer(p->id));
	json_object_set_new(d, "due_at", json_string(loan->due_at));
	json_object_set_new(d, "receipt", json_string(bm_loan_receipt(loan->signature)));
	if ((rc = bm_svc_history(ctx, c->id, "issue", bm_svc_json(ctx, json_deep_copy(d)))) != 0 ||
	    (rc = history(ctx, m->id, "issue",
	                  bm_arena_printf(ctx->arena, "%s → %s", c->title, p->name))) != 0 ||
	    (rc = BM_STORE(ctx->store, meeting_documents)(ctx->store, ctx->arena, 0, loan->id,
	                                                  &rows, &n)) != 0)
		goto done;
	if (out && n == 1)
		*out = rows;
done:
	bm_svc_holder_audit(d, "holder_password", &proof);
	rc = bm_svc_end(ctx, rc, "meeting.issue", meeting_object(ctx, id), bm_svc_json(ctx, d));
	/* SYS-4: a wrong password counts towards the participant's lockout, as a failed login. */
	bm_svc_holder_failed(ctx, &proof);
	return rc;
}

int bm_svc_meeting_return(bm_ctx *ctx, int64_t id, int64_t carrier_id, const char *note)
{
	bm_meeting_row *m = NULL;
	bm_carrier *c = NULL;
	bm_loan_row *loan = NULL;
	bm_meeting_document_row *docs = NULL, *doc = NULL;
	json_t *d = json_object();
	bm_decision dec;
	size_t n = 0;
	int64_t due = 0;
	int rc;

	json_object_set_new(d, "carrier_id", json_integer(carrier_id));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MEETING)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_NOTE, false)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0 || (rc = load_meeting(ctx, id, &m)) != 0 ||
	    (rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0 ||
	    (rc = BM_STORE(ctx->store, meeting_documents)(ctx->store, ctx->arena, m->id, 0, &docs,
	                                                  &n)) != 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (docs[i].carrier_id == c->id && !docs[i].returned_at)
			doc = &docs[i];
	/* MEET-2: a document issued here and still out comes back once. */
	if (!bm_rules_meeting_return(&dec, c->id, doc != NULL)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, loan_get)(ctx->store, ctx->arena, doc->loan_id, &loan)) != 0)
		goto done;
	loan->returned_at = bm_svc_now_iso(ctx);
	loan->received_by = ctx->actor->id;
	loan->return_note = bm_utf8_given(note) ? note : NULL;
	if ((rc = BM_STORE(ctx->store, loan_update)(ctx->store, loan)) != 0)
		goto done;
	c->status = BM_STATUS_IN_STORE;
	c->updated_at = loan->returned_at;
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0)
		goto done;
	json_object_set_new(d, "meeting_id", json_integer(m->id));
	json_object_set_new(d, "loan_id", json_integer(loan->id));
	json_object_set_new(d, "kind", json_string("meeting"));
	json_object_set_new(d, "holder_id", json_integer(loan->holder_id));
	json_object_set_new(d, "holder", json_string(doc->holder_name));
	if (bm_time_parse(loan->due_at, &due) && ctx->now > due)
		json_object_set_new(d, "overdue", json_true());
	if (loan->return_note)
		json_object_set_new(d, "note", json_string(loan->return_note));
	if ((rc = bm_svc_history(ctx, c->id, "checkin", bm_svc_json(ctx, json_deep_copy(d)))) !=
	            0 ||
	    (rc = bm_svc_meeting_loan_back(ctx, loan, c, NULL)) != 0)
		goto done;
done:
	return bm_svc_end(ctx, rc, "meeting.return", meeting_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_meeting_loan_back(bm_ctx *ctx, const bm_loan_row *loan, const bm_carrier *c,
                             int64_t *meeting_id)
{
	bm_meeting_document_row *docs = NULL;
	size_t n = 0;
	int rc;

	if (meeting_id)
		*meeting_id = 0;
	if (!loan->kind || strcmp(loan->kind, "meeting") != 0)
		return 0;
	if ((rc = BM_STORE(ctx->store, meeting_documents)(ctx->store, ctx->arena, 0, loan->id,
	                                                  &docs, &n)) != 0)
		return rc;
	if (n != 1)
		return 0;
	if (meeting_id)
		*meeting_id = docs[0].meeting_id;
	/* MEET-2: the meeting's own record says the document is back, by whichever desk. */
	return history(ctx, docs[0].meeting_id, "return",
	               bm_arena_printf(ctx->arena, "%s ← %s", c->title,
	                               docs[0].holder_name ? docs[0].holder_name : ""));
}

/* MEET-1: the clerk reads every meeting; anybody else those they organise or attend. */
static int may_read(bm_ctx *ctx, const bm_meeting_row *m)
{
	bool listed = false;
	int rc;
	if (bm_svc_person_is_clerk(ctx->actor) || m->organiser_id == ctx->actor->id)
		return 0;
	if ((rc = is_participant(ctx, m->id, ctx->actor->id, &listed)) != 0)
		return rc;
	return listed ? 0 : unknown_meeting(m->id);
}

int bm_svc_meeting_show(bm_ctx *ctx, int64_t id, bm_meeting_record *out)
{
	bm_meeting_record r = {0};
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0 ||
	    (rc = load_meeting(ctx, id, &r.meeting)) != 0 || (rc = may_read(ctx, r.meeting)) != 0 ||
	    (rc = BM_STORE(ctx->store, meeting_participants)(
	             ctx->store, ctx->arena, id, &r.participants, &r.n_participants)) != 0 ||
	    (rc = BM_STORE(ctx->store, meeting_documents)(ctx->store, ctx->arena, id, 0,
	                                                  &r.documents, &r.n_documents)) != 0 ||
	    (rc = BM_STORE(ctx->store, meeting_events)(ctx->store, ctx->arena, id, &r.events,
	                                               &r.n_events)) != 0)
		goto done;
	r.now = ctx->now;
	*out = r;
done:
	return bm_svc_end(ctx, rc, "meeting.show", meeting_object(ctx, id), NULL);
}

/* A date as typed into the first instant of that local day (`end`: of the next day). */
static int day_bound(bm_ctx *ctx, const char *text, bool end, const char **out)
{
	int32_t day = BM_DATE_NONE;
	if (!bm_date_parse(text, &day))
		return bm_error_set(BM_EINVALID, "invalid_date", NULL, "日期无效：'%.32s'",
		                    "invalid date '%.32s'", text);
	*out = iso(ctx, ((int64_t)day + (end ? 1 : 0)) * 86400 -
	                        (int64_t)ctx->policy.tz_offset_minutes * 60);
	return 0;
}

int bm_svc_meeting_list(bm_ctx *ctx, const bm_meeting_query *q, bm_meeting_row **out, size_t *count)
{
	bm_meeting_filter f = {0};
	json_t *d = json_object();
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	f.unit_id = ctx->unit->id;
	f.level = -1;
	f.out_only = q->out_only;
	if (!bm_svc_person_is_clerk(ctx->actor))
		f.person_id = ctx->actor->id;
	if (bm_utf8_given(q->status)) {
		if (bm_vocab_find(bm_meeting_status_names, BM_MEETING_STATUS_COUNT, q->status) <
		    0) {
			rc = bm_error_set(BM_EINVALID, "invalid_status", NULL,
			                  "未知状态 '%.32s'（planned/open/closed）",
			                  "unknown status '%.32s' (planned, open, closed)",
			                  q->status);
			goto done;
		}
		f.status = q->status;
		json_object_set_new(d, "status", json_string(q->status));
	}
	if (bm_utf8_given(q->level)) {
		f.level = bm_level_parse(q->level);
		if (f.level < 0) {
			rc = bm_error_set(BM_EINVALID, "invalid_level", NULL, "未知密级 '%.32s'",
			                  "unknown level '%.32s'", q->level);
			goto done;
		}
	}
	if (bm_utf8_given(q->from) && (rc = day_bound(ctx, q->from, false, &f.from)) != 0)
		goto done;
	if (bm_utf8_given(q->to) && (rc = day_bound(ctx, q->to, true, &f.to)) != 0)
		goto done;
	if (bm_utf8_given(q->q)) {
		if ((rc = bm_svc_check_text(q->q, "搜索", "search", 100, false)) != 0)
			goto done;
		f.q = q->q;
	}
	if ((rc = BM_STORE(ctx->store, meeting_list)(ctx->store, ctx->arena, &f, out, count)) != 0)
		goto done;
	json_object_set_new(d, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, "meeting.list", "", bm_svc_json(ctx, d));
}

/* ---- JSON ---------------------------------------------------------------- */

#define S(o, key, v) json_object_set_new(o, key, (v) ? json_string(v) : json_null())

static void level_names(json_t *o, const char *key, bm_level level)
{
	char k[64];
	S(o, key, bm_level_names[level].code);
	snprintf(k, sizeof(k), "%s_name", key);
	S(o, k, bm_level_names[level].zh);
	snprintf(k, sizeof(k), "%s_name_en", key);
	S(o, k, bm_level_names[level].en);
}

json_t *bm_meeting_to_json(const bm_meeting_row *m)
{
	json_t *o = json_object(), *measures = json_array();
	bool taken[BM_MEETING_MEASURE_COUNT] = {m->no_wireless, m->phones_collected,
	                                        m->room_checked};
	int st = bm_vocab_find(bm_meeting_status_names, BM_MEETING_STATUS_COUNT, m->status);
	json_object_set_new(o, "id", json_integer(m->id));
	S(o, "title", m->title);
	level_names(o, "level", m->level);
	json_object_set_new(o, "site_id", m->site_id ? json_integer(m->site_id) : json_null());
	S(o, "site_name", m->site_name);
	S(o, "room", m->room);
	S(o, "place", m->site_name ? m->site_name : m->room);
	S(o, "starts_at", m->starts_at);
	S(o, "ends_at", m->ends_at);
	json_object_set_new(o, "organiser_id", json_integer(m->organiser_id));
	S(o, "organiser_name", m->organiser_name);
	for (int i = 0; i < BM_MEETING_MEASURE_COUNT; i++) {
		json_t *j = json_object();
		S(j, "measure", bm_meeting_measure_names[i].code);
		S(j, "measure_name", bm_meeting_measure_names[i].zh);
		S(j, "measure_name_en", bm_meeting_measure_names[i].en);
		json_object_set_new(j, "taken", json_boolean(taken[i]));
		json_array_append_new(measures, j);
		json_object_set_new(o, bm_meeting_measure_names[i].code, json_boolean(taken[i]));
	}
	json_object_set_new(o, "measures", measures);
	S(o, "measures_at", m->measures_at);
	S(o, "note", m->note);
	S(o, "status", m->status);
	S(o, "status_name", st >= 0 ? bm_meeting_status_names[st].zh : m->status);
	S(o, "status_name_en", st >= 0 ? bm_meeting_status_names[st].en : m->status);
	S(o, "opened_at", m->opened_at);
	S(o, "closed_at", m->closed_at);
	S(o, "created_at", m->created_at);
	S(o, "updated_at", m->updated_at);
	json_object_set_new(o, "participant_count", json_integer(m->n_participants));
	json_object_set_new(o, "document_count", json_integer(m->n_documents));
	json_object_set_new(o, "documents_out", json_integer(m->n_out));
	return o;
}

json_t *bm_meeting_record_to_json(const bm_meeting_record *r)
{
	json_t *o = bm_meeting_to_json(r->meeting);
	json_t *people = json_array(), *docs = json_array(), *events = json_array();
	for (size_t i = 0; i < r->n_participants; i++) {
		const bm_meeting_participant_row *p = &r->participants[i];
		json_t *j = json_object();
		json_object_set_new(j, "person_id", json_integer(p->person_id));
		S(j, "name", p->person_name);
		S(j, "department_name", p->department_name);
		S(j, "class", bm_class_names[p->person_class].code);
		S(j, "class_name", bm_class_names[p->person_class].zh);
		S(j, "class_name_en", bm_class_names[p->person_class].en);
		json_object_set_new(j, "organiser",
		                    json_boolean(p->person_id == r->meeting->organiser_id));
		S(j, "added_at", p->added_at);
		json_array_append_new(people, j);
	}
	for (size_t i = 0; i < r->n_documents; i++) {
		const bm_meeting_document_row *d = &r->documents[i];
		json_t *j = json_object();
		int64_t due = 0;
		json_object_set_new(j, "carrier_id", json_integer(d->carrier_id));
		json_object_set_new(j, "loan_id", json_integer(d->loan_id));
		S(j, "title", d->carrier_title);
		S(j, "doc_number", d->carrier_number);
		json_object_set_new(j, "serial_number",
		                    d->carrier_serial ? json_integer(d->carrier_serial)
		                                      : json_null());
		level_names(j, "level", d->carrier_level);
		json_object_set_new(j, "holder_id", json_integer(d->holder_id));
		S(j, "holder_name", d->holder_name);
		S(j, "issued_at", d->issued_at);
		/* REG-1, MEET-2: how the participant confirmed; a name typed before issue 14 apart.
		 */
		S(j, "receipt", bm_loan_receipt(d->signature));
		S(j, "signature",
		  strcmp(bm_loan_receipt(d->signature), "typed") == 0 ? d->signature : NULL);
		S(j, "due_at", d->due_at);
		S(j, "returned_at", d->returned_at);
		S(j, "received_by_name", d->received_by_name);
		S(j, "return_note", d->return_note);
		json_object_set_new(j, "overdue",
		                    json_boolean(!d->returned_at && d->due_at &&
		                                 bm_time_parse(d->due_at, &due) && r->now > due));
		json_array_append_new(docs, j);
	}
	for (size_t i = 0; i < r->n_events; i++) {
		const bm_meeting_event_row *e = &r->events[i];
		json_t *j = json_object();
		S(j, "at", e->at);
		S(j, "action", e->action);
		S(j, "detail", e->detail);
		S(j, "actor_name", e->actor_name);
		json_array_append_new(events, j);
	}
	json_object_set_new(o, "participants", people);
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "history", events);
	return o;
}

#undef S
