#!/usr/bin/env python3
"""tests/check_pg12.py [ROOT] — the PostgreSQL back end's SQL stays within PostgreSQL 12.

Issue 12 point 1: baomi's SQL uses only what PostgreSQL 12 offers (and pg_trgm), so that
PostgreSQL 12.. and the servers that speak its dialect (KingbaseES, openGauss) run it;
docs/ARCHITECTURE.md § PostgreSQL lists what a server must have. This check reads every
SQL text the back end sends and fails on any feature of the list below, each newer than
PostgreSQL 12 (the version that brought it in the first column):

  ROOT/src/store/pg*.c          the C string literals (adjacent literals joined, comments
                                and what is outside a literal left out): the statements,
                                the pieces of the built ones, pg_dump's and pg_restore's
                                arguments (pg_backup.c);
  ROOT/src/store/pg_schema_*.sql  the migrations, without their -- comments;
  ROOT/dist/pg-roles.sql        the administrator's script (psql), without its comments.

Prints FILE:LINE: PostgreSQL N: FEATURE (the text) for each and exits 1; 0 when none.

tests/check_pg12.py --sample FILE — the check of the table itself (tests/checksrc.sh):
FILE (tests/check_pg12_sample.sql) has a line for each row, ending in the finding it must
give; prints each line flagged otherwise (or flagged when it should not be) and exits 1.
Standard library only.
"""
import glob
import os
import re
import sys

