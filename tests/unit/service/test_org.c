/*
 * test_org.c — src/service/org.c and setup.c: the separation of duties
 * (SYS-1) and the people rules (PERSON-1..3) when the unit is organised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "service/service_int.h"

static bm_arena t_arena;

static int t_setup(void **state)
{
	(void)state;
	bm_arena_init(&t_arena, 0);
	bm_error_clear();
	return 0;
}

static int t_teardown(void **state)
{
	(void)state;
	bm_arena_release(&t_arena);
	return 0;
}

static svc_fx *F(void)
{
	return svc_fx_get();
}

static void as(bm_ctx *ctx, bm_person *actor)
{
	svc_fx_ctx(ctx, &t_arena, actor);
}

static void expect_refused(int rc, int klass, const char *rule, const char *code)
{
	const bm_error *e = bm_error_last();
	if (rc != klass)
		fail_msg("expected %d, got %d (%s, rule '%s': %s)", klass, rc, e->code, e->rule,
		         e->message_en);
	if (rule)
		assert_string_equal(e->rule, rule);
	if (code)
		assert_string_equal(e->code, code);
}

static size_t people(void)
{
	bm_ctx ctx;
	bm_person *list;
	size_t n = 0;
	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_person_list(&ctx, &list, &n), 0);
	return n;
}

static bm_person *person(const char *ref)
{
	bm_ctx ctx;
	bm_person *p = NULL;
	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_person_resolve(&ctx, ref, &p), 0);
	return p;
}

static bool has_role(const bm_person *p, bm_role role, int64_t dept)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (p->roles[i].role == role && p->roles[i].department_id == dept)
			return true;
	return false;
}

static void sys_1_sysadmin_cannot_grant_a_class(void **state)
{
	bm_ctx ctx;
	bm_person *p = NULL;
	size_t before = people();
	fx_audit a;
	bm_person_input in = {.name = "新同事", .department = "办公室", .person_class = "一般"};
	(void)state;
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EDENIED, "SYS-1",
	               "sysadmin_no_clearance");
	svc_fx_audit_last(&a);
	assert_string_equal(a.action, "person.add");
	assert_string_equal(a.outcome, "refused");
	assert_string_equal(a.rule, "SYS-1");
	in.person_class = "core";
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EDENIED, "SYS-1",
	               "sysadmin_no_clearance");
	assert_int_equal(people(), before);
	/* "none" is no grant at all. */
	in.person_class = "none";
	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_person_add(&ctx, &in, &p, NULL), 0);
	assert_int_equal(p->person_class, BM_CLASS_NONE);
	assert_int_equal(people(), before + 1);
	/* Nor may the sysadmin use the security administrator's grant. */
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_person_grant(&ctx, "新同事", "general", NULL, "2026-01-05"),
	               BM_EDENIED, "SYS-1", "role_required");
	assert_int_equal(person("新同事")->person_class, BM_CLASS_NONE);
}

static void sys_1_sysadmin_cannot_grant_business_roles(void **state)
{
	static const char *const roles[] = {"clerk", "staff", "dept_head@办公室", "保密员",
	                                    "secadmin,clerk"};
	size_t before = people();
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(roles); i++) {
		bm_ctx ctx;
		bm_person *p = NULL;
		bm_person_input in = {.name = "业务人员", .roles = roles[i]};
		as(&ctx, F()->sysadmin);
		expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EDENIED, "SYS-1",
		               "roles_by_secadmin");
		assert_null(p);
	}
	{
		bm_ctx ctx;
		bm_person *p = NULL;
		bm_person_input in = {.name = "业务人员", .roles = "no_such_role"};
		as(&ctx, F()->sysadmin);
		expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EINVALID, NULL,
		               "unknown_role");
	}
	assert_int_equal(people(), before);
}

static void sys_1_no_account_holds_two_admin_roles(void **state)
{
	bm_ctx ctx;
	bm_person *p = NULL;
	size_t before = people();
	bm_person_input in = {.name = "双重管理员", .roles = "secadmin,auditor"};
	(void)state;
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EDENIED, "SYS-1",
	               "roles_by_secadmin");
	in.roles = "sysadmin，auditor";
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EDENIED, "SYS-1",
	               "roles_by_secadmin");
	assert_int_equal(people(), before);
	/* The security administrator grants an administrator role only alone (issue 9). */
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_person_grant(&ctx, "auditor", NULL, "secadmin", NULL), BM_EDENIED,
	               "SYS-1", NULL);
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_person_grant(&ctx, "li", NULL, "staff,auditor", NULL), BM_EDENIED,
	               "SYS-1", "one_admin_role");
	p = person("auditor");
	assert_int_equal(p->n_roles, 1);
	assert_true(has_role(p, BM_ROLE_AUDITOR, 0));
	p = person("li");
	assert_false(has_role(p, BM_ROLE_AUDITOR, 0));
	assert_true(has_role(p, BM_ROLE_STAFF, 0));
}

