#!/bin/sh
# A bad decimal threshold in the real Wireshark GUI: started with
# -o foxess.temp_min:abc, Wireshark shows an error box (its text is
# report_failure()'s, which tshark prints and diagnostics.prefs checks
# word for word; Qt's box offers no way to copy it: look at the
# screenshot), and once it is dismissed reads the capture.  With a good
# negative decimal (-5.5) no box comes.
# Screenshot: OUTDIR/prefs-error.png.
#   usage: FOXESS_PLUGIN_DIR=... prefs.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1" "$2"
name=02-bms-lost-30s
cap=$(stage_capture "$src/test-captures/$name.pcap")

# error_box [TRIES]: the id of Wireshark's message box, titled "Wireshark" (the
# main window is "The Wireshark Network Analyzer" until a file is read).
# xdotool's search by name misses it: its title is only in _NET_WM_NAME.
error_box() {
	i=0
	while [ "$i" -lt "${1:-600}" ]; do
		for w in $(xdotool search --onlyvisible --class wireshark 2>/dev/null); do
			if [ "$(xdotool getwindowname "$w")" = Wireshark ]; then
				echo "$w"
				return 0
			fi
		done
		ws_alive || return 1
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

ws_start -r "$cap" -o foxess.temp_min:abc
box=$(error_box) || {
	echo "FAIL: no error box for foxess.temp_min:abc"
	screenshot "$outdir/prefs-error.png"
	exit 1
}
wait_idle
stable_screenshot "$outdir/prefs-error.png"
xdotool windowfocus "$box" key Return
main=$(wait_title "^$name.pcap\$") || {
	fail "the capture was not read after the error box"
	exit 1
}
wait_idle
ws_quit "$main"
[ "$ws_status" = 0 ] || fail "Wireshark exited with status $ws_status"
check_stderr
echo "foxess.temp_min:abc: an error box, then the capture read"

ws_open "$cap" -o foxess.temp_min:-5.5 || fail "no capture read with -5.5"
if box=$(error_box 1); then
	fail "an error box for the good value foxess.temp_min:-5.5"
else
	echo "foxess.temp_min:-5.5: no error box"
fi
ws_quit "$ws_main"
check_stderr

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: a bad decimal preference is reported, a good one is not"
