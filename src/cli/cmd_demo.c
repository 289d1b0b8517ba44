/*
 * cmd_demo.c — `baomi demo`: a realistic demo unit in an empty database.
 *
 * Everything is created through the services, one use case (one
 * transaction, one audit event) at a time, exactly as a clerk and the three
 * administrators would have done it over the last two years: the generator
 * sets ctx.now before each call, walking forward from about 730 days before
 * bm_time_now(). Choices come from fixed pseudo-random sequences, so with
 * a fixed BAOMI_NOW two runs produce the same ledger.
 *
 * The unit is the same whatever day it is made on: what exists (each
 * registration's subject, level, department, place and keeper, each planned
 * move, the people and devices) is drawn from a sequence of its own, restarted
 * for each registration slot and each part of the unit (reseed), and the
 * minutes of the clock from another (d->clock). Only the dates move with the
 * day, so a weekend or a month end near "now" cannot shift one draw and with
 * it everything drawn after (the browser and API suites make the demo at the
 * real clock and rely on what it holds).
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/device.h"
#include "service/duty.h"
#include "service/ledger.h"
#include "service/meeting.h"
#include "service/inspection.h"
#include "service/merit.h"
#include "service/selfcheck.h"
#include "service/site.h"
#include "cli/demo_data.h"
#include "service/people.h"
#include "service/report.h"
#include "util/timeutil.h"

enum {
	DEMO_DAYS = 730,   /* how far back the unit was set up */
	MAX_PENDING = 256, /* moves waiting for their date */
	MAX_COUNTERS = 64, /* document-number series (prefix, year) */
};

/* reseed() tags: the parts of the unit are 1..12, the meeting and each registration slot. */
#define DEMO_TAG_MEETING UINT64_C(900)
#define DEMO_TAG_SLOT    UINT64_C(1000)

/* A move (移存) planned for a later date, so history interleaves with registrations. */
typedef struct move_plan {
	int64_t carrier_id;
	int64_t due;
	const char *place;
	const char *custodian;
	const char *reason;
} move_plan;

typedef struct doc_counter {
	const char *prefix;
	int year;
	int next;
} doc_counter;

typedef struct demo {
	bm_cli_session *s;
	bm_ctx *ctx;       /* &s->ctx */
	uint64_t rng;      /* what happens: subjects, levels, places, keepers, plans */
	uint64_t clock;    /* when in the day it happens: the minutes of office_time and set_now */
	int tz;            /* the unit's offset from UTC, minutes */
	int32_t setup_day; /* the day the unit was created */
	int32_t first_day; /* first and last day of registrations */
	int32_t last_day;
	int64_t last;     /* the latest instant used so far: time only moves forward */
	int64_t end;      /* the demo's end point: now */
	const char *step; /* what was being done, for the error report */

	move_plan pending[MAX_PENDING];
	size_t n_pending;
	doc_counter counters[MAX_COUNTERS];
	size_t n_counters;

	/* SYS-1: the sysadmin's halves of the new accounts' first secrets, by demo_people index. */
	bm_filing_half halves[64];

	/* SYS-3: the unit's audit key and first checkpoint, made as `init` makes them. */
	bm_checkpoint_outcome anchor;

	/* What was created, for the summary. */
	int n_departments, n_people, n_accounts, n_places, n_grants;
	int n_carriers, n_moves, n_late, n_made_docs;
	int n_sites, n_site_visits; /* SITE-1 */
	int64_t site_id;            /* the key place, recorded at the start */
	int32_t meeting_day;        /* MEET-1: the classified meeting's day */
	bool meeting_held;
	int n_meetings, n_meeting_out; /* MEET-1, MEET-2 */
	int by_level[BM_LEVEL_COUNT];
	int by_kind[BM_KIND_COUNT];
	int by_origin[BM_ORIGIN_COUNT];
	int64_t first_registered, last_registered;
} demo;

/* ---- clock and chance ---------------------------------------------------- */

/* xorshift64*: small, portable and the same on every platform. */
static uint64_t next(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * UINT64_C(2685821657736338717);
}

static uint64_t rnd(demo *d)
{
	return next(&d->rng);
}

/* A time draw: the clock's own sequence, so how many times are drawn never moves a choice. */
static int clock_below(demo *d, int n)
{
	return n > 0 ? (int)((next(&d->clock) >> 33) % (uint64_t)n) : 0;
}

/*
 * Restarts both sequences for the part of the unit named by `tag` (splitmix64
 * of the seed and the tag: never zero, which xorshift could not leave).
 */
static void reseed(demo *d, uint64_t tag)
{
	uint64_t z = UINT64_C(0x9E3779B97F4A7C15) + tag * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	d->rng = z ? z : 1;
	d->clock = (z * UINT64_C(0xD6E8FEB86659FD93)) | 1;
}

static int below(demo *d, int n)
{
	return n > 0 ? (int)((rnd(d) >> 33) % (uint64_t)n) : 0;
}

static bool chance(demo *d, int percent)
{
	return below(d, 100) < percent;
}

/* The instant of `minute` past local midnight on `day`. */
static int64_t local_instant(const demo *d, int32_t day, int minute)
{
	return (int64_t)day * 86400 + (int64_t)minute * 60 - (int64_t)d->tz * 60;
}

/* The next working day (Monday to Friday) on or after `day`. */
static int32_t workday_from(int32_t day)
{
	while (bm_date_weekday(day) >= 5)
		day++;
	return day;
}

/* The last working day on or before `day`. */
static int32_t workday_until(int32_t day)
{
	while (bm_date_weekday(day) >= 5)
		day--;
	return day;
}

/* A time during office hours (08:30–17:00) on a working day near `day`. */
static int64_t office_time(demo *d, int32_t day)
{
	int32_t w = workday_from(day);
	if (w > d->last_day)
		w = workday_until(d->last_day);
	return local_instant(d, w, 8 * 60 + 30 + clock_below(d, 8 * 60 + 30));
}

/* Sets the clock for the next use case; the audit chain only moves forward. */
static void set_now(demo *d, int64_t t)
{
	if (t <= d->last)
		t = d->last + 60 + clock_below(d, 240);
	d->last = t;
	d->ctx->now = t;
}

static int32_t today_of(const demo *d)
{
	return bm_time_local_date(d->ctx->now, d->tz);
}

static const char *date_text(demo *d, int32_t day)
{
	char buf[BM_DATE_LEN];
	bm_date_format(day, buf);
	return bm_arena_strdup(d->ctx->arena, buf);
}

static int year_of(int32_t day)
{
	int y, m, dd;
	bm_date_to_ymd(day, &y, &m, &dd);
	return y;
}

/* ---- text ---------------------------------------------------------------- */

/* 文号: prefix〔year〕N号, numbered in order within each series and year. */
static const char *doc_number(demo *d, const char *prefix, int year)
{
	doc_counter *c = NULL;
	for (size_t i = 0; i < d->n_counters; i++)
		if (d->counters[i].year == year && strcmp(d->counters[i].prefix, prefix) == 0)
			c = &d->counters[i];
	if (!c) {
		if (d->n_counters == MAX_COUNTERS)
			c = &d->counters[0]; /* cannot happen with the tables as they are */
		else
			c = &d->counters[d->n_counters++];
		/*
		 * Where the year's numbering starts comes from the series and the
		 * year, not from a draw: which registration first meets a new year
		 * depends on the day the demo is made.
		 */
		uint32_t h = 2166136261u ^ (uint32_t)year;
		for (const char *p = prefix; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		c->prefix = prefix;
		c->year = year;
		c->next = 1 + (int)(h % 12u);
	}
	c->next += 1 + below(d, 6);
	return bm_arena_printf(d->ctx->arena, "%s〔%d〕%d号", prefix, year, c->next);
}

/*
 * The title, with the year put in when the subject has one. Examinations
 * are prepared ahead: from July on, exam papers name next year's exam.
 */
static const char *title_of(demo *d, const char *pre, const char *post, int32_t day)
{
	int year, month, mday;
	if (!post)
		return pre;
	bm_date_to_ymd(day, &year, &month, &mday);
	if (month >= 7 && strstr(post, "考") && !strstr(post, "年度"))
		year++;
	return bm_arena_printf(d->ctx->arena, "%s%d%s", pre, year, post);
}

/* ---- failures ------------------------------------------------------------ */

/* Says which step of the demo failed; the error itself is printed by bm_cli_fail. */
static int failed(demo *d, int rc)
{
	if (rc && d->step)
		fprintf(stderr, "baomi demo: 失败于：%s / failed at: %s\n", d->step, d->step);
	return rc;
}

static int login(demo *d, const char *username)
{
	d->step = username;
	set_now(d, d->last + 60 + below(d, 600));
	return bm_svc_login(d->ctx, username, DEMO_PASSWORD);
}

/* ---- organisation -------------------------------------------------------- */

/*
 * The three administrators made by `init` must change their password at
 * first login, and the people set theirs in the back-dated setup. The demo's
 * accounts keep the published demo password, counted as set at the demo's end
 * point (SYS-4 password age): the service for that
 * (bm_svc_demo_keep_passwords) serves the demo alone, before any carrier.
 */
static int keep_demo_passwords(demo *d)
{
	const char *names[BM_ARRAY_LEN(demo_people) + 1];
	size_t n = 0;

	names[n++] = "sysadmin";
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++)
		if (demo_people[i].username)
			names[n++] = demo_people[i].username;
	return bm_svc_demo_keep_passwords(d->ctx, names, n, d->end);
}

