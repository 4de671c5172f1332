#!/bin/sh
# foxess-report on every capture in test-captures/: the report is made, the
# plots are real PNG images of the expected size with something drawn on
# them, and the HTML carries the numbers tshark gives independently.
#   usage: FOXESS_PLUGIN_DIR=... corpus.sh SOURCE_DIR
set -eu
src=$1
tshark="$src/tests/tshark.sh"
export FOXESS_TSHARK="$tshark"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
fail() {
	echo "FAIL: $capture: $*"
	failed=$((failed + 1))
}

# check_png FILE: PNG signature, IHDR 1000 x 380, more than a blank canvas
# (an empty 1000 x 380 canvas compresses to about 2 KB; a plot with axes,
# labels and text is over 10 KB).
check_png() {
	sig=$(od -A n -t x1 -N 16 "$1" | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a0000000d49484452 ] ||
		{ fail "$1 is not a PNG"; return; }
	size=$(od -A n -t u1 -j 16 -N 8 "$1" | awk '
		{ printf "%dx%d", (($1 * 256 + $2) * 256 + $3) * 256 + $4,
			(($5 * 256 + $6) * 256 + $7) * 256 + $8 }')
	[ "$size" = 1000x380 ] || fail "$1 is $size, not 1000x380"
	[ "$(wc -c <"$1")" -gt 8000 ] || fail "$1 looks blank"
}

# html_row LABEL: "min max" of that key-number row of report.html
html_row() {
	sed -n "s|^<tr><td>$1</td><td>\([^<]*\)</td><td>\([^<]*\)</td>.*|\1 \2|p" \
		"$dir/report.html"
}

# ranges: "label min max" for the checked key numbers ("- -" when a value
# never appears) and "polls N", from one independent tshark pass.
ranges() {
	"$tshark" -n -r "$capture" -T fields -E separator=, -E occurrence=f \
		-Y 'foxess.pack.soc or foxess.pack.voltage or foxess.pack.current
			or foxess.cells.voltage_max or foxess.request.selector == 0' \
		-e foxess.pack.soc -e foxess.pack.voltage -e foxess.pack.current \
		-e foxess.cells.voltage_max -e foxess.request.selector | awk -F , '
	{
		for (i = 1; i <= 4; i++)
			if ($i != "") {
				v = $i + 0
				if (!(i in lo) || v < lo[i]) lo[i] = v
				if (!(i in hi) || v > hi[i]) hi[i] = v
			}
		if ($5 ~ /^(0x)?0+$/)
			polls++
	}
	END {
		split("SoC Pack.voltage Pack.current Max.cell.voltage", label, " ")
		for (i = 1; i <= 4; i++)
			if (i in lo)
				print label[i], lo[i], hi[i]
			else
				print label[i], "-", "-"
		print "polls", polls + 0
	}'
}

n=0
for capture in "$src"/test-captures/*.pcap* "$src"/test-captures/*.log; do
	[ -f "$capture" ] || continue
	n=$((n + 1))
	dir="$out/$(basename "$capture")"
	if ! "$src/tools/report/foxess-report" "$capture" "$dir" >/dev/null; then
		fail "foxess-report failed"
		continue
	fi
	for p in soc voltage current cells spread temperatures; do
		check_png "$dir/$p.png"
		grep -q "<img alt=\"$p\" src=\"data:image/png;base64,iVBORw0KGgo" \
			"$dir/report.html" || fail "$p.png not embedded"
	done
	ranges >"$out/ranges"
	while read -r label lo hi; do
		if [ "$label" = polls ]; then
			grep -q "^Main polls: $lo[.,]" "$dir/report.html" ||
				fail "report does not say Main polls: $lo"
			continue
		fi
		got=$(html_row "$label" | awk '{ if ($1 == "-") print "- -";
			else print $1 + 0, $2 + 0 }')
		[ "$got" = "$lo $hi" ] ||
			fail "$label: report says '$got', tshark '$lo $hi'"
	done <"$out/ranges"
	if grep -q '^Source: tshark -z foxess,summary' "$dir/report.html"; then
		while IFS= read -r line; do
			esc=$(printf '%s\n' "$line" | sed -e 's/&/\&amp;/g' \
				-e 's/</\&lt;/g' -e 's/>/\&gt;/g')
			grep -qF -- "$esc" "$dir/report.html" ||
				fail "summary line missing from HTML: $line"
		done <"$dir/summary.txt"
	fi
	echo "ok: $(basename "$capture")"
done
[ "$n" -gt 0 ] || { echo "FAIL: no capture in $src/test-captures"; exit 1; }
echo "checked $n captures: $failed failures"
[ "$failed" = 0 ]