# The features, one a row of this table: the version that brought it in (0: never in
# PostgreSQL 12 alone, as an extension) and what it is, then, indented on the next line, its
# pattern (a Python regular expression, case-insensitive, ^ and $ at each line; a pattern
# spans one statement at most: [^;]). main() walks the table once per piece of SQL.
FEATURES = r"""
13  gen_random_uuid() in core (pgcrypto before)
    \bgen_random_uuid\s*\(
13  FETCH FIRST … WITH TIES
    \bFETCH\s+(FIRST|NEXT)\b[^;]*?\bWITH\s+TIES\b
13  pg_snapshot / xid8 functions
    \bpg_(current_snapshot|snapshot_\w+|current_xact_id\w*|xact_status|visible_in_snapshot)\s*\(
13  DROP DATABASE … WITH (FORCE)
    \bDROP\s+DATABASE\b[^;]*?\(\s*FORCE\s*\)
13  trim_scale / min_scale / gcd / lcm
    \b(trim_scale|min_scale|gcd|lcm)\s*\(
13  jsonb_set_lax / jsonb_path_*_tz
    \b(jsonb_set_lax|jsonb_path_\w+_tz)\s*\(
13  normalize() / IS NORMALIZED
    \bnormalize\s*\(|\bIS\s+(NOT\s+)?(NFK?[CD]\s+)?NORMALIZED\b
13  ALTER VIEW … RENAME COLUMN
    \bALTER\s+VIEW\b[^;]*?\bRENAME\s+COLUMN\b
13  ALTER COLUMN … DROP EXPRESSION
    \bDROP\s+EXPRESSION\b
13  psql \warn
    ^\s*\\warn\b
14  CREATE OR REPLACE TRIGGER
    \bCREATE\s+OR\s+REPLACE\s+(CONSTRAINT\s+)?TRIGGER\b
14  string_to_table / trim_array / bit_count / date_bin / unistr / bit_xor
    \b(string_to_table|trim_array|bit_count|date_bin|unistr|bit_xor)\s*\(
14  multirange types
    \b\w*multirange\b
14  SEARCH / CYCLE clause of a recursive query
    \bSEARCH\s+(DEPTH|BREADTH)\s+FIRST\s+BY\b|\bCYCLE\s+\w+(\s*,\s*\w+)*\s+SET\s+\w+
14  DETACH PARTITION … CONCURRENTLY / FINALIZE
    \bDETACH\s+PARTITION\b[^;]*?\b(CONCURRENTLY|FINALIZE)\b
14  jsonb subscripting (x['key'])
    (?<=[\w)])(?<!ARRAY)\s*\[\s*'[^']*'\s*\]
14  GROUP BY DISTINCT
    \bGROUP\s+BY\s+DISTINCT\b
14  JOIN … USING (…) AS alias
    \bJOIN\b[^;]*?\bUSING\s*\([^()]*\)\s+AS\s+\w
14  SQL-standard function body (BEGIN ATOMIC)
    \bBEGIN\s+ATOMIC\b
14  predefined roles pg_database_owner / pg_read_all_data / pg_write_all_data
    \bpg_(database_owner|read_all_data|write_all_data)\b
14  column COMPRESSION / REINDEX … TABLESPACE
    \bCOMPRESSION\s+(lz4|pglz|default)\b|\bREINDEX\b[^;]*?\bTABLESPACE\b
14  settings idle_session_timeout / client_connection_check_interval / default_toast_compression
    \b(idle_session_timeout|client_connection_check_interval|default_toast_compression)\b
14  pg_dump --no-toast-compression / --extension
    --(no-toast-compression|extension)\b
15  MERGE
    \bMERGE\s+INTO\b
15  UNIQUE NULLS [NOT] DISTINCT
    \bNULLS\s+(NOT\s+)?DISTINCT\b
15  regexp_count / regexp_instr / regexp_like / regexp_substr
    \bregexp_(count|instr|like|substr)\s*\(
15  COPY … HEADER MATCH
    \bHEADER\s+MATCH\b|\bHEADER\s*'match'
15  security_invoker views
    \bsecurity_invoker\b
15  GRANT … ON PARAMETER / pg_checkpointer
    \bON\s+PARAMETER\b|\bpg_checkpointer\b
15  ALTER TABLE … SET ACCESS METHOD / CREATE DATABASE … STRATEGY
    \bSET\s+ACCESS\s+METHOD\b|\bCREATE\s+DATABASE\b[^;]*?\bSTRATEGY\b
15  pg_dump / pg_restore --no-table-access-method
    --no-table-access-method\b
15  psql \getenv / \dconfig
    ^\s*\\(getenv|dconfig)\b
16  any_value / array_sample / array_shuffle / random_normal / date_add / date_subtract / pg_input_is_valid
    \b(any_value|array_sample|array_shuffle|random_normal|date_add|date_subtract|pg_input_is_valid|pg_input_error_info)\s*\(
16  SQL/JSON: IS JSON, json_array(), json_object(… VALUE …), json_scalar/json_serialize
    \bIS\s+(NOT\s+)?JSON\b|\bjson_(array|scalar|serialize)\s*\(|\bjson_object\s*\([^;]*?\bVALUE\b
16  SYSTEM_USER
    \bSYSTEM_USER\b
16  hexadecimal, octal, binary or underscored numeric literals
    (?<![\w$])0[xob][0-9a-f_]+\b|(?<![\w$.])\d+(_\d+)+\b
16  GRANT … WITH INHERIT / SET option
    \bWITH\s+(INHERIT|SET)\s+(TRUE|FALSE|OPTION)\b
16  pg_dump --table-and-children and kin
    --(exclude-)?(table|table-data)-and-children\b
17  JSON_TABLE / json_exists / json_query / json_value
    \bJSON_TABLE\s*\(|\bjson_(exists|query|value)\s*\(
17  MERGE … RETURNING / merge_action()
    \bmerge_action\s*\(
17  pg_dump / pg_restore --filter, --exclude-extension, --sync-method, --transaction-size
    --(filter|exclude-extension|sync-method|transaction-size)\b
17  pg_maintain / MAINTAIN privilege
    \bpg_maintain\b|\bGRANT\s+MAINTAIN\b
18  uuidv7 / uuidv4 / casefold / array_sort / array_reverse / crc32
    \b(uuidv7|uuidv4|casefold|array_sort|array_reverse|crc32c?)\s*\(
18  RETURNING OLD / NEW, virtual generated columns, WITHOUT OVERLAPS
    \bRETURNING\s+(OLD|NEW)\b|\bRETURNING\b[^;]*?\b(OLD|NEW)\s+AS\b|\bVIRTUAL\b|\bWITHOUT\s+OVERLAPS\b
0   an extension other than pg_trgm
    \bCREATE\s+EXTENSION\s+(?!(IF\s+NOT\s+EXISTS\s+)?"?pg_trgm\b)(IF\s+NOT\s+EXISTS\s+)?"?\w+
"""


def parse_features(table):
    """The rows of `table` (FEATURES' layout) as (pattern, version, what), in order."""
    rows, head = [], None
    for n, line in enumerate(table.splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"(\d+)\s+(\S.*)", line.rstrip())
        if head is None and m:
            head = (int(m.group(1)), m.group(2))
        elif head is not None and line[:1].isspace():
            rows.append((line.strip(), *head))
            head = None
        else:
            raise ValueError(f"FEATURES line {n}: not a row's version and name, nor its pattern")
    if head is not None:
        raise ValueError(f"FEATURES: {head[1]} has no pattern")
    return rows


