#!/bin/sh
# The plugin built with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc -fsanitize=address,undefined -fno-sanitize-recover=undefined),
# loaded into the distribution's tshark with the ASan runtime preloaded,
# over the corpus, a mutated copy of it and random frames: one pass with
# the full tree, two passes with the full tree, and the summary and stats
# tree taps in one and two passes.
#
#   usage: tests/fuzz/asan-plugin.sh ASAN_PLUGIN_DIR FUZZ_FRAMES_TOOL [CAPTURE...]
# ASAN_PLUGIN_DIR is the sanitizer build's plugins dir (<dir>/4.0/epan/).
#
# Only the plugin (and the table code linked into it) is instrumented, so
# every UBSan report is ours; ASan's interceptors (memcpy, strlen, ...)
# also watch libwireshark and GLib, and any report fails the run.  Leak
# checking is off: LeakSanitizer cannot run in a process that changed its
# uid (tshark runs as nobody), and Wireshark frees its dissector tables
# only partly at exit; valgrind.sh checks the plugin for leaks instead.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
plugins=$1
tool=$2
shift 2
[ $# -gt 0 ] || set -- "$root"/test-captures/*.pcap \
	"$root"/test-captures/*.pcapng "$root"/test-captures/*.log

so=$(find "$plugins" -name foxess.so | head -n 1)
[ -n "$so" ] || { echo "no foxess.so under $plugins"; exit 1; }
asan=$(ldd "$so" | awk '/libasan/ {print $3}')
[ -n "$asan" ] || { echo "$so is not built with -fsanitize=address"; exit 1; }

work=$(mktemp -d /tmp/foxess-asan.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT

# The SocketCAN pcap captures appended into one file (a tshark start
# with the ASan runtime costs seconds); other formats as they are.
mkdir "$work/parts"
n=0
for f in "$@"; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	case "$f" in
	*.pcap)
		if capinfos -E "$f" 2>/dev/null | grep -q 'SocketCAN$'; then
			cp "$f" "$work/parts/$n.pcap"
			continue
		fi
		;;
	esac
	cp "$f" "$work/$(basename "$f")"
done
mergecap -a -F pcap -w "$work/corpus.pcap" "$work"/parts/*.pcap
rm -r "$work/parts"
editcap -E 0.2 --seed 7 -o 8 -F pcap "$work/corpus.pcap" \
	"$work/mutated.pcap" 2>/dev/null
"$tool" random 7 20000 "$work/random.pcap"

frames=0
runs=0
for f in "$work"/*; do
	[ -f "$f" ] || continue
	count=$(capinfos -c -M "$f" 2>/dev/null | awk '/packets:/ {print $NF}')
	for args in "-nVxr" "-2 -nVr" "-q -z foxess,summary -z foxess,tree -r" \
		"-2 -q -z foxess,summary -r"; do
		rc=0
		# shellcheck disable=SC2086
		LD_PRELOAD=$asan \
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_odr_violation=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \
		FOXESS_PLUGIN_DIR=$plugins \
			"$root/tests/tshark.sh" $args "$f" >"$work/out" \
			2>"$work/err" || rc=$?
		if [ "$rc" != 0 ] || [ -s "$work/err" ] ||
			grep -q 'Dissector bug' "$work/out"; then
			echo "FAIL: tshark $args $(basename "$f"): exit $rc"
			head -n 60 "$work/err"
			exit 1
		fi
		grep -q FoxESS "$work/out" || {
			echo "FAIL: tshark $args $(basename "$f"): no FoxESS output"
			exit 1
		}
		runs=$((runs + 1))
		frames=$((frames + count))
	done
	echo "ok: $(basename "$f"), $count frames, 4 tshark runs"
done
echo "PASS: $runs tshark runs with the ASan/UBSan plugin, $frames frames" \
	"in total, 0 sanitizer reports"
