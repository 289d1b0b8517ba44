/*
 * sqlite_schema_marking.h — migration 22: what a carrier's marking says
 * after a level decision (LEVEL-7/8, issue 13 point 4). Private to
 * src/store; included by sqlite_schema.h.
 *
 * A carrier whose level was decided (raised, lowered, declassified) keeps
 * the marking it was registered with, to be shown struck out beside the
 * current one, the date of the last decision and whether that decision
 * declassified it (then the carrier is marked 解密). A carrier never
 * decided has no row. The rows live beside the carrier, not on it: the
 * carrier row is bound to the chain (migration 19) and filling columns of
 * rows already bound would make `baomi check` report them as changed.
 *
 * Existing carriers are filled from their permanent level history: the
 * first decision's old marking (the English one rebuilt from its parts:
 * level★N年, level★Y年M月D日, level★condition), the date part of the last
 * decision's instant (UTC; a live decision records the unit's local date)
 * and whether the last decision went from 秘密 or above to 非密.
 */
#ifndef BM_SQLITE_SCHEMA_MARKING_H
#define BM_SQLITE_SCHEMA_MARKING_H

static const char *const migration_22[] = {
        "CREATE TABLE carrier_marking ("
        "  carrier_id INTEGER PRIMARY KEY REFERENCES carrier(id),"
        "  original_marking TEXT NOT NULL,"    /* zh, as registered */
        "  original_marking_en TEXT NOT NULL," /* the same in English */
        "  changed_on TEXT NOT NULL,"          /* date of the last level decision */
        "  declassified INTEGER NOT NULL CHECK (declassified IN (0, 1)));",
        "INSERT INTO carrier_marking(carrier_id, original_marking, original_marking_en,"
        "    changed_on, declassified)"
        "  SELECT f.carrier_id, f.m,"
        "    CASE f.l WHEN '非密' THEN 'public' WHEN '内部' THEN 'internal'"
        "      WHEN '秘密' THEN 'confidential' WHEN '机密' THEN 'secret'"
        "      WHEN '绝密' THEN 'top secret' ELSE f.l END"
        "    || CASE WHEN f.r IS NULL THEN ''"
        "      WHEN f.r LIKE '%年' AND length(f.r) > 1"
        "        AND NOT (substr(f.r, 1, length(f.r) - 1) GLOB '*[^0-9]*')"
        "        THEN '★' || substr(f.r, 1, length(f.r) - 1) || ' years'"
        "      WHEN f.r GLOB '[0-9][0-9][0-9][0-9]年*月*日'"
        "        THEN printf('★until %s-%02d-%02d', substr(f.r, 1, 4),"
        "          CAST(substr(f.r, 6, instr(f.r, '月') - 6) AS INTEGER),"
        "          CAST(substr(f.r, instr(f.r, '月') + 1,"
        "            instr(f.r, '日') - instr(f.r, '月') - 1) AS INTEGER))"
        "      ELSE '★' || f.r END,"
        "    substr(z.at, 1, 10), z.to_level = 0 AND z.from_level >= 2"
        "  FROM (SELECT a.carrier_id, a.old_marking AS m,"
        "      CASE WHEN instr(a.old_marking, '★') > 0"
        "        THEN substr(a.old_marking, 1, instr(a.old_marking, '★') - 1)"
        "        ELSE a.old_marking END AS l,"
        "      CASE WHEN instr(a.old_marking, '★') > 0"
        "        THEN substr(a.old_marking, instr(a.old_marking, '★') + 1) END AS r"
        "    FROM level_change a WHERE a.id = (SELECT min(x.id) FROM level_change x"
        "      WHERE x.carrier_id = a.carrier_id)) f"
        "  JOIN level_change z ON z.id = (SELECT max(y.id) FROM level_change y"
        "    WHERE y.carrier_id = f.carrier_id);",
        NULL,
};

#endif
