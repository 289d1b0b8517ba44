/*
 * sqlite_schema_count_close.h — migration 49 (INV-4, issue 17 point 5):
 * carrier_period_day without the status a count's close rewrites, and a
 * count's incomplete ticks indexed. Private to src/store; included by
 * sqlite_schema.h.
 *
 * A count's close flags every missing carrier `missing` in one UPDATE
 * (sqlite.c, count_flag_missing). For each row it changes SQLite rewrites
 * every index that holds a changed column and leaves the others alone.
 * carrier_period_day (migration 14) carried `status` beside the day a
 * secrecy period ends, so each change of status deleted and inserted its
 * entry, computing that day twice (old key, new key: date arithmetic per
 * row), at a random place in the index (it is in order of days, the close
 * walks carriers by id): at a million missing carriers a third of the
 * UPDATE's time. A range of it is read with the carrier row in any case
 * (the viewer's SYS-2 terms and the unit are not in the index), so
 * `status` saved no read. It keeps the day and the level.
 *
 * The other indexes on `status` stay, each serving a read that needs it
 * without the row: carrier_level (the ledger's level and status filters,
 * the out carriers of a count), carrier_missing (the INV-4 alert),
 * carrier_sort_status (the status order), carrier_department_status and
 * carrier_custodian_status (the carriers a department or a person still
 * holds, counted on the department and people lists: without them a
 * department list at a million carriers reads every row).
 *
 * count_item_incomplete: the close copies a count's incomplete found lines
 * (INV-3) and the preview pages them; both walked every tick of the count
 * (a million at 1M, nearly all plain `found`) to find the few incomplete.
 */
#ifndef BM_SQLITE_SCHEMA_COUNT_CLOSE_H
#define BM_SQLITE_SCHEMA_COUNT_CLOSE_H

static const char *const migration_49[] = {
        "DROP INDEX IF EXISTS carrier_period_day;",
        /* LEVEL-6: periods ending by a day, classified levels only; no status */
        "CREATE INDEX carrier_period_day ON carrier(" CARRIER_PERIOD_DAY ", level)"
        "  WHERE period_kind <> 'none' AND level >= 2;",
        /* INV-3: a count's incomplete ticks, without walking every tick it has */
        "CREATE INDEX IF NOT EXISTS count_item_incomplete ON count_item(session_id, carrier_id)"
        "  WHERE state = 'incomplete';",
        NULL,
};

#endif
