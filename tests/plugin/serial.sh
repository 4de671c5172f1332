#!/bin/sh
# foxess.serial.full: the three serial parts (0x1881-0x1883) joined on the
# frame that completes them, per bus.  The BMS serial is the one
# protocol-notes section 4.5.2 quotes for the v67 emulator, 60EP005047MA052,
# written here as ASCII bytes by hand (15 characters, NUL padding).  In
# the pcapng (foxcap convert gives can0 and can1 their own interfaces: one
# bus each) a part from another bus must not complete a serial.
#   usage: FOXESS_PLUGIN_DIR=... serial.sh SOURCE_DIR FOXCAP
set -eu
tshark="$1/tests/tshark.sh"
foxcap=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"
failed=0
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}
cat >"$tmp/serial.log" <<'EOL'
(1700000000.000000) can0 00001881#0036304550303035
(1700000000.001000) can0 00001882#003034374D413035
(1700000000.002000) can0 00001883#0032000000000000
(1700000001.000000) can0 00001881#0146584850504B30
(1700000001.001000) can0 00001882#0131323330353433
(1700000001.002000) can1 00001883#0132343738303132
(1700000002.000000) can1 00001881#0146584850504B30
(1700000002.001000) can1 00001882#0131323330353433
(1700000002.002000) can1 00001883#0132343738303132
EOL
"$foxcap" convert "$tmp/serial.log" "$tmp/serial.pcapng" >/dev/null
chmod a+r "$tmp"/*

for pass in 1 2; do
	two=
	[ "$pass" = 2 ] && two=-2
	"$tshark" $two -r "$tmp/serial.pcapng" -T fields -E separator='|' \
		-e frame.number -e foxess.serial.full -e _ws.col.Info \
		>"$tmp/out"
	cat >"$tmp/want" <<'EOW'
1||Serial: BMS, part 60EP005
2||Serial: BMS, part 047MA05
3|60EP005047MA052|Serial: BMS 60EP005047MA052
4||Serial: Pack 1, part FXHPPK0
5||Serial: Pack 1, part 1230543
6||Serial: Pack 1, part 2478012
7||Serial: Pack 1, part FXHPPK0
8||Serial: Pack 1, part 1230543
9|FXHPPK012305432478012|Serial: Pack 1 FXHPPK012305432478012
EOW
	diff -u "$tmp/want" "$tmp/out" || fail "pcapng, $pass pass(es)"
done

[ "$failed" = 0 ] || exit 1
echo "serial numbers: joined per bus, on the completing frame, 1 and 2 passes"
