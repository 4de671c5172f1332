#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxsim -I against a real SocketCAN kernel: in qemu, foxsim transmits a
# scenario on vcan0 in real time while foxcap captures it.  On the host
# the capture must hold the frames foxsim generates for the same
# arguments (the generator is deterministic), byte for byte and in the
# same order, and tshark with the plugin must decode it exactly as it
# decodes the generated file.
#
# How late the frames went out is written to WORKDIR/timing and printed,
# not judged: it depends on how busy the host is.  The benchmark
# tests/bench/foxsim-transmit.sh runs this several times and reports it.
#
#   run_foxsim.sh FOXCAP FOXSIM PCAPNG_DUMP WORKDIR
# Environment: FOXESS_PLUGIN_DIR (the built plugin tree, for tshark).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
foxcap=$1
foxsim=$2
dump=$3
work=$4
scenario=1
duration=9
require_qemu
: "${FOXESS_PLUGIN_DIR:?set FOXESS_PLUGIN_DIR to the built plugins directory}"
tshark_plugin() { "$here/../../tshark.sh" "$@"; }

[ "${VM_REUSE:-}" = 1 ] || rm -rf "$work"
mkdir -p "$work/data"
printf 'SCENARIO=%s\nDURATION=%s\n' "$scenario" "$duration" \
	>"$work/data/foxsim.env"
"$foxsim" -s "$scenario" --duration "$duration" -o "$work/want.pcap" \
	--pcapng "$work/want.pcapng" 2>/dev/null || exit 1

[ "${VM_REUSE:-}" = 1 ] || VM_FILES="$work/data/foxsim.env" VM_TIMEOUT=120 \
	"$here/vm.sh" "$work/out" "$here/guest_foxsim.sh" "$foxcap" "$foxsim"
vm_status=$?
out=$work/out
cat "$out/test.log" "$out/foxsim.err" "$out/foxcap.err" 2>/dev/null
tail -n 1 "$out/console.log"
[ "$vm_status" -eq 99 ] && exit 1

sent=$(sed -n 's/^foxsim: .*: \([0-9]*\) frames$/\1/p' "$out/foxsim.err")
want=$("$dump" "$work/want.pcapng" | grep -vc '^#')
expect "foxsim -I: exit 0" grep -q "^foxsim: exit 0" "$out/test.log"
expect "foxsim -I: $want frames generated (said $sent)" [ "$sent" = "$want" ]
expect "vcan0 transmitted $want frames" \
	grep -q "^vcan0: $want frames transmitted" "$out/test.log"
expect "foxsim -o alongside -I: the same pcap as on the host" \
	cmp -s "$work/want.pcap" "$out/sent.pcap"
expect "foxcap: exit 0" grep -q "^foxcap: exit 0" "$out/test.log"
expect "foxcap: $want received and written, 0 dropped" grep -q \
	"$want frames received, $want written, 0 dropped" "$out/foxcap.err"
expect "tshark and capinfos read the capture" \
	wireshark_reads "$out/captured.pcapng"

# Frame by frame: IDs, flags and data, in order.  "TIME FRAME" lines, in
# timestamp order (see frames() in lib.sh).
"$dump" "$work/want.pcapng" | grep -v '^#' | cut -d' ' -f1,3 >"$work/want.txt"
"$dump" "$out/captured.pcapng" | grep -v '^#' | sort -s -k1,1 |
	cut -d' ' -f1,3 >"$work/got.txt"
cut -d' ' -f2 "$work/want.txt" >"$work/want.frames"
cut -d' ' -f2 "$work/got.txt" >"$work/got.frames"
expect "captured frames identical, in order ($(wc -l <"$work/got.frames") of $want)" \
	cmp -s "$work/want.frames" "$work/got.frames"
diff "$work/want.frames" "$work/got.frames" | head -n 5

