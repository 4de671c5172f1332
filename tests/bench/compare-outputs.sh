#!/bin/sh
# Is a change invisible in every output?  Decodes the same captures with
# the plugins of two builds (say, before and after an optimisation) in
# every output mode and compares byte for byte: summary lines, -V, two
# passes (-2 -V), -T fields (every FoxESS field of the frames' types),
# -T json, and the -z foxess,summary and -z foxess,tree statistics.
# Prints one line per capture and mode, and exits 1 when any differs.
#   usage: tests/bench/compare-outputs.sh OLD_BUILD NEW_BUILD [CAPTURE...]
# Default captures: the corpus (test-captures/*.pcap, worked examples).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
old=$(cd "$1" && pwd)/plugins
new=$(cd "$2" && pwd)/plugins
shift 2
[ $# -gt 0 ] || set -- "$root"/test-captures/*.pcap \
	"$root"/test-captures/worked-examples.log
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every foxess.* field either plugin registers, for -T fields.
fields=$( (FOXESS_PLUGIN_DIR=$old "$root/tests/tshark.sh" -G fields
	FOXESS_PLUGIN_DIR=$new "$root/tests/tshark.sh" -G fields) |
	awk -F'\t' '$1 == "F" && $3 ~ /^foxess\./ && $4 != "FT_NONE" {
		print "-e " $3 }' | sort -u | tr '\n' ' ')

same=0 differ=0
for cap in "$@"; do
	for mode in lines V two-pass fields json summary tree; do
		case $mode in
		lines) args="-n" ;;
		V) args="-n -V" ;;
		two-pass) args="-n -2 -V" ;;
		fields) args="-n -T fields -E occurrence=a $fields" ;;
		json) args="-n -T json -j foxess" ;;
		summary) args="-n -q -z foxess,summary" ;;
		tree) args="-n -q -z foxess,tree" ;;
		esac
		for side in old new; do
			eval "dir=\$$side"
			# shellcheck disable=SC2086
			FOXESS_PLUGIN_DIR=$dir "$root/tests/tshark.sh" -r "$cap" \
				$args >"$work/$side" 2>&1 || true
		done
		if cmp -s "$work/old" "$work/new"; then
			same=$((same + 1))
			r="identical ($(wc -c <"$work/new") bytes)"
		else
			differ=$((differ + 1))
			r="DIFFERENT: $(cmp "$work/old" "$work/new" 2>&1 | head -n 1)"
		fi
		printf '%-40s %-9s %s\n' "$(basename "$cap")" "$mode" "$r"
	done
done
echo "$same outputs identical, $differ different"
[ "$differ" = 0 ]
