/*
 * model/letter.h — REG-3 personal letters.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_LETTER_H
#define BM_MODEL_LETTER_H

#include "common.h"
#include "model/vocab.h"

/*
 * REG-3: a sealed personal letter (领导亲启) the clerk logged for its
 * addressee (sqlite_letter.c). Status: sealed → to_register (opened, held
 * classified contents) → registered (contents registered as incoming
 * carriers), or sealed → closed (opened, nothing classified).
 */
typedef struct bm_letter_row {
	int64_t id;
	int64_t unit_id;
	const char *sender;
	const char *received_on; /* date */
	int64_t addressee_id;
	const char *note;
	int64_t logged_by;
	const char *logged_at;
	const char *status;    /* sealed, to_register, registered, closed */
	const char *opened_at; /* NULL while sealed */
	bool classified;       /* stated by the addressee on opening */
	const char *open_note;
	const char *registered_at;
	int64_t *carrier_ids; /* contents registered (letter_get and letter_list) */
	size_t n_carriers;
	const char *addressee_name; /* display, filled on reads */
	const char *logged_by_name;
	/*
	 * Issue 15 point 2: the highest level among the registered contents (a
	 * level's code), for the register's 密级 column; filled by the service's
	 * list and show, NULL before the contents are registered.
	 */
	const char *contents_level;
} bm_letter_row;

#endif
