/*
 * test_custody.c — src/service/records_custody.c: hand-over lists signed by
 * both sides (KEEP-2, PERSON-1), departures refused while anything is held
 * (KEEP-2, PERSON-4), and return to the issuer (KEEP-3). Every refusal
 * asserts class, code and rule and that nothing changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rec_fixture.h"
#include "service/ledger.h"

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

static int64_t kept_by(const char *title, const char *level, const char *custodian)
{
	bm_carrier_input in = {.title = title,
	                       .level = level,
	                       .place = "机要室保密柜",
	                       .scope = "科技处",
	                       .custodian = custodian,
	                       .keep = {.reason = "因工作需要个人保管",
	                                .approver = "clerk",
	                                .until = "2027-06-30"},
	                       .sender = "市科技局"};
	return rec_register(&t_arena, &in);
}

static int handover(bm_person *who, const char *from, const char *to, bm_carrier **items, size_t *n)
{
	bm_ctx ctx;
	/*
	 * KEEP-2, REG-1: each side confirms themselves: one with an account (a
	 * login name, ASCII here) types their own password (FX_PW), one without
	 * signs the printed list.
	 */
	bm_svc_receipt own = {.password = FX_PW}, paper = {.paper = true};
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_handover(&ctx, from, to, (unsigned char)from[0] < 0x80 ? &own : &paper,
	                       (unsigned char)to[0] < 0x80 ? &own : &paper, "调岗移交", items, n);
}

static int depart(bm_person *who, const char *person, const char *date, bm_departure_row **out)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_person_depart(&ctx, person, date, out);
}

static bm_person *person(const char *ref)
{
	bm_ctx ctx;
	bm_person *p = NULL;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_person_resolve(&ctx, ref, &p), 0);
	return p;
}

/*
 * KEEP-2, PERSON-1/4: the person who leaves hands over everything first; the
 * successor must be cleared for every level; both sides sign one list; then
 * the departure is recorded with the 脱密期.
 */
