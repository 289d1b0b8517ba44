/*
 * store/store_letter.h — REG-3 personal letters.
 *
 * Part of the store interface: include "store/store.h", which includes
 * every domain's records and holds the table of operations (bm_store_ops)
 * that reads and writes them. Ownership and conventions: store.h.
 */
#ifndef BM_STORE_LETTER_H
#define BM_STORE_LETTER_H

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
} bm_letter_row;

#endif
