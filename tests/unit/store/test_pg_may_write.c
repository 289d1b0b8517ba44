/*
 * test_pg_may_write.c — which statements make the session's bm_touched first
 * (bm_pg_may_write, pg_util.c): a statement that may write a bound row does,
 * so a bound table's trigger always finds it; a read, a transaction's own
 * statement and the login's and the audit event's writes do not, so a
 * connection that only reads makes no temporary table. White-box: pg_int.h
 * is the back end's private header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "common.h"
#include "store/pg_int.h"

static void reads_and_transaction_statements_do_not(void **state)
{
	(void)state;
	assert_false(bm_pg_may_write("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE"));
	assert_false(bm_pg_may_write("  select count(*) FROM carrier"));
	assert_false(bm_pg_may_write("BEGIN ISOLATION LEVEL READ COMMITTED"));
	assert_false(bm_pg_may_write("COMMIT"));
	assert_false(bm_pg_may_write("ROLLBACK TO SAVEPOINT use_case"));
	assert_false(bm_pg_may_write("SAVEPOINT use_case"));
	assert_false(bm_pg_may_write("RELEASE SAVEPOINT use_case"));
	assert_false(bm_pg_may_write("SHOW TimeZone"));
}

static void a_login_and_an_audit_event_do_not(void **state)
{
	(void)state;
	assert_false(bm_pg_may_write("INSERT INTO audit_event(seq, at) VALUES ($1,$2)"));
	assert_false(bm_pg_may_write("INSERT INTO login_seen(person_id) VALUES ($1)"));
	assert_false(bm_pg_may_write("INSERT INTO login_failure(username, at) VALUES ($1,$2)"));
	assert_false(bm_pg_may_write("DELETE FROM login_failure WHERE username = $1"));
}

/* Every other write does, and so does what only looks like a read or a listed write. */
static void every_other_write_does(void **state)
{
	(void)state;
	assert_true(bm_pg_may_write("INSERT INTO carrier(title) VALUES ($1)"));
	assert_true(bm_pg_may_write("UPDATE person SET name = $1 WHERE id = $2"));
	assert_true(bm_pg_may_write("DELETE FROM loan_request WHERE id = $1"));
	assert_true(bm_pg_may_write("WITH x AS (SELECT 1) INSERT INTO carrier SELECT * FROM x"));
	assert_true(bm_pg_may_write("DO $$BEGIN END$$"));
	assert_true(bm_pg_may_write("ALTER TABLE carrier DISABLE TRIGGER USER"));
	assert_true(bm_pg_may_write("-- a migration\nCREATE TABLE t (x int)"));
	assert_true(bm_pg_may_write("SELECTED"));
	assert_true(bm_pg_may_write("INSERT INTO audit_eventx(seq) VALUES ($1)"));
	assert_true(bm_pg_may_write("INSERT INTO login_seen_by(id) VALUES ($1)"));
	assert_true(bm_pg_may_write(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reads_and_transaction_statements_do_not),
	        cmocka_unit_test(a_login_and_an_audit_event_do_not),
	        cmocka_unit_test(every_other_write_does),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
