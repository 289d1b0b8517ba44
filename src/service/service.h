/*
 * service.h — the use cases. One function per use case, one transaction each:
 * authenticate → authorize (role, clearance, scope) → policy → mutate →
 * append audit → commit. A refusal rolls everything back and is audited in
 * a transaction of its own. Front ends (CLI, HTTP) call only these.
 *
 * Every function returns 0 or a BM_E* code with bm_error_last() set; a
 * refusal by a rule carries that rule's REGULATIONS.md ID.
 * Records returned live in ctx->arena.
 */
#ifndef BM_SERVICE_H
#define BM_SERVICE_H

#include <jansson.h>

#include "common.h"
#include "model/data.h"
#include "policy/policy.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xlsx.h"

/*
 * The database, opaque: front ends open and close it (bm_svc_open,
 * bm_svc_close) and hand it to bm_ctx_init; only the services call the
 * store (store/store.h), which front ends never include, not even through
 * this header (tools/layers.py follows includes).
 */
typedef struct bm_store bm_store;

/* ---- the database (service/open.c) ------------------------------------- */

/*
 * Opens (creating if needed) the database at `target` (a file path) and
 * applies pending migrations; a back end built against another store ABI is
 * refused ("store_abi_mismatch"). `*out` is written only on success and
 * belongs to the caller, who frees it with bm_svc_close. The handle is
 * opaque: front ends pass it to bm_ctx_init and nothing else.
 */
int bm_svc_open(bm_store **out, const char *target);

/*
 * Opens the database read-only, for evidence (audit verify): no migration,
 * no WAL switch, nothing written; a malformed file is refused with a clear
 * error (issue 9, point 4).
 */
int bm_svc_open_readonly(bm_store **out, const char *target);

/*
 * Opens the database a server serves: it must exist (never created here),
 * be a baomi database SQLite can read (its schema) and hold an initialised
 * unit; otherwise a clear error ("database_missing", "not_initialised",
 * "database_corrupt", …) and nothing is created. The check of every page
 * is not made here (it grows with the file: 31.6 s at a million carriers)
 * but by bm_svc_integrity, which the server runs beside its requests.
 */
int bm_svc_open_serving(bm_store **out, const char *target);

/*
 * SQLite's full integrity check of the database file, on a read-only
 * connection of its own (a server's writers go on meanwhile; the check sees
 * one snapshot). 0 with `out` "ok". "database_corrupt" when the file is
 * damaged, whatever statement met it: SQLite's first findings (and the
 * message of a page it could not read, SQLITE_CORRUPT*, which may stop the
 * check after its first findings or before any) in `out`; a file SQLite no
 * longer reads as a database (SQLITE_NOTADB) is damaged too. Otherwise the
 * error that kept the check from running, its message in `out`: an I/O
 * error ("database"), out of memory ("out_of_memory"), a lock ("busy").
 */
int bm_svc_integrity(const char *target, char *out, size_t size);

/*
 * SYS-3: the refusal of a server whose database is damaged, for every request
 * but its health check (the chain and the ledger are evidence, and none is
 * served from a damaged store): sets the error ("database_corrupt", the rule,
 * both languages) and returns BM_ECORRUPT.
 */
int bm_svc_damaged_refusal(void);

/* Closes a database opened by bm_svc_open; NULL is ignored. */
void bm_svc_close(bm_store *store);

/*
 * A server's set-up: use cases run on `reader` (their reads in snapshots on
 * it) write through `writer` instead, whose commit pipeline batches the
 * writes of every handle sharing it into few synced commits
 * (store/pipeline.h). `writer` must stay open until `reader` is closed.
 * Without it a handle writes through itself (the CLI's one connection).
 */
void bm_svc_share_writer(bm_store *reader, bm_store *writer);

/*
 * SYS-1/SYS-4 (issue 9): what a login tells the account's owner. Times are
 * ISO instants (UTC), NULL when there was none; names are display names.
 */
typedef struct bm_login_notice {
	const char *last_ok_at;     /* the last successful login before this one */
	const char *last_failed_at; /* the last failed login */
	const char *reset_kind;     /* "reset" or "create" of the latest approved filing */
	const char *reset_at;       /* when it was approved */
	const char *reset_filed_by, *reset_approved_by;
	bool reset_since_last_login; /* approved after the last successful login */
} bm_login_notice;

typedef struct bm_ctx {
	bm_store *store;
	bm_arena *arena;     /* scratch for this command/request */
	int64_t now;         /* "now", fixed for the whole use case */
	bm_person *actor;    /* who acts; NULL until logged in */
	bm_unit *unit;       /* the actor's unit (the store's first unit when none) */
	bm_policy policy;    /* the unit's current policy */
	const char *channel; /* "cli", "api": recorded in audit details */
	bool reading;        /* the use case runs in a read snapshot (bm_svc_begin_read) */
	bm_store *home;      /* while a use case holds the writer: the handle it came with */
	/* The front end's read snapshot on `store` for a request's first steps (the unit,
	 * the policy, the session: bm_ctx_init_request), until bm_svc_preamble_end. */
	bool preamble;
	/* SYS-3: the unit's audit key and checkpoint file (audit/checkpoint.h), set by the
	 * front end after bm_ctx_init; NULL: exports write no checkpoint. Borrowed. */
	const struct bm_svc_anchor *anchor;
	/* Issue 9: the request's Idempotency-Key (bm_svc_idem_*), NULL without one; borrowed.
	 * The first use case that ends well claims it in its own savepoint. */
	const struct bm_svc_idem *idem;
	bool idem_claimed;
	/* Filed by the last successful login (bm_svc_login, bm_svc_session_open); arena strings. */
	bm_login_notice login_notice;
} bm_ctx;

/*
 * Prepares a context on an open store: loads the unit and the current policy.
 * No actor yet: call bm_svc_login (or bm_svc_act_as for trusted local tools).
 */
int bm_ctx_init(bm_ctx *ctx, bm_store *store, bm_arena *arena, int64_t now, const char *channel);

/*
 * bm_ctx_init for a request of a server: reads the unit and the policy in
 * one read snapshot on `store` and leaves it open (ctx->preamble), so that
 * the session check (bm_svc_session_resume) reads in the same one: one
 * snapshot instead of one per query, each of which takes the log's read
 * mark and, after any write, drops the connection's page cache. The front
 * end ends it with bm_svc_preamble_end before it runs the route's use case;
 * anything that writes (a session's touch, a use case taking the writer)
 * ends it first. When the snapshot cannot be opened it works as bm_ctx_init.
 */
int bm_ctx_init_request(bm_ctx *ctx, bm_store *store, bm_arena *arena, int64_t now,
                        const char *channel);

/* Ends the request's first read snapshot, if still open; keeps the current error. */
void bm_svc_preamble_end(bm_ctx *ctx);

/*
 * The title row of an Excel export (issue 15): the unit's name, today's date
 * in the unit's time zone (arena strings), `title` and `range` (borrowed).
 */
void bm_svc_sheet_meta(bm_ctx *ctx, const char *title, const char *range, bm_xlsx_meta *out);

/* True when the actor holds `role` (for department_id 0: anywhere). */
bool bm_ctx_has_role(const bm_ctx *ctx, bm_role role);

/* ---- Idempotency-Key (service/idempotency.c, issue 9) -------------------- */

/* A POST's Idempotency-Key: what identifies the request (strings borrowed). */
typedef struct bm_svc_idem {
	const char *key;
	const char *method;
	const char *path;
	const char *body_digest; /* hex BLAKE2b-256 of the body as sent */
} bm_svc_idem;

/* What a key's first request left: its answer, or when that was lost, its object. */
typedef struct bm_svc_idem_done {
	int status;         /* 0 when the answer was lost (the use case committed) */
	const char *answer; /* JSON text, arena; NULL when lost */
	const char *object; /* the audit object the use case touched ("carrier:12") */
} bm_svc_idem_done;

/* How long a key is remembered: a day. */
#define BM_IDEM_KEEP_S (24 * 3600)

/*
 * Looks up `req`'s key for the actor. Returns 0 with `out` filled when the
 * same request (method, path and body digest) was made before: the caller
 * answers that again and runs nothing; BM_ENOTFOUND when the key is new;
 * BM_ECONFLICT ("idempotency_key_reused") when the key came with another
 * request; BM_EINVALID for a malformed key (1–128 printable ASCII).
 */
int bm_svc_idem_find(bm_ctx *ctx, const bm_svc_idem *req, bm_svc_idem_done *out);

/* Keeps the answer of ctx->idem's request (its own small write). */
int bm_svc_idem_answer(bm_ctx *ctx, int status, const char *answer);

/* ---- set-up (service/setup.c) ------------------------------------------ */

/* One administrator account made by `baomi init`. */
typedef struct bm_init_admin {
	const char *username;
	const char *name;
} bm_init_admin;

/*
 * `baomi init`: creates the unit and its three administrators (SYS-1):
 * `admins[0]` the system administrator, `[1]` the security administrator,
 * `[2]` the audit administrator, refusing when a unit already exists. They
 * start with the same initial `password` (hashed with Argon2id), each to be
 * changed at first login; from then on no account is made or reset but by
 * two of them (bm_svc_account_approve).
 */
