#!/usr/bin/env bash
# tests/checksrc.sh — source rules of CONVENTIONS.md that a grep can prove (curl's checksrc).
set -u
cd "$(dirname "$0")/.."
n=0
t() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

banned=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)\s*\(' src || true)
[ -z "$banned" ] && t ok "no banned C functions in src/" || { t fail "no banned C functions in src/"; echo "$banned" | sed 's/^/# /'; }

# Error codes are checked one by one: OR-ing BM_E* codes (negative) yields another code.
acc=$(grep -rnE '\brc\s*\|=' src || true)
[ -z "$acc" ] && t ok "no 'rc |=' accumulation of error codes in src/" || { t fail "no 'rc |=' accumulation of error codes in src/"; echo "$acc" | sed 's/^/# /'; }

# Every zh/en message pair written in src/: English without CJK, Chinese not empty.
msg=$(python3 tests/check_messages.py src 2>&1)
[ $? -eq 0 ] && t ok "zh/en messages in src/ are bilingual" || t fail "zh/en messages in src/ are bilingual"
echo "$msg" | sed 's/^/# /'
# ... and the check fails on a pair that is not.
tmp=$(mktemp -d)
printf '%s\n' 'int f(void) { return bm_error_set(1, "c", NULL, "未知 %s", "unknown 密级 %s", "x"); }' >"$tmp/a.c"
printf '%s\n' 'void g(bm_decision *d) { ZH(d, ""); EN(d, "fine"); }' >"$tmp/b.c"
bad=$(python3 tests/check_messages.py "$tmp" 2>&1)
[ $? -eq 1 ] && echo "$bad" | grep -q 'a.c:1: bm_error_set: the English' && echo "$bad" | grep -q 'b.c:1: ZH: the Chinese message is empty' &&
	t ok "check_messages.py fails on Chinese in English and on an empty Chinese text" ||
	{ t fail "check_messages.py fails on Chinese in English and on an empty Chinese text"; echo "$bad" | sed 's/^/# /'; }
rm -rf "$tmp"

# Every audit action the sources write is in the one catalogue of audit words
# (issue 14 point 12): the audit screen, its export and the CLI name it in words.
aw=$(python3 tests/check_audit_words.py 2>&1)
[ $? -eq 0 ] && t ok "every audit action and object type is in src/model/audit_words.c (tests/check_audit_words.py)" || { t fail "every audit action and object type is in src/model/audit_words.c (tests/check_audit_words.py)"; echo "$aw" | sed 's/^/# /'; }

# One term for one thing on every screen, print and export (issue 14 point 8):
# no glossary variant (丢失, 形态, 来文单位, 缓急, 急件, 「」 …) in a Chinese string.
gl=$(python3 tests/check_glossary.py 2>&1)
[ $? -eq 0 ] && t ok "zh strings use the glossary's terms (tests/check_glossary.py)" || { t fail "zh strings use the glossary's terms (tests/check_glossary.py)"; echo "$gl" | sed 's/^/# /'; }
# ... and the check fails on a variant in the dictionary, a view or a C message.
tmp=$(mktemp -d)
mkdir -p "$tmp/web/static/i18n" "$tmp/web/static/views" "$tmp/src/service"
printf '{\n "a.b": "载体丢失",\n "a.c": "形态"\n}\n' >"$tmp/web/static/i18n/zh-CN.json"
printf '%s\n' "const x = t('a') + '来文单位';" >"$tmp/web/static/views/v.js"
printf '%s\n' 'static const char *h[] = {"缓急", "特急", "急件", "「标题」"};' >"$tmp/src/service/s.c"
bad=$(python3 tests/check_glossary.py "$tmp" 2>&1)
[ $? -eq 1 ] && [ "$(echo "$bad" | wc -l)" -eq 6 ] && echo "$bad" | grep -q 'zh-CN.json:2: "丢失"' &&
	echo "$bad" | grep -q 'v.js:1: "来文单位"' && echo "$bad" | grep -q 's.c:1: "急件"' && ! echo "$bad" | grep -q '"特急"' &&
	t ok "check_glossary.py fails on each variant and lets 特急 through" ||
	{ t fail "check_glossary.py fails on each variant and lets 特急 through"; echo "$bad" | sed 's/^/# /'; }
rm -rf "$tmp"

first=$(for f in $(find src -name '*.c'); do
	l=$(grep -m1 -E '^#include' "$f")
	[ "$l" = '#include "common.h"' ] || echo "$f: $l"
done)
[ -z "$first" ] && t ok "every .c includes common.h first" || { t fail "every .c includes common.h first"; echo "$first" | sed 's/^/# /'; }

sql=$(grep -rlE '\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b' src --include='*.c' | grep -v '^src/store/' || true)
[ -z "$sql" ] && t ok "no SQL above the store" || { t fail "no SQL above the store"; echo "$sql" | sed 's/^/# /'; }

eng=$(grep -rlE 'sqlite3|libpq|PGconn' src --include='*.[ch]' | grep -v '^src/store/' || true)
[ -z "$eng" ] && t ok "no database engine types above the store" || { t fail "no database engine types above the store"; echo "$eng" | sed 's/^/# /'; }

ext=$(grep -rnoE "(src|href)=[\"']https?://|url\(['\"]?https?://" web 2>/dev/null | grep -vE '127\.0\.0\.1|localhost' || true)
[ -z "$ext" ] && t ok "no external URLs in web/" || { t fail "no external URLs in web/"; echo "$ext" | sed 's/^/# /'; }

# The build's layer check (tools/layers.py, docs/ARCHITECTURE.md) refuses a
# forbidden include with a message naming file, header and layers, and lets
# an allowed one, an own-layer one and a listed exception through.
lt=$(mktemp -d)
mkdir -p "$lt/src/util" "$lt/src/store" "$lt/src/policy" "$lt/src/model"
printf '#include "common.h"\n#include "model/vocab.h"\n#include "store/store.h"\n' >"$lt/src/store/ok.c"
: >"$lt/src/policy/rules.h"; : >"$lt/src/model/vocab.h"
out=$(python3 tools/layers.py --src "$lt/src" --layer store --uses util,model 2>&1); rc=$?
[ $rc -eq 0 ] && t ok "layers.py passes a layer using only what it declares" || { t fail "layers.py passes a layer using only what it declares"; echo "$out" | sed 's/^/# /'; }
printf '#include "common.h"\n\n#include "policy/rules.h"\n' >"$lt/src/store/x.c"
out=$(python3 tools/layers.py --src "$lt/src" --layer store --uses util,model --stamp "$lt/stamp" 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -qF 'src/store/x.c:3: includes "policy/rules.h": store may not use policy' && [ ! -e "$lt/stamp" ]; then
	t ok "layers.py fails the build on a store file including policy/rules.h"
else
	t fail "layers.py fails the build on a store file including policy/rules.h"; echo "rc=$rc $out" | sed 's/^/# /'
fi
out=$(python3 tools/layers.py --src "$lt/src" --layer store --uses util,model --except store/x.c=policy 2>&1); rc=$?
[ $rc -eq 0 ] && t ok "layers.py honours a per-file exception" || { t fail "layers.py honours a per-file exception"; echo "$out" | sed 's/^/# /'; }
rm -rf "$lt"

# The layer check follows includes through headers: a front end whose
# service header reaches a store header fails, the chain named; a service
# header that brings only the model passes; --via lets one header bring a
# listed layer and no other.
lt=$(mktemp -d)
mkdir -p "$lt/src/util" "$lt/src/model" "$lt/src/store" "$lt/src/service" "$lt/src/http"
: >"$lt/src/model/data.h"
printf '#include "model/data.h"\n' >"$lt/src/store/store.h"
printf '#include "common.h"\n#include "model/data.h"\n' >"$lt/src/service/service.h"
printf '#include "common.h"\n\n#include "service/service.h"\n' >"$lt/src/http/h.c"
out=$(python3 tools/layers.py --src "$lt/src" --layer http --uses util,model,service 2>&1); rc=$?
[ $rc -eq 0 ] && t ok "layers.py passes a front end whose service header brings only the model" || { t fail "layers.py passes a front end whose service header brings only the model"; echo "$out" | sed 's/^/# /'; }
printf '#include "service/service_types.h"\n' >"$lt/src/service/service.h"
printf '#include "store/store.h"\n' >"$lt/src/service/service_types.h"
out=$(python3 tools/layers.py --src "$lt/src" --layer http --uses util,model,service --stamp "$lt/stamp" 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -qF 'src/http/h.c:3: includes "service/service.h" -> "service/service_types.h" -> "store/store.h": http may not use store, not even through another header' && [ ! -e "$lt/stamp" ]; then
	t ok "layers.py fails the build on a front end reaching store/store.h through service headers"
else
	t fail "layers.py fails the build on a front end reaching store/store.h through service headers"; echo "rc=$rc $out" | sed 's/^/# /'
fi
out=$(python3 tools/layers.py --src "$lt/src" --layer http --uses util,model,service --via service/service_types.h=store 2>&1); rc=$?
[ $rc -eq 0 ] && t ok "layers.py honours a header's --via exception" || { t fail "layers.py honours a header's --via exception"; echo "$out" | sed 's/^/# /'; }
out=$(python3 tools/layers.py --src "$lt/src" --layer http --uses util,model,service --via service/service_types.h=policy 2>&1); rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -qF 'http may not use store' && t ok "layers.py --via lets a header bring only the layers listed" || { t fail "layers.py --via lets a header bring only the layers listed"; echo "rc=$rc $out" | sed 's/^/# /'; }
rm -rf "$lt"

# The build's cycle check (layers.py --acyclic) refuses two files of one
# library that call each other, naming the cycle and the functions.
lt=$(mktemp -d)
printf 'int b_fn(void);\nint a_fn(void) { return b_fn(); }\nint a_leaf(void) { return 1; }\n' >"$lt/a.c"
printf 'int a_leaf(void);\nint b_fn(void) { return a_leaf(); }\n' >"$lt/b.c"
printf 'int a_fn(void);\nint c_fn(void) { return a_fn(); }\n' >"$lt/c.c"
if cc -c -o "$lt/a.c.o" "$lt/a.c" && cc -c -o "$lt/b.c.o" "$lt/b.c" && cc -c -o "$lt/c.c.o" "$lt/c.c"; then
	ar rc "$lt/libone.a" "$lt/b.c.o" "$lt/c.c.o" 2>/dev/null
	out=$(python3 tools/layers.py --acyclic "$lt/libone.a" 2>&1); rc=$?
	[ $rc -eq 0 ] && t ok "layers.py --acyclic passes a library without a cycle" || { t fail "layers.py --acyclic passes a library without a cycle"; echo "$out" | sed 's/^/# /'; }
	ar rc "$lt/libtwo.a" "$lt/a.c.o" "$lt/b.c.o" "$lt/c.c.o" 2>/dev/null
	out=$(python3 tools/layers.py --acyclic "$lt/libtwo.a" 2>&1); rc=$?
	if [ $rc -ne 0 ] && echo "$out" | grep -qF 'a.c -> b.c -> a.c' && echo "$out" | grep -qF 'b.c -> a.c: a_leaf'; then
		t ok "layers.py --acyclic fails on two files calling each other"
	else
		t fail "layers.py --acyclic fails on two files calling each other"; echo "rc=$rc $out" | sed 's/^/# /'
	fi
	out=$(python3 tools/layers.py --acyclic "$lt/libone.a" --prefix bm_ 2>&1); rc=$?
	if [ $rc -ne 0 ] && echo "$out" | grep -qF 'b.c: b_fn is neither static nor bm_-prefixed'; then
		t ok "layers.py --prefix fails on a shared symbol without the prefix"
	else
		t fail "layers.py --prefix fails on a shared symbol without the prefix"; echo "rc=$rc $out" | sed 's/^/# /'
	fi
	# --no-calls: a front end's library that calls a function of a library
	# it may not use fails, naming the file and the function.
	printf 'int bm_store_x(void);\nint bm_fe(void) { return bm_store_x(); }\n' >"$lt/fe.c"
	printf 'int bm_store_x(void) { return 1; }\n' >"$lt/st.c"
	printf 'int bm_fe_ok(void) { return 2; }\n' >"$lt/ok.c"
	cc -c -o "$lt/fe.c.o" "$lt/fe.c" && cc -c -o "$lt/st.c.o" "$lt/st.c" && cc -c -o "$lt/ok.c.o" "$lt/ok.c"
	ar rc "$lt/libfe.a" "$lt/fe.c.o" 2>/dev/null
	ar rc "$lt/libok.a" "$lt/ok.c.o" 2>/dev/null
	ar rc "$lt/libst.a" "$lt/st.c.o" 2>/dev/null
	out=$(python3 tools/layers.py --no-calls "$lt/libok.a" --into "$lt/libst.a" 2>&1); rc=$?
	[ $rc -eq 0 ] && t ok "layers.py --no-calls passes a library calling nothing forbidden" || { t fail "layers.py --no-calls passes a library calling nothing forbidden"; echo "$out" | sed 's/^/# /'; }
	out=$(python3 tools/layers.py --no-calls "$lt/libfe.a" --into "$lt/libst.a" 2>&1); rc=$?
	if [ $rc -ne 0 ] && echo "$out" | grep -qF 'libfe.a: fe.c: bm_store_x (libst.a)'; then
		t ok "layers.py --no-calls fails on a call into a library not to be used"
	else
		t fail "layers.py --no-calls fails on a call into a library not to be used"; echo "rc=$rc $out" | sed 's/^/# /'
	fi
else
	t fail "cc compiles the cycle check's fixture"
fi
rm -rf "$lt"

# The store table's version follows its shape (tools/store_abi.py): src/store/ABI
# records BM_STORE_ABI and a fingerprint of struct bm_store_ops. On a fake tree:
# a comment or a line break leaves the fingerprint alone, a new operation without
# a new version fails saying what to do, and --update raises the version.
lt=$(mktemp -d)
mkdir -p "$lt/src/store"
printf '#define BM_STORE_ABI 3\nstruct bm_store_ops {\n\tint abi_version;\n\tvoid (*close)(bm_store *s);\n};\n' >"$lt/src/store/store.h"
python3 tools/store_abi.py --src "$lt/src" --update >/dev/null 2>&1
out=$(python3 tools/store_abi.py --src "$lt/src" 2>&1); rc=$?
grep -q '^abi = 3$' "$lt/src/store/ABI" && [ $rc -eq 0 ] && t ok "store_abi.py records the table and passes it" || { t fail "store_abi.py records the table and passes it"; echo "rc=$rc $out" | sed 's/^/# /'; }
printf '#define BM_STORE_ABI 3\n/* the table */\nstruct bm_store_ops { int abi_version; /* first */\n\tvoid (*close)(\n\t\tbm_store *s);\n};\n' >"$lt/src/store/store.h"
out=$(python3 tools/store_abi.py --src "$lt/src" 2>&1); rc=$?
[ $rc -eq 0 ] && t ok "store_abi.py ignores comments and white space in the table" || { t fail "store_abi.py ignores comments and white space in the table"; echo "rc=$rc $out" | sed 's/^/# /'; }
printf '#define BM_STORE_ABI 3\nstruct bm_store_ops {\n\tint abi_version;\n\tvoid (*close)(bm_store *s);\n\tint (*begin)(bm_store *s);\n};\n' >"$lt/src/store/store.h"
out=$(python3 tools/store_abi.py --src "$lt/src" 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -qF 'BM_STORE_ABI is still 3' && echo "$out" | grep -qF 'raise BM_STORE_ABI to 4' && echo "$out" | grep -qF 'tools/store_abi.py --update'; then
	t ok "store_abi.py fails on a changed table whose BM_STORE_ABI was not raised"
else
	t fail "store_abi.py fails on a changed table whose BM_STORE_ABI was not raised"; echo "rc=$rc $out" | sed 's/^/# /'
fi
python3 tools/store_abi.py --src "$lt/src" --update >/dev/null 2>&1
out=$(python3 tools/store_abi.py --src "$lt/src" 2>&1); rc=$?
grep -q '^#define BM_STORE_ABI 4$' "$lt/src/store/store.h" && grep -q '^abi = 4$' "$lt/src/store/ABI" && [ $rc -eq 0 ] && t ok "store_abi.py --update raises BM_STORE_ABI and records the new table" || { t fail "store_abi.py --update raises BM_STORE_ABI and records the new table"; echo "rc=$rc $out" | sed 's/^/# /'; }
rm -rf "$lt"
out=$(python3 tools/store_abi.py 2>&1) && t ok "src/store/ABI records this tree's store table and BM_STORE_ABI" || { t fail "src/store/ABI records this tree's store table and BM_STORE_ABI"; echo "$out" | sed 's/^/# /'; }

# The real tree, with the layers each src/X/meson.build declares.
real=$(for m in src/*/meson.build; do
	l=$(basename "$(dirname "$m")")
	uses=$(sed -n "s/^${l}_uses = \[\(.*\)\]/\1/p" "$m" | tr -d "' ")
	exc=$(sed -n "s/.*'--except', '\([^']*\)'.*/--except \1/p" "$m" | tr '\n' ' ')
	via=$(sed -n "s/.*'--via', '\([^']*\)'.*/--via \1/p" "$m" | tr '\n' ' ')
	python3 tools/layers.py --src src --layer "$l" --uses "$uses" $exc $via 2>&1
done)
[ -z "$real" ] && t ok "every layer in src/ includes only the layers its meson.build declares" || { t fail "every layer in src/ includes only the layers its meson.build declares"; echo "$real" | sed 's/^/# /'; }

# Every C file is formatted by the project's .clang-format (CONVENTIONS.md). One clang-format
# for many files (xargs), not one a file: 443 start-ups were ~45 s of make check's checksrc
# job. Each violation is reported as FILE:LINE:COL: error; any other failure shows as it is.
if command -v clang-format >/dev/null 2>&1; then
	cf=$(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' 'tools/*.[ch]' 2>/dev/null |
		xargs clang-format --dry-run -Werror 2>&1 >/dev/null)
	cf_rc=$?
	drift=$(printf '%s\n' "$cf" | grep -oE '^[^:]+\.[ch]:[0-9]+:[0-9]+: error' | cut -d: -f1 | sort -u)
	[ "$cf_rc" -eq 0 ] && [ -z "$drift" ] && t ok "every C file matches .clang-format" || { t fail "every C file matches .clang-format (run: clang-format -i FILE)"; echo "${drift:-$cf}" | sed 's/^/# /'; }
else
	t fail "clang-format is installed (scripts/deps.sh)"
fi

# Issue 16 point 1: every refusal with a rule ID comes from a pure function in src/policy,
# so no C file outside src/policy holds a rule ID as a string literal (comments do not count;
# tests/check_rule_literals.py). The exceptions, each with its reason:
#  - src/audit/: the audit layer may not use the policy (the build's layer check), and its
#    SYS-3 refusals (crypto unavailable, chain broken, unexportable) are integrity faults of
#    SYS-3's own mechanism, reported where they are found, not decisions over facts.
rule_exceptions='^src/audit/'
rules=$(find src -name '*.[ch]' -not -path 'src/policy/*' | sort | grep -vE "$rule_exceptions" | xargs python3 tests/check_rule_literals.py)
[ -z "$rules" ] && t ok "no rule ID literal outside src/policy (issue 16)" || { t fail "no rule ID literal outside src/policy (issue 16)"; echo "$rules" | sed 's/^/# /'; }
# ... and the check finds a literal, but not one in a comment or inside a longer string.
rt=$(mktemp -d)
printf '/* "SEND-2" */\n// "SEND-2"\nstatic const char *a = "SEND-2 x", b = %s;\n' "'S'" >"$rt/c.c"
printf 'int f(void) { return g("KEEP-5"); }\n' >"$rt/d.c"
out=$(python3 tests/check_rule_literals.py "$rt/c.c"); rc1=$?
out2=$(python3 tests/check_rule_literals.py "$rt/d.c"); rc2=$?
rm -rf "$rt"
[ $rc1 -eq 0 ] && [ -z "$out" ] && [ $rc2 -eq 1 ] && echo "$out2" | grep -q 'd.c:1: "KEEP-5"' &&
	t ok "check_rule_literals.py finds a rule literal and skips comments" ||
	{ t fail "check_rule_literals.py finds a rule literal and skips comments"; echo "$out $out2" | sed 's/^/# /'; }

# Each schema migration defined once and listed once in order, PostgreSQL's numbered without a
# gap (tests/check_migrations.py): a merge twice left two migration_45 arrays in the tree.
mg=$(python3 tests/check_migrations.py 2>&1)
[ $? -eq 0 ] && t ok "each migration defined once, listed 1..N in order; pg_schema_N.sql without gaps (tests/check_migrations.py)" || { t fail "each migration defined once, listed 1..N in order; pg_schema_N.sql without gaps (tests/check_migrations.py)"; echo "$mg" | sed 's/^/# /'; }

# The PostgreSQL back end's SQL stays within PostgreSQL 12 and pg_trgm (issue 12 point 1;
# docs/ARCHITECTURE.md § PostgreSQL): no feature of tests/check_pg12.py's list of later ones.
p12=$(python3 tests/check_pg12.py 2>&1)
[ $? -eq 0 ] && t ok "the PostgreSQL back end's SQL uses nothing newer than PostgreSQL 12 (tests/check_pg12.py)" || { t fail "the PostgreSQL back end's SQL uses nothing newer than PostgreSQL 12 (tests/check_pg12.py)"; echo "$p12" | sed 's/^/# /'; }
# ... and the check finds each such feature in the statements, migrations and psql script,
# across adjacent C literals, but not in a comment, a message naming pg_trgm or ARRAY['x'].
tmp=$(mktemp -d)
mkdir -p "$tmp/src/store" "$tmp/dist"
cat >"$tmp/src/store/pg_x.c" <<'C'
/* MERGE INTO in a comment is no SQL */
static const char *a = "MERGE "
                       "INTO t USING s ON t.id = s.id WHEN MATCHED THEN DO NOTHING";
static const char *b = "SELECT (detail::jsonb)['level'], ARRAY['one'] FROM x"; // string_to_table(
static const char *d = "an administrator runs CREATE EXTENSION pg_trgm";
static char *argv[] = {"pg_dump", "--no-table-access-method", NULL};
static const char *e = "SELECT regexp_count(title, 'a') FROM carrier";
C
cat >"$tmp/src/store/pg_schema_1.sql" <<'SQL'
-- NULLS NOT DISTINCT in a comment
CREATE TABLE t (a TEXT, UNIQUE NULLS NOT DISTINCT (a));
CREATE OR REPLACE TRIGGER t_x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
SELECT '-- not a comment', gen_random_uuid();
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN -- MERGE INTO t in a comment of the body
  RETURN NEW;
END $$;
SQL
printf '%s\n' '-- CREATE EXTENSION pgcrypto; in a comment' 'CREATE EXTENSION IF NOT EXISTS pgcrypto;' '\warn careful' >"$tmp/dist/pg-roles.sql"
bad=$(python3 tests/check_pg12.py "$tmp" 2>&1)
rc=$?
want='src/store/pg_x.c:2: PostgreSQL 15: MERGE
src/store/pg_x.c:4: PostgreSQL 14: jsonb subscripting
src/store/pg_x.c:6: PostgreSQL 15: pg_dump / pg_restore --no-table-access-method
src/store/pg_x.c:7: PostgreSQL 15: regexp_count
src/store/pg_schema_1.sql:2: PostgreSQL 15: UNIQUE NULLS [NOT] DISTINCT
src/store/pg_schema_1.sql:3: PostgreSQL 14: CREATE OR REPLACE TRIGGER
src/store/pg_schema_1.sql:4: PostgreSQL 13: gen_random_uuid() in core
dist/pg-roles.sql:2: not PostgreSQL 12 alone: an extension other than pg_trgm
dist/pg-roles.sql:3: PostgreSQL 13: psql \warn'
missing=$(while IFS= read -r w; do echo "$bad" | grep -qF -- "$w" || echo "$w"; done <<<"$want")
if [ $rc -eq 1 ] && [ "$(echo "$bad" | wc -l)" -eq 9 ] && [ -z "$missing" ]; then
	t ok "check_pg12.py flags each later feature of a sample, and nothing in its comments"
else
	t fail "check_pg12.py flags each later feature of a sample, and nothing in its comments"
	echo "rc=$rc $bad" "missing: $missing" | sed 's/^/# /'
fi
rm -rf "$tmp"
# ... and every row of its table flags its own line of tests/check_pg12_sample.sql and no other
# (the sample that the table's rows are checked by), so that a copy of the check with a row
# taken out (GROUP BY DISTINCT's) fails on the sample.
out=$(python3 tests/check_pg12.py --sample tests/check_pg12_sample.sql 2>&1)
rc=$?
tmp=$(mktemp -d)
sed '/^14 *GROUP BY DISTINCT$/,+1d' tests/check_pg12.py >"$tmp/check_pg12.py"
out2=$(python3 "$tmp/check_pg12.py" --sample tests/check_pg12_sample.sql 2>&1)
rc2=$?
rm -rf "$tmp"
if [ $rc -eq 0 ] && [ $rc2 -eq 1 ] && [ "$(echo "$out2" | grep -c 'GROUP BY DISTINCT')" -eq 1 ]; then
	t ok "check_pg12.py's table flags each line of its sample as the line says, and a row less fails"
else
	t fail "check_pg12.py's table flags each line of its sample as the line says, and a row less fails"
	echo "rc=$rc $out; without a row: rc=$rc2 $out2" | sed 's/^/# /'
fi
# ... and the check fails on a copy with a migration defined twice, one listed out of order and a
# PostgreSQL number skipped.
tmp=$(mktemp -d)
mkdir -p "$tmp/src/store"
cp src/store/sqlite_schema*.h src/store/pg_schema_*.sql "$tmp/src/store/"
printf '%s\n' 'static const char *const migration_3[] = { NULL };' >>"$tmp/src/store/sqlite_schema_search.h"
bad1=$(python3 tests/check_migrations.py "$tmp" 2>&1); rc1=$?
sed -i 's/migration_1, *migration_2,/migration_2, migration_1,/' "$tmp/src/store/sqlite_schema.h"
mv "$tmp/src/store/pg_schema_2.sql" "$tmp/src/store/pg_schema_9.sql"
bad2=$(python3 tests/check_migrations.py "$tmp" 2>&1); rc2=$?
rm -rf "$tmp"
[ $rc1 -eq 1 ] && echo "$bad1" | grep -q '^migration_3 defined 2 times: .*sqlite_schema_search.h' &&
	[ $rc2 -eq 1 ] && echo "$bad2" | grep -q 'names migration_2 at position 1, not migration_1' &&
	echo "$bad2" | grep -q 'pg_schema_2.sql' &&
	t ok "check_migrations.py fails on a migration defined twice, a list out of order, a PostgreSQL gap" ||
	{ t fail "check_migrations.py fails on a migration defined twice, a list out of order, a PostgreSQL gap"; echo "$bad1 $bad2" | sed 's/^/# /'; }

# No function in src/ over 80 lines (CONVENTIONS.md, issue 16): a longer one states why in a
# comment line "long: REASON" inside its first lines. Functions open and close at column 0.
long=$(for f in $(find src -name '*.c'); do
	awk -v F="$f" '/^[a-zA-Z].*\(/ { sig = $0 } /^\{/ { start = NR; name = sig; why = 0 }
		start && NR - start < 4 && /long: / { why = 1 }
		/^\}/ { if (start && NR - start > 80 && !why) printf "%s:%d %d lines: %s\n", F, start, NR - start, name; start = 0 }' "$f"
done)
[ -z "$long" ] && t ok "no function in src/ over 80 lines without a reason" || { t fail "no function in src/ over 80 lines without a reason"; echo "$long" | sed 's/^/# /'; }

# docs/openapi.yaml is YAML a client's tooling can load (Debian's python3-yaml, so the
# Debian interpreter, not the one first on PATH): a plain scalar holding ": " is not.
yc() { /usr/bin/python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); sys.exit(0 if d.get("openapi") and d.get("paths") else 1)' "$1" 2>&1; }
yt=$(mktemp -d)
printf 'openapi: 3.0.3\npaths:\n  /x:\n    get:\n      summary: a (RULE-1: why)\n' >"$yt/bad.yaml"
if out=$(yc docs/openapi.yaml) && ! yc "$yt/bad.yaml" >/dev/null; then
	t ok "docs/openapi.yaml loads as YAML (and a plain scalar with ': ' does not)"
else
	t fail "docs/openapi.yaml loads as YAML (and a plain scalar with ': ' does not)"
	echo "$out" | tail -3 | sed 's/^/# /'
fi
rm -rf "$yt"

echo "1..$n"
