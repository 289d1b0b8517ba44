/*
 * h_audit.c — the audit chain for the audit administrator (SYS-1, SYS-3):
 * events (paged), verify, export as JSON lines, signed checkpoints.
 */
#include "common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "http/http_int.h"
#include "util/buf.h"
#include "util/timeutil.h"

static int bad_param(const char *name, const char *value)
{
	return bm_error_set(BM_EINVALID, "invalid_parameter", NULL, "参数 %s 的值无效：'%s'",
	                    "invalid value for parameter %s: '%s'", name, value);
}

static int whole(const char *name, const char *value, long min, long max, int *out)
{
	char *end;
	long v;
	if (!value || !*value)
		return 0;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || *end || v < min || v > max)
		return bad_param(name, value);
	*out = (int)v;
	return 0;
}

/* An event with its words: the action, object and detail as an auditor reads them. */
static json_t *row_words_json(const bm_audit_row *row, const bm_audit_words *w)
{
	json_t *o = bm_audit_row_to_json(row), *v;
	json_object_set_new(o, "kind", json_string(w->read ? "read" : "business"));
	json_object_set_new(o, "actor_name", json_string(w->actor_name ? w->actor_name : ""));
	v = json_object();
	json_object_set_new(v, "code", json_string(row->action ? row->action : ""));
	json_object_set_new(v, "zh", json_string(w->action_zh));
	json_object_set_new(v, "en", json_string(w->action_en));
	json_object_set_new(o, "action_name", v);
	v = json_object();
	json_object_set_new(v, "zh", json_string(w->object_zh));
	json_object_set_new(v, "en", json_string(w->object_en));
	json_object_set_new(o, "object_name", v);
	v = json_object();
	json_object_set_new(v, "zh", json_string(w->summary_zh ? w->summary_zh : ""));
	json_object_set_new(v, "en", json_string(w->summary_en ? w->summary_en : ""));
	json_object_set_new(o, "summary", v);
	return o;
}

/*
 * The filtered list as CSV or xlsx (issue 14 point 12): read LIST_ROWS
 * events at a time, each piece in a read snapshot of its own, as for the
 * chain's export below. CSV streams piece by piece; the workbook is written
 * row by row to a temporary file (constant memory), then sent from it.
 */
/*
 * The streamed answers below keep the piece read last and how much of it was
 * sent: piece_send copies the next bytes of it into libmicrohttpd's buffer.
 */
static long piece_send(const bm_buf *piece, size_t *sent, char *buf, size_t max)
{
	size_t n = piece->len - *sent;
	if (n > max)
		n = max;
	memcpy(buf, piece->ptr + *sent, n);
	*sent += n;
	return (long)n;
}

/* A stream that fails after its status line: logged, and the connection broken
 * (-1) so that the client sees the file incomplete. */
static long broken_off(const char *what, int64_t after)
{
	char msg[512];
	fprintf(stderr, "%s broken off after seq %" PRId64 ": %s\n", what, after,
	        bm_http_log_text(msg, sizeof(msg), bm_error_last()->message_en));
	return -1;
}

#define LIST_ROWS 512

typedef struct list_stream {
	bm_audit_list_cursor cur;
	bm_sheet sheet;
	bm_buf piece;
	size_t sent;
	int fd; /* the finished workbook, or -1 */
} list_stream;

static int list_row_cb(const bm_audit_row *row, const bm_audit_words *w, void *cls)
{
	list_stream *x = cls;
	return bm_audit_sheet_row(&x->sheet, &x->cur, row, w);
}

static long list_read(void *cls, bm_store *store, char *buf, size_t max)
{
	list_stream *x = cls;

	if (x->fd >= 0) {
		ssize_t got = read(x->fd, buf, max);
		return got < 0 ? -1 : (long)got;
	}
	while (x->sent == x->piece.len) {
		bm_buf_clear(&x->piece);
		x->sent = 0;
		if (x->cur.after >= x->cur.last)
			return 0;
		if (bm_svc_audit_list_next(store, &x->cur, LIST_ROWS, list_row_cb, x) != 0)
			return broken_off("audit list export", x->cur.after);
	}
	return piece_send(&x->piece, &x->sent, buf, max);
}

static void list_free(void *cls)
{
	list_stream *x = cls;
	bm_sheet_discard(&x->sheet);
	bm_svc_audit_list_close(&x->cur);
	bm_buf_release(&x->piece);
	if (x->fd >= 0)
		close(x->fd);
	bm_free(x);
}