int bm_svc_init_unit_admins(bm_ctx *ctx, const char *unit_name, const bm_init_admin admins[3],
                            const char *password);

/* bm_svc_init_unit_admins with the security and audit administrators "secadmin", "auditor". */
int bm_svc_init_unit(bm_ctx *ctx, const char *unit_name, const char *username,
                     const char *display_name, const char *password);

/* ---- authentication (service/auth.c) ----------------------------------- */

/*
 * The cost of every new password hash (SYS-4): Argon2id at OWASP's
 * recommended minimum, m = 19 MiB, t = 2, p = 1. Each stored string names
 * its own parameters, so hashes made at other costs still verify; a login
 * re-hashes them at these (bm_svc_password_needs_rehash).
 */
#define BM_PWHASH_OPSLIMIT 2ULL
#define BM_PWHASH_MEMLIMIT ((size_t)19456 * 1024)

/* At most this many Argon2id computations run at once in a process. */
#define BM_PWHASH_CONCURRENCY 2

/* Hashes a password with Argon2id at BM_PWHASH_* into `out` (crypto_pwhash_STRBYTES). */
int bm_password_hash(const char *password, char *out, size_t out_size);

/*
 * Hashes a password with Argon2id at the given cost into `out`
 * (crypto_pwhash_STRBYTES); the string records the cost. bm_password_hash
 * calls it at the production limits, the unit tests' fast_hash.c at the minimum.
 */
int bm_password_hash_cost(const char *password, unsigned long long opslimit, size_t memlimit,
                          char *out, size_t out_size);

/*
 * Checks username and password and makes that person the actor. Every
 * attempt is audited ("login", outcome "ok" or "refused"); the previous
 * actor, if any, is logged out first. A wrong password and an unknown
 * user fail the same way (BM_EDENIED, code "bad_credentials").
 */
int bm_svc_login(bm_ctx *ctx, const char *username, const char *password);

/* ---- units, people, places (service/org.c) ----------------------------- */

typedef struct bm_person_input {
	const char *username; /* NULL = no account */
	const char *name;
	const char *department;   /* name or id */
	const char *person_class; /* code or Chinese */
	bool temporary;
	const char *password; /* initial password, with username */
	const char *commitment_signed_on;
	const char *roles; /* comma list: "clerk", "dept_head@办公室", … */
} bm_person_input;

/* Departments and accounts are the system administrator's (SYS-1). */
int bm_svc_department_add(bm_ctx *ctx, const char *name, const char *code, bm_department **out);

/* SYS-1: the length of each administrator's half of a temporary secret. */
#define BM_HALF_SECRET_LEN 8

/* One administrator's half of a temporary secret, and the filing it belongs to. */
typedef struct bm_filing_half {
	int64_t filing_id;
	char half[BM_HALF_SECRET_LEN + 1]; /* shown once to its administrator; wipe after use */
} bm_filing_half;

/*
 * Creates a person (and an account when `in->username` is set). System
 * administrator only; the account is created without a password, a
 * class or any role (SYS-1: `in->password`, `in->roles` and a class are
 * refused; the security administrator grants roles and classes). For an
 * account, the same use case files its first login for the security
 * administrator's approval (account.create_file; bm_svc_account_approve):
 * the system administrator's half of the temporary secret goes into
 * `*half` (may be NULL when `in->username` is NULL). Until approved the
 * account cannot log in.
 */
int bm_svc_person_add(bm_ctx *ctx, const bm_person_input *in, bm_person **out,
                      bm_filing_half *half);

/*
 * The security administrator grants a personnel class, business roles and
 * records the signed commitment (SYS-1, PERSON-1..3). NULL fields are left
 * as they are; `roles` replaces the business roles.
 */
int bm_svc_person_grant(bm_ctx *ctx, const char *person, const char *person_class,
                        const char *roles, const char *commitment_signed_on);

/* Storage places and the highest level each may hold are security settings (KEEP-1). */
int bm_svc_place_add(bm_ctx *ctx, const char *name, const char *kind, const char *max_level,
                     const char *department, bm_place **out);

/* The unit's directory: any logged-in person may read it (not audited as a carrier read). */
int bm_svc_department_list(bm_ctx *ctx, bm_department **out, size_t *count);
int bm_svc_person_list(bm_ctx *ctx, bm_person **out, size_t *count);
int bm_svc_place_list(bm_ctx *ctx, bm_place **out, size_t *count);

/*
 * Issue 14 point 14: renames a department (the system administrator's,
 * SYS-1) or a storage place (the security administrator's); the former
 * name is kept (org_rename) and audited; old audit events keep the name
 * they were written with. Refused: the present name (same_name), another's
 * (name_taken).
 */
int bm_svc_department_rename(bm_ctx *ctx, const char *ref, const char *name, bm_department **out);
int bm_svc_place_rename(bm_ctx *ctx, const char *ref, const char *name, bm_place **out);
/*
 * Issue 14 point 14: retires (停用) a department (ORG-1, KEEP-6) or a place
 * (KEEP-1, DEV-1) from day `on` (NULL or "": today), as decided by
 * policy/orgadmin.h. Nothing is deleted; a retired place takes no carriers,
 * a retired department no people.
 */
int bm_svc_department_retire(bm_ctx *ctx, const char *ref, const char *on, bm_department **out);
int bm_svc_place_retire(bm_ctx *ctx, const char *ref, const char *on, bm_place **out);

/* Resolves a person by id, username or name; a place by id or name. */
int bm_svc_person_resolve(bm_ctx *ctx, const char *ref, bm_person **out);
int bm_svc_place_resolve(bm_ctx *ctx, const char *ref, bm_place **out);
int bm_svc_department_resolve(bm_ctx *ctx, const char *ref, bm_department **out);

/* ---- carriers (service/carrier.c) -------------------------------------- */

/*
 * KEEP-6: the terms of personal keeping (个人保管), required whenever the
 * custodian is not a secrecy clerk: why, who approved (a person ref: an
 * active person other than the keeper, not one of the three administrators)
 * and until when (a date, not in the past). Ignored when a clerk keeps it.
 */
typedef struct bm_keep_terms {
	const char *reason;
	const char *approver;
	const char *until;
} bm_keep_terms;

/* What a clerk fills in to register a carrier. Text fields are raw user input. */
typedef struct bm_carrier_input {
	const char *kind;
	const char *title;
	const char *doc_number;
	const char *serial_number; /* incoming: the 份号 on the item */
	const char *pages;
	const char *copies; /* made-here: the approved number of copies (MAKE-2) */
	const char *producer;
	const char *sender;
	const char *level;
	const char *period;       /* "10" / "10y" (years), "2030-01-01" (until), "" = level max */
	const char *period_event; /* declassification condition; needs review_date */
	const char *review_date;
	const char *urgency;
	const char *received_on; /* incoming: date of arrival, default today */
	const char *department;  /* owning department */
	const char *custodian;   /* person ref; default the registering clerk */
	const char *place;       /* place ref */
	const char *scope;       /* comma list of people and departments (LEVEL-2) */
	const char *note;
	const char *letter; /* incoming: id of the personal letter it came in (REG-3) */
	bm_keep_terms keep; /* KEEP-6: with a custodian who is not a clerk */
	/*
	 * Made here (LEVEL-4/9): the approved make request's classification
	 * authority (person ref) and basis; when given they must be the approved ones.
	 */
	const char *classifier;
	const char *basis;
} bm_carrier_input;

/* 收文登记: one incoming carrier. `*out` is the new carrier. */
int bm_svc_carrier_register_incoming(bm_ctx *ctx, const bm_carrier_input *in, bm_carrier **out);

/*
 * 批量登记 (an import): registers `n` incoming carriers in one transaction,
 * each row through exactly the checks of bm_svc_carrier_register_incoming
 * (KEEP-5 once for the clerk; then per row the input, REG-2/3, KEEP-1/6,
 * LEVEL-2) and each row audited as its own carrier.register_incoming event
 * in the chain, followed by one carrier.register_bulk event for the batch.
 * The first refused row rolls the whole batch back (nothing is written but
 * the audited refusal); its message names the row, counted from 1, and
 * `*failed_row` (may be NULL) is set to its index from 0. On success
 * `ids_out` (may be NULL, else room for `n`) holds the new ids in order.
 * Each row's scratch memory is freed after the row, so a batch's memory is
 * n ids plus n checked records.
 */
int bm_svc_carrier_register_bulk(bm_ctx *ctx, const bm_carrier_input *in, size_t n,
                                 int64_t *ids_out, size_t *failed_row);

/* ---- import of existing ledgers (service/import.c, issue 15 point 1) ---- */

/* A file the clerk brings: a register kept in CSV, .xls or .xlsx. */
typedef struct bm_import_file {
	const char *name; /* as the clerk names it (recorded in the audit chain) */
	const void *data;
	size_t len;
	const char *map; /* the clerk's column mapping "列=field,…" ("-" skips a column), or NULL */
} bm_import_file;

