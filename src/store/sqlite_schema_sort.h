/*
 * sqlite_schema_sort.h — migration 38 (issue 14 point 10): the ledger sorts
 * by any of its columns on the server, a page at a time, at a million
 * carriers (issue 17). Each order of sqlite.c's sort_orders is "key, id" in
 * one direction, so an index on the key alone — (key, rowid) — serves it
 * forwards and backwards, and a keyset position (key, id) is exact. A
 * nullable column sorts by COALESCE(column, '' or 0), the same expression as
 * the index. Ordering by a custodian or place groups by the person or place
 * (by their number), which is what the index can give.
 */
#ifndef BM_SQLITE_SCHEMA_SORT_H
#define BM_SQLITE_SCHEMA_SORT_H

static const char *const migration_38[] = {
        "CREATE INDEX carrier_sort_level ON carrier(level);",
        "CREATE INDEX carrier_sort_title ON carrier(title);",
        "CREATE INDEX carrier_sort_doc ON carrier(COALESCE(doc_number, ''));",
        "CREATE INDEX carrier_sort_kind ON carrier(kind);",
        "CREATE INDEX carrier_sort_status ON carrier(status);",
        "CREATE INDEX carrier_sort_custodian ON carrier(COALESCE(custodian_id, 0));",
        "CREATE INDEX carrier_sort_place ON carrier(COALESCE(place_id, 0));",
        NULL,
};

#endif
