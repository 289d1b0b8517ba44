# tests/cli/t_pg_upgrade.sh — PostgreSQL migrations run on a database that holds a unit
# (issue 12 point 1): the backfills of migration 5 (the SYS-2 keys carrier_sight and their
# tally carrier_sight_tally, and the handling alert's carrier_unhandled; SQLite's
# migrations 11, 17 and 21) and of migration 9 (the register numbers of every book,
# register_entry, REG-1/REG-4; SQLite's migration 41) had only ever run on empty databases.
# (Migration 7's numbered hand-over lists run too, but the demo unit holds no hand-over.)
#
# How a database at an older schema is made (baomi has no way to stop its migrations at N):
# the demo unit is built on PostgreSQL at the latest schema (the reference: every key and
# number there was made by the triggers, row by row, as the use cases wrote). A second
# database gets pg_schema_1..N.sql applied by psql with their schema_migrations rows, as
# baomi's migrate() would, and the unit's rows are copied into it by the superuser
# (session_replication_role = replica: no trigger fires, as on a restore) — every table and
# column that existed at schema N, in id order (dispatch items in their order), identity
# sequences set after them, except what the later migrations make: at schema 4 the SYS-2
# keys, their tally, carrier_unhandled and register_entry (with register_entry's binding
# floor) stay empty, as in a database of that time; at schema 8 only register_entry (and its
# floor). baomi then opens the database as the owner: migrations N+1.. run, and what their
# backfills made must equal what the fresh database holds for the same rows.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/pg_lib.sh"
super() { psql -X -A -t -q -v ON_ERROR_STOP=1 "postgresql://postgres@/${2:-baomi}?host=$pgdir" -c "$1"; }
src="$here/../src/store"

export BAOMI_NOW=2026-12-05T02:00:00Z
PW='Baomi@2026demo'
KEY="$WORK/demo.sm2key" CPS="$WORK/demo.checkpoints"
check "the demo unit on PostgreSQL at the latest schema (the reference)" \
	env BAOMI_TEST_FASTHASH=1 "$BAOMI" demo --db "$url" --audit-key "$KEY" --checkpoints "$CPS"
