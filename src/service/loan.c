/*
 * loan.c — the clerk's desk: issuing an approved borrow, read-on-site,
 * take-out or outside-reader request against the holder's signature, taking
 * items back in, and circulation (传阅) routed through the clerk
 * (BORROW-1..5, CARRY-1..3, CIRC-1..5).
 *
 * Every issue is a loan row (store.h bm_loan_row) and a history line; the
 * carrier's status says where it is (lent, taken_out, circulating) until the
 * clerk checks it back in. due_at is the last instant the item may be out:
 * it is overdue when now > due_at, and its local date is the due date
 * (BORROW-2 working days, CARRY-2 return date, CIRC-3 the same day or
 * immediately after reading).
 */
#include "common.h"

#include <stdio.h>

#include "policy/calendar.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_PLACE = 100,
	MAX_NOTE = 500,
};

/* The last instant of a local date. */
static int64_t end_of_day(const bm_ctx *ctx, int32_t date)
{
	return ((int64_t)date + 1) * 86400 - (int64_t)ctx->policy.tz_offset_minutes * 60 - 1;
}

static const char *iso(bm_ctx *ctx, int64_t t)
{
	char buf[BM_ISO_TIME_LEN];
	bm_time_format(t, buf);
	return bm_arena_strdup(ctx->arena, buf);
}

static const char *carrier_object(bm_ctx *ctx, int64_t id)
{
	return bm_arena_printf(ctx->arena, "carrier:%lld", (long long)id);
}

/*
 * CIRC-3 (REG-5 below 秘密): when an item handed out now for reading is due
 * back: immediately after reading for 绝密, the same day for 秘密 and 机密,
 * within circulation_days for the rest (`onsite`: the same day).
 */
static int64_t reading_due(bm_ctx *ctx, bm_level level, bool onsite)
{
	bm_decision d;
	bm_rules_circulation_overdue(&d, &ctx->policy, level, ctx->now, ctx->now);
	if (d.due_at)
		return d.due_at - 1;
	if (onsite)
		return end_of_day(ctx, bm_svc_today_days(ctx));
	return end_of_day(ctx, d.due_date);
}

/*
 * REG-1 / CIRC-5 (issue 14 point 5): the holder confirms the receipt
 * themselves — their own password (bm_svc_holder_check before the
 * transaction, bm_svc_holder_receipt inside), or by hand on the printed
 * register when they have no account. What the loan records.
 */
static int confirm_receipt(bm_ctx *ctx, const bm_svc_holder_proof *proof, const bm_person *holder,
                           const bm_svc_receipt *receipt, const char *rule, const char **mark)
{
	int rc = bm_svc_holder_receipt(ctx, proof, holder, receipt, rule, NULL, NULL);
	if (rc)
		return rc;
	*mark = receipt->password ? BM_RECEIPT_MARK_PASSWORD : BM_RECEIPT_MARK_PAPER;
	return 0;
}

/* The holder of request `request_id` (its requester, or the outside reader it names). */
static int issue_holder_id(bm_ctx *ctx, int64_t request_id, int64_t *out)
{
	bm_request_row *r = NULL;
	json_t *params, *reader;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0 ||
	    (rc = BM_STORE(ctx->store, request_get)(ctx->store, ctx->arena, request_id, &r)) != 0)
		return rc;
	params = json_loads(r->params ? r->params : "{}", 0, NULL);
	reader = json_object_get(params, "reader_id");
	*out = json_is_integer(reader) ? json_integer_value(reader) : r->requester_id;
	json_decref(params);
	return bm_svc_read_end(ctx);
}

/* CIRC-4: reading happens in a named place, which is recorded. */
static int check_reading_place(const char *place, bool required)
{
	int rc = bm_svc_check_text(place, "阅读地点", "place", MAX_PLACE, false);
	bm_decision d;
	if (rc)
		return rc;
	if (!bm_rules_reading_place(&d, required, bm_utf8_given(place)))
		return bm_decision_error(&d);
	return 0;
}

/* BORROW-4, CIRC-2: only an item back in store is handed out again. */

/* Carriers of a request already issued (kept in its params under "issued"). */
static bool already_issued(json_t *params, int64_t carrier_id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(params, "issued"), i,
	                   v) if (json_integer_value(v) == carrier_id) return true;
	return false;
}

