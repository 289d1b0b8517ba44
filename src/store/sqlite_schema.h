/*
 * sqlite_schema.h — the numbered migrations of the SQLite back end.
 * Private to src/store. Migration N is applied once, in order, at open, in
 * one transaction with its row in schema_migrations. Never edit a migration
 * that has shipped: add the next one.
 */
#ifndef BM_SQLITE_SCHEMA_H
#define BM_SQLITE_SCHEMA_H

/* 1: units, people, places, carriers, history, search, audit, policy */
static const char *const migration_1[] = {
        "CREATE TABLE unit ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  code TEXT,"
        "  created_at TEXT NOT NULL);",

        "CREATE TABLE department ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  name TEXT NOT NULL,"
        "  code TEXT,"
        "  UNIQUE (unit_id, name));",

        "CREATE TABLE person ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  department_id INTEGER REFERENCES department(id),"
        "  username TEXT UNIQUE,"
        "  name TEXT NOT NULL,"
        "  person_class TEXT NOT NULL CHECK (person_class IN "
        "('none','general','important','core')),"
        "  temporary INTEGER NOT NULL DEFAULT 0,"
        "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled','left')),"
        "  password_hash TEXT,"
        "  must_change_password INTEGER NOT NULL DEFAULT 0,"
        "  commitment_signed_on TEXT,"
        "  created_at TEXT NOT NULL);",
        "CREATE INDEX person_department ON person(department_id);",

        "CREATE TABLE person_role ("
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  role TEXT NOT NULL,"
        "  department_id INTEGER NOT NULL DEFAULT 0,"
        "  PRIMARY KEY (person_id, role, department_id));",

        "CREATE TABLE storage_place ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  department_id INTEGER REFERENCES department(id),"
        "  name TEXT NOT NULL,"
        "  kind TEXT NOT NULL CHECK (kind IN ('safe','room','cabinet')),"
        "  max_level INTEGER NOT NULL CHECK (max_level BETWEEN 0 AND 4),"
        "  UNIQUE (unit_id, name));",

        "CREATE TABLE carrier ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL,"
        "  title TEXT NOT NULL,"
        "  doc_number TEXT,"
        "  serial_number INTEGER CHECK (serial_number IS NULL OR serial_number > 0),"
        "  pages INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),"
        "  copies INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),"
        "  producer TEXT,"
        "  sender TEXT,"
        "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),"
        "  original_level INTEGER NOT NULL CHECK (original_level BETWEEN 0 AND 4),"
        "  period_kind TEXT NOT NULL CHECK (period_kind IN ('years','until','event','none')),"
        "  period_years INTEGER,"
        "  period_until TEXT,"
        "  period_event TEXT,"
        "  review_date TEXT,"
        "  period_start TEXT,"
        "  origin TEXT NOT NULL,"
        "  urgency TEXT NOT NULL DEFAULT 'normal',"
        "  received_on TEXT,"
        "  registered_at TEXT NOT NULL,"
        "  department_id INTEGER REFERENCES department(id),"
        "  custodian_id INTEGER REFERENCES person(id),"
        "  place_id INTEGER REFERENCES storage_place(id),"
        "  status TEXT NOT NULL,"
        "  copy_of INTEGER REFERENCES carrier(id),"
        "  extract_of INTEGER REFERENCES carrier(id),"
        "  volume_id INTEGER REFERENCES carrier(id),"
        "  note TEXT,"
        "  registered_by INTEGER REFERENCES person(id),"
        "  updated_at TEXT NOT NULL);",
        /* MAKE-2 / REG-1: one serial copy number per document */
        "CREATE UNIQUE INDEX carrier_serial ON carrier(unit_id, doc_number, serial_number)"
        "  WHERE doc_number IS NOT NULL AND serial_number IS NOT NULL;",
        "CREATE INDEX carrier_level ON carrier(level, status);",
        "CREATE INDEX carrier_custodian ON carrier(custodian_id);",
        "CREATE INDEX carrier_place ON carrier(place_id);",
        "CREATE INDEX carrier_department ON carrier(department_id);",
        "CREATE INDEX carrier_registered ON carrier(registered_at);",
        /* DESTROY-4: a carrier stays in the ledger for ever */
        "CREATE TRIGGER carrier_no_delete BEFORE DELETE ON carrier"
        "  BEGIN SELECT RAISE(ABORT, 'carriers are never deleted'); END;",

        "CREATE TABLE carrier_scope ("
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  person_id INTEGER REFERENCES person(id),"
        "  department_id INTEGER REFERENCES department(id),"
        "  CHECK ((person_id IS NULL) <> (department_id IS NULL)));",
        "CREATE INDEX carrier_scope_carrier ON carrier_scope(carrier_id);",
        "CREATE INDEX carrier_scope_person ON carrier_scope(person_id);",
        "CREATE INDEX carrier_scope_department ON carrier_scope(department_id);",

        "CREATE TABLE carrier_event ("
        "  id INTEGER PRIMARY KEY,"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  action TEXT NOT NULL,"
        "  detail TEXT NOT NULL DEFAULT '{}');",
        "CREATE INDEX carrier_event_carrier ON carrier_event(carrier_id, id);",
        "CREATE TRIGGER carrier_event_no_update BEFORE UPDATE ON carrier_event"
        "  BEGIN SELECT RAISE(ABORT, 'carrier history is append-only'); END;",
        "CREATE TRIGGER carrier_event_no_delete BEFORE DELETE ON carrier_event"
        "  BEGIN SELECT RAISE(ABORT, 'carrier history is append-only'); END;",

        /* Chinese substring search: trigram index over title and document number */
        "CREATE VIRTUAL TABLE carrier_fts USING fts5("
        "  title, doc_number, content='carrier', content_rowid='id', tokenize='trigram');",
        "CREATE TRIGGER carrier_fts_insert AFTER INSERT ON carrier BEGIN"
        "  INSERT INTO carrier_fts(rowid, title, doc_number)"
        "  VALUES (new.id, new.title, coalesce(new.doc_number, '')); END;",
        "CREATE TRIGGER carrier_fts_update AFTER UPDATE OF title, doc_number ON carrier BEGIN"
        "  INSERT INTO carrier_fts(carrier_fts, rowid, title, doc_number)"
        "  VALUES ('delete', old.id, old.title, coalesce(old.doc_number, ''));"
        "  INSERT INTO carrier_fts(rowid, title, doc_number)"
        "  VALUES (new.id, new.title, coalesce(new.doc_number, '')); END;",

        /* SYS-3: the audit chain; rows are only ever appended */
        "CREATE TABLE audit_event ("
        "  seq INTEGER PRIMARY KEY,"
        "  at TEXT NOT NULL,"
        "  actor TEXT NOT NULL,"
        "  action TEXT NOT NULL,"
        "  object TEXT NOT NULL,"
        "  outcome TEXT NOT NULL,"
        "  rule TEXT NOT NULL,"
        "  detail TEXT NOT NULL,"
        "  alg TEXT NOT NULL,"
        "  prev_hash TEXT NOT NULL,"
        "  hash TEXT NOT NULL);",
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event"
        "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event"
        "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

        /* SYS-5: the unit's policy, versioned */
        "CREATE TABLE policy_version ("
        "  version INTEGER PRIMARY KEY,"
        "  text TEXT NOT NULL,"
        "  created_at TEXT NOT NULL,"
        "  created_by INTEGER REFERENCES person(id),"
        "  comment TEXT);",
        NULL,
};

