#!/bin/sh
# "wireshark -r FILE -z foxess,summary[,FILTER]": the GUI opens the
# summary's window (as it opens a dialog for its own -z statistics), whose
# text, copied from the window, equals tshark -z foxess,summary line for
# line: on the BMS Lost capture, on an EP capture (another variant, other
# rows) and on the EP capture with a filter.  Before, the GUI started the
# statistic after reading the file and printed an empty summary on
# stdout unless another -z dialog happened to retap (and a partial one
# when that dialog was closed during its retap).  Nothing goes to stdout
# now; an all-zero summary fails.
#   usage: FOXESS_PLUGIN_DIR=... summary.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1"

for run in "02-bms-lost-30s foxess,summary" \
	"11b-ep-dual-unit foxess,summary" \
	"11b-ep-dual-unit foxess,summary,foxess.frame==\"pack\""; do
	name=${run%% *}
	z=${run#* }
	z_window "$src/test-captures/$name.pcap" "$z" \
		"FoxESS link summary" || {
		fail "$name -z $z: no summary window"
		continue
	}
	wait_idle
	summary_text "$win" "$stage/window.txt" ||
		fail "$name -z $z: could not copy the window's text"
	if ! grep -q '^Frames: *FoxESS [1-9]' "$stage/window.txt"; then
		fail "$name -z $z: the window's summary counts no FoxESS frame"
	fi
	same_summary "$name -z $z"
	quit_clean "$main" "$name"
done

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: -z foxess,summary opens a window with tshark's summary"
