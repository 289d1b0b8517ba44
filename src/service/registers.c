/*
 * registers.c — the classic paper registers (登记簿) printed from the data
 * (issue 3 item 6): 收文, 发文, 借阅, 复制, 携带外出, 销毁, and 移交 (KEEP-2,
 * issue 14 point 5: one row per hand-over list, not per carrier). Each has the
 * columns REG-1 names — level, producing authority, sender, title, time,
 * 文号, 份号, pages, copies, who handled it and the signature — plus those
 * of its kind. Rows are about carriers the actor may see (SYS-2).
 *
 * Renderers: aligned text with Chinese headers, CSV for Excel (UTF-8 with a
 * BOM, RFC 4180 quoting, CRLF; cells that a spreadsheet would run as a
 * formula get a leading apostrophe), and JSON.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/ledger_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

const bm_vocab_entry bm_register_names[BM_REGISTER_COUNT] = {
        {"incoming", "收文登记簿", "incoming register"},
        {"dispatch", "发文登记簿", "dispatch register"},
        {"borrow", "借阅登记簿", "borrowing register"},
        {"copy", "复制登记簿", "copying register"},
        {"take-out", "携带外出登记簿", "take-out register"},
        {"destroy", "销毁登记簿", "destruction register"},
        {"handover", "移交登记簿", "hand-over register"},
};

#define COL(k, z, e)                                                                               \
	{                                                                                          \
		k, z, e                                                                            \
	}
/* REG-1, REG-4: the entry's running number in its book (migration 41), beside its record's id. */
#define C_SEQ    COL("seq", "登记序号", "entry no.")
#define C_NUMBER COL("doc_number", "文号", "document number")
#define C_SERIAL COL("serial_number", "份号", "serial copy number")
#define C_TITLE  COL("title", "标题", "title")
#define C_LEVEL  COL("level", "密级", "level")
#define C_PAGES  COL("pages", "页数", "pages")
#define C_COPIES COL("copies", "份数", "copies")

static const bm_register_col incoming_cols[] = {
        C_SEQ,
        COL("carrier_id", "编号", "no."),
        COL("received_on", "收文日期", "received"),
        COL("registered_at", "登记时间", "registered"),
        COL("sender", "来文机关", "sending authority"),
        COL("producer", "制发机关", "producing authority"),
        C_NUMBER,
        C_SERIAL,
        C_TITLE,
        C_LEVEL,
        C_PAGES,
        C_COPIES,
        COL("urgency", "紧急程度", "urgency"),
        COL("custodian", "保管人", "custodian"),
        COL("handler", "经办人", "handled by"),
        COL("signature", "签收", "signature"),
};

static const bm_register_col dispatch_cols[] = {
        C_SEQ,
        COL("dispatch_id", "发文号", "dispatch no."),
        COL("date", "发文日期", "date"),
        COL("carrier_id", "载体编号", "carrier"),
        C_NUMBER,
        C_SERIAL,
        C_TITLE,
        C_LEVEL,
        C_PAGES,
        C_COPIES,
        COL("producer", "制发机关", "producing authority"),
        COL("recipient", "收件单位/人", "recipient"),
        COL("channel", "传递方式", "channel"),
        COL("courier", "递送人", "courier"),
        COL("escorts", "护送人员", "escorts"),
        COL("handler", "经办人", "handled by"),
        COL("signed_by", "签收人", "signed by"),
        COL("signed_at", "签收时间", "signed at"),
};

static const bm_register_col borrow_cols[] = {
        C_SEQ,
        COL("loan_id", "编号", "no."),
        COL("issued_at", "借出时间", "issued"),
        COL("carrier_id", "载体编号", "carrier"),
        C_NUMBER,
        C_SERIAL,
        C_TITLE,
        C_LEVEL,
        C_PAGES,
        COL("borrower", "借阅人", "borrower"),
        COL("kind", "方式", "kind"),
        COL("place", "阅读地点", "place"),
        COL("request_id", "审批单号", "request"),
        COL("handler", "经办人", "handled by"),
        COL("receipt", "签收确认", "receipt confirmed"),
        COL("signature", "借阅人签字", "borrower's signature"),
        COL("due_at", "应还时间", "due"),
        COL("returned_at", "归还时间", "returned"),
        COL("received_by", "接收人", "received by"),
        COL("note", "备注", "note"),
};

static const bm_register_col copy_cols[] = {
        C_SEQ,
        COL("carrier_id", "编号", "no."),
        COL("date", "登记日期", "date"),
        COL("type", "类别", "type"),
        COL("source", "源载体", "source"),
        C_NUMBER,
        C_SERIAL,
        C_TITLE,
        C_LEVEL,
        C_PAGES,
        C_COPIES,
        COL("producer", "制发机关", "producing authority"),
        COL("request_id", "审批单号", "request"),
        COL("originator_approval", "原定密机关批准", "originating authority's approval"),
        COL("copier", "复制设备", "copier"),
        COL("handler", "经办人", "handled by"),
        COL("custodian", "保管人", "custodian"),
};

static const bm_register_col take_out_cols[] = {
        C_SEQ,
        COL("loan_id", "编号", "no."),
        COL("issued_at", "外出时间", "taken out"),
        COL("carrier_id", "载体编号", "carrier"),
        C_NUMBER,
        C_SERIAL,
        C_TITLE,
        C_LEVEL,
        C_PAGES,
        COL("holder", "携带人", "carried by"),
        COL("destination", "前往地点", "destination"),
        COL("purpose", "事由", "purpose"),
        COL("request_id", "审批单号", "request"),
        COL("handler", "经办人", "handled by"),
        COL("receipt", "签收确认", "receipt confirmed"),
        COL("signature", "携带人签字", "signature"),
        COL("due_at", "应带回时间", "due back"),
        COL("returned_at", "带回时间", "returned"),
        COL("received_by", "接收人", "received by"),
        COL("note", "备注", "note"),
};

