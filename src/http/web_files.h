/*
 * web_files.h — the web UI embedded in the binary (issue 5).
 *
 * tools/embed.c generates the table at build time from the files listed in
 * web/meson.build; static.c serves it. Every entry and its bytes are static
 * and read-only: nothing here is ever freed.
 */
#ifndef BM_WEB_FILES_H
#define BM_WEB_FILES_H

#include <stddef.h>

#include "http/mhd.h"

typedef struct bm_web_file {
	const char *path;          /* URL path: "/index.html", "/static/app.js" */
	const char *content_type;  /* "text/javascript; charset=utf-8" */
	const unsigned char *data; /* the bytes, followed by a NUL not counted in len */
	size_t len;
	const char *etag; /* strong validator, quoted: "\"9f3c…\"" */
} bm_web_file;

extern const bm_web_file bm_web_files[];
extern const size_t bm_web_file_count;

/*
 * Answers a request for a path outside /api from the table: GET and HEAD
 * only (405 otherwise), "/" is "/index.html", a matching If-None-Match gets
 * 304. Every answer carries the security headers (CSP default-src 'self',
 * frame-ancestors 'none', nosniff) and Cache-Control: no-cache with the
 * file's ETag, so a browser revalidates and an upgrade is seen at once.
 * Returns what MHD_queue_response returned.
 */
bm_mhd_result bm_http_static(struct MHD_Connection *c, const char *method, const char *path);

/* The entry for a URL path, or NULL (exposed for the unit tests). */
const bm_web_file *bm_http_static_find(const char *path);

#endif
