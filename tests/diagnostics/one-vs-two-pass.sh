#!/bin/sh
# The placement rule (docs/diagnostics.md): every diagnosis is decided in
# the first pass at the frame where it became certain and shown there in
# every pass.  One pass (live capture, plain tshark -r) and two passes
# (tshark -2, the GUI) must therefore agree on:
#  - request in and response time on every reply, frame by frame;
#  - every other FoxESS field value, frame by frame;
#  - every expert info, frame by frame, with its message;
#  - for every expert info: the frames a display filter on it matches in
#    one pass, in two passes, and the frames carrying it in the tree;
#  - the -z foxess,summary report, byte for byte.
# "Response in" and "No response seen" on a request need frames after it:
# absent in one pass, the only difference allowed.
#   usage: one-vs-two-pass.sh CAPTURE
set -eu
here=$(dirname "$0")
ts="$here/../tshark.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

fields="-T fields -e frame.number -e foxess.request_in -e foxess.response_time"
"$ts" -r "$1" $fields -Y foxess.request_in >"$tmp/links1"
"$ts" -r "$1" -2 $fields -Y foxess.request_in >"$tmp/links2"
if ! diff -u "$tmp/links1" "$tmp/links2"; then
	echo "FAIL: request links differ" >&2
	fail=1
fi
if [ -n "$("$ts" -r "$1" -T fields -e frame.number \
	-Y 'foxess.response_in || foxess.no_response')" ]; then
	echo "FAIL: response in / no response shown in one pass" >&2
	fail=1
fi

# Every other value, frame by frame: each pass decodes a frame as the
# first pass did, with the variant known at that frame (frames before a
# bus's first H/EP cue keep H-series meanings, as in a live capture).
all=$("$ts" -G fields | awk -F'\t' '$1 == "F" && $3 ~ /^foxess\./ &&
	$4 != "FT_NONE" && $3 != "foxess.response_in" &&
	$3 != "foxess.response_time" { print "-e " $3 }' | tr '\n' ' ')
# shellcheck disable=SC2086
"$ts" -r "$1" -T fields -E occurrence=a -e frame.number $all >"$tmp/values1"
# shellcheck disable=SC2086
"$ts" -r "$1" -2 -T fields -E occurrence=a -e frame.number $all \
	>"$tmp/values2"
if ! diff "$tmp/values1" "$tmp/values2" >"$tmp/values.diff"; then
	echo "FAIL: field values differ between one pass and two" \
		"($(grep -c '^<' "$tmp/values.diff") frames)" >&2
	head -n 6 "$tmp/values.diff" >&2
	fail=1
fi

# Same infos on the same frames with the same messages.
msgs="-T fields -E occurrence=a -E separator=| -e frame.number
	-e _ws.expert.message"
"$ts" -r "$1" $msgs -Y _ws.expert >"$tmp/msg1"
"$ts" -r "$1" -2 $msgs -Y _ws.expert >"$tmp/msg2"
if ! diff -u "$tmp/msg1" "$tmp/msg2"; then
	echo "FAIL: expert messages differ" >&2
	fail=1
fi

# Per expert info: -Y in one pass = -Y in two passes = the tree (-V).
"$here/experts.sh" "$1" >"$tmp/tree1"
"$here/experts.sh" "$1" -2 >"$tmp/tree2"
if ! diff -u "$tmp/tree1" "$tmp/tree2"; then
	echo "FAIL: the trees of one pass and two carry different infos" >&2
	fail=1
fi
n=0
for abbrev in $(cut -d' ' -f2 "$tmp/tree2" | sort -u); do
	awk -v a="$abbrev" '$2 == a { print $1 }' "$tmp/tree2" | uniq \
		>"$tmp/tree"
	"$ts" -r "$1" -Y "$abbrev" -T fields -e frame.number >"$tmp/y1"
	"$ts" -r "$1" -2 -Y "$abbrev" -T fields -e frame.number >"$tmp/y2"
	if ! cmp -s "$tmp/y1" "$tmp/tree" || ! cmp -s "$tmp/y2" "$tmp/tree"
	then
		echo "FAIL: -Y $abbrev: one pass $(wc -l <"$tmp/y1")," \
			"two passes $(wc -l <"$tmp/y2") frames, tree" \
			"$(wc -l <"$tmp/tree")" >&2
		diff "$tmp/tree" "$tmp/y1" | head -5 >&2 || true
		fail=1
	fi
	n=$((n + 1))
done

"$ts" -r "$1" -q -z foxess,summary >"$tmp/sum1"
"$ts" -r "$1" -2 -q -z foxess,summary >"$tmp/sum2"
if ! diff -u "$tmp/sum1" "$tmp/sum2"; then
	echo "FAIL: summaries differ" >&2
	fail=1
fi
[ $fail = 0 ] && echo "ok: one pass and two passes agree on $1" \
	"($n kinds of expert info, -Y = tree)"
exit $fail
