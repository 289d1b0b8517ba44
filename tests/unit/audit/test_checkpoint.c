/*
 * test_checkpoint.c — src/audit/checkpoint.c and the walk against signed
 * checkpoints (bm_audit_verify_anchored, bm_audit_verify_export_anchored):
 * the chain anchored outside the database (SYS-3, issue 9 point 2).
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include "audit/audit.h"
#include "audit/checkpoint.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

typedef struct fixture {
	char dir[64];
	char db[128];
	char key[128];
	char cps[128];
	char export_path[128];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bm_cp_XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof(f->db), "%s/a.db", f->dir);
	snprintf(f->key, sizeof(f->key), "%s/a.db.sm2key", f->dir);
	snprintf(f->cps, sizeof(f->cps), "%s/a.db.checkpoints", f->dir);
	snprintf(f->export_path, sizeof(f->export_path), "%s/e.jsonl", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	const char *paths[] = {f->db, f->key, f->cps, f->export_path};
	char wal[160];
	for (size_t i = 0; i < BM_ARRAY_LEN(paths); i++)
		unlink(paths[i]);
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", f->db);
	unlink(wal);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Appends events dated T0 + 60 * i (or `at` when not 0), each in its own transaction. */
static void append(bm_store *s, int i, int64_t at)
{
	bm_audit_event ev = {.at = at ? at : T0 + 60 * i, .actor = "u", .action = "login"};
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	assert_int_equal(bm_audit_append(s, &ev, NULL), 0);
	assert_int_equal(BM_STORE(s, commit)(s), 0);
}

/* A chain of `n` events in the fixture's database. */
static void make_chain(const fixture *f, int n)
{
	bm_store *s = NULL;
	assert_int_equal(bm_store_open(&s, f->db), 0);
	for (int i = 1; i <= n; i++)
		append(s, i, 0);
	bm_store_close(s);
}

/* The verdict of the database's chain against the fixture's checkpoint file. */
static int verify(const fixture *f, bm_audit_verify_result *res)
{
	bm_checkpoint_set set = {0};
	bm_store *s = NULL;
	int rc;
	assert_int_equal(bm_checkpoint_read_file(f->cps, &set, NULL), 0);
	assert_int_equal(bm_store_open(&s, f->db), 0);
	bm_error_clear();
	rc = bm_audit_verify_anchored(s, &set, res);
	bm_store_close(s);
	bm_checkpoint_set_release(&set);
	return rc;
}

/* Signs and appends a checkpoint of the chain as it stands. */
static void checkpoint(const fixture *f, bm_checkpoint *out)
{
	char hash[80];
	int64_t count;
	bm_audit_key *k = NULL;
	bm_store *s = NULL;
	int rc = bm_audit_key_load(f->key, &k);
	if (rc == BM_ENOTFOUND)
		rc = bm_audit_key_create(f->key, &k);
	assert_int_equal(rc, 0);
	assert_int_equal(bm_store_open(&s, f->db), 0);
	assert_int_equal(BM_STORE(s, audit_tail)(s, &count, hash, sizeof(hash), NULL, 0), 0);
	bm_store_close(s);
	assert_int_equal(bm_checkpoint_sign(k, "测试单位", count, hash, T0 + 86400, out), 0);
	assert_int_equal(bm_checkpoint_append(f->cps, out), 0);
	bm_audit_key_free(k);
}

