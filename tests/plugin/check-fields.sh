#!/bin/sh
# Decode CAPTURE with tshark + the plugin and compare the fields named in
# EXPECTED ("frame field value" lines) with what tshark prints.
#   usage: check-fields.sh CAPTURE EXPECTED [extra tshark options]
set -eu
capture=$1 expected=$2
shift 2
here=$(dirname "$0")
fields=$(grep -v '^#' "$expected" | awk 'NF { print $2 }' | sort -u)
args=""
for f in $fields; do
	args="$args -e $f"
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086
"$here/../tshark.sh" -r "$capture" "$@" -T fields -E occurrence=a \
	-E aggregator=, -E separator='|' -e frame.number $args >"$out"
echo "$fields" | awk -v expected="$expected" -v out="$out" '
	BEGIN {
		n = 0
	}
	{ col[$0] = ++n + 1 }
	END {
		FS = "|"
		while ((getline line < out) > 0) {
			split(line, f, "|")
			for (name in col)
				got[f[1], name] = f[col[name]]
		}
		FS = " "
		fail = pass = 0
		while ((getline line < expected) > 0) {
			if (line ~ /^#/ || line ~ /^[ \t]*$/)
				continue
			split(line, w, " ")
			want = line
			sub(/^[^ ]+ [^ ]+ /, "", want)
			have = got[w[1], w[2]]
			if (have == want) {
				pass++
			} else {
				fail++
				printf "FAIL frame %s %s: got \"%s\", want \"%s\"\n", w[1], w[2], have, want
			}
		}
		printf "%d passed, %d failed\n", pass, fail
		exit fail > 0
	}'
