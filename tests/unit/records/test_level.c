/*
 * test_level.c — src/service/records_level.c (LEVEL-4/7/8/9/10: level
 * decisions by a classification authority, their history and markings) and
 * the volumes of records_custody.c (LEVEL-5, KEEP-4). Every refusal asserts
 * class, code and rule and that nothing changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rec_fixture.h"
#include "util/alloc.h"

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

#define FX() svc_fx_get()
#define W()  wf_get()
#define R()  rec_get()

/* A carrier of 科技处 kept in the 绝密 safe, so any level fits its place. */
static int64_t in_safe(const char *title, const char *level)
{
	bm_carrier_input in = {
	        .title = title, .level = level, .place = "机要室保密柜", .scope = "科技处"};
	return rec_register(&t_arena, &in);
}

static size_t level_rows(int64_t carrier_id)
{
	bm_level_change_row *rows;
	size_t n = 0;
	assert_int_equal(BM_STORE(FX()->store, level_change_list)(FX()->store, &t_arena, carrier_id,
	                                                          &rows, &n),
	                 0);
	return n;
}

static int execute(bm_person *who, int64_t req, const char *basis, bm_level_report *rep)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_level_change_execute(&ctx, req, basis, rep);
}

static int decide(bm_person *who, int64_t carrier, const bm_level_input *in, bm_level_report *rep)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_level_decide(&ctx, carrier, in, rep);
}

/*
 * LEVEL-4: the handler proposes, only the classification authority decides;
 * LEVEL-7/8: the change is recorded with old and new marking, original kept.
 */
static void level_4_handler_proposes_authority_decides(void **state)
{
	int64_t id = in_safe("科研项目定密（升级）", "秘密");
	int64_t req = rec_pending(&t_arena, FX()->li, "level_change", &id, 1,
	                          "{\"to_level\":\"机密\",\"basis\":\"保密事项一览表第3条\"}");
	bm_level_report rep;
	bm_level_change_row *rows;
	size_t n;
	bm_carrier *c;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	assert_string_equal(wf_request_get(&t_arena, req)->chain, "[\"classifier\"]");
	/* A leader is no classification authority. */
	assert_int_equal(wf_decide(&t_arena, W()->leader, req, true), BM_EDENIED);
	assert_int_equal(wf_decide(&t_arena, R()->dingmi, req, true), 0);
	/* The clerk does not carry out a level decision. */
	rec_snapshot(&before);
	rec_assert_refused(execute(FX()->clerk, req, NULL, &rep), BM_EDENIED, "LEVEL-4",
	                   "not_classification_authority", &before);
	assert_int_equal(level_rows(id), 0);
	assert_int_equal(svc_fx_carrier(&t_arena, id)->level, BM_LEVEL_CONFIDENTIAL);

	assert_int_equal(execute(R()->dingmi, req, NULL, &rep), 0);
	assert_int_equal(rep.n_changes, 1);
	assert_string_equal(rep.changes[0].old_marking, "秘密★10年");
	assert_string_equal(rep.changes[0].new_marking, "机密★20年");
	c = svc_fx_carrier(&t_arena, id);
	assert_int_equal(c->level, BM_LEVEL_SECRET);
	assert_int_equal(c->original_level, BM_LEVEL_CONFIDENTIAL);
	assert_int_equal(c->period_years, 20);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
	/* LEVEL-7: the history keeps the decision with its basis and reason. */
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	assert_int_equal(bm_svc_level_history(&ctx, id, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].from_level, BM_LEVEL_CONFIDENTIAL);
	assert_int_equal(rows[0].to_level, BM_LEVEL_SECRET);
	assert_int_equal(rows[0].request_id, req);
	assert_string_equal(rows[0].basis, "保密事项一览表第3条");
	assert_string_equal(rows[0].reason, "工作需要");
	assert_int_equal(rows[0].decided_by, R()->dingmi->id);
	assert_string_equal(rows[0].decided_by_name, "定密员");
	/* Executed once. */
	rec_snapshot(&before);
	rec_assert_refused(execute(R()->dingmi, req, NULL, &rep), BM_ECONFLICT, "LEVEL-4",
	                   "already_executed", &before);
}

