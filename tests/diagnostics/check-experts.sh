#!/bin/sh
# The expert infos of a capture (two passes: every info on the frame it
# is about) must be exactly the expected "frame abbrev" list.
#   usage: check-experts.sh CAPTURE EXPECTED
set -eu
here=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$here/experts.sh" "$1" -2 >"$out"
if ! diff -u "$2" "$out"; then
	echo "FAIL: expert infos of $1 differ from $2" >&2
	exit 1
fi
echo "ok: $(wc -l <"$out") expert infos as expected"
