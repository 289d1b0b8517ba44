/*
 * import.c — 导入: a unit's existing register (收文登记簿 in CSV, .xls or
 * .xlsx) into the ledger (issue 15 point 1). The file is read and its
 * cells cleaned by the import layer (import/sheet.h, import/ledger.h);
 * every row then goes through the registration's own checks, and a real
 * run registers them through the bulk path (carrier_bulk.c) in one
 * transaction. The steps every register's import shares (the file read,
 * its header, each row's hash, the dry run's event) are here too
 * (bm_import_open …, service_int.h); import_registers.c imports people
 * and devices with them.
 */
#include "common.h"

#include <stdio.h>

#include "audit/audit.h"
#include "import/ledger.h"
#include "import/sheet.h"
#include "policy/keep.h"
#include "service/service_int.h"

void bm_import_refuse_row(bm_ctx *ctx, bm_import_row *row, const char *column)
{
	const bm_error *e = bm_error_last();
	row->ok = false;
	row->klass = e->klass;
	row->column = column;
	row->code = bm_arena_strdup(ctx->arena, e->code);
	row->rule = e->rule[0] ? bm_arena_strdup(ctx->arena, e->rule) : NULL;
	row->message = bm_arena_strdup(ctx->arena, e->message);
	row->message_en = bm_arena_strdup(ctx->arena, e->message_en);
	bm_error_clear();
}

bool bm_import_blank_row(bm_arena *a, const bm_import_line *r)
{
	for (size_t c = 0; c < r->n; c++)
		if (*bm_import_trim(a, bm_import_cell_text(r, c)))
			return false;
	return true;
}

/* Appends `add` to a list field, joined by `sep`. */
static const char *join(bm_arena *a, const char *have, const char *add, const char *sep)
{
	return have && *have ? bm_arena_printf(a, "%s%s%s", have, sep, add) : add;
}

/* 张三、李四 → 张三,李四: a scope's names as the registration splits them. */
static const char *scope_names(bm_arena *a, const char *t)
{
	bm_buf b;
	const char *out;
	bm_buf_init(&b, 0);
	for (const char *p = t; *p; p++) {
		if (strncmp(p, "、", 3) == 0) {
			bm_buf_putc(&b, ',');
			p += 2;
		} else {
			bm_buf_putc(&b, *p);
		}
	}
	out = bm_arena_strndup(a, b.ptr ? b.ptr : "", b.len);
	bm_buf_release(&b);
	return out;
}

/* One cell into its field of `in`; the error set when the cell cannot be read. */
static int take_cell(bm_arena *a, int field, const bm_import_cell *cell, bm_carrier_input *in,
                     const char **level_period)
{
	const char *t = bm_import_trim(a, cell->text), *x = NULL, *y = NULL;
	int rc = 0;
	if (!t)
		return bm_error_nomem();
	if (!*t)
		return 0;
	switch (field) {
	case BM_IMPORT_RECEIVED_ON:
		rc = bm_import_date(a, t, cell->number, &in->received_on);
		break;
	case BM_IMPORT_SENDER: in->sender = t; break;
	case BM_IMPORT_DOC_NUMBER: in->doc_number = bm_import_doc_number(a, t); break;
	case BM_IMPORT_TITLE: in->title = t; break;
	case BM_IMPORT_LEVEL: rc = bm_import_level(a, t, &in->level, level_period); break;
	case BM_IMPORT_COPIES: rc = bm_import_number(a, t, &in->copies); break;
	case BM_IMPORT_SERIAL: rc = bm_import_number(a, t, &in->serial_number); break;
	case BM_IMPORT_PAGES: rc = bm_import_number(a, t, &in->pages); break;
	case BM_IMPORT_COPIES_SERIAL:
		if ((rc = bm_import_copies_serial(a, t, &x, &y)) == 0) {
			in->copies = x;
			in->serial_number = y;
		}
		break;
	case BM_IMPORT_PERIOD: rc = bm_import_period(a, t, &in->period); break;
	case BM_IMPORT_SCOPE: in->scope = join(a, in->scope, scope_names(a, t), ","); break;
	case BM_IMPORT_NOTE: in->note = join(a, in->note, t, "；"); break;
	case BM_IMPORT_CUSTODIAN: in->custodian = t; break;
	case BM_IMPORT_PLACE: in->place = t; break;
	case BM_IMPORT_KIND: in->kind = t; break;
	case BM_IMPORT_URGENCY: in->urgency = t; break;
	case BM_IMPORT_DEPARTMENT: in->department = t; break;
	case BM_IMPORT_PRODUCER: in->producer = t; break;
	default: break;
	}
	return rc;
}