/* LEVEL-4: a direct decision needs the role too; a staff member cannot decide. */
static void level_4_direct_decision_only_by_authority(void **state)
{
	int64_t id = in_safe("直接定密文件", "秘密");
	bm_level_input in = {.to_level = "机密", .basis = "一览表第5条", .reason = "涉及核心技术"};
	bm_level_report rep;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(decide(FX()->li, id, &in, &rep), BM_EDENIED, "LEVEL-4",
	                   "not_classification_authority", &before);
	rec_snapshot(&before);
	rec_assert_refused(decide(FX()->secadmin, id, &in, &rep), BM_EDENIED, "SYS-1",
	                   "admin_no_business", &before);
	assert_int_equal(decide(R()->dingmi, id, &in, &rep), 0);
	assert_int_equal(rep.changes[0].request_id, 0);
	assert_int_equal(level_rows(id), 1);
}

/* LEVEL-9: the catalogue entry and the reason are both required. */
static void level_9_basis_and_reason_required(void **state)
{
	int64_t id = in_safe("依据测试文件", "秘密");
	bm_level_input in = {.to_level = "机密", .basis = "", .reason = "理由"};
	bm_level_report rep;
	rec_snap before;
	int64_t req;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &in, &rep), BM_EINVALID, "LEVEL-9", "required",
	                   &before);
	in.basis = "一览表第1条";
	in.reason = NULL;
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &in, &rep), BM_EINVALID, "LEVEL-9", "required",
	                   &before);
	/* A request filed without a basis is refused when filed. */
	{
		bm_request_input rin = {.op = "level_change",
		                        .carrier_ids = &id,
		                        .n_carriers = 1,
		                        .reason = "工作需要",
		                        .params = "{\"to_level\":\"机密\"}"};
		bm_request_row *r;
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, FX()->li);
		rec_assert_refused(bm_svc_request_create(&ctx, &rin, &r), BM_EINVALID, "LEVEL-9",
		                   "invalid_param", NULL);
	}
	/* The executing authority may cite the entry. */
	req = rec_approved(&t_arena, FX()->li, "level_change", &id, 1,
	                   "{\"to_level\":\"机密\",\"basis\":\"一览表第1条\"}");
	assert_int_equal(execute(R()->dingmi, req, "一览表第1条第2款", NULL), 0);
	assert_string_equal(svc_fx_carrier(&t_arena, id)->level == BM_LEVEL_SECRET ? "ok" : "no",
	                    "ok");
	{
		bm_level_change_row *rows;
		size_t n;
		assert_int_equal(BM_STORE(FX()->store, level_change_list)(FX()->store, &t_arena, id,
		                                                          &rows, &n),
		                 0);
		assert_string_equal(rows[0].basis, "一览表第1条第2款");
	}
}

/* LEVEL-10: nobody decides above their own clearance. */
static void level_10_not_above_own_clearance(void **state)
{
	int64_t top = in_safe("绝密升级测试", "机密");
	int64_t low = in_safe("机密降级测试", "机密");
	bm_level_input up = {.to_level = "绝密", .basis = "一览表第2条", .reason = "升级"};
	bm_level_input down = {.to_level = "秘密", .basis = "一览表第2条", .reason = "降级"};
	bm_level_report rep;
	rec_snap before;
	(void)state;

	/* 定密二 is important: cleared for 机密, not 绝密. */
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi2, top, &up, &rep), BM_EDENIED, "LEVEL-10",
	                   "above_own_clearance", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, top)->level, BM_LEVEL_SECRET);
	assert_int_equal(level_rows(top), 0);
	/* Within the clearance the same authority decides. */
	assert_int_equal(decide(R()->dingmi2, low, &down, &rep), 0);
	assert_int_equal(svc_fx_carrier(&t_arena, low)->level, BM_LEVEL_CONFIDENTIAL);
	/* The core authority may upgrade to 绝密. */
	assert_int_equal(decide(R()->dingmi, top, &up, &rep), 0);
	assert_string_equal(rep.changes[0].new_marking, "绝密★30年");
}

