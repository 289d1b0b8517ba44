/*
 * cli.h — the baomi command line. One command, one file (cmd_<name>.c) with
 * `int cmd_<name>(int argc, char **argv)`, registered in main.c's table.
 *
 * Common options every command understands:
 *   --db PATH        the database (default: $BAOMI_DB)
 *   --user NAME      who acts (default: $BAOMI_USER)
 *   --json           machine-readable output on stdout
 * The password is never taken from argv: it comes from $BAOMI_PASSWORD,
 * from standard input with --password-stdin, or from a prompt on the terminal.
 *
 * Exit codes (one table, util/error.c): 0 ok, 1 internal, 2 usage,
 * 3 invalid input, 4 not found, 5 refused by a rule or permission,
 * 6 conflict, 7 too large, 8 audit chain broken, 9 locked.
 */
#ifndef BM_CLI_H
#define BM_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "service/service.h"

#define BM_EXIT_USAGE 2

typedef struct bm_cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary_zh;
	const char *summary_en;
	const char *help; /* full man-style help text (bilingual) */
} bm_cli_cmd;

/* An open database with a logged-in (or not) actor; bm_cli_session_close frees it. */
typedef struct bm_cli_session {
	bm_store *store;
	bm_arena arena;
	bm_ctx ctx;
	bool json;
	/* SYS-3: the unit's audit key and checkpoint file (ctx.anchor points here). */
	bm_svc_anchor anchor;
	char key_path[4096];
	char checkpoints_path[4096];
} bm_cli_session;

/* Options shared by all commands, filled by bm_cli_common_opt. */
typedef struct bm_cli_common {
	const char *db;
	const char *user;
	bool json;
	bool password_stdin;
	const char *audit_key;   /* --audit-key, $BAOMI_AUDIT_KEY; NULL: DB.sm2key */
	const char *checkpoints; /* --checkpoints, $BAOMI_CHECKPOINTS; NULL: DB.checkpoints */
	/* SYS-1/SYS-4: the command changes the password, so a temporary one may log in */
	bool changing_password;
} bm_cli_common;

/* getopt_long entries for the common options; append to a command's table. */
#define BM_CLI_COMMON_LONGOPTS                                                                     \
	{"db", required_argument, NULL, 0x1001}, {"user", required_argument, NULL, 0x1002},        \
	        {"json", no_argument, NULL, 0x1003},                                               \
	        {"password-stdin", no_argument, NULL, 0x1004},                                     \
	        {"audit-key", required_argument, NULL, 0x1005},                                    \
	        {"checkpoints", required_argument, NULL, 0x1006},                                  \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}

/* Handles a common option `opt` from getopt_long; returns 1 if it was one. */
int bm_cli_common_opt(bm_cli_common *c, int opt, const char *arg);

/* Fills defaults from the environment ($BAOMI_DB, $BAOMI_USER). */
void bm_cli_common_init(bm_cli_common *c);

/*
 * Opens the database and prepares a context. With `login`, authenticates
 * c->user with a password from $BAOMI_PASSWORD, stdin or a prompt.
 * Returns 0 or a BM_E* code (error set).
 */
int bm_cli_session_open(bm_cli_session *s, const bm_cli_common *c, bool login);

/*
 * SYS-3: the audit key of a unit just made (`baomi init`, `baomi demo`), in
 * a new file outside the database (s->anchor's key path), and its first
 * signed checkpoint into `cp`, so that even a chain emptied later is found
 * out. The context is made afresh (it sees the new unit, no actor). An
 * existing key or checkpoint file is BM_ECONFLICT; a database that is not a
 * file without --audit-key and --checkpoints is BM_EINVALID.
 */
int bm_cli_anchor_new_unit(bm_cli_session *s, bm_checkpoint_outcome *cp);