/* What the rule of the request says at the desk today (the item, the holder, the trip). */
static int recheck(bm_ctx *ctx, const bm_request_row *r, json_t *params, const bm_person *holder,
                   const bm_carrier *c, bm_decision *d)
{
	int32_t today = bm_svc_today_days(ctx);
	bm_actor who;
	bm_item item;
	int rc;

	if ((rc = bm_svc_item_facts(ctx, c, &item)) != 0)
		return rc;
	memset(d, 0, sizeof(*d));
	d->allowed = true;
	d->due_date = BM_DATE_NONE;
	if (r->op == BM_OP_OUTSIDE_READER && json_object_get(params, "organisation")) {
		/* BORROW-5: a reader from another unit reads on site; the approval covered them. */
		d->onsite_only = true;
		return 0;
	}
	if ((rc = bm_svc_actor_facts(ctx, holder, &who)) != 0)
		return rc;
	switch (r->op) {
	case BM_OP_BORROW:
		/* BORROW-2/3 (and PERSON-*): due date, on-site only, take-away refused. */
		bm_rules_borrow(d, &ctx->policy, &who, &item, today,
		                json_is_true(json_object_get(params, "take_away")));
		break;
	case BM_OP_READ:
	case BM_OP_OUTSIDE_READER: bm_rules_read(d, &ctx->policy, &who, &item, today); break;
	case BM_OP_TAKE_OUT: {
		bm_trip trip = {0};
		const char *ret = json_string_value(json_object_get(params, "return_date"));
		trip.purpose_given = json_string_value(json_object_get(params, "purpose")) != NULL;
		trip.destination_given =
		        json_string_value(json_object_get(params, "destination")) != NULL;
		trip.return_date = BM_DATE_NONE;
		if (ret)
			bm_date_parse(ret, &trip.return_date);
		trip.abroad = json_is_true(json_object_get(params, "abroad"));
		trip.public_place = json_is_true(json_object_get(params, "public_place"));
		trip.higher_approved = bm_req_outside_approval(params, "higher_approval");
		/* CARRY-2/3, BORROW-3 */
		bm_rules_take_out(d, &ctx->policy, &who, &item, &trip, today);
		break;
	}
	default: break;
	}
	return bm_decision_error(d);
}

/* What issuing reads before deciding: the request, its params, the carrier and the holder. */
typedef struct issue_facts {
	bm_request_row *r;
	json_t *params; /* owned: released by the caller */
	bm_carrier *c;
	bm_person *holder;
	const char *rule; /* the rule the desk works under (REG-1, CARRY-2) */
} issue_facts;

/* Loads the request `request_id` handled at the lending desk, and which carrier it issues. */
static int load_issue_request(bm_request_row **out, int64_t *carrier_id, const char **rule,
                              bm_ctx *ctx, int64_t request_id)
{
	bm_request_row *r;
	int rc;

	if ((rc = BM_STORE(ctx->store, request_get)(ctx->store, ctx->arena, request_id, &r)) != 0)
		return rc;
	if (r->op != BM_OP_BORROW && r->op != BM_OP_READ && r->op != BM_OP_TAKE_OUT &&
	    r->op != BM_OP_OUTSIDE_READER) {
		char zh[256], en[256];
		snprintf(zh, sizeof(zh), "%s申请不在借阅台办理", bm_op_names[r->op].zh);
		snprintf(en, sizeof(en), "a request for %s is not handled at the lending desk",
		         bm_op_names[r->op].en);
		return bm_error_set_msg(BM_EINVALID, "wrong_request_kind", bm_op_rule(r->op), zh,
		                        en);
	}
	*rule = bm_policy_field_rule(
	        r->op == BM_OP_TAKE_OUT ? BM_FORM_ISSUE_TAKE_OUT : BM_FORM_ISSUE, "carrier");
	if (!*carrier_id) {
		if (r->n_carriers != 1)
			return bm_error_set(BM_EINVALID, "carrier_required", *rule,
			                    "申请包含多件载体，请指定要发出的载体",
			                    "the request names several carriers: say which one is "
			                    "issued");
		*carrier_id = r->carrier_ids[0];
	}
	*out = r;
	return 0;
}

/*
 * Loads the approved request, the carrier (visible, in store, not issued
 * for it yet) and the holder into `f`. f->params is set (and owned by the
 * caller) as soon as it is read.
 */
