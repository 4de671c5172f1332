#!/bin/sh
# Statistics > FoxESS Link Summary in the real Wireshark GUI: the menu
# entry opens a text window whose text, copied from the window, equals
# tshark -z foxess,summary line for line, on the BMS Lost capture and on a
# two-bus pcapng (a section per bus).  Closing the window and opening it
# again gives the same text (its taps were removed and started afresh: a
# leftover listener crashes the retap, a summary that is not reset counts
# every frame twice); Wireshark quits cleanly with the window open and
# writes nothing to stderr.
# Screenshot: OUTDIR/summary-window.png (the BMS Lost capture's summary).
#   usage: FOXESS_PLUGIN_DIR=... summary-window.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1" "$2"
tshark="$src/tests/tshark.sh"

# open_summary: Statistics > FoxESS Link Summary; prints the window id.
# No mnemonic reaches it: the Statistics menu has eight entries above its
# separator (nine from Wireshark 4.6 on, which adds Plots), then "DHCP
# (BOOTP) Statistics", then this one (the protocols' entries sort by
# name).  A wrong count opens another window and the wait for the title
# fails, naming the windows there are.
downs="Down Down Down Down Down Down Down Down Down"
case $(wireshark -v 2>/dev/null | sed -n '1s/^Wireshark \([0-9]*\.[0-9]*\).*/\1/p') in
4.[0-5]) ;;
*) downs="$downs Down" ;;
esac
open_summary() {
	open_menu "$ws_main" alt+s Statistics || return 1
	xdotool key $downs Return
	w=$(wait_title "FoxESS link summary") || return 1
	wait_idle
	echo "$w"
}

for cap in test-captures/02-bms-lost-30s.pcap \
	test-captures/multibus/20-healthy-and-bms-lost.pcapng; do
	name=$(basename "$cap")
	cap=$(stage_capture "$src/$cap")
	"$tshark" -r "$cap" -q -z foxess,summary >"$stage/tshark.txt"
	ws_open "$cap" || {
		fail "$name: Wireshark did not open the capture"
		continue
	}
	for round in first again; do
		win=$(open_summary) || {
			fail "$name: no summary window ($round)"
			break
		}
		# Wide enough that no summary line wraps.
		xdotool windowsize "$win" 1150 900 windowmove "$win" 200 40
		wait_idle
		if [ "$round" = first ] && [ "$name" = 02-bms-lost-30s.pcap ]; then
			stable_screenshot "$outdir/summary-window.png"
		fi
		summary_text "$win" "$stage/window.txt" || {
			fail "$name: could not copy the window's text ($round)"
			break
		}
		if ! grep -q '^Main polls: *[1-9]' "$stage/window.txt"; then
			fail "$name: the window's summary counts no main poll ($round)"
		fi
		same_summary "$name ($round)"
		# Close it the first time; leave it open for the quit.
		if [ "$round" = first ]; then
			close_window "$win" "FoxESS link summary" \
				"$name: summary"
		fi
	done
	ws_quit "$ws_main"
	[ "$ws_status" = 0 ] ||
		fail "$name: Wireshark exited with status $ws_status"
	check_stderr
done

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: Statistics > FoxESS Link Summary shows tshark's summary"
