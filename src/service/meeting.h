/*
 * meeting.h — classified meetings (涉密会议, MEET-1, MEET-2),
 * service/meeting.c.
 *
 * A meeting records its level, its place (a key site of the register, or
 * a room), its start and end, its organiser, its participants — its
 * knowledge scope: each cleared for the level as for a carrier's scope
 * (PERSON-1/2/3/7) — and the measures taken (no wireless microphones,
 * phones collected, room checked). A 秘密-or-above meeting is not opened
 * without every measure recorded (MEET-1). Its documents are registered
 * carriers issued to participants against signature — each a loan of kind
 * "meeting" — and recalled: 绝密 at the meeting's end, the rest within
 * meeting.recall_hours (MEET-2); what is not back is an alert to the
 * clerk and the holder and, after borrow.overdue_incident_months, an
 * incident candidate (BORROW-6), as for a loan. The secrecy clerk keeps
 * the meetings; a participant or the organiser reads their own. Each
 * change is one transaction, audited, and a line of the meeting's history.
 */
#ifndef BM_SERVICE_MEETING_H
#define BM_SERVICE_MEETING_H

#include <jansson.h>

#include "service/service.h"

/* A meeting as typed. Text fields are raw user input; NULL: not given (edit: unchanged). */
typedef struct bm_meeting_input {
	const char *title;
	const char *level;     /* level code */
	const char *site;      /* key site ref (id or name); "" clears it on edit */
	const char *room;      /* a room that is not a key site; "" clears it on edit */
	const char *starts_at; /* instant YYYY-MM-DDTHH:MM:SSZ */
	const char *ends_at;
	const char *organiser; /* person ref */
	const char *note;
} bm_meeting_input;

/* What the list is filtered by (raw input, NULL = any). */
typedef struct bm_meeting_query {
	const char *status; /* planned, open, closed */
	const char *level;
	const char *from; /* date: meetings starting on or after */
	const char *to;   /* date: meetings starting on or before */
	bool out_only;    /* only those with documents not yet back */
	const char *q;
} bm_meeting_query;

/* A meeting with everything its page shows (arena). */
typedef struct bm_meeting_record {
	bm_meeting_row *meeting;
	bm_meeting_participant_row *participants; /* listed now, in the order added */
	size_t n_participants;
	bm_meeting_document_row *documents; /* issue order */
	size_t n_documents;
	bm_meeting_event_row *events; /* the history, oldest first */
	size_t n_events;
	int64_t now; /* when it was read: a document out past due_at is overdue */
} bm_meeting_record;

/* Records a meeting (clerk, MEET-1); the organiser becomes its first participant. */
int bm_svc_meeting_add(bm_ctx *ctx, const bm_meeting_input *in, bm_meeting_row **out);

/* Changes the fields given; place, time and level only while planned (MEET-1). */
int bm_svc_meeting_edit(bm_ctx *ctx, int64_t id, const bm_meeting_input *in, bm_meeting_row **out);

/*
 * Puts `person` on (add) or takes them off the participant list. Adding
 * refuses a person not cleared for the meeting's level (PERSON-1/2/3/7);
 * taking off refuses the organiser and a participant holding a document.
 */
int bm_svc_meeting_participant(bm_ctx *ctx, int64_t id, const char *person, bool add);

/*
 * Records the measures (MEET-1): each of `no_wireless`, `phones_collected`,
 * `room_checked` is "yes", "no" or NULL (unchanged).
 */
int bm_svc_meeting_measures(bm_ctx *ctx, int64_t id, const char *no_wireless,
                            const char *phones_collected, const char *room_checked,
                            bm_meeting_row **out);

/* Opens (holds) a planned meeting: from 秘密 up only with every measure recorded (MEET-1). */
int bm_svc_meeting_open(bm_ctx *ctx, int64_t id, bm_meeting_row **out);

/* Closes an open meeting; documents not back stay out and raise alerts (MEET-2). */
int bm_svc_meeting_close(bm_ctx *ctx, int64_t id, bm_meeting_row **out);

/*
 * Issues carrier `carrier_id` at the open meeting to participant `holder`,
 * who confirms the receipt themselves as at the desk (MEET-2, REG-1; issue
 * 14 point 5; bm_svc_receipt): their own password on the clerk's screen (a
 * wrong one is refused, nothing is issued, and it counts towards their
 * lockout, SYS-4), or by hand on the printed register when they have no
 * account; a typed name is refused (typed_signature). It is a loan of kind
 * "meeting" due back at the end (绝密) or meeting.recall_hours after it. The carrier's own rules
 * hold: the clerk sees it, it is in store (BORROW-4), the holder is cleared
 * for its level (PERSON-*).
 */
int bm_svc_meeting_issue(bm_ctx *ctx, int64_t id, int64_t carrier_id, const char *holder,
                         const bm_svc_receipt *receipt, bm_meeting_document_row **out);

/* Takes a document issued at the meeting back: who received it, when (MEET-2). */
int bm_svc_meeting_return(bm_ctx *ctx, int64_t id, int64_t carrier_id, const char *note);

/* One meeting with its participants, documents and history. */
int bm_svc_meeting_show(bm_ctx *ctx, int64_t id, bm_meeting_record *out);

/* The meetings, latest first: all of them for the clerk, else those the actor attends. */
int bm_svc_meeting_list(bm_ctx *ctx, const bm_meeting_query *q, bm_meeting_row **out,
                        size_t *count);

/* JSON of a meeting and of a whole record (new references; names in zh and en). */
json_t *bm_meeting_to_json(const bm_meeting_row *m);
json_t *bm_meeting_record_to_json(const bm_meeting_record *r);

#endif