static void keep_2_handover_then_depart(void **state)
{
	int64_t a = kept_by("调离人保管的秘密件", "秘密", "调离甲");
	int64_t b = kept_by("调离人保管的机密件", "机密", "调离甲");
	bm_carrier *items = NULL;
	bm_handover_row *lists;
	bm_departure_row *dep = NULL;
	bm_person *from, *to;
	size_t n = 0, n_lists;
	rec_snap before;
	(void)state;

	/* KEEP-2: departure refused while anything is kept. */
	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->secadmin, "调离甲", "2026-11-20", &dep), BM_EDENIED,
	                   "KEEP-2", "carriers_held", &before);
	assert_int_equal(person("调离甲")->status, BM_PERSON_ACTIVE);

	/* PERSON-1: a general successor may not keep 机密; nothing moves. */
	rec_snapshot(&before);
	rec_assert_refused(handover(FX()->clerk, "调离甲", "接收乙", &items, &n), BM_EDENIED,
	                   "PERSON-1", "clearance_too_low", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, a)->custodian_id, person("调离甲")->id);

	/*
	 * KEEP-2, REG-1 (issue 14 point 5): both sides confirm themselves. A
	 * typed name, nothing, paper for a side with an account, a password for
	 * one without, a wrong password: each refused, nothing moves.
	 */
	{
		bm_ctx ctx;
		bm_svc_receipt paper = {.paper = true}, typed = {.typed = "李四"}, none = {0},
		               wrong = {.password = "not-his-password"}, own = {.password = FX_PW};
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		rec_snapshot(&before);
		rec_assert_refused(
		        bm_svc_handover(&ctx, "调离甲", "li", &paper, &typed, NULL, &items, &n),
		        BM_EINVALID, "KEEP-2", "typed_signature", &before);
		assert_non_null(strstr(bm_error_last()->message, "接收人“李四”"));
		rec_snapshot(&before);
		rec_assert_refused(
		        bm_svc_handover(&ctx, "调离甲", "li", &paper, &none, NULL, &items, &n),
		        BM_EINVALID, "KEEP-2", "holder_confirmation_required", &before);
		rec_snapshot(&before);
		rec_assert_refused(
		        bm_svc_handover(&ctx, "调离甲", "li", &paper, &paper, NULL, &items, &n),
		        BM_EINVALID, "KEEP-2", "holder_password_required", &before);
		rec_snapshot(&before);
		rec_assert_refused(
		        bm_svc_handover(&ctx, "调离甲", "li", &own, &own, NULL, &items, &n),
		        BM_EINVALID, "KEEP-2", "holder_has_no_account", &before);
		assert_non_null(strstr(bm_error_last()->message, "移交人“调离甲”"));
		rec_snapshot(&before);
		assert_int_equal(
		        bm_svc_handover(&ctx, "调离甲", "li", &paper, &wrong, NULL, &items, &n),
		        BM_EDENIED);
		assert_string_equal(bm_error_last()->rule, "KEEP-2");
		assert_string_equal(bm_error_last()->code, "holder_password_wrong");
		assert_int_equal(svc_fx_carrier_count(), before.carriers);
		assert_int_equal(svc_fx_history_count(), before.history);
	}
	assert_int_equal(svc_fx_carrier(&t_arena, a)->custodian_id, person("调离甲")->id);

	assert_int_equal(handover(FX()->clerk, "调离甲", "li", &items, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, a);
	assert_int_equal(items[1].id, b);
	assert_int_equal(svc_fx_carrier(&t_arena, a)->custodian_id, FX()->li->id);
	assert_int_equal(svc_fx_carrier(&t_arena, b)->custodian_id, FX()->li->id);
	/* One list, signed by both sides, kept for ever. */
	from = person("调离甲");
	to = FX()->li;
	assert_int_equal(BM_STORE(FX()->store, handover_list)(FX()->store, &t_arena, from->id,
	                                                      &lists, &n_lists),
	                 0);
	assert_int_equal(n_lists, 1);
	assert_int_equal(lists[0].from_person_id, from->id);
	assert_int_equal(lists[0].to_person_id, to->id);
	assert_int_equal(lists[0].n_carriers, 2);
	/* How each side confirmed: 调离甲 (no account) on paper, 李四 with his password. */
	assert_string_equal(lists[0].from_signature, BM_RECEIPT_MARK_PAPER);
	assert_string_equal(lists[0].to_signature, BM_RECEIPT_MARK_PASSWORD);
	assert_string_equal(lists[0].note, "调岗移交");
	assert_int_equal(lists[0].recorded_by, FX()->clerk->id);

	/* PERSON-4: now the departure, with the 脱密期 of an important person (1 year). */
	assert_int_equal(depart(FX()->secadmin, "调离甲", "2026-11-20", &dep), 0);
	assert_string_equal(dep->left_on, "2026-11-20");
	assert_string_equal(dep->decl_until, "2027-11-20");
	assert_int_equal(dep->person_class, BM_CLASS_IMPORTANT);
	assert_int_equal(person("调离甲")->status, BM_PERSON_LEFT);
	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->secadmin, "调离甲", "2026-11-20", &dep), BM_ECONFLICT,
	                   "PERSON-4", "already_left", &before);
	/* Nobody hands anything to a person who has left, and they witness nothing. */
	rec_snapshot(&before);
	rec_assert_refused(handover(FX()->clerk, "li", "调离甲", &items, &n), BM_EDENIED, "KEEP-2",
	                   "successor_inactive", &before);
	{
		static const char *const witnesses[] = {"调离甲", "张三"};
		bm_svc_receipt own[2];
		int64_t id = kept_by("离岗后销毁的文件", "秘密", NULL);
		int64_t req = rec_approved(&t_arena, FX()->li, "destroy", &id, 1,
		                           "{\"method\":\"shred\"}");
		bm_destruction_row *d;
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		rec_snapshot(&before);
		rec_assert_refused(
		        bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, witnesses,
		                               svc_fx_witness_receipts(witnesses, 2, own), 2, &d),
		        BM_EDENIED, "DESTROY-2", "witness_inactive", &before);
	}
}

/* The cell of column `key` in row `i` of a register (NULL when blank). */
static const char *reg_cell(const bm_register *r, size_t i, const char *key)
{
	for (size_t c = 0; c < r->n_cols; c++)
		if (strcmp(r->cols[c].key, key) == 0)
			return r->cells[i * r->n_cols + c];
	fail_msg("no column %s", key);
	return NULL;
}

/*
 * KEEP-2, REG-1, REG-4 (issue 14 point 5): a hand-over list is kept as handed
 * over (migration 47) and read back as such after the carrier changed; the
 * 移交登记簿 numbers it in its book with both sides' confirmation and blank
 * 签字 cells; administrators are refused (SYS-1), an unknown list does not
 * exist (SYS-2); every read is audited.
 */
