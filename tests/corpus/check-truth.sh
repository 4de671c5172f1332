#!/bin/sh
# Ground truth against the real tshark + plugin, for one capture:
#  1. every value foxsim encoded at a checkpoint frame is what the plugin
#     decodes there (the generator is the oracle);
#  2. every event row sits on a frame that shows it, and for conditions a
#     single frame shows (charge inhibit, contactor open, error frame ...)
#     every frame that shows it has a row;
#  3. variant detection: EP from the ep_detected frame on, in one pass and
#     in two alike (frames before it keep H meanings, as the first pass
#     decoded them), never EP in a capture without that row.
#   usage: FOXESS_PLUGIN_DIR=... check-truth.sh STEM
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tshark="$here/../tshark.sh"
stem=$1
cap="$top/test-captures/$stem.pcap"
truth="$top/test-captures/$stem.truth.csv"
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# frame TAB event TAB details, details unquoted (they may hold commas).
awk 'NR > 1 {
	rest = $0
	for (i = 1; i <= 3; i++) {
		p = index(rest, ","); col[i] = substr(rest, 1, p - 1)
		rest = substr(rest, p + 1)
	}
	gsub(/^"|"$/, "", rest)
	print col[1] "\t" col[3] "\t" rest
}' "$truth" >"$tmp/rows"

