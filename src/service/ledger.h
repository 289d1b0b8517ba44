/*
 * ledger.h — the ledger use cases of issue 3: sending (发文/传递, SEND-1..5),
 * counting (清查, INV-1..4), incidents (失泄密事件, BORROW-6, INV-4, INC-1/4),
 * alerts (提醒) and the classic paper registers (登记簿, REG-1).
 *
 * Same contract as service.h: one use case per function, one transaction
 * each (bm_svc_begin/bm_svc_end), refusals audited and naming their rule;
 * records returned live in ctx->arena.
 *
 * How a dispatched carrier stands (the vocabulary has no "sent" status, and
 * it is not extended): while a dispatch waits for the recipient's receipt
 * the carrier is on its way, carried out of the office by the courier, so
 * its status is `taken_out` (携带外出) and its history says "dispatch"; once
 * the recipient signs (签收) it has left the unit's custody and its status
 * is `returned` (已清退: no longer held), history "dispatch.signed". The
 * carrier stays in the ledger for ever with its dispatch record; the
 * 发文登记簿 shows where it went. A dispatch is `open` until every receipt
 * is signed (SEND-4), then `complete`. A count lists a carrier in transit
 * as "out, accounted for", like one on loan.
 */
#ifndef BM_SERVICE_LEDGER_H
#define BM_SERVICE_LEDGER_H

#include "service/service.h"
#include "util/buf.h"

/* ---- sending (service/send.c) ------------------------------------------ */

/* What the clerk (机要员) gives to send carriers. Text fields are raw input. */
typedef struct bm_dispatch_input {
	const int64_t *carrier_ids; /* the copies sent */
	size_t n_carriers;
	const char *const *recipients; /* SEND-4: the distribution list, one per copy, in order */
	size_t n_recipients;
	const char *channel; /* SEND-1: bm_channel code or Chinese name */
	const char *courier; /* SEND-2: the named dedicated person (机密 and above) */
	const char *escorts; /* SEND-2: comma list of further escorts */
	const char *note;
	bool foreign_party; /* FOREIGN-1: the addressee is a foreign party */
	/*
	 * FOREIGN-1: the approved provision request this dispatch carries out
	 * (0 = none). With no carriers and no recipients given, they are the
	 * request's carriers and its recipient.
	 */
	int64_t request_id;
} bm_dispatch_input;

/*
 * Sends carriers (clerk only). Refuses a forbidden channel (SEND-1; 绝密 by
 * any fax SEND-3), a 机密+ dispatch without a named courier or a dedicated
 * delivery with too few people (SEND-2: the courier and the escorts, 绝密
 * at least two), a distribution list that does not count one recipient per
 * copy (SEND-4), and carriers not in store or not visible. A dispatch to a
 * foreign party (or naming a request) carries out an approved FOREIGN-1
 * request — exactly its carriers, to its recipient, its requester still
 * allowed and the higher authority's approval recorded — and marks the
 * request executed; without one it is refused (FOREIGN-1). `*out` is the
 * new dispatch with its items.
 */
int bm_svc_dispatch_create(bm_ctx *ctx, const bm_dispatch_input *in, bm_dispatch_row **out);

/*
 * Records the recipient's receipt (签收) of one carrier of a dispatch; the
 * dispatch completes when every receipt is signed (SEND-4). Clerk only.
 */
int bm_svc_dispatch_sign(bm_ctx *ctx, int64_t dispatch_id, int64_t carrier_id,
                         const char *signed_by);

/* One dispatch with its items (clerk only). */
int bm_svc_dispatch_show(bm_ctx *ctx, int64_t id, bm_dispatch_row **out);

/* Every dispatch, oldest first; only the open ones with `open_only` (clerk only). */
int bm_svc_dispatch_list(bm_ctx *ctx, bool open_only, bm_dispatch_row **out, size_t *count);

/*
 * SEND-5: appends the envelope text of a dispatch to `out`: one envelope per
 * recipient, showing the highest level inside, the envelope number, sender
 * and receiver, and the list of documents (文号, 份号, title, level).
 */
int bm_svc_dispatch_envelope(bm_ctx *ctx, int64_t id, bm_buf *out);

