/*
 * fixture.h — a small unit built through the services, as an operator would
 * (tests/unit/service). One fixture per cmocka group: logins cost an
 * Argon2id verification each, so the accounts log in once in the group
 * setup and the tests act as them through svc_fx_ctx().
 *
 * The unit: departments 办公室, 科技处, 财务处;
 *   sysadmin, secadmin, auditor           the three administrators (SYS-1)
 *   clerk  王秘书 办公室 core, clerk role  (sees 绝密, whole ledger)
 *   li     李四   科技处 important, staff  (机密)
 *   zhao   赵六   财务处 core, staff       (绝密)
 *   张三 科技处 important (no account); 周一般 科技处 general;
 *   孙未签 科技处 important without a commitment (PERSON-2);
 *   钱临时 办公室 temporary hire (PERSON-3).
 * Places: 机要室保密柜 safe 绝密; 科技处保密柜 safe 机密 (科技处);
 *   档案室 room 秘密; 保密室 room 机密; 普通文件柜 cabinet 内部.
 * "Now" is 2026-11-23T02:00:00Z (10:00 in Beijing, a Monday).
 */
#ifndef BM_TEST_SERVICE_FIXTURE_H
#define BM_TEST_SERVICE_FIXTURE_H

#include "audit/audit.h"
#include "service/service.h"
#include "store/store.h" /* unit tests may use any layer */

#define FX_PW  "Test@2026pass"
#define FX_NOW "2026-11-23T02:00:00Z"

typedef struct svc_fx {
	char dir[64];
	char path[128];
	bm_store *store;
	bm_arena arena; /* lives for the group: the logged-in people */
	int64_t now;
	bm_person *sysadmin, *secadmin, *auditor, *clerk, *li, *zhao;
	int64_t office_id, tech_id, finance_id;
} svc_fx;

/* One audit event, copied out of the store. */
typedef struct fx_audit {
	int64_t count; /* events in the log */
	int64_t seq;
	char actor[64];
	char action[64];
	char object[64];
	char outcome[16];
	char rule[16];
	char detail[2048];
} fx_audit;

/* cmocka group setup/teardown: builds and removes the unit. */
int svc_fx_group_setup(void **state);
int svc_fx_group_teardown(void **state);

/* The fixture of the running group. */
svc_fx *svc_fx_get(void);

/* Runs one set-up step: prints the error (code, rule, message) when `rc` is not 0; returns `rc`. */
int svc_fx_step(int rc, const char *what);

/* Adds a person (a login with FX_PW when `username` is given) as ctx's actor may. */
int svc_fx_add_person(bm_ctx *ctx, const char *username, const char *name, const char *dept,
                      const char *roles, bool temporary);

/* Logs `user` in with FX_PW on ctx; `*out` is the actor. */
int svc_fx_login(bm_ctx *ctx, const char *user, bm_person **out);

/* A fresh context on the fixture's store acting as `actor` (NULL: nobody). */
void svc_fx_ctx(bm_ctx *ctx, bm_arena *arena, bm_person *actor);

/* The number of events and the last one. */
void svc_fx_audit_last(fx_audit *out);

/* Every carrier in the ledger (whole ledger, up to 绝密). */
int64_t svc_fx_carrier_count(void);

/* Every history line of every carrier. */
int64_t svc_fx_history_count(void);

/* A carrier read straight from the store into `arena`. */
bm_carrier *svc_fx_carrier(bm_arena *arena, int64_t id);

/*
 * DESTROY-2 with REG-1 (issue 14 point 5): each witness in `refs` confirms
 * themselves — a fixture account (an ASCII login name) with its own
 * password (FX_PW), a person without one (a Chinese name) by hand on paper.
 * `out` has room for `n`; returns `out`.
 */
static inline bm_svc_receipt *svc_fx_witness_receipts(const char *const *refs, size_t n,
                                                      bm_svc_receipt *out)
{
	for (size_t i = 0; i < n; i++) {
		bm_svc_receipt r = {0};
		if (refs[i] && (unsigned char)refs[i][0] < 0x80)
			r.password = FX_PW;
		else
			r.paper = true;
		out[i] = r;
	}
	return out;
}

#endif
