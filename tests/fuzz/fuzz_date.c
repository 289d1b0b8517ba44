/*
 * fuzz_date.c — the date and instant parsers of src/util/timeutil.c.
 *
 * Invariants: text that bm_date_parse accepts formats back to the same
 * text, and its day count goes through bm_date_to_ymd/bm_date_from_ymd
 * unchanged; the same for bm_time_parse and bm_time_format; the local date
 * of a parsed instant (China, +480 minutes) is its UTC date or the next
 * day, and the date of the instant shifted by the offset; a parsed date's
 * weekday is in 0..6 and moves by one a day.
 */
#include <string.h>

#include "fuzz.h"
#include "util/timeutil.h"

#define CHINA_OFFSET 480

static void check_date(const char *s)
{
	int32_t days, again, next;
	int y, m, d;
	char out[BM_DATE_LEN];

	if (!bm_date_parse(s, &days))
		return;
	bm_date_format(days, out);
	FUZZ_CHECK(strcmp(out, s) == 0, "date '%s' formats back as '%s'", s, out);
	bm_date_to_ymd(days, &y, &m, &d);
	FUZZ_CHECK(bm_date_from_ymd(y, m, d, &again) && again == days,
	           "date '%s' does not survive ymd (%d-%d-%d)", s, y, m, d);
	FUZZ_CHECK(bm_date_weekday(days) >= 0 && bm_date_weekday(days) <= 6, "weekday of '%s'", s);
	next = days + 1;
	FUZZ_CHECK(bm_date_weekday(next) == (bm_date_weekday(days) + 1) % 7, "weekday after '%s'",
	           s);
}

static void check_time(const char *s)
{
	int64_t t;
	int32_t day, local;
	char out[BM_ISO_TIME_LEN], shifted[BM_ISO_TIME_LEN];

	if (!bm_time_parse(s, &t))
		return;
	bm_time_format(t, out);
	FUZZ_CHECK(strcmp(out, s) == 0, "instant '%s' formats back as '%s'", s, out);
	/* The UTC date is the instant's first ten characters. */
	memcpy(out, s, 10);
	out[10] = '\0';
	FUZZ_CHECK(bm_date_parse(out, &day), "the date part of '%s' does not parse", s);
	FUZZ_CHECK(bm_time_local_date(t, 0) == day, "UTC date of '%s'", s);
	local = bm_time_local_date(t, CHINA_OFFSET);
	FUZZ_CHECK(local == day || local == day + 1, "local date of '%s' is %d, UTC %d", s,
	           (int)local, (int)day);
	bm_time_format(t + CHINA_OFFSET * 60, shifted);
	shifted[10] = '\0';
	FUZZ_CHECK(bm_date_parse(shifted, &day) ? local == day : 1,
	           "local date of '%s' is not the date of the shifted instant %s", s, shifted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	if (size >= sizeof(s))
		return 0; /* both forms are 20 characters at most */
	memcpy(s, data, size);
	s[size] = '\0';
	check_date(s);
	check_time(s);
	/* Either form on the first line, with whatever follows cut off. */
	s[strcspn(s, "\n")] = '\0';
	check_date(s);
	check_time(s);
	return 0;
}