_Static_assert(BM_ARRAY_LEN(demo_people) <= 64, "demo.halves holds every demo person");

/* The demo person holding the administrator role `role` ("secadmin", "auditor"). */
static const struct demo_person *demo_admin(const char *role)
{
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++)
		if (demo_people[i].admin_role && strcmp(demo_people[i].admin_role, role) == 0)
			return &demo_people[i];
	return NULL;
}

/* The system administrator's part: unit, departments, people and accounts. */
static int build_organisation(demo *d)
{
	int64_t t = local_instant(d, d->setup_day, 8 * 60 + 40);
	int rc;

	d->step = "init";
	/* On a database that has a unit the refusal is recorded at the real "now". */
	if (!d->ctx->unit)
		set_now(d, t);
	{
		const struct demo_person *sec = demo_admin("secadmin"),
		                         *aud = demo_admin("auditor");
		const bm_init_admin admins[3] = {
		        {"sysadmin", DEMO_SYSADMIN_NAME},
		        {sec->username, sec->name},
		        {aud->username, aud->name},
		};
		rc = bm_svc_init_unit_admins(d->ctx, DEMO_UNIT, admins, DEMO_PASSWORD);
	}
	if (rc != 0) {
		if (rc == BM_ECONFLICT) {
			/* The refusal is already audited; add what the user should do. */
			bm_error e;
			char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
			bm_error_save(&e);
			snprintf(zh, sizeof(zh),
			         "%.400s；演示单位只能建立在空数据库中，请指定新的 --db 路径",
			         e.message);
			snprintf(en, sizeof(en),
			         "%.400s; the demo unit needs an empty database, give a new --db "
			         "path",
			         e.message_en);
			bm_error_set_msg(rc, e.code, e.rule[0] ? e.rule : NULL, zh, en);
			d->step = NULL;
		}
		return rc;
	}
	/* SYS-3: the key outside the database and the first checkpoint, as `init` makes them. */
	d->step = "audit key";
	if ((rc = bm_cli_anchor_new_unit(d->s, &d->anchor)) != 0)
		return rc;
	d->n_people = 3;
	d->n_accounts = 3;
	if ((rc = login(d, "sysadmin")) != 0)
		return rc;

	for (size_t i = 0; i < D_COUNT; i++) {
		bm_department *dep;
		d->step = demo_departments[i].name;
		set_now(d, d->last + 120 + below(d, 300));
		if ((rc = bm_svc_department_add(d->ctx, demo_departments[i].name,
		                                demo_departments[i].code, &dep)) != 0)
			return rc;
		d->n_departments++;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++) {
		const struct demo_person *p = &demo_people[i];
		bm_person_input in = {
		        .username = p->username,
		        .name = p->name,
		        .department =
		                p->department >= 0 ? demo_departments[p->department].name : NULL,
		        .temporary = p->temporary,
		};
		bm_person *out;
		if (p->admin_role)
			continue; /* made by init */
		d->step = p->name;
		set_now(d, d->last + 90 + below(d, 400));
		if ((rc = bm_svc_person_add(d->ctx, &in, &out, &d->halves[i])) != 0)
			return rc;
		d->n_people++;
		if (p->username)
			d->n_accounts++;
	}
	return 0;
}

/*
 * SYS-1: the security administrator approves each new account's first
 * login; each person then logs in with both halves and sets the demo
 * password, as a real person would set their own.
 */
static int approve_accounts(demo *d)
{
	bm_filing_half approver[BM_ARRAY_LEN(demo_people)];
	int rc;

	memset(approver, 0, sizeof(approver));
	if ((rc = login(d, "secadmin")) != 0)
		return rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++) {
		if (!d->halves[i].filing_id)
			continue;
		d->step = demo_people[i].name;
		set_now(d, d->last + 30 + below(d, 60));
		if ((rc = bm_svc_account_approve(d->ctx, d->halves[i].filing_id, &approver[i])) !=
		    0)
			return rc;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++) {
		char secret[2 * BM_HALF_SECRET_LEN + 1];
		if (!d->halves[i].filing_id)
			continue;
		d->step = demo_people[i].name;
		set_now(d, d->last + 60 + below(d, 300));
		snprintf(secret, sizeof(secret), "%s%s", d->halves[i].half, approver[i].half);
		rc = bm_svc_login(d->ctx, demo_people[i].username, secret);
		if (rc == 0)
			rc = bm_svc_password_change(d->ctx, 0, secret, DEMO_PASSWORD);
		sodium_memzero(secret, sizeof(secret));
		if (rc)
			return rc;
	}
	sodium_memzero(approver, sizeof(approver));
	sodium_memzero(d->halves, sizeof(d->halves));
	if ((rc = login(d, "sysadmin")) != 0)
		return rc;
	d->step = "keep demo passwords";
	set_now(d, d->last + 120);
	return keep_demo_passwords(d);
}

/* The security administrator's part: classes, roles, commitments, storage places. */
static int build_clearances(demo *d)
{
	int rc;

	set_now(d, local_instant(d, workday_from(d->setup_day + 1), 9 * 60));
	if ((rc = approve_accounts(d)) != 0)
		return rc;
	set_now(d, d->last + 600);
	if ((rc = login(d, "secadmin")) != 0)
		return rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++) {
		const struct demo_person *p = &demo_people[i];
		const char *signed_on = NULL;
		if (!p->person_class)
			continue;
		if (p->commitment)
			signed_on = date_text(d, d->setup_day - 20 - below(d, 200));
		d->step = p->name;
		set_now(d, d->last + 60 + below(d, 300));
		if ((rc = bm_svc_person_grant(d->ctx, p->username ? p->username : p->name,
		                              p->person_class, p->roles, signed_on)) != 0)
			return rc;
		d->n_grants++;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_places); i++) {
		const struct demo_place *pl = &demo_places[i];
		bm_place *out;
		d->step = pl->name;
		set_now(d, d->last + 120 + below(d, 600));
		if ((rc = bm_svc_place_add(d->ctx, pl->name, pl->kind, pl->max_level,
		                           demo_departments[pl->department].name, &out)) != 0)
			return rc;
		d->n_places++;
	}
	return 0;
}

/* ---- custody and history ------------------------------------------------- */

static bm_level place_max(const char *name)
{
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_places); i++)
		if (strcmp(demo_places[i].name, name) == 0)
			return (bm_level)bm_level_parse(demo_places[i].max_level);
	return BM_LEVEL_PUBLIC;
}

/*
 * KEEP-1: where a new carrier goes and who keeps it. 机密 and above stay in
 * the 机要室 safes; some 秘密/机密 items go straight to the department that
 * works with them, kept by its head (important class: up to 机密, PERSON-1).
 */
static void choose_custody(demo *d, bm_level level, bm_kind kind, int dept, const char **place,
                           const char **custodian)
{
	const struct demo_department *dep = &demo_departments[dept];
	*custodian = "clerk";
	if (level == BM_LEVEL_TOP_SECRET) {
		*place = demo_places[P_SAFE_TOP].name;
	} else if (kind != BM_KIND_PAPER && level != BM_LEVEL_PUBLIC) {
		/* REG-4: public media stay with the ordinary items (the branch below). */
		*place = demo_places[P_MEDIA].name;
		if (level <= BM_LEVEL_SECRET && chance(d, 40))
			*custodian = demo_departments[D_IT].head;
	} else if (level == BM_LEVEL_SECRET) {
		*place = demo_places[chance(d, 25) ? P_SAFE_TOP : P_SAFE_OFFICE].name;
		if (chance(d, 15) && place_max(dep->safe) >= level) {
			*place = dep->safe;
			*custodian = dep->head;
		}
	} else if (level == BM_LEVEL_CONFIDENTIAL) {
		int r = below(d, 100);
		*place = demo_places[P_SAFE_OFFICE].name;
		if (dept == D_SCHOOLS && r < 20) {
			*place = demo_places[P_ROOM_EXAM].name;
		} else if (r >= 75) {
			*place = dep->safe;
			*custodian = dep->head;
		}
	} else {
		*place = demo_places[P_CABINET].name;
		if (chance(d, 15))
			*custodian = dep->head;
	}
}

static void plan_move(demo *d, int64_t carrier_id, int32_t day, const char *place,
                      const char *custodian, const char *reason)
{
	move_plan *m;
	if (d->n_pending == MAX_PENDING || day > d->last_day)
		return;
	m = &d->pending[d->n_pending++];
	m->carrier_id = carrier_id;
	m->due = office_time(d, day);
	m->place = place;
	m->custodian = custodian;
	m->reason = reason;
}

/*
 * KEEP-6: a department head keeping an item personally records why, that
 * the leader in charge of secrecy approved, and until when (three years on,
 * so the demo's own two years never run past it). No random draw: the
 * unit stays the same for a given seed.
 */
static bm_keep_terms keep_terms(demo *d, const char *custodian, const char *reason)
{
	bm_keep_terms k = {0};
	if (strcmp(custodian, "clerk") == 0)
		return k;
	k.reason = reason;
	k.approver = "leader";
	k.until = date_text(d, today_of(d) + 3 * 365);
	return k;
}

/*
 * Some carriers change hands later: lent to the department that works with
 * them, handed back, gathered into the top safe after the yearly inventory.
 * Each step is a move (KEEP-1) recorded in the carrier's history.
 */
