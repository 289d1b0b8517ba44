/*
 * rec_fixture.h — the record tests' additions to the workflow fixture
 * (tests/unit/workflow/wf_fixture.h, reused unchanged): classification
 * authorities, people for custody cases, approved requests in one call,
 * and the assertions every refusal test makes.
 *
 *   dingmi  定密员  办公室 core,      classifier (绝密)
 *   dingmi2 定密二  科技处 important, classifier (机密 at most, LEVEL-10)
 *   调离甲  科技处 important (no account)   接收乙 科技处 general (no account)
 */
#ifndef BM_TEST_REC_FIXTURE_H
#define BM_TEST_REC_FIXTURE_H

#include "../workflow/wf_fixture.h"

typedef struct rec_fx {
	bm_arena arena;
	bm_person *dingmi, *dingmi2;
} rec_fx;

/* cmocka group setup/teardown: the workflow fixture plus the people above. */
int rec_group_setup(void **state);
int rec_group_teardown(void **state);

rec_fx *rec_get(void);

/* A snapshot of what a refusal must leave unchanged. */
typedef struct rec_snap {
	int64_t carriers;
	int64_t history;
	int64_t audit;
} rec_snap;

void rec_snapshot(rec_snap *out);

/*
 * Asserts a refusal: the return code is `klass`, the error names `rule` and
 * `code` with both messages, the last audit event is the refusal with its
 * rule, and nothing else changed since `before` (one audit event more).
 */
void rec_assert_refused(int rc, int klass, const char *rule, const char *code,
                        const rec_snap *before);

/* Registers an incoming carrier with every field the tests vary (asserts success). */
int64_t rec_register(bm_arena *a, const bm_carrier_input *in);

/*
 * Files a request as `who` over `ids` and approves every step of its chain
 * with the approver the step names; returns the request id (asserts).
 */
int64_t rec_approved(bm_arena *a, bm_person *who, const char *op, const int64_t *ids, size_t n,
                     const char *params);

/* Files a request and leaves it pending; returns its id (asserts). */
int64_t rec_pending(bm_arena *a, bm_person *who, const char *op, const int64_t *ids, size_t n,
                    const char *params);

/* The clerk hands the carrier to `reader` for reading (an open loan; asserts). */
void rec_circulate(bm_arena *a, int64_t carrier_id, const char *reader);

/* The clerk checks the carrier back in (asserts). */
void rec_checkin(bm_arena *a, int64_t carrier_id);

/* Installs policy text as the security administrator (asserts). */
void rec_policy(bm_arena *a, const char *text);

#endif
