/*
 * buf.h — a growable byte buffer with a size cap (curl's dynbuf).
 *
 * The contents are always NUL-terminated. Appending beyond `max` fails with
 * BM_ETOOLARGE and leaves the buffer as it was.
 */
#ifndef BM_BUF_H
#define BM_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct bm_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
} bm_buf;

#define BM_BUF_DEFAULT_MAX (64u * 1024u * 1024u)

/* Empty buffer that may grow to `max` bytes (0 = BM_BUF_DEFAULT_MAX). */
void bm_buf_init(bm_buf *b, size_t max);
/* Frees the contents. */
void bm_buf_release(bm_buf *b);
/* Empties without freeing. */
void bm_buf_clear(bm_buf *b);

int bm_buf_put(bm_buf *b, const void *data, size_t len);
int bm_buf_puts(bm_buf *b, const char *s);
int bm_buf_putc(bm_buf *b, char c);
int bm_buf_printf(bm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF or
 * starts or ends with a space, quotes doubled; a cell a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR first) is prefixed with ' (CSV injection).
 * NULL is the empty cell.
 */
int bm_buf_csv_cell(bm_buf *b, const char *v);
/* `n` cells separated by commas, then CRLF. */
int bm_buf_csv_row(bm_buf *b, const char *const *cells, size_t n);

/* Hands the contents to the caller (free with bm_free) and empties the buffer. */
char *bm_buf_detach(bm_buf *b);

#endif
