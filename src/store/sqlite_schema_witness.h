/*
 * sqlite_schema_witness.h — migration 46 (issue 14 point 5): how each
 * 监销人 of a destruction confirmed it. DESTROY-2 with REG-1: a witness
 * confirms themselves on the clerk's screen — their own password
 * ("#password") or, without an account, by hand on the printed register
 * ("#paper"). Batches destroyed before hold NULL: the clerk named the
 * witnesses, none confirmed, and the register says so. The column is set
 * once with the row (destruction_witness_no_change refuses updates).
 */
#ifndef BM_SQLITE_SCHEMA_WITNESS_H
#define BM_SQLITE_SCHEMA_WITNESS_H

static const char *const migration_46[] = {
        "ALTER TABLE destruction_witness ADD COLUMN signature TEXT;",
        NULL,
};

#endif
