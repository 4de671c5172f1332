#!/bin/sh
# More distinct per-frame link records in one chunk of frames than the
# 1-byte codes of its dictionary hold (plugin/foxess-analysis.c keeps a
# frame's record as a code while a chunk has at most 255 distinct ones,
# then whole): no corpus capture gets there (187 at most).  The log made
# here does: a request of each class (main poll, pack data, cell voltages,
# cell temperatures) answered 1 to 63 frames later, foreign 11-bit frames
# between, once with the variant unknown and once after an EP cue (the
# variant is part of the record): 504 replies, the dictionary full at
# about frame 4,000.  Every reply must link to its own request, in one
# pass and in two, and one-vs-two-pass.sh must hold.  A fallback that
# copies the coded records wrongly links replies to other frames.
#   usage: FOXESS_PLUGIN_DIR=... wide-records.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ts=$here/../tshark.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"

awk -v expected="$tmp/expected" 'BEGIN {
	split("00 01 02 04", selector, " ")
	split("00001872 00000C05 00000C1D 00000D21", reply, " ")
	t = 1700000000
	n = 0
	for (pass = 1; pass <= 2; pass++) {
		if (pass == 2) {
			printf "(%.6f) can0 00001901#0000000000000000\n", t
			n++
			t += 0.2
		}
		for (c = 1; c <= 4; c++)
			for (d = 1; d <= 63; d++) {
				printf "(%.6f) can0 00001871#01000100%s000000\n",
					t, selector[c]
				request = ++n
				for (k = 1; k < d; k++) {
					t += 0.0001
					printf "(%.6f) can0 123#%02X\n", t, k
					n++
				}
				t += 0.0001
				printf "(%.6f) can0 %s#0102030405060708\n", t,
					reply[c]
				print ++n "\t" request >expected
				t += 0.2
			}
	}
}' >"$tmp/wide.log"
chmod a+r "$tmp/wide.log"

fail=0
for passes in "" -2; do
	"$ts" -r "$tmp/wide.log" $passes -T fields -e frame.number \
		-e foxess.request_in -Y foxess.request_in >"$tmp/links"
	if ! diff -u "$tmp/expected" "$tmp/links" >"$tmp/diff"; then
		echo "FAIL: replies linked to other requests (${passes:-one pass}):"
		head -n 12 "$tmp/diff"
		fail=1
	fi
done
sh "$here/one-vs-two-pass.sh" "$tmp/wide.log" || fail=1
[ "$fail" = 0 ] || exit 1
echo "$(wc -l <"$tmp/expected") replies linked to their requests past" \
	"a full record dictionary, in one pass and two"