/* A dispatch as JSON (new reference; json_decref). */
json_t *bm_dispatch_to_json(const bm_dispatch_row *d);

/* ---- counting (service/count.c) ---------------------------------------- */

/*
 * Why a device tick is unexpected (its stored reason: "scrapped", "outside",
 * anything else: not in the register), in the words the count's screen and
 * its 清查表 show; NULL for no reason.
 */
const char *bm_count_device_where(const char *reason);

/* One carrier in a count's result. Strings live in the arena. */
typedef struct bm_count_line {
	int64_t carrier_id;
	const char *title;   /* NULL: an id the ledger does not know */
	const char *marking; /* LEVEL-8 marking */
	const char *number;  /* 文号 and 份号, or NULL */
	const char *status;  /* bm_status code, or NULL for an unknown id */
	const char *where;   /* out: who has it or the dispatch; unexpected: why (Chinese) */
	const char *note;    /* the tick's note */
	int64_t incident_id; /* missing: the incident opened (INV-4), 0 = none */
	const char *place;   /* the carrier's 存放地点 (issue 14 point 6), or NULL */
} bm_count_line;

/*
 * INV-4 (issue 14 point 6): what closing an open count now makes 下落不明,
 * as its review shows it and the close must confirm. `carriers` and
 * `devices` become (or stay) missing; `on_open` of them are already on an
 * open incident, which the close names (no second one is opened); the
 * rest go on the incident the close opens. `token` (16 hex digits) is a
 * digest of the count's ticks and of every such line with its incident: a
 * tick, a new carrier or an incident closed since the review changes it.
 */
typedef struct bm_count_confirm {
	int64_t carriers, devices, on_open;
	const char *token;
} bm_count_confirm;

/*
 * INV-3: what a count found against the ledger. The arrays hold the lines
 * asked for (every line, or a page of each list, bm_count_page); `tally`
 * holds each list's whole size and `next` where each list's next page
 * starts (the `after` to ask for; 0: no more).
 */
typedef struct bm_count_result {
	bm_count_session_row *session;
	size_t n_expected;    /* carriers the ledger says are in scope */
	bm_count_line *found; /* ticked (complete or not) */
	size_t n_found;
	bm_count_line *missing; /* in store per the ledger, not ticked */
	size_t n_missing;
	bm_count_line *out; /* on loan or in transit: accounted for elsewhere */
	size_t n_out;
	bm_count_line *unexpected; /* ticked but not in the expected set */
	size_t n_unexpected;
	bm_count_line *incomplete; /* found without all attachments */
	size_t n_incomplete;
	bool accounted; /* 件件有着落: nothing missing */
	bm_count_tally tally;
	int64_t next[BM_COUNT_LISTS];
	const char *digest; /* a closed count's: SM3 of its stored lines (NULL before issue 17) */
	/*
	 * Issue 10 point 3: the devices of the scope, counted like carriers
	 * (every line: a register is small), by list then id; device_tally
	 * counts found, missing and unexpected, expected = found + missing.
	 */
	bm_count_device_line *devices;
	size_t n_devices;
	bm_count_tally device_tally;
	/* Issue 14 point 6: the progress at the page's 存放地点 (a page with `place`). */
	bm_count_place *places;
	size_t n_places;
	bool place_asked;
	/* INV-4, issue 14 point 6: what closing now must confirm (a page with `review`). */
	bm_count_confirm confirm;
	bool review_asked;
} bm_count_result;

/*
 * Which lines of a result to give (issue 17): each list's first `limit`
 * lines (0: every line), or with `one` only list `list`'s lines after
 * carrier id `after`.
 */
typedef struct bm_count_page {
	int64_t limit;
	bool one;
	bm_count_list list;
	int64_t after;
	/*
	 * Issue 14 point 6, counting safe by safe: with `place` (a 存放地点's
	 * id; -1: the carriers with none) only that place's carriers are
	 * listed, unexpected ticks not at all (they have no place in the
	 * count), and the result's `places` gives that place's progress.
	 */
	int64_t place;
	/* INV-4: an open count's `confirm` too (a walk over what would go missing). */
	bool review;
} bm_count_page;

