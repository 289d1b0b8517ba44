/*
 * sqlite_schema_register.h — migration 41 (issue 14 point 11, REG-1, REG-4):
 * the 登记序号 of every printed register. A register is a book a clerk
 * writes in: each entry gets the next number of its book when it is made,
 * the number is kept and never reused, and classified and ordinary items are
 * written in separate books with separate numbers (REG-4: 秘密 and above,
 * bm_level_is_classified, against 非密 and 内部).
 *
 * The numbers are assigned by the schema, in the transaction that makes the
 * entry, so that every path that registers (a form, a batch import, an
 * opened 领导亲启 letter, a made copy, the demo) numbers alike:
 *   incoming  a carrier of origin incoming, by its registered level;
 *   copy      a carrier of origin copy or extract, by its registered level;
 *   borrow    a loan of kind borrow or read_on_site, by the carrier's level;
 *   take-out  a loan of kind take_out, by the carrier's level;
 *   dispatch  an item of a dispatch, by the carrier's level;
 *   destroy   a carrier becoming destroyed, by its level then.
 * ref_id is the carrier (incoming, copy, destroy), the loan (borrow,
 * take-out) or the dispatch (dispatch). Entries are never changed or
 * deleted. The existing rows are numbered here in registration order.
 */
#ifndef BM_SQLITE_SCHEMA_REGISTER_H
#define BM_SQLITE_SCHEMA_REGISTER_H

/* REG-4: the book of a level (bm_level_is_classified: 秘密 and above). */
#define REG_CLASS(level) "CASE WHEN (" level ") >= 2 THEN 'classified' ELSE 'ordinary' END"
/* The next number of book (r, k). */
#define REG_NEXT(r, k)                                                                             \
	"(SELECT coalesce(max(seq), 0) + 1 FROM register_entry WHERE register = " r                \
	" AND class = " k ")"

static const char *const migration_41[] = {
        "CREATE TABLE register_entry ("
        "  id INTEGER PRIMARY KEY,"
        "  register TEXT NOT NULL CHECK (register IN"
        "    ('incoming','dispatch','borrow','copy','take-out','destroy')),"
        "  class TEXT NOT NULL CHECK (class IN ('classified','ordinary')),"
        "  seq INTEGER NOT NULL CHECK (seq > 0),"
        "  ref_id INTEGER NOT NULL,"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  UNIQUE (register, class, seq),"
        "  UNIQUE (register, ref_id, carrier_id));",
        "CREATE TRIGGER register_entry_no_update BEFORE UPDATE ON register_entry"
        "  BEGIN SELECT RAISE(ABORT, 'register numbers are permanent'); END;",
        "CREATE TRIGGER register_entry_no_delete BEFORE DELETE ON register_entry"
        "  BEGIN SELECT RAISE(ABORT, 'register numbers are permanent'); END;",

        /* The books as they stand, numbered in registration order. */
        "INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT r, k, row_number() OVER (PARTITION BY r, k ORDER BY id), id, id FROM"
        "  (SELECT id, CASE origin WHEN 'incoming' THEN 'incoming' ELSE 'copy' END AS r,"
        "   " REG_CLASS(
                "original_level") " AS k"
                                  "   FROM carrier WHERE origin IN ('incoming','copy','extract'))"
                                  "  ORDER BY r, k, id;",
        "INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT r, k, row_number() OVER (PARTITION BY r, k ORDER BY issued_at, id), id,"
        "   carrier_id FROM"
        "  (SELECT l.id, l.carrier_id, l.issued_at,"
        "   CASE l.kind WHEN 'take_out' THEN 'take-out' ELSE 'borrow' END AS r,"
        "   " REG_CLASS("c.level") " AS k"
                                   "   FROM loan l JOIN carrier c ON c.id = l.carrier_id"
                                   "   WHERE l.kind IN ('borrow','read_on_site','take_out'))"
                                   "  ORDER BY r, k, issued_at, id;",
        "INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT 'dispatch', k, row_number() OVER (PARTITION BY k ORDER BY created_at,"
        "   dispatch_id, o), dispatch_id, carrier_id FROM"
        "  (SELECT i.dispatch_id, i.carrier_id, i.rowid AS o, d.created_at,"
        "   " REG_CLASS("c.level") " AS k"
                                   "   FROM dispatch_item i JOIN dispatch d ON d.id = i.dispatch_id"
                                   "   JOIN carrier c ON c.id = i.carrier_id)"
                                   "  ORDER BY k, created_at, dispatch_id, o;",
        "INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT 'destroy', k, row_number() OVER (PARTITION BY k ORDER BY at, id), id, id FROM"
        "  (SELECT c.id, " REG_CLASS(
                "c.level") " AS k,"
                           "   coalesce((SELECT d.executed_at FROM destruction d"
                           "     JOIN request_item ri ON ri.request_id = d.request_id"
                           "     WHERE ri.carrier_id = c.id ORDER BY d.id DESC LIMIT 1), "
                           "c.updated_at) AS at"
                           "   FROM carrier c WHERE c.status = 'destroyed')"
                           "  ORDER BY k, at, id;",

        /* Every entry made from now on. */
        "CREATE TRIGGER register_entry_carrier AFTER INSERT ON carrier"
        "  WHEN new.origin IN ('incoming','copy','extract') BEGIN"
        "  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT r, k, " REG_NEXT("r", "k") ", new.id, new.id FROM"
                                             "  (SELECT CASE new.origin WHEN 'incoming' THEN "
                                             "'incoming' ELSE 'copy' END AS r,"
                                             "   " REG_CLASS("new.original_level") " AS k); END;",
        "CREATE TRIGGER register_entry_loan AFTER INSERT ON loan"
        "  WHEN new.kind IN ('borrow','read_on_site','take_out') BEGIN"
        "  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT r, k, " REG_NEXT(
                "r",
                "k") ", new.id, new.carrier_id FROM"
                     "  (SELECT CASE new.kind WHEN 'take_out' THEN 'take-out' ELSE 'borrow' END AS "
                     "r,"
                     "   " REG_CLASS(
                             "c.level") " AS k FROM carrier c WHERE c.id = new.carrier_id); END;",
        "CREATE TRIGGER register_entry_dispatch AFTER INSERT ON dispatch_item BEGIN"
        "  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT 'dispatch', k, " REG_NEXT(
                "'dispatch'",
                "k") ", new.dispatch_id,"
                     "   new.carrier_id FROM"
                     "  (SELECT " REG_CLASS(
                             "c.level") " AS k FROM carrier c WHERE c.id = new.carrier_id);"
                                        "  END;",
        "CREATE TRIGGER register_entry_destroy AFTER UPDATE OF status ON carrier"
        "  WHEN new.status = 'destroyed' AND old.status <> 'destroyed' BEGIN"
        "  INSERT OR IGNORE INTO register_entry(register, class, seq, ref_id, carrier_id)"
        "  SELECT 'destroy', k, " REG_NEXT("'destroy'",
                                           "k") ", new.id, new.id FROM"
                                                "  (SELECT " REG_CLASS("new.level") " AS k); END;",
        NULL,
};

#undef REG_CLASS
#undef REG_NEXT

#endif
