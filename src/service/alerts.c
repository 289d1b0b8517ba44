/*
 * alerts.c — dated alerts computed from the store and "now" (issue 3 item 5).
 *
 * Nothing is written except the audit event of the read: an alert lasts as
 * long as its cause. The decisions are the pure ones of policy/rules.h and
 * cases.h, and each alert's rule, code and urgency those of policy/alerting.h;
 * this file gathers the facts, keeps what the actor may see (SYS-2) and
 * words each alert with its due date and days overdue.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/alerting.h"
#include "policy/calendar.h"
#include "policy/cases.h"
#include "policy/device.h"
#include "policy/meeting.h"
#include "policy/inspection.h"
#include "policy/keep.h"
#include "policy/people.h"
#include "policy/report.h"
#include "policy/rules.h"
#include "policy/selfcheck.h"
#include "service/duty.h"
#include "service/ledger_int.h"
#include "util/timeutil.h"

enum {
	REG2_LOOKBACK_DAYS = 30, /* REG-2: late registrations stay flagged this long */
	COUNT_NOTICE_DAYS = 14,  /* INV-1 year end, INV-2 holidays: announced this early */
};

typedef struct alert_list {
	bm_alert *v;
	size_t n, cap;
} alert_list;

/* A carrier looked up once per call: the carrier, or NULL when hidden or unknown. */
typedef struct seen_slot {
	int64_t id; /* 0: empty */
	bm_carrier *c;
} seen_slot;

/*
 * The facts gathered once per call. No carrier is read unless an alert may
 * concern it (issue 17): the store gives candidates by indexed bounds and
 * the rules of src/policy decide each.
 */
typedef struct facts {
	bm_ctx *ctx;
	int64_t now;
	int32_t today;
	bm_viewer viewer;
	seen_slot *seen; /* open addressing, a power of two long */
	size_t n_seen, cap_seen;
	bool clerk;   /* keeps the whole ledger: sees the unit-wide alerts */
	bool auditor; /* SYS-1: sees the alerts about the administrators, and only those */
	bm_alert_reader reader; /* who the reader is to the unit: whose alerts reach them */
} facts;

/* Whether an alert for `audience` reaches the reader (src/policy decides). */
static bool reaches(const facts *f, bm_alert_audience audience, bool concerned)
{
	return bm_policy_alert_reaches(&f->reader, audience, concerned);
}

/* An overdue loan's: the clerk and the holder; handled as a loss (BORROW-6), the leadership too. */
static bm_alert_audience overdue_audience(bm_overdue o)
{
	return o == BM_OVERDUE_INCIDENT ? BM_AUDIENCE_LEADERSHIP : BM_AUDIENCE_CLERK;
}

static bm_alert *add(facts *f, alert_list *l, const char *rule, const char *code,
                     const char *urgency)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		bm_alert *v = bm_arena_alloc(f->ctx->arena, cap * sizeof(*v));
		if (!v)
			return NULL;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].rule = rule;
	l->v[l->n].code = code;
	l->v[l->n].urgency = urgency;
	return &l->v[l->n++];
}

/* An alert of `kind`: its rule, code and urgency as src/policy states them. */
static bm_alert *add_kind(facts *f, alert_list *l, bm_alert_kind kind)
{
	const bm_alert_rule *k = bm_policy_alert(kind);
	return add(f, l, k->rule, k->code, k->urgency);
}

static seen_slot *seen_slot_of(seen_slot *v, size_t cap, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u) & (cap - 1);
	while (v[i].id && v[i].id != id)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* Remembers what `id` is to the actor: `c`, or NULL when hidden or unknown. */
static int remember(facts *f, int64_t id, bm_carrier *c)
{
	seen_slot *slot;
	if (2 * (f->n_seen + 1) > f->cap_seen) {
		size_t cap = f->cap_seen ? f->cap_seen * 2 : 64;
		seen_slot *v = bm_arena_alloc(f->ctx->arena, cap * sizeof(*v));
		if (!v)
			return bm_error_nomem();
		for (size_t i = 0; i < f->cap_seen; i++)
			if (f->seen[i].id)
				*seen_slot_of(v, cap, f->seen[i].id) = f->seen[i];
		f->seen = v;
		f->cap_seen = cap;
	}
	slot = seen_slot_of(f->seen, f->cap_seen, id);
	if (!slot->id)
		f->n_seen++;
	slot->id = id;
	slot->c = c;
	return 0;
}

/*
 * The carrier `id` as the actor sees it: *out is NULL when it is hidden
 * (SYS-2) or unknown, which for an alert is the same thing. Each carrier is
 * read at most once per call.
 */
static int visible(bm_carrier **out, facts *f, int64_t id)
{
	bm_ctx *ctx = f->ctx;
	bm_carrier *c = NULL;
	int rc;
	*out = NULL;
	if (id <= 0)
		return 0;
	if (f->cap_seen) {
		seen_slot *slot = seen_slot_of(f->seen, f->cap_seen, id);
		if (slot->id) {
			*out = slot->c;
			return 0;
		}
	}
	rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		c = NULL;
	} else if (rc != 0) {
		return rc;
	} else if (!bm_svc_can_see(ctx, c)) {
		c = NULL;
	}
	if ((rc = remember(f, id, c)) != 0)
		return rc;
	*out = c;
	return 0;
}

/* "载体 12《标题》" and "carrier 12 'title'". */
static const char *zh_item(facts *f, const bm_carrier *c)
{
	return bm_arena_printf(f->ctx->arena, "载体 %lld《%s》（%s）", (long long)c->id, c->title,
	                       bm_level_names[c->level].zh);
}

static const char *en_item(facts *f, const bm_carrier *c)
{
	return bm_arena_printf(f->ctx->arena, "carrier %lld '%s' (%s)", (long long)c->id, c->title,
	                       bm_level_names[c->level].en);
}

static int days_between(int32_t from, int32_t to)
{
	return from == BM_DATE_NONE || to == BM_DATE_NONE ? 0 : (int)(to - from);
}

/* ---- loans: BORROW-2, BORROW-6, CARRY-2, CIRC-3 ---- */

/*
 * MEET-2: a meeting document recalled at the end and not back; BORROW-6:
 * months on, handled as a loss. `*out` is NULL when it is not overdue.
 */
static int meeting_alert(facts *f, alert_list *l, const bm_loan_row *ln, bm_carrier *c,
                         const char *holder, bm_alert **out)
{
	bm_ctx *ctx = f->ctx;
	bm_decision d;
	bm_alert *a;
	int64_t due_at;
	int32_t due;
	bm_overdue o;
	*out = NULL;
	if (!ln->due_at || !bm_time_parse(ln->due_at, &due_at))
		return 0;
	due = bm_ledger_local_date(ctx, ln->due_at);
	o = bm_rules_meeting_overdue(&d, &ctx->policy, due_at, due, f->now, f->today);
	if (o == BM_OVERDUE_NO || !reaches(f, overdue_audience(o), ln->holder_id == ctx->actor->id))
		return 0;
	if (!(a = add(f, l, d.rule, d.code,
	              o == BM_OVERDUE_INCIDENT || c->level >= BM_LEVEL_TOP_SECRET ? "high"
	                                                                          : "medium")))
		return bm_error_nomem();
	a->incident_candidate = o == BM_OVERDUE_INCIDENT;
	a->due = bm_ledger_date_text(ctx, due);
	a->days_overdue = days_between(due, f->today);
	a->text_zh = bm_arena_printf(ctx->arena, "%s（%s）在 %s 手中：%s", zh_item(f, c),
	                             ln->purpose ? ln->purpose : "会议", holder, d.reason_zh);
	a->text_en = bm_arena_printf(ctx->arena, "%s (%s) still with %s: %s", en_item(f, c),
	                             ln->purpose ? ln->purpose : "meeting", holder, d.reason_en);
	*out = a;
	return 0;
}