/* A column of the file: its header and the field it fills (NULL: not imported). */
typedef struct bm_import_column {
	const char *heading;
	const char *field, *field_zh, *field_en;
} bm_import_column;

/* One row of the file and what became of it. */
typedef struct bm_import_row {
	size_t line; /* the row's number in the file, from 1 */
	bool ok;
	const char *sm3; /* the row's cells' SM3 (bm_import_row_text), hex */
	/* carriers: as they would be registered; devices: number, kind, level, holder's name */
	const char *title, *level, *doc_number, *received_on;
	const char *summary, *summary_en; /* people and devices: what the row records */
	int64_t id;         /* the carrier or device made, or the person recorded (a real run) */
	const char *column; /* refused: the heading of the cell at fault, or NULL */
	int klass;          /* refused: the BM_E* code */
	const char *code, *rule, *message, *message_en; /* refused: why */
} bm_import_row;

typedef struct bm_import_report {
	const char *kind; /* "carriers", "people", "devices" */
	const char *file_name, *format, *sm3;
	size_t header_first, header_last; /* the header's rows in the file, from 1 */
	bool dry_run, imported;
	size_t n_columns, n_rows, n_ok, n_refused;
	bm_import_column *columns;
	bm_import_row *rows; /* the data rows; blank rows are left out */
} bm_import_report;

/*
 * 导入收文登记簿: registers every row of a register kept in a spreadsheet as an
 * incoming carrier (KEEP-5: the clerk). The header is found by its Chinese
 * column names (import/ledger.h) or the clerk's map; each row's cells are
 * cleaned (dates, 密级★期限, 文号 brackets, full-width digits) and checked
 * by exactly the registration's steps (REG-2, KEEP-1/6, LEVEL-2/3/8, the
 * serial number's uniqueness in the ledger and in the file). A dry run
 * fills `out` row by row and writes nothing but its own audit event
 * (carrier.import_dry_run: the file's name and SM3, its rows, how many
 * would import and how many are refused), as any read. A real run imports
 * all rows or none: with a refused row it is refused as a whole (audited
 * as carrier.import, naming the first refused row; `out` still says every
 * row's fate), else every row is registered in one transaction
 * (bm_svc_carrier_register_bulk's path), each row's event carrying the
 * file's name, the row's number, the row's SM3 and the file's SM3.
 */
int bm_svc_import_carriers(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                           bm_import_report *out);

/*
 * 导入涉密设备台账 (DEV-1, the clerk): every row registered as a device through
 * the registration's own checks (DEV-1 number and responsible person, the
 * number unique in the register and in the file, DEV-4, DEV-7, PERSON-1 of
 * the holder and operator, DEV-3's date). Only devices in use: a row whose
 * 状态 is not 在用 is refused (scrapping is DEV-6's, with its approval). The
 * 设备名称 and 启用日期 go into the note. Dry run and all-or-none as for
 * carriers; each device's device.register event carries the import's facts,
 * then one device.import event for the file.
 */
int bm_svc_import_devices(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                          bm_import_report *out);

/*
 * 导入涉密人员登记表 (PERSON-2, the security administrator: the register's
 * steps are his, SYS-1). An import never makes an account: accounts are
 * the system administrator's, their first login approved by the security
 * administrator (SYS-1, dual control). Each row names an existing account
 * (by 用户名, else by an unambiguous 姓名; a 部门 given must be the
 * account's) and records, through the register's own steps and rules, the
 * vetting (审查日期 with its 审查结论, PERSON-2), the post (PERSON-3), the
 * commitment (PERSON-2), the clearance at the 涉密等级 (PERSON-2: vetted,
 * trained — the training recorded per session, PERSON-6 — and committed;
 * 确定日期, default today) and the responsibility statement (ORG-1). A row
 * without an account is refused (import_no_account, SYS-1) and the dry run
 * lists them for the system administrator. Dry run and all-or-none as for
 * carriers; every step's event (person.vet, person.post …) carries the
 * import's facts, then one person.import event for the file.
 */
int bm_svc_import_people(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                         bm_import_report *out);

/* The report as JSON (the API's and `--json`'s answer); the caller owns it. */
json_t *bm_import_report_json(const bm_import_report *r);

/*
 * 制作登记: registers the serial copies of a document made here, by carrying
 * out the approved make request `request_id` (bm_svc_make_execute: the
 * approved level, scope and copies; the request is consumed). Without a
 * request (0) it is refused with MAKE-1 (make_request_required), audited.
 * `*out` holds the carriers in order.
 */
int bm_svc_carrier_register_made(bm_ctx *ctx, int64_t request_id, const bm_carrier_input *in,
                                 bm_carrier **out, size_t *count);

/* Moves a carrier to another place (KEEP-1: refused when the place may not hold its level). */
int bm_svc_carrier_move(bm_ctx *ctx, int64_t carrier_id, const char *place, const char *custodian,
                        const char *reason);

/*
 * The same move with the terms of personal keeping (KEEP-6): required when
 * `custodian` is a person who is not a clerk; a move to a clerk ends them;
 * a move of the place only keeps them. `keep` may be NULL (no terms).
 */
int bm_svc_carrier_move_kept(bm_ctx *ctx, int64_t carrier_id, const char *place,
                             const char *custodian, const char *reason, const bm_keep_terms *keep);

/* One carrier the actor may see (SYS-2: BM_ENOTFOUND otherwise), with history. */
int bm_svc_carrier_show(bm_ctx *ctx, int64_t carrier_id, bm_carrier **out,
                        bm_carrier_event **events, size_t *n_events);

/* The ledger as the actor may see it. `filter->viewer` is set by the service. */
int bm_svc_carrier_list(bm_ctx *ctx, bm_carrier_filter *filter, bm_carrier_page *out);

/*
 * The ledger view as filtered, every matching carrier the actor may see (not one page:
 * limit, offset and after are ignored), as CSV or .xlsx (util/xlsx.h) appended to `out`
 * (service/carrier_sheet.c, issue 15). More than 200000 rows: BM_ETOOLARGE.
 */
int bm_svc_carrier_sheet(bm_ctx *ctx, bm_carrier_filter *filter, bm_sheet_format format,
                         bm_buf *out);

/*
 * The counts by level and by status of every carrier the actor may see
 * (SYS-2, the list's visibility; SYS-1 refuses the administrators); one
 * audited read (carrier_stats.c).
 */
int bm_svc_carrier_stats(bm_ctx *ctx, bm_carrier_stats *out);

/* {"total", "by_level": {code: n}, "by_status": {code: n}}; a new reference. */
json_t *bm_carrier_stats_to_json(const bm_carrier_stats *s);

/* The viewer the actor is (SYS-2, PERSON-1; context.c). */
void bm_svc_viewer(const bm_ctx *ctx, bm_viewer *out);

/*
 * LEVEL-8: the marking as the carrier now reads, e.g. "机密★10年",
 * "秘密★2030年1月1日", "内部", and "解密" once declassified (LEVEL-7).
 */
const char *bm_carrier_marking(bm_arena *a, const bm_carrier *c, bool english);

/*
 * LEVEL-7/8: after a level decision, the marking the carrier was registered
 * with, shown struck out (borrowed from c); NULL when never decided.
 */
const char *bm_carrier_original_marking(const bm_carrier *c, bool english);

/* LEVEL-7: "2026年12月5日解密" / "declassified 2026-12-05", …; NULL when never decided. */
const char *bm_carrier_marking_note(bm_arena *a, const bm_carrier *c, bool english);

/*
 * LEVEL-7/8: the marking on one line where nothing can be struck (CSV,
 * registers): "解密（原标志机密★10年已划去，2026年12月5日解密）";
 * bm_carrier_marking's when never decided.
 */
const char *bm_carrier_marking_text(bm_arena *a, const bm_carrier *c, bool english);

/* ---- the unit's policy (service/policy_svc.c) -------------------------- */

/*
 * SYS-5: installs a new policy version from text. Only the security
 * administrator; the text is parsed strictly first (a bad line changes
 * nothing); the version number is the previous one plus one; audited with
 * the comment. `*version_out` (may be NULL) receives the new version.
 */
int bm_svc_policy_import(bm_ctx *ctx, const char *text, const char *comment, int *version_out);

/*
 * The current policy as text (`key = value` lines with comments), built
 * from ctx->policy: the stored version, or the catalogue defaults (version
 * 0). Any logged-in person may read the unit's rules. Arena string.
 */
int bm_svc_policy_export(bm_ctx *ctx, const char **text_out);

/*
 * SYS-5: the policy's catalogue of settings (bm_policy_key_info_at) with
 * each one's current value in the text form, as a JSON array for an editor
 * (new reference). Any logged-in person may read it, as the policy.
 */
int bm_svc_policy_schema(bm_ctx *ctx, json_t **out);

/*
 * The current policy in words: the unit's 保密工作制度, article by article
 * with the rule IDs (bm_policy_print), in Chinese or, with `english`, in
 * English. Any logged-in person may read it. Arena string.
 */
