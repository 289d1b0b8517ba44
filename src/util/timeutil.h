/*
 * timeutil.h — instants and calendar dates, with no clock reads.
 *
 * An instant is seconds since 1970-01-01T00:00:00Z (int64). A date is a
 * count of days since 1970-01-01 (int32, proleptic Gregorian). Stored forms
 * are text: instants "YYYY-MM-DDTHH:MM:SSZ" (UTC), dates "YYYY-MM-DD".
 * Only front ends read the clock (bm_time_now); services receive "now".
 */
#ifndef BM_TIMEUTIL_H
#define BM_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

#define BM_ISO_TIME_LEN 21 /* "2026-11-23T08:38:15Z" + NUL */
#define BM_DATE_LEN     11 /* "2026-11-23" + NUL */

/* Days since 1970-01-01 for a calendar date; false if the date does not exist. */
bool bm_date_from_ymd(int year, int month, int day, int32_t *out);
void bm_date_to_ymd(int32_t days, int *year, int *month, int *day);

/* Parses "YYYY-MM-DD" strictly (years 1900-2999; Feb 30 refused). */
bool bm_date_parse(const char *s, int32_t *out);
void bm_date_format(int32_t days, char out[BM_DATE_LEN]);

/* 0 = Monday … 6 = Sunday. */
int bm_date_weekday(int32_t days);

/* Adds whole years (Feb 29 becomes Feb 28 in a common year). */
int32_t bm_date_add_years(int32_t days, int years);

/* Parses "YYYY-MM-DDTHH:MM:SSZ" strictly. */
bool bm_time_parse(const char *s, int64_t *out);
void bm_time_format(int64_t t, char out[BM_ISO_TIME_LEN]);

#define BM_HOUR_KEY_LEN 14 /* "2026-11-23T08" + NUL */
/* The key "YYYY-MM-DDTHH" of the UTC hour holding the instant `t` (the audit tally's hour). */
void bm_time_hour_key(int64_t t, char out[BM_HOUR_KEY_LEN]);

/* The calendar date of an instant at a fixed offset from UTC (China: +480 minutes). */
int32_t bm_time_local_date(int64_t t, int offset_minutes);

/*
 * The instant a calendar date begins at a fixed offset from UTC: local
 * midnight. bm_time_local_date(bm_date_local_start(d, o), o) == d, and the
 * instants of date d are [bm_date_local_start(d, o), bm_date_local_start(d + 1, o)).
 */
int64_t bm_date_local_start(int32_t days, int offset_minutes);

/*
 * The wall clock. In a test build only (meson -Dtest_clock=true, which make
 * check sets), the environment variable BAOMI_NOW, when it holds an instant
 * ("YYYY-MM-DDTHH:MM:SSZ"), fixes "now" instead; the default build ignores
 * it, so nobody back-dates audit events with it (issue 9). Front ends only.
 */
int64_t bm_time_now(void);

#endif