/* LEVEL-7/8: declassification marks 解密, drops the period; copies are listed, not changed. */
static void level_8_declassify_marks_and_lists_copies(void **state)
{
	int64_t id = in_safe("到期解密文件", "秘密");
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &id, 1, "{\"copies\":1}");
	bm_level_input in = {.to_level = "非密", .basis = "一览表第9条", .reason = "期限届满"};
	bm_level_report rep;
	bm_carrier *copies = NULL, *c;
	bm_carrier_event *ev;
	size_t n = 0, n_ev;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_copy_execute(&ctx, req, "A3复印机", 1, &copies, &n), 0);
	assert_int_equal(decide(R()->dingmi, id, &in, &rep), 0);
	assert_string_equal(rep.changes[0].old_marking, "秘密★10年");
	assert_string_equal(rep.changes[0].new_marking, "解密");
	assert_int_equal(rep.n_linked, 1);
	assert_int_equal(rep.linked[0].id, copies[0].id);
	c = svc_fx_carrier(&t_arena, id);
	assert_int_equal(c->level, BM_LEVEL_PUBLIC);
	assert_int_equal(c->original_level, BM_LEVEL_CONFIDENTIAL);
	assert_int_equal(c->period_kind, BM_PERIOD_NONE);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_show(&ctx, id, &c, &ev, &n_ev), 0);
	assert_string_equal(ev[n_ev - 1].action, "declassify");
	assert_non_null(strstr(ev[n_ev - 1].detail, "\"old_marking_struck\":true"));
	/* The copy keeps its level and is told. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_show(&ctx, copies[0].id, &c, &ev, &n_ev), 0);
	assert_int_equal(c->level, BM_LEVEL_CONFIDENTIAL);
	assert_string_equal(ev[n_ev - 1].action, "source_level_changed");
}

/* LEVEL-7: the same level is no change; LEVEL-1: an unknown level is refused. */
static void level_7_unchanged_and_unknown_level(void **state)
{
	int64_t id = in_safe("同级测试文件", "秘密");
	bm_level_input same = {.to_level = "秘密", .basis = "一览表", .reason = "复核"};
	bm_level_input bad = {.to_level = "顶级", .basis = "一览表", .reason = "复核"};
	bm_level_report rep;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &same, &rep), BM_EINVALID, "LEVEL-7",
	                   "level_unchanged", &before);
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &bad, &rep), BM_EINVALID, "LEVEL-1",
	                   "invalid_level", &before);
	rec_snapshot(&before);
	assert_int_equal(decide(R()->dingmi, 99999, &same, &rep), BM_ENOTFOUND);
}

/* LEVEL-8: the marking is changed on the carrier, which must be in store. */
static void level_8_carrier_out_is_not_remarked(void **state)
{
	int64_t id = in_safe("传阅中定密文件", "秘密");
	bm_level_input in = {.to_level = "机密", .basis = "一览表", .reason = "升级"};
	bm_level_report rep;
	rec_snap before;
	(void)state;

	rec_circulate(&t_arena, id, "li");
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &in, &rep), BM_ECONFLICT, "LEVEL-8",
	                   "not_in_store", &before);
	rec_checkin(&t_arena, id);
	assert_int_equal(decide(R()->dingmi, id, &in, &rep), 0);
}

/* LEVEL-3/8: a new period given with the decision; one beyond the maximum is refused. */
static void level_3_new_period(void **state)
{
	int64_t id = in_safe("新期限文件", "秘密");
	bm_level_input in = {
	        .to_level = "机密", .period = "25", .basis = "一览表", .reason = "升级"};
	bm_level_report rep;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &in, &rep), BM_EINVALID, "LEVEL-3",
	                   "period_too_long", &before);
	in.period = "15";
	assert_int_equal(decide(R()->dingmi, id, &in, &rep), 0);
	assert_string_equal(rep.changes[0].new_marking, "机密★15年");
	assert_int_equal(svc_fx_carrier(&t_arena, id)->period_years, 15);
}

/* KEEP-1/PERSON-1: an upgrade may not leave the carrier in a place or with a keeper below it. */
static void level_keep_1_upgrade_needs_a_fitting_place(void **state)
{
	bm_carrier_input cin = {
	        .title = "档案室里的秘密件", .level = "秘密", .place = "档案室", .scope = "科技处"};
	int64_t id = rec_register(&t_arena, &cin);
	bm_level_input in = {.to_level = "机密", .basis = "一览表", .reason = "升级"};
	bm_level_report rep;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &in, &rep), BM_EDENIED, "KEEP-1", "place_level",
	                   &before);
	assert_int_equal(svc_fx_carrier(&t_arena, id)->level, BM_LEVEL_CONFIDENTIAL);
	/* Moved into a safe first, it is upgraded. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_move(&ctx, id, "机要室保密柜", NULL, "定密升级"), 0);
	assert_int_equal(decide(R()->dingmi, id, &in, &rep), 0);
	/* A custodian cleared below the new level keeps nothing of it. */
	cin.title = "李四保管的秘密件";
	cin.place = "机要室保密柜";
	cin.custodian = "li";
	cin.keep = (bm_keep_terms){.reason = "项目研究", .approver = "zhao", .until = "2027-06-30"};
	id = rec_register(&t_arena, &cin);
	in.to_level = "绝密";
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, id, &in, &rep), BM_EDENIED, "PERSON-1",
	                   "custodian_not_cleared", &before);
}

