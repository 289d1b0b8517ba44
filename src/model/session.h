/*
 * model/session.h — SYS-4 sessions of the HTTP API.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_SESSION_H
#define BM_MODEL_SESSION_H

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
