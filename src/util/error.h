/*
 * error.h — the error side channel (libgit2's git_error_set/git_error_last).
 *
 * A failing function returns one of the BM_E* codes from common.h and sets
 * the detail once with bm_error_set(). The front end reads bm_error_last()
 * and renders it: the CLI prints both messages and exits with
 * bm_error_exit_code(); the API answers bm_error_http_status() with
 * {"error": {"code", "rule", "message", "message_en"}}.
 *
 * The detail lives in thread-local storage; it is valid until the next
 * bm_error_set()/bm_error_clear() on the same thread.
 */
#ifndef BM_ERROR_H
#define BM_ERROR_H

#include <stdarg.h>

/*
 * BM_PRINTF2(zh, en, args): a function whose parameters `zh` and `en` are
 * printf formats both reading the arguments from position `args` on. gcc
 * and clang check each format against the arguments, so a zh/en pair that
 * disagrees with them (a %d reading a string) does not build.
 */
#if defined(__GNUC__) || defined(__clang__)
#define BM_PRINTF2(zh, en, args)                                                                   \
	__attribute__((format(printf, zh, args))) __attribute__((format(printf, en, args)))
#else
#define BM_PRINTF2(zh, en, args)
#endif

#define BM_ERROR_CODE_MAX 48
#define BM_ERROR_RULE_MAX 16
#define BM_ERROR_MSG_MAX  512

typedef struct bm_error {
	int klass;                         /* BM_E* return code */
	char code[BM_ERROR_CODE_MAX];      /* stable machine code, e.g. "invalid_level" */
	char rule[BM_ERROR_RULE_MAX];      /* REGULATIONS.md ID, or "" */
	char message[BM_ERROR_MSG_MAX];    /* zh-CN */
	char message_en[BM_ERROR_MSG_MAX]; /* en */
} bm_error;

/*
 * Sets the current error and returns `klass`, so a caller can write
 * `return bm_error_set(BM_EINVALID, "invalid_level", NULL, zh, en, ...)`.
 * The zh and en formats take the same arguments in the same order: the
 * compiler checks each of them against the arguments (two format
 * attributes), so neither may skip or reorder one. `rule` may be NULL.
 * Messages: lower case English, no full stop, the subject quoted.
 */
int bm_error_set(int klass, const char *code, const char *rule, const char *fmt_zh,
                 const char *fmt_en, ...) BM_PRINTF2(4, 5, 6);

/*
 * Like bm_error_set, with both messages already formatted (no % expansion).
 * Use it when the zh and en texts need different words substituted.
 */
int bm_error_set_msg(int klass, const char *code, const char *rule, const char *zh, const char *en);

/* The detail of the last failure on this thread (never NULL; klass 0 when none). */
const bm_error *bm_error_last(void);

/* Forgets the last failure. */
void bm_error_clear(void);

/* Sets BM_ENOMEM with its standard message and returns BM_ENOMEM. */
int bm_error_nomem(void);

/* Maps a return code to the CLI exit status and the HTTP status (one table). */
int bm_error_exit_code(int klass);
int bm_error_http_status(int klass);

/* Saves/restores the current error around cleanup code that may overwrite it. */
void bm_error_save(bm_error *out);
void bm_error_restore(const bm_error *saved);

#endif
