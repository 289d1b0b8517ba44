/*
 * letter.h — personal letters (领导亲启, REG-3) and the separation of
 * classified and ordinary items (REG-4), service/letter.c.
 *
 * A letter marked "personal" is logged unopened by the clerk: sender, date
 * received, addressee. Only the addressee records its opening, saying
 * whether it held classified contents; if it did, the letter waits
 * ("to_register") until the clerk registers the contents as incoming
 * carriers linked to it (bm_carrier_input.letter), and then it is
 * "registered". The clerk sees every letter of the unit, the addressee
 * their own; anybody else finds none. Every use case is audited.
 */
#ifndef BM_SERVICE_LETTER_H
#define BM_SERVICE_LETTER_H

#include <jansson.h>

#include "service/service.h"

/* What the clerk reads off the envelope. Text fields are raw user input. */
typedef struct bm_letter_input {
	const char *sender;      /* required */
	const char *received_on; /* date, default today; never in the future */
	const char *addressee;   /* person ref (id, username or name), required */
	const char *note;
} bm_letter_input;

/* Logs a sealed letter (clerk only). `*out` lives in ctx->arena. */
int bm_svc_letter_log(bm_ctx *ctx, const bm_letter_input *in, bm_letter_row **out);

/*
 * REG-3: the addressee, and only they, records the opening; `classified`
 * says whether it held classified contents. Anybody else is refused
 * (BM_EDENIED, REG-3); a letter already opened is BM_ECONFLICT.
 */
int bm_svc_letter_open(bm_ctx *ctx, int64_t id, bool classified, const char *note,
                       bm_letter_row **out);

/* One letter the actor may see (clerk or addressee), else BM_ENOTFOUND. */
int bm_svc_letter_show(bm_ctx *ctx, int64_t id, bm_letter_row **out);

/* The letters the actor may see, oldest first; `status` NULL = any. */
int bm_svc_letter_list(bm_ctx *ctx, const char *status, bm_letter_row **out, size_t *count);

/* A letter as JSON with status names in zh and en (new reference). */
json_t *bm_letter_to_json(const bm_letter_row *l);

/*
 * Inside the registration of an incoming carrier (carrier.c): checks that
 * letter `ref` was opened by its addressee and declared classified (REG-3),
 * loading it into `*out`; after the carrier is inserted, bm_letter_link
 * links it and marks the letter registered.
 */
int bm_letter_for_contents(bm_ctx *ctx, const char *ref, bm_letter_row **out);
int bm_letter_link(bm_ctx *ctx, bm_letter_row *l, int64_t carrier_id);

#endif