static void plan_history(demo *d, const bm_carrier *c, int dept, const char *place,
                         const char *custodian, int32_t day)
{
	const struct demo_department *dep = &demo_departments[dept];
	bm_arena *a = d->ctx->arena;
	int32_t step1 = day + 3 + below(d, 40), step2 = step1 + 10 + below(d, 80);

	if (c->level == BM_LEVEL_TOP_SECRET || c->kind != BM_KIND_PAPER)
		return;
	if (!bm_level_is_classified(c->level)) {
		if (strcmp(custodian, "clerk") == 0 && chance(d, 6))
			plan_move(d, c->id, step1, NULL, demo_departments[D_OFFICE].head,
			          "档案整理，交办公室主任保管");
		return;
	}
	if (strcmp(custodian, "clerk") != 0) {
		/* KEEP-2 in miniature: a department head hands items back to the 机要室. */
		if (chance(d, 30))
			plan_move(d, c->id, step1, demo_places[P_SAFE_OFFICE].name, "clerk",
			          bm_arena_printf(a, "%s工作调整，交回机要室保管", dep->name));
		return;
	}
	if (!chance(d, 22))
		return;
	if (place_max(dep->safe) >= c->level)
		plan_move(d, c->id, step1, dep->safe, dep->head,
		          bm_arena_printf(a, "因工作需要交%s负责人保管", dep->name));
	else
		plan_move(d, c->id, step1, NULL, dep->head,
		          bm_arena_printf(a, "因工作需要交%s负责人保管（仍存机要室）", dep->name));
	if (!chance(d, 65))
		return;
	plan_move(d, c->id, step2, place, "clerk", "工作结束，交回机要室保管");
	if (chance(d, 45))
		plan_move(d, c->id, step2 + 30 + below(d, 120), demo_places[P_SAFE_TOP].name,
		          "clerk", "年度清查后集中存放至一号保密柜");
}

/* Carries out, in date order, every planned move due before `until`. */
static int run_moves(demo *d, int64_t until)
{
	for (;;) {
		size_t best = d->n_pending;
		int rc;
		for (size_t i = 0; i < d->n_pending; i++)
			if (d->pending[i].due < until &&
			    (best == d->n_pending || d->pending[i].due < d->pending[best].due))
				best = i;
		if (best == d->n_pending)
			return 0;
		{
			move_plan m = d->pending[best];
			d->pending[best] = d->pending[--d->n_pending];
			d->step = bm_arena_printf(d->ctx->arena, "move carrier %lld",
			                          (long long)m.carrier_id);
			set_now(d, m.due);
			{
				bm_keep_terms k = keep_terms(d, m.custodian, m.reason);
				if ((rc = bm_svc_carrier_move_kept(d->ctx, m.carrier_id, m.place,
				                                   m.custodian, m.reason, &k)) != 0)
					return rc;
			}
			d->n_moves++;
		}
	}
}

/* ---- the ledger ---------------------------------------------------------- */

static const char *scope_for(demo *d, bm_level level, int dept, bool exam)
{
	const struct demo_department *dep = &demo_departments[dept];
	bm_arena *a = d->ctx->arena;
	switch (level) {
	case BM_LEVEL_TOP_SECRET:
		return chance(d, 50) ? "person:principal,person:leader,person:classifier"
		                     : "person:principal,person:leader";
	case BM_LEVEL_SECRET:
		return bm_arena_printf(a, "person:leader,person:%s%s", dep->head,
		                       exam ? ",person:hulin" : "");
	case BM_LEVEL_CONFIDENTIAL:
		return chance(d, 50) ? bm_arena_printf(a, "dept:%s,person:leader", dep->name)
		                     : bm_arena_printf(a, "dept:%s", dep->name);
	case BM_LEVEL_INTERNAL:
		return chance(d, 50) ? bm_arena_printf(a, "dept:%s", dep->name) : NULL;
	default: return NULL;
	}
}

/*
 * LEVEL-3/LEVEL-8: mostly the level's maximum (no period given), some a
 * number of years, a few a declassification date, some an event with a
 * review date.
 */
static void choose_period(demo *d, bm_carrier_input *in, bm_level level, const char *event,
                          int32_t start)
{
	static const char *const years[BM_LEVEL_COUNT][2] = {
	        [BM_LEVEL_CONFIDENTIAL] = {"5", "5年"},
	        [BM_LEVEL_SECRET] = {"10", "10年"},
	        [BM_LEVEL_TOP_SECRET] = {"20", "20年"},
	};
	int r = below(d, 100);
	if (!bm_level_is_classified(level))
		return;
	if (event && r < 40) {
		in->period_event = event;
		in->review_date = date_text(d, start + 60 + below(d, 240));
	} else if (r >= 40 && r < 62) {
		in->period = years[level][below(d, 2)];
	} else if (r >= 62 && r < 70) {
		int add = level == BM_LEVEL_CONFIDENTIAL ? 3 : 5;
		in->period = bm_arena_printf(d->ctx->arena, "%d-12-31", year_of(start) + add);
	}
}

static void count_carrier(demo *d, bm_level level, bm_kind kind, bm_origin origin)
{
	d->n_carriers++;
	d->by_level[level]++;
	d->by_kind[kind]++;
	d->by_origin[origin]++;
	if (!d->first_registered)
		d->first_registered = d->ctx->now;
	d->last_registered = d->ctx->now;
}

static const struct demo_subject *pick_subject(demo *d, int index)
{
	int total = 0, r;
	/* Every subject appears at least once, spread over the two years. */
	if (index % 4 == 0 && (size_t)(index / 4) < BM_ARRAY_LEN(demo_subjects))
		return &demo_subjects[index / 4];
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_subjects); i++)
		total += demo_subjects[i].weight;
	r = below(d, total);
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_subjects); i++) {
		if (r < demo_subjects[i].weight)
			return &demo_subjects[i];
		r -= demo_subjects[i].weight;
	}
	return &demo_subjects[0];
}

/* 收文登记: one incoming document, registered on `day` (REG-1, REG-2). */
static int register_incoming(demo *d, int index, int32_t day)
{
	const struct demo_subject *sub = pick_subject(d, index);
	bm_level level = (bm_level)(sub->min + below(d, (int)sub->max - (int)sub->min + 1));
	int n_issuers = 0, issuer;
	int32_t received = day;
	const char *place, *custodian;
	bm_carrier_input in = {0};
	bm_carrier *c;
	int rc;

	while (n_issuers < 3 && sub->issuers[n_issuers] >= 0)
		n_issuers++;
	issuer = sub->issuers[below(d, n_issuers)];
	set_now(d, office_time(d, day));
	if ((rc = run_moves(d, d->ctx->now)) != 0)
		return rc;
	day = today_of(d);
	/* REG-2: most items are registered the day they arrive; a few are late. */
	received = day;
	if (chance(d, 5)) {
		received = day - 1 - below(d, 4);
		d->n_late++;
	}
	in.kind = bm_kind_names[sub->kind].code;
	in.title = title_of(d, sub->pre, sub->post, day);
	in.doc_number = doc_number(d, demo_issuers[issuer].prefix, year_of(received));
	in.level = bm_level_names[level].code;
	in.producer = demo_issuers[issuer].name;
	in.sender = demo_issuers[issuer].name;
	in.received_on = date_text(d, received);
	in.department = demo_departments[sub->department].name;
	if (sub->kind == BM_KIND_PAPER)
		in.pages = bm_arena_printf(d->ctx->arena, "%d", 2 + below(d, 30));
	if (level >= BM_LEVEL_INTERNAL)
		in.serial_number = bm_arena_printf(d->ctx->arena, "%d", 1 + below(d, 60));
	if (bm_level_is_classified(level)) {
		int r = below(d, 100);
		in.urgency = r < 3 ? "extra_urgent" : r < 12 ? "urgent" : "normal";
		if (level >= BM_LEVEL_SECRET && chance(d, 30))
			in.note = "经机要交通送达";
	}
	choose_period(d, &in, level, sub->event, received);
	choose_custody(d, level, sub->kind, sub->department, &place, &custodian);
	in.place = place;
	in.custodian = custodian;
	in.keep = keep_terms(d, custodian, "因工作需要由科室负责人保管");
	in.scope = scope_for(d, level, sub->department, sub->event != NULL);

	d->step = bm_arena_printf(d->ctx->arena, "收文 %s %s", in.doc_number, in.title);
	if ((rc = bm_svc_carrier_register_incoming(d->ctx, &in, &c)) != 0)
		return rc;
	count_carrier(d, level, sub->kind, BM_ORIGIN_INCOMING);
	plan_history(d, c, sub->department, place, custodian, day);
	return 0;
}

/*
 * MAKE-1: the department head (for 绝密 the clerk) asks to make the
 * document with its level, distribution scope and copies; the supervising
 * leader approves (unless the policy's chain for the level is empty).
 * `*out` is the request's id. Ends logged in as the clerk again.
 */