static const bm_register_col destroy_cols[] = {
        C_SEQ,
        COL("destruction_id", "销毁单号", "destruction no."),
        COL("date", "销毁日期", "date"),
        COL("carrier_id", "载体编号", "carrier"),
        C_NUMBER,
        C_SERIAL,
        C_TITLE,
        C_LEVEL,
        C_PAGES,
        C_COPIES,
        COL("method", "销毁方式", "method"),
        COL("place", "销毁地点", "place"),
        COL("request_id", "审批单号", "request"),
        COL("approvers", "批准人", "approved by"),
        COL("handler", "执行人", "executed by"),
        COL("witnesses", "监销人", "witnesses"),
        COL("witness_receipt", "监销人确认", "witnesses confirmed"),
        COL("witness_signature", "监销人签字", "witnesses' signatures"),
};

/* KEEP-2, REG-1: one row per hand-over list; the 签字 cells are left for the pens. */
static const bm_register_col handover_cols[] = {
        C_SEQ,
        COL("handover_id", "移交单号", "hand-over no."),
        COL("date", "移交时间", "handed over"),
        COL("from", "移交人", "handed over by"),
        COL("to", "接收人", "received by"),
        COL("carriers", "载体数", "carriers"),
        COL("devices", "设备数", "devices"),
        COL("from_receipt", "移交人确认", "handing over side confirmed"),
        COL("to_receipt", "接收人确认", "receiving side confirmed"),
        COL("handler", "监交人", "supervised by (clerk)"),
        COL("from_signature", "移交人签字", "signature (handing over)"),
        COL("to_signature", "接收人签字", "signature (receiving)"),
        COL("note", "备注", "note"),
};

static const struct {
	const bm_register_col *cols;
	size_t n;
} columns[BM_REGISTER_COUNT] = {
        {incoming_cols, BM_ARRAY_LEN(incoming_cols)}, {dispatch_cols, BM_ARRAY_LEN(dispatch_cols)},
        {borrow_cols, BM_ARRAY_LEN(borrow_cols)},     {copy_cols, BM_ARRAY_LEN(copy_cols)},
        {take_out_cols, BM_ARRAY_LEN(take_out_cols)}, {destroy_cols, BM_ARRAY_LEN(destroy_cols)},
        {handover_cols, BM_ARRAY_LEN(handover_cols)},
};

const char *bm_register_title(const bm_register *r, bm_arena *a, bool en)
{
	const bm_vocab_entry *n = &bm_register_names[r->kind];
	if (en)
		return bm_arena_printf(a, "%s (%s)", n->en,
		                       r->classified ? "classified items" : "ordinary items");
	return bm_arena_printf(a, "%s（%s）", n->zh, r->classified ? "涉密载体" : "普通文件");
}

/* ---- building ---- */

typedef struct builder {
	bm_ctx *ctx;
	bm_register *reg;
	size_t cap;       /* rows allocated */
	int32_t from, to; /* BM_DATE_NONE = open */
	/* REG-4: the entries of this book and of the other one, by (ref_id, carrier_id) */
	bm_register_entry_row *mine, *other;
	size_t n_mine, n_other;
	int64_t *seqs; /* per row: its 登记序号, 0 when the entry has none */
} builder;

static bool in_range(const builder *b, int32_t day)
{
	if (day == BM_DATE_NONE)
		return b->from == BM_DATE_NONE && b->to == BM_DATE_NONE;
	return (b->from == BM_DATE_NONE || day >= b->from) &&
	       (b->to == BM_DATE_NONE || day <= b->to);
}

/* A new empty row; NULL when out of memory. */
static const char **new_row(builder *b, int64_t seq)
{
	bm_register *r = b->reg;
	if (r->n_rows == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		const char **cells =
		        bm_arena_alloc(b->ctx->arena, cap * r->n_cols * sizeof(*cells));
		const char **struck = bm_arena_alloc(b->ctx->arena, cap * 3 * sizeof(*struck));
		int64_t *seqs = bm_arena_alloc(b->ctx->arena, cap * sizeof(*seqs));
		if (!cells || !struck || !seqs)
			return NULL;
		if (r->n_rows) {
			memcpy(cells, r->cells, r->n_rows * r->n_cols * sizeof(*cells));
			memcpy(struck, r->struck, r->n_rows * 3 * sizeof(*struck));
			memcpy(seqs, b->seqs, r->n_rows * sizeof(*seqs));
		}
		r->cells = cells;
		r->struck = struck;
		b->seqs = seqs;
		b->cap = cap;
	}
	b->seqs[r->n_rows] = seq;
	return &r->cells[r->n_rows++ * r->n_cols];
}

static const bm_register_entry_row *find_entry(const bm_register_entry_row *e, size_t n,
                                               int64_t ref_id, int64_t carrier_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e[mid].ref_id < ref_id ||
		    (e[mid].ref_id == ref_id && e[mid].carrier_id < carrier_id))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && e[lo].ref_id == ref_id && e[lo].carrier_id == carrier_id ? &e[lo] : NULL;
}

