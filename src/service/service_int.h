/*
 * service_int.h — what only the service files share.
 */
#ifndef BM_SERVICE_INT_H
#define BM_SERVICE_INT_H

#include <jansson.h>

#include "audit/audit.h"
#include "import/ledger.h"
#include "policy/account.h"
#include "policy/entries.h"
#include "policy/forms.h"
#include "policy/lookup.h"
#include "policy/people.h"
#include "policy/states.h"
#include "policy/tasks.h"
#include "service/service.h"
#include "store/store.h"

/*
 * A count's result (every line) as the 涉密载体清查表 (service/count_sheet.c); `scope`
 * names the count's scope; *rows is the number of lines written.
 */
struct bm_count_result;
int bm_count_sheet_write(bm_ctx *ctx, const struct bm_count_result *r, const char *scope,
                         bm_sheet_format format, bm_buf *out, size_t *rows);

/* Dumps `obj` (reference stolen) as compact JSON with sorted keys into the arena. */
char *bm_svc_json(bm_ctx *ctx, json_t *obj);

/* The actor's username, or "-" when nobody is logged in. */
const char *bm_svc_actor_name(const bm_ctx *ctx);

/* Refuses when nobody is logged in. */
int bm_svc_require_actor(bm_ctx *ctx);

/* SYS-4: sets the policy's refusal of `fault` (bm_rules_auth); 0 for BM_AUTH_OK. */
int bm_svc_auth_refusal(bm_auth_fault fault);

/*
 * Requires a logged-in actor the policy lets do `task` (policy/tasks.h:
 * the task's roles, SYS-1 for business tasks); the refusal is the policy's.
 */
int bm_svc_require_task(bm_ctx *ctx, bm_task task);

/*
 * SYS-3: an export's checkpoint (service/audit_anchor.c): signs the chain as
 * ctx->store sees it, appends it to ctx->anchor's file and adds its facts to
 * `detail` under "checkpoint". Nothing when ctx->anchor is NULL.
 */
int bm_svc_audit_export_checkpoint(bm_ctx *ctx, json_t *detail);

/*
 * SYS-3: the chain as ctx->store sees it against the checkpoints opts (may
 * be NULL) names or ctx->anchor's file (service/audit_anchor.c); the
 * result contract of bm_audit_verify_anchored.
 */
int bm_svc_audit_walk(bm_ctx *ctx, bm_audit_check_opts *opts, bm_audit_verify_result *out);

/*
 * Reads a vocabulary word through the policy (bm_rules_term): 0 and
 * `*value`, or the policy's refusal naming the word's rule.
 */
int bm_svc_term(bm_term term, const char *text, int *value);

/* The policy's check that `c` (`on_loan`: a loan of it is open) is in the state `need` asks. */
int bm_svc_carrier_state(bm_carrier_need need, const bm_carrier *c, bool on_loan);

/*
 * When rc != 0, sets the current error's rule to the one field `field` of
 * `form` records (bm_policy_field_rule); returns rc. For a check that is
 * not a rule itself (text length, a person found) made for a rule's field.
 */
int bm_svc_field_rule(int rc, bm_form form, const char *field);

/*
 * SYS-1 (filing.c): inside the caller's use case, the actor (the system
 * administrator) files `kind` ("reset", "create") for `p`'s account; the
 * filer's half of the temporary secret goes into `*half` with the
 * filing's id. The policy's refusal when the actor may not file.
 */
int bm_svc_filing_open(bm_ctx *ctx, const bm_person *p, const char *kind, bm_filing_half *half);

/*
 * SYS-1 (issue 9 point 1): raises to the audit administrator, in the
 * current write transaction, the change `kind` (filed, approved, refused,
 * admin_roles, admin_disabled, admin_enabled) the actor made to `person_id`.
 */
int bm_svc_admin_alert_raise(bm_ctx *ctx, const char *kind, int64_t person_id, int64_t filing_id,
                             const char *detail);

/* SYS-1: `p` holds an administrator role. */
bool bm_svc_person_is_admin(const bm_person *p);

/* bm_svc_person_resolve of a person of the actor's unit; another unit's is unknown_person. */
int bm_svc_unit_person(bm_ctx *ctx, const char *ref, bm_person **out);