static int loan_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_loan_row *loans;
	size_t n;
	int rc;
	char due_before[BM_ISO_TIME_LEN];
	/*
	 * A borrow or take-out loan is overdue once its due day is past: none
	 * due after today's local start can be. A day of slack; the rule decides.
	 */
	bm_time_format((int64_t)(f->today + 1) * 86400 -
	                       (int64_t)ctx->policy.tz_offset_minutes * 60,
	               due_before);
	if ((rc = BM_STORE(ctx->store, loans_open_due)(ctx->store, ctx->arena, due_before, &loans,
	                                               &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_loan_row *ln = &loans[i];
		const char *holder = ln->holder_name ? ln->holder_name : "-";
		bool mine = ln->holder_id == ctx->actor->id;
		bm_carrier *c;
		bm_decision d;
		bm_alert *a;
		if (!reaches(f, BM_AUDIENCE_LEADERSHIP, mine)) /* none reaches further */
			continue;
		if ((rc = visible(&c, f, ln->carrier_id)) != 0)
			return rc;
		if (!c)
			continue;
		if (strcmp(ln->kind, "borrow") == 0 || strcmp(ln->kind, "take_out") == 0) {
			bool take_out = strcmp(ln->kind, "take_out") == 0;
			int32_t due = bm_ledger_local_date(ctx, ln->due_at);
			bm_overdue o = bm_rules_borrow_overdue(&d, &ctx->policy, due, f->today);
			if (o == BM_OVERDUE_NO || !reaches(f, overdue_audience(o), mine))
				continue;
			/* BORROW-6: so long overdue it is handled as a loss; else BORROW-2/CARRY-2.
			 */
			if (!(a = add_kind(f, l, bm_rules_loan_alert(o, take_out))))
				return bm_error_nomem();
			a->incident_candidate = o == BM_OVERDUE_INCIDENT;
			a->due = bm_ledger_date_text(ctx, due);
			a->days_overdue = days_between(due, f->today);
			/* The BORROW-6 reason already says it is handled as a loss. */
			a->text_zh = bm_arena_printf(ctx->arena, "%s%s人 %s：%s，已逾期 %d 日",
			                             zh_item(f, c), take_out ? "携带" : "借阅",
			                             holder, d.reason_zh, a->days_overdue);
			a->text_en =
			        bm_arena_printf(ctx->arena, "%s %s by %s: %s, %d days overdue",
			                        en_item(f, c), take_out ? "taken out" : "borrowed",
			                        holder, d.reason_en, a->days_overdue);
		} else if (strcmp(ln->kind, "meeting") == 0) {
			if ((rc = meeting_alert(f, l, ln, c, holder, &a)) != 0)
				return rc;
			if (!a)
				continue;
		} else {
			int64_t issued;
			if (!ln->issued_at || !bm_time_parse(ln->issued_at, &issued) ||
			    !reaches(f, BM_AUDIENCE_CLERK, mine))
				continue;
			/* CIRC-3: 秘密+ back the same day, 绝密 right after reading (REG-5 below).
			 */
			if (!bm_rules_circulation_overdue(&d, &ctx->policy, c->level, issued,
			                                  f->now))
				continue;
			if (!(a = add(f, l, d.rule, d.code,
			              c->level >= BM_LEVEL_TOP_SECRET ? "high" : "medium")))
				return bm_error_nomem();
			a->due = bm_ledger_date_text(ctx, d.due_date);
			a->days_overdue = days_between(d.due_date, f->today);
			a->text_zh = bm_arena_printf(ctx->arena, "%s在 %s 手中未退回：%s",
			                             zh_item(f, c), holder, d.reason_zh);
			a->text_en = bm_arena_printf(ctx->arena, "%s still with %s: %s",
			                             en_item(f, c), holder, d.reason_en);
		}
		a->carrier_id = c->id;
		a->loan_id = ln->id;
		a->request_id = ln->request_id;
	}
	return 0;
}

/* ---- dispatches: SEND-4 ---- */

static int dispatch_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_dispatch_row *d;
	size_t n;
	int rc;
	/* SEND-4: the clerk's, who sent it and chases the receipt. */
	if (!reaches(f, BM_AUDIENCE_CLERK, false))
		return 0;
	if ((rc = BM_STORE(ctx->store, dispatch_list)(ctx->store, ctx->arena, true, &d, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int32_t sent = bm_ledger_local_date(ctx, d[i].created_at);
		for (size_t k = 0; k < d[i].n_items; k++) {
			const bm_dispatch_item_row *it = &d[i].items[k];
			bm_carrier *c;
			bm_alert *a;
			if (it->signed_at)
				continue;
			if ((rc = visible(&c, f, it->carrier_id)) != 0)
				return rc;
			if (!c)
				continue;
			/* SEND-4: the record stays open until every receipt is signed. */
			if (!(a = add_kind(f, l, BM_ALERT_RECEIPT_UNSIGNED)))
				return bm_error_nomem();
			a->carrier_id = c->id;
			a->dispatch_id = d[i].id;
			a->due = bm_ledger_date_text(ctx, sent);
			a->days_overdue = days_between(sent, f->today);
			a->text_zh = bm_arena_printf(
			        ctx->arena, "发文 %lld：%s发往“%s”，尚未签收（已 %d 日）",
			        (long long)d[i].id, zh_item(f, c), it->recipient, a->days_overdue);
			a->text_en = bm_arena_printf(
			        ctx->arena,
			        "dispatch %lld: %s sent to '%s' has no signed receipt "
			        "(%d days)",
			        (long long)d[i].id, en_item(f, c), it->recipient, a->days_overdue);
		}
	}
	return 0;
}

/* ---- requests pending longer than approval.max_pending_days ---- */

/*
 * True when the actor holds the role of the request's next step, for its
 * department or unit-wide: the pending request is in their inbox, so the
 * alert is theirs even when the carrier is outside their scope.
 */
static bool next_approver(const bm_ctx *ctx, const bm_request_row *r)
{
	json_t *chain = r->chain ? json_loads(r->chain, 0, NULL) : NULL;
	const char *code = json_string_value(json_array_get(chain, (size_t)r->step));
	int role = code ? bm_role_parse(code) : -1;
	bool yes = false;
	json_decref(chain);
	if (role < 0 || r->requester_id == ctx->actor->id)
		return false;
	for (size_t i = 0; i < ctx->actor->n_roles && !yes; i++)
		yes = ctx->actor->roles[i].role == (bm_role)role &&
		      (ctx->actor->roles[i].department_id == 0 ||
		       ctx->actor->roles[i].department_id == r->department_id);
	return yes;
}

static int request_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_request_row *r;
	size_t n;
	int rc, max = ctx->policy.approval_max_pending_days;
	if ((rc = BM_STORE(ctx->store, ledger_requests)(ctx->store, ctx->arena, "pending", &r,
	                                                &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int32_t created = bm_ledger_local_date(ctx, r[i].created_at), due;
		bool approver = next_approver(ctx, &r[i]);
		bool mine = r[i].requester_id == ctx->actor->id || approver;
		bool seen = mine || (f->clerk && !r[i].n_carriers);
		bm_alert *a;
		if (created == BM_DATE_NONE)
			continue;
		due = created + max;
		/* The requester, the approver whose turn it is, and the clerk. */
		if (f->today <= due || !reaches(f, BM_AUDIENCE_CLERK, mine))
			continue;
		/* SYS-2: only requests about carriers the actor may see. */
		if (!seen && r[i].n_carriers) {
			seen = true;
			for (size_t k = 0; k < r[i].n_carriers; k++) {
				bm_carrier *c;
				if ((rc = visible(&c, f, r[i].carrier_ids[k])) != 0)
					return rc;
				if (!c)
					seen = false;
			}
		}
		if (!seen)
			continue;
		if (!(a = add_kind(f, l, BM_ALERT_APPROVAL_PENDING)))
			return bm_error_nomem();
		/* The request's own approval rule, when it names one. */
		if (r[i].rule && *r[i].rule)
			a->rule = r[i].rule;
		a->request_id = r[i].id;
		a->carrier_id = r[i].n_carriers ? r[i].carrier_ids[0] : 0;
		a->due = bm_ledger_date_text(ctx, due);
		a->days_overdue = days_between(due, f->today);
		a->text_zh = bm_arena_printf(
		        ctx->arena, "%s申请 %lld（%s）已%s %d 日，超过本单位规定的 %d 日",
		        r[i].requester_name ? r[i].requester_name : "", (long long)r[i].id,
		        bm_op_names[r[i].op].zh, approver ? "待您审批" : "待审批",
		        days_between(created, f->today), max);
		a->text_en = bm_arena_printf(
		        ctx->arena,
		        "request %lld (%s) by %s has been pending %s%d days, more "
		        "than the policy's %d",
		        (long long)r[i].id, bm_op_names[r[i].op].en,
		        r[i].requester_name ? r[i].requester_name : "-",
		        approver ? "your approval " : "", days_between(created, f->today), max);
	}
	return 0;
}

/* ---- carriers: LEVEL-6, REG-2, KEEP-6, INV-4 ---- */

/* LEVEL-6: the day a carrier's period ends (or its review date), or BM_DATE_NONE. */
static int32_t period_end(const bm_carrier *c)
{
	int32_t day;
	switch (c->period_kind) {
	case BM_PERIOD_YEARS:
		if (c->period_start && bm_date_parse(c->period_start, &day))
			return bm_date_add_years(day, c->period_years);
		return BM_DATE_NONE;
	case BM_PERIOD_UNTIL:
		return c->period_until && bm_date_parse(c->period_until, &day) ? day : BM_DATE_NONE;
	case BM_PERIOD_EVENT:
		return c->review_date && bm_date_parse(c->review_date, &day) ? day : BM_DATE_NONE;
	default: return BM_DATE_NONE;
	}
}

/* LEVEL-6: flagged for declassification review as the period ends. */
static int period_alert(facts *f, alert_list *l, const bm_carrier *c)
{
	bm_ctx *ctx = f->ctx;
	bm_decision d;
	bm_alert *a;
	if (!bm_level_is_classified(c->level) ||
	    !bm_rules_period_review(&d, &ctx->policy, period_end(c), f->today))
		return 0;
	if (!(a = add_kind(f, l, bm_rules_period_alert(d.due_date, f->today))))
		return bm_error_nomem();
	a->carrier_id = c->id;
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = f->today > d.due_date ? days_between(d.due_date, f->today) : 0;
	a->text_zh = bm_arena_printf(ctx->arena, "%s：%s", zh_item(f, c), d.reason_zh);
	a->text_en = bm_arena_printf(ctx->arena, "%s: %s", en_item(f, c), d.reason_en);
	return 0;
}

/* REG-2: incoming items are registered the day they arrive. */
static int registration_alert(facts *f, alert_list *l, const bm_carrier *c)
{
	bm_ctx *ctx = f->ctx;
	int32_t received, registered;
	bm_decision d;
	bm_alert *a;
	if (c->origin != BM_ORIGIN_INCOMING || !c->received_on)
		return 0;
	registered = bm_ledger_local_date(ctx, c->registered_at);
	if (!bm_date_parse(c->received_on, &received) || registered == BM_DATE_NONE ||
	    f->today - registered > REG2_LOOKBACK_DAYS ||
	    !bm_rules_registration(&d, &ctx->policy, received, registered) || !d.alert)
		return 0;
	if (!(a = add_kind(f, l, BM_ALERT_LATE_REGISTRATION)))
		return bm_error_nomem();
	a->carrier_id = c->id;
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = days_between(d.due_date, registered);
	a->text_zh = bm_arena_printf(ctx->arena, "%s于 %s 收到：%s", zh_item(f, c), c->received_on,
	                             d.reason_zh);
	a->text_en = bm_arena_printf(ctx->arena, "%s received on %s: %s", en_item(f, c),
	                             c->received_on, d.reason_en);
	return 0;
}

/*
 * KEEP-6: personal keeping past its end date goes back to the clerk (or is
 * approved again); told to the clerk and to the keeper.
 */
static int keeping_alert(facts *f, alert_list *l, const bm_carrier *c)
{
	bm_ctx *ctx = f->ctx;
	const char *keeper = c->custodian_name ? c->custodian_name : "?";
	int32_t until;
	bm_decision d;
	bm_alert *a;
	if (!c->keep_until || !(f->clerk || c->custodian_id == ctx->actor->id) ||
	    !bm_date_parse(c->keep_until, &until) || !bm_rules_keeping_expired(&d, until, f->today))
		return 0;
	if (!(a = add(f, l, d.rule, d.code, "medium")))
		return bm_error_nomem();
	a->carrier_id = c->id;
	a->due = c->keep_until;
	a->days_overdue = days_between(until, f->today);
	a->text_zh = bm_arena_printf(ctx->arena,
	                             "%s由“%s”个人保管，保管期限 %s 已过 %d 天，"
	                             "须交回保密员或重新批准",
	                             zh_item(f, c), keeper, c->keep_until, a->days_overdue);
	a->text_en = bm_arena_printf(ctx->arena,
	                             "%s: personal keeping by '%s' past its end date %s "
	                             "by %d days; hand it back to the clerk or approve it "
	                             "again",
	                             en_item(f, c), keeper, c->keep_until, a->days_overdue);
	return 0;
}

/* INV-4: a missing carrier is reported at once (a label: the status says it). */
static int missing_alert(facts *f, alert_list *l, const bm_carrier *c)
{
	bm_ctx *ctx = f->ctx;
	bm_alert *a;
	if (c->status != BM_STATUS_MISSING)
		return 0;
	if (!(a = add_kind(f, l, BM_ALERT_CARRIER_MISSING)))
		return bm_error_nomem();
	a->carrier_id = c->id;
	a->text_zh = bm_arena_printf(ctx->arena, "%s下落不明，须立即报告并按失泄密事件处理",
	                             zh_item(f, c));
	a->text_en = bm_arena_printf(ctx->arena,
	                             "%s is missing: report it at once and handle it as an "
	                             "incident",
	                             en_item(f, c));
	return 0;
}

/*
 * REG-5: an incoming classified item not yet handled (migration 21: no
 * history event but its registration) past its due day: urgent items the
 * day they arrive, ordinary ones within registration.handling_days.
 */
static int handling_alert(facts *f, alert_list *l, const bm_carrier *c)
{
	bm_ctx *ctx = f->ctx;
	int32_t received;
	bm_decision d;
	bm_alert *a;
	if (!c->received_on || !bm_date_parse(c->received_on, &received) ||
	    !bm_rules_handling_due(&d, &ctx->policy, c->urgency, received, f->today))
		return 0;
	if (!(a = add_kind(f, l, BM_ALERT_HANDLING_OVERDUE)))
		return bm_error_nomem();
	a->carrier_id = c->id;
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = days_between(d.due_date, f->today);
	a->text_zh = bm_arena_printf(ctx->arena, "%s于 %s 收到，尚未分发、传阅或处理：%s",
	                             zh_item(f, c), c->received_on, d.reason_zh);
	a->text_en = bm_arena_printf(
	        ctx->arena, "%s received on %s is not yet issued, circulated or handled: %s",
	        en_item(f, c), c->received_on, d.reason_en);
	return 0;
}

/* ---- the count schedule: INV-1, INV-2 (the clerk's) ---- */

/* INV-1: 绝密 monthly, others by the policy's interval, for each level the ledger holds. */
static int level_count_alerts(facts *f, alert_list *l, const bool *present, int32_t last)
{
	bm_ctx *ctx = f->ctx;
	for (int level = BM_LEVEL_COUNT - 1; level >= 0; level--) {
		bm_decision d;
		bool overdue;
		bm_alert *a;
		if (!present[level])
			continue;
		overdue = bm_rules_inventory_overdue(&d, &ctx->policy, (bm_level)level, last,
		                                     f->today);
		if (d.due_date == BM_DATE_NONE || f->today < d.due_date)
			continue;
		if (!(a = add_kind(f, l, bm_rules_count_alert(overdue))))
			return bm_error_nomem();
		a->due = bm_ledger_date_text(ctx, d.due_date);
		a->days_overdue = days_between(d.due_date, f->today);
		if (overdue) {
			/* Copied: `d` lives only in this loop's body. */
			a->text_zh = bm_arena_strdup(ctx->arena, d.reason_zh);
			a->text_en = bm_arena_strdup(ctx->arena, d.reason_en);
			if (!a->text_zh || !a->text_en)
				return bm_error_nomem();
		} else {
			a->text_zh = bm_arena_printf(
			        ctx->arena, "%s载体%s，今日应进行清查", bm_level_names[level].zh,
			        last == BM_DATE_NONE ? "从未清查" : "已到清查周期");
			a->text_en = bm_arena_printf(
			        ctx->arena, "'%s' carriers are due for a count today%s",
			        bm_level_names[level].en,
			        last == BM_DATE_NONE ? " (never counted)" : "");
		}
	}
	return 0;
}

/* INV-1: the year-end full count, announced in its last weeks. */
static int year_end_alert(facts *f, alert_list *l, int32_t last)
{
	bm_ctx *ctx = f->ctx;
	int32_t due = bm_rules_year_end_count(&ctx->policy, f->today);
	bm_alert *a;
	if (due == BM_DATE_NONE || due < f->today || due - f->today > COUNT_NOTICE_DAYS ||
	    (last != BM_DATE_NONE && last >= due - COUNT_NOTICE_DAYS))
		return 0;
	if (!(a = add_kind(f, l, BM_ALERT_YEAR_END_COUNT)))
		return bm_error_nomem();
	a->due = bm_ledger_date_text(ctx, due);
	a->text_zh = bm_arena_printf(ctx->arena, "年终全面清查应于 %s 完成", a->due);
	a->text_en = bm_arena_printf(ctx->arena, "the year-end full count is due on %s", a->due);
	return 0;
}

/* INV-2: the special count before the next listed holiday. */
static int holiday_alert(facts *f, alert_list *l, int32_t last)
{
	bm_ctx *ctx = f->ctx;
	int32_t holiday, due = bm_rules_holiday_count_due(&ctx->policy, f->today, &holiday);
	const char *h;
	bm_alert *a;
	if (due == BM_DATE_NONE || due - f->today > COUNT_NOTICE_DAYS ||
	    (last != BM_DATE_NONE && last >= due - 7))
		return 0;
	if (!(a = add_kind(f, l, bm_rules_holiday_alert(due, f->today))))
		return bm_error_nomem();
	h = bm_ledger_date_text(ctx, holiday);
	a->due = bm_ledger_date_text(ctx, due);
	a->text_zh = bm_arena_printf(ctx->arena, "%s 节假日前须进行专项清查，最迟 %s", h, a->due);
	a->text_en = bm_arena_printf(
	        ctx->arena, "a special count is due before the holiday of %s, by %s", h, a->due);
	return 0;
}

static int count_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	const char *closed = NULL;
	int32_t last;
	bool present[BM_LEVEL_COUNT] = {false};
	int rc;

	if (!f->clerk)
		return 0;
	/* A closed count of the whole unit counts every level. */
	if ((rc = BM_STORE(ctx->store, count_last_closed)(ctx->store, ctx->arena, "unit",
	                                                  &closed)) != 0 ||
	    (rc = BM_STORE(ctx->store, carrier_levels_present)(ctx->store, ctx->arena, &f->viewer,
	                                                       present)) != 0)
		return rc;
	last = closed ? bm_ledger_local_date(ctx, closed) : BM_DATE_NONE;
	if ((rc = level_count_alerts(f, l, present, last)) != 0 ||
	    (rc = year_end_alert(f, l, last)) != 0)
		return rc;
	return holiday_alert(f, l, last);
}

/* ---- the working-day calendar: BORROW-2 (the clerk's) ---- */

/*
 * BORROW-2: terms are counted on the policy's calendar; a year it does not
 * list has no holidays. From October the next year's are due (the pure
 * decision is bm_calendar_next_year_missing); the clerk is told, and asks the
 * security administrator, who keeps the policy but sees no alerts (SYS-1).
 */
static int calendar_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_decision d;
	bm_alert *a;

	if (!f->clerk || !bm_calendar_next_year_missing(&d, &ctx->policy, f->today))
		return 0;
	if (!(a = add(f, l, d.rule, d.code, f->today >= d.due_date ? "medium" : "low")))
		return bm_error_nomem();
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = f->today > d.due_date ? days_between(d.due_date, f->today) : 0;
	a->text_zh = bm_arena_strdup(ctx->arena, d.reason_zh);
	a->text_en = bm_arena_strdup(ctx->arena, d.reason_en);
	return 0;
}

/* ---- the yearly self-assessment: INSP-1, INSP-4 ---- */

/*
 * INSP-4 (INSP-1's month, inspection.self_assessment_month): the year's
 * self-assessment not started, or not signed by the clerk and the leader in
 * charge, in its month; overdue after it. Told to the clerk, who runs it.
 */
static int selfcheck_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_sa_row *sa = NULL;
	bm_decision d;
	bm_alert *a;
	int y = 0, m = 0, dd = 0, rc;

	if (!f->clerk)
		return 0;
	bm_date_to_ymd(f->today, &y, &m, &dd);
	rc = BM_STORE(ctx->store, sa_find_year)(ctx->store, ctx->arena, ctx->unit->id, y, &sa);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		sa = NULL;
	} else if (rc) {
		return rc;
	}
	if (!bm_rules_insp_sa_due(&d, &ctx->policy, sa != NULL, sa && sa->leader_signed_at,
	                          f->today))
		return 0;
	if (!(a = add(f, l, d.rule, d.code,
	              strcmp(d.code, "self_assessment_overdue") == 0 ? "high" : "medium")))
		return bm_error_nomem();
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = f->today > d.due_date ? days_between(d.due_date, f->today) : 0;
	a->text_zh = bm_arena_strdup(ctx->arena, d.reason_zh);
	a->text_en = bm_arena_strdup(ctx->arena, d.reason_en);
	return 0;
}

