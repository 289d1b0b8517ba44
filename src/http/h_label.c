/*
 * h_label.c — a carrier's printable label (MAKE-4, INV-3): an SVG with the
 * marking (LEVEL-8), title, document and serial numbers, and a QR code that
 * a counting scanner reads as "baomi:carrier:<id>". The QR code is drawn by
 * the server with libqrencode, so the browser needs no script for it and
 * the same label prints from any client.
 *
 * Visibility is the service's (SYS-2): a carrier the caller may not see is a
 * 404 exactly like a missing one, and the read is audited like any show.
 */
#include "common.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/http_int.h"
#include "service/device.h"
#include "util/buf.h"
#include "util/utf8.h"

#define LABEL_MAX (256u * 1024u)
#define QR_MODULE 4 /* SVG units (1 mm at the label's 0.25 mm per unit) per module */
#define QR_QUIET  4 /* modules of quiet zone the standard asks for */

/* Appends `s` with XML's five special characters escaped. */
static int put_xml(bm_buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++) {
		switch (*s) {
		case '&': rc = bm_buf_puts(b, "&amp;"); break;
		case '<': rc = bm_buf_puts(b, "&lt;"); break;
		case '>': rc = bm_buf_puts(b, "&gt;"); break;
		case '"': rc = bm_buf_puts(b, "&quot;"); break;
		case '\'': rc = bm_buf_puts(b, "&#39;"); break;
		default: rc = bm_buf_putc(b, *s); break;
		}
	}
	return rc;
}

/*
 * The first `max` characters of UTF-8 `s` starting after `skip` characters,
 * in the arena ("" past the end). An ellipsis marks a cut.
 */
static const char *utf8_slice(bm_arena *a, const char *s, size_t skip, size_t max, bool mark)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *start;
	size_t n = 0;
	for (; *p && skip; skip--) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	start = p;
	while (*p && n < max) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		n++;
	}
	if (*p && mark)
		return bm_arena_printf(a, "%.*s…", (int)(p - start), (const char *)start);
	return bm_arena_strndup(a, (const char *)start, (size_t)(p - start));
}

/* One <text> line. */
static int text_line(bm_buf *b, int x, int y, int size, const char *weight, const char *fill,
                     const char *label, const char *value)
{
	int rc = bm_buf_printf(b,
	                       "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" "
	                       "fill=\"%s\">",
	                       x, y, size, weight, fill);
	if (rc == 0 && label)
		rc = put_xml(b, label);
	if (rc == 0)
		rc = put_xml(b, value);
	if (rc == 0)
		rc = bm_buf_puts(b, "</text>\n");
	return rc;
}

/*
 * LEVEL-8: a marking shown struck out — grey, with the text's own line-through
 * and a drawn stroke (a printer or viewer that ignores text-decoration still
 * strikes it), the stroke's length estimated from the characters' widths.
 */
static int struck_line(bm_buf *b, int x, int y, int size, const char *value)
{
	size_t chars = bm_utf8_length(value), ascii = 0;
	int rc, width;
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p < 0x80)
			ascii++;
	width = (int)((chars - ascii) * (size_t)size + ascii * (size_t)size * 6 / 10);
	rc = bm_buf_printf(b,
	                   "<text class=\"marking-old\" x=\"%d\" y=\"%d\" font-size=\"%d\" "
	                   "fill=\"#555\" text-decoration=\"line-through\">",
	                   x, y, size);
	if (rc == 0)
		rc = put_xml(b, value);
	if (rc == 0)
		rc = bm_buf_printf(
		        b,
		        "</text>\n<line class=\"marking-old-stroke\" x1=\"%d\" y1=\"%d\" "
		        "x2=\"%d\" y2=\"%d\" stroke=\"#555\" stroke-width=\"1\"/>\n",
		        x, y - size / 3, x + width, y - size / 3);
	return rc;
}

/*
 * LEVEL-8: the marking is the first thing on the label, in red. After a
 * level decision (LEVEL-7) the registered marking stands above it, struck
 * out (written after it: the current one stays the label's first text),
 * and the decision's date and kind below the numbers.
 */
