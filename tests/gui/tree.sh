#!/bin/sh
# "wireshark -r FILE -z foxess,tree[,FILTER]": the GUI refused it
# ("Invalid -z argument") though tshark takes it and the Statistics menu
# has the tree.  Now it opens a text window whose text, copied from the
# window, is tshark -q -z foxess,tree byte for byte (Wireshark's own text
# form of a stats tree), on the BMS Lost capture (whose tree must count
# its one BMS Lost) and with a filter (fewer frames); closing the window
# removes its listener (a leftover one would be fed by the next retap).
#   usage: FOXESS_PLUGIN_DIR=... tree.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1"
title="FoxESS link statistics"

for z in "foxess,tree" "foxess,tree,frame.number <= 600"; do
	name=02-bms-lost-30s
	z_window "$src/test-captures/$name.pcap" "$z" "$title" || {
		fail "-z $z: no window"
		continue
	}
	wait_idle
	xdotool windowsize "$win" 1500 900
	summary_text "$win" "$stage/window.txt" '^FoxESS frames by type' ||
		fail "-z $z: could not copy the window's text"
	case $z in
	*,frame*)
		grep -q '^FoxESS frames by type  *[1-9][0-9]\{0,2\} ' \
			"$stage/window.txt" ||
			fail "-z $z: the filter did not leave fewer than 1000 frames"
		;;
	*)
		grep -q '^ BMS Lost: consecutive main polls unanswered  *1 ' \
			"$stage/window.txt" ||
			fail "-z $z: the tree does not count the one BMS Lost"
		;;
	esac
	same_summary "-z $z"
	close_window "$win" "$title" "-z $z"
	quit_clean "$main" "-z $z"
done

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: -z foxess,tree opens a window with tshark's tree"