/* ---- the monthly report to the leadership: ORG-2 ---- */

/*
 * ORG-2: last month's report not recorded as delivered to the leadership
 * by report.monthly_day (a month that ended before the unit was set up owes
 * none). Told to the clerk, who writes and delivers it; it ends when the
 * delivery is recorded (bm_svc_report_deliver).
 */
static int report_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_report_delivery_row *delivery = NULL;
	bm_decision d;
	bm_alert *a;
	int y = 0, m = 0, dd = 0, rc;
	int32_t since = BM_DATE_NONE;
	int64_t t = 0;
	char period[16];

	if (!f->clerk)
		return 0;
	bm_date_to_ymd(f->today, &y, &m, &dd);
	bm_rules_report_previous_month(&y, &m);
	snprintf(period, sizeof(period), "%04d-%02d", y, m);
	rc = BM_STORE(ctx->store, report_delivery_find)(ctx->store, ctx->arena, ctx->unit->id,
	                                                "monthly", period, &delivery);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		delivery = NULL;
	} else if (rc) {
		return rc;
	}
	if (ctx->unit->created_at && bm_time_parse(ctx->unit->created_at, &t))
		since = bm_time_local_date(t, ctx->policy.tz_offset_minutes);
	if (!bm_rules_report_missing(&d, &ctx->policy, delivery != NULL, since, f->today, &y, &m))
		return 0;
	if (!(a = add(f, l, d.rule, d.code, "medium")))
		return bm_error_nomem();
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = days_between(d.due_date, f->today);
	a->text_zh = bm_arena_strdup(ctx->arena, d.reason_zh);
	a->text_en = bm_arena_strdup(ctx->arena, d.reason_en);
	return 0;
}