static int request_make(demo *d, const struct demo_made *m, const bm_carrier_input *in,
                        const char *scope, int64_t *out)
{
	json_t *params = json_object();
	bm_request_input req = {0};
	bm_request_row *r = NULL;
	char *text;
	int rc;

	json_object_set_new(params, "title", json_string(in->title));
	json_object_set_new(params, "level", json_string(in->level));
	json_object_set_new(params, "copies", json_integer(m->copies));
	json_object_set_new(params, "doc_number", json_string(in->doc_number));
	json_object_set_new(params, "kind", json_string(in->kind));
	if (scope)
		json_object_set_new(params, "scope", json_string(scope));
	/* LEVEL-4/9: the classification authority decides level and period, citing the catalogue.
	 */
	if (bm_level_is_classified(m->level)) {
		json_object_set_new(params, "classifier", json_string("classifier"));
		json_object_set_new(
		        params, "basis",
		        json_string(bm_arena_printf(d->ctx->arena, "本局保密事项一览表第%d项",
		                                    1 + (int)m->level)));
	}
	if (in->period)
		json_object_set_new(params, "period", json_string(in->period));
	if (in->period_event)
		json_object_set_new(params, "period_event", json_string(in->period_event));
	if (in->review_date)
		json_object_set_new(params, "review_date", json_string(in->review_date));
	text = json_dumps(params, JSON_COMPACT);
	json_decref(params);
	if (!text || !(req.params = bm_arena_strdup(d->ctx->arena, text))) {
		free(text);
		return bm_error_nomem();
	}
	free(text);
	req.op = "make";
	req.reason = "按工作安排制作";
	/* A department head is at most 重要 (机密, PERSON-1): 绝密 is asked for by the clerk. */
	if ((rc = login(d, m->level == BM_LEVEL_TOP_SECRET
	                           ? "clerk"
	                           : demo_departments[m->department].head)) != 0 ||
	    (rc = bm_svc_request_create(d->ctx, &req, &r)) != 0)
		return rc;
	*out = r->id;
	if (strcmp(r->status, "pending") == 0 &&
	    ((rc = login(d, "leader")) != 0 ||
	     (rc = bm_svc_request_decide(d->ctx, r->id, true, "同意")) != 0))
		return rc;
	return login(d, "clerk");
}

/* 制作登记: a document the bureau made, with its serial copies (MAKE-1/2). */
static int register_made(demo *d, const struct demo_made *m, int32_t day)
{
	const char *place, *custodian, *scope;
	bm_carrier_input in = {0};
	bm_carrier *items;
	size_t count;
	int64_t request_id = 0;
	int rc;

	set_now(d, office_time(d, day));
	if ((rc = run_moves(d, d->ctx->now)) != 0)
		return rc;
	day = today_of(d);
	in.kind = bm_kind_names[m->kind].code;
	in.title = title_of(d, m->pre, m->post, day);
	in.doc_number = doc_number(d, m->prefix, year_of(day));
	in.level = bm_level_names[m->level].code;
	in.producer = DEMO_UNIT;
	in.department = demo_departments[m->department].name;
	if (m->kind == BM_KIND_PAPER)
		in.pages = bm_arena_printf(d->ctx->arena, "%d", 3 + below(d, 20));
	choose_period(d, &in, m->level, m->event, day);
	choose_custody(d, m->level, m->kind, m->department, &place, &custodian);
	in.place = place;
	in.custodian = custodian;
	in.keep = keep_terms(d, custodian, "因工作需要由科室负责人保管");
	/* MAKE-1: the scope is the one approved with the request. */
	scope = scope_for(d, m->level, m->department, m->event != NULL);

	d->step = bm_arena_printf(d->ctx->arena, "制作申请 %s %s", in.doc_number, in.title);
	if ((rc = request_make(d, m, &in, scope, &request_id)) != 0)
		return rc;
	d->step = bm_arena_printf(d->ctx->arena, "制作 %s %s", in.doc_number, in.title);
	if ((rc = bm_svc_carrier_register_made(d->ctx, request_id, &in, &items, &count)) != 0)
		return rc;
	d->n_made_docs++;
	for (size_t i = 0; i < count; i++) {
		count_carrier(d, m->level, m->kind, BM_ORIGIN_MADE);
		plan_history(d, &items[i], m->department, place, custodian, day);
	}
	return 0;
}

/* ---- classified meetings: MEET-1, MEET-2 ------------------------------------ */

/* A 机密 document received for the meeting, kept by the clerk; `*out` its id. */
static int meeting_document(demo *d, const char *title, int64_t *out)
{
	bm_carrier_input in = {0};
	bm_carrier *c = NULL;
	int rc = 0;
	in.kind = "paper";
	in.title = bm_arena_printf(d->ctx->arena, "%d年%s", year_of(d->meeting_day), title);
	in.doc_number = doc_number(d, demo_issuers[I_PROV_EXAM].prefix, year_of(d->meeting_day));
	in.level = bm_level_names[BM_LEVEL_SECRET].code;
	in.producer = in.sender = demo_issuers[I_PROV_EXAM].name;
	in.received_on = date_text(d, d->meeting_day);
	in.department = demo_departments[D_SCHOOLS].name;
	in.pages = "12";
	in.serial_number = "3";
	in.urgency = "urgent";
	in.period = "10";
	in.place = demo_places[P_SAFE_OFFICE].name;
	in.custodian = "clerk";
	in.scope = "person:leader,person:zhouwei,person:huangmin,person:hulin";
	in.note = "会议文件，会后收回";
	d->step = bm_arena_printf(d->ctx->arena, "会议文件 %s", in.title);
	if (!in.title || (rc = bm_svc_carrier_register_incoming(d->ctx, &in, &c)) != 0)
		return rc ? rc : bm_error_nomem();
	count_carrier(d, BM_LEVEL_SECRET, BM_KIND_PAPER, BM_ORIGIN_INCOMING);
	*out = c->id;
	return 0;
}

/*
 * A 机密 meeting at the key place, held on its own day within the ledger's
 * walk (the clerk is logged in): organised by the supervising leader with
 * three cleared participants (MEET-1, PERSON-1), the measures recorded, then
 * opened; two documents issued against signature (MEET-2), one returned at
 * the end, the meeting closed, the other never back — the MEET-2 alert.
 */
static int build_inspection(demo *d, int32_t day);

static int build_meeting_day(demo *d);

/* The meeting draws from its own sequence, whichever registration slot it falls in. */
static int build_meeting(demo *d)
{
	uint64_t rng = d->rng, clock = d->clock;
	int rc;
	reseed(d, DEMO_TAG_MEETING);
	rc = build_meeting_day(d);
	d->rng = rng;
	d->clock = clock;
	return rc;
}

static int build_meeting_day(demo *d)
{
	static const char *const people[] = {"zhouwei", "huangmin", "hulin"};
	char starts[BM_ISO_TIME_LEN], ends[BM_ISO_TIME_LEN];
	int32_t day = d->meeting_day;
	bm_meeting_input in = {0};
	bm_meeting_row *m = NULL;
	bm_meeting_document_row *doc = NULL;
	const bm_svc_receipt own_password = {.password = DEMO_PASSWORD};
	int64_t plan = 0, scheme = 0;
	int rc = 0;

	d->meeting_held = true;
	if ((rc = run_moves(d, local_instant(d, day, 13 * 60))) != 0)
		return rc;
	set_now(d, local_instant(d, day, 13 * 60 + 5));
	if ((rc = meeting_document(d, "中考命题保密工作要求", &plan)) != 0)
		return rc;
	set_now(d, d->last + 240);
	if ((rc = meeting_document(d, "中考考务工作实施方案（讨论稿）", &scheme)) != 0)
		return rc;
	d->step = "meeting";
	bm_time_format(local_instant(d, day, 14 * 60 + 30), starts);
	bm_time_format(local_instant(d, day, 16 * 60), ends);
	in.title = "全市中考考务保密工作会议";
	in.level = bm_level_names[BM_LEVEL_SECRET].code;
	in.site = bm_arena_printf(d->ctx->arena, "%lld", (long long)d->site_id);
	in.starts_at = starts;
	in.ends_at = ends;
	in.organiser = "leader";
	in.note = "部署本年度中考命题、印制、保管各环节保密工作";
	set_now(d, d->last + 600);
	if (!in.site || (rc = bm_svc_meeting_add(d->ctx, &in, &m)) != 0)
		return rc ? rc : bm_error_nomem();
	for (size_t i = 0; i < BM_ARRAY_LEN(people); i++) {
		set_now(d, d->last + 60);
		if ((rc = bm_svc_meeting_participant(d->ctx, m->id, people[i], true)) != 0)
			return rc;
	}
	set_now(d, local_instant(d, day, 14 * 60 + 10));
	if ((rc = bm_svc_meeting_measures(d->ctx, m->id, "yes", "yes", "yes", &m)) != 0)
		return rc;
	set_now(d, local_instant(d, day, 14 * 60 + 30));
	if ((rc = bm_svc_meeting_open(d->ctx, m->id, &m)) != 0)
		return rc;
	set_now(d, d->last + 120);
	/* MEET-2, REG-1: each participant types their own password on the clerk's screen. */
	if ((rc = bm_svc_meeting_issue(d->ctx, m->id, plan, "hulin", &own_password, &doc)) != 0)
		return rc;
	set_now(d, d->last + 60);
	if ((rc = bm_svc_meeting_issue(d->ctx, m->id, scheme, "huangmin", &own_password, &doc)) !=
	    0)
		return rc;
	set_now(d, local_instant(d, day, 16 * 60 + 2));
	if ((rc = bm_svc_meeting_return(d->ctx, m->id, plan, "会后当场交回")) != 0)
		return rc;
	set_now(d, d->last + 180);
	if ((rc = bm_svc_meeting_close(d->ctx, m->id, &m)) != 0)
		return rc;
	d->n_meetings++;
	d->n_meeting_out++;
	return build_inspection(d, day);
}

/* ---- inspections: INSP-1, INSP-2 ------------------------------------------- */

/*
 * The quarter's regular inspection, recorded by the clerk on the meeting's
 * day after it closed (INSP-1): the whole unit, the supervising leader and
 * the clerk inspecting, a short checklist with one answer "no". That
 * finding becomes a rectification notice to 财务科 due 14 days later
 * (INSP-2), reported on by nobody yet: past its deadline by the demo's end,
 * the INSP-2 alert.
 */
