#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxcap under floods in a real kernel: FLOOD_FRAMES (default 1,000,000)
# frames injected as fast as vcan takes them, then FLOOD_SECONDS (default
# 60) of full rate while rotating every second, then 100,000 frames while
# foxcap is stopped (SIGSTOP), which its 1 MiB kernel buffer cannot hold.
#
# What a flood guarantees is honest accounting: every frame foxcap
# received is in its files, in order and byte for byte, and every injected
# frame it did not receive was counted dropped by the kernel, in foxcap's
# report or, for frames lost before any socket saw them (the receive
# backlog), in the interface's rx_dropped, which foxcap does not report.
# Whether the kernel drops any is a question of speed that a busy host
# answers (once 1,338 of 1.29 M): tests/bench/foxcap-bench.sh measures it.
# This fails when a frame is lost with no kernel count (received plus
# both drop counts short of injected), foxcap writes fewer frames than it
# received, reorders, repeats or alters one, leaves a file unreadable, or
# stops keeping up altogether (more than 1 frame in 10 dropped).  The
# stopped phase makes the kernel drop frames on every run, so the drop
# report itself is tested, not only its zero.
#
# foxcap's count can be up to twice the frames lost here: the packet
# socket gets two copies of a frame sent from this host (outgoing and
# looped back), libpcap keeps one, and the kernel counts both as dropped
# when the buffer is full.  Frames from a real bus come once.
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
stop_frames=100000
require_qemu

# One condition for expect: 0 <= LOST <= DROPPED + IF_DROPPED.
covered() { # LOST DROPPED IF_DROPPED
	[ "$1" -ge 0 ] && [ "$2" -ge 0 ] && [ "$3" -ge 0 ] &&
		[ "$1" -le $(($2 + $3)) ]
}

# A phase's frames injected (vcan's tx counter, which must be WANTED if
# given) against foxcap's exit line and the interface's drops; sets
# injected, written, dropped (foxcap's count) and lost.
accounting() { # PHASE [WANTED]
	injected=$(sed -n "s/^$1: injected \([0-9]*\) .*/\1/p" "$out/test.log")
	[ -z "${2:-}" ] || expect "$1: $2 injected (vcan tx counter: $injected)" \
		[ "$injected" = "$2" ]
	expect "$1: foxcap exit 0" grep -q "^$1: exit 0" "$out/test.log"
	set -- "$1" $(capture_counts "$out/$1.err")
	received=${2:--1} written=${3:--1} dropped=${4:--1}
	if_dropped=$(sed -n "s/^$1: interface dropped \([0-9]*\)$/\1/p" \
		"$out/test.log")
	lost=$((${injected:-0} - received))
	expect "$1: every frame lost counted dropped ($lost lost; foxcap $dropped, interface ${if_dropped:-?})" \
		covered "$lost" "$dropped" "${if_dropped:--1}"
	expect "$1: every frame received written ($written)" \
		[ "$written" -eq "$received" ]
}

# The frames of a phase's files, which must be as cangen sent them; sets
# count, first, last and missing (see counter_check).
check_frames() { # PHASE FILE...
	phase=$1
	shift
	set -- $(frames "$dump" "$@" | counter_check)
	count=$1 first=$2 last=$3 missing=$4
	expect "$phase: frames in order, as cangen sent them ($5 bad)" \
		[ "$5" = 0 ]
}

[ "${VM_REUSE:-}" = 1 ] || rm -rf "$work"
mkdir -p "$work/data"
printf 'FLOOD_FRAMES=%s\nFLOOD_SECONDS=%s\nSTOP_FRAMES=%s\n' \
	"$frames_wanted" "$seconds" "$stop_frames" >"$work/data/flood.env"
[ "${VM_REUSE:-}" = 1 ] || VM_FILES="$work/data/flood.env" VM_TIMEOUT=400 \
	VM_OUT_MB=$((frames_wanted / 10000 + 200)) \
	"$here/vm.sh" "$work/out" "$here/guest_flood.sh" "$foxcap" \
	/usr/bin/cangen
vm_status=$?
out=$work/out
cat "$out/test.log" 2>/dev/null
tail -n 1 "$out/console.log"
[ "$vm_status" -eq 99 ] && exit 1

accounting million "$frames_wanted"
expect "million: at most 1 in 10 frames lost ($lost)" \
	[ $((lost * 10)) -le "$injected" ]
check_frames million "$out/million.pcapng"
expect "million: the file holds the $written frames written ($count)" \
	[ "$count" = "$written" ]
expect "million: frames within 0..$((frames_wanted - 1)) ($first..$last)" \
	[ "$last" -lt "$frames_wanted" ]
n=$(capinfos -c -M "$out/million.pcapng" 2>/dev/null | sed -n 's/^Number of packets: *//p')
expect "million: capinfos counts $written ($n)" [ "$n" = "$written" ]
[ "${VM_REUSE:-}" = 1 ] || rm -f "$out/million.pcapng"

accounting rotate
expect "rotate: at most 1 in 10 frames lost ($lost)" \
	[ $((lost * 10)) -le "$injected" ]
rotate_lost=$lost
set -- $(ls "$out"/ring/*.pcapng | sort)
expect "rotate: 4 files kept" [ $# -eq 4 ]
# foxcap starts a new file once a second has passed since the last one
# began; under load it wakes a little late each time (57 files in 60 s
# seen), so the count only tells rotation by time from none at all and
# from a new file at every wake-up.
files=$(basename "$4" | sed 's/^r_0*\([0-9]*\)_.*/\1/')
expect "rotate: a file a second or a little more ($files files in ${seconds} s)" \
	between "$files" $((seconds / 2)) $((seconds + 4))
for f in "$@"; do
	expect "rotate: $(basename "$f") readable" wireshark_reads "$f"
done
check_frames rotate "$@"
expect "rotate: kept files continue one another but for drops ($missing missing)" \
	[ "$missing" -le "$rotate_lost" ]

accounting stopped "$stop_frames"
expect "stopped: frames lost while foxcap was stopped ($lost)" \
	[ "$lost" -gt 0 ]
expect "stopped: capture readable" wireshark_reads "$out/stopped.pcapng"
check_frames stopped "$out/stopped.pcapng"
expect "stopped: the file holds the $written frames written ($count)" \
	[ "$count" = "$written" ]

echo "run_flood: $failures failures"
[ "$failures" -eq 0 ]
