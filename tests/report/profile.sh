#!/bin/sh
# The Wireshark configuration profile FoxESS: the install step puts it in
# place, tshark accepts it (-C FoxESS), its custom columns show the decoded
# values as the packet tree does (hex CAN ID, values with their units,
# currents with their decimal), its coloring rules mean what they say (Wireshark
# reads @name@filter@[background][foreground]) and they and the filter
# buttons compile.  tests/gui/ checks the colours in the real window.
#   usage: FOXESS_PLUGIN_DIR=... profile.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
tshark="$src/tests/tshark.sh"
capture="$src/test-captures/worked-examples.log"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# cmake --install (staged with DESTDIR; HOME for a non-root run).
DESTDIR="$tmp/stage" HOME="$tmp/stage/home" cmake --install "$build" \
	>"$tmp/install.log"
installed=$(find "$tmp/stage" -path '*/profiles/FoxESS' -type d)
[ -n "$installed" ] || fail "cmake --install did not install the profile"
for f in preferences colorfilters dfilter_buttons recent; do
	cmp -s "$src/profile/FoxESS/$f" "$installed/$f" ||
		fail "installed $f differs from profile/FoxESS/$f"
done

# A personal configuration dir holding just the profile, readable by the
# unprivileged user tests/tshark.sh runs tshark as.
export WIRESHARK_CONFIG_DIR="$tmp/config"
mkdir -p "$WIRESHARK_CONFIG_DIR/profiles"
cp -R "$src/profile/FoxESS" "$WIRESHARK_CONFIG_DIR/profiles/"
chmod -R a+rX "$tmp"

# Columns: No., UTC time, delta, CAN ID, protocol, SoC, pack V, current,
# cell max, cell min, Info.  Worked example 0x1873 A3 10 0D 00 5D 00 77 07
# is frame 4, 0x1873 84 0F 00 00 50 00 E8 03 (0.0 A) frame 5,
# 0x1876 01 00 07 0D 00 00 FE 0C frame 7.
"$tshark" -C FoxESS -n -r "$capture" --color >"$tmp/out" 2>"$tmp/err" ||
	fail "tshark -C FoxESS failed: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "tshark -C FoxESS --color complained: $(cat "$tmp/err")"
grep -q '^ *4 2023-11-14 22:13:20\.030000 .* 0x1873 FoxESS 93% 425\.9 V 1\.3 A *Pack: ' \
	"$tmp/out" || fail "frame 4 lacks CAN ID 0x1873, SoC 93%, 425.9 V, 1.3 A columns"
grep -q '^ *5 .* 0x1873 FoxESS 80% 397\.2 V 0\.0 A *Pack: ' "$tmp/out" ||
	fail "frame 5 lacks current 0.0 A (a whole current keeps its decimal)"
grep -q '^ *7 .* 0x1876 FoxESS *3335 mV 3326 mV Cells: ' "$tmp/out" ||
	fail "frame 7 lacks the cell max/min columns 3335 mV, 3326 mV"
# A Pylontech battery on a FoxESS inverter (corpus 08): its SoC, voltage
# and current fill the same columns (second burst, once 0x35E "PYLON" has
# claimed the bus: 0x0355 SoC 72 %, 0x0356 53.16 V 0.0 A).
"$tshark" -C FoxESS -n -r "$src/test-captures/08-protocol-mismatch-pylontech.pcap" \
	-c 12 >"$tmp/pylon" 2>"$tmp/err" || fail "tshark -C FoxESS on corpus 08 failed"
grep -q '^ *11 .* 0x0355 Pylontech 72% *SoC: ' "$tmp/pylon" ||
	fail "Pylontech SoC 72% not in the SoC column"
grep -q '^ *12 .* 0x0356 Pylontech *53\.16 V 0\.0 A *Battery: ' "$tmp/pylon" ||
	fail "Pylontech 53.16 V, 0.0 A not in the voltage and current columns"
# A column shows a value as the packet tree does, unit and decimals.
"$tshark" -n -r "$capture" -V -Y frame.number==4 >"$tmp/tree" 2>&1
for label in 'SoC: 93%' 'Pack voltage: 425.9 V' 'Pack current: 1.3 A'; do
	grep -qF "    $label" "$tmp/tree" ||
		fail "the tree of frame 4 lacks '$label', which its column shows"
done

# Colours mean what the rule names say.  Background first: BMS Lost
# red-dominant, the ordinary FoxESS rows (request, reply) light, and every
# rule's text contrasts with its background.
awk -F@ '/^@/ {
	gsub(/[][]/, " ", $4); split($4, c, /[ ,]+/)
	# c[2..4] background, c[5..7] foreground, 16-bit
	printf "%s|%d %d %d|%d %d %d\n", $2, c[2] / 257, c[3] / 257, c[4] / 257,
		c[5] / 257, c[6] / 257, c[7] / 257
}' "$src/profile/FoxESS/colorfilters" >"$tmp/colours"
luma() { echo "$1" | awk '{ printf "%d", 0.299 * $1 + 0.587 * $2 + 0.114 * $3 }'; }
rule_bg() { awk -F'|' -v n="$1" '$1 == n { print $2 }' "$tmp/colours"; }
bg=$(rule_bg "FoxESS BMS Lost")
echo "$bg" | awk '{ exit !($1 >= 150 && $1 > 3 * $2 && $1 > 3 * $3) }' ||
	fail "BMS Lost background rgb($bg) is not red"
for rule in "FoxESS inverter request" "FoxESS BMS reply" \
	"FoxESS unanswered poll" "FoxESS link restored"; do
	bg=$(rule_bg "$rule")
	[ -n "$bg" ] || { fail "no colouring rule '$rule'"; continue; }
	[ "$(luma "$bg")" -ge 170 ] ||
		fail "'$rule' background rgb($bg) is not light"
done
while IFS='|' read -r rule bg fg; do
	d=$(($(luma "$bg") - $(luma "$fg")))
	[ "${d#-}" -ge 128 ] ||
		fail "'$rule': text rgb($fg) on rgb($bg) does not contrast"
done <"$tmp/colours"

# Every coloring rule and filter button compiles with the built plugin.
sed -n 's/^@[^@]*@\([^@]*\)@.*/\1/p' "$src/profile/FoxESS/colorfilters" \
	>"$tmp/filters"
sed -n 's/^"TRUE","[^"]*","\([^"]*\)",.*/\1/p' \
	"$src/profile/FoxESS/dfilter_buttons" >>"$tmp/filters"
[ "$(wc -l <"$tmp/filters")" -ge 10 ] || fail "too few filters parsed"
while IFS= read -r f; do
	"$tshark" -n -r "$capture" -Y "$f" >/dev/null 2>"$tmp/err" ||
		fail "filter does not compile: $f: $(cat "$tmp/err")"
done <"$tmp/filters"

[ "$failed" = 0 ] || exit 1
echo "profile FoxESS: installed, columns, $(wc -l <"$tmp/filters") filters ok"
