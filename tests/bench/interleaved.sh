#!/bin/sh
# The speed and memory targets of the bus-engine issue, measured as
# interleaved pairs: each round runs every case once, bare tshark (plugin
# loaded but disabled) and with the plugin, one after the other, so that
# load from the rest of the machine hits both alike.  Per case it prints
# the minimum CPU time (user + system) over the rounds, the spread (max -
# min, as a % of the minimum), the ratio of the minimums plugin / bare, and
# the peak RSS (largest over the rounds) with its difference to bare.  Not
# a test: numbers, for docs/performance.md.
#
#   usage: [BASELINE=OTHER_BUILD_DIR] tests/bench/interleaved.sh BUILD_DIR
#          [SECONDS_OF_TRAFFIC [ROUNDS]]
# The capture is foxsim's 24-hour scenario (-s 12), shortened to
# SECONDS_OF_TRAFFIC when given (43200 = the first 12 hours); ROUNDS
# defaults to 5.  With BASELINE (say, a build of main), every round also
# runs that build's plugin, right after bare tshark and before BUILD's,
# and the table adds its CPU time and ratio: before and after a change
# measured under the same load.  Needs GNU time (Debian package "time").
#
# Every case gives bare tshark the same arguments as the plugin (bare
# prints the FoxESS fields empty), except the summary report, which is
# set against bare summary lines.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-}
rounds=${3:-5}
baseline=${BASELINE:+$(cd "$BASELINE" && pwd)}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt install time"; exit 1; }

work=$(mktemp -d /tmp/foxess-bench.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT
export FOXESS_PLUGIN_DIR="$build/plugins"
"$build/tools/foxsim/foxsim" -s 12 ${seconds:+--duration "$seconds"} \
	-o "$work/cap.pcap" 2>/dev/null
chmod a+r "$work/cap.pcap"
frames=$(capinfos -c -M "$work/cap.pcap" | awk '/packets:/ {print $NF}')
echo "capture: foxsim -s 12 ${seconds:+--duration $seconds }-> $frames frames;" \
	"$rounds interleaved rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"

bare="--disable-protocol foxess --disable-protocol pylontech"
common="-e frame.number -e frame.time_epoch -e can.id"
five="-e foxess.pack.voltage -e foxess.pack.current -e foxess.pack.soc
	-e foxess.cells.voltage_max -e foxess.cells.voltage_min"

# case NAME ARGS: the arguments of one tshark run
cases="fields lines two-pass summary"
args_of() { # NAME plugin|bare
	b=
	[ "$2" = bare ] && b=$bare
	case $1 in
	fields)
		# Same columns both ways.  Bare tshark once printed
		# data.data instead of the five (empty) FoxESS fields: hex
		# text for every frame, a third more output, which made bare
		# slower and the plugin look cheaper than it is.
		echo "$b -T fields $common $five"
		;;
	lines) echo "$b" ;;
	two-pass) echo "$b -2" ;;
	summary)
		# the report against bare summary lines, as the issue asks
		if [ "$2" = bare ]; then echo "$b"; else
			echo "-q -z foxess,summary"; fi
		;;
	esac
}

run() { # NAME plugin|base|bare
	side=$2
	dir=$build/plugins
	if [ "$side" = base ]; then
		side=plugin
		dir=$baseline/plugins
	fi
	FOXESS_PLUGIN_DIR=$dir /usr/bin/time -f '%U %S %M' -o "$work/t" \
		"$root/tests/tshark.sh" $(args_of "$1" "$side") \
		-r "$work/cap.pcap" >/dev/null 2>"$work/err"
	awk -v c="$1" -v w="$2" '{ printf "%s %s %.2f %d\n", c, w, $1 + $2,
		$3 / 1024 }' "$work/t" >>"$work/results"
}

: >"$work/results"
r=1
while [ $r -le "$rounds" ]; do
	for c in $cases; do
		run "$c" bare
		[ -z "$baseline" ] || run "$c" base
		run "$c" plugin
	done
	r=$((r + 1))
done

if [ -n "$baseline" ]; then
	echo "baseline: $baseline"
	echo "build:    $build"
fi
awk -v base="$baseline" '{
	k = $1 " " $2
	if (!(k in min) || $3 < min[k]) min[k] = $3
	if (!(k in max) || $3 > max[k]) max[k] = $3
	if ($4 > rss[k]) rss[k] = $4
	if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
}
function spread(k) { return 100 * (max[k] - min[k]) / min[k] }
END {
	if (base != "")
		printf "%-9s %8s %8s %8s %12s %6s %6s %6s %6s %6s %6s\n",
			"case", "bare_cpu", "base_cpu", "plug_cpu",
			"spread", "base", "plug", "bareMB", "baseMB",
			"plugMB", "rss"
	else
		printf "%-9s %9s %9s %7s %7s %8s %8s %7s\n", "case",
			"bare_cpu", "plug_cpu", "spread", "ratio", "bare_MB",
			"plug_MB", "rss"
	for (i = 1; i <= n; i++) {
		c = order[i]; b = c " bare"; p = c " plugin"; o = c " base"
		if (base != "")
			printf "%-9s %8.2f %8.2f %8.2f %12s" \
				" %5.2fx %5.2fx %6d %6d %6d %+5.1f%%\n",
				c, min[b], min[o], min[p],
				sprintf("%.0f/%.0f/%.0f", spread(b), spread(o),
					spread(p)), min[o] / min[b],
				min[p] / min[b], rss[b], rss[o], rss[p],
				100 * (rss[p] - rss[b]) / rss[b]
		else
			printf "%-9s %9.2f %9.2f %3.0f/%-3.0f %6.2fx %8d" \
				" %8d %+6.1f%%\n", c, min[b], min[p],
				spread(b), spread(p), min[p] / min[b], rss[b],
				rss[p], 100 * (rss[p] - rss[b]) / rss[b]
	}
}' "$work/results"
if [ -n "$baseline" ]; then
	echo "(cpu: minimum s over the rounds; spread: (max - min) / min in %," \
		"bare/base/plugin; base, plug: CPU ratio to bare;" \
		"rss: peak MB, and the plugin's over bare)"
else
	echo "(cpu: minimum s over the rounds; spread: (max - min) / min in %," \
		"bare/plugin; rss: peak, MB)"
fi
