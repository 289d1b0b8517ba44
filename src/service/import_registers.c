/*
 * import_registers.c — 导入涉密设备台账 and 涉密人员登记表 (issue 15 point 1):
 * the file read and its header found as for carriers (import.c), each row
 * checked by the register's own row function (bm_device_register_row,
 * bm_person_import_row) in a read snapshot, then, when no row is refused,
 * written by the same functions in one transaction, every step audited
 * with the row's origin. See service.h.
 */
#include "common.h"

#include <stdio.h>

#include "import/ledger.h"
#include "policy/device.h"
#include "service/device.h"
#include "service/people.h"
#include "service/service_int.h"

/* A register's row: its cells checked (`write` false) or written, with its origin. */
typedef int (*row_fn)(bm_ctx *ctx, const bm_import_header *h, const bm_import_line *r,
                      bm_import_row *row, bool write, const bm_import_origin *o, void *state);

/* What the rows share across the file: what earlier rows named (a number, a person). */
typedef struct seen {
	const char **keys;
	size_t *lines;
	size_t n;
} seen;

/* The row that named `key` before, or 0. */
static size_t seen_at(const seen *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return s->lines[i];
	return 0;
}

static void seen_add(seen *s, const char *key, size_t line)
{
	s->keys[s->n] = key;
	s->lines[s->n++] = line;
}

/* Puts the row's number in front of the current error's messages. */
static int name_row(size_t line)
{
	bm_error e;
	char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
	bm_error_save(&e);
	snprintf(zh, sizeof(zh), "第 %zu 行：%.400s", line, e.message);
	snprintf(en, sizeof(en), "row %zu: %.400s", line, e.message_en);
	return bm_error_set_msg(e.klass, e.code, e.rule, zh, en);
}

static int import_register(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                           bm_import_report *out, const bm_import_schema *schema, bm_task task,
                           const char *object, row_fn fn, seen *s)
{
	bm_import_run run;
	const bm_import_line **lines = NULL, *r;
	bm_import_row *row;
	size_t n_lines = 0;
	int rc;

	if (dry_run && (rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_import_open(ctx, file, schema, task, dry_run, out, &run)) != 0)
		goto done;
	if (!(lines = bm_arena_alloc(ctx->arena, (run.sheet.n_rows + 1) * sizeof(*lines))) ||
	    !(s->keys = bm_arena_alloc(ctx->arena, (run.sheet.n_rows + 1) * sizeof(*s->keys))) ||
	    !(s->lines = bm_arena_alloc(ctx->arena, (run.sheet.n_rows + 1) * sizeof(*s->lines)))) {
		rc = bm_error_nomem();
		goto done;
	}
	/* Every row through the register's checks, in one snapshot: each row's fate. */
	if (!dry_run && (rc = bm_svc_begin_read(ctx)) != 0)
		goto done;
	while ((row = bm_import_next(ctx, &run, out, &r)) != NULL) {
		lines[n_lines++] = r;
		if (!row->code && fn(ctx, &run.h, r, row, false, NULL, s) != 0)
			bm_import_refuse_row(ctx, row, row->column);
		else if (!row->code)
			row->ok = true;
	}
	bm_import_count(out);
	if (!dry_run)
		bm_svc_read_end(ctx);
	if (dry_run)
		goto done;
	if (out->n_refused || !out->n_rows) {
		rc = bm_import_refused(out);
		goto done;
	}
	/* All or none: every row again, written, in one transaction. */
	if ((rc = bm_svc_begin(ctx)) != 0)
		goto done;
	s->n = 0;
	for (size_t i = 0; i < n_lines; i++) {
		bm_import_row *w = &out->rows[i];
		bm_import_origin o = {out->file_name, out->sm3, w->sm3, w->line};
		if ((rc = fn(ctx, &run.h, lines[i], w, true, &o, s)) != 0) {
			bm_error saved;
			rc = name_row(w->line);
			bm_error_save(&saved);
			bm_import_refuse_row(ctx, w, w->column);
			bm_import_count(out);
			bm_error_restore(&saved);
			goto done;
		}
	}
	out->imported = true;
done:
	return bm_import_end(
	        ctx, rc,
	        bm_arena_printf(ctx->arena, "%s.%s", object, dry_run ? "import_dry_run" : "import"),
	        out, &run);
}

/* Appends `add` to a note, joined. */
static const char *join(bm_arena *a, const char *have, const char *add)
{
	return have && *have ? bm_arena_printf(a, "%s；%s", have, add) : add;
}

/* ---- devices ---- */