/* The actor's "now" as an ISO instant and as a local date (arena strings). */
const char *bm_svc_now_iso(bm_ctx *ctx);
const char *bm_svc_today(bm_ctx *ctx);

/* The built-in defaults (bm_policy_defaults), computed once per process. */
void bm_svc_policy_defaults(bm_policy *out);

/*
 * The policy parsed from the stored version `pv` into `out`, its version set:
 * the process's cached parse when `pv` is the version and text parsed last
 * (policy_cache.c), else parsed now and cached. Returns 0, or the parser's
 * error with `out` untouched.
 */
int bm_svc_policy_of(bm_policy *out, const bm_policy_version *pv);

/* Appends a line to a carrier's history. `detail` may be NULL. */
int bm_svc_history(bm_ctx *ctx, int64_t carrier_id, const char *action, const char *detail);

/*
 * Validates a text field: valid UTF-8, at most `max_chars` code points, and
 * (when `required`) not blank. `field` names it in the error.
 */
int bm_svc_check_text(const char *value, const char *field_zh, const char *field_en,
                      size_t max_chars, bool required);

/* Parses a whole number in [min, max]; `field` names it in the error. */
int bm_svc_parse_int(const char *text, long min, long max, const char *field_zh,
                     const char *field_en, long *out);

/*
 * Splits a list typed by a person: items separated by ',', ';', '，' or '；'
 * (whole UTF-8 sequences, never single bytes), trimmed of ASCII and
 * ideographic spaces, empty items dropped. `*items` is an arena array of
 * arena strings. Returns 0 or BM_ENOMEM.
 */
int bm_svc_split_list(bm_ctx *ctx, const char *text, char ***items, size_t *count);

/* True when the person may see carriers of `level` at all (PERSON-1, PERSON-2). */
bm_level bm_svc_clearance(const bm_person *p);

/* ---- SYS-4: the numbers and the shared login steps (service/session.c) ---- */

/*
 * Opens a login's use case (no transaction may be open): refuses a locked
 * username (BM_ELOCKED, SYS-4), checks the password with Argon2id (an
 * unknown user costs the same) in no transaction and without the writer,
 * then takes the writer (bm_svc_begin), checks again what may have changed
 * meanwhile (lockout, account status, the hash: a changed hash is checked
 * anew), forgets the username's failures and sets `*out` (arena). A stored
 * hash made at other parameters than BM_PWHASH_* is replaced by a fresh one
 * of the same password (SYS-4), and `*rehashed` (may be NULL) is set so the
 * caller's audit event can say so.
 * A wrong password, an unknown or disabled account all fail alike
 * (BM_EDENIED, "bad_credentials"); a store error is answered as itself.
 * Not audited: the caller ends the use case with bm_svc_end in every case
 * (it copes with the writer held, a snapshot open, or neither).
 */
int bm_svc_authenticate(bm_ctx *ctx, const char *username, const char *password, bm_person **out,
                        bool *rehashed);

/*
 * SYS-4 password age: after bm_svc_authenticate, inside its transaction. A
 * password older than the policy allows for the highest level `p` may see
 * (bm_rules_password_age) forces a change: p->must_change_password is set
 * and stored, so that every route but the password change is refused
 * (bm_svc_require_password_current) until it is changed; `*expired` says
 * so and the login's audit `detail` records it. Called by the API's login
 * (bm_svc_session_open), where the change can be made; the CLI, which has
 * no password change, neither marks nor enforces it (as for a temporary
 * password).
 */
int bm_svc_password_age(bm_ctx *ctx, bm_person *p, json_t *detail, bool *expired);

/*
 * After a failed attempt (its use case already ended): records the failure
 * under the username string tried, in a transaction of its own, and audits
 * the lockout when this failure starts one. Best effort; keeps the current
 * error detail intact.
 */
void bm_svc_note_login_failure(bm_ctx *ctx, const char *username);

/*
 * SYS-4: the instant until which `username` is locked (0: not locked) and
 * the failed logins on record that can still lock it, as a login decides.
 */
int bm_svc_lock_of(bm_ctx *ctx, const char *username, int64_t *until, size_t *failures);

