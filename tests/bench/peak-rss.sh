#!/bin/sh
# Peak RSS of tshark (GNU time's %M) on foxsim's 24-hour scenario (-s 12),
# bare (plugin loaded but disabled) and with the plugin of each BUILD
# given (say, main and a branch, or one build per commit), in the four
# cases of interleaved.sh: -T fields with five FoxESS fields, summary
# lines, two passes, and -q -z foxess,summary (against bare summary
# lines).  One run each: peak RSS barely moves with the machine's load,
# unlike CPU time.  Not a test: numbers, for docs/performance.md.
#   usage: tests/bench/peak-rss.sh BUILD [BUILD...]
# SECONDS_OF_TRAFFIC (environment) shortens the scenario (43200 = the
# first 12 hours); FOXSIM (default: the first BUILD's) is the generator.
# Needs GNU time (Debian package "time").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -x /usr/bin/time ] || { echo "needs GNU time: apt install time"; exit 1; }
first=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/foxess-rss.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT
seconds=${SECONDS_OF_TRAFFIC:-}
"${FOXSIM:-$first/tools/foxsim/foxsim}" -s 12 \
	${seconds:+--duration "$seconds"} -o "$work/cap.pcap" 2>/dev/null
chmod a+r "$work/cap.pcap"
frames=$(capinfos -c -M "$work/cap.pcap" | awk '/packets:/ {print $NF}')
echo "capture: foxsim -s 12 ${seconds:+--duration $seconds }-> $frames frames"

bare="--disable-protocol foxess --disable-protocol pylontech"
common="-e frame.number -e frame.time_epoch -e can.id"
five="-e foxess.pack.voltage -e foxess.pack.current -e foxess.pack.soc
	-e foxess.cells.voltage_max -e foxess.cells.voltage_min"

rss() { # PLUGIN_DIR TSHARK_ARGS...: peak RSS in KB
	dir=$1
	shift
	FOXESS_PLUGIN_DIR=$dir /usr/bin/time -f '%M' -o "$work/t" \
		"$root/tests/tshark.sh" "$@" -r "$work/cap.pcap" \
		>/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	cat "$work/t"
}

n=0
for b; do
	n=$((n + 1))
	echo "build $n: $(cd "$b" && pwd)"
done
printf '%-9s %9s' case bare_KB
n=0
for b; do
	n=$((n + 1))
	printf ' %16s' "build $n KB"
done
echo
for c in fields lines two-pass summary; do
	case $c in
	fields) args="-T fields $common $five" ;;
	lines) args="" ;;
	two-pass) args="-2" ;;
	summary) args="-q -z foxess,summary" ;;
	esac
	# bare tshark gets the same arguments, but summary lines for the
	# report (as interleaved.sh)
	bare_args=$args
	[ "$c" = summary ] && bare_args=""
	base=$(rss "$first/plugins" $bare $bare_args)
	printf '%-9s %9d' "$c" "$base"
	for b; do
		kb=$(rss "$(cd "$b" && pwd)/plugins" $args)
		printf ' %9d %+5.1f%%' "$kb" \
			"$(echo "$kb $base" | awk '{ print 100 * ($1 - $2) / $2 }')"
	done
	echo
done
echo "(peak RSS in KB, /usr/bin/time %M, one run each; % over bare)"
