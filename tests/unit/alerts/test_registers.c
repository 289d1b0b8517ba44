/*
 * test_registers.c — src/service/registers.c: the six classic registers
 * (收文、发文、借阅、复制、携带外出、销毁登记簿) have the REG-1 columns and
 * the rows of the matching operations; the date range; SYS-2/SYS-1
 * visibility; and the renderers: CSV quoting (RFC 4180, commas, quotes,
 * newlines, formula cells), the JSON shape, the aligned text. The fixture's
 * "now" is Monday 2026-11-23 10:00 in Beijing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "al_util.h"

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

/* The column keys of a register, comma-joined (arena). */
static const char *keys(const bm_register *r)
{
	bm_buf b;
	const char *out;
	bm_buf_init(&b, 0);
	for (size_t c = 0; c < r->n_cols; c++)
		assert_int_equal(bm_buf_printf(&b, "%s%s", c ? "," : "", r->cols[c].key), 0);
	out = bm_arena_strdup(&t_arena, b.ptr ? b.ptr : "");
	bm_buf_release(&b);
	return out;
}

static bool has_key(const bm_register *r, const char *key)
{
	for (size_t c = 0; c < r->n_cols; c++)
		if (strcmp(r->cols[c].key, key) == 0)
			return true;
	return false;
}

/* REG-1: every register has the columns the rule names, plus those of its kind. */
static void reg_1_columns_of_each_register(void **state)
{
	static const struct {
		const char *kind, *keys;
	} want[] = {
	        {"incoming",
	         "seq,carrier_id,received_on,registered_at,sender,producer,doc_number,"
	         "serial_number,title,level,pages,copies,urgency,custodian,handler,signature"},
	        {"dispatch",
	         "seq,dispatch_id,date,carrier_id,doc_number,serial_number,title,level,pages,"
	         "copies,producer,recipient,channel,courier,escorts,handler,signed_by,"
	         "signed_at"},
	        {"borrow",
	         "seq,loan_id,issued_at,carrier_id,doc_number,serial_number,title,level,pages,"
	         "borrower,kind,place,request_id,handler,receipt,signature,due_at,returned_at,"
	         "received_by,note"},
	        {"copy", "seq,carrier_id,date,type,source,doc_number,serial_number,title,level,"
	                 "pages,copies,"
	                 "producer,request_id,originator_approval,copier,handler,custodian"},
	        {"take-out",
	         "seq,loan_id,issued_at,carrier_id,doc_number,serial_number,title,level,pages,"
	         "holder,destination,purpose,request_id,handler,receipt,signature,due_at,returned_"
	         "at,"
	         "received_by,note"},
	        {"destroy",
	         "seq,destruction_id,date,carrier_id,doc_number,serial_number,title,level,pages,"
	         "copies,method,place,request_id,approvers,handler,witnesses,witness_receipt,"
	         "witness_signature"},
	};
	static const char *const reg1[] = {"level",         "title", "doc_number",
	                                   "serial_number", "pages", "handler"};
	(void)state;
	for (size_t k = 0; k < BM_ARRAY_LEN(want); k++) {
		bm_register r = al_register(&t_arena, FX()->clerk, want[k].kind, NULL, NULL);
		assert_int_equal(r.kind, (bm_register_kind)k);
		assert_string_equal(keys(&r), want[k].keys);
		for (size_t i = 0; i < BM_ARRAY_LEN(reg1); i++)
			assert_true(has_key(&r, reg1[i]));
		/* Every column has a Chinese and an English header. */
		for (size_t c = 0; c < r.n_cols; c++)
			assert_true(*r.cols[c].zh && *r.cols[c].en);
		/* By Chinese name too. */
		assert_int_equal(
		        al_register(&t_arena, FX()->clerk, bm_register_names[k].zh, NULL, NULL)
		                .kind,
		        (bm_register_kind)k);
	}
	assert_int_equal(al_register(&t_arena, FX()->clerk, "take_out", NULL, NULL).kind,
	                 BM_REGISTER_TAKE_OUT);
}

