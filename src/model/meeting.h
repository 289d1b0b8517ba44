/*
 * model/meeting.h — classified meetings (涉密会议, MEET-1, MEET-2): the
 * meeting, its participants (its knowledge scope), its measures and the
 * documents issued to participants (each a loan of kind "meeting"), and
 * its history.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_MEETING_H
#define BM_MODEL_MEETING_H

#include "common.h"
#include "model/vocab.h"

/* One meeting. Names are filled by the reads. */
typedef struct bm_meeting_row {
	int64_t id;
	int64_t unit_id;
	const char *title;
	bm_level level;
	int64_t site_id;         /* 0 = none: held in `room` instead (a key site otherwise) */
	const char *room;        /* a room that is not a key site; NULL with a site */
	const char *starts_at;   /* instant */
	const char *ends_at;     /* instant */
	int64_t organiser_id;    /* person.id */
	bool no_wireless;        /* MEET-1: no wireless microphones */
	bool phones_collected;   /* MEET-1: phones collected */
	bool room_checked;       /* MEET-1: the room checked */
	const char *measures_at; /* when the measures were last recorded; NULL: never */
	int64_t measures_by;
	const char *note;
	const char *status; /* "planned", "open" or "closed" */
	const char *opened_at;
	const char *closed_at;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
	/* filled by the reads: */
	const char *site_name, *organiser_name;
	int64_t n_participants, n_documents, n_out; /* documents issued, not yet back */
} bm_meeting_row;

/* Which meetings meeting_list gives. */
typedef struct bm_meeting_filter {
	int64_t unit_id;
	const char *status; /* NULL = any */
	int level;          /* -1 = any */
	const char *from;   /* NULL = any; starts_at >= from (instant) */
	const char *to;     /* NULL = any; starts_at < to (instant) */
	bool out_only;      /* only meetings with documents not yet back */
	const char *q;      /* NULL = any; matched in title, room, site */
	int64_t person_id;  /* 0 = any; else only those it organises or attends */
} bm_meeting_filter;

/* A participant (the meeting's scope); taken off by removed_at, the row stays. */
typedef struct bm_meeting_participant_row {
	int64_t id;
	int64_t meeting_id;
	int64_t person_id;
	int64_t added_by;
	const char *added_at;
	const char *removed_at; /* NULL while listed */
	int64_t removed_by;
	/* filled by the reads: */
	const char *person_name, *department_name;
	bm_class person_class;
} bm_meeting_participant_row;

/* A document issued at a meeting: the loan's facts with the carrier's. */
typedef struct bm_meeting_document_row {
	int64_t id; /* meeting_document.id */
	int64_t meeting_id;
	int64_t loan_id;
	int64_t carrier_id;
	/* from the loan and the carrier, filled by the reads: */
	int64_t holder_id;
	const char *holder_name;
	const char *issued_at, *due_at, *signature;
	const char *returned_at; /* NULL while out */
	int64_t received_by;
	const char *received_by_name;
	const char *return_note;
	const char *carrier_title, *carrier_number; /* number: the 文号 */
	int64_t carrier_serial;
	bm_level carrier_level;
} bm_meeting_document_row;

/* A line of a meeting's history. */
typedef struct bm_meeting_event_row {
	int64_t id;
	int64_t meeting_id;
	const char *at;
	int64_t actor_id;
	const char *action;
	const char *detail;
	const char *actor_name; /* filled by the reads */
} bm_meeting_event_row;

#endif