static void sys_1_administrators_get_no_class_and_no_business_role(void **state)
{
	static const char *const admins[] = {"sysadmin", "secadmin", "auditor"};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(admins); i++) {
		bm_ctx ctx;
		bm_person *p;
		as(&ctx, F()->secadmin);
		expect_refused(bm_svc_person_grant(&ctx, admins[i], "core", NULL, "2026-01-05"),
		               BM_EDENIED, "SYS-1", "admin_no_business");
		as(&ctx, F()->secadmin);
		expect_refused(bm_svc_person_grant(&ctx, admins[i], NULL, "clerk", NULL),
		               BM_EDENIED, "SYS-1", "admin_no_business");
		p = person(admins[i]);
		assert_int_equal(p->person_class, BM_CLASS_NONE);
		assert_false(has_role(p, BM_ROLE_CLERK, 0));
		assert_int_equal(bm_svc_clearance(p) <= BM_LEVEL_INTERNAL, true);
	}
}

static void person_3_temporary_hire_gets_no_class(void **state)
{
	static const char *const classes[] = {"general", "一般", "important", "core"};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(classes); i++) {
		bm_ctx ctx;
		as(&ctx, F()->secadmin);
		expect_refused(bm_svc_person_grant(&ctx, "钱临时", classes[i], NULL, "2026-01-05"),
		               BM_EDENIED, "PERSON-3", "temporary_no_class");
	}
	assert_int_equal(person("钱临时")->person_class, BM_CLASS_NONE);
	assert_null(person("钱临时")->commitment_signed_on);
	{
		/* "none" keeps a temporary hire where they are, and is allowed. */
		bm_ctx ctx;
		as(&ctx, F()->secadmin);
		assert_int_equal(bm_svc_person_grant(&ctx, "钱临时", "none", NULL, NULL), 0);
	}
}

static void person_1_and_2_grant_validates_class_and_commitment(void **state)
{
	bm_ctx ctx;
	bm_person *p;
	(void)state;
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_person_grant(&ctx, "周一般", "超核心", NULL, NULL), BM_EINVALID,
	               "PERSON-1", "unknown_class");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_person_grant(&ctx, "周一般", NULL, NULL, "2026-02-30"), BM_EINVALID,
	               "PERSON-2", "invalid_date");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_person_grant(&ctx, "无此人", "general", NULL, NULL), BM_ENOTFOUND,
	               NULL, NULL);
	p = person("周一般");
	assert_int_equal(p->person_class, BM_CLASS_GENERAL);
	assert_string_equal(p->commitment_signed_on, "2026-01-05");
	/* A grant changes only what it names; roles are replaced as a whole. */
	as(&ctx, F()->secadmin);
	assert_int_equal(bm_svc_person_grant(&ctx, "周一般", NULL, "staff,dept_head@科技处", NULL),
	                 0);
	p = person("周一般");
	assert_int_equal(p->n_roles, 2);
	assert_true(has_role(p, BM_ROLE_DEPT_HEAD, F()->tech_id));
	assert_int_equal(p->person_class, BM_CLASS_GENERAL);
	as(&ctx, F()->secadmin);
	assert_int_equal(bm_svc_person_grant(&ctx, "周一般", "important", "inspector", NULL), 0);
	p = person("周一般");
	assert_int_equal(p->n_roles, 1);
	assert_true(has_role(p, BM_ROLE_INSPECTOR, 0));
	assert_int_equal(p->person_class, BM_CLASS_IMPORTANT);
	assert_string_equal(p->commitment_signed_on, "2026-01-05");
}

/*
 * BUG (src/service/org.c, parse_roles): strtok_r(copy, ",，") splits on the
 * BYTES of "，" (EF BC 8C), so a department whose name holds 0xBC or 0x8C
 * (综 E7 BB BC, 传 E4 BC A0) cannot be named after '@'.
 */