/* LEVEL-7: level history is read only by somebody who may see the carrier (SYS-2). */
static void level_7_history_visible_only(void **state)
{
	bm_carrier_input cin = {
	        .title = "财务处绝密件", .level = "绝密", .place = "机要室保密柜", .scope = "zhao"};
	int64_t id = rec_register(&t_arena, &cin);
	bm_level_change_row *rows;
	size_t n;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	assert_int_equal(bm_svc_level_history(&ctx, id, &rows, &n), BM_ENOTFOUND);
	svc_fx_ctx(&ctx, &t_arena, FX()->zhao);
	assert_int_equal(bm_svc_level_history(&ctx, id, &rows, &n), 0);
	assert_int_equal(n, 0);
}

/* ---- volumes (LEVEL-5, KEEP-4) ---- */

static int volume_create(const char *title, const char *level, const int64_t *parts, size_t n,
                         bm_carrier **out)
{
	bm_carrier_input in = {.title = title, .level = level};
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_volume_create(&ctx, &in, parts, n, out);
}

/* LEVEL-5: a volume is at least the highest level of its parts; lower is refused. */
static void level_5_volume_takes_highest_level(void **state)
{
	bm_carrier_input a = {
	        .title = "卷内秘密件", .level = "秘密", .place = "档案室", .scope = "科技处"};
	bm_carrier_input b = {.title = "卷内机密件",
	                      .level = "机密",
	                      .place = "科技处保密柜",
	                      .scope = "科技处,zhao"};
	int64_t parts[2];
	bm_carrier *vol = NULL, *c;
	rec_snap before;
	(void)state;

	parts[0] = rec_register(&t_arena, &a);
	parts[1] = rec_register(&t_arena, &b);
	rec_snapshot(&before);
	rec_assert_refused(volume_create("2026年科研案卷", "秘密", parts, 2, &vol), BM_EDENIED,
	                   "LEVEL-5", "volume_level_too_low", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, parts[0])->volume_id, 0);

	assert_int_equal(volume_create("2026年科研案卷", "机密", parts, 2, &vol), 0);
	c = svc_fx_carrier(&t_arena, vol->id);
	assert_int_equal(c->origin, BM_ORIGIN_VOLUME);
	assert_int_equal(c->level, BM_LEVEL_SECRET);
	/*
	 * Kept where the highest part is; the scope is what the parts' scopes
	 * share (CIRC-1, issue 13.5): 科技处, not 赵六 whom the first part bars.
	 */
	assert_int_equal(c->place_id, svc_fx_carrier(&t_arena, parts[1])->place_id);
	assert_int_equal(c->n_scope, 1);
	assert_int_equal(c->scope[0].person_id, 0);
	assert_int_equal(svc_fx_carrier(&t_arena, parts[0])->volume_id, vol->id);
	assert_int_equal(svc_fx_carrier(&t_arena, parts[1])->volume_id, vol->id);
}

/*
 * CIRC-1 (issue 13.5): parts whose scopes overlap give the volume what they
 * share, once: 科技处 (named by both) and 李四 (named by one, inside the
 * other's 科技处); 赵六 of 财务处, named by the first only, stays out.
 */
static void circ_1_volume_scope_is_the_intersection(void **state)
{
	bm_carrier_input a = {.title = "重叠范围一",
	                      .level = "秘密",
	                      .place = "档案室",
	                      .scope = "科技处,zhao,li"};
	bm_carrier_input b = {
	        .title = "重叠范围二", .level = "秘密", .place = "档案室", .scope = "科技处"};
	int64_t parts[2];
	bm_carrier *vol = NULL, *c;
	(void)state;

	parts[0] = rec_register(&t_arena, &a);
	parts[1] = rec_register(&t_arena, &b);
	assert_int_equal(volume_create("重叠范围案卷", "秘密", parts, 2, &vol), 0);
	c = svc_fx_carrier(&t_arena, vol->id);
	assert_int_equal(c->n_scope, 2);
	for (size_t i = 0; i < c->n_scope; i++)
		assert_true(c->scope[i].person_id == 0 || c->scope[i].person_id == FX()->li->id);
}

