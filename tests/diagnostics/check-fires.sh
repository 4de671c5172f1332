#!/bin/sh
# A diagnostic fires exactly where it should, in one pass, and not on a
# healthy twin of the log.  NAME.fires (next to NAME.log) lists
# "frame abbrev" lines: the one-pass placement of every expert info it
# names (the frame where the diagnosis became certain), and a line
# "healthy: OTHER.log" naming the log where none of them may appear.
#   usage: check-fires.sh NAME.fires
# The .fires file is the one place to adapt when placement changes.
set -eu
here=$(dirname "$0")
fires=$1
dir=$(dirname "$fires")
log=${fires%.fires}.log
healthy=$dir/$(awk '/^healthy:/ { print $2 }' "$fires")
[ -f "$healthy" ] || { echo "FAIL: $fires names no healthy log" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -E '^[0-9]+ ' "$fires" | sort -k2,2 -k1,1n >"$work/want"
awk '{ print $2 }' "$work/want" | sort -u >"$work/names"
[ -s "$work/names" ] || { echo "FAIL: $fires lists no expert" >&2; exit 1; }

"$here/experts.sh" "$log" >"$work/all"
awk 'NR == FNR { want[$1]; next } $2 in want' "$work/names" "$work/all" |
	sort -k2,2 -k1,1n >"$work/got"
status=0
if ! diff -u "$work/want" "$work/got"; then
	echo "FAIL: $(basename "$log"): expert infos above differ from $fires" \
		"(- expected, + one-pass tshark)" >&2
	status=1
fi
"$here/experts.sh" "$healthy" >"$work/healthy"
if awk 'NR == FNR { want[$1]; next } $2 in want { print; bad = 1 }
	END { exit !bad }' "$work/names" "$work/healthy"; then
	echo "FAIL: the healthy log $(basename "$healthy") raises the" \
		"frames above" >&2
	status=1
fi
[ "$status" = 0 ] && echo "ok: $(wc -l <"$work/want") expert infos at" \
	"their frames; none on $(basename "$healthy")"
exit $status