/* One cell of a device's row into `in`; the error set when it cannot be read. */
static int device_cell(bm_ctx *ctx, int field, const bm_import_cell *cell, bm_device_input *in,
                       const char **status)
{
	bm_arena *a = ctx->arena;
	const char *t = bm_import_trim(a, cell->text), *x = NULL, *period = NULL;
	int rc = 0;
	if (!t)
		return bm_error_nomem();
	if (!*t)
		return 0;
	switch (field) {
	case BM_IMPORT_D_NUMBER: in->number = bm_import_clean(a, t); break;
	case BM_IMPORT_D_NAME:
		in->note = join(a, in->note, bm_arena_printf(a, "设备名称：%s", t));
		break;
	case BM_IMPORT_D_KIND: rc = bm_import_device_kind(a, t, &in->kind); break;
	case BM_IMPORT_D_LEVEL:
		if ((rc = bm_import_level(a, t, &in->level, &period)) == 0 && period)
			rc = bm_error_set(BM_EINVALID, "import_level_period", NULL,
			                  "设备的密级不带保密期限：'%.40s'",
			                  "a device's level has no secrecy period: '%.40s'", t);
		break;
	case BM_IMPORT_D_MODEL: in->model = t; break;
	case BM_IMPORT_D_SERIAL: in->serial = bm_import_clean(a, t); break;
	case BM_IMPORT_D_HOLDER: in->holder = t; break;
	case BM_IMPORT_D_OPERATOR: in->operator_ = t; break;
	case BM_IMPORT_D_PLACE: in->place = t; break;
	case BM_IMPORT_D_IN_USE_ON:
		if ((rc = bm_import_date(a, t, cell->number, &x)) == 0)
			in->note = join(a, in->note, bm_arena_printf(a, "启用日期：%s", x));
		break;
	case BM_IMPORT_D_PASSWORD_ON:
		rc = bm_import_date(a, t, cell->number, &in->password_changed_on);
		break;
	case BM_IMPORT_D_ENCRYPTED: rc = bm_import_yes_no(a, t, &in->encrypted); break;
	case BM_IMPORT_D_STATUS: *status = bm_import_clean(a, t); break;
	case BM_IMPORT_D_NOTE: in->note = join(a, in->note, t); break;
	default: break;
	}
	return rc;
}

static int device_row(bm_ctx *ctx, const bm_import_header *h, const bm_import_line *r,
                      bm_import_row *row, bool write, const bm_import_origin *o, void *state)
{
	seen *s = state;
	bm_device_input in;
	bm_device *d = NULL;
	const char *status = NULL;
	bm_decision dec;
	json_t *audit;
	size_t before;
	int rc;

	memset(&in, 0, sizeof(in));
	for (size_t c = 0; c < h->n_cols && c < r->n; c++)
		if (h->field[c] > BM_IMPORT_IGNORE &&
		    device_cell(ctx, h->field[c], &r->cells[c], &in, &status) != 0) {
			row->column = h->heading[c];
			return bm_error_last()->klass;
		}
	if (!bm_rules_import_device_status(&dec, status))
		return bm_decision_error(&dec);
	/* DEV-1: one number, one device, in the file too. */
	if (in.number && (before = seen_at(s, in.number)) != 0 &&
	    !bm_rules_device_number_free(&dec, in.number,
	                                 bm_arena_printf(ctx->arena, "%zu", before)))
		return bm_decision_error(&dec);
	audit = json_object();
	json_object_set_new(audit, "number", json_string(in.number ? in.number : ""));
	json_object_set_new(audit, "kind", json_string(in.kind ? in.kind : ""));
	if ((rc = bm_device_register_row(ctx, &in, write, audit, &d)) != 0) {
		json_decref(audit);
		return rc;
	}
	seen_add(s, d->number, row->line);
	row->summary = bm_arena_printf(ctx->arena, "%s · %s · %s · 责任人 %s", d->number,
	                               bm_device_kind_names[d->kind].zh,
	                               bm_level_names[d->level].zh, d->holder_name);
	row->summary_en = bm_arena_printf(ctx->arena, "%s · %s · %s · held by %s", d->number,
	                                  bm_device_kind_names[d->kind].en,
	                                  bm_level_names[d->level].code, d->holder_name);
	if (!write) {
		json_decref(audit);
		return 0;
	}
	row->id = d->id;
	/* SYS-3: the registration's event, as a single one writes it, with the row's origin. */
	return bm_svc_import_event(ctx, "device.register",
	                           bm_arena_printf(ctx->arena, "device:%lld", (long long)d->id),
	                           audit, o);
}

