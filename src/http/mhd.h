/*
 * mhd.h — libmicrohttpd across the versions domestic platforms ship
 * (Kylin and UOS may carry releases older than Debian's): the callback
 * result type and the few status codes used. Private to src/http.
 */
#ifndef BM_HTTP_MHD_H
#define BM_HTTP_MHD_H

#include <microhttpd.h>
#include <stdarg.h>

#if MHD_VERSION >= 0x00097002
typedef enum MHD_Result bm_mhd_result;
#else
typedef int bm_mhd_result;
#endif

enum {
	HTTP_OK = 200,
	HTTP_CREATED = 201,
	HTTP_UNAUTHORIZED = 401,
	HTTP_NOT_FOUND = 404,
	HTTP_METHOD_NOT_ALLOWED = 405,
	HTTP_TOO_LARGE = 413,
	HTTP_URI_TOO_LONG = 414,
	HTTP_UNSUPPORTED_MEDIA_TYPE = 415,
};

#endif
