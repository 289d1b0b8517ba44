/*
 * h_audit.c — the audit chain for the audit administrator (SYS-1, SYS-3):
 * events (paged), verify, export as JSON lines, signed checkpoints.
 */
#include "common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

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

int bm_h_audit_events(bm_http_req *r)
{
	enum { ACTOR, ACTION, OUTCOME, RULE, FROM, TO, ORDER, LIMIT, OFFSET, N_PARAMS };
	static const char *const names[N_PARAMS] = {
	        "actor", "action", "outcome", "rule", "from", "to", "order", "limit", "offset",
	};
	const char *v[N_PARAMS];
	bm_audit_query q = {.limit = 50};
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
	q.actor = v[ACTOR];
	q.action = v[ACTION];
	q.outcome = v[OUTCOME];
	q.rule = v[RULE];
	q.from = v[FROM];
	q.to = v[TO];
	q.oldest_first = v[ORDER] && strcmp(v[ORDER], "asc") == 0;
	if ((rc = bm_svc_audit_list(r->ctx, &q, &page)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < page.count; i++)
		json_array_append_new(arr, bm_audit_row_to_json(&page.items[i]));
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
	size_t n;
	bool more;

	if (export_fill(x, store, &more) != 0) {
		/* The status line is gone: break the connection so the file is seen incomplete. */
		char msg[512];
		fprintf(stderr, "audit export broken off after seq %" PRId64 ": %s\n", x->cur.after,
		        bm_http_log_text(msg, sizeof(msg), bm_error_last()->message_en));
		return -1;
	}
	if (!more)
		return 0;
	n = x->piece.len - x->sent;
	if (n > max)
		n = max;
	memcpy(buf, x->piece.ptr + x->sent, n);
	x->sent += n;
	return (long)n;
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
