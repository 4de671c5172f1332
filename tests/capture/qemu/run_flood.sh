#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxcap under floods in a real kernel: FLOOD_FRAMES (default 1,000,000)
# frames injected as fast as vcan takes them must all be in the file, in
# sequence, with no kernel drop; then FLOOD_SECONDS (default 60) of full
# rate while rotating every second must leave whole, readable files.
#
#   run_flood.sh FOXCAP PCAPNG_DUMP WORKDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
foxcap=$1
dump=$2
work=$3
frames_wanted=${FLOOD_FRAMES:-1000000}
seconds=${FLOOD_SECONDS:-60}
require_qemu

[ "${VM_REUSE:-}" = 1 ] || rm -rf "$work"
mkdir -p "$work/data"
printf 'FLOOD_FRAMES=%s\nFLOOD_SECONDS=%s\n' "$frames_wanted" "$seconds" \
	>"$work/data/flood.env"
[ "${VM_REUSE:-}" = 1 ] || VM_FILES="$work/data/flood.env" VM_TIMEOUT=400 \
	VM_OUT_MB=$((frames_wanted / 10000 + 200)) \
	"$here/vm.sh" "$work/out" "$here/guest_flood.sh" "$foxcap" \
	/usr/bin/cangen
vm_status=$?
out=$work/out
cat "$out/test.log" 2>/dev/null
tail -n 1 "$out/console.log"
[ "$vm_status" -eq 99 ] && exit 1

injected=$(sed -n 's/^million: injected \([0-9]*\) .*/\1/p' "$out/test.log")
expect "million: $frames_wanted injected (vcan tx counter: $injected)" \
	[ "$injected" = "$frames_wanted" ]
expect "million: foxcap exit 0" grep -q "^million: exit 0" "$out/test.log"
expect "million: foxcap received and wrote all, 0 dropped" \
	grep -q "$frames_wanted frames received, $frames_wanted written, 0 dropped" \
	"$out/million.err"
run=$(frames "$dump" "$out/million.pcapng" | counter_run)
expect "million: file holds frames 0..$((frames_wanted - 1)) in sequence ($run)" \
	[ "$run" = "0 $((frames_wanted - 1)) $frames_wanted" ]
n=$(capinfos -c -M "$out/million.pcapng" 2>/dev/null | sed -n 's/^Number of packets: *//p')
expect "million: capinfos counts $frames_wanted ($n)" [ "$n" = "$frames_wanted" ]
rm -f "$out/million.pcapng"

expect "rotate: foxcap exit 0" grep -q "^rotate: exit 0" "$out/test.log"
expect "rotate: 0 dropped by the kernel" grep -q " 0 dropped" "$out/rotate.err"
injected=$(sed -n 's/^rotate: injected \([0-9]*\) .*/\1/p' "$out/test.log")
expect "rotate: every injected frame received ($injected)" \
	grep -q "^foxcap: $injected frames received, $injected written" "$out/rotate.err"
set -- $(ls "$out"/ring/*.pcapng | sort)
expect "rotate: 4 files kept" [ $# -eq 4 ]
last=$(basename "$4" | sed 's/^r_0*\([0-9]*\)_.*/\1/')
expect "rotate: about one file a second ($last files in ${seconds} s)" \
	between "$last" $((seconds - 2)) $((seconds + 4))
for f in "$@"; do
	expect "rotate: $(basename "$f") readable" wireshark_reads "$f"
done
run=$(frames "$dump" "$@" | counter_run)
expect "rotate: kept files continue one another ($run)" \
	sh -c "! echo '$run' | grep -q gap"

echo "run_flood: $failures failures"
[ "$failures" -eq 0 ]