static int list_export(bm_http_req *r, const bm_audit_query *q, bm_sheet_format format)
{
	list_stream *x;
	bm_xlsx_meta meta;
	long long size;
	int rc;

	if (!(x = bm_calloc(1, sizeof(*x))))
		return bm_error_nomem();
	x->fd = -1;
	bm_buf_init(&x->piece, 0);
	r->stream = list_read;
	r->stream_free = list_free;
	r->stream_cls = x;
	if ((rc = bm_svc_audit_list_open(r->ctx, q, format == BM_SHEET_XLSX ? "xlsx" : "csv",
	                                 &x->cur)) != 0)
		return rc;
	bm_audit_sheet_meta(&x->cur, &meta);
	if ((rc = bm_sheet_begin(&x->sheet, format, &meta, &x->piece)) != 0 ||
	    (rc = bm_audit_sheet_head(&x->sheet)) != 0)
		return rc;
	if (format == BM_SHEET_XLSX) {
		/* The whole workbook first, on the request's handle; a failure still gets its
		 * status. */
		while (rc == 0 && x->cur.after < x->cur.last)
			rc = bm_svc_audit_list_next(r->ctx->store, &x->cur, LIST_ROWS, list_row_cb,
			                            x);
		if (rc != 0 || (rc = bm_sheet_end_file(&x->sheet, &x->fd, &size)) != 0)
			return rc;
		r->raw_type = BM_XLSX_CONTENT_TYPE;
		r->content_disposition = "attachment; filename=\"baomi-audit-list.xlsx\"";
	} else {
		r->raw_type = "text/csv; charset=utf-8";
		r->content_disposition = "attachment; filename=\"baomi-audit-list.csv\"";
	}
	r->status = 200;
	return 0;
}

int bm_h_audit_events(bm_http_req *r)
{
	enum {
		ACTOR,
		ACTION,
		OUTCOME,
		RULE,
		FROM,
		TO,
		KIND,
		ORDER,
		LIMIT,
		OFFSET,
		FORMAT,
		N_PARAMS
	};
	static const char *const names[N_PARAMS] = {
	        "actor", "action", "outcome", "rule",   "from",   "to",
	        "kind",  "order",  "limit",   "offset", "format",
	};
	const char *v[N_PARAMS];
	bm_audit_query q = {.limit = 50};
	bm_sheet_format format = BM_SHEET_CSV;
	bm_audit_page page;
	int32_t day;
	json_t *o, *arr;
	int rc;

	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = whole("limit", v[LIMIT], 1, 1000, &q.limit)) != 0 ||
	    (rc = whole("offset", v[OFFSET], 0, 2000000000, &q.offset)) != 0)
		return rc;
	if (v[FROM] && *v[FROM] && !bm_date_parse(v[FROM], &day))
		return bad_param("from", v[FROM]);
	if (v[TO] && *v[TO] && !bm_date_parse(v[TO], &day))
		return bad_param("to", v[TO]);
	if (v[ORDER] && strcmp(v[ORDER], "asc") != 0 && strcmp(v[ORDER], "desc") != 0)
		return bad_param("order", v[ORDER]);
	if (v[KIND] && *v[KIND] && strcmp(v[KIND], "business") != 0 && strcmp(v[KIND], "read") != 0)
		return bad_param("kind", v[KIND]);
	if (v[FORMAT] && *v[FORMAT] && strcmp(v[FORMAT], "json") != 0 &&
	    !bm_sheet_format_parse(v[FORMAT], &format))
		return bad_param("format", v[FORMAT]);
	q.actor = v[ACTOR];
	q.action = v[ACTION];
	q.outcome = v[OUTCOME];
	q.rule = v[RULE];
	q.from = v[FROM];
	q.to = v[TO];
	q.kind = v[KIND];
	q.oldest_first = v[ORDER] && strcmp(v[ORDER], "asc") == 0;
	if (v[FORMAT] && *v[FORMAT] && strcmp(v[FORMAT], "json") != 0)
		return list_export(r, &q, format);
	if ((rc = bm_svc_audit_list(r->ctx, &q, &page)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < page.count; i++)
		json_array_append_new(arr, row_words_json(&page.items[i], &page.words[i]));
	o = json_object();
	json_object_set_new(o, "total", json_integer(page.total));
	json_object_set_new(o, "offset", json_integer(q.offset));
	json_object_set_new(o, "limit", json_integer(q.limit));
	json_object_set_new(o, "items", arr);
	return bm_http_reply(r, 200, o);
}