/* REG-1: the 收文登记簿 row holds what was registered, the handler and the signature. */
static void reg_1_incoming_register_row(void **state)
{
	bm_carrier_input in = {.title = "关于做好考试保密工作的通知",
	                       .doc_number = "教发〔2026〕12号",
	                       .serial_number = "3",
	                       .pages = "12",
	                       .copies = "1",
	                       .producer = "省教育厅",
	                       .sender = "市教育局",
	                       .level = "机密",
	                       .urgency = "急件",
	                       .received_on = "2026-11-22",
	                       .place = "科技处保密柜",
	                       .scope = "科技处"};
	bm_carrier *c = NULL;
	bm_register r;
	bm_ctx ctx;
	fx_audit last;
	long row;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), 0);
	r = al_register(&t_arena, FX()->clerk, "incoming", NULL, NULL);
	assert_true((row = al_row_of(&r, c->id)) >= 0);
	assert_string_equal(al_cell(&r, row, "received_on"), "2026-11-22");
	assert_string_equal(al_cell(&r, row, "registered_at"), "2026-11-23 10:00");
	assert_string_equal(al_cell(&r, row, "sender"), "市教育局");
	assert_string_equal(al_cell(&r, row, "producer"), "省教育厅");
	assert_string_equal(al_cell(&r, row, "doc_number"), "教发〔2026〕12号");
	assert_string_equal(al_cell(&r, row, "serial_number"), "3");
	assert_string_equal(al_cell(&r, row, "title"), "关于做好考试保密工作的通知");
	assert_string_equal(al_cell(&r, row, "level"), "机密★20年");
	assert_string_equal(al_cell(&r, row, "pages"), "12");
	assert_string_equal(al_cell(&r, row, "urgency"), "加急");
	assert_string_equal(al_cell(&r, row, "custodian"), "王秘书");
	assert_string_equal(al_cell(&r, row, "handler"), "王秘书");
	/* REG-1: the handler signs the printed register with a pen: the cell is left blank. */
	assert_string_equal(al_cell(&r, row, "signature"), "");
	/* Reading a register is audited (SYS-3). */
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "register.read");
	assert_string_equal(last.outcome, "ok");
	assert_non_null(strstr(last.detail, "\"kind\":\"incoming\""));
	/* REG-1: oldest first. */
	for (size_t i = 1; i < r.n_rows; i++)
		assert_true(strcmp(al_cell(&r, i - 1, "received_on"),
		                   al_cell(&r, i, "received_on")) <= 0);
}

/* The 登记序号 of the row of `id` in `r` (0 when not listed). */
static long seq_of(const bm_register *r, int64_t id)
{
	long row = al_row_of(r, id);
	return row < 0 ? 0 : atol(al_cell(r, (size_t)row, "seq"));
}

static bm_register book(const char *kind, const char *which)
{
	bm_ctx ctx;
	bm_register r;
	memset(&r, 0, sizeof(r));
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_register(&ctx, kind, which, NULL, NULL, &r), 0);
	return r;
}

/*
 * REG-1, REG-4 (issue 14 point 11): classified and ordinary items are written
 * in separate books, each numbered 1, 2, 3 … in registration order; the
 * number is the entry's own, the same each time the register is printed.
 */
static void reg_4_separate_books_running_numbers(void **state)
{
	int64_t a = wf_register(&t_arena, "机密甲（序号）", "机密", "科技处保密柜", "科技处");
	int64_t b = wf_register(&t_arena, "内部乙（序号）", "内部", "普通文件柜", NULL);
	int64_t c = wf_register(&t_arena, "秘密丙（序号）", "秘密", "档案室", "科技处");
	int64_t d = wf_register(&t_arena, "非密丁（序号）", "非密", "普通文件柜", NULL);
	int64_t e = wf_register(&t_arena, "绝密戊（序号）", "绝密", "机要室保密柜", "zhao");
	bm_register cl = book("incoming", "classified"), od = book("incoming", "ordinary");
	bm_register again = book("incoming", NULL);
	(void)state;

	assert_true(cl.classified && !od.classified && again.classified);
	/* Each book holds its own items only. */
	assert_true(al_row_of(&cl, a) >= 0 && al_row_of(&cl, c) >= 0 && al_row_of(&cl, e) >= 0);
	assert_true(al_row_of(&cl, b) < 0 && al_row_of(&cl, d) < 0);
	assert_true(al_row_of(&od, b) >= 0 && al_row_of(&od, d) >= 0);
	assert_true(al_row_of(&od, a) < 0 && al_row_of(&od, c) < 0 && al_row_of(&od, e) < 0);
	for (size_t i = 0; i < cl.n_rows; i++)
		assert_true(strstr(al_cell(&cl, i, "level"), "秘密") ||
		            strstr(al_cell(&cl, i, "level"), "机密") ||
		            strstr(al_cell(&cl, i, "level"), "绝密"));
	for (size_t i = 0; i < od.n_rows; i++)
		assert_true(strstr(al_cell(&od, i, "level"), "非密") ||
		            strstr(al_cell(&od, i, "level"), "内部"));
	/* Running numbers, in order, without gaps, in each book. */
	for (size_t i = 0; i < cl.n_rows; i++)
		assert_int_equal(atol(al_cell(&cl, i, "seq")), (long)i + 1);
	for (size_t i = 0; i < od.n_rows; i++)
		assert_int_equal(atol(al_cell(&od, i, "seq")), (long)i + 1);
	assert_int_equal(seq_of(&cl, c), seq_of(&cl, a) + 1);
	assert_int_equal(seq_of(&cl, e), seq_of(&cl, c) + 1);
	assert_int_equal(seq_of(&od, d), seq_of(&od, b) + 1);
	/* The same number each time it is printed. */
	assert_int_equal(seq_of(&again, e), seq_of(&cl, e));
	/* REG-4: one book or the other, never both. */
	{
		bm_ctx ctx;
		bm_register r;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		al_assert_refused(bm_svc_register(&ctx, "incoming", "all", NULL, NULL, &r),
		                  BM_EINVALID, "REG-4", "invalid_register_book");
	}
}