/*
 * SYS-3: whether a unit made on c->db would have its key and checkpoint paths
 * (given, or beside a file database). `baomi init` and `baomi demo` ask before
 * they open the database, so that a unit without them is refused before anything
 * is written (on PostgreSQL not even the migrations). BM_EINVALID
 * (anchor_paths_needed) when not; 0 also when no database is given (the open says so).
 */
int bm_cli_anchor_paths_check(const bm_cli_common *c);

/*
 * The same without a login, on a read-only open of the database (evidence:
 * audit verify): nothing is migrated, switched or written (issue 9, point 4).
 */
int bm_cli_session_open_readonly(bm_cli_session *s, const bm_cli_common *c);
void bm_cli_session_close(bm_cli_session *s);

/* Reads a password (env, stdin or prompt) into `buf`; never from argv. */
int bm_cli_read_password(const char *prompt, bool from_stdin, char *buf, size_t size);

/*
 * REG-1, CIRC-5, MEET-2, KEEP-2 (issue 14 point 5): the password a person
 * other than the logged-in clerk types at the clerk's terminal to confirm
 * themselves — from $`env_name`, else typed at a prompt without echo when
 * stdin is a terminal not taken by --password-stdin. `*out` is `buf`, or
 * NULL when nothing was given (the use case then refuses). Never the
 * clerk's $BAOMI_PASSWORD.
 */
int bm_cli_person_password(const char *env_name, const char *prompt, bool stdin_taken, char *buf,
                           size_t size, const char **out);

/*
 * Reports the current error (bm_error_last) for `rc`: text on stderr in zh
 * and en, or the API's error object on stdout with --json. Returns the exit code.
 */
int bm_cli_fail(int rc, bool json);

/* Prints a usage error naming the command and returns BM_EXIT_USAGE. */
int bm_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the command's help (from the table) and returns 0. */
int bm_cli_help(const char *cmd);

/* Prints a JSON value (owned by the caller) followed by a newline. */
void bm_cli_print_json(json_t *v);
/* Prints {"count": N, "items": items} for a list; takes `items` (a JSON array). */
void bm_cli_print_items(json_t *items);
/* Writes `buf` to `path` (NULL: standard output); an error is set. */
int bm_cli_write_file(const char *path, const bm_buf *buf);

/*
 * The export options of a list (issue 15): `--format csv|xlsx` (or the older `--csv`, which
 * sets *sheet) and `--out FILE`; .xlsx needs --out. Returns 0 or the usage error's code.
 */
int bm_cli_sheet_opts(const char *cmd, const char *format, const char *out, bool *sheet,
                      bm_sheet_format *f);

/*
 * A list's export as an Excel workbook (issue 15): `arr` (the list's JSON items, consumed)
 * laid out by the column set `which` (service/list_sheet.h), written to `path`.
 */
int bm_cli_list_sheet(bm_cli_session *s, const char *which, const char *range, json_t *arr,
                      const char *path);
/* The same as CSV or .xlsx (`format`), to `path` (NULL: standard output). */
int bm_cli_list_export(bm_cli_session *s, const char *which, const char *range, json_t *arr,
                       bm_sheet_format format, const char *path);

/* One CSV cell on stdout (bm_buf_csv_cell: quoted, formulas defused), then ',' or CRLF. */
void bm_cli_print_csv(const char *s, bool last);

/* Parses a positive id; 0 when `s` is not one. */
int64_t bm_cli_parse_id(const char *s);

/* Parses a carrier: a positive id or a label's QR text "baomi:carrier:<id>"; 0 when neither. */
int64_t bm_cli_parse_carrier(const char *s);

/* The command table (main.c). */
extern const bm_cli_cmd bm_cli_commands[];
extern const size_t bm_cli_command_count;

/* Commands. */
int bm_cmd_init(int argc, char **argv);
int bm_cmd_demo(int argc, char **argv);
int bm_cmd_carrier(int argc, char **argv);
int bm_cmd_audit(int argc, char **argv);
int bm_cmd_check(int argc, char **argv);
int bm_cmd_migrate(int argc, char **argv);
int bm_cmd_import(int argc, char **argv);
int bm_cmd_org(int argc, char **argv);
int bm_cmd_account(int argc, char **argv);