static int load_issue(issue_facts *f, bm_ctx *ctx, int64_t request_id, int64_t carrier_id)
{
	json_t *reader;
	int64_t holder_id;
	int rc;

	/* Approved, not yet carried out, and this carrier is part of it. */
	if ((rc = bm_req_load_approved(ctx, request_id, f->r->op, carrier_id, &f->r)) != 0)
		return rc;
	f->params = json_loads(f->r->params ? f->r->params : "{}", 0, NULL);
	if (!json_is_object(f->params)) {
		json_decref(f->params);
		f->params = json_object();
	}
	if (already_issued(f->params, carrier_id))
		return bm_error_set(BM_ECONFLICT, "already_issued", f->rule,
		                    "载体 %lld 已按申请 %lld 发出",
		                    "carrier %lld was already issued for request %lld",
		                    (long long)carrier_id, (long long)request_id);
	if ((rc = bm_svc_carrier_visible(ctx, carrier_id, &f->c)) != 0)
		return rc;
	/* BORROW-4: a lent item is never re-lent; it comes back to the desk first. */
	if ((rc = bm_svc_carrier_state(BM_NEED_LEND, f->c, false)) != 0)
		return rc;
	/* The holder: the requester, or the outside reader the request names (BORROW-5). */
	reader = json_object_get(f->params, "reader_id");
	holder_id = json_is_integer(reader) ? json_integer_value(reader) : f->r->requester_id;
	return BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, holder_id, &f->holder);
}

/*
 * Decides the loan: the rule of the request today (recheck), its kind and
 * due time, the place and the holder's signature. `*out` is in the arena.
 */
static int decide_issue(bm_loan_row **out, bm_ctx *ctx, const issue_facts *f,
                        const bm_svc_holder_proof *proof, const bm_svc_receipt *receipt,
                        const char *place)
{
	bm_loan_row *loan;
	bm_decision d;
	bool on_site;
	int rc;

	if ((rc = recheck(ctx, f->r, f->params, f->holder, f->c, &d)) != 0)
		return rc;
	if (!(loan = bm_arena_alloc(ctx->arena, sizeof(*loan))))
		return bm_error_nomem();
	loan->carrier_id = f->c->id;
	loan->request_id = f->r->id;
	loan->holder_id = f->holder->id;
	loan->issued_by = ctx->actor->id;
	loan->issued_at = bm_svc_now_iso(ctx);
	loan->holder_name = f->holder->name;
	loan->carrier_title = f->c->title;
	if (f->r->op == BM_OP_TAKE_OUT) {
		/* CARRY-2: destination, purpose and return date go with the item. */
		loan->kind = "take_out";
		/* Copied into the arena: `params` is released before the caller reads the loan. */
		loan->destination = bm_arena_strdup(
		        ctx->arena, json_string_value(json_object_get(f->params, "destination")));
		loan->purpose = bm_arena_strdup(
		        ctx->arena, json_string_value(json_object_get(f->params, "purpose")));
		loan->due_at = iso(ctx, end_of_day(ctx, d.due_date));
		f->c->status = BM_STATUS_TAKEN_OUT;
	} else if (f->r->op == BM_OP_BORROW && !d.onsite_only) {
		/* BORROW-2: due after the level's term in working days. */
		loan->kind = "borrow";
		loan->due_at = iso(ctx, end_of_day(ctx, d.due_date));
		f->c->status = BM_STATUS_LENT;
	} else {
		/* BORROW-3, CIRC-3/4: read on site, in a recorded place, back the same day or at
		 * once. */
		loan->kind = "read_on_site";
		loan->due_at = iso(ctx, reading_due(ctx, f->c->level, true));
		f->c->status = BM_STATUS_LENT;
	}
	on_site = strcmp(loan->kind, "read_on_site") == 0;
	if ((rc = check_reading_place(place, on_site)) != 0 ||
	    (rc = confirm_receipt(ctx, proof, f->holder, receipt,
	                          on_site ? bm_policy_field_rule(BM_FORM_CIRCULATE, "signature")
	                                  : bm_policy_field_rule(BM_FORM_ISSUE, "signature"),
	                          &loan->signature)) != 0)
		return rc;
	loan->place = bm_utf8_given(place) ? place : NULL;
	if (f->r->op == BM_OP_OUTSIDE_READER && json_object_get(f->params, "organisation")) {
		/* BORROW-5: the outside reader signs; the host who asked holds it for the unit. */
		json_t *who = json_object_get(f->params, "reader"),
		       *org = json_object_get(f->params, "organisation");
		loan->purpose = bm_arena_printf(ctx->arena, "%s（%s）", json_string_value(who),
		                                json_string_value(org));
	}
	if (!loan->issued_at || !loan->due_at)
		return bm_error_nomem();
	*out = loan;
	return 0;
}

