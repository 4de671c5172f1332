#!/bin/sh
# Rewrites test-captures/golden/ from the committed captures with the
# plugin of a build tree.  Review the diff before committing it.
#   usage: tests/corpus/update-goldens.sh <build-dir>
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:?usage: update-goldens.sh <build-dir>}
FOXESS_PLUGIN_DIR=$(cd "$build" && pwd)/plugins
export FOXESS_PLUGIN_DIR
mkdir -p "$top/test-captures/golden"
for truth in "$top"/test-captures/*.truth.csv; do
	cap=${truth%.truth.csv}.pcap
	"$here/goldens.sh" "$cap" "$truth" "$top/test-captures/golden"
	echo "golden: $(basename "$cap" .pcap)"
done
# Several buses, or ground truth for diagnoses still to come: pcapng.
for truth in "$top"/test-captures/mixed/*.truth.csv; do
	[ -e "$truth" ] || continue
	mkdir -p "$top/test-captures/mixed/golden"
	cap=${truth%.truth.csv}.pcapng
	"$here/goldens.sh" "$cap" "$truth" "$top/test-captures/mixed/golden"
	echo "golden: mixed/$(basename "$cap" .pcapng)"
done