# 1. Checkpoints ----------------------------------------------------------
awk -F'\t' '$2 == "checkpoint"' "$tmp/rows" >"$tmp/cp"
if [ -s "$tmp/cp" ]; then
	frames=$(cut -f1 "$tmp/cp" | sort -un | paste -sd, -)
	awk -F'\t' '{ n = split($3, kv, ";")
		for (i = 1; i <= n; i++) { sub(/=.*/, "", kv[i]); print kv[i] } }' \
		"$tmp/cp" | sort -u >"$tmp/keys"
	set --
	while read -r key; do
		set -- "$@" -e "$key"
	done <"$tmp/keys"
	"$tshark" -r "$cap" -Y "frame.number in {$frames}" -T fields \
		-E occurrence=a -E aggregator=, -e frame.number "$@" \
		>"$tmp/actual"
	awk -F'\t' -v keysfile="$tmp/keys" -v actualfile="$tmp/actual" '
	function hexval(s,   i, v) {
		v = 0; s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function isnum(s) {
		return s ~ /^-?[0-9]+(\.[0-9]+)?$/ || s ~ /^0x[0-9a-fA-F]+$/
	}
	function num(s) { return s ~ /^0x/ ? hexval(s) : s + 0 }
	# "May  9, 2024 09:00:15.000000000 UTC" -> "2024-05-09 09:00:15"
	function iso(s,   p, m) {
		split(s, p, /[ ,]+/)
		m = index("JanFebMarAprMayJunJulAugSepOctNovDec", p[1])
		return sprintf("%s-%02d-%02d %s", p[3], (m + 2) / 3, p[2],
			       substr(p[4], 1, 8))
	}
	function same(e, a,   ne, na, ee, aa, i, d) {
		ne = split(e, ee, ","); na = split(a, aa, ",")
		if (ne != na) return 0
		for (i = 1; i <= ne; i++) {
			if (isnum(ee[i]) && isnum(aa[i])) {
				d = num(ee[i]) - num(aa[i]); if (d < 0) d = -d
				if (d > 1e-6 * (1 + (num(ee[i]) < 0 ? -num(ee[i]) : num(ee[i]))))
					return 0
			} else if (ee[i] != aa[i]) return 0
		}
		return 1
	}
	BEGIN {
		while ((getline k < keysfile) > 0) col[k] = ++nk + 1
		while ((getline line < actualfile) > 0) {
			split(line, f, "\t")
			for (k in col) actual[f[1], k] = f[col[k]]
			seen[f[1]] = 1
		}
	}
	{
		if (!($1 in seen)) { print "FAIL: frame " $1 " not decoded"; bad++; next }
		n = split($3, kv, ";")
		for (i = 1; i <= n; i++) {
			p = index(kv[i], "="); k = substr(kv[i], 1, p - 1)
			e = substr(kv[i], p + 1); a = actual[$1, k]
			if (k == "foxess.request.clock") a = iso(a)
			checked++
			if (!same(e, a)) {
				if (bad++ < 20)
					printf "FAIL: frame %s %s: encoded %s, decoded \"%s\"\n", $1, k, e, a
			}
		}
	}
	END {
		printf "checkpoints: %d values checked, %d wrong\n", checked, bad
		exit bad > 0
	}' "$tmp/cp" || status=1
fi

# 2. Events ----------------------------------------------------------------
# One tshark pass prints the decoded fields; awk names, per frame, every
# condition the frame shows.  Mode "on": each row's frame shows the event;
# "exact": the frames that show it are exactly the rows.
"$tshark" -r "$cap" -T fields -E occurrence=f \
	-e frame.number -e can.flags.err -e can.flags.rtr -e can.flags.xtd \
	-e canfd.flags.brs -e foxess.id \
	-e foxess.request.opcode -e foxess.request.selector -e foxess.frame \
	-e foxess.cells.charge_inhibit -e foxess.cells.voltage_max \
	-e foxess.cells.voltage_min -e foxess.temps.max \
	-e foxess.module.temp_max -e foxess.status.contactor \
	-e foxess.info.pack_error -e foxess.state.error_code \
	-e foxess.flags.active_error -e foxess.malformed.short \
	-e foxess.unknown_id -e foxess.request.unknown_opcode \
	-e foxess.request.unknown_selector -e frame.protocols \
	-e foxess.pack.energy_nominal -e foxess.pack.soc \
	-e foxess.ep_stored.energy -e foxess.pack.current \
	-e foxess.ep_health.state |
	awk -F'\t' '
	function hexval(s,   i, v) {
		v = 0; s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function num(s) { return s ~ /^0x/ ? hexval(s) : s + 0 }
	function show(what) { print $1 "\t" what }
	# The inverter sends only the request (0x1871); every other known
	# FoxESS frame is the BMS talking.
	function bms_reply(frame) { return frame != "" && frame != "request" }
	# The EP main reply set (protocol-notes section 4), checked per poll
	# once a reply carried an EP-only ID.
	function in_range(id, a, b) { return id >= num(a) && id <= num(b) }
	function ep_only(id) {
		return in_range(id, "0x187A", "0x187B") || id == num("0x187F") ||
			in_range(id, "0x1900", "0x1919")
	}
	function ep_set_check(   id, miss) {
		if (!poll_ep) return
		for (id = num("0x1872"); id <= num("0x187B"); id++)
			if (!(id in got)) miss = 1
		if (!(num("0x187F") in got)) miss = 1
		for (id = num("0x1900"); id <= num("0x1909"); id++)
			if (!(id in got)) miss = 1
		if (miss) print poll "\t" "missing_frame"
	}
	{
		if (num($7) == 1 && $8 != "" && num($8) == 0) {
			ep_set_check()
			poll = $1; poll_ep = 0; delete got
		}
		if ($6 != "" && bms_reply($9)) {
			got[num($6)] = 1
			if (ep_only(num($6))) poll_ep = 1
		}
		if ($24 != "") { nominal = $24; soc = $25 }
		if ($27 != "") current = $27
		if ($26 != "" && nominal != "" && \
		    int($26 * 10 + 0.5) != int(int(nominal * 100 + 0.5) * soc / 1000))
			show("energy_mismatch")
		if (($28 == "1" && current < -1.0) || ($28 == "2" && current > 1.0))
			show("state_sign")
		if (num($7) == 1 && $8 != "" && num($8) == 0) show("main_poll")
		if (bms_reply($9)) show("bms_reply")
		if ($9 == "pack") show("pack")
		if ($9 == "status") show("status")
		if ($6 == "" && $4 == "0" && $2 != "1") show("standard")
		if ($10 == "1") show("charge_inhibit")
		if ($11 != "" && $11 - $12 > 30) show("cell_spread_high")
		if (($13 != "" && $13 > 50) || ($14 != "" && $14 > 50))
			show("over_temperature")
		if ($15 == "0") show("contactor_open")
		if ($16 != "" && num($16) != 0) show("pack_error")
		if ($17 != "" && num($17) != 0) show("error_code")
		if ($18 == "1") show("active_error")
		if ($2 == "1") show("error_frame")
		if ($3 == "1") show("rtr")
		if ($5 != "") show("canfd")
		if ($19 != "") show("malformed_short")
		if ($20 != "") show("unknown_id")
		if ($21 != "") show("unknown_opcode")
		if ($22 != "") show("unknown_selector")
		if ($23 ~ /(^|:)pylontech(:|$)/) show("pylontech_frame")
	}
	END { ep_set_check() }' >"$tmp/shows"

check_event() {
	event=$1 mode=$2 condition=$3
	awk -F'\t' -v e="$event" '$2 == e { print $1 }' "$tmp/rows" |
		sort -u >"$tmp/want"
	awk -F'\t' -v c="$condition" '$2 == c { print $1 }' "$tmp/shows" |
		sort -u >"$tmp/got"
	missing=$(comm -23 "$tmp/want" "$tmp/got" | head -5 | paste -sd' ' -)
	extra=$(comm -13 "$tmp/want" "$tmp/got" | head -5 | paste -sd' ' -)
	if [ -n "$missing" ]; then
		echo "FAIL: $event rows on frames that do not show it: $missing"
		status=1
	fi
	if [ "$mode" = exact ] && [ -n "$extra" ]; then
		echo "FAIL: frames showing $event without a row: $extra"
		status=1
	fi
	if [ -s "$tmp/want" ]; then
		echo "$event: $(wc -l <"$tmp/want") rows ($mode)"
	fi
	return 0
}
for event in unanswered_poll bms_lost never_answered truncated_burst \
	protocol_mismatch; do
	check_event $event on main_poll
done
check_event link_restored on bms_reply
check_event duplicate_burst on bms_reply
check_event overcurrent on pack
check_event packs_missing on status
check_event garbage on standard
check_event missing_frame exact missing_frame
check_event energy_mismatch exact energy_mismatch
check_event state_sign exact state_sign
for event in charge_inhibit cell_spread_high over_temperature \
	contactor_open pack_error error_code active_error error_frame rtr \
	canfd malformed_short unknown_id unknown_opcode unknown_selector \
	pylontech_frame; do
	check_event $event exact $event
done

known='checkpoint unanswered_poll bms_lost never_answered truncated_burst
protocol_mismatch link_restored duplicate_burst overcurrent packs_missing
garbage charge_inhibit cell_spread_high over_temperature contactor_open
pack_error error_code active_error error_frame rtr canfd malformed_short
unknown_id unknown_opcode unknown_selector pylontech_frame missing_frame
energy_mismatch state_sign ep_detected'
for event in $(cut -f2 "$tmp/rows" | sort -u); do
	case " $(echo $known) " in
	*" $event "*) ;;
	*)
		echo "FAIL: event $event has no check in check-truth.sh"
		status=1
		;;
	esac