/*
 * SYS-1: prints a filing and the acting administrator's half of its
 * temporary secret (text or JSON), with the person `p` when not NULL.
 */
void bm_cli_print_filed(const bm_filing_half *half, const bm_person *p, bool json);

/* SYS-1/SYS-4: tells the account's owner, on stderr, what happened since their last login. */
void bm_cli_print_notice(const bm_login_notice *n);
int cmd_help(int argc, char **argv);
int bm_cmd_serve(int argc, char **argv);
int bm_cmd_policy(int argc, char **argv);
int bm_cmd_execute(int argc, char **argv);
int bm_cmd_handover(int argc, char **argv);
/* `baomi handover list|show` (cmd_handover_list.c), from bm_cmd_handover. */
int bm_cmd_handover_read(int argc, char **argv);
int bm_cmd_depart(int argc, char **argv);
int bm_cmd_return_to_issuer(int argc, char **argv);
int bm_cmd_volume(int argc, char **argv);
int bm_cmd_alerts(int argc, char **argv);
int bm_cmd_register(int argc, char **argv);
int bm_cmd_request(int argc, char **argv);
int bm_cmd_approve(int argc, char **argv);
int bm_cmd_reject(int argc, char **argv);
int bm_cmd_inbox(int argc, char **argv);
int bm_cmd_desk(int argc, char **argv);
int bm_cmd_send(int argc, char **argv);
int bm_cmd_count(int argc, char **argv);
int bm_cmd_incident(int argc, char **argv);
int bm_cmd_person(int argc, char **argv);
int bm_cmd_training(int argc, char **argv);
int bm_cmd_letter(int argc, char **argv);
int bm_cmd_site(int argc, char **argv);
int bm_cmd_meeting(int argc, char **argv);
int bm_cmd_inspection(int argc, char **argv);
int bm_cmd_device(int argc, char **argv);
int bm_cmd_merit(int argc, char **argv);
int bm_cmd_duty(int argc, char **argv);
int bm_cmd_selfcheck(int argc, char **argv);
int bm_cmd_report(int argc, char **argv);
int bm_cmd_publication(int argc, char **argv);
int bm_cmd_backup(int argc, char **argv);
int bm_cmd_restore(int argc, char **argv);

/* Help texts kept next to their commands (cmd_execute.c, cmd_custody.c). */
extern const char bm_help_execute[];
extern const char bm_help_handover[];
extern const char bm_help_depart[];
extern const char bm_help_return_to_issuer[];
extern const char bm_help_volume[];
extern const char bm_help_alerts[];      /* cmd_alerts.c */
extern const char bm_help_register[];    /* cmd_register.c */
extern const char bm_help_request[];     /* cmd_request.c: request, approve, reject, inbox */
extern const char bm_help_desk[];        /* cmd_desk.c */
extern const char bm_help_send[];        /* cmd_send.c */
extern const char bm_help_count[];       /* cmd_count.c */
extern const char bm_help_incident[];    /* cmd_incident.c */
extern const char bm_help_person[];      /* cmd_person.c */
extern const char bm_help_training[];    /* cmd_training.c */
extern const char bm_help_letter[];      /* cmd_letter.c */
extern const char bm_help_site[];        /* cmd_site.c */
extern const char bm_help_meeting[];     /* cmd_meeting.c */
extern const char bm_help_inspection[];  /* cmd_inspection.c */
extern const char bm_help_import[];      /* cmd_import.c */
extern const char bm_help_device[];      /* cmd_device.c */
extern const char bm_help_merit[];       /* cmd_merit.c */
extern const char bm_help_duty[];        /* cmd_duty.c */
extern const char bm_help_selfcheck[];   /* cmd_selfcheck.c */
extern const char bm_help_report[];      /* cmd_report.c */
extern const char bm_help_publication[]; /* cmd_publication.c */

#endif