# Timing, for the benchmark.  foxsim sleeps until each frame's time, so a
# frame can be late but never early: its lateness is its offset from the
# generated time minus the smallest such offset of the run.  Main polls
# (0x1871 with selector 00) are due 1 s apart.
paste -d' ' "$work/want.txt" "$work/got.txt" | awk '
	# "(SECONDS.FRACTION)" as seconds since BASE, without losing the
	# nanoseconds to a double holding the whole epoch time
	function whole(stamp) {
		return substr(stamp, 2, index(stamp, ".") - 2)
	}
	function secs(stamp, base,   p) {
		p = index(stamp, ".")
		return (substr(stamp, 2, p - 2) - base) + \
			("0." substr(stamp, p + 1, length(stamp) - p - 1))
	}
	NR == 1 {
		wbase = whole($1)
		gbase = whole($3)
	}
	{
		w = secs($1, wbase)
		g = secs($3, gbase)
		off[NR] = g - w
		if (NR == 1 || off[NR] < min)
			min = off[NR]
		if ($2 ~ /^00001871#0100010000/) {
			if (polls++) {
				d = (g - lastg) - 1
				if (d < 0)
					d = -d
				if (d > dmax)
					dmax = d
			}
			lastg = g
		}
	}
	END {
		for (i = 1; i <= NR; i++)
			printf "late %.6f %d\n", off[i] - min, i
		printf "period_error %.6f %d\n", dmax, polls
	}' >"$work/timing"
grep '^late ' "$work/timing" | sort -g -k2,2 >"$work/lateness"
at() { sed -n "${1}p" "$work/lateness" | cut -d' ' -f2; }
echo "timing: worst $(at '$') median $(at $(((want + 1) / 2)))" \
	"p95 $(at $(((want * 95 + 99) / 100)))" \
	"$(sed -n 's/^period_error \(.*\) \(.*\)/period_error \1 polls \2/p' \
		"$work/timing")" | tee "$work/timing.summary"

# tshark with the plugin: every frame is FoxESS, none malformed, and the
# decoded values and expert infos are those of the generated file.
decode() { # FILE
	tshark_plugin -r "$1" -T fields -e can.id -e foxess.pack.soc \
		-e foxess.pack.voltage -e foxess.pack.current \
		-e foxess.limits.charge_current_max 2>&1
}
decode "$work/want.pcapng" >"$work/want.decoded"
decode "$out/captured.pcapng" >"$work/got.decoded"
expect "tshark: decoded values identical to the generated file" \
	cmp -s "$work/want.decoded" "$work/got.decoded"
expect "tshark: SoC decoded" grep -q "	[0-9]" "$work/got.decoded"
n=$(tshark_plugin -r "$out/captured.pcapng" -Y foxess 2>/dev/null | wc -l)
expect "tshark: $want FoxESS frames (got $n)" [ "$n" = "$want" ]
n=$(tshark_plugin -r "$out/captured.pcapng" -Y _ws.malformed 2>/dev/null | wc -l)
expect "tshark: no malformed frame (got $n)" [ "$n" = 0 ]
# Expert infos of the Sequence group judge the timing (a poll sent 0.5 s
# late is a poll-interval warning): they follow the host's load like the
# lateness above, so they are printed, not compared.
experts() { # FILE SEQ: "COUNT GROUP PROTOCOL SUMMARY" lines, of the
	# Sequence group (SEQ 1) or of the others (SEQ 0)
	tshark_plugin -r "$1" -q -z expert 2>&1 |
		awk -v seq="$2" '$1 ~ /^[0-9]+$/ && NF > 3 &&
			(($2 == "Sequence") == seq)'
}
experts "$work/want.pcapng" 0 >"$work/want.expert"
experts "$out/captured.pcapng" 0 >"$work/got.expert"
expect "tshark: same expert infos as the generated file, timing aside ($(grep -c '' "$work/got.expert") kinds)" \
	cmp -s "$work/want.expert" "$work/got.expert"
experts "$out/captured.pcapng" 1 | sed 's/^/timing: expert info /'

echo "run_foxsim: $failures failures"
[ "$failures" -eq 0 ]