/*
 * REG-4: the row of the entry (ref_id, carrier c) when it belongs to this
 * book, numbered; *row NULL when it is written in the other book. An entry
 * the schema has not numbered goes by the carrier's level now, unnumbered.
 * Returns 0 or BM_ENOMEM, set.
 */
static int add_row(builder *b, int64_t ref_id, const bm_carrier *c, const char ***row)
{
	const bm_register_entry_row *e = find_entry(b->mine, b->n_mine, ref_id, c->id);
	*row = NULL;
	if (!e && (find_entry(b->other, b->n_other, ref_id, c->id) ||
	           bm_level_is_classified(c->level) != b->reg->classified))
		return 0;
	if (!(*row = new_row(b, e ? e->seq : 0)))
		return bm_error_nomem();
	return 0;
}

/* Puts `value` in the column named `key` of `row`. */
static void set(builder *b, const char **row, const char *key, const char *value)
{
	for (size_t i = 0; i < b->reg->n_cols; i++)
		if (strcmp(b->reg->cols[i].key, key) == 0) {
			row[i] = value && *value ? value : NULL;
			return;
		}
}

static const char *num(builder *b, int64_t v)
{
	return v ? bm_arena_printf(b->ctx->arena, "%lld", (long long)v) : NULL;
}

/* The columns every register shares about the carrier (REG-1). */
static void carrier_cells(builder *b, const char **row, const bm_carrier *c)
{
	bm_arena *a = b->ctx->arena;
	set(b, row, "seq", num(b, b->seqs[(size_t)(row - b->reg->cells) / b->reg->n_cols]));
	set(b, row, "carrier_id", num(b, c->id));
	set(b, row, "doc_number", c->doc_number);
	set(b, row, "serial_number", num(b, c->serial_number));
	set(b, row, "title", c->title);
	set(b, row, "level", bm_carrier_marking_text(a, c, false)); /* LEVEL-7/8 */
	if (bm_carrier_original_marking(c, false)) {
		const char **m =
		        &b->reg->struck[(size_t)(row - b->reg->cells) / b->reg->n_cols * 3];
		m[0] = bm_carrier_marking(a, c, false);
		m[1] = bm_carrier_original_marking(c, false);
		m[2] = bm_carrier_marking_note(a, c, false);
	}
	set(b, row, "pages", num(b, c->pages));
	set(b, row, "copies", num(b, c->copies));
	set(b, row, "producer", c->producer);
	set(b, row, "sender", c->sender);
}

/* A visible carrier, or NULL (a hidden or unknown one does not exist for the actor). */
static bm_carrier *carrier(builder *b, int64_t id)
{
	bm_carrier *c;
	if (BM_STORE(b->ctx->store, carrier_get)(b->ctx->store, b->ctx->arena, id, &c) != 0) {
		bm_error_clear();
		return NULL;
	}
	return bm_svc_can_see(b->ctx, c) ? c : NULL;
}

/* A local date-time "YYYY-MM-DD HH:MM" for display (the instant as stored when unparseable). */
static const char *local_time(builder *b, const char *iso)
{
	return bm_ledger_local_time(b->ctx, iso);
}

static int build_incoming(builder *b)
{
	bm_ctx *ctx = b->ctx;
	bm_ledger_query q = {.status = -1, .origin = BM_ORIGIN_INCOMING, .origin2 = -1};
	int64_t *ids;
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, ledger_carrier_ids)(ctx->store, ctx->arena, &q, &ids, &n)) !=
	    0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c = carrier(b, ids[i]);
		const char **row;
		int32_t day;
		if (!c)
			continue;
		day = c->received_on ? bm_ledger_local_date(ctx, c->received_on)
		                     : bm_ledger_local_date(ctx, c->registered_at);
		if (!in_range(b, day))
			continue;
		if ((rc = add_row(b, c->id, c, &row)) != 0)
			return rc;
		if (!row)
			continue;
		carrier_cells(b, row, c);
		set(b, row, "received_on", c->received_on);
		set(b, row, "registered_at", local_time(b, c->registered_at));
		set(b, row, "urgency", bm_urgency_names[c->urgency].zh);
		set(b, row, "custodian", c->custodian_name);
		set(b, row, "handler", bm_ledger_person_name(ctx, c->registered_by));
		/*
		 * REG-1: the handler signs the registration — with a pen on the
		 * printed register; the 签收 cell is left blank for it (issue 14).
		 */
	}
	return 0;
}

/* REG-1, CIRC-5: how a loan's receipt was confirmed, in the register's words. */
static const char *receipt_text(builder *b, const bm_loan_row *l)
{
	const char *how = bm_loan_receipt(l->signature);
	if (strcmp(how, "password") == 0)
		return bm_arena_printf(b->ctx->arena, "本人口令确认 %s",
		                       local_time(b, l->issued_at));
	if (strcmp(how, "paper") == 0)
		return "纸质登记簿手签";
	return "录入姓名（非本人签字）";
}

static const char *escort_text(bm_ctx *ctx, const char *json)
{
	json_t *a = json ? json_loads(json, 0, NULL) : NULL;
	bm_buf buf;
	const char *out = NULL;
	bm_buf_init(&buf, 4096);
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));
		if (s && (bm_buf_puts(&buf, i ? "、" : "") || bm_buf_puts(&buf, s)))
			break;
	}
	if (buf.len)
		out = bm_arena_strdup(ctx->arena, buf.ptr);
	bm_buf_release(&buf);
	json_decref(a);
	return out;
}