int bm_svc_policy_print(bm_ctx *ctx, bool english, const char **text_out);

/*
 * The article of the unit's 保密工作制度 that cites `rule` (bm_policy_print's
 * numbering, the same for every version), or 0: what a refusal cites.
 */
int bm_svc_rule_article(const char *rule);

/* Every stored version, oldest first (arena records). */
int bm_svc_policy_history(bm_ctx *ctx, bm_policy_version **out, size_t *count);

/* ---- requests and approvals (service/request.c) ------------------------ */

/*
 * One request model for every operation that needs an approval (bm_op):
 * borrow, read (on site), copy, extract, take_out, make, widen_scope,
 * destroy, level_change, foreign, outside_reader. Status:
 * pending → approved / rejected / withdrawn → executed, or expired.
 * The approver chain comes from the unit's policy by operation and level
 * (bm_rules_chain); nobody approves their own request; an approver holds the
 * step's role for the request's department or unit-wide; every decision
 * carries a comment and is audited.
 */
typedef struct bm_request_input {
	const char *op;             /* bm_op code or Chinese name */
	const int64_t *carrier_ids; /* the carriers concerned (none for make) */
	size_t n_carriers;
	const char *reason; /* required: why */
	const char *params; /* kind-specific facts as a JSON object text, or NULL:
	                       borrow {"take_away":bool}, take_out {"destination",
	                       "purpose","return_date","abroad","public_place"},
	                       copy/extract {"copies","originator_approved"},
	                       make {"title","level","copies","doc_number",…},
	                       widen_scope {"add":"person or dept list"},
	                       level_change {"to_level","period","basis"},
	                       destroy {"method","place"}, foreign {"recipient",
	                       "higher_approved"}, outside_reader {"reader",
	                       "organisation","introduction_letter"} */
} bm_request_input;

/* Files a request; refused at once when a rule forbids it outright. */
int bm_svc_request_create(bm_ctx *ctx, const bm_request_input *in, bm_request_row **out);

/* Approves (or rejects) the next step of a pending request, with a comment. */
int bm_svc_request_decide(bm_ctx *ctx, int64_t id, bool approve, const char *comment);

/* The requester withdraws a pending or approved, not yet executed request. */
int bm_svc_request_withdraw(bm_ctx *ctx, int64_t id, const char *comment);

/* One request with its approvals (the requester, its approvers, clerks). */
int bm_svc_request_show(bm_ctx *ctx, int64_t id, bm_request_row **out, bm_approval_row **approvals,
                        size_t *n_approvals);

/*
 * Requests: with `inbox`, the pending ones whose next step the actor may
 * approve; otherwise the actor's own (a clerk sees all, filtered by `f`).
 */
int bm_svc_request_list(bm_ctx *ctx, bool inbox, const bm_request_filter *f, bm_request_row **out,
                        size_t *count, int64_t *total);

/*
 * ---- publication review (PUB-1, PUB-2; service/publication.c) ----------
 * A publication is filed as a request of op `publish` (bm_svc_request_create,
 * params channel, title, text or attachment, department, publisher,
 * reviewers; carriers attached only when marked 非密) and approved with
 * bm_svc_request_decide once every named reviewer has reviewed it.
 */

/*
 * A named reviewer records their opinion on pending publication `id`:
 * `passed` false means it holds secrets and may not be published. `*out`
 * (may be NULL) is the request as updated, in ctx->arena.
 */
int bm_svc_pub_review(bm_ctx *ctx, int64_t id, bool passed, const char *opinion,
                      bm_request_row **out);

/*
 * The named publisher records the release of approved publication `id`
 * (`where`: the site, paper or account it appeared in); the request becomes
 * executed. Refused before approval (PUB-1 not_approved).
 */
int bm_svc_pub_release(bm_ctx *ctx, int64_t id, const char *where, bm_request_row **out);

/* The publications the actor may read, newest first (`status` NULL = any), in ctx->arena. */
int bm_svc_pub_list(bm_ctx *ctx, const char *status, bm_request_row **out, size_t *count);

/* ---- presentation shared by the front ends (service/view.c) ----------- */

/*
 * A carrier as the API and `--json` show it: codes plus zh/en names, the
 * marking, names of custodian, place and department. New reference for
 * the caller (json_decref). `scope` entries are included when loaded.
 */
json_t *bm_carrier_to_json(bm_arena *a, const bm_carrier *c);

/* One history line as JSON (new reference); its detail parsed from the stored text. */
json_t *bm_carrier_event_to_json(const bm_carrier_event *e);

/*
 * One history line as JSON with `detail` as its detail (the reference is
 * stolen; NULL gives {}), for a front end that has its own way to carry the
 * stored text (http: bm_http_json_stored). New reference.
 */
json_t *bm_carrier_event_json(const bm_carrier_event *e, json_t *detail);

/* ---- the transaction frame (service/tx.c) ------------------------------ */

/*
 * Starts a use case that writes: takes the commit pipeline's writer
 * (store/pipeline.h) and opens the use case's savepoint in the batch's
 * transaction; ctx->store is the writer until bm_svc_end. Pair with
 * bm_svc_end, which returns once the batch holding the use case is
 * committed (on disk).
 */
int bm_svc_begin(bm_ctx *ctx);

/*
 * A write that is not a use case and has no audit event of its own (a
 * session's activity, a login failure): the same writer and batch as
 * bm_svc_begin. bm_svc_write_end undoes the writes when rc != 0, leaves the
 * writer once the batch is committed, and returns rc, or the commit's error.
 */
int bm_svc_write_begin(bm_ctx *ctx);
int bm_svc_write_end(bm_ctx *ctx, int rc);

/*
 * Starts a use case that only reads: a read snapshot, which neither takes
 * nor waits for the write lock (a write inside it fails). Pair with
 * bm_svc_end, which ends the snapshot and then appends the use case's audit
 * event through the write path; the answer is given only once that event is
 * committed.
 */
int bm_svc_begin_read(bm_ctx *ctx);

/*
 * Ends a read snapshot early, without ending the use case (0 when none is
 * open): what a use case read in it stays in its arena, and it may then
 * take the writer (bm_svc_begin) for its writes. Login uses it to check a
 * password with neither the snapshot nor the writer held (session.c).
 */
int bm_svc_read_end(bm_ctx *ctx);

/*
 * Ends a use case. With rc == 0: appends the "ok" audit event in the use
 * case's savepoint (after a read snapshot: through the writer, for the
 * event alone) and waits for the batch's commit. Otherwise: undoes the use
 * case's writes alone (its neighbours in the batch keep theirs), appends a
 * "refused"/"failed" event carrying the error's code and rule in their
 * place, and returns rc with the error detail intact. If the batch's commit
 * fails, every use case in it answers that error. `detail` is a compact
 * JSON object or NULL.
 */
int bm_svc_end(bm_ctx *ctx, int rc, const char *action, const char *object, const char *detail);

/* ---- sessions (service/session.c) -------------------------------------- */

/* A session token: 32 random bytes as base64url without padding. */
#define BM_SESSION_TOKEN_LEN 43

/* What a successful login hands to the front end. */
typedef struct bm_session_grant {
	char token[BM_SESSION_TOKEN_LEN +
	           1]; /* shown once; only its hash is stored; wipe after use */
	int64_t session_id;
	int64_t expires_at;        /* instant: idle expiry if unused, at most the lifetime's end */
	bool must_change_password; /* SYS-4: first login of an initial/reset account */
	bool password_expired;     /* SYS-4: older than the policy's password age */
} bm_session_grant;

/* The session a request carries, once resumed. */
typedef struct bm_session_info {
	int64_t session_id;
	int64_t expires_at; /* instant: idle expiry if unused from now, at most the lifetime's end
	                     */
} bm_session_info;

/*
 * POST /session: checks the password (SYS-4: Argon2id, lockout after the
 * policy's number of failures, the same for unknown usernames), opens a
 * session and makes the person the actor. Returns 0, BM_EDENIED
 * ("bad_credentials"), BM_ELOCKED ("account_locked"). Every attempt is
 * audited ("login"); the lockout itself too ("login.lockout"). SYS-4: the
 * account's open sessions past their idle time or lifetime are ended
 * ("idle", "lifetime"), and of those still alive the oldest are ended
 * ("superseded") so that with the new one at most auth.max_sessions stay
 * open; the login's audit event lists them ("ended_sessions").
 */
int bm_svc_session_open(bm_ctx *ctx, const char *username, const char *password,
                        bm_session_grant *out);

/*
 * Resumes the session of a bearer token and makes its person the actor.
 * An unknown, ended or malformed token fails with BM_EDENIED
 * ("session_invalid"); one idle longer than the policy allows, or older
 * than auth.session_max_hours, is ended (audited "session.expire") and
 * fails with "session_expired"; one ended by a later login under
 * auth.max_sessions fails with "session_superseded" (SYS-4). Refreshes
 * the session's last activity. `out` may be NULL.
 */
int bm_svc_session_resume(bm_ctx *ctx, const char *token, bm_session_info *out);