/* ---- incidents: INC-1, INC-4 ---- */

/*
 * INC-1 counts from the discovery recorded on the incident (the opening
 * for a record without one) until the report to the higher authority is
 * recorded (`*notified`); INC-4 from that report, or else from the
 * completion of the record (`*reported_at` 0: neither yet).
 */
static bool incident_times(const bm_incident_row *in, int64_t *discovered, bool *notified,
                           int64_t *reported_at)
{
	json_t *detail, *r, *notice;
	int64_t opened;
	if (!bm_time_parse(in->opened_at, &opened))
		return false;
	*discovered = opened;
	*reported_at = 0;
	detail = json_loads(in->detail ? in->detail : "{}", 0, NULL);
	r = detail ? json_object_get(detail, "discovered_at") : NULL;
	if (r && json_is_string(r) && !bm_time_parse(json_string_value(r), discovered))
		*discovered = opened;
	notice = detail ? json_object_get(detail, "notice") : NULL;
	*notified = notice != NULL;
	r = notice ? json_object_get(notice, "sent_at") : NULL;
	if (!r)
		r = detail ? json_object_get(detail, "reported_at") : NULL;
	if (r && (!json_is_string(r) || !bm_time_parse(json_string_value(r), reported_at)))
		*reported_at = opened;
	json_decref(detail);
	return true;
}

/* INC-1: the report to the higher authority, due within the policy's hours of the discovery. */
static bm_alert *report_alert(facts *f, alert_list *l, const bm_incident_row *in,
                              int64_t discovered)
{
	bm_ctx *ctx = f->ctx;
	bm_decision d;
	bool late;
	char iso[BM_ISO_TIME_LEN];
	bm_alert *a;
	bm_rules_incident_report_due(&d, &ctx->policy, discovered, f->now);
	late = strcmp(d.code, "report_overdue") == 0;
	if (!(a = add(f, l, d.rule, d.code, late ? "high" : "medium")))
		return NULL;
	bm_time_format(d.due_at, iso);
	a->due = bm_ledger_date_text(ctx,
	                             bm_time_local_date(d.due_at, ctx->policy.tz_offset_minutes));
	a->days_overdue = late ? (int)((f->now - d.due_at) / 86400) : 0;
	a->text_zh = bm_arena_printf(
	        ctx->arena, "事件 %lld 须在发现后 %d 小时内向上级报告（INC-1），期限 %s%s",
	        (long long)in->id, ctx->policy.incident_report_hours, iso, late ? "，已逾期" : "");
	a->text_en = bm_arena_printf(ctx->arena,
	                             "incident %lld: report it to the higher authority within %d "
	                             "hours of its discovery (INC-1), by %s%s",
	                             (long long)in->id, ctx->policy.incident_report_hours, iso,
	                             late ? "; it is late" : "");
	return a;
}

/* INC-4: findings within the policy's months of the report; *a stays NULL when not late. */
static int findings_alert(bm_alert **out, facts *f, alert_list *l, const bm_incident_row *in,
                          int64_t reported_at)
{
	bm_ctx *ctx = f->ctx;
	bm_decision d;
	bm_alert *a;
	*out = NULL;
	if (!bm_rules_incident_findings_overdue(
	            &d, &ctx->policy,
	            bm_time_local_date(reported_at, ctx->policy.tz_offset_minutes), f->today))
		return 0;
	if (!(a = add(f, l, d.rule, d.code, "medium")))
		return bm_error_nomem();
	a->due = bm_ledger_date_text(ctx, d.due_date);
	a->days_overdue = days_between(d.due_date, f->today);
	a->text_zh = bm_arena_printf(
	        ctx->arena, "事件 %lld 的调查结论应在 %d 个月内记录，已逾期 %d 日",
	        (long long)in->id, ctx->policy.incident_findings_months, a->days_overdue);
	a->text_en = bm_arena_printf(ctx->arena,
	                             "incident %lld: findings were due within %d months; %d days "
	                             "late",
	                             (long long)in->id, ctx->policy.incident_findings_months,
	                             a->days_overdue);
	*out = a;
	return 0;
}

