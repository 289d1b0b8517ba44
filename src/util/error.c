#include "common.h"

#include <stdio.h>

static _Thread_local bm_error last_error;

/*
 * The one table that maps a failure class to what each front end shows.
 * CLI exit codes are documented in README.md and `baomi help exit-codes`.
 */
static const struct {
	int klass;
	int exit_code;
	int http_status;
	const char *default_code;
} error_table[] = {
        {BM_OK, 0, 200, "ok"},
        {BM_ERROR, 1, 500, "internal"},
        {BM_EINVALID, 3, 400, "invalid"},
        {BM_ENOTFOUND, 4, 404, "not_found"},
        {BM_EDENIED, 5, 403, "denied"},
        {BM_ECONFLICT, 6, 409, "conflict"},
        {BM_ETOOLARGE, 7, 413, "too_large"},
        {BM_ENOMEM, 1, 503, "out_of_memory"},
        {BM_ELOCKED, 9, 423, "locked"},
        {BM_ECORRUPT, 8, 500, "corrupt"},
};

static size_t find_entry(int klass)
{
	for (size_t i = 0; i < BM_ARRAY_LEN(error_table); i++)
		if (error_table[i].klass == klass)
			return i;
	return 1; /* BM_ERROR */
}

/* Sets the class, code and rule of the current error. */
static void set_head(int klass, const char *code, const char *rule)
{
	last_error.klass = klass;
	snprintf(last_error.code, sizeof(last_error.code), "%s",
	         code ? code : error_table[find_entry(klass)].default_code);
	snprintf(last_error.rule, sizeof(last_error.rule), "%s", rule ? rule : "");
}

int bm_error_set(int klass, const char *code, const char *rule, const char *fmt_zh,
                 const char *fmt_en, ...)
{
	va_list ap, ap2;

	set_head(klass, code, rule);
	va_start(ap, fmt_en);
	va_copy(ap2, ap);
	vsnprintf(last_error.message, sizeof(last_error.message), fmt_zh, ap);
	vsnprintf(last_error.message_en, sizeof(last_error.message_en), fmt_en, ap2);
	va_end(ap2);
	va_end(ap);
	return klass;
}

int bm_error_set_msg(int klass, const char *code, const char *rule, const char *zh, const char *en)
{
	set_head(klass, code, rule);
	snprintf(last_error.message, sizeof(last_error.message), "%s", zh);
	snprintf(last_error.message_en, sizeof(last_error.message_en), "%s", en);
	return klass;
}

const bm_error *bm_error_last(void)
{
	return &last_error;
}

void bm_error_clear(void)
{
	memset(&last_error, 0, sizeof(last_error));
}

int bm_error_nomem(void)
{
	return bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
}

int bm_error_exit_code(int klass)
{
	return error_table[find_entry(klass)].exit_code;
}

int bm_error_http_status(int klass)
{
	return error_table[find_entry(klass)].http_status;
}

void bm_error_save(bm_error *out)
{
	*out = last_error;
}

void bm_error_restore(const bm_error *saved)
{
	last_error = *saved;
}