/* Writes the loan, the carrier, its history and the request's progress; fills `detail`. */
static int write_issue(bm_ctx *ctx, const issue_facts *f, bm_loan_row *loan, json_t *detail)
{
	json_t *issued;
	int rc;

	if ((rc = BM_STORE(ctx->store, loan_insert)(ctx->store, loan)) != 0)
		return rc;
	f->c->updated_at = loan->issued_at;
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, f->c)) != 0)
		return rc;
	json_object_set_new(detail, "loan_id", json_integer(loan->id));
	json_object_set_new(detail, "kind", json_string(loan->kind));
	json_object_set_new(detail, "holder_id", json_integer(f->holder->id));
	json_object_set_new(detail, "holder", json_string(f->holder->name));
	json_object_set_new(detail, "due_at", json_string(loan->due_at));
	json_object_set_new(detail, "receipt", json_string(bm_loan_receipt(loan->signature)));
	if (loan->place)
		json_object_set_new(detail, "place", json_string(loan->place));
	if (loan->destination)
		json_object_set_new(detail, "destination", json_string(loan->destination));
	if ((rc = bm_svc_history(ctx, f->c->id, "issue",
	                         bm_svc_json(ctx, json_deep_copy(detail)))) != 0)
		return rc;
	/* The request is carried out once every carrier it names has been issued. */
	issued = json_object_get(f->params, "issued");
	if (!json_is_array(issued)) {
		issued = json_array();
		json_object_set_new(f->params, "issued", issued);
	}
	json_array_append_new(issued, json_integer(f->c->id));
	f->r->params = bm_svc_json(ctx, json_incref(f->params));
	if (json_array_size(issued) >= f->r->n_carriers)
		return bm_req_mark_executed(ctx, f->r);
	f->r->updated_at = loan->issued_at;
	return BM_STORE(ctx->store, request_update)(ctx->store, f->r);
}

int bm_svc_issue(bm_ctx *ctx, int64_t request_id, int64_t carrier_id, const bm_svc_receipt *receipt,
                 const char *place, bm_loan_row **out)
{
	issue_facts f = {.rule = bm_policy_field_rule(BM_FORM_ISSUE, "carrier")};
	bm_svc_holder_proof proof = {0};
	bm_loan_row *loan = NULL;
	json_t *detail = json_object();
	int64_t holder_id = 0;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(request_id));
	/* The desk is the clerk's: checked before the transaction, it needs no database. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_ISSUE)) != 0)
		goto done;
	/* REG-1: the holder's own password, checked as at login before the writer is taken. */
	if (receipt->password &&
	    ((rc = issue_holder_id(ctx, request_id, &holder_id)) != 0 ||
	     (rc = bm_svc_holder_check(ctx, holder_id, receipt->password, &proof)) != 0))
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		bm_svc_holder_failed(ctx, &proof);
		return rc;
	}
	if ((rc = load_issue_request(&f.r, &carrier_id, &f.rule, ctx, request_id)) != 0)
		goto done;
	json_object_set_new(detail, "carrier_id", json_integer(carrier_id));
	if ((rc = load_issue(&f, ctx, request_id, carrier_id)) != 0 ||
	    (rc = decide_issue(&loan, ctx, &f, &proof, receipt, place)) != 0 ||
	    (rc = write_issue(ctx, &f, loan, detail)) != 0)
		goto done;
	if (out)
		*out = loan;
done:
	json_decref(f.params);
	bm_svc_holder_audit(detail, "holder_password", &proof);
	rc = bm_svc_end(ctx, rc, "desk.issue", carrier_id ? carrier_object(ctx, carrier_id) : "",
	                bm_svc_json(ctx, detail));
	/* SYS-4: a wrong password counts towards the holder's lockout, as a failed login. */
	bm_svc_holder_failed(ctx, &proof);
	return rc;
}