latest=$(ls "$src"/pg_schema_*.sql | wc -l)
check "… at schema $latest" test "$(sql 'SELECT max(version) FROM schema_migrations')" = "$latest"
# The demo registers incoming and made carriers and lends only to meetings: the other books
# get rows here, written as the use cases write them (pg_workflow.c, pg_carrier.c), by the
# owner role in one session that notes its bound rows (bm_touched) as baomi's does, each
# kind in the order and at the times the service would: loans of every registered kind and
# two unregistered, returned; copies and an extract of classified and ordinary carriers
# with their source's scope; two dispatches, the first's first item signed (its row moves);
# two destructions, the first of three carriers updated in id order.
more_books() {
	psql -X -q -v ON_ERROR_STOP=1 "$url" <<-'SQL'
		CREATE TEMP TABLE bm_touched (tbl TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (tbl, id));
		BEGIN;
		CREATE TEMP TABLE pick AS SELECT id, level >= 2 AS cl,
		  row_number() OVER (PARTITION BY level >= 2 ORDER BY id) AS k
		  FROM carrier WHERE status = 'in_store';
		CREATE TEMP TABLE who AS SELECT id, row_number() OVER (ORDER BY id) AS k
		  FROM person WHERE status = 'active';
		INSERT INTO loan(carrier_id, kind, holder_id, issued_by, issued_at, due_at, signature,
		  returned_at, received_by)
		  SELECT p.id, v.kind, (SELECT id FROM who WHERE k = 4), (SELECT id FROM who WHERE k = 5),
		  '2026-12-05T03:' || v.m || ':00Z', '2026-12-12T15:59:59Z', '#password',
		  '2026-12-05T05:' || v.m || ':00Z', (SELECT id FROM who WHERE k = 5)
		  FROM (VALUES (1, true, 1, 'borrow', '00'), (2, false, 1, 'borrow', '01'),
		   (3, true, 2, 'read_on_site', '02'), (4, false, 2, 'read_on_site', '03'),
		   (5, true, 3, 'take_out', '04'), (6, false, 3, 'take_out', '05'),
		   (7, false, 4, 'circulation', '06'), (8, true, 1, 'borrow', '07'),
		   (9, true, 2, 'meeting', '08'), (10, false, 3, 'take_out', '09')) v(n, cl, k, kind, m)
		  JOIN pick p ON p.cl = v.cl AND p.k = v.k ORDER BY v.n;
		INSERT INTO carrier(unit_id, kind, title, level, original_level, period_kind, origin,
		  registered_at, status, updated_at, copy_of, extract_of, department_id, custodian_id,
		  place_id, registered_by)
		  SELECT c.unit_id, c.kind, '复制件' || v.n, c.level, c.level, 'none', v.origin,
		  '2026-12-05T03:2' || v.n || ':00Z', 'in_store', '2026-12-05T03:2' || v.n || ':00Z',
		  CASE v.origin WHEN 'copy' THEN c.id END, CASE v.origin WHEN 'extract' THEN c.id END,
		  c.department_id, c.custodian_id, c.place_id, (SELECT id FROM who WHERE k = 5)
		  FROM (VALUES (1, true, 1, 'copy'), (2, false, 1, 'copy'), (3, true, 2, 'extract'),
		   (4, true, 3, 'copy')) v(n, cl, k, origin)
		  JOIN pick p ON p.cl = v.cl AND p.k = v.k JOIN carrier c ON c.id = p.id ORDER BY v.n;
		INSERT INTO carrier_scope(carrier_id, person_id, department_id)
		  SELECT n.id, s.person_id, s.department_id FROM carrier n
		  JOIN carrier_scope s ON s.carrier_id = coalesce(n.copy_of, n.extract_of)
		  WHERE n.title LIKE '复制件%' ORDER BY n.id;
		WITH d AS (INSERT INTO dispatch(unit_id, channel, created_by, created_at, status)
		  VALUES ((SELECT min(id) FROM unit), 'courier', (SELECT id FROM who WHERE k = 5),
		  '2026-12-05T03:30:00Z', 'open') RETURNING id)
		INSERT INTO dispatch_item(dispatch_id, carrier_id, recipient)
		  SELECT d.id, p.id, '上级机关' FROM d, (VALUES (1, true, 4), (2, false, 4), (3, true, 5))
		  v(n, cl, k) JOIN pick p ON p.cl = v.cl AND p.k = v.k ORDER BY v.n;
		UPDATE dispatch_item SET signed_at = '2026-12-05T04:00:00Z', signed_by = '收件人'
		  WHERE ord = (SELECT min(ord) FROM dispatch_item
		  WHERE dispatch_id = (SELECT max(id) FROM dispatch));
		WITH d AS (INSERT INTO dispatch(unit_id, channel, created_by, created_at, status)
		  VALUES ((SELECT min(id) FROM unit), 'courier', (SELECT id FROM who WHERE k = 5),
		  '2026-12-05T03:40:00Z', 'open') RETURNING id)
		INSERT INTO dispatch_item(dispatch_id, carrier_id, recipient)
		  SELECT d.id, p.id, '下级单位' FROM d, (VALUES (1, false, 5), (2, true, 9)) v(n, cl, k)
		  JOIN pick p ON p.cl = v.cl AND p.k = v.k ORDER BY v.n;
		CREATE TEMP TABLE gone (n INT, cl BOOLEAN, k INT, at TEXT);
		INSERT INTO gone VALUES (1, true, 6, '2026-12-05T04:30:00Z'),
		  (1, true, 7, '2026-12-05T04:30:00Z'), (1, false, 6, '2026-12-05T04:30:00Z'),
		  (2, true, 8, '2026-12-05T04:40:00Z');
		DO $$DECLARE g record; r BIGINT; c BIGINT; BEGIN
		  FOR g IN SELECT DISTINCT n, at FROM gone ORDER BY n LOOP
		    INSERT INTO request(unit_id, kind, status, requester_id, level, reason, created_at,
		      updated_at, decided_at, executed_at)
		      VALUES ((SELECT min(id) FROM unit), 'destroy', 'executed',
		      (SELECT id FROM who WHERE k = 4), 3, '到期销毁', g.at, g.at, g.at, g.at)
		      RETURNING id INTO r;
		    INSERT INTO request_item(request_id, carrier_id)
		      SELECT r, p.id FROM gone x JOIN pick p ON p.cl = x.cl AND p.k = x.k WHERE x.n = g.n;
		    INSERT INTO destruction(request_id, executed_by, executed_at, place, method,
		      witness1_id, witness2_id) VALUES (r, (SELECT id FROM who WHERE k = 5), g.at,
		      '销毁中心', 'shred', (SELECT id FROM who WHERE k = 4), (SELECT id FROM who WHERE k = 6));
		    FOR c IN SELECT carrier_id FROM request_item WHERE request_id = r ORDER BY carrier_id LOOP
		      UPDATE carrier SET status = 'destroyed', updated_at = g.at WHERE id = c;
		    END LOOP;
		  END LOOP; END$$;
		COMMIT;
	SQL
}
check "… the other books' rows written as the use cases write them" more_books

