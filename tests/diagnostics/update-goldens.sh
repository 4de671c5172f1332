#!/bin/sh
# Regenerate the golden -z foxess,summary files after a reviewed change:
#   tests/diagnostics/update-goldens.sh [-n] <build-dir>
# Prints, per summary line, the values that change (tests/golden-field-
# diff.sh) before writing; -n only prints.  Then read `git diff
# tests/diagnostics/golden` before committing.  The hand-written expert
# lists (logs/*.experts, logs/*.fires) are never regenerated.
set -eu
dry=0
[ "${1:-}" = -n ] && { dry=1; shift; }
here=$(cd "$(dirname "$0")" && pwd)
captures=$here/../../test-captures
FOXESS_PLUGIN_DIR=$(cd "$1" && pwd)/plugins
export FOXESS_PLUGIN_DIR
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
summary() {
	"$here/../tshark.sh" -r "$1" -q -z foxess,summary >"$tmp"
	"$here/../golden-field-diff.sh" "$2" "$tmp" \
		"golden/$(basename "$2")" || true
	[ "$dry" = 1 ] || cp "$tmp" "$2"
}
for log in "$here"/logs/*.log; do
	stem=$(basename "$log" .log)
	# Only the logs that have a golden summary (the .fires logs have none).
	[ -f "$here/golden/$stem.summary" ] || continue
	summary "$log" "$here/golden/$stem.summary"
done
for truth in "$captures"/*.truth.csv "$captures"/multibus/*.truth.csv \
	"$captures"/mixed/*.truth.csv; do
	stem=$(basename "$truth" .truth.csv)
	cap=${truth%.truth.csv}.pcap
	[ -e "$cap" ] || cap=${cap}ng
	summary "$cap" "$here/golden/$stem.summary"
done