/*
 * REG-1, CIRC-5 (issue 14 point 5): the holder confirms a receipt at the
 * desk with their own password, checked in two steps like a login's.
 * bm_svc_holder_check, with no transaction open, reads person `person_id`
 * in a snapshot of its own, refuses a locked account (BM_ELOCKED, SYS-4;
 * no password checked, no failure added) and checks `password` (NULL:
 * nothing checked) with Argon2id holding neither a snapshot nor the writer.
 * Inside the use case's transaction, bm_svc_holder_receipt decides the
 * receipt of `holder` (bm_rules_holder_receipt under `rule`, the person named
 * in the refusal as `side_zh`/`side_en`, NULL: 领取人: a typed name, nothing,
 * a wrong password, paper for a holder with an account are refused; a
 * lock or a changed hash meanwhile too). After the use case has ended,
 * bm_svc_holder_failed counts a wrong password towards the holder's
 * lockout as a failed login of theirs (bm_svc_note_login_failure).
 * bm_svc_holder_audit puts the audit's word on the check in `detail` under
 * `key`: "ok" or "wrong" (never the password), nothing when no password
 * was checked.
 */
typedef struct bm_svc_holder_proof {
	int64_t person_id;
	const char *username; /* the account checked (arena), NULL: none */
	const char *hash;     /* the hash the password was checked against */
	bool checked;         /* a password was checked against the account */
	bool matched;
} bm_svc_holder_proof;

int bm_svc_holder_check(bm_ctx *ctx, int64_t person_id, const char *password,
                        bm_svc_holder_proof *out);
int bm_svc_holder_receipt(bm_ctx *ctx, const bm_svc_holder_proof *proof, const bm_person *holder,
                          const bm_svc_receipt *receipt, const char *rule, const char *side_zh,
                          const char *side_en);
void bm_svc_holder_failed(bm_ctx *ctx, const bm_svc_holder_proof *proof);
void bm_svc_holder_audit(json_t *detail, const char *key, const bm_svc_holder_proof *proof);

/*
 * DESTROY-2 with REG-1 (witness.c; issue 14 point 5): the witnesses (监销人)
 * of a destruction or of a device's scrapping (DEV-6), at most
 * BM_SVC_MAX_WITNESSES, each confirming as a holder at the desk.
 * Before the transaction, bm_svc_witness_proofs checks each password given
 * (`receipts[i]` for `refs[i]`; NULL: none) as at login (`*proofs`, `*n_proofs`
 * set before any is checked, so every wrong one is counted; too_many_witnesses).
 * Inside it, bm_svc_witnesses_resolve reads the witnesses: people of the unit
 * (witness_outside_unit), active (witness_inactive), distinct (the same person
 * twice is one; `first[k]` is where the k-th was given); once everything else
 * allows the act, bm_svc_witnesses_confirm has each confirm themselves
 * (bm_svc_holder_receipt under DESTROY-2) and gives how each did
 * (BM_RECEIPT_MARK_PASSWORD / _PAPER, `*marks`). bm_svc_witnesses_audit is the
 * audit's word on each (how, a password's check, never the password);
 * bm_svc_witness_marks the record's ("password", "paper", "typed");
 * bm_svc_witnesses_failed, after the use case has ended, counts each wrong
 * password towards its witness's lockout (SYS-4).
 */
enum { BM_SVC_MAX_WITNESSES = 16 };
int bm_svc_witness_proofs(bm_ctx *ctx, const char *const *refs, const bm_svc_receipt *receipts,
                          size_t n, bm_svc_holder_proof **proofs, size_t *n_proofs);
int bm_svc_witnesses_resolve(bm_ctx *ctx, const char *const *refs, size_t n, int64_t **ids,
                             bm_person ***people, size_t **first, size_t *n_ids);
int bm_svc_witnesses_confirm(bm_ctx *ctx, bm_person **people, const size_t *first, size_t n,
                             const bm_svc_receipt *receipts, const bm_svc_holder_proof *proofs,
                             const char ***marks);
json_t *bm_svc_witnesses_audit(const bm_svc_holder_proof *proofs, const bm_svc_receipt *receipts,
                               size_t n);
json_t *bm_svc_witness_marks(const char **signatures, size_t n);
void bm_svc_witnesses_failed(bm_ctx *ctx, const bm_svc_holder_proof *proofs, size_t n);