# What the backfills make, read the same way on both databases (text order bytewise).
Q_SIGHT="SELECT carrier_id, term, ref, unit_id, level, status FROM carrier_sight ORDER BY 1, 2, 3"
Q_TALLY="SELECT unit_id, term, ref, level, status, n FROM carrier_sight_tally WHERE n <> 0
	ORDER BY unit_id, term, ref, level, status COLLATE \"C\""
Q_UNHANDLED="SELECT carrier_id, unhandled_since, urgent, live, unit_id, level FROM carrier_unhandled
	ORDER BY 1"
Q_UTALLY="SELECT urgent, unhandled_since, unit_id, level, n FROM carrier_unhandled_tally WHERE n <> 0
	ORDER BY urgent, unhandled_since COLLATE \"C\", unit_id, level"
Q_REGISTER="SELECT register, class, seq, ref_id, carrier_id FROM register_entry
	ORDER BY register COLLATE \"C\", class COLLATE \"C\", seq"
for q in SIGHT TALLY UNHANDLED UTALLY REGISTER; do
	v=Q_$q
	sql "${!v}" >"$WORK/ref.$q"
done
# The reference holds every kind of row the backfills make, so the comparisons below
# compare something: both SYS-2 terms, unhandled incoming carriers, and all six books.
check "the reference holds both SYS-2 keys (term 4: no scope, term 6: a department)" \
	test "$(sql "SELECT count(DISTINCT term) FROM carrier_sight")" = 2
check "… an unhandled incoming carrier (REG-2's alert)" test -s "$WORK/ref.UNHANDLED"
check "… counted in the REG-5 tally" test -s "$WORK/ref.UTALLY"
check "… numbers in the incoming, copy, borrow, take-out, dispatch and destroy books" \
	test "$(sql "SELECT count(DISTINCT register) FROM register_entry")" = 6
check "… in both classes" test "$(sql "SELECT count(DISTINCT class) FROM register_entry")" = 2
# A place for 秘密 the clerk registers into after the upgrade.
PLACE=$(sql "SELECT name FROM storage_place WHERE max_level >= 2 AND retired_on IS NULL ORDER BY id LIMIT 1")
DEPT=$(sql "SELECT name FROM department WHERE retired_on IS NULL ORDER BY id LIMIT 1")