/*
 * Starts a count (clerk only) over the whole unit ("unit"), a department
 * ("department", `scope_ref` a department) or a custodian ("custodian",
 * `scope_ref` a person). `*out` is the new session.
 */
int bm_svc_count_start(bm_ctx *ctx, const char *scope_kind, const char *scope_ref,
                       const char *reason, bm_count_session_row **out);

/*
 * Ticks (or scans) one carrier by id as found, `incomplete` when
 * attachments are missing. An id outside the expected set is kept and
 * reported as unexpected at the close. Ticking again keeps the first
 * tick's time (issue 14 point 6); a plain rescan only adds "incomplete",
 * one with a note replaces the state and the note.
 */
int bm_svc_count_tick(bm_ctx *ctx, int64_t session_id, int64_t carrier_id, bool incomplete,
                      const char *note);

/*
 * What a tick met (issue 14 point 6): `repeat` when the carrier was ticked
 * before in this count, with that first tick's time and state (the
 * repeated scan counts nothing twice: the first time stays; a plain one
 * only adds "incomplete", one with a note replaces state and note); and
 * the carrier as the ledger knows it (title,
 * number, marking, 存放地点; NULL when the id is unknown or hidden).
 */
typedef struct bm_count_tick_info {
	bool repeat;
	const char *first_at;
	bool first_incomplete;
	const char *title, *number, *marking, *place;
	int64_t place_id;
} bm_count_tick_info;

/* bm_svc_count_tick, telling what the tick met in `*info` (may be NULL). */
int bm_svc_count_tick_info(bm_ctx *ctx, int64_t session_id, int64_t carrier_id, bool incomplete,
                           const char *note, bm_count_tick_info *info);

/*
 * Ticks (or scans, "baomi:device:N") one device as found (issue 10 point
 * 3). A device is found or not: `incomplete` is refused (INV-3). An id
 * outside the count's devices is kept and reported as unexpected at the
 * close. A repeated scan counts once (issue 14 point 6): the first tick's
 * time stays, a plain rescan writes nothing, one with a note replaces the
 * note.
 */
int bm_svc_count_tick_device(bm_ctx *ctx, int64_t session_id, int64_t device_id, bool incomplete,
                             const char *note);

/*
 * bm_svc_count_tick_device telling a repeated scan in `*info` (may be
 * NULL): `repeat` and `first_at`, the first tick's time, which stays
 * (issue 14 point 6); the other fields are left empty.
 */
int bm_svc_count_tick_device_info(bm_ctx *ctx, int64_t session_id, int64_t device_id,
                                  bool incomplete, const char *note, bm_count_tick_info *info);

/*
 * Closes a count (INV-3): found, missing, out (accounted for), unexpected
 * and incomplete carriers, and found, missing and unexpected devices. Every
 * missing carrier or device becomes `missing` and is listed on the count's
 * one `missing` incident (INV-4); a missing one found again goes back in
 * store (a device back in use). The result is stored with the session.
 * `out` may be NULL. Nothing is confirmed: a close that would make
 * anything missing is refused (INV-4; bm_svc_count_close_confirmed).
 */
int bm_svc_count_close(bm_ctx *ctx, int64_t session_id, bm_count_result *out);

/*
 * The same with the result's lines paged (`pg`; NULL: every line). The
 * close is set-based (issue 17): the store compares and writes in SQL,
 * the result's lines are stored as rows (count_line) and the one audit
 * event holds each list's size and the digest of the lines.
 */
int bm_svc_count_close_page(bm_ctx *ctx, int64_t session_id, const bm_count_page *pg,
                            bm_count_result *out);

/*
 * The close as a clerk confirms it (INV-4, issue 14 point 6): `confirm`
 * (NULL: nothing confirmed) gives the number of carriers and devices the
 * review showed as becoming missing (`carriers` + `devices`, their sum is
 * what is compared) and its `token`. A close that makes anything missing
 * without a confirmation, or whose confirmation no longer holds, is
 * refused (INV-4) and changes nothing.
 */
int bm_svc_count_close_confirmed(bm_ctx *ctx, int64_t session_id, const bm_count_confirm *confirm,
                                 const bm_count_page *pg, bm_count_result *out);

/*
 * A count session: the stored result once closed, otherwise a preview of
 * what closing now would give (nothing is changed). Clerk only.
 */