static void keep_2_kept_list_read_back(void **state)
{
	int64_t a = kept_by("移交后改了标题的件", "机密", "li");
	bm_svc_receipt own = {.password = FX_PW};
	bm_carrier *items = NULL, *c;
	bm_handover_view *v, *list;
	bm_register reg;
	int64_t id = 0;
	size_t n = 0, n_list = 0, row = (size_t)-1;
	rec_snap before;
	fx_audit last;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_handover_chosen(&ctx, "li", "clerk", &own, &own, "调岗", NULL,
	                                        &items, &n, &id),
	                 0);
	assert_true(id > 0);
	assert_true(n >= 1);
	/* The carrier changes after the hand-over: the list does not. */
	c = svc_fx_carrier(&t_arena, a);
	c->title = "后来改的标题";
	c->level = BM_LEVEL_TOP_SECRET;
	assert_int_equal(BM_STORE(FX()->store, carrier_update)(FX()->store, c), 0);

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_handover_show(&ctx, id, &v), 0);
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "ok");
	assert_int_equal(v->row->n_carriers, n);
	assert_true(v->whole);
	assert_int_equal(v->n_hidden, 0);
	for (size_t i = 0; i < n; i++) {
		const bm_handover_item *it = &v->row->items[i];
		assert_int_equal(it->carrier_id, items[i].id);
		assert_string_equal(it->title,
		                    items[i].id == a ? "移交后改了标题的件" : items[i].title);
		assert_int_equal(it->level,
		                 items[i].id == a ? BM_LEVEL_SECRET : (int)items[i].level);
		assert_non_null(it->marking);
		if (items[i].id == a)
			assert_non_null(strstr(it->marking, "机密"));
	}
	assert_string_equal(v->row->from_signature, BM_RECEIPT_MARK_PASSWORD);
	assert_string_equal(v->row->to_signature, BM_RECEIPT_MARK_PASSWORD);
	assert_true(v->row->seq_classified > 0); /* REG-4: 机密 is the classified book's */
	assert_non_null(strstr(bm_handover_receipt_text(&ctx, v->row->from_signature, v->row->at),
	                       "本人口令确认 "));

	/* The register of the unit: newest first; by person. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_handover_list(&ctx, "li", NULL, NULL, &list, &n_list), 0);
	assert_true(n_list >= 1);
	assert_int_equal(list[0].row->id, id);
	for (size_t i = 1; i < n_list; i++)
		assert_true(list[i].row->id < list[i - 1].row->id);

	/* The printed book: its 登记序号, both confirmations, 签字 blank for the pens. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_register(&ctx, "handover", "classified", NULL, NULL, &reg), 0);
	for (size_t i = 0; i < reg.n_rows; i++)
		if (reg_cell(&reg, i, "handover_id") &&
		    strtoll(reg_cell(&reg, i, "handover_id"), NULL, 10) == id)
			row = i;
	assert_true(row != (size_t)-1);
	assert_int_equal(strtoll(reg_cell(&reg, row, "seq"), NULL, 10), v->row->seq_classified);
	assert_non_null(strstr(reg_cell(&reg, row, "from_receipt"), "本人口令确认"));
	assert_null(reg_cell(&reg, row, "from_signature"));
	assert_null(reg_cell(&reg, row, "to_signature"));
	assert_string_equal(reg_cell(&reg, row, "note"), "调岗");

	/* SYS-1: no administrator reads it; SYS-2: an unknown list does not exist. */
	svc_fx_ctx(&ctx, &t_arena, FX()->auditor);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_handover_show(&ctx, id, &v), BM_EDENIED, "SYS-1",
	                   "admin_no_business", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_handover_list(&ctx, NULL, NULL, NULL, &list, &n_list), BM_EDENIED,
	                   "SYS-1", "admin_no_business", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_handover_show(&ctx, id + 1000, &v), BM_ENOTFOUND, "SYS-2",
	                   "unknown_handover", &before);
}

/* KEEP-2: both sides are different people; the clerk records the list. */
static void keep_2_handover_refusals(void **state)
{
	bm_carrier *items = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(handover(FX()->clerk, "li", "李四", &items, &n), BM_EINVALID, "KEEP-2",
	                   "same_person", &before);
	rec_snapshot(&before);
	rec_assert_refused(handover(FX()->clerk, "li", "无此人", &items, &n), BM_ENOTFOUND,
	                   "KEEP-2", "unknown_person", &before);
	rec_snapshot(&before);
	rec_assert_refused(handover(FX()->li, "li", "zhao", &items, &n), BM_EDENIED, "KEEP-2",
	                   "role_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(handover(FX()->sysadmin, "li", "zhao", &items, &n), BM_EDENIED, "SYS-1",
	                   "admin_no_business", &before);
}

/* KEEP-2: a carrier held on loan keeps its borrower from leaving. */
static void keep_2_departure_refused_while_on_loan(void **state)
{
	int64_t id = kept_by("借出未还的文件", "秘密", NULL);
	bm_departure_row *dep = NULL;
	rec_snap before;
	(void)state;

	rec_circulate(&t_arena, id, "周一般");
	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->secadmin, "周一般", "2026-11-23", &dep), BM_EDENIED,
	                   "KEEP-2", "carriers_held", &before);
	rec_checkin(&t_arena, id);
	assert_int_equal(depart(FX()->secadmin, "周一般", "2026-11-23", &dep), 0);
	/* General class: six months. */
	assert_string_equal(dep->decl_until, "2027-05-23");
}

