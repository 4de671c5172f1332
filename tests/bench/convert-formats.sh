#!/bin/sh
# Conversion speed of foxcap convert for each log format it reads: one
# million frames of FoxESS-like traffic (8-byte 29-bit frames, a few 11-bit
# ones, two channels) written in each format by awk, converted three times,
# the fastest run reported as frames per second of CPU time (user +
# system), with the spread of the three.  Not a test: numbers.
#
#   usage: tests/bench/convert-formats.sh FOXCAP [FRAMES]
set -eu
foxcap=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
frames=${2:-1000000}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt install time"; exit 1; }
work=$(mktemp -d /tmp/foxcap-convert-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

# One frame per line: seconds, microseconds, channel (0/1), ID, 29-bit,
# the 8 data bytes in hex; each format's writer below formats it.
awk -v n="$frames" 'BEGIN {
	for (i = 0; i < n; i++) {
		t = i * 1003
		ext = i % 10 != 9
		id = ext ? 6257 + i % 9 : 849
		printf "%d %06d %d %d %d", 1700000000 + int(t / 1000000),
			t % 1000000, i % 2, id, ext
		for (j = 0; j < 8; j++) printf " %02X", (i * (j + 3)) % 256
		printf "\n"
	}
}' >frames.txt

awk '{ printf "(%d.%s) can%d %s#%s%s%s%s%s%s%s%s\n", $1, $2, $3,
	sprintf($5 ? "%08X" : "%03X", $4), $6, $7, $8, $9, $10, $11, $12, $13 }' \
	frames.txt >bench.log
awk 'BEGIN { print "date Tue Nov 14 10:13:20.000 pm 2023";
	print "base hex  timestamps absolute"; print "internal events logged";
	print "Begin Triggerblock Tue Nov 14 10:13:20.000 pm 2023" }
{ printf "%11.6f %d  %-15s Rx   d 8 %s %s %s %s %s %s %s %s\n",
	$1 - 1700000000 + $2 / 1e6, $3 + 1,
	sprintf($5 ? "%Xx" : "%X", $4), $6, $7, $8, $9, $10, $11, $12, $13 }
END { print "End TriggerBlock" }' frames.txt >bench.asc
awk 'BEGIN { print ";$FILEVERSION=1.1"; print ";$STARTTIME=45244.9259259259" }
{ printf "%7d)  %11.1f  Rx  %8s  8  %s %s %s %s %s %s %s %s\n", NR,
	($1 - 1700000000) * 1000 + $2 / 1000,
	sprintf($5 ? "%08X" : "%04X", $4), $6, $7, $8, $9, $10, $11, $12, $13 }' \
	frames.txt >bench11.trc
awk 'BEGIN { print ";$FILEVERSION=2.1"; print ";$STARTTIME=45244.9259259259";
	print ";$COLUMNS=N,O,T,B,I,d,R,L,D" }
{ printf "%7d %13.3f DT %2d %8s Rx -  8    %s %s %s %s %s %s %s %s\n", NR,
	($1 - 1700000000) * 1000 + $2 / 1000, $3 + 1,
	sprintf($5 ? "%08X" : "%04X", $4), $6, $7, $8, $9, $10, $11, $12, $13 }' \
	frames.txt >bench21.trc
awk 'BEGIN { print "Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8" }
{ printf "%d%s,%08X,%s,Rx,%d,8,%s,%s,%s,%s,%s,%s,%s,%s,\n", $1, $2, $4,
	$5 ? "true" : "false", $3, $6, $7, $8, $9, $10, $11, $12, $13 }' \
	frames.txt >bench.csv

echo "frames: $frames per file; machine: $(nproc) x $(awk -F': ' \
	'/model name/ {print $2; exit}' /proc/cpuinfo)"
printf '%-12s %8s %12s %12s\n' format MB frames/s spread
for f in bench.log bench.asc bench11.trc bench21.trc bench.csv; do
	for run in 1 2 3; do
		/usr/bin/time -f '%U %S' -o time.txt \
			"$foxcap" convert "$f" out.pcapng 2>convert.err ||
			{ cat convert.err; exit 1; }
		awk '{ print $1 + $2 }' time.txt
	done >times.txt
	sort -n times.txt | awk -v f="$f" -v n="$frames" \
		-v mb="$(du -m "$f" | cut -f1)" '
		NR == 1 { min = $1 } { max = $1 }
		END {
			if (min <= 0) min = 0.01 # below time(1) resolution
			printf "%-12s %8d %12.0f %11.0f%%\n", f, mb, n / min,
				(max - min) / min * 100
		}'
done