/* A row's cells as a registration's input; false (the row refused) when a cell cannot be read. */
static bool row_input(bm_ctx *ctx, const bm_import_header *h, const bm_import_line *r,
                      bm_carrier_input *in, bm_import_row *out)
{
	const char *level_period = NULL, *period_heading = NULL, *level_heading = NULL;
	memset(in, 0, sizeof(*in));
	for (size_t c = 0; c < h->n_cols && c < r->n; c++) {
		int f = h->field[c];
		if (f <= BM_IMPORT_IGNORE)
			continue;
		if (take_cell(ctx->arena, f, &r->cells[c], in, &level_period) != 0) {
			bm_import_refuse_row(ctx, out, h->heading[c]);
			return false;
		}
		if (f == BM_IMPORT_PERIOD)
			period_heading = h->heading[c];
		if (f == BM_IMPORT_LEVEL)
			level_heading = h->heading[c];
	}
	/* 机密★10年: the period written with the level, unless the 保密期限 column says otherwise.
	 */
	if (level_period) {
		if (in->period && *in->period && strcmp(in->period, level_period) != 0) {
			bm_error_set(BM_EINVALID, "import_period_conflict", NULL,
			             "密级中的期限 '%s' 与保密期限列的 '%s' 不一致",
			             "the period with the level '%s' differs from the period "
			             "column's '%s'",
			             level_period, in->period);
			bm_import_refuse_row(ctx, out,
			                     period_heading ? period_heading : level_heading);
			return false;
		}
		in->period = level_period;
	}
	out->title = in->title;
	out->level = in->level;
	out->doc_number = in->doc_number;
	out->received_on = in->received_on;
	return true;
}

/* SM3 of `len` bytes, hex (the audit chain's digest). */
static int sm3_hex(bm_ctx *ctx, const void *data, size_t len, const char **out)
{
	char hex[BM_AUDIT_HASH_HEX + 1];
	bm_audit_digest *d = bm_audit_digest_new();
	int rc;
	if (!d)
		return bm_error_last()->klass ? bm_error_last()->klass : BM_ENOMEM;
	if ((rc = bm_audit_digest_update(d, data, len)) != 0) {
		bm_audit_digest_free(d);
		return rc;
	}
	if ((rc = bm_audit_digest_final(d, hex)) != 0)
		return rc;
	return (*out = bm_arena_strdup(ctx->arena, hex)) ? 0 : bm_error_nomem();
}

/* The header's columns as the report gives them. */
static int report_columns(bm_ctx *ctx, const bm_import_header *h, bm_import_report *out)
{
	if (!(out->columns = bm_arena_alloc(ctx->arena, (h->n_cols + 1) * sizeof(*out->columns))))
		return bm_error_nomem();
	for (size_t c = 0; c < h->n_cols; c++) {
		bm_import_column *col = &out->columns[out->n_columns];
		if (!*h->heading[c] && h->field[c] < 0)
			continue;
		memset(col, 0, sizeof(*col));
		col->heading = *h->heading[c] ? h->heading[c]
		                              : bm_arena_printf(ctx->arena, "#%s",
		                                                bm_import_col_name(ctx->arena, c));
		if (h->field[c] > BM_IMPORT_IGNORE) {
			col->field = h->schema->fields[h->field[c]].code;
			col->field_zh = h->schema->fields[h->field[c]].zh;
			col->field_en = h->schema->fields[h->field[c]].en;
		}
		out->n_columns++;
	}
	return 0;
}

