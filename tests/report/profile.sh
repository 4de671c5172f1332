#!/bin/sh
# The Wireshark configuration profile FoxESS: the install step puts it in
# place, tshark accepts it (-C FoxESS), its custom columns show the decoded
# values, its coloring rules and filter buttons compile.
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
for f in preferences colorfilters dfilter_buttons; do
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
# is frame 4, 0x1876 01 00 07 0D 00 00 FE 0C frame 7.
"$tshark" -C FoxESS -n -r "$capture" --color >"$tmp/out" 2>"$tmp/err" ||
	fail "tshark -C FoxESS failed: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "tshark -C FoxESS --color complained: $(cat "$tmp/err")"
grep -q '^ *4 2023-11-14 22:13:20\.030000 .* FoxESS 93% 425\.9 1\.3 *Pack: ' \
	"$tmp/out" || fail "frame 4 lacks SoC 93%, 425.9 V, 1.3 A columns"
grep -q '^ *7 .* FoxESS *3335 mV 3326 mV Cells: ' "$tmp/out" ||
	fail "frame 7 lacks the cell max/min columns 3335 mV, 3326 mV"

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