static void sys_1_roles_scoped_to_any_department_name(void **state)
{
	bm_ctx ctx;
	bm_department *d = NULL;
	bm_person *p;
	int rc;
	(void)state;
	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_department_add(&ctx, "综合处", NULL, &d), 0);
	as(&ctx, F()->secadmin);
	rc = bm_svc_person_grant(&ctx, "张三", NULL, "dept_head@综合处", NULL);
	if (rc != 0)
		fail_msg("role scoped to 综合处 refused: %s", bm_error_last()->code);
	p = person("张三");
	assert_true(has_role(p, BM_ROLE_DEPT_HEAD, d->id));
}

static void sys_1_departments_by_sysadmin_places_by_secadmin(void **state)
{
	bm_ctx ctx;
	bm_department *d = NULL;
	bm_place *p = NULL;
	(void)state;
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_department_add(&ctx, "保卫处", NULL, &d), BM_EDENIED, "SYS-1",
	               "role_required");
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_department_add(&ctx, "保卫处", NULL, &d), BM_EDENIED, "SYS-1", NULL);
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_place_add(&ctx, "新保密柜", "safe", "绝密", NULL, &p), BM_EDENIED,
	               "SYS-1", "role_required");
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_place_add(&ctx, "新保密柜", "safe", "绝密", NULL, &p), BM_EDENIED,
	               "SYS-1", NULL);
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_add(&ctx, "新保密柜", "safe", "超密", NULL, &p), BM_EINVALID,
	               "LEVEL-1", "invalid_level");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_add(&ctx, "新保密柜", "抽屉", "秘密", NULL, &p), BM_EINVALID,
	               "KEEP-1", "unknown_place_kind");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_add(&ctx, "档案室", "room", "秘密", NULL, &p), BM_ECONFLICT,
	               NULL, NULL);
	assert_null(d);
	assert_null(p);
	/* Duplicate department names clash. */
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_department_add(&ctx, "办公室", NULL, &d), BM_ECONFLICT, NULL, NULL);
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_department_add(&ctx, "  ", NULL, &d), BM_EINVALID, NULL, "required");
}

/* Issue 9: the system administrator never chooses an account's password. */
static void sys_1_person_add_chooses_no_password(void **state)
{
	bm_ctx ctx;
	bm_person *p = NULL;
	size_t before = people();
	bm_person_input in = {.username = "weak", .name = "弱密码", .password = "Strong#Pass2026"};
	(void)state;
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_person_add(&ctx, &in, &p, NULL), BM_EDENIED, "SYS-1",
	               "sysadmin_no_password");
	assert_int_equal(people(), before);
}

static void setup_init_unit_only_once(void **state)
{
	bm_ctx ctx;
	fx_audit a;
	(void)state;
	as(&ctx, NULL);
	expect_refused(bm_svc_init_unit(&ctx, "第二单位", "admin2", "管理员", FX_PW), BM_ECONFLICT,
	               NULL, "already_initialised");
	svc_fx_audit_last(&a);
	assert_string_equal(a.action, "unit.init");
	assert_string_equal(a.outcome, "refused");
	as(&ctx, NULL);
	expect_refused(bm_svc_init_unit(&ctx, "第二单位", "admin2", "管理员", "short"), BM_EINVALID,
	               "SYS-4", "weak_password");
}

typedef struct tail_rows {
	int64_t seq[8];
	size_t n;
} tail_rows;

static int keep_seq(const bm_audit_row *r, void *cls)
{
	tail_rows *t = cls;
	if (t->n < BM_ARRAY_LEN(t->seq))
		t->seq[t->n++] = r->seq;
	return 0;
}

/* SYS-1, SYS-3: `baomi audit list`'s use case: the auditor's, the latest N oldest first. */
static void sys_3_audit_tail_latest_events_oldest_first(void **state)
{
	tail_rows rows = {0};
	int64_t total = 0;
	fx_audit last;
	bm_ctx ctx;
	(void)state;

	as(&ctx, F()->clerk);
	expect_refused(bm_svc_audit_tail(&ctx, 3, keep_seq, &rows, &total), BM_EDENIED, "SYS-1",
	               "auditor_required");
	assert_int_equal(rows.n, 0); /* nothing is shown before the refusal */
	as(&ctx, F()->auditor);
	assert_int_equal(bm_svc_audit_tail(&ctx, 3, keep_seq, &rows, &total), 0);
	assert_int_equal(rows.n, 3);
	assert_true(rows.seq[0] < rows.seq[1] && rows.seq[1] < rows.seq[2]);
	assert_int_equal(rows.seq[2], total); /* the last one is the chain's last */
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "audit.list");
	assert_string_equal(last.detail, "{\"channel\":\"test\",\"limit\":3}");
	assert_int_equal(last.seq, total + 1);
}

