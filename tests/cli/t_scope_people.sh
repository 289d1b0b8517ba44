# tests/cli/t_scope_people.sh — issue 13, points 5 to 8, through the real binary:
# the side doors around the knowledge scope (CIRC-1: moves, volumes), levels set
# only by a classification authority (LEVEL-4: volumes), people changes that would
# strand carriers (PERSON-1) and DEV-4's electronic media. Each violation is tried,
# found refused with its rule, and the ledger left unchanged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

# A fixed clock: Monday 2 March 2026, 10:00 in the unit (UTC+8).
export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
# add_leader (fixture.sh): the leader's account by the two-administrator flow.
check "fixture: a supervising leader" add_leader

reg() { as clerk carrier register "$@" >/dev/null; }
cid() { query "$DB" "SELECT id FROM carrier WHERE title='$1'"; }
q() { query "$DB" "$1"; }
jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
pid() { q "SELECT id FROM person WHERE username='$1'"; }

# refused NAME EXIT CODE RULE CMD...: refused with exit, code, rule, both languages;
# no carrier, no history line, no scope entry written.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 before after
	shift 4
	before="$(carrier_count):$(q 'SELECT count(*) FROM carrier_event'):$(q 'SELECT count(*) FROM carrier_scope')"
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	expect_err "$name: names rule $rule" "\\[$rule\\]"
	expect_err "$name: says why in Chinese" '错误'
	after="$(carrier_count):$(q 'SELECT count(*) FROM carrier_event'):$(q 'SELECT count(*) FROM carrier_scope')"
	check "$name: nothing written" test "$after" = "$before"
}

# --- CIRC-1: a move to a custodian outside the scope (issue 13.5) --------------------
reg --title 办公室秘密件 --level 秘密 --place 保密室 --scope 办公室
M=$(cid 办公室秘密件)
refused "CIRC-1 no move to a custodian outside the scope" 5 custodian_outside_scope CIRC-1 \
	as clerk carrier move "$M" --custodian finance --keep-reason 核对 --keep-approver leader \
	--keep-until 2026-12-31
check "CIRC-1: the custodian is still the clerk" test "$(q "SELECT custodian_id FROM carrier WHERE id=$M")" = "$(pid clerk)"
expect_rc "CIRC-1: staff ask to widen the scope to 赵会计" 0 \
	as staff request new widen_scope --carrier "$M" --reason 核对账目 --param add=person:finance --json
R_WID=$(jid)
check "CIRC-1: the leader approves the widening" as leader approve "$R_WID" --comment 同意
check "CIRC-1: the clerk widens the scope" as clerk execute widen-scope "$R_WID"
check "CIRC-1: the scope record names 赵会计" \
	test "$(q "SELECT count(*) FROM carrier_scope WHERE carrier_id=$M AND person_id=$(pid finance)")" = 1
expect_rc "CIRC-1: after the approved widening the move is accepted" 0 \
	as clerk carrier move "$M" --custodian finance --keep-reason 核对 --keep-approver leader \
	--keep-until 2026-12-31
check "CIRC-1: 赵会计 keeps it now" test "$(q "SELECT custodian_id FROM carrier WHERE id=$M")" = "$(pid finance)"
expect_rc "CIRC-1: back to the clerk, who keeps the ledger" 0 as clerk carrier move "$M" --custodian clerk

# --- CIRC-1: a volume's scope is the intersection of its parts' (issue 13.5) ---------
reg --title 卷件甲 --level 秘密 --place 保密室 --scope 办公室,赵会计
reg --title 卷件乙 --level 秘密 --place 保密室 --scope 办公室
reg --title 卷件丙 --level 秘密 --place 保密室 --scope 财务科
P1=$(cid 卷件甲) P2=$(cid 卷件乙) P3=$(cid 卷件丙)
refused "CIRC-1 a volume's scope is not wider than a part's" 5 volume_scope_wider CIRC-1 \
	as clerk volume create --title 宽范围案卷 --level 秘密 --scope 办公室,赵会计 "$P1" "$P2"
