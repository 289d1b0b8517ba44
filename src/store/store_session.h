/*
 * store/store_session.h — SYS-4 sessions of the HTTP API.
 *
 * Part of the store interface: include "store/store.h", which includes
 * every domain's records and holds the table of operations (bm_store_ops)
 * that reads and writes them. Ownership and conventions: store.h.
 */
#ifndef BM_STORE_SESSION_H
#define BM_STORE_SESSION_H

#include "common.h"
#include "model/vocab.h"

/*
 * SYS-4: a login session of the HTTP API. Only a hash of the bearer token
 * is stored (lower-case hex of BLAKE2b-256), never the token itself.
 */
typedef struct bm_session {
	int64_t id;
	const char *token_hash;
	int64_t person_id;
	const char *channel; /* "api" */
	const char *created_at;
	const char *last_seen_at; /* refreshed by requests; idle expiry counts from it */
	const char *ended_at;     /* NULL while the session is open */
	const char *end_reason;   /* "logout", "idle", "disabled", "password_reset", … */
} bm_session;

#endif
