#!/bin/sh
# Every foxess.* and pylontech.* name Wireshark knows from the plugin --
# fields and expert infos alike, both listed by `tshark -G fields` (4.0
# has no -G expert; an expert info is an FT_NONE entry) -- is written as
# `name` somewhere in docs/.
#   usage: FOXESS_PLUGIN_DIR=... registered-documented.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$src/tests/tshark.sh" -G fields |
	awk -F'\t' '$1 == "F" && $3 ~ /^(foxess|pylontech)\./ {
		print $3, ($4 == "FT_NONE" ? "expert info" : "field")
	}' | sort -u >"$tmp/registered"
cat "$src"/docs/*.md >"$tmp/docs"
missing=0
while read -r name what; do
	if ! grep -qF "\`$name\`" "$tmp/docs"; then
		echo "undocumented $what: $name"
		missing=$((missing + 1))
	fi
done <"$tmp/registered"
total=$(wc -l <"$tmp/registered")
[ "$total" -ge 200 ] || {
	echo "only $total names registered: is the plugin loaded?"
	exit 1
}
echo "$((total - missing)) of $total registered names documented in docs/"
[ "$missing" = 0 ]
