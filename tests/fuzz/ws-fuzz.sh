#!/bin/sh
# Wireshark-style fuzz run of the plugin: the reference captures mutated
# with editcap -E (payload bytes only: -o 8 skips the SocketCAN ID, DLC and
# flags), plus random frames with IDs in the FoxESS and Pylontech ranges,
# decoded by tshark with the plugin in one pass (-nVxr) and two passes
# (-2 -nr), with Wireshark's own checks on:
#   WIRESHARK_ABORT_ON_DISSECTOR_BUG=1     a dissector bug aborts tshark
#   WIRESHARK_DEBUG_WMEM_OVERRIDE=strict   wmem checks every allocation
# Fails on any crash, abort, "Dissector bug" or message on stderr.
#
#   usage: FOXESS_PLUGIN_DIR=<build>/plugins tests/fuzz/ws-fuzz.sh \
#		FUZZ_FRAMES_TOOL MUTATED_FOXESS_FRAMES [CAPTURE...]
# Runs rounds until at least MUTATED_FOXESS_FRAMES FoxESS frames were
# actually changed by editcap (counted byte by byte against the original).
# Each round uses editcap --seed ROUND and a mutation rate from RATES, so
# a failing round is reproduced by its seed and rate (printed).
# Captures default to the SocketCAN pcap files in test-captures/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=$1
target=$2
shift 2
[ $# -gt 0 ] || set -- "$root"/test-captures/*.pcap "$root"/test-captures/*.pcapng
rates=${FOXESS_WSFUZZ_RATES:-"0.05 0.1 0.2 0.4"}
random_per_round=${FOXESS_WSFUZZ_RANDOM:-10000}
first_round=${FOXESS_WSFUZZ_FIRST_ROUND:-1}

work=$(mktemp -d /tmp/foxess-wsfuzz.XXXXXX)
chmod 0755 "$work"
keep=
trap '[ -n "$keep" ] || rm -rf "$work"' EXIT

# The base capture: every SocketCAN capture, appended, as classic pcap.
n=0
for f in "$@"; do
	[ -f "$f" ] || continue
	if ! capinfos -E "$f" 2>/dev/null | grep -q 'SocketCAN$'; then
		echo "skipping $f: not LINKTYPE_CAN_SOCKETCAN"
		continue
	fi
	n=$((n + 1))
	editcap -F pcap "$f" "$work/in-$n.pcap" 2>/dev/null
done
[ "$n" -gt 0 ] || { echo "no SocketCAN captures given"; exit 1; }
mergecap -a -F pcap -w "$work/base.pcap" "$work"/in-*.pcap
base_frames=$(capinfos -c -M "$work/base.pcap" | awk '/packets:/ {print $NF}')
echo "base: $n captures, $base_frames frames; rates: $rates;" \
	"$random_per_round random frames per round"

run_tshark() {
	# $1 = name for the output files; the rest = tshark arguments
	name=$1
	shift
	rc=0
	WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \
	WIRESHARK_DEBUG_WMEM_OVERRIDE=strict \
		"$root/tests/tshark.sh" "$@" >"$work/$name.out" \
		2>"$work/$name.err" || rc=$?
	bugs=$(grep -c 'Dissector bug' "$work/$name.out" || true)
	if [ "$rc" != 0 ] || [ "$bugs" != 0 ] || [ -s "$work/$name.err" ]; then
		keep=1
		echo "FAIL: round $round (editcap --seed $round -E $rate -o 8)," \
			"tshark $*: exit $rc, $bugs dissector bugs"
		head -n 20 "$work/$name.err"
		echo "input kept in $work/round.pcap"
		exit 1
	fi
}

start=$(date +%s)
round=$((first_round - 1))
mutated=0
mutated_foxess=0
random=0
frames=0
while [ "$mutated_foxess" -lt "$target" ]; do
	round=$((round + 1))
	set -- $rates
	shift $(((round - 1) % $#))
	rate=$1
	editcap -E "$rate" --seed "$round" -o 8 -F pcap "$work/base.pcap" \
		"$work/mutated.pcap" 2>/dev/null
	set -- $("$tool" diff "$work/base.pcap" "$work/mutated.pcap")
	mutated=$((mutated + $2))
	mutated_foxess=$((mutated_foxess + $3))
	"$tool" random "$round" "$random_per_round" "$work/random.pcap"
	random=$((random + random_per_round))
	mergecap -a -F pcap -w "$work/round.pcap" "$work/mutated.pcap" \
		"$work/random.pcap"
	frames=$((frames + base_frames + random_per_round))

	run_tshark one-pass -nVxr "$work/round.pcap"
	run_tshark two-pass -2 -nr "$work/round.pcap"
	printf 'round %d: -E %s, %d frames changed (%d FoxESS), %d random\n' \
		"$round" "$rate" "$2" "$3" "$random_per_round"
done
elapsed=$(($(date +%s) - start))
echo "PASS: $((round - first_round + 1)) rounds (seeds $first_round-$round), $frames frames decoded twice (one pass -nVxr," \
	"two pass -2 -nr): $mutated_foxess mutated FoxESS frames" \
	"($mutated mutated in all), $random random frames; 0 crashes," \
	"0 dissector bugs; ${elapsed} s"
