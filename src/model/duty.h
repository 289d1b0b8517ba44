/*
 * model/duty.h — the unit's responsibility system (保密工作责任制, ORG-1):
 * the members of the leadership group (保密工作领导小组) with their role in
 * it and the leader in charge (分管保密工作的领导), and each department's
 * responsible leader (责任领导) and secrecy clerk (保密员). The records the
 * store reads and writes and the services return. Include "model/data.h".
 * Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_DUTY_H
#define BM_MODEL_DUTY_H

#include "common.h"

/*
 * A place in the leadership group, from its appointment to its end. Only
 * the end (ended_on, end_document) is ever written after the insert, and
 * once. Names are filled by the reads.
 */
typedef struct bm_duty_member {
	int64_t id;
	int64_t unit_id;
	int64_t person_id;
	const char *role; /* "head" 组长, "deputy" 副组长, "member" 成员 */
	bool in_charge;   /* the leader in charge of secrecy work (分管保密工作的领导) */
	const char *appointed_on; /* YYYY-MM-DD */
	const char *document;     /* the appointing document's number (文号) */
	const char *ended_on;     /* NULL while in office */
	const char *end_document; /* NULL: none given */
	int64_t recorded_by;
	const char *recorded_at;
	/* filled by the reads: */
	const char *person_name, *department_name;
	int person_status; /* bm_person_status */
} bm_duty_member;

/*
 * A department's responsible leader and secrecy clerk since a day. A
 * change ends the current line (ended_on, the new line's since) and adds a
 * new one: at most one line of a department is current.
 */
typedef struct bm_duty_dept {
	int64_t id;
	int64_t unit_id;
	int64_t department_id;
	int64_t leader_id; /* 责任领导 */
	int64_t clerk_id;  /* 保密员 */
	const char *since; /* YYYY-MM-DD */
	const char *document;
	const char *ended_on; /* NULL: current */
	int64_t recorded_by;
	const char *recorded_at;
	/* filled by the reads: */
	const char *department_name, *leader_name, *clerk_name;
	int leader_status, clerk_status; /* bm_person_status */
} bm_duty_dept;

/* A line of the responsibility system's history; never changed. */
typedef struct bm_duty_event {
	int64_t id;
	int64_t unit_id;
	const char *at;
	int64_t actor_id;
	const char *action;     /* "member.add", "member.end", "department.set" */
	int64_t member_id;      /* 0: none */
	int64_t department_id;  /* 0: none */
	const char *detail;     /* JSON object */
	const char *actor_name; /* filled by the reads */
} bm_duty_event;

#endif
