#!/bin/sh
# Statistics > FoxESS > Link in the real Wireshark GUI: "FoxESS" is a
# submenu (opening it with Right shows one more popup) whose entry opens
# the stats tree window, titled "Link" by Wireshark 4.0 and "FoxESS /
# Link" by 4.2 and later, and the tree copied from that window (its Copy
# button) is tshark -z foxess,tree's of the same Wireshark, row for row.
# Catches a menu path in the other version's form: 4.0 splits the path at
# "/", 4.4 and 4.6 at "//" and show "FoxESS/Link" as a single entry, on
# which Right moves on to the Telephony menu and the title check fails.
# Screenshots: OUTDIR/stats-menu.png (the open submenu) and
# OUTDIR/stats-tree.png (the Link window).
#   usage: FOXESS_PLUGIN_DIR=... stats-menu.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1" "$2"
name=02-bms-lost-30s.pcap
cap=$(stage_capture "$src/test-captures/$name")

# The protocols' stats trees end the Statistics menu, sorted by name, and
# Up from its first entry wraps round to the last: FoxESS is the last one
# up to 4.4; 4.6 adds "ILNP Statistics" after it.
version=$(wireshark -v 2>/dev/null |
	sed -n '1s/^Wireshark \([0-9]*\.[0-9]*\).*/\1/p')
case $version in
4.[01]) ups=Up title=Link ;;
4.[2-5]) ups=Up title="FoxESS / Link" ;;
*) ups="Up Up" title="FoxESS / Link" ;;
esac

# tree_rows FILE: the rows of a stats tree printed as text, each prefixed
# by the names of its ancestors and sorted: the tree without its sibling
# order (4.4's window sorts by name, descending; tshark keeps its own).
tree_rows() {
	awk '/^-+$/ { rows = 1; next }
	rows && NF {
		match($0, /^ */)
		depth = RLENGTH
		label = substr($0, depth + 1)
		sub(/  +.*/, "", label)
		path[depth] = label
		prefix = ""
		for (d = 0; d < depth; d++)
			prefix = prefix path[d] " > "
		print prefix $0
	}' "$1" | sort
}

as_user env -i PATH=/usr/bin:/bin TZ=UTC LC_ALL=C.UTF-8 HOME="$stage/home" \
	WIRESHARK_CONFIG_DIR="$stage/config" \
	WIRESHARK_PLUGIN_DIR="$stage/plugins" \
	tshark -C FoxESS -r "$cap" -q -z foxess,tree >"$stage/tshark.txt" \
	2>"$stage/tshark.err" || fail "tshark -z foxess,tree: $(cat "$stage/tshark.err")"

ws_open "$cap" || {
	fail "Wireshark did not open $name"
	exit 1
}
main_only=$(visible_windows)
xdotool windowfocus "$ws_main" key alt+s $ups
popups_become $((main_only + 1)) || fail "the Statistics menu did not open"
xdotool key Right
if popups_become $((main_only + 2)); then
	stable_screenshot "$outdir/stats-menu.png"
else
	fail "Statistics > FoxESS is not a submenu (Wireshark $version)"
	screenshot "$outdir/stats-menu.png"
fi
xdotool key Return
if win=$(wait_title "^Wireshark · $title · $name\$" 30); then
	xdotool windowsize "$win" 1000 660 windowmove "$win" 150 40
	wait_idle
	stable_screenshot "$outdir/stats-tree.png"
	# Tab from the tree: display filter, Apply, then Copy.
	if clipboard_text "$win" "$stage/window.txt" "Tab Tab Tab space"; then
		if ! grep -q '^FoxESS frames by type  *[1-9]' "$stage/window.txt"; then
			fail "the Link window counts no FoxESS frame"
		fi
		tree_rows "$stage/tshark.txt" >"$stage/tshark.rows"
		tree_rows "$stage/window.txt" >"$stage/window.rows"
		if diff -u "$stage/tshark.rows" "$stage/window.rows" \
			>"$stage/diff"; then
			echo "Link window = tshark -z foxess,tree" \
				"($(wc -l <"$stage/window.rows") rows)"
		else
			fail "the Link window's tree (+) differs from tshark's (-)"
			head -n 20 "$stage/diff"
		fi
	else
		fail "could not copy the Link window's tree"
	fi
else
	fail "Statistics > FoxESS > Link opened no '$title' window"
fi
ws_quit "$ws_main"
[ "$ws_status" = 0 ] || fail "Wireshark exited with status $ws_status"
check_stderr

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: Statistics > FoxESS > Link opens \"$title\" with tshark's tree (Wireshark $version)"