static void tamper(const fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "DROP TRIGGER IF EXISTS audit_event_no_update;"
	                              "DROP TRIGGER IF EXISTS audit_event_no_delete;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* ---- the key and the lines ---------------------------------------------------------- */

static void sys_3_key_file_is_private_and_made_once(void **state)
{
	fixture *f = *state;
	bm_audit_key *k = NULL;
	struct stat st;

	assert_int_equal(bm_audit_key_load(f->key, &k), BM_ENOTFOUND);
	assert_int_equal(bm_audit_key_create(f->key, NULL), 0);
	assert_int_equal(stat(f->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(bm_audit_key_create(f->key, NULL), BM_ECONFLICT);
	assert_int_equal(bm_audit_key_load(f->key, &k), 0);
	assert_true(strlen(bm_audit_key_public(k)) > 80);
	bm_audit_key_free(k);
	/* A key others may read is refused, not used. */
	assert_int_equal(chmod(f->key, 0644), 0);
	assert_int_equal(bm_audit_key_load(f->key, &k), BM_EDENIED);
	assert_string_equal(bm_error_last()->rule, "SYS-3");
}

static void sys_3_checkpoint_line_round_trips_and_names_its_code(void **state)
{
	fixture *f = *state;
	bm_checkpoint cp;
	bm_checkpoint_set set = {0};
	bool found = false;

	make_chain(f, 3);
	checkpoint(f, &cp);
	assert_int_equal(cp.count, 3);
	assert_string_equal(cp.at, "2026-01-02T00:00:00Z");
	/* "ABCD-EFGH-IJKL-MNOP": base32 in four groups. */
	assert_int_equal(strlen(cp.code), BM_CHECKPOINT_CODE_LEN);
	for (int i = 0; i < BM_CHECKPOINT_CODE_LEN; i++)
		assert_true(i % 5 == 4 ? cp.code[i] == '-'
		                       : strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", cp.code[i]) !=
		                                 NULL);
	assert_int_equal(bm_checkpoint_read_file(f->cps, &set, &found), 0);
	assert_true(found);
	assert_int_equal(set.count, 1);
	assert_int_equal(set.items[0].count, 3);
	assert_string_equal(set.items[0].last_hash, cp.last_hash);
	assert_string_equal(set.items[0].unit, "测试单位");
	assert_string_equal(set.items[0].code, cp.code);
	assert_int_equal(set.items[0].line, 1);
	{
		char lower[32];
		snprintf(lower, sizeof(lower), "%s", cp.code);
		for (char *p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		assert_ptr_equal(bm_checkpoint_set_find_code(&set, lower), &set.items[0]);
	}
	assert_null(bm_checkpoint_set_find_code(&set, "AAAA-AAAA-AAAA-AAAA"));
	assert_int_equal(bm_checkpoint_set_same_key(&set, NULL), 0);
	assert_int_equal(bm_checkpoint_set_same_key(&set, "MFkw"), BM_ECORRUPT);
	assert_string_equal(bm_error_last()->code, "checkpoint_foreign_key");
	bm_checkpoint_set_release(&set);
}

static void sys_3_altered_checkpoint_line_fails_its_signature(void **state)
{
	fixture *f = *state;
	bm_checkpoint cp;
	char line[2048];
	FILE *in;
	char *p;

	make_chain(f, 3);
	checkpoint(f, &cp);
	in = fopen(f->cps, "r");
	assert_non_null(in);
	assert_non_null(fgets(line, sizeof(line), in));
	fclose(in);
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(bm_checkpoint_parse(line, strlen(line), 1, &cp), 0);
	/* Claim more events than were signed. */
	assert_non_null(p = strstr(line, "\"count\":3"));
	p[8] = '9';
	assert_int_equal(bm_checkpoint_parse(line, strlen(line), 7, &cp), BM_ECORRUPT);
	assert_string_equal(bm_error_last()->code, "checkpoint_invalid");
	assert_string_equal(bm_error_last()->rule, "SYS-3");
	assert_non_null(strstr(bm_error_last()->message_en, "line 7"));
	assert_int_equal(bm_checkpoint_parse("{}", 2, 1, &cp), BM_ECORRUPT);
	assert_int_equal(bm_checkpoint_parse("", 0, 1, &cp), BM_ECORRUPT);
}

/* ---- the chain against its checkpoints ----------------------------------------------- */

static void sys_3_chain_that_extends_its_checkpoints_verifies(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_checkpoint cp;
	bm_store *s = NULL;

	make_chain(f, 3);
	checkpoint(f, &cp);
	assert_int_equal(bm_store_open(&s, f->db), 0);
	append(s, 4, 0);
	append(s, 5, 0);
	bm_store_close(s);
	checkpoint(f, &cp);
	assert_int_equal(verify(f, &res), 0);
	assert_int_equal(res.count, 5);
	assert_int_equal(res.checkpoints, 2);
	assert_int_equal(res.anchored, 5);
}

static void sys_3_deleted_last_rows_fail_at_the_first_missing_event(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_checkpoint cp;

	make_chain(f, 5);
	checkpoint(f, &cp);
	tamper(f, "DELETE FROM audit_event WHERE seq >= 4;");
	assert_int_equal(verify(f, &res), BM_ECORRUPT);
	assert_int_equal(res.first_bad_seq, 4);
	assert_non_null(strstr(res.reason, "counts 5 events; the chain has only 3"));
	assert_string_equal(bm_error_last()->code, "audit_chain_broken");
	assert_string_equal(bm_error_last()->rule, "SYS-3");
}

static void sys_3_rechained_chain_fails_at_the_checkpoint(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_checkpoint cp;
	bm_store *s = NULL;

	/* Event 3 removed and the chain rebuilt from event 2 on with correct hashes. */
	make_chain(f, 5);
	checkpoint(f, &cp);
	tamper(f, "DELETE FROM audit_event WHERE seq >= 3;");
	assert_int_equal(bm_store_open(&s, f->db), 0);
	for (int i = 4; i <= 6; i++)
		append(s, i, 0);
	bm_store_close(s);
	assert_int_equal(verify(f, &res), BM_ECORRUPT);
	assert_int_equal(res.first_bad_seq, 5);
	assert_non_null(strstr(res.reason, "differs from the checkpoint"));
}

static void sys_3_dropped_and_recreated_table_is_not_intact(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_checkpoint cp;

	make_chain(f, 3);
	checkpoint(f, &cp);
	tamper(f, "DELETE FROM audit_event;");
	assert_int_equal(verify(f, &res), BM_ECORRUPT);
	assert_int_equal(res.first_bad_seq, 1);
}

static void sys_3_event_times_never_go_backwards(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_store *s = NULL;
	bm_audit_row *row = NULL;
	bm_arena a;

	/* A clock stepped back: the event is dated at its predecessor's time. */
	assert_int_equal(bm_store_open(&s, f->db), 0);
	append(s, 1, T0 + 600);
	append(s, 2, T0);
	bm_arena_init(&a, 0);
	assert_int_equal(BM_STORE(s, audit_get)(s, &a, 2, &row), 0);
	assert_string_equal(row->at, "2026-01-01T00:10:00Z");
	bm_arena_release(&a);
	bm_store_close(s);
	assert_int_equal(verify(f, &res), 0);
	assert_int_equal(res.count, 2);
}

/* The lower-hex SM3 of prev || canonical bytes (audit.h's table), for a forged line. */
static void forge_hash(const char *prev, int seq, const char *at, char out[65])
{
	char canon[512];
	unsigned char md[64];
	size_t n = 0;
	int len = snprintf(canon, sizeof(canon),
	                   "%sbaomi-audit-v1\n%zu:%d\n%zu:%s\n1:u\n5:login\n0:\n0:\n0:\n2:{}\n"
	                   "3:sm3\n",
	                   prev, (size_t)snprintf(NULL, 0, "%d", seq), seq, strlen(at), at);
	assert_int_equal(EVP_Q_digest(NULL, "SM3", NULL, canon, (size_t)len, md, &n), 1);
	for (size_t i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void sys_3_back_dated_event_with_a_correct_hash_fails(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	const char *genesis = "0000000000000000000000000000000000000000000000000000000000000000";
	char h1[65], h2[65];
	FILE *out;

	forge_hash(genesis, 1, "2026-01-01T00:10:00Z", h1);
	forge_hash(h1, 2, "2026-01-01T00:00:00Z", h2);
	out = fopen(f->export_path, "w");
	assert_non_null(out);
	fprintf(out,
	        "{\"seq\":1,\"at\":\"2026-01-01T00:10:00Z\",\"actor\":\"u\",\"action\":"
	        "\"login\",\"object\":\"\",\"outcome\":\"\",\"rule\":\"\",\"detail\":\"{}\","
	        "\"alg\":\"sm3\",\"prev_hash\":\"%s\",\"hash\":\"%s\"}\n"
	        "{\"seq\":2,\"at\":\"2026-01-01T00:00:00Z\",\"actor\":\"u\",\"action\":"
	        "\"login\",\"object\":\"\",\"outcome\":\"\",\"rule\":\"\",\"detail\":\"{}\","
	        "\"alg\":\"sm3\",\"prev_hash\":\"%s\",\"hash\":\"%s\"}\n",
	        genesis, h1, h1, h2);
	fclose(out);
	out = fopen(f->export_path, "r");
	assert_int_equal(bm_audit_verify_export_anchored(out, NULL, &res), BM_ECORRUPT);
	fclose(out);
	assert_int_equal(res.count, 1);
	assert_int_equal(res.first_bad_seq, 2);
	assert_non_null(strstr(res.reason, "back-dated"));
}

static void sys_3_longer_export_extends_a_checkpoint_shorter_does_not(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_checkpoint_set set = {0};
	bm_checkpoint cp;
	bm_store *s = NULL;
	FILE *io;

	make_chain(f, 3);
	checkpoint(f, &cp);
	assert_int_equal(bm_store_open(&s, f->db), 0);
	append(s, 4, 0);
	io = fopen(f->export_path, "w");
	assert_int_equal(bm_audit_export(s, io), 0);
	fclose(io);
	bm_store_close(s);
	assert_int_equal(bm_checkpoint_read_file(f->cps, &set, NULL), 0);
	io = fopen(f->export_path, "r");
	assert_int_equal(bm_audit_verify_export_anchored(io, &set, &res), 0);
	fclose(io);
	assert_int_equal(res.count, 4);
	assert_int_equal(res.anchored, 3);
	/* The same export cut to 2 events no longer reaches the checkpoint. */
	assert_int_equal(truncate(f->export_path, 0) == 0, 1);
	assert_int_equal(bm_store_open(&s, f->db), 0);
	{
		int64_t after = 0;
		bm_buf b;
		bm_buf_init(&b, 0);
		assert_int_equal(bm_audit_export_range(s, &after, 2, 0, &b), 0);
		io = fopen(f->export_path, "w");
		fwrite(b.ptr, 1, b.len, io);
		fclose(io);
		bm_buf_release(&b);
	}
	bm_store_close(s);
	io = fopen(f->export_path, "r");
	assert_int_equal(bm_audit_verify_export_anchored(io, &set, &res), BM_ECORRUPT);
	fclose(io);
	assert_int_equal(res.first_bad_seq, 3);
	bm_checkpoint_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	        T(sys_3_key_file_is_private_and_made_once),
	        T(sys_3_checkpoint_line_round_trips_and_names_its_code),
	        T(sys_3_altered_checkpoint_line_fails_its_signature),
	        T(sys_3_chain_that_extends_its_checkpoints_verifies),
	        T(sys_3_deleted_last_rows_fail_at_the_first_missing_event),
	        T(sys_3_rechained_chain_fails_at_the_checkpoint),
	        T(sys_3_dropped_and_recreated_table_is_not_intact),
	        T(sys_3_event_times_never_go_backwards),
	        T(sys_3_back_dated_event_with_a_correct_hash_fails),
	        T(sys_3_longer_export_extends_a_checkpoint_shorter_does_not),
#undef T
	};
	return cmocka_run_group_tests_name("checkpoint", tests, NULL, NULL);
}