/* 2: sessions, login failures, password history (SYS-4) */
#include "store/sqlite_schema_session.h"

#include "store/sqlite_schema_workflow.h"

/* 4: destruction witnesses, hand-overs, departures (issue 3 records) */
#include "store/sqlite_schema_records.h"

/* 5: personal letters (REG-3) */
#include "store/sqlite_schema_letter.h"

/* 6: personal keeping terms on the carrier (KEEP-6) */
#include "store/sqlite_schema_keep.h"

/* 7: the carrier tally by unit, level and status (issue 17) */
#include "store/sqlite_schema_tally.h"

/* 8: indexes behind the audit list's filters (issue 17) */
#include "store/sqlite_schema_audit.h"

/* 9: indexes behind the alerts and the counts (issue 17) */
#include "store/sqlite_schema_alerts.h"

/* 10: the ledger search index of every length (issue 17);
 * 43, 45, 48: its one- and two-character terms counted (in all, by SYS-2 key) */
#include "store/sqlite_schema_search.h"

/* 11: the SYS-2 keys many viewers share, and their tally (issue 17) */
#include "store/sqlite_schema_sight.h"

/* 12: the audit list's totals from a tally, composite filter indexes (issue 17) */
#include "store/sqlite_schema_audit_tally.h"

/* 13: a closed count's lines as rows (INV-3, issue 17) */
#include "store/sqlite_schema_count.h"