static int build_dispatch(builder *b)
{
	bm_ctx *ctx = b->ctx;
	bm_dispatch_row *d;
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, dispatch_list)(ctx->store, ctx->arena, false, &d, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int32_t day = bm_ledger_local_date(ctx, d[i].created_at);
		const char *escorts = escort_text(ctx, d[i].escorts);
		if (!in_range(b, day))
			continue;
		for (size_t k = 0; k < d[i].n_items; k++) {
			bm_carrier *c = carrier(b, d[i].items[k].carrier_id);
			const char **row;
			if (!c)
				continue;
			if ((rc = add_row(b, d[i].id, c, &row)) != 0)
				return rc;
			if (!row)
				continue;
			carrier_cells(b, row, c);
			set(b, row, "dispatch_id", num(b, d[i].id));
			set(b, row, "date", bm_ledger_date_text(ctx, day));
			set(b, row, "recipient", d[i].items[k].recipient);
			set(b, row, "channel", bm_channel_names[d[i].channel].zh);
			set(b, row, "courier", d[i].courier);
			set(b, row, "escorts", escorts);
			set(b, row, "handler", d[i].created_by_name);
			set(b, row, "signed_by",
			    d[i].items[k].signed_by ? d[i].items[k].signed_by : "（未签收）");
			set(b, row, "signed_at", local_time(b, d[i].items[k].signed_at));
		}
	}
	return 0;
}

static int build_loans(builder *b, bool take_out)
{
	bm_ctx *ctx = b->ctx;
	bm_loan_row *l;
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, ledger_loans)(ctx->store, ctx->arena, NULL, false, &l,
	                                             &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bool is_take_out = strcmp(l[i].kind, "take_out") == 0;
		bool is_borrow =
		        strcmp(l[i].kind, "borrow") == 0 || strcmp(l[i].kind, "read_on_site") == 0;
		bm_carrier *c;
		const char **row;
		const char *note;
		if (take_out ? !is_take_out : !is_borrow)
			continue;
		if (!in_range(b, bm_ledger_local_date(ctx, l[i].issued_at)) ||
		    !(c = carrier(b, l[i].carrier_id)))
			continue;
		if ((rc = add_row(b, l[i].id, c, &row)) != 0)
			return rc;
		if (!row)
			continue;
		carrier_cells(b, row, c);
		set(b, row, "loan_id", num(b, l[i].id));
		set(b, row, "issued_at", local_time(b, l[i].issued_at));
		set(b, row, "borrower", l[i].holder_name);
		set(b, row, "holder", l[i].holder_name);
		set(b, row, "kind", strcmp(l[i].kind, "borrow") == 0 ? "借阅" : "查阅");
		set(b, row, "place", l[i].place);
		set(b, row, "destination", l[i].destination);
		set(b, row, "purpose", l[i].purpose);
		set(b, row, "request_id", num(b, l[i].request_id));
		set(b, row, "handler", bm_ledger_person_name(ctx, l[i].issued_by));
		/*
		 * REG-1, CIRC-5: how the holder confirmed; the 签字 cell stays blank
		 * for the pen — a name typed by the clerk is never shown as a signature.
		 */
		set(b, row, "receipt", receipt_text(b, &l[i]));
		set(b, row, "due_at", local_time(b, l[i].due_at));
		set(b, row, "returned_at", local_time(b, l[i].returned_at));
		if (l[i].received_by)
			set(b, row, "received_by", bm_ledger_person_name(ctx, l[i].received_by));
		note = l[i].return_note;
		if (l[i].incomplete)
			note = bm_arena_printf(ctx->arena, "归还不完整%s%s", note ? "：" : "",
			                       note ? note : "");
		set(b, row, "note", note);
	}
	return 0;
}

/* The first history line of a derived carrier names its request and copier (COPY-1/5). */
static void copy_facts(builder *b, const bm_carrier *c, const char **row)
{
	bm_carrier_event *ev;
	size_t n;
	json_t *d;
	if (BM_STORE(b->ctx->store, carrier_event_list)(b->ctx->store, b->ctx->arena, c->id, &ev,
	                                                &n) != 0 ||
	    n == 0) {
		bm_error_clear();
		return;
	}
	if (!(d = json_loads(ev[0].detail ? ev[0].detail : "{}", 0, NULL)))
		return;
	if (json_integer_value(json_object_get(d, "request_id")))
		set(b, row, "request_id",
		    num(b, (int64_t)json_integer_value(json_object_get(d, "request_id"))));
	/* COPY-2: who at the originating authority approved, their document number and date. */
	{
		json_t *a = json_object_get(d, "originator_approval");
		const char *by = json_string_value(json_object_get(a, "by"));
		const char *doc = json_string_value(json_object_get(a, "document"));
		const char *date = json_string_value(json_object_get(a, "date"));
		if (by && doc && date)
			set(b, row, "originator_approval",
			    bm_arena_printf(b->ctx->arena, "%s（%s，%s）", by, doc, date));
	}
	if (json_string_value(json_object_get(d, "copier")))
		set(b, row, "copier",
		    bm_arena_strdup(b->ctx->arena,
		                    json_string_value(json_object_get(d, "copier"))));
	json_decref(d);
}