COMPILED = [(re.compile(p, re.I | re.S | re.M), v, what) for p, v, what in parse_features(FEATURES)]

C_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'", "0": "\0"}


def c_literal_groups(text):
    """The string literals of C source `text`, adjacent ones joined: (line, text)."""
    groups, i, n, line = [], 0, len(text), 1
    cur, cur_line, last_end = None, 0, 0
    while i < n:
        ch = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch == "'":  # a character constant
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if ch == '"':
            j, buf = i + 1, []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    buf.append(C_ESCAPES.get(text[j + 1], text[j + 1]))
                    j += 2
                else:
                    buf.append(text[j])
                    j += 1
            s = "".join(buf)
            between = text[last_end:i]
            if cur is not None and between.strip() == "":
                cur.append(s)
            else:
                if cur is not None:
                    groups.append((cur_line, "".join(cur)))
                cur, cur_line = [s], line
            line += text.count("\n", i, j)
            last_end = i = j + 1
            continue
        if ch == "\n":
            line += 1
        i += 1
    if cur is not None:
        groups.append((cur_line, "".join(cur)))
    return groups


def sql_without_comments(text):
    """SQL (or a psql script) with -- comments blanked, lines kept. A function's body
    ($$ … $$) is SQL or PL/pgSQL, whose -- comments are comments too: only '…' quotes."""
    out, i, n, quoted = [], 0, len(text), False
    while i < n:
        ch = text[i]
        if quoted:
            quoted = ch != "'"
        elif text.startswith("--", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        elif ch == "'":
            quoted = True
        out.append(ch)
        i += 1
    return "".join(out)


def findings(path, pieces):
    return sorted(_findings(path, pieces), key=lambda f: int(f.split(":")[1]))


def _findings(path, pieces):
    for line, text in pieces:
        for rx, version, name in COMPILED:
            for m in rx.finditer(text):
                at = line + text.count("\n", 0, m.start())
                snippet = " ".join(m.group(0).split())[:60]
                since = f"PostgreSQL {version}" if version else "not PostgreSQL 12 alone"
                yield f"{path}:{at}: {since}: {name} ({snippet})"


def sample_differences(path):
    """--sample FILE: FILE is SQL whose every line that the table must flag ends in a comment
    "-- WHAT", the start of the finding that line must give (after "FILE:LINE: "), and only
    that one; no other line may be flagged. The differences, one a line ([] when none)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    want = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.search(r"--\s*((PostgreSQL \d+|not PostgreSQL 12 alone): .*)$", line)
        if m and not line.lstrip().startswith("--"):
            want[n] = m.group(1).strip()
    got = {}
    for finding in findings("sample", [(1, sql_without_comments(text))]):
        _, n, rest = finding.split(":", 2)
        got.setdefault(int(n), []).append(rest.strip())
    bad = []
    for n in sorted(set(want) | set(got)):
        g = got.get(n, [])
        if n not in want:
            bad.append(f"{path}:{n}: flagged though it expects nothing: {'; '.join(g)}")
        elif len(g) != 1 or not g[0].startswith(want[n]):
            bad.append(f"{path}:{n}: expects {want[n]!r}, got {'; '.join(g) or 'nothing'}")
    if not want:
        bad.append(f"{path}: no line expects a finding")
    return bad


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--sample":
        bad = sample_differences(sys.argv[2])
        for b in bad:
            print(b)
        return 1 if bad else 0
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    bad, files = [], 0
    for path in sorted(glob.glob(os.path.join(root, "src/store/pg*.c"))):
        files += 1
        with open(path, encoding="utf-8") as f:
            bad += findings(os.path.relpath(path, root), c_literal_groups(f.read()))
    sql = sorted(glob.glob(os.path.join(root, "src/store/pg_schema_*.sql")))
    sql += [p for p in [os.path.join(root, "dist/pg-roles.sql")] if os.path.exists(p)]
    for path in sql:
        files += 1
        with open(path, encoding="utf-8") as f:
            bad += findings(os.path.relpath(path, root), [(1, sql_without_comments(f.read()))])
    if files == 0:
        print(f"check_pg12.py: no PostgreSQL sources under {root}")
        return 1
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
