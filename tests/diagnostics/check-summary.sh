#!/bin/sh
# -z foxess,summary of a capture must match its reviewed golden file.
#   usage: check-summary.sh CAPTURE GOLDEN
set -eu
here=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$here/../tshark.sh" -r "$1" -q -z foxess,summary >"$out"
if ! diff -u "$2" "$out"; then
	echo "FAIL: summary of $1 differs from $2" >&2
	exit 1
fi
echo "ok: summary of $1 matches"