/* REG-1, BORROW-1, CIRC-4/5: the 借阅登记簿 shows borrowing and reading on site, returned. */
static void reg_1_borrow_register_rows(void **state)
{
	int64_t c = wf_register(&t_arena, "机密方案（借阅登记）", "机密", "科技处保密柜", "科技处");
	int64_t top = wf_register(&t_arena, "绝密文件（查阅登记）", "绝密", "机要室保密柜", "zhao");
	int64_t r1 = al_request(&t_arena, FX()->li, "borrow", c, NULL, W()->leader);
	int64_t r2 = al_request(&t_arena, FX()->zhao, "borrow", top, NULL, W()->principal);
	bm_loan_row *loan = al_issue(&t_arena, r1, NULL);
	bm_loan_row *read = al_issue(&t_arena, r2, "机要室阅文室");
	bm_register r;
	long row;
	(void)state;

	al_checkin(&t_arena, c, "缺附件\n一份");
	r = al_register(&t_arena, FX()->clerk, "borrow", NULL, NULL);
	assert_true((row = al_row_of(&r, c)) >= 0);
	assert_string_equal(al_cell(&r, row, "loan_id"),
	                    bm_arena_printf(&t_arena, "%lld", (long long)loan->id));
	assert_string_equal(al_cell(&r, row, "issued_at"), "2026-11-23 10:00");
	assert_string_equal(al_cell(&r, row, "borrower"), "李四");
	assert_string_equal(al_cell(&r, row, "kind"), "借阅");
	assert_string_equal(al_cell(&r, row, "request_id"),
	                    bm_arena_printf(&t_arena, "%lld", (long long)r1));
	assert_string_equal(al_cell(&r, row, "handler"), "王秘书");
	/* REG-1 (issue 14): 李四 confirmed with his own password; 签字 is left for the pen. */
	assert_string_equal(al_cell(&r, row, "receipt"), "本人口令确认 2026-11-23 10:00");
	assert_string_equal(al_cell(&r, row, "signature"), "");
	assert_string_equal(al_cell(&r, row, "due_at"), "2026-11-30 23:59");
	assert_string_equal(al_cell(&r, row, "returned_at"), "2026-11-23 10:00");
	assert_string_equal(al_cell(&r, row, "received_by"), "王秘书");
	assert_string_equal(al_cell(&r, row, "note"), "缺附件\n一份");
	assert_true((row = al_row_of(&r, top)) >= 0);
	assert_string_equal(al_cell(&r, row, "kind"), "查阅");
	assert_string_equal(al_cell(&r, row, "place"), "机要室阅文室");
	assert_string_equal(al_cell(&r, row, "returned_at"), ""); /* still out */
	assert_string_equal(al_cell(&r, row, "loan_id"),
	                    bm_arena_printf(&t_arena, "%lld", (long long)read->id));
	/* SYS-2: 李四 sees his own borrowing, never the 绝密 reading. */
	r = al_register(&t_arena, FX()->li, "borrow", NULL, NULL);
	assert_true(al_row_of(&r, c) >= 0);
	assert_int_equal(al_row_of(&r, top), -1);
	/* Take-outs are not in the borrowing register. */
	al_checkin(&t_arena, top, NULL);
}