static int incident_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_incident_row *rows;
	size_t n;
	int rc;
	/* INC-1, INC-4: the clerk's and the leadership's, who report and investigate. */
	if (!reaches(f, BM_AUDIENCE_LEADERSHIP, false))
		return 0;
	if ((rc = BM_STORE(ctx->store, incident_list)(ctx->store, ctx->arena, "open", 0, &rows,
	                                              &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_incident_row *in = &rows[i];
		int64_t discovered, reported_at;
		bool notified;
		bm_alert *a = NULL;
		if (in->carrier_id) {
			bm_carrier *c;
			if ((rc = visible(&c, f, in->carrier_id)) != 0)
				return rc;
			if (!c)
				continue;
		}
		if (!incident_times(in, &discovered, &notified, &reported_at))
			continue;
		if (!notified) {
			if (!(a = report_alert(f, l, in, discovered)))
				return bm_error_nomem();
			a->incident_id = in->id;
			a->carrier_id = in->carrier_id;
			a = NULL;
		}
		if (reported_at && !in->findings &&
		    (rc = findings_alert(&a, f, l, in, reported_at)) != 0)
			return rc;
		if (!a)
			continue;
		a->incident_id = in->id;
		a->carrier_id = in->carrier_id;
	}
	return 0;
}

/* ---- personal letters: REG-3 ---- */

/*
 * REG-3: a personal letter its addressee opened and declared classified is
 * handed back for registration within the registration limit of REG-2
 * (registration.max_days, default the same day). The clerk and the
 * addressee see the alert.
 */
static int letter_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_letter_row *rows;
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, letter_list)(ctx->store, ctx->arena, ctx->unit->id,
	                                            f->clerk ? 0 : ctx->actor->id, "to_register",
	                                            &rows, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int32_t opened = bm_ledger_local_date(ctx, rows[i].opened_at);
		bm_decision d;
		bm_alert *a;
		if (opened == BM_DATE_NONE ||
		    !bm_rules_letter_handback_overdue(&d, &ctx->policy, opened, f->today))
			continue;
		if (!(a = add(f, l, d.rule, d.code, "medium")))
			return bm_error_nomem();
		a->letter_id = rows[i].id;
		a->due = bm_ledger_date_text(ctx, d.due_date);
		a->days_overdue = days_between(d.due_date, f->today);
		a->text_zh = bm_arena_printf(
		        ctx->arena,
		        "亲启信件 %lld（%s 来信）已由%s拆封，涉密内容尚未交回登记（已 %d 日）",
		        (long long)rows[i].id, rows[i].sender,
		        rows[i].addressee_name ? rows[i].addressee_name : "收信人",
		        a->days_overdue);
		a->text_en = bm_arena_printf(
		        ctx->arena,
		        "personal letter %lld from '%s' opened by %s: its classified "
		        "contents are not yet handed back for registration (%d days)",
		        (long long)rows[i].id, rows[i].sender,
		        rows[i].addressee_name ? rows[i].addressee_name : "-", a->days_overdue);
	}
	return 0;
}

/* ---- the people register: PERSON-2/4/6/8, ORG-1 (issue 10) ---- */

static int person_alert(facts *f, alert_list *l, const bm_decision *d, const bm_person *p,
                        const char *urgency)
{
	bm_ctx *ctx = f->ctx;
	bm_alert *a = add(f, l, d->rule, d->code, urgency);
	if (!a)
		return bm_error_nomem();
	a->person_id = p->id;
	a->due = bm_ledger_date_text(ctx, d->due_date);
	a->days_overdue = d->due_date < f->today ? days_between(d->due_date, f->today) : 0;
	a->text_zh = bm_arena_printf(ctx->arena, "%s：%s（%s）", p->name, d->reason_zh,
	                             a->due ? a->due : "-");
	a->text_en = bm_arena_printf(ctx->arena, "%s: %s (%s)", p->name, d->reason_en,
	                             a->due ? a->due : "-");
	return 0;
}

/*
 * What the register asks of the clerk: statements and commitments due
 * (ORG-1, PERSON-2), training hours short by the year's end (PERSON-6), a
 * 脱密期 ending (PERSON-4), a traveller not reported back (PERSON-8). Only
 * people the register tracks; the clerk sees them.
 */
static int people_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_person *people = NULL;
	bm_person_trip *trips = NULL;
	size_t n = 0, nt = 0;
	int y = 0, m = 0, dd = 0;
	char from[BM_DATE_LEN], to[BM_DATE_LEN];
	int rc;

	if (!f->clerk)
		return 0;
	bm_date_to_ymd(f->today, &y, &m, &dd);
	snprintf(from, sizeof(from), "%04d-01-01", y);
	snprintf(to, sizeof(to), "%04d-12-31", y);
	if ((rc = BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id, &people,
	                                            &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_person_facts pf;
		bm_training_hours year;
		bm_decision d;
		if ((rc = bm_svc_person_register_facts(ctx, &people[i], &pf, NULL, NULL)) != 0)
			return rc;
		if (!pf.tracked)
			continue;
		if (bm_rules_statement_due(&d, &ctx->policy, &pf, f->today) &&
		    (rc = person_alert(f, l, &d, &people[i], "medium")) != 0)
			return rc;
		if (bm_rules_commitment_due(&d, &ctx->policy, &pf, f->today) &&
		    (rc = person_alert(f, l, &d, &people[i], "medium")) != 0)
			return rc;
		if (bm_rules_decl_ending(&d, &pf, f->today) &&
		    (rc = person_alert(f, l, &d, &people[i], "low")) != 0)
			return rc;
		if ((rc = BM_STORE(ctx->store, training_hours)(ctx->store, ctx->arena, people[i].id,
		                                               from, to, &year)) != 0)
			return rc;
		if (bm_rules_training_short(&d, &ctx->policy, &pf, year.tenths, f->today) &&
		    (rc = person_alert(f, l, &d, &people[i], "low")) != 0)
			return rc;
	}
	if ((rc = BM_STORE(ctx->store, trip_list)(ctx->store, ctx->arena, ctx->unit->id, 0, true,
	                                          &trips, &nt)) != 0)
		return rc;
	for (size_t i = 0; i < nt; i++) {
		int32_t ret = BM_DATE_NONE;
		bm_decision d;
		bm_person who = {.id = trips[i].person_id, .name = trips[i].person_name};
		if (!bm_date_parse(trips[i].return_on, &ret) ||
		    !bm_rules_trip_unreported(&d, &ctx->policy, ret, f->today))
			continue;
		if ((rc = person_alert(f, l, &d, &who, "high")) != 0)
			return rc;
	}
	return 0;
}

/* ---- the device register: DEV-3 (issue 10 point 3) ---- */

/*
 * DEV-3: a classified computer's or laptop's login password due, or falling
 * due within the warning window. The store gives the candidates by the
 * device_password index; the rule decides each. Told to the clerk (the
 * whole unit) and to the device's responsible person (their own).
 */
static int device_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_device *devs = NULL;
	size_t n = 0;
	const char *by;
	int rc;

	if (!ctx->actor)
		return 0;
	by = bm_ledger_date_text(ctx, bm_rules_device_password_alert_by(&ctx->policy, f->today));
	if (!by)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, device_password_due)(ctx->store, ctx->arena, ctx->unit->id,
	                                                    f->clerk ? 0 : ctx->actor->id, by,
	                                                    &devs, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_device *dv = &devs[i];
		int32_t changed = BM_DATE_NONE;
		bm_decision d;
		bm_alert *a;
		const char *holder = dv->holder_name ? dv->holder_name : "-";
		if (dv->password_changed_on && !bm_date_parse(dv->password_changed_on, &changed))
			changed = BM_DATE_NONE;
		bm_rules_device_password_due(&d, &ctx->policy, dv->kind, changed, f->today);
		if (d.due_date == BM_DATE_NONE)
			continue;
		if (!(a = add_kind(f, l, bm_rules_device_password_alert(d.due_date, f->today))))
			return bm_error_nomem();
		a->device_id = dv->id;
		a->due = bm_ledger_date_text(ctx, d.due_date);
		a->days_overdue = d.due_date < f->today ? days_between(d.due_date, f->today) : 0;
		a->text_zh = bm_arena_printf(
		        ctx->arena, "%s %s（责任人 %s）：登录口令%s（%s，每%d日更换，%s）",
		        bm_device_kind_names[dv->kind].zh, dv->number, holder,
		        d.alert ? "已到期未更换" : "即将到期", a->rule,
		        ctx->policy.device_password_days, a->due ? a->due : "-");
		a->text_en = bm_arena_printf(
		        ctx->arena,
		        "%s %s (responsible: %s): login password %s (%s, every %d days, %s)",
		        bm_device_kind_names[dv->kind].en, dv->number, holder,
		        d.alert ? "due and not changed" : "falls due soon", a->rule,
		        ctx->policy.device_password_days, a->due ? a->due : "-");
	}
	return 0;
}

/* ---- inspections: INSP-1, INSP-2 ---- */

/*
 * INSP-1: the regular inspection due or overdue by the policy's calendar
 * (from the latest regular inspection, or the unit's set-up), told to the
 * clerk and the leadership. INSP-2: a rectification notice past its
 * deadline and not closed, told to them and to the person answering for it.
 */
