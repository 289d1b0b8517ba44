/*
 * sqlite_schema_rect_deadline.h — migration 39 (issue 11 point 6, ORG-2 with
 * INSP-2): a rectification notice's history line records the deadline it
 * set, as data. The opening and each reopening write it; the unit's reports
 * read a notice's deadline at a period's end from it, not from the wording
 * of the line's text. Private to src/store; included by sqlite_schema.h.
 *
 * The column is added empty: rectification_event is bound to the audit
 * chain (model/audit.h), and a column added with NULL values leaves every
 * row's digest as it was (store.h, bound_take). The lines written before
 * this migration keep it NULL and are never changed (the table's triggers);
 * their text is the one the code of that time wrote: the opening's detail
 * is its deadline, a reopening's ends in "（YYYY-MM-DD）" (sqlite_report.c
 * reads those two forms for such lines alone).
 */
#ifndef BM_SQLITE_SCHEMA_RECT_DEADLINE_H
#define BM_SQLITE_SCHEMA_RECT_DEADLINE_H

static const char *const migration_39[] = {
        "ALTER TABLE rectification_event ADD COLUMN deadline TEXT;",
        NULL,
};

#endif
