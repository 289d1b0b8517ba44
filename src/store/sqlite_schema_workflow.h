/*
 * sqlite_schema_workflow.h — migration 3: the approval workflows (issue 3).
 * Private to src/store; included by sqlite_schema.h.
 *
 * One request model for every operation that needs approval; loans record
 * every issue against signature (borrow, read on site, take out,
 * circulation); dispatches, counts, incidents, destructions and level
 * changes keep their own registers. Nothing here is ever deleted.
 */
#ifndef BM_SQLITE_SCHEMA_WORKFLOW_H
#define BM_SQLITE_SCHEMA_WORKFLOW_H

static const char *const migration_3[] = {
        /* Requests: borrow, read_on_site, widen_scope, make, copy, extract, take_out,
           foreign, destroy, level_change, outside_reader. */
        "CREATE TABLE request ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL,"
        "  status TEXT NOT NULL CHECK (status IN"
        "    ('pending','approved','rejected','withdrawn','executed','expired')),"
        "  requester_id INTEGER NOT NULL REFERENCES person(id),"
        "  department_id INTEGER REFERENCES department(id),"
        "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),"
        "  reason TEXT NOT NULL,"
        "  params TEXT NOT NULL DEFAULT '{}'," /* kind-specific facts, JSON */
        "  chain TEXT NOT NULL DEFAULT '[]',"  /* approver roles in order, JSON */
        "  step INTEGER NOT NULL DEFAULT 0,"   /* approvals given so far */
        "  rule TEXT NOT NULL DEFAULT '',"     /* the rule that requires approval */
        "  created_at TEXT NOT NULL,"
        "  updated_at TEXT NOT NULL,"
        "  decided_at TEXT,"
        "  executed_at TEXT);",
        "CREATE INDEX request_status ON request(status, kind);",
        "CREATE INDEX request_requester ON request(requester_id);",
        "CREATE TRIGGER request_no_delete BEFORE DELETE ON request"
        "  BEGIN SELECT RAISE(ABORT, 'requests are never deleted'); END;",

        "CREATE TABLE request_item ("
        "  request_id INTEGER NOT NULL REFERENCES request(id),"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  PRIMARY KEY (request_id, carrier_id));",
        "CREATE INDEX request_item_carrier ON request_item(carrier_id);",

        "CREATE TABLE approval ("
        "  id INTEGER PRIMARY KEY,"
        "  request_id INTEGER NOT NULL REFERENCES request(id),"
        "  step INTEGER NOT NULL,"
        "  role TEXT NOT NULL,"
        "  approver_id INTEGER NOT NULL REFERENCES person(id),"
        "  decision TEXT NOT NULL CHECK (decision IN ('approved','rejected')),"
        "  comment TEXT NOT NULL,"
        "  at TEXT NOT NULL);",
        "CREATE INDEX approval_request ON approval(request_id, step);",
        "CREATE TRIGGER approval_no_change BEFORE UPDATE ON approval"
        "  BEGIN SELECT RAISE(ABORT, 'approvals are never changed'); END;",

        /* Every issue against signature, and its return (BORROW, CARRY, CIRC). */
        "CREATE TABLE loan ("
        "  id INTEGER PRIMARY KEY,"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  request_id INTEGER REFERENCES request(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('borrow','read_on_site','take_out','circulation')),"
        "  holder_id INTEGER NOT NULL REFERENCES person(id),"
        "  issued_by INTEGER NOT NULL REFERENCES person(id),"
        "  issued_at TEXT NOT NULL,"
        "  due_at TEXT NOT NULL," /* instant the item must be back */
        "  place TEXT,"           /* CIRC-4: where it is read */
        "  destination TEXT,"     /* CARRY-2 */
        "  purpose TEXT,"
        "  signature TEXT NOT NULL," /* the holder's receipt: name and time */
        "  returned_at TEXT,"
        "  received_by INTEGER REFERENCES person(id),"
        "  return_note TEXT,"
        "  incomplete INTEGER NOT NULL DEFAULT 0);",
        "CREATE INDEX loan_open ON loan(returned_at, due_at);",
        "CREATE INDEX loan_carrier ON loan(carrier_id);",
        "CREATE INDEX loan_holder ON loan(holder_id);",

        /* Sending (SEND-1..5): one dispatch, its items and its recipients' receipts. */
        "CREATE TABLE dispatch ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  channel TEXT NOT NULL,"
        "  courier TEXT,"
        "  escorts TEXT NOT NULL DEFAULT '[]',"
        "  created_by INTEGER NOT NULL REFERENCES person(id),"
        "  created_at TEXT NOT NULL,"
        "  status TEXT NOT NULL CHECK (status IN ('open','complete')),"
        "  note TEXT);",
        "CREATE TABLE dispatch_item ("
        "  dispatch_id INTEGER NOT NULL REFERENCES dispatch(id),"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  recipient TEXT NOT NULL,"
        "  signed_at TEXT,"
        "  signed_by TEXT,"
        "  PRIMARY KEY (dispatch_id, carrier_id));",

        /* Counting (INV-1..4). */
        "CREATE TABLE count_session ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('unit','department','custodian')),"
        "  scope_id INTEGER,"
        "  reason TEXT,"
        "  started_by INTEGER NOT NULL REFERENCES person(id),"
        "  started_at TEXT NOT NULL,"
        "  closed_at TEXT,"
        "  result TEXT);",
        "CREATE TABLE count_item ("
        "  session_id INTEGER NOT NULL REFERENCES count_session(id),"
        "  carrier_id INTEGER NOT NULL," /* may name an id the ledger lacks: unexpected */
        "  state TEXT NOT NULL CHECK (state IN ('found','incomplete')),"
        "  note TEXT,"
        "  at TEXT NOT NULL,"
        "  PRIMARY KEY (session_id, carrier_id));",

        /* Incidents (BORROW-6, INV-4, INC-1). */
        "CREATE TABLE incident ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('missing','overdue','leak','other')),"
        "  carrier_id INTEGER REFERENCES carrier(id),"
        "  status TEXT NOT NULL CHECK (status IN ('open','closed')),"
        "  opened_by INTEGER REFERENCES person(id),"
        "  opened_at TEXT NOT NULL,"
        "  detail TEXT NOT NULL DEFAULT '{}',"
        "  findings TEXT,"
        "  closed_at TEXT);",

        /* Destruction (DESTROY-1..4): one record per executed batch. */
        "CREATE TABLE destruction ("
        "  id INTEGER PRIMARY KEY,"
        "  request_id INTEGER NOT NULL UNIQUE REFERENCES request(id),"
        "  executed_by INTEGER NOT NULL REFERENCES person(id),"
        "  executed_at TEXT NOT NULL,"
        "  place TEXT NOT NULL,"
        "  method TEXT NOT NULL,"
        "  witness1_id INTEGER NOT NULL REFERENCES person(id),"
        "  witness2_id INTEGER NOT NULL REFERENCES person(id),"
        "  CHECK (witness1_id <> witness2_id));",

        /* Level decisions (LEVEL-4, 6, 7, 9). */
        "CREATE TABLE level_change ("
        "  id INTEGER PRIMARY KEY,"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  request_id INTEGER REFERENCES request(id),"
        "  from_level INTEGER NOT NULL,"
        "  to_level INTEGER NOT NULL,"
        "  old_marking TEXT NOT NULL,"
        "  new_marking TEXT NOT NULL,"
        "  basis TEXT NOT NULL," /* LEVEL-9: catalogue entry followed */
        "  reason TEXT NOT NULL,"
        "  decided_by INTEGER NOT NULL REFERENCES person(id),"
        "  at TEXT NOT NULL);",
        "CREATE TRIGGER level_change_no_change BEFORE UPDATE ON level_change"
        "  BEGIN SELECT RAISE(ABORT, 'level history is permanent'); END;",
        NULL,
};

#endif