/*
 * True when `password` matches the Argon2id string `hash`. Every Argon2id
 * computation (this one and bm_password_hash_cost) passes one process-wide
 * gate letting BM_PWHASH_CONCURRENCY run at once; the others wait their
 * turn, so a flood of logins cannot multiply the hash's memory.
 */
bool bm_svc_password_matches(const char *hash, const char *password);

/*
 * For tests only: `hook(arg)` runs at the start of every Argon2id
 * computation (verification and hash), on the calling thread, before it
 * waits at the gate; NULL removes it. Tests use it to see what a login
 * holds while it hashes (nothing: no writer, no snapshot). Not thread-safe
 * to change while hashes run.
 */
void bm_svc_password_hook_set(void (*hook)(void *arg), void *arg);

/*
 * True when a stored Argon2id string `hash` was made at parameters other
 * than BM_PWHASH_* and should be re-hashed at the next successful login.
 * Hashes at libsodium's minimum (m=8, t=1) are left alone: no shipped code
 * makes them, only the test tool tests/tools/fasthash and a test build with
 * $BAOMI_TEST_FASTHASH=1 (password.c) do, and anybody who
 * can write one into the person table could write any hash there anyway.
 */
bool bm_svc_password_needs_rehash(const char *hash);

/*
 * The most Argon2id computations seen running at once since the last call
 * with `reset` true (for tests and monitoring).
 */
int bm_svc_password_gate_peak(bool reset);

/* ---- the actor and the day (context.c); SYS-1 is decided in policy/visibility.h ---- */

/* Today as a local date under the unit's policy. */
int32_t bm_svc_today_days(const bm_ctx *ctx);

/* A date as typed (YYYY-MM-DD), or BM_DATE_NONE when there is none or it is not one. */
int32_t bm_svc_day_of(const char *text);

/* A day as YYYY-MM-DD in the request's arena, or NULL for BM_DATE_NONE. */
const char *bm_svc_date_text(bm_ctx *ctx, int32_t day);

/* ORG-1, KEEP-1: a department takes people, a place carriers, only while in use (org.c). */
int bm_svc_department_open(const bm_department *d);
int bm_svc_place_open(const bm_place *p);

/* SYS-1: true when the actor holds one of the three administrator roles. */
bool bm_svc_is_admin(const bm_ctx *ctx);

/* Requires a logged-in actor who is not one of the three administrators (SYS-1: handle). */
int bm_svc_require_business(bm_ctx *ctx);

/* The same for reading the ledgers: the refusal says the administrators may not see them. */
int bm_svc_require_reader(bm_ctx *ctx);

/* ---- facts for src/policy/rules.h, and the visible carrier (facts.c) ---- */

#include "policy/rules.h"

/*
 * Facts for src/policy/rules.h: a person, a carrier. The actor's arrays live
 * in the arena; the item borrows the carrier's scope.
 */
int bm_svc_actor_facts(bm_ctx *ctx, const bm_person *p, bm_actor *out);
int bm_svc_item_facts(const bm_ctx *ctx, const bm_carrier *c, bm_item *out);

/*
 * PERSON-1/2/3/7 (bm_rules_named_person): may `p` be named in a knowledge
 * scope (or, `custodian`, keep) an item at `level`? The refusal names the
 * person and the rule. Every route that names people calls it.
 */
int bm_svc_check_named(bm_ctx *ctx, const bm_person *p, bm_level level, bool custodian);

/* bm_svc_check_named for every person in c->scope at c->level. */
int bm_svc_check_scope_people(bm_ctx *ctx, const bm_carrier *c);

/*
 * SYS-2 for one carrier loaded with its scope: `*out` is true when the
 * actor may see it (bm_policy_sys2_visible, policy/visibility.h). Fails
 * only when a fact (who holds it now) cannot be read.
 */
int bm_svc_sees(const bm_ctx *ctx, const bm_carrier *c, bool *out);

/* bm_svc_sees for a filter over loaded carriers: a fact that cannot be read hides it. */
bool bm_svc_can_see(const bm_ctx *ctx, const bm_carrier *c);

/*
 * Loads a carrier the actor may see (SYS-2: cleared for its level and in its
 * scope, its custodian, a clerk, or the approved borrower holding it now);
 * a hidden carrier answers BM_ENOTFOUND (rule SYS-2) exactly like a missing
 * one. `*out` (with its scope) lives in ctx->arena.
 */