static int put_marking(bm_buf *b, bm_arena *a, const bm_carrier *c, const char *marking, int tx)
{
	const char *original = bm_carrier_original_marking(c, false), *note = NULL;
	int rc;
	if (original && !(note = bm_carrier_marking_note(a, c, false)))
		return bm_error_nomem();
	rc = text_line(b, tx, original ? 41 : 34, original ? 20 : 22, "bold", "#c00000", NULL,
	               marking);
	if (rc == 0 && original)
		rc = struck_line(b, tx, 17, 11, original);
	if (rc == 0 && note)
		rc = text_line(b, tx, 163, 10, "bold", "#c00000", NULL, note);
	return rc;
}

/* The QR code as one <path> of unit squares, placed at (x, y). */
static int qr_path(bm_buf *b, const QRcode *qr, int x, int y)
{
	int rc =
	        bm_buf_printf(b,
	                      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
	                      "<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"",
	                      x, y, (qr->width + 2 * QR_QUIET) * QR_MODULE,
	                      (qr->width + 2 * QR_QUIET) * QR_MODULE);
	for (int row = 0; row < qr->width && rc == 0; row++)
		for (int col = 0; col < qr->width && rc == 0; col++)
			if (qr->data[row * qr->width + col] & 1)
				rc = bm_buf_printf(b, "M%d %dh%dv%dh-%dz",
				                   x + (col + QR_QUIET) * QR_MODULE,
				                   y + (row + QR_QUIET) * QR_MODULE, QR_MODULE,
				                   QR_MODULE, QR_MODULE);
	if (rc == 0)
		rc = bm_buf_puts(b, "\"/>\n");
	return rc;
}

/* The label's size: 80 × 50 mm at 0.25 mm per unit. */
#define LABEL_W 320
#define LABEL_H 200

/*
 * The frame every label shares: the SVG header titled `payload`, the outline,
 * and the QR code of `payload` (level M, 15% recovery: a worn label still
 * scans) at the left. *tx receives where the text column starts.
 */
static int label_open(bm_buf *b, const char *payload, int *tx)
{
	QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int rc, qr_size;

	if (!qr)
		return bm_error_set(BM_ERROR, "qr_failed", NULL, "无法生成二维码",
		                    "cannot encode the QR code");
	qr_size = (qr->width + 2 * QR_QUIET) * QR_MODULE;
	*tx = qr_size + 12;
	rc = bm_buf_printf(
	        b,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80mm\" height=\"50mm\" "
	        "viewBox=\"0 0 %d %d\" font-family=\"'PingFang SC','Microsoft YaHei',"
	        "'Noto Sans CJK SC','Source Han Sans SC',sans-serif\">\n"
	        "<title>%s</title>\n"
	        "<rect x=\"1\" y=\"1\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"#fff\" "
	        "stroke=\"#000\" stroke-width=\"2\"/>\n",
	        LABEL_W, LABEL_H, payload, LABEL_W - 2, LABEL_H - 2);
	if (rc == 0)
		rc = qr_path(b, qr, 6, (LABEL_H - qr_size) / 2);
	QRcode_free(qr);
	return rc;
}

/* The unit's name at the foot, the end of the SVG, and the answer. */
static int label_close(bm_http_req *r, bm_buf *b, int tx, const char *filename)
{
	int rc = filename ? 0 : bm_error_nomem();
	if (rc == 0 && r->ctx->unit)
		rc = text_line(b, tx, 180, 10, "normal", "#333", NULL,
		               utf8_slice(r->arena, r->ctx->unit->name, 0, 14, true));
	if (rc == 0)
		rc = bm_buf_puts(b, "</svg>\n");
	if (rc != 0)
		return rc;
	r->raw_len = b->len;
	r->raw = bm_buf_detach(b);
	r->raw_type = "image/svg+xml; charset=utf-8";
	r->content_disposition = bm_arena_printf(r->arena, "inline; filename=\"%s\"", filename);
	r->status = 200;
	return 0;
}

/*
 * GET /api/v1/carriers/{id}/label.svg — 80 × 50 mm at 0.25 mm per unit.
 */