/*
 * bm_svc_session_resume for a request the person did not make (a page's
 * background poll, its check of when the session ends): the same checks and
 * the same expiry, but the last activity is left as it was, so SYS-4's idle
 * clock runs on (a screen left open with a badge that polls still ends).
 */
int bm_svc_session_check(bm_ctx *ctx, const char *token, bm_session_info *out);

/* What a front end found missing before it could authenticate anybody (SYS-4). */
typedef enum bm_svc_auth_missing {
	BM_SVC_NO_TOKEN,          /* the request carries no session (login_required) */
	BM_SVC_BAD_TOKEN,         /* what it carries cannot be a token (session_invalid) */
	BM_SVC_NO_USER,           /* a terminal login names no user (no_user) */
	BM_SVC_NO_PASSWORD,       /* nor a password (password_required) */
	BM_SVC_PASSWORD_TOO_LONG, /* a password longer than the front end takes */
} bm_svc_auth_missing;

/* SYS-4: sets the policy's refusal of `what` (bm_rules_auth) and returns its code. */
int bm_svc_refuse_auth(bm_svc_auth_missing what);

/* DELETE /session: ends the actor's session `session_id` (audited "logout"). */
int bm_svc_session_close(bm_ctx *ctx, int64_t session_id);

/*
 * SYS-4: an account whose password must change (the shared password of
 * `baomi init`, an approved reset or first login, a password past its
 * age) changes it before anything else. Returns 0, or BM_EDENIED
 * "password_change_required". Both front ends call it before every use
 * case except the password change (the API also lets logout and reading
 * one's own record through); it is the one check for all those causes.
 */
int bm_svc_require_password_current(const bm_ctx *ctx);

/* ---- accounts (service/account.c) -------------------------------------- */

/* What the system administrator gives to create an account (SYS-1). */
typedef struct bm_account_input {
	const char *username;   /* required */
	const char *name;       /* required */
	const char *department; /* name or id, optional */
	const char *role;       /* must be NULL: roles are the security administrator's (SYS-1) */
	bool temporary;
	const char *password; /* must be NULL: the first password is split (SYS-1) */
} bm_account_input;

/*
 * Creates a person with an account (system administrator only, SYS-1) as
 * bm_svc_person_add does: no role, no class, no password; its first login
 * is filed for the security administrator's approval and the system
 * administrator's half of the temporary secret goes into `*half`. `*out`
 * lives in ctx->arena.
 */
int bm_svc_account_create(bm_ctx *ctx, const bm_account_input *in, bm_person **out,
                          bm_filing_half *half);

/*
 * Disables an account (it cannot log in; its sessions end) or enables it
 * again (which also lifts a lockout). System administrator only (SYS-1);
 * nobody disables their own account. `person` is an id or username.
 */
int bm_svc_account_disable(bm_ctx *ctx, const char *person);
int bm_svc_account_enable(bm_ctx *ctx, const char *person);

/*
 * SYS-1: files a password reset of `person`'s account (system
 * administrator only, never his own; audited account.reset_file). Nothing
 * about the account changes yet: its password keeps working until the
 * security administrator approves. The filer's half of the temporary
 * secret goes into `*half`.
 */
int bm_svc_account_reset_password(bm_ctx *ctx, const char *person, bm_filing_half *half);

/* SYS-4: a locked account, as the system administrator sees it (strings in ctx->arena). */
typedef struct bm_account_lock {
	int64_t person_id;
	const char *username, *name;
	const char *locked_since; /* the failure that started the lock */
	const char *locked_until;
	int failures; /* failed logins on record that count towards it */
} bm_account_lock;

/*
 * SYS-4: the unit's accounts locked now, by username (system administrator
 * only, SYS-1; audited account.locks).
 */
int bm_svc_account_locks(bm_ctx *ctx, bm_account_lock **out, size_t *count);

/*
 * SYS-4: lifts the lockout of `person`'s account before it runs out: its
 * failed logins are forgotten. System administrator only (SYS-1); refused
 * with "not_locked" when the account is not locked. Audited account.unlock
 * with the lock lifted, which goes into `*was`.
 */
int bm_svc_account_unlock(bm_ctx *ctx, const char *person, bm_account_lock *was);

/*
 * SYS-1: the security administrator (never the filer, never the account's
 * owner) approves the pending, unexpired filing `filing_id`
 * (auth.filing_expiry_hours): the account's password becomes the two
 * halves concatenated, filer's first, to be changed at the next login; its
 * sessions end and a lockout lifts. The approver's half goes into `*half`.
 * Audited account.approve. (filing.c)
 */
int bm_svc_account_approve(bm_ctx *ctx, int64_t filing_id, bm_filing_half *half);

/* SYS-1: the security administrator refuses a pending filing; nothing else changes. */
int bm_svc_account_refuse(bm_ctx *ctx, int64_t filing_id, const char *reason);

/* SYS-1: the unit's latest account filings, newest first (the three administrators). */
int bm_svc_account_filings(bm_ctx *ctx, bm_account_filing **out, size_t *count);

/*
 * SYS-1 (issue 9 point 1): the audit administrator acknowledges an alert
 * about the administrators (bm_svc_alerts): the alert `id`, or when
 * `expired` the expiry of filing `id`. It leaves the auditor's list.
 * Audited alert.ack; refused to anybody but the auditor. (filing.c)
 */
int bm_svc_admin_alert_ack(bm_ctx *ctx, bool expired, int64_t id);

/*
 * The actor changes their own password (SYS-4): the old one must match;
 * the new one needs the policy's length for the highest level the person
 * may see, enough character classes, must differ from the username and
 * from the last N passwords. Every other session of the actor ends;
 * `keep_session_id` (the one in use, or 0 for none) stays open.
 */
int bm_svc_password_change(bm_ctx *ctx, int64_t keep_session_id, const char *old_password,
                           const char *new_password);

/*
 * `baomi demo` only (service/demo.c): the accounts `usernames` keep their
 * password (the published demo password) instead of changing it at first
 * login, counted as set at instant `set_at` (the demo's end point) for the
 * password age (SYS-4). The system administrator's (SYS-1), and only while
 * the unit holds no carrier (BM_ECONFLICT "demo_only"); audited
 * "demo.keep_passwords".
 */
int bm_svc_demo_keep_passwords(bm_ctx *ctx, const char *const *usernames, size_t n, int64_t set_at);

/* ---- reading the audit chain (service/audit_read.c) -------------------- */

/* Filters of the audit event list; NULL/0 = any. */
typedef struct bm_audit_query {
	const char *actor;   /* exact username */
	const char *action;  /* prefix: "carrier." matches every carrier action */
	const char *outcome; /* "ok", "refused", "failed" */
	const char *rule;    /* exact rule ID */
	const char *from;    /* the unit's local date (YYYY-MM-DD), inclusive */
	const char *to;      /* the unit's local date, inclusive */
	const char *kind;    /* "business" (no reads) or "read" (reads only); NULL/"" = all */
	bool oldest_first;   /* default: newest first */
	int limit;           /* 1..1000 */
	int offset;
} bm_audit_query;

/*
 * An event in words (service/audit_words.c): the action and object from the
 * catalogue (model/audit_words.h), the actor's name, the detail summarised.
 */
typedef struct bm_audit_words {
	char action_zh[128], action_en[128];
	char object_zh[160], object_en[160];
	const char *actor_name; /* the person's name, "" when the actor is none */
	const char *summary_zh, *summary_en;
	bool read; /* a read (hidden by kind=business) */
} bm_audit_words;

/* The names of the actors seen (a few dozen at a time). */
typedef struct bm_audit_names {
	bm_arena arena;
	const char *user[64], *name[64];
	size_t count;
} bm_audit_names;

void bm_audit_names_init(bm_audit_names *n);
void bm_audit_names_release(bm_audit_names *n);
/* `r` in words, strings in `a`; looks the actor up on `store` (in a transaction). */
int bm_audit_words_of(bm_store *store, bm_audit_names *names, bm_arena *a, const bm_audit_row *r,
                      bm_audit_words *out);

typedef struct bm_audit_page {
	bm_audit_row *items;   /* in ctx->arena */
	bm_audit_words *words; /* items[i] in words, in ctx->arena */
	size_t count;
	int64_t total; /* matching events, ignoring limit/offset */
} bm_audit_page;

/* The audit administrator verifies the whole chain (SYS-1, SYS-3); audited. */
int bm_svc_audit_verify(bm_ctx *ctx, bm_audit_verify_result *out);

/* The audit administrator reads events, paged (SYS-1, SYS-3); audited. */
int bm_svc_audit_list(bm_ctx *ctx, const bm_audit_query *q, bm_audit_page *out);

/*
 * The audit administrator exports the chain as JSON lines to `out` (SYS-3);
 * audited, with `dest` (a file name or "stdout"; NULL: not said) as "to".
 */
int bm_svc_audit_export(bm_ctx *ctx, FILE *out, const char *dest);

