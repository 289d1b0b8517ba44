#!/usr/bin/env bash
# tests/checksrc.sh — source rules of CONVENTIONS.md that a grep can prove (curl's checksrc).
set -u
cd "$(dirname "$0")/.."
n=0
t() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

banned=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)\s*\(' src || true)
[ -z "$banned" ] && t ok "no banned C functions in src/" || { t fail "no banned C functions in src/"; echo "$banned" | sed 's/^/# /'; }

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

# Every C file is formatted by the project's .clang-format (CONVENTIONS.md).
if command -v clang-format >/dev/null 2>&1; then
	drift=$(for f in $(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' 'tools/*.[ch]' 2>/dev/null); do
		clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"
	done)
	[ -z "$drift" ] && t ok "every C file matches .clang-format" || { t fail "every C file matches .clang-format (run: clang-format -i FILE)"; echo "$drift" | sed 's/^/# /'; }
else
	t fail "clang-format is installed (scripts/deps.sh)"
fi

echo "1..$n"
