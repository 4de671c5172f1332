#!/bin/sh
# A scenario of test-captures/mixed/ (several buses, or ground truth for
# diagnoses still to come), against the real tshark + plugin:
#  - no frame is called Pylontech, in one pass or two: none of these
#    captures has a Pylontech BMS, every 0x35x frame (truth rows
#    "not_pylontech") belongs to a vehicle battery;
#  - with "quiet": not a single expert info of any severity, in one pass
#    or two (a healthy FoxESS bus next to foreign buses);
#  - the golden tshark output of test-captures/mixed/golden/.
#   usage: FOXESS_PLUGIN_DIR=... check-mixed.sh STEM [quiet]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tshark="$here/../tshark.sh"
stem=$1
dir="$top/test-captures/mixed"
cap="$dir/$stem.pcapng"
tmp=$(mktemp -d)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
status=0
export TZ=UTC LC_ALL=C

rows=$(grep -c ',not_pylontech,' "$dir/$stem.truth.csv" || true)
for passes in "" -2; do
	claimed=$("$tshark" -r "$cap" $passes -Y pylontech -T fields \
		-e frame.number | head -5 | paste -sd' ' -)
	if [ -n "$claimed" ]; then
		echo "FAIL: $stem ${passes:-(one pass)}: Pylontech claimed at frames $claimed"
		status=1
	fi
	if [ "${2:-}" = quiet ]; then
		experts=$("$tshark" -r "$cap" $passes -Y _ws.expert -T fields \
			-e frame.number -e _ws.expert.message | head -5)
		if [ -n "$experts" ]; then
			echo "FAIL: $stem ${passes:-(one pass)}: expert infos:"
			echo "$experts"
			status=1
		fi
	fi
done
echo "claims: no Pylontech frame ($rows frames on 0x35x IDs)"

"$here/../corpus/goldens.sh" "$cap" "$dir/$stem.truth.csv" "$tmp"
for kind in info fields detail ep; do
	golden="$dir/golden/$stem.$kind.txt"
	[ -e "$golden" ] || [ -e "$tmp/$stem.$kind.txt" ] || continue
	if ! diff -u "$golden" "$tmp/$stem.$kind.txt" >"$tmp/diff"; then
		echo "FAIL: mixed/$stem.$kind.txt differs from the golden" \
			"(tests/corpus/update-goldens.sh); head of the diff:"
		head -40 "$tmp/diff"
		status=1
	fi
done
[ $status = 0 ] && echo "ok: mixed/$stem"
exit $status