/* 14: the alerts counted and paged by index (issue 17), in sqlite_schema_alerts.h */

/* 15: answers kept for POSTs with an Idempotency-Key (issue 9) */
#include "store/sqlite_schema_idempotency.h"

/* 16: a dispatch to a foreign party and the FOREIGN-1 request it carries out (issue 13) */
#include "store/sqlite_schema_foreign.h"

/* 17: the tally triggers stand aside for a bulk write that keeps them (issue 17) */
#include "store/sqlite_schema_guard.h"

/* 18: two-administrator account filings, last logins (SYS-1, issue 9) */
static const char *const migration_18[] = {
        "CREATE TABLE account_filing ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('reset', 'create')),"
        "  filed_by INTEGER NOT NULL REFERENCES person(id),"
        "  filed_at TEXT NOT NULL,"
        "  expires_at TEXT NOT NULL,"
        "  half_hash TEXT NOT NULL,"
        "  status TEXT NOT NULL DEFAULT 'pending'"
        "    CHECK (status IN ('pending', 'approved', 'refused')),"
        "  decided_by INTEGER REFERENCES person(id),"
        "  decided_at TEXT,"
        "  reason TEXT);",
        "CREATE INDEX account_filing_person ON account_filing(person_id, id);",
        "CREATE INDEX account_filing_filed ON account_filing(unit_id, filed_at);",
        "CREATE TABLE login_seen ("
        "  person_id INTEGER PRIMARY KEY REFERENCES person(id),"
        "  last_ok_at TEXT,"
        "  last_failed_at TEXT);",
        NULL,
};

/* 19: where the ledger's binding to the chain began (issue 9 point 3) */
#include "store/sqlite_schema_bind.h"

/*
 * 20: what the audit administrator is told of the administrators (SYS-1,
 * issue 9 point 1): each filing, approval, refusal and change of an
 * administrator account, written in the change's own transaction and open
 * until the auditor acknowledges it. An expired filing needs no row until
 * it is acknowledged (kind 'expired', written acknowledged).
 */
static const char *const migration_20[] = {
        "CREATE TABLE admin_alert ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL,"
        "  person_id INTEGER REFERENCES person(id),"
        "  filing_id INTEGER REFERENCES account_filing(id),"
        "  actor_id INTEGER REFERENCES person(id),"
        "  at TEXT NOT NULL,"
        "  detail TEXT,"
        "  acked_by INTEGER REFERENCES person(id),"
        "  acked_at TEXT);",
        "CREATE INDEX admin_alert_open ON admin_alert(unit_id, id) WHERE acked_at IS NULL;",
        "CREATE INDEX admin_alert_filing ON admin_alert(filing_id, kind) WHERE filing_id IS NOT "
        "NULL;",
        "CREATE INDEX account_filing_pending ON account_filing(unit_id, expires_at)"
        " WHERE status = 'pending';",
        NULL,
};

/* 21: the incoming classified carriers not yet handled (REG-5, issue 13 point 8) */
#include "store/sqlite_schema_handling.h"

/* 22: a decided carrier's original marking, struck beside the current one (LEVEL-7/8) */
#include "store/sqlite_schema_marking.h"

/* 23: the register of cleared people and the training records (issue 10 points 1-2);
 * 31: trips abroad approved by class, then departed (PERSON-8) */