/*
 * The same export streamed in pieces, in constant memory (the HTTP export).
 * bm_svc_audit_export_open is the use case (SYS-1, SYS-3; audited as
 * "audit.export" like bm_svc_audit_export with no `dest`): it fixes the
 * chain's last seq in `cur`. bm_svc_audit_export_next appends to `out` the
 * lines of the next `rows` events up to that seq and advances `cur`, each
 * call in a read snapshot of its own on `store` (any handle on the same
 * database, held only for the call); the export is complete when
 * cur->after == cur->last. Events up to the last seq never change, so the
 * pieces together are the bytes bm_svc_audit_export writes.
 */
typedef struct bm_audit_export_cursor {
	int64_t after; /* the seq of the last event written */
	int64_t last;  /* the chain's last seq when the export began */
} bm_audit_export_cursor;

int bm_svc_audit_export_open(bm_ctx *ctx, bm_audit_export_cursor *cur);

/*
 * The audit list as filtered, for a CSV or xlsx export (issue 14 point 12,
 * issue 15 point 2), a piece at a time like the export above:
 * bm_svc_audit_list_open is the use case (SYS-1; audited "audit.list" with
 * the filter and `format`) that checks the filter and fixes the events it
 * keeps up to the chain's last seq; bm_svc_audit_list_next gives `cb` the
 * next `rows` of them, oldest first, in a read snapshot of its own on
 * `store`, with their words; done when cur->after == cur->last. Memory is
 * one piece whatever the chain's length. bm_svc_audit_list_close frees.
 */
typedef int (*bm_audit_word_cb)(const bm_audit_row *r, const bm_audit_words *w, void *cls);
typedef struct bm_audit_list_cursor {
	bm_arena arena; /* the filter's strings, the action list */
	bm_audit_filter f;
	bm_audit_names names;
	int64_t after, last;
	int64_t total;         /* the events the filter keeps */
	char range[64];        /* "2026-12-01 至 2026-12-05", "" when open */
	char unit[256];        /* the unit's name, for the title row */
	char date[16];         /* the day of the export */
	int tz_offset_minutes; /* the unit's zone: times are shown in it */
	int64_t rows;          /* rows written by bm_audit_sheet_row */
} bm_audit_list_cursor;

/*
 * The audit list as a sheet (service/audit_words.c), one layout for the
 * API's and the CLI's CSV and xlsx: 序号, 时间 (the unit's local time),
 * 操作人, 账户, 操作, 类别, 对象, 结果, 条款, 详细情况, then 链序号, 本条哈希
 * and 前条哈希 (to tie a row to `baomi audit verify`) and 原始记录.
 */
void bm_audit_sheet_meta(const bm_audit_list_cursor *cur, bm_xlsx_meta *meta);
int bm_audit_sheet_head(bm_sheet *s);
int bm_audit_sheet_row(bm_sheet *s, bm_audit_list_cursor *cur, const bm_audit_row *r,
                       const bm_audit_words *w);

int bm_svc_audit_list_open(bm_ctx *ctx, const bm_audit_query *q, const char *format,
                           bm_audit_list_cursor *cur);
int bm_svc_audit_list_next(bm_store *store, bm_audit_list_cursor *cur, int64_t rows,
                           bm_audit_word_cb cb, void *cls);
void bm_svc_audit_list_close(bm_audit_list_cursor *cur);
int bm_svc_audit_export_next(bm_store *store, bm_audit_export_cursor *cur, int64_t rows,
                             bm_buf *out);

/*
 * The audit administrator reads the most recent `limit` events (0: all),
 * oldest first, each passed to `cb` inside the use case's transaction, so
 * that a long chain streams (SYS-1, SYS-3); audited as "audit.list".
 * `*total` is the number of events in the chain. `cb` returns 0 to go on,
 * or an error code that ends the reading and the use case with it.
 */
int bm_svc_audit_tail(bm_ctx *ctx, int64_t limit, bm_audit_row_cb cb, void *cls, int64_t *total);

/* Where the checkpoints to verify against come from, and what was found. */
typedef struct bm_svc_anchor {
	const char *key_path;         /* the unit's SM2 private key (PEM, mode 0600) */
	const char *checkpoints_path; /* the append-only checkpoint file */
} bm_svc_anchor;

typedef struct bm_audit_check_opts {
	const char *checkpoints; /* a checkpoint file; NULL: ctx->anchor's, if it exists */
	const char *code;        /* a 校验码 from the paper register, or NULL */
	/* out: */
	bool file_found;    /* a checkpoint file was read */
	int64_t code_count; /* the events the checkpoint with `code` counts */
	char code_at[21];   /* and when it was made */
} bm_audit_check_opts;

/*
 * SYS-3: anybody holding the database may check its chain: no actor is
 * needed and nothing is written. The chain is checked against every signed
 * checkpoint of opts->checkpoints (or of ctx->anchor's file when it
 * exists): each signature, one key for all (the unit's own when its key
 * file is readable), the hash at each checkpoint's count, and a chain at
 * least as long as each; with opts->code, a checkpoint with that 校验码
 * must be in the file (BM_ENOTFOUND otherwise). `opts` may be NULL.
 * Returns 0 (intact), BM_ECORRUPT with out->first_bad_seq and the
 * error set (*bad: the stored event under that seq, in ctx->arena, or NULL
 * when there is none), or another error.
 */
int bm_svc_audit_check(bm_ctx *ctx, bm_audit_check_opts *opts, bm_audit_verify_result *out,
                       bm_audit_row **bad);

/* ---- signed checkpoints (service/audit_anchor.c, SYS-3) ------------------ */

/*
 * The default anchor beside a database target (PATH or sqlite:PATH):
 * PATH.sm2key and PATH.checkpoints, each written into `size` bytes.
 * BM_EINVALID when the target is not a file (the paths must be given).
 */
int bm_svc_anchor_default(const char *db, char *key_path, char *checkpoints_path, size_t size);

/* What a checkpoint use case did; `code` is the 校验码 for the paper register. */
typedef struct bm_checkpoint_outcome {
	bool written;     /* false: a recent one existed (bm_svc_audit_checkpoint_due) */
	bool key_created; /* the key file did not exist and was made now */
	int64_t count;
	char last_hash[65];
	char at[21];
	char code[20];
} bm_checkpoint_outcome;

/*
 * SYS-3: the audit administrator (SYS-1) signs a checkpoint of the chain as
 * it stands and appends it to the checkpoint file of ctx->anchor; the
 * unit's key is made on first use when it is missing, but never beside a
 * checkpoint file that has lines (BM_ECONFLICT "audit_key_missing"). Audited as
 * "audit.checkpoint" with the count, the last hash and the 校验码.
 */
int bm_svc_audit_checkpoint(bm_ctx *ctx, bm_checkpoint_outcome *out);

/*
 * SYS-3: the daily checkpoint, written by the system (no actor): when the
 * newest checkpoint in the file is older than `max_age` seconds, or there
 * is none, signs and appends one (out->written) and audits it as
 * "audit.checkpoint" with `why` ("serve-start", "daily", "init").
 */
int bm_svc_audit_checkpoint_due(bm_ctx *ctx, int64_t max_age, const char *why,
                                bm_checkpoint_outcome *out);

/*
 * SYS-3: makes the unit's key at ctx->anchor's key path (`baomi init`); an
 * existing key file, or a checkpoint file already beside the database (it
 * belongs to an earlier chain), is BM_ECONFLICT.
 */
int bm_svc_audit_key_init(bm_ctx *ctx);

/*
 * SYS-3: whether checkpoints can be signed with `a` (NULL: none configured,
 * 0): `serve` asks at start. BM_ECONFLICT "audit_key_missing" when the
 * checkpoint file has lines but the key that signed them is gone (a new
 * key is never made then: the key must be restored from its backup).
 */
int bm_svc_audit_anchor_ready(const bm_svc_anchor *a);

/*
 * SYS-3: checks an export read from `in` (JSON lines) off-line, with no
 * database, against the checkpoint file opts->checkpoints when given (a
 * later, longer export passes when it extends every checkpoint): 0
 * (intact) or BM_ECORRUPT with out->first_bad_seq, error set. `opts` may be
 * NULL.
 */
int bm_svc_audit_check_export(FILE *in, bm_audit_check_opts *opts, bm_audit_verify_result *out);

/* ---- backup and restore (service/backup.c, issue 9 point 8) ------------- */

/* What checking a backup found: its chain and the checkpoint it ends at. */
typedef struct bm_backup_check {
	int64_t count;       /* events in the backup's chain */
	char last_hash[65];  /* the last event's hash */
	int64_t checkpoints; /* signed checkpoints the chain was checked against */
	char code[20];       /* the 校验码 of the backup's own (last) checkpoint */
	char at[21];         /* and when it was signed */
	bool key_checked;    /* the checkpoints were checked against the unit's key file */
} bm_backup_check;

/* What a backup copied and signed. */
typedef struct bm_backup_outcome {
	int64_t count;       /* events in the copied chain */
	char last_hash[65];  /* its last event's hash */
	char code[20];       /* the 校验码 of the backup's checkpoint */
	char at[21];         /* when that checkpoint was signed */
	int64_t pages;       /* database pages copied */
	int64_t bytes;       /* the copy's size */
	int steps;           /* backup steps it took */
	int64_t checkpoints; /* checkpoints the copy was verified against */
	bool key_created;    /* the unit had no key: it was made now */
} bm_backup_outcome;

