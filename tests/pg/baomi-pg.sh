#!/usr/bin/env bash
# tests/pg/baomi-pg.sh ARGS... — the `baomi` the CLI suites run in PostgreSQL mode
# (tests/cli/lib.sh, BAOMI_TEST_PG; issue 12 point 3). On SQLite a unit's audit key and
# checkpoint file default to DB.sm2key and DB.checkpoints beside the file (SYS-3,
# bm_audit_anchor_paths); a postgresql:// database has no "beside", so every command needs
# them given. When the command gives neither (--audit-key, --checkpoints, BAOMI_AUDIT_KEY,
# BAOMI_CHECKPOINTS) and its database (--db URL, --db=URL, else BAOMI_DB) is a
# postgresql:// one, this sets them to $BAOMI_PGKEYS/NAME.sm2key and NAME.checkpoints for
# the database NAME, so one unit keeps one key and one checkpoint file, as a file does;
# then it execs the real binary, BAOMI_REAL, with the arguments unchanged. (Except: `check`,
# `audit verify` and `audit verify-export` get no checkpoint file while it does not exist,
# since they refuse a missing one that is given, as they do not a missing default.)
#
#   BAOMI_REAL    the binary under test (required)
#   BAOMI_PGKEYS  the directory of the keys and checkpoint files (lib.sh: $WORK/pgkeys)
: "${BAOMI_REAL:?BAOMI_REAL must point at the baomi binary}"
db=${BAOMI_DB:-}
given=
[ -n "${BAOMI_AUDIT_KEY:-}" ] || [ -n "${BAOMI_CHECKPOINTS:-}" ] && given=1
prev=
for a in "$@"; do
	case $prev in --db) db=$a ;; esac
	case $a in
	--db=*) db=${a#--db=} ;;
	--audit-key | --audit-key=* | --checkpoints | --checkpoints=*) given=1 ;;
	esac
	prev=$a
done
if [ -z "$given" ] && [ -n "${BAOMI_PGKEYS:-}" ]; then
	case $db in
	postgres://* | postgresql://*)
		name=${db%%\?*}
		name=${name##*/}
		if [ -n "$name" ]; then
			mkdir -p "$BAOMI_PGKEYS"
			export BAOMI_AUDIT_KEY="$BAOMI_PGKEYS/$name.sm2key"
			export BAOMI_CHECKPOINTS="$BAOMI_PGKEYS/$name.checkpoints"
			# The verifying commands refuse a checkpoint file that is given and missing
			# (checkpoints_not_found) but not a default one beside a file, which a unit
			# has not before its first checkpoint (a demo copy): as there, none is given.
			case "$1 ${2:-}" in "check "* | "audit verify" | "audit verify-export")
				[ -e "$BAOMI_CHECKPOINTS" ] || unset BAOMI_CHECKPOINTS
				;;
			esac
		fi
		;;
	esac
fi
exec "$BAOMI_REAL" "$@"