static int build_inspection(demo *d, int32_t day)
{
	static const bm_insp_check_line lines[] = {
	        {"涉密载体台账与实物相符", "yes", NULL},
	        {"保密柜按规定上锁、密码定期更换", "no", "财务科保密柜密码逾期未更换"},
	        {"涉密计算机未接入互联网", "yes", NULL},
	        {"涉密人员签订保密承诺书", "yes", NULL},
	};
	bm_insp_input in = {0};
	bm_insp_rectification_in f = {0};
	bm_insp_row *row = NULL;
	bm_insp_rectification *r = NULL;
	int rc = 0;

	d->step = "inspection";
	in.kind = "regular";
	in.held_on = date_text(d, day);
	in.scope = "unit";
	in.inspectors = "leader,clerk";
	in.checklist = lines;
	in.n_checklist = BM_ARRAY_LEN(lines);
	in.summary = "本季度保密检查：总体情况良好，发现问题一项，已下达整改通知";
	set_now(d, local_instant(d, day, 16 * 60 + 30));
	if (!in.held_on || (rc = bm_svc_insp_add(d->ctx, &in, &row)) != 0)
		return rc ? rc : bm_error_nomem();
	f.inspection_id = row->id;
	f.finding = "财务科保密柜密码逾期未更换";
	f.department = demo_departments[D_FINANCE].name;
	f.responsible = demo_departments[D_FINANCE].head;
	f.deadline = date_text(d, day + 14);
	set_now(d, d->last + 300);
	if (!f.deadline || (rc = bm_svc_insp_finding(d->ctx, &f, &r)) != 0)
		return rc ? rc : bm_error_nomem();
	return 0;
}

/*
 * The clerk's two years: incoming documents and made ones, in date order,
 * with the planned moves carried out between them.
 */
static int build_ledger(demo *d)
{
	const int n_made = (int)BM_ARRAY_LEN(demo_made_docs);
	const int slots = DEMO_INCOMING + n_made;
	int made = 0, incoming = 0, rc;

	set_now(d, local_instant(d, workday_from(d->setup_day + 2), 8 * 60 + 35));
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	for (int k = 0; k < slots; k++) {
		int32_t day;
		if (!d->meeting_held &&
		    d->first_day + (int32_t)((int64_t)k * (d->last_day - d->first_day) / slots) +
		                    2 >
		            d->meeting_day &&
		    (rc = build_meeting(d)) != 0)
			return rc;
		reseed(d, DEMO_TAG_SLOT + (uint64_t)k);
		day = d->first_day + (int32_t)((int64_t)k * (d->last_day - d->first_day) / slots) +
		      below(d, 3);
		if (made < n_made && k == (2 * made + 1) * slots / (2 * n_made))
			rc = register_made(d, &demo_made_docs[made++], day);
		else
			rc = register_incoming(d, incoming++, day);
		if (rc)
			return rc;
	}
	if (!d->meeting_held && (rc = build_meeting(d)) != 0)
		return rc;
	/* What is due before the end of the last working day still happens. */
	return run_moves(d, local_instant(d, d->last_day + 1, 0));
}

/* ---- key departments and places (SITE-1) -------------------------------- */

/* A visit to the key place on `day`, `minutes` long (0: still inside). */
static int demo_visit(demo *d, int64_t site, bm_site_visit_input *in, int32_t day, int minute,
                      int minutes)
{
	char at[BM_ISO_TIME_LEN], out[BM_ISO_TIME_LEN];
	bm_site_visit_row *v = NULL;
	int rc;
	bm_time_format(local_instant(d, day, minute), at);
	in->time_in = at;
	if ((rc = bm_svc_site_visit_in(d->ctx, site, in, &v)) != 0)
		return rc;
	d->n_site_visits++;
	if (!minutes)
		return 0;
	bm_time_format(local_instant(d, day, minute + minutes), out);
	return bm_svc_site_visit_out(d->ctx, v->id, out, &v);
}

/*
 * The 机要室 as a key place (保密要害部位), recorded when the unit is set
 * up: confirmed by the leadership group before the demo's period, its
 * leader, the people who work there (核心 and 重要), who else may enter, and
 * the measures checked that day (the video not yet installed).
 */
static int build_site_entry(demo *d)
{
	static const char *const measures[] = {"iron_door", "iron_window",  "safe",
	                                       "alarm",     "extinguisher", "video"};
	char confirmed[BM_DATE_LEN], checked[BM_DATE_LEN];
	bm_site_input in = {0};
	bm_site_row *s = NULL;
	int year, month, mday, rc;

	d->step = "key place";
	set_now(d, local_instant(d, workday_from(d->setup_day + 1), 15 * 60));
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	bm_date_format(d->setup_day - 40, confirmed);
	bm_date_format(d->setup_day, checked);
	bm_date_to_ymd(d->setup_day - 40, &year, &month, &mday);
	in.name = "机要室";
	in.kind = "place";
	in.department = demo_departments[D_OFFICE].name;
	in.place = demo_places[P_SAFE_TOP].name;
	in.location = "局机关办公楼三楼 301 室";
	in.confirmed_by = "局保密工作领导小组";
	in.confirmed_on = confirmed;
	in.confirm_doc = bm_arena_printf(d->ctx->arena, "本局保〔%d〕1号", year);
	in.leader = "leader";
	in.note = "存放绝密、机密级载体；收发文办理";
	if ((rc = bm_svc_site_add(d->ctx, &in, &s)) != 0 ||
	    (rc = bm_svc_site_member(d->ctx, s->id, "clerk", "staff", true)) != 0 ||
	    (rc = bm_svc_site_member(d->ctx, s->id, "zhouwei", "staff", true)) != 0 ||
	    (rc = bm_svc_site_member(d->ctx, s->id, "leader", "access", true)) != 0 ||
	    (rc = bm_svc_site_member(d->ctx, s->id, "principal", "access", true)) != 0)
		return rc;
	d->site_id = s->id;
	d->n_sites++;
	for (size_t i = 0; i < BM_ARRAY_LEN(measures); i++) {
		bool video = strcmp(measures[i], "video") == 0;
		bm_site_measure_row *m = NULL;
		if ((rc = bm_svc_site_measure(d->ctx, s->id, measures[i], video ? "no" : "yes",
		                              checked, video ? "监控探头待安装" : NULL, &m)) != 0)
			return rc;
	}
	return 0;
}

/*
 * The key place at the end of the period: the measures checked again
 * half-way, and visits across the period (the visit log's times are given):
 * an outside technician and a colleague escorted, leaders on the access
 * list alone, one visitor still inside.
 */
static int build_sites(demo *d)
{
	char recheck[BM_DATE_LEN];
	int32_t span = d->last_day - d->first_day;
	int64_t site = d->site_id;
	int rc;

	d->step = "key place";
	/* Recorded at the end of the period (the visit log's times are given). */
	set_now(d, d->end - 15 * 60);
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	bm_date_format(d->first_day + span / 2, recheck);
	{
		bm_site_measure_row *m = NULL;
		if ((rc = bm_svc_site_measure(d->ctx, site, "video", "yes", recheck, "已安装并接入",
		                              &m)) != 0 ||
		    (rc = bm_svc_site_measure(d->ctx, site, "extinguisher", "yes", recheck,
		                              "年检合格", &m)) != 0)
			return rc;
	}
	{
		bm_site_visit_input tech = {"王建国",           NULL,      "市电信公司",
		                            "检修保密电话线路", "zhouwei", NULL};
		bm_site_visit_input colleague = {NULL,           "huangmin", NULL,
		                                 "送交考务文件", "clerk",    NULL};
		bm_site_visit_input leader = {NULL, "leader", NULL, "检查保密工作", NULL, NULL};
		bm_site_visit_input inside = {NULL, "principal", NULL, "阅办绝密文件", NULL, NULL};
		if ((rc = demo_visit(d, site, &tech, d->first_day + span / 5, 10 * 60, 70)) != 0 ||
		    (rc = demo_visit(d, site, &colleague, d->first_day + span / 3, 15 * 60, 20)) !=
		            0 ||
		    (rc = demo_visit(d, site, &leader, d->first_day + 2 * span / 3, 9 * 60 + 30,
		                     45)) != 0 ||
		    (rc = demo_visit(d, site, &inside, d->last_day, 16 * 60, 0)) != 0)
			return rc;
	}
	return 0;
}

/* ---- the responsibility system (ORG-1, issue 11 point 6) ---------------- */

/*
 * The leadership group (保密工作领导小组) appointed by the bureau's document
 * at the start of the period: the director heads it, the deputy director
 * in charge of secrecy work is its deputy head and the leader in charge,
 * the other deputy director, the heads of the office, security and the IT
 * centre and the secrecy clerk are members. Each department's head answers
 * for its secrecy work with a secrecy clerk of the department; in 财务科 the
 * head keeps it himself (林雪 has not signed her commitment, 孙丽 is in her
 * 脱密期). Recorded by the clerk at the end: the unit raises no ORG-1 gap.
 */
static const struct {
	const char *person, *role;
	bool in_charge;
} demo_group[] = {
        {"principal", "head", false}, {"leader", "deputy", true}, {"classifier", "member", false},
        {"zhouwei", "member", false}, {"xujun", "member", false}, {"majie", "member", false},
        {"clerk", "member", false},
};
static const char *const demo_dept_clerk[D_COUNT] = {
        [D_OFFICE] = "clerk",  [D_PERSONNEL] = "guoyang",  [D_FINANCE] = "zhengqiang",
        [D_SCHOOLS] = "hulin", [D_SECURITY] = "inspector", [D_IT] = "heping",
};