static int inspection_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bool inspector;
	bm_insp_filter inf = {0};
	bm_insp_rect_filter rf = {0};
	bm_insp_row *insp = NULL;
	bm_insp_rectification *rects = NULL;
	size_t n = 0;
	bm_decision d;
	bm_alert *a;
	int rc;

	if (!ctx->actor)
		return 0;
	/* INSP-1: the clerk's and the leadership's; INSP-2 also whoever answers for it. */
	inspector = reaches(f, BM_AUDIENCE_LEADERSHIP, false);
	if (inspector) {
		int32_t last = BM_DATE_NONE, since = f->today;
		int64_t t = 0;
		inf.unit_id = ctx->unit->id;
		inf.kind = bm_insp_kind_names[BM_INSP_REGULAR].code;
		if ((rc = BM_STORE(ctx->store, insp_list)(ctx->store, ctx->arena, &inf, &insp,
		                                          &n)) != 0)
			return rc;
		if (n && !bm_date_parse(insp[0].held_on, &last))
			last = BM_DATE_NONE;
		if (ctx->unit->created_at && bm_time_parse(ctx->unit->created_at, &t))
			since = bm_time_local_date(t, ctx->policy.tz_offset_minutes);
		if (bm_rules_insp_calendar(&d, &ctx->policy, last, since, f->today)) {
			bool late = strcmp(d.code, "inspection_overdue") == 0;
			if (!(a = add(f, l, d.rule, d.code, late ? "medium" : "low")))
				return bm_error_nomem();
			a->due = bm_ledger_date_text(ctx, d.due_date);
			a->days_overdue = late ? days_between(d.due_date, f->today) : 0;
			a->text_zh = bm_arena_strdup(ctx->arena, d.reason_zh);
			a->text_en = bm_arena_strdup(ctx->arena, d.reason_en);
		}
	}
	rf.unit_id = ctx->unit->id;
	rf.responsible_id = inspector ? 0 : ctx->actor->id;
	if (!(rf.due_before = bm_ledger_date_text(ctx, f->today)))
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, insp_rect_list)(ctx->store, ctx->arena, &rf, &rects, &n)) !=
	    0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_insp_rectification *r = &rects[i];
		int32_t deadline = BM_DATE_NONE;
		int st = bm_vocab_find(bm_insp_rect_status_names, BM_RECT_STATUS_COUNT, r->status);
		if (!bm_date_parse(r->deadline, &deadline) || st < 0 ||
		    !bm_rules_insp_rect_overdue(&d, r->id, (bm_insp_rect_status)st, deadline,
		                                f->today))
			continue;
		if (!(a = add(f, l, d.rule, d.code, "medium")))
			return bm_error_nomem();
		a->rectification_id = r->id;
		a->due = r->deadline;
		a->days_overdue = days_between(deadline, f->today);
		a->text_zh = bm_arena_printf(ctx->arena, "%s（%s，责任人 %s）：%s", d.reason_zh,
		                             r->department_name ? r->department_name : "-",
		                             r->responsible_name ? r->responsible_name : "-",
		                             r->finding);
		a->text_en = bm_arena_printf(
		        ctx->arena, "%s (%s, responsible: %s): %s", d.reason_en,
		        r->department_name ? r->department_name : "-",
		        r->responsible_name ? r->responsible_name : "-", r->finding);
	}
	return 0;
}

static int urgency_rank(const char *u)
{
	return strcmp(u, "high") == 0 ? 0 : strcmp(u, "medium") == 0 ? 1 : 2;
}

