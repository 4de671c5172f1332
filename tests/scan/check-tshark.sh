#!/bin/sh
# foxess-scan must print exactly what tshark -q -z foxess,summary prints
# (with the plugin from this build) for a capture: byte for byte, no
# normalisation.
#   usage: check-tshark.sh FOXESS-SCAN CAPTURE
set -eu
here=$(dirname "$0")
scan=$1 cap=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$here/../tshark.sh" -r "$cap" -q -z foxess,summary >"$dir/tshark"
"$scan" "$cap" >"$dir/scan"
# A summary with no buses would make the comparison empty of meaning.
grep -q '^Frames: ' "$dir/tshark" || {
	echo "FAIL: tshark printed no per-bus summary for $cap" >&2
	exit 1
}
if ! diff -u "$dir/tshark" "$dir/scan"; then
	echo "FAIL: foxess-scan and tshark disagree on $cap" >&2
	exit 1
fi
echo "ok: foxess-scan = tshark on $cap ($(grep -c '' "$dir/scan") lines)"