int bm_import_open(bm_ctx *ctx, const bm_import_file *file, const bm_import_schema *schema,
                   bm_task task, bool dry_run, bm_import_report *out, bm_import_run *run)
{
	int rc;
	memset(out, 0, sizeof(*out));
	memset(run, 0, sizeof(*run));
	out->kind = schema->kind;
	out->file_name = file->name && *file->name ? file->name : "-";
	out->dry_run = dry_run;
	run->detail = json_object();
	json_object_set_new(run->detail, "file", json_string(out->file_name));
	if (dry_run)
		json_object_set_new(run->detail, "dry_run", json_true());
	/* The register's keeper (KEEP-5, DEV-1, PERSON-2); then the file is read. */
	if ((rc = bm_svc_require_task(ctx, task)) != 0 ||
	    (rc = sm3_hex(ctx, file->data, file->len, &out->sm3)) != 0)
		return rc;
	json_object_set_new(run->detail, "sm3", json_string(out->sm3));
	if ((rc = bm_import_sheet_read(ctx->arena, file->data, file->len, &run->sheet)) != 0)
		return rc;
	out->format = run->sheet.format;
	json_object_set_new(run->detail, "format", json_string(out->format));
	if ((rc = bm_import_header_find(ctx->arena, &run->sheet, schema, file->map, &run->h)) !=
	            0 ||
	    (rc = report_columns(ctx, &run->h, out)) != 0)
		return rc;
	out->header_first = run->sheet.rows[run->h.first_row].line;
	out->header_last = run->sheet.rows[run->h.last_row].line;
	if (!(out->rows = bm_arena_alloc(ctx->arena, (run->sheet.n_rows + 1) * sizeof(*out->rows))))
		return bm_error_nomem();
	run->next = run->h.last_row + 1;
	return 0;
}

bm_import_row *bm_import_next(bm_ctx *ctx, bm_import_run *run, bm_import_report *out,
                              const bm_import_line **line)
{
	while (run->next < run->sheet.n_rows) {
		const bm_import_line *r = &run->sheet.rows[run->next++];
		bm_import_row *row = &out->rows[out->n_rows];
		const char *text;
		if (bm_import_blank_row(ctx->arena, r))
			continue;
		memset(row, 0, sizeof(*row));
		row->line = r->line;
		out->n_rows++;
		*line = r;
		if (!(text = bm_import_row_text(ctx->arena, &run->h, r)) ||
		    sm3_hex(ctx, text, strlen(text), &row->sm3) != 0 ||
		    bm_import_merge_check(ctx->arena, &run->sheet, &run->h, r->line) != 0)
			bm_import_refuse_row(ctx, row, NULL);
		return row;
	}
	return NULL;
}

void bm_import_count(bm_import_report *out)
{
	out->n_ok = out->n_refused = 0;
	for (size_t i = 0; i < out->n_rows; i++)
		out->rows[i].ok ? out->n_ok++ : out->n_refused++;
}

int bm_import_end(bm_ctx *ctx, int rc, const char *action, bm_import_report *out,
                  bm_import_run *run)
{
	json_t *d = run->detail;
	run->detail = NULL;
	if (!d)
		d = json_object();
	if (out->format) {
		json_object_set_new(d, "rows", json_integer((json_int_t)out->n_rows));
		json_object_set_new(d, "ok", json_integer((json_int_t)out->n_ok));
		json_object_set_new(d, "refused", json_integer((json_int_t)out->n_refused));
	}
	return bm_svc_end(ctx, rc, action, "", bm_svc_json(ctx, d));
}

/* The serial number (份号) once per document number, in the ledger and in the file (KEEP-1). */
static int serial_free(bm_ctx *ctx, const bm_carrier *c, const bm_carrier *earlier, size_t n)
{
	bool taken = false;
	bm_decision d;
	int rc;
	if (!c->doc_number || !c->serial_number)
		return 0;
	for (size_t k = 0; k < n && !taken; k++)
		taken = earlier[k].doc_number && earlier[k].serial_number == c->serial_number &&
		        strcmp(earlier[k].doc_number, c->doc_number) == 0;
	if (!taken &&
	    (rc = BM_STORE(ctx->store, carrier_serial_taken)(ctx->store, c->unit_id, c->doc_number,
	                                                     c->serial_number, &taken)) != 0)
		return rc;
	if (!bm_rules_serial_unique(&d, false, c->doc_number, c->serial_number, taken))
		return bm_decision_error(&d);
	return 0;
}