int bm_svc_carrier_visible(bm_ctx *ctx, int64_t id, bm_carrier **out);

/* ---- shared by the workflow executions (request.c implements) ---------- */

/*
 * Loads request `id` for executing `op` inside the caller's transaction: it
 * must exist, be approved and not yet executed, and (when carrier_id != 0)
 * concern that carrier. Refusals name the operation's rule (bm_op_rule).
 */
int bm_req_load_approved(bm_ctx *ctx, int64_t id, bm_op op, int64_t carrier_id,
                         bm_request_row **out);

/*
 * Whether `params` hold the outside approval record `key` (FOREIGN-1's and
 * CARRY-3's "higher_approval", COPY-2's "originator_approval"): an object
 * with who approved ("by"), their document number ("document") and a valid
 * date ("date"), as checked when the request was filed.
 */
bool bm_req_outside_approval(json_t *params, const char *key);

/* Marks a loaded request executed (inside the caller's transaction). */
int bm_req_mark_executed(bm_ctx *ctx, bm_request_row *r);

/* The approval chain stored with a request (role codes), as a role list. */
int bm_req_chain(const bm_request_row *r, bm_role_list *out);

/* Who may read a request: its requester, the holders of its chain's roles, clerks (and
 * for a publication its reviewers and publisher). */
bool bm_req_may_read(const bm_ctx *ctx, const bm_request_row *r);

/* ---- publication review (publication_facts.c implements) ---------------- */

/*
 * PUB-1/PUB-2 when a publication is filed: reads and resolves `params`
 * (channel, title, text or attachment, department, publisher, reviewers;
 * the resolved ids written back), checks the carriers attached (`ids`) by
 * their current marking. On success `*d` is the allowed decision with the
 * approver.publish chain.
 */
int bm_pub_evaluate(bm_ctx *ctx, json_t *params, const int64_t *ids, size_t n, bm_decision *d);

/*
 * PUB-2: every carrier of `ids` reads 非密 now; the refusal names the first
 * that does not. `filing`: the requester attaches only carriers they may
 * see (SYS-2); later steps read the ledger as it is.
 */
int bm_pub_attachments(bm_ctx *ctx, const int64_t *ids, size_t n, bool filing);

/*
 * MEET-2: loan `loan` of carrier `c` has just come back: when it is a
 * meeting document, its meeting's history records the return (whether
 * through `meeting return` or the desk's check-in) and `*meeting_id` (if
 * not NULL) is that meeting; otherwise nothing is written and it is 0.
 */
int bm_svc_meeting_loan_back(bm_ctx *ctx, const bm_loan_row *loan, const bm_carrier *c,
                             int64_t *meeting_id);

/* PUB-1 before approving publication `r`: every named reviewer reviewed, none objected;
 * PUB-2 again on its attachments; SYS-2: the approver sees each of them. */
int bm_pub_approve_check(bm_ctx *ctx, const bm_request_row *r);

/* A request's params as a JSON object (new reference; an empty one when unreadable). */
json_t *bm_pub_params(const bm_request_row *r);

/* The integer array `key` of `params` holds `id`. */
bool bm_pub_holds(json_t *params, const char *key, int64_t id);

/* The actor is a named reviewer or the publisher of publication `r`. */
bool bm_pub_may_read(const bm_ctx *ctx, const bm_request_row *r);

/* ---- the ledger's building blocks (carrier.c implements) ---------------- */

/*
 * LEVEL-2/3/8: resolves in->period / period_event / review_date for the
 * level already in c->level, counting from `start_day`; sets c->period_*.
 * Needs no database.
 */
int bm_carrier_resolve_period(bm_carrier *c, bm_ctx *ctx, const bm_carrier_input *in,
                              int32_t start_day);

/*
 * The checks of a clerk's input that need no database (texts, vocabulary,
 * numbers, REG-2 date received, the period): fills `*out` (strings borrowed
 * from `in` or in the arena). Runs before the transaction begins.
 */
int bm_carrier_check(bm_carrier *out, bm_ctx *ctx, const bm_carrier_input *in, bool made);

