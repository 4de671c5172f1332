#!/bin/sh
# Every filter name of the protocol table is a field tshark knows
# (tshark -G fields), i.e. the plugin registered the whole table.
#   usage: fields-registered.sh FIELDSDOC
set -eu
here=$(dirname "$0")
registered=$(mktemp)
trap 'rm -f "$registered"' EXIT
"$here/../tshark.sh" -G fields | awk -F'\t' '$1 == "F" { print $3 }' \
	| sort >"$registered"
missing=0 total=0
for abbrev in $("$1" --abbrevs); do
	total=$((total + 1))
	if ! grep -qx "$abbrev" "$registered"; then
		echo "not registered: $abbrev"
		missing=$((missing + 1))
	fi
done
echo "$((total - missing)) passed, $missing failed"
[ "$missing" = 0 ]
