/*
 * fixture.c — see fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "policy/visibility.h"
#include "util/timeutil.h"

static svc_fx *current;

svc_fx *svc_fx_get(void)
{
	return current;
}

int svc_fx_step(int rc, const char *what)
{
	if (rc != 0)
		fprintf(stderr, "# fixture step '%s' failed: %d %s %s (%s)\n", what, rc,
		        bm_error_last()->code, bm_error_last()->rule, bm_error_last()->message_en);
	return rc;
}

int svc_fx_add_person(bm_ctx *ctx, const char *username, const char *name, const char *dept,
                      const char *roles, bool temporary)
{
	bm_person_input in = {
	        .username = username, .name = name, .department = dept, .temporary = temporary};
	const char *actor = ctx->actor ? ctx->actor->username : NULL;
	bm_filing_half filed = {0}, approved = {0};
	char secret[2 * BM_HALF_SECRET_LEN + 1];
	bm_person *p;
	int rc;
	/* SYS-1: the three administrators come from init; roles from the secadmin's grant. */
	if (roles && (!strcmp(roles, "secadmin") || !strcmp(roles, "auditor")))
		return 0;
	if ((rc = svc_fx_step(bm_svc_person_add(ctx, &in, &p, &filed), name)) != 0 || !username)
		return rc;
	/* The two-administrator first login, then the fixture's password. */
	if ((rc = svc_fx_step(bm_svc_login(ctx, "secadmin", FX_PW), "secadmin")) != 0 ||
	    (rc = svc_fx_step(bm_svc_account_approve(ctx, filed.filing_id, &approved),
	                      "approve")) != 0)
		return rc;
	snprintf(secret, sizeof(secret), "%s%s", filed.half, approved.half);
	if ((rc = svc_fx_step(bm_svc_login(ctx, username, secret), "first login")) != 0 ||
	    (rc = svc_fx_step(bm_svc_password_change(ctx, 0, secret, FX_PW), "first change")) != 0)
		return rc;
	if (roles && (rc = svc_fx_step(bm_svc_login(ctx, "secadmin", FX_PW), "secadmin")) == 0)
		rc = svc_fx_step(bm_svc_person_grant(ctx, username, NULL, roles, NULL), "roles");
	if (rc == 0 && actor)
		rc = svc_fx_step(bm_svc_login(ctx, actor, FX_PW), actor);
	return rc;
}

int svc_fx_login(bm_ctx *ctx, const char *user, bm_person **out)
{
	int rc;
	ctx->actor = NULL;
	if ((rc = svc_fx_step(bm_svc_login(ctx, user, FX_PW), user)) != 0)
		return rc;
	*out = ctx->actor;
	return 0;
}

/* SYS-1: the unit's three administrators, made by init. */
static const bm_init_admin fx_admins[3] = {
        {"sysadmin", "系统管理员"},
        {"secadmin", "安全员"},
        {"auditor", "审计员"},
};

static int build(svc_fx *f)
{
	bm_ctx ctx;
	bm_department *d;
	bm_place *p;
	int rc;

	if ((rc = svc_fx_step(bm_ctx_init(&ctx, f->store, &f->arena, f->now, "test"), "ctx")) !=
	            0 ||
	    (rc = svc_fx_step(bm_svc_init_unit_admins(&ctx, "测试单位", fx_admins, FX_PW),
	                      "init")) != 0 ||
	    (rc = svc_fx_login(&ctx, "sysadmin", &f->sysadmin)) != 0)
		return rc;
	if ((rc = svc_fx_step(bm_svc_department_add(&ctx, "办公室", "BGS", &d), "办公室")) != 0)
		return rc;
	f->office_id = d->id;
	if ((rc = svc_fx_step(bm_svc_department_add(&ctx, "科技处", "KJC", &d), "科技处")) != 0)
		return rc;
	f->tech_id = d->id;
	if ((rc = svc_fx_step(bm_svc_department_add(&ctx, "财务处", NULL, &d), "财务处")) != 0)
		return rc;
	f->finance_id = d->id;
	if ((rc = svc_fx_add_person(&ctx, "secadmin", "安全员", NULL, "secadmin", false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, "auditor", "审计员", NULL, "auditor", false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, "clerk", "王秘书", "办公室", NULL, false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, "li", "李四", "科技处", NULL, false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, "zhao", "赵六", "财务处", NULL, false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, NULL, "张三", "科技处", NULL, false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, NULL, "周一般", "科技处", NULL, false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, NULL, "孙未签", "科技处", NULL, false)) != 0 ||
	    (rc = svc_fx_add_person(&ctx, NULL, "钱临时", "办公室", NULL, true)) != 0)
		return rc;

	if ((rc = svc_fx_login(&ctx, "secadmin", &f->secadmin)) != 0)
		return rc;
	if ((rc = svc_fx_step(bm_svc_person_grant(&ctx, "clerk", "core", "clerk", "2026-01-05"),
	                      "grant clerk")) != 0 ||
	    (rc = svc_fx_step(bm_svc_person_grant(&ctx, "li", "important", "staff", "2026-01-05"),
	                      "grant li")) != 0 ||
	    (rc = svc_fx_step(bm_svc_person_grant(&ctx, "zhao", "核心", "staff", "2026-01-05"),
	                      "grant zhao")) != 0 ||
	    (rc = svc_fx_step(bm_svc_person_grant(&ctx, "张三", "重要", NULL, "2026-01-05"),
	                      "grant 张三")) != 0 ||
	    (rc = svc_fx_step(bm_svc_person_grant(&ctx, "周一般", "general", NULL, "2026-01-05"),
	                      "grant 周一般")) != 0 ||
	    (rc = svc_fx_step(bm_svc_person_grant(&ctx, "孙未签", "important", NULL, NULL),
	                      "grant 孙未签")) != 0)
		return rc;
	if ((rc = svc_fx_step(bm_svc_place_add(&ctx, "机要室保密柜", "safe", "绝密", NULL, &p),
	                      "safe")) ||
	    (rc = svc_fx_step(
	             bm_svc_place_add(&ctx, "科技处保密柜", "保密柜", "机密", "科技处", &p),
	             "tech safe")) ||
	    (rc = svc_fx_step(bm_svc_place_add(&ctx, "档案室", "room", "秘密", NULL, &p),
	                      "archive")) ||
	    (rc = svc_fx_step(bm_svc_place_add(&ctx, "保密室", "room", "机密", NULL, &p),
	                      "room")) ||
	    (rc = svc_fx_step(bm_svc_place_add(&ctx, "普通文件柜", "cabinet", "内部", NULL, &p),
	                      "cabinet")))
		return rc;
	if ((rc = svc_fx_login(&ctx, "auditor", &f->auditor)) != 0 ||
	    (rc = svc_fx_login(&ctx, "clerk", &f->clerk)) != 0 ||
	    (rc = svc_fx_login(&ctx, "li", &f->li)) != 0 ||
	    (rc = svc_fx_login(&ctx, "zhao", &f->zhao)) != 0)
		return rc;
	return 0;
}

