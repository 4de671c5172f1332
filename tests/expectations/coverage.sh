#!/bin/sh
# Every field the plugin registers (tshark -G fields: foxess.* and
# pylontech.*) must have an independent, hand-written expectation:
#   - a decoded field: a non-empty expected value in some
#     tests/expectations/*.expect file;
#   - an expert info: a hand-written "frame abbrev" line in some
#     tests/diagnostics/logs/*.experts or *.fires file, or an .expect value;
#   - or an entry of tests/expectations/allow-list with its reason
#     (generated bookkeeping only).  Stale allow-list entries fail too.
#   usage: FOXESS_PLUGIN_DIR=<build>/plugins coverage.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$here/../tshark.sh" -G fields |
	awk -F'\t' '$1 == "F" && $3 ~ /^(foxess|pylontech)\./ { print $3 }' |
	sort -u >"$work/registered"
if [ ! -s "$work/registered" ]; then
	echo "FAIL: tshark -G fields lists no foxess.* field (plugin not loaded?)" >&2
	exit 1
fi

# Fields asserted with a value (not only asserted absent).
awk '/^(@[0-9]+ )?[a-z_][a-z0-9_.]* = ./ {
	sub(/^@[0-9]+ /, "")
	print $1
}' "$here"/*.expect >"$work/covered"
cat "$here"/../diagnostics/logs/*.experts "$here"/../diagnostics/logs/*.fires 2>/dev/null |
	awk '$1 ~ /^[0-9]+$/ { print $2 }' >>"$work/covered"

# The allow-list: "field<spaces>reason", a reason required.
status=0
if ! awk '/^#/ || /^[ \t]*$/ { next }
	NF < 2 { printf "allow-list:%d: %s has no reason\n", NR, $1; bad = 1 }
	{ print $1 > "/dev/stdout" }
	END { exit bad }' "$here/allow-list" >"$work/allowed"; then
	status=1
fi
sort -u -o "$work/covered" "$work/covered"
sort -u -o "$work/allowed" "$work/allowed"

missing=$(sort -u "$work/covered" "$work/allowed" |
	comm -23 "$work/registered" -)
stale=$(comm -13 "$work/registered" "$work/allowed")
both=$(comm -12 "$work/covered" "$work/allowed")
for f in $missing; do
	echo "FAIL: $f has no hand-written expectation" \
		"(tests/expectations/*.expect, tests/diagnostics/logs/*.experts or *.fires)"
	status=1
done
for f in $stale; do
	echo "FAIL: allow-list names $f, which the plugin does not register"
	status=1
done
for f in $both; do
	echo "FAIL: allow-list names $f, which has an expectation: drop it"
	status=1
done
echo "$(wc -l <"$work/registered") fields registered," \
	"$(comm -12 "$work/registered" "$work/covered" | wc -l) with" \
	"hand-written expectations, $(wc -l <"$work/allowed") allow-listed," \
	"$(echo "$missing" | grep -c .) missing"
exit $status