/* SYS-1: the demo's password step is the system administrator's, and only before any carrier. */
static void sys_1_demo_keep_passwords_only_sysadmin_and_empty_unit(void **state)
{
	const char *names[] = {"li"};
	bm_carrier_input in = {
	        .title = "演示之后的载体", .level = "秘密", .place = "档案室", .scope = "科技处"};
	bm_carrier *c = NULL;
	bm_person *li = NULL;
	fx_audit last;
	bm_ctx ctx;
	(void)state;

	as(&ctx, F()->clerk);
	expect_refused(bm_svc_demo_keep_passwords(&ctx, names, 1, ctx.now), BM_EDENIED, "SYS-1",
	               "role_required");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_demo_keep_passwords(&ctx, names, 1, ctx.now), BM_EDENIED, "SYS-1",
	               "role_required");
	/* The service fixture has no carrier: the unit is still being set up. */
	assert_int_equal(svc_fx_carrier_count(), 0);
	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_demo_keep_passwords(&ctx, names, 1, ctx.now), 0);
	assert_int_equal(BM_STORE(F()->store, person_find)(F()->store, &t_arena, "li", &li), 0);
	assert_false(li->must_change_password);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "demo.keep_passwords");
	assert_non_null(strstr(last.detail, "\"accounts\":[\"li\"]"));
	as(&ctx, F()->clerk);
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), 0);
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_demo_keep_passwords(&ctx, names, 1, ctx.now), BM_ECONFLICT, "SYS-1",
	               "demo_only");
}

/* The last event's action, object, outcome and detail are these. */
static void expect_audit(const char *action, const char *object, const char *outcome,
                         const char *detail)
{
	fx_audit a;
	svc_fx_audit_last(&a);
	assert_string_equal(a.action, action);
	assert_string_equal(a.object, object);
	assert_string_equal(a.outcome, outcome);
	if (detail)
		assert_string_equal(a.detail, detail);
}

/* The last refusal's messages are these. */
static void expect_words(const char *zh, const char *en)
{
	assert_string_equal(bm_error_last()->message, zh);
	assert_string_equal(bm_error_last()->message_en, en);
}

/*
 * Issue 14 point 14: renaming and retiring a department (the system
 * administrator's, ORG-1) and a place (the security administrator's,
 * KEEP-1) take one path; each keeps its own words, store rows, audit action
 * and object, and its own meaning of a name taken (a department's name or
 * code, a place's name).
 */