int bm_svc_import_devices(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                          bm_import_report *out)
{
	seen s = {NULL, NULL, 0};
	return import_register(ctx, file, dry_run, out, &bm_import_devices_schema, BM_TASK_DEVICE,
	                       "device", device_row, &s);
}

/* ---- people ---- */

static int person_cell(bm_ctx *ctx, int field, const bm_import_cell *cell,
                       bm_person_import_input *in)
{
	bm_arena *a = ctx->arena;
	const char *t = bm_import_trim(a, cell->text);
	int rc = 0;
	if (!t)
		return bm_error_nomem();
	if (!*t)
		return 0;
	switch (field) {
	case BM_IMPORT_P_NAME: in->name = t; break;
	case BM_IMPORT_P_USERNAME: in->username = bm_import_clean(a, t); break;
	case BM_IMPORT_P_DEPARTMENT: in->department = t; break;
	case BM_IMPORT_P_POST: in->post = t; break;
	case BM_IMPORT_P_CLASS: in->class_code = bm_import_person_class(a, t); break;
	case BM_IMPORT_P_VETTED_ON: rc = bm_import_date(a, t, cell->number, &in->vetted_on); break;
	case BM_IMPORT_P_VETTING: rc = bm_import_vetting(a, t, &in->vetting); break;
	case BM_IMPORT_P_COMMITMENT_ON:
		rc = bm_import_date(a, t, cell->number, &in->commitment_on);
		break;
	case BM_IMPORT_P_CLEARED_ON:
		rc = bm_import_date(a, t, cell->number, &in->cleared_on);
		break;
	case BM_IMPORT_P_STATEMENT_ON:
		rc = bm_import_date(a, t, cell->number, &in->statement_on);
		break;
	case BM_IMPORT_P_NOTE: in->note = join(a, in->note, t); break;
	default: break;
	}
	return rc;
}

/* The heading of the first column filling `field`, or NULL. */
static const char *heading_of(const bm_import_header *h, int field)
{
	for (size_t c = 0; c < h->n_cols; c++)
		if (h->field[c] == field)
			return h->heading[c];
	return NULL;
}

static int person_row(bm_ctx *ctx, const bm_import_header *h, const bm_import_line *r,
                      bm_import_row *row, bool write, const bm_import_origin *o, void *state)
{
	seen *s = state;
	bm_person_import_input in;
	bm_person *p = NULL;
	size_t before;
	int rc;

	memset(&in, 0, sizeof(in));
	for (size_t c = 0; c < h->n_cols && c < r->n; c++)
		if (h->field[c] > BM_IMPORT_IGNORE &&
		    person_cell(ctx, h->field[c], &r->cells[c], &in) != 0) {
			row->column = h->heading[c];
			return bm_error_last()->klass;
		}
	/* A vetting is a date and its result: neither is guessed from the other. */
	if (in.vetted_on && !in.vetting) {
		row->column = heading_of(h, BM_IMPORT_P_VETTED_ON);
		return bm_error_set(
		        BM_EINVALID, "import_vetting", NULL,
		        "有审查日期却没有审查结论（通过/不通过）：请加“审查结论”列",
		        "a vetting date without its result (pass or fail): add a vetting result "
		        "column");
	}
	if (in.vetting && !in.vetted_on) {
		row->column = heading_of(h, BM_IMPORT_P_VETTING);
		return bm_error_set(BM_EINVALID, "import_vetting", NULL,
		                    "有审查结论却没有审查日期：请填写“审查日期”",
		                    "a vetting result without its date: fill in the vetting date");
	}
	if ((rc = bm_person_import_row(ctx, &in, write, o, &p, &row->summary, &row->summary_en)) !=
	    0)
		return rc;
	/* One row per person: a second row would be checked against the first's facts unwritten. */
	if ((before = seen_at(s, p->username ? p->username : p->name)) != 0)
		return bm_error_set(BM_EINVALID, "import_duplicate_person", NULL,
		                    "“%s”已在文件第 %zu 行",
		                    "'%s' is already in row %zu of the file", p->name, before);
	seen_add(s, p->username ? p->username : p->name, row->line);
	if (write)
		row->id = p->id;
	return 0;
}

int bm_svc_import_people(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                         bm_import_report *out)
{
	seen s = {NULL, NULL, 0};
	return import_register(ctx, file, dry_run, out, &bm_import_people_schema, BM_TASK_PEOPLE,
	                       "person", person_row, &s);
}