int bm_svc_checkin(bm_ctx *ctx, int64_t carrier_id, bool incomplete, const char *note)
{
	bm_carrier *c = NULL;
	bm_loan_row *loan = NULL;
	json_t *detail = json_object();
	int64_t due, meeting_id = 0;
	int rc;

	json_object_set_new(detail, "carrier_id", json_integer(carrier_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	/* CIRC-2, CARRY-2: the item comes back to the clerk, who checks it in. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_TAKE_BACK)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_NOTE, false)) != 0 ||
	    (rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, loan_current)(ctx->store, ctx->arena, c->id, &loan);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		rc = bm_svc_carrier_state(BM_NEED_RETURN, c, false);
		goto done;
	}
	if (rc)
		goto done;
	loan->returned_at = bm_svc_now_iso(ctx);
	loan->received_by = ctx->actor->id;
	loan->return_note = bm_utf8_given(note) ? note : NULL;
	loan->incomplete = incomplete;
	if ((rc = BM_STORE(ctx->store, loan_update)(ctx->store, loan)) != 0)
		goto done;
	c->status = BM_STATUS_IN_STORE;
	c->updated_at = loan->returned_at;
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0)
		goto done;
	json_object_set_new(detail, "loan_id", json_integer(loan->id));
	json_object_set_new(detail, "kind", json_string(loan->kind));
	json_object_set_new(detail, "holder_id", json_integer(loan->holder_id));
	if (loan->holder_name)
		json_object_set_new(detail, "holder", json_string(loan->holder_name));
	/* BORROW-2, CIRC-3: a late return is on the record. */
	if (loan->due_at && bm_time_parse(loan->due_at, &due) && ctx->now > due)
		json_object_set_new(detail, "overdue", json_true());
	/* INV-3: missing attachments are flagged. */
	if (incomplete)
		json_object_set_new(detail, "incomplete", json_true());
	if (loan->return_note)
		json_object_set_new(detail, "note", json_string(loan->return_note));
	/* MEET-2: a meeting document checked in at the desk is back in its meeting's record too. */
	if ((rc = bm_svc_meeting_loan_back(ctx, loan, c, &meeting_id)) != 0)
		goto done;
	if (meeting_id)
		json_object_set_new(detail, "meeting_id", json_integer(meeting_id));
	rc = bm_svc_history(ctx, c->id, "checkin", bm_svc_json(ctx, json_deep_copy(detail)));
done:
	return bm_svc_end(ctx, rc, "desk.checkin", carrier_object(ctx, carrier_id),
	                  bm_svc_json(ctx, detail));
}

/* CIRC-1/2, PERSON-*: only the clerk passes it on, inside the scope, to a cleared reader. */
static int decide_circulation(bm_ctx *ctx, const bm_carrier *c, const bm_person *to)
{
	bm_actor from_facts, to_facts;
	bm_item item;
	bm_decision d;
	int rc;

	if ((rc = bm_svc_actor_facts(ctx, ctx->actor, &from_facts)) != 0 ||
	    (rc = bm_svc_actor_facts(ctx, to, &to_facts)) != 0 ||
	    (rc = bm_svc_item_facts(ctx, c, &item)) != 0)
		return rc;
	if (!bm_rules_pass(&d, &ctx->policy, &item, &from_facts, &to_facts, bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	/* CIRC-2: an item a reader holds goes back to the clerk before the next reader. */
	return bm_svc_carrier_state(BM_NEED_PASS, c, false);
}

/* Writes the circulation loan and the carrier's new status; fills `detail`. */
static int write_circulation(bm_ctx *ctx, bm_carrier *c, bm_loan_row *loan, json_t *detail)
{
	int rc;

	if ((rc = BM_STORE(ctx->store, loan_insert)(ctx->store, loan)) != 0)
		return rc;
	c->status = BM_STATUS_CIRCULATING;
	c->updated_at = loan->issued_at;
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0)
		return rc;
	json_object_set_new(detail, "loan_id", json_integer(loan->id));
	json_object_set_new(detail, "holder_id", json_integer(loan->holder_id));
	json_object_set_new(detail, "holder", json_string(loan->holder_name));
	json_object_set_new(detail, "due_at", json_string(loan->due_at));
	json_object_set_new(detail, "receipt", json_string(bm_loan_receipt(loan->signature)));
	if (loan->place)
		json_object_set_new(detail, "place", json_string(loan->place));
	return bm_svc_history(ctx, c->id, "circulate", bm_svc_json(ctx, json_deep_copy(detail)));
}

int bm_svc_circulate(bm_ctx *ctx, int64_t carrier_id, const char *reader, const char *place,
                     const bm_svc_receipt *receipt, bm_loan_row **out)
{
	bm_svc_holder_proof proof = {0};
	bm_carrier *c = NULL;
	bm_person *to = NULL;
	bm_loan_row *loan = NULL;
	json_t *detail = json_object();
	const char *mark = NULL;
	int rc;

	json_object_set_new(detail, "carrier_id", json_integer(carrier_id));
	if (reader)
		json_object_set_new(detail, "reader", json_string(reader));
	/* SYS-1 needs no database: checked before the transaction. */
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	/* CIRC-5: the reader's own password, checked as at login before the writer is taken. */
	if (receipt->password) {
		if ((rc = bm_svc_begin_read(ctx)) != 0 ||
		    (rc = bm_svc_person_resolve(ctx, reader, &to)) != 0 ||
		    (rc = bm_svc_read_end(ctx)) != 0 ||
		    (rc = bm_svc_holder_check(ctx, to->id, receipt->password, &proof)) != 0)
			goto done;
		to = NULL;
	}
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		bm_svc_holder_failed(ctx, &proof);
		return rc;
	}
	if ((rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, reader, &to)) != 0 ||
	    (rc = decide_circulation(ctx, c, to)) != 0)
		goto done;
	/* CIRC-4: the place of reading; CIRC-5: the reader signs on receipt. */
	if ((rc = check_reading_place(place, bm_level_is_classified(c->level))) != 0 ||
	    (rc = confirm_receipt(ctx, &proof, to, receipt,
	                          bm_policy_field_rule(BM_FORM_CIRCULATE, "signature"), &mark)) !=
	            0)
		goto done;
	if (!(loan = bm_arena_alloc(ctx->arena, sizeof(*loan)))) {
		rc = bm_error_nomem();
		goto done;
	}
	loan->carrier_id = c->id;
	loan->kind = "circulation";
	loan->holder_id = to->id;
	loan->issued_by = ctx->actor->id;
	loan->issued_at = bm_svc_now_iso(ctx);
	/* CIRC-3: 秘密 and above the same day, 绝密 immediately after reading. */
	loan->due_at = iso(ctx, reading_due(ctx, c->level, false));
	loan->place = bm_utf8_given(place) ? place : NULL;
	loan->signature = mark;
	loan->holder_name = to->name;
	loan->carrier_title = c->title;
	if (!loan->issued_at || !loan->due_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = write_circulation(ctx, c, loan, detail)) != 0)
		goto done;
	if (out)
		*out = loan;
done:
	bm_svc_holder_audit(detail, "holder_password", &proof);
	rc = bm_svc_end(ctx, rc, "desk.circulate", carrier_object(ctx, carrier_id),
	                bm_svc_json(ctx, detail));
	/* SYS-4: a wrong password counts towards the reader's lockout, as a failed login. */
	bm_svc_holder_failed(ctx, &proof);
	return rc;
}

int bm_svc_loans_out(bm_ctx *ctx, bm_loan_row **out, size_t *count)
{
	bm_loan_row *rows = NULL;
	size_t n = 0;
	json_t *detail = json_object();
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	/* KEEP-6: the clerk's ledger of what is out; anybody else sees what they hold. */
	if ((rc = BM_STORE(ctx->store, loan_open)(
	             ctx->store, ctx->arena,
	             bm_ctx_has_role(ctx, BM_ROLE_CLERK) ? 0 : ctx->actor->id, &rows, &n)) != 0)
		goto done;
	/* One definition of "overdue" for the desk, the API and the CLI. */
	for (size_t i = 0; i < n; i++) {
		int64_t due;
		rows[i].overdue = rows[i].due_at && !rows[i].returned_at &&
		                  bm_time_parse(rows[i].due_at, &due) && ctx->now > due;
	}
	*out = rows;
	*count = n;
	json_object_set_new(detail, "count", json_integer((json_int_t)n));
done:
	return bm_svc_end(ctx, rc, "desk.out", "", bm_svc_json(ctx, detail));
}
