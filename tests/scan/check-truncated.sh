#!/bin/sh
# A pcap cut in the middle of a record: one line on stderr naming the file,
# exit status 1, and the summary of every frame before the cut -- exactly
# tshark's summary of the same frames cut cleanly by editcap.  A missing
# file next to it is named too, and the good file after both is still
# summarised.
#   usage: check-truncated.sh FOXESS-SCAN CAPTURE.pcap
set -eu
here=$(dirname "$0")
scan=$1 cap=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

size=$(stat -c %s "$cap")
head -c $((size - 5)) "$cap" >"$dir/cut.pcap"
total=$(capinfos -Mc "$cap" | sed -n 's/^Number of packets: *//p')
kept=$((total - 1))
editcap -F pcap -r "$cap" "$dir/clean.pcap" "1-$kept"
"$here/../tshark.sh" -r "$dir/clean.pcap" -q -z foxess,summary \
	>"$dir/expected"

status=0
"$scan" "$dir/cut.pcap" "$dir/missing.pcap" "$cap" >"$dir/out" \
	2>"$dir/err" || status=$?
[ "$status" = 1 ] || {
	echo "FAIL: exit status $status, not 1" >&2
	exit 1
}
[ "$(grep -c '' "$dir/err")" = 2 ] &&
	grep -q "^foxess-scan: $dir/cut.pcap: truncated: frame $total " \
		"$dir/err" &&
	grep -q "^foxess-scan: $dir/missing.pcap: cannot open" "$dir/err" || {
	echo "FAIL: not one line per bad file naming it:" >&2
	cat "$dir/err" >&2
	exit 1
}
# The output: "==> file <==" then its summary, per readable file.
sed -n "\\|^==> $dir/cut.pcap <==\$|,\\|^==> |p" "$dir/out" |
	sed '1d;$d' >"$dir/got"
diff -u "$dir/expected" "$dir/got" || {
	echo "FAIL: frames before the cut not summarised as tshark does" >&2
	exit 1
}
grep -q "$kept frames\$" "$dir/got"
tail -n +2 "$dir/out" | grep -q "^==> $cap <==" || {
	echo "FAIL: the good file after the bad ones was not summarised" >&2
	exit 1
}
echo "ok: truncated $cap: $kept frames before the cut, as tshark; error named"