/*
 * Issue 9, point 8: copies the database of ctx into the new file `out_path`
 * while it is in use (a read snapshot: every transaction committed before
 * the backup began is in it; the writers never wait for it), with
 * `out_path`.checkpoints beside it: the unit's checkpoints as they were,
 * plus one signed now for the copied chain (SYS-3), which is also appended
 * to ctx->anchor's checkpoint file. The copy is checked (integrity, chain,
 * checkpoints) before it takes its name. No actor is needed: whoever can
 * read the database file can copy it. Audited in the live chain as
 * "system.backup" with the file, the chain position and the 校验码; an
 * existing `out_path` or its checkpoint file is refused ("backup_exists").
 */
int bm_svc_backup(bm_ctx *ctx, const char *out_path, bm_backup_outcome *out);

/*
 * Checks the backup `path` against `checkpoints` (NULL: path.checkpoints)
 * and the unit's key at `key_path` (NULL or unreadable: the checkpoints'
 * own key): SQLite's full integrity check, the chain and every checkpoint,
 * and a chain that ends at the file's last checkpoint. 0, or an error
 * (BM_ECORRUPT under SYS-3 for the chain and the checkpoints). Nothing is
 * written.
 */
int bm_svc_backup_check(const char *path, const char *checkpoints, const char *key_path,
                        bm_backup_check *out);

/* What a restore did. */
typedef struct bm_restore_outcome {
	bm_backup_check backup;    /* the backup, as checked */
	bool replaced;             /* a database was there, and was set aside */
	char aside[4200];          /* where: DB.before-restore-TIME */
	bool checkpoints_replaced; /* its checkpoint file too */
	char checkpoints_aside[4200];
} bm_restore_outcome;

/*
 * Issue 9, point 8: puts the backup `from` (with from.checkpoints) in place
 * of the database `db` and its checkpoint file `checkpoints`. The backup is
 * copied beside `db` and the copy checked as bm_svc_backup_check does, with
 * `key_path`; a backup that fails is refused ("backup_invalid", naming what
 * failed) and nothing is changed. A database another process has open (a
 * running server) is refused ("database_in_use", BM_ELOCKED). The replaced
 * database and checkpoint file are kept as DB.before-restore-TIME and
 * CHECKPOINTS.before-restore-TIME (TIME from `now`); the copy is renamed
 * into place and the directory synced. The restored chain then records
 * "system.restore" (from where, which checkpoint, where the old file went);
 * the replaced file is left as it was.
 */
int bm_svc_restore(const char *from, const char *db, const char *checkpoints, const char *key_path,
                   int64_t now, bm_restore_outcome *out);

/* ---- directory records as JSON (service/view_org.c) -------------------- */

/* New references for the caller (json_decref). A person never shows a password hash. */
json_t *bm_person_to_json(const bm_person *p);
json_t *bm_department_to_json(const bm_department *d);
json_t *bm_place_to_json(const bm_place *p);
json_t *bm_audit_row_to_json(const bm_audit_row *r);

/* ---- records (service/records.c) -------------------------------------- */

/*
 * How the holder confirms a receipt at the desk (REG-1, CIRC-5; issue 14
 * point 5). A typed name is no signature: `typed` given is refused
 * (typed_signature). A holder with an account gives their own `password`
 * on the clerk's screen (Argon2id as at login; a wrong one is refused,
 * nothing is issued, and it counts towards the account's lockout, SYS-4);
 * a holder without one (an outside reader) signs the printed register by
 * hand (`paper`). The loan records which ("#password" or "#paper" in
 * bm_loan_row.signature); the printed registers leave 签字 for the pen.
 * Meeting documents (MEET-2) and both sides of a hand-over (KEEP-2) confirm
 * the same way.
 */
typedef struct bm_svc_receipt {
	const char *password; /* the holder's own password, or NULL */
	bool paper;           /* signed by hand on the printed register */
	const char *typed;    /* a name typed by the clerk: refused */
} bm_svc_receipt;

/*
 * Executing approved requests at the clerk's desk, and the custody records
 * that need no approval. Each is one use case (one transaction, audited;
 * refusals audited with their rule). Carriers and rows returned live in
 * ctx->arena. Executions are the secrecy clerk's (the designated operator);
 * level decisions are the classification authority's (LEVEL-4).
 */

/*
 * COPY-1..5, BORROW-4, MAKE-2: executes an approved copy request on one
 * carrier. `copies_made` must equal the approved number; `copier` (the
 * device, COPY-5) is required and must be the designated one when the
 * request names it. Each copy is a new carrier (origin copy, copy_of the
 * source) with the source's level, period and scope (COPY-3), the copying
 * unit as producer, and its own serial number: after the highest of the
 * document number, or 1..N with a copy mark in the note when there is none.
 * 绝密 (COPY-2) and a source lent to the requester (BORROW-4) are refused
 * again at execution. `*out` holds the copies in order.
 */
int bm_svc_copy_execute(bm_ctx *ctx, int64_t request_id, const char *copier, int copies_made,
                        bm_carrier **out, size_t *n);

/*
 * COPY-4: executes an approved extract request: one new carrier (origin
 * extract, extract_of the source) with the source's level, period and scope.
 * `title` defaults to "摘录：<source title>"; an extract carries no document
 * number (for 绝密 the note names neither date nor number).
 */
int bm_svc_extract_execute(bm_ctx *ctx, int64_t request_id, const char *title, const char *note,
                           bm_carrier **out);

/*
 * MAKE-1/2: registers exactly the approved copies of an approved make
 * request, serial numbers 1..N. `in` gives what the clerk fills in (place,
 * custodian, scope …); title, level, document number, scope and copies
 * default to the request's; a level or a number of copies other than the
 * approved one is refused.
 */
int bm_svc_make_execute(bm_ctx *ctx, int64_t request_id, const bm_carrier_input *in,
                        bm_carrier **out, size_t *n);

/*
 * MAKE-3: registers `count` drafts, proofs, misprints or waste sheets of a
 * made document for destruction: paper carriers in store with the
 * document's level, period, scope and place, note "waste: <description>".
 * The document is named by its make request (`request_id` != 0) or by its
 * document number. List them in a destroy request to destroy them.
 */
int bm_svc_register_waste(bm_ctx *ctx, int64_t request_id, const char *doc_number,
                          const char *description, int count, bm_carrier **out, size_t *n);

/*
 * CIRC-1, PERSON-7: adds the approved people and departments (request
 * params "add") to each carrier's scope; each person is re-checked.
 * `*out` (may be NULL) receives the first carrier as updated.
 */
int bm_svc_widen_scope_execute(bm_ctx *ctx, int64_t request_id, bm_carrier **out);

/*
 * DESTROY-1..4: destroys the items of an approved destroy request. `place`
 * and `method` default to the request's params; at least the policy's
 * destroy.min_witnesses distinct witnesses (person refs, at most 16), people
 * of the unit (witness_outside_unit), active, none of them the requester
 * (DESTROY-2); the method must be irrecoverable for each kind (DESTROY-3);
 * items on loan or out are refused. Each witness confirms themselves as a
 * holder at the desk (REG-1, issue 14 point 5): `receipts[i]` for
 * `witnesses[i]` (NULL: none given) — their own password on the clerk's
 * screen, checked as at login (a wrong one refused under DESTROY-2, nothing
 * changed, counted towards their lockout, SYS-4), or by hand on the printed
 * register when they have no account; a typed name or nothing is refused.
 * Each carrier becomes destroyed and stays in the ledger with the record
 * (DESTROY-4), which keeps how each witness confirmed.
 */
int bm_svc_destroy_execute(bm_ctx *ctx, int64_t request_id, const char *place, const char *method,
                           const char *const *witnesses, const bm_svc_receipt *receipts,
                           size_t n_witnesses, bm_destruction_row **out);

/* What a classification authority decides (LEVEL-4/8/9). */
typedef struct bm_level_input {
	const char *to_level;     /* code or Chinese name; 非密 = declassify */
	const char *period;       /* new period for a classified level: years or a date; "" = max */
	const char *period_event; /* or a declassification condition, with review_date */
	const char *review_date;
	const char *basis;  /* LEVEL-9: the catalogue entry followed (required) */
	const char *reason; /* LEVEL-9: the handler's reason (required) */
} bm_level_input;

/* The outcome of a level decision. */
typedef struct bm_level_report {
	bm_level_change_row *changes; /* one per carrier changed */
	size_t n_changes;
	bm_carrier *carriers; /* the carriers as changed, same order */
	bm_carrier *linked;   /* LEVEL-7: their copies and extracts, listed, not changed */
	size_t n_linked;
} bm_level_report;