# old_db NAME N: the database NAME at schema N (pg_schema_1..N.sql, their rows in
# schema_migrations), made for the role baomi as tests/pg/cluster.sh makes its own.
old_db() {
	local v
	super "CREATE DATABASE $1 OWNER postgres ENCODING 'UTF8' TEMPLATE template0" postgres &&
		super "REVOKE ALL ON DATABASE $1 FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE $1 TO baomi;
			REVOKE CREATE ON SCHEMA public FROM PUBLIC; CREATE SCHEMA baomi AUTHORIZATION baomi;
			ALTER ROLE baomi IN DATABASE $1 SET search_path = baomi;
			CREATE EXTENSION pg_trgm SCHEMA public" "$1" || return 1
	{
		echo 'BEGIN;'
		echo 'CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL);'
		for v in $(seq 1 "$2"); do
			cat "$src/pg_schema_$v.sql"
			echo
			echo "INSERT INTO schema_migrations VALUES ($v, '2026-11-01T00:00:00Z');"
		done
		echo 'COMMIT;'
	} | psql -X -q -v ON_ERROR_STOP=1 "postgresql://baomi@/$1?host=$pgdir" >/dev/null
}

# copy_unit NAME SKIP...: the reference unit's rows into NAME, every table and column NAME
# has but the tables SKIP (and register_entry's binding floor), no trigger firing.
copy_unit() {
	local db=$1 t cols order where script="$WORK/copy-$1.sql"
	shift
	{
		echo 'SET search_path = baomi;'
		echo 'SET session_replication_role = replica;'
		echo 'BEGIN;'
		for t in $(super "SELECT relname FROM pg_class WHERE relkind = 'r'
			AND relnamespace = 'baomi'::regnamespace AND relname <> 'schema_migrations'
			ORDER BY 1" "$db"); do
			case " $* " in *" $t "*) continue ;; esac
			cols=$(super "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
				FROM information_schema.columns WHERE table_schema = 'baomi' AND table_name = '$t'" "$db")
			where= order=
			[ "$t" = bind_floor ] && where="WHERE tbl <> 'register_entry'"
			if [ "$t" = dispatch_item ]; then
				order='ORDER BY ord'
			elif [ -n "$(super "SELECT 1 FROM information_schema.columns WHERE table_schema = 'baomi'
				AND table_name = '$t' AND column_name = 'id'")" ]; then
				order='ORDER BY id'
			fi
			super "\\copy (SELECT $cols FROM baomi.$t $where $order) TO '$WORK/rows.$db.$t'" || return 1
			echo "DELETE FROM $t;"
			echo "\\copy $t ($cols) FROM '$WORK/rows.$db.$t'"
		done
		cat <<-'SQL'
			DO $$DECLARE t record; m bigint; BEGIN
			  FOR t IN SELECT c.relname, a.attname FROM pg_attribute a
			   JOIN pg_class c ON c.oid = a.attrelid
			   WHERE c.relnamespace = 'baomi'::regnamespace AND c.relkind = 'r'
			   AND a.attidentity <> '' AND NOT a.attisdropped
			  LOOP
			  EXECUTE format('SELECT coalesce(max(%I), 0) FROM %I', t.attname, t.relname) INTO m;
			  PERFORM setval(pg_get_serial_sequence(quote_ident(t.relname), t.attname), m + 1, false);
			  END LOOP; END$$;
		SQL
		echo 'COMMIT;'
	} >"$script" &&
		psql -X -q -v ON_ERROR_STOP=1 "postgresql://postgres@/$db?host=$pgdir" -f "$script" >/dev/null
}

# upgraded NAME N SKIP...: NAME made at schema N with the unit, then opened by baomi (the
# auditor's audit list, as the owner role: the first command that migrates).
upgraded() {
	local db=$1 n=$2 u="postgresql://baomi@/$1?host=$pgdir"
	shift 2
	check "a database at schema $n (pg_schema_1..$n.sql by psql)" old_db "$db" "$n"
	check "… the unit's rows copied in as they stood, but what the later migrations make" \
		copy_unit "$db" "$@"
	check "… at schema $n, with the unit's carriers and none of the later migrations' rows" test \
		"$(psql -X -A -t "$u" -c "SELECT max(version) || ' ' || (SELECT count(*) > 10 FROM carrier)
		|| ' ' || (SELECT count(*) FROM register_entry) FROM schema_migrations")" = "$n true 0"
	cp "$CPS" "$WORK/$db.checkpoints"
	expect_rc "baomi opens it: migrations $((n + 1))..$latest run on the unit's rows" 0 \
		as auditor audit list --limit 1 --db "$u" --audit-key "$KEY" --checkpoints "$WORK/$db.checkpoints"
	check "… now at schema $latest" \
		test "$(psql -X -A -t "$u" -c 'SELECT max(version) FROM schema_migrations')" = "$latest"
	expect_rc "SYS-3: the chain verifies on the upgraded database" 0 \
		"$BAOMI" audit verify --db "$u" --audit-key "$KEY" --checkpoints "$WORK/$db.checkpoints"
	for q in SIGHT TALLY UNHANDLED UTALLY REGISTER; do
		v=Q_$q
		psql -X -A -t -q -v ON_ERROR_STOP=1 "$u" -c "${!v}" >"$WORK/$db.$q"
	done
}
# same NAME WHAT FILE: FILE of the upgraded database equals the reference's.
same() {
	if cmp -s "$WORK/ref.$3" "$WORK/$1.$3"; then
		_tap_line ok "$2"
	else
		_tap_line fail "$2"
		diff "$WORK/ref.$3" "$WORK/$1.$3" | head -20 | sed 's/^/#   /' >&2
	fi
}

# ---- from schema 4: migration 5's keys, 7's lists and 9's numbers on real rows ----------
upgraded at4 4 carrier_sight carrier_sight_tally carrier_unhandled register_entry
same at4 "SYS-2: migration 5's keys (carrier_sight) equal those the triggers made row by row" SIGHT
same at4 "SYS-2: … and their tally (carrier_sight_tally)" TALLY
same at4 "REG-2: migration 5's unhandled incoming carriers equal the reference's" UNHANDLED
same at4 "REG-5: migration 12's tally of them by urgency and day equals the reference's" UTALLY
same at4 "REG-1, REG-4: migration 9's register numbers equal those given as the unit was written" REGISTER
expect_rc "the upgraded unit keeps working: the clerk registers a carrier" 0 \
	as clerk carrier register --title 升级后登记 --level 秘密 --received 2026-12-05 \
	--sender 上级机关 --place "$PLACE" --scope "$DEPT" \
	--db "postgresql://baomi@/at4?host=$pgdir" --audit-key "$KEY" --checkpoints "$WORK/at4.checkpoints"
check "… numbered next in its book, with its department's SYS-2 key" test "$(psql -X -A -t \
	"postgresql://baomi@/at4?host=$pgdir" -c "SELECT e.seq || ' ' || (SELECT count(*) FROM
	register_entry WHERE register = 'incoming' AND class = 'classified') || ' ' || (SELECT
	string_agg(x.term::text, ',') FROM carrier_sight x WHERE x.carrier_id = c.id) FROM carrier c
	JOIN register_entry e ON e.carrier_id = c.id AND e.register = 'incoming'
	WHERE c.title = '升级后登记'")" = \
	"$(($(sql "SELECT count(*) FROM register_entry WHERE register = 'incoming' AND class = 'classified'") + 1)) $(($(sql "SELECT count(*) FROM register_entry WHERE register = 'incoming' AND class = 'classified'") + 1)) 6"

# ---- from schema 8: migration 9's numbers where 5's keys were kept already ---------------
upgraded at8 8 register_entry
same at8 "REG-1, REG-4: from schema 8, migration 9's register numbers equal the reference's" REGISTER
same at8 "REG-5: from schema 8, migration 12's urgency, day, liveness, unit and level of the unhandled carriers equal the reference's" UNHANDLED
same at8 "REG-5: … and their tally by urgency and day" UTALLY
same at8 "SYS-2: … the keys kept by migration 5's triggers are untouched" SIGHT
done_testing