/* CARRY-2: the 携带外出登记簿 records destination, purpose and the date due back. */
static void carry_2_take_out_register_row(void **state)
{
	int64_t c = wf_register(&t_arena, "出差材料（外出登记）", "秘密", "档案室", "科技处");
	int64_t r = al_request(&t_arena, FX()->li, "take_out", c,
	                       "{\"purpose\":\"汇报\",\"destination\":\"省厅\","
	                       "\"return_date\":\"2026-11-25\"}",
	                       W()->kjhead);
	bm_register reg;
	long row;
	(void)state;

	al_issue(&t_arena, r, NULL);
	reg = al_register(&t_arena, FX()->clerk, "take-out", NULL, NULL);
	assert_true((row = al_row_of(&reg, c)) >= 0);
	assert_string_equal(al_cell(&reg, row, "holder"), "李四");
	assert_string_equal(al_cell(&reg, row, "destination"), "省厅");
	assert_string_equal(al_cell(&reg, row, "purpose"), "汇报");
	assert_string_equal(al_cell(&reg, row, "due_at"), "2026-11-25 23:59");
	assert_string_equal(al_cell(&reg, row, "returned_at"), "");
	assert_string_equal(al_cell(&reg, row, "level"), "秘密★10年");
	reg = al_register(&t_arena, FX()->clerk, "borrow", NULL, NULL);
	assert_int_equal(al_row_of(&reg, c), -1);
	al_checkin(&t_arena, c, NULL);
	reg = al_register(&t_arena, FX()->clerk, "take-out", NULL, NULL);
	assert_string_equal(al_cell(&reg, al_row_of(&reg, c), "returned_at"), "2026-11-23 10:00");
}

/* COPY-1/3/5: the 复制登记簿 lists each copy with its source, request and copier. */
static void copy_1_copy_register_rows(void **state)
{
	bm_carrier_input in = {.title = "财务报表（复制登记）",
	                       .doc_number = "财发〔2026〕3号",
	                       .serial_number = "1",
	                       .level = "秘密",
	                       .place = "档案室",
	                       .scope = "财务处"};
	bm_carrier *src = NULL, *copies = NULL;
	size_t n = 0;
	bm_register r;
	bm_ctx ctx;
	int64_t req;
	long row;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &src), 0);
	req = al_request(&t_arena, FX()->zhao, "copy", src->id, "{\"copies\":2}", W()->leader);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_copy_execute(&ctx, req, "A3复印机", 2, &copies, &n), 0);
	assert_int_equal(n, 2);
	r = al_register(&t_arena, FX()->clerk, "copy", NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		assert_true((row = al_row_of(&r, copies[i].id)) >= 0);
		assert_string_equal(al_cell(&r, row, "type"), "复制件");
		assert_string_equal(
		        al_cell(&r, row, "source"),
		        bm_arena_printf(&t_arena, "%lld 财发〔2026〕3号", (long long)src->id));
		assert_string_equal(al_cell(&r, row, "request_id"),
		                    bm_arena_printf(&t_arena, "%lld", (long long)req));
		assert_string_equal(al_cell(&r, row, "copier"), "A3复印机");
		assert_string_equal(al_cell(&r, row, "handler"), "王秘书");
		assert_string_equal(al_cell(&r, row, "date"), "2026-11-23");
		assert_string_equal(al_cell(&r, row, "level"), "秘密★10年");
		assert_string_equal(al_cell(&r, row, "doc_number"), "财发〔2026〕3号");
	}
	/* Each copy has its own serial number. */
	assert_string_not_equal(al_cell(&r, al_row_of(&r, copies[0].id), "serial_number"),
	                        al_cell(&r, al_row_of(&r, copies[1].id), "serial_number"));
	/* The source is not a copy. */
	assert_int_equal(al_row_of(&r, src->id), -1);
	/* SYS-2: 李四 (科技处) does not see 财务处's copies. */
	r = al_register(&t_arena, FX()->li, "copy", NULL, NULL);
	assert_int_equal(al_row_of(&r, copies[0].id), -1);
}