/*
 * The rest, inside the transaction: department, custodian (KEEP-1,
 * PERSON-1, KEEP-6), place (KEEP-1, REG-4) and knowledge scope (LEVEL-2).
 */
int bm_carrier_resolve(bm_carrier *c, bm_ctx *ctx, const bm_carrier_input *in);

/*
 * LEVEL-2, PERSON-1/2/3/7: resolves a knowledge scope text as registration
 * does and checks everybody it names for `level` (a make request at filing).
 */
int bm_carrier_scope_check(bm_ctx *ctx, const char *scope, bm_level level);

/* Both of the above: the clerk's input as a carrier record (arena), every field checked. */
int bm_carrier_build(bm_carrier *out, bm_ctx *ctx, const bm_carrier_input *in, bool made);

/*
 * Inserts a built carrier (refusing a taken serial number) and writes its
 * first history line `action` with the carrier's facts plus `extra` (borrowed).
 */
int bm_carrier_insert(bm_ctx *ctx, bm_carrier *c, const char *action, json_t *extra);

/*
 * 收文登记 of one checked carrier (bm_carrier_check done), inside the
 * caller's transaction: the personal letter it came in (REG-3), custody,
 * place and scope (bm_carrier_resolve), the insert with its history line
 * (REG-2 lateness noted) and the letter's link. The one path single and
 * bulk registration share.
 */
int bm_carrier_register_row(bm_ctx *ctx, const bm_carrier_input *in, bm_carrier *c);

/* ---- bulk registration (carrier_bulk.c) ---- */

/* Where a batch came from: a file imported (service/import.c). */
typedef struct bm_import_source {
	const char *file_name;
	const char *format;   /* csv, xls, xlsx */
	const char *sm3;      /* the file's SM3, hex */
	const size_t *lines;  /* per input: its row's number in the file */
	const char **row_sm3; /* per input: its row's SM3, hex */
} bm_import_source;

/*
 * The steps every register's import shares (import.c): the file read and
 * its header found (bm_import_open: the task, the file's SM3, the sheet,
 * the header, the report's columns), the data rows one by one
 * (bm_import_next: blank rows passed over, each row's SM3, a merged range
 * across two fields refused; NULL at the end), the rows counted, the
 * refusal of a real run with refused rows (bm_import_refused), and the end
 * (bm_import_end: bm_svc_end with the file's facts and counts).
 */
typedef struct bm_import_run {
	bm_import_sheet sheet;
	bm_import_header h;
	json_t *detail;
	size_t next;
} bm_import_run;

int bm_import_open(bm_ctx *ctx, const bm_import_file *file, const bm_import_schema *schema,
                   bm_task task, bool dry_run, bm_import_report *out, bm_import_run *run);
bm_import_row *bm_import_next(bm_ctx *ctx, bm_import_run *run, bm_import_report *out,
                              const bm_import_line **line);
void bm_import_refuse_row(bm_ctx *ctx, bm_import_row *row, const char *column);
bool bm_import_blank_row(bm_arena *a, const bm_import_line *r);
void bm_import_count(bm_import_report *out);
int bm_import_refused(const bm_import_report *r);
int bm_import_end(bm_ctx *ctx, int rc, const char *action, bm_import_report *out,
                  bm_import_run *run);

/* Where one imported row came from, as its events record it (SYS-3). */
typedef struct bm_import_origin {
	const char *file_name, *file_sm3, *row_sm3;
	size_t line;
} bm_import_origin;

/*
 * Appends the event of one step of an imported row inside the open write
 * transaction (import_audit.c): `detail` (taken) with import_file,
 * import_row, import_row_sm3 and import_sm3 added.
 */
int bm_svc_import_event(bm_ctx *ctx, const char *action, const char *object, json_t *detail,
                        const bm_import_origin *o);

/*
 * bm_svc_carrier_register_bulk, with the batch's source: from a file
 * (`src` not NULL) every row's event carries import_file, import_row (the
 * file's row number) and import_sm3, the batch's event is carrier.import,
 * and a refusal names the file's row.
 */
int bm_carrier_bulk(bm_ctx *ctx, const bm_carrier_input *in, size_t n, const bm_import_source *src,
                    int64_t *ids_out, size_t *failed_row);

