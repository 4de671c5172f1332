#!/bin/sh
# Regenerate the golden -z foxess,summary files after a reviewed change:
#   tests/diagnostics/update-goldens.sh <build-dir>
# Then read `git diff tests/diagnostics/golden` before committing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
captures=$here/../../test-captures
FOXESS_PLUGIN_DIR=$(cd "$1" && pwd)/plugins
export FOXESS_PLUGIN_DIR
summary() {
	"$here/../tshark.sh" -r "$1" -q -z foxess,summary >"$2"
}
for log in "$here"/logs/*.log; do
	stem=$(basename "$log" .log)
	summary "$log" "$here/golden/$stem.summary"
done
for truth in "$captures"/*.truth.csv "$captures"/multibus/*.truth.csv \
	"$captures"/mixed/*.truth.csv; do
	stem=$(basename "$truth" .truth.csv)
	cap=${truth%.truth.csv}.pcap
	[ -e "$cap" ] || cap=${cap}ng
	summary "$cap" "$here/golden/$stem.summary"
done
