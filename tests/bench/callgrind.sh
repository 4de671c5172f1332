#!/bin/sh
# Instruction counts (valgrind --tool=callgrind, "Ir", start-up included)
# of tshark over 10 minutes of foxsim's day scenario (-s 12), bare and with
# the plugin of each BUILD given, in three modes: -T fields (five FoxESS
# fields), summary lines, -V.  "bare" is the first build's tshark with
# the same arguments and both protocols disabled; "(+N)" after a build's
# count is what its plugin adds.
# Counts, unlike times, barely move with the machine's load.
#   usage: tests/bench/callgrind.sh BUILD [BUILD...]   (e.g. before after)
# SECONDS_OF_TRAFFIC (environment, default 600) sets the scenario length;
# FOXSIM (default: the first BUILD's) the generator.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v valgrind >/dev/null || { echo "needs valgrind"; exit 1; }
work=$(mktemp -d /tmp/foxess-callgrind.XXXXXX)
chmod 0777 "$work"
trap 'rm -rf "$work"' EXIT
first=$(cd "$1" && pwd)
"${FOXSIM:-$first/tools/foxsim/foxsim}" -s 12 --duration "${SECONDS_OF_TRAFFIC:-600}" \
	-o "$work/cap.pcap" 2>/dev/null
chmod a+r "$work/cap.pcap"
frames=$(capinfos -c -M "$work/cap.pcap" | awk '/packets:/ {print $NF}')
mkdir "$work/bin"
cat >"$work/bin/tshark" <<WRAP
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$work/out.%p \\
	$(command -v tshark) "\$@"
WRAP
chmod 0755 "$work/bin/tshark"

bare="--disable-protocol foxess --disable-protocol pylontech"
fields="-T fields -e frame.number -e frame.time_epoch -e can.id
	-e foxess.pack.voltage -e foxess.pack.current -e foxess.pack.soc
	-e foxess.cells.voltage_max -e foxess.cells.voltage_min"

# ir PLUGIN_DIR ARGS...: instructions of one tshark run, in millions.
ir() {
	dir=$1
	shift
	rm -f "$work"/out.*
	FOXESS_PLUGIN_DIR=$dir PATH="$work/bin:$PATH" "$root/tests/tshark.sh" \
		-r "$work/cap.pcap" "$@" >/dev/null 2>"$work/err"
	awk '/^(summary|totals):/ { n = $2 } END { printf "%.0f", n / 1e6 }' \
		"$work"/out.*
}

echo "callgrind: tshark over $frames frames (foxsim -s 12," \
	"${SECONDS_OF_TRAFFIC:-600} s), instructions in millions (Ir)"
k=0
for b in "$@"; do
	k=$((k + 1))
	echo "build $k: $(cd "$b" && pwd)"
done
printf '%-10s %8s' mode bare
k=0
for b in "$@"; do
	k=$((k + 1))
	printf ' %22s' "build $k (plugin)"
done
echo
for mode in fields lines V; do
	case $mode in
	fields) args=$fields ;;
	lines) args="" ;;
	V) args="-V" ;;
	esac
	# shellcheck disable=SC2086
	base=$(ir "$first/plugins" $bare $args)
	printf '%-10s %8s' "$mode" "$base"
	for b in "$@"; do
		# shellcheck disable=SC2086
		n=$(ir "$(cd "$b" && pwd)/plugins" $args)
		printf ' %22s' "$n (+$((n - base)))"
	done
	echo
done
