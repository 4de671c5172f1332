#!/bin/sh
# Fail, showing the difference, when a capture's golden view changed.
#   usage: compare-golden.sh CAPTURE GOLDEN
set -eu
here=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$here/golden.sh" "$1" >"$out"
if ! diff -u "$2" "$out" >"$out.diff"; then
	head -60 "$out.diff"
	echo "golden output changed: review, then tests/plugin/update-goldens.sh"
	rm -f "$out.diff"
	exit 1
fi
rm -f "$out.diff"
echo "golden output matches ($(wc -l <"$2") lines)"
