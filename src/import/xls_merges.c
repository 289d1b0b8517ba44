/*
 * xls_merges.c — the merged ranges of an .xls (issue 15 point 1), which
 * libfreexl does not give: without them a cell merged down over several
 * rows (one 来文机关 for three letters) reads as blank below its first row.
 *
 * libgsf opens the OLE2 compound file and hands out its `Workbook` stream
 * (BIFF8). Of the records in that stream (each a u16 type, a u16 size, then
 * size bytes) only these are looked at, as [MS-XLS] describes them:
 *  - BoundSheet8 (0x0085) in the workbook globals: lbPlyPos (u32), the
 *    stream offset of a sheet's BOF, hsState (u8), dt (u8, 0 a worksheet);
 *  - BOF (0x0809) and EOF (0x000A): where that sheet's substream begins and
 *    ends (a chart embedded in the sheet has a BOF … EOF of its own inside);
 *  - MergeCells (0x00E5, [MS-XLS] section 2.4.168): cmcs (u16, at most
 *    1026: more ranges come as further MergeCells records, never CONTINUE),
 *    then cmcs Ref8 (rwFirst, rwLast, colFirst, colLast: u16 each, from 0).
 * Nothing else of BIFF is parsed here: the cells stay libfreexl's.
 */
#include "common.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <stdio.h>

#include "import/xls_merges.h"

enum {
	REC_BOF = 0x0809,
	REC_EOF = 0x000A,
	REC_BOUNDSHEET = 0x0085,
	REC_MERGECELLS = 0x00E5,
	MAX_MERGES = BM_IMPORT_MAX_ROWS, /* ranges of one sheet; more is refused */
};

static unsigned u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static size_t u32(const unsigned char *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
}

static int unreadable(void)
{
	return bm_error_set_msg(BM_EINVALID, "import_format", NULL,
	                        "无法读取 .xls 文件的合并单元格（文件结构损坏）",
	                        "cannot read the merged cells of the .xls file (its structure "
	                        "is broken)");
}

/* The record at `pos`: its type and body; false past the stream's end or cut short. */
static bool record_at(const unsigned char *s, size_t len, size_t pos, unsigned *type,
                      const unsigned char **body, size_t *size)
{
	if (pos > len || len - pos < 4)
		return false;
	*type = u16(s + pos);
	*size = u16(s + pos + 2);
	if (len - pos - 4 < *size)
		return false;
	*body = s + pos + 4;
	return true;
}

/* The offset of the first worksheet's BOF, from the globals' BoundSheet8 records. */
static int first_sheet(const unsigned char *s, size_t len, size_t *at)
{
	const unsigned char *b;
	unsigned type;
	size_t size;
	if (!record_at(s, len, 0, &type, &b, &size) || type != REC_BOF)
		return unreadable();
	for (size_t pos = 4 + size; record_at(s, len, pos, &type, &b, &size); pos += 4 + size) {
		if (type == REC_EOF)
			break;
		if (type == REC_BOUNDSHEET && size >= 6 && b[5] == 0) {
			*at = u32(b);
			return 0;
		}
	}
	return unreadable();
}

typedef struct merges {
	bm_arena *a;
	bm_import_merge *m;
	size_t n, cap;
} merges;

static int add_ranges(merges *mg, const unsigned char *b, size_t size)
{
	size_t count;
	if (size < 2 || (size - 2) / 8 < (count = u16(b)))
		return unreadable();
	for (size_t i = 0; i < count; i++) {
		const unsigned char *r = b + 2 + 8 * i;
		unsigned rw0 = u16(r), rw1 = u16(r + 2), c0 = u16(r + 4), c1 = u16(r + 6);
		if (rw1 < rw0 || c1 < c0)
			return unreadable();
		if (mg->n == MAX_MERGES) {
			char zh[120], en[120];
			snprintf(zh, sizeof(zh), "文件过大：合并单元格超过 %d 个", MAX_MERGES);
			snprintf(en, sizeof(en), "file too large: over %d merged cells",
			         MAX_MERGES);
			return bm_error_set_msg(BM_ETOOLARGE, "import_too_large", NULL, zh, en);
		}
		if (mg->n == mg->cap) {
			size_t cap = mg->cap ? mg->cap * 2 : 16;
			bm_import_merge *x = bm_arena_alloc(mg->a, cap * sizeof(*x));
			if (!x)
				return bm_error_nomem();
			if (mg->n)
				memcpy(x, mg->m, mg->n * sizeof(*x));
			mg->m = x;
			mg->cap = cap;
		}
		/* Rows as the spreadsheet shows them (from 1), columns from 0. */
		mg->m[mg->n++] = (bm_import_merge){(size_t)rw0 + 1, c0, (size_t)rw1 + 1, c1};
	}
	return 0;
}

/* The MergeCells records of the sheet substream at `at` (its own, not an embedded chart's). */
static int sheet_merges(const unsigned char *s, size_t len, size_t at, merges *mg)
{
	const unsigned char *b;
	unsigned type;
	size_t size, depth = 0;
	int rc;
	if (!record_at(s, len, at, &type, &b, &size) || type != REC_BOF)
		return unreadable();
	for (size_t pos = at; record_at(s, len, pos, &type, &b, &size); pos += 4 + size) {
		if (type == REC_BOF)
			depth++;
		else if (type == REC_EOF && --depth == 0)
			return 0;
		else if (type == REC_MERGECELLS && depth == 1 &&
		         (rc = add_ranges(mg, b, size)) != 0)
			return rc;
	}
	return unreadable(); /* no EOF: the substream is cut short */
}

int bm_import_xls_merges(bm_arena *a, const void *data, size_t len, bm_import_merge **out,
                         size_t *n)
{
	GsfInput *mem;
	GsfInfile *ole;
	GsfInput *wb = NULL;
	GError *err = NULL;
	merges mg = {a, NULL, 0, 0};
	unsigned char *s = NULL;
	size_t slen = 0, at = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!(mem = gsf_input_memory_new(data, (gsf_off_t)len, FALSE)))
		return bm_error_nomem();
	ole = gsf_infile_msole_new(mem, &err);
	g_object_unref(mem);
	if (!ole) {
		g_clear_error(&err);
		return unreadable();
	}
	/* A BIFF5 file ("Book") has no MergeCells records: nothing to find. */
	if (!(wb = gsf_infile_child_by_name(ole, "Workbook")))
		goto done;
	if (gsf_input_size(wb) > (gsf_off_t)BM_IMPORT_MAX_BYTES) {
		char zh[120], en[120];
		snprintf(zh, sizeof(zh), "文件过大：Workbook 超过 %d", BM_IMPORT_MAX_BYTES);
		snprintf(en, sizeof(en), "file too large: Workbook over %d", BM_IMPORT_MAX_BYTES);
		rc = bm_error_set_msg(BM_ETOOLARGE, "import_too_large", NULL, zh, en);
		goto done;
	}
	slen = (size_t)gsf_input_size(wb);
	if (!(s = bm_arena_alloc(a, slen + 1))) {
		rc = bm_error_nomem();
		goto done;
	}
	if (slen && !gsf_input_read(wb, slen, s)) {
		rc = unreadable();
		goto done;
	}
	if ((rc = first_sheet(s, slen, &at)) != 0 || (rc = sheet_merges(s, slen, at, &mg)) != 0)
		goto done;
	*out = mg.m;
	*n = mg.n;
done:
	if (wb)
		g_object_unref(wb);
	g_object_unref(ole);
	return rc;
}