int bm_h_carriers_label(bm_http_req *r)
{
	bm_carrier *c;
	bm_carrier_event *events;
	size_t n_events;
	int64_t id;
	bm_buf b;
	const char *payload, *marking, *serial, *doc;
	int rc, tx = 0;

	bm_buf_init(&b, LABEL_MAX);
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_carrier_show(r->ctx, id, &c, &events, &n_events)) != 0)
		goto done;
	payload = bm_arena_printf(r->arena, "baomi:carrier:%lld", (long long)c->id);
	marking = bm_carrier_marking(r->arena, c, false);
	if (!payload || !marking) {
		rc = bm_error_nomem();
		goto done;
	}
	serial = c->serial_number ? bm_arena_printf(r->arena, "%d", c->serial_number) : "—";
	doc = c->doc_number ? c->doc_number : "—";

	rc = label_open(&b, payload, &tx);
	/* LEVEL-7/8: the marking first, in red; a decided carrier's original struck out. */
	if (rc == 0)
		rc = put_marking(&b, r->arena, c, marking, tx);
	if (rc == 0)
		rc = text_line(&b, tx, 64, 13, "bold", "#000", NULL,
		               utf8_slice(r->arena, c->title, 0, 12, false));
	if (rc == 0 && bm_utf8_length(c->title) > 12)
		rc = text_line(&b, tx, 82, 13, "bold", "#000", NULL,
		               utf8_slice(r->arena, c->title, 12, 11, true));
	if (rc == 0)
		rc = text_line(&b, tx, 110, 11, "normal", "#000", "文号 ", doc);
	if (rc == 0)
		rc = text_line(&b, tx, 128, 11, "normal", "#000", "份号 ", serial);
	if (rc == 0)
		rc = text_line(&b, tx, 146, 11, "normal", "#000", "编号 ",
		               bm_arena_printf(r->arena, "%lld", (long long)c->id));
	if (rc == 0)
		rc = label_close(
		        r, &b, tx,
		        bm_arena_printf(r->arena, "baomi-label-%lld.svg", (long long)c->id));
done:
	bm_buf_release(&b);
	return rc;
}

/*
 * GET /api/v1/devices/{id}/label.svg — a device's label (DEV-1: numbered and
 * labelled with its level), 80 × 50 mm like a carrier's: the level in red,
 * the number, kind, model and serial, the responsible person, and a QR code
 * reading "baomi:device:<id>". Visibility is the service's: a device the
 * caller may not see is a 404 like a missing one.
 */
int bm_h_devices_label(bm_http_req *r)
{
	bm_device *d;
	int64_t id;
	bm_buf b;
	const char *payload;
	int rc, tx = 0;

	bm_buf_init(&b, LABEL_MAX);
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_device_show(r->ctx, id, &d, NULL, NULL)) != 0)
		goto done;
	if (!(payload = bm_arena_printf(r->arena, "baomi:device:%lld", (long long)d->id))) {
		rc = bm_error_nomem();
		goto done;
	}
	rc = label_open(&b, payload, &tx);
	if (rc == 0)
		rc = text_line(&b, tx, 34, 22, "bold", "#c00000", NULL,
		               bm_level_names[d->level].zh);
	if (rc == 0)
		rc = text_line(&b, tx, 64, 13, "bold", "#000", NULL,
		               utf8_slice(r->arena, d->number, 0, 14, true));
	if (rc == 0)
		rc = text_line(&b, tx, 90, 11, "normal", "#000", "类型 ",
		               bm_device_kind_names[d->kind].zh);
	if (rc == 0)
		rc = text_line(&b, tx, 108, 11, "normal", "#000", "型号 ",
		               utf8_slice(r->arena, d->model ? d->model : "—", 0, 12, true));
	if (rc == 0)
		rc = text_line(&b, tx, 126, 11, "normal", "#000", "序列号 ",
		               utf8_slice(r->arena, d->serial ? d->serial : "—", 0, 12, true));
	if (rc == 0)
		rc = text_line(
		        &b, tx, 144, 11, "normal", "#000", "责任人 ",
		        utf8_slice(r->arena, d->holder_name ? d->holder_name : "—", 0, 10, true));
	if (rc == 0)
		rc = label_close(
		        r, &b, tx,
		        bm_arena_printf(r->arena, "baomi-device-label-%lld.svg", (long long)d->id));
done:
	bm_buf_release(&b);
	return rc;
}
