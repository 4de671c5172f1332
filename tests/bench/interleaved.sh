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
#   usage: tests/bench/interleaved.sh BUILD_DIR [SECONDS_OF_TRAFFIC [ROUNDS]]
# The capture is foxsim's 24-hour scenario (-s 12), shortened to
# SECONDS_OF_TRAFFIC when given (43200 = the first 12 hours); ROUNDS
# defaults to 5.  Needs GNU time (Debian package "time").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-}
rounds=${3:-5}
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
		if [ "$2" = bare ]; then
			echo "$b -T fields $common -e data.data"
		else
			echo "-T fields $common $five"
		fi
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

run() { # NAME plugin|bare ROUND
	/usr/bin/time -f '%U %S %M' -o "$work/t" "$root/tests/tshark.sh" \
		$(args_of "$1" "$2") -r "$work/cap.pcap" >/dev/null 2>"$work/err"
	awk -v c="$1" -v w="$2" '{ printf "%s %s %.2f %d\n", c, w, $1 + $2,
		$3 / 1024 }' "$work/t" >>"$work/results"
}

: >"$work/results"
r=1
while [ $r -le "$rounds" ]; do
	for c in $cases; do
		run "$c" bare
		run "$c" plugin
	done
	r=$((r + 1))
done

printf '%-9s %9s %9s %7s %7s %8s %8s %7s\n' case bare_cpu plug_cpu spread \
	ratio bare_MB plug_MB rss
awk '{
	k = $1 " " $2
	if (!(k in min) || $3 < min[k]) min[k] = $3
	if (!(k in max) || $3 > max[k]) max[k] = $3
	if ($4 > rss[k]) rss[k] = $4
	if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
}
END {
	for (i = 1; i <= n; i++) {
		c = order[i]; b = c " bare"; p = c " plugin"
		sb = 100 * (max[b] - min[b]) / min[b]
		sp = 100 * (max[p] - min[p]) / min[p]
		printf "%-9s %9.2f %9.2f %3.0f/%-3.0f %6.2fx %8d %8d %+6.1f%%\n",
			c, min[b], min[p], sb, sp, min[p] / min[b], rss[b],
			rss[p], 100 * (rss[p] - rss[b]) / rss[b]
	}
}' "$work/results"
echo "(cpu: minimum s over the rounds; spread: (max - min) / min in %," \
	"bare/plugin; rss: peak, MB)"