int bm_svc_count_show(bm_ctx *ctx, int64_t session_id, bm_count_result *out);

/* The same with the lines paged (`pg`; NULL: every line). */
int bm_svc_count_show_page(bm_ctx *ctx, int64_t session_id, const bm_count_page *pg,
                           bm_count_result *out);

/*
 * Issue 15 point 2: the count's result as the 涉密载体清查表, CSV or an Excel
 * workbook (util/xlsx.h), appended to `out`: every line of every list (a
 * closed count's stored result; an open count's preview, said so in the title
 * row) and the scope's devices. Clerk only (INV-3), audited as count.export.
 */
int bm_svc_count_sheet(bm_ctx *ctx, int64_t session_id, bm_sheet_format format, bm_buf *out);

/*
 * Issue 14 point 6: each 存放地点's part of a count (clerk only): expected,
 * found, missing (not yet found, while open), out and incomplete, by place
 * id (the carriers with no place first, place_id 0); only `place` when
 * not 0 (-1: the carriers with none). An open count is compared live, a
 * closed one read from its stored lines.
 */
int bm_svc_count_places(bm_ctx *ctx, int64_t session_id, int64_t place, bm_count_place **out,
                        size_t *count);

/* Places as JSON (new reference): an array of {place_id, place, expected, …}. */
json_t *bm_count_places_to_json(const bm_count_place *v, size_t n);

/* Every count session, oldest first (clerk only), each with its scope_name. */
int bm_svc_count_list(bm_ctx *ctx, bm_count_session_row **out, size_t *count);

/*
 * A count session as a line of the list (new reference): id, scope, scope_id,
 * scope_name, reason, who started it and when, closed_at, status ("open" or
 * "closed") and status_name, and once closed the stored result's figures
 * (expected, found, missing, out, unexpected, incomplete, incidents_opened,
 * incident_id, accounted) — the 清查登记表 of GET /counts?format= (issue 15).
 */
json_t *bm_count_session_to_json(const bm_count_session_row *s);

/* A count result as JSON (new reference). */
json_t *bm_count_result_to_json(const bm_count_result *r);

/* ---- incidents (service/incident.c) ------------------------------------ */

/* INC-1: the record of a loss or leak. Text fields are raw input; NULL = not given. */
typedef struct bm_incident_input {
	const char *kind;          /* missing, overdue, leak, other */
	int64_t carrier_id;        /* 0 = none */
	const char *what;          /* what was lost or leaked (default: the carrier's title) */
	const char *level;         /* its level (default: the carrier's) */
	const char *quantity;      /* how much (default 1 with a carrier) */
	const char *form;          /* carrier form (default: the carrier's kind) */
	const char *harm;          /* harm done or feared */
	const char *circumstances; /* how it happened */
	const char *responsible;   /* the people responsible */
	const char *remedies;      /* remedies taken */
	const char *discovered_at; /* INC-1: when it was discovered (instant); default: now */
} bm_incident_input;

/* INC-1: the report to the higher authority (raw input; NULL = not given). */
typedef struct bm_incident_notice_input {
	const char *sent_at;  /* when (instant); default: now */
	const char *to;       /* to whom: the higher secrecy authority, the leadership group */
	const char *document; /* its document number */
	const char *reason;   /* an amendment's reason (bm_svc_incident_notice_amend) */
} bm_incident_notice_input;

/*
 * Opens an incident. Anybody handling carriers may report one (the carrier
 * must be visible to them); the INC-1 record is complete when every field
 * is recorded. Until the report to the higher authority is recorded
 * (bm_svc_incident_notify) an alert counts incident.report_hours from the
 * discovery (`discovered_at`, default now). `*out` is the new incident.
 */
int bm_svc_incident_open(bm_ctx *ctx, const bm_incident_input *in, bm_incident_row **out);

/* INC-1: completes or corrects the report's fields (clerk or leader). */
int bm_svc_incident_report(bm_ctx *ctx, int64_t id, const bm_incident_input *in);

/* INC-4: records the investigation's findings (clerk or leader). */
int bm_svc_incident_findings(bm_ctx *ctx, int64_t id, const char *findings);