#include "store/sqlite_schema_people.h"

/* 24: key departments and places (SITE-1, issue 10 point 4) */
#include "store/sqlite_schema_site.h"

/* 25: who classified a carrier made here, and the basis (LEVEL-4/9, issue 13 point 6) */
#include "store/sqlite_schema_classify.h"

/* 26: the device and media register (DEV-1..7, issue 10 point 3);
 * 27: the index of DEV-3's password alerts;
 * 29: devices counted like carriers (INV-3/4);
 * 36: a device's label affixed (DEV-1, INSP-4) */
#include "store/sqlite_schema_device.h"

/* 28: the register of rewards and sanctions (INC-2, INSP-3, issue 11 point 4) */
#include "store/sqlite_schema_merit.h"

/* 30: classified meetings (MEET-1/2, issue 11 point 1); the loan kind "meeting" */
#include "store/sqlite_schema_meeting.h"

/* 33: inspections and rectification notices (INSP-1/2, issue 11 point 5) */
#include "store/sqlite_schema_inspection.h"

/* 32 (in sqlite_schema_bind.h, with 19): the registers bound to the chain
 * (issue 10) and the row digests of bulk sets (issue 17 point 5);
 * 35 (there too): the meetings and the reward and sanction register join it */

/* 34: the yearly self-assessment (INSP-4, issue 11 point 5) */
#include "store/sqlite_schema_selfcheck.h"

/* 37: the monthly report recorded as delivered to the leadership (ORG-2, issue 11 point 6) */
#include "store/sqlite_schema_report.h"

/* 37: an index for every order the ledger sorts by (issue 14 point 10) */
#include "store/sqlite_schema_sort.h"

/* 39: a rectification notice's history line records the deadline it set (ORG-2, INSP-2) */
#include "store/sqlite_schema_rect_deadline.h"

/* 40: the responsibility system (ORG-1, issue 11 point 6), bound from its start */
#include "store/sqlite_schema_duty.h"

/* 41: the running 登记序号 of every register, classified and ordinary apart (REG-4, issue 14 point
 * 11) */
#include "store/sqlite_schema_register.h"

/* 42: the registers' running numbers bound to the chain (SYS-3) */
#include "store/sqlite_schema_register_bind.h"

/* 44: departments and places renamed (former names kept) and retired (issue 14 point 14) */
#include "store/sqlite_schema_orgadmin.h"

/* 46: how each destruction witness confirmed (DESTROY-2 with REG-1, issue 14 point 5) */
#include "store/sqlite_schema_witness.h"

/*
 * 47: hand-over lists kept as handed over, their devices, and the 移交登记簿's
 * numbers (KEEP-2, REG-1, REG-4).
 */
#include "store/sqlite_schema_handover_list.h"

/* 49: the carrier indexes a count's status change rewrites (INV-4, issue 17 point 5) */
#include "store/sqlite_schema_count_close.h"

/* 50: the unhandled incoming carriers keep what REG-5's due condition reads (issue 17 point 5) */
#include "store/sqlite_schema_handling_due.h"

/* 51: a new carrier's terms written by the store after its scope (issue 17 point 4) */
#include "store/sqlite_schema_terms.h"

/* The migrations in order; each is a NULL-terminated list of statements. */
static const char *const *const sqlite_migrations[] = {
        migration_1,  migration_2,  migration_3,  migration_4,  migration_5,  migration_6,
        migration_7,  migration_8,  migration_9,  migration_10, migration_11, migration_12,
        migration_13, migration_14, migration_15, migration_16, migration_17, migration_18,
        migration_19, migration_20, migration_21, migration_22, migration_23, migration_24,
        migration_25, migration_26, migration_27, migration_28, migration_29, migration_30,
        migration_31, migration_32, migration_33, migration_34, migration_35, migration_36,
        migration_37, migration_38, migration_39, migration_40, migration_41, migration_42,
        migration_43, migration_44, migration_45, migration_46, migration_47, migration_48,
        migration_49, migration_50, migration_51,
};

#endif
