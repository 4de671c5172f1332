#!/bin/sh
# The four thresholds that take decimals or a sign (temp_min, temp_max,
# current_margin, current_deadband) are text preferences: Wireshark has no
# decimal type.  A good value takes effect to the decimal; a bad one is
# reported on stderr, once, naming the preference and the text, and the
# default stays in effect with the capture still decoded.
#   usage: FOXESS_PLUGIN_DIR=... check-prefs.sh CAPTURE (02-bms-lost-30s)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tshark="$here/../tshark.sh"
cap=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() {
	echo "FAIL: $*"
	fail=1
}

# count PREF:VALUE: frames with a temperature diagnosis; stderr kept.
count() {
	"$tshark" -r "$cap" -o "$1" -Y foxess.temperature 2>"$work/err" |
		wc -l
}

# The capture's cells reach 22-23.3 degC: a maximum of 22.9 flags more
# frames than 23 and fewer than 22 (a value cut or rounded to an integer
# flags as many as one of them), and the default 50 flags none.
n_default=$("$tshark" -r "$cap" -Y foxess.temperature | wc -l)
n_23=$(count foxess.temp_max:23)
n_22=$(count foxess.temp_max:22)
n_22_9=$(count foxess.temp_max:22.9)
[ -s "$work/err" ] && failed "temp_max:22.9 reported: $(cat "$work/err")"
verdict="temp_max: default $n_default, 23 -> $n_23, 22.9 -> $n_22_9, 22 -> $n_22 frames flagged"
if [ "$n_default" = 0 ] && [ "$n_23" -gt 0 ] && [ "$n_22_9" -gt "$n_23" ] &&
	[ "$n_22" -gt "$n_22_9" ]; then
	echo "$verdict"
else
	failed "$verdict"
fi
# The minimum may be negative; the cells' lowest, 19.9 degC, is below 20.5.
n_neg=$(count "foxess.temp_min:-20.5")
[ -s "$work/err" ] && failed "temp_min:-20.5 (negative) reported: $(cat "$work/err")"
n_20_5=$(count "foxess.temp_min:20.5")
if [ "$n_neg" = 0 ] && [ "$n_20_5" -gt 0 ]; then
	echo "temp_min: -20.5 -> $n_neg, 20.5 -> $n_20_5 frames flagged"
else
	failed "temp_min: -20.5 -> $n_neg, 20.5 -> $n_20_5 frames flagged"
fi

frames=$("$tshark" -r "$cap" | wc -l)
while IFS='|' read -r pref value want; do
	got=$("$tshark" -r "$cap" -o "foxess.$pref:$value" -Y foxess.temperature 2>"$work/err" |
		wc -l)
	all=$("$tshark" -r "$cap" -o "foxess.$pref:$value" 2>/dev/null | wc -l)
	line="tshark: Invalid value \"$value\" for preference foxess.$pref: expected a number$want"
	if [ "$(cat "$work/err")" != "$line" ]; then
		failed "foxess.$pref:'$value': stderr is not the one line"
		echo "  want: $line"
		echo "  got:  $(cat "$work/err")"
	elif [ "$got" != "$n_default" ] || [ "$all" != "$frames" ]; then
		failed "foxess.$pref:'$value': $got flagged (default $n_default), $all of $frames frames decoded"
	else
		echo "foxess.$pref:'$value': reported, default kept"
	fi
done <<EOF2
temp_min|abc| (°C); using -10 °C
temp_max|12abc| (°C); using 50 °C
temp_max|nan| (°C); using 50 °C
temp_max|1e999| (°C); using 50 °C
temp_max|| (°C); using 50 °C
current_margin|-0.5|, 0 or more (A); using 0 A
current_deadband|1,5|, 0 or more (A); using 1 A
EOF2

[ "$fail" = 0 ] || exit 1
echo "text preferences: decimals take effect, bad values are reported"