/*
 * Every row through the registration's checks, in the caller's read
 * snapshot: the rows refused say why. `ins`, `lines`, `sums` get the rows
 * that pass, `*n_in` their number.
 */
static int check_rows(bm_ctx *ctx, bm_import_run *run, bm_import_report *out, bm_carrier_input *ins,
                      size_t *lines, const char **sums, size_t *n_in)
{
	bm_carrier *checked;
	size_t n_checked = 0;
	const bm_import_line *r;
	bm_import_row *row;

	*n_in = 0;
	if (!(checked = bm_arena_alloc(ctx->arena, (run->sheet.n_rows + 1) * sizeof(*checked))))
		return bm_error_nomem();
	while ((row = bm_import_next(ctx, run, out, &r)) != NULL) {
		bm_carrier_input *in = &ins[*n_in];
		bm_carrier *c = &checked[n_checked];
		if (row->code || !row_input(ctx, &run->h, r, in, row))
			continue;
		if (bm_carrier_check(c, ctx, in, false) != 0 ||
		    bm_carrier_resolve(c, ctx, in) != 0 ||
		    serial_free(ctx, c, checked, n_checked) != 0) {
			bm_import_refuse_row(ctx, row, NULL);
			continue;
		}
		row->ok = true;
		sums[*n_in] = row->sm3;
		lines[(*n_in)++] = r->line;
		n_checked++;
	}
	bm_import_count(out);
	return 0;
}

int bm_import_refused(const bm_import_report *r)
{
	const bm_import_row *first = NULL;
	char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
	for (size_t i = 0; i < r->n_rows && !first; i++)
		if (!r->rows[i].ok)
			first = &r->rows[i];
	if (!first)
		return bm_error_set(BM_EINVALID, "import_empty", NULL, "文件中没有可导入的行",
		                    "the file has no row to import");
	snprintf(zh, sizeof(zh), "未导入任何一行：%zu 行被拒绝；第 %zu 行%s%s%s：%.300s",
	         r->n_refused, first->line, first->column ? "“" : "",
	         first->column ? first->column : "", first->column ? "”列" : "", first->message);
	snprintf(en, sizeof(en), "nothing imported: %zu rows refused; row %zu%s%s%s: %.300s",
	         r->n_refused, first->line, first->column ? " column '" : "",
	         first->column ? first->column : "", first->column ? "'" : "", first->message_en);
	return bm_error_set_msg(first->klass, first->code, first->rule, zh, en);
}

