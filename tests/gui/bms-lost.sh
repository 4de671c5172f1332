#!/bin/sh
# The real Wireshark GUI (Xvfb) with the FoxESS profile on the BMS Lost
# capture of the corpus:
#   - the row of the frame tshark reports as BMS Lost has a red background
#     and the ordinary FoxESS rows around it are light (the profile's
#     colouring rules as Wireshark's packet list draws them);
#   - Analyze > Expert Information (opened with -z expert) shows one row
#     per registered expert info of each severity, as tshark's dissection
#     of the same file has them (Error red, Warning yellow, Note cyan: the
#     dialog's own colours);
#   - the columns have the profile's widths (Wireshark's own record);
#   - Wireshark writes nothing to stderr.
# Screenshots: OUTDIR/bms-lost-expert.png (dialog over the list),
# OUTDIR/bms-lost-list.png, OUTDIR/bms-lost-tree.png (its tree expanded).
#   usage: FOXESS_PLUGIN_DIR=... bms-lost.sh SOURCE_DIR OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gui_init "$1" "$2"
tshark="$src/tests/tshark.sh"
name=02-bms-lost-30s
cap=$(stage_capture "$src/test-captures/$name.pcap")

# What tshark says: the BMS Lost frame, and per severity the registered
# expert infos (the Expert dialog groups by those).
lost=$("$tshark" -r "$cap" -2 -Y foxess.bms_lost -T fields \
	-e frame.number | head -n 1)
