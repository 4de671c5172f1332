#!/bin/sh
# -z foxess,tree (Statistics > FoxESS > Link) against the dissector's own
# fields, counted here from tshark -T fields: frames by type (their total),
# requests by what they ask for (foxess.request_class, named by tshark -G
# values; no class = "no reply expected"), and per class the count and
# mean of the reply times (foxess.response_time of each reply frame, in
# whole microseconds as the tree keeps them).  The tree is a tap of its
# own (plugin/foxess-stats.c); these fields come from the dissector.  A
# row counting the wrong frames, an average over another set (say every
# frame rather than each reply), or a class named wrongly fails.
#   usage: FOXESS_PLUGIN_DIR=... check-tree.sh CAPTURE
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ts=$here/../tshark.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$ts" -r "$1" -q -z foxess,tree >"$tmp/tree"
"$ts" -r "$1" -T fields -E occurrence=f -e foxess.frame \
	-e foxess.request_class -e foxess.response_time -e foxess.request_in \
	>"$tmp/fields"
"$ts" -G values | awk -F'\t' '$2 == "foxess.request_class" {
	print $3 "\t" tolower($4) }' >"$tmp/classes"

# What the fields say, as "row<TAB>count<TAB>average" lines.
awk -F'\t' '
FILENAME == ARGV[1] { name[$1] = $2; next }
{
	n++
	if ($1 != "") frames++
	if ($1 == "request") {
		requests++
		if ($2 == "") none++; else asked[name[$2]]++
		class_of[n] = $2
	}
	if ($3 != "") {
		us = int($3 * 1e6 + 0.5)
		c = name[class_of[$4]]
		replies++; sum += us
		rc[c]++; rs[c] += us
	}
}
END {
	printf "FoxESS frames by type\t%d\t\n", frames
	printf "Requests by what they ask for\t%d\t\n", requests
	if (none)
		printf "no reply expected (acknowledge, clock, measurement)\t%d\t\n", none
	for (c in asked) printf "%s\t%d\t\n", c, asked[c]
	printf "Time from a request to each of its reply frames (us)" \
		"\t%d\t%s\n", replies,
		replies ? sprintf("%.2f", sum / replies) : ""
	for (c in rc) printf "%s (reply time)\t%d\t%.2f\n", c, rc[c], rs[c] / rc[c]
}' "$tmp/classes" "$tmp/fields" | sort >"$tmp/expected"

# The same rows from the tree: name, count and average columns (the
# columns are at least two spaces apart; names have single spaces).
awk '
/^FoxESS frames by type|^Requests by|^Time from|^Diagnoses/ { section = $0 }
/^ ?[A-Za-z]/ && section != "" {
	line = $0; sub(/^ /, "", line)
	n = split(line, col, /  +/)
	row = col[1]
	if (section ~ /^Time from/ && $0 ~ /^ /) row = row " (reply time)"
	if (section ~ /^FoxESS frames/ && $0 ~ /^ /) next
	if (section ~ /^Diagnoses/) next
	# an average over no value: blank, as the tree has no value to show
	avg = (section ~ /^Time from/ && col[2] > 0) ? col[3] : ""
	printf "%s\t%s\t%s\n", row, col[2], avg
}' "$tmp/tree" | sort >"$tmp/actual"

if ! diff -u "$tmp/expected" "$tmp/actual"; then
	echo "FAIL: -z foxess,tree (+) differs from the dissector's fields (-)"
	exit 1
fi
echo "$(basename "$1"): -z foxess,tree agrees with the fields" \
	"($(wc -l <"$tmp/actual") rows)"
