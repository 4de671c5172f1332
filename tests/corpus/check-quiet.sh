#!/bin/sh
# Normal traffic raises no warning or error, in one pass and in two, with
# the variant detected automatically (an H-series reading of EP traffic
# would turn EP counters into error bits).
#   usage: FOXESS_PLUGIN_DIR=... check-quiet.sh STEM
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cap="$top/test-captures/$1.pcap"
status=0
for passes in "" -2; do
	# PI_WARN = 0x00600000; PI_ERROR is above it.
	out=$("$here/../tshark.sh" -r "$cap" $passes -o foxess.variant:auto \
		-Y '_ws.expert.severity >= 6291456' -T fields -e frame.number \
		-e _ws.expert.message)
	if [ -n "$out" ]; then
		echo "FAIL: warnings or errors in $1 ${passes:-(one pass)}:"
		echo "$out" | head -10
		status=1
	fi
done
frames=$("$here/../tshark.sh" -r "$cap" -Y foxess | wc -l)
[ "$frames" -gt 0 ] || { echo "FAIL: no FoxESS frames in $1"; exit 1; }
[ $status = 0 ] && echo "ok: $1: $frames FoxESS frames, no warning or error"
exit $status
