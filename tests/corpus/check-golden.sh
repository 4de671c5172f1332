#!/bin/sh
# Compares the golden tshark output of one capture with test-captures/golden.
#   usage: FOXESS_PLUGIN_DIR=... check-golden.sh STEM
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
stem=$1
tmp=$(mktemp -d)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
"$here/goldens.sh" "$top/test-captures/$stem.pcap" \
	"$top/test-captures/$stem.truth.csv" "$tmp"
status=0
for kind in info fields detail ep; do
	golden="$top/test-captures/golden/$stem.$kind.txt"
	[ $kind = ep ] && [ ! -e "$golden" ] && [ ! -e "$tmp/$stem.ep.txt" ] &&
		continue
	if ! diff -u "$golden" "$tmp/$stem.$kind.txt" >"$tmp/diff"; then
		echo "FAIL: $stem.$kind.txt differs from the golden" \
			"($(grep -c '^[-+][^-+]' "$tmp/diff") lines); head of the diff:"
		head -40 "$tmp/diff"
		status=1
	fi
done
[ $status = 0 ] && echo "ok: $stem goldens match"
exit $status
