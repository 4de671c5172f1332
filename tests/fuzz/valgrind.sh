#!/bin/sh
# valgrind memcheck of tshark with the plugin over a small capture (two
# scenarios of the corpus, the malformed one and random frames), in one
# pass with the full tree and in two passes with the summary and stats
# taps.  Fails on any memcheck error with a frame of our code (plugin/ and
# lib/ sources, or foxess.so) in its stack, and on any definite leak our
# code allocated; the rest (libwireshark, GLib, and tshark not freeing
# the -z stats trees at exit) is counted and printed, not failed on.
# Registration-time memory is suppressed: see valgrind-registration.supp.
#
#   usage: FOXESS_PLUGIN_DIR=<build>/plugins tests/fuzz/valgrind.sh \
#		FUZZ_FRAMES_TOOL [CAPTURE...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=$1
shift
[ $# -gt 0 ] || set -- "$root/test-captures/02-bms-lost-30s.pcap" \
	"$root/test-captures/10-malformed.pcap"
command -v valgrind >/dev/null || {
	echo "SKIP: valgrind not installed (apt install valgrind)"
	exit 77
}

work=$(mktemp -d /tmp/foxess-valgrind.XXXXXX)
chmod 0777 "$work"
trap '[ -n "${FOXESS_KEEP:-}" ] || rm -rf "$work"' EXIT
mkdir "$work/bin"
cp "$here/valgrind-registration.supp" "$work/"
cat >"$work/bin/tshark" <<WRAP
#!/bin/sh
exec valgrind --tool=memcheck --leak-check=full \\
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \\
	--keep-debuginfo=yes --num-callers=50 \\
	--suppressions=$work/valgrind-registration.supp \\
	--log-file=$work/memcheck.%p $(command -v tshark) "\$@"
WRAP
chmod 0755 "$work/bin/tshark"
chmod -R a+rX "$work"

for f in "$@"; do
	editcap -F pcap "$f" "$work/part-$(basename "$f")" 2>/dev/null
done
"$tool" random 11 2000 "$work/part-random.pcap"
mergecap -a -F pcap -w "$work/small.pcap" "$work"/part-*
frames=$(capinfos -c -M "$work/small.pcap" | awk '/packets:/ {print $NF}')
chmod a+r "$work/small.pcap"

# tshark.sh finds tshark on PATH: the wrapper above.
PATH="$work/bin:$PATH" "$root/tests/tshark.sh" -nVxr "$work/small.pcap" \
	>"$work/one-pass.out"
PATH="$work/bin:$PATH" "$root/tests/tshark.sh" -2 -nV -z foxess,summary \
	-z foxess,tree -r "$work/small.pcap" >"$work/two-pass.out"
grep -q 'FoxESS' "$work/one-pass.out" || { echo "FAIL: no FoxESS output"; exit 1; }

ours=$(cd "$root" && ls plugin/*.c lib/*.c | sed 's|.*/||' | paste -sd'|')
status=0
for log in "$work"/memcheck.*; do
	# one block per error: lines between "==pid== " separators
	awk -v ours="($ours|foxess\\.so)" -v logname="$log" '
	# A leak is ours when our code called the allocator (the first
	# frame outside memcheck and GLib); memory that libwireshark
	# allocates for itself on our call (stats tree nodes) is not.
	# Any other error is ours when our code is anywhere in the stack.
	function flush() {
		if (blk ~ /are definitely lost in loss record/)
			mine = caller ~ ours
		else if (blk ~ /(Invalid|uninitialised|Mismatched|overlap|Syscall param|Source and destination)/)
			mine = blk ~ ours
		else
			mine = -1
		if (mine == 1) { n_ours++; print blk > "/dev/stderr" }
		else if (mine == 0) n_other++
		blk = ""; caller = ""
	}
	/^==[0-9]+== $/ { flush(); next }
	{ blk = blk "\n" $0 }
	caller == "" && / (at|by) 0x/ && !/vgpreload|libglib/ { caller = $0 }
	/ERROR SUMMARY/ { summary = $0 }
	END {
		flush()
		sub(/^==[0-9]+== /, "", summary)
		printf "%s: %d in our code, %d elsewhere; %s\n",
			logname, n_ours, n_other, summary
		exit n_ours > 0
	}' "$log" || status=1
done
if [ "$status" != 0 ]; then
	echo "FAIL: memcheck errors in plugin code (stacks above)"
	exit 1
fi
echo "PASS: valgrind memcheck, tshark + plugin over $frames frames, one and" \
	"two passes with summary and stats taps: 0 errors in plugin code"
