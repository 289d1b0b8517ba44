#include "common.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

void bm_buf_init(bm_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BM_BUF_DEFAULT_MAX;
}

void bm_buf_release(bm_buf *b)
{
	bm_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void bm_buf_clear(bm_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

static int grow(bm_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > b->max || b->len + extra > b->max)
		return bm_error_set(BM_ETOOLARGE, "too_large", NULL, "内容超过 %zu 字节上限",
		                    "content exceeds the limit of %zu bytes", b->max);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = bm_realloc(b->ptr, cap);
	if (!p)
		return bm_error_nomem();
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int bm_buf_put(bm_buf *b, const void *data, size_t len)
{
	int rc = grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int bm_buf_puts(bm_buf *b, const char *s)
{
	return bm_buf_put(b, s, strlen(s));
}

int bm_buf_putc(bm_buf *b, char c)
{
	return bm_buf_put(b, &c, 1);
}

int bm_buf_printf(bm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return bm_error_set(BM_ERROR, "format", NULL, "格式化失败", "format failed");
	if ((rc = grow(b, (size_t)n)) != 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *bm_buf_detach(bm_buf *b)
{
	char *p = b->ptr;
	if (!p)
		p = bm_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

int bm_buf_csv_cell(bm_buf *b, const char *v)
{
	bool quote;
	int rc;
	v = v ? v : "";
	quote = strpbrk(v, ",\"\r\n") != NULL || (*v && (v[0] == ' ' || v[strlen(v) - 1] == ' '));
	if (quote && (rc = bm_buf_putc(b, '"')) != 0)
		return rc;
	if ((*v == '=' || *v == '+' || *v == '-' || *v == '@' || *v == '\t' || *v == '\r') &&
	    (rc = bm_buf_putc(b, '\'')) != 0)
		return rc;
	for (const char *p = v; *p; p++) {
		if (*p == '"' && (rc = bm_buf_putc(b, '"')) != 0)
			return rc;
		if ((rc = bm_buf_putc(b, *p)) != 0)
			return rc;
	}
	return quote ? bm_buf_putc(b, '"') : 0;
}

int bm_buf_csv_row(bm_buf *b, const char *const *cells, size_t n)
{
	int rc;
	for (size_t c = 0; c < n; c++)
		if ((c && (rc = bm_buf_putc(b, ',')) != 0) ||
		    (rc = bm_buf_csv_cell(b, cells[c])) != 0)
			return rc;
	return bm_buf_puts(b, "\r\n");
}