/* DESTROY-1/2/3/4: the 销毁登记簿 names method, place, approvers and the two witnesses. */
static void destroy_1_destroy_register_rows(void **state)
{
	int64_t c = wf_register(&t_arena, "待销毁草稿", "秘密", "档案室", "科技处");
	int64_t req = al_request(&t_arena, FX()->li, "destroy", c,
	                         "{\"method\":\"shred\",\"place\":\"销毁中心\"}", W()->leader);
	const char *witnesses[] = {"张三", "周一般"};
	bm_svc_receipt own[2];
	bm_destruction_row *d = NULL;
	bm_register r;
	bm_ctx ctx;
	long row;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_destroy_execute(&ctx, req, NULL, NULL, witnesses,
	                                        svc_fx_witness_receipts(witnesses, 2, own), 2, &d),
	                 0);
	r = al_register(&t_arena, FX()->clerk, "destroy", NULL, NULL);
	assert_true((row = al_row_of(&r, c)) >= 0);
	assert_string_equal(al_cell(&r, row, "destruction_id"),
	                    bm_arena_printf(&t_arena, "%lld", (long long)d->id));
	assert_string_equal(al_cell(&r, row, "date"), "2026-11-23");
	assert_string_equal(al_cell(&r, row, "method"), "粉碎");
	assert_string_equal(al_cell(&r, row, "place"), "销毁中心");
	assert_string_equal(al_cell(&r, row, "request_id"),
	                    bm_arena_printf(&t_arena, "%lld", (long long)req));
	assert_string_equal(al_cell(&r, row, "approvers"), "分管领导");
	assert_string_equal(al_cell(&r, row, "handler"), "王秘书");
	assert_string_equal(al_cell(&r, row, "witnesses"), "张三、周一般");
	/* DESTROY-2, REG-1: how each confirmed (no account: by hand); 签字 left for the pen. */
	assert_string_equal(al_cell(&r, row, "witness_receipt"),
	                    "张三 纸质登记簿手签；周一般 纸质登记簿手签");
	assert_string_equal(al_cell(&r, row, "witness_signature"), "");
	assert_string_equal(al_cell(&r, row, "title"), "待销毁草稿");
}

/* SEND-4/5: the 发文登记簿 shows recipient, channel, and the receipt once signed. */
static void send_4_dispatch_register_rows(void **state)
{
	int64_t c = wf_register(&t_arena, "秘密发文（发文登记）", "秘密", "档案室", "科技处");
	const char *recipients[] = {"市教育局办公室"};
	bm_dispatch_input in = {.carrier_ids = &c,
	                        .n_carriers = 1,
	                        .recipients = recipients,
	                        .n_recipients = 1,
	                        .channel = "机要通信",
	                        .courier = "机要员甲"};
	bm_dispatch_row *d = NULL;
	bm_register r;
	bm_ctx ctx;
	long row;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_create(&ctx, &in, &d), 0);
	r = al_register(&t_arena, FX()->clerk, "dispatch", NULL, NULL);
	assert_true((row = al_row_of(&r, c)) >= 0);
	assert_string_equal(al_cell(&r, row, "dispatch_id"),
	                    bm_arena_printf(&t_arena, "%lld", (long long)d->id));
	assert_string_equal(al_cell(&r, row, "date"), "2026-11-23");
	assert_string_equal(al_cell(&r, row, "recipient"), "市教育局办公室");
	assert_string_equal(al_cell(&r, row, "channel"), "机要通信");
	assert_string_equal(al_cell(&r, row, "courier"), "机要员甲");
	assert_string_equal(al_cell(&r, row, "handler"), "王秘书");
	assert_string_equal(al_cell(&r, row, "signed_by"), "（未签收）");
	assert_string_equal(al_cell(&r, row, "signed_at"), "");
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_sign(&ctx, d->id, c, "张收文"), 0);
	r = al_register(&t_arena, FX()->clerk, "dispatch", NULL, NULL);
	row = al_row_of(&r, c);
	assert_string_equal(al_cell(&r, row, "signed_by"), "张收文");
	assert_string_equal(al_cell(&r, row, "signed_at"), "2026-11-23 10:00");
}

