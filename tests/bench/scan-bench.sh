#!/bin/sh
# CPU time of foxess-scan against tshark -q -z foxess,summary (the plugin
# from this build) on foxsim's day-long capture, as interleaved pairs:
# each round runs tshark then foxess-scan, so that load from the rest of
# the machine hits both alike.  Prints per tool the minimum CPU time (user
# + system) over the rounds, the spread ((max - min) / min), the peak RSS,
# and the ratio of the minimums; first checks that both print the same
# summary.  Not a test: numbers, for docs/performance.md.
#
#   usage: tests/bench/scan-bench.sh BUILD_DIR [ROUNDS [SECONDS_OF_TRAFFIC]]
# ROUNDS defaults to 5; SECONDS_OF_TRAFFIC shortens the day (foxsim
# --duration).  Needs GNU time (Debian package "time").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
rounds=${2:-5}
seconds=${3:-}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt install time"; exit 1; }

work=$(mktemp -d /tmp/foxess-scan-bench.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT
export FOXESS_PLUGIN_DIR="$build/plugins"
"$build/tools/foxsim/foxsim" -s 12 ${seconds:+--duration "$seconds"} \
	-o "$work/day.pcap" 2>/dev/null
chmod a+r "$work/day.pcap"
frames=$(capinfos -c -M "$work/day.pcap" | awk '/packets:/ {print $NF}')
echo "capture: foxsim -s 12 ${seconds:+--duration $seconds }-> $frames" \
	"frames; $rounds interleaved rounds; load average" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"

scan="$build/tools/scan/foxess-scan"
"$root/tests/tshark.sh" -r "$work/day.pcap" -q -z foxess,summary \
	>"$work/tshark.txt"
"$scan" "$work/day.pcap" >"$work/scan.txt"
if cmp -s "$work/tshark.txt" "$work/scan.txt"; then
	echo "summaries: identical ($(grep -c '' "$work/scan.txt") lines)"
else
	echo "summaries DIFFER:"
	diff "$work/tshark.txt" "$work/scan.txt" || true
fi

run() { # NAME COMMAND...
	name=$1
	shift
	/usr/bin/time -f '%U %S %M' -o "$work/t" "$@" >/dev/null 2>"$work/err"
	awk -v c="$name" '{ printf "%s %.3f %d\n", c, $1 + $2, $3 / 1024 }' \
		"$work/t" >>"$work/results"
}

: >"$work/results"
r=1
while [ "$r" -le "$rounds" ]; do
	run tshark "$root/tests/tshark.sh" -r "$work/day.pcap" -q \
		-z foxess,summary
	run scan "$scan" "$work/day.pcap"
	r=$((r + 1))
done

awk -v frames="$frames" '{
	if (!($1 in min) || $2 < min[$1]) min[$1] = $2
	if (!($1 in max) || $2 > max[$1]) max[$1] = $2
	if ($3 > rss[$1]) rss[$1] = $3
}
END {
	printf "%-12s %9s %9s %7s %8s\n", "tool", "cpu_s", "us/frame",
		"spread", "rss_MB"
	split("tshark scan", t, " ")
	for (i = 1; i <= 2; i++) {
		c = t[i]
		printf "%-12s %9.3f %9.3f %6.1f%% %8d\n", c, min[c],
			1e6 * min[c] / frames,
			100 * (max[c] - min[c]) / min[c], rss[c]
	}
	printf "ratio: tshark / foxess-scan CPU = %.1fx (minimums)\n",
		min["tshark"] / min["scan"]
}' "$work/results"
echo "(cpu: minimum user+system s over the rounds; spread: (max - min) /" \
	"min; rss: peak)"