/*
 * INC-1: records the report to the higher authority (when, to whom, which
 * document), once; it clears the 24-hour alert, which counts from the
 * discovery. Clerk or leadership, on an open incident.
 */
int bm_svc_incident_notify(bm_ctx *ctx, int64_t id, const bm_incident_notice_input *in);

/*
 * INC-1: amends the report to the higher authority recorded on incident
 * `id`, with `in->reason`: what is not given in `in` stays as recorded;
 * something must change. The report replaced is kept in the incident's
 * `notice_history` (with replaced_at, replaced_by, replaced_because), the
 * new one says `amended` and its reason; audited as incident.notice_amend
 * with the report before and after. Same roles as the report itself.
 */
int bm_svc_incident_notice_amend(bm_ctx *ctx, int64_t id, const bm_incident_notice_input *in);

/* Closes an incident; refused until the report and findings are recorded (INC-1, INC-4). */
int bm_svc_incident_close(bm_ctx *ctx, int64_t id, const char *note);

/* One incident (clerk, leader, or whoever opened it). */
int bm_svc_incident_show(bm_ctx *ctx, int64_t id, bm_incident_row **out);

/* Incidents (status "open", "closed" or NULL), the ones the actor may see. */
int bm_svc_incident_list(bm_ctx *ctx, const char *status, bm_incident_row **out, size_t *count);

/* An incident as JSON (new reference). */
json_t *bm_incident_to_json(const bm_incident_row *i);

/* ---- alerts (service/alerts.c) ----------------------------------------- */

/* One dated alert. Strings are static or live in the arena; ids 0 = none. */
typedef struct bm_alert {
	const char *rule;    /* REGULATIONS.md ID */
	const char *code;    /* stable machine code */
	const char *urgency; /* "high", "medium", "low" */
	const char *text_zh;
	const char *text_en;
	int64_t carrier_id;
	int64_t request_id;
	int64_t loan_id;
	int64_t dispatch_id;
	int64_t incident_id;
	int64_t letter_id;        /* REG-3: a personal letter not handed back */
	int64_t admin_alert_id;   /* SYS-1: the auditor's alert to acknowledge (0: none) */
	int64_t filing_id;        /* SYS-1: the account filing it concerns */
	int64_t person_id;        /* SYS-1: the account it concerns */
	int64_t device_id;        /* DEV-3: the computer whose login password is due */
	int64_t rectification_id; /* INSP-2: the rectification notice past its deadline */
	const char *due;          /* date (YYYY-MM-DD) it was or is due, or NULL */
	int days_overdue;         /* 0 while not yet due */
	bool incident_candidate;  /* BORROW-6: to be handled as a loss */
} bm_alert;

/*
 * Every alert at `now` (front ends pass bm_time_now(), so BAOMI_NOW fixes
 * it): overdue borrowings and take-outs (BORROW-2, CARRY-2), incident
 * candidates (BORROW-6), circulation and reading not back in time
 * (CIRC-3), periods ending (LEVEL-6), late registration (REG-2), unsigned
 * receipts (SEND-4), approvals pending too long (approval.max_pending_days),
 * counts due by level and before holidays (INV-1, INV-2), incidents past
 * their report or findings limits (INC-1, INC-4). Only alerts about
 * carriers the actor may see (SYS-2); a request pending too long also
 * alerts the approver whose step it is. Most urgent first. Audited.
 */
int bm_svc_alerts(bm_ctx *ctx, int64_t now, bm_alert **out, size_t *count);

/* Which alerts a page holds (issue 17): limit 0 is every one. */
typedef struct bm_alert_query {
	int64_t limit, offset;
	const char *code;    /* only alerts of this code (NULL: every kind) */
	const char *urgency; /* only alerts of this urgency (NULL: every urgency) */
} bm_alert_query;

/* How many alerts of one rule, code and urgency there are. */
typedef struct bm_alert_kind_count {
	const char *rule, *code, *urgency;
	int64_t count;
} bm_alert_kind_count;

typedef struct bm_alert_page {
	bm_alert *items;
	size_t n;
	int64_t total;              /* the alerts the query's code and urgency select */
	bm_alert_kind_count *kinds; /* every kind with alerts, whatever the filter, in order */
	size_t n_kinds;
} bm_alert_page;