done
# 3. Variant ---------------------------------------------------------------
# foxess.variant: 2 = EP.  Unknown until the first cue, EP from it on, in
# one pass and in two (placement rule, docs/diagnostics.md).
ep_frame=$(awk -F'\t' '$2 == "ep_detected" { print $1 }' "$tmp/rows")
"$tshark" -r "$cap" -Y foxess -T fields -e frame.number -e foxess.variant \
	>"$tmp/variant1"
"$tshark" -r "$cap" -2 -Y foxess -T fields -e frame.number \
	-e foxess.variant >"$tmp/variant2"
if [ -n "$ep_frame" ]; then
	bad=$(awk -F'\t' -v f="$ep_frame" '($1 < f && $2 != 0) ||
		($1 >= f && $2 != 2)' "$tmp/variant1" | head -3 | paste -sd' ' -)
	bad2=$(awk -F'\t' -v f="$ep_frame" '($1 < f && $2 != 0) ||
		($1 >= f && $2 != 2)' "$tmp/variant2" | head -3 | paste -sd' ' -)
	echo "variant: EP from frame $ep_frame (one pass and two)"
else
	bad=$(awk -F'\t' '$2 == 2' "$tmp/variant1" | head -3 | paste -sd' ' -)
	bad2=$(awk -F'\t' '$2 == 2' "$tmp/variant2" | head -3 | paste -sd' ' -)
fi
if [ -n "$bad$bad2" ]; then
	echo "FAIL: wrong variant: one pass: $bad; two passes: $bad2"
	status=1
fi

[ $status = 0 ] && echo "ok: $stem ground truth"
exit $status
