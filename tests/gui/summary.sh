#!/bin/sh
# The support-ticket summary as the real Wireshark GUI computes it: the
# GUI started with -z foxess,summary prints it when it quits, from the same
# tap the GUI's dissection feeds.  It must equal tshark's, line for line,
# on the BMS Lost capture and on an EP capture (another variant, other
# rows).  An all-zero summary (a tap that missed the GUI's passes) fails.
#   usage: FOXESS_PLUGIN_DIR=... summary.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1"
tshark="$src/tests/tshark.sh"

for name in 02-bms-lost-30s 11b-ep-dual-unit; do
	cap=$(stage_capture "$src/test-captures/$name.pcap")
	"$tshark" -r "$cap" -q -z foxess,summary >"$stage/tshark.txt"
	ws_open "$cap" -z foxess,summary || {
		fail "$name: Wireshark did not open the capture"
		continue
	}
	ws_quit "$ws_main"
	check_stderr
	if ! grep -q '^Main polls: *[1-9]' "$stage/ws.out"; then
		fail "$name: the GUI's summary counts no main poll"
	fi
	if diff -u "$stage/tshark.txt" "$stage/ws.out" >"$stage/diff"; then
		echo "$name: GUI summary = tshark summary ($(wc -l <"$stage/ws.out") lines)"
	else
		fail "$name: GUI summary (+) differs from tshark's (-)"
		head -n 20 "$stage/diff"
	fi
done

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: -z foxess,summary equals tshark's"