/*
 * The alerts of bm_svc_alerts a page at a time, with the count of each
 * kind: most urgent first, then by rule and code, then within a kind the
 * most overdue first. The carriers' alerts (LEVEL-6, REG-2, KEEP-6, INV-4)
 * are counted and paged by index ranges (issue 17), so neither the counts
 * nor a page read every carrier. Audited as bm_svc_alerts.
 */
int bm_svc_alerts_page(bm_ctx *ctx, int64_t now, const bm_alert_query *q, bm_alert_page *out);

/* An alert as JSON (new reference). */
json_t *bm_alert_to_json(const bm_alert *a);

/* ---- registers (service/registers.c) ----------------------------------- */

typedef enum bm_register_kind {
	BM_REGISTER_INCOMING = 0, /* 收文登记簿 */
	BM_REGISTER_DISPATCH,     /* 发文登记簿 */
	BM_REGISTER_BORROW,       /* 借阅登记簿 */
	BM_REGISTER_COPY,         /* 复制登记簿 */
	BM_REGISTER_TAKE_OUT,     /* 携带外出登记簿 */
	BM_REGISTER_DESTROY,      /* 销毁登记簿 */
	BM_REGISTER_HANDOVER,     /* 移交登记簿 (KEEP-2): one row per hand-over list */
	BM_REGISTER_COUNT
} bm_register_kind;

/* Codes: incoming, dispatch, borrow, copy, take-out, destroy; zh: the register's name. */
extern const bm_vocab_entry bm_register_names[BM_REGISTER_COUNT];

typedef struct bm_register_col {
	const char *key; /* JSON key */
	const char *zh;  /* column header */
	const char *en;
} bm_register_col;

/* A register: a table of text cells (REG-1 columns). */
typedef struct bm_register {
	bm_register_kind kind;
	bool classified;       /* REG-4: the book of 涉密载体, else that of 普通文件 */
	const char *from, *to; /* the dates asked for, or NULL */
	const bm_register_col *cols;
	size_t n_cols;
	const char **cells; /* n_rows × n_cols, row by row; NULL = empty cell */
	size_t n_rows;
	/*
	 * LEVEL-7/8: per row, the carrier's current marking, its registered
	 * marking (to be struck out) and the decision's note; all NULL unless the
	 * carrier's level was decided. n_rows × 3. The 密级 cell holds the same
	 * on one line (bm_carrier_marking_text) for CSV and text.
	 */
	const char **struck;
	bm_xlsx_meta sheet; /* the title row of an .xlsx export (issue 15) */
} bm_register;

/*
 * Builds a register from the data, rows dated `from`..`to` (YYYY-MM-DD,
 * local dates, inclusive, either may be NULL), only rows about carriers the
 * actor may see (SYS-2). `kind` is a code or Chinese name. REG-4: `book` is
 * "classified" (涉密载体; NULL or "" too) or "ordinary" (普通文件): the
 * register holds the entries of that book only, in the order of their
 * running numbers (登记序号, the column "seq"), which the entries keep from
 * when they were made (migration 41). Audited as a read.
 */
int bm_svc_register(bm_ctx *ctx, const char *kind, const char *book, const char *from,
                    const char *to, bm_register *out);

/* The register's title with its book (REG-4): 收文登记簿（涉密载体）; `en` in English. */
const char *bm_register_title(const bm_register *r, bm_arena *a, bool en);

typedef enum bm_register_format {
	BM_REGISTER_TEXT = 0, /* aligned columns, Chinese headers */
	BM_REGISTER_CSV,      /* UTF-8 with BOM, RFC 4180 quoting, CRLF */
	BM_REGISTER_JSON,     /* {"register","title","columns","rows":[{key: value}]} */
	BM_REGISTER_XLSX, /* an Excel workbook (util/xlsx.h): title row, frozen header, print setup
	                   */
} bm_register_format;

/* Appends the register in `format` to `out`. Returns 0, BM_ENOMEM or BM_ETOOLARGE (.xlsx:
 * or BM_ERROR when the workbook cannot be written), set. */
int bm_register_render(const bm_register *r, bm_register_format format, bm_buf *out);

#endif