static int cmp_id(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Most urgent first, then by rule and code; within a kind the most overdue first. */
static int cmp_alert(const void *pa, const void *pb)
{
	const bm_alert *a = pa, *b = pb;
	int r = urgency_rank(a->urgency) - urgency_rank(b->urgency);
	if (r)
		return r;
	if ((r = strcmp(a->rule, b->rule)) != 0 || (r = strcmp(a->code, b->code)) != 0)
		return r;
	if (a->days_overdue != b->days_overdue)
		return b->days_overdue - a->days_overdue;
	if ((r = cmp_id(a->carrier_id, b->carrier_id)) || (r = cmp_id(a->loan_id, b->loan_id)) ||
	    (r = cmp_id(a->request_id, b->request_id)) ||
	    (r = cmp_id(a->dispatch_id, b->dispatch_id)) ||
	    (r = cmp_id(a->incident_id, b->incident_id)))
		return r;
	if ((r = cmp_id(a->letter_id, b->letter_id)) != 0)
		return r;
	if ((r = cmp_id(a->device_id, b->device_id)) != 0)
		return r;
	return cmp_id(a->rectification_id, b->rectification_id);
}

/* ---- the carriers' alerts: LEVEL-6, REG-2, KEEP-6, INV-4, counted and paged by index ---- */

/*
 * One kind of alert: either a run of the list the rules built in memory
 * (loans, dispatches, requests, counts, incidents, letters: as many as the
 * open cases, not the carriers), or the carriers of one index range, which
 * the store counts and pages (issue 17) and the rules word a page at a time.
 */
typedef struct bucket {
	const char *rule, *code, *urgency;
	int64_t count;
	size_t first;  /* in memory: where the kind's run starts */
	bool carriers; /* the carriers of `range` */
	bm_alert_range range;
} bucket;

static int cmp_bucket(const void *pa, const void *pb)
{
	const bucket *a = pa, *b = pb;
	int r = urgency_rank(a->urgency) - urgency_rank(b->urgency);
	if (r)
		return r;
	if ((r = strcmp(a->rule, b->rule)) != 0)
		return r;
	return strcmp(a->code, b->code);
}

/* The carriers' kinds with their ranges, as src/policy bounds them; counts not yet known. */
static size_t carrier_kinds(facts *f, bucket *b)
{
	bm_ctx *ctx = f->ctx;
	const bm_alert_rule *k;
	int32_t ended_by, ending_by;
	bm_decision d;
	size_t n = 0;
	char *since = bm_arena_alloc(ctx->arena, BM_ISO_TIME_LEN);

	bm_rules_period_alert_days(&ctx->policy, f->today, &ended_by, &ending_by);
	k = bm_policy_alert(BM_ALERT_PERIOD_ENDED);
	b[n++] = (bucket){k->rule,
	                  k->code,
	                  k->urgency,
	                  0,
	                  0,
	                  true,
	                  {.set = BM_ALERT_SET_PERIOD, .to = bm_ledger_date_text(ctx, ended_by)}};
	k = bm_policy_alert(BM_ALERT_PERIOD_ENDING);
	b[n++] = (bucket){k->rule,
	                  k->code,
	                  k->urgency,
	                  0,
	                  0,
	                  true,
	                  {.set = BM_ALERT_SET_PERIOD,
	                   .from = bm_ledger_date_text(ctx, ended_by + 1),
	                   .to = bm_ledger_date_text(ctx, ending_by)}};
	/* REG-2: registered within the lookback, local days. */
	if (since)
		bm_time_format((int64_t)(f->today - REG2_LOOKBACK_DAYS) * 86400 -
		                       (int64_t)ctx->policy.tz_offset_minutes * 60,
		               since);
	k = bm_policy_alert(BM_ALERT_LATE_REGISTRATION);
	b[n++] = (bucket){k->rule,
	                  k->code,
	                  k->urgency,
	                  0,
	                  0,
	                  true,
	                  {.set = BM_ALERT_SET_REGISTRATION,
	                   .since = since,
	                   .late_seconds = bm_rules_registration_late_seconds(&ctx->policy)}};
	/* KEEP-6: told to the clerk and to the keeper; the rule names itself. */
	bm_rules_keeping_expired(&d, f->today - 1, f->today);
	b[n++] = (bucket){d.rule,
	                  d.code,
	                  "medium",
	                  0,
	                  0,
	                  true,
	                  {.set = BM_ALERT_SET_KEEPING,
	                   .to = bm_ledger_date_text(ctx, bm_rules_keeping_expired_by(f->today)),
	                   .custodian_id = f->clerk ? 0 : ctx->actor->id}};
	k = bm_policy_alert(BM_ALERT_CARRIER_MISSING);
	b[n++] = (bucket){k->rule, k->code, k->urgency, 0, 0, true, {.set = BM_ALERT_SET_MISSING}};
	/* REG-5: unhandled items received by yesterday (urgent: due the day they arrive) or
	 * more than handling_days ago (ordinary ones), as bm_rules_handling_due says. */
	k = bm_policy_alert(BM_ALERT_HANDLING_OVERDUE);
	b[n++] = (bucket){
	        k->rule,
	        k->code,
	        k->urgency,
	        0,
	        0,
	        true,
	        {.set = BM_ALERT_SET_HANDLING,
	         .from = bm_ledger_date_text(ctx, f->today - ctx->policy.handling_days - 1),
	         .to = bm_ledger_date_text(ctx, f->today - 1)}};
	return n;
}

/* Who a carrier kind is for, besides the clerk. */
static bm_alert_audience carrier_audience(bm_alert_set set)
{
	switch (set) {
	case BM_ALERT_SET_PERIOD: return BM_AUDIENCE_CLASSIFIER;
	case BM_ALERT_SET_MISSING: return BM_AUDIENCE_LEADERSHIP;
	case BM_ALERT_SET_REGISTRATION:
	case BM_ALERT_SET_KEEPING:
	case BM_ALERT_SET_HANDLING: break;
	}
	return BM_AUDIENCE_CLERK;
}

/* The alerts of `limit` carriers from `offset` of a carrier kind, worded by the rules. */
static int carrier_page(facts *f, alert_list *l, const bucket *b, int64_t offset, int64_t limit)
{
	bm_ctx *ctx = f->ctx;
	bm_carrier *cs;
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, carrier_alerts)(ctx->store, ctx->arena, &f->viewer,
	                                               &b->range, offset, limit, NULL, &cs, &n)) !=
	    0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_carrier *c = &cs[i];
		switch (b->range.set) {
		case BM_ALERT_SET_PERIOD: rc = period_alert(f, l, c); break;
		case BM_ALERT_SET_REGISTRATION: rc = registration_alert(f, l, c); break;
		case BM_ALERT_SET_KEEPING: rc = keeping_alert(f, l, c); break;
		case BM_ALERT_SET_MISSING: rc = missing_alert(f, l, c); break;
		case BM_ALERT_SET_HANDLING: rc = handling_alert(f, l, c); break;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- SYS-1: the administrators, to the audit administrator (issue 9 point 1) ---- */

static const char *filing_zh(const char *kind)
{
	return kind && strcmp(kind, "create") == 0 ? "开通账户" : "重置密码";
}

static const char *filing_en(const char *kind)
{
	return kind && strcmp(kind, "create") == 0 ? "account creation" : "password reset";
}

/*
 * The roles of an `admin_roles` alert ("sysadmin -> -, auditor") in words
 * (arena), Chinese or English: the auditor's screen names roles, not codes,
 * in either language. NULL on no memory.
 */
static const char *roles_words(bm_ctx *ctx, const char *detail, bool zh)
{
	const char *s = "", *p = detail;
	while (s && *p) {
		char word[32] = "";
		const char *w;
		size_t n;
		int r;
		if (*p == ',' || *p == ' ') {
			s = bm_arena_printf(ctx->arena, "%s%s", s,
			                    *p == ',' ? (zh ? "、" : ",") : " ");
			p++;
			continue;
		}
		n = strcspn(p, ", ");
		if (n < sizeof(word))
			memcpy(word, p, n);
		r = bm_role_parse(word);
		w = strcmp(word, "->") == 0  ? "→"
		    : strcmp(word, "-") == 0 ? (zh ? "无" : "none")
		                             : NULL;
		if (!w && r >= 0)
			w = zh ? bm_role_names[r].zh : bm_role_names[r].en;
		s = w ? bm_arena_printf(ctx->arena, "%s%s", s, w)
		      : bm_arena_printf(ctx->arena, "%s%.*s", s, (int)n, p);
		p += n;
	}
	return s;
}

/*
 * An instant as the unit's clock shows it, to the minute: "2024年12月9日 09:08"
 * (zh) or "2024-12-09 09:08" (en), in the unit's time zone (policy
 * tz_offset_minutes) — the auditor reads local times, not a UTC stamp. The
 * stored text as it is when it does not parse; NULL on no memory.
 */
static const char *local_minute(bm_ctx *ctx, const char *at, bool zh)
{
	int64_t t, local;
	int32_t day;
	int y, m, d, secs;
	if (!at || !bm_time_parse(at, &t))
		return at ? at : "-";
	local = t + (int64_t)ctx->policy.tz_offset_minutes * 60;
	day = (int32_t)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	secs = (int)(local - (int64_t)day * 86400);
	bm_date_to_ymd(day, &y, &m, &d);
	return zh ? bm_arena_printf(ctx->arena, "%d年%d月%d日 %02d:%02d", y, m, d, secs / 3600,
	                            secs / 60 % 60)
	          : bm_arena_printf(ctx->arena, "%04d-%02d-%02d %02d:%02d", y, m, d, secs / 3600,
	                            secs / 60 % 60);
}

/* An `admin_roles` alert's words: who changed whose roles, from what to what. */
static int roles_text(bm_ctx *ctx, bm_alert *a, const char *at_zh, const char *at_en,
                      const char *who, const char *whom, const char *detail)
{
	const char *roles = roles_words(ctx, detail, true);
	const char *roles_en = roles_words(ctx, detail, false);
	if (!roles || !roles_en)
		return bm_error_nomem();
	a->text_zh =
	        bm_arena_printf(ctx->arena, "%s %s 变更“%s”的角色：%s", at_zh, who, whom, roles);
	a->text_en = bm_arena_printf(ctx->arena, "%s %s changed the roles of '%s': %s", at_en, who,
	                             whom, roles_en);
	return 0;
}

static int admin_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_admin_alert *v = NULL;
	size_t n = 0;
	char now[BM_ISO_TIME_LEN];
	int rc;
	bm_time_format(f->now, now);
	if ((rc = BM_STORE(ctx->store, admin_alert_open)(ctx->store, ctx->arena, ctx->unit->id, now,
	                                                 &v, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_admin_alert *r = &v[i];
		bm_alert_kind kind = bm_rules_admin_alert(r->kind);
		const char *who = r->actor_name ? r->actor_name : "-";
		const char *whom = r->person_name ? r->person_name : "-";
		const char *detail = r->detail ? r->detail : "";
		long long fid = (long long)r->filing_id;
		const char *at_zh = local_minute(ctx, r->at, true);
		const char *at_en = local_minute(ctx, r->at, false);
		bm_alert *a = add_kind(f, l, kind);
		if (!a || !at_zh || !at_en)
			return bm_error_nomem();
		a->admin_alert_id = r->id;
		a->filing_id = r->filing_id;
		a->person_id = r->person_id;
		switch (kind) {
		case BM_ALERT_ACCOUNT_FILED:
			a->text_zh = bm_arena_printf(ctx->arena, "%s %s 申请%s“%s”（申请 %lld）",
			                             at_zh, who, filing_zh(detail), whom, fid);
			a->text_en =
			        bm_arena_printf(ctx->arena, "%s %s filed: %s of '%s' (filing %lld)",
			                        at_en, who, filing_en(detail), whom, fid);
			break;
		case BM_ALERT_ACCOUNT_APPROVED:
			a->text_zh = bm_arena_printf(ctx->arena, "%s %s 批准%s“%s”（申请 %lld）",
			                             at_zh, who, filing_zh(detail), whom, fid);
			a->text_en = bm_arena_printf(ctx->arena,
			                             "%s %s approved the %s of '%s' (filing %lld)",
			                             at_en, who, filing_en(detail), whom, fid);
			break;
		case BM_ALERT_ACCOUNT_REFUSED:
			a->text_zh = bm_arena_printf(ctx->arena, "%s %s 拒绝%s“%s”（申请 %lld）",
			                             at_zh, who, filing_zh(detail), whom, fid);
			a->text_en = bm_arena_printf(ctx->arena,
			                             "%s %s refused the %s of '%s' (filing %lld)",
			                             at_en, who, filing_en(detail), whom, fid);
			break;
		case BM_ALERT_ACCOUNT_FILING_EXPIRED:
			a->text_zh = bm_arena_printf(ctx->arena,
			                             "%s %s 提出的%s“%s”（申请 %lld）过期未决",
			                             at_zh, who, filing_zh(detail), whom, fid);
			a->text_en = bm_arena_printf(
			        ctx->arena,
			        "%s the %s of '%s' filed by %s (filing %lld) expired undecided",
			        at_en, filing_en(detail), whom, who, fid);
			break;
		case BM_ALERT_ADMIN_DISABLED:
		case BM_ALERT_ADMIN_ENABLED: {
			bool off = kind == BM_ALERT_ADMIN_DISABLED;
			a->text_zh = bm_arena_printf(ctx->arena, "%s %s %s管理员账户“%s”", at_zh,
			                             who, off ? "停用" : "启用", whom);
			a->text_en = bm_arena_printf(
			        ctx->arena, "%s %s %s the administrator account '%s'", at_en, who,
			        off ? "disabled" : "enabled", whom);
			break;
		}
		default: {
			if ((rc = roles_text(ctx, a, at_zh, at_en, who, whom, detail)) != 0)
				return rc;
			break;
		}
		}
	}
	return 0;
}

static bool selected(const bm_alert_query *q, const bucket *b)
{
	return (!q->code || strcmp(q->code, b->code) == 0) &&
	       (!q->urgency || strcmp(q->urgency, b->urgency) == 0);
}

/* ---- the responsibility system: ORG-1 (issue 11 point 6) ---- */

/*
 * ORG-1: no leadership group, no head or leader in charge, a department
 * without its responsible leader or clerk, a member's or responsible
 * leader's statement missing or lapsed. Told to the clerk, who keeps it,
 * and to the leadership; a lapse the people register tells is left to it.
 */
static int duty_alerts(facts *f, alert_list *l)
{
	bm_ctx *ctx = f->ctx;
	bm_alert *v = NULL;
	size_t n = 0;
	int rc;

	if (!ctx->actor || !reaches(f, BM_AUDIENCE_LEADERSHIP, false))
		return 0;
	if ((rc = bm_svc_duty_alerts(ctx, f->today, f->clerk, &v, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_alert *a = add(f, l, v[i].rule, v[i].code, v[i].urgency);
		if (!a)
			return bm_error_nomem();
		*a = v[i];
	}
	return 0;
}

/*
 * Every kind with alerts, in the answer's order, in b[0..*nb): the runs of
 * `l` (which the rules built in memory, sorted here) and the carriers' kinds
 * the store counts by index. b holds l->n + 8 entries.
 */
static int kinds_of(facts *f, alert_list *l, bucket *b, size_t *nb)
{
	bm_ctx *ctx = f->ctx;
	size_t n = 0, first, k;
	int rc;
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_alert);
	for (size_t i = 0; i < l->n; i++) {
		bucket key = {
		        .rule = l->v[i].rule, .code = l->v[i].code, .urgency = l->v[i].urgency};
		if (!l->v[i].text_zh || !l->v[i].text_en)
			return bm_error_nomem();
		if (n && cmp_bucket(&b[n - 1], &key) == 0) {
			b[n - 1].count++;
			continue;
		}
		key.count = 1;
		key.first = i;
		b[n++] = key;
	}
	first = n;
	/* The auditor sees no carrier (SYS-2): only the alerts about the administrators. */
	k = f->auditor ? 0 : carrier_kinds(f, &b[n]);
	for (size_t i = first; i < first + k; i++) {
		const bm_alert_range *r = &b[i].range;
		/* Beyond what the reader may see (SYS-2), whom each kind is for:
		 * KEEP-6 the keeper (the range names them), LEVEL-6 the
		 * classification authority, INV-4 the leadership, REG-2 and REG-5
		 * the clerk, who registers and hands out. */
		if (!reaches(f, carrier_audience(r->set), r->set == BM_ALERT_SET_KEEPING))
			continue;
		if ((r->set == BM_ALERT_SET_PERIOD || r->set == BM_ALERT_SET_KEEPING ||
		     r->set == BM_ALERT_SET_HANDLING) &&
		    !r->to)
			return bm_error_nomem();
		if (r->set == BM_ALERT_SET_REGISTRATION && !r->since)
			return bm_error_nomem();
		if ((rc = BM_STORE(ctx->store, carrier_alerts)(
		             ctx->store, ctx->arena, &f->viewer, r, 0, 0, &b[i].count,
		             &(bm_carrier *){0}, &(size_t){0})) != 0)
			return rc;
		if (b[i].count)
			b[n++] = b[i];
	}
	/* One kind is never both in memory and in the store: the order is total. */
	if (n > 1)
		qsort(b, n, sizeof(*b), cmp_bucket);
	*nb = n;
	return 0;
}

/* The page `q` asks for, walking the kinds in order: each count says what to skip. */
static int alerts_page(facts *f, const bm_alert_query *q, bm_alert_page *out)
{
	bm_ctx *ctx = f->ctx;
	alert_list l = {0}, page = {0};
	bucket *b;
	size_t nb = 0;
	int64_t skip = q->offset > 0 ? q->offset : 0, want = q->limit > 0 ? q->limit : INT64_MAX;
	int rc;

	/* What the rules decide in memory: as many as the open cases. */
	if (f->auditor) {
		if ((rc = admin_alerts(f, &l)) != 0)
			return rc;
	} else if ((rc = loan_alerts(f, &l)) != 0 || (rc = dispatch_alerts(f, &l)) != 0 ||
	           (rc = request_alerts(f, &l)) != 0 || (rc = count_alerts(f, &l)) != 0 ||
	           (rc = calendar_alerts(f, &l)) != 0 || (rc = incident_alerts(f, &l)) != 0 ||
	           (rc = letter_alerts(f, &l)) != 0 || (rc = people_alerts(f, &l)) != 0 ||
	           (rc = device_alerts(f, &l)) != 0 || (rc = inspection_alerts(f, &l)) != 0 ||
	           (rc = selfcheck_alerts(f, &l)) != 0 || (rc = report_alerts(f, &l)) != 0)
		return rc;
	/* ORG-1: the responsibility system's gaps (service/duty.c). */
	if (!f->auditor && (rc = duty_alerts(f, &l)) != 0)
		return rc;
	if (!(b = bm_arena_alloc(ctx->arena, (l.n + 8) * sizeof(*b))) ||
	    !(out->kinds = bm_arena_alloc(ctx->arena, (l.n + 8) * sizeof(*out->kinds))))
		return bm_error_nomem();
	if ((rc = kinds_of(f, &l, b, &nb)) != 0)
		return rc;
	out->n_kinds = nb;
	out->total = 0;
	for (size_t i = 0; i < nb; i++) {
		int64_t take;
		out->kinds[i] =
		        (bm_alert_kind_count){b[i].rule, b[i].code, b[i].urgency, b[i].count};
		if (!selected(q, &b[i]))
			continue;
		out->total += b[i].count;
		if (want == 0 || skip >= b[i].count) {
			skip -= want ? b[i].count : 0;
			continue;
		}
		take = b[i].count - skip < want ? b[i].count - skip : want;
		if (b[i].carriers) {
			if ((rc = carrier_page(f, &page, &b[i], skip, take)) != 0)
				return rc;
		} else {
			for (int64_t k = 0; k < take; k++) {
				bm_alert *a = add(f, &page, "", "", "");
				if (!a)
					return bm_error_nomem();
				*a = l.v[b[i].first + (size_t)(skip + k)];
			}
		}
		want -= take;
		skip = 0;
	}
	for (size_t i = 0; i < page.n; i++)
		if (!page.v[i].text_zh || !page.v[i].text_en)
			return bm_error_nomem();
	if (!page.v && !(page.v = bm_arena_alloc(ctx->arena, sizeof(*page.v))))
		return bm_error_nomem();
	out->items = page.v;
	out->n = page.n;
	return 0;
}

int bm_svc_alerts_page(bm_ctx *ctx, int64_t now, const bm_alert_query *q, bm_alert_page *out)
{
	facts f = {.ctx = ctx, .now = now};
	json_t *detail = json_object();
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	/*
	 * SYS-1: the audit administrator is told of every change the other two
	 * make to the accounts (issue 9 point 1); the other administrators see
	 * no alert.
	 */
	f.auditor = ctx->actor && bm_ctx_has_role(ctx, BM_ROLE_AUDITOR);
	if ((rc = f.auditor ? bm_svc_require_actor(ctx) : bm_svc_require_reader(ctx)) != 0)
		goto done;
	f.today = bm_time_local_date(now, ctx->policy.tz_offset_minutes);
	f.clerk = bm_ctx_has_role(ctx, BM_ROLE_CLERK);
	f.reader.clerk = f.clerk;
	f.reader.leadership =
	        bm_ctx_has_role(ctx, BM_ROLE_LEADER) || bm_ctx_has_role(ctx, BM_ROLE_PRINCIPAL);
	f.reader.classifier = bm_ctx_has_role(ctx, BM_ROLE_CLASSIFIER);
	bm_svc_viewer(ctx, &f.viewer);
	if ((rc = alerts_page(&f, q, out)) != 0)
		goto done;
	{
		char iso[BM_ISO_TIME_LEN];
		bm_time_format(now, iso);
		json_object_set_new(detail, "now", json_string(iso));
		json_object_set_new(detail, "count", json_integer((json_int_t)out->total));
		if (q->limit > 0) {
			json_object_set_new(detail, "limit", json_integer((json_int_t)q->limit));
			json_object_set_new(detail, "offset", json_integer((json_int_t)q->offset));
		}
		if (q->code)
			json_object_set_new(detail, "code", json_string(q->code));
		if (q->urgency)
			json_object_set_new(detail, "urgency", json_string(q->urgency));
	}
done:
	return bm_svc_end(ctx, rc, "alerts.list", "", bm_svc_json(ctx, detail));
}

int bm_svc_alerts(bm_ctx *ctx, int64_t now, bm_alert **out, size_t *count)
{
	bm_alert_query q = {0};
	bm_alert_page p;
	int rc = bm_svc_alerts_page(ctx, now, &q, &p);
	if (rc == 0) {
		*out = p.items;
		*count = p.n;
	}
	return rc;
}

json_t *bm_alert_to_json(const bm_alert *a)
{
	json_t *o = json_object();
#define ID(key, v) json_object_set_new(o, key, (v) ? json_integer(v) : json_null())
	json_object_set_new(o, "rule", json_string(a->rule));
	json_object_set_new(o, "code", json_string(a->code ? a->code : ""));
	json_object_set_new(o, "urgency", json_string(a->urgency));
	json_object_set_new(o, "message", json_string(a->text_zh));
	json_object_set_new(o, "message_en", json_string(a->text_en));
	ID("carrier_id", a->carrier_id);
	ID("request_id", a->request_id);
	ID("loan_id", a->loan_id);
	ID("dispatch_id", a->dispatch_id);
	ID("incident_id", a->incident_id);
	ID("letter_id", a->letter_id);
	/* SYS-1: the auditor's alerts name what to acknowledge. */
	if (a->device_id)
		ID("device_id", a->device_id);
	if (a->rectification_id)
		ID("rectification_id", a->rectification_id);
	if (a->admin_alert_id || a->filing_id || a->person_id) {
		ID("admin_alert_id", a->admin_alert_id);
		ID("filing_id", a->filing_id);
		ID("person_id", a->person_id);
	}
#undef ID
	json_object_set_new(o, "due", a->due && *a->due ? json_string(a->due) : json_null());
	json_object_set_new(o, "days_overdue", json_integer(a->days_overdue));
	json_object_set_new(o, "incident_candidate", json_boolean(a->incident_candidate));
	return o;
}