[ -n "$lost" ] || {
	echo "FAIL: tshark finds no foxess.bms_lost frame"
	exit 1
}
"$tshark" -r "$cap" -2 -T pdml -Y _ws.expert |
	awk '/<field name="_ws.expert"/ { want = 1; next }
	want && /<field name="/ { sub(/.*<field name="/, ""); sub(/".*/, ""); name = $0; want = 0 }
	/<field name="_ws.expert.severity"/ {
		sub(/.*Severity level: /, ""); sub(/".*/, ""); print $0, name
	}' | sort -u >"$stage/experts"
for sev in Error Warning Note Chat; do
	printf '%s %s\n' "$sev" "$(grep -c "^$sev " "$stage/experts" || true)"
done >"$stage/expected-rows"

# The row after the BMS Lost frame is selected, so the BMS Lost row shows
# its own colour just above the selection.  The dialog opens once the file
# is read, which is what the test waits for.
xdotool mousemove $((GUI_WIDTH - 1)) $((GUI_HEIGHT - 1))
ws_start -r "$cap" -g $((lost + 1)) -z expert
main=$(wait_title "^$name.pcap\$")
wait_title "Expert Information · $name.pcap" >/dev/null
wait_idle
# The packet list keeps repainting while the dialog comes up.
shot=$outdir/bms-lost-expert.png
stable_screenshot "$shot"

# Packet list rows left of the dialog: x 60-300 (time column), y below the
# column header down to the pane splitter.
line_colours "$shot" 60 100 240 420 | runs >"$stage/list-runs"
selected=$(awk '$5 > 150 && $3 < 100 { print NR; exit }' "$stage/list-runs")
if [ -z "$selected" ] || [ "$selected" -lt 2 ]; then
	fail "no selected row with a row above it in the packet list"
else
	awk -v n=$((selected - 1)) 'NR == n' "$stage/list-runs" >"$stage/lost-row"
	read -r first last r g b <"$stage/lost-row"
	[ "$r" -ge 150 ] && [ "$g" -le 60 ] && [ "$b" -le 60 ] ||
		fail "BMS Lost row (frame $lost) is rgb($r,$g,$b), not red"
	echo "BMS Lost row, frame $lost: rgb($r,$g,$b), $((last - first + 1)) px high"
fi
# Every other row: light (luma >= 170 of 255), so black text reads; the
# inverted rules of old drew them black.
awk -v s="$selected" -v l=$((selected - 1)) 'NR != s && NR != l &&
	$2 - $1 >= 8 && 0.299 * $3 + 0.587 * $4 + 0.114 * $5 < 170' \
	"$stage/list-runs" >"$stage/dark-rows"
[ ! -s "$stage/dark-rows" ] ||
	fail "dark rows in the packet list (first last r g b): $(cat "$stage/dark-rows")"
light=$(awk -v s="$selected" -v l=$((selected - 1)) 'NR != s && NR != l &&
	$3 >= 190 && $4 >= 190 && $5 >= 190 && !($3 == 255 && $4 == 255 && $5 == 255)' \
	"$stage/list-runs" | wc -l)
[ "$light" -ge 2 ] || fail "fewer than 2 light coloured (not white) row runs"

# Expert Information rows: x 400-800 (summary column), y 30-400.  The
# dialog colours a row by severity; count rows of each colour.
line_colours "$shot" 420 30 380 370 | runs | awk '
	function sev(r, g, b) {
		if (r > 200 && g < 140 && b < 140) return "Error"
		if (r > 200 && g > 200 && b < 140) return "Warning"
		if (r < 200 && g > 200 && b > 200) return "Note"
		return ""
	}
	sev($3, $4, $5) != "" { print sev($3, $4, $5), $2 - $1 + 1 }' \
	>"$stage/expert-runs"
row=$(awk 'NR == 1 { print $2 }' "$stage/expert-runs")
for sev in Error Warning Note; do
	want=$(awk -v s=$sev '$1 == s { print $2 }' "$stage/expected-rows")
	got=$(awk -v s=$sev -v h="${row:-1}" '$1 == s { px += $2 }
		END { printf "%d", (px + h / 2) / h }' "$stage/expert-runs")
	[ "$got" = "$want" ] ||
		fail "Expert dialog: $got $sev rows, tshark has $want registered $sev infos"
done
echo "Expert Information rows (severity, rows): $(grep -v ' 0$' \
	"$stage/expected-rows" | paste -sd, -)"

# The packet list alone (dialog closed), then the BMS Lost frame selected
# (Ctrl+G: go to packet) with its FoxESS subtree opened by a click on the
# tree's third row (Frame, CAN, FoxESS: 17 px rows from y = 548 at this
# window geometry).
xdotool windowfocus "$(wait_title "Expert Information")" key Escape
i=0
while xdotool search --onlyvisible --name "Expert Information" >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || break
	sleep 0.1
done
wait_idle
go_to() {
	xdotool windowfocus "$main" key ctrl+g
	xdotool type "$1"
	xdotool key Return
	wait_idle
}
# Qt marks the list's current row (the BMS Lost one after the dialog):
# a click on the last visible row moves it there, so the BMS Lost row
# shows its colour.
xdotool mousemove 600 520 click 1 mousemove $((GUI_WIDTH - 1)) $((GUI_HEIGHT - 1))
wait_idle
screenshot "$outdir/bms-lost-list.png"
go_to "$lost"
xdotool mousemove 10 582 click 1 mousemove $((GUI_WIDTH - 1)) $((GUI_HEIGHT - 1))
wait_idle
screenshot "$outdir/bms-lost-tree.png"

ws_quit "$main"
check_stderr
# Wireshark writes back the column widths it used: the profile's, so CAN
# ID ("0x100A001") and Protocol ("Pylontech") are not cut.
recent="$stage/config/profiles/FoxESS/recent"
grep -q '^ *"%Cus:foxess.id || pylontech.id", 85,$' "$recent" &&
	grep -q '^ *%p, 80,$' "$recent" ||
	fail "CAN ID / Protocol column widths not the profile's: $(grep -A4 '^column.width' "$recent" | paste -sd' ' -)"
[ "$gui_fail_count" = 0 ] || exit 1
echo "GUI: BMS Lost row red, other rows light, Expert dialog rows match tshark"
