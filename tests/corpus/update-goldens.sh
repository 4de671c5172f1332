#!/bin/sh
# Rewrites test-captures/golden/ from the committed captures with the
# plugin of a build tree.  Prints, per field, the decoded values that
# change (tests/golden-field-diff.sh) before writing; -n only prints.
# Review the diff before committing it.  The hand-written expectations
# (tests/expectations) are never regenerated.
#   usage: tests/corpus/update-goldens.sh [-n] <build-dir>
set -eu
dry=0
[ "${1:-}" = -n ] && { dry=1; shift; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:?usage: update-goldens.sh [-n] <build-dir>}
FOXESS_PLUGIN_DIR=$(cd "$build" && pwd)/plugins
export FOXESS_PLUGIN_DIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$top/test-captures/golden"
for truth in "$top"/test-captures/*.truth.csv; do
	cap=${truth%.truth.csv}.pcap
	"$here/goldens.sh" "$cap" "$truth" "$tmp"
	for new in "$tmp"/*; do
		old=$top/test-captures/golden/$(basename "$new")
		"$here/../golden-field-diff.sh" "$old" "$new" \
			"golden/$(basename "$new")" || true
		[ "$dry" = 1 ] || cp "$new" "$old"
		rm "$new"
	done
	echo "golden: $(basename "$cap" .pcap)"
done
# Several buses, or ground truth for diagnoses still to come: pcapng.
for truth in "$top"/test-captures/mixed/*.truth.csv; do
	[ -e "$truth" ] || continue
	mkdir -p "$top/test-captures/mixed/golden"
	cap=${truth%.truth.csv}.pcapng
	"$here/goldens.sh" "$cap" "$truth" "$tmp"
	for new in "$tmp"/*; do
		old=$top/test-captures/mixed/golden/$(basename "$new")
		"$here/../golden-field-diff.sh" "$old" "$new" \
			"mixed/golden/$(basename "$new")" || true
		[ "$dry" = 1 ] || cp "$new" "$old"
		rm "$new"
	done
	echo "golden: mixed/$(basename "$cap" .pcapng)"
done
