/*
 * static.c — the web UI (issue 5), served from the table that
 * tools/embed.c generated at build time (web_files.h), so a deployment is
 * the one binary. No file system access at run time, no directory listing,
 * no path is ever joined to anything: a path is either in the table or 404.
 */
#include "common.h"

#include <string.h>

#include "http/web_files.h"

/*
 * The same policy as the API's answers (server.c), plus what only a page
 * needs: no <base>, forms only to ourselves, no plugins. No 'unsafe-inline'
 * anywhere: the UI has no inline script, handler or style attribute.
 */
#define WEB_CSP                                                                                    \
	"default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; "             \
	"frame-ancestors 'none'"

const bm_web_file *bm_http_static_find(const char *path)
{
	if (!path)
		return NULL;
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	for (size_t i = 0; i < bm_web_file_count; i++)
		if (strcmp(bm_web_files[i].path, path) == 0)
			return &bm_web_files[i];
	return NULL;
}

static void headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", WEB_CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

static bm_mhd_result text_answer(struct MHD_Connection *c, unsigned int status, const char *text,
                                 const char *allow)
{
	struct MHD_Response *resp;
	bm_mhd_result ret;
	resp = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	headers(resp);
	MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (allow)
		MHD_add_response_header(resp, "Allow", allow);
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* True when the If-None-Match list holds `etag` (or is "*"). */
static bool etag_matches(const char *header, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = header;
	if (!header)
		return false;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

bm_mhd_result bm_http_static(struct MHD_Connection *c, const char *method, const char *path)
{
	const bm_web_file *f;
	struct MHD_Response *resp;
	bm_mhd_result ret;
	bool not_modified;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return text_answer(c, HTTP_METHOD_NOT_ALLOWED,
		                   "此地址只接受 GET / only GET is accepted here\n", "GET, HEAD");
	if (!(f = bm_http_static_find(path)))
		return text_answer(c, HTTP_NOT_FOUND, "页面不存在 / no such page\n", NULL);
	not_modified = etag_matches(
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match"), f->etag);
	if (not_modified)
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(f->len, (void *)f->data,
		                                       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	headers(resp);
	MHD_add_response_header(resp, "Content-Type", f->content_type);
	MHD_add_response_header(resp, "ETag", f->etag);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	ret = MHD_queue_response(c, not_modified ? 304u : (unsigned int)HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}
