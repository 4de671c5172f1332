#!/bin/sh
# The packet list of the real Wireshark GUI under a display filter given
# at start (-Y) against tshark's answer for the same filter.  The GUI's
# list is read back through File > Export Packet Dissections > As Plain
# Text (displayed packets): frame numbers and Info column.  tshark runs
# with -2, so its filter sees what the packet tree shows when a frame is
# selected; a frame in the list whose tree lacks the filtered field (the
# filter-and-tree disagreement of a first-pass-only verdict) fails here.
# Filters: the profile's BMS Lost and Unanswered buttons on the BMS Lost
# capture, and a plain field filter on a charge-inhibit capture.
# Screenshots: OUTDIR/filter-bms-lost.png, OUTDIR/filter-unanswered.png.
#   usage: FOXESS_PLUGIN_DIR=... filter.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1" "$2"
tshark="$src/tests/tshark.sh"

# check_filter CAPTURE FILTER [SCREENSHOT-NAME]
check_filter() {
	name=$(basename "$1" .pcap)
	cap=$(stage_capture "$1")
	out="$stage/out/$name-$(echo "$2" | cksum | cut -d' ' -f1).txt"
	"$tshark" -r "$cap" -2 -Y "$2" -T fields -E separator='|' \
		-e frame.number -e _ws.col.Info >"$stage/tshark.txt"
	ws_open "$cap" -Y "$2" || {
		fail "$name, '$2': Wireshark did not open the capture"
		return
	}
	[ -z "${3:-}" ] || screenshot "$outdir/$3.png"
	export_text "$ws_main" "$out" || fail "$name, '$2': export failed"
	ws_quit "$ws_main"
	check_stderr
	# Summary lines: the line after each "No. ..." heading; Info starts
	# where the heading's "Info" does.
	awk '/^No\. / { col = index($0, "Info"); getline
		n = $1; info = substr($0, col); sub(/ +$/, "", info)
		print n "|" info }' "$out" >"$stage/gui.txt"
	if cmp -s "$stage/tshark.txt" "$stage/gui.txt"; then
		echo "$name, '$2': GUI lists the $(wc -l <"$stage/gui.txt") frames tshark -2 finds, same Info"
	else
		fail "$name, '$2': GUI list (+) differs from tshark -2 (-):"
		diff "$stage/tshark.txt" "$stage/gui.txt" | head -n 10
	fi
	[ -s "$stage/tshark.txt" ] || fail "$name, '$2': tshark finds no frame"
}

check_filter "$src/test-captures/05b-charge-inhibit-60.pcap" \
	"foxess.cells.charge_inhibit == 1"
buttons="$src/profile/FoxESS/dfilter_buttons"
for label in "BMS Lost" "Unanswered"; do
	f=$(sed -n "s/^\"TRUE\",\"$label\",\"\\([^\"]*\\)\".*/\\1/p" "$buttons")
	[ -n "$f" ] || fail "no filter button '$label'"
	check_filter "$src/test-captures/02-bms-lost-30s.pcap" "$f" \
		"filter-$(echo "$label" | tr 'A-Z ' 'a-z-')"
done

[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: the packet list under -Y matches tshark -2 for every filter"