/*
 * LEVEL-4/7/8/9/10: executes an approved level_change request (params
 * "to_level", "period", "basis"; `basis` overrides). The actor must be a
 * classification authority (policy approver.level_change) cleared for both
 * levels. Writes the level_change row with the old and new marking,
 * updates level and period (declassified: 非密, no period, marking 解密),
 * keeps the original level and the history.
 */
int bm_svc_level_change_execute(bm_ctx *ctx, int64_t request_id, const char *basis,
                                bm_level_report *out);

/* LEVEL-4/7/8/9/10: the same decision taken directly by a classification authority. */
int bm_svc_level_decide(bm_ctx *ctx, int64_t carrier_id, const bm_level_input *in,
                        bm_level_report *out);

/* LEVEL-7: a carrier's level decisions, oldest first (the actor must see the carrier). */
int bm_svc_level_history(bm_ctx *ctx, int64_t carrier_id, bm_level_change_row **out, size_t *n);

/*
 * KEEP-2, PERSON-1: moves every carrier `from_person` keeps to `to_person`,
 * who must be cleared for each level, on one list both sides confirm
 * themselves (issue 14 point 5), each as a holder at the desk
 * (bm_svc_receipt): their own password typed on the clerk's screen (a
 * wrong one is refused, nothing moves, and it counts towards that side's
 * lockout, SYS-4), or by hand on the printed list when they have no
 * account; a typed name is refused (typed_signature). The list records how
 * each side confirmed ("#password" / "#paper"), never a password.
 * `*listed` holds the carriers handed over, as updated.
 */
int bm_svc_handover(bm_ctx *ctx, const char *from_person, const char *to_person,
                    const bm_svc_receipt *from_receipt, const bm_svc_receipt *to_receipt,
                    const char *note, bm_carrier **listed, size_t *n);

/*
 * KEEP-2 (issue 14 point 4): a hand-over of part of what a person keeps:
 * exactly the carriers and devices the clerk chose, each kept (held) by the
 * person handing over; the rest stays with them.
 */
typedef struct bm_handover_choice {
	const int64_t *carrier_ids;
	size_t n_carriers;
	const int64_t *device_ids;
	size_t n_devices;
} bm_handover_choice;

/*
 * As bm_svc_handover; `choice` NULL hands over everything, as it does.
 * `*handover_id` (when not NULL) is the list written.
 */
int bm_svc_handover_chosen(bm_ctx *ctx, const char *from_person, const char *to_person,
                           const bm_svc_receipt *from_receipt, const bm_svc_receipt *to_receipt,
                           const char *note, const bm_handover_choice *choice, bm_carrier **listed,
                           size_t *n, int64_t *handover_id);

/*
 * KEEP-2, PERSON-4: the security administrator records that `person` left
 * on `left_on` (a date, not in the future). Refused while the person keeps
 * any carrier or holds one on loan; otherwise the person's status becomes
 * left, their sessions end, and the 脱密期 end is recorded. `*out` may be NULL.
 */
int bm_svc_person_depart(bm_ctx *ctx, const char *person, const char *left_on,
                         bm_departure_row **out);

/* KEEP-3: returns carriers to their issuer (status returned); items on loan are refused. */
int bm_svc_return_to_issuer(bm_ctx *ctx, const int64_t *carrier_ids, size_t n, const char *note);

/*
 * LEVEL-5, KEEP-4: registers a volume or compilation (origin volume) over
 * `parts`, which get its volume_id. A level lower than the highest part is
 * refused. Place and scope default to the highest part's place and the
 * union of the parts' scopes.
 */
int bm_svc_volume_create(bm_ctx *ctx, const bm_carrier_input *in, const int64_t *parts,
                         size_t n_parts, bm_carrier **out);

/* LEVEL-5: adds a part to a volume; a part above the volume's level is refused. */
int bm_svc_volume_add(bm_ctx *ctx, int64_t volume_id, int64_t part_id);

/* ---- records as JSON (service/view_records.c) -------------------------- */

/* New references for the caller (json_decref). */
json_t *bm_destruction_to_json(const bm_destruction_row *d);
json_t *bm_level_change_to_json(const bm_level_change_row *r);
json_t *bm_handover_to_json(const bm_handover_row *h);

/*
 * KEEP-2, REG-1, REG-4 (issue 14 point 5): a kept hand-over list as one
 * reader may read it (bm_rules_handover_read): the row with the carriers
 * they may see (`n_hidden` left out), the names of both sides and of the
 * clerk who recorded it.
 */
typedef struct bm_handover_view {
	bm_handover_row *row;
	bool whole; /* the reader reads the whole list */
	size_t n_hidden;
	const char *from_name, *to_name, *recorded_by_name;
	const char *local_at; /* the instant, local "YYYY-MM-DD HH:MM" */
} bm_handover_view;

/*
 * The 移交登记簿 of the unit, newest first: every hand-over, or those
 * `person` (a reference) signed on either side, made from `from` to `to`
 * (local dates, inclusive; NULL or "" = open). Any reader but an
 * administrator (SYS-1), as the other registers; audited (handover.list).
 */
int bm_svc_handover_list(bm_ctx *ctx, const char *person, const char *from, const char *to,
                         bm_handover_view **out, size_t *n);

/*
 * One kept list with its items and devices as handed over (migration 47),
 * to reprint (audited: handover.show). A list of another unit, or one the
 * reader may see nothing of, is unknown_handover (SYS-2).
 */
int bm_svc_handover_show(bm_ctx *ctx, int64_t id, bm_handover_view **out);

/* How a side confirmed, in the register's words: 本人口令确认 <time>, 纸质清单手签,
 * 录入姓名（非本人签字）. */
const char *bm_handover_receipt_text(bm_ctx *ctx, const char *signature, const char *at);

/* The view as JSON; `with_items`: the carriers and devices of the list. */
json_t *bm_handover_view_json(bm_ctx *ctx, const bm_handover_view *v, bool with_items);
json_t *bm_departure_to_json(const bm_departure_row *d);

/* ---- the clerk's desk: issue, check-in, circulation (service/loan.c) ---- */

/*
 * Every hand-out against signature is a loan (store.h bm_loan_row); the
 * carrier's status says where it is until the clerk checks it back in.
 * due_at is the last instant the item may be out (ISO, UTC): it is overdue
 * when now > due_at, and its local date is the due date.
 */

/*
 * The clerk issues the carrier of an approved borrow, read, take_out or
 * outside_reader request to its requester (or the outside reader it names):
 * the carrier must be in store (BORROW-4: never re-lent); the request's rule
 * is asked again for today (BORROW-3: 绝密 only on site, a take-away refused;
 * PERSON-*); the holder's signature is recorded (REG-1, CIRC-5). Due: the
 * level's term in working days for a borrowing (BORROW-2), the same day or
 * immediately for reading on site, which needs `place` (CIRC-3/4), the
 * trip's return date for a take-out (CARRY-2). `carrier_id` 0: the
 * request's only carrier. The request is executed once all its carriers are
 * issued. `*out` (may be NULL) lives in ctx->arena.
 */
int bm_svc_issue(bm_ctx *ctx, int64_t request_id, int64_t carrier_id, const bm_svc_receipt *receipt,
                 const char *place, bm_loan_row **out);

/*
 * The clerk checks an item back in (CIRC-2, CARRY-2): the open loan is
 * returned, the carrier is in store again; `incomplete` flags missing
 * attachments (INV-3); a late return is noted in the history.
 */
int bm_svc_checkin(bm_ctx *ctx, int64_t carrier_id, bool incomplete, const char *note);

/*
 * Circulation (传阅, CIRC-1..5): the clerk (or the custodian) hands an
 * in-store item to `reader` (person ref), who must be inside the scope and
 * cleared; nobody else passes items on and an item a reader holds goes back
 * to the clerk first (CIRC-2). A classified item is read in a recorded
 * `place` (CIRC-4); the reader's `signature` is required (CIRC-5); due the
 * same day for 秘密 and above, immediately after reading for 绝密 (CIRC-3).
 * `*out` (may be NULL) lives in ctx->arena.
 */
int bm_svc_circulate(bm_ctx *ctx, int64_t carrier_id, const char *reader, const char *place,
                     const bm_svc_receipt *receipt, bm_loan_row **out);

/*
 * Items out now, soonest due first: every loan for a clerk, one's own
 * otherwise. Each row's `overdue` is set (BORROW-2, CARRY-2, CIRC-3: out and
 * ctx->now past due_at), so every front end flags the same items.
 */
int bm_svc_loans_out(bm_ctx *ctx, bm_loan_row **out, size_t *count);

/* ---- requests, approvals, loans as JSON (service/view_workflow.c) ------ */

/*
 * A request with codes plus zh/en names, its chain (roles with names, the
 * step reached), its params as an object and, when given, its approvals.
 * New reference for the caller (json_decref).
 */
json_t *bm_request_to_json(const bm_request_row *r, const bm_approval_row *approvals,
                           size_t n_approvals);

/* One approval decision as JSON (new reference). */
json_t *bm_approval_to_json(const bm_approval_row *ap);

/* One loan as JSON (new reference); "out" is true while not returned. */
json_t *bm_loan_to_json(const bm_loan_row *l);

#endif