static int build_copy(builder *b)
{
	bm_ctx *ctx = b->ctx;
	bm_ledger_query q = {.status = -1, .origin = BM_ORIGIN_COPY, .origin2 = BM_ORIGIN_EXTRACT};
	int64_t *ids;
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, ledger_carrier_ids)(ctx->store, ctx->arena, &q, &ids, &n)) !=
	    0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c = carrier(b, ids[i]), *src;
		int64_t src_id;
		const char **row;
		int32_t day;
		if (!c)
			continue;
		day = bm_ledger_local_date(ctx, c->registered_at);
		if (!in_range(b, day))
			continue;
		if ((rc = add_row(b, c->id, c, &row)) != 0)
			return rc;
		if (!row)
			continue;
		carrier_cells(b, row, c);
		src_id = c->origin == BM_ORIGIN_COPY ? c->copy_of : c->extract_of;
		set(b, row, "date", bm_ledger_date_text(ctx, day));
		set(b, row, "type", bm_origin_names[c->origin].zh);
		src = src_id ? carrier(b, src_id) : NULL;
		set(b, row, "source",
		    src ? bm_arena_printf(ctx->arena, "%lld %s", (long long)src->id,
		                          src->doc_number ? src->doc_number : src->title)
		        : num(b, src_id));
		set(b, row, "handler", bm_ledger_person_name(ctx, c->registered_by));
		set(b, row, "custodian", c->custodian_name);
		copy_facts(b, c, row);
	}
	return 0;
}

/* Names of a list of people, joined with 、. */
static const char *names(bm_ctx *ctx, const int64_t *ids, size_t n)
{
	bm_buf buf;
	const char *out = NULL;
	bm_buf_init(&buf, 4096);
	for (size_t i = 0; i < n; i++)
		if (bm_buf_puts(&buf, i ? "、" : "") ||
		    bm_buf_puts(&buf, bm_ledger_person_name(ctx, ids[i])))
			break;
	if (buf.len)
		out = bm_arena_strdup(ctx->arena, buf.ptr);
	bm_buf_release(&buf);
	return out;
}

static const char *approver_names(bm_ctx *ctx, int64_t request_id)
{
	bm_approval_row *ap;
	size_t n, k = 0;
	int64_t *ids;
	if (!request_id || !ctx->store->ops->approval_list ||
	    BM_STORE(ctx->store, approval_list)(ctx->store, ctx->arena, request_id, &ap, &n) != 0) {
		bm_error_clear();
		return NULL;
	}
	if (!(ids = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*ids))))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (ap[i].approved)
			ids[k++] = ap[i].approver_id;
	return names(ctx, ids, k);
}

/*
 * DESTROY-2, REG-1: how each witness confirmed, in the register's words and
 * as the loan registers say it; a batch destroyed before issue 14 had its
 * witnesses named by the clerk: 录入姓名（非本人签字）, never a signature.
 */
static const char *witness_receipt_text(builder *b, const bm_destruction_row *d)
{
	bm_ctx *ctx = b->ctx;
	bm_buf buf;
	const char *out = NULL;
	bm_buf_init(&buf, 512);
	for (size_t i = 0; i < d->n_witnesses; i++) {
		const char *how =
		        bm_loan_receipt(d->witness_signatures ? d->witness_signatures[i] : NULL);
		const char *words = strcmp(how, "password") == 0
		                            ? bm_arena_printf(ctx->arena, "本人口令确认 %s",
		                                              local_time(b, d->executed_at))
		                    : strcmp(how, "paper") == 0 ? "纸质登记簿手签"
		                                                : "录入姓名（非本人签字）";
		if (!words || bm_buf_puts(&buf, i ? "；" : "") ||
		    bm_buf_puts(&buf, bm_ledger_person_name(ctx, d->witness_ids[i])) ||
		    bm_buf_puts(&buf, " ") || bm_buf_puts(&buf, words))
			break;
	}
	if (buf.len)
		out = bm_arena_strdup(ctx->arena, buf.ptr);
	bm_buf_release(&buf);
	return out;
}