int bm_svc_import_carriers(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                           bm_import_report *out)
{
	bm_import_run run;
	bm_carrier_input *ins = NULL;
	size_t *lines = NULL, n_in = 0, n_rows;
	const char **sums = NULL;
	int64_t *ids = NULL;
	int rc;

	/* A dry run is a read: one snapshot, one event (SYS-3), whatever its result. */
	if (dry_run && (rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_import_open(ctx, file, &bm_import_carriers_schema, BM_TASK_REGISTER, dry_run,
	                         out, &run)) != 0)
		goto done;
	n_rows = run.sheet.n_rows + 1;
	if (!(ins = bm_arena_alloc(ctx->arena, n_rows * sizeof(*ins))) ||
	    !(lines = bm_arena_alloc(ctx->arena, n_rows * sizeof(*lines))) ||
	    !(sums = bm_arena_alloc(ctx->arena, n_rows * sizeof(*sums))) ||
	    !(ids = bm_arena_alloc(ctx->arena, n_rows * sizeof(*ids)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if (dry_run) {
		rc = check_rows(ctx, &run, out, ins, lines, sums, &n_in);
		goto done;
	}
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		goto done;
	rc = check_rows(ctx, &run, out, ins, lines, sums, &n_in);
	bm_svc_read_end(ctx);
	if (rc != 0)
		goto done;
	if (out->n_refused || !out->n_rows) {
		rc = bm_import_refused(out);
		goto done;
	}
	json_decref(run.detail);
	{
		bm_import_source src = {out->file_name, out->format, out->sm3, lines, sums};
		size_t failed = 0;
		if ((rc = bm_carrier_bulk(ctx, ins, n_in, &src, ids, &failed)) != 0) {
			/* Refused at the write after all (the ledger changed meanwhile). */
			for (size_t i = 0; i < out->n_rows; i++)
				if (out->rows[i].line == lines[failed]) {
					bm_error saved;
					bm_error_save(&saved);
					bm_import_refuse_row(ctx, &out->rows[i], NULL);
					out->n_ok--;
					out->n_refused++;
					bm_error_restore(&saved);
				}
			return rc;
		}
	}
	for (size_t i = 0, k = 0; i < out->n_rows; i++)
		if (out->rows[i].ok)
			out->rows[i].id = ids[k++];
	out->imported = true;
	return 0;
done:
	return bm_import_end(ctx, rc, dry_run ? "carrier.import_dry_run" : "carrier.import", out,
	                     &run);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *bm_import_report_json(const bm_import_report *r)
{
	json_t *o = json_object(), *cols = json_array(), *rows = json_array();
	json_object_set_new(o, "kind", str_or_null(r->kind));
	json_object_set_new(o, "file", json_string(r->file_name ? r->file_name : ""));
	json_object_set_new(o, "format", str_or_null(r->format));
	json_object_set_new(o, "sm3", str_or_null(r->sm3));
	json_object_set_new(o, "dry_run", json_boolean(r->dry_run));
	json_object_set_new(o, "imported", json_boolean(r->imported));
	json_object_set_new(o, "total", json_integer((json_int_t)r->n_rows));
	json_object_set_new(o, "ok", json_integer((json_int_t)r->n_ok));
	json_object_set_new(o, "refused", json_integer((json_int_t)r->n_refused));
	if (r->header_first) {
		json_t *hr = json_array();
		json_array_append_new(hr, json_integer((json_int_t)r->header_first));
		json_array_append_new(hr, json_integer((json_int_t)r->header_last));
		json_object_set_new(o, "header_rows", hr);
	}
	for (size_t i = 0; i < r->n_columns; i++) {
		const bm_import_column *c = &r->columns[i];
		json_t *col = json_object();
		json_object_set_new(col, "heading", json_string(c->heading));
		json_object_set_new(col, "field", str_or_null(c->field));
		json_object_set_new(col, "field_zh", str_or_null(c->field_zh));
		json_object_set_new(col, "field_en", str_or_null(c->field_en));
		json_array_append_new(cols, col);
	}
	json_object_set_new(o, "columns", cols);
	for (size_t i = 0; i < r->n_rows; i++) {
		const bm_import_row *w = &r->rows[i];
		json_t *row = json_object();
		json_object_set_new(row, "row", json_integer((json_int_t)w->line));
		json_object_set_new(row, "ok", json_boolean(w->ok));
		json_object_set_new(row, "sm3", str_or_null(w->sm3));
		if (r->kind && strcmp(r->kind, "carriers") == 0) {
			json_object_set_new(row, "title", str_or_null(w->title));
			json_object_set_new(row, "level", str_or_null(w->level));
			json_object_set_new(row, "doc_number", str_or_null(w->doc_number));
			json_object_set_new(row, "received_on", str_or_null(w->received_on));
		} else {
			json_object_set_new(row, "summary", str_or_null(w->summary));
			json_object_set_new(row, "summary_en", str_or_null(w->summary_en));
		}
		if (w->id)
			json_object_set_new(row, "id", json_integer(w->id));
		if (!w->ok) {
			json_t *e = json_object();
			json_object_set_new(e, "code", str_or_null(w->code));
			json_object_set_new(e, "rule", str_or_null(w->rule));
			json_object_set_new(e, "message", str_or_null(w->message));
			json_object_set_new(e, "message_en", str_or_null(w->message_en));
			json_object_set_new(row, "column", str_or_null(w->column));
			json_object_set_new(row, "error", e);
		}
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);
	return o;
}
