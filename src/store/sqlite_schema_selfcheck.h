/*
 * sqlite_schema_selfcheck.h — migration 34: the yearly self-assessment
 * (保密自查自评, INSP-4, issue 11 point 5). Private to src/store; included
 * by sqlite_schema.h.
 *
 * - self_assessment: one per unit and year (UNIQUE), who started it, and
 *   the signatures of the clerk and of the leader in charge. Once the
 *   leader has signed it is kept as it is: no update, never a delete.
 * - self_assessment_item: the checklist compiled from the unit's records
 *   when it was started, each item with its evidence (the count and the
 *   ids of the records behind it, JSON) and the clerk's answer; an item
 *   answered 不符合 names the department, the deadline and the
 *   rectification notice (INSP-2). Answers are final once the clerk signs.
 *
 * Both tables are bound to the audit chain (model/audit.h,
 * BM_BOUND_TABLES): their floor is 0, every row must be in the chain.
 */
#ifndef BM_SQLITE_SCHEMA_SELFCHECK_H
#define BM_SQLITE_SCHEMA_SELFCHECK_H

static const char *const migration_34[] = {
        "CREATE TABLE self_assessment ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  year INTEGER NOT NULL,"
        "  started_by INTEGER NOT NULL REFERENCES person(id),"
        "  started_at TEXT NOT NULL,"
        "  clerk_signed_by INTEGER REFERENCES person(id),"
        "  clerk_signed_at TEXT,"
        "  leader_signed_by INTEGER REFERENCES person(id),"
        "  leader_signed_at TEXT,"
        "  UNIQUE (unit_id, year),"
        "  CHECK (leader_signed_at IS NULL OR clerk_signed_at IS NOT NULL));",
        "CREATE TRIGGER self_assessment_signed BEFORE UPDATE ON self_assessment"
        "  WHEN OLD.leader_signed_at IS NOT NULL"
        "  BEGIN SELECT RAISE(ABORT, 'a signed self-assessment is kept as it is'); END;",
        "CREATE TRIGGER self_assessment_no_delete BEFORE DELETE ON self_assessment"
        "  BEGIN SELECT RAISE(ABORT, 'a self-assessment is kept'); END;",
        "CREATE TABLE self_assessment_item ("
        "  id INTEGER PRIMARY KEY,"
        "  assessment_id INTEGER NOT NULL REFERENCES self_assessment(id),"
        "  position INTEGER NOT NULL,"
        "  item TEXT NOT NULL,"
        "  rule TEXT NOT NULL,"
        "  evidence_count INTEGER NOT NULL,"
        "  evidence TEXT NOT NULL,"
        "  answer TEXT CHECK (answer IN ('yes','no','na')),"
        "  note TEXT,"
        "  department_id INTEGER REFERENCES department(id),"
        "  deadline TEXT,"
        "  rectification_id INTEGER,"
        "  answered_by INTEGER REFERENCES person(id),"
        "  answered_at TEXT,"
        "  UNIQUE (assessment_id, item));",
        "CREATE TRIGGER self_assessment_item_signed BEFORE UPDATE ON self_assessment_item"
        "  WHEN (SELECT clerk_signed_at FROM self_assessment WHERE id = OLD.assessment_id)"
        "    IS NOT NULL"
        "  BEGIN SELECT RAISE(ABORT, 'a signed self-assessment is kept as it is'); END;",
        "CREATE TRIGGER self_assessment_item_no_delete BEFORE DELETE ON self_assessment_item"
        "  BEGIN SELECT RAISE(ABORT, 'a self-assessment is kept'); END;",
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'self_assessment', 0, (SELECT coalesce(max(seq), 0) FROM audit_event)"
        "  UNION ALL SELECT 'self_assessment_item', 0,"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event);",
        NULL,
};

#endif