int bm_h_audit_verify(bm_http_req *r)
{
	bm_audit_verify_result res;
	json_t *o;
	int rc;

	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	rc = bm_svc_audit_verify(r->ctx, &res);
	if (rc != 0 && rc != BM_ECORRUPT)
		return rc;
	o = json_object();
	json_object_set_new(o, "intact", json_boolean(rc == 0));
	json_object_set_new(o, "count", json_integer(res.count));
	json_object_set_new(o, "alg", json_string(BM_AUDIT_ALG));
	json_object_set_new(o, "checkpoints", json_integer(res.checkpoints));
	json_object_set_new(o, "anchored", json_integer(res.anchored));
	if (rc == 0) {
		json_object_set_new(o, "last_hash",
		                    res.count ? json_string(res.last_hash) : json_null());
	} else {
		/* A broken chain is the answer the auditor asked for, not a server failure. */
		const bm_error *e = bm_error_last();
		json_t *err = json_object();
		json_object_set_new(o, "first_bad_seq", json_integer(res.first_bad_seq));
		json_object_set_new(o, "reason", json_string(res.reason));
		json_object_set_new(err, "code", json_string(e->code));
		json_object_set_new(err, "rule", e->rule[0] ? json_string(e->rule) : json_null());
		json_object_set_new(err, "message", json_string(e->message));
		json_object_set_new(err, "message_en", json_string(e->message_en));
		json_object_set_new(o, "error", err);
	}
	return bm_http_reply(r, 200, o);
}

/*
 * The export streams (issue 17): the use case fixes the chain's last seq
 * and records itself; then the events up to that seq are read EXPORT_ROWS
 * at a time, each piece in a read snapshot of its own on a handle borrowed
 * for it, as the client takes the bytes. Memory stays one piece whatever
 * the chain's length, and no lock or handle is held between pieces.
 */
#define EXPORT_ROWS 512

typedef struct export_stream {
	bm_audit_export_cursor cur;
	bm_buf piece; /* the lines read and not yet sent */
	size_t sent;  /* bytes of `piece` sent */
} export_stream;

/* Reads the next piece into x->piece when the last one is sent; false at the end. */
static int export_fill(export_stream *x, bm_store *store, bool *more)
{
	int rc;
	*more = true;
	while (x->sent == x->piece.len) {
		bm_buf_clear(&x->piece);
		x->sent = 0;
		if (x->cur.after >= x->cur.last) {
			*more = false;
			return 0;
		}
		if ((rc = bm_svc_audit_export_next(store, &x->cur, EXPORT_ROWS, &x->piece)) != 0)
			return rc;
	}
	return 0;
}

static long export_read(void *cls, bm_store *store, char *buf, size_t max)
{
	export_stream *x = cls;
	bool more;

	if (export_fill(x, store, &more) != 0)
		return broken_off("audit export", x->cur.after);
	return more ? piece_send(&x->piece, &x->sent, buf, max) : 0;
}

static void export_free(void *cls)
{
	export_stream *x = cls;
	bm_buf_release(&x->piece);
	bm_free(x);
}

int bm_h_audit_export(bm_http_req *r)
{
	export_stream *x;
	bool more;
	int rc;

	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	if (!(x = bm_calloc(1, sizeof(*x))))
		return bm_error_nomem();
	bm_buf_init(&x->piece, 0);
	r->stream = export_read;
	r->stream_free = export_free;
	r->stream_cls = x;
	if ((rc = bm_svc_audit_export_open(r->ctx, &x->cur)) != 0)
		return rc;
	/* The first piece now, on the request's handle: a failure still gets its status. */
	if ((rc = export_fill(x, r->ctx->store, &more)) != 0)
		return rc;
	r->raw_type = "application/x-ndjson; charset=utf-8";
	r->content_disposition = "attachment; filename=\"baomi-audit.jsonl\"";
	r->status = 200;
	return 0;
}

/* SYS-3: the audit administrator signs a checkpoint; its 校验码 goes into the paper register. */
int bm_h_audit_checkpoint(bm_http_req *r)
{
	bm_checkpoint_outcome o;
	json_t *out;
	int rc;

	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	if ((rc = bm_svc_audit_checkpoint(r->ctx, &o)) != 0)
		return rc;
	out = json_object();
	json_object_set_new(out, "count", json_integer(o.count));
	json_object_set_new(out, "last_hash", json_string(o.last_hash));
	json_object_set_new(out, "at", json_string(o.at));
	json_object_set_new(out, "code", json_string(o.code));
	json_object_set_new(out, "key_created", json_boolean(o.key_created));
	return bm_http_reply(r, 201, out);
}