/* REG-1: the date range is inclusive local dates; bad ranges and kinds are refused. */
static void reg_1_date_range_and_bad_input(void **state)
{
	bm_register r, all;
	bm_ctx ctx;
	(void)state;

	all = al_register(&t_arena, FX()->clerk, "incoming", NULL, NULL);
	assert_true(all.n_rows > 0);
	r = al_register(&t_arena, FX()->clerk, "incoming", "2026-11-23", "2026-11-23");
	assert_string_equal(r.from, "2026-11-23");
	assert_true(r.n_rows > 0 && r.n_rows < all.n_rows); /* the 11-22 arrival is left out */
	for (size_t i = 0; i < r.n_rows; i++)
		assert_string_equal(al_cell(&r, i, "received_on"), "2026-11-23");
	r = al_register(&t_arena, FX()->clerk, "incoming", "2026-11-22", NULL);
	assert_int_equal(r.n_rows, all.n_rows);
	r = al_register(&t_arena, FX()->clerk, "incoming", NULL, "2026-11-22");
	assert_int_equal(r.n_rows, 1);
	r = al_register(&t_arena, FX()->clerk, "borrow", "2026-11-24", NULL);
	assert_int_equal(r.n_rows, 0);

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	al_assert_refused(bm_svc_register(&ctx, "incoming", NULL, "2026-02-30", NULL, &r),
	                  BM_EINVALID, "REG-1", "invalid_date");
	al_assert_refused(bm_svc_register(&ctx, "incoming", NULL, "2026-11-24", "2026-11-23", &r),
	                  BM_EINVALID, "REG-1", "invalid_range");
	al_assert_refused(bm_svc_register(&ctx, "circulation", NULL, NULL, NULL, &r), BM_EINVALID,
	                  "REG-1", "invalid_register");
	al_assert_refused(bm_svc_register(&ctx, NULL, NULL, NULL, NULL, &r), BM_EINVALID, "REG-1",
	                  "invalid_register");
}

/* SYS-2: only rows about carriers the reader may see; SYS-1: no administrator reads them. */
static void sys_2_registers_respect_visibility(void **state)
{
	bm_register all = al_register(&t_arena, FX()->clerk, "incoming", NULL, NULL);
	bm_register li = al_register(&t_arena, FX()->li, "incoming", NULL, NULL);
	bm_register zhao = al_register(&t_arena, FX()->zhao, "incoming", NULL, NULL);
	bm_ctx ctx;
	bm_register r;
	(void)state;

	assert_true(li.n_rows < all.n_rows);
	assert_true(zhao.n_rows < all.n_rows);
	for (size_t i = 0; i < li.n_rows; i++) {
		bm_carrier *c =
		        svc_fx_carrier(&t_arena, strtoll(al_cell(&li, i, "carrier_id"), NULL, 10));
		assert_true(c->level <= BM_LEVEL_SECRET);
		assert_null(strstr(al_cell(&li, i, "title"), "财务"));
	}
	for (const char *const *k = (const char *const[]){"incoming", "borrow", "destroy", NULL};
	     *k; k++) {
		svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
		al_assert_refused(bm_svc_register(&ctx, *k, NULL, NULL, NULL, &r), BM_EDENIED,
		                  "SYS-1", "admin_no_business");
		svc_fx_ctx(&ctx, &t_arena, FX()->auditor);
		al_assert_refused(bm_svc_register(&ctx, *k, NULL, NULL, NULL, &r), BM_EDENIED,
		                  "SYS-1", "admin_no_business");
	}
}

/* A register built by hand, for the renderers. */
static bm_register sample(const char **cells, size_t n_rows)
{
	static const bm_register_col cols[] = {
	        {"carrier_id", "编号", "no."},
	        {"title", "标题", "title"},
	        {"level", "密级", "level"},
	};
	bm_register r = {.kind = BM_REGISTER_INCOMING,
	                 .cols = cols,
	                 .n_cols = BM_ARRAY_LEN(cols),
	                 .cells = cells,
	                 .n_rows = n_rows};
	return r;
}

static const char *render(const bm_register *r, bm_register_format f)
{
	bm_buf b;
	const char *out;
	bm_buf_init(&b, 0);
	assert_int_equal(bm_register_render(r, f, &b), 0);
	out = bm_arena_strdup(&t_arena, b.ptr ? b.ptr : "");
	bm_buf_release(&b);
	return out;
}