static int build_duty(demo *d)
{
	int32_t on = d->setup_day + 1;
	const char *day = date_text(d, on);
	const char *doc = bm_arena_printf(d->ctx->arena, "示教体〔%d〕3号", year_of(on));
	int rc;

	/* The year's responsibility statements, renewed two months ago by the
	 * group's members and the departments' responsible leaders; the
	 * security administrator records them (PERSON-2's register). */
	set_now(d, d->end - 60 * 60);
	if ((rc = login(d, "secadmin")) != 0)
		return rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_group) + D_COUNT; i++) {
		const char *who = i < BM_ARRAY_LEN(demo_group)
		                          ? demo_group[i].person
		                          : demo_departments[i - BM_ARRAY_LEN(demo_group)].head;
		int32_t signed_on = workday_from(today_of(d) - 60);
		bool again = false;
		for (size_t k = 0; k < BM_ARRAY_LEN(demo_group); k++)
			again |= k < i && strcmp(demo_group[k].person, who) == 0;
		if (again)
			continue;
		d->step = who;
		set_now(d, d->last + 10);
		if ((rc = bm_svc_person_statement(d->ctx, who, date_text(d, signed_on))) != 0)
			return rc;
	}
	d->step = "保密工作领导小组";
	set_now(d, d->last + 60);
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_group); i++) {
		bm_duty_member_in in = {demo_group[i].person, demo_group[i].role,
		                        demo_group[i].in_charge, day, doc};
		bm_duty_member *m = NULL;
		d->step = demo_group[i].person;
		set_now(d, d->last + 20);
		if ((rc = bm_svc_duty_member_add(d->ctx, &in, &m)) != 0)
			return rc;
	}
	for (int i = 0; i < D_COUNT; i++) {
		bm_duty_dept_in in = {demo_departments[i].name, demo_departments[i].head,
		                      demo_dept_clerk[i], day, doc};
		bm_duty_dept *dd = NULL;
		d->step = demo_departments[i].name;
		set_now(d, d->last + 20);
		if ((rc = bm_svc_duty_dept_set(d->ctx, &in, &dd)) != 0)
			return rc;
	}
	return 0;
}

/* ---- people and training (issue 10) ------------------------------------- */

/* PERSON-6: the year's sessions; hours in text as the clerk types them. */
static const struct {
	int days_ago;
	const char *topic, *hours, *trainer;
} demo_trainings[] = {
        {330, "《保守国家秘密法》及实施条例学习", "2", "刘志强"},
        {200, "涉密载体管理与失泄密案例警示", "1.5", "陈静"},
        {60, "考试试卷保密管理专题", "2", "陈静"},
        {12, "年度保密形势教育", "1", "刘志强"},
};

/*
 * The clerk's training sessions across the year, attended by the cleared
 * staff (何平 only at the last, so he is short of hours, PERSON-6), and the
 * secretary office's register: 孙丽 vetted, then moved off her post and in
 * the 脱密期 (PERSON-4). Everyone attending is tracked by the register from
 * then on (docs/ARCHITECTURE.md, "People and training").
 */
static int build_people(demo *d)
{
	int32_t today = today_of(d);
	int rc;

	set_now(d, d->last + 600);
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_trainings); i++) {
		bm_training_input in = {
		        .held_on = date_text(d, today - demo_trainings[i].days_ago),
		        .topic = demo_trainings[i].topic,
		        .hours = demo_trainings[i].hours,
		        .trainer = demo_trainings[i].trainer,
		};
		bm_training *t = NULL;
		d->step = in.topic;
		set_now(d, d->last + 60);
		if ((rc = bm_svc_training_add(d->ctx, &in, &t)) != 0)
			return rc;
		for (size_t k = 0; k < BM_ARRAY_LEN(demo_people); k++) {
			const struct demo_person *p = &demo_people[k];
			bool last = i + 1 == BM_ARRAY_LEN(demo_trainings);
			if (!p->username || !p->person_class || !p->commitment || p->admin_role ||
			    (strcmp(p->username, "heping") == 0 && !last))
				continue;
			set_now(d, d->last + 5);
			if ((rc = bm_svc_training_attend(d->ctx, t->id, p->username)) != 0)
				return rc;
		}
		set_now(d, d->last + 30);
		if ((rc = bm_svc_training_sign(d->ctx, t->id)) != 0)
			return rc;
	}
	set_now(d, d->last + 600);
	if ((rc = login(d, "secadmin")) != 0)
		return rc;
	d->step = "孙丽";
	{
		const char *on = date_text(d, today - 45);
		if ((rc = bm_svc_person_vet(d->ctx, "sunli", date_text(d, d->setup_day + 1), "pass",
		                            "入职政审合格")) != 0 ||
		    (rc = bm_svc_person_post(d->ctx, "sunli", "会计")) != 0 ||
		    (rc = bm_svc_person_exit_commit(d->ctx, "sunli", on)) != 0 ||
		    (rc = bm_svc_person_leave(d->ctx, "sunli", on, true, NULL)) != 0)
			return rc;
	}
	return 0;
}

/* ---- devices and media (DEV-1..7, issue 10 point 3) --------------------- */

/*
 * The register: one of every kind, their people, a fax with encryption;
 * every label affixed and recorded, but the laptop's (DEV-1: INSP-4's
 * self-assessment finds one device unlabelled).
 */
#define DEMO_UNLABELLED "BJB-2026-001"
static const struct demo_device {
	const char *number, *kind, *level, *holder, *op, *model, *place;
	int password_age; /* days since the login password changed; < 0: not a computer */
} demo_devices[] = {
        {"JSJ-2026-001", "computer", "机密", "majie", NULL, "联想 开天M740J", "信息中心涉密机房",
         10},
        {"JSJ-2026-002", "computer", "秘密", "wufang", NULL, "联想 开天M740J", "人事科", 45},
        {"BJB-2026-001", "laptop", "秘密", "xujun", NULL, "华为 擎云L540", "安全保卫科", 20},
        {"U-2026-001", "usb", "秘密", "hulin", NULL, "朗科 U905 32G", "基础教育科", -1},
        {"YP-2026-001", "removable_disk", "机密", "clerk", NULL, "希捷 1TB", "机要室保密柜（一号）",
         -1},
        {"GP-2026-001", "optical_disc", "秘密", "clerk", NULL, "DVD-R 4.7G", "机要室保密柜（二号）",
         -1},
        {"DY-2026-001", "printer", "机密", "clerk", "clerk", "奔图 P3305DN", "机要室", -1},
        {"FY-2026-001", "copier", "机密", "clerk", "clerk", "震旦 AD369s", "机要室", -1},
        {"CZ-2026-001", "fax", "机密", "clerk", "clerk", "密码传真机 CZ-2", "机要室", -1},
        {"SZ-2026-001", "shredder", "机密", "clerk", NULL, "科密 3号保密碎纸机", "机要室", -1},
};

static int build_devices(demo *d)
{
	int rc;
	set_now(d, local_instant(d, d->last_day, 9 * 60));
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_devices); i++) {
		const struct demo_device *x = &demo_devices[i];
		bm_device_input in;
		bm_device *dev;
		memset(&in, 0, sizeof(in));
		in.number = x->number;
		in.kind = x->kind;
		in.level = x->level;
		in.holder = x->holder;
		in.operator_ = x->op;
		in.model = x->model;
		in.serial = bm_arena_printf(d->ctx->arena, "SN%06u", (unsigned)(rnd(d) % 1000000));
		in.place = x->place;
		in.encrypted = strcmp(x->kind, "fax") == 0;
		if (x->password_age >= 0)
			in.password_changed_on = date_text(d, today_of(d) - x->password_age);
		set_now(d, d->last + 60);
		if ((rc = bm_svc_device_register(d->ctx, &in, &dev)) != 0)
			return rc;
		/* DEV-2: the stick took a 机密 file: raised, never to come down. */
		if (strcmp(x->number, "U-2026-001") == 0) {
			set_now(d, d->last + 600);
			if ((rc = bm_svc_device_level(d->ctx, dev->id, "机密",
			                              "拷贝机密级考试安排，介质升为机密")) != 0)
				return rc;
		}
		/* DEV-1: the printed label affixed and recorded, but for the laptop's (INSP-4). */
		if (strcmp(x->number, DEMO_UNLABELLED) != 0) {
			set_now(d, d->last + 120);
			if ((rc = bm_svc_device_label_affixed(d->ctx, dev->id, NULL)) != 0)
				return rc;
		}
	}
	return 0;
}

/* ---- publication review: PUB-1, PUB-2 --------------------------------------- */

/* Files a publication as staff; `*out` is the request's id. */
static int demo_publication(demo *d, const char *channel, const char *title, const char *field,
                            const char *content, const char *reviewers, const char *reason,
                            int64_t *out)
{
	bm_request_input in = {.op = "publish", .reason = reason};
	json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "channel", channel, "title", title,
	                      field, content, "department", "基础教育科", "publisher", "staff",
	                      "reviewers", reviewers);
	char *text = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	bm_request_row *r;
	int rc;

	json_decref(p);
	if (!text || !(in.params = bm_arena_strdup(d->ctx->arena, text))) {
		free(text);
		return bm_error_nomem();
	}
	free(text);
	set_now(d, d->last + 300);
	if ((rc = bm_svc_request_create(d->ctx, &in, &r)) != 0)
		return rc;
	*out = r->id;
	return 0;
}