int svc_fx_group_setup(void **state)
{
	svc_fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bm_svc_XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/unit.db", f->dir);
	bm_arena_init(&f->arena, 0);
	if (!bm_time_parse(FX_NOW, &f->now) ||
	    svc_fx_step(bm_store_open(&f->store, f->path), "open") || build(f) != 0) {
		current = f;
		svc_fx_group_teardown((void **)&f);
		return -1;
	}
	current = f;
	*state = f;
	return 0;
}

int svc_fx_group_teardown(void **state)
{
	svc_fx *f = current;
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	(void)state;
	if (!f)
		return 0;
	bm_store_close(f->store);
	bm_arena_release(&f->arena);
	for (size_t i = 0; i < BM_ARRAY_LEN(sfx); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	current = NULL;
	return 0;
}

void svc_fx_ctx(bm_ctx *ctx, bm_arena *arena, bm_person *actor)
{
	assert_non_null(current);
	assert_int_equal(bm_ctx_init(ctx, current->store, arena, current->now, "test"), 0);
	assert_non_null(ctx->unit);
	ctx->actor = actor;
}

static int last_audit_cb(const bm_audit_row *r, void *p)
{
	fx_audit *out = p;
	out->count++;
	out->seq = r->seq;
	snprintf(out->actor, sizeof(out->actor), "%s", r->actor ? r->actor : "");
	snprintf(out->action, sizeof(out->action), "%s", r->action ? r->action : "");
	snprintf(out->object, sizeof(out->object), "%s", r->object ? r->object : "");
	snprintf(out->outcome, sizeof(out->outcome), "%s", r->outcome ? r->outcome : "");
	snprintf(out->rule, sizeof(out->rule), "%s", r->rule ? r->rule : "");
	snprintf(out->detail, sizeof(out->detail), "%s", r->detail ? r->detail : "");
	return 0;
}

void svc_fx_audit_last(fx_audit *out)
{
	memset(out, 0, sizeof(*out));
	assert_int_equal(
	        BM_STORE(current->store, audit_foreach)(current->store, last_audit_cb, out), 0);
}

static void whole_page(bm_arena *a, bm_carrier_page *page)
{
	bm_unit *u;
	bm_viewer v = {.person_id = -1, .max_level = BM_LEVEL_TOP_SECRET, .clerk = true};
	bm_carrier_filter f = {
	        .viewer = &v, .level = -1, .status = -1, .kind = -1, .origin = -1, .limit = 1000};
	assert_int_equal(BM_STORE(current->store, unit_first)(current->store, a, &u), 0);
	v.unit_id = u->id;
	v.rule = bm_policy_sys2_rule();
	assert_int_equal(BM_STORE(current->store, carrier_list)(current->store, a, &f, page), 0);
	assert_true(page->total <= 1000);
}

int64_t svc_fx_carrier_count(void)
{
	bm_arena a;
	bm_carrier_page page = {0};
	int64_t n;
	bm_arena_init(&a, 0);
	whole_page(&a, &page);
	n = page.total;
	bm_arena_release(&a);
	return n;
}

int64_t svc_fx_history_count(void)
{
	bm_arena a;
	bm_carrier_page page = {0};
	int64_t n = 0;
	bm_arena_init(&a, 0);
	whole_page(&a, &page);
	for (size_t i = 0; i < page.count; i++) {
		bm_carrier_event *ev;
		size_t k;
		assert_int_equal(BM_STORE(current->store, carrier_event_list)(
		                         current->store, &a, page.items[i].id, &ev, &k),
		                 0);
		n += (int64_t)k;
	}
	bm_arena_release(&a);
	return n;
}

bm_carrier *svc_fx_carrier(bm_arena *arena, int64_t id)
{
	bm_carrier *c = NULL;
	assert_int_equal(BM_STORE(current->store, carrier_get)(current->store, arena, id, &c), 0);
	return c;
}
