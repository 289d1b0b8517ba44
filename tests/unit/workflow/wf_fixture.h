/*
 * wf_fixture.h — the workflow tests' additions to the service fixture
 * (tests/unit/service/fixture.h, reused unchanged): the approvers the
 * policy's chains name, created through the services in the group set-up.
 *
 *   kjhead    科技处长   科技处 important, dept_head@科技处
 *   cwhead    财务处长   财务处 core,      dept_head@财务处
 *   bghead    办公室主任 办公室 core,      dept_head@办公室
 *   leader    分管领导   办公室 core,      leader (unit-wide)
 *   principal 主要领导   办公室 core,      principal (unit-wide), classifier (LEVEL-4)
 */
#ifndef BM_TEST_WF_FIXTURE_H
#define BM_TEST_WF_FIXTURE_H

#include "../service/fixture.h"
#include "service/service_int.h"

typedef struct wf_fx {
	bm_arena arena; /* the approvers' records */
	bm_person *kjhead, *cwhead, *bghead, *leader, *principal;
} wf_fx;

/* cmocka group setup/teardown: the service fixture plus the approvers. */
int wf_group_setup(void **state);
int wf_group_teardown(void **state);

/* The approvers of the running group. */
wf_fx *wf_get(void);

/* Registers an incoming carrier as the clerk; returns its id (asserts success). */
int64_t wf_register(bm_arena *a, const char *title, const char *level, const char *place,
                    const char *scope);

/* Files a request as `who`; returns the service's code, `*out` on success. */
int wf_request(bm_arena *a, bm_person *who, const char *op, int64_t carrier_id, const char *params,
               bm_request_row **out);

/* Approves or rejects as `who`, with a comment. */
int wf_decide(bm_arena *a, bm_person *who, int64_t id, bool approve);

/* Every request in the store. */
int64_t wf_request_count(void);

/* A request read straight from the store into `a`. */
bm_request_row *wf_request_get(bm_arena *a, int64_t id);

#endif