/*
 * On the last working day: a website notice reviewed by the clerk and the
 * examination officer, approved by the supervising leader and released by
 * the officer who answers for it (PUB-1); an interview draft the clerk finds
 * not fit to publish, which the leader rejects (PUB-1, review_objection).
 */
static int build_publications(demo *d)
{
	int64_t ok = 0, no = 0;
	int rc;

	/* After the day's incident; before the sites, whose last step is just before now. */
	set_now(d, local_instant(d, d->last_day, 16 * 60 + 30));
	d->step = "publications";
	if ((rc = login(d, "staff")) != 0 ||
	    (rc = demo_publication(d, "website", "秋季学期义务教育阶段招生工作问答", "text",
	                           "一、招生范围和对象……二、报名时间和方式……（公开稿）",
	                           "clerk,hulin", "门户网站政务公开栏目发布", &ok)) != 0 ||
	    (rc = demo_publication(d, "press", "市教育局接受日报专访稿", "attachment",
	                           "专访问答提纲一份（含考试组织工作情况）", "clerk",
	                           "接受市日报专访", &no)) != 0)
		return rc;
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	set_now(d, d->last + 900);
	if ((rc = bm_svc_pub_review(d->ctx, ok, true, "经审查不涉及国家秘密和工作秘密，同意公开",
	                            NULL)) != 0)
		return rc;
	set_now(d, d->last + 300);
	if ((rc = bm_svc_pub_review(d->ctx, no, false,
	                            "第三问涉及考试命题和保管安排，属工作秘密，不宜公开", NULL)) !=
	    0)
		return rc;
	if ((rc = login(d, "hulin")) != 0)
		return rc;
	set_now(d, d->last + 600);
	if ((rc = bm_svc_pub_review(d->ctx, ok, true, "未涉及考试工作敏感内容，同意", NULL)) != 0)
		return rc;
	if ((rc = login(d, "leader")) != 0)
		return rc;
	set_now(d, d->last + 600);
	if ((rc = bm_svc_request_decide(d->ctx, ok, true, "经保密审查，同意发布")) != 0)
		return rc;
	set_now(d, d->last + 300);
	if ((rc = bm_svc_request_decide(d->ctx, no, false,
	                                "按保密审查意见退回，删去第三问后重报")) != 0)
		return rc;
	if ((rc = login(d, "staff")) != 0)
		return rc;
	set_now(d, d->last + 1200);
	return bm_svc_pub_release(d->ctx, ok, "市教育局门户网站·政务公开·招生考试栏目", NULL);
}

/* ---- incidents to the end: INC-1, INC-2, INSP-3 ----------------------------- */

/*
 * An incident carried to a sanction, and a reward: on the last working day,
 * a 机密 file sent by mistake is discovered at 10:20, typed in at 10:50,
 * reported to the higher authority within the 24 hours (INC-1), investigated
 * (INC-4), sanctioned by the range of 机密 (INC-2: a demerit) and closed;
 * the colleague who noticed it is commended (INSP-3).
 */
static int build_incidents(demo *d)
{
	char discovered[BM_ISO_TIME_LEN], sent[BM_ISO_TIME_LEN];
	bm_incident_input in = {0};
	bm_incident_notice_input notice = {0};
	bm_merit_input m = {0};
	bm_incident_row *i = NULL;
	bm_merit_row *line = NULL;
	const char *day = date_text(d, d->last_day);
	int rc;

	d->step = "incident";
	set_now(d, local_instant(d, d->last_day, 10 * 60 + 50));
	if ((rc = login(d, "clerk")) != 0)
		return rc;
	bm_time_format(local_instant(d, d->last_day, 10 * 60 + 20), discovered);
	in.kind = "leak";
	in.what = "全市中考考务工作安排（机密）电子文档";
	in.level = "机密";
	in.quantity = "1";
	in.form = "电子文档";
	in.harm = "考务安排可能在考前外泄";
	in.circumstances = "经办人误将文档作为附件发至非涉密邮箱，收件人发现后当即报告";
	in.responsible = "杨帆";
	in.remedies = "已联系收件人彻底删除，邮箱服务商确认未转发；已更换相关安排";
	in.discovered_at = discovered;
	if ((rc = bm_svc_incident_open(d->ctx, &in, &i)) != 0)
		return rc;
	set_now(d, local_instant(d, d->last_day, 14 * 60));
	bm_time_format(d->ctx->now - 30 * 60, sent);
	notice.sent_at = sent;
	notice.to = "市国家保密局";
	notice.document =
	        bm_arena_printf(d->ctx->arena, "教保〔%d〕%d号", year_of(d->last_day), 31);
	if ((rc = bm_svc_incident_notify(d->ctx, i->id, &notice)) != 0)
		return rc;
	set_now(d, local_instant(d, d->last_day, 16 * 60));
	if ((rc = bm_svc_incident_findings(d->ctx, i->id,
	                                   "经办人未执行涉密文件不得经互联网传输的规定；"
	                                   "未造成实际泄露，情节较轻")) != 0)
		return rc;
	set_now(d, d->last + 600);
	m.person = "staff";
	m.measure = "demerit";
	m.reason = "违规通过互联网邮箱传输机密级文档";
	m.decided_by = "局保密工作领导小组";
	m.decided_on = day;
	m.document = bm_arena_printf(d->ctx->arena, "教保领〔%d〕%d号", year_of(d->last_day), 4);
	if ((rc = bm_svc_merit_sanction(d->ctx, i->id, &m, &line)) != 0)
		return rc;
	set_now(d, d->last + 300);
	if ((rc = bm_svc_incident_close(d->ctx, i->id, "已处分并组织全局保密提醒")) != 0)
		return rc;
	set_now(d, d->last + 300);
	memset(&m, 0, sizeof(m));
	m.person = "hulin";
	m.measure = "commendation";
	m.reason = "发现考务文档误发后当即报告，避免泄密扩大";
	m.decided_by = "局保密工作领导小组";
	m.decided_on = day;
	m.document = bm_arena_printf(d->ctx->arena, "教保领〔%d〕%d号", year_of(d->last_day), 5);
	return bm_svc_merit_reward(d->ctx, &m, &line);
}

/* ---- the yearly self-assessment: INSP-4 ------------------------------------ */

/*
 * The year's self-assessment in progress (INSP-4): the clerk starts it on
 * the last working day, its checklist compiled from the demo's records,
 * and answers some items: the training as complies with a note on the
 * plan, the devices' register as it stands, and the overdue loans as a
 * finding for the general office to rectify within a month (INSP-2). The
 * rest is left to answer; nobody has signed.
 */
static int build_selfcheck(demo *d)
{
	bm_sa_view v = {0};
	bm_sa_answer_input a = {0};
	char deadline[BM_DATE_LEN];
	int rc;

	d->step = "selfcheck";
	set_now(d, d->last + 900);
	if ((rc = login(d, "clerk")) != 0 || (rc = bm_svc_insp_sa_start(d->ctx, NULL, &v)) != 0)
		return rc;
	set_now(d, d->last + 600);
	a.item = "training";
	a.answer = "yes";
	a.note = "年度集中培训已排定，年底前补足学时";
	if ((rc = bm_svc_insp_sa_answer(d->ctx, v.sa->id, &a, &v)) != 0)
		return rc;
	set_now(d, d->last + 300);
	a.item = "device";
	a.note = "设备台账逐台核对，均已定机定人";
	if ((rc = bm_svc_insp_sa_answer(d->ctx, v.sa->id, &a, &v)) != 0)
		return rc;
	set_now(d, d->last + 300);
	bm_date_format(d->last_day + 30, deadline);
	a.item = "loan";
	a.answer = "no";
	a.note = "个别借阅载体逾期未还，督促归还并完善催还提醒";
	a.department = demo_departments[D_OFFICE].name;
	a.responsible = demo_departments[D_OFFICE].head;
	a.deadline = deadline;
	return bm_svc_insp_sa_answer(d->ctx, v.sa->id, &a, &v);
}

/* ---- the monthly report to the leadership (ORG-2) ------------------------ */

/*
 * The clerk records each past month's report as delivered to the leader in
 * charge, dated early in the next month and before the policy's due day
 * (report.monthly_day), from the month the unit was set up to the last
 * whose day has come. The deliveries are recorded once the demo's records
 * are in: the trainings, devices, incidents and the self-assessment are
 * entered on the last days with their own dates, and the months' figures
 * count them, so each delivery's digest is the report as it stands (a
 * delivery made during the two-year walk would show 报送后所依据的记录有变化
 * on every month a training was entered afterwards). No draw on the random
 * sequence: what follows is the same as without the deliveries.
 */
static int build_reports(demo *d)
{
	int32_t today = today_of(d);
	int year, month, mday;
	int rc;

	d->step = "report";
	bm_date_to_ymd(d->setup_day, &year, &month, &mday);
	for (;;) {
		int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
		int32_t next = BM_DATE_NONE, due, on;
		bm_report_deliver_input in = {0};
		bm_report_delivery_row *row = NULL;
		char period[8], day[BM_DATE_LEN];

		if (!bm_date_from_ymd(ny, nm, 1, &next))
			return bm_error_set(BM_EINVALID, "invalid_period", NULL, "月份无效",
			                    "no such month");
		due = next + d->ctx->policy.report_monthly_day - 1;
		/* The second of the month, or the next working day; never after the due day. */
		on = workday_from(next + 1);
		if (on > due)
			on = due;
		if (on > today)
			return 0;
		snprintf(period, sizeof(period), "%04d-%02d", year, month);
		bm_date_format(on, day);
		in.month = period;
		in.to = "leader";
		in.delivered_on = day;
		in.note = "在局务会上报送";
		d->last += 120;
		d->ctx->now = d->last;
		if ((rc = bm_svc_report_deliver(d->ctx, &in, &row)) != 0)
			return rc;
		year = ny;
		month = nm;
	}
}

