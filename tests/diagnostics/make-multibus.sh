#!/bin/sh
# Writes the multi-bus captures of test-captures/multibus/ and their ground
# truth, from foxsim's single-bus scenarios: every bus of a capture is a
# scenario foxsim generates on its own, put on its own capture interface.
# The truth of a multi-bus capture is the union of its buses' own truths,
# each row moved to the frame number that frame got in the merged file and
# marked with its bus ("bus=can1" appended to the details).
#   usage: tests/diagnostics/make-multibus.sh <build-dir>
# Needs foxsim and foxcap from the build, tshark and mergecap.  Then review
# `git diff test-captures/multibus` before committing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../../test-captures/multibus
build=$(cd "$1" && pwd)
foxsim=$build/tools/foxsim/foxsim
foxcap=$build/capture/foxcap
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
start=1715245200 # 2024-05-09 09:00:00 UTC, as the corpus

# A candump log of one scenario on channel $2 (foxsim writes can0).
scenario_log() { # scenario channel file [foxsim options]
	s=$1 ch=$2 f=$3
	shift 3
	"$foxsim" -s "$s" "$@" --candump "$tmp/$f.log" -g "$tmp/$f.truth" \
		>/dev/null 2>&1
	sed "s/) can0 /) $ch /" "$tmp/$f.log" >"$tmp/$f.$ch.log"
}

# Merge candump logs by time (stable: equal times keep file order) and
# convert them into a pcapng with one named interface per channel.
merge_logs() { # out.pcapng logs...
	o=$1
	shift
	sort -s -k1,1 "$@" >"$tmp/merged.log"
	"$foxcap" convert "$tmp/merged.log" "$o"
}

# The merged truth: each bus's truth rows, frame and time as in the merged
# capture.  Arguments: capture, then triples "interface-id label truth".
merge_truth() {
	cap=$1
	shift
	tshark -r "$cap" -T fields -E separator=, -e frame.number \
		-e frame.interface_id -e frame.time_relative 2>/dev/null \
		>"$tmp/frames"
	echo "frame,time,event,details"
	while [ $# -gt 0 ]; do
		awk -F, -v id="$1" -v bus="$2" '
		NR == FNR {
			if ($2 == id) { n++; frame[n] = $1; t[n] = $3 }
			next
		}
		FNR > 1 {
			p = index($0, ","); k = substr($0, 1, p - 1)
			rest = substr($0, p + 1)
			p = index(rest, ","); rest = substr(rest, p + 1)
			sub(/"$/, ";bus=" bus "\"", rest)
			printf "%d,%.6f,%s\n", frame[k], t[k], rest
		}' "$tmp/frames" "$3"
		shift 3
	done | sort -t, -k1,1n -s
}

# 20: a healthy H-series bus (can0) and a FoxESS bus whose BMS goes
# silent for 30 s (can1), the case of the issue.
scenario_log 1 can0 healthy --duration 150
scenario_log 2 can1 lost
merge_logs "$out/20-healthy-and-bms-lost.pcapng" "$tmp/healthy.can0.log" \
	"$tmp/lost.can1.log"
merge_truth "$out/20-healthy-and-bms-lost.pcapng" 0 can0 \
	"$tmp/healthy.truth" 1 can1 "$tmp/lost.truth" \
	>"$out/20-healthy-and-bms-lost.truth.csv"

# 21: two FoxESS systems, EP (with faults) and H (charge inhibit at 60 %),
# merged from two pcaps by mergecap (-I none: one interface each, as
# mergecap would otherwise fold identical ones): interfaces without names.
"$foxsim" -s 11c-ep-faults -o "$tmp/ep.pcap" -g "$tmp/ep.truth" >/dev/null 2>&1
"$foxsim" -s 05b-charge-inhibit-60 -o "$tmp/h.pcap" -g "$tmp/h.truth" \
	>/dev/null 2>&1
mergecap -I none -F pcapng -w "$out/21-ep-and-h.pcapng" "$tmp/ep.pcap" "$tmp/h.pcap"
merge_truth "$out/21-ep-and-h.pcapng" 0 "interface 0" "$tmp/ep.truth" \
	1 "interface 1" "$tmp/h.truth" >"$out/21-ep-and-h.truth.csv"

# 22: a four-channel Battery-Emulator-style log.  can0: the FoxESS bus,
# BMS silent from 60 s to 90 s; can1 and can3: a vehicle battery's 11-bit
# traffic (synthetic IDs and counters); can2: a Pylontech link (the
# 11-bit broadcasts of scenario 8, from 40 s on).  Nothing on can1..can3
# may change what can0 shows: no protocol mismatch, no foreign frames.
scenario_log 2 can0 fox
scenario_log 8 can2 pylon --start $((start + 40))
grep -E '\) can2 [0-9A-F]{3}#' "$tmp/pylon.can2.log" >"$tmp/pylon11.log"
awk -v s=$start 'BEGIN {
	for (i = 0; i < 1500; i++) {
		t = s + i / 10.0
		printf "(%d.%06d) can1 1DB#%02X%02X0000000000%02X\n", t,
			(t - int(t)) * 1e6 + 0.5, i % 256, 200 - i % 50, i % 4
		if (i % 10 == 5)
			printf "(%d.%06d) can1 55B#%02X000000000000%02X\n", t,
				(t - int(t)) * 1e6 + 0.5, i / 10 % 256, i % 4
		if (i % 10 == 7)
			printf "(%d.%06d) can3 7BB#10%02X610100000000\n", t,
				(t - int(t)) * 1e6 + 0.5, i / 10 % 256
	}
}' >"$tmp/vehicle.log"
merge_logs "$out/22-four-channels.pcapng" "$tmp/fox.can0.log" \
	"$tmp/vehicle.log" "$tmp/pylon11.log"
merge_truth "$out/22-four-channels.pcapng" 0 can0 "$tmp/fox.truth" \
	>"$out/22-four-channels.truth.csv"
ls -l "$out"