refused "CIRC-1 parts with nobody in common form no volume" 5 no_common_scope CIRC-1 \
	as clerk volume create --title 无交集案卷 --level 秘密 "$P2" "$P3"
# LEVEL-4 (issue 13.6): the clerk cannot set a volume above its parts.
refused "LEVEL-4 the clerk does not raise a volume over 秘密 parts to 绝密" 5 level_set_by_authority LEVEL-4 \
	as clerk volume create --title 绝密案卷 --level 绝密 --place 一号保密柜 "$P1" "$P2"
expect_rc "CIRC-1: a volume under the scope its parts share" 0 \
	as clerk volume create --title 交集案卷 --level 秘密 "$P1" "$P2" --json
VOL=$(jid)
check "CIRC-1: the volume's scope is 办公室 only (赵会计 is barred from 卷件乙)" \
	test "$(q "SELECT $(sql_concat "coalesce(CAST(person_id AS TEXT), 'p') || '/' || coalesce(CAST(department_id AS TEXT), 'd')" "person_id, department_id") FROM carrier_scope WHERE carrier_id=$VOL")" = "p/$(q "SELECT id FROM department WHERE name='办公室'")"
refused "CIRC-1 a part whose scope does not hold the volume's is not added" 5 volume_scope_wider CIRC-1 \
	as clerk volume add "$VOL" "$P3"
check "CIRC-1: 卷件丙 is in no volume" test -z "$(q "SELECT volume_id FROM carrier WHERE id=$P3")"
expect_rc "CIRC-1: 赵会计 cannot be circulated the volume" 5 \
	holder_as finance clerk desk circulate "$VOL" --reader finance
expect_err "CIRC-1: the circulation names CIRC-1" '\[CIRC-1\]'

# --- PERSON-1: a class is not lowered below what the person keeps (issue 13.7) --------
reg --title 会计保管机密件 --level 机密 --place 一号保密柜 --scope 财务科 --custodian finance \
	--keep-reason 年度审计 --keep-approver leader --keep-until 2030-12-31
K=$(cid 会计保管机密件)
expect_rc "PERSON-1 lowering 赵会计 to general while keeping a 机密 carrier: exit 6" 6 \
	as secadmin org grant finance --class general
expect_err "PERSON-1: names 'class_below_held'" class_below_held
expect_err "PERSON-1: names the rule" '\[PERSON-1\]'
expect_err "PERSON-1: says how many carriers" '1 件'
check "PERSON-1: the class is unchanged" test "$(q "SELECT person_class FROM person WHERE username='finance'")" = "$(q "SELECT person_class FROM person WHERE username='clerk'")" -o \
	"$(q "SELECT person_class FROM person WHERE username='finance'")" = important
expect_rc "PERSON-1: raising the class is not held up" 0 as secadmin org grant finance --class core
expect_rc "PERSON-1: back to important, which still sees 机密" 0 as secadmin org grant finance --class important
expect_rc "KEEP-2: the carrier is handed back to the clerk" 0 \
	sides_as finance clerk clerk handover finance clerk
expect_rc "PERSON-1: with nothing kept the class may be lowered" 0 as secadmin org grant finance --class general

# --- DEV-4: no electronic medium above the policy's level (issue 13.8) ---------------
refused "DEV-4 a 绝密 USB stick is not registered" 5 electronic_level DEV-4 \
	as clerk carrier register --title 绝密U盘 --kind usb --level 绝密 --place 一号保密柜 --scope 办公室
refused "DEV-4 nor a 绝密 disc" 5 electronic_level DEV-4 \
	as clerk carrier register --title 绝密光盘 --kind optical_disc --level 绝密 --place 一号保密柜 --scope 办公室
expect_rc "DEV-4: a 机密 USB stick is within the default policy" 0 \
	as clerk carrier register --title 机密U盘 --kind usb --level 机密 --place 一号保密柜 --scope 办公室
expect_rc "DEV-4: 绝密 on paper is registered" 0 \
	as clerk carrier register --title 绝密纸质件 --level 绝密 --place 一号保密柜 --scope 办公室

done_testing
