/*
 * records_int.h — what only the record-keeping services share
 * (records.c, records_level.c, records_custody.c).
 */
#ifndef BM_RECORDS_INT_H
#define BM_RECORDS_INT_H

#include <jansson.h>

#include "service/service_int.h"

/* Field limits, in characters. */
enum {
	REC_MAX_NOTE = 1000,
	REC_MAX_TEXT = 200,
	REC_MAX_COPIES = 500,
	REC_MAX_ITEMS = 1000,
};

/* True when `s` holds text. */
static inline bool rec_given(const char *s)
{
	return s && *s;
}

/*
 * Loads carrier `id` of the actor's unit for handling: a carrier above the
 * actor's clearance is refused (PERSON-1), one of another unit is "not found".
 */
int bm_rec_load_carrier(bm_ctx *ctx, int64_t id, bm_carrier **out);

/*
 * The request's params as a JSON object (new reference; an empty object
 * when the text is empty). Malformed params are corrupt data.
 */
int bm_rec_params(const bm_request_row *r, json_t **out);

/* A string param copied into the arena, or NULL (numbers are turned into text). */
const char *bm_rec_param_str(bm_ctx *ctx, json_t *params, const char *key);

/* An integer param (a number or a decimal string), or `fallback`. */
long bm_rec_param_int(json_t *params, const char *key, long fallback);

/* The carrier's period as rules.h sees it (borrowed strings). */
void bm_rec_period_of(const bm_carrier *c, bm_period *out);

/* BM_ENOTFOUND → *open false; an open loan → true; errors returned. */
int bm_rec_open_loan(bm_ctx *ctx, int64_t carrier_id, bool *open);

/* "request:12" / "carrier:12" in the arena. */
const char *bm_rec_object(bm_ctx *ctx, const char *kind, int64_t id);

/* Writes the first `n` carrier ids into a JSON array (new reference). */
json_t *bm_rec_ids_json(const int64_t *ids, size_t n);

#endif