/*
 * CIRC-1, LEVEL-4 (issue 13.5/13.6): a volume wider than a part's scope, of
 * parts with nobody in common, or above its parts' level is refused, and
 * nothing is written.
 */
static void circ_1_level_4_volume_refusals(void **state)
{
	bm_carrier_input a = {
	        .title = "交集一", .level = "秘密", .place = "档案室", .scope = "科技处,zhao"};
	bm_carrier_input b = {
	        .title = "交集二", .level = "秘密", .place = "档案室", .scope = "科技处"};
	bm_carrier_input x = {
	        .title = "无交集", .level = "秘密", .place = "档案室", .scope = "zhao"};
	int64_t parts[2], other[2];
	bm_carrier *vol = NULL;
	rec_snap before;
	bm_ctx ctx;
	bm_carrier_input wide = {.title = "宽范围案卷", .level = "秘密", .scope = "科技处,zhao"};
	(void)state;

	parts[0] = rec_register(&t_arena, &a);
	parts[1] = rec_register(&t_arena, &b);
	other[0] = parts[1];
	other[1] = rec_register(&t_arena, &x);
	rec_snapshot(&before);
	rec_assert_refused(volume_create("无交集案卷", "秘密", other, 2, &vol), BM_EDENIED,
	                   "CIRC-1", "no_common_scope", &before);
	rec_snapshot(&before);
	rec_assert_refused(volume_create("绝密案卷", "绝密", parts, 2, &vol), BM_EDENIED, "LEVEL-4",
	                   "level_set_by_authority", &before);
	rec_snapshot(&before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_assert_refused(bm_svc_volume_create(&ctx, &wide, parts, 2, &vol), BM_EDENIED, "CIRC-1",
	                   "volume_scope_wider", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, parts[0])->volume_id, 0);
	/* A volume of what both share takes no part that bars its readers. */
	assert_int_equal(volume_create("交集案卷", "秘密", parts, 2, &vol), 0);
	rec_snapshot(&before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_assert_refused(bm_svc_volume_add(&ctx, vol->id, other[1]), BM_EDENIED, "CIRC-1",
	                   "volume_scope_wider", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, other[1])->volume_id, 0);
}

/* LEVEL-5: adding a part above the volume's level, or one in another volume, is refused. */
static void level_5_volume_add(void **state)
{
	bm_carrier_input a = {
	        .title = "加卷秘密件", .level = "秘密", .place = "档案室", .scope = "科技处"};
	bm_carrier_input top = {
	        .title = "加卷绝密件", .level = "绝密", .place = "机要室保密柜", .scope = "zhao"};
	int64_t first, later, high, other;
	bm_carrier *vol = NULL, *vol2 = NULL;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	first = rec_register(&t_arena, &a);
	a.title = "后加秘密件";
	later = rec_register(&t_arena, &a);
	high = rec_register(&t_arena, &top);
	a.title = "另一卷的件";
	other = rec_register(&t_arena, &a);
	assert_int_equal(volume_create("秘密案卷", "秘密", &first, 1, &vol), 0);
	assert_int_equal(volume_create("另一案卷", "秘密", &other, 1, &vol2), 0);

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_volume_add(&ctx, vol->id, high), BM_EDENIED, "LEVEL-5",
	                   "volume_level_too_low", &before);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_volume_add(&ctx, vol->id, other), BM_ECONFLICT, "LEVEL-5",
	                   "already_in_volume", &before);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_volume_add(&ctx, later, first), BM_EINVALID, "LEVEL-5",
	                   "not_a_volume", &before);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_volume_add(&ctx, vol->id, vol->id), BM_EINVALID, "LEVEL-5",
	                   "volume_self", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_volume_add(&ctx, vol->id, later), BM_EDENIED, "KEEP-4",
	                   "role_required", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_volume_add(&ctx, vol->id, later), 0);
	assert_int_equal(svc_fx_carrier(&t_arena, later)->volume_id, vol->id);
	/* What has left the ledger joins no volume. */
	{
		bm_ctx rctx;
		a.title = "已清退的件";
		other = rec_register(&t_arena, &a);
		svc_fx_ctx(&rctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_return_to_issuer(&rctx, &other, 1, NULL), 0);
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		rec_snapshot(&before);
		rec_assert_refused(bm_svc_volume_add(&ctx, vol->id, other), BM_ECONFLICT, "LEVEL-5",
		                   "not_in_ledger", &before);
	}
	/* A repeated part and an empty volume are refused. */
	{
		int64_t twice[2] = {high, high};
		rec_snapshot(&before);
		rec_assert_refused(volume_create("重复案卷", "绝密", twice, 2, &vol), BM_EINVALID,
		                   "LEVEL-5", "duplicate_item", &before);
		rec_snapshot(&before);
		rec_assert_refused(volume_create("空案卷", "绝密", NULL, 0, &vol), BM_EINVALID,
		                   "LEVEL-5", "no_parts", &before);
	}
}