/* ---- summary ------------------------------------------------------------- */

static const char *role_of(const struct demo_person *p)
{
	return p->admin_role ? p->admin_role : p->roles ? p->roles : "";
}

static void print_text(const demo *d)
{
	char from[BM_ISO_TIME_LEN], to[BM_ISO_TIME_LEN];
	bm_time_format(d->first_registered, from);
	bm_time_format(d->last_registered, to);
	printf("已建立演示单位“%s”/ created the demo unit '%s'\n", DEMO_UNIT, DEMO_UNIT);
	printf("  部门 departments:        %d\n", d->n_departments);
	printf("  人员 people:             %d（账户 accounts: %d）\n", d->n_people, d->n_accounts);
	printf("  存放地点 storage places: %d\n", d->n_places);
	printf("  载体 carriers:           %d（收文 incoming %d，自制 made %d，来自 from %d 份文件 "
	       "documents）\n",
	       d->n_carriers, d->by_origin[BM_ORIGIN_INCOMING], d->by_origin[BM_ORIGIN_MADE],
	       d->n_made_docs);
	printf("    按密级 by level:");
	for (int l = 0; l < BM_LEVEL_COUNT; l++)
		printf(" %s/%s %d%s", bm_level_names[l].zh, bm_level_names[l].code, d->by_level[l],
		       l + 1 < BM_LEVEL_COUNT ? "," : "\n");
	printf("    按载体形式 by kind: ");
	for (int k = 0; k < BM_KIND_COUNT; k++)
		printf(" %s/%s %d%s", bm_kind_names[k].zh, bm_kind_names[k].code, d->by_kind[k],
		       k + 1 < BM_KIND_COUNT ? "," : "\n");
	printf("  移存 moves:              %d\n", d->n_moves);
	printf("  逾期登记 late registrations (REG-2): %d\n", d->n_late);
	printf("  要害部门部位 key sites (SITE-1): %d（来访 visits %d）\n", d->n_sites,
	       d->n_site_visits);
	printf("  涉密会议 classified meetings (MEET-1): %d（文件未收回 documents not back %d）\n",
	       d->n_meetings, d->n_meeting_out);
	printf("  登记时间 registered:     %s … %s\n", from, to);
	printf("  审计密钥 audit key:      %s（权限 0600，请妥善备份 / mode 0600, back it up）\n",
	       d->s->anchor.key_path);
	printf("  首个检查点 first checkpoint: %s，校验码 / code %s\n",
	       d->s->anchor.checkpoints_path, d->anchor.code);
	printf("\n演示账户 / demo accounts — 密码 / password: %s\n", DEMO_PASSWORD);
	printf("  %-11s %s  %s / %s\n", "sysadmin", DEMO_SYSADMIN_NAME, "系统管理员",
	       "system administrator");
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++)
		if (demo_people[i].username)
			printf("  %-11s %s  %s / %s\n", demo_people[i].username,
			       demo_people[i].name, demo_people[i].post, demo_people[i].post_en);
	printf("\n试试 / try: BAOMI_PASSWORD=%s baomi carrier list --db DB --user clerk\n",
	       DEMO_PASSWORD);
}

static void print_json(const demo *d)
{
	json_t *o = json_object(), *carriers = json_object(), *levels = json_object(),
	       *kinds = json_object(), *accounts = json_array(), *acct;
	char from[BM_ISO_TIME_LEN], to[BM_ISO_TIME_LEN];

	bm_time_format(d->first_registered, from);
	bm_time_format(d->last_registered, to);
	json_object_set_new(o, "unit", json_string(DEMO_UNIT));
	json_object_set_new(o, "departments", json_integer(d->n_departments));
	json_object_set_new(o, "people", json_integer(d->n_people));
	json_object_set_new(o, "places", json_integer(d->n_places));
	for (int l = 0; l < BM_LEVEL_COUNT; l++)
		json_object_set_new(levels, bm_level_names[l].code, json_integer(d->by_level[l]));
	for (int k = 0; k < BM_KIND_COUNT; k++)
		json_object_set_new(kinds, bm_kind_names[k].code, json_integer(d->by_kind[k]));
	json_object_set_new(carriers, "total", json_integer(d->n_carriers));
	json_object_set_new(carriers, "incoming", json_integer(d->by_origin[BM_ORIGIN_INCOMING]));
	json_object_set_new(carriers, "made", json_integer(d->by_origin[BM_ORIGIN_MADE]));
	json_object_set_new(carriers, "made_documents", json_integer(d->n_made_docs));
	json_object_set_new(carriers, "by_level", levels);
	json_object_set_new(carriers, "by_kind", kinds);
	json_object_set_new(carriers, "moves", json_integer(d->n_moves));
	json_object_set_new(carriers, "late_registrations", json_integer(d->n_late));
	json_object_set_new(carriers, "registered_from", json_string(from));
	json_object_set_new(carriers, "registered_to", json_string(to));
	json_object_set_new(o, "carriers", carriers);
	json_object_set_new(o, "key_sites", json_integer(d->n_sites));
	json_object_set_new(o, "key_site_visits", json_integer(d->n_site_visits));
	json_object_set_new(o, "meetings", json_integer(d->n_meetings));
	json_object_set_new(o, "meeting_documents_out", json_integer(d->n_meeting_out));
	acct = json_object();
	json_object_set_new(acct, "username", json_string("sysadmin"));
	json_object_set_new(acct, "name", json_string(DEMO_SYSADMIN_NAME));
	json_object_set_new(acct, "roles", json_string("sysadmin"));
	json_object_set_new(acct, "post", json_string("系统管理员"));
	json_object_set_new(acct, "post_en", json_string("system administrator"));
	json_array_append_new(accounts, acct);
	for (size_t i = 0; i < BM_ARRAY_LEN(demo_people); i++) {
		const struct demo_person *p = &demo_people[i];
		if (!p->username)
			continue;
		acct = json_object();
		json_object_set_new(acct, "username", json_string(p->username));
		json_object_set_new(acct, "name", json_string(p->name));
		json_object_set_new(acct, "roles", json_string(role_of(p)));
		json_object_set_new(acct, "class",
		                    json_string(p->person_class ? p->person_class : "none"));
		json_object_set_new(acct, "post", json_string(p->post));
		json_object_set_new(acct, "post_en", json_string(p->post_en));
		json_array_append_new(accounts, acct);
	}
	json_object_set_new(o, "accounts", accounts);
	json_object_set_new(o, "password", json_string(DEMO_PASSWORD));
	json_object_set_new(o, "audit_key", json_string(d->s->anchor.key_path));
	json_object_set_new(o, "checkpoints", json_string(d->s->anchor.checkpoints_path));
	json_object_set_new(o, "code", json_string(d->anchor.code));
	bm_cli_print_json(o);
	json_decref(o);
}

/* ---- the command --------------------------------------------------------- */

/*
 * `baomi demo --db PATH [--json]`: fills an empty database with the demo
 * unit and prints what it made. Refuses (exit 6) when a unit exists.
 */
int bm_cmd_demo(int argc, char **argv)
{
	static const struct option longopts[] = {
	        BM_CLI_COMMON_LONGOPTS,
	        {NULL, 0, NULL, 0},
	};
	/* The unit's parts in the order a unit grows; each draws from its own sequence. */
	static int (*const parts[])(demo *) = {
	        build_organisation, build_clearances, build_site_entry, build_ledger,
	        build_people,       build_devices,    build_incidents,  build_publications,
	        build_selfcheck,    build_reports,    build_duty,       build_sites,
	};
	bm_cli_common common;
	bm_cli_session s;
	demo d;
	int32_t today;
	int opt, rc;

	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		if (opt == 'h')
			return bm_cli_help("demo");
		return bm_cli_usage("demo", "unknown option");
	}
	if (optind < argc)
		return bm_cli_usage("demo", "unexpected argument '%s'", argv[optind]);

	memset(&d, 0, sizeof(d));
	memset(&s, 0, sizeof(s));
	/* SYS-3: a unit without its key and checkpoints is refused before anything is made. */
	if ((rc = bm_cli_anchor_paths_check(&common)) != 0 ||
	    (rc = bm_cli_session_open(&s, &common, false)) != 0)
		goto done;
	d.s = &s;
	d.ctx = &s.ctx;
	d.tz = s.ctx.policy.tz_offset_minutes;
	/* The end point is now; everything else is laid out before it. */
	d.end = s.ctx.now;
	today = bm_time_local_date(s.ctx.now, d.tz);
	/*
	 * The registrations span the same number of days whatever weekday today
	 * is, so each planned move falls before or after the last day alike.
	 */
	d.last_day = workday_until(today - 1);
	d.first_day = d.last_day - (DEMO_DAYS - 6);
	d.setup_day = workday_until(d.first_day - 3);

	/* MEET-1: the classified meeting, some weeks before the end. */
	d.meeting_day = workday_from(d.last_day - 24);
	for (size_t i = 0; i < BM_ARRAY_LEN(parts); i++) {
		reseed(&d, (uint64_t)i + 1);
		if ((rc = parts[i](&d)) != 0) {
			failed(&d, rc);
			goto done;
		}
	}
	if (common.json)
		print_json(&d);
	else
		print_text(&d);
done:
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_cli_session_close(&s);
	return rc;
}
