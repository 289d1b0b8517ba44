/*
 * sqlite_schema_register_bind.h — migration 42 (SYS-3, issue 14 point 11):
 * the registers' running numbers (register_entry, migration 41) join the
 * binding (model/audit.h, BM_BOUND_TABLES). Their floor is their largest id
 * now, as migration 32's was for the registers of issue 10: the entries
 * numbered before this migration read "not bound (before binding)", and
 * every later one must be in the chain — a 登记序号 changed, struck out or
 * slipped in behind baomi's back is named by `baomi check`.
 */
#ifndef BM_SQLITE_SCHEMA_REGISTER_BIND_H
#define BM_SQLITE_SCHEMA_REGISTER_BIND_H

static const char *const migration_42[] = {
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'register_entry', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM register_entry;",
        NULL,
};

#endif