/* REG-1 (export): CSV is UTF-8 with a BOM, CRLF, RFC 4180 quoting, formulas defused. */
static void reg_1_csv_quoting(void **state)
{
	const char *cells[] = {
	        "1", "含逗号,的标题",  "秘密★10年", "2", "含\"引号\"的标题",  "机密★20年",
	        "3", "第一行\n第二行", NULL,        "4", "=HYPERLINK(\"x\")", "-1",
	        "5", " 前后空格 ",     "+2",        "6", "@SUM(A1),x",        "普通",
	};
	bm_register r = sample(cells, 6);
	(void)state;
	assert_string_equal(render(&r, BM_REGISTER_CSV), "\xEF\xBB\xBF"
	                                                 "编号,标题,密级\r\n"
	                                                 "1,\"含逗号,的标题\",秘密★10年\r\n"
	                                                 "2,\"含\"\"引号\"\"的标题\",机密★20年\r\n"
	                                                 "3,\"第一行\n第二行\",\r\n"
	                                                 "4,\"'=HYPERLINK(\"\"x\"\")\",'-1\r\n"
	                                                 "5,\" 前后空格 \",'+2\r\n"
	                                                 "6,\"'@SUM(A1),x\",普通\r\n");
	/* No rows: the header alone. */
	r = sample(cells, 0);
	assert_string_equal(render(&r, BM_REGISTER_CSV), "\xEF\xBB\xBF编号,标题,密级\r\n");
}

/* REG-1 (export): the JSON shape is stable: keys in order, every column in every row. */
static void reg_1_json_shape(void **state)
{
	const char *cells[] = {"1", "标题\n\"一\"", NULL};
	bm_register r = sample(cells, 1);
	json_t *o, *row;
	json_error_t err;
	const char *text;
	void *it;
	static const char *const top[] = {"register", "book",    "title", "title_en", "from",
	                                  "to",       "columns", "rows",  "count"};
	size_t k = 0;
	(void)state;

	r.from = "2026-11-01";
	text = render(&r, BM_REGISTER_JSON);
	assert_non_null(o = json_loads(text, JSON_PRESERVE_ORDER, &err));
	for (it = json_object_iter(o); it; it = json_object_iter_next(o, it), k++) {
		assert_true(k < BM_ARRAY_LEN(top));
		assert_string_equal(json_object_iter_key(it), top[k]);
	}
	assert_int_equal(k, BM_ARRAY_LEN(top));
	assert_string_equal(json_string_value(json_object_get(o, "register")), "incoming");
	assert_string_equal(json_string_value(json_object_get(o, "book")), "ordinary");
	assert_string_equal(json_string_value(json_object_get(o, "title")),
	                    "收文登记簿（普通文件）");
	assert_string_equal(json_string_value(json_object_get(o, "from")), "2026-11-01");
	assert_true(json_is_null(json_object_get(o, "to")));
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 1);
	assert_int_equal(json_array_size(json_object_get(o, "columns")), 3);
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(json_object_get(o, "columns"), 1), "zh")),
	                    "标题");
	row = json_array_get(json_object_get(o, "rows"), 0);
	assert_int_equal(json_object_size(row), 3);
	assert_string_equal(json_string_value(json_object_get(row, "carrier_id")), "1");
	assert_string_equal(json_string_value(json_object_get(row, "title")), "标题\n\"一\"");
	assert_true(json_is_null(json_object_get(row, "level")));
	json_decref(o);
}

/* REG-1 (print): aligned columns under Chinese headers; a newline never breaks a row. */
static void reg_1_text_aligned(void **state)
{
	const char *cells[] = {"1", "短", "秘密★10年", "22", "较长的标题\n第二行", "机密★20年"};
	bm_register r = sample(cells, 2);
	const char *text, *line;
	size_t lines = 0;
	(void)state;

	r.from = "2026-11-01";
	r.classified = true;
	text = render(&r, BM_REGISTER_TEXT);
	assert_non_null(
	        strstr(text, "收文登记簿（涉密载体） / incoming register (classified items)"));
	assert_non_null(strstr(text, "2026-11-01"));
	assert_non_null(strstr(text, "共 2 条 / 2 rows\n"));
	/* Title line, header, rule, two rows, total: six lines. */
	for (line = text; *line; line++)
		lines += *line == '\n';
	assert_int_equal(lines, 6);
	/* The level column starts at the same display column in the header and each row. */
	assert_non_null(strstr(text, "编号  标题               密级\n"));
	assert_non_null(strstr(text, "1     短                 秘密★10年\n"));
	assert_non_null(strstr(text, "22    较长的标题 第二行  机密★20年\n"));
}

/* The carriers the ledger lists for registration dates from..to, as `who`. */
static bm_carrier_page ledger_between(bm_person *who, const char *from, const char *to)
{
	bm_carrier_filter f = {.level = -1, .status = -1, .kind = -1, .origin = -1};
	bm_carrier_page page = {0};
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	f.registered_from = from;
	f.registered_to = to;
	f.sort = "id";
	f.limit = 1000;
	assert_int_equal(bm_svc_carrier_list(&ctx, &f, &page), 0);
	return page;
}

