#!/bin/sh
# Expert infos of a corpus scenario must be exactly those its ground truth
# (test-captures/STEM.truth.csv, written by foxsim) implies: each injected
# event at its frame, and nothing anywhere else, in one pass and in two.
#
# The plugin shows a diagnosis on the frame where it became certain
# (docs/diagnostics.md, placement rule), and foxsim writes most truth rows
# there (foreign traffic at the 5th standard frame within a second, the
# sign convention at the inverter's 0x07 measurement).  A truth row about
# a main poll (unanswered, BMS Lost, incomplete reply set, protocol
# mismatch) names the poll, so its frame is worked out here, independently
# of the plugin, from the frames themselves: the first later frame of the
# same bus (capture interface) that is past the 500 ms reply window, or
# the next main poll of that bus, whichever comes first.  CAN error frames
# do not count: they never reach the plugin.
#   usage: check-truth.sh CAPTURE TRUTH_CSV
set -eu
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# truth event -> expert info (docs/diagnostics.md has the table)
awk -F, 'NR > 1 {
	ev = $3; d = $0
	if (ev == "unanswered_poll") e = "foxess.poll.unanswered"
	else if (ev == "bms_lost") e = "foxess.bms_lost"
	else if (ev == "never_answered") e = "foxess.bms_never_answered"
	else if (ev == "link_restored") e = "foxess.link_restored"
	else if (ev == "truncated_burst" || ev == "missing_frame")
		e = "foxess.burst.incomplete"
	else if (ev == "energy_mismatch") e = "foxess.energy_mismatch"
	else if (ev == "state_sign") e = "foxess.sign.state"
	else if (ev == "duplicate_burst") e = "foxess.burst.duplicate"
	else if (ev == "protocol_mismatch") e = "foxess.protocol_mismatch"
	else if (ev == "foreign_traffic") e = "foxess.foreign_traffic"
	else if (ev == "counter_reset") e = "foxess.counter_reset"
	else if (ev == "cell_sum_mismatch") e = "foxess.cell_sum"
	else if (ev == "sign_convention") e = "foxess.sign.convention"
	else if (ev == "charge_inhibit") {
		match(d, /soc=[0-9]+/)
		e = substr(d, RSTART + 4, RLENGTH - 4) + 0 >= 95 ? \
			"foxess.charge_inhibit.full" : "foxess.charge_inhibit"
	} else if (ev == "cell_spread_high") e = "foxess.cell_spread"
	else if (ev == "over_temperature") e = "foxess.temperature"
	else if (ev == "overcurrent")
		e = d ~ /current=-/ ? "foxess.limit.discharge_current" : \
			"foxess.limit.charge_current"
	else if (ev == "pack_error") e = "foxess.pack_error"
	else if (ev == "packs_missing") e = "foxess.packs_missing"
	else if (ev == "contactor_open")
		e = d ~ /reason=fault/ ? "foxess.contactor_open" : ""
	else if (ev == "error_code") e = "foxess.error_bits"
	else if (ev == "active_error") e = "foxess.active_error"
	else if (ev == "malformed_short") e = "foxess.malformed.short"
	else if (ev == "unknown_id") e = "foxess.unknown_id"
	else if (ev == "unknown_opcode") e = "foxess.request.unknown_opcode"
	else if (ev == "unknown_selector") e = "foxess.request.unknown_selector"
	else if (ev == "canfd") {
		print $1, "foxess.can_fd"
		e = "foxess.malformed.long"
	} else e = ""	# checkpoint, error_frame, rtr, garbage,
			# pylontech_frame, ep_detected, not_pylontech: no info
	if (e != "")
		print $1, e
}' "$2" >"$tmp/truth"

# frame, time, bus, error frame, main poll
"$here/../tshark.sh" -r "$1" -T fields -E separator=, -e frame.number \
	-e frame.time_epoch -e frame.interface_id -e can.flags.err \
	-e foxess.request.opcode -e foxess.request.selector >"$tmp/frames"
awk -F, 'NR == FNR {
	n = $1; t[n] = $2; bus[n] = $3; err[n] = ($4 == "1" || $4 == "True")
	poll[n] = ($5 == "0x01" && $6 == "0x00")
	last = n; next
}
function certain(f,   k) {
	for (k = f + 1; k <= last; k++) {
		if (bus[k] != bus[f] || err[k])
			continue
		if (poll[k] || t[k] - t[f] > 0.5)
			return k
	}
	return 0	# the capture ends first: never certain
}
{
	f = $1
	if ($2 ~ /^foxess\.(poll\.unanswered|bms_lost|bms_never_answered|burst\.incomplete|protocol_mismatch)$/)
		f = certain(f)
	if (f)
		print f, $2
}' "$tmp/frames" FS=' ' "$tmp/truth" | sort >"$tmp/want"
status=0
for passes in "" -2; do
	"$here/experts.sh" "$1" $passes | sort >"$tmp/got"
	if ! diff -u "$tmp/want" "$tmp/got"; then
		echo "FAIL: expert infos of $1 ${passes:+(two passes) }differ" \
			"from its ground truth" >&2
		status=1
	fi
done
[ $status = 0 ] || exit 1
echo "ok: $(wc -l <"$tmp/want") expert infos at their ground-truth frames," \
	"one pass and two"