static int build_destroy(builder *b)
{
	bm_ctx *ctx = b->ctx;
	bm_destruction_row *d = NULL;
	bm_ledger_query q = {.status = BM_STATUS_DESTROYED, .origin = -1, .origin2 = -1};
	int64_t *ids;
	size_t n = 0, n_ids;
	int rc;
	if (ctx->store->ops->destruction_list &&
	    (rc = BM_STORE(ctx->store, destruction_list)(ctx->store, ctx->arena, &d, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int32_t day = bm_ledger_local_date(ctx, d[i].executed_at);
		const char *approvers, *witnesses, *witness_receipt;
		int method = bm_destroy_method_parse(d[i].method ? d[i].method : "");
		if (!in_range(b, day))
			continue;
		approvers = approver_names(ctx, d[i].request_id);
		witnesses = names(ctx, d[i].witness_ids, d[i].n_witnesses);
		witness_receipt = witness_receipt_text(b, &d[i]);
		for (size_t k = 0; k < d[i].n_carriers; k++) {
			bm_carrier *c = carrier(b, d[i].carrier_ids[k]);
			const char **row;
			if (!c)
				continue;
			if ((rc = add_row(b, c->id, c, &row)) != 0)
				return rc;
			if (!row)
				continue;
			carrier_cells(b, row, c);
			set(b, row, "destruction_id", num(b, d[i].id));
			set(b, row, "date", bm_ledger_date_text(ctx, day));
			set(b, row, "method",
			    method >= 0 ? bm_destroy_method_names[method].zh : d[i].method);
			set(b, row, "place", d[i].place);
			set(b, row, "request_id", num(b, d[i].request_id));
			set(b, row, "approvers", approvers);
			set(b, row, "handler", bm_ledger_person_name(ctx, d[i].executed_by));
			set(b, row, "witnesses", witnesses);
			/*
			 * DESTROY-2, REG-1: how each witness confirmed (their own
			 * password, or by hand on this register); the 监销人签字 cell
			 * is left blank for their pens (issue 14).
			 */
			set(b, row, "witness_receipt", witness_receipt);
		}
	}
	/* DESTROY-4: a carrier destroyed outside a recorded batch still appears. */
	if ((rc = BM_STORE(ctx->store, ledger_carrier_ids)(ctx->store, ctx->arena, &q, &ids,
	                                                   &n_ids)) != 0)
		return rc;
	for (size_t i = 0; i < n_ids; i++) {
		bool listed = false;
		bm_carrier *c;
		const char **row;
		int32_t day;
		for (size_t k = 0; k < n && !listed; k++)
			for (size_t j = 0; j < d[k].n_carriers && !listed; j++)
				listed = d[k].carrier_ids[j] == ids[i];
		if (listed || !(c = carrier(b, ids[i])))
			continue;
		day = bm_ledger_local_date(ctx, c->updated_at);
		if (!in_range(b, day))
			continue;
		if ((rc = add_row(b, c->id, c, &row)) != 0)
			return rc;
		if (!row)
			continue;
		carrier_cells(b, row, c);
		set(b, row, "date", bm_ledger_date_text(ctx, day));
		set(b, row, "method", "（无销毁单）");
	}
	return 0;
}

/*
 * REG-4: is the item (a carrier on the list at `level`, -1 when the list
 * before migration 47 kept no level: the carrier's level now) in this book?
 */
static bool in_book(builder *b, int level, int64_t carrier_id)
{
	if (level < 0) {
		bm_carrier *c;
		if (BM_STORE(b->ctx->store, carrier_get)(b->ctx->store, b->ctx->arena, carrier_id,
		                                         &c) != 0) {
			bm_error_clear();
			return b->reg->classified;
		}
		level = (int)c->level;
	}
	return bm_level_is_classified((bm_level)level) == b->reg->classified;
}

/*
 * KEEP-2, REG-1, REG-4 (issue 14 point 5): every hand-over list written in
 * this book, as kept (migration 47); the counts are this book's items. The
 * reader sees the lists bm_svc_handover_narrow lets them read.
 */
static int build_handover(builder *b)
{
	bm_ctx *ctx = b->ctx;
	bm_handover_row *h = NULL;
	size_t n = 0;
	int rc;
	if ((rc = BM_STORE(ctx->store, handover_list)(ctx->store, ctx->arena, 0, &h, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int64_t seq = b->reg->classified ? h[i].seq_classified : h[i].seq_ordinary;
		int32_t day = bm_ledger_local_date(ctx, h[i].at);
		size_t carriers = 0, devices = 0;
		bm_handover_view v;
		const char **row;
		bool shown;
		if (h[i].unit_id != ctx->unit->id || !seq || !in_range(b, day))
			continue;
		if ((rc = bm_svc_handover_narrow(ctx, &h[i], &v, &shown)) != 0)
			return rc;
		if (!shown)
			continue;
		for (size_t k = 0; k < h[i].n_carriers; k++)
			carriers += in_book(b, h[i].items[k].level, h[i].items[k].carrier_id);
		for (size_t k = 0; k < h[i].n_devices; k++)
			devices += bm_level_is_classified((bm_level)h[i].devices[k].level) ==
			           b->reg->classified;
		if (!(row = new_row(b, seq)))
			return bm_error_nomem();
		set(b, row, "seq", num(b, seq));
		set(b, row, "handover_id", num(b, h[i].id));
		set(b, row, "date", local_time(b, h[i].at));
		set(b, row, "from", v.from_name);
		set(b, row, "to", v.to_name);
		set(b, row, "carriers", bm_arena_printf(ctx->arena, "%zu", carriers));
		set(b, row, "devices", bm_arena_printf(ctx->arena, "%zu", devices));
		set(b, row, "from_receipt",
		    bm_handover_receipt_text(ctx, h[i].from_signature, h[i].at));
		set(b, row, "to_receipt",
		    bm_handover_receipt_text(ctx, h[i].to_signature, h[i].at));
		set(b, row, "handler", v.recorded_by_name);
		set(b, row, "note", h[i].note);
		/* KEEP-2, REG-1: 移交人签字 and 接收人签字 are left blank for the pens. */
	}
	return 0;
}

/* Rows in the order of their numbers; unnumbered ones (none after migration 41) last. */
typedef struct order_key {
	int64_t seq;
	size_t row;
} order_key;

static int order_cmp(const void *x, const void *y)
{
	const order_key *a = x, *b = y;
	if ((a->seq == 0) != (b->seq == 0))
		return a->seq == 0 ? 1 : -1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

static int order_rows(builder *b)
{
	bm_register *r = b->reg;
	order_key *k;
	const char **cells, **struck;
	if (r->n_rows < 2)
		return 0;
	k = bm_arena_alloc(b->ctx->arena, r->n_rows * sizeof(*k));
	cells = bm_arena_alloc(b->ctx->arena, r->n_rows * r->n_cols * sizeof(*cells));
	struck = bm_arena_alloc(b->ctx->arena, r->n_rows * 3 * sizeof(*struck));
	if (!k || !cells || !struck)
		return bm_error_nomem();
	for (size_t i = 0; i < r->n_rows; i++)
		k[i] = (order_key){b->seqs[i], i};
	qsort(k, r->n_rows, sizeof(*k), order_cmp);
	for (size_t i = 0; i < r->n_rows; i++) {
		memcpy(&cells[i * r->n_cols], &r->cells[k[i].row * r->n_cols],
		       r->n_cols * sizeof(*cells));
		memcpy(&struck[i * 3], &r->struck[k[i].row * 3], 3 * sizeof(*struck));
	}
	r->cells = cells;
	r->struck = struck;
	return 0;
}

int bm_svc_register(bm_ctx *ctx, const char *kind, const char *book, const char *from,
                    const char *to, bm_register *out)
{
	bm_register reg = {0};
	builder b = {.ctx = ctx, .reg = &reg};
	json_t *detail = json_object();
	bm_register_query query = {.kind = kind, .from = from, .to = to, .book = book};
	bm_decision dec;
	int rc, k;

	json_object_set_new(detail, "kind", json_string(kind ? kind : ""));
	if (book && *book)
		json_object_set_new(detail, "book", json_string(book));
	if (from)
		json_object_set_new(detail, "from", json_string(from));
	if (to)
		json_object_set_new(detail, "to", json_string(to));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	k = bm_vocab_find(bm_register_names, BM_REGISTER_COUNT, kind ? kind : "");
	if (k < 0 && kind && strcmp(kind, "take_out") == 0)
		k = BM_REGISTER_TAKE_OUT;
	query.kind_known = k >= 0;
	if (!bm_rules_register_query(&dec, &query, &b.from, &b.to, &reg.classified)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	reg.kind = (bm_register_kind)k;
	/* REG-4: this book's entries, and the other's, which this register leaves out. */
	if (k != BM_REGISTER_HANDOVER &&
	    ((rc = BM_STORE(ctx->store, register_entries)(
	              ctx->store, ctx->arena, bm_register_names[k].code,
	              reg.classified ? "classified" : "ordinary", &b.mine, &b.n_mine)) != 0 ||
	     (rc = BM_STORE(ctx->store, register_entries)(
	              ctx->store, ctx->arena, bm_register_names[k].code,
	              reg.classified ? "ordinary" : "classified", &b.other, &b.n_other)) != 0))
		goto done;
	reg.from = from && *from ? from : NULL;
	reg.to = to && *to ? to : NULL;
	reg.cols = columns[k].cols;
	reg.n_cols = columns[k].n;
	switch (reg.kind) {
	case BM_REGISTER_INCOMING: rc = build_incoming(&b); break;
	case BM_REGISTER_DISPATCH: rc = build_dispatch(&b); break;
	case BM_REGISTER_BORROW: rc = build_loans(&b, false); break;
	case BM_REGISTER_COPY: rc = build_copy(&b); break;
	case BM_REGISTER_TAKE_OUT: rc = build_loans(&b, true); break;
	case BM_REGISTER_HANDOVER: rc = build_handover(&b); break;
	default: rc = build_destroy(&b); break;
	}
	if (rc || (rc = order_rows(&b)) != 0)
		goto done;
	json_object_set_new(detail, "book",
	                    json_string(reg.classified ? "classified" : "ordinary"));
	json_object_set_new(detail, "rows", json_integer((json_int_t)reg.n_rows));
	bm_svc_sheet_meta(ctx, bm_register_title(&reg, ctx->arena, false),
	                  reg.from || reg.to ? bm_arena_printf(ctx->arena, "%s 至 %s",
	                                                       reg.from ? reg.from : "…",
	                                                       reg.to ? reg.to : "…")
	                                     : NULL,
	                  &reg.sheet);
	*out = reg;
done:
	return bm_svc_end(ctx, rc, "register.read", "", bm_svc_json(ctx, detail));
}

/* ---- rendering ---- */

/* Display columns of one code point: East Asian wide and fullwidth forms take two. */
static int cp_width(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/* The display width of valid UTF-8 text. */
static size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	while (*p) {
		uint32_t cp;
		int len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		cp = len == 1 ? *p : (uint32_t)(*p & (0xFF >> (len + 1)));
		for (int i = 1; i < len && p[i]; i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		w += (size_t)cp_width(cp);
		for (int i = 0; i < len && *p; i++)
			p++;
	}
	return w;
}

static const char *cell(const bm_register *r, size_t row, size_t col)
{
	const char *v = r->cells[row * r->n_cols + col];
	return v ? v : "";
}

/* A cell in a text row: a line break or tab inside it (a title, a note) would break the row. */
static int pad(bm_buf *out, const char *text, size_t width, bool last)
{
	int rc = 0;
	for (const char *p = text; *p && rc == 0; p++)
		rc = bm_buf_putc(out, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
	if (!last)
		for (size_t w = text_width(text); rc == 0 && w < width + 2; w++)
			rc = bm_buf_putc(out, ' ');
	return rc;
}

static int render_text(const bm_register *r, bm_buf *out)
{
	size_t widths[32] = {0};
	int rc = 0;
	bm_arena a;
	const char *title;

	for (size_t c = 0; c < r->n_cols && c < BM_ARRAY_LEN(widths); c++) {
		widths[c] = text_width(r->cols[c].zh);
		for (size_t i = 0; i < r->n_rows; i++) {
			size_t w = text_width(cell(r, i, c));
			if (w > widths[c])
				widths[c] = w;
		}
	}
	/* Each append fails with the buffer's own error (BM_ENOMEM or BM_ETOOLARGE), set. */
	bm_arena_init(&a, 4096);
	title = bm_arena_printf(&a, "%s / %s", bm_register_title(r, &a, false),
	                        bm_register_title(r, &a, true));
	rc = title ? bm_buf_puts(out, title) : bm_error_nomem();
	bm_arena_release(&a);
	if (rc != 0)
		return rc;
	if ((r->from || r->to) &&
	    (rc = bm_buf_printf(out, "（%s 至 %s / from %s to %s）", r->from ? r->from : "…",
	                        r->to ? r->to : "…", r->from ? r->from : "…",
	                        r->to ? r->to : "…")) != 0)
		return rc;
	if ((rc = bm_buf_puts(out, "\n")) != 0)
		return rc;
	for (size_t c = 0; c < r->n_cols; c++)
		if ((rc = pad(out, r->cols[c].zh, widths[c], c + 1 == r->n_cols)) != 0)
			return rc;
	if ((rc = bm_buf_puts(out, "\n")) != 0)
		return rc;
	for (size_t c = 0; c < r->n_cols; c++) {
		for (size_t w = 0; w < widths[c]; w++)
			if ((rc = bm_buf_putc(out, '-')) != 0)
				return rc;
		if (c + 1 < r->n_cols && (rc = bm_buf_puts(out, "  ")) != 0)
			return rc;
	}
	if ((rc = bm_buf_puts(out, "\n")) != 0)
		return rc;
	for (size_t i = 0; i < r->n_rows; i++) {
		for (size_t c = 0; c < r->n_cols; c++)
			if ((rc = pad(out, cell(r, i, c), widths[c], c + 1 == r->n_cols)) != 0)
				return rc;
		if ((rc = bm_buf_puts(out, "\n")) != 0)
			return rc;
	}
	return bm_buf_printf(out, "共 %zu 条 / %zu rows\n", r->n_rows, r->n_rows);
}

/* CSV and .xlsx: the same rows through one sink (util/xlsx.h). */
static int render_sheet(const bm_register *r, bm_sheet_format format, bm_buf *out)
{
	const char *head[64];
	bm_sheet sheet;
	size_t n = r->n_cols < BM_ARRAY_LEN(head) ? r->n_cols : BM_ARRAY_LEN(head);
	int rc;

	for (size_t c = 0; c < n; c++)
		head[c] = r->cols[c].zh;
	if ((rc = bm_sheet_begin(&sheet, format, &r->sheet, out)) == 0)
		rc = bm_sheet_row(&sheet, head, n);
	for (size_t i = 0; rc == 0 && i < r->n_rows; i++)
		rc = bm_sheet_row(&sheet, r->cells + i * r->n_cols, n);
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	return rc;
}

static int render_json(const bm_register *r, bm_buf *out)
{
	json_t *o = json_object(), *cols = json_array(), *rows = json_array();
	bm_arena a;
	char *text;
	int rc;
	json_object_set_new(o, "register", json_string(bm_register_names[r->kind].code));
	json_object_set_new(o, "book", json_string(r->classified ? "classified" : "ordinary"));
	bm_arena_init(&a, 4096);
	json_object_set_new(o, "title", json_string(bm_register_title(r, &a, false)));
	json_object_set_new(o, "title_en", json_string(bm_register_title(r, &a, true)));
	bm_arena_release(&a);
	json_object_set_new(o, "from", r->from ? json_string(r->from) : json_null());
	json_object_set_new(o, "to", r->to ? json_string(r->to) : json_null());
	for (size_t c = 0; c < r->n_cols; c++) {
		json_t *col = json_object();
		json_object_set_new(col, "key", json_string(r->cols[c].key));
		json_object_set_new(col, "zh", json_string(r->cols[c].zh));
		json_object_set_new(col, "en", json_string(r->cols[c].en));
		json_array_append_new(cols, col);
	}
	json_object_set_new(o, "columns", cols);
	for (size_t i = 0; i < r->n_rows; i++) {
		json_t *row = json_object();
		for (size_t c = 0; c < r->n_cols; c++) {
			const char *v = r->cells[i * r->n_cols + c];
			json_object_set_new(row, r->cols[c].key, v ? json_string(v) : json_null());
		}
		/* LEVEL-7/8: what a printed register strikes out. */
		if (r->struck && r->struck[i * 3 + 1]) {
			json_t *m = json_object();
			json_object_set_new(m, "marking", json_string(r->struck[i * 3]));
			json_object_set_new(m, "original", json_string(r->struck[i * 3 + 1]));
			json_object_set_new(m, "note",
			                    r->struck[i * 3 + 2] ? json_string(r->struck[i * 3 + 2])
			                                         : json_null());
			json_object_set_new(row, "level_struck", m);
		}
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "count", json_integer((json_int_t)r->n_rows));
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text)
		return bm_error_nomem();
	rc = bm_buf_puts(out, text);
	free(text);
	return rc != 0 ? rc : bm_buf_putc(out, '\n');
}

int bm_register_render(const bm_register *r, bm_register_format format, bm_buf *out)
{
	int rc;
	switch (format) {
	case BM_REGISTER_CSV: rc = render_sheet(r, BM_SHEET_CSV, out); break;
	case BM_REGISTER_XLSX: rc = render_sheet(r, BM_SHEET_XLSX, out); break;
	case BM_REGISTER_JSON: rc = render_json(r, out); break;
	default: rc = render_text(r, out); break;
	}
	return rc; /* the buffer's own error: BM_ENOMEM or BM_ETOOLARGE */
}