static bool page_has(const bm_carrier_page *p, int64_t id)
{
	for (size_t i = 0; i < p->count; i++)
		if (p->items[i].id == id)
			return true;
	return false;
}

/*
 * KEEP-6, REG-1, SYS-3: the ledger's date filter, the registers and the
 * audit list count the same local dates. Registered at 07:30 Beijing time
 * on 12-02 (23:30Z on 12-01), the carrier is 12-02's in the 收文登记簿, in
 * the ledger and in the audit list, never 12-01's.
 */
static void keep_6_ledger_and_register_agree_on_local_dates(void **state)
{
	bm_carrier_input in = {.title = "早班收到的通知",
	                       .doc_number = "市保〔2026〕30号",
	                       .producer = "市保密局",
	                       .sender = "市保密局",
	                       .level = "秘密",
	                       .received_on = "2026-12-02",
	                       .place = "科技处保密柜",
	                       .scope = "科技处"};
	bm_carrier *c = NULL;
	bm_carrier_page page;
	bm_register r;
	bm_ctx ctx;
	long row;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ctx.now = al_at("2026-12-01T23:30:00Z");
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), 0);
	assert_string_equal(c->registered_at, "2026-12-01T23:30:00Z");

	r = al_register(&t_arena, FX()->clerk, "incoming", "2026-12-02", "2026-12-02");
	assert_true((row = al_row_of(&r, c->id)) >= 0);
	assert_string_equal(al_cell(&r, row, "registered_at"), "2026-12-02 07:30");
	page = ledger_between(FX()->clerk, "2026-12-02", "2026-12-02");
	assert_true(page_has(&page, c->id));
	assert_int_equal(page.total, (int64_t)r.n_rows);

	r = al_register(&t_arena, FX()->clerk, "incoming", "2026-12-01", "2026-12-01");
	assert_true(al_row_of(&r, c->id) < 0);
	page = ledger_between(FX()->clerk, "2026-12-01", "2026-12-01");
	assert_false(page_has(&page, c->id));
	page = ledger_between(FX()->clerk, NULL, "2026-12-01");
	assert_false(page_has(&page, c->id));
	page = ledger_between(FX()->clerk, "2026-12-02", NULL);
	assert_true(page_has(&page, c->id));

	/* SYS-3: the audit list's from/to are the same local dates. */
	{
		bm_audit_query q = {.action = "carrier.register", .limit = 1000};
		bm_audit_page p;
		bool found = false;
		svc_fx_ctx(&ctx, &t_arena, FX()->auditor);
		q.from = q.to = "2026-12-02";
		assert_int_equal(bm_svc_audit_list(&ctx, &q, &p), 0);
		for (size_t i = 0; i < p.count; i++)
			found |= strcmp(p.items[i].at, "2026-12-01T23:30:00Z") == 0;
		assert_true(found);
		q.from = q.to = "2026-12-01";
		assert_int_equal(bm_svc_audit_list(&ctx, &q, &p), 0);
		for (size_t i = 0; i < p.count; i++)
			assert_string_not_equal(p.items[i].at, "2026-12-01T23:30:00Z");
		q.from = NULL;
		q.to = "2026-02-30";
		assert_int_equal(bm_svc_audit_list(&ctx, &q, &p), BM_EINVALID);
		assert_string_equal(bm_error_last()->code, "invalid_parameter");
	}

	/* A date that does not exist is refused, not compared as text. */
	{
		bm_carrier_filter f = {.level = -1, .status = -1, .kind = -1, .origin = -1};
		bm_carrier_page p = {0};
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		f.registered_from = "2026-02-30";
		f.limit = 10;
		assert_int_equal(bm_svc_carrier_list(&ctx, &f, &p), BM_EINVALID);
		assert_string_equal(bm_error_last()->code, "invalid_filter");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(reg_1_columns_of_each_register, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_incoming_register_row, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_4_separate_books_running_numbers, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_borrow_register_rows, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(carry_2_take_out_register_row, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(copy_1_copy_register_rows, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_1_destroy_register_rows, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_4_dispatch_register_rows, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_date_range_and_bad_input, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_2_registers_respect_visibility, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_csv_quoting, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_json_shape, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_text_aligned, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(keep_6_ledger_and_register_agree_on_local_dates,
	                                        t_setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, wf_group_setup, wf_group_teardown);
}
