/*
 * duty.h — the unit's responsibility system (保密工作责任制, ORG-1),
 * service/duty.c.
 *
 * The leadership group (保密工作领导小组): each member's place — role
 * (head 组长, deputy 副组长, member 成员), whether the leader in charge of
 * secrecy work (分管保密工作的领导), the appointment's day and document —
 * recorded and ended, never rewritten; each department's responsible
 * leader (责任领导) and secrecy clerk (保密员) since a day, a change ending
 * the line before. The rules are policy/duty.c's; the secrecy clerk
 * records (BM_TASK_DUTY), one transaction per use case, audited, with the
 * history in duty_event. Anyone of the unit reads it. The ORG-1 alerts —
 * no group, no head, no leader in charge, a department without its leader
 * or clerk, a member's or responsible leader's statement missing or lapsed
 * — come from bm_svc_duty_alerts.
 */
#ifndef BM_SERVICE_DUTY_H
#define BM_SERVICE_DUTY_H

#include <jansson.h>

#include "service/ledger.h"
#include "service/service.h"

/* A place in the group as typed (raw input; NULL: not given). */
typedef struct bm_duty_member_in {
	const char *person; /* id, username or name of a person of the unit */
	const char *role;   /* head, deputy, member */
	bool in_charge;     /* the leader in charge of secrecy work */
	const char *appointed_on;
	const char *document;
} bm_duty_member_in;

/* A department's responsibility as typed (raw input; NULL: not given). */
typedef struct bm_duty_dept_in {
	const char *department; /* id, name or code of a department of the unit */
	const char *leader;     /* person ref: the responsible leader */
	const char *clerk;      /* person ref: the secrecy clerk */
	const char *since;      /* date */
	const char *document;   /* optional */
} bm_duty_dept_in;

/* ORG-1: appoints a member of the leadership group. `*out` lives in ctx->arena. */
int bm_svc_duty_member_add(bm_ctx *ctx, const bm_duty_member_in *in, bm_duty_member **out);

/* ORG-1: ends place `id` in the group on `on` (default today), under `document` (optional). */
int bm_svc_duty_member_end(bm_ctx *ctx, int64_t id, const char *on, const char *document,
                           bm_duty_member **out);

/* ORG-1: records a department's responsible leader and secrecy clerk. */
int bm_svc_duty_dept_set(bm_ctx *ctx, const bm_duty_dept_in *in, bm_duty_dept **out);

/*
 * A place in the group and a department's line as JSON (new references),
 * as the view gives them without the statements: what a use case returns.
 */
json_t *bm_duty_member_json(const bm_duty_member *m);
json_t *bm_duty_dept_json(const bm_duty_dept *t);

/*
 * ORG-1: the responsibility system as it stands, as JSON (new reference):
 * "members" (current, with each one's statement: until and state valid,
 * lapsed or missing), "departments" (every department of the unit, with its
 * current line or null), "alerts" (bm_svc_duty_alerts), and with `history`
 * also "former" (ended places), "lines" (every department line) and
 * "events". Read by anyone of the unit.
 */
int bm_svc_duty_view(bm_ctx *ctx, bool history, json_t **out);

/*
 * ORG-1: the gaps of the responsibility system on `today`, as alerts in
 * ctx->arena: the group not recorded, without its head or its leader in
 * charge; a department without its responsible leader or clerk (or with
 * one no longer active); a group member's or responsible leader's
 * statement missing or lapsed (person_id set; one per person). With
 * `beside_register`, a lapse the people register already tells
 * (bm_rules_statement_due) is left to it. Inside the caller's read.
 */
int bm_svc_duty_alerts(bm_ctx *ctx, int32_t today, bool beside_register, bm_alert **out,
                       size_t *count);

#endif