/* The carrier's facts as the audit detail records them (compact JSON in the arena). */
const char *bm_carrier_facts_json(bm_ctx *ctx, const bm_carrier *c);

/* ---- personal keeping (keeping.c, KEEP-6) ------------------------------- */

/* True when `p` holds the secrecy clerk's role (anywhere). */
bool bm_svc_person_is_clerk(const bm_person *p);

/*
 * CIRC-1: may `to` (`to_facts` their facts, may be NULL: read here) become
 * the custodian of `c`? Refused with custodian_outside_scope, the carrier
 * and the person named, when a classified carrier would go to somebody
 * outside its scope who is not a clerk (bm_rules_custodian_scope).
 */
int bm_svc_custodian_scope(bm_ctx *ctx, const bm_carrier *c, const bm_person *to,
                           const bm_actor *to_facts);

/*
 * KEEP-1/2, PERSON-1: what person `p` answers for: `*n_kept` carriers they
 * keep, `*n_loans` loans they have out, and of both `*n_above` above level
 * `above` (`*highest` the highest level among those). Read in the caller's
 * transaction.
 */
int bm_svc_person_holdings(bm_ctx *ctx, const bm_person *p, bm_level above, size_t *n_kept,
                           size_t *n_loans, size_t *n_above, bm_level *highest);

/*
 * KEEP-6: sets c->keep_* for `keeper` becoming the custodian. A clerk keeps
 * without terms (cleared); anybody else needs all three of `keep` (may be
 * NULL): BM_EINVALID "keeping_terms_required" names what is missing; a bad
 * approver or a past date is refused under KEEP-6 too. Strings in ctx->arena.
 */
int bm_svc_keeping_apply(bm_ctx *ctx, bm_carrier *c, const bm_person *keeper,
                         const bm_keep_terms *keep);

/* Adds the carrier's keeping terms (when set) to a history/audit object. */
void bm_svc_keeping_facts(const bm_carrier *c, json_t *d);

/* ---- the people register (people.c, issue 10) ---- */

/*
 * KEEP-2: what `p` holds (carriers kept, carriers on loan). The one count
 * leaving, departure and hand-over ask; the devices register adds its own.
 */
int bm_svc_person_holds(bm_ctx *ctx, const bm_person *p, bm_person_holds *out);
int64_t bm_svc_person_holds_total(const bm_person_holds *h);

/*
 * The register's facts of `p` (policy/people.h); `*rec` (may be NULL) its
 * record, `*recent` (may be NULL) its training in the 12 months up to today.
 */
int bm_svc_person_register_facts(bm_ctx *ctx, const bm_person *p, bm_person_facts *f,
                                 bm_person_record **rec, bm_training_hours *recent);

/*
 * PERSON-6/7, ORG-1: adds to `out` (bm_svc_actor_facts) what the register
 * knows: the 脱密期, the training and the statement of a tracked person.
 */
int bm_svc_actor_register_facts(bm_ctx *ctx, const bm_person *p, bm_actor *out);

/* Appends a line to a person's history, by the actor, now. */
int bm_svc_person_event(bm_ctx *ctx, int64_t person_id, const char *kind, const char *from,
                        const char *to, const char *note);

/*
 * PERSON-2: raising the class of a person whose vetting the register
 * recorded but who is not cleared is refused unless vetted, trained and
 * committed (as `person clear`).
 */
int bm_svc_register_grant_check(bm_ctx *ctx, const bm_person *p, int cls);

/* PERSON-4: a departure recorded by `depart` written into the register too. */
int bm_svc_register_departed(bm_ctx *ctx, const bm_person *p, const char *left_on,
                             const char *decl_until);

/* ---- a unit's rows copied into a store (migrate.c implements; backup.c) ---- */

/* Where copied rows go: the store `to`, and how many went in. */
typedef struct bm_svc_copy_sink {
	bm_store *to;
	int64_t rows;
} bm_svc_copy_sink;

/*
 * A bm_copy_row_cb (store.h copy_scan, bm_store_pg_archive_scan): puts the
 * row into the sink `cls` (a bm_svc_copy_sink) with copy_put and counts it.
 * 0 or the store's error.
 */
int bm_svc_copy_sink_row(void *cls, const char *table, size_t ncol, const char *const *names,
                         const bm_copy_value *vals);

#endif