/* PERSON-4: only the security administrator records a departure, on a real past date. */
static void person_4_departure_refusals(void **state)
{
	bm_departure_row *dep = NULL;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->clerk, "张三", "2026-11-20", &dep), BM_EDENIED, "PERSON-4",
	                   "role_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->secadmin, "张三", "2026-11-24", &dep), BM_EINVALID,
	                   "PERSON-4", "date_in_future", &before);
	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->secadmin, "张三", "2026-02-30", &dep), BM_EINVALID,
	                   "PERSON-4", "invalid_date", &before);
	rec_snapshot(&before);
	rec_assert_refused(depart(FX()->secadmin, "张三", NULL, &dep), BM_EINVALID, "PERSON-4",
	                   "invalid_date", &before);
	assert_int_equal(person("张三")->status, BM_PERSON_ACTIVE);
}

static int return_to_issuer(bm_person *who, const int64_t *ids, size_t n)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_return_to_issuer(&ctx, ids, n, "按通知清退");
}

/* KEEP-3: carriers go back to their issuer: status returned, history names the issuer. */
static void keep_3_return_to_issuer(void **state)
{
	int64_t ids[2] = {kept_by("需清退文件一", "秘密", NULL),
	                  kept_by("需清退文件二", "机密", NULL)};
	bm_carrier_event *ev;
	size_t n_ev;
	bm_carrier *c;
	rec_snap before;
	bm_ctx ctx;
	int64_t count = svc_fx_carrier_count();
	(void)state;

	assert_int_equal(return_to_issuer(FX()->clerk, ids, 2), 0);
	assert_int_equal(svc_fx_carrier_count(), count);
	for (size_t i = 0; i < 2; i++) {
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_carrier_show(&ctx, ids[i], &c, &ev, &n_ev), 0);
		assert_int_equal(c->status, BM_STATUS_RETURNED);
		assert_string_equal(ev[n_ev - 1].action, "return_to_issuer");
		assert_non_null(strstr(ev[n_ev - 1].detail, "市科技局"));
	}
	/* Returned once: not again. */
	rec_snapshot(&before);
	rec_assert_refused(return_to_issuer(FX()->clerk, ids, 1), BM_ECONFLICT, "KEEP-3",
	                   "not_in_store", &before);
}

/* KEEP-3: what is out comes back first; lists are checked whole. */
static void keep_3_refusals(void **state)
{
	int64_t ids[2] = {kept_by("在库待清退", "秘密", NULL),
	                  kept_by("传阅中待清退", "秘密", NULL)};
	int64_t twice[2] = {ids[0], ids[0]};
	rec_snap before;
	(void)state;

	rec_circulate(&t_arena, ids[1], "li");
	rec_snapshot(&before);
	rec_assert_refused(return_to_issuer(FX()->clerk, ids, 2), BM_ECONFLICT, "KEEP-3", "on_loan",
	                   &before);
	/* Nothing of the list was returned. */
	assert_int_equal(svc_fx_carrier(&t_arena, ids[0])->status, BM_STATUS_IN_STORE);
	rec_snapshot(&before);
	rec_assert_refused(return_to_issuer(FX()->clerk, twice, 2), BM_EINVALID, "KEEP-3",
	                   "duplicate_item", &before);
	rec_snapshot(&before);
	rec_assert_refused(return_to_issuer(FX()->clerk, ids, 0), BM_EINVALID, "KEEP-3", "no_items",
	                   &before);
	rec_snapshot(&before);
	rec_assert_refused(return_to_issuer(FX()->li, ids, 1), BM_EDENIED, "KEEP-3",
	                   "role_required", &before);
	rec_checkin(&t_arena, ids[1]);
	assert_int_equal(return_to_issuer(FX()->clerk, ids, 2), 0);
}

/* KEEP-2: returned and destroyed carriers are no longer held, so they are not handed over. */
static void keep_2_returned_not_held(void **state)
{
	int64_t kept = kept_by("乙保管的文件", "秘密", "dingmi2");
	int64_t gone = kept_by("乙已清退的文件", "秘密", "dingmi2");
	bm_carrier *items = NULL;
	size_t n = 0;
	(void)state;

	assert_int_equal(return_to_issuer(FX()->clerk, &gone, 1), 0);
	assert_int_equal(handover(FX()->clerk, "dingmi2", "li", &items, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, kept);
	assert_int_equal(svc_fx_carrier(&t_arena, gone)->custodian_id, rec_get()->dingmi2->id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(keep_2_handover_then_depart, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_2_handover_refusals, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_2_kept_list_read_back, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_2_departure_refused_while_on_loan, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(person_4_departure_refusals, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_3_return_to_issuer, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_3_refusals, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_2_returned_not_held, t_setup, t_teardown),
	};
	return cmocka_run_group_tests_name("records_custody", tests, rec_group_setup,
	                                   rec_group_teardown);
}