static void org_rename_and_retire_each_kind_its_words_and_audit(void **state)
{
	bm_department *d = NULL, *d2 = NULL;
	bm_place *p = NULL, *p2 = NULL;
	char obj[64];
	bm_ctx ctx;
	(void)state;

	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_department_add(&ctx, "更名科", "GMK", &d), 0);
	as(&ctx, F()->secadmin);
	assert_int_equal(bm_svc_place_add(&ctx, "更名柜", "safe", "机密", NULL, &p), 0);

	/* Who: places are not the system administrator's, departments not the security's. */
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_department_rename(&ctx, "更名科", "新科", &d2), BM_EDENIED, "SYS-1",
	               "role_required");
	expect_audit("department.rename", "", "refused", NULL);
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_place_retire(&ctx, "更名柜", NULL, &p2), BM_EDENIED, "SYS-1",
	               "role_required");
	expect_audit("place.retire", "", "refused", NULL);

	/* The name's words. */
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_department_rename(&ctx, "更名科", " ", &d2), BM_EINVALID, NULL,
	               "required");
	expect_words("部门名称不能为空", "'department name' is required");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_rename(&ctx, "更名柜", "", &p2), BM_EINVALID, NULL, "required");
	expect_words("地点名称不能为空", "'place name' is required");

	/* A name taken: another department's name or code; another place's name. */
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_department_rename(&ctx, "GMK", "科技处", &d2), BM_ECONFLICT, NULL,
	               "name_taken");
	expect_words("已有名称或代码为“科技处”的部门",
	             "there is already a department named or coded '科技处'");
	snprintf(obj, sizeof(obj), "department:%lld", (long long)d->id);
	expect_audit("department.rename", obj, "refused", NULL);
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_rename(&ctx, "更名柜", "档案室", &p2), BM_ECONFLICT, NULL,
	               "name_taken");
	expect_words("已有名为“档案室”的存放地点",
	             "there is already a storage place named '档案室'");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_rename(&ctx, "更名柜", "更名柜", &p2), BM_EINVALID, NULL,
	               "same_name");
	expect_words("新名称与现名称相同", "the new name is the present one");
	assert_null(d2);
	assert_null(p2);

	/* A department may take its own code as its name; a place a name that reads as a number. */
	as(&ctx, F()->sysadmin);
	assert_int_equal(bm_svc_department_rename(&ctx, "更名科", "GMK", &d2), 0);
	assert_string_equal(d2->name, "GMK");
	assert_int_equal(d2->id, d->id);
	assert_non_null(strstr(d2->former, "更名科"));
	snprintf(obj, sizeof(obj), "department:%lld", (long long)d->id);
	expect_audit("department.rename", obj, "ok", "{\"name\":\"GMK\",\"old_name\":\"更名科\"}");
	as(&ctx, F()->secadmin);
	assert_int_equal(bm_svc_place_rename(&ctx, "更名柜", "1", &p2), 0);
	assert_string_equal(p2->name, "1");
	assert_int_equal(p2->id, p->id);
	assert_non_null(strstr(p2->former, "更名柜"));
	snprintf(obj, sizeof(obj), "place:%lld", (long long)p->id);
	expect_audit("place.rename", obj, "ok", "{\"name\":\"1\",\"old_name\":\"更名柜\"}");

	/* Retired: the day given (or today), the detail with the name; then once only. */
	d2 = NULL;
	p2 = NULL;
	as(&ctx, F()->sysadmin);
	snprintf(obj, sizeof(obj), "%lld", (long long)d->id);
	assert_int_equal(bm_svc_department_retire(&ctx, obj, "2026-11-20", &d2), 0);
	assert_string_equal(d2->retired_on, "2026-11-20");
	snprintf(obj, sizeof(obj), "department:%lld", (long long)d->id);
	expect_audit("department.retire", obj, "ok",
	             "{\"name\":\"GMK\",\"on\":\"2026-11-20\",\"retired_on\":\"2026-11-20\"}");
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_department_retire(&ctx, "GMK", NULL, &d2), BM_ECONFLICT, "ORG-1",
	               "already_retired");
	expect_audit("department.retire", obj, "refused", NULL);
	as(&ctx, F()->secadmin);
	snprintf(obj, sizeof(obj), "%lld", (long long)p->id);
	assert_int_equal(bm_svc_place_retire(&ctx, obj, NULL, &p2), 0);
	assert_string_equal(p2->retired_on, "2026-11-23");
	snprintf(obj, sizeof(obj), "place:%lld", (long long)p->id);
	expect_audit("place.retire", obj, "ok", "{\"name\":\"1\",\"retired_on\":\"2026-11-23\"}");
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_retire(&ctx, obj + 6, "2026-11-24", &p2), BM_ECONFLICT,
	               "KEEP-1", "already_retired");
	expect_audit("place.retire", obj, "refused", NULL);
	/* A place holding carriers (KEEP-1) is the place's rule, not the department's. */
	as(&ctx, F()->secadmin);
	expect_refused(bm_svc_place_retire(&ctx, "档案室", "2026-11-24", &p2), BM_EINVALID,
	               "KEEP-1", "retire_day_invalid");
	as(&ctx, F()->sysadmin);
	expect_refused(bm_svc_department_retire(&ctx, "办公室", NULL, &d2), BM_ECONFLICT, "ORG-1",
	               "department_has_people");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, t_setup, t_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        T(sys_1_sysadmin_cannot_grant_a_class),
	        T(sys_1_sysadmin_cannot_grant_business_roles),
	        T(sys_1_no_account_holds_two_admin_roles),
	        T(sys_1_administrators_get_no_class_and_no_business_role),
	        T(person_3_temporary_hire_gets_no_class),
	        T(person_1_and_2_grant_validates_class_and_commitment),
	        T(sys_1_roles_scoped_to_any_department_name),
	        T(sys_1_departments_by_sysadmin_places_by_secadmin),
	        T(sys_1_person_add_chooses_no_password),
	        T(setup_init_unit_only_once),
	        T(sys_3_audit_tail_latest_events_oldest_first),
	        T(sys_1_demo_keep_passwords_only_sysadmin_and_empty_unit),
	        T(org_rename_and_retire_each_kind_its_words_and_audit),
	};
	return cmocka_run_group_tests_name("service_org", tests, svc_fx_group_setup,
	                                   svc_fx_group_teardown);
}