/* LEVEL-5: a part never rises above its volume, a volume never falls below its parts. */
static void level_5_volume_and_parts_change_together(void **state)
{
	bm_carrier_input a = {.title = "卷内待升级件",
	                      .level = "秘密",
	                      .place = "机要室保密柜",
	                      .scope = "科技处"};
	bm_level_input in = {.to_level = "机密", .basis = "一览表", .reason = "升级"};
	bm_level_report rep;
	int64_t part = rec_register(&t_arena, &a);
	bm_carrier *vol = NULL;
	rec_snap before;
	(void)state;

	assert_int_equal(volume_create("待升级案卷", "秘密", &part, 1, &vol), 0);
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, part, &in, &rep), BM_EDENIED, "LEVEL-5",
	                   "volume_level_too_low", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, part)->level, BM_LEVEL_CONFIDENTIAL);
	/* The volume first, then its part. */
	assert_int_equal(decide(R()->dingmi, vol->id, &in, &rep), 0);
	assert_int_equal(decide(R()->dingmi, part, &in, &rep), 0);
	/* Nor does a volume fall below its highest part. */
	in.to_level = "秘密";
	rec_snapshot(&before);
	rec_assert_refused(decide(R()->dingmi, vol->id, &in, &rep), BM_EDENIED, "LEVEL-5",
	                   "volume_level_too_low", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, vol->id)->level, BM_LEVEL_SECRET);
}

/* LEVEL-7 under allocation failure: no half-recorded decision, then it is recorded once. */
static void level_7_allocation_failures_change_nothing(void **state)
{
	int64_t id = in_safe("内存不足定密文件", "秘密");
	bm_level_input in = {.to_level = "机密", .basis = "一览表", .reason = "升级"};
	bm_level_report rep;
	int64_t history = svc_fx_history_count();
	long failures = 0;
	int rc = -1;
	(void)state;

	for (long k = 0; k < 500 && rc != 0; k++) {
		bm_arena a;
		bm_ctx ctx;
		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, R()->dingmi);
		bm_alloc_fail_after(k);
		rc = bm_svc_level_decide(&ctx, id, &in, &rep);
		failures += bm_alloc_fail_after(-1) > 0;
		if (rc != 0) {
			assert_int_equal(rc, BM_ENOMEM);
			assert_int_equal(level_rows(id), 0);
			assert_int_equal(svc_fx_history_count(), history);
			assert_int_equal(svc_fx_carrier(&t_arena, id)->level,
			                 BM_LEVEL_CONFIDENTIAL);
		}
		bm_arena_release(&a);
	}
	assert_int_equal(rc, 0);
	assert_true(failures > 0);
	assert_int_equal(level_rows(id), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(level_4_handler_proposes_authority_decides, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_4_direct_decision_only_by_authority, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_9_basis_and_reason_required, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_10_not_above_own_clearance, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_8_declassify_marks_and_lists_copies, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_7_unchanged_and_unknown_level, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_8_carrier_out_is_not_remarked, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_3_new_period, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(level_keep_1_upgrade_needs_a_fitting_place, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_7_history_visible_only, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(level_5_volume_takes_highest_level, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_1_volume_scope_is_the_intersection, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_1_level_4_volume_refusals, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_5_volume_add, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(level_7_allocation_failures_change_nothing, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_5_volume_and_parts_change_together, t_setup,
	                                        t_teardown),
	};
	return cmocka_run_group_tests_name("records_level", tests, rec_group_setup,
	                                   rec_group_teardown);
}
