#include "common.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void bm_date_to_ymd(int32_t z, int *year, int *month, int *day)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int y = (int)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned d = doy - (153 * mp + 2) / 5 + 1;
	const unsigned m = mp < 10 ? mp + 3 : mp - 9;
	*year = y + (m <= 2);
	*month = (int)m;
	*day = (int)d;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

bool bm_date_from_ymd(int year, int month, int day, int32_t *out)
{
	if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		return false;
	*out = days_from_civil(year, month, day);
	return true;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool bm_date_parse(const char *s, int32_t *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	return bm_date_from_ymd(y, m, d, out);
}

/* Writes `v` as exactly `n` decimal digits (zero-padded, high digits dropped). */
static void put_digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void bm_date_format(int32_t days, char out[BM_DATE_LEN])
{
	int y, m, d;
	bm_date_to_ymd(days, &y, &m, &d);
	put_digits(out, (unsigned)y, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)m, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d, 2);
	out[10] = '\0';
}

int bm_date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	int w = (int)((days % 7 + 7) % 7);
	return (w + 3) % 7;
}

int32_t bm_date_add_years(int32_t days, int years)
{
	int y, m, d;
	int32_t out;
	bm_date_to_ymd(days, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && days_in_month(y, 2) == 28)
		d = 28;
	if (!bm_date_from_ymd(y, m, d, &out))
		out = days_from_civil(y, m, d);
	return out;
}

bool bm_time_parse(const char *s, int64_t *out)
{
	int32_t days;
	int hh, mm, ss;
	char date[BM_DATE_LEN];

	if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!bm_date_parse(date, &days))
		return false;
	if (!digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) || !digits(s + 17, 2, &ss))
		return false;
	if (hh > 23 || mm > 59 || ss > 59)
		return false;
	*out = (int64_t)days * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

void bm_time_hour_key(int64_t t, char out[BM_HOUR_KEY_LEN])
{
	char buf[BM_ISO_TIME_LEN];
	int64_t r = t % 3600;
	bm_time_format(t - (r < 0 ? r + 3600 : r), buf);
	memcpy(out, buf, BM_HOUR_KEY_LEN - 1);
	out[BM_HOUR_KEY_LEN - 1] = '\0';
}

void bm_time_format(int64_t t, char out[BM_ISO_TIME_LEN])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	bm_date_format((int32_t)days, out);
	out[10] = 'T';
	put_digits(out + 11, (unsigned)(rem / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (unsigned)(rem / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (unsigned)(rem % 60), 2);
	out[19] = 'Z';
	out[20] = '\0';
}

int32_t bm_time_local_date(int64_t t, int offset_minutes)
{
	int64_t local = t + (int64_t)offset_minutes * 60;
	return (int32_t)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

int64_t bm_date_local_start(int32_t days, int offset_minutes)
{
	return (int64_t)days * 86400 - (int64_t)offset_minutes * 60;
}

int64_t bm_time_now(void)
{
#ifdef BM_TEST_CLOCK
	/* A test build only (meson -Dtest_clock=true): "now" fixed by the environment. */
	const char *fixed = getenv("BAOMI_NOW");
	int64_t t;
	if (fixed && bm_time_parse(fixed, &t))
		return t;
#endif
	return (int64_t)time(NULL);
}
