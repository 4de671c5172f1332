#!/bin/sh
# Decoding benchmark: the 24-hour scenario of foxsim (about 2.2 M frames)
# read by tshark in every way the issue asks about, one after the other in
# the same run, each under /usr/bin/time -v.  Prints one line per case:
# wall and CPU (user + system) seconds, peak RSS, output size, and the
# CPU-time ratio to its reference case (CPU time, because wall time moves
# with whatever else the machine runs).  Not a test: numbers, for
# docs/performance.md.
#
#   usage: tests/bench/bench.sh BUILD_DIR [SECONDS_OF_TRAFFIC]
# BUILD_DIR is a build of this project (foxsim and the plugin);
# SECONDS_OF_TRAFFIC shortens the scenario for a quick look.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt install time"; exit 1; }

work=$(mktemp -d /tmp/foxess-bench.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT
export FOXESS_PLUGIN_DIR="$build/plugins"

"$build/tools/foxsim/foxsim" -s 12 ${seconds:+--duration "$seconds"} \
	-o "$work/day.pcap" 2>"$work/foxsim.err"
chmod a+r "$work/day.pcap"
cp "$here/foxess.lua" "$work/"
chmod a+r "$work/foxess.lua"
cc -O2 -I"$root/include" -o "$work/signal-pdu-uat" \
	"$here/signal-pdu-uat.c" "$root/lib/protocol.c" -lm
"$work/signal-pdu-uat" request limits pack temps status cells info energy \
	state >"$work/uat.txt"

frames=$(capinfos -c -M "$work/day.pcap" | awk '/packets:/ {print $NF}')
size=$(du -m "$work/day.pcap" | cut -f1)
echo "capture: foxsim -s 12 ${seconds:+--duration $seconds }->" \
	"$frames frames, $size MB"
echo "machine: $(nproc) x $(awk -F': ' '/model name/ {print $2; exit}' \
	/proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
	"$(tshark -v 2>/dev/null | head -n 1)"
echo

bare="--disable-protocol foxess --disable-protocol pylontech"
common="-e frame.number -e frame.time_epoch -e can.id"
uat=
while IFS= read -r line; do
	uat="$uat -o '$line'"
done <"$work/uat.txt"

# run NAME REFERENCE TSHARK-ARGS: one timed tshark run.
printf '%-22s %8s %8s %9s %10s %8s  %s\n' case wall_s cpu_s rss_MB \
	output_MB ratio "vs"
run() {
	name=$1
	ref=$2
	shift 2
	eval "set -- $*"
	# -V output (GBs for the whole day) is only counted, not kept
	case $name in
	*-V)
		/usr/bin/time -v -o "$work/$name.time" "$root/tests/tshark.sh" \
			"$@" -r "$work/day.pcap" 2>"$work/$name.err" |
			wc -c >"$work/$name.bytes"
		;;
	*)
		/usr/bin/time -v -o "$work/$name.time" "$root/tests/tshark.sh" \
			"$@" -r "$work/day.pcap" >"$work/$name.out" \
			2>"$work/$name.err"
		wc -c <"$work/$name.out" >"$work/$name.bytes"
		;;
	esac
	awk -v name="$name" -v ref="$ref" -v dir="$work" \
		-v out="$(awk '{printf "%.0f", $1 / 1048576}' "$work/$name.bytes")" '
	/Elapsed \(wall clock\)/ {
		n = split($NF, t, ":"); wall = 0
		for (i = 1; i <= n; i++) wall = wall * 60 + t[i]
	}
	/User time/ { cpu += $NF }
	/System time/ { cpu += $NF }
	/Maximum resident set size/ { rss = $NF / 1024 }
	END {
		ratio = "-"
		if (ref != "-" && (getline line < (dir "/" ref ".cpu")) > 0)
			ratio = sprintf("%.2f", cpu / line)
		print cpu > (dir "/" name ".cpu")
		printf "%-22s %8.1f %8.1f %9.0f %10s %8s  %s\n", name, wall,
			cpu, rss, out, ratio, ref
	}' "$work/$name.time"
	if [ -s "$work/$name.err" ]; then
		echo "  stderr: $(head -c 300 "$work/$name.err")"
	fi
}

run bare-fields - "$bare -T fields $common -e data.data"
run plugin-fields bare-fields "-T fields $common -e foxess.pack.voltage" \
	"-e foxess.pack.current -e foxess.pack.soc" \
	"-e foxess.cells.voltage_max -e foxess.cells.voltage_min"
run lua-fields plugin-fields "$bare -X lua_script:$work/foxess.lua" \
	"-T fields $common -e luafox.pack.voltage -e luafox.pack.current" \
	"-e luafox.pack.soc -e luafox.cells.voltage_max" \
	"-e luafox.cells.voltage_min"
run signal-pdu-fields plugin-fields "$bare" \
	"--enable-heuristic signal_pdu_can_heur $uat -T fields $common" \
	"-e signal_pdu.foxess_pack_voltage -e signal_pdu.foxess_pack_current" \
	"-e signal_pdu.foxess_pack_soc" \
	"-e signal_pdu.foxess_cells_voltage_max" \
	"-e signal_pdu.foxess_cells_voltage_min"
run bare-lines - "$bare"
run plugin-one-pass bare-lines ""
run bare-two-pass bare-lines "$bare -2"
run plugin-two-pass plugin-one-pass "-2"
run plugin-summary plugin-one-pass "-q -z foxess,summary"
run lua-lines plugin-one-pass "$bare -X lua_script:$work/foxess.lua"
run signal-pdu-lines plugin-one-pass \
	"$bare --enable-heuristic signal_pdu_can_heur $uat"
run bare-V - "$bare -V"
run plugin-V bare-V "-V"
run lua-V plugin-V "$bare -X lua_script:$work/foxess.lua -V"
run signal-pdu-V plugin-V "$bare --enable-heuristic signal_pdu_can_heur $uat -V"

echo
echo "plugin-fields rows with a pack voltage: $(awk -F'\t' '$4 != ""' \
	"$work/plugin-fields.out" | wc -l)," \
	"lua-fields: $(awk -F'\t' '$4 != ""' "$work/lua-fields.out" | wc -l)," \
	"signal-pdu-fields: $(awk -F'\t' '$4 != ""' \
	"$work/signal-pdu-fields.out" | wc -l)"
