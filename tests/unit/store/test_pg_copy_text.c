/*
 * test_pg_copy_text.c — the one reader of PostgreSQL's COPY text format
 * (bm_pg_copy_fields, pg_backup.c) by which a pg_dump archive's chain and
 * rows are read back for `baomi restore --check` (issue 12 point 4, SYS-3):
 * fields split at tabs, \N a NULL, the backslash escapes of PostgreSQL's
 * COPY documentation undone. White-box: pg_int.h is the back end's private
 * header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "store/pg_int.h"

/* Plain fields, an empty one, and a NULL beside the text "\N" (written \\N). */
static void fields_split_at_tabs_and_null_is_distinct(void **state)
{
	char line[] = "42\t\t\\N\tabc\t\\\\N";
	char *f[8];
	size_t n = 0;
	(void)state;
	assert_int_equal(bm_pg_copy_fields(line, f, 8, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(f[0], "42");
	assert_string_equal(f[1], "");
	assert_null(f[2]);
	assert_string_equal(f[3], "abc");
	assert_string_equal(f[4], "\\N");
}

/* A tab, newline or backslash inside a value is escaped: it stays in its field. */
static void escapes_inside_a_value_are_undone(void **state)
{
	char line[] = "a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh\tnext";
	char *f[4];
	size_t n = 0;
	(void)state;
	assert_int_equal(bm_pg_copy_fields(line, f, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "a\tb\nc\rd\\e\bf\fg\vh");
	assert_string_equal(f[1], "next");
}

/* \ooo octal, \xh and \xhh hex; "\x" without a digit and "\q" stand for x and q. */
static void octal_and_hex_escapes(void **state)
{
	char line[] = "\\101\\x42\\x4\\7z\t\\xg\\q\t保密\\t级";
	char *f[4];
	size_t n = 0;
	(void)state;
	assert_int_equal(bm_pg_copy_fields(line, f, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "AB\x04\x07z");
	assert_string_equal(f[1], "xgq");
	assert_string_equal(f[2], "保密\t级");
}

/* A bytea's text form keeps its own backslash (\\x… in COPY is \x… after it). */
static void bytea_text_form_survives(void **state)
{
	char line[] = "\\\\x00ff\t7";
	char *f[2];
	size_t n = 0;
	(void)state;
	assert_int_equal(bm_pg_copy_fields(line, f, 2, &n), 0);
	assert_string_equal(f[0], "\\x00ff");
	assert_string_equal(f[1], "7");
}

/* More fields than the caller has room for: refused, not cut. */
static void too_many_fields_is_refused(void **state)
{
	char line[] = "1\t2\t3";
	char *f[2];
	size_t n = 0;
	(void)state;
	assert_int_equal(bm_pg_copy_fields(line, f, 2, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fields_split_at_tabs_and_null_is_distinct),
	        cmocka_unit_test(escapes_inside_a_value_are_undone),
	        cmocka_unit_test(octal_and_hex_escapes),
	        cmocka_unit_test(bytea_text_form_survives),
	        cmocka_unit_test(too_many_fields_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
